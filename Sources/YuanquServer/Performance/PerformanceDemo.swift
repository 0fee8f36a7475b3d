import Fluent
import SQLKit
import Vapor
import YuanquKit

/// The demo zone's assessment: last year's annual scheme run to the end (ratings, results, notice with an objection
/// resolved, pay sheet, flags and decisions, a case with a granted claim and its correction plan), this year's
/// quarterly cycles — the first two final (the investment team last in both is flagged), the third in its notice with
/// a case without a claim, the fourth open with ratings coming in — and a draft next version to simulate.
/// Figures are read from the demo's own investment and service records; ratings are generated.
enum PerformanceDemo {
    static func seed(_ app: Application, zone: Zone, today: CalendarDate = .today()) async throws {
        let zoneID = zone.id!
        guard try await AssessmentScheme.query(on: app.db).filter(\.$zoneID == zoneID).count() == 0 else { return }
        let y = today.year
        let hr = Actor.commandLine
        // Each zone of a city demo rates differently.
        let salt = zone.code == "pukou" ? 0 : zone.code.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) } % 1000
        try await linkHeadUser(app, zone: zoneID)

        func perform<T: Sendable>(_ work: @escaping @Sendable (Database, AuditTrail) async throws -> T) async throws -> T {
            try await Writes.perform(app, actor: hr, work)
        }
        // Last year's annual scheme and cycle.
        let annual = try await perform { db, trail in
            let s = try await PerformanceService.createScheme(
                SchemeInput(year: y - 1, name: "\(y - 1)年度综合考核方案"),
                zone: zoneID,
                on: db,
                trail: trail
            )
            try await PerformanceService.publishScheme(
                s,
                actor: hr,
                on: db,
                trail: trail,
                today: CalendarDate(year: y - 1, month: 1, day: 10)!
            )
            return try await PerformanceService.createCycle(
                CycleInput(schemeId: s.id, name: "\(y - 1)年度考核", kind: "annual", startsOn: "\(y - 1)-01-01", endsOn: "\(y - 1)-12-31"),
                zone: zoneID,
                on: db,
                trail: trail
            ).id!
        }
        // This year's scheme with four quarters.
        let quarters = try await perform { db, trail in
            var rules = SchemeRules.standard
            rules.indicators = rules.indicators.map { ind in
                var i = ind
                // Quarterly targets are a quarter of the annual ones.
                if case .quantitative(let source, let rule, let target) = i.measure, source != .satisfaction, source != .requestsOverdue {
                    i.measure = .quantitative(source: source, rule: rule, target: (target / 4).rounded(.up))
                }
                return i
            }
            rules.noticeDays = 3
            // Quarterly: no grade-based dismissal rules (those count years); the last team and a run of low scores flag.
            rules.elimination = [.teamLast(cycles: 2), .below(threshold: 60, cycles: 2)]
            let s = try await PerformanceService.createScheme(
                SchemeInput(year: y, name: "\(y)年度季度考核方案"),
                zone: zoneID,
                on: db,
                trail: trail
            )
            try await PerformanceService.updateScheme(s, input: SchemeRulesInput(name: s.name, rules: rules), on: db, trail: trail)
            try await PerformanceService.publishScheme(s, actor: hr, on: db, trail: trail, today: CalendarDate(year: y, month: 1, day: 6)!)
            var ids: [UUID] = []
            for q in 1...4 {
                let start = CalendarDate(year: y, month: 3 * q - 2, day: 1)!
                let end = CalendarDate(year: y, month: 3 * q, day: 1)!.adding(months: 1).adding(days: -1)
                let c = try await PerformanceService.createCycle(
                    CycleInput(
                        schemeId: s.id,
                        name: "\(y)年第\(q)季度考核",
                        kind: "quarterly",
                        startsOn: start.description,
                        endsOn: end.description
                    ),
                    zone: zoneID,
                    on: db,
                    trail: trail
                )
                ids.append(c.id!)
            }
            return ids
        }

        // The annual cycle, to the end: a case with a granted claim (its effect removed), ratings, one objection.
        let someone = try await rate(app, cycle: annual, seed: 2025 + salt, share: 1)
        try await perform { db, trail in
            guard let c = try await AssessmentCycle.find(annual, on: db) else { return }
            try await openCaseWithGrantedClaim(c, person: someone.granted, on: db, trail: trail, year: y - 1)
            // Key tasks done, typed in from each unit's ledger with its evidence.
            guard let sql = db as? SQLDatabase else { return }
            let org = try await CycleInputs.organisation(zone: zoneID, starts: c.startsOn, ends: c.endsOn, on: sql)
            for (i, u) in org.units.enumerated() {
                try await PerformanceService.enterValue(
                    c,
                    input: ValueInput(
                        indicator: "U5",
                        subjectId: UUID(uuidString: u.id),
                        value: Double(7 + (i * 5) % 6),
                        evidence: "年度重点任务台账（党政办公室核定）"
                    ),
                    on: db,
                    trail: trail
                )
            }
            try await PerformanceService.compute(c, on: db, trail: trail, today: CalendarDate(year: y, month: 1, day: 15)!)
            try await decideTies(c, on: db, trail: trail)
            try await PerformanceService.publishResults(c, on: db, trail: trail, today: CalendarDate(year: y, month: 1, day: 19)!)
            let objected = try await AssessmentResult.query(on: db).filter(\.$cycleID == annual).filter(\.$assessee == "person")
                .filter(\.$grade == Grade.competent.rawValue).sort(\.$score, .descending).first()
            if let o = objected {
                try await PerformanceService.raiseObjection(
                    c,
                    input: ResultObjectionInput(subjectId: o.subjectID, text: "本人全年牵头完成两个重大项目签约，认为应评为优秀。"),
                    on: db,
                    trail: trail,
                    today: CalendarDate(year: y, month: 1, day: 20)!
                )
                let obj = try await ResultObjection.query(on: db).filter(\.$cycleID == annual).first()!
                try await PerformanceService.resolveObjection(
                    obj,
                    cycle: c,
                    input: ResolutionInput(resolution: "经复核，得分计算无误；该单位优秀名额已按得分排序用满，维持原等次，已当面答复本人。"),
                    on: db,
                    trail: trail
                )
            }
            try await PerformanceService.finalise(c, on: db, trail: trail, today: CalendarDate(year: y, month: 2, day: 3)!)
            // Decide the flags of the year: training for anyone graded 不合格 once.
            for f in try await EliminationFlag.query(on: db).filter(\.$cycleID == annual).all() {
                try await PerformanceService.decideFlag(
                    f,
                    input: FlagDecisionInput(
                        decision: f.assessee == "team" ? "warning" : "training",
                        deciders: "党工委管委会主任办公会",
                        grounds: "首次不合格，安排岗位培训并由分管领导谈话，下一考核周期跟踪。",
                        date: "\(y)-02-10"
                    ),
                    on: db,
                    trail: trail
                )
            }
        }

        // The quarters: Q1 and Q2 final, Q3 in its notice (a case without a claim), Q4 open with ratings under way.
        for (q, id) in quarters.enumerated() {
            let quarterEnd = CalendarDate(year: y, month: 3 * q + 3, day: 1)!.adding(months: 1).adding(days: -1)
            if q == 3 {
                _ = try await rate(app, cycle: id, seed: UInt64(2026 + q) + salt, share: 0.4)
                break
            }
            guard quarterEnd < today else { continue }
            _ = try await rate(app, cycle: id, seed: UInt64(2026 + q) + salt, share: 1)
            try await perform { db, trail in
                guard let c = try await AssessmentCycle.find(id, on: db) else { return }
                if q == 2, let p = someone.other {
                    try await openCase(c, person: p, sanction: .criticism, on: db, trail: trail, on: quarterEnd.adding(days: 5))
                }
                let computedOn = quarterEnd.adding(days: 10)
                try await PerformanceService.compute(c, on: db, trail: trail, today: computedOn)
                try await decideTies(c, on: db, trail: trail)
                let noticeOn = q == 2 ? max(quarterEnd.adding(days: 1), today.adding(days: -1)) : quarterEnd.adding(days: 12)
                try await PerformanceService.publishResults(c, on: db, trail: trail, today: noticeOn)
                if q < 2 { try await PerformanceService.finalise(c, on: db, trail: trail, today: quarterEnd.adding(days: 25)) }
            }
        }

        // A draft next version of this year's scheme: a 30% share, to simulate against the last final quarter.
        try await perform { db, trail in
            guard
                let current = try await AssessmentScheme.query(on: db).filter(\.$zoneID == zoneID).filter(\.$year == y)
                    .filter(\.$status == "published").first()
            else { return }
            let draft = try await PerformanceService.createScheme(
                SchemeInput(year: y, name: "\(y)年度季度考核方案（调整优秀比例）", basedOn: current.id),
                zone: zoneID,
                on: db,
                trail: trail
            )
            var rules = try PerformanceService.rules(of: draft)
            rules.excellentShare = 30
            rules.pay.coefficients[.excellent] = 1.5
            try await PerformanceService.updateScheme(draft, input: SchemeRulesInput(name: draft.name, rules: rules), on: db, trail: trail)
        }
    }

    /// The head user is the investment centre's head, so the rating page has a unit head's tasks to show.
    static func linkHeadUser(_ app: Application, zone: UUID) async throws {
        guard let user = try await User.query(on: app.db).filter(\.$zoneID == zone).filter(\.$username == "head").first(),
            user.personID == nil,
            let unit = user.unitID
        else { return }
        let heads = try await Person.query(on: app.db).filter(\.$unitID == unit).join(Post.self, on: \Person.$postID == \Post.$id)
            .filter(Post.self, \.$tier == .head).all()
        guard let head = heads.first else { return }
        try await Writes.perform(app, actor: .commandLine) { db, trail in
            user.personID = head.id
            try await user.update(on: db)
            trail.record("update", "user", id: user.id!.uuidString, zone: zone, after: ["personId": head.id!.uuidString])
        }
    }

    /// Every rater's ratings of a cycle (a share of them for a cycle still open): each person has a level that their
    /// raters see with some spread, so results differ and a few fall below the lines. Answers two people to hang
    /// cases on.
    static func rate(_ app: Application, cycle id: UUID, seed: UInt64, share: Double) async throws -> (granted: UUID?, other: UUID?) {
        try await Writes.perform(app, actor: .commandLine) { db, trail in
            guard let c = try await AssessmentCycle.find(id, on: db), let scheme = try await AssessmentScheme.find(c.schemeID, on: db),
                let sql = db as? SQLDatabase
            else { return (nil, nil) }
            let rules = try PerformanceService.rules(of: scheme)
            let org = try await CycleInputs.organisation(zone: c.zoneID, starts: c.startsOn, ends: c.endsOn, on: sql)
            var g = Demo.Generator(state: seed)
            var level: [String: Double] = [:]
            for (i, p) in org.people.enumerated() {
                // Stable across cycles: a person's level depends on their place, the spread on the cycle.
                let base = 72 + Double((i * 37 + Int(seed % 7)) % 25)
                level[p.id] = i == 5 ? 52 : base
            }
            for u in org.units { level[u.id] = 75 + Double(g.next() % 20) }
            var rows: [AssessmentRating] = []
            var raters: [RatingPlan.Rater] = org.people.map { .init(personID: $0.id, isLeader: false) }
            let leaderIDs = try await User.query(on: db).filter(\.$zoneID == c.zoneID).filter(\.$role == Role.leader.rawValue).all()
                .map { $0.personID ?? $0.id! }
            raters += leaderIDs.map { .init(personID: $0.uuidString, isLeader: true) }
            for r in raters {
                for t in RatingPlan.tasks(for: r, rules: rules, units: org.units.map(\.id), people: org.people) {
                    guard Double(g.next() % 1000) / 1000 < share else { continue }
                    let spread = Double(Int(g.next() % 13) - 6)
                    let row = AssessmentRating()
                    row.cycleID = id
                    row.indicator = t.indicator
                    row.subjectID = UUID(uuidString: t.subject)!
                    row.raterID = UUID(uuidString: r.personID!)!
                    row.raterGroup = t.group.rawValue
                    row.score = max(0, min(100, (level[t.subject] ?? 80) + spread + (t.group == .self ? 5 : 0)))
                    rows.append(row)
                }
            }
            for chunk in stride(from: 0, to: rows.count, by: 500) {
                try await Array(rows[chunk..<min(chunk + 500, rows.count)]).create(on: db)
            }
            trail.record("seed", "assessmentRating", id: id.uuidString, zone: c.zoneID, note: "\(rows.count) ratings")
            let staff = org.people.filter { $0.tier == .staff }
            return (
                staff.dropFirst(3).first.flatMap { UUID(uuidString: $0.id) }, staff.dropFirst(8).first.flatMap { UUID(uuidString: $0.id) }
            )
        }
    }

    /// The leading group's recorded decisions of the ties at a quota line: staff tied on score in the order given;
    /// unit heads following a 优秀 unit, more of them than its places, by their own assessment score (德能勤绩廉).
    static func decideTies(_ c: AssessmentCycle, on db: Database, trail: AuditTrail) async throws {
        for (group, tied) in PerformanceService.tied(c).sorted(by: { $0.key < $1.key }) {
            let results = try await AssessmentResult.query(on: db).filter(\.$cycleID == c.id!)
                .filter(\.$subjectID ~~ tied.compactMap { UUID(uuidString: $0) }).all()
            let details = Dictionary(
                results.compactMap { r in
                    (try? JSONDecoder().decode(CycleEngine.Result.self, from: Data(r.detail.utf8))).map { (r.subjectID, $0) }
                },
                uniquingKeysWith: { a, _ in a }
            )
            func detail(_ id: String) -> CycleEngine.Result? { UUID(uuidString: id).flatMap { details[$0] } }
            let heads = !tied.isEmpty && tied.allSatisfy { detail($0)?.notes.contains("followsUnit") == true }
            let order = heads ? tied.sorted { (detail($0)?.own ?? -1, $1) > (detail($1)?.own ?? -1, $0) } : tied
            try await PerformanceService.decideTie(
                c,
                input: QuotaDecisionInput(
                    group: group,
                    order: order,
                    grounds: heads
                        ? "部门负责人随所在部门评为优秀，人数超过本部门优秀名额；按个人德能勤绩廉测评得分排序（考核领导小组会议纪要）。"
                        : "得分相同，按年度重点任务完成情况排序（考核领导小组会议纪要）。",
                    deciders: "考核领导小组"
                ),
                actor: .commandLine,
                on: db,
                trail: trail
            )
        }
    }

    @discardableResult
    static func openCase(
        _ c: AssessmentCycle,
        person: UUID,
        sanction: Sanction,
        on db: Database,
        trail: AuditTrail,
        on date: CalendarDate
    ) async throws -> AccountabilityCase {
        let criticism = sanction == .criticism
        let input = AccountabilityCaseInput(
            personId: person.uuidString,
            cycleId: c.id!.uuidString,
            facts: criticism
                ? "企业诉求（厂房消防验收协调）超期 12 个工作日未办结，企业投诉至12345热线。" : "在某重大项目用地预审中，未按规定时限报送材料，导致项目开工延后一个月。",
            finding: criticism ? "工作作风不实，对企业诉求跟踪不力。" : "履职不到位，但系为推进项目先行开展前期工作所致。",
            sanction: sanction.rawValue,
            deciders: "党工委管委会纪工委",
            openedOn: date.description
        )
        return try await CaseService.open(input, zone: c.zoneID, on: db, trail: trail, today: date)
    }

    /// A case with a granted fault-tolerance claim: its effect on the annual result is removed; the correction plan
    /// has one step done and one under way.
    static func openCaseWithGrantedClaim(_ c: AssessmentCycle, person: UUID?, on db: Database, trail: AuditTrail, year: Int) async throws {
        guard let person else { return }
        let k = try await openCase(
            c,
            person: person,
            sanction: .admonition,
            on: db,
            trail: trail,
            on: CalendarDate(year: year, month: 9, day: 12)!
        )
        let filed = CalendarDate(year: year, month: 9, day: 20)!
        let decided = CalendarDate(year: year, month: 10, day: 8)!
        _ = try await CaseService.fileClaim(
            k,
            input: ToleranceClaimInput(
                statements: [ToleranceCondition.forReform.rawValue: "为推动项目“拿地即开工”先行开展前期工作"],
                filedOn: filed.description
            ),
            on: db,
            trail: trail,
            today: filed
        )
        let evidence: [(ToleranceCondition, String)] = [
            (.withinPolicy, "前期工作经管委会主任办公会（第14次）同意"),
            (.forReform, "为重大产业项目提前开工、落实“拿地即开工”改革"),
            (.noPersonalGain, "纪工委核查，未发现谋取私利情形"),
            (.lossRemedied, "一个月内补齐材料，项目已按调整后计划开工"),
        ]
        _ = try await CaseService.judge(
            k,
            input: ToleranceJudgementInput(
                conditions: Dictionary(
                    uniqueKeysWithValues: evidence.map { ($0.0.rawValue, ToleranceConditionInput(met: true, evidence: $0.1)) }
                ),
                deciders: "党工委管委会主任办公会",
                grounds: "四项容错条件均已满足，予以容错，免予影响年度考核等次。",
                decidedOn: decided.description
            ),
            on: db,
            trail: trail,
            today: decided
        )
        let done = CalendarDate(year: year, month: 10, day: 28)!
        let first = try await CaseService.addStep(
            k,
            input: CorrectionStepInput(text: "补报用地预审材料并完成审查", dueOn: CalendarDate(year: year, month: 10, day: 31)!.description),
            on: db,
            trail: trail
        )
        try await CaseService.completeStep(
            k,
            step: first.id!,
            input: CorrectionStepDoneInput(doneOn: done.description),
            on: db,
            trail: trail,
            today: done
        )
        _ = try await CaseService.addStep(
            k,
            input: CorrectionStepInput(text: "修订项目前期工作流程，明确报送时限", dueOn: CalendarDate(year: year + 1, month: 12, day: 31)!.description),
            on: db,
            trail: trail
        )
    }
}
