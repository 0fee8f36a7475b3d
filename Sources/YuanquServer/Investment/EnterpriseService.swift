import Fluent
import Vapor
import YuanquKit

struct EnterpriseInput: Codable {
    var name: String?
    var creditCode: String?
    var industry: String?
    var address: String?
    var contactName: String?
    var contactPhone: String?
    var stewardId: String?
    var expertId: String?
}

struct ServiceRequestInput: Codable {
    var enterpriseId: String?
    var type: String?
    var title: String?
    var detail: String?
    var unitId: String?
    var platformId: String?
}

struct StepInput: Codable { var note: String? }
struct CloseInput: Codable {
    var satisfaction: Int?
    var note: String?
}

struct EnterpriseDTO: Encodable {
    let id: UUID
    let zone: String
    let name: String
    let creditCode: String?
    let industry: String
    let address: String
    let contactName: String
    let contactPhone: String
    let stewardId: UUID?
    let expertId: UUID?
}

struct ServiceRequestDTO: Encodable {
    let id: UUID
    let enterpriseId: UUID
    let type: String
    let title: String
    let detail: String
    let holderId: UUID?
    let unitId: UUID?
    let platformId: UUID?
    let openedOn: String
    let dueOn: String
    let status: String
    let closedOn: String?
    let satisfaction: Int?
    let overdue: Bool
}

/// Enterprises and their service requests, through the one write path.
enum EnterpriseService {
    /// A service request's states: logged, a step recorded, closed with the enterprise's satisfaction.
    static let requestStatuses = ["open", "inProgress", "closed"]

    static func dto(_ e: Enterprise, zoneCode: String) -> EnterpriseDTO {
        EnterpriseDTO(
            id: e.id!,
            zone: zoneCode,
            name: e.name,
            creditCode: e.creditCode,
            industry: e.industry,
            address: e.address,
            contactName: e.contactName,
            contactPhone: e.contactPhone,
            stewardId: e.stewardID,
            expertId: e.expertID
        )
    }

    static func dto(_ r: ServiceRequest, today: CalendarDate = .today()) -> ServiceRequestDTO {
        ServiceRequestDTO(
            id: r.id!,
            enterpriseId: r.enterpriseID,
            type: r.type,
            title: r.title,
            detail: r.detail,
            holderId: r.holderID,
            unitId: r.unitID,
            platformId: r.platformID,
            openedOn: r.openedOn,
            dueOn: r.dueOn,
            status: r.status,
            closedOn: r.closedOn,
            satisfaction: r.satisfaction,
            overdue: isOverdue(r, today: today)
        )
    }

    /// A request as the list reads it, answered as the record is.
    static func dto(_ r: ServiceRequestListRow, today: CalendarDate) -> ServiceRequestDTO {
        ServiceRequestDTO(
            id: r.id,
            enterpriseId: r.enterpriseId,
            type: r.type,
            title: r.title,
            detail: r.detail,
            holderId: r.holderId,
            unitId: r.unitId,
            platformId: r.platformId,
            openedOn: r.openedOn,
            dueOn: r.dueOn,
            status: r.status,
            closedOn: r.closedOn,
            satisfaction: r.satisfaction,
            overdue: isOverdue(dueOn: r.dueOn, closedOn: r.closedOn, today: today)
        )
    }

    static func isOverdue(_ r: ServiceRequest, today: CalendarDate = .today()) -> Bool {
        isOverdue(dueOn: r.dueOn, closedOn: r.closedOn, today: today)
    }

    /// A request past its due date (`YYYY-MM-DD`) and not closed by it.
    static func isOverdue(dueOn: String, closedOn: String?, today: CalendarDate = .today()) -> Bool {
        guard let due = CalendarDate(dueOn) else { return false }
        return ServiceDeadline.isOverdue(due: due, closed: closedOn.flatMap(CalendarDate.init), today: today)
    }

    static func creditCode(_ raw: String?, field: String = "creditCode", into v: inout Validation) -> String? {
        guard let t = raw?.trimmed(), !t.isEmpty else { return nil }
        do { return try CreditCode(t).value } catch {
            v.add(field, InvestmentService.refusal(.invalidCreditCode(error)).message)
            return nil
        }
    }

    static func person(_ raw: String?, zone: UUID, field: String, on db: Database, into v: inout Validation) async throws -> UUID? {
        guard let s = raw, !s.isEmpty else { return nil }
        guard let id = UUID(uuidString: s), let p = try await Person.find(id, on: db), p.zoneID == zone else {
            v.add(field, Loc("所选人员不存在", "No such person"))
            return nil
        }
        return id
    }

