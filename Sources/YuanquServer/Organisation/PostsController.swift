import Fluent
import SQLKit
import Vapor
import YuanquKit

struct PostForm: RecordForm {
    var unitId: String?
    var title: String?
    var tier: String?
    var headcount: String?
    var duties: String?
    var requirements: String?

    func makeInput() throws -> PostInput {
        var headcountValue: Int? = nil
        if let h = headcount?.trimmingCharacters(in: .whitespaces), !h.isEmpty {
            guard let n = Int(h) else { throw AppError.invalid("headcount", Loc("编制数须为整数", "Headcount must be a whole number")) }
            headcountValue = n
        }
        return PostInput(
            body: nil,
            unitId: unitId,
            unit: nil,
            title: title,
            tier: tier,
            headcount: headcountValue ?? (headcount == nil ? nil : 0),
            duties: duties.map { Duties.parse($0) } ?? [],
            requirements: requirements ?? ""
        )
    }
    var values: [String: String] {
        [
            "unitId": unitId ?? "", "title": title ?? "", "tier": tier ?? "", "headcount": headcount ?? "", "duties": duties ?? "",
            "requirements": requirements ?? "",
        ]
    }
}

enum PostsController {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("posts", permission: .orgRead, use: list)
        r.get("posts", "new", permission: .orgWrite, use: { try await formPage($0, post: nil, form: FormKit(lang: $0.lang)) })
        r.post("posts", permission: .orgWrite, use: pages.create)
        r.get("posts", "export.csv", permission: .orgRead, use: export)
        r.get("posts", "import", permission: .importData, use: { try await CSVImport.form($0, OrgImport.posts) })
        r.on(
            .POST,
            ["posts", "import"],
            permission: .importData,
            body: .collect(maxSize: "8mb"),
            use: { try await CSVImport.run($0, OrgImport.posts) }
        )
        r.get("posts", ":id", permission: .orgRead, use: show)
        r.get(
            "posts",
            ":id",
            "edit",
            permission: .orgWrite,
            use: { req in
                let p = try await load(req, actor: try req.actor())
                return try await formPage(req, post: p, form: FormKit(lang: req.lang))
            }
        )
        r.post("posts", ":id", permission: .orgWrite, use: pages.update)
        r.post("posts", ":id", "delete", permission: .orgWrite, use: pages.delete)

