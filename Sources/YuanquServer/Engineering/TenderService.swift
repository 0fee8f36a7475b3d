import Fluent
import Vapor
import YuanquKit

struct TenderInput: Codable {
    var projectId: String?
    var package: String?
    /// works, goods or services.
    var category: String?
    /// publicTender, invitedTender, competitiveNegotiation, inquiry or singleSource.
    var method: String?
    var estimatedFen: Int64?
    var bidSecurityFen: Int64?
    /// The day the documents are issued.
    var issuedOn: String?
    var bidDeadline: String?
}

struct MethodApprovalInput: Codable {
    /// The approval's document number or minute.
    var approvalRef: String?
}

struct ClarificationInput: Codable {
    var issuedOn: String?
    /// Whether it may affect the preparation of bids.
    var affectsBids: Bool?
    var note: String?
    /// A later deadline, when the clarification is less than 15 days before the current one.
    var newDeadline: String?
}

struct TenderObjectionInput: Codable {
    /// documents or publicity.
    var stage: String?
    var raisedOn: String?
    var raisedBy: String?
    var text: String?
}

struct ObjectionAnswerInput: Codable {
    var answer: String?
    var answeredOn: String?
}

struct BidInput: Codable {
    var bidder: String?
    var creditCode: String?
    var amountFen: Int64?
    var submittedOn: String?
}

struct CommitteeMemberInput: Codable {
    var name: String?
    /// A technical or economic expert (as opposed to the tenderer's representative).
    var expert: Bool?
    /// The member's employer, checked against the bidders.
    var employer: String?
}

struct CommitteeInput: Codable { var members: [CommitteeMemberInput]? }

struct EvaluationInput: Codable {
    var reportOn: String?
    /// Bid ids, best first.
    var ranking: [String]?
}

struct RetenderInput: Codable {
    var reason: String?
    var issuedOn: String?
    var bidDeadline: String?
}

struct PublicityInput: Codable {
    var from: String?
    var to: String?
}

struct AwardInput: Codable {
    var awardedOn: String?
    /// The winning bid; the first-ranked candidate when absent.
    var bidId: String?
}

struct ContractInput: Codable {
    var signedOn: String?
    var contractFen: Int64?
}

/// Tendering (招投标) through the one write path: every check of `Tendering` (YuanquKit) is applied here, and a
/// refusal names the field and the article.
enum TenderService {
    static func refusal(_ e: Tendering.Refusal, field: String) -> AppError {
        let what: Loc
        switch e {
        case .bidPeriodTooShort(let d):
            what = Loc(
                "自招标文件发出之日起至投标截止之日止不得少于 20 日（现为 \(d) 日）",
                "At least 20 days from issuing the documents to the bid deadline (now \(d))"
            )
        case .clarificationTooLate(let d):
            what = Loc(
                "可能影响投标文件编制的澄清或修改，须在投标截止时间至少 15 日前发出，否则顺延截止时间（现为 \(d) 日前）",
                "A clarification that may affect bids is issued at least 15 days before the deadline, or the deadline moves (now \(d))"
            )
        case .objectionTooLate(let d):
            what = Loc(
                "对招标文件的异议应在投标截止时间 10 日前提出（现为 \(d) 日前）",
                "Objections to the documents come at least 10 days before the deadline (now \(d))"
            )
        case .bidSecurityTooHigh(let max):
            what = Loc("投标保证金不得超过招标项目估算价的 2%（上限 \(max.display)）", "Bid security is at most 2% of the estimated value (\(max.display))")
        case .bidSecurityAboveCap(let max, _):
            what = Loc("投标保证金最高不得超过 \(max.display)", "Bid security is at most \(max.display)")
        case .tooFewBids(let n):
            what = Loc("投标人少于 3 个的，应当依法重新招标（现有 \(n) 个）", "Fewer than three bids: tender again (now \(n))")
        case .committeeTooSmall(let n):
            what = Loc("评标委员会成员须为 5 人以上单数（现为 \(n) 人）", "The committee has five or more members (now \(n))")
        case .committeeEven(let n):
            what = Loc("评标委员会成员人数须为单数（现为 \(n) 人）", "The committee has an odd number of members (now \(n))")
        case .tooFewExperts(let e, let needed):
            what = Loc("技术、经济等方面的专家不得少于成员总数的三分之二（须 \(needed) 人，现 \(e) 人）", "At least two-thirds experts (\(needed) needed, \(e) now)")
        case .publicityLate(let d):
            what = Loc("应自收到评标报告之日起 3 日内公示中标候选人（现为第 \(d) 日）", "Candidates are publicised within 3 days of the report (now day \(d))")
        case .publicityTooShort(let d):
            what = Loc("中标候选人公示期不得少于 3 日（现为 \(d) 日）", "Publicity lasts at least 3 days (now \(d))")
        }
        return AppError(.unprocessableEntity, "tendering", Loc(e.source + "：" + what.zh, e.source + ": " + what.en), field: field)
    }

