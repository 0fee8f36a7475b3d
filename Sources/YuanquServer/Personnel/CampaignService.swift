import Fluent
import Vapor
import YuanquKit

/// Everything a campaign's users change, each through the one write path (called inside `Writes.perform`).
enum CampaignService {
    // MARK: labels and messages

    static func stageMessage(_ r: StageRule.Refusal) -> Loc {
        switch r {
        case .notNext(let e):
            return e.map { Loc("环节不能跳过：下一环节应为“\($0.label.zh)”", "Stages cannot be skipped: the next stage is \($0.label.en)") }
                ?? Loc("聘任已是最后环节", "Appointment is the last stage")
        case .unreviewed(let n): return Loc("还有 \(n) 名报名人员未审查", "\(n) registrations still await review")
        case .nobodyQualified: return Loc("没有通过资格审查的人员", "Nobody passed the review")
        case .unscored(let n): return Loc("还有 \(n) 名人员的评分不完整", "\(n) candidates have incomplete scores")
        case .unresolvedTie: return Loc("排名中有按既定规则仍无法区分的并列，须先记录决定", "A tie the declared rules cannot break needs a recorded decision")
        case .publicityRunning(let until): return Loc("公示期至 \(until) 结束，期满后方可聘任", "Publicity runs until \(until); appointment comes after")
        case .openObjections(let n): return Loc("还有 \(n) 条异议未处理", "\(n) objections are not resolved")
        }
    }

    // MARK: opening

