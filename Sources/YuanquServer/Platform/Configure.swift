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
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
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
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(AuditCommands(), as: "audit")
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
        // The same id as in the server's log lines, so that a reported error can be found.
        res.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        // Which process answered, when several run behind one proxy (a random name, not the pid).
        res.headers.replaceOrAdd(name: "X-Yuanqu-Instance", value: Self.instance)
        return res
    }

    static let instance = String(UUID().uuidString.prefix(8)).lowercased()
}

/// Migrates and seeds the demo zone into an empty database, then says how to sign in. Used by `serve`.
public func prepareForServe(_ app: Application, arguments: [String] = []) async throws {
    try await app.autoMigrate()
    let seeded = try await Demo.seedIfEmpty(app)
    func option(_ names: [String]) -> String? {
        guard let i = arguments.firstIndex(where: { names.contains($0) }), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    let host = option(["--hostname", "-H"]) ?? app.http.server.configuration.hostname
    let port = option(["--port", "-p"]) ?? String(app.http.server.configuration.port)
    print(
        """

        园区 Yuanqu is starting at http://\(host):\(port)/
        \(seeded ? "The demo zone 浦口经济开发区 (pukou) was seeded." : "")
        Sign in as \(Demo.users.map { $0.username }.joined(separator: ", "))
        with the demo password \(Demo.password) (change it at /account/password, or: yuanqu user reset-password NAME).

        """
    )
}