    /// The value that counts for NDRC Order No. 16: this package with the live packages of the same project and category.
    static func combined(project: UUID, category: ProcurementCategory, excluding: UUID?, plus value: Money, on db: Database) async throws
        -> Money
    {
        let others = try await Tender.query(on: db).filter(\.$projectID == project).filter(\.$category == category.rawValue)
            .filter(\.$status != "failed").all()
        return others.filter { $0.id != excluding }.reduce(value) { $0 + Money(fen: $1.estimatedFen) }
    }

    static func create(_ input: TenderInput, zone: UUID, retenderOf: Tender? = nil, on db: Database, trail: AuditTrail) async throws
        -> Tender
    {
        var f = EngineeringFields(zone: zone)
        var project: ConstructionProject? = nil
        if let raw = input.projectId, let id = UUID(uuidString: raw), let p = try await ConstructionProject.find(id, on: db),
            p.zoneID == zone
        {
            project = p
        } else {
            f.v.add("projectId", Loc("请选择工程项目", "Choose the project"))
        }
        let package = f.text(input.package, "package", Loc("标段名称", "Package"), max: 120)
        let category = f.choice(input.category, "category", Loc("采购类别", "Category"), as: ProcurementCategory.self)
        let method = f.choice(input.method, "method", Loc("采购方式", "Method"), as: ProcurementMethod.self)
        let estimate = f.money(input.estimatedFen, "estimatedFen", Loc("估算价", "Estimated value"))
        let security = f.money(input.bidSecurityFen ?? 0, "bidSecurityFen", Loc("投标保证金", "Bid security"), positive: false)
        let issued = f.date(input.issuedOn, "issuedOn", Loc("招标文件发出日期", "Documents issued"))
        let deadline = f.date(input.bidDeadline, "bidDeadline", Loc("投标截止日期", "Bid deadline"))
        try f.check()
        if method!.isTender {
            do { try Tendering.checkBidPeriod(issued: issued!, deadline: deadline!) } catch { throw refusal(error, field: "bidDeadline") }
            do { try Tendering.checkBidSecurity(security, estimatedValue: estimate) } catch {
                throw refusal(error, field: "bidSecurityFen")
            }
        } else if deadline! < issued! {
            throw AppError.invalid("bidDeadline", Loc("截止日期不能早于发出日期", "The deadline cannot be before the issue"))
        }
        let p = project!
        let total = try await combined(project: p.id!, category: category!, excluding: nil, plus: estimate, on: db)
        let required = Tendering.publicTenderRequired(
            category: category!,
            combinedValue: total,
            inScope: Tendering.inScope(budgetFunds: Money(fen: p.budgetFundsFen), investment: Money(fen: p.investmentFen))
        )
        let t = Tender()
        t.zoneID = zone
        t.projectID = p.id!
        t.package = package
        t.category = category!.rawValue
        t.method = method!.rawValue
        t.estimatedFen = estimate.fen
        t.bidSecurityFen = security.fen
        t.issuedOn = issued!.description
        t.bidDeadline = deadline!.description
        t.combinedFen = total.fen
        t.publicRequired = required
        // NDRC Order No. 16 art. 5: a non-public method above the threshold needs a recorded approval first.
        t.status = required && method! != .publicTender ? "awaitingApproval" : "open"
        t.retenderOfID = retenderOf?.id
        t.createdOn = CalendarDate.today().description
        try await t.create(on: db)
        // The packages it counts with now show the same combined value, so an earlier package of a split is marked too.
        let siblings = try await Tender.query(on: db).filter(\.$projectID == p.id!).filter(\.$category == category!.rawValue)
            .filter(\.$status != "failed").filter(\.$id != t.id!).all()
        for other in siblings where other.combinedFen != total.fen {
            other.combinedFen = total.fen
            other.publicRequired = required
            try await other.update(on: db)
        }
        trail.record("create", "tender", id: t.id!.uuidString, zone: zone, after: input)
        return t
    }

