import FluentSQL
import Foundation
import YuanquKit

/// Writes one generated zone, table by table; each table is flushed before the tables that refer to it.
struct ZoneWriter {
    typealias Row = [any Encodable & Sendable]

    let profile: ZoneProfile
    let tables: ProvinceTables
    let sql: SQLDatabase
    let today: CalendarDate
    let passwordHash: String
    var gen: Demo.Generator
    private(set) var people = 0

    private var committee = UUID()
    private var company = UUID()
    private var unitIDs: [String: UUID] = [:]
    private var unitBodies: [String: UUID] = [:]
    /// People by unit name: id and name.
    private var staff: [String: [(UUID, String)]] = [:]
    private var teamIDs: [UUID] = []
    private var enterpriseNames: [String] = []
    private var industryWeights: [(String, Double)] = []

    init(profile: ZoneProfile, tables: ProvinceTables, sql: SQLDatabase, today: CalendarDate, passwordHash: String) {
        self.profile = profile
        self.tables = tables
        self.sql = sql
        self.today = today
        self.passwordHash = passwordHash
        self.gen = Demo.Generator(state: profile.seed)
    }

    private var spec: ProvinceCatalogue.ZoneSpec { profile.spec }
    private var first: Int { today.dayNumber - 3 * 365 }

    private func id(_ table: ProvinceIDs.Table, _ index: Int) -> UUID { ProvinceIDs.uuid(zone: profile.index, table: table, index: index) }

    private func fail(_ what: String) -> ProvinceDemo.Failure {
        ProvinceDemo.Failure(message: "Generated \(what) in zone \(spec.code) breaks a rule: the generator has a bug")
    }

    mutating func write() async throws {
        // Each zone leans to a few industries.
        industryWeights = CodeListDefinition.all.first { $0.list == "industry" }?.defaults.map { ($0.code, 0.3 + gen.unit() * 2) } ?? []
        try await zoneAndBodies()
        try await structure()
        try await users()
        try await campaigns()
        try await teams()
        try await enterprises()
        try await projects()
        try await services()
        try await assessment()
        try await engineering()
    }

    // MARK: zone, bodies, settings, code lists

    private mutating func zoneAndBodies() async throws {
        let z = profile.id
        try await tables.zones.add([z, spec.code, spec.name, spec.nameEn, Date()], on: sql)
        try await tables.zones.flush(on: sql)
        committee = id(.body, 0)
        company = id(.body, 1)
        let staffPerScale = 98
        let cap = 30 + staffPerScale * profile.scale / 2 + 10
        try await tables.bodies.add(
            [committee, z, BodyKind.committee.rawValue, "党工委、管委会", "Party Working Committee and Management Committee", cap],
            on: sql
        )
        try await tables.bodies.add(
            [company, z, BodyKind.company.rawValue, spec.place.name + "开发建设有限公司", spec.nameEn + " Development Co.", cap],
            on: sql
        )
        try await tables.bodies.flush(on: sql)
        for (i, s) in SettingDefinition.all.enumerated() {
            try await tables.settings.add([id(.setting, i), z, s.key, s.defaultValue], on: sql)
        }
        var n = 0
        for def in CodeListDefinition.all {
            for (i, d) in def.defaults.enumerated() {
                try await tables.codeItems.add([id(.codeItem, n), z, def.list, d.code, d.zh, d.en, i, true], on: sql)
                n += 1
            }
        }
        try await tables.settings.flush(on: sql)
        try await tables.codeItems.flush(on: sql)
    }

    // MARK: organisation and people

