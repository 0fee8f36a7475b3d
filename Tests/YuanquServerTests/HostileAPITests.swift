import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// Hostile input to the API, found from the OpenAPI document: every write route with a request body gets each of
/// its string properties in turn as markup, SQL, 100,000 characters and a NUL; its numbers at and past their bounds;
/// impossible dates; duplicated keys; invalid UTF-8. Every list gets SQL metacharacters in each filter and sort. No
/// answer is a server error, every refusal is the JSON error shape, and what must name a field names it.
final class HostileAPITests: XCTestCase {
    static let markup = ["<script>alert(1)</script>", "\"><svg onload=alert(1)>", "'; DROP TABLE people; --"]
    static let overlong = String(repeating: "长", count: 100_000)
    static let withNUL = "a\u{0000}b"
    static let badDates = ["0000-00-00", "9999-12-31", "2026-02-30"]
    static let badNumbers: [Double] = [-1, 0, 9_007_199_254_740_992, 1e308, -1e308]
    /// The demo users, by role, that the tests call as (the first one whose role has a route's permission).
    static let callers = ["admin", "hr", "engineer", "cost", "leader", "head", "staff", "auditor"]

    /// Sends raw bytes as a JSON body.
    static func send(_ client: APIClient, _ method: HTTPMethod, _ path: String, bytes: [UInt8]) async throws -> Reply {
        var h = HTTPHeaders()
        if let t = client.token { h.bearerAuthorization = BearerAuthorization(token: t) }
        h.contentType = .json
        let res = try await client.app.testable().sendRequest(method, path, headers: h, body: ByteBuffer(bytes: bytes))
        return Reply(
            status: res.status,
            headers: res.headers,
            text: res.body.getString(at: res.body.readerIndex, length: res.body.readableBytes) ?? ""
        )
    }

    /// The OpenAPI document's schema, with `$ref` resolved.
    static func resolve(_ schema: [String: Any], _ schemas: [String: Any]) -> [String: Any] {
        if let ref = schema["$ref"] as? String, let s = schemas[String(ref.split(separator: "/").last!)] as? [String: Any] {
            return resolve(s, schemas)
        }
        return schema
    }

    static func type(_ schema: [String: Any]) -> String {
        if let t = schema["type"] as? String { return t }
        return (schema["type"] as? [String])?.first { $0 != "null" } ?? "object"
    }

    /// A plausible value for a schema.
    static func sample(_ schema: [String: Any], _ schemas: [String: Any]) -> Any {
        let s = resolve(schema, schemas)
        if let e = (s["enum"] as? [Any])?.first { return e }
        switch type(s) {
        case "string":
            switch s["format"] as? String {
            case "date": return "2026-03-02"
            case "uuid": return UUID().uuidString
            default: return "测试"
            }
        case "integer": return 1
        case "number": return 1
        case "boolean": return false
        case "array": return [sample(s["items"] as? [String: Any] ?? [:], schemas)]
        default:
            let props = s["properties"] as? [String: Any] ?? [:]
            return props.mapValues { sample($0 as? [String: Any] ?? [:], schemas) }
        }
    }

