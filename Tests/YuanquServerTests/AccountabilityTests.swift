import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// Accountability cases (问责), fault-tolerance claims (容错) and correction plans (纠错), through the pages and the API.
final class AccountabilityTests: XCTestCase {
    /// What a test works on: the demo zone, one of its people (in a unit) and cycles made for the test.
    struct Fixture {
        let zone: UUID
        let person: Person
        let open: AssessmentCycle
        let notice: AssessmentCycle
    }

    /// A published scheme with the standard rules, an open cycle and one whose results are on notice.
    func fixture(_ app: Application) async throws -> Fixture {
        let zone = try await Zone.query(on: app.db).filter(\.$code == "pukou").first()!.id!
        let person = try await Person.query(on: app.db).filter(\.$zoneID == zone).filter(\.$unitID != nil).sort(\.$name).first()!
        let scheme = AssessmentScheme()
        scheme.zoneID = zone
        scheme.year = 2099
        scheme.name = "问责测试方案"
        scheme.version = 1
        scheme.status = "published"
        scheme.rules = String(decoding: try JSONEncoder().encode(SchemeRules.standard), as: UTF8.self)
        try await scheme.create(on: app.db)
        func cycle(_ name: String, _ status: String) async throws -> AssessmentCycle {
            let c = AssessmentCycle()
            c.zoneID = zone
            c.schemeID = scheme.id!
            c.name = name
            c.kind = "annual"
            c.startsOn = "2099-01-01"
            c.endsOn = "2099-12-31"
            c.status = status
            try await c.create(on: app.db)
            return c
        }
        return Fixture(zone: zone, person: person, open: try await cycle("问责测试周期", "open"), notice: try await cycle("已公示测试周期", "notice"))
    }

    func caseBody(_ f: Fixture, sanction: String = "criticism", cycle: AssessmentCycle? = nil) -> [String: Any] {
        [
            "personId": f.person.id!.uuidString, "cycleId": (cycle ?? f.open).id!.uuidString,
            "facts": "企业诉求超期 12 个工作日未办结，企业投诉至 12345 热线。", "finding": "工作作风不实，对企业诉求跟踪不力。",
            "sanction": sanction, "deciders": "纪工委 张三、李四",
        ]
    }

    /// Every condition met, each with its evidence (or, for `without`, met but with none).
    func judgement(without: ToleranceCondition? = nil, decidedOn: String? = nil) -> [String: Any] {
        var conditions: [String: Any] = [:]
        for c in ToleranceCondition.allCases {
            conditions[c.rawValue] = ["met": true, "evidence": c == without ? "  " : "会议纪要第 \(c.rawValue) 项"]
        }
        var body: [String: Any] = ["conditions": conditions, "deciders": "管委会主任办公会", "grounds": "四项条件均经核实"]
        if let decidedOn { body["decidedOn"] = decidedOn }
        return body
    }

    func events(_ app: Application, _ action: String, _ entity: String) async throws -> [AuditEvent] {
        try await AuditEvent.query(on: app.db).filter(\.$action == action).filter(\.$entity == entity).all()
    }

    /// The audit events of cases, claims and correction steps (signing in is audited too, so all events are not counted).
    func caseEvents(_ app: Application) async throws -> Int {
        try await AuditEvent.query(on: app.db).filter(\.$entity ~~ ["accountabilityCase", "toleranceClaim", "correctionStep"]).count()
    }

