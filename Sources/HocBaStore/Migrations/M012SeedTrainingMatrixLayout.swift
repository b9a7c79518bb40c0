import Fluent
import HocBaCore

/// The default layout of the training matrix (DNICT-style), editable by the province like the commune snapshot's.
struct M012SeedTrainingMatrixLayout: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await ReportLayout.seeded(MatrixLayout.self).create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await ReportLayout.query(on: database).filter(\.$name == MatrixLayout.storageName).delete()
    }
}
