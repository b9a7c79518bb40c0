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

/// Two districts: Ba Bể (BB, with the commune BB-CH; people P1, P2) and Na Rì (NR; Q1). A class of each district,
/// and one of the province's with learners from both.
func seedTwoDistricts(_ app: Application) async throws {
    try await seed(app)
    let store = RecordStore(app.db)
    try await store.createUnit(UnitDraft(code: "NR", name: "Huyện Na Rì", level: .district, parentCode: "BK"))
    try await store.createPerson(PersonDraft(code: "Q1", fullName: "Lục Văn Quý", ethnicity: "Tày", unitCode: "NR",
                                             category: .civilServant))
    try await store.saveInstitution(InstitutionDraft(code: "TTBD", name: "Trung tâm bồi dưỡng"))
    try await store.saveInstructor(InstructorDraft(code: "GV-TTBD", fullName: "Giảng viên Trung tâm", institutionCode: "TTBD"))
    try await store.saveFundingLine(FundingDraft(documentNumber: "KP-1", year: 2018, source: "NSDP", amount: 1_000_000))
    let classes: [(String, String, String?, String, [String])] = [
        ("LBB", "Bồi dưỡng Ba Bể", "BB", "TCT", ["P1"]),
        ("LNR", "Bồi dưỡng Na Rì", "NR", "TTBD", ["Q1"]),
        ("LTINH", "Bồi dưỡng toàn tỉnh", nil, "TCT", ["P1", "Q1"]),
    ]
    for (code, name, organiser, institution, learners) in classes {
        try await store.createClass(ClassDraft(code: code, name: name, programmeType: "NGACH", institutionCode: institution,
                                               organisingUnitCode: organiser, start: Day(2018, 3, 5), end: Day(2018, 4, 27)))
        try await store.enrol(classCode: code, personCodes: learners)
        try await store.recordResults(classCode: code, learners.map { ResultEntry(personCode: $0, result: .completed) })
    }
    try await store.saveNews(NewsDraft(title: "Tin", body: "Nội dung.", author: "Sở Nội vụ", date: Day(2020, 1, 1),
                                       published: false))
    // Na Rì's nominee to a master's course of TTBD: nomination 1, commitment 1, repayment case 1 (a drop-out).
    try await store.createClass(ClassDraft(code: "THS-NR", name: "Thạc sĩ Na Rì", programmeType: "CHUYENMON",
                                           form: .degree, institutionCode: "TTBD", organisingUnitCode: "NR",
                                           start: Day(2026, 9, 1), end: Day(2027, 8, 31),
                                           grants: QualificationLevel(code: "CHUYEN-MON:THAC-SI")))
    try await store.replaceHistory(personCode: "Q1", with: [
        WorkPeriodDraft(unitCode: "NR", category: .civilServant, from: Day(2015, 1, 1), to: nil),
    ])
    try await store.replaceRatings(personCode: "Q1", with: [YearRating(year: 2024, rating: .good),
                                                             YearRating(year: 2025, rating: .good)])
    let nominated = try await store.nominate(classCode: "THS-NR", personCodes: ["Q1"], proposer: "to.chuc.nr",
                                             on: Day(2026, 6, 1))
    try await store.decideNomination(id: nominated[0].id!, approve: true, reason: nil, decider: "so", on: Day(2026, 6, 2))
    try await store.recordCommitment(classCode: "THS-NR", personCode: "Q1", CommitmentDraft(
        decisionNumber: "QĐ 7/QĐ-SNV", decisionDate: Day(2026, 8, 1), signer: "Giám đốc Sở", cost: 90_000_000),
                                     on: Day(2026, 8, 1))
    try await store.recordResults(classCode: "THS-NR", [ResultEntry(personCode: "Q1", result: .droppedOut)])
}

/// A role and what it must never see.
struct Tried {
    let role: Role
    let unit: String?
    let institution: String?
    /// Texts of records outside the role's scope: none may appear in any answer.
    let foreign: [String]
}

