import NIOConcurrencyHelpers
import XCTest

@testable import YuanquServer

final class ReadCacheTests: XCTestCase {
    func testAnAnswerIsKeptUntilAWriteChangesItsZone() async throws {
        let cache = ReadCache()
        let (a, b) = (UUID(), UUID())
        let computed = NIOLockedValueBox(0)
        func figures(_ zone: UUID) async throws -> Int {
            try await cache.answer("figures|\(zone)", zone: zone) {
                computed.withLockedValue {
                    $0 += 1
                    return $0
                }
            }
        }
        let first = try await figures(a)
        let again = try await figures(a)
        XCTAssertEqual([first, again, computed.withLockedValue { $0 }], [1, 1, 1], "kept")
        cache.changed(.init(entities: ["session"], zones: [a]))
        let afterSignIn = try await figures(a)
        XCTAssertEqual(afterSignIn, 1, "signing in moves no figure")
        cache.changed(.init(entities: ["investmentProject"], zones: [b]))
        let otherZone = try await figures(a)
        XCTAssertEqual(otherZone, 1, "another zone's write leaves it")
        let platform = try await cache.answer("ranking", zone: nil) { 100 }
        cache.changed(.init(entities: ["investmentProject"], zones: [a]))
        let changed = try await figures(a)
        XCTAssertEqual(changed, 2, "its zone's write clears it")
        let ranking = try await cache.answer("ranking", zone: nil) { platform + 1 }
        XCTAssertEqual(ranking, 101, "every write clears the answers over all zones")
        cache.changed(.init(entities: ["zone"], zones: [nil]))
        let afterNewZone = try await figures(a)
        XCTAssertEqual(afterNewZone, 3, "a change of no zone clears every answer")
    }

    func testAWriteWhileComputingLeavesTheAnswerUnkept() async throws {
        let cache = ReadCache()
        let zone = UUID()
        let stale = try await cache.answer("k", zone: zone) {
            cache.changed(.init(entities: ["serviceRequest"], zones: [zone]))
            return "computed before the write"
        }
        XCTAssertEqual(stale, "computed before the write")
        let fresh = try await cache.answer("k", zone: zone) { "computed after" }
        XCTAssertEqual(fresh, "computed after")
    }

    func testAChangeTravelsBetweenProcessesIntact() {
        let zone = UUID()
        let change = ReadCache.Change(entities: ["session", "enterprise"], zones: [zone, nil])
        XCTAssertEqual(ReadCache.Change(payload: change.payload), change)
        XCTAssertEqual(ReadCache.Change(payload: "user"), ReadCache.Change(entities: ["user"], zones: [nil]))
    }

    func testRowPropertiesReadTheirSnakeCaseColumns() {
        XCTAssertEqual(SnakeCase.convert("zoneId"), "zone_id")
        XCTAssertEqual(SnakeCase.convert("isMainBusiness"), "is_main_business")
        XCTAssertEqual(SnakeCase.convert("id"), "id")
        XCTAssertEqual(SnakeCase.convert("someURLValue"), "some_url_value")
        XCTAssertEqual(SnakeCase.convert("progressSum"), "progress_sum")
        XCTAssertEqual(SnakeCase.column("residentId"), "resident_id")
        XCTAssertEqual(SnakeCase.column("residentId"), "resident_id", "remembered")
    }

    func testRequestsThatMissTogetherWaitForOneComputation() async throws {
        let cache = ReadCache()
        let zone = UUID()
        let computed = NIOLockedValueBox(0)
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    try await cache.answer("slow", zone: zone) {
                        try await Task.sleep(nanoseconds: 50_000_000)
                        return computed.withLockedValue {
                            $0 += 1
                            return $0
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(Set(answers), [1])
        XCTAssertEqual(computed.withLockedValue { $0 }, 1, "computed once")
    }
}
