import YuanquKit

/// The engineering pages: the programmes overview, the projects list and form, a project's page with its timeline,
/// and the audit-firm registry.
enum EngineeringViews {
    /// A project past its planned completion and not yet completed.
    static func overdue(_ r: ProjectListRow) -> Bool {
        r.endsOn < CalendarDate.today().description && ConstructionStage(rawValue: r.stage).map { $0 < .completed } == true
    }

    // MARK: shared pieces

    static func section(_ id: String, _ title: String, _ children: [HNode]) -> HNode {
        el("section", [("class", "panel"), ("id", id)], [el("h2", [], txt(title))] + children)
    }

    static func muted(_ s: String) -> HNode { el("p", [("class", "muted")], txt(s)) }

    static func red(_ s: String) -> HNode { el("strong", [("class", "error")], txt(s)) }

    static func yesNo(_ lang: Lang) -> [(value: String, label: String)] { [("true", lang.t("是", "Yes")), ("false", lang.t("否", "No"))] }

    static func submit(_ label: String) -> HNode { el("button", [("type", "submit")], txt(label)) }

    /// A checkbox that posts "true" when ticked and nothing otherwise, with its error beside it.
    static func check(_ f: FormKit, _ name: String, _ label: String, checked: Bool = false) -> HNode {
        let on = f.values[name].map { $0 == "true" || $0 == "on" } ?? checked
        let err = f.errors[name]
        return el(
            "div",
            [("class", err == nil ? "field check" : "field check has-error")],
            [
                el(
                    "label",
                    [],
                    void(
                        "input",
                        [("type", "checkbox"), ("id", "f-" + name), ("name", name), ("value", "true")] + (on ? [("checked", nil)] : [])
                    ),
                    txt(" " + label)
                ),
                err.map { el("div", [("class", "error"), ("id", "e-" + name), ("role", "alert")], txt(f.lang.t($0))) } ?? .empty,
            ]
        )
    }

    static func progressBar(_ percent: Int) -> HNode {
        el(
            "span",
            [("class", "nowrap")],
            el(
                "progress",
                [("value", String(percent)), ("max", "100"), ("class", "bar")],
                txt("\(percent)%")
            ),
            txt(" \(percent)%")
        )
    }

    static func stageTag(_ stage: String, _ lang: Lang) -> HNode {
        el("span", [("class", "tag")], txt(lang.t(EngineeringLabels.stage(stage))))
    }

    static func stageOptions(_ lang: Lang) -> [(value: String, label: String)] {
        ConstructionStage.allCases.map { ($0.rawValue, lang.t(EngineeringLabels.stage($0.rawValue))) }
    }

    static func props(_ pairs: [(String, HNode)]) -> HNode {
        el("dl", [("class", "props")], pairs.flatMap { [el("dt", [], txt($0.0)), el("dd", [], $0.1)] })
    }

    // MARK: programmes overview

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

    // MARK: projects list

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

    // MARK: project form

    static func projectForm(_ m: ProjectFormPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        return .group(
            el("p", [], link(m.cancel, lang.t("← 返回", "← Back"))),
            postForm(
                v,
                action: m.action,
                class: "card",
                [
                    f.summary(),
                    f.select(
                        "programmeId",
                        lang.t("所属行动计划", "Programme"),
                        options: m.programmeOptions,
                        selected: nil,
                        blank: lang.t("不归入计划", "No programme")
                    ),
                    f.text("code", lang.t("项目编号", "Code"), required: true, hint: lang.t("字母、数字、横线", "Letters, digits, dashes")),
                    f.text("name", lang.t("项目名称", "Name"), required: true),
                    f.text("location", lang.t("建设地点", "Location")),
                    f.text(
                        "investmentWan",
                        lang.t("总投资（万元）", "Investment (10k yuan)"),
                        required: true,
                        attributes: [("inputmode", "decimal")]
                    ),
                    f.text(
                        "budgetFundsWan",
                        lang.t("其中财政资金（万元）", "Of which budget funds (10k yuan)"),
                        hint: lang.t(
                            "用于判断是否属于必须招标的项目（国家发展改革委第16号令）",
                            "Decides whether public tender is compulsory (NDRC Order No. 16)"
                        ),
                        attributes: [("inputmode", "decimal")]
                    ),
                    f.text("owner", lang.t("建设单位", "Owner"), required: true),
                    f.text("office", lang.t("项目部", "Project office")),
                    f.select(
                        "officeLeadId",
                        lang.t("项目部负责人", "Office lead"),
                        options: m.personOptions,
                        selected: nil,
                        blank: lang.t("未指定", "None")
                    ),
                    f.select("isKey", lang.t("重点项目", "Key project"), options: yesNo(lang), selected: "false"),
                    f.select("stage", lang.t("阶段", "Stage"), options: stageOptions(lang), selected: ConstructionStage.preparation.rawValue),
                    f.text("startsOn", lang.t("计划开工", "Planned start"), required: true, type: "date"),
                    f.text("endsOn", lang.t("计划完工", "Planned completion"), required: true, type: "date"),
                    submit(m.editing ? lang.t("保存", "Save") : lang.t("新建项目", "Create the project")),
                ]
            )
        )
    }

