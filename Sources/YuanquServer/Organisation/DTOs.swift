import Foundation
import YuanquKit

/// What the API answers and the audit log records: never the Fluent models, never a sealed field.
struct UnitDTO: Codable, Equatable {
    let id: UUID
    let zone: String
    let body: BodyKind
    let kind: UnitKind
    let name: String
    let parentId: UUID?
    let isMainBusiness: Bool
    let duties: [String]

    enum CodingKeys: String, CodingKey { case id, zone, body, kind, name, parentId, isMainBusiness, duties }
    /// Writes `parentId` as null rather than leaving it out, so every unit has the same keys.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(zone, forKey: .zone)
        try c.encode(body, forKey: .body)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(parentId, forKey: .parentId)
        try c.encode(isMainBusiness, forKey: .isMainBusiness)
        try c.encode(duties, forKey: .duties)
    }
}

struct PostDTO: Codable, Equatable {
    let id: UUID
    let zone: String
    let body: BodyKind
    let unitId: UUID
    let title: String
    let tier: Tier
    let headcount: Int
    let duties: [String]
    let requirements: String
}

struct PersonDTO: Codable, Equatable {
    let id: UUID
    let zone: String
    let body: BodyKind
    let unitId: UUID?
    let postId: UUID?
    let name: String
    let gender: Gender
    let birthDate: String
    let phone: String
    /// The resident ID number, masked: area code and last four characters.
    let residentIdMasked: String

    enum CodingKeys: String, CodingKey { case id, zone, body, unitId, postId, name, gender, birthDate, phone, residentIdMasked }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(zone, forKey: .zone)
        try c.encode(body, forKey: .body)
        try c.encode(unitId, forKey: .unitId)
        try c.encode(postId, forKey: .postId)
        try c.encode(name, forKey: .name)
        try c.encode(gender, forKey: .gender)
        try c.encode(birthDate, forKey: .birthDate)
        try c.encode(phone, forKey: .phone)
        try c.encode(residentIdMasked, forKey: .residentIdMasked)
    }
}

struct ZoneDTO: Codable {
    let id: UUID
    let code: String
    let name: String
    let nameEn: String
    let bodies: [BodyDTO]
}

struct BodyDTO: Codable {
    let id: UUID
    let kind: BodyKind
    let name: String
    let headcountCap: Int
}

/// Zone codes and body kinds by id, for building DTOs without a query per row.
struct Directory: Sendable {
    var zones: [UUID: ZoneValue] = [:]
    var bodies: [UUID: BodyValue] = [:]

    func zoneCode(_ id: UUID) -> String { zones[id]?.code ?? "" }
    func bodyKind(_ id: UUID) -> BodyKind { bodies[id]?.kind ?? .committee }

    func dto(_ u: OrgUnit) -> UnitDTO { dto(UnitValue(u)) }
    func dto(_ u: UnitValue) -> UnitDTO {
        UnitDTO(
            id: u.id,
            zone: zoneCode(u.zoneID),
            body: bodyKind(u.bodyID),
            kind: u.kind,
            name: u.name,
            parentId: u.parentID,
            isMainBusiness: u.isMainBusiness,
            duties: u.dutyList
        )
    }
    func dto(_ p: Post) -> PostDTO { dto(PostValue(p)) }
    func dto(_ p: PostValue) -> PostDTO {
        PostDTO(
            id: p.id,
            zone: zoneCode(p.zoneID),
            body: bodyKind(p.bodyID),
            unitId: p.unitID,
            title: p.title,
            tier: p.tier,
            headcount: p.headcount,
            duties: Duties.parse(p.duties),
            requirements: p.requirements
        )
    }
    func dto(_ p: Person) -> PersonDTO {
        PersonDTO(
            id: p.id!,
            zone: zoneCode(p.zoneID),
            body: bodyKind(p.bodyID),
            unitId: p.unitID,
            postId: p.postID,
            name: p.name,
            gender: p.gender,
            birthDate: p.birthDate,
            phone: p.phone,
            residentIdMasked: ResidentID.mask(p.residentID)
        )
    }
}
