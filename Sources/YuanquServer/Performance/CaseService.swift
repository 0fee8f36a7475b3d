import Fluent
import Vapor
import YuanquKit

/// Opening an accountability case (问责).
struct AccountabilityCaseInput: Codable {
    var personId: String?
    var cycleId: String?
    var facts: String?
    var finding: String?
    /// A `Sanction` raw value: admonition, criticism or gradeLowered.
    var sanction: String?
    /// Who decided the case (names).
    var deciders: String?
    /// YYYY-MM-DD; today when absent.
    var openedOn: String?
}

/// Filing a fault-tolerance claim (容错申请) against a case.
struct ToleranceClaimInput: Codable {
    /// The claimant's statement per condition (a `ToleranceCondition` raw value → text), each optional at filing.
    var statements: [String: String]?
    /// YYYY-MM-DD; today when absent.
    var filedOn: String?
}

/// One condition of a judgement: whether it is met and the evidence that shows it.
struct ToleranceConditionInput: Codable {
    var met: Bool?
    var evidence: String?
}

/// Judging a claim (容错认定): every condition answered, the deciders and the grounds.
struct ToleranceJudgementInput: Codable {
    /// A `ToleranceCondition` raw value → its answer; all four are required.
    var conditions: [String: ToleranceConditionInput]?
    var deciders: String?
    var grounds: String?
    /// YYYY-MM-DD; today when absent.
    var decidedOn: String?
}

/// A dated step of a correction plan (纠错).
struct CorrectionStepInput: Codable {
    var text: String?
    var dueOn: String?
}

/// Marking a step of a correction plan done.
struct CorrectionStepDoneInput: Codable {
    /// YYYY-MM-DD; today when absent.
    var doneOn: String?
}

/// One condition of a claim as stored (`ToleranceClaim.answers` is a JSON object of these by condition raw value):
/// the claimant's statement at filing, and the judgement's finding and evidence once judged.
struct ToleranceAnswer: Codable, Equatable, Sendable {
    var statement: String
    var met: Bool?
    var evidence: String
}

extension ToleranceAnswer {
    /// Read leniently: a missing statement or evidence is empty, and `met` may be written as a boolean or as text.
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        statement = (try? c.decodeIfPresent(String.self, forKey: .statement)) ?? ""
        evidence = (try? c.decodeIfPresent(String.self, forKey: .evidence)) ?? ""
        if let b = try? c.decodeIfPresent(Bool.self, forKey: .met) {
            met = b
        } else if let s = try? c.decodeIfPresent(String.self, forKey: .met) {
            met = parseBool(s)
        } else {
            met = nil
        }
    }
}

/// Accountability cases, fault-tolerance claims and correction plans, through the one write path. Every function
/// runs inside `Writes.perform` and records what it decided on the trail; bad input throws before anything is written.
enum CaseService {
    static let textLimit = 2000
    static let namesLimit = 200
    /// Cycle statuses a case or a judgement may still change: results not yet published.
    static let changeableCycle: Set<String> = ["open", "computed"]
    static let claimStatuses = ["pending", "granted", "refused"]

    // MARK: helpers

    static func conditionLabel(_ c: ToleranceCondition) -> Loc {
        switch c {
        case .withinPolicy: return Loc("在政策和程序范围内", "Acted within policy and procedure")
        case .forReform: return Loc("为推动改革发展", "For reform and development")
        case .noPersonalGain: return Loc("未谋取私利", "No personal gain")
        case .lossRemedied: return Loc("及时挽回损失", "Loss remedied promptly")
        }
    }

    static func sanctionLabel(_ raw: String) -> Loc {
        guard let s = Sanction(rawValue: raw) else { return Loc(raw, raw) }
        return Loc(s.label.zh, s.label.en)
    }

    static func claimStatusLabel(_ s: String?) -> Loc {
        switch s {
        case nil: return Loc("未申请容错", "No claim")
        case "pending": return Loc("待认定", "Pending")
        case "granted": return Loc("予以容错", "Granted")
        case "refused": return Loc("不予容错", "Refused")
        case let other?: return Loc(other, other)
        }
    }

