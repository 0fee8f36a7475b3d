import Foundation
import YuanquKit

/// The leaders' dashboard: one section an area, headline figures as tiles (each a link to the list behind it, with
/// last year's figure to the same day and the change), and charts of this year against last, month by month.
enum DashboardView {
    /// A change in basis points as a signed percentage, e.g. "+12.5%".
    static func change(_ bp: Int?) -> String? { bp.map { String(format: "%+.1f%%", Double($0) / 100) } }

    static func percent(_ part: Int64, of whole: Int64) -> String {
        whole > 0 ? String(format: "%.1f%%", Double(part) * 100 / Double(whole)) : "—"
    }

    static func yi(_ fen: Int64) -> String { Money(fen: fen).yiText }

    /// A headline figure: its value, what it was last year (when compared), and where its records are listed.
    static func tile(
        _ label: String,
        _ value: String,
        link: String?,
        previous: String? = nil,
        change: String? = nil,
        alert: Bool = false,
        lang: Lang
    ) -> HNode {
        let figure = el("b", alert ? [("class", "alert-figure")] : [], txt(value))
        var lines: [HNode] = [figure, el("span", [("class", "tile-label")], txt(label))]
        if let previous {
            lines.append(
                el(
                    "span",
                    [("class", "tile-previous")],
                    txt(lang.t("去年同期 ", "Last year ") + previous),
                    change.map { c in el("span", [("class", c.hasPrefix("-") ? "down" : "up")], txt(" " + c)) } ?? .empty
                )
            )
        }
        guard let link else { return el("div", [("class", "stat tile")], lines) }
        return el("div", [("class", "stat tile")], el("a", [("href", link)], lines))
    }

    /// A figure compared with last year as a tile.
    static func compared(
        _ label: String,
        _ c: Comparison,
        link: String?,
        format: (Int64) -> String = { String($0) },
        lang: Lang
    ) -> HNode {
        tile(label, format(c.current), link: link, previous: format(c.previous), change: change(c.changeBasisPoints), lang: lang)
    }

    static func section(_ id: String, _ title: String, tiles: [HNode], charts: [HNode] = []) -> HNode {
        el(
            "section",
            [("id", id), ("class", "dash-section")],
            el("h2", [], txt(title)),
            el("div", [("class", "stats")], tiles),
            charts.isEmpty ? .empty : el("div", [("class", "perf-charts")], charts.map { el("div", [("class", "chart")], $0) })
        )
    }

    static func monthLabels(_ lang: Lang) -> [String] { (1...12).map { lang.t("\($0)月", String($0)) } }

    static func monthly(_ m: Monthly, year: Int, months: Int, title: String, scale: Double = 1, unit: String = "", lang: Lang) -> HNode {
        Charts.paired(
            labels: monthLabels(lang),
            current: (lang.t("\(year)年", String(year)), m.current.prefix(months).map { Double($0) / scale }),
            previous: (lang.t("\(year - 1)年", String(year - 1)), m.previous.map { Double($0) / scale }),
            format: { v in (scale == 1 ? String(Int(v)) : String(format: "%.2f", v)) + unit },
            title: title
        )
    }

