import XCTest

@testable import YuanquKit

final class StageTests: XCTestCase {
    func testStagesMoveOneAtATime() {
        var f = StageRule.Facts()
        f.qualified = 3
        XCTAssertNoThrow(try StageRule.check(from: .registration, to: .review, facts: f))
        XCTAssertThrowsError(try StageRule.check(from: .registration, to: .interview, facts: f)) {
            XCTAssertEqual($0 as? StageRule.Refusal, .notNext(expected: .review))
        }
        XCTAssertThrowsError(try StageRule.check(from: .interview, to: .review, facts: f)) {
            XCTAssertEqual($0 as? StageRule.Refusal, .notNext(expected: .ranking))
        }
        XCTAssertThrowsError(try StageRule.check(from: .appointment, to: .appointment, facts: f)) {
            XCTAssertEqual($0 as? StageRule.Refusal, .notNext(expected: nil))
        }
    }

    func testEachMoveNeedsItsWorkDone() {
        var f = StageRule.Facts()
        f.unreviewed = 2
        XCTAssertThrowsError(try StageRule.check(from: .review, to: .interview, facts: f)) {
            XCTAssertEqual($0 as? StageRule.Refusal, .unreviewed(count: 2))
        }
        f.unreviewed = 0
        XCTAssertThrowsError(try StageRule.check(from: .review, to: .interview, facts: f)) {
            XCTAssertEqual($0 as? StageRule.Refusal, .nobodyQualified)
        }
        f.unscored = 1
        XCTAssertThrowsError(try StageRule.check(from: .interview, to: .ranking, facts: f)) {
            XCTAssertEqual($0 as? StageRule.Refusal, .unscored(count: 1))
        }
        f.unresolvedTies = 1
        XCTAssertThrowsError(try StageRule.check(from: .ranking, to: .publicity, facts: f)) {
            XCTAssertEqual($0 as? StageRule.Refusal, .unresolvedTie)
        }
        f.publicityEnds = CalendarDate("2026-06-05")
        f.today = CalendarDate("2026-06-05")
        XCTAssertThrowsError(try StageRule.check(from: .publicity, to: .appointment, facts: f)) {
            XCTAssertEqual($0 as? StageRule.Refusal, .publicityRunning(until: CalendarDate("2026-06-05")!))
        }
        f.today = CalendarDate("2026-06-06")
        f.openObjections = 1
        XCTAssertThrowsError(try StageRule.check(from: .publicity, to: .appointment, facts: f)) {
            XCTAssertEqual($0 as? StageRule.Refusal, .openObjections(count: 1))
        }
        f.openObjections = 0
        XCTAssertNoThrow(try StageRule.check(from: .publicity, to: .appointment, facts: f))
    }
}

final class EligibilityTests: XCTestCase {
    let day = CalendarDate("2026-06-01")!

    func testOriginAgeAndEducation() {
        let open = Eligibility.defaultOrigins(.openSelection)
        XCTAssertEqual(
            Eligibility.check(
                origin: .districtSOE,
                allowed: open,
                birthDate: CalendarDate("1990-01-01"),
                on: day,
                maxAge: 40,
                education: .bachelor,
                minEducation: .bachelor
            ),
            []
        )
        XCTAssertEqual(
            Eligibility.check(origin: .public, allowed: open, birthDate: nil, on: day, maxAge: nil, education: nil, minEducation: nil),
            [.originNotOpen]
        )
        XCTAssertTrue(Eligibility.defaultOrigins(.publicRecruitment).contains(.public))
        XCTAssertEqual(Eligibility.defaultOrigins(.competitive), [.zoneStaff])
        // Exactly 40 on the day is allowed; 41 is not.
        XCTAssertEqual(
            Eligibility.check(
                origin: .zoneStaff,
                allowed: [.zoneStaff],
                birthDate: CalendarDate("1986-06-01"),
                on: day,
                maxAge: 40,
                education: nil,
                minEducation: nil
            ),
            []
        )
        XCTAssertEqual(
            Eligibility.check(
                origin: .zoneStaff,
                allowed: [.zoneStaff],
                birthDate: CalendarDate("1985-06-01"),
                on: day,
                maxAge: 40,
                education: nil,
                minEducation: nil
            ),
            [.tooOld(limit: 40)]
        )
        XCTAssertEqual(
            Eligibility.check(
                origin: .zoneStaff,
                allowed: [.zoneStaff],
                birthDate: nil,
                on: day,
                maxAge: nil,
                education: .college,
                minEducation: .bachelor
            ),
            [.educationBelow(.bachelor)]
        )
        XCTAssertEqual(
            Eligibility.check(
                origin: .zoneStaff,
                allowed: [.zoneStaff],
                birthDate: nil,
                on: day,
                maxAge: nil,
                education: nil,
                minEducation: .bachelor
            ),
            [.educationBelow(.bachelor)]
        )
    }
}

