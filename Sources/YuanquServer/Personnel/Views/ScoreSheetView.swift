import YuanquKit

/// The score sheet: every interviewer's scores for every qualified candidate, entered in one form.
enum ScoreSheetView {
    static func page(_ m: ScoreSheetPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let scheme = m.scoring
        let passed = m.candidates
        func value(_ key: String, _ stored: String) -> String { m.form.values[key] ?? stored }
        var head: [HNode] = [el("th", [], txt(lang.t("姓名", "Name"))), el("th", [], txt(lang.t("评委", "Interviewer")))]
        head += scheme.items.map { el("th", [], txt("\($0.name) (\($0.weight)%)")) }
        if scheme.writtenWeight > 0 { head.append(el("th", [], txt(lang.t("笔试", "Written")))) }
        var rows: [HNode] = []
        for cand in passed {
            for (j, member) in m.panel.enumerated() {
                let sheet = m.sheets[cand.id]?[member.id] ?? []
                var cells: [HNode] = [el("td", [], txt(j == 0 ? cand.name : "")), el("td", [], txt(member.name))]
                for i in scheme.items.indices {
                    let key = "s_\(cand.id)_\(member.id)_\(i)"
                    cells.append(
                        el(
                            "td",
                            [],
                            void(
                                "input",
                                [
                                    ("name", key), ("inputmode", "decimal"),
                                    ("value", value(key, i < sheet.count ? formatHundredths(sheet[i]) : "")),
                                    ("aria-label", "\(cand.name) \(member.name) \(scheme.items[i].name)"),
                                ]
                            )
                        )
                    )
                }
                if scheme.writtenWeight > 0 {
                    let key = "w_\(cand.id)"
                    cells.append(
                        el(
                            "td",
                            [],
                            j == 0
                                ? void(
                                    "input",
                                    [
                                        ("name", key), ("inputmode", "decimal"),
                                        ("value", value(key, cand.writtenScore.map(formatHundredths) ?? "")),
                                        ("aria-label", "\(cand.name) " + lang.t("笔试", "written")),
                                    ]
                                ) : txt("")
                        )
                    )
                }
                rows.append(el("tr", [], cells))
            }
        }
        return .group(
            m.form.alert(lang),
            m.saved
                ? el("p", [("class", "alert alert-ok")], txt(lang.t("已保存。", "Saved."))) : .empty,
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "每项 0–100 分，可保留两位小数；一位评委对一人的各项须填齐才保存。",
                        "Each item 0–100, up to two decimals; an interviewer's sheet for a candidate is saved when complete."
                    )
                )
            ),
            m.panel.isEmpty
                ? el(
                    "p",
                    [("class", "alert alert-warn")],
                    txt(lang.t("请先在活动页面设置面试评委。", "Set the interview panel on the campaign page first."))
                )
                : postForm(
                    v,
                    action: .campaignScores(m.id),
                    class: "grid-form",
                    [
                        el("table", [("class", "list")], el("thead", [], el("tr", [], head)), el("tbody", [], rows)),
                        el(
                            "p",
                            [],
                            el("button", [("type", "submit")], txt(lang.t("保存评分", "Save scores"))),
                            txt(" "),
                            link(.campaign(m.id), lang.t("返回", "Back"))
                        ),
                    ]
                )
        )
    }
}
