import Fluent
import SQLKit
import Vapor
import YuanquKit

struct SchemeRow: Codable, Sendable {
    let id: UUID
    let year: Int
    let name: String
    let version: Int
    let status: String
    let publishedOn: String?
}

struct CycleRow: Codable, Sendable {
    let id: UUID
    let name: String
    let kind: String
    let startsOn: String
    let endsOn: String
    let status: String
    let schemeId: UUID
    let schemeName: String
    let schemeVersion: Int
    let noticeStart: String?
    let noticeEnds: String?
}

/// A stored result as its reader sees it: the figures, and the breakdown the engine left.
struct ResultRow: Decodable, Sendable {
    let subjectId: UUID
    let name: String
    let assessee: String
    let groupId: UUID
    let score: Double?
    let grade: String?
    let rank: Int?
    let payFen: Int64?
    let schemeVersion: Int
    let detail: String

    var result: CycleEngine.Result? { try? JSONDecoder().decode(CycleEngine.Result.self, from: Data(detail.utf8)) }
}

struct FlagRow: Decodable, Sendable {
    let id: UUID
    let cycleId: UUID
    let cycleName: String
    let assessee: String
    let subjectId: UUID
    let name: String
    let rule: String
    let evidence: String
    let basis: String
    let raisedOn: String
    let decision: String?
    let deciders: String?
    let grounds: String?
    let decidedOn: String?
}

/// A person's result in one cycle, for their record.
struct PersonResultRow: Decodable, Sendable {
    let cycleId: UUID
    let cycleName: String
    let status: String
    let score: Double?
    let grade: String?
    let rank: Int?
    let payFen: Int64?
    let schemeVersion: Int
    let rules: String

    /// The words of the grade under the scheme the result used.
    var gradeSet: GradeSet {
        struct Words: Decodable { let gradeSet: GradeSet }
        return (try? JSONDecoder().decode(Words.self, from: Data(rules.utf8)))?.gradeSet ?? .civilService
    }
}

/// The reads of the performance pages and API, as plain rows.
enum PerformanceQueries {
    static func sql(_ db: Database) throws -> SQLDatabase {
        let sql = try db.sql
        return sql
    }

    static func schemes(zone: UUID, on db: Database) async throws -> [SchemeRow] {
        try await sql(db).select().column("id").column("year").column("name").column("version").column("status").column("published_on")
            .from("assessment_schemes").where("zone_id", .equal, SQLBind(zone)).orderBy("year", .descending)
            .orderBy("version", .descending).all(decoding: SchemeRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func cycles(zone: UUID, on db: Database) async throws -> [CycleRow] {
        try await sql(db).raw(
            """
            SELECT c.id, c.name, c.kind, c.starts_on, c.ends_on, c.status, c.scheme_id, s.name AS scheme_name,
            s.version AS scheme_version, c.notice_start, c.notice_ends
            FROM assessment_cycles c JOIN assessment_schemes s ON s.id = c.scheme_id
            WHERE c.zone_id = \(bind: zone) ORDER BY c.ends_on DESC, c.name
            """
        ).all(decoding: CycleRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func results(cycle: UUID, assessee: Assessee? = nil, group: UUID? = nil, on db: Database) async throws -> [ResultRow] {
        var q = try sql(db).select().column("subject_id").column("name").column("assessee").column("group_id").column("score")
            .column("grade").column("rank").column("pay_fen").column("scheme_version").column("detail").from("assessment_results")
            .where("cycle_id", .equal, SQLBind(cycle))
        if let a = assessee { q = q.where("assessee", .equal, SQLBind(a.rawValue)) }
        if let g = group { q = q.where("group_id", .equal, SQLBind(g)) }
        // Unranked last on both engines (SQLite sorts NULL first, PostgreSQL last).
        return try await q.orderBy("assessee").orderBy(SQLRaw("rank IS NULL")).orderBy("rank").orderBy("name")
            .all(decoding: ResultRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    static func flags(zone: UUID, undecidedOnly: Bool = false, on db: Database) async throws -> [FlagRow] {
        try await sql(db).raw(
            """
            SELECT f.id, f.cycle_id, c.name AS cycle_name, f.assessee, f.subject_id, f.name, f.rule, f.evidence, f.basis, f.raised_on,
            f.decision, f.deciders, f.grounds, f.decided_on
            FROM elimination_flags f JOIN assessment_cycles c ON c.id = f.cycle_id
            WHERE f.zone_id = \(bind: zone) \(unsafeRaw: undecidedOnly ? "AND f.decision IS NULL" : "")
            ORDER BY f.raised_on DESC, f.name
            """
        ).all(decoding: FlagRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// A person's published results, newest first (results still being computed are not shown on the record).
    static func personResults(_ person: UUID, on db: Database) async throws -> [PersonResultRow] {
        try await sql(db).raw(
            """
            SELECT r.cycle_id, c.name AS cycle_name, c.status, r.score, r.grade, r.rank, r.pay_fen, r.scheme_version, s.rules
            FROM assessment_results r JOIN assessment_cycles c ON c.id = r.cycle_id JOIN assessment_schemes s ON s.id = r.scheme_id
            WHERE r.subject_id = \(bind: person) AND c.status IN ('notice', 'final') ORDER BY c.ends_on DESC
            """
        ).all(decoding: PersonResultRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }
}
