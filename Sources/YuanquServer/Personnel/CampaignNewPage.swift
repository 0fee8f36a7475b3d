import Fluent
import Vapor
import YuanquKit

/// What the form that opens a campaign shows: the zone's posts with their holders, and the form's state.
struct CampaignNewPage: Sendable {
    struct PostLine: Sendable {
        let id: UUID
        let body: BodyKind
        let unit: String
        let title: String
        let tier: Tier
        /// People holding the post now.
        let held: Int
        let headcount: Int
    }

    /// By body, unit and title, descending (as the form always listed them).
    let posts: [PostLine]
    let form: FormState

    static func load(zone: UUID, form: FormState, on db: Database) async throws -> CampaignNewPage {
        let posts = try await Post.query(on: db).filter(\.$zoneID == zone).all()
        let units = try await OrgQueries.unitNames(zone: zone, on: db)
        let d = try await OrgQueries.directory(for: zone, on: db)
        let holders = try await PostsController.holderCounts(posts.compactMap(\.id), on: db)
        let lines = posts.map { p in
            PostLine(
                id: p.id!,
                body: d.bodyKind(p.bodyID),
                unit: units[p.unitID] ?? "",
                title: p.title,
                tier: p.tier,
                held: holders[p.id!] ?? 0,
                headcount: p.headcount
            )
        }
        return CampaignNewPage(
            posts: lines.sorted { ($0.body.rawValue, $0.unit, $0.title) > ($1.body.rawValue, $1.unit, $1.title) },
            form: form
        )
    }
}
