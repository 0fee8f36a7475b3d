import Fluent
import Vapor
import YuanquKit

/// Enterprises, each with its service page (the whole chain since signing), and the service requests.
enum EnterprisePages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("enterprises", permission: .investmentRead, use: list)
        r.get("enterprises", ":id", permission: .investmentRead, use: { try await show($0) })
        r.post("enterprises", ":id", "requests", permission: .serviceAct, use: openRequest)
        r.post("service-requests", ":id", "steps", permission: .serviceAct, reaches: .serviceRequest, use: step)
        r.post("service-requests", ":id", "close", permission: .serviceAct, reaches: .serviceRequest, use: close)
        r.get("service-requests", permission: .investmentRead, use: requests)
        r.get("enterprises", "export.csv", permission: .investmentRead, use: export)
    }

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let params = ListParams(req, filterKeys: ["industry", "zone"], defaultSort: "name", sortable: [])
        let f = try await EnterpriseQueries.Filter(req, actor: actor)
        let zone = f.zone
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let (rows, total) = try await EnterpriseQueries.page(
            f,
            range: params.range(pageSize: pageSize),
            on: req.db
        )
        let overdue = try await EnterpriseQueries.overdueCounts(enterprises: rows.map(\.id), on: req.db)
        let industries = try await InvestmentPages.industries(zone, on: req.db, lang: lang)
        let labels = Dictionary(uniqueKeysWithValues: industries.map { ($0.value, $0.label) })
        let model = EnterpriseListPage(
            rows: rows.map { e in
                .init(
                    url: .enterprise(e.id),
                    name: e.name,
                    creditCode: e.creditCode,
                    industry: labels[e.industry] ?? e.industry,
                    steward: e.stewardName,
                    expert: e.expertName,
                    overdue: overdue[e.id] ?? 0
                )
            },
            total: total,
            params: params,
            pageSize: pageSize,
            industryOptions: industries,
            zoneOptions: req.zoneOptions,
            canImport: Reaches.wholeZone(actor, .enterprisesWrite)
        )
        return Layout.render(
            request: req,
            title: lang.t("企业服务（专家+管家）", "Enterprises (expert and steward)"),
            body: EnterpriseViews.list(model, lang: lang)
        )
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let f = try await EnterpriseQueries.Filter(req, actor: actor)
        let items = try await EnterpriseQueries.page(f, range: nil, on: req.db).rows
        let labels = Dictionary(
            uniqueKeysWithValues: try await InvestmentPages.industries(f.zone, on: req.db, lang: lang).map { ($0.value, $0.label) }
        )
        let header = [
            Loc("企业名称", "Name"), Loc("统一社会信用代码", "Credit code"), Loc("产业", "Industry"), Loc("地址", "Address"), Loc("联系人", "Contact"),
            Loc("联系电话", "Phone"), Loc("管家", "Steward"), Loc("专家", "Expert"),
        ].map { lang.t($0) }
        let rows = items.map { e in
            [
                e.name, e.creditCode ?? "", labels[e.industry] ?? e.industry, e.address, e.contactName, e.contactPhone,
                e.stewardName ?? "", e.expertName ?? "",
            ]
        }
        return csvResponse(filename: lang.t("企业.csv", "enterprises.csv"), header: header, rows: rows)
    }

    static func show(_ req: Request, error: AppError? = nil, values: [String: String] = [:]) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let e = try await EnterpriseAPI.load(req, actor: actor, on: req.db)
        let projects = try await EnterpriseQueries.projects(enterprise: e.id!, on: req.db)
        let (requests, steps) = try await EnterpriseQueries.requests(enterprise: e.id!, on: req.db)
        // Only the people this page names: steward, expert and the requests' holders. Fluent models, because
        // `OrgQueries.openable` decides from them whose page the reader may open.
        let named = [e.stewardID, e.expertID].compactMap { $0 } + requests.compactMap(\.holderId)
        let namedPeople = try await Person.query(on: req.db).filter(\.$id ~~ named).all()
        let names = Dictionary(uniqueKeysWithValues: namedPeople.map { ($0.id!, $0.name) })
        let openable = try await OrgQueries.openable(namedPeople, actor: actor, on: req.db)
        func person(_ id: UUID) -> EnterprisePage.PersonRef {
            .init(name: names[id] ?? "", url: openable.contains(id) ? .person(id) : nil)
        }
        let units = try await OrgQueries.unitNames(zone: e.zoneID, on: req.db)
        let platforms = try await EnterpriseQueries.platforms(zone: e.zoneID, on: req.db)
        let platformNames = Dictionary(uniqueKeysWithValues: platforms.map { ($0.id, $0.name) })
        let types = try await CodeListItem.query(on: req.db).filter(\.$zoneID == e.zoneID).filter(\.$list == "requestType").filter(
            \.$active == true
        ).sort(\.$sortOrder).all()
        let typeLabels = Dictionary(uniqueKeysWithValues: types.map { ($0.code, lang.t($0.labelZh, $0.labelEn)) })
        // The chain since signing, oldest first: signings and stages, then each request and its steps.
        var chain: [EnterprisePage.ChainEntry] = []
        for p in projects {
            if let d = p.signingDate {
                chain.append(.init(date: d, event: .signed(project: p.name, amount: Money(fen: p.signedAmountFen ?? 0))))
            }
            if let d = p.startDate { chain.append(.init(date: d, event: .construction(project: p.name))) }
            if let d = p.operationDate { chain.append(.init(date: d, event: .operation(project: p.name))) }
        }
        for r in requests {
            chain.append(.init(date: r.openedOn, event: .request(title: r.title, type: typeLabels[r.type] ?? r.type, dueOn: r.dueOn)))
            for s in steps where s.requestId == r.id { chain.append(.init(date: s.onDate, event: .step(note: s.note, by: s.by))) }
        }
        chain.sort { $0.date < $1.date }
        // The reader's reach worked out once; each request's owners from the people already read.
        let grants = try await Reaches.grants(actor, [.serviceAct], on: req.db)
        let unitOf = Dictionary(uniqueKeysWithValues: namedPeople.map { ($0.id!, $0.unitID) })
        let actionable = Set(
            requests.filter { r in
                let units = [r.unitId, r.holderId.flatMap { unitOf[$0] ?? nil }].compactMap { $0 }
                return r.status != "closed" && actor.can(.serviceAct)
                    && grants.allows(.serviceAct, RecordOwners(people: Set([r.holderId].compactMap { $0 }), units: Set(units)))
            }.map(\.id)
        )
        let model = EnterprisePage(
            creditCode: e.creditCode,
            address: e.address,
            contact: [e.contactName, e.contactPhone].filter { !$0.isEmpty }.joined(separator: " "),
            steward: e.stewardID.map(person),
            expert: e.expertID.map(person),
            chain: chain,
            requests: requests.map { r in
                let acts = actionable.contains(r.id)
                return .init(
                    title: r.title,
                    type: typeLabels[r.type] ?? r.type,
                    status: r.status,
                    isOverdue: EnterpriseService.isOverdue(dueOn: r.dueOn, closedOn: r.closedOn),
                    openedOn: r.openedOn,
                    dueOn: r.dueOn,
                    unit: r.unitId.flatMap { units[$0] },
                    platform: r.platformId.flatMap { platformNames[$0] },
                    holder: r.holderId.flatMap { names[$0] },
                    satisfaction: r.satisfaction,
                    steps: acts ? .serviceRequestSteps(r.id) : nil,
                    close: acts ? .serviceRequestClose(r.id) : nil
                )
            },
            openRequest: actor.can(.serviceAct) ? .enterpriseRequests(e.id!) : nil,
            types: types.map {
                .init(code: $0.code, label: lang.t($0.labelZh, $0.labelEn), limit: ServiceDeadline.defaultLimits[$0.code] ?? 10)
            },
            unitOptions: units.sorted { $0.value < $1.value }.map { ($0.key.uuidString, $0.value) },
            platformOptions: platforms.map { ($0.id.uuidString, $0.name) },
            error: error?.message,
            form: FormState(errors: error?.fieldErrors ?? [:], values: values)
        )
        return Layout.render(request: req, title: e.name, body: EnterpriseViews.show(model, req.view), status: error?.status ?? .ok)
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
        let filter = try await EnterpriseQueries.RequestFilter(req, actor: actor)
        let rows = try await EnterpriseQueries.requests(filter, range: 0..<500, on: req.db)
        let model = ServiceRequestListPage(
            rows: rows.map { r in
                .init(
                    enterpriseURL: .enterprise(r.enterpriseId),
                    enterprise: r.enterpriseName ?? "",
                    title: r.title,
                    openedOn: r.openedOn,
                    dueOn: r.dueOn,
                    isOverdue: EnterpriseService.isOverdue(dueOn: r.dueOn, closedOn: r.closedOn),
                    holder: r.holderName,
                    status: r.status
                )
            },
            params: ListParams(req, filterKeys: ["status", "overdue", "zone"], defaultSort: "", sortable: []),
            zoneOptions: req.zoneOptions
        )
        return Layout.render(request: req, title: lang.t("企业诉求", "Service requests"), body: EnterpriseViews.requests(model, lang: lang))
    }
}
