import HocBaCore

/// The builder of the demo province: its working types (units by index and their staffing plans, recruits,
/// opened classes, seats, the pools learners are drawn from), its state, the units, and the assembly of the
/// drafts. People and their history are in DemoBuilder+People.swift, classes and enrolments in
/// DemoBuilder+Classes.swift, funding in DemoBuilder+Funding.swift. Every random choice goes through `rng`, in a
/// fixed order: changing the order of the calls changes the province.

enum UnitKind { case root, agency, service, district, districtAgency, districtService, commune }

enum ServiceKind {
    case none, hospital, health, healthCentre, college, politicalSchool, radio, agriculture, culture
    case highSchool, kindergarten, primary, secondary, boarding
}

struct UnitPlan {
    var kind: UnitKind
    var service: ServiceKind = .none
    /// Index in DemoData.districts, -1 for provincial units.
    var district = -1
    var cadres = 0
    var civilServants = 0
    var nonSpecialized = 0
    var administrative = 0
    var professional = 0
    /// "xã", "phường", "thị trấn" for communes.
    var communeWord = "xã"
    var agency: Int = -1
}

/// A person while the province is built: their CanBo row as it stands (`draft`, whose unit code is `unit`'s), their
/// work history on the builder's unit indices (the rule's own `WorkPeriod`, unit ids being those indices) and the
/// builder's marks. `assemble()` gives the person's `PersonDraft` and `HistoryDraft`s.
struct Recruit {
    var draft: PersonDraft
    /// Index of the draft's unit among the builder's units.
    var unit: Int
    var rows: [WorkPeriod] = []
    /// Sits on a people's council (HĐND) of their unit's level.
    var deputy = false
    /// Keeps their post for the whole period (the political school's staff).
    var locked = false
    /// Entered service: the start of their first history row.
    var start: Day

    /// Every recruit has a birth date and a sex.
    var birth: Day {
        get { draft.birthDate! }
        set { draft.birthDate = newValue }
    }
    var sex: Sex {
        get { draft.sex! }
        set { draft.sex = newValue }
    }
    var isKinh: Bool { draft.ethnicity == "Kinh" }
}

extension WorkPeriod {
    /// The same row, ending on `day`.
    func demoEnding(on day: Day?) -> WorkPeriod { WorkPeriod(state: state, from: period.from, to: day) }
}

/// A class while the province is built: its LopHoc row and whom it was opened for.
struct OpenedClass {
    var draft: ClassDraft
    /// Bit mask of the pool keys its learners came from.
    var audience: Int = 0
}

/// A learner's seat in a class while the province is built (class and person by index); `assemble()` numbers the
/// certificates and gives the `EnrolmentDraft`s.
struct Seat {
    var cls: Int
    var person: Int
    var capacity: Capacity
    var result: EnrolmentResult
}

enum Organiser {
    case none
    case unit(String)
    /// The Phòng Nội vụ of the class's (first) district.
    case district
}

struct Slot {
    let key: Int
    let size: ClosedRange<Int>
}

struct NameContext {
    let k: Int
    let year: Int
    let startYear: Int
    let place: String
    let variant: String
}

struct ClassTemplate {
    let type: String
    var form: ClassForm = .fostering
    let institution: String?
    let organiser: Organiser
    let hours: Int?
    let days: ClosedRange<Int>
    var months: ClosedRange<Int> = 3...11
    let slots: [Slot]
    /// 0: the whole province; 1: one district; 2: two districts.
    var districts = 0
    let weight: Double
    var variants: [String] = [""]
    var grants = ""
    let name: (NameContext) -> String
}

/// Pool keys: staff buckets 0…5, council (level × Kinh / not Kinh) 6…11.
enum PoolKey {
    static let provincial = 0, district = 1, commune = 2, nonSpecialized = 3, administrative = 4, professional = 5
    static let councilProvinceKinh = 6, councilProvinceOther = 7
    static let councilDistrictKinh = 8, councilDistrictOther = 9
    static let councilCommuneKinh = 10, councilCommuneOther = 11
    static let count = 12

    static func staff(level: UnitLevel, category: Category) -> Int {
        switch category {
        case .cadre, .civilServant:
            switch level {
            case .province: return provincial
            case .district: return district
            case .commune: return commune
            }
        case .communeNonSpecialized: return nonSpecialized
        case .administrativeOfficer: return administrative
        case .professionalOfficer: return professional
        }
    }

    static func council(level: UnitLevel, kinh: Bool) -> Int {
        let base: Int
        switch level {
        case .province: base = councilProvinceKinh
        case .district: base = councilDistrictKinh
        case .commune: base = councilCommuneKinh
        }
        return base + (kinh ? 0 : 1)
    }

