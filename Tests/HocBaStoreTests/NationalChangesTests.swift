import Testing
import Foundation
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// The national database's change feed, read from the trail: exactly the people whose data changed after a moment,
/// whatever wrote it, within the account's scope; deliveries cut it off for the people they cover.
@Suite(.serialized) struct NationalChangesTests {
    private static let header = ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Mã đơn vị", "Đối tượng",
                                 "Số định danh cá nhân"]

    /// The sample province, P1 and P2 with a personal ID, P3 without.
    private func seed(_ store: RecordStore) async throws {
        try await store.commitImport(StandardWorkbookSample.batch())
        try await store.commitImport(StandardWorkbookSample.batch([("CanBo", SheetCell.textRows([Self.header,
            ["P1", "Hoàng Thị Thu", "05/03/1980", "Nữ", "X02", "CC", "006180000001"],
            ["P2", "Lý Văn Nam", "02/01/1981", "Nam", "H01", "CC", "006081000002"],
        ]))]))
    }

    /// A moment strictly between what was written before and what is written after.
    private func moment() async throws -> Date {
        try await Task.sleep(for: .milliseconds(5))
        let now = Date()
        try await Task.sleep(for: .milliseconds(5))
        return now
    }

    private func codes(_ changes: [NationalChange]) -> [String] { changes.map(\.code) }

    @Test func exactlyThePeopleChangedSinceAMomentWhateverWroteIt() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await seed(store)
            let start = try await moment()
            #expect(try await store.nationalChanges(after: start, until: Date()).isEmpty)

            // The import: a qualification of P2. The forms' store: P3 renamed.
            try await store.commitImport(StandardWorkbookSample.batch([("VanBang", SheetCell.textRows([
                ["Mã cán bộ", "Loại", "Trình độ", "Ngày cấp"], ["P2", "QLNN", "CV", "01/06/2021"],
            ]))]))
            let p3 = try #require(try await store.person(code: "P3"))
            try await store.updatePerson(code: "P3", PersonDraft(code: "P3", fullName: "Đinh Văn Bốn", sex: p3.sex,
                                                                 ethnicity: p3.ethnicity, unitCode: "X02",
                                                                 category: p3.category))
            let afterWrites = try await moment()
            let changed = try await store.nationalChanges(after: start, until: afterWrites)
            #expect(codes(changed) == ["P2", "P3"])
            #expect(changed.allSatisfy { $0.changes.allSatisfy { $0 > TrailTime.text(start) } })

            // A class renamed changes what is sent for each of its learners (L1: P1 and P2).
            let l1 = try #require(try await store.trainingClass(code: "L1"))
            var draft = ClassDraft(code: "L1", name: "Bồi dưỡng QLNN ngạch chuyên viên (khóa 1)",
                                   programmeType: l1.programmeType, institutionCode: "TCT", start: l1.start, end: l1.end)
            draft.hours = l1.hours
            draft.organisingUnitCode = "T00"
            try await store.updateClass(code: "L1", draft)
            #expect(codes(try await store.nationalChanges(after: afterWrites, until: Date())) == ["P1", "P2"])
            // Up to a moment: nothing after it.
            #expect(codes(try await store.nationalChanges(after: start, until: afterWrites)) == ["P2", "P3"])

            // A commune's account sees its own people only (P1 and P3 work at X02, P2 at the district).
            let commune = try #require(try await store.unit(code: "X02"))
            let communeStore = RecordStore(db, scope: .unitSubtree(unitID: commune.id!, code: "X02", path: commune.path))
            #expect(codes(try await communeStore.nationalChanges(after: afterWrites, until: Date())) == ["P1"])

            // What is sent: the records of those with a personal ID, the record as it is now.
            let records = try await store.nationalRecords(for: changed)
            #expect(records.map(\.maCanBo) == ["P2"])
            #expect(records.first?.soDinhDanh == "006081000002")
            #expect(records.first?.vanBang.contains { $0.loai == "QLNN" && $0.trinhDo == "CV" } == true)
            #expect(records.first?.daoTaoBoiDuong.map(\.maLop) == ["L1"])
        }
    }

    @Test func aDeliveryCutsOffThePeopleItCovers() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await seed(store)
            // Never delivered: everyone with any change is pending.
            #expect(codes(try await store.nationalPending(until: Date())) == ["P1", "P2", "P3"])
            let sent = try await moment()
            try await store.markNationalDelivery(until: sent, people: 2, format: "jsonl")
            #expect(try await store.nationalPending(until: Date()).isEmpty)
            // Marked in the trail as every write.
            let entry = try #require(try await AuditEntry.query(on: db).filter(\.$entity == NationalDelivery.schema).first())
            #expect(entry.afterJSON?.contains("\"people\":2") == true)

            // A change to P1 (X02) after it; the commune's own delivery then covers P1, not the district's P2.
            let p1 = try #require(try await store.person(code: "P1"))
            try await store.updatePerson(code: "P1", PersonDraft(code: "P1", fullName: "Hoàng Thị Thu Hà",
                birthDate: p1.birthDate, sex: p1.sex, ethnicity: p1.ethnicity, unitCode: "X02", category: p1.category,
                personalID: try PersonalID.check("006180000001", sex: .female, birthDate: nil).get()))
            let p2 = try #require(try await store.person(code: "P2"))
            try await store.updatePerson(code: "P2", PersonDraft(code: "P2", fullName: "Lý Văn Nam Anh",
                birthDate: p2.birthDate, sex: p2.sex, ethnicity: p2.ethnicity, unitCode: "H01", category: p2.category,
                personalID: try PersonalID.check("006081000002", sex: .male, birthDate: nil).get()))
            #expect(codes(try await store.nationalPending(until: Date())) == ["P1", "P2"])
            let commune = try #require(try await store.unit(code: "X02"))
            let communeStore = RecordStore(db, scope: .unitSubtree(unitID: commune.id!, code: "X02", path: commune.path))
            try await communeStore.markNationalDelivery(until: try await moment(), people: 1, format: "xlsx")
            #expect(codes(try await store.nationalPending(until: Date())) == ["P2"])
            #expect(try await communeStore.nationalPending(until: Date()).isEmpty)
            // The commune sees its own delivery and the province's, newest first.
            #expect(try await communeStore.nationalDeliveries().map(\.unitName) == ["UBND xã A2", nil])
            // Not in the future.
            await #expect(throws: ValidationFailure.self) {
                try await store.markNationalDelivery(until: Date().addingTimeInterval(3600), people: 0, format: "jsonl")
            }
        }
    }

    @Test func theLoadIntoAnEmptyDatabaseChangedEveryoneItLoaded() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            let before = try await moment()
            try await store.loadIntoEmptyDatabase(StandardWorkbookSample.batch())
            #expect(codes(try await store.nationalChanges(after: before, until: Date())) == ["P1", "P2", "P3"])
            #expect(try await store.peopleWithoutPersonalID().count == 3)
        }
    }
}
