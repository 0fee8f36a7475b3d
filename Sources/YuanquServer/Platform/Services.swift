import Fluent
import Vapor
import YuanquKit

enum UserService {
    /// Creates a user. A zone admin creates users of its own zone (never platform roles);
    /// the platform admin creates platform users and zone admins.
    static func create(
        _ app: Application,
        actor: Actor,
        username: String,
        displayName: String,
        role roleText: String,
        zoneCode: String?,
        unitID: String?,
        password: String,
        demo: Bool = false,
        hash: (String) async throws -> String
    ) async throws -> User {
        try actor.require(.usersManage)
        var v = Validation()
        let name = username.trimmingCharacters(in: .whitespaces)
        checkUsername(name, field: "username", into: &v)
        let display = displayName.trimmingCharacters(in: .whitespaces)
        checkDisplayName(display, field: "displayName", into: &v)
        let role = Role(rawValue: roleText)
        if role == nil {
            v.add(
                "role",
                Loc(
                    "角色取值无效：可选 " + Role.allCases.map(\.rawValue).joined(separator: ", "),
                    "Unknown role: one of " + Role.allCases.map(\.rawValue).joined(separator: ", ")
                )
            )
        }
        if let problem = AuthService.passwordProblem(password, username: name, allowPublished: demo) { v.add("password", problem) }
        try v.check()
        var zoneID: UUID? = actor.zoneID
        if actor.userID == nil || actor.role.isPlatform {
            if let code = zoneCode, !code.isEmpty {
                guard let z = try await Zone.query(on: app.db).filter(\.$code == code).first() else {
                    throw AppError.invalid("zone", Loc("没有代码为“\(code)”的开发区", "No zone with code “\(code)”"))
                }
                zoneID = z.id
            } else {
                zoneID = nil
            }
        }
        if role!.isPlatform && zoneID != nil { throw AppError.invalid("zone", Loc("平台角色不属于任何开发区", "A platform role belongs to no zone")) }
        if !role!.isPlatform && zoneID == nil { throw AppError.invalid("zone", Loc("该角色须指定开发区", "This role needs a zone")) }
        if actor.userID != nil {
            // Platform admins create platform users and zone admins only; zone admins never create platform roles.
            if actor.role.isPlatform && !(role!.isPlatform || role! == .zoneAdmin) {
                throw AppError.invalid("role", Loc("平台管理员只能创建园区管理员", "The platform admin creates zone admins only"))
            }
            if !actor.role.isPlatform && role!.isPlatform { throw AppError.forbidden }
        }
        var unit: UUID? = nil
        if let u = unitID, !u.isEmpty {
            guard let id = UUID(uuidString: u), let found = try await OrgUnit.find(id, on: app.db), found.zoneID == zoneID else {
                throw AppError.invalid("unitId", Loc("所选单位不存在", "No such unit"))
            }
            unit = id
        }
        let hashed = try await hash(password)
        return try await Writes.perform(app, actor: actor) { [zoneID, unit] db, trail in
            try await insert(
                username: name,
                displayName: display,
                role: role!,
                zoneID: zoneID,
                unitID: unit,
                passwordHash: hashed,
                db: db,
                trail: trail
            )
        }
    }

