import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// Key-project meetings (重点工程会议), their decisions and action items (督办事项), through the API and the pages.
final class MeetingTests: XCTestCase {
    /// The demo zone, the people of its users, a construction project and two design changes waiting for a meeting.
    struct Fixture {
        let zone: UUID
        /// The engineer's person (records meetings), the staff user's (owns action items), the cost user's
        /// (neither writes meetings nor owns items) and the leader's (chairs).
        let engineer: UUID
        let staff: UUID
        let cost: UUID
        let leader: UUID
        let project: ConstructionProject
        let change: DesignChange
        let otherChange: DesignChange
    }

    func person(_ app: Application, user: String) async throws -> UUID {
        let found = try await User.query(on: app.db).filter(\.$username == user).first()?.personID
        return try XCTUnwrap(found, "\(user) is a person")
    }

    func fixture(_ app: Application) async throws -> Fixture {
        let zone = try await Zone.query(on: app.db).filter(\.$code == "pukou").first()!.id!
        let engineer = try await person(app, user: "engineer")
        let staff = try await person(app, user: "staff")
        let cost = try await person(app, user: "cost")
        // The leader's user becomes a person of the zone, to chair meetings.
        let taken = [engineer, staff, cost]
        let leaderPerson = try await Person.query(on: app.db).filter(\.$zoneID == zone).filter(\.$id !~ taken).sort(\.$name).first()!
        let leaderUser = try await User.query(on: app.db).filter(\.$username == "leader").first()!
        leaderUser.personID = leaderPerson.id
        try await leaderUser.update(on: app.db)
        let p = ConstructionProject()
        p.zoneID = zone
        p.code = "SX-2026-07"
        p.name = "浦口大道综合管廊"
        p.location = "浦口大道"
        p.investmentFen = 120_000_000_00
        p.budgetFundsFen = 110_000_000_00
        p.owner = "南京浦口经济开发有限公司"
        p.office = "综合管廊项目部"
        p.isKey = true
        p.progress = 35
        p.stage = "construction"
        p.startsOn = "2025-09-01"
        p.endsOn = "2027-06-30"
        try await p.create(on: app.db)
        func change(_ number: Int, _ title: String) async throws -> DesignChange {
            let c = DesignChange()
            c.zoneID = zone
            c.projectID = p.id!
            c.number = number
            c.title = title
            c.reason = "地质条件与勘察报告不符"
            c.proposedAs = "construction"
            c.proposerID = engineer
            c.proposedOn = "2026-01-10"
            c.designAgrees = true
            c.impactFen = 3_800_000_00
            c.needsMeeting = true
            c.status = "awaitingMeeting"
            try await c.create(on: app.db)
            return c
        }
        return Fixture(
            zone: zone,
            engineer: engineer,
            staff: staff,
            cost: cost,
            leader: leaderPerson.id!,
            project: p,
            change: try await change(1, "管廊基坑支护方案调整"),
            otherChange: try await change(2, "管廊出入口位置调整")
        )
    }

    func day(_ offset: Int) -> String { CalendarDate.today().adding(days: offset).description }

    func meetingBody(_ f: Fixture, heldOn: String? = nil) -> [String: Any] {
        [
            "kind": "projectSpecial", "title": "重点项目专题会议（综合管廊）", "heldOn": heldOn ?? day(-10), "chairId": f.leader.uuidString,
            "location": "管委会 3 楼会议室", "attendeeIds": [f.engineer.uuidString, f.staff.uuidString, f.engineer.uuidString],
            "items": [
                [
                    "topic": "综合管廊施工进度", "projectId": f.project.id!.uuidString, "decision": "听取项目部汇报，进度滞后 15 天，要求倒排工期",
                    "outcome": "noted",
                ],
                [
                    "topic": "基坑支护方案调整", "designChangeId": f.change.id!.uuidString, "decision": "同意按设计单位意见调整，费用按造价审核意见控制",
                    "outcome": "approved",
                ],
            ],
            "actions": [["item": 0, "title": "报送倒排工期计划", "ownerId": f.staff.uuidString, "dueOn": day(-3)]],
        ]
    }

    /// The audit events of meetings, their items and action items, and design changes.
    func meetingEvents(_ app: Application) async throws -> Int {
        try await AuditEvent.query(on: app.db).filter(\.$entity ~~ ["meeting", "meetingItem", "actionItem", "designChange"]).count()
    }

