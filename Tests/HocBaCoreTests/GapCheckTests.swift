import Testing
@testable import HocBaCore

private func level(_ code: String) -> QualificationLevel {
    guard let level = QualificationLevel(code: code) else { preconditionFailure(code) }
    return level
}

private func state(_ rank: String?, post: String? = nil, unit: Int = 1, category: Category = .civilServant)
    -> PersonState {
    PersonState(unitID: unit, category: category, rankCode: rank, post: post)
}

private func person(_ id: Int, _ name: String = "Nguyễn Văn An", current: PersonState, history: [WorkPeriod] = [],
                    declared: [QualificationKind: String] = [:], diplomas: [RecordedQualification] = [],
                    attendances: [Attendance] = []) -> TrainingRecord {
    TrainingRecord(personID: id, code: "CB\(id)", fullName: name, current: current, history: history,
                   declared: declared, diplomas: diplomas, attendances: attendances)
}

private func diploma(_ id: Int, _ code: String, _ day: Day) -> RecordedQualification {
    let qualification = level(code)
    return RecordedQualification(id: id, qualification: ObtainedQualification(kind: qualification.kind,
                                                                              level: qualification.level, granted: day))
}

private func attended(_ id: Int, _ type: String, _ start: Day, _ end: Day, hours: Int? = 40,
                      result: EnrolmentResult? = .completed, grants: String? = nil,
                      certificate: Day? = nil) -> Attendance {
    Attendance(enrolmentID: id, classCode: "L\(id)", className: "Lớp \(id)", programmeType: type, start: start,
               end: end, hours: hours, result: result, grants: grants.map(level), certificateDate: certificate)
}

/// A table with one requirement of each kind, so that each test reads only what it is about.
private let table = TrainingStandards(
    ranks: [
        RankStandard(rankCode: "01.003", rankName: "Chuyên viên", validFrom: Day(2017, 10, 1),
                     requirements: [.init(.qualification(level("QLNN:CV")), basis: "TT 05/2017/TT-BNV")]),
        RankStandard(rankCode: "01.002", rankName: "Chuyên viên chính", validFrom: Day(2017, 10, 1),
                     requirements: [.init(.qualification(level("QLNN:CVC")), basis: "x")]),
    ],
    posts: [
        PostStandard(key: "CAP-PHONG", title: "Lãnh đạo cấp phòng", posts: ["Trưởng phòng", "Phó Trưởng phòng"],
                     validFrom: Day(2016, 1, 1), requirements: [
                        .init(.qualification(level("LLCT:TRUNG-CAP")), basis: "x"),
                        .init(.programme(ProgrammeNeed(programmeTypes: ["BONHIEM"],
                                                       title: "bồi dưỡng trước khi bổ nhiệm chức vụ cấp phòng",
                                                       beforeAppointment: true, graceDays: 30)), basis: "x"),
                     ]),
    ])

@Suite struct QualificationRequirementTests {
    let day = Day(2022, 6, 1)

    @Test func missingCertificateIsNotMetWithTheReasonInVietnamese() {
        let result = GapCheck.check(person(1, current: state("01.002")), on: day, standards: table)
        #expect(result.verdicts.count == 1)
        #expect(result.verdicts.first?.status == .notMet)
        #expect(result.verdicts.first?.reason == "Chưa có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên chính")
        #expect(result.verdicts.first?.evidence == nil)
        #expect(result.verdicts.first?.id == "NGACH:01.002/QLNN:CVC")
        #expect(result.verdicts.first?.source.title == "Ngạch Chuyên viên chính (01.002)")
        #expect(!result.meetsAll)
    }

