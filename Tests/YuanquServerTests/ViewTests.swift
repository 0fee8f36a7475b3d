import XCTest
import YuanquKit

@testable import YuanquServer

/// Views render hand-made page models, without a request or a database: what a user would see.
final class ViewTests: XCTestCase {
    let id = UUID(uuidString: "11111111-2222-3333-4444-555555555555")!

    func testPeopleListShowsRowsLinksAndEscapesNames() {
        let model = PeopleListPage(
            rows: [
                .init(
                    url: .person(id),
                    name: "王<b>芳</b>",
                    gender: .female,
                    birthDate: "1990-05-01",
                    unit: "招商中心",
                    post: nil,
                    maskedResidentID: "3201**********1234",
                    phone: "13800000000"
                )
            ],
            total: 41,
            params: ListParams(sort: "name", page: 2),
            pageSize: 20,
            unitOptions: [("u1", "招商中心")],
            zoneOptions: nil,
            canWrite: false,
            canImport: false
        )
        let html = PeopleViews.list(model, lang: .zh).render()
        XCTAssertTrue(html.contains("href=\"/people/\(id)\""))
        XCTAssertTrue(html.contains("王&lt;b&gt;芳&lt;/b&gt;"), "a name is text, never markup")
        XCTAssertFalse(html.contains("<b>芳"))
        XCTAssertTrue(html.contains("共 41 条，第 2/3 页"))
        XCTAssertTrue(html.contains("3201**********1234"))
        XCTAssertTrue(html.contains(">女<"))
        XCTAssertTrue(html.contains("href=\"/people/export.csv?sort=name\""), "the export keeps the list's filters")
        XCTAssertFalse(html.contains(SiteURL.personNew.path), "no 新增 for a reader")
        XCTAssertFalse(html.contains("name=\"zone\""), "zone users get no zone filter")
        let english = PeopleViews.list(model, lang: .en).render()
        XCTAssertTrue(english.contains(">Post</th>") && english.contains(">Unit"), "English headers name the ideas, not the code's types")
    }

    func testPipelineShowsFiguresMajorTagAndPlatformZoneFilter() {
        let model = PipelinePage(
            rows: [
                .init(
                    url: .investmentProject(id),
                    name: "12 英寸晶圆项目",
                    investor: "南京\"晶芯\"有限公司",
                    industry: "集成电路",
                    team: "招商一组",
                    amount: .yi(12),
                    stage: .signed,
                    isMajor: true
                )
            ],
            total: 1,
            params: ListParams(sort: "createdOn"),
            pageSize: 20,
            totals: TotalsDTO(
                majorSignedCount: 85,
                majorSignedAmountFen: Money.yi(550).fen,
                signedCount: 93,
                signedAmountFen: Money.yi(560).fen
            ),
            stageOptions: ProjectStage.options(.zh),
            industryOptions: [("ic", "集成电路")],
            teamOptions: [],
            zoneOptions: [("pukou", "浦口经济开发区"), ("jiangning", "江宁开发区")],
            canWrite: true,
            canImport: true
        )
        let html = PipelineView.view(model, lang: .zh).render()
        XCTAssertTrue(html.contains("<b>85</b>亿元以上签约项目"))
        XCTAssertTrue(html.contains(Money.yi(550).display))
        XCTAssertTrue(html.contains("href=\"/investment/projects/\(id)\""))
        XCTAssertTrue(html.contains("南京\"晶芯\"有限公司</td>"), "text keeps its quotes, inside its cell")
        XCTAssertTrue(html.contains("亿元以上</span>"))
        XCTAssertTrue(html.contains("<option value=\"jiangning\">江宁开发区</option>"), "platform users filter by zone")
        XCTAssertTrue(html.contains("href=\"/investment/new\""))
    }

    func testMenuGroupsPagesByAreaAndMarksTheCurrentOne() {
        let hr = Actor(
            userID: UUID(),
            username: "hr",
            displayName: "人事",
            role: .hr,
            zoneID: UUID(),
            unitID: nil,
            personID: nil,
            sessionID: nil,
            language: nil
        )
        let entries = Menu.entries(for: hr, path: "/campaigns/\(id)")
        let html = Menu.view(entries, lang: .zh).render()
        XCTAssertTrue(html.contains("<summary>组织</summary>"))
        XCTAssertTrue(html.contains("<details class=\"area current\" name=\"menu\"><summary>选人用人</summary>"))
        XCTAssertTrue(html.contains("<a href=\"/campaigns\" class=\"current\" aria-current=\"page\">竞聘与遴选</a>"))
        XCTAssertFalse(html.contains("/admin/zones"), "HR sees no platform page")
        XCTAssertEqual(html.contains("系统管理"), hr.can(.auditRead) || hr.can(.settingsWrite), "an area without pages is left out")
    }

