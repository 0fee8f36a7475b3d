import Foundation

// The rules of engineering governance (issue 9), groundwork: the separation of design, cost and construction
// (三责分立) and the tendering checks of the PRC Bidding Law (招标投标法), its implementing regulation
// (招标投标法实施条例) and NDRC Order No. 16 (2018). Each check names its source.

/// A responsibility on a construction project.
public enum Responsibility: String, CaseIterable, Codable, Sendable {
    case design, cost, construction
}

/// 三责分立: no person and no unit holds two of the three responsibilities on one project.
public enum Separation {
    public struct Holder: Equatable, Sendable {
        public let person: String
        public let unit: String
        public init(person: String, unit: String) {
            self.person = person
            self.unit = unit
        }
    }

    public struct Conflict: Equatable, Sendable {
        /// "person" or "unit"
        public let by: String
        public let holder: String
        public let responsibilities: [Responsibility]
    }

    /// Every person and every unit holding more than one responsibility (static separation).
    public static func conflicts(_ holders: [Responsibility: Holder]) -> [Conflict] {
        var found: [Conflict] = []
        for (by, key) in [("person", \Holder.person), ("unit", \Holder.unit)] {
            var held: [String: [Responsibility]] = [:]
            for r in Responsibility.allCases { if let h = holders[r] { held[h[keyPath: key], default: []].append(r) } }
            for (holder, rs) in held.sorted(by: { $0.key < $1.key }) where rs.count > 1 {
                found.append(Conflict(by: by, holder: holder, responsibilities: rs))
            }
        }
        return found
    }
}

public enum ProcurementMethod: String, CaseIterable, Codable, Sendable {
    case publicTender, invitedTender, competitiveNegotiation, inquiry, singleSource

    /// Whether the Bidding Law (招标投标法) governs the method: open and invited tenders; negotiation, inquiry and single
    /// source follow their own approval.
    public var isTender: Bool { self == .publicTender || self == .invitedTender }

    /// The OCDS procurementMethod code.
    public var ocds: String {
        switch self {
        case .publicTender: return "open"
        case .invitedTender: return "selective"
        case .competitiveNegotiation, .inquiry: return "limited"
        case .singleSource: return "direct"
        }
    }
}

public enum ProcurementCategory: String, CaseIterable, Codable, Sendable {
    /// 施工
    case works
    /// 重要设备、材料等货物
    case goods
    /// 勘察、设计、监理等服务
    case services
}

public enum Tendering {
    /// NDRC Order No. 16 (2018) art. 5: public tender is compulsory for a project within its scope when a package
    /// reaches: works ¥4 million, important goods ¥2 million, survey, design and supervision services ¥1 million.
    public static func threshold(_ c: ProcurementCategory) -> Money {
        switch c {
        case .works: return .wan(400)
        case .goods: return .wan(200)
        case .services: return .wan(100)
        }
    }

    /// NDRC Order No. 16 art. 2 (scope, e.g.): budget funds of ¥2 million or more and at least 10% of the investment.
    public static func inScope(budgetFunds: Money, investment: Money) -> Bool {
        budgetFunds >= .wan(200) && investment.fen > 0 && budgetFunds.fen * 10 >= investment.fen
    }

    /// Whether a package must be tendered publicly. Packages of one project and one category that could be
    /// procured together count together (art. 5, last paragraph): splitting a package to stay under the
    /// threshold is caught by passing their sum.
    public static func publicTenderRequired(category: ProcurementCategory, combinedValue: Money, inScope: Bool) -> Bool {
        inScope && combinedValue >= threshold(category)
    }

    public enum Refusal: Error, Equatable, Sendable {
        /// 招标投标法 art. 24: at least 20 days from issuing the documents to the bid deadline.
        case bidPeriodTooShort(days: Int)
        /// 实施条例 art. 21: a clarification that may affect bids at least 15 days before the deadline.
        case clarificationTooLate(daysBefore: Int)
        /// 实施条例 art. 22: objections to the documents at least 10 days before the deadline.
        case objectionTooLate(daysBefore: Int)
        /// 实施条例 art. 26: bid security at most 2% of the estimated value.
        case bidSecurityTooHigh(max: Money)
        /// 工程建设项目施工招标投标办法 art. 37 (works) and 工程建设项目货物招标投标办法 art. 27 (goods): at most ¥800,000.
        case bidSecurityAboveCap(max: Money, category: ProcurementCategory)
        /// 招标投标法 art. 28: fewer than three bids, tender again.
        case tooFewBids(count: Int)
        /// 招标投标法 art. 37: five or more members, an odd number, at least two-thirds experts.
        case committeeTooSmall(size: Int)
        case committeeEven(size: Int)
        case tooFewExperts(experts: Int, needed: Int)
        /// 实施条例 art. 54: candidates publicised within 3 days of the report, for at least 3 days.
        case publicityLate(daysAfterReport: Int)
        case publicityTooShort(days: Int)

