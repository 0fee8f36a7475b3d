import Fluent
import Vapor
import YuanquKit

/// `/api/v1/meetings` and `/api/v1/action-items`.
enum MeetingAPI {
    static func register(_ app: Application) {}

    static var schemas: [String: Any] { [:] }
}
