import YuanquKit

/// The investment teams: each team's members (dated), former members, the period's targets and, for writers, the forms
/// that add a member, end a membership and set the targets.
enum TeamsView {
    static func view(_ m: TeamsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return .group(
            m.error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            el("p", [], link(.leaderboard, lang.t("查看比拼排名", "See the leaderboard"), class: "btn secondary")),
            .group(m.teams.map { team($0, m, v) })
        )
    }

    static func team(_ t: TeamsPage.Team, _ m: TeamsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return el(
            "section",
            [("class", "panel")],
            [
                el("h2", [], txt(t.name + (t.leader.map { lang.t("（组长：", " (leader: ") + $0 + lang.t("）", ")") } ?? ""))),
                el(
                    "p",
                    [],
                    txt(lang.t("成员：", "Members: ")),
                    .group(
                        t.members.enumerated().map { i, member in
                            .group(
                                i > 0 ? txt("、") : .empty,
                                member.url.map { link($0, member.name) } ?? txt(member.name),
                                txt(lang.t("（\(member.from) 起）", " (since \(member.from))")),
                                m.canWrite
                                    ? postForm(
                                        v,
                                        action: member.end,
                                        class: "inline",
                                        [
                                            void("input", [("type", "hidden"), ("name", "to"), ("value", m.today)]),
                                            el(
                                                "button",
                                                [
                                                    ("type", "submit"), ("class", "link-button"),
                                                    ("title", lang.t("今日起退出本组", "Leaves the team today")),
                                                ],
                                                txt("×")
                                            ),
                                        ]
                                    ) : .empty
                            )
                        }
                    )
                ),
                t.former.isEmpty
                    ? .empty
                    : el(
                        "p",
                        [("class", "muted")],
                        txt(
                            lang.t("曾任成员：", "Former members: ")
                                + t.former.map { $0.name + "（\($0.from)–\($0.to)）" }.joined(separator: "、")
                        )
                    ),
                el(
                    "p",
                    [],
                    txt(
                        lang.t("\(m.period) 年目标：", "\(m.period) targets: ")
                            + (t.target.map {
                                lang.t(
                                    "签约 \($0.signedCount) 个、签约额 \($0.signedAmount.display)、亿元以上 \($0.majorCount) 个、到位投资 "
                                        + "\($0.investedAmount.display)",
                                    "\($0.signedCount) signed, \($0.signedAmount.display), \($0.majorCount) major, "
                                        + "\($0.investedAmount.display) "
                                        + "invested"
                                )
                            } ?? lang.t("未设定", "none"))
                    )
                ),
                m.canWrite ? addMemberForm(t, m, v) : .empty,
                m.canWrite ? targetsForm(t, m, v) : .empty,
            ]
        )
    }

    static func addMemberForm(_ t: TeamsPage.Team, _ m: TeamsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return postForm(
            v,
            action: t.addMember,
            class: "toolbar",
            [
                el(
                    "select",
                    [("name", "personId"), ("aria-label", lang.t("人员", "Person"))],
                    [el("option", [("value", "")], txt(lang.t("加入成员…", "Add a member…")))]
                        + m.personOptions.map { el("option", [("value", $0.value)], txt($0.label)) }
                ),
                void("input", [("name", "from"), ("type", "date"), ("value", m.today)]),
                el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("加入", "Add"))),
            ]
        )
    }

    static func targetsForm(_ t: TeamsPage.Team, _ m: TeamsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return postForm(
            v,
            action: t.setTargets,
            class: "toolbar",
            [
                void("input", [("type", "hidden"), ("name", "period"), ("value", m.period)]),
                el(
                    "label",
                    [],
                    txt(lang.t("签约数 ", "Signed ")),
                    void(
                        "input",
                        [
                            ("name", "signedCount"), ("type", "number"), ("value", String(t.target?.signedCount ?? 0)),
                            ("style", "width:60px"),
                        ]
                    )
                ),
                el(
                    "label",
                    [],
                    txt(lang.t("签约额（万元）", "Amount (10k) ")),
                    void(
                        "input",
                        [("name", "signedAmountWan"), ("value", (t.target?.signedAmount ?? Money(fen: 0)).wanText), ("size", "10")]
                    )
                ),
                el(
                    "label",
                    [],
                    txt(lang.t("亿元以上 ", "Major ")),
                    void(
                        "input",
                        [("name", "majorCount"), ("type", "number"), ("value", String(t.target?.majorCount ?? 0)), ("style", "width:60px")]
                    )
                ),
                el(
                    "label",
                    [],
                    txt(lang.t("到位投资（万元）", "Invested (10k) ")),
                    void(
                        "input",
                        [("name", "investedAmountWan"), ("value", (t.target?.investedAmount ?? Money(fen: 0)).wanText), ("size", "10")]
                    )
                ),
                el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("保存目标", "Save targets"))),
            ]
        )
    }
}
