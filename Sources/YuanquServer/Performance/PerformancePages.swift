import Fluent
import Vapor
import YuanquKit

/// The performance pages: schemes and cycles, a cycle's results, a unit's results with the quota line, the notice,
/// the pay sheet and a person's pay arithmetic, the rating page, flags, simulation and the zones compared.
enum PerformancePages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("performance", permission: .assessmentRead, use: { try await overview($0) })
        r.post(
            "performance",
            "schemes",
            "new",
            permission: .assessmentManage,
            use: { req in
                let raw = try req.content.decode([String: String].self)
                let input = SchemeInput(
                    year: raw["year"].flatMap { Int($0) },
                    name: raw["name"],
                    basedOn: raw["basedOn"].flatMap { UUID(uuidString: $0) }
                )
                return try await form(req, raw, back: { try await overview($0, state: $1) }) {
                    let actor = try req.actor()
                    let zone = try actor.writableZone()
                    let id = try await Writes.perform(req.application, actor: actor) { db, trail in
                        try await PerformanceService.createScheme(input, zone: zone, on: db, trail: trail).id!
                    }
                    return req.redirect(to: .scheme(id))
                }
            }
        )
        r.post(
            "performance",
            "cycles",
            "new",
            permission: .assessmentManage,
            use: { req in
                let raw = try req.content.decode([String: String].self)
                let input = CycleInput(
                    schemeId: raw["schemeId"].flatMap { UUID(uuidString: $0) },
                    name: raw["name"],
                    kind: raw["kind"],
                    startsOn: raw["startsOn"],
                    endsOn: raw["endsOn"]
                )
                return try await form(req, raw, back: { try await overview($0, state: $1) }) {
                    let actor = try req.actor()
                    let zone = try actor.writableZone()
                    let id = try await Writes.perform(req.application, actor: actor) { db, trail in
                        try await PerformanceService.createCycle(input, zone: zone, on: db, trail: trail).id!
                    }
                    return req.redirect(to: .cycle(id))
                }
            }
        )
        r.get("performance", "schemes", ":id", permission: .assessmentRead, use: { try await scheme($0) })
        r.post(
            "performance",
            "schemes",
            ":id",
            permission: .assessmentManage,
            use: { req in
                let raw = try req.content.decode([String: String].self)
                return try await form(req, raw, back: { try await scheme($0, state: $1) }) {
                    try await PerformanceLoad.changeScheme(req) { s, _, db, trail in
                        let rules = try SchemeForm.rules(from: raw, base: try PerformanceService.rules(of: s))
                        try await PerformanceService.updateScheme(
                            s,
                            input: SchemeRulesInput(name: raw["name"], rules: rules),
                            on: db,
                            trail: trail
                        )
                    }
                    return req.redirect(to: .scheme(try req.uuid()))
                }
            }
        )
        for (action, permission) in [("publish", Permission.assessmentDecide), ("close", .assessmentDecide)] {
            r.post(
                "performance",
                "schemes",
                ":id",
                .constant(action),
                permission: permission,
                use: { req in
                    try await form(req, [:], back: { try await scheme($0, state: $1) }) {
                        try await PerformanceLoad.changeScheme(req) { s, actor, db, trail in
                            if action == "publish" {
                                try await PerformanceService.publishScheme(s, actor: actor, on: db, trail: trail)
                            } else {
                                try await PerformanceService.closeScheme(s, on: db, trail: trail)
                            }
                        }
                        return req.redirect(to: .scheme(try req.uuid()))
                    }
                }
            )
        }
        r.get("performance", "schemes", ":id", "simulate", permission: .assessmentRead, use: { try await simulate($0) })
        r.get("performance", "cycles", ":id", permission: .assessmentRead, use: { try await cycle($0) })
        let cycleActions: [(String, Permission)] = [
            ("compute", .assessmentManage), ("publish", .assessmentManage), ("finalise", .assessmentManage), ("values", .assessmentManage),
            ("objections", .assessmentManage), ("ties", .assessmentDecide),
        ]
        for (action, permission) in cycleActions {
            r.post(
                "performance",
                "cycles",
                ":id",
                .constant(action),
                permission: permission,
                use: { req in
                    let raw = try req.content.decode([String: String].self)
                    return try await form(req, raw, back: { try await cycle($0, state: $1) }) {
                        try await PerformanceLoad.changeCycle(req) { c, actor, db, trail in
                            try await cycleAction(action, raw, c, actor: actor, on: db, trail: trail)
                        }
                        return req.redirect(to: .cycle(try req.uuid()))
                    }
                }
            )
        }
        r.post(
            "performance",
            "cycles",
            ":id",
            "objections",
            ":objectionId",
            "resolve",
            permission: .assessmentManage,
            use: { req in
                let raw = try req.content.decode([String: String].self)
                let oid = try req.uuid("objectionId")
                return try await form(req, raw, back: { try await cycle($0, state: $1) }) {
                    try await PerformanceLoad.changeCycle(req) { c, _, db, trail in
                        guard let o = try await ResultObjection.find(oid, on: db), o.cycleID == c.id else { throw AppError.notFound }
                        try await PerformanceService.resolveObjection(
                            o,
                            cycle: c,
                            input: ResolutionInput(
                                resolution: raw["resolution"],
                                upheld: raw["upheld"] == "true",
                                deciders: raw["deciders"]
                            ),
                            on: db,
                            trail: trail
                        )
                    }
                    return req.redirect(to: .cycle(try req.uuid()))
                }
            }
        )
        r.get("performance", "cycles", ":id", "units", ":unit", permission: .assessmentRead, use: { try await unitResults($0) })
        r.get("performance", "cycles", ":id", "notice", permission: .assessmentRead, use: { try await notice($0) })
        r.get("performance", "cycles", ":id", "pay", permission: .assessmentRead, use: { try await pay($0) })
        r.get("performance", "cycles", ":id", "pay.csv", permission: .assessmentRead, use: { try await payCSV($0) })
        // One's own pay arithmetic is open to everyone signed in; others' to readers of the area.
        r.get("performance", "cycles", ":id", "pay", ":person", permission: .signedIn, use: { try await payLine($0) })
        r.get("performance", "ratings", permission: .rate, use: { try await RatingsPage.page($0) })
        r.post("performance", "ratings", permission: .rate, use: { try await RatingsPage.save($0) })
        r.get("performance", "flags", permission: .assessmentRead, use: { try await flags($0) })
        r.post(
            "performance",
            "flags",
            ":id",
            "decision",
            permission: .assessmentDecide,
            use: { req in
                let raw = try req.content.decode([String: String].self)
                let input = FlagDecisionInput(
                    decision: raw["decision"],
                    deciders: raw["deciders"],
                    grounds: raw["grounds"],
                    date: raw["date"]
                )
                let id = try req.uuid()
                return try await form(req, raw, back: { try await flags($0, state: $1, flag: id) }) {
                    let actor = try req.actor()
                    _ = try actor.writableZone()
                    try await Writes.perform(req.application, actor: actor) { db, trail in
                        guard let f = try await EliminationFlag.find(id, on: db), f.zoneID == actor.zoneID else { throw AppError.notFound }
                        try await PerformanceService.decideFlag(f, input: input, on: db, trail: trail)
                    }
                    return req.redirect(to: .flags)
                }
            }
        )
    }

    /// Runs a form's change; a refusal shows the page again with the message and the values typed.
    static func form(
        _ req: Request,
        _ raw: [String: String],
        back: (Request, FormState) async throws -> Response,
        _ work: () async throws -> Response
    ) async throws -> Response {
        do { return try await work() } catch let e as AppError where e.status != .notFound && e.status != .forbidden {
            return try await back(req, FormState(error: e, values: raw))
        }
    }

    static func cycleAction(
        _ action: String,
        _ raw: [String: String],
        _ c: AssessmentCycle,
        actor: Actor,
        on db: Database,
        trail: AuditTrail
    )
        async throws
    {
        switch action {
        case "compute": try await PerformanceService.compute(c, on: db, trail: trail)
        case "publish": try await PerformanceService.publishResults(c, on: db, trail: trail)
        case "finalise": try await PerformanceService.finalise(c, on: db, trail: trail)
        case "values":
            let input = ValueInput(
                indicator: raw["indicator"],
                subjectId: raw["subjectId"].flatMap { UUID(uuidString: $0) },
                value: raw["value"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) },
                evidence: raw["evidence"]
            )
            try await PerformanceService.enterValue(c, input: input, on: db, trail: trail)
        case "objections":
            let input = ResultObjectionInput(subjectId: raw["subjectId"].flatMap { UUID(uuidString: $0) }, text: raw["text"])
            try await PerformanceService.raiseObjection(c, input: input, on: db, trail: trail)
        case "ties":
            let order = (raw["order"] ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0.isWhitespace }).map(String.init)
            let input = QuotaDecisionInput(group: raw["group"], order: order, grounds: raw["grounds"], deciders: raw["deciders"])
            try await PerformanceService.decideTie(c, input: input, actor: actor, on: db, trail: trail)
        default: throw AppError.notFound
        }
    }

    // MARK: pages

    static func overview(_ req: Request, state: FormState = .empty) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let title = lang.t("考核方案与周期", "Schemes and cycles")
        let zone: UUID
        switch try await InvestmentAPI.pageZone(req, actor: actor, page: .performance, title: title) {
        case .zone(let z): zone = z
        case .picker(let page): return page
        }
        let schemes = try await PerformanceQueries.schemes(zone: zone, on: req.db)
        let cycles = try await PerformanceQueries.cycles(zone: zone, on: req.db)
        let model = OverviewPage(
            schemes: schemes,
            cycles: cycles,
            canManage: actor.can(.assessmentManage) && actor.zoneID != nil,
            thisYear: CalendarDate.today().year,
            form: state
        )
        return Layout.render(
            request: req,
            title: title,
            body: PerformanceViews.overview(model, req.view),
            status: state.message == nil && state.errors.isEmpty ? .ok : .unprocessableEntity
        )
    }

    static func scheme(_ req: Request, state: FormState = .empty) async throws -> Response {
        let actor = try req.actor()
        let s = try await PerformanceLoad.scheme(req)
        let cycles = try await PerformanceQueries.cycles(zone: s.zoneID, on: req.db)
        let model = SchemePage(
            scheme: SchemeRow(id: s.id!, year: s.year, name: s.name, version: s.version, status: s.status, publishedOn: s.publishedOn),
            publishedBy: s.publishedBy,
            rules: try PerformanceService.rules(of: s),
            simulationCycles: cycles.filter { $0.status != "open" }.map { ($0.id, $0.name) },
            canManage: actor.can(.assessmentManage) && actor.zoneID != nil,
            canDecide: actor.can(.assessmentDecide) && actor.zoneID != nil,
            form: state
        )
        let title = s.name + req.lang.t("（第 \(s.version) 版）", " (version \(s.version))")
        return Layout.render(
            request: req,
            title: title,
            body: SchemeView.view(model, req.view),
            status: state.isEmpty ? .ok : .unprocessableEntity
        )
    }

    static func simulate(_ req: Request) async throws -> Response {
        let s = try await PerformanceLoad.scheme(req)
        guard let cid = try? req.query.get(UUID.self, at: "cycle"), let c = try await AssessmentCycle.find(cid, on: req.db),
            c.zoneID == s.zoneID
        else { throw AppError.invalid("cycle", Loc("请选择用于模拟的考核周期", "Choose the cycle to simulate on")) }
        let answer = try await Simulation.run(scheme: s, cycle: c, on: req.db)
        let title = req.lang.t("方案模拟：", "Simulation: ") + answer.scheme
        return Layout.render(
            request: req,
            title: title,
            body: SimulationView.view(SimulationPage(answer: answer, back: .scheme(s.id!)), req.view)
        )
    }

    static func cycle(_ req: Request, state: FormState = .empty) async throws -> Response {
        let actor = try req.actor()
        let c = try await PerformanceLoad.cycle(req)
        let (s, rules) = try await PerformanceService.scheme(of: c, on: req.db)
        let rows = try await PerformanceQueries.results(cycle: c.id!, on: req.db)
        let objections = try await ResultObjection.query(on: req.db).filter(\.$cycleID == c.id!).sort(\.$raisedOn).all()
        let names = Dictionary(rows.map { ($0.subjectId, $0.name) }, uniquingKeysWith: { a, _ in a })
        let tied = c.status == "computed" ? PerformanceService.tied(c) : [:]
        let unitNames = try await PaySheet.unitNames(zone: c.zoneID, on: req.db)
        let model = CyclePage(
            id: c.id!,
            name: c.name,
            kind: CycleKind(rawValue: c.kind) ?? .annual,
            startsOn: c.startsOn,
            endsOn: c.endsOn,
            status: c.status,
            noticeStart: c.noticeStart,
            noticeEnds: c.noticeEnds,
            scheme: .init(id: s.id!, name: s.name, version: s.version),
            gradeSet: rules.gradeSet,
            excellentShare: rules.excellentShare,
            units: rows.filter { $0.assessee == "unit" }.map { u in
                let people = rows.filter { $0.assessee == "person" && $0.groupId == u.subjectId && $0.grade != nil }
                return .init(
                    id: u.subjectId,
                    name: u.name,
                    score: u.score,
                    grade: u.grade,
                    rank: u.rank,
                    people: people.count,
                    excellent: people.filter { $0.grade == Grade.excellent.rawValue }.count
                )
            },
            teams: rows.filter { $0.assessee == "team" }.map {
                .init(id: $0.subjectId, name: $0.name, score: $0.score, grade: $0.grade, rank: $0.rank, people: 0, excellent: 0)
            },
            personScores: rows.filter { $0.assessee == "person" }.compactMap(\.score),
            personGrades: rows.filter { $0.assessee == "person" }.compactMap(\.grade),
            ties: tied.map { group, ids in
                .init(
                    group: group,
                    label: UUID(uuidString: group).flatMap { unitNames[$0] }
                        ?? PerformanceLabels.assessee(group == "teams" ? .team : .unit).zh,
                    people: ids.map { (id: $0, name: names[UUID(uuidString: $0) ?? UUID()] ?? $0) }
                )
            }.sorted { $0.label < $1.label },
            objections: objections.map {
                .init(
                    id: $0.id!,
                    subject: names[$0.subjectID] ?? "",
                    text: $0.text,
                    raisedOn: $0.raisedOn,
                    resolution: $0.resolution,
                    resolvedOn: $0.resolvedOn,
                    upheld: $0.upheld ?? false,
                    deciders: $0.deciders
                )
            },
            enteredIndicators: rules.indicators.filter {
                if case .quantitative(.entered, _, _) = $0.measure { return true }
                return false
            }.map { ($0.code, $0.name, $0.assessee) },
            subjects: try await subjects(of: c, on: req.db),
            canManage: actor.can(.assessmentManage) && actor.zoneID != nil,
            canDecide: actor.can(.assessmentDecide) && actor.zoneID != nil,
            form: state
        )
        return Layout.render(
            request: req,
            title: c.name,
            body: CycleView.view(model, req.view),
            status: state.isEmpty ? .ok : .unprocessableEntity
        )
    }

    /// Everyone the cycle assesses (units, teams, people), from the organisation: values can be entered and
    /// objections raised before anything is computed.
    static func subjects(of c: AssessmentCycle, on db: Database) async throws -> [(id: UUID, name: String, assessee: Assessee)] {
        let org = try await CycleInputs.organisation(zone: c.zoneID, starts: c.startsOn, ends: c.endsOn, on: PerformanceQueries.sql(db))
        let units = org.units.map { (id: UUID(uuidString: $0.id)!, name: $0.name, assessee: Assessee.unit) }
        let teams = org.teams.map { (id: UUID(uuidString: $0.id)!, name: $0.name, assessee: Assessee.team) }
        let people = org.people.map { (id: UUID(uuidString: $0.id)!, name: $0.name, assessee: Assessee.person) }
        return units + teams + people
    }

    static func unitResults(_ req: Request) async throws -> Response {
        let c = try await PerformanceLoad.cycle(req)
        let unit = try req.uuid("unit")
        let (_, rules) = try await PerformanceService.scheme(of: c, on: req.db)
        let rows = try await PerformanceQueries.results(cycle: c.id!, group: unit, on: req.db)
        guard !rows.isEmpty else { throw AppError.notFound }
        let unitRow = rows.first { $0.assessee == "unit" && $0.subjectId == unit }
        let people = rows.filter { $0.assessee == "person" }.sorted { ($0.rank ?? Int.max, $0.name) < ($1.rank ?? Int.max, $1.name) }
        let quota = CycleEngine.UnitQuota(
            unitGrade: unitRow?.grade.flatMap(Grade.init),
            people: people.compactMap(\.result),
            rules: rules
        )
        let names = try await PaySheet.unitNames(zone: c.zoneID, on: req.db)
        let model = UnitResultsPage(
            cycle: .init(id: c.id!, name: c.name),
            unitName: names[unit] ?? unitRow?.name ?? "",
            unit: unitRow.map { .init(score: $0.score, grade: $0.grade, rank: $0.rank, parts: $0.result?.parts ?? []) },
            gradeSet: rules.gradeSet,
            quota: quota,
            people: people.map { p in
                let r = p.result
                return .init(
                    id: p.subjectId,
                    name: p.name,
                    own: r?.own,
                    score: p.score,
                    grade: p.grade,
                    bandGrade: r?.bandGrade?.rawValue,
                    rank: p.rank,
                    followsUnit: r?.notes.contains("followsUnit") ?? false,
                    notes: (r?.notes ?? []).map { PerformanceLabels.note($0, rules.gradeSet) },
                    parts: r?.parts ?? [],
                    payFen: p.payFen
                )
            },
            showPay: c.status != "open"
        )
        return Layout.render(request: req, title: c.name + " · " + model.unitName, body: UnitResultsView.view(model, req.view))
    }

    static func notice(_ req: Request) async throws -> Response {
        let c = try await PerformanceLoad.cycle(req)
        guard c.status == "notice" || c.status == "final" else {
            throw AppError.conflict(Loc("结果公示后才有公示通知", "The notice exists once the results are published"))
        }
        guard let s = try await AssessmentScheme.find(c.schemeID, on: req.db), let zone = try await Zone.find(c.zoneID, on: req.db) else {
            throw AppError.notFound
        }
        let rules = try PerformanceService.rules(of: s)
        let rows = try await PerformanceQueries.results(cycle: c.id!, on: req.db)
        let names = try await PaySheet.unitNames(zone: c.zoneID, on: req.db)
        let model = CycleNoticePage(
            zone: req.lang.t(zone.name, zone.nameEn),
            cycle: c.name,
            scheme: "\(s.name)（第 \(s.version) 版）",
            from: c.noticeStart ?? "",
            to: c.noticeEnds ?? "",
            noticeDays: rules.noticeDays,
            gradeSet: rules.gradeSet,
            units: rows.filter { $0.assessee != "person" }.map {
                .init(name: $0.name, unit: PerformanceLabels.assessee(Assessee(rawValue: $0.assessee) ?? .unit).zh, grade: $0.grade)
            },
            people: rows.filter { $0.assessee == "person" && $0.grade != nil }
                .sorted { (names[$0.groupId] ?? "", $0.rank ?? 0) < (names[$1.groupId] ?? "", $1.rank ?? 0) }
                .map { .init(name: $0.name, unit: names[$0.groupId] ?? "", grade: $0.grade) }
        )
        return Layout.render(
            request: req,
            title: c.name + req.lang.t("结果公示", " results notice"),
            body: CycleNoticeView.view(model, req.view)
        )
    }

    static func pay(_ req: Request) async throws -> Response {
        let c = try await PerformanceLoad.cycle(req)
        let (_, rules) = try await PerformanceService.scheme(of: c, on: req.db)
        let sheet = try await PaySheet.load(c, on: req.db)
        let model = PaySheetPage(sheet: sheet, gradeSet: rules.gradeSet, cycle: c.id!)
        return Layout.render(
            request: req,
            title: c.name + req.lang.t(" · 绩效工资", " · performance pay"),
            body: PayView.sheet(model, req.view)
        )
    }

    static func payCSV(_ req: Request) async throws -> Response {
        let c = try await PerformanceLoad.cycle(req)
        let set = try await PerformanceService.scheme(of: c, on: req.db).1.gradeSet
        let sheet = try await PaySheet.load(c, on: req.db)
        var rows: [[String]] = []
        for u in sheet.units {
            for l in u.lines {
                rows.append([
                    u.name, PerformanceLabels.grade(u.grade, set).zh, Money(fen: u.poolFen).yuanText, l.name,
                    PerformanceLabels.grade(l.grade, set).zh,
                    l.score.map { String(format: "%.2f", $0) } ?? "", l.pay.map { String($0.coefficient) } ?? "",
                    l.pay.map { String($0.weight) } ?? "",
                    Money(fen: l.pay?.amount ?? 0).yuanText,
                ])
            }
        }
        return csvResponse(
            filename: "\(c.name)-绩效工资.csv",
            header: ["单位", "单位等次", "绩效工资总额（元）", "姓名", "等次", "得分", "等次系数", "分配权重", "绩效工资（元）"],
            rows: rows
        )
    }

    static func payLine(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let person = try req.uuid("person")
        guard actor.can(.assessmentRead) || actor.personID == person else { throw AppError.forbidden }
        let c = try await PerformanceLoad.cycle(req)
        // One's own result is shown once published, as on the person record.
        guard actor.can(.assessmentRead) || c.status == "notice" || c.status == "final" else { throw AppError.notFound }
        let (_, rules) = try await PerformanceService.scheme(of: c, on: req.db)
        let rows = try await PerformanceQueries.results(cycle: c.id!, on: req.db)
        guard let row = rows.first(where: { $0.subjectId == person && $0.assessee == "person" }), let r = row.result else {
            throw AppError.notFound
        }
        let names = try await PaySheet.unitNames(zone: c.zoneID, on: req.db)
        let unit = rows.first { $0.assessee == "unit" && $0.subjectId == row.groupId }
        let model = PayLinePage(
            cycle: .init(id: c.id!, name: c.name),
            canReadSheet: actor.can(.assessmentRead),
            person: row.name,
            personURL: actor.can(.peopleRead) ? .person(person) : nil,
            unit: names[row.groupId] ?? "",
            unitGrade: unit?.grade,
            gradeSet: rules.gradeSet,
            result: r,
            poolPerHead: rules.pay.poolPerHead,
            coefficients: rules.pay.coefficients,
            colleagues: rows.filter { $0.assessee == "person" && $0.groupId == row.groupId && $0.payFen != nil }.count
        )
        return Layout.render(
            request: req,
            title: row.name + req.lang.t(" · 绩效工资计算", " · pay arithmetic"),
            body: PayView.line(model, req.view)
        )
    }

    static func flags(_ req: Request, state: FormState = .empty, flag: UUID? = nil) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let title = lang.t("末尾淘汰预警", "Elimination flags")
        let zone: UUID
        switch try await InvestmentAPI.pageZone(req, actor: actor, page: .flags, title: title) {
        case .zone(let z): zone = z
        case .picker(let page): return page
        }
        let rows = try await PerformanceQueries.flags(zone: zone, on: req.db)
        let schemes = try await AssessmentScheme.query(on: req.db).filter(\.$zoneID == zone).all()
        let sets = Dictionary(
            schemes.map { ($0.id!, (try? PerformanceService.rules(of: $0).gradeSet) ?? .civilService) },
            uniquingKeysWith: { a, _ in a }
        )
        let cycles = try await PerformanceQueries.cycles(zone: zone, on: req.db)
        let setOf = Dictionary(cycles.map { ($0.id, sets[$0.schemeId] ?? .civilService) }, uniquingKeysWith: { a, _ in a })
        let model = FlagsPage(
            flags: rows.map { FlagDTO($0) }.map { f in .init(flag: f, gradeSet: setOf[f.cycleId] ?? .civilService) },
            canDecide: actor.can(.assessmentDecide) && actor.zoneID != nil,
            today: CalendarDate.today().description,
            form: state,
            formFlag: flag
        )
        return Layout.render(
            request: req,
            title: title,
            body: FlagsView.view(model, req.view),
            status: state.isEmpty ? .ok : .unprocessableEntity
        )
    }
}

extension FormState {
    var isEmpty: Bool { message == nil && errors.isEmpty }
}
