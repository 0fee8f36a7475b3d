import YuanquKit

/// The engineering area's words, in both languages.
enum EngineeringLabels {
    static func responsibility(_ r: Responsibility) -> Loc {
        switch r {
        case .design: return Loc("设计", "Design")
        case .cost: return Loc("造价", "Cost")
        case .construction: return Loc("工程建设", "Construction")
        }
    }

    static func costStage(_ s: CostStage) -> Loc {
        switch s {
        case .estimate: return Loc("估算", "Estimate")
        case .budgetaryEstimate: return Loc("概算", "Budgetary estimate")
        case .budget: return Loc("预算", "Budget")
        case .settlement: return Loc("结算", "Settlement")
        }
    }

    static func stage(_ s: String) -> Loc {
        switch ConstructionStage(rawValue: s) {
        case .preparation: return Loc("前期", "Preparation")
        case .design: return Loc("设计", "Design")
        case .tendering: return Loc("招标", "Tendering")
        case .construction: return Loc("施工", "Construction")
        case .completed: return Loc("竣工", "Completed")
        case .settled: return Loc("已结算", "Settled")
        case nil: return Loc(s, s)
        }
    }

    static func method(_ m: ProcurementMethod) -> Loc {
        switch m {
        case .publicTender: return Loc("公开招标", "Open tender")
        case .invitedTender: return Loc("邀请招标", "Invited tender")
        case .competitiveNegotiation: return Loc("竞争性谈判", "Competitive negotiation")
        case .inquiry: return Loc("询价", "Request for quotations")
        case .singleSource: return Loc("单一来源", "Single source")
        }
    }

    static func category(_ c: ProcurementCategory) -> Loc {
        switch c {
        case .works: return Loc("施工", "Works")
        case .goods: return Loc("货物", "Goods")
        case .services: return Loc("服务（勘察、设计、监理等）", "Services (survey, design, supervision…)")
        }
    }

    static func tenderStatus(_ s: String) -> Loc {
        switch s {
        case "awaitingApproval": return Loc("待审批采购方式", "Method awaiting approval")
        case "open": return Loc("招标中", "Open for bids")
        case "evaluated": return Loc("已评标", "Evaluated")
        case "publicity": return Loc("中标候选人公示", "Candidates publicised")
        case "awarded": return Loc("已定标", "Awarded")
        case "contracted": return Loc("已签合同", "Contracted")
        case "failed": return Loc("流标（重新招标）", "Failed (re-tendered)")
        default: return Loc(s, s)
        }
    }

    static func costStatus(_ s: String) -> Loc {
        switch s {
        case "prepared": return Loc("待审批", "Awaiting approval")
        case "approved": return Loc("已批准", "Approved")
        case "returned": return Loc("已退回", "Returned")
        default: return Loc(s, s)
        }
    }

    static func changeStatus(_ s: String) -> Loc {
        switch s {
        case "proposed": return Loc("待审核", "Under review")
        case "awaitingMeeting": return Loc("待会议决定", "Awaiting a meeting")
        case "effective": return Loc("已生效", "Effective")
        case "rejected": return Loc("未通过", "Rejected")
        default: return Loc(s, s)
        }
    }

    static func paymentStatus(_ s: String) -> Loc {
        switch s {
        case "requested": return Loc("待审计确认", "Awaiting the audit")
        case "confirmed": return Loc("审计已确认", "Confirmed by the audit")
        case "paid": return Loc("已支付", "Paid")
        default: return Loc(s, s)
        }
    }
}
