import Fluent
import FluentSQL
import Vapor
import YuanquKit

struct ProjectInput: Codable {
    var name: String?
    var investor: String?
    var industry: String?
    var region: String?
    /// In fen.
    var amountFen: Int64?
    var teamId: String?
}

/// A stage move with its evidence (`to` and what the stage needs).
struct StageMoveInput: Codable {
    var to: String?
    var signingDate: String?
    var agreementNumber: String?
    var signedAmountFen: Int64?
    var creditCode: String?
    var startDate: String?
    var operationDate: String?
    var reason: String?
}

struct ProjectDTO: Encodable {
    let id: UUID
    let zone: String
    let name: String
    let investor: String
    let industry: String
    let region: String
    let amountFen: Int64
    let signedAmountFen: Int64?
    let investedAmountFen: Int64
    let teamId: UUID?
    let stage: ProjectStage
    let isMajor: Bool
    let signingDate: String?
    let agreementNumber: String?
    let creditCode: String?
    let startDate: String?
    let operationDate: String?
    let droppedReason: String?
}

struct TotalsDTO: Codable, Equatable, Sendable {
    let majorSignedCount: Int
    let majorSignedAmountFen: Int64
    let signedCount: Int
    let signedAmountFen: Int64
}

/// The investment pipeline's one write path and its figures.
enum InvestmentService {
    static func threshold(zone: UUID, on db: Database) async throws -> Money {
        Money.wan(Int64(try await Settings.int("investment.majorThresholdWan", zone: zone, on: db)))
    }

    static func dto(_ p: InvestmentProject, zoneCode: String, threshold: Money) -> ProjectDTO {
        ProjectDTO(
            id: p.id!,
            zone: zoneCode,
            name: p.name,
            investor: p.investor,
            industry: p.industry,
            region: p.region,
            amountFen: p.amountFen,
            signedAmountFen: p.signedAmountFen,
            investedAmountFen: p.investedAmountFen,
            teamId: p.teamID,
            stage: p.stage,
            isMajor: p.stage.isSignedOrLater
                && ProjectStageRule.isMajor(signedAmount: p.signedAmountFen.map(Money.init(fen:)), threshold: threshold),
            signingDate: p.signingDate,
            agreementNumber: p.agreementNumber,
            creditCode: p.creditCode,
            startDate: p.startDate,
            operationDate: p.operationDate,
            droppedReason: p.droppedReason
        )
    }

