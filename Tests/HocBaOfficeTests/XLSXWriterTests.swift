import Foundation
import HocBaCore
import Testing
@testable import HocBaOffice

@Suite("XLSX writer")
struct XLSXWriterTests {
    /// The sample workbook's parts, each parsed (so every part is well-formed XML).
    struct Written {
        let data: Data
        let parts: [String: String]
        let xml: [String: ParsedXML]

        init(_ workbook: Workbook) throws {
            data = try XLSXWriter.write(workbook)
            parts = try unzipParts(data)
            var parsed: [String: ParsedXML] = [:]
            for (path, text) in parts { parsed[path] = try ParsedXML(text) }
            xml = parsed
        }

        func part(_ path: String) throws -> ParsedXML { try #require(xml[path], "missing part \(path)") }

        /// The number format code a cell's style carries.
        func numberFormat(sheet: Int, cell reference: String) throws -> String? {
            let sheetXML = try part("xl/worksheets/sheet\(sheet).xml")
            let styleIndex = Int(try sheetXML.value("c[@r='\(reference)']/@s") ?? "0") ?? 0
            let styles = try part("xl/styles.xml")
            let id = try #require(try styles.values("cellXfs/xf/@numFmtId").dropFirst(styleIndex).first)
            let builtins = ["0": "General", "3": "#,##0", "4": "#,##0.00", "10": "0.00%", "49": "@"]
            if let builtin = builtins[id] { return builtin }
            return try styles.value("numFmts/numFmt[@numFmtId='\(id)']/@formatCode")
        }

        func sharedString(_ index: Int) throws -> String? {
            try part("xl/sharedStrings.xml").values("si").dropFirst(index).first
        }

        /// The value a cell shows: shared strings resolved.
        func cellText(sheet: Int, cell reference: String) throws -> String? {
            let sheetXML = try part("xl/worksheets/sheet\(sheet).xml")
            guard let raw = try sheetXML.value("c[@r='\(reference)']/v") else { return nil }
            if try sheetXML.value("c[@r='\(reference)']/@t") == "s" { return try sharedString(Int(raw) ?? -1) }
            return raw
        }
    }

