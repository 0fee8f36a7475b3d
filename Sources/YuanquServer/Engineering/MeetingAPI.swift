import Fluent
import Vapor
import YuanquKit

struct PersonRefDTO: Encodable {
    let id: UUID
    let name: String
}

struct MeetingItemDTO: Encodable {
    let id: UUID
    let seq: Int
    let topic: String
    let projectId: UUID?
    let project: String?
    let designChangeId: UUID?
    let designChange: String?
    /// The design change's status after the meeting (effective, rejected, awaitingMeeting…).
    let designChangeStatus: String?
    let decision: String
    let outcome: String
}

struct ActionItemDTO: Encodable {
    let id: UUID
    let meetingId: UUID
    let meeting: String
    let meetingHeldOn: String
    let itemId: UUID?
    let projectId: UUID?
    let project: String?
    let title: String
    let ownerId: UUID
    let owner: String?
    let dueOn: String
    let status: String
    let closedOn: String?
    let result: String?
    /// Open after its due date.
    let overdue: Bool
}

struct MeetingDTO: Encodable {
    let id: UUID
    let zoneId: UUID
    let kind: String
    let title: String
    let heldOn: String
    let chairId: UUID
    let chair: String?
    let location: String
    let attendees: [PersonRefDTO]
    let items: [MeetingItemDTO]
    let actions: [ActionItemDTO]
}

/// `/api/v1/meetings` and `/api/v1/action-items`.
enum MeetingAPI {
    static func register(_ app: Application) {
        let tag = "Engineering"
        app.api(
            .GET,
            "meetings",
            permission: .engineeringRead,
            doc: APIDoc(
                summary: "Key-project meetings, latest first, each with its agenda, attendees and action items",
                tag: tag,
                response: "Meeting",
                list: true,
                query: ["zone", .oneOf("kind", MeetingKind.self), "project"]
            ),
            use: { try await list($0) }
        )
        app.api(
            .POST,
            "meetings",
            permission: .engineeringWrite,
            doc: APIDoc(
                summary: "Record a meeting with its attendees, agenda items (deciding the design changes they name) and action items",
                tag: tag,
                request: "MeetingInput",
                response: "Meeting",
                status: 201
            ),
            use: { try await create($0) }
        )
        app.api(
            .GET,
            "meetings/:id",
            permission: .engineeringRead,
            doc: APIDoc(summary: "A meeting with its agenda, decisions, attendees and action items", tag: tag, response: "Meeting"),
            use: { try await get($0) }
        )
        app.api(
            .POST,
            "meetings/:id/items",
            permission: .engineeringWrite,
            doc: APIDoc(
                summary: "Add an agenda item with its decision; approving or rejecting a design change waiting for a meeting decides it",
                tag: tag,
                request: "MeetingItemInput",
                response: "Meeting",
                status: 201
            ),
            use: { try await addItem($0) }
        )
        app.api(
            .POST,
            "meetings/:id/actions",
            permission: .engineeringWrite,
            doc: APIDoc(
                summary: "Add an action item (督办事项) to the meeting",
                tag: tag,
                request: "ActionItemInput",
                response: "ActionItem",
                status: 201
            ),
            use: { try await addAction($0, meeting: try $0.uuid()) }
        )
        app.api(
            .GET,
            "action-items",
            permission: .engineeringRead,
            doc: APIDoc(
                summary: "Action items, open first by due date (status: open or done; overdue=true: open after the due date)",
                tag: tag,
                response: "ActionItem",
                list: true,
                query: ["zone", .oneOf("status", ActionStatus.self), "overdue", "owner", "project", "meeting"]
            ),
            use: { try await actions($0) }
        )
        app.api(
            .POST,
            "action-items",
            permission: .engineeringWrite,
            doc: APIDoc(
                summary: "Add an action item to the meeting `meetingId` names",
                tag: tag,
                request: "ActionItemInput",
                response: "ActionItem",
                status: 201
            ),
            use: { req in
                let input = try decodeJSON(req, as: ActionItemInput.self)
                guard let raw = input.meetingId, let id = UUID(uuidString: raw) else {
                    throw AppError.invalid("meetingId", Loc("请指定会议", "Name the meeting"))
                }
                return try await addAction(req, meeting: id, input: input)
            }
        )
        app.api(
            .POST,
            "action-items/:id/close",
            permission: .engineeringRead,
            doc: APIDoc(
                summary: "Close an action item with its result (its owner, or those who record meetings)",
                tag: tag,
                request: "CloseActionInput",
                response: "ActionItem"
            ),
            use: { try await close($0) }
        )
    }

