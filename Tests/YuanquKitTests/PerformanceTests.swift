import XCTest

@testable import YuanquKit

/// A small deterministic generator for the property tests (the same cases every run).
private struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
}

final class IndicatorTests: XCTestCase {
    func testLinearScoresToTargetAndCapsOverAchievement() throws {
        let rule = IndicatorRule.linear(cap: 120)
        XCTAssertEqual(try rule.score(actual: 80, target: 100), 80)
        XCTAssertEqual(try rule.score(actual: 100, target: 100), 100)
        XCTAssertEqual(try rule.score(actual: 150, target: 100), 120, "over-achievement capped")
        XCTAssertEqual(try rule.score(actual: 0, target: 100), 0)
        XCTAssertEqual(try rule.score(actual: 1, target: 3), 33.33)
        XCTAssertThrowsError(try rule.score(actual: 5, target: 0)) { XCTAssertEqual($0 as? IndicatorRule.Problem, .targetNotPositive) }
        XCTAssertThrowsError(try rule.score(actual: -1, target: 10)) { XCTAssertEqual($0 as? IndicatorRule.Problem, .negativeActual) }
    }

    func testBandsTakeTheHighestBandReachedAndItsLowerEdge() throws {
        let rule = IndicatorRule.bands([.init(atLeast: 100, score: 100), .init(atLeast: 80, score: 80), .init(atLeast: 60, score: 60)])
        XCTAssertEqual(try rule.score(actual: 80, target: 100), 80, "exactly at a band's edge earns the band")
        XCTAssertEqual(try rule.score(actual: 79.99, target: 100), 60)
        XCTAssertEqual(try rule.score(actual: 59, target: 100), 0, "below every band")
        XCTAssertEqual(try rule.score(actual: 300, target: 100), 100)
    }

    func testLowerIsBetter() throws {
        let rule = IndicatorRule.lowerIsBetter(worst: 10)
        XCTAssertEqual(try rule.score(actual: 0, target: 2), 100)
        XCTAssertEqual(try rule.score(actual: 2, target: 2), 100)
        XCTAssertEqual(try rule.score(actual: 6, target: 2), 50)
        XCTAssertEqual(try rule.score(actual: 10, target: 2), 0)
        XCTAssertEqual(try rule.score(actual: 30, target: 2), 0)
        XCTAssertThrowsError(try IndicatorRule.lowerIsBetter(worst: 2).score(actual: 1, target: 2))
    }
}

final class RaterTests: XCTestCase {
    func testDropsHighestAndLowestFromThreeOn() {
        XCTAssertEqual(WeightedScore.raterGroup([60, 80, 100], dropExtremes: true), 80)
        XCTAssertEqual(WeightedScore.raterGroup([60, 100], dropExtremes: true), 80, "two ratings: nothing dropped")
        XCTAssertEqual(WeightedScore.raterGroup([60, 80, 100], dropExtremes: false), 80)
        XCTAssertEqual(WeightedScore.raterGroup([70, 90, 90, 95], dropExtremes: true), 90)
        XCTAssertNil(WeightedScore.raterGroup([], dropExtremes: true))
    }

    func testAGroupWithNoRatingsIsLeftOutAndTheOthersRenormalised() {
        // Leaders 50% (90), peers 30% (none), self 20% (70): (90×50 + 70×20) / 70 = 84.29, not (90×50 + 0 + 70×20)/100 = 59.
        XCTAssertEqual(WeightedScore.combine([(90, 50), (nil, 30), (70, 20)]), 84.29)
        XCTAssertNil(WeightedScore.combine([(nil, 50), (nil, 50)]))
        XCTAssertEqual(WeightedScore.combine([(80, 0), (60, 100)]), 60, "a weight of 0 counts for nothing")
    }

    func testPropertyAMissingGroupNeverLowersTheScoreBelowWhatTheOthersGive() {
        var g = LCG(state: 8)
        for _ in 0..<500 {
            let parts: [(score: Double?, weight: Double)] = (0..<g.int(1...5)).map { _ in
                (g.int(0...3) == 0 ? nil : Double(g.int(0...100)), Double(g.int(1...60)))
            }
            guard let combined = WeightedScore.combine(parts) else { continue }
            let present = parts.compactMap(\.score)
            XCTAssertGreaterThanOrEqual(combined, present.min()! - 0.005)
            XCTAssertLessThanOrEqual(combined, present.max()! + 0.005)
        }
    }

    func testOnlyLeadersAreNamedToThePersonAssessed() {
        XCTAssertEqual(RaterGroup.allCases.filter { !$0.isAnonymous }, [.leader])
    }
}

final class GradeAndQuotaTests: XCTestCase {
    let bands = GradeBands()

