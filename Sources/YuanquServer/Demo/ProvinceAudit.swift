import FluentSQL
import Foundation
import YuanquKit

/// The province's audit log: events spread over the history, day by day with `occurred_at` rising, chained
/// exactly as `Writes.append` chains them, continuing from the last event in the database.
struct AuditLoad {
    let sql: SQLDatabase
    let profiles: [ZoneProfile]
    let table: BulkTable
    let today: CalendarDate
    let days: Int
    var sequence: Int
    var previousHash: String
    var gen = Demo.Generator(state: 0xA0D1_7E7E)
    /// The day of the events being generated and its text (formatting a date took a sixth of the time).
    var currentDay: (number: Int, text: String) = (Int.min, "")

    /// What happens in a zone, and how often.
    enum Kind: CaseIterable {
        case login, logout, projectCreate, projectStage, enterpriseCreate, enterpriseUpdate, enterpriseImport, requestCreate, requestStep
        case requestClose, progress, milestone, personUpdate, sealedOpen, teamJoin, cycleCompute

        var weight: Double {
            switch self {
            case .login: return 0.27
            case .logout: return 0.08
            case .projectCreate: return 0.05
            case .projectStage: return 0.08
            case .enterpriseCreate: return 0.04
            case .enterpriseUpdate: return 0.12
            case .enterpriseImport: return 0.005
            case .requestCreate: return 0.07
            case .requestStep: return 0.09
            case .requestClose: return 0.06
            case .progress: return 0.05
            case .milestone: return 0.03
            case .personUpdate: return 0.04
            case .sealedOpen: return 0.004
            case .teamJoin: return 0.005
            case .cycleCompute: return 0.002
            }
        }
    }

    mutating func write(total: Int, report: @escaping @Sendable (String) -> Void) async throws -> Int {
        guard total > 0 else { return 0 }
        let first = today.dayNumber - days
        // Events a day: the season, the weekday and the province's growth.
        let growth = profiles.map(\.growth).reduce(0, +) / Double(max(1, profiles.count))
        let weights = (0..<days).map { ProvinceCalendar.weight(CalendarDate(dayNumber: first + $0), first: first, growth: growth) }
        let sum = weights.reduce(0, +)
        let kinds = Kind.allCases.map { ($0, $0.weight) }
        let progress = LoadProgress(label: "audit events", total: total, report: report)
        var written = 0
        var carry = 0.0
        try await sql.raw("BEGIN").run()
        // The zones' creation opens the log.
        for p in profiles where written < total {
            let after =
                #"{"code":"\#(p.spec.code)","committeeCap":\#(30 + 49 * p.scale + 10),"companyCap":\#(30 + 49 * p.scale + 10),"name":"\#(p.spec.name)"}"#
            try await append(
                day: CalendarDate(dayNumber: first - 1),
                fraction: Double(p.index) / Double(profiles.count),
                zone: p,
                user: nil,
                action: "create",
                entity: "zone",
                entityID: p.id.uuidString,
                before: nil,
                after: after,
                note: nil
            )
            written += 1
        }
        for d in 0..<days where written < total {
            // Zones weighted by their size and their growth so far.
            let years = Double(d) / 365
            let zoneWeights = profiles.map { ($0.index, $0.size * pow(1 + $0.growth, years)) }
            let exact = Double(total - profiles.count) * weights[d] / sum + carry
            var n = Int(exact)
            carry = exact - Double(n)
            if d == days - 1 { n = total - written }
            n = min(n, total - written)
            for j in 0..<n {
                let zone = profiles[gen.weighted(zoneWeights)]
                try await event(
                    zone: zone,
                    kind: gen.weighted(kinds),
                    day: CalendarDate(dayNumber: first + d),
                    fraction: (Double(j) + 0.5) / Double(n)
                )
                written += 1
                if written % 20_000 == 0 {
                    try await table.flush(on: sql)
                    try await sql.raw("COMMIT").run()
                    try await sql.raw("BEGIN").run()
                    progress.advance(to: written, detail: CalendarDate(dayNumber: first + d).description)
                }
            }
        }
        try await table.flush(on: sql)
        try await sql.raw("COMMIT").run()
        progress.advance(to: written, force: true)
        progress.finish()
        return written
    }

