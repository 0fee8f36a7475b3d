import Fluent
import Vapor
import YuanquKit

/// The seed report's two programmes — "四新" (34 projects, ¥55 billion) and "新都市" (25 projects, ¥23.7 billion) —
/// with projects at every stage, holders without conflict, cost stages, tenders in every state (a re-tender for too
/// few bids, a caught package split, a late contract), rotating audit firms, payments and design changes. Everything
/// goes through the services, as a user's actions would; dates are relative to today.
enum EngineeringDemo {
    static let places = ["桥林", "汤泉", "星甸", "永宁", "江浦", "顶山", "沿江", "珠江"]
    static let fourNew = [
        "5G 基站及智慧杆塔工程", "集成电路产业园标准厂房", "新能源汽车产业园配套道路", "数据中心", "智能制造产业园污水处理厂", "综合管廊", "220 千伏变电站",
        "人工智能创新中心", "生物医药孵化器", "工业互联网平台机房", "充换电站群", "科创研发楼",
    ]
    static let newCity = ["人才公寓", "邻里中心", "滨江绿道", "九年制学校", "社区医院", "城市公园", "安置房", "市政道路", "雨污分流改造", "公交首末站"]
    static let contractors = [
        "中建八局第三建设有限公司", "江苏省建筑工程集团有限公司", "南京市政建设集团有限公司", "中铁二十四局集团有限公司", "江苏南通二建集团有限公司",
        "南京建工集团有限公司", "中交第二航务工程局有限公司", "江苏中南建筑产业集团有限责任公司",
    ]
    static let firms = [
        ("江苏苏亚金诚工程管理咨询有限公司", ["跟踪审计", "造价咨询"], [String]()),
        ("南京永宁造价师事务所有限公司", ["跟踪审计", "造价咨询"], []),
        ("江苏天衡工程造价咨询有限公司", ["跟踪审计", "造价咨询"], ["南京建工集团有限公司"]),
        ("南京审计咨询集团有限公司", ["跟踪审计"], []),
        ("江苏华星项目管理咨询有限公司", ["造价咨询"], []),
        ("中审华国际工程咨询（江苏）有限公司", ["跟踪审计", "造价咨询"], []),
    ]
    static let stagePlan: [ConstructionStage] =
        [.preparation, .design, .design, .tendering, .tendering] + Array(repeating: .construction, count: 10) + [.completed, .settled]

    /// The demo user of that name in the zone (usernames are unique per zone, not over the installation).
    static func actor(_ username: String, zone: UUID, on db: Database) async throws -> Actor {
        guard let u = try await User.query(on: db).filter(\.$zoneID == zone).filter(\.$username == username).first() else {
            throw Abort(.internalServerError)
        }
        return Actor(
            userID: u.id,
            username: u.username,
            displayName: u.displayName,
            role: u.roleValue,
            zoneID: u.zoneID,
            unitID: u.unitID,
            personID: u.personID,
            sessionID: nil,
            language: nil
        )
    }

    /// Amounts in fen that add up to `total` exactly: draws scaled to it, the last taking the remainder.
    static func amounts(_ count: Int, total: Money, _ g: inout Demo.Generator) -> [Int64] {
        let draws = (0..<count).map { _ in 20 + Int64(g.next() % 200) }
        let sum = draws.reduce(0, +)
        var out = draws.map { (total.fen / 10_000 / sum * $0) * 10_000 }
        out[count - 1] += total.fen - out.reduce(0, +)
        return out.sorted(by: >)
    }

