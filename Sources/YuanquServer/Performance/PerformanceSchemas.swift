import YuanquKit

/// The performance area's schemas in the OpenAPI document.
extension PerformanceAPI {
    /// A scheme's rules as the server reads and answers them: `SchemeRules` in its Codable form, where an enum case
    /// with values is an object of one key, the case (`{"linear": {"cap": 120}}`; an unnamed value is `_0`), with the
    /// bounds `SchemeRules.problems()` holds them to where a bound is all a rule says.
    static var schemeRules: [String: Any] {
        typealias O = OpenAPI
        func number(_ range: ClosedRange<Double>) -> [String: Any] {
            ["type": "number", "minimum": range.lowerBound, "maximum": range.upperBound]
        }
        func oneCase(_ cases: [String: [String: Any]]) -> [String: Any] {
            ["type": "object", "properties": cases, "minProperties": 1, "maxProperties": 1]
        }
        func value(_ schema: [String: Any]) -> [String: Any] { O.obj(["_0": schema], required: ["_0"]) }
        func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
        func byGrade(_ schema: [String: Any]) -> [String: Any] {
            O.obj(Dictionary(uniqueKeysWithValues: Grade.allCases.map { ($0.rawValue, schema) }))
        }
        let grade = O.enumOf(Grade.allCases.map(\.rawValue))
        let rule = oneCase([
            "linear": O.obj(["cap": number(100...200)], required: ["cap"]),
            "bands": value(array(O.obj(["atLeast": number(0...1000), "score": number(0...150)], required: ["atLeast", "score"]))),
            "lowerIsBetter": O.obj(["worst": number(-1e12...1e12)], required: ["worst"]),
        ])
        let measure = oneCase([
            "quantitative": O.obj(
                ["source": O.enumOf(IndicatorSource.allCases.map(\.rawValue)), "rule": rule, "target": number(0...1e12)],
                required: ["source", "rule", "target"]
            ),
            "qualitative": O.obj(["raters": array(O.enumOf(RaterGroup.allCases.map(\.rawValue)))], required: ["raters"]),
        ])
        let indicator = O.obj(
            [
                "code": O.str, "name": O.str, "assessee": O.enumOf(Assessee.allCases.map(\.rawValue)), "weight": number(0...100),
                "measure": measure,
            ],
            required: ["code", "name", "assessee", "weight", "measure"]
        )
        let cycles = O.int(1...12)
        return O.obj(
            [
                "gradeSet": O.enumOf(GradeSet.allCases.map(\.rawValue)),
                "bands": O.obj(
                    ["excellent": number(0...150), "competent": number(0...150), "basicallyCompetent": number(0...150)],
                    required: ["excellent", "competent", "basicallyCompetent"]
                ),
                "excellentShare": O.int(0...100), "excellentUnitShare": O.int(0...100),
                "tiers": array(O.enumOf(Tier.allCases.map(\.rawValue))), "indicators": array(indicator),
                "raterWeights": O.obj(Dictionary(uniqueKeysWithValues: RaterGroup.allCases.map { ($0.rawValue, number(0...100)) })),
                "dropExtremes": ["type": "boolean"],
                "feed": oneCase(["coefficient": value(byGrade(number(0...2))), "excellentShare": value(byGrade(O.int(0...100)))]),
                "pay": O.obj(
                    [
                        "poolPerHead": byGrade(O.int(0...10_000_000_000)), "coefficients": byGrade(number(0...10)),
                        "zonePool": O.int(0...1_000_000_000_000),
                    ],
                    required: ["poolPerHead", "coefficients"]
                ),
                "elimination": array(
                    oneCase([
                        "teamLast": O.obj(["cycles": cycles], required: ["cycles"]),
                        "grade": O.obj(["grade": grade, "times": cycles], required: ["grade", "times"]),
                        "below": O.obj(["threshold": number(0...100), "cycles": cycles], required: ["threshold", "cycles"]),
                    ])
                ),
                "caseEffects": O.obj(
                    Dictionary(
                        uniqueKeysWithValues: Sanction.allCases.map {
                            ($0.rawValue, oneCase(["gradeCap": value(grade), "scoreDeduction": value(number(0...100))]))
                        }
                    )
                ),
                "noticeDays": O.int(1...60),
            ],
            required: [
                "gradeSet", "bands", "excellentShare", "tiers", "indicators", "raterWeights", "dropExtremes", "feed", "pay",
                "elimination", "caseEffects", "noticeDays",
            ]
        )
    }

