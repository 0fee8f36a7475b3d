import Fluent
import FluentSQL
import Vapor
import YuanquKit

/// A record whose name is listed in pinyin order: its sort key (`PinyinOrder`) is written with its name.
protocol PinyinNamed: Model {
    var name: String { get }
    var sortKey: String? { get set }
}

extension Person: PinyinNamed {}
extension Enterprise: PinyinNamed {}

/// Sets the pinyin sort key whenever a name is written, so that lists sort 李 before 王 before 张 on either database.
struct PinyinSortKey<M: PinyinNamed>: AsyncModelMiddleware {
    func create(model: M, on db: Database, next: AnyAsyncModelResponder) async throws {
        model.sortKey = PinyinOrder.key(model.name)
        try await next.create(model, on: db)
    }

    func update(model: M, on db: Database, next: AnyAsyncModelResponder) async throws {
        model.sortKey = PinyinOrder.key(model.name)
        try await next.update(model, on: db)
    }
}

/// Adds a table's pinyin sort key, fills it for the rows already there, and indexes it by zone.
struct PinyinSortKeyColumn {
    let table: String

    func prepare(on db: Database) async throws {
        try await db.schema(table).field("sort_key", .string).update()
        guard let sql = db as? SQLDatabase else { return }
        struct Row: Decodable {
            let id: UUID
            let name: String
        }
        for r in try await sql.select().columns("id", "name").from(table).all(decoding: Row.self) {
            try await sql.update(table).set("sort_key", to: SQLBind(PinyinOrder.key(r.name))).where("id", .equal, SQLBind(r.id)).run()
        }
        try await sql.raw("CREATE INDEX IF NOT EXISTS \(unsafeRaw: table)_zone_sort_key ON \(unsafeRaw: table) (zone_id, sort_key)").run()
    }

    func revert(on db: Database) async throws {
        if let sql = db as? SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: table)_zone_sort_key").run() }
        try await db.schema(table).deleteField("sort_key").update()
    }
}

/// Adds the people's pinyin sort key.
struct UpdatePersonAddSortKey: AsyncMigration {
    func prepare(on db: Database) async throws { try await PinyinSortKeyColumn(table: "people").prepare(on: db) }
    func revert(on db: Database) async throws { try await PinyinSortKeyColumn(table: "people").revert(on: db) }
}

/// Adds the enterprises' pinyin sort key.
struct UpdateEnterpriseAddSortKey: AsyncMigration {
    func prepare(on db: Database) async throws { try await PinyinSortKeyColumn(table: "enterprises").prepare(on: db) }
    func revert(on db: Database) async throws { try await PinyinSortKeyColumn(table: "enterprises").revert(on: db) }
}