    static func seed(_ app: Application, zone: Zone) async throws {
        let zoneID = zone.id!
        guard try await Programme.query(on: app.db).filter(\.$zoneID == zoneID).count() == 0 else { return }
        let engineer = try await actor("engineer", zone: zoneID, on: app.db)
        let cost = try await actor("cost", zone: zoneID, on: app.db)
        let design = try await actor("design", zone: zoneID, on: app.db)
        let leader = try await actor("leader", zone: zoneID, on: app.db)
        let today = CalendarDate.today()
        var g = Demo.Generator(state: 2020_0509)
        let units = try await OrgUnit.query(on: app.db).filter(\.$zoneID == zoneID).all()
        func people(_ unit: String) async throws -> [Person] {
            guard let u = units.first(where: { $0.name == unit }) else { return [] }
            return try await Person.query(on: app.db).filter(\.$unitID == u.id!).sort(\.$name).all()
        }
        let designers = try await people("规划建设部")
        let costers = try await people("造价合约部")
        let builders = try await people("工程管理部")
        guard let planning = units.first(where: { $0.name == "规划建设部" }), let costUnit = units.first(where: { $0.name == "造价合约部" }),
            let works = units.first(where: { $0.name == "工程管理部" }), !designers.isEmpty, !costers.isEmpty, !builders.isEmpty
        else { return }
        let owner = try await ZoneBody.query(on: app.db).filter(\.$zoneID == zoneID).filter(\.$kind == .company).first()?.name ?? "开发公司"
        try await Writes.perform(app, actor: cost) { db, trail in
            for (name, quals, related) in firms {
                _ = try await AuditFirmService.save(
                    AuditFirmInput(name: name, qualifications: quals, related: related, active: true),
                    existing: nil,
                    zone: zoneID,
                    on: db,
                    trail: trail
                )
            }
        }
        let programmes: [(String, String, Int, Money, [String])] = [
            ("“四新”行动计划", "新型基础设施、新兴产业载体、新型城镇化与新公共服务设施建设", 34, .yi(550), fourNew),
            ("“新都市”行动计划", "产城融合的新都市功能：人才安居、公共服务、生态与市政配套", 25, .yi(237), newCity),
        ]
        var index = 0
        var specs: [(programme: UUID, spec: ProjectSpec)] = []
        for (pi, (name, summary, count, total, kinds)) in programmes.enumerated() {
            let programme = try await Writes.perform(app, actor: engineer) { db, trail in
                try await EngineeringService.saveProgramme(
                    ProgrammeInput(name: name, summary: summary, startsOn: "\(today.year - 3)-01-01", endsOn: "\(today.year + 3)-12-31"),
                    existing: nil,
                    zone: zoneID,
                    on: db,
                    trail: trail
                )
            }
            let investments = amounts(count, total: total, &g)
            for i in 0..<count {
                index += 1
                let stage = stagePlan[(i + pi * 3) % stagePlan.count]
                let place = places[Int(g.next() % UInt64(places.count))]
                let start = startDay(stage, today: today, &g)
                let jitter = (0..<6).map { _ in Int(g.next() % 25) - 10 }
                let spec = ProjectSpec(
                    code: (pi == 0 ? "SX-" : "XDS-") + String(format: "%02d", i + 1),
                    name: place + kinds[i % kinds.count] + (i >= kinds.count ? "（\(["二", "三", "四"][min(i / kinds.count - 1, 2)])期）" : ""),
                    investment: investments[i],
                    key: i < (pi == 0 ? 12 : 8),
                    stage: stage,
                    start: start,
                    end: start.adding(days: 610 + 7 * jitter[0]),
                    design: designers[index % designers.count],
                    cost: costers[index % costers.count],
                    builder: builders[index % builders.count],
                    index: index,
                    jitter: jitter,
                    percent: 15 + Int(g.next() % 70)
                )
                specs.append((programme.id!, spec))
            }
        }
        // In the order the projects started, so that the tracking audits rotate as they would have.
        for (programme, spec) in specs.sorted(by: { ($0.spec.start, $0.spec.index) < ($1.spec.start, $1.spec.index) }) {
            try await seedProject(
                spec,
                programme: programme,
                owner: owner,
                units: (planning.id!, costUnit.id!, works.id!),
                actors: (engineer, cost, design, leader),
                zone: zoneID,
                app: app
            )
        }
        try await seedMeetings(zone: zoneID, units: units, actors: (engineer, cost, design), app: app)
    }

