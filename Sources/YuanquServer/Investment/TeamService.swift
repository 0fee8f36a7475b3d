import Fluent
import Vapor
import YuanquKit

struct MemberInput: Codable {
    var personId: String?
    var from: String?
}
struct EndMemberInput: Codable { var to: String? }
struct TargetInput: Codable {
    var period: String?
    var signedCount: Int?
    var signedAmountFen: Int64?
    var majorCount: Int?
    var investedAmountFen: Int64?
}

/// Team membership (dated; a person is in at most one team at a time) and targets, through the one write path.
enum TeamService {
    static func addMember(_ team: InvestmentTeam, input: MemberInput, on db: Database, trail: AuditTrail) async throws {
        guard let s = input.personId, let pid = UUID(uuidString: s), let person = try await Person.find(pid, on: db),
            person.zoneID == team.zoneID
        else {
            throw AppError.invalid("personId", Loc("所选人员不存在", "No such person"))
        }
        guard let from = CalendarDate(input.from ?? CalendarDate.today().description) else {
            throw AppError.invalid("from", Loc("日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD"))
        }
        if let open = try await TeamMembership.query(on: db).filter(\.$personID == pid).filter(\.$toDate == nil).first() {
            let other = try await InvestmentTeam.find(open.teamID, on: db)?.name ?? ""
            throw AppError.conflict(
                Loc("\(person.name)已在“\(other)”，须先结束原小组成员身份", "\(person.name) is in “\(other)”: end that membership first"),
                field: "personId"
            )
        }
        let m = TeamMembership()
        m.teamID = team.id!
        m.personID = pid
        m.fromDate = from.description
        try await m.create(on: db)
        trail.record("join", "team", id: team.id!.uuidString, zone: team.zoneID, after: ["person": person.name, "from": from.description])
    }

    static func endMember(_ m: TeamMembership, team: InvestmentTeam, input: EndMemberInput, on db: Database, trail: AuditTrail) async throws
    {
        guard m.toDate == nil else { throw AppError.conflict(Loc("该成员身份已结束", "Already ended")) }
        guard let to = CalendarDate(input.to ?? CalendarDate.today().description), to.description >= m.fromDate else {
            throw AppError.invalid("to", Loc("结束日期须为 YYYY-MM-DD，且不早于加入日期", "The end is a date (YYYY-MM-DD) not before the start"))
        }
        m.toDate = to.description
        try await m.update(on: db)
        let name = try await Person.find(m.personID, on: db)?.name ?? ""
        trail.record("leave", "team", id: team.id!.uuidString, zone: team.zoneID, after: ["person": name, "to": to.description])
    }

    static func setTarget(_ team: InvestmentTeam, input: TargetInput, on db: Database, trail: AuditTrail) async throws {
        var v = Validation()
        let period = input.period ?? String(CalendarDate.today().year)
        if period.count != 4 || Int(period) == nil { v.add("period", Loc("考核年度应为四位年份", "The period is a year")) }
        if (input.signedCount ?? 0) < 0 { v.add("signedCount", Loc("不能为负", "Cannot be negative")) }
        if (input.signedAmountFen ?? 0) < 0 || (input.signedAmountFen ?? 0) > InvestmentService.maxAmount.fen {
            v.add("signedAmountFen", Loc("须在 0 至 10 万亿元之间", "Must be between 0 and 10 trillion yuan"))
        }
        if (input.majorCount ?? 0) < 0 { v.add("majorCount", Loc("不能为负", "Cannot be negative")) }
        if (input.investedAmountFen ?? 0) < 0 || (input.investedAmountFen ?? 0) > InvestmentService.maxAmount.fen {
            v.add("investedAmountFen", Loc("须在 0 至 10 万亿元之间", "Must be between 0 and 10 trillion yuan"))
        }
        if (input.signedCount ?? 0) > 1_000_000 || (input.majorCount ?? 0) > 1_000_000 {
            v.add("signedCount", Loc("项目数过大", "Too many projects"))
        }
        try v.check()
        let t = try await TeamTarget.query(on: db).filter(\.$teamID == team.id!).filter(\.$period == period).first() ?? TeamTarget()
        let before =
            t.id == nil
            ? nil
            : [
                "signedCount": Int64(t.signedCount), "signedAmountFen": t.signedAmountFen, "majorCount": Int64(t.majorCount),
                "investedAmountFen": t.investedAmountFen,
            ]
        t.teamID = team.id!
        t.period = period
        t.signedCount = input.signedCount ?? 0
        t.signedAmountFen = input.signedAmountFen ?? 0
        t.majorCount = input.majorCount ?? 0
        t.investedAmountFen = input.investedAmountFen ?? 0
        if t.id == nil { try await t.create(on: db) } else { try await t.update(on: db) }
        trail.record(
            "target",
            "team",
            id: team.id!.uuidString,
            zone: team.zoneID,
            before: before,
            after: [
                "signedCount": Int64(t.signedCount), "signedAmountFen": t.signedAmountFen, "majorCount": Int64(t.majorCount),
                "investedAmountFen": t.investedAmountFen,
            ],
            note: period
        )
    }
}

