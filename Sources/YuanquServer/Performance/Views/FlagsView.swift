import Foundation
import YuanquKit

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
