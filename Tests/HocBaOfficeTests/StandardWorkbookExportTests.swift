import Foundation
import HocBaCore
import Testing
@testable import HocBaOffice

@Suite struct StandardWorkbookExportTests {
    /// The empty template offers drop-downs on coded columns and imports back as nothing at all: no problem, no
    /// warning (its list and notes sheets are known).
    @Test func theTemplateHasDropDownsAndImportsBackEmpty() throws {
        let workbook = StandardWorkbookExport.template(catalogues: ImportCatalogues())
        #expect(workbook.sheets.map(\.name) == WorkbookSheet.allCases.map(\.rawValue) + ["DanhMuc", "HuongDan"])
        let people = try #require(workbook.sheets.first { $0.name == "CanBo" })
        // Giới tính, Đối tượng and the three levels.
        #expect(people.dataValidations.count == 5)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mau-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try XLSXWriter.write(workbook).write(to: url)
        let batch = try WorkbookReading.read([.init(url: url)], catalogues: ImportCatalogues())
        #expect(batch.problems.isEmpty && batch.warnings.isEmpty)
        #expect(WorkbookSheet.allCases.allSatisfy { batch.rowCount($0) == 0 && batch.sheetNames[$0] != nil })
        // The drop-down lists hold labels the importer reads back as codes.
        let lists = try #require(workbook.sheets.first { $0.name == "DanhMuc" })
        let labels = lists.rows.dropFirst().compactMap { row -> String? in
            guard case .text(let text)? = row.first?.value else { return nil }
            return text
        }
        #expect(labels.allSatisfy { CodeList.unitLevels.resolve($0) != nil })
    }

    @Test func exportedRowsReadBackAsTheSameCells() throws {
        let rows: [[SheetCell?]] = [[.text("L1"), .text("Lớp, có \"dấu phẩy\""), .text("NGACH"), .text("BOI-DUONG"), nil,
                                     .date(Day(2019, 3, 5)), .date(Day(2019, 4, 27)), .number("240"), .text("TRONG-NUOC"),
                                     nil, .text("QLNN:CV")]]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lop-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try XLSXWriter.write(StandardWorkbookExport.workbook([(.classes, rows)], title: "Thử")).write(to: url)
        let batch = try WorkbookReading.read([.init(url: url)], catalogues: ImportCatalogues())
        #expect(batch.problems.isEmpty)
        #expect(batch.classes.first?.draft == ClassDraft(
            code: "L1", name: "Lớp, có \"dấu phẩy\"", programmeType: "NGACH", start: Day(2019, 3, 5), end: Day(2019, 4, 27),
            hours: 240, grants: QualificationLevel(code: "QLNN:CV")))
    }
}
