import Testing
@testable import HocBaCore

private func course(_ id: Int, _ type: String, _ start: Day, _ end: Day, hours: Int? = 16,
                    result: EnrolmentResult? = .completed) -> Attendance {
    Attendance(enrolmentID: id, classCode: "L\(id)", className: "Lớp \(id)", programmeType: type, start: start,
               end: end, hours: hours, result: result)
}

private func record(_ id: Int, _ name: String, unit: Int = 1, category: Category = .civilServant,
                    history: [WorkPeriod] = [], _ attendances: [Attendance]) -> TrainingRecord {
    TrainingRecord(personID: id, code: "CB\(id)", fullName: name,
                   current: PersonState(unitID: unit, category: category, rankCode: "01.003"), history: history,
                   attendances: attendances)
}

@Suite struct AnnualMinimumTests {
    let standards = TrainingStandards.defaults

    @Test func onlyCompletedClassesOfCountedTypesEndingInTheYearCount() {
        let attendances = [
            course(1, "CHUYENNGANH", Day(2023, 3, 1), Day(2023, 3, 3)),                          // 16
            course(2, "VTVL", Day(2022, 12, 28), Day(2023, 1, 5)),                               // 16, ends in 2023
            course(3, "LLCT", Day(2023, 4, 1), Day(2023, 9, 1), hours: 400),                     // not counted type
            course(4, "NGACH", Day(2023, 5, 1), Day(2023, 5, 5), result: .notCompleted),         // not completed
            course(5, "LDQL", Day(2023, 6, 1), Day(2023, 6, 2), result: nil),                    // no result yet
            course(6, "QPAN", Day(2023, 12, 20), Day(2024, 1, 10)),                              // ends in 2024
            course(7, "KHAC", Day(2022, 5, 1), Day(2022, 5, 3)),                                 // 2022
        ]
        let result = AnnualMinimum.check(record(1, "Nguyễn Văn An", attendances), year: 2023, standards: standards)
        #expect(result?.counted.map(\.enrolmentID) == [2, 1])
        #expect(result?.completedHours == 32)
        #expect(result?.requiredHours == 40)
        #expect(result?.shortfall == 8)
        #expect(result?.isShort == true)
        #expect(result?.reason == "Đã hoàn thành 32/40 tiết, còn thiếu 8 tiết")
        #expect(AnnualMinimum.check(record(1, "Nguyễn Văn An", attendances), year: 2024, standards: standards)?
                    .completedHours == 16)
    }

    @Test func meetingTheMinimumAndClassesWithoutHours() {
        let attendances = [course(1, "CHUYENNGANH", Day(2023, 3, 1), Day(2023, 3, 5), hours: 40),
                           course(2, "NGACH", Day(2023, 8, 1), Day(2023, 8, 2), hours: nil)]
        let result = AnnualMinimum.check(record(1, "Nguyễn Văn An", attendances), year: 2023, standards: standards)
        #expect(result?.isShort == false)
        #expect(result?.shortfall == 0)
        #expect(result?.withoutHours.map(\.classCode) == ["L2"])
        #expect(result?.reason == "Đủ số tiết tối thiểu: đã hoàn thành 40/40 tiết (1 lớp chưa ghi số tiết, "
                + "chưa được tính: L2)")
    }

    @Test func aCategoryWithNoRuleOwesNothing() {
        let result = AnnualMinimum.check(record(1, "Nguyễn Văn An", category: .communeNonSpecialized, []), year: 2023,
                                         standards: standards)
        #expect(result?.rule == nil)
        #expect(result?.isShort == false)
        #expect(result?.reason
                == "Không có quy định số tiết tối thiểu cho đối tượng người hoạt động không chuyên trách cấp xã")
    }

    @Test func theCategoryAndUnitOnTheReferenceDayDecide() {
        // KCT until June, then công chức in another unit: held to the công chức minimum, listed in the new unit.
        let history = [
            WorkPeriod(state: PersonState(unitID: 1, category: .communeNonSpecialized), from: Day(2019, 1, 1),
                       to: Day(2023, 6, 30)),
            WorkPeriod(state: PersonState(unitID: 2, category: .civilServant), from: Day(2023, 7, 1), to: nil),
        ]
        let person = record(1, "Nguyễn Văn An", history: history, [course(1, "VTVL", Day(2023, 2, 1), Day(2023, 2, 2))])
        let result = AnnualMinimum.check(person, year: 2023, standards: standards)
        #expect(result?.state.category == .civilServant)
        #expect(result?.person.unitID == 2)
        #expect(result?.completedHours == 16)
        let midYear = AnnualMinimum.check(person, year: 2023, standards: standards, asOf: Day(2023, 5, 1))
        #expect(midYear?.rule == nil)
        #expect(midYear?.referenceDay == Day(2023, 5, 1))
        // Retired before the reference day: not checked.
        let retired = record(2, "Lê Thị Bình", history: [history[0]], [])
        #expect(AnnualMinimum.check(retired, year: 2023, standards: standards) == nil)
    }

    @Test func aYearInProgressCountsClassesEndedByTheDay() {
        let attendances = [course(1, "VTVL", Day(2023, 2, 1), Day(2023, 2, 2)),
                           course(2, "VTVL", Day(2023, 9, 1), Day(2023, 9, 2))]
        let result = AnnualMinimum.check(record(1, "Nguyễn Văn An", attendances), year: 2023, standards: standards,
                                         asOf: Day(2023, 6, 30))
        #expect(result?.completedHours == 16)
        #expect(AnnualMinimum.referenceDay(year: 2023, asOf: Day(2024, 3, 1)) == Day(2023, 12, 31))
        #expect(AnnualMinimum.referenceDay(year: 0) == nil)
    }

    @Test func theRuleVersionOfTheYearAndItsCountedTypesApply() {
        let table = TrainingStandards(annualMinimums: [
            AnnualMinimumStandard(key: "CC", title: "Công chức", categories: [.civilServant], minimumHours: 40,
                                  countedProgrammeTypes: ["VTVL"], validFrom: Day(2017, 9, 1),
                                  validTo: Day(2021, 12, 31), basis: "v1"),
            AnnualMinimumStandard(key: "CC", title: "Công chức", categories: [.civilServant], minimumHours: 24,
                                  countedProgrammeTypes: ["VTVL", "LLCT"], validFrom: Day(2022, 1, 1), basis: "v2"),
        ])
        let attendances = [course(1, "VTVL", Day(2021, 2, 1), Day(2021, 2, 2)),
                           course(2, "LLCT", Day(2021, 3, 1), Day(2021, 3, 2)),
                           course(3, "VTVL", Day(2022, 2, 1), Day(2022, 2, 2)),
                           course(4, "LLCT", Day(2022, 3, 1), Day(2022, 3, 2))]
        let person = record(1, "Nguyễn Văn An", attendances)
        let y2021 = AnnualMinimum.check(person, year: 2021, standards: table)
        #expect(y2021?.completedHours == 16)
        #expect(y2021?.shortfall == 24)
        let y2022 = AnnualMinimum.check(person, year: 2022, standards: table)
        #expect(y2022?.completedHours == 32)
        #expect(y2022?.isShort == false)
    }

    @Test func thoseShortAreListedByUnitInNameOrder() {
        let enough = [course(1, "VTVL", Day(2023, 2, 1), Day(2023, 2, 6), hours: 40)]
        let records = [
            record(1, "Trần Văn Bình", unit: 2, []),
            record(2, "Nguyễn Văn An", unit: 2, []),
            record(3, "Lê Thị Cúc", unit: 1, []),
            record(4, "Phạm Văn Dũng", unit: 1, enough),
        ]
        let results = AnnualMinimum.check(records, year: 2023, standards: standards)
        #expect(results.map(\.person.personID) == [2, 1, 3, 4])
        let short = AnnualMinimum.shortfalls(results)
        #expect(short.map(\.unitID) == [1, 2])
        #expect(short.map { $0.people.map(\.person.personID) } == [[3], [2, 1]])
    }
}
