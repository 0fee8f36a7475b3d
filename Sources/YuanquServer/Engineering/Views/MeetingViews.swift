import YuanquKit

/// Key-project meetings (重点工程领导会议、重点项目专题会议): the list, the form that records one, a meeting's minutes
/// (纪要, printable) and the action items (督办事项) followed to closure.
enum MeetingViews {
    static func outcome(_ raw: String, _ lang: Lang) -> HNode {
        let label = lang.t(MeetingService.outcomeLabel(raw))
        switch raw {
        case ItemOutcome.approved.rawValue: return el("span", [("class", "tag")], txt("✓ " + label))
        case ItemOutcome.rejected.rawValue: return el("span", [("class", "tag main")], txt(label))
        default: return el("span", [("class", "muted")], txt(label))
        }
    }

    static func status(_ r: ActionRow, _ lang: Lang) -> HNode {
        if r.overdue { return el("span", [("class", "tag main")], txt(lang.t("已超期", "Overdue"))) }
        if let closed = r.closedOn { return txt(lang.t("已于 \(closed) 办结", "Done on \(closed)")) }
        return el("span", [("class", "muted")], txt(lang.t(MeetingService.statusLabel(r.status))))
    }

    static func changeStatus(_ raw: String?, _ lang: Lang) -> String {
        switch raw {
        case "effective"?: return lang.t("已生效", "effective")
        case "rejected"?: return lang.t("已否决", "rejected")
        case "awaitingMeeting"?: return lang.t("待会议决定", "awaiting a meeting")
        case let s?: return s
        case nil: return ""
        }
    }

    static func kindOptions(_ lang: Lang) -> [(value: String, label: String)] {
        MeetingKind.allCases.map { ($0.rawValue, lang.t($0.label.zh, $0.label.en)) }
    }

    static func outcomeOptions(_ lang: Lang) -> [(value: String, label: String)] {
        ItemOutcome.allCases.map { ($0.rawValue, lang.t($0.label.zh, $0.label.en)) }
    }

    // MARK: list

    static func list(_ m: MeetingListPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let bar = ListView.filterBar(
            params: m.params,
            base: .meetings,
            selects: [("kind", lang.t("会议类型", "Kind"), kindOptions(lang))],
            zones: m.zoneOptions,
            lang: lang,
            export: nil,
            actions: [link(.actionItems, lang.t("督办事项", "Action items"), class: "btn secondary")]
                + (m.newMeeting.map { [link($0, lang.t("登记会议", "Record a meeting"), class: "btn")] } ?? [])
        )
        let columns: [ListView.Column] = [
            .init(key: "heldOn", label: lang.t("会议日期", "Date"), sortable: false),
            .init(key: "title", label: lang.t("会议名称", "Meeting"), sortable: false),
            .init(key: "kind", label: lang.t("会议类型", "Kind"), sortable: false),
            .init(key: "chair", label: lang.t("主持人", "Chair"), sortable: false),
            .init(key: "decisions", label: lang.t("议定事项", "Decisions"), sortable: false, numeric: true),
            .init(key: "open", label: lang.t("在办督办", "Open actions"), sortable: false, numeric: true),
            .init(key: "overdue", label: lang.t("超期督办", "Overdue"), sortable: false, numeric: true),
        ]
        let rows: [[HNode]] = m.rows.map { r in
            [
                txt(r.heldOn), link(r.url, r.title), txt(lang.t(r.kind)), txt(r.chair.isEmpty ? "—" : r.chair), txt(String(r.decisions)),
                txt(String(r.open)), r.overdue > 0 ? el("strong", [("class", "error")], txt(String(r.overdue))) : txt("0"),
            ]
        }
        return .group(
            bar,
            ListView.table(columns, rows: rows, params: m.params, base: .meetings, lang: lang),
            ListView.pager(total: m.total, params: m.params, pageSize: m.pageSize, base: .meetings, lang: lang)
        )
    }

    // MARK: new meeting

