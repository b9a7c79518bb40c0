import Foundation
import HocBaCore
import Testing
import ZIPFoundation
@testable import HocBaOffice

// MARK: - Helpers shared by the reader tests

/// Every row of every sheet, by sheet name.
func readAllSheets(_ reader: XLSXReader) throws -> [String: [SheetRow]] {
    var result: [String: [SheetRow]] = [:]
    for sheet in reader.sheets { result[sheet.name] = try readRows(reader, sheet) }
    return result
}

func readRows(_ reader: XLSXReader, _ sheet: XLSXReader.Sheet) throws -> [SheetRow] {
    var rows: [SheetRow] = []
    try reader.rows(of: sheet) { rows.append($0) }
    return rows
}

/// The rows of the only (or first) sheet of a workbook in memory.
func readFirstSheet(_ data: Data, limits: ReadLimits = .init()) throws -> [SheetRow] {
    let reader = try XLSXReader(data: data, limits: limits)
    return try readRows(reader, try #require(reader.sheets.first))
}

/// The error an expression throws, or nil.
func thrownError(_ body: () throws -> Void) -> (any Error)? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

/// Builds an xlsx package by hand: the minimum parts a reader needs, with the sheets' XML as given.
struct HandBuiltWorkbook {
    var sheets: [(name: String, xml: String)] = []
    var sharedStrings: String?
    var styles: String?
    var workbookProperties = ""
    /// Write relationship targets as absolute part names (`/xl/worksheets/sheet1.xml`).
    var absoluteTargets = false
    var extraParts: [(path: String, xml: String)] = []

    static let namespaces = "xmlns=\"\(OPC.spreadsheetML)\" xmlns:r=\"\(OPC.relationshipsNS)\""

    /// A worksheet part around the given `<row>` elements.
    static func sheet(_ rows: String) -> String {
        XML.declaration + "<worksheet \(namespaces)><sheetData>\(rows)</sheetData></worksheet>"
    }

    /// A shared strings part around the given `<si>` elements.
    static func strings(_ items: String) -> String {
        XML.declaration + "<sst xmlns=\"\(OPC.spreadsheetML)\">\(items)</sst>"
    }

    /// A styles part with custom number formats (id → code) and cell formats by their number format id.
    static func styles(formats: [Int: String], cellFormats: [Int]) -> String {
        var out = XML.declaration + "<styleSheet xmlns=\"\(OPC.spreadsheetML)\">"
        if !formats.isEmpty {
            out += "<numFmts count=\"\(formats.count)\">"
            for (id, code) in formats.sorted(by: { $0.key < $1.key }) {
                out += "<numFmt numFmtId=\"\(id)\" formatCode=\"\(XML.attribute(code))\"/>"
            }
            out += "</numFmts>"
        }
        // cellStyleXfs also holds <xf> elements: they must not be taken for cell formats.
        out += "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
        out += "<cellXfs count=\"\(cellFormats.count)\">"
        for id in cellFormats { out += "<xf numFmtId=\"\(id)\" fontId=\"0\" applyNumberFormat=\"1\"/>" }
        out += "</cellXfs></styleSheet>"
        return out
    }

    func package() -> ZipPackage {
        let prefix = absoluteTargets ? "/xl/" : ""
        var package = ZipPackage()
        package.add("[Content_Types].xml", xml: XML.declaration + "<Types xmlns=\"\(OPC.contentTypesNS)\"/>")
        package.add("_rels/.rels", xml: XML.declaration + "<Relationships xmlns=\"\(OPC.packageRelationshipsNS)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(OPC.officeRelationshipType)/officeDocument\" Target=\"\(absoluteTargets ? "/" : "")xl/workbook.xml\"/>"
            + "</Relationships>")
        var workbook = XML.declaration + "<workbook \(Self.namespaces)>\(workbookProperties)<sheets>"
        var relationships = XML.declaration + "<Relationships xmlns=\"\(OPC.packageRelationshipsNS)\">"
        for (index, sheet) in sheets.enumerated() {
            workbook += "<sheet name=\"\(XML.attribute(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
            relationships += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(OPC.officeRelationshipType)/worksheet\" Target=\"\(prefix)worksheets/sheet\(index + 1).xml\"/>"
        }
        workbook += "</sheets></workbook>"
        if sharedStrings != nil {
            relationships += "<Relationship Id=\"rId100\" Type=\"\(OPC.officeRelationshipType)/sharedStrings\" Target=\"\(prefix)sharedStrings.xml\"/>"
        }
        if styles != nil {
            relationships += "<Relationship Id=\"rId101\" Type=\"\(OPC.officeRelationshipType)/styles\" Target=\"\(prefix)styles.xml\"/>"
        }
        relationships += "</Relationships>"
        package.add("xl/workbook.xml", xml: workbook)
        package.add("xl/_rels/workbook.xml.rels", xml: relationships)
        for (index, sheet) in sheets.enumerated() { package.add("xl/worksheets/sheet\(index + 1).xml", xml: sheet.xml) }
        if let sharedStrings { package.add("xl/sharedStrings.xml", xml: sharedStrings) }
        if let styles { package.add("xl/styles.xml", xml: styles) }
        for part in extraParts { package.add(part.path, xml: part.xml) }
        return package
    }

    func data() throws -> Data { try package().zipped() }
}

// MARK: - Round trip with the project's writer

@Suite("XLSX reader")
struct XLSXReaderTests {
    @Test func workbookWrittenByXLSXWriterReadsBackExactly() throws {
        var staff = Worksheet(name: "Cán bộ", columnWidths: [10, 30, 14, 16, 8])
        staff.appendMerged(.text("DANH SÁCH CÁN BỘ, CÔNG CHỨC", .title), columns: 5)
        staff.append([.text("Mã", .header), .text("Họ và tên", .header), .text("Ngày sinh", .header),
                      .text("Lương", .header), .text("Đạt", .header)])
        staff.append([.text("00123", .code), .text("Nguyễn Thị Hồng Nhung"), .day(Day(1985, 2, 5)),
                      .integer(24_180_000_000), .bool(true)])
        staff.append([.text("0912345678", .code), .empty, .day(Day(2020, 1, 1)), .decimal(0.8379), .bool(false)])
        staff.append([])
        staff.append([.blank(), .blank(), .text("chỉ cột C"), .blank()])
        staff.append([.text("Dòng một\ndòng hai & <thẻ> \"nháy\" 'đơn' _x0041_ giữ nguyên"), .percent(0.5),
                      .decimal(-1234.5), .integer(-7), .day(Day(1899, 12, 31))])
        staff.append([.day(Day(1900, 1, 1)), .day(Day(1900, 2, 28)), .day(Day(1900, 3, 1)), .text("  lề  ")])
        staff.merges.append(CellRange(firstRow: 6, firstColumn: 3, lastRow: 7, lastColumn: 4))

        var units = Worksheet(name: "Đơn vị & phòng")
        units.append([.text("Sở Nội vụ"), .integer(1_200)])
        units.append([.text("UBND huyện Ba Bể"), .integer(2_492)])

        let data = try XLSXWriter.write(Workbook(sheets: [staff, units, Worksheet(name: "Cán bộ")]))
        let reader = try XLSXReader(data: data)
        #expect(reader.sheets.map(\.name) == ["Cán bộ", "Đơn vị & phòng", "Cán bộ (2)"])
        #expect(!reader.uses1904Dates)

        let rows = try readRows(reader, reader.sheets[0])
        #expect(rows == [
            SheetRow(number: 1, cells: [.text("DANH SÁCH CÁN BỘ, CÔNG CHỨC")]),
            SheetRow(number: 2, cells: [.text("Mã"), .text("Họ và tên"), .text("Ngày sinh"), .text("Lương"),
                                        .text("Đạt")]),
            SheetRow(number: 3, cells: [.text("00123"), .text("Nguyễn Thị Hồng Nhung"), .date(Day(1985, 2, 5)),
                                        .number("24180000000"), .bool(true)]),
            SheetRow(number: 4, cells: [.text("0912345678"), nil, .date(Day(2020, 1, 1)), .number("0.8379"),
                                        .bool(false)]),
            SheetRow(number: 6, cells: [nil, nil, .text("chỉ cột C")]),
            SheetRow(number: 7, cells: [.text("Dòng một\ndòng hai & <thẻ> \"nháy\" 'đơn' _x0041_ giữ nguyên"),
                                        .number("0.5"), .number("-1234.5"), .number("-7"), .text("31/12/1899")]),
            SheetRow(number: 8, cells: [.date(Day(1900, 1, 1)), .date(Day(1900, 2, 28)), .date(Day(1900, 3, 1)),
                                        .text("  lề  ")]),
        ])
        #expect(try readRows(reader, reader.sheets[1]) == [
            SheetRow(number: 1, cells: [.text("Sở Nội vụ"), .number("1200")]),
            SheetRow(number: 2, cells: [.text("UBND huyện Ba Bể"), .number("2492")]),
        ])
        #expect(try readRows(reader, reader.sheets[2]).isEmpty)
        #expect(reader.sheet(named: "Đơn vị & phòng") == reader.sheets[1])
        #expect(reader.sheet(named: "Không có") == nil)
    }

    @Test func sampleWorkbookReadsBackFromMemoryAndFromFile() throws {
        let workbook = Samples.workbook()
        let data = try XLSXWriter.write(workbook)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hocba-reader-\(UUID().uuidString).xlsx")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        let fromMemory = try readAllSheets(try XLSXReader(data: data))
        let fromFile = try readAllSheets(try XLSXReader(url: url))
        #expect(fromMemory == fromFile)

        let names = XLSXWriter.uniqueSheetNames(workbook.sheets.map(\.name))
        #expect(try XLSXReader(url: url).sheets.map(\.name) == names)
        // Every cell the writer wrote is read back as the value it holds.
        for (sheet, name) in zip(workbook.sheets, names) {
            var expected: [Int: [SheetValue?]] = [:]
            for (rowIndex, row) in sheet.rows.enumerated() {
                var cells: [SheetValue?] = row.map { Self.expectedValue($0.value) }
                while let last = cells.last, last == nil { cells.removeLast() }
                if !cells.isEmpty { expected[rowIndex + 1] = cells }
            }
            let read = try #require(fromMemory[name])
            #expect(read.map(\.number) == expected.keys.sorted(), "\(name)")
            for row in read { #expect(row.cells == expected[row.number], "\(name) row \(row.number)") }
        }
    }

    /// What the reader gives for a value the writer wrote.
    static func expectedValue(_ value: CellValue) -> SheetValue? {
        switch value {
        case .empty: return nil
        case .text(let text):
            let cleaned = SharedStrings.cleaned(text)
            return cleaned.isEmpty ? nil : .text(cleaned)
        case .integer(let number): return .number(String(number))
        case .decimal(let number): return .number(XLSXWriter.format(number))
        case .day(let day): return XLSXWriter.dateSerial(day) == nil ? .text(day.vietnamese) : .date(day)
        case .bool(let flag): return .bool(flag)
        }
    }

    // MARK: Hand-built packages

    @Test func inlineStringsAndRichText() throws {
        var book = HandBuiltWorkbook()
        book.sharedStrings = HandBuiltWorkbook.strings(
            "<si><t>Hà Nội</t></si>"
                + "<si><r><t xml:space=\"preserve\">Nguyễn </t></r><r><rPr><b/><sz val=\"12\"/></rPr><t>Văn An</t></r>"
                + "<rPh sb=\"0\" eb=\"1\"><t>グエン</t></rPh><phoneticPr fontId=\"1\"/></si>"
                + "<si><t/></si>"
                + "<si><t>Ký tự_x000D_điều khiển _x005F_x0041_</t></si>"
                + "<si/>")
        book.sheets = [("Dữ liệu", HandBuiltWorkbook.sheet(
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                + "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c></row>"
                + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Bắc Kạn</t></is></c>"
                + "<c r=\"B2\" t=\"inlineStr\"><is><r><t>Trần </t></r><r><rPr><i/></rPr><t>Thị</t></r>"
                + "<rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></is></c>"
                + "<c r=\"C2\" t=\"inlineStr\"><is><t>0912345678</t></is></c></row>"))]
        #expect(try readFirstSheet(try book.data()) == [
            SheetRow(number: 1, cells: [.text("Hà Nội"), .text("Nguyễn Văn An"), nil,
                                        .text("Ký tự\rđiều khiển _x0041_")]),
            SheetRow(number: 2, cells: [.text("Bắc Kạn"), .text("Trần Thị"), .text("0912345678")]),
        ])
    }

    @Test func booleansErrorsAndFormulasWithCachedValues() throws {
        var book = HandBuiltWorkbook()
        book.sheets = [("Công thức", HandBuiltWorkbook.sheet(
            "<row r=\"1\"><c r=\"A1\" t=\"b\"><v>1</v></c><c r=\"B1\" t=\"b\"><v>0</v></c>"
                + "<c r=\"C1\" t=\"e\"><v>#N/A</v></c><c r=\"D1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>"
                + "<row r=\"2\"><c r=\"A2\"><f>SUM(A3:A4)</f><v>3</v></c>"
                + "<c r=\"B2\" t=\"str\"><f>A3&amp;\"x\"</f><v>1x</v></c>"
                + "<c r=\"C2\"><f>NOW()</f></c>"
                + "<c r=\"D2\" t=\"b\"><f>TRUE()</f><v>1</v></c>"
                + "<c r=\"E2\" t=\"n\"><f t=\"shared\" ref=\"E2:E3\" si=\"0\">A2*2</f><v>6</v></c></row>"
                + "<row r=\"3\"><c r=\"E3\"><f t=\"shared\" si=\"0\"/><v>1.5E3</v></c></row>"))]
        #expect(try readFirstSheet(try book.data()) == [
            SheetRow(number: 1, cells: [.bool(true), .bool(false), .error("#N/A"), .error("#DIV/0!")]),
            SheetRow(number: 2, cells: [.number("3"), .text("1x"), nil, .bool(true), .number("6")]),
            SheetRow(number: 3, cells: [nil, nil, nil, nil, .number("1.5E3")]),
        ])
    }

    @Test func cellsAndRowsWithoutReferencesContinueSequentially() throws {
        var book = HandBuiltWorkbook()
        book.sheets = [("Tuần tự", HandBuiltWorkbook.sheet(
            "<row><c><v>1</v></c><c><v>2</v></c><c r=\"E1\"><v>5</v></c><c><v>6</v></c></row>"
                + "<row><c t=\"inlineStr\"><is><t>dòng 2</t></is></c></row>"
                + "<row r=\"10\"><c r=\"b10\"><v>7</v></c><c/><c><v>9</v></c></row>"
                + "<row><c r=\"AB11\"><v>28</v></c></row>"
                + "<row r=\"13\" spans=\"1:3\" ht=\"20\" customHeight=\"1\"/>"
                + "<row r=\"14\"><c r=\"A14\" s=\"0\"/><c r=\"B14\"><v></v></c></row>"))]
        let rows = try readFirstSheet(try book.data())
        #expect(rows == [
            SheetRow(number: 1, cells: [.number("1"), .number("2"), nil, nil, .number("5"), .number("6")]),
            SheetRow(number: 2, cells: [.text("dòng 2")]),
            SheetRow(number: 10, cells: [nil, .number("7"), nil, .number("9")]),
            SheetRow(number: 11, cells: Array(repeating: nil, count: 27) + [.number("28")]),
        ])
        #expect(rows[3][27] == .number("28"))
        #expect(rows[3][28] == nil && rows[3][-1] == nil)
    }

    @Test func dates1904() throws {
        var book = HandBuiltWorkbook()
        book.workbookProperties = "<workbookPr date1904=\"1\"/>"
        book.styles = HandBuiltWorkbook.styles(formats: [:], cellFormats: [0, 14])
        book.sheets = [("1904", HandBuiltWorkbook.sheet(
            "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>42369</v></c>"
                + "<c r=\"C1\" s=\"0\"><v>42369</v></c><c r=\"D1\" s=\"1\"><v>42369.999</v></c></row>"))]
        let reader = try XLSXReader(data: try book.data())
        #expect(reader.uses1904Dates)
        #expect(try readRows(reader, reader.sheets[0]) == [
            SheetRow(number: 1, cells: [.date(Day(1904, 1, 1)), .date(Day(2020, 1, 1)), .number("42369"),
                                        .date(Day(2020, 1, 1))]),
        ])

        book.workbookProperties = "<workbookPr date1904=\"true\"/>"
        #expect(try XLSXReader(data: try book.data()).uses1904Dates)
        book.workbookProperties = "<workbookPr date1904=\"0\"/>"
        #expect(try !XLSXReader(data: try book.data()).uses1904Dates)
    }

    @Test func customDateFormatsAreToldFromNumberFormats() throws {
        let formats = [164: "dd/mm/yyyy", 165: "[$-42A]d/m/yyyy", 166: "0.00", 167: "#,##0", 168: "\"m\"0",
                       169: "yyyy-mm-dd hh:mm", 170: "#,##0 \"đồng\"", 171: "[Red]0.0;\\-0.0", 172: "h:mm:ss AM/PM",
                       173: "0 \\d\\a\\y"]
        var book = HandBuiltWorkbook()
        book.styles = HandBuiltWorkbook.styles(formats: formats, cellFormats: [0] + formats.keys.sorted() + [14, 22, 49])
        var cells = ""
        for style in 1...13 { cells += "<c r=\"\(CellRange.columnLetters(style - 1))1\" s=\"\(style)\"><v>43831.75</v></c>" }
        book.sheets = [("Định dạng", HandBuiltWorkbook.sheet("<row r=\"1\">\(cells)</row>"))]
        let day = SheetValue.date(Day(2020, 1, 1))
        let number = SheetValue.number("43831.75")
        #expect(try readFirstSheet(try book.data()) == [
            SheetRow(number: 1, cells: [day, day, number, number, number, day, number, number, day, number,
                                        day, day, number]),
        ])
    }

    @Test func isoDateCellsAndAbsoluteRelationshipTargets() throws {
        var book = HandBuiltWorkbook()
        book.absoluteTargets = true
        book.sharedStrings = HandBuiltWorkbook.strings("<si><t>chuỗi</t></si>")
        book.sheets = [("Ngày ISO", HandBuiltWorkbook.sheet(
            "<row r=\"1\"><c r=\"A1\" t=\"d\"><v>2020-01-01T00:00:00Z</v></c><c r=\"B1\" t=\"d\"><v>1890-05-17</v></c>"
                + "<c r=\"C1\" t=\"d\"><v>không phải ngày</v></c><c r=\"D1\" t=\"s\"><v>0</v></c></row>"))]
        #expect(try readFirstSheet(try book.data()) == [
            SheetRow(number: 1, cells: [.date(Day(2020, 1, 1)), .date(Day(1890, 5, 17)), .text("không phải ngày"),
                                        .text("chuỗi")]),
        ])
    }

    @Test func namespacePrefixesAndEntitiesInSheetNames() throws {
        var package = ZipPackage()
        package.add("_rels/.rels", xml: "<Relationships xmlns=\"\(OPC.packageRelationshipsNS)\"><Relationship Id=\"a\""
            + " Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument\" Target=\"xl/book.xml\"/>"
            + "</Relationships>")
        package.add("xl/book.xml", xml: "<x:workbook xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/main\""
            + " xmlns:rel=\"http://purl.oclc.org/ooxml/officeDocument/relationships\"><x:sheets>"
            + "<x:sheet name=\"Tổng &amp; hợp &#8211; &#x1EA0;\" sheetId=\"1\" rel:id=\"s1\"/>"
            + "<x:sheet name=\"Biểu đồ\" sheetId=\"2\" rel:id=\"c1\"/></x:sheets></x:workbook>")
        package.add("xl/_rels/book.xml.rels", xml: "<Relationships xmlns=\"\(OPC.packageRelationshipsNS)\">"
            + "<Relationship Id=\"s1\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet\" Target=\"./sheets/../sheets/one.xml\"/>"
            + "<Relationship Id=\"c1\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
            + "<Relationship Id=\"h\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink\" Target=\"https://example.org\" TargetMode=\"External\"/>"
            + "</Relationships>")
        package.add("xl/sheets/one.xml", xml: "<?xml version=\"1.0\"?>\n<!-- bình luận -->\n<x:worksheet"
            + " xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><x:sheetData><x:row x:r=\"1\">"
            + "<x:c r='A1' t='inlineStr'><x:is><x:t><![CDATA[<b>&amp;</b>]]></x:t></x:is></x:c></x:row>"
            + "</x:sheetData></x:worksheet>")
        let reader = try XLSXReader(data: try package.zipped())
        #expect(reader.sheets.map(\.name) == ["Tổng & hợp – Ạ"])
        #expect(reader.sheets.first?.path == "xl/sheets/one.xml")
        #expect(try readRows(reader, reader.sheets[0]) == [SheetRow(number: 1, cells: [.text("<b>&amp;</b>")])])
    }

    @Test func bodyMayStopReadingByThrowing() throws {
        struct Enough: Error {}
        var rows = ""
        for number in 1...100 { rows += "<row r=\"\(number)\"><c r=\"A\(number)\"><v>\(number)</v></c></row>" }
        var book = HandBuiltWorkbook()
        book.sheets = [("Dài", HandBuiltWorkbook.sheet(rows))]
        let reader = try XLSXReader(data: try book.data())
        var seen = 0
        #expect(throws: Enough.self) {
            try reader.rows(of: reader.sheets[0]) { _ in
                seen += 1
                if seen == 3 { throw Enough() }
            }
        }
        #expect(seen == 3)
        // The reader can be used again afterwards.
        #expect(try readRows(reader, reader.sheets[0]).count == 100)
    }

    // MARK: Dates and formats

    @Test func excelSerialsInThe1900And1904Systems() {
        #expect(XLSXReader.day(serial: 1, date1904: false) == Day(1900, 1, 1))
        #expect(XLSXReader.day(serial: 59, date1904: false) == Day(1900, 2, 28))
        #expect(XLSXReader.day(serial: 60, date1904: false) == nil)  // Excel's 29/02/1900
        #expect(XLSXReader.day(serial: 61, date1904: false) == Day(1900, 3, 1))
        #expect(XLSXReader.day(serial: 43831, date1904: false) == Day(2020, 1, 1))
        #expect(XLSXReader.day(serial: 44116.99, date1904: false) == Day(2020, 10, 12))
        #expect(XLSXReader.day(serial: 0.5, date1904: false) == Day(1899, 12, 31))
        #expect(XLSXReader.day(serial: 2_958_465, date1904: false) == Day(9999, 12, 31))
        #expect(XLSXReader.day(serial: 2_958_466, date1904: false) == nil)
        #expect(XLSXReader.day(serial: -1, date1904: false) == nil)
        #expect(XLSXReader.day(serial: .nan, date1904: false) == nil)
        #expect(XLSXReader.day(serial: 0, date1904: true) == Day(1904, 1, 1))
        #expect(XLSXReader.day(serial: 42369, date1904: true) == Day(2020, 1, 1))
        // Agrees with the writer for every day it writes as a serial.
        for day in [Day(1900, 1, 1), Day(1900, 2, 28), Day(1900, 3, 1), Day(1985, 2, 5), Day(2024, 2, 29)] {
            #expect(XLSXReader.day(serial: Double(XLSXWriter.dateSerial(day)!), date1904: false) == day)
        }
    }

    @Test func dateFormatCodes() {
        for code in ["dd/mm/yyyy", "[$-42A]d/m/yyyy", "yyyy-mm-dd hh:mm", "h:mm", "mm:ss", "[h]:mm:ss", "D/M/YY",
                     "\"Ngày \"dd", "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"] {
            #expect(XLSXReader.isDateFormat(id: 164, code: code), "\(code)")
        }
        for code in ["0.00", "#,##0", "\"m\"0", "General", "@", "0.00%", "0.00E+00", "#,##0 \"đồng\"", "0 \\d",
                     "[Red]0.0;[Blue]-0.0", "_(* #,##0_);_(* (#,##0)", "*-0", "[$VND]#,##0"] {
            #expect(!XLSXReader.isDateFormat(id: 164, code: code), "\(code)")
        }
        for id in [14, 15, 22, 27, 36, 45, 47, 50, 58] { #expect(XLSXReader.isDateFormat(id: id, code: nil)) }
        for id in [0, 1, 3, 4, 9, 10, 23, 37, 44, 48, 49, 59, 164] { #expect(!XLSXReader.isDateFormat(id: id, code: nil)) }
    }

    @Test func checksumAgreesWithZIPFoundation() {
        for length in [0, 1, 7, 8, 9, 63, 64, 65, 1_000, 70_000] {
            let bytes = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            let whole = bytes.withUnsafeBytes { ZipCRC32.update(0, $0) }
            #expect(whole == bytes.crc32(checksum: 0), "\(length) bytes")
            // In two pieces, as chunks arrive.
            let half = length / 3
            let first = bytes.prefix(half).withUnsafeBytes { ZipCRC32.update(0, $0) }
            #expect(bytes.suffix(from: half).withUnsafeBytes { ZipCRC32.update(first, $0) } == whole)
        }
    }

    @Test func relationshipTargetsResolve() {
        #expect(XLSXReader.resolve("worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
        #expect(XLSXReader.resolve("/xl/worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
        #expect(XLSXReader.resolve("../x/./a.xml", from: "xl/workbook.xml") == "x/a.xml")
        #expect(XLSXReader.resolve("xl/workbook.xml", from: "") == "xl/workbook.xml")
        #expect(XLSXReader.resolve("worksheets\\sheet2.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet2.xml")
    }
}

// MARK: - XML scanner

/// Records events as text: `<name a=v>`, `</name>`, `"text"` (adjacent text pieces joined).
private struct Recorder: XMLScanHandler {
    var events: [String] = []
    var wantsText: Bool { true }

    mutating func startElement(_ tag: XMLStartTag) throws {
        var attributes: [String] = []
        for name: StaticString in ["a", "b", "id", "r", "xmlns", "x"] {
            if let value = try tag.value(name) { attributes.append("\(name)=\(value)") }
        }
        events.append("<" + (try tag.name.string()) + (attributes.isEmpty ? "" : " " + attributes.joined(separator: " "))
            + (tag.isSelfClosing ? "/" : "") + ">")
    }

    mutating func endElement(_ name: XMLBytes) throws {
        events.append("</" + (try name.string()) + ">")
    }

    mutating func text(_ text: XMLBytes) throws {
        let piece = try text.string()
        if let last = events.last, last.hasPrefix("\"") {
            events[events.count - 1] = String(last.dropLast()) + piece + "\""
        } else {
            events.append("\"" + piece + "\"")
        }
    }
}

/// Scans `xml` fed in chunks of `chunk` bytes.
private func scan(_ xml: String, chunk: Int = .max, maxTokenBytes: Int = 32 << 20) throws -> [String] {
    var scanner = XMLScanner(maxTokenBytes: maxTokenBytes)
    var recorder = Recorder()
    let bytes = Array(xml.utf8)
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + chunk)
        try bytes[start..<end].withUnsafeBytes { try scanner.feed($0, to: &recorder) }
        start = end
    }
    try scanner.finish(&recorder)
    return recorder.events
}

