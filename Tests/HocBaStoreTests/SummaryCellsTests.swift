import Testing
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// The summary report's kept counts (`summary_cells`, M026) against a recount from the records, after random
/// sequences of writes through the store's public operations — the ones the forms, the import and the command line
/// call — on whichever engine the suite runs on (CI runs both).
@Suite(.serialized) struct SummaryCellsTests {
    @Test(arguments: [5, 17, 31]) func randomWritesKeepTheCountsExact(seed: Int) async throws {
        try await withTestDatabase { db in
            var province = RandomProvince(seed: UInt64(seed))
            let store = RecordStore(db)
            try await province.write(into: store)
            #expect(try await store.summaryCellDrift() == [])
            var random = SeededRandom(seed: UInt64(seed) &* 7_919)
            var refused = 0
            for step in 0..<40 {
                let write = RandomWrite.pick(&random, in: province)
                do {
                    try await write.apply(to: store, province: &province)
                } catch is ValidationFailure {
                    refused += 1   // a refused write changes nothing; the counts must say so too
                }
                let drift = try await store.summaryCellDrift()
                #expect(drift.isEmpty, "after step \(step), \(write): \(drift.prefix(5))")
                let rates = try await rateDrift(store)
                #expect(rates.isEmpty, "after step \(step), \(write): \(rates.prefix(5))")
                // The unit tree the process remembers (M030's version) against one read afresh.
                let tree = try await UnitTreeMemoTests.treeText(store.unitTree())
                let fresh = try await UnitTreeMemoTests.treeText(store.transaction { try await $0.unitTree() })
                #expect(tree == fresh, "after step \(step), \(write)")
                if !drift.isEmpty || !rates.isEmpty || tree != fresh { break }
            }
            #expect(refused < 20, "most random writes should go through")
            // The report read from the counts equals the scan of the records, whole months and edges alike.
            for parameters in [SummaryParameters(from: Day(2015, 1, 1), to: Day(2022, 12, 31)),
                               SummaryParameters(from: Day(2016, 2, 10), to: Day(2021, 7, 20), unitCode: "D1"),
                               SummaryParameters(from: Day(2015, 1, 1), to: Day(2022, 12, 31), unitCode: "C3")] {
                let units = try await store.reportUnits(parameters.unit)
                let kept = Set(try await store.personTimeCells(parameters, units: units))
                let scanned = Set(try await store.scannedPersonTimeCells(from: parameters.from, to: parameters.to,
                                                                          units: units))
                #expect(kept == scanned, "\(parameters)")
            }
        }
    }

    /// The kept commune rates against the scan of the records, on days around the fixtures' changes, for the whole
    /// province, a district and a commune.
    func rateDrift(_ store: RecordStore) async throws -> [String] {
        var drift: [String] = []
        for code in [nil, "D1", "C3"] as [String?] {
            let units = try await store.reportUnits(ReportUnitScope(code: code))
            for day in [Day(2011, 6, 30), Day(2014, 1, 1), Day(2016, 12, 31), Day(2019, 6, 30), Day(2023, 3, 1)] {
                for category in [Category.cadre, .civilServant] {
                    let kept = try await store.communeRate(category, on: day, units: units)
                    let scanned = try await store.scannedCommuneRate(category, on: day, units: units)
                    if kept != scanned { drift.append("\(code ?? "*") \(day) \(category): kept \(kept), scanned \(scanned)") }
                }
            }
        }
        return drift
    }

