import HocBaCore

/// A synthetic country for measuring hocba at national scale (docs/benchmarks.md, "National scale"): a national
/// root with the ministries, and the 34 provinces of 1 July 2025 (six centrally-run cities among them), each with its
/// departments, its districts and some 300 communes until 30 June 2025, and 97–98 merged communes from 1 July 2025
/// (3 321 in all), people in the demo province's proportions of levels and categories, about five completed lượt
/// per person over 2016–2025, council delegates, schools with instructors, and funding.
///
/// It is deterministic and made region by region (`region(_:)`: the centre, then each province), each from its own
/// seeded generator, so a loader holds one region at a time whatever the size of the country, and any region can
/// be made again alone. Nothing is shared between regions but the unit codes they refer to: a region's people and
/// classes are its own, and its records refer only to its units and to the root.
public struct SyntheticNation: Sendable {
    public let people: Int
    public let seed: UInt64

    public init(people: Int = 2_500_000, seed: UInt64 = 2025) {
        precondition(people >= 1_000, "a country of at least 1 000 people")
        self.people = people
        self.seed = seed
    }

    /// The centre (region 0) and the 34 provinces.
    public var regionCount: Int { 1 + Self.provinces.count }

    /// The day the two-level local government began: districts end the day before, merged communes start.
    public static let reform = Day(2025, 7, 1)
    static let lastDistrictDay = Day(2025, 6, 30)
    /// The period of the classes: ten years.
    static let firstClassDay = Day(2016, 1, 1)
    static let lastClassDay = Day(2025, 12, 31)

    /// The new provinces: name, whether a centrally-run city, the birth-registration code of its main old
    /// province (TT 07/2016/TT-BCA), so that every personal ID of a region is distinct by its serial.
    static let provinces: [(name: String, city: Bool, birthCode: String)] = [
        ("Thành phố Hà Nội", true, "001"), ("Thành phố Huế", true, "046"), ("Lai Châu", false, "012"),
        ("Điện Biên", false, "011"), ("Sơn La", false, "014"), ("Lạng Sơn", false, "020"),
        ("Quảng Ninh", false, "022"), ("Thanh Hóa", false, "038"), ("Nghệ An", false, "040"),
        ("Hà Tĩnh", false, "042"), ("Cao Bằng", false, "004"), ("Tuyên Quang", false, "008"),
        ("Lào Cai", false, "010"), ("Thái Nguyên", false, "019"), ("Phú Thọ", false, "025"),
        ("Bắc Ninh", false, "024"), ("Hưng Yên", false, "033"), ("Thành phố Hải Phòng", true, "031"),
        ("Ninh Bình", false, "037"), ("Quảng Trị", false, "045"), ("Thành phố Đà Nẵng", true, "048"),
        ("Quảng Ngãi", false, "051"), ("Gia Lai", false, "064"), ("Khánh Hòa", false, "056"),
        ("Lâm Đồng", false, "068"), ("Đắk Lắk", false, "066"), ("Thành phố Hồ Chí Minh", true, "079"),
        ("Đồng Nai", false, "075"), ("Tây Ninh", false, "072"), ("Thành phố Cần Thơ", true, "092"),
        ("Vĩnh Long", false, "086"), ("Đồng Tháp", false, "087"), ("Cà Mau", false, "096"),
        ("An Giang", false, "089"),
    ]

    static let ministries = [
        "Bộ Nội vụ", "Bộ Tài chính", "Bộ Tư pháp", "Bộ Công Thương", "Bộ Nông nghiệp và Môi trường",
        "Bộ Xây dựng", "Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Khoa học và Công nghệ",
        "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Ngoại giao", "Bộ Dân tộc và Tôn giáo", "Thanh tra Chính phủ",
        "Ngân hàng Nhà nước Việt Nam", "Văn phòng Chính phủ", "Bộ Quốc phòng (khối dân sự)", "Bộ Công an (khối dân sự)",
    ]

    /// The centre's share of the people (ministries and national academies).
    static let centreShare = 0.04
    static let departmentsPerProvince = 15
    static let districtsPerProvince = 20
    static let communesPerDistrict = 15
    static let mergedCommunes = 3_321

    /// How many people region `index` holds: the centre its share, each province a share weighted 1.6 for a
    /// city; the last province takes what rounding left.
    public func peopleCount(ofRegion index: Int) -> Int {
        let centre = Int((Double(people) * Self.centreShare).rounded())
        if index == 0 { return centre }
        let weights = Self.provinces.map { $0.city ? 1.6 : 1.0 }
        let total = weights.reduce(0, +)
        let shares = weights.map { Int((Double(people - centre) * $0 / total).rounded(.down)) }
        if index == Self.provinces.count { return people - centre - shares.dropLast().reduce(0, +) }
        return shares[index - 1]
    }