final class ScoringTests: XCTestCase {
    let scheme = ScoringScheme(
        items: [.init(name: "综合分析", weight: 40), .init(name: "岗位认知", weight: 30), .init(name: "表达沟通", weight: 30)],
        dropExtremesFrom: 5,
        writtenWeight: 40,
        tieBreaks: [.interview, .written, .registration]
    )

    func testWeightsMustAddUpToAHundred() {
        XCTAssertNoThrow(try scheme.validate())
        var bad = scheme
        bad.items = [.init(name: "a", weight: 50), .init(name: "b", weight: 40)]
        XCTAssertThrowsError(try bad.validate()) { XCTAssertEqual($0 as? ScoringScheme.Problem, .weightsDoNotAddUp(total: 90)) }
        XCTAssertThrowsError(try scheme.sheetTotal([9000, 8000])) {
            XCTAssertEqual($0 as? ScoringScheme.Problem, .wrongItemCount(expected: 3))
        }
        XCTAssertThrowsError(try scheme.sheetTotal([9000, 8000, 10001])) {
            XCTAssertEqual($0 as? ScoringScheme.Problem, .scoreOutOfRange(item: "表达沟通"))
        }
    }

    func testDropHighestAndLowestThenMeanThenWeightedWithWrittenTest() throws {
        // Five interviewers: sheet totals 90, 80, 85, 70, 95 → drop 95 and 70 → mean 85.00.
        let sheets = [[9000, 9000, 9000], [8000, 8000, 8000], [8500, 8500, 8500], [7000, 7000, 7000], [9500, 9500, 9500]]
        let b = try scheme.combine(sheets: sheets, written: 7800)
        XCTAssertEqual(b.sheetTotals, [9000, 8000, 8500, 7000, 9500])
        XCTAssertEqual(b.droppedHighest, 9500)
        XCTAssertEqual(b.droppedLowest, 7000)
        XCTAssertEqual(b.interview, 8500)
        // 85.00 × 60% + 78.00 × 40% = 51.00 + 31.20 = 82.20
        XCTAssertEqual(b.total, 8220)
        XCTAssertEqual(formatHundredths(b.total), "82.20")
    }

    func testFewerInterviewersThanTheThresholdKeepsAllAndRoundsHalfUp() throws {
        // Item weights 40/30/30 on 88.55, 90, 70 → 35.42 + 27 + 21 = 83.42; the second sheet 83.45;
        // their mean 83.435 rounds half up to 83.44.
        let b = try scheme.combine(sheets: [[8855, 9000, 7000], [8855, 9000, 7010]], written: nil)
        XCTAssertNil(b.droppedHighest)
        XCTAssertEqual(b.sheetTotals, [8342, 8345])
        XCTAssertEqual(b.interview, 8344)
        var noWritten = scheme
        noWritten.writtenWeight = 0
        XCTAssertEqual(try noWritten.combine(sheets: [[8000, 8000, 8000]], written: nil).total, 8000)
    }

