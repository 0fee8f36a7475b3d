import YuanquKit

/// The campaign board: every campaign of the zone with its stage, places and candidates.
enum CampaignBoardView {
    static func page(_ m: CampaignBoardPage, lang: Lang) -> HNode {
        let bar = ListView.filterBar(
            params: m.params,
            base: .campaigns,
            selects: [
                ("kind", lang.t("方式", "Kind"), CampaignKind.options(lang)),
                ("stage", lang.t("环节", "Stage"), CampaignStage.options(lang)),
            ],
            zones: m.zoneOptions,
            lang: lang,
            export: nil,
            actions: m.canManage ? [link(.campaignNew, lang.t("发起选人用人", "Open a campaign"), class: "btn")] : []
        )
        let cards: [HNode] = m.cards.map { c in
            el(
                "section",
                [("class", "panel")],
                [
                    el("h3", [], link(c.url, c.title), txt(" "), el("span", [("class", "tag")], txt(lang.t(c.kind.label)))),
                    CampaignViews.stageBar(c.stage, lang: lang),
                    el(
                        "div",
                        [("class", "muted")],
                        txt(
                            lang.t(
                                "发起于 \(c.openedOn)；岗位名额 \(c.places) 个；报名 \(c.candidates) 人",
                                "Opened \(c.openedOn); \(c.places) places; \(c.candidates) candidates"
                            )
                                + (c.publicityEnds.map { lang.t("；公示至 \($0)", "; publicity until \($0)") } ?? "")
                        )
                    ),
                ]
            )
        }
        return .group(
            el(
                "p",
                [("class", "muted")],
                txt(
                    lang.t(
                        "全员聘任制：竞聘上岗（双向选择）、公开遴选、社会公开招聘，环节依次为报名、资格审查、面试、排名、公示、聘任。",
                        "All posts are held by appointment: competitive appointment (two-way selection), open selection and publi"
                            + "c recruitment, through registration, review, interview, ranking, publicity and appointment."
                    )
                )
            ),
            bar,
            m.cards.isEmpty ? el("p", [("class", "muted")], txt(lang.t("没有符合条件的选人用人活动", "No campaigns"))) : .group(cards)
        )
    }
}
