import Foundation
import Testing
import Fluent
import HocBaCore
@testable import HocBaStore
import HocBaTesting

/// The institutions' certificate registers (docs/certificates.md), on either engine.
@Suite struct CertificateTests {
    /// Two classes of TCT with `count` completed learners each, ended in 2025.
    static func seed(_ store: RecordStore, count: Int) async throws {
        try await store.createUnit(UnitDraft(code: "T", name: "Tỉnh", level: .province))
        try await store.saveInstitution(InstitutionDraft(code: "TCT", name: "Trường Chính trị tỉnh"))
        for (index, code) in ["LA", "LB"].enumerated() {
            try await store.createClass(ClassDraft(code: code, name: "Lớp \(code)", programmeType: index == 0 ? "NGACH" : "QPAN",
                                                   institutionCode: "TCT", start: Day(2025, 3, 1), end: Day(2025, 3, 31)))
            var codes: [String] = []
            for person in 0..<count {
                let personCode = "\(code)-\(person)"
                try await store.createPerson(PersonDraft(code: personCode, fullName: "Người \(code) \(person)",
                                                         birthDate: Day(1985, 1, 2), unitCode: "T", category: .civilServant))
                codes.append(personCode)
            }
            try await store.enrol(classCode: code, personCodes: codes)
            try await store.recordResults(classCode: code, codes.map { ResultEntry(personCode: $0, result: .completed) })
        }
    }