    @Test func aLowerLevelIsNamedAndAHigherLevelSatisfies() {
        let lower = GapCheck.check(person(1, current: state("01.002"), declared: [.stateManagement: "CV"]),
                                   on: day, standards: table)
        #expect(lower.verdicts.first?.reason == "Chưa có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên chính "
                + "(mới có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên)")
        let higher = GapCheck.check(person(1, current: state("01.003"), declared: [.stateManagement: "CVCC"]),
                                    on: day, standards: table)
        #expect(higher.verdicts.first?.status == .met)
        #expect(higher.verdicts.first?.reason
                == "Có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên cao cấp (kê khai trong hồ sơ, không rõ ngày cấp)")
    }

    @Test func aDeclaredLevelHoldsOnEveryDate() {
        let record = person(1, current: state("01.003"), declared: [.stateManagement: "CV"])
        let verdict = GapCheck.check(record, on: Day(2018, 1, 1), standards: table).verdicts.first
        #expect(verdict?.status == .met)
        #expect(verdict?.evidence == .qualification(HeldQualification(level: level("QLNN:CV"), obtained: nil,
                                                                      source: .declared)))
    }

    @Test func aDiplomaCountsFromTheDayItWasGranted() {
        let record = person(1, current: state("01.003"), diplomas: [diploma(7, "QLNN:CV", Day(2020, 3, 15))])
        let before = GapCheck.check(record, on: Day(2020, 3, 14), standards: table).verdicts.first
        #expect(before?.status == .notMet)
        #expect(before?.reason == "Chưa có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên; đạt ngày 15/03/2020, "
                + "sau ngày xét 14/03/2020")
        let on = GapCheck.check(record, on: Day(2020, 3, 15), standards: table).verdicts.first
        #expect(on?.status == .met)
        #expect(on?.reason == "Có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên (văn bằng, chứng chỉ cấp ngày 15/03/2020)")
        #expect(on?.evidence == .qualification(HeldQualification(level: level("QLNN:CV"), obtained: Day(2020, 3, 15),
                                                                 source: .diploma(id: 7))))
    }

    @Test func aCompletedClassThatGrantsTheCertificateCountsFromItsCertificateDate() {
        let course = attended(3, "NGACH", Day(2021, 3, 1), Day(2021, 4, 30), grants: "QLNN:CV",
                              certificate: Day(2021, 5, 10))
        let record = person(1, current: state("01.003"), attendances: [course])
        #expect(GapCheck.check(record, on: Day(2021, 5, 9), standards: table).verdicts.first?.status == .notMet)
        let verdict = GapCheck.check(record, on: Day(2021, 5, 10), standards: table).verdicts.first
        #expect(verdict?.status == .met)
        #expect(verdict?.evidence == .qualification(HeldQualification(level: level("QLNN:CV"), obtained: Day(2021, 5, 10),
                                                                      source: .completedClass(course))))
        #expect(verdict?.reason == "Có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên (hoàn thành lớp L3 (Lớp 3), "
                + "cấp ngày 10/05/2021)")
        // Without a certificate date, the class's last day.
        let undated = attended(3, "NGACH", Day(2021, 3, 1), Day(2021, 4, 30), grants: "QLNN:CV")
        let plain = person(1, current: state("01.003"), attendances: [undated])
        #expect(GapCheck.check(plain, on: Day(2021, 4, 30), standards: table).verdicts.first?.status == .met)
    }

    @Test func aClassNotCompletedGrantsNothing() {
        for result in [EnrolmentResult.notCompleted, .droppedOut, nil] {
            let course = attended(3, "NGACH", Day(2021, 3, 1), Day(2021, 4, 30), result: result, grants: "QLNN:CV")
            let record = person(1, current: state("01.003"), attendances: [course])
            #expect(GapCheck.check(record, on: Day(2022, 1, 1), standards: table).verdicts.first?.status == .notMet)
        }
    }

    @Test func aDatedRecordOfTheKindReplacesTheDeclaredLevel() {
        // The CanBo column says CV, but the only dated record of QLNN is a class finished in 2021: before it,
        // the person had no QLNN certificate (docs/workbook.md, VanBang).
        let course = attended(3, "NGACH", Day(2021, 3, 1), Day(2021, 4, 30), grants: "QLNN:CV")
        let record = person(1, current: state("01.003"), declared: [.stateManagement: "CV"], attendances: [course])
        #expect(GapCheck.check(record, on: Day(2020, 1, 1), standards: table).verdicts.first?.status == .notMet)
        #expect(GapCheck.check(record, on: Day(2021, 5, 1), standards: table).verdicts.first?.status == .met)
    }

    @Test func theEarliestSufficientRecordIsTheEvidence() {
        let record = person(1, current: state("01.003"),
                            diplomas: [diploma(9, "QLNN:CVC", Day(2021, 1, 1)), diploma(8, "QLNN:CV", Day(2019, 1, 1))],
                            attendances: [attended(3, "NGACH", Day(2018, 3, 1), Day(2018, 4, 30), result: .droppedOut,
                                                   grants: "QLNN:CV")])
        let verdict = GapCheck.check(record, on: Day(2022, 1, 1), standards: table).verdicts.first
        #expect(verdict?.evidence == .qualification(HeldQualification(level: level("QLNN:CV"), obtained: Day(2019, 1, 1),
                                                                      source: .diploma(id: 8))))
    }

    @Test func politicalTheoryRequiredByThePost() {
        let record = person(1, current: state(nil, post: "Trưởng phòng Nội vụ"), declared: [.politicalTheory: "SO-CAP"])
        let verdict = GapCheck.check(record, on: day, standards: table).verdicts.first
        #expect(verdict?.id == "CHUCVU:CAP-PHONG/LLCT:TRUNG-CAP")
        #expect(verdict?.reason == "Chưa có trình độ lý luận chính trị trung cấp trở lên "
                + "(mới có trình độ lý luận chính trị sơ cấp)")
        let bachelor = person(1, current: state(nil, post: "Trưởng phòng"), declared: [.politicalTheory: "CU-NHAN"])
        #expect(GapCheck.check(bachelor, on: day, standards: table).verdicts.first?.status == .met)
    }
}

