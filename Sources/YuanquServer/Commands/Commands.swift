import Fluent
import FluentSQL
import Vapor
import YuanquKit

/// `yuanqu migrate`: brings the database schema up to date.
struct MigrateNowCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Brings the database schema up to date (SQLite or PostgreSQL)." }
    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("Migrations are up to date.")
    }
}

/// `yuanqu roles`: prints the table of roles × permissions × reach (`AccessTable`) as Markdown, the README's role table.
struct RolesCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Prints the role table (roles × permissions × reach) as Markdown, as the README shows it." }
    func run(using context: CommandContext, signature: Signature) async throws {
        context.console.output(AccessTable.markdown().consoleText(), newLine: false)
    }
}

/// `yuanqu demo [--scale zone|city]`: seeds the demo zone, or fifteen zones for load work.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(
            name: "scale",
            help: "zone (the seed's zone, default), city (15 zones with thousands of people) or province (130 generated zones)"
        )
        var scale: String?
        @Option(name: "zones", help: "province: how many generated zones (default 130)")
        var zones: Int?
        @Option(name: "audit-events", help: "province: how many audit events (default 10,000,000)")
        var auditEvents: Int?
    }
    var help: String {
        "Seeds demo data: --scale zone (Pukou, from the seed report), city (15 zones) or province (130 zones, 10 million audit events)."
    }
    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        switch signature.scale ?? "zone" {
        case "zone":
            let made = try await Demo.seedZone(app)
            context.console.print(made ? "Seeded the demo zone pukou." : "The demo zone pukou already exists: nothing changed.")
        case "city":
            let n = try await Demo.seedCity(app)
            context.console.print("Seeded \(n) zones.")
        case "province":
            var options = ProvinceDemo.Options()
            options.zones = signature.zones ?? options.zones
            options.auditEvents = signature.auditEvents ?? options.auditEvents
            let console = context.console
            let s = try await ProvinceDemo.run(app, options: options) { line in console.print(line) }
            let counts = s.counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            context.console.print(
                "Seeded \(s.zones) province zones and \(s.auditEvents) audit events in \(LoadProgress.clock(s.seconds)): \(counts)."
            )
        default:
            throw DemoError(message: "--scale must be zone, city or province")
        }
    }
    struct DemoError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// Where commands read a password: the first line of standard input (tests put their own).
/// `nonisolated(unsafe)`: nothing in the server writes it; only a test replaces it before it runs a command and puts it
/// back after, and tests run one at a time, so it is never written while a command reads it.
nonisolated(unsafe) var passwordInput: () -> String? = { readLine(strippingNewline: true) }

private func readPassword(_ console: Console) throws -> String {
    guard let line = passwordInput(), !line.isEmpty else {
        throw CommandFailure(
            message:
                "Give the password on the first line of standard input, e.g.  echo 'a-long-passphrase' | yuanqu user create NAME --role ROLE"
        )
    }
    return line
}

struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

private func explain(_ e: AppError) -> CommandFailure { CommandFailure(message: describe(e)) }

struct UserCreateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "username", help: "The new user's name (2–32 letters, digits, . _ -)")
        var username: String
        @Option(name: "role", help: "platform-admin, zone-admin, leader, hr, unit-head, staff or auditor")
        var role: String?
        @Option(name: "zone", help: "The zone's code (every role but platform-admin)")
        var zone: String?
        @Option(name: "name", help: "Display name (defaults to the username)")
        var name: String?
    }
    var help: String { "Creates a user; reads the password from the first line of standard input." }
    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let password = try readPassword(context.console)
        do {
            let u = try await UserService.create(
                app,
                actor: .commandLine,
                username: signature.username,
                displayName: signature.name ?? signature.username,
                role: signature.role ?? "",
                zoneCode: signature.zone,
                unitID: nil,
                password: password,
                hash: { try app.password.hash($0) }
            )
            context.console.print("Created user \(u.username) (\(u.role)).")
        } catch let e as AppError { throw explain(e) }
    }
}

struct UserResetPasswordCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "username", help: "The user whose password is reset")
        var username: String
        @Option(
            name: "zone",
            help:
                "The user's zone code; needed when the name is in several zones (without it: the platform user of the name, else the one zone user)"
        )
        var zone: String?
    }
    var help: String { "Sets a user's password from the first line of standard input, unlocks the account and ends its sessions." }
    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let password = try readPassword(context.console)
        do {
            try await UserService.resetPassword(
                app,
                actor: .commandLine,
                username: signature.username,
                zoneCode: signature.zone,
                password: password,
                hash: { try app.password.hash($0) }
            )
            let inZone = signature.zone.map { " (\($0))" } ?? ""
            context.console.print("Password of \(signature.username)\(inZone) reset; the account is unlocked and its sessions ended.")
        } catch let e as AppError { throw explain(e) }
    }
}

