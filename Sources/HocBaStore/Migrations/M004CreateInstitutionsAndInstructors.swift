import Fluent

struct M004CreateInstitutionsAndInstructors: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Institution.schema)
            .field("id", .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .unique(on: "code")
            .create()
        try await database.schema(Instructor.schema)
            .field("id", .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("full_name", .string, .required)
            .field("sort_key", .string, .required)
            .field("institution_id", .int, .required, .references(Institution.schema, "id"))
            .field("degree", .string)
            .field("active_methods_trained", .bool, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Instructor.schema).delete()
        try await database.schema(Institution.schema).delete()
    }
}
