import YuanquKit

/// Accountability cases (问责): the list, the form that opens one, and a case's page with its fault-tolerance claim
/// (容错), the judgement and the correction plan (纠错).
enum CaseViews {
    static func claimStatus(_ s: String?, _ lang: Lang) -> HNode {
        let label = lang.t(CaseService.claimStatusLabel(s))
        switch s {
        case "granted"?: return el("span", [("class", "tag")], txt("✓ " + label))
        case "refused"?: return el("span", [("class", "tag main")], txt(label))
        case "pending"?: return el("span", [("class", "tag")], txt(label))
        default: return el("span", [("class", "muted")], txt(label))
        }
    }

    // MARK: list

    static func list(_ m: CaseListPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let bar = ListView.filterBar(
            params: m.params,
            base: .cases,
            selects: [
                (
                    "status", lang.t("容错申请", "Claim"),
                    CaseQueries.claimFilterValues.map { ($0, lang.t(CaseService.claimStatusLabel($0 == "none" ? nil : $0))) }
                )
            ],
            zones: m.zoneOptions,
            lang: lang,
            export: nil,
            actions: m.newCase.map { [link($0, lang.t("登记问责", "Open a case"), class: "btn")] } ?? []
        )
        let columns: [ListView.Column] = [
            .init(key: "person", label: lang.t("人员", "Person"), sortable: false),
            .init(key: "unit", label: lang.t("单位", "Unit"), sortable: false),
            .init(key: "sanction", label: lang.t("问责方式", "Sanction"), sortable: false),
            .init(key: "cycle", label: lang.t("考核周期", "Cycle"), sortable: false),
            .init(key: "openedOn", label: lang.t("问责日期", "Date"), sortable: false),
            .init(key: "claim", label: lang.t("容错申请", "Claim"), sortable: false),
        ]
        let rows: [[HNode]] = m.rows.map { r in
            [
                link(r.url, r.person), txt(r.unit ?? "—"), txt(lang.t(r.sanction)), txt(r.cycle), txt(r.openedOn),
                claimStatus(r.claimStatus, lang),
            ]
        }
        return .group(
            bar,
            ListView.table(columns, rows: rows, params: m.params, base: .cases, lang: lang),
            ListView.pager(total: m.total, params: m.params, pageSize: m.pageSize, base: .cases, lang: lang)
        )
    }

    // MARK: new case

    static func new(_ m: CaseNewPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        let none = lang.t("无", "None")
        let effects: HNode =
            m.cycles.isEmpty
            ? .empty
            : .group(
                el("h2", [], txt(lang.t("各周期方案规定的问责影响", "The effect each cycle's scheme declares"))),
                ListView.plain(
                    [lang.t("考核周期", "Cycle")] + Sanction.allCases.map { lang.t($0.label.zh, $0.label.en) },
                    rows: m.cycles.map { c in
                        [txt(c.name)] + c.effects.map { e in txt(e.effect.map { lang.t($0) } ?? none) }
                    }
                )
            )
        return .group(
            m.form.alert(lang),
            postForm(
                v,
                action: .cases,
                class: "card",
                [
                    f.summary(),
                    f.select(
                        "personId",
                        lang.t("被问责人员", "Person"),
                        options: m.people,
                        selected: nil,
                        required: true,
                        blank: lang.t("请选择", "Choose")
                    ),
                    f.select(
                        "cycleId",
                        lang.t("计入考核周期", "Assessment cycle"),
                        options: m.cycles.map { ($0.id.uuidString, $0.name + "（" + lang.t(CaseService.cycleStatusLabel($0.status)) + "）") },
                        selected: nil,
                        required: true,
                        blank: m.cycles.isEmpty
                            ? lang.t("没有结果未公示的考核周期", "No cycle with unpublished results") : lang.t("请选择", "Choose")
                    ),
                    f.textarea(
                        "facts",
                        lang.t("问责事实", "Facts"),
                        rows: 4,
                        required: true,
                        hint: lang.t("不超过 2000 字", "At most 2000 characters")
                    ),
                    f.textarea(
                        "finding",
                        lang.t("认定结论", "Finding"),
                        rows: 3,
                        required: true,
                        hint: lang.t("不超过 2000 字", "At most 2000 characters")
                    ),
                    f.select(
                        "sanction",
                        lang.t("问责方式", "Sanction"),
                        options: Sanction.allCases.map { ($0.rawValue, lang.t($0.label.zh, $0.label.en)) },
                        selected: nil,
                        required: true,
                        blank: lang.t("请选择", "Choose")
                    ),
                    f.text(
                        "deciders",
                        lang.t("决定人", "Deciders"),
                        required: true,
                        hint: lang.t("作出问责决定的人员姓名，多人以顿号分隔", "Names of those who decided, separated by commas")
                    ),
                    f.text("openedOn", lang.t("问责日期", "Date"), value: m.today, required: true, type: "date"),
                    el("button", [("type", "submit")], txt(lang.t("登记", "Open the case"))),
                ]
            ),
            effects
        )
    }

