import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// Hostile uploads: 50 MB bodies are refused early (413) and the server keeps serving; a file of formulas is refused
/// or kept as text and exported neutralised; file names with path parts write nothing anywhere; invalid UTF-8 and NUL
/// bytes are refused naming the line.
final class HostileUploadTests: XCTestCase {
    func testFiftyMegabyteBodiesAreRefusedEarlyAndTheServerKeepsServing() async throws {
        try await eachEngine { app, engine in
            let api = try await APIClient.login(app, "admin")
            let events = try await app.count(AuditEvent.self)
            let huge = ByteBuffer(repeating: UInt8(ascii: "a"), count: 50 * 1024 * 1024)
            let live = try app.testable(method: .running(port: 0))
            var json = HTTPHeaders()
            json.bearerAuthorization = BearerAuthorization(token: api.token!)
            json.contentType = .json
            var form = HTTPHeaders()
            form.contentType = .urlEncodedForm
            var upload = HTTPHeaders()
            upload.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=x")
            for (path, headers) in [("/api/v1/units", json), ("/login", form), ("/units/import", upload)] {
                let started = Date()
                let res = try await live.sendRequest(.POST, path, headers: headers, body: huge)
                XCTAssertEqual(res.status, .payloadTooLarge, "[\(engine)] 50 MB to \(path)")
                print("[\(engine)] 50 MB to \(path): \(res.status.code) in \(Int(Date().timeIntervalSince(started) * 1000)) ms")
            }
            // The server still answers, and nothing was written.
            let after = try await live.sendRequest(.GET, "/api/v1/units", headers: json)
            XCTAssertEqual(after.status, .ok)
            let written = try await app.count(AuditEvent.self)
            XCTAssertEqual(written, events, "[\(engine)] a refused body wrote")
        }
    }

    func testImportsTakeFormulasHostileFileNamesAndBadBytes() async throws {
        try await eachEngine(assessment: true, engineering: true) { app, engine in
            let sql = try XCTUnwrap(app.db as? SQLDatabase)
            let pukou = try await demoZoneID(app)
            let admin = try await RouteMatrixTests.browser(app, "admin")
            let hr = try await RouteMatrixTests.browser(app, "hr")
            let engineer = try await RouteMatrixTests.browser(app, "engineer")
            let formulas = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "=1+1", "@SUM(A1)", "+1+1", "-1+1"]
            var failures: [String] = []
            var imports = 0

            // Every import route gets a file with a formula in every cell (its own header first): refused, writing
            // nothing, or imported as text.
            for r in app.routes.all where r.method == .POST && r.path.contains(where: { $0.description == "import" }) {
                let real = try await RouteMatrixTests.realPath(r.path, zone: pukou, on: sql)
                let path = try XCTUnwrap(real, "no pukou record for \(r.path.string)")
                let browsers: [(String, Browser)] = [("admin", admin), ("hr", hr), ("engineer", engineer)]
                let chosen = browsers.first { name, _ in Demo.users.first { $0.username == name }!.role.can(r.permission!) }
                guard let b = chosen?.1 else { continue }
                imports += 1
                // The import's own header, from its template.
                let template = try await b.get(path + "?template=1")
                let header = template.text.replacingOccurrences(of: CSV.byteOrderMark, with: "").split(whereSeparator: \.isNewline).first
                let columns = template.status == .ok && template.headers.contentType?.subType == "csv" ? String(header ?? "a,b,c") : "a,b,c"
                try await b.get(path)
                let width = max(3, columns.split(separator: ",").count)
                let rows = (0..<3).map { i in (0..<width).map { formulas[($0 + i) % formulas.count] } }
                let csv =
                    columns + "\n"
                    + rows.map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }
                    .joined(separator: "\n") + "\n"
                let events = try await app.count(AuditEvent.self)
                let reply = try await b.upload(path, file: csv)
                let after = try await app.count(AuditEvent.self)
                if reply.status.code >= 500 { failures.append("\(path): \(reply.status.code)") }
                if reply.status != .ok && after != events { failures.append("\(path): refused (\(reply.status.code)) but wrote") }
            }

            // An import of enterprises with formulas in its text cells keeps them as text; the export neutralises them.
            let csv = "企业名称,产业,地址,联系人\n\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\",集成电路,@SUM(A1),=1+1\n"
            try await admin.get("/enterprises/import")
            let imported = try await admin.upload("/enterprises/import", file: csv)
            XCTAssertEqual(imported.status, .ok, "[\(engine)] \(imported.text.suffix(2000))")
            let export = try await admin.get("/enterprises/export.csv")
            XCTAssertTrue(export.text.contains("\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\""), "[\(engine)] the export")
            XCTAssertTrue(export.text.contains(",'@SUM(A1),"), "[\(engine)] the export")
            XCTAssertTrue(export.text.contains(",'=1+1"), "[\(engine)] the export")

            // File names with path parts: answered, and no file written by that name (or anywhere near it).
            let here = FileManager.default.currentDirectoryPath
            let filesBefore = try FileManager.default.contentsOfDirectory(atPath: here)
            for (i, name) in ["../../etc/passwd.csv", "C:\\x\\y.csv", "a\u{0}b.csv", "/tmp/yuanqu-hostile.csv"].enumerated() {
                let reply = try await admin.upload("/enterprises/import", file: "企业名称,产业\n路径测试\(i)有限公司,集成电路\n", filename: name)
                if reply.status.code >= 500 { failures.append("file name \(name): \(reply.status.code)") }
            }
            for path in ["/etc/passwd.csv", here + "/../../etc/passwd.csv", here + "/C:\\x\\y.csv", "/tmp/yuanqu-hostile.csv"] {
                XCTAssertFalse(FileManager.default.fileExists(atPath: path), "[\(engine)] \(path) was written")
            }
            let filesAfter = try FileManager.default.contentsOfDirectory(atPath: here)
            XCTAssertEqual(Set(filesAfter), Set(filesBefore), "[\(engine)] an upload wrote a file")

            // Invalid UTF-8 on line 3 and a NUL on line 2: refused, naming the line, nothing written.
            let count = try await app.count(Enterprise.self)
            var bytes = Data("企业名称,产业\n甲字节有限公司,集成电路\n乙".utf8)
            bytes.append(contentsOf: [0xFF, 0xFE])
            bytes.append(contentsOf: Data("有限公司,集成电路\n".utf8))
            let invalid = try await admin.upload("/enterprises/import", data: bytes, filename: "bad.csv", contentType: "text/csv")
            XCTAssertEqual(invalid.status, .unprocessableEntity, "[\(engine)] invalid UTF-8")
            XCTAssertTrue(invalid.text.contains(">3</td>"), "[\(engine)] invalid UTF-8 names line 3")
            let nul = try await admin.upload("/enterprises/import", file: "企业名称,产业\n丙\u{0}有限公司,集成电路\n丁有限公司,集成电路\n")
            XCTAssertEqual(nul.status, .unprocessableEntity, "[\(engine)] a NUL")
            XCTAssertTrue(nul.text.contains(">2</td>"), "[\(engine)] a NUL names line 2")
            let unchanged = try await app.count(Enterprise.self)
            XCTAssertEqual(unchanged, count, "[\(engine)] a refused file wrote")

            for f in failures { print("[\(engine)] hostile upload: \(f)") }
            XCTAssertEqual(failures.count, 0, "[\(engine)] \(failures.count) uploads answered badly (listed above)")
            XCTAssertGreaterThan(imports, 8)
            print("[\(engine)] hostile uploads: \(imports) import routes")
        }
    }
}
