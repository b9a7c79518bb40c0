import Fluent
import HocBaCore

/// The provinces where a birth is registered, the first three digits of a personal ID (`PersonalID`): an editable
/// catalogue, so that a province can add a code the Ministry of Public Security adds without a new release.
struct M021SeedBirthRegistrationProvinces: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await CatalogueEntry.seed(.birthRegistrationProvinces, on: database)
    }

    func revert(on database: any Database) async throws {
        try await CatalogueEntry.query(on: database).filter(\.$list == CodeList.birthRegistrationProvinces.name).delete()
    }
}
