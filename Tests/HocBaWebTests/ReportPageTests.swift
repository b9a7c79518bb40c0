import Testing
import Foundation
import Vapor
import VaporTesting
import HocBaCore
import HocBaStore
import HocBaTesting

/// The web fixture plus one 2018 class that `learners` completed.
func seedWithClass(_ app: Application, learners: [String] = ["P1", "P2"]) async throws {
    try await seed(app)
    let store = RecordStore(app.db)
    try await store.createClass(ClassDraft(code: "L1", name: "Bồi dưỡng QLNN", programmeType: "NGACH",
                                           start: Day(2018, 3, 5), end: Day(2018, 4, 27)))
    try await store.enrol(classCode: "L1", personCodes: learners)
    try await store.recordResults(classCode: "L1", learners.map { ResultEntry(personCode: $0, result: .completed) })
}

@Suite(.serialized) struct ReportPageTests {

    @Test func thePageShowsFiguresNarrativeAndChartsWithDrillDownLinks() async throws {
        try await withTestApp { app in
            try await seedWithClass(app)
            let visitor = try await Visitor.signedIn(app)
            let (status, body) = try await visitor.get("/bao-cao/tong-hop?tu=01/01/2018&den=31/12/2018")
            #expect(status == .ok)
            #expect(body.contains("Năm 2018, toàn tỉnh đã đào tạo, bồi dưỡng cho 2 lượt cán bộ, công chức, viên chức"))
            #expect(body.contains("<svg class=\"chart\""))
            #expect(body.contains("chi_tieu=cbcc.commune"))
            let (_, drill) = try await visitor.get("/bao-cao/tong-hop/chi-tiet?tu=2018-01-01&den=2018-12-31&chi_tieu=cbcc.commune")
            #expect(drill.contains("<strong>1</strong> lượt"))
            #expect(drill.contains("href=\"/can-bo/P2\""))
            #expect(!drill.contains("href=\"/can-bo/P1\""))
            let (_, scoped) = try await visitor.get("/bao-cao/tong-hop?tu=01/01/2018&den=31/12/2018&don_vi=BB-CH")
            #expect(scoped.contains("Xã Chu Hương đã đào tạo, bồi dưỡng cho 1 lượt"))
        }
    }

    @Test func theJSONEqualsTheStoreReport() async throws {
        try await withTestApp { app in
            try await seedWithClass(app)
            let visitor = try await Visitor.signedIn(app)
            try await visitor.test(.GET, "/bao-cao/tong-hop.json?tu=2018-01-01&den=2018-12-31&tinh_den=2018-06-30") { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType == .json)
                let report = try JSONDecoder().decode(SummaryReport.self, from: Data(res.body.readableBytesView))
                let direct = try await RecordStore(app.db).summaryReport(
                    SummaryParameters(from: Day(2018, 1, 1), to: Day(2018, 12, 31), asOf: Day(2018, 6, 30)))
                #expect(report == direct)
                #expect(report.personTimes.cbcc.district == 1)
                #expect(report.personTimes.cbcc.commune == 1)
            }
        }
    }

    @Test func badParametersAreExplainedInVietnamese() async throws {
        try await withTestApp { app in
            let visitor = try await Visitor.signedIn(app)
            let (status, body) = try await visitor.get("/bao-cao/tong-hop?tu=31/12/2020&den=01/01/2020")
            #expect(status == .unprocessableEntity)
            #expect(body.contains("Đến ngày (01/01/2020) trước Từ ngày (31/12/2020)."))
            let (unknown, unknownBody) = try await visitor.get("/bao-cao/tong-hop.json?tu=2020-01-01&den=2020-12-31&don_vi=KHONG")
            #expect(unknown == .notFound)
            #expect(unknownBody.contains("KHONG"))
        }
    }
}

