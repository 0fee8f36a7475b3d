/// Signing in and changing one's password.
enum SessionViews {
    /// The sign-in form; `next` is the page to return to. Its token is the double-submit one of a visitor.
    static func login(next: String?, form: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return el(
            "div",
            [("class", "login")],
            postForm(
                v,
                action: .login(next: next),
                class: "card",
                [
                    form.summary(),
                    form.text(
                        "username",
                        lang.t("用户名", "Username"),
                        required: true,
                        attributes: [("autocomplete", "username"), ("autofocus", nil)]
                    ),
                    form.password("password", lang.t("密码", "Password")),
                    // After the password: browsers' password managers take the text field just before the password
                    // field for the username.
                    form.text(
                        "zone",
                        lang.t("园区代码", "Zone code"),
                        hint: lang.t(
                            "选填：仅当同一用户名存在于多个园区时需要填写。",
                            "Optional: needed only when the same username exists in several zones."
                        ),
                        attributes: [("autocapitalize", "none"), ("spellcheck", "false")]
                    ),
                    el("button", [("type", "submit")], txt(lang.t("登录", "Sign in"))),
                ]
            ),
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "多次登录失败后，下一次尝试须等待片刻（每次加倍，最长 15 分钟）；账户不会被锁定。",
                        "After repeated failed sign-ins the next try waits (doubling each time, up to 15 minutes); no account is locked."
                    )
                )
            )
        )
    }

    static func password(done: Bool, form: FormKit, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let confirmation = el(
            "p",
            [("class", "alert alert-ok")],
            txt(lang.t("密码已修改。您在其他设备上的登录已退出。", "Password changed. Your other sessions have been signed out."))
        )
        return .group(
            done ? confirmation : .empty,
            postForm(
                v,
                action: .password,
                class: "card",
                [
                    form.summary(),
                    form.password("currentPassword", lang.t("当前密码", "Current password")),
                    form.password("newPassword", lang.t("新密码", "New password"), autocomplete: "new-password"),
                    form.password("confirmPassword", lang.t("再次输入新密码", "New password again"), autocomplete: "new-password"),
                    el(
                        "p",
                        [("class", "hint")],
                        txt(
                            lang.t(
                                "至少 12 个字符，不能包含用户名，也不能是常见的泄露密码；可用一句话。",
                                "At least 12 characters, not holding the username, not a common breached password; a phrase will do."
                            )
                        )
                    ),
                    el("button", [("type", "submit")], txt(lang.t("修改密码", "Change password"))),
                ]
            )
        )
    }
}
