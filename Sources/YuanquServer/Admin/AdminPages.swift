import Fluent
import SQLKit
import Vapor
import YuanquKit

/// The active sessions page: who is signed in, from where, until when.
struct SessionsPage {
    struct Row: Decodable {
        let id: UUID
        let username: String
        let displayName: String
        let role: String
        let kind: String
        let createdAt: Date
        let expiresAt: Date
        let client: String
    }

    let rows: [Row]
    /// The reader's own session, which they cannot revoke here.
    let current: UUID?
}

/// The users page: the accounts the reader manages and the form for a new one.
struct UsersPage {
    struct Row {
        let username: String
        let displayName: String
        let role: Role
        let zone: String?
        let unit: String?
        let locked: Bool
        let active: Bool
    }

    let rows: [Row]
    let roles: [Role]
    /// Zones a platform admin may give a new user; nil for a zone admin, who gives a unit instead.
    let zoneOptions: [(value: String, label: String)]?
    let unitOptions: [(value: String, label: String)]
    /// The username just created, shown as a confirmation.
    let created: String?
}

/// The zones page (platform): every zone with its size, and the form for a new one.
struct ZonesPage {
    struct Row: Decodable {
        let code: String
        let name: String
        let nameEn: String
        let units: Int
        let people: Int
    }

    let rows: [Row]
}

/// The settings page: the bodies' caps, the zone's settings, and its code lists.
struct SettingsPage {
    struct Field {
        let name: String
        let label: String
        let value: String
        let isNumber: Bool
        let required: Bool
        let hint: String?
    }

    struct CodeList {
        let list: String
        let label: String
        let items: [(code: String, labelZh: String, labelEn: String, active: Bool)]
    }

    let fields: [Field]
    let codeLists: [CodeList]
    let saved: Bool
}

