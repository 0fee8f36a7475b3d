import Fluent
import FluentSQL
import Vapor

/// Backups and restores of either engine. SQLite: `VACUUM INTO` writes a consistent copy while the server runs, and a
/// restore replaces every table in one transaction of the database itself (a failure or a crash leaves it as it was).
/// PostgreSQL: `pg_dump` (custom format) writes a consistent copy from one snapshot while the server
/// runs, and a restore drops the schema's tables and loads the copy with `psql` in one transaction. A restore writes
/// nothing to the audit log: the database is then exactly as backed up, its chain head included.
enum Backup {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    // MARK: SQLite

    static func sqlite(_ sql: SQLDatabase, to path: String) async throws {
        try await sql.raw("VACUUM INTO \(bind: path)").run()
    }

    /// Replaces every table, index, view and trigger of the database with those of the copy at `path`, in one
    /// transaction on one connection (foreign keys checked once all is in place).
    static func restoreSQLite(_ db: Database, from path: String) async throws -> Int {
        try await db.withConnection { conn -> Int in
            guard let sql = conn as? SQLDatabase else { throw Failure(message: "The database does not speak SQL.") }
            // Foreign keys are switched off only outside a transaction; the connection goes back to the pool as taken.
            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            let result: Result<Int, any Error>
            do {
                try await sql.raw("ATTACH DATABASE \(bind: path) AS backup").run()
                do { result = .success(try await replaceSQLite(sql, from: path)) } catch { result = .failure(error) }
                try? await sql.raw("DETACH DATABASE backup").run()
            } catch { result = .failure(error) }
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            return try result.get()
        }
    }

    private struct SQLiteObject: Decodable {
        let type: String
        let name: String
        let sql: String?
    }

    /// The restore itself, on a connection with the copy attached as `backup`; answers how many tables it holds.
    private static func replaceSQLite(_ sql: SQLDatabase, from path: String) async throws -> Int {
        let check = try await sql.raw("PRAGMA backup.quick_check").first()?.decode(column: "quick_check", as: String.self)
        guard check == "ok" else { throw Failure(message: "\(path) is damaged: \(check ?? "no answer")") }
        let copy = try await sql.raw(
            "SELECT type, name, sql FROM backup.sqlite_master WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL ORDER BY rowid"
        ).all(decoding: SQLiteObject.self)
        guard copy.contains(where: { $0.type == "table" && $0.name == "audit_events" }) else {
            throw Failure(message: "\(path) is an SQLite database but not a Yuanqu backup (it has no audit log).")
        }
        let tables = copy.filter { $0.type == "table" }
        try await sql.raw("BEGIN IMMEDIATE").run()
        do {
            let current = try await sql.raw("SELECT type, name, sql FROM main.sqlite_master WHERE name NOT LIKE 'sqlite_%'")
                .all(decoding: SQLiteObject.self)
            for kind in ["trigger", "view", "table"] {
                for o in current where o.type == kind {
                    try await sql.raw("DROP \(unsafeRaw: kind.uppercased()) IF EXISTS main.\(ident: o.name)").run()
                }
            }
            for t in tables {
                try await sql.raw(SQLQueryString(t.sql ?? "")).run()
                try await sql.raw("INSERT INTO main.\(ident: t.name) SELECT * FROM backup.\(ident: t.name)").run()
            }
            if try await sql.raw("SELECT name FROM backup.sqlite_master WHERE name = 'sqlite_sequence'").first() != nil {
                try await sql.raw("DELETE FROM main.sqlite_sequence").run()
                try await sql.raw("INSERT INTO main.sqlite_sequence SELECT * FROM backup.sqlite_sequence").run()
            }
            for o in copy where o.type != "table" { try await sql.raw(SQLQueryString(o.sql ?? "")).run() }
            if let bad = try await sql.raw("PRAGMA main.foreign_key_check").first() {
                let table = (try? bad.decode(column: "table", as: String.self)) ?? "?"
                throw Failure(message: "\(path) does not hold together: a row of \(table) refers to a missing record.")
            }
            try await sql.raw("COMMIT").run()
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
        return tables.count
    }

    // MARK: PostgreSQL

    /// How `pg_dump`, `pg_restore` and `psql` reach the database of a `DATABASE_URL`: the password and TLS mode by the
    /// environment (not on a command line others may read).
    struct Connection {
        let arguments: [String]
        let environment: [String: String]

        init(url: String) throws {
            guard let c = URLComponents(string: url), ["postgres", "postgresql", "postgres+tcp"].contains(c.scheme ?? ""),
                let host = c.host, !host.isEmpty
            else {
                throw Failure(
                    message: "DATABASE_URL is not a postgres://user:pass@host:port/database address the PostgreSQL tools can use."
                )
            }
            let database = String(c.path.drop { $0 == "/" })
            var args = ["--host", host, "--port", String(c.port ?? 5432), "--dbname", database]
            if let user = c.user, !user.isEmpty { args += ["--username", user] }
            var env = ProcessInfo.processInfo.environment
            env["PGPASSWORD"] = c.password
            env["PGCONNECT_TIMEOUT"] = env["PGCONNECT_TIMEOUT"] ?? "10"
            let modes = ["disable": "disable", "false": "disable", "prefer": "prefer", "require": "require", "true": "require"]
            for item in c.queryItems ?? [] where ["sslmode", "tlsmode", "tls", "ssl"].contains(item.name) {
                env["PGSSLMODE"] = modes[item.value ?? ""] ?? item.value
            }
            arguments = args
            environment = env
        }
    }

    /// A PostgreSQL tool on `PATH`, or else in Debian's per-version directory (the newest).
    static func tool(_ name: String) -> String? {
        let fm = FileManager.default
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if fm.isExecutableFile(atPath: path) { return path }
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        return versions.map { "\(root)/\($0)/bin/\(name)" }.first { fm.isExecutableFile(atPath: $0) }
    }

    static func requireTool(_ name: String) throws -> String {
        guard let path = tool(name) else {
            throw Failure(
                message:
                    "\(name) is not installed: install the PostgreSQL client tools (Debian: apt-get install postgresql-client), the same major version as the server or newer."
            )
        }
        return path
    }

    /// Writes the database with `pg_dump` in its custom format (compressed; `pg_restore` reads it), from one
    /// snapshot, to a temporary name first so that a failed dump leaves no file behind.
    static func postgres(url: String, to path: String) async throws {
        let connection = try Connection(url: url)
        let dump = try requireTool("pg_dump")
        let partial = path + ".partial"
        let (status, errors) = try await run(
            dump,
            connection.arguments + ["--format=custom", "--file", partial],
            environment: connection.environment
        )
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw Failure(message: "pg_dump failed: \(errors)")
        }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
    }

