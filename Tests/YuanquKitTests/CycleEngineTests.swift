import XCTest

@testable import YuanquKit

/// A small deterministic generator for the property tests (the same cases every run).
private struct Seeded: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
}

/// The standard scheme with one indicator per assessee whose score is the actual entered (0–100), so that each test
/// states the scores it needs.
private func plainRules(feed: UnitFeed = SchemeRules.standard.feed) -> SchemeRules {
    var r = SchemeRules.standard
    r.indicators = ["U": Assessee.unit, "T": .team, "P": .person].sorted { $0.key < $1.key }.map { code, a in
        Indicator(
            code: code,
            name: "实绩 \(code)",
            assessee: a,
            weight: 100,
            measure: .quantitative(source: .entered, rule: .linear(cap: 100), target: 100)
        )
    }
    r.feed = feed
    return r
}

/// A cycle built up subject by subject.
private struct Cycle {
    var rules = plainRules()
    var units: [CycleEngine.Subject] = []
    var teams: [CycleEngine.Subject] = []
    var people: [CycleEngine.PersonIn] = []
    var actuals: [String: [String: Double]] = [:]
    var ratings: [String: [String: [RaterGroup: [Double]]]] = [:]
    var decisions: [String: [String]] = [:]
    var cases: [String: [(effect: CaseEffect, exempted: Bool)]] = [:]

    mutating func unit(_ id: String, _ score: Double?) {
        units.append(.init(id: id, name: id))
        if let score { actuals[id] = ["U": score] }
    }

    mutating func team(_ id: String, _ score: Double?) {
        teams.append(.init(id: id, name: id))
        if let score { actuals[id] = ["T": score] }
    }

    mutating func person(_ id: String, in unit: String, _ score: Double?, tier: Tier = .staff, team: String? = nil) {
        people.append(.init(id: id, name: id, unitID: unit, teamID: team, tier: tier))
        if let score { actuals[id] = ["P": score] }
    }

    /// A unit graded 称职 (coefficient 1.0, so its people keep their own scores) with staff of these scores.
    mutating func staff(_ unit: String, _ scores: [Double]) {
        if !units.contains(where: { $0.id == unit }) { self.unit(unit, 80) }
        for (i, s) in scores.enumerated() { person("\(unit)-\(i)", in: unit, s) }
    }

    var input: CycleEngine.Input {
        .init(
            rules: rules,
            units: units,
            teams: teams,
            people: people,
            actuals: actuals,
            ratings: ratings,
            decisions: decisions,
            cases: cases
        )
    }

    func compute() -> CycleEngine.Outcome { CycleEngine.compute(input) }
}

extension CycleEngine.Outcome {
    fileprivate subscript(_ id: String) -> CycleEngine.Result { results.first { $0.id == id }! }

    fileprivate func excellent(in unit: String) -> [String] {
        results.filter { $0.assessee == .person && $0.group == unit && $0.grade == .excellent }.map(\.id).sorted()
    }
}

final class CycleScoringTests: XCTestCase {
    func testAQuantitativeUnitIndicatorScoresFromItsActual() {
        var c = Cycle()
        c.rules = .standard
        c.units = [.init(id: "u", name: "企业服务中心"), .init(id: "v", name: "规划建设局")]
        // U1 closed 12 of 10 → 120 (capped); U2 5 overdue, worst 10 → 50; U3 4.6 of 5 = 92% → 100; U4 leaders
        // 80/90/100 with the extremes dropped → 90; U5 12 key tasks of 10 → 110 (capped).
        c.actuals["u"] = ["U1": 12, "U2": 5, "U3": 4.6, "U5": 12]
        c.ratings["u"] = ["U4": [.leader: [80, 90, 100], .serviceRecipient: [90]]]
        // 4.4 of 5 = 88%: the 80 band, not 100; 8 closed of 10 → 80; nothing overdue → 100; U5 not entered.
        c.actuals["v"] = ["U1": 8, "U2": 0, "U3": 4.4]
        c.ratings["v"] = ["U4": [.leader: [70]]]
        let o = c.compute()
        let u = o["u"]
        XCTAssertEqual(u.parts.map(\.code), ["U1", "U2", "U3", "U4", "U5"])
        XCTAssertEqual(u.parts.map(\.score), [120, 50, 100, 90, 110])
        XCTAssertEqual(u.parts[0].actual, 12)
        XCTAssertEqual(u.parts[0].target, 10)
        XCTAssertEqual(u.parts[1].actual, 5)
        XCTAssertEqual(u.score, 93.5, "(120×25 + 50×20 + 100×20 + 90×25 + 110×10) ÷ 100")
        XCTAssertEqual(u.own, 93.5)
        XCTAssertEqual(u.group, "u")
        XCTAssertEqual(o["v"].parts.map(\.score), [80, 100, 80, 70, nil])
        XCTAssertEqual(o["v"].score, 81.67, "(80×25 + 100×20 + 80×20 + 70×25) ÷ 90: the indicator not entered is left out")
        XCTAssertEqual(o["u"].rank, 1)
        XCTAssertEqual(o["v"].rank, 2)
        XCTAssertEqual(o.places[CycleEngine.Input.unitsGroup], 0, "two units: 20% of 2 rounds down to no 优秀 place")
        XCTAssertEqual(o["u"].bandGrade, .excellent)
        XCTAssertEqual(o["u"].grade, .competent)
    }

    func testAnActualAtTheTargetEdgeAndAMissingActualIsLeftOut() {
        var c = Cycle()
        c.rules = .standard
        c.units = [.init(id: "u", name: "u")]
        // Exactly 90% of the satisfaction target reaches the 100 band; U1 has no actual and is left out, not zero.
        c.actuals["u"] = ["U2": 10, "U3": 4.5]
        let u = c.compute()["u"]
        XCTAssertEqual(u.parts.map(\.score), [nil, 0, 100, nil, nil])
        XCTAssertNil(u.parts[0].actual)
        XCTAssertEqual(u.score, 50, "(0×20 + 100×20) ÷ 40: the unmeasured indicators are renormalised away")
        var none = Cycle()
        none.rules = .standard
        none.units = [.init(id: "u", name: "u")]
        XCTAssertNil(none.compute()["u"].score, "nothing measured: no score, not 0")
        XCTAssertNil(none.compute()["u"].grade)
    }

