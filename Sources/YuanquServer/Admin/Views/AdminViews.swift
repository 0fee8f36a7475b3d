import Foundation
import YuanquKit

/// The administration pages: sessions, users, zones, settings and code lists.
enum AdminViews {
    static func sessions(_ m: SessionsPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let columns = [
            Loc("用户", "User"), Loc("角色", "Role"), Loc("类型", "Kind"), Loc("登录时间", "Signed in"), Loc("到期", "Expires"), Loc("客户端", "Client"),
            Loc("操作", "Action"),
        ]
        let rows: [[HNode]] = m.rows.map { s in
            let action: HNode =
                s.id == m.current
                ? el("span", [("class", "tag")], txt(lang.t("当前会话", "This session")))
                : actionButton(
                    v,
                    action: .revokeSession(s.id),
                    label: lang.t("强制下线", "Revoke"),
                    confirm: lang.t("确定让该会话下线？", "Revoke this session?"),
                    danger: true
                )
            return [
                txt(s.username + " · " + s.displayName),
                txt(Layout.roleName(Role(rawValue: s.role) ?? .staff, lang)),
                txt(s.kind == "api" ? "API" : lang.t("浏览器", "Browser")),
                txt(DateFormat.minute(s.createdAt)),
                txt(DateFormat.minute(s.expiresAt)),
                txt(s.client),
                action,
            ]
        }
        return .group(
            el("p", [("class", "muted")], txt(lang.t("共 \(m.rows.count) 个有效会话。", "\(m.rows.count) active sessions."))),
            table(columns, rows: rows, lang: lang)
        )
    }

    static func users(_ m: UsersPage, form: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let columns = [
            Loc("用户名", "Username"), Loc("姓名", "Name"), Loc("角色", "Role"), Loc("开发区", "Zone"), Loc("单位", "Unit"), Loc("状态", "Status"),
        ]
        let rows: [[HNode]] = m.rows.map { u in
            let status =
                u.locked ? lang.t("多次登录失败", "Repeated failed sign-ins") : (u.active ? lang.t("正常", "Active") : lang.t("停用", "Disabled"))
            return [
                txt(u.username),
                txt(u.displayName),
                txt(Layout.roleName(u.role, lang)),
                txt(u.zone ?? lang.t("平台", "Platform")),
                txt(u.unit ?? "—"),
                txt(status),
            ]
        }
        let scope: HNode =
            m.zoneOptions.map { zones in
                form.select("zone", lang.t("开发区", "Zone"), options: zones, selected: nil, blank: lang.t("（平台）", "(platform)"))
            }
            ?? form.select(
                "unitId",
                lang.t("单位（部门负责人、工作人员的数据范围）", "Unit (data scope of unit heads and staff)"),
                options: m.unitOptions,
                selected: nil,
                blank: lang.t("（无）", "(none)")
            )
        return .group(
            m.created.map { el("p", [("class", "alert alert-ok")], txt(lang.t("已创建用户 \($0)。", "User \($0) created."))) } ?? .empty,
            table(columns, rows: rows, lang: lang),
            el("h2", [], txt(lang.t("新建用户", "New user"))),
            postForm(
                v,
                action: .users,
                class: "card",
                [
                    form.summary(),
                    form.text(
                        "username",
                        lang.t("用户名", "Username"),
                        required: true,
                        hint: lang.t("字母、数字、点、横线或下划线，2–32 位", "2–32 letters, digits, dot, dash or underscore")
                    ),
                    form.text("displayName", lang.t("姓名", "Display name"), required: true),
                    form.select(
                        "role",
                        lang.t("角色", "Role"),
                        options: m.roles.map { ($0.rawValue, Layout.roleName($0, lang)) },
                        selected: nil,
                        required: true,
                        blank: lang.t("请选择", "Choose")
                    ),
                    scope,
                    form.password("password", lang.t("初始密码", "Initial password"), autocomplete: "new-password"),
                    el("button", [("type", "submit")], txt(lang.t("创建", "Create"))),
                ]
            )
        )
    }

