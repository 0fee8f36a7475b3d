import Fluent
import Vapor
import YuanquKit

/// The programmes, projects, tenders and audit-firm pages.
enum EngineeringPages {
    static func register(_ app: Application) {}
}