    /// Merged communes of province `index` (1-based): 3 321 over 34 provinces, the first 23 taking 98.
    static func mergedCommuneCount(ofProvince index: Int) -> Int {
        let base = mergedCommunes / provinces.count
        return base + (index <= mergedCommunes % provinces.count ? 1 : 0)
    }

    /// Region `index`'s records as an import batch (0: the root, the ministries and the national academies).
    public func region(_ index: Int) -> ImportBatch {
        var builder = RegionBuilder(nation: self, index: index)
        builder.build()
        return builder.batch
    }
}

/// One region's records, made with the region's own generator.
private struct RegionBuilder {
    let nation: SyntheticNation
    let index: Int
    var rng: SplitMix64
    var batch = ImportBatch()

    /// A person as the classes need them: their code, their unit and its level before and after the reform,
    /// whether they sit on a council.
    struct Member {
        let code: String
        let before: UnitLevel
        let after: UnitLevel
        let delegate: Bool
    }
    var members: [Member] = []
    var units: [(code: String, level: UnitLevel)] = []

    init(nation: SyntheticNation, index: Int) {
        self.nation = nation
        self.index = index
        rng = SplitMix64(seed: nation.seed &* 0x100_0000_01B3 &+ UInt64(index))
    }

    var prefix: String { index == 0 ? "TW" : "P" + pad(index, 2) }

    mutating func build() {
        if index == 0 { buildCentre() } else { buildProvince() }
        buildClasses()
        buildFunding()
        for sheet in WorkbookSheet.allCases {
            batch.sheetNames[sheet] = sheet.rawValue
            batch.recognisedColumns[sheet] = sheet.columns
        }
    }

    // MARK: Units and people

    mutating func addUnit(_ draft: UnitDraft) {
        batch.units.append(ImportedRow(row: batch.units.count + 2, draft: draft))
        units.append((draft.code, draft.level))
    }

    mutating func buildCentre() {
        addUnit(UnitDraft(code: "VN", name: "Cả nước", level: .province))
        for (number, name) in SyntheticNation.ministries.enumerated() {
            addUnit(UnitDraft(code: "TW-B" + pad(number + 1, 2), name: name, level: .province, parentCode: "VN"))
        }
        let ministries = units.dropFirst().map(\.code)
        for number in 0..<nation.peopleCount(ofRegion: 0) {
            let category = [Category.civilServant, .civilServant, .civilServant, .administrativeOfficer,
                            .professionalOfficer][rng.below(5)]
            addPerson(number, unit: ministries[rng.below(ministries.count)], level: .province, category: category,
                      birthCode: "002", movedTo: nil)
        }
        addSchool("TW-HVCT", "Học viện Chính trị quốc gia Hồ Chí Minh", instructors: max(4, members.count / 400))
        addSchool("TW-HVHC", "Học viện Hành chính và Quản trị công", instructors: max(4, members.count / 400))
    }

