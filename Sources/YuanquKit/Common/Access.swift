import Foundation

/// What a route or an action needs. Every route names one; anything without one is denied.
public enum Permission: String, CaseIterable, Codable, Sendable {
    /// Anyone, signed in or not (the login page, health check, public documents).
    case `public`
    /// Any signed-in user (home page, own password, language).
    case signedIn
    case zonesRead, zonesManage
    case orgRead, orgWrite
    case peopleRead, peopleWrite
    case sealedOpen
    case importData
    case auditRead
    case settingsWrite
    case usersManage
    case sessionsManage
    /// See the campaign board and a campaign's posts and stage.
    case campaignsRead
    /// See candidates, scores and rankings of campaigns.
    case candidatesRead
    /// Open and run campaigns: review, scores, matching, publicity, appointment.
    case campaignsManage
    /// Nominate a candidate (组织选任).
    case nominate
    /// Enter oneself as a candidate (个人自荐).
    case selfNominate
    /// Read appointments and contracts (within the data scope).
    case appointmentsRead
    /// Renew or terminate contracts.
    case contractsManage
    /// See the investment pipeline, teams, leaderboard and totals.
    case investmentRead
    /// Log projects and move them through their stages.
    case investmentWrite
    /// Set investment teams' targets and correct their membership by hand: the investment centre's head (for the teams
    /// under the centre: own unit and below), leaders and the zone admin — not the teams' members.
    case teamsManage
    /// See assessment schemes, cycles, results, pay sheets, flags and cases of the zone.
    case assessmentRead
    /// Draft schemes, run cycles (values, compute, notice, objections), record cases and claims.
    case assessmentManage
    /// Publish schemes, decide quota ties, flags and fault-tolerance claims (leaders).
    case assessmentDecide
    /// Rate those one is asked to rate in a cycle (one's own ratings only).
    case rate
    /// See programmes, construction projects, tenders, audit firms, payments and meetings.
    case engineeringRead
    /// Run programmes and projects: holders, milestones, progress, tenders, meetings and action items.
    case engineeringWrite
    /// Cost work: cost stages, the audit-firm registry and assignments, progress payments.
    case costWrite
    /// Act for a responsibility one holds on a project (propose, review or price a design change); the service
    /// checks the holding.
    case holderAct
    /// Approve cost stages and overruns, non-public procurement and design changes (leaders).
    case engineeringDecide
    /// See a zone's leaders' dashboard (领导驾驶舱); each section also needs its area's read permission.
    case dashboardRead
    /// Compare the platform's zones (争先进位): platform users.
    case zonesCompare
}

/// Which records a role may see (数据权限).
public enum DataScope: String, CaseIterable, Codable, Sendable {
    case all, unitAndBelow, unit, own
}

public enum Role: String, CaseIterable, Codable, Sendable {
    case platformAdmin = "platform-admin"
    case zoneAdmin = "zone-admin"
    case leader
    case hr
    case unitHead = "unit-head"
    case staff
    case auditor
    /// 工程管理人员 (e.g. the development company's 工程管理部).
    case engineer
    /// 造价人员 (e.g. the development company's 造价合约部).
    case costStaff = "cost-staff"

    /// A platform role belongs to no zone and reads every zone.
    public var isPlatform: Bool { self == .platformAdmin }

    public var scope: DataScope {
        switch self {
        case .platformAdmin, .zoneAdmin, .leader, .hr, .auditor: return .all
        case .unitHead: return .unitAndBelow
        // Engineering and cost staff need the holders' names and units (on the projects), not HR records: of people,
        // contracts and appointments they see their own, as staff do (PIPL: personal information limited to the purpose).
        case .staff, .engineer, .costStaff: return .own
        }
    }

    public var permissions: Set<Permission> { Self.granted[self] ?? [] }

