import Fluent
import FluentSQL
import Vapor
import YuanquKit

/// One version of a year's assessment scheme (考核方案). Draft → published (frozen) → closed.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class AssessmentScheme: Model, @unchecked Sendable {
    static let schema = "assessment_schemes"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "name") var name: String
    @Field(key: "version") var version: Int
    /// draft, published or closed
    @Field(key: "status") var status: String
    /// `SchemeRules` as JSON.
    @Field(key: "rules") var rules: String
    @OptionalField(key: "based_on_id") var basedOnID: UUID?
    @OptionalField(key: "published_on") var publishedOn: String?
    @OptionalField(key: "published_by") var publishedBy: String?
    init() {}
}

/// A period assessed under one scheme version (考核周期): open → computed → notice → final.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class AssessmentCycle: Model, @unchecked Sendable {
    static let schema = "assessment_cycles"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "scheme_id") var schemeID: UUID
    @Field(key: "name") var name: String
    /// monthly, quarterly or annual
    @Field(key: "kind") var kind: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @Field(key: "status") var status: String
    @OptionalField(key: "notice_start") var noticeStart: String?
    @OptionalField(key: "notice_ends") var noticeEnds: String?
    /// Those tied at a quota line by group, as the last computation left them (JSON of `[String: [String]]`).
    @Field(key: "tied") var tied: String
    init() { tied = "{}" }
}

/// An entered actual value of a quantitative indicator, with its evidence note.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class AssessmentValue: Model, @unchecked Sendable {
    static let schema = "assessment_values"
    @ID var id: UUID?
    @Field(key: "cycle_id") var cycleID: UUID
    @Field(key: "indicator") var indicator: String
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "value") var value: Double
    @Field(key: "evidence") var evidence: String
    init() {}
}

/// One rater's rating of one subject on one qualitative indicator.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class AssessmentRating: Model, @unchecked Sendable {
    static let schema = "assessment_ratings"
    @ID var id: UUID?
    @Field(key: "cycle_id") var cycleID: UUID
    @Field(key: "indicator") var indicator: String
    @Field(key: "subject_id") var subjectID: UUID
    /// The rating person (or the user, for a leader with no person record).
    @Field(key: "rater_id") var raterID: UUID
    @Field(key: "rater_group") var raterGroup: String
    @Field(key: "score") var score: Double
    init() {}
}

/// A computed result, with the scheme version it used and its breakdown (and, for people, the pay line).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class AssessmentResult: Model, @unchecked Sendable {
    static let schema = "assessment_results"
    @ID var id: UUID?
    @Field(key: "cycle_id") var cycleID: UUID
    @Field(key: "scheme_id") var schemeID: UUID
    @Field(key: "scheme_version") var schemeVersion: Int
    @Field(key: "assessee") var assessee: String
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "name") var name: String
    @Field(key: "group_id") var groupID: UUID
    @OptionalField(key: "score") var score: Double?
    @OptionalField(key: "grade") var grade: String?
    @OptionalField(key: "rank") var rank: Int?
    @OptionalField(key: "pay_fen") var payFen: Int64?
    /// `CycleEngine.Result` as JSON.
    @Field(key: "detail") var detail: String
    init() {}
}

/// A recorded decision ordering those tied at a quota line.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class QuotaDecision: Model, @unchecked Sendable {
    static let schema = "quota_decisions"
    @ID var id: UUID?
    @Field(key: "cycle_id") var cycleID: UUID
    @Field(key: "group_key") var groupKey: String
    /// Subject ids, best first, comma-separated.
    @Field(key: "ordered") var ordered: String
    @Field(key: "grounds") var grounds: String
    @Field(key: "deciders") var deciders: String
    @Field(key: "decided_on") var decidedOn: String
    init() {}
}

/// An objection to a published result.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ResultObjection: Model, @unchecked Sendable {
    static let schema = "result_objections"
    @ID var id: UUID?
    @Field(key: "cycle_id") var cycleID: UUID
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "text") var text: String
    @Field(key: "raised_on") var raisedOn: String
    @OptionalField(key: "resolution") var resolution: String?
    @OptionalField(key: "resolved_on") var resolvedOn: String?
    /// Whether the objection was upheld (the cycle then goes back to be corrected and published again).
    @OptionalField(key: "upheld") var upheld: Bool?
    @OptionalField(key: "deciders") var deciders: String?
    init() {}
}

/// A 末尾淘汰 flag with its evidence, and the decision it led to.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class EliminationFlag: Model, @unchecked Sendable {
    static let schema = "elimination_flags"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "cycle_id") var cycleID: UUID
    @Field(key: "assessee") var assessee: String
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "name") var name: String
    /// `EliminationRule` as JSON.
    @Field(key: "rule") var rule: String
    /// `[EliminationFinding.Evidence]` as JSON.
    @Field(key: "evidence") var evidence: String
    @Field(key: "basis") var basis: String
    @Field(key: "raised_on") var raisedOn: String
    @OptionalField(key: "decision") var decision: String?
    @OptionalField(key: "deciders") var deciders: String?
    @OptionalField(key: "grounds") var grounds: String?
    @OptionalField(key: "decided_on") var decidedOn: String?
    init() {}
}

/// An accountability case (问责) and its effect on one cycle's assessment.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class AccountabilityCase: Model, @unchecked Sendable {
    static let schema = "accountability_cases"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "cycle_id") var cycleID: UUID
    @Field(key: "facts") var facts: String
    @Field(key: "finding") var finding: String
    /// A `Sanction` raw value.
    @Field(key: "sanction") var sanction: String
    @Field(key: "deciders") var deciders: String
    @Field(key: "opened_on") var openedOn: String
    init() {}
}

