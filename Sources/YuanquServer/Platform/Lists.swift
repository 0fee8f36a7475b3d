import Fluent
import Vapor
import YuanquKit

/// What a list page was asked for: search text, filters, sort and page.
struct ListParams {
    var q: String
    var sort: String
    var descending: Bool
    var page: Int
    var filters: [String: String]

    init(q: String = "", sort: String, descending: Bool = false, page: Int = 1, filters: [String: String] = [:]) {
        self.q = q
        self.sort = sort
        self.descending = descending
        self.page = page
        self.filters = filters
    }

    init(_ req: Request, filterKeys: [String], defaultSort: String, sortable: [String]) {
        func get(_ k: String) -> String { ((try? req.query.get(String.self, at: k)) ?? "").trimmingCharacters(in: .whitespaces) }
        q = String(get("q").prefix(100))
        let s = get("sort")
        sort = sortable.contains(s) ? s : defaultSort
        descending = get("dir") == "desc"
        page = min(max(1, Int(get("page")) ?? 1), 100_000)
        var f: [String: String] = [:]
        for k in filterKeys {
            let v = get(k)
            if !v.isEmpty { f[k] = String(v.prefix(100)) }
        }
        filters = f
    }

    /// The query of a link that changes some of these values (for `SiteURL.path(query:)`).
    func query(_ changes: [String: String?] = [:]) -> [(String, String?)] {
        var items: [String: String] = filters
        if !q.isEmpty { items["q"] = q }
        items["sort"] = sort
        if descending { items["dir"] = "desc" }
        if page > 1 { items["page"] = String(page) }
        for (k, v) in changes { items[k] = v }
        return items.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension Request {
    /// The zones a platform user may filter a list by (code, name), nil for zone users.
    var zoneOptions: [(value: String, label: String)]? {
        storage[ZoneChoicesKey.self].map { zones in zones.map { ($0.code, lang.t($0.name, $0.nameEn)) } }
    }
}

/// The zone a request reads: the user's own, or for platform users the `zone` filter (all zones when absent).
enum ZoneScope {
    static func readZone(_ req: Request, actor: Actor) async throws -> UUID? {
        if let z = actor.zoneID { return z }
        guard let code = try? req.query.get(String.self, at: "zone"), !code.isEmpty else { return nil }
        guard let zone = try await Zone.query(on: req.db).filter(\.$code == code).first() else {
            throw AppError.invalid("zone", Loc("没有代码为“\(code)”的开发区", "No zone with code “\(code)”"))
        }
        return zone.id
    }

    /// A record's zone must be the actor's (platform users read all).
    static func check(_ zoneID: UUID, actor: Actor) throws {
        if let z = actor.zoneID, z != zoneID { throw AppError.notFound }
    }
}

enum ListView {
    struct Column {
        let key: String
        let label: String
        let sortable: Bool
        var numeric: Bool = false
    }

    /// A list's table; `base` is the list's address, which sortable column headers link to.
    static func table(_ columns: [Column], rows: [[HNode]], params: ListParams, base: SiteURL? = nil, lang: Lang) -> HNode {
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
            : rows.map { r in el("tr", [], zip(columns, r).map { c, cell in el("td", c.numeric ? [("class", "num")] : [], cell) }) }
        return el("table", [("class", "list")], el("thead", [], head), el("tbody", [], body))
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
                    link(e, query: params.query(["page": nil]), lang.t("导出 Excel (CSV)", "Export to Excel (CSV)"), class: "btn secondary")
                } ?? .empty
            ]
        )
    }
}

/// A CSV download that Excel opens as UTF-8.
func csvResponse(filename: String, header: [String], rows: [[String]]) -> Response {
    let res = Response(status: .ok)
    res.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
    let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "export.csv"
    res.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"export.csv\"; filename*=UTF-8''\(encoded)")
    res.body = .init(string: CSV.document(header: header, rows: rows))
    return res
}

enum Settings {
    /// A zone setting's value, or its default.
    static func int(_ key: String, zone: UUID?, on db: Database) async throws -> Int {
        let def = SettingDefinition.named(key)!
        if let z = zone, let s = try await ZoneSetting.query(on: db).filter(\.$zoneID == z).filter(\.$key == key).first(),
            let n = Int(s.value)
        {
            return n
        }
        return Int(def.defaultValue) ?? 0
    }
}
