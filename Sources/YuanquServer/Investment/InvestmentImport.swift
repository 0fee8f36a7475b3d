import Fluent
import FluentSQL
import Vapor
import YuanquKit

/// Projects and enterprises from CSV (as every import: all rows checked, nothing written unless all are good),
/// and the leaderboard with the zone totals as CSV.
enum InvestmentImport {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("investment", "import", permission: .investmentWrite, reaches: .wholeZone, use: { try await CSVImport.form($0, projects) })
        r.on(
            .POST,
            ["investment", "import"],
            permission: .investmentWrite,
            reaches: .wholeZone,
            body: .collect(maxSize: "8mb"),
            use: { try await CSVImport.run($0, projects) }
        )
        r.get(
            "enterprises",
            "import",
            permission: .enterprisesWrite,
            reaches: .wholeZone,
            use: { try await CSVImport.form($0, enterprises) }
        )
        r.on(
            .POST,
            ["enterprises", "import"],
            permission: .enterprisesWrite,
            reaches: .wholeZone,
            // 100,000 rows of names and addresses.
            body: .collect(maxSize: "32mb"),
            use: { try await CSVImport.run($0, enterprises) }
        )
        r.get("investment", "leaderboard.csv", permission: .investmentRead, use: leaderboardCSV)
    }

    static let projects = ImportSpec(
        title: Loc("导入招商项目", "Import investment projects"),
        action: .investmentImport,
        back: .investment,
        columns: [
            .init(field: "name", label: Loc("项目名称", "Project"), required: true),
            .init(field: "investor", label: Loc("投资方", "Investor"), required: true),
            .init(field: "industry", label: Loc("产业", "Industry"), required: true),
            .init(field: "region", label: Loc("国别/地区", "Country/region"), required: false),
            .init(field: "amountWan", label: Loc("拟投资额（万元）", "Amount (10k yuan)"), required: false),
            .init(field: "team", label: Loc("招商小组", "Team"), required: false),
        ],
        example: ["晶圆制造项目", "南京某半导体有限公司", "集成电路", "中国", "200000", "招商一组"],
        entity: "investmentProject"
    ) { v, actor, zone, db, trail in
        var amount: Int64? = nil
        if let a = v("amountWan"), !a.isEmpty {
            guard let m = Money.parseWan(a) else {
                throw AppError.invalid("amountWan", Loc("拟投资额须为不小于 0 的数（万元）", "The amount is a number of 10k yuan"))
            }
            amount = m.fen
        }
        // An unknown team goes on as an unknown id, so that the row's other problems are reported with it.
        var teamID: String? = nil
        if let t = v("team"), !t.isEmpty {
            teamID =
                try await InvestmentTeam.query(on: db).filter(\.$zoneID == zone).filter(\.$name == t).first()?.id?.uuidString ?? "unknown"
        }
        _ = try await InvestmentService.createProject(
            ProjectInput(
                name: v("name"),
                investor: v("investor"),
                industry: v("industry"),
                region: v("region"),
                amountFen: amount,
                teamId: teamID
            ),
            actor: actor,
            zone: zone,
            on: db,
            trail: trail
        )
    }

    static let enterprises = ImportSpec(
        title: Loc("导入企业", "Import enterprises"),
        action: .enterprisesImport,
        back: .enterprises,
        columns: [
            .init(field: "name", label: Loc("企业名称", "Name"), required: true),
            .init(field: "creditCode", label: Loc("统一社会信用代码", "Credit code"), required: false),
            .init(field: "industry", label: Loc("产业", "Industry"), required: true),
            .init(field: "address", label: Loc("地址", "Address"), required: false),
            .init(field: "contactName", label: Loc("联系人", "Contact"), required: false),
            .init(field: "contactPhone", label: Loc("联系电话", "Phone"), required: false),
            .init(field: "steward", label: Loc("管家", "Steward"), required: false),
            .init(field: "expert", label: Loc("专家", "Expert"), required: false),
        ],
        example: ["南京某科技有限公司", "914403001922038216", "集成电路", "南京市浦口区", "王经理", "025-00000000", "", ""],
        entity: "enterprise",
        write: .batch(enterpriseRows)
    )

    /// The enterprises of a file, checked as the form checks one (`EnterpriseService.apply`) against the zone's
    /// industries, people and enterprises loaded once, and against the file's other rows; written in multi-row
    /// INSERTs as they pass, the transaction rolled back by the caller if any row fails.
    @Sendable static func enterpriseRows(_ rows: [ImportRow], _: Actor, zone: UUID, db: Database, trail: AuditTrail) async throws
        -> [ImportProblem]
    {
        let sql = try db.sql
        struct Named: Decodable {
            let id: UUID
            let name: String
        }
        struct Existing: Decodable {
            let name: String
            let creditCode: String?
        }
        let industries = try await EnterpriseService.industries(zone: zone, on: db)
        let people = try await sql.raw("SELECT id, name FROM people WHERE zone_id = \(bind: zone)").all(decoding: Named.self)
        let peopleByName = Dictionary(grouping: people, by: \.name).mapValues { $0.map(\.id) }
        let existing = try await sql.raw("SELECT name, credit_code FROM enterprises WHERE zone_id = \(bind: zone)")
            .all(decoding: Existing.self, keyDecodingStrategy: .snakeCaseColumns)
        // Where each name and credit code is taken: 0 for an enterprise already in the zone, else the file's line.
        var names = Dictionary(existing.map { ($0.name, 0) }, uniquingKeysWith: { a, _ in a })
        var codes = Dictionary(existing.compactMap { e in e.creditCode.map { ($0, 0) } }, uniquingKeysWith: { a, _ in a })
        let table = BulkTable(
            "enterprises",
            [
                "id", "zone_id", "name", "credit_code", "industry", "address", "contact_name", "contact_phone", "steward_id", "expert_id",
                "created_on", "sort_key",
            ],
            on: sql
        )
        var problems: [ImportProblem] = []
        let today = CalendarDate.today().description
        for row in rows {
            var v = Validation()
            let e = EnterpriseService.new(zone: zone, createdOn: today)
            let input = EnterpriseInput(
                name: row.value("name"),
                creditCode: row.value("creditCode"),
                industry: row.value("industry"),
                address: row.value("address"),
                contactName: row.value("contactName"),
                contactPhone: row.value("contactPhone")
            )
            EnterpriseService.apply(input, to: e, isNew: true, industries: industries, into: &v)
            func person(_ field: String) -> UUID? {
                guard let n = row.value(field), !n.isEmpty else { return nil }
                let found = peopleByName[n] ?? []
                if found.count != 1 {
                    v.add(
                        field,
                        found.isEmpty
                            ? Loc("没有名为“\(n)”的人员", "Nobody called “\(n)”") : Loc("有多人名为“\(n)”", "Several people are called “\(n)”")
                    )
                }
                return found.first
            }
            e.stewardID = person("steward")
            e.expertID = person("expert")
            if v.errors["name"] == nil, let taken = names[e.name] {
                v.add("name", taken == 0 ? EnterpriseService.duplicateName : Loc("与第 \(taken) 行企业同名", "The same name as line \(taken)"))
            }
            if let code = e.creditCode, let taken = codes[code] {
                v.add(
                    "creditCode",
                    taken == 0
                        ? EnterpriseService.duplicateCreditCode : Loc("与第 \(taken) 行的信用代码相同", "The same credit code as line \(taken)")
                )
            }
            if v.errors["name"] == nil { names[e.name] = names[e.name] ?? row.line }
            if let code = e.creditCode { codes[code] = codes[code] ?? row.line }
            guard v.order.isEmpty else {
                problems += v.order.map { ImportProblem(line: row.line, field: $0, message: v.errors[$0]!) }
                continue
            }
            // Once a row has failed nothing more is written: the caller rolls the transaction back.
            guard problems.isEmpty else { continue }
            let id = UUID()
            e.id = id
            try await table.add(
                [
                    id, zone, e.name, e.creditCode, e.industry, e.address, e.contactName, e.contactPhone, e.stewardID, e.expertID,
                    e.createdOn,
                    PinyinOrder.key(e.name),
                ],
                on: sql
            )
            trail.record("create", "enterprise", id: id.uuidString, zone: zone, after: EnterpriseService.auditFields(e))
        }
        try await table.flush(on: sql)
        return problems
    }

    static func leaderboardCSV(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let board = try await InvestmentAPI.leaderboardDTO(req, actor: actor)
        let totals = try await InvestmentService.totals(zone: try await InvestmentAPI.zone(req, actor: actor), on: req.db)
        let header = [
            Loc("名次", "Rank"), Loc("小组", "Team"), Loc("签约项目", "Signed"), Loc("目标", "Target"), Loc("签约额（万元）", "Signed (10k yuan)"),
            Loc("亿元以上", "Major"), Loc("到位投资（万元）", "Invested (10k yuan)"), Loc("目标完成率", "Of target"), Loc("与上一名差距", "Behind"),
        ].map { lang.t($0) }
        let teams = board.rows.map { r in
            [
                String(r.rank), r.team, String(r.signedCount), String(r.target["signedCount"] ?? 0), Money(fen: r.signedAmountFen).wanText,
                String(r.majorCount),
                Money(fen: r.investedAmountFen).wanText, r.attainmentBasisPoints.map { String(format: "%.1f%%", Double($0) / 100) } ?? "",
                String(r.gapToAbove),
            ]
        }
        let totalsHeader = [
            lang.t("签约项目", "Signed"), lang.t("签约额（万元）", "Signed (10k)"), lang.t("亿元以上", "Major"),
            lang.t("其投资（万元）", "Their amount (10k)"),
        ]
        let totalsRow = [
            String(totals.signedCount), Money(fen: totals.signedAmountFen).wanText, String(totals.majorSignedCount),
            Money(fen: totals.majorSignedAmountFen).wanText,
        ]
        // The CSV file has the zone totals below the teams; the workbook has them on a sheet of their own.
        let rows = teams + [[], [lang.t("全区合计", "Zone totals")] + zip(totalsHeader, totalsRow).flatMap { [$0, $1] }]
        return csvResponse(
            filename: lang.t("招商比拼-\(board.period).csv", "leaderboard-\(board.period).csv"),
            header: header,
            rows: rows,
            sheets: [
                Workbook.Sheet(name: lang.t("招商比拼 \(board.period)", "Leaderboard \(board.period)"), header: header, rows: teams),
                Workbook.Sheet(name: lang.t("全区合计", "Zone totals"), header: totalsHeader, rows: [totalsRow]),
            ]
        )
    }
}