    static func capacity(_ key: Int) -> Capacity {
        switch key {
        case 6, 7: .provincialCouncil
        case 8, 9: .districtCouncil
        case 10, 11: .communeCouncil
        default: .staff
        }
    }
}

let demoProfessionalLevels = ["CHUA", "SO-CAP", "TRUNG-CAP", "CAO-DANG", "DAI-HOC", "THAC-SI", "TIEN-SI"]

struct DemoBuilder {
    // Dates and targets of the article.
    static let asOf = Day(2020, 10, 12)
    static let mergeDay = Day(2020, 2, 1)
    static let districtEnd = Day(2025, 6, 30)
    static let staffTargets = [1_998, 1_694, 9_583, 450, 1_540, 5_478]
    /// Council lượt: province Kinh/other, district Kinh/other, commune Kinh/other (others total 2.388).
    static let councilTargets = [220, 130, 560, 740, 1_404, 1_518]
    static let cadreRate = 8_379
    static let civilServantRate = 9_861

    var rng = SplitMix64(seed: 0xBAC_CA2_2016_2020)

    var units: [UnitDraft] = []
    var plans: [UnitPlan] = []
    var unitIndex: [String: Int] = [:]
    var provincialAgencies: [Int] = []
    var districtUnit: [Int] = []
    var districtAgencies: [[Int]] = []
    var districtCommunes: [[Int]] = []
    /// Communes merged on 2020-02-01 and their successors.
    var merges: [(Int, Int)] = []

    var people: [Recruit] = []
    var quals: [(person: Int, qualification: ObtainedQualification)] = []
    var classes: [OpenedClass] = []
    var enrolments: [Seat] = []
    var funding: [FundingDraft] = []
    var instructors: [InstructorDraft] = []

    var staticPools: [[[Int]]] = []
    var dynamicPeople: [Int] = []
    /// People whose qualification design fixes their CHUYEN-MON rows (the rate populations).
    var rateMembers: [Bool] = []
    var classCounters: [String: Int] = [:]
    var nameCounters: [String: Int] = [:]
    var districtCursor = 0

    // MARK: Build

    mutating func build() -> DemoProvince {
        makeUnits()
        makeInstructors()
        staffUnits()
        makeMerges()
        makeMobility()
        balanceRatePopulations()
        flagDeputies()
        buildStaticPools()
        designQualifications()
        makeClasses()
        grantQualificationsFromClasses()
        var province = assemble()
        // After everything else and without the random generator: the records of 2016–2020 stay as they are.
        province.units = DemoMerger.apply(to: province.units)
        return province
    }

    // MARK: Units

    mutating func addUnit(_ unit: UnitDraft, _ plan: UnitPlan) -> Int {
        precondition(unitIndex[unit.code] == nil, "Mã đơn vị trùng: \(unit.code)")
        precondition(unit.code.allSatisfy { ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "-" })
        unitIndex[unit.code] = units.count
        units.append(unit)
        plans.append(plan)
        return units.count - 1
    }

    static func codePart(_ name: String) -> String {
        VietnameseText.fold(name).uppercased().filter { ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }
    }

