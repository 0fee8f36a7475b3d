import Fluent
import SQLKit
import Vapor
import YuanquKit

struct SchemeInput: Codable {
    var year: Int?
    var name: String?
    /// A scheme to copy the rules of (a new version of it when of the same year); else the standard rules.
    var basedOn: UUID?
}
struct SchemeRulesInput: Codable {
    var name: String?
    var rules: SchemeRules?
}
struct CycleInput: Codable {
    var schemeId: UUID?
    var name: String?
    var kind: String?
    var startsOn: String?
    var endsOn: String?
}
struct ValueInput: Codable {
    var indicator: String?
    var subjectId: UUID?
    var value: Double?
    var evidence: String?
}
struct RatingInput: Codable {
    var cycleId: UUID?
    var indicator: String?
    var subjectId: UUID?
    var score: Double?
}
struct QuotaDecisionInput: Codable {
    /// `units`, `teams` or a unit's id.
    var group: String?
    /// The tied subjects' ids, best first.
    var order: [String]?
    var grounds: String?
    var deciders: String?
}
struct ResultObjectionInput: Codable {
    var subjectId: UUID?
    var text: String?
}
struct ResolutionInput: Codable {
    var resolution: String?
    /// Upheld: the results go back to be corrected, computed and published again.
    var upheld: Bool?
    var deciders: String?
}
struct FlagDecisionInput: Codable {
    /// warning, training, postChange, teamReorganisation, releaseFromPost or contractEnd
    var decision: String?
    var deciders: String?
    var grounds: String?
    var date: String?
}

enum CycleKind: String, CaseIterable, Codable {
    case monthly, quarterly, annual
    var label: Loc {
        switch self {
        case .monthly: return Loc("月度", "Monthly")
        case .quarterly: return Loc("季度", "Quarterly")
        case .annual: return Loc("年度", "Annual")
        }
    }
}

enum FlagDecision: String, CaseIterable {
    case warning, training, postChange, teamReorganisation, releaseFromPost, contractEnd
    var label: Loc {
        switch self {
        case .warning: return Loc("警示谈话", "Warning")
        case .training: return Loc("培训提升", "Training")
        case .postChange: return Loc("调整岗位", "Change of post")
        case .teamReorganisation: return Loc("小组重组", "Team reorganisation")
        case .releaseFromPost: return Loc("解聘岗位", "Release from post")
        case .contractEnd: return Loc("解除聘用合同", "Contract ended")
        }
    }
}

/// Schemes, cycles, ratings, results, notice and objections, flags — through the one write path.
enum PerformanceService {
    static func rules(of s: AssessmentScheme) throws -> SchemeRules {
        do { return try JSONDecoder().decode(SchemeRules.self, from: Data(s.rules.utf8)) } catch {
            throw AppError.conflict(Loc("考核方案规则无法读取", "The scheme's rules cannot be read"))
        }
    }

    /// The scheme version a cycle runs under, with its rules.
    static func scheme(of c: AssessmentCycle, on db: Database) async throws -> (AssessmentScheme, SchemeRules) {
        guard let s = try await AssessmentScheme.find(c.schemeID, on: db) else { throw AppError.notFound }
        return (s, try rules(of: s))
    }

