import Fluent
import SQLKit
import Vapor
import YuanquKit

struct AuditFirmDTO: Codable, Sendable {
    let id: UUID
    let name: String
    let creditCode: String?
    let qualifications: [String]
    let related: [String]
    let active: Bool
    let lastAssignedOn: String?
    let jobs: Int
    let averageRating: Double?
    /// 1 for the firm the rotation assigns next (for the default qualification, no related parties), nil when ineligible.
    let rotationPlace: Int?
}

struct AuditAssignmentDTO: Codable, Sendable {
    let id: UUID
    let projectId: UUID
    let firmId: UUID
    let assignedOn: String
    let reason: String?
    let endedOn: String?
    let rating: Int?
}

struct ProgressPaymentDTO: Codable, Sendable {
    let id: UUID
    let projectId: UUID
    let tenderId: UUID
    let period: String
    let requestedFen: Int64
    let requestedOn: String
    let firmId: UUID?
    let confirmedFen: Int64?
    let confirmedOn: String?
    let paidFen: Int64?
    let paidOn: String?
    let status: String
}

/// `/api/v1/programmes`, `/api/v1/construction-projects` and their steps, `/api/v1/audit-firms`, `/api/v1/payments`.
enum EngineeringAPI {
    static func register(_ app: Application) {
        let tag = "Engineering"
        app.api(
            .GET,
            "programmes",
            permission: .engineeringRead,
            doc: APIDoc(
                summary: "Programmes with projectCount and totalInvestmentFen",
                tag: tag,
                response: "Programme",
                list: true,
                query: ["zone"]
            ),
            use: programmes
        )
        app.api(
            .POST,
            "programmes",
            permission: .engineeringWrite,
            doc: APIDoc(summary: "Create a programme", tag: tag, request: "ProgrammeInput", response: "Programme", status: 201),
            use: createProgramme
        )
        app.api(
            .GET,
            "programmes/:id",
            permission: .engineeringRead,
            doc: APIDoc(summary: "Get a programme", tag: tag, response: "Programme"),
            use: programme
        )
        app.api(
            .GET,
            "construction-projects",
            permission: .engineeringRead,
            doc: APIDoc(
                summary: "Construction projects with holders, milestones, cost stages and design changes",
                tag: tag,
                response: "ConstructionProject",
                list: true,
                query: ["zone", "programme", .oneOf("stage", ConstructionStage.self), "key", "q"]
            ),
            use: projects
        )
        app.api(
            .POST,
            "construction-projects",
            permission: .engineeringWrite,
            doc: APIDoc(
                summary: "Create a project",
                tag: tag,
                request: "NewConstructionProjectInput",
                response: "ConstructionProject",
                status: 201
            ),
            use: createProject
        )
        app.api(
            .GET,
            "construction-projects/:id",
            permission: .engineeringRead,
            doc: APIDoc(summary: "Get a project", tag: tag, response: "ConstructionProject"),
            use: project
        )
        let steps: [(HTTPMethod, String, Permission, String, String)] = [
            (.PATCH, "", .engineeringWrite, "Change a project (stage, key flag, office…)", "ConstructionProjectInput"),
            (.PUT, "/holders", .engineeringWrite, "Assign or reassign holders (三责分立 checked)", "HoldersInput"),
            (.POST, "/milestones", .engineeringWrite, "Add or update a milestone (by name)", "MilestoneInput"),
            (.POST, "/progress", .engineeringWrite, "Report progress", "ProgressInput"),
            (.POST, "/members", .engineeringWrite, "Add a person to the project office", "OfficeMemberInput"),
            (.POST, "/cost-stages", .holderAct, "Prepare a cost stage (the cost holder)", "CostDocumentInput"),
            (.POST, "/design-changes", .holderAct, "Propose a design change (the design or construction holder)", "DesignChangeInput"),
            (.POST, "/audit-assignments", .costWrite, "Assign the tracking audit by rotation", "AuditAssignmentInput"),
        ]
        for (method, path, permission, summary, input) in steps {
            app.api(
                method,
                "construction-projects/:id" + path,
                permission: permission,
                doc: APIDoc(summary: summary, tag: tag, request: input, response: "ConstructionProject"),
                use: { req in try await projectStep(req, path) }
            )
        }
        app.api(
            .POST,
            "cost-stages/:id/decision",
            permission: .engineeringDecide,
            doc: APIDoc(
                summary: "Approve or return a cost stage (leaders)",
                tag: tag,
                request: "CostDecisionInput",
                response: "ConstructionProject"
            ),
            use: decideCost
        )
        app.api(
            .POST,
            "design-changes/:id/design-review",
            permission: .holderAct,
            doc: APIDoc(summary: "The design holder's review", tag: tag, request: "DesignReviewInput", response: "ConstructionProject"),
            use: { req in try await review(req, design: true) }
        )
        app.api(
            .POST,
            "design-changes/:id/cost-review",
            permission: .holderAct,
            doc: APIDoc(
                summary: "The cost holder prices the impact",
                tag: tag,
                request: "CostReviewInput",
                response: "ConstructionProject"
            ),
            use: { req in try await review(req, design: false) }
        )
        app.api(
            .GET,
            "audit-firms",
            permission: .engineeringRead,
            doc: APIDoc(summary: "Tracking-audit firms in rotation order", tag: tag, response: "AuditFirm", list: true, query: ["zone"]),
            use: firms
        )
        app.api(
            .POST,
            "audit-firms",
            permission: .costWrite,
            doc: APIDoc(summary: "Register a firm", tag: tag, request: "NewAuditFirmInput", response: "AuditFirm", status: 201),
            use: { req in try await saveFirm(req, existing: false) }
        )
        app.api(
            .PATCH,
            "audit-firms/:id",
            permission: .costWrite,
            doc: APIDoc(summary: "Change a firm", tag: tag, request: "AuditFirmInput", response: "AuditFirm"),
            use: { req in try await saveFirm(req, existing: true) }
        )
        app.api(
            .POST,
            "audit-assignments/:id/rating",
            permission: .costWrite,
            doc: APIDoc(
                summary: "End a tracking audit with its rating",
                tag: tag,
                request: "AuditRatingInput",
                response: "AuditAssignment"
            ),
            use: rate
        )
        app.api(
            .GET,
            "payments",
            permission: .engineeringRead,
            doc: APIDoc(
                summary: "Progress payments",
                tag: tag,
                response: "ProgressPayment",
                list: true,
                query: ["zone", "project", "tender", QueryParam("status", .oneOf(AuditFirmService.paymentStatuses))]
            ),
            use: payments
        )
        app.api(
            .POST,
            "payments",
            permission: .costWrite,
            doc: APIDoc(
                summary: "Request a progress payment of a contract",
                tag: tag,
                request: "PaymentInput",
                response: "ProgressPayment",
                status: 201
            ),
            use: requestPayment
        )
        app.api(
            .POST,
            "payments/:id/confirmation",
            permission: .costWrite,
            doc: APIDoc(
                summary: "The tracking audit's confirmed amount",
                tag: tag,
                request: "PaymentConfirmInput",
                response: "ProgressPayment"
            ),
            use: { req in try await paymentStep(req, pay: false) }
        )
        app.api(
            .POST,
            "payments/:id/payment",
            permission: .costWrite,
            doc: APIDoc(
                summary: "Pay (within the confirmed amount and the ceiling)",
                tag: tag,
                request: "PaymentPayInput",
                response: "ProgressPayment"
            ),
            use: { req in try await paymentStep(req, pay: true) }
        )
        TenderAPI.register(app)
    }

