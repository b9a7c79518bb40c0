import Testing
import Fluent
import SQLKit
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

    /// Pages reached by position (after the last row, before the first) are the pages counted from the first row,
    /// forwards and backwards, ties of name broken by code.
    @Test func pagesByPositionEqualPagesByNumber() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            let store = province.store
            for index in 0..<8 {
                // Four people share one name: the code orders them.
                let name = index < 4 ? "Nguyễn Văn Chung" : "Người \(index)"
                try await store.createPerson(PersonDraft(code: "Q\(index)", fullName: name, unitCode: "SNV",
                                                         category: .civilServant))
            }
            var byNumber: [HocBaStore.Page<PersonRow>] = []
            for number in 1...4 { byNumber.append(try await store.people(PeopleFilter(page: number, pageSize: 3))) }
            #expect(byNumber.map(\.rows.count) == [3, 3, 3, 2])
            #expect(byNumber.map(\.hasNext) == [true, true, true, false])
            var page = byNumber[0]
            for number in 2...4 {
                page = try await store.people(PeopleFilter(page: number, pageSize: 3,
                                                           position: .after(page.rows.last!.code)))
                #expect(page.rows == byNumber[number - 1].rows, "page \(number) forwards")
            }
            #expect(!page.hasNext)
            for number in (1...3).reversed() {
                page = try await store.people(PeopleFilter(page: number, pageSize: 3,
                                                           position: .before(page.rows.first!.code)))
                #expect(page.rows == byNumber[number - 1].rows, "page \(number) backwards")
            }
            // A position naming nobody counts from the first row.
            #expect(try await store.people(PeopleFilter(pageSize: 3, position: .after("NOBODY"))).rows
                    == byNumber[0].rows)
            #expect(byNumber[0].total == 11 && !byNumber[0].totalIsLowerBound)
            // A district's officer naming someone outside the district gets the first page, as for nobody: a
            // position never tells whether a person outside the scope exists, or where their name falls.
            let district = try await store.unit(code: "BB")!
            let officer = RecordStore(db, scope: .unitSubtree(unitID: district.id!, code: "BB", path: district.path))
            let own = try await officer.people(PeopleFilter(pageSize: 1))
            #expect(own.rows.count == 1 && own.hasNext)
            #expect(try await officer.people(PeopleFilter(pageSize: 1, position: .after("Q5"))).rows == own.rows)
            #expect(try await officer.people(PeopleFilter(pageSize: 1, position: .after("NOBODY"))).rows == own.rows)
        }
    }

    /// The class list and the audit trail page by position as the people list does: the same rows as pages by
    /// number, forwards and backwards, ties on the start day broken by code.
    @Test func classesAndTheTrailPageByPositionAsByNumber() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            let store = province.store
            for index in 0..<7 {
                // Three classes start on the same day: the code orders them.
                let start = index < 3 ? Day(2020, 3, 2) : Day(2019 + index, 5, 4)
                try await store.createClass(ClassDraft(code: "K\(index)", name: "Lớp \(index)", programmeType: "NGACH",
                                                       institutionCode: "TCT", start: start,
                                                       end: Day(ordinal: start.ordinal + 30), hours: 40))
            }
            func walk<Row>(_ read: (Int, ListPosition?) async throws -> HocBaStore.Page<Row>,
                                      key: (Row) -> String, pages: Int) async throws {
                var byNumber: [HocBaStore.Page<Row>] = []
                for number in 1...pages { byNumber.append(try await read(number, nil)) }
                #expect(byNumber.last!.rows.count > 0 && !byNumber.last!.hasNext)
                var page = byNumber[0]
                for number in 2...pages {
                    page = try await read(number, .after(key(page.rows.last!)))
                    #expect(page.rows.map(key) == byNumber[number - 1].rows.map(key), "page \(number) forwards")
                }
                #expect(!page.hasNext)
                for number in (1..<pages).reversed() {
                    page = try await read(number, .before(key(page.rows.first!)))
                    #expect(page.rows.map(key) == byNumber[number - 1].rows.map(key), "page \(number) backwards")
                }
            }
            try await walk({ number, position in
                try await store.classes(ClassFilter(page: number, pageSize: 3, position: position))
            }, key: \.code, pages: 3)
            #expect(try await store.classes(ClassFilter(pageSize: 3)).total == 8)
            // A class outside a unit's reach gives no position: its first page, as for a code that names nothing.
            let district = try await store.unit(code: "BB")!
            let officer = RecordStore(db, scope: .unitSubtree(unitID: district.id!, code: "BB", path: district.path))
            try await store.updateClass(code: "K6", ClassDraft(code: "K6", name: "Lớp 6", programmeType: "NGACH",
                                                               institutionCode: "TCT", organisingUnitCode: "SNV",
                                                               start: Day(2025, 5, 4), end: Day(2025, 6, 3), hours: 40))
            let first = try await officer.classes(ClassFilter(pageSize: 2))
            #expect(!first.rows.contains { $0.code == "K6" })
            #expect(try await officer.classes(ClassFilter(pageSize: 2, position: .after("K6"))).rows.map(\.code)
                    == first.rows.map(\.code))

            let entries = try await store.auditEntries(AuditFilter(pageSize: 4)).total
            try await walk({ number, position in
                try await store.auditEntries(AuditFilter(page: number, pageSize: 4, position: position))
            }, key: { String($0.id!) }, pages: (entries + 3) / 4)
        }
    }

    /// The search's index (M029) follows every write, and a typed wildcard still matches only itself.
    @Test func searchFollowsRenamesAndKeepsWildcardsLiteral() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            let store = province.store
            try await store.createPerson(PersonDraft(code: "CB_001", fullName: "Hoàng Thị Bích", unitCode: "SNV",
                                                     category: .civilServant))
            try await store.createPerson(PersonDraft(code: "CBX001", fullName: "Hoàng Văn Bảo", unitCode: "SNV",
                                                     category: .civilServant))
            #expect(try await store.people(PeopleFilter(text: "bich hoang")).rows.map(\.code) == ["CB_001"])
            #expect(try await store.people(PeopleFilter(text: "cb_001")).rows.map(\.code) == ["CB_001"])
            #expect(try await store.people(PeopleFilter(text: "hoang")).rows.count == 2)
            try await store.updatePerson(code: "CB_001", PersonDraft(code: "CB_001", fullName: "Trần Thị Bích Ngọc",
                                                                     unitCode: "SNV", category: .civilServant))
            #expect(try await store.people(PeopleFilter(text: "hoang thi")).rows.isEmpty)
            #expect(try await store.people(PeopleFilter(text: "bich ngoc tran")).rows.map(\.code) == ["CB_001"])
            if TestEngine.current == .sqlite {
                // Answered from the trigram index, not by reading every person.
                let plan = try await (db as! any SQLDatabase).raw("""
                    EXPLAIN QUERY PLAN SELECT rowid FROM people_search WHERE search_key LIKE '%ngoc%'
                    """).all().map { try $0.decode(column: "detail", as: String.self) }
                #expect(plan.contains { $0.contains("VIRTUAL TABLE INDEX") }, "\(plan)")
            }
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
