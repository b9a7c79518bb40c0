import Testing
@testable import HocBaCore
import HocBaDemo

// Recounts the figures of the seed article (Bắc Kạn 2016–2020, README) from the demo province's records with plain
// loops, using only PersonStateRule and QualificationRule (docs/reports.md, definition version 1).

private let demo = DemoProvince.generate()
private let index = DemoIndex(demo)

private let periodFrom = Day(2016, 1, 1)
private let periodTo = Day(2020, 12, 31)
private let asOf = Day(2020, 10, 12)

/// Plain lookups over the records, built the way a store would.
private struct DemoIndex {
    var unitID: [String: Int] = [:]
    var people: [String: PersonDraft] = [:]
    var history: [String: [WorkPeriod]] = [:]
    var classes: [String: ClassDraft] = [:]
    var obtained: [String: [ObtainedQualification]] = [:]

    init(_ province: DemoProvince) {
        for (position, unit) in province.units.enumerated() { unitID[unit.code] = position }
        for person in province.people { people[person.code] = person }
        for row in province.history {
            let period = row.period
            let state = PersonState(unitID: unitID[period.unitCode] ?? -1, category: period.category,
                                    rankCode: period.rankCode, post: period.post)
            history[row.personCode, default: []].append(WorkPeriod(state: state, from: period.from, to: period.to))
        }
        for cls in province.classes { classes[cls.code] = cls }
        for row in province.qualifications {
            obtained[row.personCode, default: []].append(row.qualification)
        }
    }

    func current(_ person: PersonDraft) -> PersonState {
        PersonState(unitID: unitID[person.unitCode] ?? -1, category: person.category, rankCode: person.rankCode,
                    post: person.post)
    }

    func state(of code: String, on day: Day) -> PersonState? {
        guard let person = people[code] else { return nil }
        return PersonStateRule.state(on: day, history: history[code] ?? [], current: current(person))
    }

    func level(_ state: PersonState) -> UnitLevel { demo.units[state.unitID].level }
}

/// The article's figures, counted from the records; `useCurrentState` counts wrongly, by the CanBo state.
private struct Figures: Equatable {
    var province = 0
    var district = 0
    var commune = 0
    var nonSpecialized = 0
    var administrative = 0
    var professional = 0
    var councilProvince = 0
    var councilDistrict = 0
    var councilCommune = 0
    var councilMinority = 0

    var cbcc: Int { province + district + commune + nonSpecialized }
    var vienChuc: Int { administrative + professional }
    var council: Int { councilProvince + councilDistrict + councilCommune }

    static func count(useCurrentState: Bool = false) -> Figures {
        var figures = Figures()
        for enrolment in demo.enrolments {
            guard enrolment.result == .completed, let cls = index.classes[enrolment.classCode],
                  cls.end >= periodFrom, cls.end <= periodTo, let person = index.people[enrolment.personCode]
            else { continue }
            if let council = enrolment.capacity.councilLevel {
                switch council {
                case .province: figures.councilProvince += 1
                case .district: figures.councilDistrict += 1
                case .commune: figures.councilCommune += 1
                }
                if person.ethnicity != "Kinh" { figures.councilMinority += 1 }
                continue
            }
            let snapshot = useCurrentState ? index.current(person)
                : index.state(of: enrolment.personCode, on: cls.start)
            guard let snapshot else { continue }
            switch snapshot.category {
            case .cadre, .civilServant:
                switch index.level(snapshot) {
                case .province: figures.province += 1
                case .district: figures.district += 1
                case .commune: figures.commune += 1
                }
            case .communeNonSpecialized: figures.nonSpecialized += 1
            case .administrativeOfficer: figures.administrative += 1
            case .professionalOfficer: figures.professional += 1
            }
        }
        return figures
    }
}

/// (count, at least TRUNG-CAP) among people in service on `day` whose state is `category` in a XA unit.
private func qualification(_ category: Category, on day: Day) -> (count: Int, qualified: Int) {
    var count = 0
    var qualified = 0
    for person in demo.people {
        guard let state = index.state(of: person.code, on: day), state.category == category,
              index.level(state) == .commune else { continue }
        count += 1
        let level = QualificationRule.level(of: .professional, on: day, obtained: index.obtained[person.code] ?? [],
                                            declared: person.professionalLevel)
        if QualificationRule.isAtLeast(level, "TRUNG-CAP", kind: .professional) { qualified += 1 }
    }
    return (count, qualified)
}

