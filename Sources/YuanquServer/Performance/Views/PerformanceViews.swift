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

/// A scheme version: its rules in words; a draft's form; publish, close, new version and simulation.
enum SchemeView {
    static func view(_ m: SchemePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let r = m.rules
        let set = r.gradeSet
        return .group(
            m.form.message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            el(
                "p",
                [],
                txt(
                    lang.t("状态：", "Status: ") + lang.t(PerformanceLabels.schemeStatus(m.scheme.status))
                        + (m.scheme.publishedOn.map { lang.t("，\($0) 发布", ", published \($0)") } ?? "")
                        + (m.publishedBy.map { lang.t("（\($0)）", " (\($0))") } ?? "")
                )
            ),
            m.scheme.status == "draft"
                ? el("p", [("class", "muted")], txt(lang.t("草稿可以修改；发布后冻结，修改须另建新版本。", "A draft can change; publishing freezes it.")))
                : .empty,
            el("div", [("class", "toolbar")], actions(m, v)),
            el("h2", [], txt(lang.t("等次与名额", "Grades and quota"))),
            el(
                "p",
                [],
                txt(
                    lang.t("等次名称：", "Grade words: ")
                        + Grade.allCases.map { lang.t(set.label($0).zh, set.label($0).en) }.joined(separator: " / ")
                        + (set == .civilService
                            ? lang.t("（公务员法第三十八条）", " (Civil Servant Law art. 38)") : lang.t("（事业单位人事管理条例第二十一条）", " (Regulation art. 21)"))
                )
            ),
            el(
                "p",
                [],
                txt(
                    lang.t(
                        "分数线：优秀 ≥ \(Charts.decimal(r.bands.excellent))，\(set.label(.competent).zh) ≥ \(Charts.decimal(r.bands.competent))，\(set.label(.basicallyCompetent).zh) ≥ \(Charts.decimal(r.bands.basicallyCompetent))；优秀比例 \(r.excellentShare)%\(r.excellentUnitShare.map { "（优秀部门 \($0)%）" } ?? "")；公示 \(r.noticeDays) 个工作日。",
                        "Lines: \(set.label(.excellent).en) ≥ \(Charts.decimal(r.bands.excellent)), \(set.label(.competent).en) ≥ \(Charts.decimal(r.bands.competent)), \(set.label(.basicallyCompetent).en) ≥ \(Charts.decimal(r.bands.basicallyCompetent)); Excellent share \(r.excellentShare)%\(r.excellentUnitShare.map { " (\($0)% in an Excellent unit)" } ?? ""); notice \(r.noticeDays) working days."
                    )
                )
            ),
            el("p", [("class", "hint")], txt(lang.t(PerformanceLabels.quotaNote))),
            el(
                "p",
                [],
                txt(lang.t("考核的岗位层级：", "Post tiers assessed: ") + r.tiers.map { lang.t(PerformanceLabels.tier($0)) }.joined(separator: "、"))
            ),
            el("h2", [], txt(lang.t("指标", "Indicators"))),
            ListView.plain(
                [
                    lang.t("代码", "Code"), lang.t("指标", "Indicator"), lang.t("对象", "Assessee"), lang.t("权重", "Weight"),
                    lang.t("计分", "Scoring"),
                ],
                rows: r.indicators.map { i in
                    [
                        txt(i.code), txt(i.name), txt(lang.t(PerformanceLabels.assessee(i.assessee))), txt(Charts.decimal(i.weight)),
                        txt(lang.t(PerformanceLabels.measure(i, r))),
                    ]
                },
                numeric: [3]
            ),
            el(
                "p",
                [],
                txt(
                    lang.t("评价主体权重：", "Rater weights: ")
                        + RaterGroup.allCases.map { lang.t(PerformanceLabels.group($0)) + " " + Charts.decimal(r.raterWeights[$0] ?? 0) }
                        .joined(separator: "，")
                        + (r.dropExtremes ? lang.t("；三人以上评价时去掉最高分和最低分", "; highest and lowest dropped from three raters up") : "")
                        + lang.t("；某评价主体无人评价时不计入，其余权重按比例折算。", "; a group with no ratings is left out and the other weights renormalised.")
                )
            ),
            el("p", [], txt(lang.t("领导以外的评价人对被评价人匿名。", "Raters other than leaders are anonymous to the person assessed."))),
            el("h2", [], txt(lang.t("部门结果与个人、绩效工资", "Unit feed and pay"))),
            ListView.plain(
                [
                    lang.t("等次", "Grade"), lang.t("个人得分折算系数（按部门等次）", "Score scaling (by unit grade)"),
                    lang.t("人均绩效额度（元，按部门等次）", "Pool per head (yuan, by unit grade)"),
                    lang.t("个人分配系数（按个人等次）", "Pay coefficient (by own grade)"),
                ],
                rows: Grade.allCases.map { g in
                    let feed: String
                    switch r.feed {
                    case .coefficient(let c): feed = PerformanceViews.coef(c[g] ?? 1)
                    case .excellentShare(let s):
                        feed = lang.t("优秀比例 \(s[g] ?? r.excellentShare)%", "Excellent share \(s[g] ?? r.excellentShare)%")
                    }
                    return [
                        txt(lang.t(set.label(g).zh, set.label(g).en)), txt(feed), txt(Money(fen: r.pay.poolPerHead[g] ?? 0).yuanText),
                        txt(PerformanceViews.coef(r.pay.coefficients[g] ?? 0)),
                    ]
                },
                numeric: [1, 2, 3]
            ),
            el(
                "p",
                [("class", "hint")],
                txt(
                    lang.t(
                        "部门负责人的结果随所在部门；单位绩效工资总额 = 人均额度（按部门等次）× 参加考核人数"
                            + (r.pay.zonePool.map { "（设全区总额 \(Money(fen: $0).yuanText) 元时，按此比例把全区总额分到各部门）" } ?? "")
                            + "，按“等次系数 × 得分 ÷ 100”分配到分，尾差按最大余数法分配，合计与总额一致。",
                        "A unit head follows the unit. A unit's pool = amount per head (by its grade) × people assessed"
                            + (r.pay.zonePool.map {
                                " (with a zone total of \(Money(fen: $0).yuanText) yuan, that total is split to units in this proportion)"
                            } ?? "")
                            + ", split by coefficient × score ÷ 100 to the fen (largest remainder), adding up to the pool exactly."
                    )
                )
            ),
            el("h2", [], txt(lang.t("末尾淘汰规则", "Elimination rules"))),
            el("ul", [], r.elimination.map { el("li", [], txt(lang.t(PerformanceLabels.elimination($0, set)))) }),
            el("h2", [], txt(lang.t("问责对考核的影响", "Effect of accountability cases"))),
            el(
                "ul",
                [],
                r.caseEffects.sorted { $0.key < $1.key }.map { k, e in
                    el("li", [], txt(lang.t(PerformanceLabels.sanction(k)) + "：" + lang.t(PerformanceLabels.effect(e, set))))
                }
            ),
            m.scheme.status == "draft" && m.canManage ? editForm(m, v) : .empty
        )
    }

