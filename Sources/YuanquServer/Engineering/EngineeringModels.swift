import Fluent
import FluentSQL
import Vapor

// The engineering area's records (issue 9). Money in fen, dates as YYYY-MM-DD text, as elsewhere.

/// A programme of construction projects (e.g. 四新, 新都市).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Programme: Model, @unchecked Sendable {
    static let schema = "programmes"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "name") var name: String
    @Field(key: "summary") var summary: String
    @OptionalField(key: "starts_on") var startsOn: String?
    @OptionalField(key: "ends_on") var endsOn: String?
    init() {}
}

/// A construction project (工程项目) with its budget, schedule and project office (项目部).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ConstructionProject: Model, @unchecked Sendable {
    static let schema = "construction_projects"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @OptionalField(key: "programme_id") var programmeID: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "location") var location: String
    @Field(key: "investment_fen") var investmentFen: Int64
    @Field(key: "budget_funds_fen") var budgetFundsFen: Int64
    @Field(key: "owner") var owner: String
    @Field(key: "office") var office: String
    @OptionalField(key: "office_lead_id") var officeLeadID: UUID?
    @Field(key: "is_key") var isKey: Bool
    @Field(key: "progress") var progress: Int
    @Field(key: "stage") var stage: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    init() {}
}

/// The holder of one responsibility (设计、造价、工程建设) on a project: a unit and its responsible person.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ProjectHolder: Model, @unchecked Sendable {
    static let schema = "project_holders"
    @ID var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "responsibility") var responsibility: String
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "since") var since: String
    init() {}
}

/// A person of a project office (项目部) and their duty there.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ProjectMember: Model, @unchecked Sendable {
    static let schema = "project_members"
    @ID var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "duty") var duty: String
    init() {}
}

/// A schedule milestone with its planned and actual dates.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ProjectMilestone: Model, @unchecked Sendable {
    static let schema = "project_milestones"
    @ID var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "seq") var seq: Int
    @Field(key: "name") var name: String
    @Field(key: "planned_on") var plannedOn: String
    @OptionalField(key: "actual_on") var actualOn: String?
    init() {}
}

/// A dated progress report (percent complete and what happened).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ProgressEntry: Model, @unchecked Sendable {
    static let schema = "progress_entries"
    @ID var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "on_date") var onDate: String
    @Field(key: "percent") var percent: Int
    @Field(key: "note") var note: String
    @Field(key: "by") var by: String
    init() {}
}

/// A cost stage of a project (估算、概算、预算、结算), prepared by the cost holder and approved by a leader.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class CostDocument: Model, @unchecked Sendable {
    static let schema = "cost_documents"
    @ID var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "stage") var stage: String
    @Field(key: "amount_fen") var amountFen: Int64
    @Field(key: "basis") var basis: String
    @OptionalField(key: "overrun_reason") var overrunReason: String?
    @Field(key: "prepared_by_id") var preparedByID: UUID
    @Field(key: "prepared_on") var preparedOn: String
    @Field(key: "status") var status: String
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_on") var decidedOn: String?
    @OptionalField(key: "decision_note") var decisionNote: String?
    init() {}
}

/// A design change (设计变更): proposed, reviewed by design and priced by cost, decided by a meeting above the zone setting.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class DesignChange: Model, @unchecked Sendable {
    static let schema = "design_changes"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String
    @Field(key: "reason") var reason: String
    @Field(key: "proposed_as") var proposedAs: String
    @Field(key: "proposer_id") var proposerID: UUID
    @Field(key: "proposed_on") var proposedOn: String
    @OptionalField(key: "design_reviewer_id") var designReviewerID: UUID?
    @OptionalField(key: "design_opinion") var designOpinion: String?
    @OptionalField(key: "design_agrees") var designAgrees: Bool?
    @OptionalField(key: "cost_reviewer_id") var costReviewerID: UUID?
    @OptionalField(key: "cost_opinion") var costOpinion: String?
    @OptionalField(key: "impact_fen") var impactFen: Int64?
    @Field(key: "needs_meeting") var needsMeeting: Bool
    @Field(key: "status") var status: String
    @OptionalField(key: "decided_on") var decidedOn: String?
    @OptionalField(key: "decision_item_id") var decisionItemID: UUID?
    init() {}
}

