/// The DNICT-style matrix of training results ("tổng hợp kết quả đào tạo, bồi dưỡng theo đối tượng"): rows are
/// audiences (by capacity, snapshot category and unit level), columns are measures over the same completed
/// enrolments (female, ethnic minority, the level a class led to, kinds of bồi dưỡng).
///
/// The official column list is not confirmed (domain-brief §4): the layout is data a province can edit.
public struct MatrixLayout: Codable, Sendable, Equatable {
    /// Which completed enrolments a row or a column takes. Every listed condition must hold; an empty list means any.
    public struct Filter: Codable, Sendable, Equatable {
        public var capacities: [String]
        public var categories: [String]
        public var levels: [String]
        /// "female" or "minority" to count only those learners.
        public var only: String?
        /// Codes "KIND:LEVEL" of what the class leads to; "" for a class that leads to none.
        public var grants: [String]
        public var programmeTypes: [String]
        // The keys below came with Biểu 10-BTCTW; they are optional so that layouts stored before them still decode.
        /// Class forms (BOI-DUONG, DAO-TAO).
        public var forms: [String]?
        /// Where the class took place (TRONG-NUOC, NUOC-NGOAI).
        public var locations: [String]?
        /// The level of the unit that organised the class; "" for a class with no organising unit.
        public var organiserLevels: [String]?

        public init(capacities: [String] = [], categories: [String] = [], levels: [String] = [], only: String? = nil,
                    grants: [String] = [], programmeTypes: [String] = [], forms: [String]? = nil,
                    locations: [String]? = nil, organiserLevels: [String]? = nil) {
            self.capacities = capacities
            self.categories = categories
            self.levels = levels
            self.only = only
            self.grants = grants
            self.programmeTypes = programmeTypes
            self.forms = forms
            self.locations = locations
            self.organiserLevels = organiserLevels
        }

        public func includes(_ cell: MatrixCell) -> Bool {
            func admits(_ list: [String]?, _ value: String) -> Bool { list.map { $0.isEmpty || $0.contains(value) } ?? true }
            return admits(capacities, cell.capacity.rawValue) && admits(categories, cell.category.rawValue)
                && admits(levels, cell.level.rawValue)
                && (only != "female" || cell.female) && (only != "minority" || cell.ethnicMinority)
                && admits(grants, cell.grants?.code ?? "") && admits(programmeTypes, cell.programmeType)
                && admits(forms, cell.form.rawValue) && admits(locations, cell.location.rawValue)
                && admits(organiserLevels, cell.organiserLevel?.rawValue ?? "")
        }
    }

    /// What a column counts.
    public enum Measure: String, Codable, Sendable {
        /// Lượt người: completed enrolments (the default).
        case personTimes = "luot"
        /// Distinct classes with at least one completed enrolment the row and column take.
        case classes = "lop"
    }

    public struct Line: Codable, Sendable, Equatable {
        public var label: String
        public var filter: Filter
        /// Written in bold (totals).
        public var bold: Bool
        /// For a column: what it counts; nil means lượt.
        public var measure: Measure?

        public init(label: String, filter: Filter, bold: Bool = false, measure: Measure? = nil) {
            self.label = label
            self.filter = filter
            self.bold = bold
            self.measure = measure
        }
    }

    public struct Group: Codable, Sendable, Equatable {
        public var title: String
        public var columns: [Line]

        public init(title: String, columns: [Line]) {
            self.title = title
            self.columns = columns
        }
    }

    public var title: String
    /// The heading over the row labels; nil means "Đối tượng".
    public var rowHeading: String?
    /// The unit line under the title; nil means "Đơn vị tính: lượt người".
    public var unitNote: String?
    public var rows: [Line]
    public var groups: [Group]

    public init(title: String, rowHeading: String? = nil, unitNote: String? = nil, rows: [Line], groups: [Group]) {
        self.title = title
        self.rowHeading = rowHeading
        self.unitNote = unitNote
        self.rows = rows
        self.groups = groups
    }

    public var rowHeadingText: String { rowHeading ?? "Đối tượng" }
    public var unitNoteText: String { unitNote ?? "Đơn vị tính: lượt người" }

