import Testing
import Foundation
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

@Suite(.serialized) struct FrozenReportTests {
    @Test func frozenFiguresStayWhileRecordsChangeAndTheComparisonSaysWhy() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            let store = province.store
            try await store.enrol(classCode: "L1", personCodes: ["P1", "P2", "P3"])
            try await store.recordResults(classCode: "L1", ["P1", "P2", "P3"].map { ResultEntry(personCode: $0, result: .completed) })
            let parameters = SummaryParameters(from: Day(2018, 1, 1), to: Day(2018, 12, 31))
            let original = try await store.summaryReport(parameters)
            let frozen = try await store.freezeSummary(parameters, by: "Hà Thị Lan", note: "Gửi Bộ Nội vụ")
            #expect(original.personTimes.cbcc.commune == 2)

            // Later edits: a history correction puts P1 in the district on the class date, and P2's result is
            // corrected to "dropped out". P3 is untouched.
            try await store.replaceHistory(personCode: "P1", with: [
                WorkPeriodDraft(unitCode: "BB", category: .cadre, from: Day(2015, 1, 1)),
            ])
            try await store.recordResults(classCode: "L1", [ResultEntry(personCode: "P2", result: .droppedOut)])

            let comparison = try await store.compare(frozenID: frozen.id!)
            #expect(comparison.frozen == original)
            #expect(comparison.fresh.personTimes.cbcc.commune == 1)
            #expect(comparison.fresh.personTimes.cbcc.district == 1)
            let changedKeys = Set(comparison.figureChanges.map(\.key))
            #expect(changedKeys.isSuperset(of: ["person_times.cbcc.commune", "person_times.cbcc.district",
                                                "person_times.cbcc.province", "person_times.total"]))
            var reasons: [String] = []
            for change in comparison.lineChanges {
                switch change {
                case .changed(let before, _, let what):
                    #expect(before.personCode == "P1")
                    reasons += what
                case .removed(let line, let reason):
                    #expect(line.personCode == "P2")
                    reasons.append(reason)
                case .added:
                    Issue.record("nothing was added")
                }
            }
            #expect(reasons.contains("đối tượng: Công chức → Cán bộ"))
            #expect(reasons.contains("cấp đơn vị: Xã → Huyện"))
            #expect(reasons.contains("kết quả đổi thành \"Bỏ học\""))

            // The stored figures themselves never change.
            let stored = try await FrozenReport.find(frozen.id!, on: db)!
            let decoded = try JSONDecoder().decode(SummaryReport.self, from: Data(stored.figuresJSON.utf8))
            #expect(decoded == original)
            #expect(stored.frozenBy == "Hà Thị Lan")
            #expect(stored.definitionVersion == 1)
        }
    }

    @Test func freezingNeedsSomeoneToAnswerForIt() async throws {
        try await withTestDatabase { db in
            _ = try await SmallProvince(db)
            await #expect(throws: ValidationFailure.self) {
                try await RecordStore(db).freezeSummary(SummaryParameters(from: Day(2018, 1, 1), to: Day(2018, 12, 31)),
                                                        by: "  ", note: nil)
            }
            #expect(try await FrozenReport.query(on: db).count() == 0)
        }
    }
}
