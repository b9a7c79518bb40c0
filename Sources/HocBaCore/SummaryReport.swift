/// The summary report of docs/reports.md ("báo cáo tổng hợp kết quả đào tạo, bồi dưỡng"), definition
/// version 1.
///
/// The counting is split in two so that it can be served from pre-aggregated tables at national scale without
/// changing the definition: the store reduces completed enrolments in the period to `PersonTimeCell`s (a small cube:
/// capacity × snapshot category × snapshot unit level × ethnic minority × programme type × end year → count), and
/// `SummaryReport.fold` turns any such cube into the published figures.

public struct SummaryParameters: Sendable, Hashable, Codable {
    public var from: Day
    public var to: Day
    public var asOf: Day
    /// Scope: the unit whose subtree is counted (nil code: every unit the account reaches), and whether the units
    /// merged into it are counted too.
    public var unit: ReportUnitScope

    /// The scope's unit code, nil for every unit.
    public var unitCode: String? { unit.code }

    public init(from: Day, to: Day, asOf: Day? = nil, unit: ReportUnitScope) {
        self.from = from
        self.to = to
        self.asOf = asOf ?? to
        self.unit = unit
    }

    /// Definition version 1's scope: the subtree of `unitCode`, without predecessors.
    public init(from: Day, to: Day, asOf: Day? = nil, unitCode: String? = nil) {
        self.init(from: from, to: to, asOf: asOf, unit: ReportUnitScope(code: unitCode))
    }

    /// Problems with the parameters themselves, in Vietnamese.
    public var problems: [FieldProblem] {
        from > to ? [FieldProblem(field: "to", message: "Đến ngày (\(to.vietnamese)) trước Từ ngày (\(from.vietnamese)).")] : []
    }

    enum CodingKeys: String, CodingKey {
        case from, to, asOf, unitCode, includePredecessors
    }

    /// The keys frozen reports have always stored; `includePredecessors` only when set, so that the parameters of a
    /// version 1 report read and write as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(asOf, forKey: .asOf)
        try container.encodeIfPresent(unit.code, forKey: .unitCode)
        if unit.includesPredecessors { try container.encode(true, forKey: .includePredecessors) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(Day.self, forKey: .from)
        to = try container.decode(Day.self, forKey: .to)
        asOf = try container.decode(Day.self, forKey: .asOf)
        unit = ReportUnitScope(code: try container.decodeIfPresent(String.self, forKey: .unitCode),
                               includesPredecessors: try container.decodeIfPresent(Bool.self,
                                                                                   forKey: .includePredecessors) ?? false)
    }
}

/// One cell of the cube of completed enrolments (lượt) whose class ended in the period and whose snapshot unit is
/// in scope.
public struct PersonTimeCell: Sendable, Hashable {
    public let capacity: Capacity
    public let category: Category
    public let level: UnitLevel
    public let ethnicMinority: Bool
    public let programmeType: String
    public let year: Int
    public let count: Int

    public init(capacity: Capacity, category: Category, level: UnitLevel, ethnicMinority: Bool, programmeType: String,
                year: Int, count: Int) {
        self.capacity = capacity
        self.category = category
        self.level = level
        self.ethnicMinority = ethnicMinority
        self.programmeType = programmeType
        self.year = year
        self.count = count
    }

    /// The cells with equal attributes added into one, in the order they first appear.
    public static func merged(_ cells: [PersonTimeCell]) -> [PersonTimeCell] {
        var order: [PersonTimeCell] = []
        var counts: [PersonTimeCell: Int] = [:]
        for cell in cells {
            let key = PersonTimeCell(capacity: cell.capacity, category: cell.category, level: cell.level,
                                     ethnicMinority: cell.ethnicMinority, programmeType: cell.programmeType,
                                     year: cell.year, count: 0)
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += cell.count
        }
        return order.map { key in
            PersonTimeCell(capacity: key.capacity, category: key.category, level: key.level,
                           ethnicMinority: key.ethnicMinority, programmeType: key.programmeType, year: key.year,
                           count: counts[key]!)
        }
    }
}

public struct SummaryReport: Sendable, Equatable, Codable {
    public static let definitionVersion = 1

    public struct PersonTimes: Sendable, Equatable, Codable {
        public init() {}

        public var total = 0
        public var cbcc = CadresAndCivilServants()
        public var vienChuc = PublicServiceStaff()
        public var hdnd = CouncilDelegates()

        enum CodingKeys: String, CodingKey {
            case total, cbcc, vienChuc = "vien_chuc", hdnd
        }
    }

    public struct CadresAndCivilServants: Sendable, Equatable, Codable {
        public init() {}

        public var total = 0
        public var province = 0
        public var district = 0
        public var provinceDistrict = 0
        public var commune = 0
        public var communeNonSpecialized = 0

        enum CodingKeys: String, CodingKey {
            case total, province, district, provinceDistrict = "province_district", commune
            case communeNonSpecialized = "commune_non_specialized"
        }
    }

