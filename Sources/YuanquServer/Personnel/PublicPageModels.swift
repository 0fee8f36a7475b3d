import Fluent
import Vapor
import YuanquKit

/// A post offered in a campaign as a page shows it: where, how many places and the requirements.
struct OfferedPost: Sendable {
    let campaignPostID: UUID
    let postID: UUID
    let unitName: String
    let title: String
    let tier: Tier
    let places: Int
    let maxAge: Int?
    let minEducation: Education?
    /// The investment team whose place the post is (a post of the team's unit), if it is one: appointment to it opens
    /// membership of the team.
    var team: String? = nil

    /// Unit and title: several units have a post called 部长.
    var label: String { unitName + "·" + title }

    /// The campaign's posts, in the order they were offered (unknown posts left out).
    static func load(_ c: Campaign, on db: Database) async throws -> [OfferedPost] {
        let cps = try await CampaignService.posts(of: c, on: db)
        let posts = try await Post.query(on: db).filter(\.$id ~~ cps.map(\.postID)).all()
        let units = try await OrgQueries.unitNames(zone: c.zoneID, on: db)
        let teams = try await TeamService.teamsByUnit(zone: c.zoneID, on: db)
        return cps.compactMap { cp in
            posts.first { $0.id == cp.postID }.map { p in
                OfferedPost(
                    campaignPostID: cp.id!,
                    postID: p.id!,
                    unitName: units[p.unitID] ?? "",
                    title: p.title,
                    tier: p.tier,
                    places: cp.places,
                    maxAge: cp.maxAge,
                    minEducation: cp.minEducation,
                    team: teams[p.unitID]?.name
                )
            }
        }
    }
}

/// What the public registration page shows (no account): plain values, rendered by `PublicViews.registration`.
struct PublicRegistrationPage: Sendable {
    enum State: Sendable {
        /// Registered: the look-up code to keep.
        case done(code: String)
        case closed
        case open
    }

    let title: String
    let zoneName: String
    let kind: CampaignKind
    let scoring: ScoringScheme
    let offers: [OfferedPost]
    let origins: [Origin]
    let state: State
    let action: SiteURL
    let statusPage: SiteURL
    let form: FormState

    static func load(_ c: Campaign, done: String?, form: FormState, on db: Database) async throws -> PublicRegistrationPage {
        let zone = try await Zone.find(c.zoneID, on: db)
        return PublicRegistrationPage(
            title: c.title,
            zoneName: zone?.name ?? "",
            kind: c.kind,
            scoring: c.scoring,
            offers: try await OfferedPost.load(c, on: db),
            origins: Origin.allCases.filter { c.origins.contains($0) && $0 != .zoneStaff },
            state: done.map { .done(code: $0) } ?? (c.stage != .registration ? .closed : .open),
            action: .publicRegistration(c.publicToken),
            statusPage: .publicStatus(c.publicToken),
            form: form
        )
    }
}

/// What the public status page shows: the registration found by resident ID and code, if any, and the look-up form.
struct PublicStatusPage: Sendable {
    struct Found: Sendable {
        let name: String
        let reviewStatus: ReviewStatus
        let reviewReason: String
        /// The posts applied for, joined with “、”.
        let posts: String
    }

    let title: String
    let stage: CampaignStage
    let found: Found?
    let action: SiteURL
    let form: FormState

    static func load(_ c: Campaign, found cand: Candidate?, form: FormState, on db: Database) async throws -> PublicStatusPage {
        var found: Found?
        if let cand {
            let prefs = try await CandidatePreference.query(on: db).filter(\.$candidateID == cand.id!).all()
            let cps = try await CampaignPost.query(on: db).filter(\.$id ~~ prefs.map(\.campaignPostID)).all()
            let posts = try await Post.query(on: db).filter(\.$id ~~ cps.map(\.postID)).all().map(\.title).joined(separator: "、")
            found = Found(name: cand.name, reviewStatus: cand.reviewStatus, reviewReason: cand.reviewReason, posts: posts)
        }
        return PublicStatusPage(title: c.title, stage: c.stage, found: found, action: .publicStatus(c.publicToken), form: form)
    }
}
