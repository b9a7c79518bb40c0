/// The code lists of docs/workbook.md. The counting and eligibility rules depend on the codes modelled as enums
/// here; lists whose entries a province may extend (programme types, funding sources) are catalogues seeded from
/// `CodeList.standard` and kept as plain codes.

/// Administrative level of a unit (Cấp).
public enum UnitLevel: String, CaseIterable, Sendable, Codable {
    case province = "TINH"
    case district = "HUYEN"
    case commune = "XA"

    public var label: String {
        switch self {
        case .province: "Tỉnh"
        case .district: "Huyện"
        case .commune: "Xã"
        }
    }
}

/// Category of a person (Đối tượng). Exclusive: each person is in exactly one category on a date.
public enum Category: String, CaseIterable, Sendable, Codable {
    case cadre = "CB"
    case civilServant = "CC"
    case administrativeOfficer = "VCHC"
    case professionalOfficer = "VCCN"
    case communeNonSpecialized = "KCT"

    public var label: String {
        switch self {
        case .cadre: "Cán bộ"
        case .civilServant: "Công chức"
        case .administrativeOfficer: "Viên chức hành chính"
        case .professionalOfficer: "Viên chức chuyên ngành"
        case .communeNonSpecialized: "Người hoạt động không chuyên trách cấp xã"
        }
    }

    /// Cán bộ, công chức and KCT count under "cán bộ, công chức"; the two viên chức categories under "viên chức".
    public var isVienChuc: Bool { self == .administrativeOfficer || self == .professionalOfficer }
}

/// The capacity in which a person attends a class (Tư cách).
public enum Capacity: String, CaseIterable, Sendable, Codable {
    case staff = "CBCCVC"
    case provincialCouncil = "HDND-TINH"
    case districtCouncil = "HDND-HUYEN"
    case communeCouncil = "HDND-XA"

    public var label: String {
        switch self {
        case .staff: "Cán bộ, công chức, viên chức"
        case .provincialCouncil: "Đại biểu HĐND tỉnh"
        case .districtCouncil: "Đại biểu HĐND huyện"
        case .communeCouncil: "Đại biểu HĐND xã"
        }
    }

    /// The council level a delegate capacity names; nil for staff.
    public var councilLevel: UnitLevel? {
        switch self {
        case .staff: nil
        case .provincialCouncil: .province
        case .districtCouncil: .district
        case .communeCouncil: .commune
        }
    }
}

/// Result of an enrolment (Kết quả). Only `completed` counts as a lượt.
public enum EnrolmentResult: String, CaseIterable, Sendable, Codable {
    case completed = "HOAN-THANH"
    case notCompleted = "KHONG-HOAN-THANH"
    case droppedOut = "BO-HOC"

    public var label: String {
        switch self {
        case .completed: "Hoàn thành"
        case .notCompleted: "Không hoàn thành"
        case .droppedOut: "Bỏ học"
        }
    }
}

/// Form of a class (Hình thức).
public enum ClassForm: String, CaseIterable, Sendable, Codable {
    case fostering = "BOI-DUONG"
    case degree = "DAO-TAO"

    public var label: String { self == .fostering ? "Bồi dưỡng" : "Đào tạo" }
}

/// Where a class takes place (Địa điểm).
public enum ClassLocation: String, CaseIterable, Sendable, Codable {
    case domestic = "TRONG-NUOC"
    case abroad = "NUOC-NGOAI"

    public var label: String { self == .domestic ? "Trong nước" : "Nước ngoài" }
}

public enum Sex: String, CaseIterable, Sendable, Codable {
    case male = "NAM"
    case female = "NU"

    public var label: String { self == .male ? "Nam" : "Nữ" }
}

/// Kind of a qualification obtained (Loại in VanBang).
public enum QualificationKind: String, CaseIterable, Sendable, Codable {
    case professional = "CHUYEN-MON"
    case politicalTheory = "LLCT"
    case stateManagement = "QLNN"

    public var label: String {
        switch self {
        case .professional: "Trình độ chuyên môn"
        case .politicalTheory: "Lý luận chính trị"
        case .stateManagement: "Quản lý nhà nước"
        }
    }

