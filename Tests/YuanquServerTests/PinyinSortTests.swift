import Fluent
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// People lists sort Chinese names as a phone book does, on both engines.
final class PinyinSortTests: XCTestCase {
    func testPeopleListsSortNamesInPinyinOrder() async throws {
        try await eachEngine { app, engine in
            let hr = try await APIClient.login(app, "hr")
            let unit = try await app.unit(named: "工程管理部")
            let people = try await Person.query(on: app.db).filter(\.$unitID == unit.id!).sort(\.$id).all()
            let names = ["张敏", "李娜", "王伟", "单雄", "曾志", "阿强", "赵丽"]
            XCTAssertGreaterThanOrEqual(people.count, names.count)
            for (p, name) in zip(people, names) {
                let r = try await hr.call(.PATCH, "/api/v1/people/\(p.id!.uuidString)", ["name": name])
                XCTAssertEqual(r.status, .ok, r.text)
            }
            let expected = ["阿强", "李娜", "单雄", "王伟", "曾志", "张敏", "赵丽"]
            let listed = try await hr.call(.GET, "/api/v1/people?unit=\(unit.id!.uuidString)&limit=500").items.compactMap {
                $0["name"] as? String
            }
            XCTAssertEqual(listed.filter(names.contains), expected, "[\(engine)] the API list")
            let b = Browser(app)
            try await b.login("hr")
            let page = try await b.get("/people?unit=\(unit.id!.uuidString)&sort=name").text
            let positions = expected.compactMap { page.range(of: $0)?.lowerBound }
            XCTAssertEqual(positions.count, expected.count)
            XCTAssertEqual(positions, positions.sorted(), "[\(engine)] the page lists them in pinyin order")
            let descending = try await b.get("/people?unit=\(unit.id!.uuidString)&sort=name&dir=desc").text
            let backwards = expected.compactMap { descending.range(of: $0)?.lowerBound }
            XCTAssertEqual(backwards, backwards.sorted(by: >), "[\(engine)] and backwards")
        }
    }

    func testEnterprisesAreListedInPinyinOrder() async throws {
        try await eachEngine { app, engine in
            let head = try await APIClient.login(app, "head")
            for name in ["张拼音测试", "曾拼音测试", "阿拼音测试", "李拼音测试"] {
                let r = try await head.call(.POST, "/api/v1/enterprises", ["name": name, "industry": "ic"])
                XCTAssertEqual(r.status, .created, r.text)
            }
            let listed = try await head.call(.GET, "/api/v1/enterprises?q=拼音测试").items.compactMap { $0["name"] as? String }
            XCTAssertEqual(listed, ["阿拼音测试", "李拼音测试", "曾拼音测试", "张拼音测试"], "[\(engine)]")
            let b = Browser(app)
            try await b.login("head")
            let page = try await b.get("/enterprises?q=拼音测试").text
            let positions = listed.compactMap { page.range(of: $0)?.lowerBound }
            XCTAssertEqual(positions.count, 4)
            XCTAssertEqual(positions, positions.sorted(), "[\(engine)] the page too")
        }
    }
}