    func testBandsAndLabels() throws {
        XCTAssertEqual(bands.grade(for: 90), .excellent)
        XCTAssertEqual(bands.grade(for: 89.99), .competent)
        XCTAssertEqual(bands.grade(for: 60), .basicallyCompetent)
        XCTAssertEqual(bands.grade(for: 59.99), .incompetent)
        XCTAssertEqual(GradeSet.civilService.label(.incompetent).zh, "不称职")
        XCTAssertEqual(GradeSet.publicInstitution.label(.competent).zh, "合格")
        XCTAssertThrowsError(try GradeBands(excellent: 70, competent: 70, basicallyCompetent: 60).validate())
    }

    func testTwentyPercentRoundedDown() {
        XCTAssertEqual(Quota.places(people: 10, sharePercent: 20), 2)
        XCTAssertEqual(Quota.places(people: 9, sharePercent: 20), 1)
        XCTAssertEqual(Quota.places(people: 4, sharePercent: 20), 0)
        XCTAssertEqual(Quota.places(people: 5, sharePercent: 20), 1)
    }

    func testOverTheQuotaBecomeCompetent() {
        let r = Quota.apply(scores: ["a": 95, "b": 93, "c": 91, "d": 80], bands: bands, places: 2)
        XCTAssertEqual(r.grades, ["a": .excellent, "b": .excellent, "c": .competent, "d": .competent])
        XCTAssertEqual(r.tiedAtLine, [])
    }

    func testATieAtTheLineWaitsForARecordedDecision() {
        let scores: [String: Double] = ["a": 95, "b": 92, "c": 92, "d": 80]
        let waiting = Quota.apply(scores: scores, bands: bands, places: 2)
        XCTAssertEqual(waiting.tiedAtLine, ["b", "c"], "never cut silently")
        XCTAssertEqual(waiting.grades["a"], .excellent)
        XCTAssertEqual(waiting.grades.values.filter { $0 == .excellent }.count, 1, "the open place stays open until decided")
        let decided = Quota.apply(scores: scores, bands: bands, places: 2, decided: ["c", "b"])
        XCTAssertEqual(decided.tiedAtLine, [])
        XCTAssertEqual(decided.grades["c"], .excellent)
        XCTAssertEqual(decided.grades["b"], .competent)
    }

    func testPropertyTheQuotaIsNeverExceeded() {
        var g = LCG(state: 20)
        for _ in 0..<500 {
            let n = g.int(1...30)
            let scores = Dictionary(uniqueKeysWithValues: (0..<n).map { ("p\($0)", Double(g.int(85...100))) })
            let places = Quota.places(people: n, sharePercent: 20)
            let decided = g.int(0...1) == 0 ? [] : scores.keys.sorted().shuffled(using: &g)
            let r = Quota.apply(scores: scores, bands: bands, places: places, decided: decided)
            XCTAssertLessThanOrEqual(r.grades.values.filter { $0 == .excellent }.count, places)
            XCTAssertEqual(r.grades.count, n)
        }
    }

    func testUnitFeedsPeople() {
        let feed = UnitFeed.coefficient([.excellent: 1.1, .competent: 1.0, .basicallyCompetent: 0.9, .incompetent: 0.8])
        XCTAssertEqual(feed.personScore(own: 80, unitGrade: .excellent), 88)
        XCTAssertEqual(feed.personScore(own: 95, unitGrade: .excellent), 100, "at most 100")
        XCTAssertEqual(feed.personScore(own: 80, unitGrade: .incompetent), 64)
        let share = UnitFeed.excellentShare([.excellent: 30, .incompetent: 0])
        XCTAssertEqual(share.excellentShare(unitGrade: .excellent, default: 20), 30)
        XCTAssertEqual(share.excellentShare(unitGrade: .competent, default: 20), 20)
        XCTAssertEqual(share.personScore(own: 77, unitGrade: .incompetent), 77)
    }
}

extension LCG: RandomNumberGenerator {}

final class PaySplitTests: XCTestCase {
    func testLargestRemainderReconcilesToTheFen() throws {
        let s = try PaySplit.split(pool: Money(fen: 100), weights: [("a", 1), ("b", 1), ("c", 1)])
        XCTAssertEqual(s.values.map(\.fen).reduce(0, +), 100)
        XCTAssertEqual(s["a"]?.fen, 34, "the odd fen goes to the first of equal remainders")
        XCTAssertEqual(s["b"]?.fen, 33)
        let zero = try PaySplit.split(pool: Money(fen: 500), weights: [("a", 0), ("b", 0)])
        XCTAssertEqual(zero.values.map(\.fen), [0, 0])
        XCTAssertThrowsError(try PaySplit.split(pool: Money(fen: -1), weights: [("a", 1)]))
        XCTAssertThrowsError(try PaySplit.split(pool: Money(fen: 1), weights: [("a", -1)]))
    }

    func testAWeightOfZeroIsPaidNothing() throws {
        let s = try PaySplit.split(pool: Money(fen: 1_001), weights: [("a", 1.2), ("b", 0), ("c", 1.0)])
        XCTAssertEqual(s["b"]?.fen, 0)
        XCTAssertEqual(s.values.map(\.fen).reduce(0, +), 1_001)
    }

