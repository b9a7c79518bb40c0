import Foundation
import Vapor
import HocBaStore

/// `hocba backup` and `hocba restore` (docs/operations.md, "Backup and restore").
public enum Backups {
    /// Writes the database at `location` to an archive at `output`, as it is: a backup never migrates (an older
    /// server may still be serving the database). `output` may only replace an earlier archive.
    public static func backup(_ location: DatabaseLocation, to output: URL,
                              progress: @escaping @Sendable (BackupTableSummary) -> Void) async throws -> BackupManifest {
        if case .sqlite(let path) = location {
            guard FileManager.default.fileExists(atPath: path) else { throw BackupError.noDatabaseFile(path) }
            guard URL(fileURLWithPath: path).standardizedFileURL.path != output.standardizedFileURL.path else {
                throw BackupError.cannotWrite(output.path + " (đây là tệp cơ sở dữ liệu)")
            }
        }
        if FileManager.default.fileExists(atPath: output.path), !BackupArchive.isArchive(output) {
            throw BackupError.cannotWrite(output.path + " (tệp đã có và không phải bản sao lưu; chọn tên khác)")
        }
        return try await withWorkingDatabase(location, migrating: false, actor: .commandLine) { database in
            try await database.records.writeBackup(to: output, known: HocBaSchema.migrationNames, progress: progress)
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
        let archive = try await BackupArchive.verify(input, known: HocBaSchema.migrationNames)
        switch location {
        case .postgres:
            try await requireRestorable(location, archive: archive)
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

    /// A PostgreSQL target is empty: no table at all, or (a restore that was stopped) a hocba schema no further on
    /// than the archive's with no record. Checked before anything is migrated, so that a refused restore writes
    /// nothing, even into another application's database named by mistake.
    private static func requireRestorable(_ location: DatabaseLocation, archive: BackupArchive) async throws {
        let app = try await Application.make(Environment(name: "production", arguments: ["hocba"]))
        app.logger.logLevel = .critical
        let state: HocBaSchema.State
        do {
            state = try await HocBaSchema.inspect(location, in: app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        guard state.tables > 0 else { return }
        guard let applied = state.applied else {
            throw BackupError.targetNotEmpty("có \(state.tables) bảng không phải của hocba")
        }
        guard applied.count <= archive.header.migrations.count,
              Set(applied) == Set(archive.header.migrations.prefix(applied.count)) else {
            throw BackupError.targetNotEmpty("lược đồ khác với bản sao lưu")
        }
        if state.hasRecords { throw BackupError.targetNotEmpty("đã có hồ sơ, tài khoản hoặc nhật ký") }
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
