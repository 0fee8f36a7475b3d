import Fluent
import SQLKit
import Vapor
import YuanquKit

// Plain rows of the engineering pages, read through SQLKit with only the columns shown.

/// A programme with its projects' figures, summed by the database.
struct ProgrammeFigureRow: Decodable, Sendable {
    let id: UUID
    let name: String
    let summary: String
    let startsOn: String?
    let endsOn: String?
    let projects: Int64
    let investmentFen: Int64
    let keyProjects: Int64
    let progressSum: Int64
}

/// A count of one kind within a programme (nil: projects of no programme).
struct ProgrammeCountRow: Decodable, Sendable {
    let programmeId: UUID?
    let kind: String
    let n: Int64
}

/// One line of the projects list.
struct ProjectListRow: Decodable, Sendable {
    let id: UUID
    let code: String
    let name: String
    let programmeName: String?
    let investmentFen: Int64
    let budgetFundsFen: Int64
    let owner: String
    let stage: String
    let progress: Int
    let isKey: Bool
    let startsOn: String
    let endsOn: String
    let lateMilestones: Int64
}

/// A project with everything its header shows.
struct ProjectDetailRow: Decodable, Sendable {
    let id: UUID
    let zoneId: UUID
    let programmeId: UUID?
    let programmeName: String?
    let code: String
    let name: String
    let location: String
    let investmentFen: Int64
    let budgetFundsFen: Int64
    let owner: String
    let office: String
    let officeLeadId: UUID?
    let officeLeadName: String?
    let isKey: Bool
    let progress: Int
    let stage: String
    let startsOn: String
    let endsOn: String
}

struct HolderRow: Decodable, Sendable {
    let responsibility: String
    let unitId: UUID
    let unitName: String?
    let personId: UUID
    let personName: String?
    let since: String
}

struct MemberRow: Decodable, Sendable {
    let personName: String?
    let duty: String
}

struct MilestoneRow: Decodable, Sendable {
    let seq: Int
    let name: String
    let plannedOn: String
    let actualOn: String?
}

struct ProgressRow: Decodable, Sendable {
    let onDate: String
    let percent: Int
    let note: String
    let by: String
}

struct CostDocumentRow: Decodable, Sendable {
    let id: UUID
    let stage: String
    let amountFen: Int64
    let basis: String
    let overrunReason: String?
    let preparedByName: String?
    let preparedOn: String
    let status: String
    let decidedBy: String?
    let decidedOn: String?
    let decisionNote: String?
}

struct DesignChangeRow: Decodable, Sendable {
    let id: UUID
    let number: Int
    let title: String
    let reason: String
    let proposedAs: String
    let proposerName: String?
    let proposedOn: String
    let designReviewerName: String?
    let designOpinion: String?
    let designAgrees: Bool?
    let costReviewerName: String?
    let costOpinion: String?
    let impactFen: Int64?
    let needsMeeting: Bool
    let status: String
    let decidedOn: String?
}

/// A tender as lists and the project page show it.
struct TenderListRow: Decodable, Sendable {
    let id: UUID
    let projectId: UUID
    let projectCode: String
    let projectName: String
    let package: String
    let category: String
    let method: String
    let estimatedFen: Int64
    let status: String
    let issuedOn: String
    let bidDeadline: String
    let reportOn: String?
    let awardedOn: String?
    let contractSignedOn: String?
    let contractFen: Int64?
    let winner: String?
    let createdOn: String
}

struct AuditAssignmentRow: Decodable, Sendable {
    let id: UUID
    let firmName: String
    let assignedOn: String
    let reason: String?
    let endedOn: String?
    let rating: Int?
    let ratingNote: String?
}

struct PaymentRow: Decodable, Sendable {
    let id: UUID
    let tenderId: UUID
    let package: String
    let period: String
    let requestedFen: Int64
    let requestedOn: String
    let confirmedFen: Int64?
    let confirmedOn: String?
    let paidFen: Int64?
    let paidOn: String?
    let status: String
    let firmName: String?
}

/// A meeting's decision about the project or one of its design changes.
struct MeetingDecisionRow: Decodable, Sendable {
    let meetingId: UUID
    let title: String
    let heldOn: String
    let topic: String
    let decision: String
}

/// A contract of the project, for the payment form and the ceiling.
struct ContractRow: Decodable, Sendable {
    let id: UUID
    let package: String
    let contractFen: Int64
    let paidFen: Int64
}

