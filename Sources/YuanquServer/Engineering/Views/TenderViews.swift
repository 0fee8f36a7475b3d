import YuanquKit

/// Tendering (招投标): the list, the new-tender form and a tender's page with a form for each next step.
enum TenderViews {
    static func method(_ raw: String, _ lang: Lang) -> String {
        ProcurementMethod(rawValue: raw).map { lang.t(EngineeringLabels.method($0)) } ?? raw
    }

    static func category(_ raw: String, _ lang: Lang) -> String {
        ProcurementCategory(rawValue: raw).map { lang.t(EngineeringLabels.category($0)) } ?? raw
    }

    static func status(_ raw: String, _ lang: Lang) -> HNode {
        el(
            "span",
            [("class", raw == "failed" || raw == "awaitingApproval" ? "tag main" : "tag")],
            txt(lang.t(EngineeringLabels.tenderStatus(raw)))
        )
    }

    // MARK: list

    static func list(_ m: TenderListPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let bar = ListView.filterBar(
            params: m.params,
            base: .tenders,
            selects: [
                ("status", lang.t("状态", "Status"), TenderPages.statuses.map { ($0, lang.t(EngineeringLabels.tenderStatus($0))) }),
                ("method", lang.t("采购方式", "Method"), TenderPages.methodOptions(lang)),
                ("category", lang.t("采购类别", "Category"), TenderPages.categoryOptions(lang)),
                ("project", lang.t("工程项目", "Project"), m.projectOptions),
            ],
            zones: m.zoneOptions,
            lang: lang,
            export: nil,
            actions: m.canCreate ? [link(.tenderNew, lang.t("新建招标采购", "New tender"), class: "btn")] : []
        )
        let columns: [ListView.Column] = [
            .init(key: "package", label: lang.t("标段", "Package"), sortable: false),
            .init(key: "project", label: lang.t("工程项目", "Project"), sortable: false),
            .init(key: "method", label: lang.t("采购方式", "Method"), sortable: false),
            .init(key: "category", label: lang.t("类别", "Category"), sortable: false),
            .init(key: "estimate", label: lang.t("估算价", "Estimate"), sortable: false, numeric: true),
            .init(key: "deadline", label: lang.t("投标截止", "Deadline"), sortable: false),
            .init(key: "status", label: lang.t("状态", "Status"), sortable: false),
            .init(key: "contract", label: lang.t("合同签订", "Contract"), sortable: false),
        ]
        let rows: [[HNode]] = m.rows.map { t in
            let late = m.overdue.contains(t.id)
            return [
                link(.tender(t.id), t.package), link(.constructionProject(t.projectId), t.projectCode + " " + t.projectName),
                txt(method(t.method, lang)),
                txt(category(t.category, lang)), txt(Money(fen: t.estimatedFen).display),
                el("span", [("class", "nowrap")], txt(t.bidDeadline)),
                .group(status(t.status, lang), publicityLate(status: t.status, report: t.reportOn, lang: lang)),
                late
                    ? EngineeringViews.red(
                        (t.contractSignedOn ?? lang.t("未签", "Not signed"))
                            + lang.t("（超过中标通知后30日，招标投标法第四十六条）", " (over 30 days after the award, Bidding Law art. 46)")
                    )
                    : el("span", [("class", "nowrap")], txt(t.contractSignedOn ?? "—")),
            ]
        }
        return .group(
            bar,
            ListView.table(columns, rows: rows, params: m.params, base: .tenders, lang: lang),
            ListView.pager(total: m.total, params: m.params, pageSize: m.pageSize, base: .tenders, lang: lang)
        )
    }

    /// 实施条例 art. 54: candidates not publicised within 3 days of the evaluation report.
    static func publicityLate(status: String, report: String?, lang: Lang) -> HNode {
        guard status == "evaluated", let d = report.flatMap(CalendarDate.init), Tendering.publicityOverdue(report: d, today: .today())
        else {
            return .empty
        }
        return EngineeringViews.red(
            lang.t(
                "（评标报告后 3 日内未公示中标候选人，招标投标法实施条例第五十四条）",
                " (candidates not publicised within 3 days of the report, Implementing Regulation art. 54)"
            )
        )
    }

    // MARK: new tender

