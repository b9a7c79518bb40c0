import Testing
import Foundation
import Fluent
import HocBaCore
import HocBaDemo
import HocBaStore
import HocBaApp
import HocBaTesting

/// The demo's postgraduate sending (docs/nominations.md): approved, waiting, refused and still proposed nominations,
/// two commitments and a repayment case, and the certificates of 2020's classes — and not one published 2016–2020
/// figure moved.
@Suite(.serialized) struct DemoSendingTests {
    @Test func theDemoSendsPeopleWithoutMovingThePublishedFigures() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.loadIntoEmptyDatabase(DemoProvince.generate().batch)
            try await store.saveLayout(TrainingStandards.self, json: ReportLayout.encode(DemoProvince.standards))
            let period = SummaryParameters(from: Day(2016, 1, 1), to: Day(2020, 12, 31))
            let published = try await store.summaryReport(period)

            #expect(try await DemoSending.load(into: store, today: Day(2026, 12, 4)) == 6)
            #expect(try await store.trainingClass(code: DemoSending.openCourse(loadedOn: Day(2026, 12, 4)))?.start
                    == Day(2027, 9, 1))
            let statuses = try await Nomination.query(on: db).sort(\.$id).all().map(\.statusCode)
            #expect(statuses == ["DA-DUYET", "DA-DUYET", "CHO-CHO", "TU-CHOI", "DE-XUAT", "DE-XUAT"])
            // The drop-out's case is dated the day of the load.
            let report = try await store.commitmentsReport(asOf: Day.inVietnam(at: Date()), unitCode: nil)
            #expect(report.active.count == 1 && report.active[0].commitmentMonths == 72 && report.active[0].cost == 96_000_000,
                    "24 months × 3 under NĐ 171/2025; 192 000 000 đ shared by 2 learners")
            #expect(report.openCases.count == 1 && report.openCases[0].amount == 96_000_000)
            #expect(try await store.summaryReport(period) == published)

            // The registers of 2020's classes: every completed learner of a school's class without a paper number holds
            // one, numbered from 1.
            let issued = try await DemoCertificates.issue(into: store)
            #expect(issued > 1_000)
            let numbers = try await Certificate.query(on: db).all().map(\.number)
            #expect(numbers.count == issued && Set(numbers).count == issued && numbers.contains { $0.hasPrefix("TCT-2020-") })
            #expect(numbers.contains { $0.hasSuffix("-000001") })
            #expect(try await store.summaryReport(period) == published)
        }
    }
}
