import YuanquKit

extension FormState {
    /// The refusal at the top of a page, if any.
    func alert(_ lang: Lang) -> HNode {
        message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty
    }
}
