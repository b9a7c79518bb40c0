import Testing
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// The summary report against an independent recount: random provinces are written through the normal write path,
/// then every figure is recounted with plain loops over the in-memory records and the Core rules alone — no SQL,
/// no `SummaryReport.fold` — and compared, for the whole province and for a district's subtree.
@Suite(.serialized) struct SummaryRecountTests {
    @Test(arguments: [11, 29, 47]) func theReportEqualsAPlainRecount(seed: Int) async throws {
        try await withTestDatabase { db in
            let province = RandomProvince(seed: UInt64(seed))
            try await province.write(into: RecordStore(db))
            let store = RecordStore(db)
            for parameters in [SummaryParameters(from: Day(2016, 1, 1), to: Day(2020, 12, 31), asOf: Day(2019, 6, 30)),
                               SummaryParameters(from: Day(2017, 3, 15), to: Day(2019, 8, 31), unitCode: "D1"),
                               SummaryParameters(from: Day(2015, 1, 1), to: Day(2022, 12, 31), unitCode: "C3")] {
                let report = try await store.summaryReport(parameters)
                let expected = province.recount(parameters)
                #expect(report.personTimes == expected.personTimes, "\(parameters)")
                #expect(report.qualification == expected.qualification, "\(parameters)")
                #expect(report.byYear.map(\.personTimes) == expected.byYear, "\(parameters)")
                #expect(Dictionary(uniqueKeysWithValues: report.byType.map { ($0.type, $0.personTimes) })
                        == expected.byType.filter { $0.value > 0 }, "\(parameters)")
                #expect(Dictionary(uniqueKeysWithValues: report.funding.bySource.map { ($0.source, $0.amount) })
                        == expected.funding, "\(parameters)")
                #expect(report.instructors.map { [$0.total, $0.masters, $0.doctorate, $0.activeMethodsTrained] }
                        == expected.instructors, "\(parameters)")
            }
        }
    }
}

/// A deterministic random province small enough to write through `RecordStore` in a second.
struct RandomProvince {
    struct Unit { let code: String; let level: UnitLevel; let parent: String? }
    struct PersonRecord {
        let code: String
        let ethnicity: String
        let unit: String
        let category: Category
        let declaredLevel: String?
        var history: [WorkPeriodDraft]
        var diplomas: [ObtainedQualification]
    }
    struct ClassRecord { let code: String; let type: String; let start: Day; let end: Day }
    struct EnrolmentRecord { let classCode: String; let person: String; let capacity: Capacity; let result: EnrolmentResult? }
    struct Line { let number: String; let year: Int; let source: String; let amount: Int; let kind: FundingKind }
    struct Teacher { let code: String; let institution: String; let degree: String?; let trained: Bool }

    var units: [Unit] = [
        Unit(code: "P", level: .province, parent: nil), Unit(code: "A1", level: .province, parent: "P"),
        Unit(code: "A2", level: .province, parent: "P"), Unit(code: "D1", level: .district, parent: "P"),
        Unit(code: "D2", level: .district, parent: "P"), Unit(code: "C1", level: .commune, parent: "D1"),
        Unit(code: "C2", level: .commune, parent: "D1"), Unit(code: "C3", level: .commune, parent: "D2"),
        Unit(code: "C4", level: .commune, parent: "D2"),
    ]
    var people: [PersonRecord] = []
    var classes: [ClassRecord] = []
    var enrolments: [EnrolmentRecord] = []
    var lines: [Line] = []
    var teachers: [Teacher] = []
    let types = ["LDQL", "NGACH", "LLCT", "HDND", "VTVL", "KHAC"]

