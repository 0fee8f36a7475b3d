import Fluent
import SQLKit
import Vapor
import YuanquKit

struct ProgrammeDTO: Codable, Sendable {
    let id: UUID
    let name: String
    let summary: String
    let startsOn: String?
    let endsOn: String?
    let projectCount: Int
    let keyProjects: Int
    let totalInvestmentFen: Int64
    let averageProgress: Double
}

struct HolderDTO: Codable, Sendable {
    let unitId: UUID
    let unitName: String
    let personId: UUID
    let personName: String
    let since: String
}

struct MilestoneDTO: Codable, Sendable {
    let name: String
    let plannedOn: String
    let actualOn: String?
    let late: Bool
}

struct CostStageDTO: Codable, Sendable {
    let id: UUID
    let stage: String
    let amountFen: Int64
    let basis: String
    let overrunReason: String?
    let preparedOn: String
    let status: String
    let decidedBy: String?
    let decidedOn: String?
}

struct DesignChangeDTO: Codable, Sendable {
    let id: UUID
    let number: Int
    let title: String
    let reason: String
    let proposedAs: String
    let proposedOn: String
    let designAgrees: Bool?
    let impactFen: Int64?
    let needsMeeting: Bool
    let status: String
    let decidedOn: String?
}

struct ConstructionProjectDTO: Codable, Sendable {
    let id: UUID
    let programmeId: UUID?
    let code: String
    let name: String
    let location: String
    let investmentFen: Int64
    let budgetFundsFen: Int64
    let owner: String
    let office: String
    let officeLeadId: UUID?
    let isKey: Bool
    let stage: String
    let progress: Int
    let startsOn: String
    let endsOn: String
    /// design, cost and construction (those assigned).
    let holders: [String: HolderDTO]
    let milestones: [MilestoneDTO]
    let costStages: [CostStageDTO]
    let designChanges: [DesignChangeDTO]
    /// The tracking audits, first assigned first: an assignment's id is what rating it takes.
    let auditAssignments: [AuditAssignmentDTO]
}

/// Reads the engineering answers with one query per table and page of projects, never per row.
enum EngineeringDTOs {
    /// The programmes of a zone (every zone when nil), or the one named by `id`.
    static func programmes(zone: UUID?, id: UUID? = nil, on db: Database) async throws -> [ProgrammeDTO] {
        try await EngineeringQueries.programmes(zone: zone, id: id, on: db).map {
            ProgrammeDTO(
                id: $0.id,
                name: $0.name,
                summary: $0.summary,
                startsOn: $0.startsOn,
                endsOn: $0.endsOn,
                projectCount: Int($0.projects),
                keyProjects: Int($0.keyProjects),
                totalInvestmentFen: $0.investmentFen,
                averageProgress: $0.projects == 0 ? 0 : Double($0.progressSum) / Double($0.projects)
            )
        }
    }

    struct ProjectRow: Decodable {
        let id: UUID
        let programmeId: UUID?
        let code: String
        let name: String
        let location: String
        let investmentFen: Int64
        let budgetFundsFen: Int64
        let owner: String
        let office: String
        let officeLeadId: UUID?
        let isKey: Bool
        let stage: String
        let progress: Int
        let startsOn: String
        let endsOn: String
    }

    struct HolderRow: Decodable {
        let projectId: UUID
        let responsibility: String
        let unitId: UUID
        let unitName: String
        let personId: UUID
        let personName: String
        let since: String
    }

    struct MilestoneRow: Decodable {
        let projectId: UUID
        let name: String
        let plannedOn: String
        let actualOn: String?
    }

    struct CostRow: Decodable {
        let id: UUID
        let projectId: UUID
        let stage: String
        let amountFen: Int64
        let basis: String
        let overrunReason: String?
        let preparedOn: String
        let status: String
        let decidedBy: String?
        let decidedOn: String?
    }

