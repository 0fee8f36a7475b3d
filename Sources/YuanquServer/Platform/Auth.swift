import Crypto
import Fluent
import SQLKit
import Vapor
import YuanquKit

enum SessionCookie {
    static let name = "yuanqu_session"
    static let loginCSRF = "yuanqu_login_csrf"
}

/// A random token in URL-safe base64, for sessions, API tokens and CSRF.
func randomToken(bytes: Int = 32) -> String {
    var g = SystemRandomNumberGenerator()
    let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &g) })
    return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}

/// Compares two secrets in time that does not depend on where they differ.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}

struct ActorKey: StorageKey { typealias Value = Actor }
/// For platform users: every zone (code, names), so list pages can offer a zone filter.
struct ZoneChoicesKey: StorageKey { typealias Value = [(code: String, name: String, nameEn: String)] }
struct SessionKey: StorageKey { typealias Value = SessionInfo }

extension Request {
    var actorIfAny: Actor? { storage[ActorKey.self] }
    var session: SessionInfo? { storage[SessionKey.self] }

    /// The signed-in actor; throws 401 when there is none.
    func actor() throws -> Actor {
        guard let a = actorIfAny else { throw AppError.unauthorized }
        return a
    }
}

/// Finds the session behind a cookie (pages) or a bearer token (API), once per request: from the read cache when it
/// was looked up in the last few seconds and nothing has changed users or sessions since.
struct Authenticate: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let isAPI = request.url.path.hasPrefix(SiteURL.apiPrefix)
        let token: String? = isAPI ? request.headers.bearerAuthorization?.token : request.cookies[SessionCookie.name]?.string
        if let token, !token.isEmpty, token.count < 200 {
            let hash = Writes.sha256Hex(token)
            let cache = request.application.readCache
            let now = Date()
            var found = cache.session(hash, now: now)
            if found == nil,
                let s = try await UserSession.query(on: request.db).filter(\.$tokenHash == hash)
                    .filter(\.$revokedAt == nil).with(\.$user).first(), s.expiresAt > now, s.user.active
            {
                let u = s.user
                let entry = ReadCache.Session(
                    actor: Actor(
                        userID: u.id,
                        username: u.username,
                        displayName: u.displayName,
                        role: u.roleValue,
                        zoneID: u.zoneID,
                        unitID: u.unitID,
                        personID: u.personID,
                        sessionID: s.id,
                        language: Lang(rawValue: u.language)
                    ),
                    session: SessionInfo(id: s.id!, kind: s.kind, csrfToken: s.csrfToken),
                    expiresAt: s.expiresAt,
                    cachedAt: now
                )
                cache.store(hash, entry)
                found = entry
            }
            if let e = found, e.session.kind == (isAPI ? "api" : "web") {
                request.storage[SessionKey.self] = e.session
                request.storage[ActorKey.self] = e.actor
                if e.actor.zoneID == nil && !isAPI {
                    request.storage[ZoneChoicesKey.self] = try await zoneChoices(request, now: now)
                }
            }
        }
        return try await next.respond(to: request)
    }

    /// Every zone, for platform users' zone filters.
    func zoneChoices(_ request: Request, now: Date) async throws -> [(code: String, name: String, nameEn: String)] {
        let cache = request.application.readCache
        if let z = cache.zones(now: now) { return z }
        let zones = try await Zone.query(on: request.db).sort(\.$code).all().map { ($0.code, $0.name, $0.nameEn) }
        cache.store(zones: zones, now: now)
        return zones
    }
}

/// Signing in and out, password changes and account lock-out.
enum AuthService {
    /// A bcrypt hash of a random password at the installation's cost, made at start and checked against when the
    /// user does not exist, so that an unknown name takes as long to refuse as a wrong password.
    struct DecoyHashKey: StorageKey { typealias Value = String }

    struct SignedIn {
        let token: String
        let session: UserSession
        let user: User
    }

