import Foundation
import YuanquKit

/// What a user sends to open a campaign.
struct CampaignInput: Codable {
    struct PostOffer: Codable {
        var postId: String?
        var places: Int?
        var maxAge: Int?
        var minEducation: String?
    }
    struct Item: Codable {
        var name: String?
        var weight: Int?
    }
    var kind: String?
    var title: String?
    var body: String?
    var posts: [PostOffer]?
    var allowedOrigins: [String]?
    var maxPreferences: Int?
    var items: [Item]?
    var dropExtremesFrom: Int?
    var writtenWeight: Int?
    var tieBreaks: [String]?
    var publicityDays: Int?
}

/// A candidate entered by HR or a unit head (组织选任), by a staff member themselves (个人自荐), or through the public page.
struct CandidateInput: Codable {
    var personId: String?
    var name: String?
    var gender: String?
    var birthDate: String?
    var phone: String?
    var residentId: String?
    var education: String?
    /// Where the candidate comes from; sealed once stored.
    var origin: String?
    var formerEmployer: String?
    /// Zone post ids, best first.
    var postIds: [String]?
}

struct ReviewInput: Codable {
    var passed: Bool?
    var reason: String?
}
struct PanelInput: Codable { var members: [String]? }
struct ScoreInput: Codable {
    var candidateId: String?
    var panelMemberId: String?
    var scores: [Double]?
    var written: Double?
}
struct PreferenceInput: Codable {
    var candidateId: String?
    var postIds: [String]?
}
struct UnitRankingInput: Codable {
    var postId: String?
    var candidateIds: [String]?
}
struct TieDecisionInput: Codable {
    var candidateIds: [String]?
    var reason: String?
}
struct OverrideInput: Codable {
    var candidateId: String?
    var postId: String?
    var reason: String?
}
struct ObjectionInput: Codable {
    var candidateId: String?
    var text: String?
}
struct ResolveInput: Codable { var resolution: String? }

/// Moving a campaign to its next stage; the appointment stage takes the contract terms.
struct StageInput: Codable {
    var to: String?
    var startDate: String?
    var termMonths: Int?
    var contractType: String?
    var contractMonths: Int?
    var probationMonths: Int?
    var payGrade: String?
}

/// Scores typed as decimals (85.5) kept in hundredths (8550). Values far out of range are clamped so that the
/// range check that follows refuses them (a huge number must not trap the conversion).
func hundredths(_ v: Double) -> Int {
    guard v.isFinite else { return -1 }
    return Int((min(max(v, -1_000_000), 1_000_000) * 100).rounded())
}
