import Testing
import Foundation
import Fluent
import HocBaCore
import HocBaDemo
import HocBaStore
import HocBaTesting

/// A small province as the standard workbook, typed the way officials type: labels instead of codes,
/// dd/mm/yyyy dates, thousands separators.
enum StandardWorkbookSample {
    static let sheets: [(name: String, rows: [[SheetCell?]])] = [
        ("CoSoDaoTao", SheetCell.textRows([["Mã cơ sở", "Tên cơ sở"], ["TCT", "Trường Chính trị tỉnh"]])),
        ("DonVi", SheetCell.textRows([
            ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến", "Sáp nhập vào"],
            ["H01", "UBND huyện A", "Huyện", "T00", "", "", ""],
            ["T00", "UBND tỉnh", "Tỉnh", "", "", "", ""],
            ["X01", "UBND xã A1", "xa", "H01", "", "31/12/2019", "X02"],
            ["X02", "UBND xã A2", "XA", "H01", "", "", ""],
        ])),
        ("ViTriViecLam", SheetCell.textRows([
            ["Mã vị trí", "Tên vị trí", "Nhóm", "Mã ngạch tương ứng", "Mã đơn vị"],
            ["VT-VP", "Chuyên viên văn phòng", "Chuyên môn dùng chung", "01.003", ""],
        ])),
        ("CanBo", SheetCell.textRows([
            ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Mã đơn vị", "Đối tượng",
             "Trình độ chuyên môn", "Vị trí việc làm"],
            ["P1", "Hoàng Thị Thu", "05/03/1980", "Nữ", "Tày", "X02", "Công chức", "Đại học", ""],
            ["P2", "Lý Văn Nam", "1981-01-02", "Nam", "Kinh", "H01", "CC", "Trung cấp", "VT-VP"],
            ["P3", "Đinh Văn Ba", "", "Nam", "Dao", "X02", "Cán bộ", "", ""],
        ])),
        ("QuaTrinh", SheetCell.textRows([
            ["Mã cán bộ", "Mã đơn vị", "Đối tượng", "Từ ngày", "Đến ngày"],
            ["P1", "X01", "CC", "01/01/2010", "31/12/2019"],
            ["P1", "X02", "CC", "01/01/2020", ""],
        ])),
        ("VanBang", SheetCell.textRows([
            ["Mã cán bộ", "Loại", "Trình độ", "Ngày cấp"], ["P2", "LLCT", "Trung cấp", "20/11/2018"],
        ])),
        ("DanhGia", SheetCell.textRows([
            ["Mã cán bộ", "Năm", "Xếp loại"], ["P1", "2024", "Hoàn thành tốt nhiệm vụ"], ["P1", "2025", "HTXS"],
            ["P2", "2025", "hoàn thành nhiệm vụ"],
        ])),
        ("GiangVien", SheetCell.textRows([
            ["Mã giảng viên", "Họ và tên", "Mã cơ sở", "Học vị", "Đã bồi dưỡng phương pháp giảng dạy tích cực"],
            ["GV1", "Nông Văn Dũng", "TCT", "Thạc sĩ", "Có"],
        ])),
        ("LopHoc", SheetCell.textRows([
            ["Mã lớp", "Tên lớp", "Loại chương trình", "Hình thức", "Mã cơ sở", "Từ ngày", "Đến ngày", "Số tiết",
             "Địa điểm", "Mã đơn vị tổ chức", "Văn bằng lớp cấp"],
            ["L1", "Bồi dưỡng QLNN ngạch chuyên viên", "NGACH", "Bồi dưỡng", "TCT", "05/03/2019", "27/04/2019", "240",
             "Trong nước", "T00", "QLNN:CV"],
            ["L2", "Kỹ năng lãnh đạo cấp xã", "LDQL", "", "", "01/06/2020", "10/06/2020", "", "", "", ""],
        ])),
        ("HocVien", SheetCell.textRows([
            ["Mã lớp", "Mã cán bộ", "Tư cách", "Kết quả", "Số chứng chỉ", "Ngày cấp"],
            ["L1", "P1", "", "Hoàn thành", "CC-001", "27/04/2019"],
            ["L1", "P2", "", "Hoàn thành", "", ""],
            ["L2", "P1", "", "Hoàn thành", "", ""],
            ["L2", "P3", "HDND-XA", "Bỏ học", "", ""],
        ])),
        ("KinhPhi", SheetCell.textRows([
            ["Số chứng từ", "Năm", "Nguồn", "Số tiền", "Loại khoản", "Mã lớp", "Ghi chú"],
            ["CT-1", "2019", "Ngân sách tỉnh", "120.500.000", "", "L1", "Lớp QLNN"],
        ])),
    ]

    static func batch(_ sheets: [(name: String, rows: [[SheetCell?]])] = sheets) -> ImportBatch {
        ImportBatch.reading(sheets)
    }
}

