import Fluent

/// Job positions (issue 14): the catalogue, and the position a person holds now (`people.position_code`) and held
/// over each period of their history (`work_history.position_code`). The position is named by its code, as the rank
/// is, so that the gap check and the workbook read it without a join; the store checks that the code exists.
struct M022CreateJobPositions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(JobPosition.schema)
            .field("id", .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("group_code", .string, .required)
            .field("rank_code", .string)
            .field("unit_id", .int, .references(OrgUnit.schema, "id"))
            .unique(on: "code")
            .create()
        try await database.schema(Person.schema).field("position_code", .string).update()
        try await database.schema(WorkHistoryRow.schema).field("position_code", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WorkHistoryRow.schema).deleteField("position_code").update()
        try await database.schema(Person.schema).deleteField("position_code").update()
        try await database.schema(JobPosition.schema).delete()
    }
}
