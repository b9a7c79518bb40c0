import Testing
import Foundation
import VaporTesting
import HocBaCore
import HocBaStore
import HocBaOffice
import HocBaTesting

/// Certificates through the pages (docs/certificates.md): the school issues from the class's register and prints,
/// anyone verifies by code (page, JSON, QR image) or by number and name, a revocation shows, unknown codes are 404,
/// and a guesser is throttled.
@Suite(.serialized) struct CertificatePagesTests {
    @Test func theSchoolIssuesPrintsAndRevokesAndAnyoneVerifies() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let school = try await Visitor.signedIn(app, as: .institution, institution: "TCT")
            let (_, classPage) = try await school.get("/lop-hoc/LBB")
            #expect(classPage.contains(#"href="/lop-hoc/LBB/chung-chi""#))
            let (_, empty) = try await school.get("/lop-hoc/LBB/chung-chi")
            #expect(empty.contains(#"id="issue-form""#) && empty.contains("1 học viên hoàn thành chưa có chứng chỉ"))
            let (noSigner, noSignerPage, _) = try await school.post("/lop-hoc/LBB/chung-chi", [("signer", " ")])
            #expect(noSigner == .unprocessableEntity && noSignerPage.contains("Chưa nhập người ký chứng chỉ."))
            let (issued, _, _) = try await school.post("/lop-hoc/LBB/chung-chi", [("signer", "Hiệu trưởng Hoàng Văn Sơn")])
            #expect(issued == .seeOther)
            let line = try #require(try await RecordStore(app.db).certificates(classCode: "LBB", on: Day.today).first)
            let year = Day.today.year
            #expect(line.number == "TCT-\(year)-000001" && line.fullName == "Nguyễn Văn An")

