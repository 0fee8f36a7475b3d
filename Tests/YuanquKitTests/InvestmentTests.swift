import XCTest

@testable import YuanquKit

final class CreditCodeTests: XCTestCase {
    func testAValidCodeAndItsCheckCharacter() throws {
        XCTAssertEqual(try CreditCode("914403001922038216").value, "914403001922038216")
        XCTAssertEqual(try CreditCode(" 91320111ma1mxxxx07 ").value, "91320111MA1MXXXX07", "trimmed and upper-cased")
        XCTAssertEqual(CreditCode.checkCharacter(forFirst17: "91110000100000589"), "A")
    }

    func testWrongLengthCharacterAndCheck() {
        XCTAssertThrowsError(try CreditCode("91440300192203821")) { XCTAssertEqual($0 as? CreditCode.Problem, .length(17)) }
        XCTAssertThrowsError(try CreditCode("9144030019220382I6")) { XCTAssertEqual($0 as? CreditCode.Problem, .character(position: 17)) }
        XCTAssertThrowsError(try CreditCode("91A403001922038216")) { XCTAssertEqual($0 as? CreditCode.Problem, .character(position: 3)) }
        XCTAssertThrowsError(try CreditCode("91110000100000589B")) {
            XCTAssertEqual($0 as? CreditCode.Problem, .checkCharacter(expected: "A"))
        }
    }
}

final class CompanyCreditCodeTests: XCTestCase {
    func testCompanyCodesAreValidDistinctAndOfTheirArea() throws {
        let codes = try (0..<5000).map { try CreditCode.company(area: "320111", serial: UInt64($0)).value }
        XCTAssertEqual(Set(codes).count, 5000)
        XCTAssertTrue(codes.allSatisfy { $0.hasPrefix("91320111MA") && $0.count == 18 })
        XCTAssertEqual(try CreditCode(codes[4999]).value, codes[4999])
        XCTAssertThrowsError(try CreditCode.company(area: "32011", serial: 1)) { XCTAssertEqual($0 as? CreditCode.Problem, .length(16)) }
    }
}

final class MoneyTests: XCTestCase {
    func testUnitsAndDisplay() {
        XCTAssertEqual(Money.yi(1).fen, 10_000_000_000)
        XCTAssertEqual(Money.wan(1).display, "1.00 万元")
        XCTAssertEqual(Money.yi(550).display, "550.00 亿元")
        XCTAssertEqual(Money(fen: 12_345).display, "123.45 元")
        XCTAssertEqual(Money(fen: 9_999_990_000).display, "9999.99 万元")
        XCTAssertEqual(Money(fen: 15_550_000_000).display, "1.56 亿元", "rounded half up")
    }

    func testParsingWan() {
        XCTAssertEqual(Money.parseWan("10,000")?.fen, 10_000_000_000)
        XCTAssertEqual(Money.parseWan("0.01")?.fen, 10_000)
        XCTAssertNil(Money.parseWan("-5"))
        XCTAssertNil(Money.parseWan("abc"))
        XCTAssertNil(Money.parseWan("0.0000001"), "finer than a fen")
    }
}

final class ProjectStageTests: XCTestCase {
    typealias R = ProjectStageRule

    func testForwardOneStepWithEvidence() {
        XCTAssertNoThrow(try R.check(from: .lead, to: .negotiation, evidence: .init()))
        XCTAssertThrowsError(try R.check(from: .lead, to: .signed, evidence: .init())) {
            XCTAssertEqual($0 as? R.Refusal, .notNext(expected: .negotiation))
        }
        XCTAssertThrowsError(try R.check(from: .signed, to: .negotiation, evidence: .init())) {
            XCTAssertEqual($0 as? R.Refusal, .notNext(expected: .registered))
        }
        XCTAssertThrowsError(try R.check(from: .negotiation, to: .signed, evidence: .init(signingDate: CalendarDate("2020-05-20")))) {
            XCTAssertEqual($0 as? R.Refusal, .missing("agreementNumber"))
        }
        XCTAssertThrowsError(
            try R.check(
                from: .negotiation,
                to: .signed,
                evidence: .init(signingDate: CalendarDate("2020-05-20"), agreementNumber: "PK-2020-001")
            )
        ) {
            XCTAssertEqual($0 as? R.Refusal, .missing("signedAmount"))
        }
        XCTAssertNoThrow(
            try R.check(
                from: .negotiation,
                to: .signed,
                evidence: .init(signingDate: CalendarDate("2020-05-20"), agreementNumber: "PK-2020-001", signedAmount: .yi(3))
            )
        )
        XCTAssertThrowsError(try R.check(from: .signed, to: .registered, evidence: .init(creditCode: "91110000100000589B"))) {
            XCTAssertEqual($0 as? R.Refusal, .invalidCreditCode(.checkCharacter(expected: "A")))
        }
        XCTAssertNoThrow(try R.check(from: .signed, to: .registered, evidence: .init(creditCode: "914403001922038216")))
        XCTAssertThrowsError(try R.check(from: .registered, to: .underConstruction, evidence: .init())) {
            XCTAssertEqual($0 as? R.Refusal, .missing("startDate"))
        }
        XCTAssertThrowsError(try R.check(from: .inOperation, to: .inOperation, evidence: .init())) {
            XCTAssertEqual($0 as? R.Refusal, .notNext(expected: nil))
        }
    }

