/// A demo province in the image of Bắc Kạn 2016–2020: units, people, work history, qualifications, instructors,
/// classes, enrolments and funding, from which the summary report (spec/report-summary.md) reproduces the figures of
/// reference/seed-article-backan-2020.txt exactly.
///
/// The generator is pure and deterministic: a DemoSplitMix64 generator seeded with a constant drives every choice, no
/// dictionary or set is ever iterated, so every run on every machine yields the same records.
///
/// Figures it guarantees (counting rules of spec/report-summary.md, period 2016-01-01…2020-12-31):
/// - lượt of capacity `CBCCVC`: CB+CC at TINH/HUYEN units 3.692, CB+CC at XA units 9.583, KCT 450,
///   VCHC 1.540, VCCN 5.478 (total 20.743);
/// - lượt of capacity `HDND-*`: 4.572, of which 2.388 by learners who are not Kinh;
/// - on 2020-10-12, CHUYEN-MON ≥ TRUNG-CAP among CB in XA units: rate 0,8379; among CC in XA units: 0,9861;
/// - 22 instructors at `TCT`: 20 THAC-SI, 1 TIEN-SI, 1 CU-NHAN, all trained in active methods;
/// - THUC-CHI funding 2016–2020: NS-TINH 24.180.000.000, MTQG-NTM 900.000.000, TW-BNV 497.500.000.

// MARK: - The province

/// The province's records as the forms and the import have them: the drafts of each sheet of the standard workbook.
public struct DemoProvince: Sendable, Equatable {
    /// Parents before children.
    public var units: [UnitDraft]
    public var institutions: [InstitutionDraft]
    public var people: [PersonDraft] { didSet { states = nil } }
    /// Rows of QuaTrinh, grouped by person, in date order.
    public var history: [HistoryDraft] { didSet { states = nil } }
    public var qualifications: [QualificationDraft]
    public var instructors: [InstructorDraft]
    public var classes: [ClassDraft]
    public var enrolments: [EnrolmentDraft]
    public var funding: [FundingDraft]

    /// The states of `people` and `history`, valid until either is changed.
    private var states: DraftStates?

    public init(units: [UnitDraft], institutions: [InstitutionDraft], people: [PersonDraft], history: [HistoryDraft],
                qualifications: [QualificationDraft], instructors: [InstructorDraft], classes: [ClassDraft],
                enrolments: [EnrolmentDraft], funding: [FundingDraft]) {
        self.units = units
        self.institutions = institutions
        self.people = people
        self.history = history
        self.qualifications = qualifications
        self.instructors = instructors
        self.classes = classes
        self.enrolments = enrolments
        self.funding = funding
        self.states = DraftStates(people: people, history: history)
    }

    /// The province, the same on every run.
    public static func generate() -> DemoProvince {
        var builder = DemoBuilder()
        return builder.build()
    }

    /// The person's unit and category on `day` by `PersonStateRule`: their history rows when they have any (nil on a
    /// day no row covers: out of service), else their CanBo state. Nil also for an unknown person code.
    public func state(of personCode: String, on day: Day) -> (unitCode: String, category: Category)? {
        (states ?? DraftStates(people: people, history: history)).state(of: personCode, on: day)
    }

    /// The province as the import reads it: every sheet of the standard workbook under its own name, each row
    /// numbered as in the exported workbook (the header is row 1).
    public var batch: ImportBatch {
        func numbered<Draft>(_ drafts: [Draft]) -> [ImportedRow<Draft>] {
            drafts.enumerated().map { ImportedRow(row: $0.offset + 2, draft: $0.element) }
        }
        var batch = ImportBatch()
        batch.institutions = numbered(institutions)
        batch.units = numbered(units)
        batch.people = numbered(people)
        batch.history = numbered(history)
        batch.qualifications = numbered(qualifications)
        batch.instructors = numbered(instructors)
        batch.classes = numbered(classes)
        batch.enrolments = numbered(enrolments)
        batch.funding = numbered(funding)
        for sheet in WorkbookSheet.allCases {
            batch.sheetNames[sheet] = sheet.rawValue
            batch.recognisedColumns[sheet] = sheet.columns
        }
        return batch
    }

    public static func == (lhs: DemoProvince, rhs: DemoProvince) -> Bool {
        lhs.units == rhs.units && lhs.institutions == rhs.institutions && lhs.people == rhs.people
            && lhs.history == rhs.history && lhs.qualifications == rhs.qualifications
            && lhs.instructors == rhs.instructors && lhs.classes == rhs.classes
            && lhs.enrolments == rhs.enrolments && lhs.funding == rhs.funding
    }
}

// MARK: - Randomness and dates

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and the same on every platform.
private struct DemoSplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< n (0 when n ≤ 1).
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index drawn with the given integer weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        var roll = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    mutating func day(_ from: Day, _ to: Day) -> Day { Day(ordinal: int(from.ordinal...to.ordinal)) }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, below(index + 1))
        }
    }

    /// A whole number near `expected` (its integer part, plus one with the probability of its fraction).
    mutating func round(_ expected: Double) -> Int {
        let whole = Int(expected)
        return whole + (chance(expected - Double(whole)) ? 1 : 0)
    }
}

extension Day {
    fileprivate static func demoLastOf(_ year: Int, _ month: Int) -> Day {
        Day(year, month, Day.daysIn(month: month, year: year))
    }

    /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    fileprivate var demoWeekday: Int { ((ordinal + 3) % 7 + 7) % 7 }

    fileprivate var demoMondayOnOrBefore: Day { adding(days: -demoWeekday) }
}

// MARK: - Static data

private enum DemoData {
    /// Ethnic groups used, in the order of every weight table below.
    static let ethnicGroups = ["Tày", "Kinh", "Dao", "Nùng", "H'Mông", "Sán Chay", "Hoa"]
    static let provinceEthnicWeights = [57, 18, 10, 10, 3, 1, 1]

    struct District {
        let code: String
        let name: String
        /// "huyện Ba Bể", "thành phố Bắc Kạn": how posts and class names refer to it.
        let place: String
        /// "X:Bành Trạch" (xã), "P:Đức Xuân" (phường), "T:Chợ Rã" (thị trấn).
        let communes: [String]
        /// (merged commune, successor) on 2020-02-01.
        let merges: [(String, String)]
        let ethnic: [Int]
    }

    static let districts: [District] = [
        District(code: "TPBK", name: "Thành phố Bắc Kạn", place: "thành phố Bắc Kạn",
                 communes: ["P:Đức Xuân", "P:Sông Cầu", "P:Phùng Chí Kiên", "P:Nguyễn Thị Minh Khai", "P:Xuất Hóa",
                            "P:Huyền Tụng", "X:Dương Quang", "X:Nông Thượng"],
                 merges: [], ethnic: [55, 28, 6, 8, 1, 1, 1]),
        District(code: "BABE", name: "Huyện Ba Bể", place: "huyện Ba Bể",
                 communes: ["T:Chợ Rã", "X:Bành Trạch", "X:Cao Thượng", "X:Cao Trĩ", "X:Khang Ninh", "X:Nam Mẫu",
                            "X:Quảng Khê", "X:Đồng Phúc", "X:Hoàng Trĩ", "X:Mỹ Phương", "X:Chu Hương", "X:Địa Linh",
                            "X:Yến Dương", "X:Hà Hiệu", "X:Phúc Lộc", "X:Thượng Giáo"],
                 merges: [("Cao Trĩ", "Cao Thượng")], ethnic: [58, 7, 19, 4, 11, 1, 0]),
        District(code: "BACHTHONG", name: "Huyện Bạch Thông", place: "huyện Bạch Thông",
                 communes: ["T:Phủ Thông", "X:Vi Hương", "X:Tú Trĩ", "X:Cẩm Giàng", "X:Cao Sơn", "X:Dương Phong",
                            "X:Đôn Phong", "X:Lục Bình", "X:Mỹ Thanh", "X:Nguyên Phúc", "X:Quang Thuận", "X:Quân Hà",
                            "X:Sĩ Bình", "X:Tân Tú", "X:Vũ Muộn", "X:Hà Vị"],
                 merges: [("Vi Hương", "Phủ Thông"), ("Tú Trĩ", "Phủ Thông")], ethnic: [62, 10, 15, 10, 2, 1, 0]),
        District(code: "CHODON", name: "Huyện Chợ Đồn", place: "huyện Chợ Đồn",
                 communes: ["T:Bằng Lũng", "X:Bằng Lãng", "X:Bằng Phúc", "X:Bản Thi", "X:Bình Trung", "X:Đại Sảo",
                            "X:Đồng Lạc", "X:Đông Viên", "X:Đồng Thắng", "X:Lương Bằng", "X:Nam Cường", "X:Nghĩa Tá",
                            "X:Ngọc Phái", "X:Phương Viên", "X:Quảng Bạch", "X:Rã Bản", "X:Tân Lập", "X:Xuân Lạc",
                            "X:Yên Mỹ", "X:Yên Phong", "X:Yên Thịnh", "X:Yên Thượng"],
                 merges: [("Rã Bản", "Đồng Thắng")], ethnic: [66, 8, 17, 5, 3, 1, 0]),
        District(code: "CHOMOI", name: "Huyện Chợ Mới", place: "huyện Chợ Mới",
                 communes: ["T:Đồng Tâm", "X:Bình Văn", "X:Cao Kỳ", "X:Hòa Mục", "X:Mai Lạp", "X:Như Cố",
                            "X:Nông Hạ", "X:Nông Thịnh", "X:Quảng Chu", "X:Tân Sơn", "X:Thanh Mai", "X:Thanh Thịnh",
                            "X:Thanh Vận", "X:Yên Cư", "X:Yên Đĩnh", "X:Yên Hân"],
                 merges: [("Nông Thịnh", "Thanh Thịnh")], ethnic: [50, 20, 20, 7, 2, 1, 0]),
        District(code: "NARI", name: "Huyện Na Rì", place: "huyện Na Rì",
                 communes: ["T:Yến Lạc", "X:Côn Minh", "X:Cư Lễ", "X:Cường Lợi", "X:Dương Sơn", "X:Đổng Xá",
                            "X:Hảo Nghĩa", "X:Hữu Thác", "X:Kim Hỷ", "X:Kim Lư", "X:Lạng San", "X:Liêm Thủy",
                            "X:Lương Thượng", "X:Quang Phong", "X:Sơn Thành", "X:Trần Phú", "X:Văn Lang",
                            "X:Văn Minh", "X:Văn Vũ", "X:Xuân Dương"],
                 merges: [], ethnic: [58, 5, 18, 16, 2, 1, 0]),
        District(code: "NGANSON", name: "Huyện Ngân Sơn", place: "huyện Ngân Sơn",
                 communes: ["T:Nà Phặc", "X:Vân Tùng", "X:Bằng Vân", "X:Cốc Đán", "X:Đức Vân", "X:Hiệp Lực",
                            "X:Thượng Quan", "X:Thuần Mang", "X:Thượng Ân", "X:Trung Hòa", "X:Lãng Ngâm"],
                 merges: [("Lãng Ngâm", "Đức Vân")], ethnic: [54, 5, 18, 19, 3, 1, 0]),
        District(code: "PACNAM", name: "Huyện Pác Nặm", place: "huyện Pác Nặm",
                 communes: ["X:Bộc Bố", "X:Bằng Thành", "X:Cao Tân", "X:Cổ Linh", "X:Công Bằng", "X:Giáo Hiệu",
                            "X:Nghiên Loan", "X:Nhạn Môn", "X:An Thắng", "X:Xuân La"],
                 merges: [], ethnic: [36, 3, 30, 6, 24, 1, 0]),
    ]

    struct Agency {
        let code: String
        let name: String
        let cc: ClosedRange<Int>
        let head: String
        let deputy: String
        let cadrePosts: [String]
    }

