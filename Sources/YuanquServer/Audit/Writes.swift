import Crypto
import Fluent
import FluentSQL
import NIOConcurrencyHelpers
import Vapor
import YuanquKit

/// One change to append to the audit log.
struct AuditEntry: Sendable {
    var action: String
    var entity: String
    var entityID: String?
    var zoneID: UUID?
    var before: String?
    var after: String?
    var note: String?
}

/// Collects the audit entries of one write; they are appended in the same transaction. Made by one `Writes.perform`
/// call for its work closure; the entries are kept under a lock (uncontended: one closure records them), so the
/// compiler checks that it is `Sendable`.
final class AuditTrail: Sendable {
    private let recorded = NIOLockedValueBox<[AuditEntry]>([])
    var entries: [AuditEntry] { recorded.withLockedValue { $0 } }
    func record(
        _ action: String,
        _ entity: String,
        id: String? = nil,
        zone: UUID?,
        before: (any Encodable)? = nil,
        after: (any Encodable)? = nil,
        note: String? = nil
    ) {
        let entry = AuditEntry(
            action: action,
            entity: entity,
            entityID: id,
            zoneID: zone,
            before: before.map(Snapshot.json),
            after: after.map(Snapshot.json),
            note: note
        )
        recorded.withLockedValue { $0.append(entry) }
    }
}

enum Snapshot {
    static func json(_ value: any Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? String(decoding: encoder.encode(AnyEncodable(value)), as: UTF8.self)) ?? "{}"
    }
    struct AnyEncodable: Encodable {
        let value: any Encodable
        init(_ v: any Encodable) { value = v }
        func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
    }
}

/// Serialises writes inside one process, so the audit chain is appended one event at a time.
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

struct WriteGateKey: StorageKey { typealias Value = WriteGate }

extension Application {
    var writeGate: WriteGate {
        if let g = storage[WriteGateKey.self] { return g }
        let g = WriteGate()
        storage[WriteGateKey.self] = g
        return g
    }
}

/// The one write path: every change runs here, in one transaction, and its audit events are
/// appended to the chain in that same transaction. If anything throws, nothing is written.
enum Writes {
    private struct Head: Decodable {
        let seq: Int
        let hash: String
    }

    /// The last event of the audit chain: its sequence number and hash (0 and the genesis hash in an empty log).
    static func chainHead(_ sql: SQLDatabase) async throws -> (sequence: Int, hash: String) {
        let last = try await sql.raw("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").first(decoding: Head.self)
        return (last?.seq ?? 0, last?.hash ?? AuditChain.genesis)
    }

    static func perform<T: Sendable>(_ app: Application, actor: Actor, _ work: @escaping @Sendable (Database, AuditTrail) async throws -> T)
        async throws -> T
    {
        let gate = app.writeGate
        // What the committed write changed, for the read cache.
        let changed = NIOLockedValueBox(ReadCache.Change(entities: [], zones: []))
        await gate.acquire()
        do {
            let result = try await app.db.transaction { db -> T in
                if let sql = db as? SQLDatabase, sql.dialect.name == "postgresql" {
                    // Several app processes on one cluster: the chain is appended under one lock.
                    try await sql.raw("SELECT pg_advisory_xact_lock(727100)").run()
                }
                let trail = AuditTrail()
                // The rows the work creates or changes are noted (`ZoneGuard`), and their references checked before
                // the commit: a reference to another zone's record rolls the write back.
                let touched = TouchedRows()
                let value = try await ZoneGuard.$touched.withValue(touched) { try await work(db, trail) }
                try await ZoneGuard.verify(touched, on: db)
                let entries = trail.entries
                try await append(entries, actor: actor, on: db)
                let change = ReadCache.Change(entities: Set(entries.map(\.entity)), zones: Set(entries.map(\.zoneID)))
                try await ChangeListener.notify(change, on: db)
                changed.withLockedValue { $0 = change }
                return value
            }
            await gate.release()
            app.readCache.changed(changed.withLockedValue { $0 })
            return result
        } catch {
            await gate.release()
            throw error
        }
    }

    static func append(_ entries: [AuditEntry], actor: Actor, on db: Database) async throws {
        guard !entries.isEmpty else { return }
        let sql = try db.sql
        var (seq, prev) = try await Writes.chainHead(sql)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let now = formatter.string(from: Date())
        // Multi-row INSERTs: an import of 100,000 rows appends as many events.
        let table = BulkTable("audit_events", AuditEvent.columns, on: sql)
        for entry in entries {
            seq += 1
            let (row, hash) = AuditEvent.chained(
                sequence: seq,
                occurredAt: now,
                actorID: actor.userID,
                actorName: actor.username,
                zoneID: entry.zoneID,
                action: entry.action,
                entity: entry.entity,
                entityID: entry.entityID,
                before: entry.before,
                after: entry.after,
                note: entry.note,
                previousHash: prev
            )
            try await table.add(row, on: sql)
            prev = hash
        }
        try await table.flush(on: sql)
    }