    mutating func buildProvince() {
        let province = SyntheticNation.provinces[index - 1]
        let code = prefix
        addUnit(UnitDraft(code: code, name: province.city ? province.name : "Tỉnh " + province.name,
                          level: .province, parentCode: "VN"))
        var departments: [String] = []
        for number in 1...SyntheticNation.departmentsPerProvince {
            departments.append(code + "-S" + pad(number, 2))
            addUnit(UnitDraft(code: departments.last!, name: "Sở \(number) \(province.name)", level: .province,
                              parentCode: code))
        }
        // The merged communes first, so that each old commune can name its successor.
        let merged = (1...SyntheticNation.mergedCommuneCount(ofProvince: index)).map { code + "-X" + pad($0, 3) }
        for (number, commune) in merged.enumerated() {
            addUnit(UnitDraft(code: commune, name: "Xã \(number + 1) (từ 2025) \(province.name)", level: .commune,
                              parentCode: code, validFrom: SyntheticNation.reform))
        }
        let oldCount = SyntheticNation.districtsPerProvince * SyntheticNation.communesPerDistrict
        var districts: [(code: String, communes: [(code: String, successor: String)])] = []
        for district in 1...SyntheticNation.districtsPerProvince {
            let districtCode = code + "-H" + pad(district, 2)
            addUnit(UnitDraft(code: districtCode, name: "Huyện \(district) \(province.name)", level: .district,
                              parentCode: code, validTo: SyntheticNation.lastDistrictDay))
            var communes: [(String, String)] = []
            for commune in 1...SyntheticNation.communesPerDistrict {
                let ordinal = (district - 1) * SyntheticNation.communesPerDistrict + commune - 1
                let successor = merged[ordinal * merged.count / oldCount]
                let communeCode = districtCode + "-X" + pad(commune, 2)
                addUnit(UnitDraft(code: communeCode, name: "Xã \(commune) huyện \(district) \(province.name)",
                                  level: .commune, parentCode: districtCode, validTo: SyntheticNation.lastDistrictDay,
                                  mergedIntoCode: successor))
                communes.append((communeCode, successor))
            }
            districts.append((districtCode, communes))
        }
        // The demo province's people by level and category (12 163 people): province 17.5 %, district 51 %,
        // commune 31.5 %.
        let categories: [(UnitLevel, Category, Int)] = [
            (.province, .cadre, 11), (.province, .civilServant, 786), (.province, .professionalOfficer, 1_161),
            (.province, .administrativeOfficer, 174), (.district, .cadre, 52), (.district, .civilServant, 1_184),
            (.district, .professionalOfficer, 4_563), (.district, .administrativeOfficer, 390),
            (.commune, .cadre, 1_085), (.commune, .civilServant, 1_265), (.commune, .communeNonSpecialized, 1_492),
        ]
        let weights = categories.map(\.2)
        for number in 0..<nation.peopleCount(ofRegion: index) {
            let (level, category, _) = categories[rng.weighted(weights)]
            let district = districts[rng.below(districts.count)]
            let commune = district.communes[rng.below(district.communes.count)]
            switch level {
            case .province:
                addPerson(number, unit: departments[rng.below(departments.count)], level: .province,
                          category: category, birthCode: province.birthCode, movedTo: nil)
            case .district:
                // The district's staff go to the communes on 1 July 2025.
                addPerson(number, unit: district.code, level: .district, category: category,
                          birthCode: province.birthCode, movedTo: commune.successor)
            case .commune:
                addPerson(number, unit: commune.code, level: .commune, category: category,
                          birthCode: province.birthCode, movedTo: commune.successor)
            }
        }
        addSchool(code + "-TCT", "Trường Chính trị \(province.name)", instructors: max(4, members.count * 22 / 12_163))
        for number in 1...3 {
            addSchool(code + "-CS" + pad(number, 1), "Cơ sở đào tạo \(number) \(province.name)",
                      instructors: max(1, members.count * 3 / 12_163))
        }
    }

    /// A person hired before 2016, in `unit` until 30 June 2025 and in `movedTo` from 1 July 2025 when given (two
    /// QuaTrinh rows), else in `unit` throughout (their CanBo state, no history).
    mutating func addPerson(_ number: Int, unit: String, level: UnitLevel, category: Category, birthCode: String,
                            movedTo: String?) {
        let code = prefix + "-" + pad(number + 1, 7)
        let sex: Sex = rng.chance(0.57) ? .female : .male
        let ethnicity = rng.chance(0.85) ? "Kinh" : rng.pick(["Tày", "Thái", "Mường", "Khmer", "H'Mông", "Nùng", "Dao"])
        let born = rng.day(Day(1964, 1, 1), Day(1999, 12, 31))
        var draft = PersonDraft(code: code, fullName: name(ethnicity: ethnicity, sex: sex), birthDate: born, sex: sex,
                                ethnicity: ethnicity, unitCode: movedTo ?? unit, category: category,
                                professionalLevel: demoProfessionalLevels[rng.weighted([2, 3, 25, 12, 50, 7, 1])])
        if number % 40 != 39 {
            let centuryAndSex = (born.year / 100 - 19) * 2 + (sex == .female ? 1 : 0)
            draft.personalID = try? PersonalID.check(
                birthCode + String(centuryAndSex) + String(String(born.year).suffix(2)) + pad(number + 1, 6),
                sex: sex, birthDate: born).get()
        }
        batch.people.append(ImportedRow(row: batch.people.count + 2, draft: draft))
        if let movedTo {
            let hired = rng.day(Day(2005, 1, 1), Day(2015, 12, 31))
            for period in [WorkPeriodDraft(unitCode: unit, category: category, from: hired,
                                           to: SyntheticNation.lastDistrictDay),
                           WorkPeriodDraft(unitCode: movedTo, category: category, from: SyntheticNation.reform)] {
                batch.history.append(ImportedRow(row: batch.history.count + 2,
                                                 draft: HistoryDraft(personCode: code, period: period)))
            }
        }
        if rng.chance(0.25) {
            let level = demoProfessionalLevels[rng.weighted([0, 0, 30, 15, 45, 9, 1])]
            batch.qualifications.append(ImportedRow(row: batch.qualifications.count + 2, draft: QualificationDraft(
                personCode: code, qualification: ObtainedQualification(
                    kind: .professional, level: level, granted: rng.day(Day(1995, 1, 1), Day(2015, 12, 31))))))
        }
        // The demo province: about one person in eight sits on a council, cadres most.
        let delegate = category == .cadre ? rng.chance(0.6) : rng.chance(0.09)
        members.append(Member(code: code, before: level, after: movedTo == nil ? level : .commune, delegate: delegate))
    }

