import Fluent
import Vapor
import YuanquKit

/// The investment promotion centre's five teams, their members appointed through the centre's 扩组 campaign (全员竞聘),
/// and about 150 projects: more than 80 signed projects of ¥100 million or more, about ¥55 billion in all, as the
/// seed report says.
enum InvestmentDemo {
    static let investors = [
        "晶芯", "华瑞", "紫峰", "博创", "中科", "恒通", "芯源", "宁泰", "江海", "远景", "康瑞", "智造", "华辰", "启明", "天工", "长江",
        "国芯", "汇能", "赛维", "安泰",
    ]
    static let suffix: [String: [String]] = [
        "ic": ["12 英寸晶圆", "封装测试", "芯片设计", "功率半导体", "光刻材料"], "nev": ["动力电池", "电驱系统", "整车配套", "充换电设施"],
        "biomed": ["创新药", "医疗器械", "生物试剂"], "smartmfg": ["工业机器人", "智能装备", "精密制造"], "services": ["总部经济", "供应链金融", "研发中心"],
    ]

    static func seed(_ app: Application, zone: Zone) async throws {
        let zoneID = zone.id!
        guard try await InvestmentTeam.query(on: app.db).filter(\.$zoneID == zoneID).count() == 0 else { return }
        let today = CalendarDate.today()
        let year = today.year
        try await Writes.perform(app, actor: .commandLine) { db, trail in
            var g = Demo.Generator(state: 550)
            let teamUnits = try await OrgUnit.query(on: db).filter(\.$zoneID == zoneID).filter(\.$kind == .team).sort(\.$name).all()
            var teams: [InvestmentTeam] = []
            for (i, u) in teamUnits.enumerated() {
                let t = InvestmentTeam()
                t.zoneID = zoneID
                t.name = u.name
                t.unitID = u.id
                try await t.create(on: db)
                let target = TeamTarget()
                target.teamID = t.id!
                target.period = String(year)
                target.signedCount = 12 + i
                target.signedAmountFen = Money.yi(Int64(80 + 10 * i)).fen
                target.majorCount = 9 + i
                target.investedAmountFen = Money.yi(Int64(20 + 3 * i)).fen
                try await target.create(on: db)
                teams.append(t)
            }
            // Members come from the centre's 扩组 campaign; each team's leader is its first member by name.
            try await seedTeamCampaign(
                app,
                teams: teams,
                zone: zoneID,
                start: CalendarDate(year: year - 1, month: 1, day: 1)!,
                on: db,
                trail: trail
            )
            for t in teams {
                let members = try await TeamMembership.query(on: db).filter(\.$teamID == t.id!).filter(\.$toDate == nil).all()
                let people = try await Person.query(on: db).filter(\.$id ~~ members.map(\.personID)).sort(\.$name).all()
                t.leaderID = people.first?.id
                try await t.update(on: db)
            }
            let industries = ["ic", "ic", "ic", "nev", "nev", "biomed", "smartmfg", "services"]
            // Stages: 85 major signed projects, 8 signed below the threshold, 30 in negotiation, 15 leads, 12 dropped.
            var plan: [ProjectStage] =
                Array(repeating: .signed, count: 25) + Array(repeating: .registered, count: 25)
                + Array(repeating: .underConstruction, count: 20) + Array(repeating: .inOperation, count: 15)
            plan +=
                Array(repeating: ProjectStage.signed, count: 8) + Array(repeating: .negotiation, count: 30)
                + Array(repeating: .lead, count: 15) + Array(repeating: .dropped, count: 12)
            // Major amounts add up to ¥55 billion exactly: 85 draws scaled to the total.
            let draws = (0..<85).map { _ in 100 + Int64(g.next() % 900) }
            let scale = Double(Money.yi(550).fen - Money.yi(85).fen) / Double(draws.reduce(0, +))
            var majorAmounts = draws.map { Money.yi(1).fen + Int64((Double($0) * scale).rounded(.down) / 1_000_000) * 1_000_000 }
            majorAmounts[0] += Money.yi(550).fen - majorAmounts.reduce(0, +)
            for (i, stage) in plan.enumerated() {
                let industry = industries[Int(g.next() % UInt64(industries.count))]
                let p = InvestmentProject()
                p.zoneID = zoneID
                p.name =
                    investors[i % investors.count] + g.pick(suffix[industry]!) + "项目"
                    + (i >= investors.count ? "（\(i / investors.count + 1) 期）" : "")
                p.investor = "南京" + investors[i % investors.count] + ["科技", "半导体", "新能源", "生物", "智能"][i % 5] + "有限公司"
                p.industry = industry
                p.region = ["中国", "中国", "中国", "中国台湾", "新加坡", "德国", "日本", "韩国"][Int(g.next() % 8)]
                p.teamID = teams.isEmpty ? nil : teams[i % teams.count].id
                p.stage = stage
                p.investedAmountFen = 0
                p.createdOn = today.adding(days: -Int(g.next() % 700) - 30).description
                let signedMajor = i < 85
                let signedMinor = i >= 85 && i < 93
                p.amountFen = signedMajor ? majorAmounts[i] : Money.wan(Int64(2000 + g.next() % 30000)).fen
                if signedMajor || signedMinor || stage == .dropped && i % 2 == 0 {
                    // About half signed this year, half last year.
                    let day = Int(g.next() % 300)
                    // The fifth team signs nothing this year before July: last on the board two quarters running.
                    let lateTeam = !teams.isEmpty && teams[i % teams.count].name == "招商五组"
                    let from = CalendarDate(year: year, month: lateTeam ? 7 : 1, day: lateTeam ? 1 : 5)!
                    let signed =
                        i % 2 == 0
                        ? from.adding(days: min(lateTeam ? day % 120 : day, max(0, today.dayNumber - from.dayNumber)))
                        : CalendarDate(year: year - 1, month: 2, day: 1)!.adding(days: day)
                    p.signingDate = signed.description
                    p.agreementNumber = "PKEDZ-\(signed.year)-\(String(format: "%03d", i + 1))"
                    p.signedAmountFen = signedMajor ? majorAmounts[i] : Money.wan(Int64(3000 + g.next() % 6000)).fen
                    p.amountFen = p.signedAmountFen!
                }
                if stage >= .registered && stage != .dropped {
                    let first17 = "91320111MA" + String((0..<7).map { _ in CreditCode.alphabet[Int(g.next() % 31)] })
                    p.creditCode = first17 + String(CreditCode.checkCharacter(forFirst17: first17)!)
                }
                if stage >= .underConstruction && stage != .dropped {
                    p.startDate = (CalendarDate(p.signingDate!)!.adding(days: 60)).description
                    p.investedAmountFen = (p.signedAmountFen ?? 0) / Int64(2 + g.next() % 4)
                }
                if stage == .inOperation {
                    p.operationDate = CalendarDate(p.startDate!)!.adding(days: 200).description
                    p.investedAmountFen = (p.signedAmountFen ?? 0) * 4 / 5
                }
                if stage == .dropped { p.droppedReason = ["投资方战略调整", "用地条件不满足", "转投其他园区"][i % 3] }
                try await p.create(on: db)
            }
            trail.record("seed", "investmentProject", zone: zoneID, note: "\(plan.count) projects, \(teams.count) teams")
            try await seedService(zoneID: zoneID, gen: &g, on: db, trail: trail)
        }
    }

