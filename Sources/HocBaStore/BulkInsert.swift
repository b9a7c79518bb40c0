import SQLKit

/// Multi-row inserts in batches that stay under both engines' limits on bound parameters (the import and the load
/// into an empty database, `ImportWriter`). With a key, an upsert: a row whose key exists updates the `updating`
/// columns (by default every column but the key) instead, or adds its value to the stored one (`addingTo`: kept
/// counts).
enum BulkInsert {
    static func run(_ sql: any SQLDatabase, table: String, columns: [String], rows: [[any SQLExpression]],
                    upsertOn key: [String]? = nil, updating: [String]? = nil, addingTo total: String? = nil)
        async throws {
        try await run(sql, table: table, columns: columns, rows: rows, upsertOn: key, updating: updating,
                      addingTo: total) { $0 }
    }

    /// The same, turning each row into its values only when its batch is written, so that a large import never
    /// holds every row's bound values at once.
    static func run<Row>(_ sql: any SQLDatabase, table: String, columns: [String], rows: [Row],
                         upsertOn key: [String]? = nil, updating: [String]? = nil, addingTo total: String? = nil,
                         _ row: (Row) throws -> [any SQLExpression]) async throws {
        let batchSize = max(1, 30_000 / max(1, columns.count))
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + batchSize)
            var builder = sql.insert(into: table).columns(columns)
            for item in rows[start..<end] { builder = builder.values(try row(item)) }
            if let key, let total {
                builder = builder.onConflict(with: key) { update in
                    update.set(SQLIdentifier(total), to: SQLBinaryExpression(
                        SQLColumn(total, table: table), .add, SQLExcludedColumn(total)))
                }
            } else if let key {
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
