import Fluent
import Vapor
import YuanquKit

/// Sign-in and sign-out (pages and API), language, own password, the home page, health.
enum SessionController {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("healthz", permission: .public) { _ in
            let res = Response(status: .ok)
            res.body = .init(string: "ok")
            return res
        }
        r.get("styles.css", permission: .public) { _ in
            let res = Response(status: .ok)
            res.headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
            res.headers.replaceOrAdd(name: .cacheControl, value: "max-age=3600")
            res.body = .init(string: Layout.css)
            return res
        }
        r.get("app.js", permission: .public) { _ in
            let res = Response(status: .ok)
            res.headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
            res.headers.replaceOrAdd(name: .cacheControl, value: "max-age=3600")
            res.body = .init(string: Layout.script)
            return res
        }
        r.get("login", permission: .public, use: loginPage)
        r.post("login", permission: .public, use: login)
        r.post("logout", permission: .signedIn, use: logout)
        r.get("language", ":code", permission: .public, use: language)
        r.get("account", "password", permission: .signedIn, use: { try passwordPage($0, form: FormKit(lang: $0.lang), done: false) })
        r.post("account", "password", permission: .signedIn, use: changePassword)
        r.get(permission: .signedIn, use: HomeController.home)

        app.api(
            .POST,
            "sessions",
            permission: .public,
            doc: APIDoc(
                summary: "Sign in: answers a bearer token",
                tag: "Sessions",
                request: "Credentials",
                response: "Token",
                status: 201
            ),
            use: apiLogin
        )
        app.api(
            .GET,
            "sessions/current",
            permission: .signedIn,
            doc: APIDoc(
                summary: "Who the token signs in: role, zone, unit, own person record and permissions",
                tag: "Sessions",
                response: "CurrentSession"
            ),
            use: apiCurrentSession
        )
        app.api(
            .DELETE,
            "sessions/current",
            permission: .signedIn,
            doc: APIDoc(summary: "Sign out: revokes the bearer token", tag: "Sessions", status: 204),
            use: apiLogout
        )
    }

    /// GET /api/v1/sessions/current
    static func apiCurrentSession(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try await actor.zoneID.asyncMap { try await Zone.find($0, on: req.db)?.code } ?? nil
        return try json(
            CurrentSessionDTO(
                username: actor.username,
                displayName: actor.displayName,
                role: actor.role.rawValue,
                zone: zone,
                unitId: actor.unitID,
                personId: actor.personID,
                permissions: actor.role.permissions.map(\.rawValue).sorted()
            )
        )
    }

    /// DELETE /api/v1/sessions/current
    static func apiLogout(_ req: Request) async throws -> Response {
        try await AuthService.signOut(req)
        return Response(status: .noContent)
    }

    static func loginPage(_ req: Request) async throws -> Response {
        if req.actorIfAny != nil { return req.redirect(to: .home) }
        return try await loginForm(req, form: FormKit(lang: req.lang), status: .ok)
    }

    static func loginForm(_ req: Request, form: FormKit, status: HTTPResponseStatus) async throws -> Response {
        let (preSession, token) = try await FormTokens.issue(req)
        let next = req.queryValue("next") ?? ""
        let view = ViewContext(lang: req.lang, csrfToken: token)
        let body = SessionViews.login(next: next.isEmpty ? nil : next, form: form, view)
        return withPreSession(
            Layout.render(request: req, title: req.lang.t("登录", "Sign in"), body: body, status: status),
            preSession,
            req: req
        )
    }

    /// A form shown to someone not signed in carries the token of `preSession` (`FormTokens`), which must come back
    /// with this cookie.
    static func withPreSession(_ res: Response, _ preSession: String, req: Request) -> Response {
        res.cookies[SessionCookie.loginCSRF] = HTTPCookies.Value(
            string: preSession,
            maxAge: 3600,
            path: "/",
            isSecure: req.application.config.secureCookies,
            isHTTPOnly: true,
            sameSite: .lax
        )
        return res
    }

    struct LoginForm: Content {
        var username: String?
        /// The zone's code (园区代码): needed only when the username is in several zones.
        var zone: String?
        var password: String?
    }

    static func login(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        do {
            let signed = try await AuthService.signIn(
                req,
                username: form.username ?? "",
                zone: form.zone,
                password: form.password ?? "",
                kind: "web"
            )
            var next = req.queryValue("next") ?? "/"
            if !next.hasPrefix("/") || next.hasPrefix("//") || next.hasPrefix("/\\") { next = "/" }
            let res = req.redirect(to: next)
            res.cookies[SessionCookie.name] = HTTPCookies.Value(
                string: signed.token,
                expires: signed.session.expiresAt,
                path: "/",
                isSecure: req.application.config.secureCookies,
                isHTTPOnly: true,
                sameSite: .lax
            )
            res.cookies[SessionCookie.loginCSRF] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/")
            if signed.user.language != "", req.cookies["lang"] == nil, let l = Lang(rawValue: signed.user.language) {
                res.cookies["lang"] = HTTPCookies.Value(
                    string: l.rawValue,
                    maxAge: 365 * 86400,
                    path: "/",
                    isHTTPOnly: false,
                    sameSite: .lax
                )
            }
            return res
        } catch let e as AppError {
            return try await loginForm(
                req,
                form: FormKit(
                    lang: req.lang,
                    error: e,
                    values: ["username": form.username ?? "", "zone": form.zone ?? ""],
                    fallbackField: "password"
                ),
                status: e.status
            )
        }
    }

    static func logout(_ req: Request) async throws -> Response {
        try await AuthService.signOut(req)
        let res = req.redirect(to: .login(next: nil))
        res.cookies[SessionCookie.name] = HTTPCookies.Value(
            string: "",
            expires: Date(timeIntervalSince1970: 0),
            path: "/",
            isHTTPOnly: true
        )
        return res
    }

    /// Switches the language; the choice is remembered in a cookie and, when signed in, on the user.
    static func language(_ req: Request) async throws -> Response {
        guard let code = req.parameters.get("code"), let lang = Lang(rawValue: code) else { throw AppError.notFound }
        var back = req.queryValue("back") ?? "/"
        if !back.hasPrefix("/") || back.hasPrefix("//") || back.hasPrefix("/\\") { back = "/" }
        if let actor = req.actorIfAny, let id = actor.userID {
            try await Writes.perform(req.application, actor: actor) { db, _ in
                if let u = try await User.find(id, on: db) {
                    u.language = lang.rawValue
                    try await u.update(on: db)
                }
            }
        }
        let res = req.redirect(to: back)
        res.cookies["lang"] = HTTPCookies.Value(string: lang.rawValue, maxAge: 365 * 86400, path: "/", isHTTPOnly: false, sameSite: .lax)
        return res
    }

    static func passwordPage(_ req: Request, form: FormKit, done: Bool, status: HTTPResponseStatus = .ok) throws -> Response {
        let body = SessionViews.password(done: done, form: form, req.view)
        return Layout.render(request: req, title: req.lang.t("修改密码", "Change password"), body: body, status: status)
    }

    struct PasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
        var confirmPassword: String?
    }

    static func changePassword(_ req: Request) async throws -> Response {
        let f = try req.content.decode(PasswordForm.self)
        do {
            try await AuthService.changePassword(
                req,
                current: f.currentPassword ?? "",
                new: f.newPassword ?? "",
                confirm: f.confirmPassword ?? ""
            )
            return try passwordPage(req, form: FormKit(lang: req.lang), done: true)
        } catch let e as AppError {
            return try passwordPage(
                req,
                form: FormKit(lang: req.lang, error: e, values: [:], fallbackField: "currentPassword"),
                done: false,
                status: e.status
            )
        }
    }

    struct Credentials: Content {
        var username: String
        /// The zone's code: needed only when the username is in several zones.
        var zone: String?
        var password: String
    }
    struct TokenAnswer: Content {
        var token: String
        var expiresAt: Date
    }

    static func apiLogin(_ req: Request) async throws -> Response {
        let c = try decodeJSON(req, as: Credentials.self)
        let signed = try await AuthService.signIn(req, username: c.username, zone: c.zone, password: c.password, kind: "api")
        return try json(TokenAnswer(token: signed.token, expiresAt: signed.session.expiresAt), status: .created)
    }
}

/// The signed-in user as the API sees them: what an integrating system needs to act as them.
struct CurrentSessionDTO: Encodable {
    let username: String
    let displayName: String
    let role: String
    let zone: String?
    let unitId: UUID?
    let personId: UUID?
    let permissions: [String]
}