    func testThePublishedFiguresAddUpByHand() throws {
        // Unrounded sheet totals 95.978, 94.897, 96.147 average 95.674; rounded first (95.98, 94.90, 96.15) they average 95.68.
        let b = try scheme.combine(sheets: [[9599, 9599, 9595], [9490, 9490, 9489], [9615, 9614, 9615]], written: nil)
        XCTAssertEqual(b.sheetTotals, [9598, 9490, 9615])
        XCTAssertEqual(b.interview, 9568)
        XCTAssertEqual(b.interview, ScoringScheme.roundHalfUp(Double(b.sheetTotals.reduce(0, +)) / 3))
    }

    func entry(_ id: String, total: Int, interview: Int, written: Int, order: Int) -> ScoringScheme.Entry {
        .init(
            candidateID: id,
            breakdown: .init(
                sheetTotals: [],
                droppedHighest: nil,
                droppedLowest: nil,
                interview: interview,
                written: written,
                total: total
            ),
            registrationOrder: order
        )
    }

    func testTiesAreBrokenByTheDeclaredRuleInOrder() {
        let ranked = scheme.rank([
            entry("a", total: 8000, interview: 8200, written: 7700, order: 3),
            entry("b", total: 8000, interview: 8300, written: 7550, order: 2),
            entry("c", total: 8500, interview: 8500, written: 8500, order: 1),
            entry("d", total: 7000, interview: 7000, written: 7000, order: 4),
        ])
        XCTAssertEqual(ranked.map(\.candidateID), ["c", "b", "a", "d"])
        XCTAssertEqual(ranked.map(\.rank), [1, 2, 3, 4])
        XCTAssertEqual(ranked[1].decidedBy, .interview)
        XCTAssertFalse(ranked.contains { $0.unresolvedTie })
    }

    func testTiesPastEveryRuleAreFlaggedNeverSilentlyOrdered() {
        var noRegistration = scheme
        noRegistration.tieBreaks = [.interview, .written]
        let entries = [
            entry("x", total: 8000, interview: 8000, written: 8000, order: 1),
            entry("y", total: 8000, interview: 8000, written: 8000, order: 2),
        ]
        let ranked = noRegistration.rank(entries)
        XCTAssertEqual(ranked.map(\.rank), [1, 1])
        XCTAssertTrue(ranked.allSatisfy(\.unresolvedTie))
        // A recorded decision settles it.
        let decided = noRegistration.rank(entries, decisions: ["y", "x"])
        XCTAssertEqual(decided.map(\.candidateID), ["y", "x"])
        XCTAssertEqual(decided.map(\.rank), [1, 2])
        XCTAssertFalse(decided.contains { $0.unresolvedTie })
        // With registration order declared, it decides.
        XCTAssertEqual(scheme.rank(entries).map(\.candidateID), ["x", "y"])
        XCTAssertEqual(scheme.rank(entries).first?.decidedBy, .registration)
    }
}

final class MatchingTests: XCTestCase {
    typealias TW = TwoWaySelection

    func testTextbookInstanceWithCapacitiesAndExplanations() {
        let candidates = [
            TW.Candidate(id: "c1", preferences: ["p1", "p2"]), TW.Candidate(id: "c2", preferences: ["p1", "p2"]),
            TW.Candidate(id: "c3", preferences: ["p1"]), TW.Candidate(id: "c4", preferences: ["p2", "p1"]),
        ]
        let posts = [TW.Post(id: "p1", capacity: 1, ranking: ["c3", "c1", "c2"]), TW.Post(id: "p2", capacity: 2, ranking: ["c2", "c1"])]
        let r = TW.match(candidates: candidates, posts: posts)
        XCTAssertEqual(Set(r.assignments.map { "\($0.candidateID)>\($0.postID)#\($0.choice)" }), ["c3>p1#1", "c1>p2#2", "c2>p2#2"])
        XCTAssertEqual(r.unmatched.map(\.candidateID), ["c4"])
        // c4 listed p2 (full with candidates ranked higher… here: not ranked at all) and p1 (not ranked).
        XCTAssertEqual(r.unmatched[0].refusals, [.notRanked(postID: "p2"), .notRanked(postID: "p1")])
        XCTAssertEqual(r.betterChoicesRefused["c1"], [.filledWithHigherRanked(postID: "p1", candidateRank: 2, lowestHeldRank: 1)])
        XCTAssertEqual(r.unfilled, [])
        XCTAssertEqual(TW.blockingPairs(candidates: candidates, posts: posts, result: r), [])
    }

