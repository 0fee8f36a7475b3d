import YuanquKit

/// Enterprises, an enterprise's service page and the service requests.
enum EnterpriseViews {
    static func statusLabel(_ s: String, _ lang: Lang) -> String {
        switch s {
        case "open": return lang.t("待办", "Open")
        case "inProgress": return lang.t("办理中", "In progress")
        case "closed": return lang.t("已办结", "Closed")
        default: return s
        }
    }

    static func list(_ m: EnterpriseListPage, lang: Lang) -> HNode {
        let bar = ListView.filterBar(
            params: m.params,
            base: .enterprises,
            selects: [("industry", lang.t("产业", "Industry"), m.industryOptions)],
            zones: m.zoneOptions,
            lang: lang,
            export: .enterprisesExport,
            actions: (m.canImport ? [link(.enterprisesImport, lang.t("从 CSV 导入", "Import CSV"), class: "btn secondary")] : [])
                + [link(.serviceRequests, query: [("overdue", "true")], lang.t("超期诉求", "Overdue requests"), class: "btn secondary")]
        )
        let columns: [ListView.Column] = [
            .init(key: "name", label: lang.t("企业", "Enterprise"), sortable: false),
            .init(key: "code", label: lang.t("统一社会信用代码", "Credit code"), sortable: false),
            .init(key: "industry", label: lang.t("产业", "Industry"), sortable: false),
            .init(key: "steward", label: lang.t("管家", "Steward"), sortable: false),
            .init(key: "expert", label: lang.t("专家", "Expert"), sortable: false),
            .init(key: "overdue", label: lang.t("超期诉求", "Overdue"), sortable: false, numeric: true),
        ]
        let rows: [[HNode]] = m.rows.map { e in
            [
                link(e.url, e.name), el("code", [], txt(e.creditCode ?? "—")), txt(e.industry),
                txt(e.steward ?? "—"), txt(e.expert ?? "—"),
                e.overdue > 0 ? el("strong", [("class", "error")], txt(String(e.overdue))) : txt("0"),
            ]
        }
        return .group(
            bar,
            ListView.table(columns, rows: rows, params: m.params, base: .enterprises, lang: lang),
            ListView.pager(total: m.total, params: m.params, pageSize: m.pageSize, base: .enterprises, lang: lang)
        )
    }

    static func requests(_ m: ServiceRequestListPage, lang: Lang) -> HNode {
        let columns = [
            Loc("企业", "Enterprise"), Loc("诉求事项", "Request"), Loc("受理", "Opened"), Loc("时限", "Due"), Loc("经办", "Holder"),
            Loc("状态", "Status"),
        ]
        let rows: [[HNode]] = m.rows.map { r in
            [
                link(r.enterpriseURL, r.enterprise), txt(r.title), txt(r.openedOn),
                r.isOverdue ? el("strong", [("class", "error")], txt(r.dueOn + lang.t("（超期）", " (overdue)"))) : txt(r.dueOn),
                txt(r.holder ?? "—"), txt(statusLabel(r.status, lang)),
            ]
        }
        return .group(
            ListView.filterBar(
                params: m.params,
                base: .serviceRequests,
                selects: [
                    ("status", lang.t("状态", "Status"), EnterpriseService.requestStatuses.map { ($0, statusLabel($0, lang)) }),
                    ("overdue", lang.t("超期", "Overdue"), [("true", lang.t("是", "Yes"))]),
                ],
                zones: m.zoneOptions,
                lang: lang,
                export: nil,
                actions: []
            ),
            ListView.table(
                columns.enumerated().map { ListView.Column(key: "c\($0.offset)", label: lang.t($0.element), sortable: false) },
                rows: rows,
                params: m.params,
                base: nil,
                lang: lang
            )
        )
    }

    static func show(_ m: EnterprisePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        func person(_ p: EnterprisePage.PersonRef) -> HNode { p.url.map { link($0, p.name) } ?? txt(p.name) }
        return .group(
            m.error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            el(
                "dl",
                [("class", "props")],
                [
                    el("dt", [], txt(lang.t("统一社会信用代码", "Credit code"))), el("dd", [], el("code", [], txt(m.creditCode ?? "—"))),
                    el("dt", [], txt(lang.t("地址", "Address"))), el("dd", [], txt(m.address.isEmpty ? "—" : m.address)),
                    el("dt", [], txt(lang.t("联系人", "Contact"))), el("dd", [], txt(m.contact.isEmpty ? "—" : m.contact)),
                    el("dt", [], txt(lang.t("管家", "Steward"))),
                    el("dd", [], m.steward.map(person) ?? txt("—")),
                    el("dt", [], txt(lang.t("专家", "Expert"))),
                    el("dd", [], m.expert.map(person) ?? txt("—")),
                ]
            ),
            el("h2", [], txt(lang.t("全链条服务记录", "The whole chain since signing"))),
            m.chain.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无记录", "Nothing yet")))
                : el(
                    "table",
                    [("class", "list")],
                    el(
                        "tbody",
                        [],
                        m.chain.map { c in
                            el("tr", [], el("td", [("class", "nowrap")], txt(c.date)), el("td", [], txt(chainText(c.event, lang))))
                        }
                    )
                ),
            el("h2", [], txt(lang.t("企业诉求", "Service requests") + " (\(m.requests.count))")),
            .group(m.requests.map { request($0, v) }),
            m.openRequest.map { requestForm(m, action: $0, v) } ?? .empty
        )
    }

