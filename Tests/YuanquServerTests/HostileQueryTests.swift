import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// SQL metacharacters in every filter and sort of every list, API and page: no server error, no more rows than the
/// zone's own list, `q` taken literally (`%` and `_` are not wildcards), and the tables intact afterwards.
final class HostileQueryTests: XCTestCase {
    static let values = ["' OR 1=1 --", "name; DROP TABLE x", "%", "_", "\\", String(repeating: "x", count: 10_000)]
    static let common = ["sort", "dir", "q", "limit", "offset"]

    static func encoded(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// The rows of every table the tests count, by table.
    static func counts(_ sql: SQLDatabase) async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for table in ["people", "org_units", "posts", "enterprises", "campaigns", "construction_projects", "audit_events", "users"] {
            out[table] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
        }
        return out
    }

    func testEveryListTakesSQLMetacharactersInEveryFilterAndSort() async throws {
        try await eachEngine(assessment: true, engineering: true) { app, engine in
            let started = Date()
            let sql = try XCTUnwrap(app.db as? SQLDatabase)
            let pukou = try await demoZoneID(app)
            var clients: [String: APIClient] = [:]
            var browsers: [String: Browser] = [:]
            for name in HostileAPITests.callers {
                clients[name] = try await APIClient.login(app, name)
                browsers[name] = try await RouteMatrixTests.browser(app, name)
            }
            let before = try await Self.counts(sql)
            func caller(_ p: Permission) -> String? {
                HostileAPITests.callers.first { name in Demo.users.first { $0.username == name }!.role.can(p) }
            }
            func realPath(_ components: [PathComponent]) async throws -> String? {
                try await RouteMatrixTests.realPath(components, zone: pukou, on: sql)
            }
            let firstCycle = try await AssessmentCycle.query(on: app.db).filter(\.$zoneID == pukou).first()
            let cycle = try XCTUnwrap(firstCycle?.id)

            var failures: [String] = []
            var sent = 0
            var apiRoutes = 0
            var pageRoutes = 0
            let documented = app.apiRegistry.entries.filter { $0.method == .GET && $0.permission != .public }
            let names = Set(documented.flatMap { $0.doc.query.map(\.name) } + Self.common).sorted()
            for e in documented {
                guard let who = caller(e.permission), let client = clients[who], var path = try await realPath(e.path) else { continue }
                let key = "GET \(e.path.map(\.description).joined(separator: "/"))"
                if let q = RouteMatrixTests.requiredQuery[key] { path += "?\(q)=\(cycle)" }
                apiRoutes += 1
                let baseline = try await client.call(.GET, path)
                // `q` gets every value; each other parameter three of them in turn (every value on every route).
                for (n, name) in Set(e.doc.query.map(\.name) + Self.common).sorted().enumerated() where name != "zone" {
                    let values = name == "q" ? Self.values : (0..<3).map { Self.values[(n * 3 + $0) % Self.values.count] }
                    for value in values {
                        let url = RouteMatrixTests.adding("\(name)=\(Self.encoded(value))", to: path)
                        let r = try await client.call(.GET, url)
                        sent += 1
                        if r.status.code >= 500 { failures.append("\(url.prefix(160)) as \(who): \(r.status.code) \(r.text.prefix(200))") }
                        if r.status.code >= 400, (r.json["error"] as? [String: Any])?["code"] == nil {
                            failures.append("\(url.prefix(160)) as \(who): \(r.status.code) without the error shape")
                        }
                        if r.status == .ok, baseline.status == .ok, name == "q", baseline.total >= 0, r.total > baseline.total {
                            failures.append("\(url.prefix(160)) as \(who): \(r.total) rows, more than the list's \(baseline.total)")
                        }
                        if r.status == .ok, name == "q", e.doc.query.contains(where: { $0.name == "q" }), ["%", "_"].contains(value),
                            r.total > 0
                        {
                            failures.append("\(url.prefix(160)) as \(who): q=\(value) matched \(r.total) rows (a wildcard)")
                        }
                    }
                }
            }
            // Every page without path parameters (lists, exports, dashboards), every filter name the API knows at once.
            let pages = app.routes.all.filter { r in
                r.method == .GET && r.path.first?.description != "api" && (r.permission ?? .public) != .public
                    && !r.path.contains { if case .parameter = $0 { true } else { false } }
            }
            for r in pages {
                guard let who = caller(r.permission!), let browser = browsers[who] else { continue }
                let path = "/" + r.path.map(\.description).joined(separator: "/")
                if path == "/logout" { continue }
                pageRoutes += 1
                for value in Self.values {
                    let all = names.map { "\($0)=\(Self.encoded(value))" }.joined(separator: "&")
                    let url = "\(path)?\(all)"
                    let reply = try await browser.get(url)
                    sent += 1
                    if reply.status.code >= 500 { failures.append("\(url.prefix(160)) as \(who): \(reply.status.code)") }
                }
            }
            for f in failures { print("[\(engine)] hostile query: \(f)") }
            XCTAssertEqual(failures.count, 0, "[\(engine)] \(failures.count) of \(sent) hostile queries answered badly (listed above)")
            XCTAssertGreaterThan(apiRoutes, 40)
            XCTAssertGreaterThan(pageRoutes, 50)
            let after = try await Self.counts(sql)
            XCTAssertEqual(after, before, "[\(engine)] a hostile query changed a table")
            print(
                "[\(engine)] hostile queries: \(apiRoutes) API lists, \(pageRoutes) pages, \(sent) requests, \(Int(Date().timeIntervalSince(started))) s"
            )
        }
    }
}
