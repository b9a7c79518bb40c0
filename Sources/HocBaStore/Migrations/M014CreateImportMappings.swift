import Fluent

/// Saved column mappings for files in other layouts than the standard workbook.
struct M014CreateImportMappings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SavedMapping.schema)
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("mapping_json", .string, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SavedMapping.schema).delete()
    }
}
