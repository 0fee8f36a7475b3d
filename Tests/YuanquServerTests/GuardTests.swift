import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// The API answers bearer tokens only: a browser's session cookie opens no API route, which is why the API needs no
/// CSRF token.
final class APICookieTests: XCTestCase {
    func testASignedInBrowsersCookieWritesNothingThroughTheAPI() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("admin")
            let home = try await b.get("/")
            XCTAssertEqual(home.status, .ok, "[\(engine)] the cookie signs the browser in")
            let unit = try await app.unit(named: "经济发展部")
            let units = try await app.count(OrgUnit.self)
            let events = try await app.count(AuditEvent.self)
            var json = HTTPHeaders()
            json.contentType = .json
            var form = HTTPHeaders()
            form.contentType = .urlEncodedForm
            let attempts: [(HTTPMethod, String, HTTPHeaders, String)] = [
                (.POST, "/api/v1/units", json, #"{"body":"committee","kind":"department","name":"饼干部"}"#),
                (.POST, "/api/v1/units", form, "body=committee&kind=department&name=%E9%A5%BC%E5%B9%B2%E9%83%A8&_csrf=\(b.csrf)"),
                (.PATCH, "/api/v1/units/\(unit.id!)", json, #"{"body":"committee","kind":"department","name":"饼干部"}"#),
                (.DELETE, "/api/v1/units/\(unit.id!)", [:], ""),
            ]
            for (method, path, headers, body) in attempts {
                let r = try await b.send(method, path, headers: headers, body: body.isEmpty ? nil : ByteBuffer(string: body))
                XCTAssertEqual(r.status, .unauthorized, "[\(engine)] \(method) \(path) with a cookie only: \(r.text)")
            }
            // Nor does the web session's token work as a bearer token: API sessions are their own kind.
            let cookieToken = try XCTUnwrap(b.cookies[SessionCookie.name])
            let asBearer = try await APIClient(app: app, token: cookieToken).call(
                .POST,
                "/api/v1/units",
                ["body": "committee", "kind": "department", "name": "饼干部"]
            )
            XCTAssertEqual(asBearer.status, .unauthorized, "[\(engine)] \(asBearer.text)")
            let _v1 = try await app.count(OrgUnit.self)
            XCTAssertEqual(_v1, units)
            let _v2 = try await app.unit(named: "经济发展部").name
            XCTAssertEqual(_v2, "经济发展部")
            let _v3 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v3, events)
            // The same browser's form, with its token, still writes: the refusal is the API's, not the session's.
            let ok = try await APIClient.login(app, "admin").call(
                .POST,
                "/api/v1/units",
                ["body": "committee", "kind": "department", "name": "饼干部"]
            )
            XCTAssertEqual(ok.status, .created, ok.text)
        }
    }
}

/// A zone's user cannot change or delete another zone's record by its id, through any route that takes one.
final class CrossZoneWriteTests: XCTestCase {
    /// Makes the zone `jiangning` with a zone admin `jn-admin`, as the platform admin does on its pages.
    func makeSecondZone(_ app: Application) async throws -> APIClient {
        let b = Browser(app)
        try await b.login("platform")
        try await b.get("/admin/zones")
        let made = try await b.post(
            "/admin/zones",
            ["code": "jiangning", "name": "江宁经济技术开发区", "nameEn": "Jiangning", "committeeCap": "50", "companyCap": "40"]
        )
        XCTAssertEqual(made.status, .seeOther, made.text)
        try await b.get("/admin/users")
        let user = try await b.post(
            "/admin/users",
            ["username": "jn-admin", "displayName": "江宁管理员", "role": "zone-admin", "zone": "jiangning", "password": "Jiangning-zone-1"]
        )
        XCTAssertTrue(user.text.contains("已创建用户 jn-admin"), user.text)
        return try await APIClient.login(app, "jn-admin", password: "Jiangning-zone-1")
    }

    /// What the other zone might change, read straight from the tables.
    struct Snapshot: Equatable {
        var units: [String]
        var posts: [String]
        var people: [String]
        var enterprises: [String]
        var projects: [String]
    }

    func snapshot(_ app: Application) async throws -> Snapshot {
        Snapshot(
            units: try await OrgUnit.query(on: app.db).all().map { "\($0.id!) \($0.zoneID) \($0.name) \($0.kind)" }.sorted(),
            posts: try await Post.query(on: app.db).all().map { "\($0.id!) \($0.zoneID) \($0.title) \($0.headcount)" }.sorted(),
            people: try await Person.query(on: app.db).all().map {
                "\($0.id!) \($0.zoneID) \($0.name) \($0.phone) \($0.postID?.uuidString ?? "")"
            }
            .sorted(),
            enterprises: try await Enterprise.query(on: app.db).all().map { "\($0.id!) \($0.zoneID) \($0.name)" }.sorted(),
            projects: try await ConstructionProject.query(on: app.db).all().map { "\($0.id!) \($0.zoneID) \($0.name) \($0.isKey)" }.sorted()
        )
    }

