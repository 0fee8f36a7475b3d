import Fluent
import FluentSQL
import Foundation
import NIOCore
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// Several processes on one database: what one counts or signs in, the other sees. The second process is a second
/// application configured on the same database (on SQLite the same file, on PostgreSQL the same server).
final class ClusterTests: XCTestCase {
    func testTheClientAddressIsForwardedOnlyByATrustedProxy() {
        let trusted: Set<String> = ["127.0.0.1", "10.0.0.2"]
        // No proxy configured: the peer, whatever the headers say.
        XCTAssertEqual(
            ClientAddress.pick(peer: "127.0.0.1", forwardedFor: ["198.51.100.4"], realIP: "198.51.100.5", trusted: []),
            "127.0.0.1"
        )
        // An untrusted peer's headers are ignored.
        XCTAssertEqual(
            ClientAddress.pick(peer: "203.0.113.9", forwardedFor: ["198.51.100.4"], realIP: "198.51.100.5", trusted: trusted),
            "203.0.113.9"
        )
        // From a trusted proxy: the last address that is not a proxy; what the client wrote to its left proves nothing.
        XCTAssertEqual(ClientAddress.pick(peer: "127.0.0.1", forwardedFor: ["198.51.100.4"], realIP: nil, trusted: trusted), "198.51.100.4")
        XCTAssertEqual(
            ClientAddress.pick(peer: "127.0.0.1", forwardedFor: ["1.2.3.4, 198.51.100.4", "10.0.0.2"], realIP: nil, trusted: trusted),
            "198.51.100.4"
        )
        XCTAssertEqual(ClientAddress.pick(peer: "127.0.0.1", forwardedFor: [], realIP: "2001:db8::7", trusted: trusted), "2001:db8::7")
        // Not an address: the peer.
        XCTAssertEqual(ClientAddress.pick(peer: "127.0.0.1", forwardedFor: ["<script>"], realIP: nil, trusted: trusted), "127.0.0.1")
        XCTAssertEqual(ClientAddress.pick(peer: nil, forwardedFor: ["198.51.100.4"], realIP: nil, trusted: trusted), "unknown")
    }

    func request(_ app: Application, from peer: String, forwardedFor: String? = nil) throws -> Request {
        var headers = HTTPHeaders()
        if let f = forwardedFor { headers.add(name: .xForwardedFor, value: f) }
        return Request(
            application: app,
            method: .POST,
            url: "/public/campaigns/x/status",
            headers: headers,
            remoteAddress: try SocketAddress(ipAddress: peer, port: 40000),
            on: app.eventLoopGroup.any()
        )
    }

    /// Ten public attempts per client address in ten minutes, counted in the database: attempts answered by two
    /// processes add up, a trusted proxy's forwarded address is the client, an untrusted peer's header is not.
    func testThePublicRateLimitIsSharedAndCountsTheForwardedClient() async throws {
        try await eachEngine(seed: false) { app, engine in
            app.config.trustedProxies = ["127.0.0.1"]
            try await withSecondProcess(app) { other in
                other.config.trustedProxies = ["127.0.0.1"]
                var answers: [Bool] = []
                for i in 0..<12 {
                    let req = try request(i % 2 == 0 ? app : other, from: "127.0.0.1", forwardedFor: "198.51.100.4")
                    XCTAssertEqual(req.clientAddress, "198.51.100.4")
                    answers.append(try await req.allowPublicAttempt())
                }
                XCTAssertEqual(answers, Array(repeating: true, count: 10) + [false, false], "[\(engine)] the eleventh is refused")
                // The proxy itself, and another client behind it, are counted apart.
                let proxy = try await request(app, from: "127.0.0.1").allowPublicAttempt()
                XCTAssertTrue(proxy, "[\(engine)]")
                let another = try await request(other, from: "127.0.0.1", forwardedFor: "198.51.100.5").allowPublicAttempt()
                XCTAssertTrue(another, "[\(engine)]")
                // An untrusted peer naming the refused client is counted as itself.
                let direct = try request(app, from: "203.0.113.9", forwardedFor: "198.51.100.4")
                XCTAssertEqual(direct.clientAddress, "203.0.113.9")
                let allowed = try await direct.allowPublicAttempt()
                XCTAssertTrue(allowed, "[\(engine)] the header of an untrusted peer is ignored")
                // Refused attempts are not kept: ten rows for the address.
                let sql = app.db as! SQLDatabase
                let n = try await sql.raw("SELECT COUNT(*) AS n FROM rate_limit_hits WHERE client_key = '198.51.100.4'").first()?
                    .decode(column: "n", as: Int.self)
                XCTAssertEqual(n, 10, "[\(engine)]")
            }
        }
    }

    /// A token signed in on one process works on the other, and its sign-out there is seen.
    func testASessionIsSharedBetweenProcesses() async throws {
        try await eachEngine { app, engine in
            try await withSecondProcess(app) { other in
                let one = try await APIClient.login(app, "auditor")
                let two = APIClient(app: other, token: one.token)
                let s1 = try await two.call(.GET, "/api/v1/sessions/current").status
                XCTAssertEqual(s1, .ok, "[\(engine)]")
                let out = try await one.call(.DELETE, "/api/v1/sessions/current").status
                XCTAssertEqual(out, .noContent)
                // The other process may have the session in its read cache for five seconds unless told; in tests
                // the change listener does not run, so the cache is cleared as a notification would.
                other.readCache.changed(ReadCache.Change(entities: ["session"], zones: [nil]))
                let s2 = try await two.call(.GET, "/api/v1/sessions/current").status
                XCTAssertEqual(s2, .unauthorized, "[\(engine)]")
            }
        }
    }

    /// Five failed sign-ins at once, answered by two processes, are five failures: the account locks. (SQLite serves
    /// one process: there, one process answers them all at once.)
    func testFailedSignInsAnsweredAtOnceByTwoProcessesAreEachCounted() async throws {
        try await eachEngine { app, engine in
            try await withSecondProcess(app) { other in
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for i in 0..<5 {
                        let client = APIClient(app: i % 2 == 0 || engine == .sqlite ? app : other, token: nil)
                        group.addTask {
                            try await client.call(.POST, "/api/v1/sessions", ["username": "staff", "password": "wrong-password-1"]).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                XCTAssertEqual(statuses.filter { $0 == .unauthorized }.count, 4, "[\(engine)] \(statuses)")
                XCTAssertEqual(statuses.filter { $0 == .tooManyRequests }.count, 1, "[\(engine)] \(statuses)")
                let right = try await APIClient(app: other, token: nil).call(
                    .POST,
                    "/api/v1/sessions",
                    ["username": "staff", "password": Demo.password]
                ).status
                XCTAssertEqual(right, .tooManyRequests, "[\(engine)] locked for both")
            }
        }
    }
}

/// Runs `body` with a second application on `app`'s database, as a second process would be.
func withSecondProcess(_ app: Application, _ body: (Application) async throws -> Void) async throws {
    let other = try await Application.make(.testing)
    other.logger.logLevel = .warning
    do {
        try await configure(other, config: app.config)
        try await body(other)
    } catch {
        try? await other.asyncShutdown()
        throw error
    }
    try await other.asyncShutdown()
}
