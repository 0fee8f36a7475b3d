import Fluent
import XCTVapor
import YuanquKit
import ZIPFoundation

@testable import YuanquServer

/// Every import takes an Excel workbook as well as a CSV file. The workbooks are saved by LibreOffice Calc, not by
/// our code (see Fixtures/README.md for how each was made).
final class XLSXImportTests: XCTestCase {
    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    static func fixture(_ name: String) throws -> Data {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent(name)
        return try Data(contentsOf: url)
    }

    func testPeopleImportFromAWorkbookSavedByLibreOffice() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("hr")
            let form = try await b.get("/people/import")
            XCTAssertTrue(form.text.contains(".xlsx"), "[\(engine)] the form takes workbooks")
            let before = try await app.count(Person.self)
            let r = try await b.upload("/people/import", data: try Self.fixture("people.xlsx"), filename: "人员.xlsx", contentType: Self.xlsx)
            XCTAssertEqual(r.status, .ok, "[\(engine)] \(r.text)")
            XCTAssertTrue(r.text.contains("导入成功：共 3 条记录"), "[\(engine)] the first sheet only, not the notes sheet")
            let count = try await app.count(Person.self)
            XCTAssertEqual(count, before + 3)
            let foundPerson = try await Person.query(on: app.db).filter(\.$name == "欧阳晓岚").first()
            let person = try XCTUnwrap(foundPerson)
            XCTAssertEqual(person.birthDate, "1988-07-15", "[\(engine)] a date cell reads as a date")
            XCTAssertEqual(person.phone, "13912345678")
            XCTAssertEqual(person.residentID, "320111198807150428")
            XCTAssertEqual(person.gender, .female)
            let foundLandline = try await Person.query(on: app.db).filter(\.$name == "司马振华").first()
            let landline = try XCTUnwrap(foundLandline)
            XCTAssertEqual(landline.phone, "025-58712345")
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == "import").all()
            XCTAssertEqual(events.count, 1)
            XCTAssertTrue(events[0].note?.contains("人员.xlsx") == true, "[\(engine)] the audit log names the file")
        }
    }

    func testAmountsDatesAndFlagsFromWorkbooks() async throws {
        try await eachEngine { app, engine in
            // A bulk import reaches the whole zone: the zone admin's, not a unit head's.
            let admin = Browser(app)
            try await admin.login("admin")
            try await admin.get("/investment/import")
            let projects = try await admin.upload(
                "/investment/import",
                data: try Self.fixture("investment-projects.xlsx"),
                filename: "招商项目.xlsx",
                contentType: Self.xlsx
            )
            XCTAssertTrue(projects.text.contains("导入成功：共 4 条记录"), "[\(engine)] \(projects.text)")
            var amounts: [String: Int64] = [:]
            for p in try await InvestmentProject.query(on: app.db).all() { amounts[p.name] = p.amountFen }
            XCTAssertEqual(amounts["晶圆级封装测试基地"], Money.wan(200_000).fen)
            XCTAssertEqual(amounts["动力电池回收利用项目"], 12_500_500_000, "[\(engine)] 12500.5 万元")
            XCTAssertEqual(amounts["生物药中试平台"], 3_875_250_000)
            XCTAssertEqual(amounts["检测试剂研发中心"], 300_000, "[\(engine)] a formula's result, 0.1 + 0.2 万元")

            // Saved by LibreOffice with the "Calc Office Open XML" filter, 1904 date system, dates shown 2027年3月1日,
            // a rich-text project name, flags as 1 and 0.
            let engineer = Browser(app)
            try await engineer.login("engineer")
            try await engineer.get("/engineering/projects/import")
            let works = try await engineer.upload(
                "/engineering/projects/import",
                data: try Self.fixture("construction-projects.xlsx"),
                filename: "工程项目.xlsx",
                contentType: Self.xlsx
            )
            XCTAssertTrue(works.text.contains("导入成功：共 2 条记录"), "[\(engine)] \(works.text)")
            let foundPipe = try await ConstructionProject.query(on: app.db).filter(\.$code == "SX-201").first()
            let pipe = try XCTUnwrap(foundPipe)
            XCTAssertEqual(pipe.name, "桥林片区综合管廊（二期）")
            XCTAssertEqual(pipe.investmentFen, 86_000_750_000)
            XCTAssertEqual(pipe.budgetFundsFen, Money.wan(20_000).fen)
            XCTAssertTrue(pipe.isKey)
            XCTAssertEqual(pipe.startsOn, "2027-03-01", "[\(engine)] a 1904-system date reads as the same day")
            XCTAssertEqual(pipe.endsOn, "2028-12-31")
            let foundCentre = try await ConstructionProject.query(on: app.db).filter(\.$code == "SX-202").first()
            let centre = try XCTUnwrap(foundCentre)
            XCTAssertEqual(centre.name, "邻里中心 & 人才公寓")
            XCTAssertFalse(centre.isKey)
            XCTAssertEqual(centre.startsOn, "2027-01-04")
        }
    }

    func testABadRowIsNamedByItsSpreadsheetRowAndNothingIsWritten() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("hr")
            try await b.get("/people/import")
            let people = try await app.count(Person.self)
            let events = try await app.count(AuditEvent.self)
            let r = try await b.upload(
                "/people/import",
                data: try Self.fixture("people-bad-row.xlsx"),
                filename: "人员.xlsx",
                contentType: Self.xlsx
            )
            XCTAssertEqual(r.status, .unprocessableEntity, "[\(engine)]")
            XCTAssertTrue(r.text.contains("未导入任何数据"))
            // Row 4 of the sheet is empty: the bad rows are rows 5 and 7 of the sheet, not the 4th and 6th lines read.
            XCTAssertTrue(r.text.contains(">5</td>") && r.text.contains("校验位"), "[\(engine)] \(r.text)")
            XCTAssertTrue(r.text.contains(">7</td>") && r.text.contains("出生日期格式应为"), "[\(engine)] \(r.text)")
            XCTAssertFalse(
                r.text.contains(">4</td>") || r.text.contains(">6</td>") || r.text.contains(">2</td>"),
                "good rows are not listed"
            )
            let after = try await app.count(Person.self)
            XCTAssertEqual(after, people, "[\(engine)] nothing written")
            let eventsAfter = try await app.count(AuditEvent.self)
            XCTAssertEqual(eventsAfter, events)
        }
    }

    func testFilesThatAreNoWorkbookAreRefusedClearly() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("hr")
            try await b.get("/units/import")
            let units = try await app.count(OrgUnit.self)
            func refused(_ data: Data, _ filename: String, _ message: String) async throws {
                let r = try await b.upload("/units/import", data: data, filename: filename, contentType: "application/octet-stream")
                XCTAssertEqual(r.status, .unprocessableEntity, "[\(engine)] \(filename)")
                XCTAssertTrue(r.text.contains(message), "[\(engine)] \(filename): \(r.text)")
            }
            let book = try Self.fixture("people.xlsx")
            try await refused(book.prefix(book.count / 2), "cut.xlsx", "不是有效的 Excel 工作簿（.xlsx）：文件已损坏或不完整")
            try await refused(Data("姓名,身份证号\n".utf8), "renamed.xlsx", "不是有效的 Excel 工作簿（.xlsx）")
            let word = try XLSXExports.zip([("word/document.xml", "<w:document xmlns:w=\"urn:w\"/>")])
            try await refused(word, "letter.docx", "没有工作簿")
            let broken = try XLSXExports.zip(
                Workbook.parts(sheetName: "表", header: ["名称"], rows: [["甲"]]).map {
                    $0.path == "xl/worksheets/sheet1.xml" ? ($0.path, String($0.xml.dropLast(20))) : $0
                }
            )
            try await refused(broken, "broken.xlsx", "xl/worksheets/sheet1.xml 已损坏")
            let compound = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(repeating: 0, count: 504)
            try await refused(compound, "人员.xls", "旧版 Excel 文件（.xls）")
            let after = try await app.count(OrgUnit.self)
            XCTAssertEqual(after, units)
        }
    }

    /// The template comes as a workbook too; what it holds reads back as the columns and the example.
    func testTheTemplateComesAsAWorkbookToo() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("hr")
            let form = try await b.get("/people/import")
            XCTAssertTrue(form.text.contains("href=\"/people/import?template=xlsx\""), "[\(engine)]")
            let res = try await app.testable().sendRequest(
                .GET,
                "/people/import?template=xlsx",
                headers: ["cookie": b.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
            )
            XCTAssertEqual(res.status, .ok)
            XCTAssertEqual(res.headers.contentType?.subType, "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let rows = try XLSXImport.rows(Data(buffer: res.body), lang: .zh)
            XCTAssertEqual(rows.map(\.fields), [OrgImport.people.columns.map(\.label.zh), OrgImport.people.example])
        }
    }

    /// A part that unzips to more than the limit is refused as soon as the limit is passed, whatever its header says.
    func testAZipBombIsRefusedBeforeItFillsMemory() throws {
        let huge = String(repeating: " ", count: XLSXImport.maxPartSize + 1)
        let parts = Workbook.parts(sheetName: "表", header: ["名称"], rows: [["甲"]]).map {
            $0.path == "xl/worksheets/sheet1.xml" ? ($0.path, huge) : $0
        }
        let bomb = try XLSXExports.zip(parts)
        XCTAssertLessThan(bomb.count, 200_000, "it compresses to almost nothing")
        XCTAssertThrowsError(try XLSXImport.rows(bomb, lang: .zh)) { error in
            let failure = error as? CSVImport.Failure
            XCTAssertTrue(failure?.rows.first?.message.contains("解压后超过 50 MB") == true, "\(error)")
        }
        let ours = try XLSXExports.zip(Workbook.parts(sheetName: "表", header: ["名称", "金额"], rows: [["甲", "12.5"]]))
        XCTAssertEqual(try XLSXImport.rows(ours, lang: .zh).map(\.fields), [["名称", "金额"], ["甲", "12.5"]])
    }
}
