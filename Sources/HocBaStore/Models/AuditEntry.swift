import Fluent
import HocBaCore

/// One entry of the hash-chained audit trail (`AuditLog`). Never updated or deleted by the product.
public final class AuditEntry: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "at") public var at: String
    @Field(key: "actor") public var actor: String
    @Field(key: "origin") public var origin: String
    @Field(key: "action") public var action: String
    @Field(key: "entity") public var entity: String
    @Field(key: "record_key") public var recordKey: String
    @OptionalField(key: "before_json") public var beforeJSON: String?
    @OptionalField(key: "after_json") public var afterJSON: String?
    @Field(key: "previous_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String

    public init() {}

    public var record: AuditRecord? {
        guard let action = AuditAction(rawValue: action) else { return nil }
        return AuditRecord(at: at, actor: actor, origin: origin, action: action, entity: entity, key: recordKey,
                           before: beforeJSON, after: afterJSON)
    }
}
