import FluentSQL
import Foundation
import SQLKit

/// One multi-row INSERT: the statement text is built once per table and row count, the values are bound.
struct MultiRowInsert: SQLExpression {
    let text: String
    let values: [any Encodable & Sendable]

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(text)
        serializer.binds.append(contentsOf: values)
    }
}

struct BulkInsertError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Buffers the rows of one table and writes them in multi-row INSERTs of `batch` rows (bulk loads such as the
/// province demo). The caller flushes before committing.
final class BulkTable {
    let table: String
    let columns: [String]
    let batch: Int
    private let postgres: Bool
    private var values: [any Encodable & Sendable] = []
    private var rows = 0
    private var statements: [Int: String] = [:]
    private(set) var written = 0
    /// Tables whose rows this table's rows refer to: flushed first, so that foreign keys hold.
    var parents: [BulkTable] = []

    init(_ table: String, _ columns: [String], batch: Int = 1000, on db: any SQLDatabase) {
        self.table = table
        self.columns = columns
        // SQLite binds at most 32,766 values a statement, PostgreSQL 65,535.
        self.batch = max(1, min(batch, 30_000 / max(1, columns.count)))
        self.postgres = db.dialect.name == "postgresql"
        values.reserveCapacity(self.batch * columns.count)
    }

    func add(_ row: [any Encodable & Sendable], on db: any SQLDatabase) async throws {
        guard row.count == columns.count else {
            throw BulkInsertError(message: "\(table): a row of \(row.count) values for \(columns.count) columns")
        }
        values.append(contentsOf: row)
        rows += 1
        if rows >= batch { try await flush(on: db) }
    }

    func flush(on db: any SQLDatabase) async throws {
        guard rows > 0 else { return }
        for parent in parents { try await parent.flush(on: db) }
        let text = statement(rows: rows)
        do {
            try await db.execute(sql: MultiRowInsert(text: text, values: values)) { _ in }
        } catch {
            throw BulkInsertError(message: "\(table): \(String(reflecting: error))")
        }
        written += rows
        values.removeAll(keepingCapacity: true)
        rows = 0
    }

    private func statement(rows n: Int) -> String {
        if let s = statements[n] { return s }
        let width = columns.count
        var s = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
        s.reserveCapacity(s.utf8.count + n * width * 7)
        var position = 0
        for r in 0..<n {
            s += r == 0 ? "(" : ", ("
            for c in 0..<width {
                position += 1
                if c > 0 { s += ", " }
                s += postgres ? "$\(position)" : "?"
            }
            s += ")"
        }
        statements[n] = s
        return s
    }
}
