import Testing
import Foundation
import Vapor
import VaporTesting
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// Defects found in review, each pinned by a test.
@Suite(.serialized) struct HardeningTests {
    @Test func hugeOrNegativePageNumbersAnswerInsteadOfCrashing() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            for path in ["/can-bo?trang=9223372036854775807", "/lop-hoc?trang=9223372036854775807",
                         "/bao-cao/tong-hop/chi-tiet?tu=2018-01-01&den=2018-12-31&chi_tieu=total&trang=-9223372036854775808",
                         "/bao-cao/tong-hop/chi-tiet?tu=2018-01-01&den=2018-12-31&chi_tieu=total&trang=9223372036854775807"] {
                let (status, _) = try await visitor.get(path)
                #expect(status == .ok, "\(path)")
            }
        }
    }

    @Test func classesAreFoundByTheirNameWithoutDiacritics() async throws {
        try await withTestApp { app in
            try await seedWithClass(app)
            let visitor = try await Visitor.signedIn(app)
            let (_, found) = try await visitor.get("/lop-hoc?q=boi+duong+qlnn")
            #expect(found.contains("href=\"/lop-hoc/L1\""))
            let (_, none) = try await visitor.get("/lop-hoc?q=ngoai+ngu")
            #expect(!none.contains("href=\"/lop-hoc/L1\""))
        }
    }

    @Test func underscoresInCodesMatchLiterally() async throws {
        try await withTestApp { app in
            try await seed(app)
            let store = RecordStore(app.db)
            try await store.createPerson(PersonDraft(code: "CB_1", fullName: "Ma Văn Một", unitCode: "BB", category: .civilServant))
            try await store.createPerson(PersonDraft(code: "CBX1", fullName: "Ma Văn Hai", unitCode: "BB", category: .civilServant))
            #expect(try await store.people(PeopleFilter(text: "cb_1")).rows.map(\.code) == ["CB_1"])
            #expect(try await store.people(PeopleFilter(text: "100%")).rows.isEmpty)
        }
    }

    @Test func theAsOfBoxFollowsToUnlessTyped() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            let (_, page) = try await visitor.get("/bao-cao/tong-hop?tu=01/01/2018&den=31/12/2018")
            #expect(page.contains("name=\"tinh_den\" value=\"\""))
            #expect(page.contains("tính đến 31/12/2018"))
            let (_, typed) = try await visitor.get("/bao-cao/tong-hop?tu=01/01/2018&den=31/12/2018&tinh_den=30/06/2018")
            #expect(typed.contains("name=\"tinh_den\" value=\"30/06/2018\""))
        }
    }

    @Test func errorPagesCarrySecurityHeadersAndVietnameseText() async throws {
        try await withTestApp { app in
            try await seedWithClass(app)
            let visitor = try await Visitor.signedIn(app)
            try await visitor.test(.GET, "/can-bo/KHONG-CO") { res in
                #expect(res.status == .notFound)
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            }
            _ = try await visitor.get("/lop-hoc/L1")
            let (status, body, _) = try await visitor.post("/lop-hoc/L1/hoc-vien/xoa", [])
            #expect(status == .badRequest)
            #expect(body.contains("Yêu cầu không hợp lệ"))
            #expect(!body.contains("required for key"))
            let (badID, _, _) = try await visitor.post("/ban-tin/abc/sua", [("title", "x"), ("author", "y"),
                                                                          ("news_date", "01/01/2020"), ("body", "z")])
            #expect(badID == .notFound)
            #expect(try await NewsItem.query(on: app.db).count() == 0)
        }
    }

    @Test func theEnrolmentSearchLeavesOutOnlyThoseAlreadyEnrolled() async throws {
        try await withTestApp { app in
            try await seedWithClass(app, learners: ["P1"])
            let visitor = try await Visitor.signedIn(app)
            let (_, page) = try await visitor.get("/lop-hoc/L1?tim=van")
            #expect(!page.contains("id=\"pick-P1\""))
            let (_, other) = try await visitor.get("/lop-hoc/L1?tim=hoang")
            #expect(other.contains("id=\"pick-P2\""))
        }
    }

    @Test func theRSSFeedDropsCharactersXMLForbids() async throws {
        try await withTestApp { app in
            try await RecordStore(app.db).saveNews(NewsDraft(title: "Dòng\u{0B}mềm & <b>", body: "Đoạn\u{01} một.",
                                                             author: "Sở Nội vụ", date: Day(2020, 10, 12), published: true))
            try await app.testing().test(.GET, "/ban-tin/rss.xml") { res in
                let xml = res.body.string
                #expect(xml.contains("<title>Dòngmềm &amp; &lt;b&gt;</title>"))
                #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
            }
        }
    }

    @Test func theUnitTreeIsInVietnameseOrder() async throws {
        try await withTestApp { app in
            try await seed(app)
            let store = RecordStore(app.db)
            for (code, name) in [("BB-YD", "Xã Yên Dương"), ("BB-DP", "Xã Đồng Phúc"), ("BB-AT", "Xã Ân Tình")] {
                try await store.createUnit(UnitDraft(code: code, name: name, level: .commune, parentCode: "BB"))
            }
            let names = try await store.unitTree().filter { $0.parentCode == "BB" && $0.validTo == nil }.map(\.name)
            #expect(names == ["Xã Ân Tình", "Xã Đồng Phúc", "Xã Yên Dương"])
        }
    }
}

