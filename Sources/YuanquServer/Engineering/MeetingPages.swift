import Fluent
import Vapor
import YuanquKit

/// What the meetings list shows: plain values, rendered by `MeetingViews.list`.
struct MeetingListPage: Sendable {
    struct Row: Sendable {
        let url: SiteURL
        let title: String
        let kind: Loc
        let heldOn: String
        let chair: String
        let decisions: Int
        let open: Int
        let overdue: Int
    }

    let rows: [Row]
    let total: Int
    let params: ListParams
    let pageSize: Int
    let zoneOptions: [(value: String, label: String)]?
    /// Where the "登记会议" link goes, for those who record meetings.
    let newMeeting: SiteURL?
}

/// The choices the meeting forms offer.
struct MeetingFormOptions: Sendable {
    let people: [(value: String, label: String)]
    let projects: [(value: String, label: String)]
    /// Design changes waiting for a meeting's decision.
    let changes: [(value: String, label: String)]
}

/// What the new-meeting form shows.
struct MeetingNewPage: Sendable {
    let options: MeetingFormOptions
    let itemRows: Int
    let actionRows: Int
    let attendees: Set<String>
    let today: String
    let form: FormState
}

/// What a meeting's page (its minutes, 纪要) shows, with the forms writers use.
struct MeetingPage: Sendable {
    struct Item: Sendable {
        let seq: Int
        let topic: String
        let project: String?
        let projectURL: SiteURL?
        let designChange: String?
        let designChangeStatus: String?
        let decision: String
        let outcome: String
    }

    let title: String
    let kind: Loc
    let heldOn: String
    let chair: String
    let location: String
    let attendees: [String]
    let items: [Item]
    let actions: [ActionRow]
    /// Form actions, present only for those who record meetings.
    let addItem: SiteURL?
    let addAction: SiteURL?
    let options: MeetingFormOptions
    /// The agenda items an action item may come from (id, "议题 n").
    let itemOptions: [(value: String, label: String)]
    let today: String
    let error: Loc?
    let itemForm: FormState
    let actionForm: FormState
}

/// An action item as its lists show it.
struct ActionRow: Sendable {
    let title: String
    let meeting: String
    let meetingURL: SiteURL
    let itemSeq: Int?
    let project: String?
    let projectURL: SiteURL?
    let owner: String
    let dueOn: String
    let status: String
    let overdue: Bool
    let closedOn: String?
    let result: String?
    /// Where its close form posts, for its owner and those who record meetings, while it is open.
    let close: SiteURL?
}

/// What the action items page shows.
struct ActionListPage: Sendable {
    let rows: [ActionRow]
    let total: Int
    let params: ListParams
    let pageSize: Int
    let zoneOptions: [(value: String, label: String)]?
    let ownerOptions: [(value: String, label: String)]
    /// The reader's own person, for the "mine" filter.
    let mine: Bool
    let today: String
    let error: Loc?
}

/// The meetings and action items pages.
enum MeetingPages {
    static let itemRows = 4
    static let actionRows = 3

    static func register(_ app: Application) {
        let r = app.routes
        r.get("engineering", "meetings", permission: .engineeringRead, use: { try await list($0) })
        r.get("engineering", "meetings", "new", permission: .engineeringWrite, use: { try await newMeeting($0) })
        r.post("engineering", "meetings", permission: .engineeringWrite, use: { try await create($0) })
        r.get("engineering", "meetings", ":id", permission: .engineeringRead, use: { try await show($0) })
        r.post("engineering", "meetings", ":id", "items", permission: .engineeringWrite, use: { try await addItem($0) })
        r.post("engineering", "meetings", ":id", "actions", permission: .engineeringWrite, use: { try await addAction($0) })
        r.get("engineering", "action-items", permission: .engineeringRead, use: { try await actionList($0) })
        r.get("engineering", "action-items", "export.csv", permission: .engineeringRead, use: { try await actionExport($0) })
        r.post("engineering", "action-items", ":id", "close", permission: .engineeringRead, use: { try await close($0) })
    }

