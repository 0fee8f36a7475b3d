import Foundation

/// How a campaign combines its interviewers' scores (面试评分) and the written test (笔试) into a total,
/// and how it breaks ties. Scores are kept in hundredths (85.50 → 8550) and totals are rounded half up
/// to two decimals before they are compared, as exam results are published.
public struct ScoringScheme: Sendable, Equatable, Codable {
    public struct Item: Sendable, Equatable, Codable {
        public let name: String
        /// Weight in percent; the items' weights add up to 100.
        public let weight: Int
        public init(name: String, weight: Int) {
            self.name = name
            self.weight = weight
        }
    }

    public enum TieBreak: String, Sendable, Equatable, Codable, CaseIterable {
        /// The higher interview score ranks first.
        case interview
        /// The higher written-test score ranks first.
        case written
        /// The earlier registration ranks first.
        case registration
    }

    public var items: [Item]
    /// Drop each candidate's highest and lowest interviewer total when at least this many scored (0: never).
    public var dropExtremesFrom: Int
    /// Weight of the written test in the total, in percent (0 when there is none); the interview has the rest.
    public var writtenWeight: Int
    public var tieBreaks: [TieBreak]

    public init(items: [Item], dropExtremesFrom: Int = 5, writtenWeight: Int = 0, tieBreaks: [TieBreak] = [.interview, .written]) {
        self.items = items
        self.dropExtremesFrom = dropExtremesFrom
        self.writtenWeight = writtenWeight
        self.tieBreaks = tieBreaks
    }

    public enum Problem: Error, Equatable, Sendable {
        case noItems
        case weightsDoNotAddUp(total: Int)
        case writtenWeightOutOfRange
        case scoreOutOfRange(item: String)
        case wrongItemCount(expected: Int)
    }

    public func validate() throws(Problem) {
        if items.isEmpty { throw .noItems }
        let total = items.reduce(0) { $0 + $1.weight }
        if total != 100 { throw .weightsDoNotAddUp(total: total) }
        if writtenWeight < 0 || writtenWeight > 100 { throw .writtenWeightOutOfRange }
    }

    /// One interviewer's sheet for one candidate: a score per item, each 0–100 in hundredths.
    public func sheetTotal(_ scores: [Int]) throws(Problem) -> Double {
        guard scores.count == items.count else { throw .wrongItemCount(expected: items.count) }
        for (s, item) in zip(scores, items) where s < 0 || s > 10000 { throw .scoreOutOfRange(item: item.name) }
        return zip(scores, items).reduce(0.0) { $0 + Double($1.0) * Double($1.1.weight) / 100.0 }
    }

    /// How a candidate's total was made, step by step.
    public struct Breakdown: Sendable, Equatable {
        /// Each interviewer's weighted total, in hundredths, in the order given.
        public let sheetTotals: [Int]
        public let droppedHighest: Int?
        public let droppedLowest: Int?
        /// Mean of the kept sheets, in hundredths.
        public let interview: Int
        public let written: Int?
        public let total: Int
    }

    public static func roundHalfUp(_ x: Double) -> Int { Int((x + 0.5 + 1e-9).rounded(.down)) }

    /// Each sheet's total is rounded to two decimals first, so that the published figures add up by hand:
    /// the interview score is the mean of the kept (rounded) sheet totals, rounded again; the total likewise.
    public func combine(sheets: [[Int]], written: Int?) throws(Problem) -> Breakdown {
        var totals: [Int] = []
        for s in sheets { totals.append(Self.roundHalfUp(try sheetTotal(s))) }
        var kept = totals
        var high: Int? = nil
        var low: Int? = nil
        if dropExtremesFrom > 0 && totals.count >= dropExtremesFrom && totals.count >= 3 {
            let sorted = totals.sorted()
            low = sorted.first
            high = sorted.last
            kept.remove(at: kept.firstIndex(of: high!)!)
            kept.remove(at: kept.firstIndex(of: low!)!)
        }
        let interview = kept.isEmpty ? 0 : Self.roundHalfUp(Double(kept.reduce(0, +)) / Double(kept.count))
        let w = writtenWeight
        let totalExact = w > 0 ? Double(interview) * Double(100 - w) / 100 + Double(written ?? 0) * Double(w) / 100 : Double(interview)
        return Breakdown(
            sheetTotals: totals,
            droppedHighest: high,
            droppedLowest: low,
            interview: interview,
            written: w > 0 ? written : nil,
            total: Self.roundHalfUp(totalExact)
        )
    }

    public struct Entry: Sendable, Equatable {
        public let candidateID: String
        public let breakdown: Breakdown
        /// Registration order (1 for the first to register).
        public let registrationOrder: Int
        public init(candidateID: String, breakdown: Breakdown, registrationOrder: Int) {
            self.candidateID = candidateID
            self.breakdown = breakdown
            self.registrationOrder = registrationOrder
        }
    }

    public struct Ranked: Sendable, Equatable {
        public let candidateID: String
        public let rank: Int
        public let total: Int
        /// The declared rule that separated this candidate from the one with the same total above or below, if any.
        public let decidedBy: TieBreak?
        /// Still tied with another after every declared rule: a person must decide, and the decision is recorded.
        public let unresolvedTie: Bool
    }

    /// Ranks candidates of one post: by total, then by each declared tie-break in turn. Candidates still equal share
    /// a rank and are flagged; `decisions` (candidate order chosen by people, recorded with a reason) settles them.
    public func rank(_ entries: [Entry], decisions: [String] = []) -> [Ranked] {
        func key(_ e: Entry, _ t: TieBreak) -> Int {
            switch t {
            case .interview: return -e.breakdown.interview
            case .written: return -(e.breakdown.written ?? 0)
            case .registration: return e.registrationOrder
            }
        }
        func compare(_ a: Entry, _ b: Entry) -> (Bool?, TieBreak?) {
            if a.breakdown.total != b.breakdown.total { return (a.breakdown.total > b.breakdown.total, nil) }
            for t in tieBreaks where key(a, t) != key(b, t) { return (key(a, t) < key(b, t), t) }
            if let i = decisions.firstIndex(of: a.candidateID), let j = decisions.firstIndex(of: b.candidateID) { return (i < j, nil) }
            return (nil, nil)
        }
        let sorted = entries.sorted { a, b in
            if let before = compare(a, b).0 { return before }
            return a.candidateID < b.candidateID
        }
        var out: [Ranked] = []
        for (i, e) in sorted.enumerated() {
            let prev = i > 0 ? compare(sorted[i - 1], e) : (true, nil)
            let nextCmp = i + 1 < sorted.count ? compare(e, sorted[i + 1]) : (true, nil)
            let tiedAbove = prev.0 == nil
            let tiedBelow = nextCmp.0 == nil
            let rank = tiedAbove ? out[i - 1].rank : i + 1
            let decided = [prev, nextCmp].compactMap { $0.1 }.first
            out.append(
                Ranked(
                    candidateID: e.candidateID,
                    rank: rank,
                    total: e.breakdown.total,
                    decidedBy: decided,
                    unresolvedTie: tiedAbove || tiedBelow
                )
            )
        }
        return out
    }
}

/// Hundredths as text: 8550 → "85.50".
public func formatHundredths(_ v: Int) -> String {
    let sign = v < 0 ? "-" : ""
    let a = abs(v)
    return sign + String(a / 100) + "." + String(format: "%02d", a % 100)
}