    func rows(_ app: Application) async throws -> [Int] {
        [
            try await app.count(Meeting.self), try await app.count(MeetingItem.self), try await app.count(ActionItem.self),
            try await meetingEvents(app),
        ]
    }

    func testAMeetingIsRecordedWithItsDecisionsAndActionItemsAndDecidesTheDesignChange() async throws {
        try await eachEngine { app, engine in
            let f = try await fixture(app)
            let engineer = try await APIClient.login(app, "engineer")
            let made = try await engineer.call(.POST, "/api/v1/meetings", meetingBody(f))
            XCTAssertEqual(made.status, .created, made.text)
            let id = try XCTUnwrap(made.json["id"] as? String)
            XCTAssertEqual(made.json["kind"] as? String, "projectSpecial")
            XCTAssertEqual(made.json["chairId"] as? String, f.leader.uuidString)
            let attendees = made.json["attendees"] as? [[String: Any]] ?? []
            XCTAssertEqual(attendees.map { $0["id"] as? String }, [f.engineer.uuidString, f.staff.uuidString], "once each, in order")
            let items = made.json["items"] as? [[String: Any]] ?? []
            XCTAssertEqual(items.map { $0["seq"] as? Int }, [1, 2])
            XCTAssertEqual(items[0]["project"] as? String, "浦口大道综合管廊")
            XCTAssertEqual(items[1]["projectId"] as? String, f.project.id!.uuidString, "[\(engine)] the change's project")
            XCTAssertEqual(items[1]["designChangeStatus"] as? String, "effective")
            let actions = made.json["actions"] as? [[String: Any]] ?? []
            XCTAssertEqual(actions.count, 1)
            XCTAssertEqual(actions.first?["itemId"] as? String, items[0]["id"] as? String, "the action comes from item 1")
            XCTAssertEqual(actions.first?["projectId"] as? String, f.project.id!.uuidString, "about the item's project")
            XCTAssertEqual(actions.first?["overdue"] as? Bool, true)
            XCTAssertEqual(actions.first?["meeting"] as? String, "重点项目专题会议（综合管廊）")

            // The design change took effect with the meeting's date and the deciding item.
            let decided = try await DesignChange.find(f.change.id, on: app.db)!
            XCTAssertEqual(decided.status, "effective")
            XCTAssertEqual(decided.decidedOn, day(-10))
            XCTAssertEqual(decided.decisionItemID?.uuidString, items[1]["id"] as? String)
            let audited = try await AuditEvent.query(on: app.db).filter(\.$entity == "designChange").filter(\.$action == "decide").count()
            XCTAssertEqual(audited, 1)
            let created = try await AuditEvent.query(on: app.db).filter(\.$entity == "meeting").filter(\.$actorName == "engineer").count()
            XCTAssertEqual(created, 1)

            // An item added later rejects the other change.
            let added = try await engineer.call(
                .POST,
                "/api/v1/meetings/\(id)/items",
                ["topic": "出入口位置调整", "designChangeId": f.otherChange.id!.uuidString, "decision": "维持原设计", "outcome": "rejected"]
            )
            XCTAssertEqual(added.status, .created, added.text)
            XCTAssertEqual((added.json["items"] as? [[String: Any]])?.last?["seq"] as? Int, 3)
            let rejected = try await DesignChange.find(f.otherChange.id, on: app.db)!
            XCTAssertEqual(rejected.status, "rejected")

            // An action item posted on its own, then the lists and filters.
            let action = try await engineer.call(
                .POST,
                "/api/v1/action-items",
                ["meetingId": id, "title": "优化出入口交通组织", "ownerId": f.cost.uuidString, "dueOn": day(30)]
            )
            XCTAssertEqual(action.status, .created, action.text)
            XCTAssertEqual(action.json["overdue"] as? Bool, false)
            let special = try await engineer.call(.GET, "/api/v1/meetings?kind=projectSpecial&project=\(f.project.id!.uuidString)")
            XCTAssertEqual(special.total, 1)
            XCTAssertEqual((special.items.first?["actions"] as? [Any])?.count, 2)
            let leadership = try await engineer.call(.GET, "/api/v1/meetings?kind=leadership")
            XCTAssertEqual(leadership.total, 0)
            let _kind = try await engineer.call(.GET, "/api/v1/meetings?kind=weekly").errorField
            XCTAssertEqual(_kind, "kind")
            let one = try await engineer.call(.GET, "/api/v1/meetings/\(id)")
            XCTAssertEqual(one.json["location"] as? String, "管委会 3 楼会议室")
            let overdue = try await engineer.call(.GET, "/api/v1/action-items?overdue=true")
            XCTAssertEqual(overdue.items.map { $0["title"] as? String }, ["报送倒排工期计划"])
            let ownerName = try await Person.find(f.staff, on: app.db)?.name
            XCTAssertEqual(overdue.items.first?["owner"] as? String, ownerName)
            let owned = try await engineer.call(.GET, "/api/v1/action-items?owner=\(f.cost.uuidString)&status=open")
            XCTAssertEqual(owned.items.map { $0["title"] as? String }, ["优化出入口交通组织"])
            let _status = try await engineer.call(.GET, "/api/v1/action-items?status=late").errorField
            XCTAssertEqual(_status, "status")

            // The owner closes an item; it is then done, no longer overdue, and cannot be closed again.
            let staff = try await APIClient.login(app, "staff")
            let actionID = try XCTUnwrap(actions.first?["id"] as? String)
            let closed = try await staff.call(.POST, "/api/v1/action-items/\(actionID)/close", ["result": "计划已报送管委会"])
            XCTAssertEqual(closed.status, .ok, closed.text)
            XCTAssertEqual(closed.json["status"] as? String, "done")
            XCTAssertEqual(closed.json["closedOn"] as? String, day(0))
            XCTAssertEqual(closed.json["overdue"] as? Bool, false)
            let again = try await staff.call(.POST, "/api/v1/action-items/\(actionID)/close", ["result": "再次办结"])
            XCTAssertEqual(again.status, .conflict)
            let done = try await engineer.call(.GET, "/api/v1/action-items?status=done")
            XCTAssertEqual(done.total, 1)
        }
    }

