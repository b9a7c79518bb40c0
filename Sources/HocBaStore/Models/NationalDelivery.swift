import Fluent

/// Changes marked as delivered to the national CBCCVC database: by whom, when, for which scope (a unit's subtree,
/// or the whole province when `unitID` is nil), up to which entry of the audit trail. A province's delivery covers
/// everyone; a unit's covers the people it listed (`national_delivery_people`), so that a person who moves to
/// another unit afterwards keeps what is still to send.
public final class NationalDelivery: Model, @unchecked Sendable {
    public static let schema = "national_deliveries"
    /// The people a unit's delivery covered: its content, written once with it (its own entry in the trail
    /// covers them, as a frozen report's lines).
    public static let peopleTable = "national_delivery_people"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    /// ISO 8601, UTC, as the trail's timestamps.
    @Field(key: "delivered_at") public var deliveredAt: String
    @Field(key: "delivered_by") public var deliveredBy: String
    @OptionalField(key: "unit_id") public var unitID: Int?
    /// The last entry of the trail the delivery covered: every change up to it was sent.
    @Field(key: "last_entry_id") public var lastEntryID: Int
    /// When that entry was written.
    @Field(key: "changes_until") public var changesUntil: String
    /// How many of the people it covered had a personal ID (were in the file).
    @Field(key: "people") public var people: Int
    @Field(key: "format") public var format: String

    public init() {}
}