    /// The ordered levels of this kind, lowest first.
    public var levels: CodeList {
        switch self {
        case .professional: .professionalLevels
        case .politicalTheory: .politicalTheoryLevels
        case .stateManagement: .stateManagementLevels
        }
    }
}

/// Whether a funding line records money spent or an estimate (Loại khoản).
public enum FundingKind: String, CaseIterable, Sendable, Codable {
    case actual = "THUC-CHI"
    case estimate = "DU-TOAN"

    public var label: String { self == .actual ? "Thực chi" : "Dự toán" }
}

/// One entry of a code list.
public struct CodeEntry: Hashable, Sendable {
    public let code: String
    public let label: String
    /// Position in an ordered list (levels); equal ranks are equivalent levels (`CAO-CAP` ≤ `CU-NHAN`).
    public let rank: Int

    public init(_ code: String, _ label: String, rank: Int = 0) {
        self.code = code
        self.label = label
        self.rank = rank
    }
}

/// A named code list, such as the programme types or the LLCT levels.
public struct CodeList: Hashable, Sendable {
    /// Stable identifier, used as the catalogue name in the database.
    public let name: String
    public let title: String
    public let entries: [CodeEntry]
    /// Match keys of every code and label → entry, built once: imports resolve hundreds of thousands of cells.
    private let entriesByKey: [String: CodeEntry]

    public init(name: String, title: String, entries: [CodeEntry]) {
        self.name = name
        self.title = title
        self.entries = entries
        var index: [String: CodeEntry] = [:]
        // A code wins over a label that reads the same; among labels, the earlier entry wins.
        for entry in entries.reversed() { index[VietnameseText.matchKey(entry.label)] = entry }
        for entry in entries.reversed() { index[VietnameseText.matchKey(entry.code)] = entry }
        entriesByKey = index
    }

    public static func == (left: CodeList, right: CodeList) -> Bool {
        left.name == right.name && left.title == right.title && left.entries == right.entries
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(title)
        hasher.combine(entries)
    }

    public func entry(_ code: String) -> CodeEntry? { entries.first { $0.code == code } }
    public func label(_ code: String) -> String? { entry(code)?.label }
    public func rank(_ code: String) -> Int? { entry(code)?.rank }
    public var codes: [String] { entries.map(\.code) }
    /// Code → label, for rendering figures keyed by code.
    public var labels: [String: String] { Dictionary(entries.map { ($0.code, $0.label) }, uniquingKeysWith: { a, _ in a }) }

    /// Finds an entry by its code or its Vietnamese label, ignoring case and diacritics.
    public func resolve(_ text: String) -> CodeEntry? {
        let key = VietnameseText.matchKey(text)
        guard !key.isEmpty else { return nil }
        return entriesByKey[key]
    }
}

extension CodeList {
    private static func from<E: RawRepresentable & CaseIterable>(
        _ type: E.Type, name: String, title: String, label: (E) -> String
    ) -> CodeList where E.RawValue == String {
        CodeList(name: name, title: title, entries: E.allCases.map { CodeEntry($0.rawValue, label($0)) })
    }

    public static let unitLevels = from(UnitLevel.self, name: "cap", title: "Cấp", label: \.label)
    public static let categories = from(Category.self, name: "doi-tuong", title: "Đối tượng", label: \.label)
    public static let capacities = from(Capacity.self, name: "tu-cach", title: "Tư cách", label: \.label)
    public static let results = from(EnrolmentResult.self, name: "ket-qua", title: "Kết quả", label: \.label)
    public static let forms = from(ClassForm.self, name: "hinh-thuc", title: "Hình thức", label: \.label)
    public static let locations = from(ClassLocation.self, name: "dia-diem", title: "Địa điểm", label: \.label)
    public static let fundingKinds = from(FundingKind.self, name: "loai-khoan", title: "Loại khoản", label: \.label)
    public static let qualificationKinds = from(QualificationKind.self, name: "loai-van-bang", title: "Loại văn bằng",
                                                label: \.label)