    func testBadInputIsRefusedNamingTheFieldAndNothingIsWritten() async throws {
        try await eachEngine { app, _ in
            let f = try await fixture(app)
            let engineer = try await APIClient.login(app, "engineer")
            let made = try await engineer.call(.POST, "/api/v1/meetings", meetingBody(f))
            let id = try XCTUnwrap(made.json["id"] as? String)
            let before = try await rows(app)
            // 422: the body does not follow the API's document; 409: it does, and the zone's rules or records refuse it.
            func refused(
                _ body: [String: Any],
                _ field: String,
                _ status: HTTPResponseStatus = .conflict,
                path: String = "/api/v1/meetings",
                line: UInt = #line
            ) async throws {
                let r = try await engineer.call(.POST, path, body)
                XCTAssertEqual(r.status, status, r.text, line: line)
                XCTAssertEqual(r.errorField, field, r.text, line: line)
            }
            var body = meetingBody(f)
            body["kind"] = "weekly"
            try await refused(body, "kind", .unprocessableEntity)
            body = meetingBody(f, heldOn: day(1))
            try await refused(body, "heldOn")
            body = meetingBody(f, heldOn: "2026-02-30")
            try await refused(body, "heldOn", .unprocessableEntity)
            body = meetingBody(f)
            body["chairId"] = UUID().uuidString
            try await refused(body, "chairId")
            body = meetingBody(f)
            body["attendeeIds"] = [f.staff.uuidString, "someone"]
            try await refused(body, "attendeeIds[1]", .unprocessableEntity)
            body = meetingBody(f)
            var items = body["items"] as! [[String: Any]]
            items[1]["topic"] = "  "
            body["items"] = items
            try await refused(body, "items[1].topic")
            body = meetingBody(f)
            items = body["items"] as! [[String: Any]]
            items[0]["outcome"] = "deferred"
            body["items"] = items
            try await refused(body, "items[0].outcome", .unprocessableEntity)
            body = meetingBody(f)
            body["items"] = [(body["items"] as! [[String: Any]])[0]]
            body["actions"] = [["title": "报送计划", "ownerId": f.staff.uuidString, "dueOn": day(-11)]]
            try await refused(body, "actions[0].dueOn")
            // The change decided by the first meeting waits for none any more.
            try await refused(
                ["topic": "再议基坑支护", "designChangeId": f.change.id!.uuidString, "decision": "同意", "outcome": "approved"],
                "designChangeId",
                path: "/api/v1/meetings/\(id)/items"
            )
            try await refused(
                ["title": "报送计划", "ownerId": UUID().uuidString, "dueOn": day(5)],
                "ownerId",
                path: "/api/v1/meetings/\(id)/actions"
            )
            try await refused(
                ["meetingId": id, "title": "报送计划", "ownerId": f.staff.uuidString, "dueOn": "明天"],
                "dueOn",
                .unprocessableEntity,
                path: "/api/v1/action-items"
            )
            let action = try await ActionItem.query(on: app.db).first()!
            try await refused(["result": " "], "result", path: "/api/v1/action-items/\(action.id!)/close")
            try await refused(["result": "已办", "closedOn": day(1)], "closedOn", path: "/api/v1/action-items/\(action.id!)/close")
            let wrongType = try await engineer.call(.POST, "/api/v1/meetings", ["title": 5])
            XCTAssertEqual(wrongType.status, .unprocessableEntity)
            XCTAssertEqual(wrongType.errorField, "title")

            // A meeting of another zone is not found, and nothing is written to it.
            let other = try await ZoneService.create(
                app,
                actor: .commandLine,
                NewZone(code: "other", name: "另一园区", nameEn: "Other", committeeCap: 10, companyCap: 10)
            )
            let foreign = Meeting()
            foreign.zoneID = other.id!
            foreign.kind = "leadership"
            foreign.title = "另一园区的会议"
            foreign.heldOn = day(-1)
            foreign.chairID = UUID()
            foreign.location = ""
            foreign.attendees = "[]"
            try await foreign.create(on: app.db)
            let beforeForeign = try await rows(app)
            let _get = try await engineer.call(.GET, "/api/v1/meetings/\(foreign.id!)").status
            XCTAssertEqual(_get, .notFound)
            let _post = try await engineer.call(
                .POST,
                "/api/v1/meetings/\(foreign.id!)/items",
                ["topic": "议题", "decision": "同意", "outcome": "noted"]
            ).status
            XCTAssertEqual(_post, .notFound)
            let _after = try await rows(app)
            XCTAssertEqual(_after, beforeForeign)

            // The form names every wrong field beside it and keeps what was typed.
            let b = Browser(app)
            try await b.login("engineer")
            try await b.get("/engineering/meetings/new")
            let form = try await b.post(
                "/engineering/meetings",
                [
                    "kind": "projectSpecial", "title": "", "heldOn": day(1), "chairId": f.leader.uuidString, "location": "第二会议室",
                    "items.1.topic": "管廊进度", "items.1.decision": "", "items.1.outcome": "noted",
                ]
            )
            XCTAssertEqual(form.status, .unprocessableEntity)
            XCTAssertTrue(form.text.contains("请填写会议名称"), form.text)
            XCTAssertTrue(form.text.contains("会议日期不能晚于今天"))
            XCTAssertTrue(form.text.contains("请填写会议决定"))
            XCTAssertTrue(form.text.contains("id=\"e-items.1.decision\""), "the error stands beside row 2, where it was typed")
            XCTAssertTrue(form.text.contains("第二会议室"), "the location typed comes back")

            let after = try await rows(app)
            XCTAssertEqual(Array(after.prefix(3)), Array(beforeForeign.prefix(3)))
            XCTAssertEqual(after[3], before[3], "no audit event for a refusal")
        }
    }

