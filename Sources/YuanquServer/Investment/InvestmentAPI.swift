import Fluent
import Vapor
import YuanquKit

struct TeamDTO: Encodable {
    /// A current membership: its id is what ending it takes.
    struct Membership: Encodable {
        let id: UUID
        let personId: UUID
        let from: String
        /// The campaign whose appointment opened the membership; none for one made by hand.
        let campaignId: UUID?
        /// The reason of a membership made by hand (a correction).
        let reason: String?
    }
    let id: UUID
    let zone: String
    let name: String
    let leaderId: UUID?
    let memberIds: [UUID]
    let memberships: [Membership]
}

struct LeaderboardDTO: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let teamId: String
        let team: String
        let rank: Int
        let signedCount: Int
        let signedAmountFen: Int64
        let majorCount: Int
        let investedAmountFen: Int64
        let target: [String: Int64]
        let attainmentBasisPoints: Int?
        let gapToAbove: Int64
    }
    let period: String
    let measure: Leaderboard.Measure
    let rows: [Row]
    /// The team in last place by the measure: the input of 末尾淘汰.
    let last: String?
}

/// The investment area's JSON API.
enum InvestmentAPI {
    static func register(_ app: Application) {
        let tag = "Investment"
        app.api(
            .GET,
            "teams",
            permission: .investmentRead,
            doc: APIDoc(summary: "Investment teams with their current members", tag: tag, response: "Team", list: true),
            use: teams
        )
        app.api(
            .GET,
            "investment-projects",
            permission: .investmentRead,
            doc: APIDoc(
                summary: "Investment projects",
                tag: tag,
                response: "InvestmentProject",
                list: true,
                query: ["zone", .oneOf("stage", ProjectStage.self), "industry", "team", "major", "q"]
            ),
            use: list
        )
        app.api(
            .POST,
            "investment-projects",
            permission: .investmentWrite,
            doc: APIDoc(
                summary: "Log a project (as a lead)",
                tag: tag,
                request: "ProjectInput",
                response: "InvestmentProject",
                status: 201
            ),
            use: create
        )
        app.api(
            .GET,
            "investment-projects/:id",
            permission: .investmentRead,
            doc: APIDoc(summary: "Get a project", tag: tag, response: "InvestmentProject"),
            use: get
        )
        app.api(
            .POST,
            "investment-projects/:id/stage",
            permission: .investmentWrite,
            reaches: .investmentProject,
            doc: APIDoc(
                summary: "Move a project one stage forward with its evidence, or drop it with a reason",
                tag: tag,
                request: "StageMoveInput",
                response: "InvestmentProject"
            ),
            use: stage
        )
        app.api(
            .GET,
            "investment/leaderboard",
            permission: .investmentRead,
            doc: APIDoc(
                summary: "Teams against their targets for a period, ranked",
                tag: tag,
                response: "Leaderboard",
                query: ["zone", QueryParam("period", .integer(2000...2100)), .oneOf("measure", Leaderboard.Measure.self)]
            ),
            use: leaderboard
        )
        app.api(
            .GET,
            "investment/totals",
            permission: .investmentRead,
            doc: APIDoc(
                summary: "Zone totals: signed and major (≥ threshold) projects, counts and amounts",
                tag: tag,
                response: "Totals",
                query: ["zone"]
            ),
            use: totals
        )
    }

    /// The zone an investment request reads: the user's own, or (platform users) the `zone` parameter, which they must give.
    static func zone(_ req: Request, actor: Actor) async throws -> UUID {
        guard let z = try await ZoneScope.readZone(req, actor: actor) else {
            throw AppError.invalid("zone", Loc("请指定开发区（zone）", "Give the zone"))
        }
        return z
    }

