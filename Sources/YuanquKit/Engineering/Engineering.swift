import Foundation

// The rules of engineering governance beyond tendering: who may act for a responsibility (dynamic separation),
// the cost stages, design changes that need a meeting, the tracking-audit rotation and the payment ceiling.

extension Separation {
    /// Why someone may not act for a responsibility on a project.
    public enum Refusal: Error, Equatable, Sendable {
        /// The responsibility has no holder yet.
        case noHolder(Responsibility)
        /// The person is neither its holder nor of its holder unit.
        case notHolder(Responsibility, holder: Holder)
        /// The person holds another responsibility of the project.
        case holdsOther(Responsibility)
    }

    /// Dynamic separation: a document of a responsibility (a cost stage, a design review, a priced change) is
    /// prepared or reviewed by its holder, or by someone of its holder unit who holds none of the other two.
    public static func checkActs(
        _ r: Responsibility,
        person: String,
        unit: String?,
        holders: [Responsibility: Holder]
    ) throws(Refusal) {
        guard let h = holders[r] else { throw .noHolder(r) }
        for other in Responsibility.allCases where other != r {
            if holders[other]?.person == person { throw .holdsOther(other) }
        }
        guard h.person == person || (unit != nil && h.unit == unit) else { throw .notHolder(r, holder: h) }
    }

    /// A leader's approval is independent: the approver holds none of the project's responsibilities.
    public static func checkApprover(person: String, holders: [Responsibility: Holder]) throws(Refusal) {
        for r in Responsibility.allCases where holders[r]?.person == person { throw .holdsOther(r) }
    }
}

/// 估算 → 概算 → 预算 → 结算.
public enum CostStage: String, CaseIterable, Codable, Sendable, Comparable {
    case estimate, budgetaryEstimate, budget, settlement

    public var previous: CostStage? {
        switch self {
        case .estimate: return nil
        case .budgetaryEstimate: return .estimate
        case .budget: return .budgetaryEstimate
        case .settlement: return .budget
        }
    }

    public static func < (a: CostStage, b: CostStage) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

public enum CostControl {
    public enum Refusal: Error, Equatable, Sendable {
        /// The stage before has not been approved yet.
        case previousNotApproved(CostStage)
        /// The stage is already prepared or approved.
        case alreadyPrepared(CostStage)
        /// Above the approved stage before: the overrun needs a reason.
        case overrunWithoutReason(previous: Money, excess: Money)
        /// Above the approved stage before: the approval must approve the overrun too.
        case overrunNotApproved(excess: Money)
        case notPositive
    }

    /// The excess of an amount over the approved previous stage, if any.
    public static func overrun(_ amount: Money, previous: Money?) -> Money? {
        guard let p = previous, amount > p else { return nil }
        return Money(fen: amount.fen - p.fen)
    }

    /// Preparing a stage: the stages go in order, each after the one before is approved; a stage above the
    /// approved one before states why. `approved` holds the approved amount of each approved stage; `prepared`
    /// the stages already prepared (approved or waiting).
    public static func checkPrepare(
        _ stage: CostStage,
        amount: Money,
        overrunReason: String?,
        approved: [CostStage: Money],
        prepared: Set<CostStage>
    ) throws(Refusal) {
        guard amount.fen > 0 else { throw .notPositive }
        guard !prepared.contains(stage) else { throw .alreadyPrepared(stage) }
        if let p = stage.previous, approved[p] == nil { throw .previousNotApproved(p) }
        if let excess = overrun(amount, previous: stage.previous.flatMap { approved[$0] }),
            (overrunReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            throw .overrunWithoutReason(previous: approved[stage.previous!]!, excess: excess)
        }
    }