    static func new(_ m: MeetingNewPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        let choose = lang.t("请选择", "Choose")
        let none = lang.t("（无）", "(none)")
        let attendees = el(
            "div",
            [("class", f.errors["attendeeIds"] == nil ? "field" : "field has-error")],
            el("label", [("for", "f-attendeeIds")], txt(lang.t("参会人员", "Attendees"))),
            el(
                "select",
                [("id", "f-attendeeIds"), ("name", "attendeeIds"), ("multiple", nil), ("size", "8")],
                m.options.people.map { p in
                    el("option", [("value", p.value)] + (m.attendees.contains(p.value) ? [("selected", nil)] : []), txt(p.label))
                }
            ),
            el("div", [("class", "hint")], txt(lang.t("按住 Ctrl（Mac 为 ⌘）可多选", "Hold Ctrl (⌘ on a Mac) to choose several"))),
            f.errors["attendeeIds"].map { el("div", [("class", "error"), ("id", "e-attendeeIds"), ("role", "alert")], txt(lang.t($0))) }
                ?? .empty
        )
        let items: [HNode] = (0..<m.itemRows).map { n in
            let p = "items.\(n)."
            return el(
                "fieldset",
                [],
                el("legend", [], txt(lang.t("议题 \(n + 1)", "Agenda item \(n + 1)"))),
                f.text(p + "topic", lang.t("议题", "Topic")),
                f.select(p + "projectId", lang.t("工程项目", "Project"), options: m.options.projects, selected: nil, blank: none),
                f.select(
                    p + "designChangeId",
                    lang.t("待决设计变更", "Design change awaiting a decision"),
                    options: m.options.changes,
                    selected: nil,
                    blank: none
                ),
                f.textarea(p + "decision", lang.t("会议决定", "Decision"), rows: 2),
                f.select(p + "outcome", lang.t("会议结论", "Outcome"), options: outcomeOptions(lang), selected: nil, blank: choose)
            )
        }
        let actions: [HNode] = (0..<m.actionRows).map { n in
            let p = "actions.\(n)."
            return el(
                "fieldset",
                [],
                el("legend", [], txt(lang.t("督办事项 \(n + 1)", "Action item \(n + 1)"))),
                f.text(p + "title", lang.t("督办事项", "Action item")),
                f.select(p + "ownerId", lang.t("责任人", "Owner"), options: m.options.people, selected: nil, blank: choose),
                f.text(p + "dueOn", lang.t("办结时限", "Due on"), type: "date"),
                f.select(
                    p + "item",
                    lang.t("来自议题", "From agenda item"),
                    options: (0..<m.itemRows).map { (String($0), lang.t("议题 \($0 + 1)", "Agenda item \($0 + 1)")) },
                    selected: nil,
                    blank: none
                )
            )
        }
        return .group(
            el("p", [], link(.meetings, lang.t("← 重点工程会议", "← Meetings"))),
            postForm(
                v,
                action: .meetings,
                class: "card perf-form",
                [
                    f.summary(),
                    f.select("kind", lang.t("会议类型", "Kind"), options: kindOptions(lang), selected: nil, required: true, blank: choose),
                    f.text(
                        "title",
                        lang.t("会议名称", "Title"),
                        required: true,
                        hint: lang.t("如：2026 年第 3 次重点工程领导会议", "e.g. Key-works leadership meeting no. 3, 2026")
                    ),
                    f.text("heldOn", lang.t("会议日期", "Date"), value: m.today, required: true, type: "date"),
                    f.select("chairId", lang.t("主持人", "Chair"), options: m.options.people, selected: nil, required: true, blank: choose),
                    f.text("location", lang.t("会议地点", "Location")),
                    attendees,
                    el("h3", [], txt(lang.t("议题与会议决定", "Agenda and decisions"))),
                    el(
                        "p",
                        [("class", "muted")],
                        txt(
                            lang.t(
                                "只填需要的议题，空行不登记。议题涉及待会议决定的设计变更时，结论“同意”使变更生效，“不同意”予以否决。",
                                "Fill in only the items needed; blank rows are left out. On a design change awaiting a meeting, "
                                    + "“Approved” makes it effective and “Rejected” rejects it."
                            )
                        )
                    ),
                    .group(items),
                    el("h3", [], txt(lang.t("督办事项", "Action items"))),
                    .group(actions),
                    el("button", [("type", "submit")], txt(lang.t("登记会议", "Record the meeting"))),
                ]
            )
        )
    }

    // MARK: meeting page (minutes)

