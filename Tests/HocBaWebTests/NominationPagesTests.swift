import Testing
import Foundation
import VaporTesting
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaTesting

/// Sending people to a class through the pages (docs/nominations.md): the unit's officer proposes from the class's
/// nomination page, the province approves or refuses on the nomination's page, capacity and deadline hold, the
/// inbox shows what waits, and the province records the commitment and settles a repayment case.
@Suite(.serialized) struct NominationPagesTests {
    /// The pages nominate on the real today: the course starts next September, people are rated for the two years
    /// before this one and are 35, so that the test reads the same in any year.
    static let year = Day.today.year

    /// Ba Bể's two people who may be sent to the master's course THS-BB (starting 1 September next year).
    static func seedCourse(_ app: Application) async throws {
        try await seedTwoDistricts(app)
        let store = RecordStore(app.db)
        try await store.createClass(ClassDraft(code: "THS-BB", name: "Thạc sĩ Quản lý công", programmeType: "CHUYENMON",
                                               form: .degree, institutionCode: "TCT", start: Day(year + 1, 9, 1),
                                               end: Day(year + 2, 8, 31),
                                               grants: QualificationLevel(code: "CHUYEN-MON:THAC-SI")))
        try await store.createPerson(PersonDraft(code: "P3", fullName: "Đinh Văn Ba", birthDate: Day(year - 35, 5, 1),
                                                 unitCode: "BB", category: .civilServant))
        for code in ["P1", "P3"] {
            try await store.replaceHistory(personCode: code, with: [
                WorkPeriodDraft(unitCode: "BB", category: .civilServant, from: Day(2016, 1, 1), to: nil),
            ])
            try await store.replaceRatings(personCode: code, with: [YearRating(year: year - 2, rating: .good),
                                                                     YearRating(year: year - 1, rating: .excellent)])
        }
    }

    /// The story's rows of a nomination page, as "writer: what".
    static func story(_ page: String) -> [String] {
        guard let table = page.range(of: #"<table id="story">"#).map({ page[$0.upperBound...] }),
              let end = table.range(of: "</table>") else { return [] }
        return table[..<end.lowerBound].matches(of: /<tr><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/)
            .map { "\($0.output.1): \($0.output.2)" }
    }

    /// The id in a redirect or link `/de-cu/ID…`.
    static func nominationIDs(in page: String) -> [Int] {
        page.matches(of: /href="\/de-cu\/(\d+)"/).compactMap { Int($0.output.1) }
    }

    @Test func proposedThenApprovedOrRefusedThroughThePages() async throws {
        try await withTestApp { app in
            try await Self.seedCourse(app)
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let province = try await Visitor.signedIn(app, as: .provincialOfficer)

            // The class page leads to its nominations; searching by name shows the verdict.
            let (_, classPage) = try await officer.get("/lop-hoc/THS-BB")
            #expect(classPage.contains(#"href="/lop-hoc/THS-BB/de-cu""#))
            let (_, search) = try await officer.get("/lop-hoc/THS-BB/de-cu?tim=Ba")
            #expect(search.contains("Đinh Văn Ba") && search.contains("Đủ điều kiện"))
            #expect(!search.contains("Điều kiện nhận đề cử"), "a unit's officer does not set the class's terms")

            // The unit proposes both; each is waiting for the province.
            let (proposed, _, back) = try await officer.post("/lop-hoc/THS-BB/de-cu", [
                ("person_codes[]", "P1"), ("person_codes[]", "P3"), ("note", "Theo kế hoạch 2027"),
            ])
            #expect(proposed == .seeOther && back == "/lop-hoc/THS-BB/de-cu")
            let (_, list) = try await officer.get("/lop-hoc/THS-BB/de-cu")
            #expect(list.components(separatedBy: #"data-status="DE-XUAT""#).count == 3)
            let ids = Self.nominationIDs(in: list)
            #expect(ids.count == 2)
            let (again, message, _) = try await officer.post("/lop-hoc/THS-BB/de-cu", [("pasted_codes", "P1")])
            #expect(again == .unprocessableEntity && message.contains("đã được đề cử (chờ duyệt)"))

            // The unit cannot decide; the province's inbox lists both.
            let (forbidden, _, _) = try await officer.post("/de-cu/\(ids[0])/quyet-dinh", [("decision", "approve")])
            #expect(forbidden == .forbidden)
            let (_, inbox) = try await province.get("/hop-thu")
            #expect(inbox.contains("Nguyễn Văn An (P1) — Thạc sĩ Quản lý công") && inbox.contains("Đinh Văn Ba (P3)"))

            // The province's page waits for a unit before running the gap check over everyone.
            let (_, provincePage) = try await province.get("/lop-hoc/THS-BB/de-cu")
            #expect(provincePage.contains(#"id="pick-unit""#) && provincePage.contains(#"id="terms-form""#))

            // The province sets one place, approves P1 (enrolled), refuses P3 (a reason is required).
            let (terms, _, _) = try await province.post("/lop-hoc/THS-BB/de-cu/dieu-kien", [("capacity", "1"), ("deadline", "")])
            #expect(terms == .seeOther)
            // Proposed in this order: P1's nomination has the smaller id.
            let p1 = try #require(ids.min()), p3 = try #require(ids.max())
            let (_, story) = try await province.get("/de-cu/\(p1)")
            #expect(story.contains("Duyệt và ghi danh") && story.contains(#"id="conditions""#)
                    && story.contains("năm liên tục liền kề trước năm được cử đi"))
            let (approved, _, there) = try await province.post("/de-cu/\(p1)/quyet-dinh", [("decision", "approve")])
            #expect(approved == .seeOther && there == "/de-cu/\(p1)")
            let (_, enrolled) = try await province.get("/de-cu/\(p1)")
            #expect(enrolled.contains(#"data-status="DA-DUYET""#) && !enrolled.contains("Duyệt và ghi danh"))
            let steps = Self.story(enrolled)
            #expect(steps == ["test.to-chuc-don-vi: Đề cử", "test.chuyen-vien-so: Ghi danh vào lớp",
                              "test.chuyen-vien-so: Đã duyệt, đã ghi danh"], "\(steps)")
            let (_, learners) = try await province.get("/lop-hoc/THS-BB")
            #expect(learners.contains("Nguyễn Văn An"))

