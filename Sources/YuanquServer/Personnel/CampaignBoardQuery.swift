import Fluent
import SQLKit
import Vapor
import YuanquKit

/// One campaign on the board, read as a plain row.
struct CampaignBoardRow: Decodable, Sendable {
    let id: UUID
    let title: String
    let kind: String
    let stage: String
    let openedOn: String
    let publicityEnds: String?
}

/// The board's reads: the campaigns (zone, kind and stage filters and the sort in SQL), then their candidates and
/// places counted by the database in one grouped query each.
enum CampaignBoardQuery {
    struct Filter: Sendable {
        var zone: UUID?
        var kind: CampaignKind?
        var stage: CampaignStage?
    }

    private struct Count: Decodable {
        let campaignId: UUID
        let n: Int
    }

    static func campaigns(_ f: Filter, sort: String, descending: Bool, on db: Database) async throws -> [CampaignBoardRow] {
        let sql = try db.sql
        var q = sql.select()
            .columns("id", "title", "kind", "stage", "opened_on", "publicity_ends")
            .from("campaigns")
        if let z = f.zone { q = q.where(SQLColumn("zone_id"), .equal, SQLBind(z)) }
        if let k = f.kind { q = q.where(SQLColumn("kind"), .equal, SQLBind(k.rawValue)) }
        if let s = f.stage { q = q.where(SQLColumn("stage"), .equal, SQLBind(s.rawValue)) }
        // Newest first unless reversed; titles A–Z unless reversed.
        let up: SQLDirection = .ascending
        let down: SQLDirection = .descending
        if sort == "title" {
            q = q.orderBy(SQLColumn("title"), descending ? down : up)
        } else {
            q = q.orderBy(SQLColumn("opened_on"), descending ? up : down)
        }
        return try await q.all(decoding: CampaignBoardRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Candidates registered and places offered, by campaign.
    static func counts(_ ids: [UUID], on db: Database) async throws -> (candidates: [UUID: Int], places: [UUID: Int]) {
        let sql = try db.sql
        if ids.isEmpty { return ([:], [:]) }
        let candidates = try await sql.select()
            .column("campaign_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("candidates")
            .where(SQLColumn("campaign_id"), .in, SQLBind.group(ids))
            .groupBy("campaign_id")
            .all(decoding: Count.self, keyDecodingStrategy: .snakeCaseColumns)
        let places = try await sql.select()
            .column("campaign_id")
            // PostgreSQL sums a BIGINT column as NUMERIC: cast back, as both engines answer the same type.
            .column(SQLRaw("CAST(SUM(places) AS BIGINT)"), as: "n")
            .from("campaign_posts")
            .where(SQLColumn("campaign_id"), .in, SQLBind.group(ids))
            .groupBy("campaign_id")
            .all(decoding: Count.self, keyDecodingStrategy: .snakeCaseColumns)
        return (
            Dictionary(candidates.map { ($0.campaignId, $0.n) }, uniquingKeysWith: +),
            Dictionary(places.map { ($0.campaignId, $0.n) }, uniquingKeysWith: +)
        )
    }
}

/// What the campaign board shows: plain values, rendered by `CampaignBoardView.page`.
struct CampaignBoardPage: Sendable {
    struct Card: Sendable {
        let url: SiteURL
        let title: String
        let kind: CampaignKind
        let stage: CampaignStage
        let openedOn: String
        let places: Int
        let candidates: Int
        let publicityEnds: String?
    }

    let cards: [Card]
    let params: ListParams
    let zoneOptions: [(value: String, label: String)]?
    let canManage: Bool

    static func cards(_ rows: [CampaignBoardRow], candidates: [UUID: Int], places: [UUID: Int]) -> [Card] {
        rows.compactMap { r in
            guard let kind = CampaignKind(rawValue: r.kind), let stage = CampaignStage(rawValue: r.stage) else { return nil }
            return Card(
                url: .campaign(r.id),
                title: r.title,
                kind: kind,
                stage: stage,
                openedOn: r.openedOn,
                places: places[r.id] ?? 0,
                candidates: candidates[r.id] ?? 0,
                publicityEnds: r.publicityEnds
            )
        }
    }
}
