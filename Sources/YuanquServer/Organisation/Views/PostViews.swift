import Foundation
import Plot
import Vapor
import YuanquKit

enum PostViews {
    static func list(
        _ items: [PostValue],
        total: Int,
        units: [UnitValue],
        holders: [UUID: Int],
        d: Directory,
        params: ListParams,
        pageSize: Int,
        canWrite: Bool,
        canImport: Bool,
        zones: [(value: String, label: String)]?,
        _ v: ViewContext
    ) -> HNode {
        let lang = v.lang
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.name) })
        var actions: [HNode] = []
        if canWrite { actions.append(link(.postNew, lang.t("新建岗位", "New post"), class: "btn")) }
        if canImport { actions.append(link(.postsImport, lang.t("从 CSV 导入", "Import CSV"), class: "btn secondary")) }
        let bar = ListView.filterBar(
            params: params,
            base: .posts,
            selects: [
                ("body", lang.t("机构", "Body"), BodyKind.options(lang)),
                ("unit", lang.t("单位", "Unit"), units.sorted { $0.name < $1.name }.map { ($0.id.uuidString, $0.name) }),
                ("tier", lang.t("层级", "Tier"), Tier.options(lang)),
            ],
            zones: zones,
            lang: v.lang,
            export: .postsExport,
            actions: actions
        )
        let columns: [ListView.Column] = [
            .init(key: "title", label: lang.t("岗位名称", "Title"), sortable: true),
            .init(key: "unit", label: lang.t("单位", "Unit"), sortable: true),
            .init(key: "body", label: lang.t("机构", "Body"), sortable: false),
            .init(key: "tier", label: lang.t("层级", "Tier"), sortable: true),
            .init(key: "headcount", label: lang.t("编制", "Headcount"), sortable: true, numeric: true),
            .init(key: "holders", label: lang.t("在岗", "Holders"), sortable: false, numeric: true),
        ]
        let rows: [[HNode]] = items.map { p in
            [
                link(.post(p.id), p.title),
                link(.unit(p.unitID), names[p.unitID] ?? ""),
                txt(d.bodies[p.bodyID].map { lang.t($0.name, $0.nameEn) } ?? ""),
                txt(lang.t(p.tier.label)),
                txt(String(p.headcount)),
                txt(String(holders[p.id] ?? 0)),
            ]
        }
        return .group(
            bar,
            ListView.table(columns, rows: rows, params: params, base: .posts, lang: lang),
            ListView.pager(total: total, params: params, pageSize: pageSize, base: .posts, lang: lang)
        )
    }

    static func show(_ p: PostValue, unit: UnitValue?, holders: [PersonListRow], d: Directory, canWrite: Bool, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return .group(
            el(
                "dl",
                [("class", "props")],
                [
                    el("dt", [], txt(lang.t("机构", "Body"))), el("dd", [], txt(d.bodies[p.bodyID].map { lang.t($0.name, $0.nameEn) } ?? "")),
                    el("dt", [], txt(lang.t("单位", "Unit"))), el("dd", [], unit.map { link(.unit($0.id), $0.name) } ?? txt("")),
                    el("dt", [], txt(lang.t("层级", "Tier"))), el("dd", [], txt(lang.t(p.tier.label))),
                    el("dt", [], txt(lang.t("编制", "Headcount"))),
                    el("dd", [], txt(lang.t("\(p.headcount) 人（在岗 \(holders.count) 人）", "\(p.headcount) (\(holders.count) holding)"))),
                    el("dt", [], txt(lang.t("任职要求", "Requirements"))), el("dd", [], txt(p.requirements.isEmpty ? "—" : p.requirements)),
                ]
            ),
            el("h2", [], txt(lang.t("岗位职责", "Duties"))),
            el("ol", [], Duties.parse(p.duties).map { el("li", [], txt($0)) }),
            el("h2", [], txt(lang.t("在岗人员", "Holders"))),
            holders.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("暂无", "None")))
                : el("ul", [], holders.map { el("li", [], link(.person($0.id), $0.name)) }),
            canWrite
                ? el(
                    "p",
                    [("class", "toolbar no-print")],
                    [
                        link(.postEdit(p.id), lang.t("编辑", "Edit"), class: "btn"),
                        actionButton(
                            v,
                            action: .postDelete(p.id),
                            label: lang.t("删除", "Delete"),
                            confirm: lang.t("确定删除该岗位？", "Delete this post?"),
                            danger: true
                        ),
                    ]
                ) : .empty
        )
    }

    static func form(_ p: PostValue?, units: [UnitValue], d: Directory, form f: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return postForm(
            v,
            action: p.map { .post($0.id) } ?? .posts,
            class: "card",
            [
                f.summary(),
                f.select(
                    "unitId",
                    lang.t("所属单位", "Unit"),
                    options: units.map { ($0.id.uuidString, $0.name + "（" + lang.t(d.bodyKind($0.bodyID).label) + "）") },
                    selected: p?.unitID.uuidString,
                    required: true,
                    blank: lang.t("请选择", "Choose")
                ),
                f.text("title", lang.t("岗位名称", "Title"), value: p?.title ?? "", required: true),
                f.select(
                    "tier",
                    lang.t("层级", "Tier"),
                    options: Tier.options(lang),
                    selected: p?.tier.rawValue,
                    required: true,
                    blank: lang.t("请选择", "Choose")
                ),
                f.text(
                    "headcount",
                    lang.t("编制数", "Headcount"),
                    value: p.map { String($0.headcount) } ?? "1",
                    required: true,
                    type: "number",
                    hint: lang.t("机构岗位编制合计不得超过其总量控制上限。", "The body's posts together may not exceed its headcount cap."),
                    attributes: [("min", "1"), ("max", "999")]
                ),
                f.textarea(
                    "duties",
                    lang.t("岗位职责", "Duties"),
                    value: p.map { Duties.parse($0.duties).joined(separator: "\n") } ?? "",
                    hint: lang.t("每行一项。", "One per line.")
                ),
                f.textarea("requirements", lang.t("任职要求", "Requirements"), value: p?.requirements ?? "", rows: 3),
                el("button", [("type", "submit")], txt(lang.t("保存", "Save"))), txt(" "),
                link(p.map { SiteURL.post($0.id) } ?? .posts, lang.t("取消", "Cancel")),
            ]
        )
    }
}
