import Fluent

/// Accounts, their sessions (shared by every server process through the database) and failed sign-ins (throttling).
struct M016CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserAccount.schema)
            .field("id", .int, .identifier(auto: true))
            .field("username", .string, .required)
            .field("full_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("unit_id", .int, .references(OrgUnit.schema, "id"))
            .field("institution_id", .int, .references(Institution.schema, "id"))
            .field("active", .bool, .required)
            .field("created_at", .double, .required)
            .unique(on: "username")
            .create()
        try await database.schema(UserSession.schema)
            .field("id", .int, .identifier(auto: true))
            .field("token_hash", .string, .required)
            .field("user_id", .int, .required, .references(UserAccount.schema, "id", onDelete: .cascade))
            .field("created_at", .double, .required)
            .field("last_seen_at", .double, .required)
            .field("address", .string, .required)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("sessions_user", on: UserSession.schema, "user_id")
        try await database.schema(LoginFailure.schema)
            .field("id", .int, .identifier(auto: true))
            .field("username", .string, .required)
            .field("address", .string, .required)
            .field("at", .double, .required)
            .create()
        try await database.createIndex("login_failures_username", on: LoginFailure.schema, "username", "at")
        try await database.createIndex("login_failures_address", on: LoginFailure.schema, "address", "at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginFailure.schema).delete()
        try await database.schema(UserSession.schema).delete()
        try await database.schema(UserAccount.schema).delete()
    }
}
