import Foundation
import YuanquKit

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