    func testEveryAPIWriteAnswersHostileBodiesWithoutAServerError() async throws {
        try await eachEngine(assessment: true, engineering: true) { app, engine in
            let started = Date()
            let sql = try XCTUnwrap(app.db as? SQLDatabase)
            let pukou = try await demoZoneID(app)
            var clients: [String: APIClient] = [:]
            for name in Self.callers { clients[name] = try await APIClient.login(app, name) }
            let anonymous = APIClient(app: app, token: nil)
            let doc = try await anonymous.call(.GET, "/api/openapi.json").json
            let paths = try XCTUnwrap(doc["paths"] as? [String: [String: Any]])
            let schemas = try XCTUnwrap((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let peopleBefore = try await app.count(Person.self)

            var failures: [String] = []
            var routes = 0
            var sent = 0
            for (template, operations) in paths.sorted(by: { $0.key < $1.key }) {
                for (method, raw) in operations.sorted(by: { $0.key < $1.key }) where ["post", "put", "patch"].contains(method) {
                    guard let op = raw as? [String: Any],
                        let body = ((op["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                            as? [String: Any],
                        let permission = (op["x-permission"] as? String).flatMap(Permission.init(rawValue:)),
                        template != "/api/v1/sessions"
                    else { continue }
                    guard
                        let caller = Self.callers.first(where: { name in Demo.users.first { $0.username == name }!.role.can(permission) })
                    else { continue }
                    let client = clients[caller]!
                    // The path with real records of pukou where the route matrix knows them, else random ids.
                    let components = template.split(separator: "/").map { part -> PathComponent in
                        part.hasPrefix("{") ? .parameter(String(part.dropFirst().dropLast())) : .constant(String(part))
                    }
                    var values: [String] = []
                    if let pattern = RouteMatrixTests.pattern(components) {
                        values = try await RouteMatrixTests.record(pattern, zone: pukou, on: sql) ?? []
                    }
                    if values.isEmpty { values = components.compactMap { if case .parameter = $0 { UUID().uuidString } else { nil } } }
                    let path = RouteMatrixTests.fill(components, values)
                    let verb = HTTPMethod(rawValue: method.uppercased())
                    let schema = Self.resolve(body["schema"] as? [String: Any] ?? [:], schemas)
                    guard let base = Self.sample(schema, schemas) as? [String: Any] else { continue }
                    let properties = schema["properties"] as? [String: Any] ?? [:]
                    routes += 1

                    func check(_ what: String, _ reply: Reply, field: String? = nil) {
                        sent += 1
                        let at = "\(verb) \(path) as \(caller) with \(what)"
                        if reply.status.code >= 500 { failures.append("\(at): \(reply.status.code) \(reply.text.prefix(200))") }
                        if reply.status.code >= 400 {
                            let error = reply.json["error"] as? [String: Any]
                            if error?["code"] == nil || error?["message"] == nil || error?["fields"] == nil {
                                failures.append("\(at): \(reply.status.code) without the error shape: \(reply.text.prefix(200))")
                            }
                        }
                        if let field {
                            if reply.status.code < 400 || reply.status.code >= 500 || reply.errorField != field {
                                failures.append(
                                    "\(at): expected a refusal naming \(field), got \(reply.status.code) \(reply.errorField ?? "-") \(reply.text.prefix(200))"
                                )
                            }
                        }
                    }

                    for (name, raw) in properties.sorted(by: { $0.key < $1.key }) {
                        let p = Self.resolve(raw as? [String: Any] ?? [:], schemas)
                        var cases: [(String, Any, String?)] = []
                        switch (Self.type(p), p["format"] as? String, p["enum"] != nil) {
                        case ("string", "date", _):
                            cases = Self.badDates.map { ("date \($0) in \(name)", $0, nil) }
                        case ("string", "uuid", _), ("string", _, true):
                            cases = [("markup in \(name)", Self.markup[0], nil)]
                        case ("string", _, false):
                            cases = Self.markup.map { ("\($0) in \(name)", $0, nil) }
                            cases.append(("100,000 characters in \(name)", Self.overlong, name))
                            cases.append(("a NUL in \(name)", Self.withNUL, name))
                        case ("integer", _, _):
                            cases = (Self.badNumbers.map { $0 as Any } + [1.5]).map { ("\($0) in \(name)", $0, nil) }
                        case ("number", _, _):
                            cases = Self.badNumbers.map { ("\($0) in \(name)", $0, nil) }
                        case ("array", _, _):
                            cases = [
                                ("strings of markup in \(name)", Self.markup, nil), ("100,000 characters in \(name)", [Self.overlong], nil),
                            ]
                        default: continue
                        }
                        for (what, value, field) in cases {
                            var b = base
                            b[name] = value
                            check(what, try await client.call(verb, path, b), field: field)
                        }
                    }
                    // Duplicated keys, and invalid UTF-8, in raw bodies.
                    let first = properties.keys.sorted().first ?? "name"
                    var rest = base
                    rest[first] = nil
                    let tail = String(decoding: try JSONSerialization.data(withJSONObject: rest, options: [.sortedKeys]), as: UTF8.self)
                    let open = rest.isEmpty ? "{" : "{" + tail.dropFirst().dropLast() + ","
                    check("duplicated keys", try await client.call(verb, path, raw: open + "\"\(first)\":\"a\",\"\(first)\":\"b\"}"))
                    check(
                        "invalid UTF-8",
                        try await Self.send(
                            client,
                            verb,
                            path,
                            bytes: Array("{\"\(first)\":\"".utf8) + [0xFF, 0xFE, 0xC0, 0x80] + Array("\"}".utf8)
                        )
                    )
                }
            }
            // Every form (page POST route, imports aside): every field name the API knows at once, holding a NUL, then
            // 12,000 characters in the common text fields (refused with 422 before the handler), then markup (anything but a server error).
            let fieldNames = Set(
                schemas.values.compactMap { ($0 as? [String: Any])?["properties"] as? [String: Any] }.flatMap(\.keys)
                    + ["note", "text", "reason", "title", "name"]
            ).sorted()
            var browsers: [String: Browser] = [:]
            for name in Self.callers { browsers[name] = try await RouteMatrixTests.browser(app, name) }
            var forms = 0
            for r in app.routes.all where r.method == .POST && r.path.first?.description != "api" {
                let template = "/" + r.path.map(\.description).joined(separator: "/")
                guard let permission = r.permission, permission != .public, !template.contains("/import"), template != "/logout",
                    let caller = Self.callers.first(where: { name in Demo.users.first { $0.username == name }!.role.can(permission) }),
                    let browser = browsers[caller]
                else { continue }
                guard let path = try await RouteMatrixTests.realPath(r.path, zone: pukou, on: sql) else { continue }
                forms += 1
                for (what, value) in [
                    ("a NUL", Self.withNUL), ("12,000 characters", String(repeating: "x", count: 12_000)), ("markup", Self.markup[1]),
                ] {
                    // The long text in the common text fields only: a form body of every field would take seconds to parse.
                    let names = value.count > 100 ? ["name", "title", "note", "text", "reason", "description"] : fieldNames
                    let reply = try await browser.post(path, Dictionary(uniqueKeysWithValues: names.map { ($0, value) }))
                    sent += 1
                    if reply.status.code >= 500 { failures.append("form POST \(path) as \(caller) with \(what): \(reply.status.code)") }
                    if what != "markup" && reply.status != .unprocessableEntity {
                        failures.append("form POST \(path) as \(caller) with \(what): \(reply.status.code), expected 422")
                    }
                }
            }
            XCTAssertGreaterThan(forms, 80)
            for f in failures { print("[\(engine)] hostile: \(f)") }
            XCTAssertEqual(failures.count, 0, "[\(engine)] \(failures.count) of \(sent) hostile requests answered badly (listed above)")
            XCTAssertGreaterThan(routes, 50)
            // The tables are intact.
            let peopleAfter = try await app.count(Person.self)
            XCTAssertGreaterThanOrEqual(peopleAfter, peopleBefore)
            print(
                "[\(engine)] hostile API writes: \(routes) routes, \(forms) forms, \(sent) requests, \(Int(Date().timeIntervalSince(started))) s"
            )
        }
    }
}

/// The demo zone's (pukou's) id.
func demoZoneID(_ app: Application) async throws -> UUID {
    let zone = try await Zone.query(on: app.db).filter(\.$code == "pukou").first()
    return try XCTUnwrap(zone?.id)
}
