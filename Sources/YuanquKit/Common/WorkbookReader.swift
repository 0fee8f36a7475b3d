import Foundation

/// Reads the sheets of an Excel workbook (.xlsx, Office Open XML SpreadsheetML) into rows as `CSV.parse` gives
/// them: each row with its spreadsheet row number, fields as Excel shows them. Shared, rich and inline strings read as
/// their text (phonetic runs left out); numbers without float noise (15 significant digits, as Excel shows them) and
/// without a trailing ".0"; cells formatted as dates as YYYY-MM-DD (1900 or 1904 date system); booleans as TRUE or
/// FALSE; a missing cell as an empty field. Empty rows are left out and trailing empty cells trimmed. Unzipping the
/// package is the server's: it hands over the parts' texts.
public enum WorkbookReader {
    public typealias Rows = [(line: Int, fields: [String])]

    public enum Problem: Error, Equatable, Sendable {
        /// The package has no workbook part (another kind of ZIP file, such as a Word document).
        case notAWorkbook
        /// The workbook names no worksheet, or its first sheet is not in the package.
        case noSheet
        /// A part is not well-formed XML, or not what SpreadsheetML says it is.
        case badXML(part: String, reason: String)
        /// More non-empty rows than the caller takes.
        case tooManyRows(limit: Int)
        /// A cell with a value beyond the columns the caller takes.
        case tooManyColumns(line: Int, limit: Int)
    }

    /// What a sheet's cells need to be read: where the parts are and which date system counts the days.
    public struct Layout: Equatable, Sendable {
        /// The worksheets in workbook order: each one's name and part.
        public var sheets: [Sheet]
        /// The first sheet's part.
        public var sheet: String { sheets[0].part }
        public var sharedStrings: String?
        public var styles: String?
        public var date1904: Bool
    }

    /// One worksheet of a workbook: the name on its tab and where its part is.
    public struct Sheet: Equatable, Sendable {
        public var name: String
        public var part: String
    }

    /// How a cell style shows a number.
    public enum Format: Equatable, Sendable {
        case number
        case date
        case time
    }

    /// The first sheet's rows. `part(path)` gives the text of a part of the package ("xl/workbook.xml"), or nil when
    /// the package has no such part; its errors pass through. At most `maxRows` non-empty rows and `maxColumns` columns.
    public static func read(maxRows: Int = .max, maxColumns: Int = 16384, part: (String) throws -> String?) throws -> Rows {
        try readSheets(only: 1, maxRows: maxRows, maxColumns: maxColumns, part: part)[0].rows
    }

    /// Every sheet's rows in workbook order, each with its name as its tab shows it (a workbook of several sheets, such
    /// as the organisation's units, posts and people); `only` stops after that many sheets. The limits hold per sheet.
    public static func readSheets(
        only: Int = .max,
        maxRows: Int = .max,
        maxColumns: Int = 16384,
        part: (String) throws -> String?
    ) throws -> [(name: String, rows: Rows)] {
        var workbookPath = "xl/workbook.xml"
        if let rels = try part("_rels/.rels") {
            let targets = try relationships(rels, part: "_rels/.rels", base: "")
            if let main = targets.first(where: { $0.type.hasSuffix("/officeDocument") }) { workbookPath = main.target }
        }
        guard let workbook = try part(workbookPath) else { throw Problem.notAWorkbook }
        guard let rels = try part(relationshipsPath(of: workbookPath)) else { throw Problem.noSheet }
        let layout = try self.layout(workbook: workbook, relationships: rels, at: workbookPath)
        let strings = try layout.sharedStrings.flatMap { try part($0) }.map { try sharedStrings($0) } ?? []
        let formats = try layout.styles.flatMap { try part($0) }.map { try self.formats($0) } ?? []
        return try layout.sheets.prefix(only).map { sheet in
            guard let xml = try part(sheet.part) else { throw Problem.noSheet }
            let rows = try rows(
                sheet: xml,
                part: sheet.part,
                sharedStrings: strings,
                formats: formats,
                date1904: layout.date1904,
                maxRows: maxRows,
                maxColumns: maxColumns
            )
            return (sheet.name, rows)
        }
    }

