import Foundation
import Plot
import Vapor
import YuanquKit

/// Campaign pages. No view here reads a sealed field: candidates appear by name, gender, nomination and scores only.
enum CampaignViews {
    static func stageBar(_ stage: CampaignStage, lang: Lang) -> HNode {
        el(
            "div",
            [("class", "stages"), ("aria-label", lang.t("环节", "Stages"))],
            CampaignStage.allCases.map { s in
                el(
                    "span",
                    [("class", s == stage ? "now" : (s < stage ? "done" : ""))] + (s == stage ? [("aria-current", "step")] : []),
                    txt(lang.t(s.label))
                )
            }
        )
    }

    // MARK: a campaign

    static func requirements(maxAge: Int?, minEducation: Education?, _ lang: Lang) -> String {
        let parts = [
            maxAge.map { lang.t("\($0) 周岁以下", "age ≤ \($0)") }, minEducation.map { lang.t($0.label) + lang.t("及以上", " or higher") },
        ].compactMap { $0 }
        return parts.isEmpty ? "—" : parts.joined(separator: lang.t("，", ", "))
    }

    static func page(_ m: CampaignPageModel, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        let scheme = m.scoring
        return .group(
            m.form.alert(lang),
            el(
                "p",
                [],
                el("span", [("class", "tag")], txt(lang.t(m.kind.label))),
                txt(" " + m.bodyName + lang.t("；发起于 ", "; opened ") + m.openedOn)
            ),
            stageBar(m.stage, lang: lang),
            section(
                lang.t("岗位与名额", "Posts and places"),
                ListView.plain(
                    [Loc("单位", "Unit"), Loc("岗位", "Post"), Loc("名额", "Places"), Loc("条件", "Requirements")].map { lang.t($0) },
                    rows: m.offers.map { o in
                        [
                            txt(o.unitName), .group(txt(o.title), teamTag(o.team, lang)), txt(String(o.places)),
                            txt(requirements(maxAge: o.maxAge, minEducation: o.minEducation, lang)),
                        ]
                    },
                    numeric: [2]
                ),
                m.offers.contains { $0.team != nil }
                    ? el(
                        "p",
                        [("class", "hint")],
                        txt(
                            lang.t(
                                "标注“招商小组名额”的岗位是小组成员岗位：聘任即自聘任开始日起加入该小组，原小组成员身份于前一日结束。",
                                "A post marked “team place” is a place in an investment team: appointment to it makes the person a member "
                                    + "of that team from the start of the appointment, ending their earlier team membership the day before."
                            )
                        )
                    ) : .empty
            ),
            section(
                lang.t("评分办法", "Scoring"),
                el(
                    "p",
                    [],
                    txt(
                        scheme.items.map { "\($0.name) \($0.weight)%" }.joined(separator: lang.t("，", ", "))
                            + (scheme.writtenWeight > 0
                                ? lang.t("；笔试占总成绩 \(scheme.writtenWeight)%", "; written test \(scheme.writtenWeight)% of the total")
                                : lang.t("；无笔试", "; no written test"))
                            + lang.t(
                                "；评委 \(scheme.dropExtremesFrom) 人及以上时去掉一个最高分和一个最低分；总成绩保留两位小数；同分依次比较：",
                                "; highest and lowest dropped from \(scheme.dropExtremesFrom) interviewers; totals to two decimal"
                                    + "s; ties broken by: "
                            )
                            + scheme.tieBreaks.map { tieBreakLabel($0, lang) }.joined(separator: lang.t("、", ", "))
                            + lang.t("，仍相同的须记录决定。", "; any tie left needs a recorded decision.")
                    )
                )
            ),
            candidatesSection(m, f: f, v),
            stageSection(m, f: f, v)
        )
    }

    static func tieBreakLabel(_ t: ScoringScheme.TieBreak, _ lang: Lang) -> String {
        switch t {
        case .interview: return lang.t("面试成绩高者优先", "higher interview score")
        case .written: return lang.t("笔试成绩高者优先", "higher written score")
        case .registration: return lang.t("报名在先者优先", "earlier registration")
        }
    }

    /// Marks a post that is a place in an investment team.
    static func teamTag(_ team: String?, _ lang: Lang) -> HNode {
        team.map { .group(txt(" "), el("span", [("class", "tag")], txt(lang.t("招商小组名额：", "Team place: ") + $0))) } ?? .empty
    }

