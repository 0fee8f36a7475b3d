import Fluent
import Vapor
import YuanquKit

/// Zone administration: users, active sessions, settings and code lists; and the platform's zones.
enum AdminController {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("admin", "sessions", permission: .sessionsManage, use: sessions)
        r.post("admin", "sessions", ":id", "revoke", permission: .sessionsManage, use: revoke)
        r.get("admin", "users", permission: .usersManage, use: { try await users($0, form: FormKit(lang: $0.lang)) })
        r.post("admin", "users", permission: .usersManage, use: createUser)
        r.get("admin", "zones", permission: .zonesManage, use: { try await zones($0, form: FormKit(lang: $0.lang)) })
        r.post("admin", "zones", permission: .zonesManage, use: createZone)
        r.get("admin", "settings", permission: .settingsWrite, use: { try await settings($0, form: FormKit(lang: $0.lang), saved: false) })
        r.post("admin", "settings", permission: .settingsWrite, use: saveSettings)
        r.post("admin", "codes", permission: .settingsWrite, use: saveCode)

        app.api(
            .GET,
            "zones",
            permission: .zonesRead,
            doc: APIDoc(summary: "Zones the caller can read, with their bodies", tag: "Zones", response: "Zone", list: true),
            use: apiZones
        )
    }

    // MARK: sessions

    static func sessionScope(_ actor: Actor, on db: Database) -> QueryBuilder<UserSession> {
        var q = UserSession.query(on: db).join(User.self, on: \UserSession.$user.$id == \User.$id)
            .filter(\.$revokedAt == nil).filter(\.$expiresAt > Date())
        if let z = actor.zoneID { q = q.filter(User.self, \.$zoneID == z) }
        return q
    }

    static func sessions(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let list = try await sessionScope(actor, on: req.db).with(\.$user).sort(\.$createdAt, .descending).all()
        let lang = req.lang
        let rows: [[HNode]] = list.map { s in
            [
                txt(s.user.username + " · " + s.user.displayName),
                txt(Layout.roleName(s.user.roleValue, lang)),
                txt(s.kind == "api" ? "API" : lang.t("浏览器", "Browser")),
                txt(DateFormat.minute(s.createdAt)),
                txt(DateFormat.minute(s.expiresAt)),
                txt(s.client),
                s.id == actor.sessionID
                    ? el("span", [("class", "tag")], txt(lang.t("当前会话", "This session")))
                    : actionButton(
                        req.view,
                        action: .revokeSession(s.id!),
                        label: lang.t("强制下线", "Revoke"),
                        confirm: lang.t("确定让该会话下线？", "Revoke this session?"),
                        danger: true
                    ),
            ]
        }
        let cols = [
            Loc("用户", "User"), Loc("角色", "Role"), Loc("类型", "Kind"), Loc("登录时间", "Signed in"), Loc("到期", "Expires"), Loc("客户端", "Client"),
            Loc("操作", "Action"),
        ]
        let params = ListParams(req, filterKeys: [], defaultSort: "", sortable: [])
        return Layout.render(
            request: req,
            title: lang.t("在线会话", "Active sessions"),
            body: .group(
                el("p", [("class", "muted")], txt(lang.t("共 \(list.count) 个有效会话。", "\(list.count) active sessions."))),
                ListView.table(
                    cols.enumerated().map { ListView.Column(key: "c\($0.offset)", label: lang.t($0.element), sortable: false) },
                    rows: rows,
                    params: params,
                    base: nil,
                    lang: lang
                )
            )
        )
    }

    static func revoke(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid()
        guard let s = try await sessionScope(actor, on: req.db).filter(\.$id == id).with(\.$user).first() else { throw AppError.notFound }
        let username = s.user.username
        let zone = s.user.zoneID
        try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let fresh = try await UserSession.find(id, on: db) else { throw AppError.notFound }
            fresh.revokedAt = Date()
            try await fresh.update(on: db)
            trail.record("revoke", "session", id: id.uuidString, zone: zone, note: username)
        }
        return req.redirect(to: .sessions)
    }

    // MARK: users

    static func users(_ req: Request, form: FormKit, status: HTTPResponseStatus = .ok, created: String? = nil) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        var q = User.query(on: req.db).sort(\.$username)
        if let z = actor.zoneID { q = q.filter(\.$zoneID == z) }
        let list = try await q.all()
        let zones = try await Zone.query(on: req.db).sort(\.$code).all()
        let zoneNames = Dictionary(uniqueKeysWithValues: zones.map { ($0.id!, lang.t($0.name, $0.nameEn)) })
        let units = actor.zoneID == nil ? [] : try await OrgUnit.query(on: req.db).filter(\.$zoneID == actor.zoneID!).sort(\.$name).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        let roles: [Role] = actor.role.isPlatform ? [.platformAdmin, .zoneAdmin] : Role.allCases.filter { !$0.isPlatform }
        let rows: [[HNode]] = list.map { u in
            [
                txt(u.username), txt(u.displayName), txt(Layout.roleName(u.roleValue, lang)),
                txt(u.zoneID.flatMap { zoneNames[$0] } ?? lang.t("平台", "Platform")),
                txt(u.unitID.flatMap { unitNames[$0] } ?? "—"),
                txt(
                    AuthService.lockout.isLocked(lockedUntil: u.lockedUntil, now: Date())
                        ? lang.t("已锁定", "Locked") : (u.active ? lang.t("正常", "Active") : lang.t("停用", "Disabled"))
                ),
            ]
        }
        let cols = [
            Loc("用户名", "Username"), Loc("姓名", "Name"), Loc("角色", "Role"), Loc("开发区", "Zone"), Loc("单位", "Unit"), Loc("状态", "Status"),
        ]
        let params = ListParams(req, filterKeys: [], defaultSort: "", sortable: [])
        let body: HNode = .group(
            created.map { el("p", [("class", "alert alert-ok")], txt(lang.t("已创建用户 \($0)。", "User \($0) created."))) } ?? .empty,
            ListView.table(
                cols.enumerated().map { ListView.Column(key: "c\($0.offset)", label: lang.t($0.element), sortable: false) },
                rows: rows,
                params: params,
                base: nil,
                lang: lang
            ),
            el("h2", [], txt(lang.t("新建用户", "New user"))),
            postForm(
                req.view,
                action: .users,
                class: "card",
                [
                    form.summary(),
                    form.text(
                        "username",
                        lang.t("用户名", "Username"),
                        required: true,
                        hint: lang.t("字母、数字、点、横线或下划线，2–32 位", "2–32 letters, digits, dot, dash or underscore")
                    ),
                    form.text("displayName", lang.t("姓名", "Display name"), required: true),
                    form.select(
                        "role",
                        lang.t("角色", "Role"),
                        options: roles.map { ($0.rawValue, Layout.roleName($0, lang)) },
                        selected: nil,
                        required: true,
                        blank: lang.t("请选择", "Choose")
                    ),
                    actor.role.isPlatform
                        ? form.select(
                            "zone",
                            lang.t("开发区", "Zone"),
                            options: zones.map { ($0.code, lang.t($0.name, $0.nameEn)) },
                            selected: nil,
                            blank: lang.t("（平台）", "(platform)")
                        )
                        : form.select(
                            "unitId",
                            lang.t("单位（部门负责人、工作人员的数据范围）", "Unit (data scope of unit heads and staff)"),
                            options: units.map { ($0.id!.uuidString, $0.name) },
                            selected: nil,
                            blank: lang.t("（无）", "(none)")
                        ),
                    form.password("password", lang.t("初始密码", "Initial password"), autocomplete: "new-password"),
                    el("button", [("type", "submit")], txt(lang.t("创建", "Create"))),
                ]
            )
        )
        return Layout.render(request: req, title: lang.t("用户", "Users"), body: body, status: status)
    }

    struct UserForm: Content {
        var username: String?
        var displayName: String?
        var role: String?
        var zone: String?
        var unitId: String?
        var password: String?
    }

    static func createUser(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let f = try req.content.decode(UserForm.self)
        let values = [
            "username": f.username ?? "", "displayName": f.displayName ?? "", "role": f.role ?? "", "zone": f.zone ?? "",
            "unitId": f.unitId ?? "",
        ]
        do {
            var zoneCode = f.zone
            if !actor.role.isPlatform { zoneCode = nil }
            let user = try await UserService.create(
                req.application,
                actor: actor,
                username: f.username ?? "",
                displayName: f.displayName ?? "",
                role: f.role ?? "",
                zoneCode: zoneCode,
                unitID: f.unitId,
                password: f.password ?? "",
                hash: { try await req.password.async.hash($0) }
            )
            return try await users(req, form: FormKit(lang: req.lang), created: user.username)
        } catch let e as AppError {
            return try await users(
                req,
                form: FormKit(lang: req.lang, error: e, values: values, fallbackField: "username"),
                status: e.status
            )
        }
    }

    // MARK: zones

    static func zones(_ req: Request, form: FormKit, status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.lang
        let list = try await Zone.query(on: req.db).sort(\.$code).all()
        var counts: [UUID: (Int, Int)] = [:]
        for z in list {
            counts[z.id!] = (
                try await OrgUnit.query(on: req.db).filter(\.$zoneID == z.id!).count(),
                try await Person.query(on: req.db).filter(\.$zoneID == z.id!).count()
            )
        }
        let rows: [[HNode]] = list.map { z in
            [txt(z.code), txt(z.name), txt(z.nameEn), txt(String(counts[z.id!]?.0 ?? 0)), txt(String(counts[z.id!]?.1 ?? 0))]
        }
        let cols = [Loc("代码", "Code"), Loc("名称", "Name"), Loc("英文名", "English name"), Loc("单位数", "Units"), Loc("人数", "People")]
        let params = ListParams(req, filterKeys: [], defaultSort: "", sortable: [])
        let body: HNode = .group(
            ListView.table(
                cols.enumerated().map {
                    ListView.Column(key: "c\($0.offset)", label: lang.t($0.element), sortable: false, numeric: $0.offset >= 3)
                },
                rows: rows,
                params: params,
                base: nil,
                lang: lang
            ),
            el("h2", [], txt(lang.t("新建开发区", "New zone"))),
            postForm(
                req.view,
                action: .zones,
                class: "card",
                [
                    form.summary(),
                    form.text(
                        "code",
                        lang.t("代码", "Code"),
                        required: true,
                        hint: lang.t("小写字母、数字或横线，如 jiangning", "Lower-case letters, digits or dashes, e.g. jiangning")
                    ),
                    form.text("name", lang.t("名称", "Name"), required: true),
                    form.text("nameEn", lang.t("英文名", "English name"), required: true),
                    form.text("committeeCap", lang.t("管委会编制上限", "Committee headcount cap"), value: "60", required: true, type: "number"),
                    form.text("companyCap", lang.t("开发公司编制上限", "Company headcount cap"), value: "80", required: true, type: "number"),
                    el("button", [("type", "submit")], txt(lang.t("创建", "Create"))),
                ]
            )
        )
        return Layout.render(request: req, title: lang.t("开发区", "Zones"), body: body, status: status)
    }

    struct ZoneForm: Content {
        var code: String?
        var name: String?
        var nameEn: String?
        var committeeCap: String?
        var companyCap: String?
    }

    static func createZone(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let f = try req.content.decode(ZoneForm.self)
        let values = [
            "code": f.code ?? "", "name": f.name ?? "", "nameEn": f.nameEn ?? "", "committeeCap": f.committeeCap ?? "",
            "companyCap": f.companyCap ?? "",
        ]
        do {
            var v = Validation()
            let committee = Int(f.committeeCap ?? "")
            let company = Int(f.companyCap ?? "")
            if committee == nil || committee! < 1 { v.add("committeeCap", Loc("编制上限须为正整数", "The cap must be a positive whole number")) }
            if company == nil || company! < 1 { v.add("companyCap", Loc("编制上限须为正整数", "The cap must be a positive whole number")) }
            try v.check()
            _ = try await ZoneService.create(
                req.application,
                actor: actor,
                code: f.code ?? "",
                name: f.name ?? "",
                nameEn: f.nameEn ?? "",
                committeeCap: committee!,
                companyCap: company!
            )
            return req.redirect(to: .zones)
        } catch let e as AppError {
            return try await zones(req, form: FormKit(lang: req.lang, error: e, values: values, fallbackField: "code"), status: e.status)
        }
    }

    static func apiZones(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        var q = Zone.query(on: req.db).sort(\.$code)
        if let z = actor.zoneID { q = q.filter(\.$id == z) }
        let zones = try await q.all()
        let bodies = try await ZoneBody.query(on: req.db).filter(\.$zoneID ~~ zones.compactMap(\.id)).all()
        let items = zones.map { z in
            ZoneDTO(
                id: z.id!,
                code: z.code,
                name: z.name,
                nameEn: z.nameEn,
                bodies: bodies.filter { $0.zoneID == z.id }.sorted { $0.kind.rawValue > $1.kind.rawValue }
                    .map { BodyDTO(id: $0.id!, kind: $0.kind, name: $0.name, headcountCap: $0.headcountCap) }
            )
        }
        return try json(ListAnswer(items: items, total: items.count))
    }

    // MARK: settings and code lists

    static func settings(_ req: Request, form: FormKit, saved: Bool, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let lang = req.lang
        let stored = Dictionary(
            try await ZoneSetting.query(on: req.db).filter(\.$zoneID == zone).all().map { ($0.key, $0.value) },
            uniquingKeysWith: { a, _ in a }
        )
        let bodies = try await ZoneBody.query(on: req.db).filter(\.$zoneID == zone).all().sorted { $0.kind.rawValue > $1.kind.rawValue }
        let codes = try await CodeListItem.query(on: req.db).filter(\.$zoneID == zone).sort(\.$list).sort(\.$sortOrder).all()
        var fields: [HNode] = [form.summary()]
        for b in bodies {
            fields.append(
                form.text(
                    "cap." + b.kind.rawValue,
                    lang.t(b.name, b.nameEn) + lang.t("编制上限（总量控制）", " headcount cap"),
                    value: String(b.headcountCap),
                    required: true,
                    type: "number"
                )
            )
        }
        for s in SettingDefinition.all {
            fields.append(
                form.text(
                    s.key,
                    lang.t(s.labelZh, s.labelEn),
                    value: stored[s.key] ?? s.defaultValue,
                    type: s.kind == .integer ? "number" : "text",
                    hint: lang.t("默认 ", "Default ") + (s.defaultValue.isEmpty ? "—" : s.defaultValue)
                )
            )
        }
        fields.append(el("button", [("type", "submit")], txt(lang.t("保存设置", "Save settings"))))
        var lists: [HNode] = []
        for def in CodeListDefinition.all {
            let items = codes.filter { $0.list == def.list }
            lists.append(el("h2", [], txt(lang.t(def.labelZh, def.labelEn))))
            lists.append(
                el(
                    "table",
                    [("class", "list")],
                    [
                        el(
                            "thead",
                            [],
                            el(
                                "tr",
                                [],
                                [Loc("代码", "Code"), Loc("中文", "Chinese"), Loc("英文", "English"), Loc("启用", "Active")].map {
                                    el("th", [], txt(lang.t($0)))
                                }
                            )
                        ),
                        el(
                            "tbody",
                            [],
                            items.map { i in
                                el(
                                    "tr",
                                    [],
                                    el("td", [], el("code", [], txt(i.code))),
                                    el("td", [], txt(i.labelZh)),
                                    el("td", [], txt(i.labelEn)),
                                    el("td", [], txt(i.active ? lang.t("是", "Yes") : lang.t("否", "No")))
                                )
                            }
                        ),
                    ]
                )
            )
            lists.append(
                postForm(
                    req.view,
                    action: .codes,
                    class: "toolbar",
                    [
                        void("input", [("type", "hidden"), ("name", "list"), ("value", def.list)]),
                        el(
                            "div",
                            [],
                            el("label", [], txt(lang.t("代码", "Code"))),
                            void("input", [("name", "code"), ("required", nil), ("size", "12")])
                        ),
                        el(
                            "div",
                            [],
                            el("label", [], txt(lang.t("中文名称", "Chinese label"))),
                            void("input", [("name", "labelZh"), ("required", nil)])
                        ),
                        el("div", [], el("label", [], txt(lang.t("英文名称", "English label"))), void("input", [("name", "labelEn")])),
                        el(
                            "div",
                            [],
                            el("label", [], txt(lang.t("启用", "Active"))),
                            el(
                                "select",
                                [("name", "active")],
                                el("option", [("value", "true")], txt(lang.t("是", "Yes"))),
                                el("option", [("value", "false")], txt(lang.t("否", "No")))
                            )
                        ),
                        el("button", [("type", "submit")], txt(lang.t("新增或修改", "Add or change"))),
                    ]
                )
            )
        }
        return Layout.render(
            request: req,
            title: lang.t("设置与字典", "Settings and code lists"),
            body: .group(
                saved ? el("p", [("class", "alert alert-ok")], txt(lang.t("已保存。", "Saved."))) : .empty,
                el(
                    "p",
                    [],
                    link(
                        .calendar,
                        lang.t("工作日历（法定节假日与调休）", "Working-day calendar (holidays and adjusted weekends)"),
                        class: "btn secondary"
                    )
                ),
                postForm(req.view, action: .settings, class: "card", fields),
                .group(lists)
            ),
            status: status
        )
    }

    static func saveSettings(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        do {
            try await SettingsService.save(req.application, actor: actor, zone: zone, values: raw)
            return try await settings(req, form: FormKit(lang: req.lang), saved: true)
        } catch let e as AppError {
            return try await settings(
                req,
                form: FormKit(lang: req.lang, error: e, values: raw, fallbackField: "publicity.workingDays"),
                saved: false,
                status: e.status
            )
        }
    }

    struct CodeForm: Content {
        var list: String?
        var code: String?
        var labelZh: String?
        var labelEn: String?
        var active: String?
    }

    static func saveCode(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let f = try req.content.decode(CodeForm.self)
        do {
            try await SettingsService.saveCode(
                req.application,
                actor: actor,
                zone: zone,
                list: f.list ?? "",
                code: f.code ?? "",
                labelZh: f.labelZh ?? "",
                labelEn: f.labelEn ?? "",
                active: f.active != "false"
            )
            return try await settings(req, form: FormKit(lang: req.lang), saved: true)
        } catch let e as AppError {
            return try await settings(
                req,
                form: FormKit(lang: req.lang, error: e, values: [:], fallbackField: "code"),
                saved: false,
                status: e.status
            )
        }
    }
}

enum DateFormat {
    static func minute(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: d)
    }
}
