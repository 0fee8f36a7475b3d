import XCTest

@testable import YuanquKit

final class SeparationTests: XCTestCase {
    func testNoPersonAndNoUnitHoldsTwoResponsibilities() {
        let ok = Separation.conflicts([
            .design: .init(person: "甲", unit: "规划建设部"), .cost: .init(person: "乙", unit: "造价合约部"),
            .construction: .init(person: "丙", unit: "工程管理部"),
        ])
        XCTAssertEqual(ok, [])
        let samePerson = Separation.conflicts([
            .design: .init(person: "甲", unit: "规划建设部"), .cost: .init(person: "甲", unit: "造价合约部"),
        ])
        XCTAssertEqual(samePerson, [.init(by: "person", holder: "甲", responsibilities: [.design, .cost])])
        let sameUnit = Separation.conflicts([
            .cost: .init(person: "乙", unit: "工程管理部"), .construction: .init(person: "丙", unit: "工程管理部"),
        ])
        XCTAssertEqual(sameUnit, [.init(by: "unit", holder: "工程管理部", responsibilities: [.cost, .construction])])
    }
}

final class TenderingTests: XCTestCase {
    func d(_ s: String) -> CalendarDate { CalendarDate(s)! }

    func testNDRCThresholdsAtTheirEdgesAndASplitPackageIsCaught() {
        XCTAssertTrue(Tendering.publicTenderRequired(category: .works, combinedValue: .wan(400), inScope: true))
        XCTAssertFalse(Tendering.publicTenderRequired(category: .works, combinedValue: Money(fen: Money.wan(400).fen - 1), inScope: true))
        XCTAssertTrue(Tendering.publicTenderRequired(category: .goods, combinedValue: .wan(200), inScope: true))
        XCTAssertFalse(
            Tendering.publicTenderRequired(category: .services, combinedValue: Money(fen: Money.wan(100).fen - 1), inScope: true)
        )
        XCTAssertFalse(Tendering.publicTenderRequired(category: .works, combinedValue: .wan(5000), inScope: false))
        // Two works packages of ¥2.5 million each: under the threshold one by one, over it together.
        let split = [Money.wan(250), Money.wan(250)]
        XCTAssertFalse(Tendering.publicTenderRequired(category: .works, combinedValue: split[0], inScope: true))
        XCTAssertTrue(Tendering.publicTenderRequired(category: .works, combinedValue: split[0] + split[1], inScope: true))
        XCTAssertTrue(Tendering.inScope(budgetFunds: .wan(200), investment: .wan(2000)), "¥2 million and 10%")
        XCTAssertFalse(Tendering.inScope(budgetFunds: .wan(200), investment: Money(fen: Money.wan(2000).fen + 1)))
        XCTAssertFalse(Tendering.inScope(budgetFunds: Money(fen: Money.wan(200).fen - 1), investment: .wan(1000)))
    }

    func testDeadlinesCountCalendarDaysAtTheirEdges() {
        XCTAssertNoThrow(try Tendering.checkBidPeriod(issued: d("2026-03-01"), deadline: d("2026-03-21")))
        XCTAssertThrowsError(try Tendering.checkBidPeriod(issued: d("2026-03-01"), deadline: d("2026-03-20"))) {
            XCTAssertEqual($0 as? Tendering.Refusal, .bidPeriodTooShort(days: 19))
            XCTAssertEqual(($0 as? Tendering.Refusal)?.source, "招标投标法第二十四条")
        }
        XCTAssertNoThrow(try Tendering.checkClarification(issued: d("2026-03-06"), deadline: d("2026-03-21")))
        XCTAssertThrowsError(try Tendering.checkClarification(issued: d("2026-03-07"), deadline: d("2026-03-21")))
        XCTAssertNoThrow(try Tendering.checkObjection(raised: d("2026-03-11"), deadline: d("2026-03-21")))
        XCTAssertThrowsError(try Tendering.checkObjection(raised: d("2026-03-12"), deadline: d("2026-03-21")))
        XCTAssertNoThrow(try Tendering.checkPublicity(report: d("2026-04-01"), from: d("2026-04-04"), to: d("2026-04-06")))
        XCTAssertThrowsError(try Tendering.checkPublicity(report: d("2026-04-01"), from: d("2026-04-05"), to: d("2026-04-08")))
        XCTAssertThrowsError(try Tendering.checkPublicity(report: d("2026-04-01"), from: d("2026-04-02"), to: d("2026-04-03"))) {
            XCTAssertEqual($0 as? Tendering.Refusal, .publicityTooShort(days: 2))
        }
        XCTAssertFalse(Tendering.contractOverdue(awarded: d("2026-05-01"), signed: d("2026-05-31"), today: d("2026-07-01")))
        XCTAssertTrue(Tendering.contractOverdue(awarded: d("2026-05-01"), signed: nil, today: d("2026-06-01")))
    }

