import Foundation
import HocBaCore
import Testing
@testable import HocBaOffice

@Suite("XLSX stream writer")
struct XLSXStreamWriterTests {
    private func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).xlsx")
    }

    @Test func rowsReadBackWithTextInTheirCells() throws {
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try XLSXStreamWriter(to: url, title: "Thử")
        try writer.startSheet("CanBo", header: [.text("Mã*", .header), .text("Họ và tên*", .header)],
                              columnWidths: [12, 30])
        try writer.append([.text("CB001", .code), .text("Nguyễn Văn <A> & \"B\"")])
        try writer.append([.text("CB002"), .text(" khoảng trắng "), .day(Day(year: 1980, month: 2, day: 29)!),
                           .integer(42), .bool(true)])
        try writer.append([.text("CB003"), .text("_x0041_ không phải mã")])
        try writer.startSheet("LopHoc", header: [.text("Mã lớp*", .header)], columnWidths: [12])
        try writer.finish()

        let data = try Data(contentsOf: url)
        let reader = try XLSXReader(data: data)
        #expect(reader.sheets.map(\.name) == ["CanBo", "LopHoc"])
        let rows = try readAllSheets(reader)
        #expect(rows["CanBo"]?.map(\.cells) == [
            [.text("Mã*"), .text("Họ và tên*")],
            [.text("CB001"), .text("Nguyễn Văn <A> & \"B\"")],
            [.text("CB002"), .text(" khoảng trắng "), .date(Day(year: 1980, month: 2, day: 29)!), .number("42"),
             .bool(true)],
            [.text("CB003"), .text("_x0041_ không phải mã")],
        ])
        #expect(rows["LopHoc"]?.map(\.cells) == [[.text("Mã lớp*")]])

        let parts = try unzipParts(data)
        let sheet = try ParsedXML(try #require(parts["xl/worksheets/sheet1.xml"]))
        #expect(try sheet.value("dimension/@ref") == "A1:E4")
        #expect(try sheet.value("sheetViews/sheetView/pane/@ySplit") == "1")
        #expect(try sheet.count("c[@t='inlineStr']") == 8)
        #expect(try ParsedXML(try #require(parts["xl/worksheets/sheet2.xml"])).value("dimension/@ref") == "A1")
        let workbook = try ParsedXML(try #require(parts["xl/workbook.xml"]))
        #expect(try workbook.values("definedNames/definedName") == ["'CanBo'!$1:$1", "'LopHoc'!$1:$1"])
    }

    @Test func aSheetPastItsRowsContinuesOnNumberedSheetsWithTheHeader() throws {
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try XLSXStreamWriter(to: url, title: "Thử", rowsPerSheet: 3)
        try writer.startSheet("HocVien", header: [.text("Mã lớp*", .header), .text("Mã cán bộ*", .header)],
                              columnWidths: [12, 12])
        for index in 1...7 { try writer.append([.text("L\(index)"), .integer(index)]) }
        try writer.startSheet("KinhPhi", header: [.text("Số chứng từ*", .header)], columnWidths: [12])
        for index in 1...3 { try writer.append([.text("CT\(index)")]) }
        try writer.finish()

        let reader = try XLSXReader(url: url)
        #expect(reader.sheets.map(\.name) == ["HocVien", "HocVien (2)", "HocVien (3)", "KinhPhi"])
        let rows = try readAllSheets(reader)
        let header: [SheetValue?] = [.text("Mã lớp*"), .text("Mã cán bộ*")]
        #expect(rows["HocVien"]?.map(\.cells) == [header] + (1...3).map { [.text("L\($0)"), .number("\($0)")] })
        #expect(rows["HocVien (2)"]?.map(\.cells) == [header] + (4...6).map { [.text("L\($0)"), .number("\($0)")] })
        #expect(rows["HocVien (3)"]?.map(\.cells) == [header, [.text("L7"), .number("7")]])
        // Exactly full: no empty continuation sheet.
        #expect(rows["KinhPhi"]?.count == 4)
    }

    @Test func sheetsFlushToDiskInsteadOfGrowingInMemory() throws {
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try XLSXStreamWriter(to: url, title: "Thử")
        try writer.startSheet("CanBo", header: [.text("Mã*", .header)], columnWidths: [12])
        // About 6 MB of sheet XML: the buffer is written out every megabyte.
        for index in 0..<60_000 {
            try writer.append([.text("CB\(index)"), .text(String(repeating: "ạ", count: 20)), .integer(index)])
        }
        try writer.finish()
        let reader = try XLSXReader(url: url)
        var count = 0
        var last: SheetRow?
        try reader.rows(of: try #require(reader.sheet(named: "CanBo"))) { row in
            count += 1
            last = row
        }
        #expect(count == 60_001)
        #expect(last?.cells.first == .text("CB59999"))
    }

    @Test func finishingWithoutASheetIsRefused() throws {
        let url = temporaryFile()
        let writer = try XLSXStreamWriter(to: url, title: "Thử")
        #expect(throws: OfficeError.self) { try writer.finish() }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