    func testUnfilledPlacesAndEmptyListsAndUnknownPosts() {
        let candidates = [TW.Candidate(id: "a", preferences: []), TW.Candidate(id: "b", preferences: ["zz", "p"])]
        let posts = [TW.Post(id: "p", capacity: 3, ranking: ["b"]), TW.Post(id: "q", capacity: 1, ranking: ["a"])]
        let r = TW.match(candidates: candidates, posts: posts)
        XCTAssertEqual(r.assignments, [TW.Assignment(candidateID: "b", postID: "p", choice: 2)])
        XCTAssertEqual(r.unmatched, [TW.Unmatched(candidateID: "a", refusals: [])])
        XCTAssertEqual(r.unfilled.map(\.postID), ["p", "q"])
        XCTAssertEqual(r.unfilled[0].open, 2)
    }

    /// A random instance: candidates list up to `k` posts, units rank a random subset of those who listed them.
    func randomInstance(_ g: inout SplitMix, nC: Int, nP: Int, k: Int) -> ([TW.Candidate], [TW.Post]) {
        var listed = [[String]](repeating: [], count: nP)
        var candidates: [TW.Candidate] = []
        for c in 0..<nC {
            var prefs: [String] = []
            for _ in 0..<Int(g.next() % UInt64(k + 1)) {
                let p = Int(g.next() % UInt64(nP))
                if !prefs.contains("p\(p)") {
                    prefs.append("p\(p)")
                    listed[p].append("c\(c)")
                }
            }
            candidates.append(.init(id: "c\(c)", preferences: prefs))
        }
        let posts = (0..<nP).map { p -> TW.Post in
            var ranking = listed[p].filter { _ in g.next() % 5 != 0 }
            ranking.shuffle(using: &g)
            return TW.Post(id: "p\(p)", capacity: Int(g.next() % 3), ranking: ranking)
        }
        return (candidates, posts)
    }

    func testStableOnManyRandomInstancesByBruteForce() {
        var g = SplitMix(seed: 42)
        for _ in 0..<400 {
            let (candidates, posts) = randomInstance(&g, nC: Int(g.next() % 25) + 1, nP: Int(g.next() % 8) + 1, k: 4)
            let r = TW.match(candidates: candidates, posts: posts)
            XCTAssertEqual(TW.blockingPairs(candidates: candidates, posts: posts, result: r), [])
            // Capacities hold; everyone assigned listed the post and was ranked by it.
            for p in posts { XCTAssertLessThanOrEqual(r.assignments.filter { $0.postID == p.id }.count, p.capacity) }
            for a in r.assignments {
                XCTAssertTrue(candidates.first { $0.id == a.candidateID }!.preferences.contains(a.postID))
                XCTAssertTrue(posts.first { $0.id == a.postID }!.ranking.contains(a.candidateID))
            }
            XCTAssertEqual(r.assignments.count + r.unmatched.count, candidates.count)
        }
    }

