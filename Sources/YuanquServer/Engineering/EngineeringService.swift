import Fluent
import Vapor
import YuanquKit

struct ProgrammeInput: Codable {
    var name: String?
    var summary: String?
    var startsOn: String?
    var endsOn: String?
}

struct ConstructionProjectInput: Codable {
    var programmeId: String?
    var code: String?
    var name: String?
    var location: String?
    var investmentFen: Int64?
    /// Budget (state) funds in the investment, for the scope of NDRC Order No. 16.
    var budgetFundsFen: Int64?
    /// The owning body (建设单位), usually the development company.
    var owner: String?
    /// The project office (项目部).
    var office: String?
    var officeLeadId: String?
    var isKey: Bool?
    /// A `ConstructionStage` raw value.
    var stage: String?
    var startsOn: String?
    var endsOn: String?
}

struct HolderInput: Codable {
    var unitId: String?
    var personId: String?
    /// The day the holding began (YYYY-MM-DD); today when absent.
    var since: String?
}

/// The three holders of a project; each given one replaces the current holder.
struct HoldersInput: Codable {
    var design: HolderInput?
    var cost: HolderInput?
    var construction: HolderInput?
}

struct MilestoneInput: Codable {
    var name: String?
    var plannedOn: String?
    var actualOn: String?
}

struct ProgressInput: Codable {
    var onDate: String?
    var percent: Int?
    var note: String?
}

struct OfficeMemberInput: Codable {
    var personId: String?
    var duty: String?
}

/// Where a project is.
enum ConstructionStage: String, CaseIterable, Codable, Sendable, Comparable {
    case preparation, design, tendering, construction, completed, settled

    static func < (a: ConstructionStage, b: ConstructionStage) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Programmes, projects, their holders (三责分立), project offices, milestones and progress, through the one write path.
enum EngineeringService {
    static func saveProgramme(_ input: ProgrammeInput, existing: Programme?, zone: UUID, on db: Database, trail: AuditTrail) async throws
        -> Programme
    {
        var f = EngineeringFields(zone: zone)
        let name = f.text(input.name, "name", Loc("计划名称", "Name"), max: 80)
        let summary = f.text(input.summary, "summary", Loc("简介", "Summary"), max: 2000, required: false)
        let starts = f.date(input.startsOn, "startsOn", Loc("开始日期", "Start"), fallback: .today())
        let ends = (input.endsOn ?? "").isEmpty ? nil : f.date(input.endsOn, "endsOn", Loc("结束日期", "End"))
        if let s = starts, let e = ends, e < s { f.v.add("endsOn", Loc("结束日期不能早于开始日期", "The end cannot be before the start")) }
        try f.check()
        if try await Programme.query(on: db).filter(\.$zoneID == zone).filter(\.$name == name).filter(\.$id != (existing?.id ?? UUID()))
            .count() > 0
        {
            throw AppError.conflict(Loc("已有同名计划", "A programme of that name exists"), field: "name")
        }
        let p = existing ?? Programme()
        p.zoneID = zone
        p.name = name
        p.summary = summary
        p.startsOn = starts?.description
        p.endsOn = ends?.description
        if existing == nil { try await p.create(on: db) } else { try await p.update(on: db) }
        trail.record(existing == nil ? "create" : "update", "programme", id: p.id!.uuidString, zone: zone, after: input)
        return p
    }

