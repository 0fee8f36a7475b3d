import Fluent
import SQLKit
import Vapor
import YuanquKit

/// Twelve monthly figures of this year and of last year (index 0 is January).
struct Monthly: Encodable, Equatable, Sendable {
    var current: [Int64] = Array(repeating: 0, count: 12)
    var previous: [Int64] = Array(repeating: 0, count: 12)
}

/// A zone's headline figures (领导驾驶舱), each section present when the reader may see its area. Figures of a period
/// compare the year so far (`from`–`to`) with the same span last year; the rest are as of today. Everything is summed
/// by the database with indexed queries: nothing is loaded record by record.
struct ZoneDashboard: Encodable, Sendable {
    struct Organisation: Encodable, Sendable {
        let units: Int
        let posts: Int
        /// Approved places (编制), the posts' headcounts added up.
        let headcount: Int
        let people: Int
        /// People holding a post.
        let inPosts: Int
        /// Places no one holds, post by post.
        let vacancies: Int
    }

    struct Personnel: Encodable, Sendable {
        /// Campaigns not yet at their appointment stage.
        let campaignsRunning: Int
        /// Campaigns opened in the span.
        let campaignsOpened: Comparison
        let appointments: Comparison
        /// Appointments by open competition (竞争性选拔).
        let competitiveAppointments: Comparison
        let appointmentsByMonth: Monthly
    }

    struct Team: Encodable, Sendable {
        let rank: Int
        let team: String
        let signedAmountFen: Int64
        let attainmentBasisPoints: Int?
    }

    struct Investment: Encodable, Sendable {
        let signedCount: Comparison
        let signedAmountFen: Comparison
        /// Signed at or above the zone's major threshold.
        let majorCount: Comparison
        let majorThresholdWan: Int
        /// Projects that started construction in the span.
        let startedCount: Comparison
        /// Projects by stage now.
        let pipeline: [String: Int]
        let signedAmountByMonth: Monthly
        /// The teams' leaderboard of the year (ranked as the leaderboard ranks them, against their targets), first five.
        let leaderboard: [Team]
    }

    struct Service: Encodable, Sendable {
        let open: Int
        let overdue: Int
        let closed: Comparison
        /// Closed by the due date, of those closed in the span.
        let closedOnTime: Comparison
        /// The mean satisfaction (1–5) of those closed in the span, in hundredths; nil when none was rated.
        let satisfactionHundredths: Int?
        let previousSatisfactionHundredths: Int?
        let openedByMonth: Monthly
    }

    struct Assessment: Encodable, Sendable {
        /// The latest final cycle, if any.
        let cycle: String?
        let cycleId: UUID?
        /// People's grades in it (grade → count).
        let grades: [String: Int]
        let flagsUndecided: Int
    }

    struct Engineering: Encodable, Sendable {
        let projects: Int
        let keyProjects: Int
        let investmentFen: Int64
        /// Mean progress (percent) of the projects.
        let averageProgress: Int
        /// Milestones past their planned date and not reached.
        let lateMilestones: Int
        /// Milestones due in the span, and those of them reached by their planned date.
        let milestonesDue: Comparison
        let milestonesOnTime: Comparison
        let byStage: [String: Int]
    }

    /// The audit chain's anchoring (`yuanqu audit checkpoint`), for those who read the audit log.
    struct Checkpoints: Encodable, Sendable {
        /// When the last checkpoint was taken (ISO 8601 UTC); nil: never.
        let lastAt: String?
        /// The event it anchored.
        let lastSequence: Int?
        /// Whole days since, by the calendar in China; nil: never.
        let lastDays: Int?
    }

    let zone: String
    let zoneName: String
    let year: Int
    let from: String
    let to: String
    let previousFrom: String
    let previousTo: String
    let organisation: Organisation?
    let personnel: Personnel?
    let investment: Investment?
    let service: Service?
    let assessment: Assessment?
    let engineering: Engineering?
    let auditChain: Checkpoints?
}

/// The dashboard's reads: aggregates over indexed columns, a few queries a section.
enum DashboardQueries {
    struct Zone: Decodable {
        let id: UUID
        let code: String
        let name: String
        let nameEn: String
    }

