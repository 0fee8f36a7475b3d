import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

final class ImportExportTests: XCTestCase {
    func testUnitImportIsAllOrNothingWithLineNumbers() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("hr")
            try await b.get("/units/import")
            let units = try await app.count(OrgUnit.self)
            let events = try await app.count(AuditEvent.self)
            let bad =
                "\u{FEFF}机构,名称,类型,上级单位,主责主业,职责\r\n管委会,产业促进部,部门,党工委管委会领导班子,是,产业规划\r\n管委会,产业促进一组,小组,产业促进部,否,\r\n管委会,坏单位,城堡,,否,\r\n开"
                + "发公司,新部门,部门,不存在的单位,否,\r\n"
            let r = try await b.upload("/units/import", file: bad)
            XCTAssertEqual(r.status, .unprocessableEntity)
            XCTAssertTrue(r.text.contains("未导入任何数据"))
            XCTAssertTrue(r.text.contains(">4</td>") && r.text.contains("类型须为"), "line 4: bad kind")
            XCTAssertTrue(r.text.contains(">5</td>") && r.text.contains("找不到单位“不存在的单位”"), "line 5: unknown parent")
            XCTAssertFalse(r.text.contains(">2</td>"), "good rows are not listed")
            let _v44 = try await app.count(OrgUnit.self)
            XCTAssertEqual(_v44, units, "nothing written")
            let _v45 = try await app.count(AuditEvent.self)
            XCTAssertEqual(_v45, events)
            // The same file without the bad rows imports; a later row may name an earlier row as its parent.
            let good = "机构,名称,类型,上级单位,主责主业,职责\n管委会,产业促进部,部门,党工委管委会领导班子,是,产业规划\n管委会,产业促进一组,小组,产业促进部,否,\n"
            let ok = try await b.upload("/units/import", file: good)
            XCTAssertEqual(ok.status, .ok)
            XCTAssertTrue(ok.text.contains("导入成功：共 2 条记录"))
            let _v46 = try await app.count(OrgUnit.self)
            XCTAssertEqual(_v46, units + 2)
            let _v47 = try await AuditEvent.query(on: app.db).filter(\.$action == "import").count()
            XCTAssertEqual(_v47, 1)
        }
    }

    func testPeopleAndPostImportCheckEveryRow() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("admin")
            try await b.get("/posts/import")
            let posts = "unit,title,tier,headcount\n经济发展部,区域合作岗,staff,1\n招商一组,组长,head,1\n经济发展部,规划岗,staff,abc\n"
            let pr = try await b.upload("/posts/import", file: posts)
            XCTAssertEqual(pr.status, .unprocessableEntity)
            XCTAssertTrue(pr.text.contains(">3</td>") && pr.text.contains(">4</td>"))
            XCTAssertTrue(pr.text.contains("编制数须为整数"))
            try await b.get("/people/import")
            let people = try await app.count(Person.self)
            let csv = "姓名,身份证号,单位,原身份\n钱一,11010519491231002X,经济发展部,公务员\n孙二,110105194912310021,经济发展部,公务员\n,320111199001011236,经济发展部,\n"
            let r = try await b.upload("/people/import", file: csv)
            XCTAssertEqual(r.status, .unprocessableEntity)
            XCTAssertTrue(r.text.contains(">3</td>") && r.text.contains("校验位"))
            XCTAssertTrue(r.text.contains(">4</td>") && r.text.contains("请填写姓名"))
            let _v48 = try await app.count(Person.self)
            XCTAssertEqual(_v48, people)
            let fine = try await b.upload("/people/import", file: "姓名,身份证号,单位,原身份\n钱一,11010519491231002X,经济发展部,公务员\n")
            XCTAssertEqual(fine.status, .ok, fine.text)
            let _v49 = try await app.count(Person.self)
            XCTAssertEqual(_v49, people + 1)
            let _v50 = try await app.count(SealedRecord.self)
            XCTAssertEqual(_v50, people + 1)
        }
    }

    func testBrokenFilesAreRefusedClearly() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("hr")
            try await b.get("/units/import")
            let unterminated = try await b.upload("/units/import", file: "名称,类型\n\"坏")
            XCTAssertEqual(unterminated.status, .unprocessableEntity)
            XCTAssertTrue(unterminated.text.contains("引号未闭合"))
            let noColumns = try await b.upload("/units/import", file: "foo,bar\n1,2\n")
            XCTAssertTrue(noColumns.text.contains("缺少必需的列“名称”"))
            let template = try await b.get("/units/import?template=1")
            XCTAssertTrue(template.text.hasPrefix("\u{FEFF}机构,名称,类型"))
        }
    }

    func testExportsOpenInExcelAndKeepTheFilters() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            try await b.login("leader")
            let r = try await b.get("/units/export.csv?kind=department&body=committee")
            XCTAssertEqual(r.status, .ok)
            XCTAssertTrue(r.headers.first(name: .contentType)!.contains("text/csv"))
            XCTAssertTrue(r.headers.first(name: .contentDisposition)!.contains("attachment"))
            XCTAssertTrue(r.text.hasPrefix("\u{FEFF}机构,名称,类型"))
            let rows = try CSV.parse(r.text)
            XCTAssertEqual(rows.count, 6, "header and five committee departments")
            XCTAssertTrue(rows.dropFirst().allSatisfy { $0.fields[2] == "部门" })
            let people = try await b.get("/people/export.csv?q=%E7%8E%8B")  // 王
            let peopleRows = try CSV.parse(people.text)
            let _v51 = try await Person.query(on: app.db).filter(\.$name ~~ "王").count()
            XCTAssertEqual(peopleRows.count - 1, _v51)
            XCTAssertTrue(peopleRows.dropFirst().allSatisfy { $0.fields[4].contains("********") }, "resident IDs are masked")
            try await b.get("/language/en?back=%2F")
            let english = try await b.get("/posts/export.csv")
            XCTAssertTrue(english.text.hasPrefix("\u{FEFF}Body,Unit,Title,Tier"))
        }
    }

    /// Every CSV export has an Excel twin at the same path ending .xlsx, with the same permission and filters.
    func testEveryCSVExportHasAnExcelTwin() async throws {
        try await eachEngine { app, engine in
            let b = Browser(app)
            try await b.login("hr")
            let book = try await b.get("/people/export.xlsx?gender=female")
            XCTAssertEqual(book.status, .ok, "[\(engine)]")
            XCTAssertEqual(book.headers.contentType?.subType, "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            XCTAssertTrue(book.text.hasPrefix("PK"), "[\(engine)] a ZIP package")
            XCTAssertTrue(book.headers.first(name: .contentDisposition)?.contains(".xlsx") == true)
            let staff = Browser(app)
            try await staff.login("staff")
            let denied = try await staff.get("/audit/export.xlsx")
            XCTAssertEqual(denied.status, .forbidden, "[\(engine)] the twin keeps its permission")
            let list = try await b.get("/people").text
            XCTAssertTrue(list.contains("/people/export.xlsx"), "[\(engine)] the list offers it")
        }
    }
}
