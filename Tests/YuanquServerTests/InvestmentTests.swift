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
            let made = try await api.call(.POST, "/api/v1/investment-projects", ["name": "测试晶圆项目", "investor": "南京测试半导体有限公司", "industry": "ic",
                                                                               "amountFen": Money.yi(2).fen, "teamId": team.id!.uuidString])
            XCTAssertEqual(made.status, .created, made.text)
            let id = made.json["id"] as! String
            XCTAssertEqual(made.json["stage"] as? String, "lead")
            let before = try await api.call(.GET, "/api/v1/investment/totals").json
            let skip = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "signed"])
            XCTAssertEqual(skip.status, .conflict)
            XCTAssertTrue(skip.errorMessage.contains("逐级推进"), skip.errorMessage)
            let _v502 = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "negotiation"]).status
            XCTAssertEqual(_v502, .ok)
            let noNumber = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "signed", "signingDate": "2026-03-01", "signedAmountFen": Money.yi(2).fen])
            XCTAssertEqual(noNumber.errorField, "agreementNumber")
            let signed = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "signed", "signingDate": "2026-03-01", "agreementNumber": "T-001", "signedAmountFen": Money.yi(2).fen])
            XCTAssertEqual(signed.status, .ok, signed.text)
            XCTAssertEqual(signed.json["isMajor"] as? Bool, true)
            let after = try await api.call(.GET, "/api/v1/investment/totals").json
            XCTAssertEqual((after["majorSignedCount"] as! Int) - (before["majorSignedCount"] as! Int), 1)
            XCTAssertEqual((after["majorSignedAmountFen"] as! Int) - (before["majorSignedAmountFen"] as! Int), Int(Money.yi(2).fen))
            let badCode = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "registered", "creditCode": "91110000100000589B"])
            XCTAssertEqual(badCode.errorField, "creditCode")
            XCTAssertTrue(badCode.errorMessage.contains("应为 A"), badCode.errorMessage)
            let _v503 = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "registered", "creditCode": "914403001922038216"]).status
            XCTAssertEqual(_v503, .ok)
            let _v504 = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "underConstruction"]).errorField
            XCTAssertEqual(_v504, "startDate")
            let _v505 = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "underConstruction", "startDate": "2026-05-01"]).status
            XCTAssertEqual(_v505, .ok)
            let done = try await api.call(.POST, "/api/v1/investment-projects/\(id)/stage", ["to": "inOperation", "operationDate": "2026-11-01"])
            XCTAssertEqual(done.json["stage"] as? String, "inOperation")
            let _v506 = try await AuditEvent.query(on: app.db).filter(\.$entityID == id).filter(\.$action == "stage").count()
            XCTAssertEqual(_v506, 5)
            // Dropping needs a reason; a dropped project moves no more.
            let other = try await api.call(.POST, "/api/v1/investment-projects", ["name": "另一项目", "investor": "某公司", "industry": "services"]).json["id"] as! String
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
            let refused = try await b.post("/investment/projects/\(p.id!)/stage", ["to": "signed", "signingDate": "2026-03-01", "agreementNumber": "", "signedAmountWan": "20000"])
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.text.contains("请填写协议编号"))
            let csv = try await b.get("/investment/export.csv?stage=inOperation")
            XCTAssertTrue(csv.text.hasPrefix("\u{FEFF}项目,投资方"))
        }
    }
}
