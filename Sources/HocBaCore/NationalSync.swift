/// The national CBCCVC database (NĐ 27/2026/NĐ-CP): every dossier keyed by the personal ID, and the employing body
/// bringing work and training changes into it within three working days. What hocba sends for a person
/// (`NationalRecord`, its fields mapped in docs/national-sync.md) and the calendar that dates the deadline
/// (`WorkingCalendar`).

/// Working days: Monday to Friday, except the public holidays of a code list (`CodeList.publicHolidays`, ISO dates
/// as codes, which the province keeps current each year).
public struct WorkingCalendar: Sendable, Equatable {
    /// How many working days after a change the national database must have it (NĐ 27/2026/NĐ-CP).
    public static let deliveryWorkingDays = 3

    public let holidays: Set<Day>

    public init(holidays: Set<Day>) {
        self.holidays = holidays
    }

    /// The holidays of the list; codes that are not dates are ignored (the catalogue refuses them).
    public init(holidays list: CodeList) {
        self.init(holidays: Set(list.entries.compactMap { Day(iso: $0.code) }))
    }

    /// Monday (0) … Sunday (6). Day 0 of `Day.ordinal`, 1970-01-01, was a Thursday.
    public static func weekday(_ day: Day) -> Int { ((day.ordinal + 3) % 7 + 7) % 7 }

    public func isWorkingDay(_ day: Day) -> Bool { Self.weekday(day) < 5 && !holidays.contains(day) }

    /// The last day a change made on `day` may reach the national database: the third working day after it (a
    /// change on a Thursday is due on the next Tuesday).
    public func deadline(forChangeOn day: Day, workingDays: Int = deliveryWorkingDays) -> Day {
        var current = day, counted = 0
        while counted < workingDays {
            current = current.adding(days: 1)
            if isWorkingDay(current) { counted += 1 }
        }
        return current
    }

    /// Whether a change made on `day` and not yet delivered is late on `today`.
    public func isOverdue(changedOn day: Day, today: Day) -> Bool { today > deadline(forChangeOn: day) }
}

extension CodeList {
    /// Public holidays on which no one works (Bộ luật Lao động 2019, Điều 112, and the dates the Government
    /// announces each year), as ISO dates. Seeded with 2025 and 2026; a province adds each new year's on
    /// `/danh-muc`.
    public static let publicHolidays = CodeList(name: "ngay-nghi-le", title: "Ngày nghỉ lễ, Tết", entries: [
        CodeEntry("2025-01-01", "Tết Dương lịch 2025"),
        CodeEntry("2025-01-25", "Tết Nguyên đán Ất Tỵ"), CodeEntry("2025-01-26", "Tết Nguyên đán Ất Tỵ"),
        CodeEntry("2025-01-27", "Tết Nguyên đán Ất Tỵ"), CodeEntry("2025-01-28", "Tết Nguyên đán Ất Tỵ"),
        CodeEntry("2025-01-29", "Tết Nguyên đán Ất Tỵ"), CodeEntry("2025-01-30", "Tết Nguyên đán Ất Tỵ"),
        CodeEntry("2025-01-31", "Tết Nguyên đán Ất Tỵ"), CodeEntry("2025-02-01", "Tết Nguyên đán Ất Tỵ"),
        CodeEntry("2025-02-02", "Tết Nguyên đán Ất Tỵ"),
        CodeEntry("2025-04-07", "Giỗ Tổ Hùng Vương 2025"),
        CodeEntry("2025-04-30", "Ngày Giải phóng miền Nam 2025"), CodeEntry("2025-05-01", "Quốc tế Lao động 2025"),
        CodeEntry("2025-05-02", "Nghỉ bù (hoán đổi ngày làm việc 26/4/2025)"),
        CodeEntry("2025-09-01", "Quốc khánh 2025"), CodeEntry("2025-09-02", "Quốc khánh 2025"),
        CodeEntry("2026-01-01", "Tết Dương lịch 2026"),
        CodeEntry("2026-02-14", "Tết Nguyên đán Bính Ngọ"), CodeEntry("2026-02-15", "Tết Nguyên đán Bính Ngọ"),
        CodeEntry("2026-02-16", "Tết Nguyên đán Bính Ngọ"), CodeEntry("2026-02-17", "Tết Nguyên đán Bính Ngọ"),
        CodeEntry("2026-02-18", "Tết Nguyên đán Bính Ngọ"), CodeEntry("2026-02-19", "Tết Nguyên đán Bính Ngọ"),
        CodeEntry("2026-02-20", "Tết Nguyên đán Bính Ngọ"), CodeEntry("2026-02-21", "Tết Nguyên đán Bính Ngọ"),
        CodeEntry("2026-02-22", "Tết Nguyên đán Bính Ngọ"),
        CodeEntry("2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương (26/4/2026 là Chủ nhật)"),
        CodeEntry("2026-04-30", "Ngày Giải phóng miền Nam 2026"), CodeEntry("2026-05-01", "Quốc tế Lao động 2026"),
        CodeEntry("2026-09-01", "Quốc khánh 2026"), CodeEntry("2026-09-02", "Quốc khánh 2026"),
    ])
}

