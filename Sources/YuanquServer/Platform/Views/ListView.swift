/// The parts every list page shares: the filter bar, the table with sortable headers, the pager.
enum ListView {
    struct Column {
        let key: String
        let label: String
        let sortable: Bool
        var numeric: Bool = false
    }

    /// A list's table; `base` is the list's address, which sortable column headers link to.
    static func table(_ columns: [Column], rows: [[HNode]], params: ListParams, base: SiteURL? = nil, lang: Lang) -> HNode {
        table(columns, body: rows.map { row(columns, $0) }, params: params, base: base, lang: lang)
    }

    /// A list table of rows made by `row`.
    static func table(_ columns: [Column], body rows: [HNode], params: ListParams, base: SiteURL? = nil, lang: Lang) -> HNode {
        let head = el(
            "tr",
            [],
            columns.map { c -> HNode in
                var label = c.label
                if c.sortable && params.sort == c.key { label += params.descending ? " ▼" : " ▲" }
                guard c.sortable, let base else { return el("th", c.numeric ? [("class", "num")] : [], txt(label)) }
                let sorted = params.query(["sort": c.key, "dir": params.sort == c.key && !params.descending ? "desc" : nil, "page": nil])
                let cell = link(base, query: sorted, label)
                return el("th", c.numeric ? [("class", "num")] : [], cell)
            }
        )
        let body: [HNode] =
            rows.isEmpty
            ? [
                el(
                    "tr",
                    [],
                    el("td", [("colspan", String(columns.count)), ("class", "muted")], txt(lang.t("没有符合条件的记录", "No matching records")))
                )
            ]
            : rows
        return el("table", [("class", "list")], el("thead", [], head), el("tbody", [], body))
    }

    /// One row of a list table (`table`'s rows, or rendered once and kept: `RenderedHTML`).
    static func row(_ columns: [Column], _ cells: [HNode]) -> HNode {
        el("tr", [], zip(columns, cells).map { c, cell in el("td", c.numeric ? [("class", "num")] : [], cell) })
    }

    static func pager(total: Int, params: ListParams, pageSize: Int, base: SiteURL, lang: Lang) -> HNode {
        let pages = max(1, (total + pageSize - 1) / pageSize)
        return el(
            "div",
            [("class", "pager")],
            [
                txt(
                    lang.t(
                        "共 \(total) 条，第 \(min(params.page, pages))/\(pages) 页",
                        "\(total) records, page \(min(params.page, pages)) of \(pages)"
                    )
                ),
                params.page > 1 ? link(base, query: params.query(["page": String(params.page - 1)]), lang.t("上一页", "Previous")) : .empty,
                params.page < pages ? link(base, query: params.query(["page": String(params.page + 1)]), lang.t("下一页", "Next")) : .empty,
            ]
        )
    }

    /// A filter bar: search box, selects, and the export link that keeps the same filters.
    static func filterBar(
        params: ListParams,
        base: SiteURL,
        selects given: [(name: String, label: String, options: [(value: String, label: String)])],
        zones: [(value: String, label: String)]?,
        lang: Lang,
        export: SiteURL?,
        actions: [HNode]
    ) -> HNode {
        var selects = given
        if let zones { selects.insert(("zone", lang.t("开发区", "Zone"), zones), at: 0) }
        var fields: [HNode] = [
            el(
                "div",
                [],
                el("label", [("for", "q")], txt(lang.t("搜索", "Search"))),
                void("input", [("id", "q"), ("name", "q"), ("type", "search"), ("value", params.q)])
            )
        ]
        for s in selects {
            let current = params.filters[s.name] ?? ""
            fields.append(
                el(
                    "div",
                    [],
                    el("label", [("for", "flt-" + s.name)], txt(s.label)),
                    el(
                        "select",
                        [("id", "flt-" + s.name), ("name", s.name)],
                        [el("option", [("value", "")], txt(lang.t("全部", "All")))]
                            + s.options.map { o in
                                el("option", [("value", o.value)] + (o.value == current ? [("selected", nil)] : []), txt(o.label))
                            }
                    )
                )
            )
        }
        fields.append(void("input", [("type", "hidden"), ("name", "sort"), ("value", params.sort)]))
        fields.append(el("button", [("type", "submit")], txt(lang.t("筛选", "Filter"))))
        return el(
            "div",
            [("class", "toolbar")],
            [
                el("form", [("method", "get"), ("action", base.path)], fields),
                el("div", [("class", "spacer")]),
            ] + actions + [
                export.map { e in
                    .group(
                        link(
                            .workbook(e),
                            query: params.query(["page": nil]),
                            lang.t("导出 Excel", "Export to Excel"),
                            class: "btn secondary"
                        ),
                        txt(" "),
                        link(e, query: params.query(["page": nil]), lang.t("导出 CSV", "Export to CSV"), class: "btn secondary")
                    )
                } ?? .empty
            ]
        )
    }
}

extension ListView {
    /// A table of rows already built (each its own `tr`, with its own class) under a header row; without rows, one
    /// row across the columns says `empty`.
    static func plain(_ headers: [String], body rows: [HNode], empty: String) -> HNode {
        let none = el("tr", [], el("td", [("colspan", String(headers.count)), ("class", "muted")], txt(empty)))
        return el(
            "table",
            [("class", "list")],
            el("thead", [], el("tr", [], headers.map { el("th", [], txt($0)) })),
            el("tbody", [], rows.isEmpty ? [none] : rows)
        )
    }

    /// A plain table: a header row and one row per item, no sorting or paging. `numeric` columns align right.
    static func plain(_ headers: [String], rows: [[HNode]], numeric: Set<Int> = [], class cls: String = "list") -> HNode {
        func cell(_ tag: String, _ i: Int, _ content: HNode) -> HNode { el(tag, numeric.contains(i) ? [("class", "num")] : [], content) }
        return el(
            "table",
            [("class", cls)],
            el("thead", [], el("tr", [], headers.enumerated().map { cell("th", $0.offset, txt($0.element)) })),
            el("tbody", [], rows.map { row in el("tr", [], row.enumerated().map { cell("td", $0.offset, $0.element) }) })
        )
    }
}
