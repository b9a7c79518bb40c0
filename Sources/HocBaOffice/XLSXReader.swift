import Foundation
import HocBaCore

/// Reads the sheets of an `.xlsx` workbook row by row, without holding a sheet in memory.
///
/// ```swift
/// let reader = try XLSXReader(url: upload)
/// for sheet in reader.sheets {
///     try reader.rows(of: sheet) { row in
///         // row.number is the sheet's row number; row.cells[0] is column A.
///     }
/// }
/// ```
///
/// Opening reads the package's directory, the workbook, its relationships, the styles (to know which numbers are
/// dates) and the shared strings (which sheets refer to by index, so they are held in memory). Each call to
/// ``rows(of:_:)`` then inflates that sheet's part in chunks and scans its XML as it arrives.
///
/// A hostile or broken file is refused with an ``OfficeReadError`` rather than exhausting memory or time: the file
/// size, every part's size and compression ratio (declared and actual), rows, columns and cells per sheet, and the
/// shared strings are bounded by ``ReadLimits``; DTDs (hence entity expansion and external entities) are refused.
///
/// What is read: values only — the cached result of a formula rather than the formula, the top-left value of a
/// merged range (the other cells are empty, as in the file), no formatting beyond telling dates from numbers.
/// A reader is meant for one task at a time (it is not `Sendable`): open one per upload.
public struct XLSXReader {
    /// A worksheet of the workbook (chart sheets are left out).
    public struct Sheet: Sendable, Equatable {
        /// The tab name exactly as in the workbook.
        public let name: String
        /// The worksheet's part in the package, e.g. `xl/worksheets/sheet1.xml`.
        let path: String
    }

    /// The worksheets in tab order.
    public let sheets: [Sheet]
    /// Whether the workbook counts date serials from 1904-01-01 (old Mac Excel) rather than 1900.
    public let uses1904Dates: Bool

    private let archive: ZipArchive
    private let limits: ReadLimits
    private let sharedStrings: [String]
    /// By `cellXfs` index: whether a number in a cell of that style is a date.
    private let dateStyles: [Bool]

    /// Opens the workbook at `url`. Throws ``OfficeReadError/tooLarge(bytes:limit:)`` before reading anything
    /// when the file exceeds ``ReadLimits/maxFileBytes``.
    public init(url: URL, limits: ReadLimits = .init()) throws {
        try self.init(archive: ZipArchive(input: ZipInput(url: url, limits: limits)), limits: limits)
    }

    /// Opens a workbook held in memory (an upload's body).
    public init(data: Data, limits: ReadLimits = .init()) throws {
        guard data.count <= limits.maxFileBytes else {
            throw OfficeReadError.tooLarge(bytes: data.count, limit: limits.maxFileBytes)
        }
        try self.init(archive: ZipArchive(input: ZipInput(data: data)), limits: limits)
    }

    private init(archive: ZipArchive, limits: ReadLimits) throws {
        self.archive = archive
        self.limits = limits
        let workbookPath = try Self.workbookPath(in: archive, limits: limits)
        var workbook = WorkbookHandler()
        try Self.parse(workbookPath, in: archive, limits: limits, with: &workbook)
        guard workbook.isWorkbook else { throw OfficeReadError.notAnOfficeFile }
        let relationships = try Self.relationships(of: workbookPath, in: archive, limits: limits, required: true)

        var sheets: [Sheet] = []
        for entry in workbook.sheets {
            guard let relationship = relationships.first(where: { $0.id == entry.relationshipID }) else {
                throw OfficeReadError.missingPart("quan hệ \(entry.relationshipID) của trang '\(entry.name)'")
            }
            // Chart sheets, dialog sheets and macro sheets hold no cells.
            guard relationship.type.hasSuffix("/worksheet") else { continue }
            sheets.append(Sheet(name: entry.name, path: relationship.path))
        }
        self.sheets = sheets
        uses1904Dates = workbook.date1904

        let stylesPath = relationships.first { $0.type.hasSuffix("/styles") }?.path
        var styles = StylesHandler()
        if let stylesPath, archive.entry(stylesPath) != nil {
            try Self.parse(stylesPath, in: archive, limits: limits, with: &styles)
        }
        dateStyles = styles.dateStyles()

        let stringsPath = relationships.first { $0.type.hasSuffix("/sharedStrings") }?.path
        var strings = SharedStringsHandler(limit: limits.maxSharedStringBytes)
        if let stringsPath, archive.entry(stringsPath) != nil {
            try Self.parse(stringsPath, in: archive, limits: limits, with: &strings)
        }
        sharedStrings = strings.strings
    }

