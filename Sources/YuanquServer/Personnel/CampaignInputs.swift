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

extension CampaignInput {
    /// Reads the opening form into the service's input.
    static func fromForm(_ raw: [String: String]) -> CampaignInput {
        var offers: [CampaignInput.PostOffer] = []
        for (k, v) in raw.sorted(by: { $0.key < $1.key }) where k.hasPrefix("places_") {
            let id = String(k.dropFirst("places_".count))
            guard let n = Int(v.trimmingCharacters(in: .whitespaces)), n > 0 else { continue }
            offers.append(
                .init(postId: id, places: n, maxAge: raw["maxAge_" + id].flatMap { Int($0) }, minEducation: raw["minEducation_" + id])
            )
        }
        let items: [CampaignInput.Item] = (raw["items"] ?? "").split(whereSeparator: { $0.isNewline }).compactMap { line in
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "　" })
            guard parts.count >= 2 else {
                return line.trimmingCharacters(in: .whitespaces).isEmpty ? nil : .init(name: String(line), weight: 0)
            }
            return .init(name: parts.dropLast().joined(separator: " "), weight: Int(parts.last!))
        }
        return CampaignInput(
            kind: raw["kind"],
            title: raw["title"],
            body: raw["body"],
            posts: offers,
            allowedOrigins: nil,
            maxPreferences: raw["maxPreferences"].flatMap { Int($0) },
            items: items,
            dropExtremesFrom: raw["dropExtremesFrom"].flatMap { Int($0) },
            writtenWeight: raw["writtenWeight"].flatMap { Int($0) },
            tieBreaks: nil,
            publicityDays: raw["publicityDays"].flatMap { Int($0) }
        )
    }
}
