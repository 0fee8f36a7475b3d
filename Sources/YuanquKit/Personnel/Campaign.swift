import Foundation

/// The three kinds of appointment campaign (全员聘任制).
public enum CampaignKind: String, CaseIterable, Codable, Sendable {
    /// 竞聘上岗: re-competition of posts among current staff.
    case competitive
    /// 公开遴选: open to the zone, district agencies, public institutions and district SOEs.
    case openSelection
    /// 社会公开招聘: open to the public.
    case publicRecruitment

    /// Whether outsiders may register through the public registration page.
    public var isOpen: Bool { self != .competitive }
}

/// A campaign's stages, in order. A campaign moves forward one stage at a time.
public enum CampaignStage: String, CaseIterable, Codable, Sendable, Comparable {
    case registration, review, interview, ranking, publicity, appointment

    public var index: Int { Self.allCases.firstIndex(of: self)! }
    public var next: CampaignStage? { index + 1 < Self.allCases.count ? Self.allCases[index + 1] : nil }
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
}

/// The rule of stage order, and what each move needs.
public enum StageRule {
    public enum Refusal: Error, Equatable, Sendable {
        /// Only the next stage may follow; this names the one expected.
        case notNext(expected: CampaignStage?)
        /// Registrations still wait for review.
        case unreviewed(count: Int)
        /// Nobody passed review.
        case nobodyQualified
        /// Some qualified candidates have no complete score.
        case unscored(count: Int)
        /// The publicity period has not ended (last day given).
        case publicityRunning(until: CalendarDate)
        /// Objections raised during publicity are not all resolved.
        case openObjections(count: Int)
        /// A tie in the ranking is not broken by the declared rule and waits for a recorded decision.
        case unresolvedTie
    }

    /// What the system knows when someone asks to move a campaign.
    public struct Facts: Sendable {
        public var unreviewed = 0
        public var qualified = 0
        public var unscored = 0
        public var unresolvedTies = 0
        public var publicityEnds: CalendarDate? = nil
        public var today: CalendarDate? = nil
        public var openObjections = 0
        public init() {}
    }

    /// Checks a move from `from` to `to`; throws the first reason it may not happen.
    public static func check(from: CampaignStage, to: CampaignStage, facts: Facts) throws(Refusal) {
        guard from.next == to else { throw .notNext(expected: from.next) }
        switch to {
        case .registration: break
        case .review: break
        case .interview:
            if facts.unreviewed > 0 { throw .unreviewed(count: facts.unreviewed) }
            if facts.qualified == 0 { throw .nobodyQualified }
        case .ranking:
            if facts.unscored > 0 { throw .unscored(count: facts.unscored) }
        case .publicity:
            if facts.unresolvedTies > 0 { throw .unresolvedTie }
        case .appointment:
            if let end = facts.publicityEnds, let today = facts.today, today <= end { throw .publicityRunning(until: end) }
            if facts.openObjections > 0 { throw .openObjections(count: facts.openObjections) }
        }
    }
}

/// Where a candidate comes from (报名范围). Stored sealed with the candidate; reviewers see only the verdict.
public enum Origin: String, CaseIterable, Codable, Sendable {
    case zoneStaff, districtAgency, publicInstitution, districtSOE, `public`
}

/// Education levels, lowest first, for the posts' requirements.
public enum Education: String, CaseIterable, Codable, Sendable, Comparable {
    case college, bachelor, master, doctorate
    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

public enum Eligibility {
    public enum Reason: Equatable, Sendable {
        /// The campaign is not open to the candidate's origin (the origin itself is not said).
        case originNotOpen
        case tooOld(limit: Int)
        case educationBelow(Education)
    }

    /// The reasons a candidate may not enter (empty when eligible).
    public static func check(
        origin: Origin,
        allowed: Set<Origin>,
        birthDate: CalendarDate?,
        on day: CalendarDate,
        maxAge: Int?,
        education: Education?,
        minEducation: Education?
    ) -> [Reason] {
        var reasons: [Reason] = []
        if !allowed.contains(origin) { reasons.append(.originNotOpen) }
        if let limit = maxAge, let b = birthDate, b.age(on: day) > limit { reasons.append(.tooOld(limit: limit)) }
        if let min = minEducation, education.map({ $0 < min }) ?? true { reasons.append(.educationBelow(min)) }
        return reasons
    }

    /// The origins each kind admits by default (a campaign may narrow them).
    public static func defaultOrigins(_ kind: CampaignKind) -> Set<Origin> {
        switch kind {
        case .competitive: return [.zoneStaff]
        case .openSelection: return [.zoneStaff, .districtAgency, .publicInstitution, .districtSOE]
        case .publicRecruitment: return Set(Origin.allCases)
        }
    }
}
