import Testing
import Foundation
import Vapor
import VaporTesting
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// A browser-like client for the tests: keeps its cookies (session, form token) and sends them back.
final class Visitor: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]

    init(app: Application) {
        self.app = app
    }

    /// A visitor signed in through the login form with a new account of `role` (created directly in the store).
    static func signedIn(_ app: Application, as role: Role = .administrator, unit: String? = nil,
                         institution: String? = nil, username: String? = nil) async throws -> Visitor {
        let name = username ?? "test." + role.rawValue.lowercased()
        let password = "mat-khau-thu-nghiem"
        if try await AccountStore(app.db).user(username: name) == nil {
            try await AccountStore(app.db).save(UserDraft(username: name, fullName: "Người thử \(role.label)",
                                                          role: role, unitCode: unit, institutionCode: institution),
                                                passwordHash: try Bcrypt.hash(password, cost: 4))
        }
        let visitor = Visitor(app: app)
        _ = try await visitor.get("/dang-nhap")
        let (status, _, _) = try await visitor.post("/dang-nhap", [("username", name), ("password", password)])
        // With TLS on the cookie is `__Host-hocba_session`.
        guard status == .seeOther, visitor.cookies.keys.contains(where: { $0.hasSuffix(SessionCookie.name) }) else {
            throw TestFailure("Sign-in as \(name) answered \(status.code)")
        }
        // The form token follows the session: read the new one from a page, as the browser's next page would.
        _ = try await visitor.get("/tai-khoan/mat-khau")
        return visitor
    }

    var cookieHeader: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    /// The form token of the last page that had a form, as a browser would send it back.
    private(set) var token = ""

    private func keep(_ res: TestingHTTPResponse) {
        for (name, value) in res.headers.setCookie?.all ?? [:] {
            if let expires = value.expires, expires < Date() { cookies[name] = nil } else { cookies[name] = value.string }
        }
        if let found = Self.formToken(in: res.body.string) { token = found }
    }

    /// The `_csrf` field's value in a page.
    static func formToken(in page: String) -> String? {
        guard let range = page.range(of: #"name="_csrf" value="[0-9a-f]{64}""#, options: .regularExpression) else {
            return nil
        }
        return String(page[range].dropLast().suffix(64))
    }

    /// Any request, with the visitor's cookies; the response's cookies are kept.
    func test(_ method: HTTPMethod, _ path: String, running port: Int? = nil,
              afterResponse: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        try await test(method, path, running: port, beforeRequest: { _ in }, afterResponse: afterResponse)
    }

    func test(_ method: HTTPMethod, _ path: String, running port: Int? = nil,
              beforeRequest: @escaping (inout TestingHTTPRequest) async throws -> Void,
              afterResponse: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        let header = cookieHeader
        let testing = try port.map { try app.testing(method: .running(port: $0)) } ?? app.testing()
        try await testing.test(method, path, beforeRequest: { req in
            if !header.isEmpty { req.headers.replaceOrAdd(name: .cookie, value: header) }
            try await beforeRequest(&req)
        }, afterResponse: { res in
            self.keep(res)
            try await afterResponse(res)
        })
    }

    /// GETs `path`.
    @discardableResult
    func get(_ path: String) async throws -> (HTTPStatus, String) {
        var status = HTTPStatus.ok, body = ""
        try await test(.GET, path, afterResponse: { res in
            status = res.status
            body = res.body.string
        })
        return (status, body)
    }

    /// POSTs a urlencoded form with the CSRF token (unless `withToken` is false).
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], withToken: Bool = true) async throws
        -> (HTTPStatus, String, String?) {
        var status = HTTPStatus.ok, body = "", location: String?
        let all = (withToken ? [("_csrf", token)] : []) + fields
        let encoded = all.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)="
                + value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        }.joined(separator: "&")
        try await test(.POST, path, beforeRequest: { req in
            req.headers.contentType = .urlEncodedForm
            req.body = ByteBuffer(string: encoded)
        }, afterResponse: { res in
            status = res.status
            body = res.body.string
            location = res.headers.first(name: .location)
        })
        return (status, body, location)
    }

    /// POSTs files as multipart/form-data under `field`, with the CSRF token (unless `withToken` is false) and the
    /// plain `fields` after the files.
    func upload(_ path: String, field: String = "files[]", files: [(name: String, data: Data)],
                fields: [(String, String)] = [], withToken: Bool = true) async throws -> (HTTPStatus, String, String?) {
        let boundary = "hocba-test-\(UUID().uuidString)"
        var body = Data()
        func part(_ headers: String, _ content: Data) {
            body.append(Data("--\(boundary)\r\n\(headers)\r\n\r\n".utf8))
            body.append(content)
            body.append(Data("\r\n".utf8))
        }
        if withToken { part("Content-Disposition: form-data; name=\"_csrf\"", Data(token.utf8)) }
        for file in files {
            part("Content-Disposition: form-data; name=\"\(field)\"; filename=\"\(file.name)\"\r\n"
                 + "Content-Type: application/octet-stream", file.data)
        }
        for (name, value) in fields { part("Content-Disposition: form-data; name=\"\(name)\"", Data(value.utf8)) }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var status = HTTPStatus.ok, text = "", location: String?
        let payload = body
        try await test(.POST, path, beforeRequest: { req in
            req.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            req.body = ByteBuffer(data: payload)
        }, afterResponse: { res in
            status = res.status
            text = res.body.string
            location = res.headers.first(name: .location)
        })
        return (status, text, location)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum SessionCookie { static let name = "hocba_session" }

enum CSRFCookie { static let name = "hocba_csrf" }

func seed(_ app: Application) async throws {
    let store = RecordStore(app.db)
    try await store.createUnit(UnitDraft(code: "BK", name: "Tỉnh Bắc Kạn", level: .province))
    try await store.createUnit(UnitDraft(code: "BB", name: "Huyện Ba Bể", level: .district, parentCode: "BK"))
    try await store.createUnit(UnitDraft(code: "BB-CH", name: "Xã Chu Hương", level: .commune, parentCode: "BB",
                                         validTo: Day(2020, 1, 31)))
    try await store.createPerson(PersonDraft(code: "P1", fullName: "Nguyễn Văn An", ethnicity: "Tày", unitCode: "BB",
                                             category: .civilServant))
    try await store.createPerson(PersonDraft(code: "P2", fullName: "Hoàng Thị Huệ", ethnicity: "Nùng",
                                             unitCode: "BB-CH", category: .cadre))
    try await store.saveInstitution(InstitutionDraft(code: "TCT", name: "Trường Chính trị tỉnh Bắc Kạn"))
}

@Suite(.serialized) struct PageTests {
    @Test func everyPageAnswersInVietnamese() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            for (path, heading) in [("/", "Tổng quan"), ("/don-vi", "Đơn vị"), ("/can-bo", "Cán bộ, công chức"),
                                    ("/lop-hoc", "Lớp học"), ("/lop-hoc/moi", "Mở lớp mới"),
                                    ("/giang-vien", "Giảng viên"), ("/co-so-dao-tao", "Cơ sở đào tạo"),
                                    ("/kinh-phi", "Kinh phí"), ("/can-bo/P1", "Nguyễn Văn An")] {
                let (status, body) = try await visitor.get(path)
                #expect(status == .ok, "\(path)")
                #expect(body.contains("<html lang=\"vi\">"), "\(path)")
                #expect(body.contains("<h1>\(heading)"), "\(path)")
            }
        }
    }

    @Test func unknownRecordsAnswer404InVietnamese() async throws {
        try await withTestApp { app in
            let visitor = try await Visitor.signedIn(app)
            let (status, body) = try await visitor.get("/can-bo/KHONG-CO")
            #expect(status == .notFound)
            #expect(body.contains("Không có cán bộ mã &quot;KHONG-CO&quot;.") || body.contains("Không có cán bộ mã \"KHONG-CO\"."))
            let (pageStatus, pageBody) = try await visitor.get("/khong-co-trang-nay")
            #expect(pageStatus == .notFound)
            #expect(pageBody.contains("Không tìm thấy trang yêu cầu."))
        }
    }

    @Test func searchWithoutDiacriticsFindsThePerson() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            let (_, body) = try await visitor.get("/can-bo?q=hoang+thi+hue")
            #expect(body.contains("href=\"/can-bo/P2\">Hoàng Thị Huệ</a>"))
            #expect(!body.contains("/can-bo/P1\""))
            // Given name first, as people say it: every word, in any order.
            let (_, reversed) = try await visitor.get("/can-bo?q=hue+hoang")
            #expect(reversed.contains("href=\"/can-bo/P2\">Hoàng Thị Huệ</a>") && !reversed.contains("/can-bo/P1\""))
            let (_, none) = try await visitor.get("/can-bo?q=hue+nguyen")
            #expect(!none.contains("/can-bo/P2\"") && !none.contains("/can-bo/P1\""))
            let (_, scoped) = try await visitor.get("/can-bo?don_vi=BB-CH")
            #expect(scoped.contains("/can-bo/P2\""))
            #expect(!scoped.contains("/can-bo/P1\""))
        }
    }

    /// The people list's "next" and "previous" links start next to a row (`sau`, `truoc`), and following them gives
    /// the pages counted from the first row.
    @Test func thePeopleListPagesByPosition() async throws {
        try await withTestApp { app in
            let store = RecordStore(app.db)
            try await store.createUnit(UnitDraft(code: "T", name: "Tỉnh", level: .province))
            for index in 0..<120 {
                try await store.createPerson(PersonDraft(code: String(format: "N%03d", index), fullName: "Người \(index)",
                                                         unitCode: "T", category: .civilServant))
            }
            let visitor = try await Visitor.signedIn(app)
            func people(_ body: String) -> [String] {
                var seen: [String] = []
                for code in body.components(separatedBy: "href=\"/can-bo/").dropFirst()
                    .map({ String($0.prefix { $0 != "\"" }) }) where code.hasPrefix("N") && !seen.contains(code) {
                    seen.append(code)
                }
                return seen
            }
            func link(_ body: String, _ rel: String) -> String? {
                guard body.contains("\" rel=\"\(rel)\""),
                      let tail = body.components(separatedBy: "\" rel=\"\(rel)\"").first?
                    .components(separatedBy: "<a href=\"").last else { return nil }
                return tail.replacingOccurrences(of: "&amp;", with: "&")
            }
            let (_, first) = try await visitor.get("/can-bo")
            #expect(first.contains("120 người · trang 1 / 3"))
            let next = try #require(link(first, "next"))
            #expect(next.contains("sau=") && next.contains("trang=2"))
            let (_, second) = try await visitor.get(next)
            let (_, secondByNumber) = try await visitor.get("/can-bo?trang=2")
            #expect(people(second) == people(secondByNumber) && people(second).count == 50, "\(people(second))")
            let (_, third) = try await visitor.get(try #require(link(second, "next")))
            #expect(people(third).count == 20 && link(third, "next") == nil)
            let previous = try #require(link(third, "prev"))
            #expect(previous.contains("truoc="))
            let (_, back) = try await visitor.get(previous)
            #expect(people(back) == people(second))
        }
    }

    @Test func theUnitTreeShowsValidityDates() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            let (_, body) = try await visitor.get("/don-vi")
            #expect(body.contains("đến 31/01/2020"))
            #expect(body.contains("Xã Chu Hương"))
        }
    }

    @Test func responsesCarrySecurityHeaders() async throws {
        try await withTestApp { app in
            try await Visitor(app: app).test(.GET, "/dang-nhap") { res in
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                #expect(res.headers.setCookie?[CSRFCookie.name]?.isHTTPOnly == true)
            }
        }
    }
}