    static func sql(_ db: Database) throws -> SQLDatabase {
        let sql = try db.sql
        return sql
    }

    /// `SUM(value)` over the rows whose date `column` lies in the span, as a BIGINT named `alias`.
    static func sum(_ value: String, _ column: String, _ span: YearSpan, as alias: String) -> SQLQueryString {
        """
        CAST(COALESCE(SUM(CASE WHEN \(unsafeRaw: column) >= \(bind: span.from.description) AND \(unsafeRaw: column) <= \
        \(bind: span.to.description) THEN \(unsafeRaw: value) ELSE 0 END), 0) AS BIGINT) AS \(unsafeRaw: alias)
        """
    }

    /// The sums of `value` in this year's span and last year's, named `alias_c` and `alias_p`.
    static func pair(_ value: String, _ column: String, _ span: YearSpan, as alias: String) -> SQLQueryString {
        sum(value, column, span, as: alias + "_c") + ", " + sum(value, column, span.yearBefore, as: alias + "_p")
    }

    static func comparison(_ row: SQLRow?, _ alias: String) throws -> Comparison {
        Comparison(
            current: try row?.decode(column: alias + "_c", as: Int64.self) ?? 0,
            previous: try row?.decode(column: alias + "_p", as: Int64.self) ?? 0
        )
    }

    /// The figures by month of `column` (a date) over this year and last, summing `value`.
    static func monthly(
        _ table: String,
        _ column: String,
        value: String = "1",
        zone: UUID,
        span: YearSpan,
        extra: SQLQueryString = "1 = 1",
        on sql: SQLDatabase
    ) async throws -> Monthly {
        let first = span.yearBefore.from.description
        let last = "\(span.from.year)-12-31"
        let rows = try await sql.raw(
            """
            SELECT SUBSTR(\(unsafeRaw: column), 1, 7) AS ym, CAST(COALESCE(SUM(\(unsafeRaw: value)), 0) AS BIGINT) AS v
            FROM \(unsafeRaw: table) WHERE zone_id = \(bind: zone) AND \(unsafeRaw: column) >= \(bind: first)
              AND \(unsafeRaw: column) <= \(bind: last) AND \(extra)
            GROUP BY SUBSTR(\(unsafeRaw: column), 1, 7)
            """
        ).all()
        var out = Monthly()
        for r in rows {
            let ym = try r.decode(column: "ym", as: String.self)
            guard ym.count == 7, let y = Int(ym.prefix(4)), let m = Int(ym.suffix(2)), (1...12).contains(m) else { continue }
            let v = try r.decode(column: "v", as: Int64.self)
            if y == span.from.year { out.current[m - 1] = v } else if y == span.from.year - 1 { out.previous[m - 1] = v }
        }
        return out
    }

    static func count(_ sql: SQLDatabase, _ query: SQLQueryString) async throws -> Int {
        Int(try await sql.raw(query).first()?.decode(column: "n", as: Int64.self) ?? 0)
    }

