import Fluent
import Vapor

/// A form a record page posts, and the service input it makes.
protocol RecordForm: Content {
    associatedtype Input: Sendable
    func makeInput() throws -> Input
    /// What goes back into the form when it is shown again with errors.
    var values: [String: String] { get }
}

/// The pages' create, change and delete of one kind of zone record: decode the form, call the service
/// through the one write path, and on a refusal show the form again with every error beside its field.
struct RecordPages<M: Model, Form: RecordForm>: Sendable where M.IDValue == UUID {
    let load: @Sendable (Request, Actor) async throws -> M
    let save: @Sendable (Form.Input, M?, Actor, UUID, Database, AuditTrail) async throws -> M
    let remove: @Sendable (M, Database, AuditTrail) async throws -> Void
    let formPage: @Sendable (Request, M?, FormKit, HTTPResponseStatus) async throws -> Response
    let show: @Sendable (UUID) -> SiteURL
    let list: SiteURL
    /// Where an error that names no field is shown.
    let mainField: String

    func refused(_ req: Request, _ m: M?, _ e: AppError, _ form: Form) async throws -> Response {
        try await formPage(req, m, FormKit(lang: req.lang, error: e, values: form.values, fallbackField: mainField), e.status)
    }

    func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let form = try req.content.decode(Form.self)
        do {
            let input = try form.makeInput()
            let m = try await Writes.perform(req.application, actor: actor) { db, trail in
                try await save(input, nil, actor, zone, db, trail)
            }
            return req.redirect(to: show(try m.requireID()).path)
        } catch let e as AppError {
            return try await refused(req, nil, e, form)
        }
    }

    func update(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let m = try await load(req, actor)
        let id = try m.requireID()
        let form = try req.content.decode(Form.self)
        do {
            let input = try form.makeInput()
            try await Writes.perform(req.application, actor: actor) { db, trail in
                guard let fresh = try await M.find(id, on: db) else { throw AppError.notFound }
                _ = try await save(input, fresh, actor, zone, db, trail)
            }
            return req.redirect(to: show(id))
        } catch let e as AppError where e.status != .notFound {
            return try await refused(req, m, e, form)
        }
    }

    func delete(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let id = try await load(req, actor).requireID()
        try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let fresh = try await M.find(id, on: db) else { throw AppError.notFound }
            try await remove(fresh, db, trail)
        }
        return req.redirect(to: list)
    }
}