    static func view(_ m: DashboardPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.figures
        let zone: [(String, String?)] = [("zone", m.zoneQuery)]
        func url(_ u: SiteURL, _ query: [(String, String?)] = []) -> String { u.path(query: zone + query) }
        let months = f.to.hasPrefix(String(f.year)) ? Int(f.to.dropFirst(5).prefix(2)) ?? 12 : 12
        var sections: [HNode] = []
        if let o = f.organisation {
            sections.append(
                section(
                    "organisation",
                    lang.t("组织与编制", "Organisation and headcount"),
                    tiles: [
                        tile(lang.t("机构", "Units"), String(o.units), link: url(.units), lang: lang),
                        tile(lang.t("岗位", "Posts"), String(o.posts), link: url(.posts), lang: lang),
                        tile(lang.t("核定编制", "Approved places"), String(o.headcount), link: url(.posts), lang: lang),
                        tile(lang.t("在岗人员", "People in posts"), String(o.inPosts), link: url(.people), lang: lang),
                        tile(
                            lang.t("编制使用率", "Places used"),
                            percent(Int64(o.inPosts), of: Int64(o.headcount)),
                            link: url(.posts),
                            lang: lang
                        ),
                        tile(lang.t("空缺编制", "Vacant places"), String(o.vacancies), link: url(.posts), lang: lang),
                    ]
                )
            )
        }
        if let p = f.personnel {
            sections.append(
                section(
                    "personnel",
                    lang.t("选人用人", "Personnel"),
                    tiles: [
                        tile(lang.t("进行中的竞聘", "Campaigns running"), String(p.campaignsRunning), link: url(.campaigns), lang: lang),
                        compared(lang.t("本年启动竞聘", "Campaigns opened"), p.campaignsOpened, link: url(.campaigns), lang: lang),
                        compared(lang.t("聘任人次", "Appointments"), p.appointments, link: url(.contracts), lang: lang),
                        compared(
                            lang.t("竞争性选拔聘任", "By open competition"),
                            p.competitiveAppointments,
                            link: url(.contracts),
                            lang: lang
                        ),
                    ],
                    charts: [
                        monthly(
                            p.appointmentsByMonth,
                            year: f.year,
                            months: months,
                            title: lang.t("聘任人次（按月）", "Appointments by month"),
                            lang: lang
                        )
                    ]
                )
            )
        }
        if let i = f.investment {
            let period = [("period", String(f.year))]
            sections.append(
                section(
                    "investment",
                    lang.t("招商引资", "Investment"),
                    tiles: [
                        compared(lang.t("签约项目", "Projects signed"), i.signedCount, link: url(.leaderboard, period), lang: lang),
                        compared(
                            lang.t("签约额（亿元）", "Signed (100m yuan)"),
                            i.signedAmountFen,
                            link: url(.leaderboard, period),
                            format: yi,
                            lang: lang
                        ),
                        compared(
                            lang.t("重大项目（≥\(Money.wan(Int64(i.majorThresholdWan)).display)）", "Major projects"),
                            i.majorCount,
                            link: url(.investment, [("major", "1")]),
                            lang: lang
                        ),
                        compared(
                            lang.t("新开工项目", "Construction started"),
                            i.startedCount,
                            link: url(.investment, [("stage", ProjectStage.underConstruction.rawValue)]),
                            lang: lang
                        ),
                    ],
                    charts: [
                        monthly(
                            i.signedAmountByMonth,
                            year: f.year,
                            months: months,
                            title: lang.t("签约额（亿元，按月）", "Signed by month (100m yuan)"),
                            scale: 1e10,
                            lang: lang
                        ),
                        Charts.funnel(
                            ProjectStage.allCases.filter { $0 != .dropped }.map { s in
                                let n = i.pipeline[s.rawValue] ?? 0
                                return Charts.Bar(label: lang.t(s.label), value: Double(n), text: String(n))
                            },
                            title: lang.t("招商项目所处阶段", "Pipeline by stage")
                        ),
                        Charts.horizontal(
                            i.leaderboard.map { t in
                                Charts.Bar(
                                    label: "\(t.rank). \(t.team)",
                                    value: Double(t.signedAmountFen) / 1e10,
                                    text: yi(t.signedAmountFen) + lang.t(" 亿元", " 100m")
                                )
                            },
                            title: lang.t("招商小组比拼（本年名次前五，签约额）", "Teams: the first five this year, signed amount")
                        ),
                    ]
                )
            )
        }
        if let s = f.service {
            let satisfaction: (Int?) -> String = { h in h.map { String(format: "%.2f", Double($0) / 100) } ?? "—" }
            sections.append(
                section(
                    "service",
                    lang.t("企业服务", "Enterprise service"),
                    tiles: [
                        tile(lang.t("办理中的诉求", "Requests open"), String(s.open), link: url(.serviceRequests), lang: lang),
                        tile(
                            lang.t("超期未办结", "Overdue"),
                            String(s.overdue),
                            link: url(.serviceRequests, [("overdue", "1")]),
                            alert: s.overdue > 0,
                            lang: lang
                        ),
                        compared(
                            lang.t("办结诉求", "Requests closed"),
                            s.closed,
                            link: url(.serviceRequests, [("status", "closed")]),
                            lang: lang
                        ),
                        tile(
                            lang.t("按时办结率", "Closed on time"),
                            percent(s.closedOnTime.current, of: s.closed.current),
                            link: url(.serviceRequests, [("status", "closed")]),
                            previous: percent(s.closedOnTime.previous, of: s.closed.previous),
                            lang: lang
                        ),
                        tile(
                            lang.t("企业满意度（5 分制）", "Satisfaction (of 5)"),
                            satisfaction(s.satisfactionHundredths),
                            link: url(.serviceRequests, [("status", "closed")]),
                            previous: satisfaction(s.previousSatisfactionHundredths),
                            lang: lang
                        ),
                    ],
                    charts: [
                        monthly(
                            s.openedByMonth,
                            year: f.year,
                            months: months,
                            title: lang.t("受理诉求（按月）", "Requests opened by month"),
                            lang: lang
                        )
                    ]
                )
            )
        }
        if let a = f.assessment {
            let grades = Grade.allCases.map { g in
                let n = a.grades[g.rawValue] ?? 0
                return Charts.Bar(label: lang.t(PerformanceLabels.grade(g.rawValue, .civilService)), value: Double(n), text: String(n))
            }
            sections.append(
                section(
                    "assessment",
                    lang.t("绩效考核", "Assessment"),
                    tiles: [
                        tile(
                            lang.t("最近定稿的考核", "Latest final cycle"),
                            a.cycle ?? "—",
                            link: a.cycleId.map { url(.cycle($0)) } ?? url(.performance),
                            lang: lang
                        ),
                        tile(
                            lang.t("优秀比例", "Graded excellent"),
                            percent(Int64(a.grades[Grade.excellent.rawValue] ?? 0), of: Int64(a.grades.values.reduce(0, +))),
                            link: a.cycleId.map { url(.cycle($0)) },
                            lang: lang
                        ),
                        tile(
                            lang.t("待决定的末尾淘汰", "Flags to decide"),
                            String(a.flagsUndecided),
                            link: url(.flags),
                            alert: a.flagsUndecided > 0,
                            lang: lang
                        ),
                    ],
                    charts: a.cycle == nil ? [] : [Charts.columns(grades, title: lang.t("个人考核等次分布", "People by grade"))]
                )
            )
        }
        if let e = f.engineering {
            let projects = SiteURL.constructionProjects
            sections.append(
                section(
                    "engineering",
                    lang.t("工程建设", "Engineering"),
                    tiles: [
                        tile(lang.t("工程项目", "Projects"), String(e.projects), link: url(projects), lang: lang),
                        tile(lang.t("重点项目", "Key projects"), String(e.keyProjects), link: url(projects, [("key", "1")]), lang: lang),
                        tile(lang.t("总投资（亿元）", "Investment (100m yuan)"), yi(e.investmentFen), link: url(.programmes), lang: lang),
                        tile(lang.t("平均形象进度", "Average progress"), "\(e.averageProgress)%", link: url(.programmes), lang: lang),
                        tile(
                            lang.t("延误节点", "Late milestones"),
                            String(e.lateMilestones),
                            link: url(projects, [("late", "1")]),
                            alert: e.lateMilestones > 0,
                            lang: lang
                        ),
                        tile(
                            lang.t("节点按期完成率", "Milestones on time"),
                            percent(e.milestonesOnTime.current, of: e.milestonesDue.current),
                            link: url(projects),
                            previous: percent(e.milestonesOnTime.previous, of: e.milestonesDue.previous),
                            lang: lang
                        ),
                    ],
                    charts: [
                        Charts.columns(
                            ConstructionStage.allCases.map { s in
                                let n = e.byStage[s.rawValue] ?? 0
                                return Charts.Bar(label: lang.t(EngineeringLabels.stage(s.rawValue)), value: Double(n), text: String(n))
                            },
                            title: lang.t("工程项目所处阶段", "Projects by stage")
                        )
                    ]
                )
            )
        }
        if let a = f.auditChain { sections.append(checkpoints(a, lang: lang)) }
        return .group(
            header(m, lang: lang),
            sections.isEmpty ? el("p", [("class", "muted")], txt(lang.t("没有可显示的数据。", "Nothing to show."))) : .group(sections)
        )
    }

