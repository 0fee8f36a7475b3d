import Fluent
import FluentSQL
import Vapor
import YuanquKit

/// The demo zone from the seed report (浦口经济开发区, 2020): the committee's 五部一中心 and the development
/// company, posts within the caps, about 120 people with synthetic names, and one user per role.
enum Demo {
    static let password = "Yuanqu2020"
    struct DemoUser {
        let username: String
        let name: String
        let role: Role
        let unit: String?
    }
    static let users: [DemoUser] = [
        .init(username: "platform", name: "平台管理员", role: .platformAdmin, unit: nil),
        .init(username: "admin", name: "园区管理员", role: .zoneAdmin, unit: nil),
        .init(username: "leader", name: "园区领导", role: .leader, unit: nil),
        .init(username: "hr", name: "人事专员", role: .hr, unit: nil),
        .init(username: "head", name: "招商中心主任", role: .unitHead, unit: "招商中心"),
        .init(username: "staff", name: "招商专员", role: .staff, unit: "招商一组"),
        .init(username: "auditor", name: "审计专员", role: .auditor, unit: nil),
        .init(username: "engineer", name: "工程管理部工程师", role: .engineer, unit: "工程管理部"),
        .init(username: "cost", name: "造价合约部造价工程师", role: .costStaff, unit: "造价合约部"),
        .init(username: "design", name: "规划建设部设计管理", role: .staff, unit: "规划建设部"),
    ]

    struct UnitSpec {
        let name: String
        let kind: UnitKind
        let parent: String?
        let main: Bool
        let duties: [String]
        let posts: [(String, Tier, Int)]
    }

    /// The committee: leadership, five departments and the investment promotion centre with its teams.
    /// One duty (企业诉求受理) is claimed by two units on purpose: the overlap view shows it.
    static func committee(scale: Int) -> [UnitSpec] {
        let teams = (1...5).map { i in
            UnitSpec(
                name: "招商\(["一", "二", "三", "四", "五"][i - 1])组",
                kind: .team,
                parent: "招商中心",
                main: true,
                duties: ["\(["集成电路", "新能源汽车", "生物医药", "智能制造", "现代服务业"][i - 1])产业招商"],
                posts: [("招商组员", .staff, 3 * scale)]
            )
        }
        return [
            UnitSpec(
                name: "党工委管委会领导班子",
                kind: .leadership,
                parent: nil,
                main: false,
                duties: ["把方向、谋大局、定政策、促改革", "园区发展战略决策"],
                posts: [("党工委书记", .leader, 1), ("管委会主任", .leader, 1), ("管委会副主任", .leader, 3)]
            ),
            UnitSpec(
                name: "综合管理部",
                kind: .department,
                parent: "党工委管委会领导班子",
                main: false,
                duties: ["党建与党风廉政建设", "文秘、会务与督办", "人事与绩效考核组织", "后勤保障"],
                posts: [("部长", .head, 1), ("副部长", .head, 1), ("综合文秘岗", .staff, 3 * scale), ("人事专员岗", .staff, 3 * scale)]
            ),
            UnitSpec(
                name: "经济发展部",
                kind: .department,
                parent: "党工委管委会领导班子",
                main: true,
                duties: ["经济运行分析与统计", "产业规划与产业政策", "科技创新与人才政策"],
                posts: [("部长", .head, 1), ("副部长", .head, 1), ("经济运行岗", .staff, 3 * scale), ("产业政策岗", .staff, 3 * scale)]
            ),
            UnitSpec(
                name: "规划建设部",
                kind: .department,
                parent: "党工委管委会领导班子",
                main: true,
                duties: ["规划管理", "重点工程建设管理", "“四新”“新都市”行动项目推进"],
                posts: [("部长", .head, 1), ("副部长", .head, 1), ("规划管理岗", .staff, 3 * scale), ("工程管理岗", .staff, 4 * scale)]
            ),
            UnitSpec(
                name: "财政金融部",
                kind: .department,
                parent: "党工委管委会领导班子",
                main: false,
                duties: ["财政预算与决算", "国有资产监管", "金融服务与融资对接"],
                posts: [("部长", .head, 1), ("副部长", .head, 1), ("财务管理岗", .staff, 5 * scale)]
            ),
            UnitSpec(
                name: "企业服务部",
                kind: .department,
                parent: "党工委管委会领导班子",
                main: true,
                duties: ["企业全链条服务", "政策兑现", "企业诉求受理", "安全生产与环境保护"],
                posts: [("部长", .head, 1), ("副部长", .head, 1), ("企业管家岗", .staff, 6 * scale)]
            ),
            UnitSpec(
                name: "招商中心",
                kind: .centre,
                parent: "党工委管委会领导班子",
                main: true,
                duties: ["招商引资", "项目洽谈与签约", "企业诉求受理", "服务平台对接"],
                posts: [("中心主任", .head, 1), ("中心副主任", .head, 2), ("招商专员", .staff, 3 * scale)]
            ),
        ] + teams
    }

