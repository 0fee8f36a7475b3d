import Fluent
import Vapor
import YuanquKit

/// The teams page and its API.
enum TeamPages {
    static func register(_ app: Application) {
        app.routes.get("investment", "teams", permission: .investmentRead, use: { try await page($0) })
        app.routes.post(
            "investment",
            "teams",
            ":id",
            "members",
            permission: .teamsManage,
            reaches: .investmentTeam,
            use: addMemberFromForm
        )
        app.routes.post(
            "investment",
            "teams",
            ":id",
            "members",
            ":membershipId",
            "end",
            permission: .teamsManage,
            reaches: .investmentTeam,
            use: endMemberFromForm
        )
        app.routes.post(
            "investment",
            "teams",
            ":id",
            "targets",
            permission: .teamsManage,
            reaches: .investmentTeam,
            use: setTargetsFromForm
        )
        let tag = "Investment"
        app.api(
            .POST,
            "teams/:id/members",
            permission: .teamsManage,
            reaches: .investmentTeam,
            doc: APIDoc(
                summary: "Add a member from a date by hand (a correction, with its reason; one team at a time)",
                tag: tag,
                request: "MemberInput",
                status: 201
            ),
            use: addMember
        )
        app.api(
            .POST,
            "teams/:id/members/:membershipId/end",
            permission: .teamsManage,
            reaches: .investmentTeam,
            doc: APIDoc(summary: "End a membership on a date by hand (a correction, with its reason)", tag: tag, request: "EndMemberInput"),
            use: endMember
        )
        app.api(
            .POST,
            "teams/:id/targets",
            permission: .teamsManage,
            reaches: .investmentTeam,
            doc: APIDoc(summary: "Set a team's targets for a period", tag: tag, request: "TargetInput"),
            use: setTargets
        )
    }

    /// POST /investment/teams/:id/members
    static func addMemberFromForm(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        return try await act(req, raw, form: .teamMembers(try req.uuid())) { t, db, trail in
            try await TeamService.addMember(
                t,
                input: MemberInput(personId: raw["personId"], from: raw["from"], reason: raw["reason"]),
                on: db,
                trail: trail
            )
        }
    }

    /// POST /investment/teams/:id/members/:membershipId/end
    static func endMemberFromForm(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let mid = try req.uuid("membershipId")
        return try await act(req, raw, form: .teamMemberEnd(team: try req.uuid(), membership: mid)) { t, db, trail in
            guard let m = try await TeamMembership.find(mid, on: db), m.teamID == t.id else { throw AppError.notFound }
            try await TeamService.endMember(
                m,
                team: t,
                input: EndMemberInput(to: raw["to"], reason: raw["reason"]),
                on: db,
                trail: trail
            )
        }
    }

    /// POST /investment/teams/:id/targets
    static func setTargetsFromForm(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        func wan(_ k: String) -> Int64? { raw[k].flatMap { Money.parseWan($0) }?.fen }
        let input = TargetInput(
            period: raw["period"],
            signedCount: raw["signedCount"].flatMap { Int($0) },
            signedAmountFen: wan("signedAmountWan"),
            majorCount: raw["majorCount"].flatMap { Int($0) },
            investedAmountFen: wan("investedAmountWan")
        )
        return try await act(req, raw, form: .teamTargets(try req.uuid())) { t, db, trail in
            try await TeamService.setTarget(t, input: input, on: db, trail: trail)
        }
    }

