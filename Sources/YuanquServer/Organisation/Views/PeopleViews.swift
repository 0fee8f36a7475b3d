import Foundation
import Plot
import Vapor
import YuanquKit

/// People pages. None of them reads the sealed record, except `sealed`, which shows what `SealedRecords.open` returned.
enum PeopleViews {
    static func list(_ m: PeopleListPage, lang: Lang) -> HNode {
        var actions: [HNode] = []
        if m.canWrite { actions.append(link(.personNew, lang.t("新增人员", "New person"), class: "btn")) }
        if m.canImport { actions.append(link(.peopleImport, lang.t("从 CSV 导入", "Import CSV"), class: "btn secondary")) }
        let bar = ListView.filterBar(
            params: m.params,
            base: .people,
            selects: [
                ("body", lang.t("机构", "Body"), BodyKind.options(lang)),
                ("unit", lang.t("单位", "Unit"), m.unitOptions),
                ("gender", lang.t("性别", "Gender"), Gender.options(lang)),
            ],
            zones: m.zoneOptions,
            lang: lang,
            export: .peopleExport,
            actions: actions
        )
        let columns: [ListView.Column] = [
            .init(key: "name", label: lang.t("姓名", "Name"), sortable: true),
            .init(key: "gender", label: lang.t("性别", "Gender"), sortable: false),
            .init(key: "birthDate", label: lang.t("出生日期", "Birth date"), sortable: true),
            .init(key: "unit", label: lang.t("单位", "Unit"), sortable: true),
            .init(key: "post", label: lang.t("岗位", "Post"), sortable: false),
            .init(key: "residentId", label: lang.t("身份证号", "Resident ID"), sortable: false),
            .init(key: "phone", label: lang.t("电话", "Phone"), sortable: false),
        ]
        let rows: [[HNode]] = m.rows.map { p in
            [
                link(p.url, p.name),
                txt(p.gender.map { lang.t($0.label) } ?? "—"),
                txt(p.birthDate),
                txt(p.unit ?? "—"),
                txt(p.post ?? "—"),
                el("code", [], txt(p.maskedResidentID)),
                txt(p.phone),
            ]
        }
        return .group(
            bar,
            ListView.table(columns, rows: rows, params: m.params, base: .people, lang: lang),
            ListView.pager(total: m.total, params: m.params, pageSize: m.pageSize, base: .people, lang: lang)
        )
    }

