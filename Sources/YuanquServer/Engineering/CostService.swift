import Fluent
import Vapor
import YuanquKit

struct CostDocumentInput: Codable {
    /// A `CostStage` raw value: estimate, budgetaryEstimate, budget, settlement.
    var stage: String?
    var amountFen: Int64?
    var basis: String?
    /// Required when the amount is above the approved stage before.
    var overrunReason: String?
    var preparedOn: String?
}

struct CostDecisionInput: Codable {
    var approve: Bool?
    /// Must be true to approve a stage above the approved one before.
    var approveOverrun: Bool?
    var note: String?
    var decidedOn: String?
}

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

/// Cost stages (估算 → 概算 → 预算 → 结算) and design changes, through the one write path.
enum CostService {
    static func prepare(_ input: CostDocumentInput, project: ConstructionProject, actor: Actor, on db: Database, trail: AuditTrail)
        async throws -> CostDocument
    {
        var f = EngineeringFields(zone: project.zoneID)
        let stage = f.choice(input.stage, "stage", Loc("造价阶段", "Cost stage"), as: CostStage.self)
        let amount = f.money(input.amountFen, "amountFen", Loc("金额", "Amount"))
        let basis = f.text(input.basis, "basis", Loc("编制依据", "Basis"), max: 1000)
        let on = f.date(input.preparedOn, "preparedOn", Loc("编制日期", "Date"), fallback: .today())
        let reason = f.text(input.overrunReason, "overrunReason", Loc("超出原因", "Overrun reason"), max: 1000, required: false)
        try f.check()
        let person = try await EngineeringService.requireActs(.cost, actor: actor, project: project.id!, field: "stage", on: db)
        let docs = try await CostDocument.query(on: db).filter(\.$projectID == project.id!).all()
        var approved: [CostStage: Money] = [:]
        var prepared: Set<CostStage> = []
        for d in docs {
            guard let s = CostStage(rawValue: d.stage) else { continue }
            if d.status == "approved" { approved[s] = Money(fen: d.amountFen) }
            if d.status != "returned" { prepared.insert(s) }
        }
        do {
            try CostControl.checkPrepare(stage!, amount: amount, overrunReason: reason, approved: approved, prepared: prepared)
        } catch {
            throw refusal(error)
        }
        let doc = docs.first { $0.stage == stage!.rawValue } ?? CostDocument()
        let before = doc.id == nil ? nil : ["amountFen": doc.amountFen]
        doc.projectID = project.id!
        doc.stage = stage!.rawValue
        doc.amountFen = amount.fen
        doc.basis = basis
        doc.overrunReason = reason.isEmpty ? nil : reason
        doc.preparedByID = person.id!
        doc.preparedOn = on!.description
        doc.status = "prepared"
        doc.decidedBy = nil
        doc.decidedOn = nil
        doc.decisionNote = nil
        if doc.id == nil { try await doc.create(on: db) } else { try await doc.update(on: db) }
        trail.record("prepare", "costDocument", id: doc.id!.uuidString, zone: project.zoneID, before: before, after: input)
        return doc
    }

    static func refusal(_ e: CostControl.Refusal) -> AppError {
        switch e {
        case .previousNotApproved(let s):
            let l = EngineeringLabels.costStage(s)
            return AppError.invalid("stage", Loc("须先批准\(l.zh)，再编制下一阶段", "Approve the \(l.en.lowercased()) before the next stage"))
        case .alreadyPrepared(let s):
            let l = EngineeringLabels.costStage(s)
            return AppError.conflict(Loc("\(l.zh)已编制", "The \(l.en.lowercased()) is already prepared"), field: "stage")
        case .overrunWithoutReason(let previous, let excess):
            return AppError.invalid(
                "overrunReason",
                Loc(
                    "金额超出已批准的上一阶段（\(previous.display)）\(excess.display)，须说明超出原因",
                    "The amount is \(excess.display) above the approved stage before (\(previous.display)): give the reason"
                )
            )
        case .overrunNotApproved(let excess):
            return AppError.invalid(
                "approveOverrun",
                Loc(
                    "该阶段超出上一阶段 \(excess.display)，批准时须同时批准超支",
                    "This stage is \(excess.display) above the one before: approve the overrun too"
                )
            )
        case .notPositive:
            return AppError.invalid("amountFen", Loc("金额须大于零", "The amount must be above zero"))
        }
    }

    /// A leader approves or returns a prepared stage; an overrun is approved explicitly. Settlement closes the project.
    static func decide(
        _ input: CostDecisionInput,
        document: CostDocument,
        project: ConstructionProject,
        actor: Actor,
        on db: Database,
        trail: AuditTrail
    )
        async throws
    {
        try actor.require(.engineeringDecide)
        var f = EngineeringFields(zone: project.zoneID)
        let on = f.date(input.decidedOn, "decidedOn", Loc("审批日期", "Date"), fallback: .today())
        let note = f.text(input.note, "note", Loc("审批意见", "Note"), max: 1000, required: input.approve == false)
        if input.approve == nil { f.v.add("approve", Loc("请选择批准或退回", "Approve or return")) }
        try f.check()
        guard document.status == "prepared" else {
            throw AppError.conflict(Loc("该阶段不在待审批状态", "This stage is not awaiting approval"), field: "approve")
        }
        try await EngineeringService.requireIndependent(actor, project: project.id!, field: "approve", on: db)
        let stage = CostStage(rawValue: document.stage)!
        if input.approve == true {
            var previous: Money? = nil
            if let p = stage.previous,
                let d = try await CostDocument.query(on: db).filter(\.$projectID == project.id!).filter(\.$stage == p.rawValue)
                    .filter(\.$status == "approved").first()
            {
                previous = Money(fen: d.amountFen)
            }
            do {
                try CostControl.checkApprove(
                    amount: Money(fen: document.amountFen),
                    previous: previous,
                    approvesOverrun: input.approveOverrun == true
                )
            } catch {
                throw refusal(error)
            }
        }
        document.status = input.approve == true ? "approved" : "returned"
        document.decidedBy = actor.displayName
        document.decidedOn = on!.description
        document.decisionNote = note.isEmpty ? nil : note
        try await document.update(on: db)
        if stage == .settlement && input.approve == true {
            project.stage = ConstructionStage.settled.rawValue
            try await project.update(on: db)
        }
        trail.record(
            document.status == "approved" ? "approve" : "return",
            "costDocument",
            id: document.id!.uuidString,
            zone: project.zoneID,
            after: input
        )
    }

    // MARK: design changes

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
}
