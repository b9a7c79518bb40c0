import Testing
import Foundation
import Vapor
import VaporTesting
import Fluent
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaTesting
@testable import HocBaWeb

/// A client of the API with one bearer token (or none), as an integrator's program.
struct APIClient: Sendable {
    let app: Application
    let token: String?

    struct Answer: Sendable {
        let status: HTTPStatus
        let headers: HTTPHeaders
        let body: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        var etag: String? { headers.first(name: .eTag) }
        var contentType: String { headers.first(name: .contentType) ?? "" }
    }

    /// Makes an account of `role` (unless it exists) and a token for it named `name`.
    static func make(_ app: Application, as role: Role, unit: String? = nil, institution: String? = nil,
                     username: String? = nil, tokenName: String = "tích hợp") async throws -> APIClient {
        let accounts = AccountStore(app.db)
        let name = username ?? "api." + role.rawValue.lowercased()
        if try await accounts.user(username: name) == nil {
            try await accounts.save(UserDraft(username: name, fullName: "Hệ thống \(role.label)", role: role,
                                              unitCode: unit, institutionCode: institution),
                                    passwordHash: try Bcrypt.hash("mat-khau-thu-nghiem", cost: 4))
        }
        let (token, _) = try await accounts.createToken(username: name, name: tokenName, expires: nil,
                                                        now: app.wallClock.now)
        return APIClient(app: app, token: token)
    }

    func call(_ method: HTTPMethod, _ path: String, json: Any? = nil, body: String? = nil,
              headers: [(String, String)] = []) async throws -> Answer {
        var answer: Answer?
        let token = token
        try await app.testing().test(method, path, beforeRequest: { req in
            if let token { req.headers.bearerAuthorization = BearerAuthorization(token: token) }
            if let json {
                req.headers.contentType = .json
                req.body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            } else if let body {
                req.body = ByteBuffer(string: body)
            }
            for (name, value) in headers { req.headers.replaceOrAdd(name: name, value: value) }
        }, afterResponse: { res in
            answer = Answer(status: res.status, headers: res.headers, body: Data(res.body.readableBytesView))
        })
        return try #require(answer)
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Answer {
        try await call(.GET, path, headers: headers)
    }
}

/// What a person looks like to `createPerson`.
func personInput(_ code: String, name: String = "Đinh Thị Mới", unit: String = "BB") -> [String: Any] {
    ["code": code, "full_name": name, "unit_code": unit, "category": "CC", "birth_date": "1990-05-17", "sex": "NU"]
}

/// The operation table is the router's `/api/v1` and the OpenAPI document: each operation served once, as
/// documented, and nothing served that is not documented.
@Suite(.serialized) struct APIDocumentTests {
    @Test func everyOperationIsServedOnceAndDocumented() async throws {
        try await withTestApp { app in
            var served: [APIRoute: Int] = [:]
            for route in app.routes.all where route.path.first?.description == "api" {
                let operation = try #require(route.apiRoute, "\(route.description) is not an operation of APIRoute")
                #expect(route.method == operation.method)
                #expect(route.path.map(\.description) == operation.components.map(\.description))
                #expect(route.permission == operation.permission)
                served[operation, default: 0] += 1
            }
            #expect(Set(served.keys) == Set(APIRoute.allCases))
            #expect(served.values.allSatisfy { $0 == 1 })

            let answer = try await APIClient(app: app, token: nil).get("/api/v1/openapi.json")
            #expect(answer.status == .ok)
            let document = answer.json
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: [String] = []
            var operationIDs: [String] = []
            for (path, item) in paths {
                for (method, operation) in item {
                    documented.append("\(method.uppercased()) /api/v1\(path)")
                    let operation = try #require(operation as? [String: Any])
                    operationIDs.append(try #require(operation["operationId"] as? String))
                    #expect((operation["responses"] as? [String: Any])?.isEmpty == false)
                }
            }
            let routed = app.routes.all.filter { $0.path.first?.description == "api" }.map { route in
                "\(route.method.rawValue) /" + route.path.map { component in
                    if case .parameter(let name) = component { "{\(name)}" } else { component.description }
                }.joined(separator: "/")
            }
            #expect(Set(documented) == Set(routed))
            #expect(Set(operationIDs).count == operationIDs.count)
            #expect(Set(operationIDs) == Set(APIRoute.allCases.map(\.rawValue)))
            // Every reference names a component that exists.
            let components = try #require(document["components"] as? [String: [String: Any]])
            for reference in Self.references(in: document) {
                let parts = reference.split(separator: "/").map(String.init)
                #expect(parts.count == 4 && components[parts[2]]?[parts[3]] != nil, "\(reference) names nothing")
            }
        }
    }

    /// An ETag is on every answer the document says has one, and on no other.
    @Test func etagsAreWhereTheDocumentSaysTheyAre() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let client = try await APIClient.make(app, as: .administrator)
            _ = try await RecordStore(app.db).savePlan(TrainingPlan(name: "KH", fromYear: 2018, toYear: 2018, targets: [], budget: []))
            for operation in APIRoute.allCases where operation.method == .GET {
                let path = APIScopeTests.foreignPath(operation).replacingOccurrences(of: "unit=NR&", with: "")
                let answer = try await client.get(path)
                #expect(answer.status == .ok, "\(path): \(answer.status.code)")
                #expect((answer.etag != nil) == operation.answersWithETag || operation == .getOpenAPIDocument, "\(path)")
            }
        }
    }

    static func references(in value: Any) -> [String] {
        switch value {
        case let object as [String: Any]:
            return (object["$ref"] as? String).map { [$0] } ?? object.values.flatMap(references)
        case let array as [Any]:
            return array.flatMap(references)
        default:
            return []
        }
    }

