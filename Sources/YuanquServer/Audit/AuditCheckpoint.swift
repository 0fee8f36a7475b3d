import Fluent
import FluentSQL
import Vapor
import YuanquKit

/// A checkpoint of the audit chain (审计锚点): its head — the last event's sequence number, hash and time — written out
/// to be kept outside the system (printed, mailed, or on a second file system). Whoever rewrites history in the
/// database and computes every later hash again makes a chain that verifies on its own, but the event at the
/// checkpoint's sequence then no longer has the checkpoint's hash: `audit verify --checkpoint` finds it.
struct AuditCheckpoint: Equatable, Sendable {
    /// The head event's sequence number; the chain's events are 1 through it.
    let sequence: Int
    let hash: String
    /// When the head event occurred (ISO 8601 UTC, as the log stores it).
    let occurredAt: String
    /// When the checkpoint was taken (ISO 8601 UTC).
    let takenAt: String

    /// Begins the one-line form, naming its version.
    static let tag = "yuanqu-audit-checkpoint/1"
    /// The action and entity of the audit event recording that a checkpoint was taken.
    static let action = "checkpoint"
    static let entity = "auditChain"

    /// The form to copy: one line with all that `verify --checkpoint` needs.
    var line: String { "\(Self.tag) seq=\(sequence) hash=\(hash) at=\(occurredAt) events=\(sequence)" }

    /// The form to keep: a few lines for people, then the one-line form.
    var text: String {
        """
        Yuanqu audit checkpoint / 审计日志锚点
        Keep this outside the system: print it, mail it, or write it to a second file system.
        Check it later with: yuanqu audit verify --checkpoint FILE

        sequence  \(sequence)
        hash      \(hash)
        time      \(occurredAt)  (of event \(sequence))
        events    \(sequence)  (1 to \(sequence))
        taken     \(takenAt)

        \(line)

        """
    }

    /// What the audit event of the checkpoint records.
    struct Record: Codable {
        let sequence: Int
        let hash: String
        let occurredAt: String
    }

    struct Malformed: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Reads a checkpoint from its text: the one-line form wherever it stands, or else the `sequence` and `hash` lines.
    static func parse(_ text: String) throws -> AuditCheckpoint {
        var fields: [String: String] = [:]
        if let line = text.split(whereSeparator: \.isNewline).first(where: { $0.contains(tag) }) {
            for token in line[line.range(of: tag)!.upperBound...].split(separator: " ") {
                let pair = token.split(separator: "=", maxSplits: 1)
                if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
            }
        } else {
            for line in text.split(whereSeparator: \.isNewline) {
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                if words.count >= 2, ["sequence", "hash", "time"].contains(words[0]) {
                    fields[["sequence": "seq", "hash": "hash", "time": "at"][String(words[0])]!] = String(words[1])
                }
            }
        }
        guard let seqText = fields["seq"], let hash = fields["hash"] else {
            throw Malformed(message: "no checkpoint found: expected a line `\(tag) seq=N hash=H …` (as `yuanqu audit checkpoint` writes)")
        }
        guard let seq = Int(seqText), seq >= 1 else {
            throw Malformed(message: "the checkpoint's sequence `\(seqText)` is not a number from 1")
        }
        guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw Malformed(message: "the checkpoint's hash `\(hash)` is not 64 lower-case hex digits")
        }
        if let events = fields["events"], Int(events) != seq {
            throw Malformed(message: "the checkpoint's event count \(events) does not match its sequence \(seq)")
        }
        return AuditCheckpoint(sequence: seq, hash: hash, occurredAt: fields["at"] ?? "", takenAt: "")
    }

    struct Head: Decodable {
        let seq: Int
        let hash: String
        let occurredAt: String
    }

    /// Takes a checkpoint of the chain's head, and records that it was taken as an audit event (after the head it names)
    /// through the write path, in one transaction: the head is the chain's last event as the checkpoint is recorded.
    static func take(_ app: Application) async throws -> AuditCheckpoint {
        try await Writes.perform(app, actor: .commandLine) { db, trail in
            guard let sql = db as? SQLDatabase else { throw Malformed(message: "the audit log needs an SQL database") }
            guard
                let head = try await sql.raw("SELECT seq, hash, occurred_at FROM audit_events ORDER BY seq DESC LIMIT 1")
                    .first(decoding: Head.self, keyDecodingStrategy: .snakeCaseColumns)
            else { throw Malformed(message: "The audit log is empty: there is no head to anchor yet.") }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let checkpoint = AuditCheckpoint(
                sequence: head.seq,
                hash: head.hash,
                occurredAt: head.occurredAt,
                takenAt: formatter.string(from: Date())
            )
            trail.record(
                action,
                entity,
                id: String(head.seq),
                zone: nil,
                after: Record(sequence: head.seq, hash: head.hash, occurredAt: head.occurredAt)
            )
            return checkpoint
        }
    }

    /// What `verify --checkpoint` found at the checkpoint's sequence.
    enum Mismatch: Equatable {
        /// The chain no longer reaches the checkpoint's sequence: events were removed.
        case missing(sequence: Int, last: Int)
        /// The event at the sequence has another hash: history before it was rewritten.
        case otherHash(sequence: Int, expected: String, actual: String)

        var message: String {
            switch self {
            case .missing(let s, let last):
                return
                    "Audit chain does NOT extend the checkpoint: event \(s) is missing (the chain now ends at event \(last)); events were removed."
            case .otherHash(let s, let expected, let actual):
                return
                    "Audit chain does NOT extend the checkpoint: event \(s) has hash \(actual), the checkpoint says \(expected); history up to event \(s) was rewritten."
            }
        }
    }

    /// Whether the event at this checkpoint's sequence still has its hash (nil: it has).
    func mismatch(on db: Database) async throws -> Mismatch? {
        guard let sql = db as? SQLDatabase else { throw Malformed(message: "the audit log needs an SQL database") }
        struct Row: Decodable { let hash: String }
        if let row = try await sql.raw("SELECT hash FROM audit_events WHERE seq = \(bind: sequence)").first(decoding: Row.self) {
            return row.hash == hash ? nil : .otherHash(sequence: sequence, expected: hash, actual: row.hash)
        }
        let last = try await Writes.chainHead(sql).sequence
        return .missing(sequence: sequence, last: last)
    }

    /// The last checkpoint recorded: its audit event's time, and the sequence it anchored (one indexed query).
    static func last(on sql: SQLDatabase) async throws -> (takenAt: String, sequence: Int)? {
        struct Row: Decodable {
            let occurredAt: String
            let entityId: String?
        }
        let row = try await sql.raw(
            """
            SELECT occurred_at, entity_id FROM audit_events WHERE entity = \(bind: entity) AND action = \(bind: action)
            ORDER BY seq DESC LIMIT 1
            """
        ).first(decoding: Row.self, keyDecodingStrategy: .snakeCaseColumns)
        return row.map { ($0.occurredAt, Int($0.entityId ?? "") ?? 0) }
    }
}