    /// How long ago the audit chain was last anchored (`yuanqu audit checkpoint`): "never" and a month or more show
    /// as alerts.
    static func checkpoints(_ a: ZoneDashboard.Checkpoints, lang: Lang) -> HNode {
        let age: String
        switch a.lastDays {
        case nil: age = lang.t("从未", "never")
        case 0?: age = lang.t("今天", "today")
        case 1?: age = lang.t("1 天前", "1 day ago")
        case let d?: age = lang.t("\(d) 天前", "\(d) days ago")
        }
        let log = SiteURL.audit.path(query: [("action", AuditCheckpoint.action)])
        return section(
            "audit-chain",
            lang.t("审计日志锚点", "Audit chain checkpoints"),
            tiles: [
                tile(lang.t("上次锚点", "Last checkpoint"), age, link: log, alert: (a.lastDays ?? 30) >= 30, lang: lang),
                tile(lang.t("锚定至事件", "Anchored up to event"), a.lastSequence.map(String.init) ?? "—", link: log, lang: lang),
            ]
        )
    }

    /// The year choice, the spans compared, and (platform users) the way to the ranking.
    static func header(_ m: DashboardPage, lang: Lang) -> HNode {
        let f = m.figures
        return el(
            "div",
            [("class", "toolbar")],
            yearForm(m.years, selected: f.year, zone: m.zoneQuery, action: .dashboard, lang: lang),
            span(from: f.from, to: f.to, previousFrom: f.previousFrom, previousTo: f.previousTo, lang: lang),
            el("span", [("class", "spacer")]),
            m.linksRanking ? link(.zoneRanking, query: [("year", String(f.year))], lang.t("争先进位：开发区排名", "Zones ranked")) : .empty
        )
    }

