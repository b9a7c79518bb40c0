import Foundation
import Testing
import HocBaCore
@testable import HocBaStore
import HocBaTesting

/// Proposed → approved → enrolled, proposed → refused, a full class's queue, the deadline, and refused steps that
/// write nothing (docs/nominations.md).
@Suite struct NominationTests {
    static let today = Day(2026, 6, 1)

    @Test func aNominationGoesFromProposalToEnrolmentOrRefusal() async throws {
        try await withTestDatabase { db in
            let province = RecordStore(db)
            try await EligibilityTests.seed(province)
            for code in ["A", "B", "C"] { try await EligibilityTests.person(code, store: province) }
            try await EligibilityTests.person("TRE", serviceFrom: Day(2024, 1, 1), store: province)
            try await province.setNominationTerms(classCode: "THS-2026", NominationTerms(capacity: 1, deadline: Day(2026, 7, 1)), on: Self.today)

            // Someone who fails a rule is refused with the reason, and the whole request writes nothing.
            let before = try await databaseDump(db)
            await #expect(throws: ValidationFailure.self) {
                try await province.nominate(classCode: "THS-2026", personCodes: ["A", "TRE"], proposer: "to.chuc", on: Self.today)
            }
            #expect(try await databaseDump(db) == before)

            let proposed = try await province.nominate(classCode: "THS-2026", personCodes: ["A", "B", "C"],
                                                       proposer: "to.chuc", on: Self.today)
            #expect(proposed.map(\.status) == [.proposed, .proposed, .proposed])
            do {
                try await province.nominate(classCode: "THS-2026", personCodes: ["A"], proposer: "to.chuc", on: Self.today)
                Issue.record("a second proposal of A was accepted")
            } catch let failure as ValidationFailure {
                #expect(failure.problems.map(\.message) == ["Người A (A) đã được đề cử (chờ duyệt)."])
            }

            let first = try await province.decideNomination(id: proposed[0].id!, approve: true, reason: nil,
                                                            decider: "chuyen.vien", on: Self.today)
            #expect(first.status == .enrolled)
            let second = try await province.decideNomination(id: proposed[1].id!, approve: true, reason: nil,
                                                             decider: "chuyen.vien", on: Self.today)
            #expect(second.status == .waiting, "the class holds one learner")
            await #expect(throws: ValidationFailure.self) {
                try await province.decideNomination(id: proposed[2].id!, approve: false, reason: "  ",
                                                    decider: "chuyen.vien", on: Self.today)
            }
            let refused = try await province.decideNomination(id: proposed[2].id!, approve: false,
                                                              reason: "Chuyên ngành không phù hợp", decider: "chuyen.vien",
                                                              on: Self.today)
            #expect(refused.status == .refused && refused.reason == "Chuyên ngành không phù hợp")
            await #expect(throws: ValidationFailure.self) {
                try await province.decideNomination(id: proposed[2].id!, approve: true, reason: nil,
                                                    decider: "chuyen.vien", on: Self.today)
            }

            // A freed place goes to the first approval waiting.
            try await province.withdraw(classCode: "THS-2026", personCode: "A", on: Self.today)
            let lines = try await province.nominations(classCode: "THS-2026")
            #expect(lines.first { $0.personCode == "B" }?.status == .enrolled)
            let learners = try await Enrolment.query(on: db).count()
            #expect(learners == 1)
            // A's nomination ended with the enrolment: A may be proposed again.
            #expect(lines.first { $0.personCode == "A" }.map { ($0.status, $0.reason) } ?? (.proposed, nil)
                    == (.refused, "Đã rút tên khỏi lớp."))

            // After the deadline nothing is proposed.
            do {
                try await province.nominate(classCode: "THS-2026", personCodes: ["C"], proposer: "to.chuc", on: Day(2026, 7, 2))
                Issue.record("a proposal after the deadline was accepted")
            } catch let failure as ValidationFailure {
                #expect(failure.problems.map(\.message) == ["Đã hết hạn đề cử (01/07/2026)."])
            }
            // A refused one may be proposed again before it.
            let again = try await province.nominate(classCode: "THS-2026", personCodes: ["C"], proposer: "to.chuc", on: Self.today)
            #expect(again.first?.id == proposed[2].id && again.first?.status == .proposed)
        }
    }

    @Test func aUnitProposesOnlyItsOwnPeopleAndDecidesNothing() async throws {
        try await withTestDatabase { db in
            let province = RecordStore(db)
            try await EligibilityTests.seed(province)
            try await province.createUnit(UnitDraft(code: "H", name: "Xã Hòa", level: .commune, parentCode: "T"))
            try await EligibilityTests.person("A", store: province)
            let unit = try #require(try await province.unit(code: "H"))
            let commune = RecordStore(db, scope: .unitSubtree(unitID: unit.id!, code: "H", path: unit.path))
            do {
                try await commune.nominate(classCode: "THS-2026", personCodes: ["A"], proposer: "xa.hoa", on: Self.today)
                Issue.record("a unit proposed someone beyond its subtree")
            } catch let failure as ValidationFailure {
                #expect(failure.problems.map(\.message) == ["Không có cán bộ mã \"A\"."])
            }
            let nomination = try #require(try await province.nominate(classCode: "THS-2026", personCodes: ["A"],
                                                                       proposer: "so", on: Self.today).first)
            #expect(try await commune.nomination(id: nomination.id!) == nil)
            await #expect(throws: OutOfScope.self) {
                try await commune.decideNomination(id: nomination.id!, approve: true, reason: nil, decider: "xa", on: Self.today)
            }
        }
    }
}