@Suite("XML scanner")
struct XMLScannerTests {
    static let document = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- chú thích <không phải thẻ> -->"
        + "<p:root xmlns:p=\"urn:p\" xmlns=\"urn:d\" p:a=\"1 &gt; 0\" b='x\"y'>"
        + "<item id=\"&#65;&#x1EA0;&amp;&lt;&quot;&apos;\" r=\"có > bên trong\"/>"
        + "văn bản &amp; thực thể&#10;dòng\r\nmới<![CDATA[<không> &amp; ]]>sau"
        + "<?pi bỏ qua?><x:empty x=\"a\tb\nc\"></x:empty>"
        + "</p:root>\n"

    static let expected = [
        "<root a=1 > 0 b=x\"y>",
        "<item id=AẠ&<\"' r=có > bên trong/>", "</item>",
        "\"văn bản & thực thể\ndòng\nmới<không> &amp; sau\"",
        "<empty x=a b c>", "</empty>",
        "</root>",
    ]

    @Test func tokensEntitiesAndCDATA() throws {
        #expect(try scan(Self.document) == Self.expected)
    }

    @Test func anyChunkingGivesTheSameEvents() throws {
        for chunk in [1, 2, 3, 7, 64] {
            #expect(try scan(Self.document, chunk: chunk) == Self.expected, "chunk \(chunk)")
        }
    }

