import Fluent
import Vapor
import YuanquKit

/// A meeting to record: its kind, date, chair and attendees, with its agenda items and the action items it set.
struct MeetingInput: Codable {
    var kind: String?
    var title: String?
    var heldOn: String?
    var chairId: String?
    var location: String?
    var attendeeIds: [String]?
    var items: [MeetingItemInput]?
    var actions: [ActionItemInput]?
}

/// An agenda item and its decision.
struct MeetingItemInput: Codable {
    var topic: String?
    var projectId: String?
    var designChangeId: String?
    var decision: String?
    var outcome: String?
}

/// An action item (督办事项) of a meeting. `meetingId` names the meeting when posted on its own; `itemId` the agenda
/// item it comes from, or `item` (from 0) the position of that item in the same meeting input.
struct ActionItemInput: Codable {
    var meetingId: String?
    var itemId: String?
    var item: Int?
    var projectId: String?
    var title: String?
    var ownerId: String?
    var dueOn: String?
}

/// Closing an action item: the date it was done (today by default) and what was done.
struct CloseActionInput: Codable {
    var closedOn: String?
    var result: String?
}

/// Meetings, their agenda items and decisions, and their action items, through the one write path.
enum MeetingService {
    static let titleLimit = 100
    static let locationLimit = 100
    static let topicLimit = 200
    static let textLimit = 2000
    static let listLimit = 50
    static let attendeeLimit = 100

    static func kindLabel(_ raw: String) -> Loc {
        MeetingKind(rawValue: raw).map { Loc($0.label.zh, $0.label.en) } ?? Loc(raw, raw)
    }

    static func outcomeLabel(_ raw: String) -> Loc {
        ItemOutcome(rawValue: raw).map { Loc($0.label.zh, $0.label.en) } ?? Loc(raw, raw)
    }

    static func statusLabel(_ raw: String) -> Loc {
        ActionStatus(rawValue: raw).map { Loc($0.label.zh, $0.label.en) } ?? Loc(raw, raw)
    }

    /// Overdue: open after its due date (`YYYY-MM-DD`).
    static func isOverdue(status: String, dueOn: String, today: CalendarDate = .today()) -> Bool {
        guard let s = ActionStatus(rawValue: status), let due = CalendarDate(dueOn) else { return false }
        return MeetingRule.isOverdue(status: s, due: due, today: today)
    }

    static func refusal(_ r: MeetingRule.Refusal) -> Loc {
        switch r {
        case .heldInFuture: return Loc("会议日期不能晚于今天（会议召开后登记）", "The meeting date cannot be after today (record a meeting once held)")
        case .dueBeforeMeeting(let held):
            return Loc("办结时限不能早于会议日期（\(held)）", "The due date cannot be before the meeting (\(held))")
        case .closedBeforeMeeting(let held):
            return Loc("办结日期不能早于会议日期（\(held)）", "The closing date cannot be before the meeting (\(held))")
        case .closedInFuture: return Loc("办结日期不能晚于今天", "The closing date cannot be after today")
        case .alreadyDone: return Loc("该督办事项已办结", "This action item is already done")
        }
    }

    // MARK: checks shared by the actions

    static func text(_ raw: String?, field: String, label: Loc, limit: Int, required: Bool = true, into v: inout Validation) -> String {
        let t = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty && required {
            v.add(field, Loc("请填写\(label.zh)", "\(label.en) is required"))
        } else if t.count > limit {
            v.add(field, Loc("\(label.zh)不能超过 \(limit) 字", "\(label.en) may not exceed \(limit) characters"))
        }
        return t
    }

    static func date(_ raw: String?, field: String, label: Loc, into v: inout Validation) -> CalendarDate? {
        let t = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else {
            v.add(field, Loc("请填写\(label.zh)", "\(label.en) is required"))
            return nil
        }
        guard let d = CalendarDate(t) else {
            v.add(field, Loc("\(label.zh)须为有效日期（YYYY-MM-DD）", "\(label.en) must be a valid date (YYYY-MM-DD)"))
            return nil
        }
        return d
    }