    /// The two kinds of meeting: each decides a design change that waited for it and leaves action items, some done,
    /// some open, some overdue (on the owner's and the chair's home page). The demo leader chairs them.
    static func seedMeetings(zone: UUID, units: [OrgUnit], actors: (engineer: Actor, cost: Actor, design: Actor), app: Application)
        async throws
    {
        let today = CalendarDate.today()
        guard let leadership = units.first(where: { $0.name == "党工委管委会领导班子" }),
            let chair = try await Person.query(on: app.db).filter(\.$unitID == leadership.id!).sort(\.$name).first(),
            let leaderUser = try await User.query(on: app.db).filter(\.$zoneID == zone).filter(\.$username == "leader").first()
        else { return }
        let waiting = try await DesignChange.query(on: app.db).filter(\.$zoneID == zone).filter(\.$status == "awaitingMeeting")
            .sort(\.$proposedOn).sort(\.$id).range(0..<2).all()
        guard waiting.count == 2 else { return }
        let owners = [actors.engineer.personID, actors.cost.personID, actors.design.personID].compactMap { $0?.uuidString }
        let attendees = [chair.id!.uuidString] + owners
        try await Writes.perform(app, actor: actors.engineer) { db, trail in
            if leaderUser.personID == nil {
                leaderUser.personID = chair.id
                try await leaderUser.update(on: db)
                trail.record("update", "user", id: leaderUser.id!.uuidString, zone: zone, after: ["personId": chair.id!.uuidString])
            }
            let first = MeetingInput(
                kind: "leadership",
                title: "重点工程领导会议（\(today.adding(days: -40).year) 年第 \(today.month > 2 ? today.month - 1 : 1) 次）",
                heldOn: today.adding(days: -40).description,
                chairId: chair.id!.uuidString,
                location: "管委会第一会议室",
                attendeeIds: attendees,
                items: [
                    MeetingItemInput(topic: "“四新”行动计划推进情况", decision: "各项目部倒排工期，确保年度节点", outcome: "noted"),
                    MeetingItemInput(
                        topic: "设计变更：" + waiting[0].title,
                        projectId: waiting[0].projectID.uuidString,
                        designChangeId: waiting[0].id!.uuidString,
                        decision: "同意变更，费用在预备费中列支",
                        outcome: "approved"
                    ),
                ],
                actions: [
                    ActionItemInput(item: 0, title: "报送逾期节点整改计划", ownerId: owners[0], dueOn: today.adding(days: -10).description),
                    ActionItemInput(
                        item: 1,
                        projectId: waiting[0].projectID.uuidString,
                        title: "变更费用纳入跟踪审计",
                        ownerId: owners[1],
                        dueOn: today.adding(days: 20).description
                    ),
                    ActionItemInput(item: 0, title: "更新重点项目形象进度", ownerId: owners[2], dueOn: today.adding(days: -20).description),
                ]
            )
            let m1 = try await MeetingService.create(first, zone: zone, on: db, trail: trail)
            if let done = try await ActionItem.query(on: db).filter(\.$meetingID == m1.id!).filter(\.$title == "更新重点项目形象进度").first() {
                try await MeetingService.close(
                    done,
                    input: CloseActionInput(closedOn: today.adding(days: -22).description, result: "已在系统中更新"),
                    actor: actors.engineer,
                    on: db,
                    trail: trail
                )
            }
            let second = MeetingInput(
                kind: "projectSpecial",
                title: "重点项目专题会议（设计变更）",
                heldOn: today.adding(days: -12).description,
                chairId: chair.id!.uuidString,
                location: "开发公司会议室",
                attendeeIds: attendees,
                items: [
                    MeetingItemInput(
                        topic: "设计变更：" + waiting[1].title,
                        projectId: waiting[1].projectID.uuidString,
                        designChangeId: waiting[1].id!.uuidString,
                        decision: "变更理由不充分，维持原设计",
                        outcome: "rejected"
                    )
                ],
                actions: [
                    ActionItemInput(
                        item: 0,
                        projectId: waiting[1].projectID.uuidString,
                        title: "补充地勘资料后重新论证",
                        ownerId: owners[2],
                        dueOn: today.adding(days: -2).description
                    ),
                    ActionItemInput(
                        item: 0,
                        projectId: waiting[1].projectID.uuidString,
                        title: "核定原设计方案造价",
                        ownerId: owners[1],
                        dueOn: today.adding(days: 10).description
                    ),
                ]
            )
            _ = try await MeetingService.create(second, zone: zone, on: db, trail: trail)
        }
    }

