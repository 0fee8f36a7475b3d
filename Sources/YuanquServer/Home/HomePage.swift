import Fluent
import SQLKit
import Vapor
import YuanquKit

/// What the home page shows: the zones at a glance and what needs the reader's attention. Plain values.
struct HomePage {
    struct Alert {
        let count: Int
        /// Days ahead, for contracts ending soon.
        let days: Int
        let items: [(label: String, url: SiteURL)]
        let more: Bool
    }

    struct ZoneCard {
        let name: String
        let units: Int
        let posts: Int
        let people: Int
        /// The committee's main-business share, nil when it has no department or centre.
        let mainBusinessShare: Double?
        let overlaps: Int
        /// Signed projects of ¥100 million or more and their investment, for readers of the investment area.
        let majorProjects: (count: Int, amount: Money)?
    }

    /// What the assessment asks of the reader: ratings still to give, objections to resolve, flags to decide.
    struct Assessment {
        var ratingsDue: Int = 0
        var ratingCycle: String? = nil
        var objections: Int = 0
        var flags: Int = 0
        var isEmpty: Bool { ratingsDue == 0 && objections == 0 && flags == 0 }
    }

    let userName: String
    let assessment: Assessment?
    let overdueRequests: Alert?
    /// Overdue action items (督办事项) the reader owns or whose meeting the reader chaired.
    var overdueActions: Alert? = nil
    /// Engineering work waiting for the reader: approvals, changes for a meeting, late contracts.
    var engineering: Alert? = nil
    let endingContracts: Alert?
    let zones: [ZoneCard]
    let zonesNotShown: Int
    let linksOrganisation: Bool
    let linksPeople: Bool
}

/// The home page's reads: counts summed by the database, one zone card per zone (at most 30).
enum HomeQuery {
    static let maxZones = 30

    static func page(actor: Actor, lang: Lang, on db: Database) async throws -> HomePage {
        let sql = try db.sql
        var zq = sql.select().column("id").column("name").column("name_en").from("zones").orderBy("code")
        if let z = actor.zoneID { zq = zq.where("id", .equal, SQLBind(z)) }
        let zones = try await zq.all()
        var cards: [HomePage.ZoneCard] = []
        for row in zones.prefix(maxZones) {
            let id = try row.decode(column: "id", as: UUID.self)
            let name = lang.t(try row.decode(column: "name", as: String.self), try row.decode(column: "name_en", as: String.self))
            cards.append(try await card(zone: id, name: name, actor: actor, on: db))
        }
        var overdue: HomePage.Alert? = nil
        var overdueActions: HomePage.Alert? = nil
        var engineering: HomePage.Alert? = nil
        var ending: HomePage.Alert? = nil
        var assessment: HomePage.Assessment? = nil
        if let zone = actor.zoneID {
            assessment = try await pendingAssessment(actor: actor, zone: zone, on: db)
            overdue = try await overdueRequests(actor: actor, zone: zone, lang: lang, on: db)
            overdueActions = try await overdueActionItems(actor: actor, zone: zone, lang: lang, on: db)
            engineering = try await engineeringTodos(actor: actor, zone: zone, lang: lang, on: db)
            ending = try await endingContracts(actor: actor, zone: zone, lang: lang, on: db)
        }
        return HomePage(
            userName: actor.displayName,
            assessment: assessment,
            overdueRequests: overdue,
            overdueActions: overdueActions,
            engineering: engineering,
            endingContracts: ending,
            zones: cards,
            zonesNotShown: max(0, zones.count - maxZones),
            linksOrganisation: actor.can(.orgRead),
            linksPeople: actor.can(.peopleRead)
        )
    }