    // MARK: reading

    /// Meetings as answered by the API, each with its agenda, attendees and action items (four queries in all).
    static func dtos(_ rows: [MeetingRow], today: CalendarDate = .today(), on db: Database) async throws -> [MeetingDTO] {
        let ids = rows.map(\.id)
        let items = try await MeetingQueries.items(meetings: ids, on: db)
        let actions =
            ids.isEmpty ? [] : try await MeetingQueries.actions(.init(meetings: ids, today: today), range: 0..<10_000, on: db).rows
        let names = try await MeetingQueries.names(Array(Set(rows.flatMap { MeetingService.attendeeIDs($0.attendees) })), on: db)
        return rows.map { r in
            MeetingDTO(
                id: r.id,
                zoneId: r.zoneId,
                kind: r.kind,
                title: r.title,
                heldOn: r.heldOn,
                chairId: r.chairId,
                chair: r.chairName,
                location: r.location,
                attendees: MeetingService.attendeeIDs(r.attendees).map { PersonRefDTO(id: $0, name: names[$0] ?? "") },
                items: items.filter { $0.meetingId == r.id }.map(dto),
                actions: actions.filter { $0.meetingId == r.id }.map { dto($0, today: today) }
            )
        }
    }

    static func dto(_ i: MeetingItemRow) -> MeetingItemDTO {
        MeetingItemDTO(
            id: i.id,
            seq: i.seq,
            topic: i.topic,
            projectId: i.projectId,
            project: i.projectName,
            designChangeId: i.designChangeId,
            designChange: i.designChangeTitle,
            designChangeStatus: i.designChangeStatus,
            decision: i.decision,
            outcome: i.outcome
        )
    }

    static func dto(_ a: ActionItemRow, today: CalendarDate = .today()) -> ActionItemDTO {
        ActionItemDTO(
            id: a.id,
            meetingId: a.meetingId,
            meeting: a.meetingTitle,
            meetingHeldOn: a.meetingHeldOn,
            itemId: a.itemId,
            projectId: a.projectId,
            project: a.projectName,
            title: a.title,
            ownerId: a.ownerId,
            owner: a.ownerName,
            dueOn: a.dueOn,
            status: a.status,
            closedOn: a.closedOn,
            result: a.result,
            overdue: MeetingService.isOverdue(status: a.status, dueOn: a.dueOn, today: today)
        )
    }

    static func meetingDTO(_ id: UUID, actor: Actor, on db: Database) async throws -> MeetingDTO {
        let row = try await MeetingQueries.meeting(id, actor: actor, on: db)
        return try await dtos([row], on: db)[0]
    }

    static func actionDTO(_ id: UUID, on db: Database) async throws -> ActionItemDTO {
        guard let row = try await MeetingQueries.actions(.init(id: id), range: 0..<1, on: db).rows.first else { throw AppError.notFound }
        return dto(row)
    }

    /// A query value that must be an id, or a 422 naming it.
    static func uuidParameter(_ req: Request, _ name: String) throws -> UUID? {
        guard let s = req.queryValue(name), !s.isEmpty else { return nil }
        guard let id = UUID(uuidString: s) else { throw AppError.invalid(name, Loc("\(name) 不是有效的编号", "\(name) is not a valid id")) }
        return id
    }

