import Fluent
import SQLKit
import Vapor
import YuanquKit

/// The form a unit page posts.
struct UnitForm: RecordForm {
    var body: String?
    var kind: String?
    var name: String?
    var parentId: String?
    var isMainBusiness: String?
    var duties: String?

    func makeInput() -> UnitInput {
        UnitInput(
            body: body,
            kind: kind,
            name: name,
            parentId: parentId ?? "",
            parent: nil,
            isMainBusiness: isMainBusiness.map { $0 == "true" || $0 == "on" } ?? false,
            duties: duties.map { Duties.parse($0) } ?? []
        )
    }
    var values: [String: String] {
        [
            "body": body ?? "", "kind": kind ?? "", "name": name ?? "", "parentId": parentId ?? "",
            "isMainBusiness": isMainBusiness ?? "false", "duties": duties ?? "",
        ]
    }
}

enum UnitsController {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("units", permission: .orgRead, use: list)
        r.get("units", "new", permission: .orgWrite, use: newForm)
        r.post("units", permission: .orgWrite, use: pages.create)
        r.get("units", "export.csv", permission: .orgRead, use: export)
        r.get("units", "chart", permission: .orgRead, use: chart)
        r.get("units", "import", permission: .importData, use: { try await CSVImport.form($0, OrgImport.units) })
        r.on(
            .POST,
            ["units", "import"],
            permission: .importData,
            body: .collect(maxSize: "8mb"),
            use: { try await CSVImport.run($0, OrgImport.units) }
        )
        r.get("units", ":id", permission: .orgRead, use: show)
        r.get("units", ":id", "edit", permission: .orgWrite, use: editForm)
        r.post("units", ":id", permission: .orgWrite, use: pages.update)
        r.post("units", ":id", "delete", permission: .orgWrite, use: pages.delete)

