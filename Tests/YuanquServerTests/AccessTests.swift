import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class AccessTests: XCTestCase {
    func testEveryRouteDeclaresAPermission() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let missing = app.routes.all.filter { $0.permission == nil }.map { "\($0.method) \($0.path.string)" }
            XCTAssertEqual(missing, [])
            XCTAssertGreaterThan(app.routes.all.count, 40)
        }
    }

    func testOpenAPIDocumentsEveryAPIRoute() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let r = try await Browser(app).get("/api/openapi.json")
            XCTAssertEqual(r.status, .ok)
            let paths = r.json["paths"] as? [String: [String: Any]] ?? [:]
            let apiRoutes = app.routes.all.filter { $0.path.first?.description == "api" && $0.path.dropFirst().first?.description == "v1" }
            XCTAssertGreaterThan(apiRoutes.count, 15)
            for route in apiRoutes {
                let template = OpenAPI.templatePath(route.path)
                XCTAssertNotNil(paths[template]?[route.method.rawValue.lowercased()], "undocumented: \(route.method) \(template)")
            }
            // Every schema a route names is defined.
            let schemas = ((r.json["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
            for ref in Set(r.text.components(separatedBy: "#/components/schemas/").dropFirst().map { String($0.prefix { $0 != "\"" }) }) {
                XCTAssertNotNil(schemas[ref], "undefined schema \(ref)")
            }
            for required in [
                "/api/v1/sessions", "/api/v1/zones", "/api/v1/units", "/api/v1/units/{id}", "/api/v1/posts/{id}", "/api/v1/people/{id}",
                "/api/v1/audit/events",
            ] {
                XCTAssertNotNil(paths[required], required)
            }
        }
    }

    /// The document's links lead from an answer carrying a record to the routes on that record (what the fuzzer's
    /// stateful phase follows); each names an operation that exists and only path parameters it has.
    func testOpenAPILinksLeadFromARecordToItsRoutes() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let r = try await Browser(app).get("/api/openapi.json")
            let paths = r.json["paths"] as? [String: [String: [String: Any]]] ?? [:]
            var operations: [String: String] = [:]  // operationId → path
            for (path, ops) in paths { for op in ops.values { operations[op["operationId"] as? String ?? ""] = path } }
            func links(_ method: String, _ path: String, _ status: String) -> [String: [String: Any]] {
                let responses = paths[path]?[method]?["responses"] as? [String: [String: Any]]
                return responses?[status]?["links"] as? [String: [String: Any]] ?? [:]
            }
            var count = 0
            for (path, ops) in paths {
                for (method, op) in ops {
                    for (_, response) in op["responses"] as? [String: [String: Any]] ?? [:] {
                        for (name, link) in response["links"] as? [String: [String: Any]] ?? [:] {
                            let target = operations[link["operationId"] as? String ?? ""]
                            XCTAssertNotNil(target, "\(method) \(path) → \(name)")
                            for parameter in (link["parameters"] as? [String: String] ?? [:]).keys {
                                XCTAssertTrue(target?.contains("{\(parameter)}") ?? false, "\(method) \(path) → \(name): \(parameter)")
                            }
                            count += 1
                        }
                    }
                }
            }
            XCTAssertGreaterThan(count, 100)
            let unit = links("post", "/api/v1/units", "201")
            for target in ["getApiV1UnitsByid", "patchApiV1UnitsByid", "deleteApiV1UnitsByid"] {
                XCTAssertEqual(unit[target]?["parameters"] as? [String: String], ["id": "$response.body#/id"], target)
            }
            XCTAssertEqual(
                links("get", "/api/v1/units", "200")["getApiV1UnitsByid"]?["parameters"] as? [String: String],
                ["id": "$response.body#/items/0/id"]
            )
            XCTAssertEqual(
                links("post", "/api/v1/campaigns/{id}/candidates", "201")["postApiV1CampaignsByidCandidatesBycandidateidReview"]?[
                    "parameters"
                ] as? [String: String],
                ["id": "$request.path.id", "candidateId": "$response.body#/id"]
            )
            XCTAssertNotNil(links("post", "/api/v1/campaigns", "201")["postApiV1CampaignsByidStage"])
            // A step answers its case: the case's id goes to the case's routes, never into `stepId`.
            let step = links("post", "/api/v1/accountability-cases/{id}/claim/steps", "201")
            XCTAssertEqual(
                step["postApiV1AccountabilityCasesByidClaimStepsBystepidDone"]?["parameters"] as? [String: String],
                ["id": "$response.body#/id"]
            )
        }
    }

    /// Every API route, called by every demo role that lacks its permission, answers 403 and writes nothing.
    func testEveryAPIRouteDeniesRolesWithoutItsPermission() async throws {
        try await eachEngine { app, _ in
            var clients: [Role: APIClient] = [:]
            for u in Demo.users { clients[u.role] = try await APIClient.login(app, u.username) }
            let events = try await app.count(AuditEvent.self)
            var checked = 0
            for entry in app.apiRegistry.entries where entry.permission != .public {
                let path = OpenAPI.templatePath(entry.path).replacingOccurrences(of: "{id}", with: UUID().uuidString)
                for (role, client) in clients where !role.can(entry.permission) {
                    let r = try await client.call(
                        entry.method,
                        path,
                        entry.method == .GET || entry.method == .DELETE ? nil : [String: Any]()
                    )
                    XCTAssertEqual(r.status, .forbidden, "\(role.rawValue) \(entry.method) \(path)")
                    checked += 1
                }
                let anonymous = try await APIClient(app: app, token: nil).call(entry.method, path)
                XCTAssertEqual(anonymous.status, .unauthorized, "anonymous \(entry.method) \(path)")
            }
            XCTAssertGreaterThan(checked, 40)
            let _v52 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v52, events)
        }
    }

    /// Every page route, opened by every demo role that lacks its permission, answers 403.
    func testEveryPageRouteDeniesRolesWithoutItsPermission() async throws {
        try await eachEngine { app, _ in
            var browsers: [Role: Browser] = [:]
            for u in Demo.users {
                let b = Browser(app)
                try await b.login(u.username)
                try await b.get("/")
                browsers[u.role] = b
            }
            var checked = 0
            for route in app.routes.all where !route.path.string.hasPrefix("api") {
                guard let p = route.permission, p != .public, p != .signedIn else { continue }
                let path =
                    "/"
                    + route.path.map { c -> String in
                        if case .parameter = c { return UUID().uuidString }
                        return c.description
                    }.joined(separator: "/")
                for (role, b) in browsers where !role.can(p) {
                    let r = route.method == .GET ? try await b.get(path) : try await b.post(path, [:])
                    XCTAssertEqual(r.status, .forbidden, "\(role.rawValue) \(route.method) \(path)")
                    checked += 1
                }
            }
            XCTAssertGreaterThan(checked, 40)
        }
    }

    func testPlatformAdminReadsEveryZoneAndChangesNoZoneRecord() async throws {
        try await eachEngine { app, _ in
            let platform = try await APIClient.login(app, "platform")
            let zones = try await platform.call(.GET, "/api/v1/zones")
            XCTAssertEqual(zones.items.first?["code"] as? String, "pukou")
            XCTAssertEqual((zones.items.first?["bodies"] as? [Any])?.count, 2)
            let _v53 = try await platform.call(.GET, "/api/v1/units?zone=pukou").total
            XCTAssertGreaterThan(_v53, 10)
            let _v54 = try await platform.call(.GET, "/api/v1/units?zone=nowhere").errorField
            XCTAssertEqual(_v54, "zone")
            let _v55 = try await platform.call(.POST, "/api/v1/units", ["body": "committee", "kind": "department", "name": "x"]).status
            XCTAssertEqual(_v55, .forbidden)
            // It creates zones and their admins.
            let b = Browser(app)
            try await b.login("platform")
            try await b.get("/admin/zones")
            let made = try await b.post(
                "/admin/zones",
                ["code": "jiangning", "name": "江宁经济技术开发区", "nameEn": "Jiangning", "committeeCap": "50", "companyCap": "40"]
            )
            XCTAssertEqual(made.status, .seeOther)
            try await b.get("/admin/users")
            let user = try await b.post(
                "/admin/users",
                ["username": "jn-admin", "displayName": "江宁管理员", "role": "zone-admin", "zone": "jiangning", "password": "Jiangning-zone-1"]
            )
            XCTAssertTrue(user.text.contains("已创建用户 jn-admin"), user.text)
            let hrAttempt = try await b.post(
                "/admin/users",
                ["username": "jn-hr", "displayName": "x", "role": "hr", "zone": "jiangning", "password": "Jiangning-zone-1"]
            )
            XCTAssertEqual(hrAttempt.status, .unprocessableEntity)
            // The new zone admin sees only its own zone.
            let jn = try await APIClient.login(app, "jn-admin", password: "Jiangning-zone-1")
            let _v56 = try await jn.call(.GET, "/api/v1/units").total
            XCTAssertEqual(_v56, 0)
            let _v57 = try await jn.call(.GET, "/api/v1/zones").items.map { $0["code"] as? String }
            XCTAssertEqual(_v57, ["jiangning"])
            let pukouUnit = try await app.unit(named: "招商中心")
            let _v58 = try await jn.call(.GET, "/api/v1/units/\(pukouUnit.id!)").status
            XCTAssertEqual(_v58, .notFound)
        }
    }

    func testAPIErrorsNameTheFieldWithTheRightStatus() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "admin")
            let malformed = try await api.call(.POST, "/api/v1/units", raw: "{not json")
            XCTAssertEqual(malformed.status, .badRequest)
            let wrongType = try await api.call(.POST, "/api/v1/units", ["name": 5])
            XCTAssertEqual(wrongType.status, .unprocessableEntity)
            XCTAssertEqual(wrongType.errorField, "name")
            let missing = try await api.call(.POST, "/api/v1/units", ["name": "新部门"])
            XCTAssertEqual(missing.status, .unprocessableEntity)
            XCTAssertEqual(missing.errorField, "body")
            let _v59 = try await api.call(.GET, "/api/v1/units/\(UUID())").status
            XCTAssertEqual(_v59, .notFound)
            let _v60 = try await api.call(.GET, "/api/v1/units/not-a-uuid").status
            XCTAssertEqual(_v60, .notFound)
            let dup = try await api.call(.POST, "/api/v1/units", ["body": "committee", "kind": "department", "name": "经济发展部"])
            XCTAssertEqual(dup.status, .conflict)
            XCTAssertEqual(dup.errorField, "name")
            let _v61 = try await api.call(.GET, "/api/v1/units?limit=0").errorField
            XCTAssertEqual(_v61, "limit")
            let page = try await api.call(.GET, "/api/v1/units?limit=2&offset=2")
            XCTAssertEqual(page.items.count, 2)
            XCTAssertGreaterThan(page.total, 10)
            var english = try await api.call(.GET, "/api/v1/units?kind=castle")
            XCTAssertEqual(english.errorField, "kind")
            english = try await api.call(.POST, "/api/v1/units", ["body": "moon"])
            XCTAssertEqual(english.errorField, "body")
        }
    }

    func testOutlandishNumbersAreRefusedNotCrashed() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("admin")
            let huge = try await b.get("/people?page=9223372036854775807")
            XCTAssertEqual(huge.status, .ok)
            let api = try await APIClient.login(app, "admin")
            let offset = try await api.call(.GET, "/api/v1/units?offset=9223372036854775807")
            XCTAssertEqual(offset.errorField, "offset")
            let amount = try await api.call(
                .POST,
                "/api/v1/investment-projects",
                ["name": "x", "investor": "y", "industry": "ic", "amountFen": Int64.max]
            )
            XCTAssertEqual(amount.errorField, "amountFen")
            XCTAssertEqual(hundredths(1e300), 100_000_000, "clamped, then refused by the range check")
            XCTAssertEqual(hundredths(.nan), -1)
            let alive = try await b.get("/healthz").status
            XCTAssertEqual(alive, .ok)
        }
    }
}
