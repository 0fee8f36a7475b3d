import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class InvestmentServerTests: XCTestCase {
    func testDemoPipelineMatchesTheSeedsHeadlineFigures() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "leader")
            let totals = try await api.call(.GET, "/api/v1/investment/totals")
            XCTAssertEqual(totals.status, .ok, totals.text)
            let major = totals.json["majorSignedCount"] as! Int
            XCTAssertGreaterThan(major, 80)
            XCTAssertEqual(totals.json["majorSignedAmountFen"] as? Int, Int(Money.yi(550).fen), "¥55 billion")
            // The totals agree with the records themselves.
            let all = try await InvestmentProject.query(on: app.db).all()
            let signed = all.filter { $0.stage.isSignedOrLater }
            XCTAssertEqual(totals.json["signedCount"] as? Int, signed.count)
            XCTAssertEqual(totals.json["signedAmountFen"] as? Int, Int(signed.reduce(0) { $0 + ($1.signedAmountFen ?? 0) }))
            XCTAssertEqual(major, signed.filter { ($0.signedAmountFen ?? 0) >= Money.yi(1).fen }.count)
            XCTAssertGreaterThan(all.count, 140)
            let majorList = try await api.call(.GET, "/api/v1/investment-projects?major=true&limit=1")
            XCTAssertEqual(majorList.total, major)
            XCTAssertEqual(majorList.items.first?["isMajor"] as? Bool, true)
            let teams = try await api.call(.GET, "/api/v1/teams")
            XCTAssertEqual(teams.total, 5)
            let board = try await api.call(.GET, "/api/v1/investment/leaderboard?measure=majorCount")
            XCTAssertEqual((board.json["rows"] as? [Any])?.count, 5)
            XCTAssertNotNil(board.json["last"] as? String)
            let _v501 = try await api.call(.GET, "/api/v1/investment/leaderboard?period=20x6").errorField
            XCTAssertEqual(_v501, "period")
        }
    }

    func testAProjectFromLeadToOperationWithItsEvidence() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "staff")
            let team = try await InvestmentTeam.query(on: app.db).sort(\.$name).first()!
            let made = try await api.call(
                .POST,
                "/api/v1/investment-projects",
                [
                    "name": "测试晶圆项目", "investor": "南京测试半导体有限公司", "industry": "ic",
                    "amountFen": Money.yi(2).fen, "teamId": team.id!.uuidString,
                ]
            )
            XCTAssertEqual(made.status, .created, made.text)
            let id = made.json["id"] as! String
            XCTAssertEqual(made.json["stage"] as? String, "lead")
            let before = try await api.call(.GET, "/api/v1/investment/totals").json
            let skip = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "signed"])
            XCTAssertEqual(skip.status, .conflict)
            XCTAssertTrue(skip.errorMessage.contains("逐级推进"), skip.errorMessage)
            let _v502 = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "negotiation"]).status
            XCTAssertEqual(_v502, .ok)
            let noNumber = try await api.call(
                .POST,
                "/api/v1/investment-projects/\(id)/stage",
                ["to": "signed", "signingDate": "2026-03-01", "signedAmountFen": Money.yi(2).fen]
            )
            XCTAssertEqual(noNumber.errorField, "agreementNumber")
            let signed = try await api.call(
                .POST,
                "/api/v1/investment-projects/\(id)/stage",
                ["to": "signed", "signingDate": "2026-03-01", "agreementNumber": "T-001", "signedAmountFen": Money.yi(2).fen]
            )
            XCTAssertEqual(signed.status, .ok, signed.text)
            XCTAssertEqual(signed.json["isMajor"] as? Bool, true)
            let after = try await api.call(.GET, "/api/v1/investment/totals").json
            XCTAssertEqual((after["majorSignedCount"] as! Int) - (before["majorSignedCount"] as! Int), 1)
            XCTAssertEqual((after["majorSignedAmountFen"] as! Int) - (before["majorSignedAmountFen"] as! Int), Int(Money.yi(2).fen))
            let badCode = try await api.call(
                .POST,
                "/api/v1/investment-projects/\(id)/stage",
                ["to": "registered", "creditCode": "91110000100000589B"]
            )
            XCTAssertEqual(badCode.errorField, "creditCode")
            XCTAssertTrue(badCode.errorMessage.contains("应为 A"), badCode.errorMessage)
            let _v503 = try await api.call(
                .POST,
                "/api/v1/investment-projects/\(id)/stage",
                ["to": "registered", "creditCode": "914403001922038216"]
            ).status
            XCTAssertEqual(_v503, .ok)
            let _v504 = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "underConstruction"]).errorField
            XCTAssertEqual(_v504, "startDate")
            let _v505 = try await api.call(
                .POST,
                "/api/v1/investment-projects/\(id)/stage",
                ["to": "underConstruction", "startDate": "2026-05-01"]
            ).status
            XCTAssertEqual(_v505, .ok)
            let done = try await api.call(
                .POST,
                "/api/v1/investment-projects/\(id)/stage",
                ["to": "inOperation", "operationDate": "2026-11-01"]
            )
            XCTAssertEqual(done.json["stage"] as? String, "inOperation")
            let _v506 = try await AuditEvent.query(on: app.db).filter(\.$entityID == id).filter(\.$action == "stage").count()
            XCTAssertEqual(_v506, 5)
            // Dropping needs a reason; a dropped project moves no more.
            let other =
                try await api.call(.POST, "/api/v1/investment-projects", ["name": "另一项目", "investor": "某公司", "industry": "services"]).json[
                    "id"
                ] as! String
            let _v507 = try await api.call(.POST, "/api/v1/investment-projects/\(other)/stage", ["to": "dropped"]).errorField
            XCTAssertEqual(_v507, "reason")
            let _v508 = try await api.call(.POST, "/api/v1/investment-projects/\(other)/stage", ["to": "dropped", "reason": "投资方撤回"]).status
            XCTAssertEqual(_v508, .ok)
            let _v509 = try await api.call(.POST, "/api/v1/investment-projects/\(other)/stage", ["to": "negotiation"]).status
            XCTAssertEqual(_v509, .conflict)
            let _v510 = try await APIClient.login(app, "auditor").call(.POST, "/api/v1/investment-projects", ["name": "x"]).status
            XCTAssertEqual(_v510, .forbidden)
        }
    }

    func testPipelineAndLeaderboardPages() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("head")
            let pipeline = try await b.get("/investment?major=true")
            XCTAssertEqual(pipeline.status, .ok)
            XCTAssertTrue(pipeline.text.contains("550.00 亿元"))
            let board = try await b.get("/investment/leaderboard")
            XCTAssertEqual(board.status, .ok)
            XCTAssertEqual(board.text.components(separatedBy: "<svg").count - 1, 3, "months, funnel, industries")
            XCTAssertTrue(board.text.contains("（末位）"))
            let p = try await InvestmentProject.query(on: app.db).filter(\.$stage == .negotiation).first()!
            let page = try await b.get("/investment/projects/\(p.id!)")
            XCTAssertTrue(page.text.contains("推进到：签约"))
            let refused = try await b.post(
                "/investment/projects/\(p.id!)/stage",
                ["to": "signed", "signingDate": "2026-03-01", "agreementNumber": "", "signedAmountWan": "20000"]
            )
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.text.contains("请填写协议编号"))
            let csv = try await b.get("/investment/export.csv?stage=inOperation")
            XCTAssertTrue(csv.text.hasPrefix("\u{FEFF}项目,投资方"))
        }
    }
}