    init(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let levels = CodeList.professionalLevels.codes
        for index in 0..<70 {
            let unit = units[random.int(1, units.count - 1)].code
            var person = PersonRecord(
                code: "R\(index)", ethnicity: ["Kinh", "Tày", "Dao", "Nùng"][random.int(0, 3)], unit: unit,
                category: Category.allCases[random.int(0, 4)], declaredLevel: random.chance(0.1) ? nil : levels[random.int(0, 6)],
                history: [], diplomas: [])
            if random.chance(0.5) {
                // One to three consecutive periods, sometimes with a gap, sometimes ending (retired).
                var start = Day(2010 + random.int(0, 8), random.int(1, 12), random.int(1, 28))
                for part in 0..<random.int(1, 3) {
                    let last = part == 2 || random.chance(0.4)
                    let end: Day? = last && random.chance(0.6) ? nil : start.adding(days: random.int(200, 1500))
                    person.history.append(WorkPeriodDraft(unitCode: units[random.int(1, units.count - 1)].code,
                                                          category: Category.allCases[random.int(0, 4)], from: start, to: end))
                    guard let end else { break }
                    start = end.adding(days: random.chance(0.3) ? random.int(2, 200) : 1)
                    if last { break }
                }
            }
            if random.chance(0.4) {
                var seen = Set<String>()
                for _ in 0..<random.int(1, 3) {
                    let level = levels[random.int(1, 6)]
                    if seen.insert(level).inserted {
                        person.diplomas.append(ObtainedQualification(kind: .professional, level: level,
                                                                     granted: Day(2012 + random.int(0, 10), random.int(1, 12), random.int(1, 28))))
                    }
                }
            }
            people.append(person)
        }
        for index in 0..<18 {
            let start = Day(2015, 6, 1).adding(days: random.int(0, 6 * 365))
            classes.append(ClassRecord(code: "K\(index)", type: types[random.int(0, types.count - 1)], start: start,
                                       end: start.adding(days: random.int(0, 150))))
        }
        for trainingClass in classes {
            var picked = Set<String>()
            for _ in 0..<random.int(5, 25) {
                let person = people[random.int(0, people.count - 1)]
                guard picked.insert(person.code).inserted, state(person, on: trainingClass.start) != nil else { continue }
                let capacity: Capacity = random.chance(0.8) ? .staff : Capacity.allCases[random.int(1, 3)]
                let result: EnrolmentResult? = random.chance(0.1) ? nil : (random.chance(0.8) ? .completed
                    : EnrolmentResult.allCases[random.int(1, 2)])
                enrolments.append(EnrolmentRecord(classCode: trainingClass.code, person: person.code, capacity: capacity,
                                                  result: result))
            }
        }
        let sources = CodeList.fundingSources.codes
        for index in 0..<14 {
            lines.append(Line(number: "CT-\(index)", year: 2014 + random.int(0, 8), source: sources[random.int(0, 5)],
                              amount: random.int(1, 5_000) * 1_000_000, kind: random.chance(0.7) ? .actual : .estimate))
        }
        for index in 0..<7 {
            teachers.append(Teacher(code: "GV\(index)", institution: index < 4 ? "S1" : "S2",
                                    degree: random.chance(0.2) ? nil : CodeList.instructorDegrees.codes[random.int(0, 2)],
                                    trained: random.chance(0.7)))
        }
    }

    func state(_ person: PersonRecord, on day: Day) -> PersonState? {
        let index = { (code: String) in units.firstIndex { $0.code == code }! }
        return PersonStateRule.state(
            on: day,
            history: person.history.map { WorkPeriod(state: PersonState(unitID: index($0.unitCode), category: $0.category),
                                                     from: $0.from, to: $0.to) },
            current: PersonState(unitID: index(person.unit), category: person.category))
    }

    func isWithin(_ unitIndex: Int, _ scope: String?) -> Bool {
        guard let scope else { return true }
        var code: String? = units[unitIndex].code
        while let current = code {
            if current == scope { return true }
            code = units.first { $0.code == current }?.parent
        }
        return false
    }

    func write(into store: RecordStore) async throws {
        for unit in units {
            try await store.createUnit(UnitDraft(code: unit.code, name: "Đơn vị \(unit.code)", level: unit.level,
                                                 parentCode: unit.parent))
        }
        for person in people {
            try await store.createPerson(PersonDraft(code: person.code, fullName: "Người \(person.code)",
                                                     ethnicity: person.ethnicity, unitCode: person.unit,
                                                     category: person.category, professionalLevel: person.declaredLevel))
            if !person.history.isEmpty { try await store.replaceHistory(personCode: person.code, with: person.history) }
            if !person.diplomas.isEmpty {
                try await store.replaceQualifications(personCode: person.code, with: person.diplomas)
            }
        }
        for trainingClass in classes {
            try await store.createClass(ClassDraft(code: trainingClass.code, name: "Lớp \(trainingClass.code)",
                                                   programmeType: trainingClass.type, start: trainingClass.start,
                                                   end: trainingClass.end))
            let members = enrolments.filter { $0.classCode == trainingClass.code }
            for capacity in Capacity.allCases {
                let codes = members.filter { $0.capacity == capacity }.map(\.person)
                if !codes.isEmpty { try await store.enrol(classCode: trainingClass.code, personCodes: codes, capacity: capacity) }
            }
            try await store.recordResults(classCode: trainingClass.code,
                                          members.map { ResultEntry(personCode: $0.person, result: $0.result) })
        }
        for line in lines {
            try await store.saveFundingLine(FundingDraft(documentNumber: line.number, year: line.year, source: line.source,
                                                         amount: line.amount, kind: line.kind))
        }
        for school in ["S1", "S2"] { try await store.saveInstitution(InstitutionDraft(code: school, name: "Trường \(school)")) }
        for teacher in teachers {
            try await store.saveInstructor(InstructorDraft(code: teacher.code, fullName: "Giảng viên \(teacher.code)",
                                                           institutionCode: teacher.institution, degree: teacher.degree,
                                                           activeMethodsTrained: teacher.trained))
        }
    }

