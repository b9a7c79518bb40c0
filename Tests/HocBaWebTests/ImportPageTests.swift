import Testing
import Foundation
import Vapor
import Fluent
import VaporTesting
import HocBaCore
import HocBaStore
import HocBaOffice
import HocBaTesting

@Suite(.serialized) struct ImportPageTests {
    /// Follows a job's page, which reloads itself while the job runs, until it settles.
    func settled(_ visitor: Visitor, _ location: String) async throws -> String {
        for _ in 0..<200 {
            let (status, page) = try await visitor.get(location)
            #expect(status == .ok)
            if !page.contains("trang tự cập nhật") { return page }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the import at \(location) did not settle")
        return ""
    }

    @Test func uploadPreviewThenWriteAStandardWorkbook() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            let (formStatus, form) = try await visitor.get("/nhap-du-lieu")
            #expect(formStatus == .ok && form.contains("enctype=\"multipart/form-data\""))

            let rows: [[SheetCell?]] = [
                [.text("P9"), .text("Triệu Thị Mai"), .date(Day(1990, 2, 3)), .text("Nữ"), .text("Dao"), .text("BB"),
                 .text("Công chức"), nil, nil, nil, nil, nil],
            ]
            let workbook = StandardWorkbookExport.workbook([(.people, rows)], title: "Thử")
            let (uploaded, _, location) = try await visitor.upload("/nhap-du-lieu",
                                                                   files: [("can-bo.xlsx", try XLSXWriter.write(workbook))])
            #expect(uploaded == .seeOther)
            let preview = try await settled(visitor, try #require(location))
            #expect(preview.contains("<td>CanBo</td><td>Cán bộ</td><td class=\"num\">1</td><td class=\"num\">1</td>"))
            #expect(preview.contains("Mã cán bộ, Họ và tên, Ngày sinh, Giới tính, Dân tộc, Mã đơn vị, Đối tượng, Mã ngạch"))
            #expect(preview.contains("Ghi vào cơ sở dữ liệu"))
            #expect(try await RecordStore(app.db).person(code: "P9") == nil)

            let (written, _, back) = try await visitor.post(try #require(location) + "/ghi", [])
            #expect(written == .seeOther && back == location)
            let done = try await settled(visitor, try #require(location))
            #expect(done.contains("Đã ghi xong"))
            #expect(try await RecordStore(app.db).person(code: "P9")?.fullName == "Triệu Thị Mai")
            // The write is the web's in the audit trail, though it ran after the response.
            let entry = try #require(try await AuditEntry.query(on: app.db).sort(\.$id, .descending).first())
            #expect(entry.action == "NHAP" && entry.entity == "CanBo" && entry.actor == "test.quan-tri")
            #expect(try await AuditLog.verify(on: app.db).broken == nil)
        }
    }

    @Test func problemsAreListedAndNothingIsWritten() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/nhap-du-lieu")
            let before = try await databaseDump(app.db)
            let csv = "\u{FEFF}Mã cán bộ;Họ và tên;Mã đơn vị;Đối tượng\r\nP8;\"Lò Văn Sáng\";KHONG-CO;CC\r\nP7;Lò Văn B;BB;không rõ\r\n"
            let (_, _, location) = try await visitor.upload("/nhap-du-lieu", files: [("CanBo.csv", Data(csv.utf8))])
            let page = try await settled(visitor, try #require(location))
            #expect(page.contains("<td>CanBo</td><td class=\"num\">3</td><td>Đối tượng</td><td>Đối tượng &quot;không rõ&quot; không có trong danh mục.</td>"))
            #expect(!page.contains("Ghi vào cơ sở dữ liệu"))
            // A checked file with problems cannot be written by posting anyway.
            let (refused, _, _) = try await visitor.post(try #require(location) + "/ghi", [])
            #expect(refused == .conflict)
            #expect(try await databaseDump(app.db) == before)

            let (notExcel, _, notExcelLocation) = try await visitor.upload("/nhap-du-lieu", files: [("anh.png", Data([1, 2, 3]))])
            #expect(notExcel == .seeOther)
            #expect(try await settled(visitor, try #require(notExcelLocation)).contains("không phải sổ tính Excel"))
        }
    }

    /// The form's "Tiền tố mã": every code of the file and its references take it; a bad one is refused at once.
    @Test func aCodePrefixOnTheFormPrefixesEveryCodeOfTheFile() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            let (_, form) = try await visitor.get("/nhap-du-lieu")
            #expect(form.contains("name=\"tien_to_ma\""))
            let units = "Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\r\nBK,Tỉnh cũ,TINH,\r\n"
            let people = "Mã cán bộ,Họ và tên,Mã đơn vị,Đối tượng\r\nP1,Lò Văn Cũ,BK,CC\r\n"
            let (status, _, location) = try await visitor.upload(
                "/nhap-du-lieu", files: [("DonVi.csv", Data(units.utf8)), ("CanBo.csv", Data(people.utf8))],
                fields: [("tien_to_ma", "CU.")])
            #expect(status == .seeOther)
            let preview = try await settled(visitor, try #require(location))
            #expect(preview.contains("<strong id=\"code-prefix\">CU.</strong>"))
            let (written, _, _) = try await visitor.post(try #require(location) + "/ghi", [])
            #expect(written == .seeOther)
            #expect(try await settled(visitor, try #require(location)).contains("Đã ghi xong"))
            let store = RecordStore(app.db)
            #expect(try await store.person(code: "CU.P1")?.fullName == "Lò Văn Cũ")
            #expect(try await store.person(code: "P1")?.fullName == "Nguyễn Văn An")
            #expect(try await store.unit(code: "CU.BK")?.name == "Tỉnh cũ")

            let before = try await databaseDump(app.db)
            let (refused, body, _) = try await visitor.upload("/nhap-du-lieu", files: [("CanBo.csv", Data(people.utf8))],
                                                              fields: [("tien_to_ma", "Cũ/")])
            #expect(refused == .unprocessableEntity)
            #expect(body.contains("Tiền tố mã"))
            #expect(try await databaseDump(app.db) == before)
        }
    }

    @Test func uploadsNeedTheFormTokenAndTemplatesDownload() async throws {
        try await withTestApp { app in
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/nhap-du-lieu")
            let (status, _, _) = try await visitor.upload("/nhap-du-lieu", files: [("CanBo.csv", Data("a".utf8))],
                                                          withToken: false)
            #expect(status == .forbidden)
            for path in ["/nhap-du-lieu/mau.xlsx", "/nhap-du-lieu/xuat.xlsx"] {
                try await visitor.test(.GET, path) { res in
                    #expect(res.status == .ok)
                    #expect(Array(res.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
                    #expect(res.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=") == true)
                }
            }
        }
    }
}

@Suite(.serialized) struct ListDownloadTests {
    /// Each list page links its xlsx and csv with its filter, and the files hold every row the filter takes.
    @Test func listPagesDownloadWhatTheyShow() async throws {
        try await withTestApp { app in
            try await seedWithClass(app)
            let visitor = try await Visitor.signedIn(app)
            let (_, page) = try await visitor.get("/can-bo?doi_tuong=CB")
            #expect(page.contains("href=\"/can-bo.csv?doi_tuong=CB\""))
            try await visitor.test(.GET, "/can-bo.csv?doi_tuong=CB") { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentType) == "text/csv; charset=utf-8")
                let lines = res.body.string.split(separator: "\r\n")
                #expect(lines.first == "\u{FEFF}Mã cán bộ,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Mã đơn vị,Đơn vị,Đối tượng,Chức vụ")
                // The fixture's only cán bộ.
                #expect(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[0] } == ["P2"])
            }
            // The fixture has people, a class, units and an institution, but no instructor and no funding line.
            for (path, records) in [("/can-bo", 2), ("/lop-hoc", 1), ("/don-vi", 3), ("/co-so-dao-tao", 1),
                                    ("/giang-vien", 0), ("/kinh-phi", 0)] {
                try await visitor.test(.GET, path + ".xlsx") { res in
                    #expect(res.status == .ok, "\(path)")
                    let rows = try XLSXReader(data: Data(buffer: res.body)).sheets.first.map { sheet in
                        var count = 0
                        try XLSXReader(data: Data(buffer: res.body)).rows(of: sheet) { _ in count += 1 }
                        return count
                    }
                    #expect(rows == 1 + records, "\(path): a header and its records")
                }
            }
        }
    }
}

