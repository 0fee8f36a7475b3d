import Foundation
import YuanquKit

/// The teams' leaderboard: the zone's headline figures, the period and measure, the ranking and three charts.
enum LeaderboardView {
    static func measureLabel(_ m: Leaderboard.Measure) -> Loc {
        switch m {
        case .signedCount: return Loc("签约项目数", "Signed projects")
        case .signedAmount: return Loc("签约额", "Signed amount")
        case .majorCount: return Loc("亿元以上项目数", "Major projects")
        case .investedAmount: return Loc("实际到位投资", "Invested")
        }
    }

    static func view(_ m: LeaderboardPage, lang: Lang) -> HNode {
        .group(
            el(
                "div",
                [("class", "stats")],
                [
                    HomeView.stat(lang.t("亿元以上签约项目", "Signed major projects"), String(m.totals.majorSignedCount), link: nil),
                    HomeView.stat(lang.t("其总投资", "Their investment"), Money(fen: m.totals.majorSignedAmountFen).display, link: nil),
                    HomeView.stat(lang.t("签约项目", "Signed projects"), String(m.totals.signedCount), link: nil),
                ]
            ),
            choice(m, lang: lang),
            el(
                "p",
                [],
                link(
                    .workbook(.leaderboardExport),
                    query: [("period", m.period), ("measure", m.measure.rawValue), ("zone", m.zoneCode)],
                    lang.t("导出 Excel", "Export to Excel"),
                    class: "btn secondary"
                ),
                txt(" "),
                link(
                    .leaderboardExport,
                    query: [("period", m.period), ("measure", m.measure.rawValue), ("zone", m.zoneCode)],
                    lang.t("导出 CSV", "Export to CSV"),
                    class: "btn secondary"
                )
            ),
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "按“\(lang.t(measureLabel(m.measure)))”完成目标的比例排名；末位小组为末尾淘汰的依据。",
                        "Ranked by share of target on \(lang.t(measureLabel(m.measure))); the last team is the input of 末尾淘汰."
                    )
                )
            ),
            table(m, lang: lang),
            charts(m, lang: lang)
        )
    }

    /// The period and measure (a GET form).
    static func choice(_ m: LeaderboardPage, lang: Lang) -> HNode {
        el(
            "form",
            [("method", "get"), ("action", SiteURL.leaderboard.path), ("class", "toolbar")],
            [
                el(
                    "div",
                    [],
                    el("label", [], txt(lang.t("年度", "Year"))),
                    void("input", [("name", "period"), ("value", m.period), ("size", "6")])
                ),
                el(
                    "div",
                    [],
                    el("label", [], txt(lang.t("比拼指标", "Measure"))),
                    el(
                        "select",
                        [("name", "measure")],
                        Leaderboard.Measure.allCases.map { x in
                            el(
                                "option",
                                [("value", x.rawValue)] + (x == m.measure ? [("selected", nil)] : []),
                                txt(lang.t(measureLabel(x)))
                            )
                        }
                    )
                ),
                el("button", [("type", "submit")], txt(lang.t("查看", "Show"))),
            ]
        )
    }

    static func table(_ m: LeaderboardPage, lang: Lang) -> HNode {
        let columns = [
            Loc("名次", "Rank"), Loc("小组", "Team"), Loc("签约项目", "Signed"), Loc("签约额", "Signed amount"), Loc("亿元以上", "Major"),
            Loc("到位投资", "Invested"), Loc("目标完成率", "Of target"), Loc("与上一名差距", "Behind the one above"),
        ]
        let rows: [[HNode]] = m.rows.map { r in
            let gap = m.measure == .signedAmount || m.measure == .investedAmount ? Money(fen: r.gapToAbove).display : String(r.gapToAbove)
            return [
                txt(String(r.rank)), r.isLast ? el("strong", [("class", "error")], txt(r.team + lang.t("（末位）", " (last)"))) : txt(r.team),
                txt("\(r.signedCount)/\(r.signedCountTarget)"), txt(r.signedAmount.display),
                txt("\(r.majorCount)/\(r.majorCountTarget)"),
                txt(r.investedAmount.display),
                txt(r.attainmentBasisPoints.map { String(format: "%.1f%%", Double($0) / 100) } ?? "—"),
                txt(r.rank == 1 ? "—" : gap),
            ]
        }
        return ListView.table(
            columns.enumerated().map {
                ListView.Column(key: "c\($0.offset)", label: lang.t($0.element), sortable: false, numeric: $0.offset >= 2)
            },
            rows: rows,
            params: m.params,
            base: nil,
            lang: lang
        )
    }

    /// Signed amount by month, the stage funnel and signed amount by industry (SVG from `Charts`).
    static func charts(_ m: LeaderboardPage, lang: Lang) -> HNode {
        func yi(_ fen: Int64) -> String { Money(fen: fen).yiText + lang.t(" 亿元", " × 100m yuan") }
        return .group(
            el(
                "div",
                [("class", "chart")],
                Charts.columns(
                    (1...12).map { month in
                        Charts.Bar(
                            label: lang.t("\(month)月", String(month)),
                            value: Double(m.byMonth[month] ?? 0),
                            text: (m.byMonth[month] ?? 0) > 0 ? Money(fen: m.byMonth[month]!).yiText : ""
                        )
                    },
                    title: lang.t("\(m.period) 年逐月签约额（亿元）", "Signed amount by month, \(m.period) (100 million yuan)")
                )
            ),
            el(
                "div",
                [("class", "chart")],
                Charts.funnel(
                    ProjectStage.allCases.filter { $0 != .dropped }.map { s in
                        Charts.Bar(
                            label: lang.t(s.label),
                            value: Double(m.byStage[s.rawValue] ?? 0),
                            text: String(m.byStage[s.rawValue] ?? 0)
                        )
                    },
                    title: lang.t("项目漏斗（按阶段，个）", "Projects by stage")
                        + lang.t("；终止 \(m.byStage["dropped"] ?? 0) 个", "; dropped \(m.byStage["dropped"] ?? 0)")
                )
            ),
            el(
                "div",
                [("class", "chart")],
                Charts.horizontal(
                    m.byIndustry.sorted { $0.amountFen > $1.amountFen }.map {
                        Charts.Bar(label: $0.label, value: Double($0.amountFen), text: yi($0.amountFen))
                    },
                    title: lang.t("按产业签约额", "Signed amount by industry")
                )
            )
        )
    }
}