    @Test func aClassCompletedThroughTheFormCountsAtOnce() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.createUnit(UnitDraft(code: "T", name: "Tỉnh", level: .province))
            try await store.createUnit(UnitDraft(code: "X", name: "Xã", level: .commune, parentCode: "T"))
            for code in ["A", "B", "C"] {
                try await store.createPerson(PersonDraft(code: code, fullName: "Người \(code)", unitCode: "X",
                                                         category: .cadre))
            }
            try await store.createClass(ClassDraft(code: "L", name: "Lớp", programmeType: "LDQL",
                                                   start: Day(2021, 3, 1), end: Day(2021, 3, 20)))
            try await store.enrol(classCode: "L", personCodes: ["A", "B", "C"])
            let period = SummaryParameters(from: Day(2021, 1, 1), to: Day(2021, 12, 31))
            #expect(try await store.summaryReport(period).personTimes.total == 0)
            try await store.recordResults(classCode: "L", [ResultEntry(personCode: "A", result: .completed),
                                                           ResultEntry(personCode: "B", result: .completed),
                                                           ResultEntry(personCode: "C", result: .notCompleted)])
            #expect(try await store.summaryReport(period).personTimes.total == 2)
            let commune = SummaryParameters(from: Day(2021, 1, 1), to: Day(2021, 12, 31), unitCode: "X")
            #expect(try await store.summaryReport(commune).personTimes.total == 2)
            // The class's end moved into the next year leaves this year's report at once.
            try await store.updateClass(code: "L", ClassDraft(code: "L", name: "Lớp", programmeType: "LDQL",
                                                              start: Day(2021, 3, 1), end: Day(2022, 1, 5)))
            #expect(try await store.summaryReport(period).personTimes.total == 0)
            #expect(try await store.summaryCellDrift() == [])
        }
    }

    @Test func aClassCompletedThroughAnImportCountsAtOnce() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            let period = SummaryParameters(from: Day(2020, 1, 1), to: Day(2020, 12, 31))
            try await store.commitImport(ImportBatch.reading([
                ("DonVi", SheetCell.textRows([["Mã đơn vị", "Tên đơn vị", "Cấp"], ["T", "Tỉnh", "TINH"]])),
                ("CanBo", SheetCell.textRows([["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "Dân tộc"],
                                              ["P1", "Lò Văn An", "T", "CC", "Thái"],
                                              ["P2", "Lê Thị Bình", "T", "CC", "Kinh"]])),
                ("LopHoc", SheetCell.textRows([["Mã lớp", "Tên lớp", "Loại chương trình", "Từ ngày", "Đến ngày"],
                                               ["L1", "Lớp 1", "NGACH", "2020-05-04", "2020-06-30"]])),
                ("HocVien", SheetCell.textRows([["Mã lớp", "Mã cán bộ"], ["L1", "P1"], ["L1", "P2"]])),
            ]))
            #expect(try await store.summaryReport(period).personTimes.total == 0)
            try await store.commitImport(ImportBatch.reading([
                ("HocVien", SheetCell.textRows([["Mã lớp", "Mã cán bộ", "Kết quả"],
                                                ["L1", "P1", "HOAN-THANH"], ["L1", "P2", "HOAN-THANH"]])),
            ]))
            let report = try await store.summaryReport(period)
            #expect(report.personTimes.total == 2)
            #expect(try await store.summaryCellDrift() == [])
        }
    }
}

/// One write chosen at random among those that change what the report counts.
enum RandomWrite {
    case result(classCode: String, person: String, EnrolmentResult?)
    case classDates(classCode: String, endShift: Int, type: String)
    case ethnicity(person: String, String)
    case moveUnit(code: String, parent: String)
    case level(code: String, UnitLevel)
    case enrol(classCode: String, person: String, Capacity)
    case withdraw(classCode: String, person: String)
    case history(person: String, unit: String, from: Day)
    case diploma(person: String, level: String, granted: Day)
    case category(person: String, Category, declared: String?)