@Suite(.serialized) struct ImportMappingTests {
    /// A district's own list, with its own sheet and column names: the mapping screen guesses, the officer confirms
    /// and saves the mapping, the rows import; the saved mapping is offered for the next file.
    @Test func aFileInAnotherLayoutIsMappedSavedAndImported() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/nhap-du-lieu")
            let csv = "STT,Họ tên,Mã CB,Ngày tháng năm sinh,Mã ĐV,Đối tượng CB,Ghi chú\r\n"
                + "1,Triệu Văn Hải,DS1,01/02/1985,BB,Công chức,\r\n2,Lý Thị Hoa,DS2,3/4/1990,BB,Cán bộ,mới\r\n"
            let (_, _, location) = try await visitor.upload("/nhap-du-lieu", files: [("Danh sach 2024.csv", Data(csv.utf8))])
            let job = try #require(location)
            let preview = try await ImportPageTests().settled(visitor, job)
            #expect(preview.contains("Ghép cột thủ công"))
            #expect(!preview.contains("Ghi vào cơ sở dữ liệu"))

            let (status, form) = try await visitor.get(job + "/ghep-cot")
            #expect(status == .ok)
            // Guessed: the sheet is CanBo, and each column its standard one.
            #expect(form.contains("<option value=\"CanBo\" selected>"))
            #expect(form.contains("<option value=\"full_name\" selected>Họ và tên*</option>"))
            #expect(form.contains("<option value=\"code\" selected>Mã cán bộ*</option>"))
            #expect(form.contains("<option value=\"birth_date\" selected>Ngày sinh</option>"))
            #expect(form.contains("<option value=\"unit_code\" selected>Mã đơn vị*</option>"))
            #expect(form.contains("<option value=\"category\" selected>Đối tượng*</option>"))