/// A procurement of one package of a project (招标、谈判、询价或单一来源) from documents to contract.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Tender: Model, @unchecked Sendable {
    static let schema = "tenders"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "package") var package: String
    @Field(key: "category") var category: String
    @Field(key: "method") var method: String
    @Field(key: "estimated_fen") var estimatedFen: Int64
    @Field(key: "bid_security_fen") var bidSecurityFen: Int64
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "bid_deadline") var bidDeadline: String
    @Field(key: "status") var status: String
    @Field(key: "combined_fen") var combinedFen: Int64
    @Field(key: "public_required") var publicRequired: Bool
    @OptionalField(key: "approval_ref") var approvalRef: String?
    @OptionalField(key: "approved_by") var approvedBy: String?
    @OptionalField(key: "report_on") var reportOn: String?
    @OptionalField(key: "publicity_from") var publicityFrom: String?
    @OptionalField(key: "publicity_to") var publicityTo: String?
    @OptionalField(key: "winner_bid_id") var winnerBidID: UUID?
    @OptionalField(key: "awarded_on") var awardedOn: String?
    @OptionalField(key: "contract_signed_on") var contractSignedOn: String?
    @OptionalField(key: "contract_fen") var contractFen: Int64?
    @OptionalField(key: "failed_reason") var failedReason: String?
    @OptionalField(key: "retender_of_id") var retenderOfID: UUID?
    @Field(key: "created_on") var createdOn: String
    init() {}
}

/// A bid received by the deadline, ranked by the evaluation.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Bid: Model, @unchecked Sendable {
    static let schema = "tender_bids"
    @ID var id: UUID?
    @Field(key: "tender_id") var tenderID: UUID
    @Field(key: "bidder") var bidder: String
    @OptionalField(key: "credit_code") var creditCode: String?
    @Field(key: "amount_fen") var amountFen: Int64
    @Field(key: "submitted_on") var submittedOn: String
    @OptionalField(key: "rank") var rank: Int?
    init() {}
}

/// A clarification or change of the tender documents (澄清、修改), with the deadline before and after.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class TenderClarification: Model, @unchecked Sendable {
    static let schema = "tender_clarifications"
    @ID var id: UUID?
    @Field(key: "tender_id") var tenderID: UUID
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "affects_bids") var affectsBids: Bool
    @Field(key: "note") var note: String
    @Field(key: "deadline_before") var deadlineBefore: String
    @Field(key: "deadline_after") var deadlineAfter: String
    init() {}
}

/// An objection (异议) to the documents or to the winning candidates; one during publicity suspends the award until answered.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class TenderObjection: Model, @unchecked Sendable {
    static let schema = "tender_objections"
    @ID var id: UUID?
    @Field(key: "tender_id") var tenderID: UUID
    @Field(key: "stage") var stage: String
    @Field(key: "raised_on") var raisedOn: String
    @Field(key: "raised_by") var raisedBy: String
    @Field(key: "text") var text: String
    @OptionalField(key: "answered_on") var answeredOn: String?
    @OptionalField(key: "answer") var answer: String?
    init() {}
}

/// A member of a tender's evaluation committee (评标委员会).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class CommitteeMember: Model, @unchecked Sendable {
    static let schema = "committee_members"
    @ID var id: UUID?
    @Field(key: "tender_id") var tenderID: UUID
    @Field(key: "name") var name: String
    @Field(key: "expert") var expert: Bool
    @Field(key: "employer") var employer: String
    init() {}
}

/// A cost-consulting / tracking-audit firm (造价咨询 / 跟踪审计单位) of the zone's registry.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class AuditFirm: Model, @unchecked Sendable {
    static let schema = "audit_firms"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "credit_code") var creditCode: String?
    @Field(key: "qualifications") var qualifications: String
    @Field(key: "related") var related: String
    @Field(key: "active") var active: Bool
    @OptionalField(key: "last_assigned_on") var lastAssignedOn: String?
    init() {}
}

