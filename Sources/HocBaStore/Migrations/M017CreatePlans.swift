import Fluent

/// Training plans: targets and budget as a JSON document (`TrainingPlan`), with the plan's years for listing.
struct M017CreatePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("from_year", .int, .required)
            .field("to_year", .int, .required)
            .field("plan_json", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanRecord.schema).delete()
    }
}
