import Foundation
import Fluent
import SQLKit
import HocBaCore

/// The per-row audit trail of an import: the rows a chunk of the import may touch are read before and after it is
/// written, and every row that is new or changed gets an entry with its values before and after, keyed as the
/// forms' entries are (so a person's page shows who imported a change to their record). Rows an import rewrites
/// unchanged record nothing.
struct ImportTrail {
    let sql: any SQLDatabase
    let db: any Database
    /// The table, as the trail names it (`people`, `work_history`, …).
    let table: String
    /// Which rows a chunk may touch: `column IN (values of the chunk)`.
    let column: String
    /// The trail's key of a stored row, from its columns.
    let key: @Sendable (any SQLRow) throws -> String

    /// Writes `rows` in chunks, each between a read of the rows it may touch and a read of them afterwards.
    func write<Row>(_ rows: [Row], selecting value: (Row) -> any Encodable & Sendable,
                    _ write: ([Row]) async throws -> Void) async throws {
        let chunkSize = 5_000
        var start = 0
        while start < rows.count {
            let chunk = Array(rows[start..<min(rows.count, start + chunkSize)])
            let values = chunk.map { value($0) }
            let before = try await read(values)
            try await write(chunk)
            let after = try await read(values)
            var records: [AuditRecord] = []
            for (key, json) in after.sorted(by: { $0.key < $1.key }) where before[key] != json {
                records.append(AuditLog.record(before[key] == nil ? .create : .update, entity: table, key: key,
                                               before: before[key], after: json, on: db))
            }
            try await AuditLog.append(records, on: db)
            start += chunkSize
        }
    }

    /// The rows whose `column` is among `values`, by their trail key, as canonical JSON.
    private func read(_ values: [any Encodable & Sendable]) async throws -> [String: String] {
        var rows: [String: String] = [:]
        for start in stride(from: 0, to: values.count, by: 1_000) {
            let slice = Array(values[start..<min(values.count, start + 1_000)])
            for row in try await sql.raw("""
                SELECT * FROM \(ident: table) WHERE \(ident: column) IN (\(binds: slice))
                """).all() {
                rows[try key(row)] = Self.json(row)
            }
        }
        return rows
    }

    /// A row's columns (but its id) as JSON with sorted keys, the way the forms' entries read.
    static func json(_ row: any SQLRow) -> String {
        var object: [String: Any] = [:]
        for column in row.allColumns where column != "id" {
            if (try? row.decodeNil(column: column)) == true {
                object[column] = NSNull()
            } else if let value = try? row.decode(column: column, as: Int.self) {
                object[column] = value
            } else if let value = try? row.decode(column: column, as: String.self) {
                object[column] = value
            } else if let value = try? row.decode(column: column, as: Bool.self) {
                object[column] = value
            } else if let value = try? row.decode(column: column, as: Double.self) {
                object[column] = value
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