    /// Projects not yet built start within the year; those under construction started 200–700 days ago; finished ones
    /// about three years ago.
    static func startDay(_ stage: ConstructionStage, today: CalendarDate, _ g: inout Demo.Generator) -> CalendarDate {
        let spread = Int(g.next() % 300)
        switch stage {
        case .preparation, .design, .tendering: return today.adding(days: 30 + spread)
        case .construction: return today.adding(days: -200 - spread - Int(g.next() % 200))
        case .completed, .settled: return today.adding(days: -1_200 + spread)
        }
    }

    struct ProjectSpec {
        let code: String
        let name: String
        let investment: Int64
        let key: Bool
        let stage: ConstructionStage
        let start: CalendarDate
        let end: CalendarDate
        let design: Person
        let cost: Person
        let builder: Person
        let index: Int
        /// Days early (negative) or late of each milestone reached, and the progress of a project under construction.
        let jitter: [Int]
        let percent: Int

        /// The day the project's records stop: today while it is being built, its completion once finished.
        var anchor: CalendarDate { min(CalendarDate.today(), end) }
        var finished: Bool { stage >= .completed }
    }

    static func seedProject(
        _ s: ProjectSpec,
        programme: UUID,
        owner: String,
        units: (design: UUID, cost: UUID, construction: UUID),
        actors: (engineer: Actor, cost: Actor, design: Actor, leader: Actor),
        zone: UUID,
        app: Application
    ) async throws {
        let today = CalendarDate.today()
        // The first projects are held by the demo users, so that they can act on them.
        let designHolder = s.index <= 6 ? (actors.design.personID ?? s.design.id!) : s.design.id!
        let costHolder = s.index <= 6 ? (actors.cost.personID ?? s.cost.id!) : s.cost.id!
        let builder = s.index <= 6 ? (actors.engineer.personID ?? s.builder.id!) : s.builder.id!
        let end = s.end
        // Holders are named when the project is set up, before its estimate.
        let since = min(s.start, today).adding(days: -210).description
        let project = try await Writes.perform(app, actor: actors.engineer) { db, trail in
            let p = try await EngineeringService.saveProject(
                ConstructionProjectInput(
                    programmeId: programme.uuidString,
                    code: s.code,
                    name: s.name,
                    location: "浦口经济开发区" + s.name.prefix(2) + "片区",
                    investmentFen: s.investment,
                    budgetFundsFen: s.investment / 5,
                    owner: owner,
                    office: s.name + "项目部",
                    officeLeadId: builder.uuidString,
                    isKey: s.key,
                    stage: s.stage.rawValue,
                    startsOn: s.start.description,
                    endsOn: end.description
                ),
                existing: nil,
                zone: zone,
                on: db,
                trail: trail
            )
            try await EngineeringService.assignHolders(
                HoldersInput(
                    design: HolderInput(unitId: units.design.uuidString, personId: designHolder.uuidString, since: since),
                    cost: HolderInput(unitId: units.cost.uuidString, personId: costHolder.uuidString, since: since),
                    construction: HolderInput(unitId: units.construction.uuidString, personId: builder.uuidString, since: since)
                ),
                project: p,
                on: db,
                trail: trail
            )
            try await EngineeringService.addMember(
                OfficeMemberInput(personId: builder.uuidString, duty: "项目经理"),
                project: p,
                on: db,
                trail: trail
            )
            // Milestones: reached ones have actual dates (a few late); due ones without are late and show red.
            let span = end.dayNumber - s.start.dayNumber
            let plan: [(String, Double)] = [("立项批复", -0.2), ("初步设计批复", -0.1), ("施工招标", 0.0), ("开工", 0.05), ("主体完工", 0.7), ("竣工验收", 1.0)]
            let reachedCount = [ConstructionStage.preparation: 1, .design: 1, .tendering: 2, .construction: 4, .completed: 6, .settled: 6][
                s.stage
            ]!
            for (i, (m, share)) in plan.enumerated() {
                let planned = s.start.adding(days: Int(Double(span) * share))
                var actual: CalendarDate? = nil
                if i < reachedCount && planned <= today { actual = min(planned.adding(days: s.jitter[i]), today) }
                try await EngineeringService.addMilestone(
                    MilestoneInput(name: m, plannedOn: planned.description, actualOn: actual?.description),
                    project: p,
                    on: db,
                    trail: trail
                )
            }
            if s.stage >= .construction {
                let percent = s.stage == .construction ? s.percent : 100
                for (k, share) in [0.4, 0.7, 1.0].enumerated() {
                    try await EngineeringService.reportProgress(
                        ProgressInput(
                            onDate: s.anchor.adding(days: -60 + 30 * k).description,
                            percent: Int(Double(percent) * share),
                            note: ["基础施工", "主体结构施工", "按计划推进"][k]
                        ),
                        project: p,
                        by: actors.engineer.displayName,
                        on: db,
                        trail: trail
                    )
                }
            }
            return p
        }
        try await seedCosts(s, project: project, actors: actors, app: app)
        if s.stage >= .tendering { try await seedTenders(s, project: project, actors: actors, app: app) }
    }

