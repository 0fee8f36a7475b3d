import Fluent
import Vapor
import YuanquKit

/// The meetings and action items pages.
enum MeetingPages {
    static func register(_ app: Application) {}
}
