import XCTest
import YuanquKit

@testable import YuanquServer

/// The investment area's views render hand-made page models, without a request or a database.
final class InvestmentViewTests: XCTestCase {
    let id = UUID(uuidString: "11111111-2222-3333-4444-555555555555")!
    let other = UUID(uuidString: "66666666-7777-8888-9999-000000000000")!
    let writer = ViewContext(lang: .zh, csrfToken: "tok")

    func testNewProjectFormPostsToThePipelineAndShowsItsErrors() {
        let model = NewProjectPage(
            form: FormState(errors: ["name": Loc("请填写项目名称", "Give the name")], values: ["investor": "南京<b>晶芯</b>"], order: ["name"]),
            industryOptions: [("ic", "集成电路")],
            teamOptions: [(id.uuidString, "招商<b>一组</b>")],
            teamRequired: false,
            team: nil
        )
        let html = ProjectViews.newForm(model, writer).render()
        XCTAssertTrue(html.contains("action=\"\(SiteURL.investment.path)\""))
        XCTAssertTrue(html.contains("name=\"_csrf\" value=\"tok\""))
        XCTAssertTrue(html.contains("请填写项目名称"))
        XCTAssertTrue(html.contains("value=\"南京&lt;b&gt;晶芯&lt;/b&gt;\""), "the typed value comes back, escaped")
        XCTAssertTrue(html.contains("<option value=\"\(id.uuidString)\">招商&lt;b&gt;一组&lt;/b&gt;</option>"))
        XCTAssertFalse(html.contains("<b>一组"))
        XCTAssertTrue(html.contains("href=\"/investment\""), "cancel goes back to the pipeline")
        XCTAssertTrue(html.contains("（未分配）"), "a whole zone's reach may leave the team open")
    }

    func testATeamMemberLogsALeadForTheirOwnTeamChosenAlready() {
        let model = NewProjectPage(
            form: FormState(),
            industryOptions: [("ic", "集成电路")],
            teamOptions: [(id.uuidString, "招商一组")],
            teamRequired: true,
            team: id.uuidString
        )
        let html = ProjectViews.newForm(model, writer).render()
        XCTAssertTrue(html.contains("<option value=\"\(id.uuidString)\" selected>招商一组</option>"), html)
        XCTAssertFalse(html.contains("（未分配）"))
        XCTAssertTrue(html.contains("请选择"))
    }

    func project(next: ProjectStage?, canDrop: Bool, error: Loc? = nil) -> ProjectPage {
        ProjectPage(
            name: "晶圆项目",
            investor: "南京<b>晶芯</b>有限公司",
            industry: "集成电路",
            region: "中国",
            team: nil,
            amount: .yi(20),
            signedAmount: .yi(12),
            isMajor: true,
            stage: .signed,
            signingDate: "2026-03-01",
            agreementNumber: "N-1",
            creditCode: nil,
            startDate: nil,
            operationDate: nil,
            droppedReason: nil,
            stageAction: .investmentStage(id),
            next: next,
            canDrop: canDrop,
            today: "2026-06-30",
            twins: [.init(url: .investmentProject(other), name: "二期")],
            error: error,
            form: FormState(errors: error == nil ? [:] : ["creditCode": Loc("请填写统一社会信用代码", "Give the code")], values: [:])
        )
    }

    func testProjectPageShowsAmountsTwinsAndTheNextStageForm() {
        let html = ProjectViews.show(project(next: .registered, canDrop: true), writer).render()
        XCTAssertTrue(html.contains("12.00 亿元（亿元以上项目）"))
        XCTAssertTrue(html.contains("20.00 亿元"))
        XCTAssertTrue(html.contains("南京&lt;b&gt;晶芯&lt;/b&gt;有限公司"))
        XCTAssertFalse(html.contains("<b>晶芯"))
        XCTAssertTrue(html.contains("2026-03-01 / N-1"))
        XCTAssertTrue(html.contains("href=\"/investment/projects/\(other)\""), "the twin links to its page")
        XCTAssertTrue(html.contains("action=\"/investment/projects/\(id)/stage\""))
        XCTAssertTrue(html.contains("推进到：注册"))
        XCTAssertTrue(html.contains("name=\"creditCode\""), "registering asks for the credit code")
        XCTAssertTrue(html.contains("value=\"dropped\""), "a writer may drop an open project")
    }

