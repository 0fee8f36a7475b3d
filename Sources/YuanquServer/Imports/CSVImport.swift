import Fluent
import FluentSQL
import Vapor
import YuanquKit

struct ImportColumn {
    let field: String
    let label: Loc
    let required: Bool
}

/// One spreadsheet import: its columns, its pages, and how its rows are checked and written through the write path.
struct ImportSpec: Sendable {
    /// Checks and writes one row; throws `AppError` for a bad one. `value(field)` is the row's cell for a column, trimmed.
    typealias RowWriter =
        @Sendable (_ value: @escaping (String) -> String?, _ actor: Actor, _ zone: UUID, _ db: Database, _ trail: AuditTrail) async throws
        -> Void
    /// Checks every row against what it loads once, and writes them all only if every row is good; answers the bad
    /// rows' problems (large imports: 100,000 enterprises in seconds, not a few queries a row).
    typealias BatchWriter =
        @Sendable (_ rows: [ImportRow], _ actor: Actor, _ zone: UUID, _ db: Database, _ trail: AuditTrail) async throws -> [ImportProblem]

    enum Writer {
        case eachRow(RowWriter)
        case batch(BatchWriter)
    }

    let title: Loc
    /// The import page (GET shows the form, POST imports; `?template=1` downloads a template, `?template=xlsx` as a workbook).
    let action: SiteURL
    /// Where the imported records are listed.
    let back: SiteURL
    let columns: [ImportColumn]
    let example: [String]
    /// The audit log's name for what is imported.
    let entity: String
    let write: Writer

    /// The data rows one file may hold: 5,000 written row by row, 100,000 written as a batch.
    var maxRows: Int {
        switch write {
        case .eachRow: return 5_000
        case .batch: return 100_000
        }
    }
}

extension ImportSpec {
    /// An import whose rows are checked and written one by one.
    init(
        title: Loc,
        action: SiteURL,
        back: SiteURL,
        columns: [ImportColumn],
        example: [String],
        entity: String,
        row: @escaping RowWriter
    ) {
        self.init(title: title, action: action, back: back, columns: columns, example: example, entity: entity, write: .eachRow(row))
    }
}

/// One data row of an import: its line (a workbook's row number) and its cells by column field.
struct ImportRow: Sendable {
    let line: Int
    let fields: [String]
    let columns: [String: Int]

    /// The row's cell for a column, trimmed; nil when the file has no such column.
    func value(_ field: String) -> String? {
        guard let i = columns[field] else { return nil }
        return i < fields.count ? fields[i].trimmed() : ""
    }
}

/// What is wrong with one row of an import.
struct ImportProblem: Sendable {
    let line: Int
    let field: String
    let message: Loc

