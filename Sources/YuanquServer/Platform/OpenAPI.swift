import Vapor
import YuanquKit

/// The OpenAPI 3.1 document of every `/api/v1` route, built from the routes as they were registered.
enum OpenAPI {
    static func register(_ app: Application) {
        app.routes.get("api", "openapi.json", permission: .public) { req in
            let data = try JSONSerialization.data(
                withJSONObject: document(req.application),
                options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            )
            let res = Response(status: .ok)
            res.headers.contentType = .json
            res.body = .init(data: data)
            return res
        }
    }

    /// `/api/v1/units/:id` → `/api/v1/units/{id}`
    static func templatePath(_ components: [PathComponent]) -> String {
        "/"
            + components.map { c -> String in
                switch c {
                case .parameter(let name): return "{\(name)}"
                default: return c.description
                }
            }.joined(separator: "/")
    }

    /// `GET /api/v1/units/{id}` → `getApiV1UnitsById`
    static func operationID(_ method: HTTPMethod, _ components: [PathComponent]) -> String {
        method.rawValue.lowercased()
            + templatePath(components).split(separator: "/").map {
                $0.replacingOccurrences(of: "{", with: "By").replacingOccurrences(of: "}", with: "").capitalized
                    .replacingOccurrences(of: "-", with: "")
            }.joined()
    }

    /// OpenAPI links, so that a client (and the fuzzer's stateful phase) goes from an answer to the routes on the
    /// record it carries. Derived from the registry: a collection is a path where POST answers 201, or GET lists, a
    /// record with an `id` (not the record of the path it hangs under, as `…/{id}/claim/steps` answers the case);
    /// its record routes are those under the collection + `/{param}`. Every answer carrying that record (the create,
    /// a record route's answer, a list's first item) links to them: the record's parameter from the answer, the
    /// collection's own path parameters from the request. Keyed by the answering entry's index.
    static func links(_ entries: [APIRegistry.Entry], schemas: [String: Any]) -> [Int: [String: Any]] {
        func hasID(_ name: String?) -> Bool {
            guard let name, let schema = schemas[name] as? [String: Any], let props = schema["properties"] as? [String: Any] else {
                return false
            }
            return props["id"] != nil
        }
        func starts(_ path: [PathComponent], with prefix: [PathComponent]) -> Bool {
            path.count >= prefix.count && zip(prefix, path).allSatisfy { $0 == $1 }
        }
        var collections: [(path: [PathComponent], record: String)] = []
        for e in entries
        where (e.method == .POST && e.doc.status == 201 && !e.doc.list) || (e.method == .GET && e.doc.list) {
            guard let record = e.doc.response, hasID(record) else { continue }
            // The record the path hangs under: up to its last parameter (`…/{id}` of `…/{id}/claim/steps`).
            if let last = e.path.lastIndex(where: { if case .parameter = $0 { return true } else { return false } }) {
                let owner = Array(e.path[...last])
                if entries.contains(where: { $0.method == .GET && !$0.doc.list && $0.path == owner && $0.doc.response == record }) {
                    continue
                }
            }
            if !collections.contains(where: { $0.path == e.path && $0.record == record }) { collections.append((e.path, record)) }
        }
        var links: [Int: [String: Any]] = [:]
        for (i, e) in entries.enumerated() {
            guard let record = e.doc.response, hasID(record) else { continue }
            for c in collections where c.record == record {
                let shared = starts(e.path, with: c.path)
                let own = c.path.compactMap { p -> String? in if case .parameter(let name) = p { return name } else { return nil } }
                if !own.isEmpty && !shared { continue }
                for t in entries where t.path.count > c.path.count && starts(t.path, with: c.path) {
                    guard case .parameter(let name) = t.path[c.path.count] else { continue }
                    var params: [String: String] = [name: e.doc.list ? "$response.body#/items/0/id" : "$response.body#/id"]
                    for p in own { params[p] = "$request.path.\(p)" }
                    let target = operationID(t.method, t.path)
                    links[i, default: [:]][target] = ["operationId": target, "parameters": params]
                }
            }
        }
        return links
    }

