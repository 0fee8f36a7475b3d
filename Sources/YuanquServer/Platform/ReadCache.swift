import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The session behind a request: what the pages and the write path need of it.
struct SessionInfo: Sendable {
    let id: UUID
    let kind: String
    let csrfToken: String
}

/// What every request reads and what rarely changes, kept in memory: the session and actor behind a token, and the
/// platform's zones. The write path clears what a write touched (`Writes.perform` calls `changed`
/// with the entities of its audit events), so within one process a revoked session or a changed setting is never
/// served again. Entries also expire after `lifetime`: that bounds how long another process sharing the same
/// PostgreSQL may serve one that it did not change itself.
final class ReadCache: Sendable {
    static let lifetime: TimeInterval = 5
    /// Sessions kept at most; past it the cache starts afresh.
    static let maxSessions = 20_000

    struct Session: Sendable {
        let actor: Actor
        let session: SessionInfo
        let expiresAt: Date
        let cachedAt: Date
    }

    struct Zones: Sendable {
        let list: [(code: String, name: String, nameEn: String)]
        let cachedAt: Date
    }

    private let sessions = NIOLockedValueBox<[String: Session]>([:])
    private let zones = NIOLockedValueBox<Zones?>(nil)

    /// A session still fresh, by its token's hash.
    func session(_ tokenHash: String, now: Date) -> Session? {
        sessions.withLockedValue { s in
            guard let e = s[tokenHash], now.timeIntervalSince(e.cachedAt) < Self.lifetime, e.expiresAt > now else { return nil }
            return e
        }
    }

    func store(_ tokenHash: String, _ entry: Session) {
        sessions.withLockedValue { s in
            if s.count >= Self.maxSessions { s.removeAll(keepingCapacity: true) }
            s[tokenHash] = entry
        }
    }

    func zones(now: Date) -> [(code: String, name: String, nameEn: String)]? {
        zones.withLockedValue { z in
            guard let z, now.timeIntervalSince(z.cachedAt) < Self.lifetime else { return nil }
            return z.list
        }
    }

    func store(zones list: [(code: String, name: String, nameEn: String)], now: Date) {
        zones.withLockedValue { $0 = Zones(list: list, cachedAt: now) }
    }

    /// A write has changed records of these entities (as its audit events name them): forget what depends on them.
    func changed(_ entities: Set<String>) {
        if !entities.isDisjoint(with: ["user", "session"]) { sessions.withLockedValue { $0.removeAll() } }
        if entities.contains("zone") { zones.withLockedValue { $0 = nil } }
    }
}

struct ReadCacheKey: StorageKey { typealias Value = ReadCache }

extension Application {
    /// Made by `configure` before the server answers (made here only for an application configured otherwise).
    var readCache: ReadCache {
        if let c = storage[ReadCacheKey.self] { return c }
        let c = ReadCache()
        storage[ReadCacheKey.self] = c
        return c
    }
}
