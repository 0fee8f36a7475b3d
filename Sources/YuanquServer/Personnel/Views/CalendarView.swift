import YuanquKit

/// The working-day calendar: a year's holidays and worked weekends, and the form that adds or changes days.
enum CalendarView {
    static func page(_ m: CalendarPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        return .group(
            m.form.alert(lang),
            m.saved.map { el("p", [("class", "alert alert-ok")], txt(lang.t("已保存 \($0) 天。", "\($0) days saved."))) } ?? .empty,
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "公示期等按工作日计算：周一至周五为工作日，下列法定节假日除外；调休上班的周末算作工作日。已有年份：",
                        "Working days are Monday to Friday except the holidays below; adjusted weekends are worked. Years held: "
                    )
                        + m.years.map(String.init).joined(separator: "、")
                )
            ),
            el("p", [], .group(m.years.map { y in .group(link(.calendar, query: [("year", String(y))], String(y)), txt(" ")) })),
            ListView.plain(
                [Loc("日期", "Date"), Loc("星期", "Weekday"), Loc("类型", "Kind"), Loc("名称", "Name")].map { lang.t($0) },
                rows: m.days.map { d in
                    [
                        txt(d.date), txt(lang.t("周" + d.weekday, d.weekday)),
                        txt(d.kind == .holiday ? lang.t("放假", "Holiday") : lang.t("调休上班", "Worked weekend")), txt(d.name),
                    ]
                }
            ),
            el("h2", [], txt(lang.t("添加或修改", "Add or change"))),
            postForm(
                v,
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
    }
}
