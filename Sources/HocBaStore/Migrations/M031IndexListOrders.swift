import Fluent
import SQLKit

/// The long lists' whole orders, each in one index, so that a page given by its position (`ListPosition`) is read
/// straight from the index however deep it is:
/// - people: name key, then code. With the name key alone, a page that starts inside a common name ("Nguyễn Văn
///   Hùng": thousands of people in a country) sorted every person of that name by code before it could show fifty;
/// - classes: newest start first, then code.
struct M031IndexListOrders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.createIndex("people_list_order", on: "people", "sort_key", "code")
        try await database.sql.drop(index: "people_sort").run()
        try await database.sql.raw("CREATE INDEX classes_list_order ON classes (start_date DESC, code)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "classes_list_order").run()
        try await database.createIndex("people_sort", on: "people", "sort_key")
        try await database.sql.drop(index: "people_list_order").run()
    }
}
