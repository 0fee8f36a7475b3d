import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class OrganisationTests: XCTestCase {
    func testDemoZoneIsTheSeedsZone() async throws {
        try await eachEngine { app, _ in
            let zone = try await Zone.query(on: app.db).filter(\.$code == "pukou").first()!
            XCTAssertEqual(zone.name, "浦口经济开发区")
            let committee = try await ZoneBody.query(on: app.db).filter(\.$kind == .committee).first()!
            let company = try await ZoneBody.query(on: app.db).filter(\.$kind == .company).first()!
            XCTAssertEqual(company.name, "南京浦口经济开发有限公司")
            let units = try await OrgUnit.query(on: app.db).filter(\.$bodyID == committee.id!).all()
            // 五部一中心: five departments and the investment promotion centre, four of them main business.
            XCTAssertEqual(units.filter { $0.kind == .department }.count, 5)
            XCTAssertEqual(units.filter { $0.kind == .centre }.map(\.name), ["招商中心"])
            let ratio = MainBusiness.ratio(units.map { (kind: $0.kind, isMainBusiness: $0.isMainBusiness) })!
            XCTAssertEqual(ratio, 4.0 / 6.0, accuracy: 1e-9)
            // Exactly one deliberate overlap.
            let all = try await OrgUnit.query(on: app.db).all()
            let overlaps = Duties.overlaps(all.map { (id: $0.id!.uuidString, duties: $0.dutyList) })
            XCTAssertEqual(overlaps.map(\.duty), ["企业诉求受理"])
            // About 120 people, every post within the caps.
            let people = try await app.count(Person.self)
            XCTAssertTrue((110...130).contains(people), "\(people) people")
            for b in [committee, company] {
                let total = try await OrgQueries.headcountTotal(body: b.id!, on: app.db)
                XCTAssertLessThanOrEqual(total, b.headcountCap)
            }
            let _v1 = try await SealedRecord.query(on: app.db).count()
            XCTAssertEqual(_v1, people)
            let _v2 = try await Writes.verifyChain(on: app.db).broken
            XCTAssertNil(_v2)
        }
    }

    func testUnitsPageShowsRatioOverlapAndFilters() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("leader")
            let page = try await b.get("/units")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("66.7%"), "main-business ratio")
            let overlaps = String(page.text[page.text.range(of: "id=\"overlaps\"")!.lowerBound...])
            XCTAssertTrue(overlaps.contains("企业诉求受理"))
            XCTAssertTrue(overlaps.contains("企业服务部") && overlaps.contains("招商中心"))
            let teams = try await b.get("/units?kind=team&sort=name")
            XCTAssertTrue(teams.text.contains("招商一组"))
            XCTAssertFalse(teams.text.contains(">综合管理部<"))
            XCTAssertTrue(teams.text.contains("共 5 条"))
            let searched = try await b.get("/units?q=%E6%8B%9B%E5%95%86")  // 招商
            XCTAssertTrue(searched.text.contains("共 6 条"), "招商中心 and five teams")
        }
    }

    func testHeadcountCapEqualIsAllowedOneMoreIsRefusedWithFigures() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "hr")
            let unit = try await app.unit(named: "经济发展部")
            let committee = try await ZoneBody.find(unit.bodyID, on: app.db)!
            let total = try await OrgQueries.headcountTotal(body: committee.id!, on: app.db)
            let room = committee.headcountCap - total
            XCTAssertGreaterThan(room, 0)
            let equal = try await api.call(
                .POST,
                "/api/v1/posts",
                ["unitId": unit.id!.uuidString, "title": "数据分析岗", "tier": "staff", "headcount": room]
            )
            XCTAssertEqual(equal.status, .created, equal.text)
            XCTAssertEqual(equal.json["headcount"] as? Int, room)
            XCTAssertEqual(equal.json["unitId"] as? String, unit.id!.uuidString)
            let events = try await app.count(AuditEvent.self)
            let over = try await api.call(
                .POST,
                "/api/v1/posts",
                ["unitId": unit.id!.uuidString, "title": "统计岗", "tier": "staff", "headcount": 1]
            )
            XCTAssertEqual(over.status, .conflict)
            XCTAssertEqual(over.errorField, "headcount")
            XCTAssertTrue(over.errorMessage.contains("上限 \(committee.headcountCap) 人"), over.errorMessage)
            XCTAssertTrue(over.errorMessage.contains("合计 \(committee.headcountCap) 人"), over.errorMessage)
            XCTAssertTrue(over.errorMessage.contains("增加 1 人"), over.errorMessage)
            let _v3 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v3, events, "a refused request writes nothing")
            // Enlarging an existing post beyond the cap is refused the same way.
            let id = equal.json["id"] as! String
            let enlarge = try await api.call(.PATCH, "/api/v1/posts/\(id)", ["headcount": room + 1])
            XCTAssertEqual(enlarge.status, .conflict)
            XCTAssertEqual(enlarge.errorField, "headcount")
            let _v4 = try await api.call(.PATCH, "/api/v1/posts/\(id)", ["headcount": room - 1]).status
            XCTAssertEqual(_v4, .ok)
        }
    }

    func testFourthTierAndWrongParentsAreRefused() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "admin")
            let team = try await app.unit(named: "招商一组")
            let r = try await api.call(
                .POST,
                "/api/v1/units",
                ["body": "committee", "kind": "team", "name": "招商一组一分队", "parentId": team.id!.uuidString]
            )
            XCTAssertEqual(r.status, .conflict)
            XCTAssertEqual(r.errorField, "parentId")
            XCTAssertTrue(r.errorMessage.contains("三级"), r.errorMessage)
            let dept = try await app.unit(named: "经济发展部")
            let nested = try await api.call(
                .POST,
                "/api/v1/units",
                ["body": "committee", "kind": "department", "name": "二级部门", "parentId": dept.id!.uuidString]
            )
            XCTAssertEqual(nested.status, .conflict)
            XCTAssertEqual(nested.errorField, "parentId")
            let ok = try await api.call(
                .POST,
                "/api/v1/units",
                [
                    "body": "committee", "kind": "team", "name": "产业研究小组", "parentId": dept.id!.uuidString, "isMainBusiness": true,
                    "duties": ["产业研究"],
                ]
            )
            XCTAssertEqual(ok.status, .created, ok.text)
            XCTAssertEqual(Set(ok.json.keys), ["id", "zone", "body", "kind", "name", "parentId", "isMainBusiness", "duties"])
            XCTAssertEqual(ok.json["zone"] as? String, "pukou")
            // A team holds staff posts only: a head post would be a fourth tier.
            let head = try await api.call(
                .POST,
                "/api/v1/posts",
                ["unitId": ok.json["id"] as! String, "title": "组长", "tier": "head", "headcount": 1]
            )
            XCTAssertEqual(head.status, .conflict)
            XCTAssertEqual(head.errorField, "tier")
            let top = try await api.call(.GET, "/api/v1/units?kind=leadership")
            let leaderships = try await OrgUnit.query(on: app.db).filter(\.$kind == .leadership).count()
            XCTAssertGreaterThan(leaderships, 0)
            XCTAssertEqual(top.items.count, leaderships, "every leadership unit, and only those")
            XCTAssertTrue(top.items.allSatisfy { $0["kind"] as? String == "leadership" })
            XCTAssertTrue(top.items.allSatisfy { $0["parentId"] is NSNull }, "parentId is present and null at the top")
        }
    }

    func testResidentIDIsCheckedAndShownMasked() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "hr")
            let unit = try await app.unit(named: "经济发展部")
            let body: [String: Any] = [
                "unitId": unit.id!.uuidString, "name": "赵测试", "residentId": "11010519491231002X",
                "phone": "13912345678", "formerIdentity": "civilServant", "formerEmployer": "某局",
            ]
            var bad = body
            bad["residentId"] = "110105194912310021"
            let r = try await api.call(.POST, "/api/v1/people", bad)
            XCTAssertEqual(r.status, .conflict)
            XCTAssertEqual(r.errorField, "residentId")
            XCTAssertTrue(r.errorMessage.contains("校验位"), r.errorMessage)
            let ok = try await api.call(.POST, "/api/v1/people", body)
            XCTAssertEqual(ok.status, .created, ok.text)
            XCTAssertEqual(ok.json["birthDate"] as? String, "1949-12-31")
            XCTAssertEqual(ok.json["gender"] as? String, "female")
            XCTAssertEqual(ok.json["residentIdMasked"] as? String, "110105********002X")
            XCTAssertFalse(ok.text.contains("11010519491231002X"))
            let dup = try await api.call(.POST, "/api/v1/people", body)
            XCTAssertEqual(dup.status, .conflict)
            XCTAssertEqual(dup.errorField, "residentId")
        }
    }

    func testThePeopleListShowsAWriteAtOnceThoughItsAnswerIsKept() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "hr")
            let path = "/api/v1/people?gender=female&sort=name&limit=500"
            let before = try await api.call(.GET, path)
            let again = try await api.call(.GET, path)
            XCTAssertEqual(again.text, before.text, "the kept answer")
            let total = before.json["total"] as? Int ?? -1
            let unit = try await app.unit(named: "经济发展部")
            let created = try await api.call(
                .POST,
                "/api/v1/people",
                ["unitId": unit.id!.uuidString, "name": "艾新人", "residentId": "11010519491231002X", "phone": "13912345678"]
            )
            XCTAssertEqual(created.status, .created, created.text)
            let after = try await api.call(.GET, path)
            XCTAssertEqual(after.json["total"] as? Int, total + 1)
            let names = (after.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            XCTAssertEqual(names.first, "艾新人", "in pinyin order, at once")
            let id = created.json["id"] as? String ?? ""
            let renamed = try await api.call(.PATCH, "/api/v1/people/\(id)", ["name": "祝新人"])
            XCTAssertEqual(renamed.status, .ok, renamed.text)
            let last = try await api.call(.GET, path)
            let renamedNames = (last.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            XCTAssertTrue(renamedNames.contains("祝新人") && !renamedNames.contains("艾新人"))
        }
    }

    func testFormErrorsGoBackIntoTheFormWithTheValuesTyped() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("admin")
            try await b.get("/units/new")
            let r = try await b.post("/units", ["body": "committee", "kind": "", "name": "", "parentId": "", "duties": "规划研究"])
            XCTAssertEqual(r.status, .unprocessableEntity)
            XCTAssertTrue(r.text.contains("请填写单位名称"))
            XCTAssertTrue(r.text.contains("请选择单位类型"))
            XCTAssertTrue(r.text.contains("规划研究"), "typed duties stay in the form")
            XCTAssertTrue(r.text.contains("aria-invalid=\"true\""))
        }
    }

    func testUnitEditAndDeleteFromPages() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("admin")
            let dept = try await app.unit(named: "财政金融部")
            let edit = try await b.get("/units/\(dept.id!)/edit")
            XCTAssertTrue(edit.text.contains("财政金融部"))
            let r = try await b.post(
                "/units/\(dept.id!)",
                [
                    "kind": "department", "name": "财政金融部", "parentId": dept.parentID!.uuidString, "isMainBusiness": "true",
                    "duties": "财政预算与决算\n国有资产监管",
                ]
            )
            XCTAssertEqual(r.status, .seeOther)
            let changed = try await OrgUnit.find(dept.id!, on: app.db)!
            XCTAssertTrue(changed.isMainBusiness)
            XCTAssertEqual(changed.dutyList, ["财政预算与决算", "国有资产监管"])
            let event = try await AuditEvent.query(on: app.db).filter(\.$entityID == dept.id!.uuidString).filter(\.$action == "update")
                .first()!
            XCTAssertTrue(event.before!.contains("\"isMainBusiness\":false"))
            XCTAssertTrue(event.after!.contains("\"isMainBusiness\":true"))
            // A unit with posts cannot be deleted; an empty one can.
            let refused = try await b.post("/units/\(dept.id!)/delete", [:])
            XCTAssertEqual(refused.status, .conflict)
            XCTAssertTrue(refused.text.contains("不能删除"))
            let api = try await APIClient.login(app, "admin")
            let made = try await api.call(.POST, "/api/v1/units", ["body": "company", "kind": "department", "name": "临时部门"])
            let _v5 = try await b.post("/units/\(made.json["id"] as! String)/delete", [:]).status
            XCTAssertEqual(_v5, .seeOther)
            let _v6 = try await api.call(.GET, "/api/v1/units/\(made.json["id"] as! String)").status
            XCTAssertEqual(_v6, .notFound)
        }
    }

    func testOrgChartIsDrawnFromTheData() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("staff")
            let r = try await b.get("/units/chart")
            XCTAssertEqual(r.status, .ok)
            XCTAssertEqual(r.text.components(separatedBy: "<svg").count - 1, 2, "one chart per body")
            for name in ["党工委管委会领导班子", "招商中心", "招商五组", "工程管理部"] { XCTAssertTrue(r.text.contains(name), name) }
        }
    }

    func testPersonPagesAndScopes() async throws {
        try await eachEngine { app, _ in
            // The unit head of the investment centre sees the centre and its teams, nobody else.
            let head = try await APIClient.login(app, "head")
            let centre = try await app.unit(named: "招商中心")
            let teams = try await OrgUnit.query(on: app.db).filter(\.$parentID == centre.id!).all()
            let inScope = try await Person.query(on: app.db).filter(\.$unitID ~~ ([centre.id!] + teams.map { $0.id! })).count()
            let seen = try await head.call(.GET, "/api/v1/people?limit=500")
            XCTAssertEqual(seen.total, inScope)
            let outsider = try await Person.query(on: app.db).filter(\.$unitID == (try await app.unit(named: "财务部")).id!).first()!
            let _v7 = try await head.call(.GET, "/api/v1/people/\(outsider.id!)").status
            XCTAssertEqual(_v7, .notFound)
            // Staff see their own record only.
            let staff = try await APIClient.login(app, "staff")
            let own = try await staff.call(.GET, "/api/v1/people")
            XCTAssertEqual(own.total, 1)
            // Leaders read everyone.
            let _v9 = try await APIClient.login(app, "leader").call(.GET, "/api/v1/people").total
            let _v8 = try await app.count(Person.self)
            XCTAssertEqual(_v9, _v8)
        }
    }

    func testRecordsWithAHistoryAreKeptNotDeleted() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "admin")
            let appointed = try await Appointment.query(on: app.db).first()!
            let person = try await api.call(.DELETE, "/api/v1/people/\(appointed.personID)")
            XCTAssertEqual(person.status, .conflict)
            XCTAssertTrue(person.errorMessage.contains("不能删除"), person.errorMessage)
            let offered = try await CampaignPost.query(on: app.db).first()!
            let holders = try await Person.query(on: app.db).filter(\.$postID == offered.postID).all()
            for h in holders {
                h.postID = nil
                try await h.update(on: app.db)
            }
            let post = try await api.call(.DELETE, "/api/v1/posts/\(offered.postID)")
            XCTAssertEqual(post.status, .conflict)
            XCTAssertTrue(post.errorMessage.contains("记录"), post.errorMessage)
            let stillThere = try await api.call(.GET, "/api/v1/posts/\(offered.postID)").status
            XCTAssertEqual(stillThere, .ok)
        }
    }
}