    static func actions(_ m: SchemePage, _ v: ViewContext) -> [HNode] {
        let lang = v.lang
        var nodes: [HNode] = [link(.performance, lang.t("返回方案与周期", "Back to schemes and cycles"), class: "btn secondary")]
        if m.scheme.status == "draft" && m.canDecide {
            nodes.append(
                actionButton(
                    v,
                    action: .schemePublish(m.scheme.id),
                    label: lang.t("发布方案", "Publish"),
                    confirm: lang.t("发布后方案冻结，确定发布？", "Publishing freezes the scheme. Publish?")
                )
            )
        }
        if m.scheme.status == "published" && m.canDecide {
            nodes.append(actionButton(v, action: .schemeClose(m.scheme.id), label: lang.t("关闭方案", "Close")))
        }
        if m.scheme.status != "draft" && m.canManage {
            nodes.append(
                postForm(
                    v,
                    action: .schemeNew,
                    class: "inline",
                    [
                        void("input", [("type", "hidden"), ("name", "year"), ("value", String(m.scheme.year))]),
                        void("input", [("type", "hidden"), ("name", "name"), ("value", m.scheme.name)]),
                        void("input", [("type", "hidden"), ("name", "basedOn"), ("value", m.scheme.id.uuidString)]),
                        el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("基于此方案新建版本", "New version from this"))),
                    ]
                )
            )
        }
        if !m.simulationCycles.isEmpty {
            nodes.append(
                el(
                    "form",
                    [("method", "get"), ("action", SiteURL.schemeSimulate(m.scheme.id).path), ("class", "inline perf-inline")],
                    el(
                        "select",
                        [("name", "cycle"), ("aria-label", lang.t("模拟周期", "Cycle to simulate on"))],
                        m.simulationCycles.map { el("option", [("value", $0.id.uuidString)], txt($0.name)) }
                    ),
                    el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("用该周期数据模拟", "Simulate on this cycle")))
                )
            )
        }
        return nodes
    }

    /// The draft's rules in four groups, each a compact grid: basics, rater weights, indicators, and what each grade means
    /// for pay.
    static func editForm(_ m: SchemePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        let r = m.rules
        let set = r.gradeSet
        func number(_ name: String, _ label: String, _ value: String) -> HNode {
            f.text(name, label, value: value, attributes: [("inputmode", "decimal")])
        }
        func word(_ g: Grade) -> String { lang.t(set.label(g).zh, set.label(g).en) }
        let basics = PerformanceViews.fieldset(
            lang.t("等次与名额", "Grades and quota"),
            "perf-fields",
            [
                PerformanceViews.wide(f.text("name", lang.t("方案名称", "Name"), value: m.scheme.name, required: true)),
                PerformanceViews.wide(
                    f.select(
                        "gradeSet",
                        lang.t("等次名称", "Grade words"),
                        options: [
                            ("civilService", lang.t("优秀/称职/基本称职/不称职（公务员）", "Civil service")),
                            ("publicInstitution", lang.t("优秀/合格/基本合格/不合格（事业单位）", "Public institution")),
                        ],
                        selected: r.gradeSet.rawValue
                    )
                ),
                number("noticeDays", lang.t("公示工作日数", "Notice (working days)"), String(r.noticeDays)),
                number(
                    "bands.excellent",
                    lang.t("\(set.label(.excellent).zh)分数线", "\(set.label(.excellent).en) from"),
                    Charts.decimal(r.bands.excellent)
                ),
                number(
                    "bands.competent",
                    lang.t("\(set.label(.competent).zh)分数线", "\(set.label(.competent).en) from"),
                    Charts.decimal(r.bands.competent)
                ),
                number(
                    "bands.basicallyCompetent",
                    lang.t("\(set.label(.basicallyCompetent).zh)分数线", "\(set.label(.basicallyCompetent).en) from"),
                    Charts.decimal(r.bands.basicallyCompetent)
                ),
                number("excellentShare", lang.t("优秀比例（%）", "Excellent share (%)"), String(r.excellentShare)),
                number(
                    "excellentUnitShare",
                    lang.t("优秀部门的优秀比例（%，空为同上）", "Share in an Excellent unit (%, empty: as above)"),
                    r.excellentUnitShare.map(String.init) ?? ""
                ),
                PerformanceViews.wide(
                    f.checkbox(
                        "dropExtremes",
                        lang.t("三人以上评价时去掉最高分和最低分", "Drop highest and lowest from three raters up"),
                        checked: r.dropExtremes
                    )
                ),
                PerformanceViews.full(el("p", [("class", "hint")], txt(lang.t(PerformanceLabels.quotaNote)))),
            ]
        )
        let raters = PerformanceViews.fieldset(
            lang.t("评价主体权重", "Rater weights"),
            "perf-fields",
            RaterGroup.allCases.map { g in
                number("rater.\(g.rawValue)", lang.t(PerformanceLabels.group(g)), Charts.decimal(r.raterWeights[g] ?? 0))
            }
                + [
                    PerformanceViews.full(
                        el(
                            "p",
                            [("class", "hint")],
                            txt(lang.t("某评价主体无人评价时不计入，其余权重按比例折算。", "A group with no ratings is left out and the others renormalised."))
                        )
                    )
                ]
        )
        let indicators = PerformanceViews.fieldset(
            lang.t("指标权重与目标值", "Indicator weights and targets"),
            "perf-cards",
            r.indicators.map { i in
                var fields = [number("ind.\(i.code).weight", lang.t("权重", "Weight"), Charts.decimal(i.weight))]
                if case .quantitative(_, _, let target) = i.measure {
                    fields.append(
                        number(
                            "ind.\(i.code).target",
                            lang.t("目标值", "Target"),
                            PerformanceLabels.figure(target).replacingOccurrences(of: ",", with: "")
                        )
                    )
                }
                return el("fieldset", [], el("legend", [], txt("\(i.code) \(i.name)")), el("div", [("class", "perf-pair")], fields))
            }
        )
        let grades = PerformanceViews.fieldset(
            lang.t("各等次的绩效工资与折算", "Pay and scaling by grade"),
            "perf-cards",
            Grade.allCases.map { g in
                var fields = [
                    number(
                        "pay.pool.\(g.rawValue)",
                        lang.t("人均绩效额度（元）", "Pool per head (yuan)"),
                        Money(fen: r.pay.poolPerHead[g] ?? 0).yuanText.replacingOccurrences(of: ",", with: "")
                    ),
                    number(
                        "pay.coef.\(g.rawValue)",
                        lang.t("个人分配系数", "Pay coefficient"),
                        PerformanceViews.coef(r.pay.coefficients[g] ?? 0)
                    ),
                ]
                if case .coefficient(let c) = r.feed {
                    fields.append(number("feed.\(g.rawValue)", lang.t("个人得分折算系数", "Score scaling"), PerformanceViews.coef(c[g] ?? 1)))
                }
                return el("fieldset", [], [el("legend", [], txt(word(g)))] + fields)
            }
                + [
                    PerformanceViews.full(
                        number(
                            "pay.zonePool",
                            lang.t("全区绩效工资总额（元，可空）", "Zone total (yuan, optional)"),
                            r.pay.zonePool.map { Money(fen: $0).yuanText.replacingOccurrences(of: ",", with: "") } ?? ""
                        )
                    ),
                    PerformanceViews.full(
                        el(
                            "p",
                            [("class", "hint")],
                            txt(
                                lang.t(
                                    "人均绩效额度和个人得分折算系数按部门（小组）等次取值，个人分配系数按本人等次取值。填写全区总额时，各部门按“人均额度 × 人数”的比例分配全区总额。",
                                    "The pool per head and the score scaling follow the unit's (team's) grade; the pay coefficient follows the person's own grade. With a zone total, units share it in proportion to pool per head × people."
                                )
                            )
                        )
                    ),
                ]
        )
        return el(
            "section",
            [("class", "panel perf-panel")],
            el("h2", [], txt(lang.t("修改草稿", "Edit the draft"))),
            postForm(
                v,
                action: .scheme(m.scheme.id),
                class: "perf-form",
                [
                    f.summary(), basics, raters, indicators, grades,
                    el("button", [("type", "submit"), ("class", "btn")], txt(lang.t("保存草稿", "Save draft"))),
                ]
            )
        )
    }
}