    static func span(from: String, to: String, previousFrom: String, previousTo: String, lang: Lang) -> HNode {
        el(
            "p",
            [("class", "muted dash-span")],
            txt(
                lang.t(
                    "统计区间 \(from) 至 \(to)，同比 \(previousFrom) 至 \(previousTo)",
                    "From \(from) to \(to), against \(previousFrom) to \(previousTo)"
                )
            )
        )
    }

    static func yearForm(_ years: [Int], selected: Int, zone: String?, action: SiteURL, lang: Lang) -> HNode {
        el(
            "form",
            [("method", "get"), ("action", action.path), ("class", "perf-inline")],
            zone.map { void("input", [("type", "hidden"), ("name", "zone"), ("value", $0)]) } ?? .empty,
            el("label", [("for", "year")], txt(lang.t("年度", "Year"))),
            el(
                "select",
                [("name", "year"), ("id", "year")],
                years.map { y in el("option", [("value", String(y))] + (y == selected ? [("selected", "selected")] : []), txt(String(y))) }
            ),
            el("button", [("type", "submit")], txt(lang.t("查看", "Show")))
        )
    }
}

/// The platform's zones ranked (争先进位): the score chart, then a table of each zone's measures, rank and rank change.
enum ZoneRankingView {
    static func value(_ m: ZoneRanking.Measure, _ v: Int64?) -> String {
        guard let v else { return "—" }
        switch m {
        case .signedAmount: return Money(fen: v).yiText
        case .majorProjects, .projectsStarted: return String(v)
        case .serviceOnTime, .milestonesOnTime: return String(format: "%.1f%%", Double(v) / 100)
        case .satisfaction: return String(format: "%.2f", Double(v) / 100)
        }
    }

