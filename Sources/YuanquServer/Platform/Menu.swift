import YuanquKit

/// The main menu: the home page, then one entry per area (组织, 选人用人, 绩效, 招商服务, 工程, 系统管理) with the
/// area's pages one level down. An actor sees the pages their role may open, and an area only when it holds one.
enum Menu {
    struct Page {
        let url: SiteURL
        let label: Loc
        let permission: Permission
    }

    struct Area {
        let label: Loc
        let pages: [Page]
    }

    /// One entry of an actor's menu: a page, or an area with its pages. `current` marks the page shown (and its area).
    enum Entry: Equatable {
        case page(url: SiteURL, label: Loc, current: Bool)
        case area(label: Loc, pages: [Entry], current: Bool)
    }

    static let home = Page(url: .home, label: Loc("首页", "Home"), permission: .signedIn)

    static let areas: [Area] = [
        Area(
            label: Loc("驾驶舱", "Dashboard"),
            pages: [
                Page(url: .dashboard, label: Loc("领导驾驶舱", "Leaders' dashboard"), permission: .dashboardRead),
                Page(url: .zoneRanking, label: Loc("争先进位", "Zones ranked"), permission: .zonesCompare),
            ]
        ),
        Area(
            label: Loc("组织", "Organisation"),
            pages: [
                Page(url: .units, label: Loc("组织机构", "Units"), permission: .orgRead),
                Page(url: .orgChart, label: Loc("组织架构图", "Org chart"), permission: .orgRead),
                Page(url: .posts, label: Loc("岗位", "Posts"), permission: .orgRead),
                Page(url: .people, label: Loc("人员", "People"), permission: .peopleRead),
                Page(url: .organisationImport, label: Loc("导入组织（工作簿）", "Import the organisation"), permission: .importData),
            ]
        ),
        Area(
            label: Loc("选人用人", "Personnel"),
            pages: [
                Page(url: .campaigns, label: Loc("竞聘与遴选", "Campaigns"), permission: .campaignsRead),
                Page(url: .contracts, label: Loc("聘任与合同", "Contracts"), permission: .appointmentsRead),
            ]
        ),
        Area(
            label: Loc("绩效", "Performance"),
            pages: [
                Page(url: .performance, label: Loc("考核方案与周期", "Schemes and cycles"), permission: .assessmentRead),
                Page(url: .ratings, label: Loc("我的评价", "My ratings"), permission: .rate),
                Page(url: .flags, label: Loc("末尾淘汰", "Elimination flags"), permission: .assessmentRead),
                Page(url: .cases, label: Loc("问责与容错", "Accountability"), permission: .assessmentRead),
            ]
        ),
        Area(
            label: Loc("招商服务", "Investment"),
            pages: [
                Page(url: .investment, label: Loc("招商项目", "Pipeline"), permission: .investmentRead),
                Page(url: .leaderboard, label: Loc("招商比拼", "Leaderboard"), permission: .investmentRead),
                Page(url: .teams, label: Loc("招商小组", "Teams"), permission: .investmentRead),
                Page(url: .enterprises, label: Loc("企业服务", "Enterprises"), permission: .investmentRead),
                Page(url: .serviceRequests, label: Loc("服务诉求", "Service requests"), permission: .investmentRead),
            ]
        ),
        Area(
            label: Loc("工程", "Engineering"),
            pages: [
                Page(url: .programmes, label: Loc("计划与项目总览", "Programmes"), permission: .engineeringRead),
                Page(url: .constructionProjects, label: Loc("工程项目", "Projects"), permission: .engineeringRead),
                Page(url: .tenders, label: Loc("招标采购", "Tenders"), permission: .engineeringRead),
                Page(url: .auditFirms, label: Loc("跟踪审计单位", "Audit firms"), permission: .engineeringRead),
                Page(url: .meetings, label: Loc("重点工程会议", "Meetings"), permission: .engineeringRead),
                Page(url: .actionItems, label: Loc("督办事项", "Action items"), permission: .engineeringRead),
            ]
        ),
        Area(
            label: Loc("系统管理", "Administration"),
            pages: [
                Page(url: .audit, label: Loc("审计日志", "Audit log"), permission: .auditRead),
                Page(url: .settings, label: Loc("设置与字典", "Settings"), permission: .settingsWrite),
                Page(url: .calendar, label: Loc("工作日历", "Calendar"), permission: .settingsWrite),
                Page(url: .users, label: Loc("用户", "Users"), permission: .usersManage),
                Page(url: .sessions, label: Loc("在线会话", "Sessions"), permission: .sessionsManage),
                Page(url: .zones, label: Loc("开发区", "Zones"), permission: .zonesManage),
            ]
        ),
    ]

    /// The menu an actor sees on the page at `path`: the longest page address that `path` is or lies under is current.
    static func entries(for actor: Actor, path: String) -> [Entry] {
        let all = [home] + areas.flatMap(\.pages)
        let current = all.map(\.url.path).filter { $0 == "/" ? path == "/" : path == $0 || path.hasPrefix($0 + "/") }
            .max { $0.count < $1.count }
        func entry(_ page: Page) -> Entry { .page(url: page.url, label: page.label, current: page.url.path == current) }
        var entries: [Entry] = [entry(home)]
        for area in areas {
            let pages = area.pages.filter { actor.can($0.permission) }
            guard !pages.isEmpty else { continue }
            entries.append(.area(label: area.label, pages: pages.map(entry), current: pages.contains { $0.url.path == current }))
        }
        return entries
    }

    /// The menu as markup: areas open on a click (`details`, one open at a time through its `name`), no script.
    static func view(_ entries: [Entry], lang: Lang) -> HNode {
        el("nav", [("class", "main"), ("aria-label", lang.t("主导航", "Main"))], entries.map { entryView($0, lang: lang) })
    }

    private static func entryView(_ entry: Entry, lang: Lang) -> HNode {
        switch entry {
        case .page(let url, let label, let current):
            return el("a", [("href", url.path)] + (current ? [("class", "current"), ("aria-current", "page")] : []), txt(lang.t(label)))
        case .area(let label, let pages, let current):
            return el(
                "details",
                [("class", current ? "area current" : "area"), ("name", "menu")],
                el("summary", [], txt(lang.t(label))),
                el("div", [("class", "menu")], pages.map { entryView($0, lang: lang) })
            )
        }
    }
}
