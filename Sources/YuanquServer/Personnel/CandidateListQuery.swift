import Fluent
import SQLKit
import Vapor
import YuanquKit

/// A campaign's candidates as its page lists them, read as plain rows (no Fluent model), in registration order.
enum CandidateListQuery {
    struct Row: Decodable {
        let id: UUID
        let personId: UUID?
        let name: String
        let gender: Gender
        let nomination: Nomination
        let registrationOrder: Int
        let reviewStatus: ReviewStatus
        let reviewReason: String
        let writtenScore: Int?
    }

    /// The campaign's candidates; `onlyPerson` limits them to that actor's own candidacy (readers without `candidatesRead`).
    static func candidates(of campaign: UUID, onlyPerson actor: Actor?, on db: Database) async throws -> [Row] {
        let sql = try db.sql
        var q = sql.select()
            .columns(
                "id",
                "person_id",
                "name",
                "gender",
                "nomination",
                "registration_order",
                "review_status",
                "review_reason",
                "written_score"
            )
            .from("candidates")
            .where("campaign_id", .equal, SQLBind(campaign))
        if let actor { q = q.where("person_id", .equal, SQLBind(actor.personID ?? UUID())) }
        return try await q.orderBy("registration_order").all(decoding: Row.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Each candidate's chosen campaign posts, in order of choice.
    static func preferences(of candidates: [UUID], on db: Database) async throws -> [UUID: [UUID]] {
        let sql = try db.sql
        guard !candidates.isEmpty else { return [:] }
        struct Preference: Decodable {
            let candidateId: UUID
            let campaignPostId: UUID
        }
        let rows = try await sql.select()
            .columns("candidate_id", "campaign_post_id")
            .from("candidate_preferences")
            .where("candidate_id", .in, SQLBind.group(candidates))
            .orderBy("rank")
            .all(decoding: Preference.self, keyDecodingStrategy: .snakeCaseColumns)
        var out: [UUID: [UUID]] = [:]
        for r in rows { out[r.candidateId, default: []].append(r.campaignPostId) }
        return out
    }

    /// Score sheets entered, counted by the database per candidate.
    static func sheetCounts(of candidates: [UUID], on db: Database) async throws -> [UUID: Int] {
        let sql = try db.sql
        guard !candidates.isEmpty else { return [:] }
        struct Count: Decodable {
            let candidateId: UUID
            let n: Int
        }
        let rows = try await sql.select()
            .column("candidate_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("score_sheets")
            .where("candidate_id", .in, SQLBind.group(candidates))
            .groupBy("candidate_id")
            .all(decoding: Count.self, keyDecodingStrategy: .snakeCaseColumns)
        return Dictionary(rows.map { ($0.candidateId, $0.n) }, uniquingKeysWith: +)
    }
}
