import YuanquKit

/// The personnel area's values as the pages name them.
extension CampaignKind: Labelled {
    var label: Loc {
        switch self {
        case .competitive: return Loc("竞聘上岗", "Competitive appointment")
        case .openSelection: return Loc("公开遴选", "Open selection")
        case .publicRecruitment: return Loc("社会公开招聘", "Public recruitment")
        }
    }
}

extension CampaignStage: Labelled {
    var label: Loc {
        switch self {
        case .registration: return Loc("报名", "Registration")
        case .review: return Loc("资格审查", "Review")
        case .interview: return Loc("面试", "Interview")
        case .ranking: return Loc("排名", "Ranking")
        case .publicity: return Loc("公示", "Publicity")
        case .appointment: return Loc("聘任", "Appointment")
        }
    }
}

extension Origin: Labelled {
    var label: Loc {
        switch self {
        case .zoneStaff: return Loc("园区在职人员", "Zone staff")
        case .districtAgency: return Loc("区内机关", "District agency")
        case .publicInstitution: return Loc("事业单位", "Public institution")
        case .districtSOE: return Loc("区属国有企业", "District SOE")
        case .public: return Loc("社会人员", "Member of the public")
        }
    }
}

extension Education: Labelled {
    var label: Loc {
        switch self {
        case .college: return Loc("大学专科", "College")
        case .bachelor: return Loc("大学本科", "Bachelor's")
        case .master: return Loc("硕士研究生", "Master's")
        case .doctorate: return Loc("博士研究生", "Doctorate")
        }
    }
}

extension Nomination {
    var label: Loc {
        switch self {
        case .self: return Loc("个人自荐", "Self-nomination")
        case .organisation: return Loc("组织选任", "Organisational nomination")
        case .publicRegistration: return Loc("网上报名", "Online registration")
        }
    }
}

extension ReviewStatus {
    var label: Loc {
        switch self {
        case .pending: return Loc("待审查", "Awaiting review")
        case .passed: return Loc("通过", "Passed")
        case .failed: return Loc("不通过", "Failed")
        }
    }
}