/// A draft run on a cycle's data beside the results the cycle has.
enum SimulationView {
    static func view(_ m: SimulationPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let a = m.answer
        let set = a.gradeSet
        let change = PerformanceViews.change
        func grade(_ g: String?) -> String { lang.t(PerformanceLabels.grade(g, set)) }
        func sideRows(_ lines: [Simulation.UnitLine], people: Bool) -> [[HNode]] {
            lines.map { u in
                var row: [HNode] = [
                    txt(u.name), change(score(u.current.score), score(u.simulated.score)),
                    change(grade(u.current.grade), grade(u.simulated.grade)),
                ]
                if people {
                    row += [
                        change(String(u.current.excellent), String(u.simulated.excellent)),
                        change(Money(fen: u.current.poolFen).yuanText, Money(fen: u.simulated.poolFen).yuanText),
                    ]
                }
                return row
            }
        }
        func personRows(_ list: [Simulation.PersonChange]) -> [[HNode]] {
            list.map { c in
                [
                    txt(c.name), txt(c.unit), change(grade(c.currentGrade), grade(c.simulatedGrade)),
                    change(Money(fen: c.currentPayFen ?? 0).yuanText, Money(fen: c.simulatedPayFen ?? 0).yuanText),
                    txt(PerformanceViews.delta((c.simulatedPayFen ?? 0) - (c.currentPayFen ?? 0))),
                ]
            }
        }
        let personHeaders = [
            lang.t("姓名", "Name"), lang.t("部门", "Unit"), lang.t("等次", "Grade"), lang.t("绩效工资（元）", "Pay (yuan)"),
            lang.t("增减（元）", "Difference (yuan)"),
        ]
        let regraded = a.changes.filter { $0.currentGrade != $0.simulatedGrade }
        let repaid = a.changes.filter { $0.currentGrade == $0.simulatedGrade }
        let excellentNow = a.units.reduce(0) { $0 + $1.current.excellent }
        let excellentThen = a.units.reduce(0) { $0 + $1.simulated.excellent }
        func stat(_ label: String, _ value: HNode) -> HNode { el("div", [("class", "stat")], el("b", [], value), txt(label)) }
        return .group(
            el("div", [("class", "toolbar")], link(m.back, lang.t("返回方案", "Back to the scheme"), class: "btn secondary")),
            el(
                "p",
                [],
                txt(
                    lang.t(
                        "用“\(a.cycle)”的数据（按当前记录）分别按该周期现行方案和本方案计算：箭头左边是现行方案，右边是本方案，有变化的标为红色。试算不写入任何记录。",
                        "“\(a.cycle)”'s data (as recorded now) under the cycle's scheme, left of the arrow, and under this one, right; changes are marked red. Nothing is written."
                    )
                )
            ),
            a.tiedUnresolved > 0
                ? el(
                    "p",
                    [("class", "alert alert-warn")],
                    txt(lang.t("试算中有 \(a.tiedUnresolved) 人在优秀名额线上并列，须记录决定。", "\(a.tiedUnresolved) people would tie at a quota line."))
                ) : .empty,
            el(
                "div",
                [("class", "stats")],
                stat(lang.t("个人优秀人数", "People graded Excellent"), change(String(excellentNow), String(excellentThen))),
                stat(lang.t("等次变化的人数", "Grades changed"), txt(String(regraded.count))),
                stat(lang.t("仅绩效工资变化的人数", "Only pay changed"), txt(String(repaid.count))),
                stat(lang.t("末尾淘汰预警", "Flags"), change(String(a.currentFlags.count), String(a.simulatedFlags.count)))
            ),
            el("h2", [], txt(lang.t("部门", "Units"))),
            ListView.plain(
                [
                    lang.t("部门", "Unit"), lang.t("得分", "Score"), lang.t("等次", "Grade"), lang.t("个人优秀人数", "Excellent"),
                    lang.t("绩效工资总额（元）", "Pool (yuan)"),
                ],
                rows: sideRows(a.units, people: true),
                numeric: [1, 3, 4]
            ),
            el("h2", [], txt(lang.t("招商小组", "Teams"))),
            ListView.plain(
                [lang.t("小组", "Team"), lang.t("得分", "Score"), lang.t("等次", "Grade")],
                rows: sideRows(a.teams, people: false),
                numeric: [1]
            ),
            el("h2", [], txt(lang.t("等次变化的人员（\(regraded.count) 人）", "People whose grade changes (\(regraded.count))"))),
            regraded.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("无。", "None.")))
                : ListView.plain(personHeaders, rows: personRows(regraded), numeric: [3, 4]),
            el("h2", [], txt(lang.t("仅绩效工资变化的人员（\(repaid.count) 人）", "People whose pay alone changes (\(repaid.count))"))),
            repaid.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("无。", "None.")))
                : el(
                    "details",
                    [("class", "perf-details")],
                    el("summary", [], txt(lang.t("展开名单（\(repaid.count) 人）", "Show the list (\(repaid.count))"))),
                    ListView.plain(personHeaders, rows: personRows(repaid), numeric: [3, 4])
                ),
            el("h2", [], txt(lang.t("末尾淘汰预警", "Flags"))),
            el("p", [], txt(lang.t("现行方案：", "Current scheme: ") + flagText(a.currentFlags, set, lang))),
            el("p", [], txt(lang.t("试算结果：", "Simulated: ") + flagText(a.simulatedFlags, set, lang)))
        )
    }

    static func flagText(_ flags: [Simulation.FlagLine], _ set: GradeSet, _ lang: Lang) -> String {
        flags.isEmpty
            ? lang.t("无", "none")
            : flags.map { $0.name + "（" + lang.t(PerformanceLabels.elimination($0.rule, set)) + "）" }.joined(separator: "；")
    }
}

