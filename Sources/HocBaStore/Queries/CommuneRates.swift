import Fluent
import SQLKit
import HocBaCore

/// The commune qualification rates from the counts kept over time (M028): read, settled, refilled.
extension RecordStore {
    /// People in service on `day` whose state is `category` in a commune (XA) unit within scope, and how many of them
    /// hold a professional (CHUYEN-MON) level of at least TRUNG-CAP on that day (`PersonStateRule`,
    /// `QualificationRule`): the kept deltas of the scope's roots summed up to the day, once the people marked since
    /// the last reader are counted again.
    public func communeRate(_ category: Category, on day: Day, units: ReportUnits) async throws -> SummaryReport.Rate {
        try await settleCommuneRates()
        let ancestors = SQLList(units.ancestorIDs.map { SQLBind($0) })
        var count = 0, qualified = 0
        for row in try await sql.raw("""
            SELECT qualified, CAST(sum(delta) AS BIGINT) AS n FROM rate_deltas
            WHERE ancestor_id IN (\(ancestors)) AND category = \(bind: category.rawValue) AND day <= \(bind: day.iso)
            GROUP BY qualified
            """).all() {
            let n = Int(try row.decode(column: "n", as: Int64.self))
            count += n
            if try row.decode(column: "qualified", as: Int.self) == 1 { qualified += n }
        }
        return SummaryReport.Rate(count: count, atLeastIntermediate: qualified)
    }

    /// Counts again the stretches of every person marked in `rate_dirty`, in batches: their old stretches' deltas
    /// taken away (at the ancestors of the path they were counted under), their new ones added, the marks cleared.
    /// Runs in its own transaction unless already in one; a reader that finds no mark writes nothing.
    public func settleCommuneRates() async throws {
        guard try await sql.raw("SELECT person_id FROM rate_dirty LIMIT 1").first() != nil else { return }
        try await unscoped.transaction { store in
            if store.sql.dialect.name == "postgresql" {
                // The trail's writer lock (as the count triggers take it): one settler at a time, never deadlocked
                // with a writer marking people or with another settler adding to the same deltas.
                try await store.sql.raw("LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE").run()
            }
            while true {
                // Claimed by deleting them: a second reader settling at the same time waits, then finds none.
                let claimed = try await store.sql.raw("""
                    DELETE FROM rate_dirty WHERE person_id IN (SELECT person_id FROM rate_dirty LIMIT 1000)
                    RETURNING person_id
                    """).all().map { try $0.decode(column: "person_id", as: Int.self) }
                if claimed.isEmpty { break }
                try await store.settle(people: claimed)
            }
        }
    }

    /// Id → path of the commune (XA) units among `ids` (the only units a rate counts): the units the people being
    /// settled were placed in, not every commune of the country on each save of a person.
    private func communePaths(among ids: Set<Int>) async throws -> [Int: String] {
        var paths: [Int: String] = [:]
        for chunk in ImportReferences.chunks(ids) {
            for row in try await sql.raw("""
                SELECT id, path FROM units WHERE level = 'XA' AND id IN (\(SQLList(chunk.map { SQLBind($0) })))
                """).all() {
                paths[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "path", as: String.self)
            }
        }
        return paths
    }

