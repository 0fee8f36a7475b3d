import Fluent
import Vapor
import YuanquKit

/// Values a user sends for a unit. Every field is optional, so one type serves create, PATCH, forms and imports.
struct UnitInput: Codable {
    var body: String?
    var kind: String?
    var name: String?
    var parentId: String?
    /// The parent by name (imports).
    var parent: String?
    var isMainBusiness: Bool?
    var duties: [String]?
}

struct PostInput: Codable {
    var body: String?
    var unitId: String?
    /// The unit by name (imports).
    var unit: String?
    var title: String?
    var tier: String?
    var headcount: Int?
    var duties: [String]?
    var requirements: String?
}

struct PersonInput: Codable {
    var body: String?
    var unitId: String?
    var unit: String?
    var postId: String?
    var post: String?
    var name: String?
    var gender: String?
    var birthDate: String?
    var phone: String?
    var residentId: String?
    /// Only on creation: the sealed record (档案封存).
    var formerIdentity: String?
    var formerEmployer: String?
}

/// The organisation's one write path: every create, update and delete of units, posts and people,
/// from pages, API and imports, runs through these functions inside `Writes.perform`.
enum OrgService {
    // MARK: lookups

    static func body(_ text: String?, zone: UUID, field: String = "body", on db: Database, into v: inout Validation) async throws
        -> ZoneBody?
    {
        guard let t = text, !t.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard let kind = BodyKind.parse(t) else {
            v.add(field, Loc("机构须为“管委会”或“开发公司”", "Body must be committee or company"))
            return nil
        }
        guard let b = try await ZoneBody.query(on: db).filter(\.$zoneID == zone).filter(\.$kind == kind).first() else {
            v.add(field, Loc("本园区没有该机构", "This zone has no such body"))
            return nil
        }
        return b
    }

    /// A unit by id or by name within the zone (and body, when given).
    static func findUnit(id: String?, name: String?, zone: UUID, body: UUID?, field: String, on db: Database, into v: inout Validation)
        async throws -> OrgUnit?
    {
        if let s = id?.trimmingCharacters(in: .whitespaces), !s.isEmpty {
            guard let uuid = UUID(uuidString: s), let u = try await OrgUnit.find(uuid, on: db), u.zoneID == zone else {
                v.add(field, Loc("所选单位不存在", "No such unit"))
                return nil
            }
            return u
        }
        if let n = name?.trimmingCharacters(in: .whitespaces), !n.isEmpty {
            var q = OrgUnit.query(on: db).filter(\.$zoneID == zone).filter(\.$name == n)
            if let b = body { q = q.filter(\.$bodyID == b) }
            let found = try await q.all()
            if found.count == 1 { return found[0] }
            v.add(
                field,
                found.isEmpty
                    ? Loc("找不到单位“\(n)”", "No unit named “\(n)”")
                    : Loc("单位“\(n)”在两个机构中都有，请填写机构", "Two bodies have a unit “\(n)”: give the body")
            )
        }
        return nil
    }

    // MARK: units

