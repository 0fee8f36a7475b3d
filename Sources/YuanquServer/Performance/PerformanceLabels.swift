import Foundation
import YuanquKit

/// The words of the performance area, in both languages.
enum PerformanceLabels {
    /// A figure as people write it: whole numbers without decimals, thousands separated ("600,000", "4.5").
    static func figure(_ d: Double) -> String {
        let f = NumberFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.numberStyle = .decimal
        f.usesGroupingSeparator = true
        f.groupingSeparator = ","
        f.maximumFractionDigits = 2
        return f.string(from: NSNumber(value: d)) ?? String(d)
    }

    static func source(_ s: IndicatorSource) -> Loc {
        switch s {
        case .entered: return Loc("手工录入（附佐证）", "Entered with evidence")
        case .signedAmount: return Loc("招商签约额（万元）", "Signed amount (10k yuan)")
        case .majorCount: return Loc("亿元以上项目数", "Major projects")
        case .investedAmount: return Loc("实际到位资金（万元）", "Invested amount (10k yuan)")
        case .requestsClosed: return Loc("企业诉求办结数", "Requests closed")
        case .requestsOverdue: return Loc("企业诉求超期数", "Requests overdue")
        case .satisfaction: return Loc("服务满意度（1–5）", "Satisfaction (1–5)")
        case .contractsOnTime: return Loc("合同按期续签率（%）", "Contracts renewed on time (%)")
        }
    }

    static func group(_ g: RaterGroup) -> Loc {
        switch g {
        case .leader: return Loc("领导", "Leaders")
        case .peer: return Loc("同事", "Peers")
        case .subordinate: return Loc("下属", "Subordinates")
        case .self: return Loc("本人", "Self")
        case .serviceRecipient: return Loc("服务对象", "Service recipients")
        }
    }

    static func assessee(_ a: Assessee) -> Loc {
        switch a {
        case .unit: return Loc("部门", "Unit")
        case .team: return Loc("招商小组", "Team")
        case .person: return Loc("个人", "Person")
        }
    }

    static func tier(_ t: Tier) -> Loc {
        switch t {
        case .leader: return Loc("领导班子", "Leaders")
        case .head: return Loc("部门负责人", "Unit heads")
        case .staff: return Loc("工作人员", "Staff")
        }
    }

    static func rule(_ r: IndicatorRule) -> Loc {
        switch r {
        case .linear(let cap):
            return Loc("按完成比例线性计分，封顶 \(figure(cap)) 分", "Linear to target, capped at \(figure(cap))")
        case .bands(let bands):
            let zh = bands.sorted { $0.atLeast < $1.atLeast }.map { "达 \(figure($0.atLeast))% 得 \(figure($0.score))" }
            let en = bands.sorted { $0.atLeast < $1.atLeast }.map { "≥\(figure($0.atLeast))%: \(figure($0.score))" }
            return Loc("分档：" + zh.joined(separator: "，"), "Bands: " + en.joined(separator: ", "))
        case .lowerIsBetter(let worst):
            return Loc("越低越好：不高于目标得 100，达 \(figure(worst)) 得 0", "Lower is better: 100 at target, 0 at \(figure(worst))")
        }
    }

    static func measure(_ i: Indicator, _ rules: SchemeRules) -> Loc {
        switch i.measure {
        case .quantitative(let source, let rule, let target):
            let s = self.source(source)
            let r = self.rule(rule)
            return Loc("\(s.zh)；目标 \(figure(target))；\(r.zh)", "\(s.en); target \(figure(target)); \(r.en)")
        case .qualitative(let raters):
            let zh = raters.map { "\(group($0).zh) \(figure(rules.raterWeights[$0] ?? 0))" }
            let en = raters.map { "\(group($0).en) \(figure(rules.raterWeights[$0] ?? 0))" }
            return Loc("评价：" + zh.joined(separator: "、"), "Rated by " + en.joined(separator: ", "))
        }
    }

    static func elimination(_ r: EliminationRule, _ set: GradeSet) -> Loc {
        switch r {
        case .teamLast(let n): return Loc("招商小组连续 \(n) 个周期排名末位", "Team last in \(n) consecutive cycles")
        case .grade(let g, let n):
            let w = set.label(g)
            return n == 1 ? Loc("考核等次为“\(w.zh)”", "Graded “\(w.en)”") : Loc("连续 \(n) 个周期为“\(w.zh)”", "“\(w.en)” \(n) cycles running")
        case .below(let t, let n):
            return Loc("连续 \(n) 个周期得分低于 \(figure(t))", "Below \(figure(t)) for \(n) cycles")
        }
    }