@Suite(.serialized) struct AccessTests {
    static let tried = [
        Tried(role: .unitOfficer, unit: "BB", institution: nil,
              foreign: ["Lục Văn Quý", "Bồi dưỡng Na Rì", "Huyện Na Rì", "Thạc sĩ Na Rì", "QĐ 7/QĐ-SNV"]),
        Tried(role: .leader, unit: "BB", institution: nil,
              foreign: ["Lục Văn Quý", "Bồi dưỡng Na Rì", "Huyện Na Rì", "Thạc sĩ Na Rì", "QĐ 7/QĐ-SNV"]),
        Tried(role: .institution, unit: nil, institution: "TCT",
              foreign: ["Bồi dưỡng Na Rì", "Giảng viên Trung tâm", "Thạc sĩ Na Rì", "QĐ 7/QĐ-SNV"]),
        Tried(role: .provincialOfficer, unit: nil, institution: nil, foreign: []),
        Tried(role: .administrator, unit: nil, institution: nil, foreign: []),
    ]

    /// A route's path with every parameter replaced by a record outside the district of Ba Bể (and outside the
    /// institution TCT): what someone guessing ids in URLs would try.
    static func guessedPath(_ route: Route) -> (path: String, guessesID: Bool) {
        var guesses = false
        let first = route.path.first?.description ?? ""
        let parts = route.path.map { component -> String in
            switch component {
            case .constant(let text): return text
            case .parameter(let name):
                guesses = true
                switch (first, name) {
                case ("can-bo", _): return "Q1"
                case ("lop-hoc", _): return "LNR"
                case ("don-vi", _): return "NR"
                case ("co-so-dao-tao", _): return "TTBD"
                case ("giang-vien", _): return "GV-TTBD"
                case ("nguoi-dung", _): return "test.quan-tri"
                case ("danh-muc", _): return CodeList.programmeTypes.name
                case (_, "job"): return UUID().uuidString
                default: return "1"
                }
            case .anything, .catchall: return "x"
            }
        }
        return ("/" + parts.joined(separator: "/"), guesses)
    }

    /// Form fields naming records of Na Rì, for every write.
    static let guessedFields: [(String, String)] = [
        ("code", "Q1"), ("person_code", "Q1"), ("person_codes[]", "Q1"), ("unit_code", "NR"), ("unit", "NR"),
        ("full_name", "Tên đoán"), ("category", "CC"), ("class_code", "LNR"), ("name", "Lớp mới"),
        ("programme_type", "NGACH"), ("form", "BOI-DUONG"), ("institution_code", "TTBD"), ("start_date", "05/03/2018"),
        ("end_date", "27/04/2018"), ("location", "TRONG-NUOC"), ("organising_unit_code", "NR"), ("label", "Nhãn"),
        ("result.Q1", "HOAN-THANH"), ("history.0.unit_code", "NR"), ("history.0.from", "01/01/2015"),
        ("history.0.category", "CC"), ("ratings.0.year", "2025"), ("ratings.0.rating", "HTT"),
        ("decision", "approve"), ("reason", "Lý do đoán"), ("capacity", "5"), ("deadline", "01/08/2026"),
        ("decision_number", "QĐ đoán"), ("decision_date", "01/08/2026"), ("signer", "Người ký"), ("cost", "1000"),
        ("council_decision", "QĐ đoán"), ("council_date", "01/01/2027"), ("paid_on", "01/01/2027"), ("amount", "1000"),
        ("document", "UNC đoán"),
    ]

