import ConsoleKit
import Fluent
import FluentSQL
import NIOConcurrencyHelpers
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// A real zone going live: no demo in production, `yuanqu setup`, and the organisation from one workbook.
final class GoingLiveTests: XCTestCase {
    /// Runs a command with `lines` as its standard input, one line per read; answers the error it ended with, if any.
    func run(_ app: Application, _ args: [String], lines: [String] = [], console: (any Console)? = nil) async throws -> String? {
        let input = NIOLockedValueBox(lines[...])
        passwordInput = { input.withLockedValue { $0.popFirst() } }
        standardInputIsTerminal = { console != nil }
        defer {
            passwordInput = { readLine(strippingNewline: true) }
            standardInputIsTerminal = { isatty(STDIN_FILENO) == 1 }
        }
        var context = CommandContext(console: console ?? Terminal(), input: CommandInput(arguments: ["yuanqu"] + args))
        context.application = app
        do {
            try await app.asyncCommands.group().run(using: &context)
            return nil
        } catch { return describe(error) }
    }

    static let flags = [
        "setup", "--zone-code", "gaoxin", "--zone-name", "南京高新技术产业开发区", "--zone-name-en", "Nanjing Hi-tech Zone",
        "--committee-cap", "80", "--company-name", "南京高新区开发有限公司", "--company-cap", "60", "--platform-admin", "pt-admin",
        "--admin", "gx-admin", "--admin-name", "高新区管理员",
    ]

    /// `serve` in production: as the systemd unit of the README runs it.
    func serveInProduction(_ app: Application) async -> String? {
        app.environment = .production
        defer { app.environment = .testing }
        do {
            try await prepareForServe(app)
            return nil
        } catch { return describe(error) }
    }

    func testProductionNeverSeedsAndNamesSetupOnAnEmptyDatabase() async throws {
        try await eachEngine(seed: false) { app, _ in
            let refused = await serveInProduction(app)
            XCTAssertTrue(refused?.contains("\n    yuanqu setup\n") ?? false, refused ?? "started")
            let zones = try await Zone.query(on: app.db).count()
            let users = try await User.query(on: app.db).count()
            XCTAssertEqual(zones, 0, "production never seeds the demo")
            XCTAssertEqual(users, 0)
        }
    }

    func testSetupByFlagsThenProductionServesTheNewZoneWithNoDemoUser() async throws {
        try await eachEngine(seed: false) { app, _ in
            let missing = try await run(app, ["setup", "--zone-code", "gaoxin"], lines: ["Gaoxin-zone-2026", "Platform-pass-2026"])
            XCTAssertTrue(missing?.contains("--zone-name, --zone-name-en, --committee-cap") ?? false, missing ?? "nil")
            let noPasswords = try await run(app, Self.flags, lines: [])
            XCTAssertTrue(noPasswords?.contains("standard input") ?? false, noPasswords ?? "nil")

            let failed = try await run(app, Self.flags, lines: ["Gaoxin-zone-2026", "Platform-pass-2026"])
            XCTAssertNil(failed)
            let zone = try await Zone.query(on: app.db).all()
            XCTAssertEqual(zone.map(\.code), ["gaoxin"])
            let bodies = try await ZoneBody.query(on: app.db).sort(\.$kind).all().map { "\($0.name) \($0.headcountCap)" }
            XCTAssertEqual(Set(bodies), ["党工委、管委会 80", "南京高新区开发有限公司 60"])
            let users = try await User.query(on: app.db).sort(\.$username).all().map { "\($0.username) \($0.role)" }
            XCTAssertEqual(users, ["gx-admin zone-admin", "pt-admin platform-admin"])
            let events = try await AuditEvent.query(on: app.db).all().map { "\($0.action) \($0.entity)" }
            XCTAssertTrue(events.contains("setup zone"), "\(events)")
            let (_, broken) = try await Writes.verifyChain(on: app.db)
            XCTAssertNil(broken)

            let started = await serveInProduction(app)
            XCTAssertNil(started)
            let demoUsers = try await User.query(on: app.db).filter(\.$username == "admin").count()
            XCTAssertEqual(demoUsers, 0, "production start seeds nothing")
            let admin = try await APIClient.login(app, "gx-admin", password: "Gaoxin-zone-2026")
            let units = try await admin.call(.GET, "/api/v1/units")
            XCTAssertEqual(units.status, .ok)
            XCTAssertEqual(units.total, 0)
            _ = try await APIClient.login(app, "pt-admin", password: "Platform-pass-2026")

            let again = try await run(
                app,
                Self.flags.map { $0 == "gaoxin" ? "other" : $0 },
                lines: ["Gaoxin-zone-2026", "Platform-pass-2026"]
            )
            XCTAssertTrue(again?.contains("already has zones") ?? false, again ?? "nil")
        }
    }

