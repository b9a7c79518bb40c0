import Fluent

/// The hash-chained audit trail.
struct M015CreateAuditEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .field("id", .int, .identifier(auto: true))
            .field("at", .string, .required)
            .field("actor", .string, .required)
            .field("origin", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("record_key", .string, .required)
            .field("before_json", .string)
            .field("after_json", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.createIndex("audit_entity_key", on: AuditEntry.schema, "entity", "record_key")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).delete()
    }
}
