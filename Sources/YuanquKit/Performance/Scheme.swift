import Foundation

// The annual assessment scheme (年度考核方案) as data: who is assessed, by which indicators, how results grade,
// how they pay and whom they flag. A published scheme is frozen; a change is a new version.

extension Grade: CodingKeyRepresentable {}
extension RaterGroup: CodingKeyRepresentable {}

/// Who is assessed (部门考核 / 个人考核).
public enum Assessee: String, CaseIterable, Codable, Sendable {
    case unit, team, person
}

/// Where a quantitative indicator's actual value comes from.
public enum IndicatorSource: String, CaseIterable, Codable, Sendable {
    /// Typed in with its evidence note.
    case entered
    /// A team's signed amount in the cycle, in 万元 (investment area).
    case signedAmount
    /// A team's number of signed projects of at least ¥100 million (major projects).
    case majorCount
    /// A team's invested amount, in 万元.
    case investedAmount
    /// A unit's service requests closed in the cycle.
    case requestsClosed
    /// A unit's service requests overdue (open past their due date, or closed late) in the cycle.
    case requestsOverdue
    /// A unit's average satisfaction (1–5) of requests closed in the cycle.
    case satisfaction
    /// A unit's contracts renewed on time in the cycle, in percent of those due.
    case contractsOnTime

    /// Which assessees the source can measure.
    public var measures: Assessee? {
        switch self {
        case .entered: return nil
        case .signedAmount, .majorCount, .investedAmount: return .team
        case .requestsClosed, .requestsOverdue, .satisfaction, .contractsOnTime: return .unit
        }
    }
}

/// One indicator (关键绩效指标) with its weight within its assessee's set.
public struct Indicator: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var assessee: Assessee
    public var weight: Double
    public var measure: Measure

    public enum Measure: Codable, Sendable, Equatable {
        /// Scored against `target` by `rule` from the source's actual value.
        case quantitative(source: IndicatorSource, rule: IndicatorRule, target: Double)
        /// Rated 0–100 by the scheme's rater groups.
        case qualitative(raters: [RaterGroup])
    }

    public init(code: String, name: String, assessee: Assessee, weight: Double, measure: Measure) {
        self.code = code
        self.name = name
        self.assessee = assessee
        self.weight = weight
        self.measure = measure
    }

    public var isQualitative: Bool {
        if case .qualitative = measure { return true }
        return false
    }
}

/// How results turn into performance pay (绩效工资).
public struct PayRule: Codable, Sendable, Equatable {
    /// A unit's pool per assessed person, in fen, by the unit's grade.
    public var poolPerHead: [Grade: Int64]
    /// A person's weight in the split is the coefficient of their grade times their score ÷ 100.
    public var coefficients: [Grade: Double]
    /// When set, the zone's total in fen, split to units in proportion to their amount per head × headcount
    /// (largest remainder) instead of each unit getting that product.
    public var zonePool: Int64?

    public init(poolPerHead: [Grade: Int64], coefficients: [Grade: Double], zonePool: Int64? = nil) {
        self.poolPerHead = poolPerHead
        self.coefficients = coefficients
        self.zonePool = zonePool
    }
}

/// A declared 末尾淘汰 rule.
public enum EliminationRule: Codable, Sendable, Equatable {
    /// The team last in the ranking in this many consecutive cycles.
    case teamLast(cycles: Int)
    /// A person graded this grade in this many consecutive cycles of the same kind (1: once).
    case grade(grade: Grade, times: Int)
    /// A person scoring below the threshold in this many consecutive cycles.
    case below(threshold: Double, cycles: Int)
}

/// The sanctions of an accountability case (问责).
public enum Sanction: String, CaseIterable, Codable, Sendable {
    /// 诫勉
    case admonition
    /// 通报批评
    case criticism
    /// 降低考核等次
    case gradeLowered

    public var label: (zh: String, en: String) {
        switch self {
        case .admonition: return ("诫勉", "Admonition")
        case .criticism: return ("通报批评", "Public criticism")
        case .gradeLowered: return ("降低考核等次", "Grade lowered")
        }
    }
}

