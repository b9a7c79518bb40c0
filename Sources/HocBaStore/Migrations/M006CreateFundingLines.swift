import Fluent

struct M006CreateFundingLines: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FundingLine.schema)
            .field("id", .int, .identifier(auto: true))
            .field("document_number", .string, .required)
            .field("year", .int, .required)
            .field("source", .string, .required)
            .field("amount", .int64, .required)
            .field("kind", .string, .required)
            .field("class_id", .int, .references(TrainingClass.schema, "id", onDelete: .setNull))
            .field("note", .string)
            .unique(on: "document_number")
            .create()
        try await database.createIndex("funding_year", on: FundingLine.schema, "year")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FundingLine.schema).delete()
    }
}
