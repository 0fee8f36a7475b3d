import ConsoleKit
import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class AuditTests: XCTestCase {
    func makeChanges(_ app: Application) async throws {
        let api = try await APIClient.login(app, "admin")
        for i in 1...3 { try await api.call(.POST, "/api/v1/units", ["body": "company", "kind": "department", "name": "审计测试部\(i)"]) }
    }

    /// Runs `yuanqu audit verify` in-process; answers the error message, or nil when the chain is intact.
    func verifyCommand(_ app: Application) async throws -> String? {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["yuanqu", "audit", "verify"]))
        context.application = app
        do {
            try await app.asyncCommands.group().run(using: &context)
            return nil
        } catch { return describe(error) }
    }

    func testEveryChangeIsAuditedWithActorAndValues() async throws {
        try await eachEngine { app, _ in
            try await makeChanges(app)
            let e = try await AuditEvent.query(on: app.db).filter(\.$entity == "unit").sort(\.$id, .descending).first()!
            XCTAssertEqual(e.action, "create")
            XCTAssertEqual(e.actorName, "admin")
            XCTAssertTrue(e.after!.contains("审计测试部3"))
            XCTAssertEqual(e.hash.count, 64)
            let auditor = try await APIClient.login(app, "auditor")
            let list = try await auditor.call(.GET, "/api/v1/audit/events?entity=unit&action=create&limit=5")
            XCTAssertEqual(list.items.first?["actor"] as? String, "admin")
            let b = Browser(app)
            try await b.login("auditor")
            let page = try await b.get("/audit?action=login")
            XCTAssertTrue(page.text.contains("登录"))
            let _v10 = try await verifyCommand(app)
            XCTAssertNil(_v10)
        }
    }

    func testTheAuditLogPageShowsANewEventAtOnceAndEachReaderTheirOwnPage() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("auditor")
            let before = try await b.get("/audit")
            let again = try await b.get("/audit")
            XCTAssertEqual(again.text, before.text, "nothing new: the same page")
            XCTAssertFalse(before.text.contains("审计页测试部"))
            let api = try await APIClient.login(app, "admin")
            try await api.call(.POST, "/api/v1/units", ["body": "company", "kind": "department", "name": "审计页测试部"])
            let after = try await b.get("/audit")
            XCTAssertTrue(after.text.contains("审计页测试部"), "the new event at the top at once")
            // A sign-in is an event too (not one that changes any figure).
            let admin = Browser(app)
            try await admin.login("admin")
            let signedIn = try await b.get("/audit?action=login")
            XCTAssertTrue(signedIn.text.contains(">admin<"), signedIn.text)
            // Another reader of the same address gets a page of their own (their name, their sign-out form).
            let adminPage = try await admin.get("/audit")
            XCTAssertTrue(adminPage.text.contains(Demo.users.first { $0.username == "admin" }!.name))
            XCTAssertNotEqual(adminPage.text, after.text)
        }
    }

    func testVerifyNamesAnAlteredRow() async throws {
        try await eachEngine { app, _ in
            try await makeChanges(app)
            try await (app.db as! SQLDatabase).raw("UPDATE audit_events SET note = 'tampered' WHERE seq = 7").run()
            let message = try await verifyCommand(app)
            XCTAssertNotNil(message)
            XCTAssertTrue(message!.contains("event 7"), message!)
            XCTAssertTrue(message!.contains("altered"), message!)
        }
    }

    /// Contents with Chinese text and the very characters the canonical text and the batch reading use as
    /// separators verify as they were written, and an alteration among them is still found.
    func testVerifyReadsAnyContentExactly() async throws {
        try await eachEngine { app, engine in
            let odd = "审计\u{1E}记录\u{1D}\u{1F}末尾 \u{1E}"
            for note in [odd, "普通说明", odd + odd] {
                try await Writes.perform(app, actor: .commandLine) { _, trail in
                    trail.record("update", "setting", id: "x", zone: nil, after: ["value": note], note: note)
                }
            }
            let intact = try await Writes.verifyChain(on: app.db)
            XCTAssertNil(intact.broken, "[\(engine)]")
            let events = try await AuditEvent.query(on: app.db).count()
            XCTAssertEqual(intact.checked, events)
            let last = try await AuditEvent.query(on: app.db).sort(\.$id, .descending).first()!.id!
            try await (app.db as! SQLDatabase).raw("UPDATE audit_events SET note = \(bind: odd + "x") WHERE seq = \(bind: last)").run()
            let altered = try await Writes.verifyChain(on: app.db).broken
            XCTAssertEqual(altered, .altered(sequence: last), "[\(engine)]")
        }
    }

    func testVerifyFindsADeletedRow() async throws {
        try await eachEngine { app, _ in
            try await makeChanges(app)
            try await (app.db as! SQLDatabase).raw("DELETE FROM audit_events WHERE seq = 5").run()
            let message = try await verifyCommand(app)
            XCTAssertTrue(message?.contains("event 5 is missing") ?? false, message ?? "nil")
        }
    }

    func testVerifyFindsAnInsertedRow() async throws {
        try await eachEngine { app, _ in
            try await makeChanges(app)
            let last = try await AuditEvent.query(on: app.db).sort(\.$id, .descending).first()!
            let n = last.id! + 1
            try await (app.db as! SQLDatabase).raw(
                """
                INSERT INTO audit_events (seq, occurred_at, actor_name, action, entity, prev_hash, hash)
                VALUES (\(bind: n), '2026-01-01T00:00:00.000Z', 'intruder', 'delete', 'unit', \(bind: last.hash), 'forged')
                """
            ).run()
            let message = try await verifyCommand(app)
            XCTAssertTrue(message?.contains("event \(n)") ?? false, message ?? "nil")
            // A row slipped into the middle with a free sequence number breaks the link of the row after it.
            try await (app.db as! SQLDatabase).raw("DELETE FROM audit_events WHERE seq = \(bind: n)").run()
            try await (app.db as! SQLDatabase).raw("UPDATE audit_events SET seq = seq + 1000 WHERE seq > 3").run()
            try await (app.db as! SQLDatabase).raw("UPDATE audit_events SET seq = seq - 999 WHERE seq > 1000").run()
            try await (app.db as! SQLDatabase).raw(
                """
                INSERT INTO audit_events (seq, occurred_at, actor_name, action, entity, prev_hash, hash)
                VALUES (4, '2026-01-01T00:00:00.000Z', 'intruder', 'delete', 'unit', 'x', 'y')
                """
            ).run()
            let middle = try await verifyCommand(app)
            XCTAssertTrue(middle?.contains("event 4") ?? false, middle ?? "nil")
        }
    }
}
