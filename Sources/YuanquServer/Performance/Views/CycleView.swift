import Foundation
import YuanquKit

/// A cycle: its status and the next step, the units' and teams' ranking, charts, ties awaiting a decision,
/// objections, entered values.
enum CycleView {
    static func view(_ m: CyclePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let set = m.gradeSet
        let f = m.form.kit(lang)
        return .group(
            m.form.message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            f.summary(),
            el(
                "p",
                [],
                txt(
                    lang.t(m.kind.label) + " · " + m.startsOn + " – " + m.endsOn + " · " + lang.t(PerformanceLabels.cycleStatus(m.status))
                        + " · "
                ),
                link(.scheme(m.scheme.id), "\(m.scheme.name) v\(m.scheme.version)"),
                m.noticeStart.map { txt(lang.t("　公示期：\($0) 至 \(m.noticeEnds ?? "")", "  Notice: \($0) to \(m.noticeEnds ?? "")")) }
                    ?? .empty
            ),
            el("div", [("class", "toolbar")], actions(m, v)),
            m.ties.isEmpty ? .empty : ties(m, v),
            el("h2", [], txt(lang.t("部门排名", "Units ranked"))),
            m.units.isEmpty
                ? el(
                    "p",
                    [("class", "muted")],
                    txt(
                        lang.t(
                            "尚未计算结果：评价和指标实际值录入后，点“计算结果”生成排名、等次和绩效工资。",
                            "No results yet: once ratings and actual values are in, “Compute” ranks, grades and pays."
                        )
                    )
                ) : el("p", [("class", "hint")], txt(lang.t(PerformanceLabels.quotaNote))),
            m.units.isEmpty
                ? .empty
                : ListView.plain(
                    [
                        lang.t("名次", "Rank"), lang.t("部门", "Unit"), lang.t("得分", "Score"), lang.t("等次", "Grade"),
                        lang.t("参加考核人数", "People"),
                        lang.t("个人优秀人数", "Excellent"),
                    ],
                    rows: m.units.map { u in
                        [
                            txt(u.rank.map(String.init) ?? "—"), link(.cycleUnit(m.id, unit: u.id), u.name), txt(score(u.score)),
                            txt(lang.t(PerformanceLabels.grade(u.grade, set))),
                            txt(String(u.people)), txt(String(u.excellent)),
                        ]
                    },
                    numeric: [2, 4, 5]
                ),
            m.teams.isEmpty ? .empty : el("h2", [], txt(lang.t("招商小组排名", "Teams ranked"))),
            m.teams.isEmpty
                ? .empty
                : ListView.plain(
                    [lang.t("名次", "Rank"), lang.t("小组", "Team"), lang.t("得分", "Score"), lang.t("等次", "Grade")],
                    rows: m.teams.map { t in
                        [
                            txt(t.rank.map(String.init) ?? "—"), txt(t.name), txt(score(t.score)),
                            txt(lang.t(PerformanceLabels.grade(t.grade, set))),
                        ]
                    },
                    numeric: [2]
                ),
            m.personScores.isEmpty
                ? .empty
                : PerformanceViews.charts([
                    PerformanceViews.histogram(m.personScores, title: lang.t("个人得分分布", "Person scores")),
                    PerformanceViews.gradeChart(m.personGrades, set: set, lang: lang, title: lang.t("个人等次分布", "Person grades")),
                ]),
            objections(m, v),
            m.canManage && (m.status == "open" || m.status == "computed") && !m.enteredIndicators.isEmpty ? valueForm(m, v) : .empty
        )
    }