    func testAMissingRaterGroupIsLeftOutNeverZero() {
        var c = Cycle()
        c.rules = .standard
        c.units = [.init(id: "u", name: "u")]
        c.people = [
            .init(id: "a", name: "甲", unitID: "u", tier: .staff),
            .init(id: "b", name: "乙", unitID: "u", tier: .staff),
            .init(id: "z", name: "丙", unitID: "u", tier: .staff),
        ]
        c.ratings["a"] = ["P1": [.leader: [90], .self: [70]]]
        c.ratings["b"] = ["P1": [.leader: [90], .peer: [60, 70, 80, 100], .self: [70]]]
        let o = c.compute()
        // Leaders 50 (90), peers 30 (none), self 10 (70): (90×50 + 70×10) ÷ 60, not ÷ 90 with the peers as 0 (57.78).
        XCTAssertEqual(o["a"].own, 86.67)
        let groups = o["a"].parts[0].groups!
        XCTAssertEqual(groups, [.leader: 90, .peer: nil, .self: 70], "every declared group is listed")
        XCTAssertNil(groups[.peer]!, "the group that did not rate has no score, not 0")
        // Peers 60/70/80/100 drop 60 and 100 → 75: (90×50 + 75×30 + 70×10) ÷ 90.
        XCTAssertEqual(o["b"].own, 82.78)
        XCTAssertNil(o["z"].own, "nobody rated: no score")
        XCTAssertNil(o["z"].score)
        XCTAssertNil(o["z"].grade)
        XCTAssertNil(o["z"].pay, "no result, no pay line")
        XCTAssertEqual(o.pools["u"], 3_000_000 * 2, "the pool counts the two with a result")
    }

    func testAUnitHeadFollowsTheUnitsScoreAndGrade() {
        var c = Cycle()
        for (u, s) in [("A", 95.0), ("B", 75), ("C", 85), ("D", 65), ("E", 50)] { c.unit(u, s) }
        c.person("headA", in: "A", 60, tier: .head)
        c.person("headB", in: "B", nil, tier: .head)
        c.person("headE", in: "E", 99, tier: .head)
        for i in 0..<4 { c.person("a\(i)", in: "A", 95) }
        let o = c.compute()
        XCTAssertEqual(o["A"].grade, .excellent, "five units: one 优秀 place")
        XCTAssertEqual(o["headA"].own, 60)
        XCTAssertEqual(o["headA"].score, 95)
        XCTAssertEqual(o["headA"].grade, .excellent)
        XCTAssertTrue(o["headA"].notes.contains("followsUnit"))
        XCTAssertEqual(o["headB"].score, 75, "a head follows the unit even without a score of their own")
        XCTAssertEqual(o["headB"].grade, .competent)
        XCTAssertEqual(o["headE"].score, 50)
        XCTAssertEqual(o["headE"].grade, .incompetent)
        // Five people, the head among them: one place, and the head takes it; the four staff have none left,
        // however well they score.
        XCTAssertEqual(o.places["A"], 1)
        XCTAssertEqual(o.excellent(in: "A"), ["headA"])
        XCTAssertNil(o["headA"].rank, "the head is not ranked among the staff")
        XCTAssertEqual(o["a0"].pay?.headcount, 5, "the head counts in the unit's pool")
    }

    func testAHeadOfAnUnscoredUnitIsGradedAmongItsPeopleAndAUnitOver100IsCappedForTheHead() {
        var c = Cycle()
        c.unit("A", 112)
        c.unit("B", nil)
        c.person("headA", in: "A", 70, tier: .head)
        c.person("headB", in: "B", 91, tier: .head)
        for i in 0..<4 { c.person("b\(i)", in: "B", 80) }
        let o = c.compute()
        XCTAssertEqual(o["headA"].score, 100, "a person's score stays on 0–100")
        XCTAssertEqual(o["headA"].bandGrade, .excellent)
        XCTAssertFalse(o["headB"].notes.contains("followsUnit"))
        XCTAssertEqual(o["headB"].score, 91)
        XCTAssertEqual(o.places["B"], 1, "five people: the head counts among them")
        XCTAssertEqual(o["headB"].grade, .excellent)
        XCTAssertNotNil(o["headB"].pay, "graded, so paid")
    }

    func testACaseOnAUnitHeadLowersTheHeadsResult() {
        var c = Cycle()
        for (u, s) in [("A", 95.0), ("B", 75), ("C", 85), ("D", 65), ("E", 50)] { c.unit(u, s) }
        c.person("headA", in: "A", nil, tier: .head)
        // Five people in A: one 优秀 place, the head's (a head alone would have none, issue 19).
        for i in 0..<4 { c.person("a\(i)", in: "A", 70) }
        c.person("headC", in: "C", nil, tier: .head)
        c.cases["headA"] = [(.scoreDeduction(30), false)]
        c.cases["headC"] = [(.gradeCap(.basicallyCompetent), false)]
        let o = c.compute()
        XCTAssertEqual(o["headA"].score, 65)
        XCTAssertEqual(o["headA"].grade, .basicallyCompetent, "a score of 65 is not 优秀")
        XCTAssertEqual(o["headC"].score, 85)
        XCTAssertEqual(o["headC"].grade, .basicallyCompetent)
        c.cases["headA"] = [(.scoreDeduction(30), true)]
        XCTAssertEqual(c.compute()["headA"].grade, .excellent, "exempted: the unit's grade again")
    }

    func testTheCoefficientFeedRaisesAndLowersByTheUnitGrade() {
        var c = Cycle()
        // Standard coefficients: 优秀 1.05, 合格 1.0, 基本合格 0.95, 不合格 0.9.
        for (u, s) in [("A", 95.0), ("B", 80), ("C", 65), ("D", 50), ("E", 75)] {
            c.unit(u, s)
            c.person("p\(u)", in: u, 80)
        }
        c.person("top", in: "A", 98)
        c.person("edge", in: "A", 95.24)
        c.person("none", in: "B", nil)
        let o = c.compute()
        XCTAssertEqual(["A", "B", "C", "D"].map { o[$0].grade }, [.excellent, .competent, .basicallyCompetent, .incompetent])
        XCTAssertEqual(["pA", "pB", "pC", "pD"].map { o[$0].score }, [84, 80, 76, 72])
        XCTAssertEqual(o["pA"].own, 80, "the own score is kept beside the fed one")
        XCTAssertTrue(o["pA"].notes.contains("feed:excellent"))
        XCTAssertEqual(o["top"].score, 100, "98 × 1.05 = 102.9, capped at 100")
        XCTAssertEqual(o["edge"].score, 100, "95.24 × 1.05 = 100.002, capped")
        XCTAssertNil(o["none"].score, "no own score: nothing to feed")
    }

    func testATeamFeedsItsPeopleInsteadOfTheUnit() {
        var c = Cycle()
        c.unit("A", 95)
        for u in ["B", "C", "D", "E"] { c.unit(u, 70) }
        for (t, s) in [("t1", 65.0), ("t2", 80), ("t3", 75), ("t4", 72), ("t5", 95)] { c.team(t, s) }
        c.person("x", in: "A", 80, team: "t1")
        c.person("y", in: "A", 80, team: "t5")
        c.person("z", in: "A", 80)
        let o = c.compute()
        XCTAssertEqual(o["t1"].grade, .basicallyCompetent)
        XCTAssertEqual(o["t5"].grade, .excellent)
        XCTAssertEqual(o["x"].score, 76, "team 基本合格: 0.95")
        XCTAssertEqual(o["y"].score, 84)
        XCTAssertEqual(o["z"].score, 84, "no team: the unit feeds")
        XCTAssertEqual(o["x"].group, "A", "quota and pool stay the unit's")
        XCTAssertEqual(o["t5"].group, CycleEngine.Input.teamsGroup)
        XCTAssertEqual(o["t1"].rank, 5)
    }

