import Fluent
import Vapor
import YuanquKit

/// An appointment campaign (竞聘上岗 / 公开遴选 / 社会公开招聘).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Campaign: Model, @unchecked Sendable {
    static let schema = "campaigns"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "body_id") var bodyID: UUID
    @Field(key: "kind") var kind: CampaignKind
    @Field(key: "title") var title: String
    @Field(key: "stage") var stage: CampaignStage
    /// Origins admitted, comma-separated codes (报名范围).
    @Field(key: "allowed_origins") var allowedOrigins: String
    @Field(key: "max_preferences") var maxPreferences: Int
    /// The scoring scheme as JSON (`ScoringScheme`).
    @Field(key: "scheme") var scheme: String
    @Field(key: "publicity_days") var publicityDays: Int
    @OptionalField(key: "publicity_start") var publicityStart: String?
    @OptionalField(key: "publicity_ends") var publicityEnds: String?
    /// The secret part of the public registration and notice addresses.
    @Field(key: "public_token") var publicToken: String
    @Field(key: "opened_on") var openedOn: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var origins: Set<Origin> { Set(allowedOrigins.split(separator: ",").compactMap { Origin(rawValue: String($0)) }) }
    var scoring: ScoringScheme {
        (try? JSONDecoder().decode(ScoringScheme.self, from: Data(scheme.utf8))) ?? ScoringScheme(items: [.init(name: "综合评分", weight: 100)])
    }
}

/// A post offered in a campaign, with its places and the requirements candidates must meet.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class CampaignPost: Model, @unchecked Sendable {
    static let schema = "campaign_posts"
    @ID var id: UUID?
    @Field(key: "campaign_id") var campaignID: UUID
    @Field(key: "post_id") var postID: UUID
    @Field(key: "places") var places: Int
    @OptionalField(key: "max_age") var maxAge: Int?
    @OptionalField(key: "min_education") var minEducation: Education?
    init() {}
}

enum Nomination: String, Codable, CaseIterable, Sendable {
    /// 个人自荐
    case `self`
    /// 组织选任 (by a unit head or leader)
    case organisation
    /// Registered through the public page
    case publicRegistration
}

enum ReviewStatus: String, Codable, CaseIterable, Sendable { case pending, passed, failed }

/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Candidate: Model, @unchecked Sendable {
    static let schema = "candidates"
    @ID var id: UUID?
    @Field(key: "campaign_id") var campaignID: UUID
    @Field(key: "zone_id") var zoneID: UUID
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "name") var name: String
    @Field(key: "gender") var gender: Gender
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "phone") var phone: String
    @Field(key: "resident_id") var residentID: String
    @OptionalField(key: "education") var education: Education?
    @Field(key: "nomination") var nomination: Nomination
    @Field(key: "nominated_by") var nominatedBy: String
    @Field(key: "registration_order") var registrationOrder: Int
    /// SHA-256 of the confirmation code a public registrant keeps to look up their status.
    @OptionalField(key: "confirmation_hash") var confirmationHash: String?
    @Field(key: "review_status") var reviewStatus: ReviewStatus
    @Field(key: "review_reason") var reviewReason: String
    @OptionalField(key: "written_score") var writtenScore: Int?
    /// Position among candidates still tied after every declared rule, decided by people (with a recorded reason).
    @OptionalField(key: "tie_order") var tieOrder: Int?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// Where a candidate comes from: sealed like a person's former identity, used only to check eligibility.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class CandidateSealed: Model, @unchecked Sendable {
    static let schema = "candidate_sealed"
    @ID var id: UUID?
    @Field(key: "candidate_id") var candidateID: UUID
    @Field(key: "origin") var origin: Origin
    @Field(key: "former_employer") var formerEmployer: String
    init() {}
}

/// A candidate's ranking of the campaign's posts (1 = first choice).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class CandidatePreference: Model, @unchecked Sendable {
    static let schema = "candidate_preferences"
    @ID var id: UUID?
    @Field(key: "candidate_id") var candidateID: UUID
    @Field(key: "campaign_post_id") var campaignPostID: UUID
    @Field(key: "rank") var rank: Int
    init() {}
}

