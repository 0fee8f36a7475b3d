import Fluent
import Vapor
import YuanquKit

/// The kind of record a route names by its `:id`, whose owners are checked against the actor's reach (`AccessTable`)
/// before the handler reads the request's body: a record beyond reach answers 403 whatever was sent.
enum Reached: String, CaseIterable, Sendable {
    /// An investment project: its team's, and its team's unit's.
    case investmentProject
    /// An investment team: its own, and its unit's.
    case investmentTeam
    /// An enterprise: its steward's, and the steward's unit's.
    case enterprise
    /// A service request: its holder's, and the holder's unit's (and the unit it was assigned to).
    case serviceRequest
    /// Records across the zone at once (a bulk import): only a role whose reach for the permission is the zone.
    case wholeZone

    /// The record's zone and owners; nil when there is no such record.
    func owners(_ id: UUID, on db: Database) async throws -> (zone: UUID, owners: RecordOwners)? {
        switch self {
        case .investmentProject:
            guard let p = try await InvestmentProject.find(id, on: db) else { return nil }
            return (p.zoneID, try await Reaches.ofTeam(p.teamID, on: db))
        case .investmentTeam:
            guard let t = try await InvestmentTeam.find(id, on: db) else { return nil }
            return (t.zoneID, RecordOwners(units: Set([t.unitID].compactMap { $0 }), teams: [id]))
        case .enterprise:
            guard let e = try await Enterprise.find(id, on: db) else { return nil }
            return (e.zoneID, try await Reaches.ofPerson(e.stewardID, on: db))
        case .serviceRequest:
            guard let r = try await ServiceRequest.find(id, on: db) else { return nil }
            var owners = try await Reaches.ofPerson(r.holderID, on: db)
            if let unit = r.unitID { owners.units.insert(unit) }
            return (r.zoneID, owners)
        case .wholeZone:
            return nil
        }
    }
}

enum Reaches {
    /// A project's or a new project's owners: its team and the team's unit (none without a team: the zone's).
    static func ofTeam(_ team: UUID?, on db: Database) async throws -> RecordOwners {
        guard let team else { return RecordOwners() }
        let unit = try await InvestmentTeam.find(team, on: db)?.unitID
        return RecordOwners(units: Set([unit].compactMap { $0 }), teams: [team])
    }

    /// A record held by a person (a steward, a holder): the person and the unit they work in.
    static func ofPerson(_ person: UUID?, on db: Database) async throws -> RecordOwners {
        guard let person else { return RecordOwners() }
        let unit = try await Person.find(person, on: db)?.unitID
        return RecordOwners(people: [person], units: Set([unit].compactMap { $0 }))
    }

    /// Where the actor stands, as far as `reach` asks: their person record always, the units of their unit and below
    /// for `ownUnit`, the teams they belong to for `ownTeam`.
    static func standing(_ actor: Actor, for reach: Reach, on db: Database) async throws -> Standing {
        var standing = Standing(person: actor.personID)
        switch reach {
        case .ownUnit:
            standing.units = try await OrgQueries.units(of: actor, reach: .ownUnit, on: db) ?? []
        case .ownTeam:
            if let person = actor.personID {
                let memberships = try await TeamMembership.query(on: db).filter(\.$personID == person).filter(\.$toDate == nil).all()
                standing.teams = Set(memberships.map(\.teamID))
            }
        case .zone, .own:
            break
        }
        return standing
    }

    /// Whether a record with these owners is within the actor's reach for a permission (false without the permission).
    static func allows(_ actor: Actor, _ permission: Permission, _ owners: RecordOwners, on db: Database) async throws -> Bool {
        guard let reach = actor.role.reach(permission) else { return false }
        if reach == .zone { return true }
        return reach.allows(owners, for: try await standing(actor, for: reach, on: db))
    }

    /// Whether the record `id` of a kind is within the actor's reach for a permission (a page offers its forms only then).
    static func allows(_ actor: Actor, _ permission: Permission, _ kind: Reached, id: UUID, on db: Database) async throws -> Bool {
        if wholeZone(actor, permission) { return true }
        guard let found = try await kind.owners(id, on: db) else { return false }
        return try await allows(actor, permission, found.owners, on: db)
    }

    /// Whether the actor's reach for a permission is the whole zone (a bulk import is offered only then).
    static func wholeZone(_ actor: Actor, _ permission: Permission) -> Bool { actor.role.reach(permission) == .zone }

    /// Refuses (403) a record, existing or about to be written, beyond the actor's reach for a permission.
    static func check(_ actor: Actor, _ permission: Permission, _ owners: RecordOwners, on db: Database) async throws {
        guard try await allows(actor, permission, owners, on: db) else { throw beyondReach }
    }

    /// A route's check: the record its `:id` names, of this kind — 404 when there is none or it is another zone's, 403
    /// when it is beyond the actor's reach for the route's permission. A role reaching the whole zone is not asked here:
    /// the handler checks the record's zone, as on every route.
    static func check(_ req: Request, permission: Permission, kind: Reached) async throws {
        let actor = try req.actor()
        let reach = actor.role.reach(permission)
        guard reach != .zone else { return }
        guard kind != .wholeZone else { throw wholeZoneOnly }
        guard let id = req.parameters.get("id", as: UUID.self), let found = try await kind.owners(id, on: req.db) else {
            throw AppError.notFound
        }
        try ZoneScope.check(found.zone, actor: actor)
        try await check(actor, permission, found.owners, on: req.db)
    }

    /// What a reader may see of many records at once: each permission's reach and where the reader stands for it, worked
    /// out once for a list (field-level reads: a person's phone, a contract's pay grade). One's own records are read in
    /// full, granted or not.
    struct Grants: Sendable {
        let person: UUID?
        let reaches: [Permission: (reach: Reach, standing: Standing)]

        func allows(_ permission: Permission, _ owners: RecordOwners) -> Bool {
            if let person, owners.people.contains(person) { return true }
            guard let grant = reaches[permission] else { return false }
            return grant.reach.allows(owners, for: grant.standing)
        }
    }

    /// The actor's grants of these permissions (those they lack are refused by `Grants.allows`).
    static func grants(_ actor: Actor, _ permissions: [Permission], on db: Database) async throws -> Grants {
        var reaches: [Permission: (reach: Reach, standing: Standing)] = [:]
        for permission in permissions {
            guard let reach = actor.role.reach(permission) else { continue }
            reaches[permission] = (reach, try await standing(actor, for: reach, on: db))
        }
        return Grants(person: actor.personID, reaches: reaches)
    }

    static let wholeZoneOnly = AppError(
        .forbidden,
        "reach",
        Loc("批量导入涉及全园区的记录，仅限有权处理全园区记录的角色", "A bulk import writes records across the zone: only a role reaching the whole zone may run it")
    )

    static let beyondReach = AppError(
        .forbidden,
        "reach",
        Loc(
            "无权操作此记录：它不属于您的小组、您经办的事项或您的单位",
            "This record is beyond your reach: it is not your team's, yours to handle, or your unit's"
        )
    )
}
