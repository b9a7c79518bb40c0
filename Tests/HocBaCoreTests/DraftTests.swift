import Testing
@testable import HocBaCore

@Suite struct DraftTests {
    @Test func aValidClassReadsCodesOrLabels() throws {
        let draft = try ClassDraft.read(RawFields([
            "code": "L2018-NGACH-01", "name": "Bồi dưỡng ngạch chuyên viên", "programme_type": "theo tieu chuan ngach cong chuc, chuc danh nghe nghiep",
            "form": "Bồi dưỡng", "start_date": "05/03/2018", "end_date": "2018-04-27", "hours": "240",
            "location": "TRONG-NUOC",
        ]), programmeTypes: .programmeTypes).get()
        #expect(draft.programmeType == "NGACH")
        #expect(draft.start == Day(2018, 3, 5))
        #expect(draft.end == Day(2018, 4, 27))
        #expect(draft.hours == 240)
    }

    @Test func everyProblemIsReportedAgainstItsField() {
        let result = ClassDraft.read(RawFields([
            "code": "lớp 1", "name": " ", "programme_type": "XYZ", "start_date": "01/06/2018",
            "end_date": "01/05/2018", "hours": "mười",
        ]), programmeTypes: .programmeTypes)
        guard case .failure(let failure) = result else {
            Issue.record("expected a validation failure")
            return
        }
        let byField = failure.byField
        #expect(byField["code"]?.contains("chữ không dấu") == true)
        #expect(byField["name"] == "Chưa nhập tên lớp.")
        #expect(byField["programme_type"] == "Loại chương trình \"XYZ\" không có trong danh mục.")
        #expect(byField["end_date"] == "Ngày kết thúc (01/05/2018) trước ngày bắt đầu (01/06/2018).")
        #expect(byField["hours"]?.hasPrefix("Số tiết phải là số nguyên") == true)
    }

    @Test func fundingAmountsAcceptThousandsSeparators() throws {
        let draft = try FundingDraft.read(RawFields([
            "document_number": "123/QĐ-UBND", "year": "2018", "source": "ngan sach tinh", "amount": "24.180.000.000",
        ]), sources: .fundingSources).get()
        #expect(draft.amount == 24_180_000_000)
        #expect(draft.source == "NS-TINH")
        #expect(draft.kind == .actual)
    }

    @Test func personEthnicityMustBeOneOfTheFiftyFour() {
        let result = PersonDraft.read(RawFields(["code": "CB1", "full_name": "Hà Văn A", "unit_code": "BK",
                                                 "category": "CC", "ethnicity": "Klingon", "sex": "nu"]),
                                      provinces: .birthRegistrationProvinces)
        guard case .failure(let failure) = result else {
            Issue.record("expected a validation failure")
            return
        }
        #expect(failure.byField["ethnicity"]?.contains("54 dân tộc") == true)
    }
}

@Suite struct TrimTests {
    @Test func trimmingRemovesWhiteSpaceAtBothEndsOnly() {
        #expect("  Nguyễn Văn A \t\n".trimmedOfWhitespace == "Nguyễn Văn A")
        #expect("\u{00A0}Lê Thị B\u{3000}".trimmedOfWhitespace == "Lê Thị B")
        #expect("A  B".trimmedOfWhitespace == "A  B")
        #expect(" \n\t ".trimmedOfWhitespace == "")
        #expect("".trimmedOfWhitespace == "")
        #expect(" á".trimmedOfWhitespace == "á")
    }
}