@Suite(.serialized) struct ClassGrantsTests {
    @Test func aClassFormRecordsWhatTheClassLeadsTo() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/lop-hoc/moi")
            let (saved, _, _) = try await visitor.post("/lop-hoc/moi", [
                ("code", "L-TC"), ("name", "Trung cấp lý luận chính trị - hành chính"), ("programme_type", "LLCT"),
                ("form", "DAO-TAO"), ("start_date", "04/03/2019"), ("end_date", "29/11/2019"),
                ("grants", "LLCT:TRUNG-CAP"),
            ])
            #expect(saved == .seeOther)
            let (_, page) = try await visitor.get("/lop-hoc/L-TC")
            #expect(page.contains("Lý luận chính trị: Trung cấp"))
            let stored = try await RecordStore(app.db).trainingClass(code: "L-TC")
            #expect(stored?.grants?.code == "LLCT:TRUNG-CAP")
        }
    }
}

@Suite(.serialized) struct TrainingMatrixPageTests {
    @Test func theMatrixPageFollowsItsEditableLayout() async throws {
        try await withTestApp { app in
            try await seedWithClass(app)
            let visitor = try await Visitor.signedIn(app)
            let (status, page) = try await visitor.get("/bao-cao/ma-tran?tu=01/01/2018&den=31/12/2018")
            #expect(status == .ok)
            #expect(page.contains("<th colspan=\"3\">Lý luận chính trị</th>"))
            #expect(page.contains("<th>Cộng cán bộ, công chức, viên chức</th><td class=\"num\">2</td>"))
            let unknown = #"{"title":"X","rows":[{"label":"Lạ","bold":false,"filter":{"capacities":["KHACH"],"categories":[],"levels":[],"grants":[],"programmeTypes":[]}}],"groups":[{"title":"G","columns":[{"label":"Tổng","bold":false,"filter":{"capacities":[],"categories":[],"levels":[],"grants":[],"programmeTypes":[]}}]}]}"#
            let (refused, body, _) = try await visitor.post("/bao-cao/ma-tran/bo-cuc", [("layout_json", unknown)])
            #expect(refused == .unprocessableEntity)
            #expect(body.contains("tư cách &quot;KHACH&quot; không có trong danh mục") || body.contains("tư cách \"KHACH\""))
            let custom = unknown.replacingOccurrences(of: "\"KHACH\"", with: "\"CBCCVC\"")
                .replacingOccurrences(of: "\"title\":\"X\"", with: "\"title\":\"Ma trận rút gọn\"")
            let (saved, _, _) = try await visitor.post("/bao-cao/ma-tran/bo-cuc", [("layout_json", custom)])
            #expect(saved == .seeOther)
            let (_, changed) = try await visitor.get("/bao-cao/ma-tran?tu=01/01/2018&den=31/12/2018")
            #expect(changed.contains("<h1>Ma trận rút gọn</h1>"))
            #expect(changed.contains("<td>Lạ</td><td class=\"num\">2</td>"))
            try await visitor.test(.GET, "/bao-cao/ma-tran/xlsx?tu=2018-01-01&den=2018-12-31") { res in
                #expect(res.status == .ok)
                #expect(Array(res.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            }
        }
    }
}

@Suite(.serialized) struct Form10PageTests {
    @Test func biểu10CountsLearnersByLevelAndClassesAndDownloadsAsOfficeFiles() async throws {
        try await withTestApp { app in
            try await seedWithClass(app)
            let visitor = try await Visitor.signedIn(app)
            let (status, page) = try await visitor.get("/bao-cao/bieu-10?tu=01/01/2018&den=31/12/2018")
            #expect(status == .ok)
            #expect(page.contains("<h1>Thống kê kết quả đào tạo, bồi dưỡng cán bộ</h1>"))
            #expect(page.contains("<th rowspan=\"2\">Nội dung</th><th colspan=\"4\">Số học viên</th><th colspan=\"3\">Số lớp</th>"))
            // The fixture's 2018 class (NGACH, no certificate, no organising unit): two learners, one class.
            let learners = try await RecordStore(app.db).matrixForm(
                Form10Layout.self, SummaryParameters(from: Day(2018, 1, 1), to: Day(2018, 12, 31)))
            let levels = learners.rows.first { $0.label == "II. Bồi dưỡng" }!.counts
            #expect(levels[0] == 2 && levels[1] + levels[2] + levels[3] == 2 && levels[4] == 1 && levels[5] == 0)
            #expect(page.contains("<th>II. Bồi dưỡng</th><td class=\"num\">2</td>"))
            #expect(page.contains("<td>Cập nhật kiến thức, ngạch, vị trí việc làm, chuyên ngành</td><td class=\"num\">2</td>"))
            #expect(page.contains("<th>I. Đào tạo</th><td class=\"num\">0</td>"))
            #expect(page.contains("href=\"/bao-cao/bieu-10/docx?tu=2018-01-01&amp;den=2018-12-31\""))
            for (path, name) in [("/bao-cao/bieu-10", "bieu-10-btctw-2018-01-01-2018-12-31"),
                                 ("/bao-cao/ma-tran", "ma-tran-dao-tao-2018-01-01-2018-12-31")] {
                for format in ["xlsx", "docx"] {
                    try await visitor.test(.GET, "\(path)/\(format)?tu=2018-01-01&den=2018-12-31") { res in
                        #expect(res.status == .ok)
                        #expect(res.headers.first(name: .contentDisposition)
                                == "attachment; filename=\"\(name).\(format)\"")
                        #expect(Array(res.body.readableBytesView.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
                    }
                }
            }
            try await visitor.test(.GET, "/bao-cao/chat-luong-xa/docx?ngay=2020-01-01") { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentDisposition)
                        == "attachment; filename=\"chat-luong-cap-xa-2020-01-01.docx\"")
                #expect(res.headers.first(name: .contentType)?.hasSuffix("wordprocessingml.document") == true)
            }
            // The layout editor of Biểu 10 stores its own layout; the matrix keeps its own.
            let (editor, form) = try await visitor.get("/bao-cao/bieu-10/bo-cuc")
            #expect(editor == .ok && form.contains("Số lớp"))
            let (bad, _, _) = try await visitor.post("/bao-cao/bieu-10/bo-cuc", [("layout_json", "{}")])
            #expect(bad == .unprocessableEntity)
        }
    }
}
