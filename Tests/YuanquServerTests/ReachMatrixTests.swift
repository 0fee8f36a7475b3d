import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// The record-level matrix (issue 27): every route that declares the records it reaches, API and page, sent as every
/// zone role on a record of its own and on someone else's in the same zone, with an empty body. Where `AccessTable`
/// grants the role the route's permission with a reach covering the record, the request passes the reach check (any
/// answer but 403 and 404: an empty body is then refused for what it lacks); elsewhere it answers 403 and writes nothing.
final class ReachMatrixTests: XCTestCase {
    /// A zone's records for the matrix: the demo's, and records of a unit outside the investment centre.
    struct Records {
        /// Of someone outside the role's unit, team and holdings.
        var other: [Reached: UUID] = [:]
        /// Of a colleague of the head's unit (below the investment centre).
        var ofUnit: [Reached: UUID] = [:]
        /// Of the staff member's team.
        var ofTeam: [Reached: UUID] = [:]
        /// Of each user's own (the request they hold, the enterprise they steward), by username.
        var own: [String: [Reached: UUID]] = [:]
        /// A membership of each team above, for the routes that end one.
        var memberships: [UUID: UUID] = [:]

        /// The record that is the role's own for a reach: the whole zone's reach takes someone else's.
        func ownRecord(_ kind: Reached, reach: Reach, username: String) -> UUID? {
            switch reach {
            case .zone: return other[kind]
            case .ownUnit: return ofUnit[kind]
            case .ownTeam: return ofTeam[kind]
            case .own: return own[username]?[kind]
            }
        }
    }

    func testEveryRouteReachingRecordsAnswersEveryRoleAsTheTableSays() async throws {
        try await eachEngine { app, engine in
            let records = try await Self.records(app)
            let routes = app.routes.all.filter { $0.reaches != nil }
            XCTAssertGreaterThanOrEqual(routes.count, 15, "routes declaring the records they reach")
            let users = Demo.users.filter { !$0.role.isPlatform && $0.username != "design" }
            var failures: [String] = []
            var sent = 0
            for user in users {
                let api = try await APIClient.login(app, user.username)
                let browser = try await RouteMatrixTests.browser(app, user.username)
                for route in routes {
                    guard let kind = route.reaches, let permission = route.permission else { continue }
                    let reach = user.role.reach(permission)
                    var cases: [(record: UUID?, allowed: Bool, label: String)] = []
                    if kind == .wholeZone {
                        cases = [(nil, reach == .zone, "zone")]
                    } else {
                        let own = reach.flatMap { records.ownRecord(kind, reach: $0, username: user.username) }
                        if reach != nil && own == nil { failures.append("no own \(kind) for \(user.username) (\(reach!))") }
                        cases = [(own ?? records.other[kind], reach != nil, "own"), (records.other[kind], reach == .zone, "other")]
                    }
                    for (record, allowed, label) in cases {
                        let values = [record, record.flatMap { records.memberships[$0] }].compactMap { $0?.uuidString }
                        let path = RouteMatrixTests.fill(route.path, values)
                        let events = try await app.count(AuditEvent.self)
                        let isAPI = route.path.first?.description == "api"
                        let reply: Reply
                        if isAPI {
                            reply = try await api.call(route.method, path, route.method == .GET ? nil : [String: Any]())
                        } else if route.method == .GET {
                            reply = try await browser.get(path)
                        } else {
                            reply = try await browser.post(path, [:])
                        }
                        sent += 1
                        let refused = reply.status == .forbidden || reply.status == .notFound
                        if refused == allowed || (!allowed && reply.status != .forbidden) {
                            failures.append(
                                "\(route.method) \(path) as \(user.username) on \(label) \(kind): expected "
                                    + (allowed ? "to pass" : "403") + ", got \(reply.status.code)"
                            )
                        }
                        if !allowed, try await app.count(AuditEvent.self) != events {
                            failures.append("\(route.method) \(path) as \(user.username): refused, and wrote")
                        }
                    }
                }
            }
            for f in failures { print("[\(engine)] reach matrix: \(f)") }
            XCTAssertEqual(failures.count, 0, "[\(engine)] \(failures.count) of \(sent) requests answered against the table (above)")
            XCTAssertGreaterThan(sent, 200)
            print("[\(engine)] reach matrix: \(routes.count) routes, \(users.count) roles, \(sent) requests")
        }
    }

