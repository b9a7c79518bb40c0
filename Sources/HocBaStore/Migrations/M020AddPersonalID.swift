import Fluent

/// The personal identification number (số định danh cá nhân), which keys a dossier in the national CBCCVC
/// database: empty until known, and held by one person only (a unique index; many people may still lack one).
struct M020AddPersonalID: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema).field("personal_id", .string).update()
        try await database.sql.create(index: "people_personal_id").unique().on(Person.schema).column("personal_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "people_personal_id").run()
        try await database.schema(Person.schema).deleteField("personal_id").update()
    }
}
