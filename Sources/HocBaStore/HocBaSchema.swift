import Vapor
import Fluent
import HocBaCore

/// Wiring of the store into an application: the database and the migrations.
public enum HocBaSchema {
    /// The one way to open hocba's database, used by `serve`, every command, the benchmark and the tests: registers
    /// it as the default, migrates it (after emptying it when `reset`), then starts the audit trail. An unreachable
    /// or unusable database is a `DatabaseLocationError.opening`, one Vietnamese line.
    ///
    /// Returns the database handle on the application's logger (`app.db`).
    @discardableResult
    ///
    /// `through`: only the first that many migrations (a restore loads an older archive into its own schema, then
    /// opens the database again to migrate the rest).
    public static func open(_ location: DatabaseLocation, in app: Application,
                            reset: Bool = false, through: Int? = nil) async throws -> any Database {
        let databases = app.databases
        try location.register(in: databases)
        app.migrations.add(Array(HocBaMigrations.all.prefix(through ?? HocBaMigrations.all.count)))
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
        enableAudit(location, databases: databases)
        return app.db
    }

    /// The schema as a list: the name of every migration, in order (a backup's header).
    public static var migrationNames: [String] { HocBaMigrations.all.map(\.name) }

    /// Starts recording every write of a record model in the audit trail. Call it once the schema is migrated:
    /// migrations seed rows before the trail's table exists, and those rows are the schema's, not anyone's edit.
    static func enableAudit(_ location: DatabaseLocation, databases: Databases) {
        AuditedModels.register(on: databases, id: location.databaseID)
    }
}