    /// The first worksheet with this name (compared exactly), or nil.
    public func sheet(named name: String) -> Sheet? {
        sheets.first { $0.name == name }
    }

    /// Calls `body` with each row of `sheet` that holds at least one value, in the order of the file (top to
    /// bottom for every file Excel, LibreOffice or openpyxl writes). `body` may throw to stop reading; the error
    /// is rethrown as it is. `progress` is told the share of the sheet's XML read so far (0…1), once per chunk.
    public func rows(of sheet: Sheet, progress: (Double) -> Void = { _ in },
                     _ body: (SheetRow) throws -> Void) throws {
        guard let entry = archive.entry(sheet.path) else { throw OfficeReadError.missingPart(sheet.path) }
        var handler = SheetHandler(sheet: sheet.name, sharedStrings: sharedStrings, dateStyles: dateStyles,
                                   date1904: uses1904Dates, limits: limits)
        var scanner = XMLScanner()
        var consumed = 0
        do {
            try archive.extract(entry, limits: limits) { chunk in
                consumed += chunk.count
                progress(min(1, Double(consumed) / Double(max(1, entry.uncompressedSize))))
                try scanner.feed(chunk, to: &handler)
                for row in handler.ready { try body(row) }
                handler.ready.removeAll(keepingCapacity: true)
            }
            try scanner.finish(&handler)
            for row in handler.ready { try body(row) }
        } catch let error as XMLScanError {
            throw error.officeError(part: sheet.path)
        }
    }

    // MARK: Package structure

    /// The workbook part named by the package relationships (`_rels/.rels`), usually `xl/workbook.xml`.
    private static func workbookPath(in archive: ZipArchive, limits: ReadLimits) throws -> String {
        let relationships = try relationships(of: "", in: archive, limits: limits, required: false)
        if let main = relationships.first(where: { $0.type.hasSuffix("/officeDocument") }) {
            guard archive.entry(main.path) != nil else { throw OfficeReadError.notAnOfficeFile }
            return main.path
        }
        // A package without its relationships: accept the usual place.
        guard archive.entry("xl/workbook.xml") != nil else { throw OfficeReadError.notAnOfficeFile }
        return "xl/workbook.xml"
    }

    /// The relationships of a part (of the package itself for ""), with targets resolved to part paths.
    private static func relationships(of part: String, in archive: ZipArchive, limits: ReadLimits,
                                      required: Bool) throws -> [Relationship] {
        let slash = part.lastIndex(of: "/")
        let directory = slash.map { String(part[...$0]) } ?? ""
        let file = slash.map { String(part[part.index(after: $0)...]) } ?? part
        let path = directory + "_rels/" + file + ".rels"
        guard archive.entry(path) != nil else {
            if required { throw OfficeReadError.missingPart(path) }
            return []
        }
        var handler = RelationshipsHandler(source: part)
        try parse(path, in: archive, limits: limits, with: &handler)
        return handler.relationships
    }

    /// Scans a whole part with `handler`.
    private static func parse<Handler: XMLScanHandler>(_ path: String, in archive: ZipArchive, limits: ReadLimits,
                                                       with handler: inout Handler) throws {
        guard let entry = archive.entry(path) else { throw OfficeReadError.missingPart(path) }
        var scanner = XMLScanner()
        do {
            try archive.extract(entry, limits: limits) { chunk in try scanner.feed(chunk, to: &handler) }
            try scanner.finish(&handler)
        } catch let error as XMLScanError {
            throw error.officeError(part: path)
        }
    }

