import Fluent
import Vapor
import YuanquKit

/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class OrgUnit: Model, @unchecked Sendable {
    static let schema = "org_units"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "body_id") var bodyID: UUID
    @Field(key: "kind") var kind: UnitKind
    @Field(key: "name") var name: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @Field(key: "is_main_business") var isMainBusiness: Bool
    /// The duty list (职责清单), one duty per line.
    @Field(key: "duties") var duties: String
    @Field(key: "sort_order") var sortOrder: Int
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var dutyList: [String] { Duties.parse(duties) }
}

/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Post: Model, @unchecked Sendable {
    static let schema = "posts"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "body_id") var bodyID: UUID
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "title") var title: String
    @Field(key: "tier") var tier: Tier
    @Field(key: "duties") var duties: String
    @Field(key: "requirements") var requirements: String
    @Field(key: "headcount") var headcount: Int
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
}

/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Person: Model, @unchecked Sendable {
    static let schema = "people"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "body_id") var bodyID: UUID
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "post_id") var postID: UUID?
    @Field(key: "name") var name: String
    @Field(key: "gender") var gender: Gender
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "phone") var phone: String
    @Field(key: "resident_id") var residentID: String
    /// The name's pinyin sort key, set by `PersonSortKey` whenever the name is written.
    @OptionalField(key: "sort_key") var sortKey: String?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
}

/// A person's former identity (档案封存). Never joined into lists, pages or exports;
/// read only through `SealedRecords.open`, which needs a reason and is audited.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class SealedRecord: Model, @unchecked Sendable {
    static let schema = "sealed_records"
    @ID var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "former_identity") var formerIdentity: FormerIdentity
    @Field(key: "former_employer") var formerEmployer: String
    @Field(key: "notes") var notes: String
    init() {}
}
