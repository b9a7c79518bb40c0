import Testing
import Foundation
import Vapor
import VaporTesting
import Fluent
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaTesting

/// Đồng bộ CSDL quốc gia: the changes a form makes show up for the account that owns the person, download and are
/// marked delivered (audited); the late ones are counted in working days.
@Suite(.serialized) struct NationalSyncPageTests {
    /// The value of the page's hidden `den` field: the moment its downloads and mark carry.
    private func until(in page: String) throws -> String {
        let range = try #require(page.range(of: #"name="den" value="[^"]+""#, options: .regularExpression))
        return String(page[range].dropFirst(#"name="den" value=""#.count).dropLast())
    }

    private func count(_ id: String, in page: String) -> String? {
        guard let range = page.range(of: #"id="\#(id)">[^<]*<"#, options: .regularExpression) else { return nil }
        return String(page[range].dropFirst(#"id="\#(id)">"#.count).dropLast())
    }

    @Test func aChangeMadeThroughAFormIsListedDownloadedAndMarkedDelivered() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            // Everything seeded is pending; mark it delivered first, as of the page's moment.
            let first = try await officer.get("/dong-bo-csdl-quoc-gia").1
            #expect(first.contains("P1") && !first.contains("Lục Văn Quý"))
            try await Task.sleep(for: .milliseconds(5))
            #expect(try await officer.post("/dong-bo-csdl-quoc-gia/da-gui", [("den", try until(in: first))]).0 == .seeOther)
            #expect(try await officer.get("/dong-bo-csdl-quoc-gia").1.contains("Không còn thay đổi nào chưa gửi"))

            // The person form: P1 gets a personal ID.
            let fields = [("code", "P1"), ("full_name", "Nguyễn Văn An"), ("unit_code", "BB"), ("category", "CC"),
                          ("sex", "Nam"), ("birth_date", "02/03/1985"), ("ethnicity", "Tày"),
                          ("personal_id", "006085123456")]
            #expect(try await officer.post("/can-bo/P1/sua", fields).0 == .seeOther)
            let page = try await officer.get("/dong-bo-csdl-quoc-gia").1
            #expect(count("pending-count", in: page) == "1")
            #expect(page.contains("006085123456"))
            let moment = try until(in: page)

            // The download carries exactly that person, keyed by the personal ID.
            var body = ""
            try await officer.test(.GET, "/dong-bo-csdl-quoc-gia/thay-doi.jsonl?den=" + moment.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics)!) { res in
                #expect(res.status == .ok)
                body = res.body.string
            }
            let lines = body.split(separator: "\n")
            #expect(lines.count == 1)
            let record = try JSONDecoder().decode([String: JSONValue].self, from: Data(lines[0].utf8))
            #expect(record["so_dinh_danh"] == .string("006085123456"))
            #expect(record["ma_can_bo"] == .string("P1"))

            // Marked delivered: nothing pending, the delivery listed and in the trail under the officer's name.
            let (status, _, _) = try await officer.post("/dong-bo-csdl-quoc-gia/da-gui", [("den", moment), ("dinh_dang", "jsonl")])
            #expect(status == .seeOther)
            let after = try await officer.get("/dong-bo-csdl-quoc-gia").1
            #expect(count("pending-count", in: after) == "0")
            #expect(after.contains("Huyện Ba Bể"))
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$entity == NationalDelivery.schema)
                .sort(\.$id, .descending).first())
            #expect(entry.afterJSON?.contains("\"people\":1") == true)
            #expect(entry.actor == "test.to-chuc-don-vi")

            // A mark without the page's moment, or one in the future, is refused and records nothing.
            let entries = try await AuditEntry.query(on: app.db).count()
            #expect(try await officer.post("/dong-bo-csdl-quoc-gia/da-gui", []).0 == .badRequest)
            #expect(try await officer.post("/dong-bo-csdl-quoc-gia/da-gui", [("den", "2999-01-01T00:00:00.000Z")]).0
                    == .badRequest)
            #expect(try await AuditEntry.query(on: app.db).count() == entries)

            // A school has no such page.
            let school = try await Visitor.signedIn(app, as: .institution, institution: "TCT")
            #expect(try await school.get("/dong-bo-csdl-quoc-gia").0 == .forbidden)
        }
    }

    /// A change on Thursday is due on Tuesday; one on Monday, on Thursday. On the Monday between, only the Monday
    /// change is late (counting calendar days would make both late); on Wednesday, both are.
    @Test func theLateCountSkipsTheWeekend() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let province = try await Visitor.signedIn(app, as: .provincialOfficer)
            // Two changes a year before anything else in this database, stamped at 10:00 in Việt Nam.
            for (key, at) in [("P1", "2025-12-04T03:00:00.000Z"), ("Q1", "2025-12-01T03:00:00.000Z")] {
                try await AuditLog.append(AuditRecord(at: at, actor: "web", origin: "test", action: .update,
                                                      entity: "people", key: key, before: nil, after: nil), on: app.db)
            }
            let monday = try #require(TrailTime.date("2025-12-08T05:00:00.000Z"))
            app.wallClock.advance(by: monday.timeIntervalSince(app.wallClock.now))
            let onMonday = try await province.get("/dong-bo-csdl-quoc-gia").1
            #expect(count("pending-count", in: onMonday) == "2")
            #expect(count("overdue-count", in: onMonday) == "1")
            #expect(onMonday.contains("09/12/2025") && onMonday.contains("04/12/2025"))
            app.wallClock.advance(by: 2 * 86_400)
            #expect(count("overdue-count", in: try await province.get("/dong-bo-csdl-quoc-gia").1) == "2")
        }
    }
}

/// A JSON value, to read a line of the feed without a type of its own.
enum JSONValue: Decodable, Equatable {
    case string(String), number(Double), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }
}