    /// Drops every table, view and sequence of the `public` schema and loads the copy, all in one transaction of
    /// `psql`: if anything fails, the database is as it was. A custom-format copy is first turned into SQL by
    /// `pg_restore` in a temporary file (owners and grants left out: the objects belong to the user of `DATABASE_URL`);
    /// a plain one is read as it is. Either script must end as `pg_dump` ends it: a cut one is refused, not half loaded.
    static func restorePostgres(url: String, from path: String, custom: Bool) async throws {
        let connection = try Connection(url: url)
        let psql = try requireTool("psql")
        var script = path
        let temporary = NSTemporaryDirectory() + "yuanqu-restore-\(UUID().uuidString).sql"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        if custom {
            let (status, errors) = try await run(
                try requireTool("pg_restore"),
                ["--no-owner", "--no-privileges", "--file", temporary, path],
                environment: connection.environment
            )
            guard status == 0 else { throw Failure(message: "pg_restore cannot read \(path): \(errors). Nothing changed.") }
            script = temporary
        }
        guard let handle = FileHandle(forReadingAtPath: script) else { throw Failure(message: "Cannot read \(script).") }
        let end = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: end > 200 ? end - 200 : 0)
        let tail = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        try? handle.close()
        guard tail.contains("PostgreSQL database dump complete") else {
            throw Failure(message: "\(path) is cut short (it does not end as pg_dump ends a dump). Nothing changed.")
        }
        let drop = """
            DO $$ DECLARE r record; BEGIN
              FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') LOOP
                EXECUTE format('DROP %s IF EXISTS public.%I CASCADE', CASE r.relkind WHEN 'v' THEN 'VIEW'
                  WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.relname);
              END LOOP;
            END $$;
            """
        var environment = connection.environment
        environment["PGOPTIONS"] = "-c client_min_messages=warning"
        let (status, errors) = try await run(
            psql,
            ["--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1"] + connection.arguments + [
                "--command", drop, "--file", script,
            ],
            environment: environment
        )
        guard status == 0 else { throw Failure(message: "The restore failed and changed nothing: \(errors)") }
    }

    /// Runs a tool off the concurrency pool (its output discarded); answers its exit status and the first lines it wrote
    /// on standard error.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String]) async throws -> (status: Int32, errors: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        let errorFile = NSTemporaryDirectory() + "yuanqu-\(UUID().uuidString).err"
                        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
                        defer { try? FileManager.default.removeItem(atPath: errorFile) }
                        let errorHandle = FileHandle(forWritingAtPath: errorFile)
                        defer { try? errorHandle?.close() }
                        let p = Process()
                        p.executableURL = URL(fileURLWithPath: tool)
                        p.arguments = arguments
                        p.environment = environment
                        p.standardInput = FileHandle.nullDevice
                        p.standardOutput = FileHandle.nullDevice
                        p.standardError = errorHandle ?? FileHandle.nullDevice
                        try p.run()
                        p.waitUntilExit()
                        let errors = ((try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "")
                            .split(whereSeparator: \.isNewline).prefix(5).joined(separator: " / ")
                        return (p.terminationStatus, errors.isEmpty ? "no message" : errors)
                    }
                )
            }
        }
    }

    // MARK: both

    /// Whether the database holds records (any audit event): a restore replaces such a database only when forced.
    static func holdsRecords(_ sql: SQLDatabase) async throws -> Bool {
        let exists: SQLQueryString =
            sql.dialect.name == "postgresql"
            ? "SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_events'"
            : "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'"
        guard try await sql.raw(exists).first()?.decode(column: "n", as: Int.self) ?? 0 > 0 else { return false }
        return try await sql.raw("SELECT seq FROM audit_events LIMIT 1").first() != nil
    }

    /// What kind of copy a file is, by its first bytes.
    enum Kind {
        case sqlite, postgresCustom, postgresPlain
    }

    static func kind(of path: String) throws -> Kind {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(message: "Cannot read \(path).") }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 512), as: UTF8.self)
        if head.hasPrefix("SQLite format 3") { return .sqlite }
        if head.hasPrefix("PGDMP") { return .postgresCustom }
        if head.contains("PostgreSQL database dump") { return .postgresPlain }
        throw Failure(message: "\(path) is not a Yuanqu backup (neither an SQLite database nor a pg_dump file).")
    }
}

