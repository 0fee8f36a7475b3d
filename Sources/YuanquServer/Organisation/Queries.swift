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

    static func units(_ f: UnitFilter, sort: String = "name", descending: Bool = false, range: Range<Int>?, on db: Database) async throws
        -> (items: [OrgUnit], total: Int)
    {
        var q = OrgUnit.query(on: db)
        if let z = f.zone { q = q.filter(\.$zoneID == z) }
        if let b = try await bodyIDs(f.body, zone: f.zone, on: db) { q = q.filter(\.$bodyID ~~ b) }
        if let k = f.kind { q = q.filter(\.$kind == k) }
        if let p = f.parentID { q = q.filter(\.$parentID == p) }
        if let m = f.mainBusiness { q = q.filter(\.$isMainBusiness == m) }
        if !f.q.isEmpty { q = q.filter(\.$name ~~ f.q) }
        let total = try await q.count()
        let dir: DatabaseQuery.Sort.Direction = descending ? .descending : .ascending
        switch sort {
        case "kind": q = q.sort(\.$kind, dir).sort(\.$name)
        case "body": q = q.sort(\.$bodyID, dir).sort(\.$sortOrder).sort(\.$name)
        default: q = q.sort(\.$name, dir)
        }
        if let r = range { q = q.range(r) }
        return (try await q.all(), total)
    }

    struct PostFilter {
        var zone: UUID?
        var body: BodyKind?
        var unit: UUID?
        var tier: Tier?
        var q: String = ""
    }

    static func posts(_ f: PostFilter, sort: String = "title", descending: Bool = false, range: Range<Int>?, on db: Database) async throws
        -> (items: [Post], total: Int)
    {
        var q = Post.query(on: db)
        if let z = f.zone { q = q.filter(\.$zoneID == z) }
        if let b = try await bodyIDs(f.body, zone: f.zone, on: db) { q = q.filter(\.$bodyID ~~ b) }
        if let u = f.unit { q = q.filter(\.$unitID == u) }
        if let t = f.tier { q = q.filter(\.$tier == t) }
        if !f.q.isEmpty { q = q.filter(\.$title ~~ f.q) }
        let total = try await q.count()
        let dir: DatabaseQuery.Sort.Direction = descending ? .descending : .ascending
        switch sort {
        case "tier": q = q.sort(\.$tier, dir).sort(\.$title)
        case "headcount": q = q.sort(\.$headcount, dir).sort(\.$title)
        case "unit": q = q.sort(\.$unitID, dir).sort(\.$title)
        default: q = q.sort(\.$title, dir)
        }
        if let r = range { q = q.range(r) }
        return (try await q.all(), total)
    }

    struct PersonFilter {
        var zone: UUID?
        var body: BodyKind?
        var unit: UUID?
        var post: UUID?
        var gender: Gender?
        var q: String = ""
    }

    /// People within the actor's data scope (all / unit and below / unit / own).
    static func people(
        _ f: PersonFilter,
        actor: Actor,
        sort: String = "name",
        descending: Bool = false,
        range: Range<Int>?,
        on db: Database
    ) async throws -> (items: [Person], total: Int) {
        var q = Person.query(on: db)
        if let z = f.zone { q = q.filter(\.$zoneID == z) }
        switch actor.role.scope {
        case .all: break
        case .own: q = q.filter(\.$id == (actor.personID ?? UUID()))
        case .unit, .unitAndBelow:
            let visible = try await visibleUnits(actor: actor, on: db) ?? []
            q = q.filter(\.$unitID ~~ Array(visible))
        }
        if let b = try await bodyIDs(f.body, zone: f.zone, on: db) { q = q.filter(\.$bodyID ~~ b) }
        if let u = f.unit { q = q.filter(\.$unitID == u) }
        if let p = f.post { q = q.filter(\.$postID == p) }
        if let g = f.gender { q = q.filter(\.$gender == g) }
        if !f.q.isEmpty { q = q.filter(\.$name ~~ f.q) }
        let total = try await q.count()
        let dir: DatabaseQuery.Sort.Direction = descending ? .descending : .ascending
        switch sort {
        case "birthDate": q = q.sort(\.$birthDate, dir).sort(\.$name)
        case "unit": q = q.sort(\.$unitID, dir).sort(\.$name)
        default: q = q.sort(\.$name, dir)
        }
        if let r = range { q = q.range(r) }
        return (try await q.all(), total)
    }

    /// The units an actor's scope reaches, or nil for all.
    static func visibleUnits(actor: Actor, on db: Database) async throws -> Set<UUID>? {
        guard let zone = actor.zoneID, actor.role.scope != .all else { return actor.role.scope == .all ? nil : [] }
        let units = try await OrgUnit.query(on: db).filter(\.$zoneID == zone).all()
        let parents = Dictionary(uniqueKeysWithValues: units.map { ($0.id!.uuidString, $0.parentID?.uuidString) })
        let ids = UnitScope.visibleUnits(scope: actor.role.scope, userUnit: actor.unitID?.uuidString, parents: parents)
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
        case .all: return true
        case .own: return actor.personID == p.id
        case .unit, .unitAndBelow: return p.unitID.map { units?.contains($0) ?? true } ?? false
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
    /// The headcount of all a body's posts together (总量). Summed here rather than with SQL SUM,
    /// whose result type differs between the engines.
    /// A body's posts' headcounts, summed by the database (总量控制 compares it with the cap).
    static func headcountTotal(body: UUID, on db: Database) async throws -> Int {
        guard let sql = db as? SQLDatabase else { throw Abort(.internalServerError) }
        let row = try await sql.select()
            .column(SQLRaw("CAST(COALESCE(SUM(headcount), 0) AS BIGINT)"), as: "n")
            .from("posts")
            .where("body_id", .equal, SQLBind(body))
            .first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
