import Testing
import Foundation
import Vapor
import Fluent
import SQLKit
import HocBaCore
@testable import HocBaStore
import HocBaApp
import HocBaTesting

/// `hocba backup` and `hocba restore` (docs/operations.md): the archive restored into a new database of the test
/// engine gives back every row, the audit chain and the kept counts; a damaged or newer archive writes nothing.
/// scripts/ops-test.sh runs the drill across engines (SQLite to PostgreSQL) with the demo province.
@Suite(.serialized) struct BackupTests {
    /// Records of every kind, a signed-in account (a session and a boolean column) and the trail they wrote.
    static func seeded(_ app: Application) async throws {
        try await seedTwoDistricts(app)
        _ = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
        // Text that JSON and PostgreSQL's COPY must escape (backslashes; a field that is exactly `\N` is NULL to
        // COPY unescaped, one exactly `\.` its end of data), a character beyond the BMP, a large integer.
        try await RecordStore(app.db).saveNews(NewsDraft(
            title: "Trích \"Quyết định\" số 1\\2026", body: "Dòng một\nDòng hai\tcột\r\u{1}\u{7F} — 😀 / ¼ \\N\\",
            author: "Sở Nội vụ", date: Day(2026, 1, 1), published: true))
        for (index, text) in ["\\N", "\\."].enumerated() {
            try await RecordStore(app.db).saveNews(NewsDraft(title: "Tin \(index)", body: text, author: text,
                                                             date: Day(2026, 1, 2), published: false))
        }
        try await RecordStore(app.db).saveFundingLine(FundingDraft(documentNumber: "KP-LON", year: 2026, source: "NSTW",
                                                                   amount: 9_007_199_254_740_993))
        // A commune merged (1 July 2025) into one made after it: a row pointing at a later row of its own table.
        let store = RecordStore(app.db)
        try await store.createUnit(UnitDraft(code: "XC", name: "Xã Cũ", level: .commune, parentCode: "NR",
                                             validTo: Day(2025, 6, 30)))
        try await store.createUnit(UnitDraft(code: "XM", name: "Xã Mới", level: .commune, parentCode: "BK",
                                             validFrom: Day(2025, 7, 1)))
        try await store.updateUnit(code: "XC", UnitDraft(code: "XC", name: "Xã Cũ", level: .commune, parentCode: "NR",
                                                         validTo: Day(2025, 6, 30), mergedIntoCode: "XM"))
    }

    /// The seeded records' backup, in a new file the caller removes.
    static func seededArchive(_ app: Application) async throws -> URL {
        try await seeded(app)
        let url = archiveURL()
        _ = try await RecordStore(app.db).writeBackup(to: url, known: HocBaSchema.migrationNames)
        return url
    }

    /// `text` as a whole gzip file.
    static func gzipped(_ text: String) throws -> Data {
        let url = archiveURL()
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try GzipWriter(creating: url)
        try writer.write(text)
        try writer.finish()
        return try Data(contentsOf: url)
    }

    static func archiveURL() -> URL {
        URL(fileURLWithPath: NSTemporaryDirectory() + "hocba-backup-\(UUID().uuidString).gz")
    }