    /// Ratings the reader has still to give in open cycles, objections open (HR), flags undecided (leaders).
    static func pendingAssessment(actor: Actor, zone: UUID, on db: Database) async throws -> HomePage.Assessment? {
        var a = HomePage.Assessment()
        let open = try await AssessmentCycle.query(on: db).filter(\.$zoneID == zone).filter(\.$status ~~ ["open", "computed", "notice"])
            .all()
        if actor.can(.rate) {
            for c in open where c.status != "notice" {
                let due = try await RatingsPage.tasks(actor: actor, cycle: c, on: db).filter { $0.score == nil }.count
                a.ratingsDue += due
                if due > 0 && a.ratingCycle == nil { a.ratingCycle = c.name }
            }
        }
        if actor.can(.assessmentManage) {
            let ids = open.compactMap(\.id)
            if !ids.isEmpty {
                a.objections = try await ResultObjection.query(on: db).filter(\.$cycleID ~~ ids).filter(\.$resolution == nil).count()
            }
        }
        if actor.can(.assessmentDecide) {
            a.flags = try await EliminationFlag.query(on: db).filter(\.$zoneID == zone).filter(\.$decision == nil).count()
        }
        return a.isEmpty ? nil : a
    }

    struct UnitRow: Decodable {
        let id: UUID
        let kind: String
        let isMainBusiness: Bool
        let duties: String
        let bodyKind: String
    }

