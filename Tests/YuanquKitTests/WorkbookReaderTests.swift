import XCTest

@testable import YuanquKit

final class WorkbookReaderTests: XCTestCase {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func workbook(_ sheets: String = "<sheet name=\"表\" sheetId=\"1\" r:id=\"rId1\"/>", properties: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\">\(properties)<sheets>\(sheets)</sheets></workbook>"
    }

    static func relationships(_ sheetTarget: String = "worksheets/sheet1.xml") -> String {
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"\(sheetTarget)\"/>"
            + "<Relationship Id=\"rId2\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
    }

    static func sheet(_ rows: String) -> String { "<worksheet xmlns=\"\(main)\"><sheetData>\(rows)</sheetData></worksheet>" }

    /// Reads a package given as its parts by path.
    static func read(_ parts: [String: String]) throws -> [(line: Int, fields: [String])] {
        try WorkbookReader.read { parts[$0] }
    }

    static func fields(_ rows: [(line: Int, fields: [String])]) -> [[String]] { rows.map(\.fields) }
    static func lines(_ rows: [(line: Int, fields: [String])]) -> [Int] { rows.map(\.line) }

    func testSharedRichAndInlineStringsReadAsTheirText() throws {
        let strings = """
            <sst xmlns="\(Self.main)" count="3"><si><t>姓名</t></si>\
            <si><r><rPr><b/></rPr><t>欧阳</t></r><r><t xml:space="preserve">晓岚 </t></r>\
            <rPh sb="0" eb="2"><t>オウヨウ</t></rPh><phoneticPr fontId="1"/></si>\
            <si><t>line_x000D_break</t></si><si/></sst>
            """
        let rows = try Self.read([
            "xl/workbook.xml": Self.workbook(),
            "xl/_rels/workbook.xml.rels": Self.relationships(),
            "xl/sharedStrings.xml": strings,
            "xl/worksheets/sheet1.xml": Self.sheet(
                """
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>\
                <row r="2"><c r="A2" t="inlineStr"><is><t>李 &amp; 王 &lt;&gt;&quot;&apos; &#x4E2D;&#25991;</t></is></c>\
                <c r="B2" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r></is></c>\
                <c r="C2" t="s"><v>2</v></c><c r="D2" t="str"><f>A1&amp;""</f><v>公式结果</v></c>\
                <c r="E2" t="s"><v>3</v></c><c r="F2" t="inlineStr"><is><t><![CDATA[<b>原样</b>]]></t></is></c></row>
                """
            ),
        ])
        XCTAssertEqual(Self.fields(rows), [["姓名", "欧阳晓岚 "], ["李 & 王 <>\"' 中文", "富文本", "line\rbreak", "公式结果", "", "<b>原样</b>"]])
        XCTAssertEqual(Self.lines(rows), [1, 2])
    }

    func testGapsEmptyRowsAndCellsWithoutReferences() throws {
        let sheet = Self.sheet(
            """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="C1"><v>3</v></c><c r="E1" s="0"/></row>\
            <row r="2"/><row r="3"><c r="B3"/><c r="C3" t="inlineStr"><is><t></t></is></c></row>\
            <row r="5"><c r="B5"><v>7</v></c></row><row><c><v>1</v></c><c><v>2</v></c><c r="E7"><v>5</v></c><c><v>6</v></c></row>
            """
        )
        let rows = try WorkbookReader.rows(sheet: sheet)
        XCTAssertEqual(Self.fields(rows), [["a", "", "3"], ["", "7"], ["1", "2", "", "", "5", "6"]])
        XCTAssertEqual(Self.lines(rows), [1, 5, 6], "row numbers as the spreadsheet shows them; a row without r follows the last")
    }

    func testNumbersReadAsExcelShowsThem() {
        XCTAssertEqual(WorkbookReader.numberText("0.30000000000000004"), "0.3")
        XCTAssertEqual(WorkbookReader.numberText("45000"), "45000")
        XCTAssertEqual(WorkbookReader.numberText("3.0"), "3")
        XCTAssertEqual(WorkbookReader.numberText("12500.5"), "12500.5")
        XCTAssertEqual(WorkbookReader.numberText("1.2E-3"), "0.0012")
        XCTAssertEqual(WorkbookReader.numberText("-86000.75"), "-86000.75")
        XCTAssertEqual(WorkbookReader.numberText("13800000000"), "13800000000")
        XCTAssertEqual(WorkbookReader.numberText("1E+20"), "100000000000000000000")
        XCTAssertEqual(WorkbookReader.numberText("2.675000000000001"), "2.675")
        XCTAssertEqual(WorkbookReader.numberText("-0"), "0")
        XCTAssertEqual(WorkbookReader.numberText("320111199001011234"), "320111199001011000", "an 18-digit number keeps Excel's 15 digits")
    }