    /// A new record is checked as it will be: a team member logs a lead for their own team (theirs when they name none),
    /// not another's; an enterprise they add is theirs to steward, and they cannot hand it to someone else.
    func testNewRecordsAreCheckedAsTheyWillBe() async throws {
        try await eachEngine { app, engine in
            let records = try await Self.records(app)
            let staff = try await APIClient.login(app, "staff")
            let lead: [String: Any] = ["name": "范围测试项目", "investor": "范围投资方", "industry": "ic"]
            var another = lead
            another["teamId"] = records.other[.investmentTeam]!.uuidString
            let refused = try await staff.call(.POST, "/api/v1/investment-projects", another)
            XCTAssertEqual(refused.status, .conflict, "[\(engine)] \(refused.text)")
            XCTAssertEqual(refused.errorField, "teamId")
            let mine = try await staff.call(.POST, "/api/v1/investment-projects", lead)
            XCTAssertEqual(mine.status, .created, "[\(engine)] \(mine.text)")
            let ownTeam = try await InvestmentProject.find(records.ofTeam[.investmentProject], on: app.db)?.teamID
            XCTAssertEqual(mine.json["teamId"] as? String, ownTeam?.uuidString, "[\(engine)] the lead goes to the member's team")

            let added = try await staff.call(.POST, "/api/v1/enterprises", ["name": "范围测试企业", "industry": "ic"])
            XCTAssertEqual(added.status, .created, "[\(engine)] \(added.text)")
            let me = try await User.query(on: app.db).filter(\.$username == "staff").first()?.personID
            XCTAssertEqual(added.json["stewardId"] as? String, me?.uuidString, "[\(engine)] the member stewards what they add")
            let enterprise = try XCTUnwrap(added.json["id"] as? String)
            let outsider = try await Enterprise.find(records.other[.enterprise], on: app.db)?.stewardID
            let handed = try await staff.call(.PATCH, "/api/v1/enterprises/\(enterprise)", ["stewardId": outsider!.uuidString])
            XCTAssertEqual(handed.status, .conflict, "[\(engine)] \(handed.text)")
            XCTAssertEqual(handed.errorField, "stewardId")
            // The centre head hands it to a colleague of the centre, not to someone outside it.
            let head = try await APIClient.login(app, "head")
            let colleague = try await Enterprise.find(records.ofUnit[.enterprise], on: app.db)?.stewardID
            let toOutsider = try await head.call(.PATCH, "/api/v1/enterprises/\(enterprise)", ["stewardId": outsider!.uuidString])
            XCTAssertEqual(toOutsider.errorField, "stewardId", "[\(engine)] \(toOutsider.text)")
            let toColleague = try await head.call(.PATCH, "/api/v1/enterprises/\(enterprise)", ["stewardId": colleague!.uuidString])
            XCTAssertEqual(toColleague.status, .ok, "[\(engine)] \(toColleague.text)")
            // Now it is the colleague's: the member who added it no longer changes it.
            let after = try await staff.call(.PATCH, "/api/v1/enterprises/\(enterprise)", ["contactName": "王经理"])
            XCTAssertEqual(after.status, .forbidden, "[\(engine)] \(after.text)")
        }
    }

