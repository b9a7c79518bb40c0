/// Validated input for each kind of record, read from raw fields (a web form, a CLI, a spreadsheet row).
/// References to other records stay as codes: the store resolves them and reports unknown ones.
/// Field names are the form names used by the web UI.

public struct UnitDraft: Sendable, Equatable {
    public var code: String
    public var name: String
    public var level: UnitLevel
    public var parentCode: String?
    public var validFrom: Day?
    public var validTo: Day?
    public var mergedIntoCode: String?

    public init(code: String, name: String, level: UnitLevel, parentCode: String? = nil, validFrom: Day? = nil,
                validTo: Day? = nil, mergedIntoCode: String? = nil) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.validFrom = validFrom
        self.validTo = validTo
        self.mergedIntoCode = mergedIntoCode
    }

    public static func read(_ fields: RawFields) -> Result<UnitDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let code = reader.code("code", "Mã đơn vị")
        let name = reader.required("name", "tên đơn vị")
        let level = reader.coded("level", "Cấp", in: .unitLevels, required: true).flatMap(UnitLevel.init(rawValue:))
        let from = reader.day("valid_from", "Hiệu lực từ", required: false)
        let to = reader.day("valid_to", "Hiệu lực đến", required: false)
        reader.period(from: from, to: to, toField: "valid_to")
        return reader.result(UnitDraft(code: code, name: name, level: level ?? .province,
                                       parentCode: reader.optional("parent_code"), validFrom: from, validTo: to,
                                       mergedIntoCode: reader.optional("merged_into_code")))
    }
}

public struct PersonDraft: Sendable, Equatable {
    public var code: String
    public var fullName: String
    public var birthDate: Day?
    public var sex: Sex?
    public var ethnicity: String?
    public var unitCode: String
    public var category: Category
    public var rankCode: String?
    public var post: String?
    public var professionalLevel: String?
    public var politicalLevel: String?
    public var stateManagementLevel: String?
    /// Nil when not given.
    public var personalID: PersonalID?
    /// The job position's code (ViTriViecLam); the store checks that the position exists.
    public var positionCode: String?

    public init(code: String, fullName: String, birthDate: Day? = nil, sex: Sex? = nil, ethnicity: String? = nil,
                unitCode: String, category: Category, rankCode: String? = nil, post: String? = nil,
                professionalLevel: String? = nil, politicalLevel: String? = nil, stateManagementLevel: String? = nil,
                personalID: PersonalID? = nil, positionCode: String? = nil) {
        self.personalID = personalID
        self.positionCode = positionCode
        self.code = code
        self.fullName = fullName
        self.birthDate = birthDate
        self.sex = sex
        self.ethnicity = ethnicity
        self.unitCode = unitCode
        self.category = category
        self.rankCode = rankCode
        self.post = post
        self.professionalLevel = professionalLevel
        self.politicalLevel = politicalLevel
        self.stateManagementLevel = stateManagementLevel
    }

    /// `provinces` is the province's list of birth-registration codes (`CodeList.birthRegistrationProvinces`, as
    /// edited in its catalogue) a personal ID is checked against.
    public static func read(_ fields: RawFields, provinces: CodeList) -> Result<PersonDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let code = reader.code("code", "Mã cán bộ")
        let name = reader.required("full_name", "họ và tên")
        let birth = reader.day("birth_date", "Ngày sinh", required: false)
        let sex = reader.optional("sex").flatMap { text -> Sex? in
            let key = VietnameseText.matchKey(text)
            if key == "nam" { return .male }
            if key == "nu" { return .female }
            reader.fail("sex", "Giới tính phải là Nam hoặc Nữ.")
            return nil
        }
        var ethnicity: String?
        if let text = reader.optional("ethnicity") {
            ethnicity = Ethnicity.canonical(text)
            if ethnicity == nil { reader.fail("ethnicity", "Dân tộc \"\(text)\" không có trong danh mục 54 dân tộc.") }
        }
        let unit = reader.required("unit_code", "đơn vị")
        let category = reader.coded("category", "Đối tượng", in: .categories, required: true)
            .flatMap(Category.init(rawValue:))
        let professional = reader.coded("professional_level", "Trình độ chuyên môn", in: .professionalLevels,
                                        required: false)
        let political = reader.coded("political_level", "Lý luận chính trị", in: .politicalTheoryLevels, required: false)
        let management = reader.coded("state_management_level", "Quản lý nhà nước", in: .stateManagementLevels,
                                      required: false)
        var personalID: PersonalID?
        if let text = reader.optional("personal_id") {
            switch PersonalID.check(text, sex: sex, birthDate: birth, provinces: provinces) {
            case .success(let id): personalID = id
            case .failure(let failure): for problem in failure.problems { reader.fail(problem.field, problem.message) }
            }
        }
        return reader.result(PersonDraft(
            code: code, fullName: name, birthDate: birth, sex: sex, ethnicity: ethnicity, unitCode: unit,
            category: category ?? .civilServant, rankCode: reader.optional("rank_code"), post: reader.optional("post"),
            professionalLevel: professional, politicalLevel: political, stateManagementLevel: management,
            personalID: personalID, positionCode: reader.optional("position_code")))
    }
}

