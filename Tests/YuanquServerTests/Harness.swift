import Fluent
import FluentPostgresDriver
import FluentSQL
import Foundation
import XCTVapor
import YuanquKit

@testable import YuanquServer

enum Engine: String, CaseIterable {
    case sqlite, postgres

    /// SQLite always; PostgreSQL when `YUANQU_TEST_POSTGRES_URL` names a server (CI starts one). Worked out once per
    /// test process, which says so in one line when PostgreSQL is left out.
    static let available: [Engine] = {
        if let url = ProcessInfo.processInfo.environment["YUANQU_TEST_POSTGRES_URL"], !url.isEmpty { return [.sqlite, .postgres] }
        print(
            "PostgreSQL: skipped — set YUANQU_TEST_POSTGRES_URL (eval \"$(scripts/test-postgres.sh start)\") to run the server tests on it too"
        )
        return [.sqlite]
    }()
}

/// Runs `body` against a fresh, migrated database with the demo zone, once per available engine. The demo's
/// assessment cycles (about a second per test) are seeded only when a test asks for them.
func eachEngine(
    seed: Bool = true,
    assessment: Bool = false,
    engineering: Bool = false,
    file: StaticString = #filePath,
    line: UInt = #line,
    _ body: (Application, Engine) async throws -> Void
) async throws {
    for engine in Engine.available {
        try await withApp(engine, seed: seed, assessment: assessment, engineering: engineering) { app in
            do { try await body(app, engine) } catch {
                XCTFail("[\(engine)] \(String(reflecting: error))", file: file, line: line)
                throw error
            }
        }
    }
}

func withApp(
    _ engine: Engine,
    seed: Bool = true,
    assessment: Bool = false,
    engineering: Bool = false,
    _ body: (Application) async throws -> Void
) async throws {
    let kind = TestDatabases.Kind(seed: seed, assessment: assessment, engineering: engineering)
    let copy = try await TestDatabases.shared.copy(of: kind, on: engine)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, config: TestDatabases.config(copy))
        // A copy of a migrated template: migrating again finds nothing to do, and registers nothing new.
        try await app.autoMigrate()
        try await body(app)
    } catch {
        print("[\(engine)] \(String(reflecting: error))")
        try? await app.asyncShutdown()
        try? await TestDatabases.shared.drop(copy)
        throw error
    }
    try await app.asyncShutdown()
    try await TestDatabases.shared.drop(copy)
}

