import Fluent
import FluentPostgresDriver
import FluentSQL
import FluentSQLiteDriver
import Vapor

/// Sets up the application: database, migrations, middleware, routes and commands.
/// One function serves `serve`, every command and every test.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config
    switch config.database {
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
    case .postgres(let url):
        var pg = try SQLPostgresConfiguration(url: url)
        pg.searchPath = ["public"]
        app.databases.use(.postgres(configuration: pg, sqlLogLevel: .trace), as: .psql)
        app.lifecycle.use(ChangeListener(configuration: pg.coreConfiguration))
    }
    if case .sqlite = config.database {
        // Write-ahead log with full sync: an answered write survives a crash of the process or of the machine.
        // `journal_mode` is kept in the file, `synchronous` per connection: the pool holds one connection per event
        // loop, opened on first use and never closed before shutdown (no pruning), and the driver offers no hook
        // when it opens one — so each loop's connection is opened and set here. (SQLite's compiled default is FULL
        // as well; this keeps it so whatever the build.)
        for eventLoop in app.eventLoopGroup.makeIterator() {
            guard let sql = app.databases.database(.sqlite, logger: app.logger, on: eventLoop) as? SQLDatabase else { continue }
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await sql.raw("PRAGMA synchronous=FULL").run()
        }
    }
    app.migrations.add(Migrations.all)
    app.databases.middleware.use(PinyinSortKey<Person>(), on: nil)
    app.databases.middleware.use(PinyinSortKey<Enterprise>(), on: nil)
    app.databases.middleware.use(ZoneGuard(), on: nil)
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.storage[AuthService.DecoyHashKey.self] = try app.password.hash(randomToken())
    app.routes.defaultMaxBodySize = "1mb"

    app.storage[ReadCacheKey.self] = ReadCache()
    app.storage[RenderedHTMLKey.self] = RenderedHTML()
    app.middleware = Middlewares()
    app.middleware.use(SecurityHeaders())
    app.middleware.use(ErrorResponder())
    app.middleware.use(Authenticate())

    SessionController.register(app)
    AdminController.register(app)
    AuditController.register(app)
    UnitsController.register(app)
    PostsController.register(app)
    PeopleController.register(app)
    OrgWorkbookPages.register(app)
    CampaignsAPI.register(app)
    CampaignPages.register(app)
    PublicPages.register(app)
    ContractPages.register(app)
    CalendarPages.register(app)
    CampaignImport.register(app)
    InvestmentAPI.register(app)
    InvestmentPages.register(app)
    EnterpriseAPI.register(app)
    EnterprisePages.register(app)
    TeamPages.register(app)
    InvestmentImport.register(app)
    PerformanceAPI.register(app)
    PerformancePages.register(app)
    PerformanceImport.register(app)
    CasePages.register(app)
    EngineeringAPI.register(app)
    EngineeringPages.register(app)
    MeetingAPI.register(app)
    MeetingPages.register(app)
    EngineeringImport.register(app)
    DashboardPages.register(app)
    OpenAPI.register(app)

    app.asyncCommands.use(MigrateNowCommand(), as: "migrate")
    app.asyncCommands.use(SetupCommand(), as: "setup")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(AuditCommands(), as: "audit")
    app.asyncCommands.use(CheckCommand(), as: "check")
    app.asyncCommands.use(RolesCommand(), as: "roles")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(BenchCommands(), as: "bench")
}

/// Headers that keep pages from being framed or sniffed.
struct SecurityHeaders: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let res = try await next.respond(to: request)
        res.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        res.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        res.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        // Nothing is kept by a browser or a proxy unless the answer says so (the style sheet): pages, API answers,
        // tokens and exports carry people's records.
        if !res.headers.contains(name: .cacheControl) { res.headers.replaceOrAdd(name: .cacheControl, value: "no-store") }
        // Served over HTTPS (secure cookies): browsers keep to HTTPS for a year.
        if request.application.config.secureCookies {
            res.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        // OWASP ASVS 14.4.3: a page runs the site's own script and style sheet only (no inline script, style or
        // handler: `Layout.script` and `Layout.css`), loads nothing from elsewhere, posts its forms to the site and is
        // shown in no frame. Any other answer (JSON, CSV, a workbook, the style sheet) loads nothing at all.
        res.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value: res.headers.contentType == .html ? Self.pagePolicy : Self.otherPolicy
        )
        // The same id as in the server's log lines, so that a reported error can be found.
        res.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        // Which process answered, when several run behind one proxy (a random name, not the pid).
        res.headers.replaceOrAdd(name: "X-Yuanqu-Instance", value: Self.instance)
        return res
    }

    /// The policy of a page (HTML).
    static let pagePolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "form-action 'self'",
        "frame-ancestors 'none'", "base-uri 'none'",
    ]
    .joined(separator: "; ")

    /// The policy of every other answer.
    static let otherPolicy = "default-src 'none'; frame-ancestors 'none'"

    static let instance = String(UUID().uuidString.prefix(8)).lowercased()
}

/// Migrates, then: in development seeds the demo zone into an empty database; in production never, and refuses to
/// start on a database without zones (naming `yuanqu setup`) or while an account still has the published demo
/// password (naming them). Then says where it serves and how to sign in. Used by `serve`.
public func prepareForServe(_ app: Application, arguments: [String] = []) async throws {
    try await app.autoMigrate()
    let production = app.environment == .production
    var seeded = false
    if production {
        if try await Zone.query(on: app.db).count() == 0 {
            throw CommandFailure(
                message: """
                    This database has no zone yet. A new installation starts with

                        yuanqu setup

                    (it asks for the zone, its two bodies and the first admins; `yuanqu setup --help` lists the flags for scripts).
                    """
            )
        }
        let published = try await Demo.accountsWithPublishedPassword(app)
        if !published.isEmpty {
            throw CommandFailure(
                message:
                    "These accounts still have the published demo password; give each a new one (yuanqu user reset-password NAME [--zone CODE]) before starting in production:\n"
                    + published.map { "  - \($0)" }.joined(separator: "\n")
            )
        }
    } else {
        seeded = try await Demo.seedIfEmpty(app)
    }
    func option(_ names: [String]) -> String? {
        guard let i = arguments.firstIndex(where: { names.contains($0) }), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    let host = option(["--hostname", "-H"]) ?? app.http.server.configuration.hostname
    let port = option(["--port", "-p"]) ?? String(app.http.server.configuration.port)
    var lines = ["", "园区 Yuanqu is starting at http://\(host):\(port)/"]
    if seeded { lines.append("The demo zone 浦口经济开发区 (pukou) was seeded.") }
    // Each demo name once, in the demo's order (another zone may have a user of the same name).
    var demoUsers: [String] = []
    if !production {
        let present = Set(try await User.query(on: app.db).filter(\.$username ~~ Demo.users.map(\.username)).all().map(\.username))
        demoUsers = Demo.users.map(\.username).filter(present.contains)
    }
    if demoUsers.isEmpty {
        lines.append("Sign in with your account (a new installation: the admins made by yuanqu setup).")
    } else {
        lines.append("Sign in as \(demoUsers.joined(separator: ", "))")
        lines.append("with the demo password \(Demo.password) (change it at /account/password, or: yuanqu user reset-password NAME).")
    }
    print(lines.joined(separator: "\n") + "\n")
}
