import Foundation
import YuanquKit

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
