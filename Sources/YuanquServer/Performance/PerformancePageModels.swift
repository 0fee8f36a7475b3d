import Foundation
import YuanquKit

// The performance pages' models: plain values, rendered by the views in Views/PerformanceViews.swift.

struct OverviewPage {
    let schemes: [SchemeRow]
    let cycles: [CycleRow]
    let canManage: Bool
    let thisYear: Int
    let form: FormState
}

struct SchemePage {
    let scheme: SchemeRow
    let publishedBy: String?
    let rules: SchemeRules
    let simulationCycles: [(id: UUID, name: String)]
    let canManage: Bool
    let canDecide: Bool
    let form: FormState
}

struct SimulationPage {
    let answer: Simulation.Answer
    let back: SiteURL
}

struct CyclePage {
    struct SchemeRef {
        let id: UUID
        let name: String
        let version: Int
    }
    struct Subject {
        let id: UUID
        let name: String
        let score: Double?
        let grade: String?
        let rank: Int?
        let people: Int
        let excellent: Int
    }
    struct Tie {
        let group: String
        let label: String
        let people: [(id: String, name: String)]
    }
    struct Objection {
        let id: UUID
        let subject: String
        let text: String
        let raisedOn: String
        let resolution: String?
        let resolvedOn: String?
        let upheld: Bool
        let deciders: String?
    }
    let id: UUID
    let name: String
    let kind: CycleKind
    let startsOn: String
    let endsOn: String
    let status: String
    let noticeStart: String?
    let noticeEnds: String?
    let scheme: SchemeRef
    let gradeSet: GradeSet
    let excellentShare: Int
    let units: [Subject]
    let teams: [Subject]
    let personScores: [Double]
    let personGrades: [String]
    let ties: [Tie]
    let objections: [Objection]
    let enteredIndicators: [(code: String, name: String, assessee: Assessee)]
    let subjects: [(id: UUID, name: String, assessee: Assessee)]
    let canManage: Bool
    let canDecide: Bool
    let form: FormState
}

struct UnitResultsPage {
    struct CycleRef {
        let id: UUID
        let name: String
    }
    struct UnitResult {
        let score: Double?
        let grade: String?
        let rank: Int?
        let parts: [CycleEngine.Part]
    }
    struct Person {
        let id: UUID
        let name: String
        let own: Double?
        let score: Double?
        let grade: String?
        let bandGrade: String?
        let rank: Int?
        let followsUnit: Bool
        let notes: [Loc]
        let parts: [CycleEngine.Part]
        let payFen: Int64?
    }
    let cycle: CycleRef
    let unitName: String
    let unit: UnitResult?
    let gradeSet: GradeSet
    /// The unit's 优秀 quota, its heads included (the Kit's count from the stored results).
    let quota: CycleEngine.UnitQuota
    let people: [Person]
    let showPay: Bool
}

struct CycleNoticePage {
    struct Line {
        let name: String
        let unit: String
        let grade: String?
    }
    let zone: String
    let cycle: String
    let scheme: String
    let from: String
    let to: String
    let noticeDays: Int
    let gradeSet: GradeSet
    let units: [Line]
    let people: [Line]
}

struct PaySheetPage {
    let sheet: PaySheetDTO
    let gradeSet: GradeSet
    let cycle: UUID
}

struct PayLinePage {
    let cycle: UnitResultsPage.CycleRef
    let canReadSheet: Bool
    let person: String
    let personURL: SiteURL?
    let unit: String
    let unitGrade: String?
    let gradeSet: GradeSet
    let result: CycleEngine.Result
    let poolPerHead: [Grade: Int64]
    let coefficients: [Grade: Double]
    let colleagues: Int
}

struct FlagsPage {
    struct Flag {
        let flag: FlagDTO
        let gradeSet: GradeSet
    }
    let flags: [Flag]
    let canDecide: Bool
    let today: String
    let form: FormState
    /// The flag whose decision form the refusal belongs to.
    let formFlag: UUID?
}

struct RatingsModel {
    struct Cycle {
        let id: UUID
        let name: String
    }
    struct Task {
        let subjectId: UUID
        let subject: String
        let assessee: Assessee
        let indicator: String
        let indicatorName: String
        let group: RaterGroup
        let score: Double?
    }
    let cycles: [Cycle]
    let current: Cycle?
    let tasks: [Task]
    let saved: Int?
    let form: FormState
}