    mutating func makeUnits() {
        _ = addUnit(UnitDraft(code: "BK", name: "Tỉnh Bắc Kạn", level: .province), UnitPlan(kind: .root))
        for (index, agency) in DemoData.agencies.enumerated() {
            var plan = UnitPlan(kind: .agency)
            plan.cadres = agency.cadrePosts.count
            plan.civilServants = rng.int(agency.cc)
            plan.administrative = agency.cadrePosts.isEmpty ? rng.int(2...4) : 0
            plan.agency = index
            let unit = addUnit(UnitDraft(code: agency.code, name: agency.name, level: .province, parentCode: "BK"),
                               plan)
            provincialAgencies.append(unit)
        }
        let services: [(String, String, ServiceKind, ClosedRange<Int>, ClosedRange<Int>)] = [
            ("BVDK", "Bệnh viện Đa khoa tỉnh Bắc Kạn", .hospital, 440...470, 36...42),
            ("CDC", "Trung tâm Kiểm soát bệnh tật tỉnh Bắc Kạn", .health, 60...70, 8...10),
            ("CDBK", "Trường Cao đẳng Bắc Kạn", .college, 100...112, 15...18),
            ("TCT-DV", "Trường Chính trị tỉnh Bắc Kạn", .politicalSchool, 22...22, 9...9),
            ("DPTTH", "Đài Phát thanh và Truyền hình tỉnh Bắc Kạn", .radio, 50...58, 9...11),
            ("TTKN", "Trung tâm Khuyến nông tỉnh Bắc Kạn", .agriculture, 22...28, 4...5),
        ]
        for (code, name, kind, professional, administrative) in services {
            var plan = UnitPlan(kind: .service, service: kind)
            plan.professional = rng.int(professional)
            plan.administrative = rng.int(administrative)
            _ = addUnit(UnitDraft(code: code, name: name, level: .province, parentCode: "BK"), plan)
        }
        for (code, name) in DemoData.highSchools {
            var plan = UnitPlan(kind: .service, service: .highSchool)
            plan.professional = rng.int(50...62)
            plan.administrative = rng.int(3...5)
            _ = addUnit(UnitDraft(code: code, name: name, level: .province, parentCode: "SGDDT"), plan)
        }

        for (d, district) in DemoData.districts.enumerated() {
            var plan = UnitPlan(kind: .district, district: d)
            plan.cadres = DemoData.districtCadrePosts.count
            let top = addUnit(UnitDraft(code: district.code, name: district.name, level: .district, parentCode: "BK",
                                       validTo: Self.districtEnd), plan)
            districtUnit.append(top)
            var agencies: [Int] = []
            for (suffix, name, size) in DemoData.districtAgencies {
                if suffix == "PDT" && d == 0 { continue }
                let unitName = (d == 0 && suffix == "PNN") ? "Phòng Kinh tế" : name
                var agencyPlan = UnitPlan(kind: .districtAgency, district: d)
                agencyPlan.civilServants = rng.int(size)
                agencies.append(addUnit(UnitDraft(code: "\(district.code)-\(d == 0 && suffix == "PNN" ? "PKT" : suffix)",
                                                 name: "\(unitName) \(district.place)", level: .district,
                                                 parentCode: district.code, validTo: Self.districtEnd),
                                        agencyPlan))
            }
            districtAgencies.append(agencies)
            var centre = UnitPlan(kind: .districtService, service: .healthCentre, district: d)
            centre.professional = rng.int(95...130)
            centre.administrative = rng.int(8...12)
            _ = addUnit(UnitDraft(code: "\(district.code)-TTYT", name: "Trung tâm Y tế \(district.place)",
                                 level: .district, parentCode: district.code, validTo: Self.districtEnd), centre)
            var culture = UnitPlan(kind: .districtService, service: .culture, district: d)
            culture.professional = rng.int(8...12)
            culture.administrative = rng.int(2...3)
            _ = addUnit(UnitDraft(code: "\(district.code)-TTVH",
                                 name: "Trung tâm Văn hóa, Thể thao và Truyền thông \(district.place)",
                                 level: .district, parentCode: district.code, validTo: Self.districtEnd), culture)
            // Schools managed by the district, named after its communes.
            let names = district.communes.map { String($0.dropFirst(2)) }
            let schoolKinds: [(String, String, ServiceKind, ClosedRange<Int>)] = [
                ("TH", "Trường Tiểu học", .primary, 30...46), ("THCS", "Trường THCS", .secondary, 30...45),
                ("MN", "Trường Mầm non", .kindergarten, 24...40),
                ("PTDTBT", "Trường PTDT bán trú THCS", .boarding, 34...50),
            ]
            var made = 0
            var step = 0
            while made < 14 && step < 60 {
                let communeName = names[step % names.count]
                let kind = schoolKinds[(step + step / names.count) % schoolKinds.count]
                step += 1
                let code = "\(district.code)-\(kind.0)-\(Self.codePart(communeName))"
                if unitIndex[code] != nil { continue }
                var school = UnitPlan(kind: .districtService, service: kind.2, district: d)
                school.professional = rng.int(kind.3)
                school.administrative = rng.int(2...4)
                _ = addUnit(UnitDraft(code: code, name: "\(kind.1) \(communeName)", level: .district,
                                     parentCode: district.code, validTo: Self.districtEnd), school)
                made += 1
            }
            // Communes.
            var communes: [Int] = []
            for entry in district.communes {
                let word: String
                let title: String
                switch entry.prefix(1) {
                case "P": (word, title) = ("phường", "Phường")
                case "T": (word, title) = ("thị trấn", "Thị trấn")
                default: (word, title) = ("xã", "Xã")
                }
                let name = String(entry.dropFirst(2))
                var communePlan = UnitPlan(kind: .commune, district: d)
                communePlan.cadres = rng.int(9...11)
                communePlan.civilServants = rng.int(9...11)
                communePlan.nonSpecialized = rng.int(12...16)
                communePlan.communeWord = word
                let merge = district.merges.first { $0.0 == name }
                let successorCode = merge.map { "\(district.code)-\(Self.codePart($0.1))" }
                let unit = addUnit(UnitDraft(code: "\(district.code)-\(Self.codePart(name))", name: "\(title) \(name)",
                                            level: .commune, parentCode: district.code,
                                            validTo: merge == nil ? nil : Day(2020, 1, 31),
                                            mergedIntoCode: successorCode),
                                   communePlan)
                if merge == nil { communes.append(unit) }
            }
            districtCommunes.append(communes)
            for (from, to) in district.merges {
                let old = unitIndex["\(district.code)-\(Self.codePart(from))"]!
                let successor = unitIndex["\(district.code)-\(Self.codePart(to))"]!
                merges.append((old, successor))
            }
        }
    }

