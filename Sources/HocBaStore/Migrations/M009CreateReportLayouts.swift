import Foundation
import Fluent
import HocBaCore

/// Report layouts a province can adjust (the official column lists are unconfirmed), seeded with the defaults.
struct M009CreateReportLayouts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReportLayout.schema)
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("layout_json", .string, .required)
            .unique(on: "name")
            .create()
        try await ReportLayout.seeded(QualityLayout.self).create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportLayout.schema).delete()
    }
}
