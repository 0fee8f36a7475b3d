import Fluent
import SQLKit
import Vapor
import YuanquKit

struct TeamRow: Decodable, Sendable {
    let id: UUID
    let name: String
    let unitId: UUID?
    let leaderId: UUID?
}

struct TeamMembershipRow: Decodable, Sendable {
    let id: UUID
    let teamId: UUID
    let personId: UUID
    let fromDate: String
    let toDate: String?
    /// The title of the campaign whose appointment opened the membership.
    let campaignTitle: String?
    /// The reason of a membership made by hand (a correction).
    let reason: String?
    let endReason: String?
}

struct TeamTargetRow: Decodable, Sendable {
    let teamId: UUID
    let signedCount: Int
    let signedAmountFen: Int64
    let majorCount: Int
    let investedAmountFen: Int64
}

/// The teams page's reads: a zone's teams, their memberships (oldest first) and their targets for a period, as plain rows.
enum TeamsQuery {
    static func teams(zone: UUID, period: String, on db: Database) async throws -> (
        teams: [TeamRow], memberships: [TeamMembershipRow], targets: [TeamTargetRow]
    ) {
        let sql = try db.sql
        let teams = try await sql.select()
            .column("id")
            .column("name")
            .column("unit_id")
            .column("leader_id")
            .from("investment_teams")
            .where("zone_id", .equal, SQLBind(zone))
            .orderBy("name")
            .all(decoding: TeamRow.self, keyDecodingStrategy: .snakeCaseColumns)
        guard !teams.isEmpty else { return ([], [], []) }
        let ids = SQLBind.group(teams.map(\.id))
        let memberships = try await sql.select()
            .column(SQLColumn("id", table: "team_memberships"))
            .column(SQLColumn("team_id", table: "team_memberships"))
            .column(SQLColumn("person_id", table: "team_memberships"))
            .column(SQLColumn("from_date", table: "team_memberships"))
            .column(SQLColumn("to_date", table: "team_memberships"))
            .column(SQLColumn("title", table: "campaigns"), as: "campaign_title")
            .column(SQLColumn("reason", table: "team_memberships"))
            .column(SQLColumn("end_reason", table: "team_memberships"))
            .from("team_memberships")
            .join(
                "campaigns",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "campaigns"),
                .equal,
                SQLColumn("campaign_id", table: "team_memberships")
            )
            .where(SQLColumn("team_id", table: "team_memberships"), .in, ids)
            .orderBy(SQLColumn("from_date", table: "team_memberships"))
            .all(decoding: TeamMembershipRow.self, keyDecodingStrategy: .snakeCaseColumns)
        let targets = try await sql.select()
            .column("team_id")
            .column("signed_count")
            .column("signed_amount_fen")
            .column("major_count")
            .column("invested_amount_fen")
            .from("team_targets")
            .where("team_id", .in, ids)
            .where("period", .equal, SQLBind(period))
            .all(decoding: TeamTargetRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return (teams, memberships, targets)
    }
}

/// What the teams page shows: plain values, rendered by `TeamsView.view`.
struct TeamsPage {
    /// How a membership began: through a campaign's appointment, or by hand as a correction with its reason.
    enum Joined: Sendable, Equatable {
        case campaign(String)
        case correction(String)
        /// Made before the origin was recorded.
        case unrecorded
    }

    struct Member {
        let name: String
        /// The person's page, when the reader may open it.
        let url: SiteURL?
        let from: String
        let joined: Joined
        /// Where the form that ends the membership posts.
        let end: SiteURL
    }

    struct FormerMember {
        let name: String
        let from: String
        let to: String
        let joined: Joined
        let endReason: String?
    }

    struct Target {
        let signedCount: Int
        let signedAmount: Money
        let majorCount: Int
        let investedAmount: Money
    }

    struct Team {
        let name: String
        let leader: String?
        let members: [Member]
        let former: [FormerMember]
        let target: Target?
        let addMember: SiteURL
        let setTargets: SiteURL
        /// Whether the reader sets this team's targets and corrects its membership (`teamsManage` within reach).
        let canManage: Bool
    }

    let period: String
    /// Today's date: when a member added or ended takes effect, by default.
    let today: String
    let teams: [Team]
    let personOptions: [(value: String, label: String)]
    /// The refusal of the last change, shown above the page.
    let error: Loc?
    /// The form that was refused (its action), shown again with its errors beside the fields and what was typed.
    let refused: SiteURL?
    let form: FormState
}
