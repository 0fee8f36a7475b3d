import ConsoleKit
import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class CommandTests: XCTestCase {
    func run(_ app: Application, _ args: [String], stdin: String? = nil) async throws -> String? {
        passwordInput = { stdin }
        defer { passwordInput = { readLine(strippingNewline: true) } }
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["yuanqu"] + args))
        context.application = app
        do {
            try await app.asyncCommands.group().run(using: &context)
            return nil
        } catch { return describe(error) }
    }

    func testUserCreateReadsPasswordFromStandardInput() async throws {
        try await eachEngine { app, _ in
            let _v28 = try await run(app, ["user", "create", "newhr", "--role", "hr", "--zone", "pukou"], stdin: "Welcome2026")
            XCTAssertNil(_v28)
            let _v29 = try await APIClient(app: app, token: nil).call(
                .POST,
                "/api/v1/sessions",
                ["username": "newhr", "password": "Welcome2026"]
            ).status
            XCTAssertEqual(_v29, .created)
            let noPassword = try await run(app, ["user", "create", "other", "--role", "hr", "--zone", "pukou"], stdin: nil)
            XCTAssertTrue(noPassword?.contains("standard input") ?? false)
            let badRole = try await run(app, ["user", "create", "other", "--role", "boss", "--zone", "pukou"], stdin: "Welcome2026")
            XCTAssertTrue(badRole?.contains("role") ?? false, badRole ?? "nil")
            let noZone = try await run(app, ["user", "create", "other", "--role", "hr"], stdin: "Welcome2026")
            XCTAssertTrue(noZone?.contains("zone") ?? false, noZone ?? "nil")
            let _v30 =
                try await run(app, ["user", "create", "newhr", "--role", "hr", "--zone", "pukou"], stdin: "Welcome2026")?.contains("taken")
                ?? false
            XCTAssertTrue(_v30)
        }
    }

    func testResetPasswordUnlocksAndEndsSessions() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let user = try await User.query(on: app.db).filter(\.$username == "hr").first()!
            user.lockedUntil = Date().addingTimeInterval(600)
            try await user.update(on: app.db)
            let _v31 = try await run(app, ["user", "reset-password", "hr"], stdin: "Fresh2026x")
            XCTAssertNil(_v31)
            let _v32 = try await hr.call(.GET, "/api/v1/units").status
            XCTAssertEqual(_v32, .unauthorized)
            let _v33 = try await APIClient(app: app, token: nil).call(
                .POST,
                "/api/v1/sessions",
                ["username": "hr", "password": "Fresh2026x"]
            ).status
            XCTAssertEqual(_v33, .created)
            let _v34 = try await run(app, ["user", "reset-password", "nobody"], stdin: "Fresh2026x")
            XCTAssertNotNil(_v34)
        }
    }

    func testBackupWritesAConsistentCopy() async throws {
        try await withApp(.sqlite) { app in
            let path = "/tmp/yuanqu-backup-\(UUID().uuidString).sqlite"
            defer { try? FileManager.default.removeItem(atPath: path) }
            let _v35 = try await run(app, ["backup", path])
            XCTAssertNil(_v35)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            XCTAssertTrue(String(decoding: data.prefix(15), as: UTF8.self).hasPrefix("SQLite format 3"))
            let _v36 = try await run(app, ["backup", path])?.contains("already exists") ?? false
            XCTAssertTrue(_v36)
        }
    }

    func testSQLiteRunsInWALModeWithFullSync() async throws {
        try await withApp(.sqlite, seed: false) { app in
            // `synchronous` is per connection: the pool's connection on every event loop, not only one of them.
            var loops = 0
            for eventLoop in app.eventLoopGroup.makeIterator() {
                loops += 1
                let sql = app.databases.database(.sqlite, logger: app.logger, on: eventLoop) as! SQLDatabase
                let mode = try await sql.raw("PRAGMA journal_mode").first()!.decode(column: "journal_mode", as: String.self)
                XCTAssertEqual(mode, "wal")
                let sync = try await sql.raw("PRAGMA synchronous").first()!.decode(column: "synchronous", as: Int.self)
                XCTAssertEqual(sync, 2, "FULL on the connection of event loop \(loops)")
            }
            XCTAssertGreaterThan(loops, 0)
        }
    }

    func testDemoCommandIsIdempotent() async throws {
        try await eachEngine { app, _ in
            let people = try await app.count(Person.self)
            let _v37 = try await run(app, ["demo", "--scale", "zone"])
            XCTAssertNil(_v37)
            let _v38 = try await app.count(Person.self)
            XCTAssertEqual(_v38, people)
            let _v39 = try await run(app, ["demo", "--scale", "country"])
            XCTAssertNotNil(_v39)
        }
    }
}

final class SettingsTests: XCTestCase {
    func testSettingsAreDataWithDefaultsAndChecked() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("admin")
            let page = try await b.get("/admin/settings")
            XCTAssertTrue(page.text.contains("公示期（工作日）"))
            XCTAssertTrue(page.text.contains("集成电路"))
            let bad = try await b.post("/admin/settings", ["publicity.workingDays": "0", "list.pageSize": "20"])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains("公示期（工作日）须在 1–30 之间"))
            let ok = try await b.post("/admin/settings", ["publicity.workingDays": "7", "list.pageSize": "10"])
            XCTAssertEqual(ok.status, .ok)
            let _v40 = try await Settings.int("publicity.workingDays", zone: (try await app.unit(named: "招商中心")).zoneID, on: app.db)
            XCTAssertEqual(_v40, 7)
            let _v41 = try await b.get("/people").text.contains("第 1/12 页")
            XCTAssertTrue(_v41, "page size 10 over 120 people")
            // A cap below the posts already made is refused.
            let cap = try await b.post("/admin/settings", ["cap.committee": "10"])
            XCTAssertEqual(cap.status, .unprocessableEntity)
            XCTAssertTrue(cap.text.contains("上限不能低于此数"))
            // Code lists: add an industry.
            let code = try await b.post(
                "/admin/codes",
                ["list": "industry", "code": "aerospace", "labelZh": "航空航天", "labelEn": "Aerospace", "active": "true"]
            )
            XCTAssertTrue(code.text.contains("航空航天"))
            let _v42 = try await CodeListItem.query(on: app.db).filter(\.$code == "aerospace").count()
            XCTAssertEqual(_v42, 1)
            let _v43 = try await AuditEvent.query(on: app.db).filter(\.$entity == "setting").count()
            XCTAssertGreaterThanOrEqual(_v43, 2)
        }
    }
}
