import Foundation
import Testing
import HocBaCore
@testable import HocBaStore
import HocBaTesting

/// The sending rules for postgraduate training (docs/nominations.md), read from the records on either engine: one
/// person who meets every condition, and one who fails each condition alone, with the record that decides named.
@Suite struct EligibilityTests {
    /// The class: a master's course of 12 months; people are nominated on 01/06/2026.
    static let nominated = Day(2026, 6, 1)

    /// Someone who meets everything: born 1990, in service since 2018, rated HTT in 2024 and HTXS in 2025.
    static func person(_ code: String, born: Day = Day(1990, 1, 1), serviceFrom: Day = Day(2018, 1, 1),
                       serviceTo: Day? = nil, ratings: [(Int, AnnualRating)] = [(2024, .good), (2025, .excellent)],
                       category: Category = .civilServant, store: RecordStore) async throws {
        try await store.createPerson(PersonDraft(code: code, fullName: "Người \(code)", birthDate: born, unitCode: "S",
                                                 category: category, rankCode: "01.003", professionalLevel: "DAI-HOC"))
        try await store.replaceHistory(personCode: code, with: [
            WorkPeriodDraft(unitCode: "S", category: category, rankCode: "01.003", from: serviceFrom, to: serviceTo),
        ])
        try await store.replaceRatings(personCode: code, with: ratings.map { YearRating(year: $0.0, rating: $0.1) })
    }

    static func seed(_ store: RecordStore) async throws {
        try await store.createUnit(UnitDraft(code: "T", name: "Tỉnh", level: .province))
        try await store.createUnit(UnitDraft(code: "S", name: "Sở Nội vụ", level: .province, parentCode: "T"))
        try await store.createClass(ClassDraft(code: "THS-2026", name: "Thạc sĩ Quản lý công 2026",
                                               programmeType: "CHUYENMON", form: .degree, start: Day(2026, 9, 1),
                                               end: Day(2027, 8, 31),
                                               grants: QualificationLevel(code: "CHUYEN-MON:THAC-SI")))
        try await store.createClass(ClassDraft(code: "THS-2012", name: "Thạc sĩ Luật 2012", programmeType: "CHUYENMON",
                                               form: .degree, start: Day(2012, 9, 1), end: Day(2014, 8, 31),
                                               grants: QualificationLevel(code: "CHUYEN-MON:THAC-SI")))
        try await store.createClass(ClassDraft(code: "QLNN-2026", name: "QLNN ngạch chuyên viên", programmeType: "NGACH",
                                               start: Day(2026, 9, 1), end: Day(2026, 9, 30)))
    }

    static func verdict(_ store: RecordStore, _ person: String, on day: Day = nominated,
                        classCode: String = "THS-2026") async throws -> EligibilityVerdict {
        try await store.eligibility(personCode: person, classCode: classCode, on: day)
    }

    /// The conditions that failed, by the start of their wording.
    static func failed(_ verdict: EligibilityVerdict) -> [String] {
        verdict.rules.filter { $0.met == false }.map(\.rule)
    }

    @Test func eachConditionAloneDecidesAndNamesItsRecord() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await Self.seed(store)
            try await Self.person("DU", store: store)
            try await Self.person("MOI", serviceFrom: Day(2023, 9, 1), store: store)
            try await Self.person("HT", ratings: [(2024, .completed), (2025, .good)], store: store)
            try await Self.person("THIEU", ratings: [(2024, .good)], store: store)
            try await Self.person("TUOI", born: Day(1980, 3, 1), serviceFrom: Day(2005, 1, 1), store: store)
            try await Self.person("NGHI", serviceTo: Day(2026, 7, 31), store: store)

            let all = try await Self.verdict(store, "DU")
            #expect(all.eligible)
            #expect(all.rules.map(\.met) == [true, true, true, true, nil, nil])
            #expect(all.appliedRule?.contains("01/07/2025") == true)
            #expect(all.rules[2].reason == "Năm 2024: hoàn thành tốt nhiệm vụ; năm 2025: hoàn thành xuất sắc nhiệm vụ.")
            #expect(all.rules[4].reason.contains("36 tháng"), "3 × 12 months under NĐ 171/2025")