    static func new(_ m: TenderFormPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        return .group(
            el("p", [], link(.tenders, lang.t("← 招标采购", "← Tenders"))),
            postForm(
                v,
                action: .tenders,
                class: "card",
                [
                    f.summary(),
                    f.select(
                        "projectId",
                        lang.t("工程项目", "Project"),
                        options: m.projectOptions,
                        selected: nil,
                        required: true,
                        blank: lang.t("请选择", "Choose")
                    ),
                    f.text("package", lang.t("标段名称", "Package"), required: true),
                    f.select(
                        "category",
                        lang.t("采购类别", "Category"),
                        options: TenderPages.categoryOptions(lang),
                        selected: nil,
                        required: true
                    ),
                    f.select("method", lang.t("采购方式", "Method"), options: TenderPages.methodOptions(lang), selected: nil, required: true),
                    f.text(
                        "estimatedWan",
                        lang.t("估算价（万元）", "Estimated value (10k yuan)"),
                        required: true,
                        hint: lang.t(
                            "同一项目同类别的标段合并计算是否达到必须招标的规模（国家发展改革委第16号令）",
                            "Packages of one project and category count together for NDRC Order No. 16"
                        ),
                        attributes: [("inputmode", "decimal")]
                    ),
                    f.text(
                        "bidSecurityWan",
                        lang.t("投标保证金（万元）", "Bid security (10k yuan)"),
                        hint: lang.t("不得超过估算价的 2%；施工、货物最高 80 万元", "At most 2% of the estimate; for works and goods at most 800,000 yuan"),
                        attributes: [("inputmode", "decimal")]
                    ),
                    f.text("issuedOn", lang.t("招标文件发出日期", "Documents issued"), value: m.today, required: true, type: "date"),
                    f.text(
                        "bidDeadline",
                        lang.t("投标截止日期", "Bid deadline"),
                        required: true,
                        type: "date",
                        hint: lang.t("自招标文件发出之日起不得少于 20 日", "At least 20 days after the documents are issued")
                    ),
                    EngineeringViews.submit(lang.t("新建", "Create")),
                ]
            )
        )
    }

    // MARK: the tender page

    static func show(_ m: TenderPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let r = m.row
        var props: [(String, HNode)] = [
            (lang.t("工程项目", "Project"), link(.constructionProject(r.projectId), r.projectCode + " " + r.projectName)),
            (lang.t("标段", "Package"), txt(r.package)),
            (lang.t("采购类别", "Category"), txt(category(r.category, lang))),
            (lang.t("采购方式", "Method"), txt(method(r.method, lang))),
            (lang.t("状态", "Status"), status(r.status, lang)),
            (lang.t("估算价", "Estimate"), txt(Money(fen: r.estimatedFen).display)),
            (lang.t("投标保证金", "Bid security"), txt(Money(fen: r.bidSecurityFen).display)),
            (lang.t("同项目同类别合计", "Project and category combined"), txt(Money(fen: r.combinedFen).display)),
            (
                lang.t("是否必须公开招标", "Public tender required"),
                r.publicRequired
                    ? el(
                        "strong",
                        [],
                        txt(
                            lang.t(
                                "是（合计达到 \(m.threshold.display)，国家发展改革委第16号令第五条）",
                                "Yes (combined at or above \(m.threshold.display), NDRC Order No. 16 art. 5)"
                            )
                        )
                    )
                    : txt(lang.t("否（未达到 \(m.threshold.display) 或不在规定范围内）", "No (below \(m.threshold.display) or out of scope)"))
            ),
        ]
        if let a = r.approvalRef {
            props.append((lang.t("采购方式审批", "Method approval"), txt(a + (r.approvedBy.map { "（\($0)）" } ?? ""))))
        }
        props += [
            (lang.t("招标文件发出", "Documents issued"), txt(r.issuedOn)),
            (lang.t("投标截止", "Bid deadline"), txt(r.bidDeadline)),
        ]
        if let d = r.reportOn {
            props.append((lang.t("评标报告", "Evaluation report"), .group(txt(d), publicityLate(status: r.status, report: d, lang: lang))))
        }
        if let f = r.publicityFrom { props.append((lang.t("中标候选人公示", "Publicity"), txt(f + " — " + (r.publicityTo ?? "")))) }
        if let a = r.awardedOn { props.append((lang.t("中标通知书", "Award notice"), txt(a + (m.winner.map { "　" + $0 } ?? "")))) }
        if r.awardedOn != nil {
            let signed =
                r.contractSignedOn.map { $0 + (r.contractFen.map { "　" + Money(fen: $0).display } ?? "") } ?? lang.t("未签订", "Not signed")
            props.append(
                (
                    lang.t("合同签订", "Contract"),
                    m.overdue
                        ? EngineeringViews.red(
                            signed + lang.t("（超过中标通知书发出之日起30日，招标投标法第四十六条）", " (more than 30 days after the award, Bidding Law art. 46)")
                        ) : txt(signed)
                )
            )
        }
        if let reason = r.failedReason { props.append((lang.t("流标原因", "Failed because"), EngineeringViews.red(reason))) }
        if let previous = r.retenderOfId {
            props.append((lang.t("原招标", "Re-tender of"), link(.tender(previous), lang.t("查看原招标", "The earlier tender"))))
        }
        if !m.retenders.isEmpty {
            props.append(
                (
                    lang.t("重新招标", "Re-tendered as"),
                    .group(m.retenders.map { t in .group(link(.tender(t.id), t.name + lang.t("（重新招标）", " (re-tender)")), txt(" ")) })
                )
            )
        }
        return .group(
            m.message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            el("p", [], link(.tenders, lang.t("← 招标采购", "← Tenders"))),
            stages(m, lang),
            EngineeringViews.props(props),
            approvalSection(m, v),
            clarificationsSection(m, v),
            objectionsSection(m, v),
            bidsSection(m, v),
            committeeSection(m, v),
            evaluationSection(m, v),
            awardSection(m, v)
        )
    }

