import Fluent

/// An export of changes marked as delivered to the national CBCCVC database: by whom, when, for which scope (a
/// unit's subtree, or the whole province when `unitID` is nil), and up to which moment of the trail it carried
/// the changes. Changes after `changesUntil` are still to be sent.
public final class NationalDelivery: Model, @unchecked Sendable {
    public static let schema = "national_deliveries"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    /// ISO 8601, UTC, as the trail's timestamps.
    @Field(key: "delivered_at") public var deliveredAt: String
    @Field(key: "delivered_by") public var deliveredBy: String
    @OptionalField(key: "unit_id") public var unitID: Int?
    /// The trail's timestamp the export was taken at: every change up to it was in the file.
    @Field(key: "changes_until") public var changesUntil: String
    @Field(key: "people") public var people: Int
    @Field(key: "format") public var format: String

    public init() {}
}