    /// A response the document describes has exactly the fields its schema names (objects are closed), and
    /// every required one: checked here on a person, a class and a list, beside schemathesis in CI.
    @Test func resourcesHaveTheFieldsTheirSchemasName() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let client = try await APIClient.make(app, as: .provincialOfficer)
            let schemas = OpenAPIDocument.schemas
            for (path, schema, list) in [("/api/v1/people/P1", "Person", false), ("/api/v1/classes/LTINH", "TrainingClass", false),
                                         ("/api/v1/people", "PersonSummary", true), ("/api/v1/classes", "ClassSummary", true),
                                         ("/api/v1/units/NR", "Unit", false), ("/api/v1/audit-entries", "AuditEntry", true),
                                         ("/api/v1/institutions", "Institution", true), ("/api/v1/instructors", "Instructor", true),
                                         ("/api/v1/instructors/GV-TTBD", "Instructor", false),
                                         ("/api/v1/funding-lines", "FundingLine", true),
                                         ("/api/v1/reports/training-matrix?from=2018-01-01&to=2018-12-31", "MatrixForm", false),
                                         ("/api/v1/reports/form-10?from=2018-01-01&to=2018-12-31", "MatrixForm", false),
                                         ("/api/v1/reports/commune-quality?on=2018-12-31", "CommuneQuality", false),
                                         ("/api/v1/national-changes?since=2000-01-01T00:00:00Z", "NationalFeed", false)] {
                let answer = try await client.get(path)
                #expect(answer.status == .ok, "\(path)")
                let objects = list ? (answer.json["items"] as? [[String: Any]] ?? []) : [answer.json]
                #expect(!objects.isEmpty, "\(path)")
                let described = try #require(schemas[schema]?.json)
                guard case .object(let properties)? = described["properties"], case .array(let required)? = described["required"]
                else { Issue.record("\(schema) is not an object schema"); continue }
                for object in objects {
                    #expect(Set(object.keys).isSubset(of: Set(properties.keys)), "\(path): \(Set(object.keys).subtracting(properties.keys))")
                    for case .string(let name) in required { #expect(object[name] != nil, "\(path) lacks \(name)") }
                }
            }
        }
    }
}

/// Tokens: made hashed, shown once, acting as their account, refused once revoked or expired; the API takes no
/// session cookie.
@Suite(.serialized) struct APITokenTests {
    @Test func aTokenActsAsItsAccountUntilRevokedOrExpired() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let client = try await APIClient.make(app, as: .provincialOfficer)
            let token = try #require(client.token)
            #expect(token.hasPrefix("hocba_") && token.count == 66)
            // Stored as its hash only.
            let stored = try await APIToken.query(on: app.db).all()
            #expect(stored.count == 1 && stored[0].tokenHash != token && !stored[0].tokenHash.contains(token))
            #expect(try await client.get("/api/v1/people").status == .ok)
            let used = try #require(try await APIToken.query(on: app.db).first())
            #expect(used.lastUsedAt != nil && used.lastUsedFrom != nil)

