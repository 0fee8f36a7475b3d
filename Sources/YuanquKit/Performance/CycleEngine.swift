import Foundation

/// Computes one assessment cycle: units and teams from their indicators, people from theirs and their unit's (or
/// team's) grade, cases applied, the 优秀 quota cut per group with ties held for a decision (a unit's heads counted in
/// its quota, `UnitQuota`), and the pay split.
/// Pure: the server loads the inputs, calls `compute`, and saves the outcome.
public enum CycleEngine {
    public struct Subject: Sendable, Equatable {
        public let id: String
        public let name: String
        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public struct PersonIn: Sendable, Equatable {
        public let id: String
        public let name: String
        public let unitID: String
        /// The team the person works in, whose result feeds theirs instead of the unit's.
        public let teamID: String?
        public let tier: Tier
        public init(id: String, name: String, unitID: String, teamID: String? = nil, tier: Tier) {
            self.id = id
            self.name = name
            self.unitID = unitID
            self.teamID = teamID
            self.tier = tier
        }
    }

    public struct Input: Sendable {
        public var rules: SchemeRules
        public var units: [Subject]
        public var teams: [Subject]
        public var people: [PersonIn]
        /// Actual values by subject id, then indicator code.
        public var actuals: [String: [String: Double]]
        /// Ratings by subject id, then indicator code, then rater group.
        public var ratings: [String: [String: [RaterGroup: [Double]]]]
        /// Recorded orders of those tied at a quota line, by group (`Input.unitsGroup`, `teamsGroup` or a unit id).
        public var decisions: [String: [String]]
        /// Accountability cases by person id, each with whether a granted claim exempts it.
        public var cases: [String: [(effect: CaseEffect, exempted: Bool)]]

        public static let unitsGroup = "units"
        public static let teamsGroup = "teams"

        public init(
            rules: SchemeRules,
            units: [Subject],
            teams: [Subject] = [],
            people: [PersonIn],
            actuals: [String: [String: Double]] = [:],
            ratings: [String: [String: [RaterGroup: [Double]]]] = [:],
            decisions: [String: [String]] = [:],
            cases: [String: [(effect: CaseEffect, exempted: Bool)]] = [:]
        ) {
            self.rules = rules
            self.units = units
            self.teams = teams
            self.people = people
            self.actuals = actuals
            self.ratings = ratings
            self.decisions = decisions
            self.cases = cases
        }
    }

    /// One indicator's line in a result's breakdown.
    public struct Part: Codable, Sendable, Equatable {
        public let code: String
        public let name: String
        public let weight: Double
        public let actual: Double?
        public let target: Double?
        /// Each declared rater group's score (qualitative), nil where the group did not rate (left out).
        public let groups: [RaterGroup: Double?]?
        public let score: Double?
        /// Anonymous groups rated by fewer than three: their mean would give a rater's own score away, so it is not
        /// shown (it still counts).
        public var withheld: [RaterGroup]? = nil

        /// The groups as their reader may see them: withheld means removed.
        public var shownGroups: [RaterGroup: Double?] {
            (groups ?? [:]).filter { !(withheld ?? []).contains($0.key) }
        }

        /// This part as it may be shown or answered: the withheld groups' means left out.
        public var anonymised: Part {
            var p = Part(
                code: code,
                name: name,
                weight: weight,
                actual: actual,
                target: target,
                groups: groups.map { _ in shownGroups },
                score: score
            )
            p.withheld = withheld
            return p
        }
    }

    /// Anonymous groups need this many ratings before their mean is shown.
    public static let anonymityFloor = 3

    public struct Result: Codable, Sendable, Equatable {
        public let assessee: Assessee
        public let id: String
        public let name: String
        /// The unit whose quota and pool the result counts in (people), or the unit itself.
        public let group: String
        public var own: Double?
        /// The final score, after the unit feed and cases; nil when nothing could be scored.
        public var score: Double?
        public var bandGrade: Grade?
        public var grade: Grade?
        public var rank: Int?
        public var parts: [Part]
        /// How the score came about beyond the parts (feed, follows unit, case effects).
        public var notes: [String]
        public var pay: PayLine?
    }

    /// The arithmetic of one person's pay, line by line.
    public struct PayLine: Codable, Sendable, Equatable {
        public let pool: Int64
        public let poolPerHead: Int64
        public let headcount: Int
        /// The zone's total when the scheme splits one total to units (in proportion to amount per head × headcount).
        public let zonePool: Int64?
        public let coefficient: Double
        public let weight: Double
        public let totalWeight: Double
        public let amount: Int64
    }

