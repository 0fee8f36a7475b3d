import Fluent
import Vapor
import YuanquKit

struct ImportColumn {
    let field: String
    let label: Loc
    let required: Bool
}

/// One spreadsheet import: its columns, its pages, and what one row does through the write path.
struct ImportSpec: Sendable {
    let title: Loc
    /// The import page (GET shows the form, POST imports; `?template=1` downloads a template, `?template=xlsx` as a workbook).
    let action: SiteURL
    /// Where the imported records are listed.
    let back: SiteURL
    let columns: [ImportColumn]
    let example: [String]
    /// The audit log's name for what is imported.
    let entity: String
    /// Checks and writes one row; throws `AppError` for a bad one. `value(field)` is the row's cell for a column, trimmed.
    let row:
        @Sendable (_ value: @escaping (String) -> String?, _ actor: Actor, _ zone: UUID, _ db: Database, _ trail: AuditTrail) async throws
            -> Void
}

/// Imports from the CSV files and Excel workbooks (.xlsx, see `XLSXImport`) offices keep: every row is checked first,
/// each bad row is listed with its line number and reason, and nothing is written unless every row is good (one
/// transaction, rolled back on any error).
enum CSVImport {
    struct Failure: Error { let rows: [(line: Int, message: String)] }
    struct Upload: Content {
        var file: File?
        var text: String?
    }

    static func form(_ req: Request, _ spec: ImportSpec) async throws -> Response {
        let lang = req.lang
        // `?template=1` gives the template as CSV, `?template=xlsx` as an Excel workbook.
        if let kind = try? req.query.get(String.self, at: "template") {
            let csv = csvResponse(
                filename: lang.t(spec.title) + ".csv",
                header: spec.columns.map { lang.t($0.label) },
                rows: [spec.example]
            )
            return kind == "xlsx" ? try XLSXExports.workbook(from: csv) : csv
        }
        return page(req, spec, errors: [])
    }

    static func page(
        _ req: Request,
        _ spec: ImportSpec,
        errors: [(line: Int, message: String)],
        imported: Int? = nil,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let lang = req.lang
        let model = ImportPage(
            action: spec.action,
            back: spec.back,
            columns: spec.columns.map { lang.t($0.label) + ($0.required ? "*" : "") },
            errors: errors,
            imported: imported
        )
        return Layout.render(request: req, title: lang.t(spec.title), body: ImportView.view(model, req.view), status: status)
    }

