import ConsoleKit
import Fluent
import FluentSQL
import Foundation
import Vapor
import YuanquKit

/// What a new installation starts with: the platform's first admin, the first zone with its two bodies (the committee
/// and the development company, each with its name and headcount cap) and the zone's first admin.
struct SetupInput: Sendable {
    var zone: NewZone
    var platformAdmin: String
    var platformAdminName: String
    var platformPassword: String
    var zoneAdmin: String
    var zoneAdminName: String
    var zoneAdminPassword: String
}

/// `yuanqu setup`: the first run of a real installation, through the audited write path, all or nothing.
enum SetupService {
    /// Creates what `input` describes in one transaction; refuses a database that already has a zone, and names every
    /// wrong answer at once (fields as `SetupCommand.flags` names them).
    static func run(_ app: Application, _ input: SetupInput, hash: @escaping @Sendable (String) throws -> String) async throws -> Zone {
        let existing = try await Zone.query(on: app.db).sort(\.$code).all().map(\.code)
        if !existing.isEmpty {
            throw AppError.conflict(
                Loc(
                    "数据库中已有开发区（\(existing.prefix(5).joined(separator: "、"))）：setup 只用于新安装。其他开发区请由平台管理员在 /admin/zones 创建。",
                    "The database already has zones (\(existing.prefix(5).joined(separator: ", "))): setup is for a new installation. The platform admin adds zones at /admin/zones."
                )
            )
        }
        var v = Validation()
        input.zone.check(into: &v)
        let platform = input.platformAdmin.trimmingCharacters(in: .whitespaces)
        let admin = input.zoneAdmin.trimmingCharacters(in: .whitespaces)
        UserService.checkUsername(platform, field: "platformAdmin", into: &v)
        UserService.checkUsername(admin, field: "zoneAdmin", into: &v)
        if !platform.isEmpty && platform == admin {
            v.add("zoneAdmin", Loc("园区管理员的用户名须与平台管理员不同", "The zone admin needs a username of its own"))
        }
        UserService.checkDisplayName(input.platformAdminName.trimmingCharacters(in: .whitespaces), field: "platformAdminName", into: &v)
        UserService.checkDisplayName(input.zoneAdminName.trimmingCharacters(in: .whitespaces), field: "zoneAdminName", into: &v)
        if let p = AuthService.passwordProblem(input.platformPassword, username: platform) { v.add("platformPassword", p) }
        if let p = AuthService.passwordProblem(input.zoneAdminPassword, username: admin) { v.add("zoneAdminPassword", p) }
        try v.check()
        let platformHash = try hash(input.platformPassword)
        let adminHash = try hash(input.zoneAdminPassword)
        return try await Writes.perform(app, actor: .commandLine) { db, trail in
            let zone = try await ZoneService.insert(input.zone, db: db, trail: trail)
            _ = try await UserService.insert(
                username: platform,
                displayName: input.platformAdminName.trimmingCharacters(in: .whitespaces),
                role: .platformAdmin,
                zoneID: nil,
                unitID: nil,
                passwordHash: platformHash,
                field: "platformAdmin",
                db: db,
                trail: trail
            )
            _ = try await UserService.insert(
                username: admin,
                displayName: input.zoneAdminName.trimmingCharacters(in: .whitespaces),
                role: .zoneAdmin,
                zoneID: zone.id,
                unitID: nil,
                passwordHash: adminHash,
                field: "zoneAdmin",
                db: db,
                trail: trail
            )
            trail.record(
                "setup",
                "zone",
                id: zone.id!.uuidString,
                zone: zone.id,
                note: "first run: platform admin \(platform), zone admin \(admin)"
            )
            return zone
        }
    }
}

/// Whether the command runs on a terminal that can answer questions. Tests replace it (as `passwordInput`).
nonisolated(unsafe) var standardInputIsTerminal: () -> Bool = { isatty(STDIN_FILENO) == 1 }

