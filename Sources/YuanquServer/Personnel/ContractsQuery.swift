import Fluent
import SQLKit
import Vapor
import YuanquKit

/// One line of the contracts list and its export: the contract, its person's name and the post it was made for
/// (the appointment's post, or else the person's), read as a plain row.
struct ContractListRow: Decodable, Sendable {
    let id: UUID
    let personId: UUID
    let appointmentId: UUID?
    let personName: String?
    var contractType: String
    let startDate: String
    let endDate: String?
    var probationMonths: Int?
    var payGrade: String
    let status: String
    var statusReason: String?
    let postTitle: String?
    let unitName: String?

    /// The row as a reader sees it: without the contract's terms unless granted them (`ContractTermsGrant`).
    func shown(to grants: Reaches.Grants) -> ContractListRow {
        guard !ContractTermsGrant.allows(grants, person: personId) else { return self }
        var row = self
        row.contractType = ""
        row.probationMonths = nil
        row.payGrade = ""
        row.statusReason = nil
        return row
    }

    /// “单位·岗位”, as the person record names a post.
    var postLabel: String? { postTitle.map { (unitName ?? "") + "·" + $0 } }
}

/// The contracts' one read: the filter and the rows (through SQLKit) that the list, its export and the API share.
enum ContractsQuery {
    struct Filter: Sendable {
        var zone: UUID?
        /// The people the actor may see; nil for all.
        var people: [UUID]?
        var person: UUID?
        var status: String?
        var expiringWithinDays: Int?

        init(zone: UUID?) { self.zone = zone }

        /// The list's filters from the request (`zone`, `person`, `status`, `expiringWithinDays`) within the actor's scope.
        init(_ req: Request, actor: Actor) async throws {
            zone = try await ZoneScope.readZone(req, actor: actor)
            people = try await CampaignsAPI.visiblePeople(actor, on: req.db)
            person = try CampaignsAPI.personParam(req)
            if let s = req.queryValue("status"), !s.isEmpty { status = s }
            if let raw = req.queryValue("expiringWithinDays"), !raw.isEmpty {
                guard let days = Int(raw), days >= 0, days <= 3650 else {
                    throw AppError.invalid("expiringWithinDays", Loc("天数须为 0–3650 的整数", "Days must be 0–3650"))
                }
                expiringWithinDays = days
            }
        }
    }

    private static func k(_ column: String) -> SQLColumn { SQLColumn(column, table: "employment_contracts") }

    /// The filter's conditions on a select of `employment_contracts`.
    private static func filtered(_ q: SQLSelectBuilder, _ f: Filter, today: CalendarDate) -> SQLSelectBuilder {
        var q = q
        if let z = f.zone { q = q.where(k("zone_id"), .equal, SQLBind(z)) }
        if let people = f.people { q = q.where(k("person_id"), .in, SQLBind.group(people)) }
        if let p = f.person { q = q.where(k("person_id"), .equal, SQLBind(p)) }
        if let s = f.status { q = q.where(k("status"), .equal, SQLBind(s)) }
        if let days = f.expiringWithinDays {
            q = q.where(k("status"), .equal, SQLBind("active"))
                .where(k("end_date"), .greaterThanOrEqual, SQLBind(today.description))
                .where(k("end_date"), .lessThanOrEqual, SQLBind(today.adding(days: days).description))
        }
        return q
    }

