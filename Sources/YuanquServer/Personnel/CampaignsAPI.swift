import Fluent
import SQLKit
import Vapor
import YuanquKit

/// The campaigns' JSON API: `/api/v1/campaigns…`, `/api/v1/appointments`, `/api/v1/contracts`.
enum CampaignsAPI {
    static func register(_ app: Application) {
        let tag = "Personnel"
        app.api(
            .GET,
            "campaigns",
            permission: .campaignsRead,
            doc: APIDoc(
                summary: "List campaigns",
                tag: tag,
                response: "Campaign",
                list: true,
                query: [.oneOf("kind", CampaignKind.self), .oneOf("stage", CampaignStage.self)]
            ),
            use: list
        )
        app.api(
            .POST,
            "campaigns",
            permission: .campaignsManage,
            doc: APIDoc(summary: "Open a campaign", tag: tag, request: "CampaignInput", response: "Campaign", status: 201),
            use: create
        )
        app.api(
            .GET,
            "campaigns/:id",
            permission: .campaignsRead,
            doc: APIDoc(summary: "Get a campaign", tag: tag, response: "Campaign"),
            use: get
        )
        app.api(
            .POST,
            "campaigns/:id/stage",
            permission: .campaignsManage,
            doc: APIDoc(
                summary: "Move to the next stage (appointment takes the contract terms)",
                tag: tag,
                request: "StageInput",
                response: "Campaign"
            ),
            use: stage
        )
        app.api(
            .GET,
            "campaigns/:id/candidates",
            permission: .campaignsRead,
            doc: APIDoc(
                summary: "Candidates (only one's own without candidatesRead); never their origin",
                tag: tag,
                response: "Candidate",
                list: true
            ),
            use: candidates
        )
        app.api(
            .POST,
            "campaigns/:id/candidates",
            permission: .campaignsRead,
            doc: APIDoc(
                summary: "Nominate a candidate (nominate) or oneself (selfNominate)",
                tag: tag,
                request: "CandidateInput",
                response: "Candidate",
                status: 201
            ),
            use: addCandidate
        )
        app.api(
            .POST,
            "campaigns/:id/candidates/:candidateId/review",
            permission: .campaignsManage,
            doc: APIDoc(summary: "Pass or fail a registration, with a reason", tag: tag, request: "ReviewInput", response: "Candidate"),
            use: review
        )
        app.api(
            .GET,
            "campaigns/:id/panel",
            permission: .campaignsManage,
            doc: APIDoc(
                summary: "The interview panel in order, with each member's id for entering scores and the candidates they scored",
                tag: tag,
                response: "PanelMember",
                list: true
            ),
            use: panelMembers
        )
        app.api(
            .POST,
            "campaigns/:id/panel",
            permission: .campaignsManage,
            doc: APIDoc(summary: "Set the interview panel", tag: tag, request: "PanelInput"),
            use: panel
        )
        app.api(
            .POST,
            "campaigns/:id/scores",
            permission: .campaignsManage,
            doc: APIDoc(summary: "Enter an interviewer's item scores or the written score", tag: tag, request: "ScoreInput"),
            use: scores
        )
        app.api(
            .GET,
            "campaigns/:id/ranking",
            permission: .candidatesRead,
            doc: APIDoc(summary: "Ranking per post with each total's breakdown", tag: tag, response: "Ranking"),
            use: ranking
        )
        app.api(
            .POST,
            "campaigns/:id/ties",
            permission: .campaignsManage,
            doc: APIDoc(
                summary: "Record the decided order of candidates the declared rules leave tied",
                tag: tag,
                request: "TieDecisionInput"
            ),
            use: ties
        )
        app.api(
            .POST,
            "campaigns/:id/preferences",
            permission: .campaignsRead,
            doc: APIDoc(
                summary: "A candidate's ranked posts (their own, or any with campaignsManage)",
                tag: tag,
                request: "PreferenceInput"
            ),
            use: preferences
        )
        app.api(
            .POST,
            "campaigns/:id/rankings",
            permission: .nominate,
            doc: APIDoc(summary: "A unit's ranking of the candidates for one of its posts", tag: tag, request: "UnitRankingInput"),
            use: unitRanking
        )
        app.api(
            .POST,
            "campaigns/:id/matching",
            permission: .campaignsManage,
            doc: APIDoc(summary: "Propose a stable matching (deferred acceptance)", tag: tag, response: "Matching"),
            use: matching
        )
        app.api(
            .POST,
            "campaigns/:id/proposals",
            permission: .campaignsManage,
            doc: APIDoc(
                summary: "Set or clear a candidate's proposed post by hand (调剂), with a reason",
                tag: tag,
                request: "OverrideInput"
            ),
            use: override
        )
        app.api(
            .POST,
            "campaigns/:id/objections",
            permission: .campaignsManage,
            doc: APIDoc(summary: "Record an objection during publicity", tag: tag, request: "ObjectionInput", status: 201),
            use: objection
        )
        app.api(
            .POST,
            "campaigns/:id/objections/:objectionId/resolve",
            permission: .campaignsManage,
            doc: APIDoc(summary: "Resolve an objection", tag: tag, request: "ResolveInput"),
            use: resolve
        )
        app.api(
            .GET,
            "appointments",
            permission: .appointmentsRead,
            doc: APIDoc(
                summary: "Appointments (within the data scope)",
                tag: tag,
                response: "Appointment",
                list: true,
                query: ["person", "current"]
            ),
            use: appointments
        )
        app.api(
            .GET,
            "contracts",
            permission: .appointmentsRead,
            doc: APIDoc(
                summary: "Contracts (within the data scope)",
                tag: tag,
                response: "Contract",
                list: true,
                query: [
                    "person", QueryParam("status", .oneOf(AppointmentService.contractStatuses)),
                    QueryParam("expiringWithinDays", .integer(0...3650)),
                ]
            ),
            use: contracts
        )
        app.api(
            .POST,
            "contracts/:id/renew",
            permission: .contractsManage,
            doc: APIDoc(summary: "Renew a contract", tag: tag, request: "RenewInput", response: "Contract", status: 201),
            use: renew
        )
        app.api(
            .POST,
            "contracts/:id/terminate",
            permission: .contractsManage,
            doc: APIDoc(summary: "Terminate a contract", tag: tag, request: "TerminateInput", response: "Contract"),
            use: terminate
        )
    }