    static func company(scale: Int) -> [UnitSpec] {
        [
            UnitSpec(
                name: "公司领导班子",
                kind: .leadership,
                parent: nil,
                main: false,
                duties: ["公司经营决策"],
                posts: [("董事长", .leader, 1), ("总经理", .leader, 1), ("副总经理", .leader, 2)]
            ),
            UnitSpec(
                name: "综合办公室",
                kind: .department,
                parent: "公司领导班子",
                main: false,
                duties: ["公司行政与人事", "公司档案管理"],
                posts: [("主任", .head, 1), ("行政专员", .staff, 6 * scale)]
            ),
            UnitSpec(
                name: "工程管理部",
                kind: .department,
                parent: "公司领导班子",
                main: true,
                duties: ["工程建设现场管理", "项目部管理"],
                posts: [("经理", .head, 1), ("工程师", .staff, 16 * scale)]
            ),
            UnitSpec(
                name: "资产运营部",
                kind: .department,
                parent: "公司领导班子",
                main: true,
                duties: ["园区载体建设与运营", "国有资产经营"],
                posts: [("经理", .head, 1), ("运营专员", .staff, 13 * scale)]
            ),
            UnitSpec(
                name: "财务部",
                kind: .department,
                parent: "公司领导班子",
                main: false,
                duties: ["公司财务核算", "融资管理"],
                posts: [("经理", .head, 1), ("会计", .staff, 6 * scale)]
            ),
            UnitSpec(
                name: "造价合约部",
                kind: .department,
                parent: "公司领导班子",
                main: true,
                duties: ["工程造价管理", "招投标与合同管理"],
                posts: [("经理", .head, 1), ("造价工程师", .staff, 9 * scale)]
            ),
        ]
    }

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
    static let givenMale = Array("伟强磊军洋勇杰涛明超平刚华彬鹏辉斌宇浩凯健俊帆帅旭宁晨峰建国志文")
    static let givenFemale = Array("芳娜敏静丽艳娟秀霞桂英玉萍红玲芬燕琳晶欣悦婷雪慧颖倩")

