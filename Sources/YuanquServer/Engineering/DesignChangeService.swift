import Fluent
import Vapor
import YuanquKit

struct DesignChangeInput: Codable {
    var title: String?
    var reason: String?
    /// design or construction: the responsibility the proposer acts for.
    var proposedAs: String?
    var proposedOn: String?
}

struct DesignReviewInput: Codable {
    var agrees: Bool?
    var opinion: String?
}

struct CostReviewInput: Codable {
    /// The priced impact in fen (negative for a saving).
    var impactFen: Int64?
    var opinion: String?
}

/// Design changes (设计变更) through the one write path: proposed by the design or construction holder, reviewed by
/// design and priced by cost; above the zone setting they wait for a key-project meeting's decision.
enum DesignChangeService {
    static func propose(_ input: DesignChangeInput, project: ConstructionProject, actor: Actor, on db: Database, trail: AuditTrail)
        async throws
        -> DesignChange
    {
        var f = EngineeringFields(zone: project.zoneID)
        let title = f.text(input.title, "title", Loc("变更事项", "Title"), max: 120)
        let reason = f.text(input.reason, "reason", Loc("变更原因", "Reason"), max: 2000)
        let on = f.date(input.proposedOn, "proposedOn", Loc("提出日期", "Date"), fallback: .today())
        var proposedAs: Responsibility? = nil
        switch input.proposedAs {
        case "design": proposedAs = .design
        case "construction": proposedAs = .construction
        default: f.v.add("proposedAs", Loc("设计变更由设计或工程建设责任方提出（design 或 construction）", "Proposed by design or construction"))
        }
        try f.check()
        let person = try await EngineeringService.requireActs(proposedAs!, actor: actor, project: project.id!, field: "proposedAs", on: db)
        let c = DesignChange()
        c.zoneID = project.zoneID
        c.projectID = project.id!
        c.number = try await DesignChange.query(on: db).filter(\.$projectID == project.id!).count() + 1
        c.title = title
        c.reason = reason
        c.proposedAs = proposedAs!.rawValue
        c.proposerID = person.id!
        c.proposedOn = on!.description
        c.needsMeeting = false
        c.status = "proposed"
        try await c.create(on: db)
        trail.record("propose", "designChange", id: c.id!.uuidString, zone: project.zoneID, after: input)
        return c
    }

    static func requireUnderReview(_ c: DesignChange) throws {
        guard c.status == "proposed" else {
            throw AppError.conflict(Loc("该设计变更已不在审核中", "This design change is no longer under review"), field: "status")
        }
    }

    /// The design holder's review.
    static func reviewDesign(_ input: DesignReviewInput, change: DesignChange, actor: Actor, on db: Database, trail: AuditTrail)
        async throws
    {
        var f = EngineeringFields(zone: change.zoneID)
        let opinion = f.text(input.opinion, "opinion", Loc("设计审核意见", "Design opinion"), max: 2000)
        if input.agrees == nil { f.v.add("agrees", Loc("请选择同意或不同意", "Agree or disagree")) }
        try f.check()
        try requireUnderReview(change)
        let person = try await EngineeringService.requireActs(.design, actor: actor, project: change.projectID, field: "agrees", on: db)
        change.designReviewerID = person.id
        change.designOpinion = opinion
        change.designAgrees = input.agrees
        try await settle(change, on: db)
        trail.record("reviewDesign", "designChange", id: change.id!.uuidString, zone: change.zoneID, after: input)
    }

    /// The cost holder prices the impact.
    static func reviewCost(_ input: CostReviewInput, change: DesignChange, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: change.zoneID)
        let opinion = f.text(input.opinion, "opinion", Loc("造价审核意见", "Cost opinion"), max: 2000)
        if let i = input.impactFen {
            if i.magnitude > 100_000_000_000_000 { f.v.add("impactFen", Loc("金额超出范围", "The amount is out of range")) }
        } else {
            f.v.add("impactFen", Loc("请填写造价影响（分，节约为负数）", "The cost impact is required (fen, negative for a saving)"))
        }
        try f.check()
        try requireUnderReview(change)
        let person = try await EngineeringService.requireActs(.cost, actor: actor, project: change.projectID, field: "impactFen", on: db)
        change.costReviewerID = person.id
        change.costOpinion = opinion
        change.impactFen = input.impactFen
        try await settle(change, on: db)
        trail.record("reviewCost", "designChange", id: change.id!.uuidString, zone: change.zoneID, after: input)
    }

    /// Once both reviews are in: rejected if design disagrees; above the zone setting it waits for a meeting; otherwise
    /// it takes effect.
    static func settle(_ c: DesignChange, on db: Database) async throws {
        if c.designAgrees == false {
            c.status = "rejected"
            c.decidedOn = CalendarDate.today().description
        } else if c.designAgrees == true, let impact = c.impactFen {
            guard let project = try await ConstructionProject.find(c.projectID, on: db) else { throw AppError.notFound }
            let wan = try await Settings.int("engineering.designChangeMeetingWan", zone: c.zoneID, on: db)
            let percent = try await Settings.int("engineering.designChangeMeetingPercent", zone: c.zoneID, on: db)
            c.needsMeeting = DesignChangeRule.needsMeeting(
                impact: Money(fen: impact),
                budget: try await budget(of: project, on: db),
                thresholdWan: wan,
                thresholdPercent: percent
            )
            c.status = c.needsMeeting ? "awaitingMeeting" : "effective"
            if !c.needsMeeting { c.decidedOn = CalendarDate.today().description }
        }
        try await c.update(on: db)
    }

    /// The budget a change is measured against: the latest approved cost stage, else the investment.
    static func budget(of project: ConstructionProject, on db: Database) async throws -> Money {
        let approved = try await CostDocument.query(on: db).filter(\.$projectID == project.id!).filter(\.$status == "approved").all()
        let latest = approved.compactMap { d in CostStage(rawValue: d.stage).map { ($0, d.amountFen) } }.max { $0.0 < $1.0 }
        return Money(fen: latest?.1 ?? project.investmentFen)
    }

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