    /// The demo's records, and for each reach a record that is a role's own and one that is not: a unit outside the
    /// investment centre (工程管理部) with its own team, project, stewarded enterprise and held request.
    static func records(_ app: Application) async throws -> Records {
        let zone = try await Zone.query(on: app.db).filter(\.$code == "pukou").first()!.id!
        func unit(_ name: String) async throws -> UUID {
            try await OrgUnit.query(on: app.db).filter(\.$zoneID == zone).filter(\.$name == name).first()!.id!
        }
        func person(in unit: UUID, not: UUID? = nil) async throws -> UUID {
            var q = Person.query(on: app.db).filter(\.$unitID == unit)
            if let not { q = q.filter(\.$id != not) }
            return try await q.sort(\.$sortKey).first()!.id!
        }
        func team(_ name: String, unit: UUID) async throws -> UUID {
            let t = InvestmentTeam()
            t.zoneID = zone
            t.name = name
            t.unitID = unit
            try await t.create(on: app.db)
            return t.id!
        }
        func member(_ person: UUID, of team: UUID) async throws -> UUID {
            let m = TeamMembership()
            m.teamID = team
            m.personID = person
            m.fromDate = "2026-01-05"
            m.reason = "矩阵测试"
            try await m.create(on: app.db)
            return m.id!
        }
        func project(team: UUID) async throws -> UUID {
            let p = InvestmentProject()
            p.zoneID = zone
            p.name = "矩阵项目 \(team.uuidString.prefix(4))"
            p.investor = "矩阵投资方"
            p.industry = "ic"
            p.region = "中国"
            p.amountFen = 0
            p.investedAmountFen = 0
            p.teamID = team
            p.stage = .lead
            p.createdOn = "2026-01-05"
            try await p.create(on: app.db)
            return p.id!
        }
        func enterprise(steward: UUID) async throws -> UUID {
            let e = EnterpriseService.new(zone: zone, createdOn: "2026-01-05")
            e.name = "矩阵企业 \(steward.uuidString.prefix(8))"
            e.industry = "ic"
            e.stewardID = steward
            try await e.create(on: app.db)
            return e.id!
        }
        func request(holder: UUID, enterprise: UUID, unit: UUID?) async throws -> UUID {
            let r = ServiceRequest()
            r.zoneID = zone
            r.enterpriseID = enterprise
            r.type = "policy"
            r.title = "矩阵诉求"
            r.detail = ""
            r.holderID = holder
            r.unitID = unit
            r.openedOn = "2026-01-05"
            r.dueOn = "2026-01-15"
            r.status = "open"
            try await r.create(on: app.db)
            return r.id!
        }
        var records = Records()
        // Outside the investment centre: the engineering department's people, team and records.
        let outside = try await unit("工程管理部")
        let outsider = try await person(in: outside)
        let outsideTeam = try await team("工程协作招商组", unit: outside)
        let outsideEnterprise = try await enterprise(steward: outsider)
        records.memberships[outsideTeam] = try await member(outsider, of: outsideTeam)
        records.other = [
            .investmentTeam: outsideTeam, .investmentProject: try await project(team: outsideTeam), .enterprise: outsideEnterprise,
            .serviceRequest: try await request(holder: outsider, enterprise: outsideEnterprise, unit: outside),
        ]
        // Below the head's unit: a team of the centre and a colleague of 招商二组, who is not the staff member.
        let second = try await unit("招商二组")
        let colleague = try await person(in: second)
        let centreTeam = try await team("招商中心矩阵组", unit: second)
        let colleagueEnterprise = try await enterprise(steward: colleague)
        for open in try await TeamMembership.query(on: app.db).filter(\.$personID == colleague).filter(\.$toDate == nil).all() {
            open.toDate = "2026-01-04"
            try await open.update(on: app.db)
        }
        records.memberships[centreTeam] = try await member(colleague, of: centreTeam)
        records.ofUnit = [
            .investmentTeam: centreTeam, .investmentProject: try await project(team: centreTeam), .enterprise: colleagueEnterprise,
            .serviceRequest: try await request(holder: colleague, enterprise: colleagueEnterprise, unit: second),
        ]
        // The staff member's team: a team of their own they belong to from today.
        let staff = try await User.query(on: app.db).filter(\.$username == "staff").first()!
        let staffPerson = try XCTUnwrap(staff.personID)
        for open in try await TeamMembership.query(on: app.db).filter(\.$personID == staffPerson).filter(\.$toDate == nil).all() {
            open.toDate = "2026-01-04"
            try await open.update(on: app.db)
        }
        let staffTeam = try await team("矩阵专员组", unit: try await unit("招商一组"))
        records.memberships[staffTeam] = try await member(staffPerson, of: staffTeam)
        records.ofTeam = [.investmentProject: try await project(team: staffTeam)]
        // Each user's own: an enterprise they steward and a request they hold.
        for user in try await User.query(on: app.db).filter(\.$zoneID == zone).all() {
            guard let me = user.personID else { continue }
            let mine = try await enterprise(steward: me)
            records.own[user.username] = [.enterprise: mine, .serviceRequest: try await request(holder: me, enterprise: mine, unit: nil)]
        }
        return records
    }
}

