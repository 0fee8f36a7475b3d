import Vapor

/// Configuration, read once at start-up from the environment.
public struct AppConfig: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: DatabaseChoice
    /// bcrypt cost; lower only in tests.
    public var bcryptCost: Int = 12
    /// How long a browser session or API token lives.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// Cookies carry `Secure` when the site is served over HTTPS (behind a proxy).
    public var secureCookies: Bool = false
    /// Largest upload accepted (imports).
    public var maxUploadBytes: Int = 8 * 1024 * 1024
    /// Addresses of the proxies in front (e.g. nginx on 127.0.0.1): from these alone `X-Forwarded-For` and
    /// `X-Real-IP` name the client. Empty: every request's client is its direct peer.
    public var trustedProxies: Set<String> = []
    /// The address the public reaches the site by (`https://yuanqu.example.gov.cn`, no trailing slash): the base of
    /// every absolute URI the site publishes (the OCDS package `uri`, a campaign's registration address). Nil: each
    /// request's own `Host` (see `PublicURL`).
    public var publicURL: String? = nil

    public init(database: DatabaseChoice) { self.database = database }

    /// Reads `DATABASE_URL`, `YUANQU_SQLITE`, `YUANQU_SECURE_COOKIES`, `YUANQU_SESSION_HOURS`, `YUANQU_TRUSTED_PROXIES`,
    /// `YUANQU_PUBLIC_URL`.
    /// A value that is set but unusable stops start-up with a list of what is wrong.
    public static func fromEnvironment() throws -> AppConfig {
        var problems: [String] = []
        var config: AppConfig
        if let url = Environment.get("DATABASE_URL"), !url.isEmpty {
            if !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
                problems.append("DATABASE_URL must start with postgres:// (got \(url.prefix(12))…)")
            }
            config = AppConfig(database: .postgres(url: url))
        } else {
            config = AppConfig(database: .sqlite(path: Environment.get("YUANQU_SQLITE") ?? "yuanqu.sqlite"))
        }
        if let s = Environment.get("YUANQU_SECURE_COOKIES") {
            if let b = ["1": true, "true": true, "0": false, "false": false][s.lowercased()] {
                config.secureCookies = b
            } else {
                problems.append("YUANQU_SECURE_COOKIES must be true or false")
            }
        }
        if let s = Environment.get("YUANQU_TRUSTED_PROXIES") {
            let list = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let bad = list.filter { !ClientAddress.looksLikeIP($0) }
            if bad.isEmpty {
                config.trustedProxies = Set(list)
            } else {
                problems.append("YUANQU_TRUSTED_PROXIES must list IP addresses, comma-separated (not \(bad.joined(separator: ", ")))")
            }
        }
        if let h = Environment.get("YUANQU_SESSION_HOURS") {
            if let n = Double(h), n > 0, n <= 24 * 30 {
                config.sessionLifetime = n * 3600
            } else {
                problems.append("YUANQU_SESSION_HOURS must be a number of hours between 0 and 720")
            }
        }
        if let s = Environment.get("YUANQU_PUBLIC_URL"), !s.isEmpty {
            if let url = PublicURL.normalised(s) {
                config.publicURL = url
            } else {
                problems.append("YUANQU_PUBLIC_URL must be an http:// or https:// address with a host and no query (got \(s.prefix(40)))")
            }
        }
        if !problems.isEmpty {
            throw ConfigError(problems: problems)
        }
        return config
    }
}

struct ConfigError: Error, CustomStringConvertible {
    let problems: [String]
    var description: String { "Configuration is not usable:\n" + problems.map { "  - " + $0 }.joined(separator: "\n") }
}

struct AppConfigKey: StorageKey { typealias Value = AppConfig }

extension Application {
    var config: AppConfig {
        get { storage[AppConfigKey.self]! }
        set { storage[AppConfigKey.self] = newValue }
    }
}
