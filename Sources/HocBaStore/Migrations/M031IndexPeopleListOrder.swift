import Fluent
import SQLKit

/// The people list's whole order, name key then code, in one index. With the name key alone, a page that starts
/// inside a common name ("Nguyễn Văn Hùng": thousands of people in a country) sorted every row of that name by
/// code before it could show fifty; with both, every page is read straight from the index.
struct M031IndexPeopleListOrder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.createIndex("people_list_order", on: "people", "sort_key", "code")
        try await database.sql.drop(index: "people_sort").run()
    }

    func revert(on database: any Database) async throws {
        try await database.createIndex("people_sort", on: "people", "sort_key")
        try await database.sql.drop(index: "people_list_order").run()
    }
}