@Suite(.serialized) struct FrozenReportPageTests {
    @Test func freezeFromTheReportPageThenSeeTheEditOnTheComparisonPage() async throws {
        try await withTestApp { app in
            try await seedWithClass(app, learners: ["P1"])
            let store = RecordStore(app.db)
            let visitor = try await Visitor.signedIn(app)
            let (_, page) = try await visitor.get("/bao-cao/tong-hop?tu=01/01/2018&den=31/12/2018")
            #expect(page.contains("id=\"freeze-form\""))
            let (status, _, location) = try await visitor.post("/bao-cao/chot", [
                ("tu", "01/01/2018"), ("den", "31/12/2018"), ("tinh_den", "31/12/2018"), ("don_vi", ""),
                ("frozen_by", "Hà Thị Lan"), ("note", "Gửi Bộ"),
            ])
            #expect(status == .seeOther)
            let path = try #require(location)
            let (_, same) = try await visitor.get(path)
            #expect(same.contains("Số liệu hiện nay trùng khớp với số liệu đã chốt."))

            try await store.recordResults(classCode: "L1", [ResultEntry(personCode: "P1", result: .notCompleted)])
            let (_, changed) = try await visitor.get(path)
            #expect(changed.contains("không còn được tính: kết quả đổi thành"))
            // The one who froze is the signed-in account; a name sent in the form is ignored.
            #expect(changed.contains("test.quan-tri") && !changed.contains("Hà Thị Lan"))
            let (_, list) = try await visitor.get("/bao-cao/da-chot")
            #expect(list.contains("01/01/2018 – 31/12/2018"))
            // Names, not codes; the as-of date; the frozen figures as files.
            #expect(changed.contains("id=\"frozen-as-of\">31/12/2018"))
            #expect(!changed.contains("<td>Lượt theo loại chương trình NGACH</td>"))
            for format in ["xlsx", "docx"] {
                try await visitor.test(.GET, path + "/" + format) { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.contentDisposition?.filename?.hasSuffix("." + format) == true)
                    #expect(res.body.readableBytes > 1_000)
                }
            }
        }
    }
}

@Suite(.serialized) struct BulletinTests {
    @Test func aReportNarrativeBecomesADraftThenAPublishedItemWithRSS() async throws {
        try await withTestApp { app in
            try await seedWithClass(app, learners: ["P1"])
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/bao-cao/tong-hop?tu=01/01/2018&den=31/12/2018")
            // The narrative opens in the new-item form; nothing is saved until the officer decides.
            let (status, form, _) = try await visitor.post("/ban-tin/tu-bao-cao", [
                ("tu", "01/01/2018"), ("den", "31/12/2018"), ("tinh_den", "31/12/2018"), ("don_vi", ""),
            ])
            #expect(status == .ok)
            #expect(form.contains("Năm 2018, toàn tỉnh đã đào tạo, bồi dưỡng cho 1 lượt"))
            #expect(form.contains("action=\"/ban-tin/moi\""))
            #expect(try await NewsItem.query(on: app.db).count() == 0)

            let (published, _, location) = try await visitor.post("/ban-tin/moi", [
                ("title", "Đào tạo, bồi dưỡng năm 2018"), ("author", "Bích Huệ"), ("news_date", "12/10/2020"),
                ("body", "Đoạn một.\n\nĐoạn hai & ba."), ("published", "co"),
            ])
            #expect(published == .seeOther)
            let id = try #require(location).split(separator: "/")[1]
            let (_, page) = try await visitor.get("/ban-tin/\(id)")
            #expect(page.contains("Tăng cỡ chữ") && page.contains("Giảm cỡ chữ"))
            #expect(page.contains("<script src=\"/js/ban-tin.js\"></script>"))
            #expect(page.contains("<p>Đoạn hai &amp; ba.</p>"))
            #expect(page.contains("Bích Huệ"))
            let (_, list) = try await visitor.get("/ban-tin")
            #expect(list.contains("Đào tạo, bồi dưỡng năm 2018"))
            try await visitor.test(.GET, "/ban-tin/rss.xml") { res in
                #expect(res.headers.contentType?.subType == "rss+xml")
                #expect(res.body.string.contains("<title>Đào tạo, bồi dưỡng năm 2018</title>"))
                #expect(res.body.string.contains("<pubDate>Mon, 12 Oct 2020 00:00:00 +0700</pubDate>"))
                #expect(res.body.string.contains("<description>Đoạn một.</description>"))
            }
            let (js, script) = try await visitor.get("/js/ban-tin.js")
            #expect(js == .ok && script.contains("text-larger"))
        }
    }
}