    func testAnExcellentShareFeedSetsTheUnitsQuota() {
        var c = Cycle()
        c.rules = plainRules(feed: .excellentShare([.excellent: 40, .incompetent: 0]))
        c.unit("A", 95)
        for u in ["B", "C", "D"] { c.unit(u, 70) }
        c.unit("E", 40)
        for i in 0..<5 {
            c.person("a\(i)", in: "A", 91 + Double(i))
            c.person("e\(i)", in: "E", 91 + Double(i))
        }
        let o = c.compute()
        XCTAssertEqual(o.places["A"], 2)
        XCTAssertEqual(o.excellent(in: "A"), ["a3", "a4"])
        XCTAssertEqual(o.places["E"], 0)
        XCTAssertEqual(o.excellent(in: "E"), [])
        XCTAssertEqual(o["a0"].score, 91, "no coefficient: the own score")
    }
}

final class CycleQuotaTests: XCTestCase {
    func testFivePeopleHaveOnePlaceFourHaveNone() {
        var c = Cycle()
        c.staff("five", [95, 94, 93, 92, 91])
        c.staff("four", [99, 98, 97, 96])
        let o = c.compute()
        XCTAssertEqual(o.places["five"], 1)
        XCTAssertEqual(o.excellent(in: "five"), ["five-0"])
        XCTAssertEqual(o["five-1"].bandGrade, .excellent, "the band says 优秀, the quota says 合格")
        XCTAssertEqual(o["five-1"].grade, .competent)
        XCTAssertEqual(o.places["four"], 0)
        XCTAssertEqual(o.excellent(in: "four"), [])
        XCTAssertEqual(o["four-0"].grade, .competent)
        XCTAssertNil(o.tied["four"], "no place: nobody to tie for")
        XCTAssertEqual((0..<5).map { o["five-\($0)"].rank }, [1, 2, 3, 4, 5])
    }

    func testAnUnscoredPersonTakesNoShareOfTheQuota() {
        var c = Cycle()
        c.staff("u", [95, 94, 93, 92])
        c.person("u-none", in: "u", nil)
        let o = c.compute()
        XCTAssertEqual(o.places["u"], 0, "four scored people: 20% rounds down to 0")
        XCTAssertEqual(o.excellent(in: "u"), [])
    }

    func testATieAtTheLineWaitsForTheDecision() {
        var c = Cycle()
        c.staff("u", [93, 93, 80, 80, 80])
        let o = c.compute()
        XCTAssertEqual(o.places["u"], 1)
        XCTAssertEqual(o.tied["u"], ["u-0", "u-1"])
        XCTAssertEqual(o.excellent(in: "u"), [], "neither gets 优秀 until a decision orders them")
        c.decisions["u"] = ["u-1"]
        XCTAssertEqual(c.compute().tied["u"], ["u-0", "u-1"], "a decision naming only one of them orders nothing")
        XCTAssertEqual(c.compute().excellent(in: "u"), [])
        c.decisions["u"] = ["u-1", "u-0"]
        let d = c.compute()
        XCTAssertNil(d.tied["u"])
        XCTAssertEqual(d.excellent(in: "u"), ["u-1"])
        XCTAssertEqual(d["u-0"].grade, .competent)
        c.decisions = ["v": ["u-1", "u-0"]]
        XCTAssertEqual(c.compute().excellent(in: "u"), [], "another group's decision does not count")
    }

    func testAPlaceAboveTheLineIsSafeWhileTheTieWaits() {
        var c = Cycle()
        c.staff("u", [96, 93, 93, 93, 80, 80, 80, 80, 80, 80])
        let o = c.compute()
        XCTAssertEqual(o.places["u"], 2)
        XCTAssertEqual(o.tied["u"], ["u-1", "u-2", "u-3"])
        XCTAssertEqual(o.excellent(in: "u"), ["u-0"])
        c.decisions["u"] = ["u-3", "u-1", "u-2"]
        XCTAssertEqual(c.compute().excellent(in: "u"), ["u-0", "u-3"])
    }

    func testAGradeCapFreesThePlaceForTheNextPerson() {
        var c = Cycle()
        c.staff("u", [95, 93, 85, 80, 75])
        c.cases["u-0"] = [(SchemeRules.standard.effect(of: Sanction.admonition.rawValue)!, false)]
        let o = c.compute()
        XCTAssertEqual(o.places["u"], 1, "the quota is 20% of all five assessed, the capped one included")
        XCTAssertEqual(o["u-0"].score, 95, "a cap leaves the score")
        XCTAssertEqual(o["u-0"].grade, .competent)
        XCTAssertEqual(o["u-0"].bandGrade, .excellent)
        XCTAssertTrue(o["u-0"].notes.contains("capped:competent"))
        XCTAssertEqual(o["u-0"].rank, 1, "still ranked by score")
        XCTAssertEqual(o.excellent(in: "u"), ["u-1"], "the place goes to the next")
        c.cases["u-0"] = [(.gradeCap(.competent), true)]
        let exempted = c.compute()
        XCTAssertEqual(exempted.excellent(in: "u"), ["u-0"], "a granted claim: the case counts for nothing")
        XCTAssertEqual(exempted["u-1"].grade, .competent)
        XCTAssertFalse(exempted["u-0"].notes.contains { $0.hasPrefix("capped:") })
    }

    func testADeductionCanDropSomeoneOutOfTheBand() {
        var c = Cycle()
        c.staff("u", [92, 91, 85, 80, 75])
        c.cases["u-0"] = [(SchemeRules.standard.effect(of: Sanction.criticism.rawValue)!, false)]
        let o = c.compute()
        XCTAssertEqual(o["u-0"].score, 87)
        XCTAssertTrue(o["u-0"].notes.contains("deducted:5.0"))
        XCTAssertEqual(o["u-0"].grade, .competent)
        XCTAssertEqual(o.excellent(in: "u"), ["u-1"])
        XCTAssertEqual(o["u-1"].rank, 1)
    }

    func testACapToBasicallyCompetentHoldsAndACapOfExcellentDoesNothing() {
        var c = Cycle()
        c.staff("u", [95, 93, 85, 80, 75])
        c.cases["u-2"] = [(.gradeCap(.basicallyCompetent), false), (.gradeCap(.competent), false)]
        c.cases["u-0"] = [(.gradeCap(.excellent), false)]
        let o = c.compute()
        XCTAssertEqual(o["u-2"].grade, .basicallyCompetent, "the stricter cap of two holds")
        XCTAssertEqual(o.excellent(in: "u"), ["u-0"])
    }