struct OptionRow: Decodable, Sendable {
    let id: UUID
    let name: String
}

struct PersonOptionRow: Decodable, Sendable {
    let id: UUID
    let name: String
    let unitName: String?
}

/// A tender with everything its page shows.
struct TenderDetailRow: Decodable, Sendable {
    let id: UUID
    let zoneId: UUID
    let projectId: UUID
    let projectCode: String
    let projectName: String
    let package: String
    let category: String
    let method: String
    let estimatedFen: Int64
    let bidSecurityFen: Int64
    let issuedOn: String
    let bidDeadline: String
    let status: String
    let combinedFen: Int64
    let publicRequired: Bool
    let approvalRef: String?
    let approvedBy: String?
    let reportOn: String?
    let publicityFrom: String?
    let publicityTo: String?
    let winnerBidId: UUID?
    let awardedOn: String?
    let contractSignedOn: String?
    let contractFen: Int64?
    let failedReason: String?
    let retenderOfId: UUID?
    let createdOn: String
}

struct BidRow: Decodable, Sendable {
    let id: UUID
    let bidder: String
    let creditCode: String?
    let amountFen: Int64
    let submittedOn: String
    let rank: Int?
}

struct ClarificationRow: Decodable, Sendable {
    let issuedOn: String
    let affectsBids: Bool
    let note: String
    let deadlineBefore: String
    let deadlineAfter: String
}

struct ObjectionRow: Decodable, Sendable {
    let id: UUID
    let stage: String
    let raisedOn: String
    let raisedBy: String
    let text: String
    let answeredOn: String?
    let answer: String?
}

struct CommitteeRow: Decodable, Sendable {
    let name: String
    let expert: Bool
    let employer: String
}

/// A firm of the registry with its jobs and ratings, summed by the database.
struct AuditFirmRow: Decodable, Sendable {
    let id: UUID
    let name: String
    let creditCode: String?
    let qualifications: String
    let related: String
    let active: Bool
    let lastAssignedOn: String?
    let jobs: Int64
    let rated: Int64
    let ratingSum: Int64
}

/// The engineering pages' reads.
enum EngineeringQueries {
    static func sql(_ db: Database) throws -> SQLDatabase {
        let sql = try db.sql
        return sql
    }

    /// A milestone of alias `m` is delayed now: its planned date has passed without an actual date. (The project page
    /// also marks milestones reached after their date, `Milestones.isLate`; the counts and filters are of delays now.)
    static func late(_ today: String) -> SQLQueryString {
        "(m.actual_on IS NULL AND m.planned_on < \(bind: today))"
    }

    // MARK: programmes

