import Foundation

/// A working-day calendar: weekdays work, statutory holidays do not, and adjusted weekends (调休) do.
/// The holidays and adjusted days are data (the server keeps them in a table admins extend year by year).
public struct WorkCalendar: Sendable, Equatable {
    public var holidays: Set<CalendarDate>
    public var workingWeekends: Set<CalendarDate>

    public init(holidays: Set<CalendarDate> = [], workingWeekends: Set<CalendarDate> = []) {
        self.holidays = holidays
        self.workingWeekends = workingWeekends
    }

    public func isWorkingDay(_ d: CalendarDate) -> Bool {
        if workingWeekends.contains(d) { return true }
        if holidays.contains(d) { return false }
        return !d.isWeekend
    }

    /// The last day of a period of `n` working days that starts on `start` (counted when it is a working day).
    /// A publicity of five working days published on a Friday before a three-day holiday ends the next Thursday.
    public func endOfPeriod(workingDays n: Int, startingOn start: CalendarDate) -> CalendarDate {
        precondition(n >= 1)
        var d = start
        var counted = isWorkingDay(d) ? 1 : 0
        while counted < n {
            d = d.adding(days: 1)
            if isWorkingDay(d) { counted += 1 }
        }
        return d
    }

    /// Working days from `from` through `through`, both included.
    public func workingDays(from: CalendarDate, through: CalendarDate) -> Int {
        guard from <= through else { return 0 }
        return (from.dayNumber...through.dayNumber).filter { isWorkingDay(CalendarDate(dayNumber: $0)) }.count
    }

    public enum Kind: String, Codable, Sendable { case holiday, workingWeekend }

    /// China's statutory holidays and adjusted working weekends, as the State Council published them
    /// (国务院办公厅关于部分节假日安排的通知) for 2025 and 2026.
    public static let chinaDefaults: [(date: String, kind: Kind, name: String)] = {
        var out: [(String, Kind, String)] = []
        func range(_ from: String, _ to: String, _ name: String) {
            let a = CalendarDate(from)!
            let b = CalendarDate(to)!
            for n in a.dayNumber...b.dayNumber { out.append((CalendarDate(dayNumber: n).description, .holiday, name)) }
        }
        func work(_ d: String, _ name: String) { out.append((d, .workingWeekend, name)) }
        // 2025
        range("2025-01-01", "2025-01-01", "元旦")
        range("2025-01-28", "2025-02-04", "春节")
        work("2025-01-26", "春节调休上班")
        work("2025-02-08", "春节调休上班")
        range("2025-04-04", "2025-04-06", "清明节")
        range("2025-05-01", "2025-05-05", "劳动节")
        work("2025-04-27", "劳动节调休上班")
        range("2025-05-31", "2025-06-02", "端午节")
        range("2025-10-01", "2025-10-08", "国庆节、中秋节")
        work("2025-09-28", "国庆节调休上班")
        work("2025-10-11", "国庆节调休上班")
        // 2026
        range("2026-01-01", "2026-01-03", "元旦")
        work("2026-01-04", "元旦调休上班")
        range("2026-02-15", "2026-02-23", "春节")
        work("2026-02-14", "春节调休上班")
        work("2026-02-28", "春节调休上班")
        range("2026-04-04", "2026-04-06", "清明节")
        range("2026-05-01", "2026-05-05", "劳动节")
        work("2026-05-09", "劳动节调休上班")
        range("2026-06-19", "2026-06-21", "端午节")
        range("2026-09-25", "2026-09-27", "中秋节")
        range("2026-10-01", "2026-10-07", "国庆节")
        work("2026-09-20", "国庆节调休上班")
        work("2026-10-10", "国庆节调休上班")
        return out
    }()

    public static var china: WorkCalendar {
        var c = WorkCalendar()
        for e in chinaDefaults {
            let d = CalendarDate(e.date)!
            if e.kind == .holiday { c.holidays.insert(d) } else { c.workingWeekends.insert(d) }
        }
        return c
    }
}
