import XCTest

@testable import YuanquKit
@testable import YuanquServer

/// The Personnel pages render hand-made page models, without a request or a database: what a user would see.
final class PersonnelViewTests: XCTestCase {
    let campaign = UUID(uuidString: "11111111-2222-3333-4444-555555555555")!
    let candidate = UUID(uuidString: "22222222-2222-3333-4444-555555555555")!
    let person = UUID(uuidString: "33333333-2222-3333-4444-555555555555")!
    let post = UUID(uuidString: "44444444-2222-3333-4444-555555555555")!
    let campaignPost = UUID(uuidString: "55555555-2222-3333-4444-555555555555")!
    let member = UUID(uuidString: "66666666-2222-3333-4444-555555555555")!
    let v = ViewContext(lang: .zh, csrfToken: "tok\"en")

    var offer: OfferedPost {
        OfferedPost(
            campaignPostID: campaignPost,
            postID: post,
            unitName: "招商<b>中心</b>",
            title: "部长",
            tier: .head,
            places: 2,
            maxAge: 40,
            minEducation: .bachelor
        )
    }

    func candidateLine(review: ReviewStatus = .pending, eligibility: [Eligibility.Reason]? = nil) -> CampaignPageModel.CandidateLine {
        CampaignPageModel.CandidateLine(
            id: candidate,
            personID: person,
            name: "王<b>芳</b>",
            gender: .female,
            nomination: .organisation,
            registrationOrder: 7,
            reviewStatus: review,
            reviewReason: "",
            writtenScore: nil,
            preferences: [campaignPost],
            sheets: 2,
            eligibility: eligibility
        )
    }

    func campaignModel(
        stage: CampaignStage,
        candidates: [CampaignPageModel.CandidateLine],
        rankings: [CampaignPageModel.Ranking] = [],
        canManage: Bool = true
    ) -> CampaignPageModel {
        CampaignPageModel(
            id: campaign,
            title: "2026 年中层岗位竞聘",
            kind: .openSelection,
            stage: stage,
            scoring: ScoringScheme(items: [.init(name: "综合素质", weight: 60), .init(name: "岗位匹配", weight: 40)]),
            openedOn: "2026-03-01",
            publicityStart: nil,
            publicityEnds: nil,
            publicityDays: 5,
            maxPreferences: 1,
            publicToken: "pub-tok",
            bodyName: "管委会",
            offers: [offer],
            candidates: candidates,
            proposals: [:],
            panel: [.init(id: member, name: "甲评委"), .init(id: UUID(), name: "乙评委")],
            rankings: rankings,
            selection: nil,
            objections: [],
            contractTypes: [.init(code: "fixedTerm", label: Loc("固定期限", "Fixed term"))],
            people: [.init(id: person, name: "李<i>四</i>")],
            unitRankings: [:],
            canManage: canManage,
            seesCandidates: true,
            canNominate: canManage,
            canSelfNominate: false,
            ownPersonID: nil,
            publicAddress: "https://yuanqu.example",
            defaultStart: CalendarDate("2026-07-01")!,
            form: .empty
        )
    }

    func testCampaignBoardShowsPlacesCandidatesAndLinks() {
        let model = CampaignBoardPage(
            cards: [
                .init(
                    url: .campaign(campaign),
                    title: "竞聘<b>上岗</b>",
                    kind: .competitive,
                    stage: .interview,
                    openedOn: "2026-03-01",
                    places: 3,
                    candidates: 5,
                    publicityEnds: "2026-04-10"
                )
            ],
            params: ListParams(sort: "openedOn"),
            zoneOptions: nil,
            canManage: false
        )
        let html = CampaignBoardView.page(model, lang: .zh).render()
        XCTAssertTrue(html.contains("href=\"/campaigns/\(campaign)\""))
        XCTAssertTrue(html.contains("竞聘&lt;b&gt;上岗&lt;/b&gt;"), "a title is text, never markup")
        XCTAssertTrue(html.contains("岗位名额 3 个；报名 5 人；公示至 2026-04-10"))
        XCTAssertTrue(html.contains("<span class=\"now\" aria-current=\"step\">面试</span>"))
        XCTAssertFalse(html.contains(SiteURL.campaignNew.path), "no 发起 for a reader")
        let empty = CampaignBoardView.page(
            CampaignBoardPage(cards: [], params: ListParams(sort: "openedOn"), zoneOptions: nil, canManage: true),
            lang: .zh
        ).render()
        XCTAssertTrue(empty.contains("没有符合条件的选人用人活动"))
        XCTAssertTrue(empty.contains("href=\"/campaigns/new\""))
    }

