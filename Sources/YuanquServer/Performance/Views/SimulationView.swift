import Foundation
import YuanquKit

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