/// The rules of one scheme version.
public struct SchemeRules: Codable, Sendable, Equatable {
    public var gradeSet: GradeSet
    public var bands: GradeBands
    /// The 优秀 share in percent of those assessed in a group (a unit's people; all units; all teams), rounded down.
    public var excellentShare: Int
    /// A higher 优秀 share for the people of a unit graded 优秀 (a common rule: 优秀单位 up to 30%), in percent; nil:
    /// the default share. Optional so that schemes stored before it decode unchanged; a feed by share that declares
    /// the 优秀 unit's share (`UnitFeed.excellentShare`) already says it, and the two are not declared together.
    public var excellentUnitShare: Int?
    /// Which post tiers are assessed as people.
    public var tiers: [Tier]
    public var indicators: [Indicator]
    public var raterWeights: [RaterGroup: Double]
    /// Drop the highest and the lowest rating of a group of three or more.
    public var dropExtremes: Bool
    public var feed: UnitFeed
    public var pay: PayRule
    public var elimination: [EliminationRule]
    public var caseEffects: [String: CaseEffect]
    /// Working days results stay published for objections.
    public var noticeDays: Int

    public init(
        gradeSet: GradeSet,
        bands: GradeBands,
        excellentShare: Int,
        excellentUnitShare: Int? = nil,
        tiers: [Tier],
        indicators: [Indicator],
        raterWeights: [RaterGroup: Double],
        dropExtremes: Bool,
        feed: UnitFeed,
        pay: PayRule,
        elimination: [EliminationRule],
        caseEffects: [String: CaseEffect],
        noticeDays: Int
    ) {
        self.gradeSet = gradeSet
        self.bands = bands
        self.excellentShare = excellentShare
        self.excellentUnitShare = excellentUnitShare
        self.tiers = tiers
        self.indicators = indicators
        self.raterWeights = raterWeights
        self.dropExtremes = dropExtremes
        self.feed = feed
        self.pay = pay
        self.elimination = elimination
        self.caseEffects = caseEffects
        self.noticeDays = noticeDays
    }

    /// The effect of a sanction under this scheme (none when the scheme declares none).
    public func effect(of sanction: String) -> CaseEffect? { caseEffects[sanction] }

    public func indicators(for a: Assessee) -> [Indicator] { indicators.filter { $0.assessee == a } }

    /// The 优秀 share of a unit's people, by the unit's grade: the feed's share for that grade where the feed
    /// declares one; else, for a unit graded 优秀, the declared 优秀-unit share; else the scheme's default (also for a
    /// unit without a grade).
    public func excellentShare(unitGrade: Grade?) -> Int {
        guard let g = unitGrade else { return excellentShare }
        if case .excellentShare(let s) = feed, let share = s[g] { return share }
        if g == .excellent, let share = excellentUnitShare { return share }
        return excellentShare
    }