    func testDropNeedsAReasonAndEndsTheProject() {
        XCTAssertThrowsError(try R.check(from: .negotiation, to: .dropped, evidence: .init())) {
            XCTAssertEqual($0 as? R.Refusal, .missing("reason"))
        }
        XCTAssertNoThrow(try R.check(from: .signed, to: .dropped, evidence: .init(reason: "投资方撤回")))
        XCTAssertThrowsError(try R.check(from: .dropped, to: .lead, evidence: .init())) {
            XCTAssertEqual($0 as? R.Refusal, .alreadyDropped)
        }
        XCTAssertTrue(ProjectStage.registered.isSignedOrLater)
        XCTAssertFalse(ProjectStage.negotiation.isSignedOrLater)
        XCTAssertFalse(ProjectStage.dropped.isSignedOrLater)
    }

    func testMajorProjectRuleAtTheThreshold() {
        XCTAssertTrue(R.isMajor(signedAmount: .yi(1)))
        XCTAssertFalse(R.isMajor(signedAmount: Money(fen: Money.yi(1).fen - 1)))
        XCTAssertFalse(R.isMajor(signedAmount: nil))
        XCTAssertTrue(R.isMajor(signedAmount: .wan(5000), threshold: .wan(5000)))
    }
}

final class LeaderboardTests: XCTestCase {
    func testRankedByAttainmentWithTheLastAndTheGaps() {
        let f = { (n: Int) in Leaderboard.Figures(signedCount: n) }
        let rows = Leaderboard.rank(
            [
                (id: "一组", figures: f(12), target: f(10)),  // 120%
                (id: "二组", figures: f(9), target: f(10)),  // 90%
                (id: "三组", figures: f(18), target: f(20)),  // 90%, more signed than 二组
                (id: "四组", figures: f(4), target: f(10)),  // 40%
            ],
            by: .signedCount
        )
        XCTAssertEqual(rows.map(\.teamID), ["一组", "三组", "二组", "四组"])
        XCTAssertEqual(rows.map(\.rank), [1, 2, 3, 4])
        XCTAssertEqual(rows.map(\.attainment), [12000, 9000, 9000, 4000])
        XCTAssertEqual(rows.last?.gapToAbove, 5)
    }

    func testEqualTeamsShareARank() {
        let f = Leaderboard.Figures(majorCount: 3)
        let rows = Leaderboard.rank([(id: "a", figures: f, target: f), (id: "b", figures: f, target: f)], by: .majorCount)
        XCTAssertEqual(rows.map(\.rank), [1, 1])
    }
}

final class ServiceDeadlineTests: XCTestCase {
    func testTimeLimitsCountWorkingDaysAcrossHolidays() {
        let cal = WorkCalendar.china
        // Logged Wednesday 2026-09-30 with ten working days: Oct 1–7 are holidays, Oct 10 (Saturday) is worked.
        let due = ServiceDeadline.due(opened: CalendarDate("2026-09-30")!, days: 10, calendar: cal)
        XCTAssertEqual(due, CalendarDate("2026-10-20"))
        XCTAssertFalse(ServiceDeadline.isOverdue(opened: CalendarDate("2026-09-30")!, days: 10, closed: nil, today: due, calendar: cal))
        XCTAssertTrue(
            ServiceDeadline.isOverdue(opened: CalendarDate("2026-09-30")!, days: 10, closed: nil, today: due.adding(days: 1), calendar: cal)
        )
        XCTAssertFalse(
            ServiceDeadline.isOverdue(
                opened: CalendarDate("2026-09-30")!,
                days: 10,
                closed: CalendarDate("2026-10-09"),
                today: CalendarDate("2026-12-01")!,
                calendar: cal
            )
        )
    }
}