    /// Every schema of every area, as written.
    static var allSchemas: [String: Any] {
        schemas.merging(PerformanceAPI.schemas) { a, _ in a }.merging(CasePages.openAPISchemas) { a, _ in a }
            .merging(EngineeringAPI.schemas) { a, _ in a }.merging(MeetingAPI.schemas) { a, _ in a }
            .merging(DashboardPages.schemas) { a, _ in a }
    }

    /// The request bodies' schemas as the document gives them and the server checks them (`BodySchema`): as written,
    /// then closed to what they do not name. No request schema is a response's too.
    static func requestSchemas(_ entries: [APIRegistry.Entry]) -> [String: Any] {
        let all = allSchemas
        var bodies: [String: Any] = [:]
        for name in Set(entries.compactMap(\.doc.request)) {
            bodies[name] = closed(all[name] as? [String: Any] ?? [:])
        }
        return bodies
    }

    /// The most a JSON client holds exactly in a number (2^53 − 1): an integer's bounds where its schema says none.
    static let largestInteger = 9_007_199_254_740_991

    /// A request schema closed where it says nothing narrower: an object takes only the fields it names; a text is at
    /// most `Guard.maximumText` characters, without NUL; an integer within ±`largestInteger`.
    static func closed(_ schema: [String: Any]) -> [String: Any] {
        var s = schema
        let types = (s["type"] as? [String]) ?? (s["type"] as? String).map { [$0] } ?? []
        if let properties = s["properties"] as? [String: Any] {
            s["properties"] = properties.mapValues { closed($0 as? [String: Any] ?? [:]) }
            if s["additionalProperties"] == nil { s["additionalProperties"] = false }
        }
        if let items = s["items"] as? [String: Any] { s["items"] = closed(items) }
        if types.contains("string") && s["enum"] == nil && s["format"] == nil {
            if s["maxLength"] == nil { s["maxLength"] = Guard.maximumText }
            if s["pattern"] == nil { s["pattern"] = BodySchema.noNULPattern }
        }
        if types.contains("integer") {
            if s["minimum"] == nil { s["minimum"] = -largestInteger }
            if s["maximum"] == nil { s["maximum"] = largestInteger }
        }
        return s
    }

