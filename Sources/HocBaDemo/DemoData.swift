import HocBaCore

/// The province's fixed tables: districts and their communes, agencies, posts, schools, the political school's
/// instructors, and names by ethnic group.

enum DemoData {
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

enum DemoNames {
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
