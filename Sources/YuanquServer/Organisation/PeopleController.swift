import Fluent
import Vapor
import YuanquKit

struct PersonForm: RecordForm {
    var body: String?
    var unitId: String?
    var postId: String?
    var name: String?
    var gender: String?
    var birthDate: String?
    var phone: String?
    var residentId: String?
    var formerIdentity: String?
    var formerEmployer: String?

    func makeInput() -> PersonInput {
        PersonInput(
            body: body,
            unitId: unitId ?? "",
            unit: nil,
            postId: postId ?? "",
            post: nil,
            name: name,
            gender: gender,
            birthDate: birthDate,
            phone: phone ?? "",
            residentId: residentId,
            formerIdentity: formerIdentity,
            formerEmployer: formerEmployer
        )
    }
    /// What goes back into the form after an error. The resident ID is returned as typed, since it was the user's own input.
    var values: [String: String] {
        [
            "body": body ?? "", "unitId": unitId ?? "", "postId": postId ?? "", "name": name ?? "", "gender": gender ?? "",
            "birthDate": birthDate ?? "", "phone": phone ?? "", "residentId": residentId ?? "", "formerIdentity": formerIdentity ?? "",
            "formerEmployer": formerEmployer ?? "",
        ]
    }
}

enum PeopleController {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("people", permission: .peopleRead, use: list)
        r.get("people", "new", permission: .peopleWrite, use: { try await formPage($0, person: nil, form: FormKit(lang: $0.lang)) })
        r.post("people", permission: .peopleWrite, use: pages.create)
        r.get("people", "export.csv", permission: .peopleRead, use: export)
        r.get("people", "import", permission: .importData, use: { try await CSVImport.form($0, OrgImport.people) })
        r.on(
            .POST,
            ["people", "import"],
            permission: .importData,
            body: .collect(maxSize: "8mb"),
            use: { try await CSVImport.run($0, OrgImport.people) }
        )
        r.get("people", ":id", permission: .peopleRead, use: show)
        r.get(
            "people",
            ":id",
            "edit",
            permission: .peopleWrite,
            use: { req in
                let p = try await load(req, actor: try req.actor())
                return try await formPage(req, person: p, form: FormKit(lang: req.lang))
            }
        )
        r.post("people", ":id", permission: .peopleWrite, use: pages.update)
        r.post("people", ":id", "delete", permission: .peopleWrite, use: pages.delete)
        r.get("people", ":id", "sealed", permission: .sealedOpen, use: sealedForm)
        r.post("people", ":id", "sealed", permission: .sealedOpen, use: sealedOpen)