/// A firm's tracking-audit job on a project, rated when it ends.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class AuditAssignment: Model, @unchecked Sendable {
    static let schema = "audit_assignments"
    @ID var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "firm_id") var firmID: UUID
    @Field(key: "assigned_on") var assignedOn: String
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "ended_on") var endedOn: String?
    @OptionalField(key: "rating") var rating: Int?
    @OptionalField(key: "rating_note") var ratingNote: String?
    init() {}
}

/// A progress payment (进度款) of a contract: the tracking audit's confirmed amount, then the amount paid.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ProgressPayment: Model, @unchecked Sendable {
    static let schema = "payments"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "tender_id") var tenderID: UUID
    @Field(key: "period") var period: String
    @Field(key: "requested_fen") var requestedFen: Int64
    @Field(key: "requested_on") var requestedOn: String
    @OptionalField(key: "firm_id") var firmID: UUID?
    @OptionalField(key: "confirmed_fen") var confirmedFen: Int64?
    @OptionalField(key: "confirmed_on") var confirmedOn: String?
    @OptionalField(key: "paid_fen") var paidFen: Int64?
    @OptionalField(key: "paid_on") var paidOn: String?
    @Field(key: "status") var status: String
    init() {}
}

/// A key-works leadership meeting (重点工程领导会议) or key-project special meeting (重点项目专题会议).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "held_on") var heldOn: String
    @Field(key: "chair_id") var chairID: UUID
    @Field(key: "location") var location: String
    @Field(key: "attendees") var attendees: String
    init() {}
}

/// An agenda item of a meeting and its decision, about a project or a design change.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class MeetingItem: Model, @unchecked Sendable {
    static let schema = "meeting_items"
    @ID var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "seq") var seq: Int
    @Field(key: "topic") var topic: String
    @OptionalField(key: "project_id") var projectID: UUID?
    @OptionalField(key: "design_change_id") var designChangeID: UUID?
    @Field(key: "decision") var decision: String
    @Field(key: "outcome") var outcome: String
    init() {}
}

/// A supervised action item (督办事项) from a meeting: owner, deadline, status to closure.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ActionItem: Model, @unchecked Sendable {
    static let schema = "action_items"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "meeting_id") var meetingID: UUID
    @OptionalField(key: "item_id") var itemID: UUID?
    @OptionalField(key: "project_id") var projectID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "due_on") var dueOn: String
    @Field(key: "status") var status: String
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "result") var result: String?
    init() {}
}