            let (_, print) = try await school.get("/lop-hoc/LBB/chung-chi/in")
            #expect(print.contains("CHỨNG CHỈ") && print.contains("Nguyễn Văn An") && print.contains(line.number)
                    && print.contains("<svg") && print.contains("/xac-minh/\(line.verificationCode)"))

            #expect(print.contains(#"href="/lop-hoc/LBB/chung-chi/chung-chi.docx""#) && !print.contains("onclick"))
            try await school.test(.GET, "/lop-hoc/LBB/chung-chi/chung-chi.docx") { res in
                #expect(res.status == .ok && res.headers.contentType?.subType.contains("wordprocessingml") == true)
                #expect(Data(buffer: res.body).prefix(2) == Data("PK".utf8))
            }

            // Anyone, signed in or not.
            let stranger = Visitor(app: app)
            let (status, page) = try await stranger.get("/xac-minh/\(line.verificationCode)")
            #expect(status == .ok && page.contains(#"data-status="HIEU-LUC""#) && page.contains("Nguyễn Văn An")
                    && page.contains("Trường Chính trị tỉnh Bắc Kạn") && !page.contains("Huyện Ba Bể"))
            let (lowerStatus, _) = try await stranger.get("/xac-minh/\(line.verificationCode.lowercased())")
            #expect(lowerStatus == .ok, "a code typed in lower case reads the same")
            try await app.test(.GET, "/xac-minh/\(line.verificationCode)", headers: ["Accept": "application/json"]) { res in
                #expect(res.status == .ok && res.headers.contentType == .json)
                let json = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any]
                #expect(json?["status"] as? String == "HIEU-LUC" && json?["number"] as? String == line.number)
                #expect(json?["person_code"] == nil, "only what a verifier needs")
            }
            // A browser's Accept ends in */*: it gets the page, not the JSON.
            try await app.test(.GET, "/xac-minh/\(line.verificationCode)",
                               headers: ["Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]) { res in
                #expect(res.headers.contentType?.subType == "html")
            }
            try await app.test(.GET, "/xac-minh/\(line.verificationCode)/qr.svg") { res in
                #expect(res.status == .ok && res.headers.contentType?.subType == "svg+xml")
                #expect(res.body.string.hasPrefix("<svg") && res.body.string.contains("/xac-minh/\(line.verificationCode)"))
            }
            let (unknown, unknownPage) = try await stranger.get("/xac-minh/" + String(repeating: "A", count: 20))
            #expect(unknown == .notFound && !unknownPage.contains("Nguyễn Văn An"))
            let (malformed, _) = try await stranger.get("/xac-minh/khong-phai-ma")
            #expect(malformed == .notFound)
            // Without the QR code: the number and the name (any case, no diacritics) lead to the same page.
            try await app.test(.GET, "/xac-minh?so=\(line.number)&ho_ten=nguyen%20van%20an") { res in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/xac-minh/\(line.verificationCode)")
            }
            let (wrongName, _) = try await stranger.get("/xac-minh?so=\(line.number)&ho_ten=Lục%20Văn%20Quý")
            #expect(wrongName == .notFound)

            // Another school revokes nothing of TCT's; TCT revokes with a reason, and the page says so.
            let other = try await Visitor.signedIn(app, as: .institution, institution: "TTBD", username: "truong.khac")
            let (foreign, _, _) = try await other.post("/chung-chi/\(line.number)/thu-hoi", [("reason", "Thử")])
            #expect(foreign == .notFound)
            let (revoked, _, _) = try await school.post("/chung-chi/\(line.number)/thu-hoi", [("reason", "Ghi sai ngày sinh")])
            #expect(revoked == .seeOther)
            let (_, after) = try await stranger.get("/xac-minh/\(line.verificationCode)")
            #expect(after.contains(#"data-status="THU-HOI""#) && after.contains("Ghi sai ngày sinh"))

            // The school's register of the year, as the paper register: the revocation in the remarks.
            var cells: [[String]] = []
            try await school.test(.GET, "/chung-chi/so-cap.xlsx?nam=\(year)") { res in
                #expect(res.status == .ok && res.headers.contentType?.subType.contains("spreadsheetml") == true)
                let reader = try XLSXReader(data: Data(buffer: res.body))
                try reader.rows(of: try #require(reader.sheets.first)) { row in cells.append(row.cells.map { $0.map { "\($0)" } ?? "" }) }
            }
            #expect(cells.first?.first?.contains("SỔ GỐC CẤP CHỨNG CHỈ") == true)
            #expect(cells.contains { row in row.contains { $0.contains(line.number) } && row.contains { $0.contains("Ghi sai ngày sinh") } },
                    "\(cells)")
            try await other.test(.GET, "/chung-chi/so-cap.xlsx?co_so=TCT&nam=\(year)") { res in
                let reader = try XLSXReader(data: Data(buffer: res.body))
                var texts: [String] = []
                try reader.rows(of: try #require(reader.sheets.first)) { row in texts += row.cells.map { $0.map { "\($0)" } ?? "" } }
                #expect(texts.contains { $0.contains("Trung tâm bồi dưỡng") } && !texts.contains { $0.contains(line.number) },
                        "another school gets its own register, whatever it asks")
            }

            // A unit's officer reads its people's certificates and issues none.
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let (_, register) = try await officer.get("/lop-hoc/LBB/chung-chi")
            #expect(register.contains(line.number) && !register.contains(#"id="issue-form""#))
            let (refused, _, _) = try await officer.post("/lop-hoc/LBB/chung-chi", [("signer", "X")])
            #expect(refused == .forbidden)
        }
    }

    /// With a validity of one year for NGACH, certificates issued 300 days ago expire within 90 days: a unit's
    /// officer sees its own people's, by unit, on the page and in the inbox.
    @Test func certificatesExpiringSoonAreListedByUnit() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let store = RecordStore(app.db)
            var standards = try await store.trainingStandards()
            standards.certificateValidity = [CertificateValidity(programmeType: "NGACH", years: 1, basis: "Lựa chọn của tỉnh")]
            try await store.saveLayout(TrainingStandards.self,
                                       json: String(decoding: try JSONEncoder().encode(standards), as: UTF8.self))
            let issuedOn = Day.today.adding(days: -300)
            try await store.issueCertificates(classCode: "LTINH", signer: "Hiệu trưởng", on: issuedOn)
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let (_, page) = try await officer.get("/chung-chi/sap-het-han")
            #expect(page.contains("<h2>Huyện Ba Bể</h2>") && page.contains("Nguyễn Văn An (P1)")
                    && page.contains(issuedOn.adding(years: 1).vietnamese) && !page.contains("Lục Văn Quý"))
            let (_, sooner) = try await officer.get("/chung-chi/sap-het-han?so_ngay=30")
            #expect(!sooner.contains("Nguyễn Văn An (P1)") && sooner.contains("Không có chứng chỉ nào hết hạn trong 30 ngày tới"))
            let (_, inbox) = try await officer.get("/hop-thu")
            #expect(inbox.contains(#"id="expiring""#) && inbox.contains("Nguyễn Văn An (P1) — Bồi dưỡng toàn tỉnh"))
            let (_, province) = try await Visitor.signedIn(app, as: .provincialOfficer).get("/chung-chi/sap-het-han")
            #expect(province.contains("Lục Văn Quý (Q1)") && province.contains("<h2>Huyện Na Rì</h2>"))
        }
    }

    @Test func aGuesserOfCodesIsThrottled() async throws {
        try await withTestApp { app in
            var statuses: [HTTPStatus] = []
            for _ in 0..<100 {
                try await app.test(.GET, "/xac-minh/" + VerificationCode.generate()) { statuses.append($0.status) }
            }
            #expect(statuses.prefix(30).allSatisfy { $0 == .notFound })
            #expect(statuses.dropFirst(30).allSatisfy { $0 == .tooManyRequests })
            try await app.test(.GET, "/xac-minh") { res in
                #expect(res.status == .tooManyRequests && res.headers.first(name: .retryAfter) != nil)
            }
        }
    }
}
