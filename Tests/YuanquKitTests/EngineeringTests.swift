import XCTest

@testable import YuanquKit

final class EngineeringRuleTests: XCTestCase {
    func d(_ s: String) -> CalendarDate { CalendarDate(s)! }

    let holders: [Responsibility: Separation.Holder] = [
        .design: .init(person: "甲", unit: "规划建设部"), .cost: .init(person: "乙", unit: "造价合约部"),
        .construction: .init(person: "丙", unit: "工程管理部"),
    ]

    func testOnlyTheHolderOrTheHolderUnitActsForAResponsibility() throws {
        try Separation.checkActs(.cost, person: "乙", unit: "造价合约部", holders: holders)
        try Separation.checkActs(.cost, person: "丁", unit: "造价合约部", holders: holders)
        XCTAssertThrowsError(try Separation.checkActs(.cost, person: "丙", unit: "造价合约部", holders: holders)) {
            XCTAssertEqual($0 as? Separation.Refusal, .holdsOther(.construction))
        }
        XCTAssertThrowsError(try Separation.checkActs(.cost, person: "戊", unit: "工程管理部", holders: holders)) {
            XCTAssertEqual($0 as? Separation.Refusal, .notHolder(.cost, holder: holders[.cost]!))
        }
        XCTAssertThrowsError(try Separation.checkActs(.design, person: "甲", unit: nil, holders: [:])) {
            XCTAssertEqual($0 as? Separation.Refusal, .noHolder(.design))
        }
        try Separation.checkApprover(person: "领导", holders: holders)
        XCTAssertThrowsError(try Separation.checkApprover(person: "甲", holders: holders))
    }

    func testCostStagesGoInOrderAndAnOverrunNeedsAReasonAndApproval() throws {
        XCTAssertThrowsError(
            try CostControl.checkPrepare(.budgetaryEstimate, amount: .wan(100), overrunReason: nil, approved: [:], prepared: [.estimate])
        ) { XCTAssertEqual($0 as? CostControl.Refusal, .previousNotApproved(.estimate)) }
        try CostControl.checkPrepare(.estimate, amount: .wan(100), overrunReason: nil, approved: [:], prepared: [])
        XCTAssertThrowsError(
            try CostControl.checkPrepare(.estimate, amount: .wan(100), overrunReason: nil, approved: [:], prepared: [.estimate])
        ) { XCTAssertEqual($0 as? CostControl.Refusal, .alreadyPrepared(.estimate)) }
        // Equal to the approved stage before: no overrun. One fen above: a reason is needed.
        try CostControl.checkPrepare(
            .budgetaryEstimate,
            amount: .wan(100),
            overrunReason: nil,
            approved: [.estimate: .wan(100)],
            prepared: [.estimate]
        )
        XCTAssertThrowsError(
            try CostControl.checkPrepare(
                .budgetaryEstimate,
                amount: Money(fen: Money.wan(100).fen + 1),
                overrunReason: "  ",
                approved: [.estimate: .wan(100)],
                prepared: [.estimate]
            )
        ) { XCTAssertEqual($0 as? CostControl.Refusal, .overrunWithoutReason(previous: .wan(100), excess: Money(fen: 1))) }
        try CostControl.checkPrepare(
            .budgetaryEstimate,
            amount: .wan(120),
            overrunReason: "地质条件变化",
            approved: [.estimate: .wan(100)],
            prepared: [.estimate]
        )
        XCTAssertThrowsError(try CostControl.checkApprove(amount: .wan(120), previous: .wan(100), approvesOverrun: false)) {
            XCTAssertEqual($0 as? CostControl.Refusal, .overrunNotApproved(excess: .wan(20)))
        }
        try CostControl.checkApprove(amount: .wan(120), previous: .wan(100), approvesOverrun: true)
        try CostControl.checkApprove(amount: .wan(90), previous: .wan(100), approvesOverrun: false)
        XCTAssertEqual(CostStage.allCases.sorted(), [.estimate, .budgetaryEstimate, .budget, .settlement])
    }

    func testADesignChangeNeedsAMeetingAtTheAmountOrTheShare() {
        // 50 万元 or 5% of a 2,000 万元 budget (= 100 万元).
        XCTAssertTrue(DesignChangeRule.needsMeeting(impact: .wan(50), budget: .wan(2000), thresholdWan: 50, thresholdPercent: 5))
        XCTAssertFalse(
            DesignChangeRule.needsMeeting(
                impact: Money(fen: Money.wan(50).fen - 1),
                budget: .wan(2000),
                thresholdWan: 50,
                thresholdPercent: 5
            )
        )
        // A small budget: 5% of 400 万元 = 20 万元.
        XCTAssertTrue(DesignChangeRule.needsMeeting(impact: .wan(20), budget: .wan(400), thresholdWan: 50, thresholdPercent: 5))
        XCTAssertFalse(
            DesignChangeRule.needsMeeting(
                impact: Money(fen: Money.wan(20).fen - 1),
                budget: .wan(400),
                thresholdWan: 50,
                thresholdPercent: 5
            )
        )
        // A saving counts by its size.
        XCTAssertTrue(
            DesignChangeRule.needsMeeting(impact: Money(fen: -Money.wan(60).fen), budget: .wan(2000), thresholdWan: 50, thresholdPercent: 5)
        )
    }

