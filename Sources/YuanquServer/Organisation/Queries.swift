import Fluent
import SQLKit
import Vapor
import YuanquKit

/// The filters a unit list takes, from a page or the API.
struct UnitFilter {
    var zone: UUID?
    var body: BodyKind?
    var kind: UnitKind?
    var parentID: UUID?
    var mainBusiness: Bool?
    var q: String = ""
}

enum OrgQueries {
    static func bodyIDs(_ kind: BodyKind?, zone: UUID?, on db: Database) async throws -> [UUID]? {
        guard let k = kind else { return nil }
        var q = ZoneBody.query(on: db).filter(\.$kind == k)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        return try await q.all().compactMap(\.id)
    }

    /// Units by the filter, read as plain rows (no Fluent model); `total` counts them all, `range` picks a page.
    static func units(_ f: UnitFilter, sort: String = "name", descending: Bool = false, range: Range<Int>?, on db: Database) async throws
        -> (items: [UnitValue], total: Int)
    {
        let sql = try db.sql
        let unit = { (column: String) in SQLColumn(column, table: "org_units") }
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = query.from("org_units")
            if let z = f.zone { q = q.where(unit("zone_id"), .equal, SQLBind(z)) }
            if let b = f.body {
                q = q.join("bodies", method: SQLJoinMethod.inner, on: SQLColumn("id", table: "bodies"), .equal, unit("body_id"))
                    .where(SQLColumn("kind", table: "bodies"), .equal, SQLBind(b.rawValue))
            }
            if let k = f.kind { q = q.where(unit("kind"), .equal, SQLBind(k.rawValue)) }
            if let p = f.parentID { q = q.where(unit("parent_id"), .equal, SQLBind(p)) }
            if let m = f.mainBusiness { q = q.where(unit("is_main_business"), .equal, SQLBind(m)) }
            if !f.q.isEmpty { q = q.where(TextSearch.like(unit("name"), f.q)) }
            return q
        }
        let count = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()
        let direction: SQLDirection = descending ? .descending : .ascending
        var q = filtered(sql.select())
        for column in ["id", "zone_id", "body_id", "kind", "name", "parent_id", "is_main_business", "duties", "sort_order"] {
            q = q.column(unit(column), as: column)
        }
        switch sort {
        case "kind": q = q.orderBy(unit("kind"), direction).orderBy(unit("name"))
        case "body": q = q.orderBy(unit("body_id"), direction).orderBy(unit("sort_order")).orderBy(unit("name"))
        default: q = q.orderBy(unit("name"), direction)
        }
        q = q.orderBy(unit("id"))
        if let range { q = q.limit(range.count).offset(range.lowerBound) }
        let rows = try await q.all(decoding: UnitValue.Row.self, keyDecodingStrategy: .snakeCaseColumns)
        return (rows.map(UnitValue.init), try count?.decode(column: "n", as: Int.self) ?? 0)
    }

    struct PostFilter {
        var zone: UUID?
        var body: BodyKind?
        var unit: UUID?
        var tier: Tier?
        var q: String = ""
    }

    /// Posts by the filter, read as plain rows (no Fluent model); `total` counts them all, `range` picks a page.
    static func posts(_ f: PostFilter, sort: String = "title", descending: Bool = false, range: Range<Int>?, on db: Database) async throws
        -> (items: [PostValue], total: Int)
    {
        let sql = try db.sql
        let post = { (column: String) in SQLColumn(column, table: "posts") }
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = query.from("posts")
            if let z = f.zone { q = q.where(post("zone_id"), .equal, SQLBind(z)) }
            if let b = f.body {
                q = q.join("bodies", method: SQLJoinMethod.inner, on: SQLColumn("id", table: "bodies"), .equal, post("body_id"))
                    .where(SQLColumn("kind", table: "bodies"), .equal, SQLBind(b.rawValue))
            }
            if let u = f.unit { q = q.where(post("unit_id"), .equal, SQLBind(u)) }
            if let t = f.tier { q = q.where(post("tier"), .equal, SQLBind(t.rawValue)) }
            if !f.q.isEmpty { q = q.where(TextSearch.like(post("title"), f.q)) }
            return q
        }
        let count = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()
        let direction: SQLDirection = descending ? .descending : .ascending
        var q = filtered(sql.select())
        for column in ["id", "zone_id", "body_id", "unit_id", "title", "tier", "duties", "requirements", "headcount"] {
            q = q.column(post(column), as: column)
        }
        switch sort {
        case "tier": q = q.orderBy(post("tier"), direction).orderBy(post("title"))
        case "headcount": q = q.orderBy(post("headcount"), direction).orderBy(post("title"))
        case "unit": q = q.orderBy(post("unit_id"), direction).orderBy(post("title"))
        default: q = q.orderBy(post("title"), direction)
        }
        q = q.orderBy(post("id"))
        if let range { q = q.limit(range.count).offset(range.lowerBound) }
        let rows = try await q.all(decoding: PostValue.Row.self, keyDecodingStrategy: .snakeCaseColumns)
        return (rows.map(PostValue.init), try count?.decode(column: "n", as: Int.self) ?? 0)
    }

    struct PersonFilter {
        var zone: UUID?
        var body: BodyKind?
        var unit: UUID?
        var post: UUID?
        var gender: Gender?
        var q: String = ""
    }

    /// The units an actor's scope reaches, or nil for all.
    static func visibleUnits(actor: Actor, on db: Database) async throws -> Set<UUID>? {
        try await units(of: actor, reach: actor.role.scope, on: db)
    }

    /// The units a reach covers for the actor (their unit and the units below it for `ownUnit`), or nil for all.
    static func units(of actor: Actor, reach: Reach, on db: Database) async throws -> Set<UUID>? {
        guard reach != .zone else { return nil }
        guard let zone = actor.zoneID, reach == .ownUnit else { return [] }
        let units = try await OrgUnit.query(on: db).filter(\.$zoneID == zone).all()
        let parents = Dictionary(uniqueKeysWithValues: units.map { ($0.id!.uuidString, $0.parentID?.uuidString) })
        let ids = UnitScope.visibleUnits(reach: reach, userUnit: actor.unitID?.uuidString, parents: parents)
        return ids.map { Set($0.compactMap(UUID.init(uuidString:))) }
    }

    /// Whether the actor may see this person (scope check for a single record).
    static func canSee(_ p: Person, actor: Actor, on db: Database) async throws -> Bool {
        sees(p, actor: actor, units: try await visibleUnits(actor: actor, on: db))
    }

    /// Of these people, the ones whose record the actor may open (so a page links only those).
    static func openable(_ people: [Person], actor: Actor, on db: Database) async throws -> Set<UUID> {
        guard actor.can(.peopleRead) else { return [] }
        let units = try await visibleUnits(actor: actor, on: db)
        return Set(people.filter { sees($0, actor: actor, units: units) }.compactMap(\.id))
    }

    /// The scope rule: another zone's people never; else all, one's own record, or the people of the units in reach.
    private static func sees(_ p: Person, actor: Actor, units: Set<UUID>?) -> Bool {
        if let z = actor.zoneID, z != p.zoneID { return false }
        switch actor.role.scope {
        case .zone: return true
        case .own, .ownTeam: return actor.personID == p.id
        case .ownUnit: return p.unitID.map { units?.contains($0) ?? true } ?? false
        }
    }

    static func unitNames(zone: UUID?, on db: Database) async throws -> [UUID: String] {
        var q = OrgUnit.query(on: db)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        return Dictionary(uniqueKeysWithValues: try await q.all().map { ($0.id!, $0.name) })
    }

    static func postTitles(zone: UUID?, on db: Database) async throws -> [UUID: String] {
        var q = Post.query(on: db)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        return Dictionary(uniqueKeysWithValues: try await q.all().map { ($0.id!, $0.title) })
    }

    /// The zones and their bodies (every zone's when nil), from the read cache while nothing of theirs has changed.
    static func directory(for zone: UUID?, on req: Request) async throws -> Directory {
        try await req.application.readCache.answer("directory|\(zone?.uuidString ?? "all")", zone: zone) {
            try await directory(for: zone, on: req.db)
        }
    }

    static func directory(for zone: UUID?, on db: Database) async throws -> Directory {
        var d = Directory()
        var zq = Zone.query(on: db)
        if let z = zone { zq = zq.filter(\.$id == z) }
        for z in try await zq.all() { d.zones[z.id!] = ZoneValue(z) }
        var bq = ZoneBody.query(on: db)
        if let z = zone { bq = bq.filter(\.$zoneID == z) }
        for b in try await bq.all() { d.bodies[b.id!] = BodyValue(b) }
        return d
    }
}

extension OrgQueries {
    /// A body's posts' headcounts, summed by the database (总量控制 compares it with the cap).
    static func headcountTotal(body: UUID, on db: Database) async throws -> Int {
        let sql = try db.sql
        let row = try await sql.select()
            .column(SQLRaw("CAST(COALESCE(SUM(headcount), 0) AS BIGINT)"), as: "n")
            .from("posts")
            .where("body_id", .equal, SQLBind(body))
            .first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
