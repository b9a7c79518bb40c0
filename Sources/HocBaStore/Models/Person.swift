import Fluent
import HocBaCore

/// A person (CanBo). The columns hold the person's current state; their past lives in `WorkHistoryRow`s and
/// `Qualification`s. `searchKey` and `sortKey` are derived from the name on every save (see `PersonService`).
public final class Person: Model, @unchecked Sendable {
    public static let schema = "people"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "code") public var code: String
    @Field(key: "full_name") public var fullName: String
    /// The name folded for diacritic- and case-insensitive search: "nguyen van a".
    @Field(key: "search_key") public var searchKey: String
    /// Vietnamese name order (given name, family, middle; Vietnamese alphabet), as digits.
    @Field(key: "sort_key") public var sortKey: String
    @OptionalField(key: "birth_date") public var birthDateText: String?
    @OptionalField(key: "sex") public var sexCode: String?
    @OptionalField(key: "ethnicity") public var ethnicity: String?
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "category") public var categoryCode: String
    @OptionalField(key: "rank_code") public var rankCode: String?
    @OptionalField(key: "post") public var post: String?
    @OptionalField(key: "professional_level") public var professionalLevel: String?
    @OptionalField(key: "political_level") public var politicalLevel: String?
    @OptionalField(key: "state_management_level") public var stateManagementLevel: String?
    /// The personal identification number's twelve digits (`PersonalID`), when known.
    @OptionalField(key: "personal_id") public var personalID: String?
    /// The job position held now (`JobPosition.code`), when known.
    @OptionalField(key: "position_code") public var positionCode: String?

    public init() {}

    public var category: Category { Category(rawValue: categoryCode) ?? .civilServant }
    public var sex: Sex? { sexCode.flatMap(Sex.init(rawValue:)) }
    public var birthDate: Day? { birthDateText.flatMap(Day.init(iso:)) }
    public var isEthnicMinority: Bool { Ethnicity.isMinority(ethnicity) }

    /// The CanBo state: what the person is on every date when they have no history rows.
    public var currentState: PersonState {
        PersonState(unitID: unitID, category: category, rankCode: rankCode, post: post, positionCode: positionCode)
    }

    public func declaredLevel(_ kind: QualificationKind) -> String? {
        switch kind {
        case .professional: professionalLevel
        case .politicalTheory: politicalLevel
        case .stateManagement: stateManagementLevel
        }
    }

    /// Sets the name and the keys derived from it.
    public func setName(_ name: String) {
        fullName = name
        searchKey = VietnameseText.fold(name)
        sortKey = VietnameseText.nameSortKey(name)
    }
}

/// One row of a person's work history (QuaTrinh): unit, category, rank and post over a period.
public final class WorkHistoryRow: Model, @unchecked Sendable {
    public static let schema = "work_history"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "person_id") public var personID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "category") public var categoryCode: String
    @OptionalField(key: "rank_code") public var rankCode: String?
    @OptionalField(key: "post") public var post: String?
    @Field(key: "from_date") public var fromText: String
    @OptionalField(key: "to_date") public var toText: String?
    /// The job position held over the period (`JobPosition.code`), when known.
    @OptionalField(key: "position_code") public var positionCode: String?

    public init() {}

    public var from: Day { Day(iso: fromText) ?? Day(1900, 1, 1) }
    public var to: Day? { toText.flatMap(Day.init(iso:)) }
    public var category: Category { Category(rawValue: categoryCode) ?? .civilServant }

    public var workPeriod: WorkPeriod {
        WorkPeriod(state: PersonState(unitID: unitID, category: category, rankCode: rankCode, post: post,
                                      positionCode: positionCode),
                   from: from, to: to)
    }
}

/// A qualification obtained (VanBang): a level of a kind, granted on a date.
public final class Qualification: Model, @unchecked Sendable {
    public static let schema = "qualifications"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "person_id") public var personID: Int
    @Field(key: "kind") public var kindCode: String
    @Field(key: "level") public var level: String
    @Field(key: "granted_on") public var grantedText: String

    public init() {}

    public var kind: QualificationKind { QualificationKind(rawValue: kindCode) ?? .professional }
    public var granted: Day { Day(iso: grantedText) ?? Day(1900, 1, 1) }
    public var obtained: ObtainedQualification { ObtainedQualification(kind: kind, level: level, granted: granted) }
}

/// A person's rating of one year (DanhGia): one row per person and year.
public final class PersonRating: Model, @unchecked Sendable {
    public static let schema = "ratings"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "person_id") public var personID: Int
    @Field(key: "year") public var year: Int
    @Field(key: "rating") public var ratingCode: String

    public init() {}

    public var yearRating: YearRating { YearRating(year: year, rating: AnnualRating(rawValue: ratingCode) ?? .completed) }
}