public struct WorkPeriodDraft: Sendable, Equatable {
    public var unitCode: String
    public var category: Category
    public var rankCode: String?
    public var post: String?
    public var from: Day
    public var to: Day?
    /// The job position's code (ViTriViecLam); the store checks that the position exists.
    public var positionCode: String?

    public init(unitCode: String, category: Category, rankCode: String? = nil, post: String? = nil, from: Day,
                to: Day? = nil, positionCode: String? = nil) {
        self.unitCode = unitCode
        self.category = category
        self.rankCode = rankCode
        self.post = post
        self.from = from
        self.to = to
        self.positionCode = positionCode
    }

    public static func read(_ fields: RawFields) -> Result<WorkPeriodDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let unit = reader.required("unit_code", "đơn vị")
        let category = reader.coded("category", "Đối tượng", in: .categories, required: true)
            .flatMap(Category.init(rawValue:))
        let from = reader.day("from_date", "Từ ngày", required: true)
        let to = reader.day("to_date", "Đến ngày", required: false)
        reader.period(from: from, to: to, toField: "to_date")
        return reader.result(WorkPeriodDraft(unitCode: unit, category: category ?? .civilServant,
                                             rankCode: reader.optional("rank_code"), post: reader.optional("post"),
                                             from: from ?? Day(1900, 1, 1), to: to,
                                             positionCode: reader.optional("position_code")))
    }
}

public struct ClassDraft: Sendable, Equatable {
    public var code: String
    public var name: String
    public var programmeType: String
    public var form: ClassForm
    public var institutionCode: String?
    public var organisingUnitCode: String?
    public var start: Day
    public var end: Day
    public var hours: Int?
    public var location: ClassLocation
    /// The qualification the class leads to (LLCT, QLNN, degree programmes), if any.
    public var grants: QualificationLevel?

    public init(code: String, name: String, programmeType: String, form: ClassForm = .fostering,
                institutionCode: String? = nil, organisingUnitCode: String? = nil, start: Day, end: Day,
                hours: Int? = nil, location: ClassLocation = .domestic, grants: QualificationLevel? = nil) {
        self.grants = grants
        self.code = code
        self.name = name
        self.programmeType = programmeType
        self.form = form
        self.institutionCode = institutionCode
        self.organisingUnitCode = organisingUnitCode
        self.start = start
        self.end = end
        self.hours = hours
        self.location = location
    }

    /// `programmeTypes` is the current catalogue (editable), not only the seeded list.
    public static func read(_ fields: RawFields, programmeTypes: CodeList) -> Result<ClassDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let code = reader.code("code", "Mã lớp")
        let name = reader.required("name", "tên lớp")
        let type = reader.coded("programme_type", "Loại chương trình", in: programmeTypes, required: true)
        let form = reader.coded("form", "Hình thức", in: .forms, required: false).flatMap(ClassForm.init(rawValue:))
        let start = reader.day("start_date", "Từ ngày", required: true)
        let end = reader.day("end_date", "Đến ngày", required: true)
        reader.period(from: start, to: end, toField: "end_date")
        let hours = reader.integer("hours", "Số tiết", range: 1...100_000)
        let location = reader.coded("location", "Địa điểm", in: .locations, required: false)
            .flatMap(ClassLocation.init(rawValue:))
        var grants: QualificationLevel?
        if let code = reader.optional("grants") {
            grants = QualificationLevel(code: code)
            if grants == nil { reader.fail("grants", "Văn bằng, chứng chỉ \"\(code)\" không có trong danh mục.") }
        }
        return reader.result(ClassDraft(
            code: code, name: name, programmeType: type ?? "", form: form ?? .fostering,
            institutionCode: reader.optional("institution_code"),
            organisingUnitCode: reader.optional("organising_unit_code"),
            start: start ?? Day(1900, 1, 1), end: end ?? Day(1900, 1, 1), hours: hours,
            location: location ?? .domestic, grants: grants))
    }
}