    /// Logs a lead. A team member logs it for their own team (theirs when the form names none); a head, for a team under
    /// their unit.
    static func createProject(_ input: ProjectInput, actor: Actor, zone: UUID, on db: Database, trail: AuditTrail) async throws
        -> InvestmentProject
    {
        var v = Validation()
        let name = (input.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 80 { v.add("name", Loc("请填写项目名称（不超过 80 字）", "Name is required (at most 80 characters)")) }
        let investor = (input.investor ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if investor.isEmpty || investor.count > 80 { v.add("investor", Loc("请填写投资方", "Investor is required")) }
        let industries = try await CodeListItem.query(on: db).filter(\.$zoneID == zone).filter(\.$list == "industry").filter(
            \.$active == true
        ).all()
        let industry = (input.industry ?? "").trimmingCharacters(in: .whitespaces)
        let code = industries.first { $0.code == industry || $0.labelZh == industry }?.code
        if code == nil { v.add("industry", Loc("产业须为本园区产业分类中的一项", "Industry must be one of the zone's industries")) }
        let region = (input.region ?? "中国").trimmingCharacters(in: .whitespaces)
        let amount = input.amountFen ?? 0
        if amount < 0 || amount > maxAmount.fen {
            v.add("amountFen", Loc("投资额须在 0 至 10 万亿元之间", "The amount must be between 0 and 10 trillion yuan"))
        }
        var team: InvestmentTeam? = nil
        if let t = input.teamId, !t.isEmpty {
            if let id = UUID(uuidString: t), let found = try await InvestmentTeam.find(id, on: db), found.zoneID == zone {
                team = found
            } else {
                v.add("teamId", Loc("招商小组不存在", "No such team"))
            }
        } else if actor.role.reach(.investmentWrite) == .ownTeam {
            let standing = try await Reaches.standing(actor, for: .ownTeam, on: db)
            if standing.teams.count == 1, let own = standing.teams.first { team = try await InvestmentTeam.find(own, on: db) }
        }
        if v.errors["teamId"] == nil, try await !Reaches.allows(actor, .investmentWrite, try await Reaches.ofTeam(team?.id, on: db), on: db)
        {
            v.add("teamId", Loc("招商小组须为您所在（或您单位下属）的小组", "The team must be your own (or one under your unit)"))
        }
        try v.check()
        let p = InvestmentProject()
        p.zoneID = zone
        p.name = name
        p.investor = investor
        p.industry = code!
        p.region = region.isEmpty ? "中国" : region
        p.amountFen = amount
        p.investedAmountFen = 0
        p.teamID = team?.id
        p.stage = .lead
        p.createdOn = CalendarDate.today().description
        try await p.create(on: db)
        trail.record(
            "create",
            "investmentProject",
            id: p.id!.uuidString,
            zone: zone,
            after: ["name": name, "investor": investor, "industry": code!, "amountFen": String(amount)]
        )
        return p
    }

    static func refusal(_ r: ProjectStageRule.Refusal) -> AppError {
        switch r {
        case .notNext(let e):
            return AppError.conflict(
                e.map { Loc("只能逐级推进：下一阶段应为“\($0.label.zh)”", "Stages move one at a time: next is \($0.label.en)") }
                    ?? Loc("项目已投产，不能再推进", "The project is in operation: no further stage"),
                field: "to"
            )
        case .alreadyDropped: return AppError.conflict(Loc("项目已终止", "The project was dropped"), field: "to")
        case .missing(let f):
            let what: [String: Loc] = [
                "signingDate": Loc("签约日期", "the signing date"), "agreementNumber": Loc("协议编号", "the agreement number"),
                "signedAmount": Loc("签约投资额", "the signed amount"), "creditCode": Loc("统一社会信用代码", "the credit code"),
                "startDate": Loc("开工日期", "the start date"), "operationDate": Loc("投产日期", "the date of operation"),
                "reason": Loc("终止理由", "the reason"),
            ]
            let w = what[f] ?? Loc(f, f)
            return AppError.invalid(f == "signedAmount" ? "signedAmountFen" : f, Loc("请填写" + w.zh, "Give " + w.en))
        case .invalidCreditCode(let p):
            let m: Loc
            switch p {
            case .length(let n): m = Loc("统一社会信用代码应为 18 位，现为 \(n) 位", "The credit code has 18 characters; this has \(n)")
            case .character(let i): m = Loc("统一社会信用代码第 \(i) 位字符无效", "Character \(i) of the credit code is not allowed")
            case .checkCharacter(let c): m = Loc("统一社会信用代码校验位错误（按 GB 32100 应为 \(c)）", "Wrong check character (GB 32100 calls for \(c))")
            }
            return AppError.invalid("creditCode", m)
        }
    }

    static func move(_ p: InvestmentProject, input: StageMoveInput, on db: Database, trail: AuditTrail) async throws {
        guard let to = input.to.flatMap({ ProjectStage(rawValue: $0) }) else {
            throw AppError.invalid("to", Loc("目标阶段取值无效", "Unknown stage"))
        }
        var bad = Validation()
        func date(_ s: String?, _ field: String) -> CalendarDate? {
            guard let s, !s.isEmpty else { return nil }
            guard let d = CalendarDate(s) else {
                bad.add(field, Loc("日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD"))
                return nil
            }
            return d
        }
        let evidence = ProjectStageRule.Evidence(
            signingDate: date(input.signingDate, "signingDate"),
            agreementNumber: input.agreementNumber,
            signedAmount: input.signedAmountFen.map(Money.init(fen:)),
            creditCode: input.creditCode,
            startDate: date(input.startDate, "startDate"),
            operationDate: date(input.operationDate, "operationDate"),
            reason: input.reason
        )
        if let a = input.signedAmountFen, a > maxAmount.fen {
            bad.add("signedAmountFen", Loc("签约投资额不能超过 10 万亿元", "The signed amount cannot exceed 10 trillion yuan"))
        }
        try bad.check()
        do { try ProjectStageRule.check(from: p.stage, to: to, evidence: evidence) } catch { throw refusal(error) }
        let before = p.stage
        switch to {
        case .signed:
            p.signingDate = evidence.signingDate!.description
            p.agreementNumber = input.agreementNumber!.trimmingCharacters(in: .whitespaces)
            p.signedAmountFen = input.signedAmountFen
            try await EnterpriseService.linkAtSigning(p, on: db, trail: trail)
        case .registered:
            p.creditCode = try! CreditCode(input.creditCode!).value
            if let eid = p.enterpriseID, let e = try await Enterprise.find(eid, on: db), e.creditCode == nil {
                if try await Enterprise.query(on: db).filter(\.$zoneID == p.zoneID).filter(\.$creditCode == p.creditCode!).count() > 0 {
                    throw AppError.conflict(Loc("已有企业使用该统一社会信用代码", "Another enterprise has this credit code"), field: "creditCode")
                }
                e.creditCode = p.creditCode
                try await e.update(on: db)
            }
        case .underConstruction: p.startDate = evidence.startDate!.description
        case .inOperation: p.operationDate = evidence.operationDate!.description
        case .dropped: p.droppedReason = input.reason!.trimmingCharacters(in: .whitespacesAndNewlines)
        default: break
        }
        p.stage = to
        try await p.update(on: db)
        trail.record(
            "stage",
            "investmentProject",
            id: p.id!.uuidString,
            zone: p.zoneID,
            before: ["stage": before.rawValue],
            after: ["stage": to.rawValue],
            note: input.reason ?? input.agreementNumber ?? input.creditCode
        )
    }

    static let signedStages = ProjectStage.allCases.filter(\.isSignedOrLater).map(\.rawValue)
    /// The largest amount accepted (10 trillion yuan): sums over a zone stay far from overflow.
    static let maxAmount = Money.yi(100_000)

    /// The zone's headline figures, summed by the database (no project is loaded).
    static func totals(zone: UUID, on db: Database) async throws -> TotalsDTO {
        let threshold = try await threshold(zone: zone, on: db)
        let sql = try db.sql
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS n, CAST(COALESCE(SUM(signed_amount_fen), 0) AS BIGINT) AS amount,
                   CAST(COALESCE(SUM(CASE WHEN signed_amount_fen >= \(bind: threshold.fen) THEN 1 ELSE 0 END), 0) AS BIGINT) AS major_n,
                   CAST(COALESCE(SUM(CASE WHEN signed_amount_fen >= \(bind: threshold.fen) THEN
                     signed_amount_fen ELSE 0 END), 0) AS BIGINT) AS major_amount
            FROM investment_projects WHERE zone_id = \(bind: zone) AND stage IN (\(binds: signedStages))
            """
        ).first()
        return TotalsDTO(
            majorSignedCount: Int(try row?.decode(column: "major_n", as: Int64.self) ?? 0),
            majorSignedAmountFen: try row?.decode(column: "major_amount", as: Int64.self) ?? 0,
            signedCount: Int(try row?.decode(column: "n", as: Int64.self) ?? 0),
            signedAmountFen: try row?.decode(column: "amount", as: Int64.self) ?? 0
        )
    }

    /// Each team's figures for a period (signed in that year), summed by the database, ranked against its targets.
    static func leaderboard(zone: UUID, period: String, measure: Leaderboard.Measure, on db: Database) async throws -> [Leaderboard.Row] {
        let threshold = try await threshold(zone: zone, on: db)
        let sql = try db.sql
        let rows = try await sql.raw(
            """
            SELECT team_id, COUNT(*) AS n, CAST(COALESCE(SUM(signed_amount_fen), 0) AS BIGINT) AS amount,
                   CAST(COALESCE(SUM(CASE WHEN signed_amount_fen >= \(bind: threshold.fen) THEN 1 ELSE 0 END), 0) AS BIGINT) AS major_n,
                   CAST(COALESCE(SUM(invested_amount_fen), 0) AS BIGINT) AS invested
            FROM investment_projects WHERE zone_id = \(bind: zone) AND stage IN (\(binds: signedStages))
              AND signing_date >= \(bind: period + "-01-01") AND signing_date <= \(bind: period + "-12-31") AND team_id IS NOT NULL
            GROUP BY team_id
            """
        ).all()
        var figures: [UUID: Leaderboard.Figures] = [:]
        for r in rows {
            let id = try r.decode(column: "team_id", as: UUID.self)
            figures[id] = Leaderboard.Figures(
                signedCount: Int(try r.decode(column: "n", as: Int64.self)),
                signedAmount: Money(fen: try r.decode(column: "amount", as: Int64.self)),
                majorCount: Int(try r.decode(column: "major_n", as: Int64.self)),
                investedAmount: Money(fen: try r.decode(column: "invested", as: Int64.self))
            )
        }
        let teams = try await InvestmentTeam.query(on: db).filter(\.$zoneID == zone).all()
        let targets = try await TeamTarget.query(on: db).filter(\.$teamID ~~ teams.compactMap(\.id)).filter(\.$period == period).all()
        return Leaderboard.rank(
            teams.map { t in
                let target = targets.first { $0.teamID == t.id }
                return (
                    id: t.id!.uuidString, figures: figures[t.id!] ?? Leaderboard.Figures(),
                    target: Leaderboard.Figures(
                        signedCount: target?.signedCount ?? 0,
                        signedAmount: Money(fen: target?.signedAmountFen ?? 0),
                        majorCount: target?.majorCount ?? 0,
                        investedAmount: Money(fen: target?.investedAmountFen ?? 0)
                    )
                )
            },
            by: measure
        )
    }
}

extension ProjectStage: Labelled {
    var label: Loc {
        switch self {
        case .lead: return Loc("线索", "Lead")
        case .negotiation: return Loc("洽谈", "Negotiation")
        case .signed: return Loc("签约", "Signed")
        case .registered: return Loc("注册", "Registered")
        case .underConstruction: return Loc("开工", "Under construction")
        case .inOperation: return Loc("投产", "In operation")
        case .dropped: return Loc("终止", "Dropped")
        }
    }
}
