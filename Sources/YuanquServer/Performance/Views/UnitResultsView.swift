import Foundation
import YuanquKit

/// A unit's people ranked with the 优秀 quota line drawn, their breakdowns, and the unit's own result.
enum UnitResultsView {
    static func view(_ m: UnitResultsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let set = m.gradeSet
        var rows: [HNode] = []
        var lineDrawn = false
        let ranked = m.people.filter { !$0.followsUnit }
        for p in m.people where p.followsUnit { rows.append(row(p, m, lang)) }
        for (i, p) in ranked.enumerated() {
            if i == m.quota.staffPlaces && !lineDrawn {
                rows.append(quotaLine(m, lang))
                lineDrawn = true
            }
            rows.append(row(p, m, lang))
        }
        if !lineDrawn { rows.append(quotaLine(m, lang)) }
        let q = m.quota
        let excellent = set.label(.excellent)
        return .group(
            el("div", [("class", "toolbar")], link(.cycle(m.cycle.id), lang.t("返回", "Back to ") + m.cycle.name, class: "btn secondary")),
            m.unit.map { u in
                .group(
                    el(
                        "h2",
                        [],
                        txt(
                            lang.t("部门结果：", "The unit: ") + score(u.score) + " · " + lang.t(PerformanceLabels.grade(u.grade, set))
                                + (u.rank.map { lang.t(" · 第 \($0) 名", " · rank \($0)") } ?? "")
                        )
                    ),
                    PerformanceViews.parts(u.parts, lang: lang)
                )
            } ?? .empty,
            el("h2", [], txt(lang.t("个人结果", "People"))),
            el(
                "p",
                [("class", "hint")],
                txt(
                    lang.t(
                        "\(excellent.zh)名额：参加考核 \(q.assessed) 人（含随部门结果的负责人）× \(q.share)%，向下取整 = \(q.places) 名。",
                        "\(excellent.en) places: \(q.assessed) people assessed (heads following the unit included) × \(q.share)%, "
                            + "rounded down = \(q.places). "
                    ) + (q.heads > 0 ? lang.t(PerformanceLabels.headsPlaces(q, set)) : "") + lang.t(PerformanceLabels.quotaNote)
                )
            ),
            el(
                "table",
                [("class", "list perf-ranked")],
                el(
                    "thead",
                    [],
                    el(
                        "tr",
                        [],
                        [
                            (lang.t("名次", "Rank"), true), (lang.t("姓名", "Name"), false), (lang.t("个人得分", "Own"), true),
                            (lang.t("最终得分", "Score"), true),
                            (lang.t("按分数线", "By band"), false), (lang.t("等次", "Grade"), false), (lang.t("说明", "Notes"), false),
                            (lang.t("绩效工资（元）", "Pay (yuan)"), true),
                        ]
                        .map { el("th", $0.1 ? [("class", "num")] : [], txt($0.0)) }
                    )
                ),
                el("tbody", [], rows)
            ),
            PerformanceViews.charts([
                PerformanceViews.histogram(m.people.compactMap(\.score), title: lang.t("得分分布", "Score histogram")),
                PerformanceViews.gradeChart(m.people.compactMap(\.grade), set: set, lang: lang, title: lang.t("等次分布", "Grades")),
            ])
        )
    }

    /// The row between the last person inside the 优秀 quota and the first outside it.
    static func quotaLine(_ m: UnitResultsPage, _ lang: Lang) -> HNode {
        let w = m.gradeSet.label(.excellent)
        return el(
            "tr",
            [("class", "quota-line")],
            el(
                "td",
                [("colspan", "8")],
                txt(
                    lang.t(
                        "\(w.zh)名额线：\(m.quota.staffPlaces) 名。排名在线以上的为\(w.zh)，线以下的最高为\(m.gradeSet.label(.competent).zh)",
                        "\(w.en) quota line: \(m.quota.staffPlaces) places. Ranked above the line: \(w.en); below it: at best \(m.gradeSet.label(.competent).en)"
                    )
                )
            )
        )
    }

    static func row(_ p: UnitResultsPage.Person, _ m: UnitResultsPage, _ lang: Lang) -> HNode {
        let set = m.gradeSet
        let capped = p.bandGrade != nil && p.grade != p.bandGrade
        return el(
            "tr",
            p.followsUnit ? [("class", "perf-follows")] : [],
            [
                el("td", [("class", "num")], txt(p.followsUnit ? "—" : (p.rank.map(String.init) ?? "—"))),
                el("td", [], txt(p.name)),
                el("td", [("class", "num")], txt(score(p.own))),
                el("td", [("class", "num")], txt(score(p.score))),
                el("td", [], txt(lang.t(PerformanceLabels.grade(p.bandGrade, set)))),
                el("td", capped ? [("class", "perf-changed")] : [], el("strong", [], txt(lang.t(PerformanceLabels.grade(p.grade, set))))),
                el("td", [("class", "perf-notes")], txt(p.notes.map { lang.t($0) }.joined(separator: "；"))),
                el(
                    "td",
                    [("class", "num")],
                    p.payFen.map { m.showPay ? link(.cyclePayLine(m.cycle.id, person: p.id), Money(fen: $0).yuanText) : txt("—") }
                        ?? txt("—")
                ),
            ]
        )
    }
}
