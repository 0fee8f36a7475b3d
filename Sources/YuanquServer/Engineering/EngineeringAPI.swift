import Fluent
import Vapor
import YuanquKit

/// `/api/v1/programmes`, `/api/v1/construction-projects`, `/api/v1/audit-firms`, `/api/v1/payments`.
enum EngineeringAPI {
    static func register(_ app: Application) {}

    static var schemas: [String: Any] { [:] }
}
