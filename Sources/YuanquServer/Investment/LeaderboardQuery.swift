import Fluent
import SQLKit
import Vapor
import YuanquKit

/// The figures of the leaderboard's charts, summed by the database.
struct LeaderboardCharts {
    /// Signed amount (fen) by month (1–12) of the period.
    var byMonth: [Int: Int64] = [:]
    /// Projects by stage (raw value).
    var byStage: [String: Int64] = [:]
    /// Signed amount (fen) by industry code.
    var byIndustry: [(industry: String, amountFen: Int64)] = []
}

/// The leaderboard page's chart reads: signed amount by month of the period, projects by stage, signed amount by industry.
enum LeaderboardQuery {
    static func charts(zone: UUID, period: String, on db: Database) async throws -> LeaderboardCharts {
        let sql = try db.sql
        var out = LeaderboardCharts()
        let months = try await sql.raw(
            """
            SELECT SUBSTR(signing_date, 6, 2) AS m, CAST(COALESCE(SUM(signed_amount_fen), 0) AS BIGINT) AS amount FROM investment_projects
            WHERE zone_id = \(bind: zone) AND stage IN (\(binds: InvestmentService.signedStages)) AND
              signing_date >= \(bind: period + "-01-01")
              AND signing_date <= \(bind: period + "-12-31") GROUP BY SUBSTR(signing_date, 6, 2)
            """
        ).all()
        for r in months {
            if let m = Int(try r.decode(column: "m", as: String.self)) { out.byMonth[m] = try r.decode(column: "amount", as: Int64.self) }
        }
        let stages = try await sql.raw(
            "SELECT stage, CAST(COUNT(*) AS BIGINT) AS n FROM investment_projects WHERE zone_id = \(bind: zone) GROUP BY stage"
        ).all()
        for r in stages { out.byStage[try r.decode(column: "stage", as: String.self)] = try r.decode(column: "n", as: Int64.self) }
        let industries = try await sql.raw(
            """
            SELECT industry, CAST(COALESCE(SUM(signed_amount_fen), 0) AS BIGINT) AS amount FROM investment_projects
            WHERE zone_id = \(bind: zone) AND stage IN (\(binds: InvestmentService.signedStages)) GROUP BY industry
            """
        ).all()
        for r in industries {
            out.byIndustry.append((try r.decode(column: "industry", as: String.self), try r.decode(column: "amount", as: Int64.self)))
        }
        return out
    }
}

/// What the leaderboard page shows: plain values, rendered by `LeaderboardView.view`.
struct LeaderboardPage {
    struct Row {
        let rank: Int
        let team: String
        /// Last of several teams: the input of 末尾淘汰.
        let isLast: Bool
        let signedCount: Int
        let signedCountTarget: Int64
        let signedAmount: Money
        let majorCount: Int
        let majorCountTarget: Int64
        let investedAmount: Money
        let attainmentBasisPoints: Int?
        /// Behind the team above, in the measure's unit (fen for amounts).
        let gapToAbove: Int64
    }

    let period: String
    let measure: Leaderboard.Measure
    let rows: [Row]
    let totals: TotalsDTO
    /// The zone chosen by a platform user, kept by the export link.
    let zoneCode: String?
    /// Signed amount by month (1–12), projects by stage (raw value) and signed amount by industry (label).
    let byMonth: [Int: Int64]
    let byStage: [String: Int64]
    let byIndustry: [(label: String, amountFen: Int64)]
    let params: ListParams
}
