import Foundation
import YuanquKit

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
