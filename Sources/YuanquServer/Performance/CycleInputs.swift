import Fluent
import SQLKit
import Vapor
import YuanquKit

/// Loads what a cycle's computation reads — the organisation, the investment and service figures of the cycle's
/// dates, entered values, ratings, quota decisions and cases — as plain rows, into `CycleEngine.Input`.
/// Units assessed are departments and centres; a person counts in their department or centre (a team unit's people
/// in its parent's), and an investment team's members are fed by their team's result.
enum CycleInputs {
    struct UnitRow: Decodable {
        let id: UUID
        let name: String
        let kind: String
        let parentId: UUID?
    }
    struct PersonRow: Decodable {
        let id: UUID
        let name: String
        let unitId: UUID
        let tier: String
    }
    struct TeamRow: Decodable {
        let id: UUID
        let name: String
    }
    struct MemberRow: Decodable {
        let personId: UUID
        let teamId: UUID
    }
    struct TeamFigures: Decodable {
        let teamId: UUID
        let signedFen: Int64?
        let majors: Int64?
        let investedFen: Int64?
    }
    struct UnitFigures: Decodable {
        let unitId: UUID
        let closed: Int64?
        let overdue: Int64?
        let satisfactionSum: Int64?
        let satisfactionCount: Int64?
    }
    struct ContractFigures: Decodable {
        let unitId: UUID
        let due: Int64
        let renewed: Int64?
    }
    struct ValueRow: Decodable {
        let indicator: String
        let subjectId: UUID
        let value: Double
    }
    struct RatingRow: Decodable {
        let indicator: String
        let subjectId: UUID
        let raterGroup: String
        let score: Double
    }
    struct CaseRow: Decodable {
        let personId: UUID
        let sanction: String
        let claimStatus: String?
    }

    /// The organisation part: assessed units, teams and people (with their department or centre).
    static func organisation(zone: UUID, starts: String, ends: String, on sql: SQLDatabase) async throws -> (
        units: [CycleEngine.Subject], teams: [CycleEngine.Subject], people: [CycleEngine.PersonIn], groupOf: [UUID: UUID]
    ) {
        let unitRows = try await sql.select().column("id").column("name").column("kind").column("parent_id").from("org_units")
            .where("zone_id", .equal, SQLBind(zone)).orderBy("sort_order").orderBy("name")
            .all(decoding: UnitRow.self, keyDecodingStrategy: .snakeCaseColumns)
        var groupOf: [UUID: UUID] = [:]
        for u in unitRows { groupOf[u.id] = u.kind == UnitKind.team.rawValue ? (u.parentId ?? u.id) : u.id }
        let units = unitRows.filter { $0.kind == UnitKind.department.rawValue || $0.kind == UnitKind.centre.rawValue }
            .map { CycleEngine.Subject(id: $0.id.uuidString, name: $0.name) }
        let teamRows = try await sql.select().column("id").column("name").from("investment_teams").where("zone_id", .equal, SQLBind(zone))
            .orderBy("name").all(decoding: TeamRow.self)
        let members = try await sql.raw(
            """
            SELECT m.person_id, m.team_id FROM team_memberships m JOIN investment_teams t ON t.id = m.team_id
            WHERE t.zone_id = \(bind: zone) AND m.from_date <= \(bind: ends) AND (m.to_date IS NULL OR m.to_date >= \(bind: starts))
            ORDER BY m.from_date
            """
        ).all(decoding: MemberRow.self, keyDecodingStrategy: .snakeCaseColumns)
        var teamOf: [UUID: UUID] = [:]
        for m in members { teamOf[m.personId] = m.teamId }
        let people = try await sql.raw(
            """
            SELECT p.id, p.name, p.unit_id, posts.tier FROM people p JOIN posts ON posts.id = p.post_id
            WHERE p.zone_id = \(bind: zone) AND p.unit_id IS NOT NULL ORDER BY p.sort_key
            """
        ).all(decoding: PersonRow.self, keyDecodingStrategy: .snakeCaseColumns)
        let ins = people.map { p in
            CycleEngine.PersonIn(
                id: p.id.uuidString,
                name: p.name,
                unitID: (groupOf[p.unitId] ?? p.unitId).uuidString,
                teamID: teamOf[p.id]?.uuidString,
                tier: Tier(rawValue: p.tier) ?? .staff
            )
        }
        return (units, teamRows.map { .init(id: $0.id.uuidString, name: $0.name) }, ins, groupOf)
    }