    static func sha256Hex(_ s: String) -> String {
        hex(SHA256.hash(data: Data(s.utf8)))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of bytes, as `String(format: "%02x")` writes them, without formatting each byte.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Checks the whole chain in batches; answers the first break or nil. The database writes each event's canonical
    /// text (the same fields, order and separator as `AuditEvent.canonicalContent`) and gives a batch as one text
    /// (`batchSQL`), so that reading costs little per event; the next batch is read while this one's hashes are
    /// checked on every core.
    static func verifyChain(on db: Database) async throws -> (checked: Int, broken: AuditChain.Break?) {
        let sql = try db.sql
        let batch = 20_000
        let fetch: @Sendable (Int) async throws -> [AuditChain.Link] = { after in
            let text = try await sql.raw(batchSQL(sql, after: after, limit: batch)).first()?.decode(column: "links", as: String?.self)
            return try parseLinks(text ?? "")
        }
        var checked = 0
        var previous: AuditChain.Link? = nil
        var next = Task { try await fetch(0) }
        while true {
            let links = try await next.value
            if links.isEmpty { break }
            next = Task { [after = links.last!.sequence] in try await fetch(after) }
            let intact = await intactHashes(links)
            if let broken = AuditChain.verify(links, after: previous, intact: { intact[$0] }) {
                next.cancel()
                return (checked + (links.firstIndex { $0.sequence == broken.sequence } ?? 0), broken)
            }
            checked += links.count
            previous = links.last
        }
        return (checked, nil)
    }

    /// One text of the `limit` events after `after`: per event its sequence, its content's length in UTF-8 bytes,
    /// its previous hash and hash, each ended by U+001E, then the content itself (so that no character of a content
    /// can be taken for a separator).
    static func batchSQL(_ sql: SQLDatabase, after: Int, limit: Int) -> SQLQueryString {
        let postgres = sql.dialect.name == "postgresql"
        let rs = postgres ? "chr(30)" : "char(30)"
        let bytes = postgres ? "octet_length(content)" : "LENGTH(CAST(content AS BLOB))"
        let item = "CAST(seq AS TEXT) || \(rs) || CAST(\(bytes) AS TEXT) || \(rs) || prev_hash || \(rs) || hash || \(rs) || content"
        let events: SQLQueryString =
            "SELECT seq, prev_hash, hash, \(canonicalSQL(sql)) AS content FROM audit_events WHERE seq > \(bind: after) ORDER BY seq LIMIT \(bind: limit)"
        // In whatever order the database gives them (`parseLinks` sorts them): sorting 20,000 contents in the
        // aggregate cost PostgreSQL more than sorting their links costs Swift.
        if postgres { return "SELECT string_agg(\(unsafeRaw: item), '') AS links FROM (\(events)) e" }
        return "SELECT group_concat(\(unsafeRaw: item), '') AS links FROM (\(events)) e"
    }

    struct MalformedBatch: Error {}

    /// The links of a batch text (`batchSQL`), in sequence order. Read as UTF-8 bytes: walking its characters took
    /// a sixth of `audit verify`.
    static func parseLinks(_ text: String) throws -> [AuditChain.Link] {
        var text = text
        let links = try text.withUTF8 { bytes -> [AuditChain.Link] in
            var links: [AuditChain.Link] = []
            var i = 0
            func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            func field() throws -> String {
                guard let end = bytes[i...].firstIndex(of: 0x1E) else { throw MalformedBatch() }
                defer { i = end + 1 }
                return string(i..<end)
            }
            while i < bytes.count {
                guard let seq = Int(try field()), let length = Int(try field()), length >= 0 else { throw MalformedBatch() }
                let previous = try field()
                let hash = try field()
                guard i + length <= bytes.count else { throw MalformedBatch() }
                links.append(AuditChain.Link(sequence: seq, previousHash: previous, hash: hash, content: string(i..<(i + length))))
                i += length
            }
            return links
        }
        return links.sorted { $0.sequence < $1.sequence }
    }

    /// Whether each link's hash matches its content, worked out in as many slices as there are cores.
    static func intactHashes(_ links: [AuditChain.Link]) async -> [Bool] {
        let slices = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = (links.count + slices - 1) / slices
        return await withTaskGroup(of: (Int, [Bool]).self) { group in
            for start in stride(from: 0, to: links.count, by: size) {
                group.addTask {
                    let slice = links[start..<min(start + size, links.count)]
                    return (
                        start, slice.map { sha256Hex(AuditChain.material(previousHash: $0.previousHash, content: $0.content)) == $0.hash }
                    )
                }
            }
            var out = [Bool](repeating: false, count: links.count)
            for await (start, part) in group { out.replaceSubrange(start..<(start + part.count), with: part) }
            return out
        }
    }

    /// `AuditEvent.canonicalContent` written in SQL both engines accept: the fields in order, joined by U+001F, that
    /// character within a field replaced by a space, absent values empty, ids in upper case as Swift writes them.
    /// Only the fields that hold what people typed are searched for the separator: the sequence, the time, the ids,
    /// the action and the entity are written by the code (were one altered to hold it, its hash would no longer
    /// match either way), and the search took much of the database's work in `audit verify`.
    static func canonicalSQL(_ sql: SQLDatabase) -> SQLQueryString {
        let unitSeparator = sql.dialect.name == "postgresql" ? "chr(31)" : "char(31)"
        func typed(_ column: String) -> String { "REPLACE(COALESCE(\(column), ''), \(unitSeparator), ' ')" }
        func id(_ column: String) -> String { "COALESCE(UPPER(CAST(\(column) AS TEXT)), '')" }
        let fields = [
            "CAST(seq AS TEXT)", "occurred_at", id("actor_id"), typed("actor_name"), id("zone_id"), "action", "entity", typed("entity_id"),
            typed("before"), typed("after"), typed("note"),
        ]
        return SQLQueryString(fields.joined(separator: " || \(unitSeparator) || "))
    }
}
