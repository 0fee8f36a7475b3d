import XCTest

@testable import YuanquKit

final class DashboardTests: XCTestCase {
    func day(_ s: String) -> CalendarDate { CalendarDate(s)! }

    func testTheYearSoFarIsSetAgainstLastYearToTheSameDay() {
        let today = day("2026-11-26")
        XCTAssertEqual(YearSpan.of(year: 2026, today: today), YearSpan(from: day("2026-01-01"), to: today))
        XCTAssertEqual(YearSpan.of(year: 2026, today: today)?.yearBefore, YearSpan(from: day("2025-01-01"), to: day("2025-11-26")))
        // A year that is over is compared whole.
        XCTAssertEqual(YearSpan.of(year: 2025, today: today), YearSpan(from: day("2025-01-01"), to: day("2025-12-31")))
        XCTAssertNil(YearSpan.of(year: 2027, today: today))
        // 29 February has no day a year earlier: the 28th stands for it.
        XCTAssertEqual(YearSpan.of(year: 2024, today: day("2024-02-29"))?.yearBefore.to, day("2023-02-28"))
        XCTAssertEqual(YearSpan.of(year: 2026, today: today)?.months, 1...11)
    }

    func testChangeOnLastYear() {
        XCTAssertEqual(Comparison(current: 150, previous: 100).changeBasisPoints, 5000)
        XCTAssertEqual(Comparison(current: 50, previous: 100).changeBasisPoints, -5000)
        XCTAssertEqual(Comparison(current: 100, previous: 100).changeBasisPoints, 0)
        XCTAssertNil(Comparison(current: 100, previous: 0).changeBasisPoints)
    }

    func testZonesScoreTheirWeightAgainstTheBestAndShareRanksOnTies() {
        let current = [
            ZoneRanking.Entry(id: "a", values: [.signedAmount: 100, .majorProjects: 2, .serviceOnTime: 10_000]),
            ZoneRanking.Entry(id: "b", values: [.signedAmount: 50, .majorProjects: 4]),
            ZoneRanking.Entry(id: "c", values: [.signedAmount: 50, .majorProjects: 4]),
            ZoneRanking.Entry(id: "d", values: [:]),
        ]
        let previous = [
            ZoneRanking.Entry(id: "a", values: [.signedAmount: 10]),
            ZoneRanking.Entry(id: "b", values: [.signedAmount: 30]),
            ZoneRanking.Entry(id: "c", values: [.signedAmount: 20]),
        ]
        let s = ZoneRanking.rank(current, previous: previous)
        // a: 30 (best signed) + 10 (half the best major count, 20 × 2/4) + 15 (on time, the only rate) = 55 points.
        // b and c: 15 + 20 = 35 each; d nothing.
        XCTAssertEqual(s.map(\.id), ["a", "b", "c", "d"])
        XCTAssertEqual(s.map(\.score), [5500, 3500, 3500, 0])
        XCTAssertEqual(s.map(\.rank), [1, 2, 2, 4])
        // Last year b led, c was second and a third; d was not ranked.
        XCTAssertEqual(s.map(\.previousRank), [3, 1, 2, nil])
        XCTAssertEqual(s.map(\.change), [2, -1, 0, nil])
        XCTAssertEqual(s[0].measureRanks, [.signedAmount: 1, .majorProjects: 3, .serviceOnTime: 1])
        XCTAssertEqual(s[3].measureRanks, [:])
        XCTAssertEqual(ZoneRanking.Measure.allCases.map(\.weight).reduce(0, +), 100)
    }

    func testNothingToRankScoresNothing() {
        let s = ZoneRanking.rank([.init(id: "a", values: [.signedAmount: 0]), .init(id: "b", values: [:])], previous: [])
        XCTAssertEqual(s.map(\.score), [0, 0])
        XCTAssertEqual(s.map(\.rank), [1, 1])
        XCTAssertEqual(s.map(\.previousRank), [nil, nil])
    }
}