    public struct Outcome: Sendable {
        public var results: [Result]
        /// Quota places by group (a unit's: all its places, those its heads take included), and who is tied at a
        /// group's line awaiting a decision.
        public var places: [String: Int]
        public var tied: [String: [String]]
        /// Each unit's pool, in fen.
        public var pools: [String: Int64]
    }

    /// The 优秀 quota of one unit's people — the share is never exceeded, unit heads included (issue 19):
    /// - the places are ⌊n × share ÷ 100⌋, n being the unit's people assessed with a score, the heads who follow the
    ///   unit (部门负责人随所在部门结果) included, and the share the unit's (`SchemeRules.excellentShare(unitGrade:)`:
    ///   the feed's share for the unit's grade, else the declared share of a 优秀 unit, else the scheme's default);
    /// - heads following a 优秀 unit who are still 优秀 after their cases take the places first, by score (a deduction
    ///   puts a head behind the others); when they are more than the places, those at the line are tied for the places
    ///   left, as staff are: none of them is 优秀 until a recorded decision (`Input.decisions[unit]`) orders them all,
    ///   then the places go in its order and the rest get 称职/合格 (note `headOverQuota`); no place, no tie;
    /// - a head capped or deducted below 优秀 by a case takes no place;
    /// - staff get the places left (`staffPlaces`), by score, ties at the line held for a decision, those capped below
    ///   优秀 taking none.
    public struct UnitQuota: Equatable, Sendable {
        /// The note of a head who follows a 优秀 unit and is left without a place (or awaits the decision of a tie).
        public static let headOverQuota = "headOverQuota"
        /// The unit's share, in percent.
        public let share: Int
        /// The unit's people assessed with a score, heads following the unit included.
        public let assessed: Int
        /// ⌊assessed × share ÷ 100⌋.
        public let places: Int
        /// The heads following the unit as 优秀, who take the places first.
        public let heads: Int
        /// The places left for the unit's other people.
        public var staffPlaces: Int { max(0, places - heads) }

        /// The quota of a unit of this grade (nil: not graded) with these people's results (the unit's people
        /// only, heads included). Counts the same before the quota is cut as after it: a head is counted among
        /// the 优秀 heads by its grade, or by the note the cut leaves on a head without a place.
        public init(unitGrade: Grade?, people: [Result], rules: SchemeRules) {
            share = rules.excellentShare(unitGrade: unitGrade)
            assessed = people.filter { $0.assessee == .person && $0.score != nil }.count
            places = Quota.places(people: assessed, sharePercent: share)
            heads =
                people.filter { r in
                    r.notes.contains("followsUnit") && (r.grade == .excellent || r.notes.contains(UnitQuota.headOverQuota))
                }.count
        }
    }

