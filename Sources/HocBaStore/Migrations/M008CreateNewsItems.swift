import Fluent

/// The public bulletin ("Bản tin"): news items, drafts until published.
struct M008CreateNewsItems: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NewsItem.schema)
            .field("id", .int, .identifier(auto: true))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("author", .string, .required)
            .field("news_date", .string, .required)
            .field("published", .bool, .required)
            .create()
        try await database.createIndex("news_date", on: NewsItem.schema, "news_date")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NewsItem.schema).delete()
    }
}