    static func byKey(_ sql: SQLDatabase, _ query: SQLQueryString) async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for r in try await sql.raw(query).all() {
            out[try r.decode(column: "k", as: String.self)] = Int(try r.decode(column: "n", as: Int64.self))
        }
        return out
    }

    static func zone(code: String, on db: Database) async throws -> Zone? {
        try await sql(db).raw("SELECT id, code, name, name_en FROM zones WHERE code = \(bind: code)")
            .first(decoding: Zone.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func zone(id: UUID, on db: Database) async throws -> Zone? {
        try await sql(db).raw("SELECT id, code, name, name_en FROM zones WHERE id = \(bind: id)")
            .first(decoding: Zone.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    // MARK: the zone

    static func dashboard(zone: Zone, year: Int, today: CalendarDate, actor: Actor, lang: Lang, on db: Database) async throws
        -> ZoneDashboard
    {
        guard let span = YearSpan.of(year: year, today: today) else {
            throw AppError.invalid("year", Loc("年份不能晚于今年", "The year cannot be after this year"))
        }
        let sql = try sql(db)
        let z = zone.id
        return ZoneDashboard(
            zone: zone.code,
            zoneName: lang.t(zone.name, zone.nameEn),
            year: year,
            from: span.from.description,
            to: span.to.description,
            previousFrom: span.yearBefore.from.description,
            previousTo: span.yearBefore.to.description,
            organisation: actor.can(.orgRead) ? try await organisation(z, on: sql) : nil,
            personnel: actor.can(.appointmentsRead) ? try await personnel(z, span, on: sql) : nil,
            investment: actor.can(.investmentRead) ? try await investment(z, span, on: db) : nil,
            service: actor.can(.investmentRead) ? try await service(z, span, today: today, on: sql) : nil,
            assessment: actor.can(.assessmentRead) ? try await assessment(z, on: sql) : nil,
            engineering: actor.can(.engineeringRead) ? try await engineering(z, span, today: today, on: sql) : nil,
            auditChain: actor.can(.auditRead) ? try await checkpoints(today: today, on: sql) : nil
        )
    }

    /// The last checkpoint of the audit chain and its age in days.
    static func checkpoints(today: CalendarDate, on sql: SQLDatabase) async throws -> ZoneDashboard.Checkpoints {
        guard let last = try await AuditCheckpoint.last(on: sql) else { return .init(lastAt: nil, lastSequence: nil, lastDays: nil) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let days = formatter.date(from: last.takenAt).map { today.dayNumber - CalendarDate.today($0).dayNumber }
        return .init(lastAt: last.takenAt, lastSequence: last.sequence, lastDays: days)
    }

    static func organisation(_ z: UUID, on sql: SQLDatabase) async throws -> ZoneDashboard.Organisation {
        let posts = try await sql.raw(
            """
            SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(p.headcount), 0) AS BIGINT) AS headcount,
              CAST(COALESCE(SUM(CASE WHEN p.headcount > COALESCE(h.n, 0) THEN p.headcount - COALESCE(h.n, 0) ELSE 0 END), 0)
                AS BIGINT) AS vacancies
            FROM posts p LEFT JOIN (SELECT post_id, COUNT(*) AS n FROM people WHERE zone_id = \(bind: z) AND post_id IS NOT NULL
              GROUP BY post_id) h ON h.post_id = p.id
            WHERE p.zone_id = \(bind: z)
            """
        ).first()
        let people = try await sql.raw(
            """
            SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(CASE WHEN post_id IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT)
              AS in_posts FROM people WHERE zone_id = \(bind: z)
            """
        ).first()
        return ZoneDashboard.Organisation(
            units: try await count(sql, "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM org_units WHERE zone_id = \(bind: z)"),
            posts: Int(try posts?.decode(column: "n", as: Int64.self) ?? 0),
            headcount: Int(try posts?.decode(column: "headcount", as: Int64.self) ?? 0),
            people: Int(try people?.decode(column: "n", as: Int64.self) ?? 0),
            inPosts: Int(try people?.decode(column: "in_posts", as: Int64.self) ?? 0),
            vacancies: Int(try posts?.decode(column: "vacancies", as: Int64.self) ?? 0)
        )
    }

    static func personnel(_ z: UUID, _ span: YearSpan, on sql: SQLDatabase) async throws -> ZoneDashboard.Personnel {
        let appointments = try await sql.raw(
            """
            SELECT \(pair("1", "start_date", span, as: "n")),
              \(pair("CASE WHEN method = 'competitive' THEN 1 ELSE 0 END", "start_date", span, as: "comp"))
            FROM appointments WHERE zone_id = \(bind: z) AND start_date >= \(bind: span.yearBefore.from.description)
            """
        ).first()
        let campaigns = try await sql.raw(
            """
            SELECT \(pair("1", "opened_on", span, as: "opened")),
              CAST(COALESCE(SUM(CASE WHEN stage <> 'appointment' THEN 1 ELSE 0 END), 0) AS BIGINT) AS running
            FROM campaigns WHERE zone_id = \(bind: z)
            """
        ).first()
        return ZoneDashboard.Personnel(
            campaignsRunning: Int(try campaigns?.decode(column: "running", as: Int64.self) ?? 0),
            campaignsOpened: try comparison(campaigns, "opened"),
            appointments: try comparison(appointments, "n"),
            competitiveAppointments: try comparison(appointments, "comp"),
            appointmentsByMonth: try await monthly("appointments", "start_date", zone: z, span: span, on: sql)
        )
    }

    static func investment(_ z: UUID, _ span: YearSpan, on db: Database) async throws -> ZoneDashboard.Investment {
        let sql = try sql(db)
        let thresholdWan = try await Settings.int("investment.majorThresholdWan", zone: z, on: db)
        let major = "CASE WHEN signed_amount_fen >= \(Money.wan(Int64(thresholdWan)).fen) THEN 1 ELSE 0 END"
        let signed = try await sql.raw(
            """
            SELECT \(pair("1", "signing_date", span, as: "n")), \(pair("signed_amount_fen", "signing_date", span, as: "amount")),
              \(pair(major, "signing_date", span, as: "major"))
            FROM investment_projects WHERE zone_id = \(bind: z) AND stage IN (\(binds: InvestmentService.signedStages))
              AND signing_date >= \(bind: span.yearBefore.from.description)
            """
        ).first()
        let started = try await sql.raw(
            """
            SELECT \(pair("1", "start_date", span, as: "n")) FROM investment_projects
            WHERE zone_id = \(bind: z) AND stage <> 'dropped' AND start_date >= \(bind: span.yearBefore.from.description)
            """
        ).first()
        let ranked = try await InvestmentService.leaderboard(zone: z, period: String(span.from.year), measure: .signedAmount, on: db)
        let names = try await teamNames(z, on: sql)
        return ZoneDashboard.Investment(
            signedCount: try comparison(signed, "n"),
            signedAmountFen: try comparison(signed, "amount"),
            majorCount: try comparison(signed, "major"),
            majorThresholdWan: thresholdWan,
            startedCount: try comparison(started, "n"),
            pipeline: try await byKey(
                sql,
                "SELECT stage AS k, CAST(COUNT(*) AS BIGINT) AS n FROM investment_projects WHERE zone_id = \(bind: z) GROUP BY stage"
            ),
            signedAmountByMonth: try await monthly(
                "investment_projects",
                "signing_date",
                value: "signed_amount_fen",
                zone: z,
                span: span,
                extra: "stage IN (\(binds: InvestmentService.signedStages))",
                on: sql
            ),
            leaderboard: ranked.prefix(5).map { r in
                ZoneDashboard.Team(
                    rank: r.rank,
                    team: names[r.teamID] ?? "",
                    signedAmountFen: r.figures.signedAmount.fen,
                    attainmentBasisPoints: r.attainment
                )
            }
        )
    }

    /// The zone's investment teams' names by id (as `Leaderboard` names them).
    static func teamNames(_ z: UUID, on sql: SQLDatabase) async throws -> [String: String] {
        var out: [String: String] = [:]
        for r in try await sql.raw("SELECT id, name FROM investment_teams WHERE zone_id = \(bind: z)").all() {
            out[try r.decode(column: "id", as: UUID.self).uuidString] = try r.decode(column: "name", as: String.self)
        }
        return out
    }

    static func service(_ z: UUID, _ span: YearSpan, today: CalendarDate, on sql: SQLDatabase) async throws -> ZoneDashboard.Service {
        let now = try await sql.raw(
            """
            SELECT CAST(COUNT(*) AS BIGINT) AS n,
              CAST(COALESCE(SUM(CASE WHEN due_on < \(bind: today.description) THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue
            FROM service_requests WHERE zone_id = \(bind: z) AND status <> 'closed'
            """
        ).first()
        let closed = try await sql.raw(
            """
            SELECT \(pair("1", "closed_on", span, as: "n")), \(pair("CASE WHEN closed_on <= due_on THEN 1 ELSE 0 END", "closed_on", span, as: "ontime")),
              \(pair("COALESCE(satisfaction, 0)", "closed_on", span, as: "sat")),
              \(pair("CASE WHEN satisfaction IS NULL THEN 0 ELSE 1 END", "closed_on", span, as: "rated"))
            FROM service_requests WHERE zone_id = \(bind: z) AND status = 'closed' AND closed_on >= \(bind: span.yearBefore.from.description)
            """
        ).first()
        let sat = try comparison(closed, "sat")
        let rated = try comparison(closed, "rated")
        return ZoneDashboard.Service(
            open: Int(try now?.decode(column: "n", as: Int64.self) ?? 0),
            overdue: Int(try now?.decode(column: "overdue", as: Int64.self) ?? 0),
            closed: try comparison(closed, "n"),
            closedOnTime: try comparison(closed, "ontime"),
            satisfactionHundredths: rated.current > 0 ? Int(sat.current * 100 / rated.current) : nil,
            previousSatisfactionHundredths: rated.previous > 0 ? Int(sat.previous * 100 / rated.previous) : nil,
            openedByMonth: try await monthly("service_requests", "opened_on", zone: z, span: span, on: sql)
        )
    }

    static func assessment(_ z: UUID, on sql: SQLDatabase) async throws -> ZoneDashboard.Assessment {
        struct Cycle: Decodable {
            let id: UUID
            let name: String
        }
        let cycle = try await sql.raw(
            """
            SELECT id, name FROM assessment_cycles WHERE zone_id = \(bind: z) AND status = 'final' ORDER BY ends_on DESC, name DESC
            LIMIT 1
            """
        ).first(decoding: Cycle.self)
        var grades: [String: Int] = [:]
        if let c = cycle {
            grades = try await byKey(
                sql,
                """
                SELECT grade AS k, CAST(COUNT(*) AS BIGINT) AS n FROM assessment_results
                WHERE cycle_id = \(bind: c.id) AND assessee = 'person' AND grade IS NOT NULL GROUP BY grade
                """
            )
        }
        return ZoneDashboard.Assessment(
            cycle: cycle?.name,
            cycleId: cycle?.id,
            grades: grades,
            flagsUndecided: try await count(
                sql,
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM elimination_flags WHERE zone_id = \(bind: z) AND decision IS NULL"
            )
        )
    }

    static func engineering(_ z: UUID, _ span: YearSpan, today: CalendarDate, on sql: SQLDatabase) async throws
        -> ZoneDashboard.Engineering
    {
        let projects = try await sql.raw(
            """
            SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(CASE WHEN is_key THEN 1 ELSE 0 END), 0) AS BIGINT) AS key_n,
              CAST(COALESCE(SUM(investment_fen), 0) AS BIGINT) AS investment, CAST(COALESCE(SUM(progress), 0) AS BIGINT) AS progress
            FROM construction_projects WHERE zone_id = \(bind: z)
            """
        ).first()
        let milestones = try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(CASE WHEN \(EngineeringQueries.late(today.description)) THEN 1 ELSE 0 END), 0) AS BIGINT)
                AS late,
              \(pair("1", "m.planned_on", span, as: "due")),
              \(pair("CASE WHEN m.actual_on IS NOT NULL AND m.actual_on <= m.planned_on THEN 1 ELSE 0 END", "m.planned_on", span, as: "ontime"))
            FROM project_milestones m JOIN construction_projects cp ON cp.id = m.project_id WHERE cp.zone_id = \(bind: z)
            """
        ).first()
        let n = Int(try projects?.decode(column: "n", as: Int64.self) ?? 0)
        let progress = Int(try projects?.decode(column: "progress", as: Int64.self) ?? 0)
        return ZoneDashboard.Engineering(
            projects: n,
            keyProjects: Int(try projects?.decode(column: "key_n", as: Int64.self) ?? 0),
            investmentFen: try projects?.decode(column: "investment", as: Int64.self) ?? 0,
            averageProgress: n > 0 ? progress / n : 0,
            lateMilestones: Int(try milestones?.decode(column: "late", as: Int64.self) ?? 0),
            milestonesDue: try comparison(milestones, "due"),
            milestonesOnTime: try comparison(milestones, "ontime"),
            byStage: try await byKey(
                sql,
                "SELECT stage AS k, CAST(COUNT(*) AS BIGINT) AS n FROM construction_projects WHERE zone_id = \(bind: z) GROUP BY stage"
            )
        )
    }
}