    struct ChangeRow: Decodable {
        let id: UUID
        let projectId: UUID
        let number: Int
        let title: String
        let reason: String
        let proposedAs: String
        let proposedOn: String
        let designAgrees: Bool?
        let impactFen: Int64?
        let needsMeeting: Bool
        let status: String
        let decidedOn: String?
    }

    struct ProjectFilter {
        var id: UUID?
        var zone: UUID?
        var programme: UUID?
        var stage: String?
        var keyOnly = false
        var text: String?
    }

    static func projectQuery(_ f: ProjectFilter, on db: Database) throws -> SQLSelectBuilder {
        var q = try EngineeringQueries.sql(db).select().from("construction_projects")
        if let i = f.id { q = q.where("id", .equal, SQLBind(i)) }
        if let z = f.zone { q = q.where("zone_id", .equal, SQLBind(z)) }
        if let g = f.programme { q = q.where("programme_id", .equal, SQLBind(g)) }
        if let s = f.stage { q = q.where("stage", .equal, SQLBind(s)) }
        if f.keyOnly { q = q.where("is_key", .equal, SQLBind(true)) }
        if let t = f.text, !t.isEmpty {
            q = q.where { $0.where(TextSearch.like(SQLColumn("name"), t)).orWhere(TextSearch.like(SQLColumn("code"), t)) }
        }
        return q
    }

