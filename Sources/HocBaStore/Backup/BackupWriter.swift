import Foundation
import Fluent
import SQLKit
import Crypto

extension RecordStore {
    /// Writes every table to a backup archive at `url` (`BackupFormat`), as one consistent snapshot read in a single
    /// read-only transaction while the server goes on serving: PostgreSQL's repeatable read; on SQLite a read
    /// transaction, during which writers wait (docs/operations.md says how long a province's takes).
    ///
    /// The archive is written beside `url` and moved into place once whole, so that a backup cut short never
    /// leaves a file that looks like one. `progress` hears each table once written.
    ///
    /// The header names the migrations the database has run (read in the same snapshot), which must be the first
    /// of `known`, this hocba's: a database a newer hocba migrated is backed up by that hocba.
    public func writeBackup(to url: URL, known: [String],
                            progress: @escaping @Sendable (BackupTableSummary) -> Void = { _ in }) async throws -> BackupManifest {
        let folder = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let partial = folder.appendingPathComponent(".\(url.lastPathComponent).partial")
        let engine = sql.dialect.name
        defer { try? FileManager.default.removeItem(at: partial) } // gone once moved; a failure's leftovers too
        let manifest = try await db.transaction { tx in
            let sql = tx.sql
            if engine == "postgresql" {
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            }
            let migrations = try await Self.appliedMigrations(sql, known: known)
            let catalogue = try await BackupCatalogue.read(sql)
            let writer = try GzipWriter(creating: partial)
            let header = BackupHeader(format: BackupFormat.name, formatVersion: BackupFormat.version,
                                      migrations: migrations, createdAt: AuditLog.timestamp(Date()), engine: engine)
            try writer.write(Self.markerLine(BackupMarker(header: header)))
            var summaries: [BackupTableSummary] = []
            for table in catalogue.tables {
                try writer.write(Self.markerLine(BackupMarker(table: table.archived)))
                let summary = try await Self.writeRows(of: table, from: sql, to: writer)
                try writer.write(Self.markerLine(BackupMarker(end: summary)))
                summaries.append(summary)
                progress(summary)
            }
            let manifest = BackupManifest(tables: summaries)
            try writer.write(Self.markerLine(BackupMarker(manifest: manifest)))
            try writer.finish()
            return manifest
        }
        // rename(2): an earlier archive of the same name is replaced in one step, never left half-way.
        guard rename(partial.path, url.path) == 0 else { throw BackupError.cannotWrite(url.path) }
        return manifest
    }

    /// The migrations the database has run, in `known`'s order.
    private static func appliedMigrations(_ sql: any SQLDatabase, known: [String]) async throws -> [String] {
        guard try await BackupCatalogue.tableNames(sql).contains("_fluent_migrations") else {
            throw BackupError.notHocbaDatabase
        }
        let applied = Set(try await sql.raw("SELECT name FROM _fluent_migrations").all()
            .map { try $0.decode(column: "name", as: String.self) })
        if let unknown = applied.sorted().first(where: { !known.contains($0) }) {
            throw BackupError.databaseNewer(unknown)
        }
        let migrations = known.filter(applied.contains)
        guard migrations == Array(known.prefix(migrations.count)) else {
            throw BackupError.differentSchema("cơ sở dữ liệu thiếu một bước lược đồ giữa chừng")
        }
        return migrations
    }

    /// The rows in key order, read a page at a time (by id where the table has one) so that a national table is
    /// never held in memory at once.
    private static func writeRows(of table: BackupTable, from sql: any SQLDatabase,
                                  to writer: GzipWriter) async throws -> BackupTableSummary {
        var hasher = SHA256()
        var count = 0
        let columnList = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        func emit(_ rows: [any SQLRow]) throws {
            for row in rows {
                var line = "["
                for (index, column) in table.columns.enumerated() {
                    if index > 0 { line += "," }
                    try Self.value(of: column, in: row).appendJSON(to: &line)
                }
                line += "]\n"
                hasher.update(data: Data(line.utf8))
                try writer.write(line)
                count += 1
            }
        }
        if table.columns.contains(where: { $0.name == "id" && $0.kind == .integer }) {
            var last = Int64.min
            while true {
                let rows = try await sql.raw("""
                    SELECT \(unsafeRaw: columnList) FROM \(ident: table.name) WHERE id > \(bind: last) ORDER BY id LIMIT 5000
                    """).all()
                guard let final = rows.last else { break }
                try emit(rows)
                last = try final.decode(column: "id", as: Int64.self)
            }
        } else {
            let order = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
            try emit(try await sql.raw("SELECT \(unsafeRaw: columnList) FROM \(ident: table.name) ORDER BY \(unsafeRaw: order)").all())
        }
        return BackupTableSummary(name: table.name, rows: count, sha256: hasher.finalize().hexString)
    }

    private static func value(of column: BackupColumn, in row: any SQLRow) throws -> BackupValue {
        if try row.decodeNil(column: column.name) { return .null }
        switch column.kind {
        case .integer: return .integer(try row.decode(column: column.name, as: Int64.self))
        case .real: return .real(try row.decode(column: column.name, as: Double.self))
        case .text: return .text(try row.decode(column: column.name, as: String.self))
        case .boolean: return .integer(try row.decode(column: column.name, as: Bool.self) ? 1 : 0)
        }
    }

    static func markerLine(_ marker: BackupMarker) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(marker), as: UTF8.self) + "\n"
    }
}