    /// The programmes of a zone (every zone when nil), or the one named by `id`, with their projects' figures.
    static func programmes(zone: UUID?, id: UUID? = nil, on db: Database) async throws -> [ProgrammeFigureRow] {
        var filter: SQLQueryString = "1 = 1"
        if let z = zone { filter = filter + " AND g.zone_id = \(bind: z)" }
        if let i = id { filter = filter + " AND g.id = \(bind: i)" }
        return try await sql(db).raw(
            """
            SELECT g.id, g.name, g.summary, g.starts_on, g.ends_on, CAST(COUNT(cp.id) AS BIGINT) AS projects,
              CAST(COALESCE(SUM(cp.investment_fen), 0) AS BIGINT) AS investment_fen,
              CAST(COALESCE(SUM(CASE WHEN cp.is_key THEN 1 ELSE 0 END), 0) AS BIGINT) AS key_projects,
              CAST(COALESCE(SUM(cp.progress), 0) AS BIGINT) AS progress_sum
            FROM programmes g LEFT JOIN construction_projects cp ON cp.programme_id = g.id
            WHERE \(filter)
            GROUP BY g.id, g.name, g.summary, g.starts_on, g.ends_on ORDER BY g.name
            """
        ).all(decoding: ProgrammeFigureRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Projects by programme and stage.
    static func stagesByProgramme(zone: UUID, on db: Database) async throws -> [ProgrammeCountRow] {
        try await sql(db).raw(
            """
            SELECT programme_id, stage AS kind, CAST(COUNT(*) AS BIGINT) AS n FROM construction_projects
            WHERE zone_id = \(bind: zone) GROUP BY programme_id, stage
            """
        ).all(decoding: ProgrammeCountRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Late milestones by programme.
    static func lateByProgramme(zone: UUID, today: String, on db: Database) async throws -> [ProgrammeCountRow] {
        try await sql(db).raw(
            """
            SELECT cp.programme_id, 'late' AS kind, CAST(COUNT(*) AS BIGINT) AS n FROM project_milestones m
            JOIN construction_projects cp ON cp.id = m.project_id
            WHERE cp.zone_id = \(bind: zone) AND \(late(today)) GROUP BY cp.programme_id
            """
        ).all(decoding: ProgrammeCountRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Projects of no programme: count, investment, key projects and progress, as one figure row (nil when none).
    static func unassigned(zone: UUID, on db: Database) async throws -> ProgrammeFigureRow? {
        let row = try await sql(db).raw(
            """
            SELECT CAST(COUNT(*) AS BIGINT) AS projects, CAST(COALESCE(SUM(investment_fen), 0) AS BIGINT) AS investment_fen,
              CAST(COALESCE(SUM(CASE WHEN is_key THEN 1 ELSE 0 END), 0) AS BIGINT) AS key_projects,
              CAST(COALESCE(SUM(progress), 0) AS BIGINT) AS progress_sum
            FROM construction_projects WHERE zone_id = \(bind: zone) AND programme_id IS NULL
            """
        ).first()
        guard let r = row else { return nil }
        let n = try r.decode(column: "projects", as: Int64.self)
        guard n > 0 else { return nil }
        return ProgrammeFigureRow(
            id: UUID(uuidString: "00000000-0000-0000-0000-000000000000")!,
            name: "",
            summary: "",
            startsOn: nil,
            endsOn: nil,
            projects: n,
            investmentFen: try r.decode(column: "investment_fen", as: Int64.self),
            keyProjects: try r.decode(column: "key_projects", as: Int64.self),
            progressSum: try r.decode(column: "progress_sum", as: Int64.self)
        )
    }

    static func programmeOptions(zone: UUID, on db: Database) async throws -> [OptionRow] {
        try await sql(db).raw("SELECT id, name FROM programmes WHERE zone_id = \(bind: zone) ORDER BY name")
            .all(decoding: OptionRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    // MARK: projects

    /// What the projects list (page and CSV) is filtered by.
    struct ProjectFilter: Sendable {
        var zone: UUID
        /// A programme's id, or "none" for projects of no programme.
        var programme: String?
        var stage: String?
        var keyOnly = false
        var lateOnly = false
        var q = ""
        var sort = "code"
        var descending = false
        var today: String
    }

    static let projectSorts: [String: String] = [
        "code": "cp.code", "name": "cp.name", "investment": "cp.investment_fen", "progress": "cp.progress", "stage": "cp.stage",
        "endsOn": "cp.ends_on",
    ]

    static func projectWhere(_ f: ProjectFilter) -> SQLQueryString {
        var w: SQLQueryString = "cp.zone_id = \(bind: f.zone)"
        if let p = f.programme {
            if p == "none" {
                w += " AND cp.programme_id IS NULL"
            } else if let id = UUID(uuidString: p) {
                w += " AND cp.programme_id = \(bind: id)"
            } else {
                w += " AND 1 = 0"
            }
        }
        if let s = f.stage { w += " AND cp.stage = \(bind: s)" }
        if f.keyOnly { w += " AND cp.is_key = \(bind: true)" }
        if f.lateOnly { w += " AND EXISTS (SELECT 1 FROM project_milestones m WHERE m.project_id = cp.id AND \(late(f.today)))" }
        if !f.q.isEmpty {
            let like = TextSearch.containing(f.q)
            w +=
                " AND (cp.name LIKE \(bind: like) ESCAPE '\\' OR cp.code LIKE \(bind: like) ESCAPE '\\' OR cp.owner LIKE \(bind: like) ESCAPE '\\')"
        }
        return w
    }

    /// A page of the filtered projects (all of them when `range` is nil) and their count.
    static func projects(_ f: ProjectFilter, range: Range<Int>?, on db: Database) async throws -> (rows: [ProjectListRow], total: Int) {
        let sql = try sql(db)
        let w = projectWhere(f)
        let total =
            try await sql.raw("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM construction_projects cp WHERE " + w).first()
            .map { try $0.decode(column: "n", as: Int64.self) } ?? 0
        let order = projectSorts[f.sort] ?? "cp.code"
        var q: SQLQueryString =
            """
            SELECT cp.id, cp.code, cp.name, g.name AS programme_name, cp.investment_fen, cp.budget_funds_fen, cp.owner, cp.stage,
              cp.progress, cp.is_key, cp.starts_on, cp.ends_on,
              CAST((SELECT COUNT(*) FROM project_milestones m WHERE m.project_id = cp.id AND \(late(f.today))) AS BIGINT) AS late_milestones
            FROM construction_projects cp LEFT JOIN programmes g ON g.id = cp.programme_id WHERE
            """
        q += " " + w
        q += " ORDER BY \(unsafeRaw: order) \(unsafeRaw: f.descending ? "DESC" : "ASC"), cp.code ASC, cp.id ASC"
        if let r = range { q += " LIMIT \(literal: r.count) OFFSET \(literal: r.lowerBound)" } else { q += " LIMIT 20000" }
        let rows = try await sql.raw(q).all(decoding: ProjectListRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return (rows, Int(total))
    }

    static func project(_ id: UUID, on db: Database) async throws -> ProjectDetailRow? {
        try await sql(db).raw(
            """
            SELECT cp.id, cp.zone_id, cp.programme_id, g.name AS programme_name, cp.code, cp.name, cp.location, cp.investment_fen,
              cp.budget_funds_fen, cp.owner, cp.office, cp.office_lead_id, pl.name AS office_lead_name, cp.is_key, cp.progress,
              cp.stage, cp.starts_on, cp.ends_on
            FROM construction_projects cp LEFT JOIN programmes g ON g.id = cp.programme_id
            LEFT JOIN people pl ON pl.id = cp.office_lead_id WHERE cp.id = \(bind: id)
            """
        ).first(decoding: ProjectDetailRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func holders(_ project: UUID, on db: Database) async throws -> [HolderRow] {
        try await sql(db).raw(
            """
            SELECT h.responsibility, h.unit_id, u.name AS unit_name, h.person_id, p.name AS person_name, h.since
            FROM project_holders h LEFT JOIN org_units u ON u.id = h.unit_id LEFT JOIN people p ON p.id = h.person_id
            WHERE h.project_id = \(bind: project)
            """
        ).all(decoding: HolderRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func members(_ project: UUID, on db: Database) async throws -> [MemberRow] {
        try await sql(db).raw(
            """
            SELECT p.name AS person_name, m.duty FROM project_members m LEFT JOIN people p ON p.id = m.person_id
            WHERE m.project_id = \(bind: project) ORDER BY m.duty, p.sort_key
            """
        ).all(decoding: MemberRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func milestones(_ project: UUID, on db: Database) async throws -> [MilestoneRow] {
        try await sql(db).raw(
            "SELECT seq, name, planned_on, actual_on FROM project_milestones WHERE project_id = \(bind: project) ORDER BY planned_on, seq"
        ).all(decoding: MilestoneRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func progress(_ project: UUID, on db: Database) async throws -> [ProgressRow] {
        try await sql(db).raw(
            """
            SELECT on_date, percent, note, "by" FROM progress_entries WHERE project_id = \(bind: project)
            ORDER BY on_date DESC, percent DESC LIMIT 200
            """
        ).all(decoding: ProgressRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func costs(_ project: UUID, on db: Database) async throws -> [CostDocumentRow] {
        try await sql(db).raw(
            """
            SELECT d.id, d.stage, d.amount_fen, d.basis, d.overrun_reason, p.name AS prepared_by_name, d.prepared_on, d.status,
              d.decided_by, d.decided_on, d.decision_note
            FROM cost_documents d LEFT JOIN people p ON p.id = d.prepared_by_id WHERE d.project_id = \(bind: project)
            """
        ).all(decoding: CostDocumentRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func changes(_ project: UUID, on db: Database) async throws -> [DesignChangeRow] {
        try await sql(db).raw(
            """
            SELECT c.id, c.number, c.title, c.reason, c.proposed_as, pp.name AS proposer_name, c.proposed_on,
              dr.name AS design_reviewer_name, c.design_opinion, c.design_agrees, cr.name AS cost_reviewer_name, c.cost_opinion,
              c.impact_fen, c.needs_meeting, c.status, c.decided_on
            FROM design_changes c LEFT JOIN people pp ON pp.id = c.proposer_id LEFT JOIN people dr ON dr.id = c.design_reviewer_id
            LEFT JOIN people cr ON cr.id = c.cost_reviewer_id
            WHERE c.project_id = \(bind: project) ORDER BY c.number DESC
            """
        ).all(decoding: DesignChangeRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static let tenderColumns: SQLQueryString =
        """
        SELECT t.id, t.project_id, cp.code AS project_code, cp.name AS project_name, t."package", t.category, t.method, t.estimated_fen,
          t.status, t.issued_on, t.bid_deadline, t.report_on, t.awarded_on, t.contract_signed_on, t.contract_fen, b.bidder AS winner,
          t.created_on
        FROM tenders t JOIN construction_projects cp ON cp.id = t.project_id LEFT JOIN tender_bids b ON b.id = t.winner_bid_id
        """

    static func tenders(ofProject project: UUID, on db: Database) async throws -> [TenderListRow] {
        try await sql(db).raw(tenderColumns + " WHERE t.project_id = \(bind: project) ORDER BY t.issued_on DESC, t.created_on DESC")
            .all(decoding: TenderListRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func audits(_ project: UUID, on db: Database) async throws -> [AuditAssignmentRow] {
        try await sql(db).raw(
            """
            SELECT a.id, f.name AS firm_name, a.assigned_on, a.reason, a.ended_on, a.rating, a.rating_note
            FROM audit_assignments a JOIN audit_firms f ON f.id = a.firm_id WHERE a.project_id = \(bind: project)
            ORDER BY a.assigned_on DESC
            """
        ).all(decoding: AuditAssignmentRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func payments(_ project: UUID, on db: Database) async throws -> [PaymentRow] {
        try await sql(db).raw(
            """
            SELECT p.id, p.tender_id, t."package", p.period, p.requested_fen, p.requested_on, p.confirmed_fen, p.confirmed_on, p.paid_fen,
              p.paid_on, p.status, f.name AS firm_name
            FROM payments p JOIN tenders t ON t.id = p.tender_id LEFT JOIN audit_firms f ON f.id = p.firm_id
            WHERE p.project_id = \(bind: project) ORDER BY p.requested_on DESC, p.period DESC
            """
        ).all(decoding: PaymentRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// The project's signed contracts with what has been paid on each.
    static func contracts(_ project: UUID, on db: Database) async throws -> [ContractRow] {
        try await sql(db).raw(
            """
            SELECT t.id, t."package", t.contract_fen,
              CAST((SELECT COALESCE(SUM(p.paid_fen), 0) FROM payments p WHERE p.tender_id = t.id AND p.status = 'paid') AS BIGINT) AS paid_fen
            FROM tenders t WHERE t.project_id = \(bind: project) AND t.status = 'contracted' AND t.contract_fen IS NOT NULL
            ORDER BY t.contract_signed_on
            """
        ).all(decoding: ContractRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Meeting items about the project or about one of its design changes, with their meeting.
    static func meetingDecisions(_ project: UUID, on db: Database) async throws -> [MeetingDecisionRow] {
        try await sql(db).raw(
            """
            SELECT mi.meeting_id, m.title, m.held_on, mi.topic, mi.decision FROM meeting_items mi JOIN meetings m ON m.id = mi.meeting_id
            WHERE mi.project_id = \(bind: project)
              OR mi.design_change_id IN (SELECT c.id FROM design_changes c WHERE c.project_id = \(bind: project))
            ORDER BY m.held_on DESC, mi.seq
            """
        ).all(decoding: MeetingDecisionRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func unitOptions(zone: UUID, on db: Database) async throws -> [OptionRow] {
        try await sql(db).raw("SELECT id, name FROM org_units WHERE zone_id = \(bind: zone) ORDER BY name")
            .all(decoding: OptionRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func personOptions(zone: UUID, on db: Database) async throws -> [PersonOptionRow] {
        try await sql(db).raw(
            """
            SELECT p.id, p.name, u.name AS unit_name FROM people p LEFT JOIN org_units u ON u.id = p.unit_id
            WHERE p.zone_id = \(bind: zone) ORDER BY u.name, p.sort_key LIMIT 5000
            """
        ).all(decoding: PersonOptionRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func projectOptions(zone: UUID, on db: Database) async throws -> [OptionRow] {
        try await sql(db).raw(
            "SELECT id, code || ' ' || name AS name FROM construction_projects WHERE zone_id = \(bind: zone) ORDER BY code LIMIT 5000"
        ).all(decoding: OptionRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    // MARK: tenders

    struct TenderFilter: Sendable {
        var zone: UUID
        var status: String?
        var method: String?
        var category: String?
        var project: UUID?
        var q = ""
    }

    static func tenders(_ f: TenderFilter, range: Range<Int>, on db: Database) async throws -> (rows: [TenderListRow], total: Int) {
        let sql = try sql(db)
        var w: SQLQueryString = " WHERE t.zone_id = \(bind: f.zone)"
        if let s = f.status { w += " AND t.status = \(bind: s)" }
        if let m = f.method { w += " AND t.method = \(bind: m)" }
        if let c = f.category { w += " AND t.category = \(bind: c)" }
        if let p = f.project { w += " AND t.project_id = \(bind: p)" }
        if !f.q.isEmpty {
            let like = TextSearch.containing(f.q)
            w +=
                " AND (t.\"package\" LIKE \(bind: like) ESCAPE '\\' OR cp.name LIKE \(bind: like) ESCAPE '\\' OR cp.code LIKE \(bind: like) ESCAPE '\\')"
        }
        let total =
            try await sql.raw(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM tenders t JOIN construction_projects cp ON cp.id = t.project_id" + w
            ).first().map { try $0.decode(column: "n", as: Int64.self) } ?? 0
        let rows = try await sql.raw(
            tenderColumns + w
                + " ORDER BY t.issued_on DESC, t.created_on DESC, t.id LIMIT \(literal: range.count) OFFSET \(literal: range.lowerBound)"
        ).all(decoding: TenderListRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return (rows, Int(total))
    }

    static func tender(_ id: UUID, on db: Database) async throws -> TenderDetailRow? {
        try await sql(db).raw(
            """
            SELECT t.id, t.zone_id, t.project_id, cp.code AS project_code, cp.name AS project_name, t."package", t.category, t.method,
              t.estimated_fen, t.bid_security_fen, t.issued_on, t.bid_deadline, t.status, t.combined_fen, t.public_required, t.approval_ref,
              t.approved_by, t.report_on, t.publicity_from, t.publicity_to, t.winner_bid_id, t.awarded_on, t.contract_signed_on,
              t.contract_fen, t.failed_reason, t.retender_of_id, t.created_on
            FROM tenders t JOIN construction_projects cp ON cp.id = t.project_id WHERE t.id = \(bind: id)
            """
        ).first(decoding: TenderDetailRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func bids(_ tender: UUID, on db: Database) async throws -> [BidRow] {
        try await sql(db).raw(
            """
            SELECT id, bidder, credit_code, amount_fen, submitted_on, rank FROM tender_bids WHERE tender_id = \(bind: tender)
            ORDER BY CASE WHEN rank IS NULL THEN 1 ELSE 0 END, rank, amount_fen, bidder
            """
        ).all(decoding: BidRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func clarifications(_ tender: UUID, on db: Database) async throws -> [ClarificationRow] {
        try await sql(db).raw(
            """
            SELECT issued_on, affects_bids, note, deadline_before, deadline_after FROM tender_clarifications
            WHERE tender_id = \(bind: tender) ORDER BY issued_on
            """
        ).all(decoding: ClarificationRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func objections(_ tender: UUID, on db: Database) async throws -> [ObjectionRow] {
        try await sql(db).raw(
            """
            SELECT id, stage, raised_on, raised_by, text, answered_on, answer FROM tender_objections WHERE tender_id = \(bind: tender)
            ORDER BY raised_on
            """
        ).all(decoding: ObjectionRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func committee(_ tender: UUID, on db: Database) async throws -> [CommitteeRow] {
        try await sql(db).raw("SELECT name, expert, employer FROM committee_members WHERE tender_id = \(bind: tender) ORDER BY name")
            .all(decoding: CommitteeRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// The tenders that re-tender this one.
    static func retenders(of tender: UUID, on db: Database) async throws -> [OptionRow] {
        try await sql(db).raw(
            "SELECT id, \"package\" AS name FROM tenders WHERE retender_of_id = \(bind: tender) ORDER BY created_on"
        ).all(decoding: OptionRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    // MARK: audit firms

    static func auditFirms(zone: UUID, on db: Database) async throws -> [AuditFirmRow] {
        try await sql(db).raw(
            """
            SELECT f.id, f.name, f.credit_code, f.qualifications, f.related, f.active, f.last_assigned_on,
              CAST(COUNT(a.id) AS BIGINT) AS jobs, CAST(COUNT(a.rating) AS BIGINT) AS rated,
              CAST(COALESCE(SUM(a.rating), 0) AS BIGINT) AS rating_sum
            FROM audit_firms f LEFT JOIN audit_assignments a ON a.firm_id = f.id WHERE f.zone_id = \(bind: zone)
            GROUP BY f.id, f.name, f.credit_code, f.qualifications, f.related, f.active, f.last_assigned_on ORDER BY f.name
            """
        ).all(decoding: AuditFirmRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// A firm of the registry as the rotation sees it.
    static func rotationFirm(_ r: AuditFirmRow) -> AuditRotation.Firm {
        AuditRotation.Firm(
            id: r.id.uuidString,
            name: r.name,
            qualifications: Set(AuditFirmService.lines(r.qualifications)),
            related: Set(AuditFirmService.lines(r.related)),
            lastAssigned: r.lastAssignedOn.flatMap(CalendarDate.init),
            active: r.active
        )
    }
}

/// What the engineering area asks of the reader on the home page.
struct EngineeringTodoRow: Decodable, Sendable {
    /// costStage, methodApproval, awaitingMeeting or lateContract
    let kind: String
    let id: UUID
    let projectId: UUID
    let label: String
}

extension EngineeringQueries {
    /// Leaders: cost stages and non-public methods to approve, design changes waiting for a meeting; engineers: contracts
    /// late under art. 46. One query; at most `perKind` rows of each kind, and the total.
    static func todos(zone: UUID, decide: Bool, write: Bool, today: CalendarDate, perKind: Int = 3, on db: Database) async throws
        -> (count: Int, rows: [EngineeringTodoRow])
    {
        guard decide || write else { return (0, []) }
        let lateBefore = today.adding(days: -30).description
        var parts: [SQLQueryString] = []
        if decide {
            parts.append(
                """
                SELECT 'costStage' AS kind, cd.id, cp.id AS project_id, cp.code || ' ' || cd.stage AS label FROM cost_documents cd
                JOIN construction_projects cp ON cp.id = cd.project_id WHERE cp.zone_id = \(bind: zone) AND cd.status = 'prepared'
                """
            )
            parts.append(
                """
                SELECT 'methodApproval' AS kind, t.id, t.project_id, cp.code || ' ' || t.package AS label FROM tenders t
                JOIN construction_projects cp ON cp.id = t.project_id WHERE t.zone_id = \(bind: zone) AND t.status = 'awaitingApproval'
                """
            )
            parts.append(
                """
                SELECT 'awaitingMeeting' AS kind, dc.id, dc.project_id, cp.code || ' ' || dc.title AS label FROM design_changes dc
                JOIN construction_projects cp ON cp.id = dc.project_id WHERE dc.zone_id = \(bind: zone) AND dc.status = 'awaitingMeeting'
                """
            )
        }
        if write || decide {
            parts.append(
                """
                SELECT 'lateContract' AS kind, t.id, t.project_id, cp.code || ' ' || t.package AS label FROM tenders t
                JOIN construction_projects cp ON cp.id = t.project_id
                WHERE t.zone_id = \(bind: zone) AND t.status = 'awarded' AND t.awarded_on < \(bind: lateBefore)
                """
            )
        }
        var union: SQLQueryString = parts[0]
        for p in parts.dropFirst() { union = union + " UNION ALL " + p }
        // Approvals first, then late contracts, then changes waiting for a meeting.
        let order: SQLQueryString =
            " ORDER BY CASE kind WHEN 'methodApproval' THEN 0 WHEN 'costStage' THEN 1 WHEN 'lateContract' THEN 2 ELSE 3 END, label"
        let rows = try await sql(db).raw("SELECT kind, id, project_id, label FROM (" + union + ") t" + order)
            .all(decoding: EngineeringTodoRow.self, keyDecodingStrategy: .snakeCaseColumns)
        var shown: [String: Int] = [:]
        let kept = rows.filter { r in
            shown[r.kind, default: 0] += 1
            return shown[r.kind]! <= perKind
        }
        return (rows.count, kept)
    }
}
