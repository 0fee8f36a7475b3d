import Fluent
import FluentSQL
import NIOConcurrencyHelpers
import Vapor
import YuanquKit

/// Every reference between zone-owned records, in one place (architecture, principle 3: a zone's records reference only
/// records of the same zone). `yuanqu check` runs one query per reference over the whole database; `Writes.perform`
/// runs the same queries for the rows one write created or changed, before it commits (`ZoneGuard`). A test compares
/// this list with the schema: a new `*_id` column that it does not name fails it.
enum ZoneReferences {
    /// How a table's rows reach their zone: their own `zone_id`, or the zone of the record a column names (a child
    /// row: a service request's steps are the request's zone's).
    enum ZoneOf: Sendable {
        case own
        case parent(column: String, table: String)
    }

    /// One reference: `table.column` names a record of `target` (of the same zone). A column that names a record of
    /// one of two tables (an assessment's subject: a person or a unit) is declared once per table.
    struct Reference: Sendable {
        let table: String
        let column: String
        let target: String

        /// The field as the API and forms name it (`holder_id` → `holderId`).
        var field: String {
            let parts = column.split(separator: "_")
            return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
        }
    }

    /// Every zone-owned table and how it reaches its zone.
    static let tables: [String: ZoneOf] = [
        // Platform and organisation
        "bodies": .own, "users": .own, "zone_settings": .own, "code_list_items": .own,
        "org_units": .own, "posts": .own, "people": .own,
        "sealed_records": .parent(column: "person_id", table: "people"),
        // Personnel
        "campaigns": .own, "candidates": .own, "appointments": .own, "employment_contracts": .own,
        "campaign_posts": .parent(column: "campaign_id", table: "campaigns"),
        "panel_members": .parent(column: "campaign_id", table: "campaigns"),
        "proposals": .parent(column: "campaign_id", table: "campaigns"),
        "objections": .parent(column: "campaign_id", table: "campaigns"),
        "candidate_sealed": .parent(column: "candidate_id", table: "candidates"),
        "candidate_preferences": .parent(column: "candidate_id", table: "candidates"),
        "score_sheets": .parent(column: "candidate_id", table: "candidates"),
        "unit_rankings": .parent(column: "campaign_post_id", table: "campaign_posts"),
        // Investment
        "investment_teams": .own, "investment_projects": .own, "enterprises": .own, "service_platforms": .own,
        "service_requests": .own,
        "team_memberships": .parent(column: "team_id", table: "investment_teams"),
        "team_targets": .parent(column: "team_id", table: "investment_teams"),
        "service_steps": .parent(column: "request_id", table: "service_requests"),
        // Performance
        "assessment_schemes": .own, "assessment_cycles": .own, "elimination_flags": .own, "accountability_cases": .own,
        "assessment_values": .parent(column: "cycle_id", table: "assessment_cycles"),
        "assessment_ratings": .parent(column: "cycle_id", table: "assessment_cycles"),
        "assessment_results": .parent(column: "cycle_id", table: "assessment_cycles"),
        "quota_decisions": .parent(column: "cycle_id", table: "assessment_cycles"),
        "result_objections": .parent(column: "cycle_id", table: "assessment_cycles"),
        "tolerance_claims": .parent(column: "case_id", table: "accountability_cases"),
        "correction_steps": .parent(column: "claim_id", table: "tolerance_claims"),
        // Engineering
        "programmes": .own, "construction_projects": .own, "design_changes": .own, "tenders": .own, "audit_firms": .own,
        "payments": .own, "meetings": .own, "action_items": .own,
        "project_holders": .parent(column: "project_id", table: "construction_projects"),
        "project_members": .parent(column: "project_id", table: "construction_projects"),
        "project_milestones": .parent(column: "project_id", table: "construction_projects"),
        "progress_entries": .parent(column: "project_id", table: "construction_projects"),
        "cost_documents": .parent(column: "project_id", table: "construction_projects"),
        "audit_assignments": .parent(column: "project_id", table: "construction_projects"),
        "tender_bids": .parent(column: "tender_id", table: "tenders"),
        "tender_clarifications": .parent(column: "tender_id", table: "tenders"),
        "tender_objections": .parent(column: "tender_id", table: "tenders"),
        "committee_members": .parent(column: "tender_id", table: "tenders"),
        "meeting_items": .parent(column: "meeting_id", table: "meetings"),
    ]