    static func load(cycle: AssessmentCycle, rules: SchemeRules, on db: Database, today: CalendarDate = .today()) async throws
        -> CycleEngine.Input
    {
        let sql = try db.sql
        let zone = cycle.zoneID
        let (s, e) = (cycle.startsOn, cycle.endsOn)
        let org = try await organisation(zone: zone, starts: s, ends: e, on: sql)
        var actuals: [String: [String: Double]] = [:]
        func put(_ subject: UUID, _ source: IndicatorSource, _ value: Double?) {
            guard let value else { return }
            for ind in rules.indicators {
                if case .quantitative(source, _, _) = ind.measure { actuals[subject.uuidString, default: [:]][ind.code] = value }
            }
        }
        let signedStages = SQLBind.group([ProjectStage.signed, .registered, .underConstruction, .inOperation].map(\.rawValue))
        let teams = try await sql.raw(
            """
            SELECT team_id, CAST(SUM(signed_amount_fen) AS BIGINT) AS signed_fen,
            CAST(SUM(CASE WHEN signed_amount_fen >= \(bind: Money.yi(1).fen) THEN 1 ELSE 0 END) AS BIGINT) AS majors,
            CAST(SUM(invested_amount_fen) AS BIGINT) AS invested_fen
            FROM investment_projects WHERE zone_id = \(bind: zone) AND team_id IS NOT NULL AND stage IN \(signedStages)
            AND signing_date >= \(bind: s) AND signing_date <= \(bind: e) GROUP BY team_id
            """
        ).all(decoding: TeamFigures.self, keyDecodingStrategy: .snakeCaseColumns)
        for t in org.teams {
            let f = teams.first { $0.teamId.uuidString == t.id }
            let id = UUID(uuidString: t.id)!
            put(id, .signedAmount, Double(f?.signedFen ?? 0) / 1_000_000)
            put(id, .majorCount, Double(f?.majors ?? 0))
            put(id, .investedAmount, Double(f?.investedFen ?? 0) / 1_000_000)
        }
        let asOf = min(e, today.description)
        let requests = try await sql.raw(
            """
            SELECT unit_id,
            CAST(SUM(CASE WHEN status = 'closed' AND closed_on >= \(bind: s) AND closed_on <= \(bind: e) THEN 1 ELSE 0 END) AS BIGINT) AS closed,
            CAST(SUM(CASE WHEN due_on >= \(bind: s) AND due_on <= \(bind: asOf)
              AND ((status <> 'closed' AND due_on < \(bind: asOf)) OR (status = 'closed' AND closed_on > due_on)) THEN 1 ELSE 0 END) AS BIGINT) AS overdue,
            CAST(SUM(CASE WHEN status = 'closed' AND closed_on >= \(bind: s) AND closed_on <= \(bind: e) THEN satisfaction END) AS BIGINT)
              AS satisfaction_sum,
            CAST(COUNT(CASE WHEN status = 'closed' AND closed_on >= \(bind: s) AND closed_on <= \(bind: e) THEN satisfaction END) AS BIGINT)
              AS satisfaction_count
            FROM service_requests WHERE zone_id = \(bind: zone) AND unit_id IS NOT NULL AND opened_on <= \(bind: e) GROUP BY unit_id
            """
        ).all(decoding: UnitFigures.self, keyDecodingStrategy: .snakeCaseColumns)
        var byGroup: [UUID: (closed: Int64, overdue: Int64, satSum: Double, satN: Int64)] = [:]
        for r in requests {
            let g = org.groupOf[r.unitId] ?? r.unitId
            var acc = byGroup[g] ?? (0, 0, 0, 0)
            acc.closed += r.closed ?? 0
            acc.overdue += r.overdue ?? 0
            acc.satSum += Double(r.satisfactionSum ?? 0)
            acc.satN += r.satisfactionCount ?? 0
            byGroup[g] = acc
        }
        for (g, acc) in byGroup {
            put(g, .requestsClosed, Double(acc.closed))
            put(g, .requestsOverdue, Double(acc.overdue))
            put(g, .satisfaction, acc.satN > 0 ? roundScore(acc.satSum / Double(acc.satN)) : nil)
        }
        let contracts = try await sql.raw(
            """
            SELECT p.unit_id, CAST(COUNT(*) AS BIGINT) AS due,
            CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM employment_contracts n WHERE n.previous_id = k.id) THEN 1 ELSE 0 END) AS BIGINT) AS renewed
            FROM employment_contracts k JOIN people p ON p.id = k.person_id
            WHERE k.zone_id = \(bind: zone) AND p.unit_id IS NOT NULL AND k.end_date >= \(bind: s) AND k.end_date <= \(bind: e)
            GROUP BY p.unit_id
            """
        ).all(decoding: ContractFigures.self, keyDecodingStrategy: .snakeCaseColumns)
        var dueByGroup: [UUID: (Int64, Int64)] = [:]
        for c in contracts {
            let g = org.groupOf[c.unitId] ?? c.unitId
            let acc = dueByGroup[g] ?? (0, 0)
            dueByGroup[g] = (acc.0 + c.due, acc.1 + (c.renewed ?? 0))
        }
        for (g, acc) in dueByGroup where acc.0 > 0 { put(g, .contractsOnTime, roundScore(100 * Double(acc.1) / Double(acc.0))) }

        let cid = try cycle.requireID()
        let entered = Set(
            rules.indicators.filter {
                if case .quantitative(.entered, _, _) = $0.measure { return true }
                return false
            }
            .map(\.code)
        )
        for v in try await sql.select().column("indicator").column("subject_id").column("value").from("assessment_values")
            .where("cycle_id", .equal, SQLBind(cid)).all(decoding: ValueRow.self, keyDecodingStrategy: .snakeCaseColumns)
        where entered.contains(v.indicator) {
            actuals[v.subjectId.uuidString, default: [:]][v.indicator] = v.value
        }
        var ratings: [String: [String: [RaterGroup: [Double]]]] = [:]
        for r in try await sql.select().column("indicator").column("subject_id").column("rater_group").column("score")
            .from("assessment_ratings").where("cycle_id", .equal, SQLBind(cid))
            .all(decoding: RatingRow.self, keyDecodingStrategy: .snakeCaseColumns)
        {
            guard let g = RaterGroup(rawValue: r.raterGroup) else { continue }
            ratings[r.subjectId.uuidString, default: [:]][r.indicator, default: [:]][g, default: []].append(r.score)
        }
        var decisions: [String: [String]] = [:]
        for d in try await QuotaDecision.query(on: db).filter(\.$cycleID == cid).all() {
            decisions[d.groupKey] = d.ordered.split(separator: ",").map(String.init)
        }
        var cases: [String: [(effect: CaseEffect, exempted: Bool)]] = [:]
        for c in try await sql.raw(
            """
            SELECT c.person_id, c.sanction, t.status AS claim_status FROM accountability_cases c
            LEFT JOIN tolerance_claims t ON t.case_id = c.id WHERE c.cycle_id = \(bind: cid)
            """
        ).all(decoding: CaseRow.self, keyDecodingStrategy: .snakeCaseColumns) {
            guard let effect = rules.effect(of: c.sanction) else { continue }
            cases[c.personId.uuidString, default: []].append((effect, c.claimStatus == "granted"))
        }
        return CycleEngine.Input(
            rules: rules,
            units: org.units,
            teams: org.teams,
            people: org.people,
            actuals: actuals,
            ratings: ratings,
            decisions: decisions,
            cases: cases
        )
    }
}