final class EnterpriseServerTests: XCTestCase {
    func testEnterprisesServiceRequestsAndOverdueWarnings() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "staff")
            let list = try await api.call(.GET, "/api/v1/enterprises?limit=500")
            XCTAssertGreaterThan(list.total, 10)
            let _v601 = try await ServicePlatform.query(on: app.db).count()
            XCTAssertEqual(_v601, 3)
            // Credit codes are checked.
            let bad = try await api.call(
                .POST,
                "/api/v1/enterprises",
                ["name": "测试企业", "industry": "ic", "creditCode": "91110000100000589B"]
            )
            XCTAssertEqual(bad.errorField, "creditCode")
            let made = try await api.call(
                .POST,
                "/api/v1/enterprises",
                ["name": "测试企业", "industry": "ic", "creditCode": "914403001922038216"]
            )
            XCTAssertEqual(made.status, .created, made.text)
            let eid = made.json["id"] as! String
            // A request needs a unit or a platform, and gets a due date by its type.
            let noUnit = try await api.call(.POST, "/api/v1/service-requests", ["enterpriseId": eid, "type": "policy", "title": "政策咨询"])
            XCTAssertEqual(noUnit.errorField, "unitId")
            let platform = try await ServicePlatform.query(on: app.db).first()!
            let openBefore = try await api.call(.GET, "/api/v1/service-requests?status=open&limit=500").total
            let r = try await api.call(
                .POST,
                "/api/v1/service-requests",
                ["enterpriseId": eid, "type": "policy", "title": "政策咨询", "platformId": platform.id!.uuidString]
            )
            XCTAssertEqual(r.status, .created, r.text)
            let rid = r.json["id"] as! String
            let openAfter = try await api.call(.GET, "/api/v1/service-requests?status=open&limit=500").total
            XCTAssertEqual(openAfter, openBefore + 1, "the kept list shows the new request at once")
            let due = ServiceDeadline.due(opened: CalendarDate.today(), days: 10, calendar: WorkCalendar.china)
            XCTAssertEqual(r.json["dueOn"] as? String, due.description)
            XCTAssertEqual(r.json["overdue"] as? Bool, false)
            let _v602 = try await api.call(.POST, "/api/v1/service-requests/\(rid)/steps", ["note": "已转平台对接"]).json["status"] as? String
            XCTAssertEqual(_v602, "inProgress")
            let _v603 = try await api.call(.POST, "/api/v1/service-requests/\(rid)/close", [:]).errorField
            XCTAssertEqual(_v603, "satisfaction")
            let closed = try await api.call(.POST, "/api/v1/service-requests/\(rid)/close", ["satisfaction": 5])
            XCTAssertEqual(closed.json["status"] as? String, "closed")
            XCTAssertEqual(closed.json["satisfaction"] as? Int, 5)
            let closedList = try await api.call(.GET, "/api/v1/service-requests?status=closed&limit=500")
            XCTAssertTrue(closedList.text.contains(rid))
            // Overdue requests show on the holder's home page and on the centre head's.
            let overdue = try await api.call(.GET, "/api/v1/service-requests?overdue=true&limit=500")
            XCTAssertGreaterThan(overdue.total, 0)
            let staff = Browser(app)
            try await staff.login("staff")
            let _v604 = try await staff.get("/").text.contains("件企业诉求已超期")
            XCTAssertTrue(_v604)
            let head = Browser(app)
            try await head.login("head")
            let home = try await head.get("/")
            XCTAssertTrue(home.text.contains("\(overdue.total) 件企业诉求已超期"), "the centre's head sees every overdue request")
            // The service page shows the chain since signing.
            let e = try await Enterprise.query(on: app.db).join(
                InvestmentProject.self,
                on: \Enterprise.$id == \InvestmentProject.$enterpriseID
            )
            .filter(InvestmentProject.self, \.$stage == .inOperation).first()!
            let page = try await head.get("/enterprises/\(e.id!)")
            XCTAssertTrue(page.text.contains("全链条服务记录"))
            XCTAssertTrue(page.text.contains("签约："))
            XCTAssertTrue(page.text.contains("投产："))
        }
    }

    func testSigningCreatesOrLinksTheEnterpriseAndRegistrationGivesItsCode() async throws {
        try await eachEngine { app, engine in
            let api = try await APIClient.login(app, "head")
            // The centre head logs leads for a team under the centre.
            let team = try await InvestmentTeam.query(on: app.db).sort(\.$name).first()!.id!.uuidString
            /// Opens a project of `investor`, signs it, and answers its id.
            func signed(_ name: String, investor: String, agreement: String) async throws -> UUID {
                let made = try await api.call(
                    .POST,
                    "/api/v1/investment-projects",
                    ["name": name, "investor": investor, "industry": "nev", "amountFen": Money.yi(1).fen, "teamId": team]
                )
                XCTAssertEqual(made.status, .created, made.text)
                let id = made.json["id"] as! String
                try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "negotiation"])
                let r = try await api.call(
                    .POST,
                    "/api/v1/investment-projects/\(id)/stage",
                    ["to": "signed", "signingDate": "2026-06-01", "agreementNumber": agreement, "signedAmountFen": Money.yi(1).fen]
                )
                XCTAssertEqual(r.status, .ok, "[\(engine)] \(r.text)")
                return UUID(uuidString: id)!
            }
            func enterprise(of project: UUID) async throws -> UUID? { try await InvestmentProject.find(project, on: app.db)?.enterpriseID }

            // A new investor: signing creates its enterprise.
            let enterprises = try await app.count(Enterprise.self)
            let first = try await signed("新项目", investor: "南京新投资方有限公司", agreement: "N-1")
            let e = try await Enterprise.query(on: app.db).filter(\.$name == "南京新投资方有限公司").first()
            XCTAssertNotNil(e)
            let _v705 = try await app.count(Enterprise.self)
            XCTAssertEqual(_v705, enterprises + 1)
            let _v706 = try await enterprise(of: first)
            XCTAssertEqual(_v706, e?.id)
            // The same investor again: the project is linked to that enterprise, no second one is made.
            let second = try await signed("新项目二期", investor: "南京新投资方有限公司", agreement: "N-2")
            let _v707 = try await enterprise(of: second)
            XCTAssertEqual(_v707, e?.id)
            // An enterprise the zone already served (a demo one, with its credit code): linked too.
            let known = try await Enterprise.query(on: app.db).filter(\.$creditCode != nil).sort(\.$name).first()!
            let third = try await signed("增资扩产项目", investor: known.name, agreement: "N-3")
            let _v708 = try await enterprise(of: third)
            XCTAssertEqual(_v708, known.id)
            let _v709 = try await app.count(Enterprise.self)
            XCTAssertEqual(_v709, enterprises + 1, "linking makes no enterprise")

            let id = first.uuidString
            try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "registered", "creditCode": "914403001922038216"])
            let refreshed = try await Enterprise.find(e!.id!, on: app.db)!
            XCTAssertEqual(refreshed.creditCode, "914403001922038216")
        }
    }
}

