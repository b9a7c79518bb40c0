import Foundation
import Testing
@testable import HocBaCore

private func level(_ code: String) -> QualificationLevel {
    guard let level = QualificationLevel(code: code) else { preconditionFailure(code) }
    return level
}

@Suite struct RuleVersionTests {
    let old = RankStandard(rankCode: "01.003", rankName: "Chuyên viên", validFrom: Day(2017, 10, 1),
                           validTo: Day(2021, 7, 31), requirements: [.init(.qualification(level("QLNN:CV")), basis: "A")])
    let new = RankStandard(rankCode: "01.003", rankName: "Chuyên viên", validFrom: Day(2021, 8, 1),
                           requirements: [.init(.qualification(level("QLNN:CVC")), basis: "B")])

    @Test func theVersionWhosePeriodCoversTheDateIsInForceBoundariesIncluded() {
        let table = TrainingStandards(ranks: [new, old])
        #expect(table.rank("01.003", on: Day(2017, 9, 30)) == nil)
        #expect(table.rank("01.003", on: Day(2017, 10, 1)) == old)
        #expect(table.rank("01.003", on: Day(2021, 7, 31)) == old)
        #expect(table.rank("01.003", on: Day(2021, 8, 1)) == new)
        #expect(table.rank("01.003", on: Day(2040, 1, 1)) == new)
        #expect(table.rank("01.002", on: Day(2022, 1, 1)) == nil)
        #expect(table.rank(nil, on: Day(2022, 1, 1)) == nil)
    }

    @Test func overlappingVersionsResolveToTheLaterStartAndAreReported() {
        var open = old
        open.validTo = nil
        let table = TrainingStandards(ranks: [new, open])
        #expect(table.rank("01.003", on: Day(2022, 1, 1)) == new)
        #expect(table.rank("01.003", on: Day(2020, 1, 1)) == open)
        let problems = table.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.validFrom == Day(2021, 8, 1))
        #expect(problems.first?.message == "Phiên bản từ 01/08/2021 chồng lấn phiên bản từ 01/10/2017.")
    }

    @Test func inForceGivesOneVersionPerKeyInKeyOrder() {
        let other = RankStandard(rankCode: "01.002", rankName: "Chuyên viên chính", validFrom: Day(2017, 10, 1),
                                 requirements: [])
        let inForce = RuleVersions.inForce([new, other, old], on: Day(2022, 1, 1))
        #expect(inForce.map(\.rankCode) == ["01.002", "01.003"])
        #expect(inForce.last == new)
    }
}

@Suite struct PostMatchingTests {
    let table = TrainingStandards.defaults

    @Test func postsMatchByTheirFirstWordsIgnoringCaseAndDiacritics() {
        let day = Day(2023, 1, 1)
        #expect(table.post("Trưởng phòng", on: day)?.key == "CAP-PHONG")
        #expect(table.post("Trưởng phòng Nội vụ", on: day)?.key == "CAP-PHONG")
        #expect(table.post("Phó Trưởng phòng Tài chính - Kế hoạch", on: day)?.key == "CAP-PHONG")
        #expect(table.post("truong phong noi vu", on: day)?.key == "CAP-PHONG")
        #expect(table.post("Phó Giám đốc Sở Tài chính", on: day)?.key == "CAP-SO")
        #expect(table.post("Giám đốc Bệnh viện", on: day) == nil)
        #expect(table.post("Trưởng phòngX", on: day) == nil)
        #expect(table.post("Chuyên viên", on: day) == nil)
        #expect(table.post(nil, on: day) == nil)
    }

    @Test func districtPostsStopWithTheDistrictLevel() {
        #expect(table.post("Chủ tịch UBND huyện Ba Bể", on: Day(2025, 6, 30))?.key == "CAP-HUYEN")
        #expect(table.post("Chủ tịch UBND huyện Ba Bể", on: Day(2025, 7, 1)) == nil)
    }

