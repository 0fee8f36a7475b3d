import FluentSQL
import XCTVapor

@testable import YuanquServer

final class BulkInsertTests: XCTestCase {
    struct Count: Decodable { let n: Int }

    /// On PostgreSQL the rows go by COPY in its text format: they must arrive as the same values as bound ones
    /// (escapes, NULL, Chinese text, doubles, dates to the microsecond). On SQLite both tables get bound values.
    func testCopiedRowsEqualBoundRows() async throws {
        try await eachEngine(seed: false) { app, engine in
            try await app.db.withConnection { conn in
                let sql = try XCTUnwrap(conn as? SQLDatabase)
                for name in ["bulk_bound", "bulk_copied"] {
                    try await sql.raw(
                        SQLQueryString(
                            "CREATE TABLE \(unsafeRaw: name) (k BIGINT PRIMARY KEY, t TEXT, n BIGINT, d DOUBLE PRECISION, b BOOLEAN, at TIMESTAMPTZ, u UUID)"
                        )
                    ).run()
                }
                let columns = ["k", "t", "n", "d", "b", "at", "u"]
                let bound = BulkTable("bulk_bound", columns, batch: 7, on: sql)
                let copied = BulkTable("bulk_copied", columns, batch: 7, on: sql, copy: try await CopyLine.on(sql))
                let texts: [String?] = [
                    "plain", "tab\there", "line\nnext\r\nend", #"back\slash \N \t"#, "中文：招商中心", "", nil, "\"quoted\" 'single'",
                ]
                let doubles = [0.1, 1e-7, -2.5e300, 87.65, 0, 1.0 / 3]
                for k in 0..<40 {
                    let row: [any Encodable & Sendable] = [
                        k, texts[k % texts.count], k % 5 == 0 ? Int64?.none : Int64.max - Int64(k), doubles[k % doubles.count],
                        k % 2 == 0, Date(timeIntervalSince1970: 1_700_000_000.123456 + Double(k) * 3_601.000_789), UUID(),
                    ]
                    try await bound.add(row, on: sql)
                    try await copied.add(row, on: sql)
                }
                try await bound.flush(on: sql)
                try await copied.flush(on: sql)
                XCTAssertEqual(bound.written, 40)
                XCTAssertEqual(copied.written, 40)
                func count(_ q: String) async throws -> Int {
                    try await sql.raw(SQLQueryString(q)).first(decoding: Count.self)?.n ?? -1
                }
                let rows = try await count("SELECT COUNT(*) AS n FROM bulk_copied")
                XCTAssertEqual(rows, 40, "[\(engine)]")
                let differ = try await count(
                    "SELECT COUNT(*) AS n FROM (SELECT k, t, n, d, b, at, u FROM bulk_bound EXCEPT SELECT k, t, n, d, b, at, u FROM bulk_copied) x"
                )
                XCTAssertEqual(differ, 0, "[\(engine)] rows differ")
            }
        }
    }
}