public struct InstitutionDraft: Sendable, Equatable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    public static func read(_ fields: RawFields) -> Result<InstitutionDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let code = reader.code("code", "Mã cơ sở")
        let name = reader.required("name", "tên cơ sở")
        return reader.result(InstitutionDraft(code: code, name: name))
    }
}

/// A job position of the province's catalogue (ViTriViecLam): what a holder does, in which of the four groups, the
/// rank (ngạch) it corresponds to and, when it belongs to one unit only, that unit. References stay as codes.
public struct PositionDraft: Sendable, Equatable {
    public var code: String
    public var name: String
    public var group: JobPositionGroup
    public var rankCode: String?
    public var unitCode: String?

    public init(code: String, name: String, group: JobPositionGroup, rankCode: String? = nil, unitCode: String? = nil) {
        self.code = code
        self.name = name
        self.group = group
        self.rankCode = rankCode
        self.unitCode = unitCode
    }

    public static func read(_ fields: RawFields) -> Result<PositionDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let code = reader.code("code", "Mã vị trí")
        let name = reader.required("name", "tên vị trí")
        let group = reader.coded("group", "Nhóm vị trí việc làm", in: .positionGroups, required: true)
            .flatMap(JobPositionGroup.init(rawValue:))
        return reader.result(PositionDraft(code: code, name: name, group: group ?? .specialised,
                                           rankCode: reader.optional("rank_code"),
                                           unitCode: reader.optional("unit_code")))
    }
}

public struct InstructorDraft: Sendable, Equatable {
    public var code: String
    public var fullName: String
    public var institutionCode: String
    public var degree: String?
    public var activeMethodsTrained: Bool

    public init(code: String, fullName: String, institutionCode: String, degree: String? = nil,
                activeMethodsTrained: Bool = false) {
        self.code = code
        self.fullName = fullName
        self.institutionCode = institutionCode
        self.degree = degree
        self.activeMethodsTrained = activeMethodsTrained
    }

    public static func read(_ fields: RawFields) -> Result<InstructorDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let code = reader.code("code", "Mã giảng viên")
        let name = reader.required("full_name", "họ và tên")
        let institution = reader.required("institution_code", "cơ sở đào tạo")
        let degree = reader.coded("degree", "Học vị", in: .instructorDegrees, required: false)
        let trained = ["co", "1", "true", "on", "x"].contains(VietnameseText.matchKey(reader.optional("active_methods_trained") ?? ""))
        return reader.result(InstructorDraft(code: code, fullName: name, institutionCode: institution, degree: degree,
                                             activeMethodsTrained: trained))
    }
}

public struct FundingDraft: Sendable, Equatable {
    public var documentNumber: String
    public var year: Int
    public var source: String
    public var amount: Int
    public var kind: FundingKind
    public var classCode: String?
    public var note: String?

    public init(documentNumber: String, year: Int, source: String, amount: Int, kind: FundingKind = .actual,
                classCode: String? = nil, note: String? = nil) {
        self.documentNumber = documentNumber
        self.year = year
        self.source = source
        self.amount = amount
        self.kind = kind
        self.classCode = classCode
        self.note = note
    }

    public static func read(_ fields: RawFields, sources: CodeList) -> Result<FundingDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let number = reader.required("document_number", "số chứng từ")
        let year = reader.integer("year", "Năm", range: 1990...2100)
        if reader.optional("year") == nil { reader.fail("year", "Chưa nhập năm.") }
        let source = reader.coded("source", "Nguồn kinh phí", in: sources, required: true)
        // At most 10 000 tỷ đồng a line: far above any training budget, and sums of many lines stay within 64 bits.
        let amount = reader.integer("amount", "Số tiền", range: 0...10_000_000_000_000)
        if reader.optional("amount") == nil { reader.fail("amount", "Chưa nhập số tiền.") }
        let kind = reader.coded("kind", "Loại khoản", in: .fundingKinds, required: false)
            .flatMap(FundingKind.init(rawValue:))
        return reader.result(FundingDraft(documentNumber: number, year: year ?? 0, source: source ?? "",
                                          amount: amount ?? 0, kind: kind ?? .actual,
                                          classCode: reader.optional("class_code"), note: reader.optional("note")))
    }
}

