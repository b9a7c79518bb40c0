import Fluent

/// Deliveries to the national CBCCVC database (`NationalDelivery`) with the people a unit's delivery covered.
struct M025CreateNationalDeliveries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NationalDelivery.schema)
            .field("id", .int, .identifier(auto: true))
            .field("delivered_at", .string, .required)
            .field("delivered_by", .string, .required)
            .field("unit_id", .int, .references(OrgUnit.schema, "id"))
            .field("last_entry_id", .int, .required)
            .field("changes_until", .string, .required)
            .field("people", .int, .required)
            .field("format", .string, .required)
            .create()
        try await database.schema(NationalDelivery.peopleTable)
            .field("id", .int, .identifier(auto: true))
            .field("delivery_id", .int, .required, .references(NationalDelivery.schema, "id"))
            .field("person_id", .int, .required, .references(Person.schema, "id", onDelete: .cascade))
            .create()
        try await database.createIndex("national_delivery_people_person", on: NationalDelivery.peopleTable, "person_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NationalDelivery.peopleTable).delete()
        try await database.schema(NationalDelivery.schema).delete()
    }
}
