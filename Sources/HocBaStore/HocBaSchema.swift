import Fluent
import HocBaCore

/// Wiring of the store into an application: the database and the migrations.
public enum HocBaSchema {
    /// Registers the database at `location` as the default and adds every migration.
    public static func register(_ location: DatabaseLocation, databases: Databases, migrations: Migrations) throws {
        try location.register(in: databases)
        migrations.add(HocBaMigrations.all)
    }
}
