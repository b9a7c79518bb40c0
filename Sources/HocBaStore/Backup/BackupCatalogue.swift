import Foundation
import SQLKit

/// The tables a backup holds, read from the database's own catalogue (so that a table a later migration adds is
/// backed up without anyone remembering to list it): every table but the derived ones, each column with its kind,
/// parents before the tables whose foreign keys point at them.
struct BackupCatalogue {
    let tables: [BackupTable]
    /// Per table, the columns whose foreign key points at the same table (`units.parent_id`): a restore writes them
    /// after every row of the table is in.
    let selfReferences: [String: [String]]

    /// Every table of the database, derived ones and the migrator's included.
    static func tableNames(_ sql: any SQLDatabase) async throws -> [String] {
        try await sql.dialect.name == "postgresql" ? postgresTables(sql) : sqliteTables(sql)
    }

    static func read(_ sql: any SQLDatabase) async throws -> BackupCatalogue {
        let postgres = sql.dialect.name == "postgresql"
        let names = try await tableNames(sql).filter { !BackupFormat.derivedTables.contains($0) }.sorted()
        var tables: [String: BackupTable] = [:]
        var references: [String: Set<String>] = [:]
        var selfReferences: [String: [String]] = [:]
        for name in names {
            let columns = try await postgres ? postgresColumns(sql, name) : sqliteColumns(sql, name)
            // The key first, then by name: the same order on both engines, whatever order ALTERs left.
            let ordered = columns.sorted { ($0.name == "id" ? "" : $0.name) < ($1.name == "id" ? "" : $1.name) }
            tables[name] = BackupTable(name: name, columns: ordered)
            for (column, parent) in try await postgres ? postgresForeignKeys(sql, name) : sqliteForeignKeys(sql, name) {
                if parent == name {
                    selfReferences[name, default: []].append(column)
                } else {
                    references[name, default: []].insert(parent)
                }
            }
        }
        return BackupCatalogue(tables: try dependencyOrder(names, references).map { tables[$0]! },
                               selfReferences: selfReferences.mapValues { $0.sorted() })
    }

    /// Parents first; among tables free to go, by name (the same order everywhere).
    static func dependencyOrder(_ names: [String], _ references: [String: Set<String>]) throws -> [String] {
        var placed: [String] = []
        var remaining = names
        while !remaining.isEmpty {
            guard let next = remaining.first(where: { name in
                (references[name] ?? []).allSatisfy { placed.contains($0) || !names.contains($0) }
            }) else {
                throw BackupError.differentSchema("khóa ngoại vòng tròn giữa \(remaining.joined(separator: ", "))")
            }
            placed.append(next)
            remaining.removeAll { $0 == next }
        }
        return placed
    }

    // MARK: SQLite

    private static func sqliteTables(_ sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    private static func sqliteColumns(_ sql: any SQLDatabase, _ table: String) async throws -> [BackupColumn] {
        try await sql.raw("SELECT name, type FROM pragma_table_info(\(bind: table))").all().map { row in
            let name = try row.decode(column: "name", as: String.self)
            let type = try row.decode(column: "type", as: String.self).uppercased()
            let kind: ColumnKind
            if type.contains("INT") {
                kind = .integer
            } else if type.contains("BOOL") {
                kind = .boolean
            } else if type.contains("REAL") || type.contains("DOUB") || type.contains("FLOA") {
                kind = .real
            } else if type.contains("TEXT") || type.contains("CHAR") {
                kind = .text
            } else {
                throw BackupError.unsupportedColumn(table: table, column: name, type: type)
            }
            return BackupColumn(name: name, kind: kind)
        }
    }

    private static func sqliteForeignKeys(_ sql: any SQLDatabase, _ table: String) async throws -> [(String, String)] {
        try await sql.raw("SELECT \"from\" AS column_name, \"table\" AS parent FROM pragma_foreign_key_list(\(bind: table))")
            .all().map { (try $0.decode(column: "column_name", as: String.self), try $0.decode(column: "parent", as: String.self)) }
    }

    // MARK: PostgreSQL

    private static func postgresTables(_ sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("""
            SELECT table_name::text AS name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
            """).all().map { try $0.decode(column: "name", as: String.self) }
    }

    private static func postgresColumns(_ sql: any SQLDatabase, _ table: String) async throws -> [BackupColumn] {
        try await sql.raw("""
            SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(bind: table)
            """).all().map { row in
            let name = try row.decode(column: "name", as: String.self)
            let type = try row.decode(column: "type", as: String.self)
            let kind: ColumnKind
            switch type {
            case "smallint", "integer", "bigint": kind = .integer
            case "boolean": kind = .boolean
            case "real", "double precision": kind = .real
            case "text", "character varying", "character": kind = .text
            default: throw BackupError.unsupportedColumn(table: table, column: name, type: type)
            }
            return BackupColumn(name: name, kind: kind)
        }
    }

    private static func postgresForeignKeys(_ sql: any SQLDatabase, _ table: String) async throws -> [(String, String)] {
        try await sql.raw("""
            SELECT a.attname::text AS column_name, p.relname::text AS parent
            FROM pg_constraint c
            JOIN pg_class t ON t.oid = c.conrelid
            JOIN pg_class p ON p.oid = c.confrelid
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
            WHERE c.contype = 'f' AND t.relname = \(bind: table) AND t.relnamespace = current_schema()::regnamespace
            """).all().map { (try $0.decode(column: "column_name", as: String.self), try $0.decode(column: "parent", as: String.self)) }
    }
}