/// A cycle: its status and the next step, the units' and teams' ranking, charts, ties awaiting a decision,
/// objections, entered values.
enum CycleView {
    static func view(_ m: CyclePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let set = m.gradeSet
        let f = m.form.kit(lang)
        return .group(
            m.form.message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            f.summary(),
            el(
                "p",
                [],
                txt(
                    lang.t(m.kind.label) + " · " + m.startsOn + " – " + m.endsOn + " · " + lang.t(PerformanceLabels.cycleStatus(m.status))
                        + " · "
                ),
                link(.scheme(m.scheme.id), "\(m.scheme.name) v\(m.scheme.version)"),
                m.noticeStart.map { txt(lang.t("　公示期：\($0) 至 \(m.noticeEnds ?? "")", "  Notice: \($0) to \(m.noticeEnds ?? "")")) }
                    ?? .empty
            ),
            el("div", [("class", "toolbar")], actions(m, v)),
            m.ties.isEmpty ? .empty : ties(m, v),
            el("h2", [], txt(lang.t("部门排名", "Units ranked"))),
            m.units.isEmpty
                ? el(
                    "p",
                    [("class", "muted")],
                    txt(
                        lang.t(
                            "尚未计算结果：评价和指标实际值录入后，点“计算结果”生成排名、等次和绩效工资。",
                            "No results yet: once ratings and actual values are in, “Compute” ranks, grades and pays."
                        )
                    )
                ) : el("p", [("class", "hint")], txt(lang.t(PerformanceLabels.quotaNote))),
            m.units.isEmpty
                ? .empty
                : ListView.plain(
                    [
                        lang.t("名次", "Rank"), lang.t("部门", "Unit"), lang.t("得分", "Score"), lang.t("等次", "Grade"),
                        lang.t("参加考核人数", "People"),
                        lang.t("个人优秀人数", "Excellent"),
                    ],
                    rows: m.units.map { u in
                        [
                            txt(u.rank.map(String.init) ?? "—"), link(.cycleUnit(m.id, unit: u.id), u.name), txt(score(u.score)),
                            txt(lang.t(PerformanceLabels.grade(u.grade, set))),
                            txt(String(u.people)), txt(String(u.excellent)),
                        ]
                    },
                    numeric: [2, 4, 5]
                ),
            m.teams.isEmpty ? .empty : el("h2", [], txt(lang.t("招商小组排名", "Teams ranked"))),
            m.teams.isEmpty
                ? .empty
                : ListView.plain(
                    [lang.t("名次", "Rank"), lang.t("小组", "Team"), lang.t("得分", "Score"), lang.t("等次", "Grade")],
                    rows: m.teams.map { t in
                        [
                            txt(t.rank.map(String.init) ?? "—"), txt(t.name), txt(score(t.score)),
                            txt(lang.t(PerformanceLabels.grade(t.grade, set))),
                        ]
                    },
                    numeric: [2]
                ),
            m.personScores.isEmpty
                ? .empty
                : PerformanceViews.charts([
                    PerformanceViews.histogram(m.personScores, title: lang.t("个人得分分布", "Person scores")),
                    PerformanceViews.gradeChart(m.personGrades, set: set, lang: lang, title: lang.t("个人等次分布", "Person grades")),
                ]),
            objections(m, v),
            m.canManage && (m.status == "open" || m.status == "computed") && !m.enteredIndicators.isEmpty ? valueForm(m, v) : .empty
        )
    }

    static func actions(_ m: CyclePage, _ v: ViewContext) -> [HNode] {
        let lang = v.lang
        var nodes: [HNode] = [link(.performance, lang.t("返回", "Back"), class: "btn secondary")]
        if m.canManage && (m.status == "open" || m.status == "computed") {
            nodes.append(
                actionButton(
                    v,
                    action: .cycleAction(m.id, "compute"),
                    label: m.status == "open" ? lang.t("计算结果", "Compute") : lang.t("重新计算", "Compute again")
                )
            )
        }
        if m.canManage && m.status == "computed" {
            nodes.append(
                actionButton(
                    v,
                    action: .cycleAction(m.id, "publish"),
                    label: lang.t("公示结果", "Publish for notice"),
                    confirm: lang.t("公示后结果不能再修改，确定公示？", "Published results cannot change. Publish?")
                )
            )
        }
        if m.canManage && m.status == "notice" {
            nodes.append(actionButton(v, action: .cycleAction(m.id, "finalise"), label: lang.t("公示期满，定稿", "Make final")))
        }
        if m.status == "notice" || m.status == "final" {
            nodes.append(link(.cycleNotice(m.id), lang.t("公示通知（可打印）", "Notice (printable)"), class: "btn secondary"))
        }
        if !m.personScores.isEmpty {
            nodes.append(link(.cyclePay(m.id), lang.t("绩效工资表", "Pay sheet"), class: "btn secondary"))
        }
        return nodes
    }