    func testRotationTakesTheLeastRecentlyAssignedQualifiedUnrelatedFirm() throws {
        let firms = [
            AuditRotation.Firm(id: "a", name: "甲审计", qualifications: ["造价咨询"], related: [], lastAssigned: d("2026-03-01"), active: true),
            AuditRotation.Firm(
                id: "b",
                name: "乙审计",
                qualifications: ["造价咨询"],
                related: ["南京某建设集团"],
                lastAssigned: d("2025-01-01"),
                active: true
            ),
            AuditRotation.Firm(id: "c", name: "丙审计", qualifications: ["造价咨询"], related: [], lastAssigned: d("2026-01-01"), active: true),
            AuditRotation.Firm(id: "d", name: "丁审计", qualifications: ["工程监理"], related: [], lastAssigned: nil, active: true),
            AuditRotation.Firm(id: "e", name: "戊审计", qualifications: ["造价咨询"], related: [], lastAssigned: nil, active: false),
        ]
        XCTAssertEqual(try AuditRotation.next(firms, qualification: "造价咨询", parties: []).id, "b")
        // b is related to the contractor (spaces and full-width brackets aside): c is next.
        XCTAssertEqual(try AuditRotation.next(firms, qualification: "造价咨询", parties: ["南京某建设 集团"]).id, "c")
        XCTAssertEqual(AuditRotation.order(firms, qualification: "造价咨询", parties: []).map(\.id), ["b", "c", "a"])
        XCTAssertThrowsError(try AuditRotation.check(firms[1], qualification: "造价咨询", parties: ["南京某建设集团"])) {
            XCTAssertEqual($0 as? AuditRotation.Refusal, .related(["南京某建设集团"]))
        }
        XCTAssertThrowsError(try AuditRotation.next(firms, qualification: "招标代理", parties: [])) {
            XCTAssertEqual($0 as? AuditRotation.Refusal, .noneEligible)
        }
    }

    func testPaymentsNeedTheAuditAndStayWithinTheCeiling() throws {
        let price = Money.wan(1000)
        XCTAssertEqual(PaymentRule.ceiling(contractPrice: price, percent: 80), .wan(800))
        XCTAssertEqual(PaymentRule.ceiling(contractPrice: Money(fen: 999), percent: 80), Money(fen: 799))
        XCTAssertThrowsError(
            try PaymentRule.check(
                amount: .wan(10),
                confirmed: nil,
                paidBefore: .wan(0),
                contractPrice: price,
                ceilingPercent: 80,
                settled: nil
            )
        ) { XCTAssertEqual($0 as? PaymentRule.Refusal, .notConfirmed) }
        XCTAssertThrowsError(
            try PaymentRule.check(
                amount: .wan(11),
                confirmed: .wan(10),
                paidBefore: .wan(0),
                contractPrice: price,
                ceilingPercent: 80,
                settled: nil
            )
        ) { XCTAssertEqual($0 as? PaymentRule.Refusal, .aboveConfirmed(confirmed: .wan(10))) }
        // Exactly at the ceiling passes; one fen past it is refused.
        try PaymentRule.check(
            amount: .wan(100),
            confirmed: .wan(100),
            paidBefore: .wan(700),
            contractPrice: price,
            ceilingPercent: 80,
            settled: nil
        )
        XCTAssertThrowsError(
            try PaymentRule.check(
                amount: Money(fen: Money.wan(100).fen + 1),
                confirmed: .wan(200),
                paidBefore: .wan(700),
                contractPrice: price,
                ceilingPercent: 80,
                settled: nil
            )
        ) { XCTAssertEqual($0 as? PaymentRule.Refusal, .aboveCeiling(ceiling: .wan(800), paid: .wan(700))) }
        // After settlement the settled amount is the limit.
        try PaymentRule.check(
            amount: .wan(150),
            confirmed: .wan(150),
            paidBefore: .wan(800),
            contractPrice: price,
            ceilingPercent: 80,
            settled: .wan(950)
        )
        XCTAssertThrowsError(
            try PaymentRule.check(
                amount: .wan(151),
                confirmed: .wan(151),
                paidBefore: .wan(800),
                contractPrice: price,
                ceilingPercent: 80,
                settled: .wan(950)
            )
        ) { XCTAssertEqual($0 as? PaymentRule.Refusal, .aboveSettlement(settled: .wan(950), paid: .wan(800))) }
    }

    func testAMilestoneIsLatePastItsPlannedDate() {
        XCTAssertFalse(Milestones.isLate(planned: d("2026-05-01"), actual: nil, today: d("2026-05-01")))
        XCTAssertTrue(Milestones.isLate(planned: d("2026-05-01"), actual: nil, today: d("2026-05-02")))
        XCTAssertFalse(Milestones.isLate(planned: d("2026-05-01"), actual: d("2026-05-01"), today: d("2026-09-01")))
        XCTAssertTrue(Milestones.isLate(planned: d("2026-05-01"), actual: d("2026-05-02"), today: d("2026-05-02")))
    }
}
