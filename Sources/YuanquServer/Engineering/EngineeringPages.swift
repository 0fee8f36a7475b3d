import Fluent
import Vapor
import YuanquKit

/// The programmes, projects, tenders and audit-firm pages.
enum EngineeringPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("engineering", permission: .engineeringRead, use: { try await overview($0) })
        r.post("engineering", permission: .engineeringWrite, use: { try await createProgramme($0) })
        r.get("engineering", "projects", permission: .engineeringRead, use: { try await projects($0) })
        r.get("engineering", "projects.csv", permission: .engineeringRead, use: { try await export($0) })
        r.get("engineering", "projects", "new", permission: .engineeringWrite, use: { try await projectForm($0) })
        r.post("engineering", "projects", permission: .engineeringWrite, use: { try await saveProject($0, editing: false) })
        r.get("engineering", "projects", ":id", permission: .engineeringRead, use: { try await show($0) })
        r.get("engineering", "projects", ":id", "edit", permission: .engineeringWrite, use: { try await projectForm($0, editing: true) })
        r.post("engineering", "projects", ":id", "edit", permission: .engineeringWrite, use: { try await saveProject($0, editing: true) })
        registerProjectActions(app)
        r.get("engineering", "audit-firms", permission: .engineeringRead, use: { try await auditFirms($0) })
        r.post("engineering", "audit-firms", permission: .costWrite, use: { try await saveFirm($0, editing: false) })
        r.get(
            "engineering",
            "audit-firms",
            ":id",
            "edit",
            permission: .costWrite,
            use: { try await auditFirms($0, editing: try $0.uuid()) }
        )
        r.post("engineering", "audit-firms", ":id", "edit", permission: .costWrite, use: { try await saveFirm($0, editing: true) })
        TenderPages.register(app)
    }

    // MARK: helpers

    /// A refusal as a form shows it: money fields typed in 万元 (`…Wan`) carry the errors of the service's fen fields.
    static func formState(_ e: AppError, values: [String: String], fallback: String, rename: [String: String] = [:]) -> FormState {
        func key(_ k: String) -> String {
            if let r = rename[k] { return r }
            if k.hasPrefix("members[") { return "members" }
            return k.hasSuffix("Fen") ? String(k.dropLast(3)) + "Wan" : k
        }
        var errors: [String: Loc] = [:]
        for (k, v) in e.fieldErrors where errors[key(k)] == nil { errors[key(k)] = v }
        if errors.isEmpty { errors[fallback] = e.message }
        var order: [String] = []
        for k in e.fieldOrder.map(key) where !order.contains(k) { order.append(k) }
        return FormState(errors: errors, values: values, order: order)
    }

    /// An amount typed in 万元 (a leading minus allowed when `negative`), as fen; a field error when blank or unreadable.
    static func wan(
        _ raw: [String: String],
        _ field: String,
        _ label: Loc,
        into v: inout Validation,
        required: Bool = true,
        negative: Bool = false
    )
        -> Int64?
    {
        var t = (raw[field] ?? "").trimmingCharacters(in: .whitespaces)
        if t.isEmpty {
            if required { v.add(field, Loc("请填写\(label.zh)（万元）", "\(label.en) is required (10k yuan)")) }
            return nil
        }
        var sign: Int64 = 1
        if negative && t.hasPrefix("-") {
            sign = -1
            t.removeFirst()
        }
        guard let fen = Money.formWan(t, field, into: &v) else { return nil }
        return sign * fen
    }

    static func int(_ s: String?) -> Int? { s.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    static func flag(_ s: String?) -> Bool? { s.flatMap { $0.isEmpty ? nil : parseBool($0) } }

    static func money(_ fen: Int64?) -> String { fen.map { Money(fen: $0).wanText } ?? "" }

    // MARK: programmes

    static func overview(_ req: Request, form: FormState? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let title = lang.t("计划与项目总览", "Programmes")
        let zone: UUID
        switch try await InvestmentAPI.pageZone(req, actor: actor, page: .programmes, title: title) {
        case .zone(let z): zone = z
        case .picker(let page): return page
        }
        let today = CalendarDate.today().description
        var figures = try await EngineeringQueries.programmes(zone: zone, on: req.db)
        let unassigned = try await EngineeringQueries.unassigned(zone: zone, on: req.db)
        if let u = unassigned { figures.append(u) }
        let stages = try await EngineeringQueries.stagesByProgramme(zone: zone, on: req.db)
        let late = try await EngineeringQueries.lateByProgramme(zone: zone, today: today, on: req.db)
        let model = ProgrammesPage(
            programmes: figures.map { g in
                let isNone = unassigned != nil && g.name.isEmpty && g.id == unassignedID
                let pid: UUID? = isNone ? nil : g.id
                let counts = Dictionary(stages.filter { $0.programmeId == pid }.map { ($0.kind, Int($0.n)) }, uniquingKeysWith: +)
                return .init(
                    filter: isNone ? "none" : g.id.uuidString,
                    name: isNone ? nil : g.name,
                    summary: g.summary,
                    period: g.startsOn.map { s in g.endsOn.map { s + " — " + $0 } ?? lang.t(s + " 起", "From " + s) },
                    projects: Int(g.projects),
                    investment: Money(fen: g.investmentFen),
                    keyProjects: Int(g.keyProjects),
                    averageProgress: g.projects > 0 ? Int((Double(g.progressSum) / Double(g.projects)).rounded()) : 0,
                    stages: ConstructionStage.allCases.compactMap { s in counts[s.rawValue].map { (s.rawValue, $0) } },
                    lateMilestones: Int(late.first { $0.programmeId == pid }?.n ?? 0)
                )
            },
            zoneOptions: req.zoneOptions,
            form: actor.zoneID != nil && actor.can(.engineeringWrite) ? (form ?? .empty) : nil
        )
        return Layout.render(request: req, title: title, body: EngineeringViews.overview(model, req.view), status: status)
    }

    static let unassignedID = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!

    static func createProgramme(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        let input = ProgrammeInput(name: raw["name"], summary: raw["summary"], startsOn: raw["startsOn"], endsOn: raw["endsOn"])
        do {
            _ = try await Writes.perform(req.application, actor: actor) { db, trail in
                try await EngineeringService.saveProgramme(input, existing: nil, zone: zone, on: db, trail: trail).id!
            }
            return req.redirect(to: .programmes)
        } catch let e as AppError {
            return try await overview(req, form: formState(e, values: raw, fallback: "name"), status: e.status)
        }
    }

    // MARK: projects

    static func projectFilter(_ req: Request, zone: UUID, params: ListParams) -> EngineeringQueries.ProjectFilter {
        EngineeringQueries.ProjectFilter(
            zone: zone,
            programme: params.filters["programme"],
            stage: params.filters["stage"].flatMap { ConstructionStage(rawValue: $0)?.rawValue },
            keyOnly: params.filters["key"] == "1",
            lateOnly: params.filters["late"] == "1",
            q: params.q,
            sort: params.sort,
            descending: params.descending,
            today: CalendarDate.today().description
        )
    }

    static let projectFilterKeys = ["programme", "stage", "key", "late", "zone"]

    static func projects(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let title = lang.t("工程项目", "Construction projects")
        let zone: UUID
        switch try await InvestmentAPI.pageZone(req, actor: actor, page: .constructionProjects, title: title) {
        case .zone(let z): zone = z
        case .picker(let page): return page
        }
        let params = ListParams(
            req,
            filterKeys: projectFilterKeys,
            defaultSort: "code",
            sortable: Array(EngineeringQueries.projectSorts.keys)
        )
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let (rows, total) = try await EngineeringQueries.projects(
            projectFilter(req, zone: zone, params: params),
            range: params.range(pageSize: pageSize),
            on: req.db
        )
        let model = ProjectListPage(
            rows: rows,
            total: total,
            params: params,
            pageSize: pageSize,
            programmeOptions: try await EngineeringQueries.programmeOptions(zone: zone, on: req.db).map { ($0.id.uuidString, $0.name) }
                + [("none", lang.t("未归入计划", "No programme"))],
            zoneOptions: req.zoneOptions,
            canCreate: actor.zoneID != nil && actor.can(.engineeringWrite)
        )
        return Layout.render(request: req, title: title, body: EngineeringViews.projectList(model, req.view))
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        guard let zone = try await ZoneScope.readZone(req, actor: actor) else {
            throw AppError.invalid("zone", Loc("请先选择开发区", "Choose a zone first"))
        }
        let params = ListParams(
            req,
            filterKeys: projectFilterKeys,
            defaultSort: "code",
            sortable: Array(EngineeringQueries.projectSorts.keys)
        )
        let (rows, _) = try await EngineeringQueries.projects(projectFilter(req, zone: zone, params: params), range: nil, on: req.db)
        let header = [
            Loc("项目编号", "Code"), Loc("项目名称", "Name"), Loc("所属计划", "Programme"), Loc("总投资（万元）", "Investment (10k yuan)"),
            Loc("财政资金（万元）", "Budget funds (10k yuan)"), Loc("建设单位", "Owner"), Loc("阶段", "Stage"), Loc("形象进度（%）", "Progress (%)"),
            Loc("重点项目", "Key project"), Loc("计划开工", "Planned start"), Loc("计划完工", "Planned completion"),
            Loc("延误节点", "Late milestones"),
        ].map { lang.t($0) }
        let yes = lang.t("是", "Yes")
        let no = lang.t("否", "No")
        let lines = rows.map { r in
            [
                r.code, r.name, r.programmeName ?? "", Money(fen: r.investmentFen).wanText, Money(fen: r.budgetFundsFen).wanText, r.owner,
                lang.t(EngineeringLabels.stage(r.stage)), String(r.progress), r.isKey ? yes : no, r.startsOn, r.endsOn,
                String(r.lateMilestones),
            ]
        }
        return csvResponse(filename: lang.t("工程项目.csv", "construction-projects.csv"), header: header, rows: lines)
    }

    static func projectForm(_ req: Request, editing: Bool = false, form: FormState? = nil, status: HTTPResponseStatus = .ok) async throws
        -> Response
    {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let lang = req.lang
        var state = form ?? .empty
        var action = SiteURL.constructionProjects
        var cancel = SiteURL.constructionProjects
        if editing {
            let id = try req.uuid()
            guard let p = try await EngineeringQueries.project(id, on: req.db), p.zoneId == zone else { throw AppError.notFound }
            action = .constructionProjectAction(id, "edit")
            cancel = .constructionProject(id)
            if form == nil {
                state = FormState(values: [
                    "programmeId": p.programmeId?.uuidString ?? "", "code": p.code, "name": p.name, "location": p.location,
                    "investmentWan": Money(fen: p.investmentFen).wanText, "budgetFundsWan": Money(fen: p.budgetFundsFen).wanText,
                    "owner": p.owner, "office": p.office, "officeLeadId": p.officeLeadId?.uuidString ?? "",
                    "isKey": p.isKey ? "true" : "false", "stage": p.stage, "startsOn": p.startsOn, "endsOn": p.endsOn,
                ])
            }
        }
        let model = ProjectFormPage(
            action: action,
            editing: editing,
            cancel: cancel,
            programmeOptions: try await EngineeringQueries.programmeOptions(zone: zone, on: req.db).map { ($0.id.uuidString, $0.name) },
            personOptions: try await EngineeringQueries.personOptions(zone: zone, on: req.db).map(personOption),
            form: state
        )
        return Layout.render(
            request: req,
            title: editing ? lang.t("修改工程项目", "Edit the project") : lang.t("新建工程项目", "New construction project"),
            body: EngineeringViews.projectForm(model, req.view),
            status: status
        )
    }

    static func personOption(_ p: PersonOptionRow) -> (value: String, label: String) {
        (p.id.uuidString, p.name + (p.unitName.map { "（\($0)）" } ?? ""))
    }

    static func saveProject(_ req: Request, editing: Bool) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        let id: UUID? = editing ? try req.uuid() : nil
        do {
            var v = Validation()
            let investment = wan(raw, "investmentWan", Loc("总投资", "Investment"), into: &v)
            let funds = wan(raw, "budgetFundsWan", Loc("财政资金", "Budget funds"), into: &v, required: false)
            try v.check()
            let input = ConstructionProjectInput(
                programmeId: raw["programmeId"] ?? "",
                code: raw["code"],
                name: raw["name"],
                location: raw["location"] ?? "",
                investmentFen: investment,
                budgetFundsFen: funds ?? 0,
                owner: raw["owner"],
                office: raw["office"] ?? "",
                officeLeadId: raw["officeLeadId"] ?? "",
                isKey: flag(raw["isKey"]) ?? false,
                stage: (raw["stage"] ?? "").isEmpty ? ConstructionStage.preparation.rawValue : raw["stage"],
                startsOn: raw["startsOn"],
                endsOn: raw["endsOn"]
            )
            let saved = try await Writes.perform(req.application, actor: actor) { db, trail in
                var existing: ConstructionProject?
                if let id {
                    guard let p = try await ConstructionProject.find(id, on: db), p.zoneID == zone else { throw AppError.notFound }
                    existing = p
                }
                return try await EngineeringService.saveProject(input, existing: existing, zone: zone, on: db, trail: trail).id!
            }
            return req.redirect(to: .constructionProject(saved))
        } catch let e as AppError where e.status != .notFound {
            return try await projectForm(req, editing: editing, form: formState(e, values: raw, fallback: "name"), status: e.status)
        }
    }

    // MARK: the project page

    /// The responsibilities the actor may act for on the project (三责分立, dynamic separation): the forms of the others
    /// are not offered.
    static func responsibilities(of actor: Actor, holders: [HolderRow], on db: Database) async throws -> Set<Responsibility> {
        guard let pid = actor.personID, let me = try await Person.find(pid, on: db) else { return [] }
        var map: [Responsibility: Separation.Holder] = [:]
        for h in holders {
            if let r = Responsibility(rawValue: h.responsibility) {
                map[r] = .init(person: h.personId.uuidString, unit: h.unitId.uuidString)
            }
        }
        return Set(
            Responsibility.allCases.filter {
                (try? Separation.checkActs($0, person: pid.uuidString, unit: me.unitID?.uuidString, holders: map)) != nil
            }
        )
    }

    static func show(_ req: Request, refused: (action: String, error: AppError, values: [String: String], fallback: String)? = nil)
        async throws -> Response
    {
        let actor = try req.actor()
        let id = try req.uuid()
        let db = req.db
        guard let row = try await EngineeringQueries.project(id, on: db) else { throw AppError.notFound }
        try ZoneScope.check(row.zoneId, actor: actor)
        let today = CalendarDate.today()
        let holders = try await EngineeringQueries.holders(id, on: db)
        let milestones = try await EngineeringQueries.milestones(id, on: db).map { m in
            ConstructionProjectPage.Milestone(
                row: m,
                late: CalendarDate(m.plannedOn).map {
                    Milestones.isLate(planned: $0, actual: m.actualOn.flatMap(CalendarDate.init), today: today)
                }
                    ?? false
            )
        }
        let progress = try await EngineeringQueries.progress(id, on: db)
        let costs = try await EngineeringQueries.costs(id, on: db).sorted {
            (CostStage(rawValue: $0.stage) ?? .estimate) < (CostStage(rawValue: $1.stage) ?? .estimate)
        }
        let changes = try await EngineeringQueries.changes(id, on: db)
        let tenders = try await EngineeringQueries.tenders(ofProject: id, on: db)
        let overdue = Set(
            tenders.filter { TenderService.contractOverdue(awarded: $0.awardedOn, signed: $0.contractSignedOn, today: today) }.map(\.id)
        )
        let audits = try await EngineeringQueries.audits(id, on: db)
        let payments = try await EngineeringQueries.payments(id, on: db)
        let contracts = try await EngineeringQueries.contracts(id, on: db)
        let decisions = try await EngineeringQueries.meetingDecisions(id, on: db)
        // A settled project takes no more changes but its payments and decisions.
        let writes = actor.zoneID != nil
        let open = row.stage != ConstructionStage.settled.rawValue
        let acts = try await responsibilities(of: actor, holders: holders, on: db)
        var firmOptions: [(value: String, label: String)] = []
        var next: String?
        if writes && actor.can(.costWrite) {
            let firms = try await EngineeringQueries.auditFirms(zone: row.zoneId, on: db).filter(\.active)
            firmOptions = firms.map { ($0.id.uuidString, $0.name) }
            if let p = try await ConstructionProject.find(id, on: db) {
                let parties = try await AuditFirmService.parties(of: p, on: db)
                next =
                    AuditRotation.order(
                        firms.map(EngineeringQueries.rotationFirm),
                        qualification: AuditFirmService.defaultQualification,
                        parties: parties
                    ).first?.name
            }
        }
        var unitOptions: [(value: String, label: String)] = []
        var personOptions: [(value: String, label: String)] = []
        if writes && actor.can(.engineeringWrite) {
            unitOptions = try await EngineeringQueries.unitOptions(zone: row.zoneId, on: db).map { ($0.id.uuidString, $0.name) }
            personOptions = try await EngineeringQueries.personOptions(zone: row.zoneId, on: db).map(personOption)
        }
        let model = ConstructionProjectPage(
            row: row,
            holders: Dictionary(holders.map { ($0.responsibility, $0) }, uniquingKeysWith: { a, _ in a }),
            members: try await EngineeringQueries.members(id, on: db),
            milestones: milestones,
            progress: progress,
            costs: costs,
            changes: changes,
            tenders: tenders,
            overdueTenders: overdue,
            audits: audits,
            payments: payments,
            contracts: contracts,
            ceilingPercent: try await Settings.int("engineering.paymentCeilingPercent", zone: row.zoneId, on: db),
            timeline: timeline(
                milestones: milestones,
                progress: progress,
                costs: costs,
                changes: changes,
                tenders: tenders,
                overdue: overdue,
                audits: audits,
                payments: payments,
                decisions: decisions
            ),
            unitOptions: unitOptions,
            personOptions: personOptions,
            firmOptions: firmOptions,
            rotationNext: next,
            canWrite: writes && open && actor.can(.engineeringWrite),
            canCost: writes && actor.can(.costWrite),
            canDecide: writes && actor.can(.engineeringDecide),
            acts: writes && open && actor.can(.holderAct) ? acts : [],
            today: today.description,
            refused: refused.map { r in
                RefusedForm(action: r.action, state: formState(r.error, values: r.values, fallback: r.fallback, rename: holderRename))
            },
            message: refused.map { $0.error.message }
        )
        return Layout.render(
            request: req,
            title: row.code + " " + row.name,
            body: EngineeringViews.project(model, req.view),
            status: refused?.error.status ?? .ok
        )
    }

    /// A separation refusal names the responsibility; the form shows it under that responsibility's person.
    static let holderRename = ["design": "design.personId", "cost": "cost.personId", "construction": "construction.personId"]

    /// Every dated event about the project, newest first.
    static func timeline(
        milestones: [ConstructionProjectPage.Milestone],
        progress: [ProgressRow],
        costs: [CostDocumentRow],
        changes: [DesignChangeRow],
        tenders: [TenderListRow],
        overdue: Set<UUID>,
        audits: [AuditAssignmentRow],
        payments: [PaymentRow],
        decisions: [MeetingDecisionRow]
    ) -> [TimelineEvent] {
        var events: [TimelineEvent] = []
        func add(_ date: String?, _ kind: Loc, _ text: String, _ url: SiteURL? = nil, late: Bool = false) {
            guard let d = date, !d.isEmpty else { return }
            events.append(TimelineEvent(date: d, kind: kind, text: text, url: url, late: late))
        }
        for m in milestones {
            if let a = m.row.actualOn {
                add(a, Loc("节点完成", "Milestone reached"), m.row.name + "（计划 \(m.row.plannedOn)）", late: m.late)
            } else {
                add(m.row.plannedOn, Loc("节点计划", "Milestone planned"), m.row.name, late: m.late)
            }
        }
        for p in progress { add(p.onDate, Loc("形象进度", "Progress"), "\(p.percent)%　\(p.note)（\(p.by)）") }
        for c in costs {
            let stage = EngineeringLabels.costStage(CostStage(rawValue: c.stage) ?? .estimate)
            add(c.preparedOn, Loc("编制\(stage.zh)", "\(stage.en) prepared"), Money(fen: c.amountFen).display + "（\(c.preparedByName ?? "")）")
            if c.status != "prepared" {
                add(
                    c.decidedOn,
                    Loc("\(stage.zh)\(EngineeringLabels.costStatus(c.status).zh)", "\(stage.en) \(c.status)"),
                    c.decidedBy ?? ""
                )
            }
        }
        for c in changes {
            add(c.proposedOn, Loc("提出设计变更", "Design change proposed"), "#\(c.number) \(c.title)（\(c.proposerName ?? "")）")
            let status = EngineeringLabels.changeStatus(c.status)
            add(
                c.decidedOn,
                Loc("设计变更\(status.zh)", "Design change \(status.en.lowercased())"),
                "#\(c.number) \(c.title)" + (c.impactFen.map { "，" + Money(fen: $0).display } ?? "")
            )
        }
        for t in tenders {
            let url = SiteURL.tender(t.id)
            add(t.issuedOn, Loc("发出招标文件", "Tender issued"), t.package, url)
            add(t.reportOn, Loc("评标", "Bids evaluated"), t.package, url)
            add(
                t.awardedOn,
                Loc("定标", "Awarded"),
                t.package + (t.winner.map { "：\($0)" } ?? ""),
                url,
                late: overdue.contains(t.id) && t.contractSignedOn == nil
            )
            add(
                t.contractSignedOn,
                Loc("签订合同", "Contract signed"),
                t.package + (t.contractFen.map { "，" + Money(fen: $0).display } ?? ""),
                url,
                late: overdue.contains(t.id)
            )
        }
        for p in payments {
            add(p.requestedOn, Loc("申请进度款", "Progress payment requested"), "\(p.package) \(p.period)：" + Money(fen: p.requestedFen).display)
            add(
                p.confirmedOn,
                Loc("审计确认", "Progress payment confirmed"),
                "\(p.package) \(p.period)：" + Money(fen: p.confirmedFen ?? 0).display
            )
            add(p.paidOn, Loc("支付进度款", "Progress payment paid"), "\(p.package) \(p.period)：" + Money(fen: p.paidFen ?? 0).display)
        }
        for a in audits {
            add(a.assignedOn, Loc("委托跟踪审计", "Tracking audit assigned"), a.firmName)
            add(a.endedOn, Loc("跟踪审计结束", "Tracking audit ended"), a.firmName + (a.rating.map { "，评价 \($0) 分" } ?? ""))
        }
        for d in decisions {
            add(d.heldOn, Loc("会议决定", "Meeting decision"), d.title + "：" + d.topic + "——" + d.decision, .meeting(d.meetingId))
        }
        return events.enumerated().sorted { a, b in
            a.element.date != b.element.date ? a.element.date > b.element.date : a.offset > b.offset
        }.map(\.element)
    }

    // MARK: project actions

    static func registerProjectActions(_ app: Application) {
        let r = app.routes
        func post(_ path: [PathComponent], _ permission: Permission, use handler: @escaping @Sendable (Request) async throws -> Response) {
            r.on(.POST, ["engineering", "projects", ":id"] + path, permission: permission, use: handler)
        }
        post(["holders"], .engineeringWrite) { req in
            try await projectAction(req, "holders", fallback: "design.personId") { raw, project, _, db, trail in
                let current = try await ProjectHolder.query(on: db).filter(\.$projectID == project.id!).all()
                var input = HoldersInput()
                for r in Responsibility.allCases {
                    let unit = raw["\(r.rawValue).unitId"] ?? ""
                    let person = raw["\(r.rawValue).personId"] ?? ""
                    if unit.isEmpty && person.isEmpty { continue }
                    let now = current.first { $0.responsibility == r.rawValue }
                    if now?.unitID.uuidString == unit && now?.personID.uuidString == person { continue }
                    let h = HolderInput(unitId: unit, personId: person)
                    switch r {
                    case .design: input.design = h
                    case .cost: input.cost = h
                    case .construction: input.construction = h
                    }
                }
                try await EngineeringService.assignHolders(input, project: project, on: db, trail: trail)
            }
        }
        post(["milestones"], .engineeringWrite) { req in
            try await projectAction(req, "milestones", fallback: "name") { raw, project, _, db, trail in
                let input = MilestoneInput(name: raw["name"], plannedOn: raw["plannedOn"], actualOn: raw["actualOn"])
                try await EngineeringService.addMilestone(input, project: project, on: db, trail: trail)
            }
        }
        post(["progress"], .engineeringWrite) { req in
            try await projectAction(req, "progress", fallback: "note") { raw, project, actor, db, trail in
                let input = ProgressInput(onDate: raw["onDate"], percent: int(raw["percent"]), note: raw["note"])
                try await EngineeringService.reportProgress(input, project: project, by: actor.displayName, on: db, trail: trail)
            }
        }
        post(["members"], .engineeringWrite) { req in
            try await projectAction(req, "members", fallback: "personId") { raw, project, _, db, trail in
                let input = OfficeMemberInput(personId: raw["personId"], duty: raw["duty"])
                try await EngineeringService.addMember(input, project: project, on: db, trail: trail)
            }
        }
        post(["costs"], .costWrite) { req in
            try await projectAction(req, "costs", fallback: "stage") { raw, project, actor, db, trail in
                var v = Validation()
                let amount = wan(raw, "amountWan", Loc("金额", "Amount"), into: &v)
                try v.check()
                let input = CostDocumentInput(
                    stage: raw["stage"],
                    amountFen: amount,
                    basis: raw["basis"],
                    overrunReason: raw["overrunReason"],
                    preparedOn: raw["preparedOn"]
                )
                _ = try await CostService.prepare(input, project: project, actor: actor, on: db, trail: trail)
            }
        }
        post(["costs", ":docId", "decision"], .engineeringDecide) { req in
            let doc = try req.uuid("docId")
            return try await projectAction(req, "costs/\(doc)/decision", fallback: "approve") { raw, project, actor, db, trail in
                guard let d = try await CostDocument.find(doc, on: db), d.projectID == project.id else { throw AppError.notFound }
                let input = CostDecisionInput(
                    approve: flag(raw["approve"]),
                    approveOverrun: flag(raw["approveOverrun"]) ?? false,
                    note: raw["note"],
                    decidedOn: raw["decidedOn"]
                )
                try await CostService.decide(input, document: d, project: project, actor: actor, on: db, trail: trail)
            }
        }
        post(["changes"], .holderAct) { req in
            try await projectAction(req, "changes", fallback: "title") { raw, project, actor, db, trail in
                let input = DesignChangeInput(
                    title: raw["title"],
                    reason: raw["reason"],
                    proposedAs: raw["proposedAs"],
                    proposedOn: raw["proposedOn"]
                )
                _ = try await DesignChangeService.propose(input, project: project, actor: actor, on: db, trail: trail)
            }
        }
        post(["changes", ":changeId", "design"], .holderAct) { req in
            let change = try req.uuid("changeId")
            return try await projectAction(req, "changes/\(change)/design", fallback: "agrees") { raw, project, actor, db, trail in
                guard let c = try await DesignChange.find(change, on: db), c.projectID == project.id else { throw AppError.notFound }
                let input = DesignReviewInput(agrees: flag(raw["agrees"]), opinion: raw["opinion"])
                try await DesignChangeService.reviewDesign(input, change: c, actor: actor, on: db, trail: trail)
            }
        }
        post(["changes", ":changeId", "cost"], .holderAct) { req in
            let change = try req.uuid("changeId")
            return try await projectAction(req, "changes/\(change)/cost", fallback: "impactWan") { raw, project, actor, db, trail in
                guard let c = try await DesignChange.find(change, on: db), c.projectID == project.id else { throw AppError.notFound }
                var v = Validation()
                let impact = wan(raw, "impactWan", Loc("造价影响", "Cost impact"), into: &v, negative: true)
                try v.check()
                let input = CostReviewInput(impactFen: impact, opinion: raw["opinion"])
                try await DesignChangeService.reviewCost(input, change: c, actor: actor, on: db, trail: trail)
            }
        }
        post(["audit"], .costWrite) { req in
            try await projectAction(req, "audit", fallback: "firmId") { raw, project, _, db, trail in
                let input = AuditAssignmentInput(
                    qualification: nil,
                    firmId: raw["firmId"],
                    reason: raw["reason"],
                    assignedOn: raw["assignedOn"]
                )
                _ = try await AuditFirmService.assign(input, project: project, on: db, trail: trail)
            }
        }
        post(["audit", ":assignmentId", "rating"], .costWrite) { req in
            let job = try req.uuid("assignmentId")
            return try await projectAction(req, "audit/\(job)/rating", fallback: "rating") { raw, project, _, db, trail in
                guard let a = try await AuditAssignment.find(job, on: db), a.projectID == project.id else { throw AppError.notFound }
                let input = AuditRatingInput(rating: int(raw["rating"]), note: raw["note"], endedOn: raw["endedOn"])
                try await AuditFirmService.rate(input, assignment: a, zone: project.zoneID, on: db, trail: trail)
            }
        }
        post(["payments"], .costWrite) { req in
            try await projectAction(req, "payments", fallback: "tenderId") { raw, project, _, db, trail in
                var v = Validation()
                let amount = wan(raw, "requestedWan", Loc("申请金额", "Requested amount"), into: &v)
                try v.check()
                let input = PaymentInput(
                    tenderId: raw["tenderId"],
                    period: raw["period"],
                    requestedFen: amount,
                    requestedOn: raw["requestedOn"]
                )
                _ = try await AuditFirmService.requestPayment(input, project: project, on: db, trail: trail)
            }
        }
        post(["payments", ":paymentId", "confirm"], .costWrite) { req in
            let payment = try req.uuid("paymentId")
            return try await projectAction(req, "payments/\(payment)/confirm", fallback: "confirmedWan") { raw, project, _, db, trail in
                guard let p = try await ProgressPayment.find(payment, on: db), p.projectID == project.id else { throw AppError.notFound }
                var v = Validation()
                let amount = wan(raw, "confirmedWan", Loc("审计确认金额", "Confirmed amount"), into: &v)
                try v.check()
                try await AuditFirmService.confirm(
                    PaymentConfirmInput(confirmedFen: amount, confirmedOn: raw["confirmedOn"]),
                    payment: p,
                    on: db,
                    trail: trail
                )
            }
        }
        post(["payments", ":paymentId", "pay"], .costWrite) { req in
            let payment = try req.uuid("paymentId")
            return try await projectAction(req, "payments/\(payment)/pay", fallback: "paidWan") { raw, project, _, db, trail in
                guard let p = try await ProgressPayment.find(payment, on: db), p.projectID == project.id else { throw AppError.notFound }
                var v = Validation()
                let amount = wan(raw, "paidWan", Loc("支付金额", "Amount paid"), into: &v)
                try v.check()
                try await AuditFirmService.pay(PaymentPayInput(paidFen: amount, paidOn: raw["paidOn"]), payment: p, on: db, trail: trail)
            }
        }
    }

    /// A change from a form of the project page: done → back to the project; refused → the page again with the refusal
    /// in the form, nothing written.
    static func projectAction(
        _ req: Request,
        _ action: String,
        fallback: String,
        _ work: @escaping @Sendable ([String: String], ConstructionProject, Actor, Database, AuditTrail) async throws -> Void
    ) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let id = try req.uuid()
        var raw = try req.content.decode([String: String].self)
        raw["_csrf"] = nil
        let values = raw
        do {
            try await Writes.perform(req.application, actor: actor) { db, trail in
                guard let p = try await ConstructionProject.find(id, on: db), p.zoneID == zone else { throw AppError.notFound }
                try await work(values, p, actor, db, trail)
            }
            return req.redirect(to: .constructionProject(id))
        } catch let e as AppError where e.status != .notFound {
            return try await show(req, refused: (action, e, values, fallback))
        }
    }

    // MARK: audit firms

    static func auditFirms(_ req: Request, editing: UUID? = nil, form: FormState? = nil, status: HTTPResponseStatus = .ok) async throws
        -> Response
    {
        let actor = try req.actor()
        let lang = req.lang
        let title = lang.t("跟踪审计单位", "Tracking-audit firms")
        let zone: UUID
        switch try await InvestmentAPI.pageZone(req, actor: actor, page: .auditFirms, title: title) {
        case .zone(let z): zone = z
        case .picker(let page): return page
        }
        let rows = try await EngineeringQueries.auditFirms(zone: zone, on: req.db)
        let qualification = AuditFirmService.defaultQualification
        let order = AuditRotation.order(rows.map(EngineeringQueries.rotationFirm), qualification: qualification, parties: [])
        let places = Dictionary(order.enumerated().map { ($0.element.id, $0.offset + 1) }, uniquingKeysWith: { a, _ in a })
        var edited: AuditFirmRow?
        if let e = editing {
            guard let r = rows.first(where: { $0.id == e }) else { throw AppError.notFound }
            edited = r
        }
        var state = form ?? .empty
        if form == nil, let e = edited {
            state = FormState(values: [
                "name": e.name, "creditCode": e.creditCode ?? "", "qualifications": e.qualifications, "related": e.related,
                "active": e.active ? "true" : "false",
            ])
        }
        let model = AuditFirmsPage(
            firms: rows.map { .init(row: $0, place: places[$0.id.uuidString]) },
            qualification: qualification,
            canWrite: actor.zoneID != nil && actor.can(.costWrite),
            editing: edited,
            form: state
        )
        return Layout.render(request: req, title: title, body: EngineeringViews.auditFirms(model, req.view), status: status)
    }

    static func saveFirm(_ req: Request, editing: Bool) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        let id: UUID? = editing ? try req.uuid() : nil
        func lines(_ s: String?) -> [String] { (s ?? "").split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init) }
        let input = AuditFirmInput(
            name: raw["name"],
            creditCode: raw["creditCode"],
            qualifications: lines(raw["qualifications"]),
            related: lines(raw["related"]),
            active: raw["active"] == "true"
        )
        do {
            _ = try await Writes.perform(req.application, actor: actor) { db, trail in
                var existing: AuditFirm?
                if let id {
                    guard let f = try await AuditFirm.find(id, on: db), f.zoneID == zone else { throw AppError.notFound }
                    existing = f
                }
                return try await AuditFirmService.save(input, existing: existing, zone: zone, on: db, trail: trail).id!
            }
            return req.redirect(to: .auditFirms)
        } catch let e as AppError where e.status != .notFound {
            return try await auditFirms(req, editing: id, form: formState(e, values: raw, fallback: "name"), status: e.status)
        }
    }
}