        app.api(
            .GET,
            "units",
            permission: .orgRead,
            doc: APIDoc(
                summary: "List units",
                tag: "Organisation",
                response: "Unit",
                list: true,
                query: ["zone", .oneOf("body", BodyKind.self), .oneOf("kind", UnitKind.self), "parentId", "q"]
            ),
            use: apiList
        )
        app.api(
            .POST,
            "units",
            permission: .orgWrite,
            doc: APIDoc(summary: "Create a unit", tag: "Organisation", request: "NewUnitInput", response: "Unit", status: 201),
            use: record.create
        )
        app.api(
            .GET,
            "units/:id",
            permission: .orgRead,
            doc: APIDoc(summary: "Get a unit", tag: "Organisation", response: "Unit"),
            use: record.get
        )
        app.api(
            .PATCH,
            "units/:id",
            permission: .orgWrite,
            doc: APIDoc(summary: "Change a unit", tag: "Organisation", request: "UnitInput", response: "Unit"),
            use: record.update
        )
        app.api(
            .DELETE,
            "units/:id",
            permission: .orgWrite,
            doc: APIDoc(summary: "Delete a unit", tag: "Organisation", status: 204),
            use: record.delete
        )
    }

    static let sortable = ["name", "kind", "body"]

    static func filter(_ req: Request, actor: Actor, params: ListParams? = nil) async throws -> UnitFilter {
        func get(_ k: String) -> String? { params?.filters[k] ?? req.queryValue(k) }
        var f = UnitFilter()
        f.zone = try await ZoneScope.readZone(req, actor: actor)
        if let b = get("body"), !b.isEmpty {
            guard let k = BodyKind.parse(b) else { throw AppError.invalid("body", Loc("body 取值无效", "Unknown body")) }
            f.body = k
        }
        if let k = get("kind"), !k.isEmpty {
            guard let v = UnitKind.parse(k) else { throw AppError.invalid("kind", Loc("kind 取值无效", "Unknown kind")) }
            f.kind = v
        }
        if let p = get("parentId"), !p.isEmpty {
            guard let id = UUID(uuidString: p) else {
                throw AppError.invalid("parentId", Loc("parentId 不是有效的编号", "parentId is not a valid id"))
            }
            f.parentID = id
        }
        if let m = get("main"), !m.isEmpty { f.mainBusiness = parseBool(m) }
        f.q = params?.q ?? (req.queryValue("q") ?? "")
        return f
    }

    // MARK: pages

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let params = ListParams(req, filterKeys: ["body", "kind", "main", "zone"], defaultSort: "body", sortable: sortable)
        let f = try await filter(req, actor: actor, params: params)
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let (items, total) = try await OrgQueries.units(
            f,
            sort: params.sort,
            descending: params.descending,
            range: params.range(pageSize: pageSize),
            on: req.db
        )
        let all = try await OrgQueries.units(UnitFilter(zone: f.zone), range: nil, on: req.db).items
        let d = try await OrgQueries.directory(for: f.zone, on: req)
        let headcounts = try await headcounts(zone: f.zone, by: .body, on: req.db)
        let model = UnitViews.ListModel(
            items: items,
            total: total,
            all: all,
            directory: d,
            params: params,
            pageSize: pageSize,
            headcounts: headcounts,
            canWrite: actor.can(.orgWrite),
            canImport: actor.can(.importData),
            zoneOptions: req.zoneOptions
        )
        return Layout.render(request: req, title: req.lang.t("组织机构", "Units"), body: UnitViews.list(model, req.view))
    }

    /// Post headcounts summed by the database, by body or by unit.
    enum HeadcountKey: String {
        case body = "body_id"
        case unit = "unit_id"
    }

    static func headcounts(zone: UUID?, by key: HeadcountKey, on db: Database) async throws -> [UUID: Int] {
        let sql = try db.sql
        struct Sum: Decodable {
            let key: UUID
            let n: Int
        }
        var q = sql.select()
            .column(SQLColumn(key.rawValue), as: "key")
            .column(SQLRaw("CAST(SUM(headcount) AS BIGINT)"), as: "n")
            .from("posts")
        if let zone { q = q.where("zone_id", .equal, SQLBind(zone)) }
        let sums = try await q.groupBy(key.rawValue).all(decoding: Sum.self)
        return Dictionary(sums.map { ($0.key, $0.n) }, uniquingKeysWith: +)
    }

    static func load(_ req: Request, actor: Actor) async throws -> OrgUnit {
        guard let u = try await OrgUnit.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(u.zoneID, actor: actor)
        return u
    }

    static func show(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let u = try await load(req, actor: actor)
        let d = try await OrgQueries.directory(for: u.zoneID, on: req)
        let posts = try await Post.query(on: req.db).filter(\.$unitID == u.id!).sort(\.$title).all()
        let children = try await OrgUnit.query(on: req.db).filter(\.$parentID == u.id!).sort(\.$name).all()
        let parent = try await u.parentID.asyncMap { try await OrgUnit.find($0, on: req.db) } ?? nil
        let others = try await OrgUnit.query(on: req.db).filter(\.$zoneID == u.zoneID).all()
        let overlaps = Duties.overlaps(others.map { (id: $0.id!.uuidString, duties: $0.dutyList) })
            .filter { $0.unitIDs.contains(u.id!.uuidString) }
        let names = Dictionary(uniqueKeysWithValues: others.map { ($0.id!.uuidString, $0.name) })
        return Layout.render(
            request: req,
            title: u.name,
            body: UnitViews.show(
                UnitValue(u),
                d: d,
                parent: parent.map(UnitValue.init),
                children: children.map(UnitValue.init),
                posts: posts.map(PostValue.init),
                overlaps: overlaps,
                names: names,
                canWrite: actor.can(.orgWrite),
                req.view
            )
        )
    }

    static func formPage(_ req: Request, unit: OrgUnit?, form: FormKit, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let units = try await OrgUnit.query(on: req.db).filter(\.$zoneID == zone).sort(\.$name).all()
        let d = try await OrgQueries.directory(for: zone, on: req)
        let title = unit == nil ? req.lang.t("新建单位", "New unit") : req.lang.t("编辑单位：", "Edit unit: ") + unit!.name
        return Layout.render(
            request: req,
            title: title,
            body: UnitViews.form(
                unit.map(UnitValue.init),
                units: units.filter { $0.id != unit?.id }.map(UnitValue.init),
                d: d,
                form: form,
                req.view
            ),
            status: status
        )
    }

    static func newForm(_ req: Request) async throws -> Response {
        try await formPage(req, unit: nil, form: FormKit(lang: req.lang))
    }

    static func editForm(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let u = try await load(req, actor: actor)
        return try await formPage(req, unit: u, form: FormKit(lang: req.lang))
    }

    static let pages = RecordPages<OrgUnit, UnitForm>(
        load: { try await load($0, actor: $1) },
        save: { try await OrgService.saveUnit($0, existing: $1, actor: $2, zone: $3, db: $4, trail: $5) },
        remove: { try await OrgService.deleteUnit($0, db: $1, trail: $2) },
        formPage: { try await formPage($0, unit: $1, form: $2, status: $3) },
        show: { .unit($0) },
        list: .units,
        mainField: "name"
    )

    static let exportColumns: [(String, Loc)] = [
        ("body", Loc("机构", "Body")), ("name", Loc("名称", "Name")), ("kind", Loc("类型", "Kind")),
        ("parent", Loc("上级单位", "Parent")), ("isMainBusiness", Loc("主责主业", "Main business")), ("duties", Loc("职责", "Duties")),
    ]

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let params = ListParams(req, filterKeys: ["body", "kind", "main", "zone"], defaultSort: "body", sortable: sortable)
        let f = try await filter(req, actor: actor, params: params)
        let items = try await OrgQueries.units(f, sort: params.sort, descending: params.descending, range: nil, on: req.db).items
        let names = try await OrgQueries.unitNames(zone: f.zone, on: req.db)
        let d = try await OrgQueries.directory(for: f.zone, on: req)
        let lang = req.lang
        let rows = items.map { u in
            [
                lang.t(d.bodyKind(u.bodyID).label), u.name, lang.t(u.kind.label), u.parentID.flatMap { names[$0] } ?? "",
                u.isMainBusiness ? lang.t("是", "yes") : lang.t("否", "no"), u.dutyList.joined(separator: "；"),
            ]
        }
        return csvResponse(filename: lang.t("组织机构.csv", "units.csv"), header: exportColumns.map { lang.t($0.1) }, rows: rows)
    }

    static func chart(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try await ZoneScope.readZone(req, actor: actor)
        let units = try await OrgQueries.units(UnitFilter(zone: zone), range: nil, on: req.db).items
        let d = try await OrgQueries.directory(for: zone, on: req)
        let posts = try await headcounts(zone: zone, by: .unit, on: req.db)
        return Layout.render(
            request: req,
            title: req.lang.t("组织架构图", "Organisation chart"),
            body: UnitViews.chartPage(units: units, d: d, headcounts: posts, lang: req.lang)
        )
    }

    // MARK: API

    static func apiList(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let f = try await filter(req, actor: actor)
        let (items, total) = try await OrgQueries.units(f, range: paging.offset..<(paging.offset + paging.limit), on: req.db)
        let d = try await OrgQueries.directory(for: f.zone, on: req)
        return try json(ListAnswer(items: items.map { d.dto($0) }, total: total))
    }

    static let record = RecordAPI<OrgUnit, UnitInput, UnitDTO>(
        load: { try await load($0, actor: $1) },
        save: { try await OrgService.saveUnit($0, existing: $1, actor: $2, zone: $3, db: $4, trail: $5) },
        remove: { try await OrgService.deleteUnit($0, db: $1, trail: $2) },
        zoneOf: { $0.zoneID },
        dto: { $0.dto($1) }
    )
}

extension Optional {
    func asyncMap<T>(_ f: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let w): return try await f(w)
        case .none: return nil
        }
    }
}
