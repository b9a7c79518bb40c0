import Foundation
import NIOConcurrencyHelpers
import HocBaCore
import HocBaStore
import HocBaOffice

/// Every record as the standard workbook (importable into another database), or the empty template with its
/// pick lists: the export page's and `hocba export`'s files.
public enum RecordsWorkbook {
    /// Writes every record the store reaches (or only `sheets`) to an xlsx file, streaming: memory holds a row,
    /// not the records, so the whole nation exports. A sheet past Excel's grid continues on "CanBo (2)"…
    /// Returns the rows written per sheet.
    @discardableResult
    public static func write(_ store: RecordStore, to url: URL, sheets: [WorkbookSheet] = WorkbookSheet.allCases,
                             rowsPerSheet: Int = XLSXWriter.maxRows - 1) async throws -> [WorkbookSheet: Int] {
        let writer = try XLSXStreamWriter(to: url, title: "Hồ sơ đào tạo, bồi dưỡng — \(try await store.provinceName())",
                                          rowsPerSheet: rowsPerSheet)
        var counts: [WorkbookSheet: Int] = [:]
        for sheet in sheets {
            try writer.startSheet(sheet.rawValue, header: StandardWorkbookExport.header(sheet),
                                  columnWidths: StandardWorkbookExport.columnWidths(sheet))
            let written = NIOLockedValueBox(0)
            try await store.forEachStandardWorkbookRow(of: sheet) { row in
                try writer.append(StandardWorkbookExport.cells(row, of: sheet))
                written.withLockedValue { $0 += 1 }
            }
            counts[sheet] = written.withLockedValue { $0 }
        }
        try writer.finish()
        return counts
    }

    /// The empty template, with the catalogues and the units as pick lists.
    public static func template(_ store: RecordStore) async throws -> Data {
        try XLSXWriter.write(StandardWorkbookExport.template(
            catalogues: try await store.importCatalogues(), units: try await store.unitTree().map { ($0.code, $0.name) }))
    }

    /// "ho-so-dao-tao-2026-12-03.xlsx".
    public static func fileName(on day: Day) -> String { "ho-so-dao-tao-\(day.iso).xlsx" }
}