    /// What is wrong with the rules, each naming its field.
    public func problems() -> [SchemeProblem] {
        var p: [SchemeProblem] = []
        do { try bands.validate() } catch { p.append(.init("bands", "等次分数线须自高到低（优秀 > 称职 > 基本称职 ≥ 0）", "Grade lines must descend")) }
        if !(0...100).contains(excellentShare) { p.append(.init("excellentShare", "优秀比例须在 0–100% 之间", "The 优秀 share is 0–100%")) }
        if let u = excellentUnitShare {
            if !(0...100).contains(u) || u < excellentShare {
                p.append(
                    .init(
                        "excellentUnitShare",
                        "优秀部门的优秀比例须在默认优秀比例（\(excellentShare)%）至 100% 之间",
                        "The 优秀 unit's share is from the default share (\(excellentShare)%) to 100%"
                    )
                )
            }
            if case .excellentShare(let s) = feed, s[.excellent] != nil {
                p.append(
                    .init(
                        "excellentUnitShare",
                        "按部门等次的优秀比例已规定优秀部门的比例，不再另设",
                        "The shares by unit grade already set the 优秀 unit's share"
                    )
                )
            }
        }
        if tiers.isEmpty { p.append(.init("tiers", "至少考核一个岗位层级", "Assess at least one post tier")) }
        if !(1...60).contains(noticeDays) { p.append(.init("noticeDays", "公示期须为 1–60 个工作日", "The notice runs 1–60 working days")) }
        var codes = Set<String>()
        for (i, ind) in indicators.enumerated() {
            let f = "indicators[\(i)]"
            if ind.code.isEmpty || ind.name.trimmingCharacters(in: .whitespaces).isEmpty {
                p.append(.init(f, "指标须有代码和名称", "An indicator needs a code and a name"))
            }
            if !codes.insert(ind.code).inserted { p.append(.init(f, "指标代码“\(ind.code)”重复", "Indicator code “\(ind.code)” is repeated")) }
            if !(ind.weight.isFinite && ind.weight > 0 && ind.weight <= 100) {
                p.append(.init(f, "指标“\(ind.name)”的权重须在 0–100 之间", "Weight of “\(ind.name)”: 0–100"))
            }
            switch ind.measure {
            case .quantitative(let source, let rule, let target):
                if let m = source.measures, m != ind.assessee {
                    p.append(.init(f, "指标“\(ind.name)”的数据来源不适用于该考核对象", "The source of “\(ind.name)” does not measure this assessee"))
                }
                var sound = target.isFinite && target >= 0 && target <= 1e12
                switch rule {
                case .linear(let cap): sound = sound && (100...200).contains(cap)
                case .bands(let bands):
                    sound = sound && !bands.isEmpty && bands.allSatisfy { (0...1000).contains($0.atLeast) && (0...150).contains($0.score) }
                case .lowerIsBetter(let worst): sound = sound && worst.isFinite && worst <= 1e12
                }
                do { _ = try rule.score(actual: 0, target: target) } catch { sound = false }
                if !sound {
                    p.append(
                        .init(
                            f,
                            "指标“\(ind.name)”的目标值或计分规则无效（目标 0–10¹²；封顶 100–200；分档达成 0–1000%、得分 0–150）",
                            "Target or rule of “\(ind.name)” is invalid (target 0–10¹²; cap 100–200; bands 0–1000%, scores 0–150)"
                        )
                    )
                }
            case .qualitative(let raters):
                if raters.isEmpty || raters.allSatisfy({ (raterWeights[$0] ?? 0) <= 0 }) {
                    p.append(.init(f, "定性指标“\(ind.name)”须有权重大于 0 的评价主体", "Qualitative “\(ind.name)” needs a weighted rater group"))
                }
            }
        }
        for (g, w) in raterWeights where !(w.isFinite && (0...100).contains(w)) {
            p.append(.init("rater.\(g.rawValue)", "评价主体权重须在 0–100 之间", "A rater group's weight is 0–100"))
        }
        if case .coefficient(let c) = feed {
            for (g, k) in c where !(k.isFinite && (0...2).contains(k)) {
                p.append(.init("feed.\(g.rawValue)", "部门等次折算系数须在 0–2 之间", "A unit grade coefficient is 0–2"))
            }
        }
        if case .excellentShare(let shares) = feed, shares.values.contains(where: { !(0...100).contains($0) }) {
            p.append(.init("feed", "按部门等次的优秀比例须在 0–100% 之间", "Shares by unit grade are 0–100%"))
        }
        if ![bands.excellent, bands.competent, bands.basicallyCompetent].allSatisfy({ $0.isFinite && $0 <= 150 }) {
            p.append(.init("bands", "分数线须不高于 150", "Grade lines are at most 150"))
        }
        for a in Assessee.allCases where indicators(for: a).isEmpty {
            p.append(.init("indicators", "缺少考核对象“\(a.rawValue)”的指标", "No indicators for \(a.rawValue)"))
        }
        for (g, c) in pay.coefficients where !(c.isFinite && c >= 0 && c <= 10) {
            p.append(.init("pay.coefficients", "“\(gradeSet.label(g).zh)”的分配系数须在 0–10 之间", "Coefficient of \(g): 0–10"))
        }
        if let z = pay.zonePool, !(0...1_000_000_000_000).contains(z) {
            p.append(.init("pay.zonePool", "全区绩效工资总额须在 0–100 亿元之间", "The zone's total is 0–10 billion yuan"))
        }
        for (g, f) in pay.poolPerHead where !(0...100_000_000_00).contains(f) {
            p.append(.init("pay.poolPerHead", "“\(gradeSet.label(g).zh)”的人均绩效额度须在 0–1 亿元之间", "Pool per head of \(g): 0–100M yuan"))
        }
        for r in elimination {
            switch r {
            case .teamLast(let n), .grade(_, let n), .below(_, let n):
                if !(1...12).contains(n) { p.append(.init("elimination", "淘汰规则的连续周期数须为 1–12", "Elimination rules count 1–12 cycles")) }
            }
        }
        return p
    }
}

