import Testing
import Foundation
import Vapor
import Fluent
import HocBaCore
import HocBaStore
import HocBaOffice
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

    /// The sequence reads only its own numbers: the same prefix exactly (on both engines), at most nine digits after
    /// it (a huge one cannot overflow it).
    @Test func certificateNumbersFollowOnlyTheirOwnSequence() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let store = RecordStore(app.db)
            try await store.recordResults(classCode: "LTINH", [
                ResultEntry(personCode: "P1", result: .completed, certificateNumber: "TCT-2018-99999999999999999999"),
                ResultEntry(personCode: "Q1", result: .completed, certificateNumber: "tct-2018-0042"),
            ])
            try await store.recordResults(classCode: "LBB", [
                ResultEntry(personCode: "P1", result: .completed, certificateNumber: "TCT-2018-0007"),
            ])
            #expect(try await store.nextCertificateNumbers(prefix: "TCT-2018-", count: 2, classCode: "LTINH")
                    == ["TCT-2018-0008", "TCT-2018-0009"])
            #expect(try await store.nextCertificateNumbers(prefix: "TCT_2018%", count: 1, classCode: "LTINH")
                    == ["TCT_2018%0001"])
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

/// One record's Excel: a class's roster, a person's học bạ, the people behind a report figure — each within the
/// account's scope.
@Suite(.serialized) struct RecordDownloadTests {
    func rows(_ data: Data) throws -> [[String]] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hocba-\(UUID().uuidString).xlsx")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try XLSXReader(url: url)
        let sheet = try #require(reader.sheets.first)
        var rows: [[String]] = []
        try reader.rows(of: sheet) { row in
            rows.append(row.cells.map { cell in
                switch cell {
                case .text(let text)?, .number(let text)?, .error(let text)?: text
                case .date(let day)?: day.iso
                case .bool(let flag)?: flag ? "1" : "0"
                case nil: ""
                }
            })
        }
        return rows
    }

    func download(_ visitor: Visitor, _ path: String) async throws -> (HTTPStatus, Data) {
        var status = HTTPStatus.ok, data = Data()
        try await visitor.test(.GET, path) { res in
            status = res.status
            data = Data(buffer: res.body)
        }
        return (status, data)
    }

    @Test func rosterRecordAndDrillDownDownloadAsWorkbooks() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let admin = try await Visitor.signedIn(app)
            let (status, roster) = try await download(admin, "/lop-hoc/LTINH/hoc-vien.xlsx")
            #expect(status == .ok)
            let learners = try rows(roster)
            #expect(learners.contains { $0.contains("P1") && $0.contains("Hoàn thành") })
            #expect(learners.contains { $0.contains("Q1") })
            let record = try rows(try await download(admin, "/can-bo/P1/hoc-ba.xlsx").1)
            #expect(record.contains { $0.contains("LBB") } && record.contains { $0.contains("LTINH") })
            let drill = try rows(try await download(admin, "/bao-cao/tong-hop/chi-tiet.xlsx?tu=2018-01-01&den=2018-12-31&chi_tieu=total").1)
            #expect(drill.filter { $0.contains("P1") }.count == 2)
            // A Ba Bể officer's roster of the province's class lists only Ba Bể's learners; Na Rì's people are not theirs.
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let theirs = try rows(try await download(officer, "/lop-hoc/LTINH/hoc-vien.xlsx").1)
            #expect(theirs.contains { $0.contains("P1") } && !theirs.contains { $0.contains("Q1") })
            #expect(try await download(officer, "/can-bo/Q1/hoc-ba.xlsx").0 == .notFound)
        }
    }

    /// An upload with problems can be downloaded back with its bad cells marked and each row's messages.
    @Test func anUploadWithProblemsComesBackMarked() async throws {
        try await withTestApp(adjusting: { $0.uploadsPath = NSTemporaryDirectory() + "hocba-up-" + UUID().uuidString }) { app in
            try await seedTwoDistricts(app)
            let admin = try await Visitor.signedIn(app)
            _ = try await admin.get("/nhap-du-lieu")
            let csv = Data("Mã cán bộ,Họ và tên,Mã đơn vị,Đối tượng\nP7,Ma Văn Bảy,BB,CC\nP8,Ma Văn Tám,KHONG-CO,CC\n".utf8)
            let (_, _, location) = try await admin.upload("/nhap-du-lieu", files: [("CanBo.csv", csv)])
            let job = try #require(location)
            for _ in 0..<100 where try await admin.get(job).1.contains("Đang") { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try await admin.get(job).1.contains(job + "/loi.xlsx"))
            let (status, data) = try await download(admin, job + "/loi.xlsx")
            #expect(status == .ok)
            let marked = try rows(data)
            #expect(marked.first?.last == "Lỗi")
            #expect(marked.count == 3 && marked[2].contains("KHONG-CO") && marked[2].last?.contains("KHONG-CO") == true)
            #expect(!marked[1].contains { $0.contains("Không có") })
        }
    }
}