    func testOnlyWritersRecordAndOnlyTheOwnerOrAWriterCloses() async throws {
        try await eachEngine { app, _ in
            let f = try await fixture(app)
            let engineer = try await APIClient.login(app, "engineer")
            let made = try await engineer.call(.POST, "/api/v1/meetings", meetingBody(f))
            let id = try XCTUnwrap(made.json["id"] as? String)
            let action = try XCTUnwrap((made.json["actions"] as? [[String: Any]])?.first?["id"] as? String)
            let before = try await rows(app)
            for user in ["staff", "leader", "cost", "platform"] {
                let c = try await APIClient.login(app, user)
                let _post = try await c.call(.POST, "/api/v1/meetings", meetingBody(f)).status
                XCTAssertEqual(_post, .forbidden, user)
                let _item = try await c.call(.POST, "/api/v1/meetings/\(id)/items", ["topic": "x", "decision": "y", "outcome": "noted"])
                    .status
                XCTAssertEqual(_item, .forbidden, user)
                let _read = try await c.call(.GET, "/api/v1/meetings/\(id)").status
                XCTAssertEqual(_read, .ok, "\(user) reads meetings")
            }
            let anonymous = APIClient(app: app, token: nil)
            let _anonList = try await anonymous.call(.GET, "/api/v1/meetings").status
            XCTAssertEqual(_anonList, .unauthorized)
            let _anonPost = try await anonymous.call(.POST, "/api/v1/meetings", meetingBody(f)).status
            XCTAssertEqual(_anonPost, .unauthorized)
            let _anonClose = try await anonymous.call(.POST, "/api/v1/action-items/\(action)/close", ["result": "x"]).status
            XCTAssertEqual(_anonClose, .unauthorized)
            // The cost user neither owns the item nor records meetings; the platform user writes in no zone.
            for user in ["cost", "leader", "platform"] {
                let c = try await APIClient.login(app, user)
                let _close = try await c.call(.POST, "/api/v1/action-items/\(action)/close", ["result": "已办"]).status
                XCTAssertEqual(_close, .forbidden, user)
            }
            let _after = try await rows(app)
            XCTAssertEqual(_after, before)
            let still = try await ActionItem.find(UUID(uuidString: action), on: app.db)
            XCTAssertEqual(still?.status, "open")
            // A writer who is not the owner may close it.
            let closed = try await engineer.call(.POST, "/api/v1/action-items/\(action)/close", ["result": "已督促报送", "closedOn": day(-1)])
            XCTAssertEqual(closed.status, .ok, closed.text)
            XCTAssertEqual(closed.json["closedOn"] as? String, day(-1))
            // The pages: staff reads them without forms to record; the page form closes for the owner.
            let b = Browser(app)
            try await b.login("staff")
            let _new = try await b.get("/engineering/meetings/new").status
            XCTAssertEqual(_new, .forbidden)
            let page = try await b.get("/engineering/meetings/\(id)")
            XCTAssertEqual(page.status, .ok)
            XCTAssertFalse(page.text.contains("action=\"/engineering/meetings/\(id)/items\""))
            XCTAssertFalse(page.text.contains("action=\"/engineering/meetings/\(id)/actions\""))
        }
    }

