import XCTest

@testable import YuanquKit

final class ResidentIDTests: XCTestCase {
    func testValidNumberWithComputedCheckDigit() throws {
        // 11010519491231002X is the standard's worked example.
        let id = try ResidentID("11010519491231002X")
        XCTAssertEqual(id.birthDate, CalendarDate(year: 1949, month: 12, day: 31))
        XCTAssertFalse(id.isMale)
        XCTAssertEqual(id.masked, "110105********002X")
        XCTAssertEqual(try ResidentID(" 11010519491231002x ").value, "11010519491231002X")
    }

    func testWrongCheckDigitNamesTheExpectedOne() {
        XCTAssertThrowsError(try ResidentID("110105194912310021")) { error in
            XCTAssertEqual(error as? ResidentID.Problem, .checkDigit(expected: "X"))
        }
    }

    func testEveryCheckCharacterValue() {
        // Each remainder maps to its character; building a number for each must validate.
        var seen = Set<Character>()
        for seq in 100..<160 {
            let first17 = "32011119900101" + String(seq)
            let c = ResidentID.checkCharacter(forFirst17: first17)!
            seen.insert(c)
            XCTAssertNoThrow(try ResidentID(first17 + String(c)))
        }
        XCTAssertEqual(seen.count, 11)
    }

    func testLengthCharactersAndBirthDate() {
        XCTAssertThrowsError(try ResidentID("3201111990010112")) { XCTAssertEqual($0 as? ResidentID.Problem, .length(16)) }
        XCTAssertThrowsError(try ResidentID("32011119900101A23X")) { XCTAssertEqual($0 as? ResidentID.Problem, .characters) }
        let badDate = "32011119900230123"
        XCTAssertThrowsError(try ResidentID(badDate + String(ResidentID.checkCharacter(forFirst17: badDate)!))) {
            XCTAssertEqual($0 as? ResidentID.Problem, .birthDate)
        }
    }
}

final class CalendarDateTests: XCTestCase {
    func testParsingAndLeapYears() {
        XCTAssertEqual(CalendarDate("2024-02-29")?.description, "2024-02-29")
        XCTAssertNil(CalendarDate("2023-02-29"))
        XCTAssertNil(CalendarDate("1900-02-29"))
        XCTAssertNotNil(CalendarDate("2000-02-29"))
        XCTAssertEqual(CalendarDate("2020/5/20")?.description, "2020-05-20")
        XCTAssertNil(CalendarDate("20-05-2020"))
        XCTAssertEqual(CalendarDate("1990-06-15")!.age(on: CalendarDate("2020-06-14")!), 29)
        XCTAssertEqual(CalendarDate("1990-06-15")!.age(on: CalendarDate("2020-06-15")!), 30)
    }
}

final class HeadcountCapTests: XCTestCase {
    func testEqualToCapIsAllowed() {
        XCTAssertNoThrow(try HeadcountCap.check(cap: 60, currentTotal: 58, requested: 2))
    }

    func testOneOverCapIsRefusedWithTheFigures() {
        XCTAssertThrowsError(try HeadcountCap.check(cap: 60, currentTotal: 58, requested: 3)) { error in
            let e = error as! HeadcountCap.Exceeded
            XCTAssertEqual(e.cap, 60)
            XCTAssertEqual(e.currentTotal, 58)
            XCTAssertEqual(e.requested, 3)
            XCTAssertEqual(e.resultingTotal, 61)
        }
    }

    func testShrinkingIsAlwaysAllowedEvenOverCap() {
        XCTAssertNoThrow(try HeadcountCap.check(cap: 10, currentTotal: 12, requested: -1))
        XCTAssertNoThrow(try HeadcountCap.check(cap: 10, currentTotal: 12, requested: 0))
    }
}

final class TierRuleTests: XCTestCase {
    let units = [
        UnitShape(id: "L", kind: .leadership, parentID: nil, bodyKey: "c"),
        UnitShape(id: "D", kind: .department, parentID: "L", bodyKey: "c"),
        UnitShape(id: "C", kind: .centre, parentID: "L", bodyKey: "c"),
        UnitShape(id: "T", kind: .team, parentID: "C", bodyKey: "c"),
        UnitShape(id: "X", kind: .leadership, parentID: nil, bodyKey: "k"),
    ]

