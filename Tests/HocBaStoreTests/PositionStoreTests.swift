import Testing
import Foundation
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// Job positions (issue 14) through the import and the forms, on both engines (the store suites run on SQLite and,
/// under `scripts/with-postgres.sh`, on PostgreSQL).
@Suite(.serialized) struct PositionStoreTests {
    static let positionsFrom = Day(2025, 7, 1)

    /// A Sở Nội vụ with one chuyên viên who holds position VT-NS from 2025-07-01: the ViTriViecLam sheet, CanBo
    /// and QuaTrinh with their "Vị trí việc làm" columns.
    static let workbook: [(name: String, rows: [[SheetCell?]])] = [
        ("DonVi", SheetCell.textRows([["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên"],
                                      ["T", "UBND tỉnh", "Tỉnh", ""], ["SNV", "Sở Nội vụ", "Tỉnh", "T"]])),
        ("ViTriViecLam", SheetCell.textRows([
            ["Mã vị trí", "Tên vị trí", "Nhóm", "Mã ngạch tương ứng", "Mã đơn vị"],
            ["VT-NS", "Chuyên viên quản lý nhân sự", "Chuyên môn, nghiệp vụ chuyên ngành", "01.003", "SNV"],
        ])),
        ("CanBo", SheetCell.textRows([
            ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "Mã ngạch", "Trình độ chuyên môn", "Vị trí việc làm"],
            ["CV1", "Lò Văn Một", "SNV", "CC", "01.003", "Đại học", "VT-NS"],
        ])),
        ("QuaTrinh", SheetCell.textRows([
            ["Mã cán bộ", "Mã đơn vị", "Đối tượng", "Mã ngạch", "Từ ngày", "Đến ngày", "Vị trí việc làm"],
            ["CV1", "SNV", "CC", "01.003", "01/01/2018", "30/06/2025", ""],
            ["CV1", "SNV", "CC", "01.003", "01/07/2025", "", "VT-NS"],
        ])),
        ("VanBang", SheetCell.textRows([["Mã cán bộ", "Loại", "Trình độ", "Ngày cấp"],
                                        ["CV1", "QLNN", "CV", "01/05/2019"]])),
    ]

    /// The defaults with a rule for VT-NS from 2025-07-01: the CVC certificate.
    static func standards() throws -> String {
        var standards = TrainingStandards.defaults
        standards.positions = [PositionStandard(
            positionCode: "VT-NS", positionName: "Chuyên viên quản lý nhân sự", validFrom: positionsFrom,
            requirements: [StandardRequirement(.qualification(QualificationLevel(code: "QLNN:CVC")!),
                                               basis: "NĐ 171/2025/NĐ-CP")])]
        return String(decoding: try JSONEncoder().encode(standards), as: UTF8.self)
    }

    @Test func theGapCheckAppliesThePositionsRulesFromItsFirstDayAndTheRanksBefore() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            let batch = ImportBatch.reading(Self.workbook)
            #expect(batch.problems.isEmpty, "\(batch.problems)")
            try await store.commitImport(batch)
            try await store.saveLayout(TrainingStandards.self, json: try Self.standards())
            #expect(try await store.person(code: "CV1")?.positionCode == "VT-NS")

            let before = try await store.gapCheck(personCode: "CV1", on: Day(2025, 6, 30))
            #expect(before.position == nil)
            #expect(before.rank?.rankCode == "01.003")
            #expect(before.meetsAll)

            let from = try await store.gapCheck(personCode: "CV1", on: Self.positionsFrom)
            #expect(from.rank == nil)
            #expect(from.position?.positionCode == "VT-NS")
            #expect(from.gaps.map(\.id) == ["VTVL:VT-NS/QLNN:CVC"])
            #expect(from.gaps.first?.reason.hasPrefix(
                "Vị trí việc làm Chuyên viên quản lý nhân sự (VT-NS) yêu cầu chứng chỉ bồi dưỡng QLNN ngạch chuyên viên chính: chưa có") == true)

            // The summary of the province on each day says the same.
            #expect(try await store.gapSummary(on: Day(2025, 6, 30), unitCode: nil).withGaps.isEmpty)
            #expect(try await store.gapSummary(on: Self.positionsFrom, unitCode: "SNV").withGaps.map(\.code) == ["CV1"])
        }
    }

    @Test func aFileWithoutThePositionColumnLeavesTheStoredPositions() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(ImportBatch.reading(Self.workbook))
            let without = ImportBatch.reading([
                ("CanBo", SheetCell.textRows([["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "Mã ngạch"],
                                              ["CV1", "Lò Văn Mốt", "SNV", "CC", "01.003"]])),
                ("QuaTrinh", SheetCell.textRows([["Mã cán bộ", "Mã đơn vị", "Đối tượng", "Mã ngạch", "Từ ngày"],
                                                 ["CV1", "SNV", "CC", "01.002", "01/07/2025"]])),
            ])
            try await store.commitImport(without)
            let person = try #require(try await store.person(code: "CV1"))
            #expect(person.fullName == "Lò Văn Mốt")
            #expect(person.positionCode == "VT-NS")
            let rows = try await store.history(of: person.id!)
            #expect(rows.map(\.rankCode) == ["01.003", "01.002"])
            #expect(rows.map(\.positionCode) == [nil, "VT-NS"])

            // A file with the column, left empty, clears it: the file says the person holds no position.
            let cleared = ImportBatch.reading([
                ("CanBo", SheetCell.textRows([["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "Vị trí việc làm"],
                                              ["CV1", "Lò Văn Mốt", "SNV", "CC", ""]])),
            ])
            try await store.commitImport(cleared)
            #expect(try await store.person(code: "CV1")?.positionCode == nil)
        }
    }

    /// Each unknown position is named with its sheet, row and column, in Vietnamese, and nothing is written.
    @Test(arguments: [
        ("CanBo", [["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "Vị trí việc làm"],
                   ["CV2", "Hà Thị Hai", "SNV", "CC", "VT-KHONG"]],
         "Trang CanBo, dòng 2, cột Vị trí việc làm: Không có vị trí việc làm mã \"VT-KHONG\" trong tệp hay trong cơ sở dữ liệu."),
        ("QuaTrinh", [["Mã cán bộ", "Mã đơn vị", "Đối tượng", "Từ ngày", "Vị trí việc làm"],
                      ["CV1", "SNV", "CC", "01/07/2025", "VT-KHONG"]],
         "Trang QuaTrinh, dòng 2, cột Vị trí việc làm: Không có vị trí việc làm mã \"VT-KHONG\" trong tệp hay trong cơ sở dữ liệu."),
        ("ViTriViecLam", [["Mã vị trí", "Tên vị trí", "Nhóm", "Mã ngạch tương ứng", "Mã đơn vị"],
                          ["VT-MOI", "Vị trí mới", "HO-TRO", "", "KHONG-CO"]],
         "Trang ViTriViecLam, dòng 2, cột Mã đơn vị: Không có đơn vị mã \"KHONG-CO\" trong tệp hay trong cơ sở dữ liệu."),
    ])
    func unknownReferencesAreRefusedAndNothingIsWritten(sheet: String, rows: [[String]], message: String) async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(ImportBatch.reading(Self.workbook))
            let before = try await databaseDump(db)
            let batch = ImportBatch.reading([(sheet, SheetCell.textRows(rows))])
            #expect(batch.problems.isEmpty)
            let check = try await store.checkImport(batch)
            #expect(check.problems.map(\.description).joined(separator: "\n") == message)
            await #expect(throws: ImportRejected.self) { try await store.commitImport(batch) }
            #expect(try await databaseDump(db) == before)
        }
    }

    /// A position defined in the same file may be used by its CanBo rows.
    @Test func aPositionOfTheSameFileIsKnown() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(ImportBatch.reading(Self.workbook))
            let batch = ImportBatch.reading([
                ("ViTriViecLam", SheetCell.textRows([["Mã vị trí", "Tên vị trí", "Nhóm"], ["VT-VT", "Văn thư", "HO-TRO"]])),
                ("CanBo", SheetCell.textRows([["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "Vị trí việc làm"],
                                              ["CV2", "Hà Thị Hai", "SNV", "CC", "VT-VT"]])),
            ])
            let check = try await store.commitImport(batch)
            #expect(check.sheets.first { $0.sheet == .positions }?.existing == 0)
            #expect(try await store.person(code: "CV2")?.positionCode == "VT-VT")
            #expect(try await store.jobPositionRows().map { "\($0.code):\($0.holders)" } == ["VT-NS:1", "VT-VT:1"])
        }
    }

    /// A position of one unit (VT-NS of SNV) is held there or below: a person of another unit is refused, in the
    /// import (naming the row) and in the forms, and nothing is written.
    @Test func aPositionOfOneUnitIsHeldInThatUnitOnly() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(ImportBatch.reading(Self.workbook))
            try await store.createUnit(UnitDraft(code: "STC", name: "Sở Tài chính", level: .province, parentCode: "T"))
            try await store.createUnit(UnitDraft(code: "SNV-P1", name: "Phòng Công chức", level: .province,
                                                 parentCode: "SNV"))
            let before = try await databaseDump(db)
            let outside = ImportBatch.reading([
                ("CanBo", SheetCell.textRows([["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "Vị trí việc làm"],
                                              ["TC1", "Mai Văn Tài", "STC", "CC", "VT-NS"],
                                              ["NV2", "Đàm Thị Hai", "SNV-P1", "CC", "VT-NS"]])),
            ])
            let check = try await store.checkImport(outside)
            #expect(check.problems.map(\.description) == ["Trang CanBo, dòng 2, cột Vị trí việc làm: "
                + PositionRules.heldOutsideItsUnit("VT-NS", owner: "SNV", holder: "STC")])
            await #expect(throws: ImportRejected.self) { try await store.commitImport(outside) }
            #expect(try await databaseDump(db) == before)
            let failure = await #expect(throws: ValidationFailure.self) {
                try await store.createPerson(PersonDraft(code: "TC1", fullName: "Mai Văn Tài", unitCode: "STC",
                                                         category: .civilServant, positionCode: "VT-NS"))
            }
            #expect(failure?.byField["position_code"]
                    == PositionRules.heldOutsideItsUnit("VT-NS", owner: "SNV", holder: "STC"))
            // Below the unit, it is held.
            try await store.createPerson(PersonDraft(code: "NV2", fullName: "Đàm Thị Hai", unitCode: "SNV-P1",
                                                     category: .civilServant, positionCode: "VT-NS"))
        }
    }

    /// A position rule names a position of the catalogue, or it would never apply.
    @Test func aRuleOfAnUnknownPositionIsRefused() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(ImportBatch.reading(Self.workbook))
            let typo = try Self.standards().replacingOccurrences(of: "\"VT-NS\"", with: "\"VT-N5\"")
            let failure = await #expect(throws: ValidationFailure.self) {
                try await store.saveLayout(TrainingStandards.self, json: typo)
            }
            #expect(failure?.byField["layout_json"]
                    == "Quy tắc theo vị trí việc làm nêu mã không có trong danh mục vị trí việc làm: VT-N5.")
            try await store.saveLayout(TrainingStandards.self, json: try Self.standards())
        }
    }

    /// The forms: the catalogue's form, the person form and the history form check the position and store it.
    @Test func theFormsStoreAndCheckThePosition() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.createUnit(UnitDraft(code: "T", name: "UBND tỉnh", level: .province))
            try await store.savePosition(PositionDraft(code: "VT-NS", name: "Chuyên viên quản lý nhân sự",
                                                       group: .specialised, rankCode: "01.003", unitCode: "T"))
            do {
                try await store.savePosition(PositionDraft(code: "VT-NS", name: "Trùng", group: .support))
                Issue.record("a taken code was accepted")
            } catch let failure as ValidationFailure {
                #expect(failure.byField["code"] == "Mã vị trí \"VT-NS\" đã có.")
            }
            do {
                try await store.createPerson(PersonDraft(code: "CV1", fullName: "Lò Văn Một", unitCode: "T",
                                                         category: .civilServant, positionCode: "VT-KHONG"))
                Issue.record("an unknown position was accepted")
            } catch let failure as ValidationFailure {
                #expect(failure.byField["position_code"] == "Không có vị trí việc làm mã \"VT-KHONG\" trong danh mục.")
            }
            try await store.createPerson(PersonDraft(code: "CV1", fullName: "Lò Văn Một", unitCode: "T",
                                                     category: .civilServant, rankCode: "01.003",
                                                     professionalLevel: "DAI-HOC", positionCode: "VT-NS"))
            try await store.replaceHistory(personCode: "CV1", with: [
                WorkPeriodDraft(unitCode: "T", category: .civilServant, rankCode: "01.003", from: Day(2018, 1, 1),
                                to: Day(2025, 6, 30)),
                WorkPeriodDraft(unitCode: "T", category: .civilServant, rankCode: "01.003", from: Self.positionsFrom,
                                positionCode: "VT-NS"),
            ])
            try await store.saveLayout(TrainingStandards.self, json: try Self.standards())
            #expect(try await store.gapCheck(personCode: "CV1", on: Day(2025, 6, 30)).gaps.map(\.id)
                    == ["NGACH:01.003/QLNN:CV"])
            #expect(try await store.gapCheck(personCode: "CV1", on: Self.positionsFrom).gaps.map(\.id)
                    == ["VTVL:VT-NS/QLNN:CVC"])
            await #expect(throws: ValidationFailure.self) {
                try await store.replaceHistory(personCode: "CV1", with: [
                    WorkPeriodDraft(unitCode: "T", category: .civilServant, from: Self.positionsFrom,
                                    positionCode: "VT-KHONG")])
            }
            // A held position's code cannot change (people name the position by it).
            await #expect(throws: ValidationFailure.self) {
                try await store.savePosition(PositionDraft(code: "VT-NS2", name: "Đổi mã", group: .specialised),
                                             existingCode: "VT-NS")
            }
        }
    }

    /// The catalogue is the province's: a unit's account can neither import ViTriViecLam rows nor save a position,
    /// but its people may hold the province's positions.
    @Test func onlyTheProvinceKeepsTheCatalogue() async throws {
        try await withTestDatabase { db in
            try await RecordStore(db).commitImport(ImportBatch.reading(Self.workbook))
            let unit = try #require(try await RecordStore(db).unit(code: "SNV"))
            let officer = RecordStore(db, scope: .unitSubtree(unitID: unit.id!, code: "SNV", path: unit.path))
            let before = try await databaseDump(db)
            let check = try await officer.checkImport(ImportBatch.reading([
                ("ViTriViecLam", SheetCell.textRows([["Mã vị trí", "Tên vị trí", "Nhóm"], ["VT-VT", "Văn thư", "HO-TRO"]])),
            ]))
            #expect(check.problems.map(\.description).first?.hasPrefix("Trang ViTriViecLam: Chỉ cấp tỉnh được nhập") == true)
            await #expect(throws: (any Error).self) {
                try await officer.savePosition(PositionDraft(code: "VT-VT", name: "Văn thư", group: .support))
            }
            #expect(try await databaseDump(db) == before)
            try await officer.commitImport(ImportBatch.reading([
                ("CanBo", SheetCell.textRows([["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "Vị trí việc làm"],
                                              ["CV2", "Hà Thị Hai", "SNV", "CC", "VT-NS"]])),
            ]))
            #expect(try await officer.person(code: "CV2")?.positionCode == "VT-NS")
        }
    }
}
