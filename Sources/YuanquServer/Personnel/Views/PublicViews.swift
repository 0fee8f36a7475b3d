import YuanquKit

/// Pages that need no account: registration for open selection and public recruitment, and a registrant's status.
enum PublicViews {
    static func registration(_ m: PublicRegistrationPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        let scheme = m.scoring
        var body: [HNode] = [
            el("p", [], txt(m.zoneName + " · " + lang.t(m.kind.label))),
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t("考核方式：面试（", "Assessment: interview (")
                        + scheme.items.map { "\($0.name) \($0.weight)%" }.joined(separator: lang.t("，", ", "))
                        + lang.t("）", ")")
                        + (scheme.writtenWeight > 0
                            ? lang.t("，笔试占总成绩 \(scheme.writtenWeight)%", "; written test \(scheme.writtenWeight)% of the total") : "")
                        + lang.t("。报名截止时间以本页关闭报名为准。", ". Registration closes when this page says so.")
                )
            ),
        ]
        switch m.state {
        case .done(let code):
            body.append(
                el(
                    "div",
                    [("class", "alert alert-ok"), ("role", "status")],
                    [
                        el("p", [], txt(lang.t("报名已提交。请牢记您的查询码：", "Your registration is in. Keep your look-up code: "))),
                        el("p", [], el("strong", [("class", "lookup-code")], txt(code))),
                        el(
                            "p",
                            [],
                            txt(lang.t("凭身份证号和查询码可查看资格审查结果。", "With your resident ID and this code you can see the result of the review.")),
                            txt(" "),
                            link(m.statusPage, lang.t("查询报名状态", "Check my registration"))
                        ),
                    ]
                )
            )
        case .closed:
            body.append(el("p", [("class", "alert alert-warn")], txt(lang.t("报名已截止。", "Registration has closed."))))
            body.append(el("p", [], link(m.statusPage, lang.t("查询报名状态", "Check my registration"))))
        case .open:
            body.append(
                postForm(
                    v,
                    action: m.action,
                    class: "card",
                    [
                        f.summary(),
                        f.select(
                            "postIds",
                            lang.t("报考岗位", "Post"),
                            options: m.offers.map { o in
                                (
                                    o.postID.uuidString,
                                    o.label + lang.t("（\(o.places) 名；", " (\(o.places); ")
                                        + CampaignViews.requirements(maxAge: o.maxAge, minEducation: o.minEducation, lang)
                                        + lang.t("）", ")")
                                )
                            },
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        f.text("name", lang.t("姓名", "Name"), required: true),
                        f.text(
                            "residentId",
                            lang.t("身份证号", "Resident ID"),
                            required: true,
                            attributes: [("maxlength", "18"), ("autocomplete", "off")]
                        ),
                        f.text("phone", lang.t("手机号码", "Mobile phone"), required: true, type: "tel"),
                        f.select(
                            "education",
                            lang.t("学历", "Education"),
                            options: Education.options(lang),
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        f.select(
                            "origin",
                            lang.t("现工作单位类别", "Where you work now"),
                            options: m.origins.map { ($0.rawValue, lang.t($0.label)) },
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        f.text("formerEmployer", lang.t("现工作单位", "Current employer")),
                        el(
                            "p",
                            [("class", "hint")],
                            txt(
                                lang.t(
                                    "按“无差别”管理，您的身份信息仅用于资格核对，不向评委展示。",
                                    "Your background is used only to check eligibility and is never shown to the interviewers."
                                )
                            )
                        ),
                        el("button", [("type", "submit")], txt(lang.t("提交报名", "Register"))),
                    ]
                )
            )
        }
        return .group(body)
    }

    static func status(_ m: PublicStatusPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        var body: [HNode] = []
        if let cand = m.found {
            body.append(
                el(
                    "dl",
                    [("class", "props")],
                    [
                        el("dt", [], txt(lang.t("姓名", "Name"))), el("dd", [], txt(cand.name)),
                        el("dt", [], txt(lang.t("资格审查", "Review"))), el("dd", [], txt(lang.t(cand.reviewStatus.label))),
                        el("dt", [], txt(lang.t("说明", "Reason"))), el("dd", [], txt(cand.reviewReason.isEmpty ? "—" : cand.reviewReason)),
                        el("dt", [], txt(lang.t("报考岗位", "Post"))), el("dd", [], txt(cand.posts)),
                        el("dt", [], txt(lang.t("当前环节", "Stage"))), el("dd", [], txt(lang.t(m.stage.label))),
                    ]
                )
            )
        }
        body.append(
            postForm(
                v,
                action: m.action,
                class: "card",
                [
                    f.summary(),
                    f.text(
                        "residentId",
                        lang.t("身份证号", "Resident ID"),
                        required: true,
                        attributes: [("maxlength", "18"), ("autocomplete", "off")]
                    ),
                    f.text("code", lang.t("查询码", "Look-up code"), required: true, attributes: [("autocomplete", "off")]),
                    el("button", [("type", "submit")], txt(lang.t("查询", "Look up"))),
                ]
            )
        )
        return .group(body)
    }
}