    /// Every stable matching of a small instance, by enumeration.
    func allStableMatchings(_ candidates: [TW.Candidate], _ posts: [TW.Post]) -> [[String: String]] {
        var out: [[String: String]] = []
        func go(_ i: Int, _ current: [String: String]) {
            if i == candidates.count {
                let r = TW.Result(
                    assignments: current.map { TW.Assignment(candidateID: $0.key, postID: $0.value, choice: 0) },
                    unmatched: [],
                    unfilled: [],
                    betterChoicesRefused: [:]
                )
                for p in posts where current.values.filter({ $0 == p.id }).count > p.capacity { return }
                if TW.blockingPairs(candidates: candidates, posts: posts, result: r).isEmpty { out.append(current) }
                return
            }
            let c = candidates[i]
            go(i + 1, current)
            for p in c.preferences where posts.first(where: { $0.id == p })?.ranking.contains(c.id) ?? false {
                var next = current
                next[c.id] = p
                go(i + 1, next)
            }
        }
        go(0, [:])
        return out
    }

    func testCandidateOptimalAmongAllStableMatchings() {
        var g = SplitMix(seed: 7)
        for _ in 0..<150 {
            let (candidates, posts) = randomInstance(&g, nC: Int(g.next() % 5) + 1, nP: Int(g.next() % 3) + 1, k: 3)
            let r = TW.match(candidates: candidates, posts: posts)
            let mine = Dictionary(uniqueKeysWithValues: r.assignments.map { ($0.candidateID, $0.postID) })
            let stable = allStableMatchings(candidates, posts)
            XCTAssertTrue(stable.contains(mine), "the result is one of the stable matchings")
            for s in stable {
                for c in candidates {
                    let got = mine[c.id].flatMap { c.preferences.firstIndex(of: $0) } ?? Int.max
                    let other = s[c.id].flatMap { c.preferences.firstIndex(of: $0) } ?? Int.max
                    XCTAssertLessThanOrEqual(got, other, "no stable matching does better for \(c.id)")
                }
            }
        }
    }
}

/// A small seeded generator so that random tests repeat exactly.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class WorkingDayTests: XCTestCase {
    let cal = WorkCalendar.china

    func testWeekdaysHolidaysAndAdjustedWeekends() {
        XCTAssertTrue(cal.isWorkingDay(CalendarDate("2026-06-18")!))  // Thursday before 端午
        XCTAssertFalse(cal.isWorkingDay(CalendarDate("2026-06-19")!))  // 端午, a Friday
        XCTAssertFalse(cal.isWorkingDay(CalendarDate("2026-06-20")!))  // Saturday
        XCTAssertTrue(cal.isWorkingDay(CalendarDate("2026-02-14")!))  // Saturday worked for 春节
        XCTAssertTrue(cal.isWorkingDay(CalendarDate("2025-01-26")!))  // Sunday worked for 春节 2025
        XCTAssertFalse(cal.isWorkingDay(CalendarDate("2025-10-08")!))  // 国庆 2025
        XCTAssertEqual(CalendarDate("2026-11-25")!.weekday, 3)  // a Wednesday
    }

    func testPublicityAcrossAHolidayAndAnAdjustedWeekend() {
        // Published Wednesday 2026-09-16: 16, 17, 18, (19–20 weekend, but Sunday 20th is worked) 20, 21 → ends Monday 21st.
        XCTAssertEqual(cal.endOfPeriod(workingDays: 5, startingOn: CalendarDate("2026-09-16")!), CalendarDate("2026-09-21"))
        // Published Thursday 2026-09-24: 24, (25–27 中秋) 28, 29, 30, (1–7 国庆) 8 → ends 2026-10-08.
        XCTAssertEqual(cal.endOfPeriod(workingDays: 5, startingOn: CalendarDate("2026-09-24")!), CalendarDate("2026-10-08"))
        // Published on a holiday: counting starts with the next working day.
        XCTAssertEqual(cal.endOfPeriod(workingDays: 1, startingOn: CalendarDate("2026-10-03")!), CalendarDate("2026-10-08"))
        XCTAssertEqual(cal.workingDays(from: CalendarDate("2026-02-09")!, through: CalendarDate("2026-03-01")!), 11)
    }

    func testDateArithmetic() {
        XCTAssertEqual(CalendarDate("1970-01-01")!.dayNumber, 0)
        XCTAssertEqual(CalendarDate(dayNumber: CalendarDate("2024-02-29")!.dayNumber), CalendarDate("2024-02-29"))
        XCTAssertEqual(CalendarDate("2024-01-31")!.adding(months: 1), CalendarDate("2024-02-29"))
        XCTAssertEqual(CalendarDate("2025-12-31")!.adding(days: 1), CalendarDate("2026-01-01"))
    }
}