    /// The sheets in workbook order and the parts that go with them, from workbook.xml and its relationships.
    public static func layout(workbook: String, relationships rels: String, at path: String = "xl/workbook.xml") throws(Problem) -> Layout {
        var scanner = XMLScanner(workbook, part: path)
        var named: [(name: String, id: String)] = []
        var date1904 = false
        var sawWorkbook = false
        while let event = try scanner.next() {
            guard case .start(let name, let attributes, _) = event else { continue }
            switch name {
            case "workbook": sawWorkbook = true
            case "workbookPr": date1904 = ["1", "true"].contains(attributes.value("date1904") ?? "")
            case "sheet": if let id = attributes.value("id") { named.append((attributes.value("name") ?? "", id)) }
            default: break
            }
        }
        guard sawWorkbook else { throw .notAWorkbook }
        let base = folder(of: path)
        let targets = try relationships(rels, part: relationshipsPath(of: path), base: base)
        guard let first = named.first, targets.contains(where: { $0.id == first.id }) else { throw .noSheet }
        return Layout(
            sheets: named.compactMap { sheet in
                targets.first { $0.id == sheet.id }.map { Sheet(name: sheet.name, part: $0.target) }
            },
            sharedStrings: targets.first { $0.type.hasSuffix("/sharedStrings") }?.target,
            styles: targets.first { $0.type.hasSuffix("/styles") }?.target,
            date1904: date1904
        )
    }

    /// The shared strings (sharedStrings.xml) in order: each the text of its runs, phonetic runs left out.
    public static func sharedStrings(_ xml: String, part: String = "xl/sharedStrings.xml") throws(Problem) -> [String] {
        var scanner = XMLScanner(xml, part: part)
        var strings: [String] = []
        var text = TextCollector()
        while let event = try scanner.next() {
            switch event {
            case .start("si", _, _): text = TextCollector()
            case .end("si"): strings.append(text.value)
            default: text.take(event)
            }
        }
        return strings
    }

    /// How each cell style (styles.xml `cellXfs`, by index) shows a number.
    public static func formats(_ xml: String, part: String = "xl/styles.xml") throws(Problem) -> [Format] {
        var scanner = XMLScanner(xml, part: part)
        var custom: [Int: Format] = [:]
        var formats: [Format] = []
        var inCellXfs = false
        while let event = try scanner.next() {
            switch event {
            case .start("numFmt", let attributes, _):
                if let id = attributes.value("numFmtId").flatMap({ Int($0) }) {
                    custom[id] = format(code: attributes.value("formatCode") ?? "")
                }
            case .start("cellXfs", _, _): inCellXfs = true
            case .end("cellXfs"): inCellXfs = false
            case .start("xf", let attributes, _) where inCellXfs:
                let id = attributes.value("numFmtId").flatMap { Int($0) } ?? 0
                formats.append(custom[id] ?? builtIn(id))
            default: break
            }
        }
        return formats
    }

    /// A built-in number format: 14–17, 22, 27–31, 36, 50–54, 57 and 58 show dates (the last ones in Chinese,
    /// Japanese and Korean); 18–21, 32–35, 45–47, 55 and 56 show times of day.
    static func builtIn(_ id: Int) -> Format {
        switch id {
        case 14...17, 22, 27...31, 36, 50...54, 57, 58: .date
        case 18...21, 32...35, 45...47, 55, 56: .time
        default: .number
        }
    }

    /// A custom number format code: a date if it has y, d or (without h or s) m outside quoted text and brackets.
    static func format(code: String) -> Format {
        var letters = ""
        var quoted = false
        var bracket = false
        var skipNext = false
        for c in code.lowercased() {
            if skipNext {
                skipNext = false
                continue
            }
            if quoted {
                quoted = c != "\""
                continue
            }
            if bracket {
                bracket = c != "]"
                continue
            }
            switch c {
            case "\"": quoted = true
            case "[": bracket = true
            case "\\", "_", "*": skipNext = true
            default: letters.append(c)
            }
        }
        if letters.contains("general") { return .number }
        let hasTime = letters.contains("h") || letters.contains("s")
        if letters.contains("y") || letters.contains("d") || (letters.contains("m") && !hasTime) { return .date }
        return hasTime ? .time : .number
    }

