import Foundation

/// The checks made again at the moment of appointment (聘任), whatever was true when the campaign opened.
public enum AppointmentRule {
    public enum Refusal: Error, Equatable, Sendable {
        /// The post already holds as many people as its headcount.
        case postFull(headcount: Int, holders: Int)
        /// The body's appointments would exceed its cap (总量控制).
        case capExceeded(HeadcountCap.Exceeded)
    }

    /// `incoming` people are appointed to a post that has `holders` of `headcount` places, in a body whose
    /// appointed people number `bodyHolders` of `bodyCap`. People moving within the body free their old place,
    /// so they are counted in `movingWithinBody` and do not add to the body's total.
    public static func check(postHeadcount: Int, holders: Int, incoming: Int, bodyCap: Int, bodyHolders: Int, movingWithinBody: Int)
        throws(Refusal)
    {
        if holders + incoming > postHeadcount { throw .postFull(headcount: postHeadcount, holders: holders) }
        do { try HeadcountCap.check(cap: bodyCap, currentTotal: bodyHolders, requested: incoming - movingWithinBody) } catch {
            throw .capExceeded(error)
        }
    }
}

/// Employment contracts (合同管理): terms, probation under the Labour Contract Law, expiry warnings.
public enum ContractRule {
    public enum Problem: Error, Equatable, Sendable {
        case endNotAfterStart
        /// Probation longer than the law allows for this term (劳动合同法第十九条); the limit in months.
        case probationTooLong(maxMonths: Int)
    }

    /// The longest probation the law allows for a contract from `start` to `end`, both days included (nil: open-ended).
    /// Under three months: none; three months or more but under a year: one; a year or more but under three: two;
    /// three years or more, or open-ended: six. ("以上" includes the figure, "不满" does not.)
    public static func maxProbationMonths(start: CalendarDate, end: CalendarDate?) -> Int {
        guard let end else { return 6 }
        let after = end.adding(days: 1)
        if after < start.adding(months: 3) { return 0 }
        if after < start.adding(months: 12) { return 1 }
        if after < start.adding(months: 36) { return 2 }
        return 6
    }

    public static func check(start: CalendarDate, end: CalendarDate?, probationMonths: Int) throws(Problem) {
        if let e = end, e <= start { throw .endNotAfterStart }
        let max = maxProbationMonths(start: start, end: end)
        if probationMonths > max { throw .probationTooLong(maxMonths: max) }
    }

    /// Whether a contract ending on `end` needs a warning on `today` (ends within `days`, not yet ended).
    public static func isExpiring(end: CalendarDate?, today: CalendarDate, withinDays days: Int) -> Bool {
        guard let end else { return false }
        return end >= today && end.dayNumber - today.dayNumber <= days
    }
}