    /// Every route of the router, for every role: a route the role may not use answers 403; one it may use, with
    /// ids of another district or institution in the URL, answers 403 or 404; no answer shows a record outside
    /// the scope; and no write outside the scope changes anything.
    @Test func noRoleReachesOutsideItsScopeByAnyRoute() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let routes = app.routes.all
            #expect(routes.count > 60)
            for route in routes {
                #expect(route.permission != nil, "\(route.description) declares no permission")
            }
            for tried in Self.tried {
                let visitor = try await Visitor.signedIn(app, as: tried.role, unit: tried.unit, institution: tried.institution)
                let before = try await databaseDump(app.db)
                let confined = tried.role != .administrator && tried.role != .provincialOfficer
                // The API takes no session (its tokens have their own test: APIScopeTests).
                for route in routes where !["dang-xuat", "api"].contains(route.path.first?.description ?? "") {
                    let permission = try #require(route.permission)
                    let (path, guessesID) = Self.guessedPath(route)
                    for query in ["", "?don_vi=NR&tu=2018-01-01&den=2018-12-31&ngay=2018-12-31"] {
                        let (status, body) = try await request(visitor, route.method, path + query)
                        let place = "\(tried.role.rawValue) \(route.method) \(path)\(query)"
                        #expect(status.code < 500, "\(place) answered \(status.code)")
                        if permission != .publicPage && !tried.role.permissions.contains(permission) {
                            #expect(status == .forbidden, "\(place) answered \(status.code), not 403")
                        } else if confined, guessesID, route.method == .GET, permission != .publicPage,
                                  !path.hasPrefix("/ban-tin") {
                            #expect(status == .forbidden || status == .notFound, "\(place) answered \(status.code)")
                        }
                        for text in tried.foreign {
                            #expect(!body.contains(text), "\(place) shows \"\(text)\"")
                        }
                    }
                }
                if confined {
                    // Nothing outside the scope changed: the whole database (bar the audit trail) is as it was.
                    let after = try await databaseDump(app.db)
                    #expect(after == before, "\(tried.role.rawValue) changed records outside its scope")
                }
            }
        }
    }

    private func request(_ visitor: Visitor, _ method: HTTPMethod, _ path: String) async throws -> (HTTPStatus, String) {
        if method == .POST {
            let (status, body, _) = try await visitor.post(path, Self.guessedFields)
            return (status, body)
        }
        var status = HTTPStatus.ok, body = ""
        try await visitor.test(method, path) { res in
            status = res.status
            body = res.body.string
        }
        return (status, body)
    }

    /// What a unit officer of Ba Bể sees is Ba Bể's: its people, its units, its share of the province's class.
    @Test func aUnitOfficerSeesTheirSubtreeOnly() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let (_, people) = try await officer.get("/can-bo")
            #expect(people.contains("Nguyễn Văn An") && people.contains("Hoàng Thị Huệ") && !people.contains("Lục Văn Quý"))
            let (_, classes) = try await officer.get("/lop-hoc")
            #expect(classes.contains("LBB") && classes.contains("LTINH") && !classes.contains("LNR"))
            let (_, shared) = try await officer.get("/lop-hoc/LTINH")
            #expect(shared.contains("Nguyễn Văn An") && !shared.contains("Lục Văn Quý"))
            let (status, _) = try await officer.get("/lop-hoc/LNR")
            #expect(status == .notFound)
            // The report counts Ba Bể's lượt only (P1 in LBB and LTINH), on the page and in the JSON.
            var report: SummaryReport?
            try await officer.test(.GET, "/bao-cao/tong-hop.json?tu=2018-01-01&den=2018-12-31") { res in
                report = try? JSONDecoder().decode(SummaryReport.self, from: Data(res.body.readableBytesView))
            }
            #expect(report?.personTimes.total == 2)
            let csv = try await officer.get("/can-bo.csv").1
            #expect(csv.contains("P1") && !csv.contains("Q1"))
            // Nominating a person of another district, or into another district's class, is refused.
            let (foreign, _, _) = try await officer.post("/lop-hoc/LTINH/hoc-vien", [("person_codes[]", "Q1")])
            #expect(foreign == .notFound || foreign == .unprocessableEntity)
            let (own, _, _) = try await officer.post("/lop-hoc/LBB/hoc-vien", [("person_codes[]", "P2"),
                                                                               ("ended_confirmed", "1")])
            #expect(own == .seeOther)
            // A person created by the officer must belong to their subtree.
            let (outside, page, _) = try await officer.post("/can-bo/moi", [("code", "P9"), ("full_name", "Người Mới"),
                                                                            ("unit_code", "NR"), ("category", "CC")])
            #expect(outside == .unprocessableEntity && page.contains("Không có đơn vị mã"))
            let (inside, _, _) = try await officer.post("/can-bo/moi", [("code", "P9"), ("full_name", "Người Mới"),
                                                                        ("unit_code", "BB-CH"), ("category", "CC")])
            #expect(inside == .seeOther)
            // The audit trail names the officer.
            let entry = try await AuditEntry.query(on: app.db).sort(\.$id, .descending).first()
            #expect(entry?.actor == "test.to-chuc-don-vi")
            // Someone who was in Ba Bể in 2018 and has since moved to Na Rì is Na Rì's: not listed by name to Ba Bể,
            // on any date; the province sees them under Ba Bể on that date.
            let store = RecordStore(app.db)
            try await store.createPerson(PersonDraft(code: "Q2", fullName: "Triệu Văn Chuyển", unitCode: "NR",
                                                     category: .civilServant, rankCode: "01.003", professionalLevel: "DAI-HOC"))
            try await store.replaceHistory(personCode: "Q2", with: [
                WorkPeriodDraft(unitCode: "BB", category: .civilServant, rankCode: "01.003", from: Day(2015, 1, 1),
                                to: Day(2018, 12, 31)),
                WorkPeriodDraft(unitCode: "NR", category: .civilServant, rankCode: "01.003", from: Day(2019, 1, 1))])
            let (_, gaps) = try await officer.get("/chuan-dao-tao?ngay=30/06/2018")
            #expect(!gaps.contains("Triệu Văn Chuyển"))
            let admin = try await Visitor.signedIn(app)
            let (_, provinceGaps) = try await admin.get("/chuan-dao-tao?ngay=30/06/2018&don_vi=BB")
            #expect(provinceGaps.contains("Triệu Văn Chuyển"))
        }
    }

    /// An import by a unit officer: rows of their own people go in; a row of another district stops the file.
    @Test func aUnitOfficersImportStaysInTheirSubtree() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let store = RecordStore(app.db, scope: try #require(try await AccountStore(app.db).scope(of: {
                let account = UserAccount()
                account.roleCode = Role.unitOfficer.rawValue
                account.unitID = try await OrgUnit.query(on: app.db).filter(\.$code == "BB").first()?.id
                return account
            }())))
            var batch = ImportBatch()
            batch.sheetNames[.people] = "CanBo"
            batch.people = [ImportedRow(row: 2, draft: PersonDraft(code: "P5", fullName: "Ma Văn Năm", unitCode: "BB",
                                                                   category: .civilServant))]
            #expect(try await store.checkImport(batch).isClean)
            batch.people.append(ImportedRow(row: 3, draft: PersonDraft(code: "Q1", fullName: "Lục Văn Quý",
                                                                       unitCode: "BB", category: .civilServant)))
            batch.people.append(ImportedRow(row: 4, draft: PersonDraft(code: "P6", fullName: "Ma Văn Sáu",
                                                                       unitCode: "NR", category: .civilServant)))
            // Nominating one's own person is theirs; recording a result is the institution's or the province's.
            batch.sheetNames[.enrolments] = "GhiDanh"
            batch.enrolments = [ImportedRow(row: 2, draft: EnrolmentDraft(classCode: "LTINH", personCode: "P1",
                                                                           result: .notCompleted))]
            batch.sheetNames[.units] = "DonVi"
            batch.units = [ImportedRow(row: 2, draft: UnitDraft(code: "X", name: "Xã mới", level: .commune, parentCode: "BB"))]
            let check = try await store.checkImport(batch)
            let messages = check.problems.map(\.description)
            #expect(messages.contains { $0.contains("dòng 3") && $0.contains("Mã cán bộ \"Q1\" đã có.") })
            #expect(messages.contains { $0.contains("dòng 4") && $0.contains("Đơn vị \"NR\" không thuộc") })
            #expect(messages.contains { $0.contains("DonVi") && $0.contains("Chỉ cấp tỉnh") })
            #expect(messages.contains { $0.contains("GhiDanh") && $0.contains("Chỉ cơ sở đào tạo hoặc Sở Nội vụ được ghi kết quả") })
            // Rows outside the scope are reported as such, and no other check describes records outside it.
            #expect(!messages.contains { $0.contains("chồng lấn") || $0.contains("khai giảng") })
            let before = try await databaseDump(app.db)
            await #expect(throws: ImportRejected.self) { try await store.commitImport(batch) }
            #expect(try await databaseDump(app.db) == before)

            // Another district's person reads exactly as nobody at all: same words, same column.
            func problems(naming code: String) async throws -> [ImportProblem] {
                var references = ImportBatch()
                references.sheetNames[.history] = "QuaTrinh"
                references.history = [ImportedRow(row: 2, draft: HistoryDraft(personCode: code, period: WorkPeriodDraft(
                    unitCode: "BB", category: .civilServant, from: Day(2019, 1, 1))))]
                return try await store.checkImport(references).problems
            }
            let foreign = try await problems(naming: "Q1"), unknown = try await problems(naming: "Q9")
            #expect(foreign.count == 1)
            #expect(foreign.map(\.description) == unknown.map { $0.description.replacingOccurrences(of: "Q9", with: "Q1") })
        }
    }

    /// Saved column mappings are shared: a unit's officer adds new ones but cannot change one the province uses.
    @Test func aUnitOfficerCannotOverwriteASharedMapping() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let province = RecordStore(app.db)
            let columns = ["Mã": "code", "Tên": "full_name", "Đơn vị": "unit_code", "Đối tượng": "category"]
            let mapping = ImportMapping(sheets: ["Sheet1": .init(target: "CanBo", columns: columns)])
            try await province.saveMapping(mapping, named: "Mẫu huyện")
            let bb = try #require(try await OrgUnit.query(on: app.db).filter(\.$code == "BB").first())
            let officer = RecordStore(app.db, scope: .unitSubtree(unitID: bb.id!, code: "BB", path: bb.path))
            var swappedColumns = columns
            swappedColumns["Đơn vị"] = "category"
            swappedColumns["Đối tượng"] = "unit_code"
            let swapped = ImportMapping(sheets: ["Sheet1": .init(target: "CanBo", columns: swappedColumns)])
            await #expect(throws: ValidationFailure.self) { try await officer.saveMapping(swapped, named: "Mẫu huyện") }
            #expect(try await province.savedMapping(named: "Mẫu huyện") == mapping)
            try await officer.saveMapping(swapped, named: "Mẫu Ba Bể")
            #expect(try await province.savedMapping(named: "Mẫu Ba Bể") == swapped)
        }
    }

    /// Every state-changing route refuses a request without the form token, even from a signed-in administrator.
    @Test func everyStateChangingRouteNeedsTheFormToken() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let admin = try await Visitor.signedIn(app)
            let before = try await databaseDump(app.db)
            var checked = 0
            // The API's writes take no cookie, so no form token: a session opens none of them (APITokenTests).
            for route in app.routes.all where route.method != .GET && route.method != .HEAD
                && route.path.first?.description != "api" {
                let path = Self.guessedPath(route).path.replacingOccurrences(of: "Q1", with: "P1")
                    .replacingOccurrences(of: "LNR", with: "LBB")
                let (status, _, _) = try await admin.post(path, Self.guessedFields, withToken: false)
                #expect(status == .forbidden, "\(route.method) \(path) answered \(status.code) without a token")
                checked += 1
            }
            #expect(checked > 20)
            #expect(try await databaseDump(app.db) == before)
        }
    }
}

