import Fluent
import Vapor
import YuanquKit

/// Everything a campaign page shows, loaded once, as plain values: the campaign, its posts, candidates, panel,
/// rankings, matching and objections, and what the reader may do. Rendered by `CampaignViews.page`.
struct CampaignPageModel: Sendable {
    struct CandidateLine: Sendable {
        let id: UUID
        let personID: UUID?
        let name: String
        let gender: Gender
        let nomination: Nomination
        let registrationOrder: Int
        let reviewStatus: ReviewStatus
        let reviewReason: String
        let writtenScore: Int?
        /// The campaign posts listed, in order of choice.
        let preferences: [UUID]
        /// Score sheets entered.
        let sheets: Int
        /// What the system check found (pending candidates, for managers at review); nil when not checked.
        let eligibility: [Eligibility.Reason]?
    }

    struct ProposalLine: Sendable {
        let campaignPostID: UUID
        let choice: Int?
        /// matching, ranking or override
        let source: String
    }

    struct PanelLine: Sendable {
        let id: UUID
        let name: String
    }

    struct Ranking: Sendable {
        let campaignPostID: UUID
        let postTitle: String
        let places: Int
        let ranked: [ScoringScheme.Ranked]
        let breakdowns: [UUID: ScoringScheme.Breakdown]
        /// Candidates whose scores are incomplete (not ranked).
        let unscored: [UUID]
    }

    struct ObjectionLine: Sendable {
        let id: UUID
        let candidateID: UUID?
        let text: String
        let raisedOn: String
        let resolution: String?
        let resolvedOn: String?
    }

    struct CodeOption: Sendable {
        let code: String
        let label: Loc
    }

    struct PersonChoice: Sendable {
        let id: UUID
        let name: String
    }

    let id: UUID
    let title: String
    let kind: CampaignKind
    let stage: CampaignStage
    let scoring: ScoringScheme
    let openedOn: String
    let publicityStart: String?
    let publicityEnds: String?
    let publicityDays: Int
    let maxPreferences: Int
    let publicToken: String
    let bodyName: String
    /// By unit, tier and title.
    let offers: [OfferedPost]
    /// In registration order; only the reader's own candidacy for someone who may not read candidates.
    let candidates: [CandidateLine]
    let proposals: [UUID: ProposalLine]  // by candidate
    let panel: [PanelLine]
    let rankings: [Ranking]
    let selection: TwoWaySelection.Result?
    let objections: [ObjectionLine]
    let contractTypes: [CodeOption]
    /// Zone staff to nominate, when the reader may nominate at registration.
    let people: [PersonChoice]
    let unitRankings: [UUID: [UUID]]  // campaign post → candidates, as the unit ranked them
    let canManage: Bool
    let seesCandidates: Bool
    let canNominate: Bool
    let canSelfNominate: Bool
    /// The reader's own person, for a self-nomination.
    let ownPersonID: UUID?
    /// Scheme and host the public registration address is shown with (“https://example.org”), or empty.
    let publicAddress: String
    /// The appointment start the next-stage form suggests.
    let defaultStart: CalendarDate
    let form: FormState

    func offer(_ cpID: UUID) -> OfferedPost? { offers.first { $0.campaignPostID == cpID } }
    func name(_ candidateID: String) -> String { candidates.first { $0.id.uuidString == candidateID }?.name ?? "" }

    /// Appointments start the day after publicity ends, or tomorrow if that is later.
    static func defaultStart(publicityEnds: String?, today: CalendarDate = .today()) -> CalendarDate {
        let tomorrow = today.adding(days: 1)
        guard let end = publicityEnds.flatMap(CalendarDate.init) else { return tomorrow }
        return max(tomorrow, end.adding(days: 1))
    }

