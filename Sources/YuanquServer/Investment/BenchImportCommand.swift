import Fluent
import Foundation
import Vapor
import YuanquKit

/// `yuanqu bench import`: times a spreadsheet import of 100,000 enterprises, from the CSV text to the committed
/// transaction, and the same file with its last row bad (refused whole, nothing written). On an empty database
/// only: it seeds the demo zone and imports into it.
struct BenchImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "rows", help: "Rows of the file (default 100000)") var rows: Int?
    }
    var help: String {
        "Times a CSV import of 100,000 enterprises (target: under 10 s, all or nothing). Needs an empty database: it seeds the demo zone."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let count = max(1, signature.rows ?? 100_000)
        try await app.autoMigrate()
        guard try await Zone.query(on: app.db).count() == 0 else {
            throw CommandFailure(
                message:
                    "bench import writes \(count) enterprises: point YUANQU_SQLITE or DATABASE_URL at an empty scratch database (bench/run does)."
            )
        }
        _ = try await Demo.seedIfEmpty(app)
        guard let zone = try await Zone.query(on: app.db).filter(\.$code == "pukou").first() else {
            throw CommandFailure(message: "The demo zone was not seeded.")
        }
        let zoneID = try zone.requireID()
        let industries = try await CodeListItem.query(on: app.db).filter(\.$zoneID == zoneID).filter(\.$list == "industry").all()
            .map(\.labelZh)
        let before = try await Enterprise.query(on: app.db).filter(\.$zoneID == zoneID).count()
        let good = try Self.file(rows: count, industries: industries)
        let bad = try Self.file(rows: count, industries: industries, breakingLastRow: true)
        context.console.print("CSV import of \(count) enterprises, \(good.utf8.count / 1_048_576) MB, into \(zone.name)")

        let refused = try await Self.timed { try await Self.importText(app, bad, zone: zoneID) }
        let afterRefusal = try await Enterprise.query(on: app.db).filter(\.$zoneID == zoneID).count()
        let problems = refused.result.failure?.rows.count ?? 0
        context.console.print(
            String(
                format: "a bad last row: refused in %.1f s, %d problem(s), %d enterprises written",
                refused.seconds,
                problems,
                afterRefusal - before
            )
        )
        let imported = try await Self.timed { try await Self.importText(app, good, zone: zoneID) }
        let after = try await Enterprise.query(on: app.db).filter(\.$zoneID == zoneID).count()
        context.console.print(
            String(format: "the good file: imported in %.1f s, %d enterprises written", imported.seconds, after - before)
        )
        let allOrNothing = problems == 1 && afterRefusal == before && after - before == count
        let met = allOrNothing && imported.seconds < 10
        context.console.print(
            "target (< 10 s, all or nothing): \(met ? "met" : "NOT met")\(allOrNothing ? "" : " (the refused file wrote rows, or the good one did not write them all)")"
        )
    }

    /// A file of enterprises as an office keeps them: distinct names and credit codes, the zone's industries. Breaking
    /// the last row gives its credit code a wrong check character.
    static func file(rows: Int, industries: [String], breakingLastRow: Bool = false) throws -> String {
        var gen = Demo.Generator(state: 0x1_0000)
        let places = ["南京", "浦口", "江浦", "桥林", "星甸", "永宁", "汤泉"]
        let trades = Array("华瑞鼎盛恒泰宏达金源新元天成宝利嘉和永信瀚海博远中科东方")
        let terms = ["科技", "电子", "新材料", "生物医药", "智能装备", "半导体", "物流", "软件"]
        var text = "企业名称,统一社会信用代码,产业,地址,联系人,联系电话\n"
        text.reserveCapacity(rows * 140)
        for i in 0..<rows {
            let name =
                gen.pick(places) + String(gen.pick(trades)) + String(gen.pick(trades)) + gen.pick(terms) + "有限公司（\(i + 1)）"
            var code = try CreditCode.company(area: "320111", serial: UInt64(9_000_000 + i)).value
            if breakingLastRow && i == rows - 1 { code = String(code.dropLast()) + (code.hasSuffix("0") ? "1" : "0") }
            let address = "南京市浦口区" + gen.pick(["浦滨路", "江浦街道", "新浦路", "大桥北路"]) + " \(gen.int(1...399)) 号"
            let phone = "025-5\(gen.int(1_000_000...9_999_999))"
            text += [name, code, gen.pick(industries), address, "王经理", phone].joined(separator: ",") + "\n"
        }
        return text
    }

    enum Outcome {
        case imported(Int)
        case refused(CSVImport.Failure)
        var failure: CSVImport.Failure? {
            if case .refused(let f) = self { return f }
            return nil
        }
    }

    /// Parses and imports a CSV text as the import page does.
    static func importText(_ app: Application, _ text: String, zone: UUID) async throws -> Outcome {
        do {
            let rows = try CSVImport.parse(text: text, lang: .zh)
            let n = try await CSVImport.importRows(
                app,
                rows: rows,
                spec: InvestmentImport.enterprises,
                actor: .commandLine,
                zone: zone,
                source: "bench",
                lang: .zh
            )
            return .imported(n)
        } catch let f as CSVImport.Failure {
            return .refused(f)
        }
    }

    static func timed<T>(_ work: () async throws -> T) async rethrows -> (result: T, seconds: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try await work()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}
