import Foundation

/// A calendar date without time (dates in this system are Asia/Shanghai calendar dates).
public struct CalendarDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (also accepts `YYYY/MM/DD` and `YYYY.MM.DD`, as spreadsheets write them).
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces)
            .split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts[0].count == 4,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// Whole years of age on a given day.
    public func age(on day: CalendarDate) -> Int {
        var years = day.year - year
        if (day.month, day.day) < (month, self.day) { years -= 1 }
        return years
    }
}

extension CalendarDate {
    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// 1 = Monday … 7 = Sunday.
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 + 1 }

    public var isWeekend: Bool { weekday >= 6 }

    /// Today in Asia/Shanghai.
    public static func today(_ now: Date = Date()) -> CalendarDate {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let c = cal.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// Whole months later, the day clamped to the month's end (2024-01-31 + 1 month = 2024-02-29).
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let y = total / 12
        let m = total % 12 + 1
        return CalendarDate(year: y, month: m, day: min(day, CalendarDate.daysIn(month: m, year: y)))!
    }
}

/// Times of day in China Standard Time (UTC+8, no daylight saving), from the ISO 8601 UTC instants the audit log
/// stores: plain arithmetic, no date formatter.
public enum ChinaTime {
    /// `2026-11-25T16:30:05.123Z` → `2026-11-26 00:30:05`; nil for text not of that form.
    public static func local(fromUTC iso: String) -> String? {
        let u = Array(iso.utf8)
        guard u.count >= 20, u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58, u.last == 90 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var n = 0
            for c in u[from..<(from + count)] {
                guard (48...57).contains(c) else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2), let h = number(11, 2), let mi = number(14, 2),
            let s = number(17, 2), let date = CalendarDate(year: y, month: mo, day: d), h < 24, mi < 60, s < 61
        else { return nil }
        let local = h + 8
        let day = local >= 24 ? date.adding(days: 1) : date
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(day) \(two(local % 24)):\(two(mi)):\(two(s))"
    }
}
