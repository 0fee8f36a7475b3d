import Fluent
import SQLKit
import Vapor
import YuanquKit

struct BidDTO: Codable, Sendable {
    let id: UUID
    let bidder: String
    let creditCode: String?
    let amountFen: Int64
    let submittedOn: String
    let rank: Int?
}

struct TenderDTO: Codable, Sendable {
    let id: UUID
    let ocid: String
    let projectId: UUID
    let package: String
    let category: String
    let method: String
    let estimatedFen: Int64
    let bidSecurityFen: Int64
    let issuedOn: String
    let bidDeadline: String
    let status: String
    /// This package with the live packages of the same project and category (NDRC Order No. 16).
    let combinedFen: Int64
    let publicTenderRequired: Bool
    let approvalRef: String?
    let approvedBy: String?
    let reportOn: String?
    let publicityFrom: String?
    let publicityTo: String?
    let awardedOn: String?
    let winnerBidId: UUID?
    let contractSignedOn: String?
    let contractFen: Int64?
    /// 招标投标法 art. 46: no contract within 30 days of the award notice.
    let contractOverdue: Bool
    let failedReason: String?
    let retenderOfId: UUID?
    let bids: [BidDTO]
    let committee: [CommitteeMemberDTO]
    let clarifications: [ClarificationDTO]
    let objections: [TenderObjectionDTO]
}

struct CommitteeMemberDTO: Codable, Sendable {
    let name: String
    let expert: Bool
    let employer: String
}

struct ClarificationDTO: Codable, Sendable {
    let issuedOn: String
    let affectsBids: Bool
    let note: String
    let deadlineBefore: String
    let deadlineAfter: String
}

struct TenderObjectionDTO: Codable, Sendable {
    let id: UUID
    let stage: String
    let raisedOn: String
    let raisedBy: String
    let text: String
    let answeredOn: String?
    let answer: String?
}

/// `/api/v1/tenders` and `/api/v1/ocds/releases`.
enum TenderAPI {
    static func register(_ app: Application) {
        let tag = "Engineering"
        app.api(
            .GET,
            "tenders",
            permission: .engineeringRead,
            doc: APIDoc(
                summary: "Tenders",
                tag: tag,
                response: "Tender",
                list: true,
                query: [
                    "zone", "project", QueryParam("status", .oneOf(TenderPages.statuses)), .oneOf("method", ProcurementMethod.self),
                    .oneOf("category", ProcurementCategory.self),
                ]
            ),
            use: list
        )
        app.api(
            .POST,
            "tenders",
            permission: .engineeringWrite,
            doc: APIDoc(
                summary: "Open a tender for a package (checks each naming its article)",
                tag: tag,
                request: "TenderInput",
                response: "Tender",
                status: 201
            ),
            use: create
        )
        app.api(
            .GET,
            "tenders/:id",
            permission: .engineeringRead,
            doc: APIDoc(summary: "Get a tender", tag: tag, response: "Tender"),
            use: get
        )
        let steps: [(String, Permission, String, String)] = [
            ("approval", .engineeringDecide, "Approve a non-public method above the threshold (leaders)", "MethodApprovalInput"),
            ("clarifications", .engineeringWrite, "Issue a clarification or change (the deadline may move)", "ClarificationInput"),
            ("objections", .engineeringWrite, "Record an objection to the documents or the candidates", "TenderObjectionInput"),
            ("bids", .engineeringWrite, "Record a bid received by the deadline", "BidInput"),
            ("committee", .engineeringWrite, "Set the evaluation committee", "CommitteeInput"),
            ("evaluation", .engineeringWrite, "Record the evaluation report and ranking", "EvaluationInput"),
            ("retender", .engineeringWrite, "Fail the tender and tender again (answers the new tender)", "RetenderInput"),
            ("publicity", .engineeringWrite, "Publicise the winning candidates", "PublicityInput"),
            ("award", .engineeringWrite, "Issue the award notice", "AwardInput"),
            ("contract", .engineeringWrite, "Record the signed contract", "ContractInput"),
        ]
        for (path, permission, summary, input) in steps {
            app.api(
                .POST,
                "tenders/:id/" + path,
                permission: permission,
                doc: APIDoc(summary: summary, tag: tag, request: input, response: "Tender"),
                use: { req in try await step(req, path) }
            )
        }
        app.api(
            .POST,
            "tender-objections/:id/answer",
            permission: .engineeringWrite,
            doc: APIDoc(summary: "Answer an objection", tag: tag, request: "ObjectionAnswerInput", response: "Tender"),
            use: answer
        )
        app.api(
            .GET,
            "ocds/releases",
            permission: .engineeringRead,
            doc: APIDoc(
                summary: "Tenders, awards and contracts as an OCDS 1.1 release package",
                tag: tag,
                response: "ReleasePackage",
                query: ["zone"]
            ),
            use: releases
        )
    }