/// Rounded to 4 decimals, half away from zero, as an integer number of 1/10000.
private func rate(_ qualified: Int, _ count: Int) -> Int {
    count == 0 ? 0 : (20_000 * qualified + count) / (2 * count)
}

private func isCode(_ text: String) -> Bool {
    !text.isEmpty && text.allSatisfy { ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
}

// MARK: - The article's figures

@Test func demoCadreAndCivilServantPersonTimes() {
    let figures = Figures.count()
    #expect(figures.province + figures.district == 3_692)
    #expect(figures.province > 1_500 && figures.district > 1_500)
    #expect(figures.commune == 9_583)
    #expect(figures.nonSpecialized == 450)
    #expect(figures.cbcc == 13_725)
}

@Test func demoPublicServantPersonTimes() {
    let figures = Figures.count()
    #expect(figures.administrative == 1_540)
    #expect(figures.professional == 5_478)
    #expect(figures.vienChuc == 7_018)
    #expect(figures.cbcc + figures.vienChuc == 20_743)
}

@Test func demoCouncilDelegatePersonTimes() {
    let figures = Figures.count()
    #expect(figures.council == 4_572)
    #expect(figures.councilMinority == 2_388)
    #expect(figures.councilProvince > 0 && figures.councilDistrict > 0 && figures.councilCommune > 0)
}

@Test func demoCouncilDelegatesBelongToUnitsOfTheirLevel() {
    var delegates: [String: Int] = [:]
    for enrolment in demo.enrolments {
        guard let council = enrolment.capacity.councilLevel, let cls = index.classes[enrolment.classCode] else {
            continue
        }
        #expect(cls.programmeType == "HDND")
        let state = index.state(of: enrolment.personCode, on: cls.start)
        #expect(state.map(index.level) == council, "\(enrolment.personCode) in \(cls.code)")
        delegates[enrolment.personCode, default: 0] += 1
    }
    // Delegates attend several council classes over the term.
    #expect(delegates.values.filter { $0 >= 3 }.count > 100)
}

@Test func demoCommuneQualificationRates() {
    let cadres = qualification(.cadre, on: asOf)
    let civilServants = qualification(.civilServant, on: asOf)
    #expect(cadres.count > 500 && civilServants.count > 500)
    #expect(rate(cadres.qualified, cadres.count) == 8_379)
    #expect(rate(civilServants.qualified, civilServants.count) == 9_861)
}

@Test func demoQualificationRatesDependOnDatedDiplomas() {
    var viaEarlierRows = 0
    var declaredButLater = 0
    var grantedOnTheDay = 0
    for person in demo.people {
        guard let state = index.state(of: person.code, on: asOf), state.category == .cadre
                || state.category == .civilServant, index.level(state) == .commune else { continue }
        let rows = (index.obtained[person.code] ?? []).filter { $0.kind == .professional }
        let level = QualificationRule.level(of: .professional, on: asOf, obtained: rows,
                                            declared: person.professionalLevel)
        let qualified = QualificationRule.isAtLeast(level, "TRUNG-CAP", kind: .professional)
        if qualified && !rows.isEmpty { viaEarlierRows += 1 }
        if !qualified && QualificationRule.isAtLeast(person.professionalLevel, "TRUNG-CAP", kind: .professional) {
            declaredButLater += 1
        }
        if rows.contains(where: { $0.granted == asOf && $0.level == "TRUNG-CAP" }) { grantedOnTheDay += 1 }
    }
    #expect(viaEarlierRows > 50)
    #expect(declaredButLater > 10)
    #expect(grantedOnTheDay >= 1)
}

@Test func demoSnapshotDiffersFromCurrentState() {
    // People who moved later would land in other buckets if one counted by their current state.
    var moved = 0
    for enrolment in demo.enrolments where enrolment.result == .completed && enrolment.capacity == .staff {
        guard let cls = index.classes[enrolment.classCode], cls.end >= periodFrom, cls.end <= periodTo,
              let person = index.people[enrolment.personCode],
              let snapshot = index.state(of: person.code, on: cls.start) else { continue }
        let current = index.current(person)
        if snapshot.category != current.category || index.level(snapshot) != index.level(current) { moved += 1 }
    }
    #expect(moved > 100)
    #expect(Figures.count(useCurrentState: true) != Figures.count())
}

@Test func demoEnrolmentsThatMustNotCount() {
    var notCompleted = 0
    var droppedOut = 0
    var afterPeriod = 0
    for enrolment in demo.enrolments {
        switch enrolment.result {
        case .notCompleted: notCompleted += 1
        case .droppedOut: droppedOut += 1
        case .completed, nil: break
        }
        if let cls = index.classes[enrolment.classCode], cls.end > periodTo { afterPeriod += 1 }
    }
    let failures = Double(notCompleted + droppedOut) / Double(demo.enrolments.count)
    #expect(notCompleted > 0 && droppedOut > 0)
    #expect(failures > 0.015 && failures < 0.04)
    #expect(afterPeriod > 100)

    let acrossStart = demo.classes.filter { $0.start < periodFrom && $0.end >= periodFrom && $0.end.year == 2016 }
    #expect(acrossStart.contains { $0.start.year == 2015 && $0.start.month == 12 && $0.end.month == 1 })
    let acrossEnd = demo.classes.filter { $0.start <= periodTo && $0.end > periodTo }
    #expect(acrossEnd.contains { $0.start.year == 2020 && $0.start.month == 12 && $0.end.year == 2021 })
    for cls in acrossStart + acrossEnd {
        #expect(demo.enrolments.contains { $0.classCode == cls.code && $0.result == .completed })
    }
    #expect(demo.classes.contains { $0.end.year < 2016 })
}

// MARK: - Integrity

@Test func demoIsDeterministic() {
    #expect(DemoProvince.generate() == demo)
}

@Test func demoHistoryIsConsistent() {
    for person in demo.people {
        guard let rows = index.history[person.code] else { continue }
        #expect(WorkHistoryRules.problems(in: rows).isEmpty, "\(person.code)")
        // The CanBo state is the open row's, or the last row's when the person has left.
        let last = rows.first { $0.period.to == nil } ?? rows.max { $0.period.from < $1.period.from }!
        #expect(last.state.unitID == index.unitID[person.unitCode] && last.state.category == person.category,
                "\(person.code)")
        #expect(rows.filter { $0.period.to == nil }.count <= 1)
    }
    let share = Double(index.history.count) / Double(demo.people.count)
    #expect(share > 0.15 && share < 0.2)
    #expect(demo.history.allSatisfy { index.unitID[$0.period.unitCode] != nil && index.people[$0.personCode] != nil })
}

