import Fluent
import Vapor
import YuanquKit

/// Everything a campaign page shows, loaded once.
struct CampaignPageModel {
    struct Offer {
        let cp: CampaignPost
        let post: Post
        let unitName: String
        /// Unit and title: several units have a post called 部长.
        var label: String { unitName + "·" + post.title }
    }
    let campaign: Campaign
    let bodyName: String
    let offers: [Offer]
    let candidates: [Candidate]
    let preferences: [UUID: [UUID]]  // candidate → campaign posts, in order
    let proposals: [UUID: Proposal]  // by candidate
    let panel: [PanelMember]
    let sheetCounts: [UUID: Int]  // candidate → sheets entered
    let rankings: [CampaignService.PostRanking]
    let selection: TwoWaySelection.Result?
    let objections: [Objection]
    let eligibility: [UUID: [Eligibility.Reason]]
    let contractTypes: [CodeListItem]
    let people: [Person]  // for nomination (zone staff), when the actor may nominate
    let unitRankings: [UUID: [UUID]]  // campaign post → candidates, as the unit ranked them
    let actor: Actor

    var canManage: Bool { actor.can(.campaignsManage) }
    var seesCandidates: Bool { actor.can(.candidatesRead) }
    func offer(_ cpID: UUID) -> Offer? { offers.first { $0.cp.id == cpID } }
    func name(_ candidateID: String) -> String { candidates.first { $0.id?.uuidString == candidateID }?.name ?? "" }
}

