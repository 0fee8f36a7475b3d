import YuanquKit

/// A project's cost stages, design changes and tenders.
extension EngineeringViews {
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
}
