import YuanquKit

/// The contracts list: expiries in red, renewals and terminations recorded with reasons.
enum ContractsView {
    static func statusLabel(_ s: String, _ lang: Lang) -> String {
        switch s {
        case "active": return lang.t("有效", "Active")
        case "renewed": return lang.t("已续签", "Renewed")
        case "superseded": return lang.t("因改聘终止", "Superseded")
        case "terminated": return lang.t("已解除", "Terminated")
        default: return s
        }
    }

    static func page(_ m: ContractsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let warnDays = m.warnDays
        let bar = ListView.filterBar(
            params: m.params,
            base: .contracts,
            selects: [
                ("status", lang.t("状态", "Status"), AppointmentService.contractStatuses.map { ($0, statusLabel($0, lang)) }),
                (
                    "expiringWithinDays", lang.t("到期", "Ending"),
                    [
                        ("30", lang.t("30 天内", "within 30 days")), (String(warnDays), lang.t("\(warnDays) 天内", "within \(warnDays) days")),
                        ("180", lang.t("180 天内", "within 180 days")),
                    ]
                ),
            ],
            zones: m.zoneOptions,
            lang: lang,
            export: .contractsExport,
            actions: []
        )
        let columns = [
            Loc("姓名", "Name"), Loc("聘任岗位", "Post"), Loc("合同类型", "Type"), Loc("起始", "Start"), Loc("终止", "End"), Loc("试用期", "Probation"),
            Loc("薪酬等级", "Pay grade"), Loc("状态", "Status"), Loc("操作", "Action"),
        ]
        let body: [HNode] = m.rows.map { k in
            var action: HNode = .empty
            if let terminate = k.terminate {
                action = el(
                    "details",
                    [],
                    [
                        el("summary", [], txt(lang.t("续签 / 解除", "Renew / terminate"))),
                        k.renew.map { renew in
                            postForm(
                                v,
                                action: renew,
                                [
                                    void(
                                        "input",
                                        [
                                            ("name", "months"), ("type", "number"), ("value", "36"), ("class", "count"),
                                            ("aria-label", lang.t("续签月数", "Months")),
                                        ]
                                    ),
                                    void("input", [("name", "reason"), ("placeholder", lang.t("续签理由", "Reason")), ("size", "12")]),
                                    el("button", [("type", "submit")], txt(lang.t("续签", "Renew"))),
                                ]
                            )
                        } ?? .empty,
                        postForm(
                            v,
                            action: terminate,
                            [
                                void("input", [("name", "date"), ("type", "date"), ("value", m.today)]),
                                void("input", [("name", "reason"), ("placeholder", lang.t("解除理由", "Reason")), ("size", "12")]),
                                el("button", [("type", "submit"), ("class", "btn-danger")], txt(lang.t("解除", "Terminate"))),
                            ]
                        ),
                    ]
                )
            }
            return el(
                "tr",
                [],
                [
                    el("td", [], k.person.map { link($0, k.personName) } ?? txt("")),
                    el("td", [], txt(k.post ?? "—")),
                    el("td", [], txt(lang.t(k.type))),
                    el("td", [], txt(k.startDate)),
                    el(
                        "td",
                        [],
                        k.ending
                            ? el("strong", [("class", "error")], txt(k.endDate ?? "")) : txt(k.endDate ?? lang.t("无固定期限", "open-ended"))
                    ),
                    el("td", [("class", "num")], txt(k.probationMonths.map { lang.t("\($0) 个月", "\($0) mo") } ?? "—")),
                    el("td", [], txt(k.payGrade.isEmpty ? "—" : k.payGrade)),
                    el(
                        "td",
                        [],
                        txt(statusLabel(k.status, lang) + (k.statusReason.map { lang.t("（", " (") + $0 + lang.t("）", ")") } ?? ""))
                    ),
                    el("td", [], action),
                ]
            )
        }
        return .group(
            m.message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "全员聘任、合同管理：合同是管理的唯一依据。红色为 \(warnDays) 天内到期。",
                        "Contracts are the basis of management; red ones end within \(warnDays) days."
                    )
                )
            ),
            bar,
            ListView.plain(columns.map { lang.t($0) }, body: body, empty: lang.t("没有符合条件的合同", "No contracts"))
        )
    }
}