    /// A part path from a relationship target: relative to the source part's folder, or absolute from the
    /// package root when it starts with "/"; `.` and `..` resolved.
    static func resolve(_ target: String, from source: String) -> String {
        let cleaned = target.replacingOccurrences(of: "\\", with: "/")
        var segments: [Substring] = []
        if !cleaned.hasPrefix("/") {
            segments = source.split(separator: "/", omittingEmptySubsequences: true)
            if !segments.isEmpty { segments.removeLast() }
        }
        for segment in cleaned.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    // MARK: Dates

    /// The day of an Excel date serial (a date-time floors to its day), or nil when Excel would not show the
    /// serial as a date: negative, past 9999-12-31, or 60 in the 1900 system (the 29/02/1900 that Excel counts
    /// but that never was; serials from 61 on are therefore one more than the days since 1899-12-31).
    static func day(serial: Double, date1904: Bool) -> Day? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        // Round to the millisecond first, as Excel displays times, so 0.99999999 of a day is the next day.
        let whole = Int((serial * 86_400_000).rounded() / 86_400_000)
        let ordinal: Int
        if date1904 {
            ordinal = whole + epoch1904
        } else if whole < 60 {
            ordinal = whole + epoch1900  // 0 is 1899-12-31 ("0/1/1900" in Excel)
        } else if whole == 60 {
            return nil
        } else {
            ordinal = whole + epoch1900 - 1
        }
        guard ordinal <= maxOrdinal else { return nil }
        return Day(ordinal: ordinal)
    }

    private static let epoch1900 = Day(1899, 12, 31).ordinal
    private static let epoch1904 = Day(1904, 1, 1).ordinal
    private static let maxOrdinal = Day(9999, 12, 31).ordinal

    /// Whether a number format shows a date or a time: a built-in date/time id, or a format code with a day,
    /// month, year, hour or second token outside quotes, brackets and escaped characters.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        guard let code else { return builtInDateFormats.contains(id) }
        var iterator = code.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case "\"": while let next = iterator.next(), next != "\"" {}
            case "[": while let next = iterator.next(), next != "]" {}
            case "\\", "_", "*": _ = iterator.next()
            case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S": return true
            default: continue
            }
        }
        return false
    }

    /// Excel's built-in date and time formats (ECMA-376 §18.8.30 and the East Asian ones).
    private static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)
}

// MARK: - Parts

/// How many relationships, sheets, number formats and cell formats a workbook may declare: far beyond real files
/// (Excel allows 64.000 cell formats), low enough that a part of repeated tiny elements cannot fill memory.
private let maxDeclarations = 100_000

/// A relationship of a part, its target resolved to a part path.
struct Relationship {
    let id: String
    let type: String
    let path: String
}

/// `*.rels`: `<Relationship Id Type Target [TargetMode]>`; external targets (hyperlinks) are left out.
private struct RelationshipsHandler: XMLScanHandler {
    let source: String
    var relationships: [Relationship] = []

    var wantsText: Bool { false }

    mutating func startElement(_ tag: XMLStartTag) throws {
        guard tag.name.equals("Relationship") else { return }
        guard try tag.value("TargetMode") != "External",
              let id = try tag.value("Id"), let type = try tag.value("Type"),
              let target = try tag.value("Target") else { return }
        guard relationships.count < maxDeclarations else { throw XMLScanError.malformed("quá nhiều quan hệ") }
        relationships.append(Relationship(id: id, type: type, path: XLSXReader.resolve(target, from: source)))
    }

    mutating func endElement(_ name: XMLBytes) throws {}
    mutating func text(_ text: XMLBytes) throws {}
}

/// `xl/workbook.xml`: the sheets in tab order and the date system.
private struct WorkbookHandler: XMLScanHandler {
    var isWorkbook = false
    private var sawRoot = false
    var date1904 = false
    var sheets: [(name: String, relationshipID: String)] = []

    var wantsText: Bool { false }

    mutating func startElement(_ tag: XMLStartTag) throws {
        if !sawRoot {
            sawRoot = true
            isWorkbook = tag.name.equals("workbook")
            return
        }
        if tag.name.equals("workbookPr") {
            let value = try tag.value("date1904")
            date1904 = value == "1" || value == "true"
        } else if tag.name.equals("sheet") {
            guard let name = try tag.value("name"), let id = try tag.value("id") else {
                throw XMLScanError.malformed("trang tính thiếu tên hoặc mã quan hệ")
            }
            guard sheets.count < maxDeclarations else { throw XMLScanError.malformed("quá nhiều trang tính") }
            sheets.append((name, id))
        }
    }

    mutating func endElement(_ name: XMLBytes) throws {}
    mutating func text(_ text: XMLBytes) throws {}
}

