import Testing
import Foundation
import Vapor
import VaporTesting
import Fluent
import HocBaCore
import HocBaStore
import HocBaOffice
import HocBaTesting

@Suite(.serialized) struct StandardsPageTests {
    /// A civil servant of rank chuyên viên without the QLNN certificate, and one with it through a class.
    func seedRanks(_ app: Application) async throws {
        try await seed(app)
        let store = RecordStore(app.db)
        try await store.createPerson(PersonDraft(code: "CV1", fullName: "Lò Văn Một", unitCode: "BB", category: .civilServant,
                                                 rankCode: "01.003", professionalLevel: "DAI-HOC"))
        try await store.createPerson(PersonDraft(code: "CV2", fullName: "Lò Văn Hai", unitCode: "BB-CH", category: .civilServant,
                                                 rankCode: "01.003", professionalLevel: "DAI-HOC"))
        try await store.createClass(ClassDraft(code: "QLNN1", name: "Bồi dưỡng QLNN ngạch chuyên viên", programmeType: "NGACH",
                                               start: Day(2019, 3, 4), end: Day(2019, 4, 26),
                                               grants: QualificationLevel(kind: .stateManagement, level: "CV")))
        try await store.enrol(classCode: "QLNN1", personCodes: ["CV2"])
        try await store.recordResults(classCode: "QLNN1", [ResultEntry(personCode: "CV2", result: .completed)])
    }

    /// The page, its JSON and its xlsx give the same people and reasons; the figures by unit add up; the same
    /// report is what `hocba check --format json` prints (it renders `GapReport` of the same store call).
    @Test func theGapPageListsPeopleWithReasonsAndMatchesItsJSONAndTheStore() async throws {
        try await withTestApp { app in
            try await seedRanks(app)
            let visitor = try await Visitor.signedIn(app)
            let (status, page) = try await visitor.get("/chuan-dao-tao?ngay=31/12/2020")
            #expect(status == .ok)
            #expect(page.contains("Chưa có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên"))
            #expect(page.contains("href=\"/can-bo/CV1\"") && !page.contains("href=\"/can-bo/CV2\""))
            #expect(page.contains("<strong id=\"with-gaps\">1</strong>"))
            var fromPage: GapReport?
            try await visitor.test(.GET, "/chuan-dao-tao.json?ngay=2020-12-31") { res in
                fromPage = try JSONDecoder().decode(GapReport.self, from: Data(res.body.readableBytesView))
            }
            let store = RecordStore(app.db)
            let direct = GapReport(try await store.gapSummary(on: Day(2020, 12, 31), unitCode: nil), unitCode: nil,
                                   unitNames: try await store.unitNames())
            #expect(fromPage == direct)
            #expect(direct.units.map(\.withGaps).reduce(0, +) == direct.withGaps)
            #expect(direct.people.map(\.code) == ["CV1"])
            // Before CV2's class ended, CV2 lacked the certificate too.
            let (_, earlier) = try await visitor.get("/chuan-dao-tao?ngay=01/01/2019")
            #expect(earlier.contains("<strong id=\"with-gaps\">2</strong>"))
            try await visitor.test(.GET, "/chuan-dao-tao.xlsx?ngay=2020-12-31") { res in
                #expect(res.status == .ok)
                let reader = try XLSXReader(data: Data(buffer: res.body))
                var cells: [String] = []
                try reader.rows(of: try #require(reader.sheets.first)) { row in
                    cells += row.cells.compactMap { if case .text(let text)? = $0 { text } else { nil } }
                }
                #expect(cells.contains { $0.contains("CV1") })
                #expect(cells.contains { $0.contains("Chưa có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên") })
            }
        }
    }

