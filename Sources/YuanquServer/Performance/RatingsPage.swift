import Fluent
import Vapor
import YuanquKit

/// The rating page: what the signed-in rater must rate in a cycle, and their scores, saved together.
enum RatingsPage {
    static func tasks(actor: Actor, cycle c: AssessmentCycle, on db: Database) async throws -> [RatingTaskDTO] {
        let (_, rules) = try await PerformanceService.scheme(of: c, on: db)
        let (tasks, names) = try await PerformanceService.tasks(of: actor, cycle: c, rules: rules, on: db)
        let mine = try await AssessmentRating.query(on: db).filter(\.$cycleID == c.id!).filter(
            \.$raterID == PerformanceService.raterID(actor)
        ).all()
        var given: [String: Double] = [:]
        for r in mine { given[r.subjectID.uuidString + "|" + r.indicator] = r.score }
        let indicatorNames = Dictionary(rules.indicators.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return tasks.map { t in
            RatingTaskDTO(
                cycleId: c.id!,
                subjectId: UUID(uuidString: t.subject)!,
                subject: names[t.subject] ?? "",
                assessee: t.assessee.rawValue,
                indicator: t.indicator,
                indicatorName: indicatorNames[t.indicator] ?? t.indicator,
                raterGroup: t.group.rawValue,
                anonymous: t.group.isAnonymous,
                score: given[t.subject + "|" + t.indicator]
            )
        }
    }

    static func page(_ req: Request, state: FormState = .empty, saved: Int? = nil) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let open = try await AssessmentCycle.query(on: req.db).filter(\.$zoneID == (actor.zoneID ?? UUID())).filter(
            \.$status ~~ ["open", "computed"]
        )
        .sort(\.$endsOn).all()
        let chosen = (try? req.query.get(UUID.self, at: "cycle")).flatMap { id in open.first { $0.id == id } } ?? open.first
        let tasks = try await chosen.asyncMap { try await Self.tasks(actor: actor, cycle: $0, on: req.db) } ?? []
        let model = RatingsModel(
            cycles: open.map { .init(id: $0.id!, name: $0.name) },
            current: chosen.map { .init(id: $0.id!, name: $0.name) },
            tasks: tasks.map {
                .init(
                    subjectId: $0.subjectId,
                    subject: $0.subject,
                    assessee: Assessee(rawValue: $0.assessee) ?? .person,
                    indicator: $0.indicator,
                    indicatorName: $0.indicatorName,
                    group: RaterGroup(rawValue: $0.raterGroup) ?? .peer,
                    score: $0.score
                )
            },
            saved: saved ?? (try? req.query.get(Int.self, at: "saved")),
            form: state
        )
        return Layout.render(
            request: req,
            title: lang.t("我的评价", "My ratings"),
            body: RatingsView.view(model, req.view),
            status: state.isEmpty ? .ok : .unprocessableEntity
        )
    }

    /// Saves every score typed (fields `score.<subject>.<indicator>`), all or nothing.
    static func save(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        guard let cid = raw["cycle"].flatMap({ UUID(uuidString: $0) }), let c = try await AssessmentCycle.find(cid, on: req.db),
            c.zoneID == actor.zoneID
        else {
            throw AppError.notFound
        }
        var inputs: [(field: String, input: RatingInput)] = []
        var v = Validation()
        for (key, value) in raw.sorted(by: { $0.key < $1.key }) where key.hasPrefix("score.") {
            let text = value.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
            guard parts.count == 3, let subject = UUID(uuidString: parts[1]) else { continue }
            guard let score = Double(text), score >= 0, score <= 100 else {
                v.add(key, Loc("评分须为 0–100 的数", "A score is a number from 0 to 100"))
                continue
            }
            inputs.append((key, RatingInput(cycleId: cid, indicator: parts[2], subjectId: subject, score: score)))
        }
        do {
            try v.check()
            try await Writes.perform(req.application, actor: actor) { [inputs] db, trail in
                for i in inputs { try await PerformanceService.rate(c, input: i.input, actor: actor, on: db, trail: trail) }
            }
        } catch let e as AppError where e.status != .notFound && e.status != .forbidden {
            return try await page(req, state: FormState(error: e, values: raw))
        }
        return req.redirect(to: .ratings, query: [("cycle", cid.uuidString), ("saved", String(inputs.count))])
    }
}

/// The scheme form's fields turned into rules: the draft's rules with what the form changes.
enum SchemeForm {
    static func rules(from raw: [String: String], base: SchemeRules) throws -> SchemeRules {
        var r = base
        var v = Validation()
        func number(_ key: String, _ range: ClosedRange<Double>) -> Double? {
            guard let text = raw[key] else { return nil }
            guard let d = Double(text.trimmingCharacters(in: .whitespaces)), range.contains(d) else {
                v.add(
                    key,
                    Loc(
                        "须为 \(Charts.decimal(range.lowerBound)) 至 \(Charts.decimal(range.upperBound)) 之间的数",
                        "A number from \(range.lowerBound) to \(range.upperBound)"
                    )
                )
                return nil
            }
            return d
        }
        if let g = raw["gradeSet"] {
            if let set = GradeSet(rawValue: g) { r.gradeSet = set } else { v.add("gradeSet", Loc("请选择等次名称", "Choose the grade words")) }
        }
        if let d = number("bands.excellent", 0...150) { r.bands.excellent = d }
        if let d = number("bands.competent", 0...150) { r.bands.competent = d }
        if let d = number("bands.basicallyCompetent", 0...150) { r.bands.basicallyCompetent = d }
        if let d = number("excellentShare", 0...100) { r.excellentShare = Int(d) }
        if let text = raw["excellentUnitShare"] {
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                r.excellentUnitShare = nil
            } else if let d = number("excellentUnitShare", 0...100) {
                r.excellentUnitShare = Int(d)
            }
        }
        if let d = number("noticeDays", 1...60) { r.noticeDays = Int(d) }
        if let d = raw["dropExtremes"] { r.dropExtremes = d == "true" || d == "on" }
        for g in RaterGroup.allCases { if let d = number("rater.\(g.rawValue)", 0...100) { r.raterWeights[g] = d } }
        for (i, ind) in r.indicators.enumerated() {
            if let w = number("ind.\(ind.code).weight", 0...100) { r.indicators[i].weight = w }
            if case .quantitative(let source, let rule, _) = ind.measure, let t = number("ind.\(ind.code).target", 0...1e12) {
                r.indicators[i].measure = .quantitative(source: source, rule: rule, target: t)
            }
        }
        if let text = raw["pay.zonePool"] {
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                r.pay.zonePool = nil
            } else if let m = Money.parseWan(text) {
                r.pay.zonePool = m.fen / 10_000
            } else {
                v.add("pay.zonePool", Loc("请填写金额（元），或留空按部门计", "An amount in yuan, or empty for pools per unit"))
            }
        }
        for g in Grade.allCases {
            if let text = raw["pay.pool.\(g.rawValue)"] {
                if let m = Money.parseWan(text) {
                    // Typed in 元: parseWan reads 万元, so scale back.
                    r.pay.poolPerHead[g] = m.fen / 10_000
                } else {
                    v.add("pay.pool.\(g.rawValue)", Loc("请填写金额（元）", "An amount in yuan"))
                }
            }
            if let d = number("pay.coef.\(g.rawValue)", 0...10) { r.pay.coefficients[g] = d }
            if case .coefficient(var c) = r.feed, let d = number("feed.\(g.rawValue)", 0...2) {
                c[g] = d
                r.feed = .coefficient(c)
            }
        }
        try v.check()
        return r
    }
}
