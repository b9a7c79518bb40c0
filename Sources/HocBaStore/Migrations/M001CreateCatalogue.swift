import Fluent
import HocBaCore

/// The editable catalogues, seeded with the code lists of docs/workbook.md.
struct M001CreateCatalogue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CatalogueEntry.schema)
            .field("id", .int, .identifier(auto: true))
            .field("list", .string, .required)
            .field("code", .string, .required)
            .field("label", .string, .required)
            .field("rank", .int, .required)
            .field("position", .int, .required)
            .unique(on: "list", "code")
            .create()
        for list in Self.lists { try await CatalogueEntry.seed(list, on: database) }
    }

    /// The lists of the first schema. `CodeList.standard` grows; a later list is seeded by its own migration.
    static let lists: [CodeList] = [
        .unitLevels, .categories, .professionalLevels, .politicalTheoryLevels, .stateManagementLevels, .programmeTypes,
        .forms, .locations, .results, .capacities, .instructorDegrees, .fundingSources, .fundingKinds,
        .qualificationKinds,
    ]

    func revert(on database: any Database) async throws {
        try await database.schema(CatalogueEntry.schema).delete()
    }
}

extension CatalogueEntry {
    /// Writes a list's entries as the catalogue's rows, in the list's order.
    static func seed(_ list: CodeList, on database: any Database) async throws {
        for (position, entry) in list.entries.enumerated() {
            let row = CatalogueEntry()
            row.list = list.name
            row.code = entry.code
            row.label = entry.label
            row.rank = entry.rank
            row.position = position
            try await row.create(on: database)
        }
    }
}