    func testSetupNamesEveryWrongAnswerAtOnceAndWritesNothing() async throws {
        try await eachEngine(seed: false) { app, _ in
            var bad = Self.flags
            bad[bad.firstIndex(of: "gaoxin")!] = "Gao Xin"
            bad[bad.firstIndex(of: "80")!] = "eighty"
            bad[bad.firstIndex(of: "gx-admin")!] = "pt-admin"
            let refused = try await run(app, bad, lines: ["short", Demo.password]) ?? ""
            for flag in ["--zone-code", "--committee-cap", "--admin", "the zone admin's password", "the platform admin's password"] {
                XCTAssertTrue(refused.contains("  - \(flag): "), "\(flag) in \(refused)")
            }
            XCTAssertTrue(refused.contains("published demo password"), refused)
            let zones = try await Zone.query(on: app.db).count()
            let users = try await User.query(on: app.db).count()
            let events = try await AuditEvent.query(on: app.db).count()
            XCTAssertEqual([zones, users, events], [0, 0, 0], "nothing written")
        }
    }

    func testSetupAsksOnATerminalWithPasswordsTypedTwiceWithoutEcho() async throws {
        try await eachEngine(seed: false) { app, _ in
            let console = ScriptedConsole(answers: [
                "yangzhou", "扬州经济技术开发区", "Yangzhou ETDZ", "", "70", "", "", "65", "", "", "yz-admin", "",
                "Yangzhou-zone-2026", "Yangzhou-zone-2027", "Yangzhou-zone-2026", "Yangzhou-zone-2026", "Second-admin-2026",
                "Second-admin-2026",
            ])
            let failed = try await run(app, ["setup"], console: console)
            XCTAssertNil(failed)
            XCTAssertTrue(console.said.contains("两次输入不一致"), "a mistyped second password is asked again")
            XCTAssertEqual(console.secretReads, 6)
            let bodies = try await ZoneBody.query(on: app.db).all().map { "\($0.name) \($0.headcountCap)" }
            XCTAssertEqual(Set(bodies), ["党工委、管委会 70", "扬州经济技术开发区开发有限公司 65"])
            _ = try await APIClient.login(app, "yz-admin", password: "Yangzhou-zone-2026")
            _ = try await APIClient.login(app, "platform", password: "Second-admin-2026")
            XCTAssertFalse(console.said.contains("Yangzhou-zone-2026"), "no password is ever echoed")
        }
    }

    func testProductionRefusesTheDemoPasswordUntilEveryAccountHasItsOwn() async throws {
        try await eachEngine { app, _ in
            let refused = await serveInProduction(app) ?? ""
            XCTAssertTrue(refused.contains("published demo password"), refused)
            XCTAssertTrue(refused.contains("  - admin (zone-admin, pukou)"), refused)
            XCTAssertTrue(refused.contains("  - platform (platform-admin)"), refused)
            XCTAssertFalse(refused.contains(Demo.password), "the password itself is not printed")

            let reuse = try await run(app, ["user", "reset-password", "hr"], lines: ["yuanqu2020"])
            XCTAssertTrue(reuse?.contains("published demo password") ?? false, reuse ?? "nil")
            for (i, user) in Demo.users.enumerated() where user.username != "hr" {
                let failed = try await run(app, ["user", "reset-password", user.username], lines: ["Own-password-\(i)"])
                XCTAssertNil(failed)
            }
            let onlyHR = await serveInProduction(app) ?? ""
            XCTAssertTrue(onlyHR.contains("  - hr (hr, pukou)"), onlyHR)
            XCTAssertFalse(onlyHR.contains("  - admin "), onlyHR)
            _ = try await run(app, ["user", "reset-password", "hr"], lines: ["Own-password-hr"])
            let started = await serveInProduction(app)
            XCTAssertNil(started)
        }
    }

