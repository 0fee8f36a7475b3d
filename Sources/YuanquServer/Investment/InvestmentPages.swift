import Fluent
import FluentSQL
import Vapor
import YuanquKit

/// The pipeline, a project with its next stage, logging a project, and the teams' leaderboard with charts.
enum InvestmentPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("investment", permission: .investmentRead, use: pipeline)
        r.get("investment", "export.csv", permission: .investmentRead, use: export)
        r.get("investment", "new", permission: .investmentWrite, use: { try await newForm($0, form: FormKit(lang: $0.lang)) })
        r.post("investment", permission: .investmentWrite, use: create)
        r.get("investment", "projects", ":id", permission: .investmentRead, use: { try await show($0) })
        r.post("investment", "projects", ":id", "stage", permission: .investmentWrite, use: move)
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
        let threshold = try await f.zone.asyncMap { try await InvestmentService.threshold(zone: $0, on: req.db) } ?? Money.yi(1)
        let (rows, total) = try await PipelineQuery.page(
            f,
            threshold: threshold,
            range: ((params.page - 1) * pageSize)..<(params.page * pageSize),
            on: req.db
        )
        var teamQuery = InvestmentTeam.query(on: req.db)
        if let z = f.zone { teamQuery = teamQuery.filter(\.$zoneID == z) }
        let teams = try await teamQuery.sort(\.$name).all()
        let industries = try await industries(f.zone, on: req.db, lang: lang)
        let industryLabels = Dictionary(uniqueKeysWithValues: industries.map { ($0.value, $0.label) })
        let model = PipelinePage(
            rows: rows.map { r in
                let stage = ProjectStage(rawValue: r.stage)
                let signed = r.signedAmountFen.map(Money.init(fen:))
                return PipelinePage.Row(
                    url: .investmentProject(r.id),
                    name: r.name,
                    investor: r.investor,
                    industry: industryLabels[r.industry] ?? r.industry,
                    team: r.teamName,
                    amount: Money(fen: r.signedAmountFen ?? r.amountFen),
                    stage: stage,
                    isMajor: stage?.isSignedOrLater == true && ProjectStageRule.isMajor(signedAmount: signed, threshold: threshold)
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
            canWrite: actor.can(.investmentWrite)
        )
        return Layout.render(request: req, title: lang.t("招商项目", "Investment pipeline"), body: PipelineView.view(model, lang: lang))
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let f = try await InvestmentAPI.filter(req, actor: actor)
        let items = try await InvestmentAPI.query(f, on: req.db).sort(\.$createdOn, .descending).limit(20_000).all()
        let teams = Dictionary(uniqueKeysWithValues: try await InvestmentTeam.query(on: req.db).all().map { ($0.id!, $0.name) })
        let labels = Dictionary(uniqueKeysWithValues: try await industries(f.zone, on: req.db, lang: lang).map { ($0.value, $0.label) })
        let header = [
            Loc("项目", "Project"), Loc("投资方", "Investor"), Loc("产业", "Industry"), Loc("国别/地区", "Country/region"), Loc("小组", "Team"),
            Loc("投资额（万元）", "Amount (10k yuan)"), Loc("签约额（万元）", "Signed (10k yuan)"), Loc("阶段", "Stage"), Loc("签约日期", "Signed on"),
            Loc("协议编号", "Agreement"), Loc("统一社会信用代码", "Credit code"),
        ].map { lang.t($0) }
        func wan(_ fen: Int64?) -> String { fen.map { Money(fen: $0).wanText } ?? "" }
        let rows = items.map { p in
            [
                p.name, p.investor, labels[p.industry] ?? p.industry, p.region, p.teamID.flatMap { teams[$0] } ?? "", wan(p.amountFen),
                wan(p.signedAmountFen), lang.t(p.stage.label), p.signingDate ?? "", p.agreementNumber ?? "", p.creditCode ?? "",
            ]
        }
        return csvResponse(filename: lang.t("招商项目.csv", "investment-projects.csv"), header: header, rows: rows)
    }

    static func newForm(_ req: Request, form f: FormKit, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let lang = req.lang
        let teams = try await InvestmentTeam.query(on: req.db).filter(\.$zoneID == zone).sort(\.$name).all()
        let body = postForm(
            req.view,
            action: .investment,
            class: "card",
            [
                f.summary(),
                f.text("name", lang.t("项目名称", "Project"), required: true),
                f.text("investor", lang.t("投资方", "Investor"), required: true),
                f.select(
                    "industry",
                    lang.t("产业", "Industry"),
                    options: try await industries(zone, on: req.db, lang: lang),
                    selected: nil,
                    required: true,
                    blank: lang.t("请选择", "Choose")
                ),
                f.text("region", lang.t("国别/地区", "Country/region"), value: "中国"),
                f.text("amountWan", lang.t("拟投资额（万元）", "Amount (10k yuan)"), type: "text", attributes: [("inputmode", "decimal")]),
                f.select(
                    "teamId",
                    lang.t("招商小组", "Team"),
                    options: teams.map { ($0.id!.uuidString, $0.name) },
                    selected: nil,
                    blank: lang.t("（未分配）", "(none)")
                ),
                el("button", [("type", "submit")], txt(lang.t("登记", "Log"))), txt(" "), link(.investment, lang.t("取消", "Cancel")),
            ]
        )
        return Layout.render(request: req, title: lang.t("登记招商项目", "Log a project"), body: body, status: status)
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
                try await InvestmentService.createProject(input, zone: zone, on: db, trail: trail)
            }
            return req.redirect(to: .investmentProject(p.id!))
        } catch let e as AppError {
            return try await newForm(req, form: FormKit(lang: req.lang, error: e, values: raw, fallbackField: "name"), status: e.status)
        }
    }

    static func show(_ req: Request, error: AppError? = nil, values: [String: String] = [:]) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let p = try await InvestmentAPI.load(req, actor: actor)
        let dto = try await InvestmentAPI.dto(p, on: req.db)
        let team = try await p.teamID.asyncMap { try await InvestmentTeam.find($0, on: req.db) } ?? nil
        let labels = Dictionary(uniqueKeysWithValues: try await industries(p.zoneID, on: req.db, lang: lang).map { ($0.value, $0.label) })
        let f = FormKit(lang: lang, errors: error?.fieldErrors ?? [:], values: values)
        func prop(_ k: Loc, _ v: String?) -> [HNode] {
            [el("dt", [], txt(lang.t(k))), el("dd", [], txt(v.flatMap { $0.isEmpty ? nil : $0 } ?? "—"))]
        }
        var props: [HNode] = []
        props += prop(Loc("投资方", "Investor"), p.investor)
        props += prop(Loc("产业", "Industry"), labels[p.industry] ?? p.industry)
        props += prop(Loc("国别/地区", "Country/region"), p.region)
        props += prop(Loc("招商小组", "Team"), team?.name)
        props += prop(Loc("拟投资额", "Amount"), Money(fen: p.amountFen).display)
        props += prop(
            Loc("签约投资额", "Signed amount"),
            p.signedAmountFen.map { Money(fen: $0).display + (dto.isMajor ? lang.t("（亿元以上项目）", " (major)") : "") }
        )
        props += prop(Loc("阶段", "Stage"), lang.t(p.stage.label))
        props += prop(Loc("签约日期 / 协议编号", "Signed on / agreement"), p.signingDate.map { $0 + " / " + (p.agreementNumber ?? "") })
        props += prop(Loc("统一社会信用代码", "Credit code"), p.creditCode)
        props += prop(Loc("开工日期", "Construction started"), p.startDate)
        props += prop(Loc("投产日期", "In operation since"), p.operationDate)
        props += prop(Loc("终止理由", "Dropped because"), p.droppedReason)
        var forms: [HNode] = []
        if actor.can(.investmentWrite), let next = p.stage.next {
            var fields: [HNode] = [void("input", [("type", "hidden"), ("name", "to"), ("value", next.rawValue)])]
            switch next {
            case .signed:
                fields += [
                    f.text(
                        "signingDate",
                        lang.t("签约日期", "Signing date"),
                        value: CalendarDate.today().description,
                        required: true,
                        type: "date"
                    ),
                    f.text("agreementNumber", lang.t("协议编号", "Agreement number"), required: true),
                    f.text(
                        "signedAmountWan",
                        lang.t("签约投资额（万元）", "Signed amount (10k yuan)"),
                        required: true,
                        attributes: [("inputmode", "decimal")]
                    ),
                ]
            case .registered:
                fields.append(
                    f.text(
                        "creditCode",
                        lang.t("统一社会信用代码", "Unified social credit code"),
                        required: true,
                        attributes: [("maxlength", "18")]
                    )
                )
            case .underConstruction:
                fields.append(
                    f.text("startDate", lang.t("开工日期", "Start date"), value: CalendarDate.today().description, required: true, type: "date")
                )
            case .inOperation:
                fields.append(
                    f.text(
                        "operationDate",
                        lang.t("投产日期", "Date of operation"),
                        value: CalendarDate.today().description,
                        required: true,
                        type: "date"
                    )
                )
            default: break
            }
            fields.append(el("button", [("type", "submit")], txt(lang.t("推进到：", "Move to: ") + lang.t(next.label))))
            forms.append(el("h2", [], txt(lang.t("推进阶段", "Next stage"))))
            forms.append(postForm(req.view, action: .investmentStage(p.id!), class: "card", fields))
        }
        if actor.can(.investmentWrite) && p.stage != .dropped && p.stage != .inOperation {
            forms.append(
                postForm(
                    req.view,
                    action: .investmentStage(p.id!),
                    class: "toolbar",
                    [
                        void("input", [("type", "hidden"), ("name", "to"), ("value", "dropped")]),
                        void(
                            "input",
                            [("name", "reason"), ("placeholder", lang.t("终止理由", "Reason")), ("size", "30"), ("value", f.value("reason"))]
                        ),
                        el("button", [("type", "submit"), ("class", "btn-danger")], txt(lang.t("终止项目", "Drop the project"))),
                    ]
                )
            )
        }
        // The same investor in another open project is worth a warning (not a refusal).
        let twins = try await InvestmentProject.query(on: req.db).filter(\.$zoneID == p.zoneID).filter(\.$investor == p.investor)
            .filter(\.$id != p.id!).filter(\.$stage !~ [.dropped, .inOperation]).all()
        return Layout.render(
            request: req,
            title: p.name,
            body: .group(
                error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0.message))) } ?? .empty,
                twins.isEmpty
                    ? .empty
                    : el(
                        "div",
                        [("class", "alert alert-warn")],
                        [txt(lang.t("同一投资方另有在谈或在建项目：", "The same investor has other open projects: "))]
                            + twins.prefix(5).enumerated().map { i, t in
                                .group(i > 0 ? txt("、") : .empty, link(.investmentProject(t.id!), t.name))
                            }
                    ),
                el("dl", [("class", "props")], props),
                .group(forms)
            ),
            status: error?.status ?? .ok
        )
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
        guard let sql = req.db as? SQLDatabase else { throw Abort(.internalServerError) }
        // Charts: signed amount by month of the period, projects by stage, signed amount by industry — summed by the database.
        let months = try await sql.raw(
            """
            SELECT SUBSTR(signing_date, 6, 2) AS m, CAST(COALESCE(SUM(signed_amount_fen), 0) AS BIGINT) AS amount FROM investment_projects
            WHERE zone_id = \(bind: zone) AND stage IN (\(binds: InvestmentService.signedStages)) AND signing_date >= \(bind: board.period + "-01-01")
              AND signing_date <= \(bind: board.period + "-12-31") GROUP BY SUBSTR(signing_date, 6, 2)
            """
        ).all()
        var byMonth: [Int: Int64] = [:]
        for r in months {
            if let m = Int(try r.decode(column: "m", as: String.self)) { byMonth[m] = try r.decode(column: "amount", as: Int64.self) }
        }
        let stages = try await sql.raw(
            "SELECT stage, CAST(COUNT(*) AS BIGINT) AS n FROM investment_projects WHERE zone_id = \(bind: zone) GROUP BY stage"
        ).all()
        var byStage: [String: Int64] = [:]
        for r in stages { byStage[try r.decode(column: "stage", as: String.self)] = try r.decode(column: "n", as: Int64.self) }
        let industryRows = try await sql.raw(
            """
            SELECT industry, CAST(COALESCE(SUM(signed_amount_fen), 0) AS BIGINT) AS amount FROM investment_projects
            WHERE zone_id = \(bind: zone) AND stage IN (\(binds: InvestmentService.signedStages)) GROUP BY industry
            """
        ).all()
        let labels = Dictionary(uniqueKeysWithValues: try await industries(zone, on: req.db, lang: lang).map { ($0.value, $0.label) })
        var byIndustry: [(String, Int64)] = []
        for r in industryRows {
            byIndustry.append((try r.decode(column: "industry", as: String.self), try r.decode(column: "amount", as: Int64.self)))
        }
        func yi(_ fen: Int64) -> String { Money(fen: fen).yiText + lang.t(" 亿元", " × 100m yuan") }
        let measureLabels: [Leaderboard.Measure: Loc] = [
            .signedCount: Loc("签约项目数", "Signed projects"), .signedAmount: Loc("签约额", "Signed amount"),
            .majorCount: Loc("亿元以上项目数", "Major projects"), .investedAmount: Loc("实际到位投资", "Invested"),
        ]
        let params = ListParams(req, filterKeys: ["period", "measure", "zone"], defaultSort: "", sortable: [])
        let columns = [
            Loc("名次", "Rank"), Loc("小组", "Team"), Loc("签约项目", "Signed"), Loc("签约额", "Signed amount"), Loc("亿元以上", "Major"),
            Loc("到位投资", "Invested"), Loc("目标完成率", "Of target"), Loc("与上一名差距", "Behind the one above"),
        ]
        let rows: [[HNode]] = board.rows.map { r in
            let last = r.teamId == board.rows.last?.teamId && board.rows.count > 1
            let gap =
                board.measure == .signedAmount || board.measure == .investedAmount ? Money(fen: r.gapToAbove).display : String(r.gapToAbove)
            return [
                txt(String(r.rank)), last ? el("strong", [("class", "error")], txt(r.team + lang.t("（末位）", " (last)"))) : txt(r.team),
                txt("\(r.signedCount)/\(r.target["signedCount"] ?? 0)"), txt(Money(fen: r.signedAmountFen).display),
                txt("\(r.majorCount)/\(r.target["majorCount"] ?? 0)"),
                txt(Money(fen: r.investedAmountFen).display),
                txt(r.attainmentBasisPoints.map { String(format: "%.1f%%", Double($0) / 100) } ?? "—"),
                txt(r.rank == 1 ? "—" : gap),
            ]
        }
        let body: HNode = .group(
            el(
                "div",
                [("class", "stats")],
                [
                    HomeController.stat(lang.t("亿元以上签约项目", "Signed major projects"), String(totals.majorSignedCount), link: nil),
                    HomeController.stat(lang.t("其总投资", "Their investment"), Money(fen: totals.majorSignedAmountFen).display, link: nil),
                    HomeController.stat(lang.t("签约项目", "Signed projects"), String(totals.signedCount), link: nil),
                ]
            ),
            el(
                "form",
                [("method", "get"), ("action", SiteURL.leaderboard.path), ("class", "toolbar")],
                [
                    el(
                        "div",
                        [],
                        el("label", [], txt(lang.t("年度", "Year"))),
                        void("input", [("name", "period"), ("value", board.period), ("size", "6")])
                    ),
                    el(
                        "div",
                        [],
                        el("label", [], txt(lang.t("比拼指标", "Measure"))),
                        el(
                            "select",
                            [("name", "measure")],
                            Leaderboard.Measure.allCases.map { m in
                                el(
                                    "option",
                                    [("value", m.rawValue)] + (m == board.measure ? [("selected", nil)] : []),
                                    txt(lang.t(measureLabels[m]!))
                                )
                            }
                        )
                    ),
                    el("button", [("type", "submit")], txt(lang.t("查看", "Show"))),
                ]
            ),
            el(
                "p",
                [],
                link(
                    .leaderboardExport,
                    query: [("period", board.period), ("measure", board.measure.rawValue), ("zone", req.query[String.self, at: "zone"])],
                    lang.t("导出 Excel (CSV)", "Export to Excel (CSV)"),
                    class: "btn secondary"
                )
            ),
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "按“\(lang.t(measureLabels[board.measure]!))”完成目标的比例排名；末位小组为末尾淘汰的依据。",
                        "Ranked by share of target on \(lang.t(measureLabels[board.measure]!)); the last team is the input of 末尾淘汰."
                    )
                )
            ),
            ListView.table(
                columns.enumerated().map {
                    ListView.Column(key: "c\($0.offset)", label: lang.t($0.element), sortable: false, numeric: $0.offset >= 2)
                },
                rows: rows,
                params: params,
                base: nil,
                lang: lang
            ),
            el(
                "div",
                [("class", "chart")],
                .raw(
                    Charts.columns(
                        (1...12).map { m in
                            Charts.Bar(
                                label: lang.t("\(m)月", String(m)),
                                value: Double(byMonth[m] ?? 0),
                                text: (byMonth[m] ?? 0) > 0 ? Money(fen: byMonth[m]!).yiText : ""
                            )
                        },
                        title: lang.t("\(board.period) 年逐月签约额（亿元）", "Signed amount by month, \(board.period) (100 million yuan)")
                    )
                )
            ),
            el(
                "div",
                [("class", "chart")],
                .raw(
                    Charts.funnel(
                        ProjectStage.allCases.filter { $0 != .dropped }.map { s in
                            Charts.Bar(
                                label: lang.t(s.label),
                                value: Double(byStage[s.rawValue] ?? 0),
                                text: String(byStage[s.rawValue] ?? 0)
                            )
                        },
                        title: lang.t("项目漏斗（按阶段，个）", "Projects by stage")
                            + lang.t("；终止 \(byStage["dropped"] ?? 0) 个", "; dropped \(byStage["dropped"] ?? 0)")
                    )
                )
            ),
            el(
                "div",
                [("class", "chart")],
                .raw(
                    Charts.horizontal(
                        byIndustry.sorted { $0.1 > $1.1 }.map {
                            Charts.Bar(label: labels[$0.0] ?? $0.0, value: Double($0.1), text: yi($0.1))
                        },
                        title: lang.t("按产业签约额", "Signed amount by industry")
                    )
                )
            )
        )
        return Layout.render(request: req, title: lang.t("招商小组比拼", "Investment teams' leaderboard"), body: body)
    }
}
