/// The standard workbook of docs/workbook.md: which sheets it has, in dependency order, which columns each has,
/// how sheet names and headers are recognised, and how a cell becomes the text a draft reads.
///
/// Import, export and the downloadable template all follow this one definition.

/// A cell as read from an xlsx sheet or a CSV file, before its column interprets it.
public enum SheetCell: Sendable, Equatable {
    case text(String)
    /// A numeric cell, as stored ("24180000000", "1.5E3").
    case number(String)
    /// A numeric cell formatted as a date (or a `t="d"` cell).
    case date(Day)
    case bool(Bool)
    /// A formula error such as "#N/A".
    case error(String)
}

/// What a column holds, which decides how a cell is read into text.
public enum ColumnKind: Sendable, Equatable {
    case text
    /// A code of a list, given as the code or its label.
    case code
    case date
    case integer
    /// Whole đồng; text may use `.`, `,` or spaces as thousands separators.
    case money
    /// Có / Không.
    case flag
    /// A number of exactly this many digits kept as text (a personal ID). Excel drops the leading zeros of a
    /// number typed into a cell not formatted as text (almost every personal ID begins with 0), so a numeric cell
    /// with fewer digits gets them back.
    case digits(Int)
}

public struct WorkbookColumn: Sendable, Equatable {
    /// The header as the standard workbook writes it, e.g. "Mã cán bộ".
    public let header: String
    /// The field name the draft readers use, e.g. "code".
    public let field: String
    public let required: Bool
    public let kind: ColumnKind

    public init(_ header: String, _ field: String, required: Bool = false, _ kind: ColumnKind = .text) {
        self.header = header
        self.field = field
        self.required = required
        self.kind = kind
    }

    /// "Mã cán bộ*" for a required column, as the template writes it.
    public var templateHeader: String { required ? header + "*" : header }
}

public enum WorkbookSheet: String, CaseIterable, Sendable, Hashable {
    // Dependency order: a sheet only refers to sheets above it.
    case institutions = "CoSoDaoTao"
    case units = "DonVi"
    case positions = "ViTriViecLam"
    case people = "CanBo"
    case history = "QuaTrinh"
    case qualifications = "VanBang"
    /// Issue 17: annual ratings, which the sending rules read.
    case ratings = "DanhGia"
    case instructors = "GiangVien"
    case classes = "LopHoc"
    case enrolments = "HocVien"
    case funding = "KinhPhi"

    public var title: String {
        switch self {
        case .institutions: "Cơ sở đào tạo"
        case .units: "Đơn vị"
        case .positions: "Vị trí việc làm"
        case .people: "Cán bộ"
        case .history: "Quá trình công tác"
        case .qualifications: "Văn bằng"
        case .ratings: "Đánh giá, xếp loại"
        case .instructors: "Giảng viên"
        case .classes: "Lớp học"
        case .enrolments: "Học viên"
        case .funding: "Kinh phí"
        }
    }

