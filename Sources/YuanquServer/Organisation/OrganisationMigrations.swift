import Fluent

struct CreateOrgUnit: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("org_units").id()
            .field("zone_id", .uuid, .required, .references("zones", "id"))
            .field("body_id", .uuid, .required, .references("bodies", "id"))
            .field("kind", .string, .required).field("name", .string, .required)
            .field("parent_id", .uuid).field("is_main_business", .bool, .required)
            .field("duties", .string, .required).field("sort_order", .int, .required).field("updated_at", .datetime)
            .unique(on: "zone_id", "body_id", "name").create()
    }
    func revert(on db: Database) async throws { try await db.schema("org_units").delete() }
}

struct CreatePost: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("posts").id()
            .field("zone_id", .uuid, .required, .references("zones", "id"))
            .field("body_id", .uuid, .required, .references("bodies", "id"))
            .field("unit_id", .uuid, .required, .references("org_units", "id"))
            .field("title", .string, .required).field("tier", .string, .required)
            .field("duties", .string, .required).field("requirements", .string, .required)
            .field("headcount", .int, .required).field("updated_at", .datetime)
            .unique(on: "unit_id", "title").create()
    }
    func revert(on db: Database) async throws { try await db.schema("posts").delete() }
}

struct CreatePerson: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("people").id()
            .field("zone_id", .uuid, .required, .references("zones", "id"))
            .field("body_id", .uuid, .required, .references("bodies", "id"))
            .field("unit_id", .uuid, .references("org_units", "id"))
            .field("post_id", .uuid, .references("posts", "id"))
            .field("name", .string, .required).field("gender", .string, .required)
            .field("birth_date", .string, .required).field("phone", .string, .required)
            .field("resident_id", .string, .required).field("updated_at", .datetime)
            .unique(on: "zone_id", "resident_id").create()
    }
    func revert(on db: Database) async throws { try await db.schema("people").delete() }
}

struct CreateSealedRecord: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("sealed_records").id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("former_identity", .string, .required).field("former_employer", .string, .required)
            .field("notes", .string, .required).unique(on: "person_id").create()
    }
    func revert(on db: Database) async throws { try await db.schema("sealed_records").delete() }
}