    struct Expected {
        var personTimes = SummaryReport.PersonTimes()
        var qualification = SummaryReport.Qualification(communeCadres: .init(count: 0, atLeastIntermediate: 0),
                                                        communeCivilServants: .init(count: 0, atLeastIntermediate: 0))
        var byYear: [Int] = []
        var byType: [String: Int] = [:]
        var funding: [String: Int] = [:]
        var instructors: [[Int]] = []
    }

    /// Every figure, by the words of docs/reports.md, with plain loops.
    func recount(_ parameters: SummaryParameters) -> Expected {
        var expected = Expected()
        var years = Array(repeating: 0, count: parameters.to.year - parameters.from.year + 1)
        for enrolment in enrolments where enrolment.result == .completed {
            let trainingClass = classes.first { $0.code == enrolment.classCode }!
            guard trainingClass.end >= parameters.from, trainingClass.end <= parameters.to else { continue }
            let person = people.first { $0.code == enrolment.person }!
            let snapshot = state(person, on: trainingClass.start)!
            guard isWithin(snapshot.unitID, parameters.unitCode) else { continue }
            let level = units[snapshot.unitID].level
            expected.byType[trainingClass.type, default: 0] += 1
            years[trainingClass.end.year - parameters.from.year] += 1
            var times = expected.personTimes
            if enrolment.capacity != .staff {
                times.hdnd.total += 1
                if enrolment.capacity == .provincialCouncil { times.hdnd.province += 1 }
                if enrolment.capacity == .districtCouncil { times.hdnd.district += 1 }
                if enrolment.capacity == .communeCouncil { times.hdnd.commune += 1 }
                if person.ethnicity != "Kinh" { times.hdnd.ethnicMinority += 1 }
            } else {
                times.total += 1
                switch snapshot.category {
                case .cadre, .civilServant:
                    times.cbcc.total += 1
                    if level == .province { times.cbcc.province += 1; times.cbcc.provinceDistrict += 1 }
                    if level == .district { times.cbcc.district += 1; times.cbcc.provinceDistrict += 1 }
                    if level == .commune { times.cbcc.commune += 1 }
                case .communeNonSpecialized:
                    times.cbcc.total += 1
                    times.cbcc.communeNonSpecialized += 1
                case .administrativeOfficer:
                    times.vienChuc.total += 1
                    times.vienChuc.administrative += 1
                case .professionalOfficer:
                    times.vienChuc.total += 1
                    times.vienChuc.professional += 1
                }
            }
            expected.personTimes = times
        }
        expected.byYear = years
        var tallies: [Category: (Int, Int)] = [.cadre: (0, 0), .civilServant: (0, 0)]
        for person in people {
            guard let now = state(person, on: parameters.asOf), units[now.unitID].level == .commune,
                  isWithin(now.unitID, parameters.unitCode), let tally = tallies[now.category] else { continue }
            let level = QualificationRule.level(of: .professional, on: parameters.asOf, obtained: person.diplomas,
                                                declared: person.declaredLevel)
            tallies[now.category] = (tally.0 + 1, tally.1 + (QualificationRule.isAtLeast(level, "TRUNG-CAP", kind: .professional) ? 1 : 0))
        }
        expected.qualification = .init(communeCadres: .init(count: tallies[.cadre]!.0, atLeastIntermediate: tallies[.cadre]!.1),
                                       communeCivilServants: .init(count: tallies[.civilServant]!.0,
                                                                   atLeastIntermediate: tallies[.civilServant]!.1))
        for line in lines where line.kind == .actual && (parameters.from.year...parameters.to.year).contains(line.year) {
            expected.funding[line.source, default: 0] += line.amount
        }
        let bySchool = ["S1", "S2"].map { school in teachers.filter { $0.institution == school } }
            .sorted { $0.count > $1.count }
        expected.instructors = bySchool.map { group in
            [group.count, group.filter { $0.degree == "THAC-SI" }.count, group.filter { $0.degree == "TIEN-SI" }.count,
             group.filter(\.trained).count]
        }
        return expected
    }
}

/// SplitMix64: the same numbers on every machine.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ low: Int, _ high: Int) -> Int { low + Int(next() % UInt64(high - low + 1)) }
    mutating func chance(_ probability: Double) -> Bool { Double(next() % 10_000) < probability * 10_000 }
}
