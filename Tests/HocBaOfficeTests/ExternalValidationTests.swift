import Foundation
import HocBaCore
import Testing
@testable import HocBaOffice

/// Writes the sample workbook and document, with a `FILE.expect.json` beside each, and — when
/// `HOCBA_OFFICE_CHECK=1` — runs `tests/office/check_office_files.py` on them (openpyxl, python-docx and, when
/// installed, LibreOffice). Without the variable the files are still written and read back here.
///
/// - `HOCBA_OFFICE_SAMPLES_DIR=DIR` keeps the files in DIR (to open them by hand) instead of a temporary directory.
/// - `HOCBA_PYTHON` names the Python interpreter (default `python3` on PATH).
@Suite("External validation")
struct ExternalValidationTests {
    @Test func samplesOpenInOpenpyxlPythonDocxAndLibreOffice() throws {
        let environment = ProcessInfo.processInfo.environment
        let keep = environment["HOCBA_OFFICE_SAMPLES_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let directory = keep.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("hocba-office-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: directory) } }

        let workbook = Samples.workbook()
        let xlsx = directory.appendingPathComponent("tong-hop.xlsx")
        try XLSXWriter.write(workbook).write(to: xlsx)
        try writeJSON(Expectations.workbook(workbook), to: xlsx.appendingPathExtension("expect.json"))

        let document = Samples.document()
        let docx = directory.appendingPathComponent("bao-cao.docx")
        try DocxWriter.write(document).write(to: docx)
        try writeJSON(Expectations.document(document), to: docx.appendingPathExtension("expect.json"))

        // An official form (Biểu 10-BTCTW) as workbook and as landscape Word document.
        let form = Samples.form10()
        let formXLSX = directory.appendingPathComponent("bieu-10.xlsx")
        let formWorkbook = TrainingMatrixExport.workbook(form, period: "Năm 2020", scope: "Toàn tỉnh",
                                                         sheetName: "Biểu 10-BTCTW")
        try XLSXWriter.write(formWorkbook).write(to: formXLSX)
        try writeJSON(Expectations.workbook(formWorkbook), to: formXLSX.appendingPathExtension("expect.json"))
        let formDocument = TrainingMatrixExport.document(form, period: "Năm 2020", scope: "Toàn tỉnh",
                                                         provinceName: "Bắc Kạn", issuedOn: Day(2021, 1, 15))
        let formDOCX = directory.appendingPathComponent("bieu-10.docx")
        try DocxWriter.write(formDocument).write(to: formDOCX)
        try writeJSON(Expectations.document(formDocument), to: formDOCX.appendingPathExtension("expect.json"))

        // A class's certificates as one Word document (QR pictures), and an institution's register as the paper one.
        let certificates = directory.appendingPathComponent("chung-chi.docx")
        try CertificateDocx.write(CertificateDocxTests.pages, title: "Chứng chỉ").write(to: certificates)
        let register = directory.appendingPathComponent("so-cap.xlsx")
        try XLSXWriter.write(CertificateRegisterWorkbook.make(heading: "Trường Chính trị tỉnh Bắc Kạn", scope: "Năm 2026", lines: [
            .init(number: "TCT-2026-000001", fullName: "Nguyễn Văn An", birthDate: Day(1985, 1, 2), personCode: "CB1",
                  unitName: "Sở Nội vụ", course: "Bồi dưỡng ngạch chuyên viên", period: "01/03/2026 – 31/03/2026",
                  result: "Hoàn thành", issuedOn: Day(2026, 4, 1), signer: "Hoàng Văn Sơn", remarks: ""),
        ])).write(to: register)

        // Read back here whatever the environment.
        #expect(try unzipParts(Data(contentsOf: xlsx))["xl/workbook.xml"] != nil)
        #expect(try unzipParts(Data(contentsOf: docx))["word/document.xml"] != nil)
        #expect(try unzipParts(Data(contentsOf: formDOCX))["word/document.xml"]?.contains("w:orient=\"landscape\"") == true)

        guard environment["HOCBA_OFFICE_CHECK"] == "1" else { return }
        let script = try #require(Self.checkScript(), "tests/office/check_office_files.py not found")
        let python = environment["HOCBA_PYTHON"] ?? "python3"
        let (status, output) = try runProcess(["/usr/bin/env", python, script.path, xlsx.path, docx.path, formXLSX.path,
                                       formDOCX.path, certificates.path, register.path])
        #expect(status == 0, "check_office_files.py failed:\n\(output)")
    }

    /// `tests/office/check_office_files.py`, found upwards from this source file (or `HOCBA_OFFICE_SCRIPT`).
    static func checkScript(filePath: String = #filePath) -> URL? {
        if let given = ProcessInfo.processInfo.environment["HOCBA_OFFICE_SCRIPT"] {
            return URL(fileURLWithPath: given)
        }
        return repositoryFile("tests/office/check_office_files.py", from: filePath)
    }

    private func writeJSON(_ value: Any, to url: URL) throws {
        try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }
}

