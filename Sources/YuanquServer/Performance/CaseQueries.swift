import Fluent
import SQLKit
import Vapor
import YuanquKit

/// One line of the cases list: the case, its person and unit, its cycle and its claim's status, as a plain row.
struct CaseListRow: Decodable, Sendable {
    let id: UUID
    let personId: UUID
    let personName: String
    let unitName: String?
    let cycleId: UUID
    let cycleName: String
    let sanction: String
    let openedOn: String
    let claimStatus: String?
}

/// One case with everything its page shows: person, unit, cycle (and its scheme's rules) and claim.
struct CaseDetailRow: Decodable, Sendable {
    let id: UUID
    let zoneId: UUID
    let personId: UUID
    let personName: String
    let unitId: UUID?
    let unitName: String?
    let cycleId: UUID
    let cycleName: String
    let cycleStatus: String
    let schemeRules: String?
    let facts: String
    let finding: String
    let sanction: String
    let deciders: String
    let openedOn: String
    let claimId: UUID?
    let claimAnswers: String?
    let claimStatus: String?
    let claimFiledOn: String?
    let claimDeciders: String?
    let claimGrounds: String?
    let claimDecidedOn: String?
}

struct CorrectionStepRow: Decodable, Sendable {
    let id: UUID
    let text: String
    let dueOn: String
    let doneOn: String?
}

/// A person the new-case form offers.
struct CasePersonOptionRow: Decodable, Sendable {
    let id: UUID
    let name: String
    let unitName: String?
}

/// A cycle the new-case form offers, with its scheme's rules.
struct CaseCycleOptionRow: Decodable, Sendable {
    let id: UUID
    let name: String
    let status: String
    let rules: String?
}

/// One case, its claim and plan, decoded into values (rules and answers read from their JSON).
struct CaseRecord: Sendable {
    struct Condition: Sendable {
        let condition: ToleranceCondition
        let statement: String
        let met: Bool?
        let evidence: String
    }

    struct Step: Sendable {
        let id: UUID
        let text: String
        let dueOn: String
        let doneOn: String?
        let overdue: Bool
    }

    struct Claim: Sendable {
        let status: String
        let filedOn: String
        let conditions: [Condition]
        let deciders: String?
        let grounds: String?
        let decidedOn: String?
        let steps: [Step]

        /// Every step of the plan done (纠错完成); false while the plan has no step.
        var corrected: Bool { !steps.isEmpty && steps.allSatisfy { $0.doneOn != nil } }
    }

    let row: CaseDetailRow
    let rules: SchemeRules?
    let claim: Claim?

    /// The effect the cycle's scheme declares for the sanction, nil when it declares none.
    var effect: CaseEffect? { rules?.effect(of: row.sanction) }
    var effectText: Loc? { effect.map { CaseService.effectText($0, gradeSet: rules?.gradeSet ?? .publicInstitution) } }
    /// A granted claim removes the case's effect on assessment and pay.
    var exempted: Bool { claim?.status == "granted" }
    /// Results not yet published: the case's effect can still be judged.
    var cycleChangeable: Bool { CaseService.changeableCycle.contains(row.cycleStatus) }
}

/// The cases' reads, as plain rows through SQLKit.
enum CaseQueries {
    /// What the list (page and API) is filtered by.
    struct Filter: Sendable {
        var zone: UUID?
        /// The units the reader's scope reaches; nil for all.
        var units: Set<UUID>?
        /// none, pending, granted or refused.
        var claimStatus: String?
    }

    static let claimFilterValues = ["none"] + CaseService.claimStatuses

    static func sql(_ db: Database) throws -> SQLDatabase {
        let sql = try db.sql
        return sql
    }