    static func encode<T: Encodable>(_ v: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(v), as: UTF8.self)
    }

    static func text(_ s: String?, field: String, max: Int = 2000, min: Int = 1, _ v: inout Validation) -> String {
        let t = (s ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if t.count < min {
            v.add(field, Loc("请填写此项", "Required"))
        } else if t.count > max {
            v.add(field, Loc("不超过 \(max) 字", "At most \(max) characters"))
        }
        return t
    }

    static func check(_ rules: SchemeRules) throws {
        let problems = rules.problems()
        guard !problems.isEmpty else { return }
        var v = Validation()
        for p in problems { v.add(p.field, Loc(p.zh, p.en)) }
        try v.check()
    }

    // MARK: schemes

    static func createScheme(_ input: SchemeInput, zone: UUID, on db: Database, trail: AuditTrail) async throws -> AssessmentScheme {
        var v = Validation()
        let year = input.year ?? CalendarDate.today().year
        if !(2000...2100).contains(year) { v.add("year", Loc("年度须在 2000–2100 之间", "The year is 2000–2100")) }
        let name = text(input.name ?? "\(year)年度综合考核方案", field: "name", max: 100, &v)
        try v.check()
        var rules = SchemeRules.standard
        var basedOn: UUID? = nil
        if let b = input.basedOn {
            guard let base = try await AssessmentScheme.find(b, on: db), base.zoneID == zone else {
                throw AppError.invalid("basedOn", Loc("所选方案不存在", "No such scheme"))
            }
            rules = try Self.rules(of: base)
            basedOn = b
        }
        let last = try await AssessmentScheme.query(on: db).filter(\.$zoneID == zone).filter(\.$year == year).sort(\.$version, .descending)
            .first()
        if let last, last.status == "draft" {
            throw AppError.conflict(Loc("\(year) 年已有草稿（第 \(last.version) 版），请先发布或修改它", "\(year) has a draft already"), field: "year")
        }
        let s = AssessmentScheme()
        s.zoneID = zone
        s.year = year
        s.name = name
        s.version = (last?.version ?? 0) + 1
        s.status = "draft"
        s.rules = try encode(rules)
        s.basedOnID = basedOn
        try await s.create(on: db)
        trail.record("create", "assessmentScheme", id: s.id!.uuidString, zone: zone, after: ["name": name, "version": "\(s.version)"])
        return s
    }

    static func updateScheme(_ s: AssessmentScheme, input: SchemeRulesInput, on db: Database, trail: AuditTrail) async throws {
        guard s.status == "draft" else {
            throw AppError.conflict(Loc("已发布的方案不能修改；请基于它新建一个版本", "A published scheme is frozen: make a new version"))
        }
        var v = Validation()
        let name = text(input.name ?? s.name, field: "name", max: 100, &v)
        try v.check()
        guard let rules = input.rules else { throw AppError.invalid("rules", Loc("缺少方案规则", "The rules are missing")) }
        try check(rules)
        let before = s.rules
        s.name = name
        s.rules = try encode(rules)
        try await s.update(on: db)
        trail.record(
            "update",
            "assessmentScheme",
            id: s.id!.uuidString,
            zone: s.zoneID,
            before: ["rules": before],
            after: ["rules": s.rules]
        )
    }

    /// Publishing freezes the draft; the year's earlier published version closes, and open cycles move to this one.
    static func publishScheme(_ s: AssessmentScheme, actor: Actor, on db: Database, trail: AuditTrail, today: CalendarDate = .today())
        async throws
    {
        guard s.status == "draft" else { throw AppError.conflict(Loc("只能发布草稿", "Only a draft can be published")) }
        try check(try rules(of: s))
        for old in try await AssessmentScheme.query(on: db).filter(\.$zoneID == s.zoneID).filter(\.$year == s.year)
            .filter(\.$status == "published").all()
        {
            old.status = "closed"
            try await old.update(on: db)
            trail.record("close", "assessmentScheme", id: old.id!.uuidString, zone: s.zoneID, note: "superseded by v\(s.version)")
            // Open cycles move to the new version; results computed under the old one are dropped, to be computed again.
            for c in try await AssessmentCycle.query(on: db).filter(\.$schemeID == old.id!).filter(\.$status ~~ ["open", "computed"]).all()
            {
                c.schemeID = s.id!
                try await reopen(c, on: db)
            }
        }
        s.status = "published"
        s.publishedOn = today.description
        s.publishedBy = actor.displayName
        try await s.update(on: db)
        trail.record("publish", "assessmentScheme", id: s.id!.uuidString, zone: s.zoneID, after: ["version": "\(s.version)"])
    }

    static func closeScheme(_ s: AssessmentScheme, on db: Database, trail: AuditTrail) async throws {
        guard s.status == "published" else { throw AppError.conflict(Loc("只能关闭已发布的方案", "Only a published scheme can be closed")) }
        if try await AssessmentCycle.query(on: db).filter(\.$schemeID == s.id!).filter(\.$status != "final").count() > 0 {
            throw AppError.conflict(Loc("该方案仍有未定稿的考核周期", "Cycles under this scheme are not final yet"))
        }
        s.status = "closed"
        try await s.update(on: db)
        trail.record("close", "assessmentScheme", id: s.id!.uuidString, zone: s.zoneID)
    }

    // MARK: cycles

    static func createCycle(_ input: CycleInput, zone: UUID, on db: Database, trail: AuditTrail) async throws -> AssessmentCycle {
        var v = Validation()
        let name = text(input.name, field: "name", max: 60, &v)
        let kind = CycleKind(rawValue: input.kind ?? "")
        if kind == nil { v.add("kind", Loc("周期类型须为月度、季度或年度", "The kind is monthly, quarterly or annual")) }
        let starts = input.startsOn.flatMap(CalendarDate.init)
        let ends = input.endsOn.flatMap(CalendarDate.init)
        if starts == nil { v.add("startsOn", Loc("日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD")) }
        if ends == nil { v.add("endsOn", Loc("日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD")) }
        if let s = starts, let e = ends, e < s { v.add("endsOn", Loc("结束日期不能早于开始日期", "The end cannot precede the start")) }
        var scheme: AssessmentScheme? = nil
        if let sid = input.schemeId { scheme = try await AssessmentScheme.find(sid, on: db) }
        if scheme == nil || scheme!.zoneID != zone { v.add("schemeId", Loc("请选择考核方案", "Choose a scheme")) }
        try v.check()
        guard scheme!.status == "published" else {
            throw AppError.conflict(Loc("只能在已发布的方案下建立考核周期", "Cycles run under a published scheme"), field: "schemeId")
        }
        let overlapping = try await AssessmentCycle.query(on: db).filter(\.$zoneID == zone).filter(\.$kind == kind!.rawValue)
            .filter(\.$startsOn <= ends!.description).filter(\.$endsOn >= starts!.description).first()
        if let o = overlapping {
            throw AppError.conflict(
                Loc("与同类周期“\(o.name)”（\(o.startsOn) 至 \(o.endsOn)）的期间重叠", "Overlaps “\(o.name)” (\(o.startsOn) to \(o.endsOn))"),
                field: "startsOn"
            )
        }
        if try await AssessmentCycle.query(on: db).filter(\.$zoneID == zone).filter(\.$name == name).count() > 0 {
            throw AppError.conflict(Loc("已有名为“\(name)”的考核周期", "A cycle named “\(name)” exists"), field: "name")
        }
        let c = AssessmentCycle()
        c.zoneID = zone
        c.schemeID = scheme!.id!
        c.name = name
        c.kind = kind!.rawValue
        c.startsOn = starts!.description
        c.endsOn = ends!.description
        c.status = "open"
        try await c.create(on: db)
        trail.record("create", "assessmentCycle", id: c.id!.uuidString, zone: zone, after: ["name": name, "kind": c.kind])
        return c
    }

    /// Back to collecting: stored results (if any) no longer stand and must be computed again.
    static func reopen(_ c: AssessmentCycle, on db: Database) async throws {
        try await AssessmentResult.query(on: db).filter(\.$cycleID == c.id!).delete()
        c.status = "open"
        c.tied = "{}"
        c.noticeStart = nil
        c.noticeEnds = nil
        try await c.update(on: db)
    }

    /// A value or rating changed after a computation: the results wait for the next one.
    static func invalidate(_ c: AssessmentCycle, on db: Database) async throws {
        guard c.status == "computed" else { return }
        c.status = "open"
        try await c.update(on: db)
    }

    static func requireOpen(_ c: AssessmentCycle) throws {
        guard c.status == "open" || c.status == "computed" else {
            throw AppError.conflict(Loc("该周期结果已公示，不能再修改", "The cycle's results are published: no more changes"))
        }
    }

    static func enterValue(_ c: AssessmentCycle, input: ValueInput, on db: Database, trail: AuditTrail) async throws {
        try requireOpen(c)
        let (_, rules) = try await scheme(of: c, on: db)
        var v = Validation()
        let ind = rules.indicators.first { $0.code == input.indicator }
        if ind == nil {
            v.add("indicator", Loc("方案中没有该指标", "The scheme has no such indicator"))
        } else if case .quantitative(.entered, _, _) = ind!.measure {
        } else {
            v.add("indicator", Loc("该指标的实际值由系统取数，不能手工录入", "This indicator's value comes from the system"))
        }
        if input.subjectId == nil { v.add("subjectId", Loc("请选择考核对象", "Choose who is assessed")) }
        if !(input.value.map { $0 >= 0 && $0 <= 1e12 } ?? false) {
            v.add("value", Loc("实际值须为 0 至 1 万亿之间的数", "The value is a number 0–10¹²"))
        }
        let evidence = text(input.evidence, field: "evidence", max: 500, min: 2, &v)
        if let ind, let subject = input.subjectId {
            let org = try await CycleInputs.organisation(zone: c.zoneID, starts: c.startsOn, ends: c.endsOn, on: PerformanceQueries.sql(db))
            let ids: [String]
            switch ind.assessee {
            case .unit: ids = org.units.map(\.id)
            case .team: ids = org.teams.map(\.id)
            case .person: ids = org.people.map(\.id)
            }
            if !ids.contains(subject.uuidString) {
                v.add("subjectId", Loc("该指标考核的对象中没有所选对象", "The indicator does not assess the chosen subject"))
            }
        }
        try v.check()
        let row =
            try await AssessmentValue.query(on: db).filter(\.$cycleID == c.id!).filter(\.$indicator == ind!.code)
            .filter(\.$subjectID == input.subjectId!).first() ?? AssessmentValue()
        let before = row.id == nil ? nil : ["value": "\(row.value)", "evidence": row.evidence]
        row.cycleID = c.id!
        row.indicator = ind!.code
        row.subjectID = input.subjectId!
        row.value = input.value!
        row.evidence = evidence
        try await row.save(on: db)
        try await invalidate(c, on: db)
        trail.record(
            "value",
            "assessmentCycle",
            id: c.id!.uuidString,
            zone: c.zoneID,
            before: before,
            after: ["indicator": ind!.code, "subject": input.subjectId!.uuidString, "value": "\(input.value!)", "evidence": evidence]
        )
    }

    /// The rating tasks of an actor in a cycle, with the organisation's names.
    static func tasks(of actor: Actor, cycle c: AssessmentCycle, rules: SchemeRules, on db: Database) async throws -> (
        [RatingPlan.Task], names: [String: String]
    ) {
        let sql = try db.sql
        let org = try await CycleInputs.organisation(zone: c.zoneID, starts: c.startsOn, ends: c.endsOn, on: sql)
        let rater = RatingPlan.Rater(personID: actor.personID?.uuidString, isLeader: actor.role == .leader)
        let tasks = RatingPlan.tasks(for: rater, rules: rules, units: org.units.map(\.id), people: org.people)
        var names: [String: String] = [:]
        for u in org.units { names[u.id] = u.name }
        for p in org.people { names[p.id] = p.name }
        return (tasks, names)
    }

    /// The rater's identity in the ratings table: their person, or their user when they have none.
    static func raterID(_ actor: Actor) throws -> UUID {
        guard let id = actor.personID ?? actor.userID else { throw AppError.forbidden }
        return id
    }

    static func rate(_ c: AssessmentCycle, input: RatingInput, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        try requireOpen(c)
        let (_, rules) = try await scheme(of: c, on: db)
        var v = Validation()
        if !(input.score.map { $0 >= 0 && $0 <= 100 } ?? false) { v.add("score", Loc("评分须为 0–100", "The score is 0–100")) }
        if input.subjectId == nil { v.add("subjectId", Loc("请选择被评价对象", "Choose whom you rate")) }
        if input.indicator == nil { v.add("indicator", Loc("请选择指标", "Choose the indicator")) }
        try v.check()
        let (tasks, names) = try await tasks(of: actor, cycle: c, rules: rules, on: db)
        guard let task = tasks.first(where: { $0.subject == input.subjectId!.uuidString && $0.indicator == input.indicator! }) else {
            throw AppError.invalid("subjectId", Loc("您不在该对象此项指标的评价人之列", "You are not among the raters of this subject on this indicator"))
        }
        let rater = try raterID(actor)
        let row =
            try await AssessmentRating.query(on: db).filter(\.$cycleID == c.id!).filter(\.$indicator == task.indicator)
            .filter(\.$subjectID == input.subjectId!).filter(\.$raterID == rater).first() ?? AssessmentRating()
        row.cycleID = c.id!
        row.indicator = task.indicator
        row.subjectID = input.subjectId!
        row.raterID = rater
        row.raterGroup = task.group.rawValue
        row.score = roundScore(input.score!)
        try await row.save(on: db)
        try await invalidate(c, on: db)
        // Anonymous groups: the audit event names the rater (auditors may need it) but not the score's subject's view.
        trail.record(
            "rate",
            "assessmentCycle",
            id: c.id!.uuidString,
            zone: c.zoneID,
            after: [
                "subject": names[task.subject] ?? "", "indicator": task.indicator, "group": task.group.rawValue, "score": "\(row.score)",
            ]
        )
    }

    /// Runs the cycle's scheme on its inputs and replaces its results.
    @discardableResult
    static func compute(_ c: AssessmentCycle, on db: Database, trail: AuditTrail, today: CalendarDate = .today()) async throws
        -> CycleEngine.Outcome
    {
        try requireOpen(c)
        let (scheme, rules) = try await scheme(of: c, on: db)
        let input = try await CycleInputs.load(cycle: c, rules: rules, on: db, today: today)
        let outcome = CycleEngine.compute(input)
        try await AssessmentResult.query(on: db).filter(\.$cycleID == c.id!).delete()
        let rows = try outcome.results.map { r in
            let row = AssessmentResult()
            row.cycleID = c.id!
            row.schemeID = scheme.id!
            row.schemeVersion = scheme.version
            row.assessee = r.assessee.rawValue
            row.subjectID = UUID(uuidString: r.id)!
            row.name = r.name
            row.groupID = UUID(uuidString: r.group) ?? UUID(uuidString: r.id)!
            row.score = r.score
            row.grade = r.grade?.rawValue
            row.rank = r.rank
            row.payFen = r.pay?.amount
            row.detail = try encode(r)
            return row
        }
        for chunk in stride(from: 0, to: rows.count, by: 500) { try await Array(rows[chunk..<min(chunk + 500, rows.count)]).create(on: db) }
        c.status = "computed"
        c.tied = try encode(outcome.tied)
        try await c.update(on: db)
        trail.record(
            "compute",
            "assessmentCycle",
            id: c.id!.uuidString,
            zone: c.zoneID,
            after: [
                "results": "\(rows.count)", "scheme": "\(scheme.name) v\(scheme.version)",
                "tied": outcome.tied.isEmpty ? "0" : outcome.tied.keys.sorted().joined(separator: ","),
            ]
        )
        return outcome
    }

    /// Those tied at each group's quota line, as the last computation left them.
    static func tied(_ c: AssessmentCycle) -> [String: [String]] {
        (try? JSONDecoder().decode([String: [String]].self, from: Data(c.tied.utf8))) ?? [:]
    }

    static func decideTie(_ c: AssessmentCycle, input: QuotaDecisionInput, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        try requireOpen(c)
        var v = Validation()
        let grounds = text(input.grounds, field: "grounds", max: 1000, min: 2, &v)
        let deciders = text(input.deciders, field: "deciders", max: 200, min: 2, &v)
        try v.check()
        guard let group = input.group, let line = tied(c)[group] else {
            throw AppError.invalid("group", Loc("该组没有待决定的并列", "No tie awaits a decision in this group"))
        }
        let order = input.order ?? []
        guard Set(order) == Set(line), order.count == line.count else {
            throw AppError.invalid("order", Loc("须对并列的全部人员排序，不多不少", "Order exactly those tied"))
        }
        let d = try await QuotaDecision.query(on: db).filter(\.$cycleID == c.id!).filter(\.$groupKey == group).first() ?? QuotaDecision()
        d.cycleID = c.id!
        d.groupKey = group
        d.ordered = order.joined(separator: ",")
        d.grounds = grounds
        d.deciders = deciders
        d.decidedOn = CalendarDate.today().description
        try await d.save(on: db)
        trail.record(
            "decideTie",
            "assessmentCycle",
            id: c.id!.uuidString,
            zone: c.zoneID,
            after: ["group": group, "order": d.ordered],
            note: grounds
        )
        try await compute(c, on: db, trail: trail)
    }

    /// Publishes the results for objections over the scheme's working days.
    static func publishResults(_ c: AssessmentCycle, on db: Database, trail: AuditTrail, today: CalendarDate = .today()) async throws {
        guard c.status == "computed" else { throw AppError.conflict(Loc("须先计算结果", "Compute the results first")) }
        guard today.description > c.endsOn else {
            throw AppError.conflict(Loc("考核周期至 \(c.endsOn) 结束，之后才能公示结果", "The cycle runs until \(c.endsOn): publish after it"))
        }
        // The published results are those of the figures as they stand now.
        try await compute(c, on: db, trail: trail, today: today)
        if !tied(c).isEmpty {
            throw AppError.conflict(Loc("优秀名额线上仍有并列人员待决定，不能公示", "People tied at a quota line await a decision"))
        }
        guard let scheme = try await AssessmentScheme.find(c.schemeID, on: db) else { throw AppError.notFound }
        let cal = try await WorkingCalendar.load(on: db)
        c.noticeStart = today.description
        c.noticeEnds = cal.endOfPeriod(workingDays: try rules(of: scheme).noticeDays, startingOn: today).description
        c.status = "notice"
        try await c.update(on: db)
        trail.record(
            "publish",
            "assessmentCycle",
            id: c.id!.uuidString,
            zone: c.zoneID,
            after: ["from": c.noticeStart!, "to": c.noticeEnds!]
        )
    }

    static func raiseObjection(
        _ c: AssessmentCycle,
        input: ResultObjectionInput,
        on db: Database,
        trail: AuditTrail,
        today: CalendarDate = .today()
    )
        async throws
    {
        guard c.status == "notice", let ends = c.noticeEnds, today.description <= ends else {
            throw AppError.conflict(Loc("只能在公示期内提出异议", "Objections are raised during the notice"))
        }
        var v = Validation()
        let t = text(input.text, field: "text", max: 2000, min: 2, &v)
        try v.check()
        guard let sid = input.subjectId,
            try await AssessmentResult.query(on: db).filter(\.$cycleID == c.id!).filter(\.$subjectID == sid).count() > 0
        else {
            throw AppError.invalid("subjectId", Loc("请选择本周期的考核对象", "Choose someone assessed in this cycle"))
        }
        let o = ResultObjection()
        o.cycleID = c.id!
        o.subjectID = sid
        o.text = t
        o.raisedOn = today.description
        try await o.create(on: db)
        trail.record("object", "assessmentCycle", id: c.id!.uuidString, zone: c.zoneID, after: ["subject": sid.uuidString], note: t)
    }

    static func resolveObjection(_ o: ResultObjection, cycle c: AssessmentCycle, input: ResolutionInput, on db: Database, trail: AuditTrail)
        async throws
    {
        guard o.resolution == nil else { throw AppError.conflict(Loc("该异议已处理", "Already resolved")) }
        var v = Validation()
        let r = text(input.resolution, field: "resolution", max: 2000, min: 2, &v)
        let deciders = text(input.deciders ?? "", field: "deciders", max: 200, min: 0, &v)
        if input.upheld == true && deciders.count < 2 { v.add("deciders", Loc("支持异议须写明决定人", "An upheld objection names its deciders")) }
        try v.check()
        o.resolution = r
        o.resolvedOn = CalendarDate.today().description
        o.upheld = input.upheld ?? false
        o.deciders = deciders.isEmpty ? nil : deciders
        try await o.update(on: db)
        trail.record(
            "resolve",
            "resultObjection",
            id: o.id!.uuidString,
            zone: c.zoneID,
            after: ["upheld": o.upheld! ? "true" : "false", "deciders": deciders],
            note: r
        )
        // Upheld during the notice: the results go back to be corrected (values, ratings, cases), computed and
        // published again with a new notice.
        if o.upheld == true && c.status == "notice" {
            c.status = "open"
            c.noticeStart = nil
            c.noticeEnds = nil
            try await c.update(on: db)
            trail.record("reopen", "assessmentCycle", id: c.id!.uuidString, zone: c.zoneID, note: r)
        }
    }

    /// After the notice, with every objection resolved, the results are final and the elimination rules run.
    static func finalise(_ c: AssessmentCycle, on db: Database, trail: AuditTrail, today: CalendarDate = .today()) async throws {
        guard c.status == "notice", let ends = c.noticeEnds else { throw AppError.conflict(Loc("须先公示结果", "Publish the results first")) }
        guard today.description > ends else {
            throw AppError.conflict(Loc("公示期至 \(ends) 结束，之后才能定稿", "The notice runs until \(ends)"))
        }
        let open = try await ResultObjection.query(on: db).filter(\.$cycleID == c.id!).filter(\.$resolution == nil).count()
        guard open == 0 else { throw AppError.conflict(Loc("还有 \(open) 条异议未处理", "\(open) objections are unresolved")) }
        c.status = "final"
        try await c.update(on: db)
        trail.record("finalise", "assessmentCycle", id: c.id!.uuidString, zone: c.zoneID)
        try await raiseFlags(c, on: db, trail: trail, today: today)
    }

    /// A cycle's stored results, read as plain rows (one query) and decoded from their breakdown.
    static func results(of c: AssessmentCycle, on db: Database) async throws -> [CycleEngine.Result] {
        try await PerformanceQueries.results(cycle: c.requireID(), on: db).compactMap(\.result)
    }

    /// The final cycles of the same kind running up to this one without a gap (each starting the day after the one
    /// before ends), oldest first: what "consecutive" counts over.
    static func history(before c: AssessmentCycle, on db: Database) async throws -> [AssessmentCycle] {
        let earlier = try await AssessmentCycle.query(on: db).filter(\.$zoneID == c.zoneID).filter(\.$kind == c.kind)
            .filter(\.$status == "final").filter(\.$endsOn < c.startsOn).sort(\.$endsOn, .descending).limit(12).all()
        var chain: [AssessmentCycle] = []
        var start = c.startsOn
        for h in earlier {
            guard let end = CalendarDate(h.endsOn), end.adding(days: 1).description == start else { break }
            chain.insert(h, at: 0)
            start = h.startsOn
        }
        return chain
    }

    /// Applies the scheme's elimination rules to this cycle and the final cycles of its kind before it.
    static func raiseFlags(_ c: AssessmentCycle, on db: Database, trail: AuditTrail, today: CalendarDate) async throws {
        let (_, rules) = try await scheme(of: c, on: db)
        var cycles: [(name: String, results: [CycleEngine.Result])] = []
        for h in try await history(before: c, on: db) + [c] { cycles.append((h.name, try await results(of: h, on: db))) }
        for f in EliminationRule.findings(rules.elimination, gradeSet: rules.gradeSet, cycles: cycles) {
            let flag = EliminationFlag()
            flag.zoneID = c.zoneID
            flag.cycleID = c.id!
            flag.assessee = f.assessee.rawValue
            flag.subjectID = UUID(uuidString: f.id)!
            flag.name = f.name
            flag.rule = try encode(f.rule)
            flag.evidence = try encode(f.evidence)
            // The law cited counts years: a finding over shorter cycles cites none.
            flag.basis = c.kind == CycleKind.annual.rawValue ? f.basis.map { $0.zh + " / " + $0.en } ?? "" : ""
            flag.raisedOn = today.description
            try await flag.create(on: db)
            trail.record("flag", "eliminationFlag", id: flag.id!.uuidString, zone: c.zoneID, after: ["subject": f.name, "rule": flag.rule])
        }
    }

    /// A decision on a flag by named deciders; releasing from post ends the appointment (the post's place frees),
    /// ending the contract goes through the contract's termination.
    static func decideFlag(_ f: EliminationFlag, input: FlagDecisionInput, on db: Database, trail: AuditTrail) async throws {
        guard f.decision == nil else { throw AppError.conflict(Loc("该预警已有决定", "This flag is decided")) }
        var v = Validation()
        let decision = FlagDecision(rawValue: input.decision ?? "")
        if decision == nil { v.add("decision", Loc("请选择处理决定", "Choose a decision")) }
        let deciders = text(input.deciders, field: "deciders", max: 200, min: 2, &v)
        let grounds = text(input.grounds, field: "grounds", max: 2000, min: 2, &v)
        let date = input.date.flatMap { $0.isEmpty ? nil : CalendarDate($0) } ?? (input.date?.isEmpty ?? true ? CalendarDate.today() : nil)
        if date == nil { v.add("date", Loc("日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD")) }
        if let d = decision, f.assessee == Assessee.team.rawValue, [.releaseFromPost, .contractEnd, .postChange].contains(d) {
            v.add("decision", Loc("对小组的决定为警示、培训或重组", "A team gets a warning, training or reorganisation"))
        }
        if decision == .teamReorganisation && f.assessee != Assessee.team.rawValue {
            v.add("decision", Loc("重组只适用于小组", "Reorganisation applies to teams"))
        }
        try v.check()
        switch decision! {
        case .releaseFromPost:
            try await AppointmentService.releaseFromPost(
                person: f.subjectID,
                date: date!,
                reason: "末尾淘汰：" + grounds,
                zone: f.zoneID,
                on: db,
                trail: trail
            )
        case .contractEnd:
            guard
                let k = try await EmploymentContract.query(on: db).filter(\.$personID == f.subjectID).filter(\.$status == "active").first()
            else {
                throw AppError.invalid("decision", Loc("此人没有有效的聘用合同", "This person has no active contract"))
            }
            try await AppointmentService.terminate(
                k,
                input: AppointmentService.TerminateInput(date: date!.description, reason: "末尾淘汰：" + grounds),
                on: db,
                trail: trail
            )
        default: break
        }
        f.decision = decision!.rawValue
        f.deciders = deciders
        f.grounds = grounds
        f.decidedOn = date!.description
        try await f.update(on: db)
        trail.record(
            "decide",
            "eliminationFlag",
            id: f.id!.uuidString,
            zone: f.zoneID,
            after: ["decision": f.decision!, "deciders": deciders],
            note: grounds
        )
    }
}
