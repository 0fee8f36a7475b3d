import Foundation
import Vapor

/// Every page's address: links in views are built from this, never typed as strings.
enum SiteURL: Equatable, Sendable {
    /// The Excel twin of a CSV export: the same path ending `.xlsx`.
    indirect case workbook(SiteURL)
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
    case units, unitNew
    case unit(UUID)
    case unitEdit(UUID)
    case unitDelete(UUID)
    case unitsExport, unitsImport, orgChart
    case posts, postNew
    case post(UUID)
    case postEdit(UUID)
    case postDelete(UUID)
    case postsExport, postsImport
    case people, personNew
    case person(UUID)
    case personEdit(UUID)
    case personDelete(UUID)
    case personSealed(UUID)
    case peopleExport, peopleImport
    /// The organisation's workbook (units, posts and people) imported in one step.
    case organisationImport
    case styles, script
    case campaigns, campaignNew
    case campaign(UUID)
    case campaignNotice(UUID)
    case campaignNoticeCSV(UUID)
    case campaignScores(UUID)
    case campaignExport(UUID)
    case campaignCandidates(UUID)
    case campaignReview(UUID, candidate: UUID)
    case campaignStage(UUID)
    case campaignPanel(UUID)
    case campaignTies(UUID)
    case campaignRankings(UUID)
    case campaignMatching(UUID)
    case campaignProposals(UUID)
    case campaignObjections(UUID)
    case campaignObjectionResolve(UUID, objection: UUID)
    case campaignImportCandidates(UUID)
    case campaignImportScores(UUID)
    case publicRegistration(String)
    case publicStatus(String)
    case publicNotice(String)
    case contracts, contractsExport
    case contractRenew(UUID)
    case contractTerminate(UUID)
    case calendar, codes
    case auditExport
    case investment, investmentNew, investmentExport, investmentImport
    case investmentProject(UUID)
    case investmentStage(UUID)
    case leaderboard, leaderboardExport
    case teams
    case teamMembers(UUID)
    case teamMemberEnd(team: UUID, membership: UUID)
    case teamTargets(UUID)
    case enterprises
    case enterprise(UUID)
    case enterprisesExport, enterprisesImport
    case enterpriseRequests(UUID)
    case serviceRequests
    case serviceRequestSteps(UUID)
    case serviceRequestClose(UUID)
    case programmes
    case programme(UUID)
    case constructionProjects, constructionProjectsExport, constructionProjectsImport, constructionProjectNew
    case constructionProject(UUID)
    case constructionProjectAction(UUID, String)
    case tenders, tenderNew
    case tender(UUID)
    case tenderAction(UUID, String)
    case auditFirms, auditFirmsImport
    case auditFirmAction(UUID, String)
    case meetings, meetingNew
    case meeting(UUID)
    case meetingAction(UUID, String)
    case actionItems, actionItemsExport
    case actionItemAction(UUID, String)
    case performance, schemeNew
    case scheme(UUID)
    case schemePublish(UUID)
    case schemeClose(UUID)
    case schemeSimulate(UUID)
    case cycleNew
    case cycle(UUID)
    case cycleAction(UUID, String)
    case cycleUnit(UUID, unit: UUID)
    case cycleNotice(UUID)
    case cycleResultsExport(UUID)
    case cycleValuesImport(UUID)
    case cyclePay(UUID)
    case cyclePayExport(UUID)
    case cyclePayLine(UUID, person: UUID)
    case objectionResolve(cycle: UUID, objection: UUID)
    case ratings
    case flags
    case flagDecision(UUID)
    case cases, caseNew
    case accountabilityCase(UUID)
    case caseClaim(UUID)
    case caseClaimJudge(UUID)
    case caseSteps(UUID)
    case caseStepDone(UUID, step: UUID)
    case dashboard, zoneRanking

