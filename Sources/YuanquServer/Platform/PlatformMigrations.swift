import Fluent
import SQLKit

/// Every migration, in order. Append only.
enum Migrations {
    static let all: [any Migration] = [
        CreateZone(), CreateBody(), CreateUser(), CreateUserSession(), CreateAuditEvent(),
        CreateZoneSetting(), CreateCodeListItem(),
        CreateOrgUnit(), CreatePost(), CreatePerson(), CreateSealedRecord(),
        CreateCampaign(), CreateAppointment(), CreateCalendarDay(),
        CreateInvestment(), IndexInvestmentProjects(), CreateEnterprise(),
        CreateAssessment(),
        CreateEngineering(),
        UpdatePersonAddSortKey(),
        UpdateEnterpriseAddSortKey(),
        IndexReadPaths(),
        CreateRateLimitHits(),
        UpdateTeamMembershipAddOrigin(),
        CreateServerSecrets(),
        UpdateUserUsernameUniquePerZone(),
    ]
}

struct CreateZone: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("zones").id()
            .field("code", .string, .required).field("name", .string, .required).field("name_en", .string, .required)
            .field("created_at", .datetime).unique(on: "code").create()
    }
    func revert(on db: Database) async throws { try await db.schema("zones").delete() }
}

struct CreateBody: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("bodies").id()
            .field("zone_id", .uuid, .required, .references("zones", "id"))
            .field("kind", .string, .required).field("name", .string, .required).field("name_en", .string, .required)
            .field("headcount_cap", .int, .required).unique(on: "zone_id", "kind").create()
    }
    func revert(on db: Database) async throws { try await db.schema("bodies").delete() }
}

struct CreateUser: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("users").id()
            .field("username", .string, .required).field("display_name", .string, .required)
            .field("password_hash", .string, .required).field("role", .string, .required)
            .field("zone_id", .uuid, .references("zones", "id")).field("unit_id", .uuid).field("person_id", .uuid)
            .field("language", .string, .required).field("failed_logins", .int, .required)
            .field("locked_until", .datetime).field("active", .bool, .required).field("created_at", .datetime)
            .unique(on: "username").create()
    }
    func revert(on db: Database) async throws { try await db.schema("users").delete() }
}

struct CreateUserSession: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("user_sessions").id()
            .field("token_hash", .string, .required).field("user_id", .uuid, .required, .references("users", "id"))
            .field("kind", .string, .required).field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required).field("expires_at", .datetime, .required)
            .field("client", .string, .required).field("revoked_at", .datetime)
            .unique(on: "token_hash").create()
    }
    func revert(on db: Database) async throws { try await db.schema("user_sessions").delete() }
}

struct CreateAuditEvent: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("audit_events")
            .field("seq", .int64, .identifier(auto: false))
            .field("occurred_at", .string, .required).field("actor_id", .uuid).field("actor_name", .string, .required)
            .field("zone_id", .uuid).field("action", .string, .required).field("entity", .string, .required)
            .field("entity_id", .string).field("before", .string).field("after", .string).field("note", .string)
            .field("prev_hash", .string, .required).field("hash", .string, .required).create()
    }
    func revert(on db: Database) async throws { try await db.schema("audit_events").delete() }
}

struct CreateZoneSetting: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("zone_settings").id()
            .field("zone_id", .uuid, .required, .references("zones", "id"))
            .field("key", .string, .required).field("value", .string, .required)
            .unique(on: "zone_id", "key").create()
    }
    func revert(on db: Database) async throws { try await db.schema("zone_settings").delete() }
}

struct CreateCodeListItem: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("code_list_items").id()
            .field("zone_id", .uuid, .required, .references("zones", "id"))
            .field("list", .string, .required).field("code", .string, .required)
            .field("label_zh", .string, .required).field("label_en", .string, .required)
            .field("sort_order", .int, .required).field("active", .bool, .required)
            .unique(on: "zone_id", "list", "code").create()
    }
    func revert(on db: Database) async throws { try await db.schema("code_list_items").delete() }
}

