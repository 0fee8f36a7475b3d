import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// Markup and formulas that made it into records are shown as text: every page (record pages, lists, charts drawn
/// as SVG) escapes them, and every CSV or Excel export leaves no cell a spreadsheet would run as a formula.
final class HostileRenderTests: XCTestCase {
    static let script = "<script>alert(1)</script>"
    static let svg = "\"><svg onload=alert(1)>"
    static let formula = "=HYPERLINK(\"http://example.invalid\",\"x\")"
    /// What a page must never carry raw.
    static let raw = ["<script>alert(1)", "<svg onload=alert(1)>"]

    func testMarkupInRecordsIsEscapedOnEveryPageAndFormulasAreNeutralisedInExports() async throws {
        try await eachEngine(assessment: true, engineering: true) { app, engine in
            let started = Date()
            let sql = try XCTUnwrap(app.db as? SQLDatabase)
            let pukou = try await demoZoneID(app)
            // The records the route matrix would open get markup for names (written before any page is cached);
            // a second record of each table gets a formula.
            let named: [(table: String, column: String, pattern: String)] = [
                ("org_units", "name", "units/:id"), ("posts", "title", "posts/:id"), ("people", "name", "people/:id"),
                ("enterprises", "name", "enterprises/:id"), ("campaigns", "title", "campaigns/:id"),
                ("construction_projects", "name", "engineering/projects/:id"), ("investment_teams", "name", "investment/teams/:id"),
                ("investment_projects", "name", "investment/projects/:id"),
            ]
            var escapedOn: [String] = []
            for (i, n) in named.enumerated() {
                let parts = RouteMatrixTests.records[n.pattern]!.components(separatedBy: "ZONE")
                let rows = try await sql.raw(SQLQueryString(parts[0]) + "\(bind: pukou)" + SQLQueryString(parts[1])).all()
                XCTAssertGreaterThan(rows.count, 1, n.table)
                let first = try rows[0].decode(column: "id", as: UUID.self)
                let second = try rows[1].decode(column: "id", as: UUID.self)
                let markup = i.isMultiple(of: 2) ? Self.script : Self.svg
                try await sql.raw("UPDATE \(ident: n.table) SET \(ident: n.column) = \(bind: markup) WHERE id = \(bind: first)").run()
                try await sql.raw("UPDATE \(ident: n.table) SET \(ident: n.column) = \(bind: Self.formula) WHERE id = \(bind: second)")
                    .run()
                // Teams have no page of their own: their list shows them.
                let page =
                    n.table == "investment_teams"
                    ? "/investment/teams" : "/" + n.pattern.replacingOccurrences(of: ":id", with: first.uuidString)
                escapedOn.append(page)
            }
            escapedOn += [
                "/units", "/posts", "/people", "/enterprises", "/campaigns", "/engineering/projects?q=alert", "/investment/leaderboard",
            ]

            var browsers: [String: Browser] = [:]
            for name in HostileAPITests.callers { browsers[name] = try await RouteMatrixTests.browser(app, name) }
            func caller(_ p: Permission) -> String? {
                HostileAPITests.callers.first { name in Demo.users.first { $0.username == name }!.role.can(p) }
            }

            var failures: [String] = []
            var pages = 0
            var exports = 0
            var shownEscaped: Set<String> = []
            for r in app.routes.all where r.method == .GET && r.path.first?.description != "api" {
                let permission = r.permission ?? .public
                guard permission != .public, let who = caller(permission), let browser = browsers[who] else { continue }
                guard let path = try await RouteMatrixTests.realPath(r.path, zone: pukou, on: sql) else { continue }
                if path == "/logout" { continue }
                let reply = try await browser.get(path)
                if reply.status.code >= 500 { failures.append("GET \(path) as \(who): \(reply.status.code)") }
                let type = reply.headers.contentType
                if path.hasSuffix(".csv"), reply.status == .ok {
                    exports += 1
                    // No cell begins with a formula character unless neutralised (a quote before it).
                    for (line, fields) in (try? CSV.parse(reply.text)) ?? [] {
                        for cell in fields
                        where cell.first.map({ "=+@".contains($0) }) == true || (cell.hasPrefix("-") && Double(cell) == nil) {
                            failures.append("GET \(path) line \(line): a formula cell \(cell.prefix(60))")
                        }
                    }
                } else if path.hasSuffix(".xlsx"), reply.status == .ok {
                    exports += 1
                } else if type == .html || reply.text.hasPrefix("<!DOCTYPE") {
                    pages += 1
                    for bad in Self.raw where reply.text.contains(bad) {
                        failures.append("GET \(path) as \(who): carries \(bad) raw")
                    }
                    if reply.text.contains("&lt;script&gt;alert(1)") || reply.text.contains("&lt;svg onload=alert(1)&gt;") {
                        shownEscaped.insert(path)
                    }
                }
            }
            for path in escapedOn where !shownEscaped.contains(path) {
                // A page the route loop did not open (another record first): open it now.
                let reply = try await browsers["admin"]!.get(path)
                if !(reply.text.contains("&lt;script&gt;alert(1)") || reply.text.contains("&lt;svg onload=alert(1)&gt;")) {
                    failures.append("GET \(path): does not show the markup escaped (\(reply.status.code))")
                }
                for bad in Self.raw where reply.text.contains(bad) { failures.append("GET \(path): carries \(bad) raw") }
            }
            // The Excel twin of an export holds the formula as the text it is.
            var h = HTTPHeaders()
            h.replaceOrAdd(name: .cookie, value: browsers["admin"]!.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let workbook = try await app.testable().sendRequest(.GET, "/enterprises/export.xlsx", headers: h)
            XCTAssertEqual(workbook.status, .ok)
            let cells = try XLSXImport.rows(Data(buffer: workbook.body), lang: .zh).flatMap(\.fields)
            XCTAssertTrue(cells.contains(Self.formula), "[\(engine)] the workbook does not hold the formula as text")
            XCTAssertTrue(cells.contains(Self.svg), "[\(engine)] the workbook does not hold the markup as text")
            for f in failures { print("[\(engine)] hostile render: \(f)") }
            XCTAssertEqual(failures.count, 0, "[\(engine)] \(failures.count) pages or exports answered badly (listed above)")
            XCTAssertGreaterThan(pages, 60)
            XCTAssertGreaterThan(exports, 10)
            print(
                "[\(engine)] hostile render: \(pages) pages, \(exports) exports, markup escaped on \(shownEscaped.count), "
                    + "\(Int(Date().timeIntervalSince(started))) s"
            )
        }
    }

    /// An Excel export writes text as inline strings: a formula in a name is a text cell, never a formula cell.
    func testWorkbookCellsAreNeverFormulas() throws {
        let parts = Workbook.parts([Workbook.Sheet(name: "x", header: ["名称"], rows: [[Self.formula], ["@SUM(A1)"], ["+1+1"]])])
        let sheet = try XCTUnwrap(parts.first { $0.path.contains("worksheets") }?.xml)
        XCTAssertFalse(sheet.contains("<f>") || sheet.contains("<f "), "a formula cell")
        XCTAssertTrue(sheet.contains("=HYPERLINK(&quot;http://example.invalid&quot;,&quot;x&quot;)") || sheet.contains("=HYPERLINK("))
        XCTAssertEqual(CSV.escape("=1+1"), "'=1+1")
        XCTAssertEqual(CSV.escape("@SUM(A1)"), "'@SUM(A1)")
        XCTAssertEqual(CSV.escape("+1+1"), "'+1+1")
        XCTAssertEqual(CSV.escape("-1+1"), "'-1+1")
        XCTAssertEqual(CSV.escape("\t=1"), "'\t=1")
        XCTAssertEqual(CSV.escape("-12.5"), "-12.5")
    }
}
