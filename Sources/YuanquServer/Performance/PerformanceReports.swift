import Fluent
import SQLKit
import Vapor
import YuanquKit

/// A cycle's pay sheet: each unit's pool (its grade's amount per head × its assessed people) and the split.
enum PaySheet {
    struct NameRow: Decodable {
        let id: UUID
        let name: String
    }

    static func unitNames(zone: UUID, on db: Database) async throws -> [UUID: String] {
        let rows = try await PerformanceQueries.sql(db).select().column("id").column("name").from("org_units")
            .where("zone_id", .equal, SQLBind(zone)).all(decoding: NameRow.self)
        return Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    static func load(_ c: AssessmentCycle, on db: Database) async throws -> PaySheetDTO {
        let rows = try await PerformanceQueries.results(cycle: c.id!, on: db)
        let names = try await unitNames(zone: c.zoneID, on: db)
        let unitGrade = Dictionary(rows.filter { $0.assessee == "unit" }.map { ($0.subjectId, $0.grade) }, uniquingKeysWith: { a, _ in a })
        let people = rows.filter { $0.assessee == "person" && $0.payFen != nil }
        var order: [UUID] = []
        var lines: [UUID: [PaySheetDTO.Line]] = [:]
        for p in people {
            if lines[p.groupId] == nil { order.append(p.groupId) }
            lines[p.groupId, default: []].append(
                .init(personId: p.subjectId, name: p.name, grade: p.grade, score: p.score, pay: p.result?.pay)
            )
        }
        let units = order.sorted { (names[$0] ?? "") < (names[$1] ?? "") }.map { g in
            PaySheetDTO.Unit(
                unitId: g,
                name: names[g] ?? "",
                grade: unitGrade[g] ?? nil,
                poolFen: lines[g]?.first?.pay?.pool ?? 0,
                lines: (lines[g] ?? []).sorted { ($0.pay?.amount ?? 0, $1.name) > ($1.pay?.amount ?? 0, $0.name) }
            )
        }
        return PaySheetDTO(cycleId: c.id!, cycle: c.name, status: c.status, totalFen: units.reduce(0) { $0 + $1.poolFen }, units: units)
    }
}

/// A scheme's rules run on a cycle's data beside the results the cycle has: how grades, quotas, each unit's pay
/// and the flags would change — before anyone feels it.
enum Simulation {
    struct Side: Content {
        let grade: String?
        let score: Double?
        let excellent: Int
        let people: Int
        let poolFen: Int64
    }
    struct UnitLine: Content {
        let unitId: String
        let name: String
        let current: Side
        let simulated: Side
    }
    struct PersonChange: Content {
        let personId: String
        let name: String
        let unit: String
        let currentGrade: String?
        let simulatedGrade: String?
        let currentPayFen: Int64?
        let simulatedPayFen: Int64?
    }
    struct FlagLine: Content {
        let name: String
        let rule: EliminationRule
    }
    struct Answer: Content {
        let scheme: String
        let cycle: String
        let gradeSet: GradeSet
        let units: [UnitLine]
        let teams: [UnitLine]
        let changes: [PersonChange]
        let currentFlags: [FlagLine]
        let simulatedFlags: [FlagLine]
        let tiedUnresolved: Int
    }

    static func run(scheme s: AssessmentScheme, cycle c: AssessmentCycle, on db: Database) async throws -> Answer {
        // Both sides run on today's records, each read for its own rules' indicators: only the rules differ (the
        // results stored when the cycle was computed may have drifted from them).
        let rules = try PerformanceService.rules(of: s)
        let (_, cycleRules) = try await PerformanceService.scheme(of: c, on: db)
        let outcome = CycleEngine.compute(try await CycleInputs.load(cycle: c, rules: rules, on: db))
        let current = CycleEngine.compute(try await CycleInputs.load(cycle: c, rules: cycleRules, on: db)).results
        let names = try await PaySheet.unitNames(zone: c.zoneID, on: db)

        func side(_ results: [CycleEngine.Result], _ subject: CycleEngine.Result?, group: String) -> Side {
            let people = results.filter { $0.assessee == .person && $0.group == group && $0.grade != nil }
            return Side(
                grade: subject?.grade?.rawValue,
                score: subject?.score,
                excellent: people.filter { $0.grade == .excellent }.count,
                people: people.count,
                poolFen: people.first?.pay?.pool ?? 0
            )
        }
        func lines(_ a: Assessee) -> [UnitLine] {
            let subjects = (outcome.results.filter { $0.assessee == a } + current.filter { $0.assessee == a })
            var seen = Set<String>()
            return subjects.filter { seen.insert($0.id).inserted }.map { u in
                UnitLine(
                    unitId: u.id,
                    name: u.name,
                    current: side(current, current.first { $0.id == u.id }, group: u.id),
                    simulated: side(outcome.results, outcome.results.first { $0.id == u.id }, group: u.id)
                )
            }
            .sorted { ($0.simulated.score ?? -1, $1.name) > ($1.simulated.score ?? -1, $0.name) }
        }
        let now = Dictionary(current.filter { $0.assessee == .person }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let changes = outcome.results.filter { $0.assessee == .person }.compactMap { r -> PersonChange? in
            let before = now[r.id]
            guard before?.grade != r.grade || before?.pay?.amount != r.pay?.amount else { return nil }
            return PersonChange(
                personId: r.id,
                name: r.name,
                unit: UUID(uuidString: r.group).flatMap { names[$0] } ?? "",
                currentGrade: before?.grade?.rawValue,
                simulatedGrade: r.grade?.rawValue,
                currentPayFen: before?.pay?.amount,
                simulatedPayFen: r.pay?.amount
            )
        }
        .sorted { ($0.unit, $0.name) < ($1.unit, $1.name) }
        // Flags: what each side's rules raise over the same history.
        var history: [(name: String, results: [CycleEngine.Result])] = []
        for h in try await PerformanceService.history(before: c, on: db) {
            history.append((h.name, try await PerformanceService.results(of: h, on: db)))
        }
        let currentFlags = EliminationRule.findings(
            cycleRules.elimination,
            gradeSet: cycleRules.gradeSet,
            cycles: history + [(c.name, current)]
        )
        .map { FlagLine(name: $0.name, rule: $0.rule) }
        let simulatedFlags = EliminationRule.findings(
            rules.elimination,
            gradeSet: rules.gradeSet,
            cycles: history + [(c.name, outcome.results)]
        )
        .map { FlagLine(name: $0.name, rule: $0.rule) }
        return Answer(
            scheme: "\(s.name)（第 \(s.version) 版）",
            cycle: c.name,
            gradeSet: rules.gradeSet,
            units: lines(.unit),
            teams: lines(.team),
            changes: changes,
            currentFlags: currentFlags,
            simulatedFlags: simulatedFlags,
            tiedUnresolved: outcome.tied.values.reduce(0) { $0 + $1.count }
        )
    }
}
