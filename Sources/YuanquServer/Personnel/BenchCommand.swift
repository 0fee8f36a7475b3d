import Foundation
import Vapor
import YuanquKit

/// `yuanqu bench matching`: times the two-way selection on a large random instance and prints the figures.
struct BenchMatchingCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "candidates", help: "Number of candidates (default 10000)") var candidates: Int?
        @Option(name: "posts", help: "Number of posts (default 1000)") var posts: Int?
        @Option(name: "choices", help: "Posts each candidate ranks (default 5)") var choices: Int?
        @Option(name: "runs", help: "Timed runs; the best and the median are printed (default 5)") var runs: Int?
    }
    var help: String { "Times stable matching (deferred acceptance) on a random instance: 10,000 candidates × 1,000 posts by default." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let nC = signature.candidates ?? 10_000
        let nP = signature.posts ?? 1_000
        let k = signature.choices ?? 5
        let runs = max(1, signature.runs ?? 5)
        let (candidates, posts) = MatchingBench.instance(candidates: nC, posts: nP, choices: k, seed: 2020)
        var times: [Double] = []
        var result: TwoWaySelection.Result? = nil
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            result = TwoWaySelection.match(candidates: candidates, posts: posts)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        let r = result!
        let places = posts.reduce(0) { $0 + $1.capacity }
        context.console.print("two-way selection: \(nC) candidates × \(nP) posts (\(places) places), \(k) choices each")
        context.console.print(
            String(format: "match time: best %.1f ms, median %.1f ms over %d runs", times[0], times[times.count / 2], runs)
        )
        context.console.print("matched \(r.assignments.count), unmatched \(r.unmatched.count), posts with open places \(r.unfilled.count)")
        let firstChoice = r.assignments.filter { $0.choice == 1 }.count
        context.console.print("first choice \(firstChoice) (\(r.assignments.isEmpty ? 0 : firstChoice * 100 / r.assignments.count)%)")
        context.console.print(times[times.count / 2] < 1000 ? "target (< 1 s): met" : "target (< 1 s): NOT met")
    }
}

enum MatchingBench {
    /// A random instance: candidates rank `choices` posts, some posts more popular than others; each unit ranks
    /// every candidate who listed its post, in a random order (as if by their scores).
    static func instance(candidates nC: Int, posts nP: Int, choices k: Int, seed: UInt64) -> (
        [TwoWaySelection.Candidate], [TwoWaySelection.Post]
    ) {
        var g = Demo.Generator(state: seed)
        var listed = [[String]](repeating: [], count: nP)
        var candidates: [TwoWaySelection.Candidate] = []
        candidates.reserveCapacity(nC)
        for c in 0..<nC {
            var prefs: [Int] = []
            while prefs.count < min(k, nP) {
                // Squaring a uniform draw favours low-numbered posts: popular posts draw more candidates.
                let u = Double(g.next() % 1_000_000) / 1_000_000
                let p = Int(u * u * Double(nP))
                if !prefs.contains(p) { prefs.append(p) }
            }
            for p in prefs { listed[p].append("c\(c)") }
            candidates.append(.init(id: "c\(c)", preferences: prefs.map { "p\($0)" }))
        }
        let perPost = max(1, nC / nP)
        let posts = (0..<nP).map { p -> TwoWaySelection.Post in
            var ranking = listed[p]
            for i in stride(from: ranking.count - 1, to: 0, by: -1) { ranking.swapAt(i, Int(g.next() % UInt64(i + 1))) }
            return .init(id: "p\(p)", capacity: perPost, ranking: ranking)
        }
        return (candidates, posts)
    }
}

/// `yuanqu bench investment`: times the leaderboard and the zone totals on every zone of the database
/// (run `yuanqu demo --scale city` first) and prints the figures.
struct BenchInvestmentCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "runs", help: "Timed runs per zone and figure (default 20)") var runs: Int?
    }
    var help: String {
        "Times the investment leaderboard and zone totals on every zone (target: under 50 ms each). Seed with `demo --scale city` first."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let runs = max(1, signature.runs ?? 20)
        let zones = try await Zone.query(on: app.db).sort(\.$code).all()
        let projects = try await InvestmentProject.query(on: app.db).count()
        context.console.print("\(zones.count) zones, \(projects) investment projects in all; \(runs) runs per zone")
        var totals: [Double] = []
        var boards: [Double] = []
        let period = String(CalendarDate.today().year)
        for z in zones {
            for _ in 0..<runs {
                var t = DispatchTime.now().uptimeNanoseconds
                _ = try await InvestmentService.totals(zone: z.id!, on: app.db)
                totals.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                t = DispatchTime.now().uptimeNanoseconds
                _ = try await InvestmentService.leaderboard(zone: z.id!, period: period, measure: .signedAmount, on: app.db)
                boards.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
        }
        func line(_ name: String, _ xs: [Double]) -> String {
            let s = xs.sorted()
            guard !s.isEmpty else { return name + ": no zones" }
            return String(
                format: "%@: median %.2f ms, p95 %.2f ms, max %.2f ms",
                name,
                s[s.count / 2],
                s[min(s.count - 1, s.count * 95 / 100)],
                s.last!
            )
        }
        context.console.print(line("zone totals", totals))
        context.console.print(line("leaderboard", boards))
        let worst = max(totals.sorted().dropLast(totals.count / 20).last ?? 0, boards.sorted().dropLast(boards.count / 20).last ?? 0)
        context.console.print(worst < 50 ? "target (< 50 ms at p95): met" : "target (< 50 ms at p95): NOT met")
    }
}

struct BenchCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] {
        [
            "matching": BenchMatchingCommand(), "investment": BenchInvestmentCommand(), "assessment": BenchAssessmentCommand(),
            "import": BenchImportCommand(),
        ]
    }
    var help: String { "Benchmarks: matching, investment, assessment, import." }
}
