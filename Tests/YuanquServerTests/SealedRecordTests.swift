import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class SealedRecordTests: XCTestCase {
    /// Words that only a sealed record holds in the demo data: every former identity in both languages and as the API
    /// writes it (but `contract`, which names the contracts pages too, and `publicRecruit`, the start of the campaign
    /// kind `publicRecruitment`), every former employer the demo gives (checked against the data below), and the field
    /// names.
    static let sealedWords =
        FormerIdentity.allCases.flatMap { [$0.label.zh, $0.label.en] }
        + FormerIdentity.allCases.filter { $0 != .contract && $0 != .publicRecruit }.map(\.rawValue)
        + ["浦口区发改委", "浦口区财政局", "区属国有企业", "南京某事业单位", "社会招聘", "浦口区住建局"]
        + ["formerIdentity", "formerEmployer"]

    func assertNoSealedField(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for w in Self.sealedWords where text.contains(w) { XCTFail("\(what) shows sealed word \(w)", file: file, line: line) }
    }

    func testNoListPageExportOrAPIAnswerShowsTheSealedRecord() async throws {
        try await eachEngine { app, engine in
            // The words cover what the demo sealed: every identity and every employer.
            let records = try await SealedRecord.query(on: app.db).all()
            XCTAssertEqual(Set(records.map(\.formerIdentity)), Set(FormerIdentity.allCases), "[\(engine)] the demo seals every identity")
            let employers = Set(records.map(\.formerEmployer)).subtracting([""])
            XCTAssertGreaterThanOrEqual(employers.count, 6)
            XCTAssertEqual(employers.subtracting(Self.sealedWords), [], "[\(engine)] an employer the scan does not look for")
            let person = try await Person.query(on: app.db).sort(\.$name).first()!
            let common = [
                "/", "/people", "/people?sort=birthDate&dir=desc", "/people/export.csv", "/people/\(person.id!)", "/posts", "/units",
                "/units/export.csv", "/posts/export.csv",
            ]
            let audit = ["/audit", "/audit/export.csv"]
            let pages: [String: [String]] = [
                "admin": common + audit + ["/people/\(person.id!)/edit"],
                "hr": common + ["/people/\(person.id!)/edit"],
                "leader": common,
                "auditor": common + audit,
            ]
            let api: [String: [String]] = [
                "admin": ["/api/v1/people?limit=500", "/api/v1/people/\(person.id!)", "/api/v1/audit/events?limit=500"],
                "hr": ["/api/v1/people?limit=500", "/api/v1/people/\(person.id!)"],
                "leader": ["/api/v1/people?limit=500", "/api/v1/people/\(person.id!)"],
                "auditor": ["/api/v1/people?limit=500", "/api/v1/people/\(person.id!)", "/api/v1/audit/events?limit=500"],
            ]
            for (username, paths) in pages.sorted(by: { $0.key < $1.key }) {
                for lang in ["zh", "en"] {
                    let b = Browser(app)
                    try await b.login(username)
                    b.cookies["lang"] = lang
                    for path in paths {
                        let r = try await b.get(path)
                        // A refusal or an error page would show nothing sealed and prove nothing.
                        XCTAssertEqual(r.status, .ok, "[\(engine)] \(username) \(lang) \(path)")
                        assertNoSealedField(r.text, "[\(engine)] \(username) \(lang) \(path)")
                    }
                }
                let client = try await APIClient.login(app, username)
                for path in api[username]! {
                    let r = try await client.call(.GET, path)
                    XCTAssertEqual(r.status, .ok, "[\(engine)] \(username) \(path)")
                    assertNoSealedField(r.text, "[\(engine)] \(username) \(path)")
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

/// Engineering and cost staff need the holders' names and units, not HR records (issue 27, part 2).
final class NeedToKnowTests: XCTestCase {
    func testEngineeringAndCostStaffReadOnlyTheirOwnPeopleContractsAndAppointments() async throws {
        try await eachEngine(engineering: true) { app, _ in
            let hr = try await APIClient.login(app, "hr")
            let allPeople = try await hr.call(.GET, "/api/v1/people?limit=5").total
            XCTAssertGreaterThan(allPeople, 100)
            for role in ["engineer", "cost"] {
                let api = try await APIClient.login(app, role)
                let me = try await User.query(on: app.db).filter(\.$username == role).first()!.personID!
                for path in ["/api/v1/people", "/api/v1/contracts", "/api/v1/appointments"] {
                    let r = try await api.call(.GET, path + "?limit=200")
                    XCTAssertEqual(r.status, .ok, "\(role) \(path)")
                    let people = Set(r.items.compactMap { ($0["personId"] ?? $0["id"]) as? String })
                    XCTAssertTrue(people.isSubset(of: [me.uuidString]), "\(role) \(path): only their own, not \(people.count)")
                    XCTAssertTrue((0...2).contains(r.total), "\(role) \(path): \(r.total) records")
                }
                let other = try await Person.query(on: app.db).filter(\.$id != me).first()!.id!
                let page = try await RouteMatrixTests.browser(app, role).get("/people/\(other)")
                XCTAssertTrue([.forbidden, .notFound].contains(page.status), "\(role) opens another's record: \(page.status)")
                // The projects still name their holders and units.
                let projects = try await RouteMatrixTests.browser(app, role).get("/engineering/projects")
                XCTAssertEqual(projects.status, .ok)
            }
        }
    }
}
