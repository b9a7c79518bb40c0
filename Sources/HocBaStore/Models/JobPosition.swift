import Fluent
import HocBaCore

/// A job position of the province's catalogue (ViTriViecLam, issue 14): since Luật Cán bộ, công chức 2025 a công
/// chức is managed by the position they hold. People and history rows name it by `code` (as they name a rank), so
/// that a record reads, exports and imports the same code.
public final class JobPosition: Model, @unchecked Sendable {
    public static let schema = "job_positions"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "group_code") public var groupCode: String
    /// The rank (ngạch) the position corresponds to.
    @OptionalField(key: "rank_code") public var rankCode: String?
    /// The unit, for a position of one unit only.
    @OptionalField(key: "unit_id") public var unitID: Int?

    public init() {}

    public var group: JobPositionGroup { JobPositionGroup(rawValue: groupCode) ?? .specialised }
}
