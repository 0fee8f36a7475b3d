import Fluent
import Vapor
import YuanquKit

/// Counts attempts per client address in a sliding window, to keep the public pages from being flooded.
actor RateLimiter {
    private var hits: [String: [Date]] = [:]
    let limit: Int
    let window: TimeInterval
    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Records an attempt; answers false when the address has used up its attempts.
    func allow(_ key: String, now: Date = Date()) -> Bool {
        var list = (hits[key] ?? []).filter { now.timeIntervalSince($0) < window }
        guard list.count < limit else {
            hits[key] = list
            return false
        }
        list.append(now)
        hits[key] = list
        if hits.count > 10_000 { hits = hits.filter { !$0.value.isEmpty && now.timeIntervalSince($0.value.last!) < window } }
        return true
    }
}

struct PublicLimiterKey: StorageKey { typealias Value = RateLimiter }

extension Application {
    /// Ten public registrations or status look-ups per address every ten minutes.
    var publicLimiter: RateLimiter {
        if let l = storage[PublicLimiterKey.self] { return l }
        let l = RateLimiter(limit: 10, window: 600)
        storage[PublicLimiterKey.self] = l
        return l
    }
}

/// Pages that need no account: registration for open selection and public recruitment, a registrant's status, the notice.
enum PublicPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("public", "campaigns", ":token", permission: .public, use: { try await form($0, form: FormKit(lang: $0.lang)) })
        r.post("public", "campaigns", ":token", permission: .public, use: submit)
        r.get(
            "public",
            "campaigns",
            ":token",
            "status",
            permission: .public,
            use: { try await statusPage($0, form: FormKit(lang: $0.lang), found: nil) }
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

    static func form(_ req: Request, form f: FormKit, status: HTTPResponseStatus = .ok, done: String? = nil) async throws -> Response {
        let c = try await campaign(req)
        guard c.kind.isOpen else { throw AppError.notFound }
        let lang = req.lang
        let token = randomToken()
        let offers = try await CampaignService.posts(of: c, on: req.db)
        let posts = try await Post.query(on: req.db).filter(\.$id ~~ offers.map(\.postID)).all()
        let units = try await OrgQueries.unitNames(zone: c.zoneID, on: req.db)
        let zone = try await Zone.find(c.zoneID, on: req.db)
        let origins = Origin.allCases.filter { c.origins.contains($0) && $0 != .zoneStaff }
        let scheme = c.scoring
        var body: [HNode] = [
            el("p", [], txt((zone?.name ?? "") + " · " + lang.t(c.kind.label))),
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t("考核方式：面试（", "Assessment: interview (")
                        + scheme.items.map { "\($0.name) \($0.weight)%" }.joined(separator: lang.t("，", ", "))
                        + lang.t("）", ")")
                        + (scheme.writtenWeight > 0
                            ? lang.t("，笔试占总成绩 \(scheme.writtenWeight)%", "; written test \(scheme.writtenWeight)% of the total") : "")
                        + lang.t("。报名截止时间以本页关闭报名为准。", ". Registration closes when this page says so.")
                )
            ),
        ]
        if let code = done {
            body.append(
                el(
                    "div",
                    [("class", "alert alert-ok"), ("role", "status")],
                    [
                        el("p", [], txt(lang.t("报名已提交。请牢记您的查询码：", "Your registration is in. Keep your look-up code: "))),
                        el("p", [], el("strong", [("style", "font-size:28px;letter-spacing:4px")], txt(code))),
                        el(
                            "p",
                            [],
                            txt(lang.t("凭身份证号和查询码可查看资格审查结果。", "With your resident ID and this code you can see the result of the review.")),
                            txt(" "),
                            link(.publicStatus(c.publicToken), lang.t("查询报名状态", "Check my registration"))
                        ),
                    ]
                )
            )
        } else if c.stage != .registration {
            body.append(el("p", [("class", "alert alert-warn")], txt(lang.t("报名已截止。", "Registration has closed."))))
            body.append(el("p", [], link(.publicStatus(c.publicToken), lang.t("查询报名状态", "Check my registration"))))
        } else {
            body.append(
                el(
                    "form",
                    [("method", "post"), ("action", SiteURL.publicRegistration(c.publicToken).path), ("class", "card")],
                    [
                        void("input", [("type", "hidden"), ("name", "_csrf"), ("value", token)]),
                        f.summary(),
                        f.select(
                            "postIds",
                            lang.t("报考岗位", "Post"),
                            options: offers.compactMap { o in
                                posts.first { $0.id == o.postID }.map {
                                    (
                                        $0.id!.uuidString,
                                        (units[$0.unitID] ?? "") + "·" + $0.title + lang.t("（\(o.places) 名；", " (\(o.places); ")
                                            + CampaignViews.requirements(o, lang) + lang.t("）", ")")
                                    )
                                }
                            },
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        f.text("name", lang.t("姓名", "Name"), required: true),
                        f.text(
                            "residentId",
                            lang.t("身份证号", "Resident ID"),
                            required: true,
                            attributes: [("maxlength", "18"), ("autocomplete", "off")]
                        ),
                        f.text("phone", lang.t("手机号码", "Mobile phone"), required: true, type: "tel"),
                        f.select(
                            "education",
                            lang.t("学历", "Education"),
                            options: Education.options(lang),
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        f.select(
                            "origin",
                            lang.t("现工作单位类别", "Where you work now"),
                            options: origins.map { ($0.rawValue, lang.t($0.label)) },
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        f.text("formerEmployer", lang.t("现工作单位", "Current employer")),
                        el(
                            "p",
                            [("class", "hint")],
                            txt(
                                lang.t(
                                    "按“无差别”管理，您的身份信息仅用于资格核对，不向评委展示。",
                                    "Your background is used only to check eligibility and is never shown to the interviewers."
                                )
                            )
                        ),
                        el("button", [("type", "submit")], txt(lang.t("提交报名", "Register"))),
                    ]
                )
            )
        }
        let res = Layout.render(request: req, title: lang.t("网上报名：", "Registration: ") + c.title, body: .group(body), status: status)
        return SessionController.withFormToken(res, token: token, req: req)
    }

    static func submit(_ req: Request) async throws -> Response {
        let c = try await campaign(req)
        guard c.kind.isOpen else { throw AppError.notFound }
        let raw = try req.content.decode([String: String].self)
        let client = req.remoteAddress?.ipAddress ?? "unknown"
        guard await req.application.publicLimiter.allow(client) else {
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
            return try await form(req, form: FormKit(lang: req.lang), done: code)
        } catch let e as AppError where e.status != .notFound {
            var values = raw
            values["_csrf"] = nil
            return try await form(req, form: FormKit(lang: req.lang, error: e, values: values, fallbackField: "name"), status: e.status)
        }
    }

    static func statusPage(_ req: Request, form f: FormKit, found: Candidate?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let c = try await campaign(req)
        let lang = req.lang
        let token = randomToken()
        var body: [HNode] = []
        var appliedPost = ""
        if let cand = found {
            let prefs = try await CandidatePreference.query(on: req.db).filter(\.$candidateID == cand.id!).all()
            let cps = try await CampaignPost.query(on: req.db).filter(\.$id ~~ prefs.map(\.campaignPostID)).all()
            appliedPost = try await Post.query(on: req.db).filter(\.$id ~~ cps.map(\.postID)).all().map(\.title).joined(separator: "、")
        }
        if let cand = found {
            body.append(
                el(
                    "dl",
                    [("class", "props")],
                    [
                        el("dt", [], txt(lang.t("姓名", "Name"))), el("dd", [], txt(cand.name)),
                        el("dt", [], txt(lang.t("资格审查", "Review"))), el("dd", [], txt(lang.t(cand.reviewStatus.label))),
                        el("dt", [], txt(lang.t("说明", "Reason"))), el("dd", [], txt(cand.reviewReason.isEmpty ? "—" : cand.reviewReason)),
                        el("dt", [], txt(lang.t("报考岗位", "Post"))), el("dd", [], txt(appliedPost)),
                        el("dt", [], txt(lang.t("当前环节", "Stage"))), el("dd", [], txt(lang.t(c.stage.label))),
                    ]
                )
            )
        }
        body.append(
            el(
                "form",
                [("method", "post"), ("action", SiteURL.publicStatus(c.publicToken).path), ("class", "card")],
                [
                    void("input", [("type", "hidden"), ("name", "_csrf"), ("value", token)]),
                    f.summary(),
                    f.text(
                        "residentId",
                        lang.t("身份证号", "Resident ID"),
                        required: true,
                        attributes: [("maxlength", "18"), ("autocomplete", "off")]
                    ),
                    f.text("code", lang.t("查询码", "Look-up code"), required: true, attributes: [("autocomplete", "off")]),
                    el("button", [("type", "submit")], txt(lang.t("查询", "Look up"))),
                ]
            )
        )
        let res = Layout.render(request: req, title: lang.t("报名查询：", "Registration status: ") + c.title, body: .group(body), status: status)
        return SessionController.withFormToken(res, token: token, req: req)
    }

    static func status(_ req: Request) async throws -> Response {
        let c = try await campaign(req)
        let raw = try req.content.decode([String: String].self)
        guard await req.application.publicLimiter.allow(req.remoteAddress?.ipAddress ?? "unknown") else {
            throw AppError(.tooManyRequests, "rateLimited", Loc("查询过于频繁，请 10 分钟后再试", "Too many attempts: try again in ten minutes"))
        }
        let rid = (raw["residentId"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let code = (raw["code"] ?? "").trimmingCharacters(in: .whitespaces)
        let hash = Writes.sha256Hex(c.publicToken + code)
        if let cand = try await Candidate.query(on: req.db).filter(\.$campaignID == c.id!).filter(\.$residentID == rid).first(),
            let stored = cand.confirmationHash, constantTimeEqual(stored, hash)
        {
            return try await statusPage(req, form: FormKit(lang: req.lang), found: cand)
        }
        let e = AppError.invalid("code", Loc("身份证号或查询码不正确", "Resident ID or code is wrong"))
        return try await statusPage(
            req,
            form: FormKit(lang: req.lang, error: e, values: ["residentId": rid], fallbackField: "code"),
            found: nil,
            status: e.status
        )
    }
}