    static func person(_ raw: String?, zone: UUID, field: String, label: Loc, on db: Database, into v: inout Validation) async throws
        -> UUID?
    {
        let t = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else {
            v.add(field, Loc("请选择\(label.zh)", "Choose the \(label.en.lowercased())"))
            return nil
        }
        guard let id = UUID(uuidString: t), let p = try await Person.find(id, on: db), p.zoneID == zone else {
            v.add(field, Loc("所选\(label.zh)不是本园区人员", "The \(label.en.lowercased()) is not a person of the zone"))
            return nil
        }
        return id
    }

    static func project(_ raw: String?, zone: UUID, field: String, on db: Database, into v: inout Validation) async throws -> UUID? {
        let t = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        guard let id = UUID(uuidString: t), let p = try await ConstructionProject.find(id, on: db), p.zoneID == zone else {
            v.add(field, Loc("所选工程项目不存在", "No such construction project"))
            return nil
        }
        return id
    }

    /// An agenda item checked, before anything is written.
    struct ItemDraft: Sendable {
        let topic: String
        let projectID: UUID?
        let designChangeID: UUID?
        let decision: String
        let outcome: ItemOutcome
    }

    /// Checks an agenda item; `prefix` names its place in the input (`items[1].`, or empty when posted alone).
    static func item(_ input: MeetingItemInput, prefix: String, zone: UUID, on db: Database, into v: inout Validation) async throws
        -> ItemDraft?
    {
        var ok = true
        let topic = text(input.topic, field: prefix + "topic", label: Loc("议题", "Topic"), limit: topicLimit, into: &v)
        if topic.isEmpty || topic.count > topicLimit { ok = false }
        var projectID = try await project(input.projectId, zone: zone, field: prefix + "projectId", on: db, into: &v)
        if projectID == nil && !(input.projectId ?? "").trimmingCharacters(in: .whitespaces).isEmpty { ok = false }
        let outcome = ItemOutcome(rawValue: (input.outcome ?? "").trimmingCharacters(in: .whitespaces))
        if outcome == nil {
            ok = false
            v.add(
                prefix + "outcome",
                Loc(
                    "请选择会议结论：" + ItemOutcome.allCases.map(\.rawValue).joined(separator: ", "),
                    "Choose the outcome: one of " + ItemOutcome.allCases.map(\.rawValue).joined(separator: ", ")
                )
            )
        }
        let decision = text(input.decision, field: prefix + "decision", label: Loc("会议决定", "Decision"), limit: textLimit, into: &v)
        if decision.isEmpty || decision.count > textLimit { ok = false }
        var changeID: UUID?
        let rawChange = (input.designChangeId ?? "").trimmingCharacters(in: .whitespaces)
        if !rawChange.isEmpty {
            let field = prefix + "designChangeId"
            if let id = UUID(uuidString: rawChange), let c = try await DesignChange.find(id, on: db), c.zoneID == zone {
                changeID = id
                if let p = projectID, p != c.projectID {
                    ok = false
                    v.add(prefix + "projectId", Loc("设计变更不属于所选工程项目", "The design change belongs to another project"))
                }
                projectID = c.projectID
                if outcome?.decides == true && c.status != "awaitingMeeting" {
                    ok = false
                    v.add(
                        field,
                        Loc(
                            "该设计变更不在待会议决定状态，不能作出同意或不同意的决定",
                            "This design change is not waiting for a meeting: it cannot be approved or rejected"
                        )
                    )
                }
            } else {
                ok = false
                v.add(field, Loc("所选设计变更不存在", "No such design change"))
            }
        }
        guard ok, let outcome else { return nil }
        return ItemDraft(topic: topic, projectID: projectID, designChangeID: changeID, decision: decision, outcome: outcome)
    }

