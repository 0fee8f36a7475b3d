import YuanquKit

/// The programmes overview and the programme form.
extension EngineeringViews {
    static func overview(_ m: ProgrammesPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let list = SiteURL.constructionProjects
        func q(_ filter: String, _ extra: [(String, String?)] = []) -> [(String, String?)] { [("programme", filter)] + extra }
        let totalProjects = m.programmes.map(\.projects).reduce(0, +)
        let totalInvestment = m.programmes.map(\.investment).reduce(Money(fen: 0), +)
        let totalLate = m.programmes.map(\.lateMilestones).reduce(0, +)
        let totalKey = m.programmes.map(\.keyProjects).reduce(0, +)
        let stats = el(
            "div",
            [("class", "stats")],
            HomeView.stat(lang.t("行动计划", "Programmes"), String(m.programmes.filter { $0.name != nil }.count), link: nil),
            HomeView.stat(lang.t("工程项目", "Projects"), String(totalProjects), link: list),
            HomeView.stat(lang.t("总投资", "Investment"), totalInvestment.display, link: list),
            el(
                "div",
                [("class", "stat")],
                el(
                    "a",
                    [("href", list.path(query: [("key", "1")]))],
                    el("b", [], txt(String(totalKey))),
                    txt(lang.t("重点项目", "Key projects"))
                )
            ),
            el(
                "div",
                [("class", "stat")],
                el(
                    "a",
                    [("href", list.path(query: [("late", "1")]))],
                    el("b", totalLate > 0 ? [("class", "alert-figure")] : [], txt(String(totalLate))),
                    txt(lang.t("延误节点", "Late milestones"))
                )
            )
        )
        let named = m.programmes.map { p in p.name ?? lang.t("未归入计划", "No programme") }
        let investmentChart = Charts.horizontal(
            zip(m.programmes, named).map { p, name in
                Charts.Bar(label: name, value: Double(p.investment.fen) / 1e10, text: p.investment.yiText + lang.t(" 亿元", " 100m yuan"))
            },
            title: lang.t("各计划总投资（亿元）", "Investment by programme (100m yuan)")
        )
        var byStage: [String: Int] = [:]
        for p in m.programmes { for s in p.stages { byStage[s.stage, default: 0] += s.count } }
        let stageChart = Charts.columns(
            ConstructionStage.allCases.map { s in
                let n = byStage[s.rawValue] ?? 0
                return Charts.Bar(label: lang.t(EngineeringLabels.stage(s.rawValue)), value: Double(n), text: String(n))
            },
            title: lang.t("项目所处阶段", "Projects by stage")
        )
        let columns = [
            lang.t("行动计划", "Programme"), lang.t("项目数", "Projects"), lang.t("总投资", "Investment"), lang.t("重点项目", "Key projects"),
            lang.t("平均形象进度", "Average progress"), lang.t("各阶段项目", "By stage"), lang.t("延误节点", "Late milestones"),
        ]
        let rows: [[HNode]] = zip(m.programmes, named).map { p, name in
            let stages: [HNode] = p.stages.map { s in
                el(
                    "span",
                    [("class", "nowrap")],
                    link(list, query: q(p.filter, [("stage", s.stage)]), lang.t(EngineeringLabels.stage(s.stage)) + " \(s.count)"),
                    txt("　")
                )
            }
            return [
                el(
                    "div",
                    [],
                    link(list, query: q(p.filter), name),
                    p.summary.isEmpty ? .empty : el("div", [("class", "hint")], txt(p.summary)),
                    p.period.map { el("div", [("class", "hint")], txt($0)) } ?? .empty
                ),
                link(list, query: q(p.filter), String(p.projects)),
                link(list, query: q(p.filter, [("sort", "investment"), ("dir", "desc")]), p.investment.display),
                link(list, query: q(p.filter, [("key", "1")]), String(p.keyProjects)),
                progressBar(p.averageProgress),
                .group(stages),
                p.lateMilestones > 0
                    ? el(
                        "a",
                        [("href", list.path(query: q(p.filter, [("late", "1")]))), ("class", "error")],
                        el("strong", [], txt(String(p.lateMilestones)))
                    )
                    : txt("0"),
            ]
        }
        return .group(
            stats,
            el(
                "div",
                [("class", "perf-charts")],
                el("div", [("class", "chart")], investmentChart),
                el("div", [("class", "chart")], stageChart)
            ),
            m.programmes.isEmpty
                ? muted(lang.t("尚无行动计划。", "No programme yet."))
                : ListView.plain(columns, rows: rows, numeric: [1, 2, 3]),
            m.form.map { el("div", [("class", "spaced")], programmeForm($0, v)) } ?? .empty
        )
    }

    static func programmeForm(_ state: FormState, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = state.kit(lang)
        return postForm(
            v,
            action: .programmes,
            class: "card",
            [
                el("h2", [], txt(lang.t("新建行动计划", "New programme"))),
                f.summary(),
                f.text("name", lang.t("计划名称", "Name"), required: true, hint: lang.t("如“四新”行动计划", "e.g. the “Four New” programme")),
                f.textarea("summary", lang.t("简介", "Summary"), rows: 2),
                f.text("startsOn", lang.t("开始日期", "Start"), type: "date"),
                f.text("endsOn", lang.t("结束日期", "End"), type: "date"),
                submit(lang.t("新建计划", "Create the programme")),
            ]
        )
    }
}
