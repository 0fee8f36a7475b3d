/// A small XML scanner for the parts of an Office Open XML package: elements, attributes, text, the five
/// predefined entities and character references, CDATA, comments and processing instructions. Names are given by
/// their local part (`x:row` is `row`). A document type declaration is skipped and no other entity is expanded, so
/// no part can make the scanner grow beyond its input. Anything not well formed throws, naming the part.
struct XMLScanner {
    enum Event: Equatable {
        case start(name: String, attributes: [Attribute], empty: Bool)
        case end(name: String)
        case text(String)
    }

    struct Attribute: Equatable {
        /// The local name: `r:id` is `id`, `xml:space` is `space`.
        let name: String
        let qualifiedName: String
        let value: String
    }

    let part: String
    private let bytes: [UInt8]
    private var i = 0
    private var open: [String] = []
    private var sawRoot = false
    private var pendingEnd: String?

    init(_ text: String, part: String) {
        self.bytes = Array(text.utf8)
        self.part = part
    }

    /// The next event, or nil at the end of a well-formed document.
    mutating func next() throws(WorkbookReader.Problem) -> Event? {
        if let name = pendingEnd {
            pendingEnd = nil
            return .end(name: name)
        }
        while i < bytes.count {
            if bytes[i] != UInt8(ascii: "<") {
                let text = try readText()
                if open.isEmpty {
                    if text.contains(where: { !$0.isWhitespace }) { throw bad("text outside the root element") }
                    continue
                }
                return .text(text)
            }
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                i += 9
                let from = i
                try skip(past: "]]>")
                if open.isEmpty { throw bad("CDATA outside the root element") }
                return .text(String(decoding: bytes[from..<(i - 3)], as: UTF8.self))
            } else if starts(with: "<!") {
                try skipDeclaration()
            } else if starts(with: "</") {
                i += 2
                let name = readName()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw bad("an end tag is not closed") }
                i += 1
                guard let last = open.popLast() else { throw bad("</\(name)> closes nothing") }
                guard last == name else { throw bad("</\(name)> closes <\(last)>") }
                return .end(name: local(name))
            } else {
                return try readStart()
            }
        }
        if let last = open.last { throw bad("the part ends before </\(last)>") }
        if !sawRoot { throw bad("no element") }
        return nil
    }

    private func bad(_ reason: String) -> WorkbookReader.Problem { .badXML(part: part, reason: reason) }

    private func local(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    private func starts(with s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        for k in 0..<n where bytes[i + k] != s.utf8Start[k] { return false }
        return true
    }

    private mutating func skip(past s: StaticString) throws(WorkbookReader.Problem) {
        while i < bytes.count {
            if starts(with: s) {
                i += s.utf8CodeUnitCount
                return
            }
            i += 1
        }
        throw bad("“\(s)” is missing")
    }

    /// `<!DOCTYPE …>`, with an internal subset in brackets if any; its declarations are not used.
    private mutating func skipDeclaration() throws(WorkbookReader.Problem) {
        var depth = 0
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "[") { depth += 1 }
            if b == UInt8(ascii: "]") { depth -= 1 }
            if b == UInt8(ascii: ">") && depth <= 0 { return }
        }
        throw bad("a declaration is not closed")
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private mutating func skipSpace() {
        while i < bytes.count && Self.isSpace(bytes[i]) { i += 1 }
    }

    private mutating func readName() -> String {
        let from = i
        while i < bytes.count {
            let b = bytes[i]
            if Self.isSpace(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: ">") || b == UInt8(ascii: "=") || b == UInt8(ascii: "<") {
                break
            }
            i += 1
        }
        return String(decoding: bytes[from..<i], as: UTF8.self)
    }

    private mutating func readStart() throws(WorkbookReader.Problem) -> Event {
        i += 1
        let name = readName()
        if name.isEmpty { throw bad("a “<” starts no element") }
        if open.isEmpty && sawRoot { throw bad("a second root element <\(name)>") }
        var attributes: [Attribute] = []
        while true {
            skipSpace()
            guard i < bytes.count else { throw bad("<\(name) is not closed") }
            if bytes[i] == UInt8(ascii: ">") {
                i += 1
                open.append(name)
                sawRoot = true
                return .start(name: local(name), attributes: attributes, empty: false)
            }
            if starts(with: "/>") {
                i += 2
                sawRoot = true
                pendingEnd = local(name)
                return .start(name: local(name), attributes: attributes, empty: true)
            }
            let attribute = readName()
            skipSpace()
            guard !attribute.isEmpty, i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                throw bad("an attribute of <\(name)> has no value")
            }
            i += 1
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                throw bad("the value of \(attribute) is not quoted")
            }
            let quote = bytes[i]
            i += 1
            let from = i
            while i < bytes.count && bytes[i] != quote {
                if bytes[i] == UInt8(ascii: "<") { throw bad("“<” in the value of \(attribute)") }
                i += 1
            }
            guard i < bytes.count else { throw bad("the value of \(attribute) is not closed") }
            let value = try decode(bytes[from..<i], attribute: true)
            i += 1
            attributes.append(Attribute(name: local(attribute), qualifiedName: attribute, value: value))
        }
    }

    private mutating func readText() throws(WorkbookReader.Problem) -> String {
        let from = i
        while i < bytes.count && bytes[i] != UInt8(ascii: "<") { i += 1 }
        return try decode(bytes[from..<i], attribute: false)
    }

    /// Replaces entity and character references; line ends become "\n" (and, in an attribute, white space a space)
    /// as an XML processor does.
    private func decode(_ slice: ArraySlice<UInt8>, attribute: Bool) throws(WorkbookReader.Problem) -> String {
        if !slice.contains(UInt8(ascii: "&")) && !slice.contains(0x0D) && !(attribute && (slice.contains(0x0A) || slice.contains(0x09))) {
            return String(decoding: slice, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var k = slice.startIndex
        while k < slice.endIndex {
            let b = slice[k]
            if b == 0x0D {
                out.append(attribute ? 0x20 : 0x0A)
                k += 1
                if k < slice.endIndex && slice[k] == 0x0A { k += 1 }
                continue
            }
            if attribute && (b == 0x0A || b == 0x09) {
                out.append(0x20)
                k += 1
                continue
            }
            guard b == UInt8(ascii: "&") else {
                out.append(b)
                k += 1
                continue
            }
            guard let semicolon = slice[k...].firstIndex(of: UInt8(ascii: ";")), semicolon - k <= 12 else {
                throw bad("a “&” is not a reference")
            }
            let name = String(decoding: slice[(k + 1)..<semicolon], as: UTF8.self)
            k = semicolon + 1
            switch name {
            case "amp": out.append(UInt8(ascii: "&"))
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var code: UInt32? = nil
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    code = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    code = UInt32(name.dropFirst(), radix: 10)
                }
                guard let c = code, c != 0, let scalar = Unicode.Scalar(c) else { throw bad("unknown reference &\(name);") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
