import Fluent
import Vapor
import YuanquKit

/// A line of `GET /api/v1/accountability-cases`.
struct AccountabilityCaseSummaryDTO: Encodable {
    let id: UUID
    let personId: UUID
    let person: String
    let unit: String?
    let cycleId: UUID
    let cycle: String
    let sanction: String
    let openedOn: String
    /// pending, granted or refused; absent when no claim was filed.
    let claimStatus: String?
}

/// What a case does to the assessment, as the cycle's scheme declares.
struct CaseEffectDTO: Encodable {
    /// gradeCap or scoreDeduction
    let kind: String
    let grade: String?
    let points: Double?
    let label: String
}

struct ToleranceConditionDTO: Encodable {
    let condition: String
    let label: String
    let statement: String
    let met: Bool?
    let evidence: String
}

struct CorrectionStepDTO: Encodable {
    let id: UUID
    let text: String
    let dueOn: String
    let doneOn: String?
    let overdue: Bool
}

struct ToleranceClaimDTO: Encodable {
    let status: String
    let filedOn: String
    let conditions: [ToleranceConditionDTO]
    let deciders: String?
    let grounds: String?
    let decidedOn: String?
    let steps: [CorrectionStepDTO]
    /// Every step of the correction plan done.
    let corrected: Bool
}

struct AccountabilityCaseDTO: Encodable {
    let id: UUID
    let personId: UUID
    let person: String
    let unit: String?
    let cycleId: UUID
    let cycle: String
    let cycleStatus: String
    let facts: String
    let finding: String
    let sanction: String
    let effect: CaseEffectDTO?
    /// A granted claim removed the case's effect on assessment and pay.
    let exempted: Bool
    let deciders: String
    let openedOn: String
    let claim: ToleranceClaimDTO?
}

/// Which form of the case page a refusal belongs to.
enum CaseForm: Sendable {
    case claim, judgement, step
}