    static func card(zone: UUID, name: String, actor: Actor, on db: Database) async throws -> HomePage.ZoneCard {
        let sql = try db.sql
        let units = try await sql.select()
            .column(SQLColumn("id", table: "org_units"), as: "id")
            .column(SQLColumn("kind", table: "org_units"), as: "kind")
            .column(SQLColumn("is_main_business", table: "org_units"), as: "is_main_business")
            .column(SQLColumn("duties", table: "org_units"), as: "duties")
            .column(SQLColumn("kind", table: "bodies"), as: "body_kind")
            .from("org_units")
            .join(
                "bodies",
                method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "bodies"),
                .equal,
                SQLColumn("body_id", table: "org_units")
            )
            .where(SQLColumn("zone_id", table: "org_units"), .equal, SQLBind(zone))
            .all(decoding: UnitRow.self, keyDecodingStrategy: .snakeCaseColumns)
        let committee = units.filter { $0.bodyKind == BodyKind.committee.rawValue }
        let share = MainBusiness.ratio(
            committee.compactMap { u in UnitKind(rawValue: u.kind).map { (kind: $0, isMainBusiness: u.isMainBusiness) } }
        )
        let overlaps = Duties.overlaps(units.map { (id: $0.id.uuidString, duties: Duties.parse($0.duties)) }).count
        var major: (count: Int, amount: Money)? = nil
        if actor.can(.investmentRead) {
            let t = try await InvestmentService.totals(zone: zone, on: db)
            major = (t.majorSignedCount, Money(fen: t.majorSignedAmountFen))
        }
        return HomePage.ZoneCard(
            name: name,
            units: units.count,
            posts: try await count("posts", zone: zone, on: sql),
            people: try await count("people", zone: zone, on: sql),
            mainBusinessShare: share,
            overlaps: overlaps,
            majorProjects: major
        )
    }

    static func count(_ table: String, zone: UUID, on sql: SQLDatabase) async throws -> Int {
        let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
            .where("zone_id", .equal, SQLBind(zone)).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Overdue service requests: the holder's own; all of the zone for the head of a centre and the zone admin.
    static func overdueRequests(actor: Actor, zone: UUID, lang: Lang, on db: Database) async throws -> HomePage.Alert? {
        var q = ServiceRequest.query(on: db).filter(\.$zoneID == zone).filter(\.$status != "closed")
            .filter(\.$dueOn < CalendarDate.today().description)
        let unitKind = try await actor.unitID.asyncMap { try await OrgUnit.find($0, on: db) }??.kind
        let headsCentre = unitKind == .centre && actor.role == .unitHead
        if !(headsCentre || actor.role == .zoneAdmin) {
            guard let me = actor.personID else { return nil }
            q = q.filter(\.$holderID == me)
        }
        let overdue = try await q.sort(\.$dueOn).all()
        guard !overdue.isEmpty else { return nil }
        let enterprises = try await Enterprise.query(on: db).filter(\.$id ~~ overdue.map(\.enterpriseID)).all()
        let names = Dictionary(uniqueKeysWithValues: enterprises.map { ($0.id!, $0.name) })
        let items = overdue.prefix(8).map { r in
            (label: (names[r.enterpriseID] ?? "") + lang.t("：", ": ") + r.title, url: SiteURL.enterprise(r.enterpriseID))
        }
        return HomePage.Alert(count: overdue.count, days: 0, items: items, more: false)
    }

    /// Overdue action items of meetings: those the reader owns and those of meetings the reader chaired.
    static func overdueActionItems(actor: Actor, zone: UUID, lang: Lang, on db: Database) async throws -> HomePage.Alert? {
        guard actor.can(.engineeringRead), let me = actor.personID else { return nil }
        let (count, rows) = try await MeetingQueries.overdue(for: me, zone: zone, on: db)
        guard count > 0 else { return nil }
        let items = rows.map { a in
            (label: a.title + lang.t("（\(a.ownerName ?? "")，\(a.dueOn)）", " (\(a.ownerName ?? ""), \(a.dueOn))"), url: SiteURL.actionItems)
        }
        return HomePage.Alert(count: count, days: 0, items: items, more: count > rows.count)
    }

    /// Engineering work waiting for the reader, each item linked to its project or tender.
    static func engineeringTodos(actor: Actor, zone: UUID, lang: Lang, on db: Database) async throws -> HomePage.Alert? {
        let (count, rows) = try await EngineeringQueries.todos(
            zone: zone,
            decide: actor.can(.engineeringDecide),
            write: actor.can(.engineeringWrite),
            today: .today(),
            on: db
        )
        guard count > 0 else { return nil }
        let items = rows.map { r -> (label: String, url: SiteURL) in
            switch r.kind {
            case "costStage":
                let parts = r.label.split(separator: " ")
                let stage = parts.last.flatMap { CostStage(rawValue: String($0)) }.map { EngineeringLabels.costStage($0) }
                let what = lang.t((stage?.zh ?? "") + "待审批", (stage?.en ?? "") + " to approve")
                return (label: (parts.first.map(String.init) ?? "") + " " + what, url: .constructionProject(r.projectId))
            case "methodApproval": return (label: r.label + lang.t("（采购方式待审批）", " (method to approve)"), url: .tender(r.id))
            case "awaitingMeeting":
                return (label: r.label + lang.t("（设计变更待会议决定）", " (change for a meeting)"), url: .constructionProject(r.projectId))
            default: return (label: r.label + lang.t("（中标后逾 30 日未签合同）", " (no contract 30 days after the award)"), url: .tender(r.id))
            }
        }
        return HomePage.Alert(count: count, days: 0, items: items, more: count > rows.count)
    }

    /// Contracts ending within the zone's warning days, for those who manage contracts.
    static func endingContracts(actor: Actor, zone: UUID, lang: Lang, on db: Database) async throws -> HomePage.Alert? {
        guard actor.can(.contractsManage) else { return nil }
        let days = try await Settings.int("contracts.expiryWarningDays", zone: zone, on: db)
        let today = CalendarDate.today()
        let ending = try await EmploymentContract.query(on: db).filter(\.$zoneID == zone).filter(\.$status == "active")
            .filter(\.$endDate >= today.description).filter(\.$endDate <= today.adding(days: days).description).sort(\.$endDate).all()
        guard !ending.isEmpty else { return nil }
        let people = try await Person.query(on: db).filter(\.$id ~~ ending.map(\.personID)).all()
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0.name) })
        let items = ending.prefix(10).map { k in
            (label: (names[k.personID] ?? "") + lang.t("（", " (") + (k.endDate ?? "") + lang.t("）", ")"), url: SiteURL.person(k.personID))
        }
        return HomePage.Alert(count: ending.count, days: days, items: items, more: ending.count > 10)
    }
}
