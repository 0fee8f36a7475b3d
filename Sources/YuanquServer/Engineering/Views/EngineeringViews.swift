import YuanquKit

/// The engineering pages: the programmes overview, the projects list and form, a project's page with its timeline,
/// and the audit-firm registry.
enum EngineeringViews {
    /// A project past its planned completion and not yet completed.
    static func overdue(_ r: ProjectListRow) -> Bool {
        r.endsOn < CalendarDate.today().description && ConstructionStage(rawValue: r.stage).map { $0 < .completed } == true
    }

    // MARK: shared pieces

    static func section(_ id: String, _ title: String, _ children: [HNode]) -> HNode {
        el("section", [("class", "panel"), ("id", id)], [el("h2", [], txt(title))] + children)
    }

    static func muted(_ s: String) -> HNode { el("p", [("class", "muted")], txt(s)) }

    static func red(_ s: String) -> HNode { el("strong", [("class", "error")], txt(s)) }

    static func yesNo(_ lang: Lang) -> [(value: String, label: String)] { [("true", lang.t("是", "Yes")), ("false", lang.t("否", "No"))] }

    static func submit(_ label: String) -> HNode { el("button", [("type", "submit")], txt(label)) }

    /// A checkbox that posts "true" when ticked and nothing otherwise, with its error beside it.
    static func check(_ f: FormKit, _ name: String, _ label: String, checked: Bool = false) -> HNode {
        let on = f.values[name].map { $0 == "true" || $0 == "on" } ?? checked
        let err = f.errors[name]
        return el(
            "div",
            [("class", err == nil ? "field check" : "field check has-error")],
            [
                el(
                    "label",
                    [],
                    void(
                        "input",
                        [("type", "checkbox"), ("id", "f-" + name), ("name", name), ("value", "true")] + (on ? [("checked", nil)] : [])
                    ),
                    txt(" " + label)
                ),
                err.map { el("div", [("class", "error"), ("id", "e-" + name), ("role", "alert")], txt(f.lang.t($0))) } ?? .empty,
            ]
        )
    }

    static func progressBar(_ percent: Int) -> HNode {
        el(
            "span",
            [("class", "nowrap")],
            el(
                "progress",
                [("value", String(percent)), ("max", "100"), ("class", "bar")],
                txt("\(percent)%")
            ),
            txt(" \(percent)%")
        )
    }

    static func stageTag(_ stage: String, _ lang: Lang) -> HNode {
        el("span", [("class", "tag")], txt(lang.t(EngineeringLabels.stage(stage))))
    }

    static func stageOptions(_ lang: Lang) -> [(value: String, label: String)] {
        ConstructionStage.allCases.map { ($0.rawValue, lang.t(EngineeringLabels.stage($0.rawValue))) }
    }

    static func props(_ pairs: [(String, HNode)]) -> HNode {
        el("dl", [("class", "props")], pairs.flatMap { [el("dt", [], txt($0.0)), el("dd", [], $0.1)] })
    }
}
