import Foundation
import Vapor
import YuanquKit

/// A JSON value as a request sent it, read before the handler decodes its input.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            var fields: [String: JSONValue] = [:]
            for key in object.allKeys {
                fields[key.stringValue] = try object.decode(JSONValue.self, forKey: key)
            }
            self = .object(fields)
        } else if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd {
                items.append(try list.decode(JSONValue.self))
            }
            self = .array(items)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let b = try? single.decode(Bool.self) {
                self = .bool(b)
            } else if let i = try? single.decode(Int64.self) {
                self = .integer(i)
            } else if let d = try? single.decode(Double.self) {
                self = .number(d)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    /// Its JSON Schema type: an integral number is an `integer`.
    var type: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .number(let d): return d.rounded() == d && abs(d) < 1e300 ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// A request body's schema from the OpenAPI document, read into what the server checks before the handler runs.
/// What the document allows goes on to the zone's rules; what it refuses the server refuses (422, naming every wrong
/// field). Reading fails on a keyword it does not check, so the document cannot say more than the server holds to.
final class BodySchema: Sendable {
    struct Unread: Error, CustomStringConvertible {
        let description: String
    }

    let types: [String]
    let values: [String]?
    let format: String?
    let minLength: Int?
    let maxLength: Int?
    let pattern: String?
    let minimum: Double?
    let maximum: Double?
    let items: BodySchema?
    let minItems: Int?
    let maxItems: Int?
    let properties: [String: BodySchema]
    let minProperties: Int?
    let maxProperties: Int?
    let required: [String]
    let closed: Bool

    /// The pattern that keeps a text free of the NUL character (`Guard.checkText` refuses one anywhere).
    static let noNULPattern = "^[^\\u0000]*$"
    /// What the document may say that is for people, not checks.
    static let notes: Set<String> = ["description", "default", "example"]

    init(_ written: [String: Any], components: [String: Any]) throws {
        var schema = written
        while let ref = schema["$ref"] as? String {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let target = components[name] as? [String: Any] else { throw Unread(description: "no schema \(ref)") }
            schema = target
        }
        let known: Set<String> = [
            "type", "enum", "format", "minLength", "maxLength", "pattern", "minimum", "maximum", "items", "minItems", "maxItems",
            "properties", "minProperties", "maxProperties", "required", "additionalProperties",
        ]
        if let unknown = schema.keys.first(where: { !known.contains($0) && !Self.notes.contains($0) }) {
            throw Unread(description: "keyword \(unknown)")
        }
        if let format = schema["format"] as? String, format != "uuid", format != "date" {
            throw Unread(description: "format \(format)")
        }
        if let values = schema["enum"], !(values is [String]) {
            throw Unread(description: "an enum of other than text")
        }
        if let extra = schema["additionalProperties"], extra as? Bool != false {
            throw Unread(description: "additionalProperties other than false")
        }
        types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? []
        values = schema["enum"] as? [String]
        format = schema["format"] as? String
        minLength = schema["minLength"] as? Int
        maxLength = schema["maxLength"] as? Int
        pattern = schema["pattern"] as? String
        minimum = Self.bound(schema["minimum"])
        maximum = Self.bound(schema["maximum"])
        items = try (schema["items"] as? [String: Any]).map { try BodySchema($0, components: components) }
        minItems = schema["minItems"] as? Int
        maxItems = schema["maxItems"] as? Int
        properties = try (schema["properties"] as? [String: Any] ?? [:]).mapValues { value in
            guard let property = value as? [String: Any] else { throw Unread(description: "property \(value)") }
            return try BodySchema(property, components: components)
        }
        minProperties = schema["minProperties"] as? Int
        maxProperties = schema["maxProperties"] as? Int
        required = schema["required"] as? [String] ?? []
        closed = schema["additionalProperties"] as? Bool == false
    }

    private static func bound(_ value: Any?) -> Double? {
        switch value {
        case let i as Int: return Double(i)
        case let d as Double: return d
        default: return nil
        }
    }

    /// Adds to `v` what is wrong with `value` at `path` (`posts[0].postId`; the body itself is the empty path, named
    /// `body`).
    func check(_ value: JSONValue, at path: String, into v: inout Validation) {
        let field = path.isEmpty ? "body" : path
        let type = value.type
        if !types.isEmpty && !types.contains(type) && !(type == "integer" && types.contains("number")) {
            let expected = types.map { Self.typeNames[$0] ?? Loc($0, $0) }
            v.add(
                field,
                Loc(
                    "“\(field)”须为" + expected.map(\.zh).joined(separator: "或"),
                    "“\(field)” must be " + expected.map(\.en).joined(separator: " or ")
                )
            )
            return
        }
        switch value {
        case .string(let text): check(text: text, at: field, into: &v)
        case .integer(let i): check(number: Double(i), at: field, into: &v)
        case .number(let d): check(number: d, at: field, into: &v)
        case .array(let list):
            if let minItems, list.count < minItems {
                v.add(field, Loc("“\(field)”至少要有 \(minItems) 项", "“\(field)” needs at least \(minItems) items"))
            }
            if let maxItems, list.count > maxItems {
                v.add(field, Loc("“\(field)”最多 \(maxItems) 项", "“\(field)” takes at most \(maxItems) items"))
            }
            for (i, item) in list.enumerated() {
                items?.check(item, at: "\(field)[\(i)]", into: &v)
            }
        case .object(let fields): check(object: fields, at: path, into: &v)
        case .null, .bool: break
        }
    }

    private func check(text: String, at field: String, into v: inout Validation) {
        if let values, !values.contains(text) {
            v.add(
                field,
                Loc("“\(field)”取值无效：可选 " + values.joined(separator: ", "), "“\(field)” must be one of " + values.joined(separator: ", "))
            )
        }
        if format == "uuid" && UUID(uuidString: text) == nil {
            v.add(field, Loc("“\(field)”须为记录编号（UUID）", "“\(field)” must be a record id (UUID)"))
        }
        if format == "date" && !(text.count == 10 && CalendarDate(text) != nil) {
            v.add(field, Loc("“\(field)”须为日期 YYYY-MM-DD", "“\(field)” must be a date, YYYY-MM-DD"))
        }
        // JSON Schema counts characters as code points.
        let length = text.unicodeScalars.count
        if let minLength, length < minLength {
            v.add(
                field,
                minLength == 1
                    ? Loc("“\(field)”不能为空", "“\(field)” may not be empty")
                    : Loc("“\(field)”至少 \(minLength) 字", "“\(field)” needs at least \(minLength) characters")
            )
        }
        if let maxLength, length > maxLength {
            v.add(field, Loc("“\(field)”不能超过 \(maxLength) 字", "“\(field)” may not exceed \(maxLength) characters"))
        }
        if pattern == Self.noNULPattern {
            if text.utf8.contains(0) {
                v.add(field, Loc("“\(field)”含有空字符（NUL），无法保存", "“\(field)” contains a NUL character, which cannot be stored"))
            }
        } else if let pattern, text.range(of: pattern, options: .regularExpression) == nil {
            v.add(field, Loc("“\(field)”格式不符：\(pattern)", "“\(field)” does not match \(pattern)"))
        }
    }

    private func check(number: Double, at field: String, into v: inout Validation) {
        guard (minimum.map { number >= $0 } ?? true) && (maximum.map { number <= $0 } ?? true) else {
            let range = [minimum, maximum].map { $0.map { String(format: "%.0f", $0) } ?? "…" }.joined(separator: "–")
            v.add(field, Loc("“\(field)”须在 \(range) 之间", "“\(field)” must be within \(range)"))
            return
        }
    }

    private func check(object fields: [String: JSONValue], at field: String, into v: inout Validation) {
        func path(_ name: String) -> String { field.isEmpty ? name : "\(field).\(name)" }
        // What was sent wrong first, then what is missing.
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            if let property = properties[name] {
                property.check(value, at: path(name), into: &v)
            } else if closed {
                v.add(path(name), Loc("“\(path(name))”不是此接口的字段", "“\(path(name))” is not a field of this request"))
            }
        }
        for name in required where fields[name] == nil {
            v.add(path(name), Loc("缺少“\(path(name))”", "“\(path(name))” is required"))
        }
        // An enum case with values: one key, the case.
        let shown = field.isEmpty ? "body" : field
        let names = properties.keys.sorted().joined(separator: ", ")
        if let minProperties, fields.count < minProperties {
            v.add(shown, Loc("“\(shown)”须给出其中一项：\(names)", "“\(shown)” needs one of \(names)"))
        }
        if let maxProperties, fields.count > maxProperties {
            v.add(shown, Loc("“\(shown)”只能给出其中一项：\(names)", "“\(shown)” takes only one of \(names)"))
        }
    }

    static let typeNames: [String: Loc] = [
        "string": Loc("文本", "text"), "integer": Loc("整数", "an integer"), "number": Loc("数字", "a number"),
        "boolean": Loc("布尔值（true 或 false）", "true or false"), "array": Loc("列表", "a list"), "object": Loc("对象", "an object"),
        "null": Loc("null", "null"),
    ]

    /// Refuses (422, naming every wrong field) a body that is not what the schema says; one that is not JSON at all
    /// is a malformed request (400).
    func check(_ req: Request) throws {
        let data = req.body.data.map { Data(buffer: $0) } ?? Data()
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw AppError.badRequest(Loc("请求体须为 JSON", "The request body must be JSON"), field: "body")
        }
        var v = Validation()
        check(value, at: "", into: &v)
        try v.check()
    }
}