    @Test func theLongestMatchingNameWins() {
        let general = PostStandard(key: "A", title: "Trưởng phòng", posts: ["Trưởng phòng"],
                                   validFrom: Day(2016, 1, 1), requirements: [])
        let specific = PostStandard(key: "B", title: "Trưởng phòng Nội vụ", posts: ["Trưởng phòng Nội vụ"],
                                    validFrom: Day(2016, 1, 1), requirements: [])
        let table = TrainingStandards(posts: [specific, general])
        #expect(table.post("Trưởng phòng Nội vụ huyện Ba Bể", on: Day(2020, 1, 1))?.key == "B")
        #expect(table.post("Trưởng phòng Tư pháp", on: Day(2020, 1, 1))?.key == "A")
    }
}

@Suite struct DefaultStandardsTests {
    let table = TrainingStandards.defaults

    @Test func everyDefaultNamesItsBasisAndUnconfirmedOnesSaySo() {
        let requirements = table.ranks.flatMap(\.requirements) + table.posts.flatMap(\.requirements)
        #expect(!requirements.isEmpty)
        for requirement in requirements {
            #expect(!requirement.basis.isEmpty)
        }
        // The QLNN certificate of ngạch chuyên viên is confirmed (TT 05/2017/TT-BNV); the post rules are not.
        let cv = table.rank("01.003", on: Day(2019, 1, 1))?.requirements.first
        #expect(cv?.need == .qualification(level("QLNN:CV")))
        #expect(cv?.basis.hasPrefix("TT 05/2017/TT-BNV") == true)
        for requirement in table.posts.flatMap(\.requirements) {
            #expect(requirement.basis.hasPrefix(TrainingStandards.provincialChoice))
        }
        #expect(table.annualMinimums.allSatisfy { $0.basis.hasPrefix(TrainingStandards.provincialChoice) })
        #expect(TrainingStandards.provincialChoice == "Lựa chọn của tỉnh (chưa xác nhận)")
    }

    @Test func defaultsHaveNoProblemsAgainstTheStandardCatalogue() {
        #expect(table.problems(programmeTypes: Set(CodeList.programmeTypes.codes)).isEmpty)
    }

    @Test func theDefaultRankTablesSucceedEachOther() {
        #expect(table.rank("01.001", on: Day(2021, 7, 31))?.validFrom == Day(2017, 10, 1))
        #expect(table.rank("01.001", on: Day(2021, 8, 1))?.validFrom == Day(2021, 8, 1))
        let senior = table.rank("01.001", on: Day(2024, 1, 1))?.requirements.map(\.need.code)
        #expect(senior == ["QLNN:CVCC", "LLCT:CAO-CAP", "CHUYEN-MON:DAI-HOC"])
        let minimum = table.annualMinimum(for: .civilServant, on: Day(2023, 12, 31))
        #expect(minimum?.minimumHours == 40)
        #expect(minimum?.countedProgrammeTypes.contains("LLCT") == false)
        #expect(table.annualMinimum(for: .communeNonSpecialized, on: Day(2023, 12, 31)) == nil)
    }

    @Test func requirementTitlesAreVietnamese() {
        #expect(StandardRequirement(.qualification(level("QLNN:CVC")), basis: "").title
                == "Chứng chỉ bồi dưỡng QLNN ngạch chuyên viên chính")
        #expect(StandardRequirement(.qualification(level("LLCT:TRUNG-CAP")), basis: "").title
                == "Trình độ lý luận chính trị trung cấp trở lên")
        #expect(StandardRequirement(.qualification(level("LLCT:CU-NHAN")), basis: "").title
                == "Trình độ lý luận chính trị cử nhân")
        #expect(StandardRequirement(.qualification(level("CHUYEN-MON:DAI-HOC")), basis: "").title
                == "Trình độ chuyên môn đại học trở lên")
        #expect(table.posts.first?.requirements.last?.title
                == "Bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo cấp phòng")
    }
}

@Suite struct StandardsJSONTests {
    @Test func theTableRoundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(TrainingStandards.defaults)
        let decoded = try JSONDecoder().decode(TrainingStandards.self, from: data)
        #expect(decoded == TrainingStandards.defaults)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"qualification\":\"QLNN:CV\""))
        #expect(text.contains("\"validFrom\":\"2017-10-01\""))
    }

    @Test func anUnknownLevelIsRefused() {
        let json = #"{"qualification":"QLNN:XYZ","basis":"x"}"#
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(StandardRequirement.self, from: Data(json.utf8))
        }
        let programme = #"{"programme":{"programmeTypes":["BONHIEM"],"title":"t","beforeAppointment":true,"graceDays":30},"basis":"x"}"#
        let decoded = try? JSONDecoder().decode(StandardRequirement.self, from: Data(programme.utf8))
        #expect(decoded?.need == .programme(ProgrammeNeed(programmeTypes: ["BONHIEM"], title: "t",
                                                          beforeAppointment: true, graceDays: 30)))
    }
}

