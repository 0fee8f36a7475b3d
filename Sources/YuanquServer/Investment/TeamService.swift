import Fluent
import Vapor
import YuanquKit

struct MemberInput: Codable {
    var personId: String?
    var from: String?
}
struct EndMemberInput: Codable { var to: String? }
struct TargetInput: Codable {
    var period: String?
    var signedCount: Int?
    var signedAmountFen: Int64?
    var majorCount: Int?
    var investedAmountFen: Int64?
}

/// Team membership (dated; a person is in at most one team at a time) and targets, through the one write path.
enum TeamService {
    static func addMember(_ team: InvestmentTeam, input: MemberInput, on db: Database, trail: AuditTrail) async throws {
        guard let s = input.personId, let pid = UUID(uuidString: s), let person = try await Person.find(pid, on: db),
            person.zoneID == team.zoneID
        else {
            throw AppError.invalid("personId", Loc("所选人员不存在", "No such person"))
        }
        guard let from = CalendarDate(input.from ?? CalendarDate.today().description) else {
            throw AppError.invalid("from", Loc("日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD"))
        }
        if let open = try await TeamMembership.query(on: db).filter(\.$personID == pid).filter(\.$toDate == nil).first() {
            let other = try await InvestmentTeam.find(open.teamID, on: db)?.name ?? ""
            throw AppError.conflict(
                Loc("\(person.name)已在“\(other)”，须先结束原小组成员身份", "\(person.name) is in “\(other)”: end that membership first"),
                field: "personId"
            )
        }
        let m = TeamMembership()
        m.teamID = team.id!
        m.personID = pid
        m.fromDate = from.description
        try await m.create(on: db)
        trail.record("join", "team", id: team.id!.uuidString, zone: team.zoneID, after: ["person": person.name, "from": from.description])
    }

    static func endMember(_ m: TeamMembership, team: InvestmentTeam, input: EndMemberInput, on db: Database, trail: AuditTrail) async throws
    {
        guard m.toDate == nil else { throw AppError.conflict(Loc("该成员身份已结束", "Already ended")) }
        guard let to = CalendarDate(input.to ?? CalendarDate.today().description), to.description >= m.fromDate else {
            throw AppError.invalid("to", Loc("结束日期须为 YYYY-MM-DD，且不早于加入日期", "The end is a date (YYYY-MM-DD) not before the start"))
        }
        m.toDate = to.description
        try await m.update(on: db)
        let name = try await Person.find(m.personID, on: db)?.name ?? ""
        trail.record("leave", "team", id: team.id!.uuidString, zone: team.zoneID, after: ["person": name, "to": to.description])
    }

    static func setTarget(_ team: InvestmentTeam, input: TargetInput, on db: Database, trail: AuditTrail) async throws {
        var v = Validation()
        let period = input.period ?? String(CalendarDate.today().year)
        if period.count != 4 || Int(period) == nil { v.add("period", Loc("考核年度应为四位年份", "The period is a year")) }
        if (input.signedCount ?? 0) < 0 { v.add("signedCount", Loc("不能为负", "Cannot be negative")) }
        if (input.signedAmountFen ?? 0) < 0 || (input.signedAmountFen ?? 0) > InvestmentService.maxAmount.fen {
            v.add("signedAmountFen", Loc("须在 0 至 10 万亿元之间", "Must be between 0 and 10 trillion yuan"))
        }
        if (input.majorCount ?? 0) < 0 { v.add("majorCount", Loc("不能为负", "Cannot be negative")) }
        if (input.investedAmountFen ?? 0) < 0 || (input.investedAmountFen ?? 0) > InvestmentService.maxAmount.fen {
            v.add("investedAmountFen", Loc("须在 0 至 10 万亿元之间", "Must be between 0 and 10 trillion yuan"))
        }
        if (input.signedCount ?? 0) > 1_000_000 || (input.majorCount ?? 0) > 1_000_000 {
            v.add("signedCount", Loc("项目数过大", "Too many projects"))
        }
        try v.check()
        let t = try await TeamTarget.query(on: db).filter(\.$teamID == team.id!).filter(\.$period == period).first() ?? TeamTarget()
        let before =
            t.id == nil
            ? nil
            : [
                "signedCount": Int64(t.signedCount), "signedAmountFen": t.signedAmountFen, "majorCount": Int64(t.majorCount),
                "investedAmountFen": t.investedAmountFen,
            ]
        t.teamID = team.id!
        t.period = period
        t.signedCount = input.signedCount ?? 0
        t.signedAmountFen = input.signedAmountFen ?? 0
        t.majorCount = input.majorCount ?? 0
        t.investedAmountFen = input.investedAmountFen ?? 0
        if t.id == nil { try await t.create(on: db) } else { try await t.update(on: db) }
        trail.record(
            "target",
            "team",
            id: team.id!.uuidString,
            zone: team.zoneID,
            before: before,
            after: [
                "signedCount": Int64(t.signedCount), "signedAmountFen": t.signedAmountFen, "majorCount": Int64(t.majorCount),
                "investedAmountFen": t.investedAmountFen,
            ],
            note: period
        )
    }
}