    public struct PublicServiceStaff: Sendable, Equatable, Codable {
        public init() {}

        public var total = 0
        public var administrative = 0
        public var professional = 0
    }

    public struct CouncilDelegates: Sendable, Equatable, Codable {
        public init() {}

        public var total = 0
        public var province = 0
        public var district = 0
        public var commune = 0
        public var ethnicMinority = 0

        enum CodingKeys: String, CodingKey {
            case total, province, district, commune, ethnicMinority = "ethnic_minority"
        }
    }

    public struct Rate: Sendable, Equatable, Codable {
        public var count: Int
        public var atLeastIntermediate: Int
        public var rate: Double

        public init(count: Int, atLeastIntermediate: Int) {
            self.count = count
            self.atLeastIntermediate = atLeastIntermediate
            self.rate = count == 0 ? 0 : (Double(atLeastIntermediate) / Double(count) * 10_000).rounded() / 10_000
        }

        enum CodingKeys: String, CodingKey {
            case count, atLeastIntermediate = "at_least_intermediate", rate
        }
    }

    public struct Qualification: Sendable, Equatable, Codable {
        public var communeCadres: Rate
        public var communeCivilServants: Rate

        public init(communeCadres: Rate, communeCivilServants: Rate) {
            self.communeCadres = communeCadres
            self.communeCivilServants = communeCivilServants
        }

        enum CodingKeys: String, CodingKey {
            case communeCadres = "commune_cadres", communeCivilServants = "commune_civil_servants"
        }
    }

    public struct InstructorFigures: Sendable, Equatable, Codable {
        public var institution: String
        public var name: String
        public var total: Int
        public var masters: Int
        public var doctorate: Int
        public var activeMethodsTrained: Int

        public init(institution: String, name: String, total: Int, masters: Int, doctorate: Int,
                    activeMethodsTrained: Int) {
            self.institution = institution
            self.name = name
            self.total = total
            self.masters = masters
            self.doctorate = doctorate
            self.activeMethodsTrained = activeMethodsTrained
        }

        enum CodingKeys: String, CodingKey {
            case institution, name, total, masters, doctorate, activeMethodsTrained = "active_methods_trained"
        }
    }

    public struct SourceAmount: Sendable, Equatable, Codable {
        public var source: String
        public var amount: Int
        /// The budget years that have actual lines of this source (added to version 1's keys).
        public var years: [Int]

        public init(source: String, amount: Int, years: [Int] = []) {
            self.source = source
            self.amount = amount
            self.years = years
        }
    }

    public struct Funding: Sendable, Equatable, Codable {
        public var total: Int
        public var bySource: [SourceAmount]

        public init(bySource: [SourceAmount]) {
            self.bySource = bySource
            self.total = bySource.reduce(0) { $0 + $1.amount }
        }

        enum CodingKeys: String, CodingKey {
            case total, bySource = "by_source"
        }
    }

    public struct TypeCount: Sendable, Equatable, Codable {
        public var type: String
        public var personTimes: Int

        enum CodingKeys: String, CodingKey {
            case type, personTimes = "person_times"
        }
    }

    public struct YearCount: Sendable, Equatable, Codable {
        public var year: Int
        public var personTimes: Int

        enum CodingKeys: String, CodingKey {
            case year, personTimes = "person_times"
        }
    }

    public var definitionVersion: Int
    public var from: Day
    public var to: Day
    public var asOf: Day
    public var unit: String?
    public var personTimes: PersonTimes
    public var qualification: Qualification
    public var instructors: [InstructorFigures]
    public var funding: Funding
    public var byType: [TypeCount]
    public var byYear: [YearCount]
    /// With predecessors only (`ReportUnitScope.includesPredecessors`): the units whose subtrees were counted, the
    /// unit asked for and the units merged into it or its subtree. Absent from version 1's JSON otherwise.
    public var includedUnits: [IncludedUnit]? = nil

    enum CodingKeys: String, CodingKey {
        case definitionVersion = "definition_version", from, to, asOf = "as_of", unit
        case personTimes = "person_times", qualification, instructors, funding, byType = "by_type", byYear = "by_year"
        case includedUnits = "included_units"
    }

