import Foundation

// The rules of assessment and performance pay (绩效薪酬制度, issue 8): how an indicator scores against its target,
// how rater groups combine, how a unit's result feeds its people, grades with the 优秀 quota, the pay split to the
// fen, 末尾淘汰 flags, and the effect of accountability cases (问责) and granted fault-tolerance claims (容错).
// Scores are on 0–100 and rounded to two decimals, as published results are; a unit's or a team's may pass 100 where an
// indicator rewards over-achievement (a linear rule capped above 100), a person's never does.

/// A result grade. Which words a scheme shows depends on its `GradeSet`.
public enum Grade: String, CaseIterable, Codable, Sendable, Comparable {
    case excellent, competent, basicallyCompetent, incompetent

    /// Best first: excellent < competent < … in the order of `allCases`.
    public static func < (a: Grade, b: Grade) -> Bool { a.rank < b.rank }
    var rank: Int { Grade.allCases.firstIndex(of: self)! }
}

/// The words of the four grades: the civil service's (公务员法 art. 38) or public institutions' (事业单位人事管理条例 art. 21).
public enum GradeSet: String, CaseIterable, Codable, Sendable {
    case civilService, publicInstitution

    public func label(_ g: Grade) -> (zh: String, en: String) {
        switch (self, g) {
        case (_, .excellent): return ("优秀", "Excellent")
        case (.civilService, .competent): return ("称职", "Competent")
        case (.civilService, .basicallyCompetent): return ("基本称职", "Basically competent")
        case (.civilService, .incompetent): return ("不称职", "Incompetent")
        case (.publicInstitution, .competent): return ("合格", "Qualified")
        case (.publicInstitution, .basicallyCompetent): return ("基本合格", "Basically qualified")
        case (.publicInstitution, .incompetent): return ("不合格", "Unqualified")
        }
    }
}

/// Rounds half up to two decimals.
public func roundScore(_ s: Double) -> Double { (s * 100).rounded(.toNearestOrAwayFromZero) / 100 }

/// The lowest score of each grade; below `basicallyCompetent` is incompetent.
public struct GradeBands: Codable, Sendable, Equatable {
    public var excellent: Double
    public var competent: Double
    public var basicallyCompetent: Double

    public init(excellent: Double = 90, competent: Double = 70, basicallyCompetent: Double = 60) {
        self.excellent = excellent
        self.competent = competent
        self.basicallyCompetent = basicallyCompetent
    }

    public enum Problem: Error, Equatable, Sendable { case notDescending }

    public func validate() throws(Problem) {
        guard excellent > competent, competent > basicallyCompetent, basicallyCompetent >= 0 else { throw .notDescending }
    }

    /// The grade a score earns before any quota: at a band's lower edge the score earns that band.
    public func grade(for score: Double) -> Grade {
        if score >= excellent { return .excellent }
        if score >= competent { return .competent }
        if score >= basicallyCompetent { return .basicallyCompetent }
        return .incompetent
    }
}

/// How a quantitative indicator scores its actual value against its target.
public enum IndicatorRule: Codable, Sendable, Equatable {
    /// 100 × actual ÷ target, at most `cap` (e.g. 120 rewards over-achievement up to 20%), never below 0.
    case linear(cap: Double)
    /// The score of the highest band whose `atLeast` share of the target the actual reaches (0 below every band).
    case bands([Band])
    /// Lower is better (overdue requests, complaints): 100 at or under the target, 0 at or over `worst`, linear between.
    case lowerIsBetter(worst: Double)

    public struct Band: Codable, Sendable, Equatable {
        /// Share of the target in percent, e.g. 80 for "80% of the target".
        public let atLeast: Double
        public let score: Double
        public init(atLeast: Double, score: Double) {
            self.atLeast = atLeast
            self.score = score
        }
    }

    public enum Problem: Error, Equatable, Sendable {
        case targetNotPositive
        case worstNotAboveTarget
        case negativeActual
    }

    public func score(actual: Double, target: Double) throws(Problem) -> Double {
        guard actual >= 0, actual.isFinite else { throw .negativeActual }
        switch self {
        case .linear(let cap):
            guard target > 0 else { throw .targetNotPositive }
            return roundScore(min(cap, max(0, 100 * actual / target)))
        case .bands(let bands):
            guard target > 0 else { throw .targetNotPositive }
            let share = 100 * actual / target
            return bands.filter { share >= $0.atLeast }.map(\.score).max() ?? 0
        case .lowerIsBetter(let worst):
            guard worst > target, target >= 0 else { throw .worstNotAboveTarget }
            if actual <= target { return 100 }
            if actual >= worst { return 0 }
            return roundScore(100 * (worst - actual) / (worst - target))
        }
    }
}

/// Who rates a qualitative indicator.
public enum RaterGroup: String, CaseIterable, Codable, Sendable {
    case leader, peer, subordinate, `self`, serviceRecipient

    /// Raters other than leaders are anonymous to the person assessed.
    public var isAnonymous: Bool { self != .leader }
}

