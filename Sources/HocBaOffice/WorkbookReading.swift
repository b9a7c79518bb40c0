import Foundation
import HocBaCore

/// Reads officials' files — the standard workbook as .xlsx, or one CSV file per sheet named after it — into an
/// ``ImportBatch``: sheets recognised by name, headers by ``SheetImporter``, rows streamed (a sheet is never held
/// in memory whole). A file that cannot be read at all throws ``OfficeReadError``; everything else wrong is a
/// problem in the batch, with its sheet, row and column.
public enum WorkbookReading {
    public struct Progress: Sendable {
        /// The file's name.
        public let file: String
        /// The sheet being read (as named in the file).
        public let sheet: String
        /// Data rows read so far in this sheet.
        public let rows: Int
        /// The share of the sheet (xlsx) or file (CSV) read so far, 0…1.
        public let fraction: Double
    }

    /// A file to read: its name (which names the sheet of a CSV file) and where its bytes are.
    public struct Source: Sendable {
        public let name: String
        public let url: URL

        public init(name: String? = nil, url: URL) {
            self.name = name ?? url.lastPathComponent
            self.url = url
        }
    }

    public static func read(_ sources: [Source], catalogues: ImportCatalogues, limits: ReadLimits = .init(),
                            progress: (Progress) -> Void = { _ in }) throws -> ImportBatch {
        var batch = ImportBatch()
        var seen: [WorkbookSheet: String] = [:]
        for source in sources {
            if try isZip(source.url) {
                let reader = try XLSXReader(url: source.url, limits: limits)
                for sheet in reader.sheets {
                    guard let kind = claim(sheet.name, file: source.name, seen: &seen, batch: &batch) else { continue }
                    var importer = SheetImporter(sheet: kind, name: sheet.name, catalogues: catalogues)
                    var fraction = 0.0
                    try untilLimit {
                        try reader.rows(of: sheet, progress: { fraction = $0 }) { row in
                            try feed(row, to: &importer, batch: &batch)
                            if importer.dataRows % 2_000 == 0 {
                                progress(Progress(file: source.name, sheet: sheet.name, rows: importer.dataRows,
                                                  fraction: fraction))
                            }
                        }
                    }
                    finish(importer, batch: &batch)
                }
            } else {
                let sheetName = (source.name as NSString).deletingPathExtension
                guard ["csv", "txt"].contains((source.name as NSString).pathExtension.lowercased()) else {
                    throw OfficeReadError.notAnOfficeFile
                }
                guard let kind = claim(sheetName, file: source.name, seen: &seen, batch: &batch, isCSV: true) else {
                    continue
                }
                var importer = SheetImporter(sheet: kind, name: sheetName, catalogues: catalogues)
                let reader = try CSVReader(url: source.url, limits: limits)
                var fraction = 0.0
                try untilLimit {
                    try reader.rows(progress: { fraction = $0 }) { row in
                        try feed(row, to: &importer, batch: &batch)
                        if importer.dataRows % 2_000 == 0 {
                            progress(Progress(file: source.name, sheet: sheetName, rows: importer.dataRows,
                                              fraction: fraction))
                        }
                    }
                }
                finish(importer, batch: &batch)
            }
        }
        return batch
    }

    /// The standard sheet a sheet (or CSV file) is, once per import; others are warned about and skipped.
    private static func claim(_ name: String, file: String, seen: inout [WorkbookSheet: String],
                              batch: inout ImportBatch, isCSV: Bool = false) -> WorkbookSheet? {
        guard let kind = WorkbookSheet.recognise(name) else {
            let message = isCSV
                ? "Tên tệp CSV phải là tên một trang của mẫu chuẩn (ví dụ CanBo.csv); tệp này bị bỏ qua."
                : "Trang không thuộc mẫu chuẩn, bỏ qua."
            batch.warnings.append(ImportProblem(sheet: name, message: message))
            return nil
        }
        if let earlier = seen[kind] {
            batch.add(ImportProblem(sheet: name, message: "Trang \(kind.rawValue) có hai lần (đã có ở \(earlier)); "
                                    + "hãy gộp vào một trang."))
            return nil
        }
        seen[kind] = "\(file) / \(name)"
        return kind
    }

    /// The first row delivered is the header; the rest are data. Reading stops once a sheet is over its row limit
    /// (the batch already says so): the rest of a million-row sheet is not worth reading.
    private static func feed(_ row: SheetRow, to importer: inout SheetImporter, batch: inout ImportBatch) throws {
        let cells = row.cells.map { $0.map(sheetCell) }
        if importer.headerRow == nil {
            importer.readHeader(cells, row: row.number, into: &batch)
        } else {
            importer.readRow(cells, row: row.number, into: &batch)
            if importer.dataRows > SheetImporter.rowLimit { throw RowLimitReached() }
        }
    }

    private struct RowLimitReached: Error {}

    private static func untilLimit(_ read: () throws -> Void) throws {
        do {
            try read()
        } catch is RowLimitReached {
            return
        }
    }

    private static func finish(_ importer: SheetImporter, batch: inout ImportBatch) {
        if importer.headerRow == nil {
            batch.warnings.append(ImportProblem(sheet: importer.name, message: "Trang trống, bỏ qua."))
        }
    }

    static func sheetCell(_ value: SheetValue) -> SheetCell {
        switch value {
        case .text(let text): .text(text)
        case .number(let raw): .number(raw)
        case .date(let day): .date(day)
        case .bool(let flag): .bool(flag)
        case .error(let code): .error(code)
        }
    }

    /// A zip (xlsx) starts with "PK\u{3}\u{4}".
    private static func isZip(_ url: URL) throws -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw OfficeReadError.notAnOfficeFile }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 4)
        return head == Data([0x50, 0x4B, 0x03, 0x04])
    }
}
