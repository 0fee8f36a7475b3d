import Fluent
import Foundation
import SQLKit
import Vapor
import YuanquKit

/// Counts attempts per key (a client address) in a sliding window, in the database, so that every process on one
/// PostgreSQL counts the same attempts. An attempt is first recorded, then the window's attempts are counted; an
/// attempt past the limit is taken back. Two processes racing can at worst both refuse at the limit — never both
/// admit past it, because the later of two inserts counts the earlier. These rows are no zone's records and are kept
/// out of the audit chain: a flood of refused attempts should not grow the evidence.
struct RateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval

    /// Records an attempt; answers false when the key has used up its attempts.
    func allow(_ key: String, on db: any SQLDatabase, now: Date = Date()) async throws -> Bool {
        let id = UUID()
        let at = now.timeIntervalSince1970
        let key = String(key.prefix(64))
        try await db.raw("INSERT INTO rate_limit_hits (id, client_key, attempted_at) VALUES (\(bind: id), \(bind: key), \(bind: at))").run()
        let row = try await db.raw(
            "SELECT COUNT(*) AS n FROM rate_limit_hits WHERE client_key = \(bind: key) AND attempted_at > \(bind: at - window)"
        ).first()
        let n = try row?.decode(column: "n", as: Int.self) ?? 0
        if n > limit {
            try await db.raw("DELETE FROM rate_limit_hits WHERE id = \(bind: id)").run()
            return false
        }
        // Now and then, forget what left every window.
        if Int.random(in: 0..<50) == 0 {
            try await db.raw("DELETE FROM rate_limit_hits WHERE attempted_at <= \(bind: at - window)").run()
        }
        return true
    }
}

extension Application {
    /// Ten public registrations or status look-ups per address every ten minutes.
    var publicLimiter: RateLimiter { RateLimiter(limit: 10, window: 600) }
}

extension Request {
    /// Counts a public attempt of this client; answers false when it has used up its attempts.
    func allowPublicAttempt() async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return true }
        return try await application.publicLimiter.allow(clientAddress, on: sql)
    }
}

/// Failed sign-ins in `rate_limit_hits`, shared by every process: one row per failure under the name-from-this-client
/// key and one under the client key (both hashed: a name or an address is not kept in the clear). Recorded inside the
/// write path, so that failures answered at once are counted one after another, on every process.
enum SignInFailures {
    struct Keys: Sendable {
        let name: String
        let client: String
    }

    /// The name's key is the name with the zone code typed beside it (none: empty), as typed, not as resolved: a name
    /// with and without a zone code are slowed apart, so a wait never tells which account a name without a zone
    /// stands for.
    static func keys(name: String, zone: String, client: String) -> Keys {
        let c = Writes.sha256Hex(client).prefix(16)
        return Keys(name: "signin:\(nameKey(name, zone: zone))@\(c)", client: "signin-client:\(c)")
    }

    private static func nameKey(_ name: String, zone: String) -> String {
        let z = zone.trimmingCharacters(in: .whitespaces).lowercased()
        return String(Writes.sha256Hex(name.lowercased() + (z.isEmpty ? "" : "\u{1F}" + z)).prefix(16))
    }

    /// How long the next try must still wait (the longer of the two keys' waits).
    static func wait(_ keys: Keys, on db: Database, now: Date) async throws -> TimeInterval {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let name = try await failures(keys.name, window: SignInThrottle.perName.window, on: sql, now: now)
        let client = try await failures(keys.client, window: SignInThrottle.perClient.window, on: sql, now: now)
        return max(
            SignInThrottle.perName.wait(failures: name.count, lastFailure: name.last, now: now),
            SignInThrottle.perClient.wait(failures: client.count, lastFailure: client.last, now: now)
        )
    }

    /// Records a failure under both keys; answers each key's failures in its window, this one included.
    static func record(_ keys: Keys, on db: Database, now: Date) async throws -> (name: Int, client: Int) {
        guard let sql = db as? any SQLDatabase else { return (0, 0) }
        let at = now.timeIntervalSince1970
        for key in [keys.name, keys.client] {
            try await sql.raw(
                "INSERT INTO rate_limit_hits (id, client_key, attempted_at) VALUES (\(bind: UUID()), \(bind: key), \(bind: at))"
            )
            .run()
        }
        let name = try await failures(keys.name, window: SignInThrottle.perName.window, on: sql, now: now)
        let client = try await failures(keys.client, window: SignInThrottle.perClient.window, on: sql, now: now)
        return (name.count, client.count)
    }

    /// A sign-in succeeded: this name's failures from this client are forgotten (the client's stay).
    static func forget(_ keys: Keys, on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("DELETE FROM rate_limit_hits WHERE client_key = \(bind: keys.name)").run()
    }

    /// A password reset: the name's failures from every client are forgotten, with the user's zone code and without
    /// one (how the user may sign in).
    static func forget(name: String, zone: String?, on db: Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for z in Set(["", zone ?? ""]) {
            let prefix = "signin:" + nameKey(name, zone: z) + "@%"
            try await sql.raw("DELETE FROM rate_limit_hits WHERE client_key LIKE \(bind: prefix)").run()
        }
    }

    private static func failures(_ key: String, window: TimeInterval, on sql: any SQLDatabase, now: Date) async throws -> (
        count: Int, last: Date?
    ) {
        struct Row: Decodable {
            let n: Int
            let last: Double?
        }
        let since = now.timeIntervalSince1970 - window
        let row = try await sql.raw(
            "SELECT COUNT(*) AS n, MAX(attempted_at) AS last FROM rate_limit_hits WHERE client_key = \(bind: key) AND attempted_at > \(bind: since)"
        ).first(decoding: Row.self)
        return (row?.n ?? 0, row?.last.map { Date(timeIntervalSince1970: $0) })
    }

    /// The answer to a try that must wait: the same for every name.
    static func tooMany(_ wait: TimeInterval) -> AppError {
        let seconds = Int(wait.rounded(.up))
        let when =
            seconds >= 60 ? Loc("\((seconds + 59) / 60) 分钟", "\((seconds + 59) / 60) minutes") : Loc("\(seconds) 秒", "\(seconds) seconds")
        return AppError(
            .tooManyRequests,
            "tooManyFailures",
            Loc("登录失败次数过多，请 \(when.zh)后再试", "Too many failed sign-ins: try again in \(when.en)"),
            field: "username"
        )
    }
}
