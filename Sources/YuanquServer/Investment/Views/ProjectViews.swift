import YuanquKit

/// Logging a project, and a project's page with its stage forms.
enum ProjectViews {
    static func newForm(_ m: NewProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        return postForm(
            v,
            action: .investment,
            class: "card",
            [
                f.summary(),
                f.text("name", lang.t("项目名称", "Project"), required: true),
                f.text("investor", lang.t("投资方", "Investor"), required: true),
                f.select(
                    "industry",
                    lang.t("产业", "Industry"),
                    options: m.industryOptions,
                    selected: nil,
                    required: true,
                    blank: lang.t("请选择", "Choose")
                ),
                f.text("region", lang.t("国别/地区", "Country/region"), value: "中国"),
                f.text("amountWan", lang.t("拟投资额（万元）", "Amount (10k yuan)"), type: "text", attributes: [("inputmode", "decimal")]),
                f.select(
                    "teamId",
                    lang.t("招商小组", "Team"),
                    options: m.teamOptions,
                    selected: m.team,
                    required: m.teamRequired,
                    blank: m.teamRequired ? lang.t("请选择", "Choose") : lang.t("（未分配）", "(none)")
                ),
                el("button", [("type", "submit")], txt(lang.t("登记", "Log"))), txt(" "), link(.investment, lang.t("取消", "Cancel")),
            ]
        )
    }

    static func show(_ m: ProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return .group(
            m.error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            m.twins.isEmpty
                ? .empty
                : el(
                    "div",
                    [("class", "alert alert-warn")],
                    [txt(lang.t("同一投资方另有在谈或在建项目：", "The same investor has other open projects: "))]
                        + m.twins.prefix(5).enumerated().map { i, t in
                            .group(i > 0 ? txt("、") : .empty, link(t.url, t.name))
                        }
                ),
            el("dl", [("class", "props")], props(m, lang: lang)),
            .group(forms(m, v))
        )
    }

    static func props(_ m: ProjectPage, lang: Lang) -> [HNode] {
        func prop(_ k: Loc, _ v: String?) -> [HNode] {
            [el("dt", [], txt(lang.t(k))), el("dd", [], txt(v.flatMap { $0.isEmpty ? nil : $0 } ?? "—"))]
        }
        var props: [HNode] = []
        props += prop(Loc("投资方", "Investor"), m.investor)
        props += prop(Loc("产业", "Industry"), m.industry)
        props += prop(Loc("国别/地区", "Country/region"), m.region)
        props += prop(Loc("招商小组", "Team"), m.team)
        props += prop(Loc("拟投资额", "Amount"), m.amount.display)
        props += prop(
            Loc("签约投资额", "Signed amount"),
            m.signedAmount.map { $0.display + (m.isMajor ? lang.t("（亿元以上项目）", " (major)") : "") }
        )
        props += prop(Loc("阶段", "Stage"), lang.t(m.stage.label))
        props += prop(Loc("签约日期 / 协议编号", "Signed on / agreement"), m.signingDate.map { $0 + " / " + (m.agreementNumber ?? "") })
        props += prop(Loc("统一社会信用代码", "Credit code"), m.creditCode)
        props += prop(Loc("开工日期", "Construction started"), m.startDate)
        props += prop(Loc("投产日期", "In operation since"), m.operationDate)
        props += prop(Loc("终止理由", "Dropped because"), m.droppedReason)
        return props
    }

    /// The next stage's form (with the evidence that stage needs) and the drop form.
    static func forms(_ m: ProjectPage, _ v: ViewContext) -> [HNode] {
        let lang = v.lang
        let f = m.form.kit(lang)
        var forms: [HNode] = []
        if let next = m.next {
            var fields: [HNode] = [void("input", [("type", "hidden"), ("name", "to"), ("value", next.rawValue)])]
            switch next {
            case .signed:
                fields += [
                    f.text("signingDate", lang.t("签约日期", "Signing date"), value: m.today, required: true, type: "date"),
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
                fields.append(f.text("startDate", lang.t("开工日期", "Start date"), value: m.today, required: true, type: "date"))
            case .inOperation:
                fields.append(f.text("operationDate", lang.t("投产日期", "Date of operation"), value: m.today, required: true, type: "date"))
            default: break
            }
            fields.append(el("button", [("type", "submit")], txt(lang.t("推进到：", "Move to: ") + lang.t(next.label))))
            forms.append(el("h2", [], txt(lang.t("推进阶段", "Next stage"))))
            forms.append(postForm(v, action: m.stageAction, class: "card", fields))
        }
        if m.canDrop {
            forms.append(
                postForm(
                    v,
                    action: m.stageAction,
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
        return forms
    }
}
