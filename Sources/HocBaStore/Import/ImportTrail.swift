import Foundation
import Fluent
import SQLKit
import HocBaCore

/// The per-row audit trail of an import. Before each chunk of rows is written, the stored rows it may touch are
/// read (only the written columns); every row that is new, or whose written values differ from the stored ones,
/// gets an entry with its values before and after, chained in one bulk insert. Rows rewritten unchanged record
/// nothing. Values are compared and recorded as text, so that both engines give the same entries.
struct ImportTrail {
    let sql: any SQLDatabase
    let db: any Database
    /// The table, as the trail names it (`people`, `work_history`, …).
    let table: String
    /// The columns written, in the order of each row's values.
    let columns: [String]
    /// The columns an upsert changes on a row that exists (all but the key when nil).
    let updating: [String]?
    /// Which stored rows a chunk may touch: `selectColumn IN (the chunk's values of it)`.
    let selectColumn: String
    /// The trail's key of a row, from its values by column (the same for a stored and a written row).
    let key: @Sendable ([String: String?]) -> String

    typealias Values = [String: String?]

    /// Writes `rows` in chunks (`write` does the upsert), recording each new or changed row.
    func write<Row>(_ rows: [Row], values: (Row) throws -> [any SQLExpression],
                    _ write: ([Row]) async throws -> Void) async throws {
        let chunkSize = 5_000
        let compared = updating ?? columns
        var start = 0
        while start < rows.count {
            let chunk = Array(rows[start..<min(rows.count, start + chunkSize)])
            var kinds: [String: Kind] = [:]
            let written: [Values] = try chunk.map { row in
                var byColumn: Values = [:]
                for (column, value) in zip(columns, try values(row)) {
                    byColumn[column] = Self.text(value)
                    if kinds[column] == nil, let kind = Self.kind(value) { kinds[column] = kind }
                }
                return byColumn
            }
            let stored = try await read(Set(written.compactMap { $0[selectColumn] ?? nil }), kinds: kinds)
            try await write(chunk)
            // One timestamp per chunk: the rows of a chunk are written in one statement.
            let template = AuditLog.record(.create, entity: table, key: "", before: nil, after: nil, on: db)
            var records: [AuditRecord] = []
            for row in written {
                let rowKey = key(row)
                guard let before = stored[rowKey] else {
                    records.append(template.with(action: .create, key: rowKey, before: nil, after: Self.json(row)))
                    continue
                }
                var after = before
                for column in compared { after[column] = row[column] ?? nil }
                if after != before {
                    records.append(template.with(action: .update, key: rowKey, before: Self.json(before),
                                                 after: Self.json(after)))
                }
            }
            try await AuditLog.append(records, on: db)
            start += chunkSize
        }
    }

    /// The stored rows whose `selectColumn` is among `values`, by their trail key.
    private func read(_ values: Set<String>, kinds: [String: Kind]) async throws -> [String: Values] {
        var rows: [String: Values] = [:]
        let all = Array(values)
        let columnList = SQLList(columns.map { SQLIdentifier($0) })
        for start in stride(from: 0, to: all.count, by: 1_000) {
            let slice = Array(all[start..<min(all.count, start + 1_000)])
            let selected: [any Encodable & Sendable] = selectColumn.hasSuffix("_id")
                ? slice.compactMap { Int($0) } : slice
            for row in try await sql.raw("""
                SELECT \(columnList) FROM \(ident: table) WHERE \(ident: selectColumn) IN (\(binds: selected))
                """).all() {
                var byColumn: Values = [:]
                for column in columns { byColumn[column] = Self.text(row, column, as: kinds[column] ?? .text) }
                rows[key(byColumn)] = byColumn
            }
        }
        return rows
    }

    /// A bound value as text (nil for NULL): what the row will hold.
    static func text(_ expression: any SQLExpression) -> String? {
        guard let bind = expression as? SQLBind else { return nil }
        return text(bind.encodable)
    }

    static func text(_ value: Any) -> String? {
        switch value {
        case let text as String: return text
        case let number as Int: return String(number)
        case let number as Int64: return String(number)
        case let flag as Bool: return flag ? "1" : "0"
        case let number as Double: return String(number)
        default:
            // An optional: nil is NULL, else its wrapped value.
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return String(describing: value) }
            return mirror.children.first.flatMap { text($0.value) }
        }
    }

    /// What a column holds, as the written values say: stored values are read back as the same type (an engine
    /// may hand an integer to a String decoder as raw bytes).
    enum Kind { case text, integer, bool, real }

    static func kind(_ expression: any SQLExpression) -> Kind? {
        guard let bind = expression as? SQLBind else { return nil }
        return kind(of: bind.encodable)
    }

    static func kind(of value: Any) -> Kind? {
        switch value {
        case is String: return .text
        case is Int, is Int64: return .integer
        case is Bool: return .bool
        case is Double: return .real
        default:
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return .text }
            return mirror.children.first.flatMap { kind(of: $0.value) }
        }
    }

    /// A stored column as text, read as the type the import writes into it.
    static func text(_ row: any SQLRow, _ column: String, as kind: Kind) -> String? {
        if (try? row.decodeNil(column: column)) == true { return nil }
        switch kind {
        case .text: return try? row.decode(column: column, as: String.self)
        case .integer: return (try? row.decode(column: column, as: Int64.self)).map { String($0) }
        case .bool: return (try? row.decode(column: column, as: Bool.self)).map { $0 ? "1" : "0" }
        case .real: return (try? row.decode(column: column, as: Double.self)).map { String($0) }
        }
    }

    /// Values as JSON with sorted keys (text or null), built by hand: an import writes this for every row.
    static func json(_ values: Values) -> String {
        var out = "{"
        for (index, column) in values.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            out += "\"" + column + "\":"
            if let value = values[column] ?? nil { out += JSONText.quoted(value) } else { out += "null" }
        }
        return out + "}"
    }
}

extension AuditRecord {
    /// The same actor, origin, time and table, for another row.
    func with(action: AuditAction, key: String, before: String?, after: String?) -> AuditRecord {
        AuditRecord(at: at, actor: actor, origin: origin, action: action, entity: entity, key: key, before: before,
                    after: after)
    }
}
