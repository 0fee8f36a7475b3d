import Fluent
import SQLKit
import Vapor
import YuanquKit

/// One line of the pipeline: the columns the list shows, read as a plain row (no Fluent model).
struct PipelineRow: Decodable, Sendable {
    let id: UUID
    let name: String
    let investor: String
    let industry: String
    let teamName: String?
    let amountFen: Int64
    let signedAmountFen: Int64?
    let stage: String
}

/// The pipeline's read: a page of rows (team joined) and their count, filtered by the database. `major` compares
/// the signed amount with the zone's threshold (¥100 million for all zones at once).
enum PipelineQuery {
    static func page(
        _ f: InvestmentAPI.Filter,
        threshold: Money,
        range: Range<Int>,
        on db: Database
    ) async throws -> (rows: [PipelineRow], total: Int) {
        guard let sql = db as? SQLDatabase else { throw Abort(.internalServerError) }
        let project = { (column: String) in SQLColumn(column, table: "investment_projects") }
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = query.from("investment_projects")
            if let z = f.zone { q = q.where(project("zone_id"), .equal, SQLBind(z)) }
            if let s = f.stage { q = q.where(project("stage"), .equal, SQLBind(s.rawValue)) }
            if let i = f.industry { q = q.where(project("industry"), .equal, SQLBind(i)) }
            if let t = f.team { q = q.where(project("team_id"), .equal, SQLBind(t)) }
            if !f.q.isEmpty {
                q = q.where { $0.where(TextSearch.like(project("name"), f.q)).orWhere(TextSearch.like(project("investor"), f.q)) }
            }
            let signed = SQLBind.group(InvestmentService.signedStages)
            switch f.major {
            case true:
                q = q.where(project("stage"), .in, signed).where(project("signed_amount_fen"), .greaterThanOrEqual, SQLBind(threshold.fen))
            case false:
                q = q.where {
                    $0.where(project("stage"), .notIn, signed)
                        .orWhere(project("signed_amount_fen"), .lessThan, SQLBind(threshold.fen))
                        .orWhere(project("signed_amount_fen"), .is, SQLLiteral.null)
                }
            case nil: break
            }
            return q
        }
        let count = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()
        let total = try count?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(sql.select())
            .column(project("id"), as: "id")
            .column(project("name"), as: "name")
            .column(project("investor"), as: "investor")
            .column(project("industry"), as: "industry")
            .column(SQLColumn("name", table: "investment_teams"), as: "team_name")
            .column(project("amount_fen"), as: "amount_fen")
            .column(project("signed_amount_fen"), as: "signed_amount_fen")
            .column(project("stage"), as: "stage")
            .join(
                "investment_teams",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "investment_teams"),
                .equal,
                project("team_id")
            )
            .orderBy(project("created_on"), SQLDirection.descending)
            .orderBy(project("name"))
            .orderBy(project("id"))
            .limit(range.count)
            .offset(range.lowerBound)
            .all(decoding: PipelineRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return (rows, total)
    }
}

/// What the pipeline page shows: plain values, rendered by `PipelineView.view`.
struct PipelinePage {
    struct Row {
        let url: SiteURL
        let name: String
        let investor: String
        let industry: String
        let team: String?
        let amount: Money
        let stage: ProjectStage?
        let isMajor: Bool
    }

    let rows: [Row]
    let total: Int
    let params: ListParams
    let pageSize: Int
    /// The zone's headline figures, when one zone is shown.
    let totals: TotalsDTO?
    let stageOptions: [(value: String, label: String)]
    let industryOptions: [(value: String, label: String)]
    let teamOptions: [(value: String, label: String)]
    let zoneOptions: [(value: String, label: String)]?
    let canWrite: Bool
    /// Whether the actor imports projects: a bulk import is for a role reaching the whole zone.
    let canImport: Bool
}
