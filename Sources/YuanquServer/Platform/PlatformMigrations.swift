import Fluent

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
