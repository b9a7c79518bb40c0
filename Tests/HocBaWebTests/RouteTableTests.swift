import Testing
import Foundation
import Vapor
import HocBaCore
@testable import HocBaWeb
import HocBaTesting

/// The route table (`SiteRoute`) is the router: every route the application has was registered from one case of
/// the table, with the case's method, path and permission; every case is registered once; and the path a link to
/// a case is given — a record's code put in — is routed back to that case, with the code as its parameter.
@Suite(.serialized) struct RouteTableTests {
    @Test func everyRouteOfTheRouterIsACaseOfTheTable() async throws {
        try await withTestApp { app in
            var registered: [SiteRoute: Int] = [:]
            // The API's operations have their own table (`APIRoute`, checked by APIDocumentTests).
            for route in app.routes.all where route.apiRoute == nil {
                guard let site = route.siteRoute else {
                    Issue.record("\(route.description) was not registered from the route table")
                    continue
                }
                #expect(route.method == site.method, "\(route.description) vs \(site)")
                #expect(route.path.map(\.description) == site.components.map(\.description), "\(route.description) vs \(site)")
                #expect(route.permission == site.permission, "\(route.description) vs \(site)")
                registered[site, default: 0] += 1
            }
            let table = SiteRoute.allCases
            #expect(Set(table).count == table.count, "a case is listed twice in SiteRoute.allCases")
            #expect(table.filter { !$0.isPattern }.isEmpty)
            let unrouted = Set(table).subtracting(registered.keys).map(\.description).sorted()
            let unlisted = Set(registered.keys).subtracting(table).map(\.description).sorted()
            #expect(unrouted.isEmpty && unlisted.isEmpty, "in the table, not routed: \(unrouted); not in allCases: \(unlisted)")
            #expect(registered.filter { $0.value > 1 }.isEmpty, "registered twice: \(registered.filter { $0.value > 1 })")
        }
    }

    /// What a link's parameter holds: a code that needs encoding (a space, a slash, Vietnamese), or an id.
    static let samples: [SiteRoute.Parameter: String] = [
        .code: "Mã 1/Đ", .id: "7", .username: "nguyen.van.a", .list: "LOAI-CHUONG-TRINH", .job: UUID().uuidString,
    ]

    @Test func everyLinkIsRoutedToItsCase() async throws {
        try await withTestApp { app in
            // The router as the application's responder builds it: method first, then the path's segments.
            let router = TrieRouter(Route.self)
            for route in app.routes.all {
                router.register(route, at: [.constant(route.method.rawValue)] + route.path)
            }
            for site in SiteRoute.allCases {
                let path = site.path { name, _ in Self.samples[name]! }
                var parameters = Parameters()
                let found = router.route(path: [site.method.rawValue] + path.split(separator: "/").map(String.init),
                                         parameters: &parameters)
                #expect(found?.siteRoute == site, "\(path) reaches \(found?.description ?? "nothing"), not \(site)")
                for case .parameter(let name) in site.components {
                    #expect(parameters.get(name) == Self.samples[SiteRoute.Parameter(rawValue: name)!], "\(site): \(name)")
                }
            }
        }
    }

    /// Links carry their values encoded once, and their queries without the empty filters.
    @Test func linksPutInTheirValues() {
        #expect(SiteRoute.overview.path == "/")
        #expect(SiteRoute.person("P1").path == "/can-bo/P1")
        #expect(SiteRoute.person("Mã 1/Đ").path == "/can-bo/M%C3%A3%201%2F%C4%90")
        #expect(SiteRoute.classWithdrawal("L.1").path(query: [("ma", "P1")]) == "/lop-hoc/L.1/hoc-vien/xoa?ma=P1")
        #expect(SiteRoute.fundingEdit(3).path == "/kinh-phi/3/sua")
        #expect(SiteRoute.frozenReportFile(12, .docx).path == "/bao-cao/da-chot/12/docx")
        #expect(SiteRoute.listFile(.people, .csv).path(query: [("q", nil), ("doi_tuong", "CB")]) == "/can-bo.csv?doi_tuong=CB")
        #expect(SiteRoute.listFile(.units, .xlsx).path(query: []) == "/don-vi.xlsx")
        #expect(SiteRoute.layout(.trainingMatrix).path == "/bao-cao/ma-tran/bo-cuc")
        #expect(SiteRoute.layoutSave(.standards).path == "/chuan-dao-tao/bo-cuc")
        #expect(SiteRoute.standards.path(query: [("ngay", "2020-12-31"), ("yeu_cau", "a b")], fragment: "danh-sach")
                    == "/chuan-dao-tao?ngay=2020-12-31&yeu_cau=a%20b#danh-sach")
        #expect(SiteRoute.person(nil).isPattern && !SiteRoute.person("P1").isPattern)
        #expect(SiteRoute.person(nil).description == "GET /can-bo/:code")
    }
}