    func testPropertyTheQuotaIsNeverExceededAndTiesAreNeverCutSilently() {
        var g = Seeded(state: 81)
        var headsOver = 0
        for _ in 0..<300 {
            let c = randomCycle(&g, scores: 85...100, cases: false)
            let o = c.compute()
            for u in c.units.map(\.id) {
                let people = o.results.filter { $0.assessee == .person && $0.group == u }
                let scored = people.filter { !$0.notes.contains("followsUnit") && $0.score != nil }
                let heads = people.filter { $0.notes.contains("followsUnit") }
                let headsExcellent = heads.filter { $0.bandGrade == .excellent && o[u].grade == .excellent }.count
                let places = o.places[u] ?? 0
                // Everyone assessed in the unit, heads following it included, counts; nobody passes the share.
                XCTAssertEqual(places, people.filter { $0.score != nil }.count * 20 / 100)
                XCTAssertLessThanOrEqual(people.filter { $0.grade == .excellent }.count, places, "the share is never exceeded")
                // Heads following a 优秀 unit take the places first; the staff have those left.
                XCTAssertEqual(heads.filter { $0.grade == .excellent }.count, headsExcellent > places ? 0 : headsExcellent)
                let staffPlaces = max(0, places - headsExcellent)
                XCTAssertLessThanOrEqual(scored.filter { $0.grade == .excellent }.count, staffPlaces)
                if headsExcellent > places {
                    headsOver += 1
                    XCTAssertEqual(o.tied[u], places == 0 ? nil : heads.map(\.id).sorted(), "heads alone over the quota: tied")
                }
                for id in o.tied[u] ?? [] {
                    XCTAssertNotEqual(o[id].grade, .excellent, "tied at the line and not yet ordered")
                    XCTAssertEqual(o[id].bandGrade, .excellent)
                }
                // A place is left open only for a tie or for want of people in the band.
                let inBand = scored.filter { $0.bandGrade == .excellent }.count
                if o.tied[u] == nil {
                    XCTAssertEqual(scored.filter { $0.grade == .excellent }.count, min(staffPlaces, inBand))
                }
                XCTAssertEqual(
                    CycleEngine.UnitQuota(unitGrade: o[u].grade, people: people, rules: c.rules).places,
                    places,
                    "the quota counted again from the results is the same"
                )
            }
        }
        XCTAssertGreaterThan(headsOver, 10, "heads alone over the quota happen")
    }

    func testPropertyAnExemptedCaseYieldsExactlyTheResultWithoutIt() {
        var g = Seeded(state: 2025)
        var changed = 0
        for _ in 0..<300 {
            let without = randomCycle(&g, scores: 50...100, cases: true)
            var with = without
            let who = with.people[g.int(0...with.people.count - 1)].id
            let effect: CaseEffect =
                g.chance(50) ? .scoreDeduction(Double(g.int(0...3_000)) / 100) : .gradeCap(Grade.allCases[g.int(0...3)])
            with.cases[who, default: []].append((effect, true))
            let a = without.compute()
            let b = with.compute()
            XCTAssertEqual(a.results, b.results)
            XCTAssertEqual(a.places, b.places)
            XCTAssertEqual(a.tied, b.tied)
            XCTAssertEqual(a.pools, b.pools)
            // The same case not exempted does change something now and then: the comparison is not vacuous.
            with.cases[who]![with.cases[who]!.count - 1].exempted = false
            if with.compute().results != a.results { changed += 1 }
        }
        XCTAssertGreaterThan(changed, 100)
    }
}

/// Issue 19: the 优秀 quota holds for a unit's heads too.
final class CycleHeadQuotaTests: XCTestCase {
    /// Unit A graded 优秀 (score 95, the only one of five units in the band), with `heads` heads following it and
    /// staff of 100, 99, 98… so that the unit has `people` assessed; no coefficient, so staff keep their own scores.
    private func unitA(heads: Int, people: Int) -> Cycle {
        var c = Cycle()
        c.rules.feed = .coefficient([:])
        c.unit("A", 95)
        for u in ["B", "C", "D", "E"] { c.unit(u, 70) }
        for h in 0..<heads { c.person("h\(h)", in: "A", 60, tier: .head) }
        for i in 0..<(people - heads) { c.person("s\(i)", in: "A", 100 - Double(i)) }
        return c
    }

    func testHeadsAndStaffAtEveryBoundary() {
        // 20%: four people have no place, five one, ten two.
        for (people, places) in [(4, 0), (5, 1), (10, 2)] {
            for heads in 0...2 {
                let o = unitA(heads: heads, people: people).compute()
                let what = "\(heads) heads, \(people) people"
                XCTAssertEqual(o["A"].grade, .excellent)
                XCTAssertEqual(o.places["A"], places, what)
                let staff = (0..<(people - heads)).map { "s\($0)" }
                let headIDs = (0..<heads).map { "h\($0)" }
                if heads > places && places > 0 {
                    // More heads than places: tied for them, none 优秀 until a decision, no place left to staff.
                    XCTAssertEqual(o.tied["A"], headIDs, what)
                    XCTAssertEqual(o.excellent(in: "A"), [], what)
                    for h in headIDs {
                        XCTAssertEqual(o[h].grade, .competent, what)
                        XCTAssertEqual(o[h].bandGrade, .excellent, what)
                        XCTAssertTrue(o[h].notes.contains(CycleEngine.UnitQuota.headOverQuota), what)
                    }
                } else {
                    XCTAssertNil(o.tied["A"], what)
                    // Heads first, then the best staff.
                    let placed = heads <= places ? headIDs + staff.prefix(places - heads) : []
                    XCTAssertEqual(o.excellent(in: "A"), placed.sorted(), what)
                }
                XCTAssertLessThanOrEqual(o.excellent(in: "A").count, places, what)
                XCTAssertEqual(o.results.filter { $0.group == "A" && $0.assessee == .person }.count, people)
                if heads > 0 { XCTAssertNil(o["h0"].rank, "heads are not ranked among the staff") }
                if people > heads { XCTAssertEqual(o["s0"].rank, 1) }
            }
        }
    }

    func testTheIssuesDemoUnitTwoHeadsOnePlaceAndTheBestStaffMember() {
        // Six people at 20%: one place. Before the fix both heads took 优秀 and the staff member of 100 was 合格.
        var c = unitA(heads: 2, people: 6)
        let o = c.compute()
        XCTAssertEqual(o.places["A"], 1)
        XCTAssertEqual(o.tied["A"], ["h0", "h1"])
        XCTAssertEqual(o.excellent(in: "A"), [])
        XCTAssertEqual(o["s0"].score, 100)
        XCTAssertEqual(o["s0"].grade, .competent, "the heads take the place first: none is left to staff")
        c.decisions["A"] = ["h1"]
        XCTAssertEqual(c.compute().tied["A"], ["h0", "h1"], "a decision naming one of two orders nothing")
        XCTAssertEqual(c.compute().excellent(in: "A"), [])
        c.decisions["A"] = ["h1", "h0"]
        let d = c.compute()
        XCTAssertNil(d.tied["A"])
        XCTAssertEqual(d.excellent(in: "A"), ["h1"], "the decision's first takes the place")
        XCTAssertEqual(d["h0"].grade, .competent)
        XCTAssertEqual(d["h0"].score, 95, "the score stays the unit's")
        XCTAssertEqual(d["h0"].notes, ["followsUnit", CycleEngine.UnitQuota.headOverQuota])
        XCTAssertEqual(d["h0"].pay?.coefficient, 1.0, "paid as 合格")
        XCTAssertEqual(d["h1"].pay?.coefficient, 1.3)
        XCTAssertEqual(d["s0"].grade, .competent)
        c.decisions = ["B": ["h1", "h0"]]
        XCTAssertEqual(c.compute().excellent(in: "A"), [], "another group's decision does not count")
    }