    static func list(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let paging = try Paging(req)
        var q = Tender.query(on: req.db)
        if let z = try await ZoneScope.readZone(req, actor: actor) { q = q.filter(\.$zoneID == z) }
        if let p = req.queryValue("project"), !p.isEmpty {
            guard let id = UUID(uuidString: p) else {
                throw AppError.invalid("project", Loc("project 不是有效的编号", "project is not a valid id"))
            }
            q = q.filter(\.$projectID == id)
        }
        if let v = req.queryValue("status"), !v.isEmpty { q = q.filter(\.$status == v) }
        if let v = req.queryValue("method"), !v.isEmpty { q = q.filter(\.$method == v) }
        if let v = req.queryValue("category"), !v.isEmpty { q = q.filter(\.$category == v) }
        let total = try await q.count()
        let tenders = try await q.sort(\.$issuedOn, .descending).sort(\.$id).range(paging.offset..<(paging.offset + paging.limit)).all()
        return try json(ListAnswer(items: try await dtos(tenders, on: req.db), total: total))
    }

    /// The tender's OCDS contracting process id: the zone's registered prefix (setting `ocds.prefix`), the zone's code
    /// and the tender's id, so a prefix shared by several zones still gives each process its own ocid.
    static func ocid(_ t: Tender, prefix: String, zoneCode: String) -> String { "\(prefix)-\(zoneCode)-\(t.id!.uuidString.lowercased())" }

    static func dtos(_ tenders: [Tender], on db: Database) async throws -> [TenderDTO] {
        guard !tenders.isEmpty else { return [] }
        let ids = tenders.map { $0.id! }
        let bids = try await Bid.query(on: db).filter(\.$tenderID ~~ ids).sort(\.$submittedOn).sort(\.$bidder).all()
        let members = try await CommitteeMember.query(on: db).filter(\.$tenderID ~~ ids).sort(\.$name).all()
        let notes = try await TenderClarification.query(on: db).filter(\.$tenderID ~~ ids).sort(\.$issuedOn).all()
        let objections = try await TenderObjection.query(on: db).filter(\.$tenderID ~~ ids).sort(\.$raisedOn).all()
        let zoneIDs = Set(tenders.map(\.zoneID))
        var codes: [UUID: String] = [:]
        for z in try await Zone.query(on: db).filter(\.$id ~~ zoneIDs).all() { codes[z.id!] = z.code }
        let prefixes = try await Settings.ocdsPrefixes(zones: zoneIDs, on: db)
        return tenders.map { t in
            TenderDTO(
                id: t.id!,
                ocid: ocid(t, prefix: prefixes[t.zoneID] ?? SettingDefinition.placeholderOCDSPrefix, zoneCode: codes[t.zoneID] ?? ""),
                projectId: t.projectID,
                package: t.package,
                category: t.category,
                method: t.method,
                estimatedFen: t.estimatedFen,
                bidSecurityFen: t.bidSecurityFen,
                issuedOn: t.issuedOn,
                bidDeadline: t.bidDeadline,
                status: t.status,
                combinedFen: t.combinedFen,
                publicTenderRequired: t.publicRequired,
                approvalRef: t.approvalRef,
                approvedBy: t.approvedBy,
                reportOn: t.reportOn,
                publicityFrom: t.publicityFrom,
                publicityTo: t.publicityTo,
                awardedOn: t.awardedOn,
                winnerBidId: t.winnerBidID,
                contractSignedOn: t.contractSignedOn,
                contractFen: t.contractFen,
                contractOverdue: TenderService.contractOverdue(awarded: t.awardedOn, signed: t.contractSignedOn),
                failedReason: t.failedReason,
                retenderOfId: t.retenderOfID,
                bids: bids.filter { $0.tenderID == t.id }.map {
                    BidDTO(
                        id: $0.id!,
                        bidder: $0.bidder,
                        creditCode: $0.creditCode,
                        amountFen: $0.amountFen,
                        submittedOn: $0.submittedOn,
                        rank: $0.rank
                    )
                },
                committee: members.filter { $0.tenderID == t.id }.map {
                    CommitteeMemberDTO(name: $0.name, expert: $0.expert, employer: $0.employer)
                },
                clarifications: notes.filter { $0.tenderID == t.id }.map {
                    ClarificationDTO(
                        issuedOn: $0.issuedOn,
                        affectsBids: $0.affectsBids,
                        note: $0.note,
                        deadlineBefore: $0.deadlineBefore,
                        deadlineAfter: $0.deadlineAfter
                    )
                },
                objections: objections.filter { $0.tenderID == t.id }.map {
                    TenderObjectionDTO(
                        id: $0.id!,
                        stage: $0.stage,
                        raisedOn: $0.raisedOn,
                        raisedBy: $0.raisedBy,
                        text: $0.text,
                        answeredOn: $0.answeredOn,
                        answer: $0.answer
                    )
                }
            )
        }
    }

