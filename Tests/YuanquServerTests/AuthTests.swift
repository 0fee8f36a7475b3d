import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class AuthTests: XCTestCase {
    func testLoginPageIsChineseAndHealthAnswers() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            let _v11 = try await b.get("/healthz").status
            XCTAssertEqual(_v11, .ok)
            let page = try await b.get("/login")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("lang=\"zh-CN\""))
            XCTAssertTrue(page.text.contains("用户名"))
            XCTAssertTrue(page.text.contains("登录"))
            XCTAssertFalse(page.text.contains("Username"))
        }
    }

    func testSignedOutPagesRedirectToLoginAndAPIAnswers401() async throws {
        try await eachEngine { app, _ in
            let r = try await Browser(app).get("/units")
            XCTAssertEqual(r.status, .seeOther)
            XCTAssertTrue(r.location.hasPrefix("/login?next="))
            let api = try await APIClient(app: app, token: nil).call(.GET, "/api/v1/units")
            XCTAssertEqual(api.status, .unauthorized)
            XCTAssertEqual((api.json["error"] as? [String: Any])?["code"] as? String, "unauthorized")
            XCTAssertNotNil(api.headers.first(name: "X-Request-Id"), "errors carry the id of their log lines")
            XCTAssertEqual(api.headers.first(name: "X-Frame-Options"), "DENY")
        }
    }

    func testSignInShowsHomeWithNavigationAndSessionCookieIsHttpOnlyLax() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.get("/login")
            let r = try await b.post("/login", ["username": "admin", "password": Demo.password])
            XCTAssertEqual(r.status, .seeOther)
            let setCookie = r.headers[.setCookie].first { $0.hasPrefix("yuanqu_session=") } ?? ""
            XCTAssertTrue(setCookie.contains("HttpOnly"), setCookie)
            XCTAssertTrue(setCookie.lowercased().contains("samesite=lax"), setCookie)
            let home = try await b.get("/")
            XCTAssertEqual(home.status, .ok)
            for label in ["组织机构", "岗位", "人员", "审计日志", "设置与字典", "浦口经济开发区"] { XCTAssertTrue(home.text.contains(label), label) }
            // Sign out: the session no longer works.
            let _v12 = try await b.post("/logout", [:]).status
            XCTAssertEqual(_v12, .seeOther)
            let _v13 = try await b.get("/").status
            XCTAssertEqual(_v13, .seeOther)
        }
    }

    func testWrongPasswordSaysSoAndNextIsKeptSafe() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.get("/login")
            let r = try await b.post("/login", ["username": "admin", "password": "nope1234"])
            XCTAssertEqual(r.status, .unauthorized)
            XCTAssertTrue(r.text.contains("用户名或密码错误"))
            try await b.get("/login?next=//evil.example")
            let ok = try await b.post("/login?next=//evil.example", ["username": "admin", "password": Demo.password])
            XCTAssertEqual(ok.location, "/")
        }
    }

    func testFailedSignInsSlowThatNameFromThatClientAndKnownAndUnknownNamesAnswerAlike() async throws {
        try await eachEngine { app, _ in
            let api = APIClient(app: app, token: nil)
            // Twenty tries of a real name and of a made-up one: the same answers, try by try.
            var answers: [String: [String]] = [:]
            for i in 1...20 {
                for name in ["hr", "nosuchuser"] {
                    let r = try await api.call(.POST, "/api/v1/sessions", ["username": name, "password": "wrong-password-\(i)"])
                    let code = (r.json["error"] as? [String: Any])?["code"] as? String ?? ""
                    answers[name, default: []].append("\(r.status.code) \(code)")
                }
            }
            let known = answers["hr"] ?? []
            let unknown = answers["nosuchuser"] ?? []
            XCTAssertEqual(known, unknown)
            XCTAssertEqual(Array(known.prefix(5)), Array(repeating: "401 badCredentials", count: 4) + ["429 tooManyFailures"])
            XCTAssertEqual(Set(known.dropFirst(4)), ["429 tooManyFailures"])
            // The right password waits too, with the wait named.
            let right = try await api.call(.POST, "/api/v1/sessions", ["username": "hr", "password": Demo.password])
            XCTAssertEqual(right.status, .tooManyRequests)
            XCTAssertTrue(right.errorMessage.contains("秒后再试"), right.errorMessage)
            let failed = try await AuditEvent.query(on: app.db).filter(\.$action == "loginFailed").count()
            XCTAssertEqual(failed, 5, "tries made while waiting are refused before the password is checked")
            // No lock is held on the account: the name from another client is not slowed.
            let elsewhere = SignInFailures.keys(name: "hr", zone: "", client: "10.1.2.3")
            let wait = try await SignInFailures.wait(elsewhere, on: app.db, now: Date())
            XCTAssertEqual(wait, 0)
            let user = try await User.query(on: app.db).filter(\.$username == "hr").first()!
            XCTAssertNil(user.lockedUntil)
            // When the wait has passed (the failures moved back 31 seconds), the right password works again.
            try await (app.db as! SQLDatabase).raw("UPDATE rate_limit_hits SET attempted_at = attempted_at - 31").run()
            let again = try await api.call(.POST, "/api/v1/sessions", ["username": "hr", "password": Demo.password])
            XCTAssertEqual(again.status, .created)
        }
    }

    func testSprayingManyNamesFromOneClientIsSlowed() async throws {
        try await eachEngine { app, _ in
            let api = APIClient(app: app, token: nil)
            var statuses: [UInt] = []
            for i in 1...40 {
                let r = try await api.call(.POST, "/api/v1/sessions", ["username": "name\(i)", "password": "Spring-2026-pass"])
                statuses.append(r.status.code)
            }
            XCTAssertEqual(Array(statuses.prefix(19)), Array(repeating: 401, count: 19))
            XCTAssertEqual(Set(statuses.dropFirst(19)), [429], "the twentieth failure from one client and every try after it wait")
        }
    }

    func testStateChangingFormWithoutCSRFTokenIsRefusedAndWritesNothing() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("admin")
            try await b.get("/units/new")
            let before = try await app.count(OrgUnit.self)
            let events = try await app.count(AuditEvent.self)
            let form = ["body": "committee", "kind": "department", "name": "新部门", "parentId": "", "isMainBusiness": "false", "duties": ""]
            let missing = try await b.post("/units", form, withCSRF: false)
            XCTAssertEqual(missing.status, .forbidden)
            XCTAssertTrue(missing.text.contains("表单已失效"))
            var forged = form
            forged["_csrf"] = "forged-token"
            let _v16 = try await b.post("/units", forged, withCSRF: false).status
            XCTAssertEqual(_v16, .forbidden)
            let _v17 = try await app.count(OrgUnit.self)
            XCTAssertEqual(_v17, before)
            let _v18 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v18, events)
            // Login without the login form's token is refused too.
            let fresh = Browser(app)
            let _v19 = try await fresh.post("/login", ["username": "admin", "password": Demo.password], withCSRF: false).status
            XCTAssertEqual(_v19, .forbidden)
            // With the token, the same form works.
            let _v20 = try await b.post("/units", form).status
            XCTAssertEqual(_v20, .seeOther)
            let _v21 = try await app.count(OrgUnit.self)
            XCTAssertEqual(_v21, before + 1)
        }
    }

    func testACrossSiteFormIsRefusedEvenWithAValidToken() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("admin")
            try await b.get("/units/new")
            let before = try await app.count(OrgUnit.self)
            let form = ["body": "committee", "kind": "department", "name": "跨站部门", "parentId": "", "isMainBusiness": "false", "duties": ""]
            let site: HTTPHeaders = ["Host": "yuanqu.example.internal"]
            for (name, value) in [("Origin", "https://evil.example"), ("Referer", "https://evil.example/page"), ("Origin", "null")] {
                var h = site
                h.add(name: name, value: value)
                let r = try await b.post("/units", form, headers: h)
                XCTAssertEqual(r.status, .forbidden, "\(name): \(value)")
            }
            let unchanged = try await app.count(OrgUnit.self)
            XCTAssertEqual(unchanged, before, "nothing written")
            // From the site itself (behind a proxy that forwards the host without its port), the same form works.
            var h = site
            h.add(name: "Origin", value: "https://yuanqu.example.internal")
            let ok = try await b.post("/units", form, headers: h)
            XCTAssertEqual(ok.status, .seeOther)
        }
    }

    func testASignInFormTokenCannotBePlantedAsACookie() async throws {
        try await eachEngine { app, _ in
            // Another site sets a pre-session cookie and posts the same value as the token: refused.
            let planted = Browser(app)
            planted.cookies[SessionCookie.loginCSRF] = "abc"
            let r = try await planted.post("/login", ["username": "admin", "password": Demo.password, "_csrf": "abc"], withCSRF: false)
            XCTAssertEqual(r.status, .forbidden)
            XCTAssertNil(planted.cookies[SessionCookie.name], "no session")
            // The token a sign-in page gives is bound to its own pre-session: with another browser's cookie it fails.
            let first = Browser(app)
            try await first.get("/login")
            let second = Browser(app)
            try await second.get("/login")
            second.csrf = first.csrf
            let swapped = try await second.post("/login", ["username": "admin", "password": Demo.password])
            XCTAssertEqual(swapped.status, .forbidden)
            let own = try await first.post("/login", ["username": "admin", "password": Demo.password])
            XCTAssertEqual(own.status, .seeOther)
        }
    }

    func testNothingWithPersonalDataOrATokenIsKeptByABrowserOrAProxy() async throws {
        try await eachEngine { app, _ in
            let token = try await APIClient(app: app, token: nil).call(
                .POST,
                "/api/v1/sessions",
                ["username": "hr", "password": Demo.password]
            )
            XCTAssertEqual(token.headers.first(name: .cacheControl), "no-store")
            let api = try await APIClient.login(app, "hr")
            let people = try await api.call(.GET, "/api/v1/people?limit=5")
            XCTAssertEqual(people.headers.first(name: .cacheControl), "no-store")
            let b = Browser(app)
            try await b.login("hr")
            for path in ["/people", "/people/export.csv", "/people/export.xlsx", "/people/new"] {
                let r = try await b.get(path)
                XCTAssertEqual(r.status, .ok, path)
                XCTAssertEqual(r.headers.first(name: .cacheControl), "no-store", path)
                XCTAssertNil(r.headers.first(name: "Strict-Transport-Security"), "no HSTS over plain HTTP")
            }
            let styles = try await b.get("/styles.css")
            XCTAssertEqual(styles.headers.first(name: .cacheControl), "max-age=3600", "the style sheet may be kept")
            // Served over HTTPS (secure cookies), every answer asks browsers to keep to HTTPS.
            app.config.secureCookies = true
            let secure = try await APIClient(app: app, token: nil).call(.GET, "/healthz")
            XCTAssertEqual(secure.headers.first(name: "Strict-Transport-Security"), "max-age=31536000")
        }
    }

    func testLanguageSwitchIsRememberedAcrossSignIns() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("leader")
            let r = try await b.get("/language/en?back=%2Funits")
            XCTAssertEqual(r.location, "/units")
            let units = try await b.get("/units")
            XCTAssertTrue(units.text.contains("Overlapping duties"))
            XCTAssertTrue(units.text.contains("lang=\"en\""))
            // A new browser signing in as the same user gets English back from the user's preference.
            let other = Browser(app)
            try await other.login("leader")
            let _v22 = try await other.get("/").text.contains("Welcome")
            XCTAssertTrue(_v22)
            try await other.get("/language/zh?back=%2F")
            let _v23 = try await other.get("/").text.contains("您好")
            XCTAssertTrue(_v23)
        }
    }

    func testChangeOwnPasswordChecksCurrentAndPolicy() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("staff")
            try await b.get("/account/password")
            let wrong = try await b.post(
                "/account/password",
                ["currentPassword": "nope", "newPassword": "Better-pass-2026", "confirmPassword": "Better-pass-2026"]
            )
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.text.contains("当前密码不正确"))
            let weak = try await b.post(
                "/account/password",
                ["currentPassword": Demo.password, "newPassword": "short", "confirmPassword": "short"]
            )
            XCTAssertTrue(weak.text.contains("密码至少 12 个字符"))
            // Every mistake at once: too short and not the same twice.
            let both = try await b.post(
                "/account/password",
                ["currentPassword": Demo.password, "newPassword": "short", "confirmPassword": "shorter"]
            )
            XCTAssertTrue(both.text.contains("密码至少 12 个字符") && both.text.contains("两次输入的新密码不一致"), both.text)
            let mine = try await b.post(
                "/account/password",
                ["currentPassword": Demo.password, "newPassword": "1qaz2wsx3edc", "confirmPassword": "1qaz2wsx3edc"]
            )
            XCTAssertTrue(mine.text.contains("常见"), "a breached password is refused")
            let ok = try await b.post(
                "/account/password",
                ["currentPassword": Demo.password, "newPassword": "Better-pass-2026", "confirmPassword": "Better-pass-2026"]
            )
            XCTAssertEqual(ok.status, .ok)
            XCTAssertTrue(ok.text.contains("密码已修改"))
            let _v24 = try await APIClient(app: app, token: nil).call(
                .POST,
                "/api/v1/sessions",
                ["username": "staff", "password": "Better-pass-2026"]
            ).status
            XCTAssertEqual(_v24, .created)
        }
    }

    func testAdminSeesAndRevokesSessions() async throws {
        try await eachEngine { app, _ in
            let hr = Browser(app)
            try await hr.login("hr")
            let _v25 = try await hr.get("/people").status
            XCTAssertEqual(_v25, .ok)
            let admin = Browser(app)
            try await admin.login("admin")
            let page = try await admin.get("/admin/sessions")
            XCTAssertTrue(page.text.contains("hr · 人事专员"))
            let session = try await UserSession.query(on: app.db).join(User.self, on: \UserSession.$user.$id == \User.$id)
                .filter(User.self, \.$username == "hr").first()!
            let _v26 = try await admin.post("/admin/sessions/\(session.id!)/revoke", [:]).status
            XCTAssertEqual(_v26, .seeOther)
            let _v27 = try await hr.get("/people").status
            XCTAssertEqual(_v27, .seeOther)
        }
    }

    /// Two server processes on one PostgreSQL: a session revoked through one is refused by the other at once, though
    /// the other had just looked it up (its read cache hears of the change).
    func testARevocationReachesAnotherProcessOnTheSameDatabase() async throws {
        guard Engine.available.contains(.postgres) else { return }
        try await withApp(.postgres) { app in
            let other = try await Application.make(.testing)
            other.logger.logLevel = .warning
            // The same database as the test's own server.
            try await configure(other, config: app.config)
            try await other.asyncBoot()
            do {
                let hr = try await APIClient.login(app, "hr")
                let elsewhere = APIClient(app: other, token: hr.token)
                let _v1 = try await elsewhere.call(.GET, "/api/v1/people?limit=1").status
                XCTAssertEqual(_v1, .ok, "the other process knows the session")
                let admin = Browser(app)
                try await admin.login("admin")
                _ = try await admin.get("/admin/sessions")
                let session = try await UserSession.query(on: app.db).join(User.self, on: \UserSession.$user.$id == \User.$id)
                    .filter(User.self, \.$username == "hr").filter(\.$kind == "api").first()!
                let _v2 = try await admin.post("/admin/sessions/\(session.id!)/revoke", [:]).status
                XCTAssertEqual(_v2, .seeOther)
                var refused = false
                for _ in 0..<20 where !refused {
                    refused = try await elsewhere.call(.GET, "/api/v1/people?limit=1").status == .unauthorized
                    if !refused { try await Task.sleep(nanoseconds: 100_000_000) }
                }
                XCTAssertTrue(refused, "the other process refuses the revoked session within two seconds, not five")
            } catch {
                try? await other.asyncShutdown()
                throw error
            }
            try await other.asyncShutdown()
        }
    }
}
