import Fluent
import Vapor
import YuanquKit

/// The working-day calendar as data: statutory holidays and adjusted working weekends (调休), year by year.
enum CalendarPages {
    static func register(_ app: Application) {
        app.routes.get("admin", "calendar", permission: .settingsWrite, use: { try await page($0) })
        app.routes.post("admin", "calendar", permission: .settingsWrite, use: add)
    }

    static func page(_ req: Request, error: AppError? = nil, values: [String: String] = [:], saved: Int? = nil) async throws -> Response {
        let year = (try? req.query.get(Int.self, at: "year")) ?? CalendarDate.today().year
        let m = try await CalendarPage.load(year: year, saved: saved, form: FormState(error: error, values: values), on: req.db)
        return Layout.render(
            request: req,
            title: req.lang.t("工作日历", "Working-day calendar"),
            body: CalendarView.page(m, req.view),
            status: error?.status ?? .ok
        )
    }

    /// Reads the lines, checks every one, then writes them all (or nothing).
    static func add(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let raw = try req.content.decode([String: String].self)
        var entries: [(CalendarDate, WorkCalendar.Kind, String)] = []
        do {
            for (i, line) in (raw["lines"] ?? "").split(whereSeparator: { $0.isNewline }).enumerated() {
                let parts = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count >= 2 else {
                    throw AppError.invalid("lines", Loc("第 \(i + 1) 行应为“日期,类型,名称”", "Line \(i + 1) must be date,kind,name"))
                }
                let range = parts[0].split(separator: "~").map { CalendarDate(String($0)) }
                guard let from = range.first ?? nil, let to = range.last ?? nil, from <= to, to.dayNumber - from.dayNumber < 40 else {
                    throw AppError.invalid("lines", Loc("第 \(i + 1) 行的日期无效", "Line \(i + 1): the date is not valid"))
                }
                let kind: WorkCalendar.Kind
                switch parts[1].lowercased() {
                case "放假", "holiday": kind = .holiday
                case "上班", "调休上班", "work", "workingweekend": kind = .workingWeekend
                default: throw AppError.invalid("lines", Loc("第 \(i + 1) 行的类型应为“放假”或“上班”", "Line \(i + 1): kind must be holiday or work"))
                }
                for n in from.dayNumber...to.dayNumber {
                    entries.append((CalendarDate(dayNumber: n), kind, String((parts.count > 2 ? parts[2] : "").prefix(40))))
                }
            }
            if entries.isEmpty { throw AppError.invalid("lines", Loc("请至少填写一行", "Give at least one line")) }
            let list = entries
            try await Writes.perform(req.application, actor: actor) { db, trail in
                for (date, kind, name) in list {
                    let d = try await CalendarDay.query(on: db).filter(\.$date == date.description).first() ?? CalendarDay()
                    let before = d.id == nil ? nil : ["kind": d.kind.rawValue, "name": d.name]
                    d.date = date.description
                    d.kind = kind
                    d.name = name
                    if d.id == nil { try await d.create(on: db) } else { try await d.update(on: db) }
                    trail.record(
                        before == nil ? "create" : "update",
                        "calendarDay",
                        id: date.description,
                        zone: actor.zoneID,
                        before: before,
                        after: ["kind": kind.rawValue, "name": name]
                    )
                }
            }
            return try await page(req, saved: list.count)
        } catch let e as AppError {
            return try await page(req, error: e, values: raw)
        }
    }
}