    func testProjectPageForAReaderHasNoForms() {
        let html = ProjectViews.show(project(next: nil, canDrop: false, error: Loc("请修改", "Correct it")), writer).render()
        XCTAssertFalse(html.contains("<form"))
        XCTAssertTrue(html.contains("class=\"alert alert-error\""))
        XCTAssertTrue(html.contains("请修改"))
    }

    func testLeaderboardRanksMarksTheLastAndDrawsThreeCharts() {
        let model = LeaderboardPage(
            period: "2026",
            measure: .signedAmount,
            rows: [
                .init(
                    rank: 1,
                    team: "招商一组",
                    isLast: false,
                    signedCount: 5,
                    signedCountTarget: 6,
                    signedAmount: .yi(30),
                    majorCount: 2,
                    majorCountTarget: 3,
                    investedAmount: .yi(4),
                    attainmentBasisPoints: 8_250,
                    gapToAbove: 0
                ),
                .init(
                    rank: 2,
                    team: "招商<b>二组</b>",
                    isLast: true,
                    signedCount: 1,
                    signedCountTarget: 6,
                    signedAmount: .yi(2),
                    majorCount: 0,
                    majorCountTarget: 3,
                    investedAmount: .wan(500),
                    attainmentBasisPoints: nil,
                    gapToAbove: Money.yi(28).fen
                ),
            ],
            totals: TotalsDTO(
                majorSignedCount: 85,
                majorSignedAmountFen: Money.yi(550).fen,
                signedCount: 93,
                signedAmountFen: Money.yi(560).fen
            ),
            zoneCode: "pukou",
            byMonth: [3: Money.yi(12).fen],
            byStage: ["signed": 4, "dropped": 2],
            byIndustry: [("集成电路", Money.yi(12).fen)],
            params: ListParams(sort: "")
        )
        let html = LeaderboardView.view(model, lang: .zh).render()
        XCTAssertTrue(html.contains("<b>85</b>亿元以上签约项目"))
        XCTAssertTrue(html.contains("550.00 亿元"))
        XCTAssertTrue(html.contains("招商&lt;b&gt;二组&lt;/b&gt;（末位）"))
        XCTAssertFalse(html.contains("<b>二组"))
        XCTAssertTrue(html.contains("82.5%"))
        XCTAssertTrue(html.contains("28.00 亿元"), "the gap in an amount measure is an amount")
        XCTAssertTrue(html.contains("href=\"/investment/leaderboard.csv?period=2026&amp;measure=signedAmount&amp;zone=pukou\""), html)
        XCTAssertTrue(html.contains("action=\"/investment/leaderboard\""))
        XCTAssertTrue(html.contains("<option value=\"signedAmount\" selected>签约额</option>"))
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 3, "months, funnel, industries")
        XCTAssertTrue(html.contains("终止 2 个"))
    }

    func teams(canWrite: Bool) -> TeamsPage {
        TeamsPage(
            period: "2026",
            today: "2026-06-30",
            teams: [
                .init(
                    name: "招商一组",
                    leader: "张<b>三</b>",
                    members: [
                        .init(
                            name: "李四",
                            url: .person(other),
                            from: "2026-01-01",
                            joined: .campaign("招商中心扩组全员竞聘"),
                            end: .teamMemberEnd(team: id, membership: other)
                        ),
                        .init(
                            name: "王五",
                            url: nil,
                            from: "2026-02-01",
                            joined: .correction("借调<b>补录</b>"),
                            end: .teamMemberEnd(team: id, membership: id)
                        ),
                    ],
                    former: [
                        .init(name: "赵六", from: "2025-01-01", to: "2025-12-31", joined: .unrecorded, endReason: "竞聘聘任至“招商二组”：某竞聘")
                    ],
                    target: .init(signedCount: 6, signedAmount: .yi(30), majorCount: 3, investedAmount: .yi(10)),
                    addMember: .teamMembers(id),
                    setTargets: .teamTargets(id),
                    canManage: canWrite
                )
            ],
            personOptions: [(other.uuidString, "李四")],
            error: nil,
            refused: nil,
            form: .empty
        )
    }

    func testTeamsPageShowsMembersTargetsAndTheWritersForms() {
        let html = TeamsView.view(teams(canWrite: true), writer).render()
        XCTAssertTrue(html.contains("招商一组（组长：张&lt;b&gt;三&lt;/b&gt;）"))
        XCTAssertFalse(html.contains("<b>三"))
        XCTAssertTrue(html.contains("href=\"/people/\(other)\""), "an openable member links to the person")
        XCTAssertFalse(html.contains("href=\"/people/\(id)\""))
        XCTAssertTrue(html.contains("赵六（2025-01-01–2025-12-31，来源未记录；结束：竞聘聘任至“招商二组”：某竞聘）"))
        XCTAssertTrue(html.contains("李四</a>（2026-01-01 起，经“招商中心扩组全员竞聘”聘任）"), "how a member joined")
        XCTAssertTrue(html.contains("手工更正：借调&lt;b&gt;补录&lt;/b&gt;"))
        XCTAssertTrue(html.contains("name=\"reason\""), "a change by hand asks for its reason")
        XCTAssertTrue(html.contains("签约额 30.00 亿元"))
        XCTAssertTrue(html.contains("action=\"/investment/teams/\(id)/members/\(other)/end\""))
        XCTAssertTrue(html.contains("action=\"/investment/teams/\(id)/members\""))
        XCTAssertTrue(html.contains("action=\"/investment/teams/\(id)/targets\""))
        XCTAssertTrue(html.contains("name=\"signedAmountWan\" value=\"300000.00\""), "targets are typed in 万元")
        XCTAssertTrue(html.contains("href=\"/investment/leaderboard\""))
    }

    func testARefusedTeamFormShowsItsErrorBesideTheFieldAndKeepsWhatWasTyped() {
        var m = teams(canWrite: true)
        m = TeamsPage(
            period: m.period,
            today: m.today,
            teams: m.teams,
            personOptions: m.personOptions,
            error: Loc("请写明理由", "Give a reason"),
            refused: .teamMembers(id),
            form: FormState(
                errors: ["reason": Loc("请写明理由", "Give a reason")],
                values: ["personId": other.uuidString, "from": "2026-03-04"]
            )
        )
        let html = TeamsView.view(m, writer).render()
        XCTAssertTrue(html.contains("<option value=\"\(other)\" selected>"))
        XCTAssertTrue(html.contains("value=\"2026-03-04\""))
        XCTAssertTrue(html.contains("aria-describedby=\"e-add-0-reason\""))
        XCTAssertTrue(html.contains("id=\"e-add-0-reason\""))
        XCTAssertFalse(html.contains("e-end-0-0-reason"), "only the refused form shows the error")
    }

    func testTeamsPageForAReaderHasNoForms() {
        let html = TeamsView.view(teams(canWrite: false), writer).render()
        XCTAssertFalse(html.contains("<form"))
        XCTAssertTrue(html.contains("李四"))
    }

    func testEnterprisesListShowsStewardsAndOverdueCounts() {
        let model = EnterpriseListPage(
            rows: [
                .init(
                    url: .enterprise(id),
                    name: "南京<b>晶芯</b>有限公司",
                    creditCode: "914403001922038216",
                    industry: "集成电路",
                    steward: "李四",
                    expert: nil,
                    overdue: 2
                )
            ],
            total: 1,
            params: ListParams(sort: "name"),
            pageSize: 20,
            industryOptions: [("ic", "集成电路")],
            zoneOptions: nil,
            canImport: false
        )
        let html = EnterpriseViews.list(model, lang: .zh).render()
        XCTAssertTrue(html.contains("href=\"/enterprises/\(id)\""))
        XCTAssertTrue(html.contains("南京&lt;b&gt;晶芯&lt;/b&gt;有限公司"))
        XCTAssertFalse(html.contains("<b>晶芯"))
        XCTAssertTrue(html.contains("<code>914403001922038216</code>"))
        XCTAssertTrue(html.contains("<strong class=\"error\">2</strong>"))
        XCTAssertTrue(html.contains("href=\"/service-requests?overdue=true\""))
        XCTAssertFalse(html.contains(SiteURL.enterprisesImport.path), "no import for a reader")
        XCTAssertTrue(html.contains("共 1 条"))
    }

    func testServiceRequestsListMarksOverdueRequests() {
        let model = ServiceRequestListPage(
            rows: [
                .init(
                    enterpriseURL: .enterprise(id),
                    enterprise: "南京<b>晶芯</b>有限公司",
                    title: "用电增容",
                    openedOn: "2026-05-01",
                    dueOn: "2026-05-15",
                    isOverdue: true,
                    holder: nil,
                    status: "inProgress"
                )
            ],
            params: ListParams(sort: ""),
            zoneOptions: [("pukou", "浦口经济开发区")]
        )
        let html = EnterpriseViews.requests(model, lang: .zh).render()
        XCTAssertTrue(html.contains("href=\"/enterprises/\(id)\""))
        XCTAssertTrue(html.contains("南京&lt;b&gt;晶芯&lt;/b&gt;有限公司"))
        XCTAssertTrue(html.contains("2026-05-15（超期）"))
        XCTAssertTrue(html.contains("办理中"))
        XCTAssertTrue(html.contains("action=\"/service-requests\""))
        XCTAssertTrue(html.contains("<option value=\"pukou\">浦口经济开发区</option>"))
    }

    func enterprise(canWrite: Bool) -> EnterprisePage {
        EnterprisePage(
            creditCode: nil,
            address: "",
            contact: "王经理 025-00000000",
            steward: .init(name: "李<b>四</b>", url: .person(other)),
            expert: .init(name: "王五", url: nil),
            chain: [
                .init(date: "2026-03-01", event: .signed(project: "晶圆项目", amount: .yi(12))),
                .init(date: "2026-05-01", event: .request(title: "用电增容", type: "要素保障", dueOn: "2026-05-15")),
            ],
            requests: [
                .init(
                    title: "用电增容",
                    type: "要素保障",
                    status: "open",
                    isOverdue: true,
                    openedOn: "2026-05-01",
                    dueOn: "2026-05-15",
                    unit: "经济发展局",
                    platform: nil,
                    holder: "李四",
                    satisfaction: nil,
                    steps: canWrite ? .serviceRequestSteps(id) : nil,
                    close: canWrite ? .serviceRequestClose(id) : nil
                )
            ],
            openRequest: canWrite ? .enterpriseRequests(other) : nil,
            types: [.init(code: "power", label: "要素保障", limit: 5)],
            unitOptions: [(id.uuidString, "经济发展局")],
            platformOptions: [],
            error: nil,
            form: FormState()
        )
    }

    func testEnterprisePageShowsTheChainRequestsAndTheirForms() {
        let html = EnterpriseViews.show(enterprise(canWrite: true), writer).render()
        XCTAssertTrue(html.contains("签约：晶圆项目（12.00 亿元）"))
        XCTAssertTrue(html.contains("诉求受理：用电增容（要素保障，限 2026-05-15）"))
        XCTAssertTrue(html.contains("<a href=\"/people/\(other)\">李&lt;b&gt;四&lt;/b&gt;</a>"))
        XCTAssertTrue(html.contains("王经理 025-00000000"))
        XCTAssertTrue(html.contains("企业诉求 (1)"))
        XCTAssertTrue(html.contains(" 超期"))
        XCTAssertTrue(html.contains("，承办：经济发展局"))
        XCTAssertTrue(html.contains("action=\"/service-requests/\(id)/steps\""))
        XCTAssertTrue(html.contains("action=\"/service-requests/\(id)/close\""))
        XCTAssertTrue(html.contains("action=\"/enterprises/\(other)/requests\""))
        XCTAssertTrue(html.contains("要素保障（限 5 个工作日）"))
    }

    func testEnterprisePageForAReaderHasNoForms() {
        let html = EnterpriseViews.show(enterprise(canWrite: false), writer).render()
        XCTAssertFalse(html.contains("<form"))
        XCTAssertTrue(html.contains("用电增容"))
    }
}
