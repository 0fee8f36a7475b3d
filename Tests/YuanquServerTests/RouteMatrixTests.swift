import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// The route × role matrix: every registered route, page and API, × every role × own zone / other zone / anonymous,
/// with the answer each cell must get, worked out from the route's declared permission and the role's grants. The
/// records are real: the demo zone (pukou) with every area seeded, and a second zone (jiangning) whose users ask for
/// pukou's ids. A route whose path parameters the table cannot fill with a real record fails the test.
final class RouteMatrixTests: XCTestCase {
    enum Scope: String { case own, other, anonymous }

    /// What a cell must answer.
    enum Expected: Equatable {
        /// 200 (for a role that sees only its unit's or its own records, 200 or 404).
        case ok
        case forbidden
        /// Another zone's record: 404, or 403 where the handler refuses the caller before it looks the record up;
        /// never the record.
        case refused
        /// API: 401; page: a redirect to the sign-in page.
        case signIn
        /// Allowed, and a write: not sent here (the areas' workflow tests send them).
        case notSent
        /// A public route: anything but a server error.
        case notServerError
    }

    struct Route {
        let method: HTTPMethod
        let path: [PathComponent]
        let permission: Permission
        /// The records the route reaches (`ReachMatrixTests` sends those on records of one's own and of others').
        var reaches: Reached? = nil
        let query: [String]
        var template: String { "/" + path.map(\.description).joined(separator: "/") }
        var key: String { "\(method) \(template)" }
        var isAPI: Bool { path.first?.description == "api" }
        var hasParameters: Bool { path.contains { if case .parameter = $0 { return true } else { return false } } }
    }

    /// Routes a platform user may change: the platform's own records (zones, users, sessions, settings) and its account.
    static let platformWrites = ["/admin/", "/logout", "/account/", "/api/v1/sessions"]

    /// Routes whose handler asks for more than the route's permission: a pay line is its person's or an assessment
    /// reader's; a candidate is entered by nomination or by oneself.
    static let finer: [String: [Permission]] = [
        "GET /performance/cycles/:id/pay/:person": [.assessmentRead],
        "POST /campaigns/:id/candidates": [.nominate, .selfNominate],
        "POST /api/v1/campaigns/:id/candidates": [.nominate, .selfNominate],
    ]

    /// The expected answer of one cell, from the route's permission and the role's grants.
    static func expected(_ route: Route, role: Role?, scope: Scope) -> Expected {
        if route.permission == .public { return .notServerError }
        guard let role else { return .signIn }
        guard role.can(route.permission) else { return .forbidden }
        if route.reaches == .wholeZone && role.reach(route.permission) != .zone { return .forbidden }
        if let needs = finer[route.key], !needs.contains(where: role.can) {
            return .forbidden
        }
        let write = route.method != .GET
        if role.isPlatform {
            if write && !platformWrites.contains(where: { route.template.hasPrefix($0) }) { return .forbidden }
            return write ? .notSent : .ok
        }
        if scope == .other && (route.hasParameters || requiredQuery[route.key] != nil) { return .refused }
        return write ? .notSent : .ok
    }

