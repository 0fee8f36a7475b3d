import Fluent
import SQLKit
import Vapor
import YuanquKit

/// A team of a zone, as a choice of a form or filter.
struct TeamOptionRow: Decodable, Sendable {
    let id: UUID
    let name: String
}

/// Another open project of the same investor.
struct TwinProjectRow: Decodable, Sendable {
    let id: UUID
    let name: String
}

/// The reads of the project pages besides the project itself (a single record, read through Fluent).
enum ProjectQueries {
    /// The zone's teams by name, as (id, name) choices.
    static func teamOptions(zone: UUID, on db: Database) async throws -> [(value: String, label: String)] {
        let sql = try db.sql
        let rows = try await sql.select()
            .column("id")
            .column("name")
            .from("investment_teams")
            .where("zone_id", .equal, SQLBind(zone))
            .orderBy("name")
            .all(decoding: TeamOptionRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return rows.map { ($0.id.uuidString, $0.name) }
    }

    /// The same investor's other open projects (neither dropped nor in operation) in the zone.
    static func twins(of id: UUID, investor: String, zone: UUID, on db: Database) async throws -> [TwinProjectRow] {
        let sql = try db.sql
        return try await sql.select()
            .column("id")
            .column("name")
            .from("investment_projects")
            .where("zone_id", .equal, SQLBind(zone))
            .where("investor", .equal, SQLBind(investor))
            .where("id", .notEqual, SQLBind(id))
            .where("stage", .notIn, SQLBind.group([ProjectStage.dropped.rawValue, ProjectStage.inOperation.rawValue]))
            .all(decoding: TwinProjectRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }
}

/// What the new-project form shows: plain values, rendered by `ProjectViews.newForm`.
struct NewProjectPage {
    let form: FormState
    let industryOptions: [(value: String, label: String)]
    /// The teams the reader may log a lead for: all of them for the whole zone's reach, else those within reach
    /// (one's own team, the teams under one's unit), one of which must be chosen — one's own chosen already.
    let teamOptions: [(value: String, label: String)]
    let teamRequired: Bool
    let team: String?
}

/// What a project's page shows: its properties, the next stage's form, the drop form and other projects of the same
/// investor. Rendered by `ProjectViews.show`.
struct ProjectPage {
    struct Twin {
        let url: SiteURL
        let name: String
    }

    let name: String
    let investor: String
    /// The industry's label (its code when the zone has no label for it).
    let industry: String
    let region: String
    let team: String?
    let amount: Money
    let signedAmount: Money?
    let isMajor: Bool
    let stage: ProjectStage
    let signingDate: String?
    let agreementNumber: String?
    let creditCode: String?
    let startDate: String?
    let operationDate: String?
    let droppedReason: String?
    /// Where the stage forms post.
    let stageAction: SiteURL
    /// The stage a writer may move the project to (nil for a reader or at the last stage).
    let next: ProjectStage?
    /// A writer may drop the project (neither dropped nor in operation).
    let canDrop: Bool
    /// Today's date, the default of the date fields.
    let today: String
    let twins: [Twin]
    /// The refusal of the last stage move, shown above the page.
    let error: Loc?
    let form: FormState
}
