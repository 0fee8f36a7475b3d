import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// One read per list (issue 21): a list's page, its export and the API answer the same rows in the same order for
/// the same filter, because all three call the one query; and each query, called directly, keeps what its filter says.
final class ListReadTests: XCTestCase {
    /// The API's items for a path (all of them, up to 500).
    private func items(_ api: APIClient, _ path: String) async throws -> [[String: Any]] {
        let r = try await api.call(.GET, path + (path.contains("?") ? "&" : "?") + "limit=500")
        XCTAssertEqual(r.status, .ok, r.text)
        return r.json["items"] as? [[String: Any]] ?? []
    }

    /// A CSV export's lines without its header.
    private func exported(_ b: Browser, _ path: String) async throws -> [[String]] {
        let r = try await b.get(path)
        XCTAssertEqual(r.status, .ok, path)
        return try CSV.parse(r.text).dropFirst().map(\.fields)
    }

    /// Each of `texts` appears in `page` after the one before it: the page shows them in this order.
    private func assertInOrder(_ texts: [String], in page: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        var from = page.startIndex
        for text in texts {
            guard let found = page.range(of: text, range: from..<page.endIndex) else {
                XCTFail("\(what): \(text) not on the page in the API's order", file: file, line: line)
                return
            }
            from = found.upperBound
        }
    }

    private func pageSize(_ app: Application) async throws -> Int {
        try await Settings.int("list.pageSize", zone: try await Zone.query(on: app.db).first()?.id, on: app.db)
    }