/// `xl/styles.xml`: the number format of each cell format (`cellXfs/xf@numFmtId`) and the custom format codes.
private struct StylesHandler: XMLScanHandler {
    private var formatCodes: [Int: String] = [:]
    private var cellFormats: [Int] = []
    private var inCellXfs = false

    var wantsText: Bool { false }

    mutating func startElement(_ tag: XMLStartTag) throws {
        if tag.name.equals("numFmt") {
            if let id = try tag.int("numFmtId"), let code = try tag.value("formatCode") {
                guard formatCodes.count < maxDeclarations else { throw XMLScanError.malformed("quá nhiều định dạng số") }
                formatCodes[id] = code
            }
        } else if tag.name.equals("cellXfs") {
            inCellXfs = !tag.isSelfClosing
        } else if inCellXfs && tag.name.equals("xf") {
            guard cellFormats.count < maxDeclarations else { throw XMLScanError.malformed("quá nhiều định dạng ô") }
            cellFormats.append(try tag.int("numFmtId") ?? 0)
        }
    }

    mutating func endElement(_ name: XMLBytes) throws {
        if name.equals("cellXfs") { inCellXfs = false }
    }

    mutating func text(_ text: XMLBytes) throws {}

    func dateStyles() -> [Bool] {
        var known: [Int: Bool] = [:]
        return cellFormats.map { id in
            if let answer = known[id] { return answer }
            let answer = XLSXReader.isDateFormat(id: id, code: formatCodes[id])
            known[id] = answer
            return answer
        }
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, from its `<t>` or the `<t>` of its rich-text runs, leaving out
/// phonetic runs (`<rPh>`).
private struct SharedStringsHandler: XMLScanHandler {
    let limit: Int
    var strings: [String] = []
    private var bytes = 0
    private var current: [UInt8] = []
    private var inItem = false
    private var inText = false
    private var inPhonetic = false

    init(limit: Int) {
        self.limit = limit
    }

    var wantsText: Bool { inText && !inPhonetic }

    mutating func startElement(_ tag: XMLStartTag) throws {
        if tag.name.equals("si") {
            inItem = true
            current.removeAll(keepingCapacity: true)
            if tag.isSelfClosing { try endItem() }
        } else if inItem && tag.name.equals("t") {
            inText = !tag.isSelfClosing
        } else if inItem && tag.name.equals("rPh") {
            inPhonetic = !tag.isSelfClosing
        }
    }

    mutating func endElement(_ name: XMLBytes) throws {
        if name.equals("t") {
            inText = false
        } else if name.equals("rPh") {
            inPhonetic = false
        } else if name.equals("si") && inItem {
            try endItem()
        }
    }

    mutating func text(_ text: XMLBytes) throws {
        current.append(contentsOf: text.buffer)
        if bytes + current.count > limit { throw OfficeReadError.sharedStringsTooLarge(limit: limit) }
    }

    private mutating func endItem() throws {
        inItem = false
        // Bookkeeping of a String in an array, so a million empty strings count too.
        bytes += current.count + 16
        if bytes > limit { throw OfficeReadError.sharedStringsTooLarge(limit: limit) }
        strings.append(try OOXMLText.string(current))
    }
}

/// SpreadsheetML's text escapes: `_xHHHH_` is the character U+HHHH (Excel writes control characters so).
enum OOXMLText {
    /// The bytes as a String with `_xHHHH_` escapes decoded; throws when they are not UTF-8.
    static func string(_ bytes: [UInt8]) throws -> String {
        try bytes.withUnsafeBufferPointer { buffer in
            let raw = XMLBytes(buffer: buffer)
            guard buffer.contains(0x5F) else { return try raw.string() }  // no "_": nothing to decode
            return unescaped(try raw.string())
        }
    }

    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") || text.contains("_X") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x" || scalars[index + 1] == "X",
               scalars[index + 6] == "_",
               let value = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)...(index + 5)])), radix: 16),
               let scalar = Unicode.Scalar(value) {
                out.append(scalar)
                index += 7
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }
}

// MARK: - Worksheet

/// A worksheet part: `<sheetData><row r><c r s t><v/><is/></c></row></sheetData>`, turned into ``SheetRow``s that
/// wait in ``ready`` until the reader hands them on.
private struct SheetHandler: XMLScanHandler {
    enum Kind {
        case number, sharedString, inlineString, formulaString, bool, error, isoDate
    }

