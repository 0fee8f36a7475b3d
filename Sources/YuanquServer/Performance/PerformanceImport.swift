import Fluent
import SQLKit
import Vapor
import YuanquKit

/// A cycle's entered indicator values from CSV (all rows checked, nothing written unless all are good), and its
/// results as CSV.
enum PerformanceImport {
    static func register(_ app: Application) {
        let r = app.routes
        r.get(
            "performance",
            "cycles",
            ":id",
            "values",
            "import",
            permission: .assessmentManage,
            use: { req in try await CSVImport.form(req, values(try await PerformanceLoad.cycle(req).requireID())) }
        )
        r.on(
            .POST,
            ["performance", "cycles", ":id", "values", "import"],
            permission: .assessmentManage,
            body: .collect(maxSize: "8mb"),
            use: { req in try await CSVImport.run(req, values(try await PerformanceLoad.cycle(req).requireID())) }
        )
        r.get("performance", "cycles", ":id", "results.csv", permission: .assessmentRead, use: { try await resultsCSV($0) })
    }

    /// The values import of one cycle: a subject is named as the cycle's results name it (unit, team or person), or
    /// by id when two share a name.
    static func values(_ cycle: UUID) -> ImportSpec {
        ImportSpec(
            title: Loc("导入指标实际值", "Import indicator values"),
            action: .cycleValuesImport(cycle),
            back: .cycle(cycle),
            columns: [
                .init(field: "indicator", label: Loc("指标代码", "Indicator code"), required: true),
                .init(field: "subject", label: Loc("考核对象（名称或 id）", "Assessed (name or id)"), required: true),
                .init(field: "value", label: Loc("实际值", "Actual value"), required: true),
                .init(field: "evidence", label: Loc("佐证说明", "Evidence"), required: true),
            ],
            example: ["U5", "综合管理部", "12", "党政办公室统计台账（第 3 季度）"],
            entity: "assessmentValue"
        ) { v, _, zone, db, trail in
            guard let c = try await AssessmentCycle.find(cycle, on: db), c.zoneID == zone else { throw AppError.notFound }
            let subject = try await subjectID(v("subject") ?? "", cycle: c, zone: zone, on: db)
            let value = v("value").flatMap { Double($0.replacingOccurrences(of: ",", with: "")) }
            try await PerformanceService.enterValue(
                c,
                input: ValueInput(indicator: v("indicator"), subjectId: subject, value: value, evidence: v("evidence")),
                on: db,
                trail: trail
            )
        }
    }

    static func subjectID(_ text: String, cycle c: AssessmentCycle, zone: UUID, on db: Database) async throws -> UUID {
        if let id = UUID(uuidString: text) { return id }
        let org = try await CycleInputs.organisation(zone: zone, starts: c.startsOn, ends: c.endsOn, on: PerformanceQueries.sql(db))
        let subjects: [String] = (org.units + org.teams).filter { $0.name == text }.map(\.id)
        let people: [String] = org.people.filter { $0.name == text }.map(\.id)
        let ids = subjects + people
        guard ids.count == 1, let id = UUID(uuidString: ids[0]) else {
            throw AppError.invalid(
                "subject",
                ids.isEmpty
                    ? Loc("没有名为“\(text)”的考核对象", "Nobody assessed is named “\(text)”")
                    : Loc("“\(text)”有 \(ids.count) 个同名对象，请填写 id", "\(ids.count) share the name “\(text)”: give the id")
            )
        }
        return id
    }

    static func resultsCSV(_ req: Request) async throws -> Response {
        let c = try await PerformanceLoad.cycle(req)
        let set = try await PerformanceService.scheme(of: c, on: req.db).1.gradeSet
        let rows = try await PerformanceQueries.results(cycle: c.id!, on: req.db)
        let names = try await PaySheet.unitNames(zone: c.zoneID, on: req.db)
        return csvResponse(
            filename: "\(c.name)-考核结果.csv",
            header: ["类别", "名称", "所在部门", "得分", "等次", "名次", "绩效工资（元）", "方案版本"],
            rows: rows.map { r in
                [
                    PerformanceLabels.assessee(Assessee(rawValue: r.assessee) ?? .person).zh, r.name,
                    r.assessee == "person" ? names[r.groupId] ?? "" : "",
                    r.score.map { String(format: "%.2f", $0) } ?? "", PerformanceLabels.grade(r.grade, set).zh,
                    r.rank.map(String.init) ?? "",
                    r.payFen.map { Money(fen: $0).yuanText } ?? "", "v\(r.schemeVersion)",
                ]
            }
        )
    }
}