    /// Real records of a zone for each path-parameter pattern (the path up to its last parameter, without `api/v1`):
    /// the query answers the parameters' values in order, `ZONE` standing for the zone's id.
    static let records: [String: String] = [
        "units/:id": "SELECT id FROM org_units WHERE zone_id = ZONE ORDER BY name",
        "posts/:id": "SELECT id FROM posts WHERE zone_id = ZONE ORDER BY title",
        "people/:id": "SELECT id FROM people WHERE zone_id = ZONE ORDER BY sort_key",
        "admin/sessions/:id": "SELECT s.id FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.zone_id = ZONE",
        "campaigns/:id": "SELECT id FROM campaigns WHERE zone_id = ZONE ORDER BY opened_on",
        "campaigns/:id/candidates/:candidateId": "SELECT campaign_id, id FROM candidates WHERE zone_id = ZONE",
        "campaigns/:id/objections/:objectionId":
            "SELECT o.campaign_id, o.id FROM objections o JOIN campaigns c ON c.id = o.campaign_id WHERE c.zone_id = ZONE",
        "contracts/:id": "SELECT id FROM employment_contracts WHERE zone_id = ZONE",
        "investment/teams/:id": "SELECT id FROM investment_teams WHERE zone_id = ZONE",
        "teams/:id": "SELECT id FROM investment_teams WHERE zone_id = ZONE",
        "investment/teams/:id/members/:membershipId":
            "SELECT m.team_id, m.id FROM team_memberships m JOIN investment_teams t ON t.id = m.team_id WHERE t.zone_id = ZONE",
        "teams/:id/members/:membershipId":
            "SELECT m.team_id, m.id FROM team_memberships m JOIN investment_teams t ON t.id = m.team_id WHERE t.zone_id = ZONE",
        "investment/projects/:id": "SELECT id FROM investment_projects WHERE zone_id = ZONE",
        "investment-projects/:id": "SELECT id FROM investment_projects WHERE zone_id = ZONE",
        "enterprises/:id": "SELECT id FROM enterprises WHERE zone_id = ZONE",
        "service-requests/:id": "SELECT id FROM service_requests WHERE zone_id = ZONE AND status <> 'closed'",
        "performance/schemes/:id": "SELECT id FROM assessment_schemes WHERE zone_id = ZONE",
        "assessment-schemes/:id": "SELECT id FROM assessment_schemes WHERE zone_id = ZONE",
        "performance/cycles/:id": "SELECT id FROM assessment_cycles WHERE zone_id = ZONE ORDER BY starts_on",
        "assessment-cycles/:id": "SELECT id FROM assessment_cycles WHERE zone_id = ZONE ORDER BY starts_on",
        "pay-sheets/:cycleId": "SELECT id FROM assessment_cycles WHERE zone_id = ZONE ORDER BY starts_on",
        "performance/cycles/:id/objections/:objectionId":
            "SELECT o.cycle_id, o.id FROM result_objections o JOIN assessment_cycles c ON c.id = o.cycle_id WHERE c.zone_id = ZONE",
        "assessment-cycles/:id/objections/:objectionId":
            "SELECT o.cycle_id, o.id FROM result_objections o JOIN assessment_cycles c ON c.id = o.cycle_id WHERE c.zone_id = ZONE",
        "performance/cycles/:id/units/:unit":
            "SELECT r.cycle_id, r.subject_id FROM assessment_results r JOIN assessment_cycles c ON c.id = r.cycle_id "
            + "WHERE c.zone_id = ZONE AND r.assessee = 'unit'",
        "performance/cycles/:id/pay/:person":
            "SELECT r.cycle_id, r.subject_id FROM assessment_results r JOIN assessment_cycles c ON c.id = r.cycle_id "
            + "WHERE c.zone_id = ZONE AND r.assessee = 'person'",
        "performance/flags/:id": "SELECT id FROM elimination_flags WHERE zone_id = ZONE",
        "elimination-flags/:id": "SELECT id FROM elimination_flags WHERE zone_id = ZONE",
        "performance/cases/:id": "SELECT id FROM accountability_cases WHERE zone_id = ZONE",
        "accountability-cases/:id": "SELECT id FROM accountability_cases WHERE zone_id = ZONE",
        "performance/cases/:id/steps/:stepId":
            "SELECT k.id, s.id FROM correction_steps s JOIN tolerance_claims t ON t.id = s.claim_id "
            + "JOIN accountability_cases k ON k.id = t.case_id WHERE k.zone_id = ZONE",
        "accountability-cases/:id/claim/steps/:stepId":
            "SELECT k.id, s.id FROM correction_steps s JOIN tolerance_claims t ON t.id = s.claim_id "
            + "JOIN accountability_cases k ON k.id = t.case_id WHERE k.zone_id = ZONE",
        "programmes/:id": "SELECT id FROM programmes WHERE zone_id = ZONE",
        "engineering/projects/:id": "SELECT id FROM construction_projects WHERE zone_id = ZONE",
        "construction-projects/:id": "SELECT id FROM construction_projects WHERE zone_id = ZONE",
        "engineering/projects/:id/costs/:docId":
            "SELECT d.project_id, d.id FROM cost_documents d JOIN construction_projects p ON p.id = d.project_id WHERE p.zone_id = ZONE",
        "cost-stages/:id":
            "SELECT d.id FROM cost_documents d JOIN construction_projects p ON p.id = d.project_id WHERE p.zone_id = ZONE",
        "engineering/projects/:id/changes/:changeId": "SELECT project_id, id FROM design_changes WHERE zone_id = ZONE",
        "design-changes/:id": "SELECT id FROM design_changes WHERE zone_id = ZONE",
        "engineering/projects/:id/audit/:assignmentId":
            "SELECT a.project_id, a.id FROM audit_assignments a JOIN construction_projects p ON p.id = a.project_id WHERE p.zone_id = ZONE",
        "audit-assignments/:id":
            "SELECT a.id FROM audit_assignments a JOIN construction_projects p ON p.id = a.project_id WHERE p.zone_id = ZONE",
        "engineering/projects/:id/payments/:paymentId": "SELECT project_id, id FROM payments WHERE zone_id = ZONE",
        "payments/:id": "SELECT id FROM payments WHERE zone_id = ZONE",
        "engineering/audit-firms/:id": "SELECT id FROM audit_firms WHERE zone_id = ZONE",
        "audit-firms/:id": "SELECT id FROM audit_firms WHERE zone_id = ZONE",
        "engineering/tenders/:id": "SELECT id FROM tenders WHERE zone_id = ZONE",
        "tenders/:id": "SELECT id FROM tenders WHERE zone_id = ZONE",
        "engineering/tenders/:id/objections/:objectionId":
            "SELECT o.tender_id, o.id FROM tender_objections o JOIN tenders t ON t.id = o.tender_id WHERE t.zone_id = ZONE",
        "tender-objections/:id": "SELECT o.id FROM tender_objections o JOIN tenders t ON t.id = o.tender_id WHERE t.zone_id = ZONE",
        "engineering/meetings/:id": "SELECT id FROM meetings WHERE zone_id = ZONE",
        "meetings/:id": "SELECT id FROM meetings WHERE zone_id = ZONE",
        "engineering/action-items/:id": "SELECT id FROM action_items WHERE zone_id = ZONE",
        "action-items/:id": "SELECT id FROM action_items WHERE zone_id = ZONE",
        "campaigns/:id/import/:what": "SELECT id, 'scores' FROM campaigns WHERE zone_id = ZONE",
    ]