    static func projectCount(_ f: ProjectFilter, on db: Database) async throws -> Int {
        let row = try await projectQuery(f, on: db).column(SQLRaw("COUNT(*)"), as: "n").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// A page of projects with their holders, milestones, cost stages and design changes (five queries in all).
    static func projects(_ f: ProjectFilter, limit: Int, offset: Int, on db: Database) async throws -> [ConstructionProjectDTO] {
        let rows = try await projectQuery(f, on: db)
            .columns(
                "id",
                "programme_id",
                "code",
                "name",
                "location",
                "investment_fen",
                "budget_funds_fen",
                "owner",
                "office",
                "office_lead_id",
                "is_key",
                "stage",
                "progress",
                "starts_on",
                "ends_on"
            )
            .orderBy("code").limit(limit).offset(offset)
            .all(decoding: ProjectRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return try await assemble(rows, on: db)
    }

    static func project(_ id: UUID, on db: Database) async throws -> ConstructionProjectDTO {
        guard let one = try await projects(ProjectFilter(id: id), limit: 1, offset: 0, on: db).first else { throw AppError.notFound }
        return one
    }

    static func assemble(_ rows: [ProjectRow], on db: Database) async throws -> [ConstructionProjectDTO] {
        guard !rows.isEmpty else { return [] }
        let s = try EngineeringQueries.sql(db)
        let ids = rows.map { SQLBind($0.id) }
        let holders = try await s.select()
            .column(SQLColumn("project_id", table: "h")).column(SQLColumn("responsibility", table: "h"))
            .column(SQLColumn("unit_id", table: "h")).column(SQLColumn("name", table: "u"), as: "unit_name")
            .column(SQLColumn("person_id", table: "h")).column(SQLColumn("name", table: "pe"), as: "person_name")
            .column(SQLColumn("since", table: "h"))
            .from(SQLAlias(SQLIdentifier("project_holders"), as: SQLIdentifier("h")))
            .join(
                SQLAlias(SQLIdentifier("org_units"), as: SQLIdentifier("u")),
                on: SQLColumn("id", table: "u"),
                .equal,
                SQLColumn("unit_id", table: "h")
            )
            .join(
                SQLAlias(SQLIdentifier("people"), as: SQLIdentifier("pe")),
                on: SQLColumn("id", table: "pe"),
                .equal,
                SQLColumn("person_id", table: "h")
            )
            .where(SQLColumn("project_id", table: "h"), .in, SQLGroupExpression(SQLList(ids)))
            .all(decoding: HolderRow.self, keyDecodingStrategy: .snakeCaseColumns)
        let milestones = try await s.select().columns("project_id", "name", "planned_on", "actual_on").from("project_milestones")
            .where("project_id", .in, SQLGroupExpression(SQLList(ids))).orderBy("seq")
            .all(decoding: MilestoneRow.self, keyDecodingStrategy: .snakeCaseColumns)
        let costs = try await s.select()
            .columns(
                "id",
                "project_id",
                "stage",
                "amount_fen",
                "basis",
                "overrun_reason",
                "prepared_on",
                "status",
                "decided_by",
                "decided_on"
            )
            .from("cost_documents").where("project_id", .in, SQLGroupExpression(SQLList(ids)))
            .all(decoding: CostRow.self, keyDecodingStrategy: .snakeCaseColumns)
        let changes = try await s.select()
            .columns(
                "id",
                "project_id",
                "number",
                "title",
                "reason",
                "proposed_as",
                "proposed_on",
                "design_agrees",
                "impact_fen",
                "needs_meeting",
                "status",
                "decided_on"
            )
            .from("design_changes").where("project_id", .in, SQLGroupExpression(SQLList(ids))).orderBy("number")
            .all(decoding: ChangeRow.self, keyDecodingStrategy: .snakeCaseColumns)
        let audits = try await s.select()
            .columns("id", "project_id", "firm_id", "assigned_on", "reason", "ended_on", "rating")
            .from("audit_assignments").where("project_id", .in, SQLGroupExpression(SQLList(ids))).orderBy("assigned_on")
            .all(decoding: AuditAssignmentDTO.self, keyDecodingStrategy: .snakeCaseColumns)
        let today = CalendarDate.today()
        return rows.map { r in
            var held: [String: HolderDTO] = [:]
            for h in holders where h.projectId == r.id {
                held[h.responsibility] = HolderDTO(
                    unitId: h.unitId,
                    unitName: h.unitName,
                    personId: h.personId,
                    personName: h.personName,
                    since: h.since
                )
            }
            return ConstructionProjectDTO(
                id: r.id,
                programmeId: r.programmeId,
                code: r.code,
                name: r.name,
                location: r.location,
                investmentFen: r.investmentFen,
                budgetFundsFen: r.budgetFundsFen,
                owner: r.owner,
                office: r.office,
                officeLeadId: r.officeLeadId,
                isKey: r.isKey,
                stage: r.stage,
                progress: r.progress,
                startsOn: r.startsOn,
                endsOn: r.endsOn,
                holders: held,
                milestones: milestones.filter { $0.projectId == r.id }.map {
                    MilestoneDTO(
                        name: $0.name,
                        plannedOn: $0.plannedOn,
                        actualOn: $0.actualOn,
                        late: Milestones.isLate(
                            planned: CalendarDate($0.plannedOn)!,
                            actual: $0.actualOn.flatMap(CalendarDate.init),
                            today: today
                        )
                    )
                },
                costStages: costs.filter { $0.projectId == r.id }.sorted {
                    (CostStage(rawValue: $0.stage) ?? .settlement) < (CostStage(rawValue: $1.stage) ?? .settlement)
                }
                .map {
                    CostStageDTO(
                        id: $0.id,
                        stage: $0.stage,
                        amountFen: $0.amountFen,
                        basis: $0.basis,
                        overrunReason: $0.overrunReason,
                        preparedOn: $0.preparedOn,
                        status: $0.status,
                        decidedBy: $0.decidedBy,
                        decidedOn: $0.decidedOn
                    )
                },
                designChanges: changes.filter { $0.projectId == r.id }.map {
                    DesignChangeDTO(
                        id: $0.id,
                        number: $0.number,
                        title: $0.title,
                        reason: $0.reason,
                        proposedAs: $0.proposedAs,
                        proposedOn: $0.proposedOn,
                        designAgrees: $0.designAgrees,
                        impactFen: $0.impactFen,
                        needsMeeting: $0.needsMeeting,
                        status: $0.status,
                        decidedOn: $0.decidedOn
                    )
                },
                auditAssignments: audits.filter { $0.projectId == r.id }
            )
        }
    }
}