    static let agencies: [Agency] = [
        Agency(code: "VPUBND", name: "Văn phòng UBND tỉnh", cc: 40...48, head: "Chánh Văn phòng",
               deputy: "Phó Chánh Văn phòng",
               cadrePosts: ["Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh",
                            "Phó Chủ tịch UBND tỉnh"]),
        Agency(code: "VPHDND", name: "Văn phòng Đoàn ĐBQH và HĐND tỉnh", cc: 18...24, head: "Chánh Văn phòng",
               deputy: "Phó Chánh Văn phòng",
               cadrePosts: ["Chủ tịch HĐND tỉnh", "Phó Chủ tịch HĐND tỉnh", "Phó Chủ tịch HĐND tỉnh",
                            "Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh", "Trưởng Ban Pháp chế HĐND tỉnh",
                            "Trưởng Ban Văn hóa - Xã hội HĐND tỉnh", "Trưởng Ban Dân tộc HĐND tỉnh"]),
        Agency(code: "SNV", name: "Sở Nội vụ", cc: 42...50, head: "Giám đốc Sở", deputy: "Phó Giám đốc Sở",
               cadrePosts: []),
        Agency(code: "STC", name: "Sở Tài chính", cc: 38...45, head: "Giám đốc Sở", deputy: "Phó Giám đốc Sở",
               cadrePosts: []),
        Agency(code: "SKHDT", name: "Sở Kế hoạch và Đầu tư", cc: 32...40, head: "Giám đốc Sở",
               deputy: "Phó Giám đốc Sở", cadrePosts: []),
        Agency(code: "SGDDT", name: "Sở Giáo dục và Đào tạo", cc: 38...45, head: "Giám đốc Sở",
               deputy: "Phó Giám đốc Sở", cadrePosts: []),
        Agency(code: "SYT", name: "Sở Y tế", cc: 30...38, head: "Giám đốc Sở", deputy: "Phó Giám đốc Sở",
               cadrePosts: []),
        Agency(code: "SNNPTNT", name: "Sở Nông nghiệp và Phát triển nông thôn", cc: 45...55, head: "Giám đốc Sở",
               deputy: "Phó Giám đốc Sở", cadrePosts: []),
        Agency(code: "STNMT", name: "Sở Tài nguyên và Môi trường", cc: 30...38, head: "Giám đốc Sở",
               deputy: "Phó Giám đốc Sở", cadrePosts: []),
        Agency(code: "SXD", name: "Sở Xây dựng", cc: 25...30, head: "Giám đốc Sở", deputy: "Phó Giám đốc Sở",
               cadrePosts: []),
        Agency(code: "SGTVT", name: "Sở Giao thông vận tải", cc: 28...34, head: "Giám đốc Sở",
               deputy: "Phó Giám đốc Sở", cadrePosts: []),
        Agency(code: "SCT", name: "Sở Công Thương", cc: 30...36, head: "Giám đốc Sở", deputy: "Phó Giám đốc Sở",
               cadrePosts: []),
        Agency(code: "STP", name: "Sở Tư pháp", cc: 20...25, head: "Giám đốc Sở", deputy: "Phó Giám đốc Sở",
               cadrePosts: []),
        Agency(code: "SVHTTDL", name: "Sở Văn hóa, Thể thao và Du lịch", cc: 28...34, head: "Giám đốc Sở",
               deputy: "Phó Giám đốc Sở", cadrePosts: []),
        Agency(code: "SLDTBXH", name: "Sở Lao động - Thương binh và Xã hội", cc: 28...34, head: "Giám đốc Sở",
               deputy: "Phó Giám đốc Sở", cadrePosts: []),
        Agency(code: "STTTT", name: "Sở Thông tin và Truyền thông", cc: 18...22, head: "Giám đốc Sở",
               deputy: "Phó Giám đốc Sở", cadrePosts: []),
        Agency(code: "SKHCN", name: "Sở Khoa học và Công nghệ", cc: 18...22, head: "Giám đốc Sở",
               deputy: "Phó Giám đốc Sở", cadrePosts: []),
        Agency(code: "TTRA", name: "Thanh tra tỉnh", cc: 20...26, head: "Chánh Thanh tra tỉnh",
               deputy: "Phó Chánh Thanh tra tỉnh", cadrePosts: []),
        Agency(code: "BDT", name: "Ban Dân tộc tỉnh", cc: 15...20, head: "Trưởng Ban", deputy: "Phó Trưởng Ban",
               cadrePosts: []),
    ]

    static let communeCadrePosts = [
        "Bí thư Đảng ủy {t}", "Chủ tịch UBND {t}", "Chủ tịch HĐND {t}", "Phó Bí thư Thường trực Đảng ủy {t}",
        "Phó Chủ tịch UBND {t}", "Phó Chủ tịch HĐND {t}", "Chủ tịch Ủy ban MTTQ Việt Nam {t}",
        "Chủ tịch Hội Liên hiệp Phụ nữ {t}", "Chủ tịch Hội Nông dân {t}", "Bí thư Đoàn TNCS Hồ Chí Minh {t}",
        "Chủ tịch Hội Cựu chiến binh {t}",
    ]
    static let communeCivilServantPosts = [
        "Chỉ huy trưởng Ban Chỉ huy Quân sự {t}", "Công chức Văn phòng - Thống kê", "Công chức Tài chính - Kế toán",
        "Công chức Tư pháp - Hộ tịch", "Công chức {dc}", "Công chức Văn hóa - Xã hội",
        "Công chức Văn phòng - Thống kê", "Công chức {dc}", "Công chức Tư pháp - Hộ tịch",
        "Công chức Văn hóa - Xã hội", "Công chức Tài chính - Kế toán", "Trưởng Công an {t}",
    ]
    static let communeNonSpecializedPosts = [
        "Phó Chỉ huy trưởng Ban Chỉ huy Quân sự {t}", "Phó Chủ tịch Ủy ban MTTQ Việt Nam {t}",
        "Phó Chủ tịch Hội Liên hiệp Phụ nữ {t}", "Phó Chủ tịch Hội Nông dân {t}",
        "Phó Chủ tịch Hội Cựu chiến binh {t}", "Phó Bí thư Đoàn TNCS Hồ Chí Minh {t}", "Văn phòng Đảng ủy",
        "Chủ tịch Hội Người cao tuổi {t}", "Chủ tịch Hội Chữ thập đỏ {t}", "Nhân viên Thú y",
        "Nhân viên Khuyến nông", "Phụ trách Đài Truyền thanh", "Thủ quỹ - Văn thư - Lưu trữ",
        "Trưởng ban Tổ chức Đảng ủy", "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy", "Quản lý Nhà văn hóa",
    ]
    static let districtCadrePosts = [
        "Chủ tịch UBND {p}", "Chủ tịch HĐND {p}", "Phó Chủ tịch UBND {p}", "Phó Chủ tịch UBND {p}",
        "Phó Chủ tịch HĐND {p}", "Trưởng Ban Pháp chế HĐND {p}", "Trưởng Ban Kinh tế - Xã hội HĐND {p}",
    ]

    /// (code suffix, name before the place, civil servants).
    static let districtAgencies: [(String, String, ClosedRange<Int>)] = [
        ("VP", "Văn phòng HĐND và UBND", 8...11), ("PNV", "Phòng Nội vụ", 5...7),
        ("PTCKH", "Phòng Tài chính - Kế hoạch", 6...8), ("PGDDT", "Phòng Giáo dục và Đào tạo", 7...9),
        ("PNN", "Phòng Nông nghiệp và Phát triển nông thôn", 5...7),
        ("PTNMT", "Phòng Tài nguyên và Môi trường", 5...7), ("PTP", "Phòng Tư pháp", 3...4),
        ("PLDTBXH", "Phòng Lao động - Thương binh và Xã hội", 4...6), ("PVHTT", "Phòng Văn hóa và Thông tin", 3...4),
        ("PDT", "Phòng Dân tộc", 3...4),
    ]

    static let highSchools: [(String, String)] = [
        ("THPT-CHUYEN", "Trường THPT Chuyên Bắc Kạn"), ("THPT-BACKAN", "Trường THPT Bắc Kạn"),
        ("THPT-BABE", "Trường THPT Ba Bể"), ("THPT-CHODON", "Trường THPT Chợ Đồn"),
        ("THPT-BINHTRUNG", "Trường THPT Bình Trung"), ("THPT-CHOMOI", "Trường THPT Chợ Mới"),
        ("THPT-NARI", "Trường THPT Na Rì"), ("THPT-NGANSON", "Trường THPT Ngân Sơn"),
        ("THPT-PHUTHONG", "Trường THPT Phủ Thông"), ("PTDTNT", "Trường Phổ thông Dân tộc nội trú tỉnh Bắc Kạn"),
    ]

    static let administrativePosts: [(String, String)] = [
        ("Kế toán", "06.031"), ("Văn thư", "02.008"), ("Nhân viên hành chính", "01.004"),
        ("Kế toán", "06.032"), ("Chuyên viên tổ chức - hành chính", "01.003"), ("Thủ quỹ", "01.005"),
    ]

    static let tctInstructors: [(String, Sex, String)] = [
        ("Hoàng Văn Thịnh", .male, "TIEN-SI"), ("Nông Thị Thu Hà", .female, "THAC-SI"),
        ("Triệu Đức Hạnh", .male, "THAC-SI"), ("Lương Thị Hồng Nhung", .female, "THAC-SI"),
        ("Ma Văn Quyết", .male, "THAC-SI"), ("Đàm Thị Thúy", .female, "THAC-SI"),
        ("Bế Văn Lâm", .male, "THAC-SI"), ("Nguyễn Thị Bích Ngọc", .female, "THAC-SI"),
        ("Lục Văn Định", .male, "THAC-SI"), ("Hà Thị Phương Thảo", .female, "THAC-SI"),
        ("Lý Văn Tuấn", .male, "THAC-SI"), ("Hoàng Thị Mai", .female, "THAC-SI"),
        ("Nông Văn Chiến", .male, "THAC-SI"), ("Đặng Thị Liên", .female, "THAC-SI"),
        ("Trần Quang Huy", .male, "THAC-SI"), ("La Thị Huệ", .female, "THAC-SI"),
        ("Dương Văn Khánh", .male, "THAC-SI"), ("Hứa Thị Thanh Vân", .female, "THAC-SI"),
        ("Phạm Văn Toàn", .male, "THAC-SI"), ("Bàn Thị Yến", .female, "THAC-SI"),
        ("Triệu Thị Duyên", .female, "THAC-SI"), ("Hoàng Văn Hưng", .male, "CU-NHAN"),
    ]
}

private enum DemoNames {
    static let family: [String: [(String, Int)]] = [
        "Kinh": [("Nguyễn", 30), ("Trần", 9), ("Lê", 8), ("Phạm", 6), ("Hoàng", 5), ("Vũ", 4), ("Đặng", 3),
                 ("Bùi", 3), ("Đỗ", 3), ("Ngô", 2), ("Dương", 2), ("Đinh", 2), ("Trịnh", 1), ("Phan", 2),
                 ("Đào", 2), ("Hà", 2), ("Lưu", 1)],
        "Tày": [("Hoàng", 14), ("Nông", 12), ("Triệu", 6), ("Ma", 6), ("Lương", 5), ("Đàm", 4), ("Bế", 4),
                ("Lục", 3), ("Hà", 5), ("Lý", 3), ("Hứa", 3), ("La", 3), ("Dương", 3), ("Nguyễn", 6), ("Lâm", 2),
                ("Mã", 2), ("Nịnh", 1), ("Hầu", 1)],
        "Nùng": [("Hoàng", 10), ("Nông", 8), ("Lý", 6), ("Lục", 5), ("Vi", 4), ("Chu", 3), ("Mã", 3),
                 ("Lăng", 2), ("Lô", 2), ("Đinh", 2), ("Triệu", 3)],
        "Dao": [("Bàn", 12), ("Đặng", 9), ("Triệu", 10), ("Lý", 5), ("Phùng", 3), ("Hoàng", 2), ("Chu", 2),
                ("Chảo", 2)],
        "H'Mông": [("Giàng", 8), ("Vàng", 8), ("Sùng", 6), ("Hầu", 4), ("Lý", 4), ("Mã", 3), ("Thào", 4),
                   ("Lầu", 3), ("Mua", 2), ("Hờ", 2)],
        "Sán Chay": [("Lâm", 3), ("Hoàng", 3), ("Trương", 2), ("Lý", 2), ("Tằng", 1)],
        "Hoa": [("Lưu", 3), ("Trương", 2), ("Hoàng", 2), ("Lý", 2), ("Chu", 1), ("Tăng", 1)],
    ]
    static let maleMiddle = ["Đức", "Quang", "Minh", "Mạnh", "Xuân", "Ngọc", "Thanh", "Hữu", "Tiến", "Công",
                             "Quốc", "Trung", "Văn"]
    static let femaleMiddle = ["Thu", "Hồng", "Minh", "Thanh", "Ngọc", "Phương", "Thúy", "Kim", "Hải", "Thị"]
    static let maleGiven = ["Hùng", "Dũng", "Tuấn", "Cường", "Thắng", "Hải", "Long", "Sơn", "Bình", "Minh", "Quang",
                            "Đức", "Trung", "Hưng", "Khánh", "Toàn", "Tùng", "Kiên", "Thành", "Chiến", "Lâm",
                            "Vượng", "Quyết", "Hiếu", "Nghĩa", "Phong", "Tiến", "Thái", "Nam", "Phúc", "Lợi", "Tâm",
                            "Định", "Điệp", "Luận", "Hoàn", "Thịnh", "Huy", "Việt", "Hậu", "Ngọc", "Quý", "Vinh",
                            "Trường", "Đông", "Kỳ", "Thuận", "Lực", "Tú", "Hoàng"]
    static let femaleGiven = ["Lan", "Hoa", "Huệ", "Hương", "Thu", "Hà", "Hạnh", "Hằng", "Nga", "Ngọc", "Mai",
                              "Liên", "Loan", "Phương", "Thảo", "Trang", "Yến", "Vân", "Tuyết", "Nhung", "Thủy",
                              "Dung", "Bích", "Hiền", "Linh", "Thúy", "Oanh", "Quyên", "Chuyên", "Duyên", "Xuân",
                              "Lệ", "Nguyệt", "Thơ", "Hồng", "Giang", "Hải", "Tâm", "Diệp", "Quỳnh"]
    static let daoMaleGiven = ["Kiềm", "Phin", "Chàn", "Quẩy", "Sểnh", "Phấu", "Tòng", "Vần", "Sinh", "Dín"]
    static let daoFemaleGiven = ["Mẩy", "Liên", "Slíu", "Chạn", "Dảo", "Nhất", "Mai", "Ngần"]
    static let hmongMaleGiven = ["Sình", "Dình", "Pó", "Chứ", "Dếnh", "Lử", "Páo", "Chớ", "Tủa", "Vư", "Súa"]
    static let hmongFemaleGiven = ["Mỷ", "Dua", "Sua", "Chúa", "Pàng", "Say", "Mỉ", "Dính", "Máy"]
    static let tayFemaleGiven = ["Slim", "Lìu", "Nhài", "Đào", "Mến", "Thắm"]
}