    /// Routes that answer only with a query parameter naming a record: the zone's first assessment cycle.
    static let requiredQuery: [String: String] = [
        "GET /api/v1/ratings": "cycle", "GET /api/v1/assessment-schemes/:id/simulation": "cycle",
        "GET /performance/schemes/:id/simulate": "cycle",
    ]

    /// Public routes' parameters: a language code, or a token no record has (they are tried anonymously only).
    static let publicValues: [String: String] = ["code": "en", "token": "no-such-token"]

    /// The pattern naming a route's records: its path up to the last parameter, without `api/v1`.
    static func pattern(_ path: [PathComponent]) -> String? {
        let parts = path.map(\.description)
        let rest = parts.starts(with: ["api", "v1"]) ? Array(parts.dropFirst(2)) : parts
        guard let last = rest.lastIndex(where: { $0.hasPrefix(":") }) else { return nil }
        return rest[...last].joined(separator: "/")
    }

    /// The parameters' values of a real record of `zone` for a pattern of `records`, or nil when the table has no
    /// such pattern or the zone no such record.
    static func record(_ pattern: String, zone: UUID, on sql: SQLDatabase) async throws -> [String]? {
        guard let query = records[pattern] else { return nil }
        let parts = query.components(separatedBy: "ZONE")
        var q = SQLQueryString(parts[0])
        for part in parts.dropFirst() {
            q.appendInterpolation(bind: zone)
            q.appendLiteral(part)
        }
        guard let row = try await sql.raw(q).first() else { return nil }
        return try row.allColumns.map { column -> String in
            if let id = try? row.decode(column: column, as: UUID.self) { return id.uuidString }
            return try row.decode(column: column, as: String.self)
        }
    }

    /// A route's path naming a real record of `zone` (the path itself when it has no parameters), or nil.
    static func realPath(_ path: [PathComponent], zone: UUID, on sql: SQLDatabase) async throws -> String? {
        guard let pattern = pattern(path) else { return fill(path, []) }
        return try await record(pattern, zone: zone, on: sql).map { fill(path, $0) }
    }

    static func adding(_ query: String, to path: String) -> String { path + (path.contains("?") ? "&" : "?") + query }

    /// The route's path with its parameters filled from `values`.
    static func fill(_ path: [PathComponent], _ values: [String]) -> String {
        var next = values.makeIterator()
        return "/"
            + path.map { c -> String in
                if case .parameter = c { return next.next() ?? "" }
                return c.description
            }.joined(separator: "/")
    }