    static func ties(_ m: CyclePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return el(
            "section",
            [("class", "panel perf-panel")],
            [
                el("h2", [], txt(lang.t("优秀名额线上并列，待决定", "Tied at the quota line: decision needed"))),
                el(
                    "p",
                    [],
                    txt(
                        lang.t(
                            "以下人员得分相同、处在名额线上。须按记录的决定排序（先者优先），不得默认裁减；决定前不能公示。",
                            "These are tied at the line. Order them by a recorded decision; results cannot be published before."
                        )
                    )
                ),
            ]
                + m.ties.map { t in
                    .group(
                        el("h3", [], txt(t.label + "：" + t.people.map(\.name).joined(separator: "、"))),
                        m.canDecide
                            ? postForm(
                                v,
                                action: .cycleAction(m.id, "ties"),
                                [
                                    void("input", [("type", "hidden"), ("name", "group"), ("value", t.group)]),
                                    el(
                                        "label",
                                        [],
                                        txt(lang.t("排序（先者优先）", "Order (best first)")),
                                        el(
                                            "select",
                                            [("name", "order"), ("aria-label", lang.t("排序", "Order"))],
                                            orders(t.people).map { o in
                                                el(
                                                    "option",
                                                    [("value", o.map(\.id).joined(separator: ","))],
                                                    txt(o.map(\.name).joined(separator: " > "))
                                                )
                                            }
                                        )
                                    ),
                                    void(
                                        "input",
                                        [("name", "deciders"), ("placeholder", lang.t("决定人（如：考核领导小组）", "Deciders")), ("required", nil)]
                                    ),
                                    void(
                                        "input",
                                        [("name", "grounds"), ("placeholder", lang.t("依据", "Grounds")), ("required", nil), ("size", "40")]
                                    ),
                                    el("button", [("type", "submit"), ("class", "btn")], txt(lang.t("记录决定", "Record decision"))),
                                ]
                            ) : .empty
                    )
                }
        )
    }

    /// Every order of a few tied people (up to four: 24 orders); more are offered in the order given and its reverse.
    static func orders(_ people: [(id: String, name: String)]) -> [[(id: String, name: String)]] {
        guard people.count <= 4 else { return [people, people.reversed()] }
        if people.count <= 1 { return [people] }
        return people.indices.flatMap { i in
            var rest = people
            let first = rest.remove(at: i)
            return orders(rest).map { [first] + $0 }
        }
    }

    static func objections(_ m: CyclePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        guard m.status == "notice" || m.status == "final" || !m.objections.isEmpty else { return .empty }
        return el(
            "section",
            [("class", "panel perf-panel")],
            el("h2", [], txt(lang.t("异议", "Objections"))),
            m.objections.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无异议。", "None.")))
                : ListView.plain(
                    [lang.t("对象", "Subject"), lang.t("异议", "Objection"), lang.t("提出日期", "Raised"), lang.t("处理", "Resolution")],
                    rows: m.objections.map { o in
                        [
                            txt(o.subject), txt(o.text), el("span", [("class", "nowrap")], txt(o.raisedOn)),
                            o.resolution.map { r in
                                txt(
                                    (o.upheld ? lang.t("【支持，结果重新计算】", "[Upheld: results recomputed] ") : lang.t("【不支持】", "[Dismissed] "))
                                        + r
                                        + "（\(o.resolvedOn ?? "")\(o.deciders.map { "，" + $0 } ?? "")）"
                                )
                            }
                                ?? (m.canManage
                                    ? postForm(
                                        v,
                                        action: .objectionResolve(cycle: m.id, objection: o.id),
                                        class: "inline",
                                        [
                                            void(
                                                "input",
                                                [("name", "resolution"), ("placeholder", lang.t("处理结果", "Resolution")), ("required", nil)]
                                            ),
                                            void("input", [("name", "deciders"), ("placeholder", lang.t("决定人", "Deciders"))]),
                                            el(
                                                "label",
                                                [],
                                                void("input", [("type", "checkbox"), ("name", "upheld"), ("value", "true")]),
                                                txt(lang.t(" 支持异议（退回重算）", " Upheld (recompute)"))
                                            ),
                                            el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("处理", "Resolve"))),
                                        ]
                                    ) : txt(lang.t("待处理", "Open"))),
                        ]
                    }
                ),
            m.status == "notice" && m.canManage
                ? postForm(
                    v,
                    action: .cycleAction(m.id, "objections"),
                    class: "toolbar",
                    [
                        el(
                            "select",
                            [("name", "subjectId"), ("aria-label", lang.t("异议对象", "Subject"))],
                            m.subjects.map { el("option", [("value", $0.id.uuidString)], txt($0.name)) }
                        ),
                        void(
                            "input",
                            [("name", "text"), ("placeholder", lang.t("异议内容", "The objection")), ("required", nil), ("size", "40")]
                        ),
                        el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("登记异议", "Record objection"))),
                    ]
                ) : .empty
        )
    }

    static func valueForm(_ m: CyclePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        let kinds = Set(m.enteredIndicators.map(\.assessee))
        let subjects = m.subjects.filter { kinds.contains($0.assessee) }
        guard !subjects.isEmpty else {
            return el(
                "section",
                [("class", "panel perf-panel")],
                el("h2", [], txt(lang.t("录入指标实际值", "Enter an actual value"))),
                el(
                    "p",
                    [("class", "muted")],
                    txt(
                        lang.t(
                            "考核对象在第一次“计算结果”后列出；计算后可在此录入实际值，再重新计算。",
                            "The subjects are listed after the first “Compute”; then enter values here and compute again."
                        )
                    )
                )
            )
        }
        return el(
            "section",
            [("class", "panel perf-panel")],
            el("h2", [], txt(lang.t("录入指标实际值", "Enter an actual value"))),
            postForm(
                v,
                action: .cycleAction(m.id, "values"),
                class: "perf-form",
                [
                    el(
                        "div",
                        [("class", "perf-fields")],
                        PerformanceViews.wide(
                            f.select(
                                "indicator",
                                lang.t("指标", "Indicator"),
                                options: m.enteredIndicators.map { ($0.code, "\($0.code) \($0.name)") },
                                selected: nil,
                                required: true
                            )
                        ),
                        f.select(
                            "subjectId",
                            lang.t("考核对象", "Assessed"),
                            options: subjects.map { ($0.id.uuidString, $0.name) },
                            selected: nil,
                            required: true
                        ),
                        f.text("value", lang.t("实际值", "Actual value"), required: true, attributes: [("inputmode", "decimal")]),
                        PerformanceViews.full(f.textarea("evidence", lang.t("佐证说明", "Evidence"), rows: 2, required: true))
                    ),
                    el("button", [("type", "submit"), ("class", "btn")], txt(lang.t("保存", "Save"))),
                ]
            )
        )
    }
}

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

