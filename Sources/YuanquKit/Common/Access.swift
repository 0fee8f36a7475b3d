import Foundation

/// What a route or an action needs. Every route names one; anything without one is denied.
public enum Permission: String, CaseIterable, Codable, Sendable {
    /// Anyone, signed in or not (the login page, health check, public documents).
    case `public`
    /// Any signed-in user (home page, own password, language).
    case signedIn
    case zonesRead, zonesManage
    case orgRead, orgWrite
    /// Read people's records: who they are and where they work (name, body, unit, post).
    case peopleRead
    /// Read people's work phone numbers (with `peopleRead`, within its reach).
    case peopleContactRead
    /// Read people's personal details: gender, birth date, the masked resident ID number.
    case peoplePersonalRead
    case peopleWrite
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
    /// Read appointments and contracts: who holds which post, from when, under which contract until when.
    case appointmentsRead
    /// Read contracts' terms: the contract type, pay grade, probation and the reason of a status.
    case contractTermsRead
    /// Renew or terminate contracts.
    case contractsManage
    /// See the investment pipeline, teams, leaderboard and totals.
    case investmentRead
    /// Log projects and move them through their stages (a team member: their own team's).
    case investmentWrite
    /// Add enterprises and change them: steward, expert, contacts (a steward: the enterprises they steward).
    case enterprisesWrite
    /// Log an enterprise's service request, record its steps and close it (its holder, or the holder's unit head).
    case serviceAct
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

/// How far a grant reaches among the zone's records (所及范围): the condition a role's permission carries. A user's own
/// records (their person record, contracts and appointments, a request they hold, an enterprise they steward) are always
/// within reach of a permission they hold.
public enum Reach: String, CaseIterable, Codable, Sendable {
    /// Every record of the zone (for a platform role, of every zone, to read).
    case zone
    /// Records of the user's unit and of the units below it: its people, a team under it, a request or an enterprise
    /// held by someone who works in it.
    case ownUnit
    /// Records of a team the user belongs to: its projects.
    case ownTeam
    /// The user's own records only.
    case own

    /// Whether a record with these owners is within this reach of a user standing where `standing` says.
    public func allows(_ owners: RecordOwners, for standing: Standing) -> Bool {
        if let person = standing.person, owners.people.contains(person) { return true }
        switch self {
        case .zone: return true
        case .ownUnit: return !owners.units.isDisjoint(with: standing.units)
        case .ownTeam: return owners.teams.contains { standing.teams.contains($0) }
        case .own: return false
        }
    }
}

/// What reach asks of a record: the people it belongs to (the person itself, a request's holder, an enterprise's
/// steward), the units it belongs to (theirs, a team's) and the teams (a project's).
public struct RecordOwners: Sendable, Equatable {
    public var people: Set<UUID>
    public var units: Set<UUID>
    public var teams: Set<UUID>

    public init(people: Set<UUID> = [], units: Set<UUID> = [], teams: Set<UUID> = []) {
        self.people = people
        self.units = units
        self.teams = teams
    }
}

/// Where a user stands in the zone: their person record, their unit and the units below it, the teams they belong to.
public struct Standing: Sendable, Equatable {
    public var person: UUID?
    public var units: Set<UUID>
    public var teams: Set<UUID>

    public init(person: UUID?, units: Set<UUID> = [], teams: Set<UUID> = []) {
        self.person = person
        self.units = units
        self.teams = teams
    }
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

    /// How far the role reads people's records, contracts and appointments (数据权限).
    public var scope: Reach { reach(.peopleRead) ?? .own }

    public var permissions: Set<Permission> { Set(grants.keys) }

    /// The role's permissions, each with its reach: a row of `AccessTable`.
    public var grants: [Permission: Reach] { AccessTable.grants[self] ?? [:] }

    /// How far the role's permission reaches; nil without the permission.
    public func reach(_ permission: Permission) -> Reach? { grants[permission] }

