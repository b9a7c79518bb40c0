import Foundation
import HocBaCore
import HocBaStore
import HocBaOffice

/// Every record as the standard workbook (importable into another database), or the empty template with its
/// pick lists: the export page's and `hocba export`'s files.
public enum RecordsWorkbook {
    /// Every record the store reaches.
    public static func everything(_ store: RecordStore) async throws -> Data {
        try XLSXWriter.write(StandardWorkbookExport.workbook(
            try await store.standardWorkbookRows(), title: "Hồ sơ đào tạo, bồi dưỡng — \(try await store.provinceName())"))
    }

    /// The empty template, with the catalogues and the units as pick lists.
    public static func template(_ store: RecordStore) async throws -> Data {
        try XLSXWriter.write(StandardWorkbookExport.template(
            catalogues: try await store.importCatalogues(), units: try await store.unitTree().map { ($0.code, $0.name) }))
    }

    /// "ho-so-dao-tao-2026-12-03.xlsx".
    public static func fileName(on day: Day) -> String { "ho-so-dao-tao-\(day.iso).xlsx" }
}