    func testHeadsAloneOverTheQuotaWithNoPlaceAreNotTied() {
        let o = unitA(heads: 2, people: 4).compute()
        XCTAssertEqual(o.places["A"], 0)
        XCTAssertNil(o.tied["A"], "no place: nothing to decide")
        XCTAssertEqual(o["h0"].grade, .competent)
        XCTAssertTrue(o["h1"].notes.contains(CycleEngine.UnitQuota.headOverQuota))
    }

    func testAUnitOfHeadsOnly() {
        var c = unitA(heads: 2, people: 2)
        var o = c.compute()
        XCTAssertEqual(o.places["A"], 0, "two people at 20%: no place")
        XCTAssertEqual(o.excellent(in: "A"), [], "a unit of heads only is counted too")
        XCTAssertNil(o.tied["A"])
        c = unitA(heads: 5, people: 5)
        o = c.compute()
        XCTAssertEqual(o.places["A"], 1)
        XCTAssertEqual(o.tied["A"], ["h0", "h1", "h2", "h3", "h4"])
        XCTAssertEqual(o.excellent(in: "A"), [])
        c.decisions["A"] = ["h3", "h0", "h1", "h2", "h4"]
        o = c.compute()
        XCTAssertEqual(o.excellent(in: "A"), ["h3"])
        XCTAssertEqual(o.pools["A"], 3_600_000 * 5, "all five in the 优秀 unit's pool")
        c = unitA(heads: 1, people: 1)
        c.rules.excellentShare = 100
        XCTAssertEqual(c.compute().excellent(in: "A"), ["h0"], "one head, one place")
    }

    func testHeadsOfAUnitNotExcellentTakeNoPlace() {
        var c = unitA(heads: 2, people: 10)
        c.actuals["A"] = ["U": 85]
        c.actuals["B"] = ["U": 95]
        let o = c.compute()
        XCTAssertEqual(o["A"].grade, .competent)
        XCTAssertEqual(o.places["A"], 2)
        XCTAssertEqual(o["h0"].grade, .competent)
        XCTAssertFalse(o["h0"].notes.contains(CycleEngine.UnitQuota.headOverQuota), "not over the quota: the unit's grade")
        XCTAssertEqual(o.excellent(in: "A"), ["s0", "s1"], "both places to staff")
    }

    func testACappedOrDeductedHeadTakesNoPlaceOrComesLast() {
        var c = unitA(heads: 2, people: 6)
        c.cases["h0"] = [(SchemeRules.standard.effect(of: Sanction.admonition.rawValue)!, false)]
        var o = c.compute()
        XCTAssertEqual(o["h0"].grade, .competent)
        XCTAssertNil(o.tied["A"], "the capped head is out: one head for one place")
        XCTAssertEqual(o.excellent(in: "A"), ["h1"])
        XCTAssertFalse(o["h0"].notes.contains(CycleEngine.UnitQuota.headOverQuota), "capped, not cut by the quota")
        c.cases["h0"] = [(.gradeCap(.competent), false)]
        c.cases["h1"] = [(.gradeCap(.basicallyCompetent), false)]
        o = c.compute()
        XCTAssertEqual(o.excellent(in: "A"), ["s0"], "both heads capped: the place goes to the best staff member")
        XCTAssertEqual(o["h1"].grade, .basicallyCompetent)
        // A deduction that leaves a head in the band puts them behind the other head, no tie.
        c.cases = ["h0": [(.scoreDeduction(3), false)]]
        o = c.compute()
        XCTAssertEqual(o["h0"].score, 92)
        XCTAssertNil(o.tied["A"])
        XCTAssertEqual(o.excellent(in: "A"), ["h1"])
        XCTAssertEqual(o["h0"].grade, .competent)
        // An exempted case changes nothing: tied again.
        c.cases = ["h0": [(.scoreDeduction(3), true)]]
        XCTAssertEqual(c.compute().tied["A"], ["h0", "h1"])
    }

    func testADeclaredShareForAnExcellentUnit() {
        // Eight people, two of them heads: 20% gives one place (heads tied), 30% gives two (both heads).
        var c = unitA(heads: 2, people: 8)
        c.unit("F", 85)
        for i in 0..<10 { c.person("f\(i)", in: "F", 99 - Double(i)) }
        XCTAssertEqual(c.compute().tied["A"], ["h0", "h1"])
        c.rules.excellentUnitShare = 30
        var o = c.compute()
        XCTAssertEqual(o.places["A"], 2)
        XCTAssertNil(o.tied["A"])
        XCTAssertEqual(o.excellent(in: "A"), ["h0", "h1"])
        XCTAssertEqual(o.places["F"], 2, "a unit not 优秀 keeps the default 20%")
        XCTAssertEqual(o.excellent(in: "F"), ["f0", "f1"])
        XCTAssertEqual(o.places[CycleEngine.Input.unitsGroup], 1, "the units' own quota keeps the default")
        // Ten people at 30%: three places, two to the heads, one to the best staff member.
        c.person("s6", in: "A", 50)
        c.person("s7", in: "A", 40)
        o = c.compute()
        XCTAssertEqual(o.places["A"], 3)
        XCTAssertEqual(o.excellent(in: "A"), ["h0", "h1", "s0"])
        // A feed by share that declares the 优秀 unit's share is what counts (the scheme may not declare both).
        c.rules.feed = .excellentShare([.excellent: 40])
        XCTAssertEqual(c.compute().places["A"], 4)
    }

    func testTheUnitsShareInOnePlace() {
        var r = SchemeRules.standard
        XCTAssertEqual(r.excellentShare(unitGrade: .excellent), 20)
        XCTAssertEqual(r.excellentShare(unitGrade: nil), 20)
        r.excellentUnitShare = 30
        XCTAssertEqual(Grade.allCases.map { r.excellentShare(unitGrade: $0) }, [30, 20, 20, 20])
        XCTAssertEqual(r.excellentShare(unitGrade: nil), 20, "a unit without a grade: the default")
        r.excellentUnitShare = nil
        r.feed = .excellentShare([.excellent: 40, .incompetent: 0])
        XCTAssertEqual(Grade.allCases.map { r.excellentShare(unitGrade: $0) }, [40, 20, 20, 0])
        XCTAssertEqual(
            Grade.allCases.map { r.excellentShare(unitGrade: $0) },
            Grade.allCases.map { r.feed.excellentShare(unitGrade: $0, default: r.excellentShare) },
            "the same as the feed's"
        )
    }

