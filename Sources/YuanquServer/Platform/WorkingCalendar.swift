import Fluent
import YuanquKit

/// The working-day calendar as the database holds it.
enum WorkingCalendar {
    static func load(on db: Database) async throws -> WorkCalendar {
        var c = WorkCalendar()
        for d in try await CalendarDay.query(on: db).all() {
            guard let date = CalendarDate(d.date) else { continue }
            if d.kind == .holiday { c.holidays.insert(date) } else { c.workingWeekends.insert(date) }
        }
        return c
    }
}