    static func saveUnit(_ input: UnitInput, existing: OrgUnit?, actor: Actor, zone zoneID: UUID, db: Database, trail: AuditTrail)
        async throws -> OrgUnit
    {
        var v = Validation()
        let unit = existing ?? OrgUnit()
        let d = try await OrgQueries.directory(for: zoneID, on: db)
        let beforeDTO = existing.map { d.dto($0) }
        if existing == nil {
            unit.zoneID = zoneID
            unit.isMainBusiness = false
            unit.duties = ""
            unit.sortOrder = 0
            if let b = try await body(input.body, zone: zoneID, on: db, into: &v) {
                unit.bodyID = b.id!
            } else if v.errors["body"] == nil {
                v.add("body", Loc("请选择所属机构", "Choose the body"))
            }
        } else if let t = input.body, let k = BodyKind.parse(t), k != d.bodyKind(unit.bodyID) {
            v.add("body", Loc("单位不能改属另一机构；请在新机构中新建", "A unit cannot move to the other body; create it there"))
        }
        if let k = input.kind, !k.trimmingCharacters(in: .whitespaces).isEmpty {
            if let kind = UnitKind.parse(k) {
                unit.kind = kind
            } else {
                v.add("kind", Loc("类型须为领导班子、部门、中心或小组", "Kind must be leadership, department, centre or team"))
            }
        } else if existing == nil || input.kind != nil {
            v.add("kind", Loc("请选择单位类型", "Choose the kind"))
        }
        if let n = input.name {
            let name = n.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty {
                v.add("name", Loc("请填写单位名称", "Name is required"))
            } else if name.count > 60 {
                v.add("name", Loc("名称不能超过 60 个字", "Name may not exceed 60 characters"))
            } else {
                unit.name = name
            }
        } else if existing == nil {
            v.add("name", Loc("请填写单位名称", "Name is required"))
        }
        if input.parentId != nil || input.parent != nil {
            let blank =
                (input.parentId ?? "").trimmingCharacters(in: .whitespaces).isEmpty
                && (input.parent ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            if blank {
                unit.parentID = nil
            } else if let p = try await findUnit(
                id: input.parentId,
                name: input.parent,
                zone: zoneID,
                body: unit.$bodyID.value,
                field: "parentId",
                on: db,
                into: &v
            ) {
                unit.parentID = p.id
            }
        }
        if let m = input.isMainBusiness { unit.isMainBusiness = m }
        if let duties = input.duties { unit.duties = duties.flatMap(Duties.parse).joined(separator: "\n") }
        try v.check()

        // The three-tier rule against every other unit of the zone.
        let all = try await OrgUnit.query(on: db).filter(\.$zoneID == zoneID).all()
        let shapes = all.filter { $0.id != unit.id }.map {
            UnitShape(id: $0.id!.uuidString, kind: $0.kind, parentID: $0.parentID?.uuidString, bodyKey: $0.bodyID.uuidString)
        }
        let selfID = unit.id ?? UUID()
        let me = UnitShape(id: selfID.uuidString, kind: unit.kind, parentID: unit.parentID?.uuidString, bodyKey: unit.bodyID.uuidString)
        do { try TierRule.check(me, among: shapes + [me]) } catch {
            throw AppError.invalid("parentId", tierMessage(error, d: d, units: all))
        }
        if try await OrgUnit.query(on: db).filter(\.$bodyID == unit.bodyID).filter(\.$name == unit.name)
            .filter(\.$id != selfID).count() > 0
        {
            throw AppError.conflict(Loc("本机构已有名为“\(unit.name)”的单位", "This body already has a unit named “\(unit.name)”"), field: "name")
        }
        if let id = unit.id {
            let allowed = TierRule.allowedTiers(in: unit.kind)
            let bad = try await Post.query(on: db).filter(\.$unitID == id).all().filter { !allowed.contains($0.tier) }
            if let p = bad.first {
                throw AppError.invalid(
                    "kind",
                    Loc(
                        "该单位的岗位“\(p.title)”层级为\(p.tier.label.zh)，\(unit.kind.label.zh)不能设此层级",
                        "Post “\(p.title)” is \(p.tier.label.en), which a \(unit.kind.label.en.lowercased()) cannot hold"
                    )
                )
            }
        }
        if existing == nil { try await unit.create(on: db) } else { try await unit.update(on: db) }
        trail.record(
            existing == nil ? "create" : "update",
            "unit",
            id: unit.id!.uuidString,
            zone: zoneID,
            before: beforeDTO,
            after: d.dto(unit)
        )
        return unit
    }

    static func tierMessage(_ e: TierRule.Violation, d: Directory, units: [OrgUnit]) -> Loc {
        switch e {
        case .leadershipHasParent: return Loc("领导班子是最高层级，不能有上级单位", "A leadership unit is the top tier and has no parent")
        case .parentKind(let c, let p):
            return Loc(
                "\(p.label.zh)下不能设\(c.label.zh)（领导班子 → 部门/中心 → 小组）",
                "A \(c.label.en.lowercased()) cannot sit under a \(p.label.en.lowercased()) (leadership → department/centre → team)"
            )
        case .parentInOtherBody: return Loc("上级单位属于另一机构", "The parent belongs to the other body")
        case .parentMissing: return Loc("上级单位不存在", "The parent does not exist")
        case .cycle: return Loc("单位不能成为自己的上级", "A unit cannot be its own ancestor")
        case .fourthTier(let depth):
            return Loc("超过三级扁平化管理：这样设置会形成第 \(depth) 级", "Three tiers at most: this would make tier \(depth)")
        }
    }

    static func deleteUnit(_ unit: OrgUnit, db: Database, trail: AuditTrail) async throws {
        let id = unit.id!
        let children = try await OrgUnit.query(on: db).filter(\.$parentID == id).count()
        let posts = try await Post.query(on: db).filter(\.$unitID == id).count()
        let people = try await Person.query(on: db).filter(\.$unitID == id).count()
        let linked =
            try await InvestmentTeam.query(on: db).filter(\.$unitID == id).count()
            + (try await ServiceRequest.query(on: db).filter(\.$unitID == id).count())
        if linked > 0 {
            throw AppError.conflict(
                Loc("该单位有招商小组或企业诉求记录，不能删除", "The unit has investment teams or service requests on record: it cannot be deleted")
            )
        }
        if children + posts + people > 0 {
            throw AppError.conflict(
                Loc(
                    "该单位下还有 \(children) 个下级单位、\(posts) 个岗位、\(people) 名人员，不能删除",
                    "The unit still has \(children) sub-units, \(posts) posts and \(people) people: it cannot be deleted"
                )
            )
        }
        let d = try await OrgQueries.directory(for: unit.zoneID, on: db)
        let before = d.dto(unit)
        try await unit.delete(on: db)
        trail.record("delete", "unit", id: id.uuidString, zone: unit.zoneID, before: before)
    }

    // MARK: posts

    static func savePost(_ input: PostInput, existing: Post?, actor: Actor, zone zoneID: UUID, db: Database, trail: AuditTrail) async throws
        -> Post
    {
        var v = Validation()
        let post = existing ?? Post()
        let d = try await OrgQueries.directory(for: zoneID, on: db)
        let beforeDTO = existing.map { d.dto($0) }
        let oldHeadcount = existing?.headcount ?? 0
        let oldBody = existing?.bodyID
        if existing == nil {
            post.zoneID = zoneID
            post.duties = ""
            post.requirements = ""
        }
        let bodyHint = try await body(input.body, zone: zoneID, on: db, into: &v)
        var unit: OrgUnit? = nil
        if input.unitId != nil || input.unit != nil {
            unit = try await findUnit(
                id: input.unitId,
                name: input.unit,
                zone: zoneID,
                body: bodyHint?.id,
                field: "unitId",
                on: db,
                into: &v
            )
            if let u = unit {
                post.unitID = u.id!
                post.bodyID = u.bodyID
            }
        } else if existing == nil {
            v.add("unitId", Loc("请选择所属单位", "Choose the unit"))
        } else {
            unit = try await OrgUnit.find(post.unitID, on: db)
        }
        if let t = input.title {
            let title = t.trimmingCharacters(in: .whitespacesAndNewlines)
            if title.isEmpty {
                v.add("title", Loc("请填写岗位名称", "Title is required"))
            } else if title.count > 60 {
                v.add("title", Loc("岗位名称不能超过 60 个字", "Title may not exceed 60 characters"))
            } else {
                post.title = title
            }
        } else if existing == nil {
            v.add("title", Loc("请填写岗位名称", "Title is required"))
        }
        if let t = input.tier, !t.trimmingCharacters(in: .whitespaces).isEmpty {
            if let tier = Tier.parse(t) {
                post.tier = tier
            } else {
                v.add("tier", Loc("层级须为领导层、部门负责人或工作人员", "Tier must be leader, head or staff"))
            }
        } else if existing == nil || input.tier != nil {
            v.add("tier", Loc("请选择岗位层级", "Choose the tier"))
        }
        if let h = input.headcount {
            if h < 1 || h > 999 {
                v.add("headcount", Loc("编制数须为 1–999 的整数", "Headcount must be a whole number from 1 to 999"))
            } else {
                post.headcount = h
            }
        } else if existing == nil {
            v.add("headcount", Loc("请填写编制数", "Headcount is required"))
        }
        if let duties = input.duties { post.duties = duties.flatMap(Duties.parse).joined(separator: "\n") }
        if let r = input.requirements { post.requirements = String(r.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000)) }
        try v.check()

        if let u = unit, !TierRule.allowedTiers(in: u.kind).contains(post.tier) {
            let allowed = TierRule.allowedTiers(in: u.kind)
            throw AppError.invalid(
                "tier",
                Loc(
                    "\(u.kind.label.zh)的岗位层级只能是\(allowed.map(\.label.zh).joined(separator: "或"))（三级扁平化）",
                    "Posts in a \(u.kind.label.en.lowercased()) may only be \(allowed.map(\.label.en).joined(separator: " or ")) (three tie"
                        + "rs)"
                )
            )
        }
        if try await Post.query(on: db).filter(\.$unitID == post.unitID).filter(\.$title == post.title)
            .filter(\.$id != (post.id ?? UUID())).count() > 0
        {
            throw AppError.conflict(Loc("该单位已有岗位“\(post.title)”", "The unit already has a post “\(post.title)”"), field: "title")
        }
        // 总量控制: the body's posts may not add up to more than its cap.
        guard let b = d.bodies[post.bodyID] else { throw AppError.notFound }
        let total = try await OrgQueries.headcountTotal(body: post.bodyID, on: db)
        let requested = oldBody == post.bodyID ? post.headcount - oldHeadcount : post.headcount
        do { try HeadcountCap.check(cap: b.headcountCap, currentTotal: total, requested: requested) } catch {
            throw AppError.invalid("headcount", capMessage(error, body: b))
        }
        if let id = post.id {
            let holders = try await Person.query(on: db).filter(\.$postID == id).count()
            if holders > post.headcount {
                throw AppError.invalid(
                    "headcount",
                    Loc("该岗位现有 \(holders) 人在岗，编制不能少于 \(holders)", "\(holders) people hold this post: the headcount cannot be lower")
                )
            }
            if post.bodyID != oldBody, holders > 0 {
                throw AppError.invalid("unitId", Loc("岗位有人在岗时不能调到另一机构", "A post with holders cannot move to the other body"))
            }
        }
        if existing == nil { try await post.create(on: db) } else { try await post.update(on: db) }
        trail.record(
            existing == nil ? "create" : "update",
            "post",
            id: post.id!.uuidString,
            zone: zoneID,
            before: beforeDTO,
            after: d.dto(post)
        )
        return post
    }