/// A fault-tolerance claim (容错) against a case, judged against the stated conditions, and its correction plan (纠错).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ToleranceClaim: Model, @unchecked Sendable {
    static let schema = "tolerance_claims"
    @ID var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    /// `[ToleranceCondition: Answer]` as JSON.
    @Field(key: "answers") var answers: String
    /// pending, granted or refused
    @Field(key: "status") var status: String
    @Field(key: "filed_on") var filedOn: String
    @OptionalField(key: "deciders") var deciders: String?
    @OptionalField(key: "grounds") var grounds: String?
    @OptionalField(key: "decided_on") var decidedOn: String?
    init() {}
}

/// A dated step of a correction plan.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class CorrectionStep: Model, @unchecked Sendable {
    static let schema = "correction_steps"
    @ID var id: UUID?
    @Field(key: "claim_id") var claimID: UUID
    @Field(key: "text") var text: String
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "done_on") var doneOn: String?
    init() {}
}

struct CreateAssessment: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("assessment_schemes").id()
            .field("zone_id", .uuid, .required, .references("zones", "id")).field("year", .int, .required)
            .field("name", .string, .required).field("version", .int, .required).field("status", .string, .required)
            .field("rules", .string, .required).field("based_on_id", .uuid).field("published_on", .string).field("published_by", .string)
            .unique(on: "zone_id", "year", "version").create()
        try await db.schema("assessment_cycles").id()
            .field("zone_id", .uuid, .required, .references("zones", "id"))
            .field("scheme_id", .uuid, .required, .references("assessment_schemes", "id")).field("name", .string, .required)
            .field("kind", .string, .required).field("starts_on", .string, .required).field("ends_on", .string, .required)
            .field("status", .string, .required).field("notice_start", .string).field("notice_ends", .string)
            .field("tied", .string, .required).unique(on: "zone_id", "name").create()
        try await db.schema("assessment_values").id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("indicator", .string, .required).field("subject_id", .uuid, .required).field("value", .double, .required)
            .field("evidence", .string, .required).unique(on: "cycle_id", "indicator", "subject_id").create()
        try await db.schema("assessment_ratings").id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("indicator", .string, .required).field("subject_id", .uuid, .required).field("rater_id", .uuid, .required)
            .field("rater_group", .string, .required).field("score", .double, .required)
            .unique(on: "cycle_id", "indicator", "subject_id", "rater_id").create()
        try await db.schema("assessment_results").id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("scheme_id", .uuid, .required, .references("assessment_schemes", "id")).field("scheme_version", .int, .required)
            .field("assessee", .string, .required).field("subject_id", .uuid, .required).field("name", .string, .required)
            .field("group_id", .uuid, .required).field("score", .double).field("grade", .string).field("rank", .int)
            .field("pay_fen", .int64).field("detail", .string, .required).unique(on: "cycle_id", "subject_id").create()
        try await db.schema("quota_decisions").id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("group_key", .string, .required).field("ordered", .string, .required).field("grounds", .string, .required)
            .field("deciders", .string, .required).field("decided_on", .string, .required).unique(on: "cycle_id", "group_key").create()
        try await db.schema("result_objections").id()
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id", onDelete: .cascade))
            .field("subject_id", .uuid, .required).field("text", .string, .required).field("raised_on", .string, .required)
            .field("resolution", .string).field("resolved_on", .string).field("upheld", .bool).field("deciders", .string).create()
        try await db.schema("elimination_flags").id()
            .field("zone_id", .uuid, .required, .references("zones", "id"))
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id")).field("assessee", .string, .required)
            .field("subject_id", .uuid, .required).field("name", .string, .required).field("rule", .string, .required)
            .field("evidence", .string, .required).field("basis", .string, .required).field("raised_on", .string, .required)
            .field("decision", .string).field("deciders", .string).field("grounds", .string).field("decided_on", .string).create()
        try await db.schema("accountability_cases").id()
            .field("zone_id", .uuid, .required, .references("zones", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("cycle_id", .uuid, .required, .references("assessment_cycles", "id")).field("facts", .string, .required)
            .field("finding", .string, .required).field("sanction", .string, .required).field("deciders", .string, .required)
            .field("opened_on", .string, .required).create()
        try await db.schema("tolerance_claims").id()
            .field("case_id", .uuid, .required, .references("accountability_cases", "id", onDelete: .cascade))
            .field("answers", .string, .required).field("status", .string, .required).field("filed_on", .string, .required)
            .field("deciders", .string).field("grounds", .string).field("decided_on", .string).unique(on: "case_id").create()
        try await db.schema("correction_steps").id()
            .field("claim_id", .uuid, .required, .references("tolerance_claims", "id", onDelete: .cascade))
            .field("text", .string, .required).field("due_on", .string, .required).field("done_on", .string).create()
        guard let sql = db as? SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS assessment_results_subject ON assessment_results (subject_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS assessment_results_cycle_group ON assessment_results (cycle_id, group_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS assessment_ratings_rater ON assessment_ratings (cycle_id, rater_id)").run()
    }

    func revert(on db: Database) async throws {
        for t in [
            "correction_steps", "tolerance_claims", "accountability_cases", "elimination_flags", "result_objections", "quota_decisions",
            "assessment_results", "assessment_ratings", "assessment_values", "assessment_cycles", "assessment_schemes",
        ] {
            try await db.schema(t).delete()
        }
    }
}