    func testPeopleSortedByUnitAreOneListOnThePageInTheExportAndTheAPI() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("admin")
            let api = try await APIClient.login(app, "admin")
            let query = "?body=committee&sort=unit"
            let answered = try await items(api, "/api/v1/people" + query)
            XCTAssertGreaterThan(answered.count, 20, "[\(engine)]")
            let names = answered.compactMap { $0["name"] as? String }
            // The export sorts by unit name, as the page and the API do (it sorted by unit id).
            let lines = try await exported(b, "/people/export.csv" + query)
            XCTAssertEqual(lines.map { $0[0] }, names, "[\(engine)]")
            let page = try await b.get("/people" + query)
            let ids = answered.prefix(try await pageSize(app)).compactMap { $0["id"] as? String }
            assertInOrder(ids.map { "/people/\($0)" }, in: page.text, "[\(engine)] people")
        }
    }

    func testThePipelineIsOneListOnThePageInTheExportAndTheAPI() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("admin")
            let api = try await APIClient.login(app, "admin")
            for query in ["", "?major=true", "?major=false", "?stage=signed"] {
                let answered = try await items(api, "/api/v1/investment-projects" + query)
                let lines = try await exported(b, "/investment/export.csv" + query)
                XCTAssertEqual(lines.map { $0[0] }, answered.compactMap { $0["name"] as? String }, "[\(engine)] \(query)")
                let page = try await b.get("/investment" + query)
                let ids = answered.prefix(try await pageSize(app)).compactMap { $0["id"] as? String }
                assertInOrder(ids.map { "/investment/projects/\($0)" }, in: page.text, "[\(engine)] pipeline \(query)")
            }
            // What `major` keeps is what the Kit's rule calls major, and nothing else.
            let major = try await items(api, "/api/v1/investment-projects?major=true")
            XCTAssertFalse(major.isEmpty, "[\(engine)]")
            XCTAssertTrue(major.allSatisfy { $0["isMajor"] as? Bool == true }, "[\(engine)]")
            let rest = try await items(api, "/api/v1/investment-projects?major=false")
            XCTAssertTrue(rest.allSatisfy { $0["isMajor"] as? Bool == false }, "[\(engine)]")
        }
    }

    func testEnterprisesAreOneListOnThePageInTheExportAndTheAPI() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("admin")
            let api = try await APIClient.login(app, "admin")
            let answered = try await items(api, "/api/v1/enterprises")
            XCTAssertFalse(answered.isEmpty, "[\(engine)]")
            let lines = try await exported(b, "/enterprises/export.csv")
            XCTAssertEqual(lines.map { $0[0] }, answered.compactMap { $0["name"] as? String }, "[\(engine)]")
            let page = try await b.get("/enterprises")
            let ids = answered.prefix(try await pageSize(app)).compactMap { $0["id"] as? String }
            assertInOrder(ids.map { "/enterprises/\($0)" }, in: page.text, "[\(engine)] enterprises")
        }
    }

    func testContractsAreOneListOnThePageInTheExportAndTheAPI() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("hr")
            let api = try await APIClient.login(app, "hr")
            for query in ["", "?status=active"] {
                // The API orders by status then end date, as the page and the export do (it ordered by end date).
                let answered = try await items(api, "/api/v1/contracts" + query)
                XCTAssertFalse(answered.isEmpty, "[\(engine)] \(query)")
                let lines = try await exported(b, "/contracts/export.csv" + query)
                XCTAssertEqual(lines.map { $0[3] }, answered.compactMap { $0["startDate"] as? String }, "[\(engine)] \(query)")
                let page = try await b.get("/contracts" + query)
                assertInOrder(answered.compactMap { $0["personId"] as? String }.map { "/people/\($0)" }, in: page.text, "contracts")
            }
        }
    }

    func testServiceRequestsAreOneListOnThePageAndTheAPI() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("admin")
            let api = try await APIClient.login(app, "admin")
            for query in ["", "?overdue=true"] {
                // The API orders by due date, as the page does (it ordered by opening, newest first).
                let answered = try await items(api, "/api/v1/service-requests" + query)
                let due = answered.compactMap { $0["dueOn"] as? String }
                XCTAssertEqual(due, due.sorted(), "[\(engine)] \(query)")
                let page = try await b.get("/service-requests" + query)
                assertInOrder(answered.compactMap { $0["title"] as? String }, in: page.text, "[\(engine)] requests \(query)")
            }
        }
    }

    /// Each list's query, called directly: the filter keeps exactly its rows, and the count is the rows'.
    func testEachListQueryKeepsWhatItsFilterSays() async throws {
        try await eachEngine { app, engine in
            let pukou = try await Zone.query(on: app.db).filter(\.$code == "pukou").first()
            let zone = try XCTUnwrap(pukou?.id)
            let today = CalendarDate.today()
            // Contracts: active ones only, every one counted.
            var contracts = try await ContractsQuery.Filter(zone: zone)
            contracts.status = "active"
            let active = try await ContractsQuery.rows(contracts, today: today, on: app.db)
            XCTAssertFalse(active.isEmpty, "[\(engine)]")
            XCTAssertTrue(active.allSatisfy { $0.status == "active" }, "[\(engine)]")
            let activeCount = try await ContractsQuery.count(contracts, today: today, on: app.db)
            XCTAssertEqual(activeCount, active.count, "[\(engine)]")
            let second = try await ContractsQuery.rows(contracts, today: today, range: 1..<3, on: app.db)
            XCTAssertEqual(second.map(\.id), Array(active.dropFirst().prefix(2)).map(\.id), "[\(engine)] a range is a slice")
            // Service requests: overdue ones are open and past due.
            var requests = EnterpriseQueries.RequestFilter(zone: zone)
            requests.overdue = true
            let overdue = try await EnterpriseQueries.requests(requests, range: 0..<500, today: today, on: app.db)
            XCTAssertTrue(
                overdue.allSatisfy { $0.status != "closed" && $0.dueOn < today.description },
                "[\(engine)]"
            )
            let overdueCount = try await EnterpriseQueries.requestCount(requests, today: today, on: app.db)
            XCTAssertEqual(overdueCount, overdue.count, "[\(engine)]")
            // Enterprises: a name search keeps the names that contain it.
            var enterprises = EnterpriseQueries.Filter(zone: zone)
            enterprises.q = "科技"
            let found = try await EnterpriseQueries.page(enterprises, range: nil, on: app.db)
            XCTAssertTrue(found.rows.allSatisfy { $0.name.contains("科技") }, "[\(engine)]")
            XCTAssertEqual(found.total, found.rows.count, "[\(engine)]")
            // People: the committee's only, all of them (no range), for a reader of the whole zone.
            let admin = Actor(
                userID: nil,
                username: "admin",
                displayName: "admin",
                role: .zoneAdmin,
                zoneID: zone,
                unitID: nil,
                personID: nil,
                sessionID: nil,
                language: nil
            )
            let committee = try await PeopleListQuery.page(
                OrgQueries.PersonFilter(zone: zone, body: .committee),
                actor: admin,
                sort: "name",
                descending: false,
                range: nil,
                on: app.db
            )
            XCTAssertFalse(committee.rows.isEmpty, "[\(engine)]")
            XCTAssertTrue(committee.rows.allSatisfy { $0.bodyKind == .committee }, "[\(engine)]")
            XCTAssertEqual(committee.total, committee.rows.count, "[\(engine)]")
            // Pipeline: `major` keeps exactly the projects the Kit's rule calls major.
            var pipeline = InvestmentAPI.Filter(zone: zone)
            let threshold = try await InvestmentAPI.threshold(pipeline, on: app.db)
            let all = try await PipelineQuery.page(pipeline, threshold: threshold, range: nil, on: app.db)
            pipeline.major = true
            let major = try await PipelineQuery.page(pipeline, threshold: threshold, range: nil, on: app.db)
            XCTAssertFalse(major.rows.isEmpty, "[\(engine)]")
            XCTAssertEqual(major.rows.map(\.id), all.rows.filter { $0.isMajor(threshold: threshold) }.map(\.id), "[\(engine)]")
            XCTAssertEqual(major.total, major.rows.count, "[\(engine)]")
        }
    }
}
