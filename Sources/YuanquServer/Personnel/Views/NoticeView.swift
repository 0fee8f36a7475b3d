import YuanquKit

/// The printable notice (公示): who is proposed for which post, the period, and where to object.
enum NoticeView {

    static func page(_ m: NoticePage, lang: Lang) -> HNode {
        let zoneName = m.zoneName
        let phone = m.phone
        return el(
            "div",
            [("class", "notice")],
            [
                el("h1", [], txt(zoneName + lang.t(m.kind.label) + lang.t("拟聘人员公示", ": proposed appointees"))),
                el(
                    "p",
                    [],
                    txt(
                        lang.t(
                            "根据“\(m.title)”工作安排，经报名、资格审查、面试、综合排名等程序，现将拟聘人员予以公示：",
                            "Following registration, review, interview and ranking in “\(m.title)”, the proposed appointees are published:"
                        )
                    )
                ),
                ListView.plain(
                    [Loc("序号", "No."), Loc("姓名", "Name"), Loc("性别", "Gender"), Loc("拟聘单位", "Unit"), Loc("拟聘岗位", "Post")].map {
                        lang.t($0)
                    },
                    rows: m.rows.enumerated().map { i, r in
                        [
                            txt(String(i + 1)), txt(r.name), txt(r.gender.map { lang.t($0.label) } ?? ""), txt(r.unit),
                            .group(txt(r.post), CampaignViews.teamTag(r.team, lang)),
                        ]
                    },
                    numeric: [0]
                ),
                el(
                    "p",
                    [],
                    txt(
                        lang.t(
                            "公示期：\(m.publicityStart ?? "") 至 \(m.publicityEnds ?? "")（\(m.publicityDays) 个工作日）。公示期间，如对拟聘人员有异议，可通过来电、来信、来访等"
                                + "方式向园区党工委、管委会反映。反映问题应实事求是，并提供具体事实。",
                            "Publicity: \(m.publicityStart ?? "") to \(m.publicityEnds ?? "") (\(m.publicityDays) working days). Objections"
                                + " may be made to the committee by telephone, letter or in person, with the facts."
                        )
                    )
                ),
                phone.isEmpty ? .empty : el("p", [], txt(lang.t("联系电话：", "Telephone: ") + phone)),
                el("p", [("class", "sign")], txt(zoneName + lang.t("党工委、管委会", " committee")), el("br"), txt(m.publicityStart ?? "")),
                el(
                    "p",
                    [("class", "no-print")],
                    el("button", [("type", "button"), ("data-print", nil)], txt(lang.t("打印", "Print")))
                ),
            ]
        )
    }
}