@Suite struct PreAppointmentProgrammeTests {
    /// Phó Trưởng phòng from 01/03/2020, Trưởng phòng from 01/01/2022 (one unbroken run in the group), after a
    /// spell as a chuyên viên.
    let history = [
        WorkPeriod(state: state("01.003"), from: Day(2015, 1, 1), to: Day(2020, 2, 29)),
        WorkPeriod(state: state("01.003", post: "Phó Trưởng phòng"), from: Day(2020, 3, 1), to: Day(2021, 12, 31)),
        WorkPeriod(state: state("01.003", post: "Trưởng phòng"), from: Day(2022, 1, 1), to: nil),
    ]

    func programmeVerdict(_ attendances: [Attendance], on day: Day) -> RequirementVerdict? {
        let record = person(1, current: state("01.003", post: "Trưởng phòng"), history: history,
                            declared: [.stateManagement: "CV", .politicalTheory: "TRUNG-CAP"], attendances: attendances)
        let result = GapCheck.check(record, on: day, standards: table)
        #expect(result.appointed == Day(2020, 3, 1))
        return result.verdicts.first { $0.requirement.need.code == "CT:BONHIEM" }
    }

    @Test func notCompletedNamesTheAppointment() {
        let verdict = programmeVerdict([], on: Day(2022, 6, 1))
        #expect(verdict?.status == .notMet)
        #expect(verdict?.reason == "Chưa hoàn thành bồi dưỡng trước khi bổ nhiệm chức vụ cấp phòng "
                + "(bổ nhiệm từ ngày 01/03/2020)")
    }

    @Test func completedBeforeAppointmentIsMet() {
        let course = attended(5, "BONHIEM", Day(2019, 10, 1), Day(2019, 10, 20))
        let verdict = programmeVerdict([course], on: Day(2022, 6, 1))
        #expect(verdict?.status == .met)
        #expect(verdict?.evidence == .training(course))
        #expect(verdict?.reason == "Đã hoàn thành bồi dưỡng trước khi bổ nhiệm chức vụ cấp phòng "
                + "(lớp L5 (Lớp 5), kết thúc ngày 20/10/2019)")
    }

    @Test func completedWithinTheGraceDaysIsMetLaterIsLate() {
        let inGrace = attended(5, "BONHIEM", Day(2020, 3, 10), Day(2020, 3, 31))
        #expect(programmeVerdict([inGrace], on: Day(2022, 6, 1))?.status == .met)
        let late = attended(6, "BONHIEM", Day(2021, 5, 10), Day(2021, 5, 30))
        let verdict = programmeVerdict([late], on: Day(2022, 6, 1))
        #expect(verdict?.status == .metLate)
        #expect(verdict?.isMet == true)
        #expect(verdict?.reason == "Hoàn thành bồi dưỡng trước khi bổ nhiệm chức vụ cấp phòng ngày 30/05/2021, "
                + "sau ngày bổ nhiệm 01/03/2020 (lớp L6 (Lớp 6))")
    }

    @Test func aClassEndingAfterTheDateOrNotCompletedDoesNotCount() {
        let after = attended(6, "BONHIEM", Day(2022, 5, 10), Day(2022, 6, 30))
        let verdict = programmeVerdict([after], on: Day(2022, 6, 1))
        #expect(verdict?.status == .notMet)
        #expect(verdict?.reason.hasSuffix("; hoàn thành ngày 30/06/2022, sau ngày xét 01/06/2022") == true)
        let dropped = attended(7, "BONHIEM", Day(2019, 10, 1), Day(2019, 10, 20), result: .droppedOut)
        let other = attended(8, "LDQL", Day(2019, 10, 1), Day(2019, 10, 20))
        #expect(programmeVerdict([dropped, other], on: Day(2022, 6, 1))?.status == .notMet)
    }

    @Test func withoutHistoryTheAppointmentIsUnknownAndNothingIsLate() {
        let record = person(1, current: state("01.003", post: "Trưởng phòng"),
                            attendances: [attended(6, "BONHIEM", Day(2021, 5, 10), Day(2021, 5, 30))])
        let result = GapCheck.check(record, on: Day(2022, 6, 1), standards: table)
        #expect(result.appointed == nil)
        #expect(result.verdicts.last?.status == .met)
    }
}

