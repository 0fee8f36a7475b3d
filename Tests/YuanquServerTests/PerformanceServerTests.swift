import Fluent
import SQLKit
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class PerformanceServerTests: XCTestCase {
    /// A year from a drafted scheme to the pay sheet through the API, on the demo zone's own figures.
    func testAWholeAnnualCycleFromSchemeToPaySheet() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let leader = try await APIClient.login(app, "leader")
            let staff = try await APIClient.login(app, "staff")
            let year = CalendarDate.today().year - 1

            // Draft, change, publish (a leader's act), frozen.
            let draft = try await hr.call(.POST, "/api/v1/assessment-schemes", ["year": year, "name": "测试年度方案"])
            XCTAssertEqual(draft.status, .created, draft.text)
            XCTAssertEqual(draft.json["status"] as? String, "draft")
            XCTAssertEqual(draft.json["version"] as? Int, 1)
            let sid = draft.json["id"] as! String
            var rules = draft.json["rules"] as! [String: Any]
            rules["excellentShare"] = 120
            let bad = try await hr.call(.PUT, "/api/v1/assessment-schemes/\(sid)", ["rules": rules])
            XCTAssertEqual(bad.status, .unprocessableEntity, bad.text)
            XCTAssertEqual(bad.errorField, "rules.excellentShare")
            // Within the document's bounds, the scheme's own rules still judge: an 优秀 unit's share below the share.
            rules["excellentShare"] = 30
            rules["excellentUnitShare"] = 10
            let below = try await hr.call(.PUT, "/api/v1/assessment-schemes/\(sid)", ["rules": rules])
            XCTAssertEqual(below.status, .conflict, below.text)
            XCTAssertEqual(below.errorField, "excellentUnitShare")
            rules["excellentUnitShare"] = nil
            rules["excellentShare"] = 25
            let changed = try await hr.call(.PUT, "/api/v1/assessment-schemes/\(sid)", ["rules": rules])
            XCTAssertEqual(changed.status, .ok, changed.text)
            XCTAssertEqual((changed.json["rules"] as? [String: Any])?["excellentShare"] as? Int, 25)
            let byHR = try await hr.call(.POST, "/api/v1/assessment-schemes/\(sid)/publish")
            XCTAssertEqual(byHR.status, .forbidden, "HR drafts, a leader publishes")
            let published = try await leader.call(.POST, "/api/v1/assessment-schemes/\(sid)/publish")
            XCTAssertEqual(published.json["status"] as? String, "published", published.text)
            let frozen = try await hr.call(.PUT, "/api/v1/assessment-schemes/\(sid)", ["rules": rules])
            XCTAssertEqual(frozen.status, .conflict)

            let made = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles",
                ["schemeId": sid, "name": "测试年度考核", "kind": "annual", "startsOn": "\(year)-01-01", "endsOn": "\(year)-12-31"]
            )
            XCTAssertEqual(made.status, .created, made.text)
            let cid = made.json["id"] as! String
            let cycleID = UUID(uuidString: cid)!

            // Everyone's ratings, generated as the demo does; then the staff member's own, through the API.
            _ = try await PerformanceDemo.rate(app, cycle: cycleID, seed: 7, share: 1)
            // The staff member's rating tasks, refusals naming the field, one rating changed.
            let tasks = try await staff.call(.GET, "/api/v1/ratings?cycle=\(cid)")
            XCTAssertGreaterThan(tasks.total, 1, tasks.text)
            let own = tasks.items.first { $0["raterGroup"] as? String == "self" }!
            let peer = tasks.items.first { $0["raterGroup"] as? String == "peer" }!
            XCTAssertEqual(peer["anonymous"] as? Bool, true)
            let tooHigh = try await staff.call(
                .POST,
                "/api/v1/ratings",
                ["cycleId": cid, "indicator": own["indicator"]!, "subjectId": own["subjectId"]!, "score": 101]
            )
            XCTAssertEqual(tooHigh.errorField, "score")
            let notMine = try await staff.call(
                .POST,
                "/api/v1/ratings",
                ["cycleId": cid, "indicator": "U4", "subjectId": UUID().uuidString, "score": 80]
            )
            XCTAssertEqual(notMine.errorField, "subjectId")
            let rated = try await staff.call(
                .POST,
                "/api/v1/ratings",
                ["cycleId": cid, "indicator": peer["indicator"]!, "subjectId": peer["subjectId"]!, "score": 88]
            )
            XCTAssertEqual(rated.status, .noContent, rated.text)
            let again = try await staff.call(.GET, "/api/v1/ratings?cycle=\(cid)")
            XCTAssertEqual(again.items.first { $0["subjectId"] as? String == peer["subjectId"] as? String }?["score"] as? Double, 88)

            // Compute: the teams' signed amounts are read from the investment records.
            let computed = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/compute")
            XCTAssertEqual(computed.status, .ok, computed.text)
            let team = try await InvestmentTeam.query(on: app.db).filter(\.$name == "招商一组").first()!
            func t1() async throws -> (actual: Double, score: Double) {
                let r = try await hr.call(.GET, "/api/v1/assessment-cycles/\(cid)/results?assessee=team")
                let row = r.items.first { $0["name"] as? String == "招商一组" }!
                XCTAssertEqual(row["schemeVersion"] as? Int, 1)
                let part = (row["breakdown"] as! [[String: Any]]).first { $0["code"] as? String == "T1" }!
                return (part["actual"] as! Double, row["score"] as! Double)
            }
            let signed = try await InvestmentProject.query(on: app.db).filter(\.$teamID == team.id!)
                .filter(\.$signingDate >= "\(year)-01-01").filter(\.$signingDate <= "\(year)-12-31").all()
                .filter { $0.stage.isSignedOrLater }
            XCTAssertFalse(signed.isEmpty)
            let before = try await t1()
            XCTAssertEqual(before.actual, Double(signed.reduce(0) { $0 + ($1.signedAmountFen ?? 0) }) / 1_000_000, accuracy: 0.01)
            // An investment figure changes: the result follows on the next computation.
            for p in signed {
                p.signedAmountFen = (p.signedAmountFen ?? 0) / 4
                try await p.update(on: app.db)
            }
            _ = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/compute")
            let after = try await t1()
            XCTAssertEqual(after.actual, before.actual / 4, accuracy: 1)
            XCTAssertLessThan(after.score, before.score, "less signed, a lower score")

            // The 优秀 quota (25%, rounded down) holds in every unit; ties at a line go to a leader's recorded decision.
            let recomputed = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/compute")
            let tied = recomputed.json["tied"] as? [String: [String]] ?? [:]
            let tooEarly = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/publish")
            if !tied.isEmpty {
                XCTAssertEqual(tooEarly.status, .conflict, "no notice while a tie waits")
                for (group, ids) in tied {
                    let d = try await leader.call(
                        .POST,
                        "/api/v1/assessment-cycles/\(cid)/quota-decisions",
                        ["group": group, "order": ids, "grounds": "按重点任务完成情况", "deciders": "考核领导小组"]
                    )
                    XCTAssertEqual(d.status, .noContent, d.text)
                }
            }
            let people = try await hr.call(.GET, "/api/v1/assessment-cycles/\(cid)/results?assessee=person&limit=500")
            XCTAssertGreaterThan(people.total, 50)
            // Everyone graded in a unit, heads following it included: 优秀 never passes 25% of them, rounded down.
            var byUnit: [String: [[String: Any]]] = [:]
            for p in people.items where p["grade"] != nil { byUnit[p["groupId"] as! String, default: []].append(p) }
            for (_, list) in byUnit {
                let excellent = list.filter { $0["grade"] as? String == "excellent" }.count
                XCTAssertLessThanOrEqual(excellent, list.count * 25 / 100, "never more than the quota, heads included")
            }

            // Notice on the working-day calendar, an objection, no final before the notice ends.
            if tied.isEmpty {
                XCTAssertEqual(tooEarly.status, .ok, tooEarly.text)
            } else {
                let p = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/publish")
                XCTAssertEqual(p.status, .ok, p.text)
            }
            let cycle = try await AssessmentCycle.find(cycleID, on: app.db)!
            XCTAssertEqual(cycle.status, "notice")
            let calendar = try await WorkingCalendar.load(on: app.db)
            XCTAssertEqual(
                cycle.noticeEnds,
                calendar.endOfPeriod(workingDays: 5, startingOn: CalendarDate(cycle.noticeStart!)!).description
            )
            let someone = people.items.first!["subjectId"] as! String
            let objection = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/objections", ["subjectId": someone, "text": "得分有误"])
            XCTAssertEqual(objection.status, .noContent, objection.text)
            let early = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/finalise")
            XCTAssertEqual(early.status, .conflict)
            let o = try await ResultObjection.query(on: app.db).filter(\.$cycleID == cycleID).first()!
            let unresolved = try await Writes.perform(app, actor: .commandLine) { db, trail in
                do {
                    try await PerformanceService.finalise(
                        cycle,
                        on: db,
                        trail: trail,
                        today: CalendarDate(cycle.noticeEnds!)!.adding(days: 1)
                    )
                    return false
                } catch { return true }
            }
            XCTAssertTrue(unresolved, "an open objection holds the results")
            let resolved = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles/\(cid)/objections/\(o.id!)/resolve",
                ["resolution": "经复核无误，维持原结果"]
            )
            XCTAssertEqual(resolved.status, .noContent)
            try await Writes.perform(app, actor: .commandLine) { db, trail in
                let c = try await AssessmentCycle.find(cycleID, on: db)!
                try await PerformanceService.finalise(c, on: db, trail: trail, today: CalendarDate(c.noticeEnds!)!.adding(days: 1))
            }
            let final = try await hr.call(.GET, "/api/v1/assessment-cycles/\(cid)")
            XCTAssertEqual(final.json["status"] as? String, "final")

            // The pay sheet: every unit's split adds up to its pool, the pool to its grade's amount per head.
            let sheet = try await hr.call(.GET, "/api/v1/pay-sheets/\(cid)")
            XCTAssertEqual(sheet.status, .ok, sheet.text)
            let units = sheet.json["units"] as! [[String: Any]]
            XCTAssertGreaterThan(units.count, 5)
            var total = 0
            for u in units {
                let lines = u["lines"] as! [[String: Any]]
                let paid = lines.reduce(0) { $0 + ((($1["pay"] as? [String: Any])?["amount"] as? Int) ?? 0) }
                XCTAssertEqual(paid, u["poolFen"] as? Int, "\(u["name"]!) reconciles to the fen")
                let perHead = ((lines.first?["pay"] as? [String: Any])?["poolPerHead"] as? Int) ?? 0
                XCTAssertEqual(u["poolFen"] as? Int, perHead * lines.count)
                total += paid
            }
            XCTAssertEqual(sheet.json["totalFen"] as? Int, total)

            // The person's record shows the result; the audit log has each step.
            let b = Browser(app)
            try await b.login("hr")
            let page = try await b.get("/people/\(someone)")
            XCTAssertTrue(page.text.contains("测试年度考核"), "the result is on the person's record")
            let actions = try await AuditEvent.query(on: app.db).filter(\.$entity == "assessmentCycle").all().map(\.action)
            for a in ["create", "rate", "compute", "publish", "object", "finalise"] { XCTAssertTrue(actions.contains(a), a) }
        }
    }

    /// The demo zone's assessment: a flag from the real leaderboard, decisions, cases, pages.
    func testTheDemoAssessmentFlagsTheLastTeamAndShowsItsWork() async throws {
        try await eachEngine(assessment: true) { app, _ in
            let leader = try await APIClient.login(app, "leader")
            let hr = try await APIClient.login(app, "hr")
            let flags = try await leader.call(.GET, "/api/v1/elimination-flags")
            XCTAssertEqual(flags.status, .ok, flags.text)
            let team = flags.items.first { $0["name"] as? String == "招商五组" }
            XCTAssertNotNil(team, flags.text)
            let evidence = team?["evidence"] as? [[String: Any]] ?? []
            XCTAssertEqual(evidence.count, 2, "two consecutive cycles")
            for e in evidence { XCTAssertEqual(e["rank"] as? Int, e["of"] as? Int, "last in each") }

            // A person flagged: HR may not decide, a leader releases them from post and the post's place frees.
            let person = flags.items.first { $0["assessee"] as? String == "person" && $0["decision"] == nil }!
            let fid = person["id"] as! String
            let pid = UUID(uuidString: person["subjectId"] as! String)!
            let byHR = try await hr.call(
                .POST,
                "/api/v1/elimination-flags/\(fid)/decision",
                ["decision": "training", "deciders": "人事", "grounds": "培训"]
            )
            XCTAssertEqual(byHR.status, .forbidden)
            let noGrounds = try await leader.call(
                .POST,
                "/api/v1/elimination-flags/\(fid)/decision",
                ["decision": "releaseFromPost", "deciders": "主任办公会"]
            )
            XCTAssertEqual(noGrounds.errorField, "grounds")
            let postBefore = try await Person.find(pid, on: app.db)?.postID
            XCTAssertNotNil(postBefore)
            let released = try await leader.call(
                .POST,
                "/api/v1/elimination-flags/\(fid)/decision",
                ["decision": "releaseFromPost", "deciders": "党工委管委会主任办公会", "grounds": "连续两个季度得分低于 60 分，经谈话培训仍未改进"]
            )
            XCTAssertEqual(released.status, .noContent, released.text)
            let postAfter = try await Person.find(pid, on: app.db)?.postID
            XCTAssertNil(postAfter, "the post's place frees")
            let open = try await Appointment.query(on: app.db).filter(\.$personID == pid).filter(\.$endDate == nil).count()
            XCTAssertEqual(open, 0, "the appointment ended through the personnel path")

            // The case with a granted claim left the annual result untouched.
            let granted = try await ToleranceClaim.query(on: app.db).filter(\.$status == "granted").first()!
            let k = try await AccountabilityCase.find(granted.caseID, on: app.db)!
            let result = try await AssessmentResult.query(on: app.db).filter(\.$cycleID == k.cycleID).filter(\.$subjectID == k.personID)
                .first()!
            XCTAssertFalse(result.detail.contains("capped"), "a granted claim removes the case's effect")

            // Simulation of the draft next version against the last final quarter.
            let draft = try await AssessmentScheme.query(on: app.db).filter(\.$status == "draft").first()!
            let q2 = try await AssessmentCycle.query(on: app.db).filter(\.$status == "final").filter(\.$kind == "quarterly").sort(
                \.$endsOn,
                .descending
            )
            .first()!
            let sim = try await hr.call(.GET, "/api/v1/assessment-schemes/\(draft.id!)/simulation?cycle=\(q2.id!)")
            XCTAssertEqual(sim.status, .ok, sim.text)
            XCTAssertGreaterThan((sim.json["units"] as? [Any])?.count ?? 0, 5)
            XCTAssertFalse((sim.json["changes"] as? [Any] ?? []).isEmpty, "a 30% share changes grades")
            XCTAssertTrue((sim.json["simulatedFlags"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "招商五组" })
            let stored = try await AssessmentResult.query(on: app.db).filter(\.$cycleID == q2.id!).count()
            XCTAssertGreaterThan(stored, 0)

            // Pages: the draft's form (a refusal names the field and keeps what was typed), the quota line, the pay
            // arithmetic, the notice, the home page's pending items.
            let b = Browser(app)
            try await b.login("hr")
            _ = try await b.get("/performance/schemes/\(draft.id!)")
            let refused = try await b.post(
                "/performance/schemes/\(draft.id!)",
                ["name": draft.name, "excellentShare": "三成", "pay.zonePool": "5000000"]
            )
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.text.contains("id=\"e-excellentShare\""), "the error sits by its field")
            XCTAssertTrue(refused.text.contains("三成"), "what was typed comes back")
            let saved = try await b.post(
                "/performance/schemes/\(draft.id!)",
                ["name": draft.name, "excellentShare": "25", "pay.zonePool": "5000000"]
            )
            XCTAssertEqual(saved.status, .seeOther, saved.text)
            let savedRules = try PerformanceService.rules(of: try await AssessmentScheme.find(draft.id!, on: app.db)!)
            XCTAssertEqual(savedRules.excellentShare, 25)
            XCTAssertEqual(savedRules.pay.zonePool, Money.yuan(5_000_000).fen)
            let annual = try await AssessmentCycle.query(on: app.db).filter(\.$kind == "annual").first()!
            let centre = try await app.unit(named: "招商中心")
            let unitPage = try await b.get("/performance/cycles/\(annual.id!)/units/\(centre.id!)")
            XCTAssertEqual(unitPage.status, .ok)
            XCTAssertTrue(unitPage.text.contains("优秀名额线"))
            XCTAssertTrue(unitPage.text.contains("并非国家法律规定"), "the page says the share is local practice")
            let paid = try await AssessmentResult.query(on: app.db).filter(\.$cycleID == annual.id!).filter(\.$payFen > 0).first()!
            let payPage = try await b.get("/performance/cycles/\(annual.id!)/pay/\(paid.subjectID)")
            XCTAssertTrue(payPage.text.contains(Money(fen: paid.payFen!).yuanText), "the arithmetic ends in the amount paid")
            XCTAssertTrue(payPage.text.contains("部门权重合计"))
            let notice = try await b.get("/performance/cycles/\(annual.id!)/notice")
            XCTAssertTrue(notice.text.contains("个工作日"))
            let csv = try await b.get("/performance/cycles/\(annual.id!)/pay.csv")
            XCTAssertTrue(csv.text.hasPrefix("\u{FEFF}单位,"), csv.text.prefix(40).description)
            let lb = Browser(app)
            try await lb.login("leader")
            let leaderHome = try await lb.get("/")
            XCTAssertTrue(leaderHome.text.contains("末尾淘汰预警待决定"))
            let sb = Browser(app)
            try await sb.login("staff")
            let staffHome = try await sb.get("/")
            XCTAssertTrue(staffHome.text.contains("待您评分"))
            let mine = try await sb.get("/performance/ratings")
            XCTAssertEqual(mine.status, .ok)
            XCTAssertTrue(mine.text.contains("（匿名）"))
            // Staff see their own pay arithmetic, not another's, nor the sheet.
            let staffPerson = try await User.query(on: app.db).filter(\.$username == "staff").first()!.personID!
            let ownPay = try await sb.get("/performance/cycles/\(annual.id!)/pay/\(staffPerson)")
            XCTAssertEqual(ownPay.status, .ok)
            let otherPay = try await sb.get("/performance/cycles/\(annual.id!)/pay/\(paid.subjectID)")
            XCTAssertEqual(otherPay.status, staffPerson == paid.subjectID ? .ok : .forbidden)
            let sheetPage = try await sb.get("/performance/cycles/\(annual.id!)/pay")
            XCTAssertEqual(sheetPage.status, .forbidden)
        }
    }

    /// Issue 19: in every published cycle of the demo, 优秀 ≤ ⌊people × share ÷ 100⌋ in every unit, heads included;
    /// heads over the quota were ordered by a recorded decision; the best-scored staff member is never pushed out by a
    /// head over the quota.
    func testEveryPublishedCycleOfTheDemoKeepsTheQuotaHeadsIncluded() async throws {
        try await eachEngine(assessment: true) { app, engine in
            let cycles = try await AssessmentCycle.query(on: app.db).filter(\.$status ~~ ["notice", "final"]).all()
            XCTAssertGreaterThanOrEqual(cycles.count, 1, "the annual cycle at least is published")
            var headsCounted = 0
            var headsOrdered = 0
            for c in cycles {
                let (_, rules) = try await PerformanceService.scheme(of: c, on: app.db)
                let rows = try await AssessmentResult.query(on: app.db).filter(\.$cycleID == c.id!).all()
                let decisions = try await QuotaDecision.query(on: app.db).filter(\.$cycleID == c.id!).all()
                for unit in rows where unit.assessee == "unit" {
                    let people = rows.filter { $0.assessee == "person" && $0.groupID == unit.subjectID && $0.score != nil }
                    let results = people.compactMap { try? JSONDecoder().decode(CycleEngine.Result.self, from: Data($0.detail.utf8)) }
                    XCTAssertEqual(results.count, people.count)
                    let share = rules.excellentShare(unitGrade: unit.grade.flatMap(Grade.init))
                    let places = people.count * share / 100
                    let what = "[\(engine)] \(c.name) \(unit.name): \(people.count) people at \(share)%"
                    let excellent = results.filter { $0.grade == .excellent }
                    XCTAssertLessThanOrEqual(excellent.count, places, what)
                    let heads = results.filter { $0.notes.contains("followsUnit") }
                    headsCounted += heads.count
                    let over = heads.filter { $0.notes.contains(CycleEngine.UnitQuota.headOverQuota) }
                    let headsExcellent = heads.filter { $0.grade == .excellent }
                    XCTAssertLessThanOrEqual(headsExcellent.count, places, what)
                    if !over.isEmpty {
                        XCTAssertEqual(headsExcellent.count, places, "heads over the quota: every place is a head's — \(what)")
                        if places > 0 {
                            // The places among them went by a recorded decision naming them all.
                            let d = decisions.first { $0.groupKey == unit.subjectID.uuidString }
                            XCTAssertNotNil(d, what)
                            let ordered = (d?.ordered ?? "").split(separator: ",").map(String.init)
                            XCTAssertEqual(Set(ordered), Set((headsExcellent + over).map(\.id)), what)
                            XCTAssertEqual(Set(ordered.prefix(places)), Set(headsExcellent.map(\.id)), "in the decision's order — \(what)")
                            headsOrdered += 1
                        }
                    }
                    // The best-scored staff member in the 优秀 band (no case capping them) is 优秀 whenever a place is
                    // left to staff; when none is, the heads hold every place (never more).
                    let staff = results.filter { !$0.notes.contains("followsUnit") }
                    guard let best = staff.filter({ !$0.notes.contains { $0.hasPrefix("capped:") } }).max(by: { $0.score! < $1.score! }),
                        best.bandGrade == .excellent
                    else { continue }
                    let staffPlaces = max(0, places - (headsExcellent.count + over.count))
                    if staffPlaces > 0 {
                        XCTAssertTrue(
                            staff.contains { $0.grade == .excellent && $0.score == best.score },
                            "the best staff member (\(best.score!)) is 优秀 — \(what)"
                        )
                    } else {
                        XCTAssertNotEqual(best.grade, .excellent, what)
                        XCTAssertEqual(headsExcellent.count, places, "no staff place: the heads hold them all — \(what)")
                    }
                }
            }
            XCTAssertGreaterThan(headsCounted, 0, "the demo has heads following their units")
            XCTAssertGreaterThan(headsOrdered, 0, "the demo has heads over a unit's quota, ordered by a recorded decision")
        }
    }

    /// Heads tied for a unit's places are named on the cycle page and API, hold the notice back until a leader's
    /// recorded decision orders them, then take the places in its order; a scheme declares a higher share for a 优秀
    /// unit (here 50%, so that two heads of an otherwise unrated unit have one place).
    func testTiedHeadsAreShownByNameAndDecided() async throws {
        try await eachEngine { app, engine in
            let hr = try await APIClient.login(app, "hr")
            let leader = try await APIClient.login(app, "leader")
            let year = CalendarDate.today().year - 1
            let draft = try await hr.call(.POST, "/api/v1/assessment-schemes", ["year": year, "name": "负责人名额测试方案"])
            let sid = draft.json["id"] as! String
            var rules = draft.json["rules"] as! [String: Any]
            XCTAssertNil(rules["excellentUnitShare"], "not declared by default")
            // Units scored by one entered indicator, so the test sets which unit is 优秀; nobody rates anyone.
            var indicators = (rules["indicators"] as! [[String: Any]]).filter { $0["assessee"] as? String != "unit" }
            indicators.append([
                "code": "UX", "name": "重点任务", "assessee": "unit", "weight": 100,
                "measure": ["quantitative": ["source": "entered", "rule": ["linear": ["cap": 100]], "target": 10]],
            ])
            rules["indicators"] = indicators
            rules["excellentUnitShare"] = 10
            let low = try await hr.call(.PUT, "/api/v1/assessment-schemes/\(sid)", ["rules": rules])
            XCTAssertEqual(low.errorField, "excellentUnitShare", "below the default share")
            rules["excellentUnitShare"] = 50
            let changed = try await hr.call(.PUT, "/api/v1/assessment-schemes/\(sid)", ["rules": rules])
            XCTAssertEqual(changed.status, .ok, changed.text)
            XCTAssertEqual((changed.json["rules"] as? [String: Any])?["excellentUnitShare"] as? Int, 50)
            let published = try await leader.call(.POST, "/api/v1/assessment-schemes/\(sid)/publish")
            XCTAssertEqual(published.status, .ok, published.text)
            let made = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles",
                ["schemeId": sid, "name": "负责人名额测试", "kind": "annual", "startsOn": "\(year)-01-01", "endsOn": "\(year)-12-31"]
            )
            let cid = made.json["id"] as! String
            let cycle = try await AssessmentCycle.find(UUID(uuidString: cid)!, on: app.db)!
            let org = try await CycleInputs.organisation(
                zone: cycle.zoneID,
                starts: cycle.startsOn,
                ends: cycle.endsOn,
                on: app.db as! SQLDatabase
            )
            // The unit with the most heads (two or more) is the one 优秀 unit.
            let heads = Dictionary(grouping: org.people.filter { $0.tier == .head }, by: \.unitID)
            guard let (unit, unitHeads) = heads.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }), unitHeads.count >= 2
            else {
                return XCTFail("[\(engine)] the demo has a unit with two heads")
            }
            for u in org.units {
                let v = try await hr.call(
                    .POST,
                    "/api/v1/assessment-cycles/\(cid)/values",
                    ["indicator": "UX", "subjectId": u.id, "value": u.id == unit ? 10 : 7, "evidence": "测试台账"]
                )
                XCTAssertEqual(v.status, .noContent, v.text)
            }
            let computed = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/compute")
            XCTAssertEqual(computed.status, .ok, computed.text)
            let ids = unitHeads.map(\.id).sorted()
            let places = unitHeads.count * 50 / 100
            XCTAssertEqual((computed.json["places"] as? [String: Int])?[unit], places, "the heads alone are the unit's people assessed")
            XCTAssertEqual((computed.json["tied"] as? [String: [String]])?[unit], ids, "the heads are tied for the places")
            let tooEarly = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/publish")
            XCTAssertEqual(tooEarly.status, .conflict, "no notice while the heads' tie waits")

            // The cycle page names them, with the decision form for a leader.
            let lb = Browser(app)
            try await lb.login("leader")
            let page = try await lb.get("/performance/cycles/\(cid)")
            XCTAssertEqual(page.status, .ok)
            let unitName = org.units.first { $0.id == unit }!.name
            XCTAssertTrue(page.text.contains("优秀名额线上并列"), page.text)
            XCTAssertTrue(page.text.contains(unitName + "：" + unitHeads.sorted { $0.id < $1.id }.map(\.name).joined(separator: "、")))
            XCTAssertTrue(page.text.contains("name=\"group\" value=\"\(unit)\""))
            let order = ids.reversed().map { $0 }
            let decided = try await lb.post(
                "/performance/cycles/\(cid)/ties",
                ["group": unit, "order": order.joined(separator: ","), "grounds": "按个人测评得分排序", "deciders": "考核领导小组"]
            )
            XCTAssertEqual(decided.status, .seeOther, decided.text)
            let people = try await hr.call(.GET, "/api/v1/assessment-cycles/\(cid)/results?assessee=person&limit=500")
            let inUnit = people.items.filter { $0["groupId"] as? String == unit && $0["grade"] != nil }
            XCTAssertEqual(inUnit.count, unitHeads.count, "only the heads have a result")
            let excellent = inUnit.filter { $0["grade"] as? String == "excellent" }.compactMap { $0["subjectId"] as? String }
            XCTAssertEqual(Set(excellent), Set(order.prefix(places)), "the places in the decision's order")
            for p in inUnit where !excellent.contains(p["subjectId"] as? String ?? "") {
                XCTAssertEqual(p["grade"] as? String, "competent")
                XCTAssertTrue((p["notes"] as? [String] ?? []).contains(CycleEngine.UnitQuota.headOverQuota))
            }
            let unitPage = try await lb.get("/performance/cycles/\(cid)/units/\(unit)")
            XCTAssertEqual(unitPage.status, .ok)
            XCTAssertTrue(unitPage.text.contains("参加考核 \(unitHeads.count) 人"), unitPage.text)
            XCTAssertTrue(unitPage.text.contains("多于名额"))
            let scheme = try await lb.get("/performance/schemes/\(sid)")
            XCTAssertTrue(scheme.text.contains("（优秀部门 50%）"))
            let publish = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/publish")
            XCTAssertEqual(publish.status, .ok, publish.text)
        }
    }

    /// The draft's form sets and clears the share of a 优秀 unit; a value refused names its field.
    func testTheSchemeFormSetsTheExcellentUnitShare() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let draft = try await hr.call(.POST, "/api/v1/assessment-schemes", ["year": CalendarDate.today().year, "name": "表单方案"])
            let sid = draft.json["id"] as! String
            let b = Browser(app)
            try await b.login("hr")
            let form = try await b.get("/performance/schemes/\(sid)")
            XCTAssertTrue(form.text.contains("name=\"excellentUnitShare\""))
            func saved() async throws -> SchemeRules {
                try PerformanceService.rules(of: try await AssessmentScheme.find(UUID(uuidString: sid)!, on: app.db)!)
            }
            let set = try await b.post("/performance/schemes/\(sid)", ["name": "表单方案", "excellentUnitShare": "30"])
            XCTAssertEqual(set.status, .seeOther, set.text)
            let afterSet = try await saved()
            XCTAssertEqual(afterSet.excellentUnitShare, 30)
            let shown = try await b.get("/performance/schemes/\(sid)")
            XCTAssertTrue(shown.text.contains("name=\"excellentUnitShare\""))
            XCTAssertTrue(shown.text.contains("（优秀部门 30%）"))
            for bad in ["15", "三成"] {
                let refused = try await b.post("/performance/schemes/\(sid)", ["name": "表单方案", "excellentUnitShare": bad])
                XCTAssertEqual(refused.status, .unprocessableEntity, bad)
                XCTAssertTrue(refused.text.contains("id=\"e-excellentUnitShare\""), bad)
            }
            let afterRefusals = try await saved()
            XCTAssertEqual(afterRefusals.excellentUnitShare, 30, "a refusal changes nothing")
            let cleared = try await b.post("/performance/schemes/\(sid)", ["name": "表单方案", "excellentUnitShare": " "])
            XCTAssertEqual(cleared.status, .seeOther, cleared.text)
            let afterClearing = try await saved()
            XCTAssertNil(afterClearing.excellentUnitShare)
        }
    }

    /// What the review found: results never go out stale, an upheld objection sends them back, values only for
    /// those the indicator assesses, a new version drops results computed under the old one, unit heads read no pay.
    func testResultsNeverGoOutStaleAndAnUpheldObjectionSendsThemBack() async throws {
        try await eachEngine { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let leader = try await APIClient.login(app, "leader")
            let head = try await APIClient.login(app, "head")
            let year = CalendarDate.today().year - 1
            let sid = try await hr.call(.POST, "/api/v1/assessment-schemes", ["year": year]).json["id"] as! String
            _ = try await leader.call(.POST, "/api/v1/assessment-schemes/\(sid)/publish")
            let made = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles",
                ["schemeId": sid, "name": "年度", "kind": "annual", "startsOn": "\(year)-01-01", "endsOn": "\(year)-12-31"]
            )
            let cid = made.json["id"] as! String
            let overlap = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles",
                ["schemeId": sid, "name": "重叠", "kind": "annual", "startsOn": "\(year)-06-01", "endsOn": "\(year + 1)-05-31"]
            )
            XCTAssertEqual(overlap.errorField, "startsOn", "cycles of one kind do not overlap")
            let cycleID = UUID(uuidString: cid)!
            _ = try await PerformanceDemo.rate(app, cycle: cycleID, seed: 3, share: 1)
            _ = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/compute")
            // A value typed in after computing sends the cycle back to be computed; a subject the indicator does not
            // assess is refused.
            let unit = try await app.unit(named: "综合管理部")
            let wrong = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles/\(cid)/values",
                ["indicator": "U5", "subjectId": UUID().uuidString, "value": 9, "evidence": "台账"]
            )
            XCTAssertEqual(wrong.errorField, "subjectId")
            let typed = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles/\(cid)/values",
                ["indicator": "U5", "subjectId": unit.id!.uuidString, "value": 9, "evidence": "台账"]
            )
            XCTAssertEqual(typed.status, .noContent, typed.text)
            let status = try await hr.call(.GET, "/api/v1/assessment-cycles/\(cid)").json["status"] as? String
            XCTAssertEqual(status, "open", "results computed before the value no longer stand")
            let notComputed = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/publish")
            XCTAssertEqual(notComputed.status, .conflict)
            let computed = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/compute")
            for (group, ids) in computed.json["tied"] as? [String: [String]] ?? [:] {
                _ = try await leader.call(
                    .POST,
                    "/api/v1/assessment-cycles/\(cid)/quota-decisions",
                    ["group": group, "order": ids, "grounds": "按重点任务完成情况", "deciders": "考核领导小组"]
                )
            }
            let published = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/publish")
            XCTAssertEqual(published.json["status"] as? String, "notice", published.text)

            // Unit heads rate, but read neither the zone's results nor its pay.
            let headSheet = try await head.call(.GET, "/api/v1/pay-sheets/\(cid)")
            XCTAssertEqual(headSheet.status, .forbidden)

            // An upheld objection sends the results back to be corrected and published again.
            let someone = try await AssessmentResult.query(on: app.db).filter(\.$cycleID == cycleID).filter(\.$assessee == "person")
                .first()!
            _ = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles/\(cid)/objections",
                ["subjectId": someone.subjectID.uuidString, "text": "漏计一项重点任务"]
            )
            let o = try await ResultObjection.query(on: app.db).filter(\.$cycleID == cycleID).first()!
            let noDeciders = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles/\(cid)/objections/\(o.id!)/resolve",
                ["resolution": "核实属实", "upheld": true]
            )
            XCTAssertEqual(noDeciders.errorField, "deciders")
            let upheld = try await hr.call(
                .POST,
                "/api/v1/assessment-cycles/\(cid)/objections/\(o.id!)/resolve",
                ["resolution": "核实属实，补录后重新计算", "upheld": true, "deciders": "考核领导小组"]
            )
            XCTAssertEqual(upheld.status, .noContent, upheld.text)
            let back = try await hr.call(.GET, "/api/v1/assessment-cycles/\(cid)").json
            XCTAssertEqual(back["status"] as? String, "open")
            XCTAssertNil(back["noticeEnds"] as? String, "a new notice follows the corrected results")

            // A new version published: the open cycle moves to it and drops results computed under the old one.
            _ = try await hr.call(.POST, "/api/v1/assessment-cycles/\(cid)/compute")
            let v2 = try await hr.call(.POST, "/api/v1/assessment-schemes", ["year": year, "basedOn": sid]).json["id"] as! String
            _ = try await leader.call(.POST, "/api/v1/assessment-schemes/\(v2)/publish")
            let moved = try await hr.call(.GET, "/api/v1/assessment-cycles/\(cid)").json
            XCTAssertEqual(moved["schemeVersion"] as? Int, 2)
            XCTAssertEqual(moved["status"] as? String, "open")
            let left = try await AssessmentResult.query(on: app.db).filter(\.$cycleID == cycleID).count()
            XCTAssertEqual(left, 0, "no result of version 1 stays on a cycle of version 2")
        }
    }
}