    static func stages(_ m: TenderPage, _ lang: Lang) -> HNode {
        let order = ["open", "evaluated", "publicity", "awarded", "contracted"]
        let now = order.firstIndex(of: m.row.status) ?? -1
        return el(
            "div",
            [("class", "stages")],
            order.enumerated().map { i, s in
                el(
                    "span",
                    i < now ? [("class", "done")] : (i == now ? [("class", "now")] : []),
                    txt(lang.t(EngineeringLabels.tenderStatus(s)))
                )
            }
        )
    }

    static func approvalSection(_ m: TenderPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        guard m.row.status == "awaitingApproval" else { return .empty }
        let f = m.form("approve").kit(lang)
        return EngineeringViews.section(
            "approve",
            lang.t("采购方式审批", "Approval of the method"),
            [
                el(
                    "div",
                    [("class", "alert alert-warn"), ("role", "status")],
                    txt(
                        lang.t(
                            "本标段达到必须招标的规模，采用非公开招标方式须先经批准（国家发展改革委第16号令）。",
                            "This package must be tendered publicly: another method needs a recorded approval first (NDRC Order No. 16)."
                        )
                    )
                ),
                m.canDecide
                    ? postForm(
                        v,
                        action: .tenderAction(m.row.id, "approve"),
                        class: "card",
                        [
                            f.summary(),
                            f.text("approvalRef", lang.t("批准文号或会议纪要", "Approval reference"), required: true),
                            EngineeringViews.submit(lang.t("记录批准", "Record the approval")),
                        ]
                    ) : .empty,
            ]
        )
    }

