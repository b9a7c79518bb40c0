import Fluent
import HocBaCore

/// A training institution (CoSoDaoTao), such as the provincial political school.
public final class Institution: Model, @unchecked Sendable {
    public static let schema = "institutions"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String

    public init() {}
}

/// A lecturer or instructor (GiangVien) of an institution.
public final class Instructor: Model, @unchecked Sendable {
    public static let schema = "instructors"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "code") public var code: String
    @Field(key: "full_name") public var fullName: String
    @Field(key: "sort_key") public var sortKey: String
    @Field(key: "institution_id") public var institutionID: Int
    /// Highest academic degree (Học vị), a code of `CodeList.instructorDegrees`.
    @OptionalField(key: "degree") public var degree: String?
    @Field(key: "active_methods_trained") public var activeMethodsTrained: Bool

    public init() {}
}

/// A class (LopHoc): one run of a programme, from its first to its last day.
public final class TrainingClass: Model, @unchecked Sendable {
    public static let schema = "classes"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "programme_type") public var programmeType: String
    @Field(key: "form") public var formCode: String
    @OptionalField(key: "institution_id") public var institutionID: Int?
    @OptionalField(key: "organising_unit_id") public var organisingUnitID: Int?
    @Field(key: "start_date") public var startText: String
    @Field(key: "end_date") public var endText: String
    /// Length in tiết (45-minute periods).
    @OptionalField(key: "hours") public var hours: Int?
    @Field(key: "location") public var locationCode: String
    /// Code and name folded for diacritic- and case-insensitive search (M010).
    @OptionalField(key: "search_key") public var searchKey: String?
    /// The qualification the class leads to (M011).
    @OptionalField(key: "grants_kind") public var grantsKind: String?
    @OptionalField(key: "grants_level") public var grantsLevel: String?
    /// Nomination terms (docs/nominations.md), set by the organiser: the most learners, the last day to propose.
    @OptionalField(key: "capacity") public var capacity: Int?
    @OptionalField(key: "nomination_deadline") public var nominationDeadlineText: String?

    public var grants: QualificationLevel? {
        guard let grantsKind, let kind = QualificationKind(rawValue: grantsKind), let grantsLevel else { return nil }
        return QualificationLevel(kind: kind, level: grantsLevel)
    }

    public init() {}

    public static func searchKey(code: String, name: String) -> String {
        VietnameseText.fold(code + " " + name)
    }

    public var start: Day { Day(iso: startText) ?? Day(1900, 1, 1) }
    public var end: Day { Day(iso: endText) ?? Day(1900, 1, 1) }
    public var form: ClassForm { ClassForm(rawValue: formCode) ?? .fostering }
    public var nominationTerms: NominationTerms {
        NominationTerms(capacity: capacity, deadline: nominationDeadlineText.flatMap(Day.init(iso:)))
    }
    public var location: ClassLocation { ClassLocation(rawValue: locationCode) ?? .domestic }
}

/// An enrolment (HocVien): one person in one class, one lượt when completed.
///
/// The `snapshot*` columns hold the learner's category, unit and unit level on the class's start date, derived by
/// `SnapshotService` from the person's history. They are what every count uses, so later moves, promotions and unit
/// mergers never change a past figure; correcting the history itself re-derives them.
public final class Enrolment: Model, @unchecked Sendable {
    public static let schema = "enrolments"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "class_id") public var classID: Int
    @Field(key: "person_id") public var personID: Int
    @Field(key: "capacity") public var capacityCode: String
    /// Nil until the result is recorded.
    @OptionalField(key: "result") public var resultCode: String?
    @OptionalField(key: "certificate_number") public var certificateNumber: String?
    @OptionalField(key: "certificate_date") public var certificateDateText: String?
    @Field(key: "snapshot_category") public var snapshotCategoryCode: String
    @Field(key: "snapshot_unit_id") public var snapshotUnitID: Int
    @Field(key: "snapshot_unit_level") public var snapshotUnitLevelCode: String

    public init() {}

    public var capacity: Capacity { Capacity(rawValue: capacityCode) ?? .staff }
    public var result: EnrolmentResult? { resultCode.flatMap(EnrolmentResult.init(rawValue:)) }
    public var certificateDate: Day? { certificateDateText.flatMap(Day.init(iso:)) }
    public var snapshotCategory: Category { Category(rawValue: snapshotCategoryCode) ?? .civilServant }
    public var snapshotUnitLevel: UnitLevel { UnitLevel(rawValue: snapshotUnitLevelCode) ?? .province }
}

/// A funding line (KinhPhi): money from a source in a year, spent or estimated, optionally for one class.
public final class FundingLine: Model, @unchecked Sendable {
    public static let schema = "funding_lines"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "document_number") public var documentNumber: String
    @Field(key: "year") public var year: Int
    @Field(key: "source") public var source: String
    /// Whole đồng.
    @Field(key: "amount") public var amount: Int64
    @Field(key: "kind") public var kindCode: String
    @OptionalField(key: "class_id") public var classID: Int?
    @OptionalField(key: "note") public var note: String?

    public init() {}

    public var kind: FundingKind { FundingKind(rawValue: kindCode) ?? .actual }
}

/// One entry of an editable catalogue (programme types, funding sources, levels, …), seeded from `CodeList.standard`
/// by the migrations (M001, then one for each list added later).
public final class CatalogueEntry: Model, @unchecked Sendable {
    public static let schema = "catalogue_entries"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "list") public var list: String
    @Field(key: "code") public var code: String
    @Field(key: "label") public var label: String
    @Field(key: "rank") public var rank: Int
    @Field(key: "position") public var position: Int

    public init() {}
}

/// A person proposed for a class (docs/nominations.md), with the eligibility verdict as it stood when proposed.
public final class Nomination: Model, @unchecked Sendable {
    public static let schema = "nominations"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "class_id") public var classID: Int
    @Field(key: "person_id") public var personID: Int
    @Field(key: "status") public var statusCode: String
    /// The proposing account's username.
    @Field(key: "proposed_by") public var proposedBy: String
    @Field(key: "proposed_at") public var proposedAt: Double
    @OptionalField(key: "note") public var note: String?
    /// `EligibilityVerdict` as JSON, as computed when proposed.
    @Field(key: "verdict") public var verdictJSON: String
    @OptionalField(key: "decided_by") public var decidedBy: String?
    @OptionalField(key: "decided_at") public var decidedAt: Double?
    /// Why it was refused.
    @OptionalField(key: "reason") public var reason: String?

    public init() {}

    public var status: NominationStatus { NominationStatus(rawValue: statusCode) ?? .proposed }
}