    /// Adds or changes an enterprise. A steward adds theirs (one who does not reach the whole zone and names no steward
    /// stewards it) and
    /// changes the ones they steward; handing one to another steward is a head's (for their unit's people) or the zone's.
    /// Without an actor the enterprise follows from a change already allowed (a project's signing).
    static func save(_ input: EnterpriseInput, existing: Enterprise?, actor: Actor?, zone: UUID, on db: Database, trail: AuditTrail)
        async throws -> Enterprise
    {
        var v = Validation()
        let e = existing ?? new(zone: zone)
        let industries = input.industry == nil ? [:] : try await industries(zone: zone, on: db)
        apply(input, to: e, isNew: existing == nil, industries: industries, into: &v)
        if input.stewardId != nil { e.stewardID = try await person(input.stewardId, zone: zone, field: "stewardId", on: db, into: &v) }
        if input.expertId != nil { e.expertID = try await person(input.expertId, zone: zone, field: "expertId", on: db, into: &v) }
        if let actor {
            if existing == nil, e.stewardID == nil, !Reaches.wholeZone(actor, .enterprisesWrite) { e.stewardID = actor.personID }
            let owners = try await Reaches.ofPerson(e.stewardID, on: db)
            if v.errors["stewardId"] == nil, try await !Reaches.allows(actor, .enterprisesWrite, owners, on: db) {
                v.add("stewardId", Loc("管家须为您本人（或您单位的人员）", "The steward must be you (or someone of your unit)"))
            }
        }
        try v.check()
        if let code = e.creditCode,
            try await Enterprise.query(on: db).filter(\.$zoneID == zone).filter(\.$creditCode == code).filter(\.$id != (e.id ?? UUID()))
                .count() > 0
        {
            throw AppError.conflict(duplicateCreditCode, field: "creditCode")
        }
        if try await Enterprise.query(on: db).filter(\.$zoneID == zone).filter(\.$name == e.name).filter(\.$id != (e.id ?? UUID())).count()
            > 0
        {
            throw AppError.conflict(duplicateName, field: "name")
        }
        if existing == nil { try await e.create(on: db) } else { try await e.update(on: db) }
        trail.record(existing == nil ? "create" : "update", "enterprise", id: e.id!.uuidString, zone: zone, after: auditFields(e))
        return e
    }

    static let duplicateCreditCode = Loc("已有企业使用该统一社会信用代码", "Another enterprise has this credit code")
    static let duplicateName = Loc("已有同名企业", "An enterprise of that name exists")

    /// A new enterprise of the zone, created today, before its fields are applied.
    static func new(zone: UUID, createdOn: String = CalendarDate.today().description) -> Enterprise {
        let e = Enterprise()
        e.zoneID = zone
        e.address = ""
        e.contactName = ""
        e.contactPhone = ""
        e.createdOn = createdOn
        return e
    }

    /// The zone's industries: each code and each Chinese label to its code.
    static func industries(zone: UUID, on db: Database) async throws -> [String: String] {
        var codes: [String: String] = [:]
        for i in try await CodeListItem.query(on: db).filter(\.$zoneID == zone).filter(\.$list == "industry").all() {
            codes[i.labelZh] = codes[i.labelZh] ?? i.code
            codes[i.code] = i.code
        }
        return codes
    }

    /// Checks and sets the fields given (name, credit code, industry, address and contact); a new enterprise must
    /// have a name and an industry. The steward and the expert are looked up by the caller.
    static func apply(_ input: EnterpriseInput, to e: Enterprise, isNew: Bool, industries: [String: String], into v: inout Validation) {
        if let n = input.name {
            let name = n.trimmed(.whitespacesAndNewlines)
            if name.isEmpty || name.count > 80 {
                v.add("name", Loc("请填写企业名称（不超过 80 字）", "Name is required (at most 80 characters)"))
            } else {
                e.name = name
            }
        } else if isNew {
            v.add("name", Loc("请填写企业名称", "Name is required"))
        }
        if input.creditCode != nil { e.creditCode = creditCode(input.creditCode, into: &v) }
        if let i = input.industry {
            if let code = industries[i] {
                e.industry = code
            } else {
                v.add("industry", Loc("产业须为本园区产业分类中的一项", "Industry must be one of the zone's industries"))
            }
        } else if isNew {
            v.add("industry", Loc("请选择产业", "Choose the industry"))
        }
        if let a = input.address { e.address = String(a.trimmed().prefix(200)) }
        if let c = input.contactName { e.contactName = String(c.trimmed().prefix(40)) }
        if let c = input.contactPhone { e.contactPhone = String(c.trimmed().prefix(20)) }
    }

    /// What the audit log keeps of an enterprise written.
    static func auditFields(_ e: Enterprise) -> [String: String] {
        [
            "name": e.name, "creditCode": e.creditCode ?? "", "steward": e.stewardID?.uuidString ?? "",
            "expert": e.expertID?.uuidString ?? "",
        ]
    }

