import Fluent
import SQLKit
import HocBaCore

/// Classes get a folded search key (code and name without diacritics, lower case), so that "boi duong qlnn" finds
/// "Bồi dưỡng QLNN" as people search already does.
struct M010AddClassSearchKey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TrainingClass.schema).field("search_key", .string).update()
        let rows = try await database.sql.select().column("id").column("code").column("name")
            .from(TrainingClass.schema).all()
        for row in rows {
            let key = TrainingClass.searchKey(code: try row.decode(column: "code", as: String.self),
                                              name: try row.decode(column: "name", as: String.self))
            try await database.sql.update(TrainingClass.schema).set("search_key", to: key)
                .where("id", .equal, try row.decode(column: "id", as: Int.self)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TrainingClass.schema).deleteField("search_key").update()
    }
}
