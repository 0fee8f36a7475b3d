import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// `audit verify` reads the chain in batches (`Writes.verifyChain`, 20,000 events a batch): a chain longer than one
/// batch verifies whole, and a break after the first batch, or across the boundary, is found and placed exactly.
final class AuditBatchTests: XCTestCase {
    static let batch = 20_000

    func testAChainLongerThanOneBatchIsVerifiedWholeAndABreakPastTheFirstBatchIsFound() async throws {
        try await eachEngine(seed: false) { app, engine in
            // Enough events for two batches and a little, appended as the write path does (one transaction).
            let count = Self.batch + 1_500
            let entries = (1...count).map {
                AuditEntry(
                    action: "update",
                    entity: "setting",
                    entityID: "k\($0)",
                    zoneID: nil,
                    before: nil,
                    after: "{\"v\":\($0)}",
                    note: nil
                )
            }
            try await app.db.transaction { db in try await Writes.append(entries, actor: .commandLine, on: db) }
            let total = try await app.count(AuditEvent.self)
            XCTAssertGreaterThan(total, Self.batch)
            let whole = try await Writes.verifyChain(on: app.db)
            XCTAssertNil(whole.broken, "[\(engine)]")
            XCTAssertEqual(whole.checked, total, "[\(engine)] every event checked, not only the first batch")

            let sql = app.db as! SQLDatabase
            // An event of the second batch altered: found at its sequence, after all before it were checked.
            let deep = Self.batch + 1_234
            try await sql.raw("UPDATE audit_events SET note = 'rewritten' WHERE seq = \(bind: deep)").run()
            let altered = try await Writes.verifyChain(on: app.db)
            XCTAssertEqual(altered.broken, .altered(sequence: deep), "[\(engine)]")
            XCTAssertEqual(altered.checked, deep - 1, "[\(engine)]")
            try await sql.raw("UPDATE audit_events SET note = NULL WHERE seq = \(bind: deep)").run()
            let _v1 = try await Writes.verifyChain(on: app.db).broken
            XCTAssertNil(_v1, "[\(engine)] restored")

            // The first event of the second batch removed: the next one is checked against the last of the first.
            try await sql.raw("DELETE FROM audit_events WHERE seq = \(bind: Self.batch + 1)").run()
            let gap = try await Writes.verifyChain(on: app.db)
            XCTAssertEqual(gap.broken, .gap(sequence: Self.batch + 2, expected: Self.batch + 1), "[\(engine)]")
            XCTAssertEqual(gap.checked, Self.batch, "[\(engine)]")
            // Renumbered to hide the gap, the link across the boundary is still broken.
            try await sql.raw("UPDATE audit_events SET seq = seq + 100000 WHERE seq > \(bind: Self.batch + 1)").run()
            try await sql.raw("UPDATE audit_events SET seq = seq - 100001 WHERE seq > 100000").run()
            let link = try await Writes.verifyChain(on: app.db).broken
            XCTAssertEqual(link, .brokenLink(sequence: Self.batch + 1), "[\(engine)]")
        }
    }
}