        /// The article the refusal rests on, for the message.
        public var source: String {
            switch self {
            case .bidPeriodTooShort: return "招标投标法第二十四条"
            case .clarificationTooLate: return "招标投标法实施条例第二十一条"
            case .objectionTooLate: return "招标投标法实施条例第二十二条"
            case .bidSecurityTooHigh: return "招标投标法实施条例第二十六条"
            case .bidSecurityAboveCap(_, let c): return c == .goods ? "工程建设项目货物招标投标办法第二十七条" : "工程建设项目施工招标投标办法第三十七条"
            case .tooFewBids: return "招标投标法第二十八条"
            case .committeeTooSmall, .committeeEven, .tooFewExperts: return "招标投标法第三十七条"
            case .publicityLate, .publicityTooShort: return "招标投标法实施条例第五十四条"
            }
        }
    }

    public static func checkBidPeriod(issued: CalendarDate, deadline: CalendarDate) throws(Refusal) {
        let days = deadline.dayNumber - issued.dayNumber
        guard days >= 20 else { throw .bidPeriodTooShort(days: days) }
    }

    public static func checkClarification(issued: CalendarDate, deadline: CalendarDate) throws(Refusal) {
        let days = deadline.dayNumber - issued.dayNumber
        guard days >= 15 else { throw .clarificationTooLate(daysBefore: days) }
    }

    public static func checkObjection(raised: CalendarDate, deadline: CalendarDate) throws(Refusal) {
        let days = deadline.dayNumber - raised.dayNumber
        guard days >= 10 else { throw .objectionTooLate(daysBefore: days) }
    }

    /// At most 2% of the estimated value, rounded down to the fen.
    public static func checkBidSecurity(_ security: Money, estimatedValue: Money) throws(Refusal) {
        let max = Money(fen: estimatedValue.fen / 50)
        guard security <= max else { throw .bidSecurityTooHigh(max: max) }
    }

    /// The fixed cap on bid security for works and goods (¥800,000); services have none here.
    public static func bidSecurityCap(_ c: ProcurementCategory) -> Money? { c == .services ? nil : .wan(80) }

    public static func checkBidSecurityCap(_ security: Money, category: ProcurementCategory) throws(Refusal) {
        if let cap = bidSecurityCap(category), security > cap { throw .bidSecurityAboveCap(max: cap, category: category) }
    }

    public static func checkBids(_ count: Int) throws(Refusal) {
        guard count >= 3 else { throw .tooFewBids(count: count) }
    }

    public static func checkCommittee(size: Int, experts: Int) throws(Refusal) {
        guard size >= 5 else { throw .committeeTooSmall(size: size) }
        guard size % 2 == 1 else { throw .committeeEven(size: size) }
        let needed = (2 * size + 2) / 3
        guard experts >= needed else { throw .tooFewExperts(experts: experts, needed: needed) }
    }

    /// Calendar days, not working days.
    public static func checkPublicity(report: CalendarDate, from: CalendarDate, to: CalendarDate) throws(Refusal) {
        let late = from.dayNumber - report.dayNumber
        guard late <= 3 else { throw .publicityLate(daysAfterReport: late) }
        let days = to.dayNumber - from.dayNumber + 1
        guard days >= 3 else { throw .publicityTooShort(days: days) }
    }

    /// 实施条例 art. 54: an evaluated tender whose candidates are not yet publicised, more than 3 days after the report.
    public static func publicityOverdue(report: CalendarDate, today: CalendarDate) -> Bool {
        today.dayNumber - report.dayNumber > 3
    }

    /// 招标投标法 art. 46: the contract within 30 days of the award notice; later is overdue.
    public static func contractOverdue(awarded: CalendarDate, signed: CalendarDate?, today: CalendarDate) -> Bool {
        (signed ?? today).dayNumber - awarded.dayNumber > 30
    }
}