    func testNewCampaignFormListsPostsWithHoldersAndShowsErrors() {
        let model = CampaignNewPage(
            posts: [.init(id: post, body: .company, unit: "财务<b>部</b>", title: "会计", tier: .staff, held: 1, headcount: 2)],
            form: FormState(
                errors: ["title": Loc("请填写名称", "Title is required"), "posts": Loc("请至少选择一个岗位", "Choose a post")],
                values: ["places_\(post)": "1"],
                order: ["title", "posts"]
            )
        )
        let html = CampaignNewView.page(model, v).render()
        XCTAssertTrue(html.contains("<form method=\"post\" action=\"/campaigns\" class=\"card wide\">"))
        XCTAssertTrue(html.contains("value=\"tok&quot;en\""), "the form carries the CSRF token")
        XCTAssertTrue(html.contains("财务&lt;b&gt;部&lt;/b&gt;"))
        XCTAssertTrue(html.contains(">1/2</td>"), "held of headcount")
        XCTAssertTrue(html.contains("name=\"places_\(post)\" min=\"0\" max=\"2\" value=\"1\""), "the value typed comes back")
        XCTAssertTrue(html.contains("请填写名称"))
        XCTAssertTrue(html.contains("请至少选择一个岗位"))
    }

    func testCampaignPageAtReviewShowsTheCheckAndReviewForms() {
        let model = campaignModel(stage: .review, candidates: [candidateLine(eligibility: [.tooOld(limit: 40)])])
        let html = CampaignViews.page(model, v).render()
        XCTAssertTrue(html.contains("王&lt;b&gt;芳&lt;/b&gt;"), "a name is text, never markup")
        XCTAssertFalse(html.contains("<b>芳"))
        XCTAssertTrue(html.contains("href=\"/people/\(person)\""))
        XCTAssertTrue(html.contains("招商&lt;b&gt;中心&lt;/b&gt;·部长"), "posts listed by unit and title")
        XCTAssertTrue(html.contains("40 周岁以下，大学本科及以上"))
        XCTAssertTrue(html.contains("系统核对：超过年龄要求（40 周岁以下）"))
        XCTAssertTrue(html.contains("action=\"/campaigns/\(campaign)/candidates/\(candidate)/review\""))
        XCTAssertTrue(html.contains("action=\"/campaigns/\(campaign)/panel\""))
        XCTAssertTrue(html.contains("甲评委\n乙评委"), "the panel, one per line")
        XCTAssertTrue(html.contains("<input type=\"hidden\" name=\"to\" value=\"interview\"/>"), "the next stage")
        let reader = CampaignViews.page(campaignModel(stage: .review, candidates: [candidateLine()], canManage: false), v).render()
        XCTAssertFalse(reader.contains("/review\""), "no review for a reader")
        XCTAssertFalse(reader.contains(SiteURL.campaignStage(campaign).path))
    }

    func testCampaignPageAtRegistrationShowsThePublicAddressAndNomination() {
        let html = CampaignViews.page(campaignModel(stage: .registration, candidates: []), v).render()
        XCTAssertTrue(html.contains("href=\"/public/campaigns/pub-tok\">https://yuanqu.example/public/campaigns/pub-tok</a>"))
        XCTAssertTrue(html.contains("action=\"/campaigns/\(campaign)/candidates\""))
        XCTAssertTrue(html.contains("<option value=\"\(person)\">李&lt;i&gt;四&lt;/i&gt;</option>"))
        XCTAssertTrue(html.contains("href=\"/campaigns/\(campaign)/import/candidates\""))
        XCTAssertTrue(html.contains("暂无报名人员"))
    }

    func testCampaignPageAtRankingShowsHowEachTotalWasMade() {
        let breakdown = ScoringScheme.Breakdown(
            sheetTotals: [8000, 9050],
            droppedHighest: 9900,
            droppedLowest: 6000,
            interview: 8525,
            written: nil,
            total: 8525
        )
        let ranking = CampaignPageModel.Ranking(
            campaignPostID: campaignPost,
            postTitle: "部长",
            places: 2,
            ranked: [.init(candidateID: candidate.uuidString, rank: 1, total: 8525, decidedBy: nil, unresolvedTie: true)],
            breakdowns: [candidate: breakdown],
            unscored: []
        )
        let html = CampaignViews.page(campaignModel(stage: .ranking, candidates: [candidateLine(review: .passed)], rankings: [ranking]), v)
            .render()
        XCTAssertTrue(html.contains("<strong>85.25</strong>"))
        XCTAssertTrue(html.contains("去掉最高 99.00、最低 60.00"))
        XCTAssertTrue(html.contains("（名额 2）"))
        XCTAssertTrue(html.contains("action=\"/campaigns/\(campaign)/ties\""), "a tie to decide")
        XCTAssertTrue(html.contains("href=\"/campaigns/\(campaign)/results.csv\""))
    }

