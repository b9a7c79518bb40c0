import Foundation
import Testing
@testable import HocBaCore

/// Issue 14: a person holding a job position with rules in force is checked against the position's rules, not
/// their rank's; before the position (or before its rules take effect) the rank's rules apply.
@Suite struct PositionStandardsTests {
    static func level(_ code: String) -> QualificationLevel { QualificationLevel(code: code)! }

    static let positionsFrom = Day(2025, 7, 1)

    /// Rank 01.003 asks for the QLNN CV certificate; position VT-NS (from 2025-07-01) asks for the CVC certificate
    /// and a degree.
    static let table = TrainingStandards(
        ranks: [RankStandard(rankCode: "01.003", rankName: "Chuyên viên", validFrom: Day(2017, 10, 1),
                             requirements: [.init(.qualification(level("QLNN:CV")), basis: "TT 05/2017/TT-BNV")])],
        positions: [PositionStandard(positionCode: "VT-NS", positionName: "Chuyên viên quản lý nhân sự",
                                     validFrom: positionsFrom,
                                     requirements: [.init(.qualification(level("QLNN:CVC")), basis: "NĐ 171/2025"),
                                                    .init(.qualification(level("CHUYEN-MON:DAI-HOC")), basis: "x")])])

    /// Chuyên viên since 2018; holds VT-NS from 2025-07-01 (a new history row, same unit and rank). Holds the QLNN
    /// CV certificate (2019) and a degree (declared), not the CVC certificate.
    static let record = TrainingRecord(
        personID: 1, code: "CB1", fullName: "Nguyễn Văn An",
        current: PersonState(unitID: 1, category: .civilServant, rankCode: "01.003", positionCode: "VT-NS"),
        history: [
            WorkPeriod(state: PersonState(unitID: 1, category: .civilServant, rankCode: "01.003"),
                       from: Day(2018, 1, 1), to: Day(2025, 6, 30)),
            WorkPeriod(state: PersonState(unitID: 1, category: .civilServant, rankCode: "01.003", positionCode: "VT-NS"),
                       from: positionsFrom, to: nil),
        ],
        declared: [.professional: "DAI-HOC"],
        diplomas: [RecordedQualification(id: 7, qualification: ObtainedQualification(
            kind: .stateManagement, level: "CV", granted: Day(2019, 5, 1)))])

    @Test func theDayBeforeThePositionTheRankRulesApply() {
        let result = GapCheck.check(Self.record, on: Day(2025, 6, 30), standards: Self.table)
        #expect(result.position == nil)
        #expect(result.rank?.rankCode == "01.003")
        #expect(result.verdicts.map(\.source.kind) == [.rank])
        #expect(result.meetsAll)
    }

    @Test func fromThePositionsFirstDayItsRulesApplyInsteadOfTheRanks() {
        let result = GapCheck.check(Self.record, on: Self.positionsFrom, standards: Self.table)
        #expect(result.state?.positionCode == "VT-NS")
        #expect(result.position?.positionCode == "VT-NS")
        #expect(result.rank == nil)
        #expect(result.verdicts.map(\.source.kind) == [.position, .position])
        #expect(result.verdicts.map(\.id) == ["VTVL:VT-NS/QLNN:CVC", "VTVL:VT-NS/CHUYEN-MON:DAI-HOC"])
        let gap = result.gaps.first
        #expect(result.gaps.count == 1)
        #expect(gap?.reason == "Vị trí việc làm Chuyên viên quản lý nhân sự (VT-NS) yêu cầu chứng chỉ bồi dưỡng QLNN "
                    + "ngạch chuyên viên chính: chưa có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên chính "
                    + "(mới có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên)")
        #expect(result.verdicts[1].isMet)
        #expect(result.verdicts[1].reason.hasPrefix("Vị trí việc làm Chuyên viên quản lý nhân sự (VT-NS) yêu cầu"))
    }

    @Test func aPositionWhoseRulesAreNotYetInForceLeavesTheRankRules() {
        var early = Self.record
        early = TrainingRecord(personID: 1, code: "CB1", fullName: "Nguyễn Văn An", current: early.current,
                               history: [WorkPeriod(state: early.current, from: Day(2024, 1, 1), to: nil)],
                               declared: early.declared, diplomas: early.diplomas)
        let before = GapCheck.check(early, on: Day(2025, 3, 1), standards: Self.table)
        #expect(before.state?.positionCode == "VT-NS")
        #expect(before.position == nil)
        #expect(before.verdicts.map(\.source.kind) == [.rank])
        let after = GapCheck.check(early, on: Day(2025, 7, 1), standards: Self.table)
        #expect(after.verdicts.map(\.source.kind) == [.position, .position])
    }

    @Test func aPositionWithoutRulesLeavesTheRankRules() {
        let record = TrainingRecord(personID: 2, code: "CB2", fullName: "Trần Thị Bình",
                                    current: PersonState(unitID: 1, category: .civilServant, rankCode: "01.003",
                                                         positionCode: "VT-KHAC"))
        let result = GapCheck.check(record, on: Day(2026, 1, 1), standards: Self.table)
        #expect(result.position == nil)
        #expect(result.verdicts.map(\.source.kind) == [.rank])
    }

    @Test func aTableStoredBeforePositionRulesReadsWithNone() throws {
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(TrainingStandards.defaults))
            as! [String: Any]
        json.removeValue(forKey: "positions")
        let decoded = try JSONDecoder().decode(TrainingStandards.self,
                                               from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded == TrainingStandards.defaults)
        #expect(decoded.positions.isEmpty)
    }

    @Test func positionRulesAreCheckedLikeTheOthers() {
        var table = Self.table
        table.positions.append(PositionStandard(positionCode: "VT-NS", positionName: "Chuyên viên quản lý nhân sự",
                                                validFrom: Day(2026, 1, 1), requirements: []))
        let messages = table.problems().map { "\($0.rule): \($0.message)" }
        #expect(messages.contains("Vị trí việc làm Chuyên viên quản lý nhân sự (VT-NS): Phiên bản từ 01/01/2026 "
                                  + "chồng lấn phiên bản từ 01/07/2025."))
        #expect(messages.contains { $0.hasSuffix("Chưa có yêu cầu nào (người giữ vị trí sẽ không bị xét theo ngạch).") })
    }
}

