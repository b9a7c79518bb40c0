import Fluent

/// Personal access tokens for the API, and the responses kept for `Idempotency-Key` (docs/api.md).
struct M033CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema)
            .field("id", .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(UserAccount.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .double, .required)
            .field("expires_at", .double)
            .field("revoked_at", .double)
            .field("last_used_at", .double)
            .field("last_used_from", .string)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("api_tokens_user", on: APIToken.schema, "user_id")
        // One row per creating request that carried a key: claimed before the write, completed with its response.
        try await database.schema("api_idempotency")
            .field("id", .int, .identifier(auto: true))
            .field("token_id", .int, .required, .references(APIToken.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("fingerprint", .string, .required)
            .field("status", .int)
            .field("body", .string)
            .field("headers", .string)
            .field("created_at", .double, .required)
            .unique(on: "token_id", "key")
            .create()
        try await database.createIndex("api_idempotency_created", on: "api_idempotency", "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_idempotency").delete()
        try await database.schema(APIToken.schema).delete()
    }
}
