/// An import page: the columns the file needs, the upload form, and after a try either how many records came in
/// or every bad row with its line number (nothing imported).
struct ImportPage {
    let action: SiteURL
    let back: SiteURL
    /// Column labels, a required one marked with *.
    let columns: [String]
    let errors: [(line: Int, message: String)]
    let imported: Int?
}

enum ImportView {
    static func view(_ m: ImportPage, _ v: ViewContext) -> HNode {
        let lang = v.lang
        return .group(
            m.imported.map { n in
                el(
                    "div",
                    [("class", "alert alert-ok")],
                    txt(lang.t("导入成功：共 \(n) 条记录。", "Imported \(n) records.")),
                    txt(" "),
                    link(m.back, lang.t("查看", "See them"))
                )
            } ?? .empty,
            m.errors.isEmpty ? .empty : errors(m.errors, lang: lang),
            postForm(
                v,
                action: m.action,
                multipart: true,
                class: "card",
                [
                    el(
                        "p",
                        [],
                        txt(
                            lang.t(
                                "CSV 文件或 Excel 工作簿（.xlsx，读第一张工作表）的第一行为表头，可用中文或英文列名：",
                                "The first line of the CSV file or of the Excel workbook's (.xlsx) first sheet is the header; Chinese or English column names: "
                            )
                                + m.columns.joined(separator: "、")
                        )
                    ),
                    el(
                        "p",
                        [],
                        link(m.action, query: [("template", "xlsx")], lang.t("下载导入模板（Excel）", "Download a template (Excel)")),
                        txt(" "),
                        link(m.action, query: [("template", "1")], lang.t("下载导入模板（CSV）", "Download a template (CSV)"))
                    ),
                    el(
                        "div",
                        [("class", "field")],
                        el(
                            "label",
                            [("for", "f-file")],
                            txt(
                                lang.t(
                                    "选择 Excel 工作簿（.xlsx）或 CSV 文件（UTF-8）",
                                    "An Excel workbook (.xlsx) or a CSV file (UTF-8)"
                                )
                            )
                        ),
                        void(
                            "input",
                            [
                                ("type", "file"), ("id", "f-file"), ("name", "file"),
                                (
                                    "accept",
                                    ".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                ),
                            ]
                        )
                    ),
                    el(
                        "div",
                        [("class", "field")],
                        el("label", [("for", "f-text")], txt(lang.t("或直接粘贴 CSV 内容", "Or paste the CSV text"))),
                        el("textarea", [("id", "f-text"), ("name", "text"), ("rows", "6")])
                    ),
                    el("button", [("type", "submit")], txt(lang.t("检查并导入", "Check and import"))),
                    txt(" "),
                    link(m.back, lang.t("返回", "Back")),
                ]
            )
        )
    }

    static func errors(_ errors: [(line: Int, message: String)], lang: Lang) -> HNode {
        problems(
            header: [lang.t("行号", "Line"), lang.t("问题", "Problem")],
            rows: errors.map { [String($0.line), $0.message] },
            numeric: [0],
            lang: lang
        )
    }

    /// A refused import's problems: nothing was imported, and a table of what is wrong (one row a problem).
    static func problems(header: [String], rows: [[String]], numeric: Set<Int>, lang: Lang) -> HNode {
        let message = lang.t(
            "共有 \(rows.count) 处问题，未导入任何数据。请修改后重新上传。",
            "\(rows.count) problems: nothing was imported. Correct the file and upload it again."
        )
        // A file of 100,000 bad rows: the first thousand problems are enough to see what is wrong.
        let shown = 1000
        let more =
            rows.count > shown
            ? el("p", [], txt(lang.t("以下列出前 \(shown) 处。", "The first \(shown) are listed."))) : .empty
        return .group(
            el("div", [("class", "alert alert-error"), ("role", "alert")], txt(message)),
            more,
            ListView.plain(header, rows: rows.prefix(shown).map { $0.map { txt($0) } }, numeric: numeric, class: "list import-errors")
        )
    }
}
