import Foundation

/// The span of a year a dashboard compares: the whole year when it is over, else 1 January to today; and the same
/// span of the year before (同比), so that this year so far is set against last year to the same day.
public struct YearSpan: Equatable, Sendable {
    public let from: CalendarDate
    public let to: CalendarDate

    public init(from: CalendarDate, to: CalendarDate) {
        self.from = from
        self.to = to
    }

    /// Year `year` as seen on `today`: to today in the current year, the whole year before it. Nil for a year that
    /// has not begun.
    public static func of(year: Int, today: CalendarDate) -> YearSpan? {
        guard year <= today.year, let first = CalendarDate(year: year, month: 1, day: 1),
            let last = CalendarDate(year: year, month: 12, day: 31)
        else { return nil }
        return YearSpan(from: first, to: year == today.year ? today : last)
    }

    /// The same span a year earlier; 29 February becomes 28 February.
    public var yearBefore: YearSpan {
        func back(_ d: CalendarDate) -> CalendarDate {
            CalendarDate(year: d.year - 1, month: d.month, day: min(d.day, CalendarDate.daysIn(month: d.month, year: d.year - 1)))!
        }
        return YearSpan(from: back(from), to: back(to))
    }

    /// The months the span covers (1…12).
    public var months: ClosedRange<Int> { from.month...to.month }
}

/// A figure this year set against the same span last year.
public struct Comparison: Equatable, Codable, Sendable {
    public let current: Int64
    public let previous: Int64

    public init(current: Int64, previous: Int64) {
        self.current = current
        self.previous = previous
    }

    /// The change in basis points of the previous figure (同比增长, 1 % = 100); nil when last year had nothing to
    /// compare with.
    public var changeBasisPoints: Int? {
        guard previous != 0 else { return nil }
        return Int(((current - previous) * 10_000) / abs(previous))
    }
}

/// 争先进位: the zones of a platform ranked on declared measures. Each measure scores its weight in points for the
/// best zone and in proportion for the others (value ÷ best value × weight); a zone without a value for a measure (a
/// rate with nothing to rate) scores nothing on it. Zones with equal scores share a rank (1, 1, 3). A zone's rank
/// change is its rank over the same span last year less its rank now: positive means it has moved up (进位).
public enum ZoneRanking {
    public enum Measure: String, CaseIterable, Codable, Sendable {
        /// 签约额: the amount of projects signed in the span (fen).
        case signedAmount
        /// 亿元以上项目: projects of at least the major threshold signed in the span.
        case majorProjects
        /// 新开工项目: investment projects that started construction in the span.
        case projectsStarted
        /// 按时办结率: service requests closed by their due date, of those closed in the span (basis points).
        case serviceOnTime
        /// 企业满意度: the mean satisfaction (1–5) of requests closed in the span, in hundredths.
        case satisfaction
        /// 工程节点按期率: construction milestones due in the span reached by their planned date (basis points).
        case milestonesOnTime

        /// Points for the best zone; the weights add up to 100.
        public var weight: Int64 {
            switch self {
            case .signedAmount: return 30
            case .majorProjects: return 20
            case .projectsStarted: return 15
            case .serviceOnTime: return 15
            case .satisfaction: return 10
            case .milestonesOnTime: return 10
            }
        }
    }

    public struct Entry: Equatable, Sendable {
        public let id: String
        public let values: [Measure: Int64]

        public init(id: String, values: [Measure: Int64]) {
            self.id = id
            self.values = values
        }
    }

    public struct Standing: Equatable, Sendable {
        public let id: String
        /// Points in hundredths (10000 = 100 points).
        public let score: Int64
        public let rank: Int
        /// Each measure's rank among the zones that have a value for it.
        public let measureRanks: [Measure: Int]
        public let previousRank: Int?
        /// Previous rank less rank: positive is up.
        public var change: Int? { previousRank.map { $0 - rank } }
    }

    /// Points in hundredths for each zone.
    public static func scores(_ entries: [Entry]) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for e in entries { out[e.id] = 0 }
        for m in Measure.allCases {
            let best = entries.compactMap { $0.values[m] }.max() ?? 0
            guard best > 0 else { continue }
            for e in entries {
                guard let v = e.values[m], v > 0 else { continue }
                out[e.id, default: 0] += v * m.weight * 100 / best
            }
        }
        return out
    }

    /// Ranks (1, 1, 3 for ties) of values, higher first.
    public static func competitionRanks(_ values: [String: Int64]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (id, v) in values { out[id] = 1 + values.values.filter { $0 > v }.count }
        return out
    }

    /// The standings now, with each zone's rank in `previous` (the same span a year earlier), best first; ties in
    /// the order of the ids.
    public static func rank(_ current: [Entry], previous: [Entry]) -> [Standing] {
        let score = scores(current)
        let ranks = competitionRanks(score)
        let previousRanks = competitionRanks(scores(previous))
        var measureRanks: [String: [Measure: Int]] = [:]
        for m in Measure.allCases {
            let values = Dictionary(uniqueKeysWithValues: current.compactMap { e in e.values[m].map { (e.id, $0) } })
            for (id, r) in competitionRanks(values) { measureRanks[id, default: [:]][m] = r }
        }
        return current.map { e in
            Standing(
                id: e.id,
                score: score[e.id] ?? 0,
                rank: ranks[e.id] ?? current.count,
                measureRanks: measureRanks[e.id] ?? [:],
                previousRank: previousRanks[e.id]
            )
        }
        .sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
    }
}
