import Fluent
import Vapor
import YuanquKit

/// Contracts and appointments as lists: expiries first, renewals and terminations recorded with reasons.
enum ContractPages {
    static func register(_ app: Application) {
        let r = app.routes
        r.get("contracts", permission: .appointmentsRead, use: { try await list($0) })
        r.get("contracts", "export.csv", permission: .appointmentsRead, use: export)
        r.post("contracts", ":id", "renew", permission: .contractsManage, use: renew)
        r.post("contracts", ":id", "terminate", permission: .contractsManage, use: terminate)
    }

    /// The contracts, their people, and for each contract the post it was made for (“单位·岗位”).
    static func rows(_ req: Request, actor: Actor) async throws -> ([EmploymentContract], [UUID: Person], [UUID: String], [String: String])
    {
        let list = try await CampaignsAPI.contractQuery(req, actor: actor).sort(\.$status).sort(\.$endDate).limit(2000).all()
        let people = Dictionary(
            uniqueKeysWithValues: try await Person.query(on: req.db).filter(\.$id ~~ list.map(\.personID)).all().map { ($0.id!, $0) }
        )
        let labels = try await PersonRecord.postLabels(zone: actor.zoneID, on: req.db)
        let appointments = Dictionary(
            uniqueKeysWithValues: try await Appointment.query(on: req.db).filter(\.$id ~~ list.compactMap(\.appointmentID)).all().map {
                ($0.id!, $0.postID)
            }
        )
        var posts: [UUID: String] = [:]
        for k in list {
            if let post = k.appointmentID.flatMap({ appointments[$0] }) ?? people[k.personID]?.postID { posts[k.id!] = labels[post] }
        }
        var types: [String: String] = [:]
        if let z = actor.zoneID {
            for t in try await CodeListItem.query(on: req.db).filter(\.$zoneID == z).filter(\.$list == "contractType").all() {
                types[t.code] = req.lang.t(t.labelZh, t.labelEn)
            }
        }
        return (list, people, posts, types)
    }

    static func statusLabel(_ s: String, _ lang: Lang) -> String {
        switch s {
        case "active": return lang.t("有效", "Active")
        case "renewed": return lang.t("已续签", "Renewed")
        case "superseded": return lang.t("因改聘终止", "Superseded")
        case "terminated": return lang.t("已解除", "Terminated")
        default: return s
        }
    }

