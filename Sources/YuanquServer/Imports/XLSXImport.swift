import Foundation
import YuanquKit
import ZIPFoundation

/// An upload that is an Excel workbook (.xlsx): unzipped in memory with ZIPFoundation and read by YuanquKit's
/// `WorkbookReader` into the rows a CSV file would give, so that every import takes either (see `CSVImport`).
/// A part that would unzip to more than `maxPartSize` is refused before it is read, so that no upload, however it is
/// compressed, can exhaust memory.
enum XLSXImport {
    static let maxPartSize = 50 * 1024 * 1024
    /// The header and at most 100,000 data rows, the most any import takes (each checks its own limit, as for CSV).
    static let maxRows = 100_001
    /// Columns A to IV: no import has more than a few dozen.
    static let maxColumns = 256

    struct PartTooLarge: Error { let part: String }

    /// A ZIP package (a workbook, or at least a file that claims to be one by its name).
    static func isWorkbook(_ data: Data, filename: String) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || filename.lowercased().hasSuffix(".xlsx")
    }

    /// A compound document: an Excel 97–2003 workbook (.xls), a WPS .et file, or a workbook saved with a password.
    static func isOldExcel(_ data: Data, filename: String) -> Bool {
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return true }
        return filename.lowercased().hasSuffix(".xls") && String(data: data, encoding: .utf8) == nil
    }

    /// The first sheet's rows; throws `CSVImport.Failure` saying what is wrong with the file.
    static func rows(_ data: Data, lang: Lang) throws -> [(line: Int, fields: [String])] {
        try read(data, lang: lang) { part in try WorkbookReader.read(maxRows: maxRows, maxColumns: maxColumns, part: part) }
    }

    /// Every sheet's rows by name, in workbook order; throws `CSVImport.Failure` saying what is wrong with the file.
    static func sheets(_ data: Data, lang: Lang) throws -> [(name: String, rows: WorkbookReader.Rows)] {
        try read(data, lang: lang) { part in try WorkbookReader.readSheets(maxRows: maxRows, maxColumns: maxColumns, part: part) }
    }

    /// Opens the package and reads it with `body`, turning every problem into a `CSVImport.Failure` that says it.
    private static func read<T>(_ data: Data, lang: Lang, _ body: ((String) throws -> String?) throws -> T) throws -> T {
        let invalid = lang.t("不是有效的 Excel 工作簿（.xlsx）：", "Not a valid Excel workbook (.xlsx): ")
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw failure(
                invalid
                    + lang.t(
                        "文件已损坏或不完整。请在 Excel 或 WPS 中重新保存后上传。",
                        "the file is damaged or incomplete. Save it again in Excel or WPS and upload it."
                    )
            )
        }
        do {
            return try body { path in try part(path, of: archive) }
        } catch let problem as WorkbookReader.Problem {
            switch problem {
            case .notAWorkbook:
                throw failure(
                    invalid
                        + lang.t(
                            "这个压缩文件里没有工作簿（是否为 Word 文档或其他文件？）。",
                            "this ZIP file holds no workbook (is it a Word document or another file?)."
                        )
                )
            case .noSheet: throw failure(invalid + lang.t("找不到其中的第一张工作表。", "its first sheet is missing."))
            case .badXML(let part, let reason):
                throw failure(invalid + lang.t("其中的 \(part) 已损坏（\(reason)）。", "its \(part) is damaged (\(reason))."))
            case .tooManyRows(let limit): throw failure(lang.t("一次最多导入 \(limit - 1) 行", "At most \(limit - 1) rows per import"))
            case .tooManyColumns(let line, let limit):
                throw CSVImport.Failure(rows: [
                    (
                        line,
                        lang.t(
                            "第 \(limit) 列（\(Workbook.column(limit - 1)) 列）之后还有内容，请删去多余的列",
                            "This row has cells beyond column \(Workbook.column(limit - 1)) (\(limit)): delete the extra columns"
                        )
                    )
                ])
            }
        } catch let tooLarge as PartTooLarge {
            throw failure(
                lang.t(
                    "工作簿过大：其中的 \(tooLarge.part) 解压后超过 \(maxPartSize / 1024 / 1024) MB。",
                    "The workbook is too large: its \(tooLarge.part) unzips to more than \(maxPartSize / 1024 / 1024) MB."
                )
            )
        } catch {
            throw failure(
                invalid
                    + lang.t(
                        "文件已损坏或不完整。请在 Excel 或 WPS 中重新保存后上传。",
                        "the file is damaged or incomplete. Save it again in Excel or WPS and upload it."
                    )
            )
        }
    }

    /// A part's text, or nil when the package has no such part; a part over `maxPartSize` is refused, whatever its
    /// header says, as soon as that much of it has been unzipped.
    static func part(_ path: String, of archive: Archive) throws -> String? {
        guard let entry = archive[path] ?? archive.first(where: { $0.path.lowercased() == path.lowercased() }) else { return nil }
        guard entry.uncompressedSize <= UInt64(maxPartSize) else { throw PartTooLarge(part: path) }
        var data = Data()
        _ = try archive.extract(entry) { chunk in
            guard data.count + chunk.count <= maxPartSize else { throw PartTooLarge(part: path) }
            data.append(chunk)
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]), let text = String(data: data, encoding: .utf16) {
            return text
        }
        throw WorkbookReader.Problem.badXML(part: path, reason: "not UTF-8")
    }

    static func failure(_ message: String) -> CSVImport.Failure { CSVImport.Failure(rows: [(0, message)]) }

}