    func testAZoneUserCannotChangeOrDeleteAnotherZonesRecord() async throws {
        try await eachEngine(engineering: true) { app, engine in
            let jn = try await makeSecondZone(app)
            let pukou = try await APIClient.login(app, "admin")
            // Records of pukou that its own admin could change or delete: a fresh unit and post (nothing refers to
            // them), a person, an enterprise and a construction project of the demo.
            let freshUnit = try await pukou.call(.POST, "/api/v1/units", ["body": "committee", "kind": "department", "name": "待撤部门"])
            XCTAssertEqual(freshUnit.status, .created, freshUnit.text)
            let unitID = freshUnit.json["id"] as! String
            let freshPost = try await pukou.call(
                .POST,
                "/api/v1/posts",
                ["unitId": unitID, "title": "待撤岗位", "tier": "staff", "headcount": 1]
            )
            XCTAssertEqual(freshPost.status, .created, freshPost.text)
            let postID = freshPost.json["id"] as! String
            let person = try await Person.query(on: app.db).sort(\.$name).first()!
            let enterprise = try await Enterprise.query(on: app.db).sort(\.$name).first()!
            let project = try await ConstructionProject.query(on: app.db).sort(\.$code).first()!
            // And a unit of jiangning, for the other direction.
            let jnUnit = try await jn.call(.POST, "/api/v1/units", ["body": "committee", "kind": "department", "name": "江宁招商局"])
            XCTAssertEqual(jnUnit.status, .created, jnUnit.text)
            let jnUnitID = jnUnit.json["id"] as! String

            let before = try await snapshot(app)
            let events = try await app.count(AuditEvent.self)
            let unitBody: [String: Any] = ["body": "committee", "kind": "department", "name": "越权改名"]
            let attempts: [(APIClient, String, HTTPMethod, String, [String: Any]?)] = [
                (jn, "jiangning", .PATCH, "/api/v1/units/\(unitID)", unitBody),
                (jn, "jiangning", .DELETE, "/api/v1/units/\(unitID)", nil),
                (jn, "jiangning", .PATCH, "/api/v1/posts/\(postID)", ["unitId": unitID, "title": "越权改名", "tier": "staff", "headcount": 9]),
                (jn, "jiangning", .DELETE, "/api/v1/posts/\(postID)", nil),
                (jn, "jiangning", .PATCH, "/api/v1/people/\(person.id!)", ["name": "越权改名", "phone": "13900009999"]),
                (jn, "jiangning", .DELETE, "/api/v1/people/\(person.id!)", nil),
                (jn, "jiangning", .PATCH, "/api/v1/enterprises/\(enterprise.id!)", ["name": "越权改名有限公司"]),
                (jn, "jiangning", .PATCH, "/api/v1/construction-projects/\(project.id!)", ["name": "越权改名工程", "isKey": !project.isKey]),
                (pukou, "pukou", .PATCH, "/api/v1/units/\(jnUnitID)", unitBody),
                (pukou, "pukou", .DELETE, "/api/v1/units/\(jnUnitID)", nil),
            ]
            for (client, who, method, path, body) in attempts {
                let r = try await client.call(method, path, body)
                XCTAssertTrue(
                    [.notFound, .forbidden].contains(r.status),
                    "[\(engine)] \(who) \(method) \(path) answered \(r.status.code): \(r.text)"
                )
            }
            let after = try await snapshot(app)
            XCTAssertEqual(after, before, "[\(engine)] another zone's records are unchanged")
            let _v1 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v1, events, "[\(engine)] nothing was written")
            // Each could change its own: the refusals were about the zone.
            let own = try await pukou.call(.DELETE, "/api/v1/posts/\(postID)")
            XCTAssertEqual(own.status, .noContent, own.text)
            let jnOwn = try await jn.call(
                .PATCH,
                "/api/v1/units/\(jnUnitID)",
                ["body": "committee", "kind": "department", "name": "江宁投资促进局"]
            )
            XCTAssertEqual(jnOwn.status, .ok, jnOwn.text)
        }
    }
}

/// The failed sign-in counter counts consecutive failures: a success starts it again.
final class SignInCounterTests: XCTestCase {
    func testASuccessfulSignInResetsTheFailedSignInCounter() async throws {
        try await eachEngine { app, engine in
            let client = APIClient(app: app, token: nil)
            func attempt(_ password: String) async throws -> HTTPStatus {
                try await client.call(.POST, "/api/v1/sessions", ["username": "staff", "password": password]).status
            }
            func failures() async throws -> Int { try await User.query(on: app.db).filter(\.$username == "staff").first()!.failedLogins }
            for _ in 1...4 {
                let s = try await attempt("wrong-password-1")
                XCTAssertEqual(s, .unauthorized)
            }
            let _v1 = try await failures()
            XCTAssertEqual(_v1, 4, "[\(engine)] four failures counted")
            let ok = try await attempt(Demo.password)
            XCTAssertEqual(ok, .created)
            let _v2 = try await failures()
            XCTAssertEqual(_v2, 0, "[\(engine)] the success starts the count again")
            // Four more failures: eight in all, but never five in a row, so the account is not locked.
            for _ in 1...4 {
                let s = try await attempt("wrong-password-2")
                XCTAssertEqual(s, .unauthorized, "[\(engine)] not locked")
            }
            let again = try await attempt(Demo.password)
            XCTAssertEqual(again, .created, "[\(engine)] the right password still signs in")
            let locked = try await User.query(on: app.db).filter(\.$username == "staff").first()!.lockedUntil
            XCTAssertNil(locked)
            // The fifth failure in a row locks it, as before.
            for _ in 1...4 { _ = try await attempt("wrong-password-3") }
            let fifth = try await attempt("wrong-password-3")
            XCTAssertEqual(fifth, .tooManyRequests, "[\(engine)] the fifth in a row makes the next try wait")
        }
    }
}