/// A QuaTrinh row: one period of a person's work history.
public struct HistoryDraft: Sendable, Equatable {
    public var personCode: String
    public var period: WorkPeriodDraft

    public init(personCode: String, period: WorkPeriodDraft) {
        self.personCode = personCode
        self.period = period
    }

    public static func read(_ fields: RawFields) -> Result<HistoryDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let person = reader.required("person_code", "mã cán bộ")
        switch WorkPeriodDraft.read(fields) {
        case .success(let period):
            return reader.result(HistoryDraft(personCode: person, period: period))
        case .failure(let failure):
            return .failure(ValidationFailure(reader.problems + failure.problems))
        }
    }
}

/// A VanBang row: a qualification a person obtained on a date.
public struct QualificationDraft: Sendable, Equatable {
    public var personCode: String
    public var qualification: ObtainedQualification

    public init(personCode: String, qualification: ObtainedQualification) {
        self.personCode = personCode
        self.qualification = qualification
    }

    public static func read(_ fields: RawFields) -> Result<QualificationDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let person = reader.required("person_code", "mã cán bộ")
        let kind = reader.coded("kind", "Loại văn bằng", in: .qualificationKinds, required: true)
            .flatMap(QualificationKind.init(rawValue:))
        var level: String?
        if let kind {
            level = reader.coded("level", "Trình độ", in: kind.levels, required: true)
        } else if reader.optional("level") == nil {
            reader.fail("level", "Chưa nhập trình độ.")
        }
        let granted = reader.day("granted_on", "Ngày cấp", required: true)
        return reader.result(QualificationDraft(
            personCode: person,
            qualification: ObtainedQualification(kind: kind ?? .professional, level: level ?? "",
                                                 granted: granted ?? Day(1900, 1, 1))))
    }
}

/// A HocVien row: one person in one class, with the result (one lượt when completed).
public struct EnrolmentDraft: Sendable, Equatable {
    public var classCode: String
    public var personCode: String
    public var capacity: Capacity
    public var result: EnrolmentResult?
    public var certificateNumber: String?
    public var certificateDate: Day?

    public init(classCode: String, personCode: String, capacity: Capacity = .staff, result: EnrolmentResult?,
                certificateNumber: String? = nil, certificateDate: Day? = nil) {
        self.classCode = classCode
        self.personCode = personCode
        self.capacity = capacity
        self.result = result
        self.certificateNumber = certificateNumber
        self.certificateDate = certificateDate
    }

    /// `resultRequired` is true for the standard workbook (Kết quả*), false where a class is still running.
    public static func read(_ fields: RawFields, resultRequired: Bool = true) -> Result<EnrolmentDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let classCode = reader.required("class_code", "mã lớp")
        let person = reader.required("person_code", "mã cán bộ")
        let capacity = reader.coded("capacity", "Tư cách", in: .capacities, required: false)
            .flatMap(Capacity.init(rawValue:))
        let result = reader.coded("result", "Kết quả", in: .results, required: resultRequired)
            .flatMap(EnrolmentResult.init(rawValue:))
        let date = reader.day("certificate_date", "Ngày cấp", required: false)
        return reader.result(EnrolmentDraft(classCode: classCode, personCode: person, capacity: capacity ?? .staff,
                                            result: result, certificateNumber: reader.optional("certificate_number"),
                                            certificateDate: date))
    }
}

/// What holding a job position asks of the holder's unit.
public enum PositionRules {
    /// A position of one unit (its `Mã đơn vị`) is held in that unit or a unit below it.
    public static func heldOutsideItsUnit(_ code: String, owner: String, holder: String) -> String {
        "Vị trí việc làm \"\(code)\" thuộc đơn vị \"\(owner)\"; cán bộ ở đơn vị \"\(holder)\" không giữ được vị trí này."
    }
}