    /// A username of 2–32 letters, digits, dots, dashes or underscores.
    static func checkUsername(_ name: String, field: String, into v: inout Validation) {
        if name.count < 2 || name.count > 32 || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            v.add(field, Loc("用户名须为 2–32 位字母、数字、点、横线或下划线", "Username: 2–32 letters, digits, dot, dash or underscore"))
        }
    }

    static func checkDisplayName(_ display: String, field: String, into v: inout Validation) {
        if display.isEmpty || display.count > 40 {
            v.add(field, Loc("请填写姓名（不超过 40 字）", "Display name is required (at most 40 characters)"))
        }
    }

    /// Who a username names. Usernames are unique within a zone, and among platform users (zone nil).
    enum Named {
        case none
        case one(User)
        /// The name is in several zones and no zone was given.
        case several
    }

    /// The user a name stands for: with a zone code, that zone's user of the name; without one, the platform user of
    /// the name if there is one, else the one zone user of the name. Sign-in and the commands share it.
    static func named(_ username: String, zone zoneCode: String?, on db: Database) async throws -> Named {
        let name = username.trimmingCharacters(in: .whitespaces)
        let code = (zoneCode ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if !code.isEmpty {
            guard let zone = try await Zone.query(on: db).filter(\.$code == code).first() else { return .none }
            return try await User.query(on: db).filter(\.$zoneID == zone.id).filter(\.$username == name).first().map { .one($0) } ?? .none
        }
        if let platform = try await User.query(on: db).filter(\.$zoneID == nil).filter(\.$username == name).first() {
            return .one(platform)
        }
        let inZones = try await User.query(on: db).filter(\.$username == name).limit(2).all()
        return inZones.count == 1 ? .one(inZones[0]) : inZones.isEmpty ? .none : .several
    }

    /// Writes a checked user inside the caller's transaction, refusing a username already taken in the same zone (or,
    /// for a platform user, by another platform user): the refusal never depends on another zone's users.
    static func insert(
        username name: String,
        displayName display: String,
        role: Role,
        zoneID: UUID?,
        unitID unit: UUID?,
        passwordHash: String,
        field: String = "username",
        db: Database,
        trail: AuditTrail
    ) async throws -> User {
        if try await User.query(on: db).filter(\.$zoneID == zoneID).filter(\.$username == name).count() > 0 {
            throw AppError.conflict(Loc("用户名“\(name)”已被使用", "Username “\(name)” is taken"), field: field)
        }
        let user = User()
        user.username = name
        user.displayName = display
        user.passwordHash = passwordHash
        user.role = role.rawValue
        user.zoneID = zoneID
        user.unitID = unit
        user.language = "zh"
        user.failedLogins = 0
        user.active = true
        try await user.create(on: db)
        struct Snap: Encodable {
            let username: String
            let displayName: String
            let role: String
            let zoneId: UUID?
            let unitId: UUID?
        }
        trail.record(
            "create",
            "user",
            id: user.id!.uuidString,
            zone: zoneID,
            after: Snap(username: name, displayName: display, role: role.rawValue, zoneId: zoneID, unitId: unit)
        )
        return user
    }

    /// Sets a user's password, found by name and, where the name is in several zones, the zone's code.
    static func resetPassword(
        _ app: Application,
        actor: Actor,
        username: String,
        zoneCode: String? = nil,
        password: String,
        hash: (String) async throws -> String
    ) async throws {
        if let problem = AuthService.passwordProblem(password, username: username) { throw AppError.invalid("password", problem) }
        let name = username.trimmingCharacters(in: .whitespaces)
        let user: User
        switch try await named(name, zone: zoneCode, on: app.db) {
        case .one(let u): user = u
        case .none:
            let inZone = zoneCode.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
            throw AppError.invalid("username", Loc("没有用户“\(name)”\(inZone)", "No user “\(name)”\(inZone)"))
        case .several:
            // The command line's operator may know which zones have the name (a sign-in never tells).
            let ids = try await User.query(on: app.db).filter(\.$username == name).all().compactMap(\.zoneID)
            let codes = try await Zone.query(on: app.db).filter(\.$id ~~ ids).sort(\.$code).all().map(\.code).joined(separator: ", ")
            throw AppError.invalid(
                "zone",
                Loc(
                    "多个开发区都有用户“\(name)”（\(codes)）：请指定开发区代码",
                    "Users named “\(name)” are in several zones (\(codes)): name the zone (--zone)"
                )
            )
        }
        let hashed = try await hash(password)
        let id = user.id!
        try await Writes.perform(app, actor: actor) { db, trail in
            guard let u = try await User.find(id, on: db) else { throw AppError.notFound }
            u.passwordHash = hashed
            u.failedLogins = 0
            u.lockedUntil = nil
            let code = try await u.zoneID.asyncMap { try await Zone.find($0, on: db)?.code } ?? nil
            try await SignInFailures.forget(name: u.username, zone: code, on: db)
            try await u.update(on: db)
            for s in try await UserSession.query(on: db).filter(\.$user.$id == id).filter(\.$revokedAt == nil).all() {
                s.revokedAt = Date()
                try await s.update(on: db)
            }
            trail.record("resetPassword", "user", id: id.uuidString, zone: u.zoneID)
        }
    }
}

/// A new zone's answers: its code and names, and its two bodies with their names and headcount caps.
struct NewZone: Sendable {
    var code: String
    var name: String
    var nameEn: String
    /// Nil or below 1: refused, naming the field.
    var committeeCap: Int?
    var companyCap: Int?
    var committeeName: String = "党工委、管委会"
    var committeeNameEn: String = "Party Working Committee and Management Committee"
    /// Default: the zone's name + 开发有限公司.
    var companyName: String? = nil
    var companyNameEn: String? = nil

    var trimmedCode: String { code.trimmingCharacters(in: .whitespaces) }