    private mutating func structure() async throws {
        let z = profile.id
        var unitIndex = 0
        var postIndex = 0
        var posts: [(UUID, String, Tier, Int, UUID)] = []
        for (body, specs) in [(committee, Demo.committee(scale: profile.scale)), (company, Demo.company(scale: profile.scale))] {
            for (order, u) in specs.enumerated() {
                let uid = id(.unit, unitIndex)
                unitIndex += 1
                unitIDs[u.name] = uid
                unitBodies[u.name] = body
                let parent: UUID? = u.parent.flatMap { unitIDs[$0] }
                let duties = u.duties.joined(separator: "\n")
                try await tables.units.add([uid, z, body, u.kind.rawValue, u.name, parent, u.main, duties, order, Date()], on: sql)
                for (title, tier, headcount) in u.posts {
                    let pid = id(.post, postIndex)
                    postIndex += 1
                    let requirements = tier == .staff ? "大学本科及以上学历" : "大学本科及以上学历，5 年以上相关工作经验"
                    try await tables.posts.add(
                        [pid, z, body, uid, title, tier.rawValue, u.duties.first ?? title, requirements, headcount, Date()],
                        on: sql
                    )
                    posts.append((pid, u.name, tier, headcount, uid))
                }
            }
        }
        try await tables.units.flush(on: sql)
        try await tables.posts.flush(on: sql)
        var residentIDs = Set<String>()
        for (postID, unitName, tier, headcount, unitID) in posts {
            let vacant = tier == .staff && headcount > 2 && gen.chance(0.3) ? 1 : 0
            for _ in 0..<(headcount - vacant) {
                try await person(post: postID, unit: unitID, unitName: unitName, tier: tier, residentIDs: &residentIDs)
            }
        }
        try await tables.people.flush(on: sql)
        try await tables.sealed.flush(on: sql)
        try await tables.appointments.flush(on: sql)
        try await tables.contracts.flush(on: sql)
    }

    private mutating func personName(male: Bool) -> String {
        let surname = gen.weighted(ProvinceCatalogue.surnames)
        let pool = male ? ProvinceCatalogue.givenMale : ProvinceCatalogue.givenFemale
        let firstChar = gen.chance(0.3) ? gen.pick(ProvinceCatalogue.givenShared) : gen.pick(pool)
        return gen.chance(0.2) ? surname + String(gen.pick(pool)) : surname + String(firstChar) + String(gen.pick(pool))
    }

    private mutating func digits(_ n: Int) -> String {
        var s = ""
        for _ in 0..<n { s.append(Character(String(gen.next() % 10))) }
        return s
    }

    private mutating func person(post: UUID, unit: UUID, unitName: String, tier: Tier, residentIDs: inout Set<String>) async throws {
        let z = profile.id
        let index = people
        people += 1
        let pid = id(.person, index)
        let male = gen.chance(tier == .staff ? 0.52 : 0.75)
        let name = personName(male: male)
        let years: ClosedRange<Int> = tier == .leader ? 1965...1978 : tier == .head ? 1970...1988 : 1975...2000
        let birth = CalendarDate(dayNumber: CalendarDate(year: gen.int(years), month: 1, day: 1)!.dayNumber + gen.int(0...364))
        var rid = ""
        repeat {
            let sequence = gen.int(0...499) * 2 + (male ? 1 : 0)
            let first17 = spec.place.area + birth.description.replacingOccurrences(of: "-", with: "") + pad(sequence, 3)
            guard let check = ResidentID.checkCharacter(forFirst17: first17) else { throw fail("resident ID \(first17)") }
            rid = first17 + String(check)
        } while residentIDs.contains(rid)
        residentIDs.insert(rid)
        // The Kit's own check, before anything is written.
        guard let checked = try? ResidentID(rid), checked.isMale == male, checked.birthDate == birth else {
            throw fail("resident ID \(rid)")
        }
        let phone = "1" + String(gen.pick([3, 5, 7, 8, 9])) + digits(9)
        let body = unitBodies[unitName] ?? committee
        try await tables.people.add(
            [
                pid, z, body, unit, post, name, (male ? Gender.male : Gender.female).rawValue, birth.description, phone, rid, Date(),
                PinyinOrder.key(name),
            ],
            on: sql
        )
        staff[unitName, default: []].append((pid, name))
        let identity = gen.weighted([
            (FormerIdentity.civilServant, 0.15), (.publicInstitution, 0.3), (.stateOwnedEnterprise, 0.2), (.contract, 0.2),
            (.publicRecruit, 0.15),
        ])
        let employer: String
        switch identity {
        case .civilServant: employer = spec.place.city + "市" + gen.pick(["发改委", "财政局", "商务局", "住建局", "人社局"])
        case .publicInstitution: employer = spec.place.name + gen.pick(["政务服务中心", "投资促进中心", "城建档案馆", "科技创新服务中心"])
        case .stateOwnedEnterprise: employer = spec.place.city + gen.pick(["城建集团", "交通控股", "国资投资集团", "文旅集团"])
        case .contract: employer = "劳务派遣"
        case .publicRecruit: employer = "社会招聘"
        }
        try await tables.sealed.add([id(.sealed, index), pid, identity.rawValue, employer, ""], on: sql)
        let start = CalendarDate(dayNumber: today.dayNumber - gen.int(30...(3 * 365 - 30)))
        let appointment = id(.appointment, index)
        let method = gen.chance(0.2) ? "competitive" : "direct"
        try await tables.appointments.add(
            [appointment, z, body, pid, post, start.description, 36, method, UUID?.none, String?.none, String?.none],
            on: sql
        )
        let end = start.adding(months: 36).adding(days: -1)
        try await tables.contracts.add(
            [
                id(.contract, index), z, body, pid, appointment, "fixedTerm", start.description, end.description, 0, "", "active",
                String?.none,
                UUID?.none,
            ],
            on: sql
        )
    }