struct CreateEngineering: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("programmes").id().field("zone_id", .uuid, .required, .references("zones", "id")).field(
            "name",
            .string,
            .required
        ).field("summary", .string, .required).field("starts_on", .string).field("ends_on", .string).unique(on: "zone_id", "name").create()
        try await db.schema("construction_projects").id().field("zone_id", .uuid, .required, .references("zones", "id")).field(
            "programme_id",
            .uuid,
            .references("programmes", "id")
        ).field("code", .string, .required).field("name", .string, .required).field("location", .string, .required).field(
            "investment_fen",
            .int64,
            .required
        ).field("budget_funds_fen", .int64, .required).field("owner", .string, .required).field("office", .string, .required).field(
            "office_lead_id",
            .uuid
        ).field("is_key", .bool, .required).field("progress", .int, .required).field("stage", .string, .required).field(
            "starts_on",
            .string,
            .required
        ).field("ends_on", .string, .required).unique(on: "zone_id", "code").create()
        try await db.schema("project_holders").id().field(
            "project_id",
            .uuid,
            .required,
            .references("construction_projects", "id", onDelete: .cascade)
        ).field("responsibility", .string, .required).field("unit_id", .uuid, .required).field("person_id", .uuid, .required).field(
            "since",
            .string,
            .required
        ).unique(on: "project_id", "responsibility").create()
        try await db.schema("project_members").id().field(
            "project_id",
            .uuid,
            .required,
            .references("construction_projects", "id", onDelete: .cascade)
        ).field("person_id", .uuid, .required).field("duty", .string, .required).unique(on: "project_id", "person_id").create()
        try await db.schema("project_milestones").id().field(
            "project_id",
            .uuid,
            .required,
            .references("construction_projects", "id", onDelete: .cascade)
        ).field("seq", .int, .required).field("name", .string, .required).field("planned_on", .string, .required).field(
            "actual_on",
            .string
        ).unique(on: "project_id", "name").create()
        try await db.schema("progress_entries").id().field(
            "project_id",
            .uuid,
            .required,
            .references("construction_projects", "id", onDelete: .cascade)
        ).field("on_date", .string, .required).field("percent", .int, .required).field("note", .string, .required).field(
            "by",
            .string,
            .required
        ).create()
        try await db.schema("cost_documents").id().field(
            "project_id",
            .uuid,
            .required,
            .references("construction_projects", "id", onDelete: .cascade)
        ).field("stage", .string, .required).field("amount_fen", .int64, .required).field("basis", .string, .required).field(
            "overrun_reason",
            .string
        ).field("prepared_by_id", .uuid, .required).field("prepared_on", .string, .required).field("status", .string, .required).field(
            "decided_by",
            .string
        ).field("decided_on", .string).field("decision_note", .string).unique(on: "project_id", "stage").create()
        try await db.schema("design_changes").id().field("zone_id", .uuid, .required, .references("zones", "id")).field(
            "project_id",
            .uuid,
            .required,
            .references("construction_projects", "id")
        ).field("number", .int, .required).field("title", .string, .required).field("reason", .string, .required).field(
            "proposed_as",
            .string,
            .required
        ).field("proposer_id", .uuid, .required).field("proposed_on", .string, .required).field("design_reviewer_id", .uuid).field(
            "design_opinion",
            .string
        ).field("design_agrees", .bool).field("cost_reviewer_id", .uuid).field("cost_opinion", .string).field("impact_fen", .int64).field(
            "needs_meeting",
            .bool,
            .required
        ).field("status", .string, .required).field("decided_on", .string).field("decision_item_id", .uuid).unique(
            on: "project_id",
            "number"
        ).create()
        try await db.schema("tenders").id().field("zone_id", .uuid, .required, .references("zones", "id")).field(
            "project_id",
            .uuid,
            .required,
            .references("construction_projects", "id")
        ).field("package", .string, .required).field("category", .string, .required).field("method", .string, .required).field(
            "estimated_fen",
            .int64,
            .required
        ).field("bid_security_fen", .int64, .required).field("issued_on", .string, .required).field("bid_deadline", .string, .required)
            .field("status", .string, .required).field("combined_fen", .int64, .required).field("public_required", .bool, .required).field(
                "approval_ref",
                .string
            ).field("approved_by", .string).field("report_on", .string).field("publicity_from", .string).field("publicity_to", .string)
            .field("winner_bid_id", .uuid).field("awarded_on", .string).field("contract_signed_on", .string).field("contract_fen", .int64)
            .field("failed_reason", .string).field("retender_of_id", .uuid).field("created_on", .string, .required).create()
        try await db.schema("tender_bids").id().field("tender_id", .uuid, .required, .references("tenders", "id", onDelete: .cascade))
            .field("bidder", .string, .required).field("credit_code", .string).field("amount_fen", .int64, .required).field(
                "submitted_on",
                .string,
                .required
            ).field("rank", .int).unique(on: "tender_id", "bidder").create()
        try await db.schema("tender_clarifications").id().field(
            "tender_id",
            .uuid,
            .required,
            .references("tenders", "id", onDelete: .cascade)
        ).field("issued_on", .string, .required).field("affects_bids", .bool, .required).field("note", .string, .required).field(
            "deadline_before",
            .string,
            .required
        ).field("deadline_after", .string, .required).create()
        try await db.schema("tender_objections").id().field("tender_id", .uuid, .required, .references("tenders", "id", onDelete: .cascade))
            .field("stage", .string, .required).field("raised_on", .string, .required).field("raised_by", .string, .required).field(
                "text",
                .string,
                .required
            ).field("answered_on", .string).field("answer", .string).create()
        try await db.schema("committee_members").id().field("tender_id", .uuid, .required, .references("tenders", "id", onDelete: .cascade))
            .field("name", .string, .required).field("expert", .bool, .required).field("employer", .string, .required).unique(
                on: "tender_id",
                "name"
            ).create()
        try await db.schema("audit_firms").id().field("zone_id", .uuid, .required, .references("zones", "id")).field(
            "name",
            .string,
            .required
        ).field("credit_code", .string).field("qualifications", .string, .required).field("related", .string, .required).field(
            "active",
            .bool,
            .required
        ).field("last_assigned_on", .string).unique(on: "zone_id", "name").create()
        try await db.schema("audit_assignments").id().field(
            "project_id",
            .uuid,
            .required,
            .references("construction_projects", "id", onDelete: .cascade)
        ).field("firm_id", .uuid, .required, .references("audit_firms", "id")).field("assigned_on", .string, .required).field(
            "reason",
            .string
        ).field("ended_on", .string).field("rating", .int).field("rating_note", .string).create()
        try await db.schema("payments").id().field("zone_id", .uuid, .required, .references("zones", "id")).field(
            "project_id",
            .uuid,
            .required,
            .references("construction_projects", "id")
        ).field("tender_id", .uuid, .required, .references("tenders", "id")).field("period", .string, .required).field(
            "requested_fen",
            .int64,
            .required
        ).field("requested_on", .string, .required).field("firm_id", .uuid).field("confirmed_fen", .int64).field("confirmed_on", .string)
            .field("paid_fen", .int64).field("paid_on", .string).field("status", .string, .required).unique(on: "tender_id", "period")
            .create()
        try await db.schema("meetings").id().field("zone_id", .uuid, .required, .references("zones", "id")).field(
            "kind",
            .string,
            .required
        ).field("title", .string, .required).field("held_on", .string, .required).field("chair_id", .uuid, .required).field(
            "location",
            .string,
            .required
        ).field("attendees", .string, .required).create()
        try await db.schema("meeting_items").id().field("meeting_id", .uuid, .required, .references("meetings", "id", onDelete: .cascade))
            .field("seq", .int, .required).field("topic", .string, .required).field("project_id", .uuid).field("design_change_id", .uuid)
            .field("decision", .string, .required).field("outcome", .string, .required).create()
        try await db.schema("action_items").id().field("zone_id", .uuid, .required, .references("zones", "id")).field(
            "meeting_id",
            .uuid,
            .required,
            .references("meetings", "id")
        ).field("item_id", .uuid).field("project_id", .uuid).field("title", .string, .required).field("owner_id", .uuid, .required).field(
            "due_on",
            .string,
            .required
        ).field("status", .string, .required).field("closed_on", .string).field("result", .string).create()
        guard let sql = db as? SQLDatabase else { return }
        try await sql.raw(
            "CREATE INDEX IF NOT EXISTS construction_projects_zone_id_programme_id ON construction_projects (zone_id, programme_id)"
        ).run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS project_holders_person_id ON project_holders (person_id)").run()
        try await sql.raw(
            "CREATE INDEX IF NOT EXISTS project_milestones_project_id_planned_on ON project_milestones (project_id, planned_on)"
        ).run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS progress_entries_project_id_on_date ON progress_entries (project_id, on_date)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS design_changes_project_id ON design_changes (project_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS tenders_zone_id_status ON tenders (zone_id, status)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS tenders_project_id_category ON tenders (project_id, category)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS tender_bids_tender_id ON tender_bids (tender_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS audit_assignments_project_id ON audit_assignments (project_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS payments_tender_id ON payments (tender_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS payments_project_id ON payments (project_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS meeting_items_meeting_id ON meeting_items (meeting_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS action_items_zone_id_status_due_on ON action_items (zone_id, status, due_on)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS action_items_owner_id_status ON action_items (owner_id, status)").run()
    }
    func revert(on db: Database) async throws {
        for t in [
            "action_items", "meeting_items", "meetings", "payments", "audit_assignments", "audit_firms", "committee_members",
            "tender_objections", "tender_clarifications", "tender_bids", "tenders", "design_changes", "cost_documents", "progress_entries",
            "project_milestones", "project_members", "project_holders", "construction_projects", "programmes",
        ] { try await db.schema(t).delete() }
    }
}