    static func capMessage(_ e: HeadcountCap.Exceeded, body b: BodyValue) -> Loc {
        Loc(
            "超出总量控制：\(b.name)编制上限 \(e.cap) 人，现有岗位编制合计 \(e.currentTotal) 人，尚余 \(max(0, e.cap - e.currentTotal)) 人；本次申请增加 \(e.requested) "
                + "人（合计将为 \(e.resultingTotal) 人）",
            "Over the headcount cap: \(b.nameEn) may hold \(e.cap); its posts already total \(e.currentTotal), leaving "
                + "\(max(0, e.cap - e.currentTotal));"
                + " this asks for \(e.requested) more (\(e.resultingTotal) in all)"
        )
    }

    static func deletePost(_ post: Post, db: Database, trail: AuditTrail) async throws {
        let id = post.id!
        let holders = try await Person.query(on: db).filter(\.$postID == id).count()
        if holders > 0 {
            throw AppError.conflict(Loc("该岗位还有 \(holders) 人在岗，不能删除", "\(holders) people hold this post: it cannot be deleted"))
        }
        // A post with a history (appointments, campaigns) is kept: records are never lost.
        let history =
            try await Appointment.query(on: db).filter(\.$postID == id).count()
            + (try await CampaignPost.query(on: db).filter(\.$postID == id).count())
        if history > 0 {
            throw AppError.conflict(Loc("该岗位有聘任或选人用人记录，不能删除", "The post has appointments or campaigns on record: it cannot be deleted"))
        }
        let d = try await OrgQueries.directory(for: post.zoneID, on: db)
        let before = d.dto(post)
        try await post.delete(on: db)
        trail.record("delete", "post", id: id.uuidString, zone: post.zoneID, before: before)
    }

