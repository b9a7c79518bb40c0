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

    /// `mapping` says how to read sheets in other layouts (the mapping screen); without it, or for sheets it does
    /// not name, sheets and headers are recognised as the standard workbook's.
    public static func read(_ sources: [Source], catalogues: ImportCatalogues, mapping: ImportMapping? = nil,
                            limits: ReadLimits = .init(),
                            progress: (Progress) -> Void = { _ in }) throws -> ImportBatch {
        var batch = ImportBatch()
        var seen: [WorkbookSheet: String] = [:]
        try eachSheet(sources, limits: limits) { sheet in
            let mapped = mapping?.sheet(named: sheet.name)
            guard let kind = claim(sheet.name, mapped: mapped, file: sheet.file, seen: &seen, batch: &batch,
                                   isCSV: sheet.isCSV) else { return }
            var importer = SheetImporter(sheet: kind, name: sheet.name, catalogues: catalogues)
            var fraction = 0.0
            try untilLimit {
                try sheet.rows({ fraction = $0 }) { row in
                    try feed(row, to: &importer, mapping: mapped, batch: &batch)
                    if importer.dataRows % 2_000 == 0 {
                        progress(Progress(file: sheet.file, sheet: sheet.name, rows: importer.dataRows, fraction: fraction))
                    }
                }
            }
            finish(importer, batch: &batch)
        }
        return batch
    }

    /// A sheet of a workbook, or a CSV file: its names, and how to stream its rows (telling the share read).
    private struct SheetStream {
        let file: String
        let name: String
        let isCSV: Bool
        let rows: (_ progress: (Double) -> Void, _ body: (SheetRow) throws -> Void) throws -> Void
    }

    /// Every sheet of the sources, in order: an xlsx file's worksheets, a CSV file as the sheet its name names.
    private static func eachSheet(_ sources: [Source], limits: ReadLimits,
                                  _ body: (SheetStream) throws -> Void) throws {
        for source in sources {
            if try isZip(source.url) {
                let reader = try XLSXReader(url: source.url, limits: limits)
                for sheet in reader.sheets {
                    try body(SheetStream(file: source.name, name: sheet.name, isCSV: false) { progress, rows in
                        try reader.rows(of: sheet, progress: progress, rows)
                    })
                }
            } else {
                guard ["csv", "txt"].contains((source.name as NSString).pathExtension.lowercased()) else {
                    throw OfficeReadError.notAnOfficeFile
                }
                let reader = try CSVReader(url: source.url, limits: limits)
                try body(SheetStream(file: source.name, name: (source.name as NSString).deletingPathExtension,
                                     isCSV: true) { progress, rows in try reader.rows(progress: progress, rows) })
            }
        }
    }

    /// The standard sheet a sheet (or CSV file) is, once per import; others are warned about and skipped.
    private static func claim(_ name: String, mapped: ImportMapping.Sheet?, file: String,
                              seen: inout [WorkbookSheet: String], batch: inout ImportBatch,
                              isCSV: Bool = false) -> WorkbookSheet? {
        // A mapping that names the sheet decides, including to skip it.
        if let mapped, mapped.target == nil { return nil }
        if WorkbookSheet.auxiliarySheetNames.contains(name) { return nil }
        guard let kind = mapped?.sheet ?? WorkbookSheet.recognise(name) else {
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
    private static func feed(_ row: SheetRow, to importer: inout SheetImporter, mapping: ImportMapping.Sheet?,
                             batch: inout ImportBatch) throws {
        let cells = row.cells.map { $0.map(sheetCell) }
        if importer.headerRow == nil {
            importer.readHeader(cells, row: row.number, mapping: mapping, into: &batch)
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

    /// A sheet's header and first rows, as the mapping screen shows them.
    public struct SheetPreview: Sendable {
        public let name: String
        public let headers: [String]
        public let samples: [[String]]
    }

    /// The header and up to `samples` rows of every sheet (or CSV file), reading no further.
    public static func preview(_ sources: [Source], samples: Int = 3, limits: ReadLimits = .init()) throws -> [SheetPreview] {
        var previews: [SheetPreview] = []
        func take(_ name: String, _ read: ((SheetRow) throws -> Void) throws -> Void) throws {
            var rows: [[String]] = []
            do {
                try read { row in
                    rows.append(row.cells.map { $0.map { sheetCell($0).typedText } ?? "" })
                    if rows.count > samples { throw RowLimitReached() }
                }
            } catch is RowLimitReached {}
            guard let header = rows.first else { return }
            previews.append(SheetPreview(name: name, headers: header, samples: Array(rows.dropFirst())))
        }
        try eachSheet(sources, limits: limits) { sheet in
            guard !WorkbookSheet.auxiliarySheetNames.contains(sheet.name) else { return }
            try take(sheet.name) { try sheet.rows({ _ in }, $0) }
        }
        return previews
    }

    /// Every row of every sheet (or CSV file) as read, with its row number: an officer's file given back with its
    /// problems marked (`ProblemWorkbook`). Bounded by `limits` like any read.
    /// At most `maxRows` rows a sheet and `maxColumns` cells a row are kept (a sheet past that would not import
    /// anyway): the whole answer is held in memory.
    public static func allRows(_ sources: [Source], maxRows: Int, maxColumns: Int, limits: ReadLimits = .init()) throws
        -> [(sheet: String, rows: [(number: Int, cells: [SheetCell?])])] {
        var sheets: [(sheet: String, rows: [(number: Int, cells: [SheetCell?])])] = []
        try eachSheet(sources, limits: limits) { sheet in
            guard !WorkbookSheet.auxiliarySheetNames.contains(sheet.name) else { return }
            var rows: [(number: Int, cells: [SheetCell?])] = []
            do {
                try sheet.rows({ _ in }) { row in
                    rows.append((row.number, row.cells.prefix(maxColumns).map { $0.map(sheetCell) }))
                    if rows.count >= maxRows { throw RowLimitReached() }
                }
            } catch is RowLimitReached {}
            sheets.append((sheet.name, rows))
        }
        return sheets
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
