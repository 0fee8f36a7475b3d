import YuanquKit

/// The audit-firm registry.
extension EngineeringViews {
    static func auditFirms(_ m: AuditFirmsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let rows: [[HNode]] = m.firms.map { f in
            let r = f.row
            let average = r.rated > 0 ? String(format: "%.1f", Double(r.ratingSum) / Double(r.rated)) : "—"
            return [
                f.place.map { $0 == 1 ? el("strong", [], txt(lang.t("1（下一家）", "1 (next)"))) : txt(String($0)) }
                    ?? el("span", [("class", "muted")], txt("—")),
                el("div", [], txt(r.name), r.creditCode.map { el("div", [("class", "hint")], txt($0)) } ?? .empty),
                txt(AuditFirmService.lines(r.qualifications).joined(separator: "、")),
                txt(r.related.isEmpty ? "—" : AuditFirmService.lines(r.related).joined(separator: "、")),
                r.active ? txt(lang.t("在册", "Active")) : el("span", [("class", "tag main")], txt(lang.t("停用", "Inactive"))),
                txt(r.lastAssignedOn ?? "—"), txt(String(r.jobs)), txt(average),
                m.canWrite ? link(.auditFirmAction(r.id, "edit"), lang.t("修改", "Edit")) : .empty,
            ]
        }
        let f = m.form.kit(lang)
        let form: HNode =
            m.canWrite
            ? postForm(
                v,
                action: m.editing.map { .auditFirmAction($0.id, "edit") } ?? .auditFirms,
                class: "card",
                [
                    el("h2", [], txt(m.editing.map { lang.t("修改：", "Edit: ") + $0.name } ?? lang.t("登记单位", "Register a firm"))),
                    f.summary(),
                    f.text("name", lang.t("单位名称", "Name"), required: true),
                    f.text("creditCode", lang.t("统一社会信用代码", "Unified social credit code")),
                    f.textarea(
                        "qualifications",
                        lang.t("资质（每行一项）", "Qualifications (one a line)"),
                        value: m.editing == nil ? AuditFirmService.defaultQualification : "",
                        rows: 2,
                        required: true
                    ),
                    f.textarea(
                        "related",
                        lang.t("关联单位（每行一家）", "Related companies (one a line)"),
                        rows: 2,
                        hint: lang.t("与其有股权、管理或近期合作关系的单位，不得审计这些单位承建的项目", "It may not audit projects these companies build")
                    ),
                    check(f, "active", lang.t("在册（参加轮换）", "Active (in the rotation)"), checked: m.editing?.active ?? true),
                    submit(m.editing == nil ? lang.t("登记", "Register") : lang.t("保存", "Save")),
                    m.editing == nil
                        ? .group(txt("　"), link(.auditFirmsImport, lang.t("从 Excel (CSV) 导入名录", "Import the registry from Excel (CSV)")))
                        : .group(txt("　"), link(.auditFirms, lang.t("取消", "Cancel"))),
                ]
            ) : .empty
        return .group(
            muted(
                lang.t(
                    "跟踪审计按轮换委托：在册且具备“\(m.qualification)”资质的单位，最久未受委托者优先；与项目施工或设计单位有关联的不得委托。",
                    "Tracking audits rotate: among active firms qualified for “\(m.qualification)”, the longest unassigned comes first; "
                        + "a firm related to the project's contractor or designer is skipped."
                )
            ),
            m.firms.isEmpty
                ? muted(lang.t("尚无登记的单位。", "No firm registered yet."))
                : ListView.plain(
                    [
                        lang.t("轮换顺序", "Rotation"), lang.t("单位", "Firm"), lang.t("资质", "Qualifications"), lang.t("关联单位", "Related"),
                        lang.t("状态", "State"), lang.t("最近委托", "Last assigned"), lang.t("委托次数", "Jobs"), lang.t("平均评价", "Average rating"),
                        "",
                    ],
                    rows: rows,
                    numeric: [6, 7]
                ),
            el("div", [("class", "spaced")], form)
        )
    }
}
