import Foundation

/// Who rates whom: the rating tasks of one rater in a cycle, from the organisation and the scheme's rater groups.
/// Leaders (the zone's leader role) rate every assessed unit and every unit head; a unit head rates the staff of
/// their unit as leader and the other units as a service recipient; people rate the others of their tier in their
/// unit as peers, staff rate their unit's head as subordinates, and everyone rates themselves.
public enum RatingPlan {
    public struct Task: Hashable, Sendable {
        public let subject: String
        public let assessee: Assessee
        public let indicator: String
        public let group: RaterGroup
    }

    public struct Rater: Sendable {
        /// The rater's person id, nil for a leader with no person record.
        public let personID: String?
        public let isLeader: Bool
        public init(personID: String?, isLeader: Bool) {
            self.personID = personID
            self.isLeader = isLeader
        }
    }

    public static func tasks(for rater: Rater, rules: SchemeRules, units: [String], people: [CycleEngine.PersonIn]) -> [Task] {
        var tasks: [Task] = []
        func add(_ subject: String, _ a: Assessee, _ g: RaterGroup) {
            for ind in rules.indicators(for: a) {
                guard case .qualitative(let raters) = ind.measure, raters.contains(g), (rules.raterWeights[g] ?? 0) > 0 else { continue }
                tasks.append(Task(subject: subject, assessee: a, indicator: ind.code, group: g))
            }
        }
        let assessed = people.filter { rules.tiers.contains($0.tier) }
        let me = people.first { $0.id == rater.personID }
        if rater.isLeader {
            // A leader who also holds a post does not rate their own unit (its head's result follows it).
            for u in units where u != me?.unitID { add(u, .unit, .leader) }
            for p in assessed where p.tier == .head && p.id != rater.personID && p.unitID != me?.unitID { add(p.id, .person, .leader) }
        }
        guard let me else { return tasks }
        for p in assessed where p.id != me.id && p.unitID == me.unitID {
            if me.tier == .head && p.tier == .staff && !rater.isLeader {
                add(p.id, .person, .leader)
            } else if p.tier == me.tier {
                add(p.id, .person, .peer)
            } else if me.tier == .staff && p.tier == .head {
                add(p.id, .person, .subordinate)
            }
        }
        if me.tier == .head && !rater.isLeader {
            for u in units where u != me.unitID { add(u, .unit, .serviceRecipient) }
        }
        if assessed.contains(where: { $0.id == me.id }) { add(me.id, .person, .self) }
        // One task per subject and indicator: the first role found (a leader's) wins.
        var seen = Set<String>()
        return tasks.filter { seen.insert($0.subject + "|" + $0.indicator).inserted }
    }
}
