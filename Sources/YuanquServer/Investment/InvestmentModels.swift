import Fluent
import FluentSQL
import Vapor
import YuanquKit

/// A small investment team of the investment promotion centre (招商小组).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class InvestmentTeam: Model, @unchecked Sendable {
    static let schema = "investment_teams"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "leader_id") var leaderID: UUID?
    init() {}
}

/// A person's membership of a team, dated (a person is in at most one team at a time). Membership comes from an
/// appointment campaign that offered a place in the team (`campaignID`); one made by hand is a correction and carries
/// its reason (`reason`). `endReason` says why it ended (another campaign's appointment, or a correction's reason).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class TeamMembership: Model, @unchecked Sendable {
    static let schema = "team_memberships"
    @ID var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "from_date") var fromDate: String
    @OptionalField(key: "to_date") var toDate: String?
    /// The campaign whose appointment opened the membership (none for one made by hand).
    @OptionalField(key: "campaign_id") var campaignID: UUID?
    /// Why a membership was made by hand (a correction).
    @OptionalField(key: "reason") var reason: String?
    /// Why the membership ended.
    @OptionalField(key: "end_reason") var endReason: String?
    init() {}
}

/// A team's targets for a period (a year, "2020").
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class TeamTarget: Model, @unchecked Sendable {
    static let schema = "team_targets"
    @ID var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "period") var period: String
    @Field(key: "signed_count") var signedCount: Int
    @Field(key: "signed_amount_fen") var signedAmountFen: Int64
    @Field(key: "major_count") var majorCount: Int
    @Field(key: "invested_amount_fen") var investedAmountFen: Int64
    init() {}
}

/// An investment project in the pipeline (招商项目).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class InvestmentProject: Model, @unchecked Sendable {
    static let schema = "investment_projects"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "name") var name: String
    /// The investor's name (an enterprise record or a prospect).
    @Field(key: "investor") var investor: String
    @OptionalField(key: "enterprise_id") var enterpriseID: UUID?
    /// A code of the zone's industry list.
    @Field(key: "industry") var industry: String
    @Field(key: "region") var region: String
    /// The amount under discussion, in fen.
    @Field(key: "amount_fen") var amountFen: Int64
    /// The amount of the signed agreement, in fen (from signing on).
    @OptionalField(key: "signed_amount_fen") var signedAmountFen: Int64?
    @Field(key: "invested_amount_fen") var investedAmountFen: Int64
    @OptionalField(key: "team_id") var teamID: UUID?
    @Field(key: "stage") var stage: ProjectStage
    @OptionalField(key: "signing_date") var signingDate: String?
    @OptionalField(key: "agreement_number") var agreementNumber: String?
    @OptionalField(key: "credit_code") var creditCode: String?
    @OptionalField(key: "start_date") var startDate: String?
    @OptionalField(key: "operation_date") var operationDate: String?
    @OptionalField(key: "dropped_reason") var droppedReason: String?
    @Field(key: "created_on") var createdOn: String
    init() {}
}

struct CreateInvestment: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("investment_teams").id()
            .field("zone_id", .uuid, .required, .references("zones", "id")).field("name", .string, .required)
            .field("unit_id", .uuid).field("leader_id", .uuid).unique(on: "zone_id", "name").create()
        try await db.schema("team_memberships").id()
            .field("team_id", .uuid, .required, .references("investment_teams", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id")).field("from_date", .string, .required).field(
                "to_date",
                .string
            ).create()
        try await db.schema("team_targets").id()
            .field("team_id", .uuid, .required, .references("investment_teams", "id", onDelete: .cascade)).field(
                "period",
                .string,
                .required
            )
            .field("signed_count", .int, .required).field("signed_amount_fen", .int64, .required).field("major_count", .int, .required)
            .field("invested_amount_fen", .int64, .required).unique(on: "team_id", "period").create()
        try await db.schema("investment_projects").id()
            .field("zone_id", .uuid, .required, .references("zones", "id")).field("name", .string, .required).field(
                "investor",
                .string,
                .required
            )
            .field("enterprise_id", .uuid).field("industry", .string, .required).field("region", .string, .required)
            .field("amount_fen", .int64, .required).field("signed_amount_fen", .int64).field("invested_amount_fen", .int64, .required)
            .field("team_id", .uuid, .references("investment_teams", "id")).field("stage", .string, .required)
            .field("signing_date", .string).field("agreement_number", .string).field("credit_code", .string)
            .field("start_date", .string).field("operation_date", .string).field("dropped_reason", .string).field(
                "created_on",
                .string,
                .required
            )
            .create()
    }
    func revert(on db: Database) async throws {
        for t in ["investment_projects", "team_targets", "team_memberships", "investment_teams"] { try await db.schema(t).delete() }
    }
}

/// Indexes the leaderboard and the zone totals read by (plain SQL both engines accept).
struct IndexInvestmentProjects: AsyncMigration {
    func prepare(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS investment_projects_zone_stage ON investment_projects (zone_id, stage)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS investment_projects_team ON investment_projects (team_id)").run()
    }
    func revert(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS investment_projects_team").run()
        try await sql.raw("DROP INDEX IF EXISTS investment_projects_zone_stage").run()
    }
}

/// Team membership says how it began: the campaign that appointed the person, or the reason of a correction by hand,
/// and why it ended. One column per statement: SQLite alters a table one column at a time.
struct UpdateTeamMembershipAddOrigin: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("team_memberships").field("campaign_id", .uuid).update()
        try await db.schema("team_memberships").field("reason", .string).update()
        try await db.schema("team_memberships").field("end_reason", .string).update()
    }
    func revert(on db: Database) async throws {
        try await db.schema("team_memberships").deleteField("end_reason").update()
        try await db.schema("team_memberships").deleteField("reason").update()
        try await db.schema("team_memberships").deleteField("campaign_id").update()
    }
}
