import Fluent
import Vapor
import YuanquKit

/// Enterprises, each with its service page (the whole chain since signing), and the service requests.
enum EnterprisePages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("enterprises", permission: .investmentRead, use: list)
        r.get("enterprises", ":id", permission: .investmentRead, use: { try await show($0) })
        r.post("enterprises", ":id", "requests", permission: .investmentWrite, use: openRequest)
        r.post("service-requests", ":id", "steps", permission: .investmentWrite, use: step)
        r.post("service-requests", ":id", "close", permission: .investmentWrite, use: close)
        r.get("service-requests", permission: .investmentRead, use: requests)
        r.get("enterprises", "export.csv", permission: .investmentRead, use: export)
    }

    static func statusLabel(_ s: String, _ lang: Lang) -> String {
        switch s {
        case "open": return lang.t("待办", "Open")
        case "inProgress": return lang.t("办理中", "In progress")
        case "closed": return lang.t("已办结", "Closed")
        default: return s
        }
    }

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let params = ListParams(req, filterKeys: ["industry", "zone"], defaultSort: "name", sortable: [])
        var q = Enterprise.query(on: req.db)
        let zone = try await ZoneScope.readZone(req, actor: actor)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        if let i = params.filters["industry"] { q = q.filter(\.$industry == i) }
        if !params.q.isEmpty { q = q.filter(\.$name ~~ params.q) }
        let total = try await q.count()
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let items = try await q.sort(\.$name).range(((params.page - 1) * pageSize)..<(params.page * pageSize)).all()
        let people = Dictionary(
            uniqueKeysWithValues: try await Person.query(on: req.db).filter(
                \.$id ~~ (items.compactMap(\.stewardID) + items.compactMap(\.expertID))
            ).all().map { ($0.id!, $0.name) }
        )
        let inds = try await InvestmentPages.industries(zone, on: req.db, lang: lang)
        let labels = Dictionary(uniqueKeysWithValues: inds.map { ($0.value, $0.label) })
        let overdue = try await ServiceRequest.query(on: req.db).filter(\.$enterpriseID ~~ items.compactMap(\.id)).filter(
            \.$status != "closed"
        )
        .filter(\.$dueOn < CalendarDate.today().description).all()
        let bar = ListView.filterBar(
            params: params,
            base: .enterprises,
            selects: [("industry", lang.t("产业", "Industry"), inds)],
            zones: req.zoneOptions,
            lang: req.lang,
            export: .enterprisesExport,
            actions: (actor.can(.investmentWrite)
                ? [link(.enterprisesImport, lang.t("从 CSV 导入", "Import CSV"), class: "btn secondary")] : [])
                + [link(.serviceRequests, query: [("overdue", "true")], lang.t("超期诉求", "Overdue requests"), class: "btn secondary")]
        )
        let columns: [ListView.Column] = [
            .init(key: "name", label: lang.t("企业", "Enterprise"), sortable: false),
            .init(key: "code", label: lang.t("统一社会信用代码", "Credit code"), sortable: false),
            .init(key: "industry", label: lang.t("产业", "Industry"), sortable: false),
            .init(key: "steward", label: lang.t("管家", "Steward"), sortable: false),
            .init(key: "expert", label: lang.t("专家", "Expert"), sortable: false),
            .init(key: "overdue", label: lang.t("超期诉求", "Overdue"), sortable: false, numeric: true),
        ]
        let rows: [[HNode]] = items.map { e in
            let n = overdue.filter { $0.enterpriseID == e.id }.count
            return [
                link(.enterprise(e.id!), e.name), el("code", [], txt(e.creditCode ?? "—")), txt(labels[e.industry] ?? e.industry),
                txt(e.stewardID.flatMap { people[$0] } ?? "—"), txt(e.expertID.flatMap { people[$0] } ?? "—"),
                n > 0 ? el("strong", [("class", "error")], txt(String(n))) : txt("0"),
            ]
        }
        return Layout.render(
            request: req,
            title: lang.t("企业服务（专家+管家）", "Enterprises (expert and steward)"),
            body: .group(
                bar,
                ListView.table(columns, rows: rows, params: params, base: .enterprises, lang: lang),
                ListView.pager(total: total, params: params, pageSize: pageSize, base: .enterprises, lang: lang)
            )
        )
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        var q = Enterprise.query(on: req.db)
        let zone = try await ZoneScope.readZone(req, actor: actor)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        if let i = try? req.query.get(String.self, at: "industry"), !i.isEmpty { q = q.filter(\.$industry == i) }
        if let t = try? req.query.get(String.self, at: "q"), !t.isEmpty { q = q.filter(\.$name ~~ t) }
        let items = try await q.sort(\.$name).limit(20_000).all()
        let people = Dictionary(
            uniqueKeysWithValues: try await Person.query(on: req.db).filter(
                \.$id ~~ (items.compactMap(\.stewardID) + items.compactMap(\.expertID))
            ).all().map { ($0.id!, $0.name) }
        )
        let labels = Dictionary(
            uniqueKeysWithValues: try await InvestmentPages.industries(zone, on: req.db, lang: lang).map { ($0.value, $0.label) }
        )
        let header = [
            Loc("企业名称", "Name"), Loc("统一社会信用代码", "Credit code"), Loc("产业", "Industry"), Loc("地址", "Address"), Loc("联系人", "Contact"),
            Loc("联系电话", "Phone"), Loc("管家", "Steward"), Loc("专家", "Expert"),
        ].map { lang.t($0) }
        let rows = items.map { e in
            [
                e.name, e.creditCode ?? "", labels[e.industry] ?? e.industry, e.address, e.contactName, e.contactPhone,
                e.stewardID.flatMap { people[$0] } ?? "", e.expertID.flatMap { people[$0] } ?? "",
            ]
        }
        return csvResponse(filename: lang.t("企业.csv", "enterprises.csv"), header: header, rows: rows)
    }

    static func show(_ req: Request, error: AppError? = nil, values: [String: String] = [:]) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let e = try await EnterpriseAPI.load(req, actor: actor, on: req.db)
        let projects = try await InvestmentProject.query(on: req.db).filter(\.$enterpriseID == e.id!).sort(\.$signingDate).all()
        let requests = try await ServiceRequest.query(on: req.db).filter(\.$enterpriseID == e.id!).sort(\.$openedOn, .descending).all()
        let steps = try await ServiceStep.query(on: req.db).filter(\.$requestID ~~ requests.compactMap(\.id)).sort(\.$onDate).all()
        // Only the people this page names: steward, expert and the requests' holders.
        let named = [e.stewardID, e.expertID].compactMap { $0 } + requests.compactMap(\.holderID)
        let namedPeople = try await Person.query(on: req.db).filter(\.$id ~~ named).all()
        let names = Dictionary(uniqueKeysWithValues: namedPeople.map { ($0.id!, $0.name) })
        let openable = try await OrgQueries.openable(namedPeople, actor: actor, on: req.db)
        func person(_ id: UUID) -> HNode { openable.contains(id) ? link(.person(id), names[id] ?? "") : txt(names[id] ?? "") }
        let units = try await OrgQueries.unitNames(zone: e.zoneID, on: req.db)
        let platforms = try await ServicePlatform.query(on: req.db).filter(\.$zoneID == e.zoneID).sort(\.$name).all()
        let types = try await CodeListItem.query(on: req.db).filter(\.$zoneID == e.zoneID).filter(\.$list == "requestType").filter(
            \.$active == true
        ).sort(\.$sortOrder).all()
        let typeLabels = Dictionary(uniqueKeysWithValues: types.map { ($0.code, lang.t($0.labelZh, $0.labelEn)) })
        let f = FormKit(lang: lang, errors: error?.fieldErrors ?? [:], values: values)
        // The chain since signing, oldest first: signings and stages, then each request and its steps.
        var chain: [(date: String, text: String)] = []
        for p in projects {
            if let d = p.signingDate {
                chain.append((d, lang.t("签约：", "Signed: ") + p.name + "（" + Money(fen: p.signedAmountFen ?? 0).display + "）"))
            }
            if let d = p.startDate { chain.append((d, lang.t("开工：", "Construction: ") + p.name)) }
            if let d = p.operationDate { chain.append((d, lang.t("投产：", "In operation: ") + p.name)) }
        }
        for r in requests {
            chain.append(
                (
                    r.openedOn,
                    lang.t("诉求受理：", "Request: ") + r.title + "（" + (typeLabels[r.type] ?? r.type) + lang.t("，限 ", ", due ") + r.dueOn + "）"
                )
            )
            for s in steps where s.requestID == r.id { chain.append((s.onDate, "　" + s.note + " — " + s.by)) }
        }
        chain.sort { $0.date < $1.date }
        let requestCards: [HNode] = requests.map { r in
            let overdue = EnterpriseService.isOverdue(r)
            return el(
                "div",
                [("class", "card")],
                [
                    el(
                        "div",
                        [],
                        el("strong", [], txt(r.title)),
                        txt(" · " + (typeLabels[r.type] ?? r.type) + " · " + statusLabel(r.status, lang)),
                        overdue ? el("span", [("class", "tag main")], txt(lang.t(" 超期", " overdue"))) : .empty
                    ),
                    el(
                        "div",
                        [("class", "muted")],
                        txt(
                            lang.t("受理 ", "Opened ") + r.openedOn + lang.t("，办理时限至 ", ", due ") + r.dueOn
                                + (r.unitID.flatMap { units[$0] }.map { lang.t("，承办：", "; unit: ") + $0 } ?? "")
                                + (r.platformID.flatMap { id in platforms.first { $0.id == id }?.name }.map {
                                    lang.t("，转服务平台：", "; platform: ") + $0
                                } ?? "")
                                + (r.holderID.flatMap { names[$0] }.map { lang.t("，经办：", "; holder: ") + $0 } ?? "")
                                + (r.satisfaction.map { lang.t("，满意度 \($0)/5", "; satisfaction \($0)/5") } ?? "")
                        )
                    ),
                    r.status == "closed" || !actor.can(.investmentWrite)
                        ? .empty
                        : .group(
                            postForm(
                                req.view,
                                action: .serviceRequestSteps(r.id!),
                                class: "toolbar",
                                [
                                    void("input", [("name", "note"), ("placeholder", lang.t("办理情况", "What was done")), ("size", "36")]),
                                    el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("记录办理", "Record step"))),
                                ]
                            ),
                            postForm(
                                req.view,
                                action: .serviceRequestClose(r.id!),
                                class: "toolbar",
                                [
                                    el(
                                        "select",
                                        [("name", "satisfaction"), ("aria-label", lang.t("满意度", "Satisfaction"))],
                                        [el("option", [("value", "")], txt(lang.t("满意度", "Satisfaction")))]
                                            + (1...5).reversed().map { el("option", [("value", String($0))], txt(String($0))) }
                                    ),
                                    void("input", [("name", "note"), ("placeholder", lang.t("办结说明", "Closing note")), ("size", "24")]),
                                    el("button", [("type", "submit")], txt(lang.t("办结", "Close"))),
                                ]
                            )
                        ),
                ]
            )
        }
        let body: HNode = .group(
            error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0.message))) } ?? .empty,
            el(
                "dl",
                [("class", "props")],
                [
                    el("dt", [], txt(lang.t("统一社会信用代码", "Credit code"))), el("dd", [], el("code", [], txt(e.creditCode ?? "—"))),
                    el("dt", [], txt(lang.t("地址", "Address"))), el("dd", [], txt(e.address.isEmpty ? "—" : e.address)),
                    el("dt", [], txt(lang.t("联系人", "Contact"))),
                    el(
                        "dd",
                        [],
                        txt(
                            [e.contactName, e.contactPhone].filter { !$0.isEmpty }.joined(separator: " ").isEmpty
                                ? "—" : [e.contactName, e.contactPhone].filter { !$0.isEmpty }.joined(separator: " ")
                        )
                    ),
                    el("dt", [], txt(lang.t("管家", "Steward"))),
                    el("dd", [], e.stewardID.map(person) ?? txt("—")),
                    el("dt", [], txt(lang.t("专家", "Expert"))),
                    el("dd", [], e.expertID.map(person) ?? txt("—")),
                ]
            ),
            el("h2", [], txt(lang.t("全链条服务记录", "The whole chain since signing"))),
            chain.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无记录", "Nothing yet")))
                : el(
                    "table",
                    [("class", "list")],
                    el(
                        "tbody",
                        [],
                        chain.map { c in el("tr", [], el("td", [("class", "nowrap")], txt(c.date)), el("td", [], txt(c.text))) }
                    )
                ),
            el("h2", [], txt(lang.t("企业诉求", "Service requests") + " (\(requests.count))")),
            .group(requestCards),
            actor.can(.investmentWrite)
                ? postForm(
                    req.view,
                    action: .enterpriseRequests(e.id!),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("受理新诉求", "Log a request"))),
                        f.summary(),
                        f.select(
                            "type",
                            lang.t("诉求类型", "Type"),
                            options: types.map {
                                (
                                    $0.code,
                                    lang.t($0.labelZh, $0.labelEn)
                                        + lang.t(
                                            "（限 \(ServiceDeadline.defaultLimits[$0.code] ?? 10) 个工作日）",
                                            " (\(ServiceDeadline.defaultLimits[$0.code] ?? 10) working days)"
                                        )
                                )
                            },
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        f.text("title", lang.t("诉求事项", "Request"), required: true),
                        f.textarea("detail", lang.t("具体内容", "Details"), rows: 3),
                        f.select(
                            "unitId",
                            lang.t("承办单位", "Unit"),
                            options: units.sorted { $0.value < $1.value }.map { ($0.key.uuidString, $0.value) },
                            selected: nil,
                            blank: lang.t("（无）", "(none)")
                        ),
                        f.select(
                            "platformId",
                            lang.t("或转服务平台", "Or route to a platform"),
                            options: platforms.map { ($0.id!.uuidString, $0.name) },
                            selected: nil,
                            blank: lang.t("（无）", "(none)")
                        ),
                        el("button", [("type", "submit")], txt(lang.t("受理", "Log"))),
                    ]
                ) : .empty
        )
        return Layout.render(request: req, title: e.name, body: body, status: error?.status ?? .ok)
    }

    static func openRequest(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let e = try await EnterpriseAPI.load(req, actor: actor, on: req.db)
        let raw = try req.content.decode([String: String].self)
        let input = ServiceRequestInput(
            enterpriseId: e.id!.uuidString,
            type: raw["type"],
            title: raw["title"],
            detail: raw["detail"],
            unitId: raw["unitId"],
            platformId: raw["platformId"]
        )
        do {
            _ = try await Writes.perform(req.application, actor: actor) { db, trail in
                try await EnterpriseService.openRequest(input, actor: actor, zone: zone, on: db, trail: trail)
            }
            return req.redirect(to: .enterprise(e.id!))
        } catch let err as AppError where err.status != .notFound {
            return try await show(req, error: err, values: raw)
        }
    }

    static func requestAction(
        _ req: Request,
        _ work: @escaping @Sendable (ServiceRequest, Actor, Database, AuditTrail) async throws -> Void
    ) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        guard let r = try await ServiceRequest.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(r.zoneID, actor: actor)
        let id = r.id!
        try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let r = try await ServiceRequest.find(id, on: db) else { throw AppError.notFound }
            try await work(r, actor, db, trail)
        }
        return req.redirect(to: .enterprise(r.enterpriseID))
    }

    static func step(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        return try await requestAction(req) { r, actor, db, trail in
            try await EnterpriseService.addStep(r, note: raw["note"], actor: actor, on: db, trail: trail)
        }
    }

    static func close(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let input = CloseInput(satisfaction: raw["satisfaction"].flatMap { Int($0) }, note: raw["note"])
        return try await requestAction(req) { r, actor, db, trail in
            try await EnterpriseService.close(r, input: input, actor: actor, on: db, trail: trail)
        }
    }

    static func requests(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let list = try await EnterpriseAPI.requestQuery(req, actor: actor).sort(\.$dueOn).limit(500).all()
        let enterprises = Dictionary(
            uniqueKeysWithValues: try await Enterprise.query(on: req.db).filter(\.$id ~~ list.map(\.enterpriseID)).all().map {
                ($0.id!, $0.name)
            }
        )
        let names = Dictionary(
            uniqueKeysWithValues: try await Person.query(on: req.db).filter(\.$id ~~ list.compactMap(\.holderID)).all().map {
                ($0.id!, $0.name)
            }
        )
        let params = ListParams(req, filterKeys: ["status", "overdue"], defaultSort: "", sortable: [])
        let columns = [
            Loc("企业", "Enterprise"), Loc("诉求事项", "Request"), Loc("受理", "Opened"), Loc("时限", "Due"), Loc("经办", "Holder"),
            Loc("状态", "Status"),
        ]
        let rows: [[HNode]] = list.map { r in
            [
                link(.enterprise(r.enterpriseID), enterprises[r.enterpriseID] ?? ""), txt(r.title), txt(r.openedOn),
                EnterpriseService.isOverdue(r)
                    ? el("strong", [("class", "error")], txt(r.dueOn + lang.t("（超期）", " (overdue)"))) : txt(r.dueOn),
                txt(r.holderID.flatMap { names[$0] } ?? "—"), txt(statusLabel(r.status, lang)),
            ]
        }
        return Layout.render(
            request: req,
            title: lang.t("企业诉求", "Service requests"),
            body: .group(
                ListView.filterBar(
                    params: params,
                    base: .serviceRequests,
                    selects: [
                        ("status", lang.t("状态", "Status"), ["open", "inProgress", "closed"].map { ($0, statusLabel($0, lang)) }),
                        ("overdue", lang.t("超期", "Overdue"), [("true", lang.t("是", "Yes"))]),
                    ],
                    zones: req.zoneOptions,
                    lang: req.lang,
                    export: nil,
                    actions: []
                ),
                ListView.table(
                    columns.enumerated().map { ListView.Column(key: "c\($0.offset)", label: lang.t($0.element), sortable: false) },
                    rows: rows,
                    params: params,
                    base: nil,
                    lang: lang
                )
            )
        )
    }
}