    // MARK: project page

    static func project(_ m: ConstructionProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let r = m.row
        let office: HNode = .group(
            txt(r.office.isEmpty ? "—" : r.office),
            r.officeLeadName.map { txt(lang.t("　负责人：", "  Lead: ") + $0) } ?? .empty
        )
        let header = props([
            (lang.t("项目编号", "Code"), txt(r.code)),
            (
                lang.t("行动计划", "Programme"),
                r.programmeId.map { link(.constructionProjects, query: [("programme", $0.uuidString)], r.programmeName ?? "") } ?? txt("—")
            ),
            (lang.t("建设地点", "Location"), txt(r.location.isEmpty ? "—" : r.location)),
            (lang.t("总投资", "Investment"), txt(Money(fen: r.investmentFen).display)),
            (lang.t("其中财政资金", "Budget funds"), txt(Money(fen: r.budgetFundsFen).display)),
            (lang.t("建设单位", "Owner"), txt(r.owner)),
            (lang.t("项目部", "Project office"), office),
            (lang.t("阶段", "Stage"), stageTag(r.stage, lang)),
            (lang.t("形象进度", "Progress"), progressBar(r.progress)),
            (
                lang.t("重点项目", "Key project"),
                r.isKey ? el("span", [("class", "tag main")], txt(lang.t("重点项目", "Key project"))) : txt(lang.t("否", "No"))
            ),
            (lang.t("计划工期", "Schedule"), txt(r.startsOn + " — " + r.endsOn)),
        ])
        let nav = el(
            "p",
            [("class", "no-print")],
            [
                link(.constructionProjects, lang.t("← 工程项目", "← Projects")), txt("　"),
                m.canWrite ? link(.constructionProjectAction(r.id, "edit"), lang.t("修改项目", "Edit"), class: "btn secondary") : .empty,
                txt("　"),
            ]
                + [
                    ("holders", lang.t("三责分立", "Holders")), ("schedule", lang.t("进度", "Schedule")), ("costs", lang.t("造价", "Cost")),
                    ("changes", lang.t("设计变更", "Design changes")), ("tenders", lang.t("招标采购", "Tenders")),
                    ("audit", lang.t("跟踪审计与进度款", "Audit and payments")), ("timeline", lang.t("时间线", "Timeline")),
                ].map { id, label in .group(el("a", [("href", "#" + id)], txt(label)), txt("　")) }
        )
        return .group(
            m.message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            nav,
            header,
            holdersSection(m, v),
            scheduleSection(m, v),
            costSection(m, v),
            changesSection(m, v),
            tendersSection(m, v),
            auditSection(m, v),
            timelineSection(m, v)
        )
    }

