import Testing
import Foundation
import VaporTesting
import HocBaCore
import HocBaStore
import HocBaTesting

/// The job positions catalogue (issue 14) and the position on the person and history forms.
@Suite(.serialized) struct PositionPagesTests {
    @Test func theProvinceKeepsTheCatalogueAndTheFormsPickFromIt() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let province = try await Visitor.signedIn(app, as: .provincialOfficer)
            let (badStatus, badPage, _) = try await province.post("/vi-tri-viec-lam/moi", [
                ("code", "VT-NS"), ("name", "Chuyên viên quản lý nhân sự"), ("group", "Nhóm lạ")])
            #expect(badStatus == .unprocessableEntity)
            // Leaf escapes the quotes around the value typed.
            #expect(badPage.contains("Nhóm vị trí việc làm &quot;Nhóm lạ&quot; không có trong danh mục."))
            let (saved, _, _) = try await province.post("/vi-tri-viec-lam/moi", [
                ("code", "VT-NS"), ("name", "Chuyên viên quản lý nhân sự"), ("group", "CHUYEN-NGANH"),
                ("rank_code", "01.003"), ("unit_code", "BB")])
            #expect(saved == .seeOther)
            let (listed, list) = try await province.get("/vi-tri-viec-lam")
            #expect(listed == .ok)
            #expect(list.contains("Chuyên viên quản lý nhân sự") && list.contains("Chuyên môn, nghiệp vụ chuyên ngành"))
            #expect(try await province.get("/danh-muc").1.contains("/vi-tri-viec-lam"))

            // A district's officer picks the position on the person form (the catalogue's names), but may not edit
            // the catalogue.
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            #expect(try await officer.get("/vi-tri-viec-lam").0 == .forbidden)
            let form = try await officer.get("/can-bo/P1/sua").1
            #expect(form.contains("Chuyên viên quản lý nhân sự (VT-NS)"))
            let fields = [("code", "P1"), ("full_name", "Nguyễn Văn An"), ("unit_code", "BB"), ("category", "CC")]
            let (unknown, refused, _) = try await officer.post("/can-bo/P1/sua", fields + [("position_code", "VT-X")])
            #expect(unknown == .unprocessableEntity)
            #expect(refused.contains("Không có vị trí việc làm mã &quot;VT-X&quot; trong danh mục."))
            #expect(try await officer.post("/can-bo/P1/sua", fields + [("position_code", "VT-NS")]).0 == .seeOther)
            #expect(try await officer.get("/can-bo/P1").1.contains("Chuyên viên quản lý nhân sự (VT-NS)"))
            #expect(try await officer.get("/can-bo/P1/qua-trinh").1.contains("history.0.position_code"))
        }
    }
}