    static func one(_ id: UUID, on db: Database) async throws -> TenderDTO {
        guard let t = try await Tender.find(id, on: db) else { throw AppError.notFound }
        return try await dtos([t], on: db)[0]
    }

    static func create(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try actor.writableZone()
        let input = try decodeJSON(req, as: TenderInput.self)
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            let t = try await TenderService.create(input, zone: zone, on: db, trail: trail)
            return try await one(t.id!, on: db)
        }
        return try json(answer, status: .created)
    }

    static func get(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        guard let t = try await Tender.find(try req.uuid(), on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(t.zoneID, actor: actor)
        return try json(try await dtos([t], on: req.db)[0])
    }

    /// Runs one step of a tender in one write; answers the tender (or, for a re-tender, the new one).
    static func step(_ req: Request, _ path: String) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let id = try req.uuid()
        guard let found = try await Tender.find(id, on: req.db) else { throw AppError.notFound }
        try ZoneScope.check(found.zoneID, actor: actor)
        func input<T: Decodable>(_ type: T.Type) throws -> T { try decodeJSON(req, as: type) }
        let work: @Sendable (Tender, Database, AuditTrail) async throws -> UUID
        switch path {
        case "approval":
            let i = try input(MethodApprovalInput.self)
            work = { t, db, trail in
                try await TenderService.approveMethod(i, tender: t, actor: actor, on: db, trail: trail)
                return t.id!
            }
        case "clarifications":
            let i = try input(ClarificationInput.self)
            work = { t, db, trail in
                try await TenderService.clarify(i, tender: t, on: db, trail: trail)
                return t.id!
            }
        case "objections":
            let i = try input(TenderObjectionInput.self)
            work = { t, db, trail in
                _ = try await TenderService.object(i, tender: t, on: db, trail: trail)
                return t.id!
            }
        case "bids":
            let i = try input(BidInput.self)
            work = { t, db, trail in
                _ = try await TenderService.addBid(i, tender: t, on: db, trail: trail)
                return t.id!
            }
        case "committee":
            let i = try input(CommitteeInput.self)
            work = { t, db, trail in
                try await TenderService.setCommittee(i, tender: t, on: db, trail: trail)
                return t.id!
            }
        case "evaluation":
            let i = try input(EvaluationInput.self)
            work = { t, db, trail in
                try await TenderService.evaluate(i, tender: t, on: db, trail: trail)
                return t.id!
            }
        case "retender":
            let i = try input(RetenderInput.self)
            work = { t, db, trail in try await TenderService.retender(i, tender: t, on: db, trail: trail).id! }
        case "publicity":
            let i = try input(PublicityInput.self)
            work = { t, db, trail in
                try await TenderService.publicise(i, tender: t, on: db, trail: trail)
                return t.id!
            }
        case "award":
            let i = try input(AwardInput.self)
            work = { t, db, trail in
                try await TenderService.award(i, tender: t, on: db, trail: trail)
                return t.id!
            }
        default:
            let i = try input(ContractInput.self)
            work = { t, db, trail in
                try await TenderService.contract(i, tender: t, on: db, trail: trail)
                return t.id!
            }
        }
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let t = try await Tender.find(id, on: db) else { throw AppError.notFound }
            return try await one(try await work(t, db, trail), on: db)
        }
        return try json(answer, status: path == "retender" ? .created : .ok)
    }

    static func answer(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        _ = try actor.writableZone()
        let input = try decodeJSON(req, as: ObjectionAnswerInput.self)
        let id = try req.uuid()
        let answer = try await Writes.perform(req.application, actor: actor) { db, trail in
            guard let o = try await TenderObjection.find(id, on: db), let t = try await Tender.find(o.tenderID, on: db) else {
                throw AppError.notFound
            }
            try ZoneScope.check(t.zoneID, actor: actor)
            try await TenderService.answer(input, objection: o, tender: t, on: db, trail: trail)
            return try await one(t.id!, on: db)
        }
        return try json(answer)
    }

    static func releases(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let zone = try await ZoneScope.readZone(req, actor: actor)
        var q = Tender.query(on: req.db)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        let tenders = try await q.sort(\.$issuedOn).sort(\.$id).all()
        let package = try await OCDS.package(try await dtos(tenders, on: req.db), zone: zone, base: PublicURL.base(req), on: req.db)
        return try json(package)
    }
}