    // MARK: people

    static func savePerson(_ input: PersonInput, existing: Person?, actor: Actor, zone zoneID: UUID, db: Database, trail: AuditTrail)
        async throws -> Person
    {
        var v = Validation()
        let person = existing ?? Person()
        let unitBefore = existing?.unitID
        let d = try await OrgQueries.directory(for: zoneID, on: db)
        let beforeDTO = existing.map { d.dto($0) }
        if existing == nil {
            person.zoneID = zoneID
            person.phone = ""
        }
        let bodyHint = try await body(input.body, zone: zoneID, on: db, into: &v)
        if let b = bodyHint { person.bodyID = b.id! }
        var unit: OrgUnit? = nil
        if input.unitId != nil || input.unit != nil {
            let blank = (input.unitId ?? "").isEmpty && (input.unit ?? "").isEmpty
            if blank {
                person.unitID = nil
            } else {
                unit = try await findUnit(
                    id: input.unitId,
                    name: input.unit,
                    zone: zoneID,
                    body: bodyHint?.id,
                    field: "unitId",
                    on: db,
                    into: &v
                )
                if let u = unit {
                    person.unitID = u.id
                    person.bodyID = u.bodyID
                }
            }
        }
        var post: Post? = nil
        if input.postId != nil || input.post != nil {
            let blank = (input.postId ?? "").isEmpty && (input.post ?? "").isEmpty
            if blank {
                person.postID = nil
            } else if let s = input.postId, !s.isEmpty {
                if let id = UUID(uuidString: s), let p = try await Post.find(id, on: db), p.zoneID == zoneID {
                    post = p
                } else {
                    v.add("postId", Loc("所选岗位不存在", "No such post"))
                }
            } else if let title = input.post {
                var q = Post.query(on: db).filter(\.$zoneID == zoneID).filter(\.$title == title.trimmingCharacters(in: .whitespaces))
                if let u = unit { q = q.filter(\.$unitID == u.id!) }
                let found = try await q.all()
                if found.count == 1 {
                    post = found[0]
                } else {
                    v.add(
                        "postId",
                        found.isEmpty
                            ? Loc("找不到岗位“\(title)”", "No post titled “\(title)”")
                            : Loc("有多个岗位名为“\(title)”，请填写单位", "Several posts are titled “\(title)”: give the unit")
                    )
                }
            }
            if let p = post {
                if let u = unit, u.id != p.unitID { v.add("postId", Loc("岗位不属于所选单位", "The post is not in the chosen unit")) }
                person.postID = p.id
                person.unitID = p.unitID
                person.bodyID = p.bodyID
            }
        }
        if person.$bodyID.value == nil { v.add("body", Loc("请选择所属机构或单位", "Choose the body or unit")) }
        if let n = input.name {
            let name = n.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty {
                v.add("name", Loc("请填写姓名", "Name is required"))
            } else if name.count > 40 {
                v.add("name", Loc("姓名不能超过 40 个字", "Name may not exceed 40 characters"))
            } else {
                person.name = name
            }
        } else if existing == nil {
            v.add("name", Loc("请填写姓名", "Name is required"))
        }
        var rid: ResidentID? = nil
        if let raw = input.residentId, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                rid = try ResidentID(raw)
                person.residentID = rid!.value
            } catch {
                switch error {
                case .length(let n): v.add("residentId", Loc("身份证号应为 18 位，现为 \(n) 位", "A resident ID has 18 characters; this has \(n)"))
                case .characters:
                    v.add("residentId", Loc("身份证号前 17 位须为数字，末位为数字或 X", "The first 17 characters must be digits and the last a digit or X"))
                case .birthDate: v.add("residentId", Loc("身份证号中的出生日期无效", "The birth date inside the resident ID is not a real date"))
                case .checkDigit(let c):
                    v.add("residentId", Loc("身份证号校验位错误（按 GB 11643 应为 \(c)）", "Wrong check digit (GB 11643 calls for \(c))"))
                }
            }
        } else if existing == nil {
            v.add("residentId", Loc("请填写身份证号", "Resident ID is required"))
        }
        if let g = input.gender, !g.isEmpty {
            if let gender = Gender.parse(g) {
                person.gender = gender
            } else {
                v.add("gender", Loc("性别须为男或女", "Gender must be male or female"))
            }
        } else if let r = rid {
            person.gender = r.isMale ? .male : .female
        } else if existing == nil {
            v.add("gender", Loc("请选择性别", "Choose the gender"))
        }
        if let b = input.birthDate, !b.isEmpty {
            if let date = CalendarDate(b) {
                person.birthDate = date.description
            } else {
                v.add("birthDate", Loc("出生日期格式应为 YYYY-MM-DD", "Birth date must be YYYY-MM-DD"))
            }
        } else if let r = rid {
            person.birthDate = r.birthDate.description
        } else if existing == nil {
            v.add("birthDate", Loc("请填写出生日期", "Birth date is required"))
        }
        if let p = input.phone {
            let phone = p.trimmingCharacters(in: .whitespaces)
            let ok =
                phone.isEmpty
                || (phone.count >= 7 && phone.count <= 20 && phone.allSatisfy { $0.isASCII && ($0.isNumber || "-+ ".contains($0)) })
            if ok { person.phone = phone } else { v.add("phone", Loc("电话只能包含数字、空格、+ 和 -，7–20 位", "Phone: 7–20 digits, spaces, + or -")) }
        }
        var former: FormerIdentity? = nil
        if existing == nil, let f = input.formerIdentity, !f.isEmpty {
            if let fi = FormerIdentity.parse(f) { former = fi } else { v.add("formerIdentity", Loc("原身份取值无效", "Unknown former identity")) }
        }
        try v.check()
        if let r = rid, existing == nil || input.birthDate != nil || input.residentId != nil {
            if person.birthDate != r.birthDate.description {
                throw AppError.invalid(
                    "birthDate",
                    Loc("出生日期与身份证号不一致（身份证为 \(r.birthDate)）", "The birth date differs from the resident ID (\(r.birthDate))")
                )
            }
            if person.gender != (r.isMale ? .male : .female) {
                throw AppError.invalid("gender", Loc("性别与身份证号不一致", "The gender differs from the resident ID"))
            }
        }
        if try await Person.query(on: db).filter(\.$zoneID == zoneID).filter(\.$residentID == person.residentID)
            .filter(\.$id != (person.id ?? UUID())).count() > 0
        {
            throw AppError.conflict(Loc("本园区已有该身份证号的人员", "Someone in this zone already has this resident ID"), field: "residentId")
        }
        if let p = post, p.id != existing?.postID {
            let holders = try await Person.query(on: db).filter(\.$postID == p.id!).count()
            if holders >= p.headcount {
                throw AppError.invalid("postId", Loc("岗位“\(p.title)”编制 \(p.headcount) 人，已满", "Post “\(p.title)” is full (\(p.headcount))"))
            }
        }
        if let id = existing?.id, person.unitID != unitBefore {
            try await EngineeringService.personMoved(id, to: person.unitID, field: "unitId", on: db, trail: trail)
        }
        if existing == nil { try await person.create(on: db) } else { try await person.update(on: db) }
        trail.record(
            existing == nil ? "create" : "update",
            "person",
            id: person.id!.uuidString,
            zone: zoneID,
            before: beforeDTO,
            after: d.dto(person)
        )
        if let fi = former {
            let s = SealedRecord()
            s.personID = person.id!
            s.formerIdentity = fi
            s.formerEmployer = String((input.formerEmployer ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
            s.notes = ""
            try await s.create(on: db)
            // The audit log records that a sealed record was made, not what it says.
            trail.record("seal", "sealedRecord", id: person.id!.uuidString, zone: zoneID)
        }
        return person
    }

    static func deletePerson(_ person: Person, db: Database, trail: AuditTrail) async throws {
        let id = person.id!
        // A person with a history (appointments, contracts, campaigns, teams, enterprises served) is kept: records are never lost.
        var history = try await Appointment.query(on: db).filter(\.$personID == id).count()
        history += try await EmploymentContract.query(on: db).filter(\.$personID == id).count()
        history += try await Candidate.query(on: db).filter(\.$personID == id).count()
        history += try await TeamMembership.query(on: db).filter(\.$personID == id).count()
        history += try await Enterprise.query(on: db).group(.or) { $0.filter(\.$stewardID == id).filter(\.$expertID == id) }.count()
        history += try await ServiceRequest.query(on: db).filter(\.$holderID == id).count()
        if history > 0 {
            throw AppError.conflict(
                Loc(
                    "该人员有聘任、合同、选人用人、招商小组或企业服务记录，不能删除；如已离开，请解除其合同",
                    "The person has appointments, contracts, campaigns, team or service records: they cannot be deleted; if they "
                        + "left, terminate their contract"
                )
            )
        }
        let d = try await OrgQueries.directory(for: person.zoneID, on: db)
        let before = d.dto(person)
        try await SealedRecord.query(on: db).filter(\.$personID == id).delete()
        for u in try await User.query(on: db).filter(\.$personID == id).all() {
            u.personID = nil
            try await u.update(on: db)
        }
        try await person.delete(on: db)
        trail.record("delete", "person", id: id.uuidString, zone: person.zoneID, before: before)
    }
}
