import Fluent
import SQLKit
import Vapor
import YuanquKit

/// One day of the working-day calendar as the page lists it (no Fluent model).
struct CalendarDayRow: Decodable, Sendable {
    let date: String
    let kind: String
    let name: String
}

/// The calendar page's reads: a year's days in date order, and the years the calendar holds.
enum CalendarQuery {
    static func days(year: Int, on db: Database) async throws -> [CalendarDayRow] {
        let sql = try db.sql
        return try await sql.select()
            .column("date").column("kind").column("name")
            .from("calendar_days")
            .where(SQLColumn("date"), .greaterThanOrEqual, SQLBind("\(year)-01-01"))
            .where(SQLColumn("date"), .lessThanOrEqual, SQLBind("\(year)-12-31"))
            .orderBy("date")
            .all(decoding: CalendarDayRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func years(on db: Database) async throws -> [Int] {
        let sql = try db.sql
        struct Row: Decodable { let year: String }
        let rows = try await sql.select()
            .distinct()
            .column(SQLFunction("SUBSTR", args: SQLColumn("date"), SQLLiteral.numeric("1"), SQLLiteral.numeric("4")), as: "year")
            .from("calendar_days")
            .all(decoding: Row.self, keyDecodingStrategy: .snakeCaseColumns)
        return Set(rows.compactMap { Int($0.year) }).sorted()
    }
}

/// What the calendar page shows: plain values, rendered by `CalendarView.page`.
struct CalendarPage: Sendable {
    struct Day: Sendable {
        let date: String
        /// 一 … 日, empty when the date does not parse.
        let weekday: String
        let kind: WorkCalendar.Kind?
        let name: String
    }

    let years: [Int]
    let days: [Day]
    /// Days written by the last save, when the page follows one.
    let saved: Int?
    let form: FormState

    static func load(year: Int, saved: Int?, form: FormState, on db: Database) async throws -> CalendarPage {
        let days = try await CalendarQuery.days(year: year, on: db).map { d in
            Day(
                date: d.date,
                weekday: CalendarDate(d.date).map { ["一", "二", "三", "四", "五", "六", "日"][$0.weekday - 1] } ?? "",
                kind: WorkCalendar.Kind(rawValue: d.kind),
                name: d.name
            )
        }
        return CalendarPage(years: try await CalendarQuery.years(on: db), days: days, saved: saved, form: form)
    }
}
