import Fluent
import SQLKit

/// On PostgreSQL, the commune rates' sums (`communeRate`: a scope's deltas up to a day) read from an index that
/// holds the delta too, so they need not visit the table: after a national load the deltas of one ancestor lay
/// scattered over thousands of pages, and the whole country's rate took 77 ms at 2.5 M people (docs/benchmarks.md).
/// An index-only scan needs the table's visibility map, which a bulk load sets (`VACUUM` after it) and autovacuum
/// keeps. SQLite's table is its primary key already (`WITHOUT ROWID`, M028), so nothing changes there.
struct M032CoverCommuneRateSums: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard database.sql.dialect.name == "postgresql" else { return }
        try await database.sql.raw("""
            CREATE INDEX rate_deltas_sums ON rate_deltas (ancestor_id, category, day, qualified) INCLUDE (delta)
            """).run()
    }

    func revert(on database: any Database) async throws {
        guard database.sql.dialect.name == "postgresql" else { return }
        try await database.sql.drop(index: "rate_deltas_sums").run()
    }
}
