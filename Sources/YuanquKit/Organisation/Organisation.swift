import Foundation

/// The two bodies of a zone (政企分离).
public enum BodyKind: String, CaseIterable, Codable, Sendable {
    case committee, company
}

/// An organisational unit's kind.
public enum UnitKind: String, CaseIterable, Codable, Sendable {
    case leadership, department, centre, team

    /// The management tier a unit of this kind sits on (1: leadership, 2: departments and centres, 3: teams).
    public var level: Int {
        switch self {
        case .leadership: return 1
        case .department, .centre: return 2
        case .team: return 3
        }
    }
}

/// The three tiers of management (三级扁平化).
public enum Tier: String, CaseIterable, Codable, Sendable {
    case leader, head, staff
}

/// The rule of total headcount control (总量控制).
public enum HeadcountCap {
    public struct Exceeded: Error, Equatable, Sendable {
        public let cap: Int
        public let currentTotal: Int
        public let requested: Int
        /// The total the change would make.
        public var resultingTotal: Int { currentTotal + requested }
    }

    /// Checks that adding `requested` places to a body whose posts already hold `currentTotal`
    /// stays within `cap`. Equal to the cap is allowed; one more is refused.
    public static func check(cap: Int, currentTotal: Int, requested: Int) throws(Exceeded) {
        if requested > 0 && currentTotal + requested > cap {
            throw Exceeded(cap: cap, currentTotal: currentTotal, requested: requested)
        }
    }
}

/// A unit as the structural rules see it.
public struct UnitShape: Sendable, Equatable {
    public let id: String
    public let kind: UnitKind
    public let parentID: String?
    public let bodyKey: String
    public init(id: String, kind: UnitKind, parentID: String?, bodyKey: String = "") {
        self.id = id
        self.kind = kind
        self.parentID = parentID
        self.bodyKey = bodyKey
    }
}

/// The three-tier rule: leadership at the top, departments and centres under it, teams under those.
/// Nothing may nest so that management runs through a fourth tier.
public enum TierRule {
    public enum Violation: Error, Equatable, Sendable {
        /// A leadership unit may not have a parent.
        case leadershipHasParent
        /// The parent's kind cannot hold a unit of this kind.
        case parentKind(child: UnitKind, parent: UnitKind)
        /// The parent belongs to another body.
        case parentInOtherBody
        /// The parent does not exist.
        case parentMissing
        /// The unit would be its own ancestor.
        case cycle
        /// The chain of units would be deeper than three tiers.
        case fourthTier(depth: Int)
    }

    /// Checks where a unit may stand, given every other unit of its zone.
    public static func check(_ unit: UnitShape, among units: [UnitShape]) throws(Violation) {
        let byID = Dictionary(units.filter { $0.id != unit.id }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        guard let parentID = unit.parentID else { return }
        if unit.kind == .leadership { throw .leadershipHasParent }
        guard let parent = byID[parentID] else {
            throw parentID == unit.id ? .cycle : .parentMissing
        }
        if parent.bodyKey != unit.bodyKey { throw .parentInOtherBody }
        // Walk up to the root: detects cycles and counts the depth of the chain.
        var depth = 2
        var seen: Set<String> = [unit.id, parent.id]
        var cursor = parent
        while let next = cursor.parentID {
            if seen.contains(next) { throw .cycle }
            guard let p = byID[next] else { break }
            seen.insert(next)
            depth += 1
            cursor = p
        }
        // Children of this unit move with it.
        let below = subtreeDepth(of: unit.id, among: units)
        if depth + below > 3 { throw .fourthTier(depth: depth + below) }
        if parent.kind.level >= unit.kind.level { throw .parentKind(child: unit.kind, parent: parent.kind) }
    }

    /// How many levels hang below a unit (0 for a leaf).
    public static func subtreeDepth(of id: String, among units: [UnitShape]) -> Int {
        var children: [String: [String]] = [:]
        for u in units { if let p = u.parentID { children[p, default: []].append(u.id) } }
        func depth(_ id: String, _ guardSet: Set<String>) -> Int {
            guard let kids = children[id], !guardSet.contains(id) else { return 0 }
            return 1 + kids.map { depth($0, guardSet.union([id])) }.max()!
        }
        return depth(id, [])
    }

    /// Which tiers a post in a unit of this kind may have: leaders sit in the leadership;
    /// departments and centres have a head and staff; a team's members are all staff
    /// (a team head would make a fourth tier).
    public static func allowedTiers(in kind: UnitKind) -> [Tier] {
        switch kind {
        case .leadership: return [.leader, .staff]
        case .department, .centre: return [.head, .staff]
        case .team: return [.staff]
        }
    }
}

/// A duty (职责) claimed by two or more units: an overlap (职能交叉).
public struct DutyOverlap: Equatable, Sendable {
    public let duty: String
    public let unitIDs: [String]
}

public enum Duties {
    /// Splits a duty list as users type it: one per line, or separated by ；; or 、 at line level.
    public static func parse(_ text: String) -> [String] {
        var out: [String] = []
        for line in text.split(whereSeparator: { $0.isNewline || $0 == "；" || $0 == ";" }) {
            let d = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if !d.isEmpty && !out.contains(d) { out.append(d) }
        }
        return out
    }

    /// The comparison key of a duty: whitespace, punctuation and letter case do not make duties different.
    public static func key(_ duty: String) -> String {
        String(
            duty.lowercased().unicodeScalars.filter {
                !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.punctuationCharacters.contains($0)
            }.map(Character.init)
        )
    }

    /// Every duty claimed by more than one unit, with all the units that claim it, in a stable order.
    public static func overlaps(_ units: [(id: String, duties: [String])]) -> [DutyOverlap] {
        var claims: [String: (text: String, ids: [String])] = [:]
        var order: [String] = []
        for unit in units {
            for duty in unit.duties {
                let k = key(duty)
                guard !k.isEmpty else { continue }
                if claims[k] == nil {
                    claims[k] = (duty, [])
                    order.append(k)
                }
                if !claims[k]!.ids.contains(unit.id) { claims[k]!.ids.append(unit.id) }
            }
        }
        return order.compactMap { k in
            let c = claims[k]!
            return c.ids.count > 1 ? DutyOverlap(duty: c.text, unitIDs: c.ids) : nil
        }
    }
}

public enum MainBusiness {
    /// The share of main-business units (主责主业占比) among a body's departments and centres;
    /// leadership and teams are not counted. Nil when there are none.
    public static func ratio(_ units: [(kind: UnitKind, isMainBusiness: Bool)]) -> Double? {
        let counted = units.filter { $0.kind == .department || $0.kind == .centre }
        guard !counted.isEmpty else { return nil }
        return Double(counted.filter(\.isMainBusiness).count) / Double(counted.count)
    }
}

/// A person's former identity, kept in the sealed record (档案封存).
public enum FormerIdentity: String, CaseIterable, Codable, Sendable {
    case civilServant, publicInstitution, stateOwnedEnterprise, contract, publicRecruit
}

public enum Gender: String, CaseIterable, Codable, Sendable {
    case male, female
}