    /// A page of the zone's cases, newest first, and their count.
    static func page(_ f: Filter, range: Range<Int>, on db: Database) async throws -> (rows: [CaseListRow], total: Int) {
        let sql = try sql(db)
        if f.units?.isEmpty == true { return ([], 0) }
        let k = { (column: String) in SQLColumn(column, table: "accountability_cases") }
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = query.from("accountability_cases")
                .join("people", method: SQLJoinMethod.inner, on: SQLColumn("id", table: "people"), .equal, k("person_id"))
                .join(
                    "tolerance_claims",
                    method: SQLJoinMethod.left,
                    on: SQLColumn("case_id", table: "tolerance_claims"),
                    .equal,
                    k("id")
                )
            if let z = f.zone { q = q.where(k("zone_id"), .equal, SQLBind(z)) }
            if let u = f.units { q = q.where(SQLColumn("unit_id", table: "people"), .in, SQLBind.group(Array(u))) }
            switch f.claimStatus {
            case "none"?: q = q.where(SQLColumn("id", table: "tolerance_claims"), .is, SQLLiteral.null)
            case let s?: q = q.where(SQLColumn("status", table: "tolerance_claims"), .equal, SQLBind(s))
            case nil: break
            }
            return q
        }
        let count = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()
        let total = try count?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(sql.select())
            .column(k("id"), as: "id")
            .column(k("person_id"), as: "person_id")
            .column(SQLColumn("name", table: "people"), as: "person_name")
            .column(SQLColumn("name", table: "org_units"), as: "unit_name")
            .column(k("cycle_id"), as: "cycle_id")
            .column(SQLColumn("name", table: "assessment_cycles"), as: "cycle_name")
            .column(k("sanction"), as: "sanction")
            .column(k("opened_on"), as: "opened_on")
            .column(SQLColumn("status", table: "tolerance_claims"), as: "claim_status")
            .join(
                "org_units",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "org_units"),
                .equal,
                SQLColumn("unit_id", table: "people")
            )
            .join("assessment_cycles", method: SQLJoinMethod.inner, on: SQLColumn("id", table: "assessment_cycles"), .equal, k("cycle_id"))
            .orderBy(k("opened_on"), SQLDirection.descending)
            .orderBy(SQLColumn("name", table: "people"))
            .orderBy(k("id"))
            .limit(range.count)
            .offset(range.lowerBound)
            .all(decoding: CaseListRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return (rows, total)
    }

    /// One case with its person, unit, cycle, scheme rules and claim; nil when there is none.
    static func detail(_ id: UUID, on db: Database) async throws -> CaseDetailRow? {
        let sql = try sql(db)
        let k = { (column: String) in SQLColumn(column, table: "accountability_cases") }
        let t = { (column: String) in SQLColumn(column, table: "tolerance_claims") }
        return try await sql.select()
            .column(k("id"), as: "id")
            .column(k("zone_id"), as: "zone_id")
            .column(k("person_id"), as: "person_id")
            .column(SQLColumn("name", table: "people"), as: "person_name")
            .column(SQLColumn("unit_id", table: "people"), as: "unit_id")
            .column(SQLColumn("name", table: "org_units"), as: "unit_name")
            .column(k("cycle_id"), as: "cycle_id")
            .column(SQLColumn("name", table: "assessment_cycles"), as: "cycle_name")
            .column(SQLColumn("status", table: "assessment_cycles"), as: "cycle_status")
            .column(SQLColumn("rules", table: "assessment_schemes"), as: "scheme_rules")
            .column(k("facts"), as: "facts")
            .column(k("finding"), as: "finding")
            .column(k("sanction"), as: "sanction")
            .column(k("deciders"), as: "deciders")
            .column(k("opened_on"), as: "opened_on")
            .column(t("id"), as: "claim_id")
            .column(t("answers"), as: "claim_answers")
            .column(t("status"), as: "claim_status")
            .column(t("filed_on"), as: "claim_filed_on")
            .column(t("deciders"), as: "claim_deciders")
            .column(t("grounds"), as: "claim_grounds")
            .column(t("decided_on"), as: "claim_decided_on")
            .from("accountability_cases")
            .join("people", method: SQLJoinMethod.inner, on: SQLColumn("id", table: "people"), .equal, k("person_id"))
            .join(
                "org_units",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "org_units"),
                .equal,
                SQLColumn("unit_id", table: "people")
            )
            .join("assessment_cycles", method: SQLJoinMethod.inner, on: SQLColumn("id", table: "assessment_cycles"), .equal, k("cycle_id"))
            .join(
                "assessment_schemes",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "assessment_schemes"),
                .equal,
                SQLColumn("scheme_id", table: "assessment_cycles")
            )
            .join("tolerance_claims", method: SQLJoinMethod.left, on: t("case_id"), .equal, k("id"))
            .where(k("id"), .equal, SQLBind(id))
            .first(decoding: CaseDetailRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// The steps of a claim's correction plan, by due date.
    static func steps(claim: UUID, on db: Database) async throws -> [CorrectionStepRow] {
        try await sql(db).select()
            .column("id")
            .column("text")
            .column("due_on")
            .column("done_on")
            .from("correction_steps")
            .where("claim_id", .equal, SQLBind(claim))
            .orderBy("due_on")
            .orderBy("text")
            .all(decoding: CorrectionStepRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// A case as values, when it exists and the reader's scope reaches its person's unit.
    static func record(_ id: UUID, actor: Actor, today: CalendarDate = .today(), on db: Database) async throws -> CaseRecord {
        guard let row = try await detail(id, on: db) else { throw AppError.notFound }
        try ZoneScope.check(row.zoneId, actor: actor)
        if let units = try await OrgQueries.visibleUnits(actor: actor, on: db) {
            guard let u = row.unitId, units.contains(u) else { throw AppError.notFound }
        }
        var claim: CaseRecord.Claim?
        if let cid = row.claimId, let status = row.claimStatus {
            let answers = CaseService.answers(row.claimAnswers ?? "{}")
            let steps = try await steps(claim: cid, on: db)
            claim = CaseRecord.Claim(
                status: status,
                filedOn: row.claimFiledOn ?? "",
                conditions: ToleranceCondition.allCases.map { c in
                    let a = answers[c.rawValue]
                    return .init(condition: c, statement: a?.statement ?? "", met: a?.met, evidence: a?.evidence ?? "")
                },
                deciders: row.claimDeciders,
                grounds: row.claimGrounds,
                decidedOn: row.claimDecidedOn,
                steps: steps.map { s in
                    .init(id: s.id, text: s.text, dueOn: s.dueOn, doneOn: s.doneOn, overdue: s.doneOn == nil && s.dueOn < today.description)
                }
            )
        }
        return CaseRecord(row: row, rules: row.schemeRules.flatMap(CaseService.rules), claim: claim)
    }

    /// The zone's people, by name, for the new-case form.
    static func personOptions(zone: UUID, on db: Database) async throws -> [CasePersonOptionRow] {
        try await sql(db).select()
            .column(SQLColumn("id", table: "people"), as: "id")
            .column(SQLColumn("name", table: "people"), as: "name")
            .column(SQLColumn("name", table: "org_units"), as: "unit_name")
            .from("people")
            .join(
                "org_units",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "org_units"),
                .equal,
                SQLColumn("unit_id", table: "people")
            )
            .where(SQLColumn("zone_id", table: "people"), .equal, SQLBind(zone))
            .orderBy(SQLColumn("name", table: "people"))
            .limit(5000)
            .all(decoding: CasePersonOptionRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// The zone's cycles a case may still be recorded against (results not published), newest first.
    static func cycleOptions(zone: UUID, on db: Database) async throws -> [CaseCycleOptionRow] {
        try await sql(db).select()
            .column(SQLColumn("id", table: "assessment_cycles"), as: "id")
            .column(SQLColumn("name", table: "assessment_cycles"), as: "name")
            .column(SQLColumn("status", table: "assessment_cycles"), as: "status")
            .column(SQLColumn("rules", table: "assessment_schemes"), as: "rules")
            .from("assessment_cycles")
            .join(
                "assessment_schemes",
                method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "assessment_schemes"),
                .equal,
                SQLColumn("scheme_id", table: "assessment_cycles")
            )
            .where(SQLColumn("zone_id", table: "assessment_cycles"), .equal, SQLBind(zone))
            .where(SQLColumn("status", table: "assessment_cycles"), .in, SQLBind.group(CaseService.changeableCycle.sorted()))
            .orderBy(SQLColumn("starts_on", table: "assessment_cycles"), SQLDirection.descending)
            .orderBy(SQLColumn("name", table: "assessment_cycles"))
            .all(decoding: CaseCycleOptionRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }
}

/// What the cases list shows: plain values, rendered by `CaseViews.list`.
struct CaseListPage: Sendable {
    struct Row: Sendable {
        let url: SiteURL
        let person: String
        let unit: String?
        let sanction: Loc
        let cycle: String
        let openedOn: String
        /// nil: no claim filed.
        let claimStatus: String?
    }

    let rows: [Row]
    let total: Int
    let params: ListParams
    let pageSize: Int
    let zoneOptions: [(value: String, label: String)]?
    /// Where the "登记问责" link goes, for those who open cases.
    let newCase: SiteURL?
}

/// What the new-case form shows: the zone's people and open cycles with the effect each declares per sanction.
struct CaseNewPage: Sendable {
    struct Cycle: Sendable {
        let id: UUID
        let name: String
        let status: String
        /// Each sanction with the effect the cycle's scheme declares (nil: none).
        let effects: [(sanction: Sanction, effect: Loc?)]
    }

    let people: [(value: String, label: String)]
    let cycles: [Cycle]
    let today: String
    let form: FormState
}

/// What a case's page shows: plain values, rendered by `CaseViews.show`.
struct CasePage: Sendable {
    struct Step: Sendable {
        let text: String
        let dueOn: String
        let doneOn: String?
        let overdue: Bool
        /// Where the form that marks it done posts (those who run plans, while it is not done).
        let done: SiteURL?
    }

    struct Claim: Sendable {
        let status: String
        let filedOn: String
        let conditions: [CaseRecord.Condition]
        let deciders: String?
        let grounds: String?
        let decidedOn: String?
        let steps: [Step]
        let corrected: Bool
    }

    let person: String
    /// The person's page, when the reader may open it.
    let personURL: SiteURL?
    let unit: String?
    let cycle: String
    let cycleStatus: String
    let facts: String
    let finding: String
    let sanction: Loc
    /// The effect the cycle's scheme declares, nil when none.
    let effect: Loc?
    let exempted: Bool
    let deciders: String
    let openedOn: String
    let claim: Claim?
    /// Form actions, present only when the reader may use them now.
    let fileClaim: SiteURL?
    let judge: SiteURL?
    let addStep: SiteURL?
    /// Why a pending (or not yet filed) claim cannot be judged now: the cycle's results are published.
    let judgeBlocked: Loc?
    let today: String
    /// A refusal that names no field of a form, shown at the top.
    let error: Loc?
    let claimForm: FormState
    let judgementForm: FormState
    let stepForm: FormState
}
