import Foundation
import YuanquKit

/// A form of a record page shown again after a refusal: which form (its action) and its state.
struct RefusedForm: Sendable {
    let action: String
    let state: FormState
}

/// The programmes overview: each programme's figures, each linking to the filtered projects list.
struct ProgrammesPage: Sendable {
    struct Programme: Sendable {
        /// The `programme` filter of the projects list: the programme's id, or "none" for projects of no programme.
        let filter: String
        /// nil for the projects of no programme.
        let name: String?
        let summary: String
        let period: String?
        let projects: Int
        let investment: Money
        let keyProjects: Int
        let averageProgress: Int
        /// Projects by stage, in the order of the stages.
        let stages: [(stage: String, count: Int)]
        let lateMilestones: Int
    }

    let programmes: [Programme]
    let zoneOptions: [(value: String, label: String)]?
    /// The create-programme form, for those who may write.
    let form: FormState?
}

/// The projects list.
struct ProjectListPage: Sendable {
    let rows: [ProjectListRow]
    let total: Int
    let params: ListParams
    let pageSize: Int
    let programmeOptions: [(value: String, label: String)]
    let zoneOptions: [(value: String, label: String)]?
    let canCreate: Bool
}

/// The new-project and edit-project form.
struct ProjectFormPage: Sendable {
    let action: SiteURL
    let editing: Bool
    let cancel: SiteURL
    let programmeOptions: [(value: String, label: String)]
    let personOptions: [(value: String, label: String)]
    let form: FormState
}

/// One dated event of a project's timeline.
struct TimelineEvent: Sendable {
    let date: String
    let kind: Loc
    let text: String
    let url: SiteURL?
    /// Shown in red (a late milestone, an overdue contract).
    let late: Bool
}

/// A project's page: header, holders, office, schedule, cost, changes, tenders, audit, payments and the timeline.
struct ConstructionProjectPage: Sendable {
    struct Milestone: Sendable {
        let row: MilestoneRow
        let late: Bool
    }

    let row: ProjectDetailRow
    let holders: [String: HolderRow]
    let members: [MemberRow]
    let milestones: [Milestone]
    let progress: [ProgressRow]
    let costs: [CostDocumentRow]
    let changes: [DesignChangeRow]
    let tenders: [TenderListRow]
    let overdueTenders: Set<UUID>
    let audits: [AuditAssignmentRow]
    let payments: [PaymentRow]
    let contracts: [ContractRow]
    let ceilingPercent: Int
    let timeline: [TimelineEvent]
    let unitOptions: [(value: String, label: String)]
    let personOptions: [(value: String, label: String)]
    let firmOptions: [(value: String, label: String)]
    /// The rotation's next firm for a tracking audit, nil when none is eligible.
    let rotationNext: String?
    /// Which forms the reader may use (they also need a zone to write in).
    let canWrite: Bool
    let canCost: Bool
    let canDecide: Bool
    /// The responsibilities the reader acts for on this project (empty when they may not act).
    let acts: Set<Responsibility>
    let today: String
    let refused: RefusedForm?
    /// A refusal shown at the top of the page.
    let message: Loc?

    /// The state of the form posting to `action`: the refusal's when it was this one, else empty.
    func form(_ action: String) -> FormState {
        guard let r = refused, r.action == action else { return .empty }
        return r.state
    }
}

/// The tenders list.
struct TenderListPage: Sendable {
    let rows: [TenderListRow]
    let overdue: Set<UUID>
    let total: Int
    let params: ListParams
    let pageSize: Int
    let projectOptions: [(value: String, label: String)]
    let zoneOptions: [(value: String, label: String)]?
    let canCreate: Bool
}

/// The new-tender form.
struct TenderFormPage: Sendable {
    let projectOptions: [(value: String, label: String)]
    let today: String
    let form: FormState
}

/// A tender's page with every step and a form for each next one.
struct TenderPage: Sendable {
    let row: TenderDetailRow
    let bids: [BidRow]
    let clarifications: [ClarificationRow]
    let objections: [ObjectionRow]
    let committee: [CommitteeRow]
    let retenders: [OptionRow]
    let winner: String?
    let overdue: Bool
    /// The NDRC Order No. 16 threshold of the tender's category.
    let threshold: Money
    let canWrite: Bool
    let canDecide: Bool
    let today: String
    let refused: RefusedForm?
    let message: Loc?

    func form(_ action: String) -> FormState {
        guard let r = refused, r.action == action else { return .empty }
        return r.state
    }

    var isTender: Bool { ProcurementMethod(rawValue: row.method)?.isTender ?? true }
}

/// The audit-firm registry.
struct AuditFirmsPage: Sendable {
    struct Firm: Sendable {
        let row: AuditFirmRow
        /// Place in the rotation for a tracking audit (1 is next); nil when not eligible.
        let place: Int?
    }

    let firms: [Firm]
    let qualification: String
    let canWrite: Bool
    /// The firm being edited, if any.
    let editing: AuditFirmRow?
    let form: FormState
}
