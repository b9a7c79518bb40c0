import Foundation
import HocBaCore
import ZIPFoundation

/// Writes an `.xlsx` file row by row, holding one row at a time: for workbooks too large to build in memory (the
/// whole nation's records). ``XLSXWriter`` stays the writer of the reports and forms, which need merges, drop-downs
/// and estimated row heights.
///
/// Each sheet's XML goes to a temporary file as its rows arrive, and ``finish()`` zips the parts into the output,
/// deflating each file in small pieces. Text is stored in its cell (`inlineStr`): a shared-string table of 2.5 M
/// names would be as large as the data. A sheet longer than Excel's grid continues on a sheet of the same name
/// with " (2)", " (3)"… after it, each starting with the header row, so that every sheet opens in Excel.
///
///     let writer = try XLSXStreamWriter(to: url, title: "Hồ sơ")
///     try writer.startSheet("CanBo", header: header, columnWidths: widths)
///     for row in rows { try writer.append(row) }
///     try writer.finish()
public final class XLSXStreamWriter: @unchecked Sendable {
    /// Data rows a sheet holds before the next one continues it (below the header row).
    public let rowsPerSheet: Int
    private let output: URL
    private let title: String
    private let fontName: String
    private let directory: URL
    // Guards the state below: rows may be handed over from a database driver's thread.
    private let lock = NSLock()
    private var styles = StyleTable()
    private var sheets: [Worksheet] = []
    /// The size of each closed sheet's XML file, by sheet.
    private var partSizes: [Int] = []
    private var current: OpenSheet?
    private var finished = false

    /// The sheet being written: its file, its header (repeated on continuation sheets) and its next row. A class:
    /// its buffer grows in place (a struct copied out of `current` would copy the buffer at every row).
    private final class OpenSheet {
        let baseName: String
        let header: [Cell]
        let columnWidths: [Double]
        let part: Int
        let file: FileHandle
        var buffer = ""
        var bytesWritten = 0
        var nextRow = 1
        var lastColumn = 0
        /// Where the `<dimension>` element goes once the sheet's size is known (readers such as openpyxl size a
        /// sheet by it).
        var dimensionOffset = 0

        init(baseName: String, header: [Cell], columnWidths: [Double], part: Int, file: FileHandle) {
            self.baseName = baseName
            self.header = header
            self.columnWidths = columnWidths
            self.part = part
            self.file = file
        }
    }

    /// Bytes kept for the `<dimension>` element: `<dimension ref="A1:XFD1048576"/>` and spaces.
    private static let dimensionSpace = 40