    static func saveProject(
        _ input: ConstructionProjectInput,
        existing: ConstructionProject?,
        zone: UUID,
        on db: Database,
        trail: AuditTrail
    ) async throws -> ConstructionProject {
        var f = EngineeringFields(zone: zone)
        let p = existing ?? ConstructionProject()
        let before = existing.map(snapshot)
        if existing == nil {
            p.zoneID = zone
            p.progress = 0
            p.isKey = false
            p.stage = ConstructionStage.preparation.rawValue
            p.office = ""
            p.location = ""
            p.budgetFundsFen = 0
        }
        if existing == nil || input.programmeId != nil {
            if let raw = input.programmeId, !raw.isEmpty {
                if let id = UUID(uuidString: raw), let g = try await Programme.find(id, on: db), g.zoneID == zone {
                    p.programmeID = id
                } else {
                    f.v.add("programmeId", Loc("所选计划不存在", "No such programme"))
                }
            } else {
                p.programmeID = nil
            }
        }
        if existing == nil || input.code != nil {
            let code = f.text(input.code, "code", Loc("项目编号", "Code"), max: 40)
            if !code.isEmpty && !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) {
                f.v.add("code", Loc("项目编号只能含字母、数字、横线和下划线", "Code: letters, digits, dash and underscore"))
            }
            p.code = code
        }
        if existing == nil || input.name != nil { p.name = f.text(input.name, "name", Loc("项目名称", "Name"), max: 120) }
        if input.location != nil { p.location = f.text(input.location, "location", Loc("地点", "Location"), max: 200, required: false) }
        if existing == nil || input.investmentFen != nil {
            p.investmentFen = f.money(input.investmentFen, "investmentFen", Loc("总投资", "Investment")).fen
        }
        if input.budgetFundsFen != nil {
            p.budgetFundsFen = f.money(input.budgetFundsFen, "budgetFundsFen", Loc("财政资金", "Budget funds"), positive: false).fen
        }
        if existing == nil || input.owner != nil { p.owner = f.text(input.owner, "owner", Loc("建设单位", "Owner"), max: 80) }
        if input.office != nil { p.office = f.text(input.office, "office", Loc("项目部", "Project office"), max: 80, required: false) }
        if let raw = input.officeLeadId {
            p.officeLeadID = raw.isEmpty ? nil : try await f.person(raw, "officeLeadId", Loc("项目部负责人", "Office lead"), on: db)?.id
        }
        if let k = input.isKey { p.isKey = k }
        if input.stage != nil, let s = f.choice(input.stage, "stage", Loc("阶段", "Stage"), as: ConstructionStage.self) {
            p.stage = s.rawValue
        }
        if existing == nil || input.startsOn != nil {
            p.startsOn = f.date(input.startsOn, "startsOn", Loc("计划开工", "Planned start"))?.description ?? ""
        }
        if existing == nil || input.endsOn != nil {
            p.endsOn = f.date(input.endsOn, "endsOn", Loc("计划完工", "Planned completion"))?.description ?? ""
        }
        if !p.startsOn.isEmpty && !p.endsOn.isEmpty && p.endsOn < p.startsOn {
            f.v.add("endsOn", Loc("计划完工不能早于计划开工", "Completion cannot be before the start"))
        }
        if p.budgetFundsFen > p.investmentFen { f.v.add("budgetFundsFen", Loc("财政资金不能超过总投资", "Budget funds cannot exceed the investment")) }
        try f.check()
        if try await ConstructionProject.query(on: db).filter(\.$zoneID == zone).filter(\.$code == p.code)
            .filter(\.$id != (p.id ?? UUID())).count() > 0
        {
            throw AppError.conflict(Loc("项目编号“\(p.code)”已被使用", "Code “\(p.code)” is taken"), field: "code")
        }
        if existing == nil { try await p.create(on: db) } else { try await p.update(on: db) }
        trail.record(
            existing == nil ? "create" : "update",
            "constructionProject",
            id: p.id!.uuidString,
            zone: zone,
            before: before,
            after: snapshot(p)
        )
        return p
    }

    struct ProjectSnapshot: Encodable {
        let code: String
        let name: String
        let investmentFen: Int64
        let budgetFundsFen: Int64
        let stage: String
        let progress: Int
        let isKey: Bool
        let startsOn: String
        let endsOn: String
    }

    static func snapshot(_ p: ConstructionProject) -> ProjectSnapshot {
        ProjectSnapshot(
            code: p.code,
            name: p.name,
            investmentFen: p.investmentFen,
            budgetFundsFen: p.budgetFundsFen,
            stage: p.stage,
            progress: p.progress,
            isKey: p.isKey,
            startsOn: p.startsOn,
            endsOn: p.endsOn
        )
    }