@Suite(.serialized) struct ImportTests {
    @Test func theStandardWorkbookImportsAndReimportingChangesNothing() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            let batch = StandardWorkbookSample.batch()
            #expect(batch.problems.isEmpty)
            let check = try await store.commitImport(batch)
            #expect(check.sheets.first { $0.sheet == .people }?.existing == 0)
            #expect(try await Person.query(on: db).count() == 3)
            // Parents written before children whatever the row order; the successor set once both exist.
            let commune = try #require(try await store.unit(code: "X01"))
            let district = try #require(try await store.unit(code: "H01"))
            let province = try #require(try await store.unit(code: "T00"))
            #expect(commune.path == province.path + "\(district.id!)/\(commune.id!)/")
            #expect(commune.mergedIntoID == (try await store.unit(code: "X02"))?.id)
            // P1 was at X01 when L1 started (2019) and at X02 when L2 started (2020): snapshots follow the history.
            let p1 = try #require(try await store.person(code: "P1"))
            let enrolments = try await Enrolment.query(on: db).filter(\.$personID == p1.id!).sort(\.$classID).all()
            #expect(enrolments.map(\.snapshotUnitID) == [commune.id!, (try await store.unit(code: "X02"))!.id!])
            #expect(try await store.trainingClass(code: "L1")?.grants?.code == "QLNN:CV")
            #expect(try await store.fundingLine(documentNumber: "CT-1")?.amount == 120_500_000)
            let report = try await store.summaryReport(SummaryParameters(from: Day(2019, 1, 1), to: Day(2020, 12, 31)))
            #expect(report.personTimes.total == 3)

