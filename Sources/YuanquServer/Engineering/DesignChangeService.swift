import Fluent
import Vapor
import YuanquKit

/// Design changes (设计变更) through the one write path: proposed by the design or construction holder, reviewed by
/// design and priced by cost; above the zone setting they wait for a key-project meeting's decision.
enum DesignChangeService {
    /// A meeting's decision on a design change that waits for one: approved → effective, else rejected.
    /// Called by the meeting service inside its own write, with the agenda item that decided it.
    static func decide(_ changeID: UUID, approved: Bool, item: UUID, on date: String, db: Database, trail: AuditTrail) async throws {
        guard let c = try await DesignChange.find(changeID, on: db) else {
            throw AppError.invalid("designChangeId", Loc("所选设计变更不存在", "No such design change"))
        }
        guard c.status == "awaitingMeeting" else {
            throw AppError.conflict(
                Loc("该设计变更不在待会议决定状态（当前：\(c.status)）", "This design change is not waiting for a meeting (now: \(c.status))"),
                field: "designChangeId"
            )
        }
        c.status = approved ? "effective" : "rejected"
        c.decidedOn = date
        c.decisionItemID = item
        try await c.update(on: db)
        trail.record(
            "decide",
            "designChange",
            id: changeID.uuidString,
            zone: c.zoneID,
            after: ["status": c.status, "item": item.uuidString]
        )
    }
}