    static func cycleStatusLabel(_ s: String) -> Loc {
        switch s {
        case "open": return Loc("进行中", "Open")
        case "computed": return Loc("已计算", "Computed")
        case "notice": return Loc("结果公示中", "Results on notice")
        case "final": return Loc("结果已确定", "Final")
        default: return Loc(s, s)
        }
    }

    /// What a case does to the assessment, in words: "等次不高于合格", "扣 5 分".
    static func effectText(_ e: CaseEffect, gradeSet: GradeSet) -> Loc {
        switch e {
        case .gradeCap(let g):
            let l = gradeSet.label(g)
            return Loc("等次不高于\(l.zh)", "Grade no better than \(l.en)")
        case .scoreDeduction(let d):
            let n = d == d.rounded() && abs(d) < 1e9 ? String(Int(d)) : String(roundScore(d))
            return Loc("扣 \(n) 分", "\(n) points off")
        }
    }

    static func rules(_ json: String) -> SchemeRules? { try? JSONDecoder().decode(SchemeRules.self, from: Data(json.utf8)) }

    static func answers(_ json: String) -> [String: ToleranceAnswer] {
        (try? JSONDecoder().decode([String: ToleranceAnswer].self, from: Data(json.utf8))) ?? [:]
    }

    static func encode(_ answers: [String: ToleranceAnswer]) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? e.encode(answers)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A trimmed text, required (unless `required` is false) and at most `max` characters.
    static func text(_ s: String?, _ field: String, _ label: Loc, max: Int, required: Bool = true, _ v: inout Validation) -> String {
        let t = (s ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if required && t.isEmpty {
            v.add(field, Loc("请填写\(label.zh)", "\(label.en) is required"))
        } else if t.count > max {
            v.add(field, Loc("\(label.zh)不超过 \(max) 字", "\(label.en): at most \(max) characters"))
        }
        return t
    }

    /// A date (YYYY-MM-DD, today when empty) not after today and, when given, not before `notBefore`.
    static func date(
        _ s: String?,
        _ field: String,
        _ label: Loc,
        notBefore: (date: String, what: Loc)? = nil,
        today: CalendarDate,
        _ v: inout Validation
    ) -> String {
        let raw = (s ?? "").trimmingCharacters(in: .whitespaces)
        guard let d = raw.isEmpty ? today : CalendarDate(raw) else {
            v.add(field, Loc("\(label.zh)应为日期（YYYY-MM-DD）", "\(label.en) is a date (YYYY-MM-DD)"))
            return raw
        }
        if d > today { v.add(field, Loc("\(label.zh)不能晚于今天", "\(label.en) cannot be after today")) }
        if let nb = notBefore, d.description < nb.date {
            v.add(field, Loc("\(label.zh)不能早于\(nb.what.zh)（\(nb.date)）", "\(label.en) cannot be before \(nb.what.en) (\(nb.date))"))
        }
        return d.description
    }

    static func claim(of c: AccountabilityCase, on db: Database) async throws -> ToleranceClaim? {
        try await ToleranceClaim.query(on: db).filter(\.$caseID == c.id!).first()
    }

    // MARK: cases

    /// Opens a case against a person of the zone in a cycle whose results are not yet published.
    static func open(
        _ input: AccountabilityCaseInput,
        zone: UUID,
        on db: Database,
        trail: AuditTrail,
        today: CalendarDate = .today()
    ) async throws -> AccountabilityCase {
        var v = Validation()
        var person: Person?
        if let s = input.personId, let id = UUID(uuidString: s.trimmingCharacters(in: .whitespaces)),
            let p = try await Person.find(id, on: db), p.zoneID == zone
        {
            person = p
        } else {
            v.add("personId", Loc("请选择本园区的人员", "Choose a person of the zone"))
        }
        var cycle: AssessmentCycle?
        if let s = input.cycleId, let id = UUID(uuidString: s.trimmingCharacters(in: .whitespaces)),
            let c = try await AssessmentCycle.find(id, on: db), c.zoneID == zone
        {
            if changeableCycle.contains(c.status) {
                cycle = c
            } else {
                v.add(
                    "cycleId",
                    Loc(
                        "“\(c.name)”的考核结果已公示，问责对考核的影响须计入以后的考核周期",
                        "The results of “\(c.name)” are published: the case's effect must go to a later cycle"
                    )
                )
            }
        } else {
            v.add("cycleId", Loc("请选择本园区的考核周期", "Choose an assessment cycle of the zone"))
        }
        let facts = text(input.facts, "facts", Loc("问责事实", "The facts"), max: textLimit, &v)
        let finding = text(input.finding, "finding", Loc("认定结论", "The finding"), max: textLimit, &v)
        let sanctionRaw = (input.sanction ?? "").trimmingCharacters(in: .whitespaces)
        if Sanction(rawValue: sanctionRaw) == nil {
            v.add(
                "sanction",
                Loc(
                    "问责方式无效：可选 " + Sanction.allCases.map { "\($0.rawValue)（\($0.label.zh)）" }.joined(separator: "、"),
                    "Unknown sanction: one of " + Sanction.allCases.map(\.rawValue).joined(separator: ", ")
                )
            )
        }
        let deciders = text(input.deciders, "deciders", Loc("决定人", "The deciders"), max: namesLimit, &v)
        let openedOn = date(input.openedOn, "openedOn", Loc("问责日期", "The date"), today: today, &v)
        try v.check()
        guard let person, let cycle else { throw AppError.notFound }
        let c = AccountabilityCase()
        c.zoneID = zone
        c.personID = person.id!
        c.cycleID = cycle.id!
        c.facts = facts
        c.finding = finding
        c.sanction = sanctionRaw
        c.deciders = deciders
        c.openedOn = openedOn
        try await c.create(on: db)
        struct Snap: Encodable {
            let person: String
            let personId: UUID
            let cycle: String
            let facts: String
            let finding: String
            let sanction: String
            let deciders: String
            let openedOn: String
        }
        trail.record(
            "open",
            "accountabilityCase",
            id: c.id!.uuidString,
            zone: zone,
            after: Snap(
                person: person.name,
                personId: person.id!,
                cycle: cycle.name,
                facts: facts,
                finding: finding,
                sanction: sanctionRaw,
                deciders: deciders,
                openedOn: openedOn
            ),
            note: deciders
        )
        // Results already computed take the case's effect at once (they are not yet published).
        if cycle.status == "computed" { try await PerformanceService.compute(cycle, on: db, trail: trail, today: today) }
        return c
    }

    // MARK: claims

    /// Files the one fault-tolerance claim of a case, pending judgement.
    static func fileClaim(
        _ c: AccountabilityCase,
        input: ToleranceClaimInput,
        on db: Database,
        trail: AuditTrail,
        today: CalendarDate = .today()
    ) async throws -> ToleranceClaim {
        // A claim filed once results are published could never be judged (see `judge`): refuse it here, naming why.
        if let cycle = try await AssessmentCycle.find(c.cycleID, on: db), !changeableCycle.contains(cycle.status) {
            throw AppError.conflict(
                Loc(
                    "“\(cycle.name)”的考核结果已公示，容错申请须在结果公示前提出",
                    "The results of “\(cycle.name)” are published: a claim must be filed before results are published"
                )
            )
        }
        if try await claim(of: c, on: db) != nil {
            throw AppError.conflict(Loc("该问责已提出容错申请，每案只能申请一次", "This case already has a claim: one per case"))
        }
        var v = Validation()
        let known = Set(ToleranceCondition.allCases.map(\.rawValue))
        for key in (input.statements ?? [:]).keys.sorted() where !known.contains(key) {
            v.add("statements.\(key)", Loc("没有这项容错条件：\(key)", "No such condition: \(key)"))
        }
        var answers: [String: ToleranceAnswer] = [:]
        for cond in ToleranceCondition.allCases {
            let label = conditionLabel(cond)
            let s = text(input.statements?[cond.rawValue], "statements.\(cond.rawValue)", label, max: textLimit, required: false, &v)
            answers[cond.rawValue] = ToleranceAnswer(statement: s, met: nil, evidence: "")
        }
        let filedOn = date(
            input.filedOn,
            "filedOn",
            Loc("申请日期", "The filing date"),
            notBefore: (c.openedOn, Loc("问责日期", "the case's date")),
            today: today,
            &v
        )
        try v.check()
        let claim = ToleranceClaim()
        claim.caseID = c.id!
        claim.answers = encode(answers)
        claim.status = "pending"
        claim.filedOn = filedOn
        try await claim.create(on: db)
        trail.record(
            "file",
            "toleranceClaim",
            id: claim.id!.uuidString,
            zone: c.zoneID,
            after: ["case": c.id!.uuidString, "status": "pending", "filedOn": filedOn, "answers": claim.answers],
            note: c.id!.uuidString
        )
        return claim
    }

    /// Judges a pending claim: each condition met or not with its evidence, the deciders and grounds. The Kit's rule
    /// (`ToleranceCondition.granted`) decides granted or refused. Refused while the case's cycle has published results:
    /// its effect must be settled before then.
    static func judge(
        _ c: AccountabilityCase,
        input: ToleranceJudgementInput,
        on db: Database,
        trail: AuditTrail,
        today: CalendarDate = .today()
    ) async throws -> ToleranceClaim {
        guard let claim = try await claim(of: c, on: db) else {
            throw AppError.conflict(Loc("该问责尚未提出容错申请", "No claim has been filed against this case"))
        }
        guard claim.status == "pending" else {
            throw AppError.conflict(
                Loc(
                    "该容错申请已于 \(claim.decidedOn ?? "") 作出认定，不能再次认定",
                    "The claim was judged on \(claim.decidedOn ?? ""): it cannot be judged again"
                )
            )
        }
        guard let cycle = try await AssessmentCycle.find(c.cycleID, on: db) else { throw AppError.notFound }
        guard changeableCycle.contains(cycle.status) else {
            throw AppError.conflict(
                Loc(
                    "“\(cycle.name)”的考核结果已公示，容错认定须在结果公示前作出",
                    "The results of “\(cycle.name)” are published: a claim must be judged before results are published"
                )
            )
        }
        var v = Validation()
        let given = input.conditions ?? [:]
        let known = Set(ToleranceCondition.allCases.map(\.rawValue))
        for key in given.keys.sorted() where !known.contains(key) {
            v.add("conditions.\(key)", Loc("没有这项容错条件：\(key)", "No such condition: \(key)"))
        }
        var saved = answers(claim.answers)
        var rule: [ToleranceCondition: (met: Bool, evidence: String)] = [:]
        for cond in ToleranceCondition.allCases {
            let label = conditionLabel(cond)
            let a = given[cond.rawValue]
            if a?.met == nil {
                v.add(
                    "conditions.\(cond.rawValue).met",
                    Loc("请认定是否“\(label.zh)”", "Answer whether: \(label.en)")
                )
            }
            let evidence = text(
                a?.evidence,
                "conditions.\(cond.rawValue).evidence",
                Loc("“\(label.zh)”的依据", "The evidence of “\(label.en)”"),
                max: textLimit,
                required: false,
                &v
            )
            let met = a?.met ?? false
            rule[cond] = (met, evidence)
            var stored = saved[cond.rawValue] ?? ToleranceAnswer(statement: "", met: nil, evidence: "")
            stored.met = met
            stored.evidence = evidence
            saved[cond.rawValue] = stored
        }
        let deciders = text(input.deciders, "deciders", Loc("认定人", "The deciders"), max: namesLimit, &v)
        let grounds = text(input.grounds, "grounds", Loc("认定理由", "The grounds"), max: textLimit, &v)
        let decidedOn = date(
            input.decidedOn,
            "decidedOn",
            Loc("认定日期", "The decision date"),
            notBefore: (claim.filedOn, Loc("申请日期", "the filing date")),
            today: today,
            &v
        )
        try v.check()
        let status = ToleranceCondition.granted(rule) ? "granted" : "refused"
        claim.answers = encode(saved)
        claim.status = status
        claim.deciders = deciders
        claim.grounds = grounds
        claim.decidedOn = decidedOn
        try await claim.update(on: db)
        trail.record(
            "judge",
            "toleranceClaim",
            id: claim.id!.uuidString,
            zone: c.zoneID,
            before: ["status": "pending"],
            after: [
                "case": c.id!.uuidString, "status": status, "deciders": deciders, "grounds": grounds, "decidedOn": decidedOn,
                "answers": claim.answers,
            ],
            note: deciders
        )
        // A granted claim removes the case's effect from results already computed, at once.
        if status == "granted" && cycle.status == "computed" {
            try await PerformanceService.compute(cycle, on: db, trail: trail, today: today)
        }
        return claim
    }

    // MARK: correction plan

    static func grantedClaim(of c: AccountabilityCase, on db: Database) async throws -> ToleranceClaim {
        guard let claim = try await claim(of: c, on: db), claim.status == "granted" else {
            throw AppError.conflict(Loc("只有予以容错的申请才制定纠错方案", "Only a granted claim has a correction plan"))
        }
        return claim
    }

    /// Adds a dated step to the correction plan of a granted claim.
    static func addStep(
        _ c: AccountabilityCase,
        input: CorrectionStepInput,
        on db: Database,
        trail: AuditTrail
    ) async throws -> CorrectionStep {
        let claim = try await grantedClaim(of: c, on: db)
        var v = Validation()
        let stepText = text(input.text, "text", Loc("纠错措施", "The step"), max: 500, &v)
        let raw = (input.dueOn ?? "").trimmingCharacters(in: .whitespaces)
        var dueOn = raw
        if let d = CalendarDate(raw) {
            dueOn = d.description
            if let decided = claim.decidedOn, dueOn < decided {
                v.add("dueOn", Loc("完成时限不能早于容错认定日期（\(decided)）", "The due date cannot be before the decision (\(decided))"))
            }
        } else {
            v.add("dueOn", Loc("请填写完成时限（YYYY-MM-DD）", "The due date is required (YYYY-MM-DD)"))
        }
        try v.check()
        let step = CorrectionStep()
        step.claimID = claim.id!
        step.text = stepText
        step.dueOn = dueOn
        try await step.create(on: db)
        trail.record(
            "addStep",
            "correctionStep",
            id: step.id!.uuidString,
            zone: c.zoneID,
            after: ["case": c.id!.uuidString, "text": stepText, "dueOn": dueOn]
        )
        return step
    }

    /// Marks a step of the plan done on a date not before the claim's decision.
    static func completeStep(
        _ c: AccountabilityCase,
        step id: UUID,
        input: CorrectionStepDoneInput,
        on db: Database,
        trail: AuditTrail,
        today: CalendarDate = .today()
    ) async throws {
        let claim = try await grantedClaim(of: c, on: db)
        guard let step = try await CorrectionStep.find(id, on: db), step.claimID == claim.id else { throw AppError.notFound }
        if let done = step.doneOn { throw AppError.conflict(Loc("该措施已于 \(done) 完成", "This step was done on \(done)")) }
        var v = Validation()
        let doneOn = date(
            input.doneOn,
            "doneOn",
            Loc("完成日期", "The date done"),
            notBefore: claim.decidedOn.map { ($0, Loc("容错认定日期", "the decision")) },
            today: today,
            &v
        )
        try v.check()
        step.doneOn = doneOn
        try await step.update(on: db)
        trail.record(
            "completeStep",
            "correctionStep",
            id: step.id!.uuidString,
            zone: c.zoneID,
            before: ["doneOn": nil as String?],
            after: ["case": c.id!.uuidString, "text": step.text, "doneOn": doneOn]
        )
    }
}
