import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class SealedRecordTests: XCTestCase {
    /// Words that only a sealed record holds in the demo data.
    static let sealedWords = [
        "公务员", "事业单位人员", "国有企业人员", "合同制人员", "社会招聘人员", "浦口区发改委", "浦口区财政局", "南京某事业单位",
        "civilServant", "publicInstitution", "stateOwnedEnterprise", "formerIdentity", "formerEmployer",
    ]

    func assertNoSealedField(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for w in Self.sealedWords where text.contains(w) { XCTFail("\(what) shows sealed word \(w)", file: file, line: line) }
    }

    func testNoListPageExportOrAPIAnswerShowsTheSealedRecord() async throws {
        try await eachEngine { app, _ in
            let person = try await Person.query(on: app.db).sort(\.$name).first()!
            for username in ["admin", "hr", "leader", "auditor"] {
                let b = Browser(app)
                try await b.login(username)
                for path in [
                    "/", "/people", "/people?sort=birthDate&dir=desc", "/people/export.csv", "/people/\(person.id!)",
                    "/people/\(person.id!)/edit",
                    "/posts", "/units", "/audit", "/audit/export.csv", "/units/export.csv", "/posts/export.csv",
                ] {
                    let r = try await b.get(path)
                    assertNoSealedField(r.text, "\(username) \(path)")
                }
                let api = try await APIClient.login(app, username)
                for path in ["/api/v1/people?limit=500", "/api/v1/people/\(person.id!)", "/api/v1/audit/events?limit=500"] {
                    let r = try await api.call(.GET, path)
                    assertNoSealedField(r.text, "\(username) \(path)")
                }
            }
        }
    }

    func testOpeningNeedsPermissionAndReasonAndIsAudited() async throws {
        try await eachEngine { app, _ in
            let person = try await Person.query(on: app.db).sort(\.$name).first()!
            let record = try await SealedRecord.query(on: app.db).filter(\.$personID == person.id!).first()!
            let staff = Browser(app)
            try await staff.login("leader")
            let _v62 = try await staff.get("/people/\(person.id!)/sealed").status
            XCTAssertEqual(_v62, .forbidden)
            let hr = Browser(app)
            try await hr.login("hr")
            let page = try await hr.get("/people/\(person.id!)/sealed")
            XCTAssertTrue(page.text.contains("查阅事由"))
            let noReason = try await hr.post("/people/\(person.id!)/sealed", ["reason": " "])
            XCTAssertEqual(noReason.status, .unprocessableEntity)
            XCTAssertTrue(noReason.text.contains("请写明查阅事由"))
            let _v63 = try await AuditEvent.query(on: app.db).filter(\.$action == "sealedOpen").count()
            XCTAssertEqual(_v63, 0)
            let opened = try await hr.post("/people/\(person.id!)/sealed", ["reason": "核对任职资格（公开遴选资格审查）"])
            XCTAssertEqual(opened.status, .ok)
            XCTAssertTrue(opened.text.contains(record.formerIdentity.label.zh))
            let event = try await AuditEvent.query(on: app.db).filter(\.$action == "sealedOpen").first()!
            XCTAssertEqual(event.actorName, "hr")
            XCTAssertEqual(event.entityID, person.id!.uuidString)
            XCTAssertEqual(event.note, "核对任职资格（公开遴选资格审查）")
        }
    }
}