    mutating func addSchool(_ code: String, _ schoolName: String, instructors: Int) {
        batch.institutions.append(ImportedRow(row: batch.institutions.count + 2,
                                              draft: InstitutionDraft(code: code, name: schoolName)))
        for number in 1...instructors {
            let sex: Sex = rng.chance(0.5) ? .female : .male
            let degree = ["THAC-SI", "THAC-SI", "THAC-SI", "TIEN-SI", "CU-NHAN"][rng.below(5)]
            batch.instructors.append(ImportedRow(row: batch.instructors.count + 2, draft: InstructorDraft(
                code: code + "-GV" + pad(number, 3), fullName: name(ethnicity: "Kinh", sex: sex),
                institutionCode: code, degree: degree, activeMethodsTrained: rng.chance(0.8))))
        }
    }

    // MARK: Classes

    /// Classes of 30–60 learners until every person has had about 5.4 places (about five completed): council
    /// classes take delegates in their council capacity, the others anyone.
    mutating func buildClasses() {
        let types: [(String, Int)] = [("BONHIEM", 18), ("CHUYENMON", 12), ("CHUYENNGANH", 68), ("HDND", 94),
                                      ("KHAC", 43), ("LDQL", 47), ("LLCT", 55), ("NGACH", 73), ("NNTH", 33),
                                      ("QPAN", 35), ("VTVL", 81)]
        let delegates = members.indices.filter { members[$0].delegate }
        let schools = batch.institutions.map(\.draft.code)
        let organiser = index == 0 ? "VN" : prefix
        var places = members.count * 54 / 10
        var number = 0
        while places > 0 {
            number += 1
            let type = types[rng.weighted(types.map(\.1))].0
            let start = rng.day(SyntheticNation.firstClassDay, Day(2025, 12, 1))
            let end = min(SyntheticNation.lastClassDay, start.adding(days: rng.int(2...45)))
            let code = prefix + "-L" + pad(number, 6)
            batch.classes.append(ImportedRow(row: batch.classes.count + 2, draft: ClassDraft(
                code: code, name: "Lớp \(type.lowercased()) \(number)", programmeType: type,
                institutionCode: schools[rng.below(schools.count)], organisingUnitCode: organiser, start: start,
                end: end, hours: rng.int(2...30) * 8)))
            let council = type == "HDND" && !delegates.isEmpty
            let pool = council ? delegates.count : members.count
            let size = min(pool, rng.int(30...60))
            var chosen = Set<Int>()
            while chosen.count < size {
                chosen.insert(council ? delegates[rng.below(pool)] : rng.below(pool))
            }
            for member in chosen.sorted() {
                let person = members[member]
                let level = start < SyntheticNation.reform ? person.before : person.after
                let capacity: Capacity = !council ? .staff
                    : (level == .province ? .provincialCouncil : level == .district ? .districtCouncil : .communeCouncil)
                let roll = rng.below(100)
                let result: EnrolmentResult? = roll < 93 ? .completed : roll < 97 ? .notCompleted : .droppedOut
                batch.enrolments.append(ImportedRow(row: batch.enrolments.count + 2, draft: EnrolmentDraft(
                    classCode: code, personCode: person.code, capacity: capacity, result: result)))
            }
            places -= size
        }
    }

    // MARK: Funding

    /// About five funding lines per thousand people (the demo's 60 for 12 163), years 2016–2025.
    mutating func buildFunding() {
        let sources = CodeList.fundingSources.codes
        for number in 1...max(1, members.count * 5 / 1_000) {
            let year = rng.int(2016...2025)
            let actual = rng.chance(0.8)
            batch.funding.append(ImportedRow(row: batch.funding.count + 2, draft: FundingDraft(
                documentNumber: prefix + "-KP" + pad(number, 5), year: year, source: sources[rng.weighted(sources.indices.map { $0 == 0 ? 6 : 1 })],
                amount: rng.int(10...2_000) * 1_000_000, kind: actual ? .actual : .estimate)))
        }
    }

    // MARK: Names

    mutating func name(ethnicity: String, sex: Sex) -> String {
        let families = DemoNames.family[ethnicity] ?? DemoNames.family["Kinh"]!
        let family = families[rng.weighted(families.map(\.1))].0
        switch sex {
        case .male:
            return family + " " + (rng.chance(0.6) ? "Văn" : rng.pick(DemoNames.maleMiddle)) + " "
                + rng.pick(DemoNames.maleGiven)
        case .female:
            return family + " " + (rng.chance(0.6) ? "Thị" : rng.pick(DemoNames.femaleMiddle)) + " "
                + rng.pick(DemoNames.femaleGiven)
        }
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
