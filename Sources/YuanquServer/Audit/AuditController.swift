import Fluent
import SQLKit
import Vapor
import YuanquKit

struct AuditEventDTO: Codable {
    let seq: Int
    let occurredAt: String
    let actor: String
    let zoneId: UUID?
    let action: String
    let entity: String
    let entityId: String?
    let before: String?
    let after: String?
    let note: String?
    let hash: String
}

/// The audit log for auditors: filters, pages, export, and the chain's state.
enum AuditController {
    static func register(_ app: Application) {
        app.routes.get("audit", permission: .auditRead, use: page)
        app.routes.get("audit", "export.csv", permission: .auditRead, use: export)
        app.api(
            .GET,
            "audit/events",
            permission: .auditRead,
            doc: APIDoc(
                summary: "Audit events, newest first",
                tag: "Audit",
                response: "AuditEvent",
                list: true,
                query: ["action", "entity", "entityId", "actor", "from", "to"]
            ),
            use: apiList
        )
    }

    /// One audit event as lists, exports and the API show it: a plain row, read through SQLKit.
    struct Row {
        let seq: Int
        let occurredAt: String
        let actorName: String
        let zoneId: UUID?
        let action: String
        let entity: String
        let entityId: String?
        let before: String?
        let after: String?
        let note: String?
        let hash: String

        /// Cell by cell, without a keyed decoder.
        init(_ row: any SQLRow) throws {
            seq = try row.decode(column: "seq", as: Int.self)
            occurredAt = try row.decode(column: "occurred_at", as: String.self)
            actorName = try row.decode(column: "actor_name", as: String.self)
            zoneId = try row.optional("zone_id", as: UUID.self)
            action = try row.decode(column: "action", as: String.self)
            entity = try row.decode(column: "entity", as: String.self)
            entityId = try row.optional("entity_id", as: String.self)
            before = try row.optional("before", as: String.self)
            after = try row.optional("after", as: String.self)
            note = try row.optional("note", as: String.self)
            hash = try row.decode(column: "hash", as: String.self)
        }
    }

    /// Events the actor may read, by the request's filters, newest first: the page's rows and how many there are.
    static func query(_ req: Request, actor: Actor, params: ListParams? = nil, range: Range<Int>) async throws -> (rows: [Row], total: Int)
    {
        let (rows, total) = try await sqlRows(req, actor: actor, params: params, range: range)
        return (try rows.map(Row.init), total)
    }

