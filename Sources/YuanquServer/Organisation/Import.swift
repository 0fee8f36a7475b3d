import Fluent
import Vapor
import YuanquKit

/// Imports of units, posts and people from CSV: every row is checked first, each bad row is listed with its
/// line number and reason, and nothing is written unless every row is good (one transaction, rolled back on any error).
enum OrgImport {
    enum Kind: String {
        case units, posts, people
        /// The audit log's name for what is imported.
        var entity: String { switch self { case .units: return "unit"; case .posts: return "post"; case .people: return "person" } }
    }

    struct Column { let field: String; let label: Loc; let required: Bool }

    static func columns(_ kind: Kind) -> [Column] {
        switch kind {
        case .units: return [
            .init(field: "body", label: Loc("机构", "Body"), required: true), .init(field: "name", label: Loc("名称", "Name"), required: true),
            .init(field: "kind", label: Loc("类型", "Kind"), required: true), .init(field: "parentId", label: Loc("上级单位", "Parent"), required: false),
            .init(field: "isMainBusiness", label: Loc("主责主业", "Main business"), required: false), .init(field: "duties", label: Loc("职责", "Duties"), required: false),
        ]
        case .posts: return [
            .init(field: "body", label: Loc("机构", "Body"), required: false), .init(field: "unitId", label: Loc("单位", "Unit"), required: true),
            .init(field: "title", label: Loc("岗位名称", "Title"), required: true), .init(field: "tier", label: Loc("层级", "Tier"), required: true),
            .init(field: "headcount", label: Loc("编制", "Headcount"), required: true), .init(field: "duties", label: Loc("职责", "Duties"), required: false),
            .init(field: "requirements", label: Loc("任职要求", "Requirements"), required: false),
        ]
        case .people: return [
            .init(field: "name", label: Loc("姓名", "Name"), required: true), .init(field: "gender", label: Loc("性别", "Gender"), required: false),
            .init(field: "birthDate", label: Loc("出生日期", "Birth date"), required: false), .init(field: "phone", label: Loc("电话", "Phone"), required: false),
            .init(field: "residentId", label: Loc("身份证号", "Resident ID"), required: true), .init(field: "body", label: Loc("机构", "Body"), required: false),
            .init(field: "unitId", label: Loc("单位", "Unit"), required: false), .init(field: "postId", label: Loc("岗位", "Post"), required: false),
            .init(field: "formerIdentity", label: Loc("原身份", "Former identity"), required: false),
            .init(field: "formerEmployer", label: Loc("原单位", "Former employer"), required: false),
        ]
        }
    }

    static func example(_ kind: Kind) -> [String] {
        switch kind {
        case .units: return ["管委会", "产业促进部", "部门", "管委会领导班子", "是", "产业规划；产业政策研究"]
        case .posts: return ["管委会", "产业促进部", "产业研究岗", "工作人员", "2", "产业研究；政策起草", "本科及以上学历"]
        case .people: return ["张三", "男", "1990-01-01", "13800000000", "320111199001011234", "管委会", "产业促进部", "产业研究岗", "事业单位人员", "区发改委"]
        }
    }

    static func title(_ kind: Kind) -> Loc {
        switch kind {
        case .units: return Loc("导入组织机构", "Import units")
        case .posts: return Loc("导入岗位", "Import posts")
        case .people: return Loc("导入人员", "Import people")
        }
    }

    static func url(_ kind: Kind) -> SiteURL {
        switch kind { case .units: return .unitsImport; case .posts: return .postsImport; case .people: return .peopleImport }
    }

    static func back(_ kind: Kind) -> SiteURL {
        switch kind { case .units: return .units; case .posts: return .posts; case .people: return .people }
    }

    // MARK: pages

    static func form(_ req: Request, kind: Kind) async throws -> Response {
        let lang = req.lang
        if (try? req.query.get(String.self, at: "template")) != nil {
            return csvResponse(filename: lang.t("导入模板.csv", "import-template.csv"), header: columns(kind).map { lang.t($0.label) }, rows: [example(kind)])
        }
        return page(req, kind: kind, errors: [], message: nil)
    }

