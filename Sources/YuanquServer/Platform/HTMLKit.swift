import NIOConcurrencyHelpers
import Plot
import Vapor

typealias HNode = Node<HTML.BodyContext>

/// Escapes text for HTML: `&`, `<` and `>`, and in attribute values both quotes. Most text has none of them and is
/// given back as it is, without a character-by-character copy (escaping took a tenth of a list page's time).
func htmlEscaped(_ s: String, quotes: Bool) -> String {
    let special = s.utf8.contains { b in b == 0x26 || b == 0x3C || b == 0x3E || (quotes && (b == 0x22 || b == 0x27)) }
    guard special else { return s }
    var out = ""
    out.reserveCapacity(s.utf8.count + 16)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"" where quotes: out += "&quot;"
        case "'" where quotes: out += "&#39;"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}

/// Escapes an attribute value (Plot writes attribute values as given).
func attributeEscaped(_ s: String) -> String { htmlEscaped(s, quotes: true) }

/// An element with attributes (a nil value writes a bare boolean attribute) and children.
func el(_ name: String, _ attributes: [(String, String?)] = [], _ children: [HNode] = []) -> HNode {
    let attrs: [HNode] = attributes.map { key, value in
        value.map { .attribute(named: key, value: attributeEscaped($0), ignoreIfValueIsEmpty: false) }
            ?? .attribute(named: key, value: nil, ignoreIfValueIsEmpty: false)
    }
    return .element(named: name, nodes: attrs + children)
}

func el(_ name: String, _ attributes: [(String, String?)] = [], _ children: HNode...) -> HNode {
    el(name, attributes, children)
}

/// An element without content (`input`, `meta`, an SVG `rect`…), written self-closed.
func void(_ name: String, _ attributes: [(String, String?)]) -> HNode {
    let attrs: [Attribute<HTML.BodyContext>] = attributes.map { key, value in
        Attribute(name: key, value: value.map(attributeEscaped), ignoreIfValueIsEmpty: false)
    }
    return .selfClosedElement(named: name, attributes: attrs)
}

/// Text, escaped (every `&` too: Plot's own escaping leaves what looks like an entity, such as `&lt;`, as it is).
func txt(_ s: String) -> HNode { .raw(htmlEscaped(s, quotes: false)) }

/// A link to a page of the site, with an optional query (see `SiteURL.path(query:)`).
func link(_ url: SiteURL, query: [(String, String?)] = [], _ label: String, class cls: String? = nil) -> HNode {
    el("a", [("href", url.path(query: query))] + (cls.map { [("class", $0)] } ?? []), txt(label))
}

/// Form fields that show their own error beside them.
struct FormKit {
    let lang: Lang
    let errors: [String: Loc]
    let values: [String: String]
    /// The order the errors were found in, which is the order of the form's fields.
    let order: [String]

    init(lang: Lang, errors: [String: Loc] = [:], values: [String: String] = [:], order: [String] = []) {
        self.lang = lang
        self.errors = errors
        self.values = values
        self.order = order
    }

    /// A form shown again after a refusal: its errors, in the order they were found, and the values typed.
    init(lang: Lang, error: AppError, values: [String: String], fallbackField: String) {
        self = FormState(error: error, values: values, fallbackField: fallbackField).kit(lang)
    }

    func value(_ name: String, _ fallback: String = "") -> String { values[name] ?? fallback }