    public static func compute(_ input: Input) -> Outcome {
        let rules = input.rules
        var places: [String: Int] = [:]
        var tied: [String: [String]] = [:]

        func scoreSubject(_ a: Assessee, _ id: String) -> (Double?, [Part]) {
            var parts: [Part] = []
            let acts = input.actuals[id] ?? [:]
            let rats = input.ratings[id] ?? [:]
            for ind in rules.indicators where ind.assessee == a {
                switch ind.measure {
                case .quantitative(_, let rule, let target):
                    let actual = acts[ind.code]
                    let s = actual.flatMap { try? rule.score(actual: $0, target: target) }
                    parts.append(
                        Part(code: ind.code, name: ind.name, weight: ind.weight, actual: actual, target: target, groups: nil, score: s)
                    )
                case .qualitative(let raters):
                    var groups: [RaterGroup: Double?] = [:]
                    var withheld: [RaterGroup] = []
                    var weighted: [(score: Double?, weight: Double)] = []
                    for g in raters {
                        let given = rats[ind.code]?[g] ?? []
                        let s = WeightedScore.raterGroup(given, dropExtremes: rules.dropExtremes)
                        groups[g] = .some(s)
                        if g.isAnonymous && !given.isEmpty && given.count < anonymityFloor { withheld.append(g) }
                        weighted.append((s, rules.raterWeights[g] ?? 0))
                    }
                    let s = WeightedScore.combine(weighted)
                    var part = Part(code: ind.code, name: ind.name, weight: ind.weight, actual: nil, target: nil, groups: groups, score: s)
                    part.withheld = withheld.isEmpty ? nil : withheld
                    parts.append(part)
                }
            }
            return (WeightedScore.combine(parts.map { ($0.score, $0.weight) }), parts)
        }

        /// Grades a group by bands and the quota of `n` places, ranking it best first.
        func grade(_ results: inout [Result], indices: [Int], group: String, places n: Int) {
            let scored = indices.filter { results[$0].score != nil }
            var scores: [String: Double] = [:]
            for i in scored { scores[results[i].id] = results[i].score! }
            let q = Quota.apply(scores: scores, bands: rules.bands, places: n, decided: input.decisions[group] ?? [])
            if !q.tiedAtLine.isEmpty { tied[group] = q.tiedAtLine }
            for i in scored {
                results[i].bandGrade = rules.bands.grade(for: results[i].score!)
                results[i].grade = q.grades[results[i].id]
            }
            rank(&results, indices: indices)
        }

        var results: [Result] = []
        for (a, subjects, group) in [(Assessee.unit, input.units, Input.unitsGroup), (.team, input.teams, Input.teamsGroup)] {
            let start = results.count
            for s in subjects {
                let (score, parts) = scoreSubject(a, s.id)
                results.append(
                    Result(
                        assessee: a,
                        id: s.id,
                        name: s.name,
                        group: a == .unit ? s.id : group,
                        own: score,
                        score: score,
                        parts: parts,
                        notes: []
                    )
                )
            }
            let indices = Array(start..<results.count)
            let n = Quota.places(people: indices.filter { results[$0].score != nil }.count, sharePercent: rules.excellentShare)
            places[group] = n
            grade(&results, indices: indices, group: group, places: n)
        }
        var unitResult: [String: Result] = [:]
        for r in results { unitResult[r.id] = r }

        // People: own score, fed by the unit's (or team's) grade; a unit head follows the unit.
        let assessed = input.people.filter { rules.tiers.contains($0.tier) }
        var byUnit: [String: [Int]] = [:]
        var headsByUnit: [String: [Int]] = [:]
        for p in assessed {
            let (own, parts) = scoreSubject(.person, p.id)
            let feeder = p.teamID.flatMap { unitResult[$0] } ?? unitResult[p.unitID]
            var r = Result(assessee: .person, id: p.id, name: p.name, group: p.unitID, own: own, score: nil, parts: parts, notes: [])
            let follows = p.tier == .head && unitResult[p.unitID]?.score != nil
            if follows, let u = unitResult[p.unitID], let us = u.score {
                // A unit's score may pass 100 (over-achievement); a person's stays on 0–100.
                r.score = min(100, us)
                r.grade = u.grade
                r.bandGrade = rules.bands.grade(for: r.score!)
                r.notes.append("followsUnit")
            } else if let own, let f = feeder, let fg = f.grade {
                r.score = rules.feed.personScore(own: min(100, own), unitGrade: fg)
                r.notes.append("feed:\(fg.rawValue)")
            } else {
                r.score = own.map { min(100, $0) }
            }
            let active = (input.cases[p.id] ?? []).filter { !$0.exempted }
            if let s = r.score, !active.isEmpty {
                // A head's grade (the unit's) is final here; everyone else's is graded from the score below.
                let after = Accountability.apply(score: s, grade: r.grade ?? rules.bands.grade(for: s), cases: active, bands: rules.bands)
                if after.score != s { r.notes.append("deducted:\(roundScore(s - after.score))") }
                r.score = after.score
                if r.grade != nil { r.grade = after.grade }
                let caps = active.compactMap { c -> Grade? in
                    if case .gradeCap(let g) = c.effect { return g }
                    return nil
                }
                if let cap = caps.max(), cap != .excellent { r.notes.append("capped:\(cap.rawValue)") }
            }
            results.append(r)
            // A head whose unit has no result is graded among the unit's people.
            if follows {
                headsByUnit[p.unitID, default: []].append(results.count - 1)
            } else {
                byUnit[p.unitID, default: []].append(results.count - 1)
            }
        }
        // The 优秀 quota of each unit's people (`UnitQuota`): the share is never exceeded, heads included.
        for unit in Set(byUnit.keys).union(headsByUnit.keys).sorted() {
            let indices = byUnit[unit] ?? []
            let heads = headsByUnit[unit] ?? []
            let quota = UnitQuota(unitGrade: unitResult[unit]?.grade, people: (indices + heads).map { results[$0] }, rules: rules)
            places[unit] = quota.places
            // Heads following a 优秀 unit (still 优秀 after their cases) take the places first, by score; more of them
            // than the places: tied for them until a recorded decision orders them. A head left without a place gets
            // 称职/合格, as staff over the quota do.
            let candidates = heads.filter { results[$0].grade == .excellent }
            let cut = Quota.cut(
                scores: Dictionary(candidates.map { (results[$0].id, results[$0].score!) }, uniquingKeysWith: { a, _ in a }),
                places: quota.places,
                decided: input.decisions[unit] ?? []
            )
            if !cut.tiedAtLine.isEmpty { tied[unit] = cut.tiedAtLine }
            for i in candidates where !cut.placed.contains(results[i].id) {
                results[i].grade = .competent
                results[i].notes.append(UnitQuota.headOverQuota)
            }
            // Staff get the places left. Those capped below 优秀 by a case take no place; the quota is still counted
            // on all the unit's people with a score.
            let open = indices.filter { i in !results[i].notes.contains { $0.hasPrefix("capped:") } }
            grade(&results, indices: open, group: unit, places: quota.staffPlaces)
            rank(&results, indices: indices)
        }
        for i in results.indices where results[i].assessee == .person {
            applyCap(&results[i], bands: rules.bands)
        }

        // Pay: a pool per unit from its grade and headcount (or the zone's total split to units in that proportion),
        // split among its people to the fen.
        var members: [String: [Int]] = [:]
        for i in results.indices where results[i].assessee == .person && results[i].grade != nil {
            members[results[i].group, default: []].append(i)
        }
        // Weights kept to a millionth, as the split uses them; a unit whose weights are all zero (everyone at a
        // coefficient of 0) has nothing to split, so its pool is 0 and the zone's total goes to the others.
        var weights: [String: [(id: String, weight: Double)]] = [:]
        for (unit, indices) in members {
            weights[unit] = indices.map { i in
                let w = (rules.pay.coefficients[results[i].grade!] ?? 0) * results[i].score! / 100
                return (id: String(i), weight: w.isFinite ? max(0, min(1_000_000, (w * 1_000_000).rounded() / 1_000_000)) : 0)
            }
        }
        var pools: [String: Int64] = [:]
        for (unit, indices) in members {
            let payable = weights[unit]!.contains { $0.weight > 0 }
            pools[unit] = payable ? (rules.pay.poolPerHead[unitResult[unit]?.grade ?? .competent] ?? 0) * Int64(indices.count) : 0
        }
        if let zonePool = rules.pay.zonePool {
            let split = PaySplit.split(pool: Money(fen: max(0, zonePool)), units: pools.keys.sorted().map { (id: $0, units: pools[$0]!) })
            for unit in pools.keys { pools[unit] = split[unit]?.fen ?? 0 }
        }
        for (unit, indices) in members {
            let perHead = rules.pay.poolPerHead[unitResult[unit]?.grade ?? .competent] ?? 0
            let pool = pools[unit] ?? 0
            let unitWeights = weights[unit]!
            let total = unitWeights.reduce(0) { $0 + $1.weight }
            // Weights are within 0…1,000,000 by construction, so the split cannot refuse them.
            let shares = (try? PaySplit.split(pool: Money(fen: pool), weights: unitWeights)) ?? [:]
            for (i, w) in zip(indices, unitWeights) {
                results[i].pay = PayLine(
                    pool: pool,
                    poolPerHead: perHead,
                    headcount: indices.count,
                    zonePool: rules.pay.zonePool,
                    coefficient: rules.pay.coefficients[results[i].grade!] ?? 0,
                    weight: w.weight,
                    totalWeight: total,
                    amount: shares[String(i)]?.fen ?? 0
                )
            }
        }
        return Outcome(results: results, places: places, tied: tied, pools: pools)
    }