        app.api(
            .GET,
            "people",
            permission: .peopleRead,
            doc: APIDoc(
                summary: "List people (within the caller's data scope; no sealed field)",
                tag: "Organisation",
                response: "Person",
                list: true,
                query: [
                    "zone", .oneOf("body", BodyKind.self), "unit", "post", .oneOf("gender", Gender.self), "q",
                    QueryParam("sort", .oneOf(sortable)), QueryParam("dir", .oneOf(["asc", "desc"])),
                ]
            ),
            use: apiList
        )
        app.api(
            .POST,
            "people",
            permission: .peopleWrite,
            doc: APIDoc(
                summary: "Create a person (formerIdentity goes into the sealed record)",
                tag: "Organisation",
                request: "NewPersonInput",
                response: "Person",
                status: 201
            ),
            use: record.create
        )
        app.api(
            .GET,
            "people/:id",
            permission: .peopleRead,
            doc: APIDoc(summary: "Get a person", tag: "Organisation", response: "Person"),
            use: record.get
        )
        app.api(
            .PATCH,
            "people/:id",
            permission: .peopleWrite,
            doc: APIDoc(summary: "Change a person", tag: "Organisation", request: "PersonInput", response: "Person"),
            use: record.update
        )
        app.api(
            .DELETE,
            "people/:id",
            permission: .peopleWrite,
            doc: APIDoc(summary: "Delete a person", tag: "Organisation", status: 204),
            use: record.delete
        )
    }

    static let sortable = PeopleListQuery.sortable

    static func filter(_ req: Request, actor: Actor, params: ListParams? = nil) async throws -> OrgQueries.PersonFilter {
        func get(_ k: String) -> String? { params?.filters[k] ?? req.queryValue(k) }
        var f = OrgQueries.PersonFilter()
        f.zone = try await ZoneScope.readZone(req, actor: actor)
        if let b = get("body"), !b.isEmpty {
            guard let k = BodyKind.parse(b) else { throw AppError.invalid("body", Loc("body 取值无效", "Unknown body")) }
            f.body = k
        }
        if let g = get("gender"), !g.isEmpty {
            guard let v = Gender.parse(g) else { throw AppError.invalid("gender", Loc("gender 取值无效", "Unknown gender")) }
            f.gender = v
        }
        if let u = get("unit"), !u.isEmpty {
            guard let id = UUID(uuidString: u) else { throw AppError.invalid("unit", Loc("unit 不是有效的编号", "unit is not a valid id")) }
            f.unit = id
        }
        if let p = get("post"), !p.isEmpty {
            guard let id = UUID(uuidString: p) else { throw AppError.invalid("post", Loc("post 不是有效的编号", "post is not a valid id")) }
            f.post = id
        }
        f.q = params?.q ?? (req.queryValue("q") ?? "")
        return f
    }

    /// A person the actor may see (zone and data scope), or 404.
    static func load(_ req: Request, actor: Actor) async throws -> Person {
        guard let p = try await Person.find(try req.uuid(), on: req.db), try await OrgQueries.canSee(p, actor: actor, on: req.db) else {
            throw AppError.notFound
        }
        return p
    }

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let params = ListParams(req, filterKeys: ["body", "unit", "gender", "zone"], defaultSort: "name", sortable: sortable)
        let f = try await filter(req, actor: actor, params: params)
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let (rows, total) = try await PeopleListQuery.page(
            f,
            actor: actor,
            sort: params.sort,
            descending: params.descending,
            range: params.range(pageSize: pageSize),
            on: req.db
        )
        let units = try await OrgQueries.unitNames(zone: f.zone, on: req.db)
        let grants = try await Reaches.grants(actor, PersonFields.permissions, on: req.db)
        let model = PeopleListPage(
            rows: rows.map { PeopleListPage.Row($0, fields: PersonFields(person: $0.id, unit: $0.unitId, grants: grants)) },
            total: total,
            params: params,
            pageSize: pageSize,
            unitOptions: units.map { ($0.key.uuidString, $0.value) }.sorted { $0.1 < $1.1 },
            zoneOptions: req.zoneOptions,
            canWrite: actor.can(.peopleWrite),
            canImport: actor.can(.importData)
        )
        return Layout.render(request: req, title: req.lang.t("人员", "People"), body: PeopleViews.list(model, lang: req.lang))
    }

    static func show(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let p = try await load(req, actor: actor)
        let unit = try await p.unitID.asyncMap { try await OrgUnit.find($0, on: req.db) } ?? nil
        let post = try await p.postID.asyncMap { try await Post.find($0, on: req.db) } ?? nil
        let d = try await OrgQueries.directory(for: p.zoneID, on: req)
        let record = try await PersonRecord.load(p, actor: actor, on: req.db)
        let grants = try await Reaches.grants(actor, PersonFields.permissions, on: req.db)
        return Layout.render(
            request: req,
            title: p.name,
            body: .group(
                PeopleViews.show(
                    PersonValue(p),
                    unit: unit.map(UnitValue.init),
                    post: post.map(PostValue.init),
                    fields: PersonFields(person: p.id!, unit: p.unitID, grants: grants),
                    d: d,
                    actor: actor,
                    req.view
                ),
                PersonRecordView.view(record, lang: req.lang)
            )
        )
    }

    static func formPage(_ req: Request, person: Person?, form: FormKit, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let units = try await OrgUnit.query(on: req.db).filter(\.$zoneID == zone).sort(\.$name).all()
        let posts = try await Post.query(on: req.db).filter(\.$zoneID == zone).sort(\.$title).all()
        let d = try await OrgQueries.directory(for: zone, on: req)
        let title = person == nil ? req.lang.t("新增人员", "New person") : req.lang.t("编辑人员：", "Edit person: ") + person!.name
        return Layout.render(
            request: req,
            title: title,
            body: PeopleViews.form(
                person.map(PersonValue.init),
                units: units.map(UnitValue.init),
                posts: posts.map(PostValue.init),
                d: d,
                form: form,
                req.view
            ),
            status: status
        )
    }

    static let pages = RecordPages<Person, PersonForm>(
        load: { try await load($0, actor: $1) },
        save: { try await OrgService.savePerson($0, existing: $1, actor: $2, zone: $3, db: $4, trail: $5) },
        remove: { try await OrgService.deletePerson($0, db: $1, trail: $2) },
        formPage: { try await formPage($0, person: $1, form: $2, status: $3) },
        show: { .person($0) },
        list: .people,
        mainField: "name"
    )

    // MARK: sealed record (档案封存)

    static func sealedForm(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let p = try await load(req, actor: actor)
        return Layout.render(
            request: req,
            title: req.lang.t("查阅封存档案：", "Open sealed record: ") + p.name,
            body: PeopleViews.sealedReasonForm(PersonValue(p), form: FormKit(lang: req.lang), req.view)
        )
    }

    struct ReasonForm: Content { var reason: String? }

    static func sealedOpen(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let p = try await load(req, actor: actor)
        let reason = (try req.content.decode(ReasonForm.self).reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count >= 4 else {
            let e = AppError.invalid("reason", Loc("请写明查阅事由（至少 4 个字）", "State the reason (at least 4 characters)"))
            return Layout.render(
                request: req,
                title: req.lang.t("查阅封存档案：", "Open sealed record: ") + p.name,
                body: PeopleViews.sealedReasonForm(
                    PersonValue(p),
                    form: FormKit(lang: req.lang, error: e, values: ["reason": reason], fallbackField: "reason"),
                    req.view
                ),
                status: e.status
            )
        }
        let record = try await SealedRecords.open(req.application, person: p, reason: String(reason.prefix(500)), actor: actor)
        return Layout.render(
            request: req,
            title: req.lang.t("封存档案：", "Sealed record: ") + p.name,
            body: PeopleViews.sealed(
                PersonValue(p),
                record: record.map { PeopleViews.SealedView(formerIdentity: $0.formerIdentity, formerEmployer: $0.formerEmployer) },
                reason: reason,
                req.view
            )
        )
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let params = ListParams(req, filterKeys: ["body", "unit", "gender", "zone"], defaultSort: "name", sortable: sortable)
        let f = try await filter(req, actor: actor, params: params)
        let rows = try await PeopleListQuery.page(
            f,
            actor: actor,
            sort: params.sort,
            descending: params.descending,
            range: nil,
            on: req.db
        ).rows
        let grants = try await Reaches.grants(actor, PersonFields.permissions, on: req.db)
        let lang = req.lang
        let header = [
            Loc("姓名", "Name"), Loc("性别", "Gender"), Loc("出生日期", "Birth date"), Loc("电话", "Phone"), Loc("身份证号（脱敏）", "Resident ID (masked)"),
            Loc("机构", "Body"), Loc("单位", "Unit"), Loc("岗位", "Post"),
        ].map { lang.t($0) }
        let lines = rows.map { p in
            let fields = PersonFields(person: p.id, unit: p.unitId, grants: grants)
            let withheld = PersonFields.withheld
            let gender = Gender(rawValue: p.gender).map { lang.t($0.label) } ?? ""
            return [
                p.name, fields.personal ? gender : withheld, fields.personal ? p.birthDate : withheld,
                fields.contact ? p.phone : withheld, fields.personal ? ResidentID.mask(p.residentId) : withheld,
                lang.t(p.bodyKind.label), p.unitName ?? "", p.postTitle ?? "",
            ]
        }
        return csvResponse(filename: lang.t("人员.csv", "people.csv"), header: header, rows: lines)
    }

    // MARK: API

    /// People as the list reads them (plain rows through SQLKit, one query and a count), sorted by `sort` and `dir`;
    /// the encoded answer is kept in the read cache until a write changes the zone's records.
    static func apiList(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let params = ListParams(req, filterKeys: [], defaultSort: "name", sortable: sortable)
        let f = try await filter(req, actor: actor)
        // What the rows depend on besides the records: the reader's data scope and the query.
        let scope = [actor.role.rawValue, actor.unitID?.uuidString ?? "", actor.personID?.uuidString ?? ""].joined(separator: ",")
        let key = "people|\(f.zone?.uuidString ?? "all")|\(scope)|\(req.url.query ?? "")"
        return try await req.cachedJSON(key, zone: f.zone) {
            try await apiAnswer(req, actor: actor, filter: f, params: params, paging: paging)
        }
    }

    static func apiAnswer(_ req: Request, actor: Actor, filter f: OrgQueries.PersonFilter, params: ListParams, paging: Paging)
        async throws -> ListAnswer<PersonDTO>
    {
        let (rows, total) = try await PeopleListQuery.page(
            f,
            actor: actor,
            sort: params.sort,
            descending: params.descending,
            range: paging.offset..<(paging.offset + paging.limit),
            on: req.db
        )
        let d = try await OrgQueries.directory(for: f.zone, on: req)
        let grants = try await Reaches.grants(actor, PersonFields.permissions, on: req.db)
        let items = rows.map { r in
            PersonDTO(
                id: r.id,
                zone: d.zoneCode(r.zoneId),
                body: r.bodyKind,
                unitId: r.unitId,
                postId: r.postId,
                name: r.name,
                gender: Gender(rawValue: r.gender) ?? .male,
                birthDate: r.birthDate,
                phone: r.phone,
                residentIdMasked: ResidentID.mask(r.residentId)
            ).shown(to: grants)
        }
        return ListAnswer(items: items, total: total)
    }

    static let record = RecordAPI<Person, PersonInput, PersonDTO>(
        load: { try await load($0, actor: $1) },
        save: { try await OrgService.savePerson($0, existing: $1, actor: $2, zone: $3, db: $4, trail: $5) },
        remove: { try await OrgService.deletePerson($0, db: $1, trail: $2) },
        zoneOf: { $0.zoneID },
        dto: { $0.dto($1) },
        shown: { dto, actor, db in dto.shown(to: try await Reaches.grants(actor, PersonFields.permissions, on: db)) }
    )
}

/// The only way a sealed record is read: with the permission, a stated reason, and an audit event.
enum SealedRecords {
    static func open(_ app: Application, person: Person, reason: String, actor: Actor) async throws -> SealedRecord? {
        try actor.require(.sealedOpen)
        let id = person.id!
        return try await Writes.perform(app, actor: actor) { db, trail in
            let record = try await SealedRecord.query(on: db).filter(\.$personID == id).first()
            trail.record("sealedOpen", "sealedRecord", id: id.uuidString, zone: person.zoneID, note: reason)
            return record
        }
    }
}