    func testPropertyPayAlwaysReconcilesToTheFen() throws {
        var g = LCG(state: 3)
        for _ in 0..<1_000 {
            let pool = Money(fen: Int64(g.int(0...2_000_000_000)) * Int64(g.int(1...500_000)))
            let weights = (0..<g.int(1...60)).map { ("p\($0)", Double(g.int(0...1_200)) / 10) }
            let shares = try PaySplit.split(pool: pool, weights: weights)
            let paid = shares.values.map(\.fen).reduce(0, +)
            if weights.allSatisfy({ $0.1 == 0 }) { XCTAssertEqual(paid, 0) } else { XCTAssertEqual(paid, pool.fen) }
            XCTAssertTrue(shares.values.allSatisfy { $0.fen >= 0 })
        }
    }
}

final class EliminationTests: XCTestCase {
    func testLastTwiceInARow() {
        let r = [["一组", "二组", "五组"], ["二组", "一组", "五组"]]
        XCTAssertEqual(Elimination.lastInConsecutive(r, cycles: 2), "五组")
        XCTAssertNil(Elimination.lastInConsecutive([["a", "b"], ["b", "a"]], cycles: 2))
        XCTAssertNil(Elimination.lastInConsecutive([["a", "b"]], cycles: 2), "one cycle is not two")
        XCTAssertEqual(Elimination.lastInConsecutive([["x", "b"], ["a", "b"], ["b", "a"], ["b", "a"]], cycles: 2), "a")
    }

    func testTwoYearsIncompetentAndBelowAThreshold() {
        XCTAssertTrue(Elimination.consecutive([.competent, .incompetent, .incompetent], grade: .incompetent, times: 2))
        XCTAssertFalse(Elimination.consecutive([.incompetent, .competent, .incompetent], grade: .incompetent, times: 2))
        XCTAssertFalse(Elimination.consecutive([.incompetent], grade: .incompetent, times: 2))
        XCTAssertFalse(Elimination.below([70, 59, 58, 50], threshold: 60, cycles: 4), "the fourth cycle back was above")
        XCTAssertTrue(Elimination.below([70, 59, 58, 50], threshold: 60, cycles: 3))
        XCTAssertTrue(Elimination.below([70, 59, 58, 50], threshold: 60, cycles: 2))
        XCTAssertFalse(Elimination.below([59, 60], threshold: 60, cycles: 2), "at the threshold is not below it")
    }
}

final class AccountabilityTests: XCTestCase {
    let bands = GradeBands()

    func testDeductionAndCap() {
        let r = Accountability.apply(score: 92, grade: .excellent, cases: [(.scoreDeduction(5), false)], bands: bands)
        XCTAssertEqual(r.score, 87)
        XCTAssertEqual(r.grade, .competent)
        let capped = Accountability.apply(score: 92, grade: .excellent, cases: [(.gradeCap(.basicallyCompetent), false)], bands: bands)
        XCTAssertEqual(capped.score, 92)
        XCTAssertEqual(capped.grade, .basicallyCompetent)
        let floor = Accountability.apply(score: 3, grade: .incompetent, cases: [(.scoreDeduction(10), false)], bands: bands)
        XCTAssertEqual(floor.score, 0)
    }

    func testAQuotaGradeIsNotRaisedByADeduction() {
        // 91 but 称职 after the quota; a 0.5 deduction leaves 90.5, still in the 优秀 band: the grade stays 称职.
        let r = Accountability.apply(score: 91, grade: .competent, cases: [(.scoreDeduction(0.5), false)], bands: bands)
        XCTAssertEqual(r.grade, .competent)
    }

    func testPropertyAGrantedClaimRestoresTheResultExactly() {
        var g = LCG(state: 11)
        for _ in 0..<500 {
            let score = Double(g.int(0...10_000)) / 100
            let grade = bands.grade(for: score)
            let effect: CaseEffect =
                g.int(0...1) == 0 ? .scoreDeduction(Double(g.int(0...3_000)) / 100) : .gradeCap(Grade.allCases[g.int(0...3)])
            let exempted = Accountability.apply(score: score, grade: grade, cases: [(effect, true)], bands: bands)
            XCTAssertEqual(exempted.score, score)
            XCTAssertEqual(exempted.grade, grade)
        }
    }

    func testAClaimNeedsEveryConditionWithEvidence() {
        var answers: [ToleranceCondition: (met: Bool, evidence: String)] = [
            .withinPolicy: (true, "会议纪要 2025-03"), .forReform: (true, "改革方案"), .noPersonalGain: (true, "审计报告"),
            .lossRemedied: (true, "追回款项凭证"),
        ]
        XCTAssertTrue(ToleranceCondition.granted(answers))
        answers[.lossRemedied] = (true, "  ")
        XCTAssertFalse(ToleranceCondition.granted(answers), "a condition without evidence is not met")
        answers[.lossRemedied] = (false, "部分挽回")
        XCTAssertFalse(ToleranceCondition.granted(answers))
        answers[.lossRemedied] = nil
        XCTAssertFalse(ToleranceCondition.granted(answers))
    }
}
