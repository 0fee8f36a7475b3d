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

    /// Runs a `yuanqu` command in-process; answers the error message, or nil when it succeeded.
    func command(_ app: Application, _ args: [String]) async throws -> String? {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["yuanqu"] + args))
        context.application = app
        do {
            try await app.asyncCommands.group().run(using: &context)
            return nil
        } catch { return describe(error) }
    }

    /// Rewrites event `from` and computes every later hash again, as someone with the database's keys could: the chain
    /// then verifies on its own.
    func rewriteHistory(_ app: Application, from: Int) async throws {
        let sql = app.db as! SQLDatabase
        let events = try await AuditEvent.query(on: app.db).filter(\.$id >= from).sort(\.$id).all()
        var previous = try await AuditEvent.find(from - 1, on: app.db)!.hash
        for e in events {
            if e.id == from { e.note = "rewritten" }
            let hash = Writes.sha256Hex(AuditChain.material(previousHash: previous, content: e.canonicalContent))
            try await sql.raw(
                "UPDATE audit_events SET note = \(bind: e.note), prev_hash = \(bind: previous), hash = \(bind: hash) WHERE seq = \(bind: e.id!)"
            ).run()
            previous = hash
        }
    }

    func testACheckpointCatchesHistoryRewrittenWithEveryLaterHash() async throws {
        try await eachEngine { app, engine in
            try await makeChanges(app)
            let path = NSTemporaryDirectory() + "yuanqu-checkpoint-\(UUID().uuidString).txt"
            defer { try? FileManager.default.removeItem(atPath: path) }
            let head = try await AuditEvent.query(on: app.db).sort(\.$id, .descending).first()!
            let taken = try await command(app, ["audit", "checkpoint", "--output", path])
            XCTAssertNil(taken, "[\(engine)]")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let checkpoint = try AuditCheckpoint.parse(text)
            XCTAssertEqual(checkpoint.sequence, head.id)
            XCTAssertEqual(checkpoint.hash, head.hash)
            XCTAssertEqual(checkpoint.occurredAt, head.occurredAt)
            XCTAssertTrue(text.contains("events    \(head.id!)"), text)
            // The one line alone (as copied into a mail) is a checkpoint too.
            let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix(AuditCheckpoint.tag) })
            XCTAssertEqual(try AuditCheckpoint.parse("kept 2026-05-01: " + line).hash, head.hash)
            // Taking it is recorded, after the head it names.
            let recorded = try await AuditEvent.query(on: app.db).sort(\.$id, .descending).first()!
            XCTAssertEqual(recorded.id, head.id! + 1)
            XCTAssertEqual(recorded.action, "checkpoint")
            XCTAssertEqual(recorded.entityID, String(head.id!))
            let again = try await command(app, ["audit", "checkpoint", "--output", path])
            XCTAssertTrue(again?.contains("already exists") ?? false, again ?? "nil")

            // The chain grows: it still extends the checkpoint.
            try await makeChanges(app)
            let extends = try await command(app, ["audit", "verify", "--checkpoint", path])
            XCTAssertNil(extends, "[\(engine)]")

            // An event before the head rewritten, and every later hash computed again: the chain verifies on its own,
            // but no longer extends the checkpoint.
            try await rewriteHistory(app, from: head.id! - 3)
            let plain = try await command(app, ["audit", "verify"])
            XCTAssertNil(plain, "[\(engine)] a consistent rewrite passes the plain check")
            let caught = try await command(app, ["audit", "verify", "--checkpoint", path])
            let message = try XCTUnwrap(caught, "[\(engine)] the checkpoint catches the rewrite")
            XCTAssertTrue(message.contains("does NOT extend the checkpoint: event \(head.id!)"), message)
            XCTAssertTrue(message.contains(head.hash), message)
            let now = try await AuditEvent.find(head.id!, on: app.db)!.hash
            XCTAssertTrue(message.contains(now), message)

            // Events removed past the checkpoint's head.
            try await (app.db as! SQLDatabase).raw("DELETE FROM audit_events WHERE seq >= \(bind: head.id! - 1)").run()
            let removed = try await command(app, ["audit", "verify", "--checkpoint", path])
            XCTAssertTrue(
                removed?.contains("event \(head.id!) is missing (the chain now ends at event \(head.id! - 2))") ?? false,
                removed ?? "nil"
            )

            // A file that is no checkpoint, or none at all.
            let bad = path + ".bad"
            defer { try? FileManager.default.removeItem(atPath: bad) }
            try "yuanqu-audit-checkpoint/1 seq=12 hash=xyz".write(toFile: bad, atomically: true, encoding: .utf8)
            let malformed = try await command(app, ["audit", "verify", "--checkpoint", bad])
            XCTAssertTrue(malformed?.contains("is not a checkpoint: the checkpoint's hash `xyz`") ?? false, malformed ?? "nil")
            let missing = try await command(app, ["audit", "verify", "--checkpoint", path + ".none"])
            XCTAssertTrue(missing?.contains("Cannot read the checkpoint file") ?? false, missing ?? "nil")
        }
    }

    func testTheDashboardShowsTheLastCheckpointsAge() async throws {
        try await eachEngine { app, engine in
            let auditor = try await APIClient.login(app, "auditor")
            let never = try await auditor.call(.GET, "/api/v1/dashboard").json["auditChain"] as? [String: Any]
            XCTAssertNotNil(never, "[\(engine)] the auditor sees the section")
            XCTAssertNil(never?["lastDays"])
            let b = Browser(app)
            try await b.login("auditor")
            let _v1 = try await b.get("/dashboard").text
            XCTAssertTrue(_v1.contains("上次锚点") && _v1.contains("从未"), "[\(engine)] never")
            let taken = try await command(app, ["audit", "checkpoint"])
            XCTAssertNil(taken)
            let _v2 = try await b.get("/dashboard").text
            XCTAssertTrue(_v2.contains("今天"), "[\(engine)] today")
            // Three days later (the event's time set back; the server's cache told, as a write would tell it).
            let last = try await AuditEvent.query(on: app.db).sort(\.$id, .descending).first()!
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let earlier = formatter.string(from: Date().addingTimeInterval(-3 * 86_400))
            try await (app.db as! SQLDatabase).raw("UPDATE audit_events SET occurred_at = \(bind: earlier) WHERE seq = \(bind: last.id!)")
                .run()
            app.readCache.changed(.everything)
            let json = try await auditor.call(.GET, "/api/v1/dashboard").json["auditChain"] as? [String: Any]
            XCTAssertEqual(json?["lastDays"] as? Int, 3, "[\(engine)]")
            XCTAssertEqual(json?["lastSequence"] as? Int, last.id! - 1)
            let _v3 = try await b.get("/dashboard").text
            XCTAssertTrue(_v3.contains("3 天前"), "[\(engine)]")
            let platform = try await APIClient.login(app, "platform")
            let _v4 = try await platform.call(.GET, "/api/v1/dashboard?zone=pukou").json["auditChain"] as? [String: Any]
            XCTAssertEqual(_v4?["lastDays"] as? Int, 3, "[\(engine)] platform users see it")
            // Who does not read the audit log does not see it.
            let leader = try await APIClient.login(app, "leader")
            let _v5 = try await leader.call(.GET, "/api/v1/dashboard").json
            XCTAssertNil(_v5["auditChain"])
        }
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