    /// A refusal's problems, each field's on its own (a form's refusal may name several).
    static func of(_ e: AppError, line: Int) -> [ImportProblem] {
        if e.fieldErrors.isEmpty { return [ImportProblem(line: line, field: e.field ?? "", message: e.message)] }
        return e.fieldErrors.sorted { $0.key < $1.key }.map { ImportProblem(line: line, field: $0.key, message: $0.value) }
    }
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
        if let kind = req.queryValue("template") {
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
                source = displayName(filename)
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
            // The line of the first byte that is not UTF-8, so that the office finds it.
            var line = 0
            if let bad = firstInvalidUTF8(data) { line = data.prefix(bad).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } }
            throw Failure(rows: [
                (
                    line,
                    lang.t(
                        "文件不是 UTF-8 编码。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“Excel 工作簿（.xlsx）”。",
                        "The file is not UTF-8: in Excel choose “CSV UTF-8 (comma delimited)” or “Excel Workbook (.xlsx)”."
                    )
                )
            ])
        }
        return try parse(text: text, lang: lang)
    }

    /// An uploaded file's name as the audit log keeps it: without folders (`../../x.csv`, `C:\\x\\y.csv` → the last
    /// part) or control characters (a NUL no database keeps), at most 200 characters. Nothing is ever written by it.
    static func displayName(_ filename: String) -> String {
        let base = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var clean = String.UnicodeScalarView()
        clean.append(contentsOf: base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) })
        return String(String(clean).prefix(200))
    }

    /// The offset of the first byte of `data` that does not belong to valid UTF-8, if any.
    static func firstInvalidUTF8(_ data: Data) -> Int? {
        var decoder = UTF8()
        var bytes = data.makeIterator()
        var offset = 0
        var consumed = 0
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar):
                consumed += String(scalar).utf8.count
                offset = consumed
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The rows of a CSV text; throws `Failure` for an empty text, an unclosed quote, or NUL characters (naming
    /// each line that holds one: no database keeps them in text).
    static func parse(text: String, lang: Lang) throws -> [(line: Int, fields: [String])] {
        if text.utf8.contains(0) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().filter { $0.element.utf8.contains(0) }
            throw Failure(
                rows: lines.prefix(100).map {
                    ($0.offset + 1, lang.t("此行含有空字符（NUL），无法导入", "This line contains a NUL character, which cannot be imported"))
                }
            )
        }
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
        let table = try Table(rows, spec: spec, lang: lang)
        return try await Writes.perform(app, actor: actor) { db, trail in
            let failures = try await table.write(actor: actor, zone: zone, db: db, trail: trail)
            if !failures.isEmpty {
                throw Failure(rows: failures.map { p in (p.line, table.describe(p, lang: lang)) })
            }
            table.record(on: trail, zone: zone, source: source)
            return table.rows.count
        }
    }

    /// A file's data rows, read by their header into an import's columns.
    struct Table: Sendable {
        let spec: ImportSpec
        let rows: [ImportRow]

        /// Reads the header (Chinese or English column names, or the fields' names); throws `Failure` for a missing
        /// required column, no data rows, or more rows than the import takes.
        init(_ rows: [(line: Int, fields: [String])], spec: ImportSpec, lang: Lang) throws {
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
            let columnIndex = index
            let dataRows = rows.dropFirst().map { ImportRow(line: $0.line, fields: $0.fields, columns: columnIndex) }
            if dataRows.isEmpty { problems.append((rows[0].line, lang.t("表头之后没有数据行", "No data rows after the header"))) }
            if dataRows.count > spec.maxRows {
                problems.append((rows[0].line, lang.t("一次最多导入 \(spec.maxRows) 行", "At most \(spec.maxRows) rows per import")))
            }
            if !problems.isEmpty { throw Failure(rows: problems) }
            self.spec = spec
            self.rows = dataRows
        }

        /// Checks and writes every row inside the caller's transaction; answers the bad rows' problems (then the caller
        /// throws, and nothing stays written).
        func write(actor: Actor, zone: UUID, db: Database, trail: AuditTrail) async throws -> [ImportProblem] {
            var failures: [ImportProblem] = []
            switch spec.write {
            case .eachRow(let write):
                for row in rows {
                    do {
                        try await write(row.value, actor, zone, db, trail)
                    } catch let e as AppError {
                        failures += ImportProblem.of(e, line: row.line)
                    }
                }
            case .batch(let write):
                if let sql = db as? SQLDatabase, sql.dialect.name == "sqlite" {
                    // Room for a large file's rows, index entries and audit events until the commit (64 MB, not 2 MB):
                    // else SQLite spills pages to the log halfway through. The connection keeps it; pages are cached
                    // only as they are used.
                    try await sql.raw("PRAGMA cache_size=-65536").run()
                }
                failures = try await write(rows, actor, zone, db, trail)
            }
            return failures
        }

        /// The column a problem is about, in words.
        func label(_ p: ImportProblem) -> Loc? { spec.columns.first { $0.field == p.field }?.label }

        /// A problem as one line: its column's name, then what is wrong.
        func describe(_ p: ImportProblem, lang: Lang) -> String {
            (label(p).map { lang.t($0) + lang.t("：", ": ") } ?? "") + lang.t(p.message)
        }

        /// The import's audit event.
        func record(on trail: AuditTrail, zone: UUID, source: String) {
            trail.record("import", spec.entity, zone: zone, note: "\(rows.count) rows from \(source)")
        }
    }
}