@Suite(.serialized) struct SessionTests {
    /// Five wrong passwords lock the account for the window; the right password is then refused too, with a
    /// Vietnamese message, and accepted once the clock has moved past the window.
    @Test func failedSignInsAreThrottledPerAccount() async throws {
        try await withTestApp { app in
            _ = try await Visitor.signedIn(app, username: "nguoi.dung")
            let visitor = Visitor(app: app)
            _ = try await visitor.get("/dang-nhap")
            for _ in 0..<5 {
                let (status, body, _) = try await visitor.post("/dang-nhap", [("username", "nguoi.dung"), ("password", "sai")])
                #expect(status == .unauthorized && body.contains("Tên đăng nhập hoặc mật khẩu không đúng"))
            }
            let (locked, body, _) = try await visitor.post("/dang-nhap", [("username", "nguoi.dung"),
                                                                          ("password", "mat-khau-thu-nghiem")])
            #expect(locked == .tooManyRequests)
            #expect(body.contains("Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút"))
            app.wallClock.advance(by: 15 * 60 + 1)
            let (open, _, _) = try await visitor.post("/dang-nhap", [("username", "nguoi.dung"),
                                                                     ("password", "mat-khau-thu-nghiem")])
            #expect(open == .seeOther)
        }
    }

    /// Twenty failures from one address lock that address for every account name.
    @Test func failedSignInsAreThrottledPerAddress() async throws {
        try await withTestApp { app in
            _ = try await Visitor.signedIn(app, username: "nguoi.dung")
            let visitor = Visitor(app: app)
            _ = try await visitor.get("/dang-nhap")
            for index in 0..<20 {
                _ = try await visitor.post("/dang-nhap", [("username", "ten\(index)"), ("password", "sai")])
            }
            let (locked, _, _) = try await visitor.post("/dang-nhap", [("username", "nguoi.dung"),
                                                                       ("password", "mat-khau-thu-nghiem")])
            #expect(locked == .tooManyRequests)
        }
    }

