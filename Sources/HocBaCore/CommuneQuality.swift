/// The commune staff quality snapshot ("chất lượng đội ngũ cán bộ, công chức cấp xã"): on a date, how many commune
/// cadres and civil servants in service hold each level of professional qualification, political theory and state
/// management, with rates.
///
/// The official column list is not confirmed (domain-brief §4), so the layout is data: rows name categories,
/// columns name a qualification kind and the levels they count (or "at least" a level), and a province can edit it.
public struct QualityLayout: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var label: String
        /// Category codes counted in this row (CB, CC).
        public var categories: [String]

        public init(label: String, categories: [String]) {
            self.label = label
            self.categories = categories
        }
    }

    public struct Column: Codable, Sendable, Equatable {
        public var label: String
        /// Kind code: CHUYEN-MON, LLCT or QLNN.
        public var kind: String
        /// Level codes counted in this column; with `atLeast`, the column counts levels of that rank or higher.
        public var levels: [String]
        public var atLeast: String?
        /// Show the share of the row's people instead of the count.
        public var rate: Bool

        public init(label: String, kind: String, levels: [String] = [], atLeast: String? = nil, rate: Bool = false) {
            self.label = label
            self.kind = kind
            self.levels = levels
            self.atLeast = atLeast
            self.rate = rate
        }

        /// Whether a person with `level` of this column's kind counts here.
        public func counts(_ level: String?) -> Bool {
            guard let qualificationKind = QualificationKind(rawValue: kind) else { return false }
            if let atLeast { return QualificationRule.isAtLeast(level, atLeast, kind: qualificationKind) }
            // An empty code in `levels` stands for "no level of this kind".
            guard let level else { return levels.contains("") }
            return levels.contains(level)
        }
    }

    public struct Group: Codable, Sendable, Equatable {
        public var title: String
        public var columns: [Column]

        public init(title: String, columns: [Column]) {
            self.title = title
            self.columns = columns
        }
    }

    public var title: String
    public var rows: [Row]
    public var groups: [Group]

    public init(title: String, rows: [Row], groups: [Group]) {
        self.title = title
        self.rows = rows
        self.groups = groups
    }

    /// Problems that make a layout unusable, in Vietnamese.
    public var problems: [String] {
        var found: [String] = []
        if rows.isEmpty { found.append("Biểu cần ít nhất một dòng.") }
        if groups.flatMap(\.columns).isEmpty { found.append("Biểu cần ít nhất một cột.") }
        for row in rows {
            for code in row.categories where Category(rawValue: code) == nil {
                found.append("Dòng \"\(row.label)\": đối tượng \"\(code)\" không có trong danh mục.")
            }
        }
        for column in groups.flatMap(\.columns) {
            guard let kind = QualificationKind(rawValue: column.kind) else {
                found.append("Cột \"\(column.label)\": loại \"\(column.kind)\" phải là CHUYEN-MON, LLCT hoặc QLNN.")
                continue
            }
            for level in column.levels + [column.atLeast].compactMap({ $0 }) where !level.isEmpty
                && kind.levels.entry(level) == nil {
                found.append("Cột \"\(column.label)\": trình độ \"\(level)\" không thuộc \(kind.label).")
            }
        }
        return found
    }

    /// The default layout: professional levels, political theory, state management, by cán bộ / công chức xã.
    public static let standard = QualityLayout(
        title: "Chất lượng đội ngũ cán bộ, công chức cấp xã",
        rows: [Row(label: "Cán bộ cấp xã", categories: ["CB"]), Row(label: "Công chức cấp xã", categories: ["CC"]),
               Row(label: "Tổng cộng", categories: ["CB", "CC"])],
        groups: [
            Group(title: "Trình độ chuyên môn", columns: [
                Column(label: "Sau đại học", kind: "CHUYEN-MON", levels: ["THAC-SI", "TIEN-SI"]),
                Column(label: "Đại học", kind: "CHUYEN-MON", levels: ["DAI-HOC"]),
                Column(label: "Cao đẳng", kind: "CHUYEN-MON", levels: ["CAO-DANG"]),
                Column(label: "Trung cấp", kind: "CHUYEN-MON", levels: ["TRUNG-CAP"]),
                Column(label: "Sơ cấp, chưa qua đào tạo", kind: "CHUYEN-MON", levels: ["SO-CAP", "CHUA", ""]),
                Column(label: "Tỷ lệ từ trung cấp trở lên", kind: "CHUYEN-MON", atLeast: "TRUNG-CAP", rate: true),
            ]),
            Group(title: "Lý luận chính trị", columns: [
                Column(label: "Cao cấp, cử nhân", kind: "LLCT", levels: ["CAO-CAP", "CU-NHAN"]),
                Column(label: "Trung cấp", kind: "LLCT", levels: ["TRUNG-CAP"]),
                Column(label: "Sơ cấp", kind: "LLCT", levels: ["SO-CAP"]),
                Column(label: "Tỷ lệ từ trung cấp trở lên", kind: "LLCT", atLeast: "TRUNG-CAP", rate: true),
            ]),
            Group(title: "Quản lý nhà nước", columns: [
                Column(label: "Chuyên viên chính trở lên", kind: "QLNN", levels: ["CVC", "CVCC"]),
                Column(label: "Chuyên viên", kind: "QLNN", levels: ["CV"]),
                Column(label: "Tỷ lệ có chứng chỉ QLNN", kind: "QLNN", atLeast: "CV", rate: true),
            ]),
        ])
}

/// One person in the snapshot: their category on the date and their level of each kind on the date.
public struct QualityPerson: Sendable, Equatable {
    public let category: String
    public let levels: [QualificationKind: String]

    public init(category: String, levels: [QualificationKind: String]) {
        self.category = category
        self.levels = levels
    }
}

/// The snapshot, folded by a layout: for each row, the people counted and each column's count (and rate).
public struct QualitySnapshot: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public let count: Int
        public let rate: Double?
    }

    public struct Line: Sendable, Equatable {
        public let label: String
        public let people: Int
        public let cells: [Cell]
    }

    public let layout: QualityLayout
    public let lines: [Line]

    public static func fold(_ people: [QualityPerson], layout: QualityLayout) -> QualitySnapshot {
        let columns = layout.groups.flatMap(\.columns)
        let lines = layout.rows.map { row -> Line in
            let members = people.filter { row.categories.contains($0.category) }
            let cells = columns.map { column -> Cell in
                let kind = QualificationKind(rawValue: column.kind) ?? .professional
                let count = members.filter { column.counts($0.levels[kind]) }.count
                let rate = column.rate
                    ? (members.isEmpty ? 0 : (Double(count) / Double(members.count) * 10_000).rounded() / 10_000) : nil
                return Cell(count: count, rate: rate)
            }
            return Line(label: row.label, people: members.count, cells: cells)
        }
        return QualitySnapshot(layout: layout, lines: lines)
    }
}
