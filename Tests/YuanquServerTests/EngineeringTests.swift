import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// A construction project walked from its programme to settlement through the API: holders under 三责分立, cost
/// stages, a tender with its refusals and a re-tender, a design change decided by a meeting, the tracking audit and
/// payments under the ceiling; every refusal writes nothing.
final class EngineeringTests: XCTestCase {
    func id(_ r: Reply) -> String { r.json["id"] as? String ?? "" }

    /// A record as the API names it.
    struct Ref {
        let id: UUID?
        let name: String
    }

    /// The person behind a demo user, as the API tells that user (`GET /api/v1/sessions/current`).
    func person(_ app: Application, user: String) async throws -> Ref {
        let api = try await APIClient.login(app, user)
        let me = try await api.call(.GET, "/api/v1/sessions/current")
        let id = try XCTUnwrap(me.json["personId"] as? String, me.text)
        let record = try await api.call(.GET, "/api/v1/people/\(id)")
        return Ref(id: UUID(uuidString: id), name: record.json["name"] as? String ?? "")
    }

    /// A unit of the demo zone, found through the units list.
    func unit(_ api: APIClient, named name: String) async throws -> Ref {
        let units = try await api.call(.GET, "/api/v1/units?limit=500").items
        let id = try XCTUnwrap(units.first { $0["name"] as? String == name }?["id"] as? String, name)
        return Ref(id: UUID(uuidString: id), name: name)
    }

