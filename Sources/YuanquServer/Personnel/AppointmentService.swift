import Fluent
import Vapor
import YuanquKit

/// Appointments (岗位聘任) and their contracts (合同管理): made when a campaign reaches its last stage,
/// renewed or ended later. Called inside `Writes.perform`.
enum AppointmentService {
    /// A contract's states: in force, renewed by a later one, superseded by a new appointment's, terminated.
    static let contractStatuses = ["active", "renewed", "superseded", "terminated"]

    static func appointmentRefusal(_ r: AppointmentRule.Refusal, post: Post, body: ZoneBody) -> String {
        switch r {
        case .postFull(let h, let holders):
            return "岗位“\(post.title)”编制 \(h) 人，现有 \(holders) 人在岗 / post “\(post.title)” holds \(holders) of \(h)"
        case .capExceeded(let e):
            return
                "\(body.name)超出总量控制：上限 \(e.cap) 人，已聘 \(e.currentTotal) 人，本次新增 \(e.requested) 人 / \(body.nameEn) over its cap \(e.cap) "
                + "(\(e.currentTotal) appointed, \(e.requested) more)"
        }
    }

    /// Appoints every confirmed proposal of a campaign: checks post capacity and the body's cap again, ends each
    /// person's previous appointment and contract, and makes the new ones. A post of an investment team's unit is a
    /// team place: appointment to it moves the person's team membership to that team (`TeamService.joinByAppointment`).
    /// All or nothing.
    static func appointAll(_ c: Campaign, input: StageInput, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        var v = Validation()
        let today = CalendarDate.today()
        var start = today
        if let s = input.startDate, !s.isEmpty {
            if let d = CalendarDate(s), (2000...2100).contains(d.year) {
                start = d
            } else {
                v.add("startDate", Loc("聘任开始日期格式应为 YYYY-MM-DD（2000–2100 年）", "Start date must be YYYY-MM-DD (years 2000–2100)"))
            }
        }
        let termMonths = input.termMonths ?? 36
        if termMonths < 1 || termMonths > 120 { v.add("termMonths", Loc("聘期须为 1–120 个月", "The term must be 1–120 months")) }
        let contractType = input.contractType ?? "fixedTerm"
        let types = try await CodeListItem.query(on: db).filter(\.$zoneID == c.zoneID).filter(\.$list == "contractType").filter(
            \.$active == true
        ).all()
        if !types.contains(where: { $0.code == contractType }) {
            v.add("contractType", Loc("合同类型不在本园区的字典中", "Not one of the zone's contract types"))
        }
        let contractMonths = input.contractMonths ?? termMonths
        if contractMonths < 1 || contractMonths > 120 {
            v.add("contractMonths", Loc("合同期限须为 1–120 个月", "The contract must be 1–120 months"))
        }
        let payGrade = String((input.payGrade ?? "").trimmingCharacters(in: .whitespaces).prefix(40))
        if let p = input.probationMonths, p < 0 || p > 6 { v.add("probationMonths", Loc("试用期须为 0–6 个月", "Probation must be 0–6 months")) }
        try v.check()
        let end: CalendarDate? = contractType == "openEnded" ? nil : start.adding(months: contractMonths).adding(days: -1)

        let proposals = try await Proposal.query(on: db).filter(\.$campaignID == c.id!).filter(\.$confirmed == true).all()
        let cps = Dictionary(uniqueKeysWithValues: try await CampaignService.posts(of: c, on: db).map { ($0.id!, $0) })
        let candidates = Dictionary(
            uniqueKeysWithValues: try await Candidate.query(on: db).filter(\.$id ~~ proposals.map(\.candidateID)).all().map { ($0.id!, $0) }
        )
        let body = try await ZoneBody.find(c.bodyID, on: db)!
        let bodyPosts = try await Post.query(on: db).filter(\.$bodyID == body.id!).all()
        let bodyPostIDs = Set(bodyPosts.compactMap(\.id))
        let holders = try await Person.query(on: db).filter(\.$postID ~~ Array(bodyPostIDs)).all()
        // A post of an investment team's unit is a place in that team: appointment to it opens the membership.
        let teamOfUnit = try await TeamService.teamsByUnit(zone: c.zoneID, on: db)

        // In a competitive campaign every offered post is competed for afresh (重新竞聘): all its holders leave it;
        // those appointed again take their new post, the others wait for adjustment (调剂).
        let appointedPeople = Set(proposals.compactMap { candidates[$0.candidateID]?.personID })
        let offeredPosts = Set(cps.values.map(\.postID))
        let vacating = c.kind == .competitive ? Set(holders.filter { offeredPosts.contains($0.postID!) }.compactMap(\.id)) : []
        let released = holders.filter { vacating.contains($0.id!) && !appointedPeople.contains($0.id!) }

        // The checks, all before any write.
        var refusals: [String] = []
        var incomingByPost: [UUID: [Proposal]] = [:]
        for p in proposals { if let cp = cps[p.campaignPostID] { incomingByPost[cp.postID, default: []].append(p) } }
        var bodyHolders = holders.count - vacating.count
        for (postID, incoming) in incomingByPost.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            guard let post = bodyPosts.first(where: { $0.id == postID }) else { continue }
            let incomingPeople = Set(incoming.compactMap { candidates[$0.candidateID]?.personID })
            let remaining = holders.filter { $0.postID == postID && !vacating.contains($0.id!) }
            // Someone re-appointed to the post they hold keeps their place; someone from another post of the body frees theirs.
            let staying = remaining.filter { incomingPeople.contains($0.id!) }.count
            let moving = holders.filter { $0.postID != postID && !vacating.contains($0.id!) && incomingPeople.contains($0.id!) }.count
            do {
                try AppointmentRule.check(
                    postHeadcount: post.headcount,
                    holders: remaining.count - staying,
                    incoming: incoming.count - staying,
                    bodyCap: body.headcountCap,
                    bodyHolders: bodyHolders,
                    movingWithinBody: moving
                )
                bodyHolders += incoming.count - staying - moving
            } catch { refusals.append(appointmentRefusal(error, post: post, body: body)) }
        }
        if !refusals.isEmpty {
            throw AppError.conflict(
                Loc(
                    "聘任时复核未通过，未作任何聘任：" + refusals.joined(separator: "；"),
                    "The checks at appointment failed; nobody was appointed: " + refusals.joined(separator: "; ")
                ),
                field: "to"
            )
        }

