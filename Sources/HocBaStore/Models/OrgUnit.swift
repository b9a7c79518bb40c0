import Fluent
import HocBaCore

/// A unit of the province (DonVi): an effective-dated tree. `path` is the materialised chain of ids from the root,
/// "/1/5/23/", so that "this unit and everything below it" is one indexed prefix match on every engine.
public final class OrgUnit: Model, @unchecked Sendable {
    public static let schema = "units"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "level") public var levelCode: String
    @OptionalField(key: "parent_id") public var parentID: Int?
    @Field(key: "path") public var path: String
    @OptionalField(key: "valid_from") public var validFromText: String?
    @OptionalField(key: "valid_to") public var validToText: String?
    @OptionalField(key: "merged_into_id") public var mergedIntoID: Int?

    public init() {}

    public var level: UnitLevel { UnitLevel(rawValue: levelCode) ?? .province }
    public var validFrom: Day? { validFromText.flatMap(Day.init(iso:)) }
    public var validTo: Day? { validToText.flatMap(Day.init(iso:)) }
    /// Depth in the tree, 0 for a root.
    public var depth: Int { max(0, path.split(separator: "/").count - 1) }

    /// Whether the unit exists on `day` (no dates means always).
    public func isValid(on day: Day) -> Bool {
        (validFrom.map { $0 <= day } ?? true) && (validTo.map { day <= $0 } ?? true)
    }
}