    static func pick(_ random: inout SeededRandom, in province: RandomProvince) -> RandomWrite {
        let trainingClass = province.classes[random.int(0, province.classes.count - 1)]
        let person = province.people[random.int(0, province.people.count - 1)]
        let members = province.enrolments.filter { $0.classCode == trainingClass.code }
        let member = members.isEmpty ? nil : members[random.int(0, members.count - 1)]
        switch random.int(0, 11) {
        case 0 where member != nil, 1 where member != nil, 2 where member != nil:
            let results: [EnrolmentResult?] = [.completed, .completed, nil, .notCompleted]
            return .result(classCode: trainingClass.code, person: member!.person, results[random.int(0, 3)])
        case 3:
            return .classDates(classCode: trainingClass.code, endShift: random.int(-40, 400),
                               type: province.types[random.int(0, province.types.count - 1)])
        case 4:
            return .ethnicity(person: person.code, ["Kinh", "Tày", "", "Mường"][random.int(0, 3)])
        case 5:
            let commune = ["C1", "C2", "C3", "C4", "D1", "D2"][random.int(0, 5)]
            return .moveUnit(code: commune, parent: ["D1", "D2", "P"][random.int(0, 2)])
        case 6:
            return .level(code: ["A1", "A2", "D1", "D2", "C1", "C2"][random.int(0, 5)],
                          UnitLevel.allCases[random.int(0, UnitLevel.allCases.count - 1)])
        case 7:
            return .enrol(classCode: trainingClass.code, person: person.code, Capacity.allCases[random.int(0, 3)])
        case 8 where member != nil:
            return .withdraw(classCode: trainingClass.code, person: member!.person)
        case 10:
            return .diploma(person: person.code, level: ["SO-CAP", "TRUNG-CAP", "DAI-HOC"][random.int(0, 2)],
                            granted: Day(2010, 1, 1).adding(days: random.int(0, 4_000)))
        case 11:
            return .category(person: person.code, Category.allCases[random.int(0, 4)],
                             declared: [nil, "SO-CAP", "TRUNG-CAP", "DAI-HOC"][random.int(0, 3)])
        default:
            return .history(person: person.code, unit: province.units[random.int(1, province.units.count - 1)].code,
                            from: Day(2012, 1, 1).adding(days: random.int(0, 3_000)))
        }
    }

    func apply(to store: RecordStore, province: inout RandomProvince) async throws {
        switch self {
        case let .result(classCode, person, result):
            try await store.recordResults(classCode: classCode, [ResultEntry(personCode: person, result: result)])
        case let .classDates(classCode, endShift, type):
            let index = province.classes.firstIndex { $0.code == classCode }!
            let old = province.classes[index]
            let end = max(old.start, old.end.adding(days: endShift))
            try await store.updateClass(code: classCode, ClassDraft(code: classCode, name: "Lớp \(classCode)",
                                                                    programmeType: type, start: old.start, end: end))
            province.classes[index] = .init(code: classCode, type: type, start: old.start, end: end)
        case let .ethnicity(code, ethnicity):
            let person = province.people.first { $0.code == code }!
            try await store.updatePerson(code: code, PersonDraft(
                code: code, fullName: "Người \(code)", ethnicity: ethnicity, unitCode: person.unit,
                category: person.category, professionalLevel: person.declaredLevel))
        case let .moveUnit(code, parent):
            let index = province.units.firstIndex { $0.code == code }!
            let unit = province.units[index]
            try await store.updateUnit(code: code, UnitDraft(code: code, name: "Đơn vị \(code)", level: unit.level,
                                                             parentCode: parent))
            province.units[index] = .init(code: code, level: unit.level, parent: parent)
        case let .level(code, level):
            let index = province.units.firstIndex { $0.code == code }!
            let unit = province.units[index]
            try await store.updateUnit(code: code, UnitDraft(code: code, name: "Đơn vị \(code)", level: level,
                                                             parentCode: unit.parent))
            province.units[index] = .init(code: code, level: level, parent: unit.parent)
        case let .enrol(classCode, person, capacity):
            try await store.enrol(classCode: classCode, personCodes: [person], capacity: capacity)
            try await store.recordResults(classCode: classCode, [ResultEntry(personCode: person, result: .completed)])
            province.enrolments.append(.init(classCode: classCode, person: person, capacity: capacity, result: .completed))
        case let .withdraw(classCode, person):
            try await store.withdraw(classCode: classCode, personCode: person, on: Day(2026, 1, 1))
            province.enrolments.removeAll { $0.classCode == classCode && $0.person == person }
        case let .diploma(person, level, granted):
            try await store.replaceQualifications(personCode: person, with: [
                ObtainedQualification(kind: .professional, level: level, granted: granted),
            ])
        case let .category(code, category, declared):
            let index = province.people.firstIndex { $0.code == code }!
            let person = province.people[index]
            try await store.updatePerson(code: code, PersonDraft(
                code: code, fullName: "Người \(code)", ethnicity: person.ethnicity, unitCode: person.unit,
                category: category, professionalLevel: declared))
        case let .history(person, unit, from):
            try await store.replaceHistory(personCode: person, with: [
                WorkPeriodDraft(unitCode: unit, category: .civilServant, from: from),
            ])
        }
    }
}