    public var columns: [WorkbookColumn] {
        switch self {
        case .institutions:
            [.init("Mã cơ sở", "code", required: true), .init("Tên cơ sở", "name", required: true)]
        case .units:
            [.init("Mã đơn vị", "code", required: true), .init("Tên đơn vị", "name", required: true),
             .init("Cấp", "level", required: true, .code), .init("Mã đơn vị cấp trên", "parent_code"),
             .init("Hiệu lực từ", "valid_from", .date), .init("Hiệu lực đến", "valid_to", .date),
             .init("Sáp nhập vào", "merged_into_code")]
        case .positions:
            [.init("Mã vị trí", "code", required: true), .init("Tên vị trí", "name", required: true),
             .init("Nhóm", "group", required: true, .code), .init("Mã ngạch tương ứng", "rank_code"),
             .init("Mã đơn vị", "unit_code")]
        case .people:
            [.init("Mã cán bộ", "code", required: true), .init("Họ và tên", "full_name", required: true),
             .init("Ngày sinh", "birth_date", .date), .init("Giới tính", "sex", .code), .init("Dân tộc", "ethnicity"),
             .init("Mã đơn vị", "unit_code", required: true), .init("Đối tượng", "category", required: true, .code),
             .init("Mã ngạch", "rank_code"), .init("Chức vụ", "post"),
             .init("Trình độ chuyên môn", "professional_level", .code),
             .init("Lý luận chính trị", "political_level", .code),
             .init("Quản lý nhà nước", "state_management_level", .code),
             // Version 2 (2026): optional, so files without it import as before and leave stored numbers alone.
             .init("Số định danh cá nhân", "personal_id", .digits(12)),
             // Issue 14 (Luật Cán bộ, công chức 2025): optional and last, so that files without it import as
             // before; an import whose sheet lacks it leaves the stored position as it is.
             .init("Vị trí việc làm", "position_code")]
        case .history:
            [.init("Mã cán bộ", "person_code", required: true), .init("Mã đơn vị", "unit_code", required: true),
             .init("Đối tượng", "category", required: true, .code), .init("Mã ngạch", "rank_code"),
             .init("Chức vụ", "post"), .init("Từ ngày", "from_date", required: true, .date),
             .init("Đến ngày", "to_date", .date),
             // Issue 14: optional and last, as on CanBo.
             .init("Vị trí việc làm", "position_code")]
        case .qualifications:
            [.init("Mã cán bộ", "person_code", required: true), .init("Loại", "kind", required: true, .code),
             .init("Trình độ", "level", required: true, .code), .init("Ngày cấp", "granted_on", required: true, .date)]
        case .ratings:
            [.init("Mã cán bộ", "person_code", required: true), .init("Năm", "year", required: true, .integer),
             .init("Xếp loại", "rating", required: true, .code)]
        case .instructors:
            [.init("Mã giảng viên", "code", required: true), .init("Họ và tên", "full_name", required: true),
             .init("Mã cơ sở", "institution_code", required: true), .init("Học vị", "degree", .code),
             .init("Đã bồi dưỡng phương pháp giảng dạy tích cực", "active_methods_trained", .flag)]
        case .classes:
            [.init("Mã lớp", "code", required: true), .init("Tên lớp", "name", required: true),
             .init("Loại chương trình", "programme_type", required: true, .code), .init("Hình thức", "form", .code),
             .init("Mã cơ sở", "institution_code"), .init("Từ ngày", "start_date", required: true, .date),
             .init("Đến ngày", "end_date", required: true, .date), .init("Số tiết", "hours", .integer),
             .init("Địa điểm", "location", .code), .init("Mã đơn vị tổ chức", "organising_unit_code"),
             // Beyond docs/workbook.md (an optional column, so files without it import as before): the
             // qualification the class leads to, as "KIND:LEVEL", so that an export round-trips.
             .init("Văn bằng lớp cấp", "grants", .code)]
        case .enrolments:
            [.init("Mã lớp", "class_code", required: true), .init("Mã cán bộ", "person_code", required: true),
             .init("Tư cách", "capacity", .code),
             // Required by docs/workbook.md; accepted empty as "no result yet" (a class still running), so that
             // every enrolment can be exported and imported back.
             .init("Kết quả", "result", .code),
             .init("Số chứng chỉ", "certificate_number"), .init("Ngày cấp", "certificate_date", .date)]
        case .funding:
            [.init("Số chứng từ", "document_number", required: true), .init("Năm", "year", required: true, .integer),
             .init("Nguồn", "source", required: true, .code), .init("Số tiền", "amount", required: true, .money),
             .init("Loại khoản", "kind", .code), .init("Mã lớp", "class_code"), .init("Ghi chú", "note")]
        }
    }

    /// The fields that identify a row (upsert key).
    public var keyFields: [String] {
        switch self {
        case .institutions, .units, .positions, .people, .instructors, .classes: ["code"]
        case .history: ["person_code", "from_date"]
        case .qualifications: ["person_code", "kind", "level"]
        case .ratings: ["person_code", "year"]
        case .enrolments: ["class_code", "person_code"]
        case .funding: ["document_number"]
        }
    }

    public func column(field: String) -> WorkbookColumn? { columns.first { $0.field == field } }