            // Every sheet's rows were recorded one by one (institutions, people, history, qualifications,
            // instructors, classes, enrolments, funding; units through their forms' path).
            let entities = Set(try await AuditEntry.query(on: db).filter(\.$action != "NHAP").all().map(\.entity))
            #expect(entities.isSuperset(of: ["institutions", "people", "work_history", "qualifications", "instructors",
                                             "classes", "enrolments", "funding_lines", "units", "job_positions"]))
            #expect(try await store.person(code: "P2")?.positionCode == "VT-VP")

            let before = try await databaseDump(db)
            let entries = try await AuditEntry.query(on: db).count()
            let again = try await store.commitImport(StandardWorkbookSample.batch())
            #expect(again.sheets.first { $0.sheet == .people }?.existing == 3)
            #expect(try await databaseDump(db) == before)
            // The same file again changes no row of any sheet: only the file's entries, one a sheet.
            let added = try await AuditEntry.query(on: db).sort(\.$id).all().dropFirst(entries)
            #expect(added.allSatisfy { $0.action == "NHAP" }, "\(added.filter { $0.action != "NHAP" }.map(\.entity))")
        }
    }

    @Test func aRowChangedInTheFileUpdatesThatRecordOnly() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(StandardWorkbookSample.batch())
            let before = try await databaseDump(db)
            let renamed = StandardWorkbookSample.batch([("CanBo", SheetCell.textRows([
                ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng"], ["P3", "Đinh Văn Bốn", "X02", "CB"],
            ]))])
            try await store.commitImport(renamed)
            #expect(try await store.person(code: "P3")?.fullName == "Đinh Văn Bốn")
            let after = try await databaseDump(db)
            let changed = zip(before.split(separator: "\n"), after.split(separator: "\n")).filter { $0 != $1 }
            #expect(changed.count == 1 && changed[0].1.contains("Đinh Văn Bốn"))
        }
    }

    /// Each bad reference is named with its sheet, row and column, and nothing is written.
    @Test(arguments: [
        ("CanBo", [["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng"], ["P9", "Người Lạ", "KHONG-CO", "CC"]],
         "Trang CanBo, dòng 2, cột Mã đơn vị: Không có đơn vị mã \"KHONG-CO\" trong tệp hay trong cơ sở dữ liệu."),
        ("HocVien", [["Mã lớp", "Mã cán bộ", "Kết quả"], ["L1", "P404", "Hoàn thành"]],
         "Trang HocVien, dòng 2, cột Mã cán bộ: Không có cán bộ mã \"P404\" trong tệp hay trong cơ sở dữ liệu."),
        ("QuaTrinh", [["Mã cán bộ", "Mã đơn vị", "Đối tượng", "Từ ngày", "Đến ngày"], ["P1", "X02", "CC", "01/06/2019", ""]],
         "Trang QuaTrinh, dòng 2, cột Từ ngày: Giai đoạn từ 01/06/2019 chồng lấn giai đoạn từ 01/01/2010.\n"
            + "Trang QuaTrinh, dòng 2, cột Từ ngày: Giai đoạn từ 01/01/2020 chồng lấn giai đoạn từ 01/06/2019."),
        ("HocVien", [["Mã lớp", "Mã cán bộ", "Kết quả"], ["L0", "P1", "Hoàn thành"]],
         "Trang HocVien, dòng 2, cột Mã cán bộ: Cán bộ \"P1\" không công tác vào ngày khai giảng lớp \"L0\" (01/03/2005) theo quá trình công tác."),
        ("DanhGia", [["Mã cán bộ", "Năm", "Xếp loại"], ["P404", "2025", "HTT"]],
         "Trang DanhGia, dòng 2, cột Mã cán bộ: Không có cán bộ mã \"P404\" trong tệp hay trong cơ sở dữ liệu."),
        ("DonVi", [["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên"], ["T00", "UBND tỉnh", "TINH", "X01"]],
         "Trang DonVi, dòng 2, cột Mã đơn vị cấp trên: Đơn vị \"T00\" nằm dưới chính nó (vòng lặp đơn vị cấp trên)."),
    ])
    func badReferencesAreRejectedAndNothingIsWritten(sheet: String, rows: [[String]], message: String) async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(StandardWorkbookSample.batch())
            try await store.createClass(ClassDraft(code: "L0", name: "Lớp cũ", programmeType: "KHAC",
                                                   start: Day(2005, 3, 1), end: Day(2005, 3, 5)))
            let before = try await databaseDump(db)
            let batch = StandardWorkbookSample.batch([(sheet, SheetCell.textRows(rows))])
            #expect(batch.problems.isEmpty)
            let check = try await store.checkImport(batch)
            #expect(check.problems.map(\.description).joined(separator: "\n") == message)
            await #expect(throws: ImportRejected.self) { try await store.commitImport(batch) }
            #expect(try await databaseDump(db) == before)
        }
    }
}

@Suite(.serialized) struct EmptyDatabaseLoadTests {
    /// The load into an empty database writes exactly the rows the import writes, snapshots included (taken by the
    /// rule from the batch's own history as they are written, where the import re-derives them after), so that
    /// importing the same batch afterwards changes nothing. Its trail: the units through their forms' path and one
    /// entry per sheet, no entry per row.
    @Test func theLoadWritesWhatTheImportWrites() async throws {
        var imported = ""
        try await withTestDatabase { db in
            try await RecordStore(db).commitImport(StandardWorkbookSample.batch())
            imported = try await databaseDump(db)
        }
        try await withTestDatabase { db in
            let store = RecordStore(db)
            let check = try await store.loadIntoEmptyDatabase(StandardWorkbookSample.batch())
            #expect(check.isClean && check.sheets.first { $0.sheet == .people }?.rows == 3)
            let loaded = try await databaseDump(db)
            #expect(loaded == imported)
            // P1 was at X01 when L1 started (2019) and at X02 when L2 started (2020).
            let p1 = try #require(try await store.person(code: "P1"))
            let enrolments = try await Enrolment.query(on: db).filter(\.$personID == p1.id!).sort(\.$classID).all()
            #expect(enrolments.map(\.snapshotUnitID) == [try await store.unit(code: "X01")?.id,
                                                        try await store.unit(code: "X02")?.id])

