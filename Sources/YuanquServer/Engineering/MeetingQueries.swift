import Fluent
import SQLKit
import Vapor
import YuanquKit

/// One meeting as its list and page show it, with its chair's name.
struct MeetingRow: Decodable, Sendable {
    let id: UUID
    let zoneId: UUID
    let kind: String
    let title: String
    let heldOn: String
    let chairId: UUID
    let chairName: String?
    let location: String
    let attendees: String
}

/// An agenda item with the names of the project and design change it is about.
struct MeetingItemRow: Decodable, Sendable {
    let id: UUID
    let meetingId: UUID
    let seq: Int
    let topic: String
    let projectId: UUID?
    let projectCode: String?
    let projectName: String?
    let designChangeId: UUID?
    let designChangeNumber: Int?
    let designChangeTitle: String?
    let designChangeStatus: String?
    let decision: String
    let outcome: String
}

/// An action item with its meeting, owner, agenda item and project.
struct ActionItemRow: Decodable, Sendable {
    let id: UUID
    let zoneId: UUID
    let meetingId: UUID
    let meetingTitle: String
    let meetingHeldOn: String
    let chairId: UUID
    let itemId: UUID?
    let itemSeq: Int?
    let projectId: UUID?
    let projectName: String?
    let title: String
    let ownerId: UUID
    let ownerName: String?
    let dueOn: String
    let status: String
    let closedOn: String?
    let result: String?
}

/// A project or design change a form offers.
struct MeetingOptionRow: Decodable, Sendable {
    let id: UUID
    let label: String
    let detail: String?
}

/// A meeting's counts for its line of the list.
struct MeetingCounts: Sendable {
    var decisions = 0
    var open = 0
    var overdue = 0
}

/// The meetings' and action items' reads, as plain rows through SQLKit.
enum MeetingQueries {
    struct MeetingFilter: Sendable {
        var zone: UUID?
        var kind: String?
        /// Meetings with an agenda item or an action item about this project.
        var project: UUID?
    }

    struct ActionFilter: Sendable {
        var zone: UUID?
        /// open or done.
        var status: String?
        var overdue = false
        var owner: UUID?
        var project: UUID?
        var meeting: UUID?
        /// The action items of any of these meetings.
        var meetings: [UUID]?
        var id: UUID?
        /// Items this person owns or whose meeting they chaired.
        var ownerOrChair: UUID?
        var today: CalendarDate = .today()
    }

    static let statusValues = ActionStatus.allCases.map(\.rawValue)

    static func sql(_ db: Database) throws -> SQLDatabase {
        let sql = try db.sql
        return sql
    }

    static func m(_ column: String) -> SQLColumn { SQLColumn(column, table: "meetings") }
    static func a(_ column: String) -> SQLColumn { SQLColumn(column, table: "action_items") }
    static func i(_ column: String) -> SQLColumn { SQLColumn(column, table: "meeting_items") }

    static func meetingColumns(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
        q.column(m("id"), as: "id")
            .column(m("zone_id"), as: "zone_id")
            .column(m("kind"), as: "kind")
            .column(m("title"), as: "title")
            .column(m("held_on"), as: "held_on")
            .column(m("chair_id"), as: "chair_id")
            .column(SQLColumn("name", table: "people"), as: "chair_name")
            .column(m("location"), as: "location")
            .column(m("attendees"), as: "attendees")
            .from("meetings")
            .join("people", method: SQLJoinMethod.left, on: SQLColumn("id", table: "people"), .equal, m("chair_id"))
    }

