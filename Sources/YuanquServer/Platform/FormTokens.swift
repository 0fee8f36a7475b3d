import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The CSRF token of a form shown to someone not signed in (the sign-in form, a public registration): the browser
/// keeps a random pre-session value in a cookie, and the form carries that value's HMAC under the installation's
/// form key (`server_secrets`, made by its migration and shared by every process on the database). A cookie planted by
/// another site is of no use without a token that only the server can compute for it.
enum FormTokens {
    /// A pre-session value for the cookie and the token its form carries.
    static func issue(_ req: Request) async throws -> (preSession: String, token: String) {
        let preSession = randomToken()
        return (preSession, try await token(for: preSession, app: req.application))
    }

    /// The token a form must carry for this pre-session value.
    static func token(for preSession: String, app: Application) async throws -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(preSession.utf8), using: try await key(app))
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static let keyName = "form-key"

    /// The form key, read from the database once per process.
    static func key(_ app: Application) async throws -> SymmetricKey {
        let box = app.storage[FormKeyBox.self] ?? NIOLockedValueBox(nil)
        if let key = box.withLockedValue({ $0 }) { return key }
        guard let secret = try await ServerSecret.query(on: app.db).filter(\.$name == keyName).first(),
            let bytes = Data(base64Encoded: secret.value)
        else {
            throw Abort(.internalServerError, reason: "The form key is missing: run yuanqu migrate.")
        }
        let key = SymmetricKey(data: bytes)
        box.withLockedValue { $0 = key }
        app.storage[FormKeyBox.self] = box
        return key
    }

    struct FormKeyBox: StorageKey { typealias Value = NIOLockedValueBox<SymmetricKey?> }
}

/// A secret of the installation, kept in the database so that every process shares it (the form key).
/// `@unchecked Sendable` as every Fluent model: used by one task at a time.
final class ServerSecret: Model, @unchecked Sendable {
    static let schema = "server_secrets"
    @ID var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "value") var value: String
    init() {}
}

/// The installation's form key: 32 random bytes, made once.
struct CreateServerSecrets: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema("server_secrets").id()
            .field("name", .string, .required).field("value", .string, .required).unique(on: "name").create()
        let secret = ServerSecret()
        secret.name = FormTokens.keyName
        var g = SystemRandomNumberGenerator()
        secret.value = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }).base64EncodedString()
        try await secret.create(on: db)
    }
    func revert(on db: Database) async throws { try await db.schema("server_secrets").delete() }
}