    func testEveryRouteAnswersEveryRoleAsTheMatrixSays() async throws {
        try await eachEngine(assessment: true, engineering: true) { app, engine in
            let sql = try XCTUnwrap(app.db as? SQLDatabase)
            let demoZone = try await Zone.query(on: app.db).filter(\.$code == "pukou").first()
            let pukou = try XCTUnwrap(demoZone?.id)
            try await Self.secondZone(app)
            // The demo has no objection to a tender; one, so that its routes have a real record.
            let objection = TenderObjection()
            let tender = try await Tender.query(on: app.db).filter(\.$zoneID == pukou).first()
            objection.tenderID = try XCTUnwrap(tender?.id)
            objection.stage = "documents"
            objection.raisedOn = "2026-01-05"
            objection.raisedBy = "某投标人"
            objection.text = "资格条件过严"
            try await objection.create(on: app.db)
            // Sign in one user of each role: pukou's demo users, and jiangning's.
            var own: [Role: (Browser, APIClient)] = [:]
            var other: [Role: (Browser, APIClient)] = [:]
            for role in Role.allCases {
                let name = Demo.users.first { $0.role == role }!.username
                own[role] = (try await Self.browser(app, name), try await APIClient.login(app, name))
                if !role.isPlatform {
                    let jn = "jn-" + name
                    other[role] = (
                        try await Self.browser(app, jn, password: Self.jnPassword),
                        try await APIClient.login(app, jn, password: Self.jnPassword)
                    )
                }
            }

            // Every route, with its declared permission and (API) documented query parameters.
            let documented = Dictionary(
                app.apiRegistry.entries.map {
                    ("\($0.method) \($0.path.map(\.description).joined(separator: "/"))", $0.doc.query.map(\.name))
                },
                uniquingKeysWith: { a, _ in a }
            )
            // Each API write's least body that follows its schema: what the route answers is its access checks'.
            var bodies: [String: Any] = [:]
            for e in app.apiRegistry.entries {
                guard let name = e.doc.request else { continue }
                bodies["\(e.method) /\(e.path.map(\.description).joined(separator: "/"))"] = try app.apiRegistry.body(name).example
            }
            let routes = app.routes.all.map { r in
                Route(
                    method: r.method,
                    path: r.path,
                    permission: r.permission ?? .public,
                    reaches: r.reaches,
                    query: documented["\(r.method) \(r.path.map(\.description).joined(separator: "/"))"] ?? []
                )
            }

            // Each route's path with pukou's real records; a pattern the table lacks, or one with no record, fails.
            var paths: [String: String] = [:]
            var pukouIDs: Set<String> = []
            for route in routes {
                guard let pattern = Self.pattern(route.path) else {
                    paths[route.key] = route.template
                    continue
                }
                if route.permission == .public {
                    let values = route.path.compactMap { c -> String? in
                        if case .parameter(let name) = c { return Self.publicValues[name] ?? "x" }
                        return nil
                    }
                    paths[route.key] = Self.fill(route.path, values)
                    continue
                }
                guard Self.records[pattern] != nil else {
                    XCTFail("[\(engine)] the matrix has no records for \(route.method) \(route.template) (pattern \(pattern))")
                    continue
                }
                guard let values = try await Self.record(pattern, zone: pukou, on: sql) else {
                    XCTFail("[\(engine)] no pukou record for \(route.method) \(route.template)")
                    continue
                }
                pukouIDs.formUnion(values.filter { UUID(uuidString: $0) != nil })
                paths[route.key] = Self.fill(route.path, values)
            }
            // Routes that need a query parameter naming a record.
            let firstCycle = try await AssessmentCycle.query(on: app.db).filter(\.$zoneID == pukou).first()
            let cycle = try XCTUnwrap(firstCycle?.id)
            for (key, query) in Self.requiredQuery {
                XCTAssertNotNil(paths[key], key)
                paths[key]? += "?\(query)=\(cycle)"
            }

            let anonymous = (Browser(app), APIClient(app: app, token: nil))

            let events = try await app.count(AuditEvent.self)
            var failures: [String] = []
            var cells = 0
            var sent = 0
            for route in routes {
                guard let path = paths[route.key] else { continue }
                var askers: [(Role?, Scope, (Browser, APIClient))] = [(nil, .anonymous, anonymous)]
                for role in Role.allCases {
                    askers.append((role, .own, own[role]!))
                    if let o = other[role] { askers.append((role, .other, o)) }
                }
                for (role, scope, (browser, client)) in askers {
                    cells += 1
                    let want = Self.expected(route, role: role, scope: scope)
                    if want == .notSent { continue }
                    if route.permission == .public && route.method != .GET { continue }
                    sent += 1
                    // A platform user names the zone it reads.
                    let path = role?.isPlatform == true && route.method == .GET ? Self.adding("zone=pukou", to: path) : path
                    let reply: Reply
                    if route.isAPI {
                        reply = try await client.call(
                            route.method,
                            path,
                            route.method == .GET || route.method == .DELETE ? nil : bodies[route.key] ?? [String: Any]()
                        )
                    } else if route.method == .GET {
                        reply = try await browser.get(path)
                    } else {
                        reply = try await browser.post(path, [:])
                    }
                    let who = "\(role?.rawValue ?? "anonymous")/\(scope.rawValue)"
                    let scoped = role.map { $0.scope != .zone } ?? false
                    let good: Bool
                    switch want {
                    case .ok: good = reply.status == .ok || (scoped && reply.status == .notFound)
                    case .forbidden: good = reply.status == .forbidden
                    case .refused: good = reply.status == .notFound || reply.status == .forbidden
                    case .signIn:
                        good =
                            route.isAPI ? reply.status == .unauthorized : (reply.status == .seeOther && reply.location.hasPrefix("/login"))
                    case .notServerError: good = reply.status.code < 500
                    case .notSent: good = true
                    }
                    if !good { failures.append("\(route.method) \(path) \(who): expected \(want), got \(reply.status.code)") }
                    // No answer to another zone's user carries one of pukou's records.
                    if scope == .other, reply.status == .ok, let leaked = pukouIDs.first(where: { reply.text.contains($0) }) {
                        failures.append("\(route.method) \(path) \(who): answered pukou's record \(leaked)")
                    }
                }
                // A zone user naming another zone in `zone=` is refused, not answered with their own zone's records.
                if route.isAPI, route.method == .GET, route.query.contains("zone"), !route.hasParameters {
                    for (role, (_, client)) in own where !role.isPlatform && role.can(route.permission) {
                        let refused = try await client.call(.GET, Self.adding("zone=jiangning", to: path))
                        if refused.status != .forbidden || refused.errorField != "zone" {
                            failures.append("GET \(path)?zone=jiangning \(role.rawValue): expected 403 on zone, got \(refused.status.code)")
                        }
                        let ownZone = try await client.call(.GET, Self.adding("zone=pukou", to: path))
                        if ownZone.status == .forbidden { failures.append("GET \(path)?zone=pukou \(role.rawValue): refused its own zone") }
                        sent += 2
                    }
                }
            }
            for f in failures { print("[\(engine)] matrix: \(f)") }
            XCTAssertEqual(
                failures.count,
                0,
                "[\(engine)] \(failures.count) of \(sent) requests answered against the matrix (listed above)"
            )
            XCTAssertGreaterThan(routes.count, 300)
            XCTAssertGreaterThan(sent, 3000)
            XCTAssertEqual(cells, routes.count * (1 + Role.allCases.count * 2 - 1))
            // Nothing any refused request did was written.
            let after = try await app.count(AuditEvent.self)
            XCTAssertEqual(after, events, "[\(engine)] a refused request wrote")
            print("[\(engine)] route matrix: \(routes.count) routes, \(cells) cells, \(sent) requests")
        }
    }