    static func run(_ req: Request, _ spec: ImportSpec) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let lang = req.lang
        let upload = try req.content.decode(Upload.self)
        do {
            let rows: [(line: Int, fields: [String])]
            var source = lang.t("粘贴内容", "pasted text")
            if let f = upload.file, f.data.readableBytes > 0 {
                let data = Data(buffer: f.data)
                let filename = f.filename
                // Unzipping and reading a workbook of some megabytes takes a moment: not on the event loop.
                rows = try await req.application.threadPool.runIfActive { try parse(file: data, filename: filename, lang: lang) }
                source = filename
            } else {
                rows = try parse(text: upload.text ?? "", lang: lang)
            }
            let n = try await importRows(req.application, rows: rows, spec: spec, actor: actor, zone: zone, source: source, lang: lang)
            return page(req, spec, errors: [], imported: n)
        } catch let f as Failure {
            return page(req, spec, errors: f.rows, status: .unprocessableEntity)
        }
    }

    /// The rows of an uploaded file: an Excel workbook (.xlsx) or a CSV file in UTF-8; throws `Failure` naming what
    /// is wrong with it.
    static func parse(file data: Data, filename: String, lang: Lang) throws -> [(line: Int, fields: [String])] {
        if XLSXImport.isWorkbook(data, filename: filename) { return try XLSXImport.rows(data, lang: lang) }
        if XLSXImport.isOldExcel(data, filename: filename) {
            throw Failure(rows: [
                (
                    0,
                    lang.t(
                        "这是旧版 Excel 文件（.xls）或设有打开密码的工作簿。请在 Excel 或 WPS 中另存为“Excel 工作簿（.xlsx）”（不设密码）或“CSV UTF-8（逗号分隔）”后再上传。",
                        "This is an old Excel file (.xls) or a workbook with a password: in Excel or WPS save it as “Excel Workbook (.xlsx)” (without a password) or “CSV UTF-8 (comma delimited)”."
                    )
                )
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure(rows: [
                (
                    0,
                    lang.t(
                        "文件不是 UTF-8 编码。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“Excel 工作簿（.xlsx）”。",
                        "The file is not UTF-8: in Excel choose “CSV UTF-8 (comma delimited)” or “Excel Workbook (.xlsx)”."
                    )
                )
            ])
        }
        return try parse(text: text, lang: lang)
    }

    /// The rows of a CSV text; throws `Failure` for an empty text or an unclosed quote.
    static func parse(text: String, lang: Lang) throws -> [(line: Int, fields: [String])] {
        do {
            return try CSV.parse(text)
        } catch {
            switch error {
            case .empty: throw Failure(rows: [(0, lang.t("文件为空", "The file is empty"))])
            case .unterminatedQuote(let line): throw Failure(rows: [(line, lang.t("引号未闭合", "A quote is not closed"))])
            }
        }
    }

    /// Checks and writes rows (a header row first) from a CSV file or a workbook in one transaction; throws `Failure`
    /// listing every bad row by its line (a workbook's row number), having written nothing.
    static func importRows(
        _ app: Application,
        rows: [(line: Int, fields: [String])],
        spec: ImportSpec,
        actor: Actor,
        zone: UUID,
        source: String,
        lang: Lang
    ) async throws -> Int {
        guard !rows.isEmpty else { throw Failure(rows: [(0, lang.t("文件为空", "The file is empty"))]) }
        let header = rows[0].fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        var problems: [(line: Int, message: String)] = []
        for (i, h) in header.enumerated() {
            if let c = spec.columns.first(where: {
                $0.label.zh == h || $0.label.en.lowercased() == h.lowercased() || $0.field.lowercased() == h.lowercased()
            }) {
                index[c.field] = i
            }
        }
        for c in spec.columns where c.required && index[c.field] == nil {
            problems.append((rows[0].line, lang.t("缺少必需的列“\(c.label.zh)”", "Missing the required column “\(c.label.en)”")))
        }
        let dataRows = Array(rows.dropFirst())
        if dataRows.isEmpty { problems.append((rows[0].line, lang.t("表头之后没有数据行", "No data rows after the header"))) }
        if dataRows.count > 5000 { problems.append((rows[0].line, lang.t("一次最多导入 5000 行", "At most 5000 rows per import"))) }
        if !problems.isEmpty { throw Failure(rows: problems) }
        let labels = Dictionary(uniqueKeysWithValues: spec.columns.map { ($0.field, $0.label) })
        let columnIndex = index

        return try await Writes.perform(app, actor: actor) { db, trail in
            var failures: [(line: Int, message: String)] = []
            for row in dataRows {
                let value: (String) -> String? = { field in
                    guard let i = columnIndex[field] else { return nil }
                    return i < row.fields.count ? row.fields[i].trimmingCharacters(in: .whitespaces) : ""
                }
                do {
                    try await spec.row(value, actor, zone, db, trail)
                } catch let e as AppError {
                    let fields =
                        e.fieldErrors.isEmpty
                        ? [(e.field ?? "", e.message)] : e.fieldErrors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                    for (f, m) in fields {
                        failures.append((row.line, (labels[f].map { lang.t($0) + lang.t("：", ": ") } ?? "") + lang.t(m)))
                    }
                }
            }
            if !failures.isEmpty { throw Failure(rows: failures) }
            trail.record("import", spec.entity, zone: zone, note: "\(dataRows.count) rows from \(source)")
            return dataRows.count
        }
    }
}
