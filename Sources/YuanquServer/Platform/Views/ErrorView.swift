/// The page a refused or failed request shows: the message, and the way home.
enum ErrorView {
    static func body(_ e: AppError, lang: Lang) -> HNode {
        el(
            "div",
            [("class", "card error-page")],
            [
                el("p", [("class", "alert alert-error")], txt(lang.t(e.message))),
                el("p", [], link(.home, lang.t("返回首页", "Back to the home page"))),
            ]
        )
    }
}