    func testTheUnitQuotaCountedFromStoredResultsIsTheEnginesAfterTheCut() {
        var c = unitA(heads: 2, people: 6)
        c.decisions["A"] = ["h0", "h1"]
        let o = c.compute()
        let people = o.results.filter { $0.group == "A" && $0.assessee == .person }
        let q = CycleEngine.UnitQuota(unitGrade: .excellent, people: people, rules: c.rules)
        XCTAssertEqual([q.share, q.assessed, q.places, q.heads, q.staffPlaces], [20, 6, 1, 2, 0])
        // Round trip through JSON, as results are stored.
        let stored = try! JSONDecoder().decode([CycleEngine.Result].self, from: JSONEncoder().encode(people))
        XCTAssertEqual(CycleEngine.UnitQuota(unitGrade: .excellent, people: stored, rules: c.rules), q)
    }
}

final class CyclePayTests: XCTestCase {
    func testAUnitsPoolIsItsGradesAmountPerHeadSplitByWeight() {
        var c = Cycle()
        c.unit("A", 95)
        for u in ["B", "C", "D", "E"] { c.unit(u, 70) }
        c.person("head", in: "A", nil, tier: .head)
        for (i, s) in [95.24, 90, 80, 60, 50].enumerated() { c.person("a\(i)", in: "A", s) }
        c.person("leader", in: "A", 99, tier: .leader)
        let o = c.compute()
        // 优秀 unit: ¥36,000 a head × 6 people.
        XCTAssertEqual(o.pools["A"], 3_600_000 * 6)
        XCTAssertEqual(o.pools["B"], nil, "nobody assessed in B: no pool")
        let lines = o.results.filter { $0.group == "A" && $0.assessee == .person }.map { $0.pay! }
        XCTAssertEqual(lines.map(\.amount).reduce(0, +), 3_600_000 * 6)
        let a0 = o["a0"].pay!
        XCTAssertEqual(o["head"].grade, .excellent)
        XCTAssertEqual(o["a0"].grade, .competent, "six people, one place: the head of the 优秀 unit takes it")
        XCTAssertEqual(a0.coefficient, 1.0)
        XCTAssertEqual(a0.weight, 1.0, "score 100 after the feed")
        XCTAssertEqual(a0.poolPerHead, 3_600_000)
        XCTAssertEqual(a0.headcount, 6)
        XCTAssertEqual(o["a4"].score, 52.5)
        XCTAssertEqual(o["a4"].grade, .incompetent)
        XCTAssertEqual(o["a4"].pay?.amount, 0, "不合格: coefficient 0, nothing")
        XCTAssertEqual(o["a1"].grade, .competent, "94.5: over the quota")
        XCTAssertEqual(o["a2"].grade, .competent)
        XCTAssertGreaterThan(o["a1"].pay!.amount, o["a2"].pay!.amount, "the same grade, the higher score, the more pay")
        XCTAssertGreaterThan(o["a0"].pay!.amount, o["a1"].pay!.amount)
        XCTAssertEqual(o["head"].pay?.coefficient, 1.3)
        XCTAssertFalse(o.results.contains { $0.id == "leader" }, "a tier the scheme does not assess has no result")
    }

