import Testing
@testable import HocBaCore

/// The merger rule (which subtrees a report with predecessors counts) and the import's code prefix.
@Suite struct PredecessorRuleTests {
    /// Two old provinces A (/1/) and B (/10/) merged into N (/20/); A's communes A1, A2 into N's new commune N1,
    /// B's commune B1 into A1 on an earlier merger (a chain), B2 left alone; Z (/30/) has nothing to do with N.
    let units = [
        MergerUnit(code: "A", name: "Tỉnh A", path: "/1/", mergedIntoCode: "N"),
        MergerUnit(code: "A-H", name: "Huyện A", path: "/1/2/"),
        MergerUnit(code: "A1", name: "Xã A1", path: "/1/2/3/", mergedIntoCode: "N1"),
        MergerUnit(code: "A2", name: "Xã A2", path: "/1/2/4/", mergedIntoCode: "N1"),
        MergerUnit(code: "B", name: "Tỉnh B", path: "/10/", mergedIntoCode: "N"),
        MergerUnit(code: "B1", name: "Xã B1", path: "/10/11/", mergedIntoCode: "A1"),
        MergerUnit(code: "B2", name: "Xã B2", path: "/10/12/"),
        MergerUnit(code: "N", name: "Tỉnh N", path: "/20/"),
        MergerUnit(code: "N1", name: "Xã N1", path: "/20/21/"),
        MergerUnit(code: "Z", name: "Tỉnh Z", path: "/30/"),
    ]

    func roots(_ code: String, _ units: [MergerUnit]? = nil) -> [String]? {
        PredecessorRule.roots(of: code, in: units ?? self.units)?.map(\.code)
    }

    @Test func aUnitWithNothingMergedIntoItCountsItsSubtreeOnly() {
        #expect(roots("Z") == ["Z"])
        #expect(roots("B2") == ["B2"])
    }

    @Test func unitsMergedIntoTheUnitCountWithTheirSubtrees() {
        // A and B into N: their whole subtrees, so A1, A2, B1, B2 need no root of their own.
        #expect(roots("N") == ["N", "A", "B"])
    }

    @Test func unitsMergedIntoAUnitOfTheSubtreeCountToo() {
        let withoutProvinces = units.map {
            ["A", "B"].contains($0.code) ? MergerUnit(code: $0.code, name: $0.name, path: $0.path) : $0
        }
        // N1 is under N; A1 and A2 were merged into N1; B1 into A1 (a chain of two mergers).
        #expect(roots("N", withoutProvinces) == ["N", "A1", "A2", "B1"])
        #expect(roots("N1", withoutProvinces) == ["N1", "A1", "A2", "B1"])
    }

    @Test func aChainOfMergersIsFollowedToItsEnd() {
        #expect(roots("A1") == ["A1", "B1"])
        #expect(roots("N1") == ["N1", "A1", "A2", "B1"])
    }

    @Test func aCycleOfMergersEnds() {
        let cycle = [
            MergerUnit(code: "P", name: "P", path: "/1/", mergedIntoCode: "Q"),
            MergerUnit(code: "Q", name: "Q", path: "/2/", mergedIntoCode: "R"),
            MergerUnit(code: "R", name: "R", path: "/3/", mergedIntoCode: "P"),
            MergerUnit(code: "S", name: "S", path: "/4/", mergedIntoCode: "S"),
        ]
        #expect(roots("P", cycle) == ["P", "R", "Q"])
        #expect(roots("S", cycle) == ["S"])
    }

    @Test func aPredecessorAboveAnEarlierRootReplacesIt() {
        // C2 (under C) was merged into M before C itself was, through D: one root, C, covers both.
        let nested = [
            MergerUnit(code: "C", name: "C", path: "/1/", mergedIntoCode: "D"),
            MergerUnit(code: "C2", name: "C2", path: "/1/2/", mergedIntoCode: "M"),
            MergerUnit(code: "D", name: "D", path: "/5/", mergedIntoCode: "M"),
            MergerUnit(code: "M", name: "M", path: "/9/"),
        ]
        #expect(roots("M", nested) == ["M", "D", "C"])
    }