    @Test func malformedDocumentsAreRefused() {
        let cases: [(String, String)] = [
            ("<a>&unknown;</a>", "unknown entity"),
            ("<a>& b</a>", "bare ampersand"),
            ("<a><b></a></b>", "crossed tags"),
            ("<a><b>", "unclosed"),
            ("<a", "unfinished tag"),
            ("<a x=1/>", "unquoted attribute"),
            ("<a x=\"<\"/>", "'<' in a value"),
            ("<a/><b/>", "two roots"),
            ("<a/>text", "text after the root"),
            ("", "empty"),
            ("</a>", "end without start"),
            ("<a>&#0;</a>", "NUL reference"),
            ("<a>&#xD800;</a>", "surrogate reference"),
        ]
        for (xml, label) in cases {
            #expect(throws: XMLScanError.self, "\(label)") { try scan(xml) }
        }
        #expect(throws: XMLScanError.self) { try scan("<a>\(String(repeating: "x", count: 5000))</a>", chunk: 100, maxTokenBytes: 1000) }
        let deep = String(repeating: "<a>", count: 2000) + String(repeating: "</a>", count: 2000)
        #expect(throws: XMLScanError.self) { try scan(deep) }
    }

    @Test func textNobodyWantsTakesNoMemory() throws {
        struct Uninterested: XMLScanHandler {
            var elements = 0
            var wantsText: Bool { false }
            mutating func startElement(_ tag: XMLStartTag) throws { elements += 1 }
            mutating func endElement(_ name: XMLBytes) throws {}
            mutating func text(_ text: XMLBytes) throws { Issue.record("unwanted text delivered") }
        }
        // 50 KB of text and leading whitespace, fed in 100-byte chunks to a scanner whose tokens may be 1 KB.
        let bytes = Array((String(repeating: " ", count: 5_000) + "<a><f>" + String(repeating: "SUM(A1:A2)+", count: 5_000)
            + "1</f><b/></a>").utf8)
        var scanner = XMLScanner(maxTokenBytes: 1_000)
        var handler = Uninterested()
        for start in stride(from: 0, to: bytes.count, by: 100) {
            try bytes[start..<min(bytes.count, start + 100)].withUnsafeBytes { try scanner.feed($0, to: &handler) }
        }
        try scanner.finish(&handler)
        #expect(handler.elements == 3)
        // A tag with too many attributes is refused.
        let attributes = (0..<1_001).map { "a\($0)=\"\"" }.joined(separator: " ")
        #expect(throws: XMLScanError.self) { try scan("<a \(attributes)/>") }
    }