// MARK: - Builder internals

private enum DemoUnitKind { case root, agency, service, district, districtAgency, districtService, commune }

private enum DemoServiceKind {
    case none, hospital, health, healthCentre, college, politicalSchool, radio, agriculture, culture
    case highSchool, kindergarten, primary, secondary, boarding
}

private struct DemoUnitPlan {
    var kind: DemoUnitKind
    var service: DemoServiceKind = .none
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
private struct DemoRecruit {
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
    fileprivate func demoEnding(on day: Day?) -> WorkPeriod { WorkPeriod(state: state, from: period.from, to: day) }
}

/// A class while the province is built: its LopHoc row and whom it was opened for.
private struct DemoOpenedClass {
    var draft: ClassDraft
    /// Bit mask of the pool keys its learners came from.
    var audience: Int = 0
}

/// A learner's seat in a class while the province is built (class and person by index); `assemble()` numbers the
/// certificates and gives the `EnrolmentDraft`s.
private struct DemoSeat {
    var cls: Int
    var person: Int
    var capacity: Capacity
    var result: EnrolmentResult
}

private enum DemoOrganiser {
    case none
    case unit(String)
    /// The Phòng Nội vụ of the class's (first) district.
    case district
}

private struct DemoSlot {
    let key: Int
    let size: ClosedRange<Int>
}

private struct DemoNameContext {
    let k: Int
    let year: Int
    let startYear: Int
    let place: String
    let variant: String
}

private struct DemoTemplate {
    let type: String
    var form: ClassForm = .fostering
    let institution: String?
    let organiser: DemoOrganiser
    let hours: Int?
    let days: ClosedRange<Int>
    var months: ClosedRange<Int> = 3...11
    let slots: [DemoSlot]
    /// 0: the whole province; 1: one district; 2: two districts.
    var districts = 0
    let weight: Double
    var variants: [String] = [""]
    var grants = ""
    let name: (DemoNameContext) -> String
}

/// Pool keys: staff buckets 0…5, council (level × Kinh / not Kinh) 6…11.
private enum DemoKey {
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

private let demoProfessionalLevels = ["CHUA", "SO-CAP", "TRUNG-CAP", "CAO-DANG", "DAI-HOC", "THAC-SI", "TIEN-SI"]

private struct DemoBuilder {
    // Dates and targets of the article.
    static let asOf = Day(2020, 10, 12)
    static let mergeDay = Day(2020, 2, 1)
    static let districtEnd = Day(2025, 6, 30)
    static let staffTargets = [1_998, 1_694, 9_583, 450, 1_540, 5_478]
    /// Council lượt: province Kinh/other, district Kinh/other, commune Kinh/other (others total 2.388).
    static let councilTargets = [220, 130, 560, 740, 1_404, 1_518]
    static let cadreRate = 8_379
    static let civilServantRate = 9_861

    var rng = DemoSplitMix64(seed: 0xBAC_CA2_2016_2020)

    var units: [UnitDraft] = []
    var plans: [DemoUnitPlan] = []
    var unitIndex: [String: Int] = [:]
    var provincialAgencies: [Int] = []
    var districtUnit: [Int] = []
    var districtAgencies: [[Int]] = []
    var districtCommunes: [[Int]] = []
    /// Communes merged on 2020-02-01 and their successors.
    var merges: [(Int, Int)] = []

    var people: [DemoRecruit] = []
    var quals: [(person: Int, qualification: ObtainedQualification)] = []
    var classes: [DemoOpenedClass] = []
    var enrolments: [DemoSeat] = []
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
        return assemble()
    }

    // MARK: Units