    /// A sheet's non-empty rows, each with its row number and its cells as Excel shows them.
    public static func rows(
        sheet xml: String,
        part: String = "xl/worksheets/sheet1.xml",
        sharedStrings: [String] = [],
        formats: [Format] = [],
        date1904: Bool = false,
        maxRows: Int = .max,
        maxColumns: Int = 16384
    ) throws(Problem) -> Rows {
        var scanner = XMLScanner(xml, part: part)
        var rows: Rows = []
        var line = 0
        var fields: [String] = []
        var column = 0
        var cell = CellReading()
        var inSheetData = false
        while let event = try scanner.next() {
            switch event {
            case .start("sheetData", _, _): inSheetData = true
            case .end("sheetData"): inSheetData = false
            case .start("row", let attributes, _) where inSheetData:
                if let r = attributes.value("r") {
                    guard let n = Int(r), n > 0 else { throw .badXML(part: part, reason: "row number “\(r)”") }
                    line = n
                } else {
                    line += 1
                }
                fields = []
                column = 0
            case .end("row") where inSheetData:
                while fields.last?.isEmpty == true { fields.removeLast() }
                if fields.isEmpty { continue }
                if rows.count == maxRows { throw .tooManyRows(limit: maxRows) }
                rows.append((line, fields))
            case .start("c", let attributes, _) where inSheetData:
                if let r = attributes.value("r") {
                    guard let c = columnIndex(r) else { throw .badXML(part: part, reason: "cell reference “\(r)”") }
                    column = c
                }
                cell = CellReading(type: attributes.value("t") ?? "n", style: attributes.value("s").flatMap { Int($0) } ?? 0)
            case .end("c") where inSheetData:
                let value = try cell.value(sharedStrings: sharedStrings, formats: formats, date1904: date1904, part: part)
                if !value.isEmpty {
                    if column >= maxColumns { throw .tooManyColumns(line: line, limit: maxColumns) }
                    while fields.count < column { fields.append("") }
                    fields.append(value)
                }
                column += 1
            default:
                if inSheetData { cell.take(event) }
            }
        }
        return rows
    }

    /// A column's index from a cell reference: "A1" is 0, "AB12" is 27; nil past XFD, Excel's last column.
    static func columnIndex(_ reference: String) -> Int? {
        var n = 0
        for u in reference.unicodeScalars {
            guard let letter = UInt8(exactly: u.value), (65...90).contains(letter & 0xDF) else { break }
            n = n * 26 + Int(letter & 0xDF) - 64
            if n > 16384 { return nil }
        }
        return n == 0 ? nil : n - 1
    }

    /// A number as Excel's General format shows it: at most 15 significant digits, no exponent, no trailing zeros.
    public static func numberText(_ raw: String) -> String {
        guard let d = Double(raw.trimmingCharacters(in: .whitespaces)), d.isFinite else { return raw }
        if d == 0 { return "0" }
        let scientific = String(format: "%.14e", abs(d))
        let halves = scientific.split(separator: "e")
        guard halves.count == 2, let exponent = Int(halves[1]) else { return raw }
        var digits = halves[0].filter { $0 != "." }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        let point = exponent + 1
        var text: String
        if point <= 0 {
            text = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            text = digits + String(repeating: "0", count: point - digits.count)
        } else {
            text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        if d < 0 { text = "-" + text }
        return text
    }

    /// The calendar date of a serial day number (a time of day in it left out); nil outside years 1–9999.
    public static func date(serial: Double, date1904: Bool) -> CalendarDate? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        let day = Int(serial.rounded(.down))
        // The 1900 system counts a 29 February 1900 that never was: days before it count from 1899-12-31.
        let base = date1904 ? CalendarDate(year: 1904, month: 1, day: 1)! : CalendarDate(year: 1899, month: 12, day: day < 61 ? 31 : 30)!
        let date = base.adding(days: day)
        return date.year <= 9999 ? date : nil
    }

    /// The time of day in a serial as HH:MM, or HH:MM:SS when it has seconds.
    static func time(serial: Double) -> String {
        var seconds = Int(((serial - serial.rounded(.down)) * 86400).rounded())
        if seconds >= 86400 { seconds = 0 }
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        return s == 0 ? String(format: "%02d:%02d", h, m) : String(format: "%02d:%02d:%02d", h, m, s)
    }

