import Fluent

struct M002CreateUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OrgUnit.schema)
            .field("id", .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("parent_id", .int, .references(OrgUnit.schema, "id"))
            .field("path", .string, .required)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .field("merged_into_id", .int, .references(OrgUnit.schema, "id"))
            .unique(on: "code")
            .create()
        try await database.createIndex("units_path", on: OrgUnit.schema, "path")
        try await database.createIndex("units_parent", on: OrgUnit.schema, "parent_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrgUnit.schema).delete()
    }
}
