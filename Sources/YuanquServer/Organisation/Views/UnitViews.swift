import Foundation
import Plot
import Vapor
import YuanquKit

enum UnitViews {
    struct ListModel {
        let items: [UnitValue]
        let total: Int
        let all: [UnitValue]
        let directory: Directory
        let params: ListParams
        let pageSize: Int
        let headcounts: [UUID: Int]
        let canWrite: Bool
        let canImport: Bool
        let zoneOptions: [(value: String, label: String)]?
    }

    static func list(_ m: ListModel, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let names = Dictionary(uniqueKeysWithValues: m.all.map { ($0.id, $0.name) })
        var actions: [HNode] = []
        if m.canWrite { actions.append(link(.unitNew, lang.t("新建单位", "New unit"), class: "btn")) }
        if m.canImport { actions.append(link(.unitsImport, lang.t("从 CSV 导入", "Import CSV"), class: "btn secondary")) }
        actions.append(link(.orgChart, lang.t("组织架构图", "Org chart"), class: "btn secondary"))
        let bar = ListView.filterBar(
            params: m.params,
            base: .units,
            selects: [
                ("body", lang.t("机构", "Body"), BodyKind.options(lang)),
                ("kind", lang.t("类型", "Kind"), UnitKind.options(lang)),
                ("main", lang.t("主责主业", "Main business"), [("true", lang.t("是", "Yes")), ("false", lang.t("否", "No"))]),
            ],
            zones: m.zoneOptions,
            lang: v.lang,
            export: .unitsExport,
            actions: actions
        )
        let columns: [ListView.Column] = [
            .init(key: "name", label: lang.t("名称", "Name"), sortable: true),
            .init(key: "body", label: lang.t("机构", "Body"), sortable: true),
            .init(key: "kind", label: lang.t("类型", "Kind"), sortable: true),
            .init(key: "parent", label: lang.t("上级单位", "Parent"), sortable: false),
            .init(key: "main", label: lang.t("主责主业", "Main business"), sortable: false),
            .init(key: "duties", label: lang.t("职责数", "Duties"), sortable: false, numeric: true),
        ]
        let rows: [[HNode]] = m.items.map { u in
            [
                link(.unit(u.id), u.name),
                txt(m.directory.bodies[u.bodyID].map { lang.t($0.name, $0.nameEn) } ?? ""),
                txt(lang.t(u.kind.label)),
                txt(u.parentID.flatMap { names[$0] } ?? "—"),
                u.isMainBusiness ? el("span", [("class", "tag main")], txt(lang.t("主责主业", "Main"))) : txt(""),
                txt(String(u.dutyList.count)),
            ]
        }
        return .group(
            summary(m, lang: lang),
            bar,
            ListView.table(columns, rows: rows, params: m.params, base: .units, lang: lang),
            ListView.pager(total: m.total, params: m.params, pageSize: m.pageSize, base: .units, lang: lang),
            overlaps(m.all, lang: lang)
        )
    }

    /// Per body: the main-business ratio and headcount against the cap.
    static func summary(_ m: ListModel, lang: Lang) -> HNode {
        let bodies = m.directory.bodies.values.sorted {
            ($0.zoneID.uuidString, $0.kind.rawValue) < ($1.zoneID.uuidString, $1.kind.rawValue)
        }
        let multiZone = m.directory.zones.count > 1
        return el(
            "div",
            [("class", "stats")],
            bodies.map { b in
                let units = m.all.filter { $0.bodyID == b.id }
                let ratio = MainBusiness.ratio(units.map { (kind: $0.kind, isMainBusiness: $0.isMainBusiness) })
                let counted = units.filter { $0.kind == .department || $0.kind == .centre }
                let main = counted.filter(\.isMainBusiness).count
                let zoneName = multiZone ? (m.directory.zones[b.zoneID].map { lang.t($0.name, $0.nameEn) + " · " } ?? "") : ""
                return el(
                    "div",
                    [("class", "stat")],
                    [
                        el("div", [("class", "muted")], txt(zoneName + lang.t(b.name, b.nameEn))),
                        el("b", [], txt(ratio.map { String(format: "%.1f%%", $0 * 100) } ?? "—")),
                        el(
                            "div",
                            [],
                            txt(
                                lang.t(
                                    "主责主业单位 \(main)/\(counted.count)（部门与中心）",
                                    "Main-business units \(main) of \(counted.count) (departments and centres)"
                                )
                            )
                        ),
                        el(
                            "div",
                            [],
                            txt(
                                lang.t(
                                    "岗位编制 \(m.headcounts[b.id] ?? 0)/\(b.headcountCap)（总量控制）",
                                    "Post headcount \(m.headcounts[b.id] ?? 0) of cap \(b.headcountCap)"
                                )
                            )
                        ),
                    ]
                )
            }
        )
    }

