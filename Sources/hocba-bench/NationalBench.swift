import Foundation
import Vapor
import Fluent
import SQLKit
import HocBaCore
import HocBaStore

/// `hocba-bench national --database-url URL [--iterations N]`: on a database the synthetic nation was loaded into
/// (`hocba demo --nation`), times the store's side of the national benchmark (`scripts/bench-national`), each line
/// next to the plain SQL a data team would write over the same database:
///
/// - the summary report for the whole country, one province and one commune, 2016–2020 and 2021–2025, next to a plain
///   `count(*)` of the period's completed enrolments joined to their classes, and next to the cube counted by a scan
///   of the records (what the report did before the kept counts);
/// - the people list: search, page 1 and page 10 000;
/// - the gap check of one province.
///
/// It prints one line per query (median, p95) and the process's peak memory.
enum NationalBench {
    static func runIfAsked(_ arguments: [String]) async throws -> Bool {
        guard arguments.dropFirst().first == "national" else { return false }
        let options = try Options(Array(arguments.dropFirst()))
        guard let url = options.databaseURL else {
            throw Abort(.badRequest, reason: "national needs --database-url of a database the nation was loaded into")
        }
        let app = try await Application.make(Environment(name: "production", arguments: ["hocba-bench"]))
        app.logger.logLevel = .error
        do {
            try await HocBaSchema.open(try DatabaseLocation(url: url), in: app)
            try await run(RecordStore(app.db), sql: app.db as! any SQLDatabase, iterations: options.iterations)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return true
    }

    static func run(_ store: RecordStore, sql: any SQLDatabase, iterations: Int) async throws {
        let people = try await sql.raw("SELECT count(*) AS n FROM people").first()!.decode(column: "n", as: Int.self)
        let enrolments = try await sql.raw("SELECT count(*) AS n FROM enrolments").first()!
            .decode(column: "n", as: Int.self)
        print("national benchmark: \(people) people, \(enrolments) enrolments")
        // The province measured: the first city (the largest). The commune: one of its communes before the reform
        // for 2016–2020, and for 2021–2025 a merged commune with the communes merged into it (its own past).
        let province = "P01"
        let periods = [(Day(2016, 1, 1), Day(2020, 12, 31), ReportUnitScope(code: "P01-H01-X01")),
                       (Day(2021, 1, 1), Day(2025, 12, 31), ReportUnitScope(code: "P01-X001", includesPredecessors: true))]
        for (from, to, commune) in periods {
            let label = "\(from.year)–\(to.year)"
            for (name, unit) in [("whole country", ReportUnitScope(code: nil)), ("one province", ReportUnitScope(code: province)),
                                 ("one commune", commune)] {
                let parameters = SummaryParameters(from: from, to: to, unit: unit)
                try await measure("summary report \(label), \(name)", iterations: iterations) {
                    _ = try await store.summaryReport(parameters)
                }
            }
            try await measure("plain count(*) \(label), whole country", iterations: iterations) {
                _ = try await sql.raw("""
                    SELECT count(*) AS n FROM enrolments e JOIN classes c ON c.id = e.class_id
                    WHERE e.result = 'HOAN-THANH' AND c.end_date >= \(bind: from.iso) AND c.end_date <= \(bind: to.iso)
                    """).first()
            }
            // The report's total against the hand-written count of the completed CBCCVC lượt (the issue's check).
            let total = try await store.summaryReport(SummaryParameters(from: from, to: to)).personTimes.total
            let counted = try await sql.raw("""
                SELECT count(*) AS n FROM enrolments e JOIN classes c ON c.id = e.class_id
                WHERE e.result = 'HOAN-THANH' AND e.capacity = 'CBCCVC' AND c.end_date >= \(bind: from.iso)
                  AND c.end_date <= \(bind: to.iso)
                """).first()!.decode(column: "n", as: Int.self)
            print("summary report \(label) total \(total) \(total == counted ? "=" : "≠ (WRONG)") plain count \(counted)")
            let everyUnit = try await store.reportUnits(ReportUnitScope(code: nil))
            try await measure("cube by a scan of records \(label), whole country", iterations: max(3, iterations / 10)) {
                _ = try await store.scannedPersonTimeCells(from: from, to: to, units: everyUnit)
            }
            let asOf = to
            try await measure("commune rate CB on \(asOf.iso), whole country, kept", iterations: iterations) {
                _ = try await store.communeRate(.cadre, on: asOf, units: everyUnit)
            }
            try await measure("commune rate CB on \(asOf.iso), whole country, scanned", iterations: max(3, iterations / 10)) {
                _ = try await store.scannedCommuneRate(.cadre, on: asOf, units: everyUnit)
            }
        }
        try await measure("people list, search \"nguyen van hung\"", iterations: iterations) {
            _ = try await store.people(PeopleFilter(text: "nguyen van hung"))
        }
        try await measure("people list, page 1", iterations: iterations) {
            _ = try await store.people(PeopleFilter(page: 1))
        }
        // Page 10 000, or the last but one of a smaller country (50 a page).
        let deep = min(10_000, max(2, people / 50 - 1))
        try await measure("people list, page \(deep) by number (skips rows)", iterations: max(3, iterations / 10)) {
            _ = try await store.people(PeopleFilter(page: deep))
        }
        // The page a person reaches by "next": after the last row of the page before (found once, untimed).
        if let last = try await store.people(PeopleFilter(page: deep - 1)).rows.last?.code {
            try await measure("people list, page \(deep) by position", iterations: iterations) {
                _ = try await store.people(PeopleFilter(page: deep, position: .after(last)))
            }
        }
        try await measure("gap check on 2025-12-31, one province", iterations: 3) {
            _ = try await store.gapSummary(on: Day(2025, 12, 31), unitCode: province)
        }
        print(String(format: "peak memory (VmHWM): %.0f MB", peakMemoryMB()))
    }
}
