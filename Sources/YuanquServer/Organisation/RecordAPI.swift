import Fluent
import Vapor

/// The JSON API's get, create, change and delete of one kind of zone record, all through the one write path.
struct RecordAPI<M: Model, Input: Decodable & Sendable, DTO: Encodable & Sendable>: Sendable where M.IDValue == UUID {
    /// The record the request names, if the actor may see it (else 404).
    let load: @Sendable (Request, Actor) async throws -> M
    let save: @Sendable (Input, M?, Actor, UUID, Database, AuditTrail) async throws -> M
    let remove: @Sendable (M, Database, AuditTrail) async throws -> Void
    let zoneOf: @Sendable (M) -> UUID
    let dto: @Sendable (Directory, M) -> DTO
    /// The fields of an answer the reader is granted (field-level reads); all of them unless told.
    var shown: @Sendable (DTO, Actor, Database) async throws -> DTO = { dto, _, _ in dto }

    func get(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let m = try await load(req, actor)
        return try json(try await shown(dto(try await OrgQueries.directory(for: zoneOf(m), on: req), m), actor, req.db))
    }

    func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: Input.self)
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            let m = try await save(input, nil, actor, zone, db, trail)
            return dto(try await OrgQueries.directory(for: zone, on: db), m)
        }
        return try json(try await shown(answer, actor, req.db), status: .created)
    }

    func update(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let id = try await load(req, actor).requireID()
        let input = try decodeJSON(req, as: Input.self)
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let fresh = try await M.find(id, on: db) else { throw AppError.notFound }
            let m = try await save(input, fresh, actor, zone, db, trail)
            return dto(try await OrgQueries.directory(for: zone, on: db), m)
        }
        return try json(try await shown(answer, actor, req.db))
    }

    func delete(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let id = try await load(req, actor).requireID()
        try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let fresh = try await M.find(id, on: db) else { throw AppError.notFound }
            try await remove(fresh, db, trail)
        }
        return Response(status: .noContent)
    }
}
