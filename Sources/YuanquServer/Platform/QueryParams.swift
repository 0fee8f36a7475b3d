import Foundation
import Vapor
import YuanquKit

/// A documented query parameter of an `/api/v1` route: its name and the values it takes. The OpenAPI document declares
/// it from this and the route checks it before its handler runs, so the two cannot drift: a client generated from the
/// document sends only what the server takes, and what the document refuses the server refuses too (422, naming it).
struct QueryParam: Sendable, ExpressibleByStringLiteral {
    enum Kind: Sendable, Equatable {
        /// Any text up to `maximumText` characters (a search, a code of the zone's own lists).
        case text
        /// A record's id.
        case uuid
        /// A calendar date, `YYYY-MM-DD`.
        case date
        /// `true` or `false`.
        case boolean
        case integer(ClosedRange<Int>)
        /// A year from 2000 to this one (the year of figures already kept).
        case pastYear
        /// One of a closed set of values (a Swift enum's raw values).
        case oneOf([String])
    }

    let name: String
    let kind: Kind
    /// A route that answers nothing without it (the cycle of the ratings to answer).
    var required = false
    /// The value the route takes when the parameter is not given (the document says it).
    var defaultValue: Int? = nil

    init(_ name: String, _ kind: Kind, required: Bool = false, defaultValue: Int? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
    }

    /// A parameter known by its name alone: its kind from `common` (text when not there).
    init(stringLiteral name: String) {
        self.init(name, Self.common[name] ?? .text)
    }

    /// One of a Swift enum's raw values: the values the handler parses.
    static func oneOf<E: CaseIterable & RawRepresentable>(_ name: String, _ type: E.Type) -> QueryParam where E.RawValue == String {
        QueryParam(name, .oneOf(E.allCases.map(\.rawValue)))
    }

    /// The parameters every route means alike.
    static let common: [String: Kind] = [
        "zone": .text, "q": .text, "industry": .text,
        "unit": .uuid, "post": .uuid, "person": .uuid, "parentId": .uuid, "team": .uuid, "enterprise": .uuid, "cycle": .uuid,
        "project": .uuid, "programme": .uuid, "tender": .uuid, "meeting": .uuid, "owner": .uuid,
        "from": .date, "to": .date,
        "overdue": .boolean, "open": .boolean, "current": .boolean, "major": .boolean, "key": .boolean,
    ]

    /// The most characters a text parameter holds: a search or a code needs no more, and a longer address (each
    /// character percent-encoded, up to 12 bytes) stays far below the 80 KB an HTTP request line may take before the
    /// server drops the connection unanswered.
    static let maximumText = 200

    /// The paging of every list.
    static let limit = QueryParam("limit", .integer(1...500), defaultValue: 50)
    static let offset = QueryParam("offset", .integer(0...100_000_000), defaultValue: 0)

    /// The range of a `pastYear`, worked out when asked (the year turns while the server runs).
    static var pastYears: ClosedRange<Int> { 2000...CalendarDate.today().year }

    /// The parameter's schema in the OpenAPI document.
    var schema: [String: Any] {
        switch kind {
        case .pastYear: return QueryParam(name, .integer(Self.pastYears)).schema
        // No NUL character (`Guard.checkText` refuses one in any value).
        case .text: return ["type": "string", "maxLength": Self.maximumText, "pattern": "^[^\\u0000]*$"]
        case .uuid: return ["type": "string", "format": "uuid"]
        case .date: return ["type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]
        case .boolean: return ["type": "boolean"]
        case .integer(let range):
            var schema: [String: Any] = ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound]
            if let defaultValue { schema["default"] = defaultValue }
            return schema
        case .oneOf(let values): return ["type": "string", "enum": values]
        }
    }

    /// What is wrong with a value, or nil.
    func problem(_ value: String) -> Loc? {
        switch kind {
        case .pastYear: return QueryParam(name, .integer(Self.pastYears)).problem(value)
        case .text:
            return value.count > Self.maximumText
                ? Loc("“\(name)”不能超过 \(Self.maximumText) 字", "“\(name)” may not exceed \(Self.maximumText) characters") : nil
        case .uuid:
            return UUID(uuidString: value) == nil ? Loc("“\(name)”须为记录编号（UUID）", "“\(name)” must be a record id (UUID)") : nil
        case .date:
            return value.count == 10 && CalendarDate(value) != nil
                ? nil : Loc("“\(name)”须为日期 YYYY-MM-DD", "“\(name)” must be a date, YYYY-MM-DD")
        case .boolean:
            return value == "true" || value == "false" ? nil : Loc("“\(name)”须为 true 或 false", "“\(name)” must be true or false")
        case .integer(let range):
            guard let n = Int(value), range.contains(n) else {
                return Loc(
                    "“\(name)”须为 \(range.lowerBound)–\(range.upperBound) 的整数",
                    "“\(name)” must be an integer from \(range.lowerBound) to \(range.upperBound)"
                )
            }
            return nil
        case .oneOf(let values):
            return values.contains(value)
                ? nil
                : Loc(
                    "“\(name)”取值无效：可选 " + values.joined(separator: ", "),
                    "“\(name)” must be one of " + values.joined(separator: ", ")
                )
        }
    }

    /// Refuses (422, naming every wrong parameter) a request whose documented query parameters are missing when
    /// required, repeated, or outside their values. Parameters the route does not document are left to it.
    static func check(_ req: Request, _ params: [QueryParam]) throws {
        var given: [String: [String]] = [:]
        for pair in (req.url.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            given[decoded(parts[0]), default: []].append(parts.count > 1 ? decoded(parts[1]) : "")
        }
        var v = Validation()
        for param in params {
            guard let values = given[param.name] else {
                if param.required { v.add(param.name, Loc("缺少“\(param.name)”", "“\(param.name)” is required")) }
                continue
            }
            if values.count > 1 {
                v.add(param.name, Loc("“\(param.name)”只能给出一次", "“\(param.name)” may be given once"))
            } else if let problem = param.problem(values[0]) {
                v.add(param.name, problem)
            }
        }
        try v.check()
    }
}
