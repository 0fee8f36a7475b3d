import Foundation
import Plot
import Vapor
import YuanquKit

/// A campaign's matching of candidates to posts and its objections.
extension CampaignViews {
    static func matchingView(_ m: CampaignPageModel, f: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        func refusalText(_ r: TwoWaySelection.Refusal) -> String {
            switch r {
            case .notRanked(let p): return lang.t("“\(postTitle(m, p))”的单位未将其列入排序", "not ranked for \(postTitle(m, p))")
            case .filledWithHigherRanked(let p, let mine, let low):
                return lang.t(
                    "“\(postTitle(m, p))”已由排序更靠前的人员聘满（其排第 \(mine) 位，录至第 \(low) 位）",
                    "\(postTitle(m, p)) filled with candidates ranked higher (ranked \(mine); filled to \(low))"
                )
            case .unknownPost(let p): return p
            }
        }
        var rows: [HNode] = []
        if let s = m.selection {
            for a in s.assignments {
                let why =
                    a.choice == 1
                    ? lang.t("第 1 志愿", "first choice")
                    : lang.t("第 \(a.choice) 志愿；", "choice \(a.choice); ")
                        + (s.betterChoicesRefused[a.candidateID] ?? []).map(refusalText).joined(separator: lang.t("；", "; "))
                rows.append(
                    el(
                        "tr",
                        [],
                        el("td", [("class", "nowrap")], txt(m.name(a.candidateID))),
                        el("td", [("class", "nowrap")], txt(postTitle(m, a.postID))),
                        el("td", [], txt(why))
                    )
                )
            }
            for u in s.unmatched {
                rows.append(
                    el(
                        "tr",
                        [],
                        el("td", [("class", "nowrap")], txt(m.name(u.candidateID))),
                        el("td", [("class", "nowrap")], el("strong", [], txt(lang.t("未匹配", "Not matched")))),
                        el(
                            "td",
                            [],
                            txt(
                                u.refusals.isEmpty
                                    ? lang.t("未填报岗位", "listed no post") : u.refusals.map(refusalText).joined(separator: lang.t("；", "; "))
                            )
                        )
                    )
                )
            }
        }
        let proposed = m.proposals.values.filter { $0.source == "matching" }.count
        let candidates = m.candidates.filter { $0.reviewStatus == .passed }
        let unfilled: HNode =
            (m.selection?.unfilled.isEmpty ?? true)
            ? .empty
            : el(
                "p",
                [("class", "alert alert-warn")],
                txt(
                    lang.t("未聘满：", "Open places: ")
                        + m.selection!.unfilled.map { u in postTitle(m, u.postID) + lang.t(" 余 \(u.open) 个", " \(u.open) left") }.joined(
                            separator: lang.t("；", "; ")
                        )
                        + lang.t("（可进行第二轮或调剂）", " (second round or adjustment)")
                )
            )
        // Units rank the candidates for their posts (a unit head sees the posts of their unit; HR all).
        let rankForms: [HNode] =
            m.stage == .ranking && m.canNominate
            ? m.offers.map { o in
                let applied = m.candidates.filter { $0.preferences.contains(o.campaignPostID) && $0.reviewStatus == .passed }
                let current = m.unitRankings[o.campaignPostID] ?? []
                return postForm(
                    v,
                    action: .campaignRankings(m.id),
                    class: "toolbar",
                    [
                        void("input", [("type", "hidden"), ("name", "postId"), ("value", o.postID.uuidString)]),
                        el("strong", [], txt(o.label + lang.t("：", ": "))),
                        .group(
                            applied.map { cand in
                                el(
                                    "label",
                                    [],
                                    txt(cand.name + " "),
                                    void(
                                        "input",
                                        [
                                            ("name", "rank_\(cand.id)"), ("type", "number"), ("min", "1"), ("class", "rank"),
                                            ("value", current.firstIndex(of: cand.id).map { String($0 + 1) } ?? ""),
                                        ]
                                    )
                                )
                            }
                        ),
                        el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("保存单位排序", "Save the unit's order"))),
                    ]
                )
            } : []
        return section(
            lang.t("双向选择", "Two-way selection"),
            rankForms.isEmpty
                ? .empty
                : .group(
                    [
                        el(
                            "h3",
                            [],
                            txt(
                                lang.t(
                                    "单位对人员排序（留空为不接受；未排序的岗位按成绩）",
                                    "Units' order of candidates (blank: not acceptable; unranked posts go by score)"
                                )
                            )
                        )
                    ] + rankForms
                ),
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "按人员志愿与单位排序（单位未排序时按成绩）以延迟接受算法（人员提出）求稳定匹配：不存在人员与岗位双方都更愿意彼此的情形。",
                        "Deferred acceptance (candidate-proposing) on the candidates' choices and the units' rankings (by score w"
                            + "here a unit has not ranked): no candidate and post would both rather have each other."
                    )
                )
            ),
            rows.isEmpty
                ? .empty
                : el(
                    "table",
                    [("class", "list")],
                    el(
                        "thead",
                        [],
                        el("tr", [], [Loc("姓名", "Name"), Loc("匹配岗位", "Post"), Loc("说明", "Why")].map { el("th", [], txt(lang.t($0))) })
                    ),
                    el("tbody", [], rows)
                ),
            unfilled,
            m.canManage && m.stage == .ranking
                ? postForm(
                    v,
                    action: .campaignMatching(m.id),
                    class: "inline",
                    [
                        el(
                            "button",
                            [("type", "submit")],
                            txt(
                                proposed > 0
                                    ? lang.t("重新计算匹配", "Recompute the matching")
                                    : lang.t("计算匹配并作为拟聘方案", "Compute the matching as the proposal")
                            )
                        )
                    ]
                ) : .empty,
            m.canManage && m.stage == .ranking
                ? postForm(
                    v,
                    action: .campaignProposals(m.id),
                    class: "toolbar",
                    [
                        el(
                            "div",
                            [],
                            el("label", [], txt(lang.t("调剂人员", "Candidate"))),
                            el(
                                "select",
                                [("name", "candidateId")],
                                candidates.map { el("option", [("value", $0.id.uuidString)], txt($0.name)) }
                            )
                        ),
                        el(
                            "div",
                            [],
                            el("label", [], txt(lang.t("调整到岗位", "To post"))),
                            el(
                                "select",
                                [("name", "postId")],
                                [el("option", [("value", "")], txt(lang.t("（不聘）", "(none)")))]
                                    + m.offers.map { el("option", [("value", $0.postID.uuidString)], txt($0.label)) }
                            )
                        ),
                        el(
                            "div",
                            [],
                            el("label", [], txt(lang.t("理由（必填）", "Reason (required)"))),
                            void("input", [("name", "reason"), ("size", "24"), ("value", f.value("reason"))])
                        ),
                        el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("记录调整", "Record adjustment"))),
                    ]
                ) : .empty
        )
    }

    static func objectionsView(_ m: CampaignPageModel, f: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let list: [HNode] = m.objections.map { o in
            let about =
                o.candidateID.flatMap { id in m.candidates.first { $0.id == id }?.name }.map {
                    lang.t("（涉及：", " (about ") + $0 + lang.t("）", ")")
                } ?? ""
            let state: HNode =
                o.resolution.map {
                    el("div", [("class", "muted")], txt(lang.t("已处理（", "Resolved (") + (o.resolvedOn ?? "") + lang.t("）：", "): ") + $0))
                }
                ?? (m.canManage && m.stage == .publicity
                    ? postForm(
                        v,
                        action: .campaignObjectionResolve(m.id, objection: o.id),
                        class: "toolbar",
                        [
                            void("input", [("name", "resolution"), ("placeholder", lang.t("处理结果", "Resolution")), ("size", "40")]),
                            el("button", [("type", "submit")], txt(lang.t("记录处理结果", "Record resolution"))),
                        ]
                    ) : el("div", [("class", "error")], txt(lang.t("未处理", "Not resolved"))))
            return el("div", [("class", "card")], [el("div", [], txt(o.raisedOn + about + lang.t("：", ": ") + o.text)), state])
        }
        return .group(
            el("h3", [], txt(lang.t("异议", "Objections") + " (\(m.objections.count))")),
            .group(list),
            m.canManage && m.stage == .publicity
                ? postForm(
                    v,
                    action: .campaignObjections(m.id),
                    class: "toolbar",
                    [
                        el(
                            "div",
                            [],
                            el("label", [], txt(lang.t("涉及人员", "About"))),
                            el(
                                "select",
                                [("name", "candidateId")],
                                [el("option", [("value", "")], txt("—"))]
                                    + m.candidates.filter { m.proposals[$0.id] != nil }.map {
                                        el("option", [("value", $0.id.uuidString)], txt($0.name))
                                    }
                            )
                        ),
                        el(
                            "div",
                            [],
                            el("label", [], txt(lang.t("异议内容", "Objection"))),
                            void("input", [("name", "text"), ("size", "40"), ("value", f.value("text"))])
                        ),
                        el("button", [("type", "submit")], txt(lang.t("登记异议", "Record objection"))),
                    ]
                ) : .empty
        )
    }
}