/// Weighted parts (indicators, rater groups, own and unit score…) that combine into one score.
public enum WeightedScore {
    /// The weighted mean of the parts that have a score; a part without one (a rater group with no ratings, an
    /// indicator not measured) is left out and the other weights renormalised — never counted as zero.
    /// Nil when no part has a score.
    public static func combine(_ parts: [(score: Double?, weight: Double)]) -> Double? {
        let present = parts.compactMap { p in p.score.map { (score: $0, weight: p.weight) } }.filter { $0.weight > 0 }
        let weights = present.reduce(0) { $0 + $1.weight }
        guard weights > 0 else { return nil }
        return roundScore(present.reduce(0) { $0 + $1.score * $1.weight } / weights)
    }

    /// One rater group's score: the mean of its ratings, the highest and the lowest dropped when declared and at
    /// least three rated. Nil when nobody in the group rated.
    public static func raterGroup(_ ratings: [Double], dropExtremes: Bool) -> Double? {
        guard !ratings.isEmpty else { return nil }
        var kept = ratings.sorted()
        if dropExtremes && kept.count >= 3 { kept = Array(kept.dropFirst().dropLast()) }
        return roundScore(kept.reduce(0, +) / Double(kept.count))
    }
}

/// How a unit's (or team's) result feeds its people's.
public enum UnitFeed: Codable, Sendable, Equatable {
    /// The person's own score times the coefficient of the unit's grade (e.g. 优秀 1.1, 称职 1.0), at most 100.
    case coefficient([Grade: Double])
    /// The unit's grade sets how many of its people may be 优秀 (its share in percent of its people, rounded down).
    case excellentShare([Grade: Int])

    public func personScore(own: Double, unitGrade: Grade) -> Double {
        switch self {
        case .coefficient(let c): return roundScore(min(100, own * (c[unitGrade] ?? 1)))
        case .excellentShare: return own
        }
    }

    /// The 优秀 share of a unit with this grade, or the scheme's default.
    public func excellentShare(unitGrade: Grade, default share: Int) -> Int {
        switch self {
        case .coefficient: return share
        case .excellentShare(let s): return s[unitGrade] ?? share
        }
    }
}

/// The 优秀 quota: at most a share of a unit's people, rounded down (local practice: 20% by default).
public enum Quota {
    public static func places(people: Int, sharePercent: Int) -> Int { max(0, people) * max(0, min(100, sharePercent)) / 100 }

    public struct Result: Equatable, Sendable {
        public var grades: [String: Grade]
        /// People whose band is 优秀 and who are tied on score at the quota line: not cut silently, a recorded
        /// decision (`decided`) orders them.
        public var tiedAtLine: [String]
    }

    /// Grades by band, with the 优秀 places going to the highest scores; those over the quota get 称职/合格.
    /// `decided` lists, best first, how a recorded decision ordered people tied at the line; until it names them
    /// all they stay in `tiedAtLine` and none of them is graded 优秀 beyond the places the line leaves unambiguous.
    public static func apply(scores: [String: Double], bands: GradeBands, places: Int, decided: [String] = []) -> Result {
        var grades = scores.mapValues(bands.grade(for:))
        let cut = cut(scores: scores.filter { grades[$0.key] == .excellent }, places: places, decided: decided)
        for id in scores.keys where grades[id] == .excellent && !cut.placed.contains(id) { grades[id] = .competent }
        return Result(grades: grades, tiedAtLine: cut.tiedAtLine)
    }

    /// Who among the candidates takes the places: the highest scores first. Candidates tied on score at the line,
    /// more of them than the places left, are tied: a recorded decision (`decided`, best first, naming them all)
    /// gives them the places in its order; until then none of them is placed and they are `tiedAtLine`. No place:
    /// nobody is placed and nobody is tied.
    public static func cut(scores: [String: Double], places: Int, decided: [String] = []) -> (placed: Set<String>, tiedAtLine: [String]) {
        let ordered = scores.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        guard ordered.count > places else { return (Set(scores.keys), []) }
        guard places > 0 else { return ([], []) }
        let line = ordered[places - 1].value
        guard ordered[places].value == line else { return (Set(ordered.prefix(places).map(\.key)), []) }
        // Places above the line are safe; the rest of the places go to the tied people by the recorded decision.
        let safe = ordered.filter { $0.value > line }.map(\.key)
        let tied = ordered.filter { $0.value == line }.map(\.key)
        let order = decided.filter(tied.contains)
        if Set(order) == Set(tied) { return (Set(safe + order.prefix(places - safe.count)), []) }
        return (Set(safe), tied.sorted())
    }
}

/// Performance pay: a pool split among people by weight, to the fen, reconciling exactly.
public enum PaySplit {
    public enum Problem: Error, Equatable, Sendable {
        case negativePool
        /// A weight below 0, not a number, or over a million.
        case negativeWeight(String)
    }

