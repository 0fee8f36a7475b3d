import Fluent
import Vapor
import YuanquKit

struct AuditFirmInput: Codable {
    var name: String?
    var creditCode: String?
    /// e.g. 造价咨询, 跟踪审计.
    var qualifications: [String]?
    /// Companies the firm is related to (shareholding, management, recent joint work).
    var related: [String]?
    var active: Bool?
}

struct AuditAssignmentInput: Codable {
    /// The qualification the job needs (default 跟踪审计).
    var qualification: String?
    /// A firm other than the rotation's next one needs a reason; none given means the rotation's next.
    var firmId: String?
    var reason: String?
    var assignedOn: String?
}

struct AuditRatingInput: Codable {
    /// 1–5.
    var rating: Int?
    var note: String?
    var endedOn: String?
}

struct PaymentInput: Codable {
    var tenderId: String?
    /// The period the payment is for, e.g. 2026-10 or 第3期.
    var period: String?
    var requestedFen: Int64?
    var requestedOn: String?
}

struct PaymentConfirmInput: Codable {
    /// The tracking audit's confirmed amount.
    var confirmedFen: Int64?
    var confirmedOn: String?
}

struct PaymentPayInput: Codable {
    var paidFen: Int64?
    var paidOn: String?
}

/// The tracking-audit registry and rotation, and progress payments under the audit and the ceiling.
enum AuditFirmService {
    /// A progress payment's states: requested by the contractor, confirmed by cost, paid.
    static let paymentStatuses = ["requested", "confirmed", "paid"]

    static let defaultQualification = "跟踪审计"

