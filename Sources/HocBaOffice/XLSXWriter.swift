import Foundation
import HocBaCore

/// Writes a ``Workbook`` as the bytes of an `.xlsx` file.
///
/// The package holds `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml` and `app.xml`, `xl/workbook.xml` with
/// its relationships, `xl/styles.xml` (one `cellXfs` entry per distinct ``CellStyle``), `xl/sharedStrings.xml`
/// (every text once) and `xl/worksheets/sheetN.xml`. Entries are deflated and carry a fixed timestamp, so the same
/// workbook always gives the same bytes.
public enum XLSXWriter {
    /// Excel's grid.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384
    /// Excel keeps at most this many characters (UTF-16 units) in a cell; longer text is cut.
    public static let maxCellText = 32_767

    public static func write(_ workbook: Workbook) throws -> Data {
        guard !workbook.sheets.isEmpty else { throw OfficeError.noSheets }
        let names = uniqueSheetNames(workbook.sheets.map(\.name))
        var finalNameByGiven: [String: String] = [:]
        for (sheet, name) in zip(workbook.sheets, names) where finalNameByGiven[sheet.name] == nil {
            finalNameByGiven[sheet.name] = name
        }

        var strings: SharedStrings? = SharedStrings()
        var styles = StyleTable()
        var sheetParts: [String] = []
        for (index, sheet) in workbook.sheets.enumerated() {
            let context = SheetContext(name: names[index], index: index, finalNameByGiven: finalNameByGiven)
            sheetParts.append(try sheetXML(sheet, context: context, strings: &strings, styles: &styles))
        }

        var package = ZipPackage()
        for (path, xml) in packageParts(workbook, names: names, styles: styles, strings: strings!) {
            package.add(path, xml: xml)
        }
        for (index, part) in sheetParts.enumerated() {
            package.add(sheetPath(index), xml: part)
        }
        return try package.zipped()
    }

    /// Every part of the package but the sheets (``sheetPath(_:)``), in the order they are zipped.
    static func packageParts(_ workbook: Workbook, names: [String], styles: StyleTable,
                             strings: SharedStrings) -> [(path: String, xml: String)] {
        let sheetCount = workbook.sheets.count
        return [
            ("[Content_Types].xml", contentTypes(sheetCount: sheetCount)),
            ("_rels/.rels", OPC.rootRelationships(mainPart: "xl/workbook.xml")),
            ("docProps/core.xml", OPC.coreProperties(title: workbook.title)),
            ("docProps/app.xml", OPC.appProperties()),
            ("xl/workbook.xml", workbookXML(workbook, names: names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheetCount)),
            ("xl/styles.xml", styles.xml(fontName: workbook.fontName)),
            ("xl/sharedStrings.xml", strings.xml()),
        ]
    }

    /// The part of the sheet at `index` (0-based).
    static func sheetPath(_ index: Int) -> String { "xl/worksheets/sheet\(index + 1).xml" }