@Suite(.serialized) struct ReportDownloadTests {
    @Test func xlsxAndDocxDownloadsAreOfficeFilesNamedForThePeriod() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            for (format, type) in [("xlsx", "spreadsheetml.sheet"), ("docx", "wordprocessingml.document")] {
                try await visitor.test(.GET, "/bao-cao/tong-hop.\(format)?tu=2018-01-01&den=2018-12-31") { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.first(name: .contentType)?.hasSuffix(type) == true)
                    #expect(res.headers.first(name: .contentDisposition)
                            == "attachment; filename=\"bao-cao-tong-hop-2018-01-01-2018-12-31.\(format)\"")
                    #expect(Array(res.body.readableBytesView.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
                    #expect(res.body.readableBytes > 2_000)
                }
            }
        }
    }
}

@Suite(.serialized) struct CommuneQualityPageTests {
    @Test func theTableFollowsTheLayoutWhichTheProvinceCanEdit() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            let (status, page) = try await visitor.get("/bao-cao/chat-luong-xa?ngay=01/01/2020")
            #expect(status == .ok)
            #expect(page.contains("<th colspan=\"6\">Trình độ chuyên môn</th>"))
            #expect(page.contains("<td>Cán bộ cấp xã</td><td class=\"num\">1</td>"))

            let (bad, badBody, _) = try await visitor.post("/bao-cao/chat-luong-xa/bo-cuc", [("layout_json", "{ không phải JSON")])
            #expect(bad == .unprocessableEntity)
            #expect(badBody.contains("Bố cục không đúng dạng JSON"))
            let unknown = #"{"title":"Biểu","rows":[{"label":"Cán bộ","categories":["CB"]}],"groups":[{"title":"LLCT","columns":[{"label":"X","kind":"LLCT","levels":["TIEN-SI"],"rate":false}]}]}"#
            let (refused, refusedBody, _) = try await visitor.post("/bao-cao/chat-luong-xa/bo-cuc", [("layout_json", unknown)])
            #expect(refused == .unprocessableEntity)
            #expect(refusedBody.contains("không thuộc Lý luận chính trị"))

            let custom = #"{"title":"Biểu rút gọn","rows":[{"label":"Chỉ cán bộ","categories":["CB"]}],"groups":[{"title":"Chuyên môn","columns":[{"label":"Từ trung cấp","kind":"CHUYEN-MON","levels":[],"atLeast":"TRUNG-CAP","rate":false}]}]}"#
            let (saved, _, _) = try await visitor.post("/bao-cao/chat-luong-xa/bo-cuc", [("layout_json", custom)])
            #expect(saved == .seeOther)
            let (_, changed) = try await visitor.get("/bao-cao/chat-luong-xa?ngay=01/01/2020")
            #expect(changed.contains("<h1>Biểu rút gọn</h1>"))
            #expect(changed.contains("<td>Chỉ cán bộ</td>"))
            #expect(!changed.contains("Công chức cấp xã"))
            try await visitor.test(.GET, "/bao-cao/chat-luong-xa/xlsx?ngay=2020-01-01") { res in
                #expect(res.status == .ok)
                #expect(Array(res.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            }
        }
    }
}

@Suite(.serialized) struct RunningServerTests {
    /// Against a real server (not the in-memory tester, which always hands over a collected body): a long form,
    /// streamed in several chunks, still passes CSRF and is saved whole.
    @Test func aLongFormPostedToARunningServerIsAcceptedWhole() async throws {
        try await withTestApp { app in
            let port = Int.random(in: 20_000...40_000)
            let visitor = try await Visitor.signedIn(app)
            let cookie = visitor.token
            try await visitor.test(.GET, "/ban-tin/moi", running: port) { res in
                #expect(res.status == .ok)
                let body = String(repeating: "Giai đoạn 2016–2020, toàn tỉnh đã đào tạo, bồi dưỡng. ", count: 600)
                let form = [("_csrf", cookie), ("title", "Bản tin dài"), ("author", "Sở Nội vụ"),
                            ("news_date", "12/10/2020"), ("body", body), ("published", "co")]
                    .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                    .joined(separator: "&")
                #expect(form.utf8.count > 50_000)
                try await visitor.test(.POST, "/ban-tin/moi", running: port, beforeRequest: { req in
                    req.headers.contentType = .urlEncodedForm
                    req.body = ByteBuffer(string: form)
                }, afterResponse: { res in
                    // The test client follows the redirect to the published item.
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("<h1>Bản tin dài</h1>"))
                })
                let saved = try await NewsItem.query(on: app.db).first()
                #expect(saved?.body == body.trimmingCharacters(in: .whitespaces))
            }
        }
    }
}
