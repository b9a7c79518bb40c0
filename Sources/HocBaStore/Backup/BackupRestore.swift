import Foundation
import Fluent
import SQLKit
import HocBaCore

extension RecordStore {
    /// Loads a verified archive into this database, which must be empty (no records, accounts or audit entries)
    /// and migrated to the archive's schema, in one transaction: a restore that fails or is killed leaves the
    /// database as it was. Ids are kept, so every id-based URL and the audit trail's chain are the source's; the
    /// derived tables are rebuilt from the loaded ones (`pausingDerivedTables`), and PostgreSQL's id sequences set
    /// past the largest id. The restore itself adds no entry to the trail: the trail it loads is the source's,
    /// whole, as `hocba audit verify` checks.
    ///
    /// `progress` hears each table once loaded.
    public func restoreBackup(_ archive: BackupArchive,
                              progress: @escaping @Sendable (BackupTableSummary) -> Void = { _ in }) async throws {
        try await transaction { store in
            let sql = store.sql
            try await store.requireEmptyForRestore()
            let catalogue = try await BackupCatalogue.read(sql)
            try Self.checkSameTables(archive, catalogue)
            try await store.pausingDerivedTables {
                // The rows the migrations seeded (catalogues, layouts, holidays) give way to the archive's.
                for table in catalogue.tables.reversed() {
                    try await sql.delete(from: table.name).run()
                }
                let selfReferences = catalogue.selfReferences
                let targets = Dictionary(uniqueKeysWithValues: catalogue.tables.map { ($0.name, $0) })
                var pointingAtSelf: [(table: BackupTable, row: [BackupValue])] = []
                let postgres = sql.dialect.name == "postgresql"
                try await archive.load(batchSize: 1_000, rows: { archived, rows in
                    // The target's own kinds: a boolean column of PostgreSQL takes the archive's 0 and 1.
                    let table = targets[archived.name]!.reordered(like: archived)
                    let rows = rows.map { row in zip(row, table.columns).map { $0.converted(to: $1.kind) } }
                    let deferred = selfReferences[table.name] ?? []
                    do {
                        if postgres {
                            try await PostgresCopy.run(store.db, table: table.name, columns: table.columns, rows: rows,
                                                       leavingEmpty: deferred)
                        } else {
                            try await Self.insert(rows, into: table, deferring: deferred, sql)
                        }
                    } catch {
                        throw BackupError.loadFailed(table: table.name, reason: databaseMessage(error))
                    }
                    if !deferred.isEmpty { pointingAtSelf += rows.map { (table, $0) } }
                }, tableDone: { summary in
                    if let table = pointingAtSelf.first?.table {
                        try await Self.update(pointingAtSelf.map(\.row), of: table,
                                              setting: selfReferences[table.name] ?? [], sql)
                    }
                    pointingAtSelf.removeAll()
                    progress(summary)
                })
                if postgres {
                    for table in archive.tables where table.columns.contains(where: { $0.name == "id" }) {
                        try await sql.raw("""
                            SELECT setval(pg_get_serial_sequence(\(bind: table.name), 'id'),
                                          COALESCE((SELECT max(id) FROM \(ident: table.name)), 1),
                                          EXISTS (SELECT 1 FROM \(ident: table.name)))
                            """).run()
                    }
                }
            }
        }
    }

    /// Empty: no row in any of `HocBaSchema.recordTables`. The rows migrations seed do not count.
    private func requireEmptyForRestore() async throws {
        for table in HocBaSchema.recordTables {
            if try await sql.select().column("id").from(table).limit(1).first() != nil {
                throw BackupError.targetNotEmpty(AuditReading.entityName(table).lowercased())
            }
        }
    }

    private static func checkSameTables(_ archive: BackupArchive, _ catalogue: BackupCatalogue) throws {
        let here = Dictionary(uniqueKeysWithValues: catalogue.tables.map { ($0.name, Set($0.columns.map(\.name))) })
        let there = Dictionary(uniqueKeysWithValues: archive.tables.map { ($0.name, Set($0.columns.map(\.name))) })
        for (name, columns) in there where here[name] != columns {
            throw BackupError.differentSchema(here[name] == nil ? "bảng \(name) không có ở đây" : "các cột của bảng \(name)")
        }
        if let missing = here.keys.sorted().first(where: { there[$0] == nil }) {
            throw BackupError.differentSchema("bản sao lưu thiếu bảng \(missing)")
        }
    }

    /// One batch of rows, with the columns pointing at their own table left empty: a unit merged into a later one
    /// points at a row not yet in. `update` writes them once the whole table is.
    private static func insert(_ rows: [[BackupValue]], into table: BackupTable, deferring later: [String],
                               _ sql: any SQLDatabase) async throws {
        try await BulkInsert.run(sql, table: table.name, columns: table.columns.map(\.name), rows: rows) { row in
            zip(table.columns, row).map { column, value in
                later.contains(column.name) ? SQLLiteral.null : value.sqlExpression
            }
        }
    }

    /// The columns `insert` left empty, a thousand rows a statement (one statement a row took 10 s for the
    /// nation's 15 000 units). The form, a `WITH … VALUES` and a subquery, reads the same on both engines.
    private static func update(_ rows: [[BackupValue]], of table: BackupTable, setting columns: [String],
                               _ sql: any SQLDatabase) async throws {
        guard let idIndex = table.columns.firstIndex(where: { $0.name == "id" }) else {
            throw BackupError.differentSchema("bảng \(table.name) trỏ tới chính nó mà không có cột id")
        }
        for (index, column) in table.columns.enumerated() where columns.contains(column.name) {
            let pointing = rows.filter { $0[index] != .null }
            for start in stride(from: 0, to: pointing.count, by: 1_000) {
                let pairs = pointing[start..<min(start + 1_000, pointing.count)].map { row in
                    SQLGroupExpression([row[idIndex].sqlExpression, row[index].sqlExpression])
                }
                try await sql.raw("""
                    WITH v (id, value) AS (VALUES \(SQLList(pairs)))
                    UPDATE \(ident: table.name) SET \(ident: column.name) = (SELECT value FROM v WHERE v.id = \(ident: table.name).id)
                    WHERE id IN (SELECT id FROM v)
                    """).run()
            }
        }
    }
}

extension BackupTable {
    /// The columns in the order of `other`'s (the same names; `checkSameTables` made sure).
    func reordered(like other: BackupTable) -> BackupTable {
        let byName = Dictionary(uniqueKeysWithValues: columns.map { ($0.name, $0) })
        return BackupTable(name: name, columns: other.columns.map { byName[$0.name]! })
    }
}

extension BackupValue {
    func converted(to kind: ColumnKind) -> BackupValue {
        switch (self, kind) {
        case (.integer(let value), .boolean): .boolean(value != 0)
        case (.integer(let value), .real): .real(Double(value))
        default: self
        }
    }

    var sqlExpression: any SQLExpression {
        switch self {
        case .null: SQLLiteral.null
        case .integer(let value): SQLBind(value)
        case .real(let value): SQLBind(value)
        case .text(let value): SQLBind(value)
        case .boolean(let value): SQLBind(value)
        }
    }
}
