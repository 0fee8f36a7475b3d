import ConsoleKit
import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class CommandTests: XCTestCase {
    func run(_ app: Application, _ args: [String], stdin: String? = nil) async throws -> String? {
        try await Self.run(app, args, stdin: stdin)
    }

    /// Runs `yuanqu ARGS` with `stdin` as its standard input; answers the error's description, or nil on success.
    static func run(_ app: Application, _ args: [String], stdin: String? = nil) async throws -> String? {
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
            let _v28 = try await run(app, ["user", "create", "newhr", "--role", "hr", "--zone", "pukou"], stdin: "Welcome-to-2026")
            XCTAssertNil(_v28)
            let _v29 = try await APIClient(app: app, token: nil).call(
                .POST,
                "/api/v1/sessions",
                ["username": "newhr", "password": "Welcome-to-2026"]
            ).status
            XCTAssertEqual(_v29, .created)
            let noPassword = try await run(app, ["user", "create", "other", "--role", "hr", "--zone", "pukou"], stdin: nil)
            XCTAssertTrue(noPassword?.contains("standard input") ?? false)
            let badRole = try await run(app, ["user", "create", "other", "--role", "boss", "--zone", "pukou"], stdin: "Welcome-to-2026")
            XCTAssertTrue(badRole?.contains("role") ?? false, badRole ?? "nil")
            let noZone = try await run(app, ["user", "create", "other", "--role", "hr"], stdin: "Welcome-to-2026")
            XCTAssertTrue(noZone?.contains("zone") ?? false, noZone ?? "nil")
            let _v30 =
                try await run(app, ["user", "create", "newhr", "--role", "hr", "--zone", "pukou"], stdin: "Welcome-to-2026")?.contains(
                    "taken"
                )
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
            let _v31 = try await run(app, ["user", "reset-password", "hr"], stdin: "Fresh-start-2026")
            XCTAssertNil(_v31)
            let _v32 = try await hr.call(.GET, "/api/v1/units").status
            XCTAssertEqual(_v32, .unauthorized)
            let _v33 = try await APIClient(app: app, token: nil).call(
                .POST,
                "/api/v1/sessions",
                ["username": "hr", "password": "Fresh-start-2026"]
            ).status
            XCTAssertEqual(_v33, .created)
            let _v34 = try await run(app, ["user", "reset-password", "nobody"], stdin: "Fresh-start-2026")
            XCTAssertNotNil(_v34)
        }
    }

    /// Every table of the database: its row count and a digest of its rows in primary-key order, by name.
    func tableDigests(_ db: Database) async throws -> [String: String] {
        let sql = db as! SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        let tables =
            try await sql.raw(
                postgres
                    ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
                    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).all().map { try $0.decode(column: "name", as: String.self) }
        var out: [String: String] = [:]
        for table in tables {
            let rows: SQLQueryString
            if postgres {
                let key = try await sql.raw(
                    """
                    SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = to_regclass(\(bind: "public." + table)) AND i.indisprimary ORDER BY a.attnum
                    """
                ).all().map { "\"" + (try $0.decode(column: "name", as: String.self)) + "\"" }
                rows =
                    "SELECT CAST(t AS TEXT) AS r FROM \(ident: table) t ORDER BY \(unsafeRaw: key.isEmpty ? "1" : key.joined(separator: ", "))"
            } else {
                struct Column: Decodable {
                    let name: String
                    let pk: Int
                }
                let columns = try await sql.raw("SELECT name, pk FROM pragma_table_info(\(bind: table))").all(decoding: Column.self)
                let text = columns.map { "quote(\"\($0.name)\")" }.joined(separator: " || char(31) || ")
                let key = columns.filter { $0.pk > 0 }.sorted { $0.pk < $1.pk }.map { "\"\($0.name)\"" }
                rows =
                    "SELECT \(unsafeRaw: text) AS r FROM \(ident: table) ORDER BY \(unsafeRaw: key.isEmpty ? "rowid" : key.joined(separator: ", "))"
            }
            let all = try await sql.raw(rows).all().map { try $0.decode(column: "r", as: String.self) }
            out[table] = "\(all.count) rows, sha256 \(Writes.sha256Hex(all.joined(separator: "\n")))"
        }
        return out
    }

    func testBackupWritesAConsistentCopy() async throws {
        try await withApp(.sqlite) { app in
            let path = "/tmp/yuanqu-backup-\(UUID().uuidString).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let _v35 = try await run(app, ["backup", path])
            XCTAssertNil(_v35)
            let original = try await tableDigests(app.db)
            // The copy, opened as a database of its own, holds every table as the original does.
            let copy = try await Application.make(.testing)
            copy.logger.logLevel = .warning
            do {
                try await configure(copy, config: AppConfig(database: .sqlite(path: path)))
                let copied = try await tableDigests(copy.db)
                XCTAssertEqual(copied, original)
                XCTAssertGreaterThan(copied.count, 50, "every table")
                XCTAssertTrue(copied["people"]?.hasPrefix("120 rows") ?? false, copied["people"] ?? "nil")
                let _v1 = try await Writes.verifyChain(on: copy.db).broken
                XCTAssertNil(_v1)
                let _v2 = try await Writes.chainHead(copy.db as! SQLDatabase).hash
                let _v3 = try await Writes.chainHead(app.db as! SQLDatabase).hash
                XCTAssertEqual(_v2, _v3)
            } catch {
                try? await copy.asyncShutdown()
                throw error
            }
            try await copy.asyncShutdown()
            let _v36 = try await run(app, ["backup", path])?.contains("already exists") ?? false
            XCTAssertTrue(_v36)
        }
    }

    func testBackupAndRestoreBringBackEveryTableAndTheChainHead() async throws {
        try await eachEngine { app, engine in
            if engine == .postgres, let missing = ["pg_dump", "pg_restore", "psql"].first(where: { Backup.tool($0) == nil }) {
                print("testBackupAndRestore: skipped on PostgreSQL: \(missing) is not installed (apt-get install postgresql-client)")
                return
            }
            let sql = app.db as! SQLDatabase
            let stem = NSTemporaryDirectory() + "yuanqu-restore-\(UUID().uuidString)"
            let checkpoint = stem + ".checkpoint"
            let backup = stem + (engine == .sqlite ? ".sqlite" : ".dump")
            let foreign = stem + ".foreign"
            defer { for f in [checkpoint, backup, foreign] { try? FileManager.default.removeItem(atPath: f) } }
            // A session open at the backup, so that its table holds rows.
            let leader = try await APIClient.login(app, "leader")
            let _v1 = try await run(app, ["audit", "checkpoint", "--output", checkpoint])
            XCTAssertNil(_v1)
            let _v2 = try await run(app, ["backup", backup])
            XCTAssertNil(_v2, "[\(engine)]")
            let atBackup = try await tableDigests(app.db)
            let head = try await Writes.chainHead(sql)

            // Changes through the app after the backup: a unit, a person's update, a user, sign-ins.
            let admin = try await APIClient.login(app, "admin")
            let _v3 = try await admin.call(.POST, "/api/v1/units", ["body": "company", "kind": "department", "name": "备份后新建部"]).status
            XCTAssertEqual(_v3, .created)
            let _v4 = try await run(app, ["user", "create", "afterbackup", "--role", "hr", "--zone", "pukou"], stdin: "Welcome-to-2026")
            XCTAssertNil(_v4)
            let changed = try await tableDigests(app.db)
            for table in ["org_units", "users", "user_sessions", "audit_events"] {
                XCTAssertNotEqual(changed[table], atBackup[table], "[\(engine)] \(table) changed since the backup")
            }

            // A database holding records is replaced only when forced.
            let refused = try await run(app, ["restore", backup])
            XCTAssertTrue(refused?.contains("holds records") ?? false, refused ?? "nil")
            let _v5 = try await tableDigests(app.db)
            XCTAssertEqual(_v5, changed, "[\(engine)] a refused restore changes nothing")
            let restored = try await run(app, ["restore", backup, "--force"])
            XCTAssertNil(restored, "[\(engine)]")

            // Every table as it was at the backup, and the chain's head.
            let back = try await tableDigests(app.db)
            XCTAssertEqual(Set(back.keys), Set(atBackup.keys), "[\(engine)]")
            for (table, digest) in atBackup { XCTAssertEqual(back[table], digest, "[\(engine)] \(table)") }
            let _v6 = try await Writes.chainHead(sql)
            XCTAssertEqual(_v6.sequence, head.sequence)
            XCTAssertEqual(_v6.hash, head.hash)
            let _v7 = try await run(app, ["audit", "verify", "--checkpoint", checkpoint])
            XCTAssertNil(_v7, "[\(engine)] the restored chain extends the checkpoint taken before the backup")
            XCTAssertTrue(atBackup["user_sessions"]?.hasPrefix("1 rows") ?? false, atBackup["user_sessions"] ?? "nil")
            let _v11 = try await leader.call(.GET, "/api/v1/units").status
            XCTAssertEqual(_v11, .ok, "[\(engine)] a session open at the backup is open again")
            let _v12 = try await admin.call(.GET, "/api/v1/units").status
            XCTAssertEqual(_v12, .unauthorized, "[\(engine)] one opened since is gone")
            // The app works on the restored records: what was made since is gone, and it writes again.
            let again = try await APIClient.login(app, "admin")
            let units = try await again.call(.GET, "/api/v1/units?limit=500").text
            XCTAssertFalse(units.contains("备份后新建部"))
            let _v8 = try await again.call(.POST, "/api/v1/units", ["body": "company", "kind": "department", "name": "恢复后新建部"]).status
            XCTAssertEqual(_v8, .created)
            let _v9 = try await run(app, ["audit", "verify"])
            XCTAssertNil(_v9)

            // A copy of the other engine, a file that is no copy, a missing file: refused, nothing changed.
            let before = try await tableDigests(app.db)
            try Data((engine == .sqlite ? "PGDMP" : "SQLite format 3\u{0}").utf8).write(to: URL(fileURLWithPath: foreign))
            let other = try await run(app, ["restore", foreign, "--force"])
            XCTAssertTrue(other?.contains(engine == .sqlite ? "is a PostgreSQL copy" : "is an SQLite copy") ?? false, other ?? "nil")
            try Data("hello".utf8).write(to: URL(fileURLWithPath: foreign))
            let junk = try await run(app, ["restore", foreign, "--force"])
            XCTAssertTrue(junk?.contains("is not a Yuanqu backup") ?? false, junk ?? "nil")
            let none = try await run(app, ["restore", stem + ".none", "--force"])
            XCTAssertTrue(none?.contains("Cannot read") ?? false, none ?? "nil")
            let _v10 = try await tableDigests(app.db)
            XCTAssertEqual(_v10, before)
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