    func testDateCellsReadAsDatesInEitherDateSystem() throws {
        let styles = """
            <styleSheet xmlns="\(Self.main)"><numFmts count="3"><numFmt numFmtId="164" formatCode="General"/>\
            <numFmt numFmtId="165" formatCode="yyyy\\年m\\月d\\日"/><numFmt numFmtId="166" formatCode="&quot;第&quot;0&quot;期&quot;"/>\
            </numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
            <cellXfs count="7"><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="166"/>\
            <xf numFmtId="22"/><xf numFmtId="20"/><xf numFmtId="4"/></cellXfs></styleSheet>
            """
        XCTAssertEqual(try WorkbookReader.formats(styles), [.number, .date, .date, .number, .date, .time, .number])
        let cells = """
            <row r="1"><c r="A1"><v>46082</v></c><c r="B1" s="1"><v>46082</v></c><c r="C1" s="2"><v>32339</v></c>\
            <c r="D1" s="3"><v>12</v></c><c r="E1" s="4"><v>46082.75</v></c><c r="F1" s="5"><v>0.5625</v></c>\
            <c r="G1" s="6"><v>1234.5</v></c><c r="H1" t="d"><v>2026-03-01T00:00:00</v></c><c r="I1" s="1"><v>59</v></c></row>
            """
        let formats = try WorkbookReader.formats(styles)
        let rows = try WorkbookReader.rows(sheet: Self.sheet(cells), formats: formats)
        XCTAssertEqual(
            Self.fields(rows),
            [["46082", "2026-03-01", "1988-07-15", "12", "2026-03-01", "13:30", "1234.5", "2026-03-01", "1900-02-28"]]
        )
        let mac = try WorkbookReader.rows(sheet: Self.sheet(cells), formats: formats, date1904: true)
        XCTAssertEqual(mac[0].fields[1], "2030-03-02", "the 1904 system counts 1462 days fewer")
        // The layout says which date system the workbook uses.
        let layout = try WorkbookReader.layout(
            workbook: Self.workbook(properties: "<workbookPr date1904=\"true\"/>"),
            relationships: Self.relationships()
        )
        XCTAssertTrue(layout.date1904)
        XCTAssertEqual(WorkbookReader.format(code: "[$-804]yyyy\"年\"m\"月\"d\"日\";@"), .date)
        XCTAssertEqual(WorkbookReader.format(code: "mm:ss"), .time)
        XCTAssertEqual(WorkbookReader.format(code: "[Red]#,##0.00\" days\""), .number)
        XCTAssertEqual(WorkbookReader.format(code: "0.00E+00"), .number)
    }

