import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The session behind a request: what the pages and the write path need of it.
struct SessionInfo: Sendable {
    let id: UUID
    let kind: String
    let csrfToken: String
}

/// What every request reads and what rarely changes, kept in memory: the session and actor behind a token, the
/// platform's zones, and the answers of the read-heavy aggregate routes (the dashboard, the zone ranking, the
/// leaderboard and totals). The write path clears what a write touched (`Writes.perform` calls `changed` with the
/// entities and zones of its audit events), so within one process a revoked session or a changed figure is never
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

    /// What a committed write changed: the entities and zones its audit events name (nil: no zone).
    struct Change: Sendable, Equatable {
        var entities: Set<String>
        var zones: Set<UUID?>

        /// As sent to other processes: `entity,entity;zone,zone` (`-` for no zone).
        var payload: String {
            entities.sorted().joined(separator: ",") + ";" + zones.map { $0?.uuidString ?? "-" }.sorted().joined(separator: ",")
        }

        init(entities: Set<String>, zones: Set<UUID?>) {
            self.entities = entities
            self.zones = zones
        }

        init(payload: String) {
            let parts = payload.split(separator: ";", omittingEmptySubsequences: false)
            entities = Set(parts[0].split(separator: ",").map(String.init))
            zones = Set((parts.count > 1 ? parts[1] : "-").split(separator: ",").map { $0 == "-" ? nil : UUID(uuidString: String($0)) })
        }

        /// Everything: what a process forgets when it may have missed changes.
        static let everything = Change(entities: ["user", "session", "zone"], zones: [nil])
    }

    /// Entities whose changes move no figure (signing in and out).
    static let figureless: Set<String> = ["user", "session"]

    struct Answers {
        /// Bumped by every change of a zone's records.
        var generation: [UUID: Int] = [:]
        /// Bumped by every change anywhere: what answers over all zones depend on.
        var platform = 0
        /// Bumped by a change of no zone's records (e.g. a new zone): what every answer depends on.
        var epoch = 0
        var entries: [String: (generation: Generation, value: any Sendable, cachedAt: Date)] = [:]
        /// Answers being computed, which requests that miss meanwhile wait for.
        var computing: [String: (generation: Generation, task: Task<any Sendable, any Error>)] = [:]

        /// What an answer from `zone`'s records (nil: every zone's) depends on.
        func generation(_ zone: UUID?) -> Generation { Generation(epoch: epoch, count: zone.map { generation[$0] ?? 0 } ?? platform) }
    }

    /// An answer kept, or the computation to wait for.
    enum Found {
        case kept(any Sendable)
        case computing(Task<any Sendable, any Error>)
    }

    struct Generation: Equatable {
        let epoch: Int
        let count: Int
    }

    private let sessions = NIOLockedValueBox<[String: Session]>([:])
    private let zones = NIOLockedValueBox<Zones?>(nil)
    private let answers = NIOLockedValueBox(Answers())

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

    /// An answer computed from `zone`'s records (nil: from every zone's) if nothing has changed them since; otherwise
    /// computes it and keeps it. Requests that miss together wait for one computation. A write while it is computed
    /// leaves it unkept (it may have missed it). An answer older than `lifetime` that no write of this process has
    /// touched is still given while a fresh one is worked out behind it (what other processes may have changed shows
    /// a moment later). `key` names the answer with everything it depends on besides the records (route, parameters,
    /// role, language, day).
    func answer<T: Sendable>(_ key: String, zone: UUID?, _ compute: @escaping @Sendable () async throws -> T) async throws -> T {
        let now = Date()
        func start(_ a: inout Answers) -> Task<any Sendable, any Error> {
            if let running = a.computing[key], running.generation == a.generation(zone) { return running.task }
            let before = a.generation(zone)
            let task = Task<any Sendable, any Error> {
                do {
                    let value = try await compute()
                    self.answers.withLockedValue { a in
                        a.computing[key] = nil
                        guard a.generation(zone) == before else { return }
                        if a.entries.count >= Self.maxSessions { a.entries.removeAll(keepingCapacity: true) }
                        a.entries[key] = (before, value, Date())
                    }
                    return value
                } catch {
                    self.answers.withLockedValue { a in a.computing[key] = nil }
                    throw error
                }
            }
            a.computing[key] = (before, task)
            return task
        }
        let found = answers.withLockedValue { a -> Found in
            guard let e = a.entries[key], e.generation == a.generation(zone) else { return .computing(start(&a)) }
            if now.timeIntervalSince(e.cachedAt) >= Self.lifetime { _ = start(&a) }
            return .kept(e.value)
        }
        switch found {
        case .kept(let v):
            if let v = v as? T { return v }
        case .computing(let task):
            if let v = try await task.value as? T { return v }
        }
        return try await compute()
    }

    /// A write has changed records (its audit events name their entities and zones): forget what depends on them.
    func changed(_ change: Change) {
        if !change.entities.isDisjoint(with: ["user", "session"]) { sessions.withLockedValue { $0.removeAll() } }
        if change.entities.contains("zone") { zones.withLockedValue { $0 = nil } }
        guard !change.entities.isSubset(of: Self.figureless) else { return }
        answers.withLockedValue { a in
            a.platform += 1
            for z in change.zones {
                if let z { a.generation[z, default: 0] += 1 } else { a.epoch += 1 }
            }
        }
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
