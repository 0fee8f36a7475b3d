import FluentSQL
import Foundation
import YuanquKit

/// The bulk tables of the province demo, one per table, reused zone after zone.
final class ProvinceTables {
    let zones: BulkTable
    let bodies: BulkTable
    let settings: BulkTable
    let codeItems: BulkTable
    let users: BulkTable
    let units: BulkTable
    let posts: BulkTable
    let people: BulkTable
    let sealed: BulkTable
    let appointments: BulkTable
    let contracts: BulkTable
    let campaigns: BulkTable
    let teams: BulkTable
    let memberships: BulkTable
    let targets: BulkTable
    let enterprises: BulkTable
    let projects: BulkTable
    let platforms: BulkTable
    let requests: BulkTable
    let steps: BulkTable
    let schemes: BulkTable
    let cycles: BulkTable
    let results: BulkTable
    let programmes: BulkTable
    let constructions: BulkTable
    let milestones: BulkTable
    let progress: BulkTable
    let audit: BulkTable

    /// `copy`: on PostgreSQL, the COPY line every table writes on.
    init(_ db: SQLDatabase, batch: Int, copy: CopyLine?) {
        func t(_ name: String, _ columns: String) -> BulkTable {
            BulkTable(name, columns.split(separator: " ").map(String.init), batch: batch, on: db, copy: copy)
        }
        zones = t("zones", "id code name name_en created_at")
        bodies = t("bodies", "id zone_id kind name name_en headcount_cap")
        settings = t("zone_settings", "id zone_id key value")
        codeItems = t("code_list_items", "id zone_id list code label_zh label_en sort_order active")
        users = t(
            "users",
            "id username display_name password_hash role zone_id unit_id person_id language failed_logins locked_until active created_at"
        )
        units = t("org_units", "id zone_id body_id kind name parent_id is_main_business duties sort_order updated_at")
        posts = t("posts", "id zone_id body_id unit_id title tier duties requirements headcount updated_at")
        people = t("people", "id zone_id body_id unit_id post_id name gender birth_date phone resident_id updated_at sort_key")
        sealed = t("sealed_records", "id person_id former_identity former_employer notes")
        appointments = t(
            "appointments",
            "id zone_id body_id person_id post_id start_date term_months method campaign_id end_date end_reason"
        )
        contracts = t(
            "employment_contracts",
            "id zone_id body_id person_id appointment_id contract_type start_date end_date probation_months pay_grade status status_reason previous_id"
        )
        campaigns = t(
            "campaigns",
            "id zone_id body_id kind title stage allowed_origins max_preferences scheme publicity_days publicity_start publicity_ends public_token opened_on updated_at"
        )
        teams = t("investment_teams", "id zone_id name unit_id leader_id")
        memberships = t("team_memberships", "id team_id person_id from_date to_date")
        targets = t("team_targets", "id team_id period signed_count signed_amount_fen major_count invested_amount_fen")
        enterprises = t(
            "enterprises",
            "id zone_id name credit_code industry address contact_name contact_phone steward_id expert_id created_on sort_key"
        )
        projects = t(
            "investment_projects",
            "id zone_id name investor enterprise_id industry region amount_fen signed_amount_fen invested_amount_fen team_id stage signing_date agreement_number credit_code start_date operation_date dropped_reason created_on"
        )
        platforms = t("service_platforms", "id zone_id name kind contact")
        requests = t(
            "service_requests",
            "id zone_id enterprise_id type title detail holder_id unit_id platform_id opened_on due_on status closed_on satisfaction"
        )
        steps = t("service_steps", "id request_id on_date note by")
        schemes = t("assessment_schemes", "id zone_id year name version status rules based_on_id published_on published_by")
        cycles = t("assessment_cycles", "id zone_id scheme_id name kind starts_on ends_on status notice_start notice_ends tied")
        results = t(
            "assessment_results",
            "id cycle_id scheme_id scheme_version assessee subject_id name group_id score grade rank pay_fen detail"
        )
        programmes = t("programmes", "id zone_id name summary starts_on ends_on")
        constructions = t(
            "construction_projects",
            "id zone_id programme_id code name location investment_fen budget_funds_fen owner office office_lead_id is_key progress stage starts_on ends_on"
        )
        milestones = t("project_milestones", "id project_id seq name planned_on actual_on")
        progress = t("progress_entries", "id project_id on_date percent note by")
        audit = t("audit_events", AuditEvent.columns.joined(separator: " "))
        for child in [sealed, appointments, contracts] { child.parents = [people] }
        steps.parents = [requests]
        results.parents = [cycles]
    }

    var all: [BulkTable] {
        [
            zones, bodies, settings, codeItems, users, units, posts, people, sealed, appointments, contracts, campaigns, teams, memberships,
            targets, enterprises, projects, platforms, requests, steps, schemes, cycles, results, programmes, constructions, milestones,
            progress, audit,
        ]
    }

    var counts: [String: Int] { Dictionary(uniqueKeysWithValues: all.map { ($0.table, $0.written) }) }
}

/// The users each generated zone gets (password `Demo.password`), by the suffix of their username.
enum ProvinceUsers {
    struct Spec: Sendable {
        let suffix: String
        let title: String
        let role: Role
        let unit: String?
    }

    static let specs: [Spec] = [
        Spec(suffix: "admin", title: "管理员", role: .zoneAdmin, unit: nil),
        Spec(suffix: "leader", title: "领导", role: .leader, unit: nil),
        Spec(suffix: "hr", title: "人事专员", role: .hr, unit: nil),
        Spec(suffix: "invest", title: "招商专员", role: .staff, unit: "招商中心"),
        Spec(suffix: "service", title: "企业管家", role: .staff, unit: "企业服务部"),
        Spec(suffix: "engineer", title: "工程师", role: .engineer, unit: "工程管理部"),
    ]

    static func username(_ zone: ProvinceCatalogue.ZoneSpec, _ spec: Spec) -> String { zone.code + "-" + spec.suffix }
}

/// Days of activity: fewer at the Spring Festival, in the October holidays and at weekends, more at quarter ends,
/// and more (or fewer) each year as the zone grows.
enum ProvinceCalendar {
    static let seasonal: [Double] = [0.9, 0.55, 1.15, 1.0, 1.0, 1.2, 0.95, 0.9, 1.15, 0.8, 1.05, 1.3]

    static func weight(_ day: CalendarDate, first: Int, growth: Double) -> Double {
        let years = Double(day.dayNumber - first) / 365
        let week = day.isWeekend ? 0.25 : 1
        return seasonal[day.month - 1] * week * pow(1 + growth, years)
    }

    /// A day between `first` and `last` (day numbers) drawn with those weights.
    static func sample(_ gen: inout Demo.Generator, first: Int, last: Int, growth: Double) -> CalendarDate {
        let ceiling = 1.3 * max(1, pow(1 + growth, Double(last - first) / 365))
        while true {
            let d = CalendarDate(dayNumber: first + Int(gen.next() % UInt64(max(1, last - first + 1))))
            if gen.unit() * ceiling <= weight(d, first: first, growth: growth) { return d }
        }
    }
}
