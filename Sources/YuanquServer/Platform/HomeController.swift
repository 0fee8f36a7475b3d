import Fluent
import Vapor
import YuanquKit

/// The home page: the zone at a glance, and the areas the user may open.
enum HomeController {
    static func home(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let lang = req.lang
        var zq = Zone.query(on: req.db).sort(\.$code)
        if let z = actor.zoneID { zq = zq.filter(\.$id == z) }
        let zones = try await zq.all()
        var cards: [HNode] = []
        for z in zones.prefix(30) {
            let units = try await OrgUnit.query(on: req.db).filter(\.$zoneID == z.id!).all()
            let posts = try await Post.query(on: req.db).filter(\.$zoneID == z.id!).count()
            let people = try await Person.query(on: req.db).filter(\.$zoneID == z.id!).count()
            let overlaps = Duties.overlaps(units.map { (id: $0.id!.uuidString, duties: $0.dutyList) }).count
            let committee = try await ZoneBody.query(on: req.db).filter(\.$zoneID == z.id!).filter(\.$kind == .committee).first()
            let ratio = MainBusiness.ratio(
                units.filter { $0.bodyID == committee?.id }.map { (kind: $0.kind, isMainBusiness: $0.isMainBusiness) }
            )
            cards.append(
                .group(
                    el("h2", [], txt(lang.t(z.name, z.nameEn))),
                    el(
                        "div",
                        [("class", "stats")],
                        [
                            stat(lang.t("组织机构", "Units"), String(units.count), link: actor.can(.orgRead) ? .units : nil),
                            stat(lang.t("岗位", "Posts"), String(posts), link: actor.can(.orgRead) ? .posts : nil),
                            stat(lang.t("人员", "People"), String(people), link: actor.can(.peopleRead) ? .people : nil),
                            stat(
                                lang.t("管委会主责主业占比", "Committee main-business share"),
                                ratio.map { String(format: "%.1f%%", $0 * 100) } ?? "—",
                                link: nil
                            ),
                            stat(
                                lang.t("职能交叉", "Overlapping duties"),
                                String(overlaps),
                                link: actor.can(.orgRead) ? .units : nil,
                                anchor: "#overlaps"
                            ),
                            try await investmentStat(z, actor: actor, req: req),
                        ]
                    )
                )
            )
        }
        if zones.count > 30 {
            cards.append(
                el("p", [("class", "muted")], txt(lang.t("另有 \(zones.count - 30) 个开发区未列出。", "\(zones.count - 30) more zones not shown.")))
            )
        }
        let greeting = el("p", [], txt(lang.t("您好，\(actor.displayName)。", "Welcome, \(actor.displayName).")))
        return Layout.render(
            request: req,
            title: lang.t("首页", "Home"),
            body: .group(greeting, try await warnings(req, actor: actor), .group(cards))
        )
    }

    /// What needs the user's attention: overdue service requests for their holder and the centre's head; contracts ending soon for HR.
    static func warnings(_ req: Request, actor: Actor) async throws -> HNode {
        guard let zone = actor.zoneID else { return .empty }
        return .group(try await overdueRequests(req, actor: actor, zone: zone), try await endingContracts(req, actor: actor, zone: zone))
    }

    static func overdueRequests(_ req: Request, actor: Actor, zone: UUID) async throws -> HNode {
        let lang = req.lang
        var q = ServiceRequest.query(on: req.db).filter(\.$zoneID == zone).filter(\.$status != "closed").filter(
            \.$dueOn < CalendarDate.today().description
        )
        let headsCentre =
            try await actor.unitID.asyncMap { try await OrgUnit.find($0, on: req.db) }??.kind == .centre && actor.role == .unitHead
        if !(headsCentre || actor.role == .zoneAdmin) {
            guard let me = actor.personID else { return .empty }
            q = q.filter(\.$holderID == me)
        }
        let overdue = try await q.sort(\.$dueOn).all()
        guard !overdue.isEmpty else { return .empty }
        let names = Dictionary(
            uniqueKeysWithValues: try await Enterprise.query(on: req.db).filter(\.$id ~~ overdue.map(\.enterpriseID)).all().map {
                ($0.id!, $0.name)
            }
        )
        return el(
            "div",
            [("class", "alert alert-error")],
            [
                el("strong", [], txt(lang.t("\(overdue.count) 件企业诉求已超期：", "\(overdue.count) service requests are overdue: "))),
                .group(
                    overdue.prefix(8).enumerated().map { i, r in
                        .group(
                            i > 0 ? txt(lang.t("、", ", ")) : .empty,
                            link(.enterprise(r.enterpriseID), (names[r.enterpriseID] ?? "") + lang.t("：", ": ") + r.title)
                        )
                    }
                ),
                txt(" "), link(.serviceRequests, query: [("overdue", "true")], lang.t("查看全部", "See all")),
            ]
        )
    }

    static func endingContracts(_ req: Request, actor: Actor, zone: UUID) async throws -> HNode {
        guard actor.can(.contractsManage) else { return .empty }
        let lang = req.lang
        let days = try await Settings.int("contracts.expiryWarningDays", zone: zone, on: req.db)
        let today = CalendarDate.today()
        let ending = try await EmploymentContract.query(on: req.db).filter(\.$zoneID == zone).filter(\.$status == "active")
            .filter(\.$endDate >= today.description).filter(\.$endDate <= today.adding(days: days).description).sort(\.$endDate).all()
        guard !ending.isEmpty else { return .empty }
        let names = Dictionary(
            uniqueKeysWithValues: try await Person.query(on: req.db).filter(\.$id ~~ ending.map(\.personID)).all().map { ($0.id!, $0.name) }
        )
        return el(
            "div",
            [("class", "alert alert-warn")],
            [
                el("strong", [], txt(lang.t("\(ending.count) 份合同将在 \(days) 天内到期：", "\(ending.count) contracts end within \(days) days: "))),
                .group(
                    ending.prefix(10).enumerated().map { i, k in
                        .group(
                            i > 0 ? txt(lang.t("、", ", ")) : .empty,
                            link(.person(k.personID), (names[k.personID] ?? "") + lang.t("（", " (") + (k.endDate ?? "") + lang.t("）", ")"))
                        )
                    }
                ),
                ending.count > 10 ? txt(lang.t(" 等", " and more")) : .empty,
                txt(" "), link(.contracts, query: [("expiringWithinDays", String(days))], lang.t("查看全部", "See all")),
            ]
        )
    }

    /// The seed's headline: signed projects of ¥100 million or more, and their investment.
    static func investmentStat(_ z: Zone, actor: Actor, req: Request) async throws -> HNode {
        guard actor.can(.investmentRead) else { return .empty }
        let t = try await InvestmentService.totals(zone: z.id!, on: req.db)
        return stat(
            req.lang.t("亿元以上签约项目 \(t.majorSignedCount) 个，总投资", "Signed major projects: \(t.majorSignedCount), investing"),
            Money(fen: t.majorSignedAmountFen).display,
            link: .leaderboard
        )
    }

    static func stat(_ label: String, _ value: String, link url: SiteURL?, anchor: String = "") -> HNode {
        let inner: [HNode] = [el("b", [], txt(value)), txt(label)]
        return el("div", [("class", "stat")], url.map { [el("a", [("href", $0.path + anchor)], inner)] } ?? inner)
    }
}