    // MARK: case page

    static func show(_ m: CasePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let effect: HNode =
            m.effect.map { e in
                m.exempted
                    ? .group(
                        el("s", [], txt(lang.t(e))),
                        txt(" "),
                        el(
                            "span",
                            [("class", "tag")],
                            txt(lang.t("已容错免除，对考核和绩效工资不产生影响", "Removed by the granted claim: no effect on assessment or pay"))
                        )
                    )
                    : txt(lang.t(e))
            } ?? el("span", [("class", "muted")], txt(lang.t("考核方案未规定对考核的影响", "The scheme declares no effect on the assessment")))
        func prop(_ label: String, _ value: HNode) -> [HNode] { [el("dt", [], txt(label)), el("dd", [], value)] }
        let props: [HNode] =
            prop(lang.t("被问责人员", "Person"), m.personURL.map { link($0, m.person) } ?? txt(m.person))
            + prop(lang.t("单位", "Unit"), txt(m.unit ?? "—"))
            + prop(
                lang.t("计入考核周期", "Assessment cycle"),
                txt(m.cycle + "（" + lang.t(CaseService.cycleStatusLabel(m.cycleStatus)) + "）")
            )
            + prop(lang.t("问责事实", "Facts"), el("div", [("class", "pre-line")], txt(m.facts)))
            + prop(lang.t("认定结论", "Finding"), el("div", [("class", "pre-line")], txt(m.finding)))
            + prop(lang.t("问责方式", "Sanction"), txt(lang.t(m.sanction)))
            + prop(lang.t("对考核的影响", "Effect on the assessment"), effect)
            + prop(lang.t("决定人", "Deciders"), txt(m.deciders))
            + prop(lang.t("问责日期", "Date"), txt(m.openedOn))
        return .group(
            m.error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            el("p", [], link(.cases, lang.t("← 问责与容错", "← Accountability"))),
            el("dl", [("class", "props")], props),
            el("h2", [], txt(lang.t("容错申请", "Fault-tolerance claim"))),
            claimSection(m, v),
            m.claim?.status == "granted" ? correctionSection(m, v) : .empty
        )
    }

    static func claimSection(_ m: CasePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        guard let c = m.claim else {
            return .group(
                el("p", [("class", "muted")], txt(lang.t("尚未申请容错。", "No claim has been filed."))),
                m.judgeBlocked.map { el("div", [("class", "alert alert-warn"), ("role", "status")], txt(lang.t($0))) } ?? .empty,
                m.fileClaim.map { claimForm(m, action: $0, v) } ?? .empty
            )
        }
        let rows: [[HNode]] = c.conditions.map { a in
            [
                txt(lang.t(CaseService.conditionLabel(a.condition))),
                txt(a.statement.isEmpty ? "—" : a.statement),
                a.met.map { $0 ? txt(lang.t("符合", "Met")) : el("strong", [("class", "error")], txt(lang.t("不符合", "Not met"))) }
                    ?? el("span", [("class", "muted")], txt(lang.t("待认定", "Not judged"))),
                txt(a.evidence.isEmpty ? "—" : a.evidence),
            ]
        }
        var judgement: [HNode] = []
        if let decided = c.decidedOn {
            judgement = [
                el(
                    "dl",
                    [("class", "props")],
                    [
                        el("dt", [], txt(lang.t("认定结果", "Judgement"))), el("dd", [], claimStatus(c.status, lang)),
                        el("dt", [], txt(lang.t("认定人", "Deciders"))), el("dd", [], txt(c.deciders ?? "")),
                        el("dt", [], txt(lang.t("认定理由", "Grounds"))),
                        el("dd", [], el("div", [("class", "pre-line")], txt(c.grounds ?? ""))),
                        el("dt", [], txt(lang.t("认定日期", "Decided on"))), el("dd", [], txt(decided)),
                    ]
                )
            ]
        }
        return .group(
            el(
                "p",
                [],
                claimStatus(c.status, lang),
                txt(lang.t("　申请日期 ", "  Filed on ") + c.filedOn)
            ),
            ListView.plain(
                [lang.t("容错条件", "Condition"), lang.t("申请陈述", "Statement"), lang.t("认定", "Finding"), lang.t("依据", "Evidence")],
                rows: rows
            ),
            .group(judgement),
            m.judgeBlocked.map { el("div", [("class", "alert alert-warn"), ("role", "status")], txt(lang.t($0))) } ?? .empty,
            m.judge.map { judgementForm(m, action: $0, v) } ?? .empty
        )
    }

