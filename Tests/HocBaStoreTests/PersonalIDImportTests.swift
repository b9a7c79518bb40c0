import Testing
import Foundation
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// The CanBo sheet's "Số định danh cá nhân" column (workbook version 2): each bad number refused with one message
/// naming its row, nothing written; files without the column leave the stored numbers as they are.
@Suite(.serialized) struct PersonalIDImportTests {
    private static let header = ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Mã đơn vị", "Đối tượng",
                                 "Số định danh cá nhân"]

    private func people(_ rows: [[String]]) -> ImportBatch {
        StandardWorkbookSample.batch([("CanBo", SheetCell.textRows([Self.header] + rows))])
    }

    @Test func eachBadNumberIsRefusedWithOneMessageForItsRowAndNothingIsWritten() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(StandardWorkbookSample.batch())
            try await store.commitImport(people([["P2", "Lý Văn Nam", "02/01/1981", "Nam", "H01", "CC", "006081000001"]]))
            let before = try await databaseDump(db)
            let batch = people([
                ["Q1", "Người Một", "02/03/1985", "Nam", "X02", "CC", "00608512345"],
                ["Q2", "Người Hai", "02/03/1985", "Nam", "X02", "CC", "003085123456"],
                ["Q3", "Người Ba", "02/03/1985", "Nam", "X02", "CC", "006185123456"],
                ["Q4", "Người Bốn", "02/03/1986", "Nam", "X02", "CC", "006085123457"],
                ["Q5", "Người Năm", "02/03/1981", "Nam", "X02", "CC", "006081000001"],
                ["Q6", "Người Sáu", "02/03/1985", "Nam", "X02", "CC", "006085123458"],
                ["Q7", "Người Bảy", "02/03/1985", "Nam", "X02", "CC", "006 085 123458"],
                ["Q8", "Người Tám", "02/03/1985", "Nam", "X02", "CC", "006085123459"],
                ["Q9", "Người Chín", "02/03/1985", "Nam", "X02", "CC", ""],
            ])
            let check = try await store.checkImport(batch)
            let messages = check.problems.sorted { ($0.row ?? 0) < ($1.row ?? 0) }.map(\.description)
            #expect(messages == [
                "Trang CanBo, dòng 2, cột Số định danh cá nhân: Số định danh cá nhân phải có đúng 12 chữ số; "
                    + "\"00608512345\" có 11.",
                "Trang CanBo, dòng 3, cột Số định danh cá nhân: Số định danh cá nhân 003085123456 không hợp lệ: "
                    + "Ba chữ số đầu 003 không phải mã tỉnh nơi đăng ký khai sinh nào.",
                "Trang CanBo, dòng 4, cột Số định danh cá nhân: Số định danh cá nhân 006185123456 không hợp lệ: "
                    + "Chữ số thứ tư (1) là của người nữ, nhưng hồ sơ ghi giới tính nam.",
                "Trang CanBo, dòng 5, cột Số định danh cá nhân: Số định danh cá nhân 006085123457 không hợp lệ: "
                    + "Chữ số thứ năm và sáu (85) chỉ năm sinh 1985, nhưng hồ sơ ghi sinh năm 1986.",
                "Trang CanBo, dòng 6, cột Số định danh cá nhân: Số định danh cá nhân 006081000001 đã được ghi cho "
                    + "một cán bộ khác trong phần mềm.",
                "Trang CanBo, dòng 8, cột Số định danh cá nhân: Số định danh cá nhân 006085123458 đã ghi ở dòng 7 "
                    + "cho cán bộ Q6 (mỗi người một số).",
            ])
            await #expect(throws: ImportRejected.self) { try await store.commitImport(batch) }
            #expect(try await databaseDump(db) == before)

            // Mended, the same file imports; an empty cell is a number not yet known.
            let mended = people([
                ["Q1", "Người Một", "02/03/1985", "Nam", "X02", "CC", "006085123451"],
                ["Q6", "Người Sáu", "02/03/1985", "Nam", "X02", "CC", "006085123458"],
                ["Q9", "Người Chín", "02/03/1985", "Nam", "X02", "CC", ""],
            ])
            try await store.commitImport(mended)
            #expect(try await store.person(code: "Q1")?.personalID == "006085123451")
            #expect(try await store.person(code: "Q6")?.personalID == "006085123458")
            #expect(try await store.person(code: "Q9")?.personalID == nil)
        }
    }

    @Test func aFileWithoutTheColumnLeavesTheStoredNumbersAlone() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(StandardWorkbookSample.batch())
            try await store.commitImport(people([["P2", "Lý Văn Nam", "02/01/1981", "Nam", "H01", "CC", "006081000001"]]))
            // The sample's CanBo sheet has no such column: P2 is renamed, the number stays.
            let renamed = StandardWorkbookSample.batch([("CanBo", SheetCell.textRows([
                ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng"], ["P2", "Lý Văn Nam Anh", "H01", "CC"],
            ]))])
            try await store.commitImport(renamed)
            let person = try #require(try await store.person(code: "P2"))
            #expect(person.fullName == "Lý Văn Nam Anh")
            #expect(person.personalID == "006081000001")
            // With the column, an empty cell clears it.
            try await store.commitImport(people([["P2", "Lý Văn Nam Anh", "02/01/1981", "Nam", "H01", "CC", ""]]))
            #expect(try await store.person(code: "P2")?.personalID == nil)
        }
    }

    /// Excel stores 006081000001 typed into a number cell as 6081000001: the column gets its zeros back.
    @Test func aNumberCellGetsItsLeadingZerosBack() throws {
        #expect(SheetCell.number("6081000001").fieldText(for: .digits(12)) == .success("006081000001"))
        #expect(SheetCell.number("6.081000001E9").fieldText(for: .digits(12)) == .success("006081000001"))
        #expect(SheetCell.text("006 081 000001").fieldText(for: .digits(12)) == .success("006 081 000001"))
        guard case .failure = SheetCell.number("1.5").fieldText(for: .digits(12)) else {
            Issue.record("a fraction was read as digits")
            return
        }
    }

    @Test func theExportCarriesTheNumberAndImportsBack() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(StandardWorkbookSample.batch())
            try await store.commitImport(people([["P2", "Lý Văn Nam", "02/01/1981", "Nam", "H01", "CC", "006081000001"]]))
            let sheets = try await store.standardWorkbookRows()
            let canBo = try #require(sheets.first { $0.sheet == .people })
            let column = try #require(WorkbookSheet.people.columns.firstIndex { $0.field == "personal_id" })
            let p2 = try #require(canBo.rows.first { $0.first == .text("P2") })
            #expect(p2[column] == .text("006081000001"))
            let headers: [SheetCell?] = WorkbookSheet.people.columns.map { .text($0.header) }
            let again = ImportBatch.reading([("CanBo", [headers] + canBo.rows)])
            #expect(again.problems.isEmpty)
            #expect(again.people.first { $0.draft.code == "P2" }?.draft.personalID?.digits == "006081000001")
        }
    }
}
