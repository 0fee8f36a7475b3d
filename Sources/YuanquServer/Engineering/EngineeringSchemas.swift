import YuanquKit

/// The engineering area's schemas in the OpenAPI document.
extension EngineeringAPI {
    static var schemas: [String: Any] {
        typealias O = OpenAPI
        let s = O.str
        let ns: [String: Any] = ["type": ["string", "null"]]
        let nd = O.nullableDate
        let d = O.date
        let i = O.int
        let ni: [String: Any] = ["type": ["integer", "null"]]
        let b: [String: Any] = ["type": "boolean"]
        let nb: [String: Any] = ["type": ["boolean", "null"]]
        let n = O.num
        let nn: [String: Any] = ["type": ["number", "null"]]
        let u = O.uuid
        let nu = O.nullableUUID
        func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
        func array(_ item: [String: Any]) -> [String: Any] { ["type": "array", "items": item] }
        func input(_ props: [String: Any]) -> [String: Any] { O.obj(props) }
        // An amount in fen, as `EngineeringFields.money` takes it: up to one trillion yuan.
        let fen = O.int(0...100_000_000_000_000)
        let projectInput = input([
            "programmeId": O.uuidOrEmpty("empty: no programme"),
            "code": ["type": "string", "pattern": "^[A-Za-z0-9_-]{1,40}$", "description": "Letters, digits, dash and underscore"],
            "name": O.text(120), "location": ["type": "string", "maxLength": 200], "investmentFen": O.int(1...100_000_000_000_000),
            "budgetFundsFen": fen, "owner": O.text(80), "office": ["type": "string", "maxLength": 80],
            "officeLeadId": O.uuidOrEmpty("empty: none"), "isKey": b, "stage": O.enumOf(ConstructionStage.allCases.map(\.rawValue)),
            "startsOn": d, "endsOn": d,
        ])
        let firmInput = input([
            "name": O.text(80), "creditCode": s, "qualifications": ["type": "array", "items": O.text(200), "minItems": 1],
            "related": O.strings, "active": b,
        ])
        let holder = O.obj(
            ["unitId": u, "unitName": s, "personId": u, "personName": s, "since": d],
            required: ["unitId", "unitName", "personId", "personName", "since"]
        )
        let milestone = O.obj(["name": s, "plannedOn": d, "actualOn": nd, "late": b], required: ["name", "plannedOn", "late"])
        let cost = O.obj(
            [
                "id": u, "stage": O.enumOf(CostStage.allCases.map(\.rawValue)), "amountFen": i, "basis": s, "overrunReason": ns,
                "preparedOn": d,
                "status": O.enumOf(["prepared", "approved", "returned"]), "decidedBy": ns, "decidedOn": nd,
            ],
            required: ["id", "stage", "amountFen", "basis", "preparedOn", "status"]
        )
        let change = O.obj(
            [
                "id": u, "number": i, "title": s, "reason": s, "proposedAs": O.enumOf(["design", "construction"]), "proposedOn": d,
                "designAgrees": nb, "impactFen": ni, "needsMeeting": b,
                "status": O.enumOf(["proposed", "awaitingMeeting", "effective", "rejected"]), "decidedOn": nd,
            ],
            required: ["id", "number", "title", "reason", "proposedAs", "proposedOn", "needsMeeting", "status"]
        )
        let bid = O.obj(
            ["id": u, "bidder": s, "creditCode": ns, "amountFen": i, "submittedOn": d, "rank": ni],
            required: ["id", "bidder", "amountFen", "submittedOn"]
        )
        let value = O.obj(["amount": n, "currency": O.enumOf(["CNY"])], required: ["amount", "currency"])
        // OCDS leaves out an empty field: a name may be missing, and a list with nothing in it is.
        let orgRef = O.obj(["id": s, "name": s], required: ["id"])
        let release = O.obj(
            [
                "ocid": s, "id": s, "date": s, "tag": array(O.enumOf(["tender", "award", "contract"])),
                "initiationType": O.enumOf(["tender"]),
                "language": s, "buyer": orgRef,
                "parties": array(O.obj(["id": s, "name": s, "roles": O.strings], required: ["id", "roles"])),
                "tender": O.obj(
                    [
                        "id": s, "title": s, "status": s, "procurementMethod": O.enumOf(["open", "selective", "limited", "direct"]),
                        "procurementMethodDetails": s, "mainProcurementCategory": O.enumOf(["goods", "works", "services"]), "value": value,
                        "tenderPeriod": O.obj(["startDate": s, "endDate": s]), "numberOfTenderers": i, "tenderers": array(orgRef),
                    ],
                    required: ["id", "status", "procurementMethod", "mainProcurementCategory", "value"]
                ),
                "awards": array(
                    O.obj(
                        ["id": s, "status": s, "date": s, "value": value, "suppliers": array(orgRef)],
                        required: ["id", "status", "value", "suppliers"]
                    )
                ),
                "contracts": array(
                    O.obj(
                        ["id": s, "awardID": s, "status": s, "dateSigned": s, "value": value],
                        required: ["id", "awardID", "status", "value"]
                    )
                ),
            ],
            required: ["ocid", "id", "date", "tag", "initiationType", "tender"]
        )
        return [
            "Programme": O.obj(
                [
                    "id": u, "name": s, "summary": s, "startsOn": nd, "endsOn": nd, "projectCount": i, "keyProjects": i,
                    "totalInvestmentFen": i,
                    "averageProgress": n,
                ],
                required: ["id", "name", "summary", "projectCount", "keyProjects", "totalInvestmentFen", "averageProgress"]
            ),
            "ProgrammeInput": input(["name": s, "summary": s, "startsOn": d, "endsOn": d]),
            "ConstructionProject": O.obj(
                [
                    "id": u, "programmeId": nu, "code": s, "name": s, "location": s, "investmentFen": i, "budgetFundsFen": i, "owner": s,
                    "office": s, "officeLeadId": nu, "isKey": b, "stage": O.enumOf(ConstructionStage.allCases.map(\.rawValue)),
                    "progress": i, "startsOn": s, "endsOn": s,
                    "holders": O.obj(["design": holder, "cost": holder, "construction": holder]),
                    "milestones": array(milestone), "costStages": array(cost), "designChanges": array(change),
                    "auditAssignments": array(["$ref": "#/components/schemas/AuditAssignment"]),
                ],
                required: [
                    "id", "code", "name", "investmentFen", "budgetFundsFen", "owner", "isKey", "stage", "progress", "holders",
                    "milestones",
                    "costStages", "designChanges", "auditAssignments",
                ]
            ),
            "ConstructionProjectInput": projectInput,
            "NewConstructionProjectInput": O.creating(projectInput, required: ["code", "name", "investmentFen", "owner"]),
            "HoldersInput": input([
                "design": O.obj(["unitId": s, "personId": s, "since": d]), "cost": O.obj(["unitId": s, "personId": s, "since": d]),
                "construction": O.obj(["unitId": s, "personId": s, "since": d]),
            ]),
            "MilestoneInput": input(["name": s, "plannedOn": d, "actualOn": d]),
            "ProgressInput": input(["onDate": d, "percent": O.int(0...100), "note": O.text(1000)]),
            "OfficeMemberInput": input(["personId": s, "duty": s]),
            "CostDocumentInput": input([
                "stage": O.enumOf(CostStage.allCases.map(\.rawValue)), "amountFen": i, "basis": s, "overrunReason": s, "preparedOn": d,
            ]),
            "CostDecisionInput": input(["approve": b, "approveOverrun": b, "note": s, "decidedOn": d]),
            "DesignChangeInput": input(["title": s, "reason": s, "proposedAs": O.enumOf(["design", "construction"]), "proposedOn": d]),
            "DesignReviewInput": input(["agrees": b, "opinion": s]),
            "CostReviewInput": input(["impactFen": i, "opinion": s]),
            "AuditFirm": O.obj(
                [
                    "id": u, "name": s, "creditCode": ns, "qualifications": O.strings, "related": O.strings, "active": b,
                    "lastAssignedOn": nd,
                    "jobs": i, "averageRating": nn, "rotationPlace": ni,
                ],
                required: ["id", "name", "qualifications", "related", "active", "jobs"]
            ),
            "AuditFirmInput": firmInput,
            "NewAuditFirmInput": O.creating(firmInput, required: ["name", "qualifications"]),
            "AuditAssignmentInput": input(["qualification": s, "firmId": s, "reason": s, "assignedOn": d]),
            "AuditAssignment": O.obj(
                ["id": u, "projectId": u, "firmId": u, "assignedOn": d, "reason": ns, "endedOn": nd, "rating": ni],
                required: ["id", "projectId", "firmId", "assignedOn"]
            ),
            "AuditRatingInput": O.obj(["rating": O.int(1...5), "note": s, "endedOn": d], required: ["rating"]),
            "ProgressPayment": O.obj(
                [
                    "id": u, "projectId": u, "tenderId": u, "period": s, "requestedFen": i, "requestedOn": d, "firmId": nu,
                    "confirmedFen": ni,
                    "confirmedOn": nd, "paidFen": ni, "paidOn": nd, "status": O.enumOf(AuditFirmService.paymentStatuses),
                ],
                required: ["id", "projectId", "tenderId", "period", "requestedFen", "requestedOn", "status"]
            ),
            "PaymentInput": input(["tenderId": u, "period": s, "requestedFen": fen, "requestedOn": d]),
            "PaymentConfirmInput": input(["confirmedFen": fen, "confirmedOn": d]),
            "PaymentPayInput": input(["paidFen": fen, "paidOn": d]),
            "Tender": O.obj(
                [
                    "id": u, "ocid": s, "projectId": u, "package": s, "category": O.enumOf(ProcurementCategory.allCases.map(\.rawValue)),
                    "method": O.enumOf(ProcurementMethod.allCases.map(\.rawValue)), "estimatedFen": i, "bidSecurityFen": i, "issuedOn": d,
                    "bidDeadline": d,
                    "status": O.enumOf(TenderPages.statuses),
                    "combinedFen": i, "publicTenderRequired": b, "approvalRef": ns, "approvedBy": ns, "reportOn": nd, "publicityFrom": nd,
                    "publicityTo": nd, "awardedOn": nd, "winnerBidId": nu, "contractSignedOn": nd, "contractFen": ni, "contractOverdue": b,
                    "failedReason": ns, "retenderOfId": nu, "bids": array(bid),
                    "committee": array(O.obj(["name": s, "expert": b, "employer": s], required: ["name", "expert", "employer"])),
                    "clarifications": array(
                        O.obj(
                            ["issuedOn": d, "affectsBids": b, "note": s, "deadlineBefore": d, "deadlineAfter": d],
                            required: ["issuedOn", "affectsBids", "note", "deadlineBefore", "deadlineAfter"]
                        )
                    ),
                    "objections": array(
                        O.obj(
                            [
                                "id": u, "stage": O.enumOf(["documents", "publicity"]), "raisedOn": d, "raisedBy": s, "text": s,
                                "answeredOn": nd, "answer": ns,
                            ],
                            required: ["id", "stage", "raisedOn", "raisedBy", "text"]
                        )
                    ),
                ],
                required: [
                    "id", "ocid", "projectId", "package", "category", "method", "estimatedFen", "bidSecurityFen", "issuedOn", "bidDeadline",
                    "status",
                    "combinedFen", "publicTenderRequired", "contractOverdue", "bids", "committee", "clarifications", "objections",
                ]
            ),
            "TenderInput": input([
                "projectId": s, "package": s, "category": O.enumOf(ProcurementCategory.allCases.map(\.rawValue)),
                "method": O.enumOf(ProcurementMethod.allCases.map(\.rawValue)), "estimatedFen": i, "bidSecurityFen": i, "issuedOn": d,
                "bidDeadline": d,
            ]),
            "MethodApprovalInput": input(["approvalRef": s]),
            "ClarificationInput": input(["issuedOn": d, "affectsBids": b, "note": s, "newDeadline": d]),
            "TenderObjectionInput": input(["stage": O.enumOf(["documents", "publicity"]), "raisedOn": d, "raisedBy": s, "text": s]),
            "ObjectionAnswerInput": input(["answer": s, "answeredOn": d]),
            "BidInput": input(["bidder": s, "creditCode": s, "amountFen": fen, "submittedOn": d]),
            "CommitteeInput": input(["members": array(O.obj(["name": s, "expert": b, "employer": s]))]),
            "EvaluationInput": input(["reportOn": d, "ranking": O.strings]),
            "RetenderInput": input(["reason": s, "issuedOn": d, "bidDeadline": d]),
            "PublicityInput": input(["from": d, "to": d]),
            "AwardInput": input(["awardedOn": d, "bidId": s]),
            "ContractInput": input(["signedOn": d, "contractFen": fen]),
            "ReleasePackage": O.obj(
                [
                    "uri": s, "version": O.enumOf(["1.1"]), "publishedDate": s,
                    "publisher": O.obj(["name": s, "uri": s], required: ["name", "uri"]),
                    "releases": array(release),
                ],
                required: ["uri", "version", "publishedDate", "publisher", "releases"]
            ),
        ]
    }
}