    public static let professionalLevels = CodeList(name: "trinh-do-chuyen-mon", title: "Trình độ chuyên môn", entries: [
        CodeEntry("CHUA", "Chưa qua đào tạo", rank: 0), CodeEntry("SO-CAP", "Sơ cấp", rank: 1),
        CodeEntry("TRUNG-CAP", "Trung cấp", rank: 2), CodeEntry("CAO-DANG", "Cao đẳng", rank: 3),
        CodeEntry("DAI-HOC", "Đại học", rank: 4), CodeEntry("THAC-SI", "Thạc sĩ", rank: 5),
        CodeEntry("TIEN-SI", "Tiến sĩ", rank: 6),
    ])
    public static let politicalTheoryLevels = CodeList(name: "ly-luan-chinh-tri", title: "Lý luận chính trị", entries: [
        CodeEntry("SO-CAP", "Sơ cấp", rank: 1), CodeEntry("TRUNG-CAP", "Trung cấp", rank: 2),
        CodeEntry("CAO-CAP", "Cao cấp", rank: 3), CodeEntry("CU-NHAN", "Cử nhân", rank: 3),
    ])
    public static let stateManagementLevels = CodeList(name: "quan-ly-nha-nuoc", title: "Quản lý nhà nước", entries: [
        CodeEntry("CV", "Chuyên viên", rank: 1), CodeEntry("CVC", "Chuyên viên chính", rank: 2),
        CodeEntry("CVCC", "Chuyên viên cao cấp", rank: 3),
    ])
    public static let instructorDegrees = CodeList(name: "hoc-vi", title: "Học vị", entries: [
        CodeEntry("CU-NHAN", "Cử nhân", rank: 1), CodeEntry("THAC-SI", "Thạc sĩ", rank: 2),
        CodeEntry("TIEN-SI", "Tiến sĩ", rank: 3),
    ])
    public static let programmeTypes = CodeList(name: "loai-chuong-trinh", title: "Loại chương trình", entries: [
        CodeEntry("LDQL", "Kỹ năng lãnh đạo, quản lý"),
        CodeEntry("NGACH", "Theo tiêu chuẩn ngạch công chức, chức danh nghề nghiệp"),
        CodeEntry("BONHIEM", "Trước khi bổ nhiệm chức vụ lãnh đạo, quản lý"),
        CodeEntry("VTVL", "Theo yêu cầu vị trí việc làm"),
        CodeEntry("CHUYENNGANH", "Kiến thức, kỹ năng chuyên ngành"),
        CodeEntry("LLCT", "Lý luận chính trị - hành chính"),
        CodeEntry("HDND", "Bồi dưỡng đại biểu HĐND"),
        CodeEntry("QPAN", "Quốc phòng, an ninh"),
        CodeEntry("NNTH", "Ngoại ngữ, tin học, tiếng dân tộc"),
        CodeEntry("CHUYENMON", "Đào tạo trình độ chuyên môn"),
        CodeEntry("KHAC", "Khác"),
    ])
    public static let fundingSources = CodeList(name: "nguon-kinh-phi", title: "Nguồn kinh phí", entries: [
        CodeEntry("NS-TINH", "Ngân sách tỉnh"),
        CodeEntry("MTQG-NTM", "Chương trình MTQG xây dựng nông thôn mới"),
        CodeEntry("TW-BNV", "Hỗ trợ của Trung ương, Bộ Nội vụ"),
        CodeEntry("DON-VI", "Kinh phí của cơ quan, đơn vị"),
        CodeEntry("CA-NHAN", "Người học tự chi trả"),
        CodeEntry("KHAC", "Nguồn khác"),
    ])

    /// Every list the product seeds into its editable catalogues, in display order.
    public static let standard: [CodeList] = [
        unitLevels, categories, professionalLevels, politicalTheoryLevels, stateManagementLevels, programmeTypes,
        forms, locations, results, capacities, instructorDegrees, fundingSources, fundingKinds, qualificationKinds,
        birthRegistrationProvinces, publicHolidays,
    ]

    public static func named(_ name: String) -> CodeList? { standard.first { $0.name == name } }

    /// Lists a province may extend with its own codes and relabel. The others are fixed by docs/workbook.md because
    /// counting rules and level comparisons depend on their codes. The birth-registration provinces are the
    /// Ministry of Public Security's, which may add codes; the public holidays change every year: a province keeps
    /// its copies current.
    public static let extensible: [CodeList] = [programmeTypes, fundingSources, birthRegistrationProvinces,
                                                publicHolidays]

    public var isExtensible: Bool { CodeList.extensible.contains { $0.name == name } }
}
