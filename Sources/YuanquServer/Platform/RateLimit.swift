import Foundation
import SQLKit
import Vapor

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
