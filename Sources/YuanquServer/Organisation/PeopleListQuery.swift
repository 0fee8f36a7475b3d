import Fluent
import SQLKit
import Vapor
import YuanquKit

/// One line of the people list: the columns the list shows, read as a plain row (no Fluent model).
struct PersonListRow: Sendable {
    let id: UUID
    let zoneId: UUID
    let bodyKind: BodyKind
    let unitId: UUID?
    let postId: UUID?
    let name: String
    let gender: String
    let birthDate: String
    let residentId: String
    let phone: String
    let unitName: String?
    let postTitle: String?

    /// Cell by cell: a keyed decoder (and its key strategy) took a quarter of the list's time under load.
    init(_ row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        zoneId = try row.decode(column: "zone_id", as: UUID.self)
        bodyKind = try BodyKind(rawValue: row.decode(column: "body_kind", as: String.self)) ?? .committee
        unitId = try row.optional("unit_id", as: UUID.self)
        postId = try row.optional("post_id", as: UUID.self)
        name = try row.decode(column: "name", as: String.self)
        gender = try row.decode(column: "gender", as: String.self)
        birthDate = try row.decode(column: "birth_date", as: String.self)
        residentId = try row.decode(column: "resident_id", as: String.self)
        phone = try row.decode(column: "phone", as: String.self)
        unitName = try row.optional("unit_name", as: String.self)
        postTitle = try row.optional("post_title", as: String.self)
    }
}

/// The people list's one read, for its page, its export, the API and a post's holders: one query for the rows (those
/// in `range`, or all) and one for the count, both within the actor's data scope, filtered and sorted by the database
/// over the people table's indexes. The pattern list pages copy.
enum PeopleListQuery {
    static let sortable = ["name", "birthDate", "unit"]

    static func page(
        _ f: OrgQueries.PersonFilter,
        actor: Actor,
        sort: String,
        descending: Bool,
        range: Range<Int>?,
        on db: Database
    ) async throws -> (rows: [PersonListRow], total: Int) {
        let sql = try db.sql
        var units: [UUID]? = nil
        if actor.role.scope == .ownUnit {
            units = Array(try await OrgQueries.visibleUnits(actor: actor, on: db) ?? [])
            if units?.isEmpty == true { return ([], 0) }
        }
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = query.from("people")
                .join(
                    "bodies",
                    method: SQLJoinMethod.inner,
                    on: SQLColumn("id", table: "bodies"),
                    .equal,
                    SQLColumn("body_id", table: "people")
                )
            if let z = f.zone { q = q.where(SQLColumn("zone_id", table: "people"), .equal, SQLBind(z)) }
            if actor.role.scope == .own || actor.role.scope == .ownTeam {
                q = q.where(SQLColumn("id", table: "people"), .equal, SQLBind(actor.personID ?? UUID()))
            }
            if let units { q = q.where(SQLColumn("unit_id", table: "people"), .in, SQLBind.group(units)) }
            if let b = f.body { q = q.where(SQLColumn("kind", table: "bodies"), .equal, SQLBind(b.rawValue)) }
            if let u = f.unit { q = q.where(SQLColumn("unit_id", table: "people"), .equal, SQLBind(u)) }
            if let p = f.post { q = q.where(SQLColumn("post_id", table: "people"), .equal, SQLBind(p)) }
            if let g = f.gender { q = q.where(SQLColumn("gender", table: "people"), .equal, SQLBind(g.rawValue)) }
            if !f.q.isEmpty { q = q.where(TextSearch.like(SQLColumn("name", table: "people"), f.q)) }
            return q
        }
        let count = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()
        let total = try count?.decode(column: "n", as: Int.self) ?? 0
        let direction: SQLDirection = descending ? .descending : .ascending
        var rows = filtered(sql.select())
            .column(SQLColumn("id", table: "people"), as: "id")
            .column(SQLColumn("zone_id", table: "people"), as: "zone_id")
            .column(SQLColumn("kind", table: "bodies"), as: "body_kind")
            .column(SQLColumn("unit_id", table: "people"), as: "unit_id")
            .column(SQLColumn("post_id", table: "people"), as: "post_id")
            .column(SQLColumn("name", table: "people"), as: "name")
            .column(SQLColumn("gender", table: "people"), as: "gender")
            .column(SQLColumn("birth_date", table: "people"), as: "birth_date")
            .column(SQLColumn("resident_id", table: "people"), as: "resident_id")
            .column(SQLColumn("phone", table: "people"), as: "phone")
            .column(SQLColumn("name", table: "org_units"), as: "unit_name")
            .column(SQLColumn("title", table: "posts"), as: "post_title")
            .join(
                "org_units",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "org_units"),
                .equal,
                SQLColumn("unit_id", table: "people")
            )
            .join("posts", method: SQLJoinMethod.left, on: SQLColumn("id", table: "posts"), .equal, SQLColumn("post_id", table: "people"))
        switch sort {
        case "birthDate": rows = rows.orderBy(SQLColumn("birth_date", table: "people"), direction)
        // People without a unit sort as an empty name on both engines (SQLite and PostgreSQL put NULL at opposite ends).
        case "unit":
            rows = rows.orderBy(SQLFunction("COALESCE", args: SQLColumn("name", table: "org_units"), SQLLiteral.string("")), direction)
        default: break
        }
        // Names in pinyin order (李 before 王 before 张), by the key written with each name.
        rows = rows.orderBy(SQLColumn("sort_key", table: "people"), sort == "name" ? direction : .ascending)
            .orderBy(SQLColumn("id", table: "people"))
        if let range { rows = rows.limit(range.count).offset(range.lowerBound) }
        return (try await rows.all().map(PersonListRow.init), total)
    }
}

/// What the people list shows: plain values, rendered by `PeopleViews.list`.
struct PeopleListPage {
    struct Row {
        let url: SiteURL
        let name: String
        let gender: Gender?
        let birthDate: String
        let unit: String?
        let post: String?
        let maskedResidentID: String
        let phone: String

        init(
            url: SiteURL,
            name: String,
            gender: Gender?,
            birthDate: String,
            unit: String?,
            post: String?,
            maskedResidentID: String,
            phone: String
        ) {
            self.url = url
            self.name = name
            self.gender = gender
            self.birthDate = birthDate
            self.unit = unit
            self.post = post
            self.maskedResidentID = maskedResidentID
            self.phone = phone
        }

        /// A row showing the details the reader is granted (`fields`), a dash for the others.
        init(_ r: PersonListRow, fields: PersonFields) {
            let withheld = PersonFields.withheld
            self.init(
                url: .person(r.id),
                name: r.name,
                gender: fields.personal ? Gender(rawValue: r.gender) : nil,
                birthDate: fields.personal ? r.birthDate : withheld,
                unit: r.unitName,
                post: r.postTitle,
                maskedResidentID: fields.personal ? ResidentID.mask(r.residentId) : withheld,
                phone: fields.contact ? r.phone : withheld
            )
        }
    }

    let rows: [Row]
    let total: Int
    let params: ListParams
    let pageSize: Int
    let unitOptions: [(value: String, label: String)]
    let zoneOptions: [(value: String, label: String)]?
    let canWrite: Bool
    let canImport: Bool
}