    func testTheFirstSheetInWorkbookOrderWithPrefixedNamesAndAbsoluteTargets() throws {
        let workbook = """
            <?xml version="1.0" encoding="UTF-8"?><!-- saved by another program -->
            <x:workbook xmlns:x="\(Self.main)" xmlns:r="\(Self.rel)"><x:sheets>\
            <x:sheet name="人员" sheetId="2" r:id="rId9"/><x:sheet name="说明" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>
            """
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(Self.rel)/worksheet" Target="/xl/worksheets/sheet1.xml"/>\
            <Relationship Id="rId9" Type="\(Self.rel)/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>
            """
        let rows = try Self.read([
            "_rels/.rels":
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
                + "Type=\"\(Self.rel)/officeDocument\" Target=\"/xl/workbook.xml\"/></Relationships>",
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": rels,
            "xl/worksheets/sheet1.xml": Self.sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>说明</t></is></c></row>"),
            "xl/worksheets/sheet2.xml": """
            <x:worksheet xmlns:x="\(Self.main)"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c>\
            </x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t> 林雨萱 </x:t></x:is></x:c><x:c r="B2" t="b"><x:v>1</x:v></x:c>\
            <x:c r="C2" t="e"><x:v>#N/A</x:v></x:c></x:row></x:sheetData></x:worksheet>
            """,
        ])
        XCTAssertEqual(Self.fields(rows), [["姓名"], ["林雨萱", "TRUE", "#N/A"]], "text not marked preserve is trimmed")
        XCTAssertEqual(WorkbookReader.resolve("../xl/./worksheets/sheet3.xml", base: "xl/"), "xl/worksheets/sheet3.xml")
    }

    func testWhatIsNotAWorkbookIsNamed() {
        func problem(_ parts: [String: String]) -> WorkbookReader.Problem? {
            do {
                _ = try Self.read(parts)
                return nil
            } catch {
                return error as? WorkbookReader.Problem
            }
        }
        XCTAssertEqual(problem(["word/document.xml": "<w:document/>"]), .notAWorkbook)
        XCTAssertEqual(problem(["xl/workbook.xml": "<document/>", "xl/_rels/workbook.xml.rels": Self.relationships()]), .notAWorkbook)
        let noSheets = ["xl/workbook.xml": Self.workbook(""), "xl/_rels/workbook.xml.rels": Self.relationships()]
        XCTAssertEqual(problem(noSheets), .noSheet)
        let missingSheet = ["xl/workbook.xml": Self.workbook(), "xl/_rels/workbook.xml.rels": Self.relationships()]
        XCTAssertEqual(problem(missingSheet), .noSheet)
        func bad(_ sheet: String) -> String? {
            var parts = missingSheet
            parts["xl/worksheets/sheet1.xml"] = sheet
            guard case .badXML(let part, let reason) = problem(parts) else { return nil }
            XCTAssertEqual(part, "xl/worksheets/sheet1.xml")
            return reason
        }
        XCTAssertNotNil(bad(Self.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></row>")), "mismatched end tag")
        XCTAssertNotNil(bad("<worksheet><sheetData><row r=\"1\">"), "cut short")
        XCTAssertNotNil(bad(Self.sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>")), "unknown entity")
        XCTAssertNotNil(bad(Self.sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>4</v></c></row>")), "no such shared string")
        XCTAssertNotNil(bad(Self.sheet("<row r=\"x\"/>")), "a row number that is none")
        XCTAssertNotNil(bad(Self.sheet("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>")), "a cell reference that is none")
        XCTAssertNotNil(bad("PK\u{3}\u{4}binary"), "not XML at all")
        XCTAssertNotNil(bad(""), "empty")
        XCTAssertNotNil(bad(Self.sheet("<row r=\"1\" a=b/>")), "unquoted attribute")
        XCTAssertNotNil(bad(Self.sheet("") + "<second/>"), "two roots")
    }

    func testLimitsOnRowsAndColumns() {
        let sheet = Self.sheet((1...4).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined())
        XCTAssertEqual(try WorkbookReader.rows(sheet: sheet, maxRows: 4).count, 4)
        XCTAssertThrowsError(try WorkbookReader.rows(sheet: sheet, maxRows: 3)) {
            XCTAssertEqual($0 as? WorkbookReader.Problem, .tooManyRows(limit: 3))
        }
        let wide = Self.sheet("<row r=\"9\"><c r=\"XFD9\"><v>1</v></c><c r=\"IW9\" s=\"1\"/></row>")
        XCTAssertThrowsError(try WorkbookReader.rows(sheet: wide, maxColumns: 256)) {
            XCTAssertEqual($0 as? WorkbookReader.Problem, .tooManyColumns(line: 9, limit: 256))
        }
        let emptyFar = Self.sheet("<row r=\"9\"><c r=\"A9\"><v>1</v></c><c r=\"XFD9\" s=\"1\"/></row>")
        XCTAssertEqual(
            Self.fields(try WorkbookReader.rows(sheet: emptyFar, maxColumns: 256)),
            [["1"]],
            "an empty formatted cell costs nothing"
        )
        XCTAssertEqual(WorkbookReader.columnIndex("XFD1"), 16383)
        XCTAssertNil(WorkbookReader.columnIndex("XFE1"))
        XCTAssertEqual(WorkbookReader.columnIndex("ab12"), 27)
    }

    /// What our own writer writes reads back as it was given.
    func testOurWorkbooksReadBack() throws {
        let header = ["姓名", "金额", "日期", "电话", "备注"]
        let rows = [
            ["李 & 王", "12.5", "2026-03-01", "13912345678", "<第一行>\n第二行"],
            ["欧阳晓岚", "50000", "1988-07-15", "025-58712345", ""],
            ["", "-0.25", "", "", "是"],
        ]
        let parts = Dictionary(uniqueKeysWithValues: Workbook.parts(sheetName: "人员", header: header, rows: rows).map { ($0.path, $0.xml) })
        let read = try Self.read(parts)
        XCTAssertEqual(Self.fields(read), [header] + rows.map { r in Array(r.reversed().drop { $0.isEmpty }.reversed()) })
        XCTAssertEqual(Self.lines(read), [1, 2, 3, 4])
    }
}
