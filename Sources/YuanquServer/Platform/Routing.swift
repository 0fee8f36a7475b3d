import NIOConcurrencyHelpers
import Vapor
import YuanquKit

struct PermissionKey: StorageKey { typealias Value = Permission }

/// How an `/api/v1` route is described in the OpenAPI document.
struct APIDoc: Sendable {
    var summary: String
    var tag: String
    var request: String? = nil  // schema name of the JSON body
    var response: String? = nil  // schema name of a 2xx body
    var list: Bool = false  // response is {"items":[response],"total":N}
    var status: Int = 200
    var query: [QueryParam] = []  // query parameters, checked before the handler

    /// Every query parameter the route takes: its own and, for a list, the paging.
    var parameters: [QueryParam] {
        let paging = list ? [QueryParam.limit, .offset].filter { p in !query.contains { $0.name == p.name } } : []
        return query + paging
    }
}

/// Every documented API route, filled as routes are registered (while `configure` runs) and read afterwards (the
/// OpenAPI document); the entries are kept under a lock, so the compiler checks that it is `Sendable`.
final class APIRegistry: Sendable {
    struct Entry: Sendable {
        let method: HTTPMethod
        let path: [PathComponent]
        let permission: Permission
        let doc: APIDoc
    }
    private let registered = NIOLockedValueBox<[Entry]>([])
    private let bodies = NIOLockedValueBox<[String: BodySchema]?>(nil)
    var entries: [Entry] { registered.withLockedValue { $0 } }
    func add(_ e: Entry) { registered.withLockedValue { $0.append(e) } }

    /// The request body schema of that name as the document gives it, read at the first request (every route is
    /// registered by then) and kept.
    func body(_ name: String) throws -> BodySchema {
        let read = try bodies.withLockedValue { read in
            if let read { return read }
            let components = OpenAPI.requestSchemas(entries)
            let schemas = try components.mapValues { try BodySchema($0 as? [String: Any] ?? [:], components: components) }
            read = schemas
            return schemas
        }
        guard let schema = read[name] else { throw BodySchema.Unread(description: "no request schema \(name)") }
        return schema
    }
}

struct APIRegistryKey: StorageKey { typealias Value = APIRegistry }

extension Application {
    var apiRegistry: APIRegistry {
        if let r = storage[APIRegistryKey.self] { return r }
        let r = APIRegistry()
        storage[APIRegistryKey.self] = r
        return r
    }
}

extension Route {
    /// The permission this route declared; a route without one is refused.
    var permission: Permission? { userInfo["permission"] as? Permission }
    /// The kind of record the route's `:id` names, checked against the actor's reach for the permission; nil: the
    /// route reaches the zone's records as a whole (its handler checks their zone).
    var reaches: Reached? { userInfo["reaches"] as? Reached }
}

extension RoutesBuilder {
    /// Registers a route with the permission it needs and the kind of record its `:id` names (`reaches`). The handler
    /// runs only for an actor that has the permission, on a record within its reach; a state-changing page request
    /// must also carry the session's CSRF token.
    @discardableResult
    func on(
        _ method: HTTPMethod,
        _ path: [PathComponent],
        permission: Permission,
        reaches: Reached? = nil,
        body: HTTPBodyStreamStrategy = .collect,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = self.on(method, path, body: body) { req async throws -> Response in
            try await Guard.check(req, permission: permission, method: method)
            if let reaches { try await Reaches.check(req, permission: permission, kind: reaches) }
            return try await handler(req)
        }
        route.userInfo["permission"] = permission
        route.userInfo["reaches"] = reaches
        // A CSV export has an Excel twin at the same path ending .xlsx, with the same permission.
        if method == .GET, case .constant(let last)? = path.last, last.hasSuffix(".csv") {
            let twin = Array(path.dropLast()) + [.constant(String(last.dropLast(4)) + ".xlsx")]
            let workbook = self.on(method, twin, body: body) { req async throws -> Response in
                try await Guard.check(req, permission: permission, method: method)
                return try XLSXExports.workbook(from: try await handler(req))
            }
            workbook.userInfo["permission"] = permission
        }
        return route
    }

    @discardableResult
    func get(
        _ path: PathComponent...,
        permission: Permission,
        reaches: Reached? = nil,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        on(.GET, path, permission: permission, reaches: reaches, use: handler)
    }

    @discardableResult
    func post(
        _ path: PathComponent...,
        permission: Permission,
        reaches: Reached? = nil,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        on(.POST, path, permission: permission, reaches: reaches, use: handler)
    }
}