    // MARK: loading

    static func campaign(_ req: Request, actor: Actor, on db: Database? = nil) async throws -> Campaign {
        guard let c = try await Campaign.find(try req.uuid(), on: db ?? req.db) else { throw AppError.notFound }
        try ZoneScope.check(c.zoneID, actor: actor)
        return c
    }

    static func dto(_ c: Campaign, on db: Database) async throws -> CampaignDTO {
        try await dtos([CampaignRow(c)], zone: c.zoneID, directory: try await OrgQueries.directory(for: c.zoneID, on: db), on: db)[0]
    }

    /// A campaign's columns the list and the API show, read as a plain row.
    struct CampaignRow: Decodable, Sendable {
        let id: UUID
        let zoneId: UUID
        let bodyId: UUID
        let kind: CampaignKind
        let title: String
        let stage: CampaignStage
        let maxPreferences: Int
        let publicityDays: Int
        let publicityStart: String?
        let publicityEnds: String?
        let openedOn: String

        init(_ c: Campaign) {
            id = c.id!
            zoneId = c.zoneID
            bodyId = c.bodyID
            kind = c.kind
            title = c.title
            stage = c.stage
            maxPreferences = c.maxPreferences
            publicityDays = c.publicityDays
            publicityStart = c.publicityStart
            publicityEnds = c.publicityEnds
            openedOn = c.openedOn
        }
    }

    /// A post a campaign offers, with the post's title.
    struct OfferRow: Decodable, Sendable {
        let campaignId: UUID
        let postId: UUID
        let places: Int
        let maxAge: Int?
        let minEducation: String?
        let title: String
    }