    static var schemas: [String: Any] {
        typealias O = OpenAPI
        let grade = O.enumOf(Grade.allCases.map(\.rawValue))
        return [
            "SchemeInput": O.obj(["year": O.int, "name": O.str, "basedOn": O.uuid]),
            "SchemeRulesInput": O.obj(["name": O.str, "rules": schemeRules], required: ["rules"]),
            "AssessmentScheme": O.obj(
                [
                    "id": O.uuid, "year": O.int, "name": O.str, "version": O.int, "status": O.enumOf(["draft", "published", "closed"]),
                    "publishedOn": O.nullableDate, "rules": schemeRules.merging(["type": ["object", "null"]]) { _, null in null },
                ],
                required: ["id", "year", "name", "version", "status"]
            ),
            "CycleInput": O.obj(
                [
                    "schemeId": O.uuid, "name": O.str, "kind": O.enumOf(CycleKind.allCases.map(\.rawValue)), "startsOn": O.date,
                    "endsOn": O.date,
                ],
                required: ["schemeId", "name", "kind", "startsOn", "endsOn"]
            ),
            "AssessmentCycle": O.obj(
                [
                    "id": O.uuid, "name": O.str, "kind": O.enumOf(CycleKind.allCases.map(\.rawValue)), "startsOn": O.date, "endsOn": O.date,
                    "status": O.enumOf(["open", "computed", "notice", "final"]), "schemeId": O.uuid, "schemeName": O.str,
                    "schemeVersion": O.int,
                    "noticeStart": O.nullableDate, "noticeEnds": O.nullableDate,
                ],
                required: ["id", "name", "kind", "startsOn", "endsOn", "status", "schemeId", "schemeVersion"]
            ),
            "ResultObjection": O.obj(
                [
                    "id": O.uuid, "subjectId": O.uuid, "text": O.str, "raisedOn": O.date, "resolution": ["type": ["string", "null"]],
                    "resolvedOn": O.nullableDate, "upheld": ["type": ["boolean", "null"]],
                ],
                required: ["id", "subjectId", "text", "raisedOn"]
            ),
            "ComputeAnswer": O.obj(["results": O.int, "tied": ["type": "object"], "places": ["type": "object"]], required: ["results"]),
            "AssessmentResult": O.obj(
                [
                    "assessee": O.enumOf(Assessee.allCases.map(\.rawValue)), "subjectId": O.uuid, "name": O.str, "groupId": O.uuid,
                    "score": ["type": ["number", "null"]], "grade": ["type": ["string", "null"]],
                    "gradeLabel": ["type": ["string", "null"]],
                    "rank": ["type": ["integer", "null"]], "schemeVersion": O.int,
                    "breakdown": ["type": "array", "items": ["type": "object"]],
                    "notes": O.strings, "payFen": ["type": ["integer", "null"]],
                ],
                required: ["assessee", "subjectId", "name", "schemeVersion", "breakdown"]
            ),
            "ValueInput": O.obj(
                ["indicator": O.str, "subjectId": O.uuid, "value": O.num, "evidence": O.str],
                required: ["indicator", "subjectId", "value", "evidence"]
            ),
            "QuotaDecisionInput": O.obj(
                ["group": O.str, "order": O.strings, "grounds": O.str, "deciders": O.str],
                required: ["group", "order", "grounds", "deciders"]
            ),
            "ResultObjectionInput": O.obj(["subjectId": O.uuid, "text": O.str], required: ["subjectId", "text"]),
            "ResolutionInput": O.obj(["resolution": O.str, "upheld": ["type": "boolean"], "deciders": O.str], required: ["resolution"]),
            "RatingTask": O.obj(
                [
                    "cycleId": O.uuid, "subjectId": O.uuid, "subject": O.str, "assessee": O.str, "indicator": O.str, "indicatorName": O.str,
                    "raterGroup": O.enumOf(RaterGroup.allCases.map(\.rawValue)), "anonymous": ["type": "boolean"],
                    "score": ["type": ["number", "null"]],
                ],
                required: ["cycleId", "subjectId", "indicator", "raterGroup"]
            ),
            "RatingInput": O.obj(
                ["cycleId": O.uuid, "indicator": O.str, "subjectId": O.uuid, "score": O.num],
                required: ["cycleId", "indicator", "subjectId", "score"]
            ),
            "PaySheet": O.obj(
                [
                    "cycleId": O.uuid, "cycle": O.str, "status": O.str, "totalFen": O.int,
                    "units": ["type": "array", "items": ["type": "object"]],
                ],
                required: ["cycleId", "totalFen", "units"]
            ),
            "EliminationFlag": O.obj(
                [
                    "id": O.uuid, "cycleId": O.uuid, "cycle": O.str, "assessee": O.str, "subjectId": O.uuid, "name": O.str,
                    "rule": ["type": ["object", "null"]], "evidence": ["type": "array", "items": ["type": "object"]], "basis": O.str,
                    "raisedOn": O.date, "decision": ["type": ["string", "null"]], "deciders": ["type": ["string", "null"]],
                    "grounds": ["type": ["string", "null"]], "decidedOn": O.nullableDate,
                ],
                required: ["id", "cycleId", "name", "rule", "evidence", "raisedOn"]
            ),
            "FlagDecisionInput": O.obj(
                ["decision": O.enumOf(FlagDecision.allCases.map(\.rawValue)), "deciders": O.str, "grounds": O.str, "date": O.date],
                required: ["decision", "deciders", "grounds"]
            ),
            "Simulation": O.obj(
                ["units": ["type": "array", "items": ["type": "object"]], "flags": ["type": "array", "items": ["type": "object"]]],
                required: ["units"]
            ),
            "Grade": grade,
        ]
    }
}