    // MARK: Assembly

    mutating func assemble() -> DemoProvince {
        let order = classes.indices.sorted {
            (classes[$0].draft.start, classes[$0].draft.code) < (classes[$1].draft.start, classes[$1].draft.code)
        }
        var position = Array(repeating: 0, count: classes.count)
        for (index, cls) in order.enumerated() { position[cls] = index }
        let sortedClasses = order.map { classes[$0] }
        makeFunding(classes: sortedClasses)

        let sortedEnrolments = enrolments.sorted {
            (position[$0.cls], people[$0.person].draft.code) < (position[$1.cls], people[$1.person].draft.code)
        }
        var certificateCounters: [String: Int] = [:]
        let certified: Set<String> = ["NGACH", "LLCT", "BONHIEM", "CHUYENMON"]
        let outEnrolments = sortedEnrolments.map { enrolment -> EnrolmentDraft in
            let cls = classes[enrolment.cls].draft
            var number: String?
            var date: Day?
            if enrolment.result == .completed && certified.contains(cls.programmeType) {
                let prefix = "\(cls.institutionCode ?? "BK")-\(cls.end.year)"
                let next = (certificateCounters[prefix] ?? 0) + 1
                certificateCounters[prefix] = next
                number = prefix + "-" + demoPadded(next, 5)
                date = cls.end
            }
            return EnrolmentDraft(classCode: cls.code, personCode: people[enrolment.person].draft.code,
                                  capacity: enrolment.capacity, result: enrolment.result, certificateNumber: number,
                                  certificateDate: date)
        }

        var outHistory: [HistoryDraft] = []
        for person in people {
            for row in person.rows {
                outHistory.append(HistoryDraft(personCode: person.draft.code, period: WorkPeriodDraft(
                    unitCode: units[row.state.unitID].code, category: row.state.category, rankCode: row.state.rankCode,
                    post: row.state.post, from: row.period.from, to: row.period.to)))
            }
        }
        let kinds = QualificationKind.allCases
        let outQuals = quals.sorted {
            ($0.person, kinds.firstIndex(of: $0.qualification.kind)!, $0.qualification.granted.ordinal)
                < ($1.person, kinds.firstIndex(of: $1.qualification.kind)!, $1.qualification.granted.ordinal)
        }.map {
            QualificationDraft(personCode: people[$0.person].draft.code, qualification: $0.qualification)
        }
        let institutions = [
            InstitutionDraft(code: "TCT", name: "Trường Chính trị tỉnh Bắc Kạn"),
            InstitutionDraft(code: "TTBD", name: "Trung tâm Đào tạo, bồi dưỡng cán bộ, công chức tỉnh Bắc Kạn"),
            InstitutionDraft(code: "HVCT-KV1", name: "Học viện Chính trị khu vực I"),
            InstitutionDraft(code: "DHNV", name: "Trường Đại học Nội vụ Hà Nội"),
        ]
        return DemoProvince(units: units, institutions: institutions, people: people.map(\.draft),
                            history: outHistory, qualifications: outQuals, instructors: instructors,
                            classes: sortedClasses.map(\.draft),
                            enrolments: outEnrolments, funding: funding)
    }
}

extension String {
    func demoReplacing(_ placeholder: String, with value: String) -> String {
        guard contains(placeholder) else { return self }
        return replacing(placeholder, with: value)
    }
}

/// `value` in decimal with leading zeros to `width` digits (more digits when it needs them).
func demoPadded(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// The qualification a demo class template grants: "LLCT-TC" → LLCT TRUNG-CAP, …; nil for none.
func demoGrant(_ code: String) -> (QualificationKind, String)? {
    switch code {
    case "LLCT-TC": (.politicalTheory, "TRUNG-CAP")
    case "LLCT-CC": (.politicalTheory, "CAO-CAP")
    case "LLCT-SC": (.politicalTheory, "SO-CAP")
    case "QLNN-CV": (.stateManagement, "CV")
    case "QLNN-CVC": (.stateManagement, "CVC")
    case "CM-DH": (.professional, "DAI-HOC")
    case "CM-THS": (.professional, "THAC-SI")
    default: nil
    }
}