    static func page(_ req: Request, kind: Kind, errors: [(line: Int, message: String)], message: HNode?, status: HTTPResponseStatus = .ok) -> Response {
        let lang = req.lang
        let cols = columns(kind)
        let body: HNode = .group(
            message ?? .empty,
            errors.isEmpty ? .empty : .group(
                el("div", [("class", "alert alert-error"), ("role", "alert")],
                   txt(lang.t("共有 \(errors.count) 处问题，未导入任何数据。请修改后重新上传。", "\(errors.count) problems: nothing was imported. Correct the file and upload it again."))),
                el("table", [("class", "list import-errors")], [
                    el("thead", [], el("tr", [], el("th", [("class", "num")], txt(lang.t("行号", "Line"))), el("th", [], txt(lang.t("问题", "Problem"))))),
                    el("tbody", [], errors.map { e in el("tr", [], el("td", [("class", "num")], txt(String(e.line))), el("td", [], txt(e.message))) }),
                ])
            ),
            postForm(req, action: url(kind).path, multipart: true, class: "card", [
                el("p", [], txt(lang.t("CSV 文件第一行为表头，可用中文或英文列名：", "The first line is the header; Chinese or English column names: ")
                                + cols.map { lang.t($0.label) + ($0.required ? "*" : "") }.joined(separator: "、"))),
                el("p", [], link(url(kind).path + "?template=1", lang.t("下载导入模板", "Download a template"))),
                el("div", [("class", "field")], [
                    el("label", [("for", "f-file")], txt(lang.t("选择 CSV 文件（Excel 另存为“CSV UTF-8”）", "CSV file (in Excel: Save As “CSV UTF-8”)"))),
                    void("input", [("type", "file"), ("id", "f-file"), ("name", "file"), ("accept", ".csv,text/csv")]),
                ]),
                el("div", [("class", "field")], [
                    el("label", [("for", "f-text")], txt(lang.t("或直接粘贴 CSV 内容", "Or paste the CSV text"))),
                    el("textarea", [("id", "f-text"), ("name", "text"), ("rows", "6")]),
                ]),
                el("button", [("type", "submit")], txt(lang.t("检查并导入", "Check and import"))), txt(" "),
                link(back(kind), lang.t("返回", "Back")),
            ])
        )
        return Layout.render(request: req, title: lang.t(title(kind)), body: body, status: status)
    }

    struct Upload: Content {
        var file: File?
        var text: String?
    }