    func testThreeTiersAreAllowed() {
        XCTAssertNoThrow(try TierRule.check(UnitShape(id: "T2", kind: .team, parentID: "D", bodyKey: "c"), among: units))
        XCTAssertNoThrow(try TierRule.check(UnitShape(id: "D2", kind: .department, parentID: nil, bodyKey: "c"), among: units))
    }

    func testFourthTierIsRefused() {
        XCTAssertThrowsError(try TierRule.check(UnitShape(id: "T3", kind: .team, parentID: "T", bodyKey: "c"), among: units)) {
            XCTAssertEqual($0 as? TierRule.Violation, .fourthTier(depth: 4))
        }
        // Moving a department that has a team under it beneath another department would also make four.
        let more = units + [UnitShape(id: "T9", kind: .team, parentID: "D", bodyKey: "c")]
        XCTAssertThrowsError(try TierRule.check(UnitShape(id: "D", kind: .department, parentID: "C", bodyKey: "c"), among: more)) {
            XCTAssertEqual($0 as? TierRule.Violation, .fourthTier(depth: 4))
        }
    }

    func testWrongParentKindsOtherBodyMissingAndCycle() {
        XCTAssertThrowsError(try TierRule.check(UnitShape(id: "D3", kind: .department, parentID: "C", bodyKey: "c"), among: units)) {
            XCTAssertEqual($0 as? TierRule.Violation, .parentKind(child: .department, parent: .centre))
        }
        XCTAssertThrowsError(try TierRule.check(UnitShape(id: "L2", kind: .leadership, parentID: "L", bodyKey: "c"), among: units)) {
            XCTAssertEqual($0 as? TierRule.Violation, .leadershipHasParent)
        }
        XCTAssertThrowsError(try TierRule.check(UnitShape(id: "D4", kind: .department, parentID: "X", bodyKey: "c"), among: units)) {
            XCTAssertEqual($0 as? TierRule.Violation, .parentInOtherBody)
        }
        XCTAssertThrowsError(try TierRule.check(UnitShape(id: "D5", kind: .department, parentID: "nope", bodyKey: "c"), among: units)) {
            XCTAssertEqual($0 as? TierRule.Violation, .parentMissing)
        }
        XCTAssertThrowsError(try TierRule.check(UnitShape(id: "D", kind: .department, parentID: "D", bodyKey: "c"), among: units)) {
            XCTAssertEqual($0 as? TierRule.Violation, .cycle)
        }
    }

    func testPostTiersPerUnitKind() {
        XCTAssertEqual(TierRule.allowedTiers(in: .team), [.staff])
        XCTAssertTrue(TierRule.allowedTiers(in: .department).contains(.head))
        XCTAssertFalse(TierRule.allowedTiers(in: .department).contains(.leader))
    }
}

final class DutyTests: XCTestCase {
    func testOverlapFoundAcrossUnitsIgnoringSpacingAndPunctuation() {
        let found = Duties.overlaps([
            (id: "a", duties: ["招商引资", "企业服务"]),
            (id: "b", duties: ["规划建设"]),
            (id: "c", duties: ["企业 服务。"]),
        ])
        XCTAssertEqual(found, [DutyOverlap(duty: "企业服务", unitIDs: ["a", "c"])])
    }

    func testNoOverlapWhenOneUnitRepeatsItsOwnDuty() {
        XCTAssertEqual(Duties.overlaps([(id: "a", duties: ["x", "x"]), (id: "b", duties: ["y"])]), [])
    }

    func testParsingDutyLists() {
        XCTAssertEqual(Duties.parse("招商引资\n企业服务；项目推进\n\n招商引资"), ["招商引资", "企业服务", "项目推进"])
        XCTAssertEqual(Duties.parse("招商引资\r\n企业服务\r\n"), ["招商引资", "企业服务"])
    }

    func testMainBusinessRatioCountsDepartmentsAndCentresOnly() {
        let r = MainBusiness.ratio([
            (.leadership, false), (.department, true), (.department, true), (.department, false),
            (.department, true), (.department, false), (.centre, true), (.team, false),
        ])
        XCTAssertEqual(r!, 4.0 / 6.0, accuracy: 1e-9)
        XCTAssertNil(MainBusiness.ratio([(.leadership, true)]))
    }
}

