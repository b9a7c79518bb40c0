import Vapor
import Fluent
import SQLKit
import HocBaCore

/// Wiring of the store into an application: the database and the migrations.
public enum HocBaSchema {
    /// The one way to open hocba's database, used by `serve`, every command, the benchmark and the tests: registers
    /// it as the default, migrates it (after emptying it when `reset`), then starts the audit trail. An unreachable
    /// or unusable database is a `DatabaseLocationError.opening`, one Vietnamese line.
    ///
    /// `through`: only the first that many migrations (a restore loads an older archive into its own schema, then
    /// opens the database again to migrate the rest). `migrating: false`: as it is (`hocba backup` copies a
    /// database without changing its schema).
    ///
    /// Returns the database handle on the application's logger (`app.db`).
    @discardableResult
    public static func open(_ location: DatabaseLocation, in app: Application, reset: Bool = false,
                            through: Int? = nil, migrating: Bool = true) async throws -> any Database {
        let databases = app.databases
        try location.register(in: databases)
        app.migrations.add(Array(HocBaMigrations.all.prefix(through ?? HocBaMigrations.all.count)))
        if migrating {
            let migrator = Migrator(databases: databases, migrations: app.migrations, logger: app.logger,
                                    on: app.eventLoopGroup.any(), migrationLogLevel: .debug)
            do {
                try await migrator.setupIfNeeded().flatMap { migrator.prepareBatch() }.get()
            } catch {
                throw DatabaseLocationError.opening(location, error)
            }
            if reset {
                try await migrator.revertAllBatches().flatMap { migrator.prepareBatch() }.get()
            }
        }
        enableAudit(location, databases: databases)
        return app.db
    }

    /// What a database holds before anyone migrates it: its tables, the migrations it has run (nil without the
    /// migrator's table), and whether it holds any record, account or audit entry. An SQLite file that does not
    /// exist is not created.
    public struct State: Sendable {
        public let tables: Int
        public let applied: [String]?
        public let hasRecords: Bool
    }

    /// The tables whose rows are someone's (the import's sheets, accounts, the trail): a database with a row in any
    /// of them is not empty. The rows migrations seed (catalogues, layouts, holidays) are in other tables.
    static let recordTables = ["units", "people", "classes", "enrolments", "funding_lines", "users", "audit_entries"]

    public static func inspect(_ location: DatabaseLocation, in app: Application) async throws -> State {
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            return State(tables: 0, applied: nil, hasRecords: false)
        }
        try location.register(in: app.databases)
        let sql = app.db as! any SQLDatabase
        do {
            let tables = Set(try await BackupCatalogue.tableNames(sql))
            var applied: [String]?
            if tables.contains("_fluent_migrations") {
                applied = try await sql.raw("SELECT name FROM _fluent_migrations").all()
                    .map { try $0.decode(column: "name", as: String.self) }
            }
            var hasRecords = false
            for table in recordTables where tables.contains(table) {
                if try await sql.raw("SELECT 1 AS found FROM \(ident: table) LIMIT 1").first() != nil { hasRecords = true }
            }
            return State(tables: tables.count, applied: applied, hasRecords: hasRecords)
        } catch {
            throw DatabaseLocationError.opening(location, error)
        }
    }

    /// The schema as a list: the name of every migration, in order (a backup's header).
    public static var migrationNames: [String] { HocBaMigrations.all.map(\.name) }

    /// Starts recording every write of a record model in the audit trail. Call it once the schema is migrated:
    /// migrations seed rows before the trail's table exists, and those rows are the schema's, not anyone's edit.
    static func enableAudit(_ location: DatabaseLocation, databases: Databases) {
        AuditedModels.register(on: databases, id: location.databaseID)
    }
}
