import XCTVapor

@testable import YuanquServer

/// Every internal link of the demo's pages answers 200 for the role that sees it: no 404, no error page.
final class LinkCheckTests: XCTestCase {
    /// Pages reached by following links from the home page, each role in turn. Addresses that differ only in a
    /// record's id count as one kind of page, and at most two of each kind are opened.
    func testEveryLinkOfEveryPageAnswersForTheRoleThatSeesIt() async throws {
        try await eachEngine(assessment: true, engineering: true) { app, engine in
            for role in ["platform", "admin", "leader", "hr", "head", "staff", "auditor"] {
                let browser = Browser(app)
                try await browser.login(role)
                var queue = [("/", "")]
                var seen: Set<String> = ["/"]
                var perKind: [String: Int] = [:]
                var opened = 0
                while !queue.isEmpty, opened < 400 {
                    let (path, from) = queue.removeFirst()
                    let reply = try await browser.get(path)
                    opened += 1
                    XCTAssertEqual(reply.status, .ok, "[\(engine)] \(role) GET \(path) (linked from \(from)): \(reply.status.code)")
                    guard reply.headers.contentType == .html else { continue }
                    XCTAssertFalse(
                        reply.text.contains("class=\"card error-page\""),
                        "[\(engine)] \(role) GET \(path) (linked from \(from)) shows an error page"
                    )
                    for link in Self.links(in: reply.text) where !seen.contains(link) {
                        seen.insert(link)
                        let kind = Self.kind(of: link)
                        guard perKind[kind, default: 0] < 2 else { continue }
                        perKind[kind, default: 0] += 1
                        queue.append((link, path))
                    }
                }
                XCTAssertGreaterThan(opened, 5, "[\(engine)] \(role) reached too few pages")
            }
        }
    }

    /// The site's own links of a page (`href="/…"`), less signing out and switching language.
    static func links(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let r = rest.range(of: "href=\"/") {
            let tail = rest[r.upperBound...]
            guard let end = tail.firstIndex(of: "\"") else { break }
            let link = "/" + tail[..<end].replacingOccurrences(of: "&amp;", with: "&")
            if !link.hasPrefix("/language/") && !link.hasPrefix("/logout") && !link.hasPrefix("/styles.css") { found.append(link) }
            rest = tail[end...]
        }
        return found
    }

    /// A link with its ids and query values blanked: the kind of page it opens.
    static func kind(of link: String) -> String {
        let path = link.split(separator: "?", maxSplits: 1).first.map(String.init) ?? link
        let parts = path.split(separator: "/").map { UUID(uuidString: String($0)) == nil ? String($0) : "{id}" }
        let query =
            link.contains("?")
            ? "?" + (link.split(separator: "?")[1].split(separator: "&").map { $0.split(separator: "=")[0] }.joined(separator: "&")) : ""
        return "/" + parts.joined(separator: "/") + query
    }
}
