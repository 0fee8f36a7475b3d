import Vapor
import YuanquKit

/// Who is acting: a signed-in user, or the command line.
struct Actor: Sendable {
    let userID: UUID?
    let username: String
    let displayName: String
    let role: Role
    let zoneID: UUID?
    let unitID: UUID?
    let personID: UUID?
    let sessionID: UUID?
    let language: Lang?

    static let commandLine = Actor(
        userID: nil,
        username: "system",
        displayName: "命令行 / command line",
        role: .platformAdmin,
        zoneID: nil,
        unitID: nil,
        personID: nil,
        sessionID: nil,
        language: nil
    )

    func can(_ p: Permission) -> Bool { role.can(p) }

    func require(_ p: Permission) throws {
        guard can(p) else { throw AppError.forbidden }
    }

    /// The zone this actor writes in; platform users write in none.
    func writableZone() throws -> UUID {
        guard let z = zoneID else { throw AppError.forbidden }
        return z
    }

    /// Whether a record of a zone is within this actor's reach.
    func reaches(zone: UUID) -> Bool { zoneID == nil ? role.isPlatform || userID == nil : zoneID == zone }
}