    func testAProjectFromProgrammeToSettlement() async throws {
        try await eachEngine { app, engine in
            let engineer = try await APIClient.login(app, "engineer")
            let cost = try await APIClient.login(app, "cost")
            let design = try await APIClient.login(app, "design")
            let leader = try await APIClient.login(app, "leader")
            let staff = try await APIClient.login(app, "staff")

            // Programme and project.
            let got1 = try await staff.call(.POST, "/api/v1/programmes", ["name": "x"]).status
            XCTAssertEqual(got1, .forbidden)
            let got2 = try await APIClient(app: app, token: nil).call(.GET, "/api/v1/programmes").status
            XCTAssertEqual(got2, .unauthorized)
            let g = try await engineer.call(.POST, "/api/v1/programmes", ["name": "测试计划", "summary": "四新"])
            XCTAssertEqual(g.status, .created, g.text)
            let p = try await engineer.call(
                .POST,
                "/api/v1/construction-projects",
                [
                    "programmeId": id(g), "code": "T-1", "name": "测试道路工程", "investmentFen": 50_000 * 1_000_000,
                    "budgetFundsFen": 20_000 * 1_000_000, "owner": "南京浦口经济开发有限公司", "startsOn": "2026-01-01", "endsOn": "2027-12-31",
                ]
            )
            XCTAssertEqual(p.status, .created, p.text)
            let project = id(p)
            let programme = try await engineer.call(.GET, "/api/v1/programmes/\(id(g))")
            XCTAssertEqual(programme.json["projectCount"] as? Int, 1)
            XCTAssertEqual(programme.json["totalInvestmentFen"] as? Int, 50_000 * 1_000_000)

            // 三责分立: one person for cost and construction is refused, naming the rule and the person; nothing is written.
            let planning = try await unit(engineer, named: "规划建设部")
            let works = try await unit(engineer, named: "工程管理部")
            let costUnit = try await unit(engineer, named: "造价合约部")
            let designer = try await person(app, user: "design")
            let builder = try await person(app, user: "engineer")
            let costing = try await person(app, user: "cost")
            let conflict = try await engineer.call(
                .PUT,
                "/api/v1/construction-projects/\(project)/holders",
                [
                    "cost": ["unitId": works.id!.uuidString, "personId": builder.id!.uuidString],
                    "construction": ["unitId": works.id!.uuidString, "personId": builder.id!.uuidString],
                ]
            )
            XCTAssertEqual(conflict.status, .conflict, conflict.text)
            XCTAssertTrue(conflict.errorMessage.contains("三责分立") && conflict.errorMessage.contains(builder.name), conflict.errorMessage)
            let got3 = try await app.count(ProjectHolder.self)
            XCTAssertEqual(got3, 0)
            let holders = try await engineer.call(
                .PUT,
                "/api/v1/construction-projects/\(project)/holders",
                [
                    "design": ["unitId": planning.id!.uuidString, "personId": designer.id!.uuidString],
                    "cost": ["unitId": costUnit.id!.uuidString, "personId": costing.id!.uuidString],
                    "construction": ["unitId": works.id!.uuidString, "personId": builder.id!.uuidString],
                ]
            )
            XCTAssertEqual(holders.status, .ok, holders.text)
            XCTAssertEqual((holders.json["holders"] as? [String: Any])?.count, 3)

            // Before settlement the engineer reports progress and, holding construction, may propose a change; cost may not.
            let before = Browser(app)
            try await before.login("engineer")
            let open = try await before.get("/engineering/projects/\(project)").text
            XCTAssertTrue(
                open.contains("/engineering/projects/\(project)/progress") && open.contains("/engineering/projects/\(project)/changes\"")
            )
            let costBefore = Browser(app)
            try await costBefore.login("cost")
            let costOpen = try await costBefore.get("/engineering/projects/\(project)").text
            XCTAssertFalse(
                costOpen.contains("/engineering/projects/\(project)/changes\""),
                "[\(engine)] cost holds no design or construction"
            )

            // Moving the construction holder into the cost unit is refused: one unit would hold two.
            let move = try await Writes.perform(app, actor: .commandLine) { db, trail in
                do {
                    try await EngineeringService.personMoved(builder.id!, to: costUnit.id!, field: "unitId", on: db, trail: trail)
                    return "moved"
                } catch let e as AppError { return e.message.zh }
            }
            XCTAssertTrue(move.contains("三责分立"), move)

            // Cost stages: only the cost side prepares (dynamic separation); an overrun needs a reason and its approval.
            let stagePath = "/api/v1/construction-projects/\(project)/cost-stages"
            let byBuilder = try await engineer.call(
                .POST,
                stagePath,
                ["stage": "estimate", "amountFen": 48_000 * 1_000_000, "basis": "可研"]
            )
            XCTAssertEqual(byBuilder.status, .forbidden, byBuilder.text)
            let got4 = try await app.count(CostDocument.self)
            XCTAssertEqual(got4, 0)
            let estimate = try await cost.call(.POST, stagePath, ["stage": "estimate", "amountFen": 48_000 * 1_000_000, "basis": "可研"])
            XCTAssertEqual(estimate.status, .ok, estimate.text)
            func stageID(_ r: Reply, _ stage: String) -> String {
                ((r.json["costStages"] as? [[String: Any]]) ?? []).first { $0["stage"] as? String == stage }?["id"] as? String ?? ""
            }
            let approved = try await leader.call(.POST, "/api/v1/cost-stages/\(stageID(estimate, "estimate"))/decision", ["approve": true])
            XCTAssertEqual(approved.status, .ok, approved.text)
            let noReason = try await cost.call(
                .POST,
                stagePath,
                ["stage": "budgetaryEstimate", "amountFen": 50_000 * 1_000_000, "basis": "初设"]
            )
            XCTAssertEqual(noReason.status, .conflict)
            XCTAssertEqual(noReason.errorField, "overrunReason")
            let over = try await cost.call(
                .POST,
                stagePath,
                ["stage": "budgetaryEstimate", "amountFen": 50_000 * 1_000_000, "basis": "初设", "overrunReason": "地质条件变化"]
            )
            XCTAssertEqual(over.status, .ok, over.text)
            let decision = "/api/v1/cost-stages/\(stageID(over, "budgetaryEstimate"))/decision"
            let unapproved = try await leader.call(.POST, decision, ["approve": true])
            XCTAssertEqual(unapproved.errorField, "approveOverrun", unapproved.text)
            let got5 = try await leader.call(.POST, decision, ["approve": true, "approveOverrun": true]).status
            XCTAssertEqual(got5, .ok)

            // A bid period of 19 days is refused on bidDeadline with its article; 20 days pass.
            var tender: [String: Any] = [
                "projectId": project, "package": "施工总承包", "category": "works", "method": "publicTender",
                "estimatedFen": 40_000 * 1_000_000, "bidSecurityFen": 80 * 1_000_000, "issuedOn": "2026-03-01", "bidDeadline": "2026-03-20",
            ]
            let short = try await engineer.call(.POST, "/api/v1/tenders", tender)
            XCTAssertEqual(short.status, .conflict)
            XCTAssertEqual(short.errorField, "bidDeadline")
            XCTAssertTrue(short.errorMessage.contains("招标投标法第二十四条"), short.errorMessage)
            let got6 = try await app.count(Tender.self)
            XCTAssertEqual(got6, 0)
            tender["bidDeadline"] = "2026-03-21"
            let first = try await engineer.call(.POST, "/api/v1/tenders", tender)
            XCTAssertEqual(first.status, .created, first.text)

            // A split package: two goods packages of ¥1.5 million by inquiry count together past ¥2 million.
            let goods: [String: Any] = [
                "projectId": project, "package": "路灯一批", "category": "goods", "method": "inquiry", "estimatedFen": 150 * 1_000_000,
                "issuedOn": "2026-04-01", "bidDeadline": "2026-04-10",
            ]
            let g1 = try await engineer.call(.POST, "/api/v1/tenders", goods)
            XCTAssertEqual(g1.json["status"] as? String, "open")
            var goods2 = goods
            goods2["package"] = "路灯二批"
            let g2 = try await engineer.call(.POST, "/api/v1/tenders", goods2)
            XCTAssertEqual(g2.json["status"] as? String, "awaitingApproval", g2.text)
            XCTAssertEqual(g2.json["publicTenderRequired"] as? Bool, true)
            let earlier = try await engineer.call(.GET, "/api/v1/tenders/\(id(g1))")
            XCTAssertEqual(earlier.json["combinedFen"] as? Int, 300 * 1_000_000, "the first lot is marked as part of the split")
            let got7 = try await engineer.call(.POST, "/api/v1/tenders/\(id(g2))/approval", ["approvalRef": "x"]).status
            XCTAssertEqual(got7, .forbidden)

            // Two bids: evaluation is refused (art. 28) and the tender is tendered again with its reason.
            let t1 = id(first)
            for (bidder, amount) in [("甲建设集团", 39_000), ("乙建设集团", 38_500)] {
                let b = try await engineer.call(.POST, "/api/v1/tenders/\(t1)/bids", ["bidder": bidder, "amountFen": amount * 1_000_000])
                XCTAssertEqual(b.status, .ok, b.text)
            }
            let few = try await engineer.call(.POST, "/api/v1/tenders/\(t1)/evaluation", ["reportOn": "2026-03-25", "ranking": []])
            XCTAssertEqual(few.errorField, "ranking")
            XCTAssertTrue(few.errorMessage.contains("招标投标法第二十八条"), few.errorMessage)
            let again = try await engineer.call(
                .POST,
                "/api/v1/tenders/\(t1)/retender",
                ["reason": "投标人不足三家", "issuedOn": "2026-04-01", "bidDeadline": "2026-04-21"]
            )
            XCTAssertEqual(again.status, .created, again.text)
            XCTAssertEqual(again.json["retenderOfId"] as? String, t1.uppercased())
            let t2 = id(again)
            var bidIDs: [String] = []
            for (bidder, amount) in [("甲建设集团", 39_000), ("乙建设集团", 38_000), ("丙建设集团", 38_800)] {
                let b = try await engineer.call(.POST, "/api/v1/tenders/\(t2)/bids", ["bidder": bidder, "amountFen": amount * 1_000_000])
                bidIDs.append(
                    ((b.json["bids"] as? [[String: Any]]) ?? []).first { $0["bidder"] as? String == bidder }?["id"] as? String ?? ""
                )
            }
            let four = (1...4).map { ["name": "专家\($0)", "expert": true, "employer": "东南大学"] as [String: Any] }
            let small = try await engineer.call(.POST, "/api/v1/tenders/\(t2)/committee", ["members": four])
            XCTAssertTrue(small.errorMessage.contains("第三十七条"), small.text)
            let related = four + [["name": "代表", "expert": false, "employer": "乙建设集团"]]
            let relatedReply = try await engineer.call(.POST, "/api/v1/tenders/\(t2)/committee", ["members": related])
            XCTAssertEqual(relatedReply.errorField, "members[4].employer", relatedReply.text)
            let got8 = try await app.count(CommitteeMember.self)
            XCTAssertEqual(got8, 0)
            let five = four + [["name": "业主代表", "expert": false, "employer": "南京浦口经济开发有限公司"]]
            let got9 = try await engineer.call(.POST, "/api/v1/tenders/\(t2)/committee", ["members": five]).status
            XCTAssertEqual(got9, .ok)
            let ranking = [bidIDs[1], bidIDs[2], bidIDs[0]]
            let evaluated = try await engineer.call(
                .POST,
                "/api/v1/tenders/\(t2)/evaluation",
                ["reportOn": "2026-04-23", "ranking": ranking]
            )
            XCTAssertEqual(evaluated.status, .ok, evaluated.text)
            let late = try await engineer.call(.POST, "/api/v1/tenders/\(t2)/publicity", ["from": "2026-04-27", "to": "2026-04-30"])
            XCTAssertTrue(late.errorMessage.contains("第五十四条"), late.text)
            let got10 = try await engineer.call(.POST, "/api/v1/tenders/\(t2)/publicity", ["from": "2026-04-24", "to": "2026-04-26"]).status
            XCTAssertEqual(
                got10,
                .ok
            )
            let objection = try await engineer.call(
                .POST,
                "/api/v1/tenders/\(t2)/objections",
                ["stage": "publicity", "raisedOn": "2026-04-25", "raisedBy": "甲建设集团", "text": "对第一名业绩有异议"]
            )
            let suspended = try await engineer.call(.POST, "/api/v1/tenders/\(t2)/award", ["awardedOn": "2026-04-28"])
            XCTAssertEqual(suspended.status, .conflict, suspended.text)
            let objectionID = ((objection.json["objections"] as? [[String: Any]]) ?? []).first?["id"] as? String ?? ""
            let got11 = try await engineer.call(.POST, "/api/v1/tender-objections/\(objectionID)/answer", ["answer": "经核查业绩属实"]).status
            XCTAssertEqual(
                got11,
                .ok
            )
            let got12 = try await engineer.call(.POST, "/api/v1/tenders/\(t2)/award", ["awardedOn": "2026-04-28"]).status
            XCTAssertEqual(got12, .ok)
            let signed = try await engineer.call(
                .POST,
                "/api/v1/tenders/\(t2)/contract",
                ["signedOn": "2026-05-20", "contractFen": 38_000 * 1_000_000]
            )
            XCTAssertEqual(signed.json["status"] as? String, "contracted", signed.text)
            XCTAssertEqual(signed.json["contractOverdue"] as? Bool, false)

            // A design change above 50 万元 waits for a meeting; the meeting's decision makes it effective.
            let proposed = try await engineer.call(
                .POST,
                "/api/v1/construction-projects/\(project)/design-changes",
                ["title": "桥梁桩基加深", "reason": "地勘揭示软弱层", "proposedAs": "construction"]
            )
            XCTAssertEqual(proposed.status, .ok, proposed.text)
            let change = ((proposed.json["designChanges"] as? [[String: Any]]) ?? []).first?["id"] as? String ?? ""
            let got13 = try await cost.call(.POST, "/api/v1/design-changes/\(change)/design-review", ["agrees": true, "opinion": "同意"])
                .status
            XCTAssertEqual(
                got13,
                .forbidden
            )
            let got14 = try await design.call(.POST, "/api/v1/design-changes/\(change)/design-review", ["agrees": true, "opinion": "同意"])
                .status
            XCTAssertEqual(
                got14,
                .ok
            )
            let priced = try await cost.call(
                .POST,
                "/api/v1/design-changes/\(change)/cost-review",
                ["impactFen": 120 * 1_000_000, "opinion": "增加 120 万元"]
            )
            let status = ((priced.json["designChanges"] as? [[String: Any]]) ?? []).first?["status"] as? String
            XCTAssertEqual(status, "awaitingMeeting", priced.text)
            try await Writes.perform(app, actor: .commandLine) { db, trail in
                try await DesignChangeService.decide(
                    UUID(uuidString: change)!,
                    approved: true,
                    item: UUID(),
                    on: "2026-06-01",
                    db: db,
                    trail: trail
                )
            }
            let got15 = try await DesignChange.find(UUID(uuidString: change)!, on: app.db)?.status
            XCTAssertEqual(got15, "effective")

            // Tracking audit by rotation: the firm related to the contractor is passed over.
            for (name, related) in [("一审咨询", ["乙建设集团"]), ("二审咨询", []), ("三审咨询", [])] {
                let f = try await cost.call(.POST, "/api/v1/audit-firms", ["name": name, "qualifications": ["跟踪审计"], "related": related])
                XCTAssertEqual(f.status, .created, f.text)
            }
            let related1 = try await cost.call(.GET, "/api/v1/audit-firms").items.first { $0["name"] as? String == "一审咨询" }!
            let refused = try await cost.call(
                .POST,
                "/api/v1/construction-projects/\(project)/audit-assignments",
                ["firmId": related1["id"]!]
            )
            XCTAssertEqual(refused.errorField, "firmId", refused.text)
            let got16 = try await cost.call(.POST, "/api/v1/construction-projects/\(project)/audit-assignments", [:]).status
            XCTAssertEqual(got16, .ok)
            let tracked = try await cost.call(.GET, "/api/v1/construction-projects/\(project)")
            let job = try XCTUnwrap((tracked.json["auditAssignments"] as? [[String: Any]])?.first, tracked.text)
            let firms = try await cost.call(.GET, "/api/v1/audit-firms").items
            let got17 = firms.first { $0["id"] as? String == job["firmId"] as? String }?["name"] as? String
            XCTAssertEqual(
                got17,
                "三审咨询",
                "never assigned, then by name: 三 before 二 in code order"
            )
            // The job, named by the id the project answers, is rated once.
            let jobID = try XCTUnwrap(job["id"] as? String)
            let noRating = try await cost.call(.POST, "/api/v1/audit-assignments/\(jobID)/rating", ["rating": 6])
            XCTAssertEqual(noRating.errorField, "rating")
            let rated = try await cost.call(.POST, "/api/v1/audit-assignments/\(jobID)/rating", ["rating": 4, "note": "按时出具报告"])
            XCTAssertEqual(rated.status, .ok, rated.text)
            XCTAssertEqual(rated.json["rating"] as? Int, 4)
            let ratedTwice = try await cost.call(.POST, "/api/v1/audit-assignments/\(jobID)/rating", ["rating": 5])
            XCTAssertEqual(ratedTwice.status, .conflict)
            let reassigned = try await cost.call(.POST, "/api/v1/construction-projects/\(project)/audit-assignments", [:])
            XCTAssertEqual(reassigned.status, .ok, reassigned.text)

            // Payments: the audit confirms first; the ceiling is 80% of the contract price before settlement.
            let pay = try await cost.call(.POST, "/api/v1/payments", ["tenderId": t2, "period": "第1期", "requestedFen": 30_400 * 1_000_000])
            XCTAssertEqual(pay.status, .created, pay.text)
            let unconfirmed = try await cost.call(.POST, "/api/v1/payments/\(id(pay))/payment", ["paidFen": 30_400 * 1_000_000])
            XCTAssertEqual(unconfirmed.errorField, "paidFen")
            let got18 = try await cost.call(.POST, "/api/v1/payments/\(id(pay))/confirmation", ["confirmedFen": 30_400 * 1_000_000]).status
            XCTAssertEqual(
                got18,
                .ok
            )
            let got19 = try await cost.call(.POST, "/api/v1/payments/\(id(pay))/payment", ["paidFen": 30_400 * 1_000_000]).status
            XCTAssertEqual(got19, .ok)
            let next = try await cost.call(.POST, "/api/v1/payments", ["tenderId": t2, "period": "第2期", "requestedFen": 100])
            _ = try await cost.call(.POST, "/api/v1/payments/\(id(next))/confirmation", ["confirmedFen": 100])
            let ceiling = try await cost.call(.POST, "/api/v1/payments/\(id(next))/payment", ["paidFen": 1])
            XCTAssertEqual(ceiling.status, .conflict, ceiling.text)
            XCTAssertTrue(ceiling.errorMessage.contains("80%"), ceiling.errorMessage)
            let got20 = try await ProgressPayment.query(on: app.db).filter(\.$status == "paid").count()
            XCTAssertEqual(got20, 1)

            // Budget, then settlement: approving it settles the project, and the final payment fits the settlement.
            for (stage, wan) in [("budget", 39_000), ("settlement", 38_600)] {
                let r = try await cost.call(.POST, stagePath, ["stage": stage, "amountFen": wan * 1_000_000, "basis": "审定"])
                XCTAssertEqual(r.status, .ok, r.text)
                _ = try await leader.call(.POST, "/api/v1/cost-stages/\(stageID(r, stage))/decision", ["approve": true])
            }
            let settled = try await engineer.call(.GET, "/api/v1/construction-projects/\(project)")
            XCTAssertEqual(settled.json["stage"] as? String, "settled", "[\(engine)] \(settled.text)")

            // The settled project's page offers its payments but no more progress, milestones or changes; and no one is
            // offered the form of a responsibility they do not hold.
            let page = Browser(app)
            try await page.login("engineer")
            let shown = try await page.get("/engineering/projects/\(project)").text
            XCTAssertFalse(shown.contains("/engineering/projects/\(project)/progress"), "[\(engine)] no progress form once settled")
            XCTAssertFalse(shown.contains("/engineering/projects/\(project)/changes\""), "[\(engine)] no change proposal once settled")
            let costPage = Browser(app)
            try await costPage.login("cost")
            let costShown = try await costPage.get("/engineering/projects/\(project)").text
            XCTAssertTrue(costShown.contains("/engineering/projects/\(project)/payments"), "[\(engine)] cost still pays")
            let got21 = try await cost.call(.POST, "/api/v1/payments/\(id(next))/payment", ["paidFen": 100]).status
            XCTAssertEqual(got21, .ok)
        }
    }

