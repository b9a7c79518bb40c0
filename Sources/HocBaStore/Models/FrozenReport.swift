import Fluent

/// A report run saved as it was ("chốt số liệu"): its definition version, parameters and figures as JSON, who froze
/// it and when. Its figures are read back from `figuresJSON`, never recomputed.
public final class FrozenReport: Model, @unchecked Sendable {
    public static let schema = "frozen_reports"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "kind") public var kind: String
    @Field(key: "definition_version") public var definitionVersion: Int
    @Field(key: "parameters_json") public var parametersJSON: String
    @Field(key: "figures_json") public var figuresJSON: String
    @Field(key: "frozen_by") public var frozenBy: String
    /// ISO-8601 timestamp in UTC.
    @Field(key: "frozen_at") public var frozenAt: String
    @OptionalField(key: "note") public var note: String?

    public init() {}
}

/// One enrolment a frozen report counted, with the attributes it was counted under.
public final class FrozenReportLine: Model, @unchecked Sendable {
    public static let schema = "frozen_report_lines"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "frozen_report_id") public var frozenReportID: Int
    @Field(key: "enrolment_id") public var enrolmentID: Int
    @Field(key: "person_code") public var personCode: String
    @Field(key: "class_code") public var classCode: String
    @Field(key: "capacity") public var capacity: String
    @Field(key: "category") public var category: String
    @Field(key: "level") public var level: String
    @Field(key: "minority") public var minority: Int
    @Field(key: "programme_type") public var programmeType: String
    @Field(key: "year") public var year: Int

    public init() {}
}
