import Fluent
import HocBaCore

/// The public holidays that the national database's three working days skip (`WorkingCalendar`): an editable
/// catalogue, since the Government announces each year's dates.
struct M024SeedPublicHolidays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await CatalogueEntry.seed(.publicHolidays, on: database)
    }

    func revert(on database: any Database) async throws {
        try await CatalogueEntry.query(on: database).filter(\.$list == CodeList.publicHolidays.name).delete()
    }
}
