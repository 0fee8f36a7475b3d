import XCTVapor

@testable import YuanquServer

/// OWASP ASVS 14.4.3: every answer carries a Content-Security-Policy, a page's the strict one, and no page holds what
/// that policy would refuse (an inline script, a `<style>` element, a `style` attribute, an `on…` handler, a
/// `javascript:` address). `Browser` checks every page any server test opens (`InlineMarkup.check`); the crawl of
/// `LinkCheckTests` and the route matrix open every page for every role.
final class ContentSecurityPolicyTests: XCTestCase {
    func testThePolicyIsStrict() {
        let policy = SecurityHeaders.pagePolicy
        for directive in [
            "default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'",
            "form-action 'self'",
        ] {
            XCTAssertTrue(policy.contains(directive), directive)
        }
        for loose in ["unsafe-inline", "unsafe-eval", "*", "http:", "https:"] {
            XCTAssertFalse(policy.contains(loose), loose)
        }
        XCTAssertEqual(SecurityHeaders.otherPolicy, "default-src 'none'; frame-ancestors 'none'")
    }

    /// The checker finds each kind of inline markup, and nothing in escaped text or quoted attribute values.
    func testInlineMarkupIsFound() {
        XCTAssertEqual(InlineMarkup.problems(in: "<p style=\"color:red\">x</p>").count, 1)
        XCTAssertEqual(InlineMarkup.problems(in: "<button type=\"button\" onclick=\"go()\">x</button>").count, 1)
        XCTAssertEqual(InlineMarkup.problems(in: "<BUTTON ONCHANGE='go()'>x</BUTTON>").count, 1)
        XCTAssertEqual(InlineMarkup.problems(in: "<head><style>p{}</style></head>").count, 1)
        XCTAssertEqual(InlineMarkup.problems(in: "<script>alert(1)</script>").count, 1)
        XCTAssertEqual(InlineMarkup.problems(in: "<script src=\"/app.js\">alert(1)</script>").count, 1)
        XCTAssertEqual(InlineMarkup.problems(in: "<a href=\"javascript:go()\">x</a>").count, 1)
        XCTAssertEqual(InlineMarkup.problems(in: "<svg><rect style=\"fill:red\"/></svg>").count, 1)
        XCTAssertEqual(
            InlineMarkup.problems(
                in: "<!DOCTYPE html><script src=\"/app.js\" defer></script><p title=\"a style=&quot;x&quot; onclick=y\">"
                    + "&lt;script&gt; style=\"x\" onclick=\"y\"</p><input data-confirm=\"ok?\" value='on'>"
            ),
            []
        )
    }

    func testEveryAnswerCarriesAPolicy() async throws {
        try await eachEngine { app, _ in
            let b = Browser(app)
            let login = try await b.get("/login")
            XCTAssertEqual(login.headers.first(name: "Content-Security-Policy"), SecurityHeaders.pagePolicy)
            try await b.login("admin")
            // The error page of an unknown address is a page too.
            let missing = try await b.get("/no-such-page")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertEqual(missing.headers.contentType, .html)
            XCTAssertEqual(missing.headers.first(name: "Content-Security-Policy"), SecurityHeaders.pagePolicy)
            let home = try await b.get("/")
            XCTAssertTrue(home.text.contains("<script src=\"/app.js\" defer></script>"), "every page loads the site's script")
            // The script and the style sheet are served from the site, kept an hour, with the policy of non-pages.
            let script = try await b.get("/app.js")
            XCTAssertEqual(script.status, .ok)
            XCTAssertEqual(script.headers.contentType?.subType, "javascript")
            XCTAssertEqual(script.headers.first(name: .cacheControl), "max-age=3600")
            XCTAssertTrue(script.text.contains("data-confirm") && script.text.contains("data-print"))
            for path in ["/app.js", "/styles.css", "/people/export.csv", "/healthz"] {
                let r = try await b.get(path)
                XCTAssertEqual(r.status, .ok, path)
                XCTAssertEqual(r.headers.first(name: "Content-Security-Policy"), SecurityHeaders.otherPolicy, path)
            }
            // The JSON API, answers and errors alike.
            let api = try await APIClient.login(app, "admin")
            for path in ["/api/v1/people?limit=1", "/api/v1/no-such-thing"] {
                let r = try await api.call(.GET, path)
                XCTAssertEqual(r.headers.first(name: "Content-Security-Policy"), SecurityHeaders.otherPolicy, path)
            }
        }
    }

