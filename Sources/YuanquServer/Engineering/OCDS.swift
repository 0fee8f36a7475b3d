import Fluent
import Vapor
import YuanquKit

/// Tenders, awards and contracts as Open Contracting Data Standard 1.1 releases: one release per tender, award and
/// contract, in a release package. Amounts are numbers in yuan with currency CNY; dates are ISO 8601 in Asia/Shanghai.
///
/// What the OCDS Data Review Tool (`libcoveocds`, `scripts/ocds-check`) asks of it: URIs are absolute (from
/// `PublicURL`), every ocid starts with the zone's registered prefix (setting `ocds.prefix`), and no field is an empty
/// string, array or object: an optional field with nothing in it is left out (`nil`, which the encoder omits).
enum OCDS {
    struct Value: Codable, Equatable {
        let amount: Decimal
        let currency: String
    }

    struct Period: Codable {
        let startDate: String
        let endDate: String
    }

    struct OrganizationReference: Codable {
        let id: String
        let name: String?
    }

    struct Party: Codable {
        let id: String
        let name: String?
        let roles: [String]
    }

    struct TenderSection: Codable {
        let id: String
        let title: String?
        let status: String
        let procurementMethod: String
        let procurementMethodDetails: String?
        let mainProcurementCategory: String
        let value: Value
        let tenderPeriod: Period
        let numberOfTenderers: Int
        /// Left out while no bid has come in.
        let tenderers: [OrganizationReference]?
    }

    struct Award: Codable {
        let id: String
        let status: String
        let date: String
        let value: Value
        let suppliers: [OrganizationReference]
    }

    struct Contract: Codable {
        let id: String
        let awardID: String
        let status: String
        let dateSigned: String
        let value: Value
    }

    struct Release: Codable {
        let ocid: String
        let id: String
        let date: String
        let tag: [String]
        let initiationType: String
        let language: String
        let buyer: OrganizationReference
        let parties: [Party]
        let tender: TenderSection
        let awards: [Award]?
        let contracts: [Contract]?
    }

    struct Publisher: Codable {
        let name: String
        let uri: String
    }

    struct ReleasePackage: Codable {
        /// This package's own absolute address.
        let uri: String
        let version: String
        let publishedDate: String
        let publisher: Publisher
        let releases: [Release]
    }

    static func value(_ fen: Int64) -> Value { Value(amount: Decimal(fen) / 100, currency: "CNY") }

    static func dateTime(_ day: String) -> String { day + "T00:00:00+08:00" }

    static func tenderStatus(_ s: String) -> String {
        switch s {
        case "awaitingApproval": return "planned"
        case "open", "evaluated", "publicity": return "active"
        case "failed": return "unsuccessful"
        default: return "complete"
        }
    }

    /// The text, or nil (left out) when it is empty or only spaces.
    static func nonEmpty(_ s: String) -> String? { s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : s }

    /// The list, or nil (left out) when it is empty.
    static func nonEmpty<T>(_ list: [T]) -> [T]? { list.isEmpty ? nil : list }

    static func party(_ name: String) -> String { "yq-" + name.unicodeScalars.map { String($0.value, radix: 16) }.joined().prefix(40) }

    /// The releases of one tender: the tender, then its award and its contract when they exist.
    static func releases(_ t: TenderDTO, buyer: String) -> [Release] {
        let method = ProcurementMethod(rawValue: t.method) ?? .publicTender
        let category = ProcurementCategory(rawValue: t.category) ?? .works
        let tenderers = t.bids.map { OrganizationReference(id: party($0.bidder), name: nonEmpty($0.bidder)) }
        let section = TenderSection(
            id: t.id.uuidString.lowercased(),
            title: nonEmpty(t.package),
            status: tenderStatus(t.status),
            procurementMethod: method.ocds,
            procurementMethodDetails: nonEmpty(EngineeringLabels.method(method).zh),
            mainProcurementCategory: category.rawValue,
            value: value(t.estimatedFen),
            tenderPeriod: Period(startDate: dateTime(t.issuedOn), endDate: dateTime(t.bidDeadline)),
            numberOfTenderers: t.bids.count,
            tenderers: nonEmpty(tenderers)
        )
        let buyerRef = OrganizationReference(id: party(buyer), name: nonEmpty(buyer))
        let winner = t.bids.first { $0.id == t.winnerBidId }
        var parties = [Party(id: buyerRef.id, name: buyerRef.name, roles: ["buyer", "procuringEntity"])]
        parties += t.bids.map {
            Party(id: party($0.bidder), name: nonEmpty($0.bidder), roles: $0.id == t.winnerBidId ? ["tenderer", "supplier"] : ["tenderer"])
        }
        var out = [
            Release(
                ocid: t.ocid,
                id: t.ocid + "-tender",
                date: dateTime(t.issuedOn),
                tag: ["tender"],
                initiationType: "tender",
                language: "zh",
                buyer: buyerRef,
                parties: parties,
                tender: section,
                awards: nil,
                contracts: nil
            )
        ]
        guard let w = winner, let awarded = t.awardedOn else { return out }
        let award = Award(
            id: t.ocid + "-award",
            status: "active",
            date: dateTime(awarded),
            value: value(w.amountFen),
            suppliers: [OrganizationReference(id: party(w.bidder), name: nonEmpty(w.bidder))]
        )
        out.append(
            Release(
                ocid: t.ocid,
                id: t.ocid + "-award",
                date: dateTime(awarded),
                tag: ["award"],
                initiationType: "tender",
                language: "zh",
                buyer: buyerRef,
                parties: parties,
                tender: section,
                awards: [award],
                contracts: nil
            )
        )
        guard let signed = t.contractSignedOn, let price = t.contractFen else { return out }
        out.append(
            Release(
                ocid: t.ocid,
                id: t.ocid + "-contract",
                date: dateTime(signed),
                tag: ["contract"],
                initiationType: "tender",
                language: "zh",
                buyer: buyerRef,
                parties: parties,
                tender: section,
                awards: [award],
                contracts: [
                    Contract(
                        id: t.ocid + "-contract",
                        awardID: award.id,
                        status: "active",
                        dateSigned: dateTime(signed),
                        value: value(price)
                    )
                ]
            )
        )
        return out
    }

    /// The release package of these tenders (of one zone, or of all), published at `base` (`PublicURL.base`).
    static func package(_ tenders: [TenderDTO], zone: UUID?, base: String, on db: Database) async throws -> ReleasePackage {
        let z = try await zone.asyncMap { try await Zone.find($0, on: db) } ?? nil
        var owners: [UUID: String] = [:]
        let projectIDs = Set(tenders.map(\.projectId))
        for p in try await ConstructionProject.query(on: db).filter(\.$id ~~ projectIDs).all() { owners[p.id!] = p.owner }
        return ReleasePackage(
            uri: base + "/api/v1/ocds/releases"
                + (z.map { "?zone=" + ($0.code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? ""),
            version: "1.1",
            publishedDate: ISO8601DateFormatter().string(from: Date()),
            publisher: Publisher(name: z.flatMap { nonEmpty($0.name) } ?? "园区管理体制系统", uri: base + "/"),
            releases: tenders.flatMap { releases($0, buyer: owners[$0.projectId] ?? "") }
        )
    }
}