            let entries = try await AuditEntry.query(on: db).all()
            #expect(Set(entries.map(\.entity)) == Set(["units"] + WorkbookSheet.allCases.map(\.rawValue)))
            #expect(entries.filter { $0.action == "NHAP" }.map(\.entity).sorted()
                    == WorkbookSheet.allCases.map(\.rawValue).sorted())
            // The entry says its rows were loaded without one each (the national sync reads it as "everyone").
            #expect(entries.first { $0.entity == "HocVien" }?.afterJSON == "{\"rows\":4,\"emptyDatabase\":true}")
            #expect(try await AuditLog.verify(on: db).broken == nil)

            try await store.commitImport(StandardWorkbookSample.batch())
            #expect(try await databaseDump(db) == loaded)
        }
    }

    /// A database with any record, or a batch with any problem, is refused, and nothing is written.
    @Test func aDatabaseWithRecordsOrABadBatchIsRefused() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            let bad = StandardWorkbookSample.batch([("CanBo", SheetCell.textRows([
                ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng"], ["P9", "Người Lạ", "KHONG-CO", "CC"],
            ]))])
            let empty = try await databaseDump(db)
            await #expect(throws: ImportRejected.self) { try await store.loadIntoEmptyDatabase(bad) }
            #expect(try await databaseDump(db) == empty)

            try await store.saveInstitution(InstitutionDraft(code: "TCT", name: "Trường Chính trị tỉnh"))
            let before = try await databaseDump(db)
            let refusal = await #expect(throws: DatabaseNotEmpty.self) {
                try await store.loadIntoEmptyDatabase(StandardWorkbookSample.batch())
            }
            #expect(refusal?.description == "Cơ sở dữ liệu đã có dữ liệu (cơ sở đào tạo): chỉ nạp được vào cơ sở dữ liệu trống.")
            #expect(try await databaseDump(db) == before)
        }
    }
}

@Suite(.serialized) struct RoundTripTests {
    /// The demo province, exported as the standard workbook's rows and imported into an empty database, exports
    /// the same rows again, and its summary report is the same to the digit.
    @Test func exportImportExportGivesTheSameRowsAndTheSameReport() async throws {
        let parameters = SummaryParameters(from: Day(2016, 1, 1), to: Day(2020, 12, 31), asOf: Day(2020, 10, 12))
        var exported: [(sheet: WorkbookSheet, rows: [[SheetCell?]])] = []
        var report: SummaryReport?
        try await withTestDatabase { db in
            try await RecordStore(db).loadIntoEmptyDatabase(DemoProvince.generate().batch)
            exported = try await RecordStore(db).standardWorkbookRows()
            report = try await RecordStore(db).summaryReport(parameters)
        }
        #expect(exported.first { $0.sheet == .enrolments }?.rows.count == DemoProvince.generate().enrolments.count)
        // The demo's job positions travel too: the catalogue, and the "Vị trí việc làm" of CanBo and QuaTrinh rows.
        #expect(exported.first { $0.sheet == .positions }?.rows.count == DemoProvince.positionCatalogue.count)
        #expect(exported.first { $0.sheet == .history }?.rows.contains { $0.last == .text("VT-TCBM") } == true)
        try await withTestDatabase { db in
            let batch = ImportBatch.reading(exported.map { sheet in
                (sheet.sheet.rawValue, [sheet.sheet.columns.map { SheetCell.text($0.header) }] + sheet.rows)
            })
            #expect(batch.problems.isEmpty, "\(batch.problems.prefix(5))")
            try await RecordStore(db).commitImport(batch)
            let again = try await RecordStore(db).standardWorkbookRows()
            for (first, second) in zip(exported, again) {
                #expect(first.sheet == second.sheet)
                #expect(first.rows == second.rows, "\(first.sheet)")
            }
            #expect(try await RecordStore(db).summaryReport(parameters) == report)
        }
    }
}