    func testSecurityBidsAndCommittee() {
        XCTAssertNoThrow(try Tendering.checkBidSecurity(.wan(8), estimatedValue: .wan(400)))
        XCTAssertThrowsError(try Tendering.checkBidSecurity(Money(fen: Money.wan(8).fen + 1), estimatedValue: .wan(400)))
        XCTAssertNoThrow(try Tendering.checkBids(3))
        XCTAssertThrowsError(try Tendering.checkBids(2)) { XCTAssertEqual($0 as? Tendering.Refusal, .tooFewBids(count: 2)) }
        XCTAssertNoThrow(try Tendering.checkCommittee(size: 5, experts: 4))
        XCTAssertThrowsError(try Tendering.checkCommittee(size: 5, experts: 3)) {
            XCTAssertEqual($0 as? Tendering.Refusal, .tooFewExperts(experts: 3, needed: 4))
        }
        XCTAssertThrowsError(try Tendering.checkCommittee(size: 4, experts: 4))
        XCTAssertThrowsError(try Tendering.checkCommittee(size: 6, experts: 6)) {
            XCTAssertEqual($0 as? Tendering.Refusal, .committeeEven(size: 6))
        }
        XCTAssertNoThrow(try Tendering.checkCommittee(size: 7, experts: 5))
        XCTAssertThrowsError(try Tendering.checkCommittee(size: 9, experts: 5))
        XCTAssertEqual(ProcurementMethod.invitedTender.ocds, "selective")
        XCTAssertEqual(ProcurementMethod.singleSource.ocds, "direct")
    }

    func testBidSecurityOfWorksAndGoodsStopsAt800Thousand() throws {
        try Tendering.checkBidSecurityCap(.wan(80), category: .works)
        XCTAssertThrowsError(try Tendering.checkBidSecurityCap(Money(fen: Money.wan(80).fen + 1), category: .works)) {
            XCTAssertEqual($0 as? Tendering.Refusal, .bidSecurityAboveCap(max: .wan(80), category: .works))
            XCTAssertEqual(($0 as? Tendering.Refusal)?.source, "工程建设项目施工招标投标办法第三十七条")
        }
        XCTAssertThrowsError(try Tendering.checkBidSecurityCap(.wan(81), category: .goods)) {
            XCTAssertEqual(($0 as? Tendering.Refusal)?.source, "工程建设项目货物招标投标办法第二十七条")
        }
        try Tendering.checkBidSecurityCap(.wan(500), category: .services)
    }

    func testCandidatesArePublicisedWithinThreeDaysOfTheReport() {
        XCTAssertFalse(Tendering.publicityOverdue(report: d("2026-04-23"), today: d("2026-04-26")))
        XCTAssertTrue(Tendering.publicityOverdue(report: d("2026-04-23"), today: d("2026-04-27")))
    }

    func testTheBiddingLawGovernsOpenAndInvitedTendersOnly() {
        XCTAssertEqual(ProcurementMethod.allCases.filter(\.isTender), [.publicTender, .invitedTender])
    }
}