    static func list(_ req: Request, error: AppError? = nil) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let (list, people, posts, types) = try await rows(req, actor: actor)
        let params = ListParams(req, filterKeys: ["status", "expiringWithinDays"], defaultSort: "endDate", sortable: [])
        let today = CalendarDate.today()
        let warnDays = try await Settings.int("contracts.expiryWarningDays", zone: actor.zoneID, on: req.db)
        let bar = ListView.filterBar(
            params: params,
            base: .contracts,
            selects: [
                ("status", lang.t("状态", "Status"), ["active", "renewed", "superseded", "terminated"].map { ($0, statusLabel($0, lang)) }),
                (
                    "expiringWithinDays", lang.t("到期", "Ending"),
                    [
                        ("30", lang.t("30 天内", "within 30 days")), (String(warnDays), lang.t("\(warnDays) 天内", "within \(warnDays) days")),
                        ("180", lang.t("180 天内", "within 180 days")),
                    ]
                ),
            ],
            zones: req.zoneOptions,
            lang: req.lang,
            export: .contractsExport,
            actions: []
        )
        let columns = [
            Loc("姓名", "Name"), Loc("聘任岗位", "Post"), Loc("合同类型", "Type"), Loc("起始", "Start"), Loc("终止", "End"), Loc("试用期", "Probation"),
            Loc("薪酬等级", "Pay grade"), Loc("状态", "Status"), Loc("操作", "Action"),
        ]
        let body: [HNode] = list.map { k in
            let p = people[k.personID]
            let ending =
                k.status == "active"
                && ContractRule.isExpiring(end: k.endDate.flatMap(CalendarDate.init), today: today, withinDays: warnDays)
            var action: HNode = .empty
            if actor.can(.contractsManage) && k.status == "active" {
                action = el(
                    "details",
                    [],
                    [
                        el("summary", [], txt(lang.t("续签 / 解除", "Renew / terminate"))),
                        k.endDate == nil
                            ? .empty
                            : postForm(
                                req.view,
                                action: .contractRenew(k.id!),
                                [
                                    void(
                                        "input",
                                        [
                                            ("name", "months"), ("type", "number"), ("value", "36"), ("style", "width:60px"),
                                            ("aria-label", lang.t("续签月数", "Months")),
                                        ]
                                    ),
                                    void("input", [("name", "reason"), ("placeholder", lang.t("续签理由", "Reason")), ("size", "12")]),
                                    el("button", [("type", "submit")], txt(lang.t("续签", "Renew"))),
                                ]
                            ),
                        postForm(
                            req.view,
                            action: .contractTerminate(k.id!),
                            [
                                void("input", [("name", "date"), ("type", "date"), ("value", today.description)]),
                                void("input", [("name", "reason"), ("placeholder", lang.t("解除理由", "Reason")), ("size", "12")]),
                                el("button", [("type", "submit"), ("class", "btn-danger")], txt(lang.t("解除", "Terminate"))),
                            ]
                        ),
                    ]
                )
            }
            return el(
                "tr",
                [],
                [
                    el("td", [], p.map { link(.person($0.id!), $0.name) } ?? txt("")),
                    el("td", [], txt(posts[k.id!] ?? "—")),
                    el("td", [], txt(types[k.contractType] ?? k.contractType)),
                    el("td", [], txt(k.startDate)),
                    el(
                        "td",
                        [],
                        ending ? el("strong", [("class", "error")], txt(k.endDate ?? "")) : txt(k.endDate ?? lang.t("无固定期限", "open-ended"))
                    ),
                    el("td", [("class", "num")], txt(lang.t("\(k.probationMonths) 个月", "\(k.probationMonths) mo"))),
                    el("td", [], txt(k.payGrade.isEmpty ? "—" : k.payGrade)),
                    el(
                        "td",
                        [],
                        txt(statusLabel(k.status, lang) + (k.statusReason.map { lang.t("（", " (") + $0 + lang.t("）", ")") } ?? ""))
                    ),
                    el("td", [], action),
                ]
            )
        }
        return Layout.render(
            request: req,
            title: lang.t("聘任与合同", "Appointments and contracts"),
            body: .group(
                error.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0.message))) } ?? .empty,
                el(
                    "p",
                    [("class", "muted")],
                    txt(
                        lang.t(
                            "全员聘任、合同管理：合同是管理的唯一依据。红色为 \(warnDays) 天内到期。",
                            "Contracts are the basis of management; red ones end within \(warnDays) days."
                        )
                    )
                ),
                bar,
                el(
                    "table",
                    [("class", "list")],
                    el("thead", [], el("tr", [], columns.map { el("th", [], txt(lang.t($0))) })),
                    el(
                        "tbody",
                        [],
                        body.isEmpty
                            ? [el("tr", [], el("td", [("colspan", "9"), ("class", "muted")], txt(lang.t("没有符合条件的合同", "No contracts"))))]
                            : body
                    )
                )
            ),
            status: error?.status ?? .ok
        )
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let (list, people, posts, types) = try await rows(req, actor: actor)
        let header = [
            Loc("姓名", "Name"), Loc("聘任岗位", "Post"), Loc("合同类型", "Type"), Loc("起始", "Start"), Loc("终止", "End"),
            Loc("试用期（月）", "Probation (months)"),
            Loc("薪酬等级", "Pay grade"), Loc("状态", "Status"), Loc("说明", "Note"),
        ].map { lang.t($0) }
        let rows = list.map { k in
            [
                people[k.personID]?.name ?? "", posts[k.id!] ?? "", types[k.contractType] ?? k.contractType, k.startDate,
                k.endDate ?? "", String(k.probationMonths), k.payGrade, statusLabel(k.status, lang), k.statusReason ?? "",
            ]
        }
        return csvResponse(filename: lang.t("合同.csv", "contracts.csv"), header: header, rows: rows)
    }

    static func change(_ req: Request, _ work: @escaping @Sendable (EmploymentContract, Database, AuditTrail) async throws -> Void)
        async throws -> Response
    {
        let actor = try req.actor()
        let id = try await CampaignsAPI.loadContract(req, actor: actor, on: req.db).id!
        do {
            try await Writes.perform(req.application, actor: actor) { db, trail in
                guard let k = try await EmploymentContract.find(id, on: db) else { throw AppError.notFound }
                try await work(k, db, trail)
            }
            return req.redirect(to: .contracts)
        } catch let e as AppError where e.status != .notFound {
            return try await list(req, error: e)
        }
    }

    static func renew(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let input = AppointmentService.RenewInput(months: raw["months"].flatMap { Int($0) }, reason: raw["reason"], payGrade: nil)
        return try await change(req) { k, db, trail in _ = try await AppointmentService.renew(k, input: input, on: db, trail: trail) }
    }

    static func terminate(_ req: Request) async throws -> Response {
        let raw = try req.content.decode([String: String].self)
        let input = AppointmentService.TerminateInput(date: raw["date"], reason: raw["reason"])
        return try await change(req) { k, db, trail in try await AppointmentService.terminate(k, input: input, on: db, trail: trail) }
    }
}