    public func can(_ permission: Permission) -> Bool { grants[permission] != nil }
}

/// The one table of roles × permissions × reach (角色权限表). Routes declare a permission and the records they reach;
/// the services and the record checks ask this table; the README's role table is printed from it (`yuanqu roles`); the
/// route matrix tests run every route against it.
public enum AccessTable {
    public static let grants: [Role: [Permission: Reach]] = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, row($0)) })

    /// What every role reads: the zones' names, the organisation, the investment pipeline, the engineering registers.
    static let base: [Permission] = [.public, .signedIn, .zonesRead, .orgRead, .investmentRead, .engineeringRead]

    static func row(_ role: Role) -> [Permission: Reach] {
        func zone(_ permissions: [Permission]) -> [Permission: Reach] {
            Dictionary((base + permissions).map { ($0, Reach.zone) }, uniquingKeysWith: { a, _ in a })
        }
        // Acting for a responsibility on a project is always one's own: the service checks the holding (三责分立).
        let holder: [Permission: Reach] = [.holderAct: .own]
        // Of people, contracts and appointments, staff see their own; their own records they read in full.
        let ownRecords: [Permission: Reach] = [.peopleRead: .own, .appointmentsRead: .own]
        switch role {
        case .platformAdmin:
            // Reads every zone, creates zones and their admins; changes no zone's records.
            return zone([
                .peopleRead, .peopleContactRead, .peoplePersonalRead, .auditRead, .zonesManage, .usersManage, .sessionsManage,
                .campaignsRead, .candidatesRead, .appointmentsRead, .contractTermsRead, .assessmentRead, .dashboardRead,
                .zonesCompare,
            ])
        case .zoneAdmin:
            return zone(Permission.allCases.filter { ![.zonesManage, .selfNominate, .zonesCompare, .holderAct].contains($0) })
                .merging(holder) { _, b in b }
        case .leader:
            // Leaders read, decide and nominate for their units' posts (组织选任); they set the investment teams' targets.
            return zone([
                .peopleRead, .peopleContactRead, .peoplePersonalRead, .campaignsRead, .candidatesRead, .nominate,
                .appointmentsRead, .contractTermsRead, .assessmentRead, .assessmentDecide, .rate, .engineeringDecide,
                .dashboardRead, .teamsManage,
            ])
        case .hr:
            return zone([
                .peopleRead, .peopleContactRead, .peoplePersonalRead, .peopleWrite, .orgWrite, .sealedOpen, .importData,
                .campaignsRead, .candidatesRead, .campaignsManage, .nominate, .appointmentsRead, .contractTermsRead,
                .contractsManage, .assessmentRead, .assessmentManage, .rate,
            ])
        case .unitHead:
            // The head of a unit (the investment centre's, for the investment teams) acts for the records of the unit
            // and the units under it; they rate and see their own people's results on those people's records.
            return zone([.campaignsRead, .candidatesRead, .nominate, .selfNominate, .rate])
                .merging(holder) { _, b in b }
                .merging([
                    .peopleRead: .ownUnit, .peopleContactRead: .ownUnit, .appointmentsRead: .ownUnit, .investmentWrite: .ownUnit,
                    .teamsManage: .ownUnit, .enterprisesWrite: .ownUnit, .serviceAct: .ownUnit,
                ]) { _, b in b }
        case .staff:
            // A team member logs leads and moves their own team's projects, acts on the requests they hold and the
            // enterprises they steward.
            return zone([.campaignsRead, .selfNominate, .rate])
                .merging(holder) { _, b in b }
                .merging(ownRecords) { _, b in b }
                .merging([.investmentWrite: .ownTeam, .enterprisesWrite: .own, .serviceAct: .own]) { _, b in b }
        case .auditor:
            return zone([
                .peopleRead, .peopleContactRead, .peoplePersonalRead, .auditRead, .campaignsRead, .candidatesRead,
                .appointmentsRead, .contractTermsRead, .assessmentRead, .dashboardRead,
            ])
        case .engineer:
            // Engineering and cost staff need the holders' names and units (on the projects), not HR records (PIPL:
            // personal information limited to the purpose).
            return zone([.campaignsRead, .selfNominate, .rate, .engineeringWrite])
                .merging(holder) { _, b in b }
                .merging(ownRecords) { _, b in b }
        case .costStaff:
            return zone([.campaignsRead, .selfNominate, .rate, .costWrite])
                .merging(holder) { _, b in b }
                .merging(ownRecords) { _, b in b }
        }
    }
}