    /// The OCDS release package of a zone: the standard's required fields and code lists.
    func testTendersArePublishedAsOCDSReleases() async throws {
        try await eachEngine { app, _ in
            let engineer = try await APIClient.login(app, "engineer")
            let p = try await engineer.call(
                .POST,
                "/api/v1/construction-projects",
                [
                    "code": "O-1", "name": "OCDS 测试", "investmentFen": 1_000_000_000, "owner": "开发公司", "startsOn": "2026-01-01",
                    "endsOn": "2026-12-31",
                ]
            )
            let t = try await engineer.call(
                .POST,
                "/api/v1/tenders",
                [
                    "projectId": id(p), "package": "监理", "category": "services", "method": "singleSource", "estimatedFen": 5_000_000,
                    "issuedOn": "2026-02-01", "bidDeadline": "2026-02-05",
                ]
            )
            // Before any bid: no `tenderers` at all (OCDS leaves an empty list out), and the package's URIs absolute,
            // from the request's Host while no public address is configured, `http://localhost` without one.
            let early = try await engineer.call(.GET, "/api/v1/ocds/releases?zone=pukou", headers: ["Host": "yuanqu.test:8080"])
            XCTAssertEqual(early.json["uri"] as? String, "http://yuanqu.test:8080/api/v1/ocds/releases?zone=pukou")
            XCTAssertEqual((early.json["publisher"] as? [String: Any])?["uri"] as? String, "http://yuanqu.test:8080/")
            let first = (early.json["releases"] as? [[String: Any]] ?? []).first?["tender"] as? [String: Any] ?? [:]
            XCTAssertEqual(first["numberOfTenderers"] as? Int, 0)
            XCTAssertNil(first["tenderers"], "no empty list")
            XCTAssertEqual(OCDSChecks.emptyFields(early.json), [])
            let noHost = try await engineer.call(.GET, "/api/v1/ocds/releases?zone=pukou", headers: ["Host": "a b"])
            XCTAssertEqual(noHost.json["uri"] as? String, "http://localhost/api/v1/ocds/releases?zone=pukou")
            _ = try await engineer.call(.POST, "/api/v1/tenders/\(id(t))/bids", ["bidder": "某监理公司", "amountFen": 4_900_000])
            let bid =
                ((try await engineer.call(.GET, "/api/v1/tenders/\(id(t))").json["bids"] as? [[String: Any]]) ?? [])[0]["id"] as! String
            _ = try await engineer.call(.POST, "/api/v1/tenders/\(id(t))/evaluation", ["reportOn": "2026-02-06", "ranking": [bid]])
            _ = try await engineer.call(.POST, "/api/v1/tenders/\(id(t))/award", ["awardedOn": "2026-02-07"])
            _ = try await engineer.call(.POST, "/api/v1/tenders/\(id(t))/contract", ["signedOn": "2026-02-10", "contractFen": 4_900_000])
            let package = try await engineer.call(.GET, "/api/v1/ocds/releases?zone=pukou")
            XCTAssertEqual(package.status, .ok, package.text)
            XCTAssertEqual(package.json["version"] as? String, "1.1")
            XCTAssertNotNil(package.json["publishedDate"] as? String)
            let releases = package.json["releases"] as? [[String: Any]] ?? []
            XCTAssertEqual(releases.map { ($0["tag"] as? [String])?.first ?? "" }, ["tender", "award", "contract"])
            for r in releases {
                for key in ["ocid", "id", "date", "tag", "initiationType"] { XCTAssertNotNil(r[key], key) }
                XCTAssertTrue((r["ocid"] as? String ?? "").hasPrefix("ocds-xxxxxx-pukou-"), "the placeholder prefix until one is set")
                let tender = r["tender"] as? [String: Any] ?? [:]
                XCTAssertTrue(["open", "selective", "limited", "direct"].contains(tender["procurementMethod"] as? String ?? ""))
                XCTAssertEqual(tender["procurementMethod"] as? String, "direct")
                XCTAssertEqual(tender["procurementMethodDetails"] as? String, "单一来源")
                XCTAssertTrue(["goods", "works", "services"].contains(tender["mainProcurementCategory"] as? String ?? ""))
                let value = tender["value"] as? [String: Any] ?? [:]
                XCTAssertEqual(value["currency"] as? String, "CNY")
                XCTAssertEqual((value["amount"] as? NSNumber)?.doubleValue, 50_000)
            }
            let contract = (releases.last?["contracts"] as? [[String: Any]])?.first ?? [:]
            XCTAssertEqual(((contract["value"] as? [String: Any])?["amount"] as? NSNumber)?.doubleValue, 49_000)
            XCTAssertEqual(OCDSChecks.emptyFields(package.json), [])
        }
    }

