import Foundation
import Fluent
import SQLKit

/// A number that changes whenever the unit tree does, so that a process may remember the tree it read
/// (`UnitTreeMemo`) and ask one row, not 15 000, whether it is still true (docs/architecture.md, "At national
/// scale"). The row also holds a random token of the database, so that a process that opens several databases (the
/// tests) never takes one's tree for another's.
///
/// Triggers on both engines add one to `version` in the writing transaction on every insert, delete, and change of
/// a column the tree shows (an import's upsert of the same row changes nothing).
struct M030CountUnitTreeVersions: AsyncMigration {
    /// The columns the unit tree reads.
    static let treeColumns = ["code", "name", "level", "parent_id", "path", "valid_from", "valid_to", "merged_into_id"]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("""
            CREATE TABLE unit_tree_version (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL,
                                            version BIGINT NOT NULL)
            """).run()
        try await sql.raw("INSERT INTO unit_tree_version (id, token, version) VALUES (1, \(bind: UUID().uuidString), 0)")
            .run()
        let bump = "UPDATE unit_tree_version SET version = version + 1"
        let changed = Self.treeColumns.map { "OLD.\($0) IS DISTINCT FROM NEW.\($0)" }.joined(separator: " OR ")
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE FUNCTION hocba_unit_tree_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- The trail's writer lock first, as M026's functions: writers reach the one version row in
                    -- turn and never deadlock on it.
                    LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE;
                    \(unsafeRaw: bump);
                    RETURN NULL;
                END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER unit_tree_insert_delete AFTER INSERT OR DELETE ON units
                FOR EACH STATEMENT EXECUTE FUNCTION hocba_unit_tree_changed()
                """).run()
            try await sql.raw("""
                CREATE TRIGGER unit_tree_update AFTER UPDATE ON units FOR EACH ROW
                WHEN (\(unsafeRaw: changed)) EXECUTE FUNCTION hocba_unit_tree_changed()
                """).run()
            return
        }
        let sqliteChanged = Self.treeColumns.map { "OLD.\($0) IS NOT NEW.\($0)" }.joined(separator: " OR ")
        for statement in [
            "CREATE TRIGGER unit_tree_insert AFTER INSERT ON units BEGIN \(bump); END",
            "CREATE TRIGGER unit_tree_delete AFTER DELETE ON units BEGIN \(bump); END",
            "CREATE TRIGGER unit_tree_update AFTER UPDATE ON units FOR EACH ROW WHEN \(sqliteChanged) BEGIN \(bump); END",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER IF EXISTS unit_tree_insert_delete ON units").run()
            try await sql.raw("DROP TRIGGER IF EXISTS unit_tree_update ON units").run()
            try await sql.raw("DROP FUNCTION IF EXISTS hocba_unit_tree_changed()").run()
        } else {
            for trigger in ["unit_tree_insert", "unit_tree_delete", "unit_tree_update"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger)").run()
            }
        }
        try await sql.raw("DROP TABLE IF EXISTS unit_tree_version").run()
    }
}