    /// The person's page names today's gaps; an edit of the rule table in its editor changes the verdicts.
    @Test func thePersonPageShowsGapsAndTheRuleTableIsEditable() async throws {
        try await withTestApp { app in
            try await seedRanks(app)
            let visitor = try await Visitor.signedIn(app)
            let (_, record) = try await visitor.get("/can-bo/CV1")
            #expect(record.contains("Tiêu chuẩn đào tạo, bồi dưỡng chưa đạt"))
            #expect(record.contains("Chưa có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên"))
            let (editor, form) = try await visitor.get("/chuan-dao-tao/bo-cuc")
            #expect(editor == .ok && form.contains("01.003"))
            // Without any rank rule, nobody has a rank gap.
            var standards = TrainingStandards.defaults
            standards.ranks = []
            let json = String(decoding: try JSONEncoder().encode(standards), as: UTF8.self)
            let (saved, _, _) = try await visitor.post("/chuan-dao-tao/bo-cuc", [("layout_json", json)])
            #expect(saved == .seeOther)
            let (_, after) = try await visitor.get("/chuan-dao-tao?ngay=31/12/2020")
            #expect(after.contains("<strong id=\"with-gaps\">0</strong>"))
            let (refused, body, _) = try await visitor.post("/chuan-dao-tao/bo-cuc", [("layout_json", "{\"ranks\": 1}")])
            #expect(refused == .unprocessableEntity && body.contains("JSON"))
        }
    }
}

@Suite(.serialized) struct PlanPageTests {
    /// A plan proposed from the gaps targets the programmes that close them; its page compares the targets with
    /// the lượt the records show, and a class completed in the plan's year moves the figure.
    @Test func aPlanProposedFromTheGapsShowsItsProgressAgainstTheRecords() async throws {
        try await withTestApp { app in
            try await StandardsPageTests().seedRanks(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/ke-hoach")
            let (status, _, location) = try await visitor.post("/ke-hoach/de-xuat", [("nam_tu", "2021"), ("nam_den", "2021"),
                                                                                     ("ngay", "31/12/2020")])
            #expect(status == .seeOther)
            let path = try #require(location)
            let (_, record) = try await RecordStore(app.db).plan(id: try #require(Int(path.split(separator: "/").last ?? "")))
            #expect(record.targets == [TrainingPlan.Target(category: "CC", programmeType: "NGACH", personTimes: 1)])
            let (_, page) = try await visitor.get(path)
            #expect(page.contains("Công chức – Theo tiêu chuẩn ngạch công chức, chức danh nghề nghiệp"))
            #expect(page.contains("<svg class=\"chart\""))
            #expect(page.contains("<td class=\"num\">1</td><td class=\"num\">0</td>"))
            // CV1 completes a class of the programme in 2021: the plan is met.
            let store = RecordStore(app.db)
            try await store.createClass(ClassDraft(code: "NG21", name: "Ngạch chuyên viên 2021", programmeType: "NGACH",
                                                   start: Day(2021, 3, 1), end: Day(2021, 4, 30)))
            try await store.enrol(classCode: "NG21", personCodes: ["CV1"])
            try await store.recordResults(classCode: "NG21", [ResultEntry(personCode: "CV1", result: .completed)])
            let (_, after) = try await visitor.get(path)
            #expect(after.contains("<td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">100,0%</td>"))
            // Edited as JSON; a plan naming an unknown programme is refused whole, with the reason.
            let (refused, body, _) = try await visitor.post(path + "/sua", [("layout_json", """
                {"name": "Kế hoạch", "fromYear": 2021, "toYear": 2021, "targets": [{"programmeType": "KHONG-CO", "personTimes": 5}], "budget": []}
                """)])
            #expect(refused == .unprocessableEntity && body.contains("Không có loại chương trình"))
        }
    }

    /// The annual-minimum page lists those short a hundred a page, with the total on every page.
    @Test func theAnnualMinimumPageIsPaged() async throws {
        try await withTestApp { app in
            try await seed(app)
            let store = RecordStore(app.db)
            for index in 1...150 {
                try await store.createPerson(PersonDraft(code: String(format: "M%03d", index), fullName: "Người Số \(index)",
                                                         unitCode: "BB", category: .civilServant))
            }
            let visitor = try await Visitor.signedIn(app)
            let (_, first) = try await visitor.get("/chuan-dao-tao/toi-thieu?nam=2020")
            let short = first.components(separatedBy: "<strong id=\"short\">").dropFirst().first?.prefix { $0 != "<" } ?? ""
            let total = Int(short.replacingOccurrences(of: ".", with: "")) ?? 0
            #expect((150...200).contains(total))
            #expect(first.contains("Trang 1 / 2"))
            #expect(first.components(separatedBy: "<tr><td><a href=\"/can-bo/").count - 1 == 100)
            let (_, second) = try await visitor.get("/chuan-dao-tao/toi-thieu?nam=2020&trang=2")
            #expect(second.contains("Trang 2 / 2"))
            #expect(second.components(separatedBy: "<tr><td><a href=\"/can-bo/").count - 1 == total - 100)
        }
    }
}