    /// Campaigns with the posts they offer, in one query whatever their number.
    static func dtos(_ list: [CampaignRow], zone: UUID?, directory d: Directory, on db: Database) async throws -> [CampaignDTO] {
        guard let sql = db as? SQLDatabase, !list.isEmpty else { return [] }
        let offers = try await sql.raw(
            """
            SELECT cp.campaign_id, cp.post_id, cp.places, cp.max_age, cp.min_education, p.title FROM campaign_posts cp
            JOIN posts p ON p.id = cp.post_id WHERE cp.campaign_id IN (\(binds: list.map(\.id)))
            """
        ).all(decoding: OfferRow.self, keyDecodingStrategy: .snakeCaseColumns)
        let byCampaign = Dictionary(grouping: offers, by: \.campaignId)
        return list.map { c in
            CampaignDTO(
                id: c.id,
                zone: d.zoneCode(c.zoneId),
                body: d.bodyKind(c.bodyId),
                kind: c.kind,
                title: c.title,
                stage: c.stage,
                posts: (byCampaign[c.id] ?? []).map {
                    .init(postId: $0.postId, title: $0.title, places: $0.places, maxAge: $0.maxAge, minEducation: $0.minEducation)
                },
                maxPreferences: c.maxPreferences,
                publicityDays: c.publicityDays,
                publicityStart: c.publicityStart,
                publicityEnds: c.publicityEnds,
                openedOn: c.openedOn
            )
        }
    }

    static func candidateDTOs(_ list: [Candidate], campaign c: Campaign, on db: Database) async throws -> [CandidateDTO] {
        let prefs = try await CandidatePreference.query(on: db).filter(\.$candidateID ~~ list.compactMap(\.id)).sort(\.$rank).all()
        let cps = Dictionary(uniqueKeysWithValues: try await CampaignService.posts(of: c, on: db).map { ($0.id!, $0.postID) })
        return list.map { cand in
            CandidateDTO(
                id: cand.id!,
                campaignId: cand.campaignID,
                personId: cand.personID,
                name: cand.name,
                gender: cand.gender,
                nomination: cand.nomination.rawValue,
                registrationOrder: cand.registrationOrder,
                reviewStatus: cand.reviewStatus.rawValue,
                reviewReason: cand.reviewReason,
                postIds: prefs.filter { $0.candidateID == cand.id }.compactMap { cps[$0.campaignPostID] },
                writtenScore: cand.writtenScore.map { Double(hundredths: $0) }
            )
        }
    }