    /// A session ends after 30 idle minutes, and after 12 hours however busy; signing in gives a new session id.
    @Test func sessionsExpireWhenIdleAndAfterTheirLifetime() async throws {
        try await withTestApp { app in
            let visitor = try await Visitor.signedIn(app)
            #expect(try await visitor.get("/can-bo").0 == .ok)
            app.wallClock.advance(by: 29 * 60)
            #expect(try await visitor.get("/can-bo").0 == .ok)
            app.wallClock.advance(by: 31 * 60)
            var location: String?
            try await visitor.test(.GET, "/can-bo") { res in location = res.headers.first(name: .location) }
            #expect(location == "/dang-nhap?tiep=%2Fcan-bo")

            let busy = try await Visitor.signedIn(app)
            for _ in 0..<25 {
                app.wallClock.advance(by: 29 * 60)
                _ = try await busy.get("/")
            }
            #expect(try await busy.get("/can-bo").0 == .seeOther)

            let first = busy.cookies[SessionCookie.name]
            let again = try await Visitor.signedIn(app)
            #expect(again.cookies[SessionCookie.name] != first)
            #expect(try await UserSession.query(on: app.db).count() >= 1)
        }
    }

    /// Signing out ends the session on the server (the old cookie is worth nothing); changing the password ends
    /// the account's other sessions; the password is stored as bcrypt of the production cost by default.
    @Test func signOutAndPasswordChangeEndSessions() async throws {
        try await withTestApp { app in
            let first = try await Visitor.signedIn(app)
            let second = try await Visitor.signedIn(app)
            let (changed, body, _) = try await first.post("/tai-khoan/mat-khau", [
                ("current", "mat-khau-thu-nghiem"), ("password", "mot-mat-khau-moi"), ("confirm", "mot-mat-khau-moi")])
            #expect(changed == .ok && body.contains("Đã đổi mật khẩu"))
            #expect(try await second.get("/can-bo").0 == .seeOther)
            #expect(try await first.get("/can-bo").0 == .ok)
            let stolen = first.cookieHeader
            _ = try await first.post("/dang-xuat", [])
            var status = HTTPStatus.ok
            try await app.testing().test(.GET, "/can-bo", beforeRequest: { req in
                req.headers.replaceOrAdd(name: .cookie, value: stolen)
            }, afterResponse: { res in status = res.status })
            #expect(status == .seeOther)
            let account = try #require(try await AccountStore(app.db).user(username: "test.quan-tri"))
            #expect(account.passwordHash.hasPrefix("$2"))
            #expect(!account.passwordHash.contains("mot-mat-khau-moi"))
            #expect(AppConfig().passwordCost >= 12)
        }
    }

    /// Nobody signed in is sent to the login page (pages) or refused (writes); the login page never redirects
    /// off the site.
    @Test func anonymousVisitorsSeeOnlyPublicPages() async throws {
        try await withTestApp { app in
            let visitor = Visitor(app: app)
            var location: String?
            try await visitor.test(.GET, "/can-bo/P1") { res in location = res.headers.first(name: .location) }
            #expect(location == "/dang-nhap?tiep=%2Fcan-bo%2FP1")
            _ = try await visitor.get("/dang-nhap")
            let (status, _, _) = try await visitor.post("/can-bo/moi", [("code", "X")])
            #expect(status == .unauthorized)
            #expect(try await visitor.get("/ban-tin").0 == .ok)
            #expect(SignInRedirect.safe("//evil.example/") == "/")
            #expect(SignInRedirect.safe("https://evil.example/") == "/")
            #expect(SignInRedirect.safe("/\t/evil.example") == "/" && SignInRedirect.safe("/\\evil.example") == "/")
            #expect(SignInRedirect.safe("/bao-cao/tong-hop?tu=2018") == "/bao-cao/tong-hop?tu=2018")
        }
    }
}
