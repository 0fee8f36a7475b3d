import YuanquKit

/// The construction projects list.
extension EngineeringViews {
    static func projectList(_ m: ProjectListPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let yes = [("1", lang.t("是", "Yes"))]
        let bar = ListView.filterBar(
            params: m.params,
            base: .constructionProjects,
            selects: [
                ("programme", lang.t("行动计划", "Programme"), m.programmeOptions),
                ("stage", lang.t("阶段", "Stage"), stageOptions(lang)),
                ("key", lang.t("重点项目", "Key project"), yes),
                ("late", lang.t("有延误节点", "Late milestone"), yes),
            ],
            zones: m.zoneOptions,
            lang: lang,
            export: .constructionProjectsExport,
            actions: m.canCreate
                ? [
                    link(.constructionProjectNew, lang.t("新建工程项目", "New project"), class: "btn"),
                    link(.constructionProjectsImport, lang.t("从 Excel (CSV) 导入", "Import from Excel (CSV)"), class: "btn"),
                ] : []
        )
        let columns: [ListView.Column] = [
            .init(key: "code", label: lang.t("项目编号", "Code"), sortable: true),
            .init(key: "name", label: lang.t("项目名称", "Name"), sortable: true),
            .init(key: "programme", label: lang.t("行动计划", "Programme"), sortable: false),
            .init(key: "investment", label: lang.t("总投资", "Investment"), sortable: true, numeric: true),
            .init(key: "stage", label: lang.t("阶段", "Stage"), sortable: true),
            .init(key: "progress", label: lang.t("形象进度", "Progress"), sortable: true),
            .init(key: "endsOn", label: lang.t("计划完工", "Completion"), sortable: true),
            .init(key: "late", label: lang.t("延误节点", "Late"), sortable: false, numeric: true),
        ]
        let rows: [[HNode]] = m.rows.map { r in
            [
                link(.constructionProject(r.id), r.code),
                .group(
                    link(.constructionProject(r.id), r.name),
                    r.isKey ? .group(txt(" "), el("span", [("class", "tag main")], txt(lang.t("重点", "Key")))) : .empty
                ),
                txt(r.programmeName ?? "—"), txt(Money(fen: r.investmentFen).display), stageTag(r.stage, lang), progressBar(r.progress),
                overdue(r) ? red(r.endsOn) : txt(r.endsOn), r.lateMilestones > 0 ? red(String(r.lateMilestones)) : txt("0"),
            ]
        }
        return .group(
            bar,
            ListView.table(columns, rows: rows, params: m.params, base: .constructionProjects, lang: lang),
            ListView.pager(total: m.total, params: m.params, pageSize: m.pageSize, base: .constructionProjects, lang: lang)
        )
    }
}
