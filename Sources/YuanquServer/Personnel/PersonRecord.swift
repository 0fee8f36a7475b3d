import Fluent
import Vapor
import YuanquKit

/// A person's record over time: appointments, contracts and the campaigns they entered.
struct PersonRecord {
    var appointments: [Appointment] = []
    var contracts: [EmploymentContract] = []
    var candidacies: [(Candidate, Campaign, String?)] = []
    var postTitles: [UUID: String] = [:]
    var shown = false

    static func load(_ p: Person, actor: Actor, on db: Database) async throws -> PersonRecord {
        guard actor.can(.appointmentsRead) else { return PersonRecord() }
        var r = PersonRecord(shown: true)
        r.appointments = try await Appointment.query(on: db).filter(\.$personID == p.id!).sort(\.$startDate, .descending).all()
        r.contracts = try await EmploymentContract.query(on: db).filter(\.$personID == p.id!).sort(\.$startDate, .descending).all()
        r.postTitles = try await postLabels(zone: p.zoneID, on: db)
        if actor.can(.candidatesRead) || actor.personID == p.id {
            for cand in try await Candidate.query(on: db).filter(\.$personID == p.id!).all() {
                guard let c = try await Campaign.find(cand.campaignID, on: db) else { continue }
                let proposal = try await Proposal.query(on: db).filter(\.$candidateID == cand.id!).first()
                let post = try await proposal.asyncMap { try await CampaignPost.find($0.campaignPostID, on: db) } ?? nil
                r.candidacies.append((cand, c, post.flatMap { r.postTitles[$0.postID] }))
            }
        }
        return r
    }

    /// Every post of a zone as “单位·岗位”.
    static func postLabels(zone: UUID?, on db: Database) async throws -> [UUID: String] {
        let units = try await OrgQueries.unitNames(zone: zone, on: db)
        var q = Post.query(on: db)
        if let z = zone { q = q.filter(\.$zoneID == z) }
        return Dictionary(uniqueKeysWithValues: try await q.all().map { ($0.id!, (units[$0.unitID] ?? "") + "·" + $0.title) })
    }

    static func view(_ r: PersonRecord, req: Request) -> HNode {
        guard r.shown else { return .empty }
        let lang = req.lang
        func method(_ m: String) -> String { CampaignKind(rawValue: m).map { lang.t($0.label) } ?? lang.t("直接聘任", "Direct") }
        return .group(
            el("h2", [], txt(lang.t("岗位聘任", "Appointments"))),
            r.appointments.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无聘任记录", "No appointments yet")))
                : el(
                    "table",
                    [("class", "list")],
                    el(
                        "thead",
                        [],
                        el(
                            "tr",
                            [],
                            [
                                Loc("岗位", "Post"), Loc("起始", "From"), Loc("终止", "Until"), Loc("聘期", "Term"), Loc("方式", "How"),
                                Loc("说明", "Note"),
                            ].map { el("th", [], txt(lang.t($0))) }
                        )
                    ),
                    el(
                        "tbody",
                        [],
                        r.appointments.map { a in
                            el(
                                "tr",
                                [],
                                el("td", [], txt(r.postTitles[a.postID] ?? "")),
                                el("td", [], txt(a.startDate)),
                                el("td", [], txt(a.endDate ?? lang.t("在任", "current"))),
                                el("td", [], txt(lang.t("\(a.termMonths) 个月", "\(a.termMonths) months"))),
                                el("td", [], a.campaignID.map { link(.campaign($0), method(a.method)) } ?? txt(method(a.method))),
                                el("td", [], txt(a.endReason ?? ""))
                            )
                        }
                    )
                ),
            el("h2", [], txt(lang.t("劳动合同", "Contracts"))),
            r.contracts.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无合同", "No contracts yet")))
                : el(
                    "table",
                    [("class", "list")],
                    el(
                        "thead",
                        [],
                        el(
                            "tr",
                            [],
                            [Loc("起始", "Start"), Loc("终止", "End"), Loc("试用期", "Probation"), Loc("状态", "Status")].map {
                                el("th", [], txt(lang.t($0)))
                            }
                        )
                    ),
                    el(
                        "tbody",
                        [],
                        r.contracts.map { k in
                            el(
                                "tr",
                                [],
                                el("td", [], txt(k.startDate)),
                                el("td", [], txt(k.endDate ?? lang.t("无固定期限", "open-ended"))),
                                el("td", [], txt(lang.t("\(k.probationMonths) 个月", "\(k.probationMonths) months"))),
                                el(
                                    "td",
                                    [],
                                    txt(ContractsView.statusLabel(k.status, lang) + (k.statusReason.map { lang.t("：", ": ") + $0 } ?? ""))
                                )
                            )
                        }
                    )
                ),
            el("h2", [], txt(lang.t("参加的选人用人", "Campaigns entered"))),
            r.candidacies.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无", "None")))
                : el(
                    "ul",
                    [],
                    r.candidacies.map { cand, c, post in
                        let result: String
                        if cand.reviewStatus != .passed {
                            result = lang.t("资格审查：", "review: ") + lang.t(cand.reviewStatus.label)
                        } else if let p = post {
                            result = (c.stage == .appointment ? lang.t("已聘 ", "appointed to ") : lang.t("拟聘 ", "proposed for ")) + p
                        } else if c.stage >= .publicity {
                            result = lang.t("未聘", "not appointed")
                        } else {
                            result = lang.t("进行中：", "in progress: ") + lang.t(c.stage.label)
                        }
                        return el("li", [], link(.campaign(c.id!), c.title), txt(lang.t("（", " (") + result + lang.t("）", ")")))
                    }
                )
        )
    }
}