    /// The project's holders as the Kit sees them (person and unit ids as text).
    static func holders(of project: UUID, on db: Database) async throws -> [Responsibility: Separation.Holder] {
        var map: [Responsibility: Separation.Holder] = [:]
        for h in try await ProjectHolder.query(on: db).filter(\.$projectID == project).all() {
            guard let r = Responsibility(rawValue: h.responsibility) else { continue }
            map[r] = .init(person: h.personID.uuidString, unit: h.unitID.uuidString)
        }
        return map
    }

    /// A refusal of static separation that names the rule and the people or units.
    static func separationRefusal(_ conflicts: [Separation.Conflict], field: String, on db: Database) async throws -> AppError {
        var zh: [String] = []
        var en: [String] = []
        for c in conflicts {
            let id = UUID(uuidString: c.holder)
            let name: String
            if c.by == "person" {
                name = try await id.asyncMap { try await Person.find($0, on: db)?.name }.flatMap { $0 } ?? c.holder
            } else {
                name = try await id.asyncMap { try await OrgUnit.find($0, on: db)?.name }.flatMap { $0 } ?? c.holder
            }
            zh.append("\(name)同时承担\(c.responsibilities.map(EngineeringLabels.responsibility).map(\.zh).joined(separator: "、"))")
            en.append("\(name) would hold \(c.responsibilities.map(EngineeringLabels.responsibility).map(\.en).joined(separator: " and "))")
        }
        return AppError.conflict(
            Loc(
                "违反设计、造价、工程建设三责分立：同一人或同一单位不得在同一项目承担两项职责（" + zh.joined(separator: "；") + "）",
                "Separation of design, cost and construction: no person or unit may hold two on one project (" + en.joined(separator: "; ")
                    + ")"
            ),
            field: field
        )
    }

