import Fluent

/// Annual ratings (sheet DanhGia, docs/nominations.md): one per person and year.
struct M034CreateRatings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PersonRating.schema)
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("year", .int, .required)
            .field("rating", .string, .required)
            .unique(on: "person_id", "year")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PersonRating.schema).delete()
    }
}
