import Fluent
import YuanquKit

struct CreateCampaign: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("campaigns").id()
            .field("zone_id", .uuid, .required, .references("zones", "id")).field("body_id", .uuid, .required, .references("bodies", "id"))
            .field("kind", .string, .required).field("title", .string, .required).field("stage", .string, .required)
            .field("allowed_origins", .string, .required).field("max_preferences", .int, .required).field("scheme", .string, .required)
            .field("publicity_days", .int, .required).field("publicity_start", .string).field("publicity_ends", .string)
            .field("public_token", .string, .required).field("opened_on", .string, .required).field("updated_at", .datetime)
            .unique(on: "public_token").create()
        try await db.schema("campaign_posts").id()
            .field("campaign_id", .uuid, .required, .references("campaigns", "id", onDelete: .cascade))
            .field("post_id", .uuid, .required, .references("posts", "id")).field("places", .int, .required)
            .field("max_age", .int).field("min_education", .string).unique(on: "campaign_id", "post_id").create()
        try await db.schema("candidates").id()
            .field("campaign_id", .uuid, .required, .references("campaigns", "id", onDelete: .cascade))
            .field("zone_id", .uuid, .required, .references("zones", "id")).field("person_id", .uuid, .references("people", "id"))
            .field("name", .string, .required).field("gender", .string, .required).field("birth_date", .string, .required)
            .field("phone", .string, .required).field("resident_id", .string, .required).field("education", .string)
            .field("nomination", .string, .required).field("nominated_by", .string, .required).field("registration_order", .int, .required)
            .field("confirmation_hash", .string).field("review_status", .string, .required).field("review_reason", .string, .required)
            .field("written_score", .int).field("tie_order", .int).field("created_at", .datetime, .required).create()
        try await db.schema("candidate_sealed").id()
            .field("candidate_id", .uuid, .required, .references("candidates", "id", onDelete: .cascade))
            .field("origin", .string, .required).field("former_employer", .string, .required).unique(on: "candidate_id").create()
        try await db.schema("candidate_preferences").id()
            .field("candidate_id", .uuid, .required, .references("candidates", "id", onDelete: .cascade))
            .field("campaign_post_id", .uuid, .required, .references("campaign_posts", "id", onDelete: .cascade))
            .field("rank", .int, .required).unique(on: "candidate_id", "campaign_post_id").create()
        try await db.schema("unit_rankings").id()
            .field("campaign_post_id", .uuid, .required, .references("campaign_posts", "id", onDelete: .cascade))
            .field("candidate_id", .uuid, .required, .references("candidates", "id", onDelete: .cascade))
            .field("rank", .int, .required).unique(on: "campaign_post_id", "candidate_id").create()
        try await db.schema("panel_members").id()
            .field("campaign_id", .uuid, .required, .references("campaigns", "id", onDelete: .cascade))
            .field("name", .string, .required).field("sort_order", .int, .required).create()
        try await db.schema("score_sheets").id()
            .field("candidate_id", .uuid, .required, .references("candidates", "id", onDelete: .cascade))
            .field("panel_member_id", .uuid, .required, .references("panel_members", "id", onDelete: .cascade))
            .field("scores", .string, .required).unique(on: "candidate_id", "panel_member_id").create()
        try await db.schema("proposals").id()
            .field("campaign_id", .uuid, .required, .references("campaigns", "id", onDelete: .cascade))
            .field("candidate_id", .uuid, .required, .references("candidates", "id", onDelete: .cascade))
            .field("campaign_post_id", .uuid, .required, .references("campaign_posts", "id", onDelete: .cascade))
            .field("choice", .int).field("source", .string, .required).field("reason", .string, .required)
            .field("confirmed", .bool, .required).unique(on: "candidate_id").create()
        try await db.schema("objections").id()
            .field("campaign_id", .uuid, .required, .references("campaigns", "id", onDelete: .cascade))
            .field("candidate_id", .uuid).field("text", .string, .required).field("raised_on", .string, .required)
            .field("resolution", .string).field("resolved_on", .string).create()
    }
    func revert(on db: Database) async throws {
        for t in [
            "objections", "proposals", "score_sheets", "panel_members", "unit_rankings", "candidate_preferences", "candidate_sealed",
            "candidates", "campaign_posts", "campaigns",
        ] {
            try await db.schema(t).delete()
        }
    }
}

struct CreateAppointment: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("appointments").id()
            .field("zone_id", .uuid, .required, .references("zones", "id")).field("body_id", .uuid, .required, .references("bodies", "id"))
            .field("person_id", .uuid, .required, .references("people", "id")).field(
                "post_id",
                .uuid,
                .required,
                .references("posts", "id")
            )
            .field("start_date", .string, .required).field("term_months", .int, .required).field("method", .string, .required)
            .field("campaign_id", .uuid).field("end_date", .string).field("end_reason", .string).create()
        try await db.schema("employment_contracts").id()
            .field("zone_id", .uuid, .required, .references("zones", "id")).field("body_id", .uuid, .required, .references("bodies", "id"))
            .field("person_id", .uuid, .required, .references("people", "id")).field("appointment_id", .uuid)
            .field("contract_type", .string, .required).field("start_date", .string, .required).field("end_date", .string)
            .field("probation_months", .int, .required).field("pay_grade", .string, .required).field("status", .string, .required)
            .field("status_reason", .string).field("previous_id", .uuid).create()
    }
    func revert(on db: Database) async throws {
        try await db.schema("employment_contracts").delete()
        try await db.schema("appointments").delete()
    }
}

/// The working-day calendar, with China's 2025 and 2026 holidays and adjusted weekends to start with.
struct CreateCalendarDay: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("calendar_days").id()
            .field("date", .string, .required).field("kind", .string, .required).field("name", .string, .required)
            .unique(on: "date").create()
        for e in WorkCalendar.chinaDefaults {
            let d = CalendarDay()
            d.date = e.date
            d.kind = e.kind
            d.name = e.name
            try await d.create(on: db)
        }
    }
    func revert(on db: Database) async throws { try await db.schema("calendar_days").delete() }
}