    static func show(_ m: MeetingPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        func prop(_ label: String, _ value: HNode) -> [HNode] { [el("dt", [], txt(label)), el("dd", [], value)] }
        let props: [HNode] =
            prop(lang.t("会议类型", "Kind"), txt(lang.t(m.kind)))
            + prop(lang.t("会议日期", "Date"), txt(m.heldOn))
            + prop(lang.t("主持人", "Chair"), txt(m.chair.isEmpty ? "—" : m.chair))
            + prop(lang.t("会议地点", "Location"), txt(m.location.isEmpty ? "—" : m.location))
            + prop(lang.t("参会人员", "Attendees"), txt(m.attendees.isEmpty ? "—" : m.attendees.joined(separator: lang.t("、", ", "))))
        let agenda: [[HNode]] = m.items.map { i in
            var about: [HNode] = []
            if let p = i.project { about.append(i.projectURL.map { link($0, p) } ?? txt(p)) }
            if let c = i.designChange {
                about.append(
                    el(
                        "div",
                        [],
                        txt(lang.t("设计变更 ", "Design change ") + c),
                        i.designChangeStatus.map {
                            el("span", [("class", "muted")], txt(lang.t("（", " (") + changeStatus($0, lang) + lang.t("）", ")")))
                        }
                            ?? .empty
                    )
                )
            }
            return [
                txt(String(i.seq)), txt(i.topic), about.isEmpty ? txt("—") : .group(about),
                el("div", [("class", "pre-line")], txt(i.decision)), outcome(i.outcome, lang),
            ]
        }
        return .group(
            el(
                "div",
                [("class", "notice")],
                el("h2", [("class", "notice-title")], txt(m.title)),
                el("p", [("class", "no-print")], link(.meetings, lang.t("← 重点工程会议", "← Meetings"))),
                el("dl", [("class", "props")], props),
                el("h3", [], txt(lang.t("议定事项", "Agenda and decisions"))),
                m.items.isEmpty
                    ? el("p", [("class", "muted")], txt(lang.t("尚未登记议题。", "No agenda item yet.")))
                    : ListView.plain(
                        [
                            lang.t("序号", "No."), lang.t("议题", "Topic"), lang.t("涉及", "About"), lang.t("会议决定", "Decision"),
                            lang.t("结论", "Outcome"),
                        ],
                        rows: agenda,
                        class: "list notice-table"
                    ),
                el("h3", [], txt(lang.t("督办事项", "Action items"))),
                m.actions.isEmpty
                    ? el("p", [("class", "muted")], txt(lang.t("本次会议没有督办事项。", "This meeting set no action item.")))
                    : actionTable(m.actions, showMeeting: false, today: m.today, back: "meeting", v),
                el(
                    "p",
                    [("class", "no-print")],
                    el(
                        "button",
                        [("type", "button"), ("class", "btn secondary"), ("data-print", nil)],
                        txt(lang.t("打印会议纪要", "Print the minutes"))
                    )
                )
            ),
            el(
                "div",
                [("class", "no-print")],
                m.error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
                m.addItem.map { itemForm(m, action: $0, v) } ?? .empty,
                m.addAction.map { actionForm(m, action: $0, v) } ?? .empty
            )
        )
    }

    static func itemForm(_ m: MeetingPage, action: SiteURL, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.itemForm.kit(lang)
        let none = lang.t("（无）", "(none)")
        return postForm(
            v,
            action: action,
            class: "card",
            [
                el("h3", [], txt(lang.t("增加议题和会议决定", "Add an agenda item and its decision"))),
                f.summary(),
                f.text("topic", lang.t("议题", "Topic"), required: true),
                f.select("projectId", lang.t("工程项目", "Project"), options: m.options.projects, selected: nil, blank: none),
                f.select(
                    "designChangeId",
                    lang.t("待决设计变更", "Design change awaiting a decision"),
                    options: m.options.changes,
                    selected: nil,
                    blank: none
                ),
                f.textarea("decision", lang.t("会议决定", "Decision"), rows: 3, required: true),
                f.select(
                    "outcome",
                    lang.t("会议结论", "Outcome"),
                    options: outcomeOptions(lang),
                    selected: nil,
                    required: true,
                    blank: lang.t("请选择", "Choose")
                ),
                el("button", [("type", "submit")], txt(lang.t("增加议题", "Add the item"))),
            ]
        )
    }