    static func actions(_ m: CyclePage, _ v: ViewContext) -> [HNode] {
        let lang = v.lang
        var nodes: [HNode] = [link(.performance, lang.t("返回", "Back"), class: "btn secondary")]
        if m.canManage && (m.status == "open" || m.status == "computed") {
            nodes.append(
                actionButton(
                    v,
                    action: .cycleAction(m.id, "compute"),
                    label: m.status == "open" ? lang.t("计算结果", "Compute") : lang.t("重新计算", "Compute again")
                )
            )
        }
        if m.canManage && m.status == "computed" {
            nodes.append(
                actionButton(
                    v,
                    action: .cycleAction(m.id, "publish"),
                    label: lang.t("公示结果", "Publish for notice"),
                    confirm: lang.t("公示后结果不能再修改，确定公示？", "Published results cannot change. Publish?")
                )
            )
        }
        if m.canManage && m.status == "notice" {
            nodes.append(actionButton(v, action: .cycleAction(m.id, "finalise"), label: lang.t("公示期满，定稿", "Make final")))
        }
        if m.status == "notice" || m.status == "final" {
            nodes.append(link(.cycleNotice(m.id), lang.t("公示通知（可打印）", "Notice (printable)"), class: "btn secondary"))
        }
        if !m.personScores.isEmpty {
            nodes.append(link(.cyclePay(m.id), lang.t("绩效工资表", "Pay sheet"), class: "btn secondary"))
        }
        return nodes
    }

    static func ties(_ m: CyclePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return el(
            "section",
            [("class", "panel perf-panel")],
            [
                el("h2", [], txt(lang.t("优秀名额线上并列，待决定", "Tied at the quota line: decision needed"))),
                el(
                    "p",
                    [],
                    txt(
                        lang.t(
                            "以下人员得分相同、处在名额线上。须按记录的决定排序（先者优先），不得默认裁减；决定前不能公示。",
                            "These are tied at the line. Order them by a recorded decision; results cannot be published before."
                        )
                    )
                ),
            ]
                + m.ties.map { t in
                    .group(
                        el("h3", [], txt(t.label + "：" + t.people.map(\.name).joined(separator: "、"))),
                        m.canDecide
                            ? postForm(
                                v,
                                action: .cycleAction(m.id, "ties"),
                                [
                                    void("input", [("type", "hidden"), ("name", "group"), ("value", t.group)]),
                                    el(
                                        "label",
                                        [],
                                        txt(lang.t("排序（先者优先）", "Order (best first)")),
                                        el(
                                            "select",
                                            [("name", "order"), ("aria-label", lang.t("排序", "Order"))],
                                            orders(t.people).map { o in
                                                el(
                                                    "option",
                                                    [("value", o.map(\.id).joined(separator: ","))],
                                                    txt(o.map(\.name).joined(separator: " > "))
                                                )
                                            }
                                        )
                                    ),
                                    void(
                                        "input",
                                        [("name", "deciders"), ("placeholder", lang.t("决定人（如：考核领导小组）", "Deciders")), ("required", nil)]
                                    ),
                                    void(
                                        "input",
                                        [("name", "grounds"), ("placeholder", lang.t("依据", "Grounds")), ("required", nil), ("size", "40")]
                                    ),
                                    el("button", [("type", "submit"), ("class", "btn")], txt(lang.t("记录决定", "Record decision"))),
                                ]
                            ) : .empty
                    )
                }
        )
    }

    /// Every order of a few tied people (up to four: 24 orders); more are offered in the order given and its reverse.
    static func orders(_ people: [(id: String, name: String)]) -> [[(id: String, name: String)]] {
        guard people.count <= 4 else { return [people, people.reversed()] }
        if people.count <= 1 { return [people] }
        return people.indices.flatMap { i in
            var rest = people
            let first = rest.remove(at: i)
            return orders(rest).map { [first] + $0 }
        }
    }

