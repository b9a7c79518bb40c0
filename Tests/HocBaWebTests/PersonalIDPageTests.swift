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
}