    // MARK: programmes and projects

    static func programmes(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let all = try await EngineeringDTOs.programmes(zone: try await ZoneScope.readZone(req, actor: actor), on: req.db)
        return try json(ListAnswer(items: Array(all.dropFirst(paging.offset).prefix(paging.limit)), total: all.count))
    }

    static func programme(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        guard let g = try await Programme.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(g.zoneID, actor: actor)
        return try json(try await EngineeringDTOs.programmes(zone: g.zoneID, id: g.id, on: req.db)[0])
    }

    static func createProgramme(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: ProgrammeInput.self)
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            let g = try await EngineeringService.saveProgramme(input, existing: nil, zone: zone, on: db, trail: trail)
            return try await EngineeringDTOs.programmes(zone: zone, id: g.id, on: db)[0]
        }
        return try json(answer, status: .created)
    }

    static func uuidQuery(_ req: Request, _ name: String) throws -> UUID? {
        guard let s = req.queryValue(name), !s.isEmpty else { return nil }
        guard let id = UUID(uuidString: s) else { throw AppError.invalid(name, Loc("\(name) 不是有效的编号", "\(name) is not a valid id")) }
        return id
    }

    static func projects(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        var f = EngineeringDTOs.ProjectFilter()
        f.zone = try await ZoneScope.readZone(req, actor: actor)
        f.programme = try uuidQuery(req, "programme")
        f.stage = req.queryValue("stage").flatMap { $0.isEmpty ? nil : $0 }
        f.keyOnly = req.queryValue("key").flatMap(parseBool) == true
        f.text = req.queryValue("q")
        let total = try await EngineeringDTOs.projectCount(f, on: req.db)
        let items = try await EngineeringDTOs.projects(f, limit: paging.limit, offset: paging.offset, on: req.db)
        return try json(ListAnswer(items: items, total: total))
    }

    static func project(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let dto = try await EngineeringDTOs.project(try req.uuid(), on: req.db)
        guard let p = try await ConstructionProject.find(dto.id, on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(p.zoneID, actor: actor)
        return try json(dto)
    }

    static func createProject(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: ConstructionProjectInput.self)
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            let p = try await EngineeringService.saveProject(input, existing: nil, zone: zone, on: db, trail: trail)
            return try await EngineeringDTOs.project(p.id!, on: db)
        }
        return try json(answer, status: .created)
    }

    /// Runs one step on a project in one write and answers the project.
    static func onProject(
        _ req: Request,
        id: UUID,
        _ work: @escaping @Sendable (ConstructionProject, Actor, Database, AuditTrail) async throws -> Void
    ) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let p = try await ConstructionProject.find(id, on: db) else { throw AppError.notFound }
            try ZoneScope.check(p.zoneID, actor: actor)
            try await work(p, actor, db, trail)
            return try await EngineeringDTOs.project(p.id!, on: db)
        }
        return try json(answer)
    }

    static func projectStep(_ req: Request, _ path: String) async throws -> Response {
        let id = try req.uuid()
        switch path {
        case "":
            let i = try decodeJSON(req, as: ConstructionProjectInput.self)
            return try await onProject(req, id: id) { p, _, db, trail in
                _ = try await EngineeringService.saveProject(i, existing: p, zone: p.zoneID, on: db, trail: trail)
            }
        case "/holders":
            let i = try decodeJSON(req, as: HoldersInput.self)
            return try await onProject(req, id: id) { p, _, db, trail in
                try await EngineeringService.assignHolders(i, project: p, on: db, trail: trail)
            }
        case "/milestones":
            let i = try decodeJSON(req, as: MilestoneInput.self)
            return try await onProject(req, id: id) { p, _, db, trail in
                try await EngineeringService.addMilestone(i, project: p, on: db, trail: trail)
            }
        case "/progress":
            let i = try decodeJSON(req, as: ProgressInput.self)
            return try await onProject(req, id: id) { p, actor, db, trail in
                try await EngineeringService.reportProgress(i, project: p, by: actor.displayName, on: db, trail: trail)
            }
        case "/members":
            let i = try decodeJSON(req, as: OfficeMemberInput.self)
            return try await onProject(req, id: id) { p, _, db, trail in
                try await EngineeringService.addMember(i, project: p, on: db, trail: trail)
            }
        case "/cost-stages":
            let i = try decodeJSON(req, as: CostDocumentInput.self)
            return try await onProject(req, id: id) { p, actor, db, trail in
                _ = try await CostService.prepare(i, project: p, actor: actor, on: db, trail: trail)
            }
        case "/design-changes":
            let i = try decodeJSON(req, as: DesignChangeInput.self)
            return try await onProject(req, id: id) { p, actor, db, trail in
                _ = try await DesignChangeService.propose(i, project: p, actor: actor, on: db, trail: trail)
            }
        default:
            let i = try decodeJSON(req, as: AuditAssignmentInput.self)
            return try await onProject(req, id: id) { p, _, db, trail in
                _ = try await AuditFirmService.assign(i, project: p, on: db, trail: trail)
            }
        }
    }

    static func decideCost(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: CostDecisionInput.self)
        guard let doc = try await CostDocument.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        let docID = doc.id!
        return try await onProject(req, id: doc.projectID) { p, actor, db, trail in
            guard let d = try await CostDocument.find(docID, on: db) else { throw AppError.notFound }
            try await CostService.decide(input, document: d, project: p, actor: actor, on: db, trail: trail)
        }
    }

    static func review(_ req: Request, design: Bool) async throws -> Response {
        let designInput = design ? try decodeJSON(req, as: DesignReviewInput.self) : nil
        let costInput = design ? nil : try decodeJSON(req, as: CostReviewInput.self)
        guard let change = try await DesignChange.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        let changeID = change.id!
        return try await onProject(req, id: change.projectID) { _, actor, db, trail in
            guard let c = try await DesignChange.find(changeID, on: db) else { throw AppError.notFound }
            if let i = designInput {
                try await DesignChangeService.reviewDesign(i, change: c, actor: actor, on: db, trail: trail)
            } else if let i = costInput {
                try await DesignChangeService.reviewCost(i, change: c, actor: actor, on: db, trail: trail)
            }
        }
    }

    // MARK: audit firms and payments

    static func firmDTOs(zone: UUID?, on db: Database) async throws -> [AuditFirmDTO] {
        var q = AuditFirm.query(on: db)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        let firms = try await q.sort(\.$name).all()
        let jobs = try await AuditAssignment.query(on: db).filter(\.$firmID ~~ firms.map { $0.id! }).all()
        let order = AuditRotation.order(firms.map(AuditFirmService.kit), qualification: AuditFirmService.defaultQualification, parties: [])
        return firms.map { f in
            let mine = jobs.filter { $0.firmID == f.id }
            let ratings = mine.compactMap(\.rating)
            return AuditFirmDTO(
                id: f.id!,
                name: f.name,
                creditCode: f.creditCode,
                qualifications: AuditFirmService.lines(f.qualifications),
                related: AuditFirmService.lines(f.related),
                active: f.active,
                lastAssignedOn: f.lastAssignedOn,
                jobs: mine.count,
                averageRating: ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count),
                rotationPlace: order.firstIndex { $0.id == f.id!.uuidString }.map { $0 + 1 }
            )
        }
    }

    static func firms(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        let all = try await firmDTOs(zone: try await ZoneScope.readZone(req, actor: actor), on: req.db)
            .sorted { ($0.rotationPlace ?? Int.max, $0.name) < ($1.rotationPlace ?? Int.max, $1.name) }
        return try json(ListAnswer(items: Array(all.dropFirst(paging.offset).prefix(paging.limit)), total: all.count))
    }

    static func saveFirm(_ req: Request, existing: Bool) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: AuditFirmInput.self)
        let id: UUID? = existing ? try req.uuid() : nil
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            var firm: AuditFirm? = nil
            if let id {
                guard let f = try await AuditFirm.find(id, on: db), f.zoneID == zone else { throw AppError.notFound }
                firm = f
            }
            let saved = try await AuditFirmService.save(input, existing: firm, zone: zone, on: db, trail: trail)
            return try await firmDTOs(zone: zone, on: db).first { $0.id == saved.id }!
        }
        return try json(answer, status: existing ? .ok : .created)
    }

    static func rate(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: AuditRatingInput.self)
        let id = try req.uuid()
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let a = try await AuditAssignment.find(id, on: db), let p = try await ConstructionProject.find(a.projectID, on: db),
                p.zoneID == zone
            else {
                throw AppError.notFound
            }
            try await AuditFirmService.rate(input, assignment: a, zone: zone, on: db, trail: trail)
            return AuditAssignmentDTO(
                id: a.id!,
                projectId: a.projectID,
                firmId: a.firmID,
                assignedOn: a.assignedOn,
                reason: a.reason,
                endedOn: a.endedOn,
                rating: a.rating
            )
        }
        return try json(answer)
    }

    static func dto(_ p: ProgressPayment) -> ProgressPaymentDTO {
        ProgressPaymentDTO(
            id: p.id!,
            projectId: p.projectID,
            tenderId: p.tenderID,
            period: p.period,
            requestedFen: p.requestedFen,
            requestedOn: p.requestedOn,
            firmId: p.firmID,
            confirmedFen: p.confirmedFen,
            confirmedOn: p.confirmedOn,
            paidFen: p.paidFen,
            paidOn: p.paidOn,
            status: p.status
        )
    }

    static func payments(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        var q = ProgressPayment.query(on: req.db)
        if let z = try await ZoneScope.readZone(req, actor: actor) { q = q.filter(\.$zoneID == z) }
        if let p = try uuidQuery(req, "project") { q = q.filter(\.$projectID == p) }
        if let t = try uuidQuery(req, "tender") { q = q.filter(\.$tenderID == t) }
        if let s = req.queryValue("status"), !s.isEmpty { q = q.filter(\.$status == s) }
        let total = try await q.count()
        let items = try await q.sort(\.$requestedOn, .descending).sort(\.$id).range(paging.offset..<(paging.offset + paging.limit)).all()
        return try json(ListAnswer(items: items.map(dto), total: total))
    }

    static func requestPayment(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: PaymentInput.self)
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let raw = input.tenderId, let id = UUID(uuidString: raw), let t = try await Tender.find(id, on: db), t.zoneID == zone,
                let p = try await ConstructionProject.find(t.projectID, on: db)
            else {
                throw AppError.invalid("tenderId", Loc("请选择已签订的合同（采购编号）", "Choose a signed contract (tender id)"))
            }
            return dto(try await AuditFirmService.requestPayment(input, project: p, on: db, trail: trail))
        }
        return try json(answer, status: .created)
    }

    static func paymentStep(_ req: Request, pay: Bool) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let payInput = pay ? try decodeJSON(req, as: PaymentPayInput.self) : nil
        let confirmInput = pay ? nil : try decodeJSON(req, as: PaymentConfirmInput.self)
        let id = try req.uuid()
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let p = try await ProgressPayment.find(id, on: db), p.zoneID == zone else { throw AppError.notFound }
            if let i = payInput { try await AuditFirmService.pay(i, payment: p, on: db, trail: trail) }
            if let i = confirmInput { try await AuditFirmService.confirm(i, payment: p, on: db, trail: trail) }
            return dto(p)
        }
        return try json(answer)
    }
}