    /// A button that asks before it acts carries its question as data for the site's script, not as a handler.
    func testAConfirmingButtonCarriesItsQuestionAsData() {
        let html = actionButton(
            ViewContext(lang: .zh, csrfToken: "t"),
            action: .logout,
            label: "删除",
            confirm: "确定删除“A'B”？"
        )
        .render()
        XCTAssertTrue(html.contains("data-confirm=\"确定删除“A&#39;B”？\""), html)
        XCTAssertEqual(InlineMarkup.problems(in: html), [])
    }
}

/// What a strict Content-Security-Policy refuses in a page's markup. Text and attribute values are escaped by the
/// views (`htmlEscaped`), so every `<` of a page opens a tag and no quoted value holds its own quote.
enum InlineMarkup {
    /// Fails the test that opened the page for each piece of inline markup in it, and when it lacks the page policy.
    static func check(_ html: String, headers: HTTPHeaders, path: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(
            headers.first(name: "Content-Security-Policy"),
            SecurityHeaders.pagePolicy,
            "\(path): a page without the page policy",
            file: file,
            line: line
        )
        for problem in problems(in: html) { XCTFail("\(path): \(problem)", file: file, line: line) }
    }

    static func problems(in html: String) -> [String] {
        let bytes = Array(html.utf8)
        var problems: [String] = []
        var i = 0
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
        func word(_ stop: (UInt8) -> Bool) -> String {
            let start = i
            while i < bytes.count, !stop(bytes[i]) { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self).lowercased()
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count, bytes[i] != UInt8(ascii: "/"), bytes[i] != UInt8(ascii: "!") else {
                while i < bytes.count, bytes[i] != UInt8(ascii: ">") { i += 1 }
                continue
            }
            let tag = word { isSpace($0) || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "/") }
            var attributes: [(name: String, value: String)] = []
            while i < bytes.count, bytes[i] != UInt8(ascii: ">") {
                if isSpace(bytes[i]) || bytes[i] == UInt8(ascii: "/") {
                    i += 1
                    continue
                }
                let name = word { isSpace($0) || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "/") }
                var value = ""
                if i < bytes.count, bytes[i] == UInt8(ascii: "=") {
                    i += 1
                    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
                        let quote = bytes[i]
                        i += 1
                        value = word { $0 == quote }
                        i += 1
                    } else {
                        value = word { isSpace($0) || $0 == UInt8(ascii: ">") }
                    }
                }
                attributes.append((name, value))
            }
            i += 1
            for a in attributes {
                if a.name == "style" { problems.append("a style attribute on <\(tag)>") }
                if a.name.hasPrefix("on") { problems.append("an event handler \(a.name) on <\(tag)>") }
                if ["href", "src", "action", "formaction"].contains(a.name),
                    a.value.trimmingCharacters(in: .whitespaces).hasPrefix("javascript:")
                {
                    problems.append("a javascript: address on <\(tag)>")
                }
            }
            if tag == "style" { problems.append("a <style> element") }
            if tag == "script" {
                let rest = bytes[min(i, bytes.count)...].prefix(9)
                let closedAtOnce = String(decoding: rest, as: UTF8.self).lowercased() == "</script>"
                if !attributes.contains(where: { $0.name == "src" }) || !closedAtOnce { problems.append("an inline <script>") }
            }
        }
        return problems
    }
}