/// The printable notice of a cycle's results (公示).
enum CycleNoticeView {
    static func view(_ m: CycleNoticePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let set = m.gradeSet
        let grades = Grade.allCases.map { g in lang.t(set.label(g).zh, set.label(g).en) }
        /// Lines grouped by a key, in the order the key first appears.
        func grouped(_ lines: [CycleNoticePage.Line], by key: (CycleNoticePage.Line) -> String) -> [(String, [CycleNoticePage.Line])] {
            var order: [String] = []
            var groups: [String: [CycleNoticePage.Line]] = [:]
            for l in lines {
                if groups[key(l)] == nil { order.append(key(l)) }
                groups[key(l), default: []].append(l)
            }
            return order.map { ($0, groups[$0] ?? []) }
        }
        /// One cell a grade: the names with that grade, a dash for none.
        func byGrade(_ lines: [CycleNoticePage.Line]) -> [HNode] {
            Grade.allCases.map { g in
                let names = lines.filter { $0.grade == g.rawValue }.map(\.name)
                guard !names.isEmpty else { return txt("—") }
                // A name never breaks across lines; the list breaks between names.
                return .group(
                    names.enumerated().map { i, n in el("span", [("class", "nowrap")], txt(n + (i < names.count - 1 ? "、" : ""))) }
                )
            }
        }
        let units = grouped(m.units) { $0.unit }.map { kind, lines in [txt(kind)] + byGrade(lines) }
        let people = grouped(m.people) { $0.unit }
            .map { unit, lines in [txt(unit + lang.t("（\(lines.count) 人）", " (\(lines.count))"))] + byGrade(lines) }
        return el(
            "article",
            [("class", "notice")],
            el(
                "p",
                [("class", "hint no-print")],
                txt(
                    lang.t(
                        "打印：用浏览器的“打印”（Ctrl+P）。打印时不含菜单和按钮。",
                        "To print, use the browser's Print (Ctrl+P); the menu and buttons are left out."
                    )
                )
            ),
            el("h2", [("class", "notice-title")], txt(m.zone + " " + m.cycle + lang.t("结果公示", " results notice"))),
            el(
                "p",
                [],
                txt(
                    lang.t(
                        "根据《\(m.scheme)》，现将考核结果予以公示。公示期为 \(m.from) 至 \(m.to)（\(m.noticeDays) 个工作日）。如有异议，请在公示期内向党政办公室（人事）书面反映。",
                        "Under “\(m.scheme)” the results are published from \(m.from) to \(m.to) (\(m.noticeDays) working days). Objections go in writing to the HR office within the notice."
                    )
                )
            ),
            el("h3", [], txt(lang.t("一、部门与招商小组", "1. Units and teams"))),
            ListView.plain([lang.t("类别", "Kind")] + grades, rows: units, class: "list notice-table"),
            el("h3", [], txt(lang.t("二、个人", "2. People"))),
            ListView.plain([lang.t("部门", "Unit")] + grades, rows: people, class: "list notice-table"),
            el(
                "p",
                [("class", "muted")],
                txt(lang.t("本公示只列等次；得分明细由本人在系统中查看。", "Grades only; each person sees their breakdown in the system."))
            ),
            el("div", [("class", "sign")], el("div", [], txt(m.zone)), el("div", [], txt(m.from)))
        )
    }
}

/// The pay sheet, and one person's pay arithmetic line by line.
enum PayView {
    static func sheet(_ m: PaySheetPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let set = m.gradeSet
        let yuan = lang.t(" 元", " yuan")
        let people = m.sheet.units.reduce(0) { $0 + $1.lines.count }
        func stat(_ label: String, _ value: String) -> HNode { el("div", [("class", "stat")], el("b", [], txt(value)), txt(label)) }
        return .group(
            el(
                "div",
                [("class", "toolbar")],
                link(.cycle(m.cycle), lang.t("返回考核周期", "Back to the cycle"), class: "btn secondary"),
                link(.workbook(.cyclePayExport(m.cycle)), lang.t("导出工资表（Excel）", "Export (Excel)"), class: "btn secondary"),
                link(.cyclePayExport(m.cycle), lang.t("导出工资表（CSV）", "Export (CSV)"), class: "btn secondary")
            ),
            el(
                "div",
                [("class", "stats")],
                stat(lang.t("绩效工资合计（元）", "Total pay (yuan)"), Money(fen: m.sheet.totalFen).yuanText),
                stat(lang.t("部门", "Units"), String(m.sheet.units.count)),
                stat(lang.t("参加分配人数", "People paid"), String(people))
            ),
            el("h2", [], txt(lang.t("各部门总额", "Pools by unit"))),
            ListView.plain(
                [lang.t("部门", "Unit"), lang.t("部门等次", "Unit grade"), lang.t("人数", "People"), lang.t("绩效工资总额（元）", "Pool (yuan)")],
                rows: m.sheet.units.map { u in
                    [
                        link(.cycleUnit(m.cycle, unit: u.unitId), u.name), txt(lang.t(PerformanceLabels.grade(u.grade, set))),
                        txt(String(u.lines.count)),
                        txt(Money(fen: u.poolFen).yuanText),
                    ]
                },
                numeric: [2, 3]
            ),
            .group(
                m.sheet.units.map { u in
                    let sum = u.lines.reduce(Int64(0)) { $0 + ($1.pay?.amount ?? 0) }
                    return el(
                        "section",
                        [("class", "panel perf-panel")],
                        el(
                            "h2",
                            [],
                            txt(
                                u.name + " · " + lang.t(PerformanceLabels.grade(u.grade, set)) + " · "
                                    + lang.t("\(u.lines.count) 人", "\(u.lines.count) people")
                                    + lang.t(" · 绩效工资总额 ", " · pool ") + Money(fen: u.poolFen).yuanText + yuan
                            )
                        ),
                        ListView.plain(
                            [
                                lang.t("姓名", "Name"), lang.t("等次", "Grade"), lang.t("得分", "Score"), lang.t("等次系数", "Coefficient"),
                                lang.t("分配权重", "Weight"),
                                lang.t("绩效工资（元）", "Pay (yuan)"),
                            ],
                            rows: u.lines.map { l in
                                [
                                    link(.cyclePayLine(m.cycle, person: l.personId), l.name),
                                    txt(lang.t(PerformanceLabels.grade(l.grade, set))), txt(score(l.score)),
                                    txt(l.pay.map { PerformanceViews.coef($0.coefficient) } ?? "—"),
                                    txt(l.pay.map { String(format: "%.6f", $0.weight) } ?? "—"),
                                    txt(Money(fen: l.pay?.amount ?? 0).yuanText),
                                ]
                            } + [
                                [
                                    el("strong", [], txt(lang.t("合计", "Total"))), txt(""), txt(""), txt(""), txt(""),
                                    el("strong", [], txt(Money(fen: sum).yuanText)),
                                ]
                            ],
                            numeric: [2, 3, 4, 5]
                        )
                    )
                }
            )
        )
    }