    private func settle(people ids: [Int]) async throws {
        struct Key: Hashable { let ancestor: Int; let category: String; let day: String; let qualified: Int }
        var deltas: [Key: Int] = [:]
        func count(_ path: String, _ category: String, _ qualified: Int, from: String, to: String?, sign: Int) {
            for ancestor in [0] + path.split(separator: "/").compactMap({ Int($0) }) {
                deltas[Key(ancestor: ancestor, category: category, day: from, qualified: qualified), default: 0] += sign
                if let to, let after = Day(iso: to)?.next {
                    deltas[Key(ancestor: ancestor, category: category, day: after.iso,
                               qualified: qualified), default: 0] -= sign
                }
            }
        }
        let list = SQLList(ids.map { SQLBind($0) })
        for row in try await sql.raw("""
            SELECT unit_path, category, qualified, from_day, to_day FROM rate_spans WHERE person_id IN (\(list))
            """).all() {
            count(try row.decode(column: "unit_path", as: String.self), try row.decode(column: "category", as: String.self),
                  try row.decode(column: "qualified", as: Int.self),
                  from: try row.decode(column: "from_day", as: String?.self) ?? Self.sinceAlways,
                  to: try row.decode(column: "to_day", as: String?.self), sign: -1)
        }
        try await sql.raw("DELETE FROM rate_spans WHERE person_id IN (\(list))").run()

        // Plain SQL reads, not models: a load settles every person of the country here.
        // A category code the rules do not know counts in no rate (the SQL compares codes: the same).
        func state(_ row: any SQLRow) throws -> PersonState {
            PersonState(unitID: try row.decode(column: "unit_id", as: Int.self),
                        category: Category(rawValue: try row.decode(column: "category", as: String.self)) ?? .communeNonSpecialized)
        }
        var history: [Int: [WorkPeriod]] = [:]
        for row in try await sql.raw("""
            SELECT person_id, unit_id, category, from_date, to_date FROM work_history WHERE person_id IN (\(list))
            """).all() {
            guard let from = Day(iso: try row.decode(column: "from_date", as: String.self)) else { continue }
            history[try row.decode(column: "person_id", as: Int.self), default: []].append(WorkPeriod(
                state: try state(row), from: from,
                to: try row.decode(column: "to_date", as: String?.self).flatMap(Day.init(iso:))))
        }
        var obtained: [Int: [ObtainedQualification]] = [:]
        for row in try await sql.raw("""
            SELECT person_id, kind, level, granted_on FROM qualifications WHERE person_id IN (\(list))
            """).all() {
            guard let kind = QualificationKind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let granted = Day(iso: try row.decode(column: "granted_on", as: String.self)) else { continue }
            obtained[try row.decode(column: "person_id", as: Int.self), default: []].append(ObtainedQualification(
                kind: kind, level: try row.decode(column: "level", as: String.self), granted: granted))
        }
        let people = try await sql.raw("""
            SELECT id, unit_id, category, professional_level FROM people WHERE id IN (\(list))
            """).all()
        let placed = Set(try people.map { try $0.decode(column: "unit_id", as: Int.self) })
            .union(history.values.joined().map(\.state.unitID))
        let communes = try await communePaths(among: placed)
        var spans: [[any SQLExpression]] = []
        for person in people {
            let id = try person.decode(column: "id", as: Int.self)
            for span in CommuneRateSpans.spans(history: history[id] ?? [], current: try state(person),
                                               obtained: obtained[id] ?? [],
                                               declared: try person.decode(column: "professional_level", as: String?.self),
                                               isCommune: { communes[$0] != nil }) {
                let path = communes[span.unitID]!
                count(path, span.category.rawValue, span.qualified ? 1 : 0, from: span.from?.iso ?? Self.sinceAlways,
                      to: span.to?.iso, sign: 1)
                spans.append([SQLBind(id), SQLBind(span.unitID), SQLBind(path), SQLBind(span.category.rawValue),
                              SQLBind(span.qualified ? 1 : 0), SQLBind(span.from?.iso), SQLBind(span.to?.iso)])
            }
        }
        try await BulkInsert.run(sql, table: "rate_spans", columns: ["person_id", "unit_id", "unit_path", "category",
                                                                    "qualified", "from_day", "to_day"], rows: spans)
        let changed = deltas.filter { $0.value != 0 }
        try await BulkInsert.run(sql, table: "rate_deltas",
                                 columns: ["ancestor_id", "category", "day", "qualified", "delta"],
                                 rows: changed.map { key, delta in
                                     [SQLBind(key.ancestor), SQLBind(key.category), SQLBind(key.day),
                                      SQLBind(key.qualified), SQLBind(delta)]
                                 },
                                 upsertOn: ["ancestor_id", "category", "day", "qualified"],
                                 addingTo: "delta")
    }

    /// The first day of a stretch that has always been (a person counted by their CanBo state).
    static let sinceAlways = "0001-01-01"
}
