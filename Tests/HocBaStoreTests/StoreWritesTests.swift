import Testing
import Foundation
import HocBaTesting

/// The store changes record rows in three audited ways only: through Fluent models (the audit middleware records
/// every create, update and delete), through the import's trailed upserts, and through `AuditedUpdate`. A
/// query-level `.delete()`, an SQL `UPDATE`/`DELETE`/`INSERT` or a bulk insert anywhere else would bypass the trail,
/// so this test reads the store's sources and fails on one, naming the file and line.
@Suite struct StoreWritesTests {
    /// Files allowed to write SQL, each with the reason the trail still holds.
    static let allowed: [String: String] = [
        "Audit/AuditLog.swift": "writes the trail itself",
        "Audit/AuditedUpdate.swift": "records every row it updates",
        "BulkInsert.swift": "the mechanism; its callers are listed here",
        "Import/ImportWrite.swift": "every upsert goes through ImportTrail, which records each new or changed row; a "
            + "load into an empty database inserts rows that were not there, recorded as one entry per sheet",
        "Accounts/AccountStore.swift": "sessions and failed sign-ins are not records; accounts are saved as models",
        "Accounts/APITokens.swift": "a token's last use is no change of the token (made and revoked as an audited model)",
        "Accounts/IdempotencyKeys.swift": "kept API responses are not records; the writes they answer are audited",
        "Records/FrozenReports.swift": "a frozen report's counted lines, written once with the audited report",
        "National/NationalDeliveries.swift": "the people a unit's delivery covered, written once with the audited "
            + "delivery (its entry counts them)",
        "Queries/CommuneRates.swift": "the commune rates' kept stretches and deltas are derived from the records "
            + "(no record of their own), counted again from the marks the triggers leave",
        "Records/CertificateCounters.swift": "a register's counter is bookkeeping: each serial it hands out is "
            + "written in an audited certificate",
        "Backup/BackupRestore.swift": "a restore loads another database's rows and its trail, whole and unchanged "
            + "(the trail's chain verifies after it); it writes only into an empty database",
        "Queries/SummaryCells.swift": "the report's kept counts and the unit closure are derived from the records "
            + "(no record of their own): refilled after a load whose entries the loader writes",
    ]

    static let patterns = [#"\)\s*\.delete\(\)"#, #"\.delete\(\)$"#, #"sql\.(update|delete|insert)\("#,
                           #"(?i)\b(UPDATE\s+\w+\s+SET|DELETE\s+FROM|INSERT\s+INTO)\b"#, #"BulkInsert\.run"#]

    @Test func noWriteBypassesTheTrail() throws {
        let root = URL(fileURLWithPath: packageRoot).appendingPathComponent("Sources/HocBaStore")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 20)
        var offending: [String] = []
        for file in files {
            let relative = String(file.path.dropFirst(root.path.count + 1))
            if relative.hasPrefix("Migrations/") || Self.allowed[relative] != nil { continue }
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                if Self.patterns.contains(where: { line.range(of: $0, options: .regularExpression) != nil }) {
                    offending.append("\(relative):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offending.isEmpty, "writes that bypass the audit trail:\n\(offending.joined(separator: "\n"))")
    }

    /// Every file on the list still writes: one that stopped writing leaves the list.
    @Test func everyAllowedFileWrites() throws {
        let root = URL(fileURLWithPath: packageRoot).appendingPathComponent("Sources/HocBaStore")
        for file in Self.allowed.keys.sorted() {
            let lines = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                .components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
            #expect(lines.contains { line in
                Self.patterns.contains { line.range(of: $0, options: .regularExpression) != nil }
            }, "\(file) writes nothing the scan looks for")
        }
    }

    /// The scan itself finds what it looks for (a test of the test).
    @Test func thePatternsCatchTheWritesTheyName() {
        for line in ["try await Enrolment.query(on: db).filter(\\.$id == 1).delete()", "try await db.sql.update(\"x\")",
                     "UPDATE units SET path = ?", "DELETE FROM people", "try await BulkInsert.run(sql, table: t)"] {
            #expect(Self.patterns.contains { line.range(of: $0, options: .regularExpression) != nil }, "\(line)")
        }
        #expect(!Self.patterns.contains { "try await enrolment.delete(on: db)".range(of: $0, options: .regularExpression) != nil })
    }
}
