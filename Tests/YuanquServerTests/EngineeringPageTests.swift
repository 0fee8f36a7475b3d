import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// The engineering pages: a programme, a project with its holders, milestones, cost, audit and payments, and a tender
/// walked from creation to contract, all through the pages; what readers see; refusals back in the form; permissions.
final class EngineeringPageTests: XCTestCase {
    func person(of username: String, _ app: Application) async throws -> Person {
        let user = try await User.query(on: app.db).filter(\.$username == username).first()!
        return try await Person.find(user.personID!, on: app.db)!
    }

    func firstPerson(in unit: String, _ app: Application) async throws -> Person {
        let u = try await app.unit(named: unit)
        return try await Person.query(on: app.db).filter(\.$unitID == u.id!).sort(\.$name).first()!
    }

    func testProjectAndTenderThroughThePages() async throws {
        try await eachEngine { app, engine in
            let engineer = Browser(app)
            try await engineer.login("engineer")
            let overviewForm = try await engineer.get("/engineering")
            XCTAssertEqual(overviewForm.status, .ok, "[\(engine)]")
            XCTAssertTrue(overviewForm.text.contains("新建行动计划"), "[\(engine)] a writer gets the programme form")

            // A programme and a project.
            let made = try await engineer.post("/engineering", ["name": "四新行动计划", "summary": "新基建", "startsOn": "2024-01-01"])
            XCTAssertEqual(made.status, .seeOther, "[\(engine)] \(made.text)")
            let programme = try await Programme.query(on: app.db).filter(\.$name == "四新行动计划").first()!
            let project = try await engineer.post(
                "/engineering/projects",
                [
                    "programmeId": programme.id!.uuidString, "code": "SX-001", "name": "智算中心", "investmentWan": "50000",
                    "budgetFundsWan": "20000", "owner": "开发公司", "isKey": "true", "stage": "construction",
                    "startsOn": "2024-03-01", "endsOn": "2026-12-31",
                ]
            )
            XCTAssertEqual(project.status, .seeOther, "[\(engine)] \(project.text)")
            let p = try await ConstructionProject.query(on: app.db).filter(\.$code == "SX-001").first()!
            let page = "/engineering/projects/\(p.id!)"
            XCTAssertEqual(project.location, page)

            // 三责分立: the same person as design and cost holder is refused in the form, nothing written.
            let costPerson = try await person(of: "cost", app)
            let builder = try await person(of: "engineer", app)
            let designer = try await firstPerson(in: "规划建设部", app)
            let costUnit = costPerson.unitID!.uuidString
            _ = try await engineer.get(page)
            let refused = try await engineer.post(
                page + "/holders",
                [
                    "design.unitId": costUnit, "design.personId": costPerson.id!.uuidString, "cost.unitId": costUnit,
                    "cost.personId": costPerson.id!.uuidString,
                ]
            )
            XCTAssertEqual(refused.status, .conflict, "[\(engine)]")
            XCTAssertTrue(refused.text.contains("三责分立"), "[\(engine)] the refusal is shown")
            XCTAssertTrue(
                refused.text.contains("id=\"e-design.personId\"") || refused.text.contains("id=\"e-cost.personId\""),
                "[\(engine)]"
            )
            let noHolders = try await ProjectHolder.query(on: app.db).count()
            XCTAssertEqual(noHolders, 0, "[\(engine)] nothing written")
            let holders = try await engineer.post(
                page + "/holders",
                [
                    "design.unitId": designer.unitID!.uuidString, "design.personId": designer.id!.uuidString, "cost.unitId": costUnit,
                    "cost.personId": costPerson.id!.uuidString, "construction.unitId": builder.unitID!.uuidString,
                    "construction.personId": builder.id!.uuidString,
                ]
            )
            XCTAssertEqual(holders.status, .seeOther, "[\(engine)] \(holders.text)")
            let holderCount = try await ProjectHolder.query(on: app.db).count()
            XCTAssertEqual(holderCount, 3)

            // A milestone whose planned date has passed is late; a future one is not.
            _ = try await engineer.post(page + "/milestones", ["name": "主体结构封顶", "plannedOn": "2024-06-30"])
            _ = try await engineer.post(page + "/milestones", ["name": "竣工验收", "plannedOn": "2199-12-31"])
            _ = try await engineer.post(page + "/progress", ["percent": "45", "note": "主体施工"])

            // A tender: a bid period of 19 days is refused under the field with the article.
            let tenderForm: [String: String] = [
                "projectId": p.id!.uuidString, "package": "一标段施工", "category": "works", "method": "publicTender",
                "estimatedWan": "30000", "bidSecurityWan": "100", "issuedOn": "2025-03-01", "bidDeadline": "2025-03-20",
            ]
            _ = try await engineer.get("/engineering/tenders/new?project=\(p.id!)")
            let short = try await engineer.post("/engineering/tenders", tenderForm)
            XCTAssertEqual(short.status, .unprocessableEntity, "[\(engine)]")
            XCTAssertTrue(short.text.contains("id=\"e-bidDeadline\""), "[\(engine)] the error is under the deadline")
            XCTAssertTrue(short.text.contains("不得少于 20 日（现为 19 日）"), "[\(engine)]")
            XCTAssertTrue(short.text.contains("招标投标法"), "[\(engine)] the article is named")
            let noTender = try await Tender.query(on: app.db).count()
            XCTAssertEqual(noTender, 0, "[\(engine)] nothing written")
            var good = tenderForm
            good["bidDeadline"] = "2025-03-21"
            let created = try await engineer.post("/engineering/tenders", good)
            XCTAssertEqual(created.status, .seeOther, "[\(engine)] \(created.text)")
            let t = try await Tender.query(on: app.db).first()!
            let tpage = "/engineering/tenders/\(t.id!)"
            let shown = try await engineer.get(tpage)
            XCTAssertTrue(shown.text.contains("是（合计达到"), "[\(engine)] public tender required")

            // Walk the tender to its contract on the pages.
            for (bidder, amount) in [("甲建设集团", "29000"), ("乙建工", "28500"), ("丙建设", "29500")] {
                let r = try await engineer.post(tpage + "/bids", ["bidder": bidder, "amountWan": amount, "submittedOn": "2025-03-20"])
                XCTAssertEqual(r.status, .seeOther, "[\(engine)] bid \(bidder): \(r.text)")
            }
            let committee = try await engineer.post(
                tpage + "/committee",
                ["members": "张三，东南大学，专家\n李四，设计院，专家\n王五，审计所，专家\n赵六，造价协会，专家\n钱七，开发公司，代表"]
            )
            XCTAssertEqual(committee.status, .seeOther, "[\(engine)] \(committee.text)")
            let bids = try await Bid.query(on: app.db).filter(\.$tenderID == t.id!).all()
            var ranking = ["reportOn": "2025-03-25"]
            for b in bids { ranking["rank.\(b.id!)"] = b.bidder == "乙建工" ? "1" : (b.bidder == "甲建设集团" ? "2" : "3") }
            let evaluated = try await engineer.post(tpage + "/evaluate", ranking)
            XCTAssertEqual(evaluated.status, .seeOther, "[\(engine)] \(evaluated.text)")
            let publicised = try await engineer.post(tpage + "/publicity", ["from": "2025-03-26", "to": "2025-03-28"])
            XCTAssertEqual(publicised.status, .seeOther, "[\(engine)] \(publicised.text)")
            let awarded = try await engineer.post(tpage + "/award", ["awardedOn": "2025-03-29"])
            XCTAssertEqual(awarded.status, .seeOther, "[\(engine)] \(awarded.text)")
            let overdue = try await engineer.get("/engineering/tenders")
            XCTAssertTrue(overdue.text.contains("招标投标法第四十六条"), "[\(engine)] a contract not signed within 30 days is marked")
            let signed = try await engineer.post(tpage + "/contract", ["signedOn": "2025-04-10", "contractWan": "28500"])
            XCTAssertEqual(signed.status, .seeOther, "[\(engine)] \(signed.text)")
            let contracted = try await Tender.find(t.id!, on: app.db)!
            XCTAssertEqual(contracted.status, "contracted")

            // Cost work: a cost stage, a leader's approval, the tracking audit and a payment within the confirmation.
            let cost = Browser(app)
            try await cost.login("cost")
            _ = try await cost.get("/engineering/audit-firms")
            let firm = try await cost.post("/engineering/audit-firms", ["name": "甲审计事务所", "qualifications": "跟踪审计", "active": "true"])
            XCTAssertEqual(firm.status, .seeOther, "[\(engine)] \(firm.text)")
            let estimate = try await cost.post(page + "/costs", ["stage": "estimate", "amountWan": "50000", "basis": "可行性研究报告"])
            XCTAssertEqual(estimate.status, .seeOther, "[\(engine)] \(estimate.text)")
            let assigned = try await cost.post(page + "/audit", [:])
            XCTAssertEqual(assigned.status, .seeOther, "[\(engine)] \(assigned.text)")
            let requested = try await cost.post(
                page + "/payments",
                ["tenderId": t.id!.uuidString, "period": "第1期", "requestedWan": "10000"]
            )
            XCTAssertEqual(requested.status, .seeOther, "[\(engine)] \(requested.text)")
            let payment = try await ProgressPayment.query(on: app.db).first()!
            _ = try await cost.post(page + "/payments/\(payment.id!)/confirm", ["confirmedWan": "8000"])
            let tooMuch = try await cost.post(page + "/payments/\(payment.id!)/pay", ["paidWan": "9000"])
            XCTAssertEqual(tooMuch.status, .unprocessableEntity, "[\(engine)]")
            XCTAssertTrue(tooMuch.text.contains("不能超过审计确认金额"), "[\(engine)]")
            XCTAssertTrue(tooMuch.text.contains("id=\"e-paidWan\""), "[\(engine)] under the amount field")
            let paid = try await cost.post(page + "/payments/\(payment.id!)/pay", ["paidWan": "8000"])
            XCTAssertEqual(paid.status, .seeOther, "[\(engine)] \(paid.text)")

            let leader = Browser(app)
            try await leader.login("leader")
            let toDecide = try await leader.get(page)
            XCTAssertTrue(toDecide.text.contains("提交审批"), "[\(engine)] a leader gets the decision form")
            let doc = try await CostDocument.query(on: app.db).first()!
            let approved = try await leader.post(page + "/costs/\(doc.id!)/decision", ["approve": "true"])
            XCTAssertEqual(approved.status, .seeOther, "[\(engine)] \(approved.text)")

            // A reader sees the figures, the holders, the late milestone in red and one timeline.
            let reader = Browser(app)
            try await reader.login("auditor")
            let overview = try await reader.get("/engineering")
            XCTAssertEqual(overview.status, .ok)
            XCTAssertTrue(overview.text.contains("四新行动计划"), "[\(engine)]")
            XCTAssertTrue(overview.text.contains("5.00 亿元"), "[\(engine)] the programme's investment")
            XCTAssertTrue(overview.text.contains("late=1"), "[\(engine)] late milestones link to the list")
            XCTAssertTrue(overview.text.contains("<svg"), "[\(engine)] a chart")
            XCTAssertFalse(overview.text.contains("新建行动计划"), "[\(engine)] no form for a reader")
            let shownProject = try await reader.get(page)
            XCTAssertEqual(shownProject.status, .ok)
            for expected in [
                "SX-001", "智算中心", designer.name, costPerson.name, builder.name, "<strong class=\"error\">2024-06-30</strong>", "2199-12-31",
                "一标段施工", "甲审计事务所", "签订合同", "已批准", "45%",
            ] {
                XCTAssertTrue(shownProject.text.contains(expected), "[\(engine)] the project page shows \(expected)")
            }
            XCTAssertFalse(
                shownProject.text.contains("<strong class=\"error\">2199-12-31</strong>"),
                "[\(engine)] a future milestone is not late"
            )
            XCTAssertFalse(shownProject.text.contains("保存责任人"), "[\(engine)] no form for a reader")
            let late = try await reader.get("/engineering/projects?late=1")
            XCTAssertTrue(late.text.contains("SX-001"), "[\(engine)]")
            let design = try await reader.get("/engineering/projects?stage=design")
            XCTAssertFalse(design.text.contains("SX-001"), "[\(engine)]")
            let csv = try await reader.get("/engineering/projects.csv?key=1")
            XCTAssertEqual(csv.status, .ok)
            XCTAssertTrue(csv.text.contains("SX-001") && csv.text.contains("50000.00"), "[\(engine)] the export")
            let tenders = try await reader.get("/engineering/tenders?status=contracted")
            XCTAssertTrue(tenders.text.contains("一标段施工"), "[\(engine)]")
            let firms = try await reader.get("/engineering/audit-firms")
            XCTAssertTrue(firms.text.contains("甲审计事务所") && firms.text.contains("1（下一家）"), "[\(engine)] rotation order")

            // Every link of these pages answers for the reader.
            for from in ["/engineering", page, tpage, "/engineering/projects", "/engineering/tenders"] {
                let html = try await reader.get(from).text
                for link in LinkCheckTests.links(in: html) where link.hasPrefix("/engineering") {
                    let status = try await reader.get(link).status
                    XCTAssertEqual(status, .ok, "[\(engine)] \(link) linked from \(from)")
                }
            }

            // Roles without the permission are refused.
            let leaderWrite = try await leader.post(page + "/milestones", ["name": "x", "plannedOn": "2025-01-01"])
            XCTAssertEqual(leaderWrite.status, .forbidden, "[\(engine)]")
            let costTender = try await cost.post("/engineering/tenders", good)
            XCTAssertEqual(costTender.status, .forbidden, "[\(engine)]")
            let readerFirm = try await reader.post("/engineering/audit-firms", ["name": "乙", "qualifications": "跟踪审计"])
            XCTAssertEqual(readerFirm.status, .forbidden, "[\(engine)]")
            let firms2 = try await AuditFirm.query(on: app.db).count()
            XCTAssertEqual(firms2, 1)
        }
    }
}