    /// Ranks those with a score best first; equal scores share a rank (1, 2, 2, 4).
    private static func rank(_ results: inout [Result], indices: [Int]) {
        let order = indices.filter { results[$0].score != nil }
            .sorted { (results[$0].score!, results[$1].name) > (results[$1].score!, results[$0].name) }
        for (r, i) in order.enumerated() {
            let previous = r > 0 ? order[r - 1] : nil
            results[i].rank = previous.map { results[$0].score == results[i].score ? results[$0].rank! : r + 1 } ?? 1
        }
    }

    /// A case's cap holds after the quota: the grade is no better than the cap.
    private static func applyCap(_ r: inout Result, bands: GradeBands) {
        guard let s = r.score, let note = r.notes.last(where: { $0.hasPrefix("capped:") }),
            let cap = Grade(rawValue: String(note.dropFirst("capped:".count)))
        else { return }
        r.bandGrade = r.bandGrade ?? bands.grade(for: s)
        r.grade = max(r.grade ?? bands.grade(for: s), cap)
    }
}

/// A 末尾淘汰 rule met, with the cycles that are its evidence.
public struct EliminationFinding: Sendable, Equatable {
    public let assessee: Assessee
    public let id: String
    public let name: String
    public let rule: EliminationRule
    /// One line per cycle: the cycle's name and what the subject had in it (rank of n, grade, score).
    public let evidence: [Evidence]
    /// The law a finding of consecutive failing grades rests on, if any.
    public let basis: (zh: String, en: String)?

