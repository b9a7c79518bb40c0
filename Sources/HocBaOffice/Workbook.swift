import Foundation
import HocBaCore

// MARK: - Workbook and sheets

/// An xlsx workbook: its sheets in tab order. Write it with ``XLSXWriter/write(_:)``.
public struct Workbook: Sendable {
    public var sheets: [Worksheet]
    /// The document title stored in `docProps/core.xml` (the creator is always "hocba").
    public var title: String
    /// The font every cell uses (Vietnamese offices use Times New Roman).
    public var fontName: String

    public init(sheets: [Worksheet], title: String = "hocba", fontName: String = "Times New Roman") {
        self.sheets = sheets
        self.title = title
        self.fontName = fontName
    }
}

/// One sheet. Rows and columns are **zero-based** everywhere in this API (row 0 is Excel's row 1, column 0 is A).
public struct Worksheet: Sendable {
    /// The tab name. Vietnamese letters are fine; the writer makes it acceptable to Excel (see ``sanitisedName(_:)``)
    /// and unique in the workbook (case-insensitively, as Excel compares).
    public var name: String
    /// Column widths in Excel character units, by column index; a value ≤ 0 (or a missing one) keeps the default.
    public var columnWidths: [Double]
    /// The cells, row by row. Rows may have different lengths; an `.empty` cell with the plain style writes nothing.
    public var rows: [[Cell]]
    /// Merged ranges (title rows, two-level headers). The merged cell shows the value of its top-left cell; give the
    /// other cells of the range the same style so borders and fill cover the whole range.
    public var merges: [CellRange]
    /// Rows kept in view while scrolling (freeze panes below them); also repeated at the top of each printed page.
    public var frozenRows: Int
    /// Columns kept in view while scrolling (freeze panes to the right of them).
    public var frozenColumns: Int
    /// Drop-down lists for coded columns.
    public var dataValidations: [ListValidation]
    /// Row heights in points, by row index. Rows not listed get a height estimated from their wrapped text and
    /// font sizes (``autoRowHeights``), since LibreOffice does not fit rows to wrapped text when it opens an xlsx.
    public var rowHeights: [Int: Double]
    /// Estimate the height of rows not in ``rowHeights`` (written without `customHeight`, so Excel still treats
    /// them as automatic when the text is edited).
    public var autoRowHeights: Bool
    /// Page setup for printing: landscape orientation and "fit all columns on one page".
    public var landscape: Bool
    public var fitToWidth: Bool

    public init(name: String, columnWidths: [Double] = [], rows: [[Cell]] = [], merges: [CellRange] = [],
                frozenRows: Int = 0, frozenColumns: Int = 0, dataValidations: [ListValidation] = [],
                rowHeights: [Int: Double] = [:], autoRowHeights: Bool = true, landscape: Bool = false,
                fitToWidth: Bool = false) {
        self.name = name
        self.columnWidths = columnWidths
        self.rows = rows
        self.merges = merges
        self.frozenRows = frozenRows
        self.frozenColumns = frozenColumns
        self.dataValidations = dataValidations
        self.rowHeights = rowHeights
        self.autoRowHeights = autoRowHeights
        self.landscape = landscape
        self.fitToWidth = fitToWidth
    }

    /// Appends a row and returns its (zero-based) index.
    @discardableResult
    public mutating func append(_ row: [Cell]) -> Int {
        rows.append(row)
        return rows.count - 1
    }

    /// Appends a row holding one cell merged across `columns` (a title line) and returns its index.
    @discardableResult
    public mutating func appendMerged(_ cell: Cell, columns: Int, height: Double? = nil) -> Int {
        let index = append([cell] + Array(repeating: Cell.blank(cell.style), count: max(0, columns - 1)))
        if columns > 1 { merges.append(CellRange(row: index, columns: 0...(columns - 1))) }
        if let height { rowHeights[index] = height }
        return index
    }

    /// Excel's rules for a sheet name: Unicode NFC, no `[ ] : * ? / \`, no control characters, no apostrophe at
    /// either end, not empty, not the reserved "History", at most 31 characters (cut between characters, never
    /// inside one). Empty results become "Sheet".
    public static func sanitisedName(_ raw: String) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var text = ""
        for character in raw.precomposedStringWithCanonicalMapping {
            if forbidden.contains(character) { text.append(" "); continue }
            if character.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) {
                text.append(" "); continue
            }
            if character.unicodeScalars.contains(where: { !XML.isAllowed($0) }) { continue }
            text.append(character)
        }
        text = trimmedQuotesAndSpaces(text.split(separator: " ").joined(separator: " "))
        text = trimmedQuotesAndSpaces(truncated(text, utf16Limit: 31))
        if text.isEmpty { return "Sheet" }
        if text.lowercased() == "history" { return "History 1" }
        return text
    }

    private static func trimmedQuotesAndSpaces(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first == "'" || first == " " { slice.removeFirst() }
        while let last = slice.last, last == "'" || last == " " { slice.removeLast() }
        return String(slice)
    }

    static func truncated(_ text: String, utf16Limit: Int) -> String {
        guard text.utf16.count > utf16Limit else { return text }
        var result = ""
        var used = 0
        for character in text {
            let length = character.utf16.count
            if used + length > utf16Limit { break }
            result.append(character)
            used += length
        }
        return result
    }
}

