import Foundation

/// A zone setting that later areas read: data with a default, edited by the zone admin.
public struct SettingDefinition: Sendable, Equatable {
    /// `ocdsPrefix`: an OCDS ocid prefix, `ocds-` and six lower-case letters or digits.
    public enum Kind: String, Sendable { case integer, text, ocdsPrefix }
    public let key: String
    public let kind: Kind
    public let defaultValue: String
    public let range: ClosedRange<Int>?
    public let labelZh: String
    public let labelEn: String

    public static let all: [SettingDefinition] = [
        .init(
            key: "publicity.workingDays",
            kind: .integer,
            defaultValue: "5",
            range: 1...30,
            labelZh: "公示期（工作日）",
            labelEn: "Publicity period (working days)"
        ),
        .init(
            key: "contracts.expiryWarningDays",
            kind: .integer,
            defaultValue: "60",
            range: 1...365,
            labelZh: "合同到期提醒（天）",
            labelEn: "Contract expiry warning (days)"
        ),
        .init(
            key: "investment.majorThresholdWan",
            kind: .integer,
            defaultValue: "10000",
            range: 1...10_000_000,
            labelZh: "亿元以上项目门槛（万元）",
            labelEn: "Major project threshold (10k yuan)"
        ),
        .init(
            key: "campaign.maxPreferences",
            kind: .integer,
            defaultValue: "3",
            range: 1...20,
            labelZh: "双向选择志愿数上限",
            labelEn: "Most posts a candidate may rank"
        ),
        .init(
            key: "list.pageSize",
            kind: .integer,
            defaultValue: "20",
            range: 5...200,
            labelZh: "列表每页条数",
            labelEn: "Rows per list page"
        ),
        .init(
            key: "engineering.designChangeMeetingWan",
            kind: .integer,
            defaultValue: "50",
            range: 1...1_000_000,
            labelZh: "设计变更须会议决定的金额（万元）",
            labelEn: "Design change needing a meeting: amount (10k yuan)"
        ),
        .init(
            key: "engineering.designChangeMeetingPercent",
            kind: .integer,
            defaultValue: "5",
            range: 1...100,
            labelZh: "设计变更须会议决定的占预算比例（%）",
            labelEn: "Design change needing a meeting: share of the budget (%)"
        ),
        .init(
            key: "engineering.paymentCeilingPercent",
            kind: .integer,
            defaultValue: "80",
            range: 1...100,
            labelZh: "结算前进度款累计支付上限（合同价 %）",
            labelEn: "Progress payments before settlement: ceiling (% of the contract price)"
        ),
        .init(
            key: "zone.contactPhone",
            kind: .text,
            defaultValue: "",
            range: nil,
            labelZh: "管委会联系电话",
            labelEn: "Committee contact phone"
        ),
        .init(
            key: "ocds.prefix",
            kind: .ocdsPrefix,
            defaultValue: SettingDefinition.placeholderOCDSPrefix,
            range: nil,
            labelZh: "OCDS 前缀（向 OCDS 服务台登记，ocds- 加 6 位）",
            labelEn: "OCDS prefix (registered with the OCDS Helpdesk: ocds- and 6 characters)"
        ),
    ]

    public static func named(_ key: String) -> SettingDefinition? { all.first { $0.key == key } }

    /// The OCDS prefix of a zone that has not registered its own: of the valid form, so the data passes the Data
    /// Review Tool, but registered to no one. A zone publishing for real registers a prefix with the OCDS Helpdesk
    /// (data@open-contracting.org) and enters it in its settings.
    public static let placeholderOCDSPrefix = "ocds-xxxxxx"

    public enum Problem: Error, Equatable, Sendable {
        case notInteger
        case outOfRange(ClosedRange<Int>)
        case tooLong
        case notOCDSPrefix
    }

    /// `ocds-` and six lower-case letters or digits: what the OCDS Helpdesk assigns (and the Data Review Tool checks,
    /// `^ocds-[a-z0-9]{6}`).
    public static func isOCDSPrefix(_ s: String) -> Bool {
        let tail = s.utf8.dropFirst(5)
        return s.hasPrefix("ocds-") && tail.count == 6 && tail.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }

    /// Checks and normalises a value typed by an admin.
    public func validate(_ raw: String) throws(Problem) -> String {
        let v = raw.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .integer:
            guard let n = Int(v) else { throw .notInteger }
            if let r = range, !r.contains(n) { throw .outOfRange(r) }
            return String(n)
        case .text:
            if v.count > 200 { throw .tooLong }
            return v
        case .ocdsPrefix:
            let lower = v.lowercased()
            guard Self.isOCDSPrefix(lower) else { throw .notOCDSPrefix }
            return lower
        }
    }
}

/// The code lists (字典) a zone edits, with their default entries.
public struct CodeListDefinition: Sendable {
    public let list: String
    public let labelZh: String
    public let labelEn: String
    public let defaults: [(code: String, zh: String, en: String)]

    public static let all: [CodeListDefinition] = [
        .init(
            list: "industry",
            labelZh: "产业分类",
            labelEn: "Industries",
            defaults: [
                ("ic", "集成电路", "Integrated circuits"), ("nev", "新能源汽车", "New-energy vehicles"),
                ("biomed", "生物医药", "Biomedicine"), ("smartmfg", "智能制造", "Smart manufacturing"),
                ("services", "现代服务业", "Modern services"),
            ]
        ),
        .init(
            list: "requestType",
            labelZh: "企业诉求类型",
            labelEn: "Service request types",
            defaults: [
                ("policy", "政策", "Policy"), ("land", "用地", "Land"), ("approval", "审批", "Approvals"),
                ("talent", "人才", "Talent"), ("financing", "融资", "Financing"),
                ("supplyChain", "供应链", "Supply chain"), ("other", "其他", "Other"),
            ]
        ),
        .init(
            list: "contractType",
            labelZh: "合同类型",
            labelEn: "Contract types",
            defaults: [
                ("fixedTerm", "固定期限", "Fixed term"), ("openEnded", "无固定期限", "Open-ended"),
                ("project", "以完成一定工作任务为期限", "Task-based"),
            ]
        ),
        .init(
            list: "education",
            labelZh: "学历",
            labelEn: "Education",
            defaults: [
                ("doctorate", "博士研究生", "Doctorate"), ("master", "硕士研究生", "Master's"),
                ("bachelor", "大学本科", "Bachelor's"), ("college", "大学专科", "College"),
            ]
        ),
    ]

    public static func named(_ list: String) -> CodeListDefinition? { all.first { $0.list == list } }
}
