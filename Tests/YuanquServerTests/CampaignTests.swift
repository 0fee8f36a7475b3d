import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class CampaignTests: XCTestCase {
    /// Publicity runs on real working days; tests end it by moving its last day into the past.
    func endPublicity(_ app: Application, _ id: String) async throws {
        let c = try await Campaign.find(UUID(uuidString: id)!, on: app.db)!
        c.publicityEnds = CalendarDate.today().adding(days: -1).description
        try await c.update(on: app.db)
    }

    func post(_ app: Application, unit: String, title: String) async throws -> Post {
        try await Post.query(on: app.db).filter(\.$unitID == (try await app.unit(named: unit)).id!).filter(\.$title == title).first()!
    }

    func testCompetitiveCampaignFromOpeningToAppointment() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let head = try await post(app, unit: "经济发展部", title: "部长")
            let deputy = try await post(app, unit: "经济发展部", title: "副部长")
            let policy = try await post(app, unit: "经济发展部", title: "产业政策岗")
            let opened = try await hr.call(
                .POST,
                "/api/v1/campaigns",
                [
                    "kind": "competitive", "title": "经济发展部中层岗位竞聘", "body": "committee",
                    "posts": [
                        ["postId": head.id!.uuidString, "places": 1], ["postId": deputy.id!.uuidString, "places": 1],
                        ["postId": policy.id!.uuidString, "places": 3],
                    ],
                    "items": [["name": "综合素质", "weight": 50], ["name": "岗位匹配", "weight": 50]], "dropExtremesFrom": 5,
                ]
            )
            XCTAssertEqual(opened.status, .created, opened.text)
            let id = opened.json["id"] as! String
            XCTAssertEqual(opened.json["stage"] as? String, "registration")
            XCTAssertEqual(opened.json["maxPreferences"] as? Int, 3)

            // Skipping a stage is refused.
            let skip = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "interview"])
            XCTAssertEqual(skip.status, .conflict)
            XCTAssertTrue(skip.errorMessage.contains("不能跳过"), skip.errorMessage)

            // Six staff enter: three by organisational nomination, one by self-nomination (the staff user).
            let staff = try await People.staffPerson(app)
            let others = try await Person.query(on: app.db).filter(\.$id != staff.id!).sort(\.$name).all()
            var candidateIDs: [String] = []
            let candidatePeople = Set(others.prefix(5).compactMap(\.id) + [staff.id!])
            for (i, p) in others.prefix(5).enumerated() {
                let prefs = [[head, deputy, policy], [deputy, head], [head, policy], [policy], [deputy, policy]][i].map {
                    $0.id!.uuidString
                }
                let r = try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates", ["personId": p.id!.uuidString, "postIds": prefs])
                XCTAssertEqual(r.status, .created, r.text)
                XCTAssertEqual(r.json["nomination"] as? String, "organisation")
                candidateIDs.append(r.json["id"] as! String)
            }
            let me = try await APIClient.login(app, "staff")
            let mine = try await me.call(
                .POST,
                "/api/v1/campaigns/\(id)/candidates",
                ["personId": staff.id!.uuidString, "postIds": [policy.id!.uuidString]]
            )
            XCTAssertEqual(mine.status, .created, mine.text)
            XCTAssertEqual(mine.json["nomination"] as? String, "self")
            candidateIDs.append(mine.json["id"] as! String)
            // Nobody else may be self-nominated by the staff user, and a person enters once.
            let _v101 = try await me.call(
                .POST,
                "/api/v1/campaigns/\(id)/candidates",
                ["personId": others[6].id!.uuidString, "postIds": [policy.id!.uuidString]]
            ).status
            XCTAssertEqual(_v101, .forbidden)
            let _v102 = try await hr.call(
                .POST,
                "/api/v1/campaigns/\(id)/candidates",
                ["personId": staff.id!.uuidString, "postIds": [policy.id!.uuidString]]
            ).status
            XCTAssertEqual(_v102, .conflict)
            // The staff user sees only their own candidacy.
            let _v103 = try await me.call(.GET, "/api/v1/campaigns/\(id)/candidates").total
            XCTAssertEqual(_v103, 1)

            let _v104 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "review"]).status
            XCTAssertEqual(_v104, .ok)
            let _v105 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "interview"]).errorMessage.contains("未审查")
            XCTAssertEqual(_v105, true)
            for cid in candidateIDs.dropLast() {
                let _v106 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates/\(cid)/review", ["passed": true]).status
                XCTAssertEqual(_v106, .ok)
            }
            let noReason = try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates/\(candidateIDs.last!)/review", ["passed": false])
            XCTAssertEqual(noReason.errorField, "reason")
            let _v107 = try await hr.call(
                .POST,
                "/api/v1/campaigns/\(id)/candidates/\(candidateIDs.last!)/review",
                ["passed": false, "reason": "任现职未满一年"]
            ).status
            XCTAssertEqual(_v107, .ok)
            let own = try await me.call(.GET, "/api/v1/campaigns/\(id)/candidates")
            XCTAssertEqual(own.items.first?["reviewReason"] as? String, "任现职未满一年", "the failed candidate sees the reason")

            let _v108 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/panel", ["members": ["评委甲", "评委乙", "评委丙", "评委丁", "评委戊"]]).status
            XCTAssertEqual(_v108, .ok)
            let _v109 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "interview"]).status
            XCTAssertEqual(_v109, .ok)
            let members = try await PanelMember.query(on: app.db).filter(\.$campaignID == UUID(uuidString: id)!).sort(\.$sortOrder).all()
            // Scores: candidate i gets 90 - 3i from every interviewer, one interviewer a little off.
            for (i, cid) in candidateIDs.dropLast().enumerated() {
                for (j, m) in members.enumerated() {
                    let base = 90.0 - Double(i) * 3 + (j == 0 ? 5 : 0)
                    let r = try await hr.call(
                        .POST,
                        "/api/v1/campaigns/\(id)/scores",
                        ["candidateId": cid, "panelMemberId": m.id!.uuidString, "scores": [base, base]]
                    )
                    XCTAssertEqual(r.status, .ok, r.text)
                }
            }
            let outOfRange = try await hr.call(
                .POST,
                "/api/v1/campaigns/\(id)/scores",
                ["candidateId": candidateIDs[0], "panelMemberId": members[0].id!.uuidString, "scores": [101, 50]]
            )
            XCTAssertEqual(outOfRange.errorField, "scores[0]")
            let _v110 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "ranking"]).status
            XCTAssertEqual(_v110, .ok)

            let ranking = try await hr.call(.GET, "/api/v1/campaigns/\(id)/ranking")
            let headRows =
                (ranking.json["posts"] as! [[String: Any]]).first { $0["postId"] as? String == head.id!.uuidString }!["rows"]
                as! [[String: Any]]
            XCTAssertEqual(headRows.first?["candidateId"] as? String, candidateIDs[0])
            XCTAssertEqual(headRows.first?["total"] as? Double, 90, "the highest (95) is dropped")
            XCTAssertEqual(headRows.first?["droppedHighest"] as? Double, 95)

            let matching = try await hr.call(.POST, "/api/v1/campaigns/\(id)/matching")
            XCTAssertEqual(matching.status, .ok, matching.text)
            let assignments = matching.json["assignments"] as! [[String: Any]]
            let byCandidate = Dictionary(
                uniqueKeysWithValues: assignments.map { ($0["candidateId"] as! String, ($0["postId"] as! String, $0["choice"] as! Int)) }
            )
            XCTAssertEqual(byCandidate[candidateIDs[0]]?.0, head.id!.uuidString)
            XCTAssertEqual(byCandidate[candidateIDs[1]]?.0, deputy.id!.uuidString)
            XCTAssertEqual(byCandidate[candidateIDs[2]]?.0, policy.id!.uuidString, "head filled with someone ranked higher: second choice")
            XCTAssertEqual(byCandidate[candidateIDs[2]]?.1, 2)
            XCTAssertEqual(byCandidate[candidateIDs[4]]?.0, policy.id!.uuidString)
            XCTAssertEqual((matching.json["unfilled"] as! [[String: Any]]).count, 0, "five places, five candidates, all placed")
            // An adjustment (调剂) needs a reason.
            let _v111 = try await hr.call(
                .POST,
                "/api/v1/campaigns/\(id)/proposals",
                ["candidateId": candidateIDs[4], "postId": policy.id!.uuidString]
            ).errorField
            XCTAssertEqual(_v111, "reason")

            let _v112 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "publicity"]).status
            XCTAssertEqual(_v112, .ok)
            let c = try await Campaign.find(UUID(uuidString: id)!, on: app.db)!
            XCTAssertEqual(c.publicityEnds, WorkCalendar.china.endOfPeriod(workingDays: 5, startingOn: CalendarDate.today()).description)
            let early = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "appointment"])
            XCTAssertEqual(early.status, .conflict)
            XCTAssertTrue(early.errorMessage.contains("公示期"), early.errorMessage)
            try await endPublicity(app, id)

            let oldHead = try await Person.query(on: app.db).filter(\.$postID == head.id!).first()!
            let done = try await hr.call(
                .POST,
                "/api/v1/campaigns/\(id)/stage",
                ["to": "appointment", "termMonths": 36, "contractType": "fixedTerm", "payGrade": "中层正职"]
            )
            XCTAssertEqual(done.status, .ok, done.text)
            let winner = try await Candidate.find(UUID(uuidString: candidateIDs[0])!, on: app.db)!
            let person = try await Person.find(winner.personID!, on: app.db)!
            XCTAssertEqual(person.postID, head.id)
            XCTAssertEqual(person.unitID, head.unitID)
            let contracts = try await hr.call(.GET, "/api/v1/contracts?person=\(person.id!)&status=active")
            XCTAssertEqual(contracts.items.first?["status"] as? String, "active")
            XCTAssertEqual(contracts.items.first?["payGrade"] as? String, "中层正职")
            // The former head, who did not compete, left the post.
            XCTAssertNotEqual(oldHead.id, person.id, "the head's post went to a candidate, not to its holder")
            XCTAssertFalse(candidatePeople.contains(oldHead.id!), "the former head is not among the candidates")
            let former = try await Person.find(oldHead.id!, on: app.db)!
            XCTAssertNil(former.postID)
            let _v113 = try await hr.call(.GET, "/api/v1/appointments?person=\(person.id!)&current=true").total
            XCTAssertEqual(_v113, 1)
            let _v114 = try await Writes.verifyChain(on: app.db).broken
            XCTAssertNil(_v114)
        }
    }

    func testOpenSelectionChecksOriginWithoutShowingItAndResolvesObjections() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let unit = try await app.unit(named: "经济发展部")
            let newPost = try await hr.call(
                .POST,
                "/api/v1/posts",
                ["unitId": unit.id!.uuidString, "title": "投资分析岗", "tier": "staff", "headcount": 1]
            )
            let postID = newPost.json["id"] as! String
            let opened = try await hr.call(
                .POST,
                "/api/v1/campaigns",
                [
                    "kind": "openSelection", "title": "投资分析岗公开遴选", "body": "committee",
                    "posts": [["postId": postID, "places": 1, "maxAge": 40, "minEducation": "bachelor"]],
                    "writtenWeight": 40, "items": [["name": "综合", "weight": 100]], "publicityDays": 5,
                ]
            )
            XCTAssertEqual(opened.status, .created, opened.text)
            let id = opened.json["id"] as! String
            let people: [[String: Any]] = [
                [
                    "name": "甲", "residentId": "110105199003076638", "phone": "13900000001", "education": "master",
                    "origin": "districtAgency", "formerEmployer": "区发改委",
                ],
                [
                    "name": "乙", "residentId": "110105199003077040", "phone": "13900000002", "education": "bachelor",
                    "origin": "districtSOE", "formerEmployer": "区城投集团",
                ],
                [
                    "name": "丙", "residentId": "110105199003071394", "phone": "13900000003", "education": "bachelor", "origin": "public",
                    "formerEmployer": "某公司",
                ],
            ]
            var ids: [String] = []
            for var p in people {
                p["postIds"] = [postID]
                let r = try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates", p)
                XCTAssertEqual(r.status, .created, r.text)
                ids.append(r.json["id"] as! String)
                for word in ["origin", "districtAgency", "区发改委", "formerEmployer"] { XCTAssertFalse(r.text.contains(word), word) }
            }
            let _v115 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "review"]).status
            XCTAssertEqual(_v115, .ok)
            let outsider = try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates/\(ids[2])/review", ["passed": true])
            XCTAssertEqual(outsider.status, .conflict)
            XCTAssertTrue(outsider.errorMessage.contains("不在本次报名范围内"), outsider.errorMessage)
            XCTAssertFalse(outsider.errorMessage.contains("社会"), "the origin itself is not said")
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates/\(ids[2])/review", ["passed": false, "reason": "不符合报名范围"])
            for cid in ids.prefix(2) { try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates/\(cid)/review", ["passed": true]) }
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/panel", ["members": ["评委一", "评委二", "评委三"]])
            let _v116 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "interview"]).status
            XCTAssertEqual(_v116, .ok)
            let members = try await PanelMember.query(on: app.db).filter(\.$campaignID == UUID(uuidString: id)!).all()
            for m in members {
                try await hr.call(
                    .POST,
                    "/api/v1/campaigns/\(id)/scores",
                    ["candidateId": ids[0], "panelMemberId": m.id!.uuidString, "scores": [80]]
                )
                try await hr.call(
                    .POST,
                    "/api/v1/campaigns/\(id)/scores",
                    ["candidateId": ids[1], "panelMemberId": m.id!.uuidString, "scores": [85]]
                )
            }
            // Ranking needs the written test too.
            let _v117 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "ranking"]).errorMessage.contains("评分不完整")
            XCTAssertTrue(_v117)
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/scores", ["candidateId": ids[0], "written": 95])
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/scores", ["candidateId": ids[1], "written": 80])
            let _v118 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "ranking"]).status
            XCTAssertEqual(_v118, .ok)
            let ranking = try await hr.call(.GET, "/api/v1/campaigns/\(id)/ranking")
            let rows = ((ranking.json["posts"] as! [[String: Any]])[0]["rows"] as! [[String: Any]])
            // 甲: 80×60% + 95×40% = 86.00; 乙: 85×60% + 80×40% = 83.00
            XCTAssertEqual(rows.map { $0["candidateId"] as! String }, [ids[0], ids[1]])
            XCTAssertEqual(rows.map { $0["total"] as! Double }, [86, 83])
            let _v119 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "publicity"]).status
            XCTAssertEqual(_v119, .ok)
            let objection = try await hr.call(.POST, "/api/v1/campaigns/\(id)/objections", ["candidateId": ids[0], "text": "反映其工作经历年限不足"])
            XCTAssertEqual(objection.status, .created)
            try await endPublicity(app, id)
            let _v120 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "appointment"]).errorMessage.contains("异议")
            XCTAssertTrue(_v120)
            let o = try await Objection.query(on: app.db).filter(\.$campaignID == UUID(uuidString: id)!).first()!
            let _v121 = try await hr.call(.POST, "/api/v1/campaigns/\(id)/objections/\(o.id!)/resolve", ["resolution": "经核实，工作经历符合要求"])
                .status
            XCTAssertEqual(_v121, .ok)
            let people0 = try await app.count(Person.self)
            let done = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "appointment", "contractMonths": 36])
            XCTAssertEqual(done.status, .ok, done.text)
            // The newcomer became a person of the zone, with their origin in the sealed record only.
            let _v122 = try await app.count(Person.self)
            XCTAssertEqual(_v122, people0 + 1)
            let newcomer = try await Person.query(on: app.db).filter(\.$residentID == "110105199003076638").first()!
            XCTAssertEqual(newcomer.postID?.uuidString, postID)
            let sealed = try await SealedRecord.query(on: app.db).filter(\.$personID == newcomer.id!).first()!
            XCTAssertEqual(sealed.formerIdentity, .civilServant)
            XCTAssertEqual(sealed.formerEmployer, "区发改委")
            let contract = try await EmploymentContract.query(on: app.db).filter(\.$personID == newcomer.id!).first()!
            XCTAssertEqual(contract.probationMonths, 3, "a three-year contract allows up to six months; a newcomer's default is three")
        }
    }

    func testAppointmentRechecksTheCapAndWritesNothingWhenItFails() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let unit = try await app.unit(named: "经济发展部")
            let postID =
                try await hr.call(.POST, "/api/v1/posts", ["unitId": unit.id!.uuidString, "title": "临时岗", "tier": "staff", "headcount": 2])
                .json["id"] as! String
            let id =
                try await hr.call(
                    .POST,
                    "/api/v1/campaigns",
                    [
                        "kind": "publicRecruitment", "title": "临时岗招聘", "body": "committee",
                        "posts": [["postId": postID, "places": 2]], "items": [["name": "综合", "weight": 100]],
                    ]
                ).json["id"] as! String
            var ids: [String] = []
            for (name, rid) in [("丁", "110105199003079302"), ("戊", "110105199003072135")] {
                ids.append(
                    try await hr.call(
                        .POST,
                        "/api/v1/campaigns/\(id)/candidates",
                        ["name": name, "residentId": rid, "phone": "13900000009", "origin": "public", "postIds": [postID]]
                    ).json["id"] as! String
                )
            }
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "review"])
            for cid in ids { try await hr.call(.POST, "/api/v1/campaigns/\(id)/candidates/\(cid)/review", ["passed": true]) }
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/panel", ["members": ["评委"]])
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "interview"])
            let m = try await PanelMember.query(on: app.db).filter(\.$campaignID == UUID(uuidString: id)!).first()!
            for (i, cid) in ids.enumerated() {
                try await hr.call(
                    .POST,
                    "/api/v1/campaigns/\(id)/scores",
                    ["candidateId": cid, "panelMemberId": m.id!.uuidString, "scores": [80 + Double(i)]]
                )
            }
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "ranking"])
            try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "publicity"])
            try await endPublicity(app, id)
            // Meanwhile the committee's cap was lowered to what is already appointed.
            let committee = try await ZoneBody.query(on: app.db).filter(\.$kind == .committee).first()!
            let appointed = try await Person.query(on: app.db).filter(
                \.$postID ~~ (try await Post.query(on: app.db).filter(\.$bodyID == committee.id!).all().compactMap(\.id))
            ).count()
            committee.headcountCap = appointed + 1
            try await committee.update(on: app.db)
            let events = try await app.count(AuditEvent.self)
            let refused = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "appointment"])
            XCTAssertEqual(refused.status, .conflict)
            XCTAssertTrue(refused.errorMessage.contains("总量控制"), refused.errorMessage)
            let _v123 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v123, events)
            let _v124 = try await Appointment.query(on: app.db).filter(\.$campaignID == UUID(uuidString: id)!).count()
            XCTAssertEqual(_v124, 0)
            let _v125 = try await Campaign.find(UUID(uuidString: id)!, on: app.db)!.stage
            XCTAssertEqual(_v125, .publicity)
            // With room again, the public recruitment completes: both newcomers become people of the zone, in the post.
            committee.headcountCap = appointed + 10
            try await committee.update(on: app.db)
            let done = try await hr.call(.POST, "/api/v1/campaigns/\(id)/stage", ["to": "appointment"])
            XCTAssertEqual(done.status, .ok, done.text)
            let holders = try await Person.query(on: app.db).filter(\.$postID == UUID(uuidString: postID)!).count()
            XCTAssertEqual(holders, 2)
        }
    }

    func testContractsRenewTerminateAndWarnBeforeExpiry() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let person = try await Person.query(on: app.db).sort(\.$name).first()!
            let before = try await hr.call(.GET, "/api/v1/contracts?expiringWithinDays=60&limit=500").total
            let k = EmploymentContract()
            k.zoneID = person.zoneID
            k.bodyID = person.bodyID
            k.personID = person.id!
            k.contractType = "fixedTerm"
            k.startDate = CalendarDate.today().adding(months: -35).description
            k.endDate = CalendarDate.today().adding(days: 30).description
            k.probationMonths = 0
            k.payGrade = ""
            k.status = "active"
            try await k.create(on: app.db)
            let expiring = try await hr.call(.GET, "/api/v1/contracts?expiringWithinDays=60&limit=500")
            XCTAssertEqual(expiring.total, before + 1)
            XCTAssertTrue(expiring.items.contains { $0["id"] as? String == k.id!.uuidString })
            let b = Browser(app)
            try await b.login("hr")
            let home = try await b.get("/")
            XCTAssertTrue(home.text.contains("\(before + 1) 份合同将在 60 天内到期"), "HR's home page warns")
            let _v126 = try await hr.call(.POST, "/api/v1/contracts/\(k.id!)/renew", ["months": 36]).errorField
            XCTAssertEqual(_v126, "reason")
            let renewed = try await hr.call(.POST, "/api/v1/contracts/\(k.id!)/renew", ["months": 36, "reason": "考核称职，续签"])
            XCTAssertEqual(renewed.status, .created, renewed.text)
            XCTAssertEqual(renewed.json["startDate"] as? String, CalendarDate.today().adding(days: 31).description)
            let _v127 = try await hr.call(.GET, "/api/v1/contracts?expiringWithinDays=60&limit=500").total
            XCTAssertEqual(_v127, before)
            let newID = renewed.json["id"] as! String
            let ended = try await hr.call(
                .POST,
                "/api/v1/contracts/\(newID)/terminate",
                ["reason": "本人申请辞职", "date": CalendarDate.today().adding(days: 40).description]
            )
            XCTAssertEqual(ended.json["status"] as? String, "terminated")
            let _v128 = try await APIClient.login(app, "leader").call(
                .POST,
                "/api/v1/contracts/\(newID)/renew",
                ["months": 12, "reason": "x"]
            ).status
            XCTAssertEqual(_v128, .forbidden)
        }
    }
}

enum People {
    static func staffPerson(_ app: Application) async throws -> Person {
        let user = try await User.query(on: app.db).filter(\.$username == "staff").first()!
        return try await Person.find(user.personID!, on: app.db)!
    }
}
