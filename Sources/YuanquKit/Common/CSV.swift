import Foundation

/// Comma-separated values as Excel reads and writes them (RFC 4180, UTF-8, optional BOM).
public enum CSV {
    public static let byteOrderMark = "\u{FEFF}"

    public enum Problem: Error, Equatable, Sendable {
        case unterminatedQuote(line: Int)
        case empty
    }

    /// Parses text into rows of fields. Each row carries the line number where it starts (1-based).
    public static func parse(_ input: String) throws(Problem) -> [(line: Int, fields: [String])] {
        var text = Substring(input)
        if text.hasPrefix(byteOrderMark) { text = text.dropFirst() }
        var rows: [(Int, [String])] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var rowStart = 1
        var fieldWasQuoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending {
                pending = nil
                return p
            }
            return iterator.next()
        }
        func endRow() {
            fields.append(field)
            field = ""
            fieldWasQuoted = false
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append((rowStart, fields)) }
            fields = []
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            field.append("\"")
                        } else {
                            inQuotes = false
                            pending = n
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c == "\r\n" ? "\n" : c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            case ",":
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\n", "\r\n", "\r":
                endRow()
                line += 1
                rowStart = line
            default:
                field.append(c)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: rowStart) }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRow() }
        if rows.isEmpty { throw .empty }
        return rows
    }

    /// Quotes a field when it needs it; neutralises leading formula characters (`=`, `+`, `-`, `@`, and the tab and
    /// carriage return a spreadsheet skips before one) so that a spreadsheet opening the export never runs a cell as
    /// a formula. A number (`-12.5`) is left as it is.
    public static func escape(_ value: String) -> String {
        var v = value
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(v) == nil { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    /// A whole document with a BOM and CRLF line ends, as Excel expects.
    public static func document(header: [String], rows: [[String]]) -> String {
        var out = byteOrderMark
        out += header.map(escape).joined(separator: ",") + "\r\n"
        for row in rows { out += row.map(escape).joined(separator: ",") + "\r\n" }
        return out
    }
}