    private mutating func users() async throws {
        for (i, u) in ProvinceUsers.specs.enumerated() {
            let username = ProvinceUsers.username(spec, u)
            guard username.count <= 32 else { throw fail("username \(username)") }
            let unit = u.unit.flatMap { unitIDs[$0] }
            try await tables.users.add(
                [
                    id(.user, i), username, spec.place.name + u.title, passwordHash, u.role.rawValue, profile.id, unit, UUID?.none, "zh", 0,
                    Date?.none, true, Date(),
                ],
                on: sql
            )
        }
        try await tables.users.flush(on: sql)
    }

    // MARK: personnel: campaigns

    private mutating func campaigns() async throws {
        let scheme =
            #"{"dropExtremesFrom":5,"items":[{"name":"综合素质","weight":40},{"name":"岗位匹配","weight":30},{"name":"表达沟通","weight":30}],"tieBreaks":["interview","written","registration"],"writtenWeight":0}"#
        let year = today.year
        let list: [(String, String, String, String, CalendarDate)] = [
            ("competitive", "\(year - 2)年中层岗位竞聘上岗（双向选择）", "appointment", "zoneStaff", CalendarDate(year: year - 2, month: 3, day: 6)!),
            (
                "openSelection", "\(year - 1)年经济发展部岗位面向全区公开遴选", "appointment", "zoneStaff,districtAgency,publicInstitution,districtSOE",
                CalendarDate(year: year - 1, month: 5, day: 12)!
            ),
            (
                "publicRecruitment", "\(year)年社会公开招聘（招商、工程）", "registration",
                "zoneStaff,districtAgency,publicInstitution,districtSOE,public",
                today.adding(days: -gen.int(3...20))
            ),
        ]
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for (i, c) in list.enumerated() {
            let token = String((0..<16).map { _ in gen.pick(alphabet) })
            let done = c.2 == "appointment"
            let publicityStart: String? = done ? c.4.adding(days: 40).description : nil
            let publicityEnds: String? = done ? c.4.adding(days: 46).description : nil
            try await tables.campaigns.add(
                [
                    id(.campaign, i), profile.id, committee, c.0, c.1, c.2, c.3, 3, scheme, 5, publicityStart, publicityEnds, token,
                    c.4.description, Date(),
                ],
                on: sql
            )
        }
        try await tables.campaigns.flush(on: sql)
    }

    // MARK: investment