    @Test func twoIssuesAtOnceTakeConsecutiveUniqueNumbers() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await Self.seed(store, count: 12)
            async let first = store.issueCertificates(classCode: "LA", signer: "Hiệu trưởng", on: Day(2026, 4, 1))
            async let second = store.issueCertificates(classCode: "LB", signer: "Hiệu trưởng", on: Day(2026, 4, 1))
            let (a, b) = try await (first, second)
            for issued in [a, b] {
                let serials = issued.map(\.serial)
                #expect(serials == Array(serials[0]..<(serials[0] + 12)), "one issue's numbers are consecutive")
            }
            #expect(Set(a.map(\.serial) + b.map(\.serial)) == Set(1...24))
            #expect(Set((a + b).map(\.number)).count == 24 && Set((a + b).map(\.verificationCode)).count == 24)
            #expect((a + b).allSatisfy { $0.number.hasPrefix("TCT-2026-0000") && VerificationCode.normalised($0.verificationCode) != nil })
            // Issuing again finds nobody left; the next year starts at 1.
            await #expect(throws: ValidationFailure.self) {
                try await store.issueCertificates(classCode: "LA", signer: "Hiệu trưởng", on: Day(2026, 4, 2))
            }
        }
    }

    @Test func aCorrectionRevokesAndReissuesKeepingBoth() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await Self.seed(store, count: 2)
            let issued = try await store.issueCertificates(classCode: "LA", signer: "Hiệu trưởng", on: Day(2026, 4, 1))
            let enrolment = try #require(try await Enrolment.find(issued[0].enrolmentID, on: db))
            #expect(enrolment.certificateNumber == issued[0].number && enrolment.certificateDateText == "2026-04-01")
            await #expect(throws: ValidationFailure.self) {
                try await store.revokeCertificate(number: issued[0].number, reason: " ", on: Day(2026, 4, 3))
            }
            try await store.revokeCertificate(number: issued[0].number, reason: "Sai ngày sinh", on: Day(2026, 4, 3))
            let again = try await store.issueCertificates(classCode: "LA", signer: "Hiệu trưởng", on: Day(2026, 4, 4))
            #expect(again.count == 1 && again[0].serial == 3 && again[0].enrolmentID == issued[0].enrolmentID)
            // The register holds the result: changing it, or the number, waits for a revocation.
            await #expect(throws: ValidationFailure.self) {
                try await store.recordResults(classCode: "LA", [ResultEntry(personCode: "LA-1", result: .notCompleted)])
            }
            let register = try await store.certificates(classCode: "LA", on: Day(2026, 5, 1))
            #expect(register.map(\.status) == ["THU-HOI", "HIEU-LUC", "HIEU-LUC"])
            #expect(register[0].revokedReason == "Sai ngày sinh")
            let verified = try await store.publicCertificate(code: again[0].verificationCode, on: Day(2026, 5, 1))
            #expect(verified?.number == again[0].number)
            #expect(try await store.publicCertificate(number: again[0].number, fullName: "nguoi  LA 0", on: Day(2026, 5, 1)) != nil)
            #expect(try await store.publicCertificate(number: again[0].number, fullName: "Người khác", on: Day(2026, 5, 1)) == nil)
        }
    }

    /// A number typed from a paper register stays: its holder gets none from the register.
    @Test func aPaperNumberIsKept() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await Self.seed(store, count: 2)
            try await store.recordResults(classCode: "LA", [ResultEntry(personCode: "LA-0", result: .completed,
                                                                        certificateNumber: "GIAY-123", certificateDate: Day(2025, 4, 2))])
            let issued = try await store.issueCertificates(classCode: "LA", signer: "Hiệu trưởng", on: Day(2026, 4, 1))
            #expect(issued.count == 1 && issued[0].number == "TCT-2026-000001")
            let paper = try #require(try await Enrolment.query(on: db).filter(\.$certificateNumber == "GIAY-123").first())
            #expect(paper.certificateDateText == "2025-04-02")
        }
    }

    @Test func aProgrammeWithAValidityExpiresAndStopsMeetingTheStandard() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            var standards = try await store.trainingStandards()
            standards.certificateValidity = [CertificateValidity(programmeType: "QPAN", years: 2, basis: "Lựa chọn của tỉnh")]
            standards.ranks = [RankStandard(rankCode: "01.003", rankName: "Chuyên viên", validFrom: Day(2000, 1, 1), requirements: [
                StandardRequirement(.programme(ProgrammeNeed(programmeTypes: ["QPAN"], title: "bồi dưỡng quốc phòng, an ninh")),
                                    basis: "Lựa chọn của tỉnh"),
            ])]
            try await store.saveLayout(TrainingStandards.self, json: String(decoding: try JSONEncoder().encode(standards), as: UTF8.self))
            try await Self.seed(store, count: 1)
            try await store.updatePerson(code: "LB-0", PersonDraft(code: "LB-0", fullName: "Người LB 0", birthDate: Day(1985, 1, 2),
                                                                  unitCode: "T", category: .civilServant, rankCode: "01.003"))
            let issued = try await store.issueCertificates(classCode: "LB", signer: "Hiệu trưởng", on: Day(2026, 4, 1))
            #expect(issued[0].expiresOnText == "2028-04-01")
            // A correction a year later keeps the first expiry and the date the training was certified.
            try await store.revokeCertificate(number: issued[0].number, reason: "Sai tên", on: Day(2027, 3, 1))
            let corrected = try await store.issueCertificates(classCode: "LB", signer: "Hiệu trưởng", on: Day(2027, 3, 2))
            #expect(corrected[0].expiresOnText == "2028-04-01")
            #expect(try await Enrolment.find(corrected[0].enrolmentID, on: db)?.certificateDateText == "2026-04-01")
            let before = try await store.gapCheck(personCode: "LB-0", on: Day(2028, 3, 31))
            #expect(before.meetsAll)
            let after = try await store.gapCheck(personCode: "LB-0", on: Day(2028, 4, 1))
            #expect(!after.meetsAll && after.gaps[0].reason.contains("đã hết hạn từ ngày 01/04/2028"), "\(after.gaps.map(\.reason))")
            #expect(try await store.certificates(classCode: "LB", on: Day(2028, 4, 1)).map(\.status) == ["THU-HOI", "HET-HAN"])
        }
    }
}
