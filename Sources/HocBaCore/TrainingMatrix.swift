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

        public init(capacities: [String] = [], categories: [String] = [], levels: [String] = [], only: String? = nil,
                    grants: [String] = [], programmeTypes: [String] = []) {
            self.capacities = capacities
            self.categories = categories
            self.levels = levels
            self.only = only
            self.grants = grants
            self.programmeTypes = programmeTypes
        }

        public func includes(_ cell: MatrixCell) -> Bool {
            (capacities.isEmpty || capacities.contains(cell.capacity.rawValue))
                && (categories.isEmpty || categories.contains(cell.category.rawValue))
                && (levels.isEmpty || levels.contains(cell.level.rawValue))
                && (only != "female" || cell.female) && (only != "minority" || cell.ethnicMinority)
                && (grants.isEmpty || grants.contains(cell.grants?.code ?? ""))
                && (programmeTypes.isEmpty || programmeTypes.contains(cell.programmeType))
        }
    }

    public struct Line: Codable, Sendable, Equatable {
        public var label: String
        public var filter: Filter
        /// Written in bold (totals).
        public var bold: Bool

        public init(label: String, filter: Filter, bold: Bool = false) {
            self.label = label
            self.filter = filter
            self.bold = bold
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
    public var rows: [Line]
    public var groups: [Group]

    public init(title: String, rows: [Line], groups: [Group]) {
        self.title = title
        self.rows = rows
        self.groups = groups
    }

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
    public let count: Int

    public init(capacity: Capacity, category: Category, level: UnitLevel, female: Bool, ethnicMinority: Bool,
                programmeType: String, grants: QualificationLevel?, count: Int) {
        self.capacity = capacity
        self.category = category
        self.level = level
        self.female = female
        self.ethnicMinority = ethnicMinority
        self.programmeType = programmeType
        self.grants = grants
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

    /// Each row × column is the number of lượt that both the row's and the column's filters take.
    public static func fold(_ cells: [MatrixCell], layout: MatrixLayout) -> TrainingMatrix {
        let columns = layout.groups.flatMap(\.columns)
        return TrainingMatrix(layout: layout, rows: layout.rows.map { row in
            let inRow = cells.filter { row.filter.includes($0) }
            return Row(label: row.label, bold: row.bold, counts: columns.map { column in
                inRow.filter { column.filter.includes($0) }.reduce(0) { $0 + $1.count }
            })
        })
    }
}
