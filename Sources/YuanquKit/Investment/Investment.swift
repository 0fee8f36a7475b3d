import Foundation

/// The 18-character unified social credit code (统一社会信用代码), GB 32100-2015.
public struct CreditCode: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public enum Problem: Error, Equatable, Sendable {
        case length(Int)
        /// A character outside the code's alphabet (I, O, S, V and Z are never used), with its position (1-based).
        case character(position: Int)
        case checkCharacter(expected: Character)
    }

    /// Each ASCII byte's value in the alphabet, or -1 (an import checks 100,000 codes).
    static let values: [Int] = {
        var v = [Int](repeating: -1, count: 128)
        for (i, c) in alphabet.enumerated() { v[Int(c.asciiValue!)] = i }
        return v
    }()

    static func value(_ c: Character) -> Int? {
        guard let a = c.asciiValue, values[Int(a)] >= 0 else { return nil }
        return values[Int(a)]
    }

    /// The check character the first seventeen characters call for, or nil when one is outside the alphabet.
    public static func checkCharacter(forFirst17 s: String) -> Character? {
        let chars = Array(s)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (c, w) in zip(chars, weights) {
            guard let v = value(c) else { return nil }
            sum += v * w
        }
        let check = (31 - sum % 31) % 31
        return alphabet[check]
    }

    public init(_ raw: String) throws(Problem) {
        let t = raw.trimmed().uppercased()
        let chars = Array(t)
        guard chars.count == 18 else { throw .length(chars.count) }
        if let i = chars.firstIndex(where: { CreditCode.value($0) == nil }) { throw .character(position: i + 1) }
        // Positions 3–8 are the administrative division code: digits only.
        if let i = chars[2..<8].firstIndex(where: { !$0.isNumber }) { throw .character(position: i + 1) }
        let expected = CreditCode.checkCharacter(forFirst17: String(chars.prefix(17)))!
        guard chars[17] == expected else { throw .checkCharacter(expected: expected) }
        value = t
    }

    public var description: String { value }

    /// A valid code of a company (91) registered in `area` (six digits), numbered by `serial` (scrambled over the
    /// seven characters before the check character, so that neighbouring serials do not look alike).
    public static func company(area: String, serial: UInt64) throws(Problem) -> CreditCode {
        let space: UInt64 = 27_512_614_111  // 31^7
        var rest = serial &* 2_654_435_761 % space
        var tail = ""
        for _ in 0..<7 {
            tail.append(alphabet[Int(rest % 31)])
            rest /= 31
        }
        let first17 = "91" + area + "MA" + tail
        guard let check = checkCharacter(forFirst17: first17) else { throw .length(first17.count) }
        return try CreditCode(first17 + String(check))
    }
}

/// An investment project's stage (招商项目): forward one step at a time, or dropped with a reason.
public enum ProjectStage: String, CaseIterable, Codable, Sendable, Comparable {
    case lead, negotiation, signed, registered, underConstruction, inOperation, dropped

    static let order: [ProjectStage] = [.lead, .negotiation, .signed, .registered, .underConstruction, .inOperation]
    public var next: ProjectStage? {
        guard let i = Self.order.firstIndex(of: self), i + 1 < Self.order.count else { return nil }
        return Self.order[i + 1]
    }
    /// Signed or later (the seed's "signed projects"), not dropped.
    public var isSignedOrLater: Bool { self != .dropped && self >= .signed }
    public static func < (a: Self, b: Self) -> Bool {
        (order.firstIndex(of: a) ?? order.count) < (order.firstIndex(of: b) ?? order.count)
    }
}

public enum ProjectStageRule {
    /// What a move brings as evidence.
    public struct Evidence: Sendable, Equatable {
        public var signingDate: CalendarDate?
        public var agreementNumber: String?
        public var signedAmount: Money?
        public var creditCode: String?
        public var startDate: CalendarDate?
        public var operationDate: CalendarDate?
        public var reason: String?
        public init(
            signingDate: CalendarDate? = nil,
            agreementNumber: String? = nil,
            signedAmount: Money? = nil,
            creditCode: String? = nil,
            startDate: CalendarDate? = nil,
            operationDate: CalendarDate? = nil,
            reason: String? = nil
        ) {
            self.signingDate = signingDate
            self.agreementNumber = agreementNumber
            self.signedAmount = signedAmount
            self.creditCode = creditCode
            self.startDate = startDate
            self.operationDate = operationDate
            self.reason = reason
        }
    }

    public enum Refusal: Error, Equatable, Sendable {
        /// Only the next stage (or dropping) may follow.
        case notNext(expected: ProjectStage?)
        case alreadyDropped
        /// The named piece of evidence is missing or not valid.
        case missing(String)
        case invalidCreditCode(CreditCode.Problem)
    }