    /// Every reference from a zone-owned record to another (the parent columns of `tables` excepted: they give the
    /// zone, so they cannot leave it).
    static let references: [Reference] = {
        let r: [(String, String, String)] = [
            // Platform and organisation
            ("users", "unit_id", "org_units"), ("users", "person_id", "people"),
            ("org_units", "body_id", "bodies"), ("org_units", "parent_id", "org_units"),
            ("posts", "body_id", "bodies"), ("posts", "unit_id", "org_units"),
            ("people", "body_id", "bodies"), ("people", "unit_id", "org_units"), ("people", "post_id", "posts"),
            // Personnel
            ("campaigns", "body_id", "bodies"),
            ("campaign_posts", "post_id", "posts"),
            ("candidates", "campaign_id", "campaigns"), ("candidates", "person_id", "people"),
            ("candidate_preferences", "campaign_post_id", "campaign_posts"),
            ("unit_rankings", "candidate_id", "candidates"),
            ("score_sheets", "panel_member_id", "panel_members"),
            ("proposals", "candidate_id", "candidates"), ("proposals", "campaign_post_id", "campaign_posts"),
            ("objections", "candidate_id", "candidates"),
            ("appointments", "body_id", "bodies"), ("appointments", "person_id", "people"), ("appointments", "post_id", "posts"),
            ("appointments", "campaign_id", "campaigns"),
            ("employment_contracts", "body_id", "bodies"), ("employment_contracts", "person_id", "people"),
            ("employment_contracts", "appointment_id", "appointments"), ("employment_contracts", "previous_id", "employment_contracts"),
            // Investment
            ("investment_teams", "unit_id", "org_units"), ("investment_teams", "leader_id", "people"),
            ("team_memberships", "person_id", "people"), ("team_memberships", "campaign_id", "campaigns"),
            ("investment_projects", "enterprise_id", "enterprises"), ("investment_projects", "team_id", "investment_teams"),
            ("enterprises", "steward_id", "people"), ("enterprises", "expert_id", "people"),
            ("service_requests", "enterprise_id", "enterprises"), ("service_requests", "holder_id", "people"),
            ("service_requests", "unit_id", "org_units"), ("service_requests", "platform_id", "service_platforms"),
            // Performance: a subject (and a result's group) is a person or a unit
            ("assessment_schemes", "based_on_id", "assessment_schemes"),
            ("assessment_cycles", "scheme_id", "assessment_schemes"),
            ("assessment_values", "subject_id", "people"), ("assessment_values", "subject_id", "org_units"),
            ("assessment_ratings", "subject_id", "people"), ("assessment_ratings", "subject_id", "org_units"),
            ("assessment_ratings", "rater_id", "people"),
            ("assessment_results", "scheme_id", "assessment_schemes"),
            ("assessment_results", "subject_id", "people"), ("assessment_results", "subject_id", "org_units"),
            ("assessment_results", "group_id", "people"), ("assessment_results", "group_id", "org_units"),
            ("result_objections", "subject_id", "people"), ("result_objections", "subject_id", "org_units"),
            ("elimination_flags", "cycle_id", "assessment_cycles"),
            ("elimination_flags", "subject_id", "people"), ("elimination_flags", "subject_id", "org_units"),
            ("accountability_cases", "person_id", "people"), ("accountability_cases", "cycle_id", "assessment_cycles"),
            // Engineering
            ("construction_projects", "programme_id", "programmes"), ("construction_projects", "office_lead_id", "people"),
            ("project_holders", "unit_id", "org_units"), ("project_holders", "person_id", "people"),
            ("project_members", "person_id", "people"),
            ("cost_documents", "prepared_by_id", "people"),
            ("design_changes", "project_id", "construction_projects"), ("design_changes", "proposer_id", "people"),
            ("design_changes", "design_reviewer_id", "people"), ("design_changes", "cost_reviewer_id", "people"),
            ("design_changes", "decision_item_id", "meeting_items"),
            ("tenders", "project_id", "construction_projects"), ("tenders", "winner_bid_id", "tender_bids"),
            ("tenders", "retender_of_id", "tenders"),
            ("audit_assignments", "firm_id", "audit_firms"),
            ("payments", "project_id", "construction_projects"), ("payments", "tender_id", "tenders"),
            ("payments", "firm_id", "audit_firms"),
            ("meetings", "chair_id", "people"),
            ("meeting_items", "project_id", "construction_projects"), ("meeting_items", "design_change_id", "design_changes"),
            ("action_items", "meeting_id", "meetings"), ("action_items", "item_id", "meeting_items"),
            ("action_items", "project_id", "construction_projects"), ("action_items", "owner_id", "people"),
        ]
        return r.map { Reference(table: $0.0, column: $0.1, target: $0.2) }
    }()

