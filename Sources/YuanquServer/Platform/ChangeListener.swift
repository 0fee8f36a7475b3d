import Fluent
import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import SQLKit
import Vapor

/// Several processes on one PostgreSQL keep their read caches true to each other: a write sends the entities and zones
/// it changed on `channel` (`pg_notify` in its transaction, delivered when it commits), and every process listens on a
/// connection of its own and forgets the same. While that connection is down (it is opened
/// again after a second) the cache's five-second lifetime bounds what a process may serve.
final class ChangeListener: LifecycleHandler {
    static let channel = "yuanqu_changes"

    let configuration: PostgresConnection.Configuration
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let connection = NIOLockedValueBox<PostgresConnection?>(nil)

    init(configuration: PostgresConnection.Configuration) {
        self.configuration = configuration
    }

    /// Tells the other processes, inside the write's transaction, what it changed.
    static func notify(_ change: ReadCache.Change, on db: any Database) async throws {
        guard !change.entities.isEmpty, let sql = db as? SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_notify(\(bind: channel), \(bind: change.payload))").run()
    }

    /// Starts listening, and waits (five seconds at most) until it listens: a process answers no request before it
    /// would hear of a change.
    func didBootAsync(_ application: Application) async throws {
        let configuration = configuration
        let connection = connection
        let (ready, listens) = AsyncStream<Void>.makeStream()
        let listening = Task {
            while !Task.isCancelled {
                do {
                    let conn = try await PostgresConnection.connect(
                        on: application.eventLoopGroup.any(),
                        configuration: configuration,
                        id: 0,
                        logger: application.logger
                    )
                    connection.withLockedValue { $0 = conn }
                    try await conn.listen(on: Self.channel) { notifications in
                        listens.yield()
                        for try await n in notifications {
                            application.readCache.changed(ReadCache.Change(payload: n.payload))
                        }
                    }
                } catch {
                    if !Task.isCancelled { application.logger.warning("change listener: \(String(reflecting: error))") }
                }
                // Whatever was missed while not listening is forgotten.
                application.readCache.changed(.everything)
                if let conn = connection.withLockedValue({ c -> PostgresConnection? in
                    defer { c = nil }
                    return c
                }) {
                    try? await conn.close()
                }
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
        task.withLockedValue { $0 = listening }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in ready { break }
            }
            group.addTask { try? await Task.sleep(nanoseconds: 5_000_000_000) }
            await group.next()
            group.cancelAll()
        }
    }

    func shutdownAsync(_ application: Application) async {
        let listening = task.withLockedValue { $0 }
        listening?.cancel()
        if let conn = connection.withLockedValue({ $0 }) { try? await conn.close() }
        await listening?.value
    }

    func shutdown(_ application: Application) {
        task.withLockedValue { $0 }?.cancel()
        if let conn = connection.withLockedValue({ $0 }) { conn.close().whenComplete { _ in } }
    }
}
