import Fluent
import SQLKit
import HocBaCore

/// Headline counts for one year, for the overview page.
public struct YearOverview: Sendable, Encodable {
    public struct Count: Sendable, Encodable {
        public let code: String
        public let count: Int
    }

    public let year: Int
    /// People on record now, by current category.
    public let peopleByCategory: [Count]
    /// Classes whose last day is in the year.
    public let classes: Int
    /// Completed enrolments (lượt) in classes ending in the year, capacity CBCCVC, by snapshot category.
    public let staffPersonTimesByCategory: [Count]
    /// Completed enrolments as council delegates (HĐND).
    public let councilPersonTimes: Int
    /// Completed enrolments by programme type (every capacity).
    public let personTimesByType: [Count]
    /// Actual spending (THUC-CHI) with the year as budget year.
    public let fundingActual: Int64
}

extension RecordStore {
    public func overview(year: Int) async throws -> YearOverview {
        let from = "\(year)-01-01", to = "\(year)-12-31"
        // Within the scope: its people, the classes it sees, the lượt counted under its units (as reports count).
        let personScope = personCondition(person: "p", unit: "u").map { "WHERE " + $0 } ?? ""
        let classScope = classCondition(alias: "c").map { "AND " + $0 } ?? ""
        let countedScope = countedCondition(snapshotUnit: "su", trainingClass: "c").map { "AND " + $0 } ?? ""
        let people = try await counts(sql.raw("""
            SELECT p.category AS k, count(*) AS n FROM people p JOIN units u ON u.id = p.unit_id \(personScope)
            GROUP BY p.category
            """))
        let classes = try await sql.raw("""
            SELECT count(*) AS n FROM classes c WHERE c.end_date >= \(bind: from) AND c.end_date <= \(bind: to) \(classScope)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let counted: SQLQueryString = """
            FROM enrolments e JOIN classes c ON c.id = e.class_id JOIN units su ON su.id = e.snapshot_unit_id
            WHERE e.result = 'HOAN-THANH' AND c.end_date >= \(bind: from) AND c.end_date <= \(bind: to) \(countedScope)
            """
        let staff = try await counts(sql.raw("""
            SELECT e.snapshot_category AS k, count(*) AS n \(counted) AND e.capacity = 'CBCCVC'
            GROUP BY e.snapshot_category
            """))
        let council = try await sql.raw("""
            SELECT count(*) AS n \(counted) AND e.capacity <> 'CBCCVC'
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let byType = try await counts(sql.raw("""
            SELECT c.programme_type AS k, count(*) AS n \(counted) GROUP BY c.programme_type
            """))
        var funding: Int64 = 0
        if scope.isProvince {
            funding = try await sql.raw("""
                SELECT CAST(COALESCE(sum(amount), 0) AS BIGINT) AS n FROM funding_lines WHERE kind = 'THUC-CHI' AND year = \(bind: year)
                """).first()?.decode(column: "n", as: Int64.self) ?? 0
        }
        return YearOverview(year: year, peopleByCategory: people, classes: classes,
                            staffPersonTimesByCategory: staff, councilPersonTimes: council,
                            personTimesByType: byType.sorted { $0.count > $1.count }, fundingActual: funding)
    }

    /// The years that have classes, newest first, for year pickers.
    public func classYears() async throws -> [Int] {
        let rows = try await sql.raw("SELECT DISTINCT substr(end_date, 1, 4) AS y FROM classes ORDER BY y DESC").all()
        return try rows.compactMap { Int(try $0.decode(column: "y", as: String.self)) }
    }

    private func counts(_ query: SQLRawBuilder) async throws -> [YearOverview.Count] {
        try await query.all().map {
            YearOverview.Count(code: try $0.decode(column: "k", as: String.self),
                               count: try $0.decode(column: "n", as: Int.self))
        }
    }
}
