import Fluent
import Vapor
import YuanquKit

/// Construction projects and audit firms from the spreadsheets the offices keep (as every import: all rows checked,
/// nothing written unless all are good).
enum EngineeringImport {
    static func register(_ app: Application) {
        let r = app.routes
        for (path, spec, permission) in [("projects", projects, Permission.engineeringWrite), ("audit-firms", firms, .costWrite)] {
            r.get("engineering", .constant(path), "import", permission: permission, use: { try await CSVImport.form($0, spec) })
            r.on(
                .POST,
                ["engineering", .constant(path), "import"],
                permission: permission,
                body: .collect(maxSize: "8mb"),
                use: { try await CSVImport.run($0, spec) }
            )
        }
    }

    /// 是/否, yes/no, 1/0; blank is no.
    static func flag(_ s: String?, field: String) throws -> Bool {
        guard let t = s?.lowercased(), !t.isEmpty else { return false }
        if ["是", "yes", "y", "1", "true", "重点"].contains(t) { return true }
        if ["否", "no", "n", "0", "false"].contains(t) { return false }
        throw AppError.invalid(field, Loc("须填“是”或“否”", "Yes or no"))
    }

    static func wan(_ s: String?, field: String) throws -> Int64? {
        var v = Validation()
        let fen = Money.formWan(s, field, into: &v)
        try v.check()
        return fen
    }

    static let projects = ImportSpec(
        title: Loc("导入工程项目", "Import construction projects"),
        action: .constructionProjectsImport,
        back: .constructionProjects,
        columns: [
            .init(field: "code", label: Loc("项目编号", "Code"), required: true),
            .init(field: "name", label: Loc("项目名称", "Name"), required: true),
            .init(field: "programme", label: Loc("行动计划", "Programme"), required: false),
            .init(field: "location", label: Loc("地点", "Location"), required: false),
            .init(field: "investmentWan", label: Loc("总投资（万元）", "Investment (10k yuan)"), required: true),
            .init(field: "budgetFundsWan", label: Loc("财政资金（万元）", "Budget funds (10k yuan)"), required: false),
            .init(field: "owner", label: Loc("建设单位", "Owner"), required: true),
            .init(field: "office", label: Loc("项目部", "Project office"), required: false),
            .init(field: "isKey", label: Loc("重点项目（是/否）", "Key project (yes/no)"), required: false),
            .init(field: "stage", label: Loc("阶段", "Stage"), required: false),
            .init(field: "startsOn", label: Loc("计划开工", "Planned start"), required: true),
            .init(field: "endsOn", label: Loc("计划完工", "Planned completion"), required: true),
        ],
        example: [
            "SX-101", "桥林片区综合管廊（二期）", "“四新”行动计划", "桥林片区", "86000", "20000", "南京浦口经济开发有限公司", "综合管廊项目部", "是", "前期", "2027-03-01",
            "2028-12-31",
        ],
        entity: "constructionProject"
    ) { v, _, zone, db, trail in
        var programme: String? = nil
        if let name = v("programme"), !name.isEmpty {
            guard let g = try await Programme.query(on: db).filter(\.$zoneID == zone).filter(\.$name == name).first() else {
                throw AppError.invalid("programme", Loc("没有名为“\(name)”的行动计划", "No programme named “\(name)”"))
            }
            programme = g.id!.uuidString
        }
        // A stage may be typed in Chinese (前期, 设计…) or as its code.
        let stage = v("stage").flatMap { raw in
            raw.isEmpty ? nil : ConstructionStage.allCases.first { EngineeringLabels.stage($0.rawValue).zh == raw }?.rawValue ?? raw
        }
        _ = try await EngineeringService.saveProject(
            ConstructionProjectInput(
                programmeId: programme,
                code: v("code"),
                name: v("name"),
                location: v("location"),
                investmentFen: try wan(v("investmentWan"), field: "investmentWan"),
                budgetFundsFen: try wan(v("budgetFundsWan"), field: "budgetFundsWan"),
                owner: v("owner"),
                office: v("office"),
                isKey: try flag(v("isKey"), field: "isKey"),
                stage: stage,
                startsOn: v("startsOn"),
                endsOn: v("endsOn")
            ),
            existing: nil,
            zone: zone,
            on: db,
            trail: trail
        )
    }

    /// Lists in a cell: separated by 、 ; ，or ,.
    static func list(_ s: String?) -> [String] {
        (s ?? "").split(whereSeparator: { "、;；,，".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static let firms = ImportSpec(
        title: Loc("导入跟踪审计单位", "Import audit firms"),
        action: .auditFirmsImport,
        back: .auditFirms,
        columns: [
            .init(field: "name", label: Loc("单位名称", "Name"), required: true),
            .init(field: "creditCode", label: Loc("统一社会信用代码", "Credit code"), required: false),
            .init(field: "qualifications", label: Loc("资质（以、分隔）", "Qualifications (separated by 、)"), required: true),
            .init(field: "related", label: Loc("关联单位（以、分隔）", "Related companies (separated by 、)"), required: false),
        ],
        example: ["江苏某工程造价咨询有限公司", "", "跟踪审计、造价咨询", "南京某建设集团有限公司"],
        entity: "auditFirm"
    ) { v, _, zone, db, trail in
        _ = try await AuditFirmService.save(
            AuditFirmInput(
                name: v("name"),
                creditCode: v("creditCode"),
                qualifications: list(v("qualifications")),
                related: list(v("related"))
            ),
            existing: nil,
            zone: zone,
            on: db,
            trail: trail
        )
    }
}
