import Foundation
import YuanquKit

// The organisation's records as pages show them: plain values copied from the Fluent models, so that page
// models hold no model (and views render in tests without a database).

struct ZoneValue: Sendable {
    let id: UUID
    let code: String
    let name: String
    let nameEn: String

    init(_ z: Zone) {
        id = z.id!
        code = z.code
        name = z.name
        nameEn = z.nameEn
    }
}

struct BodyValue: Sendable {
    let id: UUID
    let zoneID: UUID
    let kind: BodyKind
    let name: String
    let nameEn: String
    let headcountCap: Int

    init(_ b: ZoneBody) {
        id = b.id!
        zoneID = b.zoneID
        kind = b.kind
        name = b.name
        nameEn = b.nameEn
        headcountCap = b.headcountCap
    }
}

struct UnitValue: Sendable {
    let id: UUID
    let zoneID: UUID
    let bodyID: UUID
    let kind: UnitKind
    let name: String
    let parentID: UUID?
    let isMainBusiness: Bool
    let dutyList: [String]
    let sortOrder: Int

    /// The columns a list reads.
    struct Row: Decodable {
        let id: UUID
        let zoneId: UUID
        let bodyId: UUID
        let kind: UnitKind
        let name: String
        let parentId: UUID?
        let isMainBusiness: Bool
        let duties: String
        let sortOrder: Int
    }

    init(_ r: Row) {
        id = r.id
        zoneID = r.zoneId
        bodyID = r.bodyId
        kind = r.kind
        name = r.name
        parentID = r.parentId
        isMainBusiness = r.isMainBusiness
        dutyList = Duties.parse(r.duties)
        sortOrder = r.sortOrder
    }

    init(_ u: OrgUnit) {
        id = u.id!
        zoneID = u.zoneID
        bodyID = u.bodyID
        kind = u.kind
        name = u.name
        parentID = u.parentID
        isMainBusiness = u.isMainBusiness
        dutyList = u.dutyList
        sortOrder = u.sortOrder
    }
}

struct PostValue: Sendable {
    let id: UUID
    let zoneID: UUID
    let bodyID: UUID
    let unitID: UUID
    let title: String
    let tier: Tier
    let duties: String
    let requirements: String
    let headcount: Int

    /// The columns a list reads.
    struct Row: Decodable {
        let id: UUID
        let zoneId: UUID
        let bodyId: UUID
        let unitId: UUID
        let title: String
        let tier: Tier
        let duties: String
        let requirements: String
        let headcount: Int
    }

    init(_ r: Row) {
        id = r.id
        zoneID = r.zoneId
        bodyID = r.bodyId
        unitID = r.unitId
        title = r.title
        tier = r.tier
        duties = r.duties
        requirements = r.requirements
        headcount = r.headcount
    }

    init(_ p: Post) {
        id = p.id!
        zoneID = p.zoneID
        bodyID = p.bodyID
        unitID = p.unitID
        title = p.title
        tier = p.tier
        duties = p.duties
        requirements = p.requirements
        headcount = p.headcount
    }
}

struct PersonValue: Sendable {
    let id: UUID
    let zoneID: UUID
    let bodyID: UUID
    let unitID: UUID?
    let postID: UUID?
    let name: String
    let gender: Gender
    let birthDate: String
    let phone: String
    let residentID: String

    init(_ p: Person) {
        id = p.id!
        zoneID = p.zoneID
        bodyID = p.bodyID
        unitID = p.unitID
        postID = p.postID
        name = p.name
        gender = p.gender
        birthDate = p.birthDate
        phone = p.phone
        residentID = p.residentID
    }
}