    static func clarificationsSection(_ m: TenderPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let open = m.row.status == "open" || m.row.status == "awaitingApproval"
        guard open || !m.clarifications.isEmpty else { return .empty }
        var children: [HNode] = [
            m.clarifications.isEmpty
                ? EngineeringViews.muted(lang.t("尚无澄清或修改。", "No clarification yet."))
                : ListView.plain(
                    [lang.t("发出日期", "Issued"), lang.t("内容", "Content"), lang.t("影响投标", "Affects bids"), lang.t("截止时间", "Deadline")],
                    rows: m.clarifications.map { c in
                        [
                            txt(c.issuedOn), txt(c.note), txt(c.affectsBids ? lang.t("是", "Yes") : lang.t("否", "No")),
                            txt(c.deadlineBefore == c.deadlineAfter ? c.deadlineAfter : c.deadlineBefore + " → " + c.deadlineAfter),
                        ]
                    }
                )
        ]
        if open && m.canWrite {
            let f = m.form("clarify").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .tenderAction(m.row.id, "clarify"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("发出澄清或修改", "Issue a clarification"))),
                        f.summary(),
                        f.textarea("note", lang.t("澄清或修改内容", "Content"), rows: 2, required: true),
                        EngineeringViews.check(f, "affectsBids", lang.t("可能影响投标文件编制", "May affect the preparation of bids")),
                        f.text("issuedOn", lang.t("发出日期", "Issued on"), value: m.today, type: "date"),
                        f.text(
                            "newDeadline",
                            lang.t("新的投标截止日期", "New bid deadline"),
                            type: "date",
                            hint: lang.t(
                                "距截止不足 15 日且可能影响投标的，须顺延截止时间（招标投标法实施条例第二十一条）",
                                "Less than 15 days before the deadline, a clarification that may affect bids moves it (art. 21)"
                            )
                        ),
                        f.text(
                            "bidDeadline",
                            lang.t("原投标截止日期", "Current deadline"),
                            value: m.row.bidDeadline,
                            attributes: [("readonly", nil)]
                        ),
                        EngineeringViews.submit(lang.t("发出", "Issue")),
                    ]
                )
            )
        }
        return EngineeringViews.section("clarifications", lang.t("澄清与修改", "Clarifications"), children)
    }

    static func objectionsSection(_ m: TenderPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let canRaise = ["open", "awaitingApproval", "publicity"].contains(m.row.status)
        guard canRaise || !m.objections.isEmpty else { return .empty }
        var children: [HNode] = []
        if m.objections.isEmpty { children.append(EngineeringViews.muted(lang.t("尚无异议。", "No objection."))) }
        for o in m.objections {
            let stage = o.stage == "publicity" ? lang.t("对中标候选人", "To the candidates") : lang.t("对招标文件", "To the documents")
            var items: [(String, HNode)] = [
                (lang.t("异议", "Objection"), txt("\(o.raisedOn) \(o.raisedBy)（\(stage)）：\(o.text)")),
                (
                    lang.t("答复", "Answer"),
                    o.answer.map { txt((o.answeredOn ?? "") + " " + $0) } ?? EngineeringViews.red(lang.t("未答复", "Not answered"))
                ),
            ]
            if o.answeredOn == nil && o.stage == "publicity" {
                items.append(
                    (lang.t("定标", "Award"), EngineeringViews.red(lang.t("异议答复前暂停定标（实施条例第五十四条）", "Suspended until answered (art. 54)")))
                )
            }
            children.append(EngineeringViews.props(items))
            if o.answeredOn == nil && m.canWrite {
                let action = "objections/\(o.id)/answer"
                let f = m.form(action).kit(lang)
                children.append(
                    postForm(
                        v,
                        action: .tenderAction(m.row.id, action),
                        class: "card",
                        [
                            el("h3", [], txt(lang.t("答复异议：", "Answer: ") + o.raisedBy)),
                            f.summary(),
                            f.textarea("answer", lang.t("答复", "Answer"), rows: 2, required: true),
                            f.text("answeredOn", lang.t("答复日期", "Answered on"), value: m.today, type: "date"),
                            EngineeringViews.submit(lang.t("答复", "Answer")),
                        ]
                    )
                )
            }
        }
        if canRaise && m.canWrite {
            let f = m.form("objections").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .tenderAction(m.row.id, "objections"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("登记异议", "Record an objection"))),
                        f.summary(),
                        f.select(
                            "stage",
                            lang.t("异议对象", "About"),
                            options: [("documents", lang.t("招标文件", "The documents")), ("publicity", lang.t("中标候选人", "The candidates"))],
                            selected: m.row.status == "publicity" ? "publicity" : "documents",
                            required: true
                        ),
                        f.text("raisedBy", lang.t("异议人", "Raised by"), required: true),
                        f.textarea("text", lang.t("异议内容", "Objection"), rows: 2, required: true),
                        f.text("raisedOn", lang.t("提出日期", "Raised on"), value: m.today, type: "date"),
                        EngineeringViews.submit(lang.t("登记", "Record")),
                    ]
                )
            )
        }
        return EngineeringViews.section("objections", lang.t("异议", "Objections"), children)
    }

    static func bidsSection(_ m: TenderPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let open = m.row.status == "open"
        var children: [HNode] = [
            m.bids.isEmpty
                ? EngineeringViews.muted(lang.t("尚无投标。", "No bid yet."))
                : ListView.plain(
                    [
                        lang.t("排名", "Rank"), lang.t("投标人", "Bidder"), lang.t("统一社会信用代码", "Credit code"), lang.t("投标报价", "Amount"),
                        lang.t("递交日期", "Submitted"),
                    ],
                    rows: m.bids.map { b in
                        [
                            txt(b.rank.map(String.init) ?? "—"),
                            b.id == m.row.winnerBidId ? el("strong", [], txt(b.bidder + lang.t("（中标）", " (winner)"))) : txt(b.bidder),
                            txt(b.creditCode ?? "—"), txt(Money(fen: b.amountFen).display), txt(b.submittedOn),
                        ]
                    },
                    numeric: [3]
                )
        ]
        if open && m.isTender && m.bids.count < 3 {
            children.append(
                el(
                    "div",
                    [("class", "alert alert-warn"), ("role", "status")],
                    txt(lang.t("投标人少于 3 个的，应当依法重新招标（招标投标法第二十八条）。", "Fewer than three bids: tender again (Bidding Law art. 28)."))
                )
            )
        }
        if open && m.canWrite {
            let f = m.form("bids").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .tenderAction(m.row.id, "bids"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("登记投标", "Record a bid"))),
                        f.summary(),
                        f.text("bidder", lang.t("投标人", "Bidder"), required: true),
                        f.text("creditCode", lang.t("统一社会信用代码", "Credit code")),
                        f.text(
                            "amountWan",
                            lang.t("投标报价（万元）", "Amount (10k yuan)"),
                            required: true,
                            attributes: [("inputmode", "decimal")]
                        ),
                        f.text("submittedOn", lang.t("递交日期", "Submitted on"), value: min(m.today, m.row.bidDeadline), type: "date"),
                        EngineeringViews.submit(lang.t("登记", "Record")),
                    ]
                )
            )
        }
        return EngineeringViews.section("bids", lang.t("投标", "Bids"), children)
    }

    static func committeeSection(_ m: TenderPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let open = m.row.status == "open"
        guard open || !m.committee.isEmpty else { return .empty }
        var children: [HNode] = [
            m.committee.isEmpty
                ? EngineeringViews.muted(lang.t("尚未组建评标委员会。", "No committee yet."))
                : ListView.plain(
                    [lang.t("姓名", "Name"), lang.t("工作单位", "Employer"), lang.t("身份", "Role")],
                    rows: m.committee.map { c in
                        [
                            txt(c.name), txt(c.employer),
                            txt(c.expert ? lang.t("专家", "Expert") : lang.t("招标人代表", "Tenderer's representative")),
                        ]
                    }
                )
        ]
        if open && m.canWrite {
            let f = m.form("committee").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .tenderAction(m.row.id, "committee"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("组建评标委员会", "Form the committee"))),
                        f.summary(),
                        f.textarea(
                            "members",
                            lang.t("成员（每行一人：姓名，工作单位，专家或代表）", "Members (one a line: name, employer, expert or representative)"),
                            value: m.committee.map { "\($0.name)，\($0.employer)，\($0.expert ? "专家" : "代表")" }.joined(separator: "\n"),
                            rows: 6,
                            required: true,
                            hint: lang.t(
                                "5 人以上单数，技术、经济专家不少于三分之二；投标人的人员不得参加（招标投标法第三十七条）",
                                "Five or more, odd, two-thirds experts; no one from a bidder (Bidding Law art. 37)"
                            )
                        ),
                        EngineeringViews.submit(lang.t("保存", "Save")),
                    ]
                )
            )
        }
        return EngineeringViews.section("committee", lang.t("评标委员会", "Evaluation committee"), children)
    }

    static func evaluationSection(_ m: TenderPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        guard m.canWrite else { return .empty }
        var children: [HNode] = []
        if m.row.status == "open" && !m.bids.isEmpty {
            let f = m.form("evaluate").kit(lang)
            children.append(
                postForm(
                    v,
                    action: .tenderAction(m.row.id, "evaluate"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("评标报告与排名", "Evaluation report and ranking"))),
                        f.summary(),
                        el(
                            "div",
                            [("class", "field")],
                            el("label", [], txt(lang.t("排名（1 为第一中标候选人；不排名的留空）", "Rank (1 is first; leave blank to leave out)")))
                        ),
                    ]
                        + m.bids.map { b in
                            f.text(
                                "rank.\(b.id)",
                                b.bidder + "（" + Money(fen: b.amountFen).display + "）",
                                type: "number",
                                attributes: [("min", "1"), ("max", "99")]
                            )
                        } + [
                            f.text("reportOn", lang.t("评标报告日期", "Report date"), value: max(m.today, m.row.bidDeadline), type: "date"),
                            el(
                                "div",
                                [("class", "field")],
                                f.errors["ranking"].map { el("div", [("class", "error"), ("id", "f-ranking")], txt(lang.t($0))) } ?? .empty
                            ),
                            EngineeringViews.submit(lang.t("提交评标结果", "Record the evaluation")),
                        ]
                )
            )
        }
        if m.row.status == "evaluated" {
            let f = m.form("publicity").kit(lang)
            let report = m.row.reportOn.flatMap(CalendarDate.init)
            children.append(
                postForm(
                    v,
                    action: .tenderAction(m.row.id, "publicity"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("公示中标候选人", "Publicise the candidates"))),
                        f.summary(),
                        f.text(
                            "from",
                            lang.t("公示开始", "From"),
                            value: report?.adding(days: 1).description ?? m.today,
                            required: true,
                            type: "date",
                            hint: lang.t("收到评标报告之日起 3 日内", "Within 3 days of the report")
                        ),
                        f.text(
                            "to",
                            lang.t("公示结束", "To"),
                            value: report?.adding(days: 3).description ?? m.today,
                            required: true,
                            type: "date",
                            hint: lang.t("公示期不少于 3 日（实施条例第五十四条）", "At least 3 days (art. 54)")
                        ),
                        EngineeringViews.submit(lang.t("公示", "Publicise")),
                    ]
                )
            )
        }
        if ["open", "evaluated", "publicity"].contains(m.row.status) {
            let f = m.form("retender").kit(lang)
            let today = CalendarDate(m.today) ?? .today()
            children.append(
                postForm(
                    v,
                    action: .tenderAction(m.row.id, "retender"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("流标并重新招标", "Fail and tender again"))),
                        f.summary(),
                        f.textarea("reason", lang.t("重新招标原因", "Reason"), rows: 2, required: true),
                        f.text("issuedOn", lang.t("新招标文件发出日期", "New documents issued"), value: m.today, required: true, type: "date"),
                        f.text(
                            "bidDeadline",
                            lang.t("新投标截止日期", "New bid deadline"),
                            value: today.adding(days: 20).description,
                            required: true,
                            type: "date"
                        ),
                        EngineeringViews.submit(lang.t("重新招标", "Tender again")),
                    ]
                )
            )
        }
        guard !children.isEmpty else { return .empty }
        return EngineeringViews.section("evaluation", lang.t("评标、公示与重新招标", "Evaluation, publicity and re-tender"), children)
    }

    static func awardSection(_ m: TenderPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        guard m.canWrite else { return .empty }
        let status = m.row.status
        var children: [HNode] = []
        if status == "publicity" || (!m.isTender && status == "evaluated") {
            let f = m.form("award").kit(lang)
            let after = m.row.publicityTo.flatMap(CalendarDate.init)?.adding(days: 1).description ?? m.today
            children.append(
                postForm(
                    v,
                    action: .tenderAction(m.row.id, "award"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("定标（发出中标通知书）", "Award (the award notice)"))),
                        f.summary(),
                        f.select(
                            "bidId",
                            lang.t("中标人", "Winner"),
                            options: m.bids.filter { $0.rank != nil }.map { ($0.id.uuidString, "\($0.rank!). \($0.bidder)") },
                            selected: nil,
                            blank: lang.t("第一中标候选人", "The first candidate")
                        ),
                        f.text("awardedOn", lang.t("中标通知书日期", "Award notice date"), value: max(after, m.today), type: "date"),
                        EngineeringViews.submit(lang.t("定标", "Award")),
                    ]
                )
            )
        }
        if status == "awarded" {
            let f = m.form("contract").kit(lang)
            let winning = m.bids.first { $0.id == m.row.winnerBidId }
            children.append(
                postForm(
                    v,
                    action: .tenderAction(m.row.id, "contract"),
                    class: "card",
                    [
                        el("h3", [], txt(lang.t("签订合同", "Sign the contract"))),
                        f.summary(),
                        EngineeringViews.muted(
                            lang.t(
                                "应自中标通知书发出之日起 30 日内订立书面合同（招标投标法第四十六条）。",
                                "The written contract within 30 days of the award notice (Bidding Law art. 46)."
                            )
                        ),
                        f.text("signedOn", lang.t("签订日期", "Signed on"), value: m.today, type: "date"),
                        f.text(
                            "contractWan",
                            lang.t("合同价（万元）", "Contract price (10k yuan)"),
                            value: winning.map { Money(fen: $0.amountFen).wanText } ?? "",
                            required: true
                        ),
                        EngineeringViews.submit(lang.t("签订", "Record the contract")),
                    ]
                )
            )
        }
        guard !children.isEmpty else { return .empty }
        return EngineeringViews.section("award", lang.t("定标与合同", "Award and contract"), children)
    }
}
