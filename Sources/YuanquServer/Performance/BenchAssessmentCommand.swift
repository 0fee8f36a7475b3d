import Foundation
import Vapor
import YuanquKit

/// `yuanqu bench assessment`: times one assessment cycle (`CycleEngine.compute`) on a large random instance and
/// prints the figures.
struct BenchAssessmentCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "people", help: "Number of people assessed (default 40000)") var people: Int?
        @Option(name: "units", help: "Number of units (default 200)") var units: Int?
        @Option(name: "indicators", help: "Indicators per assessee, units and people each (default 10)") var indicators: Int?
        @Option(name: "runs", help: "Timed runs; the best and the median are printed (default 5)") var runs: Int?
    }
    var help: String {
        "Times an assessment cycle (scores, unit feed, cases, 优秀 quota, pay) on a random instance: 40,000 people in 200 units by default."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let nPeople = max(1, signature.people ?? 40_000)
        let nUnits = max(1, signature.units ?? 200)
        let k = max(1, signature.indicators ?? 10)
        let runs = max(1, signature.runs ?? 5)
        let input = AssessmentBench.instance(people: nPeople, units: nUnits, indicators: k, seed: 2025)
        for p in input.rules.problems() { context.console.print("scheme problem: \(p.field): \(p.en)") }
        var times: [Double] = []
        var outcome: CycleEngine.Outcome? = nil
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            outcome = CycleEngine.compute(input)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        let o = outcome!
        let ratings = input.ratings.values.reduce(0) { n, byCode in
            n + byCode.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } }
        }
        let cases = input.cases.values.reduce(0) { $0 + $1.count }
        context.console.print(
            "assessment cycle: \(nPeople) people in \(nUnits) units, \(k) unit and \(k) person indicators, \(ratings) ratings, \(cases) cases"
        )
        context.console.print(
            String(format: "compute time: best %.1f ms, median %.1f ms over %d runs", times[0], times[times.count / 2], runs)
        )
        let people = o.results.filter { $0.assessee == .person }
        let excellent = people.filter { $0.grade == .excellent }.count
        let tied = o.tied.values.reduce(0) { $0 + $1.count }
        let places = o.places.filter { $0.key != CycleEngine.Input.unitsGroup }.values.reduce(0, +)
        context.console.print(
            "graded \(people.filter { $0.grade != nil }.count); 优秀 \(excellent) of \(places) staff places (+ heads of 优秀 units); "
                + "tied at the line \(tied) in \(o.tied.count) groups"
        )
        let pools = o.pools.values.reduce(0, +)
        let paid = people.reduce(Int64(0)) { $0 + ($1.pay?.amount ?? 0) }
        context.console.print("pay: pools ¥\(pools / 100), paid ¥\(paid / 100) (reconciled to the fen: \(pools == paid ? "yes" : "NO"))")
        context.console.print(times[times.count / 2] < 2000 ? "target (< 2 s): met" : "target (< 2 s): NOT met")
    }
}

enum AssessmentBench {
    /// A scheme of `k` unit indicators (quantitative by each kind of rule, with one qualitative in five) and `k`
    /// person indicators (qualitative by leaders, peers and self, with one quantitative in five), weighted equally.
    static func rules(indicators k: Int) -> SchemeRules {
        var r = SchemeRules.standard
        let w = 100 / Double(k)
        let unit = (0..<k).map { i -> Indicator in
            let measure: Indicator.Measure
            switch i % 5 {
            case 0: measure = .quantitative(source: .requestsClosed, rule: .linear(cap: 120), target: 10)
            case 1: measure = .quantitative(source: .requestsOverdue, rule: .lowerIsBetter(worst: 10), target: 1)
            case 2:
                measure = .quantitative(
                    source: .satisfaction,
                    rule: .bands([.init(atLeast: 60, score: 60), .init(atLeast: 80, score: 80), .init(atLeast: 90, score: 100)]),
                    target: 5
                )
            case 3: measure = .quantitative(source: .contractsOnTime, rule: .linear(cap: 100), target: 100)
            default: measure = .qualitative(raters: [.leader, .serviceRecipient])
            }
            return Indicator(code: "U\(i + 1)", name: "单位指标 \(i + 1)", assessee: .unit, weight: w, measure: measure)
        }
        let person = (0..<k).map { i -> Indicator in
            let measure: Indicator.Measure =
                i % 5 == 4
                ? .quantitative(source: .entered, rule: .linear(cap: 110), target: 100) : .qualitative(raters: [.leader, .peer, .self])
            return Indicator(code: "P\(i + 1)", name: "个人指标 \(i + 1)", assessee: .person, weight: w, measure: measure)
        }
        r.indicators = unit + r.indicators(for: .team) + person
        return r
    }

    /// A random cycle: each unit a head and its staff; every unit and person measured on every quantitative
    /// indicator and rated by about five of each rater group on every qualitative one (ratings in whole points, so
    /// ties at the quota line occur); one person in a hundred with a case, a third of them exempted.
    static func instance(people nPeople: Int, units nUnits: Int, indicators k: Int, seed: UInt64) -> CycleEngine.Input {
        var g = Demo.Generator(state: seed)
        let rules = rules(indicators: k)
        var actuals: [String: [String: Double]] = [:]
        var ratings: [String: [String: [RaterGroup: [Double]]]] = [:]
        actuals.reserveCapacity(nUnits + nPeople)
        ratings.reserveCapacity(nUnits + nPeople)
        func measure(_ id: String, _ a: Assessee, level: Int) {
            var acts: [String: Double] = [:]
            var rats: [String: [RaterGroup: [Double]]] = [:]
            for ind in rules.indicators(for: a) {
                switch ind.measure {
                case .quantitative(let source, _, let target):
                    switch source {
                    case .requestsOverdue: acts[ind.code] = Double(g.int(0...12))
                    case .satisfaction: acts[ind.code] = Double(g.int(30...50)) / 10
                    default: acts[ind.code] = target * Double(g.int(max(0, level - 30)...level + 15)) / 100
                    }
                case .qualitative(let raters):
                    var byGroup: [RaterGroup: [Double]] = [:]
                    for r in raters {
                        byGroup[r] = (0..<g.int(3...7)).map { _ in Double(min(100, g.int(max(0, level - 10)...level + 5))) }
                    }
                    rats[ind.code] = byGroup
                }
            }
            actuals[id] = acts
            ratings[id] = rats
        }
        var units: [CycleEngine.Subject] = []
        for u in 0..<nUnits {
            units.append(.init(id: "u\(u)", name: "单位\(u)"))
            measure("u\(u)", .unit, level: g.int(70...95))
        }
        var people: [CycleEngine.PersonIn] = []
        var cases: [String: [(effect: CaseEffect, exempted: Bool)]] = [:]
        people.reserveCapacity(nPeople)
        let sanctions = Array(rules.caseEffects.keys).sorted()
        for p in 0..<nPeople {
            let u = p % nUnits
            let id = "p\(p)"
            people.append(.init(id: id, name: "员工\(p)", unitID: "u\(u)", tier: p < nUnits ? .head : .staff))
            measure(id, .person, level: g.int(75...100))
            if g.int(0...99) == 0, let effect = rules.effect(of: g.pick(sanctions)) {
                cases[id] = [(effect, g.int(0...2) == 0)]
            }
        }
        return CycleEngine.Input(rules: rules, units: units, people: people, actuals: actuals, ratings: ratings, cases: cases)
    }
}