    /// Encodes every key of the spec, `unit` as null for the whole province.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(definitionVersion, forKey: .definitionVersion)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(unit, forKey: .unit)
        try container.encode(personTimes, forKey: .personTimes)
        try container.encode(qualification, forKey: .qualification)
        try container.encode(instructors, forKey: .instructors)
        try container.encode(funding, forKey: .funding)
        try container.encode(byType, forKey: .byType)
        try container.encode(byYear, forKey: .byYear)
        try container.encodeIfPresent(includedUnits, forKey: .includedUnits)
    }

    /// Folds the cube of completed enrolments and the other inputs into the report, by definition version 1.
    /// `programmeTypes` orders `by_type` (types with no lượt are left out); `by_year` lists every year of the period.
    public static func fold(parameters: SummaryParameters, cells: [PersonTimeCell], qualification: Qualification,
                            instructors: [InstructorFigures], funding: Funding, programmeTypes: [String]) -> SummaryReport {
        var times = PersonTimes()
        var byType: [String: Int] = [:]
        var byYear: [Int: Int] = [:]
        for cell in cells {
            byType[cell.programmeType, default: 0] += cell.count
            byYear[cell.year, default: 0] += cell.count
            if let council = cell.capacity.councilLevel {
                times.hdnd.total += cell.count
                switch council {
                case .province: times.hdnd.province += cell.count
                case .district: times.hdnd.district += cell.count
                case .commune: times.hdnd.commune += cell.count
                }
                if cell.ethnicMinority { times.hdnd.ethnicMinority += cell.count }
                continue
            }
            switch (cell.category, cell.level) {
            case (.cadre, .province), (.civilServant, .province): times.cbcc.province += cell.count
            case (.cadre, .district), (.civilServant, .district): times.cbcc.district += cell.count
            case (.cadre, .commune), (.civilServant, .commune): times.cbcc.commune += cell.count
            case (.communeNonSpecialized, _): times.cbcc.communeNonSpecialized += cell.count
            case (.administrativeOfficer, _): times.vienChuc.administrative += cell.count
            case (.professionalOfficer, _): times.vienChuc.professional += cell.count
            }
        }
        times.cbcc.provinceDistrict = times.cbcc.province + times.cbcc.district
        times.cbcc.total = times.cbcc.provinceDistrict + times.cbcc.commune + times.cbcc.communeNonSpecialized
        times.vienChuc.total = times.vienChuc.administrative + times.vienChuc.professional
        times.total = times.cbcc.total + times.vienChuc.total

        let knownTypes = programmeTypes + byType.keys.filter { !programmeTypes.contains($0) }.sorted()
        return SummaryReport(
            definitionVersion: definitionVersion, from: parameters.from, to: parameters.to, asOf: parameters.asOf,
            unit: parameters.unitCode, personTimes: times, qualification: qualification, instructors: instructors,
            funding: funding,
            byType: knownTypes.compactMap { type in byType[type].map { TypeCount(type: type, personTimes: $0) } },
            byYear: (parameters.from.year...parameters.to.year).map { YearCount(year: $0, personTimes: byYear[$0] ?? 0) })
    }
}

extension SummaryReport {
    /// Every figure as (path, value), in a stable order, for comparing two runs: "person_times.cbcc.commune",
    /// "qualification.commune_cadres.rate", "funding.by_source.NS-TINH", "by_type.LLCT", "by_year.2018", …
    public var flatFigures: [(key: String, value: Double)] {
        let times = personTimes
        var figures: [(String, Double)] = [
            ("person_times.total", times.total), ("person_times.cbcc.total", times.cbcc.total),
            ("person_times.cbcc.province", times.cbcc.province), ("person_times.cbcc.district", times.cbcc.district),
            ("person_times.cbcc.province_district", times.cbcc.provinceDistrict),
            ("person_times.cbcc.commune", times.cbcc.commune),
            ("person_times.cbcc.commune_non_specialized", times.cbcc.communeNonSpecialized),
            ("person_times.vien_chuc.total", times.vienChuc.total),
            ("person_times.vien_chuc.administrative", times.vienChuc.administrative),
            ("person_times.vien_chuc.professional", times.vienChuc.professional),
            ("person_times.hdnd.total", times.hdnd.total), ("person_times.hdnd.province", times.hdnd.province),
            ("person_times.hdnd.district", times.hdnd.district), ("person_times.hdnd.commune", times.hdnd.commune),
            ("person_times.hdnd.ethnic_minority", times.hdnd.ethnicMinority),
        ].map { ($0.0, Double($0.1)) }
        for (name, rate) in [("commune_cadres", qualification.communeCadres),
                             ("commune_civil_servants", qualification.communeCivilServants)] {
            figures += [("qualification.\(name).count", Double(rate.count)),
                        ("qualification.\(name).at_least_intermediate", Double(rate.atLeastIntermediate)),
                        ("qualification.\(name).rate", rate.rate)]
        }
        for school in instructors {
            figures += [("instructors.\(school.institution).total", Double(school.total)),
                        ("instructors.\(school.institution).masters", Double(school.masters)),
                        ("instructors.\(school.institution).doctorate", Double(school.doctorate)),
                        ("instructors.\(school.institution).active_methods_trained", Double(school.activeMethodsTrained))]
        }
        figures.append(("funding.total", Double(funding.total)))
        figures += funding.bySource.map { ("funding.by_source.\($0.source)", Double($0.amount)) }
        figures += byType.map { ("by_type.\($0.type)", Double($0.personTimes)) }
        figures += byYear.map { ("by_year.\($0.year)", Double($0.personTimes)) }
        return figures
    }
}
