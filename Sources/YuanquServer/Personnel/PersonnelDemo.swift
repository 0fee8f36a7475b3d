import Fluent
import Vapor
import YuanquKit

/// The demo zone's personnel: every appointed person's appointment and contract (a few ending soon), a finished
/// competitive campaign for middle-level posts whose two-way selection left candidates for adjustment, an open
/// selection in publicity and a public recruitment in registration — so every stage can be seen on first start.
enum PersonnelDemo {
    static func seed(_ app: Application, zone: Zone) async throws {
        let zoneID = zone.id!
        guard try await Campaign.query(on: app.db).filter(\.$zoneID == zoneID).count() == 0 else { return }
        let actor = Actor.commandLine
        let today = CalendarDate.today()

        // All in one transaction: a demo that cannot be made whole is not made at all.
        try await Writes.perform(app, actor: actor) { db, trail in
            var gen = Demo.Generator(state: 515)
            if let phone = try await ZoneSetting.query(on: db).filter(\.$zoneID == zoneID).filter(\.$key == "zone.contactPhone").first(),
                phone.value.isEmpty
            {
                phone.value = "025-5888 6000（组织人事）"
                try await phone.update(on: db)
            }
            // Appointments and contracts for everyone who holds a post.
            do {
                let people = try await Person.query(on: db).filter(\.$zoneID == zoneID).filter(\.$postID != nil).sort(\.$name).all()
                let teamUnits = Set(
                    try await OrgUnit.query(on: db).filter(\.$zoneID == zoneID).filter(\.$kind == .team).all().compactMap(\.id)
                )
                // The investment teams' places are competed for afresh in the centre's 扩组 campaign, whose appointments
                // start on 1 January last year (`InvestmentDemo.seedTeamCampaign`): their holders' earlier appointments began before.
                let teamCampaignStart = CalendarDate(year: today.year - 1, month: 1, day: 1)!
                for (i, p) in people.enumerated() {
                    // Three-year contracts started over the last three years; every twentieth ends within the next two months.
                    var start =
                        i % 20 == 7 ? today.adding(days: 20 + i % 30).adding(months: -36) : today.adding(days: -Int(gen.next() % 1000) - 40)
                    if let unit = p.unitID, teamUnits.contains(unit), start >= teamCampaignStart {
                        start = teamCampaignStart.adding(days: -30 - start.dayNumber % 600)
                    }
                    let a = Appointment()
                    a.zoneID = zoneID
                    a.bodyID = p.bodyID
                    a.personID = p.id!
                    a.postID = p.postID!
                    a.startDate = start.description
                    a.termMonths = 36
                    a.method = "direct"
                    try await a.create(on: db)
                    let k = EmploymentContract()
                    k.zoneID = zoneID
                    k.bodyID = p.bodyID
                    k.personID = p.id!
                    k.appointmentID = a.id
                    k.contractType = "fixedTerm"
                    k.startDate = start.description
                    k.endDate = start.adding(months: 36).adding(days: -1).description
                    k.probationMonths = 0
                    k.payGrade = ""
                    k.status = "active"
                    try await k.create(on: db)
                }
                trail.record("seed", "contract", zone: zoneID, note: "\(people.count) appointments and contracts")
            }

            func post(_ unit: String, _ title: String, on db: Database) async throws -> Post {
                let u = try await OrgUnit.query(on: db).filter(\.$zoneID == zoneID).filter(\.$name == unit).first()!
                return try await Post.query(on: db).filter(\.$unitID == u.id!).filter(\.$title == title).first()!
            }
            func move(_ c: Campaign, to: CampaignStage, _ input: StageInput = StageInput(), on db: Database, trail: AuditTrail) async throws
            {
                var i = input
                i.to = to.rawValue
                try await CampaignService.advance(c, input: i, actor: actor, app: app, on: db, trail: trail)
            }
            func score(_ c: Campaign, _ cands: [Candidate], base: (Int) -> Double, on db: Database, trail: AuditTrail) async throws {
                let members = try await PanelMember.query(on: db).filter(\.$campaignID == c.id!).sort(\.$sortOrder).all()
                let items = c.scoring.items.count
                for (i, cand) in cands.enumerated() where cand.reviewStatus == .passed {
                    for m in members {
                        let values = (0..<items).map { _ in min(100, base(i) + Double(gen.next() % 600) / 100) }
                        try await CampaignService.enterScore(
                            c,
                            input: ScoreInput(
                                candidateId: cand.id!.uuidString,
                                panelMemberId: m.id!.uuidString,
                                scores: values,
                                written: nil
                            ),
                            on: db,
                            trail: trail
                        )
                    }
                    if c.scoring.writtenWeight > 0 {
                        try await CampaignService.enterScore(
                            c,
                            input: ScoreInput(
                                candidateId: cand.id!.uuidString,
                                panelMemberId: nil,
                                scores: nil,
                                written: 70 + Double(gen.next() % 2500) / 100
                            ),
                            on: db,
                            trail: trail
                        )
                    }
                }
            }
            func outsider(_ n: Int, birth: String) -> String {
                let first17 = "320106" + birth.replacingOccurrences(of: "-", with: "") + String(format: "%03d", 300 + n)
                return first17 + String(ResidentID.checkCharacter(forFirst17: first17)!)
            }

            // 1. The finished competitive campaign for middle-level posts.
            do {
                let offered = [
                    ("经济发展部", "部长", 1), ("经济发展部", "副部长", 1), ("规划建设部", "部长", 1), ("规划建设部", "副部长", 1),
                    ("企业服务部", "部长", 1), ("企业服务部", "副部长", 1), ("招商中心", "中心副主任", 2),
                ]
                var posts: [Post] = []
                for o in offered { posts.append(try await post(o.0, o.1, on: db)) }
                let c = try await CampaignService.create(
                    CampaignInput(
                        kind: "competitive",
                        title: "中层岗位竞聘上岗（双向选择）",
                        body: "committee",
                        posts: zip(posts, offered).map { .init(postId: $0.id!.uuidString, places: $1.2, maxAge: nil, minEducation: nil) },
                        allowedOrigins: nil,
                        maxPreferences: 3,
                        items: nil,
                        dropExtremesFrom: 5,
                        writtenWeight: 0,
                        tieBreaks: nil,
                        publicityDays: 5
                    ),
                    actor: actor,
                    zone: zoneID,
                    on: db,
                    trail: trail
                )
                // Current holders and other staff: twelve candidates for eight places.
                var people = try await Person.query(on: db).filter(\.$postID ~~ posts.compactMap(\.id)).sort(\.$name).all()
                let staffPosts = [
                    try await post("经济发展部", "产业政策岗", on: db), try await post("企业服务部", "企业管家岗", on: db),
                    try await post("招商中心", "招商专员", on: db),
                ]
                people += try await Person.query(on: db).filter(\.$postID ~~ staffPosts.compactMap(\.id)).sort(\.$name).limit(
                    12 - people.count
                ).all()
                var cands: [Candidate] = []
                for (i, p) in people.enumerated() {
                    let prefs = (0..<3).map { k in posts[(i + k * 3) % posts.count].id!.uuidString }
                    cands.append(
                        try await CampaignService.addCandidate(
                            CandidateInput(personId: p.id!.uuidString, postIds: prefs),
                            to: c,
                            nomination: i % 3 == 0 ? .self : .organisation,
                            actor: actor,
                            on: db,
                            trail: trail
                        ).0
                    )
                }
                try await move(c, to: .review, on: db, trail: trail)
                for cand in cands {
                    try await CampaignService.review(
                        cand,
                        campaign: c,
                        input: ReviewInput(passed: true, reason: ""),
                        actor: actor,
                        on: db,
                        trail: trail
                    )
                }
                try await CampaignService.setPanel(c, names: ["张评委", "李评委", "王评委", "赵评委", "刘评委"], on: db, trail: trail)
                try await move(c, to: .interview, on: db, trail: trail)
                try await score(c, cands, base: { 92 - Double($0) * 1.7 }, on: db, trail: trail)
                try await move(c, to: .ranking, on: db, trail: trail)
                _ = try await CampaignService.runMatching(c, actor: actor, on: db, trail: trail)
                try await move(c, to: .publicity, on: db, trail: trail)
                // This campaign ran some weeks ago: opened, published and closed before today.
                let published = today.adding(days: -21)
                c.openedOn = today.adding(days: -60).description
                c.publicityStart = published.description
                c.publicityEnds = WorkCalendar.china.endOfPeriod(workingDays: c.publicityDays, startingOn: published).description
                try await move(
                    c,
                    to: .appointment,
                    StageInput(
                        startDate: CalendarDate(c.publicityEnds!)!.adding(days: 3).description,
                        termMonths: 36,
                        contractType: "fixedTerm",
                        contractMonths: 36,
                        payGrade: "中层"
                    ),
                    on: db,
                    trail: trail
                )
            }

            // 2. An open selection in publicity.
            do {
                let posts = [try await post("经济发展部", "经济运行岗", on: db), try await post("经济发展部", "产业政策岗", on: db)]
                let c = try await CampaignService.create(
                    CampaignInput(
                        kind: "openSelection",
                        title: "经济发展部岗位面向全区公开遴选",
                        body: "committee",
                        posts: posts.map { .init(postId: $0.id!.uuidString, places: 1, maxAge: 40, minEducation: "bachelor") },
                        allowedOrigins: nil,
                        maxPreferences: 1,
                        items: [.init(name: "综合分析", weight: 50), .init(name: "岗位认知", weight: 50)],
                        dropExtremesFrom: 5,
                        writtenWeight: 40,
                        tieBreaks: nil,
                        publicityDays: 5
                    ),
                    actor: actor,
                    zone: zoneID,
                    on: db,
                    trail: trail
                )
                let applicants: [(String, String, Origin, String, Education)] = [
                    ("周文博", "1990-03-12", .districtAgency, "浦口区发改委", .master),
                    ("吴思远", "1988-07-21", .publicInstitution, "浦口区经济信息中心", .bachelor),
                    ("郑晓雯", "1992-11-05", .districtSOE, "浦口区城建集团", .bachelor), ("王一鸣", "1986-01-30", .districtAgency, "浦口区统计局", .bachelor),
                    ("孙丽娜", "1993-05-18", .public, "某咨询公司", .master), ("陈浩然", "1979-09-09", .publicInstitution, "南京某研究院", .doctorate),
                ]
                var cands: [Candidate] = []
                for (i, a) in applicants.enumerated() {
                    let input = CandidateInput(
                        name: a.0,
                        phone: "1390000\(String(format: "%04d", i))",
                        residentId: outsider(i, birth: a.1),
                        education: a.4.rawValue,
                        origin: a.2.rawValue,
                        formerEmployer: a.3,
                        postIds: [posts[i % 2].id!.uuidString]
                    )
                    cands.append(
                        try await CampaignService.addCandidate(input, to: c, nomination: .organisation, actor: actor, on: db, trail: trail)
                            .0
                    )
                }
                try await move(c, to: .review, on: db, trail: trail)
                for cand in cands {
                    let eligible = try await CampaignService.eligibility(cand, campaign: c, on: db).isEmpty
                    try await CampaignService.review(
                        cand,
                        campaign: c,
                        input: ReviewInput(passed: eligible, reason: eligible ? "" : "不符合报名条件（年龄或报名范围）"),
                        actor: actor,
                        on: db,
                        trail: trail
                    )
                }
                try await CampaignService.setPanel(c, names: ["评委一", "评委二", "评委三"], on: db, trail: trail)
                try await move(c, to: .interview, on: db, trail: trail)
                try await score(c, cands, base: { 88 - Double($0) * 2.3 }, on: db, trail: trail)
                try await move(c, to: .ranking, on: db, trail: trail)
                try await move(c, to: .publicity, on: db, trail: trail)
                let o = try await CampaignService.raiseObjection(
                    c,
                    input: ObjectionInput(candidateId: nil, text: "来电询问公开遴选面试成绩计算办法"),
                    on: db,
                    trail: trail
                )
                try await CampaignService.resolveObjection(
                    o,
                    campaign: c,
                    input: ResolveInput(resolution: "已电话答复：按公告所列评分办法计算，并告知成绩查询方式"),
                    on: db,
                    trail: trail
                )
            }

            // 3. A public recruitment in registration.
            do {
                let posts = [try await post("规划建设部", "规划管理岗", on: db), try await post("综合管理部", "综合文秘岗", on: db)]
                let c = try await CampaignService.create(
                    CampaignInput(
                        kind: "publicRecruitment",
                        title: "社会公开招聘（规划、文秘）",
                        body: "committee",
                        posts: posts.map { .init(postId: $0.id!.uuidString, places: 1, maxAge: 35, minEducation: "bachelor") },
                        allowedOrigins: nil,
                        maxPreferences: 1,
                        items: nil,
                        dropExtremesFrom: 5,
                        writtenWeight: 50,
                        tieBreaks: nil,
                        publicityDays: 7
                    ),
                    actor: actor,
                    zone: zoneID,
                    on: db,
                    trail: trail
                )
                for (i, a) in [("马晨曦", "1995-04-02", "ProDesign 规划设计院"), ("林雨桐", "1997-08-16", "某传媒公司"), ("何嘉怡", "1996-12-25", "应届毕业生")]
                    .enumerated()
                {
                    let input = CandidateInput(
                        name: a.0,
                        phone: "1380000\(String(format: "%04d", i))",
                        residentId: outsider(10 + i, birth: a.1),
                        education: "bachelor",
                        origin: "public",
                        formerEmployer: a.2,
                        postIds: [posts[i % 2].id!.uuidString]
                    )
                    _ = try await CampaignService.addCandidate(
                        input,
                        to: c,
                        nomination: .publicRegistration,
                        actor: actor,
                        on: db,
                        trail: trail
                    )
                }
            }
        }
    }
}