/// One person as hocba sends them to the national database: identity, current post, levels, qualifications, work
/// history and training, and when their data last changed. Encoded with snake_case keys (`so_dinh_danh`, …), one
/// JSON object a line.
public struct NationalRecord: Codable, Sendable, Equatable {
    public struct Unit: Codable, Sendable, Equatable {
        public var ma: String
        public var ten: String

        public init(ma: String, ten: String) {
            self.ma = ma
            self.ten = ten
        }
    }

    public struct Levels: Codable, Sendable, Equatable {
        public var chuyenMon: String?
        public var lyLuanChinhTri: String?
        public var quanLyNhaNuoc: String?

        public init(chuyenMon: String?, lyLuanChinhTri: String?, quanLyNhaNuoc: String?) {
            self.chuyenMon = chuyenMon
            self.lyLuanChinhTri = lyLuanChinhTri
            self.quanLyNhaNuoc = quanLyNhaNuoc
        }
    }

    public struct Diploma: Codable, Sendable, Equatable {
        public var loai: String
        public var trinhDo: String
        public var ngayCap: String

        public init(loai: String, trinhDo: String, ngayCap: String) {
            self.loai = loai
            self.trinhDo = trinhDo
            self.ngayCap = ngayCap
        }
    }

    public struct Service: Codable, Sendable, Equatable {
        public var donVi: Unit
        public var doiTuong: String
        public var maNgach: String?
        public var chucVu: String?
        public var tuNgay: String
        public var denNgay: String?

        public init(donVi: Unit, doiTuong: String, maNgach: String?, chucVu: String?, tuNgay: String, denNgay: String?) {
            self.donVi = donVi
            self.doiTuong = doiTuong
            self.maNgach = maNgach
            self.chucVu = chucVu
            self.tuNgay = tuNgay
            self.denNgay = denNgay
        }
    }

    public struct Training: Codable, Sendable, Equatable {
        public var maLop: String
        public var tenLop: String
        public var loaiChuongTrinh: String
        public var hinhThuc: String
        public var tuNgay: String
        public var denNgay: String
        public var soTiet: Int?
        public var coSoDaoTao: String?
        public var tuCach: String
        public var ketQua: String?
        public var soChungChi: String?
        public var ngayCapChungChi: String?

        public init(maLop: String, tenLop: String, loaiChuongTrinh: String, hinhThuc: String, tuNgay: String,
                    denNgay: String, soTiet: Int?, coSoDaoTao: String?, tuCach: String, ketQua: String?,
                    soChungChi: String?, ngayCapChungChi: String?) {
            self.maLop = maLop
            self.tenLop = tenLop
            self.loaiChuongTrinh = loaiChuongTrinh
            self.hinhThuc = hinhThuc
            self.tuNgay = tuNgay
            self.denNgay = denNgay
            self.soTiet = soTiet
            self.coSoDaoTao = coSoDaoTao
            self.tuCach = tuCach
            self.ketQua = ketQua
            self.soChungChi = soChungChi
            self.ngayCapChungChi = ngayCapChungChi
        }
    }

    public var soDinhDanh: String
    /// hocba's own code, so that a reply from the national database can be traced back.
    public var maCanBo: String
    public var hoVaTen: String
    public var ngaySinh: String?
    public var gioiTinh: String?
    public var danToc: String?
    public var coQuanDonVi: Unit
    public var doiTuong: String
    public var maNgach: String?
    public var chucVu: String?
    public var trinhDo: Levels
    public var vanBang: [Diploma]
    public var quaTrinhCongTac: [Service]
    public var daoTaoBoiDuong: [Training]
    /// The last change hocba's trail holds for this person within the export (ISO 8601, UTC).
    public var thayDoiLuc: String

    public init(soDinhDanh: String, maCanBo: String, hoVaTen: String, ngaySinh: String?, gioiTinh: String?,
                danToc: String?, coQuanDonVi: Unit, doiTuong: String, maNgach: String?, chucVu: String?,
                trinhDo: Levels, vanBang: [Diploma], quaTrinhCongTac: [Service], daoTaoBoiDuong: [Training],
                thayDoiLuc: String) {
        self.soDinhDanh = soDinhDanh
        self.maCanBo = maCanBo
        self.hoVaTen = hoVaTen
        self.ngaySinh = ngaySinh
        self.gioiTinh = gioiTinh
        self.danToc = danToc
        self.coQuanDonVi = coQuanDonVi
        self.doiTuong = doiTuong
        self.maNgach = maNgach
        self.chucVu = chucVu
        self.trinhDo = trinhDo
        self.vanBang = vanBang
        self.quaTrinhCongTac = quaTrinhCongTac
        self.daoTaoBoiDuong = daoTaoBoiDuong
        self.thayDoiLuc = thayDoiLuc
    }
}