    /// Where a part's relationships are: "xl/_rels/workbook.xml.rels" for "xl/workbook.xml".
    static func relationshipsPath(of path: String) -> String {
        folder(of: path) + "_rels/" + (path.split(separator: "/").last.map(String.init) ?? "") + ".rels"
    }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// The relationships of a part, their targets resolved to paths inside the package.
    static func relationships(_ xml: String, part: String, base: String) throws(Problem) -> [(id: String, type: String, target: String)] {
        var scanner = XMLScanner(xml, part: part)
        var found: [(id: String, type: String, target: String)] = []
        while let event = try scanner.next() {
            guard case .start("Relationship", let a, _) = event, a.value("TargetMode") != "External" else { continue }
            guard let id = a.value("Id"), let target = a.value("Target") else { continue }
            found.append((id, a.value("Type") ?? "", resolve(target, base: base)))
        }
        return found
    }

    /// A relationship target as a path inside the package: "worksheets/sheet1.xml" from "xl/" is
    /// "xl/worksheets/sheet1.xml"; "/xl/worksheets/sheet1.xml" is absolute; "." and ".." are followed.
    static func resolve(_ target: String, base: String) -> String {
        let path = target.hasPrefix("/") ? target : base + target
        var segments: [Substring] = []
        for segment in path.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }
}

extension [XMLScanner.Attribute] {
    func value(_ name: String) -> String? { first { $0.name == name }?.value }
}

/// The text of a string item (`<si>` or `<is>`): its `<t>` elements, in runs or not, without phonetic runs (`<rPh>`).
struct TextCollector {
    private(set) var value = ""
    private var inText = false
    private var preserve = false
    private var phonetic = 0
    private var current = ""

    mutating func take(_ event: XMLScanner.Event) {
        switch event {
        case .start("rPh", _, _): phonetic += 1
        case .end("rPh"): phonetic -= 1
        case .start("t", let attributes, _) where phonetic == 0:
            inText = true
            preserve = attributes.value("space") == "preserve"
            current = ""
        case .end("t") where inText:
            inText = false
            value += Self.unescape(preserve ? current : current.trimmingCharacters(in: .whitespacesAndNewlines))
        case .text(let s) where inText: current += s
        default: break
        }
    }

    /// Office Open XML writes characters XML cannot carry as `_xHHHH_` (a carriage return as `_x000D_`).
    static func unescape(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        var out = ""
        var rest = Substring(s)
        while let start = rest.range(of: "_x") {
            out += rest[..<start.lowerBound]
            let hex = rest[start.upperBound...].prefix(5)
            if hex.count == 5, hex.last == "_", let code = UInt32(hex.prefix(4), radix: 16), let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
                rest = rest[start.upperBound...].dropFirst(5)
            } else {
                out += "_x"
                rest = rest[start.upperBound...]
            }
        }
        return out + rest
    }
}

/// One `<c>` element being read: its type, style, value and inline string.
struct CellReading {
    var type = "n"
    var style = 0
    private var raw = ""
    private var inValue = false
    private var inline = TextCollector()
    private var inInline = false

    init(type: String = "n", style: Int = 0) {
        self.type = type
        self.style = style
    }

    mutating func take(_ event: XMLScanner.Event) {
        switch event {
        case .start("v", _, _): inValue = true
        case .end("v"): inValue = false
        case .start("is", _, _): inInline = true
        case .end("is"): inInline = false
        case .text(let s) where inValue: raw += s
        default: if inInline { inline.take(event) }
        }
    }

    func value(sharedStrings: [String], formats: [WorkbookReader.Format], date1904: Bool, part: String) throws(WorkbookReader.Problem)
        -> String
    {
        switch type {
        case "s":
            guard let n = Int(raw.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(n) else {
                throw .badXML(part: part, reason: "shared string “\(raw)” is not in sharedStrings.xml")
            }
            return sharedStrings[n]
        case "inlineStr": return inline.value.isEmpty ? raw : inline.value
        case "str", "e": return raw
        case "b": return raw.trimmingCharacters(in: .whitespaces) == "1" ? "TRUE" : "FALSE"
        case "d":
            let day = String(raw.prefix(10))
            return CalendarDate(day) == nil ? raw : day
        default:
            if raw.isEmpty { return "" }
            let format = formats.indices.contains(style) ? formats[style] : .number
            guard format != .number, let serial = Double(raw) else { return WorkbookReader.numberText(raw) }
            if format == .time { return WorkbookReader.time(serial: serial) }
            return WorkbookReader.date(serial: serial, date1904: date1904)?.description ?? WorkbookReader.numberText(raw)
        }
    }
}