// MARK: - Cells

/// A cell: a value and how it looks.
public struct Cell: Sendable, Hashable {
    public var value: CellValue
    public var style: CellStyle

    public init(_ value: CellValue, _ style: CellStyle = .plain) {
        self.value = value
        self.style = style
    }

    /// A text cell (bordered table text by default).
    public static func text(_ text: String, _ style: CellStyle = .cell) -> Cell { Cell(.text(text), style) }
    /// An integer with thousands grouping, right-aligned and bordered by default.
    public static func integer(_ value: Int, _ style: CellStyle = .number) -> Cell { Cell(.integer(value), style) }
    /// A decimal with two places, right-aligned and bordered by default.
    public static func decimal(_ value: Double, _ style: CellStyle = .decimal) -> Cell { Cell(.decimal(value), style) }
    /// A rate (0.8379) shown as a percentage (83.79%), right-aligned and bordered by default.
    public static func percent(_ rate: Double, _ style: CellStyle = .percent) -> Cell { Cell(.decimal(rate), style) }
    /// A date as an Excel date serial shown dd/mm/yyyy, centred and bordered by default.
    public static func day(_ day: Day, _ style: CellStyle = .date) -> Cell { Cell(.day(day), style) }
    /// A date, or a blank bordered cell when there is none.
    public static func day(_ day: Day?, _ style: CellStyle = .date) -> Cell {
        day.map { Cell(.day($0), style) } ?? Cell(.empty, style)
    }
    /// A TRUE/FALSE cell, centred and bordered by default.
    public static func bool(_ value: Bool, _ style: CellStyle = .cell.aligned(.center)) -> Cell {
        Cell(.bool(value), style)
    }
    /// An empty cell that still shows its style (borders, fill): for the covered cells of a merged range.
    public static func blank(_ style: CellStyle = .cell) -> Cell { Cell(.empty, style) }
    /// An empty cell with no style at all.
    public static let empty = Cell(.empty, .plain)
}

public enum CellValue: Sendable, Hashable {
    case empty
    case text(String)
    case integer(Int)
    case decimal(Double)
    /// Written as an Excel date serial (1900 date system); the cell gets the dd/mm/yyyy format unless its style
    /// names another number format. Days before 1900-01-01, which Excel cannot hold, are written as text.
    case day(Day)
    case bool(Bool)
}

/// How a cell looks. Each distinct style becomes one `cellXfs` entry in `styles.xml`.
public struct CellStyle: Sendable, Hashable {
    public enum HorizontalAlignment: String, Sendable, Hashable {
        /// Excel's default: text left, numbers right.
        case general, left, center, right
    }

    public enum VerticalAlignment: String, Sendable, Hashable {
        case top, center, bottom
    }

    public enum Fill: Sendable, Hashable {
        case none
        /// Light grey (D9D9D9) for header cells.
        case headerGrey
        /// Any solid colour as RRGGBB hex, e.g. "FFF2CC".
        case solid(String)

        var rgb: String? {
            switch self {
            case .none: return nil
            case .headerGrey: return "D9D9D9"
            case .solid(let hex): return hex.uppercased()
            }
        }
    }

    public enum NumberFormat: Sendable, Hashable {
        case general
        /// `#,##0`
        case thousands
        /// `#,##0.00`
        case decimal2
        /// `0.00%`
        case percent2
        /// `dd/mm/yyyy`
        case date
        /// `@` (text: what is typed stays text, e.g. codes with leading zeros)
        case text

        public var code: String {
            switch self {
            case .general: return "General"
            case .thousands: return "#,##0"
            case .decimal2: return "#,##0.00"
            case .percent2: return "0.00%"
            case .date: return "dd/mm/yyyy"
            case .text: return "@"
            }
        }

        /// Excel's built-in format id, or nil for a format the workbook must declare in `<numFmts>`.
        var builtinID: Int? {
            switch self {
            case .general: return 0
            case .thousands: return 3
            case .decimal2: return 4
            case .percent2: return 10
            case .text: return 49
            case .date: return nil
            }
        }
    }

