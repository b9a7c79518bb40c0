import Foundation
import FluentPostgresDriver

/// Rows written into PostgreSQL with `COPY … FROM STDIN` rather than bound `INSERT`s, which carry every value as a
/// parameter and a statement per 30 000 of them (docs/benchmarks.md, "Backup and restore", measures both). It runs on
/// the connection of the caller's transaction, so a failed or killed restore still leaves nothing.
enum PostgresCopy {
    /// Copies `rows` (in the order of `columns`) into `table`, writing NULL in the columns named in `empty`.
    static func run(_ db: any Database, table: String, columns: [BackupColumn], rows: [[BackupValue]],
                    leavingEmpty empty: [String] = []) async throws {
        guard let postgres = db as? any PostgresDatabase else {
            preconditionFailure("PostgresCopy on a database that is not PostgreSQL")
        }
        let skipped = columns.map { empty.contains($0.name) }
        var buffer = ByteBufferAllocator().buffer(capacity: rows.count * 128)
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                if skipped[index] { buffer.writeStaticString("\\N") } else { value.writeCopyText(into: &buffer) }
            }
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        let logger = db.logger
        let data = buffer
        // `copyFrom` puts the names between double quotes as given: they are the database's own (the catalogue's,
        // which checkSameTables matched the archive's against), never one read from the file.
        let names = columns.map(\.name)
        try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(table: table, columns: names, logger: logger) { writer in
                    try await writer.write(data)
                }
            }
        }.get()
    }
}

extension BackupValue {
    /// The value in `COPY`'s text format: `\N` for NULL, `t`/`f`, numbers as Swift writes them (PostgreSQL reads
    /// the shortest round-trip form back exactly), text with backslash, tab, newline and carriage return escaped.
    func writeCopyText(into buffer: inout ByteBuffer) {
        switch self {
        case .null: buffer.writeStaticString("\\N")
        case .integer(let value): buffer.writeString(String(value))
        case .boolean(let value): buffer.writeInteger(UInt8(ascii: value ? "t" : "f"))
        case .real(let value):
            if value.isNaN {
                buffer.writeStaticString("NaN")
            } else if value.isInfinite {
                buffer.writeString(value < 0 ? "-Infinity" : "Infinity")
            } else {
                buffer.writeString(value.description)
            }
        case .text(let value):
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
    }
}
