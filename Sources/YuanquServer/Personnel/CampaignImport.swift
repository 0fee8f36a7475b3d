import Fluent
import Vapor
import YuanquKit

/// Candidates and scores of a campaign from CSV, with the same all-or-nothing check as every import.
enum CampaignImport {
    static func register(_ app: Application) {
        app.routes.get("campaigns", ":id", "import", ":what", permission: .campaignsManage) { req in
            try await CSVImport.form(req, try await spec(req))
        }
        app.routes.on(.POST, ["campaigns", ":id", "import", ":what"], permission: .campaignsManage, body: .collect(maxSize: "8mb")) { req in
            try await CSVImport.run(req, try await spec(req))
        }
    }

    static func spec(_ req: Request) async throws -> ImportSpec {
        let c = try await CampaignsAPI.campaign(req, actor: try req.actor())
        switch req.parameters.get("what") {
        case "candidates": return candidates(c)
        case "scores": return scores(c)
        default: throw AppError.notFound
        }
    }

    /// A post named as on the campaign page (“单位·岗位”) or by its title when that is unambiguous.
    static func offeredPost(_ text: String, campaign c: Campaign, field: String, on db: Database) async throws -> String {
        let cps = try await CampaignService.posts(of: c, on: db)
        let posts = try await Post.query(on: db).filter(\.$id ~~ cps.map(\.postID)).all()
        let units = try await OrgQueries.unitNames(zone: c.zoneID, on: db)
        let t = text.replacingOccurrences(of: " ", with: "")
        let matches = posts.filter { (units[$0.unitID] ?? "") + "·" + $0.title == t || $0.title == t }
        guard matches.count == 1 else {
            throw AppError.invalid(
                field,
                matches.isEmpty
                    ? Loc("“\(text)”不是本次招聘的岗位", "“\(text)” is not offered in this campaign")
                    : Loc("有多个岗位名为“\(text)”，请写作“单位·岗位”", "Several posts are called “\(text)”: write unit·post")
            )
        }
        return matches[0].id!.uuidString
    }

    static func candidates(_ c: Campaign) -> ImportSpec {
        let id = c.id!
        let choices = max(1, c.maxPreferences)
        let postColumns = (1...choices).map { i in
            ImportColumn(field: "post\(i)", label: choices == 1 ? Loc("报考岗位", "Post") : Loc("第\(i)志愿", "Choice \(i)"), required: i == 1)
        }
        return ImportSpec(
            title: Loc("导入报名人员", "Import candidates"),
            action: .campaignImportCandidates(id),
            back: .campaign(id),
            columns: [
                .init(field: "residentId", label: Loc("身份证号", "Resident ID"), required: true),
                .init(field: "name", label: Loc("姓名", "Name"), required: false),
                .init(field: "phone", label: Loc("手机", "Phone"), required: false),
                .init(field: "education", label: Loc("学历", "Education"), required: false),
                .init(field: "origin", label: Loc("人员来源", "Origin"), required: false),
                .init(field: "formerEmployer", label: Loc("现工作单位", "Current employer"), required: false),
            ] + postColumns,
            example: ["320106199001010011", "张三", "13900000000", "大学本科", "区属国有企业", "区城建集团"] + Array(repeating: "", count: choices),
            entity: "candidate"
        ) { v, actor, _, db, trail in
            guard let c = try await Campaign.find(id, on: db) else { throw AppError.notFound }
            var postIDs: [String] = []
            for i in 1...choices {
                if let t = v("post\(i)"), !t.isEmpty { postIDs.append(try await offeredPost(t, campaign: c, field: "post\(i)", on: db)) }
            }
            let rid = (try? ResidentID(v("residentId") ?? ""))?.value
            // Someone of the zone is entered as themselves; anyone else with what the row says.
            if let r = rid, let person = try await Person.query(on: db).filter(\.$zoneID == c.zoneID).filter(\.$residentID == r).first() {
                _ = try await CampaignService.addCandidate(
                    CandidateInput(personId: person.id!.uuidString, education: v("education"), postIds: postIDs),
                    to: c,
                    nomination: .organisation,
                    actor: actor,
                    on: db,
                    trail: trail
                )
            } else {
                _ = try await CampaignService.addCandidate(
                    CandidateInput(
                        name: v("name"),
                        phone: v("phone"),
                        residentId: v("residentId"),
                        education: v("education"),
                        origin: v("origin"),
                        formerEmployer: v("formerEmployer"),
                        postIds: postIDs
                    ),
                    to: c,
                    nomination: .organisation,
                    actor: actor,
                    on: db,
                    trail: trail
                )
            }
        }
    }