    @Test func packageHasEveryPartAndContentType() throws {
        let written = try Written(Samples.workbook())
        let paths = try entryPaths(written.data)
        #expect(paths.first == "[Content_Types].xml")
        #expect(Set(paths) == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
        ])
        let types = try written.part("[Content_Types].xml")
        for index in 1...3 {
            #expect(try types.value("Override[@PartName='/xl/worksheets/sheet\(index).xml']/@ContentType")
                == "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
        }
        let relationships = try written.part("xl/_rels/workbook.xml.rels")
        #expect(try relationships.values("Relationship/@Target").sorted()
            == ["sharedStrings.xml", "styles.xml", "worksheets/sheet1.xml", "worksheets/sheet2.xml", "worksheets/sheet3.xml"])
        let core = try written.part("docProps/core.xml")
        #expect(try core.value("creator") == "hocba")
        #expect(try core.value("title") == "Báo cáo tổng hợp 2016-2020")
    }

    @Test func sharedStringsAreDeduplicatedAndReferencedByIndex() throws {
        var sheet = Worksheet(name: "Dữ liệu")
        sheet.append([.text("Hà Nội"), .text("Bắc Kạn"), .text("Hà Nội")])
        sheet.append([.text("Hà Nội"), .integer(5), .text("Bắc Kạn")])
        let written = try Written(Workbook(sheets: [sheet]))
        let strings = try written.part("xl/sharedStrings.xml")
        #expect(try strings.values("si") == ["Hà Nội", "Bắc Kạn"])
        #expect(try strings.value("/*/@uniqueCount") == "2")
        #expect(try strings.value("/*/@count") == "5")
        let cells = try written.part("xl/worksheets/sheet1.xml")
        #expect(try cells.values("c[@t='s']/v") == ["0", "1", "0", "0", "1"])
        #expect(try cells.value("c[@r='B2']/v") == "5")
        #expect(try cells.value("c[@r='B2']/@t") == nil)
    }

    @Test func vietnameseTextIsIntactUTF8() throws {
        let written = try Written(Samples.workbook())
        let raw = try unzipParts(written.data)["xl/sharedStrings.xml"]!
        #expect(raw.contains("Nguyễn Thị Hồng Nhung"))
        #expect(raw.contains("BÁO CÁO KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"))
        // "ễ" is U+1EC5, three bytes in UTF-8; no numeric character references are used.
        #expect(Data(raw.utf8).range(of: Data([0xE1, 0xBB, 0x85])) != nil)
        #expect(!raw.contains("&#"))
        #expect(try written.cellText(sheet: 2, cell: "B2") == "Nguyễn Thị Hồng Nhung")
        #expect(try written.part("xl/workbook.xml").values("sheet/@name")
            == ["Tổng hợp 2016-2020", "Danh sách học viên", "Danh mục mã loại 2020"])
    }

    @Test func specialCharactersAreEscapedAndForbiddenControlsDropped() throws {
        let written = try Written(Samples.workbook())
        let raw = written.parts["xl/sharedStrings.xml"]!
        #expect(raw.contains("Giá trị 4 &amp; &lt;thẻ&gt; &quot;trích dẫn&quot; &apos;nháy&apos;"))
        #expect(try written.part("xl/worksheets/sheet2.xml").value("c[@r='C2']/@t") == nil)  // a date is a number
        #expect(try written.cellText(sheet: 2, cell: "E2") == "Giá trị 4 & <thẻ> \"trích dẫn\" 'nháy'")
        #expect(!raw.contains("\u{0007}"))
        #expect(try written.cellText(sheet: 3, cell: "B4") == "Bỏ học (ký tự điều khiển bị bỏ)")

        var sheet = Worksheet(name: "A")
        sheet.append([.text("_x0041_ giữ nguyên"), .text("  cách  \r\ndòng"), .text("\u{0}\u{1F}\u{FFFE}ok")])
        let other = try Written(Workbook(sheets: [sheet]))
        let strings = other.parts["xl/sharedStrings.xml"]!
        #expect(strings.contains("<t>_x005F_x0041_ giữ nguyên</t>"))
        #expect(strings.contains("<t xml:space=\"preserve\">  cách  \ndòng</t>"))
        #expect(strings.contains("<t>ok</t>"))
    }

    @Test func mergedRangesAreWrittenInA1Notation() throws {
        let written = try Written(Samples.workbook())
        let sheet = try written.part("xl/worksheets/sheet1.xml")
        #expect(try sheet.values("mergeCell/@ref")
            == ["A1:J1", "A2:J2", "A4:A5", "B4:B5", "C4:C5", "D4:F4", "G4:H4", "I4:I5", "J4:J5"])
        #expect(try sheet.value("mergeCells/@count") == "9")
        #expect(try sheet.value("dimension/@ref") == "A1:J9")
        // The covered cells of a merged header keep the header style (borders and fill all round).
        #expect(try sheet.value("c[@r='E4']/@s") == sheet.value("c[@r='D4']/@s"))
    }

    @Test func mergesMustNotOverlapAndSingleCellsAreDropped() throws {
        var sheet = Worksheet(name: "A", rows: [[.text("x")]])
        sheet.merges = [CellRange(row: 0, columns: 0...2), CellRange(firstRow: 0, firstColumn: 2, lastRow: 1, lastColumn: 3)]
        #expect(throws: OfficeError.overlappingMerges(sheet: "A", first: "A1:C1", second: "C1:D2")) {
            try XLSXWriter.write(Workbook(sheets: [sheet]))
        }
        sheet.merges = [CellRange(row: 0, columns: 0...0), CellRange(row: 0, columns: 0...1), CellRange(row: 0, columns: 0...1)]
        let written = try Written(Workbook(sheets: [sheet]))
        #expect(try written.part("xl/worksheets/sheet1.xml").values("mergeCell/@ref") == ["A1:B1"])
        sheet.merges = [CellRange(firstRow: 2, firstColumn: 0, lastRow: 1, lastColumn: 0)]
        #expect(throws: OfficeError.self) { try XLSXWriter.write(Workbook(sheets: [sheet])) }
    }

    @Test func numberFormatsFollowTheCellStyles() throws {
        let written = try Written(Samples.workbook())
        #expect(try written.numberFormat(sheet: 1, cell: "C6") == "#,##0")
        #expect(try written.numberFormat(sheet: 1, cell: "I6") == "0.00%")
        #expect(try written.numberFormat(sheet: 1, cell: "J6") == "dd/mm/yyyy")
        #expect(try written.numberFormat(sheet: 1, cell: "I9") == "#,##0.00")
        #expect(try written.numberFormat(sheet: 2, cell: "A2") == "@")
        #expect(try written.numberFormat(sheet: 1, cell: "A1") == "General")
        #expect(try written.cellText(sheet: 1, cell: "I6") == "0.9861")
        #expect(try written.cellText(sheet: 1, cell: "C6") == "1200")
        #expect(try written.cellText(sheet: 2, cell: "A2") == "00123")
        let styles = try written.part("xl/styles.xml")
        #expect(try styles.value("numFmts/numFmt/@formatCode") == "dd/mm/yyyy")
        #expect(try styles.values("font/name/@val").allSatisfy { $0 == "Times New Roman" })
        #expect(try styles.values("fill/patternFill/fgColor/@rgb") == ["FFD9D9D9"])
    }

    @Test func oneCellFormatPerDistinctStyle() throws {
        var sheet = Worksheet(name: "A")
        for row in 0..<50 {
            sheet.append([.text("Dòng \(row)", .cell), .integer(row), .integer(row * 2), .text("x", .header)])
        }
        let written = try Written(Workbook(sheets: [sheet]))
        // plain (index 0) + cell + number + header
        #expect(try written.part("xl/styles.xml").value("cellXfs/@count") == "4")
        #expect(try written.part("xl/styles.xml").count("cellXfs/xf") == 4)
        let header = try written.part("xl/styles.xml").values("cellXfs/xf").count
        #expect(header == 4)
        let styles = try written.part("xl/worksheets/sheet1.xml").values("c/@s")
        #expect(Set(styles) == ["1", "2", "3"])
    }

    @Test func datesAreExcelSerialsInThe1900System() throws {
        #expect(XLSXWriter.dateSerial(Day(2020, 10, 12)) == 44_116)
        #expect(XLSXWriter.dateSerial(Day(1900, 1, 1)) == 1)
        #expect(XLSXWriter.dateSerial(Day(1900, 2, 28)) == 59)
        #expect(XLSXWriter.dateSerial(Day(1900, 3, 1)) == 61)
        #expect(XLSXWriter.dateSerial(Day(1970, 1, 1)) == 25_569)
        #expect(XLSXWriter.dateSerial(Day(9999, 12, 31)) == 2_958_465)
        #expect(XLSXWriter.dateSerial(Day(1899, 12, 31)) == nil)

        let written = try Written(Samples.workbook())
        #expect(try written.cellText(sheet: 1, cell: "J6") == "44116")
        #expect(try written.cellText(sheet: 2, cell: "C2") == String(XLSXWriter.dateSerial(Day(1985, 2, 5))!))
        #expect(try written.numberFormat(sheet: 2, cell: "C2") == "dd/mm/yyyy")

        // A day with a general style still gets the date format; one before 1900 is written as text.
        var sheet = Worksheet(name: "A")
        sheet.append([Cell(.day(Day(2020, 10, 12))), Cell(.day(Day(1899, 12, 31)))])
        let other = try Written(Workbook(sheets: [sheet]))
        #expect(try other.numberFormat(sheet: 1, cell: "A1") == "dd/mm/yyyy")
        #expect(try other.cellText(sheet: 1, cell: "B1") == "31/12/1899")
    }

    @Test func columnLettersGoBeyondZ() throws {
        let expected: [Int: String] = [0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ",
                                       702: "AAA", 16_383: "XFD"]
        for (index, letters) in expected {
            #expect(CellRange.columnLetters(index) == letters)
            #expect(CellRange.columnIndex(letters) == index)
        }
        for index in stride(from: 0, to: 16_384, by: 7) {
            #expect(CellRange.columnIndex(CellRange.columnLetters(index)) == index)
        }
        #expect(CellRange(row: 0, columns: 26...27).a1 == "AA1:AB1")
        #expect(CellRange(a1: "$AA$2:ab10") == CellRange(firstRow: 1, firstColumn: 26, lastRow: 9, lastColumn: 27))
        #expect(CellRange(a1: "B3")?.a1 == "B3")
        #expect(CellRange(a1: "C3:A1") == nil)
        #expect(CellRange(a1: "A0") == nil)

        let written = try Written(Samples.workbook())
        let sheet = try written.part("xl/worksheets/sheet2.xml")
        #expect(try sheet.value("c[@r='AA1']/@t") == "s")
        #expect(try written.cellText(sheet: 2, cell: "AB1") == "Kết quả")
        #expect(try written.cellText(sheet: 2, cell: "AB2") == "HOAN-THANH")
        #expect(try sheet.value("dimension/@ref") == "A1:AB2")
    }

    @Test func sheetNamesFollowExcelRules() throws {
        #expect(Worksheet.sanitisedName("Danh mục: mã/loại [2020]*?") == "Danh mục mã loại 2020")
        #expect(Worksheet.sanitisedName("'Trích'") == "Trích")
        #expect(Worksheet.sanitisedName("   ") == "Sheet")
        #expect(Worksheet.sanitisedName("a\\b\tc") == "a b c")
        #expect(Worksheet.sanitisedName("history") == "History 1")
        let long = "Kết quả đào tạo, bồi dưỡng cán bộ, công chức cấp xã"
        let cut = Worksheet.sanitisedName(long)
        #expect(cut.utf16.count <= 31)
        #expect(long.hasPrefix(cut))
        // Decomposed input (NFD) is composed first, so the 31 characters are real letters.
        let decomposed = "Nguyễn Thị Hồng Nhung - Sở Nội vụ".decomposedStringWithCanonicalMapping
        #expect(decomposed.unicodeScalars.count > 40)
        #expect(Worksheet.sanitisedName(decomposed).unicodeScalars.elementsEqual("Nguyễn Thị Hồng Nhung - Sở Nội".precomposedStringWithCanonicalMapping.unicodeScalars))

        #expect(XLSXWriter.uniqueSheetNames(["Sheet", "sheet", "SHEET", "Dữ liệu"])
            == ["Sheet", "sheet (2)", "SHEET (3)", "Dữ liệu"])
        let twice = XLSXWriter.uniqueSheetNames([long, long])
        #expect(twice[1].hasSuffix(" (2)") && twice[1].utf16.count <= 31 && twice[0] != twice[1])
    }

    @Test func frozenPanesColumnsAndPrintTitles() throws {
        let written = try Written(Samples.workbook())
        let summary = try written.part("xl/worksheets/sheet1.xml")
        #expect(try summary.value("pane/@ySplit") == "5")
        #expect(try summary.value("pane/@xSplit") == nil)
        #expect(try summary.value("pane/@topLeftCell") == "A6")
        #expect(try summary.value("pane/@state") == "frozen")
        #expect(try summary.value("sheetView/@tabSelected") == "1")
        #expect(try summary.value("col[@min='2']/@width") == "32")
        #expect(try summary.value("row[@r='1']/@ht") == "24")
        let list = try written.part("xl/worksheets/sheet2.xml")
        #expect(try list.value("pane/@xSplit") == "2")
        #expect(try list.value("pane/@ySplit") == "1")
        #expect(try list.value("pane/@topLeftCell") == "C2")
        #expect(try list.value("pane/@activePane") == "bottomRight")
        #expect(try list.value("pageSetup/@orientation") == "landscape")
        #expect(try list.value("pageSetup/@paperSize") == "9")
        #expect(try list.count("col") == 28)
        let workbook = try written.part("xl/workbook.xml")
        #expect(try workbook.values("definedName") == ["'Tổng hợp 2016-2020'!$1:$5", "'Danh sách học viên'!$1:$1"])
    }

    @Test func dropDownListsFromValuesAndFromAnotherSheet() throws {
        let written = try Written(Samples.workbook())
        let list = try written.part("xl/worksheets/sheet2.xml")
        #expect(try list.value("dataValidations/@count") == "2")
        #expect(try list.values("dataValidation/@type") == ["list", "list"])
        #expect(try list.values("dataValidation/@sqref") == ["AB2:AB501", "D2:D501"])
        // The range source names the catalogue sheet by its sanitised name.
        #expect(try list.values("dataValidation/formula1") == ["'Danh mục mã loại 2020'!$A$2:$A$4", "\"Có,Không\""])
        #expect(try list.value("dataValidation/@error") == "Chọn một mã trong danh mục")
        // mergeCells (none here) and dataValidations come in schema order, after sheetData.
        let raw = written.parts["xl/worksheets/sheet2.xml"]!
        let data = try #require(raw.range(of: "</sheetData>"))
        let validations = try #require(raw.range(of: "<dataValidations"))
        let margins = try #require(raw.range(of: "<pageMargins"))
        #expect(data.lowerBound < validations.lowerBound && validations.lowerBound < margins.lowerBound)
    }

    @Test func invalidDropDownListsAreRefused() throws {
        func workbook(_ values: [String]) -> Workbook {
            Workbook(sheets: [Worksheet(name: "A", dataValidations: [
                ListValidation(range: CellRange(column: 0, rows: 0...9), values: values)])])
        }
        #expect(throws: OfficeError.self) { try XLSXWriter.write(workbook(["Có, nhưng", "Không"])) }
        #expect(throws: OfficeError.self) { try XLSXWriter.write(workbook([])) }
        #expect(throws: OfficeError.self) {
            try XLSXWriter.write(workbook((0..<60).map { "Mã số \($0)" }))
        }
        let quoted = try Written(workbook(["Loại \"A\"", "B"]))
        #expect(try quoted.part("xl/worksheets/sheet1.xml").value("formula1") == #""Loại ""A"",B""#)
    }

    @Test func rowsWithWrappedTextOrLargeFontsGetTallerHeights() throws {
        var sheet = Worksheet(name: "A", columnWidths: [14, 40])
        sheet.append([.text("Ngắn"), .text("Cũng ngắn")])
        sheet.append([.text("Giá trị rất dài cần xuống dòng nhiều lần trong ô hẹp này"), .text("x")])
        sheet.append([.text("Một dòng\nHai dòng\nBa dòng", .plain)])
        sheet.append([.text("Tiêu đề", .title)])
        sheet.append([.text("Chiều cao đặt sẵn rất dài cần xuống dòng nhiều lần trong ô hẹp này")])
        sheet.rowHeights[4] = 20
        sheet.appendMerged(.text("Gộp qua hai cột nên đủ chỗ cho cả dòng chữ này", .cell), columns: 2)
        let written = try Written(Workbook(sheets: [sheet]))
        let cells = try written.part("xl/worksheets/sheet1.xml")
        #expect(try cells.value("row[@r='1']/@ht") == nil)
        let wrapped = try #require(Double(try cells.value("row[@r='2']/@ht") ?? ""))
        #expect(wrapped >= 3 * 15.75 && wrapped <= 6 * 15.75)
        #expect(try cells.value("row[@r='2']/@customHeight") == nil)
        #expect(Double(try cells.value("row[@r='3']/@ht") ?? "") == 3 * 15.75 + 2)
        #expect(Double(try cells.value("row[@r='4']/@ht") ?? "")! >= 18.375)
        #expect(try cells.value("row[@r='5']/@ht") == "20")
        #expect(try cells.value("row[@r='5']/@customHeight") == "1")
        #expect(try cells.value("row[@r='6']/@ht") == nil)

        sheet.autoRowHeights = false
        let manual = try Written(Workbook(sheets: [sheet]))
        #expect(try manual.part("xl/worksheets/sheet1.xml").values("row/@ht") == ["20"])
    }

    @Test func otherValuesAndLimits() throws {
        var sheet = Worksheet(name: "A")
        sheet.append([.bool(true), .bool(false), .decimal(0.1), .decimal(-2.5e-7), .integer(-42), .blank(), .empty])
        let written = try Written(Workbook(sheets: [sheet]))
        let cells = try written.part("xl/worksheets/sheet1.xml")
        #expect(try cells.values("c[@t='b']/v") == ["1", "0"])
        #expect(try cells.value("c[@r='C1']/v") == "0.1")
        #expect(Double(try cells.value("c[@r='D1']/v") ?? "") == -2.5e-7)
        #expect(try cells.value("c[@r='E1']/v") == "-42")
        #expect(try cells.value("c[@r='F1']/@s") != nil)  // a blank bordered cell is written
        #expect(try cells.count("c[@r='G1']") == 0)       // a plain empty cell is not

        var bad = Worksheet(name: "A")
        bad.append([.decimal(.nan)])
        #expect(throws: OfficeError.nonFiniteNumber(sheet: "A", cell: "A1")) { try XLSXWriter.write(Workbook(sheets: [bad])) }
        #expect(throws: OfficeError.noSheets) { try XLSXWriter.write(Workbook(sheets: [])) }

        let empty = try Written(Workbook(sheets: [Worksheet(name: "Trống")]))
        #expect(empty.parts["xl/worksheets/sheet1.xml"]!.contains("<sheetData/>"))
        #expect(try empty.part("xl/sharedStrings.xml").value("/*/@uniqueCount") == "0")
    }

    @Test func sameWorkbookGivesSameBytes() throws {
        let first = try XLSXWriter.write(Samples.workbook())
        let second = try XLSXWriter.write(Samples.workbook())
        #expect(first == second)
        var changed = Samples.workbook()
        changed.sheets[0].rows[5][2] = .integer(1_201)
        #expect(try XLSXWriter.write(changed) != first)
        // Zip entries are deflated.
        #expect(first.count < (try unzipParts(first).values.map(\.utf8.count).reduce(0, +)))
    }

    @Test func largeSheetIsWrittenQuickly() throws {
        var sheet = Worksheet(name: "Học viên", frozenRows: 1)
        sheet.append((0..<20).map { .text("Cột \($0)", .header) })
        for row in 0..<5_000 {
            sheet.append((0..<20).map { column in
                column % 3 == 0 ? .text("Học viên \(row % 500)") : (column % 3 == 1 ? .integer(row * column) : .day(Day(2020, 1, 1).adding(days: row)))
            })
        }
        let start = Date()
        let data = try XLSXWriter.write(Workbook(sheets: [sheet]))
        #expect(Date().timeIntervalSince(start) < 30)
        let parts = try unzipParts(data)
        #expect(try ParsedXML(parts["xl/sharedStrings.xml"]!).value("/*/@uniqueCount") == "520")
    }
}