    func testOverdueActionItemsShowOnTheOwnersAndTheChairsHomePage() async throws {
        try await eachEngine { app, engine in
            let f = try await fixture(app)
            let engineer = try await APIClient.login(app, "engineer")
            var body = meetingBody(f)
            body["actions"] = [
                ["title": "报送倒排工期计划", "ownerId": f.staff.uuidString, "dueOn": day(-3)],
                ["title": "今日到期的事项", "ownerId": f.staff.uuidString, "dueOn": day(0)],
            ]
            let made = try await engineer.call(.POST, "/api/v1/meetings", body)
            XCTAssertEqual(made.status, .created, made.text)
            for (user, shown) in [("staff", true), ("leader", true), ("cost", false), ("engineer", false), ("admin", false)] {
                let b = Browser(app)
                try await b.login(user)
                let home = try await b.get("/")
                XCTAssertEqual(home.status, .ok)
                XCTAssertEqual(home.text.contains("1 项督办事项已超期"), shown, "[\(engine)] \(user)")
                XCTAssertEqual(home.text.contains("报送倒排工期计划"), shown, "[\(engine)] \(user)")
                XCTAssertFalse(home.text.contains("今日到期的事项"), "due today is not overdue")
                if shown {
                    XCTAssertTrue(home.text.contains("href=\"/engineering/action-items\""))
                    let list = try await b.get("/engineering/action-items?mine=true&status=overdue")
                    XCTAssertEqual(list.status, .ok)
                    XCTAssertTrue(list.text.contains("<tr class=\"overdue\""), "overdue rows are marked")
                    XCTAssertTrue(list.text.contains("报送倒排工期计划"))
                    XCTAssertFalse(list.text.contains("今日到期的事项"))
                }
            }
            // Closed, it leaves the owner's home page.
            let staff = Browser(app)
            try await staff.login("staff")
            let list = try await staff.get("/engineering/action-items?status=overdue")
            let overdue = try await ActionItem.query(on: app.db).filter(\.$dueOn == day(-3)).first()!
            XCTAssertTrue(list.text.contains("action=\"/engineering/action-items/\(overdue.id!)/close\""), "the owner has a close form")
            let closed = try await staff.post("/engineering/action-items/\(overdue.id!)/close", ["closedOn": day(0), "result": "计划已报送"])
            XCTAssertEqual(closed.status, .seeOther, closed.text)
            let home = try await staff.get("/")
            XCTAssertFalse(home.text.contains("项督办事项已超期"))
        }
    }