        for person in released {
            for old in try await Appointment.query(on: db).filter(\.$personID == person.id!).filter(\.$endDate == nil).all() {
                old.endDate = start.adding(days: -1).description
                old.endReason = "岗位重新竞聘：" + c.title
                try await old.update(on: db)
            }
            if let unit = bodyPosts.first(where: { $0.id == person.postID })?.unitID, let team = teamOfUnit[unit] {
                try await TeamService.leaveByRelease(
                    person: person,
                    team: team,
                    on: start.adding(days: -1),
                    campaign: c,
                    db: db,
                    trail: trail
                )
            }
            person.postID = nil
            try await person.update(on: db)
            trail.record("release", "person", id: person.id!.uuidString, zone: c.zoneID, after: ["reason": "岗位重新竞聘：" + c.title])
        }
        for p in proposals {
            guard let cand = candidates[p.candidateID], let cp = cps[p.campaignPostID],
                let post = bodyPosts.first(where: { $0.id == cp.postID })
            else { continue }
            let newcomer = cand.personID == nil
            let person: Person
            if let pid = cand.personID, let existing = try await Person.find(pid, on: db) {
                person = existing
            } else {
                // A newcomer becomes a person of the zone; their origin goes into the sealed record.
                let sealed = try await CandidateSealed.query(on: db).filter(\.$candidateID == cand.id!).first()
                let former: FormerIdentity = {
                    switch sealed?.origin ?? .public {
                    case .districtAgency: return .civilServant
                    case .publicInstitution: return .publicInstitution
                    case .districtSOE: return .stateOwnedEnterprise
                    case .zoneStaff: return .contract
                    case .public: return .publicRecruit
                    }
                }()
                person = try await OrgService.savePerson(
                    PersonInput(
                        body: body.kind.rawValue,
                        unitId: nil,
                        unit: nil,
                        postId: nil,
                        post: nil,
                        name: cand.name,
                        gender: cand.gender.rawValue,
                        birthDate: cand.birthDate,
                        phone: cand.phone,
                        residentId: cand.residentID,
                        formerIdentity: former.rawValue,
                        formerEmployer: sealed?.formerEmployer ?? ""
                    ),
                    existing: nil,
                    actor: actor,
                    zone: c.zoneID,
                    db: db,
                    trail: trail
                )
                cand.personID = person.id
                try await cand.update(on: db)
            }
            let personID = person.id!
            for old in try await Appointment.query(on: db).filter(\.$personID == personID).filter(\.$endDate == nil).all() {
                old.endDate = start.adding(days: -1).description
                old.endReason = "改聘：" + c.title
                try await old.update(on: db)
                trail.record(
                    "end",
                    "appointment",
                    id: old.id!.uuidString,
                    zone: c.zoneID,
                    after: ["endDate": old.endDate!, "reason": old.endReason!]
                )
            }
            for old in try await EmploymentContract.query(on: db).filter(\.$personID == personID).filter(\.$status == "active").all() {
                old.status = "superseded"
                old.statusReason = c.title
                if old.endDate.map({ $0 >= start.description }) ?? true { old.endDate = start.adding(days: -1).description }
                try await old.update(on: db)
                trail.record(
                    "end",
                    "contract",
                    id: old.id!.uuidString,
                    zone: c.zoneID,
                    after: ["status": old.status, "endDate": old.endDate ?? ""]
                )
            }
            let a = Appointment()
            a.zoneID = c.zoneID
            a.bodyID = body.id!
            a.personID = personID
            a.postID = post.id!
            a.startDate = start.description
            a.termMonths = termMonths
            a.method = c.kind.rawValue
            a.campaignID = c.id
            try await a.create(on: db)
            // Staff who change post keep no probation; a newcomer's default is three months, within what the law allows.
            let probation = input.probationMonths ?? (newcomer ? min(3, ContractRule.maxProbationMonths(start: start, end: end)) : 0)
            do { try ContractRule.check(start: start, end: end, probationMonths: probation) } catch {
                switch error {
                case .endNotAfterStart: throw AppError.invalid("contractMonths", Loc("合同期限须至少一天", "The contract must last at least a day"))
                case .probationTooLong(let m):
                    throw AppError.invalid(
                        "probationMonths",
                        Loc("按劳动合同法，该期限的试用期不得超过 \(m) 个月", "The Labour Contract Law allows at most \(m) months' probation for this term")
                    )
                }
            }
            let k = EmploymentContract()
            k.zoneID = c.zoneID
            k.bodyID = body.id!
            k.personID = personID
            k.appointmentID = a.id
            k.contractType = contractType
            k.startDate = start.description
            k.endDate = end?.description
            k.probationMonths = probation
            k.payGrade = payGrade
            k.status = "active"
            try await k.create(on: db)
            if person.unitID != post.unitID {
                try await EngineeringService.personMoved(personID, to: post.unitID, field: "personId", on: db, trail: trail)
            }
            person.postID = post.id
            person.unitID = post.unitID
            person.bodyID = post.bodyID
            try await person.update(on: db)
            if let team = teamOfUnit[post.unitID] {
                try await TeamService.joinByAppointment(person: person, team: team, from: start, campaign: c, on: db, trail: trail)
            }
            struct Snap: Encodable {
                let person: String
                let post: String
                let start: String
                let termMonths: Int
                let method: String
            }
            trail.record(
                "create",
                "appointment",
                id: a.id!.uuidString,
                zone: c.zoneID,
                after: Snap(person: person.name, post: post.title, start: a.startDate, termMonths: termMonths, method: a.method),
                note: c.title
            )
            trail.record(
                "create",
                "contract",
                id: k.id!.uuidString,
                zone: c.zoneID,
                after: [
                    "person": person.name, "type": contractType, "start": k.startDate, "end": k.endDate ?? "—",
                    "probationMonths": String(probation),
                ]
            )
        }
    }

    struct RenewInput: Codable {
        var months: Int?
        var reason: String?
        var payGrade: String?
    }
    struct TerminateInput: Codable {
        var date: String?
        var reason: String?
    }

    static func renew(_ k: EmploymentContract, input: RenewInput, on db: Database, trail: AuditTrail) async throws -> EmploymentContract {
        guard k.status == "active" else { throw AppError.conflict(Loc("只能续签有效的合同", "Only an active contract can be renewed")) }
        guard let end = k.endDate.flatMap(CalendarDate.init) else {
            throw AppError.conflict(Loc("无固定期限合同无需续签", "An open-ended contract is not renewed"))
        }
        let months = input.months ?? 36
        if months < 1 || months > 120 { throw AppError.invalid("months", Loc("续签期限须为 1–120 个月", "Renewal must be 1–120 months")) }
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count < 2 { throw AppError.invalid("reason", Loc("请写明续签理由", "State the reason for renewal")) }
        let start = end.adding(days: 1)
        let n = EmploymentContract()
        n.zoneID = k.zoneID
        n.bodyID = k.bodyID
        n.personID = k.personID
        n.appointmentID = k.appointmentID
        n.contractType = k.contractType
        n.startDate = start.description
        n.endDate = start.adding(months: months).adding(days: -1).description
        n.probationMonths = 0
        n.payGrade = input.payGrade.map { String($0.prefix(40)) } ?? k.payGrade
        n.status = "active"
        n.previousID = k.id
        k.status = "renewed"
        k.statusReason = reason
        try await k.update(on: db)
        try await n.create(on: db)
        trail.record(
            "renew",
            "contract",
            id: k.id!.uuidString,
            zone: k.zoneID,
            after: ["newContract": n.id!.uuidString, "until": n.endDate!],
            note: reason
        )
        return n
    }

    static func terminate(_ k: EmploymentContract, input: TerminateInput, on db: Database, trail: AuditTrail) async throws {
        guard k.status == "active" else { throw AppError.conflict(Loc("只能解除有效的合同", "Only an active contract can be terminated")) }
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count < 2 { throw AppError.invalid("reason", Loc("请写明解除理由", "State the reason for termination")) }
        guard let date = (input.date.flatMap { $0.isEmpty ? nil : $0 }).map({ CalendarDate($0) }) ?? CalendarDate.today(),
            (2000...2100).contains(date.year)
        else {
            throw AppError.invalid("date", Loc("日期格式应为 YYYY-MM-DD", "Date must be YYYY-MM-DD"))
        }
        if let s = CalendarDate(k.startDate), date < s {
            throw AppError.invalid("date", Loc("解除日期不能早于合同开始日期", "Termination cannot precede the start"))
        }
        k.status = "terminated"
        k.statusReason = reason
        k.endDate = date.description
        try await k.update(on: db)
        try await releaseFromPost(person: k.personID, date: date, reason: "合同解除：" + reason, zone: k.zoneID, on: db, trail: trail)
        trail.record("terminate", "contract", id: k.id!.uuidString, zone: k.zoneID, after: ["date": date.description], note: reason)
    }

    /// Ends a person's open appointments on a date and frees their post (the post's headcount counts one fewer).
    static func releaseFromPost(person id: UUID, date: CalendarDate, reason: String, zone: UUID, on db: Database, trail: AuditTrail)
        async throws
    {
        for a in try await Appointment.query(on: db).filter(\.$personID == id).filter(\.$endDate == nil).all() {
            a.endDate = date.description
            a.endReason = reason
            try await a.update(on: db)
            trail.record("end", "appointment", id: a.id!.uuidString, zone: zone, after: ["endDate": date.description, "reason": reason])
        }
        if let p = try await Person.find(id, on: db) {
            p.postID = nil
            try await p.update(on: db)
        }
    }
}