    mutating func addUnit(_ unit: UnitDraft, _ plan: DemoUnitPlan) -> Int {
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
        _ = addUnit(UnitDraft(code: "BK", name: "Tỉnh Bắc Kạn", level: .province), DemoUnitPlan(kind: .root))
        for (index, agency) in DemoData.agencies.enumerated() {
            var plan = DemoUnitPlan(kind: .agency)
            plan.cadres = agency.cadrePosts.count
            plan.civilServants = rng.int(agency.cc)
            plan.administrative = agency.cadrePosts.isEmpty ? rng.int(2...4) : 0
            plan.agency = index
            let unit = addUnit(UnitDraft(code: agency.code, name: agency.name, level: .province, parentCode: "BK"),
                               plan)
            provincialAgencies.append(unit)
        }
        let services: [(String, String, DemoServiceKind, ClosedRange<Int>, ClosedRange<Int>)] = [
            ("BVDK", "Bệnh viện Đa khoa tỉnh Bắc Kạn", .hospital, 440...470, 36...42),
            ("CDC", "Trung tâm Kiểm soát bệnh tật tỉnh Bắc Kạn", .health, 60...70, 8...10),
            ("CDBK", "Trường Cao đẳng Bắc Kạn", .college, 100...112, 15...18),
            ("TCT-DV", "Trường Chính trị tỉnh Bắc Kạn", .politicalSchool, 22...22, 9...9),
            ("DPTTH", "Đài Phát thanh và Truyền hình tỉnh Bắc Kạn", .radio, 50...58, 9...11),
            ("TTKN", "Trung tâm Khuyến nông tỉnh Bắc Kạn", .agriculture, 22...28, 4...5),
        ]
        for (code, name, kind, professional, administrative) in services {
            var plan = DemoUnitPlan(kind: .service, service: kind)
            plan.professional = rng.int(professional)
            plan.administrative = rng.int(administrative)
            _ = addUnit(UnitDraft(code: code, name: name, level: .province, parentCode: "BK"), plan)
        }
        for (code, name) in DemoData.highSchools {
            var plan = DemoUnitPlan(kind: .service, service: .highSchool)
            plan.professional = rng.int(50...62)
            plan.administrative = rng.int(3...5)
            _ = addUnit(UnitDraft(code: code, name: name, level: .province, parentCode: "SGDDT"), plan)
        }

        for (d, district) in DemoData.districts.enumerated() {
            var plan = DemoUnitPlan(kind: .district, district: d)
            plan.cadres = DemoData.districtCadrePosts.count
            let top = addUnit(UnitDraft(code: district.code, name: district.name, level: .district, parentCode: "BK",
                                       validTo: Self.districtEnd), plan)
            districtUnit.append(top)
            var agencies: [Int] = []
            for (suffix, name, size) in DemoData.districtAgencies {
                if suffix == "PDT" && d == 0 { continue }
                let unitName = (d == 0 && suffix == "PNN") ? "Phòng Kinh tế" : name
                var agencyPlan = DemoUnitPlan(kind: .districtAgency, district: d)
                agencyPlan.civilServants = rng.int(size)
                agencies.append(addUnit(UnitDraft(code: "\(district.code)-\(d == 0 && suffix == "PNN" ? "PKT" : suffix)",
                                                 name: "\(unitName) \(district.place)", level: .district,
                                                 parentCode: district.code, validTo: Self.districtEnd),
                                        agencyPlan))
            }
            districtAgencies.append(agencies)
            var centre = DemoUnitPlan(kind: .districtService, service: .healthCentre, district: d)
            centre.professional = rng.int(95...130)
            centre.administrative = rng.int(8...12)
            _ = addUnit(UnitDraft(code: "\(district.code)-TTYT", name: "Trung tâm Y tế \(district.place)",
                                 level: .district, parentCode: district.code, validTo: Self.districtEnd), centre)
            var culture = DemoUnitPlan(kind: .districtService, service: .culture, district: d)
            culture.professional = rng.int(8...12)
            culture.administrative = rng.int(2...3)
            _ = addUnit(UnitDraft(code: "\(district.code)-TTVH",
                                 name: "Trung tâm Văn hóa, Thể thao và Truyền thông \(district.place)",
                                 level: .district, parentCode: district.code, validTo: Self.districtEnd), culture)
            // Schools managed by the district, named after its communes.
            let names = district.communes.map { String($0.dropFirst(2)) }
            let schoolKinds: [(String, String, DemoServiceKind, ClosedRange<Int>)] = [
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
                var school = DemoUnitPlan(kind: .districtService, service: kind.2, district: d)
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
                var communePlan = DemoUnitPlan(kind: .commune, district: d)
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

    // MARK: People

    func ethnicWeights(unit: Int) -> [Int] {
        let plan = plans[unit]
        guard plan.district >= 0 else { return DemoData.provinceEthnicWeights }
        var weights = DemoData.districts[plan.district].ethnic
        if units[unit].level == .district { weights[1] += 4 }
        return weights
    }

    mutating func personName(ethnicity: String, sex: Sex) -> String {
        let families = DemoNames.family[ethnicity] ?? DemoNames.family["Tày"]!
        let family = families[rng.weighted(families.map(\.1))].0
        let middle: String
        let given: String
        switch (ethnicity, sex) {
        case ("H'Mông", .male):
            middle = rng.chance(0.45) ? "A" : (rng.chance(0.8) ? "Văn" : "Seo")
            given = rng.chance(0.6) ? rng.pick(DemoNames.hmongMaleGiven) : rng.pick(DemoNames.maleGiven)
        case ("H'Mông", .female):
            middle = "Thị"
            given = rng.chance(0.6) ? rng.pick(DemoNames.hmongFemaleGiven) : rng.pick(DemoNames.femaleGiven)
        case ("Dao", .male):
            middle = rng.chance(0.8) ? "Văn" : rng.pick(["Tiến", "Phúc", "Quý", "Đức"])
            given = rng.chance(0.4) ? rng.pick(DemoNames.daoMaleGiven) : rng.pick(DemoNames.maleGiven)
        case ("Dao", .female):
            middle = "Thị"
            given = rng.chance(0.35) ? rng.pick(DemoNames.daoFemaleGiven) : rng.pick(DemoNames.femaleGiven)
        case (_, .male):
            middle = rng.chance(0.65) ? "Văn" : rng.pick(DemoNames.maleMiddle)
            given = rng.pick(DemoNames.maleGiven)
        case (_, .female):
            if rng.chance(0.7) {
                middle = rng.chance(0.3) ? "Thị " + rng.pick(["Thu", "Hồng", "Thanh", "Minh", "Kim", "Bích"]) : "Thị"
            } else {
                middle = rng.pick(DemoNames.femaleMiddle)
            }
            if ethnicity == "Tày" && rng.chance(0.12) {
                given = rng.pick(DemoNames.tayFemaleGiven)
            } else {
                given = rng.pick(DemoNames.femaleGiven)
            }
        }
        return "\(family) \(middle) \(given)"
    }

    mutating func pickLevel(_ weights: [Int]) -> String { demoProfessionalLevels[rng.weighted(weights)] }

    /// Creates a person of `category` at `unit`; `slot` is their position among the unit's people of that category
    /// (leaders first).
    @discardableResult
    mutating func addPerson(unit: Int, category: Category, slot: Int) -> Int {
        let plan = plans[unit]
        var post: String?
        var rank: String?
        var femaleShare = 0.45
        var forcedFemale = false
        var leader = false
        var professional: String
        var political: String?
        var stateManagement: String?
        let word = plan.communeWord
        let place = plan.district >= 0 ? DemoData.districts[plan.district].place : "tỉnh"
        func fill(_ text: String) -> String {
            var result = text.demoReplacing("{t}", with: word)
            result = result.demoReplacing("{p}", with: place)
            result = result.demoReplacing(
                "{dc}", with: word == "phường" ? "Địa chính - Xây dựng - Đô thị và Môi trường"
                    : "Địa chính - Nông nghiệp - Xây dựng và Môi trường")
            return result
        }

        switch (plan.kind, category) {
        case (.commune, .cadre):
            post = fill(DemoData.communeCadrePosts[slot % DemoData.communeCadrePosts.count])
            forcedFemale = post!.contains("Phụ nữ")
            femaleShare = 0.22
            leader = slot < 3
            professional = pickLevel([0, 6, 45, 8, 41, 0, 0])
            political = ["SO-CAP", "TRUNG-CAP", "CAO-CAP"][rng.weighted([22, 74, 4])]
            stateManagement = rng.chance(0.35) ? "CV" : nil
        case (.commune, .civilServant):
            post = fill(DemoData.communeCivilServantPosts[slot % DemoData.communeCivilServantPosts.count])
            femaleShare = 0.42
            rank = rng.chance(0.7) ? "01.003" : "01.004"
            professional = pickLevel([0, 1, 35, 9, 55, 0, 0])
            political = rng.chance(0.2) ? nil : ["SO-CAP", "TRUNG-CAP"][rng.weighted([60, 40])]
            stateManagement = rank == "01.003" && rng.chance(0.4) ? "CV" : nil
        case (.commune, .communeNonSpecialized):
            post = fill(DemoData.communeNonSpecializedPosts[slot % DemoData.communeNonSpecializedPosts.count])
            forcedFemale = post!.contains("Phụ nữ")
            femaleShare = 0.4
            professional = pickLevel([15, 30, 40, 7, 8, 0, 0])
            political = rng.chance(0.4) ? nil : ["SO-CAP", "TRUNG-CAP"][rng.weighted([90, 10])]
        case (_, .administrativeOfficer):
            let (title, code) = DemoData.administrativePosts[slot % DemoData.administrativePosts.count]
            post = title
            rank = code
            femaleShare = 0.62
            professional = pickLevel([0, 0, 20, 20, 58, 2, 0])
            political = rng.chance(0.6) ? nil : "SO-CAP"
            stateManagement = code == "01.003" && rng.chance(0.5) ? "CV" : nil
        case (.agency, .cadre):
            let agency = DemoData.agencies[plan.agency]
            post = agency.cadrePosts[slot % agency.cadrePosts.count]
            femaleShare = 0.25
            leader = true
            professional = pickLevel([0, 0, 0, 0, 55, 40, 5])
            political = rng.chance(0.7) ? "CAO-CAP" : "CU-NHAN"
            stateManagement = rng.chance(0.6) ? "CVCC" : "CVC"
            rank = stateManagement == "CVCC" ? "01.001" : "01.002"
        case (.agency, _):
            let agency = DemoData.agencies[plan.agency]
            switch slot {
            case 0: post = agency.head; leader = true
            case 1, 2: post = agency.deputy; leader = true
            case 3: post = agency.head == "Chánh Văn phòng" ? "Trưởng phòng" : "Chánh Văn phòng"; leader = true
            case 4...6: post = "Trưởng phòng"; leader = true
            case 7...10: post = "Phó Trưởng phòng"
            default: post = nil
            }
            femaleShare = 0.45
            if slot == 0 {
                rank = rng.chance(0.5) ? "01.001" : "01.002"
            } else if slot < 7 {
                rank = "01.002"
            } else {
                rank = ["01.003", "01.002", "01.004", "01.005"][rng.weighted([72, 12, 11, 5])]
            }
            professional = pickLevel([0, 0, 0, 0, 78, 20, 2])
            political = leader ? (rng.chance(0.6) ? "CAO-CAP" : "TRUNG-CAP")
                : (rng.chance(0.3) ? nil : ["SO-CAP", "TRUNG-CAP", "CAO-CAP"][rng.weighted([40, 45, 15])])
            switch rank {
            case "01.001": stateManagement = "CVCC"
            case "01.002": stateManagement = "CVC"
            case "01.003": stateManagement = rng.chance(0.75) ? "CV" : nil
            default: stateManagement = nil
            }
        case (.district, _):
            post = fill(DemoData.districtCadrePosts[slot % DemoData.districtCadrePosts.count])
            femaleShare = 0.25
            leader = true
            professional = pickLevel([0, 0, 0, 0, 80, 20, 0])
            political = rng.chance(0.7) ? "CAO-CAP" : "CU-NHAN"
            stateManagement = rng.chance(0.7) ? "CVC" : "CV"
        case (.districtAgency, _):
            let head = units[unit].name.hasPrefix("Văn phòng") ? "Chánh Văn phòng" : "Trưởng phòng"
            switch slot {
            case 0: post = head; leader = true
            case 1, 2: post = "Phó " + head
            default: post = nil
            }
            femaleShare = 0.45
            rank = slot == 0 ? "01.002" : ["01.003", "01.002", "01.004"][rng.weighted([80, 8, 12])]
            professional = pickLevel([0, 0, 0, 4, 86, 10, 0])
            political = slot < 3 ? "TRUNG-CAP"
                : (rng.chance(0.3) ? nil : ["SO-CAP", "TRUNG-CAP"][rng.weighted([50, 50])])
            stateManagement = rank == "01.002" ? "CVC" : (rank == "01.003" && rng.chance(0.7) ? "CV" : nil)
        default:
            // Professional officers of public-service units.
            (post, rank, professional, femaleShare, leader) = professionalRole(plan.service, slot: slot)
            political = leader ? "TRUNG-CAP" : (rng.chance(0.6) ? nil : ["SO-CAP", "TRUNG-CAP"][rng.weighted([75, 25])])
            stateManagement = leader && rng.chance(0.5) ? "CV" : nil
        }

        let sex: Sex = forcedFemale ? .female : (rng.chance(femaleShare) ? .female : .male)
        let ethnicity = DemoData.ethnicGroups[rng.weighted(ethnicWeights(unit: unit))]
        let birthYear: Int
        if leader {
            birthYear = rng.int(sex == .male ? 1962...1978 : 1967...1980)
        } else {
            birthYear = rng.int(sex == .male ? 1962...1994 : 1967...1995)
        }
        let birth = Day(birthYear, rng.int(1...12), rng.int(1...28))
        let start = min(Day(birthYear + rng.int(21...27), rng.int(1...12), 1), Day(2015, 7, 1))
        let code = "CB" + demoPadded(people.count + 1, 6)
        let draft = PersonDraft(code: code, fullName: personName(ethnicity: ethnicity, sex: sex), birthDate: birth,
                                sex: sex, ethnicity: ethnicity, unitCode: units[unit].code, category: category,
                                rankCode: rank, post: post, professionalLevel: professional, politicalLevel: political,
                                stateManagementLevel: stateManagement)
        people.append(DemoRecruit(draft: draft, unit: unit, start: start))
        return people.count - 1
    }

    mutating func professionalRole(_ service: DemoServiceKind, slot: Int)
        -> (String?, String?, String, Double, Bool) {
        func choose(_ options: [(String, Int)]) -> String { options[rng.weighted(options.map(\.1))].0 }
        switch service {
        case .hospital, .health, .healthCentre:
            let head = service == .hospital ? "Giám đốc Bệnh viện" : "Giám đốc Trung tâm"
            if slot == 0 { return (head, "V.08.01.02", pickLevel([0, 0, 0, 0, 20, 60, 20]), 0.2, true) }
            if slot < 3 { return ("Phó " + head, "V.08.01.02", pickLevel([0, 0, 0, 0, 40, 60, 0]), 0.3, true) }
            switch rng.weighted([30, 40, 10, 8, 7, 5]) {
            case 0: return ("Bác sĩ", rng.chance(0.2) ? "V.08.01.02" : "V.08.01.03",
                            pickLevel([0, 0, 0, 0, 75, 25, 0]), 0.45, false)
            case 1: return ("Điều dưỡng", rng.chance(0.5) ? "V.08.05.13" : "V.08.05.12",
                            pickLevel([0, 0, 40, 35, 25, 0, 0]), 0.8, false)
            case 2: return ("Y sĩ", "V.08.03.07", pickLevel([0, 0, 85, 15, 0, 0, 0]), 0.5, false)
            case 3: return ("Dược sĩ", rng.chance(0.5) ? "V.08.08.22" : "V.08.08.23",
                            pickLevel([0, 0, 40, 10, 50, 0, 0]), 0.7, false)
            case 4: return ("Hộ sinh", "V.08.06.16", pickLevel([0, 0, 50, 40, 10, 0, 0]), 1.0, false)
            default: return ("Kỹ thuật viên y", "V.08.07.19", pickLevel([0, 0, 40, 40, 20, 0, 0]), 0.5, false)
            }
        case .college, .politicalSchool:
            if slot == 0 { return ("Hiệu trưởng", "V.07.01.02", "TIEN-SI", 0.3, true) }
            if slot < 3 { return ("Phó Hiệu trưởng", "V.07.01.02", "THAC-SI", 0.4, true) }
            return (slot < 7 ? "Trưởng khoa" : "Giảng viên", rng.chance(0.25) ? "V.07.01.02" : "V.07.01.03",
                    pickLevel([0, 0, 0, 0, 40, 55, 5]), 0.55, false)
        case .radio:
            if slot == 0 { return ("Giám đốc Đài", "V.11.01.02", "DAI-HOC", 0.3, true) }
            return (choose([("Biên tập viên", 4), ("Phóng viên", 4), ("Kỹ thuật viên", 2)]), "V.11.01.03",
                    pickLevel([0, 0, 10, 20, 68, 2, 0]), 0.5, false)
        case .agriculture:
            if slot == 0 { return ("Giám đốc Trung tâm", "V.05.02.06", "THAC-SI", 0.3, true) }
            return ("Kỹ sư nông nghiệp", "V.05.02.07", pickLevel([0, 0, 10, 20, 65, 5, 0]), 0.4, false)
        case .culture:
            if slot == 0 { return ("Giám đốc Trung tâm", "V.10.04.13", "DAI-HOC", 0.4, true) }
            return (choose([("Tuyên truyền viên", 3), ("Phóng viên", 2), ("Hướng dẫn viên văn hóa", 2)]),
                    "V.10.04.14", pickLevel([0, 0, 25, 30, 45, 0, 0]), 0.55, false)
        case .highSchool, .kindergarten, .primary, .secondary, .boarding, .none:
            let ranks: [(String, Int)]
            let levels: [Int]
            var female = 0.72
            switch service {
            case .kindergarten:
                ranks = [("V.07.02.06", 30), ("V.07.02.05", 55), ("V.07.02.04", 15)]
                levels = [0, 0, 20, 40, 40, 0, 0]
                female = 0.98
            case .primary:
                ranks = [("V.07.03.09", 15), ("V.07.03.08", 60), ("V.07.03.07", 25)]
                levels = [0, 0, 5, 30, 65, 0, 0]
                female = 0.8
            case .highSchool:
                ranks = [("V.07.05.15", 60), ("V.07.05.14", 35), ("V.07.05.13", 5)]
                levels = [0, 0, 0, 0, 85, 15, 0]
                female = 0.62
            default:
                ranks = [("V.07.04.12", 65), ("V.07.04.11", 35)]
                levels = [0, 0, 0, 20, 78, 2, 0]
                female = 0.68
            }
            if slot == 0 { return ("Hiệu trưởng", choose(ranks), pickLevel([0, 0, 0, 0, 80, 20, 0]), 0.45, true) }
            if slot < 3 { return ("Phó Hiệu trưởng", choose(ranks), pickLevel([0, 0, 0, 0, 90, 10, 0]), 0.55, true) }
            return ("Giáo viên", choose(ranks), pickLevel(levels), female, false)
        }
    }

    mutating func staffUnits() {
        for unit in units.indices {
            let plan = plans[unit]
            if plan.service == .politicalSchool {
                staffPoliticalSchool(unit)
                continue
            }
            for slot in 0..<plan.cadres { addPerson(unit: unit, category: .cadre, slot: slot) }
            for slot in 0..<plan.civilServants { addPerson(unit: unit, category: .civilServant, slot: slot) }
            for slot in 0..<plan.nonSpecialized { addPerson(unit: unit, category: .communeNonSpecialized, slot: slot) }
            for slot in 0..<plan.administrative { addPerson(unit: unit, category: .administrativeOfficer, slot: slot) }
            for slot in 0..<plan.professional { addPerson(unit: unit, category: .professionalOfficer, slot: slot) }
        }
    }

    /// The lecturers of Trường Chính trị are the TCT instructors, under the same names.
    mutating func staffPoliticalSchool(_ unit: Int) {
        for (slot, (name, sex, degree)) in DemoData.tctInstructors.enumerated() {
            let person = addPerson(unit: unit, category: .professionalOfficer, slot: slot)
            people[person].draft.fullName = name
            people[person].sex = sex
            people[person].draft.professionalLevel = degree == "CU-NHAN" ? "DAI-HOC" : degree
            people[person].draft.politicalLevel = slot < 3 ? "CAO-CAP" : "CU-NHAN"
            people[person].locked = true
            let family = String(name.prefix { $0 != " " })
            people[person].draft.ethnicity = ["Nguyễn", "Trần", "Phạm"].contains(family) ? "Kinh"
                : (["Bàn", "Đặng"].contains(family) ? "Dao" : "Tày")
        }
        for slot in 0..<plans[unit].administrative {
            let person = addPerson(unit: unit, category: .administrativeOfficer, slot: slot)
            people[person].locked = true
        }
    }

    mutating func makeInstructors() {
        for (index, (name, _, degree)) in DemoData.tctInstructors.enumerated() {
            instructors.append(InstructorDraft(code: "GV-TCT-" + demoPadded(index + 1, 2),
                                              fullName: name, institutionCode: "TCT", degree: degree,
                                              activeMethodsTrained: true))
        }
        let others: [(String, String, String?, Bool)] = [
            ("TTBD", "Nguyễn Thị Hải Yến", "THAC-SI", true), ("TTBD", "Hoàng Văn Sơn", "THAC-SI", true),
            ("TTBD", "Nông Thị Ngọc Lan", "CU-NHAN", true), ("TTBD", "Lý Văn Hậu", "CU-NHAN", false),
            ("TTBD", "Ma Thị Tuyết", "CU-NHAN", false), ("TTBD", "Lương Văn Trường", nil, false),
            ("HVCT-KV1", "Trần Văn Phòng", "TIEN-SI", true), ("HVCT-KV1", "Lê Thị Thanh Hà", "TIEN-SI", true),
        ]
        var counters = [0, 0]
        for (institution, name, degree, trained) in others {
            let slot = institution == "TTBD" ? 0 : 1
            counters[slot] += 1
            let prefix = institution == "TTBD" ? "GV-TTBD-" : "GV-HVCT-"
            instructors.append(InstructorDraft(code: prefix + demoPadded(counters[slot], 2),
                                              fullName: name, institutionCode: institution, degree: degree,
                                              activeMethodsTrained: trained))
        }
    }

    // MARK: Work history

    mutating func ensureBaseRow(_ p: Int) {
        guard people[p].rows.isEmpty else { return }
        let person = people[p]
        people[p].rows = [WorkPeriod(state: PersonState(unitID: person.unit, category: person.draft.category,
                                                        rankCode: person.draft.rankCode, post: person.draft.post),
                                     from: person.start, to: nil)]
    }

    /// Ends the open row the day before `day` and opens a new one; the CanBo state follows.
    mutating func move(_ p: Int, on day: Day, to unit: Int, category: Category, rank: String?, post: String?) {
        ensureBaseRow(p)
        let last = people[p].rows.count - 1
        precondition(people[p].rows[last].period.to == nil && people[p].rows[last].period.from < day)
        people[p].rows[last] = people[p].rows[last].demoEnding(on: day.adding(days: -1))
        people[p].rows.append(WorkPeriod(
            state: PersonState(unitID: unit, category: category, rankCode: rank, post: post), from: day, to: nil))
        people[p].unit = unit
        people[p].draft.unitCode = units[unit].code
        people[p].draft.category = category
        people[p].draft.rankCode = rank
        people[p].draft.post = post
    }

    mutating func makeMerges() {
        for (old, successor) in merges {
            for p in people.indices where people[p].unit == old {
                ensureBaseRow(p)
                move(p, on: Self.mergeDay, to: successor, category: people[p].draft.category,
                     rank: people[p].draft.rankCode, post: people[p].draft.post)
                if rng.chance(0.1), let target = destination(p) {
                    move(p, on: moveDay(rng.int(2021...2023)), to: target.0, category: target.1, rank: target.2,
                         post: target.3)
                }
            }
        }
    }

    mutating func moveDay(_ year: Int) -> Day {
        let latest = year == 2020 ? 9 : 12
        return Day(year, rng.int(year == 2016 ? 2...12 : 1...latest), 1)
    }

    /// Where a person's career takes them next, or nil when it does not.
    mutating func destination(_ p: Int) -> (Int, Category, String?, String?)? {
        let person = people[p]
        let plan = plans[person.unit]
        switch (plan.kind, person.draft.category) {
        case (.commune, .cadre), (.commune, .civilServant):
            return (rng.pick(districtAgencies[plan.district]), .civilServant, "01.003", nil)
        case (.commune, .communeNonSpecialized):
            let post = DemoData.communeCivilServantPosts[rng.int(1...10)]
                .demoReplacing("{dc}", with: "Địa chính - Nông nghiệp - Xây dựng và Môi trường")
            return (person.unit, .civilServant, "01.004", post)
        case (.districtAgency, .civilServant), (.district, .cadre):
            let rank = person.draft.rankCode == "01.002" ? "01.002" : "01.003"
            return (rng.pick(provincialAgencies), .civilServant, rank, nil)
        case (.districtService, _):
            let agencies = districtAgencies[plan.district]
            let target = plan.service == .healthCentre || plan.service == .culture
                ? rng.pick(agencies) : agencies[3]
            return (target, .civilServant, "01.003", nil)
        case (.service, _):
            return (rng.pick(provincialAgencies), .civilServant, "01.003", nil)
        case (.agency, .civilServant):
            let target = rng.pick(provincialAgencies)
            return target == person.unit ? nil : (target, .civilServant, person.draft.rankCode, nil)
        default:
            return nil
        }
    }

    mutating func makeMobility() {
        for p in people.indices where !people[p].locked && people[p].rows.isEmpty {
            let roll = rng.below(1_000)
            switch roll {
            case 0..<62:
                // A move within 2016–2020: the bucket of later classes changes.
                if let target = destination(p) {
                    move(p, on: moveDay(rng.int(2016...2020)), to: target.0, category: target.1, rank: target.2,
                         post: target.3)
                }
            case 62..<82:
                // Retires in 2016–2020 at the statutory age (60 for men, 55 for women, end of that month).
                let year = people[p].sex == .male ? rng.int(1956...1960) : rng.int(1961...1965)
                let month = rng.int(1...12)
                people[p].birth = Day(year, month, rng.int(1...28))
                people[p].start = Day(year + rng.int(21...26), rng.int(1...12), 1)
                ensureBaseRow(p)
                people[p].rows[0] = people[p].rows[0].demoEnding(
                    on: Day.demoLastOf(year + (people[p].sex == .male ? 60 : 55), month))
            case 82..<116:
                // A move after 2020: the current state differs from the 2016–2020 one.
                if let target = destination(p) {
                    move(p, on: moveDay(rng.int(2021...2023)), to: target.0, category: target.1, rank: target.2,
                         post: target.3)
                }
            case 116..<138:
                // Recruited during 2016–2020.
                let day = moveDay(rng.int(2016...2020))
                people[p].birth = Day(rng.int(1987...1995), rng.int(1...12), rng.int(1...28))
                people[p].start = day
                ensureBaseRow(p)
            case 138..<150:
                // Recruited after 2020: out of service during the whole period.
                let day = moveDay(rng.int(2021...2023))
                people[p].birth = Day(rng.int(1993...1998), rng.int(1...12), rng.int(1...28))
                people[p].start = day
                ensureBaseRow(p)
            case 150..<175:
                // Promoted to chuyên viên chính in the same unit.
                let kind = plans[people[p].unit].kind
                if people[p].draft.rankCode == "01.003", kind == .agency || kind == .districtAgency {
                    move(p, on: moveDay(rng.int(2016...2022)), to: people[p].unit, category: .civilServant,
                         rank: "01.002", post: people[p].draft.post ?? (rng.chance(0.3) ? "Phó Trưởng phòng" : nil))
                    people[p].draft.stateManagementLevel = "CVC"
                }
            default:
                break
            }
        }
    }

    // MARK: State

    func state(_ p: Int, on day: Day) -> (unit: Int, category: Category)? {
        let person = people[p]
        if person.rows.isEmpty { return (person.unit, person.draft.category) }
        var best: WorkPeriod?
        for row in person.rows where row.period.from <= day && (row.period.to.map { day <= $0 } ?? true) {
            if best == nil || row.period.from > best!.period.from { best = row }
        }
        return best.map { ($0.state.unitID, $0.state.category) }
    }

    func ratePopulation(_ category: Category) -> [Int] {
        people.indices.filter { p in
            guard let s = state(p, on: Self.asOf) else { return false }
            return s.category == category && units[s.unit].level == .commune
        }
    }

    /// k with round(k / n, 4) == target / 10000 (half away from zero), if any.
    static func qualifiedCount(total n: Int, rate target: Int) -> Int? {
        guard n > 0 else { return nil }
        let guess = target * n / 10_000
        for k in max(0, guess - 2)...min(n, guess + 2) where (20_000 * k + n) / (2 * n) == target {
            return k
        }
        return nil
    }

    /// Adds commune cadres / civil servants until the rate population admits the article's rate exactly.
    mutating func balanceRatePopulations() {
        var cursor = 0
        let communes = districtCommunes.flatMap { $0 }
        for (category, target) in [(Category.cadre, Self.cadreRate), (.civilServant, Self.civilServantRate)] {
            while Self.qualifiedCount(total: ratePopulation(category).count, rate: target) == nil {
                let unit = communes[cursor % communes.count]
                cursor += 7
                let slot = category == .cadre ? rng.int(4...6) : rng.int(1...10)
                addPerson(unit: unit, category: category, slot: slot)
            }
        }
    }

    mutating func flagDeputies() {
        for p in people.indices {
            let person = people[p]
            let level = units[person.unit].level
            var chance: Double
            switch (level, person.draft.category) {
            case (.commune, .cadre): chance = 0.75
            case (.commune, .civilServant): chance = 0.35
            case (.commune, .communeNonSpecialized): chance = 0.2
            case (.district, .cadre): chance = 1
            case (.district, .civilServant): chance = 0.3
            case (.province, .cadre): chance = 1
            case (.province, .civilServant): chance = 0.14
            default: chance = 0
            }
            if person.isKinh { chance = min(1, chance * 2.6) }
            people[p].deputy = rng.chance(chance)
        }
    }

    func districtSlot(_ unit: Int) -> Int { plans[unit].district + 1 }

    func councilKey(_ p: Int, unit: Int, category: Category) -> Int? {
        guard people[p].deputy, category == .cadre || category == .civilServant
                || category == .communeNonSpecialized else { return nil }
        return DemoKey.council(level: units[unit].level, kinh: people[p].isKinh)
    }

    mutating func buildStaticPools() {
        staticPools = Array(repeating: Array(repeating: [], count: DemoData.districts.count + 1), count: DemoKey.count)
        for p in people.indices {
            let person = people[p]
            if !person.rows.isEmpty {
                dynamicPeople.append(p)
                continue
            }
            let slot = districtSlot(person.unit)
            staticPools[DemoKey.staff(level: units[person.unit].level, category: person.draft.category)][slot].append(p)
            if let key = councilKey(p, unit: person.unit, category: person.draft.category) {
                staticPools[key][slot].append(p)
            }
        }
    }

    // MARK: Qualifications of the rate populations

    mutating func addQual(_ p: Int, _ kind: QualificationKind, _ level: String, _ granted: Day) {
        quals.append((p, ObtainedQualification(kind: kind, level: level, granted: granted)))
    }

    func isCommuneStaff(_ p: Int, on day: Day) -> Bool {
        guard let s = state(p, on: day) else { return false }
        return (s.category == .cadre || s.category == .civilServant) && units[s.unit].level == .commune
    }

    /// Chooses, in each rate population, exactly k people at TRUNG-CAP or above on 2020-10-12: some through dated
    /// VanBang rows (a class of 2018–2020, older diplomas, one granted on the day itself), the rest through the CanBo
    /// column; and among the others some whose diploma comes after the date (a class ending 2021, later diplomas).
    mutating func designQualifications() {
        rateMembers = Array(repeating: false, count: people.count)
        let classA = DemoOpenedClass(draft: ClassDraft(
            code: "L2018-CHUYENMON-01",
            name: "Đào tạo trung cấp Hành chính cho cán bộ, công chức cấp xã, khóa 2018-2020",
            programmeType: "CHUYENMON", form: .degree, institutionCode: "TCT", organisingUnitCode: "SNV",
            start: Day(2018, 9, 10), end: Day(2020, 6, 26), hours: 1_320, location: .domestic))
        let classB = DemoOpenedClass(draft: ClassDraft(
            code: "L2019-CHUYENMON-01",
            name: "Đào tạo trung cấp Luật cho cán bộ, công chức cấp xã, khóa 2019-2021",
            programmeType: "CHUYENMON", form: .degree, institutionCode: "TCT", organisingUnitCode: "SNV",
            start: Day(2019, 10, 7), end: Day(2021, 4, 30), hours: 1_280, location: .domestic))
        classCounters["L2018-CHUYENMON"] = 1
        classCounters["L2019-CHUYENMON"] = 1
        classes.append(classA)
        classes.append(classB)
        let a = 0
        let b = 1
        var boundaryGranted = false
        var boundaryLate = false

        for (category, target) in [(Category.cadre, Self.cadreRate), (.civilServant, Self.civilServantRate)] {
            var population = ratePopulation(category)
            rng.shuffle(&population)
            let k = Self.qualifiedCount(total: population.count, rate: target)!
            for p in population { rateMembers[p] = true }
            let qualified = Array(population[..<k])
            let unqualified = Array(population[k...])
            var classASeats = category == .cadre ? 26 : 18
            var classBSeats = category == .cadre ? 24 : 6
            for (index, p) in qualified.enumerated() {
                let old = min(Day(people[p].birth.year + rng.int(20...26), rng.int(5...7), rng.int(1...28)),
                              Day(2015, 6, 30))
                if classASeats > 0, isCommuneStaff(p, on: classA.draft.start) {
                    classASeats -= 1
                    if rng.chance(0.5) { addQual(p, .professional, "SO-CAP", old) }
                    addQual(p, .professional, "TRUNG-CAP", classA.draft.end)
                    people[p].draft.professionalLevel = "TRUNG-CAP"
                    enrolments.append(DemoSeat(cls: a, person: p, capacity: .staff, result: .completed))
                } else if index % 9 == 0 {
                    // Diplomas on record, all before the date (one exactly on it).
                    if !boundaryGranted {
                        boundaryGranted = true
                        addQual(p, .professional, "SO-CAP", old)
                        addQual(p, .professional, "TRUNG-CAP", Self.asOf)
                        people[p].draft.professionalLevel = "TRUNG-CAP"
                    } else if rng.chance(0.5) {
                        let level = rng.chance(0.7) ? "TRUNG-CAP" : "CAO-DANG"
                        addQual(p, .professional, level, rng.day(Day(2005, 1, 1), Day(2015, 12, 31)))
                        people[p].draft.professionalLevel = level
                    } else {
                        addQual(p, .professional, "TRUNG-CAP", rng.day(Day(2008, 1, 1), Day(2014, 12, 31)))
                        addQual(p, .professional, "DAI-HOC", rng.day(Day(2016, 6, 1), Day(2020, 9, 30)))
                        people[p].draft.professionalLevel = "DAI-HOC"
                    }
                } else {
                    people[p].draft.professionalLevel = category == .cadre
                        ? ["TRUNG-CAP", "CAO-DANG", "DAI-HOC"][rng.weighted([50, 8, 42])]
                        : ["TRUNG-CAP", "CAO-DANG", "DAI-HOC"][rng.weighted([33, 9, 58])]
                }
            }
            for p in unqualified {
                let old = min(Day(people[p].birth.year + rng.int(20...26), rng.int(5...7), rng.int(1...28)),
                              Day(2015, 6, 30))
                if classBSeats > 0, isCommuneStaff(p, on: classB.draft.start) {
                    classBSeats -= 1
                    if rng.chance(0.6) { addQual(p, .professional, "SO-CAP", old) }
                    addQual(p, .professional, "TRUNG-CAP", classB.draft.end)
                    people[p].draft.professionalLevel = "TRUNG-CAP"
                    enrolments.append(DemoSeat(cls: b, person: p, capacity: .staff, result: .completed))
                } else if rng.chance(0.3) {
                    // Graduated after the date: the CanBo column says TRUNG-CAP, the date says otherwise.
                    let granted: Day
                    if !boundaryLate {
                        boundaryLate = true
                        granted = Self.asOf.adding(days: 1)
                    } else {
                        granted = rng.day(Day(2020, 10, 20), Day(2022, 12, 31))
                    }
                    if rng.chance(0.5) { addQual(p, .professional, "SO-CAP", old) }
                    addQual(p, .professional, "TRUNG-CAP", granted)
                    people[p].draft.professionalLevel = "TRUNG-CAP"
                } else if rng.chance(0.3) {
                    addQual(p, .professional, "SO-CAP", old)
                    people[p].draft.professionalLevel = "SO-CAP"
                    if isCommuneStaff(p, on: classA.draft.start), rng.chance(0.5) {
                        enrolments.append(DemoSeat(cls: a, person: p, capacity: .staff, result: .droppedOut))
                    }
                } else {
                    people[p].draft.professionalLevel = rng.chance(0.7) ? "SO-CAP" : "CHUA"
                    if isCommuneStaff(p, on: classB.draft.start), rng.chance(0.15) {
                        enrolments.append(DemoSeat(cls: b, person: p, capacity: .staff, result: .notCompleted))
                    }
                }
            }
        }
    }

    // MARK: Classes

    func pool(key: Int, on day: Day, mask: Int?, dynamicStates: [(Int, Int, Category)]) -> [Int] {
        var result: [Int] = []
        let lists = staticPools[key]
        if let mask {
            for slot in 1..<lists.count where mask & (1 << (slot - 1)) != 0 { result += lists[slot] }
        } else {
            for list in lists { result += list }
        }
        for (p, unit, category) in dynamicStates {
            if let mask {
                let district = plans[unit].district
                guard district >= 0, mask & (1 << district) != 0 else { continue }
            }
            let personKey = key >= DemoKey.councilProvinceKinh
                ? councilKey(p, unit: unit, category: category)
                : DemoKey.staff(level: units[unit].level, category: category)
            if personKey == key { result.append(p) }
        }
        return result
    }

    mutating func nextDistricts(_ count: Int) -> [Int] {
        var chosen: [Int] = []
        while chosen.count < count {
            let d = districtCursor % DemoData.districts.count
            districtCursor += count == 1 ? 1 : 3
            if !chosen.contains(d) { chosen.append(d) }
        }
        return chosen
    }

    mutating func nextClassCode(_ type: String, startYear: Int) -> String {
        let prefix = "L\(startYear)-\(type)"
        let number = (classCounters[prefix] ?? 0) + 1
        classCounters[prefix] = number
        return prefix + "-" + demoPadded(number, 2)
    }

    /// Opens a class from a template and enrols learners drawn from the pools of its slots (state on the start
    /// date). When `remaining` is given, completions are limited by it and taken from it.
    @discardableResult
    mutating func openClass(_ template: DemoTemplate, templateID: Int, start fixedStart: Day? = nil, end target: Day,
                            remaining: inout [Int], counted: Bool, location: ClassLocation = .domestic) -> Bool {
        let length = rng.int(template.days)
        let start = fixedStart ?? target.adding(days: -length).demoMondayOnOrBefore
        let end = fixedStart == nil ? start.adding(days: length) : target
        var mask: Int?
        var place = ""
        var organiser: String?
        switch template.districts {
        case 0: break
        default:
            let chosen = nextDistricts(template.districts)
            mask = chosen.reduce(0) { $0 | (1 << $1) }
            let places = chosen.map { DemoData.districts[$0].place }
            if places.count == 2 {
                let second = places[1].hasPrefix("huyện ") ? String(places[1].dropFirst(6)) : places[1]
                place = places[0] + ", " + second
            } else {
                place = places[0]
            }
            organiser = DemoData.districts[chosen[0]].code + "-PNV"
        }
        switch template.organiser {
        case .none: organiser = nil
        case .unit(let code): organiser = code
        case .district: if organiser == nil { organiser = "SNV" }
        }

        var dynamicStates: [(Int, Int, Category)] = []
        for p in dynamicPeople {
            if let s = state(p, on: start) { dynamicStates.append((p, s.unit, s.category)) }
        }
        var picked: [(Int, [Int], [Int])] = []
        var total = 0
        for slot in template.slots {
            var want = rng.int(slot.size)
            if counted {
                want = min(want, remaining[slot.key])
                // The last class of a quota takes a small remainder rather than leave it for a tiny class.
                if remaining[slot.key] - want < slot.size.lowerBound { want = remaining[slot.key] }
            }
            guard want > 0 else { continue }
            var candidates = pool(key: slot.key, on: start, mask: mask, dynamicStates: dynamicStates)
            let failures = rng.round(Double(want) * (counted ? 0.025 : 0.03))
            let take = min(want, candidates.count)
            let drawn = min(want + failures, candidates.count)
            for index in 0..<drawn {
                candidates.swapAt(index, index + rng.below(candidates.count - index))
            }
            guard take > 0 else { continue }
            picked.append((slot.key, Array(candidates[0..<take]), Array(candidates[take..<drawn])))
            if counted { remaining[slot.key] -= take }
            total += take
        }
        guard total > 0 else { return false }

        let year = end.year
        let counterKey = "\(templateID)-\(year)"
        let k = (nameCounters[counterKey] ?? 0) + 1
        nameCounters[counterKey] = k
        let variant = template.variants[rng.below(template.variants.count)]
        let name = template.name(DemoNameContext(k: k, year: year, startYear: start.year, place: place,
                                             variant: variant))
        let cls = classes.count
        classes.append(DemoOpenedClass(draft: ClassDraft(
            code: nextClassCode(template.type, startYear: start.year), name: name, programmeType: template.type,
            form: template.form, institutionCode: template.institution, organisingUnitCode: organiser, start: start,
            end: end, hours: template.hours, location: location,
            grants: demoGrant(template.grants).flatMap { QualificationLevel(kind: $0.0, level: $0.1) })))
        for (key, completed, failed) in picked {
            classes[cls].audience |= 1 << key
            let capacity = DemoKey.capacity(key)
            for p in completed {
                enrolments.append(DemoSeat(cls: cls, person: p, capacity: capacity, result: .completed))
            }
            for p in failed {
                enrolments.append(DemoSeat(cls: cls, person: p, capacity: capacity,
                                             result: rng.chance(0.6) ? .notCompleted : .droppedOut))
            }
        }
        return true
    }

    mutating func randomEnd(_ template: DemoTemplate, year: Int) -> Day {
        let month = rng.int(template.months)
        return Day(year, month, rng.int(5...Day.daysIn(month: month, year: year) - 3))
    }

    static func split(_ total: Int, weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        var parts = weights.map { total * $0 / sum }
        var rest = total - parts.reduce(0, +)
        var index = 0
        while rest > 0 {
            parts[index % parts.count] += 1
            rest -= 1
            index += 1
        }
        return parts
    }

    func staffTemplates() -> [DemoTemplate] {
        let p = DemoKey.provincial, d = DemoKey.district, c = DemoKey.commune, n = DemoKey.nonSpecialized
        let a = DemoKey.administrative, v = DemoKey.professional
        return [
            DemoTemplate(type: "LDQL", institution: "TCT", organiser: .unit("SNV"), hours: 80, days: 11...15,
                     slots: [DemoSlot(key: p, size: 12...22), DemoSlot(key: d, size: 8...16), DemoSlot(key: a, size: 2...6),
                             DemoSlot(key: v, size: 3...8)],
                     weight: 0.5,
                     name: { "Bồi dưỡng kỹ năng lãnh đạo, quản lý cấp phòng và tương đương, lớp \($0.k) năm \($0.year)" }),
            DemoTemplate(type: "LDQL", institution: "TCT", organiser: .district, hours: 40, days: 4...5,
                     slots: [DemoSlot(key: c, size: 30...45)], districts: 1, weight: 0.6,
                     name: { "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho cán bộ chủ chốt cấp xã \($0.place) năm \($0.year)" }),
            DemoTemplate(type: "NGACH", institution: "TCT", organiser: .unit("SNV"), hours: 240, days: 38...46,
                     months: 4...11,
                     slots: [DemoSlot(key: p, size: 8...14), DemoSlot(key: d, size: 8...14), DemoSlot(key: c, size: 15...28),
                             DemoSlot(key: a, size: 6...12)],
                     weight: 0.7, grants: "QLNN-CV",
                     name: { "Bồi dưỡng kiến thức QLNN chương trình chuyên viên, khóa \($0.k) năm \($0.year)" }),
            DemoTemplate(type: "NGACH", institution: "TCT", organiser: .unit("SNV"), hours: 320, days: 52...60,
                     months: 5...11,
                     slots: [DemoSlot(key: p, size: 18...30), DemoSlot(key: d, size: 8...15), DemoSlot(key: a, size: 2...5)],
                     weight: 0.35, grants: "QLNN-CVC",
                     name: { "Bồi dưỡng kiến thức QLNN chương trình chuyên viên chính, khóa \($0.k) năm \($0.year)" }),
            DemoTemplate(type: "NGACH", institution: "TTBD", organiser: .unit("SGDDT"), hours: 200, days: 24...32,
                     months: 6...8, slots: [DemoSlot(key: v, size: 60...90)], weight: 0.9,
                     variants: ["giáo viên mầm non hạng III", "giáo viên tiểu học hạng II", "giáo viên THCS hạng II",
                                "giáo viên THPT hạng II"],
                     name: { "Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp \($0.variant), lớp \($0.k) năm \($0.year)" }),
            DemoTemplate(type: "NGACH", institution: "TTBD", organiser: .unit("SYT"), hours: 160, days: 18...25,
                     slots: [DemoSlot(key: v, size: 40...60)], weight: 0.5,
                     variants: ["điều dưỡng hạng III", "bác sĩ", "y sĩ", "dược sĩ hạng III"],
                     name: { "Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp \($0.variant) năm \($0.year)" }),
            DemoTemplate(type: "BONHIEM", institution: "TCT", organiser: .unit("SNV"), hours: 80, days: 9...11,
                     slots: [DemoSlot(key: p, size: 10...18), DemoSlot(key: d, size: 8...14), DemoSlot(key: a, size: 3...6),
                             DemoSlot(key: v, size: 4...8)],
                     weight: 0.45,
                     name: { "Bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo, quản lý cấp phòng, lớp \($0.k) năm \($0.year)" }),
            DemoTemplate(type: "VTVL", institution: "TTBD", organiser: .unit("SNV"), hours: 40, days: 4...5,
                     slots: [DemoSlot(key: c, size: 45...70)], weight: 0.9,
                     variants: ["công chức Văn phòng - Thống kê", "công chức Tư pháp - Hộ tịch",
                                "công chức Địa chính - Xây dựng", "công chức Tài chính - Kế toán",
                                "công chức Văn hóa - Xã hội", "Chỉ huy trưởng Quân sự"],
                     name: { "Bồi dưỡng theo yêu cầu vị trí việc làm \($0.variant) cấp xã, lớp \($0.k) năm \($0.year)" }),
            DemoTemplate(type: "VTVL", institution: "TTBD", organiser: .unit("SNV"), hours: 24, days: 2...4,
                     slots: [DemoSlot(key: a, size: 30...45)], weight: 0.55,
                     variants: ["kế toán", "văn thư - lưu trữ", "tổ chức - hành chính", "quản lý tài sản công"],
                     name: { "Bồi dưỡng nghiệp vụ \($0.variant) cho viên chức năm \($0.year)" }),
            DemoTemplate(type: "VTVL", institution: "TTBD", organiser: .district, hours: 24, days: 2...4,
                     slots: [DemoSlot(key: c, size: 30...45), DemoSlot(key: n, size: 8...15)], districts: 1, weight: 0.5,
                     name: { "Bồi dưỡng nghiệp vụ cho cán bộ, công chức và người hoạt động không chuyên trách cấp xã \($0.place) năm \($0.year)" }),
            DemoTemplate(type: "CHUYENNGANH", institution: nil, organiser: .unit("SYT"), hours: 40, days: 4...5,
                     slots: [DemoSlot(key: v, size: 50...80)], weight: 0.8,
                     variants: ["cho viên chức y tế cơ sở", "cấp cứu và hồi sức", "kiểm soát nhiễm khuẩn",
                                "y học cổ truyền"],
                     name: { "Bồi dưỡng chuyên môn, nghiệp vụ \($0.variant) năm \($0.year)" }),
            DemoTemplate(type: "CHUYENNGANH", institution: nil, organiser: .unit("SGDDT"), hours: 32, days: 3...4,
                     months: 6...8, slots: [DemoSlot(key: v, size: 70...110)], weight: 0.9,
                     variants: ["đổi mới phương pháp dạy học tích cực cho giáo viên",
                                "chương trình giáo dục phổ thông 2018 cho giáo viên",
                                "kỹ năng tư vấn tâm lý học đường cho giáo viên",
                                "dạy tiếng Việt cho học sinh dân tộc thiểu số"],
                     name: { "Bồi dưỡng \($0.variant), lớp \($0.k) năm \($0.year)" }),
            DemoTemplate(type: "CHUYENNGANH", institution: nil, organiser: .unit("SNV"), hours: 24, days: 2...3,
                     slots: [DemoSlot(key: d, size: 10...18), DemoSlot(key: c, size: 30...45)], districts: 2, weight: 0.35,
                     name: { "Tập huấn, bồi dưỡng nghiệp vụ công tác tổ chức cán bộ cho cán bộ, công chức \($0.place) năm \($0.year)" }),
            DemoTemplate(type: "CHUYENNGANH", institution: nil, organiser: .unit("STC"), hours: 24, days: 2...3,
                     slots: [DemoSlot(key: p, size: 10...18), DemoSlot(key: d, size: 10...16), DemoSlot(key: c, size: 20...30),
                             DemoSlot(key: a, size: 6...10)],
                     weight: 0.3,
                     name: { "Bồi dưỡng nghiệp vụ quản lý tài chính, ngân sách năm \($0.year)" }),
            DemoTemplate(type: "LLCT", form: .degree, institution: "TCT", organiser: .unit("SNV"), hours: 1_184,
                     days: 250...270, months: 6...7,
                     slots: [DemoSlot(key: c, size: 20...32), DemoSlot(key: d, size: 4...8), DemoSlot(key: p, size: 3...6),
                             DemoSlot(key: a, size: 2...5), DemoSlot(key: v, size: 4...8)],
                     weight: 0.35, grants: "LLCT-TC",
                     name: {
                         $0.startYear == $0.year
                             ? "Trung cấp lý luận chính trị - hành chính hệ tập trung, khóa \($0.k) năm \($0.year)"
                             : "Trung cấp lý luận chính trị - hành chính hệ tập trung, khóa \($0.k) (\($0.startYear)-\($0.year))"
                     }),
            DemoTemplate(type: "LLCT", form: .degree, institution: "TCT", organiser: .district, hours: 1_184,
                     days: 480...560, months: 9...12,
                     slots: [DemoSlot(key: c, size: 35...50), DemoSlot(key: d, size: 4...8)], districts: 1, weight: 0.25,
                     grants: "LLCT-TC",
                     name: { "Trung cấp lý luận chính trị - hành chính hệ không tập trung \($0.place), khóa \($0.startYear)-\($0.year)" }),
            DemoTemplate(type: "LLCT", form: .degree, institution: "HVCT-KV1", organiser: .unit("SNV"), hours: 1_600,
                     days: 700...760, months: 5...8,
                     slots: [DemoSlot(key: p, size: 18...28), DemoSlot(key: d, size: 8...14)], weight: 0.2,
                     grants: "LLCT-CC",
                     name: { "Cao cấp lý luận chính trị hệ không tập trung tại tỉnh Bắc Kạn, khóa \($0.startYear)-\($0.year)" }),
            DemoTemplate(type: "LLCT", form: .degree, institution: nil, organiser: .district, hours: 120,
                     days: 25...35,
                     slots: [DemoSlot(key: n, size: 25...40), DemoSlot(key: c, size: 5...10)], districts: 1, weight: 0.35,
                     grants: "LLCT-SC",
                     name: { "Sơ cấp lý luận chính trị cho cán bộ cơ sở \($0.place) năm \($0.year)" }),
            DemoTemplate(type: "QPAN", institution: "TCT", organiser: .unit("SNV"), hours: 80, days: 11...14,
                     slots: [DemoSlot(key: p, size: 15...25), DemoSlot(key: d, size: 12...20), DemoSlot(key: a, size: 4...8),
                             DemoSlot(key: v, size: 5...10)],
                     weight: 0.4,
                     name: { "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3, lớp \($0.k) năm \($0.year)" }),
            DemoTemplate(type: "QPAN", institution: nil, organiser: .district, hours: 56, days: 6...8,
                     slots: [DemoSlot(key: c, size: 25...40), DemoSlot(key: n, size: 10...20), DemoSlot(key: v, size: 10...20)],
                     districts: 1, weight: 0.55,
                     name: { "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4 \($0.place) năm \($0.year)" }),
            DemoTemplate(type: "NNTH", institution: "TTBD", organiser: .unit("SNV"), hours: 240, days: 60...80,
                     slots: [DemoSlot(key: c, size: 10...18), DemoSlot(key: d, size: 4...8), DemoSlot(key: v, size: 12...20),
                             DemoSlot(key: n, size: 3...8)],
                     weight: 0.35, variants: ["tiếng Tày", "tiếng Dao", "tiếng H'Mông"],
                     name: { "Bồi dưỡng \($0.variant) cho cán bộ, công chức, viên chức năm \($0.year)" }),
            DemoTemplate(type: "NNTH", institution: "TTBD", organiser: .unit("SNV"), hours: 60, days: 10...14,
                     slots: [DemoSlot(key: p, size: 5...10), DemoSlot(key: c, size: 10...20), DemoSlot(key: a, size: 8...15),
                             DemoSlot(key: v, size: 10...15)],
                     weight: 0.45,
                     variants: ["tin học ứng dụng cơ bản", "tiếng Anh giao tiếp",
                                "ứng dụng công nghệ thông tin trong quản lý văn bản"],
                     name: { "Bồi dưỡng \($0.variant), lớp \($0.k) năm \($0.year)" }),
            DemoTemplate(type: "CHUYENMON", form: .degree, institution: "DHNV", organiser: .none, hours: nil,
                     days: 1_250...1_300, months: 6...8,
                     slots: [DemoSlot(key: p, size: 8...14), DemoSlot(key: d, size: 10...18), DemoSlot(key: a, size: 4...8)],
                     weight: 0.15, variants: ["Luật", "Quản lý nhà nước", "Quản trị nhân lực"], grants: "CM-DH",
                     name: { "Đào tạo đại học ngành \($0.variant) hệ vừa làm vừa học, khóa \($0.startYear)-\($0.year)" }),
            DemoTemplate(type: "CHUYENMON", form: .degree, institution: "HVCT-KV1", organiser: .none, hours: nil,
                     days: 700...740, months: 9...12,
                     slots: [DemoSlot(key: p, size: 10...16), DemoSlot(key: d, size: 4...8)], weight: 0.1,
                     variants: ["Quản lý công", "Chính trị học", "Kinh tế chính trị"], grants: "CM-THS",
                     name: { "Đào tạo thạc sĩ \($0.variant), khóa \($0.startYear)-\($0.year)" }),
            DemoTemplate(type: "KHAC", institution: nil, organiser: .unit("SNV"), hours: 16, days: 1...2,
                     slots: [DemoSlot(key: p, size: 15...30), DemoSlot(key: d, size: 15...25), DemoSlot(key: c, size: 25...45)],
                     weight: 0.5,
                     variants: ["công tác cải cách hành chính", "công tác thi đua, khen thưởng",
                                "công tác văn thư, lưu trữ", "công tác tôn giáo"],
                     name: { "Tập huấn \($0.variant) năm \($0.year)" }),
            DemoTemplate(type: "KHAC", institution: nil, organiser: .unit("BDT"), hours: 16, days: 1...2,
                     slots: [DemoSlot(key: c, size: 30...50), DemoSlot(key: n, size: 8...18), DemoSlot(key: d, size: 5...10)],
                     weight: 0.45,
                     name: { "Tập huấn công tác dân tộc và thực hiện chính sách dân tộc, lớp \($0.k) năm \($0.year)" }),
        ]
    }

    func councilTemplates() -> [DemoTemplate] {
        func term(_ year: Int) -> String { year <= 2020 ? "nhiệm kỳ 2016-2021" : "nhiệm kỳ 2021-2026" }
        return [
            DemoTemplate(type: "HDND", institution: "TCT", organiser: .unit("VPHDND"), hours: 24, days: 2...3,
                     slots: [DemoSlot(key: DemoKey.councilProvinceKinh, size: 14...22),
                             DemoSlot(key: DemoKey.councilProvinceOther, size: 10...16)],
                     weight: 0.45,
                     name: {
                         $0.year == 2016 || $0.year == 2021
                             ? "Bồi dưỡng kỹ năng hoạt động cho đại biểu HĐND tỉnh \(term($0.year)), lớp \($0.k)"
                             : "Bồi dưỡng cập nhật kiến thức cho đại biểu HĐND tỉnh, lớp \($0.k) năm \($0.year)"
                     }),
            DemoTemplate(type: "HDND", institution: "TCT", organiser: .unit("VPHDND"), hours: 24, days: 2...3,
                     slots: [DemoSlot(key: DemoKey.councilDistrictKinh, size: 18...28),
                             DemoSlot(key: DemoKey.councilDistrictOther, size: 22...32)],
                     weight: 0.7,
                     name: {
                         "Bồi dưỡng kỹ năng hoạt động cho đại biểu HĐND cấp huyện \(term($0.year)), lớp \($0.k) năm \($0.year)"
                     }),
            DemoTemplate(type: "HDND", institution: "TTBD", organiser: .unit("SNV"), hours: 24, days: 2...3,
                     slots: [DemoSlot(key: DemoKey.councilCommuneKinh, size: 22...32),
                             DemoSlot(key: DemoKey.councilCommuneOther, size: 25...35)],
                     weight: 1,
                     name: {
                         "Bồi dưỡng kỹ năng hoạt động cho đại biểu HĐND cấp xã \(term($0.year)), lớp \($0.k) năm \($0.year)"
                     }),
        ]
    }

    /// Runs rounds of templates over one year until its quotas are used up; returns what is left.
    mutating func fillYear(_ templates: [DemoTemplate], idOffset: Int, year: Int, remaining: [Int]) -> [Int] {
        var remaining = remaining
        var rounds = 0
        while remaining.contains(where: { $0 > 0 }) && rounds < 400 {
            rounds += 1
            for (index, template) in templates.enumerated() where rng.chance(template.weight) {
                guard template.slots.contains(where: { remaining[$0.key] > 0 }) else { continue }
                openClass(template, templateID: idOffset + index, end: randomEnd(template, year: year),
                          remaining: &remaining, counted: true)
            }
        }
        return remaining
    }

    func tally(_ cls: Int) -> [Int] {
        var counts = Array(repeating: 0, count: DemoKey.count)
        for enrolment in enrolments where enrolment.cls == cls && enrolment.result == .completed {
            guard let s = state(enrolment.person, on: classes[cls].draft.start) else { continue }
            if enrolment.capacity == .staff {
                counts[DemoKey.staff(level: units[s.unit].level, category: s.category)] += 1
            } else {
                counts[DemoKey.council(level: enrolment.capacity.councilLevel!, kinh: people[enrolment.person].isKinh)] += 1
            }
        }
        return counts
    }

    mutating func makeClasses() {
        let staff = staffTemplates()
        let council = councilTemplates()
        let councilOffset = staff.count
        var unlimited = Array(repeating: Int.max, count: DemoKey.count)

        // Before the period: one class ending in 2015 (never counted).
        openClass(staff[2], templateID: 2, start: Day(2015, 9, 7), end: Day(2015, 11, 13), remaining: &unlimited,
                  counted: false)

        let staffYears = (0..<6).map { Self.split(Self.staffTargets[$0], weights: [18, 20, 22, 21, 19]) }
        let councilYears = (0..<6).map { Self.split(Self.councilTargets[$0], weights: [34, 17, 17, 16, 16]) }
        let classATally = tally(0)
        var carry = Array(repeating: 0, count: DemoKey.count)
        for (yearIndex, year) in (2016...2020).enumerated() {
            var remaining = Array(repeating: 0, count: DemoKey.count)
            for key in 0..<6 { remaining[key] = staffYears[key][yearIndex] + carry[key] }
            if year == 2016 {
                // Starts in December 2015, ends in January 2016: counted, by its end date.
                openClass(staff[19], templateID: 19, start: Day(2015, 12, 28), end: Day(2016, 1, 8),
                          remaining: &remaining, counted: true)
            }
            if year == 2020 {
                for key in 0..<DemoKey.count { remaining[key] -= classATally[key] }
                // Ends on the last day of the period: counted.
                openClass(staff[14], templateID: 14, start: Day(2020, 3, 2), end: Day(2020, 12, 31),
                          remaining: &remaining, counted: true)
            }
            carry = fillYear(staff, idOffset: 0, year: year, remaining: remaining)
            var councilRemaining = Array(repeating: 0, count: DemoKey.count)
            for key in 0..<6 { councilRemaining[6 + key] = councilYears[key][yearIndex] + carry[6 + key] }
            let councilCarry = fillYear(council, idOffset: councilOffset, year: year, remaining: councilRemaining)
            for key in 6..<DemoKey.count { carry[key] = councilCarry[key] }
        }
        precondition(carry.allSatisfy { $0 == 0 }, "Không đủ học viên cho chỉ tiêu: \(carry)")

        // Starts in December 2020, ends in January 2021: not counted.
        openClass(staff[2], templateID: 2, start: Day(2020, 12, 7), end: Day(2021, 1, 29), remaining: &unlimited,
                  counted: false)
        // After the period.
        for year in 2021...2023 {
            for (index, template) in staff.enumerated() where rng.chance(0.3) {
                openClass(template, templateID: index, end: randomEnd(template, year: year), remaining: &unlimited,
                          counted: false)
            }
        }
        for (index, template) in council.enumerated() {
            for _ in 0..<2 {
                openClass(template, templateID: councilOffset + index, end: randomEnd(template, year: 2021),
                          remaining: &unlimited, counted: false)
            }
        }
        let abroad = DemoTemplate(
            type: "LDQL", institution: nil, organiser: .unit("SNV"), hours: 80, days: 11...11,
            slots: [DemoSlot(key: DemoKey.provincial, size: 10...14), DemoSlot(key: DemoKey.district, size: 4...6)], weight: 1,
            name: { _ in "Bồi dưỡng kinh nghiệm quản lý hành chính công tại Cộng hòa Singapore năm 2022" })
        openClass(abroad, templateID: 99, start: Day(2022, 9, 12), end: Day(2022, 9, 23), remaining: &unlimited,
                  counted: false, location: .abroad)
    }

    // MARK: Qualifications granted by classes

    mutating func grantQualificationsFromClasses() {
        let political = QualificationKind.politicalTheory.levels
        let management = QualificationKind.stateManagement.levels
        let professional = QualificationKind.professional.levels
        var hasRows: [[Bool]] = Array(repeating: [false, false, false], count: people.count)
        for qual in quals {
            hasRows[qual.person][QualificationKind.allCases.firstIndex(of: qual.qualification.kind)!] = true
        }
        for enrolment in enrolments where enrolment.result == .completed {
            let cls = classes[enrolment.cls].draft
            guard let grants = cls.grants else { continue }
            let p = enrolment.person
            let (kind, level) = (grants.kind, grants.level)
            if kind == .professional && rateMembers[p] { continue }
            let kindIndex = QualificationKind.allCases.firstIndex(of: kind)!
            guard !hasRows[p][kindIndex] else { continue }
            let list = kind == .politicalTheory ? political : (kind == .stateManagement ? management : professional)
            let declared: String?
            switch kind {
            case .politicalTheory: declared = people[p].draft.politicalLevel
            case .stateManagement: declared = people[p].draft.stateManagementLevel
            case .professional: declared = people[p].draft.professionalLevel
            }
            let newRank = list.rank(level)!
            if let declared, let rank = list.rank(declared), rank >= newRank { continue }
            hasRows[p][kindIndex] = true
            if let declared {
                let earlier = Day(min(people[p].birth.year + 24, cls.end.year - 1), 6, 30)
                addQual(p, kind, declared, earlier)
            }
            addQual(p, kind, level, cls.end)
            switch kind {
            case .politicalTheory: people[p].draft.politicalLevel = level
            case .stateManagement: people[p].draft.stateManagementLevel = level
            case .professional: people[p].draft.professionalLevel = level
            }
        }
    }

    // MARK: Funding

    mutating func makeFunding(classes sorted: [DemoOpenedClass]) {
        var numbers: [Int: Int] = [:]
        func number(_ year: Int) -> String {
            let next = (numbers[year] ?? 0) + 1
            numbers[year] = next
            return "KP\(year)-" + demoPadded(next, 3)
        }
        func classesOf(year: Int, where test: (DemoOpenedClass) -> Bool) -> [ClassDraft] {
            sorted.filter { $0.draft.end.year == year && test($0) }.map(\.draft)
        }
        let commune = 1 << DemoKey.commune
        var lines: [FundingDraft] = []
        func add(_ year: Int, _ source: String, _ amount: Int, _ kind: FundingKind, _ cls: String?, _ note: String?) {
            lines.append(FundingDraft(documentNumber: number(year), year: year, source: source, amount: amount,
                                         kind: kind, classCode: cls, note: note))
        }
        let provincial = [4_520, 4_850, 5_120, 5_030, 4_660]
        let national = [150, 180, 200, 190, 180]
        let estimates = [5_000, 5_200, 5_400, 5_300, 5_000]
        for (index, year) in (2016...2020).enumerated() {
            add(year, "NS-TINH", estimates[index] * 1_000_000, .estimate, nil,
                "Dự toán kinh phí đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm \(year)")
            add(year, "MTQG-NTM", 220_000_000, .estimate, nil,
                "Dự toán bồi dưỡng cán bộ, công chức cấp xã theo Chương trình MTQG xây dựng nông thôn mới năm \(year)")
            // Provincial budget: a general allocation, one to the training centre, the rest by class.
            let funded = classesOf(year: year) {
                $0.draft.institutionCode == "TCT"
                    && ["NGACH", "LLCT", "LDQL", "BONHIEM"].contains($0.draft.programmeType)
            }
            let byClass = Array(funded.prefix(rng.int(3...5)))
            let weights = [rng.int(30...40), rng.int(12...18)] + byClass.map { _ in rng.int(6...12) }
            let total = provincial[index] * 1_000_000
            var parts = Self.split(total / 5_000_000, weights: weights).map { $0 * 5_000_000 }
            parts[0] += total - parts.reduce(0, +)
            add(year, "NS-TINH", parts[0], .actual, nil,
                "Kinh phí đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm \(year) giao Sở Nội vụ")
            add(year, "NS-TINH", parts[1], .actual, nil,
                "Kinh phí mở các lớp bồi dưỡng tại Trung tâm Đào tạo, bồi dưỡng cán bộ, công chức năm \(year)")
            for (offset, cls) in byClass.enumerated() {
                add(year, "NS-TINH", parts[2 + offset], .actual, cls.code, "Kinh phí mở lớp: \(cls.name)")
            }
            // National target programme for new countryside: commune classes.
            let communeClasses = classesOf(year: year) {
                $0.audience & commune != 0 && $0.draft.programmeType == "VTVL"
            }
            let nationalTotal = national[index] * 1_000_000
            if communeClasses.count >= 2 && year != 2016 {
                let first = nationalTotal / 2 + rng.int(-4...4) * 5_000_000
                add(year, "MTQG-NTM", first, .actual, communeClasses[0].code,
                    "Bồi dưỡng công chức cấp xã theo Chương trình MTQG xây dựng nông thôn mới")
                add(year, "MTQG-NTM", nationalTotal - first, .actual, communeClasses[1].code,
                    "Bồi dưỡng công chức cấp xã theo Chương trình MTQG xây dựng nông thôn mới")
            } else {
                add(year, "MTQG-NTM", nationalTotal, .actual, communeClasses.first?.code,
                    "Bồi dưỡng cán bộ, công chức cấp xã theo Chương trình MTQG xây dựng nông thôn mới")
            }
            if year == 2018 {
                let target = communeClasses.count > 2 ? communeClasses[2] : communeClasses.last
                add(year, "TW-BNV", 497_500_000, .actual, target?.code,
                    "Bộ Nội vụ hỗ trợ bồi dưỡng công chức cấp xã theo Chương trình MTQG xây dựng nông thôn mới")
            }
        }
        // Units' own money, learners' own money and other sources: not provincial budget.
        let health = classesOf(year: 2017) { $0.draft.organisingUnitCode == "SYT" }.first
        add(2017, "DON-VI", 126_000_000, .actual, health?.code, "Bệnh viện Đa khoa tỉnh tự chi trả")
        let schools = classesOf(year: 2019) { $0.draft.organisingUnitCode == "SGDDT" }.first
        add(2019, "DON-VI", 84_500_000, .actual, schools?.code, "Kinh phí sự nghiệp giáo dục của đơn vị")
        add(2020, "DON-VI", 63_000_000, .actual, nil, "Các đơn vị sự nghiệp tự chi trả cho viên chức đi học")
        let masters = sorted.map(\.draft).first {
            $0.grants == QualificationLevel(kind: .professional, level: "THAC-SI") && $0.end.year <= 2020
        }
        add(2019, "CA-NHAN", 38_000_000, .actual, masters?.code, "Học viên tự chi trả học phí")
        add(2018, "KHAC", 25_000_000, .actual, nil, "Tài trợ của dự án phát triển nông thôn")
        // Outside the period.
        add(2015, "NS-TINH", 4_100_000_000, .actual, nil, "Kinh phí đào tạo, bồi dưỡng năm 2015")
        add(2021, "NS-TINH", 5_200_000_000, .estimate, nil, "Dự toán kinh phí đào tạo, bồi dưỡng năm 2021")
        let late = classesOf(year: 2021) { $0.draft.institutionCode == "TCT" }
        add(2021, "NS-TINH", 2_650_000_000, .actual, nil, "Kinh phí đào tạo, bồi dưỡng năm 2021 giao Sở Nội vụ")
        add(2021, "NS-TINH", 1_300_000_000, .actual, late.first?.code, "Kinh phí mở lớp năm 2021")
        add(2021, "MTQG-NTM", 160_000_000, .actual, nil, "Bồi dưỡng cán bộ, công chức cấp xã năm 2021")
        funding = lines.sorted { ($0.year, $0.documentNumber) < ($1.year, $1.documentNumber) }
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
    fileprivate func demoReplacing(_ placeholder: String, with value: String) -> String {
        guard contains(placeholder) else { return self }
        return replacing(placeholder, with: value)
    }
}

/// `value` in decimal with leading zeros to `width` digits (more digits when it needs them).
private func demoPadded(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// The qualification a demo class template grants: "LLCT-TC" → LLCT TRUNG-CAP, …; nil for none.
private func demoGrant(_ code: String) -> (QualificationKind, String)? {
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