    /// The rows of `query` as the database gives them (the page decodes only the events it has not rendered yet).
    static func sqlRows(_ req: Request, actor: Actor, params: ListParams?, range: Range<Int>) async throws -> (
        rows: [any SQLRow], total: Int
    ) {
        func get(_ k: String) -> String? { params?.filters[k] ?? req.queryValue(k) }
        let sql = try req.db.sql
        let zone = try await ZoneScope.readZone(req, actor: actor)
        var from: String? = nil
        var to: String? = nil
        if let f = get("from"), !f.isEmpty {
            guard let d = CalendarDate(f) else { throw AppError.invalid("from", Loc("开始日期格式应为 YYYY-MM-DD", "from must be YYYY-MM-DD")) }
            from = DateBounds.startUTC(d)
        }
        if let t = get("to"), !t.isEmpty {
            guard let d = CalendarDate(t) else { throw AppError.invalid("to", Loc("结束日期格式应为 YYYY-MM-DD", "to must be YYYY-MM-DD")) }
            to = DateBounds.endUTC(d)
        }
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = query.from("audit_events")
            if let zone { q = q.where("zone_id", .equal, SQLBind(zone)) }
            for (key, column) in [("action", "action"), ("entity", "entity"), ("entityId", "entity_id"), ("actor", "actor_name")] {
                if let v = get(key), !v.isEmpty { q = q.where(SQLColumn(column), .equal, SQLBind(v)) }
            }
            if let from { q = q.where("occurred_at", .greaterThanOrEqual, SQLBind(from)) }
            if let to { q = q.where("occurred_at", .lessThan, SQLBind(to)) }
            return q
        }
        let count = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()
        let rows = try await filtered(sql.select())
            .columns("seq", "occurred_at", "actor_name", "zone_id", "action", "entity", "entity_id", "before", "after", "note", "hash")
            .orderBy("seq", .descending)
            .limit(range.count)
            .offset(range.lowerBound)
            .all()
        return (rows, try count?.decode(column: "n", as: Int.self) ?? 0)
    }

    static func dto(_ e: Row) -> AuditEventDTO {
        AuditEventDTO(
            seq: e.seq,
            occurredAt: e.occurredAt,
            actor: e.actorName,
            zoneId: e.zoneId,
            action: e.action,
            entity: e.entity,
            entityId: e.entityId,
            before: e.before,
            after: e.after,
            note: e.note,
            hash: e.hash
        )
    }

    static let pageFilters = ["action", "entity", "actor", "from", "to", "entityId", "zone"]

    static func page(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let sql = try req.db.sql
        // The page shows the zone's events up to its last one, and events never change: kept by that event's
        // sequence, the reader's session (the menu, the sign-out form) and the address, a page is exact.
        let zone = try await ZoneScope.readZone(req, actor: actor)
        let last: SQLQueryString =
            zone.map { "SELECT MAX(seq) AS n FROM audit_events WHERE zone_id = \(bind: $0)" } ?? "SELECT MAX(seq) AS n FROM audit_events"
        let tail = try await sql.raw(last).first()?.decode(column: "n", as: Int?.self) ?? 0
        let key = "audit-page|\(actor.sessionID?.uuidString ?? actor.username)|\(lang.rawValue)|\(req.url.string)|\(tail)"
        let rendered = req.application.renderedHTML
        if let html = rendered.html(key) { return Layout.response(html) }
        let html = Layout.page(req.frame(title: lang.t("审计日志", "Audit log")), body: try await view(req, actor: actor, lang: lang))
        return Layout.response(rendered.html(key) { html })
    }

    static func view(_ req: Request, actor: Actor, lang: Lang) async throws -> HNode {
        let params = ListParams(req, filterKeys: pageFilters, defaultSort: "seq", sortable: ["seq"])
        let pageSize = 50
        let (items, total) = try await sqlRows(
            req,
            actor: actor,
            params: params,
            range: params.range(pageSize: pageSize)
        )
        let rendered = req.application.renderedHTML
        let model = AuditPage(
            rows: try items.map { item in
                // An event never changes once written: its row is read, worked out and rendered once a language.
                try rendered.row("audit|\(try item.decode(column: "seq", as: Int.self))|\(lang.rawValue)") {
                    let e = try Row(item)
                    return AuditView.row(
                        AuditPage.Row(
                            seq: e.seq,
                            time: shanghai(e.occurredAt),
                            actor: e.actorName,
                            action: actionLabel(e.action, lang),
                            entity: entityLabel(e.entity, lang),
                            entityID: e.entityId,
                            note: e.note.map { noteLabel($0, lang) },
                            changes: changes(e.before, e.after, lang),
                            hash: e.hash
                        ),
                        lang: lang
                    )
                }
            },
            total: total,
            params: params,
            pageSize: pageSize,
            actions: actions.map { ($0, actionLabel($0, lang)) },
            entities: entityLabels.keys.sorted().map { ($0, entityLabel($0, lang)) }
        )
        return AuditView.view(model, lang: lang)
    }

    static let actions = [
        "create", "update", "delete", "login", "loginFailed", "logout", "sealedOpen", "seal", "import", "changePassword", "resetPassword",
        "revoke", AuditCheckpoint.action,
    ]

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let params = ListParams(req, filterKeys: pageFilters, defaultSort: "seq", sortable: ["seq"])
        let items = try await query(req, actor: actor, params: params, range: 0..<50_000).rows
        let lang = req.lang
        let header = [
            Loc("序号", "No."), Loc("时间", "Time"), Loc("操作人", "Actor"), Loc("操作", "Action"), Loc("对象", "Entity"), Loc("对象编号", "Entity id"),
            Loc("原值", "Before"), Loc("新值", "After"), Loc("说明", "Note"), Loc("哈希", "Hash"),
        ].map { lang.t($0) }
        let rows = items.map { e in
            [
                String(e.seq), shanghai(e.occurredAt), e.actorName, actionLabel(e.action, lang), e.entity, e.entityId ?? "",
                e.before ?? "", e.after ?? "", e.note ?? "", e.hash,
            ]
        }
        return csvResponse(filename: lang.t("审计日志.csv", "audit-log.csv"), header: header, rows: rows)
    }

    static func apiList(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let (items, total) = try await query(req, actor: actor, range: paging.offset..<(paging.offset + paging.limit))
        return try json(ListAnswer(items: items.map(dto), total: total))
    }

    static let entityLabels: [String: Loc] = [
        "unit": Loc("单位", "Unit"), "post": Loc("岗位", "Post"), "person": Loc("人员", "Person"), "sealedRecord": Loc("封存档案", "Sealed record"),
        "user": Loc("用户", "User"), "session": Loc("会话", "Session"), "zone": Loc("开发区", "Zone"), "setting": Loc("设置", "Setting"),
        "body": Loc("机构", "Body"), "code": Loc("字典项", "Code"),
        AuditCheckpoint.entity: Loc("审计日志", "Audit chain"),
    ]
    static func entityLabel(_ e: String, _ lang: Lang) -> String { entityLabels[e].map { lang.t($0) } ?? e }

    static let fieldLabels: [String: Loc] = [
        "name": Loc("名称", "Name"), "kind": Loc("类型", "Kind"), "body": Loc("机构", "Body"), "zone": Loc("开发区", "Zone"),
        "parentId": Loc("上级单位", "Parent"), "isMainBusiness": Loc("主责主业", "Main business"), "duties": Loc("职责", "Duties"),
        "title": Loc("岗位名称", "Title"), "tier": Loc("层级", "Tier"), "headcount": Loc("编制", "Headcount"), "unitId": Loc("单位", "Unit"),
        "requirements": Loc("任职要求", "Requirements"), "postId": Loc("岗位", "Post"), "gender": Loc("性别", "Gender"),
        "birthDate": Loc("出生日期", "Birth date"), "phone": Loc("电话", "Phone"), "residentIdMasked": Loc("身份证号", "Resident ID"),
        "username": Loc("用户名", "Username"), "displayName": Loc("姓名", "Name"), "role": Loc("角色", "Role"), "zoneId": Loc("开发区", "Zone"),
        "value": Loc("值", "Value"), "headcountCap": Loc("编制上限", "Headcount cap"), "labelZh": Loc("中文名称", "Chinese label"),
        "labelEn": Loc("英文名称", "English label"), "active": Loc("启用", "Active"), "code": Loc("代码", "Code"),
        "committeeCap": Loc("管委会编制上限", "Committee cap"), "companyCap": Loc("开发公司编制上限", "Company cap"), "personId": Loc("人员", "Person"),
    ]

    /// The fields an event changed, as "label: before → after" lines.
    static func changes(_ before: String?, _ after: String?, _ lang: Lang) -> [(label: String, text: String)] {
        func object(_ s: String?) -> [String: Any] {
            s.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
        }
        func show(_ v: Any?, _ key: String = "") -> String {
            switch v {
            case nil, is NSNull: return "—"
            case let b as Bool: return b ? lang.t("是", "yes") : lang.t("否", "no")
            case let a as [Any]: return a.map { "\($0)" }.joined(separator: "；")
            case let x as String: return codedFields.contains(key) ? (valueLabels[x].map { lang.t($0) } ?? x) : x
            case let x?: return "\(x)"
            }
        }
        let b = object(before)
        let a = object(after)
        var keys = Set(b.keys).union(a.keys).filter { k in b[k].map { show($0) } != a[k].map { show($0) } && k != "id" }.sorted()
        // A record made or removed is named by its few telling fields; a change lists every field it changed.
        if before == nil || after == nil { keys = keys.filter { summaryFields.contains($0) } }
        return keys.map { k in
            let label = fieldLabels[k].map { lang.t($0) } ?? k
            let text = before == nil ? show(a[k], k) : (after == nil ? show(b[k], k) : show(b[k], k) + " → " + show(a[k], k))
            return (label, String(text.prefix(200)))
        }
    }

    static let summaryFields: Set<String> = [
        "name", "title", "username", "displayName", "kind", "tier", "headcount", "body", "role", "code", "value", "headcountCap",
    ]

    static let codedFields: Set<String> = ["body", "kind", "tier", "gender", "role"]
    /// Code values shown by their labels.
    static let valueLabels: [String: Loc] = {
        var m: [String: Loc] = [:]
        for k in BodyKind.allCases { m[k.rawValue] = k.label }
        for k in UnitKind.allCases { m[k.rawValue] = k.label }
        for k in Tier.allCases { m[k.rawValue] = k.label }
        for k in Gender.allCases { m[k.rawValue] = k.label }
        for r in Role.allCases { m[r.rawValue] = Loc(Layout.roleName(r, .zh), Layout.roleName(r, .en)) }
        return m
    }()

    static func noteLabel(_ note: String, _ lang: Lang) -> String {
        switch note {
        case "web": return lang.t("浏览器", "browser")
        case "api": return "API"
        default: return note
        }
    }

    static func actionLabel(_ a: String, _ lang: Lang) -> String {
        let labels: [String: Loc] = [
            "create": Loc("新建", "Create"), "update": Loc("修改", "Update"), "delete": Loc("删除", "Delete"),
            "login": Loc("登录", "Sign in"), "loginFailed": Loc("登录失败", "Failed sign-in"), "logout": Loc("退出", "Sign out"),
            "sealedOpen": Loc("查阅封存档案", "Open sealed record"), "seal": Loc("封存档案", "Seal record"), "import": Loc("导入", "Import"),
            "changePassword": Loc("修改密码", "Change password"), "resetPassword": Loc("重置密码", "Reset password"),
            "revoke": Loc("强制下线", "Revoke session"), "seed": Loc("演示数据", "Demo data"),
            AuditCheckpoint.action: Loc("审计锚点", "Checkpoint"),
        ]
        return labels[a].map { lang.t($0) } ?? a
    }

    /// Shows a stored UTC time in Beijing time.
    static func shanghai(_ iso: String) -> String { ChinaTime.local(fromUTC: iso) ?? iso }
}

/// Day bounds in Asia/Shanghai as stored ISO 8601 UTC strings (which sort as text).
enum DateBounds {
    static func startUTC(_ d: CalendarDate) -> String {
        var c = DateComponents()
        c.year = d.year
        c.month = d.month
        c.day = d.day
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let date = cal.date(from: c)!
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
    static func endUTC(_ d: CalendarDate) -> String {
        var c = DateComponents()
        c.year = d.year
        c.month = d.month
        c.day = d.day + 1
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let date = cal.date(from: c)!
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