    /// The organisation workbook: three sheets with headers and rows.
    static func workbook(units: [[String]], posts: [[String]], people: [[String]]) throws -> Data {
        let sheets = zip(OrgWorkbookImport.sheets, [units, posts, people]).map { sheet, rows in
            Workbook.Sheet(name: sheet.name.zh, header: sheet.spec.columns.map(\.label.zh), rows: rows)
        }
        return try XLSXExports.zip(Workbook.parts(sheets))
    }

    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    func testAFreshZoneGetsItsOrgChartFromOneWorkbookAndABadOneWritesNothing() async throws {
        try await eachEngine(seed: false) { app, _ in
            let failed = try await run(app, Self.flags, lines: ["Gaoxin-zone-2026", "Platform-pass-2026"])
            XCTAssertNil(failed)
            let admin = try await RouteMatrixTests.browser(app, "gx-admin", password: "Gaoxin-zone-2026")
            let form = try await admin.get("/organisation/import")
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(form.text.contains("/organisation/import?template=xlsx"))
            let template = try await admin.get("/organisation/import?template=xlsx")
            XCTAssertEqual(template.headers.contentType?.subType, "vnd.openxmlformats-officedocument.spreadsheetml.sheet")

            // A workbook with a mistake on every sheet: an unknown parent, a post over the body's cap, a wrong resident
            // ID and a person in a post that is not there.
            let template0 = OrgWorkbookImport.template(lang: .zh)
            var units = template0[0].rows
            units.append(["管委会", "经济发展部", "部门", "不存在的单位", "是", "经济运行分析"])
            var posts = template0[1].rows
            posts.append(["管委会", "综合管理部", "综合文秘岗", "工作人员", "500", "文秘", ""])
            var people = template0[2].rows
            people[1][4] = "320111198207011230"
            people.append(["赵六", "男", "", "", template0[2].rows[0][4], "管委会", "综合管理部", "无此岗位", "", ""])
            let bad = try await admin.upload(
                "/organisation/import",
                data: try Self.workbook(units: units, posts: posts, people: people),
                filename: "组织机构.xlsx",
                contentType: Self.xlsx
            )
            XCTAssertEqual(bad.status, .unprocessableEntity)
            let rows = bad.text.components(separatedBy: "<tr>").filter { $0.contains("<td") }
            func problem(_ sheet: String, _ row: Int, _ column: String) -> Bool {
                rows.contains { $0.contains("<td>\(sheet)</td><td class=\"num\">\(row)</td><td>\(column)</td>") }
            }
            XCTAssertTrue(problem("单位", 6, "上级单位"), bad.text)
            XCTAssertTrue(problem("岗位", 7, "编制"), bad.text)
            XCTAssertTrue(problem("人员", 3, "身份证号"), bad.text)
            XCTAssertTrue(problem("人员", 7, "岗位") || problem("人员", 7, "身份证号"), bad.text)
            for table in ["org_units", "posts", "people"] {
                let n = try await (app.db as! SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(
                    column: "n",
                    as: Int.self
                )
                XCTAssertEqual(n, 0, "nothing written to \(table)")
            }

            let good = try await admin.upload(
                "/organisation/import",
                data: try XLSXExports.zip(Workbook.parts(OrgWorkbookImport.template(lang: .zh))),
                filename: "组织机构.xlsx",
                contentType: Self.xlsx
            )
            XCTAssertEqual(good.status, .ok, good.text)
            XCTAssertTrue(good.text.contains("导入成功：单位 4 条，岗位 5 条，人员 5 条。"), good.text)
            let chart = try await admin.get("/units/chart")
            for unit in ["党工委管委会领导班子", "综合管理部", "招商中心", "招商一组"] { XCTAssertTrue(chart.text.contains(unit), unit) }
            let people2 = try await admin.get("/people")
            XCTAssertTrue(people2.text.contains("陈杰"))
            let imports = try await AuditEvent.query(on: app.db).filter(\.$action == "import").count()
            XCTAssertEqual(imports, 3, "one import event a sheet")
        }
    }

    func testTheWorkbookPageIsForThoseWhoImport() async throws {
        try await eachEngine { app, _ in
            for user in ["staff", "leader", "auditor"] {
                let b = try await RouteMatrixTests.browser(app, user)
                let page = try await b.get("/organisation/import")
                XCTAssertEqual(page.status, .forbidden, user)
            }
            let hr = try await RouteMatrixTests.browser(app, "hr")
            let csv = try await hr.upload("/organisation/import", file: "名称\n综合管理部\n", filename: "units.csv")
            XCTAssertEqual(csv.status, .unprocessableEntity)
            XCTAssertTrue(csv.text.contains("须为 Excel 工作簿"))
            let empty = try await hr.upload(
                "/organisation/import",
                data: try XLSXExports.zip(Workbook.parts(sheetName: "说明", header: ["说明"], rows: [["见 README"]])),
                filename: "x.xlsx",
                contentType: Self.xlsx
            )
            XCTAssertEqual(empty.status, .unprocessableEntity)
            XCTAssertTrue(empty.text.contains("工作簿中没有可导入的工作表"))
        }
    }
}

/// A terminal that answers from a script: `ask` and secure input alike, counting the secure reads, keeping what was
/// printed.
final class ScriptedConsole: Console, @unchecked Sendable {
    var answers: ArraySlice<String>
    var said = ""
    var secretReads = 0
    var userInfo: [AnySendableHashable: any Sendable] = [:]
    var size: (width: Int, height: Int) { (80, 24) }

    init(answers: [String]) { self.answers = answers[...] }

    func input(isSecure: Bool) -> String {
        if isSecure { secretReads += 1 }
        return answers.popFirst() ?? ""
    }
    func output(_ text: ConsoleText, newLine: Bool) { said += text.description + (newLine ? "\n" : "") }
    func report(error: String, newLine: Bool) { said += error + (newLine ? "\n" : "") }
    func clear(_ type: ConsoleClear) {}
}
