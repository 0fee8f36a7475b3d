import Fluent
import Vapor
import YuanquKit

/// `@unchecked Sendable`, as Fluent requires of every model: its `@Field` wrappers keep mutable storage the compiler
/// cannot check. Safe because an instance belongs to one task at a time: it is made by a query or `init` in one
/// request's or command's task and read, changed and saved there, or inside the `Writes.perform` closure that task
/// awaits (the await orders the hand-over, and the caller does not touch it meanwhile); it is never kept where another
/// task can reach it (the read cache and the session cache hold value types, not models; no task group is given one).
final class Zone: Model, @unchecked Sendable {
    static let schema = "zones"
    @ID var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "name_en") var nameEn: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    init(code: String, name: String, nameEn: String) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
    }
}

/// One of a zone's two bodies (政企分离): the committee or the development company.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ZoneBody: Model, @unchecked Sendable {
    static let schema = "bodies"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "kind") var kind: BodyKind
    @Field(key: "name") var name: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "headcount_cap") var headcountCap: Int
    init() {}
    init(zoneID: UUID, kind: BodyKind, name: String, nameEn: String, headcountCap: Int) {
        self.zoneID = zoneID
        self.kind = kind
        self.name = name
        self.nameEn = nameEn
        self.headcountCap = headcountCap
    }
}

/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class User: Model, @unchecked Sendable {
    static let schema = "users"
    @ID var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: String
    @OptionalField(key: "zone_id") var zoneID: UUID?
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "language") var language: String
    @Field(key: "failed_logins") var failedLogins: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Field(key: "active") var active: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var roleValue: Role { Role(rawValue: role) ?? .staff }
}

/// A signed-in browser session or an API token. Only the token's SHA-256 is stored.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"
    @ID var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: String
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "client") var client: String
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    init() {}
}

/// One entry of the hash-chained audit log.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"
    @ID(custom: "seq", generatedBy: .user) var id: Int?
    @Field(key: "occurred_at") var occurredAt: String
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @OptionalField(key: "zone_id") var zoneID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "entity") var entity: String
    @OptionalField(key: "entity_id") var entityID: String?
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?
    @OptionalField(key: "note") var note: String?
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String
    init() {}

    /// The table's columns in the order bulk writes give them.
    static let columns = [
        "seq", "occurred_at", "actor_id", "actor_name", "zone_id", "action", "entity", "entity_id", "before", "after", "note", "prev_hash",
        "hash",
    ]

    /// The content the hash covers, in a fixed order.
    var canonicalContent: String {
        Self.canonicalContent(
            sequence: id ?? 0,
            occurredAt: occurredAt,
            actorID: actorID,
            actorName: actorName,
            zoneID: zoneID,
            action: action,
            entity: entity,
            entityID: entityID,
            before: before,
            after: after,
            note: note
        )
    }

    /// A new event chained to `previousHash`: its row as bulk writes give it (in `columns` order) and its hash. The
    /// write path and the province load both append through it.
    static func chained(
        sequence: Int,
        occurredAt: String,
        actorID: UUID?,
        actorName: String,
        zoneID: UUID?,
        action: String,
        entity: String,
        entityID: String?,
        before: String?,
        after: String?,
        note: String?,
        previousHash: String
    ) -> (row: [any Encodable & Sendable], hash: String) {
        let content = canonicalContent(
            sequence: sequence,
            occurredAt: occurredAt,
            actorID: actorID,
            actorName: actorName,
            zoneID: zoneID,
            action: action,
            entity: entity,
            entityID: entityID,
            before: before,
            after: after,
            note: note
        )
        let hash = Writes.sha256Hex(AuditChain.material(previousHash: previousHash, content: content))
        return (
            [sequence, occurredAt, actorID, actorName, zoneID, action, entity, entityID, before, after, note, previousHash, hash], hash
        )
    }

    /// The content the hash covers, for an event not (yet) held as a model (bulk loads).
    static func canonicalContent(
        sequence: Int,
        occurredAt: String,
        actorID: UUID?,
        actorName: String,
        zoneID: UUID?,
        action: String,
        entity: String,
        entityID: String?,
        before: String?,
        after: String?,
        note: String?
    ) -> String {
        AuditChain.canonical([
            String(sequence), occurredAt, actorID?.uuidString ?? "", actorName, zoneID?.uuidString ?? "",
            action, entity, entityID ?? "", before ?? "", after ?? "", note ?? "",
        ])
    }
}

/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ZoneSetting: Model, @unchecked Sendable {
    static let schema = "zone_settings"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "key") var key: String
    @Field(key: "value") var value: String
    init() {}
    init(zoneID: UUID, key: String, value: String) {
        self.zoneID = zoneID
        self.key = key
        self.value = value
    }
}

/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class CodeListItem: Model, @unchecked Sendable {
    static let schema = "code_list_items"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "list") var list: String
    @Field(key: "code") var code: String
    @Field(key: "label_zh") var labelZh: String
    @Field(key: "label_en") var labelEn: String
    @Field(key: "sort_order") var sortOrder: Int
    @Field(key: "active") var active: Bool
    init() {}
}