        app.api(
            .GET,
            "posts",
            permission: .orgRead,
            doc: APIDoc(
                summary: "List posts",
                tag: "Organisation",
                response: "Post",
                list: true,
                query: ["zone", .oneOf("body", BodyKind.self), "unit", .oneOf("tier", Tier.self), "q"]
            ),
            use: apiList
        )
        app.api(
            .POST,
            "posts",
            permission: .orgWrite,
            doc: APIDoc(
                summary: "Create a post (checked against the body's headcount cap)",
                tag: "Organisation",
                request: "NewPostInput",
                response: "Post",
                status: 201
            ),
            use: record.create
        )
        app.api(
            .GET,
            "posts/:id",
            permission: .orgRead,
            doc: APIDoc(summary: "Get a post", tag: "Organisation", response: "Post"),
            use: record.get
        )
        app.api(
            .PATCH,
            "posts/:id",
            permission: .orgWrite,
            doc: APIDoc(summary: "Change a post", tag: "Organisation", request: "PostInput", response: "Post"),
            use: record.update
        )
        app.api(
            .DELETE,
            "posts/:id",
            permission: .orgWrite,
            doc: APIDoc(summary: "Delete a post", tag: "Organisation", status: 204),
            use: record.delete
        )
    }

    static let sortable = ["title", "tier", "headcount", "unit"]

    static func filter(_ req: Request, actor: Actor, params: ListParams? = nil) async throws -> OrgQueries.PostFilter {
        func get(_ k: String) -> String? { params?.filters[k] ?? req.queryValue(k) }
        var f = OrgQueries.PostFilter()
        f.zone = try await ZoneScope.readZone(req, actor: actor)
        if let b = get("body"), !b.isEmpty {
            guard let k = BodyKind.parse(b) else { throw AppError.invalid("body", Loc("body 取值无效", "Unknown body")) }
            f.body = k
        }
        if let t = get("tier"), !t.isEmpty {
            guard let v = Tier.parse(t) else { throw AppError.invalid("tier", Loc("tier 取值无效", "Unknown tier")) }
            f.tier = v
        }
        if let u = get("unit") ?? get("unitId"), !u.isEmpty {
            guard let id = UUID(uuidString: u) else { throw AppError.invalid("unit", Loc("unit 不是有效的编号", "unit is not a valid id")) }
            f.unit = id
        }
        f.q = params?.q ?? (req.queryValue("q") ?? "")
        return f
    }

    static func load(_ req: Request, actor: Actor) async throws -> Post {
        guard let p = try await Post.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(p.zoneID, actor: actor)
        return p
    }

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let params = ListParams(req, filterKeys: ["body", "tier", "unit", "zone"], defaultSort: "title", sortable: sortable)
        let f = try await filter(req, actor: actor, params: params)
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let (items, total) = try await OrgQueries.posts(
            f,
            sort: params.sort,
            descending: params.descending,
            range: params.range(pageSize: pageSize),
            on: req.db
        )
        let units = try await OrgQueries.units(UnitFilter(zone: f.zone), range: nil, on: req.db).items
        let holders = try await holderCounts(items.compactMap(\.id), on: req.db)
        let d = try await OrgQueries.directory(for: f.zone, on: req)
        return Layout.render(
            request: req,
            title: req.lang.t("岗位", "Posts"),
            body: PostViews.list(
                items,
                total: total,
                units: units,
                holders: holders,
                d: d,
                params: params,
                pageSize: pageSize,
                canWrite: actor.can(.orgWrite),
                canImport: actor.can(.importData),
                zones: req.zoneOptions,
                req.view
            )
        )
    }

    /// How many people hold each of these posts, counted by the database.
    static func holderCounts(_ ids: [UUID], on db: Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        let sql = try db.sql
        struct Count: Decodable {
            let postId: UUID
            let n: Int
        }
        let rows = try await sql.select()
            .column("post_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("people")
            .where("post_id", .in, SQLBind.group(ids))
            .groupBy("post_id")
            .all(decoding: Count.self, keyDecodingStrategy: .snakeCaseColumns)
        return Dictionary(rows.map { ($0.postId, $0.n) }, uniquingKeysWith: +)
    }

    static func show(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let p = try await load(req, actor: actor)
        let unit = try await OrgUnit.find(p.unitID, on: req.db)
        let holders =
            actor.can(.peopleRead)
            ? try await PeopleListQuery.page(
                OrgQueries.PersonFilter(zone: p.zoneID, post: p.id),
                actor: actor,
                sort: "name",
                descending: false,
                range: nil,
                on: req.db
            ).rows
            : []
        let d = try await OrgQueries.directory(for: p.zoneID, on: req)
        return Layout.render(
            request: req,
            title: p.title,
            body: PostViews.show(
                PostValue(p),
                unit: unit.map(UnitValue.init),
                holders: holders,
                d: d,
                canWrite: actor.can(.orgWrite),
                req.view
            )
        )
    }

    static func formPage(_ req: Request, post: Post?, form: FormKit, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let units = try await OrgUnit.query(on: req.db).filter(\.$zoneID == zone).sort(\.$name).all()
        let d = try await OrgQueries.directory(for: zone, on: req)
        let title = post == nil ? req.lang.t("新建岗位", "New post") : req.lang.t("编辑岗位：", "Edit post: ") + post!.title
        return Layout.render(
            request: req,
            title: title,
            body: PostViews.form(post.map(PostValue.init), units: units.map(UnitValue.init), d: d, form: form, req.view),
            status: status
        )
    }

    static let pages = RecordPages<Post, PostForm>(
        load: { try await load($0, actor: $1) },
        save: { try await OrgService.savePost($0, existing: $1, actor: $2, zone: $3, db: $4, trail: $5) },
        remove: { try await OrgService.deletePost($0, db: $1, trail: $2) },
        formPage: { try await formPage($0, post: $1, form: $2, status: $3) },
        show: { .post($0) },
        list: .posts,
        mainField: "title"
    )

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let params = ListParams(req, filterKeys: ["body", "tier", "unit", "zone"], defaultSort: "title", sortable: sortable)
        let f = try await filter(req, actor: actor, params: params)
        let items = try await OrgQueries.posts(f, sort: params.sort, descending: params.descending, range: nil, on: req.db).items
        let names = try await OrgQueries.unitNames(zone: f.zone, on: req.db)
        let d = try await OrgQueries.directory(for: f.zone, on: req)
        let lang = req.lang
        let header = [
            Loc("机构", "Body"), Loc("单位", "Unit"), Loc("岗位名称", "Title"), Loc("层级", "Tier"), Loc("编制", "Headcount"),
            Loc("职责", "Duties"), Loc("任职要求", "Requirements"),
        ].map { lang.t($0) }
        let rows = items.map { p in
            [
                lang.t(d.bodyKind(p.bodyID).label), names[p.unitID] ?? "", p.title, lang.t(p.tier.label), String(p.headcount),
                Duties.parse(p.duties).joined(separator: "；"), p.requirements,
            ]
        }
        return csvResponse(filename: lang.t("岗位.csv", "posts.csv"), header: header, rows: rows)
    }

    // MARK: API

    static func apiList(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let f = try await filter(req, actor: actor)
        let (items, total) = try await OrgQueries.posts(f, range: paging.offset..<(paging.offset + paging.limit), on: req.db)
        let d = try await OrgQueries.directory(for: f.zone, on: req)
        return try json(ListAnswer(items: items.map { d.dto($0) }, total: total))
    }

    static let record = RecordAPI<Post, PostInput, PostDTO>(
        load: { try await load($0, actor: $1) },
        save: { try await OrgService.savePost($0, existing: $1, actor: $2, zone: $3, db: $4, trail: $5) },
        remove: { try await OrgService.deletePost($0, db: $1, trail: $2) },
        zoneOf: { $0.zoneID },
        dto: { $0.dto($1) }
    )
}
