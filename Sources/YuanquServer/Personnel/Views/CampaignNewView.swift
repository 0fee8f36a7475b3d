import YuanquKit

/// The form that opens a campaign: kind, title, body, the posts offered with their places, and the scoring.
enum CampaignNewView {
    static func page(_ m: CampaignNewPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        let rows: [HNode] = m.posts.map { p in
            el(
                "tr",
                [],
                [
                    el("td", [], txt(lang.t(p.body.label))), el("td", [], txt(p.unit)),
                    el("td", [], txt(p.title)),
                    el("td", [], txt(lang.t(p.tier.label))), el("td", [("class", "num")], txt("\(p.held)/\(p.headcount)")),
                    el(
                        "td",
                        [],
                        void(
                            "input",
                            [
                                ("type", "number"), ("name", "places_\(p.id)"), ("min", "0"), ("max", String(p.headcount)),
                                ("value", f.value("places_\(p.id)", "")), ("class", "places"), ("aria-label", p.title),
                            ]
                        )
                    ),
                    el(
                        "td",
                        [],
                        void(
                            "input",
                            [
                                ("type", "number"), ("name", "maxAge_\(p.id)"), ("min", "18"), ("max", "65"),
                                ("value", f.value("maxAge_\(p.id)", "")), ("class", "places"),
                            ]
                        )
                    ),
                    el(
                        "td",
                        [],
                        el(
                            "select",
                            [("name", "minEducation_\(p.id)")],
                            [el("option", [("value", "")], txt("—"))]
                                + Education.allCases.map { e in
                                    el(
                                        "option",
                                        [("value", e.rawValue)]
                                            + (f.value("minEducation_\(p.id)") == e.rawValue ? [("selected", nil)] : []),
                                        txt(lang.t(e.label))
                                    )
                                }
                        )
                    ),
                ]
            )
        }
        return postForm(
            v,
            action: .campaigns,
            class: "card wide",
            [
                f.summary(),
                f.select(
                    "kind",
                    lang.t("方式", "Kind"),
                    options: CampaignKind.options(lang),
                    selected: nil,
                    required: true,
                    blank: lang.t("请选择", "Choose")
                ),
                f.text(
                    "title",
                    lang.t("名称", "Title"),
                    required: true,
                    hint: lang.t("如：2026 年中层岗位竞聘上岗", "e.g. 2026 competitive appointment of middle-level posts")
                ),
                f.select(
                    "body",
                    lang.t("机构", "Body"),
                    options: BodyKind.options(lang),
                    selected: nil,
                    required: true,
                    blank: lang.t("请选择", "Choose")
                ),
                el("h3", [], txt(lang.t("岗位与名额（填写聘用人数即列入）", "Posts and places (give a number of places to offer a post)"))),
                f.errors["posts"].map { el("div", [("class", "error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
                el(
                    "table",
                    [("class", "list")],
                    [
                        el(
                            "thead",
                            [],
                            el(
                                "tr",
                                [],
                                [
                                    Loc("机构", "Body"), Loc("单位", "Unit"), Loc("岗位", "Post"), Loc("层级", "Tier"),
                                    Loc("在岗/编制", "Held/headcount"),
                                    Loc("聘用人数", "Places"), Loc("年龄上限", "Max age"), Loc("学历要求", "Min. education"),
                                ].map { el("th", [], txt(lang.t($0))) }
                            )
                        ),
                        el("tbody", [], rows),
                    ]
                ),
                el("h3", [], txt(lang.t("评分办法", "Scoring"))),
                f.textarea(
                    "items",
                    lang.t("面试评分要素（每行“名称 权重”，权重合计 100）", "Interview items (one per line: name weight; weights add up to 100)"),
                    value: "综合素质 40\n岗位匹配 30\n表达沟通 30",
                    rows: 4
                ),
                f.text("writtenWeight", lang.t("笔试权重（%，无笔试填 0）", "Written-test weight (%; 0 for none)"), value: "0", type: "number"),
                f.text(
                    "dropExtremesFrom",
                    lang.t("评委达到几人时去掉一个最高分和一个最低分", "Drop the highest and lowest when this many interviewers score"),
                    value: "5",
                    type: "number"
                ),
                f.text("publicityDays", lang.t("公示期（工作日）", "Publicity (working days)"), value: "5", type: "number"),
                f.text("maxPreferences", lang.t("竞聘上岗可填报志愿数", "Posts a competitive candidate may rank"), value: "3", type: "number"),
                el("button", [("type", "submit")], txt(lang.t("发起", "Open"))), txt(" "), link(.campaigns, lang.t("取消", "Cancel")),
            ]
        )
    }
}
