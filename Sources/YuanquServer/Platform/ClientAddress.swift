import NIOCore
import Vapor

/// Where a request came from. Behind nginx every request's direct peer is the proxy, so the rate limits would count
/// all clients as one: when the peer is one of `YUANQU_TRUSTED_PROXIES`, the client is what the proxy says it is.
enum ClientAddress {
    /// The client: the direct peer, unless the peer is a trusted proxy; then the last address of `X-Forwarded-For`
    /// that is not a trusted proxy (addresses to its left were written by the client and prove nothing), else
    /// `X-Real-IP`, else the peer. A forwarded value that is not an IP address is not taken.
    static func pick(peer: String?, forwardedFor: [String], realIP: String?, trusted: Set<String>) -> String {
        guard let peer else { return "unknown" }
        guard trusted.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if let client = hops.last(where: { !trusted.contains($0) }) {
            return looksLikeIP(client) ? client : peer
        }
        if let first = hops.first, looksLikeIP(first) { return first }
        if let real = realIP?.trimmingCharacters(in: .whitespaces), looksLikeIP(real) { return real }
        return peer
    }

    static func looksLikeIP(_ s: String) -> Bool {
        s.count <= 45 && (try? SocketAddress(ipAddress: s, port: 0)) != nil
    }
}

extension Request {
    /// The client's address, as `ClientAddress.pick` finds it.
    var clientAddress: String {
        ClientAddress.pick(
            peer: remoteAddress?.ipAddress,
            forwardedFor: headers[.xForwardedFor],
            realIP: headers.first(name: "X-Real-IP"),
            trusted: application.config.trustedProxies
        )
    }
}
