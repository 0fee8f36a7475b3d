import Fluent
import Vapor
import YuanquKit

/// The investment promotion centre's five teams and about 150 projects: more than 80 signed projects of
/// ¥100 million or more, about ¥55 billion in all, as the seed report says.
enum InvestmentDemo {
    static let investors = ["晶芯", "华瑞", "紫峰", "博创", "中科", "恒通", "芯源", "宁泰", "江海", "远景", "康瑞", "智造", "华辰", "启明", "天工", "长江",
                            "国芯", "汇能", "赛维", "安泰"]
    static let suffix: [String: [String]] = [
        "ic": ["12 英寸晶圆", "封装测试", "芯片设计", "功率半导体", "光刻材料"], "nev": ["动力电池", "电驱系统", "整车配套", "充换电设施"],
        "biomed": ["创新药", "医疗器械", "生物试剂"], "smartmfg": ["工业机器人", "智能装备", "精密制造"], "services": ["总部经济", "供应链金融", "研发中心"],
    ]

    static func seed(_ app: Application, zone: Zone) async throws {
        let zoneID = zone.id!
        guard try await InvestmentTeam.query(on: app.db).filter(\.$zoneID == zoneID).count() == 0 else { return }
        var g = Demo.Generator(state: 550)
        let today = CalendarDate.today()
        let year = today.year
        try await Writes.perform(app, actor: .commandLine) { db, trail in
            let teamUnits = try await OrgUnit.query(on: db).filter(\.$zoneID == zoneID).filter(\.$kind == .team).sort(\.$name).all()
            var teams: [InvestmentTeam] = []
            for (i, u) in teamUnits.enumerated() {
                let members = try await Person.query(on: db).filter(\.$unitID == u.id!).sort(\.$name).all()
                let t = InvestmentTeam()
                t.zoneID = zoneID; t.name = u.name; t.unitID = u.id; t.leaderID = members.first?.id
                try await t.create(on: db)
                for m in members {
                    let ms = TeamMembership(); ms.teamID = t.id!; ms.personID = m.id!; ms.fromDate = "\(year - 1)-01-01"
                    try await ms.create(on: db)
                }
                let target = TeamTarget()
                target.teamID = t.id!; target.period = String(year); target.signedCount = 12 + i; target.signedAmountFen = Money.yi(Int64(80 + 10 * i)).fen
                target.majorCount = 9 + i; target.investedAmountFen = Money.yi(Int64(20 + 3 * i)).fen
                try await target.create(on: db)
                teams.append(t)
            }
            let industries = ["ic", "ic", "ic", "nev", "nev", "biomed", "smartmfg", "services"]
            // Stages: 85 major signed projects, 8 signed below the threshold, 30 in negotiation, 15 leads, 12 dropped.
            var plan: [ProjectStage] = Array(repeating: .signed, count: 25) + Array(repeating: .registered, count: 25)
                + Array(repeating: .underConstruction, count: 20) + Array(repeating: .inOperation, count: 15)
            plan += Array(repeating: ProjectStage.signed, count: 8) + Array(repeating: .negotiation, count: 30) + Array(repeating: .lead, count: 15) + Array(repeating: .dropped, count: 12)
            // Major amounts add up to ¥55 billion exactly: 85 draws scaled to the total.
            let draws = (0..<85).map { _ in 100 + Int64(g.next() % 900) }
            let scale = Double(Money.yi(550).fen - Money.yi(85).fen) / Double(draws.reduce(0, +))
            var majorAmounts = draws.map { Money.yi(1).fen + Int64((Double($0) * scale).rounded(.down) / 1_000_000) * 1_000_000 }
            majorAmounts[0] += Money.yi(550).fen - majorAmounts.reduce(0, +)
            for (i, stage) in plan.enumerated() {
                let industry = industries[Int(g.next() % UInt64(industries.count))]
                let p = InvestmentProject()
                p.zoneID = zoneID
                p.name = investors[i % investors.count] + g.pick(suffix[industry]!) + "项目" + (i >= investors.count ? "（\(i / investors.count + 1) 期）" : "")
                p.investor = "南京" + investors[i % investors.count] + ["科技", "半导体", "新能源", "生物", "智能"][i % 5] + "有限公司"
                p.industry = industry
                p.region = ["中国", "中国", "中国", "中国台湾", "新加坡", "德国", "日本", "韩国"][Int(g.next() % 8)]
                p.teamID = teams.isEmpty ? nil : teams[i % teams.count].id
                p.stage = stage
                p.investedAmountFen = 0
                p.createdOn = today.adding(days: -Int(g.next() % 700) - 30).description
                let signedMajor = i < 85
                let signedMinor = i >= 85 && i < 93
                p.amountFen = signedMajor ? majorAmounts[i] : Money.wan(Int64(2000 + g.next() % 30000)).fen
                if signedMajor || signedMinor || stage == .dropped && i % 2 == 0 {
                    // About half signed this year, half last year.
                    let day = Int(g.next() % 300)
                    let signed = i % 2 == 0 ? CalendarDate(year: year, month: 1, day: 5)!.adding(days: min(day, max(0, today.dayNumber - CalendarDate(year: year, month: 1, day: 5)!.dayNumber)))
                                            : CalendarDate(year: year - 1, month: 2, day: 1)!.adding(days: day)
                    p.signingDate = signed.description
                    p.agreementNumber = "PKEDZ-\(signed.year)-\(String(format: "%03d", i + 1))"
                    p.signedAmountFen = signedMajor ? majorAmounts[i] : Money.wan(Int64(3000 + g.next() % 6000)).fen
                    p.amountFen = p.signedAmountFen!
                }
                if stage >= .registered && stage != .dropped {
                    let first17 = "91320111MA" + String((0..<7).map { _ in CreditCode.alphabet[Int(g.next() % 31)] })
                    p.creditCode = first17 + String(CreditCode.checkCharacter(forFirst17: first17)!)
                }
                if stage >= .underConstruction && stage != .dropped {
                    p.startDate = (CalendarDate(p.signingDate!)!.adding(days: 60)).description
                    p.investedAmountFen = (p.signedAmountFen ?? 0) / Int64(2 + g.next() % 4)
                }
                if stage == .inOperation { p.operationDate = CalendarDate(p.startDate!)!.adding(days: 200).description; p.investedAmountFen = (p.signedAmountFen ?? 0) * 4 / 5 }
                if stage == .dropped { p.droppedReason = ["投资方战略调整", "用地条件不满足", "转投其他园区"][i % 3] }
                try await p.create(on: db)
            }
            trail.record("seed", "investmentProject", zone: zoneID, note: "\(plan.count) projects, \(teams.count) teams")
        }
    }
}