    private func wrap(_ name: String, _ label: String, required: Bool, _ control: HNode, hint: String? = nil) -> HNode {
        let err = errors[name]
        return el(
            "div",
            [("class", err == nil ? "field" : "field has-error")],
            [
                el("label", [("for", "f-" + name)], txt(label), required ? el("span", [("class", "req")], txt(" *")) : .empty),
                control,
                hint.map { el("div", [("class", "hint")], txt($0)) } ?? .empty,
                err.map { el("div", [("class", "error"), ("id", "e-" + name), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            ]
        )
    }

    private func common(_ name: String, required: Bool) -> [(String, String?)] {
        var a: [(String, String?)] = [("id", "f-" + name), ("name", name)]
        if required { a.append(("required", nil)) }
        if errors[name] != nil {
            a.append(("aria-invalid", "true"))
            a.append(("aria-describedby", "e-" + name))
        }
        return a
    }

    func text(
        _ name: String,
        _ label: String,
        value: String = "",
        required: Bool = false,
        type: String = "text",
        hint: String? = nil,
        attributes: [(String, String?)] = []
    ) -> HNode {
        wrap(
            name,
            label,
            required: required,
            void("input", common(name, required: required) + [("type", type), ("value", values[name] ?? value)] + attributes),
            hint: hint
        )
    }

    func password(_ name: String, _ label: String, autocomplete: String = "current-password") -> HNode {
        wrap(
            name,
            label,
            required: true,
            void("input", common(name, required: true) + [("type", "password"), ("autocomplete", autocomplete)])
        )
    }

    func textarea(_ name: String, _ label: String, value: String = "", rows: Int = 4, required: Bool = false, hint: String? = nil) -> HNode
    {
        wrap(
            name,
            label,
            required: required,
            el("textarea", common(name, required: required) + [("rows", String(rows))], txt(values[name] ?? value)),
            hint: hint
        )
    }

    func select(
        _ name: String,
        _ label: String,
        options: [(value: String, label: String)],
        selected: String?,
        required: Bool = false,
        blank: String? = nil
    ) -> HNode {
        let current = values[name] ?? selected ?? ""
        var opts: [HNode] = []
        if let b = blank { opts.append(el("option", [("value", "")], txt(b))) }
        for o in options {
            opts.append(el("option", [("value", o.value)] + (o.value == current ? [("selected", nil)] : []), txt(o.label)))
        }
        return wrap(name, label, required: required, el("select", common(name, required: required), opts))
    }

    func checkbox(_ name: String, _ label: String, checked: Bool) -> HNode {
        let on = values[name].map { $0 == "on" || $0 == "true" } ?? checked
        return el(
            "div",
            [("class", "field check")],
            [
                void("input", [("type", "hidden"), ("name", name), ("value", "false")]),
                el(
                    "label",
                    [],
                    void("input", [("type", "checkbox"), ("name", name), ("value", "true")] + (on ? [("checked", nil)] : [])),
                    txt(" " + label)
                ),
            ]
        )
    }

    /// A list of every error at the top of the form, each linking to its field.
    func summary() -> HNode {
        guard !errors.isEmpty else { return .empty }
        let keys = order.filter { errors[$0] != nil } + errors.keys.filter { !order.contains($0) }.sorted()
        return el(
            "div",
            [("class", "alert alert-error"), ("role", "alert")],
            [
                el("strong", [], txt(lang.t("请修改以下内容：", "Please correct the following:"))),
                el("ul", [], keys.map { k in el("li", [], el("a", [("href", "#f-" + k)], txt(lang.t(errors[k]!)))) }),
            ]
        )
    }
}

/// The hidden field every state-changing form carries.
func hiddenCSRF(_ token: String) -> HNode {
    void("input", [("type", "hidden"), ("name", "_csrf"), ("value", token)])
}

/// What every view needs besides its page model: the reader's language and the token its forms carry.
struct ViewContext: Sendable {
    var lang: Lang
    var csrfToken: String
}

extension Request {
    /// The context views of this request render in.
    var view: ViewContext { ViewContext(lang: lang, csrfToken: session?.csrfToken ?? "") }
}

/// A POST form with its CSRF token.
func postForm(_ v: ViewContext, action: SiteURL, multipart: Bool = false, class cls: String? = nil, _ children: [HNode]) -> HNode {
    var attrs: [(String, String?)] = [("method", "post"), ("action", action.path)]
    if multipart { attrs.append(("enctype", "multipart/form-data")) }
    if let c = cls { attrs.append(("class", c)) }
    return el("form", attrs, [hiddenCSRF(v.csrfToken)] + children)
}

/// A small form with one button, for actions such as delete or revoke.
func actionButton(_ v: ViewContext, action: SiteURL, label: String, confirm: String? = nil, danger: Bool = false) -> HNode {
    var attrs: [(String, String?)] = [("type", "submit"), ("class", danger ? "btn btn-danger" : "btn")]
    // The site's script asks the question (`Layout.script`): no handler in the page.
    if let c = confirm { attrs.append(("data-confirm", c)) }
    return postForm(v, action: action, class: "inline", [el("button", attrs, txt(label))])
}

/// HTML that cannot change for as long as its key holds, rendered once and kept: the table row of a record that
/// never changes once written (an audit event, by its sequence and the language), or a whole page keyed by everything
/// it shows (the audit log page, by the reader's session, the address and the last event it lists). Kept up to
/// `budget` bytes, then forgotten all at once.
final class RenderedHTML: Sendable {
    static let budget = 32 << 20
    private let kept = NIOLockedValueBox<(html: [String: String], bytes: Int)>(([:], 0))

    func html(_ key: String, render: () throws -> String) rethrows -> String {
        if let html = kept.withLockedValue({ $0.html[key] }) { return html }
        let html = try render()
        kept.withLockedValue { k in
            if k.bytes + html.utf8.count > Self.budget { k = ([:], 0) }
            k.html[key] = html
            k.bytes += html.utf8.count
        }
        return html
    }

    func html(_ key: String) -> String? { kept.withLockedValue { $0.html[key] } }

    /// A table row, rendered once.
    func row(_ key: String, render: () throws -> HNode) rethrows -> HNode {
        .raw(try html(key) { try render().render() })
    }
}

struct RenderedHTMLKey: StorageKey { typealias Value = RenderedHTML }

extension Application {
    /// Made in `configure`, before requests are served.
    var renderedHTML: RenderedHTML { storage[RenderedHTMLKey.self]! }
}
