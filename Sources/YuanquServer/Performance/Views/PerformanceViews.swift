import Foundation
import YuanquKit

func score(_ s: Double?) -> String { s.map { String(format: "%.2f", $0) } ?? "—" }

/// The schemes and cycles of a zone, with the forms that draft a scheme and open a cycle.
enum PerformanceViews {
    static func overview(_ m: OverviewPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        return .group(
            m.form.message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            el("h2", [], txt(lang.t("考核周期", "Cycles"))),
            ListView.plain(
                [lang.t("周期", "Cycle"), lang.t("类型", "Kind"), lang.t("期间", "Dates"), lang.t("状态", "Status"), lang.t("方案版本", "Scheme")],
                rows: m.cycles.map { c in
                    [
                        link(.cycle(c.id), c.name), txt(lang.t((CycleKind(rawValue: c.kind) ?? .annual).label)),
                        txt(c.startsOn + " – " + c.endsOn),
                        txt(lang.t(PerformanceLabels.cycleStatus(c.status))),
                        link(.scheme(c.schemeId), "\(c.schemeName) v\(c.schemeVersion)"),
                    ]
                }
            ),
            el("h2", [], txt(lang.t("考核方案", "Schemes"))),
            ListView.plain(
                [
                    lang.t("年度", "Year"), lang.t("方案", "Scheme"), lang.t("版本", "Version"), lang.t("状态", "Status"),
                    lang.t("发布日期", "Published"),
                ],
                rows: m.schemes.map { s in
                    [
                        txt(String(s.year)), link(.scheme(s.id), s.name), txt("v\(s.version)"),
                        txt(lang.t(PerformanceLabels.schemeStatus(s.status))),
                        txt(s.publishedOn ?? "—"),
                    ]
                }
            ),
            m.canManage
                ? el(
                    "div",
                    [("class", "perf-two")],
                    el(
                        "section",
                        [("class", "panel perf-panel")],
                        el("h2", [], txt(lang.t("新建方案草稿", "Draft a scheme"))),
                        postForm(
                            v,
                            action: .schemeNew,
                            class: "perf-form",
                            [
                                f.summary(),
                                el(
                                    "div",
                                    [("class", "perf-fields")],
                                    wide(
                                        f.text(
                                            "name",
                                            lang.t("方案名称", "Name"),
                                            value: lang.t("\(m.thisYear + 1)年度综合考核方案", "\(m.thisYear + 1) assessment scheme")
                                        )
                                    ),
                                    f.text("year", lang.t("年度", "Year"), value: String(m.thisYear + 1), required: true, type: "number"),
                                    f.select(
                                        "basedOn",
                                        lang.t("基于", "Based on"),
                                        options: m.schemes.map { ($0.id.uuidString, "\($0.name) v\($0.version)") },
                                        selected: nil,
                                        blank: lang.t("标准方案", "The standard rules")
                                    )
                                ),
                                el("button", [("type", "submit"), ("class", "btn")], txt(lang.t("新建草稿", "Create draft"))),
                            ]
                        )
                    ),
                    el(
                        "section",
                        [("class", "panel perf-panel")],
                        el("h2", [], txt(lang.t("开启考核周期", "Open a cycle"))),
                        postForm(
                            v,
                            action: .cycleNew,
                            class: "perf-form",
                            [
                                el(
                                    "div",
                                    [("class", "perf-fields")],
                                    wide(
                                        f.select(
                                            "schemeId",
                                            lang.t("考核方案（已发布）", "Scheme (published)"),
                                            options: m.schemes.filter { $0.status == "published" }
                                                .map { ($0.id.uuidString, "\($0.name) v\($0.version)") },
                                            selected: nil,
                                            required: true
                                        )
                                    ),
                                    f.text("name", lang.t("周期名称", "Name"), required: true),
                                    f.select(
                                        "kind",
                                        lang.t("类型", "Kind"),
                                        options: CycleKind.allCases.map { ($0.rawValue, lang.t($0.label)) },
                                        selected: "quarterly"
                                    ),
                                    f.text("startsOn", lang.t("开始日期", "Starts"), required: true, type: "date"),
                                    f.text("endsOn", lang.t("结束日期", "Ends"), required: true, type: "date")
                                ),
                                el("button", [("type", "submit"), ("class", "btn")], txt(lang.t("开启", "Open"))),
                            ]
                        )
                    )
                ) : .empty
        )
    }

