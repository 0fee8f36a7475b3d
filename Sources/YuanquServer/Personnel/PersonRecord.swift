import Fluent
import SQLKit
import Vapor
import YuanquKit

/// A person's record over time: appointments, contracts and the campaigns they entered.
/// Plain values, shown on the person's page by `PersonRecordView`.
struct PersonRecord {
    struct AppointmentLine: Decodable {
        let post: String
        let startDate: String
        let endDate: String?
        let termMonths: Int
        let campaignId: UUID?
        let method: String
        let endReason: String?
    }

    struct ContractLine: Decodable {
        let startDate: String
        let endDate: String?
        /// The terms (nil for a reader not granted them: `ContractTermsGrant`).
        var probationMonths: Int?
        let status: String
        var statusReason: String?
    }

    struct CandidacyLine: Decodable {
        let campaignId: UUID
        let title: String
        let reviewStatus: ReviewStatus
        let stage: CampaignStage
        /// The post proposed or appointed to, as “单位·岗位”.
        let post: String?
    }

    var appointments: [AppointmentLine] = []
    var contracts: [ContractLine] = []
    var candidacies: [CandidacyLine] = []
    /// Published assessment results (综合考核评价), newest first, with the words of each cycle's grade set.
    var results: [PersonResultRow] = []
    var personID: UUID? = nil
    /// Whether the reader may open the pay arithmetic (readers of the area, and the person themself).
    var payLinks = false
    var shown = false

    /// Three queries whatever the record's length: appointments and the campaigns entered with their posts' labels
    /// (单位·岗位) joined in, and contracts — each read as plain rows.
    static func load(_ p: Person, actor: Actor, on db: Database) async throws -> PersonRecord {
        guard actor.can(.appointmentsRead) else { return PersonRecord() }
        let sql = try db.sql
        let person = p.id!
        var r = PersonRecord(personID: person, payLinks: actor.can(.assessmentRead) || actor.personID == person, shown: true)
        r.appointments = try await sql.raw(
            """
            SELECT COALESCE(org_units.name, '') || '·' || posts.title AS post, appointments.start_date, appointments.end_date,
                   appointments.term_months, appointments.campaign_id, appointments.method, appointments.end_reason
            FROM appointments JOIN posts ON posts.id = appointments.post_id LEFT JOIN org_units ON org_units.id = posts.unit_id
            WHERE appointments.person_id = \(bind: person) ORDER BY appointments.start_date DESC
            """
        ).all(decoding: AppointmentLine.self, keyDecodingStrategy: .snakeCaseColumns)
        r.contracts = try await sql.raw(
            """
            SELECT start_date, end_date, probation_months, status, status_reason FROM employment_contracts
            WHERE person_id = \(bind: person) ORDER BY start_date DESC
            """
        ).all(decoding: ContractLine.self, keyDecodingStrategy: .snakeCaseColumns)
        if !ContractTermsGrant.allows(try await Reaches.grants(actor, [.contractTermsRead], on: db), person: person) {
            for i in r.contracts.indices {
                r.contracts[i].probationMonths = nil
                r.contracts[i].statusReason = nil
            }
        }
        if actor.can(.candidatesRead) || actor.personID == p.id {
            r.candidacies = try await sql.raw(
                """
                SELECT campaigns.id AS campaign_id, campaigns.title, candidates.review_status, campaigns.stage,
                       COALESCE(org_units.name, '') || '·' || posts.title AS post
                FROM candidates JOIN campaigns ON campaigns.id = candidates.campaign_id
                LEFT JOIN proposals ON proposals.candidate_id = candidates.id
                LEFT JOIN campaign_posts ON campaign_posts.id = proposals.campaign_post_id
                LEFT JOIN posts ON posts.id = campaign_posts.post_id LEFT JOIN org_units ON org_units.id = posts.unit_id
                WHERE candidates.person_id = \(bind: person) ORDER BY campaigns.opened_on, campaigns.title
                """
            ).all(decoding: CandidacyLine.self, keyDecodingStrategy: .snakeCaseColumns)
        }
        r.results = try await PerformanceQueries.personResults(person, on: db)
        return r
    }
}
