import Fluent
import Vapor
import YuanquKit

struct MemberInput: Codable {
    var personId: String?
    var from: String?
    /// Why the membership is made by hand: membership comes from appointment campaigns, a hand-made one is a correction.
    var reason: String?
}
struct EndMemberInput: Codable {
    var to: String?
    /// Why the membership is ended by hand (a correction).
    var reason: String?
}
struct TargetInput: Codable {
    var period: String?
    var signedCount: Int?
    var signedAmountFen: Int64?
    var majorCount: Int?
    var investedAmountFen: Int64?
}

/// Team membership (dated; a person is in at most one team at a time) and targets, through the one write path.
/// Membership comes from appointment campaigns (`joinByAppointment`, called by `AppointmentService.appointAll`);
/// adding or ending one by hand is a correction and needs a reason.
enum TeamService {
    static let maxReason = 200

    /// A correction's reason, trimmed: required, at most `maxReason` characters.
    static func reason(_ raw: String?, into v: inout Validation) -> String {
        let r = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if r.count < 2 {
            v.add(
                "reason",
                Loc("成员身份来自竞聘聘任；手工调整须写明理由（更正原因）", "Membership comes from appointment campaigns: a change by hand needs a reason")
            )
        } else if r.count > maxReason {
            v.add("reason", Loc("理由不超过 \(maxReason) 个字", "The reason is at most \(maxReason) characters"))
        }
        return r
    }

    static func addMember(_ team: InvestmentTeam, input: MemberInput, on db: Database, trail: AuditTrail) async throws {
        var v = Validation()
        var person: Person?
        if let s = input.personId, let pid = UUID(uuidString: s), let p = try await Person.find(pid, on: db), p.zoneID == team.zoneID {
            person = p
        } else {
            v.add("personId", Loc("所选人员不存在", "No such person"))
        }
        let from = CalendarDate(input.from ?? CalendarDate.today().description)
        if from == nil { v.add("from", Loc("日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD")) }
        let reason = reason(input.reason, into: &v)
        try v.check()
        guard let person, let pid = person.id, let from else { return }
        if let open = try await TeamMembership.query(on: db).filter(\.$personID == pid).filter(\.$toDate == nil).first() {
            let other = try await InvestmentTeam.find(open.teamID, on: db)?.name ?? ""
            throw AppError.conflict(
                Loc("\(person.name)已在“\(other)”，须先结束原小组成员身份", "\(person.name) is in “\(other)”: end that membership first"),
                field: "personId"
            )
        }
        try await join(team, person: person, from: from, reason: reason, campaign: nil, on: db, trail: trail)
    }

    /// Opens a membership of `team` from `from`, by a campaign's appointment or by hand with a reason, on the trail.
    private static func join(
        _ team: InvestmentTeam,
        person: Person,
        from: CalendarDate,
        reason: String?,
        campaign: Campaign?,
        on db: Database,
        trail: AuditTrail
    ) async throws {
        let m = TeamMembership()
        m.teamID = team.id!
        m.personID = person.id!
        m.fromDate = from.description
        m.reason = reason
        m.campaignID = campaign?.id
        try await m.create(on: db)
        let how = campaign.map { ("campaign", $0.title) } ?? ("reason", reason ?? "")
        trail.record(
            "join",
            "team",
            id: team.id!.uuidString,
            zone: team.zoneID,
            after: ["person": person.name, "from": from.description, how.0: how.1],
            note: how.1
        )
    }

    static func endMember(_ m: TeamMembership, team: InvestmentTeam, input: EndMemberInput, on db: Database, trail: AuditTrail) async throws
    {
        guard m.toDate == nil else { throw AppError.conflict(Loc("该成员身份已结束", "Already ended")) }
        var v = Validation()
        let to = CalendarDate(input.to ?? CalendarDate.today().description)
        if to.map({ $0.description < m.fromDate }) ?? true {
            v.add("to", Loc("结束日期须为 YYYY-MM-DD，且不早于加入日期", "The end is a date (YYYY-MM-DD) not before the start"))
        }
        let reason = reason(input.reason, into: &v)
        try v.check()
        guard let to else { return }
        m.toDate = to.description
        m.endReason = reason
        try await m.update(on: db)
        let name = try await Person.find(m.personID, on: db)?.name ?? ""
        trail.record(
            "leave",
            "team",
            id: team.id!.uuidString,
            zone: team.zoneID,
            after: ["person": name, "to": to.description, "reason": reason],
            note: reason
        )
    }

    /// The investment teams whose unit's posts are team places, by unit: a campaign post offering a post of one of
    /// these units offers a place in that team.
    static func teamsByUnit(zone: UUID, on db: Database) async throws -> [UUID: InvestmentTeam] {
        var byUnit: [UUID: InvestmentTeam] = [:]
        for t in try await InvestmentTeam.query(on: db).filter(\.$zoneID == zone).filter(\.$unitID != nil).sort(\.$name).all() {
            if let u = t.unitID, byUnit[u] == nil { byUnit[u] = t }
        }
        return byUnit
    }

    /// An appointment through campaign `c` to a place in `team` from `from`: the person's open membership of another
    /// team ends the day before, and membership of `team` opens on `from`, both on the trail naming the campaign.
    /// Someone already in the team stays, their membership unbroken.
    static func joinByAppointment(
        person: Person,
        team: InvestmentTeam,
        from: CalendarDate,
        campaign c: Campaign,
        on db: Database,
        trail: AuditTrail
    ) async throws {
        let pid = person.id!
        if let open = try await TeamMembership.query(on: db).filter(\.$personID == pid).filter(\.$toDate == nil).first() {
            if open.teamID == team.id { return }
            let end = from.adding(days: -1).description
            guard open.fromDate <= end else {
                throw AppError.conflict(
                    Loc(
                        "\(person.name)自 \(open.fromDate) 起在另一小组，不能从 \(from) 起聘入“\(team.name)”；请调整聘任开始日期",
                        "\(person.name) joined another team on \(open.fromDate): they cannot be appointed to “\(team.name)” from \(from)"
                    ),
                    field: "startDate"
                )
            }
            try await close(
                open,
                on: end,
                reason: "竞聘聘任至“\(team.name)”：" + c.title,
                campaign: c,
                personName: person.name,
                db: db,
                trail: trail
            )
        }
        try await join(team, person: person, from: from, reason: nil, campaign: c, on: db, trail: trail)
    }

    /// A holder of a team place not appointed again in a competitive campaign (全员竞聘) leaves the team the day
    /// before the new appointments start, as they leave the post.
    static func leaveByRelease(
        person: Person,
        team: InvestmentTeam,
        on date: CalendarDate,
        campaign c: Campaign,
        db: Database,
        trail: AuditTrail
    )
        async throws
    {
        guard
            let open = try await TeamMembership.query(on: db).filter(\.$personID == person.id!).filter(\.$teamID == team.id!)
                .filter(\.$toDate == nil).first()
        else { return }
        let end = max(date.description, open.fromDate)
        try await close(open, on: end, reason: "岗位重新竞聘：" + c.title, campaign: c, personName: person.name, db: db, trail: trail)
    }

    private static func close(
        _ m: TeamMembership,
        on date: String,
        reason: String,
        campaign c: Campaign,
        personName: String,
        db: Database,
        trail: AuditTrail
    ) async throws {
        m.toDate = date
        m.endReason = reason
        try await m.update(on: db)
        trail.record(
            "leave",
            "team",
            id: m.teamID.uuidString,
            zone: c.zoneID,
            after: ["person": personName, "to": date, "reason": reason],
            note: c.title
        )
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