/// `yuanqu backup PATH`: a consistent copy of the database, safe while the server runs.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "path", help: "Where to write the copy (must not exist yet)")
        var path: String
    }
    var help: String {
        "Writes a consistent copy of the database to PATH while the server runs: SQLite by VACUUM INTO, PostgreSQL by pg_dump (custom format)."
    }
    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let path = signature.path
        if FileManager.default.fileExists(atPath: path) { throw CommandFailure(message: "\(path) already exists: choose a new file name.") }
        do {
            switch app.config.database {
            case .sqlite:
                guard let sql = app.db as? SQLDatabase else { throw CommandFailure(message: "The database does not speak SQL.") }
                try await Backup.sqlite(sql, to: path)
            case .postgres(let url):
                try await Backup.postgres(url: url, to: path)
            }
        } catch let e as Backup.Failure { throw CommandFailure(message: e.message) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        context.console.print("Backup written to \(path) (\(size) bytes).")
    }
}

/// `yuanqu restore PATH [--force]`: brings the database back to a copy made by `backup`.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "path", help: "A copy written by `yuanqu backup` on the same engine")
        var path: String
        @Flag(name: "force", help: "Replace a database that holds records (everything written since the backup is lost)")
        var force: Bool
    }
    var help: String {
        "Replaces the database with a copy written by `yuanqu backup` (stop the server first); refuses a database that holds records unless --force."
    }
    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let path = signature.path
        guard let sql = app.db as? SQLDatabase else { throw CommandFailure(message: "The database does not speak SQL.") }
        do {
            let kind = try Backup.kind(of: path)
            if try await Backup.holdsRecords(sql), !signature.force {
                throw CommandFailure(
                    message:
                        "The database holds records: restoring \(path) replaces them all (everything written since the backup is lost). Stop the server and run again with --force."
                )
            }
            switch (app.config.database, kind) {
            case (.sqlite, .sqlite):
                _ = try await Backup.restoreSQLite(app.db, from: path)
            case (.postgres(let url), .postgresCustom), (.postgres(let url), .postgresPlain):
                try await Backup.restorePostgres(url: url, from: path, custom: kind == .postgresCustom)
            case (.sqlite, _):
                throw CommandFailure(message: "\(path) is a PostgreSQL copy (pg_dump); this installation uses SQLite.")
            case (.postgres, _):
                throw CommandFailure(message: "\(path) is an SQLite copy; this installation uses PostgreSQL (DATABASE_URL).")
            }
        } catch let e as Backup.Failure { throw CommandFailure(message: e.message) }
        // This process forgets what it kept; servers on the same PostgreSQL are told as a write would tell them.
        app.readCache.changed(.everything)
        try? await ChangeListener.notify(.everything, on: app.db)
        let head = try await Writes.chainHead(sql)
        context.console.print(
            "Restored \(path): the audit chain ends at event \(head.sequence) (hash \(head.hash)). Check it: yuanqu audit verify --checkpoint FILE"
        )
    }
}
