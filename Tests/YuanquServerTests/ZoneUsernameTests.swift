import ConsoleKit
import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// Usernames are unique per zone (issue 27): a zone admin's refused name never tells of another zone's users, and
/// sign-in takes the zone's code when a name is in several zones.
final class ZoneUsernameTests: XCTestCase {
    static let jiangningPassword = "Jiangning-zone-2026"

    /// A second zone, jiangning, with a zone admin named `admin` as the demo zone has: both through the services.
    func secondZoneWithAdmin(_ app: Application) async throws {
        _ = try await ZoneService.create(
            app,
            actor: .commandLine,
            NewZone(code: "jiangning", name: "江宁经济技术开发区", nameEn: "Jiangning Development Zone", committeeCap: 50, companyCap: 40)
        )
        _ = try await UserService.create(
            app,
            actor: .commandLine,
            username: "admin",
            displayName: "江宁管理员",
            role: "zone-admin",
            zoneCode: "jiangning",
            unitID: nil,
            password: Self.jiangningPassword,
            hash: { try app.password.hash($0) }
        )
    }

    /// Writes a user by SQL, past the service's check: only the database's indexes can refuse it.
    func insertAroundTheService(_ app: Application, _ name: String, zone: UUID?) async throws {
        try await (app.db as! SQLDatabase).raw(
            """
            INSERT INTO users (id, username, display_name, password_hash, role, zone_id, language, failed_logins, active)
            VALUES (\(bind: UUID()), \(bind: name), 'x', 'x', 'staff', \(bind: zone), 'zh', 0, \(bind: true))
            """
        ).run()
    }

    func signIn(_ app: Application, _ body: [String: String]) async throws -> Reply {
        try await APIClient(app: app, token: nil).call(.POST, "/api/v1/sessions", body)
    }

    /// Who a token signs in: "role zone" (zone "-" for none).
    func current(_ app: Application, _ signIn: Reply) async throws -> String {
        let me = try await APIClient(app: app, token: signIn.json["token"] as? String).call(.GET, "/api/v1/sessions/current")
        return "\(me.json["role"] as? String ?? "?") \(me.json["zone"] as? String ?? "-")"
    }

    func pageSignIn(_ app: Application, _ form: [String: String]) async throws -> (Browser, Reply) {
        let b = Browser(app)
        try await b.get("/login")
        return (b, try await b.post("/login", form))
    }

    func testTwoZonesEachWithAnAdminSignInWithTheirZoneCode() async throws {
        try await eachEngine { app, engine in
            try await secondZoneWithAdmin(app)
            // The API: each zone's code names its admin.
            let pukou = try await signIn(app, ["username": "admin", "zone": "pukou", "password": Demo.password])
            XCTAssertEqual(pukou.status, .created, "[\(engine)] \(pukou.text)")
            let _v1 = try await current(app, pukou)
            XCTAssertEqual(_v1, "zone-admin pukou")
            let jiangning = try await signIn(app, ["username": "admin", "zone": " Jiangning ", "password": Self.jiangningPassword])
            XCTAssertEqual(jiangning.status, .created, "[\(engine)] the code is trimmed and taken in any case: \(jiangning.text)")
            let _v2 = try await current(app, jiangning)
            XCTAssertEqual(_v2, "zone-admin jiangning")
            // One zone's password does not open the other zone's account.
            let crossed = try await signIn(app, ["username": "admin", "zone": "jiangning", "password": Demo.password])
            XCTAssertEqual(crossed.status, .unauthorized)
            // The sign-in page: the zone field, and each admin lands in their own zone.
            let page = try await Browser(app).get("/login")
            XCTAssertTrue(page.text.contains("name=\"zone\""), "the form has the zone field")
            XCTAssertTrue(page.text.contains("园区代码") && page.text.contains("仅当同一用户名存在于多个园区时需要填写"))
            let (pb, p) = try await pageSignIn(app, ["username": "admin", "zone": "pukou", "password": Demo.password])
            XCTAssertEqual(p.status, .seeOther, "[\(engine)] \(p.text)")
            let _v3 = try await pb.get("/").text.contains("浦口经济开发区")
            XCTAssertTrue(_v3)
            let (jb, j) = try await pageSignIn(app, ["username": "admin", "zone": "jiangning", "password": Self.jiangningPassword])
            XCTAssertEqual(j.status, .seeOther, "[\(engine)] \(j.text)")
            let home = try await jb.get("/").text
            XCTAssertTrue(home.contains("江宁经济技术开发区") && !home.contains("浦口经济开发区"), home)
            // A name in one zone only still signs in without a code.
            let hr = try await signIn(app, ["username": "hr", "password": Demo.password])
            XCTAssertEqual(hr.status, .created)
        }
    }

