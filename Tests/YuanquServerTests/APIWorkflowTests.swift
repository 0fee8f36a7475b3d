import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// Workflows walked through the JSON API alone, as an integrating system would: every id comes from an API answer,
/// never from the database. The one step outside the API is time passing (a publicity period ending).
final class APIWorkflowTests: XCTestCase {
    func testARefusalListsEveryWrongField() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let events = try await app.count(AuditEvent.self)
            let r = try await hr.call(.POST, "/api/v1/campaigns", ["publicityDays": 99])
            XCTAssertEqual(r.status, .unprocessableEntity)
            let error = try XCTUnwrap(r.json["error"] as? [String: Any])
            let fields = (error["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            XCTAssertEqual(Set(fields), ["kind", "title", "body", "publicityDays", "posts"], r.text)
            XCTAssertEqual(error["field"] as? String, fields.first, "the first of them is still `field`")
            let messages = (error["fields"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            XCTAssertTrue(messages.allSatisfy { !$0.isEmpty })
            XCTAssertEqual(messages.count, fields.count)
            // An error about one field lists that one; an error about none lists none.
            let one = try await hr.call(.GET, "/api/v1/people?limit=0")
            let oneFields = ((one.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            XCTAssertEqual(oneFields, ["limit"])
            let none = try await hr.call(.GET, "/api/v1/people/\(UUID())")
            XCTAssertEqual(none.status, .notFound)
            XCTAssertEqual(((none.json["error"] as? [String: Any])?["fields"] as? [Any])?.count, 0)
            let after = try await app.count(AuditEvent.self)
            XCTAssertEqual(after, events)
        }
    }

    func testACampaignRunsFromOpeningToAppointmentThroughTheAPIAlone() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let units = try await hr.call(.GET, "/api/v1/units?q=经济发展部")
            let unit = try XCTUnwrap(units.items.first { $0["name"] as? String == "经济发展部" }?["id"] as? String)
            let posts = try await hr.call(.GET, "/api/v1/posts?unit=\(unit)&limit=500").items
            func post(_ title: String) throws -> String { try XCTUnwrap(posts.first { $0["title"] as? String == title }?["id"] as? String) }
            let head = try post("部长")
            let policy = try post("产业政策岗")
            let opened = try await hr.call(
                .POST,
                "/api/v1/campaigns",
                [
                    "kind": "competitive", "title": "经济发展部岗位竞聘（接口）", "body": "committee",
                    "posts": [["postId": head, "places": 1], ["postId": policy, "places": 2]],
                    "items": [["name": "综合素质", "weight": 60], ["name": "岗位匹配", "weight": 40]], "dropExtremesFrom": 5,
                ]
            )
            XCTAssertEqual(opened.status, .created, opened.text)
            let id = try XCTUnwrap(opened.json["id"] as? String)

            // Three people of the committee enter, found through the people list.
            let people = try await hr.call(.GET, "/api/v1/people?body=committee&sort=name&limit=10").items.compactMap {
                $0["id"] as? String
            }
            XCTAssertGreaterThanOrEqual(people.count, 3)
            var candidates: [String] = []
            for (i, person) in people.prefix(3).enumerated() {
                let prefs = [[head, policy], [head, policy], [policy]][i]
                let r = try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates", ["personId": person, "postIds": prefs])
                XCTAssertEqual(r.status, .created, r.text)
                candidates.append(try XCTUnwrap(r.json["id"] as? String))
            }
            let listed = try await hr.call(.GET, "/api/v1/campaigns/\(id)/candidates").items.compactMap { $0["id"] as? String }
            XCTAssertEqual(Set(listed), Set(candidates))
            try await advance(hr, id, to: "review")
            for c in candidates {
                let r = try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates/\(c)/review", ["passed": true])
                XCTAssertEqual(r.status, .ok, r.text)
            }

            // The panel's ids come from the API: what scoring needs.
            let set = try await hr.call(.POST, "/api/v1/campaigns/\(id)/panel", ["members": ["评委甲", "评委乙", "评委丙"]])
            XCTAssertEqual(set.status, .ok, set.text)
            let panel = try await hr.call(.GET, "/api/v1/campaigns/\(id)/panel")
            XCTAssertEqual(panel.status, .ok, panel.text)
            XCTAssertEqual(panel.items.compactMap { $0["name"] as? String }, ["评委甲", "评委乙", "评委丙"])
            XCTAssertEqual(panel.items.compactMap { $0["order"] as? Int }, [1, 2, 3])
            let members = panel.items.compactMap { $0["id"] as? String }
            try await advance(hr, id, to: "interview")
            // Candidate i gets 90 - 5i from every interviewer.
            for (i, c) in candidates.enumerated() {
                for m in members {
                    let score = 90.0 - Double(i) * 5
                    let r = try await hr.call(
                        .POST,
                        "/api/v1/campaigns/\(id)/scores",
                        ["candidateId": c, "panelMemberId": m, "scores": [score, score]]
                    )
                    XCTAssertEqual(r.status, .ok, r.text)
                }
            }
            let scored = try await hr.call(.GET, "/api/v1/campaigns/\(id)/panel").items.map {
                ($0["scoredCandidateIds"] as? [String] ?? []).count
            }
            XCTAssertEqual(scored, [3, 3, 3])
            try await advance(hr, id, to: "ranking")
            let ranking = try await hr.call(.GET, "/api/v1/campaigns/\(id)/ranking")
            let headRows = try XCTUnwrap((ranking.json["posts"] as? [[String: Any]])?.first { $0["postId"] as? String == head })
            XCTAssertEqual((headRows["rows"] as? [[String: Any]])?.compactMap { $0["candidateId"] as? String }, Array(candidates.prefix(2)))
            XCTAssertEqual((headRows["rows"] as? [[String: Any]])?.first?["total"] as? Double, 90)

            let matching = try await hr.call(.POST, "/api/v1/campaigns/\(id)/matching")
            XCTAssertEqual(matching.status, .ok, matching.text)
            let placed = Dictionary(
                uniqueKeysWithValues: (matching.json["assignments"] as? [[String: Any]] ?? []).compactMap { a in
                    (a["candidateId"] as? String).map { ($0, a["postId"] as? String ?? "") }
                }
            )
            XCTAssertEqual(placed, [candidates[0]: head, candidates[1]: policy, candidates[2]: policy])
            try await advance(hr, id, to: "publicity")
            let notice = try await hr.call(.GET, "/api/v1/campaigns/\(id)")
            XCTAssertNotNil(notice.json["publicityEnds"] as? String)

            // Time passes: the publicity period ends.
            let c = try await Campaign.find(UUID(uuidString: id)!, on: app.db)!
            c.publicityEnds = CalendarDate.today().adding(days: -1).description
            try await c.update(on: app.db)

            try await advance(hr, id, to: "appointment", ["termMonths": 36, "contractType": "fixedTerm", "payGrade": "中层正职"])
            let appointed = try await hr.call(.GET, "/api/v1/people/\(people[0])")
            XCTAssertEqual(appointed.json["postId"] as? String, head)
            let contract = try await hr.call(.GET, "/api/v1/contracts?person=\(people[0])&status=active")
            XCTAssertEqual(contract.items.first?["payGrade"] as? String, "中层正职")
            let appointments = try await hr.call(.GET, "/api/v1/appointments?person=\(people[0])&current=true")
            XCTAssertEqual(appointments.total, 1)
            XCTAssertEqual(appointments.items.first?["postId"] as? String, head)
        }
    }

    func testInvestmentFromTeamToServedEnterpriseThroughTheAPIAlone() async throws {
        try await eachEngine { app, _ in
            let api = try await APIClient.login(app, "head")
            // A team gains a member and targets; the membership's id ends it.
            let teams = try await api.call(.GET, "/api/v1/teams").items
            let team = try XCTUnwrap(teams.first?["id"] as? String)
            let taken = Set(teams.flatMap { $0["memberIds"] as? [String] ?? [] })
            let people = try await api.call(.GET, "/api/v1/people?limit=500").items.compactMap { $0["id"] as? String }
            let newcomer = try XCTUnwrap(people.first { !taken.contains($0) })
            let joined = try await api.call(
                .POST,
                "/api/v1/teams/\(team)/members",
                ["personId": newcomer, "from": "2026-01-05", "reason": "更正：补录"]
            )
            XCTAssertEqual(joined.status, .created, joined.text)
            let target = try await api.call(
                .POST,
                "/api/v1/teams/\(team)/targets",
                ["period": "2026", "signedCount": 4, "signedAmountFen": Money.yi(3).fen, "majorCount": 1]
            )
            XCTAssertEqual(target.status, .ok, target.text)
            let memberships = try await api.call(.GET, "/api/v1/teams").items.first { $0["id"] as? String == team }?["memberships"]
            let membership = try XCTUnwrap((memberships as? [[String: Any]])?.first { $0["personId"] as? String == newcomer })
            XCTAssertEqual(membership["from"] as? String, "2026-01-05")
            let mid = try XCTUnwrap(membership["id"] as? String)
            let ended = try await api.call(.POST, "/api/v1/teams/\(team)/members/\(mid)/end", ["to": "2026-06-30", "reason": "更正：调离"])
            XCTAssertEqual(ended.status, .ok, ended.text)
            let after = try await api.call(.GET, "/api/v1/teams").items.first { $0["id"] as? String == team }?["memberIds"] as? [String]
            XCTAssertEqual(after?.contains(newcomer), false)

            // A project from lead to operation; signing registers its enterprise.
            let made = try await api.call(
                .POST,
                "/api/v1/investment-projects",
                ["name": "接口测试项目", "investor": "南京接口测试有限公司", "industry": "ic", "amountFen": Money.yi(2).fen, "teamId": team]
            )
            XCTAssertEqual(made.status, .created, made.text)
            let project = try XCTUnwrap(made.json["id"] as? String)
            for step: [String: Any] in [
                ["to": "negotiation"],
                ["to": "signed", "signingDate": "2026-03-01", "agreementNumber": "API-001", "signedAmountFen": Money.yi(2).fen],
                ["to": "registered", "creditCode": "914403001922038216"], ["to": "underConstruction", "startDate": "2026-05-01"],
                ["to": "inOperation", "operationDate": "2026-11-01"],
            ] {
                let r = try await api.call(.POST, "/api/v1/investment-projects/\(project)/stage", step)
                XCTAssertEqual(r.status, .ok, r.text)
                XCTAssertEqual(r.json["stage"] as? String, step["to"] as? String)
            }
            let read = try await api.call(.GET, "/api/v1/investment-projects/\(project)")
            XCTAssertEqual(read.json["stage"] as? String, "inOperation")
            XCTAssertEqual(read.json["isMajor"] as? Bool, true)

            // An enterprise is served: a request to a platform, a step, closed with the enterprise's satisfaction.
            let enterprise = try await api.call(
                .POST,
                "/api/v1/enterprises",
                ["name": "接口服务企业", "industry": "ic", "creditCode": try CreditCode.company(area: "320111", serial: 77).value]
            )
            XCTAssertEqual(enterprise.status, .created, enterprise.text)
            let eid = try XCTUnwrap(enterprise.json["id"] as? String)
            let changed = try await api.call(.PATCH, "/api/v1/enterprises/\(eid)", ["contactName": "王经理", "contactPhone": "13900000000"])
            XCTAssertEqual(changed.json["contactName"] as? String, "王经理", changed.text)
            let platforms = try await api.call(.GET, "/api/v1/service-platforms")
            XCTAssertGreaterThan(platforms.total, 0, platforms.text)
            let platform = try XCTUnwrap(platforms.items.first?["id"] as? String)
            let opened = try await api.call(
                .POST,
                "/api/v1/service-requests",
                ["enterpriseId": eid, "type": "policy", "title": "政策咨询", "platformId": platform]
            )
            XCTAssertEqual(opened.status, .created, opened.text)
            XCTAssertEqual(opened.json["platformId"] as? String, platform)
            let rid = try XCTUnwrap(opened.json["id"] as? String)
            let step = try await api.call(.POST, "/api/v1/service-requests/\(rid)/steps", ["note": "已转平台对接"])
            XCTAssertEqual(step.json["status"] as? String, "inProgress")
            let closed = try await api.call(.POST, "/api/v1/service-requests/\(rid)/close", ["satisfaction": 5])
            XCTAssertEqual(closed.json["status"] as? String, "closed")
            let listed = try await api.call(.GET, "/api/v1/service-requests?enterprise=\(eid)")
            XCTAssertEqual(listed.items.first?["status"] as? String, "closed")
        }
    }

    func testAnAssessmentYearFromSchemeToPaySheetThroughTheAPIAlone() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let leader = try await APIClient.login(app, "leader")
            let staff = try await APIClient.login(app, "staff")
            let year = CalendarDate.today().year - 1
            let draft = try await hr.call(.POST, "/api/v1/assessment-schemes", ["year": year, "name": "接口年度方案"])
            XCTAssertEqual(draft.status, .created, draft.text)
            let scheme = try XCTUnwrap(draft.json["id"] as? String)
            let published = try await leader.call(.POST, "/api/v1/assessment-schemes/\(scheme)/publish")
            XCTAssertEqual(published.json["status"] as? String, "published", published.text)
            let made = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles",
                ["schemeId": scheme, "name": "接口年度考核", "kind": "annual", "startsOn": "\(year)-01-01", "endsOn": "\(year)-12-31"]
            )
            XCTAssertEqual(made.status, .created, made.text)
            let cycle = try XCTUnwrap(made.json["id"] as? String)
            // The staff member rates what the API says they rate.
            let tasks = try await staff.call(.GET, "/api/v1/ratings?cycle=\(cycle)").items
            XCTAssertFalse(tasks.isEmpty)
            for task in tasks {
                let r = try await staff.call(
                    .POST,
                    "/api/v1/ratings",
                    ["cycleId": cycle, "indicator": task["indicator"] ?? "", "subjectId": task["subjectId"] ?? "", "score": 85]
                )
                XCTAssertEqual(r.status, .noContent, r.text)
            }
            // An accountability case in the open cycle: a claim to tolerance, granted, with a correction step done.
            let firstPerson = try await hr.call(.GET, "/api/v1/people?limit=1")
            let subject = try XCTUnwrap(firstPerson.items.first?["id"] as? String)
            let opened = try await hr.call(
                .POST,
                "/api/v1/accountability-cases",
                [
                    "personId": subject, "cycleId": cycle, "facts": "企业诉求超期未办结", "finding": "跟踪不力", "sanction": "criticism",
                    "deciders": "纪工委",
                ]
            )
            XCTAssertEqual(opened.status, .created, opened.text)
            let caseID = try XCTUnwrap(opened.json["id"] as? String)
            let claimed = try await hr.call(.POST, "/api/v1/accountability-cases/\(caseID)/claim", ["statements": ["withinPolicy": "经同意"]])
            XCTAssertEqual(claimed.status, .created, claimed.text)
            var conditions: [String: Any] = [:]
            for c in ToleranceCondition.allCases { conditions[c.rawValue] = ["met": true, "evidence": "会议纪要"] }
            let judged = try await leader.call(
                .POST,
                "/api/v1/accountability-cases/\(caseID)/claim/judgement",
                ["conditions": conditions, "deciders": "主任办公会", "grounds": "四项条件均经核实"]
            )
            XCTAssertEqual((judged.json["claim"] as? [String: Any])?["status"] as? String, "granted", judged.text)
            let planned = try await hr.call(
                .POST,
                "/api/v1/accountability-cases/\(caseID)/claim/steps",
                ["text": "建立诉求跟踪台账", "dueOn": CalendarDate.today().adding(days: 30).description]
            )
            let steps = (planned.json["claim"] as? [String: Any])?["steps"] as? [[String: Any]]
            let stepID = try XCTUnwrap(steps?.first?["id"] as? String, planned.text)
            let done = try await hr.call(
                .POST,
                "/api/v1/accountability-cases/\(caseID)/claim/steps/\(stepID)/done",
                ["doneOn": CalendarDate.today().description]
            )
            XCTAssertEqual((done.json["claim"] as? [String: Any])?["corrected"] as? Bool, true, done.text)

            let computed = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cycle)/compute")
            XCTAssertEqual(computed.status, .ok, computed.text)
            for (group, ids) in computed.json["tied"] as? [String: [String]] ?? [:] {
                let d = try await leader.call(
                    .POST,
                    "/api/v1/assessment-cycles/\(cycle)/quota-decisions",
                    ["group": group, "order": ids, "grounds": "按重点任务完成情况", "deciders": "考核领导小组"]
                )
                XCTAssertEqual(d.status, .noContent, d.text)
            }
            let notice = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cycle)/publish")
            XCTAssertEqual(notice.json["status"] as? String, "notice", notice.text)
            let results = try await hr.call(.GET, "/api/v1/assessment-cycles/\(cycle)/results?assessee=person&limit=5")
            let someone = try XCTUnwrap(results.items.first?["subjectId"] as? String)
            let raised = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cycle)/objections", ["subjectId": someone, "text": "得分有误"])
            XCTAssertEqual(raised.status, .noContent, raised.text)
            // The objection's id comes from the API.
            let objections = try await hr.call(.GET, "/api/v1/assessment-cycles/\(cycle)/objections")
            XCTAssertEqual(objections.total, 1, objections.text)
            XCTAssertEqual(objections.items.first?["subjectId"] as? String, someone)
            XCTAssertNil(objections.items.first?["resolvedOn"] as? String)
            let objection = try XCTUnwrap(objections.items.first?["id"] as? String)
            let resolved = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles/\(cycle)/objections/\(objection)/resolve",
                ["resolution": "经复核无误，维持原结果"]
            )
            XCTAssertEqual(resolved.status, .noContent, resolved.text)
            let after = try await hr.call(.GET, "/api/v1/assessment-cycles/\(cycle)/objections")
            XCTAssertEqual(after.items.first?["resolution"] as? String, "经复核无误，维持原结果")

            // Time passes: the notice period ends.
            let stored = try await AssessmentCycle.find(UUID(uuidString: cycle)!, on: app.db)!
            stored.noticeEnds = CalendarDate.today().adding(days: -1).description
            try await stored.update(on: app.db)

            let final = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cycle)/finalise")
            XCTAssertEqual(final.json["status"] as? String, "final", final.text)
            let sheet = try await hr.call(.GET, "/api/v1/pay-sheets/\(cycle)")
            XCTAssertEqual(sheet.status, .ok, sheet.text)
            XCTAssertGreaterThan(sheet.json["totalFen"] as? Int ?? 0, 0)
        }
    }

    func testTheOrganisationAndAMeetingThroughTheAPIAlone() async throws {
        try await eachEngine(engineering: true) { app, _ in
            let admin = try await APIClient.login(app, "admin")
            let unit = try await admin.call(
                .POST,
                "/api/v1/units",
                ["body": "committee", "kind": "department", "name": "接口测试部", "duties": ["接口测试"]]
            )
            XCTAssertEqual(unit.status, .created, unit.text)
            let uid = try XCTUnwrap(unit.json["id"] as? String)
            let post = try await admin.call(.POST, "/api/v1/posts", ["unitId": uid, "title": "测试岗", "tier": "staff", "headcount": 1])
            XCTAssertEqual(post.status, .created, post.text)
            let pid = try XCTUnwrap(post.json["id"] as? String)
            let person = try await admin.call(
                .POST,
                "/api/v1/people",
                ["unitId": uid, "postId": pid, "name": "艾接口", "residentId": "11010519491231002X", "phone": "13912345678"]
            )
            XCTAssertEqual(person.status, .created, person.text)
            let person1 = try XCTUnwrap(person.json["id"] as? String)
            let renamed = try await admin.call(.PATCH, "/api/v1/people/\(person1)", ["name": "艾接口新"])
            XCTAssertEqual(renamed.json["name"] as? String, "艾接口新", renamed.text)
            let listed = try await admin.call(.GET, "/api/v1/people?unit=\(uid)")
            XCTAssertEqual(listed.items.compactMap { $0["id"] as? String }, [person1])
            let busy = try await admin.call(.DELETE, "/api/v1/units/\(uid)")
            XCTAssertEqual(busy.status, .conflict, "a unit with posts and people is not deleted")
            for path in ["/api/v1/people/\(person1)", "/api/v1/posts/\(pid)", "/api/v1/units/\(uid)"] {
                let r = try await admin.call(.DELETE, path)
                XCTAssertEqual(r.status, .noContent, "\(path): \(r.text)")
                let gone = try await admin.call(.GET, path)
                XCTAssertEqual(gone.status, .notFound, path)
            }

            // A project meeting, with an action its owner closes; people are named by their own sessions.
            let engineer = try await APIClient.login(app, "engineer")
            let staff = try await APIClient.login(app, "staff")
            let projects = try await engineer.call(.GET, "/api/v1/construction-projects?limit=1")
            let project = try XCTUnwrap(projects.items.first?["id"] as? String)
            let engineerMe = try await engineer.call(.GET, "/api/v1/sessions/current")
            let engineerPerson = try XCTUnwrap(engineerMe.json["personId"] as? String)
            let staffMe = try await staff.call(.GET, "/api/v1/sessions/current")
            let staffPerson = try XCTUnwrap(staffMe.json["personId"] as? String)
            let today = CalendarDate.today()
            let made = try await engineer.call(
                .POST,
                "/api/v1/meetings",
                [
                    "kind": "projectSpecial", "title": "接口专题会议", "heldOn": today.adding(days: -2).description,
                    "chairId": engineerPerson, "location": "会议室", "attendeeIds": [engineerPerson, staffPerson],
                    "items": [["topic": "施工进度", "projectId": project, "decision": "倒排工期", "outcome": "noted"]],
                    "actions": [["item": 0, "title": "报送计划", "ownerId": staffPerson, "dueOn": today.adding(days: 5).description]],
                ]
            )
            XCTAssertEqual(made.status, .created, made.text)
            let meeting = try XCTUnwrap(made.json["id"] as? String)
            let read = try await engineer.call(.GET, "/api/v1/meetings/\(meeting)")
            let action = try XCTUnwrap((read.json["actions"] as? [[String: Any]])?.first?["id"] as? String, read.text)
            let mine = try await staff.call(.GET, "/api/v1/action-items?owner=\(staffPerson)&status=open")
            XCTAssertTrue(mine.items.contains { $0["id"] as? String == action }, mine.text)
            let closed = try await staff.call(.POST, "/api/v1/action-items/\(action)/close", ["result": "已报送"])
            XCTAssertEqual(closed.json["status"] as? String, "done", closed.text)
        }
    }

    func advance(_ client: APIClient, _ id: String, to stage: String, _ extra: [String: Any] = [:]) async throws {
        var body = extra
        body["to"] = stage
        let r = try await client.call(.POST, "/api/v1/campaigns/\(id)/stage", body)
        XCTAssertEqual(r.status, .ok, "to \(stage): \(r.text)")
        XCTAssertEqual(r.json["stage"] as? String, stage)
    }
}