    static func holdersSection(_ m: ConstructionProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let rows: [[HNode]] = Responsibility.allCases.map { resp in
            let h = m.holders[resp.rawValue]
            return [
                txt(lang.t(EngineeringLabels.responsibility(resp))), txt(h?.unitName ?? "—"),
                h.map { txt($0.personName ?? "") } ?? el("span", [("class", "muted")], txt(lang.t("未指定", "Not assigned"))),
                txt(h?.since ?? ""),
            ]
        }
        let members: HNode =
            m.members.isEmpty
            ? muted(lang.t("项目部尚无成员。", "The project office has no member yet."))
            : ListView.plain(
                [lang.t("项目部成员", "Office member"), lang.t("职务", "Duty")],
                rows: m.members.map { [txt($0.personName ?? ""), txt($0.duty)] }
            )
        var forms: [HNode] = []
        if m.canWrite {
            let f = m.form("holders").kit(lang)
            forms.append(
                postForm(
                    v,
                    action: .constructionProjectAction(m.row.id, "holders"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("指定或改派责任人", "Assign or reassign holders"))),
                        f.summary(),
                        muted(
                            lang.t(
                                "设计、造价、工程建设三项职责须由不同单位、不同人员承担；只提交有变化的职责。",
                                "Design, cost and construction are held by different units and people; only changed ones are saved."
                            )
                        ),
                    ]
                        + Responsibility.allCases.map { resp in
                            let h = m.holders[resp.rawValue]
                            let label = lang.t(EngineeringLabels.responsibility(resp))
                            return el(
                                "fieldset",
                                [],
                                el("legend", [], txt(label)),
                                f.select(
                                    "\(resp.rawValue).unitId",
                                    lang.t("单位", "Unit"),
                                    options: m.unitOptions,
                                    selected: h?.unitId.uuidString,
                                    blank: lang.t("请选择", "Choose")
                                ),
                                f.select(
                                    "\(resp.rawValue).personId",
                                    lang.t("责任人", "Responsible person"),
                                    options: m.personOptions,
                                    selected: h?.personId.uuidString,
                                    blank: lang.t("请选择", "Choose")
                                )
                            )
                        } + [submit(lang.t("保存责任人", "Save the holders"))]
                )
            )
            let g = m.form("members").kit(lang)
            forms.append(
                postForm(
                    v,
                    action: .constructionProjectAction(m.row.id, "members"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("增加项目部成员", "Add an office member"))),
                        g.summary(),
                        g.select(
                            "personId",
                            lang.t("人员", "Person"),
                            options: m.personOptions,
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        g.text(
                            "duty",
                            lang.t("项目部职务", "Duty"),
                            required: true,
                            hint: lang.t("如 项目经理、安全员", "e.g. project manager, safety officer")
                        ),
                        submit(lang.t("增加", "Add")),
                    ]
                )
            )
        }
        return section(
            "holders",
            lang.t("三责分立与项目部", "Holders (separation of duties) and project office"),
            [
                ListView.plain(
                    [lang.t("职责", "Responsibility"), lang.t("单位", "Unit"), lang.t("责任人", "Person"), lang.t("承担日期", "Since")],
                    rows: rows
                ),
                members,
            ] + forms
        )
    }

    static func scheduleSection(_ m: ConstructionProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let rows: [[HNode]] = m.milestones.map { ms in
            let state: HNode
            if ms.late {
                state = red(ms.row.actualOn == nil ? lang.t("已延误", "Late") : lang.t("延期完成", "Reached late"))
            } else if ms.row.actualOn != nil {
                state = txt(lang.t("按期完成", "On time"))
            } else {
                state = el("span", [("class", "muted")], txt(lang.t("未到期", "Not due")))
            }
            var action: HNode = .empty
            if m.canWrite && ms.row.actualOn == nil {
                action = postForm(
                    v,
                    action: .constructionProjectAction(m.row.id, "milestones"),
                    class: "inline",
                    [
                        void("input", [("type", "hidden"), ("name", "name"), ("value", ms.row.name)]),
                        void("input", [("type", "hidden"), ("name", "plannedOn"), ("value", ms.row.plannedOn)]),
                        void(
                            "input",
                            [("type", "date"), ("name", "actualOn"), ("value", m.today), ("aria-label", lang.t("实际日期", "Actual date"))]
                        ),
                        el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("记录完成", "Record reached"))),
                    ]
                )
            }
            return [
                txt(ms.row.name), ms.late ? red(ms.row.plannedOn) : txt(ms.row.plannedOn), txt(ms.row.actualOn ?? "—"), state, action,
            ]
        }
        var children: [HNode] = [
            el("h3", [], txt(lang.t("里程碑节点", "Milestones"))),
            m.milestones.isEmpty
                ? muted(lang.t("尚无节点。", "No milestone yet."))
                : ListView.plain(
                    [lang.t("节点", "Milestone"), lang.t("计划日期", "Planned"), lang.t("实际日期", "Actual"), lang.t("状态", "State"), ""],
                    rows: rows
                ),
        ]
        if m.canWrite {
            let f = m.form("milestones").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .constructionProjectAction(m.row.id, "milestones"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("增加或修改节点", "Add or change a milestone"))),
                        f.summary(),
                        f.text(
                            "name",
                            lang.t("节点名称", "Milestone"),
                            required: true,
                            hint: lang.t("同名节点将被修改", "A milestone of the same name is changed")
                        ),
                        f.text("plannedOn", lang.t("计划日期", "Planned date"), required: true, type: "date"),
                        f.text("actualOn", lang.t("实际日期", "Actual date"), type: "date"),
                        submit(lang.t("保存节点", "Save the milestone")),
                    ]
                )
            )
        }
        children.append(el("h3", [], txt(lang.t("形象进度", "Progress reports"))))
        children.append(
            m.progress.isEmpty
                ? muted(lang.t("尚无进度报告。", "No progress report yet."))
                : ListView.plain(
                    [lang.t("日期", "Date"), lang.t("形象进度", "Progress"), lang.t("进展情况", "Note"), lang.t("填报人", "By")],
                    rows: m.progress.map { [txt($0.onDate), progressBar($0.percent), txt($0.note), txt($0.by)] }
                )
        )
        if m.canWrite {
            let f = m.form("progress").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .constructionProjectAction(m.row.id, "progress"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("填报进度", "Report progress"))),
                        f.summary(),
                        f.text("onDate", lang.t("日期", "Date"), value: m.today, required: true, type: "date"),
                        f.text(
                            "percent",
                            lang.t("形象进度（%）", "Progress (%)"),
                            required: true,
                            type: "number",
                            attributes: [("min", "0"), ("max", "100")]
                        ),
                        f.textarea("note", lang.t("进展情况", "Note"), rows: 2, required: true),
                        submit(lang.t("填报", "Report")),
                    ]
                )
            )
        }
        return section("schedule", lang.t("进度管理", "Schedule and progress"), children)
    }

    static func costSection(_ m: ConstructionProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        var previousApproved: Int64?
        let rows: [[HNode]] = CostStage.allCases.map { stage in
            let label = txt(lang.t(EngineeringLabels.costStage(stage)))
            guard let d = m.costs.first(where: { $0.stage == stage.rawValue }) else {
                return [label, el("span", [("class", "muted")], txt(lang.t("未编制", "Not prepared"))), txt(""), txt(""), txt(""), txt("")]
            }
            let over = previousApproved.map { d.amountFen > $0 } ?? false
            if d.status == "approved" { previousApproved = d.amountFen }
            let status = txt(lang.t(EngineeringLabels.costStatus(d.status)))
            return [
                label,
                over
                    ? red(Money(fen: d.amountFen).display + lang.t("（超上一阶段）", " (over the stage before)"))
                    : txt(Money(fen: d.amountFen).display),
                d.status == "returned" ? el("span", [("class", "tag main")], status) : el("span", [("class", "tag")], status),
                el(
                    "div",
                    [],
                    txt(d.basis),
                    d.overrunReason.map { el("div", [("class", "hint")], txt(lang.t("超出原因：", "Overrun: ") + $0)) } ?? .empty
                ),
                txt(d.preparedOn + (d.preparedByName.map { " " + $0 } ?? "")),
                txt([d.decidedOn, d.decidedBy, d.decisionNote].compactMap { $0 }.joined(separator: " ")),
            ]
        }
        var children: [HNode] = [
            el(
                "div",
                [("class", "stages")],
                CostStage.allCases.map { s -> HNode in
                    let d = m.costs.first { $0.stage == s.rawValue }
                    let cls = d?.status == "approved" ? "done" : (d == nil ? "" : "now")
                    return el("span", cls.isEmpty ? [] : [("class", cls)], txt(lang.t(EngineeringLabels.costStage(s))))
                }
            ),
            ListView.plain(
                [
                    lang.t("阶段", "Stage"), lang.t("金额", "Amount"), lang.t("状态", "Status"), lang.t("编制依据", "Basis"),
                    lang.t("编制", "Prepared"),
                    lang.t("审批", "Decision"),
                ],
                rows: rows,
                numeric: [1]
            ),
        ]
        if m.canDecide {
            for d in m.costs where d.status == "prepared" {
                let action = "costs/\(d.id)/decision"
                let f = m.form(action).kit(lang)
                let stage = lang.t(EngineeringLabels.costStage(CostStage(rawValue: d.stage) ?? .estimate))
                children.append(
                    postForm(
                        v,
                        action: .constructionProjectAction(m.row.id, action),
                        class: "card",
                        [
                            el("h3", [], txt(lang.t("审批", "Decide: ") + stage + "（" + Money(fen: d.amountFen).display + "）")),
                            f.summary(),
                            f.select(
                                "approve",
                                lang.t("审批结果", "Decision"),
                                options: [("true", lang.t("批准", "Approve")), ("false", lang.t("退回", "Return"))],
                                selected: nil,
                                required: true,
                                blank: lang.t("请选择", "Choose")
                            ),
                            check(f, "approveOverrun", lang.t("同时批准超出上一阶段的部分", "Also approve the overrun above the stage before")),
                            f.textarea("note", lang.t("审批意见", "Note"), rows: 2, hint: lang.t("退回时必填", "Required when returning")),
                            f.text("decidedOn", lang.t("审批日期", "Date"), value: m.today, type: "date"),
                            submit(lang.t("提交审批", "Record the decision")),
                        ]
                    )
                )
            }
        }
        if m.canCost {
            let f = m.form("costs").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .constructionProjectAction(m.row.id, "costs"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("编制造价文件", "Prepare a cost stage"))),
                        f.summary(),
                        muted(
                            lang.t(
                                "由本项目造价责任人或其单位人员编制；须先批准上一阶段；超出已批准的上一阶段须说明原因。",
                                "Prepared by the cost holder or their unit; the stage before must be approved; an overrun needs its reason."
                            )
                        ),
                        f.select(
                            "stage",
                            lang.t("造价阶段", "Cost stage"),
                            options: CostStage.allCases.map { ($0.rawValue, lang.t(EngineeringLabels.costStage($0))) },
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        f.text("amountWan", lang.t("金额（万元）", "Amount (10k yuan)"), required: true, attributes: [("inputmode", "decimal")]),
                        f.textarea("basis", lang.t("编制依据", "Basis"), rows: 2, required: true),
                        f.textarea("overrunReason", lang.t("超出原因", "Overrun reason"), rows: 2),
                        f.text("preparedOn", lang.t("编制日期", "Date"), value: m.today, type: "date"),
                        submit(lang.t("提交", "Submit")),
                    ]
                )
            )
        }
        return section("costs", lang.t("造价管理（估算→概算→预算→结算）", "Cost stages (estimate → settlement)"), children)
    }

    static func changesSection(_ m: ConstructionProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        var children: [HNode] = []
        if m.changes.isEmpty { children.append(muted(lang.t("尚无设计变更。", "No design change yet."))) }
        for c in m.changes {
            let proposedAs = Responsibility(rawValue: c.proposedAs).map { lang.t(EngineeringLabels.responsibility($0)) } ?? c.proposedAs
            let design: String =
                c.designAgrees.map {
                    ($0 ? lang.t("同意", "Agrees") : lang.t("不同意", "Disagrees")) + "（\(c.designReviewerName ?? "")）："
                        + (c.designOpinion ?? "")
                }
                ?? lang.t("待设计审核", "Awaiting design review")
            let cost: String =
                c.impactFen.map { Money(fen: $0).display + "（\(c.costReviewerName ?? "")）：" + (c.costOpinion ?? "") }
                ?? lang.t("待造价审核", "Awaiting cost review")
            var items: [(String, HNode)] = [
                (
                    lang.t("状态", "Status"),
                    el(
                        "span",
                        [("class", c.status == "rejected" ? "tag main" : "tag")],
                        txt(lang.t(EngineeringLabels.changeStatus(c.status)))
                    )
                ),
                (lang.t("提出", "Proposed"), txt("\(c.proposedOn) \(c.proposerName ?? "")（\(proposedAs)）")),
                (lang.t("变更原因", "Reason"), txt(c.reason)),
                (lang.t("设计审核", "Design review"), txt(design)),
                (lang.t("造价影响", "Cost impact"), txt(cost)),
            ]
            if c.needsMeeting {
                items.append((lang.t("会议决定", "Meeting"), txt(lang.t("超过园区设定，须重点项目专题会议决定", "Above the zone setting: a meeting decides"))))
            }
            if let d = c.decidedOn { items.append((lang.t("决定日期", "Decided on"), txt(d))) }
            children.append(el("h3", [], txt("#\(c.number) \(c.title)")))
            children.append(props(items))
            if c.status == "proposed" {
                if c.designAgrees == nil && m.acts.contains(.design) {
                    let action = "changes/\(c.id)/design"
                    let f = m.form(action).kit(lang)
                    children.append(
                        postForm(
                            v,
                            action: .constructionProjectAction(m.row.id, action),
                            class: "card",
                            [
                                el("h3", [], txt(lang.t("设计审核", "Design review") + " #\(c.number)")),
                                f.summary(),
                                f.select(
                                    "agrees",
                                    lang.t("是否同意", "Agree?"),
                                    options: yesNo(lang),
                                    selected: nil,
                                    required: true,
                                    blank: lang.t("请选择", "Choose")
                                ),
                                f.textarea("opinion", lang.t("设计审核意见", "Design opinion"), rows: 2, required: true),
                                submit(lang.t("提交设计审核", "Submit the design review")),
                            ]
                        )
                    )
                }
                if c.impactFen == nil && m.acts.contains(.cost) {
                    let action = "changes/\(c.id)/cost"
                    let f = m.form(action).kit(lang)
                    children.append(
                        postForm(
                            v,
                            action: .constructionProjectAction(m.row.id, action),
                            class: "card",
                            [
                                el("h3", [], txt(lang.t("造价审核", "Cost review") + " #\(c.number)")),
                                f.summary(),
                                f.text(
                                    "impactWan",
                                    lang.t("造价影响（万元，节约为负数）", "Cost impact (10k yuan, negative for a saving)"),
                                    required: true
                                ),
                                f.textarea("opinion", lang.t("造价审核意见", "Cost opinion"), rows: 2, required: true),
                                submit(lang.t("提交造价审核", "Submit the cost review")),
                            ]
                        )
                    )
                }
            }
        }
        if !m.acts.isDisjoint(with: [.design, .construction]) {
            let f = m.form("changes").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .constructionProjectAction(m.row.id, "changes"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("提出设计变更", "Propose a design change"))),
                        f.summary(),
                        f.select(
                            "proposedAs",
                            lang.t("提出方", "Proposed as"),
                            options: [Responsibility.design, .construction].map {
                                ($0.rawValue, lang.t(EngineeringLabels.responsibility($0)))
                            },
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        f.text("title", lang.t("变更事项", "Title"), required: true),
                        f.textarea("reason", lang.t("变更原因", "Reason"), rows: 3, required: true),
                        f.text("proposedOn", lang.t("提出日期", "Date"), value: m.today, type: "date"),
                        submit(lang.t("提出", "Propose")),
                    ]
                )
            )
        }
        return section("changes", lang.t("设计变更", "Design changes"), children)
    }

    static func tendersSection(_ m: ConstructionProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let rows: [[HNode]] = m.tenders.map { t in
            let late = m.overdueTenders.contains(t.id)
            return [
                link(.tender(t.id), t.package),
                txt(ProcurementMethod(rawValue: t.method).map { lang.t(EngineeringLabels.method($0)) } ?? t.method),
                txt(Money(fen: t.estimatedFen).display),
                txt(lang.t(EngineeringLabels.tenderStatus(t.status))),
                txt(t.winner ?? "—"),
                late
                    ? red((t.contractSignedOn ?? lang.t("未签", "Not signed")) + lang.t("（超过30日）", " (over 30 days)"))
                    : txt(t.contractSignedOn ?? "—"),
            ]
        }
        return section(
            "tenders",
            lang.t("招标采购", "Tenders"),
            [
                m.tenders.isEmpty
                    ? muted(lang.t("尚无招标采购。", "No tender yet."))
                    : ListView.plain(
                        [
                            lang.t("标段", "Package"), lang.t("采购方式", "Method"), lang.t("估算价", "Estimate"), lang.t("状态", "Status"),
                            lang.t("中标人", "Winner"), lang.t("合同签订", "Contract"),
                        ],
                        rows: rows,
                        numeric: [2]
                    ),
                m.canWrite
                    ? el(
                        "p",
                        [],
                        link(.tenderNew, query: [("project", m.row.id.uuidString)], lang.t("新建招标采购", "New tender"), class: "btn secondary")
                    )
                    : .empty,
            ]
        )
    }

    static func auditSection(_ m: ConstructionProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        var children: [HNode] = [el("h3", [], txt(lang.t("跟踪审计单位", "Tracking audit")))]
        children.append(
            m.audits.isEmpty
                ? muted(lang.t("尚未委托跟踪审计单位。", "No tracking audit assigned yet."))
                : ListView.plain(
                    [
                        lang.t("单位", "Firm"), lang.t("委托日期", "Assigned"), lang.t("理由", "Reason"), lang.t("结束", "Ended"),
                        lang.t("评价", "Rating"),
                    ],
                    rows: m.audits.map { a in
                        [
                            txt(a.firmName), txt(a.assignedOn), txt(a.reason ?? lang.t("按轮换", "By rotation")),
                            txt(a.endedOn ?? lang.t("在审", "In progress")),
                            txt(a.rating.map { "\($0) / 5" + (a.ratingNote.map { " " + $0 } ?? "") } ?? "—"),
                        ]
                    }
                )
        )
        if m.canCost {
            if let active = m.audits.first(where: { $0.endedOn == nil }) {
                let action = "audit/\(active.id)/rating"
                let f = m.form(action).kit(lang)
                children.append(
                    postForm(
                        v,
                        action: .constructionProjectAction(m.row.id, action),
                        class: "card",
                        [
                            el("h3", [], txt(lang.t("结束并评价：", "End and rate: ") + active.firmName)),
                            f.summary(),
                            f.select(
                                "rating",
                                lang.t("评价（1–5 分）", "Rating (1–5)"),
                                options: (1...5).reversed().map { (String($0), String($0)) },
                                selected: nil,
                                required: true,
                                blank: lang.t("请选择", "Choose")
                            ),
                            f.textarea("note", lang.t("评价说明", "Note"), rows: 2),
                            f.text("endedOn", lang.t("结束日期", "End date"), value: m.today, type: "date"),
                            submit(lang.t("结束并评价", "End and rate")),
                        ]
                    )
                )
            } else {
                let f = m.form("audit").kit(lang)
                children.append(
                    postForm(
                        v,
                        action: .constructionProjectAction(m.row.id, "audit"),
                        class: "card",
                        [
                            el("h3", [], txt(lang.t("委托跟踪审计单位", "Assign the tracking audit"))),
                            f.summary(),
                            muted(
                                lang.t("按轮换应委托：", "The rotation's next firm: ")
                                    + (m.rotationNext ?? lang.t("没有符合条件的单位", "no eligible firm"))
                            ),
                            f.select(
                                "firmId",
                                lang.t("单位", "Firm"),
                                options: m.firmOptions,
                                selected: nil,
                                blank: lang.t("按轮换顺序", "By rotation")
                            ),
                            f.textarea("reason", lang.t("不按轮换的理由", "Reason for another firm"), rows: 2),
                            f.text("assignedOn", lang.t("委托日期", "Date"), value: m.today, type: "date"),
                            submit(lang.t("委托", "Assign")),
                        ]
                    )
                )
            }
        }
        children.append(el("h3", [], txt(lang.t("进度款", "Progress payments"))))
        if !m.contracts.isEmpty {
            children.append(
                ListView.plain(
                    [
                        lang.t("合同", "Contract"), lang.t("合同价", "Price"), lang.t("已支付", "Paid"),
                        lang.t("结算前支付上限（\(m.ceilingPercent)%）", "Ceiling before settlement (\(m.ceilingPercent)%)"),
                    ],
                    rows: m.contracts.map { c in
                        let cap = PaymentRule.ceiling(contractPrice: Money(fen: c.contractFen), percent: m.ceilingPercent)
                        return [
                            txt(c.package), txt(Money(fen: c.contractFen).display),
                            c.paidFen > cap.fen ? red(Money(fen: c.paidFen).display) : txt(Money(fen: c.paidFen).display),
                            txt(cap.display + "（" + lang.t("尚可支付 ", "left ") + Money(fen: max(cap.fen - c.paidFen, 0)).display + "）"),
                        ]
                    },
                    numeric: [1, 2]
                )
            )
        }
        let rows: [[HNode]] = m.payments.map { p in
            var action: HNode = .empty
            if m.canCost && p.status != "paid" {
                let confirm = "payments/\(p.id)/confirm"
                let pay = "payments/\(p.id)/pay"
                let fc = m.form(confirm).kit(lang)
                let fp = m.form(pay).kit(lang)
                action = .group(
                    p.status == "requested"
                        ? postForm(
                            v,
                            action: .constructionProjectAction(m.row.id, confirm),
                            [
                                fc.summary(),
                                fc.text(
                                    "confirmedWan",
                                    lang.t("审计确认金额（万元）", "Confirmed (10k yuan)"),
                                    value: Money(fen: p.requestedFen).wanText,
                                    required: true
                                ),
                                fc.text("confirmedOn", lang.t("确认日期", "Date"), value: m.today, type: "date"),
                                el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("审计确认", "Confirm"))),
                            ]
                        ) : .empty,
                    p.status == "confirmed"
                        ? postForm(
                            v,
                            action: .constructionProjectAction(m.row.id, pay),
                            [
                                fp.summary(),
                                fp.text(
                                    "paidWan",
                                    lang.t("支付金额（万元）", "Paid (10k yuan)"),
                                    value: Money(fen: p.confirmedFen ?? 0).wanText,
                                    required: true
                                ),
                                fp.text("paidOn", lang.t("支付日期", "Date"), value: m.today, type: "date"),
                                el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("支付", "Pay"))),
                            ]
                        ) : .empty
                )
            }
            return [
                txt(p.package), txt(p.period), txt(Money(fen: p.requestedFen).display + " " + p.requestedOn),
                txt(
                    p.confirmedFen.map { Money(fen: $0).display + " " + (p.confirmedOn ?? "") + (p.firmName.map { " " + $0 } ?? "") } ?? "—"
                ),
                txt(p.paidFen.map { Money(fen: $0).display + " " + (p.paidOn ?? "") } ?? "—"),
                txt(lang.t(EngineeringLabels.paymentStatus(p.status))), action,
            ]
        }
        children.append(
            m.payments.isEmpty
                ? muted(lang.t("尚无进度款。", "No progress payment yet."))
                : ListView.plain(
                    [
                        lang.t("合同", "Contract"), lang.t("期次", "Period"), lang.t("申请", "Requested"), lang.t("审计确认", "Confirmed"),
                        lang.t("支付", "Paid"), lang.t("状态", "Status"), "",
                    ],
                    rows: rows
                )
        )
        if m.canCost {
            let f = m.form("payments").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .constructionProjectAction(m.row.id, "payments"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("申请进度款", "Request a payment"))),
                        f.summary(),
                        f.select(
                            "tenderId",
                            lang.t("合同", "Contract"),
                            options: m.contracts.map { ($0.id.uuidString, $0.package + "（" + Money(fen: $0.contractFen).display + "）") },
                            selected: nil,
                            required: true,
                            blank: m.contracts.isEmpty ? lang.t("尚无已签订的合同", "No signed contract yet") : lang.t("请选择", "Choose")
                        ),
                        f.text("period", lang.t("支付期次", "Period"), required: true, hint: lang.t("如 2026-10 或 第3期", "e.g. 2026-10")),
                        f.text(
                            "requestedWan",
                            lang.t("申请金额（万元）", "Requested (10k yuan)"),
                            required: true,
                            attributes: [("inputmode", "decimal")]
                        ),
                        f.text("requestedOn", lang.t("申请日期", "Date"), value: m.today, type: "date"),
                        submit(lang.t("申请", "Request")),
                    ]
                )
            )
        }
        return section("audit", lang.t("跟踪审计与进度款", "Tracking audit and progress payments"), children)
    }

    static func timelineSection(_ m: ConstructionProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let rows: [[HNode]] = m.timeline.map { e in
            [
                e.late ? red(e.date) : txt(e.date),
                el("span", [("class", "tag")], txt(lang.t(e.kind))),
                e.url.map { link($0, e.text) } ?? (e.late ? red(e.text) : txt(e.text)),
            ]
        }
        return section(
            "timeline",
            lang.t("项目时间线（最新在前）", "Timeline (newest first)"),
            [
                m.timeline.isEmpty
                    ? muted(lang.t("尚无记录。", "Nothing recorded yet."))
                    : ListView.plain([lang.t("日期", "Date"), lang.t("事项", "Event"), lang.t("内容", "Details")], rows: rows)
            ]
        )
    }

    // MARK: audit firms

    static func auditFirms(_ m: AuditFirmsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let rows: [[HNode]] = m.firms.map { f in
            let r = f.row
            let average = r.rated > 0 ? String(format: "%.1f", Double(r.ratingSum) / Double(r.rated)) : "—"
            return [
                f.place.map { $0 == 1 ? el("strong", [], txt(lang.t("1（下一家）", "1 (next)"))) : txt(String($0)) }
                    ?? el("span", [("class", "muted")], txt("—")),
                el("div", [], txt(r.name), r.creditCode.map { el("div", [("class", "hint")], txt($0)) } ?? .empty),
                txt(AuditFirmService.lines(r.qualifications).joined(separator: "、")),
                txt(r.related.isEmpty ? "—" : AuditFirmService.lines(r.related).joined(separator: "、")),
                r.active ? txt(lang.t("在册", "Active")) : el("span", [("class", "tag main")], txt(lang.t("停用", "Inactive"))),
                txt(r.lastAssignedOn ?? "—"), txt(String(r.jobs)), txt(average),
                m.canWrite ? link(.auditFirmAction(r.id, "edit"), lang.t("修改", "Edit")) : .empty,
            ]
        }
        let f = m.form.kit(lang)
        let form: HNode =
            m.canWrite
            ? postForm(
                v,
                action: m.editing.map { .auditFirmAction($0.id, "edit") } ?? .auditFirms,
                class: "card",
                [
                    el("h2", [], txt(m.editing.map { lang.t("修改：", "Edit: ") + $0.name } ?? lang.t("登记单位", "Register a firm"))),
                    f.summary(),
                    f.text("name", lang.t("单位名称", "Name"), required: true),
                    f.text("creditCode", lang.t("统一社会信用代码", "Unified social credit code")),
                    f.textarea(
                        "qualifications",
                        lang.t("资质（每行一项）", "Qualifications (one a line)"),
                        value: m.editing == nil ? AuditFirmService.defaultQualification : "",
                        rows: 2,
                        required: true
                    ),
                    f.textarea(
                        "related",
                        lang.t("关联单位（每行一家）", "Related companies (one a line)"),
                        rows: 2,
                        hint: lang.t("与其有股权、管理或近期合作关系的单位，不得审计这些单位承建的项目", "It may not audit projects these companies build")
                    ),
                    check(f, "active", lang.t("在册（参加轮换）", "Active (in the rotation)"), checked: m.editing?.active ?? true),
                    submit(m.editing == nil ? lang.t("登记", "Register") : lang.t("保存", "Save")),
                    m.editing == nil
                        ? .group(txt("　"), link(.auditFirmsImport, lang.t("从 Excel (CSV) 导入名录", "Import the registry from Excel (CSV)")))
                        : .group(txt("　"), link(.auditFirms, lang.t("取消", "Cancel"))),
                ]
            ) : .empty
        return .group(
            muted(
                lang.t(
                    "跟踪审计按轮换委托：在册且具备“\(m.qualification)”资质的单位，最久未受委托者优先；与项目施工或设计单位有关联的不得委托。",
                    "Tracking audits rotate: among active firms qualified for “\(m.qualification)”, the longest unassigned comes first; "
                        + "a firm related to the project's contractor or designer is skipped."
                )
            ),
            m.firms.isEmpty
                ? muted(lang.t("尚无登记的单位。", "No firm registered yet."))
                : ListView.plain(
                    [
                        lang.t("轮换顺序", "Rotation"), lang.t("单位", "Firm"), lang.t("资质", "Qualifications"), lang.t("关联单位", "Related"),
                        lang.t("状态", "State"), lang.t("最近委托", "Last assigned"), lang.t("委托次数", "Jobs"), lang.t("平均评价", "Average rating"),
                        "",
                    ],
                    rows: rows,
                    numeric: [6, 7]
                ),
            el("div", [("class", "spaced")], form)
        )
    }
}