    func testANameInSeveralZonesWithoutAZoneAnswersAsAnUnknownName() async throws {
        try await eachEngine { app, engine in
            try await secondZoneWithAdmin(app)
            // The right password of one of the two admins, without a zone: refused as an unknown name is.
            let ambiguous = try await signIn(app, ["username": "admin", "password": Demo.password])
            let unknown = try await signIn(app, ["username": "nosuchuser", "password": Demo.password])
            let unknownZone = try await signIn(app, ["username": "admin", "zone": "nosuchzone", "password": Demo.password])
            for r in [ambiguous, unknownZone] {
                XCTAssertEqual(r.status, unknown.status, "[\(engine)] \(r.text)")
                XCTAssertEqual(r.status, .unauthorized)
                XCTAssertEqual(r.json["error"] as? NSDictionary, unknown.json["error"] as? NSDictionary, r.text)
            }
            XCTAssertEqual(unknown.errorField, "password")
            // Nothing is recorded against either account: as for an unknown name, no account's failure.
            let failed = try await AuditEvent.query(on: app.db).filter(\.$action == "loginFailed").count()
            XCTAssertEqual(failed, 0)
            let _v1 = try await User.query(on: app.db).filter(\.$username == "admin").all().map(\.failedLogins)
            XCTAssertEqual(_v1, [0, 0])
            // The sign-in page: the same status and the same words, the form given back alike.
            let (_, page) = try await pageSignIn(app, ["username": "admin", "password": Demo.password])
            let (_, unknownPage) = try await pageSignIn(app, ["username": "nosuchuser", "password": Demo.password])
            XCTAssertEqual(page.status, .unauthorized)
            XCTAssertEqual(page.status, unknownPage.status)
            XCTAssertTrue(page.text.contains("用户名或密码错误") && unknownPage.text.contains("用户名或密码错误"))
            func normalized(_ r: Reply, _ name: String) -> String {
                r.text.replacingOccurrences(of: "value=\"\(name)\"", with: "value=\"NAME\"")
                    .replacingOccurrences(of: #"name="_csrf" value="[^"]*""#, with: "CSRF", options: .regularExpression)
            }
            XCTAssertEqual(normalized(page, "admin"), normalized(unknownPage, "nosuchuser"), "the two pages differ only in the name typed")
        }
    }

    func testTheThrottleOfANameInSeveralZonesIsThatOfAnUnknownNameAndKeyedByNameAndZone() async throws {
        try await eachEngine { app, _ in
            try await secondZoneWithAdmin(app)
            var answers: [String: [String]] = [:]
            for i in 1...6 {
                for name in ["admin", "nosuchuser"] {
                    let r = try await signIn(app, ["username": name, "password": i == 6 ? Demo.password : "wrong-password-\(i)"])
                    answers[name, default: []].append("\(r.status.code) \((r.json["error"] as? [String: Any])?["code"] as? String ?? "")")
                }
            }
            XCTAssertEqual(answers["admin"], answers["nosuchuser"])
            XCTAssertEqual(
                answers["admin"],
                Array(repeating: "401 badCredentials", count: 4) + Array(repeating: "429 tooManyFailures", count: 2)
            )
            // The name with its zone is another key: the pukou admin is not slowed by the tries of the bare name.
            let withZone = try await signIn(app, ["username": "admin", "zone": "pukou", "password": Demo.password])
            XCTAssertEqual(withZone.status, .created, withZone.text)
            XCTAssertNotEqual(
                SignInFailures.keys(name: "admin", zone: "pukou", client: "c").name,
                SignInFailures.keys(name: "admin", zone: "jiangning", client: "c").name
            )
            XCTAssertEqual(
                SignInFailures.keys(name: "Admin", zone: " PUKOU", client: "c").name,
                SignInFailures.keys(name: "admin", zone: "pukou", client: "c").name
            )
        }
    }

    func testAZoneAdminCreatesANameOfAnotherZoneButNotOneOfItsOwn() async throws {
        try await eachEngine { app, engine in
            try await secondZoneWithAdmin(app)
            let (b, signed) = try await pageSignIn(app, ["username": "admin", "zone": "jiangning", "password": Self.jiangningPassword])
            XCTAssertEqual(signed.status, .seeOther)
            try await b.get("/admin/users")
            // `hr` is a pukou user only: jiangning's admin may take the name, and learns nothing of pukou.
            let made = try await b.post(
                "/admin/users",
                ["username": "hr", "displayName": "江宁人事", "role": "hr", "password": "Jiangning-hr-2026"]
            )
            XCTAssertEqual(made.status, .ok, "[\(engine)] \(made.text)")
            XCTAssertTrue(made.text.contains("已创建用户 hr"), made.text)
            let hrs = try await User.query(on: app.db).filter(\.$username == "hr").count()
            XCTAssertEqual(hrs, 2)
            // `admin` is a jiangning user: refused, naming the username field.
            let taken = try await b.post(
                "/admin/users",
                ["username": "admin", "displayName": "第二个", "role": "hr", "password": "Jiangning-hr-2026"]
            )
            XCTAssertEqual(taken.status, .conflict)
            XCTAssertTrue(taken.text.contains("用户名“admin”已被使用"), taken.text)
            XCTAssertTrue(taken.text.contains("id=\"e-username\""), "the error stands at the username field")
            // The service says the same, naming the field; and so for the pukou admin and a pukou name.
            let pukouAdmin = try await User.query(on: app.db).filter(\.$username == "admin").filter(\.$zoneID != nil).all()
                .first { $0.displayName == "园区管理员" }!
            let actor = Actor(
                userID: pukouAdmin.id,
                username: "admin",
                displayName: pukouAdmin.displayName,
                role: .zoneAdmin,
                zoneID: pukouAdmin.zoneID,
                unitID: nil,
                personID: nil,
                sessionID: nil,
                language: nil
            )
            for (name, refused) in [("leader", true), ("jn-only", false)] {
                do {
                    _ = try await UserService.create(
                        app,
                        actor: actor,
                        username: name,
                        displayName: "x",
                        role: "staff",
                        zoneCode: "jiangning",
                        unitID: nil,
                        password: "Pukou-staff-2026",
                        hash: { try app.password.hash($0) }
                    )
                    XCTAssertFalse(refused, name)
                } catch let e as AppError {
                    XCTAssertTrue(refused, "\(name): \(e)")
                    XCTAssertEqual(e.status, .conflict)
                    XCTAssertEqual(e.field, "username")
                }
            }
            let inPukou = try await User.query(on: app.db).filter(\.$username == "jn-only").first()?.zoneID
            XCTAssertEqual(inPukou, pukouAdmin.zoneID, "a zone admin creates in its own zone whatever zone it names")
            // The database holds the rule too: a second `admin` of jiangning written around the service is refused.
            let jiangning = try await Zone.query(on: app.db).filter(\.$code == "jiangning").first()!.id!
            do {
                try await insertAroundTheService(app, "admin", zone: jiangning)
                XCTFail("[\(engine)] a second admin in one zone was written")
            } catch {}
        }
    }

    func testAPlatformUserAndAZoneUserOfOneName() async throws {
        try await eachEngine { app, engine in
            _ = try await UserService.create(
                app,
                actor: .commandLine,
                username: "platform",
                displayName: "浦口的 platform",
                role: "staff",
                zoneCode: "pukou",
                unitID: nil,
                password: "Pukou-staff-2026",
                hash: { try app.password.hash($0) }
            )
            // Without a zone: the platform user; with pukou's code: the zone's.
            let platform = try await signIn(app, ["username": "platform", "password": Demo.password])
            XCTAssertEqual(platform.status, .created, "[\(engine)] \(platform.text)")
            let _v1 = try await current(app, platform)
            XCTAssertEqual(_v1, "platform-admin -")
            let (pb, page) = try await pageSignIn(app, ["username": "platform", "zone": "", "password": Demo.password])
            XCTAssertEqual(page.status, .seeOther)
            let _v2 = try await pb.get("/admin/zones").status
            XCTAssertEqual(_v2, .ok, "the platform admin's page")
            let staff = try await signIn(app, ["username": "platform", "zone": "pukou", "password": "Pukou-staff-2026"])
            XCTAssertEqual(staff.status, .created, staff.text)
            let _v3 = try await current(app, staff)
            XCTAssertEqual(_v3, "staff pukou")
            // Platform users are unique among themselves.
            do {
                _ = try await UserService.create(
                    app,
                    actor: .commandLine,
                    username: "platform",
                    displayName: "第二个平台管理员",
                    role: "platform-admin",
                    zoneCode: nil,
                    unitID: nil,
                    password: "Second-admin-2026",
                    hash: { try app.password.hash($0) }
                )
                XCTFail("a second platform user named platform")
            } catch let e as AppError {
                XCTAssertEqual(e.status, .conflict)
                XCTAssertEqual(e.field, "username")
            }
        }
    }

    func testTheMigrationKeepsTheTableAndItsForeignKeysAndCanBeReverted() async throws {
        try await eachEngine { app, engine in
            let sql = app.db as! SQLDatabase
            let hr = try await APIClient.login(app, "hr")
            if engine == .sqlite {
                let table =
                    try await sql.raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'").first()?
                    .decode(column: "sql", as: String.self) ?? ""
                XCTAssertFalse(table.contains("UNIQUE"), table)
                XCTAssertTrue(table.contains("REFERENCES \"zones\""), table)
                let sessions = try await sql.raw("SELECT \"table\" AS t FROM pragma_foreign_key_list('user_sessions')").all()
                    .map { try $0.decode(column: "t", as: String.self) }
                XCTAssertEqual(sessions, ["users"])
                let _v1 = try await sql.raw("PRAGMA foreign_key_check").all().count
                XCTAssertEqual(_v1, 0)
                let _v2 = try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
                XCTAssertEqual(_v2, 1, "foreign keys are on again")
            } else {
                let unique = try await sql.raw(
                    "SELECT COUNT(*) AS n FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'u'"
                )
                .first()?.decode(column: "n", as: Int.self)
                XCTAssertEqual(unique, 0)
            }
            let indexes =
                try await sql.raw(
                    engine == .sqlite
                        ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' AND name LIKE 'users_%'"
                        : "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'users' AND indexname LIKE 'users_%' AND indexname <> 'users_pkey'"
                ).all().map { try $0.decode(column: "name", as: String.self) }
            XCTAssertEqual(Set(indexes), ["users_zone_username", "users_platform_username", "users_username"])
            let _v3 = try await hr.call(.GET, "/api/v1/sessions/current").status
            XCTAssertEqual(_v3, .ok, "sessions made before the rebuild still name their user")
            // Reverted: the old global rule is back; prepared again: the per-zone indexes.
            let before = try await app.count(User.self)
            try await UpdateUserUsernameUniquePerZone().revert(on: app.db)
            let _v4 = try await app.count(User.self)
            XCTAssertEqual(_v4, before)
            do {
                try await insertAroundTheService(app, "hr", zone: nil)
                XCTFail("[\(engine)] reverted, a name is unique over the installation")
            } catch {}
            try await UpdateUserUsernameUniquePerZone().prepare(on: app.db)
            let _v5 = try await app.count(User.self)
            XCTAssertEqual(_v5, before)
            // Prepared again: a platform `hr` beside pukou's may be written, a second platform `hr` not.
            try await insertAroundTheService(app, "hr", zone: nil)
            do {
                try await insertAroundTheService(app, "hr", zone: nil)
                XCTFail("[\(engine)] two platform users of one name")
            } catch {}
            let again = try await APIClient(app: app, token: nil).call(
                .POST,
                "/api/v1/sessions",
                ["username": "admin", "password": Demo.password]
            )
            XCTAssertEqual(again.status, .created)
        }
    }

    func run(_ app: Application, _ args: [String], stdin: String? = nil) async throws -> String? {
        try await CommandTests.run(app, args, stdin: stdin)
    }

    func testCommandsTakeTheZoneWhereANameIsInSeveral() async throws {
        try await eachEngine { app, engine in
            try await secondZoneWithAdmin(app)
            let made = try await run(app, ["user", "create", "hr", "--role", "hr", "--zone", "jiangning"], stdin: "Jiangning-hr-2026")
            XCTAssertNil(made, "[\(engine)] hr is a pukou name only")
            let twice = try await run(app, ["user", "create", "hr", "--role", "hr", "--zone", "jiangning"], stdin: "Jiangning-hr-2026")
            XCTAssertTrue(twice?.contains("taken") ?? false, twice ?? "nil")
            // Without --zone a name in two zones is refused, naming them; with it, that zone's user is reset.
            let bare = try await run(app, ["user", "reset-password", "admin"], stdin: "Fresh-start-2026")
            XCTAssertTrue((bare ?? "").contains("jiangning, pukou"), bare ?? "nil")
            // Failed sign-ins of jiangning's admin slow it; the reset forgets them (the name with its zone code).
            for i in 1...5 {
                _ = try await signIn(app, ["username": "admin", "zone": "jiangning", "password": "wrong-password-\(i)"])
            }
            let _v0 = try await signIn(app, ["username": "admin", "zone": "jiangning", "password": Self.jiangningPassword]).status
            XCTAssertEqual(_v0, .tooManyRequests)
            let reset = try await run(app, ["user", "reset-password", "admin", "--zone", "jiangning"], stdin: "Fresh-start-2026")
            XCTAssertNil(reset)
            let _v1 = try await signIn(app, ["username": "admin", "zone": "jiangning", "password": "Fresh-start-2026"]).status
            XCTAssertEqual(_v1, .created)
            let _v2 = try await signIn(app, ["username": "admin", "zone": "pukou", "password": Demo.password]).status
            XCTAssertEqual(_v2, .created, "the other zone's admin keeps its password")
            let nobody = try await run(app, ["user", "reset-password", "admin", "--zone", "nosuchzone"], stdin: "Fresh-start-2026")
            XCTAssertTrue(nobody?.contains("No user") ?? false, nobody ?? "nil")
            // A name in one zone only needs no --zone.
            let leader = try await run(app, ["user", "reset-password", "leader"], stdin: "Fresh-start-2026")
            XCTAssertNil(leader)
        }
    }
}