    func testThePagesRenderForReadersAndTheFormRecordsAMeeting() async throws {
        try await eachEngine { app, engine in
            let f = try await fixture(app)
            let b = Browser(app)
            try await b.login("engineer")
            let form = try await b.get("/engineering/meetings/new")
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(form.text.contains("管廊基坑支护方案调整"), "changes awaiting a meeting are offered")
            let posted = try await b.post(
                "/engineering/meetings",
                [
                    "kind": "leadership", "title": "2026 年第 3 次重点工程领导会议", "heldOn": day(-2), "chairId": f.leader.uuidString,
                    "location": "管委会 1 号会议室", "attendeeIds": f.staff.uuidString,
                    "items.1.topic": "基坑支护方案调整", "items.1.designChangeId": f.change.id!.uuidString, "items.1.decision": "同意调整",
                    "items.1.outcome": "approved", "actions.0.title": "落实支护方案", "actions.0.ownerId": f.staff.uuidString,
                    "actions.0.dueOn": day(10), "actions.0.item": "1",
                ]
            )
            XCTAssertEqual(posted.status, .seeOther, posted.text)
            XCTAssertTrue(posted.location.hasPrefix("/engineering/meetings/"))
            let change = try await DesignChange.find(f.change.id, on: app.db)
            XCTAssertEqual(change?.status, "effective", "[\(engine)]")
            let action = try await ActionItem.query(on: app.db).first()
            XCTAssertNotNil(action?.itemID, "the action names the item of row 2")
            XCTAssertEqual(action?.projectID, f.project.id)

            let page = try await b.get(posted.location)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("class=\"notice\""), "the minutes print")
            XCTAssertTrue(page.text.contains("同意调整"))
            XCTAssertTrue(page.text.contains("已生效"))
            XCTAssertTrue(page.text.contains("落实支护方案"))
            XCTAssertTrue(page.text.contains("action=\"\(posted.location)/items\""), "writers add items")
            let item = try await b.post(posted.location + "/items", ["topic": "", "decision": "", "outcome": "noted"])
            XCTAssertEqual(item.status, .unprocessableEntity)
            XCTAssertTrue(item.text.contains("请填写议题"))
            let added = try await b.post(posted.location + "/actions", ["title": "复核造价", "ownerId": f.cost.uuidString, "dueOn": day(5)])
            XCTAssertEqual(added.status, .seeOther, added.text)

            // A reader sees the list, the meeting, the action items and their export.
            let reader = Browser(app)
            try await reader.login("hr")
            let list = try await reader.get("/engineering/meetings?kind=leadership")
            XCTAssertEqual(list.status, .ok)
            XCTAssertTrue(list.text.contains("2026 年第 3 次重点工程领导会议"))
            XCTAssertTrue(list.text.contains("href=\"\(posted.location)\""))
            XCTAssertFalse(list.text.contains("href=\"/engineering/meetings/new\""), "readers record no meeting")
            let _shown = try await reader.get(posted.location).status
            XCTAssertEqual(_shown, .ok)
            let actions = try await reader.get("/engineering/action-items")
            XCTAssertEqual(actions.status, .ok)
            XCTAssertTrue(actions.text.contains("复核造价"))
            XCTAssertFalse(actions.text.contains("/close\""), "a reader who owns nothing closes nothing")
            let csv = try await reader.get("/engineering/action-items/export.csv")
            XCTAssertEqual(csv.status, .ok)
            XCTAssertTrue(csv.text.hasPrefix(CSV.byteOrderMark), "Excel opens it as UTF-8")
            XCTAssertTrue(csv.text.contains("落实支护方案"))
            let en = try await reader.get("/language/en?back=/engineering/action-items")
            XCTAssertNotEqual(en.status, .internalServerError)
            let english = try await reader.get("/engineering/meetings")
            XCTAssertTrue(english.text.contains("Key-works leadership meeting"), "English labels")
        }
    }
}
