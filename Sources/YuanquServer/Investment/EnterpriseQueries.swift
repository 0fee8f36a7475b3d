import Fluent
import SQLKit
import Vapor
import YuanquKit

/// One line of the enterprises list (its page, export and API), steward and expert joined.
struct EnterpriseListRow: Decodable, Sendable {
    let id: UUID
    let zoneId: UUID
    let name: String
    let creditCode: String?
    let industry: String
    let address: String
    let contactName: String
    let contactPhone: String
    let stewardId: UUID?
    let expertId: UUID?
    let stewardName: String?
    let expertName: String?
}

/// One line of the service-requests list (its page and the API), enterprise and holder joined.
struct ServiceRequestListRow: Decodable, Sendable {
    let id: UUID
    let enterpriseId: UUID
    let enterpriseName: String?
    let type: String
    let title: String
    let detail: String
    let holderId: UUID?
    let unitId: UUID?
    let platformId: UUID?
    let openedOn: String
    let dueOn: String
    let closedOn: String?
    let satisfaction: Int?
    let holderName: String?
    let status: String
}

/// A project of an enterprise, with the dates of its chain.
struct EnterpriseProjectRow: Decodable, Sendable {
    let name: String
    let signingDate: String?
    let signedAmountFen: Int64?
    let startDate: String?
    let operationDate: String?
}

/// A request of an enterprise, as its service page shows it.
struct EnterpriseRequestRow: Decodable, Sendable {
    let id: UUID
    let type: String
    let title: String
    let holderId: UUID?
    let unitId: UUID?
    let platformId: UUID?
    let openedOn: String
    let dueOn: String
    let status: String
    let closedOn: String?
    let satisfaction: Int?
}

struct ServiceStepRow: Decodable, Sendable {
    let requestId: UUID
    let onDate: String
    let note: String
    let by: String
}

struct ServicePlatformRow: Decodable, Sendable {
    let id: UUID
    let name: String
}

/// The enterprise pages' reads, as plain rows.
enum EnterpriseQueries {
    /// What the enterprises list is filtered by: the zone, an industry, a name.
    struct Filter: Sendable {
        var zone: UUID?
        var industry: String?
        var q = ""

        init(zone: UUID?) { self.zone = zone }

