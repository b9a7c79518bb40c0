import Fluent

struct M003CreatePeople: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema)
            .field("id", .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("full_name", .string, .required)
            .field("search_key", .string, .required)
            .field("sort_key", .string, .required)
            .field("birth_date", .string)
            .field("sex", .string)
            .field("ethnicity", .string)
            .field("unit_id", .int, .required, .references(OrgUnit.schema, "id"))
            .field("category", .string, .required)
            .field("rank_code", .string)
            .field("post", .string)
            .field("professional_level", .string)
            .field("political_level", .string)
            .field("state_management_level", .string)
            .unique(on: "code")
            .create()
        try await database.createIndex("people_sort", on: Person.schema, "sort_key")
        try await database.createIndex("people_unit", on: Person.schema, "unit_id")

        try await database.schema(WorkHistoryRow.schema)
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("unit_id", .int, .required, .references(OrgUnit.schema, "id"))
            .field("category", .string, .required)
            .field("rank_code", .string)
            .field("post", .string)
            .field("from_date", .string, .required)
            .field("to_date", .string)
            .unique(on: "person_id", "from_date")
            .create()

        try await database.schema(Qualification.schema)
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("level", .string, .required)
            .field("granted_on", .string, .required)
            .unique(on: "person_id", "kind", "level")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Qualification.schema).delete()
        try await database.schema(WorkHistoryRow.schema).delete()
        try await database.schema(Person.schema).delete()
    }
}