    static let jnPassword = "Jiangning2020"

    /// A second zone with the demo's structure and a user of each zone role, named `jn-` and the demo user's name.
    static func secondZone(_ app: Application) async throws {
        let zone = try await ZoneService.create(
            app,
            actor: .commandLine,
            NewZone(code: "jiangning", name: "江宁经济技术开发区", nameEn: "Jiangning", committeeCap: 70, companyCap: 65)
        )
        try await Demo.seedStructure(app, zone: zone, scale: 1, vacancies: 5, seed: 7)
        for u in Demo.users where !u.role.isPlatform && u.username != "design" {
            let unitID =
                try await u.unit.asyncMap { name in
                    try await OrgUnit.query(on: app.db).filter(\.$zoneID == zone.id!).filter(\.$name == name).first()?.id
                } ?? nil
            _ = try await UserService.create(
                app,
                actor: .commandLine,
                username: "jn-" + u.username,
                displayName: "江宁" + u.name,
                role: u.role.rawValue,
                zoneCode: "jiangning",
                unitID: unitID?.uuidString,
                password: jnPassword,
                hash: { try app.password.hash($0) }
            )
        }
    }

    static func browser(_ app: Application, _ username: String, password: String = Demo.password) async throws -> Browser {
        let b = Browser(app)
        let r = try await b.login(username, password: password)
        XCTAssertEqual(r.status, .seeOther, "sign-in of \(username)")
        try await b.get("/")
        return b
    }
}