    /// Approving a stage: an overrun is approved explicitly with the stage.
    public static func checkApprove(amount: Money, previous: Money?, approvesOverrun: Bool) throws(Refusal) {
        if let excess = overrun(amount, previous: previous), !approvesOverrun { throw .overrunNotApproved(excess: excess) }
    }
}

/// 设计变更: a change whose cost impact reaches a zone setting (an amount, or a share of the budget) takes effect
/// only after a key-project meeting decides it.
public enum DesignChangeRule {
    public static func needsMeeting(impact: Money, budget: Money, thresholdWan: Int, thresholdPercent: Int) -> Bool {
        let a = impact.fen.magnitude
        if a >= UInt64(Money.wan(Int64(thresholdWan)).fen) { return true }
        return budget.fen > 0 && a * 100 >= UInt64(budget.fen) * UInt64(thresholdPercent)
    }
}

/// 跟踪审计单位轮换: the least recently assigned qualified firm first; a firm related to the project's contractor or
/// designer never audits it.
public enum AuditRotation {
    public struct Firm: Equatable, Sendable {
        public let id: String
        public let name: String
        public let qualifications: Set<String>
        /// Names of the companies the firm is related to (shareholding, management, recent joint work).
        public let related: Set<String>
        public let lastAssigned: CalendarDate?
        public let active: Bool
        public init(id: String, name: String, qualifications: Set<String>, related: Set<String>, lastAssigned: CalendarDate?, active: Bool)
        {
            self.id = id
            self.name = name
            self.qualifications = qualifications
            self.related = related
            self.lastAssigned = lastAssigned
            self.active = active
        }

        /// The parties (contractor, designer) this firm is related to.
        public func relations(to parties: Set<String>) -> [String] {
            let mine = Set(related.map(AuditRotation.normalised))
            return parties.filter { mine.contains(AuditRotation.normalised($0)) }.sorted()
        }
    }

    public enum Refusal: Error, Equatable, Sendable {
        case inactive
        case unqualified(String)
        case related([String])
        case noneEligible
    }

    static func normalised(_ name: String) -> String {
        name.filter { !$0.isWhitespace }.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
    }

    public static func check(_ f: Firm, qualification: String, parties: Set<String>) throws(Refusal) {
        guard f.active else { throw .inactive }
        guard f.qualifications.contains(qualification) else { throw .unqualified(qualification) }
        let r = f.relations(to: parties)
        guard r.isEmpty else { throw .related(r) }
    }

    /// The eligible firms in rotation order: never assigned first, then the least recently assigned; ties by name.
    public static func order(_ firms: [Firm], qualification: String, parties: Set<String>) -> [Firm] {
        firms.filter { (try? check($0, qualification: qualification, parties: parties)) != nil }
            .sorted { a, b in
                switch (a.lastAssigned, b.lastAssigned) {
                case (nil, nil): return a.name < b.name
                case (nil, _): return true
                case (_, nil): return false
                case (let x?, let y?): return x == y ? a.name < b.name : x < y
                }
            }
    }

    public static func next(_ firms: [Firm], qualification: String, parties: Set<String>) throws(Refusal) -> Firm {
        guard let f = order(firms, qualification: qualification, parties: parties).first else { throw .noneEligible }
        return f
    }
}

/// 进度款: a progress payment needs the tracking audit's confirmed amount and stays within it; before settlement the
/// payments of a contract stay within the ceiling (a share of the contract price, a zone setting), after it within
/// the settled amount.
public enum PaymentRule {
    public enum Refusal: Error, Equatable, Sendable {
        case notConfirmed
        case aboveConfirmed(confirmed: Money)
        case aboveCeiling(ceiling: Money, paid: Money)
        case aboveSettlement(settled: Money, paid: Money)
        case notPositive
    }

    /// The ceiling before settlement, rounded down to the fen.
    public static func ceiling(contractPrice: Money, percent: Int) -> Money {
        Money(fen: Int64((Int128(contractPrice.fen) * Int128(percent)) / 100))
    }

    public static func check(
        amount: Money,
        confirmed: Money?,
        paidBefore: Money,
        contractPrice: Money,
        ceilingPercent: Int,
        settled: Money?
    ) throws(Refusal) {
        guard amount.fen > 0 else { throw .notPositive }
        guard let c = confirmed else { throw .notConfirmed }
        guard amount <= c else { throw .aboveConfirmed(confirmed: c) }
        let total = paidBefore + amount
        if let s = settled {
            guard total <= s else { throw .aboveSettlement(settled: s, paid: paidBefore) }
        } else {
            let cap = ceiling(contractPrice: contractPrice, percent: ceilingPercent)
            guard total <= cap else { throw .aboveCeiling(ceiling: cap, paid: paidBefore) }
        }
    }
}

/// A milestone is late when its planned date has passed without an actual date, or it was reached after it.
public enum Milestones {
    public static func isLate(planned: CalendarDate, actual: CalendarDate?, today: CalendarDate) -> Bool {
        if let a = actual { return a > planned }
        return today > planned
    }
}
