import Fluent
import SQLKit
import Vapor
import YuanquKit

/// The platform's zones ranked on the declared measures (争先进位): this year so far, and the same span last year for
/// each zone's rank change.
struct ZoneRankingDTO: Encodable, Sendable {
    struct Figure: Encodable, Sendable {
        /// The measure's value (fen, count, basis points or hundredths, as `ZoneRanking.Measure` says); nil when the
        /// zone had nothing to measure.
        let value: Int64?
        let previous: Int64?
        let rank: Int?
    }

    struct Row: Encodable, Sendable {
        let zone: String
        let zoneName: String
        let rank: Int
        let previousRank: Int?
        /// Previous rank less rank: positive is up.
        let change: Int?
        /// Points out of 100, two decimals.
        let score: Double
        let measures: [String: Figure]
        /// The zone's latest final assessment cycle and the share (basis points) of its people graded excellent.
        let assessmentCycle: String?
        let excellentBasisPoints: Int?
    }

    struct Measure: Encodable, Sendable {
        let key: String
        let weight: Int64
    }

    let year: Int
    let from: String
    let to: String
    let previousFrom: String
    let previousTo: String
    let measures: [Measure]
    let rows: [Row]
}

/// The ranking's reads: one grouped query a table, over every zone at once.
enum ZoneRankingQuery {
    /// Major projects are counted at ¥100 million on the platform, whatever a zone's own threshold, so zones compare.
    static let majorThreshold = Money.yi(1)

    static func ranking(year: Int, today: CalendarDate, lang: Lang, on db: Database) async throws -> ZoneRankingDTO {
        guard let span = YearSpan.of(year: year, today: today) else {
            throw AppError.invalid("year", Loc("年份不能晚于今年", "The year cannot be after this year"))
        }
        let sql = try DashboardQueries.sql(db)
        let zones = try await sql.raw("SELECT id, code, name, name_en FROM zones ORDER BY code")
            .all(decoding: DashboardQueries.Zone.self, keyDecodingStrategy: .snakeCaseColumns)
        let values = try await measures(span, on: sql)
        let current = zones.map { ZoneRanking.Entry(id: $0.code, values: values[$0.id]?.current ?? [:]) }
        let previous = zones.map { ZoneRanking.Entry(id: $0.code, values: values[$0.id]?.previous ?? [:]) }
        let byCode = Dictionary(uniqueKeysWithValues: zones.map { ($0.code, $0) })
        let assessments = try await latestAssessments(on: sql)
        let rows = ZoneRanking.rank(current, previous: previous).map { s in
            let z = byCode[s.id]!
            let v = values[z.id]
            var figures: [String: ZoneRankingDTO.Figure] = [:]
            for m in ZoneRanking.Measure.allCases {
                figures[m.rawValue] = .init(value: v?.current[m], previous: v?.previous[m], rank: s.measureRanks[m])
            }
            let a = assessments[z.id]
            return ZoneRankingDTO.Row(
                zone: z.code,
                zoneName: lang.t(z.name, z.nameEn),
                rank: s.rank,
                previousRank: s.previousRank,
                change: s.change,
                score: Double(s.score) / 100,
                measures: figures,
                assessmentCycle: a?.cycle,
                excellentBasisPoints: a.flatMap { $0.people > 0 ? Int($0.excellent * 10_000 / $0.people) : nil }
            )
        }
        return ZoneRankingDTO(
            year: year,
            from: span.from.description,
            to: span.to.description,
            previousFrom: span.yearBefore.from.description,
            previousTo: span.yearBefore.to.description,
            measures: ZoneRanking.Measure.allCases.map { .init(key: $0.rawValue, weight: $0.weight) },
            rows: rows
        )
    }

    struct Values {
        var current: [ZoneRanking.Measure: Int64] = [:]
        var previous: [ZoneRanking.Measure: Int64] = [:]
    }

