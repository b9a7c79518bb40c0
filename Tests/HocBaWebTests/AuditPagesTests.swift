import Testing
import Foundation
import Vapor
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// The audit trail as people read it: labels of the forms, names of codes and records — no column or field name,
/// no database id; to a unit's officer, no province staff's name or address.
@Suite(.serialized) struct AuditPagesTests {
    /// What must never show in the change tables: field names (camelCase or columns), ids named by kind, the
    /// digit runs of sort keys.
    static let internals = [#"\b[a-z]+[A-Z][A-Za-z]*\b"#, #"\b[a-z]+_[a-z_]+\b"#, #"(lớp|cán bộ|đơn vị) \d+"#, #"\d{12,}"#]

    static func table(_ id: String, in page: String) -> String {
        guard let start = page.range(of: "<table id=\"\(id)\""),
              let end = page.range(of: "</table>", range: start.upperBound..<page.endIndex) else { return "" }
        return String(page[start.lowerBound..<end.upperBound])
    }

    static func internalsShown(_ html: String) -> [String] {
        internals.flatMap { pattern in
            (try? NSRegularExpression(pattern: pattern)).map { regex in
                regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
                    Range($0.range, in: html).map { String(html[$0]) }
                }
            } ?? []
        }.filter { !["id", "class"].contains($0) }
    }

    @Test func theTrailReadsInLabelsAndNames() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let admin = try await Visitor.signedIn(app)
            // Writes through the forms and an import: a person's state, history, qualifications, a result.
            _ = try await admin.get("/can-bo/P1/sua")
            let (edited, _, _) = try await admin.post("/can-bo/P1/sua", [
                ("code", "P1"), ("full_name", "Nguyễn Văn Ân"), ("birth_date", "02/03/1980"), ("sex", "NAM"),
                ("ethnicity", "Tày"), ("unit_code", "BB"), ("category", "CC"), ("professional_level", "DAI-HOC"),
            ])
            #expect(edited == .seeOther)
            _ = try await admin.get("/can-bo/P1/qua-trinh")
            _ = try await admin.post("/can-bo/P1/qua-trinh", [
                ("history.0.unit_code", "BB"), ("history.0.category", "CC"), ("history.0.from_date", "01/01/2015"),
            ])
            let store = RecordStore(app.db)
            try await store.replaceQualifications(personCode: "P1", with: [
                ObtainedQualification(kind: .politicalTheory, level: "TRUNG-CAP", granted: Day(2016, 5, 1)),
            ])
            try await store.recordResults(classCode: "LBB", [ResultEntry(personCode: "P1", result: .completed,
                                                                         certificateNumber: "TCT-9")])
            let (_, page) = try await admin.get("/can-bo/P1")
            let changes = Self.table("changes", in: page)
            #expect(changes.contains("Họ và tên: Nguyễn Văn An → Nguyễn Văn Ân"))
            #expect(changes.contains("Trình độ chuyên môn: — → Đại học"))
            #expect(changes.contains("Huyện Ba Bể (BB)"))
            #expect(changes.contains("Lớp Bồi dưỡng Ba Bể (LBB) — Nguyễn Văn Ân (P1)"))
            #expect(changes.contains("Lý luận chính trị: Trung cấp") || changes.contains("Trung cấp"))
            #expect(Self.internalsShown(changes).isEmpty, "\(Self.internalsShown(changes))")
            for path in ["/nhat-ky", "/nhat-ky?trang=2", "/nhat-ky?loai=enrolments", "/nhat-ky?loai=people"] {
                let (status, trail) = try await admin.get(path)
                #expect(status == .ok)
                let table = Self.table("audit", in: trail)
                #expect(!table.isEmpty)
                #expect(Self.internalsShown(table).isEmpty, "\(path): \(Self.internalsShown(table))")
            }
            // A Ba Bể officer sees who changed their person by level, and no address.
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let (_, seen) = try await officer.get("/can-bo/P1")
            let theirs = Self.table("changes", in: seen)
            #expect(theirs.contains("Sở Nội vụ"))
            #expect(!theirs.contains("test.quan-tri"))
            #expect(!theirs.contains("127.0.0.1") && !theirs.contains("X-Forwarded"))
        }
    }

    /// The trail keeps no password hash: a fingerprint shows that it changed.
    @Test func noPasswordHashInTheTrail() async throws {
        try await withTestApp { app in
            let accounts = AccountStore(app.db)
            let hash = try Bcrypt.hash("mot-mat-khau-dai", cost: 4)
            try await accounts.save(UserDraft(username: "a.b", fullName: "A B", role: .administrator), passwordHash: hash)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$entity == "users").all()
            #expect(!entries.isEmpty)
            #expect(entries.allSatisfy { !($0.afterJSON ?? "").contains(hash) && !($0.beforeJSON ?? "").contains(hash) })
        }
    }
}