    /// `*_id` columns that name no zone-owned record: identity numbers, the audit log's own columns, a session's user.
    static let notReferences: Set<String> = [
        "people.resident_id", "candidates.resident_id", "audit_events.actor_id", "audit_events.zone_id", "audit_events.entity_id",
        "user_sessions.user_id",
    ]

    /// The joins that reach a table's zone from the row aliased `alias`, and the zone's expression.
    static func zone(of table: String, alias: String) -> (joins: String, zone: String) {
        switch tables[table] {
        case .own, nil: return ("", "\(alias).zone_id")
        case .parent(let column, let parent):
            let p = alias + "p"
            let up = zone(of: parent, alias: p)
            return (" JOIN \(parent) \(p) ON \(p).id = \(alias).\(column)" + up.joins, up.zone)
        }
    }

    /// The FROM … WHERE of a reference's rows that leave their zone (`s` the referencing row, `t` the record named).
    static func crossingSQL(_ r: Reference) -> (from: String, crossing: String) {
        let s = zone(of: r.table, alias: "s")
        let t = zone(of: r.target, alias: "t")
        let from = "FROM \(r.table) s\(s.joins) JOIN \(r.target) t ON t.id = s.\(r.column)\(t.joins)"
        // Null-safe on both engines: a platform user (no zone) pointing at a zone's unit crosses too.
        let crossing =
            "(\(s.zone) <> \(t.zone) OR (\(s.zone) IS NULL AND \(t.zone) IS NOT NULL) OR (\(s.zone) IS NOT NULL AND \(t.zone) IS NULL))"
        return (from, crossing)
    }

    /// One reference that leaves its zone.
    struct Crossing: Sendable, Equatable {
        let reference: String
        let table: String
        let column: String
        let id: UUID
        let zone: UUID?
        let target: UUID
        let targetZone: UUID?
    }

    private struct CrossingRow: Decodable {
        let rid: UUID
        let rzone: UUID?
        let tid: UUID
        let tzone: UUID?
    }

    private struct CountRow: Decodable { let n: Int }

