import Testing
import HocBaCore
import HocBaDemo

/// The synthetic nation's shape: deterministic, its people split exactly over the regions, the 2025 reform's
/// units (districts and old communes ending, 3 321 merged communes), valid and distinct personal IDs.
@Suite struct SyntheticNationTests {
    let nation = SyntheticNation(people: 40_000, seed: 7)

    @Test func theRegionsHoldEveryPersonOnce() {
        #expect(nation.regionCount == 35)
        #expect((0..<nation.regionCount).map(nation.peopleCount(ofRegion:)).reduce(0, +) == 40_000)
        // A city holds more people than a province.
        #expect(nation.peopleCount(ofRegion: 1) > nation.peopleCount(ofRegion: 3))
    }

    @Test func aRegionIsTheSameOnEveryRunAndDiffersBySeed() {
        let first = nation.region(5), again = nation.region(5)
        #expect(first.people.map(\.draft) == again.people.map(\.draft))
        #expect(first.enrolments.map(\.draft) == again.enrolments.map(\.draft))
        #expect(SyntheticNation(people: 40_000, seed: 8).region(5).people.map(\.draft) != first.people.map(\.draft))
    }

    @Test func theProvincesHaveTheUnitsOfTheReform() {
        var merged = 0, districts = 0, oldCommunes = 0
        for index in 1..<nation.regionCount {
            let units = nation.region(index).units.map(\.draft)
            merged += units.filter { $0.validFrom == SyntheticNation.reform }.count
            districts += units.filter { $0.level == .district }.count
            let old = units.filter { $0.level == .commune && $0.validTo != nil }
            oldCommunes += old.count
            #expect(old.allSatisfy { $0.mergedIntoCode != nil })
            #expect(units.filter { $0.level == .district }.allSatisfy { $0.validTo == Day(2025, 6, 30) })
        }
        #expect(merged == 3_321)
        #expect(districts == 680)
        #expect(oldCommunes == 10_200)
    }

    @Test func peopleHaveAboutFiveCompletedPlacesAndValidDistinctIDs() {
        let region = nation.region(2)
        let completed = region.enrolments.filter { $0.draft.result == .completed }.count
        let perPerson = Double(completed) / Double(region.people.count)
        #expect(perPerson > 4.5 && perPerson < 5.5, "\(perPerson)")
        let ids = region.people.compactMap(\.draft.personalID?.digits)
        #expect(ids.count >= region.people.count * 38 / 40)
        #expect(Set(ids).count == ids.count)
        // Council classes take delegates in a council capacity; the rest are staff places.
        let councils = Set(region.classes.filter { $0.draft.programmeType == "HDND" }.map(\.draft.code))
        #expect(region.enrolments.allSatisfy { councils.contains($0.draft.classCode) == ($0.draft.capacity != .staff) })
    }
}
