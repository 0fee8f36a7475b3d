import YuanquKit

/// The investment pipeline: the zone's headline figures, the filter bar and one page of projects.
enum PipelineView {
    static func view(_ m: PipelinePage, lang: Lang) -> HNode {
        .group(
            m.totals.map { totals(_: $0, lang: lang) } ?? .empty,
            filterBar(m, lang: lang),
            ListView.table(columns(lang), rows: m.rows.map { row($0, lang: lang) }, params: m.params, lang: lang),
            ListView.pager(total: m.total, params: m.params, pageSize: m.pageSize, base: .investment, lang: lang)
        )
    }

    static func totals(_ t: TotalsDTO, lang: Lang) -> HNode {
        el(
            "div",
            [("class", "stats")],
            HomeView.stat(lang.t("亿元以上签约项目", "Signed major projects"), String(t.majorSignedCount), link: nil),
            HomeView.stat(lang.t("其总投资", "Their investment"), Money(fen: t.majorSignedAmountFen).display, link: nil),
            HomeView.stat(lang.t("签约项目（含以后阶段）", "Signed projects (and later)"), String(t.signedCount), link: nil),
            HomeView.stat(lang.t("签约总投资", "Signed investment"), Money(fen: t.signedAmountFen).display, link: nil)
        )
    }

    static func filterBar(_ m: PipelinePage, lang: Lang) -> HNode {
        var actions: [HNode] = []
        if m.canWrite { actions.append(link(.investmentNew, lang.t("登记项目", "Log a project"), class: "btn")) }
        if m.canImport { actions.append(link(.investmentImport, lang.t("从 CSV 导入", "Import CSV"), class: "btn secondary")) }
        actions.append(link(.teams, lang.t("招商小组", "Teams"), class: "btn secondary"))
        return ListView.filterBar(
            params: m.params,
            base: .investment,
            selects: [
                ("stage", lang.t("阶段", "Stage"), m.stageOptions),
                ("industry", lang.t("产业", "Industry"), m.industryOptions),
                ("team", lang.t("招商小组", "Team"), m.teamOptions),
                ("major", lang.t("亿元以上", "≥ threshold"), [("true", lang.t("是", "Yes")), ("false", lang.t("否", "No"))]),
            ],
            zones: m.zoneOptions,
            lang: lang,
            export: .investmentExport,
            actions: actions
        )
    }

    static func columns(_ lang: Lang) -> [ListView.Column] {
        [
            .init(key: "name", label: lang.t("项目", "Project"), sortable: false),
            .init(key: "investor", label: lang.t("投资方", "Investor"), sortable: false),
            .init(key: "industry", label: lang.t("产业", "Industry"), sortable: false),
            .init(key: "team", label: lang.t("小组", "Team"), sortable: false),
            .init(key: "amount", label: lang.t("投资额", "Amount"), sortable: false, numeric: true),
            .init(key: "stage", label: lang.t("阶段", "Stage"), sortable: false),
        ]
    }

    static func row(_ p: PipelinePage.Row, lang: Lang) -> [HNode] {
        let major: HNode = p.isMajor ? el("span", [("class", "tag main")], txt(lang.t(" 亿元以上", " major"))) : .empty
        return [
            link(p.url, p.name),
            txt(p.investor),
            txt(p.industry),
            txt(p.team ?? "—"),
            txt(p.amount.display),
            .group(txt(p.stage.map { lang.t($0.label) } ?? "—"), major),
        ]
    }
}