    /// The names the sheets get in the file: each sanitised (``Worksheet/sanitisedName(_:)``), then made unique
    /// case-insensitively by a suffix " (2)", " (3)"… kept within 31 characters.
    public static func uniqueSheetNames(_ names: [String]) -> [String] {
        var used: Set<String> = []
        var result: [String] = []
        for raw in names {
            let base = Worksheet.sanitisedName(raw)
            var candidate = base
            var number = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(number))"
                candidate = Worksheet.truncated(base, utf16Limit: 31 - suffix.utf16.count) + suffix
                number += 1
            }
            used.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }

    /// The Excel date serial of a day in the 1900 date system (2020-10-12 → 44116), or nil before 1900-01-01.
    /// Serials from 1900-03-01 on count Excel's phantom 29 February 1900, as Excel does.
    public static func dateSerial(_ day: Day) -> Int? {
        let ordinal = day.ordinal
        if ordinal >= march1900 { return ordinal + 25_569 }
        if ordinal >= january1900 { return ordinal + 25_568 }
        return nil
    }

    private static let march1900 = Day(1900, 3, 1).ordinal
    private static let january1900 = Day(1900, 1, 1).ordinal

    // MARK: Sheets

    private struct SheetContext {
        let name: String
        let index: Int
        let finalNameByGiven: [String: String]
    }

    private static func sheetXML(_ sheet: Worksheet, context: SheetContext, strings: inout SharedStrings?,
                                 styles: inout StyleTable) throws -> String {
        let name = context.name
        guard sheet.rows.count <= maxRows else {
            throw OfficeError.outsideGrid(sheet: name, row: sheet.rows.count - 1, column: 0)
        }
        guard sheet.frozenRows >= 0, sheet.frozenRows < maxRows, sheet.frozenColumns >= 0,
              sheet.frozenColumns < maxColumns else {
            throw OfficeError.outsideGrid(sheet: name, row: sheet.frozenRows, column: sheet.frozenColumns)
        }
        let merges = try checkedMerges(sheet.merges, sheet: name)
        var (data, lastRow, lastColumn) = try sheetData(sheet, merges: merges, name: name, strings: &strings,
                                                        styles: &styles)
        for range in merges {
            lastRow = max(lastRow, range.lastRow)
            lastColumn = max(lastColumn, range.lastColumn)
        }

        var out = XML.declaration
        out += "<worksheet xmlns=\"\(OPC.spreadsheetML)\" xmlns:r=\"\(OPC.relationshipsNS)\">"
        if sheet.fitToWidth { out += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" }
        out += "<dimension ref=\"\(CellRange(firstRow: 0, firstColumn: 0, lastRow: lastRow, lastColumn: lastColumn).a1)\"/>"
        out += "<sheetViews><sheetView workbookViewId=\"0\"" + (context.index == 0 ? " tabSelected=\"1\"" : "") + ">"
        out += paneXML(rows: sheet.frozenRows, columns: sheet.frozenColumns)
        out += "</sheetView></sheetViews>"
        out += "<sheetFormatPr defaultRowHeight=\"15.75\"/>"
        out += columnsXML(sheet.columnWidths)
        out += data.isEmpty ? "<sheetData/>" : "<sheetData>" + data + "</sheetData>"
        if !merges.isEmpty {
            out += "<mergeCells count=\"\(merges.count)\">"
            for range in merges { out += "<mergeCell ref=\"\(range.a1)\"/>" }
            out += "</mergeCells>"
        }
        if !sheet.dataValidations.isEmpty {
            out += "<dataValidations count=\"\(sheet.dataValidations.count)\">"
            for validation in sheet.dataValidations {
                out += try validationXML(validation, context: context)
            }
            out += "</dataValidations>"
        }
        out += "<pageMargins left=\"0.6\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        out += "<pageSetup paperSize=\"9\" orientation=\"\(sheet.landscape ? "landscape" : "portrait")\""
        if sheet.fitToWidth { out += " fitToWidth=\"1\" fitToHeight=\"0\"" }
        out += "/>"
        out += "</worksheet>"
        return out
    }

    /// The `<row>` elements of a sheet, and the last row and column that hold a cell.
    private static func sheetData(_ sheet: Worksheet, merges: [CellRange], name: String, strings: inout SharedStrings?,
                                  styles: inout StyleTable) throws -> (xml: String, lastRow: Int, lastColumn: Int) {
        var mergesByRow: [Int: [CellRange]] = [:]
        for range in merges where range.lastRow - range.firstRow < 10_000 {
            for row in range.firstRow...range.lastRow { mergesByRow[row, default: []].append(range) }
        }
        var data = ""
        data.reserveCapacity(sheet.rows.count * 200)
        var lastColumn = 0
        var lastRow = 0
        for (rowIndex, row) in sheet.rows.enumerated() {
            guard row.count <= maxColumns else {
                throw OfficeError.outsideGrid(sheet: name, row: rowIndex, column: row.count - 1)
            }
            var cells = ""
            for (columnIndex, cell) in row.enumerated() {
                guard let fragment = try cellXML(cell, row: rowIndex, column: columnIndex, sheet: name,
                                                 strings: &strings, styles: &styles) else { continue }
                cells += fragment
                lastColumn = max(lastColumn, columnIndex)
                lastRow = rowIndex
            }
            let height = sheet.rowHeights[rowIndex].flatMap { $0 > 0 ? $0 : nil }
            let estimated = height == nil && sheet.autoRowHeights && !cells.isEmpty
                ? estimatedHeight(row, rowIndex: rowIndex, sheet: sheet, merges: mergesByRow[rowIndex] ?? []) : nil
            guard !cells.isEmpty || height != nil else { continue }
            data += "<row r=\"\(rowIndex + 1)\""
            if let height { data += " ht=\"\(format(min(height, 409)))\" customHeight=\"1\"" }
            if let estimated { data += " ht=\"\(format(estimated))\"" }
            data += cells.isEmpty ? "/>" : ">" + cells + "</row>"
            lastRow = rowIndex
        }
        return (data, lastRow, lastColumn)
    }

    /// `<cols>` for the columns given a width (none when no column is).
    static func columnsXML(_ columnWidths: [Double]) -> String {
        let widths = columnWidths.enumerated().filter { $0.element > 0 && $0.offset < maxColumns }
        guard !widths.isEmpty else { return "" }
        var out = "<cols>"
        for (index, width) in widths {
            out += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(format(min(width, 255)))\" customWidth=\"1\"/>"
        }
        return out + "</cols>"
    }

    /// One `<c>` element, or nil for an empty cell with the plain style. Text goes to the shared table, or into
    /// the cell itself when `strings` is nil (a streamed sheet, whose table would not fit in memory).
    static func cellXML(_ cell: Cell, row: Int, column: Int, sheet: String, strings: inout SharedStrings?,
                        styles: inout StyleTable) throws -> String? {
        let reference = CellRange.reference(row: row, column: column)
        var style = cell.style
        var text: String?
        var value = ""
        var type = ""
        switch cell.value {
        case .empty:
            let index = styles.index(for: style)
            return index == 0 ? nil : "<c r=\"\(reference)\" s=\"\(index)\"/>"
        case .text(let raw):
            text = raw
        case .integer(let number):
            value = String(number)
        case .decimal(let number):
            guard number.isFinite else { throw OfficeError.nonFiniteNumber(sheet: sheet, cell: reference) }
            value = format(number)
        case .day(let day):
            if let serial = dateSerial(day) {
                if style.numberFormat == .general { style.numberFormat = .date }
                value = String(serial)
            } else {
                text = day.vietnamese
            }
        case .bool(let flag):
            type = " t=\"b\""
            value = flag ? "1" : "0"
        }
        let index = styles.index(for: style)
        let styleAttribute = index == 0 ? "" : " s=\"\(index)\""
        guard let text else { return "<c r=\"\(reference)\"\(styleAttribute)\(type)><v>\(value)</v></c>" }
        if strings != nil {
            return "<c r=\"\(reference)\"\(styleAttribute) t=\"s\"><v>\(strings!.index(for: text))</v></c>"
        }
        return "<c r=\"\(reference)\"\(styleAttribute) t=\"inlineStr\"><is>\(SharedStrings.textElement(text))</is></c>"
    }

    /// The default row height for the default 12 pt Times New Roman, in points.
    static let defaultRowHeight = 15.75

    /// A height (points) that shows every line of the row's wrapped text and its largest font, or nil when the
    /// default height does. Cells of a range merged across rows are left out; a range merged across columns
    /// counts the width of all its columns.
    static func estimatedHeight(_ row: [Cell], rowIndex: Int, sheet: Worksheet, merges: [CellRange]) -> Double? {
        var height = defaultRowHeight
        for (column, cell) in row.enumerated() {
            let text: String
            switch cell.value {
            case .empty: continue
            case .text(let value): text = value
            default: text = ""
            }
            let lineHeight = (cell.style.fontSize * 1.3125 * 4).rounded(.up) / 4
            var lines = 1
            // A byte search: `String.contains(String)` goes through Foundation, and this runs for every cell.
            if !text.isEmpty, cell.style.wrap || text.utf8.contains(0x0A) {
                var columns = column...column
                if let range = merges.first(where: { $0.contains(row: rowIndex, column: column) }) {
                    guard range.firstRow == range.lastRow, range.firstColumn == column else { continue }
                    columns = range.firstColumn...range.lastColumn
                }
                // Excel's width unit is the width of a digit of the default font (about 8 px for 12 pt Times New
                // Roman at 96 dpi) plus 5 px of padding; text gets the width less about 2 px each side.
                let pixels = columns.reduce(0.0) { total, index in
                    let width = index < sheet.columnWidths.count && sheet.columnWidths[index] > 0
                        ? sheet.columnWidths[index] : 8.43
                    return total + (width * 8 + 5).rounded(.down)
                }
                let available = (pixels - 6) * 72 / 96
                lines = TextMetrics.lineCount(SharedStrings.cleaned(text), available: available,
                                              size: cell.style.fontSize, bold: cell.style.bold)
            }
            height = max(height, Double(lines) * lineHeight + (lines > 1 ? 2 : 0))
        }
        return height > defaultRowHeight ? min(height, 409) : nil
    }

    private static func checkedMerges(_ merges: [CellRange], sheet: String) throws -> [CellRange] {
        var result: [CellRange] = []
        for range in merges {
            guard range.firstRow >= 0, range.firstColumn >= 0, range.firstRow <= range.lastRow,
                  range.firstColumn <= range.lastColumn, range.lastRow < maxRows, range.lastColumn < maxColumns else {
                throw OfficeError.invalidRange(sheet: sheet, range: "\(range.firstRow),\(range.firstColumn)-\(range.lastRow),\(range.lastColumn)")
            }
            if range.isSingleCell || result.contains(range) { continue }
            if let other = result.first(where: { $0.overlaps(range) }) {
                throw OfficeError.overlappingMerges(sheet: sheet, first: other.a1, second: range.a1)
            }
            result.append(range)
        }
        return result
    }

    static func paneXML(rows: Int, columns: Int) -> String {
        guard rows > 0 || columns > 0 else { return "" }
        let topLeft = CellRange.reference(row: rows, column: columns)
        var out = "<pane"
        if columns > 0 { out += " xSplit=\"\(columns)\"" }
        if rows > 0 { out += " ySplit=\"\(rows)\"" }
        let active = rows > 0 && columns > 0 ? "bottomRight" : (rows > 0 ? "bottomLeft" : "topRight")
        out += " topLeftCell=\"\(topLeft)\" activePane=\"\(active)\" state=\"frozen\"/>"
        if rows > 0 && columns > 0 {
            out += "<selection pane=\"topRight\"/><selection pane=\"bottomLeft\"/>"
        }
        out += "<selection pane=\"\(active)\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        return out
    }

    private static func validationXML(_ validation: ListValidation, context: SheetContext) throws -> String {
        let range = validation.range
        guard range.firstRow >= 0, range.firstColumn >= 0, range.firstRow <= range.lastRow,
              range.firstColumn <= range.lastColumn, range.lastRow < maxRows, range.lastColumn < maxColumns else {
            throw OfficeError.invalidRange(sheet: context.name, range: "\(range.firstRow),\(range.firstColumn)-\(range.lastRow),\(range.lastColumn)")
        }
        let formula: String
        switch validation.source {
        case .values(let values):
            let cleaned = values.map { XML.allowedOnly(XML.normalisedNewlines($0)) }
            guard !cleaned.isEmpty else {
                throw OfficeError.invalidListValidation(sheet: context.name, range: range.a1, reason: "danh sách trống.")
            }
            if let bad = cleaned.first(where: { $0.contains(",") }) {
                throw OfficeError.invalidListValidation(sheet: context.name, range: range.a1,
                                                        reason: "giá trị '\(bad)' chứa dấu phẩy.")
            }
            let joined = cleaned.joined(separator: ",")
            guard joined.utf16.count <= 255 else {
                throw OfficeError.invalidListValidation(
                    sheet: context.name, range: range.a1,
                    reason: "danh sách dài quá 255 ký tự; hãy đặt các giá trị lên một trang tính và dùng vùng ô.")
            }
            formula = "\"" + joined.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case let .range(sheetName, source):
            guard source.firstRow >= 0, source.firstColumn >= 0, source.firstRow <= source.lastRow,
                  source.firstColumn <= source.lastColumn else {
                throw OfficeError.invalidRange(sheet: context.name, range: "\(source.firstRow),\(source.firstColumn)-\(source.lastRow),\(source.lastColumn)")
            }
            if let sheetName {
                let target = context.finalNameByGiven[sheetName] ?? Worksheet.sanitisedName(sheetName)
                formula = quotedSheetName(target) + "!" + source.absoluteA1
            } else {
                formula = source.absoluteA1
            }
        case .formula(let text):
            formula = text.hasPrefix("=") ? String(text.dropFirst()) : text
        }
        var out = "<dataValidation type=\"list\" allowBlank=\"\(validation.allowBlank ? 1 : 0)\""
        out += " showInputMessage=\"1\" showErrorMessage=\"1\""
        if !validation.strict { out += " errorStyle=\"warning\"" }
        if let message = validation.errorMessage {
            out += " errorTitle=\"\(XML.attribute(Worksheet.truncated(message, utf16Limit: 32)))\""
            out += " error=\"\(XML.attribute(Worksheet.truncated(message, utf16Limit: 255)))\""
        }
        if let prompt = validation.prompt {
            out += " prompt=\"\(XML.attribute(Worksheet.truncated(prompt, utf16Limit: 255)))\""
        }
        out += " sqref=\"\(range.a1)\"><formula1>\(XML.escape(formula))</formula1></dataValidation>"
        return out
    }

    /// `'Danh mục'!` style quoting: always quoted, apostrophes doubled.
    static func quotedSheetName(_ name: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    // MARK: Workbook parts

    static func workbookXML(_ workbook: Workbook, names: [String]) -> String {
        var out = XML.declaration
        out += "<workbook xmlns=\"\(OPC.spreadsheetML)\" xmlns:r=\"\(OPC.relationshipsNS)\">"
        out += "<workbookPr/>"
        out += "<bookViews><workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"15000\" activeTab=\"0\"/></bookViews>"
        out += "<sheets>"
        for (index, name) in names.enumerated() {
            out += "<sheet name=\"\(XML.attribute(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        out += "</sheets>"
        var defined = ""
        for (index, sheet) in workbook.sheets.enumerated() where sheet.frozenRows > 0 {
            let titles = quotedSheetName(names[index]) + "!$1:$\(sheet.frozenRows)"
            defined += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">\(XML.escape(titles))</definedName>"
        }
        if !defined.isEmpty { out += "<definedNames>" + defined + "</definedNames>" }
        out += "</workbook>"
        return out
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var out = XML.declaration + "<Relationships xmlns=\"\(OPC.packageRelationshipsNS)\">"
        for index in 1...sheetCount {
            out += "<Relationship Id=\"rId\(index)\" Type=\"\(OPC.officeRelationshipType)/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        out += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(OPC.officeRelationshipType)/styles\" Target=\"styles.xml\"/>"
        out += "<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"\(OPC.officeRelationshipType)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        out += "</Relationships>"
        return out
    }

    static func contentTypes(sheetCount: Int) -> String {
        let ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var out = XML.declaration + "<Types xmlns=\"\(OPC.contentTypesNS)\">"
        out += OPC.defaultContentTypes
        out += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(ml).sheet.main+xml\"/>"
        for index in 1...sheetCount {
            out += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"\(ml).worksheet+xml\"/>"
        }
        out += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(ml).styles+xml\"/>"
        out += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(ml).sharedStrings+xml\"/>"
        out += OPC.propertiesContentTypes
        out += "</Types>"
        return out
    }

    /// A number as XML wants it: whole values without a decimal point, others in Swift's shortest round-trip form.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}

// MARK: - Shared strings

/// Every distinct text once, in order of first use.
struct SharedStrings {
    private(set) var texts: [String] = []
    private var indexByText: [String: Int] = [:]
    private(set) var references = 0

    mutating func index(for raw: String) -> Int {
        let text = SharedStrings.cleaned(raw)
        references += 1
        if let index = indexByText[text] { return index }
        texts.append(text)
        indexByText[text] = texts.count - 1
        return texts.count - 1
    }

    /// Line breaks normalised, forbidden characters dropped, cut to Excel's cell limit.
    static func cleaned(_ raw: String) -> String {
        Worksheet.truncated(XML.allowedOnly(XML.normalisedNewlines(raw)), utf16Limit: XLSXWriter.maxCellText)
    }

    func xml() -> String {
        var out = XML.declaration
        out += "<sst xmlns=\"\(OPC.spreadsheetML)\" count=\"\(references)\" uniqueCount=\"\(texts.count)\">"
        for text in texts { out += "<si>" + SharedStrings.textElement(text, cleaned: true) + "</si>" }
        out += "</sst>"
        return out
    }

    /// The `<t>` element of a text (of a shared string or an inline one).
    static func textElement(_ raw: String, cleaned: Bool = false) -> String {
        let text = cleaned ? raw : SharedStrings.cleaned(raw)
        let escaped = XML.escape(SharedStrings.escapingOOXMLUnderscores(text))
        let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.contains("\n")
        return preserve ? "<t xml:space=\"preserve\">\(escaped)</t>" : "<t>\(escaped)</t>"
    }

    /// SpreadsheetML reads `_xHHHH_` as an escaped character, so literal text of that shape is written with its
    /// underscore escaped (`_x005F_xHHHH_`) to come back unchanged.
    static func escapingOOXMLUnderscores(_ text: String) -> String {
        guard text.contains("_x") || text.contains("_X") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "_", index + 6 < scalars.count, scalars[index + 1] == "x" || scalars[index + 1] == "X",
               scalars[(index + 2)...(index + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }),
               scalars[index + 6] == "_" {
                out.append(contentsOf: "_x005F".unicodeScalars)
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }
}

// MARK: - Styles

/// Distinct cell styles in order of first use; index 0 is always ``CellStyle/plain``.
struct StyleTable {
    private(set) var styles: [CellStyle] = [.plain]
    private var indexByStyle: [CellStyle: Int] = [.plain: 0]

    mutating func index(for style: CellStyle) -> Int {
        if let index = indexByStyle[style] { return index }
        styles.append(style)
        indexByStyle[style] = styles.count - 1
        return styles.count - 1
    }

    static let customDateFormatID = 164

    private struct FontKey: Hashable {
        let bold: Bool
        let italic: Bool
        let size: Double
    }

    func xml(fontName: String) -> String {
        var fonts: [FontKey] = []
        var fills: [String] = []  // solid colours; fill ids 0 and 1 are the required none / gray125
        var xfs = ""
        for style in styles {
            let key = FontKey(bold: style.bold, italic: style.italic, size: style.fontSize)
            let fontID = fonts.firstIndex(of: key) ?? { fonts.append(key); return fonts.count - 1 }()
            var fillID = 0
            if let rgb = style.fill.rgb {
                fillID = 2 + (fills.firstIndex(of: rgb) ?? { fills.append(rgb); return fills.count - 1 }())
            }
            let borderID = style.border ? 1 : 0
            let numberFormatID = style.numberFormat.builtinID ?? StyleTable.customDateFormatID
            xfs += "<xf numFmtId=\"\(numberFormatID)\" fontId=\"\(fontID)\" fillId=\"\(fillID)\" borderId=\"\(borderID)\" xfId=\"0\""
            if numberFormatID != 0 { xfs += " applyNumberFormat=\"1\"" }
            xfs += " applyFont=\"1\""
            if fillID != 0 { xfs += " applyFill=\"1\"" }
            if borderID != 0 { xfs += " applyBorder=\"1\"" }
            xfs += " applyAlignment=\"1\"><alignment"
            if style.horizontal != .general { xfs += " horizontal=\"\(style.horizontal.rawValue)\"" }
            xfs += " vertical=\"\(style.vertical.rawValue)\""
            if style.wrap { xfs += " wrapText=\"1\"" }
            xfs += "/></xf>"
        }

        let name = XML.attribute(fontName)
        var out = XML.declaration + "<styleSheet xmlns=\"\(OPC.spreadsheetML)\">"
        out += "<numFmts count=\"1\"><numFmt numFmtId=\"\(StyleTable.customDateFormatID)\" formatCode=\"\(CellStyle.NumberFormat.date.code)\"/></numFmts>"
        out += "<fonts count=\"\(fonts.count)\">"
        for font in fonts {
            out += "<font>" + (font.bold ? "<b/>" : "") + (font.italic ? "<i/>" : "")
            out += "<sz val=\"\(XLSXWriter.format(font.size))\"/><name val=\"\(name)\"/><family val=\"1\"/></font>"
        }
        out += "</fonts>"
        out += "<fills count=\"\(fills.count + 2)\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        for rgb in fills {
            out += "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF\(XML.attribute(rgb))\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        }
        out += "</fills>"
        out += "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
        out += "<border>" + ["left", "right", "top", "bottom"].map { "<\($0) style=\"thin\"><color auto=\"1\"/></\($0)>" }.joined()
        out += "<diagonal/></border></borders>"
        out += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        out += "<cellXfs count=\"\(styles.count)\">" + xfs + "</cellXfs>"
        out += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        out += "<dxfs count=\"0\"/><tableStyles count=\"0\"/>"
        out += "</styleSheet>"
        return out
    }
}