    /// Every zone's measures this year and last, one grouped query a table.
    static func measures(_ span: YearSpan, on sql: SQLDatabase) async throws -> [UUID: Values] {
        typealias Q = DashboardQueries
        let since = span.yearBefore.from.description
        var out: [UUID: Values] = [:]
        func each(_ rows: [SQLRow], _ body: (inout Values, SQLRow) throws -> Void) throws {
            for r in rows { try body(&out[try r.decode(column: "zone_id", as: UUID.self), default: Values()], r) }
        }
        func both(_ r: SQLRow, _ alias: String) throws -> (Int64, Int64) {
            (try r.decode(column: alias + "_c", as: Int64.self), try r.decode(column: alias + "_p", as: Int64.self))
        }
        /// A rate in basis points, nil when there was nothing to rate.
        func rate(_ part: Int64, _ whole: Int64, per: Int64 = 10_000) -> Int64? { whole > 0 ? part * per / whole : nil }
        let major = "CASE WHEN signed_amount_fen >= \(majorThreshold.fen) THEN 1 ELSE 0 END"
        try each(
            try await sql.raw(
                """
                SELECT zone_id, \(Q.pair("signed_amount_fen", "signing_date", span, as: "amount")),
                  \(Q.pair(major, "signing_date", span, as: "major"))
                FROM investment_projects WHERE stage IN (\(binds: InvestmentService.signedStages)) AND signing_date >= \(bind: since)
                GROUP BY zone_id
                """
            ).all()
        ) { v, r in
            (v.current[.signedAmount], v.previous[.signedAmount]) = try both(r, "amount")
            (v.current[.majorProjects], v.previous[.majorProjects]) = try both(r, "major")
        }
        try each(
            try await sql.raw(
                """
                SELECT zone_id, \(Q.pair("1", "start_date", span, as: "n")) FROM investment_projects
                WHERE stage <> 'dropped' AND start_date >= \(bind: since) GROUP BY zone_id
                """
            ).all()
        ) { v, r in
            (v.current[.projectsStarted], v.previous[.projectsStarted]) = try both(r, "n")
        }
        try each(
            try await sql.raw(
                """
                SELECT zone_id, \(Q.pair("1", "closed_on", span, as: "n")),
                  \(Q.pair("CASE WHEN closed_on <= due_on THEN 1 ELSE 0 END", "closed_on", span, as: "ontime")),
                  \(Q.pair("COALESCE(satisfaction, 0)", "closed_on", span, as: "sat")),
                  \(Q.pair("CASE WHEN satisfaction IS NULL THEN 0 ELSE 1 END", "closed_on", span, as: "rated"))
                FROM service_requests WHERE status = 'closed' AND closed_on >= \(bind: since) GROUP BY zone_id
                """
            ).all()
        ) { v, r in
            let (n, pn) = try both(r, "n")
            let (ontime, pontime) = try both(r, "ontime")
            let (sat, psat) = try both(r, "sat")
            let (rated, prated) = try both(r, "rated")
            v.current[.serviceOnTime] = rate(ontime, n)
            v.previous[.serviceOnTime] = rate(pontime, pn)
            v.current[.satisfaction] = rate(sat, rated, per: 100)
            v.previous[.satisfaction] = rate(psat, prated, per: 100)
        }
        try each(
            try await sql.raw(
                """
                SELECT cp.zone_id, \(Q.pair("1", "m.planned_on", span, as: "due")),
                  \(Q.pair("CASE WHEN m.actual_on IS NOT NULL AND m.actual_on <= m.planned_on THEN 1 ELSE 0 END", "m.planned_on", span, as: "ontime"))
                FROM project_milestones m JOIN construction_projects cp ON cp.id = m.project_id
                WHERE m.planned_on >= \(bind: since) GROUP BY cp.zone_id
                """
            ).all()
        ) { v, r in
            let (due, pdue) = try both(r, "due")
            let (ontime, pontime) = try both(r, "ontime")
            v.current[.milestonesOnTime] = rate(ontime, due)
            v.previous[.milestonesOnTime] = rate(pontime, pdue)
        }
        return out
    }

    struct Assessment {
        let cycle: String
        let excellent: Int64
        let people: Int64
    }

    /// Each zone's latest final assessment cycle with its people graded, and how many excellent.
    static func latestAssessments(on sql: SQLDatabase) async throws -> [UUID: Assessment] {
        let rows = try await sql.raw(
            """
            SELECT c.zone_id, c.name, CAST(COALESCE(SUM(CASE WHEN r.grade = 'excellent' THEN 1 ELSE 0 END), 0) AS BIGINT) AS excellent,
              CAST(COUNT(r.id) AS BIGINT) AS people
            FROM assessment_cycles c
            JOIN assessment_results r ON r.cycle_id = c.id AND r.assessee = 'person' AND r.grade IS NOT NULL
            WHERE c.status = 'final' AND c.ends_on = (SELECT MAX(c2.ends_on) FROM assessment_cycles c2
              WHERE c2.zone_id = c.zone_id AND c2.status = 'final')
            GROUP BY c.zone_id, c.name ORDER BY c.name
            """
        ).all()
        var out: [UUID: Assessment] = [:]
        for r in rows {
            let z = try r.decode(column: "zone_id", as: UUID.self)
            guard out[z] == nil else { continue }
            out[z] = Assessment(
                cycle: try r.decode(column: "name", as: String.self),
                excellent: try r.decode(column: "excellent", as: Int64.self),
                people: try r.decode(column: "people", as: Int64.self)
            )
        }
        return out
    }
}