    /// Problems that make a layout unusable, in Vietnamese.
    public var problems: [String] {
        var found: [String] = []
        if rows.isEmpty { found.append("Biểu cần ít nhất một dòng.") }
        if groups.flatMap(\.columns).isEmpty { found.append("Biểu cần ít nhất một cột.") }
        for line in rows + groups.flatMap(\.columns) {
            let filter = line.filter
            for code in filter.capacities where Capacity(rawValue: code) == nil {
                found.append("\"\(line.label)\": tư cách \"\(code)\" không có trong danh mục.")
            }
            for code in filter.categories where Category(rawValue: code) == nil {
                found.append("\"\(line.label)\": đối tượng \"\(code)\" không có trong danh mục.")
            }
            for code in filter.levels where UnitLevel(rawValue: code) == nil {
                found.append("\"\(line.label)\": cấp \"\(code)\" không có trong danh mục.")
            }
            for code in filter.grants where !code.isEmpty && QualificationLevel(code: code) == nil {
                found.append("\"\(line.label)\": văn bằng \"\(code)\" không có trong danh mục.")
            }
            for code in filter.forms ?? [] where ClassForm(rawValue: code) == nil {
                found.append("\"\(line.label)\": hình thức \"\(code)\" không có trong danh mục.")
            }
            for code in filter.locations ?? [] where ClassLocation(rawValue: code) == nil {
                found.append("\"\(line.label)\": địa điểm \"\(code)\" không có trong danh mục.")
            }
            for code in filter.organiserLevels ?? [] where !code.isEmpty && UnitLevel(rawValue: code) == nil {
                found.append("\"\(line.label)\": cấp tổ chức lớp \"\(code)\" không có trong danh mục.")
            }
            if let only = filter.only, only != "female", only != "minority" {
                found.append("\"\(line.label)\": only phải là \"female\" hoặc \"minority\".")
            }
        }
        return found
    }

    private static func staff(_ label: String, _ categories: [String], _ levels: [String] = [], bold: Bool = false) -> Line {
        Line(label: label, filter: Filter(capacities: ["CBCCVC"], categories: categories, levels: levels), bold: bold)
    }

    private static func column(_ label: String, only: String? = nil, grants: [String] = [], types: [String] = []) -> Line {
        Line(label: label, filter: Filter(only: only, grants: grants, programmeTypes: types))
    }

    /// The default layout, after the DNICT report (domain-brief §4).
    public static let standard = MatrixLayout(
        title: "Tổng hợp kết quả đào tạo, bồi dưỡng theo đối tượng",
        rows: [
            staff("Cán bộ, công chức cấp tỉnh", ["CB", "CC"], ["TINH"]),
            staff("Cán bộ, công chức cấp huyện", ["CB", "CC"], ["HUYEN"]),
            staff("Cán bộ cấp xã", ["CB"], ["XA"]),
            staff("Công chức cấp xã", ["CC"], ["XA"]),
            staff("Người hoạt động không chuyên trách cấp xã", ["KCT"]),
            staff("Viên chức", ["VCHC", "VCCN"]),
            staff("Cộng cán bộ, công chức, viên chức", [], bold: true),
            Line(label: "Đại biểu HĐND tỉnh", filter: Filter(capacities: ["HDND-TINH"])),
            Line(label: "Đại biểu HĐND huyện", filter: Filter(capacities: ["HDND-HUYEN"])),
            Line(label: "Đại biểu HĐND xã", filter: Filter(capacities: ["HDND-XA"])),
        ],
        groups: [
            Group(title: "Số lượt", columns: [column("Tổng số"), column("Nữ", only: "female"),
                                               column("Dân tộc thiểu số", only: "minority")]),
            Group(title: "Lý luận chính trị", columns: [
                column("Cao cấp, cử nhân", grants: ["LLCT:CAO-CAP", "LLCT:CU-NHAN"]),
                column("Trung cấp", grants: ["LLCT:TRUNG-CAP"]), column("Sơ cấp", grants: ["LLCT:SO-CAP"]),
            ]),
            Group(title: "Quản lý nhà nước", columns: [
                column("Chuyên viên cao cấp", grants: ["QLNN:CVCC"]), column("Chuyên viên chính", grants: ["QLNN:CVC"]),
                column("Chuyên viên", grants: ["QLNN:CV"]),
            ]),
            Group(title: "Chuyên môn", columns: [
                column("Sau đại học", grants: ["CHUYEN-MON:THAC-SI", "CHUYEN-MON:TIEN-SI"]),
                column("Đại học", grants: ["CHUYEN-MON:DAI-HOC"]),
                column("Cao đẳng, trung cấp", grants: ["CHUYEN-MON:CAO-DANG", "CHUYEN-MON:TRUNG-CAP"]),
            ]),
            Group(title: "Bồi dưỡng", columns: [
                column("Lãnh đạo, quản lý", grants: [""], types: ["LDQL", "BONHIEM"]),
                column("Ngạch, chức danh, vị trí việc làm, chuyên ngành", grants: [""],
                       types: ["NGACH", "VTVL", "CHUYENNGANH"]),
                column("Quốc phòng, an ninh", types: ["QPAN"]),
                column("Ngoại ngữ, tin học, tiếng dân tộc", types: ["NNTH"]),
                column("Đại biểu HĐND, khác", grants: [""], types: ["HDND", "KHAC"]),
            ]),
        ])
}