    /// A small deterministic generator, so the demo is the same on every machine.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
        mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    }

    /// The active accounts that still have the published demo password (`password`), as "username (role, zone)" — at
    /// most `limit`, then how many more. No other account can take it (`PasswordPolicy.published`), so the demo's
    /// accounts are all there is to check: the demo users by name, and the generated zones' users, which share one
    /// hash (a password hashed for one account alone has a salt of its own). Each distinct hash is checked once.
    static func accountsWithPublishedPassword(_ app: Application, limit: Int = 20) async throws -> [String] {
        let names = users.map(\.username)
        var candidates = try await User.query(on: app.db).filter(\.$active == true).filter(\.$username ~~ names).all()
        if let sql = app.db as? SQLDatabase {
            struct Shared: Decodable { let hash: String }
            let query: SQLQueryString = "SELECT password_hash AS hash FROM users WHERE active GROUP BY password_hash HAVING COUNT(*) > 1"
            let shared = try await sql.raw(query).all(decoding: Shared.self).map(\.hash)
            if !shared.isEmpty {
                candidates += try await User.query(on: app.db).filter(\.$active == true).filter(\.$passwordHash ~~ shared).all()
            }
        }
        var verdict: [String: Bool] = [:]
        for hash in Set(candidates.map(\.passwordHash)) {
            verdict[hash] = (try? await app.password.async.verify(password, created: hash)) ?? false
        }
        let zones = try await Zone.query(on: app.db).all()
        let codes = Dictionary(uniqueKeysWithValues: zones.map { ($0.id!, $0.code) })
        var seen = Set<UUID>()
        let found = candidates.filter { verdict[$0.passwordHash] == true && seen.insert($0.id!).inserted }.sorted {
            ($0.username, $0.zoneID.flatMap { codes[$0] } ?? "") < ($1.username, $1.zoneID.flatMap { codes[$0] } ?? "")
        }
        let lines = found.prefix(limit).map { u in "\(u.username) (\(u.role)\(u.zoneID.flatMap { codes[$0] }.map { ", " + $0 } ?? ""))" }
        return found.count > limit ? lines + ["… and \(found.count - limit) more"] : lines
    }

    /// Seeds the demo zone into an empty database. Answers whether it did.
    static func seedIfEmpty(_ app: Application) async throws -> Bool {
        let zones = try await Zone.query(on: app.db).count()
        let users = try await User.query(on: app.db).count()
        guard zones == 0 || (zones == 1 && users == 0) else { return false }
        return try await seedZone(app)
    }

    /// Seeds the demo zone and whichever demo users are missing (and, unless told not to, its assessment cycles and
    /// its engineering programmes). Answers whether the zone was new.
    static func seedZone(_ app: Application, assessment: Bool = true, engineering: Bool = true) async throws -> Bool {
        var made = false
        let zone: Zone
        if let z = try await Zone.query(on: app.db).filter(\.$code == "pukou").first() {
            zone = z
        } else {
            zone = try await ZoneService.create(
                app,
                actor: .commandLine,
                NewZone(
                    code: "pukou",
                    name: "浦口经济开发区",
                    nameEn: "Pukou Economic Development Zone",
                    committeeCap: 70,
                    companyCap: 65,
                    companyName: "南京浦口经济开发有限公司",
                    companyNameEn: "Nanjing Pukou Economic Development Co., Ltd."
                )
            )
            made = true
        }
        if try await OrgUnit.query(on: app.db).filter(\.$zoneID == zone.id!).count() == 0 {
            try await seedStructure(app, zone: zone, scale: 1, vacancies: 5, seed: 2020)
        }
        for u in users {
            // Usernames are unique per zone: the platform's demo user among platform users, the others in the zone.
            let home = u.role.isPlatform ? nil : zone.id
            if try await User.query(on: app.db).filter(\.$zoneID == home).filter(\.$username == u.username).count() > 0 { continue }
            let unitID =
                try await u.unit.asyncMap { name in
                    try await OrgUnit.query(on: app.db).filter(\.$zoneID == zone.id!).filter(\.$name == name).first()?.id
                } ?? nil
            _ = try await UserService.create(
                app,
                actor: .commandLine,
                username: u.username,
                displayName: u.name,
                role: u.role.rawValue,
                zoneCode: u.role.isPlatform ? nil : "pukou",
                unitID: unitID?.uuidString,
                password: password,
                demo: true,
                hash: { try app.password.hash($0) }
            )
        }
        // The centre head, staff, engineering and cost users are people of the zone: their own record is what the "own"
        // reach shows (an enterprise the head adds is theirs to steward), and the engineering demo makes them holders of
        // responsibilities on projects.
        for name in ["head", "staff", "engineer", "cost", "design"] {
            guard let user = try await User.query(on: app.db).filter(\.$zoneID == zone.id).filter(\.$username == name).first(),
                user.personID == nil,
                let unit = user.unitID,
                let person = try await Person.query(on: app.db).filter(\.$unitID == unit).sort(\.$name).first()
            else { continue }
            user.personID = person.id
            try await Writes.perform(app, actor: .commandLine) { db, trail in
                try await user.update(on: db)
                trail.record("update", "user", id: user.id!.uuidString, zone: zone.id, after: ["personId": person.id!.uuidString])
            }
        }
        // The areas' demo data last: it refers to the demo users (the staff user holds service requests).
        try await PersonnelDemo.seed(app, zone: zone)
        try await InvestmentDemo.seed(app, zone: zone)
        if assessment { try await PerformanceDemo.seed(app, zone: zone) }
        if engineering { try await EngineeringDemo.seed(app, zone: zone) }
        return made
    }

    static let cityZones: [(String, String, String)] = [
        ("jiangning", "江宁经济技术开发区", "Jiangning"), ("liuhe", "六合经济开发区", "Liuhe"), ("lishui", "溧水经济开发区", "Lishui"),
        ("gaochun", "高淳经济开发区", "Gaochun"), ("qixia", "栖霞经济开发区", "Qixia"), ("yuhua", "雨花经济开发区", "Yuhua"),
        ("jianye", "建邺高新区", "Jianye"), ("qinhuai", "秦淮硅巷", "Qinhuai"), ("xuanwu", "玄武园区", "Xuanwu"), ("gulou", "鼓楼园区", "Gulou"),
        ("xianlin", "仙林园区", "Xianlin"), ("qilin", "麒麟科创园", "Qilin"), ("zijin", "紫金科创园", "Zijin"), ("baguazhou", "八卦洲园区", "Baguazhou"),
    ]

    /// Fifteen zones like the demo zone (the demo zone and fourteen more), each at twice its staff: thousands of people in all.
    /// `others`: how many of the fourteen (tests take a few: the generator treats each alike).
    static func seedCity(_ app: Application, others: Int = cityZones.count) async throws -> Int {
        _ = try await seedZone(app)
        var made = 1
        for (i, z) in cityZones.prefix(others).enumerated() {
            guard try await Zone.query(on: app.db).filter(\.$code == z.0).count() == 0 else { continue }
            let zone = try await ZoneService.create(
                app,
                actor: .commandLine,
                NewZone(code: z.0, name: z.1, nameEn: z.2 + " Development Zone", committeeCap: 140, companyCap: 130)
            )
            try await seedStructure(app, zone: zone, scale: 2, vacancies: 8, seed: UInt64(3000 + i))
            try await InvestmentDemo.seed(app, zone: zone)
            try await PerformanceDemo.seed(app, zone: zone)
            made += 1
        }
        return made
    }

    /// Units, posts and people of one zone, written through the organisation's audited write path.
    static func seedStructure(_ app: Application, zone: Zone, scale: Int, vacancies: Int, seed: UInt64) async throws {
        let zoneID = zone.id!
        let identities: [FormerIdentity] = [
            .civilServant, .publicInstitution, .publicInstitution, .stateOwnedEnterprise, .contract, .publicRecruit,
        ]
        let employers = ["浦口区发改委", "浦口区财政局", "区属国有企业", "南京某事业单位", "社会招聘", "浦口区住建局"]
        try await Writes.perform(app, actor: .commandLine) { db, trail in
            var gen = Generator(state: seed)
            var postsMade: [(Post, String)] = []
            for (bodyKind, specs) in [(BodyKind.committee, committee(scale: scale)), (.company, company(scale: scale))] {
                for (i, spec) in specs.enumerated() {
                    let unit = try await OrgService.saveUnit(
                        UnitInput(
                            body: bodyKind.rawValue,
                            kind: spec.kind.rawValue,
                            name: spec.name,
                            parentId: nil,
                            parent: spec.parent ?? "",
                            isMainBusiness: spec.main,
                            duties: spec.duties
                        ),
                        existing: nil,
                        actor: .commandLine,
                        zone: zoneID,
                        db: db,
                        trail: trail
                    )
                    unit.sortOrder = i
                    try await unit.update(on: db)
                    for (title, tier, n) in spec.posts {
                        let post = try await OrgService.savePost(
                            PostInput(
                                body: nil,
                                unitId: unit.id!.uuidString,
                                unit: nil,
                                title: title,
                                tier: tier.rawValue,
                                headcount: n,
                                duties: [spec.duties.first ?? title],
                                requirements: tier == .staff ? "大学本科及以上学历" : "大学本科及以上学历，5 年以上相关工作经验"
                            ),
                            existing: nil,
                            actor: .commandLine,
                            zone: zoneID,
                            db: db,
                            trail: trail
                        )
                        postsMade.append((post, unit.name))
                    }
                }
            }
            var seq = 100
            var left = vacancies
            for (post, _) in postsMade {
                let fill = post.headcount - ((left > 0 && post.tier == .staff && post.headcount > 2) ? 1 : 0)
                if fill < post.headcount { left -= 1 }
                for _ in 0..<fill {
                    let male = gen.next() % 2 == 0
                    let given = male ? givenMale : givenFemale
                    let name = String(gen.pick(surnames)) + String(gen.pick(given)) + (gen.next() % 3 == 0 ? "" : String(gen.pick(given)))
                    let birth = CalendarDate(year: gen.int(1968...1998), month: gen.int(1...12), day: gen.int(1...28))!
                    seq += 1
                    var s = seq % 1000
                    if (s % 2 == 1) != male { s = (s + 1) % 1000 }
                    let first17 = "320111" + String(format: "%04d%02d%02d", birth.year, birth.month, birth.day) + String(format: "%03d", s)
                    let rid = first17 + String(ResidentID.checkCharacter(forFirst17: first17)!)
                    let phone = "1" + String(gen.pick([3, 5, 7, 8, 9])) + String(format: "%09d", gen.int(0...999_999_999))
                    let k = gen.int(0...(identities.count - 1))
                    _ = try await OrgService.savePerson(
                        PersonInput(
                            body: nil,
                            unitId: nil,
                            unit: nil,
                            postId: post.id!.uuidString,
                            post: nil,
                            name: name,
                            gender: nil,
                            birthDate: nil,
                            phone: phone,
                            residentId: rid,
                            formerIdentity: identities[k].rawValue,
                            formerEmployer: employers[k]
                        ),
                        existing: nil,
                        actor: .commandLine,
                        zone: zoneID,
                        db: db,
                        trail: trail
                    )
                }
            }
        }
    }
}
