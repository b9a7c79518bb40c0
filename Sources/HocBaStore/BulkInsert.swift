import SQLKit

/// Multi-row inserts in batches that stay under both engines' limits on bound parameters (the demo loader, the
/// import). With a key, an upsert: a row whose key exists updates the `updating` columns (by default every column
/// but the key) instead.
enum BulkInsert {
    static func run(_ sql: any SQLDatabase, table: String, columns: [String], rows: [[any SQLExpression]],
                    upsertOn key: [String]? = nil, updating: [String]? = nil) async throws {
        let batchSize = max(1, 30_000 / max(1, columns.count))
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + batchSize)
            var builder = sql.insert(into: table).columns(columns)
            for row in rows[start..<end] { builder = builder.values(row) }
            if let key {
                let assigned = updating ?? columns.filter { !key.contains($0) }
                builder = builder.onConflict(with: key) { update in
                    assigned.reduce(update) { $0.set(excludedValueOf: $1) }
                }
            }
            try await builder.run()
            start = end
        }
    }
}