final class CSVTests: XCTestCase {
    func testParsesQuotesCommasNewlinesAndBOM() throws {
        let text = "\u{FEFF}名称,职责\r\n综合部,\"办文, 办会\"\r\n\"招商\"\"中心\"\"\",\"多行\n职责\"\r\n"
        let rows = try CSV.parse(text)
        XCTAssertEqual(rows.map(\.fields), [["名称", "职责"], ["综合部", "办文, 办会"], ["招商\"中心\"", "多行\n职责"]])
        XCTAssertEqual(rows.map(\.line), [1, 2, 3])
    }

    func testBlankLinesSkippedLineNumbersKept() throws {
        let rows = try CSV.parse("a,b\n\n1,2\n")
        XCTAssertEqual(rows.map(\.line), [1, 3])
    }

    func testUnterminatedQuoteAndEmpty() {
        XCTAssertThrowsError(try CSV.parse("a\n\"oops")) { XCTAssertEqual($0 as? CSV.Problem, .unterminatedQuote(line: 2)) }
        XCTAssertThrowsError(try CSV.parse("\u{FEFF}")) { XCTAssertEqual($0 as? CSV.Problem, .empty) }
    }

    func testDocumentRoundTripsAndDefusesFormulas() throws {
        let doc = CSV.document(header: ["名称", "备注"], rows: [["a,b", "=SUM(A1)"], ["-5", "x\"y"]])
        XCTAssertTrue(doc.hasPrefix("\u{FEFF}"))
        let back = try CSV.parse(doc)
        XCTAssertEqual(back.map(\.fields), [["名称", "备注"], ["a,b", "'=SUM(A1)"], ["-5", "x\"y"]])
    }

    /// A cell typed in a browser's text area holds CRLF, which Swift counts as one character.
    func testCellWithCRLFIsQuotedAndReadBackWhole() throws {
        let doc = CSV.document(header: ["职责"], rows: [["招商\r\n服务"]])
        XCTAssertEqual(try CSV.parse(doc).map(\.fields), [["职责"], ["招商\n服务"]])
    }
}

final class AccessTests: XCTestCase {
    func testPlatformAdminChangesNoZoneRecords() {
        XCTAssertTrue(Role.platformAdmin.can(.zonesManage))
        XCTAssertFalse(Role.platformAdmin.can(.orgWrite))
        XCTAssertFalse(Role.platformAdmin.can(.peopleWrite))
        XCTAssertFalse(Role.platformAdmin.can(.sealedOpen))
    }

    func testZoneAdminDoesEverythingInItsZoneButManageZones() {
        for p in Permission.allCases where ![.zonesManage, .selfNominate, .zonesCompare].contains(p) {
            XCTAssertTrue(Role.zoneAdmin.can(p), "\(p)")
            XCTAssertEqual(Role.zoneAdmin.reach(p), p == .holderAct ? .own : .zone, "\(p)")
        }
        XCTAssertFalse(Role.zoneAdmin.can(.zonesCompare))
        XCTAssertFalse(Role.zoneAdmin.can(.zonesManage))
    }

    func testReadOnlyRoles() {
        for role in [Role.leader, .auditor, .staff, .unitHead] {
            XCTAssertFalse(role.can(.orgWrite))
            XCTAssertFalse(role.can(.peopleWrite))
            XCTAssertFalse(role.can(.sealedOpen))
        }
        XCTAssertTrue(Role.auditor.can(.auditRead))
        XCTAssertFalse(Role.leader.can(.auditRead))
    }

    func testUnitAndBelowScope() {
        let parents: [String: String?] = ["L": nil, "D": "L", "T": "D", "T2": "D", "C": "L"]
        XCTAssertEqual(UnitScope.visibleUnits(reach: .ownUnit, userUnit: "D", parents: parents), ["D", "T", "T2"])
        XCTAssertNil(UnitScope.visibleUnits(reach: .zone, userUnit: nil, parents: parents))
        XCTAssertEqual(UnitScope.visibleUnits(reach: .own, userUnit: "D", parents: parents), [])
        XCTAssertEqual(UnitScope.visibleUnits(reach: .ownTeam, userUnit: "D", parents: parents), [])
        XCTAssertEqual(UnitScope.visibleUnits(reach: .ownUnit, userUnit: nil, parents: parents), [])
    }