    /// Every wrong answer, each naming its field.
    func check(into v: inout Validation) {
        let c = trimmedCode
        if c.isEmpty || c.count > 32 || !c.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
            v.add("code", Loc("代码须为 1–32 位小写字母、数字或横线", "Code: 1–32 lower-case letters, digits or dashes"))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { v.add("name", Loc("请填写名称", "Name is required")) }
        if nameEn.trimmingCharacters(in: .whitespaces).isEmpty { v.add("nameEn", Loc("请填写英文名", "English name is required")) }
        if committeeName.trimmingCharacters(in: .whitespaces).isEmpty {
            v.add("committeeName", Loc("请填写管委会的名称", "The committee's name is required"))
        }
        if let n = companyName, n.trimmingCharacters(in: .whitespaces).isEmpty {
            v.add("companyName", Loc("请填写开发公司的名称", "The company's name is required"))
        }
        for (field, cap) in [("committeeCap", committeeCap), ("companyCap", companyCap)] where !(1...1_000_000).contains(cap ?? 0) {
            v.add(field, Loc("编制上限须为 1 至 1,000,000 的整数", "The cap must be a whole number from 1 to 1,000,000"))
        }
    }
}

enum ZoneService {
    /// Creates a zone with its two bodies, default settings and code lists.
    static func create(_ app: Application, actor: Actor, _ zone: NewZone) async throws -> Zone {
        var v = Validation()
        zone.check(into: &v)
        try v.check()
        return try await Writes.perform(app, actor: actor) { db, trail in try await insert(zone, db: db, trail: trail) }
    }

    /// Writes a checked zone inside the caller's transaction (refusing a code already taken).
    static func insert(_ new: NewZone, db: Database, trail: AuditTrail) async throws -> Zone {
        let c = new.trimmedCode
        if try await Zone.query(on: db).filter(\.$code == c).count() > 0 {
            throw AppError.conflict(Loc("代码“\(c)”已被使用", "Code “\(c)” is taken"), field: "code")
        }
        let zone = Zone(
            code: c,
            name: new.name.trimmingCharacters(in: .whitespaces),
            nameEn: new.nameEn.trimmingCharacters(in: .whitespaces)
        )
        try await zone.create(on: db)
        let z = zone.id!
        let committeeCap = new.committeeCap ?? 0
        let companyCap = new.companyCap ?? 0
        try await ZoneBody(
            zoneID: z,
            kind: .committee,
            name: new.committeeName.trimmingCharacters(in: .whitespaces),
            nameEn: new.committeeNameEn,
            headcountCap: committeeCap
        ).create(on: db)
        try await ZoneBody(
            zoneID: z,
            kind: .company,
            name: new.companyName?.trimmingCharacters(in: .whitespaces) ?? (zone.name + "开发有限公司"),
            nameEn: new.companyNameEn ?? (zone.nameEn + " Development Co."),
            headcountCap: companyCap
        ).create(on: db)
        for s in SettingDefinition.all { try await ZoneSetting(zoneID: z, key: s.key, value: s.defaultValue).create(on: db) }
        for def in CodeListDefinition.all {
            for (i, d) in def.defaults.enumerated() {
                let item = CodeListItem()
                item.zoneID = z
                item.list = def.list
                item.code = d.code
                item.labelZh = d.zh
                item.labelEn = d.en
                item.sortOrder = i
                item.active = true
                try await item.create(on: db)
            }
        }
        struct Snap: Encodable {
            let code: String
            let name: String
            let committeeCap: Int
            let companyCap: Int
        }
        trail.record(
            "create",
            "zone",
            id: z.uuidString,
            zone: z,
            after: Snap(code: c, name: zone.name, committeeCap: committeeCap, companyCap: companyCap)
        )
        return zone
    }
}

