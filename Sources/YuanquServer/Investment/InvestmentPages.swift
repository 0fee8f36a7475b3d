import Fluent
import Vapor
import YuanquKit

/// The pipeline, a project with its next stage, logging a project, and the teams' leaderboard with charts.
enum InvestmentPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("investment", permission: .investmentRead, use: pipeline)
        r.get("investment", "export.csv", permission: .investmentRead, use: export)
        r.get("investment", "new", permission: .investmentWrite, use: { try await newForm($0) })
        r.post("investment", permission: .investmentWrite, use: create)
        r.get("investment", "projects", ":id", permission: .investmentRead, use: { try await show($0) })
        r.post("investment", "projects", ":id", "stage", permission: .investmentWrite, reaches: .investmentProject, use: move)
        r.get("investment", "leaderboard", permission: .investmentRead, use: leaderboard)
    }

    static func industries(_ zone: UUID?, on db: Database, lang: Lang) async throws -> [(value: String, label: String)] {
        var q = CodeListItem.query(on: db).filter(\.$list == "industry").filter(\.$active == true)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        var seen = Set<String>()
        return try await q.sort(\.$sortOrder).all().compactMap {
            seen.insert($0.code).inserted ? ($0.code, lang.t($0.labelZh, $0.labelEn)) : nil
        }
    }

    static func pipeline(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let params = ListParams(req, filterKeys: ["stage", "industry", "team", "major", "zone"], defaultSort: "createdOn", sortable: [])
        let f = try await InvestmentAPI.filter(req, actor: actor)
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let threshold = try await InvestmentAPI.threshold(f, on: req.db)
        let (rows, total) = try await PipelineQuery.page(
            f,
            threshold: threshold,
            range: params.range(pageSize: pageSize),
            on: req.db
        )
        var teamQuery = InvestmentTeam.query(on: req.db)
        if let z = f.zone { teamQuery = teamQuery.filter(\.$zoneID == z) }
        let teams = try await teamQuery.sort(\.$name).all()
        let industries = try await industries(f.zone, on: req.db, lang: lang)
        let industryLabels = Dictionary(uniqueKeysWithValues: industries.map { ($0.value, $0.label) })
        let model = PipelinePage(
            rows: rows.map { r in
                PipelinePage.Row(
                    url: .investmentProject(r.id),
                    name: r.name,
                    investor: r.investor,
                    industry: industryLabels[r.industry] ?? r.industry,
                    team: r.teamName,
                    amount: Money(fen: r.signedAmountFen ?? r.amountFen),
                    stage: ProjectStage(rawValue: r.stage),
                    isMajor: r.isMajor(threshold: threshold)
                )
            },
            total: total,
            params: params,
            pageSize: pageSize,
            totals: try await f.zone.asyncMap { try await InvestmentService.totals(zone: $0, on: req.db) },
            stageOptions: ProjectStage.options(lang),
            industryOptions: industries,
            teamOptions: teams.map { ($0.id!.uuidString, $0.name) },
            zoneOptions: req.zoneOptions,
            canWrite: actor.can(.investmentWrite),
            canImport: Reaches.wholeZone(actor, .investmentWrite)
        )
        return Layout.render(request: req, title: lang.t("招商项目", "Investment pipeline"), body: PipelineView.view(model, lang: lang))
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let f = try await InvestmentAPI.filter(req, actor: actor)
        let threshold = try await InvestmentAPI.threshold(f, on: req.db)
        let items = try await PipelineQuery.page(f, threshold: threshold, range: nil, on: req.db).rows
        let labels = Dictionary(uniqueKeysWithValues: try await industries(f.zone, on: req.db, lang: lang).map { ($0.value, $0.label) })
        let header = [
            Loc("项目", "Project"), Loc("投资方", "Investor"), Loc("产业", "Industry"), Loc("国别/地区", "Country/region"), Loc("小组", "Team"),
            Loc("投资额（万元）", "Amount (10k yuan)"), Loc("签约额（万元）", "Signed (10k yuan)"), Loc("阶段", "Stage"), Loc("签约日期", "Signed on"),
            Loc("协议编号", "Agreement"), Loc("统一社会信用代码", "Credit code"),
        ].map { lang.t($0) }
        func wan(_ fen: Int64?) -> String { fen.map { Money(fen: $0).wanText } ?? "" }
        let rows = items.map { p in
            [
                p.name, p.investor, labels[p.industry] ?? p.industry, p.region, p.teamName ?? "", wan(p.amountFen),
                wan(p.signedAmountFen), ProjectStage(rawValue: p.stage).map { lang.t($0.label) } ?? p.stage, p.signingDate ?? "",
                p.agreementNumber ?? "", p.creditCode ?? "",
            ]
        }
        return csvResponse(filename: lang.t("招商项目.csv", "investment-projects.csv"), header: header, rows: rows)
    }

    static func newForm(_ req: Request, form: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let lang = req.lang
        let teams = try await ProjectQueries.teamOptions(zone: zone, on: req.db)
        let wholeZone = Reaches.wholeZone(actor, .investmentWrite)
        // The reader's reach worked out once; the teams' units in one query.
        let grants = try await Reaches.grants(actor, [.investmentWrite], on: req.db)
        let unitOf = Dictionary(
            uniqueKeysWithValues: try await InvestmentTeam.query(on: req.db).filter(\.$zoneID == zone).all().map { ($0.id!, $0.unitID) }
        )
        let within = teams.filter { team in
            guard let id = UUID(uuidString: team.value) else { return false }
            return grants.allows(.investmentWrite, RecordOwners(units: Set([unitOf[id] ?? nil].compactMap { $0 }), teams: [id]))
        }
        let model = NewProjectPage(
            form: form,
            industryOptions: try await industries(zone, on: req.db, lang: lang),
            teamOptions: within,
            teamRequired: !wholeZone,
            team: !wholeZone && within.count == 1 ? within.first?.value : nil
        )
        return Layout.render(
            request: req,
            title: lang.t("登记招商项目", "Log a project"),
            body: ProjectViews.newForm(model, req.view),
            status: status
        )
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        do {
            var amount: Int64? = nil
            if let a = raw["amountWan"], !a.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let m = Money.parseWan(a) else {
                    throw AppError.invalid("amountWan", Loc("投资额须为不小于 0 的数，单位万元", "The amount is a number of 10k yuan, not negative"))
                }
                amount = m.fen
            }
            let input = ProjectInput(
                name: raw["name"],
                investor: raw["investor"],
                industry: raw["industry"],
                region: raw["region"],
                amountFen: amount,
                teamId: raw["teamId"]
            )
            let p = try await Writes.perform(req.application, actor: actor) { db, trail in
                try await InvestmentService.createProject(input, actor: actor, zone: zone, on: db, trail: trail)
            }
            return req.redirect(to: .investmentProject(p.id!))
        } catch let e as AppError {
            return try await newForm(req, form: FormState(error: e, values: raw, fallbackField: "name"), status: e.status)
        }
    }

    static func show(_ req: Request, error: AppError? = nil, values: [String: String] = [:]) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let p = try await InvestmentAPI.load(req, actor: actor)
        let dto = try await InvestmentAPI.dto(p, on: req.db)
        let team = try await p.teamID.asyncMap { try await InvestmentTeam.find($0, on: req.db) } ?? nil
        let labels = Dictionary(uniqueKeysWithValues: try await industries(p.zoneID, on: req.db, lang: lang).map { ($0.value, $0.label) })
        // The same investor in another open project is worth a warning (not a refusal).
        let twins = try await ProjectQueries.twins(of: p.id!, investor: p.investor, zone: p.zoneID, on: req.db)
        let canWrite = try await Reaches.allows(actor, .investmentWrite, .investmentProject, id: p.id!, on: req.db)
        let model = ProjectPage(
            name: p.name,
            investor: p.investor,
            industry: labels[p.industry] ?? p.industry,
            region: p.region,
            team: team?.name,
            amount: Money(fen: p.amountFen),
            signedAmount: p.signedAmountFen.map(Money.init(fen:)),
            isMajor: dto.isMajor,
            stage: p.stage,
            signingDate: p.signingDate,
            agreementNumber: p.agreementNumber,
            creditCode: p.creditCode,
            startDate: p.startDate,
            operationDate: p.operationDate,
            droppedReason: p.droppedReason,
            stageAction: .investmentStage(p.id!),
            next: canWrite ? p.stage.next : nil,
            canDrop: canWrite && p.stage != .dropped && p.stage != .inOperation,
            today: CalendarDate.today().description,
            twins: twins.map { .init(url: .investmentProject($0.id), name: $0.name) },
            error: error?.message,
            form: FormState(errors: error?.fieldErrors ?? [:], values: values)
        )
        return Layout.render(request: req, title: p.name, body: ProjectViews.show(model, req.view), status: error?.status ?? .ok)
    }

    static func move(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        let id = try await InvestmentAPI.load(req, actor: actor).id!
        do {
            var signed: Int64? = nil
            if let a = raw["signedAmountWan"], !a.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let m = Money.parseWan(a) else {
                    throw AppError.invalid("signedAmountWan", Loc("签约投资额须为数字，单位万元", "The signed amount is a number of 10k yuan"))
                }
                signed = m.fen
            }
            let input = StageMoveInput(
                to: raw["to"],
                signingDate: raw["signingDate"],
                agreementNumber: raw["agreementNumber"],
                signedAmountFen: signed,
                creditCode: raw["creditCode"],
                startDate: raw["startDate"],
                operationDate: raw["operationDate"],
                reason: raw["reason"]
            )
            try await Writes.perform(req.application, actor: actor) { db, trail in
                guard let p = try await InvestmentProject.find(id, on: db) else { throw AppError.notFound }
                try await InvestmentService.move(p, input: input, on: db, trail: trail)
            }
            return req.redirect(to: .investmentProject(id))
        } catch var e as AppError where e.status != .notFound {
            if e.fieldErrors["signedAmountFen"] != nil { e.fieldErrors["signedAmountWan"] = e.fieldErrors["signedAmountFen"] }
            return try await show(req, error: e, values: raw)
        }
    }

    static func leaderboard(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let zone: UUID
        switch try await InvestmentAPI.pageZone(
            req,
            actor: actor,
            page: .leaderboard,
            title: lang.t("招商小组比拼", "Investment teams' leaderboard")
        ) {
        case .zone(let z): zone = z
        case .picker(let page): return page
        }
        let board = try await InvestmentAPI.leaderboardDTO(req, actor: actor)
        let totals = try await InvestmentService.totals(zone: zone, on: req.db)
        let charts = try await LeaderboardQuery.charts(zone: zone, period: board.period, on: req.db)
        let labels = Dictionary(uniqueKeysWithValues: try await industries(zone, on: req.db, lang: lang).map { ($0.value, $0.label) })
        let model = LeaderboardPage(
            period: board.period,
            measure: board.measure,
            rows: board.rows.map { r in
                .init(
                    rank: r.rank,
                    team: r.team,
                    isLast: r.teamId == board.rows.last?.teamId && board.rows.count > 1,
                    signedCount: r.signedCount,
                    signedCountTarget: r.target["signedCount"] ?? 0,
                    signedAmount: Money(fen: r.signedAmountFen),
                    majorCount: r.majorCount,
                    majorCountTarget: r.target["majorCount"] ?? 0,
                    investedAmount: Money(fen: r.investedAmountFen),
                    attainmentBasisPoints: r.attainmentBasisPoints,
                    gapToAbove: r.gapToAbove
                )
            },
            totals: totals,
            zoneCode: req.query[String.self, at: "zone"],
            byMonth: charts.byMonth,
            byStage: charts.byStage,
            byIndustry: charts.byIndustry.map { (labels[$0.industry] ?? $0.industry, $0.amountFen) },
            params: ListParams(req, filterKeys: ["period", "measure", "zone"], defaultSort: "", sortable: [])
        )
        return Layout.render(
            request: req,
            title: lang.t("招商小组比拼", "Investment teams' leaderboard"),
            body: LeaderboardView.view(model, lang: lang)
        )
    }
}
