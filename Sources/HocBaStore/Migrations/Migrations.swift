import Fluent
import SQLKit

/// Every migration, in order. A migration never changes after it has landed on main: add a new numbered one.
public enum HocBaMigrations {
    public static let all: [any Migration] = [
        M001CreateCatalogue(),
        M002CreateUnits(),
        M003CreatePeople(),
        M004CreateInstitutionsAndInstructors(),
        M005CreateClassesAndEnrolments(),
        M006CreateFundingLines(),
        M007CreateFrozenReports(),
        M008CreateNewsItems(),
        M009CreateReportLayouts(),
        M010AddClassSearchKey(),
        M011AddClassGrants(),
        M012SeedTrainingMatrixLayout(),
        M013SeedForm10Layout(),
        M014CreateImportMappings(),
        M015CreateAuditEntries(),
        M016CreateAccounts(),
        M017CreatePlans(),
        M018CreateServerKeys(),
        M019IndexFrozenLinesByEnrolment(),
        M020AddPersonalID(),
        M021SeedBirthRegistrationProvinces(),
        M022CreateJobPositions(),
        M024SeedPublicHolidays(),
        M025CreateNationalDeliveries(),
        M026MaintainSummaryCells(),
        M027IndexHistoryByUnit(),
        M028KeepCommuneRates(),
        M029IndexPeopleSearch(),
        M030CountUnitTreeVersions(),
        M031IndexListOrders(),
        M032CoverCommuneRateSums(),
        M033CreateAPITokens(),
        M034CreateRatings(),
        M035CreateNominations(),
        M036CreateCommitments(),
        M037CreateCertificates(),
    ]
}

extension Database {
    /// The SQLKit view of a Fluent database (both drivers provide one).
    var sql: any SQLDatabase { self as! any SQLDatabase }

    func createIndex(_ name: String, on table: String, _ columns: String...) async throws {
        var builder = sql.create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