    public static func check(from: ProjectStage, to: ProjectStage, evidence e: Evidence) throws(Refusal) {
        if from == .dropped { throw .alreadyDropped }
        if to == .dropped {
            guard let r = e.reason, r.trimmingCharacters(in: .whitespacesAndNewlines).count >= 2 else { throw .missing("reason") }
            return
        }
        guard from.next == to else { throw .notNext(expected: from.next) }
        switch to {
        case .signed:
            if e.signingDate == nil { throw .missing("signingDate") }
            guard let n = e.agreementNumber, !n.trimmingCharacters(in: .whitespaces).isEmpty else { throw .missing("agreementNumber") }
            guard let a = e.signedAmount, a.fen > 0 else { throw .missing("signedAmount") }
        case .registered:
            guard let code = e.creditCode, !code.isEmpty else { throw .missing("creditCode") }
            do { _ = try CreditCode(code) } catch { throw .invalidCreditCode(error) }
        case .underConstruction:
            if e.startDate == nil { throw .missing("startDate") }
        case .inOperation:
            if e.operationDate == nil { throw .missing("operationDate") }
        default: break
        }
    }

    /// 亿元以上项目: a signed amount at least the zone's threshold (default ¥100 million).
    public static func isMajor(signedAmount: Money?, threshold: Money = .yi(1)) -> Bool {
        guard let a = signedAmount else { return false }
        return a >= threshold
    }
}

/// The investment teams' leaderboard (招商小组比拼), the input of 末尾淘汰.
public enum Leaderboard {
    public enum Measure: String, CaseIterable, Codable, Sendable {
        case signedCount, signedAmount, majorCount, investedAmount
    }

    public struct Figures: Sendable, Equatable {
        public var signedCount: Int = 0
        public var signedAmount: Money = Money(fen: 0)
        public var majorCount: Int = 0
        public var investedAmount: Money = Money(fen: 0)
        public init(signedCount: Int = 0, signedAmount: Money = Money(fen: 0), majorCount: Int = 0, investedAmount: Money = Money(fen: 0)) {
            self.signedCount = signedCount
            self.signedAmount = signedAmount
            self.majorCount = majorCount
            self.investedAmount = investedAmount
        }
        func value(_ m: Measure) -> Int64 {
            switch m {
            case .signedCount: return Int64(signedCount)
            case .signedAmount: return signedAmount.fen
            case .majorCount: return Int64(majorCount)
            case .investedAmount: return investedAmount.fen
            }
        }
    }

    public struct Row: Sendable, Equatable {
        public let teamID: String
        public let figures: Figures
        public let target: Figures
        /// Share of the target reached on the measure, in basis points (10000 = 100%); nil without a target.
        public let attainment: Int?
        public let rank: Int
        /// Below the team ranked just above it on the measure (0 for the first).
        public let gapToAbove: Int64
    }

    /// Ranks teams by attainment of their target on the measure (teams without a target by the raw figure after them);
    /// equal teams share a rank. The last row is the team 末尾淘汰 looks at.
    public static func rank(_ teams: [(id: String, figures: Figures, target: Figures)], by m: Measure) -> [Row] {
        func attainment(_ t: (id: String, figures: Figures, target: Figures)) -> Int? {
            let target = t.target.value(m)
            guard target > 0 else { return nil }
            // In floating point: a large amount times 10000 would overflow Int64.
            return Int(min(Double(t.figures.value(m)) / Double(target) * 10000, 1e12).rounded(.down))
        }
        let sorted = teams.sorted { a, b in
            let x = attainment(a)
            let y = attainment(b)
            switch (x, y) {
            case (let x?, let y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default:
                if a.figures.value(m) != b.figures.value(m) { return a.figures.value(m) > b.figures.value(m) }
                return a.id < b.id
            }
        }
        var rows: [Row] = []
        for (i, t) in sorted.enumerated() {
            let a = attainment(t)
            let tiedAbove = i > 0 && attainment(sorted[i - 1]) == a && sorted[i - 1].figures.value(m) == t.figures.value(m)
            let rank = tiedAbove ? rows[i - 1].rank : i + 1
            let gap = i == 0 ? 0 : sorted[i - 1].figures.value(m) - t.figures.value(m)
            rows.append(Row(teamID: t.id, figures: t.figures, target: t.target, attainment: a, rank: rank, gapToAbove: gap))
        }
        return rows
    }
}

/// Service requests (企业诉求): each type has a time limit in working days; a request past it is overdue.
public enum ServiceDeadline {
    public static let defaultLimits: [String: Int] = [
        "policy": 10, "land": 30, "approval": 20, "talent": 15, "financing": 20, "supplyChain": 15, "other": 10,
    ]

    /// The last working day to close a request logged on `opened` with a limit of `days` working days (the day it is logged not counted).
    public static func due(opened: CalendarDate, days: Int, calendar: WorkCalendar) -> CalendarDate {
        calendar.endOfPeriod(workingDays: days, startingOn: opened.adding(days: 1))
    }

    public static func isOverdue(opened: CalendarDate, days: Int, closed: CalendarDate?, today: CalendarDate, calendar: WorkCalendar)
        -> Bool
    {
        isOverdue(due: due(opened: opened, days: days, calendar: calendar), closed: closed, today: today)
    }

    /// Overdue: closed after its due day, or still open after it.
    public static func isOverdue(due: CalendarDate, closed: CalendarDate?, today: CalendarDate) -> Bool {
        (closed ?? today) > due
    }
}