/// An index for every filter and sort the lists, the dashboard and the ranking read by (plain SQL both engines accept;
/// the plans were checked with `EXPLAIN QUERY PLAN` and `EXPLAIN ANALYZE` on a province database).
struct IndexReadPaths: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("audit_events_zone_seq", "audit_events", "zone_id, seq"),
        ("audit_events_entity", "audit_events", "entity, entity_id"),
        ("audit_events_actor", "audit_events", "actor_name, seq"),
        ("user_sessions_user", "user_sessions", "user_id"),
        ("org_units_zone", "org_units", "zone_id, sort_order"),
        ("posts_zone_unit", "posts", "zone_id, unit_id"),
        ("people_post", "people", "post_id"),
        ("people_zone_unit", "people", "zone_id, unit_id"),
        ("appointments_zone_start", "appointments", "zone_id, start_date"),
        ("appointments_person", "appointments", "person_id"),
        ("campaigns_zone_stage", "campaigns", "zone_id, stage"),
        ("investment_projects_zone_signing", "investment_projects", "zone_id, signing_date"),
        ("investment_projects_signing", "investment_projects", "signing_date"),
        ("investment_projects_zone_start", "investment_projects", "zone_id, start_date"),
        ("investment_projects_start", "investment_projects", "start_date"),
        ("investment_teams_zone", "investment_teams", "zone_id"),
        ("team_targets_team_period", "team_targets", "team_id, period"),
        ("team_memberships_team", "team_memberships", "team_id"),
        ("enterprises_zone_credit_code", "enterprises", "zone_id, credit_code"),
        ("enterprises_zone_name", "enterprises", "zone_id, name"),
        ("service_requests_zone_status", "service_requests", "zone_id, status, due_on"),
        ("service_requests_zone_opened", "service_requests", "zone_id, opened_on"),
        ("service_requests_zone_closed", "service_requests", "zone_id, closed_on"),
        ("service_requests_closed", "service_requests", "closed_on"),
        ("service_requests_enterprise", "service_requests", "enterprise_id"),
        ("assessment_cycles_zone_status", "assessment_cycles", "zone_id, status"),
        ("elimination_flags_zone", "elimination_flags", "zone_id"),
        ("project_milestones_planned", "project_milestones", "planned_on"),
    ]

    func prepare(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        for i in Self.indexes {
            try await sql.raw("CREATE INDEX IF NOT EXISTS \(unsafeRaw: i.name) ON \(unsafeRaw: i.table) (\(unsafeRaw: i.columns))").run()
        }
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        for i in Self.indexes.reversed() { try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: i.name)").run() }
    }
}

/// The public pages' attempts per client address (`RateLimiter`), shared by every process on one database.
struct CreateRateLimitHits: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("rate_limit_hits").id()
            .field("client_key", .string, .required).field("attempted_at", .double, .required).create()
        guard let sql = db as? SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS rate_limit_hits_key ON rate_limit_hits (client_key, attempted_at)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS rate_limit_hits_at ON rate_limit_hits (attempted_at)").run()
    }
    func revert(on db: Database) async throws { try await db.schema("rate_limit_hits").delete() }
}

/// Usernames unique per zone (issue 27): a zone's users by (zone, username), platform users (zone NULL) among
/// themselves, so that a zone admin's refused name never tells of another zone's users. `CreateUser` declared the
/// old rule inside its CREATE TABLE (`CONSTRAINT "uq:users.username" UNIQUE ("username")` on both engines). PostgreSQL
/// drops that constraint; SQLite cannot drop a constraint of a table, so the table is rebuilt without it (SQLite's
/// "other kinds of table schema changes": foreign keys off, then in one transaction create, copy, drop, rename,
/// indexes and triggers again, `foreign_key_check`). Then both get the same three indexes.
struct UpdateUserUsernameUniquePerZone: AsyncMigration {
    /// The columns `CreateUser` made, in its order; the rebuild refuses a table with any other.
    static let columns = [
        "id", "username", "display_name", "password_hash", "role", "zone_id", "unit_id", "person_id", "language",
        "failed_logins", "locked_until", "active", "created_at",
    ]
    static let indexes: [SQLQueryString] = [
        // A zone's users: unique by name within the zone (NULL zones never collide here).
        "CREATE UNIQUE INDEX IF NOT EXISTS users_zone_username ON users (zone_id, username)",
        // Platform users: unique by name among themselves (a partial index; both engines have them).
        "CREATE UNIQUE INDEX IF NOT EXISTS users_platform_username ON users (username) WHERE zone_id IS NULL",
        // Sign-in by a name alone looks in every zone.
        "CREATE INDEX IF NOT EXISTS users_username ON users (username)",
    ]