    public var bold: Bool
    public var italic: Bool
    /// Font size in points.
    public var fontSize: Double
    public var horizontal: HorizontalAlignment
    public var vertical: VerticalAlignment
    public var wrap: Bool
    /// Thin border on all four sides.
    public var border: Bool
    public var fill: Fill
    public var numberFormat: NumberFormat

    public init(bold: Bool = false, italic: Bool = false, fontSize: Double = 12,
                horizontal: HorizontalAlignment = .general, vertical: VerticalAlignment = .center,
                wrap: Bool = false, border: Bool = false, fill: Fill = .none, numberFormat: NumberFormat = .general) {
        self.bold = bold
        self.italic = italic
        self.fontSize = fontSize
        self.horizontal = horizontal
        self.vertical = vertical
        self.wrap = wrap
        self.border = border
        self.fill = fill
        self.numberFormat = numberFormat
    }

    /// No border, default alignment: the workbook's default cell format.
    public static let plain = CellStyle()
    /// Report title: bold 14 pt, centred.
    public static let title = CellStyle(bold: true, fontSize: 14, horizontal: .center, wrap: true)
    /// Line under a title (period, unit): italic, centred.
    public static let subtitle = CellStyle(italic: true, horizontal: .center, wrap: true)
    /// Column header: bold, centred, wrapped, bordered, grey.
    public static let header = CellStyle(bold: true, horizontal: .center, wrap: true, border: true, fill: .headerGrey)
    /// Table text: bordered, left, wrapped.
    public static let cell = CellStyle(horizontal: .left, wrap: true, border: true)
    /// Table text kept as text (codes with leading zeros): bordered, left, format `@`.
    public static let code = CellStyle(horizontal: .left, border: true, numberFormat: .text)
    /// Whole numbers: bordered, right, `#,##0`.
    public static let number = CellStyle(horizontal: .right, border: true, numberFormat: .thousands)
    /// Decimals: bordered, right, `#,##0.00`.
    public static let decimal = CellStyle(horizontal: .right, border: true, numberFormat: .decimal2)
    /// Rates: bordered, right, `0.00%`.
    public static let percent = CellStyle(horizontal: .right, border: true, numberFormat: .percent2)
    /// Dates: bordered, centred, `dd/mm/yyyy`.
    public static let date = CellStyle(horizontal: .center, border: true, numberFormat: .date)

    /// This style in bold (e.g. a "Tổng cộng" row).
    public var bolded: CellStyle { modified { $0.bold = true } }
    /// This style in italics.
    public var italicised: CellStyle { modified { $0.italic = true } }
    /// This style with another horizontal alignment.
    public func aligned(_ horizontal: HorizontalAlignment) -> CellStyle { modified { $0.horizontal = horizontal } }
    /// This style with another number format.
    public func formatted(_ format: NumberFormat) -> CellStyle { modified { $0.numberFormat = format } }
    /// This style with any change.
    public func modified(_ change: (inout CellStyle) -> Void) -> CellStyle {
        var copy = self
        change(&copy)
        return copy
    }
}

// MARK: - Ranges