extension Application {
    /// Registers a documented `/api/v1` route.
    func api(
        _ method: HTTPMethod,
        _ path: String,
        permission: Permission,
        reaches: Reached? = nil,
        doc: APIDoc,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) {
        let components = ("api/v1/" + path).pathComponents
        let parameters = doc.parameters
        let registry = apiRegistry
        routes.on(method, components, permission: permission, reaches: reaches) { req in
            try QueryParam.check(req, parameters)
            // The body is checked against its schema where the handler reads it (`decodeJSON`): after the handler has
            // found the records the path names, so a record out of reach answers 404 whatever the body.
            if let body = doc.request { req.storage[DocumentedBody.self] = try registry.body(body) }
            do {
                return try await handler(req)
            } catch let e as AppError
                where e.status == .unprocessableEntity && (doc.request == nil || req.storage[BodyFollowsDocument.self] == true)
            {
                // The request follows the document: what the handler refuses, the zone's rules or records refuse.
                throw e.refusedByRules
            }
        }
        apiRegistry.add(.init(method: method, path: components, permission: permission, doc: doc))
    }
}

enum Guard {
    static func check(_ req: Request, permission: Permission, method: HTTPMethod) async throws {
        if permission != .public {
            let actor = try req.actor()
            guard actor.can(permission) else { throw AppError.forbidden }
        }
        try checkText(req)
        // Pages sign in with a cookie, so every state-changing page request comes from the site itself (its Origin, or
        // else its Referer, names this host) and carries the CSRF token: the session's, or before signing in the
        // token of the pre-session cookie (`FormTokens`).
        if method != .GET && method != .HEAD && !req.url.path.hasPrefix(SiteURL.apiPrefix) {
            let refused = AppError(
                .forbidden,
                "csrf",
                Loc("表单已失效（安全校验未通过），请刷新页面后重试", "The form has expired (security check failed): reload the page and try again")
            )
            guard isSameSite(req) else { throw refused }
            let sent = (try? req.content.get(String.self, at: "_csrf")) ?? req.headers.first(name: "X-CSRF-Token") ?? ""
            let expected: String
            if let s = req.session {
                expected = s.csrfToken
            } else if let preSession = req.cookies[SessionCookie.loginCSRF]?.string, !preSession.isEmpty {
                expected = try await FormTokens.token(for: preSession, app: req.application)
            } else {
                expected = ""
            }
            guard !expected.isEmpty, constantTimeEqual(sent, expected) else { throw refused }
        }
    }

    /// Whether a request comes from a page of this site: the host its `Origin` names — or, without one, its `Referer`
    /// — is the request's `Host` (and so is the port, when `Host` names one: a proxy forwarding `$host` drops it). A
    /// request with neither header (an old client, a privacy setting) passes: the CSRF token still guards it.
    /// `Origin: null` (an opaque origin) does not.
    static func isSameSite(_ req: Request) -> Bool {
        guard let source = req.headers.first(name: .origin) ?? req.headers.first(name: .referer) else { return true }
        guard let host = req.headers.first(name: .host).flatMap({ URLComponents(string: "//" + $0) }), let hostName = host.host,
            let url = URLComponents(string: source), let sourceHost = url.host
        else {
            return false
        }
        return sourceHost.lowercased() == hostName.lowercased() && (host.port == nil || host.port == url.port)
    }
}

extension Guard {
    /// The most characters one text field of a form or a JSON body may hold, where its service declares no smaller
    /// maximum (the longest a service declares is 2,000).
    static let maximumText = 10_000

    /// Refuses, naming the field, a query parameter, form field or JSON string that holds a NUL character (no
    /// database keeps one in text) or more than `maximumText` characters — before any handler reads it.
    static func checkText(_ req: Request) throws {
        func refuse(_ field: String, nul: Bool) -> AppError {
            nul
                ? AppError.invalid(field, Loc("“\(field)”含有空字符（NUL），无法保存", "“\(field)” contains a NUL character, which cannot be stored"))
                : AppError.invalid(
                    field,
                    Loc("“\(field)”不能超过 \(maximumText) 字", "“\(field)” may not exceed \(maximumText) characters")
                )
        }
        func check(_ field: String, _ value: String) throws {
            if value.utf8.contains(0) { throw refuse(field, nul: true) }
            if value.utf8.count > maximumText && value.count > maximumText { throw refuse(field, nul: false) }
        }
        func pairs(_ encoded: Substring) -> [(String, String)] {
            encoded.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                    let spaced = $0.replacingOccurrences(of: "+", with: " ")
                    return spaced.removingPercentEncoding ?? spaced
                }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
        }
        if let query = req.url.query, query.contains("%00") {
            for (name, value) in pairs(Substring(query)) where value.utf8.contains(0) { throw refuse(name, nul: true) }
        }
        guard let body = req.body.data, body.readableBytes > 0, let type = req.headers.contentType else { return }
        if type == .urlEncodedForm, let text = body.getString(at: body.readerIndex, length: body.readableBytes) {
            for (name, value) in pairs(Substring(text)) { try check(name, value) }
        } else if type == .json, let value = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: .fragmentsAllowed) {
            func walk(_ value: Any, _ path: [String]) throws {
                switch value {
                case let s as String: try check(path.joined(separator: "."), s)
                case let a as [Any]: for (i, v) in a.enumerated() { try walk(v, path + [String(i)]) }
                case let o as [String: Any]: for (k, v) in o { try walk(v, path + [k]) }
                default: break
                }
            }
            try walk(value, [])
        }
    }
}

