import Fluent

/// The commune rates start from the communes in scope and read the history rows of those units that cover the
/// as-of date (`RecordStore.communeRate`): one index by unit and start does it.
struct M027IndexHistoryByUnit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.createIndex("work_history_unit", on: WorkHistoryRow.schema, "unit_id", "from_date")
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "work_history_unit").run()
    }
}