    // MARK: helpers

    /// A service's field (`items[2].topic`) as the form names it (`items.<row>.topic`); `rows` gives the form row of
    /// each position the service saw (blank rows are left out before the service sees them).
    static func formField(_ field: String, rows: [String: [Int]] = [:]) -> String {
        guard let open = field.firstIndex(of: "["), let close = field.firstIndex(of: "]"), open < close,
            let n = Int(field[field.index(after: open)..<close])
        else { return field }
        let list = String(field[..<open])
        if list == "attendeeIds" { return list }
        let row = rows[list].flatMap { $0.indices.contains(n) ? $0[n] : nil } ?? n
        return list + "." + String(row) + field[field.index(after: close)...]
    }

    /// A refusal as a form shows it: the errors beside the form's fields.
    static func formState(_ e: AppError, values: [String: String], rows: [String: [Int]] = [:], fallbackField: String) -> FormState {
        guard !e.fieldErrors.isEmpty else { return FormState(errors: [fallbackField: e.message], values: values, order: [fallbackField]) }
        var errors: [String: Loc] = [:]
        var order: [String] = []
        for f in e.fieldOrder + e.fieldErrors.keys.filter({ !e.fieldOrder.contains($0) }).sorted() {
            guard let message = e.fieldErrors[f] else { continue }
            let name = formField(f, rows: rows)
            if errors[name] == nil {
                errors[name] = message
                order.append(name)
            }
        }
        return FormState(errors: errors, values: values, order: order)
    }

    static func options(zone: UUID, on db: Database) async throws -> MeetingFormOptions {
        let people = try await CaseQueries.personOptions(zone: zone, on: db)
        let projects = try await MeetingQueries.projectOptions(zone: zone, on: db)
        let changes = try await MeetingQueries.awaitingChanges(zone: zone, on: db)
        return MeetingFormOptions(
            people: people.map { ($0.id.uuidString, $0.name + ($0.unitName.map { "（\($0)）" } ?? "")) },
            projects: projects.map { ($0.id.uuidString, ($0.detail.map { $0 + " " } ?? "") + $0.label) },
            changes: changes.map { ($0.id.uuidString, $0.label + ($0.detail.map { "（\($0)）" } ?? "")) }
        )
    }

    static func actionRow(_ a: ActionItemRow, actor: Actor, today: CalendarDate) -> ActionRow {
        let mayClose = actor.zoneID == a.zoneId && (actor.personID == a.ownerId || actor.can(.engineeringWrite))
        return ActionRow(
            title: a.title,
            meeting: a.meetingTitle,
            meetingURL: .meeting(a.meetingId),
            itemSeq: a.itemSeq,
            project: a.projectName,
            projectURL: a.projectId.map { .constructionProject($0) },
            owner: a.ownerName ?? "",
            dueOn: a.dueOn,
            status: a.status,
            overdue: MeetingService.isOverdue(status: a.status, dueOn: a.dueOn, today: today),
            closedOn: a.closedOn,
            result: a.result,
            close: mayClose && a.status == ActionStatus.open.rawValue ? .actionItemAction(a.id, "close") : nil
        )
    }