    static func chainText(_ e: EnterprisePage.ChainEntry.Event, _ lang: Lang) -> String {
        switch e {
        case .signed(let project, let amount): return lang.t("签约：", "Signed: ") + project + "（" + amount.display + "）"
        case .construction(let project): return lang.t("开工：", "Construction: ") + project
        case .operation(let project): return lang.t("投产：", "In operation: ") + project
        case .request(let title, let type, let dueOn):
            return lang.t("诉求受理：", "Request: ") + title + "（" + type + lang.t("，限 ", ", due ") + dueOn + "）"
        case .step(let note, let by): return "　" + note + " — " + by
        }
    }

    static func request(_ r: EnterprisePage.Request, _ v: ViewContext) -> HNode {
        let lang = v.lang
        var forms: [HNode] = []
        if let steps = r.steps {
            forms.append(
                postForm(
                    v,
                    action: steps,
                    class: "toolbar",
                    [
                        void("input", [("name", "note"), ("placeholder", lang.t("办理情况", "What was done")), ("size", "36")]),
                        el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("记录办理", "Record step"))),
                    ]
                )
            )
        }
        if let close = r.close {
            forms.append(
                postForm(
                    v,
                    action: close,
                    class: "toolbar",
                    [
                        el(
                            "select",
                            [("name", "satisfaction"), ("aria-label", lang.t("满意度", "Satisfaction"))],
                            [el("option", [("value", "")], txt(lang.t("满意度", "Satisfaction")))]
                                + (1...5).reversed().map { el("option", [("value", String($0))], txt(String($0))) }
                        ),
                        void("input", [("name", "note"), ("placeholder", lang.t("办结说明", "Closing note")), ("size", "24")]),
                        el("button", [("type", "submit")], txt(lang.t("办结", "Close"))),
                    ]
                )
            )
        }
        return el(
            "div",
            [("class", "card")],
            [
                el(
                    "div",
                    [],
                    el("strong", [], txt(r.title)),
                    txt(" · " + r.type + " · " + statusLabel(r.status, lang)),
                    r.isOverdue ? el("span", [("class", "tag main")], txt(lang.t(" 超期", " overdue"))) : .empty
                ),
                el(
                    "div",
                    [("class", "muted")],
                    txt(
                        lang.t("受理 ", "Opened ") + r.openedOn + lang.t("，办理时限至 ", ", due ") + r.dueOn
                            + (r.unit.map { lang.t("，承办：", "; unit: ") + $0 } ?? "")
                            + (r.platform.map { lang.t("，转服务平台：", "; platform: ") + $0 } ?? "")
                            + (r.holder.map { lang.t("，经办：", "; holder: ") + $0 } ?? "")
                            + (r.satisfaction.map { lang.t("，满意度 \($0)/5", "; satisfaction \($0)/5") } ?? "")
                    )
                ),
                forms.isEmpty ? .empty : .group(forms),
            ]
        )
    }

    static func requestForm(_ m: EnterprisePage, action: SiteURL, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        return postForm(
            v,
            action: action,
            class: "card",
            [
                el("h3", [], txt(lang.t("受理新诉求", "Log a request"))),
                f.summary(),
                f.select(
                    "type",
                    lang.t("诉求类型", "Type"),
                    options: m.types.map {
                        ($0.code, $0.label + lang.t("（限 \($0.limit) 个工作日）", " (\($0.limit) working days)"))
                    },
                    selected: nil,
                    required: true,
                    blank: lang.t("请选择", "Choose")
                ),
                f.text("title", lang.t("诉求事项", "Request"), required: true),
                f.textarea("detail", lang.t("具体内容", "Details"), rows: 3),
                f.select("unitId", lang.t("承办单位", "Unit"), options: m.unitOptions, selected: nil, blank: lang.t("（无）", "(none)")),
                f.select(
                    "platformId",
                    lang.t("或转服务平台", "Or route to a platform"),
                    options: m.platformOptions,
                    selected: nil,
                    blank: lang.t("（无）", "(none)")
                ),
                el("button", [("type", "submit")], txt(lang.t("受理", "Log"))),
            ]
        )
    }
}