    func testOpeningACaseListsItAndShowsTheEffectTheSchemeDeclares() async throws {
        try await eachEngine { app, engine in
            let f = try await fixture(app)
            let hr = try await APIClient.login(app, "hr")
            let made = try await hr.call(.POST, "/api/v1/accountability-cases", caseBody(f))
            XCTAssertEqual(made.status, .created, made.text)
            let id = try XCTUnwrap(made.json["id"] as? String)
            XCTAssertEqual(made.json["sanction"] as? String, "criticism")
            XCTAssertEqual((made.json["effect"] as? [String: Any])?["label"] as? String, "扣 5 分")
            XCTAssertEqual((made.json["effect"] as? [String: Any])?["points"] as? Double, 5)
            XCTAssertEqual(made.json["exempted"] as? Bool, false)
            XCTAssertEqual(made.json["openedOn"] as? String, CalendarDate.today().description, "today by default")
            XCTAssertNil(made.json["claim"])

            let none = try await hr.call(.GET, "/api/v1/accountability-cases?status=none&limit=500")
            XCTAssertEqual(none.status, .ok)
            let line = try XCTUnwrap(none.items.first { $0["id"] as? String == id }, "[\(engine)] the new case is listed")
            XCTAssertEqual(line["person"] as? String, f.person.name)
            XCTAssertEqual(line["cycle"] as? String, "问责测试周期")
            XCTAssertNil(line["claimStatus"])
            let pending = try await hr.call(.GET, "/api/v1/accountability-cases?status=pending&limit=500")
            XCTAssertFalse(pending.items.contains { $0["id"] as? String == id })
            let _v1 = try await hr.call(.GET, "/api/v1/accountability-cases?status=maybe").errorField
            XCTAssertEqual(_v1, "status")
            let one = try await hr.call(.GET, "/api/v1/accountability-cases/\(id)")
            XCTAssertEqual(one.json["facts"] as? String, "企业诉求超期 12 个工作日未办结，企业投诉至 12345 热线。")
            XCTAssertEqual(one.json["deciders"] as? String, "纪工委 张三、李四")

            let opened = try await events(app, "open", "accountabilityCase").filter { $0.entityID == id }
            XCTAssertEqual(opened.count, 1, "the decision is audited")
            XCTAssertEqual(opened.first?.actorName, "hr")
            XCTAssertTrue(opened.first?.after?.contains("纪工委 张三、李四") ?? false)

            // The pages: the list, the case, and a case opened through the form.
            let b = Browser(app)
            try await b.login("hr")
            let list = try await b.get("/performance/cases?status=none")
            XCTAssertEqual(list.status, .ok)
            XCTAssertTrue(list.text.contains("href=\"/performance/cases/\(id)\""), "[\(engine)] the list links the case")
            XCTAssertTrue(list.text.contains("通报批评"))
            XCTAssertTrue(list.text.contains("href=\"/performance/cases/new\""), "HR opens cases")
            let page = try await b.get("/performance/cases/\(id)")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("扣 5 分"))
            XCTAssertTrue(page.text.contains("尚未申请容错"))
            XCTAssertTrue(page.text.contains("action=\"/performance/cases/\(id)/claim\""))
            XCTAssertFalse(page.text.contains("/claim/judgement"), "HR does not judge")
            let form = try await b.get("/performance/cases/new")
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(form.text.contains("问责测试周期"))
            XCTAssertFalse(form.text.contains("已公示测试周期"), "a cycle on notice is not offered")
            var fields = caseBody(f, sanction: "admonition").mapValues { "\($0)" }
            fields["openedOn"] = "2026-01-05"
            let posted = try await b.post("/performance/cases", fields)
            XCTAssertEqual(posted.status, .seeOther, posted.text)
            XCTAssertTrue(posted.location.hasPrefix("/performance/cases/"))
            let shown = try await b.get(posted.location)
            XCTAssertTrue(shown.text.contains("等次不高于合格"), "the standard scheme caps 诫勉 at 合格")
            XCTAssertTrue(shown.text.contains("2026-01-05"))

            // A leader reads the list but has no form to open cases; staff read no cases.
            let leader = Browser(app)
            try await leader.login("leader")
            let seen = try await leader.get("/performance/cases")
            XCTAssertEqual(seen.status, .ok)
            XCTAssertFalse(seen.text.contains("href=\"/performance/cases/new\""))
            let staff = try await APIClient.login(app, "staff")
            let _v2 = try await staff.call(.GET, "/api/v1/accountability-cases").status
            XCTAssertEqual(_v2, .forbidden)
            let _v3 = try await staff.call(.GET, "/api/v1/accountability-cases/\(id)").status
            XCTAssertEqual(_v3, .forbidden)
        }
    }

    func testBadCasesAreRefusedNamingTheFieldAndNothingIsWritten() async throws {
        try await eachEngine { app, _ in
            let f = try await fixture(app)
            let hr = try await APIClient.login(app, "hr")
            let cases = try await app.count(AccountabilityCase.self)
            let audit = try await caseEvents(app)
            var body = caseBody(f)
            body["facts"] = "  "
            let noFacts = try await hr.call(.POST, "/api/v1/accountability-cases", body)
            XCTAssertEqual(noFacts.status, .conflict)
            XCTAssertEqual(noFacts.errorField, "facts")
            XCTAssertTrue(noFacts.errorMessage.contains("问责事实"), noFacts.errorMessage)
            let unknown = try await hr.call(.POST, "/api/v1/accountability-cases", caseBody(f, sanction: "demotion"))
            XCTAssertEqual(unknown.errorField, "sanction")
            let published = try await hr.call(.POST, "/api/v1/accountability-cases", caseBody(f, cycle: f.notice))
            XCTAssertEqual(published.status, .conflict)
            XCTAssertEqual(published.errorField, "cycleId")
            XCTAssertTrue(published.errorMessage.contains("以后的考核周期"), published.errorMessage)
            body = caseBody(f)
            body["personId"] = UUID().uuidString
            let _v1 = try await hr.call(.POST, "/api/v1/accountability-cases", body).errorField
            XCTAssertEqual(_v1, "personId")
            body = caseBody(f)
            body["finding"] = String(repeating: "长", count: 2001)
            let _v2 = try await hr.call(.POST, "/api/v1/accountability-cases", body).errorField
            XCTAssertEqual(_v2, "finding")
            body = caseBody(f)
            body["deciders"] = ""
            let _v3 = try await hr.call(.POST, "/api/v1/accountability-cases", body).errorField
            XCTAssertEqual(_v3, "deciders")
            body = caseBody(f)
            body["openedOn"] = "2026-02-30"
            let _v4 = try await hr.call(.POST, "/api/v1/accountability-cases", body).errorField
            XCTAssertEqual(_v4, "openedOn")
            let wrongType = try await hr.call(.POST, "/api/v1/accountability-cases", ["facts": 5])
            XCTAssertEqual(wrongType.status, .unprocessableEntity)
            XCTAssertEqual(wrongType.errorField, "facts")

            // The form comes back with its errors beside the fields and the values typed.
            let b = Browser(app)
            try await b.login("hr")
            try await b.get("/performance/cases/new")
            var fields = caseBody(f, sanction: "demotion").mapValues { "\($0)" }
            fields["facts"] = ""
            let refused = try await b.post("/performance/cases", fields)
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.text.contains("请填写问责事实"), refused.text)
            XCTAssertTrue(refused.text.contains("问责方式无效"))
            XCTAssertTrue(refused.text.contains("工作作风不实"), "the finding typed comes back")
            XCTAssertTrue(refused.text.contains("aria-invalid=\"true\""))

            let _v5 = try await app.count(AccountabilityCase.self)
            XCTAssertEqual(_v5, cases)
            let _v6 = try await caseEvents(app)
            XCTAssertEqual(_v6, audit)
        }
    }

    func testAClaimWithEveryConditionMetAndEvidencedIsGrantedAndRemovesTheEffect() async throws {
        try await eachEngine { app, engine in
            let f = try await fixture(app)
            let hr = try await APIClient.login(app, "hr")
            let id = try await hr.call(.POST, "/api/v1/accountability-cases", caseBody(f)).json["id"] as! String
            let filed = try await hr.call(
                .POST,
                "/api/v1/accountability-cases/\(id)/claim",
                ["statements": ["withinPolicy": "经主任办公会同意先行开展"]]
            )
            XCTAssertEqual(filed.status, .created, filed.text)
            let claim = try XCTUnwrap(filed.json["claim"] as? [String: Any])
            XCTAssertEqual(claim["status"] as? String, "pending")
            let conditions = try XCTUnwrap(claim["conditions"] as? [[String: Any]])
            XCTAssertEqual(conditions.map { $0["condition"] as? String }, ToleranceCondition.allCases.map(\.rawValue))
            XCTAssertEqual(conditions.first?["statement"] as? String, "经主任办公会同意先行开展")
            let again = try await hr.call(.POST, "/api/v1/accountability-cases/\(id)/claim", [String: Any]())
            XCTAssertEqual(again.status, .conflict, "one claim per case")
            let _v1 = try await hr.call(.GET, "/api/v1/accountability-cases?status=pending&limit=500").items.contains {
                $0["id"] as? String == id
            }
            XCTAssertTrue(_v1)

            let leader = try await APIClient.login(app, "leader")
            let judged = try await leader.call(.POST, "/api/v1/accountability-cases/\(id)/claim/judgement", judgement())
            XCTAssertEqual(judged.status, .ok, judged.text)
            let decided = try XCTUnwrap(judged.json["claim"] as? [String: Any])
            XCTAssertEqual(decided["status"] as? String, "granted", "[\(engine)]")
            XCTAssertEqual(decided["deciders"] as? String, "管委会主任办公会")
            XCTAssertEqual(decided["grounds"] as? String, "四项条件均经核实")
            XCTAssertEqual(decided["decidedOn"] as? String, CalendarDate.today().description)
            XCTAssertEqual(judged.json["exempted"] as? Bool, true)
            let answers = try XCTUnwrap(decided["conditions"] as? [[String: Any]])
            XCTAssertEqual(answers.compactMap { $0["met"] as? Bool }, [true, true, true, true])
            XCTAssertEqual(answers.first?["evidence"] as? String, "会议纪要第 withinPolicy 项")
            XCTAssertEqual(answers.first?["statement"] as? String, "经主任办公会同意先行开展", "the statement stays")
            let stored = try await ToleranceClaim.query(on: app.db).all().first { $0.caseID.uuidString == id }!
            XCTAssertEqual(stored.status, "granted")
            XCTAssertTrue(stored.answers.contains("\"lossRemedied\""), "answers are stored as JSON by condition")
            let twice = try await leader.call(.POST, "/api/v1/accountability-cases/\(id)/claim/judgement", judgement())
            XCTAssertEqual(twice.status, .conflict)

            let filedEvents = try await events(app, "file", "toleranceClaim").filter { $0.entityID == stored.id!.uuidString }
            XCTAssertEqual(filedEvents.count, 1)
            let judgedEvents = try await events(app, "judge", "toleranceClaim").filter { $0.entityID == stored.id!.uuidString }
            XCTAssertEqual(judgedEvents.count, 1)
            XCTAssertEqual(judgedEvents.first?.actorName, "leader")
            XCTAssertTrue(judgedEvents.first?.after?.contains("\"status\":\"granted\"") ?? false)
            XCTAssertTrue(judgedEvents.first?.after?.contains("管委会主任办公会") ?? false, "the deciders are audited")
            XCTAssertTrue(judgedEvents.first?.after?.contains("四项条件均经核实") ?? false, "the grounds are audited")

            let b = Browser(app)
            try await b.login("leader")
            let page = try await b.get("/performance/cases/\(id)")
            XCTAssertTrue(page.text.contains("予以容错"))
            XCTAssertTrue(page.text.contains("已容错免除"))
            XCTAssertTrue(page.text.contains("<s>扣 5 分</s>"))
            XCTAssertTrue(page.text.contains("会议纪要第 noPersonalGain 项"))
            XCTAssertTrue(page.text.contains("纠错方案"))
        }
    }

    func testAConditionWithoutEvidenceRefusesTheClaim() async throws {
        try await eachEngine { app, _ in
            let f = try await fixture(app)
            let hr = try await APIClient.login(app, "hr")
            let id = try await hr.call(.POST, "/api/v1/accountability-cases", caseBody(f)).json["id"] as! String
            let _v1 = try await hr.call(.POST, "/api/v1/accountability-cases/\(id)/claim", [String: Any]()).status
            XCTAssertEqual(_v1, .created)
            let leader = try await APIClient.login(app, "leader")
            let url = "/api/v1/accountability-cases/\(id)/claim/judgement"
            let audit = try await caseEvents(app)

            // Every condition must be answered, and deciders and grounds given; refusals write nothing.
            var body = judgement()
            var conditions = body["conditions"] as! [String: Any]
            conditions["lossRemedied"] = ["evidence": "已挽回"]
            body["conditions"] = conditions
            let unanswered = try await leader.call(.POST, url, body)
            XCTAssertEqual(unanswered.status, .unprocessableEntity)
            XCTAssertEqual(unanswered.errorField, "conditions.lossRemedied.met")
            body = judgement()
            body["deciders"] = ""
            let _v2 = try await leader.call(.POST, url, body).errorField
            XCTAssertEqual(_v2, "deciders")
            body = judgement()
            body["grounds"] = nil
            let _v3 = try await leader.call(.POST, url, body).errorField
            XCTAssertEqual(_v3, "grounds")
            let _v4 = try await leader.call(.POST, url, judgement(decidedOn: "2000-01-01")).errorField
            XCTAssertEqual(_v4, "decidedOn", "not before the claim was filed")
            let _v5 = try await caseEvents(app)
            XCTAssertEqual(_v5, audit)

            // Met but without evidence: the Kit's rule refuses the claim.
            let judged = try await leader.call(.POST, url, judgement(without: .lossRemedied))
            XCTAssertEqual(judged.status, .ok, judged.text)
            XCTAssertEqual((judged.json["claim"] as? [String: Any])?["status"] as? String, "refused")
            XCTAssertEqual(judged.json["exempted"] as? Bool, false)
            let _v6 = try await hr.call(.GET, "/api/v1/accountability-cases?status=refused&limit=500").items.contains {
                $0["id"] as? String == id
            }
            XCTAssertTrue(_v6)
            let judgedEvents = try await events(app, "judge", "toleranceClaim")
            XCTAssertTrue(judgedEvents.contains { $0.after?.contains("\"status\":\"refused\"") ?? false })
            // A refused claim has no correction plan.
            let step = try await hr.call(.POST, "/api/v1/accountability-cases/\(id)/claim/steps", ["text": "整改", "dueOn": "2099-01-01"])
            XCTAssertEqual(step.status, .conflict)
            let b = Browser(app)
            try await b.login("hr")
            let page = try await b.get("/performance/cases/\(id)")
            XCTAssertTrue(page.text.contains("不予容错"))
            XCTAssertFalse(page.text.contains("已容错免除"))
            XCTAssertFalse(page.text.contains("纠错方案"))
        }
    }

    func testOnlyDecidersJudgeClaims() async throws {
        try await eachEngine { app, _ in
            let f = try await fixture(app)
            let hr = try await APIClient.login(app, "hr")
            let id = try await hr.call(.POST, "/api/v1/accountability-cases", caseBody(f)).json["id"] as! String
            let _v1 = try await hr.call(.POST, "/api/v1/accountability-cases/\(id)/claim", [String: Any]()).status
            XCTAssertEqual(_v1, .created)
            let url = "/api/v1/accountability-cases/\(id)/claim/judgement"
            let audit = try await caseEvents(app)
            let _v2 = try await hr.call(.POST, url, judgement()).status
            XCTAssertEqual(_v2, .forbidden, "HR files claims but does not judge them")
            let staff = try await APIClient.login(app, "staff")
            let _v3 = try await staff.call(.POST, url, judgement()).status
            XCTAssertEqual(_v3, .forbidden)
            let _v4 = try await APIClient(app: app, token: nil).call(.POST, url, judgement()).status
            XCTAssertEqual(_v4, .unauthorized)
            let auditor = try await APIClient.login(app, "auditor")
            let _v5 = try await auditor.call(.POST, "/api/v1/accountability-cases", caseBody(f)).status
            XCTAssertEqual(_v5, .forbidden, "auditors read cases, they do not open them")
            let leader = try await APIClient.login(app, "leader")
            let _v6 = try await leader.call(.POST, "/api/v1/accountability-cases/\(id)/claim/steps", ["text": "x"]).status
            XCTAssertEqual(_v6, .forbidden, "leaders judge, HR runs the plan")
            let _v7 = try await APIClient(app: app, token: nil).call(.GET, "/api/v1/accountability-cases").status
            XCTAssertEqual(_v7, .unauthorized)

            // Pages: HR's and staff's posts are refused; a signed-out visitor is sent to sign in.
            let hrBrowser = Browser(app)
            try await hrBrowser.login("hr")
            try await hrBrowser.get("/performance/cases/\(id)")
            let _v8 = try await hrBrowser.post("/performance/cases/\(id)/claim/judgement", ["deciders": "x"]).status
            XCTAssertEqual(_v8, .forbidden)
            let staffBrowser = Browser(app)
            try await staffBrowser.login("staff")
            try await staffBrowser.get("/")
            let _v9 = try await staffBrowser.post("/performance/cases/\(id)/claim/judgement", ["deciders": "x"]).status
            XCTAssertEqual(_v9, .forbidden)
            let _v10 = try await staffBrowser.get("/performance/cases").status
            XCTAssertEqual(_v10, .forbidden)
            let anonymous = try await Browser(app).get("/performance/cases/\(id)")
            XCTAssertEqual(anonymous.status, .seeOther)
            XCTAssertTrue(anonymous.location.hasPrefix("/login"))
            let _v11 = try await caseEvents(app)
            XCTAssertEqual(_v11, audit, "no denial writes anything")
            let stored = try await ToleranceClaim.query(on: app.db).all().first { $0.caseID.uuidString == id }!
            XCTAssertEqual(stored.status, "pending")

            // The leader judges through the page's form.
            let b = Browser(app)
            try await b.login("leader")
            let page = try await b.get("/performance/cases/\(id)")
            XCTAssertTrue(page.text.contains("action=\"/performance/cases/\(id)/claim/judgement\""))
            var fields = ["deciders": "管委会主任办公会", "grounds": "经核实"]
            for c in ToleranceCondition.allCases {
                fields["conditions.\(c.rawValue).met"] = "true"
                fields["conditions.\(c.rawValue).evidence"] = "依据 \(c.rawValue)"
            }
            fields["conditions.forReform.met"] = ""
            let refused = try await b.post("/performance/cases/\(id)/claim/judgement", fields)
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.text.contains("请认定是否“为推动改革发展”"), refused.text)
            XCTAssertTrue(refused.text.contains("依据 lossRemedied"), "the evidence typed comes back")
            fields["conditions.forReform.met"] = "true"
            let done = try await b.post("/performance/cases/\(id)/claim/judgement", fields)
            XCTAssertEqual(done.status, .seeOther, done.text)
            let after = try await ToleranceClaim.find(stored.id, on: app.db)!
            XCTAssertEqual(after.status, "granted")
        }
    }

    func testAClaimIsNotJudgedOnceTheCyclesResultsArePublished() async throws {
        try await eachEngine { app, _ in
            let f = try await fixture(app)
            let hr = try await APIClient.login(app, "hr")
            let id = try await hr.call(.POST, "/api/v1/accountability-cases", caseBody(f)).json["id"] as! String
            let _v1 = try await hr.call(.POST, "/api/v1/accountability-cases/\(id)/claim", [String: Any]()).status
            XCTAssertEqual(_v1, .created)
            f.open.status = "notice"
            try await f.open.update(on: app.db)
            let leader = try await APIClient.login(app, "leader")
            let late = try await leader.call(.POST, "/api/v1/accountability-cases/\(id)/claim/judgement", judgement())
            XCTAssertEqual(late.status, .conflict)
            XCTAssertTrue(late.errorMessage.contains("公示前"), late.errorMessage)
            let stored = try await ToleranceClaim.query(on: app.db).all().first { $0.caseID.uuidString == id }!
            XCTAssertEqual(stored.status, "pending")
            let b = Browser(app)
            try await b.login("leader")
            let page = try await b.get("/performance/cases/\(id)")
            XCTAssertTrue(page.text.contains("已不能认定"))
            XCTAssertFalse(page.text.contains("action=\"/performance/cases/\(id)/claim/judgement\""))
        }
    }

    func testTheCorrectionPlanRunsToClosureWithOverdueStepsMarked() async throws {
        try await eachEngine { app, engine in
            let f = try await fixture(app)
            let today = CalendarDate.today()
            let hr = try await APIClient.login(app, "hr")
            var opening = caseBody(f)
            opening["openedOn"] = today.adding(days: -50).description
            let id = try await hr.call(.POST, "/api/v1/accountability-cases", opening).json["id"] as! String
            var body: [String: Any] = ["filedOn": today.adding(days: -40).description]
            let _v1 = try await hr.call(.POST, "/api/v1/accountability-cases/\(id)/claim", body).status
            XCTAssertEqual(_v1, .created)
            let _v2 = try await hr.call(.POST, "/api/v1/accountability-cases/\(id)/claim/steps", ["text": "整改", "dueOn": "2099-01-01"])
                .status
            XCTAssertEqual(_v2, .conflict, "no plan before the claim is granted")
            let leader = try await APIClient.login(app, "leader")
            let decided = today.adding(days: -30).description
            let judged = try await leader.call(
                .POST,
                "/api/v1/accountability-cases/\(id)/claim/judgement",
                judgement(decidedOn: decided)
            )
            XCTAssertEqual((judged.json["claim"] as? [String: Any])?["status"] as? String, "granted", judged.text)

            let steps = "/api/v1/accountability-cases/\(id)/claim/steps"
            let early = try await hr.call(.POST, steps, ["text": "补报材料", "dueOn": today.adding(days: -31).description])
            XCTAssertEqual(early.errorField, "dueOn", "not due before the decision")
            let _v3 = try await hr.call(.POST, steps, ["text": " ", "dueOn": today.description]).errorField
            XCTAssertEqual(_v3, "text")
            let _v4 = try await hr.call(.POST, steps, ["text": "补报材料"]).errorField
            XCTAssertEqual(_v4, "dueOn")
            let first = try await hr.call(.POST, steps, ["text": "补报用地预审材料", "dueOn": today.adding(days: -5).description])
            XCTAssertEqual(first.status, .created, first.text)
            let second = try await hr.call(.POST, steps, ["text": "修订前期工作流程", "dueOn": today.adding(days: 10).description])
            XCTAssertEqual(second.status, .created)
            let plan = try XCTUnwrap((second.json["claim"] as? [String: Any])?["steps"] as? [[String: Any]])
            XCTAssertEqual(plan.map { $0["text"] as? String }, ["补报用地预审材料", "修订前期工作流程"], "by due date")
            XCTAssertEqual(plan.map { $0["overdue"] as? Bool }, [true, false], "[\(engine)] due yesterday or before and not done: overdue")
            XCTAssertEqual((second.json["claim"] as? [String: Any])?["corrected"] as? Bool, false)
            let firstID = try XCTUnwrap(plan[0]["id"] as? String)
            let secondID = try XCTUnwrap(plan[1]["id"] as? String)

            let b = Browser(app)
            try await b.login("hr")
            var page = try await b.get("/performance/cases/\(id)")
            XCTAssertTrue(page.text.contains("已超期"))
            XCTAssertFalse(page.text.contains("纠错完成"))
            XCTAssertTrue(page.text.contains("action=\"/performance/cases/\(id)/steps/\(firstID)/done\""))

            // Done: not before the decision; through the page's form, then the API.
            let tooEarly = try await hr.call(.POST, "\(steps)/\(firstID)/done", ["doneOn": today.adding(days: -31).description])
            XCTAssertEqual(tooEarly.errorField, "doneOn")
            let _v5 = try await hr.call(.POST, "\(steps)/\(firstID)/done", ["doneOn": today.adding(days: 1).description]).errorField
            XCTAssertEqual(_v5, "doneOn", "not in the future")
            let refusedPage = try await b.post("/performance/cases/\(id)/steps/\(firstID)/done", ["doneOn": "2000-01-01"])
            XCTAssertEqual(refusedPage.status, .unprocessableEntity)
            XCTAssertTrue(refusedPage.text.contains("完成日期不能早于容错认定日期"), refusedPage.text)
            let marked = try await b.post("/performance/cases/\(id)/steps/\(firstID)/done", ["doneOn": today.adding(days: -1).description])
            XCTAssertEqual(marked.status, .seeOther, marked.text)
            body = [:]
            let last = try await hr.call(.POST, "\(steps)/\(secondID)/done", body)
            XCTAssertEqual(last.status, .ok, last.text)
            let claim = try XCTUnwrap(last.json["claim"] as? [String: Any])
            XCTAssertEqual(claim["corrected"] as? Bool, true)
            let closed = try XCTUnwrap(claim["steps"] as? [[String: Any]])
            XCTAssertEqual(closed.map { $0["doneOn"] as? String }, [today.adding(days: -1).description, today.description])
            XCTAssertEqual(closed.map { $0["overdue"] as? Bool }, [false, false])
            let _v6 = try await hr.call(.POST, "\(steps)/\(secondID)/done", body).status
            XCTAssertEqual(_v6, .conflict, "done once")
            let _v7 = try await hr.call(.POST, "\(steps)/\(UUID())/done", body).status
            XCTAssertEqual(_v7, .notFound)
            page = try await b.get("/performance/cases/\(id)")
            XCTAssertTrue(page.text.contains("纠错完成"))
            XCTAssertFalse(page.text.contains("已超期"))

            let added = try await events(app, "addStep", "correctionStep").filter { $0.after?.contains(id) ?? false }
            XCTAssertEqual(added.count, 2)
            let completed = try await events(app, "completeStep", "correctionStep").filter { $0.after?.contains(id) ?? false }
            XCTAssertEqual(completed.count, 2)
        }
    }

    func testTheAPIIsDocumentedWithItsSchemas() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let r = try await Browser(app).get("/api/openapi.json")
            let paths = r.json["paths"] as? [String: [String: Any]] ?? [:]
            let expected: [(String, String, String)] = [
                ("/api/v1/accountability-cases", "get", "assessmentRead"),
                ("/api/v1/accountability-cases", "post", "assessmentManage"),
                ("/api/v1/accountability-cases/{id}", "get", "assessmentRead"),
                ("/api/v1/accountability-cases/{id}/claim", "post", "assessmentManage"),
                ("/api/v1/accountability-cases/{id}/claim/judgement", "post", "assessmentDecide"),
                ("/api/v1/accountability-cases/{id}/claim/steps", "post", "assessmentManage"),
                ("/api/v1/accountability-cases/{id}/claim/steps/{stepId}/done", "post", "assessmentManage"),
            ]
            for (path, method, permission) in expected {
                let op = paths[path]?[method] as? [String: Any]
                XCTAssertEqual(op?["x-permission"] as? String, permission, "\(method) \(path)")
            }
            // Every schema these routes name is among the area's schemas.
            let schemas = CasePages.openAPISchemas
            XCTAssertTrue(JSONSerialization.isValidJSONObject(schemas))
            for e in app.apiRegistry.entries where OpenAPI.templatePath(e.path).hasPrefix("/api/v1/accountability-cases") {
                for name in [e.doc.request, e.doc.response].compactMap({ $0 }) {
                    XCTAssertNotNil(schemas[name], "undefined schema \(name)")
                }
            }
        }
    }

    func testTheCasePageMarksOverdueStepsAndEscapesWhatWasTyped() {
        let id = UUID()
        let step = UUID()
        let model = CasePage(
            person: "王<b>五</b>",
            personURL: .person(id),
            unit: "招商中心",
            cycle: "2099年度",
            cycleStatus: "open",
            facts: "事实<script>",
            finding: "结论",
            sanction: CaseService.sanctionLabel("gradeLowered"),
            effect: CaseService.effectText(.gradeCap(.basicallyCompetent), gradeSet: .civilService),
            exempted: true,
            deciders: "纪工委",
            openedOn: "2099-03-01",
            claim: .init(
                status: "granted",
                filedOn: "2099-03-05",
                conditions: ToleranceCondition.allCases.map { .init(condition: $0, statement: "", met: true, evidence: "依据") },
                deciders: "主任办公会",
                grounds: "理由",
                decidedOn: "2099-03-10",
                steps: [
                    .init(text: "补报材料", dueOn: "2099-03-20", doneOn: nil, overdue: true, done: .caseStepDone(id, step: step)),
                    .init(text: "修订流程", dueOn: "2099-06-30", doneOn: "2099-06-01", overdue: false, done: nil),
                ],
                corrected: false
            ),
            fileClaim: nil,
            judge: nil,
            addStep: .caseSteps(id),
            judgeBlocked: nil,
            today: "2099-04-01",
            error: nil,
            claimForm: .empty,
            judgementForm: .empty,
            stepForm: FormState(errors: ["dueOn": Loc("请填写完成时限", "Due date required")], values: ["text": "新措施"], order: ["dueOn"])
        )
        let html = CaseViews.show(model, ViewContext(lang: .zh, csrfToken: "tok")).render()
        XCTAssertTrue(html.contains("<s>等次不高于基本称职</s>"))
        XCTAssertTrue(html.contains("已超期"))
        XCTAssertTrue(html.contains("已于 2099-06-01 完成"))
        XCTAssertFalse(html.contains("纠错完成"))
        XCTAssertTrue(html.contains("action=\"/performance/cases/\(id)/steps/\(step)/done\""))
        XCTAssertTrue(html.contains("请填写完成时限"))
        XCTAssertTrue(html.contains("value=\"新措施\""))
        XCTAssertTrue(html.contains("王&lt;b&gt;五&lt;/b&gt;"))
        XCTAssertFalse(html.contains("<script>"))
        let english = CaseViews.show(model, ViewContext(lang: .en, csrfToken: "tok")).render()
        XCTAssertTrue(english.contains("Grade no better than Basically competent"))
        XCTAssertTrue(english.contains("Overdue"))
    }
}