    static func line(_ m: PayLinePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let set = m.gradeSet
        let r = m.result
        guard let p = r.pay else { return el("p", [], txt(lang.t("本周期无绩效工资。", "No pay in this cycle."))) }
        let unitGrade = lang.t(PerformanceLabels.grade(m.unitGrade, set))
        let weight = String(format: "%.6f", p.weight)
        let total = String(format: "%.6f", p.totalWeight)
        let share = p.totalWeight > 0 ? Money(fen: Int64((Double(p.pool) * p.weight / p.totalWeight).rounded())).yuanText : "—"
        let notes = r.notes.isEmpty ? "" : "（" + r.notes.map { lang.t(PerformanceLabels.note($0, set)) }.joined(separator: "；") + "）"
        let steps: [(String, String)] = [
            (lang.t("1. 个人得分", "1. Own score"), score(r.own) + lang.t("（各指标加权，见下表）", " (weighted indicators, below)")),
            (lang.t("2. 最终得分", "2. Final score"), score(r.score) + notes),
            (lang.t("3. 等次", "3. Grade"), lang.t(PerformanceLabels.grade(r.grade?.rawValue, set))),
            (
                lang.t("4. 部门绩效工资总额", "4. Unit pool"),
                p.zonePool.map { zone in
                    lang.t(
                        "全区总额 \(Money(fen: zone).yuanText) 元，按各部门“人均额度 × 人数”的比例分配（到分，最大余数法）；本部门等次“\(unitGrade)”：人均 "
                            + "\(Money(fen: p.poolPerHead).yuanText) 元 × \(p.headcount) 人 → 分得 \(Money(fen: p.pool).yuanText) 元",
                        "zone total \(Money(fen: zone).yuanText) yuan split to units in proportion to amount per head × people (to the fen); unit "
                            + "grade “\(unitGrade)”: \(Money(fen: p.poolPerHead).yuanText) × \(p.headcount) people → \(Money(fen: p.pool).yuanText) yuan"
                    )
                }
                    ?? lang.t(
                        "部门等次“\(unitGrade)”：人均 \(Money(fen: p.poolPerHead).yuanText) 元 × \(p.headcount) 人 = \(Money(fen: p.pool).yuanText) 元",
                        "unit grade “\(unitGrade)”: \(Money(fen: p.poolPerHead).yuanText) per head × \(p.headcount) people = \(Money(fen: p.pool).yuanText) yuan"
                    )
            ),
            (
                lang.t("5. 分配权重", "5. Weight"),
                lang.t(
                    "等次系数 \(PerformanceViews.coef(p.coefficient)) × 得分 \(score(r.score)) ÷ 100 = \(weight)",
                    "coefficient \(PerformanceViews.coef(p.coefficient)) × score \(score(r.score)) ÷ 100 = \(weight)"
                )
            ),
            (
                lang.t("6. 本人份额", "6. Share"),
                lang.t(
                    "部门总额 \(Money(fen: p.pool).yuanText) × 本人权重 \(weight) ÷ \(total)（部门权重合计）≈ \(share) 元",
                    "pool \(Money(fen: p.pool).yuanText) × own weight \(weight) ÷ \(total) (unit total weight) ≈ \(share) yuan"
                )
            ),
            (
                lang.t("7. 绩效工资", "7. Pay"),
                Money(fen: p.amount).yuanText
                    + lang.t(
                        " 元（到分；尾差按最大余数法分配，部门合计等于总额）",
                        " yuan (to the fen; remainders by largest remainder, the unit adds up to the pool)"
                    )
            ),
        ]
        return .group(
            el(
                "div",
                [("class", "toolbar")],
                m.canReadSheet ? link(.cyclePay(m.cycle.id), lang.t("返回工资表", "Back to the pay sheet"), class: "btn secondary") : .empty,
                m.personURL.map { link($0, lang.t("人员档案", "Person record"), class: "btn secondary") } ?? .empty
            ),
            el("p", [], txt(m.cycle.name + " · " + m.unit)),
            el(
                "table",
                [("class", "list arithmetic")],
                el("tbody", [], steps.map { el("tr", [], el("th", [("scope", "row")], txt($0.0)), el("td", [], txt($0.1))) })
            ),
            el("h2", [], txt(lang.t("得分明细", "Breakdown"))),
            PerformanceViews.parts(r.parts, lang: lang),
            el(
                "p",
                [("class", "hint")],
                txt(lang.t("除领导外，评价人对被评价人匿名，此处只显示各评价主体的平均分。", "Raters other than leaders are anonymous: only each group's mean is shown."))
            )
        )
    }
}

/// The flags with their evidence, and the decision form.
enum FlagsView {
    static func view(_ m: FlagsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return .group(
            m.form.message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            m.flags.isEmpty ? el("p", [("class", "muted")], txt(lang.t("暂无预警。", "No flags."))) : .empty,
            .group(m.flags.map { flag($0, m, v) })
        )
    }

    static func flag(_ f: FlagsPage.Flag, _ m: FlagsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let d = f.flag
        let set = f.gradeSet
        let form = m.formFlag == d.id ? m.form.kit(lang) : FormState.empty.kit(lang)
        func rank(_ e: EliminationFinding.Evidence) -> String {
            guard let r = e.rank else { return "—" }
            return e.of.map { lang.t("第 \(r) 名 / 共 \($0) 名", "\(r) of \($0)") } ?? lang.t("第 \(r) 名", "rank \(r)")
        }
        let decided: HNode? = d.decision.map { dec in
            el(
                "dl",
                [("class", "props decided")],
                el("dt", [], txt(lang.t("决定", "Decision"))),
                el("dd", [], el("strong", [], txt(lang.t(FlagDecision(rawValue: dec)?.label ?? Loc(dec, dec))))),
                el("dt", [], txt(lang.t("决定人", "Deciders"))),
                el("dd", [], txt(d.deciders ?? "—")),
                el("dt", [], txt(lang.t("依据与理由", "Grounds"))),
                el("dd", [], txt(d.grounds ?? "—")),
                el("dt", [], txt(lang.t("决定日期", "Date"))),
                el("dd", [], txt(d.decidedOn ?? "—"))
            )
        }
        let decision: HNode =
            m.canDecide
            ? postForm(
                v,
                action: .flagDecision(d.id),
                class: "perf-form",
                [
                    form.summary(),
                    el(
                        "div",
                        [("class", "perf-fields")],
                        form.select(
                            "decision",
                            lang.t("决定", "Decision"),
                            options: FlagDecision.allCases.map { ($0.rawValue, lang.t($0.label)) },
                            selected: nil,
                            required: true,
                            blank: lang.t("请选择", "Choose")
                        ),
                        form.text(
                            "deciders",
                            lang.t("决定人", "Deciders"),
                            required: true,
                            attributes: [("placeholder", lang.t("如：考核领导小组", "e.g. the assessment committee"))]
                        ),
                        form.text("date", lang.t("决定日期", "Date"), value: m.today, type: "date"),
                        PerformanceViews.full(form.textarea("grounds", lang.t("依据与理由", "Grounds"), rows: 2, required: true))
                    ),
                    el(
                        "p",
                        [("class", "hint")],
                        txt(lang.t("选“解聘岗位”将结束其岗位聘任，岗位空出编制。", "“Release from post” ends the appointment; the post's place frees."))
                    ),
                    el("button", [("type", "submit"), ("class", "btn")], txt(lang.t("记录决定", "Record decision"))),
                ]
            ) : el("p", [("class", "muted")], txt(lang.t("待领导决定。", "Awaiting a decision.")))
        return el(
            "section",
            [("class", "panel perf-panel"), ("id", "flag-" + d.id.uuidString)],
            el(
                "h2",
                [],
                txt(
                    d.name + "（" + lang.t(PerformanceLabels.assessee(Assessee(rawValue: d.assessee) ?? .person)) + "）："
                        + (d.rule.map { lang.t(PerformanceLabels.elimination($0, set)) } ?? "")
                )
            ),
            el(
                "p",
                [],
                txt(lang.t("周期：", "Cycle: ")),
                link(.cycle(d.cycleId), d.cycle),
                txt(
                    lang.t("　预警日期：", " · raised ") + d.raisedOn
                        + (d.decision == nil ? lang.t("　状态：待决定", " · awaiting a decision") : lang.t("　状态：已决定", " · decided"))
                )
            ),
            el("h3", [], txt(lang.t("依据", "Evidence"))),
            ListView.plain(
                [lang.t("周期", "Cycle"), lang.t("名次", "Rank"), lang.t("等次", "Grade"), lang.t("得分", "Score")],
                rows: d.evidence.map { e in
                    [txt(e.cycle), txt(rank(e)), txt(lang.t(PerformanceLabels.grade(e.grade?.rawValue, set))), txt(score(e.score))]
                },
                numeric: [3],
                class: "list perf-evidence"
            ),
            d.basis.isEmpty ? .empty : el("p", [("class", "hint")], txt(lang.t("法律依据：", "Basis: ") + d.basis)),
            el("h3", [], txt(lang.t("处理决定", "Decision"))),
            decided ?? decision
        )
    }
}