    private mutating func event(zone p: ZoneProfile, kind: Kind, day: CalendarDate, fraction: Double) async throws {
        func id(_ t: ProvinceIDs.Table, _ count: Int) -> String {
            ProvinceIDs.uuid(zone: p.index, table: t, index: Int(gen.next() % UInt64(max(1, count)))).uuidString
        }
        let people = 27 + 98 * p.scale * 9 / 10
        let requests = p.enterprises * 3 / 10
        switch kind {
        case .login, .logout:
            let user = gen.int(0...(ProvinceUsers.specs.count - 1))
            let uid = ProvinceIDs.uuid(zone: p.index, table: .user, index: user).uuidString
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: user,
                action: kind == .login ? "login" : "logout",
                entity: "user",
                entityID: uid,
                before: nil,
                after: nil,
                note: gen.chance(0.8) ? "browser" : "api"
            )
        case .projectCreate:
            let amount = Int64(max(500, 15_000 * exp(1.1 * gen.normal()))) * 1_000_000
            let industry = gen.pick(["ic", "nev", "biomed", "smartmfg", "services"])
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 3,
                action: "create",
                entity: "investmentProject",
                entityID: id(.project, p.projects),
                before: nil,
                after: #"{"amountFen":"\#(amount)","industry":"\#(industry)"}"#,
                note: nil
            )
        case .projectStage:
            let from = gen.pick([ProjectStage.lead, .negotiation, .signed, .registered, .underConstruction])
            let to = gen.chance(0.1) ? ProjectStage.dropped : (from.next ?? .inOperation)
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 3,
                action: "stage",
                entity: "investmentProject",
                entityID: id(.project, p.projects),
                before: #"{"stage":"\#(from.rawValue)"}"#,
                after: #"{"stage":"\#(to.rawValue)"}"#,
                note: to == .dropped ? gen.pick(ProvinceCatalogue.dropReasons) : nil
            )
        case .enterpriseCreate, .enterpriseUpdate:
            let steward = id(.person, people)
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 4,
                action: kind == .enterpriseCreate ? "create" : "update",
                entity: "enterprise",
                entityID: id(.enterprise, p.enterprises),
                before: nil,
                after: #"{"expert":"","steward":"\#(steward)"}"#,
                note: nil
            )
        case .enterpriseImport:
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 0,
                action: "import",
                entity: "enterprise",
                entityID: nil,
                before: nil,
                after: nil,
                note: "\(gen.int(5...400)) 行"
            )
        case .requestCreate:
            let type = gen.pick(["policy", "land", "approval", "talent", "financing", "supplyChain", "other"])
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 4,
                action: "create",
                entity: "serviceRequest",
                entityID: id(.request, requests),
                before: nil,
                after: #"{"type":"\#(type)"}"#,
                note: nil
            )
        case .requestStep:
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 4,
                action: "step",
                entity: "serviceRequest",
                entityID: id(.request, requests),
                before: nil,
                after: nil,
                note: gen.pick(["已与承办单位沟通，正在办理", "已转服务平台办理", "已上门走访企业"])
            )
        case .requestClose:
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 4,
                action: "close",
                entity: "serviceRequest",
                entityID: id(.request, requests),
                before: nil,
                after: #"{"satisfaction":"\#(gen.weighted([(3, 0.15), (4, 0.35), (5, 0.5)]))"}"#,
                note: nil
            )
        case .progress:
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 5,
                action: "progress",
                entity: "constructionProject",
                entityID: id(.construction, p.constructionProjects),
                before: nil,
                after: #"{"percent":\#(gen.int(5...100))}"#,
                note: nil
            )
        case .milestone:
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 5,
                action: "update",
                entity: "milestone",
                entityID: id(.milestone, p.constructionProjects * 6),
                before: nil,
                after: #"{"actualOn":"\#(day.description)"}"#,
                note: nil
            )
        case .personUpdate:
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 2,
                action: "update",
                entity: "person",
                entityID: id(.person, people),
                before: nil,
                after: #"{"phone":"1\#(gen.int(30...99))\#(gen.int(10_000_000...99_999_999))"}"#,
                note: nil
            )
        case .sealedOpen:
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 2,
                action: "sealedOpen",
                entity: "sealedRecord",
                entityID: id(.sealed, people),
                before: nil,
                after: nil,
                note: gen.pick(["干部考察需核实原身份", "职称评定", "档案核查"])
            )
        case .teamJoin:
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 2,
                action: "join",
                entity: "team",
                entityID: id(.team, 5),
                before: nil,
                after: #"{"from":"\#(day.description)"}"#,
                note: nil
            )
        case .cycleCompute:
            try await append(
                day: day,
                fraction: fraction,
                zone: p,
                user: 2,
                action: "compute",
                entity: "assessmentCycle",
                entityID: id(.cycle, 4),
                before: nil,
                after: nil,
                note: nil
            )
        }
    }

    /// Appends one event: its time of day between 08:00 and 21:00 in Shanghai, its hash over the previous one.
    private mutating func append(
        day: CalendarDate,
        fraction: Double,
        zone p: ZoneProfile,
        user: Int?,
        action: String,
        entity: String,
        entityID: String?,
        before: String?,
        after: String?,
        note: String?
    ) async throws {
        sequence += 1
        let actorID = user.map { ProvinceIDs.uuid(zone: p.index, table: .user, index: $0) }
        let actorName = user.map { ProvinceUsers.username(p.spec, ProvinceUsers.specs[$0]) } ?? "system"
        if currentDay.number != day.dayNumber { currentDay = (day.dayNumber, day.description) }
        let occurredAt = Self.timestamp(currentDay.text, millisecond: Int(fraction * 13 * 3_600_000))
        let (row, hash) = AuditEvent.chained(
            sequence: sequence,
            occurredAt: occurredAt,
            actorID: actorID,
            actorName: actorName,
            zoneID: p.id,
            action: action,
            entity: entity,
            entityID: entityID,
            before: before,
            after: after,
            note: note,
            previousHash: previousHash
        )
        try await table.add(row, on: sql)
        previousHash = hash
    }

    /// ISO 8601 in UTC with milliseconds, as `Writes.append` writes it (08:00 in Shanghai is 00:00 UTC).
    static func timestamp(_ day: String, millisecond: Int) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let ms = millisecond % 1000
        let s = millisecond / 1000
        let milli = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : String(ms)
        return day + "T" + two(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60) + "." + milli + "Z"
    }
}
