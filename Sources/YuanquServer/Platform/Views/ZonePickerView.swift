import Vapor

/// A page that shows one zone at a time asks a platform user which zone first: the zones, each a link to the page.
struct ZonePickerModel {
    struct Choice {
        let name: String
        let url: SiteURL
        let query: [(String, String?)]
    }

    let choices: [Choice]
}

/// The zone a one-zone page shows, or the page that asks a platform user to choose one.
enum ZoneChoice {
    case zone(UUID)
    case picker(Response)
}

enum ZonePickerView {
    static func view(_ m: ZonePickerModel, lang: Lang) -> HNode {
        el(
            "div",
            [("class", "card")],
            el("p", [], txt(lang.t("本页一次显示一个开发区，请选择：", "This page shows one zone at a time. Choose one:"))),
            el("ul", [("class", "zone-choices")], m.choices.map { c in el("li", [], link(c.url, query: c.query, c.name)) })
        )
    }
}
