import Fluent
import Vapor
import YuanquKit

/// The tenders list, the new-tender form and a tender's page with a form for each next step.
enum TenderPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("engineering", "tenders", permission: .engineeringRead, use: { try await list($0) })
        r.get("engineering", "tenders", "new", permission: .engineeringWrite, use: { try await newForm($0) })
        r.post("engineering", "tenders", permission: .engineeringWrite, use: { try await create($0) })
        r.get("engineering", "tenders", ":id", permission: .engineeringRead, use: { try await show($0) })
        func post(_ path: [PathComponent], _ permission: Permission, use handler: @escaping @Sendable (Request) async throws -> Response) {
            r.on(.POST, ["engineering", "tenders", ":id"] + path, permission: permission, use: handler)
        }
        post(["approve"], .engineeringDecide) { req in
            try await action(req, "approve", fallback: "approvalRef") { raw, t, actor, db, trail in
                try await TenderService.approveMethod(
                    MethodApprovalInput(approvalRef: raw["approvalRef"]),
                    tender: t,
                    actor: actor,
                    on: db,
                    trail: trail
                )
                return nil
            }
        }
        post(["clarify"], .engineeringWrite) { req in
            try await action(req, "clarify", fallback: "note") { raw, t, _, db, trail in
                let input = ClarificationInput(
                    issuedOn: raw["issuedOn"],
                    affectsBids: raw["affectsBids"] == "true",
                    note: raw["note"],
                    newDeadline: raw["newDeadline"]
                )
                try await TenderService.clarify(input, tender: t, on: db, trail: trail)
                return nil
            }
        }
        post(["objections"], .engineeringWrite) { req in
            try await action(req, "objections", fallback: "text") { raw, t, _, db, trail in
                let input = TenderObjectionInput(
                    stage: raw["stage"],
                    raisedOn: raw["raisedOn"],
                    raisedBy: raw["raisedBy"],
                    text: raw["text"]
                )
                _ = try await TenderService.object(input, tender: t, on: db, trail: trail)
                return nil
            }
        }
        post(["objections", ":objectionId", "answer"], .engineeringWrite) { req in
            let objection = try req.uuid("objectionId")
            return try await action(req, "objections/\(objection)/answer", fallback: "answer") { raw, t, _, db, trail in
                guard let o = try await TenderObjection.find(objection, on: db), o.tenderID == t.id else { throw AppError.notFound }
                let input = ObjectionAnswerInput(answer: raw["answer"], answeredOn: raw["answeredOn"])
                try await TenderService.answer(input, objection: o, tender: t, on: db, trail: trail)
                return nil
            }
        }
        post(["bids"], .engineeringWrite) { req in
            try await action(req, "bids", fallback: "bidder") { raw, t, _, db, trail in
                var v = Validation()
                let amount = EngineeringPages.wan(raw, "amountWan", Loc("投标报价", "Bid amount"), into: &v)
                try v.check()
                let input = BidInput(
                    bidder: raw["bidder"],
                    creditCode: raw["creditCode"],
                    amountFen: amount,
                    submittedOn: raw["submittedOn"]
                )
                _ = try await TenderService.addBid(input, tender: t, on: db, trail: trail)
                return nil
            }
        }
        post(["committee"], .engineeringWrite) { req in
            try await action(req, "committee", fallback: "members") { raw, t, _, db, trail in
                let members = committeeMembers(raw["members"] ?? "")
                if members.isEmpty {
                    throw AppError.invalid("members", Loc("请填写评标委员会成员，每行一人", "List the committee, one member a line"))
                }
                try await TenderService.setCommittee(CommitteeInput(members: members), tender: t, on: db, trail: trail)
                return nil
            }
        }
        post(["evaluate"], .engineeringWrite) { req in
            try await action(req, "evaluate", fallback: "ranking") { raw, t, _, db, trail in
                let ranked = raw.compactMap { k, v -> (String, Int)? in
                    guard k.hasPrefix("rank."), let n = EngineeringPages.int(v) else { return nil }
                    return (String(k.dropFirst(5)), n)
                }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
                let input = EvaluationInput(reportOn: raw["reportOn"], ranking: ranked.map(\.0))
                try await TenderService.evaluate(input, tender: t, on: db, trail: trail)
                return nil
            }
        }
        post(["retender"], .engineeringWrite) { req in
            try await action(req, "retender", fallback: "reason") { raw, t, _, db, trail in
                let input = RetenderInput(reason: raw["reason"], issuedOn: raw["issuedOn"], bidDeadline: raw["bidDeadline"])
                return try await TenderService.retender(input, tender: t, on: db, trail: trail).id
            }
        }
        post(["publicity"], .engineeringWrite) { req in
            try await action(req, "publicity", fallback: "from") { raw, t, _, db, trail in
                try await TenderService.publicise(PublicityInput(from: raw["from"], to: raw["to"]), tender: t, on: db, trail: trail)
                return nil
            }
        }
        post(["award"], .engineeringWrite) { req in
            try await action(req, "award", fallback: "awardedOn") { raw, t, _, db, trail in
                try await TenderService.award(AwardInput(awardedOn: raw["awardedOn"], bidId: raw["bidId"]), tender: t, on: db, trail: trail)
                return nil
            }
        }
        post(["contract"], .engineeringWrite) { req in
            try await action(req, "contract", fallback: "signedOn") { raw, t, _, db, trail in
                var v = Validation()
                let price = EngineeringPages.wan(raw, "contractWan", Loc("合同价", "Contract price"), into: &v)
                try v.check()
                try await TenderService.contract(
                    ContractInput(signedOn: raw["signedOn"], contractFen: price),
                    tender: t,
                    on: db,
                    trail: trail
                )
                return nil
            }
        }
    }

    /// Committee members typed one a line: name, employer, and 专家 (expert) or 代表 (the tenderer's representative).
    static func committeeMembers(_ text: String) -> [CommitteeMemberInput] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).compactMap { line in
            let parts = line.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "\t" || $0 == "、" }).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let name = parts.first, !name.isEmpty else { return nil }
            let kind = parts.count > 2 ? parts[2].lowercased() : ""
            return CommitteeMemberInput(
                name: name,
                expert: kind.hasPrefix("专家") || kind.hasPrefix("expert") || kind == "是",
                employer: parts.count > 1 ? parts[1] : ""
            )
        }
    }

    static func methodOptions(_ lang: Lang) -> [(value: String, label: String)] {
        ProcurementMethod.allCases.map { ($0.rawValue, lang.t(EngineeringLabels.method($0))) }
    }

    static func categoryOptions(_ lang: Lang) -> [(value: String, label: String)] {
        ProcurementCategory.allCases.map { ($0.rawValue, lang.t(EngineeringLabels.category($0))) }
    }

    static let statuses = ["awaitingApproval", "open", "evaluated", "publicity", "awarded", "contracted", "failed"]

    // MARK: list

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let title = lang.t("招标采购", "Tenders")
        let zone: UUID
        switch try await InvestmentAPI.pageZone(req, actor: actor, page: .tenders, title: title) {
        case .zone(let z): zone = z
        case .picker(let page): return page
        }
        let params = ListParams(req, filterKeys: ["status", "method", "category", "project", "zone"], defaultSort: "", sortable: [])
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let filter = EngineeringQueries.TenderFilter(
            zone: zone,
            status: params.filters["status"].flatMap { statuses.contains($0) ? $0 : nil },
            method: params.filters["method"].flatMap { ProcurementMethod(rawValue: $0)?.rawValue },
            category: params.filters["category"].flatMap { ProcurementCategory(rawValue: $0)?.rawValue },
            project: params.filters["project"].flatMap(UUID.init(uuidString:)),
            q: params.q
        )
        let (rows, total) = try await EngineeringQueries.tenders(
            filter,
            range: params.range(pageSize: pageSize),
            on: req.db
        )
        let today = CalendarDate.today()
        let model = TenderListPage(
            rows: rows,
            overdue: Set(
                rows.filter { TenderService.contractOverdue(awarded: $0.awardedOn, signed: $0.contractSignedOn, today: today) }.map(\.id)
            ),
            total: total,
            params: params,
            pageSize: pageSize,
            projectOptions: try await EngineeringQueries.projectOptions(zone: zone, on: req.db).map { ($0.id.uuidString, $0.name) },
            zoneOptions: req.zoneOptions,
            canCreate: actor.zoneID != nil && actor.can(.engineeringWrite)
        )
        return Layout.render(request: req, title: title, body: TenderViews.list(model, req.view))
    }

    // MARK: new tender

    static func newForm(_ req: Request, form: FormState? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let lang = req.lang
        let today = CalendarDate.today()
        var state = form ?? .empty
        if form == nil {
            state = FormState(values: [
                "projectId": req.queryValue("project") ?? "", "issuedOn": today.description,
                "bidDeadline": CalendarDate(dayNumber: today.dayNumber + 20).description, "category": "works", "method": "publicTender",
            ])
        }
        let model = TenderFormPage(
            projectOptions: try await EngineeringQueries.projectOptions(zone: zone, on: req.db).map { ($0.id.uuidString, $0.name) },
            today: today.description,
            form: state
        )
        return Layout.render(request: req, title: lang.t("新建招标采购", "New tender"), body: TenderViews.new(model, req.view), status: status)
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        var raw = try req.content.decode([String: String].self)
        raw["_csrf"] = nil
        do {
            var v = Validation()
            let estimate = EngineeringPages.wan(raw, "estimatedWan", Loc("估算价", "Estimated value"), into: &v)
            let security = EngineeringPages.wan(raw, "bidSecurityWan", Loc("投标保证金", "Bid security"), into: &v, required: false)
            try v.check()
            let input = TenderInput(
                projectId: raw["projectId"],
                package: raw["package"],
                category: raw["category"],
                method: raw["method"],
                estimatedFen: estimate,
                bidSecurityFen: security ?? 0,
                issuedOn: raw["issuedOn"],
                bidDeadline: raw["bidDeadline"]
            )
            let id = try await Writes.perform(req.application, actor: actor) { db, trail in
                try await TenderService.create(input, zone: zone, on: db, trail: trail).id!
            }
            return req.redirect(to: .tender(id))
        } catch let e as AppError {
            return try await newForm(req, form: EngineeringPages.formState(e, values: raw, fallback: "package"), status: e.status)
        }
    }

    // MARK: the tender page

    static func show(_ req: Request, refused: (action: String, error: AppError, values: [String: String], fallback: String)? = nil)
        async throws -> Response
    {
        let actor = try req.actor()
        let lang = req.lang
        let id = try req.uuid()
        let db = req.db
        guard let row = try await EngineeringQueries.tender(id, on: db) else { throw AppError.notFound }
        try ZoneScope.check(row.zoneId, actor: actor)
        let bids = try await EngineeringQueries.bids(id, on: db)
        let writes = actor.zoneID != nil
        let model = TenderPage(
            row: row,
            bids: bids,
            clarifications: try await EngineeringQueries.clarifications(id, on: db),
            objections: try await EngineeringQueries.objections(id, on: db),
            committee: try await EngineeringQueries.committee(id, on: db),
            retenders: try await EngineeringQueries.retenders(of: id, on: db),
            winner: row.winnerBidId.flatMap { w in bids.first { $0.id == w }?.bidder },
            overdue: TenderService.contractOverdue(awarded: row.awardedOn, signed: row.contractSignedOn),
            threshold: Tendering.threshold(ProcurementCategory(rawValue: row.category) ?? .works),
            canWrite: writes && actor.can(.engineeringWrite),
            canDecide: writes && actor.can(.engineeringDecide),
            today: CalendarDate.today().description,
            refused: refused.map { r in
                RefusedForm(action: r.action, state: EngineeringPages.formState(r.error, values: r.values, fallback: r.fallback))
            },
            message: refused.map { $0.error.message }
        )
        return Layout.render(
            request: req,
            title: lang.t("招标采购：", "Tender: ") + row.package,
            body: TenderViews.show(model, req.view),
            status: refused?.error.status ?? .ok
        )
    }

    /// A step from a form of the tender page: done → the tender (or the new one a re-tender made); refused → the page
    /// again with the refusal in the form, nothing written.
    static func action(
        _ req: Request,
        _ action: String,
        fallback: String,
        _ work: @escaping @Sendable ([String: String], Tender, Actor, Database, AuditTrail) async throws -> UUID?
    ) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let id = try req.uuid()
        var raw = try req.content.decode([String: String].self)
        raw["_csrf"] = nil
        let values = raw
        do {
            let next = try await Writes.perform(req.application, actor: actor) { db, trail in
                guard let t = try await Tender.find(id, on: db), t.zoneID == zone else { throw AppError.notFound }
                return try await work(values, t, actor, db, trail)
            }
            return req.redirect(to: .tender(next ?? id))
        } catch let e as AppError where e.status != .notFound {
            return try await show(req, refused: (action, e, values, fallback))
        }
    }
}
