import Fluent
import Vapor
import YuanquKit

struct SchemeDTO: Content {
    let id: UUID
    let year: Int
    let name: String
    let version: Int
    let status: String
    let publishedOn: String?
    let rules: SchemeRules?
}

struct ResultDTO: Content {
    let assessee: String
    let subjectId: UUID
    let name: String
    let groupId: UUID
    let score: Double?
    let grade: String?
    let gradeLabel: String?
    let rank: Int?
    let schemeVersion: Int
    let breakdown: [CycleEngine.Part]
    let notes: [String]
    let payFen: Int64?
}

struct PaySheetDTO: Content {
    struct Unit: Content {
        let unitId: UUID
        let name: String
        let grade: String?
        let poolFen: Int64
        let lines: [Line]
    }
    struct Line: Content {
        let personId: UUID
        let name: String
        let grade: String?
        let score: Double?
        let pay: CycleEngine.PayLine?
    }
    let cycleId: UUID
    let cycle: String
    let status: String
    let totalFen: Int64
    let units: [Unit]
}

struct FlagDTO: Content {
    let id: UUID
    let cycleId: UUID
    let cycle: String
    let assessee: String
    let subjectId: UUID
    let name: String
    let rule: EliminationRule?
    let evidence: [EliminationFinding.Evidence]
    let basis: String
    let raisedOn: String
    let decision: String?
    let deciders: String?
    let grounds: String?
    let decidedOn: String?

    init(_ r: FlagRow) {
        id = r.id
        cycleId = r.cycleId
        cycle = r.cycleName
        assessee = r.assessee
        subjectId = r.subjectId
        name = r.name
        rule = try? JSONDecoder().decode(EliminationRule.self, from: Data(r.rule.utf8))
        evidence = (try? JSONDecoder().decode([EliminationFinding.Evidence].self, from: Data(r.evidence.utf8))) ?? []
        basis = r.basis
        raisedOn = r.raisedOn
        decision = r.decision
        deciders = r.deciders
        grounds = r.grounds
        decidedOn = r.decidedOn
    }
}

struct RatingTaskDTO: Content {
    let cycleId: UUID
    let subjectId: UUID
    let subject: String
    let assessee: String
    let indicator: String
    let indicatorName: String
    let raterGroup: String
    let anonymous: Bool
    let score: Double?
}

/// Loads a zone's scheme or cycle for a request, checks the zone, and runs changes through the one write path.
enum PerformanceLoad {
    static func scheme(_ req: Request, _ name: String = "id") async throws -> AssessmentScheme {
        let actor = try req.actor()
        guard let s = try await AssessmentScheme.find(try req.uuid(name), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(s.zoneID, actor: actor)
        return s
    }

    static func cycle(_ req: Request, _ name: String = "id") async throws -> AssessmentCycle {
        let actor = try req.actor()
        guard let c = try await AssessmentCycle.find(try req.uuid(name), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(c.zoneID, actor: actor)
        return c
    }

    /// Runs `work` on the cycle (read again inside the transaction) through `Writes.perform`.
    static func changeCycle<T: Sendable>(
        _ req: Request,
        _ work: @escaping @Sendable (AssessmentCycle, Actor, Database, AuditTrail) async throws -> T
    ) async throws -> T {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let id = try await cycle(req).requireID()
        return try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let c = try await AssessmentCycle.find(id, on: db) else { throw AppError.notFound }
            return try await work(c, actor, db, trail)
        }
    }

    static func changeScheme<T: Sendable>(
        _ req: Request,
        _ work: @escaping @Sendable (AssessmentScheme, Actor, Database, AuditTrail) async throws -> T
    ) async throws -> T {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let id = try await scheme(req).requireID()
        return try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let s = try await AssessmentScheme.find(id, on: db) else { throw AppError.notFound }
            return try await work(s, actor, db, trail)
        }
    }
}

extension SchemeDTO {
    init(_ s: AssessmentScheme, withRules: Bool) {
        self.init(
            id: s.id!,
            year: s.year,
            name: s.name,
            version: s.version,
            status: s.status,
            publishedOn: s.publishedOn,
            rules: withRules ? try? PerformanceService.rules(of: s) : nil
        )
    }
}