    func prepare(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await Self.rebuildSQLiteUsers(db, globalUnique: false)
        } else {
            let names = try await sql.raw(
                """
                SELECT c.conname AS name FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.conrelid = 'users'::regclass AND c.contype = 'u' AND array_length(c.conkey, 1) = 1 AND a.attname = 'username'
                """
            ).all().map { try $0.decode(column: "name", as: String.self) }
            try await db.transaction { tx in
                guard let t = tx as? SQLDatabase else { return }
                for name in names { try await t.raw("ALTER TABLE users DROP CONSTRAINT \(ident: name)").run() }
                for index in Self.indexes { try await t.raw(index).run() }
            }
        }
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await Self.rebuildSQLiteUsers(db, globalUnique: true)
        } else {
            try await db.transaction { tx in
                guard let t = tx as? SQLDatabase else { return }
                for name in ["users_zone_username", "users_platform_username", "users_username"] {
                    try await t.raw("DROP INDEX IF EXISTS \(ident: name)").run()
                }
                try await t.raw("ALTER TABLE users ADD CONSTRAINT \(ident: "uq:users.username") UNIQUE (username)").run()
            }
        }
    }

    /// Rebuilds SQLite's `users` as `CreateUser` made it, with the global unique constraint or with the per-zone
    /// indexes instead; every row, foreign key (its own and `user_sessions.user_id`), index and trigger kept.
    static func rebuildSQLiteUsers(_ db: Database, globalUnique: Bool) async throws {
        try await db.withConnection { conn in
            guard let sql = conn as? SQLDatabase else { return }
            // A no-op inside a transaction, hence before it; on this one connection, set back after.
            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            do {
                try await conn.transaction { tx in
                    guard let t = tx as? SQLDatabase else { return }
                    let found = try await t.raw("SELECT name FROM pragma_table_info('users')").all()
                        .map { try $0.decode(column: "name", as: String.self) }
                    guard Set(found) == Set(Self.columns), found.count == Self.columns.count else {
                        throw CommandFailure(
                            message:
                                "users has the columns \(found.joined(separator: ", ")), not \(Self.columns.joined(separator: ", ")): not rebuilt"
                        )
                    }
                    let keep = try await t.raw(
                        """
                        SELECT sql FROM sqlite_master WHERE tbl_name = 'users' AND type IN ('index', 'trigger') AND sql IS NOT NULL
                        AND name NOT IN ('users_zone_username', 'users_platform_username', 'users_username')
                        """
                    ).all().map { try $0.decode(column: "sql", as: String.self) }
                    var table = tx.schema("users_new").id()
                        .field("username", .string, .required).field("display_name", .string, .required)
                        .field("password_hash", .string, .required).field("role", .string, .required)
                        .field("zone_id", .uuid, .references("zones", "id")).field("unit_id", .uuid).field("person_id", .uuid)
                        .field("language", .string, .required).field("failed_logins", .int, .required)
                        .field("locked_until", .datetime).field("active", .bool, .required).field("created_at", .datetime)
                    if globalUnique { table = table.unique(on: "username") }
                    try await table.create()
                    let list = Self.columns.map { "\"\($0)\"" }.joined(separator: ", ")
                    try await t.raw("INSERT INTO users_new (\(unsafeRaw: list)) SELECT \(unsafeRaw: list) FROM users").run()
                    try await t.raw("DROP TABLE users").run()
                    try await t.raw("ALTER TABLE users_new RENAME TO users").run()
                    for statement in keep { try await t.raw("\(unsafeRaw: statement)").run() }
                    if !globalUnique { for index in Self.indexes { try await t.raw(index).run() } }
                    let broken = try await t.raw("PRAGMA foreign_key_check").all()
                    if !broken.isEmpty { throw CommandFailure(message: "rebuilding users broke \(broken.count) foreign keys: rolled back") }
                }
            } catch {
                try? await sql.raw("PRAGMA foreign_keys = ON").run()
                throw error
            }
            try await sql.raw("PRAGMA foreign_keys = ON").run()
        }
    }
}
