import Fluent
import Vapor
import YuanquKit

/// What the zone dashboard page shows: the figures, and what its links and year choice need.
struct DashboardPage {
    let figures: ZoneDashboard
    /// The zone's code on links, for platform users (zone users' pages know their zone).
    let zoneQuery: String?
    let years: [Int]
    /// The reader may open the zones' ranking.
    let linksRanking: Bool
}

/// What the zones' ranking page shows.
struct ZoneRankingPage {
    let ranking: ZoneRankingDTO
    let years: [Int]
}

/// The leaders' dashboard (领导驾驶舱) and the platform's zone ranking (争先进位), as pages and as JSON.
enum DashboardPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("dashboard", permission: .dashboardRead, use: { try await zone($0) })
        r.get("dashboard", "zones", permission: .zonesCompare, use: { try await zones($0) })
        let tag = "Dashboard"
        app.api(
            .GET,
            "dashboard",
            permission: .dashboardRead,
            doc: APIDoc(
                summary: "A zone's headline figures: this year so far against the same span last year, by area",
                tag: tag,
                response: "Dashboard",
                query: ["zone", QueryParam("year", .pastYear)]
            ),
            use: dashboard
        )
        app.api(
            .GET,
            "dashboard/zone-ranking",
            permission: .zonesCompare,
            doc: APIDoc(
                summary: "The platform's zones ranked on the declared measures, with each zone's rank change on last year",
                tag: tag,
                response: "ZoneRanking",
                query: [QueryParam("year", .pastYear)]
            ),
            use: zoneRanking
        )
    }

    /// GET /api/v1/dashboard
    static func dashboard(_ req: Request) async throws -> Response {
        let asked = try await Asked(req)
        return try await req.cachedJSON(asked.key, zone: asked.zone) { try await compute(asked, req) }
    }

    /// GET /api/v1/dashboard/zone-ranking
    static func zoneRanking(_ req: Request) async throws -> Response {
        let asked = try RankingAsked(req)
        return try await req.cachedJSON(asked.key, zone: nil) { try await compute(asked, req) }
    }

    /// The `year` asked for (this year when absent): a year from 2000 to this one.
    static func year(_ req: Request, today: CalendarDate) throws -> Int {
        guard let text = req.queryValue("year"), !text.isEmpty else { return today.year }
        guard let y = Int(text), (2000...today.year).contains(y) else {
            throw AppError.invalid("year", Loc("year 应为 2000 年至今年之间的年份", "year is a year from 2000 to this year"))
        }
        return y
    }

    /// A zone's figures as asked for: the zone, the year, and the cache key naming everything they depend on besides
    /// the zone's records (the zone, the year, the reader's role, which decides the sections, the language, the day).
    struct Asked: Sendable {
        let zone: UUID
        let year: Int
        let today: CalendarDate
        let key: String

        init(_ req: Request) async throws {
            let actor = try req.actor()
            today = CalendarDate.today()
            zone = try await InvestmentAPI.zone(req, actor: actor)
            year = try DashboardPages.year(req, today: today)
            key = "dashboard|\(zone)|\(year)|\(actor.role.rawValue)|\(req.lang.rawValue)|\(today)"
        }
    }

    /// The zones' ranking as asked for: the year, and its cache key.
    struct RankingAsked: Sendable {
        let year: Int
        let today: CalendarDate
        let key: String

        init(_ req: Request) throws {
            today = CalendarDate.today()
            year = try DashboardPages.year(req, today: today)
            key = "zone-ranking|\(year)|\(req.lang.rawValue)|\(today)"
        }
    }

    static func compute(_ asked: Asked, _ req: Request) async throws -> ZoneDashboard {
        guard let zone = try await DashboardQueries.zone(id: asked.zone, on: req.db) else { throw AppError.notFound }
        return try await DashboardQueries.dashboard(
            zone: zone,
            year: asked.year,
            today: asked.today,
            actor: try req.actor(),
            lang: req.lang,
            on: req.db
        )
    }

    static func compute(_ asked: RankingAsked, _ req: Request) async throws -> ZoneRankingDTO {
        try await ZoneRankingQuery.ranking(year: asked.year, today: asked.today, lang: req.lang, on: req.db)
    }

    static func years(_ today: CalendarDate) -> [Int] { Array((today.year - 5...today.year).reversed()) }

    static func zone(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let title = req.lang.t("领导驾驶舱", "Leaders' dashboard")
        if case .picker(let page) = try await InvestmentAPI.pageZone(req, actor: actor, page: .dashboard, title: title) { return page }
        let asked = try await Asked(req)
        let figures = try await req.application.readCache.answer(asked.key, zone: asked.zone) { try await compute(asked, req) }
        let model = DashboardPage(
            figures: figures,
            zoneQuery: actor.zoneID == nil ? figures.zone : nil,
            years: years(CalendarDate.today()),
            linksRanking: actor.can(.zonesCompare)
        )
        return Layout.render(request: req, title: title + " · " + figures.zoneName, body: DashboardView.view(model, req.view))
    }

    static func zones(_ req: Request) async throws -> Response {
        let asked = try RankingAsked(req)
        let ranking = try await req.application.readCache.answer(asked.key, zone: nil) { try await compute(asked, req) }
        let model = ZoneRankingPage(ranking: ranking, years: years(asked.today))
        return Layout.render(
            request: req,
            title: req.lang.t("争先进位：开发区排名", "Zones ranked"),
            body: ZoneRankingView.view(model, req.view)
        )
    }
}