    static let teamCampaignTitle = "招商中心扩组全员竞聘（招商小组组员岗位）"

    /// The investment centre's 扩组 through 全员竞聘 (the seed report): every team place is competed for afresh by the
    /// teams' staff, each listing their own team first, through registration, review, interview, two-way selection and
    /// publicity to appointment from `start` — which makes them the teams' members (`TeamService.joinByAppointment`).
    /// Nothing is made when the teams' units hold nobody.
    static func seedTeamCampaign(
        _ app: Application,
        teams: [InvestmentTeam],
        zone zoneID: UUID,
        start: CalendarDate,
        on db: Database,
        trail: AuditTrail
    )
        async throws
    {
        let actor = Actor.commandLine
        let units = teams.compactMap(\.unitID)
        let posts = try await Post.query(on: db).filter(\.$unitID ~~ units).all()
            .sorted { (units.firstIndex(of: $0.unitID) ?? 0, $0.title) < (units.firstIndex(of: $1.unitID) ?? 0, $1.title) }
        let holders = try await Person.query(on: db).filter(\.$postID ~~ posts.compactMap(\.id)).sort(\.$name).all()
        guard let first = posts.first, !holders.isEmpty, let body = try await ZoneBody.find(first.bodyID, on: db) else { return }
        var gen = Demo.Generator(state: 560)
        func move(_ c: Campaign, to: CampaignStage, _ input: StageInput = StageInput()) async throws {
            var i = input
            i.to = to.rawValue
            try await CampaignService.advance(c, input: i, actor: actor, app: app, on: db, trail: trail)
        }
        let c = try await CampaignService.create(
            CampaignInput(
                kind: CampaignKind.competitive.rawValue,
                title: teamCampaignTitle,
                body: body.kind.rawValue,
                posts: posts.map { .init(postId: $0.id!.uuidString, places: $0.headcount, maxAge: nil, minEducation: nil) },
                allowedOrigins: nil,
                maxPreferences: min(3, posts.count),
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
        var cands: [Candidate] = []
        for (i, p) in holders.enumerated() {
            // Their own team's place first, then the next teams'.
            let own = posts.firstIndex { $0.id == p.postID } ?? 0
            let prefs = (0..<min(3, posts.count)).map { k in posts[(own + k) % posts.count].id!.uuidString }
            cands.append(
                try await CampaignService.addCandidate(
                    CandidateInput(personId: p.id!.uuidString, postIds: prefs),
                    to: c,
                    nomination: i % 2 == 0 ? .self : .organisation,
                    actor: actor,
                    on: db,
                    trail: trail
                ).0
            )
        }
        try await move(c, to: .review)
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
        try await CampaignService.setPanel(c, names: ["招商评委一", "招商评委二", "招商评委三", "招商评委四", "招商评委五"], on: db, trail: trail)
        try await move(c, to: .interview)
        let panel = try await PanelMember.query(on: db).filter(\.$campaignID == c.id!).sort(\.$sortOrder).all()
        for cand in cands {
            for m in panel {
                let scores = (0..<c.scoring.items.count).map { _ in 75 + Double(gen.next() % 2000) / 100 }
                try await CampaignService.enterScore(
                    c,
                    input: ScoreInput(candidateId: cand.id!.uuidString, panelMemberId: m.id!.uuidString, scores: scores, written: nil),
                    on: db,
                    trail: trail
                )
            }
        }
        try await move(c, to: .ranking)
        _ = try await CampaignService.runMatching(c, actor: actor, on: db, trail: trail)
        try await move(c, to: .publicity)
        // The campaign ran before the appointments it made: opened, published and closed before `start`.
        let published = start.adding(days: -21)
        c.openedOn = start.adding(days: -50).description
        c.publicityStart = published.description
        c.publicityEnds = WorkCalendar.china.endOfPeriod(workingDays: c.publicityDays, startingOn: published).description
        try await move(
            c,
            to: .appointment,
            StageInput(startDate: start.description, termMonths: 36, contractType: "fixedTerm", contractMonths: 36, payGrade: "")
        )
    }

    static let platforms = [("台积电晶圆制造服务联盟", "alliance"), ("南京（浦口）集成电路产业促进中心", "centre"), ("南京市集成电路行业协会", "association")]

    /// Enterprises for the signed projects (stewards from 企业服务部, experts from the investment centre), the three
    /// platforms of the seed, and service requests in every state, some overdue.
    static func seedService(zoneID: UUID, gen g: inout Demo.Generator, on db: Database, trail: AuditTrail) async throws {
        func people(_ unit: String) async throws -> [Person] {
            guard let u = try await OrgUnit.query(on: db).filter(\.$zoneID == zoneID).filter(\.$name == unit).first() else { return [] }
            return try await Person.query(on: db).filter(\.$unitID == u.id!).sort(\.$name).all()
        }
        let stewards = try await people("企业服务部")
        let experts = try await people("招商中心") + (try await people("经济发展部"))
        // The zone's own staff user (only the demo zone has one): a user of another zone would hold this zone's requests.
        let staffPerson = try await User.query(on: db).filter(\.$zoneID == zoneID).filter(\.$username == "staff").first()?.personID
        var platformRecords: [ServicePlatform] = []
        for (name, kind) in platforms {
            let p = ServicePlatform()
            p.zoneID = zoneID
            p.name = name
            p.kind = kind
            p.contact = ""
            try await p.create(on: db)
            platformRecords.append(p)
        }
        var enterprises: [String: Enterprise] = [:]
        var usedCodes = Set<String>()
        let signed = try await InvestmentProject.query(on: db).filter(\.$zoneID == zoneID).filter(
            \.$stage ~~ ProjectStage.allCases.filter(\.isSignedOrLater)
        ).sort(\.$name).all()
        for p in signed {
            let e: Enterprise
            if let existing = enterprises[p.investor] {
                e = existing
            } else {
                e = Enterprise()
                e.zoneID = zoneID
                e.name = p.investor
                e.industry = p.industry
                e.address = "南京市浦口区" + ["浦口大道", "星火路", "江浦街道", "桥林街道"][Int(g.next() % 4)] + "\(10 + g.next() % 200) 号"
                e.contactName = ["王经理", "李总", "陈主任", "刘经理"][Int(g.next() % 4)]
                e.contactPhone = "025-58\(String(format: "%06d", g.next() % 1_000_000))"
                e.stewardID = stewards.isEmpty ? nil : stewards[Int(g.next() % UInt64(stewards.count))].id
                e.expertID = experts.isEmpty ? nil : experts[Int(g.next() % UInt64(experts.count))].id
                e.createdOn = p.signingDate ?? CalendarDate.today().description
                try await e.create(on: db)
                enterprises[p.investor] = e
            }
            if let code = p.creditCode, e.creditCode == nil, usedCodes.insert(code).inserted {
                e.creditCode = code
                try await e.update(on: db)
            }
            p.enterpriseID = e.id
            try await p.update(on: db)
        }
        let calendar = WorkCalendar.china
        let today = CalendarDate.today()
        let titles: [(String, String)] = [
            ("policy", "申请集成电路产业扶持政策兑现"), ("land", "二期项目用地指标协调"), ("approval", "环评审批进度咨询"),
            ("talent", "高层次人才公寓申请"), ("financing", "流动资金贷款对接"), ("supplyChain", "本地封测配套对接"), ("other", "员工通勤班车线路调整"),
        ]
        let list = Array(enterprises.values).sorted { $0.name < $1.name }
        for i in 0..<min(24, list.count) {
            let e = list[i]
            let (type, title) = titles[i % titles.count]
            let r = ServiceRequest()
            r.zoneID = zoneID
            r.enterpriseID = e.id!
            r.type = type
            r.title = title
            r.detail = ""
            r.holderID = (i % 8 == 3 ? staffPerson : nil) ?? e.stewardID
            if type == "supplyChain" || type == "talent" {
                r.platformID = platformRecords[i % platformRecords.count].id
            } else {
                r.unitID = try await OrgUnit.query(on: db).filter(\.$zoneID == zoneID).filter(
                    \.$name == (type == "land" || type == "approval" ? "规划建设部" : "企业服务部")
                ).first()?.id
            }
            // A third closed, a third in progress, a third open; every fourth open or in progress one overdue.
            let state = i % 3
            let overdue = state != 0 && i % 4 == 3
            let opened = overdue ? today.adding(days: -60) : today.adding(days: -Int(g.next() % 12))
            r.openedOn = opened.description
            r.dueOn = ServiceDeadline.due(opened: opened, days: ServiceDeadline.defaultLimits[type] ?? 10, calendar: calendar).description
            r.status = state == 0 ? "closed" : (state == 1 ? "inProgress" : "open")
            if state == 0 {
                r.closedOn = opened.adding(days: 3).description
                r.satisfaction = 4 + Int(g.next() % 2)
            }
            try await r.create(on: db)
            if state != 2 {
                let s = ServiceStep()
                s.requestID = r.id!
                s.onDate = opened.adding(days: 1).description
                s.by = "管家"
                s.note = r.platformID != nil ? "已转服务平台对接" : "已与承办单位沟通，正在办理"
                try await s.create(on: db)
            }
            if state == 0 {
                let s = ServiceStep()
                s.requestID = r.id!
                s.onDate = r.closedOn!
                s.by = "管家"
                s.note = "办结：企业确认问题已解决"
                try await s.create(on: db)
            }
        }
        trail.record(
            "seed",
            "enterprise",
            zone: zoneID,
            note: "\(enterprises.count) enterprises, 3 platforms, \(min(24, list.count)) requests"
        )
    }
}