    /// Cost stages by where the project is: the last one reached waits for approval until the project is past it.
    static func seedCosts(
        _ s: ProjectSpec,
        project: ConstructionProject,
        actors: (engineer: Actor, cost: Actor, design: Actor, leader: Actor),
        app: Application
    )
        async throws
    {
        let plan: [ConstructionStage: [(CostStage, Bool)]] = [
            .preparation: [(.estimate, false)],
            .design: [(.estimate, true), (.budgetaryEstimate, false)],
            .tendering: [(.estimate, true), (.budgetaryEstimate, true), (.budget, true)],
            .construction: [(.estimate, true), (.budgetaryEstimate, true), (.budget, true)],
            .completed: [(.estimate, true), (.budgetaryEstimate, true), (.budget, true), (.settlement, false)],
            .settled: [(.estimate, true), (.budgetaryEstimate, true), (.budget, true), (.settlement, true)],
        ]
        // One project in seven overran its estimate, with the reason and the overrun approved.
        let percents: [CostStage: Int64] = [.estimate: 98, .budgetaryEstimate: s.index % 7 == 3 ? 101 : 97, .budget: 96, .settlement: 95]
        let base = min(s.start, CalendarDate.today()).adding(days: -200)
        for (k, (stage, approve)) in plan[s.stage]!.enumerated() {
            let percent = percents[stage]!
            // The settlement follows completion; the stages before it precede the works.
            let prepared = stage == .settlement ? s.end.adding(days: 30) : base.adding(days: 40 * k)
            try await Writes.perform(app, actor: actors.cost) { db, trail in
                let doc = try await CostService.prepare(
                    CostDocumentInput(
                        stage: stage.rawValue,
                        amountFen: s.investment / 100 * percent,
                        basis: ["可行性研究报告", "初步设计", "施工图预算", "竣工结算审核"][k],
                        overrunReason: percent > 98 ? "地下管线迁改与软基处理工程量增加" : nil,
                        preparedOn: prepared.description
                    ),
                    project: project,
                    actor: actors.cost,
                    on: db,
                    trail: trail
                )
                guard approve else { return }
                try await CostService.decide(
                    CostDecisionInput(
                        approve: true,
                        approveOverrun: percent > 98,
                        note: "同意",
                        decidedOn: prepared.adding(days: 10).description
                    ),
                    document: doc,
                    project: project,
                    actor: actors.leader,
                    on: db,
                    trail: trail
                )
            }
        }
    }