            let (noReason, noReasonPage, _) = try await province.post("/de-cu/\(p3)/quyet-dinh", [("decision", "refuse"), ("reason", " ")])
            #expect(noReason == .unprocessableEntity && noReasonPage.contains("Hãy ghi lý do không duyệt."))
            let (refused, _, _) = try await province.post("/de-cu/\(p3)/quyet-dinh", [
                ("decision", "refuse"), ("reason", "Chuyên ngành chưa phù hợp vị trí việc làm"),
            ])
            #expect(refused == .seeOther)
            let (_, decided) = try await officer.get("/hop-thu")
            #expect(decided.contains("Không duyệt: Chuyên ngành chưa phù hợp vị trí việc làm")
                    && decided.contains("Đã duyệt, đã ghi danh"))

            // Proposed again, approved: the class is full, so P3 waits for a place.
            _ = try await officer.post("/lop-hoc/THS-BB/de-cu", [("person_codes[]", "P3")])
            let (_, afterRefusal) = try await officer.get("/lop-hoc/THS-BB/de-cu")
            #expect(afterRefusal.contains(#"data-status="DE-XUAT""#))
            let (queued, _, _) = try await province.post("/de-cu/\(p3)/quyet-dinh", [("decision", "approve")])
            #expect(queued == .seeOther)
            let (_, waiting) = try await province.get("/de-cu/\(p3)")
            #expect(waiting.contains(#"data-status="CHO-CHO""#))

            // Past the deadline, nothing is proposed.
            _ = try await province.post("/lop-hoc/THS-BB/de-cu/dieu-kien", [("capacity", "1"), ("deadline", "01/01/2026")])
            let (_, closed) = try await officer.get("/lop-hoc/THS-BB/de-cu")
            #expect(closed.contains("Đã hết hạn đề cử (01/01/2026)."))
            let (late, latePage, _) = try await officer.post("/lop-hoc/THS-BB/de-cu", [("person_codes[]", "P2")])
            #expect(late == .unprocessableEntity && latePage.contains("Đã hết hạn đề cử"))
        }
    }

    /// A course ending years ahead does not become the overview's year: the default is the latest year begun.
    @Test func theOverviewOpensOnTheLatestYearBegunNotOnACourseYearsAhead() async throws {
        try await withTestApp { app in
            try await Self.seedCourse(app)
            let (_, overview) = try await Visitor.signedIn(app, as: .provincialOfficer).get("/")
            // Classes end in 2018, 2027 (Na Rì's course) and the year after next (THS-BB).
            let begun = Self.year >= 2027 ? 2027 : 2018
            #expect(overview.contains("Tổng quan năm \(begun)") && overview.contains(#"<option value="\#(Self.year + 2)""#))
        }
    }

    @Test func theProvinceRecordsTheCommitmentAndSettlesARepaymentCase() async throws {
        try await withTestApp { app in
            try await Self.seedCourse(app)
            let store = RecordStore(app.db)
            let nominated = try await store.nominate(classCode: "THS-BB", personCodes: ["P3"], proposer: "to.chuc",
                                                     on: Day.today)
            try await store.decideNomination(id: nominated[0].id!, approve: true, reason: nil, decider: "so", on: Day.today)
            let id = nominated[0].id!
            let province = try await Visitor.signedIn(app, as: .provincialOfficer)
            let (_, page) = try await province.get("/de-cu/\(id)")
            #expect(page.contains(#"id="commitment-form""#))
            let (bad, badPage, _) = try await province.post("/de-cu/\(id)/cam-ket", [("decision_number", ""), ("cost", "")])
            #expect(bad == .unprocessableEntity && badPage.contains("Chưa nhập số quyết định cử đi học")
                    && badPage.contains("Lớp chưa có dòng kinh phí nào") == false)
            let (noCost, noCostPage, _) = try await province.post("/de-cu/\(id)/cam-ket", [
                ("decision_number", "QĐ 15/QĐ-SNV"), ("decision_date", "15/08/2027"), ("signer", "Giám đốc Sở"), ("cost", ""),
            ])
            #expect(noCost == .unprocessableEntity && noCostPage.contains("Lớp chưa có dòng kinh phí nào"))
            let (saved, _, _) = try await province.post("/de-cu/\(id)/cam-ket", [
                ("decision_number", "QĐ 15/QĐ-SNV"), ("decision_date", "15/08/2027"), ("signer", "Giám đốc Sở"),
                ("cost", "120.000.000"),
            ])
            #expect(saved == .seeOther)
            let (_, recorded) = try await province.get("/de-cu/\(id)")
            #expect(recorded.contains("cam kết phục vụ 36 tháng, từ 01/09/\(Self.year + 2) đến 31/08/\(Self.year + 5)")
                    && recorded.contains("120.000.000 đ"), "NĐ 171/2025: 3 × 12 months")

            // The seeded case of Na Rì (a drop-out: the whole 90 000 000 đ): the council, then two payments.
            let (_, list) = try await province.get("/cam-ket")
            #expect(list.contains("Lục Văn Quý") && list.contains("90.000.000 đ") && list.contains("Đinh Văn Ba"))
            let caseLink = try #require(list.firstMatch(of: /href="(\/cam-ket\/ho-so\/\d+)"/)?.output.1)
            let (decided, _, _) = try await province.post("\(caseLink)/quyet-dinh", [
                ("council_decision", "QĐ 3/QĐ-HĐBH"), ("council_date", "01/10/2026"), ("decided_amount", ""),
            ])
            #expect(decided == .seeOther)
            let (tooMuch, tooMuchPage, _) = try await province.post("\(caseLink)/nop-tien", [
                ("paid_on", "02/10/2026"), ("amount", "100.000.000"), ("document", "UNC 1"),
            ])
            #expect(tooMuch == .unprocessableEntity && tooMuchPage.contains("vượt số còn phải hoàn trả (90.000.000 đ)"))
            _ = try await province.post("\(caseLink)/nop-tien", [("paid_on", "02/10/2026"), ("amount", "90000000"),
                                                                  ("document", "UNC 1")])
            let (_, settled) = try await province.get(String(caseLink))
            #expect(settled.contains("Đã hoàn trả xong") && settled.contains("UNC 1"))

            // Ba Bể's officer sees its own people's commitments only, and records none.
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let (_, own) = try await officer.get("/cam-ket")
            #expect(own.contains("Đinh Văn Ba") && !own.contains("Lục Văn Quý"))
            let (_, noForm) = try await officer.get("/de-cu/\(id)")
            #expect(!noForm.contains(#"id="commitment-form""#))
        }
    }
}