    /// A field that takes two columns of a `perf-fields` grid (the whole row on a phone).
    static func wide(_ field: HNode) -> HNode { el("div", [("class", "wide")], field) }

    /// A field that takes the whole row of a `perf-fields` grid.
    static func full(_ field: HNode) -> HNode { el("div", [("class", "full")], field) }

    /// A group of a long form: its legend above a grid (`perf-fields`) or cards (`perf-cards`) of fields.
    static func fieldset(_ legend: String, _ cls: String, _ children: [HNode]) -> HNode {
        el("fieldset", [], el("legend", [], txt(legend)), el("div", [("class", cls)], children))
    }

    /// A coefficient as typed: up to four decimals, trailing zeros dropped, one kept ("1.05", "1.0", "0.5").
    static func coef(_ v: Double) -> String {
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") && !s.hasSuffix(".0") { s.removeLast() }
        return s
    }

    /// "before → after", marked when the two differ; a single value when they do not.
    static func change(_ before: String, _ after: String) -> HNode {
        before == after ? txt(before) : el("span", [("class", "perf-changed")], txt(before + " → " + after))
    }

    /// A signed difference in yuan ("+1,234.50", "-12.00"), a dash when there is none.
    static func delta(_ fen: Int64) -> String { fen == 0 ? "—" : (fen > 0 ? "+" : "") + Money(fen: fen).yuanText }

    /// Charts side by side, each on its own white card; they wrap under each other on a narrow screen.
    static func charts(_ charts: [HNode]) -> HNode {
        el("div", [("class", "perf-charts")], charts.map { el("div", [("class", "chart")], $0) })
    }

    /// Score bins of a histogram: below 60, each ten to 100, and over-achievement.
    static func histogram(_ scores: [Double], title: String) -> HNode {
        let edges: [(label: String, low: Double, high: Double)] = [
            ("<60", -Double.infinity, 60), ("60–70", 60, 70), ("70–80", 70, 80), ("80–90", 80, 90), ("90–100", 90, 100.000_001),
            (">100", 100.000_001, Double.infinity),
        ]
        let bars = edges.map { e -> Charts.Bar in
            let n = scores.filter { $0 >= e.low && $0 < e.high }.count
            return Charts.Bar(label: e.label, value: Double(n), text: String(n))
        }
        return Charts.columns(bars, title: title, width: 480, height: 200)
    }

    static func gradeChart(_ grades: [String], set: GradeSet, lang: Lang, title: String) -> HNode {
        Charts.horizontal(
            Grade.allCases.map { g in
                let n = grades.filter { $0 == g.rawValue }.count
                return Charts.Bar(
                    label: lang.t(set.label(g).zh, set.label(g).en),
                    value: Double(n),
                    text: String(n),
                    highlight: g == .incompetent && n > 0
                )
            },
            title: title,
            width: 480
        )
    }

    /// An indicator breakdown: each part's actual, target, rater groups and score.
    static func parts(_ parts: [CycleEngine.Part], lang: Lang) -> HNode {
        let headers = [
            lang.t("指标", "Indicator"), lang.t("权重", "Weight"), lang.t("实际 / 目标", "Actual / target"), lang.t("评价", "Ratings"),
            lang.t("得分", "Score"),
        ]
        return ListView.plain(headers, rows: parts.map { partRow($0, lang) }, numeric: [1, 4])
    }

    static func partRow(_ p: CycleEngine.Part, _ lang: Lang) -> [HNode] {
        var measured = "—"
        if let target = p.target {
            measured =
                p.actual.map { PerformanceLabels.figure($0) + " / " + PerformanceLabels.figure(target) }
                ?? lang.t(
                    "无数据，不计入（目标 \(PerformanceLabels.figure(target))）",
                    "no data, left out (target \(PerformanceLabels.figure(target)))"
                )
        }
        let withheld = (p.withheld ?? []).map { lang.t(PerformanceLabels.group($0)) + lang.t(" 不足 3 人，不单列", " fewer than 3, not shown") }
        let groups = p.shownGroups.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { g -> String in
                let value = g.value.map(Charts.decimal) ?? lang.t("无人评价（不计入）", "none (left out)")
                return lang.t(PerformanceLabels.group(g.key)) + " " + value
            }
        return [
            txt("\(p.code) \(p.name)"), txt(Charts.decimal(p.weight)), txt(measured), txt((groups + withheld).joined(separator: "；")),
            txt(p.score.map { score($0) } ?? lang.t("不计入", "left out")),
        ]
    }
}