    /// Rights follow duty (issue 27): a team member moves their own team's projects and acts on what they hold; targets
    /// and membership are the centre head's or a leader's; a request is acted on by its holder or the head.
    func testReachOfEachDuty() {
        XCTAssertEqual(Role.staff.reach(.investmentWrite), .ownTeam)
        XCTAssertEqual(Role.staff.reach(.serviceAct), .own)
        XCTAssertEqual(Role.staff.reach(.enterprisesWrite), .own)
        XCTAssertNil(Role.staff.reach(.teamsManage))
        XCTAssertEqual(Role.unitHead.reach(.teamsManage), .ownUnit)
        XCTAssertEqual(Role.unitHead.reach(.serviceAct), .ownUnit)
        XCTAssertEqual(Role.leader.reach(.teamsManage), .zone)
        XCTAssertNil(Role.leader.reach(.investmentWrite))
        // Engineering and cost staff read their own HR records only, and no one's phone or birth date but their own.
        for role in [Role.engineer, .costStaff, .staff] {
            XCTAssertEqual(role.scope, .own)
            XCTAssertNil(role.reach(.peopleContactRead))
            XCTAssertNil(role.reach(.peoplePersonalRead))
            XCTAssertNil(role.reach(.contractTermsRead))
        }
        XCTAssertEqual(Role.unitHead.scope, .ownUnit)
        XCTAssertNil(Role.unitHead.reach(.peoplePersonalRead))
        // Every field grant comes with the read it refines.
        for role in Role.allCases {
            for field in [Permission.peopleContactRead, .peoplePersonalRead] where role.can(field) {
                XCTAssertTrue(role.can(.peopleRead), "\(role) \(field)")
            }
            if role.can(.contractTermsRead) { XCTAssertTrue(role.can(.appointmentsRead), "\(role)") }
            // Contract terms reach the whole zone or nothing: `ContractTermsGrant` asks only the contract's person.
            XCTAssertTrue([nil, .zone].contains(role.reach(.contractTermsRead)), "\(role)")
        }
    }

