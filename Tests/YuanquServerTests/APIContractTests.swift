import XCTVapor
import YuanquKit

@testable import YuanquServer

/// The API keeps its word (issue 20): what the OpenAPI document allows the server takes, what it refuses the server
/// refuses (422 naming the parameter), and a method a path does not serve answers 405 with `Allow`.
final class APIContractTests: XCTestCase {
    /// Parameters that take free text: a search, a zone's code, a code of the zone's own lists, the audit log's words.
    static let freeText: Set<String> = ["zone", "q", "industry", "action", "entity", "entityId", "actor"]

    func testEveryDocumentedQueryParameterDeclaresItsValues() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let document = OpenAPI.document(app)
            let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
            var checked = 0
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let parameters = (operation as? [String: Any])?["parameters"] as? [[String: Any]] ?? []
                    for parameter in parameters where parameter["in"] as? String == "query" {
                        let name = try XCTUnwrap(parameter["name"] as? String)
                        let schema = try XCTUnwrap(parameter["schema"] as? [String: Any])
                        checked += 1
                        if schema["type"] as? String == "string", schema["enum"] == nil, schema["format"] == nil {
                            XCTAssertTrue(Self.freeText.contains(name), "\(method) \(path): \(name) is any text")
                        }
                        if schema["type"] as? String == "integer" {
                            XCTAssertNotNil(schema["minimum"], "\(method) \(path): \(name) has no bounds")
                            XCTAssertNotNil(schema["maximum"], "\(method) \(path): \(name) has no bounds")
                        }
                    }
                }
            }
            XCTAssertGreaterThan(checked, 100)
            // The values come from the enums the server parses.
            let cases = try XCTUnwrap(paths["/api/v1/accountability-cases"]?["get"] as? [String: Any])
            let status = (cases["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "status" }
            XCTAssertEqual((status?["schema"] as? [String: Any])?["enum"] as? [String], CaseQueries.claimFilterValues)
        }
    }

    func testValuesOutsideTheDocumentAreRefusedNamingTheParameter() async throws {
        try await withApp(.sqlite) { app in
            let api = try await APIClient.login(app, "admin")
            let refusals: [(String, String)] = [
                ("/api/v1/accountability-cases?status=open", "status"),
                ("/api/v1/action-items?status=whatever", "status"),
                ("/api/v1/assessment-cycles?offset=null&offset=null", "offset"),
                ("/api/v1/service-platforms?limit=null", "limit"),
                ("/api/v1/investment-projects?stage=lead&stage=signed", "stage"),
                ("/api/v1/people?gender=x", "gender"),
                ("/api/v1/tenders?project=not-an-id", "project"),
                ("/api/v1/contracts?expiringWithinDays=9999", "expiringWithinDays"),
                ("/api/v1/service-requests?overdue=yes", "overdue"),
                ("/api/v1/ratings", "cycle"),
                ("/api/v1/enterprises?q=" + String(repeating: "x", count: QueryParam.maximumText + 1), "q"),
            ]
            for (path, field) in refusals {
                let r = try await api.call(.GET, path)
                XCTAssertEqual(r.status, .unprocessableEntity, "\(path): \(r.text)")
                XCTAssertEqual(r.errorField, field, path)
            }
            // Every wrong parameter is named at once.
            let two = try await api.call(.GET, "/api/v1/people?gender=x&body=y")
            let fields = ((two.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            XCTAssertEqual(Set(fields ?? []), ["gender", "body"])
            // What the document allows is answered.
            for path in [
                "/api/v1/accountability-cases?status=pending", "/api/v1/action-items?status=open&overdue=false",
                "/api/v1/investment-projects?stage=lead&limit=5&offset=0", "/api/v1/people?gender=female&sort=birthDate&dir=desc",
                "/api/v1/service-requests?status=inProgress&overdue=true",
            ] {
                let r = try await api.call(.GET, path)
                XCTAssertEqual(r.status, .ok, "\(path): \(r.text)")
            }
        }
    }

    func testAMethodAPathDoesNotServeAnswers405WithAllow() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let trace = try await app.testable().sendRequest(.init(rawValue: "TRACE"), "/api/v1/accountability-cases")
            XCTAssertEqual(trace.status, .methodNotAllowed)
            XCTAssertEqual(trace.headers.first(name: .allow), "GET, POST")
            let delete = try await app.testable().sendRequest(.DELETE, "/api/v1/investment-projects/\(UUID())")
            XCTAssertEqual(delete.status, .methodNotAllowed)
            XCTAssertEqual(delete.headers.first(name: .allow), "GET")
            let put = try await app.testable().sendRequest(.PUT, "/api/v1/people")
            XCTAssertEqual(put.headers.first(name: .allow), "GET, POST")
            // A path no route has is still 404.
            let none = try await app.testable().sendRequest(.GET, "/api/v1/no-such-thing")
            XCTAssertEqual(none.status, .notFound)
        }
    }

    func testEveryRequestBodyIsCheckedAsTheDocumentWritesIt() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let document = OpenAPI.document(app)
            let schemas = try XCTUnwrap((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let names = Set(app.apiRegistry.entries.compactMap(\.doc.request))
            XCTAssertGreaterThan(names.count, 70)
            // Every keyword of every request schema is one the server checks (reading fails on any other).
            for name in names { XCTAssertNoThrow(try app.apiRegistry.body(name), name) }
            // Closed where it says nothing narrower: no unnamed field, no unbounded text or integer.
            func walk(_ schema: [String: Any], _ at: String) {
                let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? []
                if schema["properties"] != nil { XCTAssertEqual(schema["additionalProperties"] as? Bool, false, at) }
                if types.contains("string"), schema["enum"] == nil, schema["format"] == nil {
                    XCTAssertNotNil(schema["maxLength"], "\(at) is text without a bound")
                }
                if types.contains("integer") {
                    XCTAssertNotNil(schema["minimum"], "\(at) has no bounds")
                    XCTAssertNotNil(schema["maximum"], "\(at) has no bounds")
                }
                for (field, property) in schema["properties"] as? [String: Any] ?? [:] {
                    walk(property as? [String: Any] ?? [:], "\(at).\(field)")
                }
                if let items = schema["items"] as? [String: Any] { walk(items, "\(at)[]") }
            }
            for name in names { walk(schemas[name] as? [String: Any] ?? [:], name) }
        }
    }

    func testABodyTheDocumentRefusesIs422AndOneTheRulesRefuseIs409() async throws {
        try await withApp(.sqlite) { app in
            let hr = try await APIClient.login(app, "hr")
            let scheme = try await hr.call(.POST, "/api/v1/assessment-schemes", ["year": CalendarDate.today().year, "name": "契约测试方案"])
            let schemeID = try XCTUnwrap(scheme.json["id"] as? String, scheme.text)
            let events = try await app.count(AuditEvent.self)
            let cycles = try await app.count(AssessmentCycle.self)
            // Every field the document refuses is named at once: a wrong type, a value outside the enum, a field the
            // request does not have, a required one missing, a malformed date.
            let wrong = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles",
                ["schemeId": schemeID, "name": 7, "kind": "weekly", "startsOn": "2026-02-30", "colour": "red"]
            )
            XCTAssertEqual(wrong.status, .unprocessableEntity, wrong.text)
            let fields = ((wrong.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            XCTAssertEqual(fields, ["colour", "kind", "name", "startsOn", "endsOn"], wrong.text)
            XCTAssertTrue(wrong.errorMessage.contains("colour"), wrong.errorMessage)
            // A body that follows the document but ends before it starts: the zone's rules refuse it, 409.
            let backwards = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles",
                ["schemeId": schemeID, "name": "倒序周期", "kind": "annual", "startsOn": "2026-12-31", "endsOn": "2026-01-01"]
            )
            XCTAssertEqual(backwards.status, .conflict, backwards.text)
            XCTAssertEqual(backwards.errorField, "endsOn")
            // A number no JavaScript client holds exactly is outside every integer's bounds.
            let huge = try await hr.call(.POST, "/api/v1/assessment-schemes", raw: #"{"year": 17374030905354178560}"#)
            XCTAssertEqual(huge.status, .unprocessableEntity, huge.text)
            XCTAssertEqual(huge.errorField, "year")
            let notJSON = try await hr.call(.POST, "/api/v1/assessment-cycles", raw: "name=x")
            XCTAssertEqual(notJSON.status, .badRequest)
            let _v1 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v1, events, "nothing refused is written")
            let _v2 = try await app.count(AssessmentCycle.self)
            XCTAssertEqual(_v2, cycles)
        }
    }
}
