import Fluent
import SQLKit
import Vapor
import YuanquKit

/// One line of the notice: a proposed appointee and the post, read as a plain row.
struct NoticeRow: Decodable, Sendable {
    let name: String
    let gender: String
    let unitName: String?
    let postTitle: String
    /// The investment team whose place the post is, if it is one.
    let teamName: String?
}

/// Who is proposed for which post, in the order the notice lists them (unit, post, name).
enum NoticeQuery {
    static func rows(campaign: UUID, on db: Database) async throws -> [NoticePage.Row] {
        let sql = try db.sql
        let rows = try await sql.select()
            .column(SQLColumn("name", table: "candidates"), as: "name")
            .column(SQLColumn("gender", table: "candidates"), as: "gender")
            .column(SQLColumn("name", table: "org_units"), as: "unit_name")
            .column(SQLColumn("title", table: "posts"), as: "post_title")
            .column(SQLColumn("name", table: "investment_teams"), as: "team_name")
            .from("proposals")
            .join(
                "candidates",
                method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "candidates"),
                .equal,
                SQLColumn("candidate_id", table: "proposals")
            )
            .join(
                "campaign_posts",
                method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "campaign_posts"),
                .equal,
                SQLColumn("campaign_post_id", table: "proposals")
            )
            .join(
                "posts",
                method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "posts"),
                .equal,
                SQLColumn("post_id", table: "campaign_posts")
            )
            .join(
                "org_units",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "org_units"),
                .equal,
                SQLColumn("unit_id", table: "posts")
            )
            .join(
                "investment_teams",
                method: SQLJoinMethod.left,
                on: SQLColumn("unit_id", table: "investment_teams"),
                .equal,
                SQLColumn("unit_id", table: "posts")
            )
            .where(SQLColumn("campaign_id", table: "proposals"), .equal, SQLBind(campaign))
            .where(SQLColumn("campaign_id", table: "campaign_posts"), .equal, SQLBind(campaign))
            .all(decoding: NoticeRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return rows.map { r in
            NoticePage.Row(name: r.name, gender: Gender(rawValue: r.gender), unit: r.unitName ?? "", post: r.postTitle, team: r.teamName)
        }
        .sorted { ($0.unit, $0.post, $0.name) < ($1.unit, $1.post, $1.name) }
    }
}

/// What the printable notice (公示) shows: plain values, rendered by `NoticeView.page`.
struct NoticePage: Sendable {
    struct Row: Sendable {
        let name: String
        let gender: Gender?
        let unit: String
        let post: String
        /// The investment team whose place the post is, if it is one.
        var team: String? = nil
    }

    let zoneName: String
    let kind: CampaignKind
    let title: String
    let publicityStart: String?
    let publicityEnds: String?
    let publicityDays: Int
    let rows: [Row]
    let phone: String

    /// The notice of a campaign in publicity or later (not found before).
    static func load(_ c: Campaign, on db: Database) async throws -> NoticePage {
        guard c.stage >= .publicity else { throw AppError.notFound }
        let rows = try await NoticeQuery.rows(campaign: c.id!, on: db)
        let zone = try await Zone.find(c.zoneID, on: db)
        let phone =
            try await ZoneSetting.query(on: db).filter(\.$zoneID == c.zoneID).filter(\.$key == "zone.contactPhone").first()?.value ?? ""
        return NoticePage(
            zoneName: zone?.name ?? "",
            kind: c.kind,
            title: c.title,
            publicityStart: c.publicityStart,
            publicityEnds: c.publicityEnds,
            publicityDays: c.publicityDays,
            rows: rows,
            phone: phone
        )
    }
}