            let nobody = try await APIClient(app: app, token: nil).get("/api/v1/people")
            #expect(nobody.status == .unauthorized)
            #expect(nobody.headers.first(name: .wwwAuthenticate)?.hasPrefix("Bearer") == true)
            #expect(nobody.contentType.hasPrefix("application/problem+json"))
            #expect((nobody.json["detail"] as? String)?.contains("khóa API") == true)
            #expect(try await APIClient(app: app, token: "hocba_" + String(repeating: "0", count: 60))
                .get("/api/v1/people").status == .unauthorized)

            // A signed-in browser's cookie opens no API call.
            let visitor = try await Visitor.signedIn(app)
            var status = HTTPStatus.ok
            try await visitor.test(.GET, "/api/v1/people") { status = $0.status }
            #expect(status == .unauthorized)

            // Revoked: 401 at once.
            try await AccountStore(app.db).revokeToken(username: "api.chuyen-vien-so", name: "tích hợp", now: app.wallClock.now)
            #expect(try await client.get("/api/v1/people").status == .unauthorized)

            // Expiring: good until its day ends, 401 after.
            let (expiring, _) = try await AccountStore(app.db).createToken(
                username: "api.chuyen-vien-so", name: "tạm", expires: app.wallClock.now.addingTimeInterval(3600),
                now: app.wallClock.now)
            let temporary = APIClient(app: app, token: expiring)
            #expect(try await temporary.get("/api/v1/people").status == .ok)
            app.wallClock.advance(by: 3601)
            #expect(try await temporary.get("/api/v1/people").status == .unauthorized)

            // A token of a locked account opens nothing.
            let other = try await APIClient.make(app, as: .unitOfficer, unit: "BB")
            #expect(try await other.get("/api/v1/people").status == .ok)
            try await AccountStore(app.db).save(UserDraft(username: "api.to-chuc-don-vi", fullName: "Khóa", role: .unitOfficer,
                                                          unitCode: "BB", active: false), passwordHash: nil, updating: true)
            #expect(try await other.get("/api/v1/people").status == .unauthorized)
        }
    }

    /// The page Tài khoản → Khóa API: a token made there is shown once and works; revoking it there stops it; a
    /// person sees and revokes only their own.
    @Test func theTokenPageMakesShowsOnceAndRevokes() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            // The account's password is asked, on the page and by the server: a session alone makes no token.
            let (_, form) = try await officer.get("/tai-khoan/khoa-api")
            #expect(form.contains(#"name="password" type="password" required"#))
            let (unconfirmed, refusal, _) = try await officer.post("/tai-khoan/khoa-api", [("name", "Cổng dịch vụ công"),
                                                                                          ("password", "sai-mat-khau")])
            #expect(unconfirmed == .unprocessableEntity && refusal.contains("Mật khẩu không đúng"))
            #expect(try await APIToken.query(on: app.db).count() == 0)
            let (status, page, _) = try await officer.post("/tai-khoan/khoa-api", [("name", "Cổng dịch vụ công"), ("expires", ""),
                                                                                  ("password", "mat-khau-thu-nghiem")])
            #expect(status == .created)
            let range = try #require(page.range(of: #"hocba_[0-9a-f]{60}"#, options: .regularExpression))
            let token = String(page[range])
            #expect(page.contains("chỉ hiện một lần"))
            let (_, list) = try await officer.get("/tai-khoan/khoa-api")
            #expect(list.contains("Cổng dịch vụ công") && !list.contains(token) && list.contains(String(token.prefix(12))))
            let client = APIClient(app: app, token: token)
            #expect(try await client.get("/api/v1/people").status == .ok)
            let (_, after) = try await officer.get("/tai-khoan/khoa-api")
            #expect(after.contains("Chưa dùng") == false)
            // A duplicate live name, a past expiry: refused with the reason, nothing made.
            let password = ("password", "mat-khau-thu-nghiem")
            let (duplicate, message, _) = try await officer.post("/tai-khoan/khoa-api", [("name", "Cổng dịch vụ công"), password])
            #expect(duplicate == .unprocessableEntity && message.contains("đã có khóa API"))
            let (past, pastMessage, _) = try await officer.post("/tai-khoan/khoa-api", [("name", "Cũ"), ("expires", "01/01/2020"),
                                                                                      password])
            #expect(past == .unprocessableEntity && pastMessage.contains("phải sau hôm nay"))
            // "No end" written as 31/12/9999 is refused with the longest life, not a crash.
            let (forever, foreverMessage, _) = try await officer.post("/tai-khoan/khoa-api", [("name", "Mãi"),
                                                                                            ("expires", "31/12/9999"), password])
            #expect(forever == .unprocessableEntity && foreverMessage.contains("chậm nhất sau 5 năm"))
            #expect(try await APIToken.query(on: app.db).count() == 1)
            // Another account cannot revoke it (its id is not theirs: not found).
            let id = try #require(try await APIToken.query(on: app.db).first()?.id)
            let admin = try await Visitor.signedIn(app)
            _ = try await admin.get("/tai-khoan/khoa-api")
            let (foreign, _, _) = try await admin.post("/tai-khoan/khoa-api/\(id)/thu-hoi", [])
            #expect(foreign == .notFound)
            #expect(try await client.get("/api/v1/people").status == .ok)
            let (revoked, _, _) = try await officer.post("/tai-khoan/khoa-api/\(id)/thu-hoi", [])
            #expect(revoked == .seeOther)
            #expect(try await client.get("/api/v1/people").status == .unauthorized)
            let (_, final) = try await officer.get("/tai-khoan/khoa-api")
            #expect(final.contains("Đã thu hồi"))
            // Making and revoking are in the trail, without the token.
            let entries = try await AuditEntry.query(on: app.db).filter(\.$entity == "api_tokens").all()
            #expect(entries.map(\.action) == ["TAO", "SUA"])
            // A new password revokes the account's tokens: whoever knew the old one may have made one.
            let (_, again, _) = try await officer.post("/tai-khoan/khoa-api", [("name", "Mới"), password])
            let fresh = APIClient(app: app, token: String(again[try #require(again.range(of: #"hocba_[0-9a-f]{60}"#,
                                                                                             options: .regularExpression))]))
            #expect(try await fresh.get("/api/v1/people").status == .ok)
            _ = try await officer.get("/tai-khoan/mat-khau")
            let (changed, _, _) = try await officer.post("/tai-khoan/mat-khau", [("current", "mat-khau-thu-nghiem"),
                                                                                ("password", "mot-mat-khau-moi-dai"),
                                                                                ("confirm", "mot-mat-khau-moi-dai")])
            #expect(changed == .ok)
            #expect(try await fresh.get("/api/v1/people").status == .unauthorized)
            #expect(entries.allSatisfy { !($0.afterJSON ?? "").contains(token) && !($0.afterJSON ?? "").contains("tokenHash") })
        }
    }
}