    static func list(_ items: [String]?, _ field: String, into f: inout EngineeringFields) -> [String] {
        let cleaned = (items ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if cleaned.count > 50 || cleaned.contains(where: { $0.count > 80 || $0.contains("\n") }) {
            f.v.add(field, Loc("每项不超过 80 字，最多 50 项", "At most 50 entries of 80 characters each"))
        }
        return cleaned
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    static func save(_ input: AuditFirmInput, existing: AuditFirm?, zone: UUID, on db: Database, trail: AuditTrail) async throws
        -> AuditFirm
    {
        var f = EngineeringFields(zone: zone)
        let name = f.text(input.name, "name", Loc("单位名称", "Name"), max: 80)
        let code = f.text(input.creditCode, "creditCode", Loc("统一社会信用代码", "Credit code"), max: 18, required: false)
        if !code.isEmpty, (try? CreditCode(code)) == nil {
            f.v.add("creditCode", Loc("统一社会信用代码无效", "The unified social credit code is invalid"))
        }
        let quals = list(input.qualifications, "qualifications", into: &f)
        if quals.isEmpty && (existing == nil || input.qualifications != nil) {
            f.v.add("qualifications", Loc("请至少填写一项资质（如 跟踪审计、造价咨询）", "Give at least one qualification"))
        }
        let related = list(input.related, "related", into: &f)
        try f.check()
        if try await AuditFirm.query(on: db).filter(\.$zoneID == zone).filter(\.$name == name).filter(\.$id != (existing?.id ?? UUID()))
            .count()
            > 0
        {
            throw AppError.conflict(Loc("已有同名单位", "A firm of that name exists"), field: "name")
        }
        let firm = existing ?? AuditFirm()
        firm.zoneID = zone
        firm.name = name
        firm.creditCode = code.isEmpty ? nil : code
        if input.qualifications != nil || existing == nil { firm.qualifications = quals.joined(separator: "\n") }
        if input.related != nil || existing == nil { firm.related = related.joined(separator: "\n") }
        firm.active = input.active ?? existing?.active ?? true
        if existing == nil { try await firm.create(on: db) } else { try await firm.update(on: db) }
        trail.record(existing == nil ? "create" : "update", "auditFirm", id: firm.id!.uuidString, zone: zone, after: input)
        return firm
    }

    /// The parties a tracking auditor must be unrelated to: the project's contractors and suppliers (winning bidders)
    /// and its design holder unit.
    static func parties(of project: ConstructionProject, on db: Database) async throws -> Set<String> {
        var names: Set<String> = []
        for t in try await Tender.query(on: db).filter(\.$projectID == project.id!).all() {
            guard let w = t.winnerBidID, let b = try await Bid.find(w, on: db) else { continue }
            names.insert(b.bidder)
        }
        if let h = try await ProjectHolder.query(on: db).filter(\.$projectID == project.id!).filter(\.$responsibility == "design").first(),
            let u = try await OrgUnit.find(h.unitID, on: db)
        {
            names.insert(u.name)
        }
        return names
    }

    static func kit(_ f: AuditFirm) -> AuditRotation.Firm {
        AuditRotation.Firm(
            id: f.id!.uuidString,
            name: f.name,
            qualifications: Set(lines(f.qualifications)),
            related: Set(lines(f.related)),
            lastAssigned: f.lastAssignedOn.flatMap(CalendarDate.init),
            active: f.active
        )
    }

    /// Assigns the project's tracking audit: the rotation's next firm, or another eligible one with a reason.
    static func assign(_ input: AuditAssignmentInput, project: ConstructionProject, on db: Database, trail: AuditTrail) async throws
        -> AuditAssignment
    {
        var f = EngineeringFields(zone: project.zoneID)
        let qualification = f.text(input.qualification ?? defaultQualification, "qualification", Loc("所需资质", "Qualification"), max: 80)
        let on = f.date(input.assignedOn, "assignedOn", Loc("委托日期", "Date"), fallback: .today())
        let reason = f.text(input.reason, "reason", Loc("不按轮换顺序的理由", "Reason for skipping the rotation"), max: 1000, required: false)
        try f.check()
        if try await AuditAssignment.query(on: db).filter(\.$projectID == project.id!).filter(\.$endedOn == nil).count() > 0 {
            throw AppError.conflict(
                Loc("本项目已有在审的跟踪审计单位，须先结束并评价", "The project has a tracking audit in progress: end and rate it first"),
                field: "firmId"
            )
        }
        let firms = try await AuditFirm.query(on: db).filter(\.$zoneID == project.zoneID).all()
        let parties = try await parties(of: project, on: db)
        let next = try? AuditRotation.next(firms.map(kit), qualification: qualification, parties: parties)
        var chosen: AuditFirm
        if let raw = input.firmId, !raw.isEmpty {
            guard let id = UUID(uuidString: raw), let firm = firms.first(where: { $0.id == id }) else {
                throw AppError.invalid("firmId", Loc("所选单位不存在", "No such firm"))
            }
            do { try AuditRotation.check(kit(firm), qualification: qualification, parties: parties) } catch {
                switch error {
                case .related(let names):
                    throw AppError.invalid(
                        "firmId",
                        Loc(
                            "\(firm.name)与本项目的施工或设计单位（\(names.joined(separator: "、"))）存在关联，不能承担本项目跟踪审计",
                            "\(firm.name) is related to the project's contractor or designer (\(names.joined(separator: ", "))) and cannot audit it"
                        )
                    )
                case .unqualified(let q):
                    throw AppError.invalid("firmId", Loc("\(firm.name)没有“\(q)”资质", "\(firm.name) lacks the qualification “\(q)”"))
                case .inactive, .noneEligible:
                    throw AppError.invalid("firmId", Loc("\(firm.name)已停用", "\(firm.name) is inactive"))
                }
            }
            if next?.id != firm.id!.uuidString && reason.isEmpty {
                throw AppError.invalid(
                    "reason",
                    Loc(
                        "按轮换应委托\(next?.name ?? "其他单位")；改选须说明理由",
                        "The rotation's next firm is \(next?.name ?? "another"): give the reason for another"
                    )
                )
            }
            chosen = firm
        } else {
            guard let n = next, let firm = firms.first(where: { $0.id!.uuidString == n.id }) else {
                throw AppError.invalid(
                    "qualification",
                    Loc("没有具备“\(qualification)”资质且与本项目无关联的在册单位", "No active firm with “\(qualification)” unrelated to the project")
                )
            }
            chosen = firm
        }
        let a = AuditAssignment()
        a.projectID = project.id!
        a.firmID = chosen.id!
        a.assignedOn = on!.description
        a.reason = reason.isEmpty ? nil : reason
        try await a.create(on: db)
        chosen.lastAssignedOn = on!.description
        try await chosen.update(on: db)
        trail.record(
            "assign",
            "auditAssignment",
            id: a.id!.uuidString,
            zone: project.zoneID,
            after: ["firm": chosen.name, "project": project.code]
        )
        return a
    }

    /// Ends a job with the firm's rating.
    static func rate(_ input: AuditRatingInput, assignment: AuditAssignment, zone: UUID, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: zone)
        let on = f.date(input.endedOn, "endedOn", Loc("结束日期", "End date"), fallback: .today())
        let note = f.text(input.note, "note", Loc("评价说明", "Note"), max: 1000, required: false)
        if !(1...5).contains(input.rating ?? 0) { f.v.add("rating", Loc("评价须为 1–5 分", "The rating is from 1 to 5")) }
        if let d = on, d.description < assignment.assignedOn {
            f.v.add("endedOn", Loc("结束日期不能早于委托日期", "The end cannot be before the assignment"))
        }
        try f.check()
        guard assignment.endedOn == nil else {
            throw AppError.conflict(Loc("该委托已结束并评价", "This job has ended and been rated"), field: "rating")
        }
        assignment.endedOn = on!.description
        assignment.rating = input.rating
        assignment.ratingNote = note.isEmpty ? nil : note
        try await assignment.update(on: db)
        trail.record("rate", "auditAssignment", id: assignment.id!.uuidString, zone: zone, after: input)
    }

    // MARK: payments

    static func requestPayment(_ input: PaymentInput, project: ConstructionProject, on db: Database, trail: AuditTrail) async throws
        -> ProgressPayment
    {
        var f = EngineeringFields(zone: project.zoneID)
        let period = f.text(input.period, "period", Loc("支付期次", "Period"), max: 40)
        let amount = f.money(input.requestedFen, "requestedFen", Loc("申请金额", "Requested amount"))
        let on = f.date(input.requestedOn, "requestedOn", Loc("申请日期", "Date"), fallback: .today())
        var tender: Tender? = nil
        if let raw = input.tenderId, let id = UUID(uuidString: raw), let t = try await Tender.find(id, on: db), t.projectID == project.id {
            tender = t
        } else {
            f.v.add("tenderId", Loc("请选择本项目已签订的合同", "Choose a signed contract of the project"))
        }
        try f.check()
        guard tender!.status == "contracted", tender!.contractFen != nil else {
            throw AppError.invalid("tenderId", Loc("该采购尚未签订合同，不能支付进度款", "The procurement has no signed contract yet"))
        }
        if try await ProgressPayment.query(on: db).filter(\.$tenderID == tender!.id!).filter(\.$period == period).count() > 0 {
            throw AppError.conflict(Loc("该合同已有“\(period)”期进度款", "This contract already has a payment for “\(period)”"), field: "period")
        }
        let p = ProgressPayment()
        p.zoneID = project.zoneID
        p.projectID = project.id!
        p.tenderID = tender!.id!
        p.period = period
        p.requestedFen = amount.fen
        p.requestedOn = on!.description
        p.status = "requested"
        try await p.create(on: db)
        trail.record("request", "payment", id: p.id!.uuidString, zone: project.zoneID, after: input)
        return p
    }

    /// The tracking audit confirms an amount; the project's audit in progress is recorded as the confirming firm.
    static func confirm(_ input: PaymentConfirmInput, payment: ProgressPayment, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: payment.zoneID)
        let amount = f.money(input.confirmedFen, "confirmedFen", Loc("审计确认金额", "Confirmed amount"), positive: false)
        let on = f.date(input.confirmedOn, "confirmedOn", Loc("确认日期", "Date"), fallback: .today())
        try f.check()
        guard payment.status == "requested" else {
            throw AppError.conflict(Loc("该笔进度款已确认", "This payment is already confirmed"), field: "confirmedFen")
        }
        guard let job = try await AuditAssignment.query(on: db).filter(\.$projectID == payment.projectID).filter(\.$endedOn == nil).first()
        else {
            throw AppError.invalid("confirmedFen", Loc("本项目没有在审的跟踪审计单位，不能确认", "The project has no tracking audit in progress"))
        }
        payment.firmID = job.firmID
        payment.confirmedFen = amount.fen
        payment.confirmedOn = on!.description
        payment.status = "confirmed"
        try await payment.update(on: db)
        trail.record("confirm", "payment", id: payment.id!.uuidString, zone: payment.zoneID, after: input)
    }