    /// A district merged into its seat commune is not followed: it would bring in the district's other communes.
    @Test func aUnitAboveTheOneAskedForIsNotFollowed() throws {
        let units = [MergerUnit(code: "D", name: "Huyện", path: "/1/", mergedIntoCode: "X1"),
                     MergerUnit(code: "X1", name: "Xã 1", path: "/1/2/", mergedIntoCode: nil),
                     MergerUnit(code: "X2", name: "Xã 2", path: "/1/3/", mergedIntoCode: "N2"),
                     MergerUnit(code: "N2", name: "Xã mới 2", path: "/4/", mergedIntoCode: nil)]
        #expect(try #require(PredecessorRule.roots(of: "X1", in: units)).map(\.code) == ["X1"])
        #expect(try #require(PredecessorRule.roots(of: "N2", in: units)).map(\.code) == ["N2", "X2"])
    }

    @Test func anUnknownUnitHasNoRoots() {
        #expect(roots("KHONG-CO") == nil)
    }

    @Test func includedUnitsNameTheirSuccessorButNotTheUnitAskedFor() {
        let included = PredecessorRule.roots(of: "N", in: units)!.map { IncludedUnit($0, requested: "N") }
        #expect(included.map(\.mergedInto) == [nil, "N", "N"])
    }

    @Test func parametersWithoutPredecessorsEncodeAsVersionOneDid() throws {
        let plain = SummaryParameters(from: Day(2016, 1, 1), to: Day(2020, 12, 31), unitCode: "N")
        let json = String(decoding: try JSONEncoderForTests.encode(plain), as: UTF8.self)
        #expect(!json.contains("includePredecessors"))
        var widened = plain
        widened.unit.includesPredecessors = true
        let decoded = try JSONDecoderForTests.decode(SummaryParameters.self, from: try JSONEncoderForTests.encode(widened))
        #expect(decoded == widened && decoded.unit == ReportUnitScope(code: "N", includesPredecessors: true))
    }
}

import Foundation

private enum JSONEncoderForTests {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(value)
    }
}

private enum JSONDecoderForTests {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T { try JSONDecoder().decode(type, from: data) }
}

@Suite struct CodePrefixTests {
    func prefix(_ text: String) -> CodePrefix? { try? CodePrefix.read(text).get() }

    func message(_ text: String) -> String? {
        if case .failure(let failure) = CodePrefix.read(text) { return failure.description }
        return nil
    }

    @Test func aPrefixIsLettersDigitsAndDotUnderscoreHyphen() {
        #expect(prefix("BK-")?.text == "BK-")
        #expect(prefix(" TN.2025_ ")?.text == "TN.2025_")
        #expect(message("")?.contains("không được để trống") == true)
        #expect(message("Bắc-")?.contains("chữ không dấu") == true)
        #expect(message("BK/")?.contains("chữ không dấu") == true)
        #expect(message(String(repeating: "A", count: 21))?.contains("tối đa 20") == true)
    }

    /// One row of every sheet, each referring to the others.
    func batch() -> ImportBatch {
        var batch = ImportBatch()
        batch.institutions = [ImportedRow(row: 2, draft: InstitutionDraft(code: "TCT", name: "Trường Chính trị"))]
        batch.units = [ImportedRow(row: 2, draft: UnitDraft(code: "X1", name: "Xã 1", level: .commune, parentCode: "H1",
                                                            mergedIntoCode: "X2"))]
        batch.positions = [ImportedRow(row: 2, draft: PositionDraft(code: "VT-CV", name: "Chuyên viên", group: .shared,
                                                                    rankCode: "01.003", unitCode: "X1"))]
        batch.people = [ImportedRow(row: 2, draft: PersonDraft(code: "CB0001", fullName: "Hoàng Văn A", unitCode: "X1",
                                                               category: .cadre, rankCode: "01.003",
                                                               positionCode: "VT-CV"))]
        batch.history = [ImportedRow(row: 2, draft: HistoryDraft(personCode: "CB0001", period: WorkPeriodDraft(
            unitCode: "X1", category: .cadre, rankCode: "01.003", from: Day(2015, 1, 1), positionCode: "VT-CV")))]
        batch.qualifications = [ImportedRow(row: 2, draft: QualificationDraft(personCode: "CB0001", qualification:
            ObtainedQualification(kind: .professional, level: "DAI-HOC", granted: Day(2010, 6, 1))))]
        batch.instructors = [ImportedRow(row: 2, draft: InstructorDraft(code: "GV01", fullName: "Lý Thị B",
                                                                        institutionCode: "TCT"))]
        batch.classes = [ImportedRow(row: 2, draft: ClassDraft(code: "L01", name: "Lớp 1", programmeType: "LLCT",
                                                               institutionCode: "TCT", organisingUnitCode: "X1",
                                                               start: Day(2018, 3, 1), end: Day(2018, 5, 1)))]
        batch.enrolments = [ImportedRow(row: 2, draft: EnrolmentDraft(classCode: "L01", personCode: "CB0001",
                                                                      result: .completed, certificateNumber: "TCT-01"))]
        batch.funding = [ImportedRow(row: 2, draft: FundingDraft(documentNumber: "CT-01", year: 2018, source: "NS-TINH",
                                                                 amount: 1_000, classCode: "L01"))]
        return batch
    }