@Suite(.serialized) struct ClassFormTests {
    let validClass: [(String, String)] = [
        ("code", "L2024-NGACH-01"), ("name", "Bồi dưỡng ngạch chuyên viên khóa 1"), ("programme_type", "NGACH"),
        ("form", "BOI-DUONG"), ("institution_code", "TCT"), ("organising_unit_code", ""),
        ("start_date", "04/03/2024"), ("end_date", "26/04/2024"), ("hours", "240"), ("location", "TRONG-NUOC"),
    ]

    @Test func aFormWithoutTheCSRFTokenIsRefused() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/lop-hoc/moi")
            let (status, body, _) = try await visitor.post("/lop-hoc/moi", validClass, withToken: false)
            #expect(status == .forbidden)
            #expect(body.contains("Phiên làm việc đã hết hạn"))
            #expect(try await TrainingClass.query(on: app.db).count() == 0)
        }
    }

    @Test func invalidInputIsShownNextToTheFieldAndKept() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/lop-hoc/moi")
            var fields = validClass
            fields[6] = ("start_date", "30/04/2024")
            fields[8] = ("hours", "hai trăm")
            let (status, body, _) = try await visitor.post("/lop-hoc/moi", fields)
            #expect(status == .unprocessableEntity)
            #expect(body.contains("Ngày kết thúc (26/04/2024) trước ngày bắt đầu (30/04/2024)."))
            #expect(body.contains("Số tiết phải là số nguyên"))
            #expect(body.contains("value=\"Bồi dưỡng ngạch chuyên viên khóa 1\""))
            #expect(body.contains("value=\"hai trăm\""))
            #expect(try await TrainingClass.query(on: app.db).count() == 0)
        }
    }

    @Test func createEnrolAndRecordResultsThroughTheForms() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/lop-hoc/moi")
            let (status, _, location) = try await visitor.post("/lop-hoc/moi", validClass)
            #expect(status == .seeOther)
            #expect(location == "/lop-hoc/L2024-NGACH-01")

            let (_, search) = try await visitor.get("/lop-hoc/L2024-NGACH-01?tim=nguyen+van")
            #expect(search.contains("value=\"P1\""))
            // The class ended (2024): enrolling now asks to be confirmed as completing the record.
            let (unconfirmed, warning, _) = try await visitor.post("/lop-hoc/L2024-NGACH-01/hoc-vien",
                                                                   [("person_codes[]", "P1"), ("capacity", "CBCCVC")])
            #expect(unconfirmed == .unprocessableEntity)
            #expect(warning.contains("Lớp đã kết thúc ngày 26/04/2024"))
            #expect(try await Enrolment.query(on: app.db).count() == 0)
            let (enrolStatus, _, _) = try await visitor.post("/lop-hoc/L2024-NGACH-01/hoc-vien",
                                                              [("person_codes[]", "P1"), ("capacity", "CBCCVC"),
                                                               ("ended_confirmed", "1")])
            #expect(enrolStatus == .seeOther)
            #expect(try await visitor.get("/lop-hoc/L2024-NGACH-01").1.contains("Đã ghi danh 1 người vào lớp."))

            let (badStatus, badBody, _) = try await visitor.post("/lop-hoc/L2024-NGACH-01/ket-qua", [
                ("result.P1", "HOAN-THANH"), ("certificate_number.P1", "CC-1"), ("certificate_date.P1", "ngày mai"),
            ])
            #expect(badStatus == .unprocessableEntity)
            #expect(badBody.contains("Ngày cấp \"ngày mai\" không hợp lệ") || badBody.contains("Ngày cấp &quot;ngày mai&quot; không hợp lệ"))

            let (okStatus, _, _) = try await visitor.post("/lop-hoc/L2024-NGACH-01/ket-qua", [
                ("result.P1", "HOAN-THANH"), ("certificate_number.P1", "CC-1"), ("certificate_date.P1", "26/04/2024"),
            ])
            #expect(okStatus == .seeOther)
            let (_, record) = try await visitor.get("/can-bo/P1")
            #expect(record.contains("class-link\" href=\"/lop-hoc/L2024-NGACH-01\""))
            #expect(record.contains("Hoàn thành"))
            #expect(record.contains("CC-1, 26/04/2024"))
        }
    }

    @Test func enrollingSomeoneOutOfServiceShowsWhy() async throws {
        try await withTestApp { app in
            try await seed(app)
            try await RecordStore(app.db).replaceHistory(personCode: "P2", with: [
                WorkPeriodDraft(unitCode: "BB-CH", category: .cadre, from: Day(2025, 1, 1)),
            ])
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/lop-hoc/moi")
            _ = try await visitor.post("/lop-hoc/moi", validClass)
            let (status, body, _) = try await visitor.post("/lop-hoc/L2024-NGACH-01/hoc-vien",
                                                            [("person_codes[]", "P2"), ("ended_confirmed", "1")])
            #expect(status == .unprocessableEntity)
            #expect(body.contains("Hoàng Thị Huệ (P2) không công tác vào ngày khai giảng 04/03/2024."))
            #expect(try await Enrolment.query(on: app.db).count() == 0)
        }
    }

    @Test func fundingAndInstructorFormsValidateAndSave() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/kinh-phi/moi")
            let (bad, badBody, _) = try await visitor.post("/kinh-phi/moi", [("document_number", "01/KH"),
                                                                             ("year", "2018"), ("source", "NS-TINH"),
                                                                             ("amount", "nhiều")])
            #expect(bad == .unprocessableEntity)
            #expect(badBody.contains("Số tiền phải là số nguyên"))
            let (ok, _, _) = try await visitor.post("/kinh-phi/moi", [("document_number", "01/KH"), ("year", "2018"),
                                                                      ("source", "NS-TINH"),
                                                                      ("amount", "24.180.000.000"), ("kind", "THUC-CHI")])
            #expect(ok == .seeOther)
            let (_, list) = try await visitor.get("/kinh-phi")
            #expect(list.contains("24.180.000.000"))

            let (saved, _, _) = try await visitor.post("/giang-vien/moi", [
                ("code", "GV01"), ("full_name", "Triệu Thị Lan"), ("institution_code", "TCT"), ("degree", "THAC-SI"),
                ("active_methods_trained", "co"),
            ])
            #expect(saved == .seeOther)
            let (_, instructors) = try await visitor.get("/giang-vien")
            #expect(instructors.contains("Triệu Thị Lan"))
            #expect(instructors.contains("Thạc sĩ"))
        }
    }
}