    /// Pays within the confirmed amount and the ceiling (or the settled amount once the project is settled).
    static func pay(_ input: PaymentPayInput, payment: ProgressPayment, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: payment.zoneID)
        let amount = f.money(input.paidFen, "paidFen", Loc("支付金额", "Amount paid"))
        let on = f.date(input.paidOn, "paidOn", Loc("支付日期", "Date"), fallback: .today())
        try f.check()
        guard payment.status == "confirmed" || payment.status == "requested" else {
            throw AppError.conflict(Loc("该笔进度款已支付", "This payment is already paid"), field: "paidFen")
        }
        guard let tender = try await Tender.find(payment.tenderID, on: db), let price = tender.contractFen else { throw AppError.notFound }
        let paid = try await ProgressPayment.query(on: db).filter(\.$tenderID == tender.id!).filter(\.$status == "paid").all()
            .reduce(Int64(0)) { $0 + ($1.paidFen ?? 0) }
        let percent = try await Settings.int("engineering.paymentCeilingPercent", zone: payment.zoneID, on: db)
        let settled = try await CostDocument.query(on: db).filter(\.$projectID == payment.projectID).filter(\.$stage == "settlement")
            .filter(\.$status == "approved").first()
        do {
            try PaymentRule.check(
                amount: amount,
                confirmed: payment.confirmedFen.map(Money.init(fen:)),
                paidBefore: Money(fen: paid),
                contractPrice: Money(fen: price),
                ceilingPercent: percent,
                settled: settled.map { Money(fen: min($0.amountFen, price)) }
            )
        } catch {
            let message: Loc
            switch error {
            case .notConfirmed: message = Loc("进度款须经跟踪审计确认后支付", "A progress payment needs the tracking audit's confirmation first")
            case .aboveConfirmed(let c): message = Loc("支付金额不能超过审计确认金额 \(c.display)", "The amount cannot exceed the confirmed \(c.display)")
            case .aboveCeiling(let cap, let before):
                message = Loc(
                    "结算前累计支付不能超过合同价的 \(percent)%（\(cap.display)），已付 \(before.display)",
                    "Before settlement payments stay within \(percent)% of the contract price (\(cap.display)); paid \(before.display)"
                )
            case .aboveSettlement(let s, let before):
                message = Loc(
                    "累计支付不能超过结算金额 \(s.display)，已付 \(before.display)",
                    "Payments stay within the settlement \(s.display); paid \(before.display)"
                )
            case .notPositive: message = Loc("支付金额须大于零", "The amount must be above zero")
            }
            throw AppError.invalid("paidFen", message)
        }
        payment.paidFen = amount.fen
        payment.paidOn = on!.description
        payment.status = "paid"
        try await payment.update(on: db)
        trail.record("pay", "payment", id: payment.id!.uuidString, zone: payment.zoneID, after: input)
    }
}
