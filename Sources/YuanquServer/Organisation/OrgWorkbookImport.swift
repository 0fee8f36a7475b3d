import Fluent
import Vapor
import YuanquKit

/// The organisation from one workbook, as a zone already keeps it: units, posts and people on three sheets (单位,
/// 岗位, 人员, or Units, Posts, People), imported in that order in one transaction through the same rules as the forms
/// (headcount caps, three tiers, duty overlaps, resident IDs). Every problem is named by sheet, row and column, and
/// nothing is written unless every row of every sheet is good. A sheet left out, or holding only its header, imports
/// nothing; other sheets (instructions) are passed over.
enum OrgWorkbookImport {
    struct Sheet: Sendable {
        let name: Loc
        let spec: ImportSpec
    }

    /// The sheets in the order they are imported: a post names its unit, a person their post.
    static let sheets = [
        Sheet(name: Loc("单位", "Units"), spec: OrgImport.units),
        Sheet(name: Loc("岗位", "Posts"), spec: OrgImport.posts),
        Sheet(name: Loc("人员", "People"), spec: OrgImport.people),
    ]

    /// One problem of the workbook: the sheet, the row (0: the sheet or the file as a whole), the column and what is wrong.
    struct Problem: Sendable, Equatable {
        let sheet: String
        let line: Int
        let column: String
        let message: String
    }

    struct Failure: Error { let problems: [Problem] }

    /// How many records each sheet imported, in import order.
    struct Imported: Sendable, Equatable {
        let sheet: String
        let count: Int
    }

    /// Reads, checks and writes the workbook's sheets; throws `Failure` naming every problem, having written nothing.
    static func run(
        _ app: Application,
        workbook: [(name: String, rows: WorkbookReader.Rows)],
        actor: Actor,
        zone: UUID,
        source: String,
        lang: Lang
    ) async throws -> [Imported] {
        var tables: [(name: String, table: CSVImport.Table)] = []
        var problems: [Problem] = []
        for sheet in sheets {
            let name = lang.t(sheet.name)
            guard let found = workbook.first(where: { matches($0.name, sheet.name) }), found.rows.count > 1 else { continue }
            do {
                tables.append((name, try CSVImport.Table(found.rows, spec: sheet.spec, lang: lang)))
            } catch let f as CSVImport.Failure {
                problems += f.rows.map { Problem(sheet: name, line: $0.line, column: "", message: $0.message) }
            }
        }
        if tables.isEmpty && problems.isEmpty {
            let names = sheets.map { lang.t($0.name) }.joined(separator: lang.t("、", ", "))
            problems.append(
                Problem(
                    sheet: "",
                    line: 0,
                    column: "",
                    message: lang.t(
                        "工作簿中没有可导入的工作表：应有名为 \(names) 的工作表，各有表头和数据行",
                        "The workbook has no sheet to import: name the sheets \(names), each with a header and data rows"
                    )
                )
            )
        }
        if !problems.isEmpty { throw Failure(problems: problems) }
        let found = tables
        return try await Writes.perform(app, actor: actor) { db, trail in
            var problems: [Problem] = []
            for (name, table) in found {
                for p in try await table.write(actor: actor, zone: zone, db: db, trail: trail) {
                    problems.append(
                        Problem(sheet: name, line: p.line, column: table.label(p).map { lang.t($0) } ?? "", message: lang.t(p.message))
                    )
                }
            }
            if !problems.isEmpty { throw Failure(problems: problems) }
            for (name, table) in found { table.record(on: trail, zone: zone, source: "\(source) (\(name))") }
            return found.map { Imported(sheet: $0.name, count: $0.table.rows.count) }
        }
    }

    /// A sheet's tab names one of ours in Chinese or English, whatever its case and spaces.
    static func matches(_ tab: String, _ name: Loc) -> Bool {
        let t = tab.trimmingCharacters(in: .whitespaces).lowercased()
        return t == name.zh || t == name.en.lowercased()
    }