    @Test func aRestoredDatabaseHoldsEveryRowTheChainAndTheCounts() async throws {
        try await withTestApp { app in
            try await Self.seeded(app)
            let url = Self.archiveURL()
            defer { try? FileManager.default.removeItem(at: url) }
            let store = RecordStore(app.db)
            let manifest = try await store.writeBackup(to: url, known: HocBaSchema.migrationNames)
            #expect(manifest.tables.first { $0.name == "people" }?.rows == 3)
            #expect(!manifest.tables.contains { BackupFormat.derivedTables.contains($0.name) })
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let source = try await databaseDump(app.db)
            let summary = try await store.summaryReport(SummaryParameters(from: Day(2016, 1, 1), to: Day(2020, 12, 31)))

            try await withUnopenedTestDatabase { target in
                let archive = try await Backups.restore(url, into: target) { _ in }
                #expect(archive.rowCount == manifest.tables.reduce(0) { $0 + $1.rows })
                try await withWorkingDatabase(target, actor: .commandLine) { restored in
                    let db = restored.records.db
                    #expect(try await databaseDump(db) == source)
                    #expect(try await restored.records.summaryReport(
                        SummaryParameters(from: Day(2016, 1, 1), to: Day(2020, 12, 31))) == summary)
                    #expect(try await restored.records.verifyAuditTrail().broken == nil)
                    #expect(try await restored.records.summaryCellDrift().isEmpty)
                    // Its backup holds the same rows, line for line.
                    let again = Self.archiveURL()
                    defer { try? FileManager.default.removeItem(at: again) }
                    #expect(try await restored.records.writeBackup(to: again, known: HocBaSchema.migrationNames) == manifest)
                    // New rows continue after the restored ids (PostgreSQL's sequences were set).
                    try await restored.records.createPerson(PersonDraft(code: "MOI", fullName: "Người Mới", unitCode: "BB",
                                                                        category: .civilServant))
                    let ids = try await Person.query(on: db).all().map { $0.id! }
                    #expect(Set(ids).count == ids.count && ids.max()! > 3)
                }
                // A second restore into the same, now full, database is refused.
                await #expect(throws: BackupError.self) { try await Backups.restore(url, into: target) { _ in } }
            }
        }
    }

    /// Cut short, one byte changed, made by a newer hocba, not an archive at all: refused with its reason, and the
    /// target database never opened.
    @Test func aDamagedOrNewerArchiveIsRefusedAndNothingWritten() async throws {
        try await withTestApp { app in
            let url = try await Self.seededArchive(app)
            defer { try? FileManager.default.removeItem(at: url) }
            let bytes = try Data(contentsOf: url)

            // A changed byte anywhere past gzip's ten-byte header: in the compressed data (where a small archive's
            // whole stream inflates before its first line is seen), in the CRC-32 or in the length at the end.
            let flips = [12, bytes.count / 4, bytes.count / 2, bytes.count * 3 / 4, bytes.count - 6, bytes.count - 2].map { at in
                var flipped = bytes
                flipped[at] ^= 0x10
                return ("đảo một bit ở byte \(at)", flipped)
            }
            let newer = try Self.rewritten(url) { line in
                line.replacingOccurrences(of: "M037CreateCertificates\"]", with: "M037CreateCertificates\",\"HocBaStore.M099Future\"]")
            }
            let reordered = try Self.rewritten(url) { line in
                line.replacingOccurrences(of: "HocBaStore.M002CreateUnits", with: "HocBaStore.M003CreatePeople")
            }
            let withoutManifest = try Self.rewritten(url) { line in line.hasPrefix("{\"manifest\"") ? nil : line }
            let isDamaged: (BackupError) -> Bool = { if case .damaged = $0 { true } else { false } }
            let cases: [(String, Data, (BackupError) -> Bool)] = flips.map { ($0.0, $0.1, isDamaged) } + [
                ("cắt cụt", bytes.prefix(bytes.count * 2 / 3), isDamaged),
                ("lược đồ mới hơn", newer, { $0 == .newerSchema(unknown: "HocBaStore.M099Future") }),
                ("lược đồ khác", reordered, { if case .differentSchema = $0 { true } else { false } }),
                ("thiếu bảng kê", withoutManifest, isDamaged),
                ("không phải bản sao lưu", Data("Họ và tên,Mã\n".utf8), { $0 == .notAnArchive }),
                ("tệp gzip khác", try Self.gzipped("Họ và tên,Mã\nHà Thị Lan,P1\n"), { $0 == .notAnArchive }),
                ("tệp gzip một dòng không hết", try Self.gzipped("{}"), { $0 == .notAnArchive }),
                ("hai tệp gzip nối nhau", try Self.gzipped("Họ và tên\n") + Self.gzipped("Hà Thị Lan\n"),
                 { $0 == .notAnArchive }),
                ("bản sao lưu có thêm dữ liệu sau cuối", try bytes + Self.gzipped("{}\n"), isDamaged),
            ]
            for (name, data, expected) in cases {
                let damaged = Self.archiveURL()
                defer { try? FileManager.default.removeItem(at: damaged) }
                try data.write(to: damaged)
                try await withUnopenedTestDatabase { target in
                    do {
                        _ = try await Backups.restore(damaged, into: target) { _ in }
                        Issue.record("\(name): restored")
                    } catch let error as BackupError {
                        #expect(expected(error), "\(name): \(error)")
                        #expect(error.description.contains("Không ghi gì") || error.description.contains("không ghi gì"),
                                "\(name): \(error)")
                    }
                    #expect(try await tableCount(target) == 0, "\(name)")
                }
            }
        }
    }

    /// A sound archive whose rows the database refuses (two units with one code, its checksums made again): the
    /// load fails in the middle, on PostgreSQL inside a `COPY`, and the whole transaction goes. The same target
    /// then takes the true archive.
    @Test func aRowTheDatabaseRefusesUndoesTheWholeRestore() async throws {
        try await withTestApp { app in
            let url = try await Self.seededArchive(app)
            defer { try? FileManager.default.removeItem(at: url) }
            let source = try await databaseDump(app.db)
            let refused = Self.archiveURL()
            defer { try? FileManager.default.removeItem(at: refused) }
            try Self.resealed(url) { table, row in
                table == "units" && row.contains(",\"NR\",") ? row.replacingOccurrences(of: ",\"NR\",", with: ",\"BB\",") : row
            }.write(to: refused)

            try await withUnopenedTestDatabase { target in
                do {
                    _ = try await Backups.restore(refused, into: target) { _ in }
                    Issue.record("restored two units with one code")
                } catch let error as BackupError {
                    guard case .loadFailed(let table, _) = error else { Issue.record("\(error)"); return }
                    #expect(table == "units")
                    #expect(error.description.contains("Không có gì được ghi"), "\(error)")
                }
                _ = try await Backups.restore(url, into: target) { _ in }
                try await withWorkingDatabase(target, actor: .commandLine) { restored in
                    let dump = try await databaseDump(restored.records.db)
                    #expect(dump == source)
                }
            }
        }
    }

    /// An archive of an older schema (before M037, the certificates): `hocba backup` copies that database without
    /// migrating it and names its schema as it is; the restore loads it into that schema, then migrates it.
    @Test func anOlderSchemasArchiveRestoresAndIsMigrated() async throws {
        let older = HocBaSchema.migrationNames.count - 1
        let url = Self.archiveURL()
        defer { try? FileManager.default.removeItem(at: url) }
        try await withUnopenedTestDatabase { source in
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            do {
                let store = RecordStore(try await HocBaSchema.open(source, in: app, through: older))
                try await store.createUnit(UnitDraft(code: "BK", name: "Tỉnh Bắc Kạn", level: .province))
                try await store.createPerson(PersonDraft(code: "P1", fullName: "Hà Thị Lan", ethnicity: "Tày",
                                                         unitCode: "BK", category: .civilServant))
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
            let manifest = try await Backups.backup(source, to: url) { _ in }
            #expect(!manifest.tables.contains { $0.name == "certificates" })
            let archive = try await BackupArchive.verify(url, known: HocBaSchema.migrationNames)
            #expect(archive.header.migrations.count == older)
            // The backup left the source's schema as it was.
            let state = try await Self.state(of: source)
            #expect(state.applied?.count == older)
        }
        try await withUnopenedTestDatabase { target in
            _ = try await Backups.restore(url, into: target) { _ in }
            #expect(try await Self.state(of: target).applied?.count == HocBaSchema.migrationNames.count)
            try await withWorkingDatabase(target, actor: .commandLine) { restored in
                let person = try await restored.records.person(code: "P1")
                let trail = try await restored.records.verifyAuditTrail()
                let drift = try await restored.records.summaryCellDrift()
                #expect(person?.fullName == "Hà Thị Lan" && trail.broken == nil && trail.entries >= 2 && drift.isEmpty)
            }
        }
    }

    /// A target that holds anything else is refused before anything is migrated into it; an output file that is
    /// not an archive is never overwritten.
    @Test func aRestoreNeverWritesIntoAnotherDatabaseNorABackupOverAnotherFile() async throws {
        try await withTestApp { app in
            let url = try await Self.seededArchive(app)
            defer { try? FileManager.default.removeItem(at: url) }
            try await withUnopenedTestDatabase { target in
                let app = try await Application.make(.testing)
                try target.register(in: app.databases, maxConnectionsPerEventLoop: 1)
                try await (app.db as! any SQLDatabase).raw("CREATE TABLE so_lieu_khac (ma INTEGER)").run()
                try await app.asyncShutdown()
                await #expect(throws: BackupError.self) { try await Backups.restore(url, into: target) { _ in } }
                #expect(try await tableCount(target) == 1)
            }
            let notes = URL(fileURLWithPath: NSTemporaryDirectory() + "ghi-chu-\(UUID().uuidString).txt")
            defer { try? FileManager.default.removeItem(at: notes) }
            try Data("Ghi chú quan trọng".utf8).write(to: notes)
            await #expect(throws: BackupError.self) {
                _ = try await Backups.backup(TestDatabase.location(of: app), to: notes) { _ in }
            }
            #expect(try String(contentsOf: notes, encoding: .utf8) == "Ghi chú quan trọng")
        }
    }

    /// A database file that is not there, and one a newer hocba migrated: no archive, and the reason said.
    @Test func aBackupRefusesAMissingFileAndANewerSchema() async throws {
        let url = Self.archiveURL()
        defer { try? FileManager.default.removeItem(at: url) }
        let missing = NSTemporaryDirectory() + "khong-co-\(UUID().uuidString).sqlite"
        await #expect(throws: BackupError.noDatabaseFile(missing)) {
            _ = try await Backups.backup(.sqlite(path: missing), to: url) { _ in }
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
        try await withTestApp { app in
            try await (app.db as! any SQLDatabase).raw("""
                INSERT INTO _fluent_migrations (id, name, batch) VALUES (\(bind: UUID()), 'HocBaStore.M099Future', 2)
                """).run()
            await #expect(throws: BackupError.databaseNewer("HocBaStore.M099Future")) {
                _ = try await Backups.backup(TestDatabase.location(of: app), to: url) { _ in }
            }
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    static func state(of location: DatabaseLocation) async throws -> HocBaSchema.State {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        let state = try await HocBaSchema.inspect(location, in: app)
        try await app.asyncShutdown()
        return state
    }

    /// The archive with rows edited by `edit(table, row)` and each table's count and SHA-256, and the manifest,
    /// made again: an archive that passes every check.
    static func resealed(_ url: URL, _ edit: (String, String) -> String) throws -> Data {
        let reader = try GzipReader(reading: url)
        let copy = archiveURL()
        defer { try? FileManager.default.removeItem(at: copy) }
        let writer = try GzipWriter(creating: copy)
        var table = ""
        var hasher = SHA256()
        var count = 0
        var summaries: [BackupTableSummary] = []
        while let line = try reader.nextLine() {
            if line.hasPrefix("[") {
                let row = edit(table, line) + "\n"
                hasher.update(data: Data(row.utf8))
                count += 1
                try writer.write(row)
                continue
            }
            let marker = try JSONDecoder().decode(BackupMarker.self, from: Data(line.utf8))
            if let opened = marker.table {
                table = opened.name
                hasher = SHA256()
                count = 0
                try writer.write(line + "\n")
            } else if marker.end != nil {
                let summary = BackupTableSummary(name: table, rows: count, sha256: hasher.finalize().hexString)
                summaries.append(summary)
                try writer.write(try RecordStore.markerLine(BackupMarker(end: summary)))
            } else if marker.manifest != nil {
                try writer.write(try RecordStore.markerLine(BackupMarker(manifest: BackupManifest(tables: summaries))))
            } else {
                try writer.write(line + "\n")
            }
        }
        try writer.finish()
        return try Data(contentsOf: copy)
    }

    /// The archive at `url` with each line passed through `edit` (nil drops it), compressed again.
    static func rewritten(_ url: URL, _ edit: (String) -> String?) throws -> Data {
        let reader = try GzipReader(reading: url)
        let copy = archiveURL()
        defer { try? FileManager.default.removeItem(at: copy) }
        let writer = try GzipWriter(creating: copy)
        while let line = try reader.nextLine() {
            if let edited = edit(line) { try writer.write(edited + "\n") }
        }
        try writer.finish()
        return try Data(contentsOf: copy)
    }
}
