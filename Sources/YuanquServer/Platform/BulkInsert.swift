import FluentSQL
import Foundation
import PostgresNIO
import SQLKit
import YuanquKit

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

/// Buffers the rows of one table and writes them in batches (bulk loads such as the province demo). The caller
/// flushes before committing.
///
/// On SQLite a batch is a multi-row INSERT of `batch` rows with bound values. On PostgreSQL it is a
/// `COPY … FROM STDIN` of about a megabyte of rows in COPY's text format (`CopyLine`): binding each value cost far
/// more than PostgreSQL's work on the rows, and a COPY is parsed once whatever its size.
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
    /// PostgreSQL: the COPYs of every table of the load, and the text of this table's rows not yet sent.
    private let copy: CopyLine?
    private var text = ByteBuffer()

    init(_ table: String, _ columns: [String], batch: Int = 1000, on db: any SQLDatabase, copy: CopyLine? = nil) {
        self.table = table
        self.columns = columns
        // SQLite binds at most 32,766 values a statement, PostgreSQL 65,535.
        self.batch = max(1, min(batch, 30_000 / max(1, columns.count)))
        self.postgres = db.dialect.name == "postgresql"
        self.copy = copy
        if copy == nil { values.reserveCapacity(self.batch * columns.count) }
    }

    func add(_ row: [any Encodable & Sendable], on db: any SQLDatabase) async throws {
        guard row.count == columns.count else {
            throw BulkInsertError(message: "\(table): a row of \(row.count) values for \(columns.count) columns")
        }
        rows += 1
        // Inside a write, the zone guard checks these rows' references before the commit, as those Fluent writes.
        if let touched = ZoneGuard.touched, columns.first == "id", ZoneReferences.tables[table] != nil, let id = row.first as? UUID {
            touched.add(table, id)
        }
        if copy != nil {
            try CopyText.append(row, to: &text, table: table)
            if text.readableBytes >= CopyLine.batchBytes { try await send(on: db) }
            return
        }
        values.append(contentsOf: row)
        if rows >= batch { try await flush(on: db) }
    }

    /// Writes the rows buffered and waits until they are written.
    func flush(on db: any SQLDatabase) async throws {
        if let copy {
            try await send(on: db)
            try await copy.wait()
            return
        }
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

    /// Hands the rows buffered to the COPY line, which copies them after the batches before.
    private func send(on db: any SQLDatabase) async throws {
        guard rows > 0, let copy else { return }
        for parent in parents { try await parent.flush(on: db) }
        try await copy.send(text, into: table, columns: columns)
        written += rows
        rows = 0
        // A fresh buffer: the one just handed over may still be being sent.
        text = ByteBuffer()
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

/// The COPYs of a bulk load on PostgreSQL, one after another on the connection the load holds, inside its
/// transactions. One batch is copied while the next one is generated: `send` waits only for the batch before,
/// whichever table it was for, so that batches reach the database in the order they were sent (rows referring to
/// rows of another table come after them).
final class CopyLine {
    /// Large enough that a COPY's round trip is small beside PostgreSQL's work on its rows, small enough to keep
    /// two in memory.
    static let batchBytes = 1 << 20

    private let connection: PostgresConnection
    private var copying: Task<Void, any Error>?

    init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The line for the PostgreSQL connection `sql` runs on; nil on SQLite. The caller holds `sql`'s connection
    /// for the whole load (`Database.withConnection`), so the connection stays the caller's.
    static func on(_ sql: any SQLDatabase) async throws -> CopyLine? {
        guard sql.dialect.name == "postgresql", let pg = sql as? any PostgresDatabase else { return nil }
        let connection = try await pg.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
        return CopyLine(connection: connection)
    }

    func send(_ rows: ByteBuffer, into table: String, columns: [String]) async throws {
        try await wait()
        let connection = self.connection
        copying = Task {
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: connection.logger) { writer in
                    try await writer.write(rows)
                }
            } catch {
                throw BulkInsertError(message: "\(table): \(String(reflecting: error))")
            }
        }
    }

    /// Waits until every batch sent is copied.
    func wait() async throws {
        guard let task = copying else { return }
        copying = nil
        try await task.value
    }
}

/// Rows in the text format of PostgreSQL's COPY: a tab between values, a newline after each row, `\N` for NULL,
/// and a backslash before the backslashes, tabs, newlines and carriage returns inside a value. Values are written
/// as PostgreSQL reads them back into their columns: the same data as bound values give.
enum CopyText {
    private static let tab = UInt8(ascii: "\t")
    private static let newline = UInt8(ascii: "\n")
    private static let backslash = UInt8(ascii: "\\")

    static func append(_ row: [any Encodable & Sendable], to buffer: inout ByteBuffer, table: String) throws {
        for (i, value) in row.enumerated() {
            if i > 0 { buffer.writeInteger(tab) }
            try append(value, to: &buffer, table: table)
        }
        buffer.writeInteger(newline)
    }

    private static func append(_ value: any Encodable, to buffer: inout ByteBuffer, table: String) throws {
        // The common types first: a cast unwraps an optional that holds a value, and a conformance lookup
        // (OptionalValue) costs several casts, so it is left for NULL.
        switch value {
        case let s as String:
            appendEscaped(s, to: &buffer)
        case let u as UUID:
            buffer.writeString(u.uuidString)
        case let n as Int:
            buffer.writeString(String(n))
        case let n as Int64:
            buffer.writeString(String(n))
        case let n as Int32:
            buffer.writeString(String(n))
        case let b as Bool:
            buffer.writeStaticString(b ? "t" : "f")
        case let d as Double:
            // The shortest text that reads back as the same double.
            buffer.writeString(d.description)
        case let d as Date:
            buffer.writeString(timestamp(d))
        case let optional as any OptionalValue where optional.wrapped == nil:
            buffer.writeStaticString("\\N")
        default:
            throw BulkInsertError(message: "\(table): no COPY text for a value of type \(type(of: value))")
        }
    }

    private static func appendEscaped(_ s: String, to buffer: inout ByteBuffer) {
        var s = s
        s.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == backslash || $0 == tab || $0 == newline || $0 == UInt8(ascii: "\r") }) else {
                buffer.writeBytes(bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case backslash: buffer.writeStaticString("\\\\")
                case tab: buffer.writeStaticString("\\t")
                case newline: buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
    }

    /// UTC with microseconds, truncated as PostgresNIO truncates a bound Date.
    static func timestamp(_ date: Date) -> String {
        let since2000 = Int64(date.timeIntervalSince(Date(timeIntervalSince1970: 946_684_800)) * 1_000_000)
        let micro = since2000 + 946_684_800_000_000
        let (seconds, fraction) = micro.quotientAndRemainder(dividingBy: 1_000_000)
        let (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let day = CalendarDate(dayNumber: Int(days))
        func pad(_ n: Int64, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let time = pad(second / 3600, 2) + ":" + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2) + "." + pad(fraction, 6)
        return day.description + " " + time + "+00"
    }
}

private protocol OptionalValue {
    var wrapped: (any Encodable)? { get }
}

extension Optional: OptionalValue where Wrapped: Encodable {
    var wrapped: (any Encodable)? { self }
}
