import Fluent

/// Deliveries to the national CBCCVC database (`NationalDelivery`), and an index on the trail's time: the sync
/// reads the entries written since the last delivery.
struct M025CreateNationalDeliveries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NationalDelivery.schema)
            .field("id", .int, .identifier(auto: true))
            .field("delivered_at", .string, .required)
            .field("delivered_by", .string, .required)
            .field("unit_id", .int, .references(OrgUnit.schema, "id"))
            .field("changes_until", .string, .required)
            .field("people", .int, .required)
            .field("format", .string, .required)
            .create()
        try await database.createIndex("audit_entries_at", on: AuditEntry.schema, "at")
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "audit_entries_at").run()
        try await database.schema(NationalDelivery.schema).delete()
    }
}
