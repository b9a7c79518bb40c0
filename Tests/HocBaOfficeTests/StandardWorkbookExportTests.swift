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

    /// Unit codes are offered too: a DanhMuc column of the units the account reaches, with their names beside them,
    /// and a drop-down on every unit-code column; the template still imports back as nothing.
    @Test func theTemplateOffersUnitCodes() throws {
        let units = [(code: "BK", name: "Tỉnh Bắc Kạn"), (code: "BABE", name: "Huyện Ba Bể")]
        let workbook = StandardWorkbookExport.template(catalogues: ImportCatalogues(), units: units)
        let lists = try #require(workbook.sheets.first { $0.name == "DanhMuc" })
        let header = lists.rows[0].compactMap { cell -> String? in
            guard case .text(let text) = cell.value else { return nil }
            return text
        }
        let column = try #require(header.firstIndex(of: "Mã đơn vị"))
        #expect(header[column + 1] == "Tên đơn vị")
        #expect(lists.rows.dropFirst().prefix(2).map { $0[column].value } == [.text("BK"), .text("BABE")])
        let people = try #require(workbook.sheets.first { $0.name == "CanBo" })
        let unitIndex = try #require(WorkbookSheet.people.columns.firstIndex { $0.field == "unit_code" })
        #expect(people.dataValidations.contains { $0.range.firstColumn == unitIndex
            && $0.source == .range(sheet: "DanhMuc", CellRange(firstRow: 1, firstColumn: column, lastRow: 2, lastColumn: column)) })
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mau-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try XLSXWriter.write(workbook).write(to: url)
        let batch = try WorkbookReading.read([.init(url: url)], catalogues: ImportCatalogues())
        #expect(batch.problems.isEmpty && batch.warnings.isEmpty)
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
