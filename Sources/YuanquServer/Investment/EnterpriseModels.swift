import Fluent
import FluentSQL
import Vapor
import YuanquKit

/// A company the zone serves (企业), with its steward (管家) and expert (专家).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class Enterprise: Model, @unchecked Sendable {
    static let schema = "enterprises"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "credit_code") var creditCode: String?
    @Field(key: "industry") var industry: String
    @Field(key: "address") var address: String
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_phone") var contactPhone: String
    @OptionalField(key: "steward_id") var stewardID: UUID?
    @OptionalField(key: "expert_id") var expertID: UUID?
    @Field(key: "created_on") var createdOn: String
    /// The name's pinyin sort key, set by `PinyinSortKey` whenever the name is written.
    @OptionalField(key: "sort_key") var sortKey: String?
    init() {}
}

/// A partner service platform requests can be routed to (服务平台).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ServicePlatform: Model, @unchecked Sendable {
    static let schema = "service_platforms"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "contact") var contact: String
    init() {}
}

/// An enterprise's request (企业诉求), followed to closure with each step dated.
/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ServiceRequest: Model, @unchecked Sendable {
    static let schema = "service_requests"
    @ID var id: UUID?
    @Field(key: "zone_id") var zoneID: UUID
    @Field(key: "enterprise_id") var enterpriseID: UUID
    /// A code of the zone's requestType list.
    @Field(key: "type") var type: String
    @Field(key: "title") var title: String
    @Field(key: "detail") var detail: String
    /// The person who logged it (usually the steward) and who holds it.
    @OptionalField(key: "holder_id") var holderID: UUID?
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "platform_id") var platformID: UUID?
    @Field(key: "opened_on") var openedOn: String
    @Field(key: "due_on") var dueOn: String
    /// open, inProgress or closed
    @Field(key: "status") var status: String
    @OptionalField(key: "closed_on") var closedOn: String?
    /// 1–5 at closure.
    @OptionalField(key: "satisfaction") var satisfaction: Int?
    init() {}
}

/// `@unchecked Sendable` as every Fluent model: used by one task at a time (the argument is on `Zone`).
final class ServiceStep: Model, @unchecked Sendable {
    static let schema = "service_steps"
    @ID var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "on_date") var onDate: String
    @Field(key: "note") var note: String
    @Field(key: "by") var by: String
    init() {}
}

struct CreateEnterprise: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("enterprises").id()
            .field("zone_id", .uuid, .required, .references("zones", "id")).field("name", .string, .required).field("credit_code", .string)
            .field("industry", .string, .required).field("address", .string, .required).field("contact_name", .string, .required)
            .field("contact_phone", .string, .required).field("steward_id", .uuid).field("expert_id", .uuid).field(
                "created_on",
                .string,
                .required
            )
            .unique(on: "zone_id", "name").create()
        try await db.schema("service_platforms").id()
            .field("zone_id", .uuid, .required, .references("zones", "id")).field("name", .string, .required).field(
                "kind",
                .string,
                .required
            )
            .field("contact", .string, .required).unique(on: "zone_id", "name").create()
        try await db.schema("service_requests").id()
            .field("zone_id", .uuid, .required, .references("zones", "id")).field(
                "enterprise_id",
                .uuid,
                .required,
                .references("enterprises", "id")
            )
            .field("type", .string, .required).field("title", .string, .required).field("detail", .string, .required)
            .field("holder_id", .uuid).field("unit_id", .uuid).field("platform_id", .uuid)
            .field("opened_on", .string, .required).field("due_on", .string, .required).field("status", .string, .required)
            .field("closed_on", .string).field("satisfaction", .int).create()
        try await db.schema("service_steps").id()
            .field("request_id", .uuid, .required, .references("service_requests", "id", onDelete: .cascade))
            .field("on_date", .string, .required).field("note", .string, .required).field("by", .string, .required).create()
    }
    func revert(on db: Database) async throws {
        for t in ["service_steps", "service_requests", "service_platforms", "enterprises"] { try await db.schema(t).delete() }
    }
}