/// One cell of the cube the matrix counts: completed enrolments in the period and scope, by the attributes the
/// layouts may filter on.
public struct MatrixCell: Sendable, Hashable {
    public let capacity: Capacity
    public let category: Category
    public let level: UnitLevel
    public let female: Bool
    public let ethnicMinority: Bool
    public let programmeType: String
    public let grants: QualificationLevel?
    public let form: ClassForm
    public let location: ClassLocation
    /// The level of the class's organising unit, if it has one.
    public let organiserLevel: UnitLevel?
    /// The class, so that a column can count distinct classes.
    public let classID: Int
    public let count: Int

    public init(capacity: Capacity, category: Category, level: UnitLevel, female: Bool, ethnicMinority: Bool,
                programmeType: String, grants: QualificationLevel?, form: ClassForm, location: ClassLocation,
                organiserLevel: UnitLevel?, classID: Int, count: Int) {
        self.capacity = capacity
        self.category = category
        self.level = level
        self.female = female
        self.ethnicMinority = ethnicMinority
        self.programmeType = programmeType
        self.grants = grants
        self.form = form
        self.location = location
        self.organiserLevel = organiserLevel
        self.classID = classID
        self.count = count
    }
}

public struct TrainingMatrix: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public let label: String
        public let bold: Bool
        public let counts: [Int]
    }

    public let layout: MatrixLayout
    public let rows: [Row]

    /// Each row × column counts the cells that both the row's and the column's filters take: their lượt, or the
    /// distinct classes among them for a column measuring classes.
    public static func fold(_ cells: [MatrixCell], layout: MatrixLayout) -> TrainingMatrix {
        let columns = layout.groups.flatMap(\.columns)
        return TrainingMatrix(layout: layout, rows: layout.rows.map { row in
            let inRow = cells.filter { row.filter.includes($0) }
            return Row(label: row.label, bold: row.bold, counts: columns.map { column in
                let taken = inRow.filter { column.filter.includes($0) }
                switch column.measure ?? .personTimes {
                case .personTimes: return taken.reduce(0) { $0 + $1.count }
                case .classes: return Set(taken.map(\.classID)).count
                }
            })
        })
    }
}

/// A layout with the matrix shape (rows and grouped columns of filters over completed enrolments), stored under
/// its own name: the DNICT matrix itself and Biểu 10-BTCTW share one fold, page and export.
public protocol MatrixForm: EditableLayout {
    var matrix: MatrixLayout { get }
}

extension MatrixLayout: MatrixForm {
    public var matrix: MatrixLayout { self }
}

/// "Biểu số 10-BTCTW – Thống kê kết quả đào tạo, bồi dưỡng cán bộ" (domain-brief §4): rows are đào tạo by level and
/// trong nước / nước ngoài and bồi dưỡng by kind; columns are learners by the level of their unit and the number
/// of classes. The official row list is only partly confirmed, so this is a matrix layout a province can edit;
/// its JSON is exactly a ``MatrixLayout``'s.
///
/// Counting follows the summary report: one lượt per completed enrolment of a class ending in the period. The
/// official form counts "người"; a person who completed two classes of one row counts twice here, as in every
/// other report of the product (the unit note says so).
public struct Form10Layout: MatrixForm, Equatable {
    public var matrix: MatrixLayout

    public init(_ matrix: MatrixLayout) {
        self.matrix = matrix
    }