/// Answers JSON with camelCase keys and ISO 8601 dates.
func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) throws -> Response {
    json(data: try jsonData(value), status: status)
}

func json(data: Data, status: HTTPResponseStatus = .ok) -> Response {
    let res = Response(status: status)
    res.headers.contentType = .json
    res.body = .init(data: data)
    return res
}

func jsonData<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
}

extension Request {
    /// A JSON answer from the read cache, kept as its encoded bytes (`ReadCache.answer`: until a write changes its
    /// zone's records); `key` names it with everything it depends on besides the records.
    func cachedJSON<T: Encodable & Sendable>(_ key: String, zone: UUID?, _ compute: @escaping @Sendable () async throws -> T)
        async throws -> Response
    {
        json(data: try await application.readCache.answer("json|" + key, zone: zone) { try jsonData(try await compute()) })
    }
}

struct ListAnswer<T: Encodable>: Encodable {
    let items: [T]
    let total: Int
}

extension ListAnswer: Sendable where T: Sendable {}

/// The schema of an API route's body, for `decodeJSON` to check it against.
struct DocumentedBody: StorageKey { typealias Value = BodySchema }
/// Set once the body has been found to follow its schema.
struct BodyFollowsDocument: StorageKey { typealias Value = Bool }

/// Decodes a JSON body, checked first against the route's documented schema (422 naming every field the document
/// refuses), turning a decoding failure into a 400 that names the field.
func decodeJSON<T: Decodable>(_ req: Request, as type: T.Type) throws -> T {
    guard let buffer = req.body.data, buffer.readableBytes > 0 else {
        throw AppError.badRequest(Loc("请求体为空，需要 JSON", "The request body is empty: JSON expected"))
    }
    if let schema = req.storage[DocumentedBody.self] {
        try schema.check(req)
        req.storage[BodyFollowsDocument.self] = true
    }
    do {
        return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
    } catch let e as DecodingError {
        let field = e.fieldPath
        let what: Loc
        switch e {
        case .keyNotFound: what = Loc("缺少字段", "Missing field")
        case .typeMismatch, .valueNotFound: what = Loc("字段类型不对", "Wrong type for field")
        default: what = Loc("JSON 格式有误", "Malformed JSON")
        }
        throw AppError(
            .badRequest,
            "badRequest",
            Loc(what.zh + (field.map { "：\($0)" } ?? ""), what.en + (field.map { ": \($0)" } ?? "")),
            field: field
        )
    }
}

/// Limit and offset of an API list, checked.
struct Paging {
    let limit: Int
    let offset: Int
    init(_ req: Request, defaultLimit: Int = 50) throws {
        let l = req.queryValue("limit")
        let o = req.queryValue("offset")
        guard let lim = l.map(Int.init) ?? defaultLimit, (1...500).contains(lim) else {
            throw AppError.invalid("limit", Loc("limit 须为 1–500 的整数", "limit must be an integer from 1 to 500"))
        }
        guard let off = o.map(Int.init) ?? 0, off >= 0, off <= 100_000_000 else {
            throw AppError.invalid("offset", Loc("offset 须为 0–100000000 的整数", "offset must be an integer from 0 to 100000000"))
        }
        limit = lim
        offset = off
    }
}

struct QueryValuesKey: StorageKey { typealias Value = [String: String] }

extension Request {
    /// A value of the URL's query (the first, if the name repeats; `+` read as a space), the query parsed once a
    /// request: a list reads a dozen of them.
    func queryValue(_ name: String) -> String? {
        if let known = storage[QueryValuesKey.self] { return known[name] }
        func decoded(_ part: Substring) -> String {
            let spaced = part.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        var values: [String: String] = [:]
        for pair in (url.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decoded(parts[0])
            if values[key] == nil { values[key] = parts.count > 1 ? decoded(parts[1]) : "" }
        }
        storage[QueryValuesKey.self] = values
        return values[name]
    }

    /// A UUID path parameter, or 404.
    func uuid(_ name: String = "id") throws -> UUID {
        guard let s = parameters.get(name), let id = UUID(uuidString: s) else { throw AppError.notFound }
        return id
    }
}