final class TeamAndImportTests: XCTestCase {
    func testAPersonIsInOneTeamAtATimeAndTargetsDriveTheLeaderboard() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "head")
            let teams = try await InvestmentTeam.query(on: app.db).sort(\.$name).all()
            let member = try await TeamMembership.query(on: app.db).filter(\.$teamID == teams[0].id!).filter(\.$toDate == nil).first()!
            let events = try await AuditEvent.query(on: app.db).filter(\.$entity == "team").count()
            let twice = try await api.call(
                .POST,
                "/api/v1/teams/\(teams[1].id!)/members",
                ["personId": member.personID.uuidString, "from": "2026-06-01", "reason": "更正：借调"]
            )
            XCTAssertEqual(twice.status, .conflict)
            XCTAssertTrue(twice.errorMessage.contains(teams[0].name), twice.errorMessage)
            let _v701 = try await api.call(
                .POST,
                "/api/v1/teams/\(teams[0].id!)/members/\(member.id!)/end",
                ["to": "2026-05-31", "reason": "更正：借调"]
            ).status
            XCTAssertEqual(_v701, .ok)
            let _v702 = try await api.call(
                .POST,
                "/api/v1/teams/\(teams[1].id!)/members",
                ["personId": member.personID.uuidString, "from": "2026-06-01", "reason": "更正：借调"]
            ).status
            XCTAssertEqual(_v702, .created)
            let _v703 = try await AuditEvent.query(on: app.db).filter(\.$entity == "team").count()
            XCTAssertEqual(_v703, events + 2)
            // A target of zero signed projects for the first team puts it out of the ranking by attainment.
            let period = String(CalendarDate.today().year)
            let _v704 = try await api.call(.POST, "/api/v1/teams/\(teams[0].id!)/targets", ["period": period, "signedCount": 1000]).status
            XCTAssertEqual(_v704, .ok)
            let board = try await api.call(.GET, "/api/v1/investment/leaderboard?measure=signedCount&period=\(period)")
            XCTAssertEqual(board.json["last"] as? String, teams[0].name, "a thousand projects is out of reach")
            let b = Browser(app)
            try await b.login("head")
            let csv = try await b.get("/investment/leaderboard.csv?measure=signedCount")
            XCTAssertTrue(csv.text.hasPrefix("\u{FEFF}名次,小组"))
            XCTAssertTrue(csv.text.contains("全区合计"))
            let page = try await b.get("/investment/teams")
            XCTAssertTrue(page.text.contains(teams[0].name))
        }
    }

    func testProjectAndEnterpriseImportsAreAllOrNothing() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            // A bulk import reaches the whole zone: the zone admin's, not a unit head's.
            try await b.login("admin")
            try await b.get("/investment/import")
            let before = try await app.count(InvestmentProject.self)
            let bad = try await b.upload(
                "/investment/import",
                file: "项目名称,投资方,产业,拟投资额（万元）,招商小组\n甲项目,甲公司,集成电路,50000,招商一组\n乙项目,乙公司,航天,100,招商九组\n"
            )
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains("产业须为本园区产业分类中的一项") && bad.text.contains("招商小组不存在"), bad.text)
            let _v705 = try await app.count(InvestmentProject.self)
            XCTAssertEqual(_v705, before)
            let ok = try await b.upload("/investment/import", file: "项目名称,投资方,产业,拟投资额（万元）,招商小组\n甲项目,甲公司,集成电路,50000,招商一组\n")
            XCTAssertEqual(ok.status, .ok, ok.text)
            let _v706 = try await app.count(InvestmentProject.self)
            XCTAssertEqual(_v706, before + 1)
            try await b.get("/enterprises/import")
            let badE = try await b.upload("/enterprises/import", file: "企业名称,统一社会信用代码,产业\n丙公司,91110000100000589B,集成电路\n")
            XCTAssertEqual(badE.status, .unprocessableEntity)
            XCTAssertTrue(badE.text.contains("校验位错误"))
            let okE = try await b.upload("/enterprises/import", file: "企业名称,统一社会信用代码,产业\n丙公司,91110000100000589A,集成电路\n")
            XCTAssertEqual(okE.status, .ok, okE.text)
            let exported = try await b.get("/enterprises/export.csv?q=%E4%B8%99")  // 丙
            XCTAssertTrue(exported.text.hasPrefix("\u{FEFF}企业名称,统一社会信用代码"))
            XCTAssertTrue(exported.text.contains("丙公司,91110000100000589A"))
        }
    }

    func testALargeEnterpriseImportIsCheckedWholeAndWrittenInOneGo() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            // A bulk import reaches the whole zone: the zone admin's, not a unit head's.
            try await b.login("admin")
            try await b.get("/enterprises/import")
            let zone = try await Zone.query(on: app.db).filter(\.$code == "pukou").first()!.requireID()
            let existing = try await Enterprise.query(on: app.db).filter(\.$zoneID == zone).first()!.name
            let people = try await Person.query(on: app.db).filter(\.$zoneID == zone).all()
            let steward = Dictionary(grouping: people, by: \.name).first { $0.value.count == 1 }!.key
            // 6,000 rows: more than a row-by-row import takes.
            let good = try BenchImportCommand.file(rows: 6000, industries: ["集成电路", "生物医药"]).split(separator: "\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            var rows = good
            rows[0].append("管家")
            for i in 1..<rows.count { rows[i].append(i == 20 ? "无此人" : i % 100 == 0 ? steward : "") }
            rows[3][0] = existing
            rows[10][0] = rows[2][0]
            rows[11][1] = rows[2][1]
            rows[5999][2] = "航天"
            let before = try await app.count(Enterprise.self)
            let events = try await app.count(AuditEvent.self)
            func csv(_ rows: [[String]]) -> String { rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n" }

            let refused = try await b.upload("/enterprises/import", file: csv(rows))
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.text.contains("共有 5 处问题，未导入任何数据"), refused.text)
            for (line, problem) in [
                (4, "企业名称：已有同名企业"), (11, "企业名称：与第 3 行企业同名"), (12, "统一社会信用代码：与第 3 行的信用代码相同"),
                (21, "管家：没有名为“无此人”的人员"), (6000, "产业：产业须为本园区产业分类中的一项"),
            ] {
                XCTAssertTrue(refused.text.contains("<td class=\"num\">\(line)</td><td>\(problem)</td>"), "line \(line): \(problem)")
            }
            let afterRefusal = try await app.count(Enterprise.self)
            XCTAssertEqual(afterRefusal, before)
            let eventsAfterRefusal = try await app.count(AuditEvent.self)
            XCTAssertEqual(eventsAfterRefusal, events)

            rows = good
            rows[0].append("管家")
            for i in 1..<rows.count { rows[i].append(i % 100 == 0 ? steward : "") }
            let imported = try await b.upload("/enterprises/import", file: csv(rows))
            XCTAssertEqual(imported.status, .ok, imported.text)
            let after = try await app.count(Enterprise.self)
            XCTAssertEqual(after, before + 6000)
            let last = try await Enterprise.query(on: app.db).filter(\.$name == rows[6000][0]).first()
            XCTAssertEqual(last?.creditCode, rows[6000][1])
            XCTAssertEqual(last?.sortKey, PinyinOrder.key(rows[6000][0]), "listed in pinyin order like any other")
            let led = try await Enterprise.query(on: app.db).filter(\.$name == rows[100][0]).first()
            XCTAssertEqual(led?.stewardID, people.first { $0.name == steward }?.id)
            // One event an enterprise and one for the import, chained.
            let eventsAfter = try await app.count(AuditEvent.self)
            XCTAssertEqual(eventsAfter, events + 6001)
            let chain = try await Writes.verifyChain(on: app.db)
            XCTAssertNil(chain.broken)
        }
    }
}