    static func scores(_ c: Campaign) -> ImportSpec {
        let id = c.id!
        let scheme = c.scoring
        var columns: [ImportColumn] = [
            .init(field: "residentId", label: Loc("身份证号", "Resident ID"), required: false),
            .init(field: "name", label: Loc("姓名", "Name"), required: false),
            .init(field: "member", label: Loc("评委", "Interviewer"), required: false),
        ]
        columns += scheme.items.enumerated().map { i, item in
            ImportColumn(field: "item\(i)", label: Loc(item.name, item.name), required: false)
        }
        if scheme.writtenWeight > 0 { columns.append(.init(field: "written", label: Loc("笔试", "Written"), required: false)) }
        return ImportSpec(
            title: Loc("导入评分", "Import scores"),
            action: .campaignImportScores(id),
            back: .campaignScores(id),
            columns: columns,
            example: ["", "张三", "评委甲"] + scheme.items.map { _ in "85.5" } + (scheme.writtenWeight > 0 ? ["80"] : []),
            entity: "candidate"
        ) { v, _, _, db, trail in
            guard let c = try await Campaign.find(id, on: db) else { throw AppError.notFound }
            var q = Candidate.query(on: db).filter(\.$campaignID == id)
            if let r = v("residentId"), !r.isEmpty {
                q = q.filter(\.$residentID == r.uppercased())
            } else if let n = v("name"), !n.isEmpty {
                q = q.filter(\.$name == n)
            } else {
                throw AppError.invalid("name", Loc("请填写身份证号或姓名", "Give the resident ID or the name"))
            }
            let found = try await q.all()
            guard found.count == 1 else {
                throw AppError.invalid(
                    "name",
                    found.isEmpty
                        ? Loc("找不到该报名人员", "No such candidate") : Loc("有重名，请填写身份证号", "Two candidates share the name: give the resident ID")
                )
            }
            let cand = found[0]
            func number(_ field: String) throws -> Double? {
                guard let t = v(field), !t.isEmpty else { return nil }
                guard let n = Double(t) else { throw AppError.invalid(field, Loc("“\(t)”不是数字", "“\(t)” is not a number")) }
                return n
            }
            let items = try scheme.items.indices.map { try number("item\($0)") }
            if items.contains(where: { $0 != nil }) {
                guard let name = v("member"), !name.isEmpty,
                    let member = try await PanelMember.query(on: db).filter(\.$campaignID == id).filter(\.$name == name).first()
                else {
                    throw AppError.invalid("member", Loc("评委不在本次面试评委名单中", "Not one of the campaign's interviewers"))
                }
                guard !items.contains(where: { $0 == nil }) else {
                    throw AppError.invalid("member", Loc("一位评委的各项分数须填齐", "An interviewer's sheet needs every item"))
                }
                try await CampaignService.enterScore(
                    c,
                    input: ScoreInput(
                        candidateId: cand.id!.uuidString,
                        panelMemberId: member.id!.uuidString,
                        scores: items.map { $0! },
                        written: nil
                    ),
                    on: db,
                    trail: trail
                )
            }
            if let w = try number("written") {
                try await CampaignService.enterScore(
                    c,
                    input: ScoreInput(candidateId: cand.id!.uuidString, written: w),
                    on: db,
                    trail: trail
                )
            }
        }
    }
}
