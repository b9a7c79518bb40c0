import Foundation
import Fluent
import Logging
import SQLKit
import Crypto
import HocBaCore

/// The audit trail: every write appends an entry whose hash covers the previous entry's hash and its own fields,
/// so that editing or deleting any past entry breaks the chain from there on (`verify`).
///
/// Deleting the newest entries leaves a shorter chain that still verifies; anchoring the newest hash outside the
/// database (a printed report, another system) is what detects that.
public enum AuditLog {
    /// The hash before the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// Appends an entry on `db` (inside the caller's transaction when there is one).
    public static func append(_ record: AuditRecord, on db: any Database) async throws {
        try await append([record], on: db)
    }

    /// How many entries this process has appended (`/metrics`: `hocba_audit_entries_written_total`).
    public static var entriesWritten: Int { written.value }
    private static let written = WrittenCount()

    /// Appends entries in order, each chained to the one before, in one bulk insert (an import's rows).
    public static func append(_ records: [AuditRecord], on db: any Database) async throws {
        guard !records.isEmpty else { return }
        try await appendChained(records, on: db)
        // Inside a caller's transaction the entries may still roll back; counted anyway: the count is a rate to
        // watch, not a ledger (the trail's length is `hocba_audit_trail_entries`).
        written.add(records.count)
    }

    private static func appendChained(_ records: [AuditRecord], on db: any Database) async throws {
        try await db.transaction { tx in
            if tx.sql.dialect.name == "postgresql" {
                // One writer at a time reads the newest hash and appends after it; readers are not blocked.
                try await tx.sql.raw("LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE").run()
            }
            var previous = try await AuditEntry.query(on: tx).sort(\.$id, .descending).first()?.hash ?? genesis
            var rows: [[any SQLExpression]] = []
            rows.reserveCapacity(records.count)
            for record in records {
                let hash = hash(record, previous: previous)
                rows.append([SQLBind(record.at), SQLBind(record.actor), SQLBind(record.origin),
                             SQLBind(record.action.rawValue), SQLBind(record.entity), SQLBind(record.key),
                             SQLBind(record.before), SQLBind(record.after), SQLBind(previous), SQLBind(hash)])
                previous = hash
            }
            // Inserted in order, so that ids follow the chain.
            try await BulkInsert.run(tx.sql, table: AuditEntry.schema,
                                     columns: ["at", "actor", "origin", "action", "entity", "record_key", "before_json",
                                               "after_json", "previous_hash", "hash"], rows: rows)
        }
    }

    /// A record of `action` on `entity`/`key` by the actor `db` was opened for (or the task's), now.
    public static func record(_ action: AuditAction, entity: String, key: String, before: String?,
                              after: String?, on db: any Database) -> AuditRecord {
        let actor = AuditActor.stamped(on: db.logger) ?? .system
        return AuditRecord(at: timestamp(Date()), actor: actor.name, origin: actor.origin, action: action,
                           entity: entity, key: key, before: before, after: after)
    }

    public static func hash(_ record: AuditRecord, previous: String) -> String {
        SHA256.hash(data: Data(record.chainedText(previousHash: previous).utf8))
            .hexString
    }

    /// UTC, ISO 8601 with milliseconds: the trail's times, a backup's header, a JSON log line's.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    public struct Verification: Sendable, Equatable {
        public let entries: Int
        /// The first entry that does not follow from the ones before it, and why; nil when the chain is intact.
        public let broken: (id: Int, reason: String)?

        public init(entries: Int, broken: (id: Int, reason: String)?) {
            self.entries = entries
            self.broken = broken
        }

        public static func == (a: Verification, b: Verification) -> Bool {
            a.entries == b.entries && a.broken?.id == b.broken?.id && a.broken?.reason == b.broken?.reason
        }
    }

    /// Recomputes the chain from the first entry, in pages.
    public static func verify(on db: any Database) async throws -> Verification {
        var expectedPrevious = genesis
        var count = 0
        var lastID = 0
        while true {
            let page = try await AuditEntry.query(on: db).filter(\.$id > lastID).sort(\.$id).limit(2_000).all()
            if page.isEmpty { return Verification(entries: count, broken: nil) }
            for entry in page {
                let id = entry.id!
                guard entry.previousHash == expectedPrevious else {
                    return Verification(entries: count, broken: (id, "không nối tiếp mục trước (mục trước đã bị sửa hoặc xóa)"))
                }
                guard let record = entry.record, hash(record, previous: entry.previousHash) == entry.hash else {
                    return Verification(entries: count, broken: (id, "nội dung không khớp mã băm (mục đã bị sửa)"))
                }
                expectedPrevious = entry.hash
                count += 1
                lastID = id
            }
        }
    }

    /// A model's fields as canonical JSON (sorted keys), for an entry's before and after values.
    static func json<M: Model>(_ model: M) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(model)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension AuditActor {
    static let nameKey = "hocba.audit.actor"
    static let originKey = "hocba.audit.origin"

    /// Marks a logger, and so every database opened with it (a request's, a command's), with this actor: the
    /// audit middleware runs on event-loop futures, where task-local values do not reach.
    public func stamp(_ logger: inout Logger) {
        logger[metadataKey: Self.nameKey] = .string(name)
        logger[metadataKey: Self.originKey] = .string(origin)
    }

    static func stamped(on logger: Logger) -> AuditActor? {
        guard case .string(let name)? = logger[metadataKey: nameKey],
              case .string(let origin)? = logger[metadataKey: originKey] else { return nil }
        return AuditActor(name: name, origin: origin)
    }
}

/// A count shared by every task of the process.
private final class WrittenCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }
    func add(_ amount: Int) { lock.withLock { count += amount } }
}