    /// Writes an agenda item and, when it decides a design change waiting for a meeting, decides the change.
    static func write(_ d: ItemDraft, meeting: Meeting, seq: Int, on db: Database, trail: AuditTrail) async throws -> MeetingItem {
        let i = MeetingItem()
        i.meetingID = meeting.id!
        i.seq = seq
        i.topic = d.topic
        i.projectID = d.projectID
        i.designChangeID = d.designChangeID
        i.decision = d.decision
        i.outcome = d.outcome.rawValue
        try await i.create(on: db)
        trail.record(
            "addItem",
            "meetingItem",
            id: i.id!.uuidString,
            zone: meeting.zoneID,
            after: [
                "meeting": meeting.id!.uuidString, "seq": String(seq), "topic": d.topic, "outcome": d.outcome.rawValue,
                "decision": d.decision, "project": d.projectID?.uuidString ?? "", "designChange": d.designChangeID?.uuidString ?? "",
            ]
        )
        if let change = d.designChangeID, d.outcome.decides {
            try await DesignChangeService.decide(
                change,
                approved: d.outcome == .approved,
                item: i.id!,
                on: meeting.heldOn,
                db: db,
                trail: trail
            )
        }
        return i
    }

    /// An action item checked, before anything is written. `item` is an agenda item id, or the position of one in the
    /// same meeting input.
    struct ActionDraft: Sendable {
        let title: String
        let ownerID: UUID
        let due: CalendarDate
        let projectID: UUID?
        let itemID: UUID?
        let itemIndex: Int?
    }

    /// Checks an action item of a meeting held on `held`. `items` are the meeting's agenda items already written (id,
    /// project); `drafts` the items of the same input, which `input.item` may point at.
    static func action(
        _ input: ActionItemInput,
        prefix: String,
        zone: UUID,
        held: CalendarDate?,
        items: [(id: UUID, projectID: UUID?)],
        drafts: [ItemDraft?] = [],
        on db: Database,
        into v: inout Validation
    ) async throws -> ActionDraft? {
        let title = text(input.title, field: prefix + "title", label: Loc("督办事项", "Title"), limit: topicLimit, into: &v)
        let owner = try await person(input.ownerId, zone: zone, field: prefix + "ownerId", label: Loc("责任人", "Owner"), on: db, into: &v)
        var due = date(input.dueOn, field: prefix + "dueOn", label: Loc("办结时限", "Due date"), into: &v)
        if let d = due, let h = held {
            do { try MeetingRule.checkDue(d, held: h) } catch {
                v.add(prefix + "dueOn", refusal(error))
                due = nil
            }
        }
        var projectID = try await project(input.projectId, zone: zone, field: prefix + "projectId", on: db, into: &v)
        let projectGiven = !(input.projectId ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        var itemID: UUID?
        var itemIndex: Int?
        var itemOK = true
        if let raw = input.itemId?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let id = UUID(uuidString: raw), let found = items.first(where: { $0.id == id }) {
                itemID = id
                if projectID == nil && !projectGiven { projectID = found.projectID }
            } else {
                itemOK = false
                v.add(prefix + "itemId", Loc("所选议题不属于该会议", "The agenda item is not of this meeting"))
            }
        } else if let n = input.item {
            if drafts.indices.contains(n) {
                itemIndex = n
                if projectID == nil && !projectGiven { projectID = drafts[n]?.projectID }
            } else {
                itemOK = false
                v.add(prefix + "item", Loc("议题序号超出范围（从 0 起）", "No agenda item at that position (counted from 0)"))
            }
        }
        guard itemOK, !title.isEmpty, title.count <= topicLimit, let owner, let due, projectID != nil || !projectGiven else { return nil }
        return ActionDraft(title: title, ownerID: owner, due: due, projectID: projectID, itemID: itemID, itemIndex: itemIndex)
    }

    static func write(_ d: ActionDraft, meeting: Meeting, itemID: UUID?, on db: Database, trail: AuditTrail) async throws -> ActionItem {
        let a = ActionItem()
        a.zoneID = meeting.zoneID
        a.meetingID = meeting.id!
        a.itemID = itemID ?? d.itemID
        a.projectID = d.projectID
        a.title = d.title
        a.ownerID = d.ownerID
        a.dueOn = d.due.description
        a.status = ActionStatus.open.rawValue
        try await a.create(on: db)
        trail.record(
            "create",
            "actionItem",
            id: a.id!.uuidString,
            zone: meeting.zoneID,
            after: [
                "meeting": meeting.id!.uuidString, "title": a.title, "owner": a.ownerID.uuidString, "dueOn": a.dueOn,
                "item": a.itemID?.uuidString ?? "", "project": a.projectID?.uuidString ?? "",
            ]
        )
        return a
    }