    /// The zone an investment page shows, or for a platform user who has not chosen one, the page asking which.
    static func pageZone(_ req: Request, actor: Actor, page: SiteURL, title: String) async throws -> ZoneChoice {
        if let z = try await ZoneScope.readZone(req, actor: actor) { return .zone(z) }
        let zones = req.storage[ZoneChoicesKey.self] ?? []
        let model = ZonePickerModel(
            choices: zones.map { .init(name: req.lang.t($0.name, $0.nameEn), url: page, query: [("zone", $0.code)]) }
        )
        return .picker(Layout.render(request: req, title: title, body: ZonePickerView.view(model, lang: req.lang)))
    }

    static func load(_ req: Request, actor: Actor) async throws -> InvestmentProject {
        guard let p = try await InvestmentProject.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(p.zoneID, actor: actor)
        return p
    }

    static func dto(_ p: InvestmentProject, on db: Database) async throws -> ProjectDTO {
        let zone = try await Zone.find(p.zoneID, on: db)
        return InvestmentService.dto(
            p,
            zoneCode: zone?.code ?? "",
            threshold: try await InvestmentService.threshold(zone: p.zoneID, on: db)
        )
    }

    static func teams(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        var q = InvestmentTeam.query(on: req.db)
        let zone = try await ZoneScope.readZone(req, actor: actor)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        let list = try await q.sort(\.$name).all()
        let members = try await TeamMembership.query(on: req.db).filter(\.$teamID ~~ list.compactMap(\.id)).filter(\.$toDate == nil).all()
        let d = try await OrgQueries.directory(for: zone, on: req)
        let items = list.map { t in
            TeamDTO(
                id: t.id!,
                zone: d.zoneCode(t.zoneID),
                name: t.name,
                leaderId: t.leaderID,
                memberIds: members.filter { $0.teamID == t.id }.map(\.personID),
                memberships: members.filter { $0.teamID == t.id }.map {
                    .init(id: $0.id!, personId: $0.personID, from: $0.fromDate, campaignId: $0.campaignID, reason: $0.reason)
                }
            )
        }
        return try json(ListAnswer(items: items, total: items.count))
    }

    struct Filter {
        var zone: UUID?
        var stage: ProjectStage?
        var industry: String?
        var team: UUID?
        var major: Bool?
        var q = ""
    }

    static func filter(_ req: Request, actor: Actor) async throws -> Filter {
        func get(_ k: String) -> String? { req.queryValue(k).flatMap { $0.isEmpty ? nil : $0 } }
        var f = Filter()
        f.zone = try await ZoneScope.readZone(req, actor: actor)
        if let s = get("stage") {
            guard let st = ProjectStage.parse(s) else { throw AppError.invalid("stage", Loc("stage 取值无效", "Unknown stage")) }
            f.stage = st
        }
        f.industry = get("industry")
        if let t = get("team") {
            guard let id = UUID(uuidString: t) else { throw AppError.invalid("team", Loc("team 不是有效的编号", "team is not a valid id")) }
            f.team = id
        }
        if let m = get("major") { f.major = parseBool(m) }
        f.q = get("q") ?? ""
        return f
    }

