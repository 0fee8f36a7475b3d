import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class ProvinceDemoTests: XCTestCase {
    struct Count: Decodable { let n: Int }
    struct Code: Decodable { let code: String? }
    struct ResidentRow: Decodable {
        let residentId: String
        let gender: String
        let birthDate: String
    }
    struct ProjectRow: Decodable {
        let stage: String
        let signingDate: String?
        let agreementNumber: String?
        let signedAmountFen: Int64?
        let creditCode: String?
        let startDate: String?
        let operationDate: String?
        let droppedReason: String?
    }
    struct ZoneTotal: Decodable {
        let zoneId: UUID
        let total: Int64?
    }

    func testAScaledDownProvinceFollowsTheRulesAndItsChainVerifies() async throws {
        try await eachEngine(seed: false) { app, engine in
            var options = ProvinceDemo.Options()
            options.zones = 3
            options.auditEvents = 20_000
            let summary = try await ProvinceDemo.run(app, options: options) { _ in }
            XCTAssertEqual(summary.zones, 3)
            XCTAssertEqual(summary.auditEvents, 20_000)
            let sql = try XCTUnwrap(app.db as? SQLDatabase)
            func count(_ q: String) async throws -> Int { try await sql.raw(SQLQueryString(q)).first(decoding: Count.self)?.n ?? -1 }

            // The province's zones and the demo zone, with its demo users.
            let c1 = try await count("SELECT COUNT(*) AS n FROM zones")
            XCTAssertEqual(c1, 4)
            let c2 = try await count("SELECT COUNT(*) AS n FROM users WHERE username = 'leader'")
            XCTAssertEqual(c2, 1)
            // Proportions: about 300 people, 3,000 enterprises and 1,000 projects a zone of mean size.
            let people = try await count("SELECT COUNT(*) AS n FROM people WHERE zone_id <> (SELECT id FROM zones WHERE code = 'pukou')")
            let enterprises = try await count(
                "SELECT COUNT(*) AS n FROM enterprises WHERE zone_id <> (SELECT id FROM zones WHERE code = 'pukou')"
            )
            let projects = try await count(
                "SELECT COUNT(*) AS n FROM investment_projects WHERE zone_id <> (SELECT id FROM zones WHERE code = 'pukou')"
            )
            XCTAssertGreaterThan(people, 3 * 150)
            XCTAssertLessThan(people, 3 * 700)
            XCTAssertEqual(Double(enterprises) / Double(projects), 3.077, accuracy: 0.3)
            XCTAssertEqual(Double(projects) / Double(people), 1000.0 / 307, accuracy: 1.2)
            let c3 = try await count("SELECT COUNT(*) AS n FROM service_requests")
            XCTAssertGreaterThan(c3, enterprises / 5)
            let c4 = try await count("SELECT COUNT(*) AS n FROM assessment_results")
            XCTAssertGreaterThan(c4, people * 3)
            let c5 = try await count("SELECT COUNT(*) AS n FROM project_milestones")
            XCTAssertGreaterThan(c5, 3 * 4 * 6)

            // Every resident identity number and credit code passes the Kit's check.
            for r in try await sql.raw(#"SELECT resident_id AS "residentId", gender, birth_date AS "birthDate" FROM people"#).all(
                decoding: ResidentRow.self
            ) {
                let id = try ResidentID(r.residentId)
                XCTAssertEqual(id.isMale, r.gender == "male", r.residentId)
                XCTAssertEqual(id.birthDate.description, r.birthDate)
            }
            let codes = try await sql.raw("SELECT credit_code AS code FROM enterprises").all(decoding: Code.self).compactMap(\.code)
            XCTAssertEqual(codes.count, enterprises + 20)
            XCTAssertEqual(Set(codes).count, codes.count, "credit codes are unique")
            for c in codes { XCTAssertNoThrow(try CreditCode(c), c) }

            // Stage invariants (ProjectStageRule's evidence is there for every stage reached).
            let rows = try await sql.raw(
                #"SELECT stage, signing_date AS "signingDate", agreement_number AS "agreementNumber", signed_amount_fen AS "signedAmountFen", credit_code AS "creditCode", start_date AS "startDate", operation_date AS "operationDate", dropped_reason AS "droppedReason" FROM investment_projects"#
            ).all(decoding: ProjectRow.self)
            var stages: [String: Int] = [:]
            for p in rows {
                stages[p.stage, default: 0] += 1
                guard let stage = ProjectStage(rawValue: p.stage) else { return XCTFail("stage \(p.stage)") }
                if stage.isSignedOrLater {
                    XCTAssertNotNil(p.signingDate)
                    XCTAssertNotNil(p.agreementNumber)
                    XCTAssertGreaterThan(p.signedAmountFen ?? 0, 0)
                }
                if stage.isSignedOrLater && stage >= .registered { XCTAssertNoThrow(try CreditCode(p.creditCode ?? "")) }
                if stage.isSignedOrLater && stage >= .underConstruction { XCTAssertNotNil(p.startDate) }
                if stage == .inOperation { XCTAssertNotNil(p.operationDate) }
                if stage == .dropped { XCTAssertGreaterThanOrEqual(p.droppedReason?.count ?? 0, 2) }
            }
            // A funnel: every stage is there, fewer projects in operation than in negotiation.
            XCTAssertEqual(Set(stages.keys).count, 7, "\(stages)")
            XCTAssertLessThan(stages["inOperation"] ?? 0, stages["negotiation"] ?? 0)

            // The zones differ.
            let totals = try await sql.raw(
                #"SELECT zone_id AS "zoneId", CAST(SUM(signed_amount_fen) AS BIGINT) AS total FROM investment_projects GROUP BY zone_id"#
            ).all(decoding: ZoneTotal.self)
            XCTAssertEqual(Set(totals.compactMap(\.total)).count, 4, "signed amounts differ by zone")

            // The audit chain holds, with the generated events and the demo zone's after them.
            let (checked, broken) = try await Writes.verifyChain(on: app.db)
            XCTAssertNil(broken)
            XCTAssertGreaterThan(checked, 20_000)

            // A second run refuses and writes nothing.
            do {
                _ = try await ProvinceDemo.run(app, options: options) { _ in }
                XCTFail("[\(engine)] a second run must refuse")
            } catch let e as ProvinceDemo.Failure {
                XCTAssertTrue(e.message.contains("already exist"), e.message)
            }
            let c6 = try await count("SELECT COUNT(*) AS n FROM zones")
            XCTAssertEqual(c6, 4)
        }
    }

    func testFastHexMatchesFormattedHex() {
        let digest = Array(0...255).map { UInt8($0) }
        XCTAssertEqual(Writes.hex(digest), digest.map { String(format: "%02x", $0) }.joined())
    }
}