    // MARK: the actions

    /// Records a meeting with its attendees, agenda items (deciding the design changes they name) and action items,
    /// in one write. Every wrong field is named; nothing is written unless all are right.
    static func create(_ input: MeetingInput, zone: UUID, today: CalendarDate = .today(), on db: Database, trail: AuditTrail)
        async throws -> Meeting
    {
        var v = Validation()
        let kind = MeetingKind(rawValue: (input.kind ?? "").trimmingCharacters(in: .whitespaces))
        if kind == nil {
            v.add(
                "kind",
                Loc(
                    "请选择会议类型：" + MeetingKind.allCases.map(\.rawValue).joined(separator: ", "),
                    "Choose the kind of meeting: one of " + MeetingKind.allCases.map(\.rawValue).joined(separator: ", ")
                )
            )
        }
        let title = text(input.title, field: "title", label: Loc("会议名称", "Title"), limit: titleLimit, into: &v)
        var held = date(input.heldOn, field: "heldOn", label: Loc("会议日期", "Date"), into: &v)
        if let h = held {
            do { try MeetingRule.checkHeld(h, today: today) } catch {
                v.add("heldOn", refusal(error))
                held = nil
            }
        }
        let chair = try await person(input.chairId, zone: zone, field: "chairId", label: Loc("主持人", "Chair"), on: db, into: &v)
        let location = text(
            input.location,
            field: "location",
            label: Loc("会议地点", "Location"),
            limit: locationLimit,
            required: false,
            into: &v
        )
        var attendees: [UUID] = []
        let rawAttendees = input.attendeeIds ?? []
        if rawAttendees.count > attendeeLimit {
            v.add("attendeeIds", Loc("参会人员不能超过 \(attendeeLimit) 人", "At most \(attendeeLimit) attendees"))
        } else {
            for (n, raw) in rawAttendees.enumerated() {
                let label = Loc("参会人员", "Attendee")
                if let id = try await person(raw, zone: zone, field: "attendeeIds[\(n)]", label: label, on: db, into: &v),
                    !attendees.contains(id)
                {
                    attendees.append(id)
                }
            }
        }
        let rawItems = input.items ?? []
        let rawActions = input.actions ?? []
        if rawItems.count > listLimit { v.add("items", Loc("议题不能超过 \(listLimit) 项", "At most \(listLimit) agenda items")) }
        if rawActions.count > listLimit { v.add("actions", Loc("督办事项不能超过 \(listLimit) 项", "At most \(listLimit) action items")) }
        var drafts: [ItemDraft?] = []
        for (n, i) in rawItems.prefix(listLimit).enumerated() {
            drafts.append(try await item(i, prefix: "items[\(n)].", zone: zone, on: db, into: &v))
        }
        var decided: Set<UUID> = []
        for (n, d) in drafts.enumerated() {
            guard let d, d.outcome.decides, let change = d.designChangeID else { continue }
            if decided.contains(change) {
                v.add("items[\(n)].designChangeId", Loc("同一设计变更在本次会议只能决定一次", "A design change is decided once per meeting"))
            }
            decided.insert(change)
        }
        var actionDrafts: [ActionDraft?] = []
        for (n, a) in rawActions.prefix(listLimit).enumerated() {
            actionDrafts.append(
                try await action(a, prefix: "actions[\(n)].", zone: zone, held: held, items: [], drafts: drafts, on: db, into: &v)
            )
        }
        try v.check()
        guard let kind, let held, let chair else { throw AppError.badRequest(Loc("会议信息不完整", "The meeting is incomplete")) }
        let m = Meeting()
        m.zoneID = zone
        m.kind = kind.rawValue
        m.title = title
        m.heldOn = held.description
        m.chairID = chair
        m.location = location
        m.attendees = attendeesJSON(attendees)
        try await m.create(on: db)
        trail.record(
            "create",
            "meeting",
            id: m.id!.uuidString,
            zone: zone,
            after: [
                "kind": m.kind, "title": m.title, "heldOn": m.heldOn, "chair": chair.uuidString, "location": location,
                "attendees": attendees.map(\.uuidString).joined(separator: ","),
            ]
        )
        var written: [UUID] = []
        for (n, d) in drafts.enumerated() {
            guard let d else { continue }
            written.append(try await write(d, meeting: m, seq: n + 1, on: db, trail: trail).id!)
        }
        for d in actionDrafts {
            guard let d else { continue }
            _ = try await write(d, meeting: m, itemID: d.itemIndex.map { written[$0] }, on: db, trail: trail)
        }
        return m
    }

