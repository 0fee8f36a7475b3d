import YuanquKit

/// The organisation workbook's import page: what the workbook holds, its template, and what came of an upload.
struct OrgImportPage {
    struct SheetColumns {
        let name: String
        /// Column labels, a required one marked with *.
        let columns: [String]
    }
    let sheets: [SheetColumns]
    let problems: [OrgWorkbookImport.Problem]
    let imported: [OrgWorkbookImport.Imported]?
}

enum OrgImportView {
    static func view(_ m: OrgImportPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return .group(
            m.imported.map { counts in
                el(
                    "div",
                    [("class", "alert alert-ok")],
                    txt(
                        lang.t("导入成功：", "Imported: ")
                            + counts.map { lang.t("\($0.sheet) \($0.count) 条", "\($0.sheet) \($0.count)") }.joined(
                                separator: lang.t("，", ", ")
                            )
                            + lang.t("。", ".")
                    ),
                    txt(" "),
                    link(.orgChart, lang.t("查看组织架构图", "See the org chart"))
                )
            } ?? .empty,
            m.problems.isEmpty ? .empty : problems(m.problems, lang: lang),
            postForm(
                v,
                action: .organisationImport,
                multipart: true,
                class: "card",
                [
                    el(
                        "p",
                        [],
                        txt(
                            lang.t(
                                "一个 Excel 工作簿（.xlsx），按顺序导入三张工作表：先单位，再岗位，最后人员。每张表的第一行为表头（中文或英文列名）。全部无误才导入，任何一处有误则不导入任何数据。",
                                "One Excel workbook (.xlsx) with three sheets, imported in order: units, then posts, then people. Each sheet's first row is its header (Chinese or English column names). Nothing is imported unless every row is right."
                            )
                        )
                    ),
                    ListView.plain(
                        [lang.t("工作表", "Sheet"), lang.t("列（* 为必填）", "Columns (* required)")],
                        rows: m.sheets.map { [txt($0.name), txt($0.columns.joined(separator: lang.t("、", ", ")))] }
                    ),
                    el(
                        "p",
                        [],
                        link(.organisationImport, query: [("template", "xlsx")], lang.t("下载工作簿模板", "Download the workbook template"))
                    ),
                    el(
                        "div",
                        [("class", "field")],
                        el("label", [("for", "f-file")], txt(lang.t("选择 Excel 工作簿（.xlsx）", "An Excel workbook (.xlsx)"))),
                        void(
                            "input",
                            [
                                ("type", "file"), ("id", "f-file"), ("name", "file"),
                                (
                                    "accept",
                                    ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                ),
                            ]
                        )
                    ),
                    el("button", [("type", "submit")], txt(lang.t("检查并导入", "Check and import"))),
                    txt(" "),
                    link(.units, lang.t("返回", "Back")),
                ]
            )
        )
    }

    static func problems(_ problems: [OrgWorkbookImport.Problem], lang: Lang) -> HNode {
        ImportView.problems(
            header: [lang.t("工作表", "Sheet"), lang.t("行号", "Row"), lang.t("列", "Column"), lang.t("问题", "Problem")],
            rows: problems.map { [$0.sheet, $0.line > 0 ? String($0.line) : "", $0.column, $0.message] },
            numeric: [1],
            lang: lang
        )
    }
}