/// What the Python checker must find, derived from the models themselves.
enum Expectations {
    static func workbook(_ workbook: Workbook) -> [String: Any] {
        let names = XLSXWriter.uniqueSheetNames(workbook.sheets.map(\.name))
        var sheets: [String: Any] = [:]
        for (sheet, name) in zip(workbook.sheets, names) {
            var cells: [String: Any] = [:]
            var formats: [String: String] = [:]
            for (rowIndex, row) in sheet.rows.enumerated() {
                for (columnIndex, cell) in row.enumerated() {
                    let reference = CellRange.reference(row: rowIndex, column: columnIndex)
                    var format = cell.style.numberFormat
                    switch cell.value {
                    case .empty: continue
                    case .text(let text): cells[reference] = SharedStrings.cleaned(text)
                    case .integer(let value): cells[reference] = value
                    case .decimal(let value): cells[reference] = value
                    case .bool(let value): cells[reference] = value
                    case .day(let day):
                        cells[reference] = ["date": day.iso]
                        if format == .general { format = .date }
                    }
                    formats[reference] = format.code
                }
            }
            var entry: [String: Any] = [
                "cells": cells,
                "number_formats": formats,
                "merged": sheet.merges.filter { !$0.isSingleCell }.map(\.a1),
                "column_widths": Dictionary(uniqueKeysWithValues: sheet.columnWidths.enumerated()
                    .filter { $0.element > 0 }.map { (CellRange.columnLetters($0.offset), $0.element) }),
                "validations": sheet.dataValidations.map { validation -> [String: String] in
                    let formula: String
                    switch validation.source {
                    case .values(let values): formula = "\"" + values.joined(separator: ",") + "\""
                    case let .range(sheetName, range):
                        let target = sheetName.map { given in names[workbook.sheets.firstIndex { $0.name == given }!] }
                        formula = (target.map { XLSXWriter.quotedSheetName($0) + "!" } ?? "") + range.absoluteA1
                    case .formula(let text): formula = text
                    }
                    return ["sqref": validation.range.a1, "formula1": formula]
                },
            ]
            if sheet.frozenRows > 0 || sheet.frozenColumns > 0 {
                entry["freeze_panes"] = CellRange.reference(row: sheet.frozenRows, column: sheet.frozenColumns)
            }
            sheets[name] = entry
        }
        var inPDF: [String] = []
        if case .text(let title)? = workbook.sheets.first?.rows.first?.first?.value { inPDF.append(title) }
        return ["kind": "xlsx", "title": workbook.title, "sheet_names": names, "sheets": sheets, "pdf_contains": inPDF]
    }

    static func document(_ document: OfficialDocument) -> [String: Any] {
        var paragraphs: [String] = [document.title.uppercased(with: Locale(identifier: "vi_VN"))]
        if let subtitle = document.subtitle { paragraphs.append(subtitle) }
        var tables: [[String: Any]] = []
        // The header table: two columns, one row.
        tables.append(["rows": 1, "columns": 2])
        for block in document.blocks {
            switch block {
            case .heading(let text), .subheading(let text): paragraphs.append(text)
            case .paragraph(let text): paragraphs += text.split(separator: "\n").map(String.init)
            case .table(let table):
                if let caption = table.caption { paragraphs.append(caption) }
                if let note = table.unitNote { paragraphs.append(note) }
                let columns = try! DocxWriter.layoutHeader(table.headerRows,
                                                           columns: max(table.rows.map(\.count).max() ?? 0, table.columnWidths.count))
                var cells: [[Any]] = []
                var merged: [[Int]] = []
                for row in columns.slots {
                    for slot in row {
                        guard case .start(let placed) = slot else { continue }
                        cells.append([placed.row, placed.column, placed.cell.text])
                        if placed.cell.rowSpan > 1 || placed.cell.columnSpan > 1 {
                            merged.append([placed.row, placed.column, placed.row + placed.cell.rowSpan - 1,
                                           placed.column + placed.cell.columnSpan - 1])
                        }
                    }
                }
                for (rowIndex, row) in table.rows.enumerated() {
                    for (column, text) in row.enumerated() {
                        cells.append([table.headerRows.count + rowIndex, column, text])
                    }
                }
                tables.append(["rows": table.headerRows.count + table.rows.count, "columns": columns.columns,
                               "cells": cells, "merged": merged, "repeated_header_rows": table.headerRows.count])
            }
        }
        // The signature block: two columns, one row.
        tables.append(["rows": 1, "columns": 2, "cells": [[0, 1, ([document.signerTitle.uppercased()] + [document.signerName]).joined(separator: "\n")]]])
        return [
            "kind": "docx",
            "paragraphs": paragraphs,
            "tables": tables,
            "page": ["width": document.landscape ? DocxWriter.pageHeight : DocxWriter.pageWidth,
                     "height": document.landscape ? DocxWriter.pageWidth : DocxWriter.pageHeight,
                     "margins_mm": ["top": [20, 25], "bottom": [20, 25], "left": [30, 35], "right": [15, 20]]],
            "font": "Times New Roman",
            "pdf_contains": [Samples.nationalName, Samples.motto, document.placeAndDate, "Nơi nhận:"]
                + [document.signerName],
        ]
    }
}