    static func section(_ title: String, _ body: HNode...) -> HNode {
        el("section", [("class", "panel")], [el("h2", [], txt(title))] + body)
    }

    static func candidatesSection(_ m: CampaignPageModel, f: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let head = [
            Loc("序号", "No."), Loc("姓名", "Name"), Loc("性别", "Gender"), Loc("产生方式", "Nomination"), Loc("填报岗位", "Posts listed"),
            Loc("资格审查", "Review"), Loc("评分", "Scores"), Loc("拟聘岗位", "Proposed post"),
        ]
        let rows: [HNode] = m.candidates.map { cand in
            let prefs = cand.preferences.compactMap { m.offer($0)?.label }
            let proposal = m.proposals[cand.id].flatMap { p in m.offer(p.campaignPostID).map { ($0.label, p) } }
            var reviewCell: [HNode] = [txt(lang.t(cand.reviewStatus.label))]
            if !cand.reviewReason.isEmpty { reviewCell.append(el("div", [("class", "muted")], txt(cand.reviewReason))) }
            if cand.reviewStatus == .pending, m.canManage, m.stage == .review {
                let reasons = cand.eligibility ?? []
                reviewCell.append(
                    el(
                        "div",
                        [("class", reasons.isEmpty ? "muted" : "error")],
                        txt(
                            reasons.isEmpty
                                ? lang.t("系统核对：符合报名条件", "System check: eligible")
                                : lang.t("系统核对：", "System check: ")
                                    + reasons.map { lang.t(CampaignService.eligibilityText($0)) }.joined(separator: lang.t("；", "; "))
                        )
                    )
                )
                reviewCell.append(
                    postForm(
                        v,
                        action: .campaignReview(m.id, candidate: cand.id),
                        class: "inline",
                        [
                            void("input", [("type", "hidden"), ("name", "passed"), ("value", "true")]),
                            el("button", [("type", "submit")], txt(lang.t("通过", "Pass"))),
                        ]
                    )
                )
                reviewCell.append(
                    postForm(
                        v,
                        action: .campaignReview(m.id, candidate: cand.id),
                        class: "inline",
                        [
                            void("input", [("type", "hidden"), ("name", "passed"), ("value", "false")]),
                            void(
                                "input",
                                [
                                    ("name", "reason"), ("placeholder", lang.t("不通过理由（报名人可见）", "Reason (the candidate sees it)")),
                                    ("size", "16"),
                                ]
                            ),
                            el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("不通过", "Fail"))),
                        ]
                    )
                )
            }
            let scored = cand.sheets
            let written =
                m.scoring.writtenWeight > 0
                ? (cand.writtenScore.map { lang.t("，笔试 ", ", written ") + formatHundredths($0) } ?? lang.t("，笔试未录", ", written missing"))
                : ""
            let proposalText =
                proposal.map { p in
                    p.0
                        + (p.1.source == "override"
                            ? lang.t("（调整）", " (adjusted)") : (p.1.choice.map { lang.t("（第 \($0) 志愿）", " (choice \($0))") } ?? ""))
                } ?? "—"
            return el(
                "tr",
                [],
                [
                    el("td", [("class", "num")], txt(String(cand.registrationOrder))),
                    el("td", [("class", "nowrap")], cand.personID.map { link(.person($0), cand.name) } ?? txt(cand.name)),
                    el("td", [], txt(lang.t(cand.gender.label))),
                    el("td", [], txt(lang.t(cand.nomination.label))),
                    el("td", [], txt(prefs.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: lang.t("；", "; ")))),
                    el("td", [], reviewCell),
                    el("td", [], txt(m.panel.isEmpty || m.stage < .interview ? "—" : "\(scored)/\(m.panel.count)" + written)),
                    el("td", [], txt(proposalText)),
                ]
            )
        }
        var add: HNode = .empty
        if m.stage == .registration && (m.canNominate || m.canSelfNominate) {
            let selfOnly = !m.canNominate
            let options = m.offers.map { ($0.postID.uuidString, $0.label) }
            let who: HNode =
                selfOnly
                ? void("input", [("type", "hidden"), ("name", "personId"), ("value", m.ownPersonID?.uuidString ?? "")])
                : el(
                    "div",
                    [],
                    el("label", [("for", "f-personId")], txt(lang.t("人员（组织选任）", "Person (nominated)"))),
                    el(
                        "select",
                        [("id", "f-personId"), ("name", "personId")],
                        [el("option", [("value", "")], txt(lang.t("请选择", "Choose")))]
                            + m.people.map { p in
                                el(
                                    "option",
                                    [("value", p.id.uuidString)] + (f.value("personId") == p.id.uuidString ? [("selected", nil)] : []),
                                    txt(p.name)
                                )
                            }
                    )
                )
            add = postForm(
                v,
                action: .campaignCandidates(m.id),
                class: "toolbar",
                [
                    who,
                    .group(
                        (1...max(1, m.maxPreferences)).map { i in
                            el(
                                "div",
                                [],
                                el("label", [], txt(m.maxPreferences > 1 ? lang.t("第 \(i) 志愿", "Choice \(i)") : lang.t("报考岗位", "Post"))),
                                el(
                                    "select",
                                    [("name", "post\(i)")],
                                    [el("option", [("value", "")], txt("—"))]
                                        + options.map { o in
                                            el(
                                                "option",
                                                [("value", o.0)] + (f.value("post\(i)") == o.0 ? [("selected", nil)] : []),
                                                txt(o.1)
                                            )
                                        }
                                )
                            )
                        }
                    ),
                    el(
                        "button",
                        [("type", "submit")],
                        txt(selfOnly ? lang.t("我要报名（个人自荐）", "Nominate myself") : lang.t("加入报名名单", "Add candidate"))
                    ),
                ]
            )
        }
        let publicLink: HNode =
            m.kind.isOpen && m.stage == .registration && m.canManage
            ? el(
                "p",
                [],
                txt(lang.t("网上报名地址（无需账号，可对外发布）：", "Public registration (no account needed; publish it): ")),
                link(.publicRegistration(m.publicToken), m.publicAddress + SiteURL.publicRegistration(m.publicToken).path)
            )
            : .empty
        let importLink: HNode =
            m.stage == .registration && m.canManage
            ? el(
                "p",
                [],
                link(
                    .campaignImportCandidates(m.id),
                    lang.t("从 CSV 导入报名人员", "Import candidates from CSV"),
                    class: "btn secondary"
                )
            ) : .empty
        return section(
            (m.seesCandidates ? lang.t("报名人员", "Candidates") : lang.t("我的报名", "My candidacy")) + " (\(m.candidates.count))",
            publicLink,
            importLink,
            m.candidates.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无报名人员", "No candidates yet")))
                : el(
                    "table",
                    [("class", "list")],
                    el("thead", [], el("tr", [], head.map { el("th", [], txt(lang.t($0))) })),
                    el("tbody", [], rows)
                ),
            add,
            m.seesCandidates && m.stage >= .ranking
                ? el("p", [], link(.campaignExport(m.id), lang.t("导出成绩与结果 (CSV)", "Export results (CSV)"), class: "btn secondary"))
                : .empty
        )
    }

    /// What can be done at the current stage, and the button to the next one.
    static func stageSection(_ m: CampaignPageModel, f: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        var parts: [HNode] = []
        if m.stage >= .interview && m.seesCandidates { parts.append(rankingView(m, v)) }
        if m.stage >= .ranking && m.kind == .competitive && m.seesCandidates { parts.append(matchingView(m, f: f, v)) }
        if m.stage >= .publicity {
            parts.append(
                section(
                    lang.t("公示", "Publicity"),
                    el(
                        "p",
                        [],
                        txt(
                            lang.t(
                                "公示期 \(m.publicityStart ?? "") 至 \(m.publicityEnds ?? "")（\(m.publicityDays) 个工作日，按法定节假日和调休计算）。",
                                "Publicity from \(m.publicityStart ?? "") to \(m.publicityEnds ?? "") (\(m.publicityDays) working days, cou"
                                    + "nting statutory holidays and adjusted weekends)."
                            )
                        )
                    ),
                    el(
                        "p",
                        [],
                        link(.campaignNotice(m.id), lang.t("打印公示", "Printable notice"), class: "btn secondary"),
                        txt(" "),
                        link(
                            .campaignNoticeCSV(m.id),
                            lang.t("导出公示名单 (CSV)", "Export the notice (CSV)"),
                            class: "btn secondary"
                        ),
                        txt(" "),
                        link(.publicNotice(m.publicToken), lang.t("公开网址", "Public address"))
                    ),
                    m.seesCandidates ? objectionsView(m, f: f, v) : .empty
                )
            )
        }
        guard m.canManage else { return .group(parts) }
        if m.stage <= .interview {
            parts.append(
                section(
                    lang.t("面试评委", "Interview panel"),
                    postForm(
                        v,
                        action: .campaignPanel(m.id),
                        [
                            f.textarea(
                                "members",
                                lang.t("评委（每行一人）", "Interviewers (one per line)"),
                                value: m.panel.map(\.name).joined(separator: "\n"),
                                rows: 3
                            ),
                            el("button", [("type", "submit")], txt(lang.t("保存评委", "Save panel"))),
                        ]
                    ),
                    m.stage == .interview
                        ? el(
                            "p",
                            [],
                            link(.campaignScores(m.id), lang.t("录入评分", "Enter scores"), class: "btn"),
                            txt(" "),
                            link(
                                .campaignImportScores(m.id),
                                lang.t("从 CSV 导入评分", "Import scores from CSV"),
                                class: "btn secondary"
                            )
                        ) : .empty
                )
            )
        }
        if let next = m.stage.next {
            var fields: [HNode] = [void("input", [("type", "hidden"), ("name", "to"), ("value", next.rawValue)])]
            if next == .appointment {
                fields += [
                    f.text("startDate", lang.t("聘任开始日期", "Start date"), value: m.defaultStart.description, type: "date"),
                    f.text("termMonths", lang.t("聘期（月）", "Term (months)"), value: "36", type: "number"),
                    f.select(
                        "contractType",
                        lang.t("合同类型", "Contract type"),
                        options: m.contractTypes.map { ($0.code, lang.t($0.label)) },
                        selected: "fixedTerm"
                    ),
                    f.text("contractMonths", lang.t("合同期限（月）", "Contract length (months)"), value: "36", type: "number"),
                    f.text(
                        "probationMonths",
                        lang.t("试用期（月，留空按规定默认：在职人员 0，新进人员 3）", "Probation (months; blank: 0 for staff, 3 for newcomers)"),
                        type: "number"
                    ),
                    f.text("payGrade", lang.t("薪酬等级", "Pay grade")),
                ]
            }
            fields.append(el("button", [("type", "submit")], txt(lang.t("进入下一环节：", "Move on to: ") + lang.t(next.label))))
            parts.append(
                section(
                    lang.t("推进环节", "Next stage"),
                    el("p", [("class", "muted")], txt(nextHint(next, lang))),
                    postForm(v, action: .campaignStage(m.id), fields)
                )
            )
        }
        return .group(parts)
    }

    static func nextHint(_ next: CampaignStage, _ lang: Lang) -> String {
        switch next {
        case .registration: return ""
        case .review: return lang.t("报名截止，进入资格（身份）审查。", "Registration closes; review begins.")
        case .interview: return lang.t("所有报名须审查完毕，且至少一人通过。", "Every registration must be reviewed and at least one passed.")
        case .ranking: return lang.t("所有通过审查人员的评分须录入完整。", "Every qualified candidate must be fully scored.")
        case .publicity: return lang.t("并列须已记录决定；拟聘人员确定后开始公示。", "Ties must be decided; publicity of the proposed appointees starts.")
        case .appointment:
            return lang.t(
                "公示期满且异议均已处理后聘任：逐一复核岗位编制和总量控制，签订合同；原岗位聘任同时终止。",
                "After publicity and with every objection resolved: post capacity and the headcount cap are checked again, contra"
                    + "cts are made, previous appointments end."
            )
        }
    }

    static func postTitle(_ m: CampaignPageModel, _ campaignPostID: String) -> String {
        UUID(uuidString: campaignPostID).flatMap { m.offer($0)?.label } ?? campaignPostID
    }

    static func rankingView(_ m: CampaignPageModel, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let scheme = m.scoring
        return section(
            lang.t("成绩与排名", "Scores and ranking"),
            .group(
                m.rankings.map { r in
                    let ties = r.ranked.filter(\.unresolvedTie)
                    let table: HNode =
                        r.ranked.isEmpty
                        ? el("p", [("class", "muted")], txt(lang.t("尚无完整评分", "No complete scores yet")))
                        : el(
                            "table",
                            [("class", "list")],
                            [
                                el(
                                    "thead",
                                    [],
                                    el(
                                        "tr",
                                        [],
                                        [Loc("名次", "Rank"), Loc("姓名", "Name"), Loc("计算过程", "How the total was made"), Loc("总成绩", "Total")]
                                            .map { el("th", [], txt(lang.t($0))) }
                                    )
                                ),
                                el(
                                    "tbody",
                                    [],
                                    r.ranked.map { row in
                                        let b = r.breakdowns[UUID(uuidString: row.candidateID)!]!
                                        var how = lang.t("评委合计 ", "Sheets ") + b.sheetTotals.map(formatHundredths).joined(separator: " / ")
                                        if let h = b.droppedHighest, let l = b.droppedLowest {
                                            how += lang.t(
                                                "；去掉最高 \(formatHundredths(h))、最低 \(formatHundredths(l))",
                                                "; dropped \(formatHundredths(h)) and \(formatHundredths(l))"
                                            )
                                        }
                                        how += lang.t(
                                            "；面试 \(formatHundredths(b.interview))",
                                            "; interview \(formatHundredths(b.interview))"
                                        )
                                        if let w = b.written {
                                            how += lang.t(
                                                "；笔试 \(formatHundredths(w))；总成绩 = 面试×\(100 - scheme.writtenWeight)% + 笔试×"
                                                    + "\(scheme.writtenWeight)%",
                                                "; written \(formatHundredths(w)); total = interview×\(100 - scheme.writtenWeight)%"
                                                    + " + written×\(scheme.writtenWeight)%"
                                            )
                                        }
                                        if let d = row.decidedBy {
                                            how += lang.t(
                                                "；同分，按“\(tieBreakLabel(d, lang))”区分",
                                                "; tied on total, separated by \(tieBreakLabel(d, lang))"
                                            )
                                        }
                                        if row.unresolvedTie { how += lang.t("；并列，待记录决定", "; tied: a decision must be recorded") }
                                        return el(
                                            "tr",
                                            [],
                                            el("td", [("class", "num")], txt(String(row.rank))),
                                            el("td", [], txt(m.name(row.candidateID))),
                                            el("td", [("class", "details")], txt(how)),
                                            el("td", [("class", "num")], el("strong", [], txt(formatHundredths(row.total))))
                                        )
                                    }
                                ),
                            ]
                        )
                    let tieForm: HNode =
                        ties.isEmpty || !m.canManage || m.stage != .ranking
                        ? .empty
                        : postForm(
                            v,
                            action: .campaignTies(m.id),
                            class: "toolbar",
                            [
                                void(
                                    "input",
                                    [("type", "hidden"), ("name", "order"), ("value", ties.map(\.candidateID).joined(separator: ","))]
                                ),
                                el(
                                    "span",
                                    [],
                                    txt(
                                        lang.t("并列：", "Tied: ") + ties.map { m.name($0.candidateID) }.joined(separator: "、")
                                            + lang.t("（按此顺序确定）", " (in this order)")
                                    )
                                ),
                                void(
                                    "input",
                                    [
                                        ("name", "reason"),
                                        ("placeholder", lang.t("决定依据，如：经党工委会议研究", "Grounds, e.g. decided by the committee meeting")),
                                        ("size", "30"),
                                    ]
                                ),
                                el("button", [("type", "submit")], txt(lang.t("记录决定", "Record decision"))),
                            ]
                        )
                    return .group(
                        el(
                            "h3",
                            [],
                            txt(
                                (m.offer(r.campaignPostID)?.label ?? r.postTitle)
                                    + lang.t("（名额 \(r.places)）", " (\(r.places) places)")
                            )
                        ),
                        table,
                        r.unscored.isEmpty
                            ? .empty
                            : el(
                                "p",
                                [("class", "muted")],
                                txt(
                                    lang.t("评分未完成：", "Not fully scored: ")
                                        + r.unscored.compactMap { id in m.candidates.first { $0.id == id }?.name }.joined(separator: "、")
                                )
                            ),
                        tieForm
                    )
                }
            )
        )
    }
}