    /// A person's page: the details the reader is granted (`fields`), a dash for the others.
    static func show(
        _ p: PersonValue,
        unit: UnitValue?,
        post: PostValue?,
        fields: PersonFields,
        d: Directory,
        actor: Actor,
        _ v: ViewContext
    ) -> HNode {
        let lang = v.lang
        let withheld = PersonFields.withheld
        return .group(
            el(
                "dl",
                [("class", "props")],
                [
                    el("dt", [], txt(lang.t("性别", "Gender"))), el("dd", [], txt(fields.personal ? lang.t(p.gender.label) : withheld)),
                    el("dt", [], txt(lang.t("出生日期", "Birth date"))), el("dd", [], txt(fields.personal ? p.birthDate : withheld)),
                    el("dt", [], txt(lang.t("身份证号", "Resident ID"))),
                    el("dd", [], el("code", [], txt(fields.personal ? ResidentID.mask(p.residentID) : withheld))),
                    el("dt", [], txt(lang.t("电话", "Phone"))), el("dd", [], txt(fields.contact && !p.phone.isEmpty ? p.phone : withheld)),
                    el("dt", [], txt(lang.t("机构", "Body"))), el("dd", [], txt(d.bodies[p.bodyID].map { lang.t($0.name, $0.nameEn) } ?? "")),
                    el("dt", [], txt(lang.t("单位", "Unit"))), el("dd", [], unit.map { link(.unit($0.id), $0.name) } ?? txt("—")),
                    el("dt", [], txt(lang.t("岗位", "Post"))), el("dd", [], post.map { link(.post($0.id), $0.title) } ?? txt("—")),
                ]
            ),
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "按“档案封存、岗位聘任、合同管理”，人员原身份已封存，不在任何列表、页面或导出中显示。",
                        "Former identity is sealed (档案封存) and appears in no list, page or export."
                    )
                )
            ),
            el(
                "p",
                [("class", "toolbar no-print")],
                [
                    actor.can(.peopleWrite) ? link(.personEdit(p.id), lang.t("编辑", "Edit"), class: "btn") : .empty,
                    actor.can(.sealedOpen)
                        ? link(
                            .personSealed(p.id),
                            lang.t("查阅封存档案（需说明事由）", "Open sealed record (reason required)"),
                            class: "btn secondary"
                        ) : .empty,
                    actor.can(.peopleWrite)
                        ? actionButton(
                            v,
                            action: .personDelete(p.id),
                            label: lang.t("删除", "Delete"),
                            confirm: lang.t("确定删除该人员？", "Delete this person?"),
                            danger: true
                        ) : .empty,
                ]
            )
        )
    }

    static func form(_ p: PersonValue?, units: [UnitValue], posts: [PostValue], d: Directory, form f: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let unitNames = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.name) })
        let bodies = d.bodies.values.sorted { $0.kind.rawValue > $1.kind.rawValue }
        return postForm(
            v,
            action: p.map { .person($0.id) } ?? .people,
            class: "card",
            [
                f.summary(),
                f.text("name", lang.t("姓名", "Name"), value: p?.name ?? "", required: true),
                f.text(
                    "residentId",
                    lang.t("身份证号", "Resident ID"),
                    value: "",
                    required: p == nil,
                    hint: p == nil
                        ? lang.t(
                            "18 位，按 GB 11643 校验；出生日期和性别可由此自动填写。",
                            "18 characters, checked per GB 11643; birth date and gender follow from it."
                        )
                        : lang.t("现为 ", "Now ") + ResidentID.mask(p!.residentID) + lang.t("；留空则不变。", "; leave blank to keep it."),
                    attributes: [("autocomplete", "off"), ("maxlength", "18")]
                ),
                f.select(
                    "gender",
                    lang.t("性别", "Gender"),
                    options: Gender.options(lang),
                    selected: p?.gender.rawValue,
                    blank: lang.t("按身份证号", "From the ID")
                ),
                f.text("birthDate", lang.t("出生日期", "Birth date"), value: p?.birthDate ?? "", type: "date"),
                f.text("phone", lang.t("电话", "Phone"), value: p?.phone ?? "", type: "tel"),
                f.select(
                    "body",
                    lang.t("所属机构", "Body"),
                    options: bodies.map { ($0.kind.rawValue, lang.t($0.name, $0.nameEn)) },
                    selected: p.map { d.bodyKind($0.bodyID).rawValue },
                    blank: lang.t("按单位", "From the unit")
                ),
                f.select(
                    "unitId",
                    lang.t("单位", "Unit"),
                    options: units.map { ($0.id.uuidString, $0.name) },
                    selected: p?.unitID?.uuidString ?? "",
                    blank: lang.t("（无）", "(none)")
                ),
                f.select(
                    "postId",
                    lang.t("岗位", "Post"),
                    options: posts.map { ($0.id.uuidString, $0.title + "（" + (unitNames[$0.unitID] ?? "") + "）") },
                    selected: p?.postID?.uuidString ?? "",
                    blank: lang.t("（无）", "(none)")
                ),
                p == nil
                    ? el(
                        "fieldset",
                        [],
                        [
                            el("legend", [], txt(lang.t("档案封存（保存后封存，页面不再显示）", "Sealed record (sealed once saved; never shown on pages)"))),
                            f.select(
                                "formerIdentity",
                                lang.t("原身份", "Former identity"),
                                options: FormerIdentity.options(lang),
                                selected: nil,
                                blank: lang.t("请选择", "Choose")
                            ),
                            f.text("formerEmployer", lang.t("原单位", "Former employer")),
                        ]
                    ) : .empty,
                el("button", [("type", "submit")], txt(lang.t("保存", "Save"))), txt(" "),
                link(p.map { SiteURL.person($0.id) } ?? .people, lang.t("取消", "Cancel")),
            ]
        )
    }

    static func sealedReasonForm(_ p: PersonValue, form f: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return postForm(
            v,
            action: .personSealed(p.id),
            class: "card",
            [
                el(
                    "p",
                    [("class", "alert alert-warn")],
                    txt(
                        lang.t(
                            "封存档案仅在确有必要时查阅。每次查阅都会连同事由记入审计日志。",
                            "Open a sealed record only when necessary. Each opening is recorded with its reason in the audit log."
                        )
                    )
                ),
                f.summary(),
                f.textarea("reason", lang.t("查阅事由", "Reason"), rows: 3, required: true),
                el("button", [("type", "submit")], txt(lang.t("查阅", "Open"))), txt(" "),
                link(.person(p.id), lang.t("取消", "Cancel")),
            ]
        )
    }

    /// What an opening of a sealed record shows: the former identity and employer, and the reason given.
    struct SealedView {
        let formerIdentity: FormerIdentity
        let formerEmployer: String
    }

    static func sealed(_ p: PersonValue, record: SealedView?, reason: String, _ v: ViewContext) -> HNode {
        let lang = v.lang
        guard let r = record else {
            return el("p", [("class", "alert alert-warn")], txt(lang.t("该人员没有封存档案。", "This person has no sealed record.")))
        }
        return .group(
            el(
                "dl",
                [("class", "props")],
                [
                    el("dt", [], txt(lang.t("原身份", "Former identity"))), el("dd", [], txt(lang.t(r.formerIdentity.label))),
                    el("dt", [], txt(lang.t("原单位", "Former employer"))),
                    el("dd", [], txt(r.formerEmployer.isEmpty ? "—" : r.formerEmployer)),
                    el("dt", [], txt(lang.t("查阅事由", "Reason"))), el("dd", [], txt(reason)),
                ]
            ),
            el("p", [("class", "muted")], txt(lang.t("本次查阅已记入审计日志。", "This opening has been recorded in the audit log."))),
            el("p", [], link(.person(p.id), lang.t("返回", "Back")))
        )
    }
}
