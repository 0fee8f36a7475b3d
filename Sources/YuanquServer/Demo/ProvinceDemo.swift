import Fluent
import FluentSQL
import Foundation
import Vapor
import YuanquKit

/// `yuanqu demo --scale province`: a province of generated zones (130 by default, about 40,000 people,
/// 400,000 enterprises, 130,000 investment projects) and a hash-chained audit log of about ten million
/// events, written zone by zone in multi-row INSERTs so that memory stays flat. Every resident identity
/// number, credit code and project stage is checked with the Kit's rule before it is written.
enum ProvinceDemo {
    struct Options: Sendable {
        var zones = 130
        var auditEvents = 10_000_000
        var batch = 1000
        /// The days the history covers, ending today.
        var days = 3 * 365
    }

    struct Summary: Sendable {
        var zones = 0
        var counts: [String: Int] = [:]
        var auditEvents = 0
        var seconds = 0.0
    }

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Generates the province into a database that has none of its zones (the demo zone may be there or not:
    /// it is seeded afterwards when missing). Refuses when any province zone exists.
    static func run(_ app: Application, options: Options, report: @escaping @Sendable (String) -> Void) async throws -> Summary {
        guard options.zones >= 1, let specs = ProvinceCatalogue.zones(count: options.zones) else {
            throw Failure(message: "--zones must be between 1 and \(ProvinceCatalogue.places.count * 2)")
        }
        guard options.auditEvents >= 0 else { throw Failure(message: "--audit-events must not be negative") }
        let codes = specs.map(\.code)
        let existing = try await Zone.query(on: app.db).filter(\.$code ~~ codes).count()
        if existing > 0 {
            throw Failure(
                message:
                    "\(existing) of the \(codes.count) province zones already exist (e.g. \(codes[0])): nothing was written. Generate the province into a fresh database."
            )
        }
        let passwordHash = try app.password.hash(Demo.password)
        let started = Date()
        let gate = app.writeGate
        await gate.acquire()
        let summary: Summary
        do {
            summary = try await app.db.withConnection { conn in
                guard let sql = conn as? SQLDatabase else { throw Failure(message: "The database does not speak SQL.") }
                return try await load(sql, specs: specs, options: options, passwordHash: passwordHash, report: report)
            }
            await gate.release()
        } catch {
            await gate.release()
            throw error
        }
        var result = summary
        if try await Zone.query(on: app.db).filter(\.$code == "pukou").count() == 0 {
            report("Seeding the demo zone pukou and the demo users …")
            _ = try await Demo.seedZone(app)
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Everything on one connection: bulk-load settings, the zones one transaction each, then the audit log.
    private static func load(
        _ sql: SQLDatabase,
        specs: [ProvinceCatalogue.ZoneSpec],
        options: Options,
        passwordHash: String,
        report: @escaping @Sendable (String) -> Void
    ) async throws -> Summary {
        let postgres = sql.dialect.name == "postgresql"
        if postgres {
            // The chain is appended under the same lock as Writes.perform takes, held for the whole load.
            try await sql.raw("SELECT pg_advisory_lock(727100)").run()
            try await sql.raw("SET synchronous_commit = off").run()
        } else {
            // Generated data can be generated again: no fsync while loading, a larger page cache (64 MB).
            try await sql.raw("PRAGMA synchronous=OFF").run()
            try await sql.raw("PRAGMA cache_size=-65536").run()
        }
        do {
            let summary = try await loadAll(sql, specs: specs, options: options, passwordHash: passwordHash, report: report)
            try await restore(sql, postgres: postgres)
            return summary
        } catch {
            try? await sql.raw("ROLLBACK").run()
            try? await restore(sql, postgres: postgres)
            throw error
        }
    }

    private static func restore(_ sql: SQLDatabase, postgres: Bool) async throws {
        if postgres {
            try await sql.raw("SET synchronous_commit = on").run()
            try await sql.raw("SELECT pg_advisory_unlock(727100)").run()
        } else {
            try await sql.raw("PRAGMA synchronous=FULL").run()
            try await sql.raw("PRAGMA cache_size=-2000").run()
        }
    }

    private static func loadAll(
        _ sql: SQLDatabase,
        specs: [ProvinceCatalogue.ZoneSpec],
        options: Options,
        passwordHash: String,
        report: @escaping @Sendable (String) -> Void
    ) async throws -> Summary {
        let today = CalendarDate.today()
        let profiles = ZoneProfile.make(specs, today: today, days: options.days)
        let tables = ProvinceTables(sql, batch: options.batch, copy: try await CopyLine.on(sql))
        var summary = Summary()
        let zonesProgress = LoadProgress(label: "zones", total: profiles.count, report: report)
        for profile in profiles {
            try await sql.raw("BEGIN").run()
            var writer = ZoneWriter(profile: profile, tables: tables, sql: sql, today: today, passwordHash: passwordHash)
            try await writer.write()
            // Every row is written before the commit (on PostgreSQL a COPY may still be running).
            for table in tables.all { try await table.flush(on: sql) }
            try await sql.raw("COMMIT").run()
            summary.zones += 1
            zonesProgress.advance(
                to: summary.zones,
                detail: "\(profile.spec.code): \(writer.people) people, \(profile.enterprises) enterprises, \(profile.projects) projects"
            )
        }
        zonesProgress.finish()
        summary.counts = tables.counts
        let chain = try await Writes.chainHead(sql)
        var audit = AuditLoad(
            sql: sql,
            profiles: profiles,
            table: tables.audit,
            today: today,
            days: options.days,
            sequence: chain.sequence,
            previousHash: chain.hash
        )
        summary.auditEvents = try await audit.write(total: options.auditEvents, report: report)
        return summary
    }
}

/// Prints what is being written: done / total, rate, elapsed and time left, at most every two seconds.
final class LoadProgress {
    let label: String
    let total: Int
    let report: @Sendable (String) -> Void
    let started = Date()
    private var lastPrinted = Date.distantPast
    private var done = 0

    init(label: String, total: Int, report: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.total = total
        self.report = report
    }

    func advance(to n: Int, detail: String = "", force: Bool = false) {
        done = n
        let now = Date()
        guard force || now.timeIntervalSince(lastPrinted) >= 2 || n == total else { return }
        lastPrinted = now
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(n) / elapsed : 0
        let left = rate > 0 ? Double(total - n) / rate : 0
        let text = "\(label) \(n)/\(total)  \(Self.rate(rate))/s  elapsed \(Self.clock(elapsed))  left \(Self.clock(left))"
        report(detail.isEmpty ? text : text + "  " + detail)
    }

    func finish() {
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        report("\(label): \(done) written in \(Self.clock(elapsed)) (\(Self.rate(rate))/s)")
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }

    static func rate(_ r: Double) -> String { r >= 100 ? String(Int(r)) : String(format: "%.1f", r) }
}

/// A zone's own character: its size, growth and performance make the ranking of zones meaningful.
struct ZoneProfile: Sendable {
    let index: Int
    let spec: ProvinceCatalogue.ZoneSpec
    let id: UUID
    /// Relative size; the province's mean is 1.
    let size: Double
    /// Yearly growth of activity (investment, enterprises), e.g. 0.2 = +20 % a year.
    let growth: Double
    /// 0.8 … 1.2: how well the zone delivers (on-time milestones, requests, assessment scores).
    let performance: Double
    /// The staff multiplier of the zone's posts (Demo.committee / Demo.company).
    let scale: Int
    let enterprises: Int
    let projects: Int
    let constructionProjects: Int
    let seed: UInt64

    static func make(_ specs: [ProvinceCatalogue.ZoneSpec], today: CalendarDate, days: Int) -> [ZoneProfile] {
        var gen = Demo.Generator(state: 0x5EED_2024)
        let raw = specs.map { spec in spec.kind.weight * exp(0.55 * gen.normal()) }
        let mean = raw.reduce(0, +) / Double(max(1, raw.count))
        return specs.enumerated().map { i, spec in
            let size = raw[i] / mean
            let growth = 0.08 + 0.12 * gen.normal()
            let performance = min(1.2, max(0.8, 1 + 0.12 * gen.normal()))
            return ZoneProfile(
                index: i,
                spec: spec,
                id: ProvinceIDs.uuid(zone: i, table: .zone, index: 0),
                size: size,
                growth: min(0.45, max(-0.15, growth)),
                performance: performance,
                scale: max(1, Int((2.86 * size).rounded())),
                enterprises: max(60, Int((3077 * size).rounded())),
                projects: max(20, Int((1000 * size).rounded())),
                constructionProjects: max(4, Int((30 * size).rounded())),
                seed: 0x9E37_79B9_7F4A_7C15 &* UInt64(i + 1)
            )
        }
    }
}

/// Deterministic record ids: the audit log refers to a zone's records by their index, without keeping them.
enum ProvinceIDs {
    enum Table: UInt64 {
        case zone = 1
        case body
        case unit
        case post
        case person
        case sealed
        case appointment
        case contract
        case user
        case campaign
        case team
        case membership
        case target
        case project
        case enterprise
        case platform
        case request
        case step
        case scheme
        case cycle
        case result
        case programme
        case construction
        case milestone
        case progress
        case setting
        case codeItem
    }

    static func uuid(zone: Int, table: Table, index: Int) -> UUID {
        var a = mix(0x0123_4567_89AB_CDEF ^ (UInt64(zone) << 40) ^ (table.rawValue << 32) ^ UInt64(index))
        var b = mix(a ^ 0xA5A5_A5A5_5A5A_5A5A)
        // Version 4, RFC 4122 variant.
        a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return UUID(
            uuid: (
                UInt8(truncatingIfNeeded: a >> 56), UInt8(truncatingIfNeeded: a >> 48), UInt8(truncatingIfNeeded: a >> 40),
                UInt8(truncatingIfNeeded: a >> 32), UInt8(truncatingIfNeeded: a >> 24), UInt8(truncatingIfNeeded: a >> 16),
                UInt8(truncatingIfNeeded: a >> 8), UInt8(truncatingIfNeeded: a), UInt8(truncatingIfNeeded: b >> 56),
                UInt8(truncatingIfNeeded: b >> 48), UInt8(truncatingIfNeeded: b >> 40), UInt8(truncatingIfNeeded: b >> 32),
                UInt8(truncatingIfNeeded: b >> 24), UInt8(truncatingIfNeeded: b >> 16), UInt8(truncatingIfNeeded: b >> 8),
                UInt8(truncatingIfNeeded: b)
            )
        )
    }

    /// SplitMix64's finaliser.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Demo.Generator {
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() & 0x7FFF_FFFF) / 2_147_483_648.0 }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 1e-9)
        let v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    mutating func weighted<T>(_ items: [(T, Double)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var x = unit() * total
        for (item, w) in items {
            if x < w { return item }
            x -= w
        }
        return items[items.count - 1].0
    }
}
