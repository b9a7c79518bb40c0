import Testing
import Foundation
import Fluent
import SQLKit
import HocBaCore
import HocBaStore
import HocBaTesting

/// No change to a record without an entry in the trail: every store mutation — forms, results, withdrawals, unit
/// moves and level corrections, imports, reports, layouts — runs between two reads of every record table, and each
/// row it added, changed or removed must have an entry of the right kind, for that table, under that row's key.
@Suite(.serialized) struct AuditCoverageTests {
    /// The trail's key of a stored row, as the store promises it (docs/security.md).
    static func key(_ table: String, _ row: [String: String]) -> String? {
        switch table {
        case "units", "job_positions", "people", "institutions", "instructors", "classes": row["code"]
        case "work_history": "từ \(row["from_date"]!) (cán bộ \(row["person_id"]!))"
        case "qualifications": "\(row["kind"]!):\(row["level"]!) (cán bộ \(row["person_id"]!))"
        case "ratings": "năm \(row["year"]!) (cán bộ \(row["person_id"]!))"
        case "enrolments", "nominations", "service_commitments": "lớp \(row["class_id"]!), cán bộ \(row["person_id"]!)"
        case "funding_lines": row["document_number"]
        case "catalogue_entries": "\(row["list"]!):\(row["code"]!)"
        case "report_layouts", "import_mappings": row["name"]
        case "frozen_reports", "news_items", "plans", "national_deliveries": row["id"]
        case "repayment_cases": "cam kết \(row["commitment_id"]!)"
        case "repayment_payments": "hồ sơ \(row["case_id"]!)"
        case "certificates": row["number"]
        // A frozen report's counted lines are its content, written once with it (its own entry covers them).
        case "frozen_report_lines": nil
        // The people a unit's delivery covered are its content, written once with it (its entry covers them).
        case "national_delivery_people": nil
        default: nil
        }
    }

    struct Change: CustomStringConvertible {
        let table: String
        let action: String
        let key: String
        var description: String { "\(action) \(table) \(key)" }
    }

    /// The rows `mutation` changed, and those of them with no matching entry in the trail.
    static func unaudited(on db: any Database, _ mutation: () async throws -> Void) async throws -> (changes: [Change], missing: [Change]) {
        let before = try await databaseRows(db)
        let lastEntry = try await AuditEntry.query(on: db).sort(\.$id, .descending).first()?.id ?? 0
        try await mutation()
        let after = try await databaseRows(db)
        var changes: [Change] = []
        for ((table, old), (_, new)) in zip(before, after) {
            let oldRows = Dictionary(uniqueKeysWithValues: old.map { ($0.id, $0.row) })
            let newRows = Dictionary(uniqueKeysWithValues: new.map { ($0.id, $0.row) })
            for (id, row) in newRows {
                guard let key = key(table, row) else { continue }
                if let was = oldRows[id] {
                    if was != row { changes.append(Change(table: table, action: "SUA", key: key)) }
                } else {
                    changes.append(Change(table: table, action: "TAO", key: key))
                }
            }
            for (id, row) in oldRows where newRows[id] == nil {
                guard let key = key(table, row) else { continue }
                changes.append(Change(table: table, action: "XOA", key: key))
            }
        }
        let entries = try await AuditEntry.query(on: db).filter(\.$id > lastEntry).all()
        let missing = changes.filter { change in
            !entries.contains { entry in
                entry.entity == change.table && entry.recordKey == change.key
                    // A row created and changed in one step (a unit gets its path after its id) has both entries.
                    && (entry.action == change.action || (change.action == "SUA" && entry.action == "TAO"))
            }
        }
        return (changes, missing)
    }