/// A unit's ranking of candidates for one of its posts (1 = best).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class UnitRanking: Model, @unchecked Sendable {
    static let schema = "unit_rankings"
    @ID var id: UUID?
    @Field(key: "campaign_post_id") var campaignPostID: UUID
    @Field(key: "candidate_id") var candidateID: UUID
    @Field(key: "rank") var rank: Int
    init() {}
}

/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class PanelMember: Model, @unchecked Sendable {
    static let schema = "panel_members"
    @ID var id: UUID?
    @Field(key: "campaign_id") var campaignID: UUID
    @Field(key: "name") var name: String
    @Field(key: "sort_order") var sortOrder: Int
    init() {}
}

/// One interviewer's scores for one candidate, an item each, in hundredths.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ScoreSheet: Model, @unchecked Sendable {
    static let schema = "score_sheets"
    @ID var id: UUID?
    @Field(key: "candidate_id") var candidateID: UUID
    @Field(key: "panel_member_id") var panelMemberID: UUID
    @Field(key: "scores") var scores: String
    init() {}
    var values: [Int] { scores.split(separator: ",").compactMap { Int($0) } }
}

/// Who the campaign proposes for which post: from the two-way selection or the ranking, or set by HR with a reason.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Proposal: Model, @unchecked Sendable {
    static let schema = "proposals"
    @ID var id: UUID?
    @Field(key: "campaign_id") var campaignID: UUID
    @Field(key: "candidate_id") var candidateID: UUID
    @Field(key: "campaign_post_id") var campaignPostID: UUID
    @OptionalField(key: "choice") var choice: Int?
    /// matching, ranking or override
    @Field(key: "source") var source: String
    @Field(key: "reason") var reason: String
    @Field(key: "confirmed") var confirmed: Bool
    init() {}
}

/// An objection (异议) raised during publicity; it must be resolved before appointment.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Objection: Model, @unchecked Sendable {
    static let schema = "objections"
    @ID var id: UUID?
    @Field(key: "campaign_id") var campaignID: UUID
    @OptionalField(key: "candidate_id") var candidateID: UUID?
    @Field(key: "text") var text: String
    @Field(key: "raised_on") var raisedOn: String
    @OptionalField(key: "resolution") var resolution: String?
    @OptionalField(key: "resolved_on") var resolvedOn: String?
    init() {}
}

/// A person holding a post for a term (岗位聘任).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Appointment: Model, @unchecked Sendable {
    static let schema = "appointments"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "body_id") var bodyID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "post_id") var postID: UUID
    @Field(key: "start_date") var startDate: String
    @Field(key: "term_months") var termMonths: Int
    /// competitive, openSelection, publicRecruitment or direct
    @Field(key: "method") var method: String
    @OptionalField(key: "campaign_id") var campaignID: UUID?
    @OptionalField(key: "end_date") var endDate: String?
    @OptionalField(key: "end_reason") var endReason: String?
    init() {}
}

/// The employment contract behind an appointment (合同管理).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class EmploymentContract: Model, @unchecked Sendable {
    static let schema = "employment_contracts"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "body_id") var bodyID: UUID
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "appointment_id") var appointmentID: UUID?
    /// A code of the zone's contractType list.
    @Field(key: "contract_type") var contractType: String
    @Field(key: "start_date") var startDate: String
    @OptionalField(key: "end_date") var endDate: String?
    @Field(key: "probation_months") var probationMonths: Int
    @Field(key: "pay_grade") var payGrade: String
    /// active, renewed or terminated
    @Field(key: "status") var status: String
    @OptionalField(key: "status_reason") var statusReason: String?
    @OptionalField(key: "previous_id") var previousID: UUID?
    init() {}
}

/// A day of the working-day calendar that is not as its weekday says: a holiday, or a weekend worked (调休).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class CalendarDay: Model, @unchecked Sendable {
    static let schema = "calendar_days"
    @ID var id: UUID?
    @Field(key: "date") var date: String
    @Field(key: "kind") var kind: WorkCalendar.Kind
    @Field(key: "name") var name: String
    init() {}
}