@Test func demoLearnersAreInServiceAndUnique() {
    var seen = Set<String>()
    for enrolment in demo.enrolments {
        let cls = index.classes[enrolment.classCode]
        #expect(cls != nil)
        #expect(index.people[enrolment.personCode] != nil)
        if let cls {
            #expect(index.state(of: enrolment.personCode, on: cls.start) != nil,
                    "\(enrolment.personCode) out of service on \(cls.start) (\(cls.code))")
        }
        #expect(seen.insert(enrolment.classCode + "|" + enrolment.personCode).inserted)
    }
}

@Test func demoCertificates() {
    let certified: Set<String> = ["NGACH", "LLCT", "BONHIEM", "CHUYENMON"]
    for enrolment in demo.enrolments {
        guard let cls = index.classes[enrolment.classCode] else { continue }
        if enrolment.result == .completed && certified.contains(cls.programmeType) {
            #expect(enrolment.certificateNumber?.isEmpty == false)
            #expect(enrolment.certificateDate == cls.end)
        }
        if enrolment.result != .completed { #expect(enrolment.certificateNumber == nil) }
    }
}

@Test func demoCodesAreUniqueAndWellFormed() {
    func unique(_ codes: [String]) -> Bool { Set(codes).count == codes.count }
    #expect(unique(demo.units.map(\.code)))
    #expect(unique(demo.people.map(\.code)))
    #expect(unique(demo.classes.map(\.code)))
    #expect(unique(demo.instructors.map(\.code)))
    #expect(unique(demo.funding.map(\.documentNumber)))
    #expect(unique(demo.institutions.map(\.code)))
    for code in demo.units.map(\.code) + demo.people.map(\.code) + demo.classes.map(\.code)
        + demo.instructors.map(\.code) + demo.institutions.map(\.code) + demo.funding.map(\.documentNumber) {
        #expect(isCode(code), "\(code)")
    }
    #expect(demo.people.allSatisfy { $0.code.hasPrefix("CB") && $0.code.count == 8 })
}

@Test func demoUnitsTree() {
    let mergedIn2020 = Set(demo.units.filter { $0.validTo == Day(2020, 1, 31) }.map(\.code))
    var earlier = Set<String>()
    for unit in demo.units {
        if let parent = unit.parentCode {
            #expect(earlier.contains(parent), "\(unit.code) before its parent \(parent)")
        }
        earlier.insert(unit.code)
        if let successor = unit.mergedIntoCode, mergedIn2020.contains(unit.code) {
            #expect(unit.level == .commune)
            #expect(demo.units.contains { $0.code == successor && $0.level == .commune && $0.validTo == Day(2025, 6, 30) })
        }
    }
    #expect(demo.units.first?.code == "BK" && demo.units.first?.level == .province)
    #expect(demo.units.contains { $0.code == "TCT-DV" })
    let districts = demo.units.filter { $0.level == .district && $0.parentCode == "BK" }
    #expect(districts.count == 8 && districts.allSatisfy { $0.validTo == Day(2025, 6, 30) })
    let communes = demo.units.filter { $0.level == .commune && $0.validFrom == nil }
    #expect(communes.count >= 100 && mergedIn2020.count >= 3)
    // Nobody works in a commune merged in 2020 after it ceased to exist.
    for row in demo.history where mergedIn2020.contains(row.period.unitCode) {
        #expect(row.period.to.map { $0 <= Day(2020, 1, 31) } ?? false)
    }
    #expect(!demo.people.contains { mergedIn2020.contains($0.unitCode) })
}

/// The merger of 1 July 2025: every Bắc Kạn unit has ended by 30 June 2025; the province, its provincial units and
/// its communes are merged into new units of Tỉnh Thái Nguyên (valid from 1 July 2025); the districts end with no
/// successor.
@Test func demoMergerOf2025() {
    let newUnits = demo.units.filter { $0.validFrom == Day(2025, 7, 1) }
    let oldUnits = demo.units.filter { $0.validFrom == nil }
    #expect(newUnits.count + oldUnits.count == demo.units.count)
    #expect(newUnits.first?.code == "TN" && newUnits.first?.level == .province && newUnits.first?.parentCode == nil)
    #expect(newUnits.allSatisfy { $0.validTo == nil && $0.mergedIntoCode == nil && $0.code.hasPrefix("TN") })
    #expect(newUnits.filter { $0.level == .commune }.allSatisfy { $0.parentCode == "TN" })
    #expect(oldUnits.allSatisfy { $0.validTo.map { $0 <= Day(2025, 6, 30) } ?? false })
    let newCodes = Set(newUnits.map(\.code))
    for unit in oldUnits where unit.validTo == Day(2025, 6, 30) {
        if unit.level == .district {
            #expect(unit.mergedIntoCode == nil, "\(unit.code)")
        } else {
            #expect(unit.mergedIntoCode.map(newCodes.contains) == true, "\(unit.code)")
            let successor = newUnits.first { $0.code == unit.mergedIntoCode }
            #expect(successor?.level == unit.level, "\(unit.code)")
        }
    }
    #expect(oldUnits.first { $0.code == "BK" }?.mergedIntoCode == "TN")
    #expect(oldUnits.first { $0.code == "SNV" }?.mergedIntoCode == "TN-SNV")
    // Several old communes into each new one.
    let oldCommunes = oldUnits.filter { $0.level == .commune && $0.validTo == Day(2025, 6, 30) }
    #expect(newUnits.filter { $0.level == .commune }.count * 2 <= oldCommunes.count)
    #expect(demo.people.allSatisfy { !newCodes.contains($0.unitCode) })
}

@Test func demoPeopleAndCodes() {
    #expect(demo.people.count >= 12_000 && demo.people.count <= 14_000)
    for person in demo.people {
        #expect(Ethnicity.all.contains(person.ethnicity ?? ""), "\(person.ethnicity ?? "")")
        #expect(person.fullName.split(separator: " ").count >= 3)
        if let level = person.professionalLevel { #expect(CodeList.professionalLevels.entry(level) != nil) }
        if let level = person.politicalLevel { #expect(CodeList.politicalTheoryLevels.entry(level) != nil) }
        if let level = person.stateManagementLevel { #expect(CodeList.stateManagementLevels.entry(level) != nil) }
        #expect(index.unitID[person.unitCode] != nil)
        if person.category == .communeNonSpecialized {
            #expect(demo.units[index.unitID[person.unitCode]!].level == .commune)
        }
    }
    for row in demo.qualifications {
        #expect(row.qualification.kind.levels.entry(row.qualification.level) != nil)
        #expect(index.people[row.personCode] != nil)
    }
    let minority = demo.people.filter { $0.ethnicity != "Kinh" }.count
    let share = Double(minority) / Double(demo.people.count)
    #expect(share > 0.8 && share < 0.9)
}

/// Most people have a personal ID consistent with their record, each distinct; some have none yet (the national
/// database's sync lists them).
@Test func demoPersonalIDs() {
    let numbered = demo.people.filter { $0.personalID != nil }
    #expect(Set(numbered.compactMap { $0.personalID }).count == numbered.count)
    let missing = demo.people.count - numbered.count
    #expect(missing > 200 && missing < demo.people.count / 20, "\(missing)")
    for person in numbered {
        let id = person.personalID!
        #expect((try? PersonalID.check(id.digits, sex: person.sex, birthDate: person.birthDate).get()) == id)
    }
    #expect(Set(numbered.map { $0.personalID!.provinceCode }) == ["001", "006", "019"])
}

@Test func demoInstructors() {
    let tct = demo.instructors.filter { $0.institutionCode == "TCT" }
    #expect(tct.count == 22)
    #expect(tct.filter { $0.degree == "THAC-SI" }.count == 20)
    #expect(tct.filter { $0.degree == "TIEN-SI" }.count == 1)
    #expect(tct.filter { $0.degree == "CU-NHAN" }.count == 1)
    #expect(tct.allSatisfy { $0.activeMethodsTrained })
    let institutions = Set(demo.institutions.map(\.code))
    #expect(institutions.isSuperset(of: ["TCT", "TTBD"]))
    #expect(demo.instructors.allSatisfy { institutions.contains($0.institutionCode) })
    #expect(demo.instructors.contains { $0.institutionCode == "TTBD" && !$0.activeMethodsTrained })
}

@Test func demoFunding() {
    func actual(_ source: String) -> Int {
        demo.funding.filter { $0.kind == .actual && $0.source == source && (2016...2020).contains($0.year) }
            .reduce(0) { $0 + $1.amount }
    }
    #expect(actual("NS-TINH") == 24_180_000_000)
    #expect(actual("MTQG-NTM") == 900_000_000)
    let central = demo.funding.filter { $0.source == "TW-BNV" }
    #expect(central.count == 1 && central.first?.year == 2018 && central.first?.amount == 497_500_000
            && central.first?.kind == .actual)
    #expect(demo.funding.contains { $0.kind == .estimate && $0.source == "NS-TINH" })
    #expect(demo.funding.contains { $0.source == "DON-VI" })
    #expect(demo.funding.contains { $0.year == 2021 && $0.kind == .actual })
    #expect(demo.funding.contains { $0.classCode != nil })
    for line in demo.funding {
        #expect(CodeList.fundingSources.entry(line.source) != nil)
        #expect(line.amount > 0)
        if let code = line.classCode { #expect(index.classes[code] != nil) }
    }
}

@Test func demoClasses() {
    let used = Set(demo.classes.map(\.programmeType))
    for type in CodeList.programmeTypes.codes { #expect(used.contains(type), "\(type)") }
    let institutions = Set(demo.institutions.map(\.code))
    for cls in demo.classes {
        #expect(cls.start <= cls.end)
        if let code = cls.institutionCode { #expect(institutions.contains(code)) }
        if let code = cls.organisingUnitCode { #expect(index.unitID[code] != nil) }
        if cls.end.year <= 2020 { #expect(cls.location == .domestic) }
    }
    #expect(demo.classes.contains { $0.location == .abroad })
    let inPeriod = demo.classes.filter { $0.end >= periodFrom && $0.end <= periodTo }
    #expect(inPeriod.filter { ["TCT", "TTBD"].contains($0.institutionCode ?? "") }.count * 2 > inPeriod.count)
}

@Test func demoClassesRecordWhatTheyLeadTo() {
    let granting = demo.classes.filter { $0.grants != nil }
    #expect(Set(granting.map(\.programmeType)).isSubset(of: ["LLCT", "NGACH", "CHUYENMON"]))
    #expect(granting.contains { $0.grants?.code == "LLCT:TRUNG-CAP" })
    #expect(granting.contains { $0.grants?.code == "QLNN:CVC" })
    #expect(granting.contains { $0.grants?.code == "CHUYEN-MON:DAI-HOC" })
    #expect(demo.classes.filter { $0.programmeType == "LLCT" }.allSatisfy { $0.grants?.kind == .politicalTheory })
}

@Test func demoBatchIsTheStandardWorkbook() {
    let batch = demo.batch
    #expect(batch.people.map(\.draft) == demo.people && batch.enrolments.map(\.draft) == demo.enrolments)
    #expect(batch.units.map(\.draft) == demo.units && batch.funding.map(\.draft) == demo.funding)
    #expect(batch.people.first?.row == 2 && batch.people.last?.row == demo.people.count + 1)
    for sheet in WorkbookSheet.allCases {
        #expect(batch.name(of: sheet) == sheet.rawValue && batch.rowCount(sheet) > 0)
    }
    #expect(batch.problems.isEmpty && batch.warnings.isEmpty)
}

@Test func demoStateHelperAppliesTheRule() {
    var checked = 0
    for (position, enrolment) in demo.enrolments.enumerated() where position % 37 == 0 {
        guard let cls = index.classes[enrolment.classCode] else { continue }
        for day in [cls.start, asOf, Day(2023, 12, 31)] {
            let expected = index.state(of: enrolment.personCode, on: day)
            let actual = demo.state(of: enrolment.personCode, on: day)
            #expect(actual?.unitCode == expected.map { demo.units[$0.unitID].code })
            #expect(actual?.category == expected?.category)
            checked += 1
        }
    }
    #expect(checked > 1_000)
    // The helper still answers after the records change (its index is dropped).
    var changed = demo
    let retired = changed.history.firstIndex { $0.period.to != nil && $0.period.to! < Day(2020, 1, 1) }!
    let code = changed.history[retired].personCode
    changed.history.removeAll { $0.personCode == code }
    #expect(changed.state(of: code, on: Day(2024, 1, 1))?.unitCode == index.people[code]?.unitCode)
    #expect(demo.state(of: "KHONG-CO", on: asOf) == nil)
}

/// Issue 14: the Sở Nội vụ's công chức hold job positions from 1 July 2025, and only from then: the row covering
/// that day is split there, the same state on both sides, so nothing before changes (the pinned figures above).
@Test func demoPositionsStartOnTheFirstOfJuly2025() {
    let from = DemoProvince.positionsFrom
    let catalogue = Set(demo.positions.map(\.code))
    #expect(demo.positions == DemoProvince.positionCatalogue)
    let held = demo.history.filter { $0.period.positionCode != nil }
    #expect(held.count > 10)
    for row in held {
        #expect(catalogue.contains(row.period.positionCode!))
        #expect(row.period.from >= from && row.period.unitCode == "SNV" && row.period.category == .civilServant)
        // The part before, when there is one, is the same state without the position, ending the day before.
        let before = demo.history.first { $0.personCode == row.personCode && $0.period.to == from.adding(days: -1) }
        if let before {
            #expect(before.period.unitCode == row.period.unitCode && before.period.rankCode == row.period.rankCode
                    && before.period.post == row.period.post && before.period.positionCode == nil)
        }
    }
    // Both staff positions are held; the leaders' position is in the catalogue (with rules) for the forms to use.
    #expect(Set(held.map(\.period.positionCode!)) == ["VT-TCBM", "VT-HCTH"])
    let holders = Set(held.filter { $0.period.to == nil }.map(\.personCode))
    #expect(demo.people.filter { $0.positionCode != nil }.map(\.code).sorted() == holders.sorted())
    #expect(DemoProvince.standards.problems(programmeTypes: Set(CodeList.programmeTypes.codes)).isEmpty)
    #expect(DemoProvince.standards.positions.allSatisfy { $0.validFrom == from })
}