    func testPropertyPayReconcilesToThePoolExactly() {
        var g = Seeded(state: 7)
        var checked = 0
        for _ in 0..<300 {
            let c = randomCycle(&g, scores: 40...100, cases: true)
            let o = c.compute()
            let rules = c.rules
            for u in c.units.map(\.id) {
                let members = o.results.filter { $0.assessee == .person && $0.group == u && $0.grade != nil }
                guard !members.isEmpty else {
                    XCTAssertNil(o.pools[u])
                    continue
                }
                let unitGrade = o[u].grade ?? .competent
                let lines = members.map { $0.pay! }
                // A unit where every weight is 0 has nothing to split: its pool is 0, never money left unpaid.
                let pool = lines.allSatisfy({ $0.weight == 0 }) ? 0 : rules.pay.poolPerHead[unitGrade]! * Int64(members.count)
                XCTAssertEqual(o.pools[u], pool)
                let paid = lines.map(\.amount).reduce(0, +)
                XCTAssertEqual(paid, pool)
                for (r, line) in zip(members, lines) {
                    XCTAssertEqual(line.pool, pool)
                    if pool > 0 { XCTAssertEqual(line.poolPerHead * Int64(line.headcount), line.pool) }
                    XCTAssertEqual(line.headcount, members.count)
                    XCTAssertEqual(line.coefficient, rules.pay.coefficients[r.grade!])
                    XCTAssertEqual(line.weight, line.coefficient * r.score! / 100, accuracy: 0.000_000_6)
                    XCTAssertGreaterThanOrEqual(line.amount, 0)
                    XCTAssertEqual(line.totalWeight, lines.map(\.weight).reduce(0, +), accuracy: 1e-9)
                    if line.totalWeight > 0 {
                        let exact = Double(line.pool) * line.weight / line.totalWeight
                        XCTAssertLessThanOrEqual(abs(Double(line.amount) - exact), 1.000_001, "within a fen of the exact share")
                    }
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 1_000)
    }

    func testPropertyAZoneTotalSplitsToUnitsByTheirShareAndReconciles() {
        var g = Seeded(state: 11)
        for _ in 0..<200 {
            var c = randomCycle(&g, scores: 40...100, cases: false)
            let zonePool = Int64(g.int(0...50_000_000))
            let perUnit = c.compute().pools
            c.rules.pay.zonePool = zonePool
            let o = c.compute()
            guard perUnit.values.reduce(0, +) > 0 else { continue }
            XCTAssertEqual(o.pools.values.reduce(0, +), zonePool, "the units' pools add up to the zone's total")
            for (u, share) in o.pools {
                let exact = Double(zonePool) * Double(perUnit[u]!) / Double(perUnit.values.reduce(0, +))
                XCTAssertLessThanOrEqual(abs(Double(share) - exact), 1.000_001, "in proportion to amount per head × headcount")
                let paid = o.results.filter { $0.group == u && $0.assessee == .person }.compactMap(\.pay)
                XCTAssertTrue(paid.allSatisfy { $0.zonePool == zonePool && $0.pool == share })
                if paid.contains(where: { $0.weight > 0 }) { XCTAssertEqual(paid.map(\.amount).reduce(0, +), share) }
            }
        }
    }
}

/// Random units (some 优秀, some not), some with one to three heads, some people unscored, scores drawn from `scores` in whole
/// and half points (ties are common); with `cases`, random cases (some exempted) and random recorded decisions.
private func randomCycle(_ g: inout Seeded, scores: ClosedRange<Int>, cases: Bool) -> Cycle {
    var c = Cycle()
    let nUnits = g.int(1...7)
    for u in 0..<nUnits {
        let id = "u\(u)"
        c.unit(id, g.chance(10) ? nil : Double(g.int(40...100)))
        for h in 0..<[0, 0, 1, 1, 2, 3][g.int(0...5)] {
            c.person("\(id)-head\(h)", in: id, g.chance(50) ? nil : Double(g.int(scores)), tier: .head)
        }
        let n = g.int(0...16)
        var ids: [String] = []
        for i in 0..<n {
            let pid = "\(id)-\(i)"
            c.person(pid, in: id, g.chance(5) ? nil : Double(g.int(scores)) + (g.chance(20) ? 0.5 : 0))
            ids.append(pid)
        }
        if g.chance(40) { c.decisions[id] = ids.filter { _ in g.chance(70) }.shuffled(using: &g) }
    }
    c.person("leader", in: "u0", 99, tier: .leader)
    guard cases else { return c }
    for p in c.people where g.chance(15) {
        let effect: CaseEffect =
            g.chance(50) ? .scoreDeduction(Double(g.int(0...2_000)) / 100) : .gradeCap(Grade.allCases[g.int(0...3)])
        c.cases[p.id, default: []].append((effect, g.chance(30)))
    }
    return c
}

final class SchemeTests: XCTestCase {
    func testTheStandardSchemeHasNoProblems() {
        XCTAssertEqual(SchemeRules.standard.problems(), [])
        XCTAssertEqual(Set(SchemeRules.standard.indicators.map(\.code)).count, SchemeRules.standard.indicators.count)
        for a in Assessee.allCases { XCTAssertFalse(SchemeRules.standard.indicators(for: a).isEmpty) }
    }

    func testABrokenSchemeNamesEachField() {
        var r = SchemeRules.standard
        r.bands = GradeBands(excellent: 70, competent: 80, basicallyCompetent: 60)
        r.excellentShare = 120
        let units = r.indicators(for: .unit)
        r.indicators =
            units + r.indicators(for: .person) + [
                Indicator(code: "U1", name: "重复", assessee: .unit, weight: 10, measure: .qualitative(raters: [.leader])),
                Indicator(
                    code: "U9",
                    name: "签约金额",
                    assessee: .unit,
                    weight: 10,
                    measure: .quantitative(source: .signedAmount, rule: .linear(cap: 120), target: 100)
                ),
            ]
        let p = r.problems()
        let dup = units.count + 1
        XCTAssertEqual(
            Set(p.map(\.field)),
            ["bands", "excellentShare", "indicators[\(dup)]", "indicators[\(dup + 1)]", "indicators"]
        )
        XCTAssertEqual(p.count, 5, "one problem each: \(p.map(\.en))")
        XCTAssertTrue(p.first { $0.field == "indicators[\(dup)]" }!.zh.contains("U1"))
        XCTAssertTrue(p.first { $0.field == "indicators[\(dup + 1)]" }!.en.contains("source"))
        XCTAssertEqual(p.first { $0.field == "indicators" }?.en, "No indicators for team")
        XCTAssertFalse(p.contains { $0.field == "indicators[0]" }, "the first of two equal codes is not the repeat")
    }

    func testTheEdgesOfEachField() {
        var r = SchemeRules.standard
        r.excellentShare = 100
        r.noticeDays = 60
        r.elimination = [.teamLast(cycles: 12), .below(threshold: 60, cycles: 1)]
        XCTAssertEqual(r.problems(), [], "equal to the limit is allowed")
        r.excellentShare = -1
        r.noticeDays = 0
        r.elimination = [.grade(grade: .incompetent, times: 13)]
        r.tiers = []
        r.bands = GradeBands(excellent: 90, competent: 70, basicallyCompetent: 70)
        r.pay.coefficients[.excellent] = 10.5
        r.pay.poolPerHead[.competent] = -1
        r.indicators[0].weight = 0
        r.indicators[3].measure = .qualitative(raters: [.subordinate])
        r.raterWeights[.subordinate] = 0
        r.indicators[1].measure = .quantitative(source: .requestsOverdue, rule: .lowerIsBetter(worst: 0), target: 0)
        XCTAssertEqual(
            Set(r.problems().map(\.field)),
            [
                "excellentShare", "noticeDays", "elimination", "tiers", "bands", "pay.coefficients", "pay.poolPerHead", "indicators[0]",
                "indicators[1]", "indicators[3]",
            ]
        )
    }
}

final class SchemeExcellentUnitShareTests: XCTestCase {
    func testASchemeStoredWithoutTheFieldDecodes() throws {
        let data = try JSONEncoder().encode(SchemeRules.standard)
        var json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        XCTAssertNil(json["excellentUnitShare"], "not declared: not written")
        json.removeValue(forKey: "excellentUnitShare")
        let old = try JSONDecoder().decode(SchemeRules.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertNil(old.excellentUnitShare)
        XCTAssertEqual(old, SchemeRules.standard)
        json["excellentUnitShare"] = 30
        let new = try JSONDecoder().decode(SchemeRules.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertEqual(new.excellentUnitShare, 30)
        XCTAssertEqual(try JSONDecoder().decode(SchemeRules.self, from: JSONEncoder().encode(new)), new)
    }

    func testTheDeclaredShareIsFromTheDefaultTo100AndNotBesideAFeedShare() {
        var r = SchemeRules.standard
        for ok in [20, 30, 100] {
            r.excellentUnitShare = ok
            XCTAssertEqual(r.problems(), [], "\(ok)% is allowed")
        }
        for bad in [19, 101, -1] {
            r.excellentUnitShare = bad
            XCTAssertEqual(r.problems().map(\.field), ["excellentUnitShare"], "\(bad)% is refused")
        }
        r.excellentUnitShare = 30
        r.feed = .excellentShare([.excellent: 40])
        XCTAssertEqual(r.problems().map(\.field), ["excellentUnitShare"], "declared twice")
        r.feed = .excellentShare([.incompetent: 0])
        XCTAssertEqual(r.problems(), [], "a feed by share without the 优秀 unit's share leaves it to the field")
    }
}

final class CycleFindingsTests: XCTestCase {
    private func result(_ a: Assessee, _ id: String, rank: Int? = nil, grade: Grade? = nil, score: Double? = nil) -> CycleEngine.Result {
        CycleEngine.Result(
            assessee: a,
            id: id,
            name: "名\(id)",
            group: "u",
            own: score,
            score: score,
            bandGrade: grade,
            grade: grade,
            rank: rank,
            parts: [],
            notes: []
        )
    }

    /// A cycle whose team ranking is `order`, best first.
    private func ranking(_ name: String, _ order: [String]) -> (name: String, results: [CycleEngine.Result]) {
        (name, order.enumerated().map { result(.team, $0.element, rank: $0.offset + 1, score: Double(90 - 10 * $0.offset)) })
    }

    func testATeamLastInTwoConsecutiveCyclesIsFlagged() {
        let rule = EliminationRule.teamLast(cycles: 2)
        let f = EliminationRule.findings(
            [rule],
            gradeSet: .publicInstitution,
            cycles: [ranking("2023", ["C", "A", "B"]), ranking("2024", ["A", "B", "C"]), ranking("2025", ["B", "A", "C"])]
        )
        XCTAssertEqual(f.map(\.id), ["C"])
        XCTAssertEqual(f[0].assessee, .team)
        XCTAssertEqual(f[0].rule, rule)
        XCTAssertEqual(f[0].name, "名C")
        XCTAssertEqual(f[0].evidence.map(\.cycle), ["2024", "2025"])
        XCTAssertEqual(f[0].evidence.map(\.rank), [3, 3])
        XCTAssertEqual(f[0].evidence.map(\.of), [3, 3])
        XCTAssertNil(f[0].basis)
    }

    func testLastOnceOrInCyclesApartIsNotFlagged() {
        let rule = [EliminationRule.teamLast(cycles: 2)]
        let once = [ranking("2024", ["A", "C", "B"]), ranking("2025", ["A", "B", "C"])]
        XCTAssertEqual(EliminationRule.findings(rule, gradeSet: .civilService, cycles: once), [])
        let apart = [ranking("2023", ["A", "B", "C"]), ranking("2024", ["A", "C", "B"]), ranking("2025", ["A", "B", "C"])]
        XCTAssertEqual(EliminationRule.findings(rule, gradeSet: .civilService, cycles: apart), [])
        XCTAssertEqual(EliminationRule.findings(rule, gradeSet: .civilService, cycles: [ranking("2025", ["A", "C"])]), [], "one cycle")
        XCTAssertEqual(EliminationRule.findings(rule, gradeSet: .civilService, cycles: []), [])
        let one = EliminationRule.findings([.teamLast(cycles: 1)], gradeSet: .civilService, cycles: once)
        XCTAssertEqual(one.map(\.id), ["C"], "a rule of one cycle flags this cycle's last")
    }

    func testAnUnrankedTeamIsNotLast() {
        var c2025 = ranking("2025", ["A", "B"])
        c2025.results.append(result(.team, "C"))
        let f = EliminationRule.findings([.teamLast(cycles: 2)], gradeSet: .civilService, cycles: [ranking("2024", ["A", "B"]), c2025])
        XCTAssertEqual(f.map(\.id), ["B"])
        XCTAssertEqual(f[0].evidence.map(\.of), [2, 2], "of the teams ranked")
    }

    private func people(_ name: String, _ grades: [String: Grade]) -> (name: String, results: [CycleEngine.Result]) {
        (name, grades.sorted { $0.key < $1.key }.map { result(.person, $0.key, grade: $0.value, score: 50) })
    }

    func testTwoYearsIncompetentIsFlaggedWithTheLawAndOnlyOnce() {
        let rules: [EliminationRule] = [.grade(grade: .incompetent, times: 1), .grade(grade: .incompetent, times: 2)]
        let cycles = [
            people("2023", ["x": .competent, "y": .incompetent, "z": .incompetent]),
            people("2024", ["x": .incompetent, "y": .competent, "z": .competent]),
            people("2025", ["x": .incompetent, "y": .incompetent, "z": .competent, "w": .incompetent]),
        ]
        let f = EliminationRule.findings(rules, gradeSet: .publicInstitution, cycles: cycles)
        let byID = Dictionary(grouping: f, by: \.id)
        XCTAssertEqual(byID["x"]?.map(\.rule), [.grade(grade: .incompetent, times: 2)], "the one-time flag is suppressed")
        XCTAssertEqual(byID["x"]?[0].evidence.map(\.cycle), ["2024", "2025"])
        XCTAssertEqual(byID["x"]?[0].evidence.map(\.grade), [.incompetent, .incompetent])
        XCTAssertTrue(byID["x"]?[0].basis?.zh.contains("事业单位人事管理条例第十六条") == true)
        XCTAssertTrue(byID["x"]?[0].basis?.en.contains("art. 16") == true)
        XCTAssertEqual(byID["y"]?.map(\.rule), [.grade(grade: .incompetent, times: 1)], "not in consecutive years: once")
        XCTAssertNil(byID["y"]?[0].basis, "once is no ground for dismissal")
        XCTAssertEqual(byID["w"]?.map(\.rule), [.grade(grade: .incompetent, times: 1)], "new this year")
        XCTAssertNil(byID["z"])
        let civil = EliminationRule.findings(rules, gradeSet: .civilService, cycles: cycles).first { $0.id == "x" }
        XCTAssertTrue(civil?.basis?.zh.contains("公务员法第八十八条") == true)
        XCTAssertTrue(civil?.basis?.en.contains("art. 88") == true)
        let onlyOnce = EliminationRule.findings([.grade(grade: .incompetent, times: 1)], gradeSet: .civilService, cycles: cycles)
        XCTAssertEqual(Set(onlyOnce.map(\.id)), ["x", "y", "w"], "without the two-year rule the one-time flag stands")
    }

    func testAnotherGradeIsNotSuppressed() {
        let rules: [EliminationRule] = [.grade(grade: .basicallyCompetent, times: 1), .grade(grade: .incompetent, times: 2)]
        let cycles = [people("2024", ["x": .incompetent]), people("2025", ["x": .basicallyCompetent])]
        let f = EliminationRule.findings(rules, gradeSet: .civilService, cycles: cycles)
        XCTAssertEqual(f.map(\.rule), [.grade(grade: .basicallyCompetent, times: 1)])
    }

    func testBelowAThresholdForConsecutiveCycles() {
        let rule = EliminationRule.below(threshold: 65, cycles: 2)
        func scores(_ name: String, _ s: [String: Double]) -> (name: String, results: [CycleEngine.Result]) {
            (name, s.sorted { $0.key < $1.key }.map { result(.person, $0.key, grade: .competent, score: $0.value) })
        }
        let cycles = [
            scores("2024", ["a": 64.99, "b": 65, "c": 50, "d": 60]),
            scores("2025", ["a": 60, "b": 50, "c": 70, "e": 40, "d": 64.99]),
        ]
        let f = EliminationRule.findings([rule], gradeSet: .publicInstitution, cycles: cycles)
        XCTAssertEqual(f.map(\.id).sorted(), ["a", "d"], "b was at the threshold, c is above now, e has one cycle")
        XCTAssertEqual(f.first { $0.id == "a" }?.evidence.map(\.score), [64.99, 60])
        XCTAssertNil(f.first?.basis)
        let once = EliminationRule.findings([.below(threshold: 65, cycles: 1)], gradeSet: .publicInstitution, cycles: cycles)
        XCTAssertEqual(once.map(\.id).sorted(), ["a", "b", "d", "e"])
    }

    func testFindingsFromComputedCycles() {
        // Two cycles computed by the engine: team t3 last both times, person p incompetent both times.
        func cycle(_ year: String, _ teamScores: [Double]) -> (name: String, results: [CycleEngine.Result]) {
            var c = Cycle()
            c.unit("u", 70)
            for (i, s) in teamScores.enumerated() { c.team("t\(i + 1)", s) }
            c.person("p", in: "u", 40)
            c.person("q", in: "u", 80)
            return (year, c.compute().results)
        }
        let f = EliminationRule.findings(
            SchemeRules.standard.elimination,
            gradeSet: .publicInstitution,
            cycles: [cycle("2024", [80, 70, 60]), cycle("2025", [70, 90, 50])]
        )
        // The standard rules: last twice, 不合格 once and twice (the twice suppresses the once), below the threshold twice.
        XCTAssertEqual(f.map(\.rule), SchemeRules.standard.elimination.filter { $0 != .grade(grade: .incompetent, times: 1) })
        XCTAssertEqual(f.count, 3)
        XCTAssertEqual(f.map(\.id), ["t3", "p", "p"])
    }
}