    @Test func invalidUTF8IsRefusedWhenItBecomesAString() throws {
        var scanner = XMLScanner()
        var recorder = Recorder()
        let bytes: [UInt8] = Array("<a>".utf8) + [0xC3, 0x28] + Array("</a>".utf8)
        #expect(throws: XMLScanError.self) {
            try bytes.withUnsafeBytes { try scanner.feed($0, to: &recorder) }
        }
    }

    @Test func declarationsOfADTDAreForbidden() {
        for xml in ["<!DOCTYPE a><a/>", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
                    "<!doctype a SYSTEM \"file:///etc/passwd\"><a/>", "<a><!ENTITY x \"y\"></a>"] {
            for chunk in [1, 5, .max] {
                #expect(throws: XMLScanError.forbiddenDTD, "\(xml) / \(chunk)") { try scan(xml, chunk: chunk) }
            }
        }
    }
}

// MARK: - Files made by other tools

/// Reads what openpyxl and LibreOffice write (`tests/office/make_reader_samples.py` makes the files). Without the
/// tools the test passes without checking anything, unless `HOCBA_OFFICE_CHECK=1` (CI), when it fails.
/// `HOCBA_PYTHON` names the Python interpreter (default `python3` on PATH).
@Suite("Files made by other tools")
struct ExternalReaderTests {
    /// What both files hold on their first sheet; the formula in H2 has a cached value only in LibreOffice's.
    static func expectedStaff(formula: SheetValue?) -> [SheetRow] {
        var second: [SheetValue?] = [.text("00123"), .text("Nguyễn Thị Hồng Nhung"), .date(Day(1985, 2, 5)),
                                     .number("24180000000"), .number("0.8379"), .bool(true), .text("Trưởng phòng")]
        if let formula { second.append(formula) }
        return [
            SheetRow(number: 1, cells: [.text("Mã"), .text("Họ và tên"), .text("Ngày sinh"), .text("Lương"),
                                        .text("Tỷ lệ"), .text("Đảng viên"), .text("Chức vụ"), .text("Công thức")]),
            SheetRow(number: 2, cells: second),
            SheetRow(number: 3, cells: [.text("0912345678"), .text("Trần Văn Bình"), .date(Day(2020, 1, 1)),
                                        .number("1500000"), .number("1.5"), .bool(false)]),
            SheetRow(number: 5, cells: [nil, nil, .text("chỉ cột C")]),
            SheetRow(number: 6, cells: [.text("Dòng một\ndòng hai"), .number("-7"), .date(Day(1900, 3, 1))]),
        ]
    }