public struct SchemeProblem: Equatable, Sendable {
    public let field: String
    public let zh: String
    public let en: String
    public init(_ field: String, _ zh: String, _ en: String) {
        self.field = field
        self.zh = zh
        self.en = en
    }
}

extension SchemeRules {
    /// The rules the demo zone publishes for 2025 (and new schemes start from).
    public static let standard = SchemeRules(
        gradeSet: .publicInstitution,
        bands: GradeBands(),
        excellentShare: 20,
        tiers: [.head, .staff],
        indicators: [
            Indicator(
                code: "U1",
                name: "企业诉求办结",
                assessee: .unit,
                weight: 25,
                measure: .quantitative(source: .requestsClosed, rule: .linear(cap: 120), target: 10)
            ),
            Indicator(
                code: "U2",
                name: "诉求超期",
                assessee: .unit,
                weight: 20,
                measure: .quantitative(source: .requestsOverdue, rule: .lowerIsBetter(worst: 10), target: 0)
            ),
            Indicator(
                code: "U3",
                name: "服务满意度",
                assessee: .unit,
                weight: 20,
                measure: .quantitative(
                    source: .satisfaction,
                    rule: .bands([.init(atLeast: 60, score: 60), .init(atLeast: 80, score: 80), .init(atLeast: 90, score: 100)]),
                    target: 5
                )
            ),
            Indicator(
                code: "U4",
                name: "工作实绩评价",
                assessee: .unit,
                weight: 25,
                measure: .qualitative(raters: [.leader, .serviceRecipient])
            ),
            Indicator(
                code: "U5",
                name: "重点任务完成",
                assessee: .unit,
                weight: 10,
                measure: .quantitative(source: .entered, rule: .linear(cap: 110), target: 10)
            ),
            Indicator(
                code: "T1",
                name: "签约金额",
                assessee: .team,
                weight: 50,
                measure: .quantitative(source: .signedAmount, rule: .linear(cap: 120), target: 600_000)
            ),
            Indicator(
                code: "T2",
                name: "重大项目",
                assessee: .team,
                weight: 30,
                measure: .quantitative(source: .majorCount, rule: .linear(cap: 120), target: 10)
            ),
            Indicator(
                code: "T3",
                name: "实际到位资金",
                assessee: .team,
                weight: 20,
                measure: .quantitative(source: .investedAmount, rule: .linear(cap: 120), target: 150_000)
            ),
            Indicator(code: "P1", name: "德能勤绩廉", assessee: .person, weight: 100, measure: .qualitative(raters: [.leader, .peer, .self])),
        ],
        raterWeights: [.leader: 50, .peer: 30, .subordinate: 10, .self: 10, .serviceRecipient: 50],
        dropExtremes: true,
        feed: .coefficient([.excellent: 1.05, .competent: 1.0, .basicallyCompetent: 0.95, .incompetent: 0.9]),
        pay: PayRule(
            poolPerHead: [.excellent: 3_600_000, .competent: 3_000_000, .basicallyCompetent: 2_400_000, .incompetent: 1_800_000],
            coefficients: [.excellent: 1.3, .competent: 1.0, .basicallyCompetent: 0.7, .incompetent: 0]
        ),
        elimination: [
            .teamLast(cycles: 2), .grade(grade: .incompetent, times: 1), .grade(grade: .incompetent, times: 2),
            .below(threshold: 60, cycles: 2),
        ],
        caseEffects: [
            Sanction.admonition.rawValue: .gradeCap(.competent),
            Sanction.criticism.rawValue: .scoreDeduction(5),
            Sanction.gradeLowered.rawValue: .gradeCap(.basicallyCompetent),
        ],
        noticeDays: 5
    )
}
