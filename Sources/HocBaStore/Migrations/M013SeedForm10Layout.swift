import Fluent
import HocBaCore

/// The default layout of Biểu 10-BTCTW, editable by the province like the training matrix's.
struct M013SeedForm10Layout: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await ReportLayout.seeded(Form10Layout.self).create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await ReportLayout.query(on: database).filter(\.$name == Form10Layout.storageName).delete()
    }
}