    /// The rows of `r` that leave their zone; only those of `ids` when given.
    static func crossings(_ r: Reference, ids: [UUID]? = nil, on sql: SQLDatabase) async throws -> [Crossing] {
        let q = crossingSQL(r)
        var text = "SELECT s.id AS rid, \(zone(of: r.table, alias: "s").zone) AS rzone, t.id AS tid, "
        text += "\(zone(of: r.target, alias: "t").zone) AS tzone \(q.from) WHERE \(q.crossing)"
        var query = SQLQueryString(text)
        if let ids {
            guard !ids.isEmpty else { return [] }
            query.appendLiteral(" AND s.id IN (")
            for (i, id) in ids.enumerated() {
                if i > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: id)
            }
            query.appendLiteral(")")
        }
        return try await sql.raw(query).all(decoding: CrossingRow.self).map {
            Crossing(
                reference: "\(r.table).\(r.column) → \(r.target)",
                table: r.table,
                column: r.column,
                id: $0.rid,
                zone: $0.rzone,
                target: $0.tid,
                targetZone: $0.tzone
            )
        }
    }

    /// How many rows of `r` name a record (the references checked).
    static func count(_ r: Reference, on sql: SQLDatabase) async throws -> Int {
        let q = crossingSQL(r)
        let row = try await sql.raw(SQLQueryString("SELECT CAST(COUNT(*) AS BIGINT) AS n \(unsafeRaw: q.from)")).first(
            decoding: CountRow.self
        )
        return row?.n ?? 0
    }

    /// The whole database: the references checked, and those that leave their zone.
    static func checkAll(on sql: SQLDatabase) async throws -> (checked: Int, crossings: [Crossing]) {
        var checked = 0
        var all: [Crossing] = []
        for r in references {
            checked += try await count(r, on: sql)
            all += try await crossings(r, on: sql)
        }
        return (checked, all)
    }
}

/// The rows one write created or changed, by table, collected by `ZoneGuard` while the write's work runs.
final class TouchedRows: Sendable {
    private let rows = NIOLockedValueBox<[String: Set<UUID>]>([:])
    var byTable: [String: Set<UUID>] { rows.withLockedValue { $0 } }
    func add(_ table: String, _ id: UUID) { _ = rows.withLockedValue { $0[table, default: []].insert(id) } }
}

/// The guard of the one write path: a Fluent middleware notes every record created or updated inside
/// `Writes.perform`, which, before committing, checks those rows' references (`ZoneReferences`) and refuses the write
/// (409, naming the field) when one names a record of another zone. Rows a write inserts through `BulkTable` (the
/// enterprise import) are noted too; a bulk load outside `Writes.perform` (the province demo) and any other SQL
/// write are not: `yuanqu check` covers them.
struct ZoneGuard: AnyModelMiddleware {
    @TaskLocal static var touched: TouchedRows?

    func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database, chainingTo next: any AnyModelResponder)
        -> EventLoopFuture<Void>
    {
        let rows = Self.touched
        let table = type(of: model).schema
        let result = next.handle(event, model, on: db)
        let writes: Bool
        switch event {
        case .create, .update: writes = true
        default: writes = false
        }
        guard let rows, writes, ZoneReferences.tables[table] != nil,
            let m = model as? any Model
        else { return result }
        return result.map { if let id = Self.uuid(of: m) { rows.add(table, id) } }
    }

    private static func uuid<M: Model>(of model: M) -> UUID? { model.id as? UUID }

    /// Refuses the write when a row it touched names a record of another zone.
    static func verify(_ rows: TouchedRows, on db: Database) async throws {
        let touched = rows.byTable
        guard !touched.isEmpty, let sql = db as? SQLDatabase else { return }
        for r in ZoneReferences.references {
            guard let ids = touched[r.table] else { continue }
            let list = Array(ids)
            // Chunks of 5,000 ids: an import touches up to 100,000 rows, and a statement's binds are limited.
            for start in stride(from: 0, to: list.count, by: 5_000) {
                let chunk = Array(list[start..<min(start + 5_000, list.count)])
                if let c = try await ZoneReferences.crossings(r, ids: chunk, on: sql).first {
                    throw AppError.conflict(
                        Loc(
                            "\(r.table).\(r.column) 指向另一个园区的记录（\(c.target.uuidString)）",
                            "\(r.table).\(r.column) names a record of another zone (\(c.target.uuidString))"
                        ),
                        field: r.field
                    )
                }
            }
        }
    }
}