/// The databases the server tests run on: each test gets its own copy of a template migrated and seeded once per
/// test process (seeding the demo took about a second a test, on each engine). SQLite copies a file; PostgreSQL
/// creates a database from the template (`CREATE DATABASE … TEMPLATE`) and drops it afterwards.
actor TestDatabases {
    static let shared = TestDatabases()

    /// What a template holds.
    struct Kind: Hashable, CustomStringConvertible {
        let seed: Bool
        let assessment: Bool
        let engineering: Bool
        var description: String { [seed, assessment, engineering].map { $0 ? "1" : "0" }.joined() }
    }

    enum Copy: Sendable {
        case sqlite(path: String)
        case postgres(url: String, name: String)
    }

    /// Every database of this process is named `yq_<pid>_…`, so that one left by a process that died can be told
    /// from one in use and removed.
    private let run = String(getpid())
    private var templates: [String: Copy] = [:]
    private var admin: Application?
    private var swept = false

    /// Removes what test processes no longer running left behind (a run stopped midway keeps its copies).
    private func sweep(_ engine: Engine) async throws {
        func dead(_ name: String) -> Bool {
            let parts = name.split(separator: "_")
            guard parts.count > 2, parts[0] == "yq", let pid = Int32(parts[1]) else { return false }
            return kill(pid, 0) != 0 && errno == ESRCH
        }
        switch engine {
        case .sqlite:
            for file in (try? FileManager.default.contentsOfDirectory(atPath: Self.folder)) ?? [] where dead(file) {
                try? FileManager.default.removeItem(atPath: Self.folder + "/" + file)
            }
        case .postgres:
            struct Row: Decodable { let datname: String }
            try await execute("SELECT 1")
            let rows =
                try await (admin?.db as? SQLDatabase)?.raw("SELECT datname FROM pg_database WHERE datname LIKE 'yq\\_%'")
                .all(decoding: Row.self) ?? []
            for row in rows where dead(row.datname) { try await execute("DROP DATABASE IF EXISTS \"\(row.datname)\" WITH (FORCE)") }
        }
    }

    static func config(_ copy: Copy) -> AppConfig {
        var config: AppConfig
        switch copy {
        case .sqlite(let path): config = AppConfig(database: .sqlite(path: path))
        case .postgres(let url, _): config = AppConfig(database: .postgres(url: url))
        }
        config.bcryptCost = 4
        return config
    }

    private static var folder: String {
        FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    }

    /// A fresh copy of the template of that kind on that engine, the template made on first use.
    func copy(of kind: Kind, on engine: Engine) async throws -> Copy {
        let name = "yq_\(run)_\(UUID().uuidString.prefix(8).lowercased())"
        switch try await template(kind, on: engine) {
        case .sqlite(let template):
            let path = Self.folder + "/\(name).sqlite"
            try FileManager.default.copyItem(atPath: template, toPath: path)
            return .sqlite(path: path)
        case .postgres(_, let template):
            try await execute("CREATE DATABASE \"\(name)\" TEMPLATE \"\(template)\"")
            return .postgres(url: try Self.url(naming: name), name: name)
        }
    }

    func drop(_ copy: Copy) async throws {
        switch copy {
        case .sqlite(let path): for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(_, let name): try await execute("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        }
    }

    private func template(_ kind: Kind, on engine: Engine) async throws -> Copy {
        let key = "\(engine)-\(kind)"
        if let made = templates[key] { return made }
        if !swept {
            for engine in Engine.available { try await sweep(engine) }
            swept = true
        }
        let name = "yq_\(run)_template_\(kind)"
        let made: Copy
        switch engine {
        case .sqlite: made = .sqlite(path: Self.folder + "/\(name).sqlite")
        case .postgres:
            try await execute("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
            try await execute("CREATE DATABASE \"\(name)\"")
            made = .postgres(url: try Self.url(naming: name), name: name)
        }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: Self.config(made))
            try await app.autoMigrate()
            if kind.seed { _ = try await Demo.seedZone(app, assessment: kind.assessment, engineering: kind.engineering) }
            if case .sqlite = made, let sql = app.db as? SQLDatabase {
                // Everything into the one file, so that a copy of the file is the whole database.
                try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        templates[key] = made
        return made
    }

    /// The test server's URL naming another database.
    private static func url(naming database: String) throws -> String {
        let base = ProcessInfo.processInfo.environment["YUANQU_TEST_POSTGRES_URL"] ?? ""
        guard var url = URLComponents(string: base) else { throw Abort(.internalServerError, reason: "bad YUANQU_TEST_POSTGRES_URL") }
        url.path = "/" + database
        return url.string ?? base
    }

    /// Runs a statement on the test server's own database (creating and dropping databases).
    private func execute(_ statement: String) async throws {
        if admin == nil {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            let url = ProcessInfo.processInfo.environment["YUANQU_TEST_POSTGRES_URL"] ?? ""
            app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
            admin = app
        }
        guard let sql = admin?.db as? SQLDatabase else { throw Abort(.internalServerError, reason: "no PostgreSQL") }
        // A template is busy for a moment after the connections of its last user close.
        for attempt in 1...20 {
            do {
                try await sql.raw(SQLQueryString(statement)).run()
                return
            } catch  where attempt < 20 && String(reflecting: error).contains("being accessed by other users") {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}

struct Reply {
    let status: HTTPStatus
    let headers: HTTPHeaders
    let text: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    var total: Int { json["total"] as? Int ?? -1 }
    var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
    var errorMessage: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
    var location: String { headers.first(name: .location) ?? "" }
}

/// A browser: keeps cookies and the last CSRF token a page carried.
final class Browser {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf: String = ""

    init(_ app: Application) { self.app = app }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> Reply {
        var h = extra
        if !cookies.isEmpty { h.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        let res = try await app.testable().sendRequest(method, path, headers: h, body: body)
        for raw in res.headers[.setCookie] {
            let pair = raw.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || raw.contains("1970") { cookies[name] = nil } else { cookies[name] = value }
        }
        let text = res.body.getString(at: res.body.readerIndex, length: res.body.readableBytes) ?? ""
        // Every page any test opens carries the strict policy and nothing it would refuse.
        if res.headers.contentType == .html { InlineMarkup.check(text, headers: res.headers, path: path) }
        if let r = text.range(of: "name=\"_csrf\" value=\"") {
            let rest = text[r.upperBound...]
            csrf = String(rest[..<rest.firstIndex(of: "\"")!])
        }
        return Reply(status: res.status, headers: res.headers, text: text)
    }

    @discardableResult
    func get(_ path: String) async throws -> Reply { try await send(.GET, path) }

    @discardableResult
    func post(_ path: String, _ form: [String: String], withCSRF: Bool = true, headers: HTTPHeaders = [:]) async throws -> Reply {
        var fields = form
        if withCSRF && fields["_csrf"] == nil { fields["_csrf"] = csrf }
        let body = fields.map { "\(esc($0.key))=\(esc($0.value))" }.joined(separator: "&")
        var h = headers
        h.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: h, body: ByteBuffer(string: body))
    }

    /// Posts a file as a browser's upload form does.
    @discardableResult
    func upload(_ path: String, file: String, filename: String = "data.csv") async throws -> Reply {
        try await upload(path, data: Data(file.utf8), filename: filename, contentType: "text/csv")
    }

    /// Posts a file's bytes (a workbook, say) as a browser's upload form does.
    @discardableResult
    func upload(_ path: String, data: Data, filename: String, contentType: String) async throws -> Reply {
        let boundary = "----yuanqu\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n"
        )
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        var h = HTTPHeaders()
        h.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: h, body: body)
    }

    func esc(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// Signs in through the login page.
    @discardableResult
    func login(_ username: String, password: String = Demo.password) async throws -> Reply {
        try await get("/login")
        return try await post("/login", ["username": username, "password": password])
    }
}

/// An API client with a bearer token.
struct APIClient {
    let app: Application
    var token: String?

    static func login(_ app: Application, _ username: String, password: String = Demo.password) async throws -> APIClient {
        let c = APIClient(app: app, token: nil)
        let r = try await c.call(.POST, "/api/v1/sessions", ["username": username, "password": password])
        XCTAssertEqual(r.status, .created, "sign-in of \(username): \(r.text)")
        return APIClient(app: app, token: r.json["token"] as? String)
    }

    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, _ body: Any? = nil, raw: String? = nil, headers: HTTPHeaders = [:]) async throws
        -> Reply
    {
        var h = headers
        if let t = token { h.bearerAuthorization = BearerAuthorization(token: t) }
        var buffer: ByteBuffer? = nil
        if let raw {
            buffer = ByteBuffer(string: raw)
            h.contentType = .json
        } else if let body {
            buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))
            h.contentType = .json
        }
        let res = try await app.testable().sendRequest(method, path, headers: h, body: buffer)
        return Reply(
            status: res.status,
            headers: res.headers,
            text: res.body.getString(at: res.body.readerIndex, length: res.body.readableBytes) ?? ""
        )
    }
}

extension Application {
    func count<M: Model>(_ type: M.Type) async throws -> Int { try await M.query(on: db).count() }

    func unit(named name: String) async throws -> OrgUnit {
        try await OrgUnit.query(on: db).filter(\.$name == name).first()!
    }
}

extension BodySchema {
    /// The least body that follows the schema: each required field with the first value its schema allows. The route
    /// matrix sends it, so that a request is answered by the route's access checks, not refused by the document.
    var example: Any {
        if let values { return values[0] }
        switch types.first(where: { $0 != "null" }) ?? types.first {
        case "object":
            // An enum case with values (one key, the case): the first case.
            let names = required.isEmpty && (minProperties ?? 0) > 0 ? Array(properties.keys.sorted().prefix(1)) : required
            return Dictionary(uniqueKeysWithValues: names.compactMap { name in properties[name].map { (name, $0.example) } })
        case "array": return Array(repeating: items?.example ?? "", count: minItems ?? 0)
        case "integer", "number": return Int(max(minimum ?? 0, min(maximum ?? 0, 0)))
        case "boolean": return false
        case "null": return NSNull()
        default:
            if format == "uuid" { return UUID().uuidString }
            if format == "date" { return CalendarDate.today().description }
            return String(repeating: "例", count: max(minLength ?? 1, 1))
        }
    }
}
