import Fluent

/// Comparing a frozen report with a fresh count looks its lines up by enrolment (`compare`): one index does it.
struct M019IndexFrozenLinesByEnrolment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.createIndex("frozen_lines_report_enrolment", on: FrozenReportLine.schema,
                                       "frozen_report_id", "enrolment_id")
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "frozen_lines_report_enrolment").run()
    }
}
