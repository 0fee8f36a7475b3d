import Fluent
import FluentSQL
import Vapor
import YuanquKit

/// Every person's name carries its pinyin sort key (`PinyinOrder`), set whenever the name is written, so that lists
/// sort 李 before 王 before 张 on either database.
struct PersonSortKey: AsyncModelMiddleware {
    func create(model: Person, on db: Database, next: AnyAsyncModelResponder) async throws {
        model.sortKey = PinyinOrder.key(model.name)
        try await next.create(model, on: db)
    }

    func update(model: Person, on db: Database, next: AnyAsyncModelResponder) async throws {
        model.sortKey = PinyinOrder.key(model.name)
        try await next.update(model, on: db)
    }
}

/// Adds the people's pinyin sort key, fills it for those already there, and indexes it by zone.
struct UpdatePersonAddSortKey: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("people").field("sort_key", .string).update()
        guard let sql = db as? SQLDatabase else { return }
        struct Row: Decodable {
            let id: UUID
            let name: String
        }
        let rows = try await sql.select().columns("id", "name").from("people").all(decoding: Row.self)
        for r in rows {
            try await sql.update("people").set("sort_key", to: SQLBind(PinyinOrder.key(r.name))).where("id", .equal, SQLBind(r.id)).run()
        }
        try await sql.raw("CREATE INDEX IF NOT EXISTS people_zone_sort_key ON people (zone_id, sort_key)").run()
    }

    func revert(on db: Database) async throws {
        if let sql = db as? SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS people_zone_sort_key").run() }
        try await db.schema("people").deleteField("sort_key").update()
    }
}
