import Foundation
import Vapor
import YuanquKit
import ZIPFoundation

/// The table an export answered, kept with its CSV answer so that the same export can answer as a workbook.
struct ExportTable: Sendable {
    let filename: String
    let header: [String]
    let rows: [[String]]
    /// The workbook's sheets when the export has several tables (the CSV file lists them one after another).
    var sheets: [Workbook.Sheet]? = nil
}

struct ExportTableKey: StorageKey { typealias Value = ExportTable }

/// Every export that answers CSV at a path ending `.csv` answers an Excel workbook at the same path ending `.xlsx`
/// (`/units/export.xlsx` beside `/units/export.csv`): the twin route (registered with the CSV one, same permission and
/// filters) runs the CSV export and writes its table as a workbook (`Workbook`), zipped.
enum XLSXExports {
    static let contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    /// The workbook of an export's answer; any other answer (an error page, a redirect) passes unchanged.
    static func workbook(from response: Response) throws -> Response {
        guard response.status == .ok, let table = response.storage[ExportTableKey.self] else { return response }
        let res = Response(status: .ok)
        res.headers.contentType = contentType
        let name = (table.filename.hasSuffix(".csv") ? String(table.filename.dropLast(4)) : table.filename) + ".xlsx"
        res.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"export.xlsx\"; filename*=UTF-8''\(name.urlComponentEncoded)"
        )
        let sheets = table.sheets ?? [Workbook.Sheet(name: String(name.dropLast(5)), header: table.header, rows: table.rows)]
        res.body = .init(data: try zip(Workbook.parts(sheets)))
        return res
    }

    /// The parts as a ZIP package (deflated), in memory.
    static func zip(_ parts: [(path: String, xml: String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for part in parts {
            let data = Data(part.xml.utf8)
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position,
                size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        guard let data = archive.data else { throw Abort(.internalServerError) }
        return data
    }
}
