import YuanquKit

/// The investment teams: each team's members (dated, and how each joined: the campaign that appointed them, or a
/// correction by hand with its reason), former members, the period's targets and, for writers, the forms that add a
/// member, end a membership (both corrections, with a reason) and set the targets.
enum TeamsView {
    static func view(_ m: TeamsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return .group(
            m.error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            el("p", [], link(.leaderboard, lang.t("查看比拼排名", "See the leaderboard"), class: "btn secondary")),
            .group(m.teams.enumerated().map { team($1, index: $0, m, v) })
        )
    }

    /// How a member joined, in words.
    static func joined(_ j: TeamsPage.Joined, _ lang: Lang) -> String {
        switch j {
        case .campaign(let title): return lang.t("经“\(title)”聘任", "appointed through “\(title)”")
        case .correction(let reason): return lang.t("手工更正：\(reason)", "correction: \(reason)")
        case .unrecorded: return lang.t("来源未记录", "origin not recorded")
        }
    }

    /// The form state for the form posting to `action`: the refused one's, or an empty one.
    static func state(_ action: SiteURL, _ m: TeamsPage) -> FormState? { m.refused == action ? m.form : nil }

    /// A labelled input of one of the page's many small forms: ids are made unique with `key`; a refusal shows the
    /// field's error beside it and keeps what was typed.
    static func field(
        _ name: String,
        _ label: String,
        value: String,
        key: String,
        _ form: FormState?,
        _ lang: Lang,
        type: String = "text",
        required: Bool = false,
        attributes: [(String, String?)] = []
    ) -> HNode {
        let err = form?.errors[name]
        let errorID = "e-\(key)-\(name)"
        var attrs: [(String, String?)] = [("name", name), ("type", type), ("value", form?.values[name] ?? value)]
        if required { attrs.append(("required", nil)) }
        if err != nil { attrs += [("aria-invalid", "true"), ("aria-describedby", errorID)] }
        return el(
            "label",
            err == nil ? [] : [("class", "has-error")],
            txt(label + " "),
            void("input", attrs + attributes),
            err.map { el("span", [("class", "error"), ("id", errorID), ("role", "alert")], txt(" " + lang.t($0))) } ?? .empty
        )
    }

    static func team(_ t: TeamsPage.Team, index: Int, _ m: TeamsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return el(
            "section",
            [("class", "panel")],
            [
                el("h2", [], txt(t.name + (t.leader.map { lang.t("（组长：", " (leader: ") + $0 + lang.t("）", ")") } ?? ""))),
                el("h3", [], txt(lang.t("成员", "Members"))),
                t.members.isEmpty
                    ? el("p", [("class", "muted")], txt(lang.t("暂无成员。", "No members.")))
                    : el(
                        "ul",
                        [("class", "members")],
                        t.members.enumerated().map { i, member in
                            el(
                                "li",
                                [],
                                member.url.map { link($0, member.name) } ?? txt(member.name),
                                txt(
                                    lang.t("（\(member.from) 起，", " (since \(member.from), ") + joined(member.joined, lang)
                                        + lang.t("）", ")")
                                ),
                                t.canManage ? endForm(member, key: "end-\(index)-\(i)", m, v) : .empty
                            )
                        }
                    ),
                t.former.isEmpty
                    ? .empty
                    : el(
                        "p",
                        [("class", "muted")],
                        txt(
                            lang.t("曾任成员：", "Former members: ")
                                + t.former.map { f in
                                    f.name + lang.t("（", " (") + "\(f.from)–\(f.to)" + lang.t("，", ", ") + joined(f.joined, lang)
                                        + (f.endReason.map { lang.t("；结束：", "; ended: ") + $0 } ?? "") + lang.t("）", ")")
                                }.joined(separator: lang.t("、", "; "))
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
                t.canManage ? addMemberForm(t, key: "add-\(index)", m, v) : .empty,
                t.canManage ? targetsForm(t, m, v) : .empty,
            ]
        )
    }

    /// Ends a membership by hand: a correction, with its date and reason (folded away until opened, open after a refusal).
    static func endForm(_ member: TeamsPage.Member, key: String, _ m: TeamsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let form = state(member.end, m)
        let attributes: [(String, String?)] = form == nil ? [("class", "inline")] : [("class", "inline"), ("open", nil)]
        return el(
            "details",
            attributes,
            el("summary", [("title", lang.t("更正：结束成员身份", "Correction: end the membership"))], txt("×")),
            postForm(
                v,
                action: member.end,
                class: "toolbar",
                [
                    field("to", lang.t("结束日期", "End"), value: m.today, key: key, form, lang, type: "date", required: true),
                    reasonField(key: key, form, lang),
                    el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("结束成员身份", "End the membership"))),
                ]
            )
        )
    }

    /// The reason a correction by hand needs.
    static func reasonField(key: String, _ form: FormState?, _ lang: Lang) -> HNode {
        field(
            "reason",
            lang.t("更正理由", "Reason"),
            value: "",
            key: key,
            form,
            lang,
            required: true,
            attributes: [("maxlength", String(TeamService.maxReason))]
        )
    }

    /// Adds a member by hand: a correction (membership comes from appointment campaigns), with its reason.
    static func addMemberForm(_ t: TeamsPage.Team, key: String, _ m: TeamsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let form = state(t.addMember, m)
        let personError = form?.errors["personId"]
        let selected = form?.values["personId"] ?? ""
        return postForm(
            v,
            action: t.addMember,
            class: "toolbar",
            [
                el(
                    "select",
                    [("name", "personId"), ("aria-label", lang.t("人员", "Person"))]
                        + (personError == nil ? [] : [("aria-invalid", "true"), ("aria-describedby", "e-\(key)-personId")]),
                    [el("option", [("value", "")], txt(lang.t("更正：加入成员…", "Correction: add a member…")))]
                        + m.personOptions.map {
                            el("option", [("value", $0.value)] + ($0.value == selected ? [("selected", nil)] : []), txt($0.label))
                        }
                ),
                personError.map { el("span", [("class", "error"), ("id", "e-\(key)-personId"), ("role", "alert")], txt(lang.t($0))) }
                    ?? .empty,
                field("from", lang.t("加入日期", "From"), value: m.today, key: key, form, lang, type: "date"),
                reasonField(key: key, form, lang),
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
                            ("class", "count"),
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
                        [("name", "majorCount"), ("type", "number"), ("value", String(t.target?.majorCount ?? 0)), ("class", "count")]
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
