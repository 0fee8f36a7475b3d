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

    /// The sessions an actor may revoke: active ones of their zone's users (all, for platform users).
    static func sessionScope(_ actor: Actor, on db: Database) -> QueryBuilder<UserSession> {
        var q = UserSession.query(on: db).join(User.self, on: \UserSession.$user.$id == \User.$id)
            .filter(\.$revokedAt == nil).filter(\.$expiresAt > Date())
        if let z = actor.zoneID { q = q.filter(User.self, \.$zoneID == z) }
        return q
    }

    static func sessions(_ req: Request) async throws -> Response {
        let model = try await AdminQueries.sessions(actor: try req.actor(), on: req.db)
        return Layout.render(request: req, title: req.lang.t("在线会话", "Active sessions"), body: AdminViews.sessions(model, req.view))
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
        let model = try await AdminQueries.users(actor: try req.actor(), lang: req.lang, created: created, on: req.db)
        return Layout.render(
            request: req,
            title: req.lang.t("用户", "Users"),
            body: AdminViews.users(model, form: form, req.view),
            status: status
        )
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
        let model = try await AdminQueries.zones(on: req.db)
        return Layout.render(
            request: req,
            title: req.lang.t("开发区", "Zones"),
            body: AdminViews.zones(model, form: form, req.view),
            status: status
        )
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
            let zone = NewZone(
                code: f.code ?? "",
                name: f.name ?? "",
                nameEn: f.nameEn ?? "",
                committeeCap: Int(f.committeeCap ?? ""),
                companyCap: Int(f.companyCap ?? "")
            )
            _ = try await ZoneService.create(req.application, actor: actor, zone)
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
        let zone = try req.actor().writableZone()
        let model = try await AdminQueries.settings(zone: zone, lang: req.lang, saved: saved, on: req.db)
        return Layout.render(
            request: req,
            title: req.lang.t("设置与字典", "Settings and code lists"),
            body: AdminViews.settings(model, form: form, req.view),
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
