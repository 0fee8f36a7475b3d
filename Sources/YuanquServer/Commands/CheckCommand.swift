import FluentSQL
import Vapor

/// `yuanqu check`: every reference between zone-owned records (`ZoneReferences`) stays in its zone. Prints each one
/// that does not (table, record, column, its zone, the record named and that record's zone) and a summary line; exits
/// non-zero when one crosses. Run it after an import or an upgrade.
struct CheckCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String {
        "Checks that every record's references stay in its zone; prints each one that leaves it and exits non-zero if any does."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let sql = context.application.db as? SQLDatabase else { throw CommandFailure(message: "check needs an SQL database") }
        let (checked, crossings) = try await ZoneReferences.checkAll(on: sql)
        for c in crossings {
            context.console.print(
                "\(c.table) \(c.id.uuidString) \(c.column) (zone \(c.zone?.uuidString ?? "none")) → "
                    + "\(c.target.uuidString) (zone \(c.targetZone?.uuidString ?? "none"))"
            )
        }
        let summary = "check: \(checked) references checked, \(crossings.count) cross zones"
        guard crossings.isEmpty else { throw CommandFailure(message: summary) }
        context.console.print(summary)
    }
}
