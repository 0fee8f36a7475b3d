import Foundation

/// The home page: a greeting, what needs attention, and each zone's headline figures.
enum HomeView {
    static func view(_ m: HomePage, lang: Lang) -> HNode {
        .group(
            el("p", [], txt(lang.t("您好，\(m.userName)。", "Welcome, \(m.userName)."))),
            m.assessment.map { assessment($0, lang: lang) } ?? .empty,
            m.overdueRequests.map { overdue($0, lang: lang) } ?? .empty,
            m.overdueActions.map { overdueActions($0, lang: lang) } ?? .empty,
            m.engineering.map { engineering($0, lang: lang) } ?? .empty,
            m.endingContracts.map { ending($0, lang: lang) } ?? .empty,
            .group(m.zones.map { zone($0, m, lang: lang) }),
            m.zonesNotShown > 0
                ? el("p", [("class", "muted")], txt(lang.t("另有 \(m.zonesNotShown) 个开发区未列出。", "\(m.zonesNotShown) more zones not shown.")))
                : .empty
        )
    }

    static func assessment(_ a: HomePage.Assessment, lang: Lang) -> HNode {
        var items: [HNode] = []
        if a.ratingsDue > 0 {
            let cycle = a.ratingCycle.map { lang.t("（\($0)）", " (\($0))") } ?? ""
            items.append(link(.ratings, lang.t("\(a.ratingsDue) 项考核评价待您评分", "\(a.ratingsDue) ratings await you") + cycle))
        }
        if a.objections > 0 {
            items.append(link(.performance, lang.t("\(a.objections) 条考核异议待处理", "\(a.objections) objections to resolve")))
        }
        if a.flags > 0 { items.append(link(.flags, lang.t("\(a.flags) 个末尾淘汰预警待决定", "\(a.flags) elimination flags to decide"))) }
        return el(
            "div",
            [("class", "alert alert-warn")],
            el("strong", [], txt(lang.t("考核待办：", "Assessment: "))),
            .group(items.enumerated().map { i, item in .group(i > 0 ? txt(lang.t("；", "; ")) : .empty, item) })
        )
    }

    static func overdue(_ a: HomePage.Alert, lang: Lang) -> HNode {
        el(
            "div",
            [("class", "alert alert-error")],
            el("strong", [], txt(lang.t("\(a.count) 件企业诉求已超期：", "\(a.count) service requests are overdue: "))),
            items(a, lang: lang),
            txt(" "),
            link(.serviceRequests, query: [("overdue", "true")], lang.t("查看全部", "See all"))
        )
    }

    static func overdueActions(_ a: HomePage.Alert, lang: Lang) -> HNode {
        el(
            "div",
            [("class", "alert alert-error")],
            el(
                "strong",
                [],
                txt(lang.t("\(a.count) 项督办事项已超期：", a.count == 1 ? "1 action item is overdue: " : "\(a.count) action items are overdue: "))
            ),
            items(a, lang: lang),
            a.more ? txt(lang.t(" 等", " and more")) : .empty,
            txt(" "),
            link(.actionItems, query: [("mine", "true"), ("status", "overdue")], lang.t("查看全部", "See all"))
        )
    }

    static func engineering(_ a: HomePage.Alert, lang: Lang) -> HNode {
        el(
            "div",
            [("class", "alert alert-warn")],
            el("strong", [], txt(lang.t("工程待办 \(a.count) 项：", "Engineering, \(a.count) to do: "))),
            items(a, lang: lang),
            a.more ? txt(lang.t(" 等", " and more")) : .empty
        )
    }

    static func ending(_ a: HomePage.Alert, lang: Lang) -> HNode {
        el(
            "div",
            [("class", "alert alert-warn")],
            el("strong", [], txt(lang.t("\(a.count) 份合同将在 \(a.days) 天内到期：", "\(a.count) contracts end within \(a.days) days: "))),
            items(a, lang: lang),
            a.more ? txt(lang.t(" 等", " and more")) : .empty,
            txt(" "),
            link(.contracts, query: [("expiringWithinDays", String(a.days))], lang.t("查看全部", "See all"))
        )
    }

    static func items(_ a: HomePage.Alert, lang: Lang) -> HNode {
        .group(
            a.items.enumerated().map { i, item in
                .group(i > 0 ? txt(lang.t("、", ", ")) : .empty, link(item.url, item.label))
            }
        )
    }

    static func zone(_ z: HomePage.ZoneCard, _ m: HomePage, lang: Lang) -> HNode {
        let share = z.mainBusinessShare.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
        let investment: HNode =
            z.majorProjects.map { p in
                stat(
                    lang.t("亿元以上签约项目 \(p.count) 个，总投资", "Signed major projects: \(p.count), investing"),
                    p.amount.display,
                    link: .leaderboard
                )
            } ?? .empty
        return .group(
            el("h2", [], txt(z.name)),
            el(
                "div",
                [("class", "stats")],
                stat(lang.t("组织机构", "Units"), String(z.units), link: m.linksOrganisation ? .units : nil),
                stat(lang.t("岗位", "Posts"), String(z.posts), link: m.linksOrganisation ? .posts : nil),
                stat(lang.t("人员", "People"), String(z.people), link: m.linksPeople ? .people : nil),
                stat(lang.t("管委会主责主业占比", "Committee main-business share"), share, link: nil),
                stat(
                    lang.t("职能交叉", "Overlapping duties"),
                    String(z.overlaps),
                    link: m.linksOrganisation ? .units : nil,
                    fragment: "overlaps"
                ),
                investment
            )
        )
    }

    /// A headline figure with its label, linking to where it comes from when the reader may open that page.
    static func stat(_ label: String, _ value: String, link url: SiteURL?, fragment: String? = nil) -> HNode {
        let inner: [HNode] = [el("b", [], txt(value)), txt(label)]
        guard let url else { return el("div", [("class", "stat")], inner) }
        return el("div", [("class", "stat")], el("a", [("href", url.path + (fragment.map { "#" + $0 } ?? ""))], inner))
    }
}