/// The teams page and its API.
enum TeamPages {
    static func register(_ app: Application) {
        app.routes.get("investment", "teams", permission: .investmentRead, use: { try await page($0) })
        app.routes.post(
            "investment",
            "teams",
            ":id",
            "members",
            permission: .investmentWrite,
            use: { req in
                let raw = try req.content.decode([String: String].self)
                return try await act(req, raw) { t, db, trail in
                    try await TeamService.addMember(
                        t,
                        input: MemberInput(personId: raw["personId"], from: raw["from"]),
                        on: db,
                        trail: trail
                    )
                }
            }
        )
        app.routes.post(
            "investment",
            "teams",
            ":id",
            "members",
            ":membershipId",
            "end",
            permission: .investmentWrite,
            use: { req in
                let raw = try req.content.decode([String: String].self)
                let mid = try req.uuid("membershipId")
                return try await act(req, raw) { t, db, trail in
                    guard let m = try await TeamMembership.find(mid, on: db), m.teamID == t.id else { throw AppError.notFound }
                    try await TeamService.endMember(m, team: t, input: EndMemberInput(to: raw["to"]), on: db, trail: trail)
                }
            }
        )
        app.routes.post(
            "investment",
            "teams",
            ":id",
            "targets",
            permission: .investmentWrite,
            use: { req in
                let raw = try req.content.decode([String: String].self)
                func wan(_ k: String) -> Int64? { raw[k].flatMap { Money.parseWan($0) }?.fen }
                let input = TargetInput(
                    period: raw["period"],
                    signedCount: raw["signedCount"].flatMap { Int($0) },
                    signedAmountFen: wan("signedAmountWan"),
                    majorCount: raw["majorCount"].flatMap { Int($0) },
                    investedAmountFen: wan("investedAmountWan")
                )
                return try await act(req, raw) { t, db, trail in try await TeamService.setTarget(t, input: input, on: db, trail: trail) }
            }
        )
        let tag = "Investment"
        app.api(
            .POST,
            "teams/:id/members",
            permission: .investmentWrite,
            doc: APIDoc(summary: "Add a member from a date (one team at a time)", tag: tag, request: "MemberInput", status: 201),
            use: { req in
                let input = try decodeJSON(req, as: MemberInput.self)
                return try await apiChange(req, status: .created) { t, db, trail in
                    try await TeamService.addMember(t, input: input, on: db, trail: trail)
                }
            }
        )
        app.api(
            .POST,
            "teams/:id/members/:membershipId/end",
            permission: .investmentWrite,
            doc: APIDoc(summary: "End a membership on a date", tag: tag, request: "EndMemberInput"),
            use: { req in
                let input = try decodeJSON(req, as: EndMemberInput.self)
                let mid = try req.uuid("membershipId")
                return try await apiChange(req) { t, db, trail in
                    guard let m = try await TeamMembership.find(mid, on: db), m.teamID == t.id else { throw AppError.notFound }
                    try await TeamService.endMember(m, team: t, input: input, on: db, trail: trail)
                }
            }
        )
        app.api(
            .POST,
            "teams/:id/targets",
            permission: .investmentWrite,
            doc: APIDoc(summary: "Set a team's targets for a period", tag: tag, request: "TargetInput"),
            use: { req in
                let input = try decodeJSON(req, as: TargetInput.self)
                return try await apiChange(req) { t, db, trail in try await TeamService.setTarget(t, input: input, on: db, trail: trail) }
            }
        )
    }