public enum UnitScope {
    /// The units a reach lets a user see, given the user's own unit and the zone's unit tree (child → parent). Nil means
    /// every unit; `ownTeam` and `own` reach no unit's records.
    public static func visibleUnits(reach: Reach, userUnit: String?, parents: [String: String?]) -> Set<String>? {
        switch reach {
        case .zone: return nil
        case .ownTeam, .own: return []
        case .ownUnit:
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

extension AccessTable {
    /// What a permission lets one do, in a line (the README's role table).
    public static func summary(_ permission: Permission) -> String {
        switch permission {
        case .public: return "open the sign-in page, health check and public notices"
        case .signedIn: return "the home page, one's own password and language"
        case .zonesRead: return "the zones' names"
        case .zonesManage: return "create zones and their admins"
        case .orgRead: return "units, posts, the org chart"
        case .orgWrite: return "change units and posts"
        case .peopleRead: return "people's records: name, body, unit, post"
        case .peopleContactRead: return "people's phone numbers"
        case .peoplePersonalRead: return "people's gender, birth date, masked resident ID"
        case .peopleWrite: return "add and change people"
        case .sealedOpen: return "open a sealed record (档案封存)"
        case .importData: return "import people, units and posts from spreadsheets"
        case .auditRead: return "the audit log"
        case .settingsWrite: return "the zone's settings"
        case .usersManage: return "users and their roles"
        case .sessionsManage: return "users' sessions"
        case .campaignsRead: return "the campaign board, posts and stages"
        case .candidatesRead: return "candidates, scores and rankings"
        case .campaignsManage: return "open and run campaigns"
        case .nominate: return "nominate a candidate (组织选任)"
        case .selfNominate: return "enter oneself (个人自荐)"
        case .appointmentsRead: return "appointments and contracts: who, which post, from and until when"
        case .contractTermsRead: return "contracts' type, pay grade, probation, status reason"
        case .contractsManage: return "renew and terminate contracts"
        case .investmentRead: return "the investment pipeline, teams, leaderboard, enterprises, requests"
        case .investmentWrite: return "log projects, move them through their stages (import: whole zone only)"
        case .enterprisesWrite: return "add and change enterprises, their steward (import: whole zone only)"
        case .serviceAct: return "log a service request, record its steps, close it"
        case .teamsManage: return "set teams' targets, correct their membership"
        case .assessmentRead: return "schemes, cycles, results, pay sheets, flags, cases"
        case .assessmentManage: return "draft schemes, run cycles, record cases and claims"
        case .assessmentDecide: return "publish schemes, decide ties, flags and claims"
        case .rate: return "rate those one is asked to rate"
        case .engineeringRead: return "programmes, projects, tenders, firms, payments, meetings"
        case .engineeringWrite: return "run programmes, projects, tenders and meetings"
        case .costWrite: return "cost stages, audit firms, payments"
        case .holderAct: return "act for a responsibility one holds on a project (三责分立)"
        case .engineeringDecide: return "approve cost stages, overruns, procurement, design changes"
        case .dashboardRead: return "the leaders' dashboard"
        case .zonesCompare: return "compare the platform's zones (争先进位)"
        }
    }

    /// A reach in the README's role table.
    public static func label(_ reach: Reach) -> String {
        switch reach {
        case .zone: return "all"
        case .ownUnit: return "own unit"
        case .ownTeam: return "own team"
        case .own: return "own"
        }
    }

    /// The role table as Markdown: a row per permission, a column per role, each cell the reach (blank: not granted;
    /// `all`: the whole zone's records, or for the platform role every zone's, to read).
    public static func markdown() -> String {
        let header = "| permission | what it lets one do | " + Role.allCases.map { "`\($0.rawValue)`" }.joined(separator: " | ") + " |"
        let rule = "|---|---|" + String(repeating: "---|", count: Role.allCases.count)
        let rows = Permission.allCases.map { p in
            let cells = Role.allCases.map { role in role.reach(p).map(label) ?? "" }
            return "| `\(p.rawValue)` | \(summary(p)) | " + cells.joined(separator: " | ") + " |"
        }
        return ([header, rule] + rows).joined(separator: "\n") + "\n"
    }
}
