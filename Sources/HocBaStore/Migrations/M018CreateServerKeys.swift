import Fluent

/// Secrets the server makes for itself once (the key that binds form tokens to sessions), kept with the data so
/// that every process serving the same database agrees on them.
struct M018CreateServerKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ServerKey.schema)
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("value", .string, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ServerKey.schema).delete()
    }
}