    /// The meetings that name a project in an agenda item or an action item.
    static func meetings(about project: UUID, on sql: SQLDatabase) async throws -> [UUID] {
        struct IDRow: Decodable { let meetingId: UUID }
        let fromItems = try await sql.select().column("meeting_id").from("meeting_items").where("project_id", .equal, SQLBind(project))
            .all(decoding: IDRow.self, keyDecodingStrategy: .snakeCaseColumns)
        let fromActions = try await sql.select().column("meeting_id").from("action_items").where("project_id", .equal, SQLBind(project))
            .all(decoding: IDRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return Array(Set((fromItems + fromActions).map(\.meetingId)))
    }

    /// A page of meetings, latest first, and their count.
    static func meetings(_ f: MeetingFilter, range: Range<Int>, on db: Database) async throws -> (rows: [MeetingRow], total: Int) {
        let sql = try sql(db)
        var ids: [UUID]?
        if let p = f.project {
            ids = try await meetings(about: p, on: sql)
            if ids?.isEmpty == true { return ([], 0) }
        }
        func filtered(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if let z = f.zone { q = q.where(m("zone_id"), .equal, SQLBind(z)) }
            if let k = f.kind { q = q.where(m("kind"), .equal, SQLBind(k)) }
            if let ids { q = q.where(m("id"), .in, SQLBind.group(ids)) }
            return q
        }
        let count = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("meetings")).first()
        let total = try count?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(meetingColumns(sql.select()))
            .orderBy(m("held_on"), SQLDirection.descending)
            .orderBy(m("title"))
            .orderBy(m("id"))
            .limit(range.count)
            .offset(range.lowerBound)
            .all(decoding: MeetingRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return (rows, total)
    }

    static func meeting(_ id: UUID, on db: Database) async throws -> MeetingRow? {
        try await meetingColumns(try sql(db).select())
            .where(m("id"), .equal, SQLBind(id))
            .first(decoding: MeetingRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// A meeting the reader's zone reaches, or 404.
    static func meeting(_ id: UUID, actor: Actor, on db: Database) async throws -> MeetingRow {
        guard let row = try await meeting(id, on: db) else { throw AppError.notFound }
        try ZoneScope.check(row.zoneId, actor: actor)
        return row
    }

    /// The agenda items of some meetings, in order.
    static func items(meetings ids: [UUID], on db: Database) async throws -> [MeetingItemRow] {
        guard !ids.isEmpty else { return [] }
        let d = { (column: String) in SQLColumn(column, table: "design_changes") }
        let p = { (column: String) in SQLColumn(column, table: "construction_projects") }
        return try await sql(db).select()
            .column(i("id"), as: "id")
            .column(i("meeting_id"), as: "meeting_id")
            .column(i("seq"), as: "seq")
            .column(i("topic"), as: "topic")
            .column(i("project_id"), as: "project_id")
            .column(p("code"), as: "project_code")
            .column(p("name"), as: "project_name")
            .column(i("design_change_id"), as: "design_change_id")
            .column(d("number"), as: "design_change_number")
            .column(d("title"), as: "design_change_title")
            .column(d("status"), as: "design_change_status")
            .column(i("decision"), as: "decision")
            .column(i("outcome"), as: "outcome")
            .from("meeting_items")
            .join("construction_projects", method: SQLJoinMethod.left, on: p("id"), .equal, i("project_id"))
            .join("design_changes", method: SQLJoinMethod.left, on: d("id"), .equal, i("design_change_id"))
            .where(i("meeting_id"), .in, SQLBind.group(ids))
            .orderBy(i("meeting_id"))
            .orderBy(i("seq"))
            .all(decoding: MeetingItemRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func filtered(_ q: SQLSelectBuilder, _ f: ActionFilter) -> SQLSelectBuilder {
        var q = q.from("action_items").join("meetings", method: SQLJoinMethod.inner, on: m("id"), .equal, a("meeting_id"))
        if let z = f.zone { q = q.where(a("zone_id"), .equal, SQLBind(z)) }
        if let s = f.status { q = q.where(a("status"), .equal, SQLBind(s)) }
        if f.overdue {
            q = q.where(a("status"), .equal, SQLBind(ActionStatus.open.rawValue)).where(
                a("due_on"),
                .lessThan,
                SQLBind(f.today.description)
            )
        }
        if let o = f.owner { q = q.where(a("owner_id"), .equal, SQLBind(o)) }
        if let p = f.project { q = q.where(a("project_id"), .equal, SQLBind(p)) }
        if let mt = f.meeting { q = q.where(a("meeting_id"), .equal, SQLBind(mt)) }
        if let ms = f.meetings { q = q.where(a("meeting_id"), .in, SQLBind.group(ms)) }
        if let id = f.id { q = q.where(a("id"), .equal, SQLBind(id)) }
        if let me = f.ownerOrChair {
            q = q.where(group: { g in g.where(a("owner_id"), .equal, SQLBind(me)).orWhere(m("chair_id"), .equal, SQLBind(me)) })
        }
        return q
    }

    /// A page of action items (open first, by due date) and their count.
    static func actions(_ f: ActionFilter, range: Range<Int>, on db: Database) async throws -> (rows: [ActionItemRow], total: Int) {
        let sql = try sql(db)
        let count = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"), f).first()
        let total = try count?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(sql.select(), f)
            .column(a("id"), as: "id")
            .column(a("zone_id"), as: "zone_id")
            .column(a("meeting_id"), as: "meeting_id")
            .column(m("title"), as: "meeting_title")
            .column(m("held_on"), as: "meeting_held_on")
            .column(m("chair_id"), as: "chair_id")
            .column(a("item_id"), as: "item_id")
            .column(i("seq"), as: "item_seq")
            .column(a("project_id"), as: "project_id")
            .column(SQLColumn("name", table: "construction_projects"), as: "project_name")
            .column(a("title"), as: "title")
            .column(a("owner_id"), as: "owner_id")
            .column(SQLColumn("name", table: "people"), as: "owner_name")
            .column(a("due_on"), as: "due_on")
            .column(a("status"), as: "status")
            .column(a("closed_on"), as: "closed_on")
            .column(a("result"), as: "result")
            .join("meeting_items", method: SQLJoinMethod.left, on: i("id"), .equal, a("item_id"))
            .join(
                "construction_projects",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "construction_projects"),
                .equal,
                a("project_id")
            )
            .join("people", method: SQLJoinMethod.left, on: SQLColumn("id", table: "people"), .equal, a("owner_id"))
            .orderBy(a("status"), SQLDirection.descending)
            .orderBy(a("due_on"))
            .orderBy(a("title"))
            .orderBy(a("id"))
            .limit(range.count)
            .offset(range.lowerBound)
            .all(decoding: ActionItemRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return (rows, total)
    }

    /// Each meeting's decisions, open and overdue action items, counted by the database.
    static func counts(meetings ids: [UUID], today: CalendarDate = .today(), on db: Database) async throws -> [UUID: MeetingCounts] {
        guard !ids.isEmpty else { return [:] }
        let sql = try sql(db)
        struct CountRow: Decodable {
            let meetingId: UUID
            let n: Int
        }
        func grouped(_ table: String, _ build: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [CountRow] {
            try await build(
                sql.select().column("meeting_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                    .where("meeting_id", .in, SQLBind.group(ids))
            )
            .groupBy("meeting_id")
            .all(decoding: CountRow.self, keyDecodingStrategy: .snakeCaseColumns)
        }
        var out: [UUID: MeetingCounts] = [:]
        for r in try await grouped("meeting_items", { $0 }) { out[r.meetingId, default: .init()].decisions = r.n }
        let open = ActionStatus.open.rawValue
        for r in try await grouped("action_items", { $0.where("status", .equal, SQLBind(open)) }) {
            out[r.meetingId, default: .init()].open = r.n
        }
        let overdue = try await grouped("action_items") {
            $0.where("status", .equal, SQLBind(open)).where("due_on", .lessThan, SQLBind(today.description))
        }
        for r in overdue { out[r.meetingId, default: .init()].overdue = r.n }
        return out
    }

    /// The names of some people.
    static func names(_ ids: [UUID], on db: Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        struct NameRow: Decodable {
            let id: UUID
            let name: String
        }
        let rows = try await sql(db).select().column("id").column("name").from("people").where("id", .in, SQLBind.group(ids))
            .all(decoding: NameRow.self)
        return Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// The zone's construction projects, by code, for the forms.
    static func projectOptions(zone: UUID, on db: Database) async throws -> [MeetingOptionRow] {
        try await sql(db).select()
            .column("id")
            .column("name", as: "label")
            .column("code", as: "detail")
            .from("construction_projects")
            .where("zone_id", .equal, SQLBind(zone))
            .orderBy("code")
            .limit(2000)
            .all(decoding: MeetingOptionRow.self)
    }

    /// The zone's design changes waiting for a meeting's decision, for the forms.
    static func awaitingChanges(zone: UUID, on db: Database) async throws -> [MeetingOptionRow] {
        let d = { (column: String) in SQLColumn(column, table: "design_changes") }
        return try await sql(db).select()
            .column(d("id"), as: "id")
            .column(d("title"), as: "label")
            .column(SQLColumn("name", table: "construction_projects"), as: "detail")
            .from("design_changes")
            .join(
                "construction_projects",
                method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "construction_projects"),
                .equal,
                d("project_id")
            )
            .where(d("zone_id"), .equal, SQLBind(zone))
            .where(d("status"), .equal, SQLBind("awaitingMeeting"))
            .orderBy(d("proposed_on"))
            .limit(500)
            .all(decoding: MeetingOptionRow.self)
    }

    /// The overdue action items a person owns or whose meeting they chaired: how many, and the first few.
    static func overdue(for person: UUID, zone: UUID, today: CalendarDate = .today(), limit: Int = 8, on db: Database) async throws
        -> (count: Int, rows: [ActionItemRow])
    {
        let f = ActionFilter(zone: zone, overdue: true, ownerOrChair: person, today: today)
        let (rows, total) = try await actions(f, range: 0..<limit, on: db)
        return (total, rows)
    }
}