@Suite(.serialized) struct CatalogueTests {
    @Test func aProvinceCanAddAProgrammeTypeAndUseItForAClass() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/danh-muc")
            let (saved, _, _) = try await visitor.post("/danh-muc/loai-chuong-trinh",
                                                       [("code", "KNS"), ("label", "Kỹ năng số")])
            #expect(saved == .seeOther)
            let (_, page) = try await visitor.get("/danh-muc")
            #expect(page.contains("Kỹ năng số"))
            let (created, _, _) = try await visitor.post("/lop-hoc/moi", [
                ("code", "L-KNS-1"), ("name", "Bồi dưỡng kỹ năng số"), ("programme_type", "KNS"),
                ("start_date", "01/10/2024"), ("end_date", "03/10/2024"),
            ])
            #expect(created == .seeOther)
            let (_, classPage) = try await visitor.get("/lop-hoc/L-KNS-1")
            #expect(classPage.contains("Kỹ năng số"))
        }
    }

    @Test func fixedListsCannotBeChanged() async throws {
        try await withTestApp { app in
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/danh-muc")
            let (status, body, _) = try await visitor.post("/danh-muc/doi-tuong", [("code", "XX"), ("label", "Khác")])
            #expect(status == .unprocessableEntity)
            #expect(body.contains("không sửa được"))
            let categories = try await RecordStore(app.db).catalogue(.categories)
            #expect(categories.codes == CodeList.categories.codes)
        }
    }
}