/// Field-level reads (issue 27): the people, contracts and appointments answers carry, for every role, only the fields
/// `AccessTable` grants it — one's own records in full.
final class FieldReadTests: XCTestCase {
    static let directory: Set<String> = ["id", "zone", "body", "unitId", "postId", "name"]
    static let contact: Set<String> = ["phone"]
    static let personal: Set<String> = ["gender", "birthDate", "residentIdMasked"]
    static let contract: Set<String> = ["id", "personId", "appointmentId", "startDate", "endDate", "status"]
    static let terms: Set<String> = ["contractType", "probationMonths", "payGrade", "statusReason"]
    /// An appointment's fields, every one granted with `appointmentsRead` (an appointment is published: 任前公示);
    /// those without a value (no campaign, not ended) are left out.
    static let appointment: Set<String> = ["id", "personId", "postId", "startDate", "termMonths", "method"]
    static let appointmentOptional: Set<String> = ["campaignId", "endDate", "endReason"]

    func testEachRoleReadsOnlyTheFieldsTheTableGrants() async throws {
        try await eachEngine { app, engine in
            var checked: [String: Int] = [:]
            for user in Demo.users where user.username != "design" {
                let api = try await APIClient.login(app, user.username)
                let me = try await User.query(on: app.db).filter(\.$username == user.username).first()?.personID?.uuidString
                let role = user.role
                let zone = role.isPlatform ? "&zone=pukou" : ""
                let who = "[\(engine)] \(user.username)"
                let people = try await api.call(.GET, "/api/v1/people?limit=500" + zone)
                XCTAssertEqual(people.status, .ok, who)
                for item in people.items {
                    let own = item["id"] as? String == me
                    var expected = Self.directory
                    if own || role.can(.peopleContactRead) { expected.formUnion(Self.contact) }
                    if own || role.can(.peoplePersonalRead) { expected.formUnion(Self.personal) }
                    let keys = Set(item.keys)
                    // A phone left empty is still a granted field; every other granted field is always answered.
                    XCTAssertEqual(keys, expected, "\(who) person \(item["name"] ?? "")")
                }
                let contracts = try await api.call(.GET, "/api/v1/contracts?limit=500" + zone)
                XCTAssertEqual(contracts.status, .ok, who)
                for item in contracts.items {
                    let own = item["personId"] as? String == me
                    let expected = own || role.can(.contractTermsRead) ? Self.contract.union(Self.terms) : Self.contract
                    XCTAssertEqual(Set(item.keys), expected, "\(who) contract")
                }
                let appointments = try await api.call(.GET, "/api/v1/appointments?limit=500" + zone)
                XCTAssertEqual(appointments.status, .ok, who)
                for item in appointments.items {
                    XCTAssertEqual(Set(item.keys).subtracting(Self.appointmentOptional), Self.appointment, "\(who) appointment")
                }
                // The single record answers alike.
                if let first = people.items.first, let id = first["id"] as? String {
                    let one = try await api.call(.GET, "/api/v1/people/\(id)" + (role.isPlatform ? "?zone=pukou" : ""))
                    XCTAssertEqual(Set(one.json.keys), Set(first.keys), "\(who) one person")
                }
                checked[user.username] = people.items.count + contracts.items.count + appointments.items.count
            }
            // Everyone who reads the zone's people read some; the unit head's are the centre's, with phones, no birth dates.
            XCTAssertGreaterThan(checked["hr"] ?? 0, 100)
            XCTAssertGreaterThan(checked["head"] ?? 0, 5)
            let head = try await APIClient.login(app, "head").call(.GET, "/api/v1/people?limit=500")
            XCTAssertTrue(head.items.contains { $0["phone"] != nil && $0["birthDate"] == nil }, "[\(engine)] head")
            print("[\(engine)] field reads: \(checked)")
        }
    }
}