    /// How many contracts the filter keeps.
    static func count(_ f: Filter, today: CalendarDate, on db: Database) async throws -> Int {
        if f.people?.isEmpty == true { return 0 }
        let q = try db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("employment_contracts")
        return try await filtered(q, f, today: today).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The contracts the filter keeps, by status then end date (then id, so pages do not overlap): those in `range`
    /// (the list and export take the first 2,000).
    static func rows(
        _ f: Filter,
        today: CalendarDate,
        range: Range<Int> = 0..<2000,
        on db: Database
    ) async throws -> [ContractListRow] {
        if f.people?.isEmpty == true || range.isEmpty { return [] }
        let q = try db.sql.select()
            .column(k("id"), as: "id")
            .column(k("person_id"), as: "person_id")
            .column(k("appointment_id"), as: "appointment_id")
            .column(SQLColumn("name", table: "people"), as: "person_name")
            .column(k("contract_type"), as: "contract_type")
            .column(k("start_date"), as: "start_date")
            .column(k("end_date"), as: "end_date")
            .column(k("probation_months"), as: "probation_months")
            .column(k("pay_grade"), as: "pay_grade")
            .column(k("status"), as: "status")
            .column(k("status_reason"), as: "status_reason")
            .column(SQLColumn("title", table: "posts"), as: "post_title")
            .column(SQLColumn("name", table: "org_units"), as: "unit_name")
            .from("employment_contracts")
            .join("people", method: SQLJoinMethod.left, on: SQLColumn("id", table: "people"), .equal, k("person_id"))
            .join(
                "appointments",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "appointments"),
                .equal,
                k("appointment_id")
            )
            .join(
                "posts",
                method: SQLJoinMethod.left,
                on: SQLBinaryExpression(
                    left: SQLColumn("id", table: "posts"),
                    op: SQLBinaryOperator.equal,
                    right: SQLFunction(
                        "COALESCE",
                        args: SQLColumn("post_id", table: "appointments"),
                        SQLColumn("post_id", table: "people")
                    )
                )
            )
            .join(
                "org_units",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "org_units"),
                .equal,
                SQLColumn("unit_id", table: "posts")
            )
        return try await filtered(q, f, today: today).orderBy(k("status")).orderBy(k("end_date")).orderBy(k("id"))
            .offset(range.lowerBound).limit(range.count)
            .all(decoding: ContractListRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// The zone's contract types by code (zh and en labels).
    static func typeLabels(zone: UUID?, on db: Database) async throws -> [String: Loc] {
        guard let z = zone else { return [:] }
        var types: [String: Loc] = [:]
        for t in try await CodeListItem.query(on: db).filter(\.$zoneID == z).filter(\.$list == "contractType").all() {
            types[t.code] = Loc(t.labelZh, t.labelEn)
        }
        return types
    }
}

/// What the contracts list shows: plain values, rendered by `ContractsView.page`.
struct ContractsPage: Sendable {
    struct Row: Sendable {
        let person: SiteURL?
        let personName: String
        let post: String?
        let type: Loc
        let startDate: String
        let endDate: String?
        /// Active and ending within the warning days: shown in red.
        let ending: Bool
        let probationMonths: Int?
        let payGrade: String
        let status: String
        let statusReason: String?
        /// Set when the reader may renew (a fixed-term contract) or terminate this active contract.
        let renew: SiteURL?
        let terminate: SiteURL?
    }

    let rows: [Row]
    let params: ListParams
    let warnDays: Int
    let today: String
    let zoneOptions: [(value: String, label: String)]?
    let message: Loc?

    static func rows(
        _ rows: [ContractListRow],
        types: [String: Loc],
        today: CalendarDate,
        warnDays: Int,
        canManage: Bool
    ) -> [Row] {
        rows.map { k in
            let changeable = canManage && k.status == "active"
            return Row(
                person: k.personName == nil ? nil : .person(k.personId),
                personName: k.personName ?? "",
                post: k.postLabel,
                type: k.contractType.isEmpty ? Loc("—", "—") : types[k.contractType] ?? Loc(k.contractType, k.contractType),
                startDate: k.startDate,
                endDate: k.endDate,
                ending: k.status == "active"
                    && ContractRule.isExpiring(end: k.endDate.flatMap(CalendarDate.init), today: today, withinDays: warnDays),
                probationMonths: k.probationMonths,
                payGrade: k.payGrade,
                status: k.status,
                statusReason: k.statusReason,
                renew: changeable && k.endDate != nil ? .contractRenew(k.id) : nil,
                terminate: changeable ? .contractTerminate(k.id) : nil
            )
        }
    }
}