extension ResultDTO {
    init(_ r: ResultRow, gradeSet: GradeSet) {
        let d = r.result
        self.init(
            assessee: r.assessee,
            subjectId: r.subjectId,
            name: r.name,
            groupId: r.groupId,
            score: r.score,
            grade: r.grade,
            gradeLabel: r.grade.flatMap(Grade.init).map { gradeSet.label($0).zh },
            rank: r.rank,
            schemeVersion: r.schemeVersion,
            breakdown: (d?.parts ?? []).map(\.anonymised),
            notes: d?.notes ?? [],
            payFen: r.payFen
        )
    }
}

/// The JSON API of the performance area.
enum PerformanceAPI {
    /// The `cycle` a query names does not exist (in the zone): not found, naming the parameter.
    static let noSuchCycle = AppError(.notFound, "notFound", Loc("没有该考核周期", "No such assessment cycle"), field: "cycle")

    static let tag = "Performance"

    static func register(_ app: Application) {
        app.api(
            .GET,
            "assessment-schemes",
            permission: .assessmentRead,
            doc: APIDoc(
                summary: "A zone's assessment schemes, every version",
                tag: tag,
                response: "AssessmentScheme",
                list: true,
                query: ["zone"]
            ),
            use: getAssessmentSchemes
        )
        app.api(
            .POST,
            "assessment-schemes",
            permission: .assessmentManage,
            doc: APIDoc(
                summary: "Draft a scheme (a new version when based on one of the same year)",
                tag: tag,
                request: "SchemeInput",
                response: "AssessmentScheme",
                status: 201
            ),
            use: postAssessmentSchemes
        )
        app.api(
            .GET,
            "assessment-schemes/:id",
            permission: .assessmentRead,
            doc: APIDoc(summary: "A scheme version with its rules", tag: tag, response: "AssessmentScheme"),
            use: getAssessmentSchemesByID
        )
        app.api(
            .PUT,
            "assessment-schemes/:id",
            permission: .assessmentManage,
            doc: APIDoc(
                summary: "Change a draft's name and rules (a published scheme is frozen)",
                tag: tag,
                request: "SchemeRulesInput",
                response: "AssessmentScheme"
            ),
            use: putAssessmentSchemesByID
        )
        app.api(
            .POST,
            "assessment-schemes/:id/publish",
            permission: .assessmentDecide,
            doc: APIDoc(
                summary: "Publish a draft: it is frozen, the year's earlier version closes",
                tag: tag,
                response: "AssessmentScheme"
            ),
            use: postAssessmentSchemesPublish
        )
        app.api(
            .POST,
            "assessment-schemes/:id/close",
            permission: .assessmentDecide,
            doc: APIDoc(summary: "Close a published scheme whose cycles are final", tag: tag, response: "AssessmentScheme"),
            use: postAssessmentSchemesClose
        )
        app.api(
            .GET,
            "assessment-schemes/:id/simulation",
            permission: .assessmentRead,
            doc: APIDoc(
                summary: "Run a scheme on a cycle's data beside the results it has",
                tag: tag,
                response: "Simulation",
                query: [QueryParam("cycle", .uuid, required: true)]
            ),
            use: getAssessmentSchemesSimulation
        )
        app.api(
            .GET,
            "assessment-cycles",
            permission: .assessmentRead,
            doc: APIDoc(
                summary: "A zone's assessment cycles, newest first",
                tag: tag,
                response: "AssessmentCycle",
                list: true,
                query: ["zone"]
            ),
            use: getAssessmentCycles
        )
        app.api(
            .POST,
            "assessment-cycles",
            permission: .assessmentManage,
            doc: APIDoc(
                summary: "Open a cycle under a published scheme",
                tag: tag,
                request: "CycleInput",
                response: "AssessmentCycle",
                status: 201
            ),
            use: postAssessmentCycles
        )
        app.api(
            .GET,
            "assessment-cycles/:id",
            permission: .assessmentRead,
            doc: APIDoc(summary: "A cycle with its status and notice dates", tag: tag, response: "AssessmentCycle"),
            use: getAssessmentCyclesByID
        )
        app.api(
            .POST,
            "assessment-cycles/:id/compute",
            permission: .assessmentManage,
            doc: APIDoc(
                summary: "Compute the cycle's results from its figures and ratings (again until published)",
                tag: tag,
                response: "ComputeAnswer"
            ),
            use: postAssessmentCyclesCompute
        )
        app.api(
            .GET,
            "assessment-cycles/:id/results",
            permission: .assessmentRead,
            doc: APIDoc(
                summary: "Results with grade, score, breakdown and scheme version",
                tag: tag,
                response: "AssessmentResult",
                list: true,
                query: [.oneOf("assessee", Assessee.self), "unit"]
            ),
            use: getAssessmentCyclesResults
        )
        app.api(
            .POST,
            "assessment-cycles/:id/values",
            permission: .assessmentManage,
            doc: APIDoc(summary: "Enter an indicator's actual value with its evidence", tag: tag, request: "ValueInput", status: 204),
            use: postAssessmentCyclesValues
        )
        app.api(
            .POST,
            "assessment-cycles/:id/quota-decisions",
            permission: .assessmentDecide,
            doc: APIDoc(
                summary: "Order those tied at a group's quota line, with grounds and deciders",
                tag: tag,
                request: "QuotaDecisionInput",
                status: 204
            ),
            use: postAssessmentCyclesQuotaDecisions
        )
        app.api(
            .POST,
            "assessment-cycles/:id/publish",
            permission: .assessmentManage,
            doc: APIDoc(summary: "Publish the results for the scheme's working days", tag: tag, response: "AssessmentCycle"),
            use: postAssessmentCyclesPublish
        )
        app.api(
            .GET,
            "assessment-cycles/:id/objections",
            permission: .assessmentRead,
            doc: APIDoc(
                summary: "The objections to a cycle's results, oldest first, with their ids and resolutions",
                tag: tag,
                response: "ResultObjection",
                list: true
            ),
            use: getAssessmentCyclesObjections
        )
        app.api(
            .POST,
            "assessment-cycles/:id/objections",
            permission: .assessmentManage,
            doc: APIDoc(summary: "Record an objection to a published result", tag: tag, request: "ResultObjectionInput", status: 204),
            use: postAssessmentCyclesObjections
        )
        app.api(
            .POST,
            "assessment-cycles/:id/objections/:objectionId/resolve",
            permission: .assessmentManage,
            doc: APIDoc(summary: "Resolve an objection", tag: tag, request: "ResolutionInput", status: 204),
            use: postAssessmentCyclesObjectionsResolve
        )
        app.api(
            .POST,
            "assessment-cycles/:id/finalise",
            permission: .assessmentManage,
            doc: APIDoc(
                summary: "Make the results final after the notice; the elimination rules run",
                tag: tag,
                response: "AssessmentCycle"
            ),
            use: postAssessmentCyclesFinalise
        )
        app.api(
            .GET,
            "ratings",
            permission: .rate,
            doc: APIDoc(
                summary: "What the caller must rate in a cycle, with the scores they gave",
                tag: tag,
                response: "RatingTask",
                list: true,
                query: [QueryParam("cycle", .uuid, required: true)]
            ),
            use: getRatings
        )
        app.api(
            .POST,
            "ratings",
            permission: .rate,
            doc: APIDoc(
                summary: "Rate one subject on one indicator (again to change it while the cycle is open)",
                tag: tag,
                request: "RatingInput",
                status: 204
            ),
            use: postRatings
        )
        app.api(
            .GET,
            "pay-sheets/:cycleId",
            permission: .assessmentRead,
            doc: APIDoc(summary: "A cycle's pay sheet: each unit's pool and its split to the fen", tag: tag, response: "PaySheet"),
            use: getPaySheets
        )
        app.api(
            .GET,
            "elimination-flags",
            permission: .assessmentRead,
            doc: APIDoc(
                summary: "末尾淘汰 flags with their evidence and decisions",
                tag: tag,
                response: "EliminationFlag",
                list: true,
                query: ["zone", "open"]
            ),
            use: getEliminationFlags
        )
        app.api(
            .POST,
            "elimination-flags/:id/decision",
            permission: .assessmentDecide,
            doc: APIDoc(
                summary: "Decide a flag (release from post ends the appointment)",
                tag: tag,
                request: "FlagDecisionInput",
                status: 204
            ),
            use: postEliminationFlagsDecision
        )
    }

