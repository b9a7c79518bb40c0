import Fluent
import SQLKit
import HocBaCore

/// The summary report's counts kept as the records are written (M026): how they are read, refilled after a bulk
/// load, and checked against a recount.
extension RecordStore {
    /// The cube of `personTimeCells` over whole months, read from the kept counts of the scope's roots (the
    /// pseudo-unit 0 for every unit): a few rows per month whatever the number of records below.
    func keptPersonTimeCells(months: ClosedRange<String>, units: ReportUnits) async throws -> [PersonTimeCell] {
        let ancestors = SQLList(units.ancestorIDs.map { SQLBind($0) })
        let rows = try await sql.raw("""
            SELECT capacity, category, level, minority, programme_type AS type, substr(month, 1, 4) AS year,
                   CAST(sum(n) AS BIGINT) AS n
            FROM summary_cells
            WHERE ancestor_id IN (\(ancestors)) AND month >= \(bind: months.lowerBound) AND month <= \(bind: months.upperBound)
            GROUP BY capacity, category, level, minority, programme_type, substr(month, 1, 4)
            HAVING sum(n) <> 0
            """).all()
        return try rows.map(personTimeCell)
    }

    /// Refills `unit_ancestors` and `summary_cells` from the records in one pass: after a bulk load that paused the
    /// triggers (`pausingDerivedTables`), and when M026 first creates them.
    public func rebuildSummaryCells() async throws {
        try await sql.raw("DELETE FROM unit_ancestors").run()
        try await sql.raw("""
            WITH RECURSIVE chain (unit_id, ancestor_id) AS (
                SELECT id, id FROM units
                UNION ALL
                SELECT chain.unit_id, u.parent_id FROM chain JOIN units u ON u.id = chain.ancestor_id
                WHERE u.parent_id IS NOT NULL)
            INSERT INTO unit_ancestors (unit_id, ancestor_id)
            SELECT unit_id, ancestor_id FROM chain UNION ALL SELECT id, 0 FROM units
            """).run()
        try await sql.raw("DELETE FROM summary_cells").run()
        try await sql.raw("""
            INSERT INTO summary_cells (ancestor_id, month, capacity, category, level, minority, programme_type, n)
            \(unsafeRaw: Self.summaryCellRecount)
            """).run()
    }

    /// Runs `body` (a bulk load into an empty database) with the count triggers stopped, then refills the counts
    /// in one pass. Call it inside the load's transaction: no other connection ever sees the triggers stopped.
    func pausingDerivedTables<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await sql.raw("INSERT INTO summary_cells_paused (paused) VALUES (1)").run()
        let result = try await body()
        try await sql.raw("DELETE FROM summary_cells_paused").run()
        try await rebuildSummaryCells()
        // The commune rates' marks were paused too: every person is counted again, once.
        // `WHERE true`: SQLite would read ON CONFLICT after a bare FROM as a join's constraint.
        try await sql.raw("INSERT INTO rate_dirty (person_id) SELECT id FROM people WHERE true ON CONFLICT (person_id) DO NOTHING")
            .run()
        try await settleCommuneRates()
        try await rebuildPeopleSearch()
        return result
    }

    /// The kept counts that differ from a recount of the records, as readable lines (empty when they agree).
    /// Tests call it after random writes.
    public func summaryCellDrift() async throws -> [String] {
        func read(_ query: String) async throws -> [String: Int] {
            var cells: [String: Int] = [:]
            for row in try await sql.raw(SQLQueryString(query)).all() {
                // Integer columns decoded as integers: PostgreSQL hands an integer decoded as text over as its bytes.
                var parts = [String(try row.decode(column: "ancestor_id", as: Int.self))]
                for column in ["month", "capacity", "category", "level"] {
                    parts.append(try row.decode(column: column, as: String.self))
                }
                parts.append(String(try row.decode(column: "minority", as: Int.self)))
                parts.append(try row.decode(column: "programme_type", as: String.self))
                let key = parts.joined(separator: " ")
                let n = Int(try row.decode(column: "n", as: Int64.self))
                if n != 0 { cells[key] = n }
            }
            return cells
        }
        let kept = try await read("SELECT * FROM summary_cells")
        let recounted = try await read(Self.summaryCellRecount)
        let ancestors = try await sql.raw("""
            SELECT count(*) AS n FROM unit_ancestors a JOIN units u ON u.id = a.unit_id
            WHERE a.ancestor_id <> 0 AND \(unsafeRaw: pathHolds("u.path", "a.ancestor_id"))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let expectedAncestors = try await sql.raw("""
            SELECT count(*) AS n FROM units u JOIN units a ON \(unsafeRaw: pathHolds("u.path", "a.id"))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let total = try await sql.raw("SELECT count(*) AS n FROM unit_ancestors").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let units = try await sql.raw("SELECT count(*) AS n FROM units").first()?.decode(column: "n", as: Int.self) ?? 0
        var drift: [String] = []
        if ancestors != expectedAncestors || total != expectedAncestors + units {
            drift.append("unit_ancestors: \(total) rows, \(ancestors) on the units' paths; expected \(expectedAncestors) + \(units)")
        }
        for key in Set(kept.keys).union(recounted.keys).sorted() where kept[key] != recounted[key] {
            drift.append("\(key): kept \(kept[key] ?? 0), recounted \(recounted[key] ?? 0)")
        }
        return drift
    }

    private func pathHolds(_ path: String, _ id: String) -> String {
        sql.dialect.name == "postgresql" ? "position('/' || \(id) || '/' in \(path)) > 0"
            : "instr(\(path), '/' || \(id) || '/') > 0"
    }

    /// Every ancestor's counts recounted from the records: what the triggers keep.
    static let summaryCellRecount = """
        SELECT a.ancestor_id AS ancestor_id, substr(c.end_date, 1, 7) AS month, e.capacity AS capacity,
               e.snapshot_category AS category, e.snapshot_unit_level AS level,
               CASE WHEN \(ethnicMinoritySQL) THEN 1 ELSE 0 END AS minority, c.programme_type AS programme_type,
               CAST(count(*) AS BIGINT) AS n
        FROM enrolments e JOIN classes c ON c.id = e.class_id JOIN people p ON p.id = e.person_id
        JOIN unit_ancestors a ON a.unit_id = e.snapshot_unit_id
        WHERE e.result = 'HOAN-THANH'
        GROUP BY a.ancestor_id, substr(c.end_date, 1, 7), e.capacity, e.snapshot_category, e.snapshot_unit_level,
                 CASE WHEN \(ethnicMinoritySQL) THEN 1 ELSE 0 END, c.programme_type
        """
}

extension RecordStore {
    /// Refills SQLite's trigram index of people (M029) from the people table in one pass; PostgreSQL's indexes keep
    /// themselves.
    public func rebuildPeopleSearch() async throws {
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("INSERT INTO people_search (people_search) VALUES ('rebuild')").run()
    }
}