    static func claimForm(_ m: CasePage, action: SiteURL, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.claimForm.kit(lang)
        return postForm(
            v,
            action: action,
            class: "card",
            [
                el("h3", [], txt(lang.t("提出容错申请", "File a claim"))),
                f.summary(),
                el(
                    "p",
                    [("class", "muted")],
                    txt(
                        lang.t(
                            "每项条件可先作陈述，认定时逐项核实并附依据。",
                            "A statement per condition is optional now; each is checked with evidence when judged."
                        )
                    )
                ),
                .group(
                    ToleranceCondition.allCases.map { c in
                        f.textarea("statements.\(c.rawValue)", lang.t(CaseService.conditionLabel(c)), rows: 2)
                    }
                ),
                f.text("filedOn", lang.t("申请日期", "Filed on"), value: m.today, required: true, type: "date"),
                el("button", [("type", "submit")], txt(lang.t("提出申请", "File the claim"))),
            ]
        )
    }

    static func judgementForm(_ m: CasePage, action: SiteURL, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.judgementForm.kit(lang)
        let answers = [("true", lang.t("符合", "Met")), ("false", lang.t("不符合", "Not met"))]
        return postForm(
            v,
            action: action,
            class: "card",
            [
                el("h3", [], txt(lang.t("容错认定", "Judge the claim"))),
                f.summary(),
                el(
                    "p",
                    [("class", "muted")],
                    txt(
                        lang.t(
                            "四项条件均认定符合且均有依据的，予以容错，问责对考核和绩效工资的影响全部免除；否则不予容错。",
                            "Every condition met, each with its evidence, grants the claim and removes the case's effect on assessment and pay; "
                                + "anything else refuses it."
                        )
                    )
                ),
                .group(
                    ToleranceCondition.allCases.map { c in
                        let label = lang.t(CaseService.conditionLabel(c))
                        return el(
                            "fieldset",
                            [],
                            el("legend", [], txt(label)),
                            f.select(
                                "conditions.\(c.rawValue).met",
                                lang.t("是否符合", "Met?"),
                                options: answers,
                                selected: nil,
                                required: true,
                                blank: lang.t("请选择", "Choose")
                            ),
                            f.textarea("conditions.\(c.rawValue).evidence", lang.t("依据", "Evidence"), rows: 2)
                        )
                    }
                ),
                f.text("deciders", lang.t("认定人", "Deciders"), required: true),
                f.textarea("grounds", lang.t("认定理由", "Grounds"), rows: 3, required: true),
                f.text("decidedOn", lang.t("认定日期", "Decided on"), value: m.today, required: true, type: "date"),
                el("button", [("type", "submit")], txt(lang.t("作出认定", "Record the judgement"))),
            ]
        )
    }

    static func correctionSection(_ m: CasePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        guard let c = m.claim else { return .empty }
        let rows: [[HNode]] = c.steps.map { s in
            let state: HNode
            if let done = s.doneOn {
                state = txt(lang.t("已于 \(done) 完成", "Done on \(done)"))
            } else if s.overdue {
                state = el("span", [("class", "tag main")], txt(lang.t("已超期", "Overdue")))
            } else {
                state = el("span", [("class", "muted")], txt(lang.t("未完成", "Not done")))
            }
            let action: HNode =
                s.done.map { url in
                    postForm(
                        v,
                        action: url,
                        class: "inline",
                        [
                            void(
                                "input",
                                [("type", "date"), ("name", "doneOn"), ("value", m.today), ("aria-label", lang.t("完成日期", "Done on"))]
                            ),
                            el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("标记完成", "Mark done"))),
                        ]
                    )
                } ?? .empty
            return [txt(s.text), s.overdue ? el("strong", [("class", "error")], txt(s.dueOn)) : txt(s.dueOn), state, action]
        }
        let f = m.stepForm.kit(lang)
        return .group(
            el("h2", [], txt(lang.t("纠错方案", "Correction plan"))),
            c.corrected
                ? el("div", [("class", "alert alert-ok"), ("role", "status")], txt(lang.t("纠错完成", "Correction complete")))
                : .empty,
            c.steps.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("尚未制定纠错措施。", "No step yet.")))
                : ListView.plain(
                    [lang.t("纠错措施", "Step"), lang.t("完成时限", "Due"), lang.t("完成情况", "State"), ""],
                    rows: rows
                ),
            f.summary(),
            m.addStep.map { url in
                postForm(
                    v,
                    action: url,
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("增加纠错措施", "Add a step"))),
                        f.text("text", lang.t("纠错措施", "Step"), required: true),
                        f.text("dueOn", lang.t("完成时限", "Due on"), required: true, type: "date"),
                        el("button", [("type", "submit")], txt(lang.t("增加", "Add"))),
                    ]
                )
            } ?? .empty
        )
    }
}