    @Test func everyStoreMutationIsAudited() async throws {
        try await withTestApp { app in
            let db = app.database(writtenBy: AuditActor(name: "kiểm thử", origin: "127.0.0.1"))
            let store = RecordStore(db)
            var exercised: Set<String> = []
            func step(_ name: String, _ mutation: () async throws -> Void) async throws {
                let (changes, missing) = try await Self.unaudited(on: db, mutation)
                #expect(!changes.isEmpty, "\(name) changed nothing: the step tests nothing")
                #expect(missing.isEmpty, "\(name) changed rows without an audit entry: \(missing)")
                exercised.formUnion(changes.map(\.table))
            }

            try await step("createUnit") {
                try await store.createUnit(UnitDraft(code: "T", name: "Tỉnh", level: .province))
                try await store.createUnit(UnitDraft(code: "A", name: "Huyện A", level: .district, parentCode: "T"))
                try await store.createUnit(UnitDraft(code: "B", name: "Huyện B", level: .district, parentCode: "T"))
                try await store.createUnit(UnitDraft(code: "A-X", name: "Xã X", level: .commune, parentCode: "A"))
                try await store.createUnit(UnitDraft(code: "A-X-1", name: "Thôn 1", level: .commune, parentCode: "A-X"))
            }
            try await step("createPerson") {
                try await store.createPerson(PersonDraft(code: "P1", fullName: "Nguyễn Văn An", unitCode: "A-X",
                                                         category: .civilServant))
                try await store.createPerson(PersonDraft(code: "P2", fullName: "Lò Thị Bình", unitCode: "A-X-1",
                                                         category: .cadre))
            }
            try await step("updatePerson") {
                try await store.updatePerson(code: "P2", PersonDraft(code: "P2", fullName: "Lò Thị Bính",
                                                                     unitCode: "A-X-1", category: .cadre))
            }
            try await step("replaceHistory") {
                try await store.replaceHistory(personCode: "P1", with: [
                    WorkPeriodDraft(unitCode: "B", category: .civilServant, from: Day(2010, 1, 1), to: Day(2015, 12, 31)),
                    WorkPeriodDraft(unitCode: "A-X", category: .civilServant, from: Day(2016, 1, 1)),
                ])
            }
            try await step("saveInstitution and saveInstructor") {
                try await store.saveInstitution(InstitutionDraft(code: "TCT", name: "Trường Chính trị"))
                try await store.saveInstructor(InstructorDraft(code: "GV1", fullName: "Hà Văn Giảng", institutionCode: "TCT"))
            }
            try await step("createClass") {
                try await store.createClass(ClassDraft(code: "L1", name: "Bồi dưỡng chuyên viên", programmeType: "NGACH",
                                                       institutionCode: "TCT", start: Day(2018, 3, 5),
                                                       end: Day(2018, 4, 27), hours: 240))
            }
            try await step("enrol") { try await store.enrol(classCode: "L1", personCodes: ["P1", "P2"]) }
            try await step("recordResults") {
                try await store.recordResults(classCode: "L1", [
                    ResultEntry(personCode: "P1", result: .completed, certificateNumber: "CC-1",
                                certificateDate: Day(2018, 4, 27)),
                ])
            }
            try await step("updateClass (start moves: snapshots re-derived)") {
                try await store.updateClass(code: "L1", ClassDraft(code: "L1", name: "Bồi dưỡng chuyên viên",
                                                                   programmeType: "NGACH", institutionCode: "TCT",
                                                                   start: Day(2015, 3, 5), end: Day(2018, 4, 27),
                                                                   hours: 240))
            }
            try await step("replaceHistory (snapshots of past classes re-derived)") {
                try await store.replaceHistory(personCode: "P1", with: [
                    WorkPeriodDraft(unitCode: "A", category: .civilServant, from: Day(2010, 1, 1), to: Day(2015, 12, 31)),
                    WorkPeriodDraft(unitCode: "A-X", category: .civilServant, from: Day(2016, 1, 1)),
                ])
            }
            try await step("replaceRatings") {
                try await store.replaceRatings(personCode: "P1", with: [YearRating(year: 2024, rating: .good),
                                                                         YearRating(year: 2025, rating: .excellent)])
            }
            try await step("replaceRatings (one changed, one removed)") {
                try await store.replaceRatings(personCode: "P1", with: [YearRating(year: 2024, rating: .completed)])
            }
            try await step("replaceQualifications") {
                try await store.replaceQualifications(personCode: "P1", with: [
                    ObtainedQualification(kind: .professional, level: "DAI-HOC", granted: Day(2008, 6, 1)),
                    ObtainedQualification(kind: .politicalTheory, level: "TRUNG-CAP", granted: Day(2014, 6, 1)),
                ])
                try await store.replaceQualifications(personCode: "P1", with: [
                    ObtainedQualification(kind: .professional, level: "DAI-HOC", granted: Day(2008, 7, 1)),
                ])
            }
            try await step("withdraw") { try await store.withdraw(classCode: "L1", personCode: "P2", on: Day(2026, 1, 1)) }
            try await step("updateUnit (a subtree moves: its paths are rewritten)") {
                try await store.updateUnit(code: "A-X", UnitDraft(code: "A-X", name: "Xã X", level: .commune,
                                                                  parentCode: "B"))
            }
            try await step("updateUnit (a level corrected: snapshots carry it)") {
                try await store.updateUnit(code: "A", UnitDraft(code: "A", name: "Thị xã A", level: .commune,
                                                                parentCode: "T"))
            }
            try await step("saveFundingLine") {
                try await store.saveFundingLine(FundingDraft(documentNumber: "QĐ-1", year: 2018, source: "NS-TINH",
                                                             amount: 1_000_000, classCode: "L1"))
            }
            try await step("savePosition (created, then renamed)") {
                try await store.savePosition(PositionDraft(code: "VT-1", name: "Chuyên viên", group: .specialised,
                                                           unitCode: "A"))
                try await store.savePosition(PositionDraft(code: "VT-1", name: "Chuyên viên tổng hợp", group: .shared),
                                             existingCode: "VT-1")
            }
            try await step("saveCatalogueEntry") {
                try await store.saveCatalogueEntry(list: .programmeTypes, code: "KHAC2", label: "Khác nữa")
            }
            try await step("saveNews") {
                try await store.saveNews(NewsDraft(title: "Tin", body: "Nội dung", author: "Sở", date: Day(2020, 1, 2),
                                                   published: true))
            }
            try await step("freezeSummary") {
                try await store.freezeSummary(SummaryParameters(from: Day(2015, 1, 1), to: Day(2020, 12, 31)),
                                              by: "kiểm thử", note: nil)
            }
            try await step("savePlan") {
                try await store.savePlan(TrainingPlan(name: "KH", fromYear: 2021, toYear: 2021,
                                                      targets: [.init(category: "CC", programmeType: "NGACH",
                                                                      personTimes: 3)],
                                                      budget: [.init(source: "NS-TINH", amount: 10)]))
            }
            try await step("saveLayout") {
                var standards = try await store.trainingStandards()
                standards.ranks[0].validFrom = Day(2001, 1, 1)
                try await store.saveLayout(TrainingStandards.self,
                                           json: String(decoding: try JSONEncoder().encode(standards), as: UTF8.self))
            }
            try await step("saveMapping") {
                try await store.saveMapping(ImportMapping(sheets: ["Sheet1": .init(target: "CanBo", columns: [
                    "Mã": "code", "Tên": "full_name", "Đơn vị": "unit_code", "Đối tượng": "category",
                ])]), named: "Mẫu huyện")
            }
            try await step("commitImport (people, history re-deriving snapshots, enrolments)") {
                try await store.commitImport(ImportBatch.reading([
                    ("ViTriViecLam", SheetCell.textRows([["Mã vị trí", "Tên vị trí", "Nhóm"],
                                                         ["VT-1", "Chuyên viên", "CHUYEN-NGANH"],
                                                         ["VT-2", "Văn thư", "HO-TRO"]])),
                    ("CanBo", SheetCell.textRows([["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng", "Vị trí việc làm"],
                                                  ["P3", "Hà Văn Cường", "B", "CC", "VT-2"],
                                                  ["P2", "Lò Thị Bình", "A-X-1", "CB", ""]])),
                    ("QuaTrinh", SheetCell.textRows([["Mã cán bộ", "Mã đơn vị", "Đối tượng", "Từ ngày", "Đến ngày"],
                                                     ["P2", "B", "CB", "2000-01-01", "2016-12-31"],
                                                     ["P1", "B", "CC", "2010-01-01", "2015-12-31"],
                                                     ["P2", "A-X-1", "CB", "2017-01-01", ""]])),
                    ("HocVien", SheetCell.textRows([["Mã lớp", "Mã cán bộ"], ["L1", "P3"], ["L1", "P2"]])),
                    ("DanhGia", SheetCell.textRows([["Mã cán bộ", "Năm", "Xếp loại"], ["P1", "2024", "HTT"],
                                                    ["P3", "2025", "Hoàn thành xuất sắc nhiệm vụ"]])),
                ]))
            }
            try await step("withdraw again (no result: allowed)") {
                try await store.withdraw(classCode: "L1", personCode: "P3", on: Day(2026, 1, 1))
            }
            try await step("nominate and approve (a postgraduate class)") {
                try await store.createClass(ClassDraft(code: "THS", name: "Thạc sĩ", programmeType: "CHUYENMON",
                                                       form: .degree, start: Day(2026, 9, 1), end: Day(2027, 8, 31),
                                                       grants: QualificationLevel(code: "CHUYEN-MON:THAC-SI")))
                try await store.createPerson(PersonDraft(code: "NCS", fullName: "Người được cử", birthDate: Day(1990, 1, 1),
                                                         unitCode: "B", category: .civilServant, rankCode: "01.003",
                                                         professionalLevel: "DAI-HOC"))
                try await store.replaceHistory(personCode: "NCS", with: [
                    WorkPeriodDraft(unitCode: "B", category: .civilServant, rankCode: "01.003", from: Day(2018, 1, 1), to: nil),
                ])
                try await store.replaceRatings(personCode: "NCS", with: [YearRating(year: 2024, rating: .good),
                                                                          YearRating(year: 2025, rating: .good)])
                let proposed = try await store.nominate(classCode: "THS", personCodes: ["NCS"], proposer: "to.chuc",
                                                        on: Day(2026, 6, 1))
                try await store.decideNomination(id: proposed[0].id!, approve: true, reason: nil, decider: "so",
                                                 on: Day(2026, 6, 2))
            }
            try await step("recordCommitment; a drop-out opens a repayment case; the council; a payment") {
                try await store.recordCommitment(classCode: "THS", personCode: "NCS", CommitmentDraft(
                    decisionNumber: "QĐ 9", decisionDate: Day(2026, 8, 1), signer: "GĐ", cost: 100_000_000), on: Day(2026, 8, 1))
                try await store.recordResults(classCode: "THS", [ResultEntry(personCode: "NCS", result: .droppedOut)])
                let opened = try #require(try await RepaymentCase.query(on: db).first())
                try await store.decideRepayment(caseID: opened.id!, CouncilDecisionDraft(decision: "QĐ 1", date: Day(2027, 1, 1)))
                try await store.recordRepaymentPayment(caseID: opened.id!, RepaymentPaymentDraft(
                    day: Day(2027, 2, 1), amount: 1_000, document: "UNC"))
            }
            try await step("issueCertificates and revokeCertificate (the enrolments carry the number)") {
                try await store.createClass(ClassDraft(code: "L-CC", name: "Bồi dưỡng cấp chứng chỉ", programmeType: "NGACH",
                                                       institutionCode: "TCT", start: Day(2025, 3, 1), end: Day(2025, 3, 20)))
                try await store.enrol(classCode: "L-CC", personCodes: ["P1"])
                try await store.recordResults(classCode: "L-CC", [ResultEntry(personCode: "P1", result: .completed)])
                let issued = try await store.issueCertificates(classCode: "L-CC", signer: "Hiệu trưởng", on: Day(2025, 4, 1))
                try await store.revokeCertificate(number: issued[0].number, reason: "Sai ngày sinh", on: Day(2025, 4, 2))
            }
            try await step("markNationalDelivery") {
                try await store.markNationalDelivery(upTo: try await store.trailWatermark(), format: "jsonl")
            }
            // The steps reached every record table but the contents written with their entry's record.
            #expect(exercised.isSuperset(of: Set(recordTables).subtracting(["frozen_report_lines",
                                                                            "national_delivery_people"])),
                    "tables no step changed: \(Set(recordTables).subtracting(exercised))")
            #expect(try await AuditLog.verify(on: db).broken == nil)
        }
    }

    /// A learner with a result or a certificate cannot be removed; the refusal writes nothing.
    @Test func removingALearnerWithAResultIsRefused() async throws {
        try await withTestApp { app in
            let fixture = try await SmallProvince(app.db)
            let store = fixture.store
            try await store.enrol(classCode: "L1", personCodes: ["P1", "P2"])
            try await store.recordResults(classCode: "L1", [ResultEntry(personCode: "P1", result: .notCompleted)])
            let before = try await databaseDump(app.db)
            let error = await #expect(throws: ValidationFailure.self) {
                try await store.withdraw(classCode: "L1", personCode: "P1", on: Day(2026, 1, 1))
            }
            #expect(error?.problems.first?.message.contains("đã có kết quả") == true)
            #expect(try await databaseDump(app.db) == before)
        }
    }

    /// Certificates only for those who completed, and one number per certificate of an institution.
    @Test func certificatesHold() async throws {
        try await withTestApp { app in
            let fixture = try await SmallProvince(app.db)
            let store = fixture.store
            try await store.createClass(ClassDraft(code: "L2", name: "Bồi dưỡng QLNN", programmeType: "NGACH",
                                                   institutionCode: "TCT", start: Day(2019, 3, 5),
                                                   end: Day(2019, 4, 27), hours: 240))
            try await store.enrol(classCode: "L1", personCodes: ["P1", "P2"])
            try await store.enrol(classCode: "L2", personCodes: ["P3"])
            try await store.recordResults(classCode: "L1", [
                ResultEntry(personCode: "P1", result: .completed, certificateNumber: "TCT-1", certificateDate: Day(2018, 4, 27)),
            ])
            let before = try await databaseDump(app.db)
            func refusal(_ classCode: String, _ entries: [ResultEntry]) async -> String {
                let error = await #expect(throws: ValidationFailure.self) {
                    try await store.recordResults(classCode: classCode, entries)
                }
                return error?.problems.map(\.message).joined(separator: " ") ?? ""
            }
            // Not completed, yet a certificate.
            #expect(await refusal("L1", [ResultEntry(personCode: "P2", result: .notCompleted, certificateNumber: "TCT-2")])
                .contains("Chỉ cấp chứng chỉ cho học viên có kết quả \"Hoàn thành\""))
            #expect(await refusal("L1", [ResultEntry(personCode: "P2", result: nil, certificateNumber: "TCT-2")])
                .contains("Hoàn thành"))
            // Two learners of one request with one number.
            #expect(await refusal("L1", [
                ResultEntry(personCode: "P1", result: .completed, certificateNumber: "TCT-7"),
                ResultEntry(personCode: "P2", result: .completed, certificateNumber: "TCT-7"),
            ]).contains("bị ghi cho hai học viên"))
            // A number the institution gave in another class.
            #expect(await refusal("L2", [ResultEntry(personCode: "P3", result: .completed, certificateNumber: "TCT-1")])
                .contains("đã cấp cho cán bộ P1 (lớp L1)"))
            #expect(try await databaseDump(app.db) == before)
            // Keeping one's own number, or swapping numbers within a class, is fine.
            try await store.recordResults(classCode: "L1", [
                ResultEntry(personCode: "P1", result: .completed, certificateNumber: "TCT-2"),
                ResultEntry(personCode: "P2", result: .completed, certificateNumber: "TCT-1"),
            ])
            try await store.recordResults(classCode: "L1", [
                ResultEntry(personCode: "P1", result: .completed, certificateNumber: "TCT-2"),
            ])
            #expect(try await fixture.enrolment("L1", "P2").certificateNumber == "TCT-1")

            // The same rules for a HocVien sheet: one message a bad row, nothing written.
            let unchanged = try await databaseDump(app.db)
            let check = try await store.checkImport(ImportBatch.reading([
                ("HocVien", SheetCell.textRows([
                    ["Mã lớp", "Mã cán bộ", "Kết quả", "Số chứng chỉ", "Ngày cấp"],
                    ["L2", "P3", "KHONG-HOAN-THANH", "TCT-50", ""],
                    ["L1", "P1", "HOAN-THANH", "TCT-7", ""],
                    ["L1", "P2", "HOAN-THANH", "TCT-7", ""],
                ])),
            ]))
            let messages = check.problems.map(\.description)
            #expect(messages.contains { $0.contains("dòng 2") && $0.contains("Chỉ cấp chứng chỉ cho học viên có kết quả") })
            #expect(messages.contains { $0.contains("dòng 4") && $0.contains("đã ghi ở dòng 3") })
            let taken = ImportBatch.reading([("HocVien", SheetCell.textRows([
                ["Mã lớp", "Mã cán bộ", "Kết quả", "Số chứng chỉ"], ["L2", "P3", "HOAN-THANH", "TCT-1"],
            ]))])
            #expect(try await store.checkImport(taken).problems.contains { $0.message.contains("đã cấp cho cán bộ P2 (lớp L1)") })
            await #expect(throws: ImportRejected.self) { try await store.commitImport(taken) }
            // A file that clears P2's number may give it to another learner of the school.
            let moved = ImportBatch.reading([("HocVien", SheetCell.textRows([
                ["Mã lớp", "Mã cán bộ", "Kết quả", "Số chứng chỉ"], ["L1", "P2", "HOAN-THANH", ""], ["L2", "P3", "HOAN-THANH", "TCT-1"],
            ]))])
            #expect(try await store.checkImport(moved).isClean)
            #expect(try await databaseDump(app.db) == unchanged)
        }
    }
}
