import YuanquKit

/// A construction project's page: its head, holders and schedule.
extension EngineeringViews {
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
}
