import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// What is checked again when a campaign appoints (聘任时复核), and who may rank candidates for a post.
final class AppointmentCheckTests: XCTestCase {
    /// One who enters a campaign: a person of the zone (competitive) or a newcomer's registration.
    enum Entrant {
        case person(UUID)
        case newcomer(name: String, residentID: String)
    }

    /// Opens a campaign of `kind` for `posts` of the committee, enters `entrants` (each listing every post, in
    /// order), passes them all, scores them (`scores[i]` from the one interviewer) and moves it to the ranking stage.
    /// Answers the campaign's id and the candidates' ids.
    func campaignAtRanking(
        _ app: Application,
        _ hr: APIClient,
        kind: String,
        title: String,
        posts: [(Post, Int)],
        entrants: [Entrant],
        scores: [Double]
    ) async throws -> (String, [String]) {
        let opened = try await hr.call(
            .POST,
            "/api/v1/campaigns",
            [
                "kind": kind, "title": title, "body": "committee",
                "posts": posts.map { ["postId": $0.0.id!.uuidString, "places": $0.1] }, "items": [["name": "综合", "weight": 100]],
            ]
        )
        XCTAssertEqual(opened.status, .created, opened.text)
        let id = opened.json["id"] as! String
        let postIds = posts.map { $0.0.id!.uuidString }
        var ids: [String] = []
        for (i, e) in entrants.enumerated() {
            var body: [String: Any] = ["postIds": postIds]
            switch e {
            case .person(let pid): body["personId"] = pid.uuidString
            case .newcomer(let name, let rid):
                body.merge(["name": name, "residentId": rid, "phone": "1390000\(String(format: "%04d", i))", "origin": "public"]) { $1 }
            }
            let r = try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates", body)
            XCTAssertEqual(r.status, .created, r.text)
            ids.append(r.json["id"] as! String)
        }
        let review = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "review"])
        XCTAssertEqual(review.status, .ok, review.text)
        for cid in ids {
            let r = try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates/\(cid)/review", ["passed": true])
            XCTAssertEqual(r.status, .ok, r.text)
        }
        try await hr.call(.POST, "/api/v1/campaigns/\(id)/panel", ["members": ["评委"]])
        let interview = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "interview"])
        XCTAssertEqual(interview.status, .ok, interview.text)
        let m = try await PanelMember.query(on: app.db).filter(\.$campaignID == UUID(uuidString: id)!).first()!
        for (cid, score) in zip(ids, scores) {
            let r = try await hr.call(
                .POST,
                "/api/v1/campaigns/\(id)/scores",
                ["candidateId": cid, "panelMemberId": m.id!.uuidString, "scores": [score]]
            )
            XCTAssertEqual(r.status, .ok, r.text)
        }
        let ranking = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "ranking"])
        XCTAssertEqual(ranking.status, .ok, ranking.text)
        return (id, ids)
    }

    /// From ranking through publicity (ended at once) to the eve of appointment.
    func toAppointmentEve(_ app: Application, _ hr: APIClient, _ id: String, competitive: Bool) async throws {
        if competitive {
            let matching = try await hr.call(.POST, "/api/v1/campaigns/\(id)/matching")
            XCTAssertEqual(matching.status, .ok, matching.text)
        }
        let publicity = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "publicity"])
        XCTAssertEqual(publicity.status, .ok, publicity.text)
        let c = try await Campaign.find(UUID(uuidString: id)!, on: app.db)!
        c.publicityEnds = CalendarDate.today().adding(days: -1).description
        try await c.update(on: app.db)
    }

    func residentID(_ first17: String) -> String { first17 + String(ResidentID.checkCharacter(forFirst17: first17)!) }

    func committeeHolders(_ app: Application) async throws -> Int {
        let committee = try await ZoneBody.query(on: app.db).filter(\.$kind == .committee).first()!
        let posts = try await Post.query(on: app.db).filter(\.$bodyID == committee.id!).all().compactMap(\.id)
        return try await Person.query(on: app.db).filter(\.$postID ~~ posts).count()
    }

    /// A post that filled up while the campaign was in publicity is not overfilled: the appointment is refused with
    /// the post's figures and writes nothing; with room again it goes through.
    func testAPostFilledMeanwhileRefusesTheAppointmentAndWritesNothing() async throws {
        try await eachEngine { app, engine in
            let hr = try await APIClient.login(app, "hr")
            let unit = try await app.unit(named: "经济发展部")
            let made = try await hr.call(
                .POST,
                "/api/v1/posts",
                ["unitId": unit.id!.uuidString, "title": "统计岗", "tier": "staff", "headcount": 2]
            )
            XCTAssertEqual(made.status, .created, made.text)
            let post = try await Post.find(UUID(uuidString: made.json["id"] as! String)!, on: app.db)!
            let (id, _) = try await campaignAtRanking(
                app,
                hr,
                kind: "publicRecruitment",
                title: "统计岗招聘",
                posts: [(post, 2)],
                entrants: [
                    .newcomer(name: "丁一", residentID: residentID("11010519900307001")),
                    .newcomer(name: "丁二", residentID: residentID("11010519900307002")),
                ],
                scores: [82, 80]
            )
            try await toAppointmentEve(app, hr, id, competitive: false)
            // Meanwhile someone is put into the post: one place of two is left for two appointees.
            let holder = try await hr.call(
                .POST,
                "/api/v1/people",
                ["postId": post.id!.uuidString, "name": "占位者", "residentId": residentID("11010519880101003"), "phone": "13900001111"]
            )
            XCTAssertEqual(holder.status, .created, holder.text)
            let people = try await app.count(Person.self)
            let appointments = try await app.count(Appointment.self)
            let events = try await app.count(AuditEvent.self)
            let refused = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "appointment"])
            XCTAssertEqual(refused.status, .conflict, "[\(engine)] \(refused.text)")
            XCTAssertEqual(refused.errorField, "to")
            XCTAssertTrue(refused.errorMessage.contains("岗位“统计岗”编制 2 人，现有 1 人在岗"), refused.errorMessage)
            let _v1 = try await app.count(Person.self)
            XCTAssertEqual(_v1, people, "[\(engine)] no newcomer became a person")
            let _v2 = try await app.count(Appointment.self)
            XCTAssertEqual(_v2, appointments)
            let _v3 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v3, events)
            let _v4 = try await Campaign.find(UUID(uuidString: id)!, on: app.db)!.stage
            XCTAssertEqual(_v4, .publicity)
            // A third place makes room for both.
            let wider = try await hr.call(
                .PATCH,
                "/api/v1/posts/\(post.id!)",
                ["unitId": unit.id!.uuidString, "title": "统计岗", "tier": "staff", "headcount": 3]
            )
            XCTAssertEqual(wider.status, .ok, wider.text)
            let done = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "appointment"])
            XCTAssertEqual(done.status, .ok, "[\(engine)] \(done.text)")
            let holders = try await Person.query(on: app.db).filter(\.$postID == post.id!).count()
            XCTAssertEqual(holders, 3)
        }
    }

    /// Competing a post afresh (重新竞聘): all its holders leave it, those appointed again take it back, the others
    /// are released; someone moving from another post of the body frees theirs. So a body at its cap can re-compete
    /// its posts without being refused for the people it already has.
    func testReCompetitionFreesThePostsPlacesAndCountsMovesWithinTheBody() async throws {
        try await eachEngine { app, engine in
            let hr = try await APIClient.login(app, "hr")
            let committee = try await ZoneBody.query(on: app.db).filter(\.$kind == .committee).first()!
            let posts = try await Post.query(on: app.db).filter(\.$bodyID == committee.id!).sort(\.$title).all()
            let people = try await Person.query(on: app.db).filter(\.$postID ~~ posts.compactMap(\.id)).sort(\.$name).all()
            let demoPeople = Set(try await User.query(on: app.db).all().compactMap(\.personID))
            // A post held by two or more, and someone holding another post of the committee.
            let post = try XCTUnwrap(
                posts.first { p in people.filter { $0.postID == p.id && !demoPeople.contains($0.id!) }.count >= 2 },
                "[\(engine)] a post with two holders"
            )
            let holders = people.filter { $0.postID == post.id }
            let stayer = holders.first { !demoPeople.contains($0.id!) }!
            let released = holders.filter { $0.id != stayer.id }
            let mover = try XCTUnwrap(people.first { $0.postID != post.id && !demoPeople.contains($0.id!) })
            let moverPost = mover.postID!
            let moverPostHolders = people.filter { $0.postID == moverPost }.count
            // The committee is at its cap.
            let appointed = try await committeeHolders(app)
            committee.headcountCap = appointed
            try await committee.update(on: app.db)

            let (id, _) = try await campaignAtRanking(
                app,
                hr,
                kind: "competitive",
                title: "\(post.title)重新竞聘",
                posts: [(post, 2)],
                entrants: [.person(stayer.id!), .person(mover.id!)],
                scores: [85, 80]
            )
            try await toAppointmentEve(app, hr, id, competitive: true)
            let done = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "appointment"])
            XCTAssertEqual(done.status, .ok, "[\(engine)] a body at its cap re-competes its own post: \(done.text)")

            let nowHolding = Set(try await Person.query(on: app.db).filter(\.$postID == post.id!).all().compactMap(\.id))
            XCTAssertEqual(nowHolding, [stayer.id!, mover.id!], "[\(engine)] the two appointed hold the post")
            for r in released {
                let p = try await Person.find(r.id!, on: app.db)!
                XCTAssertNil(p.postID, "[\(engine)] \(r.name) did not compete: released for adjustment")
                let open = try await Appointment.query(on: app.db).filter(\.$personID == r.id!).filter(\.$endDate == nil).count()
                XCTAssertEqual(open, 0)
                let ended = try await Appointment.query(on: app.db).filter(\.$personID == r.id!).filter(\.$endReason != nil).all()
                XCTAssertTrue(ended.contains { $0.endReason == "岗位重新竞聘：\(post.title)重新竞聘" }, "[\(engine)] \(ended.map(\.endReason))")
            }
            let left = try await Person.query(on: app.db).filter(\.$postID == moverPost).count()
            XCTAssertEqual(left, moverPostHolders - 1, "[\(engine)] the mover's old post has a place free")
            let _v1 = try await committeeHolders(app)
            XCTAssertEqual(_v1, appointed - released.count, "[\(engine)] the body keeps all but the released")
            let current = try await Appointment.query(on: app.db).filter(\.$campaignID == UUID(uuidString: id)!).filter(\.$endDate == nil)
                .count()
            XCTAssertEqual(current, 2)
            let _v2 = try await Writes.verifyChain(on: app.db).broken
            XCTAssertNil(_v2)
        }
    }

    /// A unit head ranks the candidates for their own units' posts only; another unit's post is refused and its
    /// ranking left as it was.
    func testAUnitHeadRanksOnlyTheirOwnUnitsPosts() async throws {
        try await eachEngine { app, engine in
            let hr = try await APIClient.login(app, "hr")
            let head = try await APIClient.login(app, "head")
            let centre = try await app.unit(named: "招商中心")
            let other = try await app.unit(named: "经济发展部")
            XCTAssertEqual(centre.bodyID, other.bodyID)
            let own = try await Post.query(on: app.db).filter(\.$unitID == centre.id!).filter(\.$title == "招商专员").first()!
            let foreign = try await Post.query(on: app.db).filter(\.$unitID == other.id!).filter(\.$title == "产业政策岗").first()!
            let staff = try await Person.query(on: app.db).filter(\.$unitID == other.id!).sort(\.$name).limit(2).all()
            XCTAssertEqual(staff.count, 2)
            let (id, ids) = try await campaignAtRanking(
                app,
                hr,
                kind: "competitive",
                title: "招商专员、产业政策岗竞聘",
                posts: [(own, 1), (foreign, 1)],
                entrants: staff.map { .person($0.id!) },
                scores: [85, 80]
            )
            func ranking(of post: Post) async throws -> [UUID] {
                let cp = try await CampaignPost.query(on: app.db).filter(\.$campaignID == UUID(uuidString: id)!).filter(
                    \.$postID == post.id!
                )
                .first()!
                return try await UnitRanking.query(on: app.db).filter(\.$campaignPostID == cp.id!).sort(\.$rank).all().map(\.candidateID)
            }
            // Their own centre's post: ranked, against the scores.
            let mine = try await head.call(
                .POST,
                "/api/v1/campaigns/\(id)/rankings",
                ["postId": own.id!.uuidString, "candidateIds": [ids[1], ids[0]]]
            )
            XCTAssertEqual(mine.status, .ok, "[\(engine)] \(mine.text)")
            let _v1 = try await ranking(of: own)
            XCTAssertEqual(_v1, [UUID(uuidString: ids[1])!, UUID(uuidString: ids[0])!])
            // Another unit's post: refused, nothing written.
            let events = try await app.count(AuditEvent.self)
            let theirs = try await head.call(
                .POST,
                "/api/v1/campaigns/\(id)/rankings",
                ["postId": foreign.id!.uuidString, "candidateIds": [ids[1], ids[0]]]
            )
            XCTAssertEqual(theirs.status, .forbidden, "[\(engine)] \(theirs.text)")
            let _v2 = try await ranking(of: foreign)
            XCTAssertEqual(_v2, [])
            let _v3 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v3, events)
            // HR, who manages the campaign, may rank any post.
            let byHR = try await hr.call(
                .POST,
                "/api/v1/campaigns/\(id)/rankings",
                ["postId": foreign.id!.uuidString, "candidateIds": [ids[1], ids[0]]]
            )
            XCTAssertEqual(byHR.status, .ok, byHR.text)
        }
    }
}