    /// Each person's share of `pool` in proportion to their weight (e.g. grade coefficient × score, kept to a
    /// millionth): every share is rounded down to the fen and the fen left over go one each to the largest
    /// remainders (ties: in the order given), so the shares add up to the pool exactly. Integer arithmetic throughout.
    /// All weights zero: nobody is paid and the pool stays whole.
    public static func split(pool: Money, weights: [(id: String, weight: Double)]) throws(Problem) -> [String: Money] {
        guard pool.fen >= 0 else { throw .negativePool }
        var units: [Int64] = []
        for w in weights {
            guard w.weight >= 0, w.weight <= 1_000_000 else { throw .negativeWeight(w.id) }
            units.append(Int64((w.weight * 1_000_000).rounded()))
        }
        return split(pool: pool, units: zip(weights.map(\.id), units).map { (id: $0, units: $1) })
    }

    /// The same split by whole-number weights (e.g. each unit's amount in fen), exactly: a 128-bit product divided
    /// by the total, the fen left over to the largest remainders. Weights must be ≥ 0 and add up to at most Int64.max.
    public static func split(pool: Money, units weights: [(id: String, units: Int64)]) -> [String: Money] {
        let units = weights.map { max(0, $0.units) }
        let total = units.reduce(0, +)
        guard total > 0, pool.fen > 0 else {
            return Dictionary(weights.map { ($0.id, Money(fen: 0)) }, uniquingKeysWith: { a, _ in a })
        }
        // pool × weight ÷ total, exactly: a 128-bit product divided by the total.
        let parts = units.map { total.dividingFullWidth($0.multipliedFullWidth(by: pool.fen)) }
        var shares = parts.map(\.quotient)
        var left = pool.fen - shares.reduce(0, +)
        let order = shares.indices.sorted { (parts[$0].remainder, -$0) > (parts[$1].remainder, -$1) }
        for i in order where left > 0 {
            shares[i] += 1
            left -= 1
        }
        return Dictionary(zip(weights.map(\.id), shares.map(Money.init(fen:))), uniquingKeysWith: { a, _ in a })
    }
}

/// 末尾淘汰: declared rules that flag the last, each with the cycles that are its evidence.
public enum Elimination {
    /// Who was last in each of the latest `cycles` rankings (each ranking best first, oldest ranking first).
    public static func lastInConsecutive(_ rankings: [[String]], cycles: Int) -> String? {
        guard cycles > 0, rankings.count >= cycles else { return nil }
        let lasts = rankings.suffix(cycles).map(\.last)
        guard let first = lasts.first, let id = first, lasts.allSatisfy({ $0 == id }) else { return nil }
        return id
    }

    /// Whether the latest `times` results (oldest first) are all this grade (e.g. two years of 不称职).
    public static func consecutive(_ grades: [Grade], grade: Grade, times: Int) -> Bool {
        times > 0 && grades.count >= times && grades.suffix(times).allSatisfy { $0 == grade }
    }

    /// Whether the latest `cycles` scores (oldest first) are all below the threshold.
    public static func below(_ scores: [Double], threshold: Double, cycles: Int) -> Bool {
        cycles > 0 && scores.count >= cycles && scores.suffix(cycles).allSatisfy { $0 < threshold }
    }
}

/// What an accountability case (问责) does to an assessment, as the scheme declares.
public enum CaseEffect: Codable, Sendable, Equatable {
    /// The grade can be no better than this.
    case gradeCap(Grade)
    /// Points off the score (never below 0).
    case scoreDeduction(Double)
}

/// A fault-tolerance claim (容错) is granted only when every stated condition is met, each with its evidence.
public enum ToleranceCondition: String, CaseIterable, Codable, Sendable {
    /// 在政策和程序范围内: acted within policy and procedure.
    case withinPolicy
    /// 为推动改革发展: for reform and development.
    case forReform
    /// 未谋取私利: no personal gain.
    case noPersonalGain
    /// 及时挽回损失: the loss was remedied promptly.
    case lossRemedied

    public static func granted(_ answers: [ToleranceCondition: (met: Bool, evidence: String)]) -> Bool {
        allCases.allSatisfy { c in
            guard let a = answers[c] else { return false }
            return a.met && !a.evidence.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
    }
}

public enum Accountability {
    /// The score and grade after the cases that are not exempted by a granted claim. Cases exempted change nothing,
    /// so granting a claim restores the result exactly as it was without the case.
    public static func apply(score: Double, grade: Grade, cases: [(effect: CaseEffect, exempted: Bool)], bands: GradeBands)
        -> (score: Double, grade: Grade)
    {
        var s = score
        var cap = Grade.excellent
        for c in cases where !c.exempted {
            switch c.effect {
            case .scoreDeduction(let d): s = max(0, roundScore(s - max(0, d)))
            case .gradeCap(let g): cap = max(cap, g)
            }
        }
        // A deduction can only lower the grade (the worse of the two); a cap can only lower it too.
        let afterDeduction = s == score ? grade : max(grade, bands.grade(for: s))
        return (s, max(afterDeduction, cap))
    }
}