    let sheet: String
    let sharedStrings: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    let limits: ReadLimits

    var ready: [SheetRow] = []
    private var rowCount = 0
    private var cellCount = 0
    private var rowNumber = 0
    private var inRow = false
    private var cells: [SheetValue?] = []
    private var nextColumn = 0

    private var inCell = false
    private var column = 0
    private var style = 0
    private var kind = Kind.number
    private var value: [UInt8] = []
    private var inline: [UInt8] = []
    private var inValue = false
    private var inInline = false
    private var inInlineText = false
    private var inPhonetic = false

    init(sheet: String, sharedStrings: [String], dateStyles: [Bool], date1904: Bool, limits: ReadLimits) {
        self.sheet = sheet
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.limits = limits
    }

    var wantsText: Bool { inValue || (inInlineText && !inPhonetic) }

    mutating func startElement(_ tag: XMLStartTag) throws {
        let name = tag.name
        if name.equals("c") {
            try startCell(tag)
        } else if name.equals("v") {
            inValue = inCell && !tag.isSelfClosing
        } else if name.equals("row") {
            try startRow(tag)
        } else if inCell && name.equals("is") {
            inInline = !tag.isSelfClosing
        } else if inInline && name.equals("t") {
            inInlineText = !tag.isSelfClosing
        } else if inInline && name.equals("rPh") {
            inPhonetic = !tag.isSelfClosing
        }
    }

    mutating func endElement(_ name: XMLBytes) throws {
        if name.equals("v") {
            inValue = false
        } else if name.equals("c") {
            if inCell { try endCell() }
        } else if name.equals("row") {
            try endRow()
        } else if name.equals("is") {
            inInline = false
        } else if name.equals("t") {
            inInlineText = false
        } else if name.equals("rPh") {
            inPhonetic = false
        }
    }

    mutating func text(_ text: XMLBytes) throws {
        if inValue {
            value.append(contentsOf: text.buffer)
        } else {
            inline.append(contentsOf: text.buffer)
        }
    }

    // MARK: Rows

    private mutating func startRow(_ tag: XMLStartTag) throws {
        rowCount += 1
        if rowCount > limits.maxRows { throw OfficeReadError.tooManyRows(sheet: sheet, limit: limits.maxRows) }
        if tag.rawValue("r") != nil {
            guard let number = try tag.int("r"), number >= 1, number <= Int(Int32.max) else {
                throw XMLScanError.malformed("số dòng không hợp lệ")
            }
            rowNumber = number
        } else {
            rowNumber += 1
        }
        inRow = true
        cells = []
        nextColumn = 0
        if tag.isSelfClosing { try endRow() }
    }

    private mutating func endRow() throws {
        guard inRow else { return }
        inRow = false
        guard !cells.isEmpty else { return }
        cellCount += cells.count
        if cellCount > limits.maxCells { throw OfficeReadError.tooManyCells(sheet: sheet, limit: limits.maxCells) }
        ready.append(SheetRow(number: rowNumber, cells: cells))
    }

    // MARK: Cells

    private mutating func startCell(_ tag: XMLStartTag) throws {
        guard inRow else { throw XMLScanError.malformed("ô nằm ngoài dòng") }
        if let (reference, needsDecoding) = tag.rawValue("r") {
            column = needsDecoding ? try tag.withValue("r") { try Self.column(of: $0) } ?? 0 : try Self.column(of: reference)
        } else {
            column = nextColumn
        }
        if column >= limits.maxColumns {
            throw OfficeReadError.tooManyColumns(sheet: sheet, row: rowNumber, limit: limits.maxColumns)
        }
        style = try tag.int("s") ?? 0
        kind = tag.rawValue("t").map { Self.kind(of: $0.bytes) } ?? .number
        value.removeAll(keepingCapacity: true)
        inline.removeAll(keepingCapacity: true)
        inCell = true
        if tag.isSelfClosing { try endCell() }
    }

    private mutating func endCell() throws {
        inCell = false
        inValue = false
        inInline = false
        nextColumn = column + 1
        guard let cell = try cellValue() else { return }
        if column >= cells.count {
            if column > cells.count { cells.append(contentsOf: repeatElement(nil, count: column - cells.count)) }
            cells.append(cell)
        } else {
            cells[column] = cell
        }
    }

