import Foundation
import Vapor

/// The absolute address the public reaches the site by, for what the site publishes with absolute URIs (the OCDS
/// release package's `uri`, its publisher's `uri`, a campaign's registration address).
///
/// `YUANQU_PUBLIC_URL` when it is set. Otherwise the request's own `Host` header, with `https://` when
/// `YUANQU_SECURE_COOKIES` is true and `http://` when not; a request with no usable `Host` (none, or one with other
/// characters than a host name, an IP address and a port) gets `http://localhost`. Set `YUANQU_PUBLIC_URL` in
/// production: a `Host` header is whatever the client sent.
enum PublicURL {
    /// The site's base address, without a trailing slash.
    static func base(_ req: Request) -> String {
        if let configured = req.application.config.publicURL { return configured }
        let scheme = req.application.config.secureCookies ? "https://" : "http://"
        guard let host = req.headers.first(name: .host), isHost(host) else { return "http://localhost" }
        return scheme + host
    }

    /// `path` (starting with `/`, with its query if any) as an absolute URI on the site.
    static func absolute(_ path: String, _ req: Request) -> String { base(req) + path }

    /// A configured address as the base: `http://` or `https://`, a host, an optional port and path, no query, no
    /// fragment, no user; the trailing slash dropped. Nil when it is not one.
    static func normalised(_ raw: String) -> String? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        guard let c = URLComponents(string: s), let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = c.host, !host.isEmpty, c.query == nil, c.fragment == nil, c.user == nil, c.password == nil
        else { return nil }
        var out = s
        while out.hasSuffix("/") { out.removeLast() }
        return out
    }

    /// A `Host` header that is a host name or IP address with an optional port, and nothing else.
    static func isHost(_ value: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        return !value.isEmpty && value.count <= 255 && value.allSatisfy { allowed.contains($0) } && value.first != ":"
    }
}