    public init(to output: URL, title: String, fontName: String = "Times New Roman",
                rowsPerSheet: Int = XLSXWriter.maxRows - 1) throws {
        precondition(rowsPerSheet >= 1 && rowsPerSheet < XLSXWriter.maxRows)
        self.output = output
        self.title = title
        self.fontName = fontName
        self.rowsPerSheet = rowsPerSheet
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hocba-xlsx-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw OfficeError.container("không tạo được thư mục tạm: \(error.localizedDescription)")
        }
    }

    deinit {
        try? current?.file.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts a sheet (closing the one before) with its header row, frozen and repeated on printed pages.
    public func startSheet(_ name: String, header: [Cell], columnWidths: [Double]) throws {
        try lock.withLock {
            try closeSheet()
            try openSheet(baseName: name, header: header, columnWidths: columnWidths, part: 1)
        }
    }

    /// Appends a row to the current sheet, continuing on a new sheet when this one is full.
    public func append(_ row: [Cell]) throws {
        try lock.withLock {
            guard var sheet = current else { throw OfficeError.container("chưa bắt đầu trang tính nào") }
            if sheet.nextRow > rowsPerSheet {
                try closeSheet()
                try openSheet(baseName: sheet.baseName, header: sheet.header, columnWidths: sheet.columnWidths,
                              part: sheet.part + 1)
                guard let next = current else { throw OfficeError.container("không mở được trang tính tiếp theo") }
                sheet = next
            }
            try write(row, rowIndex: sheet.nextRow, into: sheet)
            sheet.nextRow += 1
        }
    }

    /// Closes the last sheet and writes the package to the output file.
    public func finish() throws {
        try lock.withLock {
            precondition(!finished, "finish called twice")
            finished = true
            try closeSheet()
            guard !sheets.isEmpty else { throw OfficeError.noSheets }
            try package()
        }
    }

    // MARK: Sheets

    private func openSheet(baseName: String, header: [Cell], columnWidths: [Double], part: Int) throws {
        let index = sheets.count + 1
        let url = partURL(index)
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let file = try? FileHandle(forWritingTo: url) else {
            throw OfficeError.container("không ghi được tệp tạm \(url.path)")
        }
        let sheet = OpenSheet(baseName: baseName, header: header, columnWidths: columnWidths, part: part, file: file)
        sheet.buffer += XML.declaration
        sheet.buffer += "<worksheet xmlns=\"\(OPC.spreadsheetML)\" xmlns:r=\"\(OPC.relationshipsNS)\">"
        sheet.dimensionOffset = sheet.buffer.utf8.count
        sheet.buffer += String(repeating: " ", count: Self.dimensionSpace)
        sheet.buffer += "<sheetViews><sheetView workbookViewId=\"0\"" + (index == 1 ? " tabSelected=\"1\"" : "") + ">"
        sheet.buffer += XLSXWriter.paneXML(rows: 1, columns: 0) + "</sheetView></sheetViews>"
        sheet.buffer += "<sheetFormatPr defaultRowHeight=\"15.75\"/>"
        sheet.buffer += XLSXWriter.columnsXML(columnWidths)
        sheet.buffer += "<sheetData>"
        current = sheet
        try write(header, rowIndex: 0, into: sheet)
        let name = part == 1 ? baseName : "\(baseName) (\(part))"
        sheets.append(Worksheet(name: name, frozenRows: 1))
    }

    private func closeSheet() throws {
        guard let sheet = current else { return }
        current = nil
        defer { try? sheet.file.close() }
        sheet.buffer += "</sheetData>"
        sheet.buffer += "<pageMargins left=\"0.6\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        sheet.buffer += "<pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>"
        try flush(sheet, force: true)
        let range = CellRange(firstRow: 0, firstColumn: 0, lastRow: sheet.nextRow - 1, lastColumn: sheet.lastColumn)
        let element = "<dimension ref=\"\(range.a1)\"/>"
        do {
            try sheet.file.seek(toOffset: UInt64(sheet.dimensionOffset))
            try sheet.file.write(contentsOf: Data(element.utf8))
        } catch {
            throw OfficeError.container("không ghi được tệp tạm: \(error.localizedDescription)")
        }
        partSizes.append(sheet.bytesWritten)
    }

    private func write(_ row: [Cell], rowIndex: Int, into sheet: OpenSheet) throws {
        guard row.count <= XLSXWriter.maxColumns else {
            throw OfficeError.outsideGrid(sheet: sheet.baseName, row: rowIndex, column: row.count - 1)
        }
        var noTable: SharedStrings? = nil
        var cells = ""
        for (column, cell) in row.enumerated() {
            if let fragment = try XLSXWriter.cellXML(cell, row: rowIndex, column: column, sheet: sheet.baseName,
                                                     strings: &noTable, styles: &styles) {
                cells += fragment
            }
        }
        sheet.buffer += cells.isEmpty ? "" : "<row r=\"\(rowIndex + 1)\">" + cells + "</row>"
        sheet.lastColumn = max(sheet.lastColumn, row.count - 1)
        try flush(sheet, force: false)
    }

    /// Writes the buffered XML out once it passes 1 MB (or always, when `force`).
    private func flush(_ sheet: OpenSheet, force: Bool) throws {
        guard force || sheet.buffer.utf8.count >= 1 << 20 else { return }
        let data = Data(sheet.buffer.utf8)
        do {
            try sheet.file.write(contentsOf: data)
        } catch {
            throw OfficeError.container("không ghi được tệp tạm: \(error.localizedDescription)")
        }
        sheet.bytesWritten += data.count
        sheet.buffer.removeAll(keepingCapacity: true)
    }

    private func partURL(_ index: Int) -> URL { directory.appendingPathComponent("sheet\(index).xml") }

    // MARK: Package

    /// Zips the parts into a file beside the output, then puts it in the output's place: an export that fails
    /// half-way leaves the file that was there before, not a broken one.
    private func package() throws {
        let partial = output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).\(UUID().uuidString).part")
        defer { try? FileManager.default.removeItem(at: partial) }
        try zipParts(into: partial)
        do {
            if FileManager.default.fileExists(atPath: output.path) {
                _ = try FileManager.default.replaceItemAt(output, withItemAt: partial)
            } else {
                try FileManager.default.moveItem(at: partial, to: output)
            }
        } catch {
            throw OfficeError.container("không ghi được tệp \(output.path): \(error.localizedDescription)")
        }
    }

    private func zipParts(into url: URL) throws {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .create)
        } catch {
            throw OfficeError.container("không tạo được tệp \(output.path): \(error)")
        }
        let names = XLSXWriter.uniqueSheetNames(sheets.map(\.name))
        var named = sheets
        for index in named.indices { named[index].name = names[index] }
        let workbook = Workbook(sheets: named, title: title, fontName: fontName)
        // No shared strings: every text is in its cell.
        for (path, xml) in XLSXWriter.packageParts(workbook, names: names, styles: styles, strings: SharedStrings()) {
            let data = Data(xml.utf8)
            try add(path, to: archive, size: data.count) { position, size in
                data.subdata(in: position..<(position + size))
            }
        }
        for index in 1...sheets.count {
            let url = partURL(index)
            let size = partSizes[index - 1]
            let file = try FileHandle(forReadingFrom: url)
            defer { try? file.close() }
            try add(XLSXWriter.sheetPath(index - 1), to: archive, size: size) { position, size in
                try file.seek(toOffset: UInt64(position))
                return try file.read(upToCount: size) ?? Data()
            }
            try? FileManager.default.removeItem(at: url)
        }
    }

    private func add(_ path: String, to archive: Archive, size: Int,
                     provider: @escaping (_ position: Int, _ size: Int) throws -> Data) throws {
        do {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(size),
                                 modificationDate: ZipPackage.fixedDate, permissions: 0o644,
                                 compressionMethod: .deflate, bufferSize: 1 << 16) { position, size in
                try provider(Int(position), size)
            }
        } catch let error as OfficeError {
            throw error
        } catch {
            throw OfficeError.container("\(path): \(error)")
        }
    }
}