    /// The template: the three sheets with their headers and a small organisation that imports as it is (a committee
    /// with its leadership, a department, the investment centre and a team; posts in each; one person a post).
    static func template(lang: Lang) -> [Workbook.Sheet] {
        let units = [
            ["管委会", "党工委管委会领导班子", "领导班子", "", "否", "把方向、谋大局、定政策、促改革"],
            ["管委会", "综合管理部", "部门", "党工委管委会领导班子", "否", "党建与党风廉政建设；人事与绩效考核组织"],
            ["管委会", "招商中心", "中心", "党工委管委会领导班子", "是", "招商引资；项目洽谈与签约"],
            ["管委会", "招商一组", "小组", "招商中心", "是", "集成电路产业招商"],
        ]
        let posts = [
            ["管委会", "党工委管委会领导班子", "管委会主任", "领导层", "1", "园区发展战略决策", ""],
            ["管委会", "综合管理部", "部长", "部门负责人", "1", "人事与绩效考核组织", "大学本科及以上学历，5 年以上相关工作经验"],
            ["管委会", "综合管理部", "人事专员岗", "工作人员", "2", "人事与绩效考核组织", "大学本科及以上学历"],
            ["管委会", "招商中心", "中心主任", "部门负责人", "1", "招商引资", "大学本科及以上学历，5 年以上相关工作经验"],
            ["管委会", "招商一组", "招商组员", "工作人员", "3", "集成电路产业招商", "大学本科及以上学历"],
        ]
        let people = [
            ("王伟", "男", "1975-03-12", "13800000001", "管委会", "党工委管委会领导班子", "管委会主任", "公务员", "浦口区发改委"),
            ("李娜", "女", "1982-07-01", "13800000002", "管委会", "综合管理部", "部长", "事业单位人员", "浦口区财政局"),
            ("张敏", "女", "1990-11-23", "13800000003", "管委会", "综合管理部", "人事专员岗", "合同制人员", ""),
            ("刘强", "男", "1980-05-08", "13800000004", "管委会", "招商中心", "中心主任", "国有企业人员", "区属国有企业"),
            ("陈杰", "男", "1993-09-17", "13800000005", "管委会", "招商一组", "招商组员", "社会招聘人员", ""),
        ]
        let peopleRows = people.enumerated().map { i, p in
            let birth = p.2.replacingOccurrences(of: "-", with: "")
            let order = String(format: "%03d", 101 + 2 * i + (p.1 == "男" ? 0 : 1))
            let first17 = "320111" + birth + order
            let id = first17 + String(ResidentID.checkCharacter(forFirst17: first17)!)
            return [p.0, p.1, p.2, p.3, id, p.4, p.5, p.6, p.7, p.8]
        }
        return zip(sheets, [units, posts, peopleRows]).map { sheet, rows in
            Workbook.Sheet(name: lang.t(sheet.name), header: sheet.spec.columns.map { lang.t($0.label) }, rows: rows)
        }
    }
}

/// The page: `GET /organisation/import` (the form; `?template=xlsx` the template), `POST` imports an upload.
enum OrgWorkbookPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("organisation", "import", permission: .importData, use: form)
        r.on(.POST, ["organisation", "import"], permission: .importData, body: .collect(maxSize: "8mb"), use: upload)
    }

    static func form(_ req: Request) async throws -> Response {
        if req.queryValue("template") != nil {
            let res = Response(status: .ok)
            res.headers.contentType = XLSXExports.contentType
            let name = req.lang.t("组织机构导入模板", "organisation-template") + ".xlsx"
            res.headers.replaceOrAdd(
                name: .contentDisposition,
                value: "attachment; filename=\"organisation.xlsx\"; filename*=UTF-8''\(name.urlComponentEncoded)"
            )
            res.body = .init(data: try XLSXExports.zip(Workbook.parts(OrgWorkbookImport.template(lang: req.lang))))
            return res
        }
        return page(req, problems: [], imported: nil)
    }

    static func upload(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let lang = req.lang
        let upload = try req.content.decode(CSVImport.Upload.self)
        guard let file = upload.file, file.data.readableBytes > 0 else {
            let message = lang.t("请选择要上传的 Excel 工作簿（.xlsx）", "Choose the Excel workbook (.xlsx) to upload")
            return page(req, problems: [.init(sheet: "", line: 0, column: "", message: message)], status: .unprocessableEntity)
        }
        let data = Data(buffer: file.data)
        let filename = file.filename
        do {
            guard XLSXImport.isWorkbook(data, filename: filename) else {
                throw CSVImport.Failure(rows: [
                    (
                        0,
                        lang.t(
                            "须为 Excel 工作簿（.xlsx），含“单位”“岗位”“人员”工作表；单张 CSV 文件请在各自的导入页上传",
                            "Upload an Excel workbook (.xlsx) with the sheets Units, Posts and People; a single CSV file goes to its own import page"
                        )
                    )
                ])
            }
            // Unzipping and reading a workbook of some megabytes takes a moment: not on the event loop.
            let workbook = try await req.application.threadPool.runIfActive { try XLSXImport.sheets(data, lang: lang) }
            let imported = try await OrgWorkbookImport.run(
                req.application,
                workbook: workbook,
                actor: actor,
                zone: zone,
                source: CSVImport.displayName(filename),
                lang: lang
            )
            return page(req, problems: [], imported: imported)
        } catch let f as CSVImport.Failure {
            let problems = f.rows.map { OrgWorkbookImport.Problem(sheet: "", line: $0.line, column: "", message: $0.message) }
            return page(req, problems: problems, status: .unprocessableEntity)
        } catch let f as OrgWorkbookImport.Failure {
            return page(req, problems: f.problems, status: .unprocessableEntity)
        }
    }

    static func page(
        _ req: Request,
        problems: [OrgWorkbookImport.Problem],
        imported: [OrgWorkbookImport.Imported]? = nil,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let lang = req.lang
        let model = OrgImportPage(
            sheets: OrgWorkbookImport.sheets.map { sheet in
                .init(name: lang.t(sheet.name), columns: sheet.spec.columns.map { lang.t($0.label) + ($0.required ? "*" : "") })
            },
            problems: problems,
            imported: imported
        )
        let title = lang.t("导入组织（工作簿）", "Import the organisation")
        return Layout.render(request: req, title: title, body: OrgImportView.view(model, req.view), status: status)
    }
}