    /// Runs a change to one campaign through the write path and answers the campaign.
    static func change(
        _ req: Request,
        status: HTTPResponseStatus = .ok,
        _ work: @escaping @Sendable (Campaign, Actor, Database, AuditTrail) async throws -> Void
    ) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let id = try await campaign(req, actor: actor).id!
        let app = req.application
        let answer = try await Writes.perform(app, actor: actor) { db, trail in
            guard let c = try await Campaign.find(id, on: db) else { throw AppError.notFound }
            try await work(c, actor, db, trail)
            return try await dto(c, on: db)
        }
        return try json(answer, status: status)
    }

    // MARK: handlers

    /// The campaign board; the encoded answer is kept in the read cache until a write changes the zone's records (or
    /// the day, on which publicity periods end).
    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let zone = try await ZoneScope.readZone(req, actor: actor)
        let key = "campaigns|\(zone?.uuidString ?? "all")|\(req.url.query ?? "")|\(CalendarDate.today())"
        return try await req.cachedJSON(key, zone: zone) { try await board(req, zone: zone, paging: paging) }
    }

    static func board(_ req: Request, zone: UUID?, paging: Paging) async throws -> ListAnswer<CampaignDTO> {
        let sql = try req.db.sql
        var filter: SQLQueryString = "1 = 1"
        if let z = zone { filter = filter + " AND zone_id = \(bind: z)" }
        if let k = req.queryValue("kind"), !k.isEmpty {
            guard let kind = CampaignKind.parse(k) else { throw AppError.invalid("kind", Loc("kind 取值无效", "Unknown kind")) }
            filter = filter + " AND kind = \(bind: kind.rawValue)"
        }
        if let s = req.queryValue("stage"), !s.isEmpty {
            guard let stage = CampaignStage(rawValue: s) else { throw AppError.invalid("stage", Loc("stage 取值无效", "Unknown stage")) }
            filter = filter + " AND stage = \(bind: stage.rawValue)"
        }
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM campaigns WHERE \(filter)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            """
            SELECT id, zone_id, body_id, kind, title, stage, max_preferences, publicity_days, publicity_start, publicity_ends, opened_on
            FROM campaigns WHERE \(filter) ORDER BY opened_on DESC, id LIMIT \(bind: paging.limit) OFFSET \(bind: paging.offset)
            """
        ).all(decoding: CampaignRow.self, keyDecodingStrategy: .snakeCaseColumns)
        let items = try await dtos(rows, zone: zone, directory: try await OrgQueries.directory(for: zone, on: req), on: req.db)
        return ListAnswer(items: items, total: total)
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: CampaignInput.self)
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            try await dto(try await CampaignService.create(input, actor: actor, zone: zone, on: db, trail: trail), on: db)
        }
        return try json(answer, status: .created)
    }

    static func get(_ req: Request) async throws -> Response {
        try json(try await dto(try await campaign(req, actor: try req.actor()), on: req.db))
    }

    static func stage(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: StageInput.self)
        let app = req.application
        return try await change(req) { c, actor, db, trail in
            try await CampaignService.advance(c, input: input, actor: actor, app: app, on: db, trail: trail)
        }
    }

    static func candidates(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let c = try await campaign(req, actor: actor)
        var q = Candidate.query(on: req.db).filter(\.$campaignID == c.id!)
        if !actor.can(.candidatesRead) { q = q.filter(\.$personID == (actor.personID ?? UUID())) }
        let list = try await q.sort(\.$registrationOrder).all()
        return try json(ListAnswer(items: try await candidateDTOs(list, campaign: c, on: req.db), total: list.count))
    }

    static func addCandidate(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try decodeJSON(req, as: CandidateInput.self)
        let nomination: Nomination
        if actor.can(.nominate) {
            nomination = .organisation
        } else if actor.can(.selfNominate), let own = actor.personID, input.personId == own.uuidString {
            nomination = .self
        } else {
            throw AppError.forbidden
        }
        let id = try await campaign(req, actor: actor).id!
        _ = try actor.writableZone()
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let c = try await Campaign.find(id, on: db) else { throw AppError.notFound }
            let (cand, _) = try await CampaignService.addCandidate(input, to: c, nomination: nomination, actor: actor, on: db, trail: trail)
            return try await candidateDTOs([cand], campaign: c, on: db)[0]
        }
        return try json(answer, status: .created)
    }

    static func review(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try decodeJSON(req, as: ReviewInput.self)
        let cid = try req.uuid("candidateId")
        let id = try await campaign(req, actor: actor).id!
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let c = try await Campaign.find(id, on: db), let cand = try await Candidate.find(cid, on: db), cand.campaignID == c.id
            else { throw AppError.notFound }
            try await CampaignService.review(cand, campaign: c, input: input, actor: actor, on: db, trail: trail)
            return try await candidateDTOs([cand], campaign: c, on: db)[0]
        }
        return try json(answer)
    }

    static func panel(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: PanelInput.self)
        return try await change(req) { c, _, db, trail in
            try await CampaignService.setPanel(c, names: input.members ?? [], on: db, trail: trail)
        }
    }

    static func panelMembers(_ req: Request) async throws -> Response {
        let c = try await campaign(req, actor: try req.actor())
        let members = try await PanelMember.query(on: req.db).filter(\.$campaignID == c.id!).sort(\.$sortOrder).all()
        let sheets = try await ScoreSheet.query(on: req.db).filter(\.$panelMemberID ~~ members.compactMap(\.id)).all()
        let items = members.map { m in
            PanelMemberDTO(
                id: m.id!,
                name: m.name,
                order: m.sortOrder + 1,
                scoredCandidateIds: sheets.filter { $0.panelMemberID == m.id }.map(\.candidateID).sorted { $0.uuidString < $1.uuidString }
            )
        }
        return try json(ListAnswer(items: items, total: items.count))
    }

    static func scores(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: ScoreInput.self)
        return try await change(req) { c, _, db, trail in try await CampaignService.enterScore(c, input: input, on: db, trail: trail) }
    }

    static func rankingDTO(_ c: Campaign, on db: Database) async throws -> RankingDTO {
        RankingDTO(
            posts: try await CampaignService.rankings(c, on: db).map { r in
                RankingDTO.PostRows(
                    postId: r.post.id!,
                    title: r.post.title,
                    places: r.campaignPost.places,
                    rows: r.ranked.map { row in
                        let b = r.breakdowns[UUID(uuidString: row.candidateID)!]!
                        return .init(
                            candidateId: row.candidateID,
                            rank: row.rank,
                            total: Double(hundredths: row.total),
                            interview: Double(hundredths: b.interview),
                            written: b.written.map { Double(hundredths: $0) },
                            sheetTotals: b.sheetTotals.map { Double(hundredths: $0) },
                            droppedHighest: b.droppedHighest.map { Double(hundredths: $0) },
                            droppedLowest: b.droppedLowest.map { Double(hundredths: $0) },
                            decidedBy: row.decidedBy?.rawValue,
                            unresolvedTie: row.unresolvedTie
                        )
                    },
                    unscored: r.unscored
                )
            }
        )
    }

    static func ranking(_ req: Request) async throws -> Response {
        let c = try await campaign(req, actor: try req.actor())
        return try json(try await rankingDTO(c, on: req.db))
    }

    static func ties(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: TieDecisionInput.self)
        return try await change(req) { c, actor, db, trail in
            try await CampaignService.decideTie(c, input: input, actor: actor, on: db, trail: trail)
        }
    }

    static func preferences(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: PreferenceInput.self)
        return try await change(req) { c, actor, db, trail in
            try await CampaignService.setPreferences(c, input: input, actor: actor, on: db, trail: trail)
        }
    }

    static func unitRanking(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: UnitRankingInput.self)
        return try await change(req) { c, actor, db, trail in
            try await CampaignService.setUnitRanking(c, input: input, actor: actor, on: db, trail: trail)
        }
    }

    static func matching(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try await campaign(req, actor: actor).id!
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let c = try await Campaign.find(id, on: db) else { throw AppError.notFound }
            let (result, postOf) = try await CampaignService.runMatching(c, actor: actor, on: db, trail: trail)
            return MatchingDTO(result, postOf: postOf)
        }
        return try json(answer)
    }

    static func override(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: OverrideInput.self)
        return try await change(req) { c, actor, db, trail in
            try await CampaignService.override(c, input: input, actor: actor, on: db, trail: trail)
        }
    }

    static func objection(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: ObjectionInput.self)
        return try await change(req, status: .created) { c, _, db, trail in
            _ = try await CampaignService.raiseObjection(c, input: input, on: db, trail: trail)
        }
    }

    static func resolve(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: ResolveInput.self)
        let oid = try req.uuid("objectionId")
        return try await change(req) { c, _, db, trail in
            guard let o = try await Objection.find(oid, on: db), o.campaignID == c.id else { throw AppError.notFound }
            try await CampaignService.resolveObjection(o, campaign: c, input: input, on: db, trail: trail)
        }
    }

    // MARK: appointments and contracts

    /// People whose appointments and contracts the actor may read (nil: all of the zone).
    static func visiblePeople(_ actor: Actor, on db: Database) async throws -> [UUID]? {
        let reach = actor.role.reach(.appointmentsRead) ?? .own
        switch reach {
        case .zone: return nil
        case .own, .ownTeam: return [actor.personID ?? UUID()]
        case .ownUnit:
            let units = Array(try await OrgQueries.units(of: actor, reach: reach, on: db) ?? [])
            return try await Person.query(on: db).filter(\.$unitID ~~ units).all().compactMap(\.id)
        }
    }

    /// The `person` filter of the appointment and contract lists.
    static func personParam(_ req: Request) throws -> UUID? {
        guard let p = req.queryValue("person"), !p.isEmpty else { return nil }
        guard let id = UUID(uuidString: p) else { throw AppError.invalid("person", Loc("person 不是有效的编号", "person is not a valid id")) }
        return id
    }

    static func appointmentDTO(_ a: Appointment) -> AppointmentDTO {
        AppointmentDTO(
            id: a.id!,
            personId: a.personID,
            postId: a.postID,
            startDate: a.startDate,
            termMonths: a.termMonths,
            method: a.method,
            campaignId: a.campaignID,
            endDate: a.endDate,
            endReason: a.endReason
        )
    }

    /// A contract as the API answers it; its terms only when `terms` (`ContractTermsGrant`).
    static func contractDTO(_ k: EmploymentContract, terms: Bool = true) -> ContractDTO {
        ContractDTO(
            id: k.id!,
            personId: k.personID,
            appointmentId: k.appointmentID,
            startDate: k.startDate,
            endDate: k.endDate,
            status: k.status,
            terms: terms
                ? .init(
                    contractType: k.contractType,
                    probationMonths: k.probationMonths,
                    payGrade: k.payGrade,
                    statusReason: k.statusReason
                )
                : nil
        )
    }

    /// A contracts list row as the API answers it.
    static func contractDTO(_ k: ContractListRow, terms: Bool) -> ContractDTO {
        ContractDTO(
            id: k.id,
            personId: k.personId,
            appointmentId: k.appointmentId,
            startDate: k.startDate,
            endDate: k.endDate,
            status: k.status,
            terms: terms
                ? .init(
                    contractType: k.contractType,
                    probationMonths: k.probationMonths ?? 0,
                    payGrade: k.payGrade,
                    statusReason: k.statusReason
                )
                : nil
        )
    }

    static func appointments(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        var q = Appointment.query(on: req.db)
        if let z = try await ZoneScope.readZone(req, actor: actor) { q = q.filter(\.$zoneID == z) }
        if let people = try await visiblePeople(actor, on: req.db) { q = q.filter(\.$personID ~~ people) }
        if let id = try personParam(req) { q = q.filter(\.$personID == id) }
        if (try? req.query.get(Bool.self, at: "current")) == true { q = q.filter(\.$endDate == nil) }
        let total = try await q.count()
        let items = try await q.sort(\.$startDate, .descending).range(paging.offset..<(paging.offset + paging.limit)).all()
        return try json(ListAnswer(items: items.map(appointmentDTO), total: total))
    }

    /// Contracts the actor may read, filtered as a list page or the API asks.
    static func contracts(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let f = try await ContractsQuery.Filter(req, actor: actor)
        let today = CalendarDate.today()
        let total = try await ContractsQuery.count(f, today: today, on: req.db)
        let rows = try await ContractsQuery.rows(f, today: today, range: paging.offset..<(paging.offset + paging.limit), on: req.db)
        let grants = try await Reaches.grants(actor, [.contractTermsRead], on: req.db)
        return try json(
            ListAnswer(items: rows.map { contractDTO($0, terms: ContractTermsGrant.allows(grants, person: $0.personId)) }, total: total)
        )
    }

    static func loadContract(_ req: Request, actor: Actor, on db: Database) async throws -> EmploymentContract {
        guard let k = try await EmploymentContract.find(try req.uuid(), on: db) else { throw AppError.notFound }
        try ZoneScope.check(k.zoneID, actor: actor)
        return k
    }

    static func renew(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try decodeJSON(req, as: AppointmentService.RenewInput.self)
        let id = try await loadContract(req, actor: actor, on: req.db).id!
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let k = try await EmploymentContract.find(id, on: db) else { throw AppError.notFound }
            return contractDTO(try await AppointmentService.renew(k, input: input, on: db, trail: trail))
        }
        return try json(answer, status: .created)
    }

    static func terminate(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try decodeJSON(req, as: AppointmentService.TerminateInput.self)
        let id = try await loadContract(req, actor: actor, on: req.db).id!
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let k = try await EmploymentContract.find(id, on: db) else { throw AppError.notFound }
            try await AppointmentService.terminate(k, input: input, on: db, trail: trail)
            return contractDTO(k)
        }
        return try json(answer)
    }
}
