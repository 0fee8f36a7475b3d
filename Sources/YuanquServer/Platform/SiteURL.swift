import Foundation

/// Every page's address: links in views are built from this, never typed as strings.
enum SiteURL {
    case home
    case login(next: String?)
    case logout
    case language(String, back: String)
    case password
    case sessions
    case revokeSession(UUID)
    case users
    case zones
    case settings
    case audit
    case units, unitNew, unit(UUID), unitEdit(UUID), unitDelete(UUID), unitsExport, unitsImport, orgChart
    case posts, postNew, post(UUID), postEdit(UUID), postDelete(UUID), postsExport, postsImport
    case people, personNew, person(UUID), personEdit(UUID), personDelete(UUID), personSealed(UUID), peopleExport, peopleImport
    case styles
    case campaigns, campaignNew, campaign(UUID), campaignNotice(UUID), campaignScores(UUID), campaignExport(UUID)
    case publicRegistration(String), publicStatus(String), publicNotice(String)
    case contracts
    case investment, investmentNew, investmentProject(UUID), leaderboard
    case enterprises, enterprise(UUID), serviceRequests

    var path: String {
        switch self {
        case .home: return "/"
        case .login(let next):
            guard let n = next, n.hasPrefix("/"), !n.hasPrefix("//") else { return "/login" }
            return "/login?next=" + (n.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        case .logout: return "/logout"
        case .language(let code, let back):
            return "/language/\(code)?back=" + (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        case .password: return "/account/password"
        case .sessions: return "/admin/sessions"
        case .revokeSession(let id): return "/admin/sessions/\(id)/revoke"
        case .users: return "/admin/users"
        case .zones: return "/admin/zones"
        case .settings: return "/admin/settings"
        case .audit: return "/audit"
        case .units: return "/units"
        case .unitNew: return "/units/new"
        case .unit(let id): return "/units/\(id)"
        case .unitEdit(let id): return "/units/\(id)/edit"
        case .unitDelete(let id): return "/units/\(id)/delete"
        case .unitsExport: return "/units/export.csv"
        case .unitsImport: return "/units/import"
        case .orgChart: return "/units/chart"
        case .posts: return "/posts"
        case .postNew: return "/posts/new"
        case .post(let id): return "/posts/\(id)"
        case .postEdit(let id): return "/posts/\(id)/edit"
        case .postDelete(let id): return "/posts/\(id)/delete"
        case .postsExport: return "/posts/export.csv"
        case .postsImport: return "/posts/import"
        case .people: return "/people"
        case .personNew: return "/people/new"
        case .person(let id): return "/people/\(id)"
        case .personEdit(let id): return "/people/\(id)/edit"
        case .personDelete(let id): return "/people/\(id)/delete"
        case .personSealed(let id): return "/people/\(id)/sealed"
        case .peopleExport: return "/people/export.csv"
        case .peopleImport: return "/people/import"
        case .styles: return "/styles.css"
        case .campaigns: return "/campaigns"
        case .campaignNew: return "/campaigns/new"
        case .campaign(let id): return "/campaigns/\(id)"
        case .campaignNotice(let id): return "/campaigns/\(id)/notice"
        case .campaignScores(let id): return "/campaigns/\(id)/scores"
        case .campaignExport(let id): return "/campaigns/\(id)/results.csv"
        case .publicRegistration(let token): return "/public/campaigns/\(token)"
        case .publicStatus(let token): return "/public/campaigns/\(token)/status"
        case .publicNotice(let token): return "/public/notices/\(token)"
        case .contracts: return "/contracts"
        case .investment: return "/investment"
        case .investmentNew: return "/investment/new"
        case .investmentProject(let id): return "/investment/projects/\(id)"
        case .leaderboard: return "/investment/leaderboard"
        case .enterprises: return "/enterprises"
        case .enterprise(let id): return "/enterprises/\(id)"
        case .serviceRequests: return "/service-requests"
        }
    }
}