    static func load(_ req: Request) async throws -> (Actor, UUID) {
        let actor = try req.actor()
        _ = try actor.writableZone()
        guard let t = try await InvestmentTeam.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(t.zoneID, actor: actor)
        return (actor, t.id!)
    }

    static func act(
        _ req: Request,
        _ raw: [String: String],
        _ work: @escaping @Sendable (InvestmentTeam, Database, AuditTrail) async throws -> Void
    ) async throws -> Response {
        let (actor, id) = try await load(req)
        do {
            try await Writes.perform(req.application, actor: actor) { db, trail in
                guard let t = try await InvestmentTeam.find(id, on: db) else { throw AppError.notFound }
                try await work(t, db, trail)
            }
            return req.redirect(to: .teams)
        } catch let e as AppError where e.status != .notFound {
            return try await page(req, error: e)
        }
    }

    static func apiChange(
        _ req: Request,
        status: HTTPResponseStatus = .ok,
        _ work: @escaping @Sendable (InvestmentTeam, Database, AuditTrail) async throws -> Void
    ) async throws -> Response {
        let (actor, id) = try await load(req)
        try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let t = try await InvestmentTeam.find(id, on: db) else { throw AppError.notFound }
            try await work(t, db, trail)
        }
        return Response(status: status)
    }

    static func page(_ req: Request, error: AppError? = nil) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let zone: UUID
        switch try await InvestmentAPI.pageZone(req, actor: actor, page: .teams, title: lang.t("招商小组", "Investment teams")) {
        case .zone(let z): zone = z
        case .picker(let page): return page
        }
        let period = String(CalendarDate.today().year)
        let teams = try await InvestmentTeam.query(on: req.db).filter(\.$zoneID == zone).sort(\.$name).all()
        let members = try await TeamMembership.query(on: req.db).filter(\.$teamID ~~ teams.compactMap(\.id)).sort(\.$fromDate).all()
        let targets = try await TeamTarget.query(on: req.db).filter(\.$teamID ~~ teams.compactMap(\.id)).filter(\.$period == period).all()
        let people = try await Person.query(on: req.db).filter(\.$zoneID == zone).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0.name) })
        let openable = try await OrgQueries.openable(people, actor: actor, on: req.db)
        let canWrite = actor.can(.investmentWrite)
        let cards: [HNode] = teams.map { t in
            let current = members.filter { $0.teamID == t.id && $0.toDate == nil }
            let past = members.filter { $0.teamID == t.id && $0.toDate != nil }
            let target = targets.first { $0.teamID == t.id }
            return el(
                "section",
                [("class", "panel")],
                [
                    el(
                        "h2",
                        [],
                        txt(t.name + (t.leaderID.flatMap { names[$0] }.map { lang.t("（组长：", " (leader: ") + $0 + lang.t("）", ")") } ?? ""))
                    ),
                    el(
                        "p",
                        [],
                        txt(lang.t("成员：", "Members: ")),
                        .group(
                            current.enumerated().map { i, m in
                                .group(
                                    i > 0 ? txt("、") : .empty,
                                    openable.contains(m.personID)
                                        ? link(.person(m.personID), names[m.personID] ?? "") : txt(names[m.personID] ?? ""),
                                    txt(lang.t("（\(m.fromDate) 起）", " (since \(m.fromDate))")),
                                    canWrite
                                        ? postForm(
                                            req.view,
                                            action: .teamMemberEnd(team: t.id!, membership: m.id!),
                                            class: "inline",
                                            [
                                                void(
                                                    "input",
                                                    [("type", "hidden"), ("name", "to"), ("value", CalendarDate.today().description)]
                                                ),
                                                el(
                                                    "button",
                                                    [
                                                        ("type", "submit"), ("class", "link-button"),
                                                        ("title", lang.t("今日起退出本组", "Leaves the team today")),
                                                    ],
                                                    txt("×")
                                                ),
                                            ]
                                        ) : .empty
                                )
                            }
                        )
                    ),
                    past.isEmpty
                        ? .empty
                        : el(
                            "p",
                            [("class", "muted")],
                            txt(
                                lang.t("曾任成员：", "Former members: ")
                                    + past.map { (names[$0.personID] ?? "") + "（\($0.fromDate)–\($0.toDate!)）" }.joined(separator: "、")
                            )
                        ),
                    el(
                        "p",
                        [],
                        txt(
                            lang.t("\(period) 年目标：", "\(period) targets: ")
                                + (target.map {
                                    lang.t(
                                        "签约 \($0.signedCount) 个、签约额 \(Money(fen: $0.signedAmountFen).display)、亿元以上 \($0.majorCount) 个、到位投资 \(Money(fen: $0.investedAmountFen).display)",
                                        "\($0.signedCount) signed, \(Money(fen: $0.signedAmountFen).display), \($0.majorCount) major, \(Money(fen: $0.investedAmountFen).display) invested"
                                    )
                                } ?? lang.t("未设定", "none"))
                        )
                    ),
                    canWrite
                        ? postForm(
                            req.view,
                            action: .teamMembers(t.id!),
                            class: "toolbar",
                            [
                                el(
                                    "select",
                                    [("name", "personId"), ("aria-label", lang.t("人员", "Person"))],
                                    [el("option", [("value", "")], txt(lang.t("加入成员…", "Add a member…")))]
                                        + people.map { el("option", [("value", $0.id!.uuidString)], txt($0.name)) }
                                ),
                                void("input", [("name", "from"), ("type", "date"), ("value", CalendarDate.today().description)]),
                                el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("加入", "Add"))),
                            ]
                        ) : .empty,
                    canWrite
                        ? postForm(
                            req.view,
                            action: .teamTargets(t.id!),
                            class: "toolbar",
                            [
                                void("input", [("type", "hidden"), ("name", "period"), ("value", period)]),
                                el(
                                    "label",
                                    [],
                                    txt(lang.t("签约数 ", "Signed ")),
                                    void(
                                        "input",
                                        [
                                            ("name", "signedCount"), ("type", "number"), ("value", String(target?.signedCount ?? 0)),
                                            ("style", "width:60px"),
                                        ]
                                    )
                                ),
                                el(
                                    "label",
                                    [],
                                    txt(lang.t("签约额（万元）", "Amount (10k) ")),
                                    void(
                                        "input",
                                        [
                                            ("name", "signedAmountWan"), ("value", Money(fen: target?.signedAmountFen ?? 0).wanText),
                                            ("size", "10"),
                                        ]
                                    )
                                ),
                                el(
                                    "label",
                                    [],
                                    txt(lang.t("亿元以上 ", "Major ")),
                                    void(
                                        "input",
                                        [
                                            ("name", "majorCount"), ("type", "number"), ("value", String(target?.majorCount ?? 0)),
                                            ("style", "width:60px"),
                                        ]
                                    )
                                ),
                                el(
                                    "label",
                                    [],
                                    txt(lang.t("到位投资（万元）", "Invested (10k) ")),
                                    void(
                                        "input",
                                        [
                                            ("name", "investedAmountWan"), ("value", Money(fen: target?.investedAmountFen ?? 0).wanText),
                                            ("size", "10"),
                                        ]
                                    )
                                ),
                                el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("保存目标", "Save targets"))),
                            ]
                        ) : .empty,
                ]
            )
        }
        return Layout.render(
            request: req,
            title: lang.t("招商小组", "Investment teams"),
            body: .group(
                error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0.message))) } ?? .empty,
                el("p", [], link(.leaderboard, lang.t("查看比拼排名", "See the leaderboard"), class: "btn secondary")),
                .group(cards)
            ),
            status: error?.status ?? .ok
        )
    }
}
