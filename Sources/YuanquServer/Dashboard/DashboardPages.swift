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
                query: ["zone", "year"]
            ),
            use: { req in try await req.cachedJSON(try await key(req), zone: try await zoneID(req)) { try await figures(req) } }
        )
        app.api(
            .GET,
            "dashboard/zone-ranking",
            permission: .zonesCompare,
            doc: APIDoc(
                summary: "The platform's zones ranked on the declared measures, with each zone's rank change on last year",
                tag: tag,
                response: "ZoneRanking",
                query: ["year"]
            ),
            use: { req in try await req.cachedJSON(try rankingKey(req), zone: nil) { try await ranking(req) } }
        )
    }

    /// The `year` asked for (this year when absent): a year from 2000 to this one.
    static func year(_ req: Request, today: CalendarDate) throws -> Int {
        guard let text = try? req.query.get(String.self, at: "year"), !text.isEmpty else { return today.year }
        guard let y = Int(text), (2000...today.year).contains(y) else {
            throw AppError.invalid("year", Loc("year 应为 2000 年至今年之间的年份", "year is a year from 2000 to this year"))
        }
        return y
    }

    static func zoneID(_ req: Request) async throws -> UUID { try await InvestmentAPI.zone(req, actor: try req.actor()) }

    /// What a zone's figures depend on besides its records: the zone, the year, the reader's role (which sections),
    /// the language and the day.
    static func key(_ req: Request) async throws -> String {
        let today = CalendarDate.today()
        return
            "dashboard|\(try await zoneID(req))|\(try year(req, today: today))|\(try req.actor().role.rawValue)|\(req.lang.rawValue)|\(today)"
    }

    static func rankingKey(_ req: Request) throws -> String {
        let today = CalendarDate.today()
        return "zone-ranking|\(try year(req, today: today))|\(req.lang.rawValue)|\(today)"
    }

    static func figures(_ req: Request) async throws -> ZoneDashboard {
        let actor = try req.actor()
        let today = CalendarDate.today()
        let zoneID = try await zoneID(req)
        let year = try year(req, today: today)
        return try await req.application.readCache.answer(try await key(req), zone: zoneID) {
            guard let zone = try await DashboardQueries.zone(id: zoneID, on: req.db) else { throw AppError.notFound }
            return try await DashboardQueries.dashboard(zone: zone, year: year, today: today, actor: actor, lang: req.lang, on: req.db)
        }
    }

    static func ranking(_ req: Request) async throws -> ZoneRankingDTO {
        let today = CalendarDate.today()
        let year = try year(req, today: today)
        return try await req.application.readCache.answer(try rankingKey(req), zone: nil) {
            try await ZoneRankingQuery.ranking(year: year, today: today, lang: req.lang, on: req.db)
        }
    }

    static func years(_ today: CalendarDate) -> [Int] { Array((today.year - 5...today.year).reversed()) }

    static func zone(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let title = req.lang.t("领导驾驶舱", "Leaders' dashboard")
        if case .picker(let page) = try await InvestmentAPI.pageZone(req, actor: actor, page: .dashboard, title: title) { return page }
        let figures = try await figures(req)
        let model = DashboardPage(
            figures: figures,
            zoneQuery: actor.zoneID == nil ? figures.zone : nil,
            years: years(CalendarDate.today()),
            linksRanking: actor.can(.zonesCompare)
        )
        return Layout.render(request: req, title: title + " · " + figures.zoneName, body: DashboardView.view(model, req.view))
    }

    static func zones(_ req: Request) async throws -> Response {
        let model = ZoneRankingPage(ranking: try await ranking(req), years: years(CalendarDate.today()))
        return Layout.render(
            request: req,
            title: req.lang.t("争先进位：开发区排名", "Zones ranked"),
            body: ZoneRankingView.view(model, req.view)
        )
    }
}
