import Foundation
import Testing
import Fluent
import HocBaCore
@testable import HocBaStore
import HocBaTesting

/// Service commitments and repayment (docs/nominations.md), on either engine: the decision sending a nominee, the
/// commitment the rule sets, and the case hocba opens when the records show it broken.
@Suite struct CommitmentTests {
    /// Sends `code` to the 12-month master's course THS-2026 (01/09/2026 – 31/08/2027; NĐ 171/2025: 3 × 12 months).
    static func sent(_ code: String, cost: Int64? = 120_000_000, store: RecordStore) async throws -> ServiceCommitment {
        try await EligibilityTests.person(code, store: store)
        try await store.enrol(classCode: "THS-2026", personCodes: [code])
        return try await store.recordCommitment(classCode: "THS-2026", personCode: code,
                                                CommitmentDraft(decisionNumber: "QĐ \(code)/QĐ-SNV",
                                                                decisionDate: Day(2026, 8, 15), signer: "Giám đốc Sở",
                                                                cost: cost),
                                                on: Day(2026, 8, 15))
    }

    @Test func leavingTenMonthsIntoAThirtySixMonthCommitmentOwes86666667Dong() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await EligibilityTests.seed(store)
            let commitment = try await Self.sent("ROI", store: store)
            #expect(commitment.multiple == 3)
            #expect(commitment.period.trainingMonths == 12 && commitment.period.commitmentMonths == 36)
            #expect(commitment.period.start == Day(2027, 9, 1) && commitment.period.end == Day(2030, 8, 31))

            // The history now ends on 30/06/2028: 10 whole months after the course (01/09/2027 – 30/06/2028).
            try await store.replaceHistory(personCode: "ROI", with: [
                WorkPeriodDraft(unitCode: "S", category: .civilServant, rankCode: "01.003", from: Day(2018, 1, 1),
                                to: Day(2028, 6, 30)),
            ])
            let early = try await store.commitmentsReport(asOf: Day(2028, 6, 1), unitCode: nil)
            #expect(early.openCases.isEmpty, "a case dated after the day is not listed on it")
            try await store.reviewCommitments(on: Day(2028, 7, 15))
            let report = try await store.commitmentsReport(asOf: Day(2028, 7, 15), unitCode: nil)
            let opened = try #require(report.openCases.first)
            #expect(report.openCases.count == 1 && report.active.isEmpty)
            #expect(opened.cause == Repayment.Cause.leftAfterTraining.rawValue)
            #expect(opened.monthsServed == 10 && opened.commitmentMonths == 36)
            #expect(opened.amount == 86_666_667 && opened.balance == 86_666_667)
            #expect(opened.reason.contains("01/07/2028") && opened.reason.contains("10/36"), "\(opened.reason)")

            // Reviewing again opens nothing more; the council decides, payments settle it.
            try await store.reviewCommitments(on: Day(2028, 8, 1))
            #expect(try await RepaymentCase.query(on: db).count() == 1)
            try await store.decideRepayment(caseID: opened.id, CouncilDecisionDraft(decision: "QĐ 5/QĐ-HĐ",
                                                                                      date: Day(2028, 8, 20), amount: nil))
            try await store.recordRepaymentPayment(caseID: opened.id, RepaymentPaymentDraft(
                day: Day(2028, 9, 1), amount: 80_000_000, document: "UNC 1"))
            await #expect(throws: ValidationFailure.self, "more than is due") {
                try await store.recordRepaymentPayment(caseID: opened.id, RepaymentPaymentDraft(
                    day: Day(2028, 9, 2), amount: 10_000_000, document: "UNC 2"))
            }
            var (line, payments) = try #require(try await store.repaymentCase(id: opened.id))
            #expect(line.status == RepaymentStatus.decided.rawValue && line.balance == 6_666_667 && payments.count == 1)
            try await store.recordRepaymentPayment(caseID: opened.id, RepaymentPaymentDraft(
                day: Day(2028, 9, 2), amount: 6_666_667, document: "UNC 2"))
            (line, _) = try #require(try await store.repaymentCase(id: opened.id))
            #expect(line.status == RepaymentStatus.settled.rawValue && line.balance == 0)
            #expect(try await store.commitmentsReport(asOf: Day(2028, 9, 3), unitCode: nil).openCases.isEmpty)
        }
    }

    @Test func abandoningTheCourseOwesTheWholeCostAsSoonAsTheResultIsRecorded() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await EligibilityTests.seed(store)
            // The cost from the class's funding: 240 000 000 đ actually spent, shared by its 2 learners.
            try await store.saveFundingLine(FundingDraft(documentNumber: "KP-THS", year: 2026, source: "NS-TINH",
                                                         amount: 240_000_000, classCode: "THS-2026"))
            try await EligibilityTests.person("O", store: store)
            try await store.enrol(classCode: "THS-2026", personCodes: ["O"])
            let commitment = try await Self.sent("BO", cost: nil, store: store)
            #expect(commitment.cost == 120_000_000 && commitment.costBasis.contains("2 học viên"), "\(commitment.costBasis)")

            try await store.recordResults(classCode: "THS-2026", [ResultEntry(personCode: "BO", result: .droppedOut)])
            let report = try await store.commitmentsReport(asOf: Day.inVietnam(at: Date()), unitCode: nil)
            let opened = try #require(report.openCases.first)
            #expect(opened.cause == Repayment.Cause.notCompleted.rawValue && opened.amount == 120_000_000)
        }
    }

    @Test func aCommitmentNeedsAnEnrolledLearnerAndARuleThatAsksForIt() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await EligibilityTests.seed(store)
            try await EligibilityTests.person("X", store: store)
            let draft = CommitmentDraft(decisionNumber: "QĐ 1", decisionDate: Day(2026, 8, 1), signer: "GĐ", cost: 1)
            let before = try await databaseDump(db)
            await #expect(throws: ValidationFailure.self, "not enrolled") {
                try await store.recordCommitment(classCode: "THS-2026", personCode: "X", draft, on: Day(2026, 8, 1))
            }
            try await store.enrol(classCode: "QLNN-2026", personCodes: ["X"])
            let enrolled = try await databaseDump(db)
            await #expect(throws: ValidationFailure.self, "a fostering class carries no commitment") {
                try await store.recordCommitment(classCode: "QLNN-2026", personCode: "X", draft, on: Day(2026, 8, 1))
            }
            #expect(try await databaseDump(db) == enrolled)
            #expect(before != enrolled)
            // A unit's account may not record one.
            let unit = try #require(try await OrgUnit.query(on: db).filter(\.$code == "S").first())
            let officer = RecordStore(db, scope: .unitSubtree(unitID: unit.id!, code: "S", path: unit.path))
            await #expect(throws: OutOfScope.self) {
                try await officer.recordCommitment(classCode: "THS-2026", personCode: "X", draft, on: Day(2026, 8, 1))
            }
        }
    }
}
