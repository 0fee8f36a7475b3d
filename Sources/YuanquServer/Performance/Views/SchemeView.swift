import Foundation
import YuanquKit

/// A scheme version: its rules in words; a draft's form; publish, close, new version and simulation.
enum SchemeView {
    static func view(_ m: SchemePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let r = m.rules
        let set = r.gradeSet
        return .group(
            m.form.message.map { el("div", [("class", "alert alert-error"), ("role", "alert")], txt(lang.t($0))) } ?? .empty,
            el(
                "p",
                [],
                txt(
                    lang.t("状态：", "Status: ") + lang.t(PerformanceLabels.schemeStatus(m.scheme.status))
                        + (m.scheme.publishedOn.map { lang.t("，\($0) 发布", ", published \($0)") } ?? "")
                        + (m.publishedBy.map { lang.t("（\($0)）", " (\($0))") } ?? "")
                )
            ),
            m.scheme.status == "draft"
                ? el("p", [("class", "muted")], txt(lang.t("草稿可以修改；发布后冻结，修改须另建新版本。", "A draft can change; publishing freezes it.")))
                : .empty,
            el("div", [("class", "toolbar")], actions(m, v)),
            el("h2", [], txt(lang.t("等次与名额", "Grades and quota"))),
            el(
                "p",
                [],
                txt(
                    lang.t("等次名称：", "Grade words: ")
                        + Grade.allCases.map { lang.t(set.label($0).zh, set.label($0).en) }.joined(separator: " / ")
                        + (set == .civilService
                            ? lang.t("（公务员法第三十八条）", " (Civil Servant Law art. 38)") : lang.t("（事业单位人事管理条例第二十一条）", " (Regulation art. 21)"))
                )
            ),
            el(
                "p",
                [],
                txt(
                    lang.t(
                        "分数线：优秀 ≥ \(Charts.decimal(r.bands.excellent))，\(set.label(.competent).zh) ≥ \(Charts.decimal(r.bands.competent))，\(set.label(.basicallyCompetent).zh) ≥ \(Charts.decimal(r.bands.basicallyCompetent))；优秀比例 \(r.excellentShare)%\(r.excellentUnitShare.map { "（优秀部门 \($0)%）" } ?? "")；公示 \(r.noticeDays) 个工作日。",
                        "Lines: \(set.label(.excellent).en) ≥ \(Charts.decimal(r.bands.excellent)), \(set.label(.competent).en) ≥ \(Charts.decimal(r.bands.competent)), \(set.label(.basicallyCompetent).en) ≥ \(Charts.decimal(r.bands.basicallyCompetent)); Excellent share \(r.excellentShare)%\(r.excellentUnitShare.map { " (\($0)% in an Excellent unit)" } ?? ""); notice \(r.noticeDays) working days."
                    )
                )
            ),
            el("p", [("class", "hint")], txt(lang.t(PerformanceLabels.quotaNote))),
            el(
                "p",
                [],
                txt(lang.t("考核的岗位层级：", "Post tiers assessed: ") + r.tiers.map { lang.t(PerformanceLabels.tier($0)) }.joined(separator: "、"))
            ),
            el("h2", [], txt(lang.t("指标", "Indicators"))),
            ListView.plain(
                [
                    lang.t("代码", "Code"), lang.t("指标", "Indicator"), lang.t("对象", "Assessee"), lang.t("权重", "Weight"),
                    lang.t("计分", "Scoring"),
                ],
                rows: r.indicators.map { i in
                    [
                        txt(i.code), txt(i.name), txt(lang.t(PerformanceLabels.assessee(i.assessee))), txt(Charts.decimal(i.weight)),
                        txt(lang.t(PerformanceLabels.measure(i, r))),
                    ]
                },
                numeric: [3]
            ),
            el(
                "p",
                [],
                txt(
                    lang.t("评价主体权重：", "Rater weights: ")
                        + RaterGroup.allCases.map { lang.t(PerformanceLabels.group($0)) + " " + Charts.decimal(r.raterWeights[$0] ?? 0) }
                        .joined(separator: "，")
                        + (r.dropExtremes ? lang.t("；三人以上评价时去掉最高分和最低分", "; highest and lowest dropped from three raters up") : "")
                        + lang.t("；某评价主体无人评价时不计入，其余权重按比例折算。", "; a group with no ratings is left out and the other weights renormalised.")
                )
            ),
            el("p", [], txt(lang.t("领导以外的评价人对被评价人匿名。", "Raters other than leaders are anonymous to the person assessed."))),
            el("h2", [], txt(lang.t("部门结果与个人、绩效工资", "Unit feed and pay"))),
            ListView.plain(
                [
                    lang.t("等次", "Grade"), lang.t("个人得分折算系数（按部门等次）", "Score scaling (by unit grade)"),
                    lang.t("人均绩效额度（元，按部门等次）", "Pool per head (yuan, by unit grade)"),
                    lang.t("个人分配系数（按个人等次）", "Pay coefficient (by own grade)"),
                ],
                rows: Grade.allCases.map { g in
                    let feed: String
                    switch r.feed {
                    case .coefficient(let c): feed = PerformanceViews.coef(c[g] ?? 1)
                    case .excellentShare(let s):
                        feed = lang.t("优秀比例 \(s[g] ?? r.excellentShare)%", "Excellent share \(s[g] ?? r.excellentShare)%")
                    }
                    return [
                        txt(lang.t(set.label(g).zh, set.label(g).en)), txt(feed), txt(Money(fen: r.pay.poolPerHead[g] ?? 0).yuanText),
                        txt(PerformanceViews.coef(r.pay.coefficients[g] ?? 0)),
                    ]
                },
                numeric: [1, 2, 3]
            ),
            el(
                "p",
                [("class", "hint")],
                txt(
                    lang.t(
                        "部门负责人的结果随所在部门；单位绩效工资总额 = 人均额度（按部门等次）× 参加考核人数"
                            + (r.pay.zonePool.map { "（设全区总额 \(Money(fen: $0).yuanText) 元时，按此比例把全区总额分到各部门）" } ?? "")
                            + "，按“等次系数 × 得分 ÷ 100”分配到分，尾差按最大余数法分配，合计与总额一致。",
                        "A unit head follows the unit. A unit's pool = amount per head (by its grade) × people assessed"
                            + (r.pay.zonePool.map {
                                " (with a zone total of \(Money(fen: $0).yuanText) yuan, that total is split to units in this proportion)"
                            } ?? "")
                            + ", split by coefficient × score ÷ 100 to the fen (largest remainder), adding up to the pool exactly."
                    )
                )
            ),
            el("h2", [], txt(lang.t("末尾淘汰规则", "Elimination rules"))),
            el("ul", [], r.elimination.map { el("li", [], txt(lang.t(PerformanceLabels.elimination($0, set)))) }),
            el("h2", [], txt(lang.t("问责对考核的影响", "Effect of accountability cases"))),
            el(
                "ul",
                [],
                r.caseEffects.sorted { $0.key < $1.key }.map { k, e in
                    el("li", [], txt(lang.t(PerformanceLabels.sanction(k)) + "：" + lang.t(PerformanceLabels.effect(e, set))))
                }
            ),
            m.scheme.status == "draft" && m.canManage ? editForm(m, v) : .empty
        )
    }

