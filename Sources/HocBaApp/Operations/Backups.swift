import Foundation
import HocBaStore

/// `hocba backup` and `hocba restore` (docs/operations.md, "Backup and restore").
public enum Backups {
    /// Writes the database at `location` to an archive at `output`.
    public static func backup(_ location: DatabaseLocation, to output: URL,
                              progress: @escaping @Sendable (BackupTableSummary) -> Void) async throws -> BackupManifest {
        try await withWorkingDatabase(location, actor: .commandLine) { database in
            try await database.records.writeBackup(to: output, migrations: HocBaSchema.migrationNames, progress: progress)
        }
    }

    /// Checks the archive at `input` whole, then loads it into the empty database at `location` and migrates it
    /// to this hocba's schema when it came from an older one. Nothing is written when the archive is damaged,
    /// newer, or the database not empty.
    ///
    /// An SQLite target is a file that must not exist yet: the restore builds it under another name and moves it
    /// into place once complete, so that a restore cut short (killed, power lost) never leaves a file hocba would
    /// open. A PostgreSQL target is loaded in one transaction.
    public static func restore(_ input: URL, into location: DatabaseLocation,
                               progress: @escaping @Sendable (BackupTableSummary) -> Void) async throws -> BackupArchive {
        let archive = try BackupArchive.verify(input, known: HocBaSchema.migrationNames)
        switch location {
        case .postgres:
            try await load(archive, into: location, progress: progress)
        case .sqlite(let path):
            let manager = FileManager.default
            guard !manager.fileExists(atPath: path) else {
                throw BackupError.targetNotEmpty("tệp \(path) đã có; khôi phục vào một tệp mới")
            }
            let staging = path + ".restoring"
            for leftover in [staging, staging + "-journal", staging + "-wal", staging + "-shm"] {
                try? manager.removeItem(atPath: leftover)
            }
            try await load(archive, into: .sqlite(path: staging), progress: progress)
            do {
                try manager.moveItem(atPath: staging, toPath: path)
            } catch {
                throw BackupError.cannotWrite(path)
            }
        }
        return archive
    }

    private static func load(_ archive: BackupArchive, into location: DatabaseLocation,
                             progress: @escaping @Sendable (BackupTableSummary) -> Void) async throws {
        let schema = archive.header.migrations.count
        try await withWorkingDatabase(location, schemaThrough: schema, actor: .commandLine) { database in
            try await database.records.restoreBackup(archive, progress: progress)
        }
        if schema < HocBaSchema.migrationNames.count {
            // An older hocba's archive: the rest of the migrations, as an upgrade would run them.
            try await withWorkingDatabase(location, actor: .commandLine) { _ in }
        }
    }
}
