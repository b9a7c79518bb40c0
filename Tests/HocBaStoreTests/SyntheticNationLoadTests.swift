import Testing
import SQLKit
import HocBaCore
import HocBaDemo
import HocBaStore
import HocBaTesting

/// The synthetic nation's load (the centre and two provinces of it, to stay quick): it goes through the import's
/// check, its counts are refilled, and the summary report's total equals a plain SQL count of the completed CBCCVC
/// lượt of the period, whole country and one province, on the engine the suite runs on.
@Suite struct SyntheticNationLoadTests {
    @Test func theReportEqualsAPlainCountOfTheLoadedNation() async throws {
        try await withTestDatabase { db in
            let nation = SyntheticNation(people: 60_000, seed: 3)
            let store = RecordStore(db)
            try await store.loadIntoEmptyDatabase(parts: 3, nation.region)
            let drift = try await store.summaryCellDrift()
            #expect(drift.isEmpty, "\(drift.prefix(5))")
            let sql = db as! any SQLDatabase
            for (period, unit) in [((Day(2016, 1, 1), Day(2020, 12, 31)), nil as String?),
                                   ((Day(2021, 1, 1), Day(2025, 12, 31)), "P02"),
                                   ((Day(2018, 3, 10), Day(2025, 8, 20)), "P01-H03")] {
                let report = try await store.summaryReport(SummaryParameters(from: period.0, to: period.1, unitCode: unit))
                let scope: SQLQueryString = unit.map { "AND u.path LIKE (SELECT path FROM units WHERE code = \(bind: $0)) || '%'" } ?? ""
                let plain = try await sql.raw("""
                    SELECT count(*) AS n FROM enrolments e JOIN classes c ON c.id = e.class_id
                    JOIN units u ON u.id = e.snapshot_unit_id
                    WHERE e.result = 'HOAN-THANH' AND e.capacity = 'CBCCVC'
                      AND c.end_date >= \(bind: period.0.iso) AND c.end_date <= \(bind: period.1.iso) \(scope)
                    """).first()!.decode(column: "n", as: Int.self)
                #expect(plain > 100)
                #expect(report.personTimes.total == plain, "\(period) \(unit ?? "cả nước")")
            }
            // The provinces hang under the national root written in an earlier part: the root's report is the
            // whole country's, rates included.
            let country = try await store.summaryReport(SummaryParameters(from: Day(2016, 1, 1), to: Day(2025, 12, 31)))
            let root = try await store.summaryReport(SummaryParameters(from: Day(2016, 1, 1), to: Day(2025, 12, 31),
                                                                       unitCode: "VN"))
            #expect(root.personTimes == country.personTimes)
            #expect(root.qualification == country.qualification)
            #expect(country.qualification.communeCadres.count > 0)
            // The rates settled once at the end of the load equal the scan of the records.
            let everyUnit = try await store.reportUnits(ReportUnitScope(code: nil))
            for day in [Day(2020, 12, 31), Day(2025, 12, 31)] {
                for category in [Category.cadre, .civilServant] {
                    #expect(try await store.communeRate(category, on: day, units: everyUnit)
                            == store.scannedCommuneRate(category, on: day, units: everyUnit))
                }
            }
            let provincePath = try await store.unit(code: "P02")!.path
            let rootID = try await store.unit(code: "VN")!.id!
            #expect(provincePath.hasPrefix("/\(rootID)/"))
            await #expect(throws: DatabaseNotEmpty.self) { try await store.loadIntoEmptyDatabase(parts: 1, nation.region) }
        }
    }
}