    // MARK: meetings

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let params = ListParams(req, filterKeys: ["kind", "zone"], defaultSort: "", sortable: [])
        let kind = params.filters["kind"].flatMap { MeetingKind(rawValue: $0)?.rawValue }
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let filter = MeetingQueries.MeetingFilter(zone: try await ZoneScope.readZone(req, actor: actor), kind: kind)
        let (rows, total) = try await MeetingQueries.meetings(
            filter,
            range: params.range(pageSize: pageSize),
            on: req.db
        )
        let counts = try await MeetingQueries.counts(meetings: rows.map(\.id), on: req.db)
        let model = MeetingListPage(
            rows: rows.map { r in
                let c = counts[r.id] ?? MeetingCounts()
                return .init(
                    url: .meeting(r.id),
                    title: r.title,
                    kind: MeetingService.kindLabel(r.kind),
                    heldOn: r.heldOn,
                    chair: r.chairName ?? "",
                    decisions: c.decisions,
                    open: c.open,
                    overdue: c.overdue
                )
            },
            total: total,
            params: params,
            pageSize: pageSize,
            zoneOptions: req.zoneOptions,
            newMeeting: actor.can(.engineeringWrite) && actor.zoneID != nil ? .meetingNew : nil
        )
        return Layout.render(request: req, title: lang.t("重点工程会议", "Key-project meetings"), body: MeetingViews.list(model, req.view))
    }

    static func newMeeting(
        _ req: Request,
        error: AppError? = nil,
        values: [String: String] = [:],
        attendees: [String] = [],
        rows: [String: [Int]] = [:]
    )
        async throws -> Response
    {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let lang = req.lang
        let model = MeetingNewPage(
            options: try await options(zone: zone, on: req.db),
            itemRows: itemRows,
            actionRows: actionRows,
            attendees: Set(attendees),
            today: CalendarDate.today().description,
            form: error.map { formState($0, values: values, rows: rows, fallbackField: "title") } ?? FormState(values: values)
        )
        return Layout.render(
            request: req,
            title: lang.t("登记会议", "Record a meeting"),
            body: MeetingViews.new(model, req.view),
            status: error?.status ?? .ok
        )
    }

    /// The repeated rows of a form with anything typed in them: their row numbers and inputs.
    static func filledRows(_ raw: [String: String], list: String, count: Int, keys: [String]) -> [Int] {
        (0..<count).filter { n in keys.contains { !(raw["\(list).\(n).\($0)"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let raw = try req.content.decode([String: String].self)
        struct Attendees: Decodable { var attendeeIds: [String]? }
        let attendees = ((try? req.content.decode(Attendees.self))?.attendeeIds ?? []).filter { !$0.isEmpty }
        let itemKeys = ["topic", "projectId", "designChangeId", "decision"]
        let items = filledRows(raw, list: "items", count: itemRows, keys: itemKeys)
        let actions = filledRows(raw, list: "actions", count: actionRows, keys: ["title", "ownerId", "dueOn"])
        let input = MeetingInput(
            kind: raw["kind"],
            title: raw["title"],
            heldOn: raw["heldOn"],
            chairId: raw["chairId"],
            location: raw["location"],
            attendeeIds: attendees,
            items: items.map { n in
                MeetingItemInput(
                    topic: raw["items.\(n).topic"],
                    projectId: raw["items.\(n).projectId"],
                    designChangeId: raw["items.\(n).designChangeId"],
                    decision: raw["items.\(n).decision"],
                    outcome: raw["items.\(n).outcome"]
                )
            },
            actions: actions.map { n in
                // The agenda row an action names, as its position among the rows filled in (or past the end: refused).
                let item = raw["actions.\(n).item"].flatMap(Int.init).map { row in items.firstIndex(of: row) ?? itemRows }
                return ActionItemInput(
                    item: item,
                    projectId: raw["actions.\(n).projectId"],
                    title: raw["actions.\(n).title"],
                    ownerId: raw["actions.\(n).ownerId"],
                    dueOn: raw["actions.\(n).dueOn"]
                )
            }
        )
        do {
            let id = try await Writes.perform(req.application, actor: actor) { db, trail in
                try await MeetingService.create(input, zone: zone, on: db, trail: trail).id!
            }
            return req.redirect(to: .meeting(id))
        } catch let e as AppError where e.status != .notFound && e.status != .forbidden {
            return try await newMeeting(req, error: e, values: raw, attendees: attendees, rows: ["items": items, "actions": actions])
        }
    }

    static func show(_ req: Request, refused: (form: String, error: AppError, values: [String: String])? = nil) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let today = CalendarDate.today()
        let row = try await MeetingQueries.meeting(try req.uuid(), actor: actor, on: req.db)
        let items = try await MeetingQueries.items(meetings: [row.id], on: req.db)
        let actions = try await MeetingQueries.actions(.init(meeting: row.id, today: today), range: 0..<2000, on: req.db).rows
        let attendeeIDs = MeetingService.attendeeIDs(row.attendees)
        let names = try await MeetingQueries.names(attendeeIDs, on: req.db)
        let writes = actor.zoneID == row.zoneId && actor.can(.engineeringWrite)
        let options = writes ? try await options(zone: row.zoneId, on: req.db) : MeetingFormOptions(people: [], projects: [], changes: [])
        func form(_ name: String) -> FormState {
            guard let r = refused, r.form == name else { return .empty }
            return formState(r.error, values: r.values, fallbackField: name == "items" ? "topic" : "title")
        }
        let model = MeetingPage(
            title: row.title,
            kind: MeetingService.kindLabel(row.kind),
            heldOn: row.heldOn,
            chair: row.chairName ?? "",
            location: row.location,
            attendees: attendeeIDs.compactMap { names[$0] },
            items: items.map { i in
                .init(
                    seq: i.seq,
                    topic: i.topic,
                    project: i.projectName.map { n in (i.projectCode.map { $0 + " " } ?? "") + n },
                    projectURL: i.projectId.map { .constructionProject($0) },
                    designChange: i.designChangeTitle.map { t in (i.designChangeNumber.map { "#\($0) " } ?? "") + t },
                    designChangeStatus: i.designChangeStatus,
                    decision: i.decision,
                    outcome: i.outcome
                )
            },
            actions: actions.map { actionRow($0, actor: actor, today: today) },
            addItem: writes ? .meetingAction(row.id, "items") : nil,
            addAction: writes ? .meetingAction(row.id, "actions") : nil,
            options: options,
            itemOptions: items.map { ($0.id.uuidString, lang.t("议题 \($0.seq)：", "Item \($0.seq): ") + $0.topic) },
            today: today.description,
            error: refused.flatMap { $0.error.fieldErrors.isEmpty ? $0.error.message : nil },
            itemForm: form("items"),
            actionForm: form("actions")
        )
        return Layout.render(request: req, title: row.title, body: MeetingViews.show(model, req.view), status: refused?.error.status ?? .ok)
    }

    /// A change from a meeting page's form: done → back to the meeting; refused → the page again with the refusal.
    static func change(
        _ req: Request,
        form: String,
        _ work: @escaping @Sendable (Meeting, [String: String], Database, AuditTrail) async throws -> Void
    )
        async throws -> Response
    {
        let raw = try req.content.decode([String: String].self)
        let id = try req.uuid()
        do {
            _ = try await MeetingAPI.change(req, meeting: id) { m, db, trail in try await work(m, raw, db, trail) }
            return req.redirect(to: .meeting(id))
        } catch let e as AppError where e.status != .notFound && e.status != .forbidden {
            return try await show(req, refused: (form, e, raw))
        }
    }

    static func addItem(_ req: Request) async throws -> Response {
        try await change(req, form: "items") { m, raw, db, trail in
            let input = MeetingItemInput(
                topic: raw["topic"],
                projectId: raw["projectId"],
                designChangeId: raw["designChangeId"],
                decision: raw["decision"],
                outcome: raw["outcome"]
            )
            _ = try await MeetingService.addItem(input, meeting: m, on: db, trail: trail)
        }
    }

    static func addAction(_ req: Request) async throws -> Response {
        try await change(req, form: "actions") { m, raw, db, trail in
            let input = ActionItemInput(
                itemId: raw["itemId"],
                projectId: raw["projectId"],
                title: raw["title"],
                ownerId: raw["ownerId"],
                dueOn: raw["dueOn"]
            )
            _ = try await MeetingService.addAction(input, meeting: m, on: db, trail: trail)
        }
    }

    // MARK: action items

    static func actionFilter(_ req: Request, actor: Actor, params: ListParams) async throws -> MeetingQueries.ActionFilter {
        var f = MeetingQueries.ActionFilter(zone: try await ZoneScope.readZone(req, actor: actor))
        switch params.filters["status"] {
        case "overdue"?: f.overdue = true
        case let s? where MeetingQueries.statusValues.contains(s): f.status = s
        default: break
        }
        if params.filters["overdue"].flatMap(parseBool) == true { f.overdue = true }
        f.owner = params.filters["owner"].flatMap(UUID.init(uuidString:))
        f.project = params.filters["project"].flatMap(UUID.init(uuidString:))
        if params.filters["mine"].flatMap(parseBool) == true {
            // Nobody's items for a user who is no person of the zone.
            f.ownerOrChair = actor.personID ?? UUID()
        }
        return f
    }

    static let actionFilterKeys = ["status", "overdue", "owner", "project", "mine", "zone"]

    /// The action items the list's filters choose, all of them, as CSV (and as a workbook at `export.xlsx`).
    static func actionExport(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let params = ListParams(req, filterKeys: actionFilterKeys, defaultSort: "", sortable: [])
        let filter = try await actionFilter(req, actor: actor, params: params)
        let today = filter.today
        let rows = try await MeetingQueries.actions(filter, range: 0..<20_000, on: req.db).rows
        let header = [
            Loc("督办事项", "Action item"), Loc("会议", "Meeting"), Loc("会议日期", "Meeting date"), Loc("工程项目", "Project"),
            Loc("责任人", "Owner"), Loc("办结时限", "Due"), Loc("状态", "Status"), Loc("超期", "Overdue"), Loc("办结日期", "Closed on"),
            Loc("办理结果", "Result"),
        ].map { lang.t($0) }
        let lines = rows.map { a in
            [
                a.title, a.meetingTitle, a.meetingHeldOn, a.projectName ?? "", a.ownerName ?? "", a.dueOn,
                lang.t(MeetingService.statusLabel(a.status)),
                MeetingService.isOverdue(status: a.status, dueOn: a.dueOn, today: today) ? lang.t("是", "yes") : "", a.closedOn ?? "",
                a.result ?? "",
            ]
        }
        return csvResponse(filename: lang.t("督办事项.csv", "action-items.csv"), header: header, rows: lines)
    }

    static func actionList(_ req: Request, error: AppError? = nil) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let params = ListParams(
            req,
            filterKeys: actionFilterKeys,
            defaultSort: "",
            sortable: []
        )
        let filter = try await actionFilter(req, actor: actor, params: params)
        let today = filter.today
        let pageSize = try await Settings.int("list.pageSize", zone: actor.zoneID, on: req.db)
        let (rows, total) = try await MeetingQueries.actions(
            filter,
            range: params.range(pageSize: pageSize),
            on: req.db
        )
        let owners = try await filter.zone.asyncMap { try await CaseQueries.personOptions(zone: $0, on: req.db) } ?? []
        let model = ActionListPage(
            rows: rows.map { actionRow($0, actor: actor, today: today) },
            total: total,
            params: params,
            pageSize: pageSize,
            zoneOptions: req.zoneOptions,
            ownerOptions: owners.map { ($0.id.uuidString, $0.name) },
            mine: actor.personID != nil && actor.zoneID != nil,
            today: today.description,
            error: error?.message
        )
        return Layout.render(
            request: req,
            title: lang.t("督办事项", "Action items"),
            body: MeetingViews.actions(model, req.view),
            status: error?.status ?? .ok
        )
    }

    static func close(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let input = CloseActionInput(closedOn: raw["closedOn"], result: raw["result"])
        do {
            _ = try await MeetingAPI.closeItem(req, input: input)
        } catch let e as AppError where e.status != .notFound && e.status != .forbidden {
            return try await actionList(req, error: e)
        }
        if raw["back"] == "meeting", let a = try await ActionItem.find(try req.uuid(), on: req.db) {
            return req.redirect(to: .meeting(a.meetingID))
        }
        return req.redirect(to: .actionItems)
    }
}
