import Testing
import Foundation
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// The national database's change feed, read from the trail: exactly the people whose sent data changed after a
/// moment, whatever wrote it, within the account's scope; deliveries cut it off for the people they cover.
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

    private func rename(_ store: RecordStore, _ code: String, _ name: String) async throws {
        let person = try #require(try await store.person(code: code))
        let unit = try #require(try await store.unit(id: person.unitID))
        try await store.updatePerson(code: code, PersonDraft(
            code: code, fullName: name, birthDate: person.birthDate, sex: person.sex, ethnicity: person.ethnicity,
            unitCode: unit.code, category: person.category,
            personalID: try person.personalID.map { try PersonalID.check($0, sex: nil, birthDate: nil).get() }))
    }

    @Test func exactlyThePeopleChangedSinceAMomentWhateverWroteIt() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await seed(store)
            let start = try await moment()
            #expect(try await store.nationalChanges(after: start, upTo: try await store.trailWatermark()).isEmpty)

            // The import: a qualification of P2. The forms' store: P3 renamed.
            try await store.commitImport(StandardWorkbookSample.batch([("VanBang", SheetCell.textRows([
                ["Mã cán bộ", "Loại", "Trình độ", "Ngày cấp"], ["P2", "QLNN", "CV", "01/06/2021"],
            ]))]))
            try await rename(store, "P3", "Đinh Văn Bốn")
            let afterWrites = try await store.trailWatermark()
            let changed = try await store.nationalChanges(after: start, upTo: afterWrites)
            #expect(codes(changed) == ["P2", "P3"])
            #expect(changed.allSatisfy { $0.changes.allSatisfy { $0.at > TrailTime.text(start) } })

            // A class renamed changes what is sent for each of its learners (L1: P1 and P2); its place does not.
            let l1 = try #require(try await store.trainingClass(code: "L1"))
            var draft = ClassDraft(code: "L1", name: l1.name, programmeType: l1.programmeType, institutionCode: "TCT",
                                   start: l1.start, end: l1.end, location: .abroad)
            draft.hours = l1.hours
            draft.organisingUnitCode = "T00"
            draft.grants = l1.grants
            try await store.updateClass(code: "L1", draft)
            #expect(try await store.nationalChanges(after: start, upTo: try await store.trailWatermark()).count == 2)
            draft.name = "Bồi dưỡng QLNN ngạch chuyên viên (khóa 1)"
            try await store.updateClass(code: "L1", draft)
            let afterClass = try await store.trailWatermark()
            #expect(codes(try await store.nationalChanges(after: start, upTo: afterClass)) == ["P1", "P2", "P3"])
            // Up to an entry: nothing after it.
            #expect(codes(try await store.nationalChanges(after: start, upTo: afterWrites)) == ["P2", "P3"])

            // A unit renamed changes the record of those who work or worked there (X01: P1's earlier unit).
            let renameAt = try await moment()
            let x01 = try #require(try await store.unit(code: "X01"))
            try await store.updateUnit(code: "X01", UnitDraft(code: "X01", name: "UBND xã A1 (cũ)", level: .commune,
                                                              parentCode: "H01", validTo: x01.validTo,
                                                              mergedIntoCode: "X02"))
            #expect(codes(try await store.nationalChanges(after: renameAt, upTo: try await store.trailWatermark()))
                    == ["P1"])

            // A commune's account sees its own people only (P1 and P3 work at X02, P2 at the district).
            let commune = try #require(try await store.unit(code: "X02"))
            let communeStore = RecordStore(db, scope: .unitSubtree(unitID: commune.id!, code: "X02", path: commune.path))
            #expect(codes(try await communeStore.nationalChanges(after: start, upTo: afterClass)) == ["P1", "P3"])

            // What is sent: the records of those with a personal ID, the record as it is now.
            let records = try await store.nationalRecords(for: changed)
            #expect(records.map(\.maCanBo) == ["P2"])
            #expect(records.first?.soDinhDanh == "006081000002")
            #expect(records.first?.vanBang.contains { $0.loai == "QLNN" && $0.trinhDo == "CV" } == true)
            #expect(records.first?.daoTaoBoiDuong.map(\.tenLop) == ["Bồi dưỡng QLNN ngạch chuyên viên (khóa 1)"])

            // A position given to a person is a change of what is sent, and goes in the record.
            let givenAt = try await moment()
            try await store.savePosition(PositionDraft(code: "VT-CV", name: "Chuyên viên tổng hợp",
                                                       group: .shared, rankCode: "01.003"))
            try await store.commitImport(StandardWorkbookSample.batch([("CanBo", SheetCell.textRows([
                Self.header + ["Vị trí việc làm"],
                ["P2", "Lý Văn Nam", "02/01/1981", "Nam", "H01", "CC", "006081000002", "VT-CV"],
            ]))]))
            let positioned = try await store.nationalChanges(after: givenAt, upTo: try await store.trailWatermark())
            #expect(codes(positioned) == ["P2"])
            #expect(try await store.nationalRecords(for: positioned).first?.viTriViecLam == "VT-CV")
        }
    }

    @Test func aDeliveryCutsOffThePeopleItCovers() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await seed(store)
            // Never delivered: everyone with any change is pending.
            #expect(codes(try await store.nationalPending(upTo: try await store.trailWatermark())) == ["P1", "P2", "P3"])
            let delivery = try await store.markNationalDelivery(upTo: try await store.trailWatermark(), format: "jsonl")
            #expect(delivery.people == 2)
            #expect(try await store.nationalPending(upTo: try await store.trailWatermark()).isEmpty)
            // Marked in the trail as every write.
            let entry = try #require(try await AuditEntry.query(on: db).filter(\.$entity == NationalDelivery.schema).first())
            #expect(entry.afterJSON?.contains("\"people\":2") == true)

            // Changes to P1 (X02) and P2 (H01); the commune's own delivery then covers P1, not the district's P2.
            try await rename(store, "P1", "Hoàng Thị Thu Hà")
            try await rename(store, "P2", "Lý Văn Nam Anh")
            #expect(codes(try await store.nationalPending(upTo: try await store.trailWatermark())) == ["P1", "P2"])
            let commune = try #require(try await store.unit(code: "X02"))
            let communeStore = RecordStore(db, scope: .unitSubtree(unitID: commune.id!, code: "X02", path: commune.path))
            try await communeStore.markNationalDelivery(upTo: try await store.trailWatermark(), format: "xlsx")
            #expect(codes(try await store.nationalPending(upTo: try await store.trailWatermark())) == ["P2"])
            #expect(try await communeStore.nationalPending(upTo: try await store.trailWatermark()).isEmpty)
            // The commune sees its own delivery only; the province sees both.
            #expect(try await communeStore.nationalDeliveries().map(\.unitName) == ["UBND xã A2"])
            #expect(try await store.nationalDeliveries().map(\.unitName) == ["UBND xã A2", nil])
            // Not beyond the trail's last entry; nothing written then.
            let entries = try await AuditEntry.query(on: db).count()
            await #expect(throws: ValidationFailure.self) {
                try await store.markNationalDelivery(upTo: try await store.trailWatermark() + 10, format: "jsonl")
            }
            #expect(try await AuditEntry.query(on: db).count() == entries)
        }
    }

    /// A change made before a unit's delivery that did not carry it stays pending when the person moves into that
    /// unit's subtree: a unit's delivery covers the people it listed, not whoever is in the unit now.
    @Test func aMoveIntoAUnitThatDeliveredKeepsWhatIsStillToSend() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await seed(store)
            try await store.markNationalDelivery(upTo: try await store.trailWatermark(), format: "jsonl")
            try await store.createUnit(UnitDraft(code: "H02", name: "UBND huyện B", level: .district, parentCode: "T00"))
            try await rename(store, "P2", "Lý Văn Nam Anh") // P2 works at H01
            let h02 = try #require(try await store.unit(code: "H02"))
            let district = RecordStore(db, scope: .unitSubtree(unitID: h02.id!, code: "H02", path: h02.path))
            try await district.markNationalDelivery(upTo: try await store.trailWatermark(), format: "jsonl")
            // H01 (with P2) moves under H02 after H02's delivery.
            try await store.updateUnit(code: "H01", UnitDraft(code: "H01", name: "UBND huyện A", level: .district,
                                                              parentCode: "H02"))
            let moved = try #require(try await store.unit(code: "H02"))
            let after = RecordStore(db, scope: .unitSubtree(unitID: moved.id!, code: "H02", path: moved.path))
            #expect(codes(try await after.nationalPending(upTo: try await store.trailWatermark())).contains("P2"))
        }
    }

    @Test func theLoadIntoAnEmptyDatabaseChangedEveryoneItLoaded() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            let before = try await moment()
            try await store.loadIntoEmptyDatabase(StandardWorkbookSample.batch())
            #expect(codes(try await store.nationalChanges(after: before, upTo: try await store.trailWatermark()))
                    == ["P1", "P2", "P3"])
            #expect(try await store.peopleWithoutPersonalID().count == 3)
        }
    }
}
