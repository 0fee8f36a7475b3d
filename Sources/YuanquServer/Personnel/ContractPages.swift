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

    static func list(_ req: Request, error: AppError? = nil) async throws -> Response {
        let actor = try req.actor()
        let params = ListParams(req, filterKeys: ["status", "expiringWithinDays", "zone"], defaultSort: "endDate", sortable: [])
        let today = CalendarDate.today()
        let grants = try await Reaches.grants(actor, [.contractTermsRead], on: req.db)
        let rows = try await ContractsQuery.rows(try await ContractsQuery.Filter(req, actor: actor), today: today, on: req.db)
            .map { $0.shown(to: grants) }
        let warnDays = try await Settings.int("contracts.expiryWarningDays", zone: actor.zoneID, on: req.db)
        let m = ContractsPage(
            rows: ContractsPage.rows(
                rows,
                types: try await ContractsQuery.typeLabels(zone: actor.zoneID, on: req.db),
                today: today,
                warnDays: warnDays,
                canManage: actor.can(.contractsManage)
            ),
            params: params,
            warnDays: warnDays,
            today: today.description,
            zoneOptions: req.zoneOptions,
            message: error?.message
        )
        return Layout.render(
            request: req,
            title: req.lang.t("聘任与合同", "Appointments and contracts"),
            body: ContractsView.page(m, req.view),
            status: error?.status ?? .ok
        )
    }

    static func export(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        let grants = try await Reaches.grants(actor, [.contractTermsRead], on: req.db)
        let list = try await ContractsQuery.rows(
            try await ContractsQuery.Filter(req, actor: actor),
            today: CalendarDate.today(),
            on: req.db
        ).map { $0.shown(to: grants) }
        let types = try await ContractsQuery.typeLabels(zone: actor.zoneID, on: req.db)
        let header = [
            Loc("姓名", "Name"), Loc("聘任岗位", "Post"), Loc("合同类型", "Type"), Loc("起始", "Start"), Loc("终止", "End"),
            Loc("试用期（月）", "Probation (months)"),
            Loc("薪酬等级", "Pay grade"), Loc("状态", "Status"), Loc("说明", "Note"),
        ].map { lang.t($0) }
        let rows = list.map { k in
            [
                k.personName ?? "", k.postLabel ?? "", types[k.contractType].map { lang.t($0) } ?? k.contractType, k.startDate,
                k.endDate ?? "", k.probationMonths.map(String.init) ?? PersonFields.withheld, k.payGrade,
                ContractsView.statusLabel(k.status, lang), k.statusReason ?? "",
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