    /// The value of the cell just closed, or nil when it is empty.
    private func cellValue() throws -> SheetValue? {
        switch kind {
        case .sharedString:
            guard !value.isEmpty else { return nil }
            guard let index = value.withUnsafeBufferPointer({ XMLBytes(buffer: $0).nonNegativeInt() }),
                  index < sharedStrings.count else {
                throw XMLScanError.malformed("ô tham chiếu chuỗi dùng chung không tồn tại")
            }
            let text = sharedStrings[index]
            return text.isEmpty ? nil : .text(text)
        case .inlineString:
            let text = try OOXMLText.string(inline.isEmpty ? value : inline)
            return text.isEmpty ? nil : .text(text)
        case .formulaString:
            let text = try OOXMLText.string(value)
            return text.isEmpty ? nil : .text(text)
        case .bool:
            switch String(decoding: value, as: UTF8.self) {
            case "": return nil
            case "1", "true": return .bool(true)
            case "0", "false": return .bool(false)
            case let other: return .text(other)
            }
        case .error:
            let text = try OOXMLText.string(value)
            return text.isEmpty ? nil : .error(text)
        case .isoDate:
            let text = try OOXMLText.string(value)
            guard !text.isEmpty else { return nil }
            return Day(iso: String(text.prefix(10))).map(SheetValue.date) ?? .text(text)
        case .number:
            return try number()
        }
    }

    /// A number cell: its lexical value, or a day when its style is a date format.
    private func number() throws -> SheetValue? {
        let text = value.withUnsafeBufferPointer { buffer -> String?? in
            var start = 0
            var end = buffer.count
            while start < end && Self.isSpace(buffer[start]) { start += 1 }
            while end > start && Self.isSpace(buffer[end - 1]) { end -= 1 }
            guard start < end else { return .some(nil) }
            let trimmed = UnsafeBufferPointer(rebasing: buffer[start..<end])
            guard Self.isNumeric(trimmed) else { return nil }
            return String(decoding: trimmed, as: UTF8.self)
        }
        // Not a number after all: keep what the file says as text.
        guard let text else { return .text(try OOXMLText.string(value)) }
        guard let text else { return nil }
        if style < dateStyles.count && dateStyles[style], let serial = Double(text),
           let day = XLSXReader.day(serial: serial, date1904: date1904) {
            return .date(day)
        }
        return .number(text)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `-12`, `3.5`, `.5`, `1.5E3`, `2e-7`: the forms a number cell stores.
    static func isNumeric(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0
        var sawPoint = false
        var sawExponent = false
        var exponentDigits = 0
        var previous: UInt8 = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x30...0x39:
                if sawExponent { exponentDigits += 1 } else { digits += 1 }
            case 0x2B, 0x2D:  // + -
                guard index == 0 || previous == 0x45 || previous == 0x65 else { return false }
            case 0x2E:  // .
                guard !sawPoint && !sawExponent else { return false }
                sawPoint = true
            case 0x45, 0x65:  // E e
                guard !sawExponent && digits > 0 else { return false }
                sawExponent = true
            default:
                return false
            }
            previous = byte
        }
        return digits > 0 && (!sawExponent || exponentDigits > 0)
    }

    /// The 0-based column of a reference such as `AB12` (letters, then the row's digits). Columns past Excel's
    /// XFD come out as they are, for the column limit to refuse.
    static func column(of reference: XMLBytes) throws -> Int {
        var column = 0
        var letters = 0
        for byte in reference.buffer {
            let upper = byte & 0xDF  // a-z as A-Z
            guard upper >= 0x41 && upper <= 0x5A else { break }
            letters += 1
            guard letters <= 6 else { throw XMLScanError.malformed("tham chiếu ô không hợp lệ") }
            column = column * 26 + Int(upper - 0x40)
        }
        guard letters > 0 else { throw XMLScanError.malformed("tham chiếu ô không hợp lệ") }
        return column - 1
    }

    static func kind(of type: XMLBytes) -> Kind {
        if type.equals("s") { return .sharedString }
        if type.equals("n") { return .number }
        if type.equals("str") { return .formulaString }
        if type.equals("inlineStr") { return .inlineString }
        if type.equals("b") { return .bool }
        if type.equals("e") { return .error }
        if type.equals("d") { return .isoDate }
        return .formulaString
    }
}

