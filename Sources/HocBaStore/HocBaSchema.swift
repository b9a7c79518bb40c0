import Fluent
import HocBaCore

/// Wiring of the store into an application: the database and the migrations.
public enum HocBaSchema {
    /// Registers the database at `location` as the default and adds every migration.
    public static func register(_ location: DatabaseLocation, databases: Databases, migrations: Migrations) throws {
        try location.register(in: databases)
        migrations.add(HocBaMigrations.all)
    }

    /// Starts recording every write of a record model in the audit trail. Call it once the schema is migrated:
    /// migrations seed rows before the trail's table exists, and those rows are the schema's, not anyone's edit.
    public static func enableAudit(_ location: DatabaseLocation, databases: Databases) {
        AuditedModels.register(on: databases, id: location.databaseID)
    }
}