    /// The works tender: open or evaluated for projects still tendering, contracted for those built; one re-tender for
    /// too few bids, one contract late (art. 46) and one split package caught.
    static func seedTenders(
        _ s: ProjectSpec,
        project: ConstructionProject,
        actors: (engineer: Actor, cost: Actor, design: Actor, leader: Actor),
        app: Application
    )
        async throws
    {
        let tendering = s.stage == .tendering
        // Of the projects still tendering: some open for bids, some with candidates on publicity today, some awarded
        // more than 30 days ago with no contract yet (art. 46), the rest evaluated.
        let stillOpen = tendering && s.index % 2 == 0
        let onPublicity = tendering && s.index % 4 == 3
        let lateContract = tendering && s.index == 5
        let today = CalendarDate.today()
        let issuedDaysAgo = stillOpen ? 5 : onPublicity ? 26 : lateContract ? 80 : 30 + s.index % 10
        let issued = tendering ? today.adding(days: -issuedDaysAgo) : s.start.adding(days: -50)
        let value = s.investment * 7 / 10
        let contractor = contractors[s.index % contractors.count]
        let others = contractors.filter { $0 != contractor }
        let bidders = [contractor, others[s.index % others.count], others[(s.index + 3) % others.count]]
        let committee = (1...5).map {
            CommitteeMemberInput(name: "评标专家\(s.index)-\($0)", expert: $0 < 5, employer: $0 < 5 ? "江苏省综合评标专家库" : "开发公司")
        }
        let retender = s.index == 8
        let caughtSplit = s.index == 9
        try await Writes.perform(app, actor: actors.engineer) { db, trail in
            var t = try await TenderService.create(
                TenderInput(
                    projectId: project.id!.uuidString,
                    package: "施工总承包",
                    category: "works",
                    method: "publicTender",
                    estimatedFen: value,
                    bidSecurityFen: min(value / 100, Money.wan(80).fen),
                    issuedOn: issued.description,
                    bidDeadline: issued.adding(days: 21).description
                ),
                zone: project.zoneID,
                on: db,
                trail: trail
            )
            if retender {
                for b in bidders.prefix(2) {
                    _ = try await TenderService.addBid(BidInput(bidder: b, amountFen: value * 97 / 100), tender: t, on: db, trail: trail)
                }
                t = try await TenderService.retender(
                    RetenderInput(
                        reason: "投标截止时仅 2 家投标，依招标投标法第二十八条重新招标",
                        issuedOn: issued.adding(days: 25).description,
                        bidDeadline: issued.adding(days: 46).description
                    ),
                    tender: t,
                    on: db,
                    trail: trail
                )
            }
            if stillOpen { return }
            for (k, b) in bidders.enumerated() {
                _ = try await TenderService.addBid(
                    BidInput(bidder: b, amountFen: value * Int64(95 + k) / 100, submittedOn: t.bidDeadline),
                    tender: t,
                    on: db,
                    trail: trail
                )
            }
            try await TenderService.setCommittee(CommitteeInput(members: committee), tender: t, on: db, trail: trail)
            let bids = try await Bid.query(on: db).filter(\.$tenderID == t.id!).sort(\.$amountFen).all()
            let report = CalendarDate(t.bidDeadline)!.adding(days: 2)
            try await TenderService.evaluate(
                EvaluationInput(reportOn: report.description, ranking: bids.map { $0.id!.uuidString }),
                tender: t,
                on: db,
                trail: trail
            )
            if tendering && !onPublicity && !lateContract { return }
            try await TenderService.publicise(
                PublicityInput(from: report.adding(days: 1).description, to: report.adding(days: 3).description),
                tender: t,
                on: db,
                trail: trail
            )
            if onPublicity { return }
            let awarded = report.adding(days: 5)
            try await TenderService.award(AwardInput(awardedOn: awarded.description), tender: t, on: db, trail: trail)
            if lateContract { return }
            try await TenderService.contract(
                ContractInput(signedOn: awarded.adding(days: 10 + s.index % 15).description, contractFen: bids[0].amountFen),
                tender: t,
                on: db,
                trail: trail
            )
            if caughtSplit {
                // Two lots of lamps by inquiry: each under ¥2 million, together over it — the second waits for approval.
                for lot in ["路灯采购一批", "路灯采购二批"] {
                    _ = try await TenderService.create(
                        TenderInput(
                            projectId: project.id!.uuidString,
                            package: lot,
                            category: "goods",
                            method: "inquiry",
                            estimatedFen: Money.wan(150).fen,
                            issuedOn: CalendarDate.today().adding(days: -5).description,
                            bidDeadline: CalendarDate.today().adding(days: 5).description
                        ),
                        zone: project.zoneID,
                        on: db,
                        trail: trail
                    )
                }
            }
        }
        guard !tendering else { return }
        try await seedAudit(s, project: project, actors: actors, app: app)
    }

