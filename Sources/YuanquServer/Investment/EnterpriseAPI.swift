import Fluent
import Vapor
import YuanquKit

/// `/api/v1/enterprises` and `/api/v1/service-requests`.
enum EnterpriseAPI {
    static func register(_ app: Application) {
        let tag = "Investment"
        app.api(
            .GET,
            "enterprises",
            permission: .investmentRead,
            doc: APIDoc(summary: "Enterprises", tag: tag, response: "Enterprise", list: true, query: ["zone", "industry", "q"]),
            use: list
        )
        app.api(
            .POST,
            "enterprises",
            permission: .enterprisesWrite,
            doc: APIDoc(summary: "Add an enterprise", tag: tag, request: "NewEnterpriseInput", response: "Enterprise", status: 201),
            use: create
        )
        app.api(
            .GET,
            "enterprises/:id",
            permission: .investmentRead,
            doc: APIDoc(summary: "Get an enterprise", tag: tag, response: "Enterprise"),
            use: get
        )
        app.api(
            .PATCH,
            "enterprises/:id",
            permission: .enterprisesWrite,
            reaches: .enterprise,
            doc: APIDoc(
                summary: "Change an enterprise (steward, expert, contacts…)",
                tag: tag,
                request: "EnterpriseInput",
                response: "Enterprise"
            ),
            use: update
        )
        app.api(
            .GET,
            "service-platforms",
            permission: .investmentRead,
            doc: APIDoc(
                summary: "The zone's service platforms, to which a request may be assigned (platformId)",
                tag: tag,
                response: "ServicePlatform",
                list: true,
                query: ["zone"]
            ),
            use: platforms
        )
        app.api(
            .GET,
            "service-requests",
            permission: .investmentRead,
            doc: APIDoc(
                summary: "Service requests",
                tag: tag,
                response: "ServiceRequest",
                list: true,
                query: ["zone", "enterprise", QueryParam("status", .oneOf(EnterpriseService.requestStatuses)), "overdue"]
            ),
            use: requests
        )
        app.api(
            .POST,
            "service-requests",
            permission: .serviceAct,
            doc: APIDoc(
                summary: "Log a request (the caller holds it)",
                tag: tag,
                request: "ServiceRequestInput",
                response: "ServiceRequest",
                status: 201
            ),
            use: openRequest
        )
        app.api(
            .POST,
            "service-requests/:id/steps",
            permission: .serviceAct,
            reaches: .serviceRequest,
            doc: APIDoc(summary: "Record a step", tag: tag, request: "StepInput", response: "ServiceRequest"),
            use: step
        )
        app.api(
            .POST,
            "service-requests/:id/close",
            permission: .serviceAct,
            reaches: .serviceRequest,
            doc: APIDoc(summary: "Close with the enterprise's satisfaction", tag: tag, request: "CloseInput", response: "ServiceRequest"),
            use: close
        )
    }

    static func load(_ req: Request, actor: Actor, on db: Database) async throws -> Enterprise {
        guard let e = try await Enterprise.find(try req.uuid(), on: db) else { throw AppError.notFound }
        try ZoneScope.check(e.zoneID, actor: actor)
        return e
    }

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let f = try await EnterpriseQueries.Filter(req, actor: actor)
        let (rows, total) = try await EnterpriseQueries.page(f, range: paging.offset..<(paging.offset + paging.limit), on: req.db)
        let d = try await OrgQueries.directory(for: f.zone, on: req)
        let items = rows.map { e in
            EnterpriseDTO(
                id: e.id,
                zone: d.zoneCode(e.zoneId),
                name: e.name,
                creditCode: e.creditCode,
                industry: e.industry,
                address: e.address,
                contactName: e.contactName,
                contactPhone: e.contactPhone,
                stewardId: e.stewardId,
                expertId: e.expertId
            )
        }
        return try json(ListAnswer(items: items, total: total))
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: EnterpriseInput.self)
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            let e = try await EnterpriseService.save(input, existing: nil, actor: actor, zone: zone, on: db, trail: trail)
            return EnterpriseService.dto(e, zoneCode: try await Zone.find(zone, on: db)?.code ?? "")
        }
        return try json(answer, status: .created)
    }

    static func get(_ req: Request) async throws -> Response {
        let e = try await load(req, actor: try req.actor(), on: req.db)
        return try json(EnterpriseService.dto(e, zoneCode: try await Zone.find(e.zoneID, on: req.db)?.code ?? ""))
    }

    static func update(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: EnterpriseInput.self)
        let id = try await load(req, actor: actor, on: req.db).id!
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let e = try await Enterprise.find(id, on: db) else { throw AppError.notFound }
            return EnterpriseService.dto(
                try await EnterpriseService.save(input, existing: e, actor: actor, zone: zone, on: db, trail: trail),
                zoneCode: try await Zone.find(zone, on: db)?.code ?? ""
            )
        }
        return try json(answer)
    }

    struct PlatformDTO: Encodable {
        let id: UUID
        let name: String
        let kind: String
        let contact: String
    }

    static func platforms(_ req: Request) async throws -> Response {
        var q = ServicePlatform.query(on: req.db).sort(\.$name)
        if let z = try await ZoneScope.readZone(req, actor: try req.actor()) { q = q.filter(\.$zoneID == z) }
        let items = try await q.all().map { PlatformDTO(id: $0.id!, name: $0.name, kind: $0.kind, contact: $0.contact) }
        return try json(ListAnswer(items: items, total: items.count))
    }

    /// The zone's requests by due date, as the list page reads them; the encoded answer is kept in the read cache until
    /// a write changes the zone's records (or the day, which makes requests overdue).
    static func requests(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let f = try await EnterpriseQueries.RequestFilter(req, actor: actor)
        let key = "service-requests|\(f.zone?.uuidString ?? "all")|\(req.url.query ?? "")|\(CalendarDate.today())"
        return try await req.cachedJSON(key, zone: f.zone) {
            let today = CalendarDate.today()
            let total = try await EnterpriseQueries.requestCount(f, today: today, on: req.db)
            let rows = try await EnterpriseQueries.requests(
                f,
                range: paging.offset..<(paging.offset + paging.limit),
                today: today,
                on: req.db
            )
            return ListAnswer(items: rows.map { EnterpriseService.dto($0, today: today) }, total: total)
        }
    }

    static func openRequest(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: ServiceRequestInput.self)
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            EnterpriseService.dto(try await EnterpriseService.openRequest(input, actor: actor, zone: zone, on: db, trail: trail))
        }
        return try json(answer, status: .created)
    }

    static func change(_ req: Request, _ work: @escaping @Sendable (ServiceRequest, Actor, Database, AuditTrail) async throws -> Void)
        async throws -> Response
    {
        let actor = try req.actor()
        _ = try actor.writableZone()
        guard let r = try await ServiceRequest.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(r.zoneID, actor: actor)
        let id = r.id!
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let r = try await ServiceRequest.find(id, on: db) else { throw AppError.notFound }
            try await work(r, actor, db, trail)
            return EnterpriseService.dto(r)
        }
        return try json(answer)
    }

    static func step(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: StepInput.self)
        return try await change(req) { r, actor, db, trail in
            try await EnterpriseService.addStep(r, note: input.note, actor: actor, on: db, trail: trail)
        }
    }

    static func close(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: CloseInput.self)
        return try await change(req) { r, actor, db, trail in
            try await EnterpriseService.close(r, input: input, actor: actor, on: db, trail: trail)
        }
    }
}
