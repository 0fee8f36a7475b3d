import YuanquKit

/// Screen labels of the organisation's code values, and parsing of what users type in forms and spreadsheets.
protocol Labelled: RawRepresentable, CaseIterable where RawValue == String {
    var label: Loc { get }
}

extension Labelled {
    /// Accepts the code, the Chinese label or the English label (any letter case).
    static func parse(_ text: String) -> Self? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        return allCases.first {
            $0.rawValue.lowercased() == t.lowercased() || $0.label.zh == t || $0.label.en.lowercased() == t.lowercased()
        }
    }
    static func options(_ lang: Lang) -> [(value: String, label: String)] { allCases.map { ($0.rawValue, lang.t($0.label)) } }
}

extension BodyKind: Labelled {
    var label: Loc {
        switch self {
        case .committee: return Loc("管委会", "Committee")
        case .company: return Loc("开发公司", "Development company")
        }
    }
}

extension UnitKind: Labelled {
    var label: Loc {
        switch self {
        case .leadership: return Loc("领导班子", "Leadership")
        case .department: return Loc("部门", "Department")
        case .centre: return Loc("中心", "Centre")
        case .team: return Loc("小组", "Team")
        }
    }
}

extension Tier: Labelled {
    var label: Loc {
        switch self {
        case .leader: return Loc("领导层", "Leader")
        case .head: return Loc("部门负责人", "Head")
        case .staff: return Loc("工作人员", "Staff")
        }
    }
}

extension Gender: Labelled {
    var label: Loc {
        switch self {
        case .male: return Loc("男", "Male")
        case .female: return Loc("女", "Female")
        }
    }
}

extension FormerIdentity: Labelled {
    var label: Loc {
        switch self {
        case .civilServant: return Loc("公务员", "Civil servant")
        case .publicInstitution: return Loc("事业单位人员", "Public institution staff")
        case .stateOwnedEnterprise: return Loc("国有企业人员", "State-owned enterprise staff")
        case .contract: return Loc("合同制人员", "Contract staff")
        case .publicRecruit: return Loc("社会招聘人员", "Public recruit")
        }
    }
}

/// Parses yes/no as spreadsheets write it.
func parseBool(_ text: String) -> Bool? {
    switch text.trimmingCharacters(in: .whitespaces).lowercased() {
    case "是", "y", "yes", "true", "1", "√", "on": return true
    case "否", "n", "no", "false", "0", "", "off": return false
    default: return nil
    }
}
