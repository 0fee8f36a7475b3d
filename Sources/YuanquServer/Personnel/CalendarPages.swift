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
        let lang = req.lang
        let year = (try? req.query.get(Int.self, at: "year")) ?? CalendarDate.today().year
        let days = try await CalendarDay.query(on: req.db).filter(\.$date >= "\(year)-01-01").filter(\.$date <= "\(year)-12-31").sort(
            \.$date
        ).all()
        let years = Set(try await CalendarDay.query(on: req.db).all().compactMap { Int($0.date.prefix(4)) }).sorted()
        let f = FormKit(lang: lang, errors: error?.fieldErrors ?? [:], values: values)
        let body: HNode = .group(
            error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0.message))) } ?? .empty,
            saved.map { el("p", [("class", "alert alert-ok")], txt(lang.t("已保存 \($0) 天。", "\($0) days saved."))) } ?? .empty,
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "公示期等按工作日计算：周一至周五为工作日，下列法定节假日除外；调休上班的周末算作工作日。已有年份：",
                        "Working days are Monday to Friday except the holidays below; adjusted weekends are worked. Years held: "
                    )
                        + years.map(String.init).joined(separator: "、")
                )
            ),
            el("p", [], .group(years.map { y in .group(link(.calendar, query: [("year", String(y))], String(y)), txt(" ")) })),
            el(
                "table",
                [("class", "list")],
                [
                    el(
                        "thead",
                        [],
                        el(
                            "tr",
                            [],
                            [Loc("日期", "Date"), Loc("星期", "Weekday"), Loc("类型", "Kind"), Loc("名称", "Name")].map {
                                el("th", [], txt(lang.t($0)))
                            }
                        )
                    ),
                    el(
                        "tbody",
                        [],
                        days.map { d in
                            let wd = CalendarDate(d.date).map { ["一", "二", "三", "四", "五", "六", "日"][$0.weekday - 1] } ?? ""
                            return el(
                                "tr",
                                [],
                                el("td", [], txt(d.date)),
                                el("td", [], txt(lang.t("周" + wd, wd))),
                                el("td", [], txt(d.kind == .holiday ? lang.t("放假", "Holiday") : lang.t("调休上班", "Worked weekend"))),
                                el("td", [], txt(d.name))
                            )
                        }
                    ),
                ]
            ),
            el("h2", [], txt(lang.t("添加或修改", "Add or change"))),
            postForm(
                req.view,
                action: .calendar,
                class: "card",
                [
                    f.textarea(
                        "lines",
                        lang.t(
                            "每行一天：日期,类型,名称（类型为“放假”或“上班”；日期段可写 2027-10-01~2027-10-07）",
                            "One per line: date,kind,name (kind: holiday or work; a range may be written 2027-10-01~2027-10-07)"
                        ),
                        rows: 8,
                        hint: "2027-01-01,放假,元旦\n2027-02-06~2027-02-12,放假,春节\n2027-02-14,上班,春节调休上班"
                    ),
                    el("button", [("type", "submit")], txt(lang.t("保存", "Save"))),
                ]
            )
        )
        return Layout.render(request: req, title: lang.t("工作日历", "Working-day calendar"), body: body, status: error?.status ?? .ok)
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