    static func objections(_ m: CyclePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        guard m.status == "notice" || m.status == "final" || !m.objections.isEmpty else { return .empty }
        return el(
            "section",
            [("class", "panel perf-panel")],
            el("h2", [], txt(lang.t("异议", "Objections"))),
            m.objections.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无异议。", "None.")))
                : ListView.plain(
                    [lang.t("对象", "Subject"), lang.t("异议", "Objection"), lang.t("提出日期", "Raised"), lang.t("处理", "Resolution")],
                    rows: m.objections.map { o in
                        [
                            txt(o.subject), txt(o.text), el("span", [("class", "nowrap")], txt(o.raisedOn)),
                            o.resolution.map { r in
                                txt(
                                    (o.upheld ? lang.t("【支持，结果重新计算】", "[Upheld: results recomputed] ") : lang.t("【不支持】", "[Dismissed] "))
                                        + r
                                        + "（\(o.resolvedOn ?? "")\(o.deciders.map { "，" + $0 } ?? "")）"
                                )
                            }
                                ?? (m.canManage
                                    ? postForm(
                                        v,
                                        action: .objectionResolve(cycle: m.id, objection: o.id),
                                        class: "inline",
                                        [
                                            void(
                                                "input",
                                                [("name", "resolution"), ("placeholder", lang.t("处理结果", "Resolution")), ("required", nil)]
                                            ),
                                            void("input", [("name", "deciders"), ("placeholder", lang.t("决定人", "Deciders"))]),
                                            el(
                                                "label",
                                                [],
                                                void("input", [("type", "checkbox"), ("name", "upheld"), ("value", "true")]),
                                                txt(lang.t(" 支持异议（退回重算）", " Upheld (recompute)"))
                                            ),
                                            el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("处理", "Resolve"))),
                                        ]
                                    ) : txt(lang.t("待处理", "Open"))),
                        ]
                    }
                ),
            m.status == "notice" && m.canManage
                ? postForm(
                    v,
                    action: .cycleAction(m.id, "objections"),
                    class: "toolbar",
                    [
                        el(
                            "select",
                            [("name", "subjectId"), ("aria-label", lang.t("异议对象", "Subject"))],
                            m.subjects.map { el("option", [("value", $0.id.uuidString)], txt($0.name)) }
                        ),
                        void(
                            "input",
                            [("name", "text"), ("placeholder", lang.t("异议内容", "The objection")), ("required", nil), ("size", "40")]
                        ),
                        el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("登记异议", "Record objection"))),
                    ]
                ) : .empty
        )
    }

    static func valueForm(_ m: CyclePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        let kinds = Set(m.enteredIndicators.map(\.assessee))
        let subjects = m.subjects.filter { kinds.contains($0.assessee) }
        guard !subjects.isEmpty else {
            return el(
                "section",
                [("class", "panel perf-panel")],
                el("h2", [], txt(lang.t("录入指标实际值", "Enter an actual value"))),
                el(
                    "p",
                    [("class", "muted")],
                    txt(
                        lang.t(
                            "考核对象在第一次“计算结果”后列出；计算后可在此录入实际值，再重新计算。",
                            "The subjects are listed after the first “Compute”; then enter values here and compute again."
                        )
                    )
                )
            )
        }
        return el(
            "section",
            [("class", "panel perf-panel")],
            el("h2", [], txt(lang.t("录入指标实际值", "Enter an actual value"))),
            postForm(
                v,
                action: .cycleAction(m.id, "values"),
                class: "perf-form",
                [
                    el(
                        "div",
                        [("class", "perf-fields")],
                        PerformanceViews.wide(
                            f.select(
                                "indicator",
                                lang.t("指标", "Indicator"),
                                options: m.enteredIndicators.map { ($0.code, "\($0.code) \($0.name)") },
                                selected: nil,
                                required: true
                            )
                        ),
                        f.select(
                            "subjectId",
                            lang.t("考核对象", "Assessed"),
                            options: subjects.map { ($0.id.uuidString, $0.name) },
                            selected: nil,
                            required: true
                        ),
                        f.text("value", lang.t("实际值", "Actual value"), required: true, attributes: [("inputmode", "decimal")]),
                        PerformanceViews.full(f.textarea("evidence", lang.t("佐证说明", "Evidence"), rows: 2, required: true))
                    ),
                    el("button", [("type", "submit"), ("class", "btn")], txt(lang.t("保存", "Save"))),
                ]
            )
        )
    }
}
