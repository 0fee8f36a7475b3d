import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class CampaignPageTests: XCTestCase {
    func testDemoHasACampaignAtEveryKindOfStage() async throws {
        try await eachEngine { app, _ in
            let campaigns = try await Campaign.query(on: app.db).all()
            XCTAssertEqual(
                Set(campaigns.map { "\($0.kind.rawValue):\($0.stage.rawValue)" }),
                ["competitive:appointment", "openSelection:publicity", "publicRecruitment:registration"]
            )
            let competitive = campaigns.first { $0.kind == .competitive }!
            let (result, _) = try await CampaignService.selection(competitive, on: app.db)
            XCTAssertGreaterThan(result.unmatched.count, 0, "some candidates are left for adjustment")
            let _v301 = try await Appointment.query(on: app.db).filter(\.$campaignID == competitive.id!).count()
            XCTAssertGreaterThan(_v301, 0)
            let b = Browser(app)
            try await b.login("hr")
            let board = try await b.get("/campaigns")
            for title in campaigns.map(\.title) { XCTAssertTrue(board.text.contains(title), title) }
            let page = try await b.get("/campaigns/\(competitive.id!)")
            XCTAssertTrue(page.text.contains("双向选择"))
            XCTAssertTrue(page.text.contains("未匹配"))
            XCTAssertTrue(page.text.contains("去掉最高"), "each total shows how it was made")
        }
    }

    func testPublicRegistrationNeedsNoAccountGivesACodeAndIsRateLimited() async throws {
        try await eachEngine { app, _ in
            let c = try await Campaign.query(on: app.db).filter(\.$kind == .publicRecruitment).first()!
            let offer = try await CampaignPost.query(on: app.db).filter(\.$campaignID == c.id!).first()!
            let visitor = Browser(app)
            let form = try await visitor.get("/public/campaigns/\(c.publicToken)")
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(form.text.contains("提交报名"))
            let bad = try await visitor.post(
                "/public/campaigns/\(c.publicToken)",
                [
                    "postIds": offer.postID.uuidString, "name": "钱多多", "residentId": "320106199501010001",
                    "phone": "13912340000", "education": "bachelor", "origin": "public",
                ]
            )
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains("身份证号无效"))
            let rid = "32010619950101002" + String(ResidentID.checkCharacter(forFirst17: "32010619950101002")!)
            let ok = try await visitor.post(
                "/public/campaigns/\(c.publicToken)",
                [
                    "postIds": offer.postID.uuidString, "name": "钱多多", "residentId": rid,
                    "phone": "13912340000", "education": "bachelor", "origin": "public", "formerEmployer": "某设计院",
                ]
            )
            XCTAssertEqual(ok.status, .ok, ok.text)
            let code = String(ok.text[ok.text.range(of: "class=\"lookup-code\">")!.upperBound...].prefix(8))
            XCTAssertEqual(code.count, 8)
            let _v302 = try await Candidate.query(on: app.db).filter(\.$residentID == rid).first()?.nomination
            XCTAssertEqual(_v302, .publicRegistration)
            // The registrant looks up their status with the code; a wrong code says nothing.
            try await visitor.get("/public/campaigns/\(c.publicToken)/status")
            let wrong = try await visitor.post("/public/campaigns/\(c.publicToken)/status", ["residentId": rid, "code": "00000000"])
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            let status = try await visitor.post("/public/campaigns/\(c.publicToken)/status", ["residentId": rid, "code": String(code)])
            XCTAssertTrue(status.text.contains("待审查"), status.text)
            // Without the form's token the post is refused (and counts for nothing).
            let _v303 = try await Browser(app).post("/public/campaigns/\(c.publicToken)", ["name": "x"], withCSRF: false).status
            XCTAssertEqual(_v303, .forbidden)
            // An address gets ten tries in ten minutes, registrations and look-ups together: four are used above
            // (the refused and the accepted registration, the wrong and the right code); the eleventh is refused.
            var statuses: [HTTPStatus] = []
            for _ in 5...12 {
                statuses.append(
                    try await visitor.post("/public/campaigns/\(c.publicToken)/status", ["residentId": rid, "code": "1"]).status
                )
            }
            XCTAssertEqual(statuses, Array(repeating: .unprocessableEntity, count: 6) + [.tooManyRequests, .tooManyRequests])
            let _v304 = try await Browser(app).get("/public/campaigns/not-a-token").status
            XCTAssertEqual(_v304, .notFound)
        }
    }

    func testNoCampaignPageExportOrAnswerShowsWhereCandidatesComeFrom() async throws {
        try await eachEngine { app, _ in
            // Candidates' origins and employers, and the sealed records of the zone's own people.
            let words =
                [
                    "区内机关", "区属国有企业", "社会人员", "浦口区发改委", "浦口区经济信息中心", "浦口区城建集团", "浦口区统计局", "某咨询公司", "南京某研究院",
                    "districtAgency", "publicInstitution", "districtSOE", "formerEmployer", "origin",
                ] + SealedRecordTests.sealedWords
            let b = Browser(app)
            try await b.login("hr")
            let api = try await APIClient.login(app, "hr")
            for c in try await Campaign.query(on: app.db).all() {
                var texts = [("page", try await b.get("/campaigns/\(c.id!)").text)]
                if c.stage >= .publicity {
                    texts.append(("notice", try await b.get("/campaigns/\(c.id!)/notice").text))
                    let csv = try await b.get("/campaigns/\(c.id!)/notice.csv").text
                    XCTAssertTrue(csv.hasPrefix("\u{FEFF}序号,姓名,性别,拟聘单位,拟聘岗位"), "the notice as a spreadsheet")
                    texts.append(("notice csv", csv))
                    texts.append(("public notice", try await Browser(app).get("/public/notices/\(c.publicToken)").text))
                }
                if c.stage >= .ranking { texts.append(("export", try await b.get("/campaigns/\(c.id!)/results.csv").text)) }
                texts.append(("api candidates", try await api.call(.GET, "/api/v1/campaigns/\(c.id!)/candidates").text))
                texts.append(("api ranking", try await api.call(.GET, "/api/v1/campaigns/\(c.id!)/ranking").text))
                texts.append(("board", try await b.get("/campaigns").text))
                for (what, text) in texts {
                    for w in words where text.contains(w) { XCTFail("\(c.title) \(what) shows \(w)") }
                }
            }
        }
    }

    func testOpeningACampaignFromTheFormAndEnteringScoresOnTheSheet() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("hr")
            try await b.get("/campaigns/new")
            let post = try await Post.query(on: app.db).filter(\.$title == "财务管理岗").first()!
            let missing = try await b.post(
                "/campaigns",
                ["kind": "openSelection", "title": "", "body": "committee", "items": "综合 60\n专业 30"]
            )
            XCTAssertEqual(missing.status, .unprocessableEntity)
            XCTAssertTrue(missing.text.contains("请填写名称"))
            XCTAssertTrue(missing.text.contains("权重合计应为 100，现为 90"))
            XCTAssertTrue(missing.text.contains("请至少选择一个岗位"))
            let made = try await b.post(
                "/campaigns",
                [
                    "kind": "openSelection", "title": "财务岗公开遴选", "body": "committee", "items": "综合 60\n专业 40",
                    "writtenWeight": "0", "dropExtremesFrom": "5", "publicityDays": "5", "places_\(post.id!)": "1",
                ]
            )
            XCTAssertEqual(made.status, .seeOther, made.text)
            let c = try await Campaign.query(on: app.db).filter(\.$title == "财务岗公开遴选").first()!
            let api = try await APIClient.login(app, "hr")
            let rid = "32010619900101003" + String(ResidentID.checkCharacter(forFirst17: "32010619900101003")!)
            let cand = try await api.call(
                .POST,
                "/api/v1/campaigns/\(c.id!)/candidates",
                ["name": "测试", "residentId": rid, "phone": "13900001111", "origin": "districtAgency", "postIds": [post.id!.uuidString]]
            )
            XCTAssertEqual(cand.status, .created, cand.text)
            try await b.get("/campaigns/\(c.id!)")
            let _v305 = try await b.post("/campaigns/\(c.id!)/stage", ["to": "review"]).status
            XCTAssertEqual(_v305, .seeOther)
            let cid = cand.json["id"] as! String
            let _v306 = try await b.post("/campaigns/\(c.id!)/candidates/\(cid)/review", ["passed": "true"]).status
            XCTAssertEqual(_v306, .seeOther)
            let _v307 = try await b.post("/campaigns/\(c.id!)/panel", ["members": "甲评委\n乙评委"]).status
            XCTAssertEqual(_v307, .seeOther)
            let skipped = try await b.post("/campaigns/\(c.id!)/stage", ["to": "ranking"])
            XCTAssertEqual(skipped.status, .conflict)
            XCTAssertTrue(skipped.text.contains("不能跳过"))
            let _v308 = try await b.post("/campaigns/\(c.id!)/stage", ["to": "interview"]).status
            XCTAssertEqual(_v308, .seeOther)
            let sheet = try await b.get("/campaigns/\(c.id!)/scores")
            XCTAssertTrue(sheet.text.contains("甲评委"))
            let members = try await PanelMember.query(on: app.db).filter(\.$campaignID == c.id!).sort(\.$sortOrder).all()
            var form: [String: String] = [:]
            for m in members {
                form["s_\(cid)_\(m.id!)_0"] = "80"
                form["s_\(cid)_\(m.id!)_1"] = "90.5"
            }
            let bad = try await b.post("/campaigns/\(c.id!)/scores", form.merging(["s_\(cid)_\(members[0].id!)_1": "九十"]) { $1 })
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains("不是数字"))
            let savedAfterRefusal = try await ScoreSheet.query(on: app.db).filter(\.$candidateID == UUID(uuidString: cid)!).count()
            XCTAssertEqual(savedAfterRefusal, 0, "a refused sheet saves nothing")
            let _v311 = try await b.post("/campaigns/\(c.id!)/scores", form).status
            XCTAssertEqual(_v311, .seeOther)
            let ranking = try await api.call(.GET, "/api/v1/campaigns/\(c.id!)/ranking")
            let row = ((ranking.json["posts"] as! [[String: Any]])[0]["rows"] as! [[String: Any]])[0]
            XCTAssertEqual(row["total"] as? Double, 84.2, "80 × 60% + 90.5 × 40%")
        }
    }

    func testCandidatesAndScoresImportAllOrNothing() async throws {
        try await eachEngine { app, _ in
            let c = try await Campaign.query(on: app.db).filter(\.$kind == .publicRecruitment).first()!
            let before = try await Candidate.query(on: app.db).filter(\.$campaignID == c.id!).count()
            let b = Browser(app)
            try await b.login("hr")
            try await b.get("/campaigns/\(c.id!)/import/candidates")
            let good = "32010619910101004" + String(ResidentID.checkCharacter(forFirst17: "32010619910101004")!)
            let csv = "身份证号,姓名,手机,学历,人员来源,报考岗位\n\(good),赵一,13900002222,大学本科,社会人员,规划管理岗\n320106199101010050,钱二,13900003333,大学本科,社会人员,规划管理岗\n"
            let bad = try await b.upload("/campaigns/\(c.id!)/import/candidates", file: csv)
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains(">3</td>") && bad.text.contains("身份证号无效"), bad.text)
            let unchanged = try await Candidate.query(on: app.db).filter(\.$campaignID == c.id!).count()
            XCTAssertEqual(unchanged, before)
            let ok = try await b.upload(
                "/campaigns/\(c.id!)/import/candidates",
                file: "身份证号,姓名,手机,学历,人员来源,报考岗位\n\(good),赵一,13900002222,大学本科,社会人员,规划建设部·规划管理岗\n"
            )
            XCTAssertEqual(ok.status, .ok, ok.text)
            let after = try await Candidate.query(on: app.db).filter(\.$campaignID == c.id!).count()
            XCTAssertEqual(after, before + 1)

            // Scores: one campaign at the interview stage.
            let api = try await APIClient.login(app, "hr")
            let post = try await Post.query(on: app.db).filter(\.$title == "会计").first()!
            let id =
                try await api.call(
                    .POST,
                    "/api/v1/campaigns",
                    [
                        "kind": "openSelection", "title": "会计岗遴选", "body": "company",
                        "posts": [["postId": post.id!.uuidString, "places": 1]],
                        "items": [["name": "专业", "weight": 100]], "writtenWeight": 50,
                    ]
                ).json["id"] as! String
            let rid = "32010619920101006" + String(ResidentID.checkCharacter(forFirst17: "32010619920101006")!)
            let cid =
                try await api.call(
                    .POST,
                    "/api/v1/campaigns/\(id)/candidates",
                    ["name": "孙三", "residentId": rid, "phone": "13900004444", "origin": "districtSOE", "postIds": [post.id!.uuidString]]
                ).json["id"] as! String
            try await api.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "review"])
            try await api.call(.POST, "/api/v1/campaigns/\(id)/candidates/\(cid)/review", ["passed": true])
            try await api.call(.POST, "/api/v1/campaigns/\(id)/panel", ["members": ["甲", "乙"]])
            try await api.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "interview"])
            try await b.get("/campaigns/\(id)/import/scores")
            let badScores = try await b.upload("/campaigns/\(id)/import/scores", file: "姓名,评委,专业,笔试\n孙三,甲,88,79\n孙三,丙,90,\n")
            XCTAssertEqual(badScores.status, .unprocessableEntity)
            XCTAssertTrue(badScores.text.contains("评委不在本次面试评委名单中"))
            let none = try await ScoreSheet.query(on: app.db).filter(\.$candidateID == UUID(uuidString: cid)!).count()
            XCTAssertEqual(none, 0)
            let okScores = try await b.upload("/campaigns/\(id)/import/scores", file: "姓名,评委,专业,笔试\n孙三,甲,88,79\n孙三,乙,90,\n")
            XCTAssertEqual(okScores.status, .ok, okScores.text)
            // The imported sheets are what the ranking is made of: 专业 88 and 90 (no extremes dropped from two
            // sheets) give an interview score of 89, the written test 79, each weighing half: 84.
            let ranking = try await api.call(.GET, "/api/v1/campaigns/\(id)/ranking")
            let posts = ranking.json["posts"] as? [[String: Any]] ?? []
            XCTAssertEqual(posts.count, 1, ranking.text)
            let rows = posts.first?["rows"] as? [[String: Any]] ?? []
            XCTAssertEqual(rows.count, 1, ranking.text)
            XCTAssertEqual(rows.first?["candidateId"] as? String, cid)
            XCTAssertEqual(rows.first?["sheetTotals"] as? [Double], [88, 90])
            XCTAssertEqual(rows.first?["interview"] as? Double, 89)
            XCTAssertEqual(rows.first?["written"] as? Double, 79)
            XCTAssertEqual(rows.first?["total"] as? Double, 84)
            XCTAssertEqual(posts.first?["unscored"] as? [String], [])
            let _v401 = try await api.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "ranking"]).status
            XCTAssertEqual(_v401, .ok)
        }
    }
}

final class PersonRecordTests: XCTestCase {
    /// Someone appointed through the demo's competitive campaign: their page shows the post as 单位·岗位, the campaign
    /// it came from, the contract, and the campaign entered with its result.
    func testAPersonsPageShowsAppointmentContractAndCampaignResult() async throws {
        try await eachEngine { app, engine in
            let appointment = try await Appointment.query(on: app.db).filter(\.$campaignID != nil).first()!
            let campaign = try await Campaign.find(appointment.campaignID, on: app.db)!
            let post = try await Post.find(appointment.postID, on: app.db)!
            let unit = try await OrgUnit.find(post.unitID, on: app.db)!
            let b = Browser(app)
            try await b.login("hr")
            let page = try await b.get("/people/\(appointment.personID)")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains(unit.name + "·" + post.title), "[\(engine)] the post with its unit")
            XCTAssertTrue(page.text.contains("href=\"/campaigns/\(campaign.id!)\""), "[\(engine)] the campaign it came from")
            XCTAssertTrue(page.text.contains("劳动合同"))
            XCTAssertTrue(page.text.contains("（已聘 " + unit.name + "·" + post.title + "）"), "[\(engine)] the campaign's result")
        }
    }
}
