import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class DashboardTests: XCTestCase {
    /// The figures a leader reads, counted again the slow way: every record loaded and looked at in Swift.
    func recount(_ app: Application, zone: UUID, today: CalendarDate) async throws -> [String: Int64] {
        let span = YearSpan.of(year: today.year, today: today)!
        let last = span.yearBefore
        func within(_ d: String?, _ s: YearSpan) -> Bool {
            guard let d else { return false }
            return d >= s.from.description && d <= s.to.description
        }
        let projects = try await InvestmentProject.query(on: app.db).filter(\.$zoneID == zone).all()
        let signed = projects.filter(\.stage.isSignedOrLater)
        let requests = try await ServiceRequest.query(on: app.db).filter(\.$zoneID == zone).all()
        let closed = requests.filter { $0.status == "closed" && within($0.closedOn, span) }
        let appointments = try await Appointment.query(on: app.db).filter(\.$zoneID == zone).all()
        let people = try await Person.query(on: app.db).filter(\.$zoneID == zone).all()
        let posts = try await Post.query(on: app.db).filter(\.$zoneID == zone).all()
        let held = Dictionary(grouping: people.compactMap(\.postID), by: { $0 }).mapValues(\.count)
        let construction = try await ConstructionProject.query(on: app.db).filter(\.$zoneID == zone).all()
        let milestones = try await ProjectMilestone.query(on: app.db).filter(\.$projectID ~~ construction.compactMap(\.id)).all()
        let due = milestones.filter { within($0.plannedOn, span) }
        return [
            "signed": Int64(signed.filter { within($0.signingDate, span) }.count),
            "signedBefore": Int64(signed.filter { within($0.signingDate, last) }.count),
            "amount": signed.filter { within($0.signingDate, span) }.map { $0.signedAmountFen ?? 0 }.reduce(0, +),
            "major": Int64(signed.filter { within($0.signingDate, span) && ($0.signedAmountFen ?? 0) >= Money.yi(1).fen }.count),
            "open": Int64(requests.filter { $0.status != "closed" }.count),
            "overdue": Int64(requests.filter { $0.status != "closed" && $0.dueOn < today.description }.count),
            "closed": Int64(closed.count),
            "closedOnTime": Int64(closed.filter { $0.closedOn! <= $0.dueOn }.count),
            "appointments": Int64(appointments.filter { within($0.startDate, span) }.count),
            "people": Int64(people.count),
            "vacancies": Int64(posts.map { max(0, $0.headcount - (held[$0.id!] ?? 0)) }.reduce(0, +)),
            "projects": Int64(construction.count),
            "lateMilestones": Int64(milestones.filter { $0.actualOn == nil && $0.plannedOn < today.description }.count),
            "milestonesDue": Int64(due.count),
            "milestonesOnTime": Int64(due.filter { m in m.actualOn.map { $0 <= m.plannedOn } ?? false }.count),
        ]
    }

    /// The same figures as the dashboard's JSON gives them.
    func read(_ d: [String: Any]) -> [String: Int64] {
        func section(_ name: String) -> [String: Any] { d[name] as? [String: Any] ?? [:] }
        func int(_ s: [String: Any], _ key: String) -> Int64 { Int64(s[key] as? Int ?? -1) }
        func current(_ s: [String: Any], _ key: String) -> Int64 { Int64((s[key] as? [String: Any])?["current"] as? Int ?? -1) }
        let investment = section("investment")
        let service = section("service")
        let engineering = section("engineering")
        return [
            "signed": current(investment, "signedCount"),
            "signedBefore": Int64((investment["signedCount"] as? [String: Any])?["previous"] as? Int ?? -1),
            "amount": current(investment, "signedAmountFen"),
            "major": current(investment, "majorCount"),
            "open": int(service, "open"),
            "overdue": int(service, "overdue"),
            "closed": current(service, "closed"),
            "closedOnTime": current(service, "closedOnTime"),
            "appointments": current(section("personnel"), "appointments"),
            "people": int(section("organisation"), "people"),
            "vacancies": int(section("organisation"), "vacancies"),
            "projects": int(engineering, "projects"),
            "lateMilestones": int(engineering, "lateMilestones"),
            "milestonesDue": current(engineering, "milestonesDue"),
            "milestonesOnTime": current(engineering, "milestonesOnTime"),
        ]
    }

    func testTheDashboardAgreesWithARecountAsRecordsChange() async throws {
        try await eachEngine(engineering: true) { app, engine in
            let today = CalendarDate.today()
            let zone = try await Zone.query(on: app.db).filter(\.$code == "pukou").first()!.id!
            let leader = try await APIClient.login(app, "leader")
            let before = try await leader.call(.GET, "/api/v1/dashboard")
            XCTAssertEqual(before.status, .ok, before.text)
            let expected = try await recount(app, zone: zone, today: today)
            XCTAssertEqual(read(before.json), expected, "[\(engine)]")
            XCTAssertGreaterThan(expected["signed"]!, 0, "the demo signs projects this year")

            // A project signed today, a request closed, a milestone reached: each through the audited write path.
            let staff = try await APIClient.login(app, "staff")
            let team = try await InvestmentTeam.query(on: app.db).sort(\.$name).first()!
            let made = try await staff.call(
                .POST,
                "/api/v1/investment-projects",
                ["name": "驾驶舱测试项目", "investor": "南京测试有限公司", "industry": "ic", "amountFen": Money.yi(3).fen, "teamId": team.id!.uuidString]
            )
            let project = made.json["id"] as! String
            _ = try await staff.call(.POST, "/api/v1/investment-projects/\(project)/stage", ["to": "negotiation"])
            let signed = try await staff.call(
                .POST,
                "/api/v1/investment-projects/\(project)/stage",
                ["to": "signed", "signingDate": today.description, "agreementNumber": "DASH-1", "signedAmountFen": Money.yi(3).fen]
            )
            XCTAssertEqual(signed.status, .ok, signed.text)
            let admin = try await APIClient.login(app, "admin")
            let request = try await ServiceRequest.query(on: app.db).filter(\.$zoneID == zone).filter(\.$status != "closed").first()!
            let closed = try await admin.call(.POST, "/api/v1/service-requests/\(request.id!)/close", ["satisfaction": 3])
            XCTAssertEqual(closed.status, .ok, closed.text)
            let late = try await ProjectMilestone.query(on: app.db).filter(\.$actualOn == nil)
                .filter(\.$plannedOn < today.description).first()!
            let reached = try await APIClient.login(app, "engineer").call(
                .POST,
                "/api/v1/construction-projects/\(late.projectID)/milestones",
                ["name": late.name, "plannedOn": late.plannedOn, "actualOn": today.description]
            )
            XCTAssertTrue(reached.status == .ok || reached.status == .created, reached.text)

            let after = try await leader.call(.GET, "/api/v1/dashboard").json
            let recounted = try await recount(app, zone: zone, today: today)
            XCTAssertEqual(read(after), recounted, "[\(engine)]")
            XCTAssertEqual(recounted["signed"]! - expected["signed"]!, 1)
            XCTAssertEqual(recounted["amount"]! - expected["amount"]!, Money.yi(3).fen)
            XCTAssertEqual(recounted["major"]! - expected["major"]!, 1)
            XCTAssertEqual(recounted["open"]! - expected["open"]!, -1)
            XCTAssertEqual(recounted["closed"]! - expected["closed"]!, 1)
            XCTAssertEqual(recounted["lateMilestones"]! - expected["lateMilestones"]!, -1)
        }
    }

    func testTheZoneRankingForPlatformUsersOnly() async throws {
        try await eachEngine { app, engine in
            let platform = try await APIClient.login(app, "platform")
            let ranking = try await platform.call(.GET, "/api/v1/dashboard/zone-ranking")
            XCTAssertEqual(ranking.status, .ok, ranking.text)
            let rows = ranking.json["rows"] as? [[String: Any]] ?? []
            XCTAssertEqual(rows.first?["zone"] as? String, "pukou", "[\(engine)]")
            XCTAssertEqual(rows.first?["rank"] as? Int, 1)
            let measures = rows.first?["measures"] as? [String: Any] ?? [:]
            XCTAssertEqual(Set(measures.keys), Set(ZoneRanking.Measure.allCases.map(\.rawValue)))
            XCTAssertEqual((ranking.json["measures"] as? [Any])?.count, ZoneRanking.Measure.allCases.count)
            // Zone users see their own zone's dashboard, not the platform's ranking; platform users name the zone.
            let leader = try await APIClient.login(app, "leader")
            let _v1 = try await leader.call(.GET, "/api/v1/dashboard/zone-ranking").status
            XCTAssertEqual(_v1, .forbidden)
            let _v2 = try await platform.call(.GET, "/api/v1/dashboard").errorField
            XCTAssertEqual(_v2, "zone")
            let _v3 = try await platform.call(.GET, "/api/v1/dashboard?zone=pukou").status
            XCTAssertEqual(_v3, .ok)
            let staff = try await APIClient.login(app, "staff")
            let _v4 = try await staff.call(.GET, "/api/v1/dashboard").status
            XCTAssertEqual(_v4, .forbidden)
            let _v5 = try await leader.call(.GET, "/api/v1/dashboard?year=1999").errorField
            XCTAssertEqual(_v5, "year")
            let _v6 = try await leader.call(.GET, "/api/v1/dashboard?year=\(CalendarDate.today().year + 1)").errorField
            XCTAssertEqual(_v6, "year")
        }
    }

    func testThePagesShowTheFiguresWithTheirLinks() async throws {
        try await eachEngine(engineering: true) { app, engine in
            let leader = Browser(app)
            _ = try await leader.login("leader")
            let page = try await leader.get("/dashboard")
            XCTAssertEqual(page.status, .ok, "[\(engine)]")
            for text in ["组织与编制", "招商引资", "企业服务", "工程建设", "去年同期", "<svg", "/service-requests?overdue=1", "/engineering/projects?late=1"] {
                XCTAssertTrue(page.text.contains(text), "[\(engine)] \(text)")
            }
            let lastYear = try await leader.get("/dashboard?year=\(CalendarDate.today().year - 1)")
            XCTAssertTrue(lastYear.text.contains("\(CalendarDate.today().year - 1)-12-31"))
            XCTAssertFalse(page.text.contains("/dashboard/zones"), "the ranking is the platform's")
            let platform = Browser(app)
            _ = try await platform.login("platform")
            let ranking = try await platform.get("/dashboard/zones")
            XCTAssertEqual(ranking.status, .ok)
            XCTAssertTrue(ranking.text.contains("/dashboard?zone=pukou"))
            let picker = try await platform.get("/dashboard")
            XCTAssertTrue(picker.text.contains("/dashboard?zone=pukou"), "a platform user chooses the zone")
            let zone = try await platform.get("/dashboard?zone=pukou")
            XCTAssertTrue(zone.text.contains("/people?zone=pukou"), "links keep the zone")
            let _v1 = try await leader.get("/dashboard/zones").status
            XCTAssertEqual(_v1, .forbidden)
        }
    }
}
