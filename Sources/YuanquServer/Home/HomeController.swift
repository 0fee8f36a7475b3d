import Vapor

/// The home page: the zone at a glance, and what needs the reader's attention.
enum HomeController {
    static func home(_ req: Request) async throws -> Response {
        let actor = try req.actor()
        let model = try await HomeQuery.page(actor: actor, lang: req.lang, on: req.db)
        return Layout.render(request: req, title: req.lang.t("首页", "Home"), body: HomeView.view(model, lang: req.lang))
    }
}
