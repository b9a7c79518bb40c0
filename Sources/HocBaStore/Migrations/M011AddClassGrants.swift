import Fluent

/// What a class leads to (kind and level of qualification), for the official forms that classify training by level
/// and for qualifications obtained through a class.
struct M011AddClassGrants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        try await database.schema(TrainingClass.schema).field("grants_kind", .string).update()
        try await database.schema(TrainingClass.schema).field("grants_level", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TrainingClass.schema).deleteField("grants_level").update()
        try await database.schema(TrainingClass.schema).deleteField("grants_kind").update()
    }
}
