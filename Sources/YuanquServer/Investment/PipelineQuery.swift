import Fluent
import SQLKit
import Vapor
import YuanquKit

/// One line of the pipeline: what its page, export and API show, read as a plain row (no Fluent model).
struct PipelineRow: Decodable, Sendable {
    let id: UUID
    let zoneId: UUID
    let name: String
    let investor: String
    let industry: String
    let region: String
    let teamId: UUID?
    let teamName: String?
    let amountFen: Int64
    let signedAmountFen: Int64?
    let investedAmountFen: Int64
    let stage: String
    let signingDate: String?
    let agreementNumber: String?
    let creditCode: String?
    let startDate: String?
    let operationDate: String?
    let droppedReason: String?

    /// Signed (or later) for at least the zone's threshold (`ProjectStageRule.isMajor`).
    func isMajor(threshold: Money) -> Bool {
        ProjectStage(rawValue: stage)?.isSignedOrLater == true
            && ProjectStageRule.isMajor(signedAmount: signedAmountFen.map(Money.init(fen:)), threshold: threshold)
    }
}

/// The pipeline's one read, for its page, its export and the API: the rows the filter keeps (team joined; those in
/// `range`, or all), newest first, and their count, filtered by the database. `major` compares the signed amount with
/// the zone's threshold (¥100 million for all zones at once): the SQL form of `ProjectStageRule.isMajor`.
enum PipelineQuery {
    static func page(
        _ f: InvestmentAPI.Filter,
        threshold: Money,
        range: Range<Int>?,
        on db: Database
    ) async throws -> (rows: [PipelineRow], total: Int) {
        let sql = try db.sql
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
        var rows = filtered(sql.select())
        for column in [
            "id", "zone_id", "name", "investor", "industry", "region", "team_id", "amount_fen", "signed_amount_fen",
            "invested_amount_fen", "stage", "signing_date", "agreement_number", "credit_code", "start_date", "operation_date",
            "dropped_reason",
        ] {
            rows = rows.column(project(column), as: column)
        }
        rows = rows.column(SQLColumn("name", table: "investment_teams"), as: "team_name")
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
        if let range { rows = rows.limit(range.count).offset(range.lowerBound) }
        return (try await rows.all(decoding: PipelineRow.self, keyDecodingStrategy: .snakeCaseColumns), total)
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
