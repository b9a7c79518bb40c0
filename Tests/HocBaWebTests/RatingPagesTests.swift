import Testing
import Foundation
import VaporTesting
import HocBaCore
import HocBaStore
import HocBaTesting

/// Annual ratings on the person's page: a unit officer records them through the form, bad rows come back named with
/// nothing saved, and the page and the trail show them.
@Suite struct RatingPagesTests {
    @Test func aUnitOfficerRecordsRatingsAndBadRowsSaveNothing() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "BB")
            let (_, person) = try await officer.get("/can-bo/P1")
            #expect(person.contains("Chưa có xếp loại nào") && person.contains("href=\"/can-bo/P1/xep-loai\""))
            let (_, form) = try await officer.get("/can-bo/P1/xep-loai")
            #expect(form.contains(#"name="ratings.0.year""#) && form.contains("Hoàn thành tốt nhiệm vụ"))

            let (status, _, location) = try await officer.post("/can-bo/P1/xep-loai", [
                ("ratings.0.year", "2024"), ("ratings.0.rating", "HTT"),
                ("ratings.1.year", "2025"), ("ratings.1.rating", "KHT"),
                ("ratings.2.year", ""), ("ratings.2.rating", ""),
            ])
            #expect(status == .seeOther && location == "/can-bo/P1")
            let (_, page) = try await officer.get("/can-bo/P1")
            #expect(page.contains("<td class=\"num\">2025</td><td class=\"bad\">Không hoàn thành nhiệm vụ</td>"))
            #expect(page.contains("Hoàn thành tốt nhiệm vụ") && page.contains("Đánh giá, xếp loại"),
                    "the change appears in the record's history")

            // A year typed twice, and a year that is not one: named, and nothing changes.
            let before = try await RecordStore(app.db).ratings(of: try #require(try await RecordStore(app.db).person(code: "P1")).id!)
            let (twice, message, _) = try await officer.post("/can-bo/P1/xep-loai", [
                ("ratings.0.year", "2024"), ("ratings.0.rating", "HT"), ("ratings.1.year", "2024"), ("ratings.1.rating", "HTXS"),
            ])
            #expect(twice == .unprocessableEntity && message.contains("Năm 2024 được xếp loại hai lần."))
            let (bad, badMessage, _) = try await officer.post("/can-bo/P1/xep-loai", [
                ("ratings.0.year", "hai nghìn"), ("ratings.0.rating", "HT"),
            ])
            #expect(bad == .unprocessableEntity && badMessage.contains("Năm phải là số nguyên"))
            let after = try await RecordStore(app.db).ratings(of: try #require(try await RecordStore(app.db).person(code: "P1")).id!)
            #expect(after.map(\.ratingCode) == before.map(\.ratingCode) && after.map(\.ratingCode) == ["HTT", "KHT"])

            // Another district's person reads as no person.
            let (foreign, _, _) = try await officer.post("/can-bo/Q1/xep-loai", [("ratings.0.year", "2025"),
                                                                                ("ratings.0.rating", "HTT")])
            #expect(foreign == .notFound)
        }
    }
}
