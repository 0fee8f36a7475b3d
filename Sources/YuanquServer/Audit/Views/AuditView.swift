/// What the audit log page shows: one page of events, newest first, with their changes in plain words.
struct AuditPage {
    struct Row {
        let seq: Int
        let time: String
        let actor: String
        let action: String
        let entity: String
        let entityID: String?
        let note: String?
        let changes: [(label: String, text: String)]
        let hash: String
    }

    /// Each event's table row (`AuditView.row`), as `RenderedHTML` keeps it.
    let rows: [HNode]
    let total: Int
    let params: ListParams
    let pageSize: Int
    let actions: [(value: String, label: String)]
    let entities: [(value: String, label: String)]
}

enum AuditView {
    static func columns(_ lang: Lang) -> [ListView.Column] {
        [
            Loc("序号", "No."), Loc("时间", "Time"), Loc("操作人", "Actor"), Loc("操作", "Action"), Loc("对象", "Entity"), Loc("内容", "Details"),
            Loc("哈希", "Hash"),
        ].enumerated().map { ListView.Column(key: "c\($0.offset)", label: lang.t($0.element), sortable: false) }
    }

    static func view(_ m: AuditPage, lang: Lang) -> HNode {
        .group(
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "每条记录都以 SHA-256 哈希与前一条相连，管理员可在服务器上运行 yuanqu audit verify 校验整条链。"
                            + "序号是全平台统一编号：本页只列本开发区的事件，其他开发区和平台的事件不在此列，因此序号可能不连续。",
                        "Each event is chained to the previous one by SHA-256; an administrator checks the whole chain with "
                            + "`yuanqu audit verify`. Numbers run across the whole platform: this page lists this zone's events only, "
                            + "so numbers may skip."
                    )
                )
            ),
            filterBar(m, lang: lang),
            ListView.table(
                columns(lang),
                body: m.rows,
                params: m.params,
                base: .audit,
                lang: lang
            ),
            ListView.pager(total: m.total, params: m.params, pageSize: m.pageSize, base: .audit, lang: lang)
        )
    }

    static func row(_ e: AuditPage.Row, lang: Lang) -> HNode {
        let changes: [HNode] = e.changes.map { c in
            el("div", [], el("span", [("class", "muted")], txt(c.label + lang.t("：", ": "))), txt(c.text))
        }
        return ListView.row(
            columns(lang),
            [
                txt(String(e.seq)),
                el("span", [("class", "nowrap")], txt(e.time)),
                txt(e.actor),
                el("span", [("class", "nowrap")], txt(e.action)),
                el("span", [("title", e.entityID ?? "")], txt(e.entity)),
                el("div", [("class", "details")], [e.note.map { el("div", [], txt($0)) } ?? .empty] + changes),
                el("code", [("title", e.hash)], txt(String(e.hash.prefix(10)))),
            ]
        )
    }

    static func filterBar(_ m: AuditPage, lang: Lang) -> HNode {
        func select(_ name: String, _ label: String, _ options: [(value: String, label: String)]) -> HNode {
            let current = m.params.filters[name]
            let all = el("option", [("value", "")], txt(lang.t("全部", "All")))
            let choices = options.map { o in
                el("option", [("value", o.value)] + (current == o.value ? [("selected", nil)] : []), txt(o.label))
            }
            return el("div", [], el("label", [], txt(label)), el("select", [("name", name)], [all] + choices))
        }
        func input(_ name: String, _ label: String, type: String = "text") -> HNode {
            let control = void("input", [("name", name), ("type", type), ("value", m.params.filters[name] ?? "")])
            return el("div", [], el("label", [], txt(label)), control)
        }
        return el(
            "div",
            [("class", "toolbar")],
            el(
                "form",
                [("method", "get"), ("action", SiteURL.audit.path)],
                select("action", lang.t("操作", "Action"), m.actions),
                select("entity", lang.t("对象", "Entity"), m.entities),
                input("actor", lang.t("操作人", "Actor")),
                input("from", lang.t("自", "From"), type: "date"),
                input("to", lang.t("至", "To"), type: "date"),
                el("button", [("type", "submit")], txt(lang.t("筛选", "Filter")))
            ),
            el("div", [("class", "spacer")]),
            link(
                .workbook(.auditExport),
                query: m.params.query(["page": nil]),
                lang.t("导出 Excel", "Export to Excel"),
                class: "btn secondary"
            ),
            txt(" "),
            link(.auditExport, query: m.params.query(["page": nil]), lang.t("导出 CSV", "Export to CSV"), class: "btn secondary")
        )
    }
}