    func testScoreSheetShowsEnteredScoresAndTheFormAction() {
        let model = ScoreSheetPage(
            id: campaign,
            scoring: ScoringScheme(items: [.init(name: "综合", weight: 100)], writtenWeight: 50),
            candidates: [.init(id: candidate, name: "王<b>芳</b>", writtenScore: 7900)],
            panel: [.init(id: member, name: "甲评委")],
            sheets: [candidate: [member: [8550]]],
            saved: true,
            form: .empty
        )
        let html = ScoreSheetView.page(model, v).render()
        XCTAssertTrue(html.contains("action=\"/campaigns/\(campaign)/scores\""))
        XCTAssertTrue(html.contains("name=\"s_\(candidate)_\(member)_0\" inputmode=\"decimal\" value=\"85.50\""))
        XCTAssertTrue(html.contains("name=\"w_\(candidate)\" inputmode=\"decimal\" value=\"79.00\""))
        XCTAssertTrue(html.contains("王&lt;b&gt;芳&lt;/b&gt;"))
        XCTAssertTrue(html.contains("已保存。"))
        let refused = ScoreSheetView.page(
            ScoreSheetPage(
                id: campaign,
                scoring: model.scoring,
                candidates: model.candidates,
                panel: [],
                sheets: [:],
                saved: false,
                form: FormState(message: Loc("分数“九十”不是数字", "not a number"))
            ),
            v
        ).render()
        XCTAssertTrue(refused.contains("分数“九十”不是数字"))
        XCTAssertTrue(refused.contains("请先在活动页面设置面试评委"))
        XCTAssertFalse(refused.contains("已保存"))
    }

    func testNoticeListsAppointeesEscaped() {
        let model = NoticePage(
            zoneName: "浦口经济开发区",
            kind: .openSelection,
            title: "财务岗遴选",
            publicityStart: "2026-04-01",
            publicityEnds: "2026-04-08",
            publicityDays: 5,
            rows: [.init(name: "王<b>芳</b>", gender: .female, unit: "财务部", post: "会计")],
            phone: "025-12345678"
        )
        let html = NoticeView.page(model, lang: .zh).render()
        XCTAssertTrue(html.contains("<h1>浦口经济开发区公开遴选拟聘人员公示</h1>"))
        XCTAssertTrue(html.contains("<td>王&lt;b&gt;芳&lt;/b&gt;</td><td>女</td><td>财务部</td><td>会计</td>"))
        XCTAssertTrue(html.contains("公示期：2026-04-01 至 2026-04-08（5 个工作日）"))
        XCTAssertTrue(html.contains("联系电话：025-12345678"))
    }

    func testPublicRegistrationFormCarriesItsTokenAndOffers() {
        func page(_ state: PublicRegistrationPage.State) -> String {
            PublicViews.registration(
                PublicRegistrationPage(
                    title: "招聘",
                    zoneName: "浦口经济开发区",
                    kind: .publicRecruitment,
                    scoring: ScoringScheme(items: [.init(name: "专业", weight: 100)], writtenWeight: 40),
                    offers: [offer],
                    origins: [.public],
                    state: state,
                    action: .publicRegistration("pub-tok"),
                    statusPage: .publicStatus("pub-tok"),
                    form: .empty
                ),
                v
            ).render()
        }
        let open = page(.open)
        XCTAssertTrue(open.contains("<form method=\"post\" action=\"/public/campaigns/pub-tok\" class=\"card\">"))
        XCTAssertTrue(open.contains("name=\"_csrf\" value=\"tok&quot;en\""))
        XCTAssertTrue(open.contains("<option value=\"\(post)\">招商&lt;b&gt;中心&lt;/b&gt;·部长（2 名；40 周岁以下，大学本科及以上）</option>"))
        XCTAssertTrue(open.contains("笔试占总成绩 40%"))
        let done = page(.done(code: "AB12CD34"))
        XCTAssertTrue(done.contains("class=\"lookup-code\">AB12CD34</strong>"))
        XCTAssertTrue(done.contains("href=\"/public/campaigns/pub-tok/status\""))
        XCTAssertFalse(done.contains("<form"))
        XCTAssertTrue(page(.closed).contains("报名已截止"))
    }