    /// GET /api/v1/assessment-schemes
    static func getAssessmentSchemes(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        guard let zone = try await ZoneScope.readZone(req, actor: actor) else {
            throw AppError.invalid("zone", Loc("请指定开发区（zone=代码）", "Name the zone (zone=code)"))
        }
        let rows = try await PerformanceQueries.schemes(zone: zone, on: req.db)
        let items = rows.map {
            SchemeDTO(
                id: $0.id,
                year: $0.year,
                name: $0.name,
                version: $0.version,
                status: $0.status,
                publishedOn: $0.publishedOn,
                rules: nil
            )
        }
        return try json(ListAnswer(items: items, total: items.count))
    }

    /// POST /api/v1/assessment-schemes
    static func postAssessmentSchemes(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: SchemeInput.self)
        let s = try await Writes.perform(req.application, actor: actor) { db, trail in
            SchemeDTO(try await PerformanceService.createScheme(input, zone: zone, on: db, trail: trail), withRules: true)
        }
        return try json(s, status: .created)
    }

    /// GET /api/v1/assessment-schemes/:id
    static func getAssessmentSchemesByID(_ req: Request) async throws -> Response {
        try json(SchemeDTO(try await PerformanceLoad.scheme(req), withRules: true))
    }

    /// PUT /api/v1/assessment-schemes/:id
    static func putAssessmentSchemesByID(_ req: Request) async throws -> Response {
        try json(
            // Read once the scheme is found: one out of reach answers 404 whatever the body.
            try await PerformanceLoad.changeScheme(req) { s, _, db, trail in
                let input = try decodeJSON(req, as: SchemeRulesInput.self)
                try await PerformanceService.updateScheme(s, input: input, on: db, trail: trail)
                return SchemeDTO(s, withRules: true)
            }
        )
    }

    /// POST /api/v1/assessment-schemes/:id/publish
    static func postAssessmentSchemesPublish(_ req: Request) async throws -> Response {
        try json(
            try await PerformanceLoad.changeScheme(req) { s, actor, db, trail in
                try await PerformanceService.publishScheme(s, actor: actor, on: db, trail: trail)
                return SchemeDTO(s, withRules: false)
            }
        )
    }

    /// POST /api/v1/assessment-schemes/:id/close
    static func postAssessmentSchemesClose(_ req: Request) async throws -> Response {
        try json(
            try await PerformanceLoad.changeScheme(req) { s, _, db, trail in
                try await PerformanceService.closeScheme(s, on: db, trail: trail)
                return SchemeDTO(s, withRules: false)
            }
        )
    }

    /// GET /api/v1/assessment-schemes/:id/simulation
    static func getAssessmentSchemesSimulation(_ req: Request) async throws -> Response {
        let s = try await PerformanceLoad.scheme(req)
        // The id's form is checked before (`QueryParam`): a cycle that is not the scheme's zone's is not found.
        guard let cid = (try? req.query.get(UUID.self, at: "cycle")), let c = try await AssessmentCycle.find(cid, on: req.db),
            c.zoneID == s.zoneID
        else {
            throw PerformanceAPI.noSuchCycle
        }
        return try json(try await Simulation.run(scheme: s, cycle: c, on: req.db))
    }

    /// GET /api/v1/assessment-cycles
    static func getAssessmentCycles(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        guard let zone = try await ZoneScope.readZone(req, actor: actor) else {
            throw AppError.invalid("zone", Loc("请指定开发区（zone=代码）", "Name the zone (zone=code)"))
        }
        let rows = try await PerformanceQueries.cycles(zone: zone, on: req.db)
        return try json(ListAnswer(items: rows, total: rows.count))
    }

    /// POST /api/v1/assessment-cycles
    static func postAssessmentCycles(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: CycleInput.self)
        let id = try await Writes.perform(req.application, actor: actor) { db, trail in
            try await PerformanceService.createCycle(input, zone: zone, on: db, trail: trail).id!
        }
        return try json(try await cycleRow(id, zone: zone, on: req.db), status: .created)
    }

    /// GET /api/v1/assessment-cycles/:id
    static func getAssessmentCyclesByID(_ req: Request) async throws -> Response {
        let c = try await PerformanceLoad.cycle(req)
        return try json(try await cycleRow(c.id!, zone: c.zoneID, on: req.db))
    }

    /// POST /api/v1/assessment-cycles/:id/compute
    static func postAssessmentCyclesCompute(_ req: Request) async throws -> Response {
        let answer = try await PerformanceLoad.changeCycle(req) { c, _, db, trail in
            let o = try await PerformanceService.compute(c, on: db, trail: trail)
            return ComputeAnswer(results: o.results.count, tied: o.tied, places: o.places)
        }
        return try json(answer)
    }

    /// GET /api/v1/assessment-cycles/:id/results
    static func getAssessmentCyclesResults(_ req: Request) async throws -> Response {
        let c = try await PerformanceLoad.cycle(req)
        let paging = try Paging(req, defaultLimit: 500)
        let assessee = req.queryValue("assessee")
        if let a = assessee, Assessee(rawValue: a) == nil {
            throw AppError.invalid("assessee", Loc("assessee 取值为 unit、team 或 person", "assessee is unit, team or person"))
        }
        let unit = req.queryValue("unit")
        if let u = unit, UUID(uuidString: u) == nil { throw AppError.invalid("unit", Loc("unit 须为单位 id", "unit is a unit id")) }
        let set = try await PerformanceService.scheme(of: c, on: req.db).1.gradeSet
        let rows = try await PerformanceQueries.results(
            cycle: c.id!,
            assessee: assessee.flatMap(Assessee.init),
            group: unit.flatMap { UUID(uuidString: $0) },
            on: req.db
        )
        let page = rows.dropFirst(paging.offset).prefix(paging.limit).map { ResultDTO($0, gradeSet: set) }
        return try json(ListAnswer(items: Array(page), total: rows.count))
    }

    /// POST /api/v1/assessment-cycles/:id/values
    static func postAssessmentCyclesValues(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: ValueInput.self)
        try await PerformanceLoad.changeCycle(req) { c, _, db, trail in
            try await PerformanceService.enterValue(c, input: input, on: db, trail: trail)
        }
        return Response(status: .noContent)
    }

    /// POST /api/v1/assessment-cycles/:id/quota-decisions
    static func postAssessmentCyclesQuotaDecisions(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: QuotaDecisionInput.self)
        try await PerformanceLoad.changeCycle(req) { c, actor, db, trail in
            try await PerformanceService.decideTie(c, input: input, actor: actor, on: db, trail: trail)
        }
        return Response(status: .noContent)
    }

    /// POST /api/v1/assessment-cycles/:id/publish
    static func postAssessmentCyclesPublish(_ req: Request) async throws -> Response {
        let id = try await PerformanceLoad.changeCycle(req) { c, _, db, trail in
            try await PerformanceService.publishResults(c, on: db, trail: trail)
            return c.id!
        }
        return try json(try await cycleRow(id, zone: nil, on: req.db))
    }

    /// GET /api/v1/assessment-cycles/:id/objections
    static func getAssessmentCyclesObjections(_ req: Request) async throws -> Response {
        let c = try await PerformanceLoad.cycle(req)
        let list = try await ResultObjection.query(on: req.db).filter(\.$cycleID == c.id!).sort(\.$raisedOn).all()
        let items = list.map {
            ResultObjectionDTO(
                id: $0.id!,
                subjectId: $0.subjectID,
                text: $0.text,
                raisedOn: $0.raisedOn,
                resolution: $0.resolution,
                resolvedOn: $0.resolvedOn,
                upheld: $0.upheld
            )
        }
        return try json(ListAnswer(items: items, total: items.count))
    }

    /// POST /api/v1/assessment-cycles/:id/objections
    static func postAssessmentCyclesObjections(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: ResultObjectionInput.self)
        try await PerformanceLoad.changeCycle(req) { c, _, db, trail in
            try await PerformanceService.raiseObjection(c, input: input, on: db, trail: trail)
        }
        return Response(status: .noContent)
    }

    /// POST /api/v1/assessment-cycles/:id/objections/:objectionId/resolve
    static func postAssessmentCyclesObjectionsResolve(_ req: Request) async throws -> Response {
        let input = try decodeJSON(req, as: ResolutionInput.self)
        let oid = try req.uuid("objectionId")
        try await PerformanceLoad.changeCycle(req) { c, _, db, trail in
            guard let o = try await ResultObjection.find(oid, on: db), o.cycleID == c.id else { throw AppError.notFound }
            try await PerformanceService.resolveObjection(o, cycle: c, input: input, on: db, trail: trail)
        }
        return Response(status: .noContent)
    }

    /// POST /api/v1/assessment-cycles/:id/finalise
    static func postAssessmentCyclesFinalise(_ req: Request) async throws -> Response {
        let id = try await PerformanceLoad.changeCycle(req) { c, _, db, trail in
            try await PerformanceService.finalise(c, on: db, trail: trail)
            return c.id!
        }
        return try json(try await cycleRow(id, zone: nil, on: req.db))
    }

    /// GET /api/v1/ratings
    static func getRatings(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        guard let cid = try? req.query.get(UUID.self, at: "cycle"), let c = try await AssessmentCycle.find(cid, on: req.db) else {
            throw PerformanceAPI.noSuchCycle
        }
        try ZoneScope.check(c.zoneID, actor: actor)
        let tasks = try await RatingsPage.tasks(actor: actor, cycle: c, on: req.db)
        return try json(ListAnswer(items: tasks, total: tasks.count))
    }

    /// POST /api/v1/ratings
    static func postRatings(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let input = try decodeJSON(req, as: RatingInput.self)
        guard let cid = input.cycleId, let c = try await AssessmentCycle.find(cid, on: req.db), c.zoneID == actor.zoneID else {
            throw AppError.invalid("cycleId", Loc("没有该考核周期", "No such cycle"))
        }
        try await Writes.perform(req.application, actor: actor) { db, trail in
            try await PerformanceService.rate(c, input: input, actor: actor, on: db, trail: trail)
        }
        return Response(status: .noContent)
    }

    /// GET /api/v1/pay-sheets/:cycleId
    static func getPaySheets(_ req: Request) async throws -> Response {
        try json(try await PaySheet.load(try await PerformanceLoad.cycle(req, "cycleId"), on: req.db))
    }

    /// GET /api/v1/elimination-flags
    static func getEliminationFlags(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        guard let zone = try await ZoneScope.readZone(req, actor: actor) else {
            throw AppError.invalid("zone", Loc("请指定开发区（zone=代码）", "Name the zone (zone=code)"))
        }
        let open = req.queryValue("open") == "true"
        let items = try await PerformanceQueries.flags(zone: zone, undecidedOnly: open, on: req.db).map(FlagDTO.init)
        return try json(ListAnswer(items: items, total: items.count))
    }

    /// POST /api/v1/elimination-flags/:id/decision
    static func postEliminationFlagsDecision(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let input = try decodeJSON(req, as: FlagDecisionInput.self)
        let id = try req.uuid()
        try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let f = try await EliminationFlag.find(id, on: db), f.zoneID == actor.zoneID else { throw AppError.notFound }
            try await PerformanceService.decideFlag(f, input: input, on: db, trail: trail)
        }
        return Response(status: .noContent)
    }

    struct ComputeAnswer: Content {
        let results: Int
        let tied: [String: [String]]
        let places: [String: Int]
    }

    static func cycleRow(_ id: UUID, zone: UUID?, on db: Database) async throws -> CycleRow {
        guard let c = try await AssessmentCycle.find(id, on: db),
            let row = try await PerformanceQueries.cycles(zone: zone ?? c.zoneID, on: db).first(where: { $0.id == id })
        else { throw AppError.notFound }
        return row
    }

}

/// An objection to a published result: its id is what resolving it takes.
struct ResultObjectionDTO: Encodable {
    let id: UUID
    let subjectId: UUID
    let text: String
    let raisedOn: String
    let resolution: String?
    let resolvedOn: String?
    let upheld: Bool?
}
