import XCTest

@testable import YuanquKit

final class WorkbookTests: XCTestCase {
    func testCellsAreTypedAsASpreadsheetReaderExpects() {
        XCTAssertEqual(Workbook.cell("2026-03-01"), .date(CalendarDate("2026-03-01")!))
        XCTAssertEqual(Workbook.cell("50000.00"), .number("50000.00"))
        XCTAssertEqual(Workbook.cell("-12.5"), .number("-12.5"))
        XCTAssertEqual(Workbook.cell("64"), .number("64"))
        XCTAssertEqual(Workbook.cell("0.5"), .number("0.5"))
        // Phone numbers, identity numbers and codes with a leading zero stay text.
        XCTAssertEqual(Workbook.cell("13912345678"), .text("13912345678"))
        XCTAssertEqual(Workbook.cell("110105194912310021"), .text("110105194912310021"))
        XCTAssertEqual(Workbook.cell("007"), .text("007"))
        XCTAssertEqual(Workbook.cell("1,234"), .text("1,234"))
        XCTAssertEqual(Workbook.cell("2026-13-01"), .text("2026-13-01"))
        XCTAssertEqual(Workbook.cell("是"), .text("是"))
    }

    func testWidthsSerialsAndTheSheet() {
        XCTAssertEqual(Workbook.width("工程"), 4)
        XCTAssertEqual(Workbook.width("SX-06"), 5)
        XCTAssertEqual(Workbook.serial(CalendarDate("1900-03-01")!), 61)
        XCTAssertEqual(Workbook.serial(CalendarDate("2026-03-01")!), 46082)
        XCTAssertEqual(Workbook.column(0), "A")
        XCTAssertEqual(Workbook.column(26), "AA")
        let parts = Workbook.parts(sheetName: "人员<表>", header: ["姓名", "金额"], rows: [["李 & 王", "12.5"]])
        XCTAssertEqual(parts.map(\.path).count, 6)
        let sheet = parts.first { $0.path == "xl/worksheets/sheet1.xml" }!.xml
        XCTAssertTrue(sheet.contains("state=\"frozen\""))
        XCTAssertTrue(sheet.contains("李 &amp; 王"))
        XCTAssertTrue(sheet.contains("<v>12.5</v>"))
        XCTAssertTrue(parts.first { $0.path == "xl/workbook.xml" }!.xml.contains("name=\"人员&lt;表&gt;\""))
    }

    func testSeveralTablesGoOnSheetsOfTheirOwn() {
        let parts = Workbook.parts([
            .init(name: "招商比拼", header: ["名次"], rows: [["1"]]),
            .init(name: "全区合计", header: ["签约项目"], rows: [["47"]]),
            .init(name: "全区合计", header: [], rows: []),
        ])
        XCTAssertEqual(parts.filter { $0.path.hasPrefix("xl/worksheets/") }.map(\.path), (1...3).map { "xl/worksheets/sheet\($0).xml" })
        let book = parts.first { $0.path == "xl/workbook.xml" }!.xml
        XCTAssertTrue(book.contains("name=\"招商比拼\" sheetId=\"1\" r:id=\"rId1\""))
        XCTAssertTrue(book.contains("name=\"全区合计 (3)\" sheetId=\"3\""), "sheet names are unique")
        let rels = parts.first { $0.path == "xl/_rels/workbook.xml.rels" }!.xml
        XCTAssertTrue(rels.contains("Id=\"rId4\"") && rels.contains("styles.xml"), "styles after the sheets")
        XCTAssertEqual(
            Workbook.sheetNames(["a/b", "", String(repeating: "长", count: 40)]),
            ["ab", "Sheet2", String(repeating: "长", count: 31)]
        )
    }
}