    /// Adds an agenda item with its decision to a meeting; a decision on a design change waiting for a meeting decides it.
    static func addItem(_ input: MeetingItemInput, meeting m: Meeting, on db: Database, trail: AuditTrail) async throws -> MeetingItem {
        var v = Validation()
        let draft = try await item(input, prefix: "", zone: m.zoneID, on: db, into: &v)
        try v.check()
        guard let draft else { throw AppError.badRequest(Loc("议题信息不完整", "The agenda item is incomplete")) }
        let seq = (try await MeetingItem.query(on: db).filter(\.$meetingID == m.id!).max(\.$seq) ?? 0) + 1
        return try await write(draft, meeting: m, seq: seq, on: db, trail: trail)
    }

    /// Adds an action item to a meeting.
    static func addAction(_ input: ActionItemInput, meeting m: Meeting, on db: Database, trail: AuditTrail) async throws -> ActionItem {
        var v = Validation()
        let items = try await MeetingItem.query(on: db).filter(\.$meetingID == m.id!).all().map { (id: $0.id!, projectID: $0.projectID) }
        let draft = try await action(input, prefix: "", zone: m.zoneID, held: CalendarDate(m.heldOn), items: items, on: db, into: &v)
        try v.check()
        guard let draft else { throw AppError.badRequest(Loc("督办事项信息不完整", "The action item is incomplete")) }
        return try await write(draft, meeting: m, itemID: nil, on: db, trail: trail)
    }

    /// Closes an action item: its owner, or someone who runs meetings, reports it done with the result.
    static func close(
        _ a: ActionItem,
        input: CloseActionInput,
        actor: Actor,
        today: CalendarDate = .today(),
        on db: Database,
        trail: AuditTrail
    ) async throws {
        guard actor.zoneID == a.zoneID, actor.personID == a.ownerID || actor.can(.engineeringWrite) else { throw AppError.forbidden }
        guard let meeting = try await Meeting.find(a.meetingID, on: db) else { throw AppError.notFound }
        var v = Validation()
        let rawDate = (input.closedOn ?? "").trimmingCharacters(in: .whitespaces)
        let closed = rawDate.isEmpty ? today : date(rawDate, field: "closedOn", label: Loc("办结日期", "Closing date"), into: &v)
        let result = text(input.result, field: "result", label: Loc("办理结果", "Result"), limit: textLimit, into: &v)
        let status = ActionStatus(rawValue: a.status) ?? .open
        if status == .done { throw AppError.conflict(refusal(.alreadyDone)) }
        if let c = closed, let held = CalendarDate(meeting.heldOn) {
            do { try MeetingRule.checkClose(status: status, closed: c, held: held, today: today) } catch {
                v.add("closedOn", refusal(error))
            }
        }
        try v.check()
        a.status = ActionStatus.done.rawValue
        a.closedOn = closed?.description
        a.result = result
        try await a.update(on: db)
        trail.record(
            "close",
            "actionItem",
            id: a.id!.uuidString,
            zone: a.zoneID,
            before: ["status": ActionStatus.open.rawValue],
            after: ["status": a.status, "closedOn": a.closedOn ?? "", "result": result]
        )
    }

    // MARK: attendees, stored as a JSON array of person ids

    static func attendeesJSON(_ ids: [UUID]) -> String {
        String(decoding: (try? JSONEncoder().encode(ids.map(\.uuidString))) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func attendeeIDs(_ json: String) -> [UUID] {
        ((try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []).compactMap(UUID.init(uuidString:))
    }
}