    /// Assigns or reassigns holders. Each person must be of the unit named; afterwards no person and no unit holds two.
    static func assignHolders(_ input: HoldersInput, project: ConstructionProject, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: project.zoneID)
        var map = try await holders(of: project.id!, on: db)
        var changed: [Responsibility: (unit: UUID, person: UUID, since: String)] = [:]
        for (r, h) in [(Responsibility.design, input.design), (.cost, input.cost), (.construction, input.construction)] {
            guard let h else { continue }
            let unit = try await f.unit(h.unitId, "\(r.rawValue).unitId", on: db)
            let person = try await f.person(h.personId, "\(r.rawValue).personId", Loc("责任人", "Responsible person"), on: db)
            guard let u = unit, let p = person else { continue }
            if p.unitID != u.id {
                f.v.add("\(r.rawValue).personId", Loc("责任人\(p.name)不属于所选单位\(u.name)", "\(p.name) is not of the unit \(u.name)"))
                continue
            }
            let since = f.date(h.since, "\(r.rawValue).since", Loc("承担日期", "Since"), fallback: .today())
            if let d = since, d > .today() { f.v.add("\(r.rawValue).since", Loc("承担日期不能晚于今天", "The date cannot be after today")) }
            changed[r] = (u.id!, p.id!, (since ?? .today()).description)
            map[r] = .init(person: p.id!.uuidString, unit: u.id!.uuidString)
        }
        if changed.isEmpty && f.v.order.isEmpty { f.v.add("design", Loc("请至少指定一项职责的承担者", "Name at least one holder")) }
        try f.check()
        let conflicts = Separation.conflicts(map)
        if !conflicts.isEmpty {
            throw try await separationRefusal(conflicts, field: changed.keys.sorted { $0.rawValue < $1.rawValue }.first!.rawValue, on: db)
        }
        for (r, h) in changed {
            let row = try await ProjectHolder.query(on: db).filter(\.$projectID == project.id!).filter(\.$responsibility == r.rawValue)
                .first()
            let before = row.map { ["unitId": $0.unitID.uuidString, "personId": $0.personID.uuidString] }
            let holder = row ?? ProjectHolder()
            holder.projectID = project.id!
            holder.responsibility = r.rawValue
            holder.unitID = h.unit
            holder.personID = h.person
            holder.since = h.since
            if row == nil { try await holder.create(on: db) } else { try await holder.update(on: db) }
            trail.record(
                row == nil ? "assign" : "reassign",
                "projectHolder",
                id: project.id!.uuidString + "." + r.rawValue,
                zone: project.zoneID,
                before: before,
                after: ["unitId": h.unit.uuidString, "personId": h.person.uuidString]
            )
        }
    }

    /// A person moving to another unit carries their holdings with them: refused when that would make one unit hold
    /// two responsibilities of a project; otherwise the holdings' unit follows. Called wherever a person's unit changes.
    static func personMoved(_ person: UUID, to unit: UUID?, field: String, on db: Database, trail: AuditTrail) async throws {
        let rows = try await ProjectHolder.query(on: db).filter(\.$personID == person).all()
        guard !rows.isEmpty else { return }
        guard let u = unit else {
            throw AppError.conflict(
                Loc("此人仍是工程项目的设计、造价或工程建设责任人，须先改派", "This person still holds a project responsibility: reassign it first"),
                field: field
            )
        }
        for row in rows where row.unitID != u {
            guard let project = try await ConstructionProject.find(row.projectID, on: db) else { continue }
            var map = try await holders(of: row.projectID, on: db)
            if let r = Responsibility(rawValue: row.responsibility) { map[r] = .init(person: person.uuidString, unit: u.uuidString) }
            let conflicts = Separation.conflicts(map)
            if !conflicts.isEmpty {
                let e = try await separationRefusal(conflicts, field: field, on: db)
                throw AppError.conflict(
                    Loc("项目“\(project.name)”：" + e.message.zh, "Project “\(project.name)”: " + e.message.en),
                    field: field
                )
            }
            trail.record(
                "follow",
                "projectHolder",
                id: row.projectID.uuidString + "." + row.responsibility,
                zone: project.zoneID,
                before: ["unitId": row.unitID.uuidString],
                after: ["unitId": u.uuidString]
            )
            row.unitID = u
            try await row.update(on: db)
        }
    }

    static func addMilestone(_ input: MilestoneInput, project: ConstructionProject, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: project.zoneID)
        let name = f.text(input.name, "name", Loc("节点名称", "Milestone"), max: 60)
        let planned = f.date(input.plannedOn, "plannedOn", Loc("计划日期", "Planned date"))
        let actual = (input.actualOn ?? "").isEmpty ? nil : f.date(input.actualOn, "actualOn", Loc("实际日期", "Actual date"))
        if let a = actual, a > .today() { f.v.add("actualOn", Loc("实际日期不能晚于今天", "The actual date cannot be after today")) }
        try f.check()
        if let existing = try await ProjectMilestone.query(on: db).filter(\.$projectID == project.id!).filter(\.$name == name).first() {
            let before = ["plannedOn": existing.plannedOn, "actualOn": existing.actualOn ?? ""]
            existing.plannedOn = planned!.description
            existing.actualOn = actual?.description
            try await existing.update(on: db)
            trail.record("update", "milestone", id: existing.id!.uuidString, zone: project.zoneID, before: before, after: input)
            return
        }
        let m = ProjectMilestone()
        m.projectID = project.id!
        m.seq = try await ProjectMilestone.query(on: db).filter(\.$projectID == project.id!).count() + 1
        m.name = name
        m.plannedOn = planned!.description
        m.actualOn = actual?.description
        try await m.create(on: db)
        trail.record("create", "milestone", id: m.id!.uuidString, zone: project.zoneID, after: input)
    }

    static func reportProgress(_ input: ProgressInput, project: ConstructionProject, by: String, on db: Database, trail: AuditTrail)
        async throws
    {
        var f = EngineeringFields(zone: project.zoneID)
        let on = f.date(input.onDate, "onDate", Loc("日期", "Date"), fallback: .today())
        if let d = on, d > .today() { f.v.add("onDate", Loc("日期不能晚于今天", "The date cannot be after today")) }
        let note = f.text(input.note, "note", Loc("进展情况", "Progress note"), max: 1000)
        if let p = input.percent {
            if !(0...100).contains(p) { f.v.add("percent", Loc("形象进度须为 0–100", "Progress must be from 0 to 100")) }
        } else {
            f.v.add("percent", Loc("请填写形象进度（%）", "Progress (%) is required"))
        }
        try f.check()
        let e = ProgressEntry()
        e.projectID = project.id!
        e.onDate = on!.description
        e.percent = input.percent!
        e.note = note
        e.by = by
        try await e.create(on: db)
        let latest = try await ProgressEntry.query(on: db).filter(\.$projectID == project.id!).sort(\.$onDate, .descending)
            .sort(\.$id, .descending).first()
        let before = project.progress
        project.progress = latest?.percent ?? input.percent!
        try await project.update(on: db)
        trail.record(
            "progress",
            "constructionProject",
            id: project.id!.uuidString,
            zone: project.zoneID,
            before: ["progress": before],
            after: input
        )
    }

    static func addMember(_ input: OfficeMemberInput, project: ConstructionProject, on db: Database, trail: AuditTrail) async throws {
        var f = EngineeringFields(zone: project.zoneID)
        let person = try await f.person(input.personId, "personId", Loc("人员", "Person"), on: db)
        let duty = f.text(input.duty, "duty", Loc("项目部职务", "Duty"), max: 40)
        try f.check()
        if try await ProjectMember.query(on: db).filter(\.$projectID == project.id!).filter(\.$personID == person!.id!).count() > 0 {
            throw AppError.conflict(Loc("\(person!.name)已在项目部", "\(person!.name) is already in the project office"), field: "personId")
        }
        let m = ProjectMember()
        m.projectID = project.id!
        m.personID = person!.id!
        m.duty = duty
        try await m.create(on: db)
        trail.record("create", "projectMember", id: m.id!.uuidString, zone: project.zoneID, after: input)
    }

    /// The actor's person and unit, for the separation checks; refused when the actor is no person of the zone.
    static func actingPerson(_ actor: Actor, field: String, on db: Database) async throws -> Person {
        guard let id = actor.personID, let p = try await Person.find(id, on: db), p.zoneID == actor.zoneID else {
            throw AppError(
                .forbidden,
                "separation",
                Loc(
                    "只有承担该职责的人员可以办理（您的账号未关联本园区人员）",
                    "Only a holder of the responsibility may do this (your account is no person of the zone)"
                ),
                field: field
            )
        }
        return p
    }

    /// Dynamic separation: the actor acts for `r` on the project, or is refused naming the rule and the holder.
    static func requireActs(_ r: Responsibility, actor: Actor, project: UUID, field: String, on db: Database) async throws -> Person {
        let person = try await actingPerson(actor, field: field, on: db)
        let map = try await holders(of: project, on: db)
        do {
            try Separation.checkActs(r, person: person.id!.uuidString, unit: person.unitID?.uuidString, holders: map)
        } catch {
            let what = EngineeringLabels.responsibility(r)
            let message: Loc
            switch error {
            case .noHolder:
                message = Loc("本项目尚未指定\(what.zh)责任人", "The project has no \(what.en.lowercased()) holder yet")
            case .notHolder(_, let h):
                let name = try await UUID(uuidString: h.person).asyncMap { try await Person.find($0, on: db)?.name } ?? ""
                message = Loc(
                    "三责分立：只有\(what.zh)责任人（\(name ?? "")）或其单位人员可以办理",
                    "Separation of duties: only the \(what.en.lowercased()) holder (\(name ?? "")) or their unit may do this"
                )
            case .holdsOther(let other):
                let o = EngineeringLabels.responsibility(other)
                message = Loc(
                    "三责分立：您承担本项目的\(o.zh)职责，不能办理\(what.zh)事项",
                    "Separation of duties: you hold \(o.en.lowercased()) on this project"
                )
            }
            throw AppError(.forbidden, "separation", message, field: field)
        }
        return person
    }

    /// A leader's approval is independent of the three holders.
    static func requireIndependent(_ actor: Actor, project: UUID, field: String, on db: Database) async throws {
        guard let p = actor.personID else { return }
        do { try Separation.checkApprover(person: p.uuidString, holders: try await holders(of: project, on: db)) } catch {
            throw AppError(
                .forbidden,
                "separation",
                Loc("三责分立：承担本项目职责的人员不能审批", "Separation of duties: a holder of the project cannot approve"),
                field: field
            )
        }
    }
}
