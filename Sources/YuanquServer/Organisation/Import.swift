import Fluent
import Vapor
import YuanquKit

/// Imports of units, posts and people (see `CSVImport` for how every import behaves).
enum OrgImport {
    static let units = ImportSpec(
        title: Loc("导入组织机构", "Import units"),
        action: .unitsImport,
        back: .units,
        columns: [
            .init(field: "body", label: Loc("机构", "Body"), required: true), .init(field: "name", label: Loc("名称", "Name"), required: true),
            .init(field: "kind", label: Loc("类型", "Kind"), required: true),
            .init(field: "parentId", label: Loc("上级单位", "Parent"), required: false),
            .init(field: "isMainBusiness", label: Loc("主责主业", "Main business"), required: false),
            .init(field: "duties", label: Loc("职责", "Duties"), required: false),
        ],
        example: ["管委会", "产业促进部", "部门", "党工委管委会领导班子", "是", "产业规划；产业政策研究"],
        entity: "unit"
    ) { v, actor, zone, db, trail in
        var main: Bool? = nil
        if let m = v("isMainBusiness") {
            guard let b = parseBool(m) else {
                throw AppError.invalid("isMainBusiness", Loc("主责主业应填“是”或“否”", "Main business must be yes or no"))
            }
            main = b
        }
        let input = UnitInput(
            body: v("body"),
            kind: v("kind"),
            name: v("name"),
            parentId: nil,
            parent: v("parentId") ?? "",
            isMainBusiness: main,
            duties: v("duties").map { Duties.parse($0) }
        )
        _ = try await OrgService.saveUnit(input, existing: nil, actor: actor, zone: zone, db: db, trail: trail)
    }

    static let posts = ImportSpec(
        title: Loc("导入岗位", "Import posts"),
        action: .postsImport,
        back: .posts,
        columns: [
            .init(field: "body", label: Loc("机构", "Body"), required: false),
            .init(field: "unitId", label: Loc("单位", "Unit"), required: true),
            .init(field: "title", label: Loc("岗位名称", "Title"), required: true),
            .init(field: "tier", label: Loc("层级", "Tier"), required: true),
            .init(field: "headcount", label: Loc("编制", "Headcount"), required: true),
            .init(field: "duties", label: Loc("职责", "Duties"), required: false),
            .init(field: "requirements", label: Loc("任职要求", "Requirements"), required: false),
        ],
        example: ["管委会", "产业促进部", "产业研究岗", "工作人员", "2", "产业研究；政策起草", "本科及以上学历"],
        entity: "post"
    ) { v, actor, zone, db, trail in
        guard let n = Int(v("headcount") ?? "") else {
            throw AppError.invalid("headcount", Loc("编制数须为整数", "Headcount must be a whole number"))
        }
        let input = PostInput(
            body: v("body"),
            unitId: nil,
            unit: v("unitId"),
            title: v("title"),
            tier: v("tier"),
            headcount: n,
            duties: v("duties").map { Duties.parse($0) },
            requirements: v("requirements")
        )
        _ = try await OrgService.savePost(input, existing: nil, actor: actor, zone: zone, db: db, trail: trail)
    }

    static let people = ImportSpec(
        title: Loc("导入人员", "Import people"),
        action: .peopleImport,
        back: .people,
        columns: [
            .init(field: "name", label: Loc("姓名", "Name"), required: true),
            .init(field: "gender", label: Loc("性别", "Gender"), required: false),
            .init(field: "birthDate", label: Loc("出生日期", "Birth date"), required: false),
            .init(field: "phone", label: Loc("电话", "Phone"), required: false),
            .init(field: "residentId", label: Loc("身份证号", "Resident ID"), required: true),
            .init(field: "body", label: Loc("机构", "Body"), required: false),
            .init(field: "unitId", label: Loc("单位", "Unit"), required: false),
            .init(field: "postId", label: Loc("岗位", "Post"), required: false),
            .init(field: "formerIdentity", label: Loc("原身份", "Former identity"), required: false),
            .init(field: "formerEmployer", label: Loc("原单位", "Former employer"), required: false),
        ],
        example: ["张三", "男", "1990-01-01", "13800000000", "320111199001011234", "管委会", "产业促进部", "产业研究岗", "事业单位人员", "区发改委"],
        entity: "person"
    ) { v, actor, zone, db, trail in
        let input = PersonInput(
            body: v("body"),
            unitId: nil,
            unit: v("unitId"),
            postId: nil,
            post: v("postId"),
            name: v("name"),
            gender: v("gender"),
            birthDate: v("birthDate"),
            phone: v("phone") ?? "",
            residentId: v("residentId"),
            formerIdentity: v("formerIdentity"),
            formerEmployer: v("formerEmployer")
        )
        _ = try await OrgService.savePerson(input, existing: nil, actor: actor, zone: zone, db: db, trail: trail)
    }
}
