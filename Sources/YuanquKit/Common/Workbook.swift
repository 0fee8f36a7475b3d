import Foundation

/// An Excel workbook (.xlsx, Office Open XML SpreadsheetML), one sheet a table: typed number and date cells, a bold
/// header row frozen at the top, and column widths that fit Chinese text. The parts are plain XML; zipping them is the
/// server's.
public enum Workbook {
    public enum Cell: Equatable, Sendable {
        case text(String)
        /// A number as written, e.g. "12.50".
        case number(String)
        case date(CalendarDate)
    }

    /// How a spreadsheet reader expects a value: dates (YYYY-MM-DD) as dates; amounts and counts as numbers; codes,
    /// phone numbers and identity numbers (leading zero, ten digits or more without a decimal point) as text.
    public static func cell(_ value: String) -> Cell {
        if value.count == 10, let d = CalendarDate(value) { return .date(d) }
        var s = Substring(value)
        if s.first == "-" { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard !s.isEmpty, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return .text(value) }
        let whole = parts[0]
        if whole.count > 1 && whole.first == "0" { return .text(value) }
        if parts.count == 1 && whole.count >= 10 { return .text(value) }
        if whole.count > 15 { return .text(value) }
        return .number(value)
    }

    /// Display width in Excel's character units: a CJK character counts two.
    public static func width(_ value: String) -> Int {
        value.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) }
    }

    /// Excel's serial day number (1900 system): days since 1899-12-30.
    public static func serial(_ d: CalendarDate) -> Int { d.dayNumber - CalendarDate(year: 1899, month: 12, day: 30)!.dayNumber }

    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                // Characters XML 1.0 does not allow are left out.
                if u.value >= 0x20 && !(0xFFFE...0xFFFF).contains(u.value) { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// A column's letters: 0 is A, 26 is AA.
    public static func column(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(65 + r)!) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func sheet(header: [String], rows: [[String]]) -> String {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        var widths = [Int](repeating: 8, count: columns)
        for row in [header] + rows {
            for (i, v) in row.enumerated() { widths[i] = min(60, max(widths[i], width(v) + 2)) }
        }
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            </sheetView></sheetViews><cols>
            """
        for (i, w) in widths.enumerated() { xml += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>" }
        xml += "</cols><sheetData>"
        xml += "<row r=\"1\">"
        for (i, h) in header.enumerated() {
            xml += "<c r=\"\(column(i))1\" t=\"inlineStr\" s=\"1\"><is><t xml:space=\"preserve\">\(escape(h))</t></is></c>"
        }
        xml += "</row>"
        for (r, row) in rows.enumerated() {
            let n = r + 2
            xml += "<row r=\"\(n)\">"
            for (i, v) in row.enumerated() where !v.isEmpty {
                let ref = "\(column(i))\(n)"
                switch cell(v) {
                case .number(let s): xml += "<c r=\"\(ref)\"><v>\(s)</v></c>"
                case .date(let d): xml += "<c r=\"\(ref)\" s=\"2\"><v>\(serial(d))</v></c>"
                case .text(let s): xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(s))</t></is></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// One table of a workbook, on a sheet of its own.
    public struct Sheet: Equatable, Sendable {
        public let name: String
        public let header: [String]
        public let rows: [[String]]

        public init(name: String, header: [String], rows: [[String]]) {
            self.name = name
            self.header = header
            self.rows = rows
        }
    }

    /// The workbook's parts of one table, by their path inside the package.
    public static func parts(sheetName: String, header: [String], rows: [[String]]) -> [(path: String, xml: String)] {
        parts([Sheet(name: sheetName, header: header, rows: rows)])
    }

    /// A sheet name as Excel allows it: without `[]:*?/\`, at most 31 characters, not empty, unique in the workbook.
    static func sheetNames(_ names: [String]) -> [String] {
        var used: Set<String> = []
        return names.enumerated().map { i, n in
            let cleaned = String(n.filter { !"[]:*?/\\".contains($0) }.prefix(31))
            var name = cleaned.isEmpty ? "Sheet\(i + 1)" : cleaned
            if used.contains(name) { name = String(name.prefix(27)) + " (\(i + 1))" }
            used.insert(name)
            return name
        }
    }

    /// The workbook's parts, one sheet a table, by their path inside the package.
    public static func parts(_ sheets: [Sheet]) -> [(path: String, xml: String)] {
        let names = sheetNames(sheets.map(\.name))
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let numbers = Array(1...max(sheets.count, 1))
        return [
            (
                "[Content_Types].xml",
                head + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + numbers.map {
                        "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    }.joined()
                    + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                    + "</Types>"
            ),
            (
                "_rels/.rels",
                head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
            (
                "xl/workbook.xml",
                head + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets>"
                    + zip(numbers, names).map { n, name in "<sheet name=\"\(escape(name))\" sheetId=\"\(n)\" r:id=\"rId\(n)\"/>" }.joined()
                    + "</sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + numbers.map { "<Relationship Id=\"rId\($0)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>" }
                    .joined()
                    + "<Relationship Id=\"rId\(numbers.count + 1)\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/></Relationships>"
            ),
            (
                "xl/styles.xml",
                head + "<styleSheet xmlns=\"\(main)\">"
                    + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
                    + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"等线\"/></font><font><b/><sz val=\"11\"/><name val=\"等线\"/></font></fonts>"
                    + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                    + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                    + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                    + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                    + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
                    + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
                    + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
                    + "</styleSheet>"
            ),
        ]
            + zip(numbers, sheets.isEmpty ? [Sheet(name: "", header: [], rows: [])] : sheets).map { n, t in
                ("xl/worksheets/sheet\(n).xml", sheet(header: t.header, rows: t.rows))
            }
    }
}
