/// The personal identification number (số định danh cá nhân, Thông tư 07/2016/TT-BCA as amended): 12 digits,
///
///     006  1  85  123456
///     │    │  │   └ six random digits
///     │    │  └ the last two digits of the birth year
///     │    └ century of birth and sex: 20th century 0 male / 1 female, 21st 2 / 3, 22nd 4 / 5, 23rd 6 / 7, 24th 8 / 9
///     └ the code of the province where the birth was registered (`CodeList.birthRegistrationProvinces`)
///
/// The national CBCCVC database keys every dossier by it. `check` tells what is wrong with a number as typed, in the
/// words an officer can act on, each mistake its own message; an empty number is not checked (it is "missing").
public struct PersonalID: Hashable, Sendable, CustomStringConvertible {
    /// The twelve digits.
    public let digits: String

    public var description: String { digits }

    /// The code of the province where the birth was registered ("006").
    public var provinceCode: String { String(digits.prefix(3)) }

    /// The first year of the century the fourth digit names (1900 for 0 and 1).
    public var centuryStart: Int { 1900 + 100 * (digit(3) / 2) }

    /// The sex the fourth digit names (even: male, odd: female).
    public var sex: Sex { digit(3) % 2 == 0 ? .male : .female }

    /// The birth year digits five and six give, within the fourth digit's century.
    public var birthYear: Int { centuryStart + digit(4) * 10 + digit(5) }

    /// "006*******56": the first three and last two digits, for everyone but the person's own unit.
    public var masked: String { Self.masked(digits) }

    /// A stored number masked as `masked` does.
    public static func masked(_ digits: String) -> String {
        String(digits.prefix(3)) + String(repeating: "*", count: max(0, digits.count - 5)) + String(digits.suffix(2))
    }

    private func digit(_ index: Int) -> Int {
        Int(digits.utf8[digits.utf8.index(digits.utf8.startIndex, offsetBy: index)] - UInt8(ascii: "0"))
    }

    private init(unchecked digits: String) { self.digits = digits }

    /// A number as typed without the spaces and dots people copy from a card.
    static func typed(_ text: String) -> String { String(text.filter { !$0.isWhitespace && $0 != "." }) }

    /// The twelve digits a search box holds when it holds a whole number (nothing is checked but its shape).
    public static func searched(_ text: String) -> String? {
        let compact = typed(text)
        return compact.count == 12 && compact.allSatisfy({ $0.isASCII && $0.isNumber }) ? compact : nil
    }

    /// Reads a number as typed (spaces and dots between digit groups are tolerated, as people copy them from a card)
    /// and checks it against the code list and against the person's recorded sex and birth date when they are known.
    /// Returns the number, or every problem found in it.
    public static func check(_ text: String, sex: Sex?, birthDate: Day?,
                             provinces: CodeList = .birthRegistrationProvinces) -> Result<PersonalID, ValidationFailure> {
        let field = "personal_id"
        let compact = typed(text)
        guard compact.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(ValidationFailure(field: field, "Số định danh cá nhân chỉ gồm chữ số: \"\(text)\"."))
        }
        guard compact.count == 12 else {
            return .failure(ValidationFailure(field: field,
                "Số định danh cá nhân phải có đúng 12 chữ số; \"\(text)\" có \(compact.count)."))
        }
        let id = PersonalID(unchecked: compact)
        var problems: [String] = []
        if provinces.entry(id.provinceCode) == nil {
            problems.append("Ba chữ số đầu \(id.provinceCode) không phải mã tỉnh nơi đăng ký khai sinh nào.")
        }
        if let sex, id.sex != sex {
            problems.append("Chữ số thứ tư (\(id.digit(3))) là của người \(id.sex.label.lowercased()), "
                            + "nhưng hồ sơ ghi giới tính \(sex.label.lowercased()).")
        }
        if let birthDate, id.birthYear != birthDate.year {
            let centuryDigits = "\(id.digit(3))\(id.digit(4))\(id.digit(5))"
            if birthDate.year / 100 != id.centuryStart / 100 {
                problems.append("Chữ số thứ tư (\(id.digit(3))) chỉ người sinh trong các năm \(id.centuryStart)–"
                                + "\(id.centuryStart + 99), nhưng hồ sơ ghi sinh năm \(birthDate.year).")
            } else {
                problems.append("Chữ số thứ năm và sáu (\(centuryDigits.suffix(2))) chỉ năm sinh \(id.birthYear), "
                                + "nhưng hồ sơ ghi sinh năm \(birthDate.year).")
            }
        }
        // One message for the number, however many of its digits disagree: a form shows it under the field, an
        // import as one line for the row.
        guard problems.isEmpty else {
            return .failure(ValidationFailure(field: field,
                "Số định danh cá nhân \(compact) không hợp lệ: " + problems.joined(separator: " ")))
        }
        return .success(id)
    }
}

extension CodeList {
    /// The 63 codes of the provinces where a birth is registered (Thông tư 07/2016/TT-BCA), as they stood before the
    /// mergers of 2025: a number keeps the code of the province that registered the birth.
    public static let birthRegistrationProvinces = CodeList(
        name: "tinh-dang-ky-khai-sinh", title: "Mã tỉnh nơi đăng ký khai sinh",
        entries: [
            ("001", "Hà Nội"), ("002", "Hà Giang"), ("004", "Cao Bằng"), ("006", "Bắc Kạn"), ("008", "Tuyên Quang"),
            ("010", "Lào Cai"), ("011", "Điện Biên"), ("012", "Lai Châu"), ("014", "Sơn La"), ("015", "Yên Bái"),
            ("017", "Hòa Bình"), ("019", "Thái Nguyên"), ("020", "Lạng Sơn"), ("022", "Quảng Ninh"),
            ("024", "Bắc Giang"), ("025", "Phú Thọ"), ("026", "Vĩnh Phúc"), ("027", "Bắc Ninh"), ("030", "Hải Dương"),
            ("031", "Hải Phòng"), ("033", "Hưng Yên"), ("034", "Thái Bình"), ("035", "Hà Nam"), ("036", "Nam Định"),
            ("037", "Ninh Bình"), ("038", "Thanh Hóa"), ("040", "Nghệ An"), ("042", "Hà Tĩnh"),
            ("044", "Quảng Bình"), ("045", "Quảng Trị"), ("046", "Thừa Thiên Huế"), ("048", "Đà Nẵng"),
            ("049", "Quảng Nam"), ("051", "Quảng Ngãi"), ("052", "Bình Định"), ("054", "Phú Yên"),
            ("056", "Khánh Hòa"), ("058", "Ninh Thuận"), ("060", "Bình Thuận"), ("062", "Kon Tum"), ("064", "Gia Lai"),
            ("066", "Đắk Lắk"), ("067", "Đắk Nông"), ("068", "Lâm Đồng"), ("070", "Bình Phước"), ("072", "Tây Ninh"),
            ("074", "Bình Dương"), ("075", "Đồng Nai"), ("077", "Bà Rịa - Vũng Tàu"), ("079", "Hồ Chí Minh"),
            ("080", "Long An"), ("082", "Tiền Giang"), ("083", "Bến Tre"), ("084", "Trà Vinh"), ("086", "Vĩnh Long"),
            ("087", "Đồng Tháp"), ("089", "An Giang"), ("091", "Kiên Giang"), ("092", "Cần Thơ"),
            ("093", "Hậu Giang"), ("094", "Sóc Trăng"), ("095", "Bạc Liêu"), ("096", "Cà Mau"),
        ].map { CodeEntry($0.0, $0.1) })
}