/// Accountability cases (问责) and their fault-tolerance claims (容错) and correction plans (纠错): pages and API.
enum CasePages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("performance", "cases", permission: .assessmentRead, use: { try await list($0) })
        r.get("performance", "cases", "new", permission: .assessmentManage, use: { try await newCase($0) })
        r.post("performance", "cases", permission: .assessmentManage, use: { try await create($0) })
        r.get("performance", "cases", ":id", permission: .assessmentRead, use: { try await show($0) })
        r.post(
            "performance",
            "cases",
            ":id",
            "claim",
            permission: .assessmentManage,
            use: claimFromForm
        )
        r.post(
            "performance",
            "cases",
            ":id",
            "claim",
            "judgement",
            permission: .assessmentDecide,
            use: judgeClaimFromForm
        )
        r.post(
            "performance",
            "cases",
            ":id",
            "steps",
            permission: .assessmentManage,
            use: addStepFromForm
        )
        r.post(
            "performance",
            "cases",
            ":id",
            "steps",
            ":stepId",
            "done",
            permission: .assessmentManage,
            use: stepDoneFromForm
        )
        registerAPI(app)
    }

    /// POST /performance/cases/:id/claim
    static func claimFromForm(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let input = claimInput(raw)
        return try await change(req, .claim, raw) { c, db, trail in
            _ = try await CaseService.fileClaim(c, input: input, on: db, trail: trail)
        }
    }

    /// POST /performance/cases/:id/claim/judgement
    static func judgeClaimFromForm(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let input = judgementInput(raw)
        return try await change(req, .judgement, raw) { c, db, trail in
            _ = try await CaseService.judge(c, input: input, on: db, trail: trail)
        }
    }

    /// POST /performance/cases/:id/steps
    static func addStepFromForm(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let input = CorrectionStepInput(text: raw["text"], dueOn: raw["dueOn"])
        return try await change(req, .step, raw) { c, db, trail in
            _ = try await CaseService.addStep(c, input: input, on: db, trail: trail)
        }
    }

    /// POST /performance/cases/:id/steps/:stepId/done
    static func stepDoneFromForm(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let step = try req.uuid("stepId")
        let input = CorrectionStepDoneInput(doneOn: raw["doneOn"])
        return try await change(req, .step, raw) { c, db, trail in
            try await CaseService.completeStep(c, step: step, input: input, on: db, trail: trail)
        }
    }

    static func registerAPI(_ app: Application) {
        let tag = "Performance"
        app.api(
            .GET,
            "accountability-cases",
            permission: .assessmentRead,
            doc: APIDoc(
                summary: "Accountability cases of the zone (status: none, pending, granted or refused)",
                tag: tag,
                response: "AccountabilityCaseSummary",
                list: true,
                query: ["zone", QueryParam("status", .oneOf(CaseQueries.claimFilterValues))]
            ),
            use: { try await apiList($0) }
        )
        app.api(
            .POST,
            "accountability-cases",
            permission: .assessmentManage,
            doc: APIDoc(
                summary: "Open an accountability case in a cycle whose results are not published",
                tag: tag,
                request: "AccountabilityCaseInput",
                response: "AccountabilityCase",
                status: 201
            ),
            use: openCase
        )
        app.api(
            .GET,
            "accountability-cases/:id",
            permission: .assessmentRead,
            doc: APIDoc(summary: "A case with its effect, claim, judgement and correction plan", tag: tag, response: "AccountabilityCase"),
            use: getCase
        )
        app.api(
            .POST,
            "accountability-cases/:id/claim",
            permission: .assessmentManage,
            doc: APIDoc(
                summary: "File the case's fault-tolerance claim (one per case)",
                tag: tag,
                request: "ToleranceClaimInput",
                response: "AccountabilityCase",
                status: 201
            ),
            use: fileClaim
        )
        app.api(
            .POST,
            "accountability-cases/:id/claim/judgement",
            permission: .assessmentDecide,
            doc: APIDoc(
                summary: "Judge the claim: every condition met with evidence grants it, anything else refuses it",
                tag: tag,
                request: "ToleranceJudgementInput",
                response: "AccountabilityCase"
            ),
            use: judgeClaim
        )
        app.api(
            .POST,
            "accountability-cases/:id/claim/steps",
            permission: .assessmentManage,
            doc: APIDoc(
                summary: "Add a dated step to the correction plan of a granted claim",
                tag: tag,
                request: "CorrectionStepInput",
                response: "AccountabilityCase",
                status: 201
            ),
            use: addStep
        )
        app.api(
            .POST,
            "accountability-cases/:id/claim/steps/:stepId/done",
            permission: .assessmentManage,
            doc: APIDoc(
                summary: "Mark a step of the correction plan done",
                tag: tag,
                request: "CorrectionStepDoneInput",
                response: "AccountabilityCase"
            ),
            use: stepDone
        )
    }

    /// POST /api/v1/accountability-cases
    static func openCase(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: AccountabilityCaseInput.self)
        let id = try await Writes.perform(req.application, actor: actor) { db, trail in
            try await CaseService.open(input, zone: zone, on: db, trail: trail).id!
        }
        return try json(dto(try await CaseQueries.record(id, actor: actor, on: req.db), lang: req.lang), status: .created)
    }

    /// GET /api/v1/accountability-cases/:id
    static func getCase(_ req: Request) async throws -> Response {
        let record = try await CaseQueries.record(try req.uuid(), actor: try req.actor(), on: req.db)
        return try json(dto(record, lang: req.lang))
    }

    /// POST /api/v1/accountability-cases/:id/claim
    static func fileClaim(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: ToleranceClaimInput.self)
        return try await apiChange(req, status: .created) { c, db, trail in
            _ = try await CaseService.fileClaim(c, input: input, on: db, trail: trail)
        }
    }

    /// POST /api/v1/accountability-cases/:id/claim/judgement
    static func judgeClaim(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: ToleranceJudgementInput.self)
        return try await apiChange(req) { c, db, trail in
            _ = try await CaseService.judge(c, input: input, on: db, trail: trail)
        }
    }

    /// POST /api/v1/accountability-cases/:id/claim/steps
    static func addStep(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: CorrectionStepInput.self)
        return try await apiChange(req, status: .created) { c, db, trail in
            _ = try await CaseService.addStep(c, input: input, on: db, trail: trail)
        }
    }

    /// POST /api/v1/accountability-cases/:id/claim/steps/:stepId/done
    static func stepDone(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: CorrectionStepDoneInput.self)
        let step = try req.uuid("stepId")
        return try await apiChange(req) { c, db, trail in
            try await CaseService.completeStep(c, step: step, input: input, on: db, trail: trail)
        }
    }

    // MARK: inputs from forms

    static func claimInput(_ raw: [String: String]) -> ToleranceClaimInput {
        var statements: [String: String] = [:]
        for c in ToleranceCondition.allCases { statements[c.rawValue] = raw["statements.\(c.rawValue)"] }
        return ToleranceClaimInput(statements: statements, filedOn: raw["filedOn"])
    }

    static func judgementInput(_ raw: [String: String]) -> ToleranceJudgementInput {
        var conditions: [String: ToleranceConditionInput] = [:]
        for c in ToleranceCondition.allCases {
            let met = raw["conditions.\(c.rawValue).met"].flatMap { $0.isEmpty ? nil : parseBool($0) }
            conditions[c.rawValue] = ToleranceConditionInput(met: met, evidence: raw["conditions.\(c.rawValue).evidence"])
        }
        return ToleranceJudgementInput(
            conditions: conditions,
            deciders: raw["deciders"],
            grounds: raw["grounds"],
            decidedOn: raw["decidedOn"]
        )
    }

    // MARK: pages

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let title = lang.t("问责与容错", "Accountability and fault tolerance")
        let zone: UUID
        switch try await InvestmentAPI.pageZone(req, actor: actor, page: .cases, title: title) {
        case .zone(let z): zone = z
        case .picker(let page): return page
        }
        let params = ListParams(req, filterKeys: ["status", "zone"], defaultSort: "", sortable: [])
        let status = params.filters["status"].flatMap { CaseQueries.claimFilterValues.contains($0) ? $0 : nil }
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let filter = CaseQueries.Filter(
            zone: zone,
            units: try await OrgQueries.visibleUnits(actor: actor, on: req.db),
            claimStatus: status
        )
        let (rows, total) = try await CaseQueries.page(
            filter,
            range: params.range(pageSize: pageSize),
            on: req.db
        )
        let model = CaseListPage(
            rows: rows.map { r in
                .init(
                    url: .accountabilityCase(r.id),
                    person: r.personName,
                    unit: r.unitName,
                    sanction: CaseService.sanctionLabel(r.sanction),
                    cycle: r.cycleName,
                    openedOn: r.openedOn,
                    claimStatus: r.claimStatus
                )
            },
            total: total,
            params: params,
            pageSize: pageSize,
            zoneOptions: req.zoneOptions,
            newCase: actor.can(.assessmentManage) && actor.zoneID != nil ? .caseNew : nil
        )
        return Layout.render(request: req, title: title, body: CaseViews.list(model, req.view))
    }

    static func newCase(_ req: Request, error: AppError? = nil, values: [String: String] = [:]) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let lang = req.lang
        let people = try await CaseQueries.personOptions(zone: zone, on: req.db)
        let cycles = try await CaseQueries.cycleOptions(zone: zone, on: req.db)
        let model = CaseNewPage(
            people: people.map { ($0.id.uuidString, $0.name + ($0.unitName.map { "（\($0)）" } ?? "")) },
            cycles: cycles.map { c in
                let rules = c.rules.flatMap(CaseService.rules)
                return .init(
                    id: c.id,
                    name: c.name,
                    status: c.status,
                    effects: Sanction.allCases.map { s in
                        (s, rules.flatMap { r in r.effect(of: s.rawValue).map { CaseService.effectText($0, gradeSet: r.gradeSet) } })
                    }
                )
            },
            today: CalendarDate.today().description,
            form: error.map { FormState(error: $0, values: values, fallbackField: "facts") } ?? FormState(values: values)
        )
        return Layout.render(
            request: req,
            title: lang.t("登记问责", "Open an accountability case"),
            body: CaseViews.new(model, req.view),
            status: error?.status ?? .ok
        )
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        let input = AccountabilityCaseInput(
            personId: raw["personId"],
            cycleId: raw["cycleId"],
            facts: raw["facts"],
            finding: raw["finding"],
            sanction: raw["sanction"],
            deciders: raw["deciders"],
            openedOn: raw["openedOn"]
        )
        do {
            let id = try await Writes.perform(req.application, actor: actor) { db, trail in
                try await CaseService.open(input, zone: zone, on: db, trail: trail).id!
            }
            return req.redirect(to: .accountabilityCase(id))
        } catch let e as AppError where e.status != .notFound {
            return try await newCase(req, error: e, values: raw)
        }
    }

    static func show(_ req: Request, refused: (form: CaseForm, error: AppError, values: [String: String])? = nil) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let today = CalendarDate.today()
        let id = try req.uuid()
        let record = try await CaseQueries.record(id, actor: actor, today: today, on: req.db)
        let row = record.row
        var personURL: SiteURL?
        if let p = try await Person.find(row.personId, on: req.db),
            try await OrgQueries.openable([p], actor: actor, on: req.db).contains(row.personId)
        {
            personURL = .person(row.personId)
        }
        let writes = actor.zoneID != nil
        let manage = writes && actor.can(.assessmentManage)
        let pending = record.claim?.status == "pending"
        func form(_ f: CaseForm) -> FormState {
            guard let r = refused, r.form == f, !r.error.fieldErrors.isEmpty else { return .empty }
            return FormState(errors: r.error.fieldErrors, values: r.values, order: r.error.fieldOrder)
        }
        let model = CasePage(
            person: row.personName,
            personURL: personURL,
            unit: row.unitName,
            cycle: row.cycleName,
            cycleStatus: row.cycleStatus,
            facts: row.facts,
            finding: row.finding,
            sanction: CaseService.sanctionLabel(row.sanction),
            effect: record.effectText,
            exempted: record.exempted,
            deciders: row.deciders,
            openedOn: row.openedOn,
            claim: record.claim.map { c in
                .init(
                    status: c.status,
                    filedOn: c.filedOn,
                    conditions: c.conditions,
                    deciders: c.deciders,
                    grounds: c.grounds,
                    decidedOn: c.decidedOn,
                    steps: c.steps.map { s in
                        .init(
                            text: s.text,
                            dueOn: s.dueOn,
                            doneOn: s.doneOn,
                            overdue: s.overdue,
                            done: manage && s.doneOn == nil ? .caseStepDone(id, step: s.id) : nil
                        )
                    },
                    corrected: c.corrected
                )
            },
            fileClaim: manage && record.claim == nil ? .caseClaim(id) : nil,
            judge: writes && actor.can(.assessmentDecide) && pending && record.cycleChangeable ? .caseClaimJudge(id) : nil,
            addStep: manage && record.exempted ? .caseSteps(id) : nil,
            judgeBlocked: (pending || record.claim == nil) && !record.cycleChangeable
                ? Loc("该周期考核结果已公示，容错申请已不能认定", "The cycle's results are published: a claim can no longer be judged") : nil,
            today: today.description,
            error: refused.flatMap { $0.error.fieldErrors.isEmpty ? $0.error.message : nil },
            claimForm: form(.claim),
            judgementForm: form(.judgement),
            stepForm: form(.step)
        )
        return Layout.render(
            request: req,
            title: lang.t("问责：", "Accountability: ") + row.personName,
            body: CaseViews.show(model, req.view),
            status: refused?.error.status ?? .ok
        )
    }

    /// A change from a case page's form: done → back to the case; refused → the page again with the refusal.
    static func change(
        _ req: Request,
        _ form: CaseForm,
        _ raw: [String: String],
        _ work: @escaping @Sendable (AccountabilityCase, Database, AuditTrail) async throws -> Void
    ) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let id = try req.uuid()
        _ = try await CaseQueries.record(id, actor: actor, on: req.db)
        do {
            try await Writes.perform(req.application, actor: actor) { db, trail in
                guard let c = try await AccountabilityCase.find(id, on: db), c.zoneID == zone else { throw AppError.notFound }
                try await work(c, db, trail)
            }
            return req.redirect(to: .accountabilityCase(id))
        } catch let e as AppError where e.status != .notFound {
            return try await show(req, refused: (form, e, raw))
        }
    }

    // MARK: API

    static func apiList(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        var status: String?
        if let s = req.queryValue("status"), !s.isEmpty {
            guard CaseQueries.claimFilterValues.contains(s) else {
                throw AppError.invalid(
                    "status",
                    Loc(
                        "status 取值无效：可选 " + CaseQueries.claimFilterValues.joined(separator: ", "),
                        "Unknown status: one of " + CaseQueries.claimFilterValues.joined(separator: ", ")
                    )
                )
            }
            status = s
        }
        let filter = CaseQueries.Filter(
            zone: try await ZoneScope.readZone(req, actor: actor),
            units: try await OrgQueries.visibleUnits(actor: actor, on: req.db),
            claimStatus: status
        )
        let (rows, total) = try await CaseQueries.page(filter, range: paging.offset..<(paging.offset + paging.limit), on: req.db)
        let items = rows.map { r in
            AccountabilityCaseSummaryDTO(
                id: r.id,
                personId: r.personId,
                person: r.personName,
                unit: r.unitName,
                cycleId: r.cycleId,
                cycle: r.cycleName,
                sanction: r.sanction,
                openedOn: r.openedOn,
                claimStatus: r.claimStatus
            )
        }
        return try json(ListAnswer(items: items, total: total))
    }

    static func apiChange(
        _ req: Request,
        status: HTTPResponseStatus = .ok,
        _ work: @escaping @Sendable (AccountabilityCase, Database, AuditTrail) async throws -> Void
    ) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let id = try req.uuid()
        _ = try await CaseQueries.record(id, actor: actor, on: req.db)
        try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let c = try await AccountabilityCase.find(id, on: db), c.zoneID == zone else { throw AppError.notFound }
            try await work(c, db, trail)
        }
        return try json(dto(try await CaseQueries.record(id, actor: actor, on: req.db), lang: req.lang), status: status)
    }

    static func dto(_ r: CaseRecord, lang: Lang) -> AccountabilityCaseDTO {
        let row = r.row
        var effect: CaseEffectDTO?
        if let e = r.effect, let text = r.effectText {
            switch e {
            case .gradeCap(let g): effect = CaseEffectDTO(kind: "gradeCap", grade: g.rawValue, points: nil, label: lang.t(text))
            case .scoreDeduction(let d): effect = CaseEffectDTO(kind: "scoreDeduction", grade: nil, points: d, label: lang.t(text))
            }
        }
        return AccountabilityCaseDTO(
            id: row.id,
            personId: row.personId,
            person: row.personName,
            unit: row.unitName,
            cycleId: row.cycleId,
            cycle: row.cycleName,
            cycleStatus: row.cycleStatus,
            facts: row.facts,
            finding: row.finding,
            sanction: row.sanction,
            effect: effect,
            exempted: r.exempted,
            deciders: row.deciders,
            openedOn: row.openedOn,
            claim: r.claim.map { c in
                ToleranceClaimDTO(
                    status: c.status,
                    filedOn: c.filedOn,
                    conditions: c.conditions.map {
                        ToleranceConditionDTO(
                            condition: $0.condition.rawValue,
                            label: lang.t(CaseService.conditionLabel($0.condition)),
                            statement: $0.statement,
                            met: $0.met,
                            evidence: $0.evidence
                        )
                    },
                    deciders: c.deciders,
                    grounds: c.grounds,
                    decidedOn: c.decidedOn,
                    steps: c.steps.map {
                        CorrectionStepDTO(id: $0.id, text: $0.text, dueOn: $0.dueOn, doneOn: $0.doneOn, overdue: $0.overdue)
                    },
                    corrected: c.corrected
                )
            }
        )
    }

    // MARK: OpenAPI

    /// The request and response schemas of these routes, for the OpenAPI document's `components.schemas`.
    static var openAPISchemas: [String: Any] {
        let o = OpenAPI.self
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let conditions = ToleranceCondition.allCases.map(\.rawValue)
        func byCondition(_ value: [String: Any]) -> [String: Any] {
            o.obj(Dictionary(uniqueKeysWithValues: conditions.map { ($0, value) }))
        }
        return [
            "AccountabilityCaseSummary": o.obj(
                [
                    "id": o.uuid, "personId": o.uuid, "person": o.str, "unit": nullableString, "cycleId": o.uuid, "cycle": o.str,
                    "sanction": o.enumOf(Sanction.allCases.map(\.rawValue)), "openedOn": o.date,
                    "claimStatus": [
                        "type": ["string", "null"], "description": "pending, granted or refused; null when no claim was filed",
                    ],
                ],
                required: ["id", "personId", "person", "cycleId", "cycle", "sanction", "openedOn"]
            ),
            "AccountabilityCase": o.obj(
                [
                    "id": o.uuid, "personId": o.uuid, "person": o.str, "unit": nullableString, "cycleId": o.uuid, "cycle": o.str,
                    "cycleStatus": o.enumOf(["open", "computed", "notice", "final"]), "facts": o.str, "finding": o.str,
                    "sanction": o.enumOf(Sanction.allCases.map(\.rawValue)),
                    "effect": o.obj(
                        [
                            "kind": o.enumOf(["gradeCap", "scoreDeduction"]), "grade": o.enumOf(Grade.allCases.map(\.rawValue)),
                            "points": o.num, "label": o.str,
                        ],
                        required: ["kind", "label"]
                    ),
                    "exempted": ["type": "boolean", "description": "A granted claim removed the case's effect on assessment and pay"],
                    "deciders": o.str, "openedOn": o.date,
                    "claim": o.obj(
                        [
                            "status": o.enumOf(CaseService.claimStatuses), "filedOn": o.date,
                            "conditions": [
                                "type": "array",
                                "items": o.obj(
                                    [
                                        "condition": o.enumOf(conditions), "label": o.str, "statement": o.str,
                                        "met": ["type": ["boolean", "null"]], "evidence": o.str,
                                    ],
                                    required: ["condition", "statement", "evidence"]
                                ),
                            ],
                            "deciders": nullableString, "grounds": nullableString, "decidedOn": o.nullableDate,
                            "steps": [
                                "type": "array",
                                "items": o.obj(
                                    [
                                        "id": o.uuid, "text": o.str, "dueOn": o.date, "doneOn": o.nullableDate,
                                        "overdue": ["type": "boolean"],
                                    ],
                                    required: ["id", "text", "dueOn", "overdue"]
                                ),
                            ],
                            "corrected": ["type": "boolean"],
                        ],
                        required: ["status", "filedOn", "conditions", "steps", "corrected"]
                    ),
                ],
                required: [
                    "id", "personId", "person", "cycleId", "cycle", "cycleStatus", "facts", "finding", "sanction", "exempted", "deciders",
                    "openedOn",
                ]
            ),
            "AccountabilityCaseInput": o.obj(
                [
                    "personId": o.uuid, "cycleId": o.uuid, "facts": ["type": "string", "maxLength": CaseService.textLimit],
                    "finding": ["type": "string", "maxLength": CaseService.textLimit],
                    "sanction": o.enumOf(Sanction.allCases.map(\.rawValue)),
                    "deciders": ["type": "string", "maxLength": CaseService.namesLimit], "openedOn": o.date,
                ],
                required: ["personId", "cycleId", "facts", "finding", "sanction", "deciders"]
            ),
            "ToleranceClaimInput": o.obj(["statements": byCondition(o.str), "filedOn": o.date]),
            "ToleranceJudgementInput": o.obj(
                [
                    "conditions": byCondition(o.obj(["met": ["type": "boolean"], "evidence": o.str], required: ["met"])),
                    "deciders": o.str, "grounds": o.str, "decidedOn": o.date,
                ],
                required: ["conditions", "deciders", "grounds"]
            ),
            "CorrectionStepInput": o.obj(["text": o.str, "dueOn": o.date], required: ["text", "dueOn"]),
            "CorrectionStepDoneInput": o.obj(["doneOn": o.date]),
        ]
    }
}