/// What the rater must rate in a cycle, one score box each.
enum RatingsView {
    static func view(_ m: RatingsModel, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        guard let current = m.current else {
            return el("p", [("class", "muted")], txt(lang.t("目前没有进行中的考核周期。", "No cycle is open for ratings.")))
        }
        let done = m.tasks.filter { $0.score != nil }.count
        // One block of rows a rater group (as a leader, as a peer…, then the self-assessment), in the groups' order.
        let groups = RaterGroup.allCases.compactMap { g -> (RaterGroup, [RatingsModel.Task])? in
            let tasks = m.tasks.filter { $0.group == g }
            return tasks.isEmpty ? nil : (g, tasks)
        }
        func heading(_ g: RaterGroup, _ tasks: [RatingsModel.Task]) -> HNode {
            let name = PerformanceLabels.group(g)
            let label =
                g.rawValue == "self"
                ? lang.t("本人自评", "Self-assessment")
                : lang.t("作为\(name.zh)评价", "As \(name.en.lowercased())") + (g.isAnonymous ? lang.t("（匿名）", " (anonymous)") : "")
            let count = lang.t(
                "共 \(tasks.count) 项，已评 \(tasks.filter { $0.score != nil }.count) 项",
                "\(tasks.count), \(tasks.filter { $0.score != nil }.count) done"
            )
            return el(
                "tr",
                [("class", "perf-group")],
                el("th", [("colspan", "3"), ("scope", "colgroup")], txt(label), el("span", [("class", "muted")], txt("　" + count)))
            )
        }
        func row(_ t: RatingsModel.Task) -> HNode {
            let name = "score.\(t.subjectId.uuidString).\(t.indicator)"
            return el(
                "tr",
                [],
                el("td", [], txt(t.subject + (t.assessee == .unit ? lang.t("（部门）", " (unit)") : ""))),
                el("td", [], txt(t.indicatorName)),
                el(
                    "td",
                    [],
                    void(
                        "input",
                        [
                            ("name", name), ("type", "number"), ("min", "0"), ("max", "100"), ("step", "0.5"), ("inputmode", "decimal"),
                            ("value", f.value(name, t.score.map(Charts.decimal) ?? "")), ("aria-label", t.subject + " " + t.indicatorName),
                        ] + (m.form.errors[name] != nil ? [("aria-invalid", "true")] : [])
                    ),
                    m.form.errors[name].map { el("div", [("class", "error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty
                )
            )
        }
        return .group(
            m.saved.map {
                el("div", [("class", "alert alert-ok"), ("role", "status")], txt(lang.t("已保存 \($0) 项评分。", "\($0) scores saved.")))
            } ?? .empty,
            m.form.message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            f.summary(),
            m.cycles.count > 1
                ? el(
                    "form",
                    [("method", "get"), ("action", SiteURL.ratings.path), ("class", "toolbar")],
                    el(
                        "select",
                        [("name", "cycle"), ("aria-label", lang.t("考核周期", "Cycle"))],
                        m.cycles.map { c in
                            el("option", [("value", c.id.uuidString)] + (c.id == current.id ? [("selected", nil)] : []), txt(c.name))
                        }
                    ),
                    el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("切换", "Switch")))
                ) : .empty,
            el(
                "p",
                [],
                el("strong", [], txt(current.name)),
                txt(
                    lang.t(
                        "：共 \(m.tasks.count) 项，已评 \(done) 项。评分 0–100，可留空以后再评；除领导评价外，您的评分对被评价人匿名。",
                        ": \(m.tasks.count) to rate, \(done) done. Scores 0–100; leave a box empty to rate later. Except as a leader, you are anonymous to the person rated."
                    )
                )
            ),
            m.tasks.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("本周期您没有需要评价的对象。", "Nothing for you to rate in this cycle.")))
                : postForm(
                    v,
                    action: .ratings,
                    class: "perf-ratings",
                    [
                        void("input", [("type", "hidden"), ("name", "cycle"), ("value", current.id.uuidString)]),
                        el(
                            "table",
                            [("class", "list perf-rating")],
                            [
                                el(
                                    "thead",
                                    [],
                                    el(
                                        "tr",
                                        [],
                                        [lang.t("被评价对象", "Rated"), lang.t("指标", "Indicator"), lang.t("评分", "Score")].map {
                                            el("th", [("scope", "col")], txt($0))
                                        }
                                    )
                                )
                            ] + groups.map { g, tasks in el("tbody", [], [heading(g, tasks)] + tasks.map(row)) }
                        ),
                        el(
                            "div",
                            [("class", "perf-actions")],
                            el("button", [("type", "submit"), ("class", "btn")], txt(lang.t("保存评分", "Save scores")))
                        ),
                    ]
                )
        )
    }
}