    /// The README's role table is the one `AccessTable` prints (`yuanqu roles`), not a copy that drifts.
    func testTheReadmesRoleTableIsTheAccessTable() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = try XCTUnwrap(text.range(of: "<!-- roles:begin -->\n"))
        let end = try XCTUnwrap(text.range(of: "<!-- roles:end -->"))
        XCTAssertEqual(
            String(text[begin.upperBound..<end.lowerBound]),
            AccessTable.markdown(),
            "run `swift run yuanqu roles` into the README"
        )
        XCTAssertTrue(AccessTable.markdown().contains("| `investmentWrite` | log projects"))
    }

    func testReachAllowsOwnRecordsAlwaysAndOthersByCondition() {
        let (me, other, unit, below, elsewhere, team, otherTeam) = (UUID(), UUID(), UUID(), UUID(), UUID(), UUID(), UUID())
        let standing = Standing(person: me, units: [unit, below], teams: [team])
        let mine = RecordOwners(people: [me], units: [elsewhere])
        let inUnit = RecordOwners(people: [other], units: [below])
        let ofTeam = RecordOwners(units: [elsewhere], teams: [team])
        let foreign = RecordOwners(people: [other], units: [elsewhere], teams: [otherTeam])
        for reach in Reach.allCases { XCTAssertTrue(reach.allows(mine, for: standing), "\(reach)") }
        XCTAssertTrue(Reach.zone.allows(foreign, for: standing))
        XCTAssertTrue(Reach.ownUnit.allows(inUnit, for: standing))
        XCTAssertFalse(Reach.ownUnit.allows(foreign, for: standing))
        XCTAssertFalse(Reach.ownUnit.allows(ofTeam, for: standing))
        XCTAssertTrue(Reach.ownTeam.allows(ofTeam, for: standing))
        XCTAssertFalse(Reach.ownTeam.allows(inUnit, for: standing))
        XCTAssertFalse(Reach.own.allows(inUnit, for: standing))
        XCTAssertFalse(Reach.own.allows(ofTeam, for: standing))
        // A record of no one (an enterprise without a steward) is the zone's, not anyone's own.
        XCTAssertFalse(Reach.own.allows(RecordOwners(), for: standing))
        XCTAssertFalse(Reach.ownUnit.allows(RecordOwners(), for: Standing(person: nil, units: [unit])))
        // A user without a person record owns nothing.
        XCTAssertFalse(Reach.own.allows(RecordOwners(people: [me]), for: Standing(person: nil)))
    }

    func testSignInThrottleGrowsAndEnds() {
        let rule = SignInThrottle.perName
        let now = Date(timeIntervalSince1970: 1_000_000)
        // Four failures: no wait; the fifth: 30 s, then doubling, at most 15 minutes.
        XCTAssertEqual(rule.delay(afterFailures: 4), 0)
        XCTAssertEqual(rule.delay(afterFailures: 5), 30)
        XCTAssertEqual(rule.delay(afterFailures: 6), 60)
        XCTAssertEqual(rule.delay(afterFailures: 9), 480)
        XCTAssertEqual(rule.delay(afterFailures: 10), 900)
        XCTAssertEqual(rule.delay(afterFailures: 1_000), 900, "never more than the ceiling, never an overflow")
        XCTAssertEqual(rule.wait(failures: 5, lastFailure: now, now: now.addingTimeInterval(29)), 1)
        XCTAssertEqual(rule.wait(failures: 5, lastFailure: now, now: now.addingTimeInterval(30)), 0)
        XCTAssertEqual(rule.wait(failures: 4, lastFailure: now, now: now), 0)
        XCTAssertEqual(rule.wait(failures: 0, lastFailure: nil, now: now), 0)
        // Another process's failure, stamped a moment later than this try began: no wait below the free failures,
        // and the full wait past them.
        XCTAssertEqual(rule.wait(failures: 3, lastFailure: now.addingTimeInterval(0.2), now: now), 0)
        XCTAssertEqual(rule.wait(failures: 5, lastFailure: now.addingTimeInterval(0.2), now: now), 30)
        XCTAssertEqual(SignInThrottle.perClient.delay(afterFailures: 19), 0)
        XCTAssertEqual(SignInThrottle.perClient.delay(afterFailures: 20), 30)
    }

    func testPasswordPolicy() {
        func problem(_ password: String, username: String? = nil) -> PasswordPolicy.Problem? {
            do { try PasswordPolicy.check(password, username: username) } catch { return error }
            return nil
        }
        // Length: 11 characters refused, 12 taken; 72 bytes taken, 73 refused (never cut, as bcrypt would).
        XCTAssertEqual(problem("correcthors1"), nil)
        XCTAssertEqual(problem("correcthors"), .tooShort(minimum: 12))
        XCTAssertEqual(problem(String(repeating: "ab", count: 36)), nil, "72 bytes")
        XCTAssertEqual(problem(String(repeating: "ab", count: 32)), nil, "64 characters are allowed")
        XCTAssertEqual(problem(String(repeating: "ab", count: 36) + "c"), .tooLong(maximumBytes: 72))
        XCTAssertEqual(problem("园区管理体制改革二〇二〇年浦口"), nil, "Chinese characters count as characters")
        XCTAssertEqual(problem(String(repeating: "园", count: 25)), .tooLong(maximumBytes: 72), "25 Chinese characters are 75 bytes")
        // No rule on kinds of characters: letters alone, or a phrase with spaces, will do.
        XCTAssertEqual(problem("purple monkey dishwasher"), nil)
        XCTAssertEqual(problem("abcdefghijklmn"), nil)
        // A listed breached password, in any letter case.
        XCTAssertEqual(problem("1qaz2wsx3edc"), .common)
        XCTAssertEqual(problem("QWERTY123456"), .common)
        // The username, in any letter case, anywhere in it.
        XCTAssertEqual(problem("zhangsan-2026!", username: "zhangsan"), .containsUsername)
        XCTAssertEqual(problem("2026ZhangSan2026", username: "zhangsan"), .containsUsername)
        XCTAssertEqual(problem("a-good-long-phrase", username: "hr"), nil, "a name of two letters is too common to refuse")
        // The demo's published password, in any letter case, is refused but for the demo's own accounts.
        for published in ["Yuanqu2020", "yuanqu2020", "YUANQU2020"] { XCTAssertEqual(problem(published), .published) }
        XCTAssertNoThrow(try PasswordPolicy.check("Yuanqu2020", allowPublished: true))
        XCTAssertEqual(PasswordPolicy.common.count, 229)
    }
}

final class AuditChainTests: XCTestCase {
    // A stand-in hash that is good enough to test the chain logic (the server uses SHA-256).
    func h(_ s: String) -> String { String(s.hashValue, radix: 16) + String(s.count) }

    func chain(_ n: Int) -> [AuditChain.Link] {
        var links: [AuditChain.Link] = []
        var prev = AuditChain.genesis
        for i in 1...n {
            let content = AuditChain.canonical(["\(i)", "user", "create"])
            let hash = h(AuditChain.material(previousHash: prev, content: content))
            links.append(.init(sequence: i, previousHash: prev, hash: hash, content: content))
            prev = hash
        }
        return links
    }

