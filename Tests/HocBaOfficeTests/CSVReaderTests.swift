import Foundation
import Testing
@testable import HocBaOffice

/// Every row of CSV text (or bytes), read from memory; also read from a file in small chunks, which must agree.
private func csvRows(_ bytes: [UInt8], limits: ReadLimits = .init()) throws -> (delimiter: UInt8, rows: [SheetRow]) {
    let reader = try CSVReader(data: Data(bytes), limits: limits)
    var rows: [SheetRow] = []
    try reader.rows { rows.append($0) }
    return (reader.delimiter, rows)
}

private func csvRows(_ text: String, limits: ReadLimits = .init()) throws -> (delimiter: UInt8, rows: [SheetRow]) {
    try csvRows(Array(text.utf8), limits: limits)
}

private func texts(_ values: String?...) -> [SheetValue?] {
    values.map { $0.map(SheetValue.text) }
}

@Suite("CSV reader")
struct CSVReaderTests {
    @Test func commaSeparatedWithQuotesAndVietnameseText() throws {
        let csv = "Mã,Họ và tên,Ghi chú\n"
            + "00123,\"Nguyễn Thị Hồng Nhung\",\"Nói \"\"xin chào\"\", rồi đi\"\n"
            + "007,Trần Văn B,\n"
            + ",,\n"
            + "\n"
            + "008,\"Dòng một\r\ndòng hai\",cuối"
        let (delimiter, rows) = try csvRows(csv)
        #expect(delimiter == UInt8(ascii: ","))
        #expect(rows == [
            SheetRow(number: 1, cells: texts("Mã", "Họ và tên", "Ghi chú")),
            SheetRow(number: 2, cells: texts("00123", "Nguyễn Thị Hồng Nhung", "Nói \"xin chào\", rồi đi")),
            SheetRow(number: 3, cells: texts("007", "Trần Văn B")),
            SheetRow(number: 6, cells: texts("008", "Dòng một\ndòng hai", "cuối")),
        ])
    }

    @Test func semicolonTabAndLineEndings() throws {
        let semicolons = try csvRows("\u{FEFF}Đơn vị;Số lượt;Tỷ lệ\r\nSở Nội vụ;1.200;98,61\r\nUBND huyện;2.492;83,79\r\n")
        #expect(semicolons.delimiter == UInt8(ascii: ";"))
        #expect(semicolons.rows == [
            SheetRow(number: 1, cells: texts("Đơn vị", "Số lượt", "Tỷ lệ")),
            SheetRow(number: 2, cells: texts("Sở Nội vụ", "1.200", "98,61")),
            SheetRow(number: 3, cells: texts("UBND huyện", "2.492", "83,79")),
        ])

        let tabs = try csvRows("a\tb,c\td\r1\t2,3\t4\r\r5")
        #expect(tabs.delimiter == UInt8(ascii: "\t"))
        #expect(tabs.rows == [
            SheetRow(number: 1, cells: texts("a", "b,c", "d")),
            SheetRow(number: 2, cells: texts("1", "2,3", "4")),
            SheetRow(number: 4, cells: texts("5")),
        ])

        // Separators inside quotes do not count when choosing.
        #expect(try csvRows("\"a;b;c;d\",e,f\n1,2,3").delimiter == UInt8(ascii: ","))
        // A single column, and a file with no line break at all.
        #expect(try csvRows("Họ tên\nAn\nBình").rows.map(\.cells) == [texts("Họ tên"), texts("An"), texts("Bình")])
        #expect(try csvRows("").rows.isEmpty)
        #expect(try csvRows("\u{FEFF}").rows.isEmpty)
    }

    @Test func excelSeparatorLine() throws {
        let (delimiter, rows) = try csvRows("sep=;\r\nMã;Tên,đệm\r\n1;An\r\n")
        #expect(delimiter == UInt8(ascii: ";"))
        #expect(rows == [
            SheetRow(number: 2, cells: texts("Mã", "Tên,đệm")),
            SheetRow(number: 3, cells: texts("1", "An")),
        ])
    }

    @Test func quotedFieldsEdgeCases() throws {
        let (_, rows) = try csvRows("\"\",\"a\"\"\",\"x\"y,\"\"\"\"\n\"có\nxuống\ndòng\",z\nw")
        #expect(rows == [
            SheetRow(number: 1, cells: [nil, .text("a\""), .text("xy"), .text("\"")]),
            SheetRow(number: 2, cells: texts("có\nxuống\ndòng", "z")),
            SheetRow(number: 5, cells: texts("w")),
        ])
        #expect(throws: OfficeReadError.unclosedQuote(line: 2)) { try csvRows("a,b\n\"chưa đóng,c\nd") }
    }

    @Test func invalidUTF8NamesTheLine() throws {
        // "Nguyễn" in Windows-1258, as Excel's plain "CSV" saves it on a Vietnamese Windows.
        let windows1258: [UInt8] = [0x4E, 0x67, 0x75, 0x79, 0xEA, 0xDE, 0x6E]
        let bytes = Array("Mã,Họ tên\n1,An\n2,".utf8) + windows1258 + Array("\n".utf8)
        #expect(throws: OfficeReadError.invalidText(line: 3)) { try csvRows(bytes) }
        let message = OfficeReadError.invalidText(line: 3).description
        #expect(message.contains("không phải UTF-8") && message.contains("dòng 3"))
    }

    @Test func fileIsStreamedInChunksAndAgreesWithMemory() throws {
        var text = "sep=,\nSTT,Họ và tên,Ghi chú\n"
        for number in 1...20_000 {
            text += "\(number),\"Nguyễn Văn \(number)\",\"dòng \(number)\r\ntiếp, \"\"trích\"\"\"\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hocba-csv-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        let fromFile = try CSVReader(url: url)
        var fileRows: [SheetRow] = []
        try fromFile.rows { fileRows.append($0) }
        let memory = try csvRows(text)
        #expect(fromFile.delimiter == memory.delimiter)
        #expect(fileRows == memory.rows)
        #expect(fileRows.count == 20_001)
        #expect(fileRows.last == SheetRow(number: 2 + 2 * 20_000 - 1,
                                          cells: texts("20000", "Nguyễn Văn 20000", "dòng 20000\ntiếp, \"trích\"")))
    }

    @Test func limitsApply() throws {
        let csv = (1...50).map { "\($0),x" }.joined(separator: "\n")
        #expect(throws: OfficeReadError.tooManyRows(sheet: "", limit: 10)) {
            try csvRows(csv, limits: ReadLimits(maxRows: 10))
        }
        #expect(throws: OfficeReadError.tooManyColumns(sheet: "", row: 2, limit: 3)) {
            try csvRows("a,b,c\n1,2,3,4", limits: ReadLimits(maxColumns: 3))
        }
        #expect(throws: OfficeReadError.tooLarge(bytes: csv.utf8.count, limit: 100)) {
            try csvRows(csv, limits: ReadLimits(maxFileBytes: 100))
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hocba-csv-\(UUID().uuidString).csv")
        try Data(csv.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: OfficeReadError.tooLarge(bytes: csv.utf8.count, limit: 100)) {
            try CSVReader(url: url, limits: ReadLimits(maxFileBytes: 100))
        }
        let missing = url.appendingPathExtension("khong-co")
        #expect(throws: OfficeReadError.self) { try CSVReader(url: missing) }
    }

    @Test func bodyMayStopReadingByThrowing() throws {
        struct Enough: Error {}
        let reader = try CSVReader(data: Data((1...100).map { "\($0)" }.joined(separator: "\n").utf8))
        var seen = 0
        #expect(throws: Enough.self) {
            try reader.rows { _ in
                seen += 1
                if seen == 5 { throw Enough() }
            }
        }
        #expect(seen == 5)
    }
}