    static func label(_ m: ZoneRanking.Measure) -> Loc {
        switch m {
        case .signedAmount: return Loc("签约额(亿)", "Signed (100m)")
        case .majorProjects: return Loc("亿元项目", "≥ ¥100m")
        case .projectsStarted: return Loc("新开工", "Started")
        case .serviceOnTime: return Loc("按时办结", "On time")
        case .satisfaction: return Loc("满意度", "Satisfaction")
        case .milestonesOnTime: return Loc("节点按期", "Milestones")
        }
    }

    static func change(_ c: Int?, lang: Lang) -> HNode {
        guard let c else { return txt("—") }
        if c == 0 { return el("span", [("class", "muted")], txt(lang.t("持平", "same"))) }
        return el("span", [("class", c > 0 ? "up" : "down")], txt(c > 0 ? "↑\(c)" : "↓\(-c)"))
    }

    static func view(_ m: ZoneRankingPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let r = m.ranking
        let measures = ZoneRanking.Measure.allCases
        let chart = Charts.horizontal(
            r.rows.prefix(20).map { row in
                Charts.Bar(label: "\(row.rank). \(row.zoneName)", value: row.score, text: String(format: "%.2f", row.score))
            },
            title: lang.t("综合得分（前 20 名）", "Score (first 20)"),
            width: 720,
            labelWidth: 260
        )
        let headers =
            [lang.t("名次", "Rank"), lang.t("开发区", "Zone"), lang.t("得分", "Score"), lang.t("同比", "Change")]
            + measures.map { lang.t(label($0)) + lang.t("·\($0.weight)分", " · \($0.weight)") }
            + [lang.t("考核优秀率", "Excellent")]
        let rows: [[HNode]] = r.rows.map { row in
            [
                txt(String(row.rank)),
                link(.dashboard, query: [("zone", row.zone), ("year", String(r.year))], row.zoneName, class: "nowrap"),
                txt(String(format: "%.2f", row.score)),
                change(row.change, lang: lang),
            ]
                + measures.map { m in
                    let f = row.measures[m.rawValue]
                    return el(
                        "span",
                        [("title", lang.t("去年同期 ", "Last year ") + value(m, f?.previous))],
                        txt(value(m, f?.value)),
                        f?.rank.map { el("span", [("class", "hint")], txt(" #\($0)")) } ?? .empty
                    )
                }
                + [
                    el(
                        "span",
                        [("title", row.assessmentCycle ?? "")],
                        txt(row.excellentBasisPoints.map { String(format: "%.1f%%", Double($0) / 100) } ?? "—")
                    )
                ]
        }
        return .group(
            el(
                "div",
                [("class", "toolbar")],
                DashboardView.yearForm(m.years, selected: r.year, zone: nil, action: .zoneRanking, lang: lang),
                DashboardView.span(from: r.from, to: r.to, previousFrom: r.previousFrom, previousTo: r.previousTo, lang: lang)
            ),
            el(
                "p",
                [("class", "hint")],
                txt(
                    lang.t(
                        "各项指标最高者得满权重分，其余按比例得分；名次变化与去年同期比较。",
                        "The best zone on a measure scores its full weight, the others in proportion; rank change is against the same span last year."
                    )
                )
            ),
            el("div", [("class", "chart")], chart),
            ListView.plain(headers, rows: rows, numeric: Set(2..<(headers.count - 1)))
        )
    }
}
