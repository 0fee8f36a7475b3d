import Fluent
import FluentSQL
import Vapor
import YuanquKit

extension Database {
    /// The database as SQL, for the lists' reads: both engines' drivers are SQL databases.
    var sql: SQLDatabase {
        get throws {
            guard let sql = self as? SQLDatabase else { throw Abort(.internalServerError, reason: "not an SQL database") }
            return sql
        }
    }
}

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
        func get(_ k: String) -> String { (req.queryValue(k) ?? "").trimmingCharacters(in: .whitespaces) }
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

    /// The rows of this page, `pageSize` a page.
    func range(pageSize: Int) -> Range<Int> { ((page - 1) * pageSize)..<(page * pageSize) }

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
    /// The zone a read is about: a zone user's own (a `zone=` naming any other answers 403, never another zone's
    /// records filed as theirs), or the platform user's `zone=` choice, nil for all zones.
    static func readZone(_ req: Request, actor: Actor) async throws -> UUID? {
        let code = req.queryValue("zone") ?? ""
        if code.isEmpty { return actor.zoneID }
        let zone = try await Zone.query(on: req.db).filter(\.$code == code).first()
        if let own = actor.zoneID {
            guard zone?.id == own else {
                throw AppError(
                    .forbidden,
                    "forbidden",
                    Loc("只能查看本开发区的记录（zone=\(code) 不在您的范围内）", "You read only your own zone's records (zone=\(code) is outside your reach)"),
                    field: "zone"
                )
            }
            return own
        }
        guard let zone else { throw AppError.invalid("zone", Loc("没有代码为“\(code)”的开发区", "No zone with code “\(code)”")) }
        return zone.id
    }

    /// A record's zone must be the actor's (platform users read all).
    static func check(_ zoneID: UUID, actor: Actor) throws {
        if let z = actor.zoneID, z != zoneID { throw AppError.notFound }
    }
}

/// A CSV download that Excel opens as UTF-8. An export of several tables gives them as `sheets` too, for its workbook.
func csvResponse(filename: String, header: [String], rows: [[String]], sheets: [Workbook.Sheet]? = nil) -> Response {
    let res = Response(status: .ok)
    res.storage[ExportTableKey.self] = ExportTable(filename: filename, header: header, rows: rows, sheets: sheets)
    res.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
    let encoded = filename.urlComponentEncoded
    res.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"export.csv\"; filename*=UTF-8''\(encoded)")
    res.body = .init(string: CSV.document(header: header, rows: rows))
    return res
}

/// A list's search text as a `LIKE … ESCAPE '\'` pattern that finds it anywhere: `%`, `_` and `\` in what was typed
/// are taken literally (`q=%` finds names with a percent sign, not every name).
enum TextSearch {
    static func containing(_ text: String) -> String {
        var pattern = "%"
        for c in text {
            if c == "%" || c == "_" || c == "\\" { pattern.append("\\") }
            pattern.append(c)
        }
        return pattern + "%"
    }

    /// `column LIKE pattern ESCAPE '\'`: the column contains `text` as typed.
    static func like(_ column: any SQLExpression, _ text: String) -> SQLQueryString {
        "\(column) LIKE \(bind: containing(text)) ESCAPE '\\'"
    }
}