    /// The OCDS prefix is the zone's setting (`ocds- ` and six letters or digits, else refused), the ocids of the
    /// release package and of the tenders API start with it; the package's URIs start with `YUANQU_PUBLIC_URL`.
    func testOCDSPrefixSettingAndPublicURL() async throws {
        XCTAssertEqual(PublicURL.normalised(" https://yuanqu.example.gov.cn/ "), "https://yuanqu.example.gov.cn")
        XCTAssertEqual(PublicURL.normalised("http://10.0.0.5:8080"), "http://10.0.0.5:8080")
        for bad in ["/api", "yuanqu.example", "ftp://yuanqu.example", "https://yuanqu.example/?a=1", "https://", "https://u:p@x.example"] {
            XCTAssertNil(PublicURL.normalised(bad), bad)
        }
        try await eachEngine(engineering: true) { app, engine in
            app.config.publicURL = "https://yuanqu.example.gov.cn"
            let admin = Browser(app)
            try await admin.login("admin")
            let page = try await admin.get("/admin/settings")
            XCTAssertTrue(
                page.text.contains("OCDS 前缀") && page.text.contains("ocds-xxxxxx"),
                "[\(engine)] the setting with its placeholder"
            )
            let bad = try await admin.post("/admin/settings", ["ocds.prefix": "ocds-yq-pukou"])
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(engine)]")
            XCTAssertTrue(bad.text.contains("OCDS 前缀须为 ocds- 加 6 位小写字母或数字"), "[\(engine)]")
            let ok = try await admin.post("/admin/settings", ["ocds.prefix": "OCDS-A1B2C3"])
            XCTAssertEqual(ok.status, .ok, "[\(engine)]")

            let leader = try await APIClient.login(app, "leader")
            let package = try await leader.call(.GET, "/api/v1/ocds/releases?zone=pukou", headers: ["Host": "evil.example"])
            XCTAssertEqual(package.json["uri"] as? String, "https://yuanqu.example.gov.cn/api/v1/ocds/releases?zone=pukou")
            XCTAssertEqual((package.json["publisher"] as? [String: Any])?["uri"] as? String, "https://yuanqu.example.gov.cn/")
            let releases = package.json["releases"] as? [[String: Any]] ?? []
            XCTAssertFalse(releases.isEmpty)
            XCTAssertTrue(releases.allSatisfy { ($0["ocid"] as? String ?? "").hasPrefix("ocds-a1b2c3-pukou-") }, "[\(engine)]")
            let tenders = try await leader.call(.GET, "/api/v1/tenders?zone=pukou&limit=5").items
            XCTAssertFalse(tenders.isEmpty)
            XCTAssertTrue(tenders.allSatisfy { ($0["ocid"] as? String ?? "").hasPrefix("ocds-a1b2c3-pukou-") }, "[\(engine)]")
        }
    }

    /// The demo: the seed report's two programmes with their counts and totals, tenders in every state, and its OCDS
    /// release package with the standard's required fields and code lists on every release.
    func testTheDemoProgrammesAndTheirOCDSReleases() async throws {
        try await eachEngine(engineering: true) { app, engine in
            let leader = try await APIClient.login(app, "leader")
            let programmes = try await leader.call(.GET, "/api/v1/programmes?zone=pukou").items
            let figures = programmes.map {
                "\($0["name"] as? String ?? "") \($0["projectCount"] as? Int ?? 0) \($0["totalInvestmentFen"] as? Int ?? 0)"
            }
            XCTAssertEqual(figures.sorted(), ["“四新”行动计划 34 5500000000000", "“新都市”行动计划 25 2370000000000"])
            let tenders = try await leader.call(.GET, "/api/v1/tenders?limit=500").items
            let states = Set(tenders.compactMap { $0["status"] as? String })
            XCTAssertEqual(states, ["awaitingApproval", "open", "evaluated", "publicity", "awarded", "contracted", "failed"])
            let failed = tenders.first { $0["status"] as? String == "failed" }!
            XCTAssertTrue((failed["failedReason"] as? String ?? "").contains("第二十八条"))
            XCTAssertTrue(tenders.contains { $0["retenderOfId"] as? String == failed["id"] as? String })
            XCTAssertTrue(tenders.contains { $0["contractOverdue"] as? Bool == true }, "a contract late under art. 46")
            // What waits for the leader and the engineer on their home pages.
            let home = Browser(app)
            try await home.login("leader")
            let leaderHome = try await home.get("/").text
            XCTAssertTrue(leaderHome.contains("工程待办"), "[\(engine)]")
            XCTAssertTrue(leaderHome.contains("采购方式待审批") && leaderHome.contains("设计变更待会议决定"), "[\(engine)]")
            let engineerHome = Browser(app)
            try await engineerHome.login("engineer")
            let engineerText = try await engineerHome.get("/").text
            XCTAssertTrue(engineerText.contains("中标后逾 30 日未签合同"), "[\(engine)] the late contract")
            XCTAssertFalse(engineerText.contains("采购方式待审批"), "[\(engine)] approvals are the leaders'")
            let evaluated = try await home.get("/engineering/tenders?status=evaluated").text
            XCTAssertTrue(evaluated.contains("招标投标法实施条例第五十四条"), "[\(engine)] candidates not publicised within 3 days are marked")

            let package = try await leader.call(.GET, "/api/v1/ocds/releases?zone=pukou")
            let releases = package.json["releases"] as? [[String: Any]] ?? []
            XCTAssertGreaterThan(releases.count, tenders.count)
            XCTAssertEqual(Set(releases.map { $0["id"] as? String ?? "" }).count, releases.count, "release ids are unique")
            XCTAssertEqual(OCDSChecks.emptyFields(package.json), [], "[\(engine)] no empty string, list or object")
            for r in releases {
                for key in ["ocid", "id", "date", "tag", "initiationType"] { XCTAssertNotNil(r[key], key) }
                XCTAssertEqual(r["initiationType"] as? String, "tender")
                let tender = r["tender"] as? [String: Any] ?? [:]
                XCTAssertTrue(
                    ["open", "selective", "limited", "direct"].contains(tender["procurementMethod"] as? String ?? ""),
                    "\(tender)"
                )
                XCTAssertTrue(["goods", "works", "services"].contains(tender["mainProcurementCategory"] as? String ?? ""))
                XCTAssertEqual((tender["value"] as? [String: Any])?["currency"] as? String, "CNY")
                XCTAssertNotNil((tender["value"] as? [String: Any])?["amount"] as? NSNumber)
                for award in r["awards"] as? [[String: Any]] ?? [] {
                    XCTAssertFalse((award["suppliers"] as? [[String: Any]] ?? []).isEmpty)
                    XCTAssertEqual((award["value"] as? [String: Any])?["currency"] as? String, "CNY")
                }
            }
        }
    }

    /// Clarifications move the deadline (实施条例 art. 21), late objections to the documents are refused (art. 22), and a
    /// holder's move to another unit is refused when one unit would hold two responsibilities, else the holding follows.
    func testClarificationsObjectionsAndAHoldersMove() async throws {
        try await eachEngine { app, engine in
            let engineer = try await APIClient.login(app, "engineer")
            let hr = try await APIClient.login(app, "hr")
            let p = try await engineer.call(
                .POST,
                "/api/v1/construction-projects",
                [
                    "code": "C-1", "name": "澄清测试", "investmentFen": 1_000_000_000, "owner": "开发公司", "startsOn": "2026-01-01",
                    "endsOn": "2026-12-31",
                ]
            )
            let project = id(p)
            let builder = try await person(app, user: "engineer")
            let costing = try await person(app, user: "cost")
            let works = try await unit(engineer, named: "工程管理部")
            let costUnit = try await unit(engineer, named: "造价合约部")
            let office = try await unit(engineer, named: "综合办公室")
            _ = try await engineer.call(
                .PUT,
                "/api/v1/construction-projects/\(project)/holders",
                [
                    "cost": ["unitId": costUnit.id!.uuidString, "personId": costing.id!.uuidString],
                    "construction": ["unitId": works.id!.uuidString, "personId": builder.id!.uuidString],
                ]
            )
            let t = try await engineer.call(
                .POST,
                "/api/v1/tenders",
                [
                    "projectId": project, "package": "施工", "category": "works", "method": "invitedTender", "estimatedFen": 5_000_000_000,
                    "issuedOn": "2026-03-01", "bidDeadline": "2026-03-21",
                ]
            )
            let tender = id(t)
            let clarify = "/api/v1/tenders/\(tender)/clarifications"
            let late = try await engineer.call(.POST, clarify, ["issuedOn": "2026-03-10", "affectsBids": true, "note": "工程量清单修正"])
            XCTAssertEqual(late.errorField, "bidDeadline", "[\(engine)] \(late.text)")
            XCTAssertTrue(late.errorMessage.contains("第二十一条"), late.errorMessage)
            let got101 = try await app.count(TenderClarification.self)
            XCTAssertEqual(got101, 0)
            let moved = try await engineer.call(
                .POST,
                clarify,
                ["issuedOn": "2026-03-10", "affectsBids": true, "note": "工程量清单修正", "newDeadline": "2026-03-25"]
            )
            XCTAssertEqual(moved.json["bidDeadline"] as? String, "2026-03-25", moved.text)
            let objections = "/api/v1/tenders/\(tender)/objections"
            let tooLate = try await engineer.call(
                .POST,
                objections,
                ["stage": "documents", "raisedOn": "2026-03-16", "raisedBy": "某公司", "text": "资格条件排斥潜在投标人"]
            )
            XCTAssertEqual(tooLate.errorField, "raisedOn")
            XCTAssertTrue(tooLate.errorMessage.contains("第二十二条"), tooLate.errorMessage)
            let inTime = try await engineer.call(
                .POST,
                objections,
                ["stage": "documents", "raisedOn": "2026-03-15", "raisedBy": "某公司", "text": "资格条件排斥潜在投标人"]
            )
            XCTAssertEqual((inTime.json["objections"] as? [Any])?.count, 1, inTime.text)

            // The construction holder moving into the cost unit is refused; moving to the general office carries the holding.
            let refused = try await hr.call(
                .PATCH,
                "/api/v1/people/\(builder.id!.uuidString)",
                ["unitId": costUnit.id!.uuidString, "postId": ""]
            )
            XCTAssertEqual(refused.status, .conflict, refused.text)
            XCTAssertTrue(refused.errorMessage.contains("三责分立"), refused.errorMessage)
            let got102 = try await Person.find(builder.id!, on: app.db)?.unitID
            XCTAssertEqual(got102, works.id)
            let allowed = try await hr.call(
                .PATCH,
                "/api/v1/people/\(builder.id!.uuidString)",
                ["unitId": office.id!.uuidString, "postId": ""]
            )
            XCTAssertEqual(allowed.status, .ok, allowed.text)
            let after = try await engineer.call(.GET, "/api/v1/construction-projects/\(project)")
            let construction = (after.json["holders"] as? [String: Any])?["construction"] as? [String: Any]
            XCTAssertEqual(construction?["unitName"] as? String, "综合办公室")
        }
    }

    /// Projects and audit firms come in from the offices' spreadsheets: all rows or none, each bad row named.
    func testProjectsAndFirmsImportFromSpreadsheets() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("engineer")
            try await b.get("/engineering/projects/import")
            let header = "项目编号,项目名称,行动计划,地点,总投资（万元）,财政资金（万元）,建设单位,项目部,重点项目（是/否）,阶段,计划开工,计划完工\r\n"
            let bad =
                "\u{FEFF}" + header + "SX-101,综合管廊（二期）,,桥林,86000,20000,开发公司,管廊项目部,是,前期,2027-03-01,2028-12-31\r\n"
                + "SX-102,邻里中心,不存在的计划,,9000,,开发公司,,否,设计,2027-01-01,2027-12-31\r\n"
                + "SX-103,道路,,,一千,,开发公司,,也许,施工,2027-01-01,2026-12-31\r\n"
            let refused = try await b.upload("/engineering/projects/import", file: bad)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(engine)]")
            XCTAssertTrue(refused.text.contains(">3</td>") && refused.text.contains("没有名为“不存在的计划”的行动计划"), refused.text)
            XCTAssertTrue(refused.text.contains(">4</td>"), "line 4: the amount, the flag and the dates")
            let none = try await app.count(ConstructionProject.self)
            XCTAssertEqual(none, 0, "nothing written")
            let good = header + "SX-101,综合管廊（二期）,,桥林,86000,20000,开发公司,管廊项目部,是,前期,2027-03-01,2028-12-31\r\n"
            let imported = try await b.upload("/engineering/projects/import", file: good)
            XCTAssertTrue(imported.text.contains("导入成功：共 1 条记录"), imported.text)
            let project = try await ConstructionProject.query(on: app.db).first()!
            XCTAssertEqual(project.investmentFen, Money.wan(86_000).fen)
            XCTAssertTrue(project.isKey)
            XCTAssertEqual(project.stage, "preparation")

            let cost = Browser(app)
            try await cost.login("cost")
            try await cost.get("/engineering/audit-firms/import")
            let firms = "单位名称,统一社会信用代码,资质（以、分隔）,关联单位（以、分隔）\n甲咨询,,跟踪审计、造价咨询,乙建设集团；丙建设集团\n"
            let firmReply = try await cost.upload("/engineering/audit-firms/import", file: firms)
            XCTAssertTrue(firmReply.text.contains("导入成功"), firmReply.text)
            let firm = try await AuditFirm.query(on: app.db).first()!
            XCTAssertEqual(AuditFirmService.lines(firm.qualifications), ["跟踪审计", "造价咨询"])
            XCTAssertEqual(AuditFirmService.lines(firm.related), ["乙建设集团", "丙建设集团"])
            let denied = try await b.get("/engineering/audit-firms/import")
            XCTAssertEqual(denied.status, .forbidden, "engineers keep no registry")
        }
    }
}

/// What the OCDS Data Review Tool's `empty_field` check finds (`libcoveocds`; `scripts/ocds-check` runs the tool).
enum OCDSChecks {
    /// The paths of the strings (blank ones too), lists and objects that are there but empty.
    static func emptyFields(_ json: Any, path: String = "") -> [String] {
        switch json {
        case let s as String: return s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? [path] : []
        case let list as [Any]:
            return list.isEmpty ? [path] : list.enumerated().flatMap { emptyFields($0.element, path: path + "/\($0.offset)") }
        case let object as [String: Any]:
            return object.isEmpty ? [path] : object.sorted { $0.key < $1.key }.flatMap { emptyFields($0.value, path: path + "/" + $0.key) }
        default: return []
        }
    }
}
