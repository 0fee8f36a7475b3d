import Foundation
import YuanquKit

/// What the API answers about campaigns. A candidate is never answered with their origin or former employer.
struct CampaignDTO: Encodable {
    struct Offer: Encodable {
        let postId: UUID
        let title: String
        let places: Int
        let maxAge: Int?
        let minEducation: String?
    }
    let id: UUID
    let zone: String
    let body: BodyKind
    let kind: CampaignKind
    let title: String
    let stage: CampaignStage
    let posts: [Offer]
    let maxPreferences: Int
    let publicityDays: Int
    let publicityStart: String?
    let publicityEnds: String?
    let openedOn: String
}

struct CandidateDTO: Encodable {
    let id: UUID
    let campaignId: UUID
    let personId: UUID?
    let name: String
    let gender: Gender
    let nomination: String
    let registrationOrder: Int
    let reviewStatus: String
    let reviewReason: String
    let postIds: [UUID]
    let writtenScore: Double?
}

/// An interviewer: the id `POST …/scores` takes, their place on the panel (from 1), the candidates they have scored.
struct PanelMemberDTO: Encodable {
    let id: UUID
    let name: String
    let order: Int
    let scoredCandidateIds: [UUID]
}

struct MatchingDTO: Encodable {
    struct Assignment: Encodable {
        let candidateId: String
        let postId: String
        let choice: Int
    }
    struct Refusal: Encodable {
        let postId: String
        let reason: String
        let candidateRank: Int?
        let lowestHeldRank: Int?
    }
    struct Unmatched: Encodable {
        let candidateId: String
        let refusals: [Refusal]
    }
    struct Unfilled: Encodable {
        let postId: String
        let places: Int
        let filled: Int
        let open: Int
    }
    let assignments: [Assignment]
    let unmatched: [Unmatched]
    let unfilled: [Unfilled]

    init(_ r: TwoWaySelection.Result, postOf: [UUID: UUID]) {
        func post(_ cp: String) -> String { UUID(uuidString: cp).flatMap { postOf[$0] }?.uuidString ?? cp }
        func refusal(_ x: TwoWaySelection.Refusal) -> Refusal {
            switch x {
            case .notRanked(let p): return Refusal(postId: post(p), reason: "notRanked", candidateRank: nil, lowestHeldRank: nil)
            case .filledWithHigherRanked(let p, let mine, let low):
                return Refusal(postId: post(p), reason: "filledWithHigherRanked", candidateRank: mine, lowestHeldRank: low)
            case .unknownPost(let p): return Refusal(postId: p, reason: "unknownPost", candidateRank: nil, lowestHeldRank: nil)
            }
        }
        assignments = r.assignments.map { .init(candidateId: $0.candidateID, postId: post($0.postID), choice: $0.choice) }
        unmatched = r.unmatched.map { .init(candidateId: $0.candidateID, refusals: $0.refusals.map(refusal)) }
        unfilled = r.unfilled.map { .init(postId: post($0.postID), places: $0.capacity, filled: $0.filled, open: $0.open) }
    }
}

struct RankingDTO: Encodable {
    struct Row: Encodable {
        let candidateId: String
        let rank: Int
        let total: Double
        let interview: Double
        let written: Double?
        let sheetTotals: [Double]
        let droppedHighest: Double?
        let droppedLowest: Double?
        let decidedBy: String?
        let unresolvedTie: Bool
    }
    struct PostRows: Encodable {
        let postId: UUID
        let title: String
        let places: Int
        let rows: [Row]
        let unscored: [UUID]
    }
    let posts: [PostRows]
}

struct AppointmentDTO: Encodable {
    let id: UUID
    let personId: UUID
    let postId: UUID
    let startDate: String
    let termMonths: Int
    let method: String
    let campaignId: UUID?
    let endDate: String?
    let endReason: String?
}

struct ContractDTO: Encodable {
    let id: UUID
    let personId: UUID
    let appointmentId: UUID?
    let startDate: String
    let endDate: String?
    let status: String
    /// The contract's terms, present for a reader granted `contractTermsRead` (and on one's own contracts).
    var terms: ContractTerms?

    struct ContractTerms: Encodable {
        let contractType: String
        let probationMonths: Int
        let payGrade: String
        let statusReason: String?
    }

    enum CodingKeys: String, CodingKey { case id, personId, appointmentId, startDate, endDate, status }
    enum TermKeys: String, CodingKey { case contractType, probationMonths, payGrade, statusReason }

    /// The terms sit beside the other fields (no nesting): absent for a reader not granted them.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(personId, forKey: .personId)
        try c.encode(appointmentId, forKey: .appointmentId)
        try c.encode(startDate, forKey: .startDate)
        try c.encode(endDate, forKey: .endDate)
        try c.encode(status, forKey: .status)
        guard let terms else { return }
        var t = encoder.container(keyedBy: TermKeys.self)
        try t.encode(terms.contractType, forKey: .contractType)
        try t.encode(terms.probationMonths, forKey: .probationMonths)
        try t.encode(terms.payGrade, forKey: .payGrade)
        try t.encode(terms.statusReason, forKey: .statusReason)
    }
}

/// Whether a reader sees a contract's terms (type, probation, pay grade, the reason of its status): granted
/// `contractTermsRead`, or their own contract. The permission reaches the whole zone or nothing (a Kit test holds the
/// table to it), so the contract's person is all it asks.
enum ContractTermsGrant {
    static func allows(_ grants: Reaches.Grants, person: UUID?) -> Bool {
        grants.allows(.contractTermsRead, RecordOwners(people: Set([person].compactMap { $0 })))
    }
}

extension Double { init(hundredths v: Int) { self = Double(v) / 100 } }