/// A rectangle of cells, zero-based and inclusive: `CellRange(firstRow: 0, firstColumn: 0, lastRow: 1, lastColumn: 2)`
/// is `A1:C2`.
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    public var firstRow: Int
    public var firstColumn: Int
    public var lastRow: Int
    public var lastColumn: Int

    public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = firstRow
        self.firstColumn = firstColumn
        self.lastRow = lastRow
        self.lastColumn = lastColumn
    }

    /// Cells of one row across `columns`.
    public init(row: Int, columns: ClosedRange<Int>) {
        self.init(firstRow: row, firstColumn: columns.lowerBound, lastRow: row, lastColumn: columns.upperBound)
    }

    /// Cells of one column down `rows`.
    public init(column: Int, rows: ClosedRange<Int>) {
        self.init(firstRow: rows.lowerBound, firstColumn: column, lastRow: rows.upperBound, lastColumn: column)
    }

    /// Parses `B3`, `A1:C2` or `$A$1:$C$2` (case-insensitive).
    public init?(a1 text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              let first = CellRange.parseReference(String(parts[0])),
              let last = parts.count == 2 ? CellRange.parseReference(String(parts[1])) : first,
              first.row <= last.row, first.column <= last.column else { return nil }
        self.init(firstRow: first.row, firstColumn: first.column, lastRow: last.row, lastColumn: last.column)
    }

    /// `A1:C2`, or `B3` for a single cell.
    public var a1: String {
        let first = CellRange.reference(row: firstRow, column: firstColumn)
        if firstRow == lastRow && firstColumn == lastColumn { return first }
        return first + ":" + CellRange.reference(row: lastRow, column: lastColumn)
    }

    /// `$A$1:$C$2` (absolute, for formulas).
    public var absoluteA1: String {
        let first = "$" + CellRange.columnLetters(firstColumn) + "$" + String(firstRow + 1)
        if firstRow == lastRow && firstColumn == lastColumn { return first }
        return first + ":$" + CellRange.columnLetters(lastColumn) + "$" + String(lastRow + 1)
    }

    public var description: String { a1 }

    public var isSingleCell: Bool { firstRow == lastRow && firstColumn == lastColumn }

    public func contains(row: Int, column: Int) -> Bool {
        (firstRow...lastRow).contains(row) && (firstColumn...lastColumn).contains(column)
    }

    public func overlaps(_ other: CellRange) -> Bool {
        firstRow <= other.lastRow && other.firstRow <= lastRow
            && firstColumn <= other.lastColumn && other.firstColumn <= lastColumn
    }

    /// Column letters for a zero-based index: 0 → A, 25 → Z, 26 → AA, 701 → ZZ, 702 → AAA.
    public static func columnLetters(_ index: Int) -> String {
        precondition(index >= 0, "Chỉ số cột âm: \(index)")
        // Every cell reference asks for its column's letters: the first 702 columns (A…ZZ) come from a table.
        return index < letterTable.count ? letterTable[index] : computedLetters(index)
    }

    private static let letterTable: [String] = (0..<702).map(computedLetters)

    private static func computedLetters(_ index: Int) -> String {
        var number = index + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    /// The zero-based column index of letters such as "AA" (case-insensitive), or nil.
    public static func columnIndex(_ letters: String) -> Int? {
        guard !letters.isEmpty, letters.count <= 3 else { return nil }
        var number = 0
        for scalar in letters.uppercased().unicodeScalars {
            guard (65...90).contains(scalar.value) else { return nil }
            number = number * 26 + Int(scalar.value) - 64
        }
        return number - 1
    }

    /// `A1`-style reference of a zero-based cell position.
    public static func reference(row: Int, column: Int) -> String {
        columnLetters(column) + String(row + 1)
    }

    static func parseReference(_ text: String) -> (row: Int, column: Int)? {
        let cleaned = text.replacingOccurrences(of: "$", with: "")
        let letters = cleaned.prefix(while: { $0.isASCII && $0.isLetter })
        let digits = cleaned.dropFirst(letters.count)
        guard let column = columnIndex(String(letters)), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let row = Int(digits), row >= 1 else { return nil }
        return (row - 1, column)
    }
}

// MARK: - Drop-down lists

/// A drop-down list on a range of cells (data validation of type "list").
public struct ListValidation: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// The allowed values written into the file. Excel allows at most 255 characters in all, and no commas.
        case values([String])
        /// A range on a sheet of this workbook, named by the sheet's `name` as given (nil: the same sheet). The writer
        /// uses the sanitised, unique sheet name in the formula, so report code need not know it.
        case range(sheet: String?, CellRange)
        /// A raw formula without the leading `=`, e.g. `'Danh mục'!$A$2:$A$40` or a defined name.
        case formula(String)
    }

    public var range: CellRange
    public var source: Source
    public var allowBlank: Bool
    /// Shown when a value outside the list is typed (at most 255 characters).
    public var errorMessage: String?
    /// Shown when the cell is selected (at most 255 characters).
    public var prompt: String?
    /// Excel refuses a value outside the list (true) or only warns and lets it stand (false: a list of suggestions,
    /// such as the units known today when the file creates new ones).
    public var strict: Bool

    public init(range: CellRange, source: Source, allowBlank: Bool = true, errorMessage: String? = nil,
                prompt: String? = nil, strict: Bool = true) {
        self.range = range
        self.source = source
        self.allowBlank = allowBlank
        self.errorMessage = errorMessage
        self.prompt = prompt
        self.strict = strict
    }

    /// A list of the given values.
    public init(range: CellRange, values: [String], allowBlank: Bool = true, errorMessage: String? = nil) {
        self.init(range: range, source: .values(values), allowBlank: allowBlank, errorMessage: errorMessage)
    }

    /// A list taken from a range on another sheet (by that sheet's name as given).
    public init(range: CellRange, sheet: String, source: CellRange, allowBlank: Bool = true,
                errorMessage: String? = nil) {
        self.init(range: range, source: .range(sheet: sheet, source), allowBlank: allowBlank,
                  errorMessage: errorMessage)
    }
}
