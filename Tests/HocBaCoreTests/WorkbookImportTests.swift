import Testing
@testable import HocBaCore

func importBatch(_ sheets: [(name: String, rows: [[SheetCell?]])]) -> ImportBatch { ImportBatch.reading(sheets) }
func textRows(_ rows: [[String]]) -> [[SheetCell?]] { SheetCell.textRows(rows) }

@Suite struct WorkbookImportTests {
    @Test func sheetNamesAreRecognisedByStandardNameOrTitleIgnoringCaseDiacriticsAndSpaces() {
        #expect(WorkbookSheet.recognise("CanBo") == .people)
        #expect(WorkbookSheet.recognise("can bo") == .people)
        #expect(WorkbookSheet.recognise("CÁN BỘ") == .people)
        #expect(WorkbookSheet.recognise("Học viên") == .enrolments)
        #expect(WorkbookSheet.recognise("co_so_dao_tao*") == .institutions)
        #expect(WorkbookSheet.recognise("Sheet1") == nil)
    }

    @Test func awkwardButLegalHeadersAndValuesReadIntoDrafts() {
        let batch = importBatch([("can bo", [
            [.text("MA CAN BO*"), .text("ho_va_ten"), .text("Ngày  sinh"), .text("giới tính"), .text("Dân tộc"),
             .text("mã đơn vị *"), .text("DOI TUONG"), .text("Ghi chú riêng"), .text("Lý luận chính trị")],
            [.number("1001"), .text("Hoàng Thị Thu"), .date(Day(1980, 3, 5)), .text("nữ"), .text("tay"),
             .text("X01"), .text("Công chức"), .text("bỏ qua"), .text("trung cap")],
            [.text("P2"), .text("Lý Văn Nam"), .text("5/3/1981"), .text("Nam"), .text("H'MÔNG"),
             .text("X01"), .text("CB"), nil, nil],
            [.text("P3"), .text("Đinh Văn Ba"), .text("1982-12-31"), nil, nil, .text("X01"), .text("kct"), nil, nil],
            [nil, nil, nil, nil, nil, nil, nil, nil, nil],
        ])])
        #expect(batch.problems.isEmpty)
        #expect(batch.warnings.map(\.column) == ["Ghi chú riêng"])
        #expect(batch.people.map(\.row) == [2, 3, 4])
        let first = batch.people[0].draft
        #expect(first.code == "1001" && first.birthDate == Day(1980, 3, 5) && first.sex == .female)
        #expect(first.ethnicity == "Tày" && first.category == .civilServant && first.politicalLevel == "TRUNG-CAP")
        #expect(batch.people[1].draft.birthDate == Day(1981, 3, 5) && batch.people[1].draft.ethnicity == "H'Mông")
        #expect(batch.people[2].draft.birthDate == Day(1982, 12, 31) && batch.people[2].draft.category == .communeNonSpecialized)
    }