    public struct Evidence: Codable, Sendable, Equatable {
        public let cycle: String
        public let rank: Int?
        public let of: Int?
        public let grade: Grade?
        public let score: Double?
    }

    public static func == (a: EliminationFinding, b: EliminationFinding) -> Bool {
        a.assessee == b.assessee && a.id == b.id && a.rule == b.rule && a.evidence == b.evidence
    }
}

extension EliminationRule {
    /// Applies the declared rules to a run of cycles of one kind, oldest first, the latest being the one just made
    /// final. A person caught by two grade rules of the same grade is flagged once, by the one of more cycles.
    public static func findings(_ rules: [EliminationRule], gradeSet: GradeSet, cycles: [(name: String, results: [CycleEngine.Result])])
        -> [EliminationFinding]
    {
        guard let latest = cycles.last else { return [] }
        var found: [EliminationFinding] = []
        let byID = cycles.map { c in Dictionary(c.results.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }
        func history(_ id: String, _ n: Int) -> [(String, CycleEngine.Result)]? {
            guard cycles.count >= n else { return nil }
            let rs = (cycles.count - n..<cycles.count).compactMap { i in byID[i][id].map { (cycles[i].name, $0) } }
            return rs.count == n ? rs : nil
        }
        func evidence(_ h: [(String, CycleEngine.Result)], of: (String) -> Int?) -> [EliminationFinding.Evidence] {
            h.map { .init(cycle: $0.0, rank: $0.1.rank, of: of($0.0), grade: $0.1.grade, score: $0.1.score) }
        }
        let counts = Dictionary(
            cycles.map { c in (c.name, c.results.filter { $0.assessee == .team && $0.rank != nil }.count) },
            uniquingKeysWith: { a, _ in a }
        )
        for rule in rules {
            switch rule {
            case .teamLast(let n):
                // Last means the lowest score: teams sharing it are all last (never one picked by name).
                guard n > 0, cycles.count >= n else { continue }
                let lasts = cycles.suffix(n).map { c -> Set<String> in
                    let ranked = c.results.filter { $0.assessee == .team && $0.score != nil }
                    guard let low = ranked.map({ $0.score! }).min(), ranked.count > 1 else { return [] }
                    return Set(ranked.filter { $0.score == low }.map(\.id))
                }
                for id in lasts.dropFirst().reduce(lasts[0], { $0.intersection($1) }).sorted() {
                    guard let h = history(id, n) else { continue }
                    found.append(
                        .init(assessee: .team, id: id, name: h.last!.1.name, rule: rule, evidence: evidence(h) { counts[$0] }, basis: nil)
                    )
                }
            case .grade(let g, let n):
                for r in latest.results where r.assessee == .person && r.grade == g {
                    guard let h = history(r.id, n), Elimination.consecutive(h.map { $0.1.grade ?? .excellent }, grade: g, times: n) else {
                        continue
                    }
                    let basis: (zh: String, en: String)? =
                        n >= 2 && g == .incompetent
                        ? (gradeSet == .civilService
                            ? ("公务员法第八十八条第（一）项：连续两年不称职的，予以辞退", "Civil Servant Law art. 88(1): two years incompetent, dismissal")
                            : (
                                "事业单位人事管理条例第十六条：连续两年不合格的，可提前30日书面通知解除聘用合同",
                                "Regulation art. 16: two years unqualified, contract may end on 30 days' notice"
                            ))
                        : nil
                    found.append(
                        .init(assessee: .person, id: r.id, name: r.name, rule: rule, evidence: evidence(h) { _ in nil }, basis: basis)
                    )
                }
            case .below(let t, let n):
                for r in latest.results where r.assessee == .person && (r.score ?? 100) < t {
                    guard let h = history(r.id, n), Elimination.below(h.map { $0.1.score ?? 100 }, threshold: t, cycles: n) else {
                        continue
                    }
                    found.append(
                        .init(assessee: .person, id: r.id, name: r.name, rule: rule, evidence: evidence(h) { _ in nil }, basis: nil)
                    )
                }
            }
        }
        // One grade flag per person and grade: the rule of more cycles wins.
        return found.filter { f in
            guard case .grade(let g, let n) = f.rule else { return true }
            return !found.contains { o in
                if case .grade(let g2, let n2) = o.rule, o.id == f.id, g2 == g, n2 > n { return true }
                return false
            }
        }
    }
}
