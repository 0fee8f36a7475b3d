import YuanquKit

/// A project's audit assignments and its timeline.
extension EngineeringViews {
    static func auditSection(_ m: ConstructionProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        var children: [HNode] = [el("h3", [], txt(lang.t("跟踪审计单位", "Tracking audit")))]
        children.append(
            m.audits.isEmpty
                ? muted(lang.t("尚未委托跟踪审计单位。", "No tracking audit assigned yet."))
                : ListView.plain(
                    [
                        lang.t("单位", "Firm"), lang.t("委托日期", "Assigned"), lang.t("理由", "Reason"), lang.t("结束", "Ended"),
                        lang.t("评价", "Rating"),
                    ],
                    rows: m.audits.map { a in
                        [
                            txt(a.firmName), txt(a.assignedOn), txt(a.reason ?? lang.t("按轮换", "By rotation")),
                            txt(a.endedOn ?? lang.t("在审", "In progress")),
                            txt(a.rating.map { "\($0) / 5" + (a.ratingNote.map { " " + $0 } ?? "") } ?? "—"),
                        ]
                    }
                )
        )
        if m.canCost {
            if let active = m.audits.first(where: { $0.endedOn == nil }) {
                let action = "audit/\(active.id)/rating"
                let f = m.form(action).kit(lang)
                children.append(
                    postForm(
                        v,
                        action: .constructionProjectAction(m.row.id, action),
                        class: "card",
                        [
                            el("h3", [], txt(lang.t("结束并评价：", "End and rate: ") + active.firmName)),
                            f.summary(),
                            f.select(
                                "rating",
                                lang.t("评价（1–5 分）", "Rating (1–5)"),
                                options: (1...5).reversed().map { (String($0), String($0)) },
                                selected: nil,
                                required: true,
                                blank: lang.t("请选择", "Choose")
                            ),
                            f.textarea("note", lang.t("评价说明", "Note"), rows: 2),
                            f.text("endedOn", lang.t("结束日期", "End date"), value: m.today, type: "date"),
                            submit(lang.t("结束并评价", "End and rate")),
                        ]
                    )
                )
            } else {
                let f = m.form("audit").kit(lang)
                children.append(
                    postForm(
                        v,
                        action: .constructionProjectAction(m.row.id, "audit"),
                        class: "card",
                        [
                            el("h3", [], txt(lang.t("委托跟踪审计单位", "Assign the tracking audit"))),
                            f.summary(),
                            muted(
                                lang.t("按轮换应委托：", "The rotation's next firm: ")
                                    + (m.rotationNext ?? lang.t("没有符合条件的单位", "no eligible firm"))
                            ),
                            f.select(
                                "firmId",
                                lang.t("单位", "Firm"),
                                options: m.firmOptions,
                                selected: nil,
                                blank: lang.t("按轮换顺序", "By rotation")
                            ),
                            f.textarea("reason", lang.t("不按轮换的理由", "Reason for another firm"), rows: 2),
                            f.text("assignedOn", lang.t("委托日期", "Date"), value: m.today, type: "date"),
                            submit(lang.t("委托", "Assign")),
                        ]
                    )
                )
            }
        }
        children.append(el("h3", [], txt(lang.t("进度款", "Progress payments"))))
        if !m.contracts.isEmpty {
            children.append(
                ListView.plain(
                    [
                        lang.t("合同", "Contract"), lang.t("合同价", "Price"), lang.t("已支付", "Paid"),
                        lang.t("结算前支付上限（\(m.ceilingPercent)%）", "Ceiling before settlement (\(m.ceilingPercent)%)"),
                    ],
                    rows: m.contracts.map { c in
                        let cap = PaymentRule.ceiling(contractPrice: Money(fen: c.contractFen), percent: m.ceilingPercent)
                        return [
                            txt(c.package), txt(Money(fen: c.contractFen).display),
                            c.paidFen > cap.fen ? red(Money(fen: c.paidFen).display) : txt(Money(fen: c.paidFen).display),
                            txt(cap.display + "（" + lang.t("尚可支付 ", "left ") + Money(fen: max(cap.fen - c.paidFen, 0)).display + "）"),
                        ]
                    },
                    numeric: [1, 2]
                )
            )
        }
        let rows: [[HNode]] = m.payments.map { p in
            var action: HNode = .empty
            if m.canCost && p.status != "paid" {
                let confirm = "payments/\(p.id)/confirm"
                let pay = "payments/\(p.id)/pay"
                let fc = m.form(confirm).kit(lang)
                let fp = m.form(pay).kit(lang)
                action = .group(
                    p.status == "requested"
                        ? postForm(
                            v,
                            action: .constructionProjectAction(m.row.id, confirm),
                            [
                                fc.summary(),
                                fc.text(
                                    "confirmedWan",
                                    lang.t("审计确认金额（万元）", "Confirmed (10k yuan)"),
                                    value: Money(fen: p.requestedFen).wanText,
                                    required: true
                                ),
                                fc.text("confirmedOn", lang.t("确认日期", "Date"), value: m.today, type: "date"),
                                el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("审计确认", "Confirm"))),
                            ]
                        ) : .empty,
                    p.status == "confirmed"
                        ? postForm(
                            v,
                            action: .constructionProjectAction(m.row.id, pay),
                            [
                                fp.summary(),
                                fp.text(
                                    "paidWan",
                                    lang.t("支付金额（万元）", "Paid (10k yuan)"),
                                    value: Money(fen: p.confirmedFen ?? 0).wanText,
                                    required: true
                                ),
                                fp.text("paidOn", lang.t("支付日期", "Date"), value: m.today, type: "date"),
                                el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("支付", "Pay"))),
                            ]
                        ) : .empty
                )
            }
            return [
                txt(p.package), txt(p.period), txt(Money(fen: p.requestedFen).display + " " + p.requestedOn),
                txt(
                    p.confirmedFen.map { Money(fen: $0).display + " " + (p.confirmedOn ?? "") + (p.firmName.map { " " + $0 } ?? "") } ?? "—"
                ),
                txt(p.paidFen.map { Money(fen: $0).display + " " + (p.paidOn ?? "") } ?? "—"),
                txt(lang.t(EngineeringLabels.paymentStatus(p.status))), action,
            ]
        }
        children.append(
            m.payments.isEmpty
                ? muted(lang.t("尚无进度款。", "No progress payment yet."))
                : ListView.plain(
                    [
                        lang.t("合同", "Contract"), lang.t("期次", "Period"), lang.t("申请", "Requested"), lang.t("审计确认", "Confirmed"),
                        lang.t("支付", "Paid"), lang.t("状态", "Status"), "",
                    ],
                    rows: rows
                )
        )
        if m.canCost {
            let f = m.form("payments").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .constructionProjectAction(m.row.id, "payments"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("申请进度款", "Request a payment"))),
                        f.summary(),
                        f.select(
                            "tenderId",
                            lang.t("合同", "Contract"),
                            options: m.contracts.map { ($0.id.uuidString, $0.package + "（" + Money(fen: $0.contractFen).display + "）") },
                            selected: nil,
                            required: true,
                            blank: m.contracts.isEmpty ? lang.t("尚无已签订的合同", "No signed contract yet") : lang.t("请选择", "Choose")
                        ),
                        f.text("period", lang.t("支付期次", "Period"), required: true, hint: lang.t("如 2026-10 或 第3期", "e.g. 2026-10")),
                        f.text(
                            "requestedWan",
                            lang.t("申请金额（万元）", "Requested (10k yuan)"),
                            required: true,
                            attributes: [("inputmode", "decimal")]
                        ),
                        f.text("requestedOn", lang.t("申请日期", "Date"), value: m.today, type: "date"),
                        submit(lang.t("申请", "Request")),
                    ]
                )
            )
        }
        return section("audit", lang.t("跟踪审计与进度款", "Tracking audit and progress payments"), children)
    }

    static func timelineSection(_ m: ConstructionProjectPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let rows: [[HNode]] = m.timeline.map { e in
            [
                e.late ? red(e.date) : txt(e.date),
                el("span", [("class", "tag")], txt(lang.t(e.kind))),
                e.url.map { link($0, e.text) } ?? (e.late ? red(e.text) : txt(e.text)),
            ]
        }
        return section(
            "timeline",
            lang.t("项目时间线（最新在前）", "Timeline (newest first)"),
            [
                m.timeline.isEmpty
                    ? muted(lang.t("尚无记录。", "Nothing recorded yet."))
                    : ListView.plain([lang.t("日期", "Date"), lang.t("事项", "Event"), lang.t("内容", "Details")], rows: rows)
            ]
        )
    }
}