enum SettingsService {
    /// Saves the zone's settings and body caps from a form (keys as the form names them); all or nothing.
    static func save(_ app: Application, actor: Actor, zone: UUID, values: [String: String]) async throws {
        try actor.require(.settingsWrite)
        var v = Validation()
        var settings: [String: String] = [:]
        for def in SettingDefinition.all {
            guard let raw = values[def.key] else { continue }
            do { settings[def.key] = try def.validate(raw) } catch {
                switch error {
                case .notInteger: v.add(def.key, Loc("\(def.labelZh)须为整数", "\(def.labelEn) must be a whole number"))
                case .outOfRange(let r):
                    v.add(
                        def.key,
                        Loc(
                            "\(def.labelZh)须在 \(r.lowerBound)–\(r.upperBound) 之间",
                            "\(def.labelEn) must be from \(r.lowerBound) to \(r.upperBound)"
                        )
                    )
                case .tooLong: v.add(def.key, Loc("\(def.labelZh)不能超过 200 字", "\(def.labelEn) may not exceed 200 characters"))
                case .notOCDSPrefix:
                    v.add(
                        def.key,
                        Loc(
                            "OCDS 前缀须为 ocds- 加 6 位小写字母或数字（如 ocds-a1b2c3）",
                            "The OCDS prefix must be ocds- and 6 lower-case letters or digits (e.g. ocds-a1b2c3)"
                        )
                    )
                }
            }
        }
        var caps: [BodyKind: Int] = [:]
        for kind in BodyKind.allCases {
            guard let raw = values["cap." + kind.rawValue] else { continue }
            guard let n = Int(raw.trimmingCharacters(in: .whitespaces)), n >= 1, n <= 100_000 else {
                v.add("cap." + kind.rawValue, Loc("编制上限须为 1–100000 的整数", "The cap must be a whole number from 1 to 100000"))
                continue
            }
            caps[kind] = n
        }
        try v.check()
        try await Writes.perform(app, actor: actor) { [settings, caps] db, trail in
            for (key, value) in settings {
                let existing = try await ZoneSetting.query(on: db).filter(\.$zoneID == zone).filter(\.$key == key).first()
                if existing?.value == value { continue }
                if let e = existing {
                    e.value = value
                    try await e.update(on: db)
                } else {
                    try await ZoneSetting(zoneID: zone, key: key, value: value).create(on: db)
                }
                trail.record(
                    "update",
                    "setting",
                    id: key,
                    zone: zone,
                    before: existing.map { ["value": $0.value] },
                    after: ["value": value]
                )
            }
            for (kind, cap) in caps {
                guard let b = try await ZoneBody.query(on: db).filter(\.$zoneID == zone).filter(\.$kind == kind).first(),
                    b.headcountCap != cap
                else { continue }
                let total = try await OrgQueries.headcountTotal(body: b.id!, on: db)
                if cap < total {
                    throw AppError.invalid(
                        "cap." + kind.rawValue,
                        Loc("\(b.name)现有岗位编制合计 \(total) 人，上限不能低于此数", "\(b.nameEn)'s posts already total \(total): the cap cannot be lower")
                    )
                }
                trail.record(
                    "update",
                    "body",
                    id: b.id!.uuidString,
                    zone: zone,
                    before: ["headcountCap": b.headcountCap],
                    after: ["headcountCap": cap]
                )
                b.headcountCap = cap
                try await b.update(on: db)
            }
        }
    }

    static func saveCode(
        _ app: Application,
        actor: Actor,
        zone: UUID,
        list: String,
        code: String,
        labelZh: String,
        labelEn: String,
        active: Bool
    ) async throws {
        try actor.require(.settingsWrite)
        var v = Validation()
        if CodeListDefinition.named(list) == nil { v.add("list", Loc("没有这个字典", "No such code list")) }
        let c = code.trimmingCharacters(in: .whitespaces)
        if c.isEmpty || c.count > 40 || !c.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) {
            v.add("code", Loc("代码须为 1–40 位字母、数字、横线或下划线", "Code: 1–40 letters, digits, dash or underscore"))
        }
        let zh = labelZh.trimmingCharacters(in: .whitespaces)
        if zh.isEmpty || zh.count > 60 { v.add("labelZh", Loc("请填写中文名称（不超过 60 字）", "Chinese label is required (at most 60 characters)")) }
        try v.check()
        let en = labelEn.trimmingCharacters(in: .whitespaces).isEmpty ? zh : labelEn.trimmingCharacters(in: .whitespaces)
        try await Writes.perform(app, actor: actor) { db, trail in
            let existing = try await CodeListItem.query(on: db).filter(\.$zoneID == zone).filter(\.$list == list).filter(\.$code == c)
                .first()
            struct Snap: Encodable {
                let labelZh: String
                let labelEn: String
                let active: Bool
            }
            let before = existing.map { Snap(labelZh: $0.labelZh, labelEn: $0.labelEn, active: $0.active) }
            let item = existing ?? CodeListItem()
            if existing == nil {
                item.zoneID = zone
                item.list = list
                item.code = c
                item.sortOrder = (try await CodeListItem.query(on: db).filter(\.$zoneID == zone).filter(\.$list == list).count())
            }
            item.labelZh = zh
            item.labelEn = en
            item.active = active
            if existing == nil { try await item.create(on: db) } else { try await item.update(on: db) }
            trail.record(
                existing == nil ? "create" : "update",
                "code",
                id: list + "." + c,
                zone: zone,
                before: before,
                after: Snap(labelZh: zh, labelEn: en, active: active)
            )
        }
    }
}