    /// A query value that must be one of some values, or a 422 naming it.
    static func choiceParameter(_ req: Request, _ name: String, _ values: [String]) throws -> String? {
        guard let s = req.queryValue(name), !s.isEmpty else { return nil }
        guard values.contains(s) else {
            throw AppError.invalid(
                name,
                Loc("\(name) 取值无效：可选 " + values.joined(separator: ", "), "Unknown \(name): one of " + values.joined(separator: ", "))
            )
        }
        return s
    }

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let filter = MeetingQueries.MeetingFilter(
            zone: try await ZoneScope.readZone(req, actor: actor),
            kind: try choiceParameter(req, "kind", MeetingKind.allCases.map(\.rawValue)),
            project: try uuidParameter(req, "project")
        )
        let (rows, total) = try await MeetingQueries.meetings(filter, range: paging.offset..<(paging.offset + paging.limit), on: req.db)
        return try json(ListAnswer(items: try await dtos(rows, on: req.db), total: total))
    }

    static func get(_ req: Request) async throws -> Response {
        try json(try await meetingDTO(try req.uuid(), actor: try req.actor(), on: req.db))
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: MeetingInput.self)
        let id = try await Writes.perform(req.application, actor: actor) { db, trail in
            try await MeetingService.create(input, zone: zone, on: db, trail: trail).id!
        }
        return try json(try await meetingDTO(id, actor: actor, on: req.db), status: .created)
    }

    /// Runs a change on a meeting of the writer's zone, read again inside the write.
    static func change<T: Sendable>(
        _ req: Request,
        meeting id: UUID,
        _ work: @escaping @Sendable (Meeting, Database, AuditTrail) async throws -> T
    ) async throws -> T {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        _ = try await MeetingQueries.meeting(id, actor: actor, on: req.db)
        return try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let m = try await Meeting.find(id, on: db), m.zoneID == zone else { throw AppError.notFound }
            return try await work(m, db, trail)
        }
    }

    static func addItem(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: MeetingItemInput.self)
        let id = try req.uuid()
        _ = try await change(req, meeting: id) { m, db, trail in
            try await MeetingService.addItem(input, meeting: m, on: db, trail: trail).id!
        }
        return try json(try await meetingDTO(id, actor: try req.actor(), on: req.db), status: .created)
    }

    static func addAction(_ req: Request, meeting: UUID, input given: ActionItemInput? = nil) async throws -> Response {
        let input = try given ?? decodeJSON(req, as: ActionItemInput.self)
        let id = try await change(req, meeting: meeting) { m, db, trail in
            try await MeetingService.addAction(input, meeting: m, on: db, trail: trail).id!
        }
        return try json(try await actionDTO(id, on: req.db), status: .created)
    }

    static func actions(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        var filter = MeetingQueries.ActionFilter(
            zone: try await ZoneScope.readZone(req, actor: actor),
            status: try choiceParameter(req, "status", MeetingQueries.statusValues),
            owner: try uuidParameter(req, "owner"),
            project: try uuidParameter(req, "project"),
            meeting: try uuidParameter(req, "meeting")
        )
        if let o = req.queryValue("overdue"), !o.isEmpty {
            guard let b = parseBool(o) else {
                throw AppError.invalid("overdue", Loc("overdue 须为 true 或 false", "overdue must be true or false"))
            }
            filter.overdue = b
        }
        let (rows, total) = try await MeetingQueries.actions(filter, range: paging.offset..<(paging.offset + paging.limit), on: req.db)
        let today = filter.today
        return try json(ListAnswer(items: rows.map { dto($0, today: today) }, total: total))
    }

    /// Closes an action item of the reader's zone: its owner, or someone who records meetings.
    static func closeItem(_ req: Request, input: CloseActionInput) async throws -> UUID {
        let actor = try req.actor()
        guard let found = try await ActionItem.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(found.zoneID, actor: actor)
        let id = found.id!
        try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let a = try await ActionItem.find(id, on: db) else { throw AppError.notFound }
            try await MeetingService.close(a, input: input, actor: actor, on: db, trail: trail)
        }
        return id
    }

    static func close(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: CloseActionInput.self)
        let id = try await closeItem(req, input: input)
        return try json(try await actionDTO(id, on: req.db))
    }

    // MARK: OpenAPI

    /// The request and response schemas of these routes, for the OpenAPI document's `components.schemas`.
    static var schemas: [String: Any] {
        typealias O = OpenAPI
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let actionItem = O.obj(
            [
                "id": O.uuid, "meetingId": O.uuid, "meeting": O.str, "meetingHeldOn": O.date, "itemId": O.nullableUUID,
                "projectId": O.nullableUUID, "project": nullableString, "title": O.str, "ownerId": O.uuid, "owner": nullableString,
                "dueOn": O.date, "status": O.enumOf(MeetingQueries.statusValues), "closedOn": O.nullableDate, "result": nullableString,
                "overdue": ["type": "boolean", "description": "Open after its due date"],
            ],
            required: ["id", "meetingId", "meeting", "meetingHeldOn", "title", "ownerId", "dueOn", "status", "overdue"]
        )
        let itemInput = O.obj(
            [
                "topic": ["type": "string", "maxLength": MeetingService.topicLimit], "projectId": O.uuid,
                "designChangeId": [
                    "type": "string", "format": "uuid", "description": "A design change of the zone; approved or rejected decides it",
                ],
                "decision": ["type": "string", "maxLength": MeetingService.textLimit],
                "outcome": O.enumOf(ItemOutcome.allCases.map(\.rawValue)),
            ],
            required: ["topic", "decision", "outcome"]
        )
        let actionInput = O.obj(
            [
                "meetingId": ["type": "string", "format": "uuid", "description": "The meeting (POST /api/v1/action-items only)"],
                "itemId": ["type": "string", "format": "uuid", "description": "An agenda item of the meeting"],
                "item": ["type": "integer", "description": "In a meeting input: the position (from 0) of the agenda item it comes from"],
                "projectId": O.uuid, "title": ["type": "string", "maxLength": MeetingService.topicLimit], "ownerId": O.uuid,
                "dueOn": O.date,
            ],
            required: ["title", "ownerId", "dueOn"]
        )
        return [
            "Meeting": O.obj(
                [
                    "id": O.uuid, "zoneId": O.uuid, "kind": O.enumOf(MeetingKind.allCases.map(\.rawValue)), "title": O.str,
                    "heldOn": O.date,
                    "chairId": O.uuid, "chair": nullableString, "location": O.str,
                    "attendees": ["type": "array", "items": O.obj(["id": O.uuid, "name": O.str], required: ["id", "name"])],
                    "items": [
                        "type": "array",
                        "items": O.obj(
                            [
                                "id": O.uuid, "seq": O.int, "topic": O.str, "projectId": O.nullableUUID, "project": nullableString,
                                "designChangeId": O.nullableUUID, "designChange": nullableString, "designChangeStatus": nullableString,
                                "decision": O.str, "outcome": O.enumOf(ItemOutcome.allCases.map(\.rawValue)),
                            ],
                            required: ["id", "seq", "topic", "decision", "outcome"]
                        ),
                    ],
                    "actions": ["type": "array", "items": actionItem],
                ],
                required: ["id", "zoneId", "kind", "title", "heldOn", "chairId", "location", "attendees", "items", "actions"]
            ),
            "MeetingInput": O.obj(
                [
                    "kind": O.enumOf(MeetingKind.allCases.map(\.rawValue)),
                    "title": ["type": "string", "maxLength": MeetingService.titleLimit],
                    "heldOn": O.date, "chairId": O.uuid, "location": ["type": "string", "maxLength": MeetingService.locationLimit],
                    "attendeeIds": ["type": "array", "items": O.uuid, "maxItems": MeetingService.attendeeLimit],
                    "items": ["type": "array", "items": itemInput, "maxItems": MeetingService.listLimit],
                    "actions": ["type": "array", "items": actionInput, "maxItems": MeetingService.listLimit],
                ],
                required: ["kind", "title", "heldOn", "chairId"]
            ),
            "MeetingItemInput": itemInput,
            "ActionItemInput": actionInput,
            "ActionItem": actionItem,
            "CloseActionInput": O.obj(
                ["closedOn": O.date, "result": ["type": "string", "maxLength": MeetingService.textLimit]],
                required: ["result"]
            ),
        ]
    }
}