    func testIntactChainVerifies() {
        XCTAssertNil(AuditChain.verify(chain(5), hash: h))
        XCTAssertNil(AuditChain.verify([], hash: h))
    }

    func testAlteredRowIsNamed() {
        var links = chain(5)
        let l = links[2]
        links[2] = .init(sequence: 3, previousHash: l.previousHash, hash: l.hash, content: l.content + "x")
        XCTAssertEqual(AuditChain.verify(links, hash: h), .altered(sequence: 3))
    }

    func testDeletedRowIsFound() {
        var links = chain(5)
        links.remove(at: 1)
        XCTAssertEqual(AuditChain.verify(links, hash: h), .gap(sequence: 3, expected: 2))
        var last = chain(5)
        last.removeLast()  // removing the newest leaves a valid shorter chain: nothing to detect in the rows alone
        XCTAssertNil(AuditChain.verify(last, hash: h))
    }

    func testInsertedRowIsFound() {
        var links = chain(4)
        // An inserted row renumbered to fit still cannot point at the right previous hash.
        let fake = AuditChain.Link(sequence: 3, previousHash: links[1].hash, hash: h("forged"), content: "forged")
        let renumbered = links[2...].map {
            AuditChain.Link(sequence: $0.sequence + 1, previousHash: $0.previousHash, hash: $0.hash, content: $0.content)
        }
        links = Array(links[0...1]) + [fake] + renumbered
        XCTAssertEqual(AuditChain.verify(links, hash: h), .altered(sequence: 3))
    }
}

final class SettingsTests: XCTestCase {
    func testIntegerSettingRangeAndDefaults() {
        let s = SettingDefinition.named("publicity.workingDays")!
        XCTAssertEqual(s.defaultValue, "5")
        XCTAssertEqual(try s.validate(" 7 "), "7")
        XCTAssertThrowsError(try s.validate("0")) { XCTAssertEqual($0 as? SettingDefinition.Problem, .outOfRange(1...30)) }
        XCTAssertThrowsError(try s.validate("五")) { XCTAssertEqual($0 as? SettingDefinition.Problem, .notInteger) }
        XCTAssertEqual(CodeListDefinition.named("industry")!.defaults.first!.zh, "集成电路")
    }

    /// The OCDS prefix: `ocds-` and six lower-case letters or digits (the Data Review Tool's `^ocds-[a-z0-9]{6}`),
    /// typed in any case; the placeholder default is of that form.
    func testOCDSPrefixSetting() {
        let s = SettingDefinition.named("ocds.prefix")!
        XCTAssertEqual(s.defaultValue, SettingDefinition.placeholderOCDSPrefix)
        XCTAssertTrue(SettingDefinition.isOCDSPrefix(s.defaultValue))
        XCTAssertEqual(try s.validate(" ocds-213czf "), "ocds-213czf")
        XCTAssertEqual(try s.validate("OCDS-A1B2C3"), "ocds-a1b2c3")
        for bad in ["", "ocds-", "ocds-12345", "ocds-1234567", "ocds-yq-puk", "ocds_213czf", "ocds-213cz时", "213czf"] {
            XCTAssertThrowsError(try s.validate(bad), bad) { XCTAssertEqual($0 as? SettingDefinition.Problem, .notOCDSPrefix) }
        }
    }
}

final class ChinaTimeTests: XCTestCase {
    func testUTCInstantsShowInChinaStandardTime() {
        XCTAssertEqual(ChinaTime.local(fromUTC: "2026-11-25T16:30:05.123Z"), "2026-11-26 00:30:05")
        XCTAssertEqual(ChinaTime.local(fromUTC: "2026-11-25T08:00:00Z"), "2026-11-25 16:00:00")
        XCTAssertEqual(ChinaTime.local(fromUTC: "2024-02-28T23:59:59.9Z"), "2024-02-29 07:59:59")
        XCTAssertEqual(ChinaTime.local(fromUTC: "2025-12-31T16:00:00.000Z"), "2026-01-01 00:00:00")
        XCTAssertNil(ChinaTime.local(fromUTC: "2026-11-25 16:30:05"))
        XCTAssertNil(ChinaTime.local(fromUTC: "2026-13-25T16:30:05Z"))
        XCTAssertNil(ChinaTime.local(fromUTC: ""))
    }
}