@Suite struct ChangingRankOrPostTests {
    let history = [
        WorkPeriod(state: state("01.003"), from: Day(2018, 1, 1), to: Day(2020, 6, 30)),
        WorkPeriod(state: state("01.002", post: "Trưởng phòng", unit: 2), from: Day(2020, 7, 1), to: Day(2023, 12, 31)),
    ]

    @Test func theRankAndPostHeldOnTheDateDecide() {
        let record = person(1, current: state("01.001"), history: history, declared: [.stateManagement: "CV"])
        let spring = GapCheck.check(record, on: Day(2020, 6, 30), standards: table)
        #expect(spring.verdicts.map(\.id) == ["NGACH:01.003/QLNN:CV"])
        #expect(spring.meetsAll)
        #expect(spring.person.unitID == 1)
        let autumn = GapCheck.check(record, on: Day(2020, 7, 1), standards: table)
        #expect(autumn.verdicts.map(\.id) == ["NGACH:01.002/QLNN:CVC", "CHUCVU:CAP-PHONG/LLCT:TRUNG-CAP",
                                              "CHUCVU:CAP-PHONG/CT:BONHIEM"])
        #expect(autumn.gaps.count == 3)
        #expect(autumn.person.unitID == 2)
        #expect(autumn.appointed == Day(2020, 7, 1))
    }

    @Test func outOfServiceNothingIsRequired() {
        let record = person(1, current: state("01.001"), history: history)
        let result = GapCheck.check(record, on: Day(2024, 1, 1), standards: table)
        #expect(!result.inService)
        #expect(result.verdicts.isEmpty)
        #expect(result.person.unitID == nil)
    }
}