    @Test func moneyTakesThousandsSeparatorsOrNumbersAndRefusesFractions() {
        let batch = importBatch([("KinhPhi", [
            [.text("Số chứng từ"), .text("Năm"), .text("Nguồn"), .text("Số tiền")],
            [.text("CT1"), .number("2018"), .text("Ngân sách tỉnh"), .text("24.180.000.000")],
            [.text("CT2"), .text("2018"), .text("MTQG-NTM"), .number("900000000")],
            [.text("CT3"), .number("2019"), .text("TW-BNV"), .number("2.4E8")],
            [.text("CT4"), .number("2019"), .text("TW-BNV"), .number("1000.5")],
        ])])
        #expect(batch.funding.map(\.draft.amount) == [24_180_000_000, 900_000_000, 240_000_000])
        #expect(batch.funding.map(\.draft.source) == ["NS-TINH", "MTQG-NTM", "TW-BNV"])
        #expect(batch.problems == [ImportProblem(sheet: "KinhPhi", row: 5, column: "Số tiền",
                                                 message: "Số tiền phải là số nguyên, không phải 1000.5.")])
    }

    @Test func everyBadCellIsReportedWithSheetRowAndColumn() {
        let batch = importBatch([("LopHoc", textRows([
            ["Mã lớp", "Tên lớp", "Loại chương trình", "Từ ngày", "Đến ngày", "Số tiết"],
            ["L1", "Lớp một", "NGACH", "ngày mai", "27/04/2018", "40"],
            ["L2", "Lớp hai", "KHONG-CO", "05/03/2018", "27/04/2018", "bốn mươi"],
            ["L1", "Lớp một lặp", "NGACH", "05/03/2018", "27/04/2018", ""],
        ]))])
        // Row 4 repeats the key of row 2, which was refused: the only valid "L1" is row 4's.
        #expect(batch.classes.map(\.row) == [4])
        #expect(batch.problems.map(\.description) == [
            "Trang LopHoc, dòng 2, cột Từ ngày: Từ ngày không hợp lệ: \"ngày mai\" (nhập dd/mm/yyyy).",
            "Trang LopHoc, dòng 3, cột Loại chương trình: Loại chương trình \"KHONG-CO\" không có trong danh mục.",
            "Trang LopHoc, dòng 3, cột Số tiết: Số tiết phải là số nguyên từ 1 đến 100.000.",
        ])
        // The duplicate is only a duplicate of a valid row: row 4 is the first valid "L1".
        let again = importBatch([("LopHoc", textRows([
            ["Mã lớp", "Tên lớp", "Loại chương trình", "Từ ngày", "Đến ngày"],
            ["L1", "Lớp một", "NGACH", "05/03/2018", "27/04/2018"],
            ["L1", "Lớp một lặp", "NGACH", "05/03/2018", "27/04/2018"],
        ]))])
        #expect(again.problems.map(\.description) == ["Trang LopHoc, dòng 3: Trùng khóa (Mã lớp = L1) với dòng 2."])
    }

    @Test func aNumberInADateColumnAndMissingRequiredColumnsAreProblems() {
        let batch = importBatch([
            ("QuaTrinh", [[.text("Mã cán bộ"), .text("Mã đơn vị"), .text("Đối tượng"), .text("Từ ngày")],
                          [.text("P1"), .text("X01"), .text("CC"), .number("43831")]]),
            ("VanBang", textRows([["Mã cán bộ", "Loại"], ["P1", "LLCT"]])),
        ])
        #expect(batch.problems.map(\.description) == [
            "Trang QuaTrinh, dòng 2, cột Từ ngày: Từ ngày là một số, không phải ngày (định dạng ô là ngày, hoặc nhập dd/mm/yyyy).",
            "Trang VanBang, dòng 1: Thiếu cột bắt buộc \"Trình độ\".",
            "Trang VanBang, dòng 1: Thiếu cột bắt buộc \"Ngày cấp\".",
        ])
        #expect(batch.history.isEmpty && batch.qualifications.isEmpty)
    }

    @Test func problemsBeyondTheLimitAreCountedNotKept() {
        var rows = textRows([["Mã cơ sở", "Tên cơ sở"]])
        for index in 0..<(ImportBatch.problemLimit + 50) { rows.append([.text("mã có dấu \(index)"), .text("X")]) }
        let batch = importBatch([("CoSoDaoTao", rows)])
        #expect(batch.problems.count == ImportBatch.problemLimit)
        #expect(batch.problemCount == ImportBatch.problemLimit + 50)
    }
}

@Suite struct MappingGuessTests {
    @Test func headersOfOtherLayoutsAreGuessedByDiacriticInsensitiveSimilarity() {
        func guess(_ header: String, _ sheet: WorkbookSheet = .people) -> String? {
            MappingGuess.column(for: header, in: sheet)?.column.field
        }
        #expect(guess("Họ tên") == "full_name")
        #expect(guess("HO VA TEN") == "full_name")
        #expect(guess("Mã CB") == "code")
        #expect(guess("Ngày tháng năm sinh") == "birth_date")
        #expect(guess("Giới") == "sex")
        #expect(guess("Trình độ LLCT") == "political_level")
        #expect(guess("STT") == nil)
        #expect(guess("Số tiền (đồng)", .funding) == "amount")
        #expect(MappingGuess.sheet(named: "Danh sach", headers: ["STT", "Họ tên", "Mã CB", "Mã đơn vị", "Đối tượng"])
                == .people)
        #expect(MappingGuess.sheet(named: "Sheet1", headers: ["Số chứng từ", "Năm", "Nguồn vốn", "Số tiền"]) == .funding)
    }

    @Test func aMappingMustCoverRequiredColumnsOnceEach() {
        var mapping = MappingGuess.mapping(for: [("DS", ["Họ tên", "Mã CB", "Mã đơn vị", "Đối tượng", "Ghi chú"])])
        #expect(mapping.problems.isEmpty)
        mapping.sheets["ds"]?.columns["ghichu"] = "full_name"
        #expect(mapping.problems == ["Trang ds: hai cột cùng ghép vào \"Họ và tên\"."])
        mapping.sheets["ds"]?.columns["ghichu"] = ""
        mapping.sheets["ds"]?.columns["macb"] = ""
        #expect(mapping.problems == ["Trang ds: chưa ghép cột bắt buộc \"Mã cán bộ\"."])
    }
}
