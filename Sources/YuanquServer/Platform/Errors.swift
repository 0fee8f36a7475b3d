import Vapor

/// An error a user sees: a status, a stable code for programs, a message in both languages,
/// and the field it is about when there is one.
public struct AppError: Error, AbortError, Sendable {
    public let status: HTTPResponseStatus
    public let code: String
    public let message: Loc
    public let field: String?
    /// All field errors when a form had several.
    public var fieldErrors: [String: Loc] = [:]
    /// The fields in the order their errors were found.
    public var fieldOrder: [String] = []

    public init(_ status: HTTPResponseStatus, _ code: String, _ message: Loc, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        if let f = field { fieldErrors[f] = message }
    }

    public var reason: String { message.zh }

    /// Every field that is wrong, in the order found: all of a form's, or the one this error is about.
    var fieldList: [(field: String, message: Loc)] {
        if !fieldOrder.isEmpty { return fieldOrder.compactMap { f in fieldErrors[f].map { (f, $0) } } }
        return field.map { [($0, message)] } ?? []
    }

    /// The same refusal answered 409: on the API, a request that follows the document and is refused by the zone's
    /// rules (an end before its start) or records (a person of another zone, a step out of order). 422 is kept for a
    /// request the document refuses, so a client tells its own mistakes from the zone's answers.
    var refusedByRules: AppError {
        var e = AppError(.conflict, code, message, field: field)
        e.fieldErrors = fieldErrors
        e.fieldOrder = fieldOrder
        return e
    }

    static func invalid(_ field: String, _ message: Loc) -> AppError { AppError(.unprocessableEntity, "invalid", message, field: field) }
    static func required(_ field: String, _ label: Loc) -> AppError {
        AppError(.unprocessableEntity, "required", Loc("请填写\(label.zh)", "\(label.en) is required"), field: field)
    }
    static var notFound: AppError { AppError(.notFound, "notFound", Loc("找不到该记录", "No such record")) }
    static var unauthorized: AppError { AppError(.unauthorized, "unauthorized", Loc("请先登录", "Please sign in")) }
    static var forbidden: AppError { AppError(.forbidden, "forbidden", Loc("您没有此项权限", "You do not have permission for this")) }
    static func conflict(_ message: Loc, field: String? = nil) -> AppError { AppError(.conflict, "conflict", message, field: field) }
    static func badRequest(_ message: Loc, field: String? = nil) -> AppError { AppError(.badRequest, "badRequest", message, field: field) }
}

/// Collects every field error of a form before answering, so the user sees them all at once.
struct Validation {
    var errors: [String: Loc] = [:]
    var order: [String] = []

    mutating func add(_ field: String, _ message: Loc) {
        if errors[field] == nil {
            order.append(field)
            errors[field] = message
        }
    }

    func check() throws {
        guard let first = order.first else { return }
        var e = AppError.invalid(first, errors[first]!)
        e.fieldErrors = errors
        e.fieldOrder = order
        throw e
    }
}

/// Answers errors by audience: `/api` gets JSON, pages get an HTML page that keeps the real status.
struct ErrorResponder: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let e as AbortError where e.status == .notFound && request.route == nil {
            // No route matched: a path served by other methods answers 405 naming them (RFC 9110 15.5.6).
            let allowed = Self.methods(serving: request.url.path, in: request.application.routes)
            guard !allowed.isEmpty else { return Self.response(for: e, request: request) }
            let refusal = AppError(
                .methodNotAllowed,
                "methodNotAllowed",
                Loc("该地址不接受 \(request.method.rawValue) 请求", "This address does not take \(request.method.rawValue)")
            )
            let res = Self.response(for: refusal, request: request)
            res.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
            return res
        } catch {
            return Self.response(for: error, request: request)
        }
    }

    /// The methods the routes serve at a path, sorted (none: no route has the path).
    static func methods(serving path: String, in routes: Routes) -> [String] {
        let segments = path.split(separator: "/").map(String.init)
        func matches(_ pattern: [PathComponent]) -> Bool {
            for (i, component) in pattern.enumerated() {
                switch component {
                case .catchall: return true
                case .constant(let c): if i >= segments.count || segments[i] != c { return false }
                case .parameter, .anything: if i >= segments.count { return false }
                }
            }
            return pattern.count == segments.count
        }
        return Set(routes.all.filter { matches($0.path) }.map(\.method.rawValue)).sorted()
    }

    static func appError(from error: Error) -> AppError {
        switch error {
        case let e as AppError: return e
        case let e as DecodingError:
            let field = e.fieldPath
            return AppError(
                .badRequest,
                "badRequest",
                Loc("请求格式有误" + (field.map { "：\($0)" } ?? ""), "Malformed request" + (field.map { ": \($0)" } ?? "")),
                field: field
            )
        case let e as AbortError:
            let status = e.status
            switch status {
            case .notFound: return .notFound
            case .unauthorized: return .unauthorized
            case .forbidden: return .forbidden
            case .payloadTooLarge: return AppError(status, "tooLarge", Loc("上传内容过大", "The upload is too large"))
            default: return AppError(status, status.code < 500 ? "badRequest" : "internal", Loc(e.reason, e.reason))
            }
        default:
            // A database constraint that a check upstream missed: the change was refused as a whole.
            let text = String(reflecting: error)
            if text.contains("constraint") || text.contains("23503") || text.contains("23505") {
                return AppError(
                    .conflict,
                    "conflict",
                    Loc("该记录与其他记录关联或重复，操作未完成，未写入任何数据", "The record is linked to others or duplicates one: nothing was saved")
                )
            }
            return AppError(.internalServerError, "internal", Loc("服务器内部错误，操作未完成，未写入任何数据", "Internal error: nothing was saved"))
        }
    }

    static func response(for error: Error, request: Request) -> Response {
        let e = appError(from: error)
        if e.status == .internalServerError { request.logger.report(error: error) }
        let lang = request.lang
        if request.url.path.hasPrefix(SiteURL.apiPrefix) {
            struct Body: Content { let error: Inner }
            struct Inner: Content {
                let code: String
                let message: String
                let field: String?
                let fields: [FieldError]
            }
            struct FieldError: Content {
                let field: String
                let message: String
            }
            let fields = e.fieldList.map { FieldError(field: $0.field, message: lang.t($0.message)) }
            let res = Response(status: e.status)
            try? res.content.encode(Body(error: Inner(code: e.code, message: lang.t(e.message), field: e.field, fields: fields)), as: .json)
            return res
        }
        if e.status == .unauthorized {
            let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.redirect(to: .login(next: next))
        }
        let page = Layout.render(request: request, title: lang.t(Loc("出错了", "Error")), body: ErrorView.body(e, lang: lang))
        page.status = e.status
        return page
    }
}

extension DecodingError {
    var fieldPath: String? {
        let path: [CodingKey]
        switch self {
        case .keyNotFound(let key, let ctx): path = ctx.codingPath + [key]
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx): path = ctx.codingPath
        @unknown default: return nil
        }
        let s = path.map(\.stringValue).joined(separator: ".")
        return s.isEmpty ? nil : s
    }
}