    static let expectedUnits = [
        SheetRow(number: 1, cells: [.text("Báo cáo")]),
        SheetRow(number: 2, cells: [.text("Sở Nội vụ"), .number("1200")]),
    ]

    @Test func workbooksWrittenByOpenpyxlAndLibreOffice() throws {
        let environment = ProcessInfo.processInfo.environment
        let required = environment["HOCBA_OFFICE_CHECK"] == "1"
        let script = try #require(Self.script(), "tests/office/make_reader_samples.py not found")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hocba-reader-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let withSoffice = required || Self.onPath("soffice") || Self.onPath("libreoffice")
        let python = environment["HOCBA_PYTHON"] ?? "python3"
        let (status, output) = try runProcess(["/usr/bin/env", python, script.path]
            + (withSoffice ? ["--soffice"] : []) + [directory.path])
        // 127: no Python; 2: no openpyxl; 3: no LibreOffice (or it failed).
        if status != 0 {
            if required || ![127, 2, 3].contains(status) {
                Issue.record("make_reader_samples.py failed (\(status)):\n\(output)")
            }
            if status != 3 { return }
        }

        let openpyxl = try XLSXReader(url: directory.appendingPathComponent("openpyxl.xlsx"))
        #expect(openpyxl.sheets.map(\.name) == ["Cán bộ", "Đơn vị & phòng"])
        #expect(try readRows(openpyxl, openpyxl.sheets[0]) == Self.expectedStaff(formula: nil))
        #expect(try readRows(openpyxl, openpyxl.sheets[1]) == Self.expectedUnits)
        guard status == 0 && withSoffice else { return }

        let converted = directory.appendingPathComponent("libreoffice")
        let libreOffice = try XLSXReader(url: converted.appendingPathComponent("openpyxl.xlsx"))
        #expect(libreOffice.sheets.map(\.name) == ["Cán bộ", "Đơn vị & phòng"])
        #expect(try readRows(libreOffice, libreOffice.sheets[0]) == Self.expectedStaff(formula: .number("3")))
        #expect(try readRows(libreOffice, libreOffice.sheets[1]) == Self.expectedUnits)

        // LibreOffice's CSV of the first sheet: values as displayed, all text.
        let csv = try CSVReader(url: converted.appendingPathComponent("openpyxl.csv"))
        var rows: [SheetRow] = []
        try csv.rows { rows.append($0) }
        #expect(csv.delimiter == UInt8(ascii: ","))
        #expect(rows.map(\.number) == [1, 2, 3, 5, 6])
        #expect(rows.first?.cells.count == 8)
        #expect(rows.map { $0[1] } == [.text("Họ và tên"), .text("Nguyễn Thị Hồng Nhung"), .text("Trần Văn Bình"), nil,
                                       .text("-7")])
        #expect(rows[1][0] == .text("00123") && rows[1][6] == .text("Trưởng phòng"))
        #expect(rows[4][0] == .text("Dòng một\ndòng hai"))
    }

    /// `tests/office/make_reader_samples.py`, found upwards from this source file.
    static func script(filePath: String = #filePath) -> URL? {
        repositoryFile("tests/office/make_reader_samples.py", from: filePath)
    }

    static func onPath(_ program: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
        }
    }

}