    static func create(_ input: CampaignInput, actor: Actor, zone: UUID, on db: Database, trail: AuditTrail) async throws -> Campaign {
        var v = Validation()
        let kind = input.kind.flatMap { CampaignKind.parse($0) }
        if kind == nil { v.add("kind", Loc("请选择方式：竞聘上岗、公开遴选或社会公开招聘", "Choose the kind: competitive, openSelection or publicRecruitment")) }
        let title = (input.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 80 { v.add("title", Loc("请填写名称（不超过 80 字）", "Title is required (at most 80 characters)")) }
        var body: ZoneBody? = nil
        if let b = try await OrgService.body(input.body, zone: zone, on: db, into: &v) {
            body = b
        } else if v.errors["body"] == nil {
            v.add("body", Loc("请选择所属机构", "Choose the body"))
        }
        var origins = kind.map { Eligibility.defaultOrigins($0) } ?? []
        if let given = input.allowedOrigins, !given.isEmpty {
            let parsed = given.compactMap { Origin.parse($0) }
            if parsed.count != given.count { v.add("allowedOrigins", Loc("报名范围取值无效", "Unknown origin")) } else { origins = Set(parsed) }
        }
        let items =
            (input.items ?? [
                CampaignInput.Item(name: "综合素质", weight: 40), .init(name: "岗位匹配", weight: 30), .init(name: "表达沟通", weight: 30),
            ])
        let scheme = ScoringScheme(
            items: items.map { .init(name: ($0.name ?? "").trimmingCharacters(in: .whitespaces), weight: $0.weight ?? 0) },
            dropExtremesFrom: input.dropExtremesFrom ?? 5,
            writtenWeight: input.writtenWeight ?? 0,
            tieBreaks: (input.tieBreaks ?? ["interview", "written", "registration"]).compactMap(ScoringScheme.TieBreak.init(rawValue:))
        )
        do { try scheme.validate() } catch {
            switch error {
            case .weightsDoNotAddUp(let t): v.add("items", Loc("面试评分要素权重合计应为 100，现为 \(t)", "Item weights must add up to 100 (now \(t))"))
            case .writtenWeightOutOfRange: v.add("writtenWeight", Loc("笔试权重须在 0–100 之间", "Written weight must be 0–100"))
            default: v.add("items", Loc("请至少设置一个评分要素", "Declare at least one item"))
            }
        }
        if scheme.items.contains(where: { $0.name.isEmpty }) { v.add("items", Loc("评分要素须有名称", "Every item needs a name")) }
        let maxPrefs = try await Settings.int("campaign.maxPreferences", zone: zone, on: db)
        let defaultDays = try await Settings.int("publicity.workingDays", zone: zone, on: db)
        let days = input.publicityDays ?? defaultDays
        if days < 1 || days > 30 { v.add("publicityDays", Loc("公示期须为 1–30 个工作日", "Publicity must be 1–30 working days")) }
        let offers = input.posts ?? []
        if offers.isEmpty { v.add("posts", Loc("请至少选择一个岗位", "Offer at least one post")) }
        var resolved: [(Post, CampaignInput.PostOffer)] = []
        for (i, o) in offers.enumerated() {
            guard let s = o.postId, let id = UUID(uuidString: s), let p = try await Post.find(id, on: db), p.zoneID == zone else {
                v.add("posts", Loc("第 \(i + 1) 个岗位不存在", "Post \(i + 1) does not exist"))
                continue
            }
            if let b = body, p.bodyID != b.id {
                v.add("posts", Loc("岗位“\(p.title)”不属于所选机构", "Post “\(p.title)” is not in the chosen body"))
            }
            let places = o.places ?? 1
            if places < 1 || places > p.headcount {
                v.add("posts", Loc("岗位“\(p.title)”的聘用人数须在 1–\(p.headcount) 之间", "Places for “\(p.title)” must be 1–\(p.headcount)"))
            }
            if let e = o.minEducation, !e.isEmpty, Education.parse(e) == nil { v.add("posts", Loc("学历要求取值无效", "Unknown education level")) }
            if resolved.contains(where: { $0.0.id == p.id }) {
                v.add("posts", Loc("岗位“\(p.title)”重复", "Post “\(p.title)” is listed twice"))
            }
            resolved.append((p, o))
        }
        try v.check()
        let c = Campaign()
        c.zoneID = zone
        c.bodyID = body!.id!
        c.kind = kind!
        c.title = title
        c.stage = .registration
        c.allowedOrigins = Origin.allCases.filter { origins.contains($0) }.map(\.rawValue).joined(separator: ",")
        c.maxPreferences = kind == .competitive ? min(input.maxPreferences ?? maxPrefs, resolved.count) : 1
        c.scheme = String(decoding: try JSONEncoder().encode(scheme), as: UTF8.self)
        c.publicityDays = days
        c.publicToken = randomToken(bytes: 12)
        c.openedOn = CalendarDate.today().description
        try await c.create(on: db)
        for (p, o) in resolved {
            let cp = CampaignPost()
            cp.campaignID = c.id!
            cp.postID = p.id!
            cp.places = o.places ?? 1
            cp.maxAge = o.maxAge
            cp.minEducation = o.minEducation.flatMap { Education.parse($0) }
            try await cp.create(on: db)
        }
        trail.record("create", "campaign", id: c.id!.uuidString, zone: zone, after: CampaignSnap(c, posts: resolved.map { $0.0.title }))
        return c
    }

    struct CampaignSnap: Encodable {
        let kind: String
        let title: String
        let stage: String
        let posts: [String]
        init(_ c: Campaign, posts: [String]) {
            kind = c.kind.rawValue
            title = c.title
            stage = c.stage.rawValue
            self.posts = posts
        }
    }

    static func require(_ c: Campaign, stages: [CampaignStage]) throws {
        guard stages.contains(c.stage) else {
            throw AppError.conflict(
                Loc(
                    "该操作只能在“\(stages.map(\.label.zh).joined(separator: "”或“"))”环节进行（现为“\(c.stage.label.zh)”）",
                    "This can only be done at the \(stages.map(\.label.en).joined(separator: " or ")) stage (now \(c.stage.label.en))"
                ),
                field: "stage"
            )
        }
    }

    static func posts(of c: Campaign, on db: Database) async throws -> [CampaignPost] {
        try await CampaignPost.query(on: db).filter(\.$campaignID == c.id!).all()
    }

    /// Maps zone post ids to the campaign's posts.
    static func campaignPosts(_ postIDs: [String], of c: Campaign, field: String, on db: Database) async throws -> [CampaignPost] {
        let offered = try await posts(of: c, on: db)
        var out: [CampaignPost] = []
        for s in postIDs {
            guard let id = UUID(uuidString: s), let cp = offered.first(where: { $0.postID == id || $0.id == id }) else {
                throw AppError.invalid(field, Loc("岗位不在本次招聘范围内", "The post is not offered in this campaign"))
            }
            if out.contains(where: { $0.id == cp.id }) { throw AppError.invalid(field, Loc("同一岗位不能填报两次", "A post may be listed once")) }
            out.append(cp)
        }
        return out
    }

    // MARK: candidates

    static func addCandidate(
        _ input: CandidateInput,
        to c: Campaign,
        nomination: Nomination,
        actor: Actor,
        on db: Database,
        trail: AuditTrail
    ) async throws -> (Candidate, String?) {
        try require(c, stages: [.registration])
        var v = Validation()
        let cand = Candidate()
        cand.campaignID = c.id!
        cand.zoneID = c.zoneID
        cand.nomination = nomination
        cand.nominatedBy = nomination == .publicRegistration ? "" : actor.username
        cand.reviewStatus = .pending
        cand.reviewReason = ""
        cand.createdAt = Date()
        var origin: Origin? = nil
        if let pid = input.personId, !pid.isEmpty {
            guard let id = UUID(uuidString: pid), let p = try await Person.find(id, on: db), p.zoneID == c.zoneID else {
                throw AppError.invalid("personId", Loc("所选人员不存在", "No such person"))
            }
            // Only the person may nominate themselves (the command line's demo and imports aside).
            if nomination == .self && actor.personID != p.id && actor.userID != nil { throw AppError.forbidden }
            cand.personID = p.id
            cand.name = p.name
            cand.gender = p.gender
            cand.birthDate = p.birthDate
            cand.phone = p.phone
            cand.residentID = p.residentID
            origin = .zoneStaff
            if try await Candidate.query(on: db).filter(\.$campaignID == c.id!).filter(\.$personID == p.id!).count() > 0 {
                throw AppError.conflict(Loc("\(p.name)已在本次报名名单中", "\(p.name) is already a candidate"), field: "personId")
            }
        } else {
            if c.kind == .competitive {
                throw AppError.invalid(
                    "personId",
                    Loc("竞聘上岗只面向园区在职人员，请选择人员", "Competitive appointment is among current staff: choose a person")
                )
            }
            let name = (input.name ?? "").trimmingCharacters(in: .whitespaces)
            if name.isEmpty || name.count > 40 { v.add("name", Loc("请填写姓名", "Name is required")) }
            cand.name = name
            var rid: ResidentID? = nil
            do { rid = try ResidentID(input.residentId ?? "") } catch {
                v.add("residentId", Loc("身份证号无效（18 位，按 GB 11643 校验）", "Resident ID is not valid (18 characters, GB 11643)"))
            }
            cand.residentID = rid?.value ?? ""
            cand.birthDate = rid?.birthDate.description ?? ""
            cand.gender = rid.map { $0.isMale ? .male : .female } ?? .male
            let phone = (input.phone ?? "").trimmingCharacters(in: .whitespaces)
            if phone.count < 7 || phone.count > 20 || !phone.allSatisfy({ $0.isASCII && ($0.isNumber || "-+ ".contains($0)) }) {
                v.add("phone", Loc("请填写有效的手机号码", "A mobile phone number is required"))
            }
            cand.phone = phone
            origin = input.origin.flatMap { Origin.parse($0) }
            if origin == nil { v.add("origin", Loc("请选择现工作单位类别", "Choose where you work now")) }
            if let r = rid, try await Candidate.query(on: db).filter(\.$campaignID == c.id!).filter(\.$residentID == r.value).count() > 0 {
                v.add("residentId", Loc("该身份证号已报名", "This resident ID has already registered"))
            }
        }
        if let e = input.education, !e.isEmpty {
            if let ed = Education.parse(e) { cand.education = ed } else { v.add("education", Loc("学历取值无效", "Unknown education level")) }
        } else if nomination == .publicRegistration {
            v.add("education", Loc("请选择学历", "Choose your education"))
        }
        let postIDs = (input.postIds ?? []).filter { !$0.isEmpty }
        if postIDs.isEmpty { v.add("postIds", Loc("请选择报考岗位", "Choose the post(s)")) }
        if postIDs.count > c.maxPreferences {
            v.add("postIds", Loc("最多填报 \(c.maxPreferences) 个岗位", "At most \(c.maxPreferences) posts"))
        }
        try v.check()
        let prefs = try await campaignPosts(postIDs, of: c, field: "postIds", on: db)
        cand.registrationOrder = try await Candidate.query(on: db).filter(\.$campaignID == c.id!).count() + 1
        var code: String? = nil
        if nomination == .publicRegistration {
            code = String(format: "%08d", Int.random(in: 0..<100_000_000))
            cand.confirmationHash = Writes.sha256Hex(c.publicToken + code!)
        }
        try await cand.create(on: db)
        let sealed = CandidateSealed()
        sealed.candidateID = cand.id!
        sealed.origin = origin!
        sealed.formerEmployer = String((input.formerEmployer ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        try await sealed.create(on: db)
        for (i, cp) in prefs.enumerated() {
            let p = CandidatePreference()
            p.candidateID = cand.id!
            p.campaignPostID = cp.id!
            p.rank = i + 1
            try await p.create(on: db)
        }
        struct Snap: Encodable {
            let name: String
            let nomination: String
            let posts: Int
        }
        trail.record(
            "create",
            "candidate",
            id: cand.id!.uuidString,
            zone: c.zoneID,
            after: Snap(name: cand.name, nomination: nomination.rawValue, posts: prefs.count),
            note: c.title
        )
        return (cand, code)
    }

    /// The reasons a candidate may not enter, computed from the sealed origin without revealing it.
    static func eligibility(_ cand: Candidate, campaign c: Campaign, on db: Database) async throws -> [Eligibility.Reason] {
        let sealed = try await CandidateSealed.query(on: db).filter(\.$candidateID == cand.id!).first()
        let prefs = try await CandidatePreference.query(on: db).filter(\.$candidateID == cand.id!).all()
        let cps = try await CampaignPost.query(on: db).filter(\.$id ~~ prefs.map(\.campaignPostID)).all()
        var reasons: [Eligibility.Reason] = []
        for cp in cps {
            for r in Eligibility.check(
                origin: sealed?.origin ?? .public,
                allowed: c.origins,
                birthDate: CalendarDate(cand.birthDate),
                on: CalendarDate(c.openedOn) ?? CalendarDate.today(),
                maxAge: cp.maxAge,
                education: cand.education,
                minEducation: cp.minEducation
            ) where !reasons.contains(r) { reasons.append(r) }
        }
        return reasons
    }

    static func eligibilityText(_ r: Eligibility.Reason) -> Loc {
        switch r {
        case .originNotOpen: return Loc("不在本次报名范围内", "Not within this campaign's field of entry")
        case .tooOld(let n): return Loc("超过年龄要求（\(n) 周岁以下）", "Over the age limit (\(n))")
        case .educationBelow(let e): return Loc("未达到学历要求（\(e.label.zh)及以上）", "Below the education requirement (\(e.label.en) or higher)")
        }
    }

    static func review(_ cand: Candidate, campaign c: Campaign, input: ReviewInput, actor: Actor, on db: Database, trail: AuditTrail)
        async throws
    {
        try require(c, stages: [.review])
        guard let passed = input.passed else { throw AppError.invalid("passed", Loc("请选择通过或不通过", "Choose pass or fail")) }
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !passed && reason.count < 2 {
            throw AppError.invalid("reason", Loc("不通过须写明理由，报名人可以看到", "A failure needs a reason, which the candidate sees"))
        }
        if passed {
            let reasons = try await eligibility(cand, campaign: c, on: db)
            if let r = reasons.first {
                throw AppError.invalid("passed", Loc("不符合报名条件：" + eligibilityText(r).zh, "Not eligible: " + eligibilityText(r).en))
            }
        }
        let before = cand.reviewStatus.rawValue
        cand.reviewStatus = passed ? .passed : .failed
        cand.reviewReason = String(reason.prefix(500))
        try await cand.update(on: db)
        trail.record(
            "review",
            "candidate",
            id: cand.id!.uuidString,
            zone: c.zoneID,
            before: ["status": before],
            after: ["status": cand.reviewStatus.rawValue, "reason": cand.reviewReason]
        )
    }

    // MARK: interview

    static func setPanel(_ c: Campaign, names: [String], on db: Database, trail: AuditTrail) async throws {
        try require(c, stages: [.registration, .review, .interview])
        let clean = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if clean.isEmpty { throw AppError.invalid("members", Loc("请至少填写一名面试评委", "Name at least one interviewer")) }
        if Set(clean).count != clean.count { throw AppError.invalid("members", Loc("评委姓名重复", "An interviewer is listed twice")) }
        let existing = try await PanelMember.query(on: db).filter(\.$campaignID == c.id!).sort(\.$sortOrder).all()
        if try await ScoreSheet.query(on: db).filter(\.$panelMemberID ~~ existing.compactMap(\.id)).count() > 0,
            existing.map(\.name) != Array(clean.prefix(existing.count))
        {
            throw AppError.conflict(
                Loc("已有评委打分，只能增加评委，不能更改或删除", "Interviewers who have scored can only be added to, not changed"),
                field: "members"
            )
        }
        for (i, name) in clean.enumerated() {
            if let m = existing.first(where: { $0.name == name }) {
                m.sortOrder = i
                try await m.update(on: db)
                continue
            }
            let m = PanelMember()
            m.campaignID = c.id!
            m.name = name
            m.sortOrder = i
            try await m.create(on: db)
        }
        for m in existing where !clean.contains(m.name) { try await m.delete(on: db) }
        trail.record(
            "update",
            "panel",
            id: c.id!.uuidString,
            zone: c.zoneID,
            before: ["members": existing.map(\.name)],
            after: ["members": clean]
        )
    }

    static func enterScore(_ c: Campaign, input: ScoreInput, on db: Database, trail: AuditTrail) async throws {
        try require(c, stages: [.interview])
        guard let cid = input.candidateId.flatMap(UUID.init(uuidString:)), let cand = try await Candidate.find(cid, on: db),
            cand.campaignID == c.id
        else {
            throw AppError.invalid("candidateId", Loc("报名人员不存在", "No such candidate"))
        }
        guard cand.reviewStatus == .passed else {
            throw AppError.invalid("candidateId", Loc("只能为通过资格审查的人员评分", "Only candidates who passed review are scored"))
        }
        let scheme = c.scoring
        if let w = input.written {
            guard scheme.writtenWeight > 0 else { throw AppError.invalid("written", Loc("本次招聘没有笔试", "This campaign has no written test")) }
            guard w >= 0 && w <= 100 else { throw AppError.invalid("written", Loc("笔试成绩须在 0–100 之间", "Written score must be 0–100")) }
            let before = cand.writtenScore
            cand.writtenScore = hundredths(w)
            try await cand.update(on: db)
            trail.record(
                "score",
                "candidate",
                id: cid.uuidString,
                zone: c.zoneID,
                before: before.map { ["written": formatHundredths($0)] },
                after: ["written": formatHundredths(cand.writtenScore!)]
            )
        }
        if let scores = input.scores {
            guard let mid = input.panelMemberId.flatMap(UUID.init(uuidString:)), let member = try await PanelMember.find(mid, on: db),
                member.campaignID == c.id
            else {
                throw AppError.invalid("panelMemberId", Loc("评委不存在", "No such interviewer"))
            }
            let values = scores.map(hundredths)
            do { _ = try scheme.sheetTotal(values) } catch {
                switch error {
                case .wrongItemCount(let n): throw AppError.invalid("scores", Loc("应有 \(n) 个评分要素的分数", "\(n) item scores are expected"))
                case .scoreOutOfRange(let item):
                    throw AppError.invalid("scores", Loc("“\(item)”的分数须在 0–100 之间", "The score for “\(item)” must be 0–100"))
                default: throw AppError.invalid("scores", Loc("分数无效", "Invalid scores"))
                }
            }
            let sheet =
                try await ScoreSheet.query(on: db).filter(\.$candidateID == cid).filter(\.$panelMemberID == mid).first() ?? ScoreSheet()
            let before = sheet.id == nil ? nil : sheet.scores
            sheet.candidateID = cid
            sheet.panelMemberID = mid
            sheet.scores = values.map(String.init).joined(separator: ",")
            if sheet.id == nil { try await sheet.create(on: db) } else { try await sheet.update(on: db) }
            trail.record(
                "score",
                "candidate",
                id: cid.uuidString,
                zone: c.zoneID,
                before: before.map { ["interviewer": member.name, "scores": $0] },
                after: ["interviewer": member.name, "scores": values.map(formatHundredths).joined(separator: ",")]
            )
        }
        if input.written == nil && input.scores == nil { throw AppError.invalid("scores", Loc("请填写分数", "Give the scores")) }
    }

    // MARK: ranking

    struct PostRanking {
        let campaignPost: CampaignPost
        let post: Post
        let ranked: [ScoringScheme.Ranked]
        let breakdowns: [UUID: ScoringScheme.Breakdown]
        /// Candidates whose scores are incomplete (not ranked).
        let unscored: [UUID]
    }

    /// Per post: the candidates who passed review and listed it, ranked by the declared scheme.
    static func rankings(_ c: Campaign, on db: Database) async throws -> [PostRanking] {
        let scheme = c.scoring
        let cps = try await posts(of: c, on: db)
        let candidates = try await Candidate.query(on: db).filter(\.$campaignID == c.id!).filter(\.$reviewStatus == .passed).all()
        let ids = candidates.compactMap(\.id)
        let prefs = try await CandidatePreference.query(on: db).filter(\.$candidateID ~~ ids).all()
        let members = try await PanelMember.query(on: db).filter(\.$campaignID == c.id!).sort(\.$sortOrder).all()
        let sheets = try await ScoreSheet.query(on: db).filter(\.$candidateID ~~ ids).all()
        let postsByID = Dictionary(
            uniqueKeysWithValues: try await Post.query(on: db).filter(\.$id ~~ cps.map(\.postID)).all().map { ($0.id!, $0) }
        )
        var breakdowns: [UUID: ScoringScheme.Breakdown] = [:]
        var unscored: Set<UUID> = []
        for cand in candidates {
            let mine = members.compactMap { m in sheets.first { $0.candidateID == cand.id && $0.panelMemberID == m.id } }
            if members.isEmpty || mine.count < members.count || (scheme.writtenWeight > 0 && cand.writtenScore == nil) {
                unscored.insert(cand.id!)
                continue
            }
            breakdowns[cand.id!] = try? scheme.combine(sheets: mine.map(\.values), written: cand.writtenScore)
        }
        let tieOrder = candidates.sorted { ($0.tieOrder ?? Int.max) < ($1.tieOrder ?? Int.max) }.filter { $0.tieOrder != nil }.map {
            $0.id!.uuidString
        }
        return cps.compactMap { cp in
            guard let post = postsByID[cp.postID] else { return nil }
            let applied = prefs.filter { $0.campaignPostID == cp.id }.map(\.candidateID)
            let entries = candidates.filter { applied.contains($0.id!) }.compactMap { cand -> ScoringScheme.Entry? in
                breakdowns[cand.id!].map {
                    .init(candidateID: cand.id!.uuidString, breakdown: $0, registrationOrder: cand.registrationOrder)
                }
            }
            return PostRanking(
                campaignPost: cp,
                post: post,
                ranked: scheme.rank(entries, decisions: tieOrder),
                breakdowns: breakdowns,
                unscored: applied.filter { unscored.contains($0) }
            )
        }
    }

    static func decideTie(_ c: Campaign, input: TieDecisionInput, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        try require(c, stages: [.ranking])
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count < 4 {
            throw AppError.invalid("reason", Loc("请写明决定并列名次的依据（至少 4 个字）", "State the grounds of the decision (at least 4 characters)"))
        }
        let ids = (input.candidateIds ?? []).compactMap(UUID.init(uuidString:))
        if ids.count < 2 { throw AppError.invalid("candidateIds", Loc("请按决定的先后列出并列人员", "List the tied candidates in the decided order")) }
        for (i, id) in ids.enumerated() {
            guard let cand = try await Candidate.find(id, on: db), cand.campaignID == c.id else {
                throw AppError.invalid("candidateIds", Loc("报名人员不存在", "No such candidate"))
            }
            cand.tieOrder = i + 1
            try await cand.update(on: db)
        }
        trail.record("decideTie", "campaign", id: c.id!.uuidString, zone: c.zoneID, after: ["order": ids.map(\.uuidString)], note: reason)
    }

    // MARK: two-way selection

    static func setPreferences(_ c: Campaign, input: PreferenceInput, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        try require(c, stages: [.registration, .review, .interview, .ranking])
        guard let cid = input.candidateId.flatMap(UUID.init(uuidString:)), let cand = try await Candidate.find(cid, on: db),
            cand.campaignID == c.id
        else {
            throw AppError.invalid("candidateId", Loc("报名人员不存在", "No such candidate"))
        }
        if !actor.can(.campaignsManage) && (actor.personID == nil || actor.personID != cand.personID) { throw AppError.forbidden }
        let ids = input.postIds ?? []
        if ids.isEmpty { throw AppError.invalid("postIds", Loc("请至少填报一个岗位", "List at least one post")) }
        if ids.count > c.maxPreferences {
            throw AppError.invalid("postIds", Loc("最多填报 \(c.maxPreferences) 个岗位", "At most \(c.maxPreferences) posts"))
        }
        let cps = try await campaignPosts(ids, of: c, field: "postIds", on: db)
        try await CandidatePreference.query(on: db).filter(\.$candidateID == cid).delete()
        for (i, cp) in cps.enumerated() {
            let p = CandidatePreference()
            p.candidateID = cid
            p.campaignPostID = cp.id!
            p.rank = i + 1
            try await p.create(on: db)
        }
        trail.record("update", "preferences", id: cid.uuidString, zone: c.zoneID, after: ["posts": cps.map { $0.postID.uuidString }])
    }

    static func setUnitRanking(_ c: Campaign, input: UnitRankingInput, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        try require(c, stages: [.ranking])
        guard let pid = input.postId else { throw AppError.invalid("postId", Loc("请选择岗位", "Choose the post")) }
        let cp = try await campaignPosts([pid], of: c, field: "postId", on: db)[0]
        if !actor.can(.campaignsManage) {
            // A unit head ranks candidates for the posts of their own unit.
            guard let post = try await Post.find(cp.postID, on: db), let visible = try await OrgQueries.visibleUnits(actor: actor, on: db),
                visible.contains(post.unitID)
            else {
                throw AppError.forbidden
            }
        }
        let ids = (input.candidateIds ?? []).compactMap(UUID.init(uuidString:))
        let applied = Set(try await CandidatePreference.query(on: db).filter(\.$campaignPostID == cp.id!).all().map(\.candidateID))
        for id in ids where !applied.contains(id) {
            throw AppError.invalid("candidateIds", Loc("只能对填报了该岗位的人员排序", "Only candidates who listed the post can be ranked"))
        }
        if Set(ids).count != ids.count { throw AppError.invalid("candidateIds", Loc("人员重复", "A candidate is listed twice")) }
        try await UnitRanking.query(on: db).filter(\.$campaignPostID == cp.id!).delete()
        for (i, id) in ids.enumerated() {
            let r = UnitRanking()
            r.campaignPostID = cp.id!
            r.candidateID = id
            r.rank = i + 1
            try await r.create(on: db)
        }
        trail.record("update", "unitRanking", id: cp.id!.uuidString, zone: c.zoneID, after: ["candidates": ids.map(\.uuidString)])
    }

    /// Runs deferred acceptance on the candidates' preferences and the units' rankings (by score where a unit has
    /// not ranked), and stores the proposals. Only candidates who passed review take part.
    static func runMatching(_ c: Campaign, actor: Actor, on db: Database, trail: AuditTrail) async throws -> (
        TwoWaySelection.Result, [UUID: UUID]
    ) {
        try require(c, stages: [.ranking])
        guard c.kind == .competitive else { throw AppError.conflict(Loc("双向选择只用于竞聘上岗", "Two-way selection is for competitive campaigns")) }
        let (result, postOf) = try await selection(c, on: db)
        try await Proposal.query(on: db).filter(\.$campaignID == c.id!).delete()
        for a in result.assignments {
            let p = Proposal()
            p.campaignID = c.id!
            p.candidateID = UUID(uuidString: a.candidateID)!
            p.campaignPostID = UUID(uuidString: a.postID)!
            p.choice = a.choice
            p.source = "matching"
            p.reason = ""
            p.confirmed = false
            try await p.create(on: db)
        }
        trail.record(
            "match",
            "campaign",
            id: c.id!.uuidString,
            zone: c.zoneID,
            after: [
                "matched": result.assignments.count, "unmatched": result.unmatched.count,
                "unfilled": result.unfilled.reduce(0) { $0 + $1.open },
            ]
        )
        return (result, postOf)
    }

    /// The two-way selection as the data stands: candidates' preferences against the units' rankings (by score where
    /// a unit has not ranked). Answers the result (keyed by campaign-post ids) and each campaign post's zone post.
    static func selection(_ c: Campaign, on db: Database) async throws -> (TwoWaySelection.Result, [UUID: UUID]) {
        let rankings = try await rankings(c, on: db)
        let passed = try await Candidate.query(on: db).filter(\.$campaignID == c.id!).filter(\.$reviewStatus == .passed).all()
        let prefs = try await CandidatePreference.query(on: db).filter(\.$candidateID ~~ passed.compactMap(\.id)).sort(\.$rank).all()
        let unitRanks = try await UnitRanking.query(on: db).filter(\.$campaignPostID ~~ rankings.map { $0.campaignPost.id! }).sort(\.$rank)
            .all()
        let candidates = passed.map { cand in
            TwoWaySelection.Candidate(
                id: cand.id!.uuidString,
                preferences: prefs.filter { $0.candidateID == cand.id }.map { $0.campaignPostID.uuidString }
            )
        }
        let posts = rankings.map { r -> TwoWaySelection.Post in
            let own = unitRanks.filter { $0.campaignPostID == r.campaignPost.id }.map { $0.candidateID.uuidString }
            return TwoWaySelection.Post(
                id: r.campaignPost.id!.uuidString,
                capacity: r.campaignPost.places,
                ranking: own.isEmpty ? r.ranked.map(\.candidateID) : own
            )
        }
        let result = TwoWaySelection.match(candidates: candidates, posts: posts)
        let postOf = Dictionary(uniqueKeysWithValues: rankings.map { ($0.campaignPost.id!, $0.post.id!) })
        return (result, postOf)
    }

    /// HR confirms the proposals as they stand, or sets a candidate's post by hand (调剂) with a recorded reason.
    static func override(_ c: Campaign, input: OverrideInput, actor: Actor, on db: Database, trail: AuditTrail) async throws {
        try require(c, stages: [.ranking])
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count < 4 {
            throw AppError.invalid("reason", Loc("调整须写明理由（至少 4 个字）", "An adjustment needs a reason (at least 4 characters)"))
        }
        guard let cid = input.candidateId.flatMap(UUID.init(uuidString:)), let cand = try await Candidate.find(cid, on: db),
            cand.campaignID == c.id,
            cand.reviewStatus == .passed
        else {
            throw AppError.invalid("candidateId", Loc("报名人员不存在或未通过审查", "No such candidate, or not passed"))
        }
        let existing = try await Proposal.query(on: db).filter(\.$candidateID == cid).first()
        let before = existing.map { ["post": $0.campaignPostID.uuidString] }
        if let pid = input.postId, !pid.isEmpty {
            let cp = try await campaignPosts([pid], of: c, field: "postId", on: db)[0]
            let taken = try await Proposal.query(on: db).filter(\.$campaignPostID == cp.id!).filter(\.$candidateID != cid).count()
            if taken >= cp.places {
                throw AppError.conflict(Loc("该岗位名额已满（\(cp.places) 人）", "The post's places are full (\(cp.places))"), field: "postId")
            }
            let p = existing ?? Proposal()
            p.campaignID = c.id!
            p.candidateID = cid
            p.campaignPostID = cp.id!
            p.choice = nil
            p.source = "override"
            p.reason = reason
            p.confirmed = true
            if p.id == nil { try await p.create(on: db) } else { try await p.update(on: db) }
            trail.record(
                "override",
                "proposal",
                id: cid.uuidString,
                zone: c.zoneID,
                before: before,
                after: ["post": cp.id!.uuidString],
                note: reason
            )
        } else {
            try await existing?.delete(on: db)
            trail.record("override", "proposal", id: cid.uuidString, zone: c.zoneID, before: before, after: ["post": "—"], note: reason)
        }
    }

    // MARK: stages

    static func advance(_ c: Campaign, input: StageInput, actor: Actor, app: Application, on db: Database, trail: AuditTrail) async throws {
        guard let to = input.to.flatMap({ CampaignStage(rawValue: $0) }) else {
            throw AppError.invalid("to", Loc("目标环节取值无效", "Unknown stage"))
        }
        var facts = StageRule.Facts()
        let all = try await Candidate.query(on: db).filter(\.$campaignID == c.id!).all()
        facts.unreviewed = all.filter { $0.reviewStatus == .pending }.count
        facts.qualified = all.filter { $0.reviewStatus == .passed }.count
        let today = CalendarDate.today()
        facts.today = today
        if to == .ranking || to == .publicity {
            let r = try await rankings(c, on: db)
            facts.unscored = Set(r.flatMap(\.unscored)).count
            facts.unresolvedTies = to == .publicity ? r.flatMap(\.ranked).filter(\.unresolvedTie).count : 0
        }
        if to == .appointment {
            facts.publicityEnds = c.publicityEnds.flatMap(CalendarDate.init)
            facts.openObjections = try await Objection.query(on: db).filter(\.$campaignID == c.id!).filter(\.$resolvedOn == nil).count()
        }
        do { try StageRule.check(from: c.stage, to: to, facts: facts) } catch { throw AppError.conflict(stageMessage(error), field: "to") }
        if to == .publicity {
            if c.kind != .competitive { try await proposeFromRanking(c, on: db) }
            let proposals = try await Proposal.query(on: db).filter(\.$campaignID == c.id!).all()
            if proposals.isEmpty {
                throw AppError.conflict(Loc("没有拟聘人员，不能进入公示", "Nobody is proposed: publicity cannot start"), field: "to")
            }
            for p in proposals where !p.confirmed {
                p.confirmed = true
                try await p.update(on: db)
            }
            let calendar = try await WorkingCalendar.load(on: db)
            c.publicityStart = today.description
            c.publicityEnds = calendar.endOfPeriod(workingDays: c.publicityDays, startingOn: today).description
        }
        if to == .appointment { try await AppointmentService.appointAll(c, input: input, actor: actor, on: db, trail: trail) }
        let from = c.stage
        c.stage = to
        try await c.update(on: db)
        trail.record(
            "stage",
            "campaign",
            id: c.id!.uuidString,
            zone: c.zoneID,
            before: ["stage": from.rawValue],
            after: ["stage": to.rawValue]
        )
    }

    /// For open selection and public recruitment: the top candidates of each post by the ranking, up to its places.
    static func proposeFromRanking(_ c: Campaign, on db: Database) async throws {
        try await Proposal.query(on: db).filter(\.$campaignID == c.id!).filter(\.$source != "override").delete()
        let overridden = Set(try await Proposal.query(on: db).filter(\.$campaignID == c.id!).all().map(\.candidateID))
        for r in try await rankings(c, on: db) {
            var taken = try await Proposal.query(on: db).filter(\.$campaignPostID == r.campaignPost.id!).count()
            for ranked in r.ranked where taken < r.campaignPost.places {
                let id = UUID(uuidString: ranked.candidateID)!
                if overridden.contains(id) { continue }
                let p = Proposal()
                p.campaignID = c.id!
                p.candidateID = id
                p.campaignPostID = r.campaignPost.id!
                p.choice = 1
                p.source = "ranking"
                p.reason = ""
                p.confirmed = true
                try await p.create(on: db)
                taken += 1
            }
        }
    }

    // MARK: objections

    static func raiseObjection(_ c: Campaign, input: ObjectionInput, on db: Database, trail: AuditTrail) async throws -> Objection {
        try require(c, stages: [.publicity])
        let text = (input.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count < 4 { throw AppError.invalid("text", Loc("请写明异议内容（至少 4 个字）", "State the objection (at least 4 characters)")) }
        let o = Objection()
        o.campaignID = c.id!
        o.text = String(text.prefix(2000))
        o.raisedOn = CalendarDate.today().description
        if let s = input.candidateId, !s.isEmpty {
            guard let id = UUID(uuidString: s), let cand = try await Candidate.find(id, on: db), cand.campaignID == c.id else {
                throw AppError.invalid("candidateId", Loc("报名人员不存在", "No such candidate"))
            }
            o.candidateID = id
        }
        try await o.create(on: db)
        trail.record("create", "objection", id: o.id!.uuidString, zone: c.zoneID, after: ["text": o.text])
        return o
    }

    static func resolveObjection(_ o: Objection, campaign c: Campaign, input: ResolveInput, on db: Database, trail: AuditTrail) async throws
    {
        try require(c, stages: [.publicity])
        let text = (input.resolution ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count < 4 {
            throw AppError.invalid("resolution", Loc("请写明处理结果（至少 4 个字）", "State how it was resolved (at least 4 characters)"))
        }
        if o.resolvedOn != nil { throw AppError.conflict(Loc("该异议已处理", "Already resolved")) }
        o.resolution = String(text.prefix(2000))
        o.resolvedOn = CalendarDate.today().description
        try await o.update(on: db)
        trail.record("resolve", "objection", id: o.id!.uuidString, zone: c.zoneID, after: ["resolution": text])
    }
}