    /// POST /api/v1/teams/:id/members
    static func addMember(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: MemberInput.self)
        return try await apiChange(req, status: .created) { t, db, trail in
            try await TeamService.addMember(t, input: input, on: db, trail: trail)
        }
    }

    /// POST /api/v1/teams/:id/members/:membershipId/end
    static func endMember(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: EndMemberInput.self)
        let mid = try req.uuid("membershipId")
        return try await apiChange(req) { t, db, trail in
            guard let m = try await TeamMembership.find(mid, on: db), m.teamID == t.id else { throw AppError.notFound }
            try await TeamService.endMember(m, team: t, input: input, on: db, trail: trail)
        }
    }

    /// POST /api/v1/teams/:id/targets
    static func setTargets(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: TargetInput.self)
        return try await apiChange(req) { t, db, trail in try await TeamService.setTarget(t, input: input, on: db, trail: trail) }
    }

    static func load(_ req: Request) async throws -> (Actor, UUID) {
        let actor = try req.actor()
        _ = try actor.writableZone()
        guard let t = try await InvestmentTeam.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(t.zoneID, actor: actor)
        return (actor, t.id!)
    }

    /// Runs a form's change; a refusal shows the page again with that form's errors and what was typed.
    static func act(
        _ req: Request,
        _ raw: [String: String],
        form: SiteURL,
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
            return try await page(req, error: e, refused: form, values: raw.filter { $0.key != "_csrf" })
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

    static func page(_ req: Request, error: AppError? = nil, refused: SiteURL? = nil, values: [String: String] = [:]) async throws
        -> Response
    {
        let actor = try req.actor()
        let lang = req.lang
        let zone: UUID
        switch try await InvestmentAPI.pageZone(req, actor: actor, page: .teams, title: lang.t("招商小组", "Investment teams")) {
        case .zone(let z): zone = z
        case .picker(let page): return page
        }
        let period = String(CalendarDate.today().year)
        let (teams, members, targets) = try await TeamsQuery.teams(zone: zone, period: period, on: req.db)
        // People as Fluent models: `OrgQueries.openable` decides from them whose page the reader may open.
        let people = try await Person.query(on: req.db).filter(\.$zoneID == zone).sort(\.$sortKey).all()
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0.name) })
        let openable = try await OrgQueries.openable(people, actor: actor, on: req.db)
        // The reader's reach worked out once for every team.
        let grants = try await Reaches.grants(actor, [.teamsManage], on: req.db)
        let manageable = Set(
            teams.filter { grants.allows(.teamsManage, RecordOwners(units: Set([$0.unitId].compactMap { $0 }), teams: [$0.id])) }.map(\.id)
        )
        let model = TeamsPage(
            period: period,
            today: CalendarDate.today().description,
            teams: teams.map { t in
                TeamsPage.Team(
                    name: t.name,
                    leader: t.leaderId.flatMap { names[$0] },
                    members: members.filter { $0.teamId == t.id && $0.toDate == nil }.map { m in
                        .init(
                            name: names[m.personId] ?? "",
                            url: openable.contains(m.personId) ? .person(m.personId) : nil,
                            from: m.fromDate,
                            joined: joined(m),
                            end: .teamMemberEnd(team: t.id, membership: m.id)
                        )
                    },
                    former: members.compactMap { m in
                        guard m.teamId == t.id, let to = m.toDate else { return nil }
                        return .init(name: names[m.personId] ?? "", from: m.fromDate, to: to, joined: joined(m), endReason: m.endReason)
                    },
                    target: targets.first { $0.teamId == t.id }.map {
                        .init(
                            signedCount: $0.signedCount,
                            signedAmount: Money(fen: $0.signedAmountFen),
                            majorCount: $0.majorCount,
                            investedAmount: Money(fen: $0.investedAmountFen)
                        )
                    },
                    addMember: .teamMembers(t.id),
                    setTargets: .teamTargets(t.id),
                    canManage: manageable.contains(t.id)
                )
            },
            personOptions: people.map { ($0.id!.uuidString, $0.name) },
            error: error?.message,
            refused: error == nil ? nil : refused,
            form: error.map { FormState(error: $0, values: values) } ?? .empty
        )
        return Layout.render(
            request: req,
            title: lang.t("招商小组", "Investment teams"),
            body: TeamsView.view(model, req.view),
            status: error?.status ?? .ok
        )
    }

    static func joined(_ m: TeamMembershipRow) -> TeamsPage.Joined {
        if let c = m.campaignTitle { return .campaign(c) }
        if let r = m.reason { return .correction(r) }
        return .unrecorded
    }
}