    /// Each role's permissions, worked out once: every request asks, and the menu asks for each of its entries.
    static let granted = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.declaredPermissions) })

    var declaredPermissions: Set<Permission> {
        let base: Set<Permission> = [.public, .signedIn, .zonesRead, .orgRead, .investmentRead, .engineeringRead]
        switch self {
        case .platformAdmin:
            // Reads every zone, creates zones and their admins; changes no zone's records.
            return base.union([
                .peopleRead, .auditRead, .zonesManage, .usersManage, .sessionsManage, .campaignsRead, .candidatesRead, .appointmentsRead,
                .assessmentRead, .dashboardRead, .zonesCompare,
            ])
        case .zoneAdmin:
            return Set(Permission.allCases).subtracting([.zonesManage, .selfNominate, .zonesCompare])
        case .leader:
            return base.union([
                .peopleRead, .campaignsRead, .candidatesRead, .nominate, .appointmentsRead, .assessmentRead, .assessmentDecide, .rate,
                .engineeringDecide, .dashboardRead, .teamsManage,
            ])
        case .hr:
            return base.union([
                .peopleRead, .peopleWrite, .orgWrite, .sealedOpen, .importData, .campaignsRead, .candidatesRead,
                .campaignsManage, .nominate, .appointmentsRead, .contractsManage, .assessmentRead, .assessmentManage, .rate,
            ])
        case .unitHead:
            return base.union([
                // Unit heads rate and see their own people's results on their records (their data scope), not the
                // whole zone's results and pay.
                .peopleRead, .campaignsRead, .candidatesRead, .nominate, .selfNominate, .appointmentsRead, .investmentWrite, .rate,
                .holderAct, .teamsManage,
            ])
        case .staff:
            return base.union([.peopleRead, .campaignsRead, .selfNominate, .appointmentsRead, .investmentWrite, .rate, .holderAct])
        case .auditor:
            return base.union([
                .peopleRead, .auditRead, .campaignsRead, .candidatesRead, .appointmentsRead, .assessmentRead, .dashboardRead,
            ])
        case .engineer:
            return base.union([.peopleRead, .campaignsRead, .selfNominate, .appointmentsRead, .rate, .engineeringWrite, .holderAct])
        case .costStaff:
            return base.union([.peopleRead, .campaignsRead, .selfNominate, .appointmentsRead, .rate, .costWrite, .holderAct])
        }
    }

    public func can(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

public enum UnitScope {
    /// The units a scope lets a user see, given the user's own unit and the zone's unit tree
    /// (child → parent). Nil means every unit. `own` sees no unit's people but the user's own record.
    public static func visibleUnits(scope: DataScope, userUnit: String?, parents: [String: String?]) -> Set<String>? {
        switch scope {
        case .all: return nil
        case .own: return []
        case .unit: return userUnit.map { [$0] } ?? []
        case .unitAndBelow:
            guard let root = userUnit else { return [] }
            var result: Set<String> = [root]
            var changed = true
            while changed {
                changed = false
                for (child, parent) in parents where !result.contains(child) {
                    if let p = parent, result.contains(p) {
                        result.insert(child)
                        changed = true
                    }
                }
            }
            return result
        }
    }
}

/// Five failed logins lock an account for fifteen minutes.
/// How failed sign-ins slow the next try (OWASP ASVS 2.2.1): counted per account name from one client and per client
/// over every name, known names and unknown ones alike, in a window; past the free failures each further one doubles
/// the wait after the last, up to a ceiling. No one is locked out for good, and nobody elsewhere can hold an account's
/// sign-in: a name is slowed only for the client that failed it (and a client spraying many names, for all of them).
public struct SignInThrottle: Sendable, Equatable {
    /// Failures allowed before a wait.
    public let freeFailures: Int
    /// The wait after the first failure past the free ones; each further failure doubles it.
    public let firstDelay: TimeInterval
    public let maxDelay: TimeInterval
    /// Failures older than this are forgotten.
    public let window: TimeInterval

    public init(freeFailures: Int, firstDelay: TimeInterval = 30, maxDelay: TimeInterval = 15 * 60, window: TimeInterval = 15 * 60) {
        self.freeFailures = freeFailures
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
        self.window = window
    }

    /// Five failures for one name from one client; twenty from one client over all names.
    public static let perName = SignInThrottle(freeFailures: 5)
    public static let perClient = SignInThrottle(freeFailures: 20)

    /// The wait after `failures` failures in the window (0 while they are fewer than the free ones; the failure that
    /// reaches them already waits `firstDelay`).
    public func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures >= freeFailures else { return 0 }
        let doublings = min(failures - freeFailures, 30)
        return min(maxDelay, firstDelay * Double(1 << doublings))
    }

    /// How long the next try must still wait, given the failures in the window and the last one's time; 0: it may go.
    /// A last failure stamped a moment after `now` (another process's try, begun later, answered first) counts as now.
    public func wait(failures: Int, lastFailure: Date?, now: Date) -> TimeInterval {
        let delay = delay(afterFailures: failures)
        guard let last = lastFailure, delay > 0 else { return 0 }
        return max(0, delay - max(0, now.timeIntervalSince(last)))
    }
}

/// The rule for a new password (OWASP ASVS 2.1): at least 12 characters, up to 72 bytes (bcrypt reads no further, so a
/// longer one is refused rather than cut: 72 letters or digits, 24 Chinese characters), no rule on which kinds of
/// characters; refused when it is a common breached password (`common`, shipped with the binary), holds the account's
/// username, or is the published demo password.
public enum PasswordPolicy {
    public enum Problem: Error, Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximumBytes: Int)
        /// A password printed in the README and on the demo's start (ASVS 2.1.7: no password known to others).
        case published
        /// One of the common breached passwords.
        case common
        /// The username (of three or more characters) stands in it, in any letter case.
        case containsUsername
    }
    public static let minimumLength = 12
    public static let maximumBytes = 72
    /// Passwords anyone can read: the demo's. No account may take one, except the demo's own accounts
    /// (`allowPublished`), which a production server refuses to start with.
    public static let published: Set<String> = ["yuanqu2020"]

    public static func check(_ password: String, username: String? = nil, allowPublished: Bool = false) throws(Problem) {
        let lower = password.lowercased()
        if published.contains(lower) {
            if allowPublished { return }
            throw .published
        }
        if password.count < minimumLength { throw .tooShort(minimum: minimumLength) }
        if password.utf8.count > maximumBytes { throw .tooLong(maximumBytes: maximumBytes) }
        if common.contains(Substring(lower)) { throw .common }
        if let name = username?.lowercased(), name.count >= 3, lower.contains(name) { throw .containsUsername }
    }
}