    static func actions(_ m: SchemePage, _ v: ViewContext) -> [HNode] {
        let lang = v.lang
        var nodes: [HNode] = [link(.performance, lang.t("返回方案与周期", "Back to schemes and cycles"), class: "btn secondary")]
        if m.scheme.status == "draft" && m.canDecide {
            nodes.append(
                actionButton(
                    v,
                    action: .schemePublish(m.scheme.id),
                    label: lang.t("发布方案", "Publish"),
                    confirm: lang.t("发布后方案冻结，确定发布？", "Publishing freezes the scheme. Publish?")
                )
            )
        }
        if m.scheme.status == "published" && m.canDecide {
            nodes.append(actionButton(v, action: .schemeClose(m.scheme.id), label: lang.t("关闭方案", "Close")))
        }
        if m.scheme.status != "draft" && m.canManage {
            nodes.append(
                postForm(
                    v,
                    action: .schemeNew,
                    class: "inline",
                    [
                        void("input", [("type", "hidden"), ("name", "year"), ("value", String(m.scheme.year))]),
                        void("input", [("type", "hidden"), ("name", "name"), ("value", m.scheme.name)]),
                        void("input", [("type", "hidden"), ("name", "basedOn"), ("value", m.scheme.id.uuidString)]),
                        el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("基于此方案新建版本", "New version from this"))),
                    ]
                )
            )
        }
        if !m.simulationCycles.isEmpty {
            nodes.append(
                el(
                    "form",
                    [("method", "get"), ("action", SiteURL.schemeSimulate(m.scheme.id).path), ("class", "inline perf-inline")],
                    el(
                        "select",
                        [("name", "cycle"), ("aria-label", lang.t("模拟周期", "Cycle to simulate on"))],
                        m.simulationCycles.map { el("option", [("value", $0.id.uuidString)], txt($0.name)) }
                    ),
                    el("button", [("type", "submit"), ("class", "btn secondary")], txt(lang.t("用该周期数据模拟", "Simulate on this cycle")))
                )
            )
        }
        return nodes
    }

    /// The draft's rules in four groups, each a compact grid: basics, rater weights, indicators, and what each grade means
    /// for pay.
    static func editForm(_ m: SchemePage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        let r = m.rules
        let set = r.gradeSet
        func number(_ name: String, _ label: String, _ value: String) -> HNode {
            f.text(name, label, value: value, attributes: [("inputmode", "decimal")])
        }
        func word(_ g: Grade) -> String { lang.t(set.label(g).zh, set.label(g).en) }
        let basics = PerformanceViews.fieldset(
            lang.t("等次与名额", "Grades and quota"),
            "perf-fields",
            [
                PerformanceViews.wide(f.text("name", lang.t("方案名称", "Name"), value: m.scheme.name, required: true)),
                PerformanceViews.wide(
                    f.select(
                        "gradeSet",
                        lang.t("等次名称", "Grade words"),
                        options: [
                            ("civilService", lang.t("优秀/称职/基本称职/不称职（公务员）", "Civil service")),
                            ("publicInstitution", lang.t("优秀/合格/基本合格/不合格（事业单位）", "Public institution")),
                        ],
                        selected: r.gradeSet.rawValue
                    )
                ),
                number("noticeDays", lang.t("公示工作日数", "Notice (working days)"), String(r.noticeDays)),
                number(
                    "bands.excellent",
                    lang.t("\(set.label(.excellent).zh)分数线", "\(set.label(.excellent).en) from"),
                    Charts.decimal(r.bands.excellent)
                ),
                number(
                    "bands.competent",
                    lang.t("\(set.label(.competent).zh)分数线", "\(set.label(.competent).en) from"),
                    Charts.decimal(r.bands.competent)
                ),
                number(
                    "bands.basicallyCompetent",
                    lang.t("\(set.label(.basicallyCompetent).zh)分数线", "\(set.label(.basicallyCompetent).en) from"),
                    Charts.decimal(r.bands.basicallyCompetent)
                ),
                number("excellentShare", lang.t("优秀比例（%）", "Excellent share (%)"), String(r.excellentShare)),
                number(
                    "excellentUnitShare",
                    lang.t("优秀部门的优秀比例（%，空为同上）", "Share in an Excellent unit (%, empty: as above)"),
                    r.excellentUnitShare.map(String.init) ?? ""
                ),
                PerformanceViews.wide(
                    f.checkbox(
                        "dropExtremes",
                        lang.t("三人以上评价时去掉最高分和最低分", "Drop highest and lowest from three raters up"),
                        checked: r.dropExtremes
                    )
                ),
                PerformanceViews.full(el("p", [("class", "hint")], txt(lang.t(PerformanceLabels.quotaNote)))),
            ]
        )
        let raters = PerformanceViews.fieldset(
            lang.t("评价主体权重", "Rater weights"),
            "perf-fields",
            RaterGroup.allCases.map { g in
                number("rater.\(g.rawValue)", lang.t(PerformanceLabels.group(g)), Charts.decimal(r.raterWeights[g] ?? 0))
            }
                + [
                    PerformanceViews.full(
                        el(
                            "p",
                            [("class", "hint")],
                            txt(lang.t("某评价主体无人评价时不计入，其余权重按比例折算。", "A group with no ratings is left out and the others renormalised."))
                        )
                    )
                ]
        )
        let indicators = PerformanceViews.fieldset(
            lang.t("指标权重与目标值", "Indicator weights and targets"),
            "perf-cards",
            r.indicators.map { i in
                var fields = [number("ind.\(i.code).weight", lang.t("权重", "Weight"), Charts.decimal(i.weight))]
                if case .quantitative(_, _, let target) = i.measure {
                    fields.append(
                        number(
                            "ind.\(i.code).target",
                            lang.t("目标值", "Target"),
                            PerformanceLabels.figure(target).replacingOccurrences(of: ",", with: "")
                        )
                    )
                }
                return el("fieldset", [], el("legend", [], txt("\(i.code) \(i.name)")), el("div", [("class", "perf-pair")], fields))
            }
        )
        let grades = PerformanceViews.fieldset(
            lang.t("各等次的绩效工资与折算", "Pay and scaling by grade"),
            "perf-cards",
            Grade.allCases.map { g in
                var fields = [
                    number(
                        "pay.pool.\(g.rawValue)",
                        lang.t("人均绩效额度（元）", "Pool per head (yuan)"),
                        Money(fen: r.pay.poolPerHead[g] ?? 0).yuanText.replacingOccurrences(of: ",", with: "")
                    ),
                    number(
                        "pay.coef.\(g.rawValue)",
                        lang.t("个人分配系数", "Pay coefficient"),
                        PerformanceViews.coef(r.pay.coefficients[g] ?? 0)
                    ),
                ]
                if case .coefficient(let c) = r.feed {
                    fields.append(number("feed.\(g.rawValue)", lang.t("个人得分折算系数", "Score scaling"), PerformanceViews.coef(c[g] ?? 1)))
                }
                return el("fieldset", [], [el("legend", [], txt(word(g)))] + fields)
            }
                + [
                    PerformanceViews.full(
                        number(
                            "pay.zonePool",
                            lang.t("全区绩效工资总额（元，可空）", "Zone total (yuan, optional)"),
                            r.pay.zonePool.map { Money(fen: $0).yuanText.replacingOccurrences(of: ",", with: "") } ?? ""
                        )
                    ),
                    PerformanceViews.full(
                        el(
                            "p",
                            [("class", "hint")],
                            txt(
                                lang.t(
                                    "人均绩效额度和个人得分折算系数按部门（小组）等次取值，个人分配系数按本人等次取值。填写全区总额时，各部门按“人均额度 × 人数”的比例分配全区总额。",
                                    "The pool per head and the score scaling follow the unit's (team's) grade; the pay coefficient follows the person's own grade. With a zone total, units share it in proportion to pool per head × people."
                                )
                            )
                        )
                    ),
                ]
        )
        return el(
            "section",
            [("class", "panel perf-panel")],
            el("h2", [], txt(lang.t("修改草稿", "Edit the draft"))),
            postForm(
                v,
                action: .scheme(m.scheme.id),
                class: "perf-form",
                [
                    f.summary(), basics, raters, indicators, grades,
                    el("button", [("type", "submit"), ("class", "btn")], txt(lang.t("保存草稿", "Save draft"))),
                ]
            )
        )
    }
}