    /// Every duty claimed by two or more units (职能交叉), with the units.
    static func overlaps(_ units: [UnitValue], lang: Lang) -> HNode {
        let found = Duties.overlaps(units.map { (id: $0.id.uuidString, duties: $0.dutyList) })
        let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id.uuidString, $0) })
        return .group(
            el("h2", [("id", "overlaps")], txt(lang.t("职能交叉检查", "Overlapping duties"))),
            found.isEmpty
                ? el("p", [("class", "alert alert-ok")], txt(lang.t("未发现两个单位承担同一职责。", "No duty is claimed by two units.")))
                : .group(
                    el(
                        "p",
                        [("class", "alert alert-warn")],
                        txt(
                            lang.t(
                                "以下 \(found.count) 项职责由多个单位同时承担，请理顺职责分工：",
                                "Duties claimed by more than one unit: \(found.count)"
                            )
                        )
                    ),
                    ListView.plain(
                        [lang.t("职责", "Duty"), lang.t("承担单位", "Units")],
                        rows: found.map { o in
                            [
                                txt(o.duty),
                                .group(
                                    o.unitIDs.compactMap { byID[$0] }.enumerated().map { i, u in
                                        .group(i > 0 ? txt("、") : .empty, link(.unit(u.id), u.name))
                                    }
                                ),
                            ]
                        },
                        class: "list overlaps"
                    )
                )
        )
    }

    static func show(
        _ u: UnitValue,
        d: Directory,
        parent: UnitValue?,
        children: [UnitValue],
        posts: [PostValue],
        overlaps: [DutyOverlap],
        names: [String: String],
        canWrite: Bool,
        _ v: ViewContext
    ) -> HNode {
        let lang = v.lang
        let body = d.bodies[u.bodyID]
        return .group(
            el(
                "dl",
                [("class", "props")],
                [
                    el("dt", [], txt(lang.t("机构", "Body"))), el("dd", [], txt(body.map { lang.t($0.name, $0.nameEn) } ?? "")),
                    el("dt", [], txt(lang.t("类型", "Kind"))), el("dd", [], txt(lang.t(u.kind.label))),
                    el("dt", [], txt(lang.t("上级单位", "Parent"))), el("dd", [], parent.map { link(.unit($0.id), $0.name) } ?? txt("—")),
                    el("dt", [], txt(lang.t("主责主业", "Main business"))),
                    el("dd", [], txt(u.isMainBusiness ? lang.t("是", "Yes") : lang.t("否", "No"))),
                    el("dt", [], txt(lang.t("下级单位", "Sub-units"))),
                    el(
                        "dd",
                        [],
                        children.isEmpty
                            ? txt("—")
                            : .group(children.enumerated().map { i, c in .group(i > 0 ? txt("、") : .empty, link(.unit(c.id), c.name)) })
                    ),
                ]
            ),
            el("h2", [], txt(lang.t("职责清单", "Duties"))),
            u.dutyList.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("尚未填写职责。", "No duties yet.")))
                : el(
                    "ol",
                    [],
                    u.dutyList.map { duty in
                        let clash = overlaps.first { Duties.key($0.duty) == Duties.key(duty) }
                        return el(
                            "li",
                            [],
                            txt(duty),
                            clash.map { o in
                                el(
                                    "span",
                                    [("class", "tag main")],
                                    txt(
                                        " " + lang.t("与", "also held by ")
                                            + o.unitIDs.filter { $0 != u.id.uuidString }.compactMap { names[$0] }.joined(separator: "、")
                                            + lang.t("交叉", "")
                                    )
                                )
                            } ?? .empty
                        )
                    }
                ),
            el("h2", [], txt(lang.t("岗位", "Posts"))),
            posts.isEmpty
                ? el("p", [("class", "muted")], txt(lang.t("尚无岗位。", "No posts yet.")))
                : ListView.plain(
                    [lang.t("岗位", "Post"), lang.t("层级", "Tier"), lang.t("编制", "Headcount")],
                    rows: posts.map { p in [link(.post(p.id), p.title), txt(lang.t(p.tier.label)), txt(String(p.headcount))] },
                    numeric: [2]
                ),
            canWrite
                ? el(
                    "p",
                    [("class", "toolbar no-print")],
                    [
                        link(.unitEdit(u.id), lang.t("编辑", "Edit"), class: "btn"),
                        actionButton(
                            v,
                            action: .unitDelete(u.id),
                            label: lang.t("删除", "Delete"),
                            confirm: lang.t("确定删除该单位？", "Delete this unit?"),
                            danger: true
                        ),
                    ]
                ) : .empty
        )
    }

    static func form(_ u: UnitValue?, units: [UnitValue], d: Directory, form f: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let bodies = d.bodies.values.sorted { $0.kind.rawValue > $1.kind.rawValue }
        let action: SiteURL = u.map { .unit($0.id) } ?? .units
        return postForm(
            v,
            action: action,
            class: "card",
            [
                f.summary(),
                u == nil
                    ? f.select(
                        "body",
                        lang.t("所属机构", "Body"),
                        options: bodies.map { ($0.kind.rawValue, lang.t($0.name, $0.nameEn)) },
                        selected: nil,
                        required: true,
                        blank: lang.t("请选择", "Choose")
                    )
                    : el("p", [], txt(lang.t("所属机构：", "Body: ") + (d.bodies[u!.bodyID].map { lang.t($0.name, $0.nameEn) } ?? ""))),
                f.text("name", lang.t("单位名称", "Name"), value: u?.name ?? "", required: true),
                f.select(
                    "kind",
                    lang.t("类型", "Kind"),
                    options: UnitKind.options(lang),
                    selected: u?.kind.rawValue,
                    required: true,
                    blank: lang.t("请选择", "Choose")
                ),
                f.select(
                    "parentId",
                    lang.t("上级单位", "Parent unit"),
                    options: units.map {
                        ($0.id.uuidString, $0.name + "（" + lang.t(d.bodyKind($0.bodyID).label) + "·" + lang.t($0.kind.label) + "）")
                    },
                    selected: u?.parentID?.uuidString ?? "",
                    blank: lang.t("（无，顶层单位）", "(none: top level)")
                ),
                f.checkbox("isMainBusiness", lang.t("主责主业单位", "Main-business unit"), checked: u?.isMainBusiness ?? false),
                f.textarea(
                    "duties",
                    lang.t("职责清单", "Duties"),
                    value: u?.dutyList.joined(separator: "\n") ?? "",
                    rows: 6,
                    hint: lang.t("每行一项职责；同一职责由两个单位承担会列入“职能交叉”。", "One duty per line; a duty held by two units is listed as an overlap.")
                ),
                el("button", [("type", "submit")], txt(lang.t("保存", "Save"))),
                txt(" "),
                link(u.map { SiteURL.unit($0.id) } ?? .units, lang.t("取消", "Cancel")),
            ]
        )
    }

    static func chartPage(units: [UnitValue], d: Directory, headcounts: [UUID: Int], lang: Lang) -> HNode {
        let bodies = d.bodies.values.sorted { ($0.zoneID.uuidString, $0.kind.rawValue) < ($1.zoneID.uuidString, $1.kind.rawValue) }
        return .group(
            el(
                "p",
                [("class", "muted no-print")],
                txt(
                    lang.t(
                        "由组织机构数据自动绘制：领导班子 → 部门/中心 → 小组；红框为主责主业单位，括号内为岗位编制。",
                        "Drawn from the unit records: leadership → departments/centres → teams; red frames mark main-business uni"
                            + "ts; figures are post headcounts."
                    )
                )
            ),
            .group(
                bodies.map { b in
                    .group(
                        el("h2", [], txt(lang.t(b.name, b.nameEn))),
                        el(
                            "div",
                            [("class", "chart")],
                            OrgChart.svg(units: units.filter { $0.bodyID == b.id }, headcounts: headcounts, lang: lang)
                        )
                    )
                }
            )
        )
    }
}