    /// Signing a project creates its enterprise, or links the one of the investor's name.
    static func linkAtSigning(_ p: InvestmentProject, on db: Database, trail: AuditTrail) async throws {
        if p.enterpriseID != nil { return }
        if let e = try await Enterprise.query(on: db).filter(\.$zoneID == p.zoneID).filter(\.$name == p.investor).first() {
            p.enterpriseID = e.id
            return
        }
        let e = try await save(
            EnterpriseInput(name: p.investor, industry: p.industry),
            existing: nil,
            actor: nil,
            zone: p.zoneID,
            on: db,
            trail: trail
        )
        p.enterpriseID = e.id
    }

    static func openRequest(_ input: ServiceRequestInput, actor: Actor, zone: UUID, on db: Database, trail: AuditTrail) async throws
        -> ServiceRequest
    {
        var v = Validation()
        let r = ServiceRequest()
        r.zoneID = zone
        r.status = "open"
        r.holderID = actor.personID
        if let s = input.enterpriseId, let id = UUID(uuidString: s), let e = try await Enterprise.find(id, on: db), e.zoneID == zone {
            r.enterpriseID = id
        } else {
            v.add("enterpriseId", Loc("请选择企业", "Choose the enterprise"))
        }
        let types = try await CodeListItem.query(on: db).filter(\.$zoneID == zone).filter(\.$list == "requestType").filter(
            \.$active == true
        ).all()
        if let t = input.type, let code = types.first(where: { $0.code == t || $0.labelZh == t })?.code {
            r.type = code
        } else {
            v.add("type", Loc("请选择诉求类型", "Choose the request type"))
        }
        let title = (input.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 80 { v.add("title", Loc("请填写诉求事项（不超过 80 字）", "Describe the request (at most 80 characters)")) }
        r.title = title
        r.detail = String((input.detail ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000))
        if let u = input.unitId, !u.isEmpty {
            if let id = UUID(uuidString: u), let unit = try await OrgUnit.find(id, on: db), unit.zoneID == zone {
                r.unitID = id
            } else {
                v.add("unitId", Loc("承办单位不存在", "No such unit"))
            }
        }
        if let p = input.platformId, !p.isEmpty {
            if let id = UUID(uuidString: p), let pl = try await ServicePlatform.find(id, on: db), pl.zoneID == zone {
                r.platformID = id
            } else {
                v.add("platformId", Loc("服务平台不存在", "No such platform"))
            }
        }
        if r.unitID == nil && r.platformID == nil { v.add("unitId", Loc("请指定承办单位或服务平台", "Assign a unit or route to a platform")) }
        try v.check()
        let today = CalendarDate.today()
        let days = ServiceDeadline.defaultLimits[r.type] ?? 10
        r.openedOn = today.description
        r.dueOn = ServiceDeadline.due(opened: today, days: days, calendar: try await WorkingCalendar.load(on: db)).description
        try await r.create(on: db)
        trail.record("create", "serviceRequest", id: r.id!.uuidString, zone: zone, after: ["title": title, "type": r.type, "due": r.dueOn])
        return r
    }

    static func addStep(_ r: ServiceRequest, note: String?, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        guard r.status != "closed" else { throw AppError.conflict(Loc("诉求已办结", "The request is closed")) }
        let text = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count < 2 { throw AppError.invalid("note", Loc("请填写办理情况", "Describe the step")) }
        let s = ServiceStep()
        s.requestID = r.id!
        s.onDate = CalendarDate.today().description
        s.note = String(text.prefix(1000))
        s.by = actor.displayName
        try await s.create(on: db)
        r.status = "inProgress"
        try await r.update(on: db)
        trail.record("step", "serviceRequest", id: r.id!.uuidString, zone: r.zoneID, note: s.note)
    }

    static func close(_ r: ServiceRequest, input: CloseInput, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        guard r.status != "closed" else { throw AppError.conflict(Loc("诉求已办结", "The request is closed")) }
        guard let s = input.satisfaction, (1...5).contains(s) else {
            throw AppError.invalid("satisfaction", Loc("请记录企业满意度（1–5）", "Record the enterprise's satisfaction (1–5)"))
        }
        let step = ServiceStep()
        step.requestID = r.id!
        step.onDate = CalendarDate.today().description
        step.by = actor.displayName
        step.note =
            "办结："
            + ((input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? "已办结" : input.note!.trimmingCharacters(in: .whitespacesAndNewlines))
        try await step.create(on: db)
        r.status = "closed"
        r.closedOn = CalendarDate.today().description
        r.satisfaction = s
        try await r.update(on: db)
        trail.record("close", "serviceRequest", id: r.id!.uuidString, zone: r.zoneID, after: ["satisfaction": s])
    }
}