    func testPublicStatusShowsTheRegistrationFound() {
        let model = PublicStatusPage(
            title: "招聘",
            stage: .review,
            found: .init(name: "钱<b>多多</b>", reviewStatus: .failed, reviewReason: "", posts: "会计、出纳"),
            action: .publicStatus("pub-tok"),
            form: .empty
        )
        let html = PublicViews.status(model, v).render()
        XCTAssertTrue(html.contains("<dd>钱&lt;b&gt;多多&lt;/b&gt;</dd>"))
        XCTAssertTrue(html.contains("<dd>会计、出纳</dd>"))
        XCTAssertTrue(html.contains("<dd>—</dd>"), "no reason given")
        XCTAssertTrue(html.contains("action=\"/public/campaigns/pub-tok/status\""))
    }

    func testContractsListMarksEndingContractsAndOffersActions() {
        let contract = UUID()
        let rows = ContractsPage.rows(
            [
                ContractListRow(
                    id: contract,
                    personId: person,
                    appointmentId: nil,
                    personName: "王<b>芳</b>",
                    contractType: "fixedTerm",
                    startDate: "2023-07-01",
                    endDate: "2026-06-30",
                    probationMonths: 3,
                    payGrade: "",
                    status: "active",
                    statusReason: nil,
                    postTitle: "会计",
                    unitName: "财务部"
                ),
                ContractListRow(
                    id: UUID(),
                    personId: UUID(),
                    appointmentId: nil,
                    personName: nil,
                    contractType: "openEnded",
                    startDate: "2020-01-01",
                    endDate: nil,
                    probationMonths: 0,
                    payGrade: "五级",
                    status: "terminated",
                    statusReason: "调离",
                    postTitle: nil,
                    unitName: nil
                ),
            ],
            types: ["fixedTerm": Loc("固定期限", "Fixed term")],
            today: CalendarDate("2026-06-01")!,
            warnDays: 60,
            canManage: true
        )
        let model = ContractsPage(
            rows: rows,
            params: ListParams(sort: "endDate"),
            warnDays: 60,
            today: "2026-06-01",
            zoneOptions: nil,
            message: nil
        )
        let html = ContractsView.page(model, v).render()
        XCTAssertTrue(html.contains("<a href=\"/people/\(person)\">王&lt;b&gt;芳&lt;/b&gt;</a>"))
        XCTAssertTrue(html.contains("<td>财务部·会计</td>"))
        XCTAssertTrue(html.contains("<td>固定期限</td>"))
        XCTAssertTrue(html.contains("<strong class=\"error\">2026-06-30</strong>"), "ends within the warning days")
        XCTAssertTrue(html.contains("action=\"/contracts/\(contract)/renew\""))
        XCTAssertTrue(html.contains("action=\"/contracts/\(contract)/terminate\""))
        XCTAssertTrue(html.contains("name=\"date\" type=\"date\" value=\"2026-06-01\""))
        XCTAssertTrue(html.contains("已解除（调离）"))
        XCTAssertTrue(html.contains("<td>openEnded</td>"), "an unknown type shows its code")
        XCTAssertEqual(html.components(separatedBy: "<details>").count, 2, "only the active contract can be changed")
        XCTAssertTrue(html.contains("href=\"/contracts/export.csv?sort=endDate\""))
    }

    func testCalendarListsTheYearsDaysAndTheForm() {
        let model = CalendarPage(
            years: [2025, 2026],
            days: [
                .init(date: "2026-01-01", weekday: "四", kind: .holiday, name: "元<b>旦</b>"),
                .init(date: "2026-02-14", weekday: "六", kind: .workingWeekend, name: "春节调休上班"),
            ],
            saved: 3,
            form: .empty
        )
        let html = CalendarView.page(model, v).render()
        XCTAssertTrue(html.contains("href=\"/admin/calendar?year=2026\""))
        XCTAssertTrue(html.contains("已有年份：2025、2026"))
        XCTAssertTrue(html.contains("<td>2026-01-01</td><td>周四</td><td>放假</td><td>元&lt;b&gt;旦&lt;/b&gt;</td>"))
        XCTAssertTrue(html.contains("<td>调休上班</td>"))
        XCTAssertTrue(html.contains("已保存 3 天。"))
        XCTAssertTrue(html.contains("<form method=\"post\" action=\"/admin/calendar\" class=\"card\">"))
    }
}
