import Testing
import Foundation
import VaporTesting
import HocBaCore
import HocBaStore
import HocBaTesting

/// The personal ID through the person forms and on the person page.
@Suite(.serialized) struct PersonalIDPageTests {
    @Test func theFormChecksTheNumberAndThePersonPageShowsIt() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let fields = [("code", "P1"), ("full_name", "Nguyễn Văn An"), ("unit_code", "BB"), ("category", "CC"),
                          ("sex", "Nam"), ("birth_date", "02/03/1985"), ("ethnicity", "Tày")]
            // A woman's number on a man's record: refused next to the field, what was typed kept.
            let (refused, page, _) = try await officer.post("/can-bo/P1/sua", fields + [("personal_id", "006185123456")])
            #expect(refused == .unprocessableEntity)
            #expect(page.contains("Chữ số thứ tư (1) là của người nữ, nhưng hồ sơ ghi giới tính nam."))
            #expect(page.contains("006185123456"))
            let (saved, _, _) = try await officer.post("/can-bo/P1/sua", fields + [("personal_id", "006085123456")])
            #expect(saved == .seeOther)
            let (_, own) = try await officer.get("/can-bo/P1")
            #expect(own.contains("006085123456"))

            // The trail names the field in words (AuditReading), as every other field.
            #expect(own.contains("Số định danh cá nhân"))
            let province = try await Visitor.signedIn(app, as: .provincialOfficer)
            #expect(try await province.get("/can-bo/P1").1.contains("006085123456"))
            // Another district's officer does not reach the record at all, nor its number.
            let other = try await Visitor.signedIn(app, as: .unitOfficer, unit: "NR", username: "to.chuc.na.ri")
            let (status, foreign) = try await other.get("/can-bo/P1")
            #expect(status != .ok)
            #expect(!foreign.contains("006085123456"))
        }
    }

    /// A school reads its learners' numbers masked, on the class page and in the roster it downloads; the
    /// province and the learner's own unit read them whole.
    @Test func aSchoolReadsTheNumbersOfItsLearnersMasked() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let store = RecordStore(app.db)
            var p1 = try #require(try await store.person(code: "P1"))
            var draft = PersonDraft(code: p1.code, fullName: p1.fullName, unitCode: "BB", category: p1.category,
                                    personalID: try PersonalID.check("006085123456", sex: nil, birthDate: nil).get())
            draft.birthDate = p1.birthDate
            draft.sex = p1.sex
            draft.ethnicity = p1.ethnicity
            p1 = try await store.updatePerson(code: "P1", draft)
            #expect(p1.personalID == "006085123456")

            let school = try await Visitor.signedIn(app, as: .institution, institution: "TCT")
            let page = try await school.get("/lop-hoc/LTINH").1
            #expect(page.contains("006*******56") && !page.contains("006085123456"))
            let roster = try RecordDownloadTests().rows(
                try await RecordDownloadTests().download(school, "/lop-hoc/LTINH/hoc-vien.xlsx").1)
            #expect(roster.contains { $0.contains("006*******56") })
            #expect(!roster.joined().contains("006085123456"))

            let province = try await Visitor.signedIn(app, as: .provincialOfficer)
            #expect(try await province.get("/lop-hoc/LTINH").1.contains("006085123456"))
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let theirs = try RecordDownloadTests().rows(
                try await RecordDownloadTests().download(officer, "/lop-hoc/LTINH/hoc-vien.xlsx").1)
            #expect(theirs.contains { $0.contains("006085123456") })
        }
    }
}