    static func actionForm(_ m: MeetingPage, action: SiteURL, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.actionForm.kit(lang)
        let none = lang.t("（无）", "(none)")
        return postForm(
            v,
            action: action,
            class: "card",
            [
                el("h3", [], txt(lang.t("增加督办事项", "Add an action item"))),
                f.summary(),
                f.text("title", lang.t("督办事项", "Action item"), required: true),
                f.select(
                    "ownerId",
                    lang.t("责任人", "Owner"),
                    options: m.options.people,
                    selected: nil,
                    required: true,
                    blank: lang.t("请选择", "Choose")
                ),
                f.text("dueOn", lang.t("办结时限", "Due on"), required: true, type: "date"),
                f.select("itemId", lang.t("来自议题", "From agenda item"), options: m.itemOptions, selected: nil, blank: none),
                f.select(
                    "projectId",
                    lang.t("工程项目", "Project"),
                    options: m.options.projects,
                    selected: nil,
                    blank: lang.t("（同议题）", "(as the item)")
                ),
                el("button", [("type", "submit")], txt(lang.t("增加督办事项", "Add the action item"))),
            ]
        )
    }

    /// Action items as a table; an overdue row is marked red, an open one its owner or a writer may close has a form.
    static func actionTable(_ rows: [ActionRow], showMeeting: Bool, today: String, back: String?, _ v: ViewContext) -> HNode {
        let lang = v.lang
        var headers = [lang.t("督办事项", "Action item")]
        if showMeeting { headers.append(lang.t("会议", "Meeting")) }
        headers += [lang.t("工程项目", "Project"), lang.t("责任人", "Owner"), lang.t("办结时限", "Due"), lang.t("办理情况", "State"), ""]
        let body: [HNode] = rows.map { r in
            var cells: [HNode] = [
                .group(
                    txt(r.title),
                    r.itemSeq.map { el("span", [("class", "muted")], txt(lang.t("（议题 \($0)）", " (item \($0))"))) } ?? .empty
                )
            ]
            if showMeeting { cells.append(link(r.meetingURL, r.meeting)) }
            cells += [
                r.project.map { p in r.projectURL.map { link($0, p) } ?? txt(p) } ?? txt("—"),
                txt(r.owner),
                r.overdue ? el("strong", [("class", "error")], txt(r.dueOn + lang.t("（超期）", " (overdue)"))) : txt(r.dueOn),
                .group(
                    status(r, lang),
                    r.result.map { el("div", [("class", "details pre-line")], txt($0)) } ?? .empty
                ),
                r.close.map { closeForm($0, today: today, back: back, v) } ?? .empty,
            ]
            return el(
                "tr",
                r.overdue ? [("class", "overdue")] : [],
                cells.map { el("td", [], $0) }
            )
        }
        return ListView.plain(headers, body: body, empty: lang.t("没有符合条件的记录", "No matching records"))
    }

    static func closeForm(_ url: SiteURL, today: String, back: String?, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return postForm(
            v,
            action: url,
            class: "inline no-print",
            [
                back.map { void("input", [("type", "hidden"), ("name", "back"), ("value", $0)]) } ?? .empty,
                void("input", [("type", "date"), ("name", "closedOn"), ("value", today), ("aria-label", lang.t("办结日期", "Closed on"))]),
                void(
                    "input",
                    [
                        ("type", "text"), ("name", "result"), ("required", nil), ("placeholder", lang.t("办理结果", "Result")),
                        ("aria-label", lang.t("办理结果", "Result")),
                    ]
                ),
                el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("办结", "Close"))),
            ]
        )
    }

    // MARK: action items

    static func actions(_ m: ActionListPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let statusOptions: [(value: String, label: String)] = [
            ("open", lang.t("办理中", "Open")), ("overdue", lang.t("已超期", "Overdue")), ("done", lang.t("已办结", "Done")),
        ]
        var selects: [(name: String, label: String, options: [(value: String, label: String)])] = [
            ("status", lang.t("状态", "Status"), statusOptions)
        ]
        if !m.ownerOptions.isEmpty { selects.append(("owner", lang.t("责任人", "Owner"), m.ownerOptions)) }
        if m.mine {
            selects.append(("mine", lang.t("与我有关", "Mine"), [("true", lang.t("我负责或我主持会议的", "Owned by me or from meetings I chaired"))]))
        }
        let bar = ListView.filterBar(
            params: m.params,
            base: .actionItems,
            selects: selects,
            zones: m.zoneOptions,
            lang: lang,
            export: .actionItemsExport,
            actions: [link(.meetings, lang.t("重点工程会议", "Meetings"), class: "btn secondary")]
        )
        return .group(
            m.error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            bar,
            actionTable(m.rows, showMeeting: true, today: m.today, back: nil, v),
            ListView.pager(total: m.total, params: m.params, pageSize: m.pageSize, base: .actionItems, lang: lang)
        )
    }
}
