import Foundation
import YuanquKit

/// A person's record over time on their page: appointments, contracts, and the campaigns they entered with the result.
enum PersonRecordView {
    static func view(_ r: PersonRecord, lang: Lang) -> HNode {
        guard r.shown else { return .empty }
        return .group(
            el("h2", [], txt(lang.t("岗位聘任", "Appointments"))),
            r.appointments.isEmpty ? muted(lang.t("暂无聘任记录", "No appointments yet")) : appointments(r.appointments, lang: lang),
            el("h2", [], txt(lang.t("劳动合同", "Contracts"))),
            r.contracts.isEmpty ? muted(lang.t("暂无合同", "No contracts yet")) : contracts(r.contracts, lang: lang),
            el("h2", [], txt(lang.t("参加的选人用人", "Campaigns entered"))),
            r.candidacies.isEmpty ? muted(lang.t("暂无", "None")) : candidacies(r.candidacies, lang: lang),
            el("h2", [], txt(lang.t("综合考核评价", "Assessment results"))),
            r.results.isEmpty
                ? muted(lang.t("暂无公示的考核结果", "No published results yet"))
                : results(r.results, person: r.payLinks ? r.personID : nil, lang: lang)
        )
    }

    static func results(_ lines: [PersonResultRow], person: UUID?, lang: Lang) -> HNode {
        let headers = [
            Loc("考核周期", "Cycle"), Loc("得分", "Score"), Loc("等次", "Grade"), Loc("部门内名次", "Rank in unit"), Loc("绩效工资（元）", "Pay (yuan)"),
        ]
        let rows: [[HNode]] = lines.map { l in
            [
                txt(l.cycleName + (l.status == "notice" ? lang.t("（公示中）", " (in notice)") : "")),
                txt(score(l.score)),
                txt(lang.t(PerformanceLabels.grade(l.grade, l.gradeSet))),
                txt(l.rank.map(String.init) ?? "—"),
                l.payFen.map { fen in
                    person.map { link(.cyclePayLine(l.cycleId, person: $0), Money(fen: fen).yuanText) } ?? txt(Money(fen: fen).yuanText)
                }
                    ?? txt("—"),
            ]
        }
        return ListView.plain(headers.map { lang.t($0) }, rows: rows, numeric: [1, 3, 4])
    }

    static func muted(_ s: String) -> HNode { el("p", [("class", "muted")], txt(s)) }

    static func appointments(_ lines: [PersonRecord.AppointmentLine], lang: Lang) -> HNode {
        func method(_ m: String) -> String { CampaignKind(rawValue: m).map { lang.t($0.label) } ?? lang.t("直接聘任", "Direct") }
        let headers = [Loc("岗位", "Post"), Loc("起始", "From"), Loc("终止", "Until"), Loc("聘期", "Term"), Loc("方式", "How"), Loc("说明", "Note")]
        let rows: [[HNode]] = lines.map { a in
            [
                txt(a.post),
                txt(a.startDate),
                txt(a.endDate ?? lang.t("在任", "current")),
                txt(lang.t("\(a.termMonths) 个月", "\(a.termMonths) months")),
                a.campaignId.map { link(.campaign($0), method(a.method)) } ?? txt(method(a.method)),
                txt(a.endReason ?? ""),
            ]
        }
        return ListView.plain(headers.map { lang.t($0) }, rows: rows)
    }

    static func contracts(_ lines: [PersonRecord.ContractLine], lang: Lang) -> HNode {
        let headers = [Loc("起始", "Start"), Loc("终止", "End"), Loc("试用期", "Probation"), Loc("状态", "Status")]
        let rows: [[HNode]] = lines.map { k in
            [
                txt(k.startDate),
                txt(k.endDate ?? lang.t("无固定期限", "open-ended")),
                txt(k.probationMonths.map { lang.t("\($0) 个月", "\($0) months") } ?? PersonFields.withheld),
                txt(ContractsView.statusLabel(k.status, lang) + (k.statusReason.map { lang.t("：", ": ") + $0 } ?? "")),
            ]
        }
        return ListView.plain(headers.map { lang.t($0) }, rows: rows)
    }

    static func candidacies(_ lines: [PersonRecord.CandidacyLine], lang: Lang) -> HNode {
        el(
            "ul",
            [],
            lines.map { c in
                el("li", [], link(.campaign(c.campaignId), c.title), txt(lang.t("（", " (") + result(c, lang: lang) + lang.t("）", ")")))
            }
        )
    }

    /// Where a candidacy stands: refused at review, appointed or proposed, not appointed, or still in progress.
    static func result(_ c: PersonRecord.CandidacyLine, lang: Lang) -> String {
        if c.reviewStatus != .passed { return lang.t("资格审查：", "review: ") + lang.t(c.reviewStatus.label) }
        if let p = c.post { return (c.stage == .appointment ? lang.t("已聘 ", "appointed to ") : lang.t("拟聘 ", "proposed for ")) + p }
        if c.stage >= .publicity { return lang.t("未聘", "not appointed") }
        return lang.t("进行中：", "in progress: ") + lang.t(c.stage.label)
    }
}
