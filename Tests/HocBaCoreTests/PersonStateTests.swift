import Testing
@testable import HocBaCore

@Suite struct PersonStateTests {
    let current = PersonState(unitID: 9, category: .cadre, post: "Chủ tịch UBND xã")
    let commune = PersonState(unitID: 3, category: .civilServant)
    let district = PersonState(unitID: 2, category: .civilServant)

    @Test func withoutHistoryTheCurrentStateHoldsOnEveryDate() {
        #expect(PersonStateRule.state(on: Day(1990, 1, 1), history: [], current: current) == current)
        #expect(PersonStateRule.state(on: Day(2030, 1, 1), history: [], current: current) == current)
    }

    @Test func theRowCoveringTheDateDecidesBoundariesIncluded() {
        let history = [WorkPeriod(state: commune, from: Day(2015, 1, 1), to: Day(2018, 6, 30)),
                       WorkPeriod(state: district, from: Day(2018, 7, 1), to: nil)]
        #expect(PersonStateRule.state(on: Day(2018, 6, 30), history: history, current: current) == commune)
        #expect(PersonStateRule.state(on: Day(2018, 7, 1), history: history, current: current) == district)
        #expect(PersonStateRule.state(on: Day(2025, 1, 1), history: history, current: current) == district)
    }

    @Test func aGapOrADateBeforeTheFirstRowIsOutOfService() {
        let history = [WorkPeriod(state: commune, from: Day(2015, 1, 1), to: Day(2016, 12, 31)),
                       WorkPeriod(state: district, from: Day(2017, 3, 1), to: Day(2019, 12, 31))]
        #expect(PersonStateRule.state(on: Day(2017, 1, 15), history: history, current: current) == nil)
        #expect(PersonStateRule.state(on: Day(2014, 12, 31), history: history, current: current) == nil)
        // Retired: the current (CanBo) state does not bring them back into service.
        #expect(PersonStateRule.state(on: Day(2020, 1, 1), history: history, current: current) == nil)
    }

    @Test func overlappingRowsResolveToTheLaterStartAndAreReported() {
        let history = [WorkPeriod(state: commune, from: Day(2015, 1, 1), to: nil),
                       WorkPeriod(state: district, from: Day(2018, 1, 1), to: Day(2018, 12, 31))]
        #expect(PersonStateRule.state(on: Day(2018, 5, 1), history: history, current: current) == district)
        #expect(PersonStateRule.state(on: Day(2017, 5, 1), history: history, current: current) == commune)
        let problems = WorkHistoryRules.problems(in: history)
        #expect(problems.count == 1)
        #expect(problems.first?.from == Day(2018, 1, 1))
        #expect(problems.first?.message.contains("chồng lấn") == true)
    }

    @Test func rowsEndingBeforeTheyStartAreReported() {
        let problems = WorkHistoryRules.problems(in: [
            WorkPeriod(state: commune, from: Day(2019, 1, 1), to: Day(2018, 1, 1)),
        ])
        #expect(problems.map(\.message) == ["Đến ngày 01/01/2018 trước Từ ngày 01/01/2019."])
        #expect(WorkHistoryRules.problems(in: [
            WorkPeriod(state: commune, from: Day(2015, 1, 1), to: Day(2017, 12, 31)),
            WorkPeriod(state: district, from: Day(2018, 1, 1), to: nil),
        ]).isEmpty)
    }
}

@Suite struct QualificationRuleTests {
    @Test func highestLevelGrantedByTheDate() {
        let rows = [ObtainedQualification(kind: .professional, level: "TRUNG-CAP", granted: Day(2012, 6, 1)),
                    ObtainedQualification(kind: .professional, level: "DAI-HOC", granted: Day(2019, 6, 1)),
                    ObtainedQualification(kind: .politicalTheory, level: "SO-CAP", granted: Day(2010, 1, 1))]
        #expect(QualificationRule.level(of: .professional, on: Day(2018, 1, 1), obtained: rows, declared: "THAC-SI")
                == "TRUNG-CAP")
        #expect(QualificationRule.level(of: .professional, on: Day(2019, 6, 1), obtained: rows, declared: nil)
                == "DAI-HOC")
        #expect(QualificationRule.level(of: .professional, on: Day(2011, 1, 1), obtained: rows, declared: "DAI-HOC")
                == nil)
    }

    @Test func noRowsOfTheKindMeansTheDeclaredLevelOnEveryDate() {
        let rows = [ObtainedQualification(kind: .politicalTheory, level: "SO-CAP", granted: Day(2010, 1, 1))]
        #expect(QualificationRule.level(of: .professional, on: Day(1990, 1, 1), obtained: rows, declared: "CAO-DANG")
                == "CAO-DANG")
        #expect(QualificationRule.level(of: .stateManagement, on: Day(1990, 1, 1), obtained: rows, declared: nil)
                == nil)
    }

    @Test func levelsCompareInTheirOwnOrder() {
        #expect(QualificationRule.isAtLeast("TRUNG-CAP", "TRUNG-CAP", kind: .professional))
        #expect(QualificationRule.isAtLeast("TIEN-SI", "TRUNG-CAP", kind: .professional))
        #expect(!QualificationRule.isAtLeast("SO-CAP", "TRUNG-CAP", kind: .professional))
        #expect(!QualificationRule.isAtLeast("CHUA", "TRUNG-CAP", kind: .professional))
        #expect(!QualificationRule.isAtLeast(nil, "TRUNG-CAP", kind: .professional))
        #expect(!QualificationRule.isAtLeast("BOGUS", "SO-CAP", kind: .professional))
        #expect(QualificationRule.isAtLeast("CU-NHAN", "CAO-CAP", kind: .politicalTheory))
        #expect(QualificationRule.isAtLeast("CAO-CAP", "CU-NHAN", kind: .politicalTheory))
    }
}

@Suite struct DraftStatesTests {
    /// The rule over drafts, as a load into an empty database takes snapshots: a person's history rows when they
    /// have any, else their CanBo row; nobody for an unknown code.
    @Test func theRuleOverPeopleAndHistoryDrafts() {
        let states = DraftStates(
            people: [PersonDraft(code: "P1", fullName: "Hoàng Thị Thu", unitCode: "X02", category: .civilServant),
                     PersonDraft(code: "P2", fullName: "Lý Văn Nam", unitCode: "H01", category: .cadre)],
            history: [HistoryDraft(personCode: "P1", period: WorkPeriodDraft(
                          unitCode: "X01", category: .communeNonSpecialized, from: Day(2010, 1, 1), to: Day(2019, 12, 31))),
                      HistoryDraft(personCode: "P1", period: WorkPeriodDraft(
                          unitCode: "X02", category: .civilServant, from: Day(2020, 3, 1)))])
        #expect(states.state(of: "P1", on: Day(2019, 3, 5))?.unitCode == "X01")
        #expect(states.state(of: "P1", on: Day(2019, 3, 5))?.category == .communeNonSpecialized)
        #expect(states.state(of: "P1", on: Day(2020, 2, 1)) == nil)
        #expect(states.state(of: "P1", on: Day(2020, 3, 1))?.unitCode == "X02")
        #expect(states.state(of: "P2", on: Day(1990, 1, 1))?.unitCode == "H01")
        #expect(states.state(of: "P2", on: Day(1990, 1, 1))?.category == .cadre)
        #expect(states.state(of: "P3", on: Day(2020, 3, 1)) == nil)
    }
}