    public init(from decoder: any Decoder) throws {
        matrix = try MatrixLayout(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try matrix.encode(to: encoder)
    }

    public var problems: [String] { matrix.problems }

    public static let storageName = "bieu-10-btctw"

    private typealias Line = MatrixLayout.Line
    private typealias Filter = MatrixLayout.Filter

    /// What a class leads to, by the part of the form it belongs to.
    static let degreeGrants = QualificationKind.professional.levels.codes.filter { $0 != "CHUA" }
        .map { "CHUYEN-MON:" + $0 } + ["LLCT:TRUNG-CAP", "LLCT:CAO-CAP", "LLCT:CU-NHAN"]
    static let fosteringGrants = ["", "LLCT:SO-CAP"] + QualificationKind.stateManagement.levels.codes.map { "QLNN:" + $0 }

    private static func degree(_ label: String, _ levels: [String], abroad: Bool) -> Line {
        Line(label: "\(label) – \(abroad ? "nước ngoài" : "trong nước")",
             filter: Filter(grants: levels.map { "CHUYEN-MON:" + $0 },
                            locations: [abroad ? ClassLocation.abroad.rawValue : ClassLocation.domestic.rawValue]))
    }

    private static func fostering(_ label: String, types: [String]) -> Line {
        Line(label: label, filter: Filter(grants: [""], programmeTypes: types))
    }

    private static func learners(_ label: String, levels: [String] = []) -> Line {
        Line(label: label, filter: Filter(levels: levels))
    }

    private static func classes(_ label: String, organisers: [String]? = nil) -> Line {
        Line(label: label, filter: Filter(organiserLevels: organisers), measure: .classes)
    }

    public static let standard = Form10Layout(MatrixLayout(
        title: "Thống kê kết quả đào tạo, bồi dưỡng cán bộ",
        rowHeading: "Nội dung",
        unitNote: "Đơn vị tính: học viên – lượt người; lớp",
        rows: [
            Line(label: "I. Đào tạo", filter: Filter(grants: degreeGrants), bold: true),
            degree("Tiến sĩ", ["TIEN-SI"], abroad: false), degree("Tiến sĩ", ["TIEN-SI"], abroad: true),
            degree("Thạc sĩ", ["THAC-SI"], abroad: false), degree("Thạc sĩ", ["THAC-SI"], abroad: true),
            degree("Đại học", ["DAI-HOC"], abroad: false), degree("Đại học", ["DAI-HOC"], abroad: true),
            degree("Cao đẳng, trung cấp, sơ cấp", ["CAO-DANG", "TRUNG-CAP", "SO-CAP"], abroad: false),
            degree("Cao đẳng, trung cấp, sơ cấp", ["CAO-DANG", "TRUNG-CAP", "SO-CAP"], abroad: true),
            Line(label: "Lý luận chính trị cao cấp, cử nhân", filter: Filter(grants: ["LLCT:CAO-CAP", "LLCT:CU-NHAN"])),
            Line(label: "Lý luận chính trị trung cấp", filter: Filter(grants: ["LLCT:TRUNG-CAP"])),
            Line(label: "II. Bồi dưỡng", filter: Filter(grants: fosteringGrants), bold: true),
            Line(label: "Quản lý nhà nước – trong nước", filter: Filter(
                grants: QualificationKind.stateManagement.levels.codes.map { "QLNN:" + $0 },
                locations: [ClassLocation.domestic.rawValue])),
            Line(label: "Quản lý nhà nước – nước ngoài", filter: Filter(
                grants: QualificationKind.stateManagement.levels.codes.map { "QLNN:" + $0 },
                locations: [ClassLocation.abroad.rawValue])),
            Line(label: "Lý luận chính trị sơ cấp", filter: Filter(grants: ["LLCT:SO-CAP"])),
            fostering("Lãnh đạo, quản lý; trước khi bổ nhiệm", types: ["LDQL", "BONHIEM"]),
            fostering("Cập nhật kiến thức, ngạch, vị trí việc làm, chuyên ngành",
                      types: ["NGACH", "VTVL", "CHUYENNGANH"]),
            fostering("Quốc phòng, an ninh", types: ["QPAN"]),
            fostering("Ngoại ngữ, tin học, tiếng dân tộc", types: ["NNTH"]),
            fostering("Đại biểu Hội đồng nhân dân", types: ["HDND"]),
            fostering("Lý luận chính trị, chuyên môn và khác (không cấp văn bằng)", types: ["LLCT", "CHUYENMON", "KHAC"]),
        ],
        groups: [
            MatrixLayout.Group(title: "Số học viên", columns: [
                learners("Tổng số"), learners("Cấp tỉnh", levels: ["TINH"]), learners("Cấp huyện", levels: ["HUYEN"]),
                learners("Cấp xã", levels: ["XA"]),
            ]),
            MatrixLayout.Group(title: "Số lớp", columns: [
                classes("Tổng số"), classes("Do cấp tỉnh tổ chức", organisers: ["TINH"]),
                classes("Do cấp huyện tổ chức", organisers: ["HUYEN"]),
            ]),
        ]))
}
