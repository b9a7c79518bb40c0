import Fluent
import SQLKit
import HocBaCore

/// The store's side of the summary report: each input of `SummaryReport.fold` computed with SQL that runs
/// unchanged on SQLite and PostgreSQL. Counts use the enrolment snapshots, never a person's current state.
extension RecordStore {
    public func summaryReport(_ parameters: SummaryParameters) async throws -> SummaryReport {
        if !parameters.problems.isEmpty { throw ValidationFailure(parameters.problems) }
        let units = try await reportUnits(parameters.unit)
        let cells = try await personTimeCells(parameters, units: units)
        let qualification = SummaryReport.Qualification(
            communeCadres: try await communeRate(.cadre, on: parameters.asOf, units: units),
            communeCivilServants: try await communeRate(.civilServant, on: parameters.asOf, units: units))
        let types = try await catalogue(.programmeTypes).codes
        var report = SummaryReport.fold(parameters: parameters, cells: cells, qualification: qualification,
                                        instructors: try await instructorFigures(),
                                        funding: try await actualFunding(fromYear: parameters.from.year,
                                                                         toYear: parameters.to.year),
                                        programmeTypes: types)
        report.includedUnits = units.included
        return report
    }

    /// Completed enrolments whose class ended in the period, snapshot unit in scope, grouped into cube cells: the
    /// period's whole months from the counts kept as records are written (`summary_cells`), the days before and
    /// after them by a scan of the records.
    public func personTimeCells(_ parameters: SummaryParameters, units: ReportUnits) async throws -> [PersonTimeCell] {
        let cut = WholeMonthCut(from: parameters.from, to: parameters.to)
        var cells: [PersonTimeCell] = []
        if let months = cut.months { cells += try await keptPersonTimeCells(months: months, units: units) }
        for edge in cut.edges {
            cells += try await scannedPersonTimeCells(from: edge.lowerBound, to: edge.upperBound, units: units)
        }
        return PersonTimeCell.merged(cells)
    }

    /// The cube counted from the records themselves, three joins over every enrolment of the period: the plain
    /// scan the kept counts replace (the benchmark times both).
    public func scannedPersonTimeCells(from: Day, to: Day, units: ReportUnits) async throws -> [PersonTimeCell] {
        let scope = units.condition(unit: "u")
        let rows = try await sql.raw("""
            SELECT e.capacity AS capacity, e.snapshot_category AS category, e.snapshot_unit_level AS level,
                   CASE WHEN \(unsafeRaw: ethnicMinoritySQL) THEN 1 ELSE 0 END AS minority,
                   c.programme_type AS type, substr(c.end_date, 1, 4) AS year, count(*) AS n
            FROM enrolments e
            JOIN classes c ON c.id = e.class_id
            JOIN people p ON p.id = e.person_id
            JOIN units u ON u.id = e.snapshot_unit_id
            WHERE e.result = 'HOAN-THANH'
              AND c.end_date >= \(bind: from.iso) AND c.end_date <= \(bind: to.iso)
              \(scope)
            GROUP BY e.capacity, e.snapshot_category, e.snapshot_unit_level,
                     CASE WHEN \(unsafeRaw: ethnicMinoritySQL) THEN 1 ELSE 0 END,
                     c.programme_type, substr(c.end_date, 1, 4)
            """).all()
        return try rows.map(personTimeCell)
    }

    /// A cube cell from a row with the columns capacity, category, level, minority, type, year and n (the scan's and
    /// the kept counts' queries alike).
    func personTimeCell(_ row: any SQLRow) throws -> PersonTimeCell {
        PersonTimeCell(
            capacity: Capacity(rawValue: try row.decode(column: "capacity", as: String.self)) ?? .staff,
            category: Category(rawValue: try row.decode(column: "category", as: String.self)) ?? .civilServant,
            level: UnitLevel(rawValue: try row.decode(column: "level", as: String.self)) ?? .province,
            ethnicMinority: try row.decode(column: "minority", as: Int.self) == 1,
            programmeType: try row.decode(column: "type", as: String.self),
            year: Int(try row.decode(column: "year", as: String.self)) ?? 0,
            count: try row.decode(column: "n", as: Int.self))
    }

