import Testing
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

@Suite(.serialized) struct RecordTests {
    @Test func subtreeQueriesFollowTheTreeAndItsMoves() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            let inDistrict = try await province.store.people(PeopleFilter(unitCode: "BB"))
            #expect(Set(inDistrict.rows.map(\.code)) == ["P1", "P3"])
            #expect(try await province.store.people(PeopleFilter(unitCode: "BK")).total == 3)
            #expect(try await province.store.people(PeopleFilter(unitCode: "BB-NM")).rows.map(\.code) == ["P3"])

            // Moving the commune under the department moves its whole subtree (path prefix).
            try await province.store.updateUnit(code: "BB-NM", UnitDraft(code: "BB-NM", name: "Xã Nam Mẫu",
                                                                          level: .commune, parentCode: "SNV"))
            #expect(try await province.store.people(PeopleFilter(unitCode: "BB")).rows.map(\.code) == ["P1"])
            #expect(Set(try await province.store.people(PeopleFilter(unitCode: "SNV")).rows.map(\.code)) == ["P2", "P3"])

            await #expect(throws: ValidationFailure.self) {
                try await province.store.updateUnit(code: "BB", UnitDraft(code: "BB", name: "Huyện Ba Bể",
                                                                           level: .district, parentCode: "BB-CH"))
            }
        }
    }

    @Test func searchIgnoresDiacriticsAndCaseAndListsInVietnameseOrder() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            #expect(try await province.store.people(PeopleFilter(text: "nguyen van an")).rows.map(\.fullName)
                    == ["Nguyễn Văn An"])
            #expect(try await province.store.people(PeopleFilter(text: "DAM THI")).rows.map(\.code) == ["P2"])
            #expect(try await province.store.people(PeopleFilter(text: "p3")).rows.map(\.code) == ["P3"])
            // An < Ánh < Bình, whatever the family name.
            #expect(try await province.store.people(PeopleFilter()).rows.map(\.fullName)
                    == ["Nguyễn Văn An", "Đàm Thị Ánh", "Lý Văn Bình"])
            let page = try await province.store.people(PeopleFilter(page: 2, pageSize: 2))
            #expect(page.rows.map(\.code) == ["P3"])
            #expect(page.total == 3)
            #expect(page.pageCount == 2)
        }
    }

    @Test func enrollingSomeoneOutOfServiceRefusesTheWholeRequest() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            try await province.store.replaceHistory(personCode: "P3", with: [
                WorkPeriodDraft(unitCode: "BB-NM", category: .cadre, from: Day(2019, 1, 1)),
            ])
            let failure = await #expect(throws: ValidationFailure.self) {
                try await province.store.enrol(classCode: "L1", personCodes: ["P1", "P3", "NOBODY"])
            }
            let messages = failure?.problems.map(\.message) ?? []
            #expect(messages.contains("Lý Văn Bình (P3) không công tác vào ngày khai giảng 05/03/2018."))
            #expect(messages.contains("Không có cán bộ mã \"NOBODY\"."))
            #expect(try await Enrolment.query(on: db).count() == 0)

            try await province.store.enrol(classCode: "L1", personCodes: ["P1"])
            await #expect(throws: ValidationFailure.self) {
                try await province.store.enrol(classCode: "L1", personCodes: ["P1"])
            }
            #expect(try await Enrolment.query(on: db).count() == 1)
        }
    }

    @Test func badRecordsAreRefusedWithVietnameseMessagesAndNothingWritten() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            let duplicate = await #expect(throws: ValidationFailure.self) {
                try await province.store.createUnit(UnitDraft(code: "BB", name: "Trùng", level: .district))
            }
            #expect(duplicate?.byField["code"] == "Mã đơn vị \"BB\" đã có.")
            let unknownUnit = await #expect(throws: ValidationFailure.self) {
                try await province.store.createPerson(PersonDraft(code: "P9", fullName: "Hà Văn Chín",
                                                                  unitCode: "KHONG-CO", category: .civilServant))
            }
            #expect(unknownUnit?.byField["unit_code"] == "Không có đơn vị mã \"KHONG-CO\".")
            let overlap = await #expect(throws: ValidationFailure.self) {
                try await province.store.replaceHistory(personCode: "P2", with: [
                    WorkPeriodDraft(unitCode: "SNV", category: .civilServant, from: Day(2015, 1, 1)),
                    WorkPeriodDraft(unitCode: "BB", category: .civilServant, from: Day(2018, 1, 1), to: Day(2019, 1, 1)),
                ])
            }
            #expect(overlap?.description.contains("chồng lấn") == true)
            #expect(try await WorkHistoryRow.query(on: db).count() == 0)
            #expect(try await Person.query(on: db).count() == 3)
            #expect(try await OrgUnit.query(on: db).count() == 5)
        }
    }

    @Test func resultsForAWholeClassAreRecordedTogether() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            try await province.store.enrol(classCode: "L1", personCodes: ["P1", "P2"])
            await #expect(throws: ValidationFailure.self) {
                try await province.store.recordResults(classCode: "L1", [
                    ResultEntry(personCode: "P1", result: .completed),
                    ResultEntry(personCode: "P3", result: .completed),
                ])
            }
            #expect(try await province.enrolment("L1", "P1").result == nil)
            try await province.store.recordResults(classCode: "L1", [
                ResultEntry(personCode: "P1", result: .completed, certificateNumber: "CC-0001",
                            certificateDate: Day(2018, 4, 27)),
                ResultEntry(personCode: "P2", result: .droppedOut),
            ])
            #expect(try await province.enrolment("L1", "P1").certificateNumber == "CC-0001")
            #expect(try await province.enrolment("L1", "P2").result == .droppedOut)
        }
    }

    @Test func catalogueIsSeededFromTheSpecCodeLists() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            let programmeTypes = try await store.catalogue(.programmeTypes)
            let sources = try await store.catalogue(.fundingSources)
            #expect(programmeTypes == CodeList.programmeTypes)
            #expect(sources.codes == ["NS-TINH", "MTQG-NTM", "TW-BNV", "DON-VI", "CA-NHAN", "KHAC"])
        }
    }
}
