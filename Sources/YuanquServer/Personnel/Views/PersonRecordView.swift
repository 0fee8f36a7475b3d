import YuanquKit

/// A person's record over time on their page: appointments, contracts, and the campaigns they entered with the result.
enum PersonRecordView {
    static func view(_ r: PersonRecord, lang: Lang) -> HNode {
        guard r.shown else { return .empty }
        func method(_ m: String) -> String { CampaignKind(rawValue: m).map { lang.t($0.label) } ?? lang.t("直接聘任", "Direct") }
        return .group(
            el("h2", [], txt(lang.t("岗位聘任", "Appointments"))),
            r.appointments.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无聘任记录", "No appointments yet")))
                : el(
                    "table",
                    [("class", "list")],
                    el(
                        "thead",
                        [],
                        el(
                            "tr",
                            [],
                            [
                                Loc("岗位", "Post"), Loc("起始", "From"), Loc("终止", "Until"), Loc("聘期", "Term"), Loc("方式", "How"),
                                Loc("说明", "Note"),
                            ].map { el("th", [], txt(lang.t($0))) }
                        )
                    ),
                    el(
                        "tbody",
                        [],
                        r.appointments.map { a in
                            el(
                                "tr",
                                [],
                                el("td", [], txt(a.post)),
                                el("td", [], txt(a.startDate)),
                                el("td", [], txt(a.endDate ?? lang.t("在任", "current"))),
                                el("td", [], txt(lang.t("\(a.termMonths) 个月", "\(a.termMonths) months"))),
                                el("td", [], a.campaignID.map { link(.campaign($0), method(a.method)) } ?? txt(method(a.method))),
                                el("td", [], txt(a.endReason ?? ""))
                            )
                        }
                    )
                ),
            el("h2", [], txt(lang.t("劳动合同", "Contracts"))),
            r.contracts.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无合同", "No contracts yet")))
                : el(
                    "table",
                    [("class", "list")],
                    el(
                        "thead",
                        [],
                        el(
                            "tr",
                            [],
                            [Loc("起始", "Start"), Loc("终止", "End"), Loc("试用期", "Probation"), Loc("状态", "Status")].map {
                                el("th", [], txt(lang.t($0)))
                            }
                        )
                    ),
                    el(
                        "tbody",
                        [],
                        r.contracts.map { k in
                            el(
                                "tr",
                                [],
                                el("td", [], txt(k.startDate)),
                                el("td", [], txt(k.endDate ?? lang.t("无固定期限", "open-ended"))),
                                el("td", [], txt(lang.t("\(k.probationMonths) 个月", "\(k.probationMonths) months"))),
                                el(
                                    "td",
                                    [],
                                    txt(ContractsView.statusLabel(k.status, lang) + (k.statusReason.map { lang.t("：", ": ") + $0 } ?? ""))
                                )
                            )
                        }
                    )
                ),
            el("h2", [], txt(lang.t("参加的选人用人", "Campaigns entered"))),
            r.candidacies.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无", "None")))
                : el(
                    "ul",
                    [],
                    r.candidacies.map { c in
                        let result: String
                        if c.reviewStatus != .passed {
                            result = lang.t("资格审查：", "review: ") + lang.t(c.reviewStatus.label)
                        } else if let p = c.post {
                            result = (c.stage == .appointment ? lang.t("已聘 ", "appointed to ") : lang.t("拟聘 ", "proposed for ")) + p
                        } else if c.stage >= .publicity {
                            result = lang.t("未聘", "not appointed")
                        } else {
                            result = lang.t("进行中：", "in progress: ") + lang.t(c.stage.label)
                        }
                        return el("li", [], link(.campaign(c.campaignID), c.title), txt(lang.t("（", " (") + result + lang.t("）", ")")))
                    }
                )
        )
    }
}