    /// `communeRate` counted from the records themselves: people in service on `day` whose state is `category` in a
    /// commune (XA) unit within scope, and how many of them hold a professional (CHUYEN-MON) level of at least
    /// TRUNG-CAP on that day — `PersonStateRule` and `QualificationRule` expressed in SQL. The kept counts are checked
    /// against it (tests, `hocba-bench national`).
    ///
    /// It starts from the communes in scope, not from every person: the history rows of those communes that cover
    /// the day and win it (the latest start among the person's covering rows), and the people without history whose
    /// CanBo unit is one of them. A commune's or a province's rate reads that commune's or province's people only
    /// (`work_history_unit`, M027); the whole country still reads every commune's.
    public func scannedCommuneRate(_ category: Category, on day: Day, units: ReportUnits) async throws
        -> SummaryReport.Rate {
        let scope = units.condition(unit: "u")
        let qualified = qualifiedOnSQL(day, person: "p")
        let row = try await sql.raw("""
            SELECT count(*) AS n, COALESCE(sum(s.qualified), 0) AS k FROM (
                SELECT \(qualified) AS qualified
                FROM units u JOIN work_history h ON h.unit_id = u.id JOIN people p ON p.id = h.person_id
                WHERE u.level = 'XA' \(scope) AND h.category = \(bind: category.rawValue)
                  AND h.from_date <= \(bind: day.iso) AND (h.to_date IS NULL OR h.to_date >= \(bind: day.iso))
                  AND h.from_date = (SELECT max(x.from_date) FROM work_history x WHERE x.person_id = h.person_id
                      AND x.from_date <= \(bind: day.iso) AND (x.to_date IS NULL OR x.to_date >= \(bind: day.iso)))
                UNION ALL
                SELECT \(qualified) AS qualified
                FROM units u JOIN people p ON p.unit_id = u.id
                WHERE u.level = 'XA' \(scope) AND p.category = \(bind: category.rawValue)
                  AND NOT EXISTS (SELECT 1 FROM work_history y WHERE y.person_id = p.id)
            ) s
            """).first()
        return SummaryReport.Rate(count: try row?.decode(column: "n", as: Int.self) ?? 0,
                                  atLeastIntermediate: try row?.decode(column: "k", as: Int.self) ?? 0)
    }

    /// Instructors of every institution that has any, by highest degree (version 1 carries no unit scope).
    public func instructorFigures() async throws -> [SummaryReport.InstructorFigures] {
        try await sql.raw("""
            SELECT i.code AS code, i.name AS name, count(*) AS total,
                   sum(CASE WHEN g.degree = 'THAC-SI' THEN 1 ELSE 0 END) AS masters,
                   sum(CASE WHEN g.degree = 'TIEN-SI' THEN 1 ELSE 0 END) AS doctorate,
                   sum(CASE WHEN g.active_methods_trained THEN 1 ELSE 0 END) AS trained
            FROM instructors g JOIN institutions i ON i.id = g.institution_id
            GROUP BY i.code, i.name
            """).all().map { row in
            SummaryReport.InstructorFigures(
                institution: try row.decode(column: "code", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                total: try row.decode(column: "total", as: Int.self),
                masters: try row.decode(column: "masters", as: Int.self),
                doctorate: try row.decode(column: "doctorate", as: Int.self),
                activeMethodsTrained: try row.decode(column: "trained", as: Int.self))
        }
        // Ordered here, not in SQL, so that both engines agree (collations differ): largest first, then by code.
        .sorted { a, b in
            a.total != b.total ? a.total > b.total : a.institution.utf8.lexicographicallyPrecedes(b.institution.utf8)
        }
    }

    /// Actual spending (THUC-CHI) by source over budget years, in the catalogue's order of sources.
    public func actualFunding(fromYear: Int, toYear: Int) async throws -> SummaryReport.Funding {
        // Funding is the province's: a unit's report shows none rather than the province's total.
        guard scope.isProvince else { return SummaryReport.Funding(bySource: []) }
        let rows = try await sql.raw("""
            SELECT source, year, CAST(sum(amount) AS BIGINT) AS amount FROM funding_lines
            WHERE kind = 'THUC-CHI' AND year >= \(bind: fromYear) AND year <= \(bind: toYear)
            GROUP BY source, year
            """).all()
        var amounts: [String: Int] = [:]
        var years: [String: Set<Int>] = [:]
        for row in rows {
            let source = try row.decode(column: "source", as: String.self)
            amounts[source, default: 0] += Int(try row.decode(column: "amount", as: Int64.self))
            years[source, default: []].insert(try row.decode(column: "year", as: Int.self))
        }
        let order = try await catalogue(.fundingSources).codes
        let sources = order.filter { amounts[$0] != nil } + amounts.keys.filter { !order.contains($0) }.sorted()
        return SummaryReport.Funding(bySource: sources.map {
            SummaryReport.SourceAmount(source: $0, amount: amounts[$0]!, years: years[$0, default: []].sorted())
        })
    }
}

/// Dân tộc thiểu số in SQL, as `Ethnicity.isMinority`: a recorded ethnicity other than Kinh. Write paths store the
/// canonical spelling (`Ethnicity.canonical`), so a plain comparison is exact.
let ethnicMinoritySQL = "(p.ethnicity IS NOT NULL AND p.ethnicity <> '' AND p.ethnicity <> 'Kinh')"