    static func document(_ app: Application) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        let components = allSchemas.merging(requestSchemas(app.apiRegistry.entries)) { _, closed in closed }
        let links = links(app.apiRegistry.entries, schemas: components)
        for (i, e) in app.apiRegistry.entries.enumerated() {
            let path = templatePath(e.path)
            var op: [String: Any] = [
                "summary": e.doc.summary,
                "tags": [e.doc.tag],
                "operationId": operationID(e.method, e.path),
                "x-permission": e.permission.rawValue,
            ]
            if e.permission != .public { op["security"] = [["bearer": [String]()]] } else { op["security"] = [[String: [String]]]() }
            var params: [[String: Any]] = e.path.compactMap {
                if case .parameter(let name) = $0 {
                    return ["name": name, "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]
                }
                return nil
            }
            params += e.doc.parameters.map { ["name": $0.name, "in": "query", "required": $0.required, "schema": $0.schema] }
            if !params.isEmpty { op["parameters"] = params }
            if let r = e.doc.request {
                op["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(r)"]]]]
            }
            var responses: [String: Any] = [:]
            if let r = e.doc.response {
                let schema: [String: Any] =
                    e.doc.list
                    ? [
                        "type": "object", "required": ["items", "total"],
                        "properties": [
                            "items": ["type": "array", "items": ["$ref": "#/components/schemas/\(r)"]], "total": ["type": "integer"],
                        ],
                    ]
                    : ["$ref": "#/components/schemas/\(r)"]
                var ok: [String: Any] = ["description": "OK", "content": ["application/json": ["schema": schema]]]
                if let l = links[i] { ok["links"] = l }
                responses[String(e.doc.status)] = ok
            } else {
                responses[String(e.doc.status)] = ["description": "Done"]
            }
            for code in ["400", "401", "403", "404"] { responses[code] = ["$ref": "#/components/responses/Error"] }
            responses["409"] = ["$ref": "#/components/responses/Refused"]
            responses["422"] = ["$ref": "#/components/responses/Invalid"]
            op["responses"] = responses
            paths[path, default: [:]][e.method.rawValue.lowercased()] = op
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Yuanqu (园区) API", "version": "1",
                "description":
                    "JSON API of the zone management system. Sign in with POST /api/v1/sessions, then send Authorization: Bearer TOKEN.",
            ],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "responses": [
                    "Error": error("Error"),
                    "Invalid": error(
                        "The request does not follow this document (a field missing, unknown, of the wrong type, outside its values or bounds): every wrong field is named in error.fields"
                    ),
                    "Refused": error(
                        "The request follows this document but the zone's rules or records refuse it (an end date before the start, a record of another zone, a step out of order, a duplicate): every refused field is named in error.fields"
                    ),
                ],
                "schemas": components,
            ],
        ]
    }

    static func error(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
    }

    static func obj(_ props: [String: Any], required: [String] = [], description: String? = nil) -> [String: Any] {
        var o: [String: Any] = ["type": "object", "properties": props]
        if !required.isEmpty { o["required"] = required }
        if let description { o["description"] = description }
        return o
    }
    static var str: [String: Any] { ["type": "string"] }
    /// A text that may not be empty, of at most `most` characters.
    static func text(_ most: Int) -> [String: Any] { ["type": "string", "minLength": 1, "maxLength": most] }
    static func int(_ range: ClosedRange<Int>) -> [String: Any] {
        ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound]
    }
    /// A change's schema as a creation's: the fields a new record cannot do without, required.
    static func creating(_ change: [String: Any], required: [String]) -> [String: Any] {
        var schema = change
        schema["required"] = required
        return schema
    }
    static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    static var nullableUUID: [String: Any] { ["type": ["string", "null"], "format": "uuid"] }
    /// A record's id, or the empty text where that means none.
    static func uuidOrEmpty(_ description: String) -> [String: Any] {
        [
            "type": "string", "description": description,
            "pattern": "^([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})?$",
        ]
    }
    static func enumOf(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }
    static var bodyKind: [String: Any] { enumOf(BodyKind.allCases.map(\.rawValue)) }
    static var strings: [String: Any] { ["type": "array", "items": ["type": "string"]] }
    static var int: [String: Any] { ["type": "integer"] }
    static var num: [String: Any] { ["type": "number"] }
    static var date: [String: Any] { ["type": "string", "format": "date"] }
    static var nullableDate: [String: Any] { ["type": ["string", "null"], "format": "date"] }

    static var schemas: [String: Any] {
        let unitInput = obj([
            "body": bodyKind, "kind": enumOf(UnitKind.allCases.map(\.rawValue)), "name": text(60), "parentId": nullableUUID,
            "isMainBusiness": ["type": "boolean"], "duties": strings,
        ])
        let postInput = obj([
            "unitId": uuid, "title": text(60), "tier": enumOf(Tier.allCases.map(\.rawValue)), "headcount": int(1...999),
            "duties": strings, "requirements": str,
        ])
        let personInput = obj([
            "body": bodyKind, "unitId": uuidOrEmpty("empty: none"), "postId": uuidOrEmpty("empty: no post"), "name": text(40),
            "gender": enumOf(Gender.allCases.map(\.rawValue)),
            "birthDate": date, "phone": str,
            "residentId": ["type": "string", "minLength": 18, "maxLength": 18, "description": "18 characters, GB 11643 check digit"],
            "formerIdentity": [
                "type": "string", "enum": FormerIdentity.allCases.map(\.rawValue),
                "description": "Creation only: stored in the sealed record, never answered",
            ],
            "formerEmployer": str,
        ])
        let enterpriseInput = obj([
            "name": text(80), "creditCode": str,
            "industry": ["type": "string", "description": "One of the zone's industry codes (产业分类, set by the zone admin)"], "address": str,
            "contactName": str, "contactPhone": str, "stewardId": uuid, "expertId": uuid,
        ])
        return [
            "Error": obj(
                [
                    "error": obj(
                        [
                            "code": str, "message": str, "field": ["type": ["string", "null"]],
                            "fields": ["type": "array", "items": obj(["field": str, "message": str], required: ["field", "message"])],
                        ],
                        required: ["code", "message", "fields"]
                    )
                ],
                required: ["error"]
            ),
            "Credentials": obj(
                [
                    "username": str, "password": str,
                    "zone": [
                        "type": ["string", "null"],
                        "description":
                            "The zone's code (园区代码), e.g. pukou: needed only when the username is in several zones. Without it the name is the platform user's, else the one zone user's; a name in several zones without a code is refused as a wrong password is",
                    ],
                ],
                required: ["username", "password"]
            ),
            "CurrentSession": obj(
                [
                    "username": str, "displayName": str, "role": str, "zone": ["type": ["string", "null"]], "unitId": nullableUUID,
                    "personId": nullableUUID, "permissions": strings,
                ],
                required: ["username", "displayName", "role", "permissions"]
            ),
            "Token": obj(["token": str, "expiresAt": ["type": "string", "format": "date-time"]], required: ["token", "expiresAt"]),
            "Zone": obj(
                [
                    "id": uuid, "code": str, "name": str, "nameEn": str,
                    "bodies": [
                        "type": "array", "items": obj(["id": uuid, "kind": bodyKind, "name": str, "headcountCap": ["type": "integer"]]),
                    ],
                ],
                required: ["id", "code", "name", "bodies"]
            ),
            "Unit": obj(
                [
                    "id": uuid, "zone": str, "body": bodyKind, "kind": enumOf(UnitKind.allCases.map(\.rawValue)), "name": str,
                    "parentId": nullableUUID, "isMainBusiness": ["type": "boolean"], "duties": strings,
                ],
                required: ["id", "zone", "body", "kind", "name", "parentId", "isMainBusiness"]
            ),
            "UnitInput": unitInput,
            "NewUnitInput": creating(unitInput, required: ["body", "kind", "name"]),
            "Post": obj(
                [
                    "id": uuid, "zone": str, "body": bodyKind, "unitId": uuid, "title": str, "tier": enumOf(Tier.allCases.map(\.rawValue)),
                    "headcount": ["type": "integer"], "duties": strings, "requirements": str,
                ],
                required: ["id", "zone", "body", "unitId", "title", "tier", "headcount"]
            ),
            "PostInput": postInput,
            "NewPostInput": creating(postInput, required: ["unitId", "title", "tier", "headcount"]),
            "Person": obj(
                [
                    "id": uuid, "zone": str, "body": bodyKind, "unitId": nullableUUID, "postId": nullableUUID, "name": str,
                    "gender": enumOf(Gender.allCases.map(\.rawValue)), "birthDate": ["type": "string", "format": "date"], "phone": str,
                    "residentIdMasked": [
                        "type": "string", "description": "Area code and last four characters; the full number is never answered",
                    ],
                ],
                required: ["id", "zone", "body", "name"],
                description: "gender, birthDate and residentIdMasked are present only for a reader granted peoplePersonalRead on "
                    + "the person, phone for peopleContactRead (and on one's own record): see the README's role table"
            ),
            "PersonInput": personInput,
            "NewPersonInput": creating(personInput, required: ["name", "residentId"]),
            "Campaign": obj(
                [
                    "id": uuid, "zone": str, "body": bodyKind, "kind": enumOf(CampaignKind.allCases.map(\.rawValue)),
                    "title": str,
                    "stage": enumOf(CampaignStage.allCases.map(\.rawValue)),
                    "posts": [
                        "type": "array",
                        "items": obj([
                            "postId": uuid, "title": str, "places": int, "maxAge": ["type": ["integer", "null"]],
                            "minEducation": ["type": ["string", "null"]],
                        ]),
                    ],
                    "maxPreferences": int, "publicityDays": int, "publicityStart": nullableDate, "publicityEnds": nullableDate,
                    "openedOn": date,
                ],
                required: ["id", "zone", "body", "kind", "title", "stage", "posts"]
            ),
            "CampaignInput": obj(
                [
                    "kind": enumOf(CampaignKind.allCases.map(\.rawValue)), "title": text(80), "body": bodyKind,
                    "posts": [
                        "type": "array", "minItems": 1,
                        "items": obj(
                            [
                                "postId": uuid, "places": int(1...999), "maxAge": int(18...65),
                                "minEducation": enumOf(Education.allCases.map(\.rawValue)),
                            ],
                            required: ["postId"]
                        ),
                    ],
                    "allowedOrigins": [
                        "type": "array", "items": enumOf(Origin.allCases.map(\.rawValue)),
                    ],
                    "maxPreferences": int(1...99), "items": ["type": "array", "items": obj(["name": text(40), "weight": int(0...100)])],
                    "dropExtremesFrom": int(0...99), "writtenWeight": int(0...100),
                    "tieBreaks": ["type": "array", "items": enumOf(ScoringScheme.TieBreak.allCases.map(\.rawValue))],
                    "publicityDays": int(1...30),
                ],
                required: ["kind", "title", "body", "posts"]
            ),
            "StageInput": obj(
                [
                    "to": enumOf(["review", "interview", "ranking", "publicity", "appointment"]), "startDate": date, "termMonths": int,
                    "contractType": str, "contractMonths": int, "probationMonths": int, "payGrade": str,
                ],
                required: ["to"]
            ),
            "Candidate": obj(
                [
                    "id": uuid, "campaignId": uuid, "personId": nullableUUID, "name": str,
                    "gender": enumOf(Gender.allCases.map(\.rawValue)),
                    "nomination": enumOf(["self", "organisation", "publicRegistration"]), "registrationOrder": int,
                    "reviewStatus": enumOf(["pending", "passed", "failed"]), "reviewReason": str,
                    "postIds": ["type": "array", "items": uuid], "writtenScore": ["type": ["number", "null"]],
                ],
                required: ["id", "campaignId", "name", "nomination", "reviewStatus", "postIds"]
            ),
            "CandidateInput": obj(
                [
                    "personId": uuid, "name": str, "phone": str, "residentId": str,
                    "education": enumOf(Education.allCases.map(\.rawValue)),
                    "origin": [
                        "type": "string", "enum": ["districtAgency", "publicInstitution", "districtSOE", "public"],
                        "description": "Sealed once stored",
                    ],
                    "formerEmployer": str, "postIds": ["type": "array", "items": uuid],
                ],
                required: ["postIds"]
            ),
            "ReviewInput": obj(["passed": ["type": "boolean"], "reason": str], required: ["passed"]),
            "PanelInput": obj(["members": strings], required: ["members"]),
            "PanelMember": obj(
                ["id": uuid, "name": str, "order": int, "scoredCandidateIds": ["type": "array", "items": uuid]],
                required: ["id", "name", "order", "scoredCandidateIds"]
            ),
            "ScoreInput": obj(
                [
                    "candidateId": uuid, "panelMemberId": uuid,
                    "scores": ["type": "array", "items": ["type": "number", "minimum": 0, "maximum": 100]],
                    "written": ["type": "number", "minimum": 0, "maximum": 100],
                ],
                required: ["candidateId"]
            ),
            "Ranking": obj([
                "posts": [
                    "type": "array",
                    "items": obj([
                        "postId": uuid, "title": str, "places": int, "unscored": ["type": "array", "items": uuid],
                        "rows": [
                            "type": "array",
                            "items": obj([
                                "candidateId": uuid, "rank": int, "total": num, "interview": num, "written": ["type": ["number", "null"]],
                                "sheetTotals": ["type": "array", "items": num], "droppedHighest": ["type": ["number", "null"]],
                                "droppedLowest": ["type": ["number", "null"]], "decidedBy": ["type": ["string", "null"]],
                                "unresolvedTie": ["type": "boolean"],
                            ]),
                        ],
                    ]),
                ]
            ]),
            "TieDecisionInput": obj(
                ["candidateIds": ["type": "array", "items": uuid], "reason": str],
                required: ["candidateIds", "reason"]
            ),
            "PreferenceInput": obj(
                ["candidateId": uuid, "postIds": ["type": "array", "items": uuid]],
                required: ["candidateId", "postIds"]
            ),
            "UnitRankingInput": obj(
                ["postId": uuid, "candidateIds": ["type": "array", "items": uuid]],
                required: ["postId", "candidateIds"]
            ),
            "Matching": obj(
                [
                    "assignments": ["type": "array", "items": obj(["candidateId": uuid, "postId": uuid, "choice": int])],
                    "unmatched": [
                        "type": "array",
                        "items": obj([
                            "candidateId": uuid,
                            "refusals": [
                                "type": "array",
                                "items": obj([
                                    "postId": uuid, "reason": enumOf(["notRanked", "filledWithHigherRanked", "unknownPost"]),
                                    "candidateRank": ["type": ["integer", "null"]], "lowestHeldRank": ["type": ["integer", "null"]],
                                ]),
                            ],
                        ]),
                    ],
                    "unfilled": ["type": "array", "items": obj(["postId": uuid, "places": int, "filled": int, "open": int])],
                ],
                required: ["assignments", "unmatched", "unfilled"]
            ),
            "OverrideInput": obj(
                [
                    "candidateId": uuid,
                    "postId": uuidOrEmpty("empty or null: no post").merging(["type": ["string", "null"]]) { _, given in given },
                    "reason": str,
                ],
                required: ["candidateId", "reason"]
            ),
            "ObjectionInput": obj(["candidateId": uuid, "text": str], required: ["text"]),
            "ResolveInput": obj(["resolution": str], required: ["resolution"]),
            "Appointment": obj(
                [
                    "id": uuid, "personId": uuid, "postId": uuid, "startDate": date, "termMonths": int, "method": str,
                    "campaignId": nullableUUID,
                    "endDate": nullableDate, "endReason": ["type": ["string", "null"]],
                ],
                required: ["id", "personId", "postId", "startDate"]
            ),
            "Contract": obj(
                [
                    "id": uuid, "personId": uuid, "appointmentId": nullableUUID, "contractType": str, "startDate": date,
                    "endDate": nullableDate,
                    "probationMonths": int, "payGrade": str, "status": enumOf(AppointmentService.contractStatuses),
                    "statusReason": ["type": ["string", "null"]],
                ],
                required: ["id", "personId", "startDate", "status"],
                description: "contractType, probationMonths, payGrade and statusReason are present only for a reader granted "
                    + "contractTermsRead (and on one's own contracts)"
            ),
            "RenewInput": obj(["months": int, "reason": str, "payGrade": str], required: ["reason"]),
            "TerminateInput": obj(["date": date, "reason": str], required: ["reason"]),
            "Team": obj(
                [
                    "id": uuid, "zone": str, "name": str, "leaderId": nullableUUID, "memberIds": ["type": "array", "items": uuid],
                    "memberships": [
                        "type": "array",
                        "items": obj(
                            [
                                "id": uuid, "personId": uuid, "from": date, "campaignId": nullableUUID,
                                "reason": ["type": ["string", "null"]],
                            ],
                            required: ["id", "personId", "from"]
                        ),
                    ],
                ],
                required: ["id", "zone", "name", "memberIds", "memberships"]
            ),
            "InvestmentProject": obj(
                [
                    "id": uuid, "zone": str, "name": str, "investor": str, "industry": str, "region": str, "amountFen": int,
                    "signedAmountFen": ["type": ["integer", "null"]], "investedAmountFen": int, "teamId": nullableUUID,
                    "stage": enumOf(ProjectStage.allCases.map(\.rawValue)),
                    "isMajor": ["type": "boolean"], "signingDate": nullableDate, "agreementNumber": ["type": ["string", "null"]],
                    "creditCode": ["type": ["string", "null"]], "startDate": nullableDate, "operationDate": nullableDate,
                    "droppedReason": ["type": ["string", "null"]],
                ],
                required: ["id", "zone", "name", "stage", "amountFen", "isMajor"]
            ),
            "ProjectInput": obj(
                ["name": str, "investor": str, "industry": str, "region": str, "amountFen": int, "teamId": uuid],
                required: ["name", "investor", "industry"]
            ),
            "StageMoveInput": obj(
                [
                    "to": enumOf(["negotiation", "signed", "registered", "underConstruction", "inOperation", "dropped"]),
                    "signingDate": date,
                    "agreementNumber": str, "signedAmountFen": int, "creditCode": str, "startDate": date, "operationDate": date,
                    "reason": str,
                ],
                required: ["to"]
            ),
            "Leaderboard": obj([
                "period": str, "measure": enumOf(Leaderboard.Measure.allCases.map(\.rawValue)),
                "last": ["type": ["string", "null"]],
                "rows": [
                    "type": "array",
                    "items": obj([
                        "teamId": uuid, "team": str, "rank": int, "signedCount": int, "signedAmountFen": int,
                        "majorCount": int, "investedAmountFen": int, "target": ["type": "object"],
                        "attainmentBasisPoints": ["type": ["integer", "null"]], "gapToAbove": int,
                    ]),
                ],
            ]),
            "Totals": obj(
                ["majorSignedCount": int, "majorSignedAmountFen": int, "signedCount": int, "signedAmountFen": int],
                required: ["majorSignedCount", "majorSignedAmountFen", "signedCount", "signedAmountFen"]
            ),
            "Enterprise": obj(
                [
                    "id": uuid, "zone": str, "name": str,
                    "creditCode": ["type": ["string", "null"], "description": "18 characters, GB 32100 check character"],
                    "industry": str, "address": str, "contactName": str, "contactPhone": str, "stewardId": nullableUUID,
                    "expertId": nullableUUID,
                ],
                required: ["id", "zone", "name", "industry"]
            ),
            "EnterpriseInput": enterpriseInput,
            "NewEnterpriseInput": creating(enterpriseInput, required: ["name", "industry"]),
            "ServicePlatform": obj(
                ["id": uuid, "name": str, "kind": str, "contact": str],
                required: ["id", "name", "kind", "contact"]
            ),
            "ServiceRequest": obj(
                [
                    "id": uuid, "enterpriseId": uuid, "type": str, "title": str, "detail": str, "holderId": nullableUUID,
                    "unitId": nullableUUID,
                    "platformId": nullableUUID, "openedOn": date, "dueOn": date, "status": enumOf(EnterpriseService.requestStatuses),
                    "closedOn": nullableDate, "satisfaction": ["type": ["integer", "null"], "minimum": 1, "maximum": 5],
                    "overdue": ["type": "boolean"],
                ],
                required: ["id", "enterpriseId", "type", "title", "openedOn", "dueOn", "status", "overdue"]
            ),
            "ServiceRequestInput": obj(
                [
                    "enterpriseId": uuid, "type": ["type": "string", "description": "One of the zone's request types (its code or name)"],
                    "title": text(80), "detail": str, "unitId": uuid, "platformId": uuid,
                ],
                required: ["enterpriseId", "type", "title"]
            ),
            "StepInput": obj(["note": str], required: ["note"]),
            "CloseInput": obj(["satisfaction": ["type": "integer", "minimum": 1, "maximum": 5], "note": str], required: ["satisfaction"]),
            "MemberInput": obj(["personId": uuid, "from": date, "reason": str], required: ["personId", "reason"]),
            "EndMemberInput": obj(["to": date, "reason": str], required: ["reason"]),
            "TargetInput": obj(
                ["period": str, "signedCount": int, "signedAmountFen": int, "majorCount": int, "investedAmountFen": int],
                required: ["period"]
            ),
            "AuditEvent": obj(
                [
                    "seq": ["type": "integer"], "occurredAt": str, "actor": str, "zoneId": nullableUUID, "action": str, "entity": str,
                    "entityId": ["type": ["string", "null"]], "before": ["type": ["string", "null"]],
                    "after": ["type": ["string", "null"]],
                    "note": ["type": ["string", "null"]], "hash": str,
                ],
                required: ["seq", "occurredAt", "actor", "action", "entity", "hash"]
            ),
        ]
    }
}
