import Foundation

/// Money in fen (分), exact. Shown as 元, 万元 or 亿元.
public struct Money: Hashable, Comparable, Codable, Sendable {
    public let fen: Int64
    public init(fen: Int64) { self.fen = fen }
    public static func yuan(_ y: Int64) -> Money { Money(fen: y * 100) }
    public static func wan(_ w: Int64) -> Money { Money(fen: w * 1_000_000) }
    public static func yi(_ y: Int64) -> Money { Money(fen: y * 10_000_000_000) }
    public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }
    public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }

    public init(from decoder: Decoder) throws { fen = try decoder.singleValueContainer().decode(Int64.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(fen)
    }

    /// Parses an amount typed in 万元 ("12,345.67" → 1,234,567 万元 × 100 fen…); at most two decimals of 万元 kept exactly.
    public static func parseWan(_ text: String) -> Money? {
        let t = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "").trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, let d = Decimal(string: t, locale: Locale(identifier: "en_US_POSIX")), d >= 0 else { return nil }
        var fen = d * 1_000_000
        var rounded = Decimal()
        NSDecimalRound(&rounded, &fen, 0, .plain)
        guard rounded == fen, rounded < Decimal(Int64.max) else { return nil }
        return Money(fen: NSDecimalNumber(decimal: rounded).int64Value)
    }

    /// 亿元 with two decimals when at least 1 亿, else 万元 with two decimals, else 元.
    public var display: String {
        let sign = fen < 0 ? "-" : ""
        let a = fen.magnitude
        if a >= 10_000_000_000 { return sign + Money.decimal(a, unit: 10_000_000_000) + " 亿元" }
        if a >= 1_000_000 { return sign + Money.decimal(a, unit: 1_000_000) + " 万元" }
        return sign + Money.decimal(a, unit: 100) + " 元"
    }

    /// The amount in 万元, two decimals, without the unit (for spreadsheets and charts).
    public var wanText: String { (fen < 0 ? "-" : "") + Money.decimal(fen.magnitude, unit: 1_000_000) }
    /// The amount in 亿元, two decimals, without the unit.
    public var yiText: String { (fen < 0 ? "-" : "") + Money.decimal(fen.magnitude, unit: 10_000_000_000) }

    /// The amount in 元 to the fen, thousands separated ("28,217.19"), without the unit (pay sheets).
    public var yuanText: String {
        let a = fen.magnitude
        var whole = String(a / 100)
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        return (fen < 0 ? "-" : "") + groups.joined(separator: ",") + "." + String(format: "%02d", Int(a % 100))
    }

    /// `a / unit` to two decimals, rounded half up.
    static func decimal(_ a: UInt64, unit: UInt64) -> String {
        let hundredths = (a * 100 + unit / 2) / unit
        return String(hundredths / 100) + "." + String(format: "%02d", Int(hundredths % 100))
    }
}