/// The conventions: Problem Details, ETag and If-Match, Idempotency-Key, the rate limit, cursors.
@Suite(.serialized) struct APIConventionTests {
    @Test func aLostUpdateAnswers412() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let client = try await APIClient.make(app, as: .provincialOfficer)
            let read = try await client.get("/api/v1/people/P1")
            let etag = try #require(read.etag)
            #expect(try await client.get("/api/v1/people/P1", headers: [("If-None-Match", etag)]).status == .notModified)
            // If-None-Match compares weakly (a compressing proxy's W/ tag) and takes *; If-Match never takes a weak tag.
            #expect(try await client.get("/api/v1/people/P1", headers: [("If-None-Match", "W/" + etag)]).status == .notModified)
            #expect(try await client.get("/api/v1/people/P1", headers: [("If-None-Match", "*")]).status == .notModified)
            #expect(try await client.get("/api/v1/people/P1", headers: [("If-None-Match", "\"khac\"")]).status == .ok)
            var input = personInput("P1", name: "Nguyễn Văn An", unit: "BB")
            input["post"] = "Chuyên viên"
            // Without If-Match: 428; with the ETag read: 200 and a new ETag.
            #expect(try await client.call(.PUT, "/api/v1/people/P1", json: input).status == .preconditionRequired)
            #expect(try await client.call(.PUT, "/api/v1/people/P1", json: input,
                                          headers: [("If-Match", "W/" + etag)]).status == .preconditionFailed)
            let first = try await client.call(.PUT, "/api/v1/people/P1", json: input, headers: [("If-Match", etag)])
            #expect(first.status == .ok)
            #expect(first.json["post"] as? String == "Chuyên viên")
            let newTag = try #require(first.etag)
            #expect(newTag != etag)
            // A second writer who read before the first wrote: 412, and the record is the first writer's.
            input["post"] = "Trưởng phòng"
            let lost = try await client.call(.PUT, "/api/v1/people/P1", json: input, headers: [("If-Match", etag)])
            #expect(lost.status == .preconditionFailed)
            #expect(lost.contentType.hasPrefix("application/problem+json"))
            #expect(try await RecordStore(app.db).person(code: "P1")?.post == "Chuyên viên")
            #expect(try await client.call(.PUT, "/api/v1/people/P1", json: input, headers: [("If-Match", newTag)]).status == .ok)
            #expect(try await RecordStore(app.db).person(code: "P1")?.post == "Trưởng phòng")
            // Results of a class: the same rule.
            let officer = try await APIClient.make(app, as: .administrator)
            let lesson = try await officer.get("/api/v1/classes/LTINH")
            let results: [String: Any] = ["results": [["person_code": "P1", "result": "HOAN-THANH", "certificate_number": "CC-9",
                                                       "certificate_date": "2018-04-27"]]]
            #expect(try await officer.call(.PUT, "/api/v1/classes/LTINH/results", json: results,
                                           headers: [("If-Match", try #require(lesson.etag))]).status == .ok)
            #expect(try await officer.call(.PUT, "/api/v1/classes/LTINH/results", json: results,
                                           headers: [("If-Match", try #require(lesson.etag))]).status == .preconditionFailed)
        }
    }

    @Test func aReplayedIdempotencyKeyReturnsTheFirstResultWithoutASecondWrite() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let client = try await APIClient.make(app, as: .provincialOfficer)
            let key = [("Idempotency-Key", "tao-P7-\(UUID().uuidString)")]
            let first = try await client.call(.POST, "/api/v1/people", json: personInput("P7"), headers: key)
            #expect(first.status == .created)
            #expect(first.headers.first(name: .location) == "/api/v1/people/P7")
            let entries = try await AuditEntry.query(on: app.db).count()
            let again = try await client.call(.POST, "/api/v1/people", json: personInput("P7"), headers: key)
            #expect(again.status == .created)
            #expect(again.body == first.body)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(again.headers.first(name: .location) == "/api/v1/people/P7")
            #expect(try await AuditEntry.query(on: app.db).count() == entries)
            #expect(try await Person.query(on: app.db).filter(\.$code == "P7").count() == 1)
            // The same key for another request: refused.
            let reused = try await client.call(.POST, "/api/v1/people", json: personInput("P8"), headers: key)
            #expect(reused.status == .unprocessableEntity)
            #expect(try await Person.query(on: app.db).filter(\.$code == "P8").count() == 0)
            // Without a key the same request is a second request: the code is taken.
            #expect(try await client.call(.POST, "/api/v1/people", json: personInput("P7")).status == .unprocessableEntity)
            // A request that failed wrote nothing and gives its key back: corrected, it goes through.
            let other = [("Idempotency-Key", "tao-P9")]
            #expect(try await client.call(.POST, "/api/v1/people", json: personInput("P9", name: ""),
                                          headers: other).status == .unprocessableEntity)
            #expect(try await client.call(.POST, "/api/v1/people", json: personInput("P9"), headers: other).status == .created)
            // Keys are the token's: another token's same key is a new request.
            let second = try await APIClient.make(app, as: .administrator)
            #expect(try await second.call(.POST, "/api/v1/people", json: personInput("P10"), headers: other).status == .created)
        }
    }

    /// A claim its request never answered (the process stopped between the claim and the answer) is in progress for
    /// a while, then taken over by the next copy of the request, so that a retry is not refused for a day.
    @Test func anAbandonedIdempotencyClaimIsTakenOver() async throws {
        try await withTestApp { app in
            try await seed(app)
            _ = try await APIClient.make(app, as: .provincialOfficer)
            let tokenID = try #require(try await APIToken.query(on: app.db).first()?.id)
            let keys = IdempotencyKeys(app.db)
            let start = Date()
            guard case .claimed = try await keys.claim(tokenID: tokenID, key: "k", fingerprint: "f", now: start) else {
                Issue.record("a new key is not claimed"); return
            }
            guard case .inProgress = try await keys.claim(tokenID: tokenID, key: "k", fingerprint: "f",
                                                          now: start.addingTimeInterval(30)) else {
                Issue.record("a fresh claim is not in progress"); return
            }
            guard case .reusedForAnotherRequest = try await keys.claim(tokenID: tokenID, key: "k", fingerprint: "g",
                                                                       now: start.addingTimeInterval(30)) else {
                Issue.record("another request's key is not refused"); return
            }
            guard case .claimed = try await keys.claim(tokenID: tokenID, key: "k", fingerprint: "f",
                                                       now: start.addingTimeInterval(IdempotencyKeys.abandonedAfter + 1)) else {
                Issue.record("an abandoned claim is not taken over"); return
            }
            try await keys.complete(tokenID: tokenID, key: "k", with: .init(status: 201, body: "{}", headers: [:]))
            guard case .answered(let kept) = try await keys.claim(tokenID: tokenID, key: "k", fingerprint: "f",
                                                                  now: start.addingTimeInterval(600)) else {
                Issue.record("an answered key is not replayed"); return
            }
            #expect(kept.status == 201 && kept.body == "{}")
        }
    }

    @Test func errorsAreProblemDetailsInVietnameseWithOneEntryPerField() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let client = try await APIClient.make(app, as: .provincialOfficer)
            let invalid = try await client.call(.POST, "/api/v1/people", json: [
                "code": "P1", "full_name": "", "unit_code": "BB", "category": "XX", "birth_date": "31/02/1990",
            ])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.contentType.hasPrefix("application/problem+json"))
            #expect(invalid.json["status"] as? Int == 422 && invalid.json["type"] as? String == "about:blank")
            let fields = Set((invalid.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields.isSuperset(of: ["full_name", "category", "birth_date"]), "\(fields)")
            // A unit beyond the token's reach (or none at all) is not found, as a record is.
            let nowhere = try await client.call(.POST, "/api/v1/people", json: personInput("P5", unit: "KHONG-CO"))
            #expect(nowhere.status == .notFound && nowhere.text.contains("KHONG-CO"))
            // A field that is not text, a field the record has not: named.
            let typed = try await client.call(.POST, "/api/v1/people", json: personInput("P5").merging(["sex": 1, "salary": "x"]) { $1 })
            #expect(typed.status == .unprocessableEntity)
            #expect(typed.text.contains("\"field\":\"sex\"") && typed.text.contains("\"field\":\"salary\""))
            let notJSON = try await client.call(.POST, "/api/v1/people", body: "code=P5", headers: [("Content-Type", "text/plain")])
            #expect(notJSON.status == .unsupportedMediaType)
            let broken = try await client.call(.POST, "/api/v1/people", body: "{\"code\":", headers: [("Content-Type", "application/json")])
            #expect(broken.status == .badRequest)
            let enrolment = try await client.call(.POST, "/api/v1/classes/LBB/enrolments", json: ["person_codes": "P2"])
            #expect(enrolment.status == .unprocessableEntity && enrolment.text.contains("person_codes"))
            let unknown = try await client.get("/api/v1/people/KHONG-CO")
            #expect(unknown.status == .notFound && (unknown.json["detail"] as? String)?.contains("KHONG-CO") == true)
            #expect(try await client.get("/api/v1/nothing-here").status == .notFound)
            let method = try await client.call(.PATCH, "/api/v1/people/P1")
            #expect(method.status == .methodNotAllowed && method.headers.first(name: .allow) == "GET, PUT")
            #expect(try await client.get("/api/v1/people?limit=0").status == .badRequest)
            #expect(try await client.get("/api/v1/people?cursor=%%%").status == .badRequest)
            #expect(try await client.get("/api/v1/audit-entries?to=").status == .badRequest)
            #expect(try await client.get("/api/v1/people?q=" + String(repeating: "a", count: 201)).status == .badRequest)
            // Years a report's arithmetic cannot step around (31/12/9999 for "no end") are refused, not a crash.
            #expect(try await client.get("/api/v1/audit-entries?to=9999-12-31").status == .badRequest)
            #expect(try await client.get("/api/v1/reports/summary?from=9999-12-02&to=9999-12-31").status == .badRequest)
            #expect(try await client.get("/api/v1/reports/summary?from=0001-01-01&to=0001-01-05").status == .badRequest)
            // A member the request does not have is named, not ignored (a misspelt certificate number).
            let misspelt = try await client.call(.PUT, "/api/v1/classes/LBB/results", json: [
                "results": [["person_code": "P1", "result": "HOAN-THANH", "certificate_no": "CC-1"]],
            ], headers: [("If-Match", "*")])
            #expect(misspelt.status == .unprocessableEntity && misspelt.text.contains("results.0.certificate_no"))
        }
    }

    /// U+0000 in a body, a form or a URL is refused with a message before any query: PostgreSQL's text cannot hold
    /// it (schemathesis found the 500 it caused on PostgreSQL).
    @Test func aNULCharacterIsRefusedBeforeAnyQuery() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let client = try await APIClient.make(app, as: .provincialOfficer)
            let body = try await client.call(.POST, "/api/v1/people", json: personInput("P6", name: "Ma\u{0}Văn"))
            #expect(body.status == .unprocessableEntity && body.text.contains("\"field\":\"full_name\""))
            let nested = try await client.call(.POST, "/api/v1/classes/LBB/enrolments", json: ["person_codes": ["P1", "P\u{0}2"]])
            #expect(nested.status == .unprocessableEntity && nested.text.contains("person_codes.1"))
            #expect(try await client.get("/api/v1/people?q=a%00b").status == .badRequest)
            #expect(try await client.get("/api/v1/people/P%001").status == .badRequest)
            let visitor = try await Visitor.signedIn(app)
            #expect(try await visitor.get("/can-bo?q=a%00b").0 == .badRequest)
            _ = try await visitor.get("/can-bo/moi")
            let (form, page, _) = try await visitor.post("/can-bo/moi", [("code", "P6"), ("full_name", "Ma\u{0}Văn"),
                                                                        ("unit_code", "BB"), ("category", "CC")])
            #expect(form == .unprocessableEntity && page.contains("NUL"))
            #expect(try await Person.query(on: app.db).filter(\.$code == "P6").count() == 0)
        }
    }

    @Test func listsPageByCursorInAStableOrder() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let store = RecordStore(app.db)
            for index in 0..<7 {
                try await store.createPerson(PersonDraft(code: "X\(index)", fullName: "Nông Văn Trùng", unitCode: "BB",
                                                         category: .civilServant))
            }
            let client = try await APIClient.make(app, as: .provincialOfficer)
            let whole = try await client.get("/api/v1/people?limit=500")
            let all = (whole.json["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(all.count == 10 && whole.json["next_cursor"] is NSNull)
            var paged: [String] = [], cursor: String?
            repeat {
                let answer = try await client.get("/api/v1/people?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""))
                paged += (answer.json["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                cursor = answer.json["next_cursor"] as? String
                #expect(answer.json["total"] as? Int == 10)
            } while cursor != nil
            #expect(paged == all)
            // A cursor carries its place, not only its row: renaming the row it names does not move the next page.
            let first = try await client.get("/api/v1/people?limit=3")
            let next = try #require(first.json["next_cursor"] as? String)
            let lastCode = try #require((first.json["items"] as? [[String: Any]])?.last?["code"] as? String)
            var renamed = PersonDraft(code: lastCode, fullName: "Ấu Văn Đầu", unitCode: "BB", category: .civilServant)
            renamed.ethnicity = nil
            try await store.updatePerson(code: lastCode, renamed)
            let second = try await client.get("/api/v1/people?limit=3&cursor=\(next)")
            #expect((second.json["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == Array(all[3..<6]))
            // A cursor of another list, or one holding a control character, is refused.
            let classesCursor = APICursor.encode(.classes, key: "2018-03-05", code: "LBB")
            #expect(try await client.get("/api/v1/people?cursor=\(classesCursor)").status == .badRequest)
            let nul = APICursor.encode(.people, key: "a", code: "P\u{0}1")
            #expect(try await client.get("/api/v1/people?cursor=\(nul)").status == .badRequest)
            // Units and the trail too.
            let units = try await client.get("/api/v1/units?limit=2")
            let unitsCursor = try #require(units.json["next_cursor"] as? String)
            let rest = try await client.get("/api/v1/units?limit=500&cursor=\(unitsCursor)")
            #expect(((units.json["items"] as? [Any])?.count ?? 0) + ((rest.json["items"] as? [Any])?.count ?? 0) == 4)
        }
    }

    @Test func theRateLimitAnswers429WithRetryAfterPerToken() async throws {
        try await withTestApp(adjusting: { $0.apiRequestsPerMinute = 3 }) { app in
            try await seed(app)
            let client = try await APIClient.make(app, as: .provincialOfficer)
            app.wallClock.stop()
            // Three calls 20 seconds apart, then a fourth: refused until the first leaves its minute.
            for index in 0..<3 {
                if index > 0 { app.wallClock.advance(by: 20) }
                #expect(try await client.get("/api/v1/units").status == .ok)
            }
            let refused = try await client.get("/api/v1/units")
            #expect(refused.status == .tooManyRequests)
            let wait = try #require(refused.headers.first(name: .retryAfter).flatMap(Int.init))
            #expect(wait == 20)
            #expect(refused.contentType.hasPrefix("application/problem+json"))
            // Another token has its own count.
            let other = try await APIClient.make(app, as: .administrator)
            #expect(try await other.get("/api/v1/units").status == .ok)
            app.wallClock.advance(by: 19)
            #expect(try await client.get("/api/v1/units").status == .tooManyRequests)
            app.wallClock.advance(by: 1)
            #expect(try await client.get("/api/v1/units").status == .ok)
            // Any 60 seconds hold at most the limit: the second and third calls are still inside this minute.
            #expect(try await client.get("/api/v1/units").status == .tooManyRequests)
        }
    }
}

/// The reports, the catalogues, plans and the national feed answer what the pages and the command line compute.
@Suite(.serialized) struct APIReadingTests {
    @Test func reportsAreTheFiguresThePagesAndCommandsCompute() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let client = try await APIClient.make(app, as: .provincialOfficer)
            let store = RecordStore(app.db)
            // The summary: the bytes of `hocba report summary --format json`.
            let parameters = SummaryParameters(from: Day(2018, 1, 1), to: Day(2018, 12, 31), unitCode: "BB")
            let summary = try await client.get("/api/v1/reports/summary?from=2018-01-01&to=2018-12-31&unit=BB")
            #expect(summary.body == (try await SummaryExports.render(parameters, as: .json, store: store, issuedOn: Day.today)))
            #expect((summary.json["person_times"] as? [String: Any])?["total"] as? Int == 2)
            // The matrix: each row's counts, in the layout's column order.
            let matrix = try await store.matrixForm(MatrixLayout.self, SummaryParameters(from: Day(2018, 1, 1), to: Day(2018, 12, 31)))
            let answered = try await client.get("/api/v1/reports/training-matrix?from=2018-01-01&to=2018-12-31")
            let rows = answered.json["rows"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["counts"] as? [Int] ?? [] } == matrix.rows.map(\.counts))
            #expect(rows.contains { ($0["counts"] as? [Int] ?? []).contains { $0 > 0 } })
            #expect((answered.json["columns"] as? [Any])?.count == matrix.rows.first?.counts.count)
            // The standards check: the bytes of `hocba check --format json`.
            let check = try await client.get("/api/v1/standards-check?on=2018-12-31")
            #expect(check.body == (try StandardsCheck.json(try await StandardsCheck.report(store, on: Day(2018, 12, 31), unitCode: nil))))
            // A unit outside the token's reach, a date that is not one.
            let unit = try await APIClient.make(app, as: .unitOfficer, unit: "BB")
            #expect(try await unit.get("/api/v1/reports/form-10?unit=NR").status == .notFound)
            #expect(try await unit.get("/api/v1/reports/summary?unit=BB&from=2018-01-01&to=2018-12-31").json["unit"] as? String == "BB")
            #expect(try await client.get("/api/v1/reports/commune-quality?on=31/12/2018").status == .badRequest)
            #expect(try await client.get("/api/v1/reports/summary?from=2018-12-31&to=2018-01-01").status == .unprocessableEntity)
        }
    }

    @Test func cataloguesPlansAndTheNationalFeed() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let client = try await APIClient.make(app, as: .provincialOfficer)
            let funding = try await client.get("/api/v1/funding-lines?year=2018")
            #expect((funding.json["items"] as? [[String: Any]])?.first?["amount"] as? Int == 1_000_000)
            #expect(((try await client.get("/api/v1/funding-lines?year=2019")).json["items"] as? [Any])?.isEmpty == true)
            let school = try await APIClient.make(app, as: .institution, institution: "TCT")
            let institutions = try await school.get("/api/v1/institutions")
            #expect((institutions.json["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["TCT"])
            #expect(try await school.get("/api/v1/institutions/TTBD").status == .notFound)
            #expect(try await school.get("/api/v1/instructors/GV-TTBD").status == .notFound)
            #expect(try await client.get("/api/v1/instructors/GV-TTBD").json["institution_code"] as? String == "TTBD")
            #expect(try await school.get("/api/v1/funding-lines").status == .forbidden)

            try await RecordStore(app.db).saveFundingLine(FundingDraft(documentNumber: "12/QĐ-UBND", year: 2018, source: "NS-TINH",
                                                                       amount: 750_000))
            let number = try await client.get("/api/v1/funding-lines?document_number=12/QĐ-UBND")
            #expect((number.json["items"] as? [[String: Any]])?.map { $0["source"] as? String } == ["NS-TINH"])
            let plan = try await RecordStore(app.db).savePlan(TrainingPlan(
                name: "Kế hoạch 2018", fromYear: 2018, toYear: 2018,
                targets: [.init(category: "CC", programmeType: "NGACH", personTimes: 4)],
                budget: [.init(source: "NS-TINH", amount: 2_000_000)]))
            let answered = try await client.get("/api/v1/plans/\(try #require(plan.id))")
            let progress = try #require(answered.json["progress"] as? [String: Any])
            let target = try #require((progress["targets"] as? [[String: Any]])?.first)
            // Completed NGACH lượt of civil servants ending in 2018: P1 in LBB and LTINH, Q1 in LNR and LTINH.
            #expect(target["planned"] as? Int == 4 && target["actual"] as? Int == 4 && target["rate"] as? Double == 1)
            #expect(((progress["budget"] as? [[String: Any]])?.first?["actual"]) as? Int == 750_000)
            #expect(try await client.get("/api/v1/plans/999").status == .notFound)

            // The feed: people changed after an instant, in the national format, with the trail's mark.
            let precise = ISO8601DateFormatter()
            precise.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            try await Task.sleep(for: .milliseconds(20))
            let before = precise.string(from: Date())
            try await Task.sleep(for: .milliseconds(20))
            var draft = PersonDraft(code: "P1", fullName: "Nguyễn Văn An", ethnicity: "Tày", unitCode: "BB", category: .civilServant)
            draft.post = "Văn thư"
            try await RecordStore(app.db).updatePerson(code: "P1", draft)
            let feed = try await client.get("/api/v1/national-changes?since=\(before)")
            #expect((feed.json["watermark"] as? Int ?? 0) > 0)
            #expect(feed.json["without_personal_id"] as? [String] == ["P1"])
            #expect(try await client.get("/api/v1/national-changes?since=yesterday").status == .badRequest)
            #expect(try await client.get("/api/v1/national-changes").status == .badRequest)
        }
    }

    @Test func classesAreOpenedAndChangedAsOnTheirForm() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let school = try await APIClient.make(app, as: .administrator)
            var input: [String: Any] = ["code": "L-API", "name": "Bồi dưỡng qua API", "programme_type": "NGACH",
                                        "institution_code": "TCT", "start": "2026-03-02", "end": "2026-03-20", "hours": 40]
            let created = try await school.call(.POST, "/api/v1/classes", json: input, headers: [("Idempotency-Key", "lop-1")])
            #expect(created.status == .created && created.json["hours"] as? Int == 40)
            #expect(created.headers.first(name: .location) == "/api/v1/classes/L-API")
            input["hours"] = "40"
            let wrongType = try await school.call(.PUT, "/api/v1/classes/L-API", json: input, headers: [("If-Match", "*")])
            #expect(wrongType.status == .unprocessableEntity && wrongType.text.contains("\"field\":\"hours\""))
            input["hours"] = 48
            input["end"] = "2026-02-01"
            let backwards = try await school.call(.PUT, "/api/v1/classes/L-API", json: input,
                                                  headers: [("If-Match", try #require(created.etag))])
            #expect(backwards.status == .unprocessableEntity && backwards.text.contains("\"field\":\"end\""))
            input["end"] = "2026-03-27"
            let replaced = try await school.call(.PUT, "/api/v1/classes/L-API", json: input,
                                                 headers: [("If-Match", try #require(created.etag))])
            #expect(replaced.status == .ok && replaced.json["end"] as? String == "2026-03-27")
            #expect(try await school.call(.PUT, "/api/v1/classes/L-API", json: input,
                                          headers: [("If-Match", try #require(created.etag))]).status == .preconditionFailed)
            // A unit's officer may not open classes.
            let unit = try await APIClient.make(app, as: .unitOfficer, unit: "BB")
            #expect(try await unit.call(.POST, "/api/v1/classes", json: input).status == .forbidden)
        }
    }
}

/// A token reaches what its account reaches: a unit's token gets 403 or 404 for another district's records through
/// every operation, changes nothing there, and every write through the API is in the trail under the account and
/// the token's name.
@Suite(.serialized) struct APIScopeTests {
    /// An operation's path naming Na Rì's records (Ba Bể's officer must not reach them).
    /// Exhaustive: a new operation does not compile until it is given its foreign record.
    static func foreignPath(_ operation: APIRoute) -> String {
        switch operation {
        case .getUnit: operation.path("NR")
        case .getPerson, .replacePerson: operation.path("Q1")
        case .getClass, .replaceClass, .enrolPeople, .recordResults: operation.path("LNR")
        case .withdrawPerson: operation.path("LTINH", "Q1")
        case .getInstitution: operation.path("TTBD")
        case .getInstructor: operation.path("GV-TTBD")
        case .getPlan: operation.path("1")
        case .getSummaryReport, .getTrainingMatrix, .getForm10:
            operation.path() + "?unit=NR&from=2018-01-01&to=2018-12-31"
        case .getCommuneQuality, .getStandardsCheck: operation.path() + "?unit=NR&on=2018-12-31"
        case .listPeople: operation.path() + "?unit=NR"
        case .listNationalChanges: operation.path() + "?since=2000-01-01T00:00:00Z"
        case .getOpenAPIDocument, .listUnits, .listClasses, .createPerson, .createClass, .findPersonByPersonalID,
             .listInstitutions, .listInstructors, .listFundingLines, .listPlans, .listAuditEntries:
            operation.path()
        }
    }

    /// Operations a unit's token may call and that answer with what it reaches (a list, a catalogue it may name):
    /// 200, with nothing of another district in the answer.
    static let answeredWithinReach: Set<APIRoute> = [
        .listUnits, .listClasses, .listPeople, .listInstitutions, .getInstitution, .listInstructors, .getInstructor,
        .listNationalChanges,
    ]

    /// The body each write sends, naming Na Rì's records.
    static func foreignBody(_ operation: APIRoute) -> [String: Any]? {
        switch operation {
        case .createPerson, .replacePerson: personInput("Q1", name: "Lục Văn Quý", unit: "NR")
        case .createClass, .replaceClass:
            ["code": "LNR", "name": "Bồi dưỡng Na Rì", "programme_type": "NGACH", "start": "2018-03-05", "end": "2018-04-27",
             "organising_unit_code": "NR"]
        case .enrolPeople: ["person_codes": ["Q1"]]
        case .findPersonByPersonalID: ["personal_id": "001090000123"]
        case .recordResults: ["results": [["person_code": "Q1", "result": "KHONG-HOAN-THANH"]]]
        default: nil
        }
    }

    @Test func aUnitTokenReachesNoOtherDistrictThroughAnyOperation() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            // Q1 of Na Rì has a personal ID, to be looked up by it.
            let store = RecordStore(app.db)
            var draft = PersonDraft(code: "Q1", fullName: "Lục Văn Quý", ethnicity: "Tày", unitCode: "NR", category: .civilServant)
            draft.personalID = try PersonalID.check("001090000123", sex: nil, birthDate: nil,
                                                    provinces: try await store.catalogue(.birthRegistrationProvinces)).get()
            try await store.updatePerson(code: "Q1", draft)
            let client = try await APIClient.make(app, as: .unitOfficer, unit: "BB")
            _ = try await client.get("/api/v1/units")
            let before = try await databaseDump(app.db)
            for operation in APIRoute.allCases where operation.permission != .publicPage {
                let answer = try await client.call(operation.method, Self.foreignPath(operation), json: Self.foreignBody(operation),
                                                   headers: [("If-Match", "*"), ("Idempotency-Key", "k-\(operation.rawValue)")])
                let place = "\(operation.rawValue) \(Self.foreignPath(operation))"
                if Role.unitOfficer.permissions.contains(operation.permission) {
                    if Self.answeredWithinReach.contains(operation) {
                        #expect(answer.status == .ok || (operation == .listPeople && answer.status == .notFound),
                                "\(place): \(answer.status.code)")
                    } else {
                        #expect(answer.status == .forbidden || answer.status == .notFound, "\(place): \(answer.status.code)")
                    }
                } else {
                    #expect(answer.status == .forbidden, "\(place): \(answer.status.code)")
                }
                for foreign in ["Lục Văn Quý", "Bồi dưỡng Na Rì", "Huyện Na Rì", "001090000123"] {
                    #expect(!answer.text.contains(foreign), "\(place) shows \(foreign)")
                }
            }
            #expect(try await databaseDump(app.db) == before, "a unit's token changed records outside its district")
            // Its own district answers.
            let own = try await client.get("/api/v1/people?unit=BB")
            #expect(own.status == .ok && own.text.contains("Nguyễn Văn An") && !own.text.contains("Lục Văn Quý"))
            let shared = try await client.get("/api/v1/classes/LTINH")
            #expect(shared.status == .ok && shared.text.contains("P1") && !shared.text.contains("Q1"))
        }
    }

    @Test func everyWriteIsInTheTrailUnderTheAccountAndTokenName() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let province = try await APIClient.make(app, as: .administrator, username: "tich.hop", tokenName: "cổng dịch vụ công")
            let actor = "tich.hop (khóa API: cổng dịch vụ công)"
            let start = try await AuditEntry.query(on: app.db).sort(\.$id, .descending).first()?.id ?? 0
            #expect(try await province.call(.POST, "/api/v1/people", json: personInput("P5")).status == .created)
            let person = try await province.get("/api/v1/people/P5")
            var input = personInput("P5")
            input["post"] = "Văn thư"
            #expect(try await province.call(.PUT, "/api/v1/people/P5", json: input,
                                            headers: [("If-Match", try #require(person.etag))]).status == .ok)
            #expect(try await province.call(.POST, "/api/v1/classes/LBB/enrolments", json: ["person_codes": ["P5"]]).status == .created)
            #expect(try await province.call(.DELETE, "/api/v1/classes/LBB/enrolments/P5").status == .noContent)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$id > start).sort(\.$id).all()
                .filter { $0.entity != "api_tokens" }
            #expect(entries.map(\.entity) == ["people", "people", "enrolments", "enrolments"], "\(entries.map(\.entity))")
            #expect(entries.map(\.action) == ["TAO", "SUA", "TAO", "XOA"])
            #expect(entries.allSatisfy { $0.actor == actor }, "\(entries.map(\.actor))")
            // And the trail reads back through the API, to an account that may read it.
            let trail = try await province.get("/api/v1/audit-entries?actor=tich.hop&limit=10")
            #expect((trail.json["items"] as? [[String: Any]])?.first?["actor"] as? String == actor)
            let unit = try await APIClient.make(app, as: .unitOfficer, unit: "BB")
            #expect(try await unit.get("/api/v1/audit-entries").status == .forbidden)
        }
    }
}
