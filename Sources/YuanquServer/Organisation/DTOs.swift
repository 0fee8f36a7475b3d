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
    /// Personal details, present for a reader granted `peoplePersonalRead` on the person (and on one's own record).
    var gender: Gender?
    var birthDate: String?
    /// The work phone, present for a reader granted `peopleContactRead` on the person.
    var phone: String?
    /// The resident ID number, masked: area code and last four characters (a personal detail).
    var residentIdMasked: String?

    enum CodingKeys: String, CodingKey { case id, zone, body, unitId, postId, name, gender, birthDate, phone, residentIdMasked }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(zone, forKey: .zone)
        try c.encode(body, forKey: .body)
        try c.encode(unitId, forKey: .unitId)
        try c.encode(postId, forKey: .postId)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(gender, forKey: .gender)
        try c.encodeIfPresent(birthDate, forKey: .birthDate)
        try c.encodeIfPresent(phone, forKey: .phone)
        try c.encodeIfPresent(residentIdMasked, forKey: .residentIdMasked)
    }

    /// The fields the reader is granted (`PersonFields`); who they are and where they work stay.
    func shown(to grants: Reaches.Grants) -> PersonDTO {
        let fields = PersonFields(person: id, unit: unitId, grants: grants)
        var shown = self
        if !fields.contact { shown.phone = nil }
        if !fields.personal {
            shown.gender = nil
            shown.birthDate = nil
            shown.residentIdMasked = nil
        }
        return shown
    }
}

/// Which of a person's details a reader sees (PIPL: personal information limited to the purpose): the contact (phone)
/// and the personal details (gender, birth date, masked resident ID) only where the reader's reach for them covers the
/// person — one's own record always. Pages, exports and the API ask alike.
struct PersonFields {
    let contact: Bool
    let personal: Bool

    init(person: UUID, unit: UUID?, grants: Reaches.Grants) {
        let owners = RecordOwners(people: [person], units: Set([unit].compactMap { $0 }))
        contact = grants.allows(.peopleContactRead, owners)
        personal = grants.allows(.peoplePersonalRead, owners)
    }

    /// The permissions a reader's grants must hold to answer.
    static let permissions: [Permission] = [.peopleContactRead, .peoplePersonalRead]

    /// What a page or an export shows for a detail the reader is not granted.
    static let withheld = "—"
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
