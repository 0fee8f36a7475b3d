import XCTest

@testable import YuanquKit

final class MeetingRuleTests: XCTestCase {
    func d(_ s: String) -> CalendarDate { CalendarDate(s)! }

    func testAnOpenItemIsOverdueOnlyAfterItsDueDay() {
        let due = d("2026-03-31")
        XCTAssertFalse(MeetingRule.isOverdue(status: .open, due: due, today: d("2026-03-30")))
        XCTAssertFalse(MeetingRule.isOverdue(status: .open, due: due, today: due), "the due day itself is not overdue")
        XCTAssertTrue(MeetingRule.isOverdue(status: .open, due: due, today: d("2026-04-01")))
        XCTAssertFalse(MeetingRule.isOverdue(status: .done, due: due, today: d("2026-04-01")), "a done item is never overdue")
        XCTAssertEqual(MeetingRule.daysOverdue(status: .open, due: due, today: d("2026-04-01")), 1)
        XCTAssertEqual(MeetingRule.daysOverdue(status: .open, due: d("2024-02-28"), today: d("2024-03-01")), 2, "leap day counted")
        XCTAssertEqual(MeetingRule.daysOverdue(status: .open, due: due, today: due), 0)
        XCTAssertEqual(MeetingRule.daysOverdue(status: .done, due: due, today: d("2026-05-01")), 0)
    }

    func testAMeetingIsRecordedOnceHeld() throws {
        try MeetingRule.checkHeld(d("2026-03-02"), today: d("2026-03-02"))
        XCTAssertThrowsError(try MeetingRule.checkHeld(d("2026-03-03"), today: d("2026-03-02"))) {
            XCTAssertEqual($0 as? MeetingRule.Refusal, .heldInFuture)
        }
    }

    func testAnItemFallsDueNoEarlierThanItsMeeting() throws {
        let held = d("2026-03-02")
        try MeetingRule.checkDue(held, held: held)
        XCTAssertThrowsError(try MeetingRule.checkDue(d("2026-03-01"), held: held)) {
            XCTAssertEqual($0 as? MeetingRule.Refusal, .dueBeforeMeeting(held: held))
        }
    }

    func testAnItemClosesOnceBetweenItsMeetingAndToday() throws {
        let held = d("2026-03-02")
        let today = d("2026-03-10")
        try MeetingRule.checkClose(status: .open, closed: held, held: held, today: today)
        try MeetingRule.checkClose(status: .open, closed: today, held: held, today: today)
        XCTAssertThrowsError(try MeetingRule.checkClose(status: .open, closed: d("2026-03-11"), held: held, today: today)) {
            XCTAssertEqual($0 as? MeetingRule.Refusal, .closedInFuture)
        }
        XCTAssertThrowsError(try MeetingRule.checkClose(status: .open, closed: d("2026-03-01"), held: held, today: today)) {
            XCTAssertEqual($0 as? MeetingRule.Refusal, .closedBeforeMeeting(held: held))
        }
        XCTAssertThrowsError(try MeetingRule.checkClose(status: .done, closed: today, held: held, today: today)) {
            XCTAssertEqual($0 as? MeetingRule.Refusal, .alreadyDone)
        }
    }

    func testOnlyApprovalOrRejectionDecides() {
        XCTAssertTrue(ItemOutcome.approved.decides)
        XCTAssertTrue(ItemOutcome.rejected.decides)
        XCTAssertFalse(ItemOutcome.noted.decides)
        XCTAssertEqual(MeetingKind(rawValue: "projectSpecial")?.label.zh, "重点项目专题会议")
        XCTAssertEqual(MeetingKind(rawValue: "leadership")?.label.zh, "重点工程领导会议")
    }
}