    /// The list a coded column takes its values from (for the template's drop-downs); nil for a column whose
    /// list depends on another column (a qualification's level) or is not a fixed list.
    public func codeList(field: String, catalogues: ImportCatalogues = .init()) -> CodeList? {
        switch (self, field) {
        case (.units, "level"): .unitLevels
        case (.positions, "group"): .positionGroups
        case (.people, "sex"): CodeList(name: "gioi-tinh", title: "Giới tính",
                                        entries: Sex.allCases.map { CodeEntry($0.rawValue, $0.label) })
        case (.people, "category"), (.history, "category"): .categories
        case (.people, "professional_level"): .professionalLevels
        case (.people, "political_level"): .politicalTheoryLevels
        case (.people, "state_management_level"): .stateManagementLevels
        case (.qualifications, "kind"): .qualificationKinds
        case (.ratings, "rating"): .ratings
        case (.instructors, "degree"): .instructorDegrees
        case (.classes, "programme_type"): catalogues.programmeTypes
        case (.classes, "form"): .forms
        case (.classes, "location"): .locations
        case (.enrolments, "capacity"): .capacities
        case (.enrolments, "result"): .results
        case (.funding, "source"): catalogues.fundingSources
        case (.funding, "kind"): .fundingKinds
        default: nil
        }
    }

    /// Sheets the standard workbook's export and template add for people (code lists, notes), skipped silently
    /// on import.
    public static let auxiliarySheetNames = ["DanhMuc", "HuongDan"]

    /// The sheet a sheet name (or a CSV file's name without extension) stands for: the standard name or the
    /// Vietnamese title, ignoring case, diacritics, spaces, `_`, `-` and `*`.
    public static func recognise(_ name: String) -> WorkbookSheet? {
        let key = VietnameseText.matchKey(name)
        return allCases.first { VietnameseText.matchKey($0.rawValue) == key || VietnameseText.matchKey($0.title) == key }
    }
}

extension SheetCell {
    /// The text a draft reader takes for this cell in a column of `kind`, or a Vietnamese reason it cannot be.
    public func fieldText(for kind: ColumnKind) -> Result<String, CellProblem> {
        switch (self, kind) {
        case (.text(let text), .digits(let count)):
            return .success(SheetCell.restoringZeros(text, count))
        case (.text(let text), _):
            return .success(text)
        case (.error(let code), _):
            return .failure(CellProblem("là ô lỗi công thức (\(code)), không có giá trị."))
        case (.date(let day), .date):
            return .success(day.iso)
        case (.date(let day), _):
            return .success(day.vietnamese)
        case (.number, .date):
            return .failure(CellProblem("là một số, không phải ngày (định dạng ô là ngày, hoặc nhập dd/mm/yyyy)."))
        case (.number(let raw), .digits(let count)):
            guard let whole = SheetCell.wholeNumber(raw), !whole.hasPrefix("-") else {
                return .failure(CellProblem("phải gồm \(count) chữ số, không phải \(raw)."))
            }
            return .success(SheetCell.restoringZeros(whole, count))
        case (.number(let raw), _):
            return SheetCell.wholeNumber(raw).map { .success($0) }
                ?? (kind == .integer || kind == .money
                    ? .failure(CellProblem("phải là số nguyên, không phải \(raw)."))
                    : .success(raw))
        case (.bool(let value), .flag):
            return .success(value ? "Có" : "Không")
        case (.bool(let value), _):
            return .success(value ? "TRUE" : "FALSE")
        }
    }

    /// Digits that a spreadsheet stripped of their leading zeros, given them back: a number of `count` digits
    /// saved as a number (in a CSV file too) loses them, and no such number's shortened form begins with 0. Only
    /// the shortened forms of a personal ID (10 or 11 digits for province codes 001–096) are touched; anything else
    /// is left for the check to name.
    static func restoringZeros(_ text: String, _ count: Int) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard (count - 2..<count).contains(trimmed.count), !trimmed.hasPrefix("0"),
              trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) else { return text }
        return String(repeating: "0", count: count - trimmed.count) + trimmed
    }

    /// "24180000000", "2.418E10" or "1001.0" as whole-number text; nil when the number has a fraction or is
    /// beyond 64 bits.
    static func wholeNumber(_ raw: String) -> String? {
        if let whole = Int(raw) { return String(whole) }
        guard let value = Double(raw), value.isFinite, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return String(Int(value))
    }
}

/// Why a cell could not be read, to be prefixed by the column's header.
public struct CellProblem: Error, Sendable, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }
}