    static func effect(_ e: CaseEffect, _ set: GradeSet) -> Loc {
        switch e {
        case .gradeCap(let g): return Loc("考核等次不高于“\(set.label(g).zh)”", "Grade at best “\(set.label(g).en)”")
        case .scoreDeduction(let d): return Loc("考核得分扣 \(figure(d)) 分", "\(figure(d)) points off the score")
        }
    }

    static func sanction(_ code: String) -> Loc {
        Sanction(rawValue: code).map { Loc($0.label.zh, $0.label.en) } ?? Loc(code, code)
    }

    static func grade(_ code: String?, _ set: GradeSet) -> Loc {
        guard let g = code.flatMap(Grade.init) else { return Loc("—", "—") }
        let w = set.label(g)
        return Loc(w.zh, w.en)
    }

    static func schemeStatus(_ s: String) -> Loc {
        switch s {
        case "draft": return Loc("草稿", "Draft")
        case "published": return Loc("已发布", "Published")
        default: return Loc("已关闭", "Closed")
        }
    }

    static func cycleStatus(_ s: String) -> Loc {
        switch s {
        case "open": return Loc("评价中", "Open")
        case "computed": return Loc("已计算", "Computed")
        case "notice": return Loc("公示中", "In notice")
        default: return Loc("已定稿", "Final")
        }
    }

    /// A result's notes (feed, follows unit, case effects) in words.
    static func note(_ n: String, _ set: GradeSet) -> Loc {
        let parts = n.split(separator: ":", maxSplits: 1).map(String.init)
        let value = parts.count > 1 ? parts[1] : ""
        switch parts[0] {
        case "followsUnit": return Loc("部门负责人随所在部门结果", "A unit head follows the unit")
        case "feed": return Loc("按所在部门（小组）等次“\(grade(value, set).zh)”折算", "Scaled by the unit's grade “\(grade(value, set).en)”")
        case "deducted": return Loc("问责扣 \(value) 分", "\(value) points off (case)")
        case "capped": return Loc("问责：等次不高于“\(grade(value, set).zh)”", "Case: at best “\(grade(value, set).en)”")
        case CycleEngine.UnitQuota.headOverQuota:
            return Loc(
                "随部门为“\(set.label(.excellent).zh)”的负责人多于本部门名额，未占名额，为“\(set.label(.competent).zh)”（名额内按记录的决定排序）",
                "More heads following the unit as “\(set.label(.excellent).en)” than its places: without a place, “\(set.label(.competent).en)” "
                    + "(the places go by a recorded decision)"
            )
        default: return Loc(n, n)
        }
    }

    /// How a unit's heads following it as 优秀 take its places first.
    static func headsPlaces(_ q: CycleEngine.UnitQuota, _ set: GradeSet) -> Loc {
        let w = set.label(.excellent)
        if q.places == 0 {
            return Loc(
                "本部门没有\(w.zh)名额，随部门结果的负责人也不评为\(w.zh)。",
                "The unit has no place: its heads following it are not \(w.en) either. "
            )
        }
        return q.heads <= q.places
            ? Loc(
                "随部门为\(w.zh)的负责人 \(q.heads) 人先占名额，其余 \(q.staffPlaces) 名按排名。",
                "\(q.heads) heads following the unit as \(w.en) take places first; \(q.staffPlaces) left by rank. "
            )
            : Loc(
                "随部门为\(w.zh)的负责人 \(q.heads) 人多于名额：按记录的决定排序占名额，其他人员不再有名额。",
                "\(q.heads) heads following the unit as \(w.en), more than the places: a recorded decision orders them; no place is left. "
            )
    }

    static let quotaNote = Loc(
        "优秀比例为本地做法（由考核方案设定，默认 20%，向下取整），并非国家法律规定；部门负责人随部门结果，计入本部门人数和名额；名额线上得分并列者须记录决定，不得默认裁减。",
        "The share of Excellent is local practice set by the scheme (20% by default, rounded down), not national law; unit heads follow "
            + "the unit and count in its people and places; people tied at the line "
            + "need a recorded decision and are never cut silently."
    )
}