    /// A leader records the approval of a non-public method above the threshold.
    static func approveMethod(_ input: MethodApprovalInput, tender: Tender, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: tender.zoneID)
        let ref = f.text(input.approvalRef, "approvalRef", Loc("批准文号或会议纪要", "Approval reference"), max: 200)
        try f.check()
        guard tender.status == "awaitingApproval" else {
            throw AppError.conflict(Loc("该采购不需要或已取得方式审批", "This procurement needs no approval or has one"), field: "approvalRef")
        }
        try await EngineeringService.requireIndependent(actor, project: tender.projectID, field: "approvalRef", on: db)
        tender.approvalRef = ref
        tender.approvedBy = actor.displayName
        tender.status = "open"
        try await tender.update(on: db)
        trail.record("approveMethod", "tender", id: tender.id!.uuidString, zone: tender.zoneID, after: input)
    }

    static func requireStatus(_ t: Tender, _ statuses: [String], field: String) throws {
        guard statuses.contains(t.status) else {
            let now = EngineeringLabels.tenderStatus(t.status)
            throw AppError.conflict(Loc("当前状态（\(now.zh)）不能办理此事项", "Not possible in the current state (\(now.en))"), field: field)
        }
    }

    static func method(_ t: Tender) -> ProcurementMethod { ProcurementMethod(rawValue: t.method) ?? .publicTender }

    /// 实施条例 art. 21: a clarification that may affect bids at least 15 days before the deadline, or the deadline moves.
    static func clarify(_ input: ClarificationInput, tender: Tender, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: tender.zoneID)
        let issued = f.date(input.issuedOn, "issuedOn", Loc("发出日期", "Issued on"), fallback: .today())
        let note = f.text(input.note, "note", Loc("澄清或修改内容", "Content"), max: 2000)
        let newDeadline =
            (input.newDeadline ?? "").isEmpty ? nil : f.date(input.newDeadline, "newDeadline", Loc("新的投标截止日期", "New deadline"))
        try f.check()
        try requireStatus(tender, ["open", "awaitingApproval"], field: "issuedOn")
        let before = tender.bidDeadline
        let deadline = newDeadline ?? CalendarDate(tender.bidDeadline)!
        if let n = newDeadline, n.description < tender.bidDeadline {
            throw AppError.invalid("newDeadline", Loc("新的截止日期不能早于原截止日期", "The new deadline cannot be earlier"))
        }
        if input.affectsBids == true && method(tender).isTender {
            do { try Tendering.checkClarification(issued: issued!, deadline: deadline) } catch {
                throw refusal(error, field: newDeadline == nil ? "bidDeadline" : "newDeadline")
            }
        }
        let c = TenderClarification()
        c.tenderID = tender.id!
        c.issuedOn = issued!.description
        c.affectsBids = input.affectsBids ?? false
        c.note = note
        c.deadlineBefore = before
        c.deadlineAfter = deadline.description
        try await c.create(on: db)
        tender.bidDeadline = deadline.description
        try await tender.update(on: db)
        trail.record("clarify", "tender", id: tender.id!.uuidString, zone: tender.zoneID, before: ["bidDeadline": before], after: input)
    }

    /// An objection to the documents (实施条例 art. 22: at least 10 days before the deadline) or to the winning
    /// candidates during publicity (art. 54: it suspends the award until answered).
    static func object(_ input: TenderObjectionInput, tender: Tender, on db: Database, trail: AuditTrail) async throws -> TenderObjection {
        var f = EngineeringFields(zone: tender.zoneID)
        let raised = f.date(input.raisedOn, "raisedOn", Loc("提出日期", "Raised on"), fallback: .today())
        let by = f.text(input.raisedBy, "raisedBy", Loc("异议人", "Raised by"), max: 80)
        let text = f.text(input.text, "text", Loc("异议内容", "Objection"), max: 2000)
        let stage = input.stage ?? ""
        if stage != "documents" && stage != "publicity" {
            f.v.add("stage", Loc("异议对象须为 documents（招标文件）或 publicity（中标候选人）", "Stage: documents or publicity"))
        }
        try f.check()
        if stage == "documents" {
            try requireStatus(tender, ["open", "awaitingApproval"], field: "stage")
            if method(tender).isTender {
                do { try Tendering.checkObjection(raised: raised!, deadline: CalendarDate(tender.bidDeadline)!) } catch {
                    throw refusal(error, field: "raisedOn")
                }
            }
        } else {
            try requireStatus(tender, ["publicity"], field: "stage")
            if let from = tender.publicityFrom, let to = tender.publicityTo, raised!.description < from || raised!.description > to {
                throw AppError.invalid(
                    "raisedOn",
                    Loc("对中标候选人的异议应在公示期（\(from) 至 \(to)）内提出", "Objections come during publicity (\(from) to \(to))")
                )
            }
        }
        let o = TenderObjection()
        o.tenderID = tender.id!
        o.stage = stage
        o.raisedOn = raised!.description
        o.raisedBy = by
        o.text = text
        try await o.create(on: db)
        trail.record("object", "tender", id: tender.id!.uuidString, zone: tender.zoneID, after: input)
        return o
    }

    static func answer(_ input: ObjectionAnswerInput, objection: TenderObjection, tender: Tender, on db: Database, trail: AuditTrail)
        async throws
    {
        var f = EngineeringFields(zone: tender.zoneID)
        let answer = f.text(input.answer, "answer", Loc("答复", "Answer"), max: 2000)
        let on = f.date(input.answeredOn, "answeredOn", Loc("答复日期", "Answered on"), fallback: .today())
        try f.check()
        guard objection.answeredOn == nil else { throw AppError.conflict(Loc("该异议已答复", "This objection is answered"), field: "answer") }
        objection.answer = answer
        objection.answeredOn = on!.description
        try await objection.update(on: db)
        trail.record("answer", "tenderObjection", id: objection.id!.uuidString, zone: tender.zoneID, after: input)
    }

    static func addBid(_ input: BidInput, tender: Tender, on db: Database, trail: AuditTrail) async throws -> Bid {
        var f = EngineeringFields(zone: tender.zoneID)
        let bidder = f.text(input.bidder, "bidder", Loc("投标人", "Bidder"), max: 80)
        let code = f.text(input.creditCode, "creditCode", Loc("统一社会信用代码", "Credit code"), max: 18, required: false)
        if !code.isEmpty, (try? CreditCode(code)) == nil { f.v.add("creditCode", Loc("统一社会信用代码无效", "The credit code is invalid")) }
        let amount = f.money(input.amountFen, "amountFen", Loc("投标报价", "Bid amount"))
        let on = f.date(input.submittedOn, "submittedOn", Loc("递交日期", "Submitted on"), fallback: CalendarDate(tender.bidDeadline))
        try f.check()
        try requireStatus(tender, ["open"], field: "bidder")
        if on!.description > tender.bidDeadline {
            throw AppError.invalid(
                "submittedOn",
                Loc("投标截止（\(tender.bidDeadline)）后送达的投标文件应当拒收", "A bid after the deadline (\(tender.bidDeadline)) is refused")
            )
        }
        if try await Bid.query(on: db).filter(\.$tenderID == tender.id!).filter(\.$bidder == bidder).count() > 0 {
            throw AppError.conflict(Loc("\(bidder)已投标", "\(bidder) has bid already"), field: "bidder")
        }
        let b = Bid()
        b.tenderID = tender.id!
        b.bidder = bidder
        b.creditCode = code.isEmpty ? nil : code
        b.amountFen = amount.fen
        b.submittedOn = on!.description
        try await b.create(on: db)
        trail.record("bid", "tender", id: tender.id!.uuidString, zone: tender.zoneID, after: input)
        return b
    }

    static func normalised(_ s: String) -> String { s.filter { !$0.isWhitespace } }

    /// 招标投标法 art. 37: five or more, odd, two-thirds experts; a member employed by a bidder is refused.
    static func setCommittee(_ input: CommitteeInput, tender: Tender, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: tender.zoneID)
        let members = input.members ?? []
        var names: Set<String> = []
        for (i, m) in members.enumerated() {
            let name = f.text(m.name, "members[\(i)].name", Loc("姓名", "Name"), max: 40)
            _ = f.text(m.employer, "members[\(i)].employer", Loc("工作单位", "Employer"), max: 80)
            if !name.isEmpty && !names.insert(name).inserted { f.v.add("members[\(i)].name", Loc("成员重复", "A member twice")) }
        }
        try f.check()
        try requireStatus(tender, ["open"], field: "members")
        if method(tender).isTender {
            do { try Tendering.checkCommittee(size: members.count, experts: members.filter { $0.expert == true }.count) } catch {
                throw refusal(error, field: "members")
            }
        }
        let bidders = try await Bid.query(on: db).filter(\.$tenderID == tender.id!).all().map(\.bidder)
        for (i, m) in members.enumerated() {
            let employer = normalised(m.employer ?? "")
            if let b = bidders.first(where: { normalised($0) == employer }) {
                throw AppError.invalid(
                    "members[\(i)].employer",
                    Loc(
                        "招标投标法第三十七条：与投标人有利害关系的人不得进入评标委员会（\(m.name ?? "")任职于投标人\(b)）",
                        "Bidding Law art. 37: a person related to a bidder may not sit on the committee (\(m.name ?? "") works for \(b))"
                    )
                )
            }
        }
        for old in try await CommitteeMember.query(on: db).filter(\.$tenderID == tender.id!).all() { try await old.delete(on: db) }
        for m in members {
            let row = CommitteeMember()
            row.tenderID = tender.id!
            row.name = m.name!.trimmingCharacters(in: .whitespacesAndNewlines)
            row.expert = m.expert ?? false
            row.employer = (m.employer ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            try await row.create(on: db)
        }
        trail.record("committee", "tender", id: tender.id!.uuidString, zone: tender.zoneID, after: input)
    }

    /// The evaluation report ranks the bids. A tender needs three bids (art. 28) and a committee.
    static func evaluate(_ input: EvaluationInput, tender: Tender, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: tender.zoneID)
        let report = f.date(input.reportOn, "reportOn", Loc("评标报告日期", "Report date"), fallback: .today())
        try f.check()
        try requireStatus(tender, ["open"], field: "reportOn")
        if report!.description < tender.bidDeadline {
            throw AppError.invalid(
                "reportOn",
                Loc("评标应在投标截止（\(tender.bidDeadline)）之后", "Evaluation comes after the deadline (\(tender.bidDeadline))")
            )
        }
        let bids = try await Bid.query(on: db).filter(\.$tenderID == tender.id!).all()
        if method(tender).isTender {
            do { try Tendering.checkBids(bids.count) } catch { throw refusal(error, field: "ranking") }
            if try await CommitteeMember.query(on: db).filter(\.$tenderID == tender.id!).count() == 0 {
                throw AppError.invalid("ranking", Loc("请先组建评标委员会", "Form the evaluation committee first"))
            }
        } else if bids.isEmpty {
            throw AppError.invalid("ranking", Loc("尚无报价", "No bid yet"))
        }
        let ranking = input.ranking ?? []
        let ids = ranking.compactMap(UUID.init(uuidString:))
        guard ids.count == ranking.count, !ids.isEmpty, Set(ids).count == ids.count, ids.allSatisfy({ id in bids.contains { $0.id == id } })
        else {
            throw AppError.invalid("ranking", Loc("排名须列出本次投标的编号（不重复）", "The ranking lists this tender's bid ids, once each"))
        }
        for b in bids {
            b.rank = ids.firstIndex(of: b.id!).map { $0 + 1 }
            try await b.update(on: db)
        }
        tender.reportOn = report!.description
        tender.status = "evaluated"
        try await tender.update(on: db)
        trail.record("evaluate", "tender", id: tender.id!.uuidString, zone: tender.zoneID, after: input)
    }

    /// 招标投标法 art. 28: with fewer than three bids the tender fails and is tendered again; the reason is recorded.
    static func retender(_ input: RetenderInput, tender: Tender, on db: Database, trail: AuditTrail) async throws -> Tender {
        var f = EngineeringFields(zone: tender.zoneID)
        let reason = f.text(input.reason, "reason", Loc("重新招标原因", "Reason"), max: 1000)
        try f.check()
        try requireStatus(tender, ["open", "evaluated", "publicity"], field: "reason")
        tender.status = "failed"
        tender.failedReason = reason
        try await tender.update(on: db)
        trail.record("fail", "tender", id: tender.id!.uuidString, zone: tender.zoneID, after: ["reason": reason])
        let again = TenderInput(
            projectId: tender.projectID.uuidString,
            package: tender.package,
            category: tender.category,
            method: tender.method,
            estimatedFen: tender.estimatedFen,
            bidSecurityFen: tender.bidSecurityFen,
            issuedOn: input.issuedOn,
            bidDeadline: input.bidDeadline
        )
        let t = try await create(again, zone: tender.zoneID, retenderOf: tender, on: db, trail: trail)
        if tender.approvalRef != nil && t.status == "awaitingApproval" {
            t.approvalRef = tender.approvalRef
            t.approvedBy = tender.approvedBy
            t.status = "open"
            try await t.update(on: db)
        }
        return t
    }

    /// 实施条例 art. 54: the candidates publicised within 3 days of the report, for at least 3 calendar days.
    static func publicise(_ input: PublicityInput, tender: Tender, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: tender.zoneID)
        let from = f.date(input.from, "from", Loc("公示开始", "Publicity from"))
        let to = f.date(input.to, "to", Loc("公示结束", "Publicity to"))
        try f.check()
        try requireStatus(tender, ["evaluated"], field: "from")
        do { try Tendering.checkPublicity(report: CalendarDate(tender.reportOn!)!, from: from!, to: to!) } catch {
            throw refusal(error, field: { if case .publicityLate = error { return "from" } else { return "to" } }())
        }
        tender.publicityFrom = from!.description
        tender.publicityTo = to!.description
        tender.status = "publicity"
        try await tender.update(on: db)
        trail.record("publicise", "tender", id: tender.id!.uuidString, zone: tender.zoneID, after: input)
    }

    /// The award notice: after publicity with no objection unanswered (for a tender), to the first candidate unless told.
    static func award(_ input: AwardInput, tender: Tender, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: tender.zoneID)
        let on = f.date(input.awardedOn, "awardedOn", Loc("中标通知书日期", "Award notice date"), fallback: .today())
        try f.check()
        if method(tender).isTender {
            try requireStatus(tender, ["publicity"], field: "awardedOn")
            if on!.description <= tender.publicityTo! {
                throw AppError.invalid(
                    "awardedOn",
                    Loc("公示期（至 \(tender.publicityTo!)）结束后方可定标", "Award after publicity ends (\(tender.publicityTo!))")
                )
            }
            let open = try await TenderObjection.query(on: db).filter(\.$tenderID == tender.id!).filter(\.$stage == "publicity")
                .filter(\.$answeredOn == nil).count()
            if open > 0 {
                throw AppError.conflict(
                    Loc("招标投标法实施条例第五十四条：公示期间有异议未答复，暂停定标", "Implementing Regulation art. 54: an objection is unanswered; the award waits"),
                    field: "awardedOn"
                )
            }
        } else {
            try requireStatus(tender, ["evaluated", "publicity"], field: "awardedOn")
        }
        let bids = try await Bid.query(on: db).filter(\.$tenderID == tender.id!).all()
        let winner: Bid?
        if let raw = input.bidId, !raw.isEmpty {
            winner = bids.first { $0.id?.uuidString.lowercased() == raw.lowercased() && $0.rank != nil }
        } else {
            winner = bids.first { $0.rank == 1 }
        }
        guard let w = winner else { throw AppError.invalid("bidId", Loc("中标人须为排名的中标候选人", "The winner must be a ranked candidate")) }
        tender.winnerBidID = w.id
        tender.awardedOn = on!.description
        tender.status = "awarded"
        try await tender.update(on: db)
        trail.record(
            "award",
            "tender",
            id: tender.id!.uuidString,
            zone: tender.zoneID,
            after: ["winner": w.bidder, "awardedOn": on!.description]
        )
    }

    /// 招标投标法 art. 46: the contract within 30 days of the award notice; a later one is recorded and shown as late.
    static func contract(_ input: ContractInput, tender: Tender, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: tender.zoneID)
        let on = f.date(input.signedOn, "signedOn", Loc("签订日期", "Signed on"), fallback: .today())
        let price = f.money(input.contractFen, "contractFen", Loc("合同价", "Contract price"))
        try f.check()
        try requireStatus(tender, ["awarded"], field: "signedOn")
        if on!.description < tender.awardedOn! {
            throw AppError.invalid(
                "signedOn",
                Loc("签订日期不能早于中标通知书（\(tender.awardedOn!)）", "The contract cannot precede the award (\(tender.awardedOn!))")
            )
        }
        tender.contractSignedOn = on!.description
        tender.contractFen = price.fen
        tender.status = "contracted"
        try await tender.update(on: db)
        trail.record("contract", "tender", id: tender.id!.uuidString, zone: tender.zoneID, after: input)
    }

    /// Whether the contract of an award (dates as YYYY-MM-DD) is late under art. 46, as of `today`.
    static func contractOverdue(awarded: String?, signed: String?, today: CalendarDate = .today()) -> Bool {
        guard let a = awarded.flatMap(CalendarDate.init) else { return false }
        return Tendering.contractOverdue(awarded: a, signed: signed.flatMap(CalendarDate.init), today: today)
    }
}