/// The administration pages' reads.
enum AdminQueries {
    static func sessions(actor: Actor, on db: Database) async throws -> SessionsPage {
        let sql = try db.sql
        var q = sql.select()
            .column(SQLColumn("id", table: "user_sessions"), as: "id")
            .column(SQLColumn("username", table: "users"), as: "username")
            .column(SQLColumn("display_name", table: "users"), as: "display_name")
            .column(SQLColumn("role", table: "users"), as: "role")
            .column(SQLColumn("kind", table: "user_sessions"), as: "kind")
            .column(SQLColumn("created_at", table: "user_sessions"), as: "created_at")
            .column(SQLColumn("expires_at", table: "user_sessions"), as: "expires_at")
            .column(SQLColumn("client", table: "user_sessions"), as: "client")
            .from("user_sessions")
            .join(
                "users",
                method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "users"),
                .equal,
                SQLColumn("user_id", table: "user_sessions")
            )
            .where(SQLColumn("revoked_at", table: "user_sessions"), .is, SQLLiteral.null)
            .where(SQLColumn("expires_at", table: "user_sessions"), .greaterThan, SQLBind(Date()))
        if let z = actor.zoneID { q = q.where(SQLColumn("zone_id", table: "users"), .equal, SQLBind(z)) }
        let rows = try await q.orderBy(SQLColumn("created_at", table: "user_sessions"), SQLDirection.descending)
            .all(decoding: SessionsPage.Row.self, keyDecodingStrategy: .snakeCaseColumns)
        return SessionsPage(rows: rows, current: actor.sessionID)
    }

    static func users(actor: Actor, lang: Lang, created: String?, on db: Database) async throws -> UsersPage {
        let sql = try db.sql
        struct Row: Decodable {
            let username: String
            let displayName: String
            let role: String
            let zoneName: String?
            let zoneNameEn: String?
            let unitName: String?
            let failedLogins: Int
            let active: Bool
        }
        var q = sql.select()
            .column(SQLColumn("username", table: "users"), as: "username")
            .column(SQLColumn("display_name", table: "users"), as: "display_name")
            .column(SQLColumn("role", table: "users"), as: "role")
            .column(SQLColumn("name", table: "zones"), as: "zone_name")
            .column(SQLColumn("name_en", table: "zones"), as: "zone_name_en")
            .column(SQLColumn("name", table: "org_units"), as: "unit_name")
            .column(SQLColumn("failed_logins", table: "users"), as: "failed_logins")
            .column(SQLColumn("active", table: "users"), as: "active")
            .from("users")
            .join("zones", method: SQLJoinMethod.left, on: SQLColumn("id", table: "zones"), .equal, SQLColumn("zone_id", table: "users"))
            .join(
                "org_units",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "org_units"),
                .equal,
                SQLColumn("unit_id", table: "users")
            )
        if let z = actor.zoneID { q = q.where(SQLColumn("zone_id", table: "users"), .equal, SQLBind(z)) }
        let list = try await q.orderBy(SQLColumn("username", table: "users")).all(
            decoding: Row.self,
            keyDecodingStrategy: .snakeCaseColumns
        )
        let zones = try await Zone.query(on: db).sort(\.$code).all()
        let units = try await actor.zoneID.asyncMap { try await OrgUnit.query(on: db).filter(\.$zoneID == $0).sort(\.$name).all() } ?? []
        return UsersPage(
            rows: list.map { u in
                UsersPage.Row(
                    username: u.username,
                    displayName: u.displayName,
                    role: Role(rawValue: u.role) ?? .staff,
                    zone: u.zoneName.map { lang.t($0, u.zoneNameEn ?? $0) },
                    unit: u.unitName,
                    locked: u.failedLogins >= SignInThrottle.perName.freeFailures,
                    active: u.active
                )
            },
            roles: actor.role.isPlatform ? [.platformAdmin, .zoneAdmin] : Role.allCases.filter { !$0.isPlatform },
            zoneOptions: actor.role.isPlatform ? zones.map { ($0.code, lang.t($0.name, $0.nameEn)) } : nil,
            unitOptions: units.map { ($0.id!.uuidString, $0.name) },
            created: created
        )
    }

    static func zones(on db: Database) async throws -> ZonesPage {
        let sql = try db.sql
        let rows = try await sql.raw(
            """
            SELECT code, name, name_en,
                   (SELECT COUNT(*) FROM org_units WHERE org_units.zone_id = zones.id) AS units,
                   (SELECT COUNT(*) FROM people WHERE people.zone_id = zones.id) AS people
            FROM zones ORDER BY code
            """
        ).all(decoding: ZonesPage.Row.self, keyDecodingStrategy: .snakeCaseColumns)
        return ZonesPage(rows: rows)
    }

    static func settings(zone: UUID, lang: Lang, saved: Bool, on db: Database) async throws -> SettingsPage {
        let stored = Dictionary(
            try await ZoneSetting.query(on: db).filter(\.$zoneID == zone).all().map { ($0.key, $0.value) },
            uniquingKeysWith: { a, _ in a }
        )
        let bodies = try await ZoneBody.query(on: db).filter(\.$zoneID == zone).all().sorted { $0.kind.rawValue > $1.kind.rawValue }
        let codes = try await CodeListItem.query(on: db).filter(\.$zoneID == zone).sort(\.$list).sort(\.$sortOrder).all()
        let caps = bodies.map { b in
            SettingsPage.Field(
                name: "cap." + b.kind.rawValue,
                label: lang.t(b.name, b.nameEn) + lang.t("编制上限（总量控制）", " headcount cap"),
                value: String(b.headcountCap),
                isNumber: true,
                required: true,
                hint: nil
            )
        }
        let settings = SettingDefinition.all.map { s in
            SettingsPage.Field(
                name: s.key,
                label: lang.t(s.labelZh, s.labelEn),
                value: stored[s.key] ?? s.defaultValue,
                isNumber: s.kind == .integer,
                required: false,
                hint: lang.t("默认 ", "Default ") + (s.defaultValue.isEmpty ? "—" : s.defaultValue)
            )
        }
        let lists = CodeListDefinition.all.map { def in
            SettingsPage.CodeList(
                list: def.list,
                label: lang.t(def.labelZh, def.labelEn),
                items: codes.filter { $0.list == def.list }.map { ($0.code, $0.labelZh, $0.labelEn, $0.active) }
            )
        }
        return SettingsPage(fields: caps + settings, codeLists: lists, saved: saved)
    }
}
