import Vapor

/// The two languages of every screen: Simplified Chinese by default, English on request.
public enum Lang: String, CaseIterable, Sendable {
    case zh, en

    /// Picks the text for this language.
    func t(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
    func t(_ text: Loc) -> String { self == .zh ? text.zh : text.en }

    var htmlCode: String { self == .zh ? "zh-CN" : "en" }
}

/// A text in both languages, resolved when the page or answer is made.
public struct Loc: Sendable, Equatable, ExpressibleByStringLiteral {
    public let zh: String
    public let en: String
    public init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }
    public init(stringLiteral value: String) {
        zh = value
        en = value
    }
}

extension Request {
    /// The language of this request: the remembered choice (cookie), else the user's, else Chinese.
    var lang: Lang {
        if let c = cookies["lang"]?.string, let l = Lang(rawValue: c) { return l }
        if url.path.hasPrefix(SiteURL.apiPrefix), let accept = headers.first(name: .acceptLanguage)?.lowercased() {
            return accept.hasPrefix("en") ? .en : .zh
        }
        if let l = actorIfAny?.language { return l }
        return .zh
    }
}
