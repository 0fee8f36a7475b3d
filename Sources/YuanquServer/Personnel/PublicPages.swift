import Fluent
import Vapor
import YuanquKit

/// Pages that need no account: registration for open selection and public recruitment, a registrant's status, the notice.
enum PublicPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("public", "campaigns", ":token", permission: .public, use: { try await form($0, form: .empty) })
        r.post("public", "campaigns", ":token", permission: .public, use: submit)
        r.get(
            "public",
            "campaigns",
            ":token",
            "status",
            permission: .public,
            use: { try await statusPage($0, form: .empty, found: nil) }
        )
        r.post("public", "campaigns", ":token", "status", permission: .public, use: status)
        r.get(
            "public",
            "notices",
            ":token",
            permission: .public,
            use: { req in
                try await CampaignPages.noticePage(req, campaign: try await campaign(req))
            }
        )
    }

    static func campaign(_ req: Request) async throws -> Campaign {
        guard let token = req.parameters.get("token"), token.count < 64,
            let c = try await Campaign.query(on: req.db).filter(\.$publicToken == token).first()
        else { throw AppError.notFound }
        return c
    }

    static func form(_ req: Request, form f: FormState, status: HTTPResponseStatus = .ok, done: String? = nil) async throws -> Response {
        let c = try await campaign(req)
        guard c.kind.isOpen else { throw AppError.notFound }
        let (preSession, token) = try await FormTokens.issue(req)
        let m = try await PublicRegistrationPage.load(c, done: done, form: f, on: req.db)
        let res = Layout.render(
            request: req,
            title: req.lang.t("网上报名：", "Registration: ") + c.title,
            body: PublicViews.registration(m, ViewContext(lang: req.lang, csrfToken: token)),
            status: status
        )
        return SessionController.withPreSession(res, preSession, req: req)
    }

    static func submit(_ req: Request) async throws -> Response {
        let c = try await campaign(req)
        guard c.kind.isOpen else { throw AppError.notFound }
        let raw = try req.content.decode([String: String].self)
        guard try await req.allowPublicAttempt() else {
            throw AppError(.tooManyRequests, "rateLimited", Loc("提交过于频繁，请 10 分钟后再试", "Too many attempts: try again in ten minutes"))
        }
        let input = CandidateInput(
            personId: nil,
            name: raw["name"],
            gender: nil,
            birthDate: nil,
            phone: raw["phone"],
            residentId: raw["residentId"],
            education: raw["education"],
            origin: raw["origin"],
            formerEmployer: raw["formerEmployer"],
            postIds: [raw["postIds"] ?? ""]
        )
        let actor = Actor(
            userID: nil,
            username: "public",
            displayName: "网上报名 / online",
            role: .staff,
            zoneID: c.zoneID,
            unitID: nil,
            personID: nil,
            sessionID: nil,
            language: nil
        )
        let id = c.id!
        do {
            let code = try await Writes.perform(req.application, actor: actor) { db, trail in
                guard let c = try await Campaign.find(id, on: db) else { throw AppError.notFound }
                return try await CampaignService.addCandidate(
                    input,
                    to: c,
                    nomination: .publicRegistration,
                    actor: actor,
                    on: db,
                    trail: trail
                ).1
            }
            return try await form(req, form: .empty, done: code)
        } catch let e as AppError where e.status != .notFound {
            var values = raw
            values["_csrf"] = nil
            return try await form(req, form: FormState(error: e, values: values, fallbackField: "name"), status: e.status)
        }
    }

    static func statusPage(_ req: Request, form f: FormState, found: Candidate?, status: HTTPResponseStatus = .ok) async throws -> Response
    {
        let c = try await campaign(req)
        let (preSession, token) = try await FormTokens.issue(req)
        let m = try await PublicStatusPage.load(c, found: found, form: f, on: req.db)
        let res = Layout.render(
            request: req,
            title: req.lang.t("报名查询：", "Registration status: ") + c.title,
            body: PublicViews.status(m, ViewContext(lang: req.lang, csrfToken: token)),
            status: status
        )
        return SessionController.withPreSession(res, preSession, req: req)
    }

    static func status(_ req: Request) async throws -> Response {
        let c = try await campaign(req)
        let raw = try req.content.decode([String: String].self)
        guard try await req.allowPublicAttempt() else {
            throw AppError(.tooManyRequests, "rateLimited", Loc("查询过于频繁，请 10 分钟后再试", "Too many attempts: try again in ten minutes"))
        }
        let rid = (raw["residentId"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let code = (raw["code"] ?? "").trimmingCharacters(in: .whitespaces)
        let hash = Writes.sha256Hex(c.publicToken + code)
        if let cand = try await Candidate.query(on: req.db).filter(\.$campaignID == c.id!).filter(\.$residentID == rid).first(),
            let stored = cand.confirmationHash, constantTimeEqual(stored, hash)
        {
            return try await statusPage(req, form: .empty, found: cand)
        }
        let e = AppError.invalid("code", Loc("身份证号或查询码不正确", "Resident ID or code is wrong"))
        return try await statusPage(
            req,
            form: FormState(error: e, values: ["residentId": rid], fallbackField: "code"),
            found: nil,
            status: e.status
        )
    }
}