/// The campaign pages: the board, opening a campaign, a campaign's page with the actions of its stage,
/// the score sheet, the printable notice.
enum CampaignPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("campaigns", permission: .campaignsRead, use: board)
        r.get("campaigns", "new", permission: .campaignsManage, use: { try await newForm($0, form: FormKit(lang: $0.lang)) })
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

    // MARK: loading

    static func model(_ c: Campaign, actor: Actor, on db: Database) async throws -> CampaignPageModel {
        let cps = try await CampaignService.posts(of: c, on: db)
        let posts = try await Post.query(on: db).filter(\.$id ~~ cps.map(\.postID)).all()
        let units = try await OrgQueries.unitNames(zone: c.zoneID, on: db)
        let offers = cps.compactMap { cp in
            posts.first { $0.id == cp.postID }.map { CampaignPageModel.Offer(cp: cp, post: $0, unitName: units[$0.unitID] ?? "") }
        }
        .sorted { ($0.unitName, $0.post.tier.rawValue, $0.post.title) < ($1.unitName, $1.post.tier.rawValue, $1.post.title) }
        var cq = Candidate.query(on: db).filter(\.$campaignID == c.id!)
        if !actor.can(.candidatesRead) { cq = cq.filter(\.$personID == (actor.personID ?? UUID())) }
        let candidates = try await cq.sort(\.$registrationOrder).all()
        let ids = candidates.compactMap(\.id)
        var prefs: [UUID: [UUID]] = [:]
        for p in try await CandidatePreference.query(on: db).filter(\.$candidateID ~~ ids).sort(\.$rank).all() {
            prefs[p.candidateID, default: []].append(p.campaignPostID)
        }
        let proposals = Dictionary(
            try await Proposal.query(on: db).filter(\.$campaignID == c.id!).all().map { ($0.candidateID, $0) },
            uniquingKeysWith: { a, _ in a }
        )
        let panel = try await PanelMember.query(on: db).filter(\.$campaignID == c.id!).sort(\.$sortOrder).all()
        var sheetCounts: [UUID: Int] = [:]
        for s in try await ScoreSheet.query(on: db).filter(\.$candidateID ~~ ids).all() { sheetCounts[s.candidateID, default: 0] += 1 }
        let seesScores = actor.can(.candidatesRead) && c.stage >= .interview
        let rankings = seesScores ? try await CampaignService.rankings(c, on: db) : []
        let selection = seesScores && c.kind == .competitive && c.stage >= .ranking ? try await CampaignService.selection(c, on: db).0 : nil
        var eligibility: [UUID: [Eligibility.Reason]] = [:]
        if actor.can(.campaignsManage) && c.stage <= .review {
            for cand in candidates where cand.reviewStatus == .pending {
                eligibility[cand.id!] = try await CampaignService.eligibility(cand, campaign: c, on: db)
            }
        }
        let objections = actor.can(.candidatesRead) ? try await Objection.query(on: db).filter(\.$campaignID == c.id!).all() : []
        let types = try await CodeListItem.query(on: db).filter(\.$zoneID == c.zoneID).filter(\.$list == "contractType").filter(
            \.$active == true
        ).sort(\.$sortOrder).all()
        var people: [Person] = []
        if c.stage == .registration && actor.can(.nominate) {
            people = try await Person.query(on: db).filter(\.$zoneID == c.zoneID).sort(\.$name).all()
        }
        let body = try await ZoneBody.find(c.bodyID, on: db)
        var unitRankings: [UUID: [UUID]] = [:]
        for r in try await UnitRanking.query(on: db).filter(\.$campaignPostID ~~ cps.compactMap(\.id)).sort(\.$rank).all() {
            unitRankings[r.campaignPostID, default: []].append(r.candidateID)
        }
        return CampaignPageModel(
            campaign: c,
            bodyName: body.map { $0.name } ?? "",
            offers: offers,
            candidates: candidates,
            preferences: prefs,
            proposals: proposals,
            panel: panel,
            sheetCounts: sheetCounts,
            rankings: rankings,
            selection: selection,
            objections: objections,
            eligibility: eligibility,
            contractTypes: types,
            people: people,
            unitRankings: unitRankings,
            actor: actor
        )
    }

    static func show(_ req: Request, error: AppError? = nil, values: [String: String] = [:]) async throws -> Response {
        let actor = try req.actor()
        let c = try await CampaignsAPI.campaign(req, actor: actor)
        let m = try await model(c, actor: actor, on: req.db)
        return Layout.render(
            request: req,
            title: c.title,
            body: CampaignViews.page(m, error: error, values: values, req: req),
            status: error?.status ?? .ok
        )
    }

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
        var q = Campaign.query(on: req.db)
        if let z = try await ZoneScope.readZone(req, actor: actor) { q = q.filter(\.$zoneID == z) }
        if let k = params.filters["kind"].flatMap({ CampaignKind.parse($0) }) { q = q.filter(\.$kind == k) }
        if let s = params.filters["stage"].flatMap({ CampaignStage(rawValue: $0) }) { q = q.filter(\.$stage == s) }
        let campaigns = try await
            (params.sort == "title"
            ? q.sort(\.$title, params.descending ? .descending : .ascending)
            : q.sort(\.$openedOn, params.descending ? .ascending : .descending)).all()
        // Candidates and places of every campaign on the board, in two queries rather than two per campaign.
        let ids = campaigns.compactMap(\.id)
        var counts: [UUID: (Int, Int)] = [:]
        for cand in try await Candidate.query(on: req.db).filter(\.$campaignID ~~ ids).field(\.$id).field(\.$campaignID).all() {
            counts[cand.campaignID, default: (0, 0)].0 += 1
        }
        for cp in try await CampaignPost.query(on: req.db).filter(\.$campaignID ~~ ids).all() {
            counts[cp.campaignID, default: (0, 0)].1 += cp.places
        }
        return Layout.render(
            request: req,
            title: req.lang.t("选人用人（全员聘任）", "Appointment campaigns"),
            body: CampaignViews.board(campaigns, counts: counts, params: params, canManage: actor.can(.campaignsManage), req: req)
        )
    }

    static func newForm(_ req: Request, form: FormKit, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let posts = try await Post.query(on: req.db).filter(\.$zoneID == zone).all()
        let units = try await OrgQueries.unitNames(zone: zone, on: req.db)
        let d = try await OrgQueries.directory(for: zone, on: req.db)
        let holders = try await PostsController.holderCounts(posts.compactMap(\.id), on: req.db)
        return Layout.render(
            request: req,
            title: req.lang.t("发起选人用人", "Open a campaign"),
            body: CampaignViews.newForm(posts: posts, units: units, holders: holders, d: d, form: form, req: req),
            status: status
        )
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        let input = CampaignViews.campaignInput(from: raw)
        do {
            let c = try await Writes.perform(req.application, actor: actor) { db, trail in
                try await CampaignService.create(input, actor: actor, zone: zone, on: db, trail: trail)
            }
            return req.redirect(to: .campaign(c.id!))
        } catch let e as AppError {
            return try await newForm(req, form: FormKit(lang: req.lang, error: e, values: raw, fallbackField: "title"), status: e.status)
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
        let m = try await model(c, actor: actor, on: req.db)
        let sheets = try await ScoreSheet.query(on: req.db).filter(\.$candidateID ~~ m.candidates.compactMap(\.id)).all()
        return Layout.render(
            request: req,
            title: req.lang.t("面试评分：", "Scores: ") + c.title,
            body: CampaignViews.scoreSheet(m, sheets: sheets, req: req)
        )
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
            let m = try await model(c, actor: actor, on: req.db)
            let sheets = try await ScoreSheet.query(on: req.db).filter(\.$candidateID ~~ m.candidates.compactMap(\.id)).all()
            return Layout.render(
                request: req,
                title: req.lang.t("面试评分：", "Scores: ") + c.title,
                body: CampaignViews.scoreSheet(m, sheets: sheets, error: e, values: raw, req: req),
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
        guard c.stage >= .publicity else { throw AppError.notFound }
        let rows = try await noticeRows(req, campaign: c)
        let zone = try await Zone.find(c.zoneID, on: req.db)
        let phone =
            try await ZoneSetting.query(on: req.db).filter(\.$zoneID == c.zoneID).filter(\.$key == "zone.contactPhone").first()?.value ?? ""
        return Layout.render(
            request: req,
            title: req.lang.t("公示", "Notice"),
            body: CampaignViews.notice(c, zoneName: zone?.name ?? "", rows: rows, phone: phone, req: req)
        )
    }

    /// The notice as a spreadsheet: the same rows as the printed notice.
    static func noticeCSV(_ req: Request) async throws -> Response {
        let c = try await CampaignsAPI.campaign(req, actor: try req.actor())
        guard c.stage >= .publicity else { throw AppError.notFound }
        let lang = req.lang
        let rows = try await noticeRows(req, campaign: c).enumerated().map { i, r in [String(i + 1), r.name, r.gender, r.unit, r.post] }
        return csvResponse(
            filename: c.title + lang.t("-公示.csv", "-notice.csv"),
            header: [Loc("序号", "No."), Loc("姓名", "Name"), Loc("性别", "Gender"), Loc("拟聘单位", "Unit"), Loc("拟聘岗位", "Post")].map { lang.t($0) },
            rows: rows
        )
    }

    /// Who is proposed for which post, in the order the notice lists them.
    static func noticeRows(_ req: Request, campaign c: Campaign) async throws -> [(
        name: String, gender: String, unit: String, post: String
    )] {
        let proposals = try await Proposal.query(on: req.db).filter(\.$campaignID == c.id!).all()
        let cands = try await Candidate.query(on: req.db).filter(\.$id ~~ proposals.map(\.candidateID)).all()
        let cps = try await CampaignService.posts(of: c, on: req.db)
        let posts = try await Post.query(on: req.db).filter(\.$id ~~ cps.map(\.postID)).all()
        let units = try await OrgQueries.unitNames(zone: c.zoneID, on: req.db)
        return proposals.compactMap { p -> (name: String, gender: String, unit: String, post: String)? in
            guard let cand = cands.first(where: { $0.id == p.candidateID }), let cp = cps.first(where: { $0.id == p.campaignPostID }),
                let post = posts.first(where: { $0.id == cp.postID })
            else { return nil }
            return (cand.name, req.lang.t(cand.gender.label), units[post.unitID] ?? "", post.title)
        }.sorted { ($0.unit, $0.post, $0.name) < ($1.unit, $1.post, $1.name) }
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let c = try await CampaignsAPI.campaign(req, actor: actor)
        let m = try await model(c, actor: actor, on: req.db)
        let lang = req.lang
        var rows: [[String]] = []
        for r in m.rankings {
            for row in r.ranked {
                let b = r.breakdowns[UUID(uuidString: row.candidateID)!]!
                let proposed = m.proposals[UUID(uuidString: row.candidateID)!].flatMap { m.offer($0.campaignPostID) }?.label ?? ""
                rows.append([
                    (m.offer(r.campaignPost.id!)?.label ?? r.post.title), String(row.rank), m.name(row.candidateID),
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