@Suite(.serialized) struct PersonFormTests {
    @Test func duplicateCodesAndUnknownUnitsAreRefusedNextToTheField() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/can-bo/moi")
            let (status, body, _) = try await visitor.post("/can-bo/moi", [
                ("code", "P1"), ("full_name", "Lục Văn Mới"), ("unit_code", "BB"), ("category", "CC"),
            ])
            #expect(status == .unprocessableEntity)
            #expect(body.contains("Mã cán bộ &quot;P1&quot; đã có.") || body.contains("Mã cán bộ \"P1\" đã có."))
            #expect(body.contains("value=\"Lục Văn Mới\""))
            let (unknown, unknownBody, _) = try await visitor.post("/can-bo/moi", [
                ("code", "P9"), ("full_name", "Lục Văn Mới"), ("unit_code", "KHONG-CO"), ("category", "CC"),
            ])
            #expect(unknown == .unprocessableEntity)
            #expect(unknownBody.contains("KHONG-CO"))
            #expect(try await Person.query(on: app.db).count() == 2)

            let (created, _, location) = try await visitor.post("/can-bo/moi", [
                ("code", "P9"), ("full_name", "Lục Văn Mới"), ("unit_code", "BB"), ("category", "CC"),
                ("birth_date", "02/09/1985"), ("sex", "Nam"), ("ethnicity", "Tày"),
            ])
            #expect(created == .seeOther)
            #expect(location == "/can-bo/P9")
        }
    }

    @Test func correctingHistoryOnTheWebReDerivesWhatTheClassCountedAndRefusesOverlaps() async throws {
        try await withTestApp { app in
            try await seed(app)
            let store = RecordStore(app.db)
            try await store.createClass(ClassDraft(code: "L1", name: "Bồi dưỡng QLNN", programmeType: "NGACH",
                                                   start: Day(2018, 3, 5), end: Day(2018, 4, 27)))
            try await store.enrol(classCode: "L1", personCodes: ["P1"])
            let visitor = try await Visitor.signedIn(app)
            let (_, before) = try await visitor.get("/can-bo/P1")
            #expect(before.contains("Công chức – Huyện Ba Bể"))

            let (overlap, overlapBody, _) = try await visitor.post("/can-bo/P1/qua-trinh", [
                ("history.0.unit_code", "BB-CH"), ("history.0.category", "CB"), ("history.0.from_date", "01/01/2010"),
                ("history.1.unit_code", "BB"), ("history.1.category", "CC"), ("history.1.from_date", "01/01/2019"),
            ])
            #expect(overlap == .unprocessableEntity)
            #expect(overlapBody.contains("Giai đoạn từ 01/01/2019 chồng lấn giai đoạn từ 01/01/2010."))
            #expect(overlapBody.contains("value=\"01/01/2019\""))
            let (backwards, backwardsBody, _) = try await visitor.post("/can-bo/P1/qua-trinh", [
                ("history.0.unit_code", "BB"), ("history.0.category", "CC"), ("history.0.from_date", "01/01/2019"),
                ("history.0.to_date", "01/01/2018"),
            ])
            #expect(backwards == .unprocessableEntity)
            #expect(backwardsBody.contains("Ngày kết thúc (01/01/2018) trước ngày bắt đầu (01/01/2019)."))
            #expect(try await WorkHistoryRow.query(on: app.db).count() == 0)

            let (saved, _, _) = try await visitor.post("/can-bo/P1/qua-trinh", [
                ("history.0.unit_code", "BB-CH"), ("history.0.category", "CB"), ("history.0.from_date", "01/01/2010"),
                ("history.0.to_date", "31/12/2018"),
                ("history.1.unit_code", "BB"), ("history.1.category", "CC"), ("history.1.from_date", "01/01/2019"),
            ])
            #expect(saved == .seeOther)
            let (_, after) = try await visitor.get("/can-bo/P1")
            #expect(after.contains("Cán bộ – Xã Chu Hương"))
            #expect(after.contains("01/01/2019 – nay"))
        }
    }

    @Test func unitsCanBeAddedAndMergedIntoAnother() async throws {
        try await withTestApp { app in
            try await seed(app)
            let visitor = try await Visitor.signedIn(app)
            _ = try await visitor.get("/don-vi/moi")
            let (created, _, _) = try await visitor.post("/don-vi/moi", [
                ("code", "BB-PL"), ("name", "Xã Phúc Lộc"), ("level", "XA"), ("parent_code", "BB"),
                ("valid_from", "01/02/2020"),
            ])
            #expect(created == .seeOther)
            let (merged, _, _) = try await visitor.post("/don-vi/BB-CH/sua", [
                ("code", "BB-CH"), ("name", "Xã Chu Hương"), ("level", "XA"), ("parent_code", "BB"),
                ("valid_to", "31/01/2020"), ("merged_into_code", "BB-PL"),
            ])
            #expect(merged == .seeOther)
            let (_, tree) = try await visitor.get("/don-vi")
            #expect(tree.contains("Xã Phúc Lộc"))
            #expect(tree.contains("<td>Xã Phúc Lộc</td>"))
        }
    }
}
