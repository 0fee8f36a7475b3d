import Foundation

/// The hash-chained audit log (审计日志): each event's hash covers its own content and the
/// previous event's hash, so altering, removing or inserting a row out of band breaks the chain.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    public struct Link: Sendable, Equatable {
        public let sequence: Int
        public let previousHash: String
        public let hash: String
        /// The event's content in canonical form (see `canonical`).
        public let content: String
        public init(sequence: Int, previousHash: String, hash: String, content: String) {
            self.sequence = sequence
            self.previousHash = previousHash
            self.hash = hash
            self.content = content
        }
    }

    public enum Break: Equatable, Sendable {
        /// The event's stored hash does not match its content: the row was altered.
        case altered(sequence: Int)
        /// The event does not point at the event before it: one was removed or inserted.
        case brokenLink(sequence: Int)
        /// A sequence number is missing before this event.
        case gap(sequence: Int, expected: Int)

        public var sequence: Int {
            switch self {
            case .altered(let s), .brokenLink(let s), .gap(let s, _): return s
            }
        }
    }

    /// The canonical text of an event: fields joined by a separator that cannot appear in them.
    public static func canonical(_ fields: [String]) -> String {
        fields.map { $0.utf8.contains(0x1F) ? $0.replacingOccurrences(of: "\u{1F}", with: " ") : $0 }.joined(separator: "\u{1F}")
    }

    /// The text hashed for an event.
    public static func material(previousHash: String, content: String) -> String {
        previousHash + "\u{1E}" + content
    }

    /// Finds the first broken event in a chain ordered by sequence, or nil if the chain holds.
    /// `hash` is SHA-256 in lower-case hex (the Kit takes it as a function to stay Foundation-only).
    /// `after` is the last link already verified, when the chain is checked in batches.
    public static func verify(_ links: [Link], after: Link? = nil, hash: (String) -> String) -> Break? {
        verify(links, after: after) { i in hash(material(previousHash: links[i].previousHash, content: links[i].content)) == links[i].hash }
    }

    /// The same check, told by `intact(i)` whether the hash of link `i` matches its content (so that the hashes of
    /// a batch can be worked out in parallel beforehand).
    public static func verify(_ links: [Link], after: Link? = nil, intact: (Int) -> Bool) -> Break? {
        var expectedPrevious = after?.hash ?? genesis
        var expectedSequence = (after?.sequence ?? 0) + 1
        for (i, link) in links.enumerated() {
            if link.sequence != expectedSequence { return .gap(sequence: link.sequence, expected: expectedSequence) }
            if link.previousHash != expectedPrevious { return .brokenLink(sequence: link.sequence) }
            if !intact(i) { return .altered(sequence: link.sequence) }
            expectedPrevious = link.hash
            expectedSequence = link.sequence + 1
        }
        return nil
    }
}