/// `yuanqu setup`: asks on a terminal for what is not given as a flag; for scripts, every answer as a flag and the
/// two passwords on standard input (the zone admin's on the first line, the platform admin's on the second), never on
/// the command line.
struct SetupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "zone-code", help: "The zone's code: lower-case letters, digits, dashes (e.g. pukou)")
        var zoneCode: String?
        @Option(name: "zone-name", help: "The zone's name (e.g. 浦口经济开发区)")
        var zoneName: String?
        @Option(name: "zone-name-en", help: "The zone's English name")
        var zoneNameEn: String?
        @Option(name: "committee-name", help: "The committee's name (default 党工委、管委会)")
        var committeeName: String?
        @Option(name: "committee-cap", help: "The committee's headcount cap (编制)")
        var committeeCap: String?
        @Option(name: "company-name", help: "The development company's name (default: the zone's + 开发有限公司)")
        var companyName: String?
        @Option(name: "company-name-en", help: "The company's English name (default: the zone's + Development Co.)")
        var companyNameEn: String?
        @Option(name: "company-cap", help: "The company's headcount cap")
        var companyCap: String?
        @Option(name: "platform-admin", help: "The platform admin's username (creates zones and their admins)")
        var platformAdmin: String?
        @Option(name: "platform-admin-name", help: "The platform admin's display name (default 平台管理员)")
        var platformAdminName: String?
        @Option(name: "admin", help: "The zone admin's username")
        var admin: String?
        @Option(name: "admin-name", help: "The zone admin's display name (default 园区管理员)")
        var adminName: String?
        @Flag(name: "no-interaction", help: "Ask nothing: every answer from the flags, the passwords from standard input")
        var noInteraction: Bool
    }

    var help: String {
        "Sets up a new installation: the platform admin, the first zone with its two bodies, and its zone admin. Asks on a terminal; for scripts give every answer as a flag and the zone admin's and the platform admin's passwords on the first two lines of standard input."
    }

    /// The flag that gives each answer, by the field `SetupService` names in its errors.
    static let flags: [String: String] = [
        "code": "--zone-code", "name": "--zone-name", "nameEn": "--zone-name-en", "committeeName": "--committee-name",
        "committeeCap": "--committee-cap", "companyName": "--company-name", "companyCap": "--company-cap",
        "platformAdmin": "--platform-admin", "platformAdminName": "--platform-admin-name", "zoneAdmin": "--admin",
        "zoneAdminName": "--admin-name", "platformPassword": "the platform admin's password",
        "zoneAdminPassword": "the zone admin's password",
    ]

    func run(using context: CommandContext, signature s: Signature) async throws {
        let app = context.application
        let console = context.console
        try await app.autoMigrate()
        if let code = try await Zone.query(on: app.db).first()?.code {
            throw CommandFailure(
                message:
                    "This database already has zones (e.g. \(code)): setup is for a new installation. The platform admin adds zones at /admin/zones."
            )
        }
        let interactive = standardInputIsTerminal() && !s.noInteraction
        var missing: [String] = []
        if interactive {
            console.print("园区 Yuanqu — setting up a new installation. Press Enter to take the value in [brackets].\n")
        }
        /// A flag's value; else, on a terminal, the answer to a question; else the default, or nothing (missing).
        func answer(_ flag: String, _ given: String?, _ question: String, default value: String? = nil) -> String {
            if let given { return given }
            if interactive {
                let typed = console.ask("\(question)\(value.map { " [\($0)]" } ?? "")")
                    .trimmingCharacters(in: .whitespaces)
                return typed.isEmpty ? (value ?? "") : typed
            }
            if let value { return value }
            missing.append(flag)
            return ""
        }
        let code = answer("--zone-code", s.zoneCode, "开发区代码 Zone code (e.g. pukou)")
        let name = answer("--zone-name", s.zoneName, "开发区名称 Zone name")
        let nameEn = answer("--zone-name-en", s.zoneNameEn, "英文名称 English name")
        let committeeName = answer("--committee-name", s.committeeName, "管委会名称 Committee's name", default: "党工委、管委会")
        let committeeCap = answer("--committee-cap", s.committeeCap, "管委会编制上限 Committee's headcount cap")
        let companyName = answer("--company-name", s.companyName, "开发公司名称 Company's name", default: name.isEmpty ? nil : name + "开发有限公司")
        let companyNameEn = answer(
            "--company-name-en",
            s.companyNameEn,
            "开发公司英文名称 Company's English name",
            default: nameEn.isEmpty ? nil : nameEn + " Development Co."
        )
        let companyCap = answer("--company-cap", s.companyCap, "开发公司编制上限 Company's headcount cap")
        let platformAdmin = answer(
            "--platform-admin",
            s.platformAdmin,
            "平台管理员用户名 Platform admin's username",
            default: interactive ? "platform" : nil
        )
        let platformAdminName = answer("--platform-admin-name", s.platformAdminName, "平台管理员姓名 Display name", default: "平台管理员")
        let admin = answer("--admin", s.admin, "园区管理员用户名 Zone admin's username", default: interactive ? "admin" : nil)
        let adminName = answer("--admin-name", s.adminName, "园区管理员姓名 Display name", default: "园区管理员")
        if !missing.isEmpty {
            throw CommandFailure(
                message:
                    "Not on a terminal, so every answer is a flag; missing: \(missing.joined(separator: ", ")). The zone admin's and the platform admin's passwords go on the first two lines of standard input."
            )
        }
        let zoneAdminPassword: String
        let platformPassword: String
        if interactive {
            zoneAdminPassword = try Self.newPassword(console, username: admin, for: "园区管理员 \(admin)")
            platformPassword = try Self.newPassword(console, username: platformAdmin, for: "平台管理员 \(platformAdmin)")
        } else {
            guard let first = passwordInput(), !first.isEmpty, let second = passwordInput(), !second.isEmpty else {
                throw CommandFailure(
                    message:
                        "Give the zone admin's password on the first line of standard input and the platform admin's on the second, e.g.  printf '%s\\n' \"$ADMIN_PASSWORD\" \"$PLATFORM_PASSWORD\" | yuanqu setup …"
                )
            }
            zoneAdminPassword = first
            platformPassword = second
        }
        let input = SetupInput(
            zone: NewZone(
                code: code,
                name: name,
                nameEn: nameEn,
                committeeCap: Int(committeeCap.trimmingCharacters(in: .whitespaces)),
                companyCap: Int(companyCap.trimmingCharacters(in: .whitespaces)),
                committeeName: committeeName,
                companyName: companyName,
                companyNameEn: companyNameEn
            ),
            platformAdmin: platformAdmin,
            platformAdminName: platformAdminName,
            platformPassword: platformPassword,
            zoneAdmin: admin,
            zoneAdminName: adminName,
            zoneAdminPassword: zoneAdminPassword
        )
        let zone: Zone
        do {
            zone = try await SetupService.run(app, input) { try app.password.hash($0) }
        } catch let e as AppError {
            let lines = e.fieldList.map { "  - \(Self.flags[$0.field] ?? $0.field): \($0.message.en) / \($0.message.zh)" }
            throw CommandFailure(
                message: lines.isEmpty
                    ? describe(e) : "Nothing was created; correct these and run setup again:\n" + lines.joined(separator: "\n")
            )
        }
        console.print(
            """
            Set up \(zone.name) (\(zone.code)) with its two bodies; the platform admin \(platformAdmin.trimmingCharacters(in: .whitespaces)) \
            and the zone admin \(admin.trimmingCharacters(in: .whitespaces)) can sign in.
            Next: start the server (yuanqu serve --env production), sign in as \(admin.trimmingCharacters(in: .whitespaces)), import the \
            organisation at /organisation/import, then take the first checkpoint and backup (see the README's “Going live”).
            """
        )
    }

    /// A new password typed twice without echo, asked again (up to three times) when the two differ or it is refused.
    static func newPassword(_ console: any Console, username: String, for who: String) throws -> String {
        for _ in 0..<3 {
            console.print("\(who) 的密码 password (12+ characters): ", newLine: false)
            let first = console.input(isSecure: true)
            console.print("再输入一次 Again: ", newLine: false)
            let second = console.input(isSecure: true)
            if first != second {
                console.print("两次输入不一致 The two differ: try again.")
            } else if let problem = AuthService.passwordProblem(first, username: username) {
                console.print("\(problem.zh) / \(problem.en)")
            } else {
                return first
            }
        }
        throw CommandFailure(message: "No password was set for \(who): nothing was created.")
    }
}