@Suite struct StandardsProblemTests {
    @Test func editsThatCannotWorkAreReportedInVietnamese() {
        let backwards = RankStandard(rankCode: "01.003", rankName: "Chuyên viên", validFrom: Day(2020, 1, 1),
                                     validTo: Day(2019, 1, 1), requirements: [])
        let noPosts = PostStandard(key: "X", title: "Trống", posts: [" "], validFrom: Day(2020, 1, 1),
                                   requirements: [.init(.programme(ProgrammeNeed(programmeTypes: ["ZZZ"], title: "t")),
                                                        basis: "")])
        let minimum = AnnualMinimumStandard(key: "M", title: "M", categories: [], minimumHours: -1,
                                            countedProgrammeTypes: [], validFrom: Day(2020, 1, 1), basis: "")
        let messages = TrainingStandards(ranks: [backwards], posts: [noPosts], annualMinimums: [minimum])
            .problems(programmeTypes: Set(CodeList.programmeTypes.codes)).map(\.message)
        #expect(messages == [
            "Hiệu lực đến 01/01/2019 trước hiệu lực từ 01/01/2020.",
            "Chưa có tên chức vụ nào.",
            "Loại chương trình \"ZZZ\" không có trong danh mục.",
            "Số tiết tối thiểu không được âm.",
            "Chưa chọn đối tượng áp dụng.",
            "Chưa chọn loại chương trình được tính.",
        ])
    }
}

@Suite struct TrainingPlanTests {
    let types = CodeList.programmeTypes, sources = CodeList.fundingSources

    /// Progress counts completed lượt of the target's audience and programme (every audience when none is named)
    /// and spending by source; rates are actual over planned.
    @Test func progressComparesTargetsWithTheRecords() {
        let plan = TrainingPlan(name: "KH 2021", fromYear: 2021, toYear: 2021,
                                targets: [.init(category: "CC", programmeType: "NGACH", personTimes: 10),
                                          .init(category: nil, programmeType: "LLCT", personTimes: 4)],
                                budget: [.init(source: "NS-TINH", amount: 1_000)])
        let progress = PlanProgress.compute(plan, completed: ["CC": ["NGACH": 7, "LLCT": 1], "CB": ["LLCT": 2, "NGACH": 9]],
                                            spent: ["NS-TINH": 250, "DON-VI": 99], programmeTypes: types, sources: sources)
        #expect(progress.targets.map(\.actual) == [7, 3])
        #expect(progress.targets[0].rate == 0.7)
        #expect(progress.targets[1].label.hasPrefix("Mọi đối tượng"))
        #expect(progress.budget.map(\.actual) == [250])
        #expect(plan.problems(programmeTypes: types, sources: sources).isEmpty)
        var wrong = plan
        wrong.toYear = 2030
        wrong.targets.append(.init(category: "XX", programmeType: "NGACH", personTimes: -1))
        #expect(wrong.problems(programmeTypes: types, sources: sources).count == 3)
    }

    /// Each gap is a lượt of the programme that closes it, by the person's category on the day.
    @Test func aProposedPlanCountsOneLuotPerPersonAndGap() {
        let standards = TrainingStandards.defaults
        let day = Day(2020, 12, 31)
        let records = (1...3).map { index in
            TrainingRecord(personID: index, code: "P\(index)", fullName: "Người \(index)",
                           current: PersonState(unitID: 1, category: .civilServant, rankCode: "01.003"),
                           declared: [.professional: "DAI-HOC"])
        }
        let plan = TrainingPlan.proposed(from: GapCheck.summarise(records, on: day, standards: standards),
                                         fromYear: 2021, toYear: 2025)
        #expect(plan.targets == [.init(category: "CC", programmeType: "NGACH", personTimes: 3)])
        #expect(plan.period == "Giai đoạn 2021–2025")
        #expect(plan.note?.contains("31/12/2020") == true)
    }
}