        /// From the query: `zone` (platform users), `industry`, `q`.
        init(_ req: Request, actor: Actor) async throws {
            zone = try await ZoneScope.readZone(req, actor: actor)
            if let i = req.queryValue("industry")?.trimmingCharacters(in: .whitespaces), !i.isEmpty { industry = i }
            q = String((req.queryValue("q") ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        }
    }

    /// The enterprises' one read, for the list, its export and the API: those the filter keeps in pinyin order of
    /// their names (steward and expert joined; those in `range`, or all) and their count.
    static func page(_ f: Filter, range: Range<Int>?, on db: Database) async throws -> (rows: [EnterpriseListRow], total: Int) {
        let sql = try db.sql
        let enterprise = { (column: String) in SQLColumn(column, table: "enterprises") }
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = query.from("enterprises")
            if let z = f.zone { q = q.where(enterprise("zone_id"), .equal, SQLBind(z)) }
            if let i = f.industry { q = q.where(enterprise("industry"), .equal, SQLBind(i)) }
            if !f.q.isEmpty { q = q.where(TextSearch.like(enterprise("name"), f.q)) }
            return q
        }
        let count = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()
        let total = try count?.decode(column: "n", as: Int.self) ?? 0
        var rows = filtered(sql.select())
        for column in [
            "id", "zone_id", "name", "credit_code", "industry", "address", "contact_name", "contact_phone", "steward_id", "expert_id",
        ] {
            rows = rows.column(enterprise(column), as: column)
        }
        rows = rows.column(SQLColumn("name", table: "steward"), as: "steward_name")
            .column(SQLColumn("name", table: "expert"), as: "expert_name")
            .join(
                SQLAlias(SQLIdentifier("people"), as: SQLIdentifier("steward")),
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "steward"),
                .equal,
                enterprise("steward_id")
            )
            .join(
                SQLAlias(SQLIdentifier("people"), as: SQLIdentifier("expert")),
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "expert"),
                .equal,
                enterprise("expert_id")
            )
            .orderBy(enterprise("sort_key"))
            .orderBy(enterprise("id"))
        if let range { rows = rows.limit(range.count).offset(range.lowerBound) }
        return (try await rows.all(decoding: EnterpriseListRow.self, keyDecodingStrategy: .snakeCaseColumns), total)
    }

    /// Open requests past their due date, counted by enterprise.
    static func overdueCounts(enterprises: [UUID], today: CalendarDate = .today(), on db: Database) async throws -> [UUID: Int] {
        guard !enterprises.isEmpty else { return [:] }
        let sql = try db.sql
        struct Row: Decodable { let enterpriseId: UUID, n: Int }
        let rows = try await sql.select()
            .column("enterprise_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("service_requests")
            .where("enterprise_id", .in, SQLBind.group(enterprises))
            .where("status", .notEqual, SQLBind("closed"))
            .where("due_on", .lessThan, SQLBind(today.description))
            .groupBy("enterprise_id")
            .all(decoding: Row.self, keyDecodingStrategy: .snakeCaseColumns)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.enterpriseId, $0.n) })
    }

    /// What the service-requests list is filtered by.
    struct RequestFilter {
        var zone: UUID?
        var enterprise: UUID?
        var status: String?
        var overdue = false

        init(zone: UUID?) { self.zone = zone }

        /// From the query: `zone` (platform users), `enterprise`, `status`, `overdue`; a bad enterprise id is refused.
        init(_ req: Request, actor: Actor) async throws {
            zone = try await ZoneScope.readZone(req, actor: actor)
            if let e = req.queryValue("enterprise"), !e.isEmpty {
                guard let id = UUID(uuidString: e) else {
                    throw AppError.invalid("enterprise", Loc("enterprise 不是有效的编号", "enterprise is not a valid id"))
                }
                enterprise = id
            }
            if let s = req.queryValue("status"), !s.isEmpty { status = s }
            if let o = req.queryValue("overdue"), parseBool(o) == true { overdue = true }
        }
    }

    private static func request(_ column: String) -> SQLColumn { SQLColumn(column, table: "service_requests") }

    /// The filter's conditions on a select of `service_requests`.
    private static func filtered(_ query: SQLSelectBuilder, _ f: RequestFilter, today: CalendarDate) -> SQLSelectBuilder {
        var q = query
        if let z = f.zone { q = q.where(request("zone_id"), .equal, SQLBind(z)) }
        if let e = f.enterprise { q = q.where(request("enterprise_id"), .equal, SQLBind(e)) }
        if let s = f.status { q = q.where(request("status"), .equal, SQLBind(s)) }
        if f.overdue {
            q = q.where(request("status"), .notEqual, SQLBind("closed")).where(request("due_on"), .lessThan, SQLBind(today.description))
        }
        return q
    }

    /// How many requests the filter keeps.
    static func requestCount(_ f: RequestFilter, today: CalendarDate = .today(), on db: Database) async throws -> Int {
        let q = try db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("service_requests")
        return try await filtered(q, f, today: today).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The service requests' one read, for the list and the API: those the filter keeps, by due date (then id; those
    /// in `range`), enterprise and holder joined.
    static func requests(
        _ f: RequestFilter,
        range: Range<Int>,
        today: CalendarDate = .today(),
        on db: Database
    ) async throws -> [ServiceRequestListRow] {
        var q = try db.sql.select()
        for column in [
            "id", "enterprise_id", "type", "title", "detail", "holder_id", "unit_id", "platform_id", "opened_on", "due_on", "closed_on",
            "satisfaction", "status",
        ] {
            q = q.column(request(column), as: column)
        }
        q = q.column(SQLColumn("name", table: "enterprises"), as: "enterprise_name")
            .column(SQLColumn("name", table: "people"), as: "holder_name")
            .from("service_requests")
            .join(
                "enterprises",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "enterprises"),
                .equal,
                request("enterprise_id")
            )
            .join("people", method: SQLJoinMethod.left, on: SQLColumn("id", table: "people"), .equal, request("holder_id"))
        return try await filtered(q, f, today: today).orderBy(request("due_on")).orderBy(request("id"))
            .offset(range.lowerBound)
            .limit(range.count)
            .all(decoding: ServiceRequestListRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// An enterprise's projects by signing date.
    static func projects(enterprise: UUID, on db: Database) async throws -> [EnterpriseProjectRow] {
        let sql = try db.sql
        return try await sql.select()
            .column("name")
            .column("signing_date")
            .column("signed_amount_fen")
            .column("start_date")
            .column("operation_date")
            .from("investment_projects")
            .where("enterprise_id", .equal, SQLBind(enterprise))
            .orderBy("signing_date")
            .all(decoding: EnterpriseProjectRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// An enterprise's requests, newest first, and their steps by date.
    static func requests(enterprise: UUID, on db: Database) async throws -> (requests: [EnterpriseRequestRow], steps: [ServiceStepRow]) {
        let sql = try db.sql
        let requests = try await sql.select()
            .columns(
                "id",
                "type",
                "title",
                "holder_id",
                "unit_id",
                "platform_id",
                "opened_on",
                "due_on",
                "status",
                "closed_on",
                "satisfaction"
            )
            .from("service_requests")
            .where("enterprise_id", .equal, SQLBind(enterprise))
            .orderBy("opened_on", .descending)
            .all(decoding: EnterpriseRequestRow.self, keyDecodingStrategy: .snakeCaseColumns)
        guard !requests.isEmpty else { return ([], []) }
        let steps = try await sql.select()
            .columns("request_id", "on_date", "note", "by")
            .from("service_steps")
            .where("request_id", .in, SQLBind.group(requests.map(\.id)))
            .orderBy("on_date")
            .all(decoding: ServiceStepRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return (requests, steps)
    }

    /// The zone's service platforms by name.
    static func platforms(zone: UUID, on db: Database) async throws -> [ServicePlatformRow] {
        let sql = try db.sql
        return try await sql.select()
            .columns("id", "name")
            .from("service_platforms")
            .where("zone_id", .equal, SQLBind(zone))
            .orderBy("name")
            .all(decoding: ServicePlatformRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }
}

/// What the enterprises list shows: plain values, rendered by `EnterpriseViews.list`.
struct EnterpriseListPage {
    struct Row {
        let url: SiteURL
        let name: String
        let creditCode: String?
        let industry: String
        let steward: String?
        let expert: String?
        let overdue: Int
    }

    let rows: [Row]
    let total: Int
    let params: ListParams
    let pageSize: Int
    let industryOptions: [(value: String, label: String)]
    let zoneOptions: [(value: String, label: String)]?
    let canImport: Bool
}

/// What the service-requests list shows, rendered by `EnterpriseViews.requests`.
struct ServiceRequestListPage {
    struct Row {
        let enterpriseURL: SiteURL
        let enterprise: String
        let title: String
        let openedOn: String
        let dueOn: String
        let isOverdue: Bool
        let holder: String?
        /// open, inProgress or closed
        let status: String
    }

    let rows: [Row]
    let params: ListParams
    let zoneOptions: [(value: String, label: String)]?
}

/// An enterprise's service page: its record, the chain since signing, its requests (with their step and close forms)
/// and the form that logs a request. Rendered by `EnterpriseViews.show`.
struct EnterprisePage {
    struct PersonRef {
        let name: String
        /// The person's page, when the reader may open it.
        let url: SiteURL?
    }

    /// One line of the chain since signing, oldest first.
    struct ChainEntry {
        enum Event {
            case signed(project: String, amount: Money)
            case construction(project: String)
            case operation(project: String)
            case request(title: String, type: String, dueOn: String)
            case step(note: String, by: String)
        }
        let date: String
        let event: Event
    }

    struct Request {
        let title: String
        /// The type's label.
        let type: String
        /// open, inProgress or closed
        let status: String
        let isOverdue: Bool
        let openedOn: String
        let dueOn: String
        let unit: String?
        let platform: String?
        let holder: String?
        let satisfaction: Int?
        /// Where the step and close forms post (nil when the reader may not act or the request is closed).
        let steps: SiteURL?
        let close: SiteURL?
    }

    struct RequestType {
        let code: String
        let label: String
        /// Working days to answer.
        let limit: Int
    }

    let creditCode: String?
    let address: String
    /// Contact name and phone, as given.
    let contact: String
    let steward: PersonRef?
    let expert: PersonRef?
    let chain: [ChainEntry]
    let requests: [Request]
    /// Where the new-request form posts (nil for a reader).
    let openRequest: SiteURL?
    let types: [RequestType]
    let unitOptions: [(value: String, label: String)]
    let platformOptions: [(value: String, label: String)]
    /// The refusal of the last request logged, shown above the page.
    let error: Loc?
    let form: FormState
}
