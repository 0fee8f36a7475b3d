import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// Team membership comes from appointment campaigns (a campaign post of a team's unit is a team place); a membership
/// added or ended by hand is a correction and carries its reason.
final class TeamMembershipTests: XCTestCase {
    func team(_ app: Application, _ name: String) async throws -> InvestmentTeam {
        try await InvestmentTeam.query(on: app.db).filter(\.$name == name).first()!
    }

    func teamPost(_ app: Application, _ t: InvestmentTeam) async throws -> Post {
        try await Post.query(on: app.db).filter(\.$unitID == t.unitID!).first()!
    }

    func open(_ app: Application, person: UUID) async throws -> TeamMembership? {
        try await TeamMembership.query(on: app.db).filter(\.$personID == person).filter(\.$toDate == nil).first()
    }

    func testAppointmentToATeamPlaceMovesTheMembershipAndIsAudited() async throws {
        try await eachEngine { app, engine in
            let hr = try await APIClient.login(app, "hr")
            let one = try await team(app, "招商一组")
            let two = try await team(app, "招商二组")
            let three = try await team(app, "招商三组")
            let twoPost = try await teamPost(app, two)
            let threePost = try await teamPost(app, three)
            // The second team grows by one place (扩组).
            twoPost.headcount += 1
            try await twoPost.update(on: app.db)
            let moving = try await TeamMembership.query(on: app.db).filter(\.$teamID == one.id!).filter(\.$toDate == nil).sort(\.$fromDate)
                .first()!
            let twoHolders = try await Person.query(on: app.db).filter(\.$postID == twoPost.id!).sort(\.$name).all()
            let threeHolders = try await Person.query(on: app.db).filter(\.$postID == threePost.id!).sort(\.$name).all()
            XCTAssertEqual(threeHolders.count, 3)
            let twoMemberships = try await TeamMembership.query(on: app.db).filter(\.$teamID == two.id!).filter(\.$toDate == nil).all()

            let title = "招商二组、三组组员竞聘"
            let opened = try await hr.call(
                .POST,
                "/api/v1/campaigns",
                [
                    "kind": "competitive", "title": title, "body": "committee",
                    "posts": [
                        ["postId": twoPost.id!.uuidString, "places": twoPost.headcount], ["postId": threePost.id!.uuidString, "places": 3],
                    ],
                    "items": [["name": "综合素质", "weight": 100]],
                ]
            )
            XCTAssertEqual(opened.status, .created, opened.text)
            let id = opened.json["id"] as! String
            // The campaign page marks the team places.
            let b = Browser(app)
            try await b.login("hr")
            let page = try await b.get("/campaigns/\(id)")
            XCTAssertTrue(page.text.contains("招商小组名额：招商二组") && page.text.contains("招商小组名额：招商三组"), "[\(engine)]")

            // The mover and the second team's holders compete for its places; two of the third team's three for theirs.
            var entries: [(UUID, Post)] = [(moving.personID, twoPost)]
            entries += twoHolders.map { ($0.id!, twoPost) }
            entries += threeHolders.prefix(2).map { ($0.id!, threePost) }
            var candidateIDs: [String] = []
            for (pid, post) in entries {
                let r = try await hr.call(
                    .POST,
                    "/api/v1/campaigns/\(id)/candidates",
                    ["personId": pid.uuidString, "postIds": [post.id!.uuidString]]
                )
                XCTAssertEqual(r.status, .created, r.text)
                candidateIDs.append(r.json["id"] as! String)
            }
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "review"])
            for cid in candidateIDs { try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates/\(cid)/review", ["passed": true]) }
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/panel", ["members": ["评委"]])
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "interview"])
            let panel = try await PanelMember.query(on: app.db).filter(\.$campaignID == UUID(uuidString: id)!).first()!
            for (i, cid) in candidateIDs.enumerated() {
                let r = try await hr.call(
                    .POST,
                    "/api/v1/campaigns/\(id)/scores",
                    ["candidateId": cid, "panelMemberId": panel.id!.uuidString, "scores": [90 - Double(i)]]
                )
                XCTAssertEqual(r.status, .ok, r.text)
            }
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "ranking"])
            let matching = try await hr.call(.POST, "/api/v1/campaigns/\(id)/matching")
            XCTAssertEqual(matching.status, .ok, matching.text)
            let publicity = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "publicity"])
            XCTAssertEqual(publicity.status, .ok, publicity.text)
            let notice = try await b.get("/campaigns/\(id)/notice")
            XCTAssertTrue(notice.text.contains("招商小组名额：招商二组"), "[\(engine)] the notice marks the team places")
            let c = try await Campaign.find(UUID(uuidString: id)!, on: app.db)!
            c.publicityEnds = CalendarDate.today().adding(days: -1).description
            try await c.update(on: app.db)

            let start = CalendarDate.today()
            let done = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "appointment", "startDate": start.description])
            XCTAssertEqual(done.status, .ok, done.text)

            // The mover left the first team the day before and joined the second from the appointment's start.
            let ended = try await TeamMembership.find(moving.id!, on: app.db)!
            XCTAssertEqual(ended.toDate, start.adding(days: -1).description, "[\(engine)]")
            XCTAssertEqual(ended.endReason, "竞聘聘任至“招商二组”：" + title)
            let joined = try await open(app, person: moving.personID)
            XCTAssertEqual(joined?.teamID, two.id)
            XCTAssertEqual(joined?.fromDate, start.description)
            XCTAssertEqual(joined?.campaignID, c.id)
            // The second team's holders, appointed again, keep their membership unbroken.
            for m in twoMemberships {
                let again = try await TeamMembership.find(m.id!, on: app.db)!
                XCTAssertNil(again.toDate, "[\(engine)] re-appointed to the same team: the membership continues")
            }
            // The third team's holder who did not compete left the post and the team.
            let released = try await Person.find(threeHolders[2].id!, on: app.db)!
            XCTAssertNil(released.postID)
            let _v1 = try await open(app, person: released.id!)
            XCTAssertNil(_v1, "[\(engine)] no post in the team, no place in it")
            let left = try await TeamMembership.query(on: app.db).filter(\.$personID == released.id!).filter(\.$teamID == three.id!)
                .first()!
            XCTAssertEqual(left.toDate, start.adding(days: -1).description)
            XCTAssertEqual(left.endReason, "岗位重新竞聘：" + title)
            // Everyone in one team at a time.
            let openAll = try await TeamMembership.query(on: app.db).filter(\.$toDate == nil).all()
            XCTAssertEqual(Set(openAll.map(\.personID)).count, openAll.count)

            // On the trail, naming the campaign: one join (the mover), two leaves (the mover's, the released holder's).
            let events = try await AuditEvent.query(on: app.db).filter(\.$entity == "team").filter(\.$note == title).all()
            XCTAssertEqual(events.filter { $0.action == "join" }.count, 1, "[\(engine)]")
            XCTAssertEqual(events.filter { $0.action == "leave" }.count, 2)
            XCTAssertTrue(events.contains { $0.action == "join" && ($0.after ?? "").contains(title) })
            let _v2 = try await Writes.verifyChain(on: app.db).broken
            XCTAssertNil(_v2)

            // The teams page says how each member joined.
            let teams = try await b.get("/investment/teams")
            XCTAssertTrue(teams.text.contains("经“\(title)”聘任"), "[\(engine)]")
        }
    }

    func testAHandMadeChangeNeedsAReasonAndRecordsItInTheAuditLog() async throws {
        try await eachEngine { app, engine in
            let api = try await APIClient.login(app, "head")
            let one = try await team(app, "招商一组")
            let two = try await team(app, "招商二组")
            let member = try await TeamMembership.query(on: app.db).filter(\.$teamID == one.id!).filter(\.$toDate == nil).sort(\.$fromDate)
                .first()!
            let inTeams = Set(try await TeamMembership.query(on: app.db).filter(\.$toDate == nil).all().map(\.personID))
            let outsiders = try await Person.query(on: app.db).filter(\.$unitID == (try await app.unit(named: "经济发展部")).id!).sort(\.$name)
                .all().filter { !inTeams.contains($0.id!) }
            let today = CalendarDate.today().description
            let events = try await app.count(AuditEvent.self)
            let memberships = try await app.count(TeamMembership.self)

            // Without a reason (or with only spaces): refused, naming `reason`, and nothing written.
            // Without a reason the body does not follow the API's document (422); a blank one the rules refuse (409).
            for (body, status): ([String: Any], HTTPResponseStatus) in [
                (["personId": outsiders[0].id!.uuidString, "from": today], .unprocessableEntity),
                (["personId": outsiders[0].id!.uuidString, "from": today, "reason": "  "], .conflict),
            ] {
                let r = try await api.call(.POST, "/api/v1/teams/\(two.id!)/members", body)
                XCTAssertEqual(r.status, status, "[\(engine)] \(r.text)")
                XCTAssertEqual(r.errorField, "reason")
            }
            let noEnd = try await api.call(.POST, "/api/v1/teams/\(one.id!)/members/\(member.id!)/end", ["to": today])
            XCTAssertEqual(noEnd.status, .unprocessableEntity)
            XCTAssertEqual(noEnd.errorField, "reason")
            let _v1 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v1, events, "[\(engine)] nothing written")
            let _v2 = try await app.count(TeamMembership.self)
            XCTAssertEqual(_v2, memberships)
            let _v3 = try await TeamMembership.find(member.id!, on: app.db)!.toDate
            XCTAssertNil(_v3)

            // With a reason: done, and the reason is in the audit log.
            let why = "补录：竞聘前已借调至本组"
            let added = try await api.call(
                .POST,
                "/api/v1/teams/\(two.id!)/members",
                ["personId": outsiders[0].id!.uuidString, "from": today, "reason": why]
            )
            XCTAssertEqual(added.status, .created, added.text)
            let made = try await open(app, person: outsiders[0].id!)
            XCTAssertEqual(made?.reason, why)
            XCTAssertNil(made?.campaignID)
            let off = "更正：已调离招商中心"
            let ended = try await api.call(.POST, "/api/v1/teams/\(one.id!)/members/\(member.id!)/end", ["to": today, "reason": off])
            XCTAssertEqual(ended.status, .ok, ended.text)
            let closed = try await TeamMembership.find(member.id!, on: app.db)!
            XCTAssertEqual(closed.toDate, today)
            XCTAssertEqual(closed.endReason, off)
            let join = try await AuditEvent.query(on: app.db).filter(\.$entity == "team").filter(\.$action == "join").filter(\.$note == why)
                .all()
            XCTAssertEqual(join.count, 1, "[\(engine)]")
            XCTAssertTrue((join.first?.after ?? "").contains(why))
            let leave = try await AuditEvent.query(on: app.db).filter(\.$entity == "team").filter(\.$action == "leave").filter(
                \.$note == off
            ).all()
            XCTAssertEqual(leave.count, 1)
            // The API says how each membership began.
            let listed = try await api.call(.GET, "/api/v1/teams").items.first { $0["id"] as? String == two.id!.uuidString }
            let rows = listed?["memberships"] as? [[String: Any]] ?? []
            XCTAssertTrue(rows.contains { $0["reason"] as? String == why && $0["campaignId"] == nil })
            XCTAssertTrue(rows.contains { $0["campaignId"] as? String != nil })

            // On the page: a refused form shows its error beside the reason and keeps what was typed.
            let b = Browser(app)
            try await b.login("head")
            try await b.get("/investment/teams")
            let refused = try await b.post(
                "/investment/teams/\(two.id!)/members",
                ["personId": outsiders[1].id!.uuidString, "from": today]
            )
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(engine)]")
            XCTAssertTrue(refused.text.contains("须写明理由"), refused.text)
            XCTAssertTrue(refused.text.contains("aria-describedby=\"e-add-"), "the error is tied to its field")
            XCTAssertTrue(refused.text.contains("<option value=\"\(outsiders[1].id!.uuidString)\" selected>"), "the person chosen is kept")
            let _v4 = try await open(app, person: outsiders[1].id!)
            XCTAssertNil(_v4)
            let fine = try await b.post(
                "/investment/teams/\(two.id!)/members",
                ["personId": outsiders[1].id!.uuidString, "from": today, "reason": "更正：漏录"]
            )
            XCTAssertEqual(fine.status, .seeOther, "[\(engine)] \(fine.text)")
            let page = try await b.get("/investment/teams")
            XCTAssertTrue(page.text.contains("手工更正：更正：漏录"), "[\(engine)]")
            XCTAssertTrue(page.text.contains("经“\(InvestmentDemo.teamCampaignTitle)”聘任"))
        }
    }

    func testTheDemoTeamsMembersAllComeFromTheCentresCampaign() async throws {
        try await eachEngine { app, engine in
            let c = try await Campaign.query(on: app.db).filter(\.$title == InvestmentDemo.teamCampaignTitle).first()
            let campaign = try XCTUnwrap(c, "[\(engine)] the centre's 扩组 campaign")
            XCTAssertEqual(campaign.kind, .competitive)
            XCTAssertEqual(campaign.stage, .appointment)
            let teams = try await InvestmentTeam.query(on: app.db).all()
            XCTAssertEqual(teams.count, 5)
            let memberships = try await TeamMembership.query(on: app.db).filter(\.$teamID ~~ teams.compactMap(\.id)).all()
            XCTAssertEqual(memberships.count, 15, "[\(engine)] three places in each of five teams")
            for m in memberships {
                XCTAssertEqual(m.campaignID, campaign.id, "[\(engine)] every member comes from the campaign")
                XCTAssertNil(m.reason)
                XCTAssertNil(m.toDate)
                let person = try await Person.find(m.personID, on: app.db)!
                let t = teams.first { $0.id == m.teamID }!
                XCTAssertEqual(person.unitID, t.unitID, "a member holds a place of the team's unit")
                let current = try await Appointment.query(on: app.db).filter(\.$personID == m.personID).filter(\.$endDate == nil).all()
                XCTAssertEqual(current.map(\.campaignID), [campaign.id])
                XCTAssertEqual(current.first?.startDate, m.fromDate)
                // The earlier appointment ended the day before, after it began.
                for old in try await Appointment.query(on: app.db).filter(\.$personID == m.personID).filter(\.$endDate != nil).all() {
                    XCTAssertLessThanOrEqual(old.startDate, old.endDate!, "[\(engine)] \(person.name)")
                }
            }
            for t in teams {
                let members = memberships.filter { $0.teamID == t.id }.map(\.personID)
                XCTAssertEqual(members.count, 3)
                XCTAssertTrue(members.contains(t.leaderID!), "the leader is a member")
            }
            let joins = try await AuditEvent.query(on: app.db).filter(\.$entity == "team").filter(\.$action == "join").all()
            XCTAssertEqual(joins.count, 15)
            XCTAssertTrue(joins.allSatisfy { $0.note == InvestmentDemo.teamCampaignTitle })
            let b = Browser(app)
            try await b.login("hr")
            let page = try await b.get("/campaigns/\(campaign.id!)")
            XCTAssertTrue(page.text.contains("招商小组名额：招商一组"), "[\(engine)]")
        }
    }

    /// Targets and membership are the centre head's (or a leader's), not the teams' members' (issue 27, part 1); a
    /// unit head manages the teams under their own unit only.
    func testOnlyTheCentreHeadAndLeadersSetTargetsAndCorrectMembership() async throws {
        try await eachEngine { app, _ in
            let team = try await InvestmentTeam.query(on: app.db).sort(\.$name).first()!
            let member = try await TeamMembership.query(on: app.db).filter(\.$teamID == team.id!).filter(\.$toDate == nil).first()!
            let target = ["period": "2031", "signedCount": 3] as [String: Any]
            let end = ["to": "2031-01-01", "reason": "更正：调离"]
            // Another unit's head: a user of the unit-head role in 综合管理部.
            let unit = try await OrgUnit.query(on: app.db).filter(\.$name == "综合管理部").first()!
            _ = try await UserService.create(
                app,
                actor: .commandLine,
                username: "other-head",
                displayName: "综合管理部部长",
                role: "unit-head",
                zoneCode: "pukou",
                unitID: unit.id!.uuidString,
                password: "Second-office-2026",
                hash: { try app.password.hash($0) }
            )
            let before = try await AuditEvent.query(on: app.db).count()
            for (user, password) in [("staff", Demo.password), ("other-head", "Second-office-2026"), ("engineer", Demo.password)] {
                let api = try await APIClient.login(app, user, password: password)
                let t = try await api.call(.POST, "/api/v1/teams/\(team.id!)/targets", target).status
                XCTAssertEqual(t, .forbidden, "\(user) sets a team's target")
                let e = try await api.call(.POST, "/api/v1/teams/\(team.id!)/members/\(member.id!)/end", end).status
                XCTAssertEqual(e, .forbidden, "\(user) ends a membership")
            }
            let after = try await AuditEvent.query(on: app.db).filter(\.$action != "login").count()
            XCTAssertEqual(after, before, "nothing written")
            for user in ["head", "leader"] {
                let api = try await APIClient.login(app, user)
                let t = try await api.call(.POST, "/api/v1/teams/\(team.id!)/targets", target).status
                XCTAssertEqual(t, .ok, user)
            }
            let staff = try await RouteMatrixTests.browser(app, "staff")
            let page = try await staff.get("/investment/teams")
            XCTAssertFalse(page.text.contains("/targets\""), "a member is offered no target form")
        }
    }
}