    static func load(
        _ c: Campaign,
        actor: Actor,
        publicAddress: String,
        form: FormState = .empty,
        on db: Database
    ) async throws -> CampaignPageModel {
        let offers = try await OfferedPost.load(c, on: db).sorted {
            ($0.unitName, $0.tier.rawValue, $0.title) < ($1.unitName, $1.tier.rawValue, $1.title)
        }
        let candidates = try await CandidateListQuery.candidates(of: c.id!, onlyPerson: actor.can(.candidatesRead) ? nil : actor, on: db)
        let ids = candidates.map(\.id)
        let prefs = try await CandidateListQuery.preferences(of: ids, on: db)
        let proposals = Dictionary(
            try await Proposal.query(on: db).filter(\.$campaignID == c.id!).all().map {
                ($0.candidateID, ProposalLine(campaignPostID: $0.campaignPostID, choice: $0.choice, source: $0.source))
            },
            uniquingKeysWith: { a, _ in a }
        )
        let panel = try await PanelMember.query(on: db).filter(\.$campaignID == c.id!).sort(\.$sortOrder).all()
        let sheetCounts = try await CandidateListQuery.sheetCounts(of: ids, on: db)
        let seesScores = actor.can(.candidatesRead) && c.stage >= .interview
        let rankings = seesScores ? try await CampaignService.rankings(c, on: db) : []
        let selection = seesScores && c.kind == .competitive && c.stage >= .ranking ? try await CampaignService.selection(c, on: db).0 : nil
        var eligibility: [UUID: [Eligibility.Reason]] = [:]
        if actor.can(.campaignsManage) && c.stage <= .review {
            let pending = try await Candidate.query(on: db).filter(\.$campaignID == c.id!).filter(\.$reviewStatus == .pending).all()
            for cand in pending {
                eligibility[cand.id!] = try await CampaignService.eligibility(cand, campaign: c, on: db)
            }
        }
        let objections = actor.can(.candidatesRead) ? try await Objection.query(on: db).filter(\.$campaignID == c.id!).all() : []
        let types = try await CodeListItem.query(on: db).filter(\.$zoneID == c.zoneID).filter(\.$list == "contractType").filter(
            \.$active == true
        ).sort(\.$sortOrder).all()
        var people: [Person] = []
        if c.stage == .registration && actor.can(.nominate) {
            people = try await Person.query(on: db).filter(\.$zoneID == c.zoneID).sort(\.$name).all()
        }
        let body = try await ZoneBody.find(c.bodyID, on: db)
        var unitRankings: [UUID: [UUID]] = [:]
        for r in try await UnitRanking.query(on: db).filter(\.$campaignPostID ~~ offers.map(\.campaignPostID)).sort(\.$rank).all() {
            unitRankings[r.campaignPostID, default: []].append(r.candidateID)
        }
        return CampaignPageModel(
            id: c.id!,
            title: c.title,
            kind: c.kind,
            stage: c.stage,
            scoring: c.scoring,
            openedOn: c.openedOn,
            publicityStart: c.publicityStart,
            publicityEnds: c.publicityEnds,
            publicityDays: c.publicityDays,
            maxPreferences: c.maxPreferences,
            publicToken: c.publicToken,
            bodyName: body.map { $0.name } ?? "",
            offers: offers,
            candidates: candidates.map { cand in
                CandidateLine(
                    id: cand.id,
                    personID: cand.personId,
                    name: cand.name,
                    gender: cand.gender,
                    nomination: cand.nomination,
                    registrationOrder: cand.registrationOrder,
                    reviewStatus: cand.reviewStatus,
                    reviewReason: cand.reviewReason,
                    writtenScore: cand.writtenScore,
                    preferences: prefs[cand.id] ?? [],
                    sheets: sheetCounts[cand.id] ?? 0,
                    eligibility: eligibility[cand.id]
                )
            },
            proposals: proposals,
            panel: panel.map { PanelLine(id: $0.id!, name: $0.name) },
            rankings: rankings.map { r in
                Ranking(
                    campaignPostID: r.campaignPost.id!,
                    postTitle: r.post.title,
                    places: r.campaignPost.places,
                    ranked: r.ranked,
                    breakdowns: r.breakdowns,
                    unscored: r.unscored
                )
            },
            selection: selection,
            objections: objections.map {
                ObjectionLine(
                    id: $0.id!,
                    candidateID: $0.candidateID,
                    text: $0.text,
                    raisedOn: $0.raisedOn,
                    resolution: $0.resolution,
                    resolvedOn: $0.resolvedOn
                )
            },
            contractTypes: types.map { CodeOption(code: $0.code, label: Loc($0.labelZh, $0.labelEn)) },
            people: people.map { PersonChoice(id: $0.id!, name: $0.name) },
            unitRankings: unitRankings,
            canManage: actor.can(.campaignsManage),
            seesCandidates: actor.can(.candidatesRead),
            canNominate: actor.can(.nominate),
            canSelfNominate: actor.can(.selfNominate),
            ownPersonID: actor.personID,
            publicAddress: publicAddress,
            defaultStart: defaultStart(publicityEnds: c.publicityEnds),
            form: form
        )
    }
}

/// What the score sheet shows: the candidates who passed review, the panel, the sheets entered so far.
struct ScoreSheetPage: Sendable {
    struct CandidateLine: Sendable {
        let id: UUID
        let name: String
        let writtenScore: Int?
    }

    let id: UUID
    let scoring: ScoringScheme
    let candidates: [CandidateLine]
    let panel: [CampaignPageModel.PanelLine]
    /// Scores entered, by candidate then panel member.
    let sheets: [UUID: [UUID: [Int]]]
    /// The page follows a save.
    let saved: Bool
    let form: FormState

    static func load(_ c: Campaign, actor: Actor, saved: Bool, form: FormState, on db: Database) async throws -> ScoreSheetPage {
        let m = try await CampaignPageModel.load(c, actor: actor, publicAddress: "", on: db)
        var sheets: [UUID: [UUID: [Int]]] = [:]
        for s in try await ScoreSheet.query(on: db).filter(\.$candidateID ~~ m.candidates.map(\.id)).all() {
            if sheets[s.candidateID]?[s.panelMemberID] == nil { sheets[s.candidateID, default: [:]][s.panelMemberID] = s.values }
        }
        return ScoreSheetPage(
            id: m.id,
            scoring: m.scoring,
            candidates: m.candidates.filter { $0.reviewStatus == .passed }.map {
                CandidateLine(id: $0.id, name: $0.name, writtenScore: $0.writtenScore)
            },
            panel: m.panel,
            sheets: sheets,
            saved: saved,
            form: form
        )
    }
}
