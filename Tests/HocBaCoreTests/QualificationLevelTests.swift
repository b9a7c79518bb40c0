import Testing
@testable import HocBaCore

@Suite struct QualificationLevelTests {
    @Test func codesRoundTripAndUnknownLevelsAreRefused() {
        let level = QualificationLevel(code: "LLCT:TRUNG-CAP")
        #expect(level?.kind == .politicalTheory && level?.level == "TRUNG-CAP")
        #expect(level?.label == "Lý luận chính trị: Trung cấp")
        #expect(QualificationLevel(code: "LLCT:THAC-SI") == nil)
        #expect(QualificationLevel(code: "TIN-HOC:A") == nil)
        #expect(QualificationLevel(code: "QLNN") == nil)
        #expect(QualificationLevel.all.allSatisfy { QualificationLevel(code: $0.code) == $0 })
    }

    @Test func aClassReadsWhatItLeadsTo() throws {
        let fields = ["code": "L1", "name": "Trung cấp LLCT", "programme_type": "LLCT", "start_date": "01/03/2019",
                      "end_date": "30/11/2019"]
        var withGrant = fields
        withGrant["grants"] = "LLCT:TRUNG-CAP"
        #expect(try ClassDraft.read(RawFields(withGrant), programmeTypes: .programmeTypes).get().grants?.level == "TRUNG-CAP")
        #expect(try ClassDraft.read(RawFields(fields), programmeTypes: .programmeTypes).get().grants == nil)
        var wrong = fields
        wrong["grants"] = "LLCT:TIEN-SI"
        guard case .failure(let failure) = ClassDraft.read(RawFields(wrong), programmeTypes: .programmeTypes) else {
            Issue.record("expected a validation failure")
            return
        }
        #expect(failure.byField["grants"] == "Văn bằng, chứng chỉ \"LLCT:TIEN-SI\" không có trong danh mục.")
    }
}
