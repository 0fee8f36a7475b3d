import Fluent
import Vapor
import YuanquKit

/// A person's record over time: appointments, contracts and the campaigns they entered.
/// Plain values, shown on the person's page by `PersonRecordView`.
struct PersonRecord {
    struct AppointmentLine {
        let post: String
        let startDate: String
        let endDate: String?
        let termMonths: Int
        let campaignID: UUID?
        let method: String
        let endReason: String?
    }

    struct ContractLine {
        let startDate: String
        let endDate: String?
        let probationMonths: Int
        let status: String
        let statusReason: String?
    }

    struct CandidacyLine {
        let campaignID: UUID
        let title: String
        let reviewStatus: ReviewStatus
        let stage: CampaignStage
        /// The post proposed or appointed to, as “单位·岗位”.
        let post: String?
    }

    var appointments: [AppointmentLine] = []
    var contracts: [ContractLine] = []
    var candidacies: [CandidacyLine] = []
    var shown = false

    static func load(_ p: Person, actor: Actor, on db: Database) async throws -> PersonRecord {
        guard actor.can(.appointmentsRead) else { return PersonRecord() }
        var r = PersonRecord(shown: true)
        let postTitles = try await postLabels(zone: p.zoneID, on: db)
        let appointments = try await Appointment.query(on: db).filter(\.$personID == p.id!).sort(\.$startDate, .descending).all()
        r.appointments = appointments.map { a in
            AppointmentLine(
                post: postTitles[a.postID] ?? "",
                startDate: a.startDate,
                endDate: a.endDate,
                termMonths: a.termMonths,
                campaignID: a.campaignID,
                method: a.method,
                endReason: a.endReason
            )
        }
        let contracts = try await EmploymentContract.query(on: db).filter(\.$personID == p.id!).sort(\.$startDate, .descending).all()
        r.contracts = contracts.map { k in
            ContractLine(
                startDate: k.startDate,
                endDate: k.endDate,
                probationMonths: k.probationMonths,
                status: k.status,
                statusReason: k.statusReason
            )
        }
        if actor.can(.candidatesRead) || actor.personID == p.id {
            for cand in try await Candidate.query(on: db).filter(\.$personID == p.id!).all() {
                guard let c = try await Campaign.find(cand.campaignID, on: db) else { continue }
                let proposal = try await Proposal.query(on: db).filter(\.$candidateID == cand.id!).first()
                let post = try await proposal.asyncMap { try await CampaignPost.find($0.campaignPostID, on: db) } ?? nil
                let line = CandidacyLine(
                    campaignID: c.id!,
                    title: c.title,
                    reviewStatus: cand.reviewStatus,
                    stage: c.stage,
                    post: post.flatMap { postTitles[$0.postID] }
                )
                r.candidacies.append(line)
            }
        }
        return r
    }

    /// Every post of a zone as “单位·岗位”.
    static func postLabels(zone: UUID?, on db: Database) async throws -> [UUID: String] {
        let units = try await OrgQueries.unitNames(zone: zone, on: db)
        var q = Post.query(on: db)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        return Dictionary(uniqueKeysWithValues: try await q.all().map { ($0.id!, (units[$0.unitID] ?? "") + "·" + $0.title) })
    }
}