    private mutating func teams() async throws {
        let names = ["招商一组", "招商二组", "招商三组", "招商四组", "招商五组"]
        var membership = 0
        for (i, name) in names.enumerated() {
            let team = id(.team, i)
            teamIDs.append(team)
            let members = staff[name] ?? []
            try await tables.teams.add([team, profile.id, name, unitIDs[name], members.first?.0], on: sql)
            for m in members {
                let from = CalendarDate(year: today.year - 2, month: 1, day: 1)!.adding(days: gen.int(0...400))
                try await tables.memberships.add([id(.membership, membership), team, m.0, from.description, String?.none], on: sql)
                membership += 1
            }
        }
        try await tables.teams.flush(on: sql)
        try await tables.memberships.flush(on: sql)
        var target = 0
        for team in teamIDs {
            for year in (today.year - 2)...today.year {
                let signed = max(2, Int((Double(profile.projects) * 0.12 / 5 * (0.8 + gen.unit() * 0.4)).rounded()))
                let amountWan = Int64(signed) * Int64(gen.int(12_000...30_000))
                try await tables.targets.add(
                    [
                        id(.target, target), team, String(year), signed, amountWan * 1_000_000, max(1, signed / 3),
                        amountWan * 1_000_000 / 4,
                    ],
                    on: sql
                )
                target += 1
            }
        }
        try await tables.targets.flush(on: sql)
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// A valid, unique unified social credit code: a company (91) of the zone's area, a scrambled serial number.
    func creditCode(_ index: Int) throws -> String {
        let alphabet = CreditCode.alphabet
        let space: UInt64 = 27_512_614_111  // 31^7
        var serial = (UInt64(profile.index) * 100_000 + UInt64(index)) &* 2_654_435_761 % space
        var tail: [Character] = []
        for _ in 0..<7 {
            tail.append(alphabet[Int(serial % 31)])
            serial /= 31
        }
        let first17 = "91" + spec.place.area + "MA" + String(tail)
        guard let check = CreditCode.checkCharacter(forFirst17: first17) else { throw fail("credit code \(first17)") }
        let code = first17 + String(check)
        guard (try? CreditCode(code)) != nil else { throw fail("credit code \(code)") }
        return code
    }

    private static let phoneCodes: [String: String] = [
        "南京": "025", "无锡": "0510", "徐州": "0516", "常州": "0519", "苏州": "0512", "南通": "0513", "连云港": "0518", "淮安": "0517",
        "盐城": "0515", "扬州": "0514", "镇江": "0511", "泰州": "0523", "宿迁": "0527",
    ]

    private mutating func tradeName() -> String {
        String(gen.pick(ProvinceCatalogue.tradeChars)) + String(gen.pick(ProvinceCatalogue.tradeChars))
    }

    private mutating func enterprises() async throws {
        var names = Set<String>()
        let stewards = staff["企业服务部"] ?? []
        let experts = staff["经济发展部"] ?? []
        let phoneCode = Self.phoneCodes[spec.place.city] ?? "025"
        enterpriseNames.reserveCapacity(profile.enterprises)
        for i in 0..<profile.enterprises {
            let industry = gen.weighted(industryWeights)
            var name = ""
            var tries = 0
            repeat {
                let prefix = gen.chance(0.5) ? spec.place.city : spec.place.name
                let term = gen.pick(ProvinceCatalogue.industryTerms[industry] ?? ["科技"])
                name = prefix + tradeName() + term + gen.weighted(ProvinceCatalogue.suffixes)
                tries += 1
                if tries > 20 { name = prefix + tradeName() + term + "有限公司（\(i)）" }
            } while names.contains(name)
            names.insert(name)
            enterpriseNames.append(name)
            let code = try creditCode(i)
            let founded =
                gen.chance(0.6)
                ? CalendarDate(dayNumber: first - gen.int(30...(15 * 365)))
                : ProvinceCalendar.sample(&gen, first: first, last: today.dayNumber, growth: profile.growth)
            let address =
                spec.place.city + "市" + spec.place.name + String(gen.pick(ProvinceCatalogue.roadNames))
                + String(gen.pick(ProvinceCatalogue.roadNames)) + gen.pick(ProvinceCatalogue.roads) + String(gen.int(1...399)) + " 号"
            let contact = gen.weighted(ProvinceCatalogue.surnames) + gen.pick(["经理", "主任", "总", "女士", "先生"])
            try await tables.enterprises.add(
                [
                    id(.enterprise, i), profile.id, name, code, industry, address, contact,
                    phoneCode + "-" + String(gen.int(5...8)) + digits(7),
                    stewards.isEmpty ? nil : gen.pick(stewards).0, experts.isEmpty ? nil : gen.pick(experts).0, founded.description,
                    PinyinOrder.key(name),
                ],
                on: sql
            )
        }
        try await tables.enterprises.flush(on: sql)
    }

    private mutating func projects() async throws {
        let agreementPrefix = spec.place.pinyin.uppercased() + "-" + spec.kind.code.uppercased()
        var agreements: [Int: Int] = [:]
        let amountMedianWan = 15_000 * pow(profile.size, 0.3)
        for k in 0..<profile.projects {
            let industry = gen.weighted(industryWeights)
            let created = ProvinceCalendar.sample(&gen, first: first - 180, last: today.dayNumber, growth: profile.growth)
            let wan = Int64(min(3_000_000, max(500, amountMedianWan * exp(1.1 * gen.normal()))).rounded())
            let amount = wan * 1_000_000
            // The funnel: each step is taken with a chance, and only once its date has come.
            var stage = ProjectStage.lead
            var evidence = ProjectStageRule.Evidence()
            var signedAmount: Int64? = nil
            var invested: Int64 = 0
            let chances: [ProjectStage: Double] = [
                .negotiation: 0.8, .signed: 0.55 * profile.performance, .registered: 0.8, .underConstruction: 0.72, .inOperation: 0.6,
            ]
            var day = created
            var enterpriseIndex: Int? = nil
            while let next = stage.next, gen.chance(chances[next] ?? 0) {
                var e = evidence
                switch next {
                case .negotiation:
                    day = day.adding(days: gen.int(10...90))
                case .signed:
                    day = day.adding(days: gen.int(20...200))
                    // Quarter-end pushes: many agreements are signed in the last fortnight of a quarter.
                    if gen.chance(0.3) {
                        let quarterEnd = CalendarDate(year: day.year, month: (day.month - 1) / 3 * 3 + 3, day: 1)!.adding(months: 1).adding(
                            days: -1
                        )
                        day = quarterEnd.adding(days: -gen.int(0...13))
                    }
                    let year = day.year
                    agreements[year, default: 0] += 1
                    e.signingDate = day
                    e.agreementNumber = "\(agreementPrefix)-\(year)-\(pad(agreements[year] ?? 0, 4))"
                    let signed = Int64((Double(wan) * (0.85 + gen.unit() * 0.15)).rounded()) * 1_000_000
                    e.signedAmount = Money(fen: signed)
                    signedAmount = signed
                case .registered:
                    day = day.adding(days: gen.int(15...120))
                    let index = k * profile.enterprises / max(1, profile.projects)
                    enterpriseIndex = index
                    e.creditCode = try creditCode(index)
                case .underConstruction:
                    day = day.adding(days: gen.int(30...240))
                    e.startDate = day
                case .inOperation:
                    day = day.adding(days: gen.int(180...720))
                    e.operationDate = day
                default: break
                }
                guard day <= today else { break }
                do { try ProjectStageRule.check(from: stage, to: next, evidence: e) } catch { throw fail("stage move \(stage) → \(next)") }
                evidence = e
                stage = next
            }
            if stage == .registered || stage == .underConstruction || stage == .inOperation {
                let base = signedAmount ?? amount
                let share =
                    stage == .registered ? gen.unit() * 0.1 : stage == .underConstruction ? 0.1 + gen.unit() * 0.5 : 0.6 + gen.unit() * 0.4
                invested = Int64(Double(base / 1_000_000) * share) * 1_000_000
            }
            var droppedReason: String? = nil
            if stage != .inOperation && gen.chance(stage == .lead || stage == .negotiation ? 0.14 : 0.03) {
                let reason = gen.pick(ProvinceCatalogue.dropReasons)
                do { try ProjectStageRule.check(from: stage, to: .dropped, evidence: .init(reason: reason)) } catch { throw fail("drop") }
                droppedReason = reason
                stage = .dropped
            }
            let term = gen.pick(ProvinceCatalogue.projectTerms[industry] ?? ["产业"])
            let investor =
                enterpriseIndex.map { enterpriseNames[$0] }
                ?? (gen.chance(0.5) ? spec.place.city : "") + tradeName() + gen.pick(["集团有限公司", "控股有限公司", "科技股份有限公司", "投资有限公司"])
            let enterpriseID: UUID? = enterpriseIndex.map { id(.enterprise, $0) }
            try await tables.projects.add(
                [
                    id(.project, k), profile.id, tradeName() + term + "项目", investor, enterpriseID, industry,
                    gen.weighted(ProvinceCatalogue.regions), amount, signedAmount, invested, teamIDs.isEmpty ? nil : gen.pick(teamIDs),
                    stage.rawValue, evidence.signingDate?.description, evidence.agreementNumber, evidence.creditCode,
                    evidence.startDate?.description, evidence.operationDate?.description, droppedReason, created.description,
                ],
                on: sql
            )
        }
        try await tables.projects.flush(on: sql)
    }

    // MARK: enterprise service

    private mutating func services() async throws {
        let labels = CodeListDefinition.all.first { $0.list == "industry" }?.defaults ?? []
        let lead = labels.max { a, b in
            (industryWeights.first { $0.0 == a.code }?.1 ?? 0) < (industryWeights.first { $0.0 == b.code }?.1 ?? 0)
        }
        let sector = lead?.zh ?? "先进制造"
        let platforms: [(String, String)] = [
            (spec.place.city + "市" + sector + "产业联盟", "alliance"),
            (spec.place.name + sector + "产业促进中心", "centre"),
            (spec.place.city + "市" + sector + "行业协会", "association"),
        ]
        for (i, p) in platforms.enumerated() {
            try await tables.platforms.add([id(.platform, i), profile.id, p.0, p.1, ""], on: sql)
        }
        try await tables.platforms.flush(on: sql)
        let holders = staff["企业服务部"] ?? []
        let unit = unitIDs["企业服务部"]
        let calendar = WorkCalendar()
        let count = profile.enterprises * 3 / 10
        var step = 0
        for r in 0..<count {
            let type = gen.weighted([
                ("policy", 0.3), ("land", 0.1), ("approval", 0.2), ("talent", 0.15), ("financing", 0.1), ("supplyChain", 0.05),
                ("other", 0.1),
            ])
            let opened = ProvinceCalendar.sample(&gen, first: first, last: today.dayNumber, growth: profile.growth)
            let limit = ServiceDeadline.defaultLimits[type] ?? 10
            let due = ServiceDeadline.due(opened: opened, days: limit, calendar: calendar)
            let age = today.dayNumber - opened.dayNumber
            // Better zones close more requests, and in time.
            let onTime = min(0.97, 0.55 + (profile.performance - 0.8) * 1.0)
            var closed: CalendarDate? = nil
            if age > 60 ? gen.chance(0.97) : gen.chance(Double(age) / 90) {
                let span = due.dayNumber - opened.dayNumber
                let days = gen.chance(onTime) ? gen.int(1...max(1, span)) : span + gen.int(1...40)
                let c = opened.adding(days: days)
                if c <= today { closed = c }
            }
            let status = closed != nil ? "closed" : (gen.chance(0.55) ? "inProgress" : "open")
            var satisfaction: Int? = nil
            if closed != nil {
                let shift = profile.performance - 1
                satisfaction = gen.weighted([(1, 0.03), (2, 0.05), (3, 0.12 - shift * 0.2), (4, 0.35), (5, 0.45 + shift)])
            }
            let rid = id(.request, r)
            let platform: UUID? = gen.chance(0.15) ? id(.platform, gen.int(0...2)) : nil
            try await tables.requests.add(
                [
                    rid, profile.id, id(.enterprise, gen.int(0...(profile.enterprises - 1))), type,
                    gen.pick(ProvinceCatalogue.requestTitles[type] ?? ["企业诉求"]), "", holders.isEmpty ? nil : gen.pick(holders).0, unit,
                    platform,
                    opened.description, due.description, status, closed?.description, satisfaction,
                ],
                on: sql
            )
            if status != "open" {
                let stepDay = min(today, opened.adding(days: 1))
                try await tables.steps.add([id(.step, step), rid, stepDay.description, "已与承办单位沟通，正在办理", "管家"], on: sql)
                step += 1
            }
            if let c = closed {
                try await tables.steps.add([id(.step, step), rid, c.description, "办结：企业确认问题已解决", "管家"], on: sql)
                step += 1
            }
        }
        try await tables.requests.flush(on: sql)
        try await tables.steps.flush(on: sql)
    }

    // MARK: performance

    private mutating func assessment() async throws {
        let rules = try PerformanceService.encode(SchemeRules.standard)
        let year = today.year
        let hr = ProvinceUsers.username(spec, ProvinceUsers.specs[2])
        let annualScheme = id(.scheme, 0)
        let quarterlyScheme = id(.scheme, 1)
        try await tables.schemes.add(
            [annualScheme, profile.id, year - 1, "\(year - 1)年度综合考核方案", 1, "published", rules, UUID?.none, "\(year - 1)-01-06", hr],
            on: sql
        )
        try await tables.schemes.add(
            [quarterlyScheme, profile.id, year, "\(year)年度季度考核方案", 1, "published", rules, UUID?.none, "\(year)-01-06", hr],
            on: sql
        )
        try await tables.schemes.flush(on: sql)
        var cycles: [(UUID, UUID, String, String, String, String)] = []
        cycles.append((id(.cycle, 0), annualScheme, "\(year - 1)年度考核", "annual", "\(year - 1)-01-01", "\(year - 1)-12-31"))
        for q in 1...4 {
            let start = CalendarDate(year: year, month: q * 3 - 2, day: 1)!
            guard start <= today else { break }
            let end = start.adding(months: 3).adding(days: -1)
            cycles.append((id(.cycle, q), quarterlyScheme, "\(year)年第\(q)季度考核", "quarterly", start.description, end.description))
        }
        var resultIndex = 0
        for c in cycles {
            let ends = CalendarDate(
                year: Int(c.5.prefix(4)) ?? year,
                month: Int(c.5.dropFirst(5).prefix(2)) ?? 12,
                day: Int(c.5.suffix(2)) ?? 31
            )!
            let age = today.dayNumber - ends.dayNumber
            let status = age > 40 ? "final" : age > 0 ? "notice" : "open"
            let notice: CalendarDate? = age > 0 ? ends.adding(days: min(age - 1, 19)) : nil
            try await tables.cycles.add(
                [c.0, profile.id, c.1, c.2, c.3, c.4, c.5, status, notice?.description, notice?.adding(days: 4).description, "{}"],
                on: sql
            )
            try await tables.cycles.flush(on: sql)
            guard status != "open" else { continue }
            // Scores: units and teams, then each person within a unit; the zone's performance moves them all.
            var groups: [(String, [(UUID, String, UUID)])] = []
            groups.append(("unit", unitIDs.sorted { $0.key < $1.key }.map { ($0.value, $0.key, $0.value) }))
            let teamNames = ["招商一组", "招商二组", "招商三组", "招商四组", "招商五组"]
            groups.append(("team", teamIDs.enumerated().map { ($0.element, teamNames[$0.offset], $0.element) }))
            for (unit, members) in staff.sorted(by: { $0.key < $1.key }) {
                groups.append(("person", members.map { ($0.0, $0.1, unitIDs[unit] ?? profile.id) }))
            }
            for (assessee, members) in groups {
                let scores = members.map { _ in min(100, max(40, 80 + 40 * (profile.performance - 1) + 7 * gen.normal())) }
                let order = scores.indices.sorted { scores[$0] > scores[$1] }
                let quota = max(1, members.count / 5)
                for (rank, i) in order.enumerated() {
                    let score = (scores[i] * 100).rounded() / 100
                    let grade: Grade =
                        score >= 90 && rank < quota
                        ? .excellent : score >= 70 ? .competent : score >= 60 ? .basicallyCompetent : .incompetent
                    let pay: Int64? =
                        assessee == "person"
                        ? Int64(300_000 * (grade == .excellent ? 1.3 : grade == .competent ? 1 : grade == .basicallyCompetent ? 0.8 : 0))
                        : nil
                    try await tables.results.add(
                        [
                            id(.result, resultIndex), c.0, c.1, 1, assessee, members[i].0, members[i].1, members[i].2, score,
                            grade.rawValue, rank + 1,
                            pay, "{}",
                        ],
                        on: sql
                    )
                    resultIndex += 1
                }
            }
        }
        try await tables.cycles.flush(on: sql)
        try await tables.results.flush(on: sql)
    }

    // MARK: engineering

    private mutating func engineering() async throws {
        let programmes = [
            ("“四新”行动计划", "新型基础设施、新兴产业载体、新型城镇化与新公共服务设施建设", "SX"),
            ("“新都市”行动计划", "产城融合的新都市功能：人才安居、公共服务、生态与市政配套", "XDS"),
        ]
        for (i, p) in programmes.enumerated() {
            try await tables.programmes.add(
                [id(.programme, i), profile.id, p.0, p.1, "\(today.year - 3)-01-01", "\(today.year + 3)-12-31"],
                on: sql
            )
        }
        try await tables.programmes.flush(on: sql)
        let engineers = staff["工程管理部"] ?? []
        let owner = spec.place.name + "开发建设有限公司"
        var milestone = 0
        var entry = 0
        var projects: [(UUID, CalendarDate, CalendarDate, String, Int)] = []
        for k in 0..<profile.constructionProjects {
            let programme = k % 2
            let code = programmes[programme].2 + "-" + String(k + 1)
            let name =
                spec.place.name + String(gen.pick(ProvinceCatalogue.roadNames)) + String(gen.pick(ProvinceCatalogue.roadNames))
                + gen.pick(ProvinceCatalogue.constructionTerms) + gen.pick(["", "（一期）", "（二期）", "（三期）"])
            let stage = gen.weighted([
                ("preparation", 0.05), ("design", 0.1), ("tendering", 0.14), ("construction", 0.6), ("completed", 0.06), ("settled", 0.05),
            ])
            let start: CalendarDate
            switch stage {
            case "preparation", "design", "tendering": start = today.adding(days: gen.int(-60...200))
            case "construction": start = today.adding(days: -gen.int(30...700))
            default: start = today.adding(days: -gen.int(700...1000))
            }
            let end = start.adding(days: gen.int(400...900))
            let progress: Int
            switch stage {
            case "completed", "settled": progress = 100
            case "construction":
                progress = min(95, max(5, (today.dayNumber - start.dayNumber) * 100 / max(1, end.dayNumber - start.dayNumber)))
            default: progress = 0
            }
            let wan = Int64(min(500_000, max(2_000, 30_000 * exp(0.8 * gen.normal()))).rounded())
            let pid = id(.construction, k)
            try await tables.constructions.add(
                [
                    pid, profile.id, id(.programme, programme), code, name, spec.name + gen.pick(["东区", "西区", "南区", "北区", "核心区"]),
                    wan * 1_000_000, wan * 200_000, owner, name + "项目部", engineers.isEmpty ? nil : gen.pick(engineers).0, gen.chance(0.3),
                    progress, stage, start.description, end.description,
                ],
                on: sql
            )
            projects.append((pid, start, end, stage, progress))
        }
        try await tables.constructions.flush(on: sql)
        let engineerName = spec.place.name + "工程管理部工程师"
        for (pid, start, end, stage, progress) in projects {
            // Planned: approvals before the start, the rest spread to the end; late zones slip more.
            let planned = [
                start.adding(days: -180), start.adding(days: -110), start.adding(days: -40), start,
                start.adding(days: (end.dayNumber - start.dayNumber) * 2 / 3),
                end,
            ]
            let reached: Int
            switch stage {
            case "preparation": reached = 0
            case "design": reached = 1
            case "tendering": reached = 2
            case "construction": reached = progress >= 70 ? 5 : 4
            default: reached = 6
            }
            for (i, plan) in planned.enumerated() {
                var actual: CalendarDate? = nil
                if i < reached {
                    let slip = Int((1 - profile.performance) * 60 + 12 * gen.normal())
                    let a = plan.adding(days: slip)
                    actual = min(a, today)
                }
                try await tables.milestones.add(
                    [id(.milestone, milestone), pid, i + 1, ProvinceCatalogue.milestoneNames[i], plan.description, actual?.description],
                    on: sql
                )
                milestone += 1
            }
            guard progress > 0 else { continue }
            let entries = gen.int(2...4)
            for e in 1...entries {
                let day = min(today, start.adding(days: (min(today, end).dayNumber - start.dayNumber) * e / entries))
                try await tables.progress.add(
                    [id(.progress, entry), pid, day.description, progress * e / entries, e == entries ? "按计划推进" : "主体结构施工", engineerName],
                    on: sql
                )
                entry += 1
            }
        }
        try await tables.milestones.flush(on: sql)
        try await tables.progress.flush(on: sql)
    }
}
