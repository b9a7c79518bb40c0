import Testing
import Foundation
import Vapor
import VaporTesting
import HocBaCore
import HocBaStore
import HocBaTesting

/// The box "Gồm các đơn vị đã sáp nhập vào" on the report pages: Xã Chu Hương (BB-CH), where P2 completed a 2018
/// class, is merged into a new commune XM; XM's report counts P2's lượt only with the box ticked.
@Suite(.serialized) struct MergerPageTests {
    func seedMerger(_ app: Application) async throws {
        try await seedWithClass(app)
        let store = RecordStore(app.db)
        try await store.createUnit(UnitDraft(code: "XM", name: "Xã Mới", level: .commune, parentCode: "BB",
                                             validFrom: Day(2020, 2, 1)))
        try await store.updateUnit(code: "BB-CH", UnitDraft(code: "BB-CH", name: "Xã Chu Hương", level: .commune,
                                                            parentCode: "BB", validTo: Day(2020, 1, 31),
                                                            mergedIntoCode: "XM"))
    }

    func report(_ visitor: Visitor, _ query: String) async throws -> SummaryReport {
        var report: SummaryReport?
        try await visitor.test(.GET, "/bao-cao/tong-hop.json?tu=2018-01-01&den=2018-12-31" + query) { res in
            #expect(res.status == .ok)
            report = try JSONDecoder().decode(SummaryReport.self, from: Data(res.body.readableBytesView))
        }
        return try #require(report)
    }

    @Test func theJSONCountsPredecessorsOnlyWhenAskedAndSaysWhichUnits() async throws {
        try await withTestApp { app in
            try await seedMerger(app)
            let visitor = try await Visitor.signedIn(app)
            let plain = try await report(visitor, "&don_vi=XM")
            #expect(plain.personTimes.total == 0 && plain.includedUnits == nil)
            let merged = try await report(visitor, "&don_vi=XM&gom_sap_nhap=1")
            #expect(merged.personTimes.total == 1 && merged.personTimes.cbcc.commune == 1)
            #expect(merged.includedUnits == [IncludedUnit(code: "XM", name: "Xã Mới", mergedInto: nil),
                                             IncludedUnit(code: "BB-CH", name: "Xã Chu Hương", mergedInto: "XM")])
            let (_, raw) = try await visitor.get("/bao-cao/tong-hop.json?tu=2018-01-01&den=2018-12-31&don_vi=XM&gom_sap_nhap=1")
            #expect(raw.contains("\"included_units\""))
            #expect(try await report(visitor, "&don_vi=BB-CH").personTimes.total == 1)
        }
    }

    @Test func thePagesKeepTheBoxTickedAndNameTheIncludedUnits() async throws {
        try await withTestApp { app in
            try await seedMerger(app)
            let visitor = try await Visitor.signedIn(app)
            let (status, page) = try await visitor.get("/bao-cao/tong-hop?tu=01/01/2018&den=31/12/2018&don_vi=XM&gom_sap_nhap=1")
            #expect(status == .ok)
            #expect(page.contains("name=\"gom_sap_nhap\" value=\"1\" checked"))
            #expect(page.contains("BB-CH — Xã Chu Hương (sáp nhập vào XM)"))
            #expect(page.contains("Xã Mới (gồm các đơn vị đã sáp nhập vào) đã đào tạo, bồi dưỡng cho 1 lượt"))
            #expect(page.contains("gom_sap_nhap=1&amp;chi_tieu=") || page.contains("gom_sap_nhap=1&chi_tieu="))
            let (_, unticked) = try await visitor.get("/bao-cao/tong-hop?tu=01/01/2018&den=31/12/2018&don_vi=XM")
            #expect(!unticked.contains("value=\"1\" checked") && !unticked.contains("included-units"))
            for path in ["/bao-cao/ma-tran", "/bao-cao/bieu-10"] {
                let (formStatus, form) = try await visitor.get(path + "?tu=01/01/2018&den=31/12/2018&don_vi=XM&gom_sap_nhap=1")
                #expect(formStatus == .ok, "\(path)")
                #expect(form.contains("name=\"gom_sap_nhap\" value=\"1\" checked"), "\(path)")
                #expect(form.contains("gom_sap_nhap=1"), "\(path): downloads keep the box")
            }
            let (qualityStatus, quality) = try await visitor.get("/bao-cao/chat-luong-xa?ngay=01/01/2020&don_vi=XM&gom_sap_nhap=1")
            #expect(qualityStatus == .ok && quality.contains("value=\"1\" checked"))
            let (drillStatus, drill) = try await visitor.get(
                "/bao-cao/tong-hop/chi-tiet?tu=2018-01-01&den=2018-12-31&don_vi=XM&gom_sap_nhap=1&chi_tieu=cbcc.commune")
            #expect(drillStatus == .ok && drill.contains("href=\"/can-bo/P2\""))
        }
    }

    @Test func aUnitAccountCountsTheUnitsMergedIntoItsOwn() async throws {
        try await withTestApp { app in
            try await seedMerger(app)
            let officer = try await Visitor.signedIn(app, as: .unitOfficer, unit: "XM")
            #expect(try await report(officer, "").personTimes.total == 0)
            let merged = try await report(officer, "&gom_sap_nhap=1")
            #expect(merged.personTimes.total == 1)
            #expect(merged.includedUnits?.map(\.code) == ["XM", "BB-CH"])
        }
    }
}