    static func seedAudit(
        _ s: ProjectSpec,
        project: ConstructionProject,
        actors: (engineer: Actor, cost: Actor, design: Actor, leader: Actor),
        app: Application
    )
        async throws
    {
        let today = CalendarDate.today()
        try await Writes.perform(app, actor: actors.cost) { db, trail in
            let job = try await AuditFirmService.assign(
                AuditAssignmentInput(assignedOn: s.start.adding(days: -20).description),
                project: project,
                on: db,
                trail: trail
            )
            guard let tender = try await Tender.query(on: db).filter(\.$projectID == project.id!).filter(\.$status == "contracted").first(),
                let price = tender.contractFen
            else { return }
            for k in 0..<3 {
                let amount = price / 10 * Int64(k + 2) / 2
                let p = try await AuditFirmService.requestPayment(
                    PaymentInput(
                        tenderId: tender.id!.uuidString,
                        period: "第\(k + 1)期",
                        requestedFen: amount,
                        requestedOn: s.anchor.adding(days: -90 + 30 * k).description
                    ),
                    project: project,
                    on: db,
                    trail: trail
                )
                if k == 2 && s.index % 3 == 0 && !s.finished { continue }
                try await AuditFirmService.confirm(
                    PaymentConfirmInput(confirmedFen: amount * 98 / 100, confirmedOn: s.anchor.adding(days: -85 + 30 * k).description),
                    payment: p,
                    on: db,
                    trail: trail
                )
                if k == 2 && !s.finished { continue }
                try await AuditFirmService.pay(
                    PaymentPayInput(paidFen: amount * 98 / 100, paidOn: s.anchor.adding(days: -80 + 30 * k).description),
                    payment: p,
                    on: db,
                    trail: trail
                )
            }
            if s.stage >= .completed {
                try await AuditFirmService.rate(
                    AuditRatingInput(rating: 4 + s.index % 2, note: "跟踪审计及时、审减有据", endedOn: min(s.end.adding(days: 60), today).description),
                    assignment: job,
                    zone: project.zoneID,
                    on: db,
                    trail: trail
                )
            }
        }
        guard s.stage == .construction else { return }
        // Design changes: proposed by construction, reviewed by design, priced by cost — small ones take effect, a large
        // one waits for a meeting, one in four is still under review.
        let impacts: [Int64] = [Money.wan(30).fen, Money.wan(260).fen, -Money.wan(12).fen]
        let impact = impacts[s.index % impacts.count]
        let change = try await Writes.perform(app, actor: actors.engineer) { db, trail in
            try await DesignChangeService.propose(
                DesignChangeInput(
                    title: ["排水管径调整", "桩基础加深", "路面结构优化"][s.index % 3],
                    reason: "现场地质与管线条件与设计不符",
                    proposedAs: "construction",
                    proposedOn: today.adding(days: -60).description
                ),
                project: project,
                actor: actors.engineer,
                on: db,
                trail: trail
            )
        }
        guard s.index % 4 != 0 else { return }
        try await Writes.perform(app, actor: actors.design) { db, trail in
            try await DesignChangeService.reviewDesign(
                DesignReviewInput(agrees: true, opinion: "同意变更"),
                change: change,
                actor: actors.design,
                on: db,
                trail: trail
            )
        }
        try await Writes.perform(app, actor: actors.cost) { db, trail in
            try await DesignChangeService.reviewCost(
                CostReviewInput(impactFen: impact, opinion: "经核定"),
                change: change,
                actor: actors.cost,
                on: db,
                trail: trail
            )
        }
    }
}