    func testLayoutEscapesTitleAndCarriesTheSignOutToken() {
        let frame = PageFrame(lang: .zh, title: "<script>x</script>", here: "/", user: "管理员", csrfToken: "tok\"en", menu: [])
        let html = Layout.page(frame, body: txt("正文"))
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html><html lang=\"zh-CN\">"))
        XCTAssertFalse(html.contains("<script>x"))
        XCTAssertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;"))
        XCTAssertTrue(html.contains("name=\"_csrf\" value=\"tok&quot;en\""), "attribute values are escaped")
        XCTAssertTrue(html.contains("action=\"/logout\""))
    }

    func testZonePickerLinksEachZoneToThePage() {
        let model = ZonePickerModel(choices: [.init(name: "浦口经济开发区", url: .leaderboard, query: [("zone", "pukou")])])
        let html = ZonePickerView.view(model, lang: .zh).render()
        XCTAssertTrue(html.contains("href=\"/investment/leaderboard?zone=pukou\""))
    }

    func testHomeShowsZoneFiguresAndWarnings() {
        let model = HomePage(
            userName: "王<b>芳</b>",
            assessment: HomePage.Assessment(ratingsDue: 7, ratingCycle: "2026年第4季度考核", objections: 0, flags: 2),
            overdueRequests: HomePage.Alert(count: 3, days: 0, items: [("晶芯：用地协调", .enterprise(id))], more: false),
            endingContracts: nil,
            zones: [
                HomePage.ZoneCard(
                    name: "浦口经济开发区",
                    units: 12,
                    posts: 40,
                    people: 96,
                    mainBusinessShare: 4.0 / 6.0,
                    overlaps: 1,
                    majorProjects: (85, .yi(550))
                )
            ],
            zonesNotShown: 0,
            linksOrganisation: true,
            linksPeople: false
        )
        let html = HomeView.view(model, lang: .zh).render()
        XCTAssertTrue(html.contains("您好，王&lt;b&gt;芳&lt;/b&gt;。"))
        XCTAssertTrue(html.contains("3 件企业诉求已超期"))
        XCTAssertTrue(html.contains("href=\"/enterprises/\(id)\""))
        XCTAssertTrue(html.contains("<b>66.7%</b>管委会主责主业占比"))
        XCTAssertTrue(html.contains("href=\"/units#overlaps\""))
        XCTAssertTrue(html.contains("<b>96</b>人员</div>"), "no link to people for a reader who may not open them")
        XCTAssertTrue(html.contains("亿元以上签约项目 85 个"))
        XCTAssertTrue(html.contains("href=\"/performance/ratings\">7 项考核评价待您评分（2026年第4季度考核）"), html)
        XCTAssertTrue(html.contains("href=\"/performance/flags\">2 个末尾淘汰预警待决定"))
        XCTAssertFalse(html.contains("异议待处理"), "nothing said about what does not await")
    }

    func testSessionsOfferRevokeExceptForTheReadersOwn() {
        let own = UUID()
        let row = { (id: UUID, name: String) in
            SessionsPage.Row(
                id: id,
                username: name,
                displayName: "<i>" + name,
                role: "hr",
                kind: "browser",
                createdAt: Date(),
                expiresAt: Date(),
                client: "curl"
            )
        }
        let html = AdminViews.sessions(
            SessionsPage(rows: [row(own, "admin"), row(id, "hr")], current: own),
            ViewContext(lang: .zh, csrfToken: "t")
        ).render()
        XCTAssertTrue(html.contains("共 2 个有效会话"))
        XCTAssertTrue(html.contains("当前会话"))
        XCTAssertTrue(html.contains("action=\"/admin/sessions/\(id)/revoke\""))
        XCTAssertFalse(html.contains("/admin/sessions/\(own)/revoke"), "one's own session is not revoked from here")
        XCTAssertTrue(html.contains("&lt;i&gt;hr"))
    }

    func testSettingsShowEachFieldAndCodeList() {
        let model = SettingsPage(
            fields: [.init(name: "cap.committee", label: "管委会编制上限", value: "60", isNumber: true, required: true, hint: nil)],
            codeLists: [.init(list: "industry", label: "产业", items: [("ic", "集成电路", "IC", true)])],
            saved: true
        )
        let html = AdminViews.settings(model, form: FormKit(lang: .zh), ViewContext(lang: .zh, csrfToken: "t")).render()
        XCTAssertTrue(html.contains("已保存。"))
        XCTAssertTrue(html.contains("name=\"cap.committee\" required type=\"number\" value=\"60\""))
        XCTAssertTrue(html.contains("<code>ic</code>"))
        XCTAssertTrue(html.contains("action=\"/admin/codes\""))
    }

    func testImportPageListsEveryBadRowWithItsLine() {
        let model = ImportPage(
            action: .peopleImport,
            back: .people,
            columns: ["姓名*", "性别*"],
            errors: [(3, "身份证号 <x> 校验位不对")],
            imported: nil
        )
        let html = ImportView.view(model, ViewContext(lang: .zh, csrfToken: "t")).render()
        XCTAssertTrue(html.contains("共有 1 处问题，未导入任何数据"))
        XCTAssertTrue(html.contains("<td class=\"num\">3</td><td>身份证号 &lt;x&gt; 校验位不对</td>"))
        XCTAssertTrue(html.contains("href=\"/people/import?template=1\""))
        XCTAssertTrue(html.contains("action=\"/people/import\" enctype=\"multipart/form-data\""))
        XCTAssertTrue(html.contains("姓名*、性别*"))
    }

    func testLoginFormReturnsToTheAskedPage() {
        let html = SessionViews.login(next: "/people?unit=1", form: FormKit(lang: .en), ViewContext(lang: .en, csrfToken: "tok")).render()
        XCTAssertTrue(html.contains("action=\"/login?next=%2Fpeople%3Funit%3D1\""))
        XCTAssertTrue(html.contains("name=\"_csrf\" value=\"tok\""))
        XCTAssertTrue(html.contains("Sign in"))
    }
}
