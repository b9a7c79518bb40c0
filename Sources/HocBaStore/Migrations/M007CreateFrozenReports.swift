import Fluent

/// Frozen report runs ("chốt số liệu") and the enrolments each one counted.
struct M007CreateFrozenReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FrozenReport.schema)
            .field("id", .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("definition_version", .int, .required)
            .field("parameters_json", .string, .required)
            .field("figures_json", .string, .required)
            .field("frozen_by", .string, .required)
            .field("frozen_at", .string, .required)
            .field("note", .string)
            .create()
        try await database.schema(FrozenReportLine.schema)
            .field("id", .int, .identifier(auto: true))
            .field("frozen_report_id", .int, .required, .references(FrozenReport.schema, "id", onDelete: .cascade))
            // Not a foreign key: the enrolment may be deleted later, and the frozen line must survive it.
            .field("enrolment_id", .int, .required)
            .field("person_code", .string, .required)
            .field("class_code", .string, .required)
            .field("capacity", .string, .required)
            .field("category", .string, .required)
            .field("level", .string, .required)
            .field("minority", .int, .required)
            .field("programme_type", .string, .required)
            .field("year", .int, .required)
            .create()
        try await database.createIndex("frozen_lines_report", on: FrozenReportLine.schema, "frozen_report_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FrozenReportLine.schema).delete()
        try await database.schema(FrozenReport.schema).delete()
    }
}