    var path: String {
        switch self {
        case .workbook(let csv):
            let p = csv.path
            return p.hasSuffix(".csv") ? String(p.dropLast(4)) + ".xlsx" : p
        case .home: return "/"
        case .login(let next):
            guard let n = next, n.hasPrefix("/"), !n.hasPrefix("//") else { return "/login" }
            return "/login?next=" + n.urlComponentEncoded
        case .logout: return "/logout"
        case .language(let code, let back):
            return "/language/\(code)?back=" + back.urlComponentEncoded
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
        case .organisationImport: return "/organisation/import"
        case .styles: return "/styles.css"
        case .script: return "/app.js"
        case .campaigns: return "/campaigns"
        case .campaignNew: return "/campaigns/new"
        case .campaign(let id): return "/campaigns/\(id)"
        case .campaignNotice(let id): return "/campaigns/\(id)/notice"
        case .campaignScores(let id): return "/campaigns/\(id)/scores"
        case .campaignExport(let id): return "/campaigns/\(id)/results.csv"
        case .campaignNoticeCSV(let id): return "/campaigns/\(id)/notice.csv"
        case .campaignCandidates(let id): return "/campaigns/\(id)/candidates"
        case .campaignReview(let id, let candidate): return "/campaigns/\(id)/candidates/\(candidate)/review"
        case .campaignStage(let id): return "/campaigns/\(id)/stage"
        case .campaignPanel(let id): return "/campaigns/\(id)/panel"
        case .campaignTies(let id): return "/campaigns/\(id)/ties"
        case .campaignRankings(let id): return "/campaigns/\(id)/rankings"
        case .campaignMatching(let id): return "/campaigns/\(id)/matching"
        case .campaignProposals(let id): return "/campaigns/\(id)/proposals"
        case .campaignObjections(let id): return "/campaigns/\(id)/objections"
        case .campaignObjectionResolve(let id, let objection): return "/campaigns/\(id)/objections/\(objection)/resolve"
        case .campaignImportCandidates(let id): return "/campaigns/\(id)/import/candidates"
        case .campaignImportScores(let id): return "/campaigns/\(id)/import/scores"
        case .publicRegistration(let token): return "/public/campaigns/\(token)"
        case .publicStatus(let token): return "/public/campaigns/\(token)/status"
        case .publicNotice(let token): return "/public/notices/\(token)"
        case .contracts: return "/contracts"
        case .contractsExport: return "/contracts/export.csv"
        case .contractRenew(let id): return "/contracts/\(id)/renew"
        case .contractTerminate(let id): return "/contracts/\(id)/terminate"
        case .calendar: return "/admin/calendar"
        case .codes: return "/admin/codes"
        case .auditExport: return "/audit/export.csv"
        case .investment: return "/investment"
        case .investmentNew: return "/investment/new"
        case .investmentExport: return "/investment/export.csv"
        case .investmentImport: return "/investment/import"
        case .investmentProject(let id): return "/investment/projects/\(id)"
        case .investmentStage(let id): return "/investment/projects/\(id)/stage"
        case .leaderboard: return "/investment/leaderboard"
        case .leaderboardExport: return "/investment/leaderboard.csv"
        case .teams: return "/investment/teams"
        case .teamMembers(let id): return "/investment/teams/\(id)/members"
        case .teamMemberEnd(let team, let membership): return "/investment/teams/\(team)/members/\(membership)/end"
        case .teamTargets(let id): return "/investment/teams/\(id)/targets"
        case .enterprises: return "/enterprises"
        case .enterprise(let id): return "/enterprises/\(id)"
        case .enterprisesExport: return "/enterprises/export.csv"
        case .enterprisesImport: return "/enterprises/import"
        case .enterpriseRequests(let id): return "/enterprises/\(id)/requests"
        case .serviceRequests: return "/service-requests"
        case .serviceRequestSteps(let id): return "/service-requests/\(id)/steps"
        case .serviceRequestClose(let id): return "/service-requests/\(id)/close"
        case .performance: return "/performance"
        case .schemeNew: return "/performance/schemes/new"
        case .scheme(let id): return "/performance/schemes/\(id)"
        case .schemePublish(let id): return "/performance/schemes/\(id)/publish"
        case .schemeClose(let id): return "/performance/schemes/\(id)/close"
        case .schemeSimulate(let id): return "/performance/schemes/\(id)/simulate"
        case .cycleNew: return "/performance/cycles/new"
        case .cycle(let id): return "/performance/cycles/\(id)"
        case .cycleAction(let id, let action): return "/performance/cycles/\(id)/\(action)"
        case .cycleUnit(let id, let unit): return "/performance/cycles/\(id)/units/\(unit)"
        case .cycleNotice(let id): return "/performance/cycles/\(id)/notice"
        case .cycleResultsExport(let id): return "/performance/cycles/\(id)/results.csv"
        case .cycleValuesImport(let id): return "/performance/cycles/\(id)/values/import"
        case .cyclePay(let id): return "/performance/cycles/\(id)/pay"
        case .cyclePayExport(let id): return "/performance/cycles/\(id)/pay.csv"
        case .cyclePayLine(let id, let person): return "/performance/cycles/\(id)/pay/\(person)"
        case .objectionResolve(let cycle, let objection): return "/performance/cycles/\(cycle)/objections/\(objection)/resolve"
        case .ratings: return "/performance/ratings"
        case .flags: return "/performance/flags"
        case .flagDecision(let id): return "/performance/flags/\(id)/decision"
        case .cases: return "/performance/cases"
        case .caseNew: return "/performance/cases/new"
        case .accountabilityCase(let id): return "/performance/cases/\(id)"
        case .caseClaim(let id): return "/performance/cases/\(id)/claim"
        case .caseClaimJudge(let id): return "/performance/cases/\(id)/claim/judgement"
        case .caseSteps(let id): return "/performance/cases/\(id)/steps"
        case .caseStepDone(let id, let step): return "/performance/cases/\(id)/steps/\(step)/done"
        case .dashboard: return "/dashboard"
        case .zoneRanking: return "/dashboard/zones"
        case .programmes: return "/engineering"
        case .programme(let id): return "/engineering/programmes/\(id)"
        case .constructionProjects: return "/engineering/projects"
        case .constructionProjectsExport: return "/engineering/projects.csv"
        case .constructionProjectsImport: return "/engineering/projects/import"
        case .constructionProjectNew: return "/engineering/projects/new"
        case .constructionProject(let id): return "/engineering/projects/\(id)"
        case .constructionProjectAction(let id, let action): return "/engineering/projects/\(id)/\(action)"
        case .tenders: return "/engineering/tenders"
        case .tenderNew: return "/engineering/tenders/new"
        case .tender(let id): return "/engineering/tenders/\(id)"
        case .tenderAction(let id, let action): return "/engineering/tenders/\(id)/\(action)"
        case .auditFirms: return "/engineering/audit-firms"
        case .auditFirmsImport: return "/engineering/audit-firms/import"
        case .auditFirmAction(let id, let action): return "/engineering/audit-firms/\(id)/\(action)"
        case .meetings: return "/engineering/meetings"
        case .meetingNew: return "/engineering/meetings/new"
        case .meeting(let id): return "/engineering/meetings/\(id)"
        case .meetingAction(let id, let action): return "/engineering/meetings/\(id)/\(action)"
        case .actionItems: return "/engineering/action-items"
        case .actionItemsExport: return "/engineering/action-items/export.csv"
        case .actionItemAction(let id, let action): return "/engineering/action-items/\(id)/\(action)"
        }
    }

    /// Where the JSON API lives (`/api/v1/…`, `/api/openapi.json`): requests under it get JSON answers, bearer tokens
    /// and no CSRF check.
    static let apiPrefix = "/api/"

    /// This address with a query string (`key=value`, values percent-encoded; nil and empty values left out).
    func path(query items: [(String, String?)]) -> String {
        let pairs = items.compactMap { key, value -> String? in
            guard let v = value, !v.isEmpty else { return nil }
            return key + "=" + v.urlComponentEncoded
        }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }
}

extension Request {
    /// A 303 to a page of the site (after a form post, the browser fetches it with GET).
    func redirect(to url: SiteURL, query: [(String, String?)] = []) -> Response {
        redirect(to: url.path(query: query), redirectType: .normal)
    }
}

extension String {
    /// Percent-encoded for a query value or a header parameter: ASCII letters, digits and `-._~` stay, all else
    /// (Chinese included) becomes %XX of its UTF-8 bytes, so addresses and headers stay ASCII.
    var urlComponentEncoded: String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
