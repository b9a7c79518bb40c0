import Testing
import Foundation
import Vapor
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// What officers who live in Excel expect of a class: paste a column of codes to enrol, mark everyone completed at
/// once, number certificates automatically, date them by the class's end.
@Suite(.serialized) struct ExcelHabitsTests {
    @Test func pasteCodesThenCompleteAndNumberTheWholeClass() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let store = RecordStore(app.db)
            for (code, start, end) in [("L9", Day(2018, 5, 2), Day(2018, 5, 30)), ("L10", Day(2018, 6, 4), Day(2018, 6, 29))] {
                try await store.createClass(ClassDraft(code: code, name: "Lớp \(code)", programmeType: "NGACH",
                                                       institutionCode: "TCT", start: start, end: end))
            }
            let admin = try await Visitor.signedIn(app)
            _ = try await admin.get("/lop-hoc/L9")
            // A column copied from Excel: line breaks, a stray blank line, Windows line ends.
            let (enrolled, why, _) = try await admin.post("/lop-hoc/L9/hoc-vien", [
                ("pasted_codes", "P1\r\nP2\r\n\r\nQ1"), ("ended_confirmed", "1"), ("capacity", "CBCCVC"),
            ])
            #expect(enrolled == .seeOther, "\(why.components(separatedBy: "error-notice").dropFirst().map { $0.prefix(200) })")
            #expect(try await admin.get("/lop-hoc/L9").1.contains("Đã ghi danh 3 người vào lớp."))
            // An unknown code in the paste refuses the whole paste, naming it.
            let (refused, body, _) = try await admin.post("/lop-hoc/L10/hoc-vien", [
                ("pasted_codes", "P1\nKHONG-CO"), ("ended_confirmed", "1"),
            ])
            #expect(refused == .unprocessableEntity && body.contains("Không có cán bộ mã &quot;KHONG-CO&quot;"))
            #expect(try await Enrolment.query(on: app.db).filter(\.$classID == (try await store.trainingClass(code: "L10"))!.id!).count() == 0)

            _ = try await admin.get("/lop-hoc/L9/ket-qua")
            let (saved, _, _) = try await admin.post("/lop-hoc/L9/ket-qua", [
                ("all_completed", "1"), ("number_prefix", "TCT-2018-"), ("result.Q1", "KHONG-HOAN-THANH"),
            ])
            #expect(saved == .seeOther)
            let numbers = try await [fixtureNumber(store, "L9", "P1"), fixtureNumber(store, "L9", "P2")].sorted()
            #expect(numbers == ["TCT-2018-0001", "TCT-2018-0002"])
            let p1 = try await enrolment(store, "L9", "P1")
            #expect(p1.resultCode == "HOAN-THANH" && p1.certificateDateText == "2018-05-30")
            let q1 = try await enrolment(store, "L9", "Q1")
            #expect(q1.resultCode == "KHONG-HOAN-THANH" && q1.certificateNumber == nil)
            // The next class of the same school continues the sequence.
            try await store.enrol(classCode: "L10", personCodes: ["P1"])
            _ = try await admin.post("/lop-hoc/L10/ket-qua", [("all_completed", "1"), ("number_prefix", "TCT-2018-")])
            #expect(try await fixtureNumber(store, "L10", "P1") == "TCT-2018-0003")
        }
    }

    func enrolment(_ store: RecordStore, _ classCode: String, _ personCode: String) async throws -> Enrolment {
        let trainingClass = try #require(try await store.trainingClass(code: classCode))
        let person = try #require(try await store.person(code: personCode))
        return try #require(try await Enrolment.query(on: store.db).filter(\.$classID == trainingClass.id!)
            .filter(\.$personID == person.id!).first())
    }

    func fixtureNumber(_ store: RecordStore, _ classCode: String, _ personCode: String) async throws -> String {
        try await enrolment(store, classCode, personCode).certificateNumber ?? ""
    }
}