    @Test func everyCodeAndEveryReferenceTakesThePrefix() throws {
        let prefixed = batch().prefixingCodes(with: try #require(prefix("BK.")))
        #expect(prefixed.problems.isEmpty)
        #expect(prefixed.institutions[0].draft.code == "BK.TCT")
        let unit = prefixed.units[0].draft
        #expect([unit.code, unit.parentCode, unit.mergedIntoCode] == ["BK.X1", "BK.H1", "BK.X2"])
        let position = prefixed.positions[0].draft
        #expect(position.code == "BK.VT-CV" && position.unitCode == "BK.X1" && position.rankCode == "01.003")
        let person = prefixed.people[0].draft
        #expect(person.code == "BK.CB0001" && person.unitCode == "BK.X1" && person.positionCode == "BK.VT-CV")
        let history = prefixed.history[0].draft
        #expect(history.personCode == "BK.CB0001" && history.period.unitCode == "BK.X1")
        #expect(history.period.positionCode == "BK.VT-CV")
        #expect(prefixed.qualifications[0].draft.personCode == "BK.CB0001")
        let instructor = prefixed.instructors[0].draft
        #expect(instructor.code == "BK.GV01" && instructor.institutionCode == "BK.TCT")
        let trainingClass = prefixed.classes[0].draft
        #expect([trainingClass.code, trainingClass.institutionCode, trainingClass.organisingUnitCode]
                == ["BK.L01", "BK.TCT", "BK.X1"])
        let enrolment = prefixed.enrolments[0].draft
        #expect(enrolment.classCode == "BK.L01" && enrolment.personCode == "BK.CB0001")
        let funding = prefixed.funding[0].draft
        #expect(funding.documentNumber == "BK.CT-01" && funding.classCode == "BK.L01")
        #expect(prefixed.units[0].row == 2 && prefixed.people[0].row == 2)
    }

    @Test func ranksCodeListsAndCertificateNumbersAreNotCodesOfTheFile() throws {
        let prefixed = batch().prefixingCodes(with: try #require(prefix("BK.")))
        #expect(prefixed.people[0].draft.rankCode == "01.003")
        #expect(prefixed.history[0].draft.period.rankCode == "01.003")
        #expect(prefixed.classes[0].draft.programmeType == "LLCT")
        #expect(prefixed.enrolments[0].draft.certificateNumber == "TCT-01")
        #expect(prefixed.funding[0].draft.source == "NS-TINH")
    }

    @Test func aCodeThePrefixMakesTooLongIsAProblemOfItsRowAndColumn() throws {
        var long = batch()
        long.people = [ImportedRow(row: 7, draft: PersonDraft(code: String(repeating: "C", count: 35), fullName: "A",
                                                              unitCode: "X1", category: .cadre))]
        let prefixed = long.prefixingCodes(with: try #require(prefix("TINH-CU.")))
        #expect(prefixed.problems.count == 1)
        let problem = try #require(prefixed.problems.first)
        #expect(problem.sheet == "CanBo" && problem.row == 7 && problem.column == "Mã cán bộ")
        #expect(problem.message.contains("43 ký tự") && problem.message.contains("tối đa 40"))
    }
}