            let confirmed: [(String, String)] = [
                ("sheet_0", "CanBo"), ("sheet_0_column_0", ""), ("sheet_0_column_1", "full_name"),
                ("sheet_0_column_2", "code"), ("sheet_0_column_3", "birth_date"), ("sheet_0_column_4", "unit_code"),
                ("sheet_0_column_5", "category"), ("sheet_0_column_6", ""), ("save_as", "Danh sách huyện Ba Bể"),
            ]
            // Two columns on one field is refused, with nothing saved.
            var twice = confirmed
            twice[1] = ("sheet_0_column_0", "code")
            let (refused, refusal, _) = try await visitor.post(job + "/ghep-cot", twice)
            #expect(refused == .unprocessableEntity && refusal.contains("hai cột cùng ghép vào"))
            #expect(try await RecordStore(app.db).savedMappings().isEmpty)

            let (saved, _, back) = try await visitor.post(job + "/ghep-cot", confirmed)
            #expect(saved == .seeOther && back == job)
            let checked = try await ImportPageTests().settled(visitor, job)
            #expect(checked.contains("Ghi vào cơ sở dữ liệu"))
            _ = try await visitor.post(job + "/ghi", [])
            _ = try await ImportPageTests().settled(visitor, job)
            #expect(try await RecordStore(app.db).person(code: "DS2")?.birthDate == Day(1990, 4, 3))
            #expect(try await RecordStore(app.db).savedMapping(named: "Danh sách huyện Ba Bể")?.sheets.count == 1)

            // The next file of the same layout: the saved mapping is offered and applies as saved.
            let (_, _, next) = try await visitor.upload("/nhap-du-lieu", files: [("Danh sach 2025.csv", Data(csv.utf8))])
            _ = try await ImportPageTests().settled(visitor, try #require(next))
            let (_, offered) = try await visitor.get(try #require(next) + "/ghep-cot")
            #expect(offered.contains("<option value=\"Danh sách huyện Ba Bể\""))
        }
    }
}

@Suite(.serialized) struct AuditPageTests {
    /// An edit on the web is in the trail with what it changed: on the audit page, filtered, and on the person's
    /// page; the page says whether the chain is intact.
    @Test func editsShowOnTheAuditPageAndOnThePersonsRecord() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/can-bo/P1/sua")
            let (saved, _, _) = try await visitor.post("/can-bo/P1/sua", [
                ("code", "P1"), ("full_name", "Nguyễn Văn Ân"), ("unit_code", "BB"), ("category", "CC"),
                ("ethnicity", "Tày"),
            ])
            #expect(saved == .seeOther)
            let (status, page) = try await visitor.get("/nhat-ky?kiem_tra=1&loai=people&nguoi=test.quan-tri")
            #expect(status == .ok)
            #expect(page.contains("Chuỗi nhật ký nguyên vẹn"))
            let (_, unchecked) = try await visitor.get("/nhat-ky?loai=people")
            #expect(!unchecked.contains("Chuỗi nhật ký nguyên vẹn") && unchecked.contains("Kiểm tra toàn vẹn"))
            #expect(page.contains("<td>test.quan-tri</td>") && page.contains("<td>Sửa</td><td>Cán bộ</td><td>P1</td>"))
            #expect(page.contains("Họ và tên: Nguyễn Văn An → Nguyễn Văn Ân"))
            // Local time (UTC+7), to the minute.
            #expect(page.range(of: #"<td>\d{2}/\d{2}/\d{4} \d{2}:\d{2}</td><td>test.quan-tri</td>"#, options: .regularExpression) != nil)
            // The seed's writes were not the web's: filtered out.
            #expect(!page.contains("<td>Thêm</td><td>Cán bộ</td><td>P2</td>"))
            let (_, record) = try await visitor.get("/can-bo/P1")
            #expect(record.contains("Lịch sử thay đổi hồ sơ") && record.contains("Họ và tên: Nguyễn Văn An → Nguyễn Văn Ân"))

            let (bad, _) = try await visitor.get("/nhat-ky?tu=32/13/2020")
            #expect(bad == .unprocessableEntity || bad == .badRequest)
        }
    }
}