    static func run(_ req: Request, kind: Kind) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let lang = req.lang
        let upload = try req.content.decode(Upload.self)
        var text = upload.text ?? ""
        var source = lang.t("粘贴内容", "pasted text")
        if let f = upload.file, f.data.readableBytes > 0 {
            var data = f.data
            guard let s = data.readString(length: data.readableBytes), !s.contains("\u{FFFD}") || s.isEmpty else {
                return page(req, kind: kind, errors: [(0, lang.t("文件不是 UTF-8 编码。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”。", "The file is not UTF-8: in Excel choose “CSV UTF-8 (comma delimited)”."))], message: nil, status: .unprocessableEntity)
            }
            text = s
            source = f.filename
        }
        let result: Result<Int, ImportFailure>
        do {
            let count = try await importText(req.application, text: text, kind: kind, actor: actor, zone: zone, source: source, lang: lang)
            result = .success(count)
        } catch let f as ImportFailure {
            result = .failure(f)
        }
        switch result {
        case .success(let n):
            let msg = el("div", [("class", "alert alert-ok")], txt(lang.t("导入成功：共 \(n) 条记录。", "Imported \(n) records.")), txt(" "), link(back(kind), lang.t("查看列表", "See the list")))
            return page(req, kind: kind, errors: [], message: msg)
        case .failure(let f):
            return page(req, kind: kind, errors: f.rows, message: nil, status: .unprocessableEntity)
        }
    }

    struct ImportFailure: Error { let rows: [(line: Int, message: String)] }

    /// Checks and writes a whole CSV text in one transaction; throws `ImportFailure` listing every bad row, having written nothing.
    static func importText(_ app: Application, text: String, kind: Kind, actor: Actor, zone: UUID, source: String, lang: Lang) async throws -> Int {
        let rows: [(line: Int, fields: [String])]
        do { rows = try CSV.parse(text) } catch {
            switch error {
            case .empty: throw ImportFailure(rows: [(0, lang.t("文件为空", "The file is empty"))])
            case .unterminatedQuote(let line): throw ImportFailure(rows: [(line, lang.t("引号未闭合", "A quote is not closed"))])
            }
        }
        let cols = columns(kind)
        let header = rows[0].fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        var problems: [(line: Int, message: String)] = []
        for (i, h) in header.enumerated() {
            if let c = cols.first(where: { $0.label.zh == h || $0.label.en.lowercased() == h.lowercased() || $0.field.lowercased() == h.lowercased() }) { index[c.field] = i }
        }
        for c in cols where c.required && index[c.field] == nil {
            problems.append((rows[0].line, lang.t("缺少必需的列“\(c.label.zh)”", "Missing the required column “\(c.label.en)”")))
        }
        let dataRows = Array(rows.dropFirst())
        if dataRows.isEmpty { problems.append((rows[0].line, lang.t("表头之后没有数据行", "No data rows after the header"))) }
        if dataRows.count > 5000 { problems.append((rows[0].line, lang.t("一次最多导入 5000 行", "At most 5000 rows per import"))) }
        if !problems.isEmpty { throw ImportFailure(rows: problems) }
        let labels = Dictionary(uniqueKeysWithValues: cols.map { ($0.field, $0.label) })

        return try await Writes.perform(app, actor: actor) { db, trail in
            var failures: [(line: Int, message: String)] = []
            for row in dataRows {
                func v(_ field: String) -> String? {
                    guard let i = index[field] else { return nil }
                    return i < row.fields.count ? row.fields[i].trimmingCharacters(in: .whitespaces) : ""
                }
                do {
                    switch kind {
                    case .units:
                        var main: Bool? = nil
                        if let m = v("isMainBusiness") {
                            guard let b = parseBool(m) else { throw AppError.invalid("isMainBusiness", Loc("主责主业应填“是”或“否”", "Main business must be yes or no")) }
                            main = b
                        }
                        let input = UnitInput(body: v("body"), kind: v("kind"), name: v("name"), parentId: nil, parent: v("parentId") ?? "",
                                              isMainBusiness: main, duties: v("duties").map { Duties.parse($0) })
                        _ = try await OrgService.saveUnit(input, existing: nil, actor: actor, zone: zone, db: db, trail: trail)
                    case .posts:
                        let h = v("headcount") ?? ""
                        guard let n = Int(h) else { throw AppError.invalid("headcount", Loc("编制数须为整数", "Headcount must be a whole number")) }
                        let input = PostInput(body: v("body"), unitId: nil, unit: v("unitId"), title: v("title"), tier: v("tier"), headcount: n,
                                              duties: v("duties").map { Duties.parse($0) }, requirements: v("requirements"))
                        _ = try await OrgService.savePost(input, existing: nil, actor: actor, zone: zone, db: db, trail: trail)
                    case .people:
                        let input = PersonInput(body: v("body"), unitId: nil, unit: v("unitId"), postId: nil, post: v("postId"), name: v("name"),
                                                gender: v("gender"), birthDate: v("birthDate"), phone: v("phone") ?? "", residentId: v("residentId"),
                                                formerIdentity: v("formerIdentity"), formerEmployer: v("formerEmployer"))
                        _ = try await OrgService.savePerson(input, existing: nil, actor: actor, zone: zone, db: db, trail: trail)
                    }
                } catch let e as AppError {
                    let fields = e.fieldErrors.isEmpty ? [(e.field ?? "", e.message)] : e.fieldErrors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                    for (f, m) in fields {
                        let label = labels[f].map { lang.t($0) + "：" } ?? ""
                        failures.append((row.line, label + lang.t(m)))
                    }
                }
            }
            if !failures.isEmpty { throw ImportFailure(rows: failures) }
            trail.record("import", kind.entity, zone: zone, note: "\(dataRows.count) rows from \(source)")
            return dataRows.count
        }
    }
}
