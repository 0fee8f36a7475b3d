import YuanquKit

/// The form that registers or changes a construction project.
extension EngineeringViews {
    static func projectForm(_ m: ProjectFormPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        let f = m.form.kit(lang)
        return .group(
            el("p", [], link(m.cancel, lang.t("← 返回", "← Back"))),
            postForm(
                v,
                action: m.action,
                class: "card",
                [
                    f.summary(),
                    f.select(
                        "programmeId",
                        lang.t("所属行动计划", "Programme"),
                        options: m.programmeOptions,
                        selected: nil,
                        blank: lang.t("不归入计划", "No programme")
                    ),
                    f.text("code", lang.t("项目编号", "Code"), required: true, hint: lang.t("字母、数字、横线", "Letters, digits, dashes")),
                    f.text("name", lang.t("项目名称", "Name"), required: true),
                    f.text("location", lang.t("建设地点", "Location")),
                    f.text(
                        "investmentWan",
                        lang.t("总投资（万元）", "Investment (10k yuan)"),
                        required: true,
                        attributes: [("inputmode", "decimal")]
                    ),
                    f.text(
                        "budgetFundsWan",
                        lang.t("其中财政资金（万元）", "Of which budget funds (10k yuan)"),
                        hint: lang.t(
                            "用于判断是否属于必须招标的项目（国家发展改革委第16号令）",
                            "Decides whether public tender is compulsory (NDRC Order No. 16)"
                        ),
                        attributes: [("inputmode", "decimal")]
                    ),
                    f.text("owner", lang.t("建设单位", "Owner"), required: true),
                    f.text("office", lang.t("项目部", "Project office")),
                    f.select(
                        "officeLeadId",
                        lang.t("项目部负责人", "Office lead"),
                        options: m.personOptions,
                        selected: nil,
                        blank: lang.t("未指定", "None")
                    ),
                    f.select("isKey", lang.t("重点项目", "Key project"), options: yesNo(lang), selected: "false"),
                    f.select("stage", lang.t("阶段", "Stage"), options: stageOptions(lang), selected: ConstructionStage.preparation.rawValue),
                    f.text("startsOn", lang.t("计划开工", "Planned start"), required: true, type: "date"),
                    f.text("endsOn", lang.t("计划完工", "Planned completion"), required: true, type: "date"),
                    submit(m.editing ? lang.t("保存", "Save") : lang.t("新建项目", "Create the project")),
                ]
            )
        )
    }
}