    /// The major-project threshold the filter's `major` compares with: the zone's, or ¥100 million for all zones.
    static func threshold(_ f: Filter, on db: Database) async throws -> Money {
        try await f.zone.asyncMap { try await InvestmentService.threshold(zone: $0, on: db) } ?? Money.yi(1)
    }

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let f = try await filter(req, actor: actor)
        let (rows, total) = try await PipelineQuery.page(
            f,
            threshold: try await threshold(f, on: req.db),
            range: paging.offset..<(paging.offset + paging.limit),
            on: req.db
        )
        // Each project is major by its own zone's threshold.
        var thresholds: [UUID: Money] = [:]
        for zone in Set(rows.map(\.zoneId)) { thresholds[zone] = try await InvestmentService.threshold(zone: zone, on: req.db) }
        let d = try await OrgQueries.directory(for: f.zone, on: req)
        let items = rows.map { r in
            ProjectDTO(
                id: r.id,
                zone: d.zoneCode(r.zoneId),
                name: r.name,
                investor: r.investor,
                industry: r.industry,
                region: r.region,
                amountFen: r.amountFen,
                signedAmountFen: r.signedAmountFen,
                investedAmountFen: r.investedAmountFen,
                teamId: r.teamId,
                stage: ProjectStage(rawValue: r.stage) ?? .lead,
                isMajor: r.isMajor(threshold: thresholds[r.zoneId] ?? .yi(1)),
                signingDate: r.signingDate,
                agreementNumber: r.agreementNumber,
                creditCode: r.creditCode,
                startDate: r.startDate,
                operationDate: r.operationDate,
                droppedReason: r.droppedReason
            )
        }
        return try json(ListAnswer(items: items, total: total))
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: ProjectInput.self)
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            try await dto(try await InvestmentService.createProject(input, actor: actor, zone: zone, on: db, trail: trail), on: db)
        }
        return try json(answer, status: .created)
    }

    static func get(_ req: Request) async throws -> Response {
        try json(try await dto(try await load(req, actor: try req.actor()), on: req.db))
    }

    static func stage(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let input = try decodeJSON(req, as: StageMoveInput.self)
        let id = try await load(req, actor: actor).id!
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let p = try await InvestmentProject.find(id, on: db) else { throw AppError.notFound }
            try await InvestmentService.move(p, input: input, on: db, trail: trail)
            return try await dto(p, on: db)
        }
        return try json(answer)
    }

    static func period(_ req: Request) throws -> String {
        let p = req.queryValue("period") ?? String(CalendarDate.today().year)
        guard p.count == 4, let y = Int(p), (2000...2100).contains(y) else {
            throw AppError.invalid("period", Loc("period 应为年份，如 2026", "period is a year, e.g. 2026"))
        }
        return p
    }

    static func leaderboardDTO(_ req: Request, actor: Actor) async throws -> LeaderboardDTO {
        let z = try await zone(req, actor: actor)
        let period = try period(req)
        let measure =
            try req.queryValue("measure").map { m -> Leaderboard.Measure in
                guard let v = Leaderboard.Measure(rawValue: m) else {
                    throw AppError.invalid("measure", Loc("measure 取值无效", "Unknown measure"))
                }
                return v
            } ?? .signedAmount
        let rows = try await InvestmentService.leaderboard(zone: z, period: period, measure: measure, on: req.db)
        let names = Dictionary(
            uniqueKeysWithValues: try await InvestmentTeam.query(on: req.db).filter(\.$zoneID == z).all().map {
                ($0.id!.uuidString, $0.name)
            }
        )
        return LeaderboardDTO(
            period: period,
            measure: measure,
            rows: rows.map { r in
                .init(
                    teamId: r.teamID,
                    team: names[r.teamID] ?? "",
                    rank: r.rank,
                    signedCount: r.figures.signedCount,
                    signedAmountFen: r.figures.signedAmount.fen,
                    majorCount: r.figures.majorCount,
                    investedAmountFen: r.figures.investedAmount.fen,
                    target: [
                        "signedCount": Int64(r.target.signedCount), "signedAmountFen": r.target.signedAmount.fen,
                        "majorCount": Int64(r.target.majorCount),
                        "investedAmountFen": r.target.investedAmount.fen,
                    ],
                    attainmentBasisPoints: r.attainment,
                    gapToAbove: r.gapToAbove
                )
            },
            last: rows.last.flatMap { names[$0.teamID] }
        )
    }

    /// The leaderboard, from the read cache while nothing of the zone has changed.
    static func leaderboard(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let z = try await zone(req, actor: actor)
        let key = "leaderboard|\(z)|\(req.url.query ?? "")|\(req.lang.rawValue)|\(CalendarDate.today())"
        return try await req.cachedJSON(key, zone: z) { try await leaderboardDTO(req, actor: actor) }
    }

    static func totals(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let z = try await zone(req, actor: actor)
        return try await req.cachedJSON("totals|\(z)", zone: z) { try await InvestmentService.totals(zone: z, on: req.db) }
    }
}