final class AppointmentRuleTests: XCTestCase {
    func testPostCapacityAndBodyCapAreCheckedAgain() {
        XCTAssertNoThrow(
            try AppointmentRule.check(postHeadcount: 3, holders: 2, incoming: 1, bodyCap: 70, bodyHolders: 69, movingWithinBody: 0)
        )
        XCTAssertThrowsError(
            try AppointmentRule.check(postHeadcount: 3, holders: 3, incoming: 1, bodyCap: 70, bodyHolders: 10, movingWithinBody: 0)
        ) {
            XCTAssertEqual($0 as? AppointmentRule.Refusal, .postFull(headcount: 3, holders: 3))
        }
        XCTAssertThrowsError(
            try AppointmentRule.check(postHeadcount: 5, holders: 0, incoming: 2, bodyCap: 70, bodyHolders: 69, movingWithinBody: 0)
        ) {
            XCTAssertEqual($0 as? AppointmentRule.Refusal, .capExceeded(.init(cap: 70, currentTotal: 69, requested: 2)))
        }
        // Someone moving within the body does not add to its total.
        XCTAssertNoThrow(
            try AppointmentRule.check(postHeadcount: 5, holders: 0, incoming: 2, bodyCap: 70, bodyHolders: 69, movingWithinBody: 1)
        )
    }

    func testProbationLimitsOfTheLabourContractLaw() {
        let start = CalendarDate("2026-01-01")!
        // A term is counted with both its first and last day: 2026-01-01 to 2026-03-31 is exactly three months.
        XCTAssertEqual(ContractRule.maxProbationMonths(start: start, end: CalendarDate("2026-03-30")), 0)
        XCTAssertEqual(ContractRule.maxProbationMonths(start: start, end: CalendarDate("2026-03-31")), 1)
        XCTAssertEqual(ContractRule.maxProbationMonths(start: start, end: CalendarDate("2026-12-30")), 1)
        XCTAssertEqual(ContractRule.maxProbationMonths(start: start, end: CalendarDate("2026-12-31")), 2)
        XCTAssertEqual(ContractRule.maxProbationMonths(start: start, end: CalendarDate("2028-12-30")), 2)
        XCTAssertEqual(ContractRule.maxProbationMonths(start: start, end: CalendarDate("2028-12-31")), 6)
        XCTAssertEqual(ContractRule.maxProbationMonths(start: start, end: nil), 6)
        XCTAssertThrowsError(try ContractRule.check(start: start, end: CalendarDate("2027-06-30"), probationMonths: 3)) {
            XCTAssertEqual($0 as? ContractRule.Problem, .probationTooLong(maxMonths: 2))
        }
        XCTAssertThrowsError(try ContractRule.check(start: start, end: start, probationMonths: 0)) {
            XCTAssertEqual($0 as? ContractRule.Problem, .endNotAfterStart)
        }
        XCTAssertTrue(ContractRule.isExpiring(end: CalendarDate("2026-03-01"), today: start, withinDays: 60))
        XCTAssertFalse(ContractRule.isExpiring(end: CalendarDate("2026-03-03"), today: start, withinDays: 60))
        XCTAssertFalse(ContractRule.isExpiring(end: CalendarDate("2025-12-31"), today: start, withinDays: 60))
    }
}
