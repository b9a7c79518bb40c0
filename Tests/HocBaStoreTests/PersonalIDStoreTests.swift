import Testing
import Foundation
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// The personal ID on a person's record: checked before it is written, held by one person only.
@Suite(.serialized) struct PersonalIDStoreTests {
    private func draft(_ code: String, id: String?, sex: String = "Nam", born: String = "02/03/1985")
        -> Result<PersonDraft, ValidationFailure> {
        var values = ["code": code, "full_name": "Nguyễn Văn An", "unit_code": "T", "category": "CC", "sex": sex,
                      "birth_date": born]
        if let id { values["personal_id"] = id }
        return PersonDraft.read(RawFields(values), provinces: .birthRegistrationProvinces)
    }

    @Test func aNumberThatContradictsTheRecordIsRefusedFieldByField() {
        guard case .failure(let failure) = draft("P1", id: "006185123456") else {
            Issue.record("a woman's number on a man's record was accepted")
            return
        }
        #expect(failure.byField["personal_id"] == "Số định danh cá nhân 006185123456 không hợp lệ: "
                + "Chữ số thứ tư (1) là của người nữ, nhưng hồ sơ ghi giới tính nam.")
    }

    @Test func oneNumberOnePerson() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.createUnit(UnitDraft(code: "T", name: "Tỉnh", level: .province))
            let first = try await store.createPerson(try draft("P1", id: "006 085 123456").get())
            #expect(first.personalID == "006085123456")
            do {
                try await store.createPerson(try draft("P2", id: "006085123456").get())
                Issue.record("a second person took the same number")
            } catch let failure as ValidationFailure {
                #expect(failure.byField["personal_id"]
                        == "Số định danh cá nhân 006085123456 đã được ghi cho một cán bộ khác.")
            }
            #expect(try await Person.query(on: db).count() == 1)
            // Saving the holder again keeps the number; several people may still lack one.
            try await store.updatePerson(code: "P1", try draft("P1", id: "006085123456").get())
            try await store.createPerson(try draft("P3", id: nil).get())
            try await store.createPerson(try draft("P4", id: nil).get())
            #expect(try await Person.query(on: db).filter(\.$personalID == nil).count() == 2)
            // The people list finds the holder by the whole number, typed as on the card, and by nothing less.
            #expect(try await store.people(PeopleFilter(text: "006 085 123 456")).rows.map(\.code) == ["P1"])
            #expect(try await store.people(PeopleFilter(text: "006085123456")).rows.map(\.code) == ["P1"])
            #expect(try await store.people(PeopleFilter(text: "00608512345")).rows.isEmpty)
        }
    }
}