struct UserCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["create": UserCreateCommand(), "reset-password": UserResetPasswordCommand()] }
    var help: String { "Manages users: create, reset-password." }
}

/// `yuanqu audit verify [--checkpoint FILE]`: checks the whole chain, and that it still extends a checkpoint.
struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(
            name: "checkpoint",
            help: "A checkpoint written by `audit checkpoint` (/dev/stdin: from standard input): the chain must still extend its head"
        )
        var checkpoint: String?
    }
    var help: String {
        "Checks the whole audit hash chain; exits non-zero naming the first broken event. With --checkpoint FILE, also that the chain still extends that head."
    }
    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        var checkpoint: AuditCheckpoint? = nil
        if let path = signature.checkpoint {
            // A file or a pipe (`/dev/stdin`: a checkpoint pasted from a mail).
            let handle = FileHandle(forReadingAtPath: path)
            guard let data = try? handle?.readToEnd() ?? nil else {
                throw CommandFailure(message: "Cannot read the checkpoint file \(path).")
            }
            do { checkpoint = try AuditCheckpoint.parse(String(decoding: data, as: UTF8.self)) } catch let e as AuditCheckpoint.Malformed {
                throw CommandFailure(message: "\(path) is not a checkpoint: \(e.message).")
            }
        }
        // The checkpoint first: a history rewritten with every later hash computed again verifies on its own.
        if let c = checkpoint, let mismatch = try await c.mismatch(on: db) { throw CommandFailure(message: mismatch.message) }
        let (checked, broken) = try await Writes.verifyChain(on: db)
        if let b = broken {
            let why: String
            switch b {
            case .altered(let s): why = "event \(s) was altered (its hash does not match its content)"
            case .brokenLink(let s): why = "event \(s) does not follow the event before it (an event was removed or inserted)"
            case .gap(let s, let e): why = "event \(e) is missing before event \(s) (removed)"
            }
            throw CommandFailure(message: "Audit chain BROKEN at event \(b.sequence): \(why). The \(checked) events before it are intact.")
        }
        if let c = checkpoint {
            context.console.print(
                "Audit chain intact: \(checked) events verified; it extends the checkpoint at event \(c.sequence) (hash \(c.hash))."
            )
        } else {
            context.console.print("Audit chain intact: \(checked) events verified.")
        }
    }
}

/// `yuanqu audit checkpoint [--output FILE]`: prints the chain's head to keep outside the system, and records that it
/// was taken (the dashboard shows how long ago).
struct AuditCheckpointCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "output", help: "Also write the checkpoint to FILE (must not exist yet), e.g. on a second file system")
        var output: String?
    }
    var help: String {
        "Prints the audit chain's head (sequence, hash, time) to keep outside the system; `audit verify --checkpoint FILE` checks it later."
    }
    func run(using context: CommandContext, signature: Signature) async throws {
        if let path = signature.output, FileManager.default.fileExists(atPath: path) {
            throw CommandFailure(message: "\(path) already exists: choose a new file name.")
        }
        let checkpoint: AuditCheckpoint
        do { checkpoint = try await AuditCheckpoint.take(context.application) } catch let e as AuditCheckpoint.Malformed {
            throw CommandFailure(message: e.message)
        }
        context.console.print(checkpoint.text, newLine: false)
        if let path = signature.output {
            guard FileManager.default.createFile(atPath: path, contents: Data(checkpoint.text.utf8)) else {
                throw CommandFailure(message: "Cannot write \(path); the checkpoint above was taken: copy it by hand.")
            }
            context.console.print("Written to \(path).")
        }
    }
}

struct AuditCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["verify": AuditVerifyCommand(), "checkpoint": AuditCheckpointCommand()] }
    var help: String { "Audit log tools: verify, checkpoint." }
}

/// A one-line description of an error for the command line.
public func describe(_ error: Error) -> String {
    if let e = error as? AppError { return (e.field.map { "\($0): " } ?? "") + e.message.en + " / " + e.message.zh }
    return String(describing: error)
}
