import YuanquKit

/// The dashboard's schemas in the OpenAPI document.
extension DashboardPages {
    static var schemas: [String: Any] {
        typealias O = OpenAPI
        let i = O.int
        let s = O.str
        let ni: [String: Any] = ["type": ["integer", "null"]]
        let ns: [String: Any] = ["type": ["string", "null"]]
        let counts: [String: Any] = ["type": "object", "additionalProperties": i]
        let comparison = O.obj(["current": i, "previous": i], required: ["current", "previous"])
        let twelve: [String: Any] = ["type": "array", "items": i, "minItems": 12, "maxItems": 12]
        let monthly = O.obj(["current": twelve, "previous": twelve], required: ["current", "previous"])
        func nullable(_ o: [String: Any]) -> [String: Any] { ["oneOf": [o, ["type": "null"]]] }
        let organisation = O.obj(
            ["units": i, "posts": i, "headcount": i, "people": i, "inPosts": i, "vacancies": i],
            required: ["units", "posts", "headcount", "people", "inPosts", "vacancies"]
        )
        let personnel = O.obj(
            [
                "campaignsRunning": i, "campaignsOpened": comparison, "appointments": comparison, "competitiveAppointments": comparison,
                "appointmentsByMonth": monthly,
            ],
            required: ["campaignsRunning", "campaignsOpened", "appointments", "competitiveAppointments", "appointmentsByMonth"]
        )
        let team = O.obj(
            ["rank": i, "team": s, "signedAmountFen": i, "attainmentBasisPoints": ni],
            required: ["rank", "team", "signedAmountFen"]
        )
        let investment = O.obj(
            [
                "signedCount": comparison, "signedAmountFen": comparison, "majorCount": comparison, "majorThresholdWan": i,
                "startedCount": comparison, "pipeline": counts, "signedAmountByMonth": monthly,
                "leaderboard": ["type": "array", "items": team],
            ],
            required: ["signedCount", "signedAmountFen", "majorCount", "majorThresholdWan", "startedCount", "pipeline", "leaderboard"]
        )
        let service = O.obj(
            [
                "open": i, "overdue": i, "closed": comparison, "closedOnTime": comparison, "satisfactionHundredths": ni,
                "previousSatisfactionHundredths": ni, "openedByMonth": monthly,
            ],
            required: ["open", "overdue", "closed", "closedOnTime", "openedByMonth"]
        )
        let assessment = O.obj(
            ["cycle": ns, "cycleId": O.nullableUUID, "grades": counts, "flagsUndecided": i],
            required: ["grades", "flagsUndecided"]
        )
        let engineering = O.obj(
            [
                "projects": i, "keyProjects": i, "investmentFen": i, "averageProgress": i, "lateMilestones": i,
                "milestonesDue": comparison, "milestonesOnTime": comparison, "byStage": counts,
            ],
            required: [
                "projects", "keyProjects", "investmentFen", "averageProgress", "lateMilestones", "milestonesDue", "milestonesOnTime",
            ]
        )
        let checkpoints = O.obj(["lastAt": ns, "lastSequence": ni, "lastDays": ni])
        let figure = O.obj(["value": ni, "previous": ni, "rank": ni])
        let row = O.obj(
            [
                "zone": s, "zoneName": s, "rank": i, "previousRank": ni, "change": ni, "score": O.num,
                "measures": ["type": "object", "additionalProperties": figure], "assessmentCycle": ns, "excellentBasisPoints": ni,
            ],
            required: ["zone", "zoneName", "rank", "score", "measures"]
        )
        let span: [String: Any] = ["year": i, "from": O.date, "to": O.date, "previousFrom": O.date, "previousTo": O.date]
        return [
            "Dashboard": O.obj(
                span.merging([
                    "zone": s, "zoneName": s, "organisation": nullable(organisation), "personnel": nullable(personnel),
                    "investment": nullable(investment), "service": nullable(service), "assessment": nullable(assessment),
                    "engineering": nullable(engineering), "auditChain": nullable(checkpoints),
                ]) { a, _ in a },
                required: ["zone", "zoneName", "year", "from", "to", "previousFrom", "previousTo"]
            ),
            "ZoneRanking": O.obj(
                span.merging([
                    "measures": [
                        "type": "array",
                        "items": O.obj(
                            ["key": O.enumOf(ZoneRanking.Measure.allCases.map(\.rawValue)), "weight": i],
                            required: ["key", "weight"]
                        ),
                    ],
                    "rows": ["type": "array", "items": row],
                ]) { a, _ in a },
                required: ["year", "from", "to", "previousFrom", "previousTo", "measures", "rows"]
            ),
        ]
    }
}
