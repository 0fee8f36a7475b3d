import NIOConcurrencyHelpers
import SQLKit

extension SQLRowDecoder.KeyDecodingStrategy {
    /// Row structs' camel-case properties read from snake-case columns (`zoneId` from `zone_id`), as
    /// `.convertFromSnakeCase` does, but each property's column worked out once and remembered: SQLKit works it out
    /// again for every column of every row, and a list of fifty rows spent most of its time there.
    static let snakeCaseColumns = Self.custom { keys in SomeCodingKey(stringValue: SnakeCase.column(keys.last?.stringValue ?? "")) }
}

enum SnakeCase {
    private static let known = NIOLockedValueBox<[String: String]>([:])

    /// `zoneId` → `zone_id`, `isMainBusiness` → `is_main_business`, `someURLValue` → `some_url_value`.
    static func column(_ key: String) -> String {
        if let c = known.withLockedValue({ $0[key] }) { return c }
        let c = convert(key)
        known.withLockedValue { $0[key] = c }
        return c
    }

    static func convert(_ key: String) -> String {
        let chars = Array(key)
        var out = ""
        for (i, c) in chars.enumerated() {
            guard c.isUppercase, i > 0 else {
                out += c.lowercased()
                continue
            }
            let previous = chars[i - 1]
            let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
            if !previous.isUppercase || nextIsLower { out += "_" }
            out += c.lowercased()
        }
        return out
    }
}

extension SQLRow {
    /// A column's value, nil for NULL, read without a keyed decoder (`decode(column:as: T?.self)` takes the slow path of a
    /// nested decoder on SQLite).
    func optional<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: type)
    }
}