            let newcomer = try await Self.verdict(store, "MOI")
            #expect(!newcomer.eligible && Self.failed(newcomer) == [newcomer.rules[1].rule])
            #expect(newcomer.rules[1].reason.contains("01/09/2023") && newcomer.rules[1].reason.contains("1 năm 9 tháng"),
                    "\(newcomer.rules[1].reason)")

            let rated = try await Self.verdict(store, "HT")
            #expect(!rated.eligible && Self.failed(rated) == [rated.rules[2].rule])
            #expect(rated.rules[2].reason.hasPrefix("Năm 2024 xếp loại hoàn thành nhiệm vụ"), "\(rated.rules[2].reason)")

            let missing = try await Self.verdict(store, "THIEU")
            #expect(Self.failed(missing) == [missing.rules[2].rule])
            #expect(missing.rules[2].reason.hasPrefix("Chưa có xếp loại năm 2025"))

            let older = try await Self.verdict(store, "TUOI")
            #expect(!older.eligible && Self.failed(older) == [older.rules[3].rule])
            #expect(older.rules[3].reason.contains("01/03/1980") && older.rules[3].reason.contains("46 tuổi"))

            let leaving = try await Self.verdict(store, "NGHI")
            #expect(!leaving.eligible && Self.failed(leaving) == [EligibilityCheck.inServiceRule])

            // Someone sent to a master's course before is not held to the age of a first sending.
            try await store.enrol(classCode: "THS-2012", personCodes: ["TUOI"])
            let again = try await Self.verdict(store, "TUOI")
            #expect(again.eligible && again.rules[3].reason.contains("THS-2012"))

            // A class no rule covers asks only that the person works on its first day.
            let other = try await Self.verdict(store, "MOI", classCode: "QLNN-2026")
            #expect(other.eligible && other.rules.count == 1 && other.appliedRule == nil)
        }
    }

    /// The seeded versions: NĐ 101/2017 (40 years old) until 30/06/2025, NĐ 171/2025 (45) from 01/07/2025; a new
    /// version saved as data changes the verdicts from its first day only.
    @Test func ruleVersionsDecideByTheNominationDay() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await Self.seed(store)
            try await Self.person("BA", born: Day(1982, 1, 1), serviceFrom: Day(2010, 1, 1),
                                  ratings: [(2022, .good), (2023, .good), (2024, .good), (2025, .good), (2026, .good)],
                                  store: store)
            func ageMet(on day: Day) async throws -> Bool? {
                try await Self.verdict(store, "BA", on: day).rules.first { $0.rule.hasPrefix("Không quá") }?.met
            }
            #expect(try await ageMet(on: Day(2024, 6, 1)) == false, "42 > 40 under NĐ 101/2017")
            #expect(try await ageMet(on: Day(2025, 7, 1)) == true, "43 ≤ 45 under NĐ 171/2025")
            #expect(try await ageMet(on: Day(2027, 6, 1)) == true)

            // The province lowers the limit to 44 from 01/01/2027, as a new version of the rule.
            var standards = try await store.trainingStandards()
            let index = try #require(standards.eligibility.firstIndex { $0.key == "SAU-DAI-HOC-CBCC" && $0.validTo == nil })
            var lowered = standards.eligibility[index]
            standards.eligibility[index].validTo = Day(2026, 12, 31)
            lowered.validFrom = Day(2027, 1, 1)
            lowered.conditions = lowered.conditions.map { condition in
                if case .maximumAge = condition.test { return EligibilityCondition(.maximumAge(44), basis: "Thử nghiệm") }
                return condition
            }
            standards.eligibility.append(lowered)
            try await store.saveLayout(TrainingStandards.self,
                                       json: String(decoding: try JSONEncoder().encode(standards), as: UTF8.self))
            #expect(try await ageMet(on: Day(2024, 6, 1)) == false)
            #expect(try await ageMet(on: Day(2026, 12, 31)) == true, "44 ≤ 45 until the new version starts")
            #expect(try await ageMet(on: Day(2027, 6, 1)) == false, "45 > 44 from 01/01/2027")
        }
    }

    /// A unit's account cannot ask about someone beyond its subtree: the person reads as no person.
    @Test func eligibilityStaysInTheScope() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await Self.seed(store)
            try await store.createUnit(UnitDraft(code: "H", name: "Xã Hòa", level: .commune, parentCode: "T"))
            try await Self.person("DU", store: store)
            let unit = try #require(try await store.unit(code: "H"))
            let commune = RecordStore(db, scope: .unitSubtree(unitID: unit.id!, code: "H", path: unit.path))
            await #expect(throws: RecordNotFound.self) {
                _ = try await commune.eligibility(personCode: "DU", classCode: "THS-2026", on: Self.nominated)
            }
        }
    }
}
