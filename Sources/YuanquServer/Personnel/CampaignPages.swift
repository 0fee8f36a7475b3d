import Fluent
import Vapor
import YuanquKit

/// The campaign pages: the board, opening a campaign, a campaign's page with the actions of its stage,
/// the score sheet, the printable notice.
enum CampaignPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("campaigns", permission: .campaignsRead, use: board)
        r.get("campaigns", "new", permission: .campaignsManage, use: { try await newForm($0, form: .empty) })
        r.post("campaigns", permission: .campaignsManage, use: create)
        r.get("campaigns", ":id", permission: .campaignsRead, use: { try await show($0) })
        r.get("campaigns", ":id", "notice", permission: .campaignsRead, use: notice)
        r.get("campaigns", ":id", "notice.csv", permission: .campaignsRead, use: noticeCSV)
        r.get("campaigns", ":id", "results.csv", permission: .candidatesRead, use: export)
        r.get("campaigns", ":id", "scores", permission: .campaignsManage, use: scoreSheet)
        r.post("campaigns", ":id", "scores", permission: .campaignsManage, use: saveScores)
        r.post("campaigns", ":id", "candidates", permission: .campaignsRead, use: addCandidate)
        r.post("campaigns", ":id", "candidates", ":candidateId", "review", permission: .campaignsManage, use: review)
        r.post("campaigns", ":id", "stage", permission: .campaignsManage, use: advance)
        r.post("campaigns", ":id", "panel", permission: .campaignsManage, use: panel)
        r.post("campaigns", ":id", "matching", permission: .campaignsManage, use: matching)
        r.post("campaigns", ":id", "proposals", permission: .campaignsManage, use: override)
        r.post("campaigns", ":id", "ties", permission: .campaignsManage, use: ties)
        r.post("campaigns", ":id", "rankings", permission: .nominate, use: unitRanking)
        r.post("campaigns", ":id", "objections", permission: .campaignsManage, use: objection)
        r.post("campaigns", ":id", "objections", ":objectionId", "resolve", permission: .campaignsManage, use: resolve)
    }

    static func show(_ req: Request, error: AppError? = nil, values: [String: String] = [:]) async throws -> Response {
        let actor = try req.actor()
        let c = try await CampaignsAPI.campaign(req, actor: actor)
        let m = try await CampaignPageModel.load(
            c,
            actor: actor,
            publicAddress: publicAddress(req),
            form: FormState(error: error, values: values),
            on: req.db
        )
        return Layout.render(request: req, title: c.title, body: CampaignViews.page(m, req.view), status: error?.status ?? .ok)
    }

    /// The site's public address (`PublicURL`), which the public registration address is shown with.
    static func publicAddress(_ req: Request) -> String { PublicURL.base(req) }

    /// Runs a page action through the write path; on success back to the campaign page, on a refusal the page
    /// again with the reason at the top and beside the field.
    static func act(
        _ req: Request,
        values: [String: String] = [:],
        _ work: @escaping @Sendable (Campaign, Actor, Database, AuditTrail) async throws -> Void
    ) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let id = try await CampaignsAPI.campaign(req, actor: actor).id!
        do {
            try await Writes.perform(req.application, actor: actor) { db, trail in
                guard let c = try await Campaign.find(id, on: db) else { throw AppError.notFound }
                try await work(c, actor, db, trail)
            }
            return req.redirect(to: .campaign(id))
        } catch let e as AppError where e.status != .notFound && e.status != .forbidden {
            return try await show(req, error: e, values: values)
        }
    }

    // MARK: board and opening

    static func board(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let params = ListParams(req, filterKeys: ["kind", "stage", "zone"], defaultSort: "openedOn", sortable: ["openedOn", "title"])
        let filter = CampaignBoardQuery.Filter(
            zone: try await ZoneScope.readZone(req, actor: actor),
            kind: params.filters["kind"].flatMap { CampaignKind.parse($0) },
            stage: params.filters["stage"].flatMap { CampaignStage(rawValue: $0) }
        )
        let rows = try await CampaignBoardQuery.campaigns(filter, sort: params.sort, descending: params.descending, on: req.db)
        let counts = try await CampaignBoardQuery.counts(rows.map(\.id), on: req.db)
        let m = CampaignBoardPage(
            cards: CampaignBoardPage.cards(rows, candidates: counts.candidates, places: counts.places),
            params: params,
            zoneOptions: req.zoneOptions,
            canManage: actor.can(.campaignsManage)
        )
        return Layout.render(
            request: req,
            title: req.lang.t("选人用人（全员聘任）", "Appointment campaigns"),
            body: CampaignBoardView.page(m, lang: req.lang)
        )
    }

    static func newForm(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor()
        let m = try await CampaignNewPage.load(zone: try actor.writableZone(), form: form, on: req.db)
        return Layout.render(
            request: req,
            title: req.lang.t("发起选人用人", "Open a campaign"),
            body: CampaignNewView.page(m, req.view),
            status: status
        )
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        let input = CampaignInput.fromForm(raw)
        do {
            let c = try await Writes.perform(req.application, actor: actor) { db, trail in
                try await CampaignService.create(input, actor: actor, zone: zone, on: db, trail: trail)
            }
            return req.redirect(to: .campaign(c.id!))
        } catch let e as AppError {
            return try await newForm(req, form: FormState(error: e, values: raw, fallbackField: "title"), status: e.status)
        }
    }

    // MARK: stage actions

    static func addCandidate(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let raw = try req.content.decode([String: String].self)
        let postIDs = (1...5).compactMap { raw["post\($0)"] }.filter { !$0.isEmpty }
        let input = CandidateInput(
            personId: raw["personId"],
            name: nil,
            gender: nil,
            birthDate: nil,
            phone: nil,
            residentId: nil,
            education: raw["education"],
            origin: nil,
            formerEmployer: nil,
            postIds: postIDs
        )
        let nomination: Nomination
        if actor.can(.nominate) {
            nomination = .organisation
        } else if actor.can(.selfNominate), let own = actor.personID, raw["personId"] == own.uuidString {
            nomination = .self
        } else {
            throw AppError.forbidden
        }
        return try await act(req, values: raw) { c, actor, db, trail in
            _ = try await CampaignService.addCandidate(input, to: c, nomination: nomination, actor: actor, on: db, trail: trail)
        }
    }

    static func review(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let cid = try req.uuid("candidateId")
        let input = ReviewInput(passed: raw["passed"].map { $0 == "true" }, reason: raw["reason"])
        return try await act(req, values: raw) { c, actor, db, trail in
            guard let cand = try await Candidate.find(cid, on: db), cand.campaignID == c.id else { throw AppError.notFound }
            try await CampaignService.review(cand, campaign: c, input: input, actor: actor, on: db, trail: trail)
        }
    }

    static func advance(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let input = StageInput(
            to: raw["to"],
            startDate: raw["startDate"],
            termMonths: raw["termMonths"].flatMap { Int($0) },
            contractType: raw["contractType"],
            contractMonths: raw["contractMonths"].flatMap { Int($0) },
            probationMonths: raw["probationMonths"].flatMap { $0.isEmpty ? nil : Int($0) },
            payGrade: raw["payGrade"]
        )
        let app = req.application
        return try await act(req, values: raw) { c, actor, db, trail in
            try await CampaignService.advance(c, input: input, actor: actor, app: app, on: db, trail: trail)
        }
    }

    static func panel(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let names = (raw["members"] ?? "").split(whereSeparator: { $0.isNewline || $0 == "、" || $0 == "," || $0 == "，" }).map(
            String.init
        )
        return try await act(req, values: raw) { c, _, db, trail in
            try await CampaignService.setPanel(c, names: names, on: db, trail: trail)
        }
    }

    static func matching(_ req: Request) async throws -> Response {
        try await act(req) { c, actor, db, trail in _ = try await CampaignService.runMatching(c, actor: actor, on: db, trail: trail) }
    }

    static func override(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let input = OverrideInput(candidateId: raw["candidateId"], postId: raw["postId"], reason: raw["reason"])
        return try await act(req, values: raw) { c, actor, db, trail in
            try await CampaignService.override(c, input: input, actor: actor, on: db, trail: trail)
        }
    }

    static func ties(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let ids = (raw["order"] ?? "").split(separator: ",").map(String.init)
        let input = TieDecisionInput(candidateIds: ids, reason: raw["reason"])
        return try await act(req, values: raw) { c, actor, db, trail in
            try await CampaignService.decideTie(c, input: input, actor: actor, on: db, trail: trail)
        }
    }

    /// A unit's order of the candidates for one post (fields `rank_<candidate>`: 1 best; blank: not acceptable).
    static func unitRanking(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        var ranked: [(Int, String)] = []
        for (k, v) in raw where k.hasPrefix("rank_") {
            let t = v.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let n = Int(t), n >= 1 else { throw AppError.invalid(k, Loc("名次须为正整数", "A rank must be a positive whole number")) }
            ranked.append((n, String(k.dropFirst("rank_".count))))
        }
        let input = UnitRankingInput(postId: raw["postId"], candidateIds: ranked.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1))
        return try await act(req, values: raw) { c, actor, db, trail in
            try await CampaignService.setUnitRanking(c, input: input, actor: actor, on: db, trail: trail)
        }
    }

    static func objection(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let input = ObjectionInput(candidateId: raw["candidateId"], text: raw["text"])
        return try await act(req, values: raw) { c, _, db, trail in
            _ = try await CampaignService.raiseObjection(c, input: input, on: db, trail: trail)
        }
    }

    static func resolve(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let oid = try req.uuid("objectionId")
        let input = ResolveInput(resolution: raw["resolution"])
        return try await act(req, values: raw) { c, _, db, trail in
            guard let o = try await Objection.find(oid, on: db), o.campaignID == c.id else { throw AppError.notFound }
            try await CampaignService.resolveObjection(o, campaign: c, input: input, on: db, trail: trail)
        }
    }

    // MARK: scores

    static func scoreSheet(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let c = try await CampaignsAPI.campaign(req, actor: actor)
        let saved = req.queryValue("saved") != nil
        let m = try await ScoreSheetPage.load(c, actor: actor, saved: saved, form: .empty, on: req.db)
        return Layout.render(request: req, title: req.lang.t("面试评分：", "Scores: ") + c.title, body: ScoreSheetView.page(m, req.view))
    }

    /// Saves a whole score sheet (fields `s_<candidate>_<member>_<item>` and `w_<candidate>`) in one transaction.
    static func saveScores(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let actor = try req.actor()
        let id = try await CampaignsAPI.campaign(req, actor: actor).id!
        do {
            try await Writes.perform(req.application, actor: actor) { db, trail in
                guard let c = try await Campaign.find(id, on: db) else { throw AppError.notFound }
                let items = c.scoring.items.count
                var byPair: [String: [Double]] = [:]
                for (k, v) in raw where k.hasPrefix("s_") && !v.trimmingCharacters(in: .whitespaces).isEmpty {
                    let parts = k.split(separator: "_")
                    guard parts.count == 4, let i = Int(parts[3]), i < items else { continue }
                    guard let value = Double(v.trimmingCharacters(in: .whitespaces)) else {
                        throw AppError.invalid(k, Loc("分数“\(v)”不是数字", "“\(v)” is not a number"))
                    }
                    let key = "\(parts[1])_\(parts[2])"
                    var arr = byPair[key] ?? Array(repeating: -1, count: items)
                    arr[i] = value
                    byPair[key] = arr
                }
                for (key, values) in byPair.sorted(by: { $0.key < $1.key }) where !values.contains(-1) {
                    let p = key.split(separator: "_").map(String.init)
                    try await CampaignService.enterScore(
                        c,
                        input: ScoreInput(candidateId: p[0], panelMemberId: p[1], scores: values, written: nil),
                        on: db,
                        trail: trail
                    )
                }
                for (k, v) in raw where k.hasPrefix("w_") && !v.trimmingCharacters(in: .whitespaces).isEmpty {
                    guard let value = Double(v.trimmingCharacters(in: .whitespaces)) else {
                        throw AppError.invalid(k, Loc("笔试成绩“\(v)”不是数字", "“\(v)” is not a number"))
                    }
                    try await CampaignService.enterScore(
                        c,
                        input: ScoreInput(candidateId: String(k.dropFirst(2)), panelMemberId: nil, scores: nil, written: value),
                        on: db,
                        trail: trail
                    )
                }
            }
            return req.redirect(to: .campaignScores(id), query: [("saved", "1")])
        } catch let e as AppError where e.status != .notFound {
            let c = try await CampaignsAPI.campaign(req, actor: actor)
            let saved = req.queryValue("saved") != nil
            let m = try await ScoreSheetPage.load(c, actor: actor, saved: saved, form: FormState(error: e, values: raw), on: req.db)
            return Layout.render(
                request: req,
                title: req.lang.t("面试评分：", "Scores: ") + c.title,
                body: ScoreSheetView.page(m, req.view),
                status: e.status
            )
        }
    }

    // MARK: notice and export

    static func notice(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let c = try await CampaignsAPI.campaign(req, actor: actor)
        return try await noticePage(req, campaign: c)
    }

    /// The printable notice (公示): who is proposed for which post, the period, and where to object.
    static func noticePage(_ req: Request, campaign c: Campaign) async throws -> Response {
        let m = try await NoticePage.load(c, on: req.db)
        return Layout.render(request: req, title: req.lang.t("公示", "Notice"), body: NoticeView.page(m, lang: req.lang))
    }

    /// The notice as a spreadsheet: the same rows as the printed notice.
    static func noticeCSV(_ req: Request) async throws -> Response {
        let c = try await CampaignsAPI.campaign(req, actor: try req.actor())
        guard c.stage >= .publicity else { throw AppError.notFound }
        let lang = req.lang
        let rows = try await NoticeQuery.rows(campaign: c.id!, on: req.db).enumerated().map { i, r in
            [String(i + 1), r.name, r.gender.map { lang.t($0.label) } ?? "", r.unit, r.post]
        }
        return csvResponse(
            filename: c.title + lang.t("-公示.csv", "-notice.csv"),
            header: [Loc("序号", "No."), Loc("姓名", "Name"), Loc("性别", "Gender"), Loc("拟聘单位", "Unit"), Loc("拟聘岗位", "Post")].map { lang.t($0) },
            rows: rows
        )
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let c = try await CampaignsAPI.campaign(req, actor: actor)
        let m = try await CampaignPageModel.load(c, actor: actor, publicAddress: "", on: req.db)
        let lang = req.lang
        var rows: [[String]] = []
        for r in m.rankings {
            for row in r.ranked {
                let b = r.breakdowns[UUID(uuidString: row.candidateID)!]!
                let proposed = m.proposals[UUID(uuidString: row.candidateID)!].flatMap { m.offer($0.campaignPostID) }?.label ?? ""
                rows.append([
                    (m.offer(r.campaignPostID)?.label ?? r.postTitle), String(row.rank), m.name(row.candidateID),
                    formatHundredths(b.interview), b.written.map(formatHundredths) ?? "",
                    formatHundredths(row.total), row.unresolvedTie ? lang.t("并列待定", "tie to decide") : "", proposed,
                ])
            }
        }
        let header = [
            Loc("岗位", "Post"), Loc("名次", "Rank"), Loc("姓名", "Name"), Loc("面试成绩", "Interview"), Loc("笔试成绩", "Written"),
            Loc("总成绩", "Total"), Loc("备注", "Note"), Loc("拟聘岗位", "Proposed post"),
        ].map { lang.t($0) }
        return csvResponse(filename: c.title + lang.t("-成绩.csv", "-results.csv"), header: header, rows: rows)
    }
}