    static func zones(_ m: ZonesPage, form: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let columns = [Loc("代码", "Code"), Loc("名称", "Name"), Loc("英文名", "English name"), Loc("单位数", "Units"), Loc("人数", "People")]
        let rows: [[HNode]] = m.rows.map { z in
            [txt(z.code), txt(z.name), txt(z.nameEn), txt(String(z.units)), txt(String(z.people))]
        }
        return .group(
            table(columns, rows: rows, numericFrom: 3, lang: lang),
            el("h2", [], txt(lang.t("新建开发区", "New zone"))),
            postForm(
                v,
                action: .zones,
                class: "card",
                [
                    form.summary(),
                    form.text(
                        "code",
                        lang.t("代码", "Code"),
                        required: true,
                        hint: lang.t("小写字母、数字或横线，如 jiangning", "Lower-case letters, digits or dashes, e.g. jiangning")
                    ),
                    form.text("name", lang.t("名称", "Name"), required: true),
                    form.text("nameEn", lang.t("英文名", "English name"), required: true),
                    form.text("committeeCap", lang.t("管委会编制上限", "Committee headcount cap"), value: "60", required: true, type: "number"),
                    form.text("companyCap", lang.t("开发公司编制上限", "Company headcount cap"), value: "80", required: true, type: "number"),
                    el("button", [("type", "submit")], txt(lang.t("创建", "Create"))),
                ]
            )
        )
    }

    static func settings(_ m: SettingsPage, form: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let fields: [HNode] = m.fields.map { f in
            form.text(f.name, f.label, value: f.value, required: f.required, type: f.isNumber ? "number" : "text", hint: f.hint)
        }
        return .group(
            m.saved ? el("p", [("class", "alert alert-ok")], txt(lang.t("已保存。", "Saved."))) : .empty,
            el(
                "p",
                [],
                link(
                    .calendar,
                    lang.t("工作日历（法定节假日与调休）", "Working-day calendar (holidays and adjusted weekends)"),
                    class: "btn secondary"
                )
            ),
            postForm(
                v,
                action: .settings,
                class: "card",
                [form.summary()] + fields + [el("button", [("type", "submit")], txt(lang.t("保存设置", "Save settings")))]
            ),
            .group(m.codeLists.map { codeList($0, v) })
        )
    }

    static func codeList(_ list: SettingsPage.CodeList, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let header = [Loc("代码", "Code"), Loc("中文", "Chinese"), Loc("英文", "English"), Loc("启用", "Active")]
        let rows: [[HNode]] = list.items.map { i in
            [el("code", [], txt(i.code)), txt(i.labelZh), txt(i.labelEn), txt(i.active ? lang.t("是", "Yes") : lang.t("否", "No"))]
        }
        return .group(
            el("h2", [], txt(list.label)),
            ListView.plain(header.map { lang.t($0) }, rows: rows),
            postForm(
                v,
                action: .codes,
                class: "toolbar",
                [
                    void("input", [("type", "hidden"), ("name", "list"), ("value", list.list)]),
                    labelled(lang.t("代码", "Code"), void("input", [("name", "code"), ("required", nil), ("size", "12")])),
                    labelled(lang.t("中文名称", "Chinese label"), void("input", [("name", "labelZh"), ("required", nil)])),
                    labelled(lang.t("英文名称", "English label"), void("input", [("name", "labelEn")])),
                    labelled(
                        lang.t("启用", "Active"),
                        el(
                            "select",
                            [("name", "active")],
                            el("option", [("value", "true")], txt(lang.t("是", "Yes"))),
                            el("option", [("value", "false")], txt(lang.t("否", "No")))
                        )
                    ),
                    el("button", [("type", "submit")], txt(lang.t("新增或修改", "Add or change"))),
                ]
            )
        )
    }

    static func labelled(_ label: String, _ control: HNode) -> HNode {
        el("div", [], el("label", [], txt(label)), control)
    }

    /// A plain table of the page's rows (no sorting, no paging).
    static func table(_ columns: [Loc], rows: [[HNode]], numericFrom: Int = .max, lang: Lang) -> HNode {
        ListView.table(
            columns.enumerated().map {
                ListView.Column(key: "c\($0.offset)", label: lang.t($0.element), sortable: false, numeric: $0.offset >= numericFrom)
            },
            rows: rows,
            params: ListParams(sort: ""),
            lang: lang
        )
    }
}