/// The ViTriViecLam sheet and the "Vị trí việc làm" columns as the import reads them.
@Suite struct PositionSheetTests {
    @Test func positionsAreReadWithTheirGroupByCodeOrLabel() {
        let batch = ImportBatch.reading([("ViTriViecLam", SheetCell.textRows([
            ["Mã vị trí", "Tên vị trí", "Nhóm", "Mã ngạch tương ứng", "Mã đơn vị"],
            ["VT-NS", "Chuyên viên quản lý nhân sự", "chuyen mon, nghiep vu chuyen nganh", "01.003", "SNV"],
            ["VT-VT", "Văn thư", "HO-TRO", "", ""],
            ["VT-X", "Sai nhóm", "Phục vụ", "", ""],
            ["", "Thiếu mã", "HO-TRO", "", ""],
        ]))])
        #expect(batch.positions.map(\.draft) == [
            PositionDraft(code: "VT-NS", name: "Chuyên viên quản lý nhân sự", group: .specialised, rankCode: "01.003",
                          unitCode: "SNV"),
            PositionDraft(code: "VT-VT", name: "Văn thư", group: .support),
        ])
        #expect(batch.problems.map(\.description) == [
            "Trang ViTriViecLam, dòng 4, cột Nhóm: Nhóm vị trí việc làm \"Phục vụ\" không có trong danh mục.",
            "Trang ViTriViecLam, dòng 5, cột Mã vị trí: Chưa nhập Mã vị trí.",
        ])
    }

    @Test func peopleAndHistoryCarryThePositionOnlyWhenTheFileHasTheColumn() {
        let with = ImportBatch.reading([
            ("CanBo", SheetCell.textRows([["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "Vị trí việc làm"],
                                          ["CB1", "Nguyễn Văn An", "SNV", "CC", "VT-NS"]])),
            ("QuaTrinh", SheetCell.textRows([["Mã cán bộ", "Mã đơn vị", "Đối tượng", "Từ ngày", "Vị trí việc làm"],
                                             ["CB1", "SNV", "CC", "01/07/2025", "VT-NS"]])),
        ])
        #expect(with.people.first?.draft.positionCode == "VT-NS")
        #expect(with.history.first?.draft.period.positionCode == "VT-NS")
        #expect(with.recognisedColumns[.people]?.last?.field == "position_code")
        let without = ImportBatch.reading([
            ("CanBo", SheetCell.textRows([["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng"],
                                          ["CB1", "Nguyễn Văn An", "SNV", "CC"]])),
        ])
        #expect(without.problems.isEmpty)
        #expect(without.people.first?.draft.positionCode == nil)
        #expect(without.recognisedColumns[.people]?.contains { $0.field == "position_code" } == false)
    }

    @Test func thePositionsSheetComesAfterUnitsAndBeforePeople() {
        let order = WorkbookSheet.allCases
        #expect(order.firstIndex(of: .positions)! == order.firstIndex(of: .units)! + 1)
        #expect(order.firstIndex(of: .positions)! < order.firstIndex(of: .people)!)
        #expect(WorkbookSheet.people.columns.last?.field == "position_code")
        #expect(WorkbookSheet.history.columns.last?.field == "position_code")
        #expect(WorkbookSheet.recognise("Vị trí việc làm") == .positions)
    }
}