@Suite struct RuleVersionDateTests {
    /// Two tables that differ only in the day the second version of the ngạch chuyên viên rule starts.
    func standards(switchingOn day: Day) -> TrainingStandards {
        TrainingStandards(ranks: [
            RankStandard(rankCode: "01.003", rankName: "Chuyên viên", validFrom: Day(2017, 10, 1),
                         validTo: day.adding(days: -1),
                         requirements: [.init(.qualification(level("QLNN:CV")), basis: "v1")]),
            RankStandard(rankCode: "01.003", rankName: "Chuyên viên", validFrom: day, requirements: [
                .init(.qualification(level("QLNN:CV")), basis: "v2"),
                .init(.qualification(level("LLCT:SO-CAP")), basis: "v2"),
            ]),
        ])
    }

    let people = [
        person(1, current: state("01.003"), declared: [.stateManagement: "CV"]),
        person(2, current: state("01.003"), declared: [.stateManagement: "CV", .politicalTheory: "SO-CAP"]),
        person(3, current: state("01.003")),
        person(4, current: state("01.003"), diplomas: [diploma(1, "LLCT:SO-CAP", Day(2021, 2, 1))],
               attendances: [attended(2, "NGACH", Day(2019, 1, 1), Day(2019, 2, 1), grants: "QLNN:CV")]),
    ]

    func verdicts(_ standards: TrainingStandards, on day: Day) -> [[VerdictStatus]] {
        people.map { GapCheck.check($0, on: day, standards: standards).verdicts.map(\.status) }
    }

    @Test func movingAVersionDateChangesTheVerdictsBetweenTheTwoDatesAndOnlyThere() {
        let early = standards(switchingOn: Day(2021, 1, 1))
        let late = standards(switchingOn: Day(2021, 7, 1))
        var changed: [Day] = []
        var day = Day(2020, 11, 1)
        while day <= Day(2021, 9, 30) {
            if verdicts(early, on: day) != verdicts(late, on: day) { changed.append(day) }
            day = day.adding(days: 1)
        }
        #expect(changed.first == Day(2021, 1, 1))
        #expect(changed.last == Day(2021, 6, 30))
        #expect(changed.count == Day(2021, 6, 30).ordinal - Day(2021, 1, 1).ordinal + 1)
    }
}

@Suite struct GapSummaryTests {
    @Test func countsByRequirementAndListsOfPeopleInAFixedOrder() {
        let records = [
            person(1, "Trần Văn Bình", current: state("01.003", unit: 2)),
            person(2, "Lê Thị An", current: state("01.003", unit: 1), declared: [.stateManagement: "CV"]),
            person(3, "Nguyễn Văn An", current: state("01.002", post: "Trưởng phòng", unit: 1),
                   declared: [.stateManagement: "CVC"]),
            person(4, "Hoàng Văn Cường", current: state("01.003"),
                   history: [WorkPeriod(state: state("01.003"), from: Day(2010, 1, 1), to: Day(2015, 1, 1))]),
            person(5, "Phạm Thị Dung", current: state(nil, unit: 3)),
        ]
        let summary = GapCheck.summarise(records.reversed(), on: Day(2022, 1, 1), standards: table)
        #expect(summary.checked == 4)
        #expect(summary.outOfService == 1)
        #expect(summary.withGaps.map(\.personID) == [3, 1])
        #expect(summary.tallies.map(\.id) == ["NGACH:01.002/QLNN:CVC", "NGACH:01.003/QLNN:CV",
                                              "CHUCVU:CAP-PHONG/LLCT:TRUNG-CAP", "CHUCVU:CAP-PHONG/CT:BONHIEM"])
        #expect(summary.tallies.map(\.checked) == [1, 2, 1, 1])
        #expect(summary.tallies.map { $0.notMet.map(\.personID) } == [[], [1], [3], [3]])
        #expect(summary.tallies[1].title == "Chứng chỉ bồi dưỡng QLNN ngạch chuyên viên")
        #expect(summary.withGapsByUnit == [UnitPeople(unitID: 1, people: [summary.withGaps[0]]),
                                           UnitPeople(unitID: 2, people: [summary.withGaps[1]])])
        // The same records in another order give the same summary.
        #expect(GapCheck.summarise(records, on: Day(2022, 1, 1), standards: table) == summary)
    }
}
