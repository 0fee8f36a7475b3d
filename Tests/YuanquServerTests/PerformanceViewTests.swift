import XCTest

@testable import YuanquKit
@testable import YuanquServer

/// The performance views rendered from hand-made page models, without a database.
final class PerformanceViewTests: XCTestCase {
    private func person(_ name: String, score: Double, grade: Grade, band: Grade = .excellent, rank: Int?, head: Bool = false)
        -> UnitResultsPage.Person
    {
        .init(
            id: UUID(),
            name: name,
            own: score,
            score: score,
            grade: grade.rawValue,
            bandGrade: band.rawValue,
            rank: rank,
            followsUnit: head,
            notes: head ? [PerformanceLabels.note("followsUnit", .publicInstitution)] : [],
            parts: [],
            payFen: nil
        )
    }

    private func result(_ id: String, grade: Grade, notes: [String]) -> CycleEngine.Result {
        CycleEngine.Result(
            assessee: .person,
            id: id,
            name: id,
            group: "u",
            own: 95,
            score: 95,
            bandGrade: .excellent,
            grade: grade,
            rank: nil,
            parts: [],
            notes: notes
        )
    }

    /// Ten people in a 优秀 unit at 20%: two places; one head following the unit takes one, so the staff's line is
    /// drawn after the first of them.
    func testTheQuotaLineOfAUnitSitsAfterThePlacesLeftToStaff() {
        var results = [result("head", grade: .excellent, notes: ["followsUnit"])]
        for i in 0..<9 { results.append(result("s\(i)", grade: i == 0 ? .excellent : .competent, notes: [])) }
        let quota = CycleEngine.UnitQuota(unitGrade: .excellent, people: results, rules: .standard)
        XCTAssertEqual([quota.assessed, quota.places, quota.heads, quota.staffPlaces], [10, 2, 1, 1])
        let model = UnitResultsPage(
            cycle: .init(id: UUID(), name: "2025年度考核"),
            unitName: "企业服务部",
            unit: nil,
            gradeSet: .publicInstitution,
            quota: quota,
            people: [person("负责人甲", score: 95, grade: .excellent, rank: nil, head: true)]
                + (0..<9).map { person("职员\($0)", score: 99 - Double($0), grade: $0 == 0 ? .excellent : .competent, rank: $0 + 1) },
            showPay: false
        )
        let html = UnitResultsView.view(model, ViewContext(lang: .zh, csrfToken: "t")).render()
        XCTAssertTrue(html.contains("参加考核 10 人（含随部门结果的负责人）× 20%，向下取整 = 2 名"), html)
        XCTAssertTrue(html.contains("随部门为优秀的负责人 1 人先占名额，其余 1 名按排名"))
        XCTAssertTrue(html.contains("优秀名额线：1 名"))
        let head = html.range(of: "负责人甲")!.lowerBound
        let first = html.range(of: "职员0")!.lowerBound
        let line = html.range(of: "quota-line")!.lowerBound
        let second = html.range(of: "职员1")!.lowerBound
        XCTAssertTrue(head < first && first < line && line < second, "head, the staff member inside, the line, the rest")
    }

    /// Two heads following a 优秀 unit of six at 20%: one place, the heads hold it, none is left to staff.
    func testHeadsOverTheQuotaLeaveNoPlaceAndSaySo() {
        var results = [
            result("h0", grade: .excellent, notes: ["followsUnit"]),
            result("h1", grade: .competent, notes: ["followsUnit", CycleEngine.UnitQuota.headOverQuota]),
        ]
        for i in 0..<4 { results.append(result("s\(i)", grade: .competent, notes: [])) }
        let quota = CycleEngine.UnitQuota(unitGrade: .excellent, people: results, rules: .standard)
        XCTAssertEqual([quota.assessed, quota.places, quota.heads, quota.staffPlaces], [6, 1, 2, 0])
        let zh = PerformanceLabels.headsPlaces(quota, .publicInstitution).zh
        XCTAssertTrue(zh.contains("负责人 2 人多于名额"), zh)
        let note = PerformanceLabels.note(CycleEngine.UnitQuota.headOverQuota, .publicInstitution)
        XCTAssertTrue(note.zh.contains("为“合格”"), note.zh)
        XCTAssertTrue(PerformanceLabels.note(CycleEngine.UnitQuota.headOverQuota, .civilService).zh.contains("为“称职”"))
        let none = CycleEngine.UnitQuota(unitGrade: .excellent, people: Array(results.prefix(4)), rules: .standard)
        XCTAssertEqual(none.places, 0)
        XCTAssertTrue(PerformanceLabels.headsPlaces(none, .publicInstitution).zh.contains("没有优秀名额"))
    }
}
