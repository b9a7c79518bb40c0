/// Annual ratings (đánh giá, xếp loại chất lượng hằng năm): every cán bộ, công chức and viên chức is rated once a
/// year in one of four grades. The sending rules for long training ask for good ratings in the years before a
/// nomination (docs/nominations.md), so the record keeps them, one per person and year (sheet DanhGia).

/// The four grades, best first. The codes are the abbreviations every HR office writes.
public enum AnnualRating: String, CaseIterable, Sendable, Codable, Comparable {
    case excellent = "HTXS"
    case good = "HTT"
    case completed = "HT"
    case notCompleted = "KHT"

    public var label: String {
        switch self {
        case .excellent: "Hoàn thành xuất sắc nhiệm vụ"
        case .good: "Hoàn thành tốt nhiệm vụ"
        case .completed: "Hoàn thành nhiệm vụ"
        case .notCompleted: "Không hoàn thành nhiệm vụ"
        }
    }

    /// Higher is better: "at least Hoàn thành tốt nhiệm vụ" is `rating >= .good`.
    var rank: Int {
        switch self {
        case .excellent: 3
        case .good: 2
        case .completed: 1
        case .notCompleted: 0
        }
    }

    public static func < (lhs: AnnualRating, rhs: AnnualRating) -> Bool { lhs.rank < rhs.rank }
}

extension CodeList {
    /// Fixed (not an editable catalogue): the grades are the law's, and eligibility compares them.
    public static let ratings = CodeList(name: "xep-loai", title: "Xếp loại", entries: AnnualRating.allCases.map {
        CodeEntry($0.rawValue, $0.label, rank: $0.rank)
    })
}

/// One person's rating of one year.
public struct YearRating: Hashable, Sendable {
    public let year: Int
    public let rating: AnnualRating

    public init(year: Int, rating: AnnualRating) {
        self.year = year
        self.rating = rating
    }
}

/// A DanhGia row: a person's rating of a year.
public struct RatingDraft: Sendable, Equatable {
    public var personCode: String
    public var year: Int
    public var rating: AnnualRating

    public init(personCode: String, year: Int, rating: AnnualRating) {
        self.personCode = personCode
        self.year = year
        self.rating = rating
    }

    public static func read(_ fields: RawFields) -> Result<RatingDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let person = reader.required("person_code", "mã cán bộ")
        let year = RatingDraft.readYear(&reader)
        let rating = reader.coded("rating", "Xếp loại", in: .ratings, required: true).flatMap(AnnualRating.init(rawValue:))
        return reader.result(RatingDraft(personCode: person, year: year ?? 0, rating: rating ?? .completed))
    }

    /// The year rated: one of the years a date may be entered for.
    static func readYear(_ reader: inout FieldReader) -> Int? {
        guard reader.optional("year") != nil else {
            reader.fail("year", "Chưa nhập năm.")
            return nil
        }
        return reader.integer("year", "Năm", range: Day.enterableYears)
    }
}