    /// Signs in the user that `username` and the optional zone code name (`UserService.named`). A name that stands
    /// for no user — unknown, in an unknown zone, or in several zones with none given — is answered as a wrong
    /// password is: the same 401, the same throttle and one bcrypt check (against the decoy hash), so nothing tells an
    /// outsider that a name exists, nor in how many zones.
    static func signIn(_ req: Request, username: String, zone: String? = nil, password: String, kind: String) async throws -> SignedIn {
        let name = username.trimmingCharacters(in: .whitespaces)
        let zoneCode = (zone ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let badCredentials = AppError(.unauthorized, "badCredentials", Loc("用户名或密码错误", "Wrong username or password"), field: "password")
        guard !name.isEmpty, !password.isEmpty else {
            throw AppError(
                .unauthorized,
                "badCredentials",
                Loc("请输入用户名和密码", "Enter your username and password"),
                field: name.isEmpty ? "username" : "password"
            )
        }
        // Failed sign-ins slow the next try of this name from this client, and of any name from a client that tried
        // many (`SignInThrottle`): known and unknown names alike, so that the answers tell nothing of which exist.
        let keys = SignInFailures.keys(name: name, zone: zoneCode, client: req.clientAddress)
        let now = Date()
        let wait = try await SignInFailures.wait(keys, on: req.db, now: now)
        if wait > 0 { throw SignInFailures.tooMany(wait) }
        let user: User?
        if case .one(let u) = try await UserService.named(name, zone: zoneCode, on: req.db) { user = u } else { user = nil }
        let ok =
            (try? await req.password.async.verify(password, created: user?.passwordHash ?? req.application.storage[DecoyHashKey.self] ?? ""))
            ?? false
        let actor = Actor(
            userID: user?.id,
            username: user?.username ?? name,
            displayName: user?.displayName ?? name,
            role: user?.roleValue ?? .staff,
            zoneID: user?.zoneID,
            unitID: user?.unitID,
            personID: user?.personID,
            sessionID: nil,
            language: nil
        )
        guard ok, let user, user.active else {
            let userID = user?.id
            let delay = try await Writes.perform(req.application, actor: actor) { db, trail -> TimeInterval in
                let failures = try await SignInFailures.record(keys, on: db, now: now)
                // An account's failures in a row, counted in the database (failures that several processes answer at
                // once are each counted), shown to its admins; they slow no one.
                if let userID, let sql = db as? SQLDatabase {
                    try await sql.raw("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = \(bind: userID)").run()
                    trail.record("loginFailed", "user", id: userID.uuidString, zone: user?.zoneID, note: "failures=\(failures.name)")
                }
                return max(
                    SignInThrottle.perName.delay(afterFailures: failures.name),
                    SignInThrottle.perClient.delay(afterFailures: failures.client)
                )
            }
            if delay > 0 { throw SignInFailures.tooMany(delay) }
            throw badCredentials
        }
        let token = randomToken()
        let session = UserSession()
        session.tokenHash = Writes.sha256Hex(token)
        session.$user.id = user.id!
        session.kind = kind
        session.csrfToken = randomToken()
        session.createdAt = now
        session.expiresAt = now.addingTimeInterval(req.application.config.sessionLifetime)
        session.client = String((req.headers.first(name: .userAgent) ?? "").prefix(200)) + " @ " + req.clientAddress
        let userID = user.id!
        try await Writes.perform(req.application, actor: actor) { db, trail in
            try await session.create(on: db)
            if let u = try await User.find(userID, on: db), u.failedLogins != 0 || u.lockedUntil != nil {
                u.failedLogins = 0
                u.lockedUntil = nil
                try await u.update(on: db)
            }
            try await SignInFailures.forget(keys, on: db)
            trail.record("login", "user", id: userID.uuidString, zone: user.zoneID, note: kind)
        }
        return SignedIn(token: token, session: session, user: user)
    }

    static func signOut(_ req: Request) async throws {
        guard let s = req.session, let actor = req.actorIfAny else { return }
        let id = s.id
        try await Writes.perform(req.application, actor: actor) { db, trail in
            if let s = try await UserSession.find(id, on: db) {
                s.revokedAt = Date()
                try await s.update(on: db)
            }
            trail.record("logout", "user", id: actor.userID?.uuidString, zone: actor.zoneID, note: s.kind)
        }
    }

    /// What is wrong with a new password for `username`, in words; nil when it may be used. Only the demo's own
    /// accounts may take the published demo password (`allowPublished`).
    static func passwordProblem(_ password: String, username: String, allowPublished: Bool = false) -> Loc? {
        do { try PasswordPolicy.check(password, username: username, allowPublished: allowPublished) } catch {
            switch error {
            case .tooShort(let m): return Loc("密码至少 \(m) 个字符", "The password needs at least \(m) characters")
            case .tooLong(let m):
                return Loc(
                    "密码最多 \(m) 字节（\(m) 个字母或数字，或 \(m / 3) 个汉字）",
                    "The password may have at most \(m) bytes (\(m) letters or digits, \(m / 3) Chinese characters)"
                )
            case .published: return Loc("这是公开的演示密码，请另设一个", "This is the published demo password: choose another")
            case .common: return Loc("这是泄露密码中常见的一个，请另设一个", "This is a common breached password: choose another")
            case .containsUsername: return Loc("密码不能包含用户名", "The password may not contain the username")
            }
        }
        return nil
    }

    static func changePassword(_ req: Request, current: String, new: String, confirm: String) async throws {
        let actor = try req.actor()
        guard let user = try await User.find(actor.userID, on: req.db) else { throw AppError.unauthorized }
        guard (try? await req.password.async.verify(current, created: user.passwordHash)) == true else {
            throw AppError.invalid("currentPassword", Loc("当前密码不正确", "The current password is wrong"))
        }
        var v = Validation()
        if let problem = passwordProblem(new, username: user.username) { v.add("newPassword", problem) }
        if new != confirm { v.add("confirmPassword", Loc("两次输入的新密码不一致", "The two new passwords differ")) }
        try v.check()
        let hash = try await req.password.async.hash(new)
        let userID = user.id!
        let keep = actor.sessionID
        try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let u = try await User.find(userID, on: db) else { return }
            u.passwordHash = hash
            try await u.update(on: db)
            // Other sessions of this user end: a changed password should lock out whoever else had it.
            let others = try await UserSession.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).all()
            for s in others where s.id != keep {
                s.revokedAt = Date()
                try await s.update(on: db)
            }
            trail.record("changePassword", "user", id: userID.uuidString, zone: u.zoneID)
        }
    }
}
