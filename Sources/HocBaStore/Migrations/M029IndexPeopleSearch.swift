import Fluent
import SQLKit

/// Searching people by any part of their folded name or code without reading every row (docs/architecture.md,
/// "At national scale"):
///
/// - SQLite: an FTS5 table with the trigram tokenizer over `people.search_key` and `people.code` (external content:
///   it holds the index only), kept by triggers; `LIKE '%word%'` on it is answered from the index for words of
///   three letters or more. A bulk load pauses the triggers and rebuilds it once.
/// - PostgreSQL: the contrib extension pg_trgm and trigram GIN indexes on the same columns, which the plain `LIKE`
///   uses. The extension is trusted (any database owner may create it); it ships with PostgreSQL's contrib modules,
///   which Debian's postgresql-15 package (what .ci/run installs, and the README asks for) includes.
struct M029IndexPeopleSearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "postgresql" {
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
            try await sql.raw("CREATE INDEX people_search_trgm ON people USING gin (search_key gin_trgm_ops)").run()
            try await sql.raw("CREATE INDEX people_code_trgm ON people USING gin (lower(code) gin_trgm_ops)").run()
            return
        }
        try await sql.raw("""
            CREATE VIRTUAL TABLE people_search USING fts5(search_key, code, content='people', content_rowid='id',
                                                          tokenize='trigram')
            """).run()
        let running = "NOT EXISTS (SELECT 1 FROM summary_cells_paused)"
        let add = "INSERT INTO people_search (rowid, search_key, code) VALUES (NEW.id, NEW.search_key, NEW.code)"
        let remove = """
            INSERT INTO people_search (people_search, rowid, search_key, code)
            VALUES ('delete', OLD.id, OLD.search_key, OLD.code)
            """
        for statement in [
            "CREATE TRIGGER people_search_insert AFTER INSERT ON people FOR EACH ROW WHEN \(running) BEGIN \(add); END",
            "CREATE TRIGGER people_search_delete AFTER DELETE ON people FOR EACH ROW WHEN \(running) BEGIN \(remove); END",
            // Only when the name or the code changed: an import's upsert of the same row leaves the index alone.
            "CREATE TRIGGER people_search_update AFTER UPDATE OF search_key, code ON people FOR EACH ROW "
                + "WHEN (OLD.search_key IS NOT NEW.search_key OR OLD.code IS NOT NEW.code) AND \(running) "
                + "BEGIN \(remove); \(add); END",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await RecordStore(database).rebuildPeopleSearch()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP INDEX IF EXISTS people_search_trgm").run()
            try await sql.raw("DROP INDEX IF EXISTS people_code_trgm").run()
        } else {
            for trigger in ["people_search_insert", "people_search_delete", "people_search_update"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger)").run()
            }
            try await sql.raw("DROP TABLE IF EXISTS people_search").run()
        }
    }
}
