import Testing
import Foundation
import Vapor
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// Every action says what it did; a destructive one asks first; an odd one warns.
@Suite(.serialized) struct FeedbackTests {
    /// Withdrawing a learner: the class page links to a confirmation page (only for learners without a result);
    /// confirming removes the enrolment and says so once; a learner with a result is refused with the reason.
    @Test func withdrawalAsksFirstAndSaysWhatItDid() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let store = RecordStore(app.db)
            try await store.enrol(classCode: "LTINH", personCodes: ["P2"])
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let (_, page) = try await officer.get("/lop-hoc/LTINH")
            // P1 completed (seed): no link; P2 has no result yet: a link to the confirmation.
            #expect(page.contains("/lop-hoc/LTINH/hoc-vien/xoa?ma=P2"))
            #expect(!page.contains("/lop-hoc/LTINH/hoc-vien/xoa?ma=P1"))
            #expect(page.contains("Học viên thuộc phạm vi của bạn (2)"))
            let (status, confirm) = try await officer.get("/lop-hoc/LTINH/hoc-vien/xoa?ma=P2")
            #expect(status == .ok && confirm.contains("Rút tên <strong>Hoàng Thị Huệ</strong>"))
            let (done, _, location) = try await officer.post("/lop-hoc/LTINH/hoc-vien/xoa", [("person_code", "P2")])
            #expect(done == .seeOther && location == "/lop-hoc/LTINH")
            let (_, after) = try await officer.get("/lop-hoc/LTINH")
            #expect(after.contains("Đã rút tên cán bộ P2 khỏi lớp."))
            #expect(!(try await officer.get("/lop-hoc/LTINH").1.contains("Đã rút tên")), "shown once")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "enrolments").filter(\.$action == "XOA").count() == 1)
            // A learner with a result stays, with the reason on the class page.
            let (refused, body, _) = try await officer.post("/lop-hoc/LTINH/hoc-vien/xoa", [("person_code", "P1")])
            #expect(refused == .unprocessableEntity)
            #expect(body.contains("đã có kết quả hoặc chứng chỉ"))
        }
    }

    /// A message nobody signed cannot be planted: the next page ignores it.
    @Test func aPlantedFlashIsIgnored() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            let text = Data("Hãy gọi số 0900 000 000".utf8).base64EncodedString()
            visitor.cookies["hocba_flash"] = text + "." + String(repeating: "0", count: 64)
            let (_, page) = try await visitor.get("/")
            #expect(!page.contains("0900 000 000"))
            #expect(!page.contains("id=\"flash\""))
        }
    }
}
