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

/// Cost stages (估算 → 概算 → 预算 → 结算), through the one write path.
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
}