/// Draws a body's units as a tree in SVG: the leadership on top, departments and centres in a row
/// beneath it, and each one's teams stacked under it, so that a whole body fits the width of a page.
enum OrgChart {
    static let boxW = 150.0, boxH = 50.0, gapX = 18.0, gapY = 44.0, stackGap = 12.0, indent = 18.0

    struct Box {
        let x: Double
        let y: Double
        let w: Double
    }

    static func svg(units: [UnitValue], headcounts: [UUID: Int], lang: Lang) -> HNode {
        guard !units.isEmpty else { return el("p", [], txt(lang.t("尚无单位", "No units"))) }
        let ids = Set(units.map { $0.id })
        var children: [UUID: [UnitValue]] = [:]
        var roots: [UnitValue] = []
        for u in units.sorted(by: { ($0.sortOrder, $0.kind.level, $0.name) < ($1.sortOrder, $1.kind.level, $1.name) }) {
            if let p = u.parentID, ids.contains(p) { children[p, default: []].append(u) } else { roots.append(u) }
        }
        var boxes: [UUID: Box] = [:]
        var column = 0.0
        var bottom = 0.0
        /// Places a unit and what hangs below it; answers the x of its box.
        func place(_ u: UnitValue, level: Int, y: Double) -> Double {
            let kids = children[u.id] ?? []
            let leavesOnly = kids.allSatisfy { (children[$0.id] ?? []).isEmpty }
            if kids.isEmpty || (level >= 1 && leavesOnly) {
                // A column: this unit with its teams stacked under it.
                let x = gapX + column * (boxW + gapX)
                column += 1
                boxes[u.id] = Box(x: x, y: y, w: boxW)
                var cy = y + boxH + stackGap
                for k in kids {
                    boxes[k.id] = Box(x: x + indent, y: cy, w: boxW - indent)
                    cy += boxH + stackGap
                }
                bottom = max(bottom, cy - stackGap)
                return x
            }
            let xs = kids.map { place($0, level: level + 1, y: y + boxH + gapY) }
            let x = (xs.min()! + xs.max()!) / 2
            boxes[u.id] = Box(x: x, y: y, w: boxW)
            bottom = max(bottom, y + boxH)
            return x
        }
        for r in roots { _ = place(r, level: 0, y: gapY / 2) }
        let width = max(column, 1) * (boxW + gapX) + gapX
        let height = bottom + gapY / 2
        var lines: [HNode] = []
        for u in units {
            guard let p = u.parentID, let pb = boxes[p], let b = boxes[u.id] else { continue }
            let d: String
            if b.y > pb.y && abs(b.x - pb.x - indent) < 0.5 && b.w < boxW {
                // A stacked team: a line down the parent's left edge, then across.
                d = "M\(pb.x + indent / 2) \(pb.y + boxH) V\(b.y + boxH / 2) H\(b.x)"
            } else {
                let y1 = pb.y + boxH
                d = "M\(pb.x + pb.w / 2) \(y1) V\((y1 + b.y) / 2) H\(b.x + b.w / 2) V\(b.y)"
            }
            lines.append(void("path", [("d", d), ("fill", "none"), ("stroke", "#9aa5b1"), ("stroke-width", "1.5")]))
        }
        let boxesDrawn: [HNode] = units.compactMap { u in
            guard let b = boxes[u.id] else { return nil }
            let fill = u.kind == .leadership ? "#8a1c1c" : (u.kind == .team ? "#f7f9fb" : "#ffffff")
            let textColour = u.kind == .leadership ? "#ffffff" : "#1f2933"
            let name = u.name.count > 10 ? String(u.name.prefix(9)) + "…" : u.name
            let sub = lang.t(u.kind.label) + lang.t("（", " (") + String(headcounts[u.id] ?? 0) + lang.t("）", ")")
            let centre = String(b.x + b.w / 2)
            return el(
                "g",
                [],
                void(
                    "rect",
                    [
                        ("x", String(b.x)), ("y", String(b.y)), ("width", String(b.w)), ("height", String(boxH)), ("rx", "4"),
                        ("fill", fill),
                        ("stroke", u.isMainBusiness ? "#b42318" : "#9aa5b1"), ("stroke-width", u.isMainBusiness ? "2.5" : "1.0"),
                    ]
                ),
                el(
                    "text",
                    [("x", centre), ("y", String(b.y + 21)), ("text-anchor", "middle"), ("font-size", "14"), ("fill", textColour)],
                    txt(name)
                ),
                el(
                    "text",
                    [
                        ("x", centre), ("y", String(b.y + 40)), ("text-anchor", "middle"), ("font-size", "11"), ("fill", textColour),
                        ("opacity", "0.8"),
                    ],
                    txt(sub)
                ),
                el("title", [], txt(u.name))
            )
        }
        return el(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("role", "img"), ("viewBox", "0 0 \(Int(width)) \(Int(height))"),
                ("width", String(Int(width))), ("class", "drawing"), ("font-family", "Noto Sans CJK SC, Microsoft YaHei, sans-serif"),
            ],
            [el("title", [], txt(lang.t("组织架构图", "Organisation chart")))] + lines + boxesDrawn
        )
    }
}
