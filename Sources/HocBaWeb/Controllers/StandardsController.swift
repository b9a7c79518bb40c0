import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaOffice

/// Tiêu chuẩn đào tạo, bồi dưỡng: who does not yet meet the standards of their rank and post on a date, and why
/// (page, JSON, xlsx); who is short of the annual minimum; the rule tables' editor.
struct StandardsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.standards, use: page)
        routes.on(.standardsJSON, use: json)
        routes.on(.standardsFile, use: xlsx)
        routes.on(.annualMinimum, use: annualMinimum)
        LayoutEditor<TrainingStandards>(
            page: .standards, heading: "Bảng tiêu chuẩn đào tạo, bồi dưỡng",
            help: "ranks: ngạch → yêu cầu (qualification: LOẠI:MỨC như QLNN:CV, LLCT:TRUNG-CAP; programme: các loại "
                + "chương trình). posts: nhóm chức vụ (posts: tên chức vụ, khớp phần đầu) → yêu cầu, beforeAppointment "
                + "cho bồi dưỡng trước bổ nhiệm. annualMinimums: số tiết tối thiểu mỗi năm theo đối tượng và các loại "
                + "chương trình được tính. Mỗi quy tắc có validFrom/validTo (YYYY-MM-DD): thêm phiên bản mới từ ngày "
                + "văn bản có hiệu lực, không sửa phiên bản cũ; basis ghi căn cứ pháp lý.", section: "tieu-chuan")
            .register(on: routes)
    }

    private func report(_ req: Request) async throws -> GapReport {
        try await report(try ReportDayInput(query: req), store: req.store)
    }

    private func report(_ input: ReportDayInput, store: RecordStore) async throws -> GapReport {
        try await StandardsCheck.report(store, on: input.day, unitCode: input.unitCode)
    }

    struct Content: Encodable {
        let date: String
        let units: [Option]
        let requirements: [Requirement]
        let unitCounts: [GapReport.UnitCount]
        let checked: String
        let withGaps: String
        let people: [Person]
        let shown: String
        let filter: String?
        let links: Links

        struct Links: Encodable {
            /// Where the picker asks: this page.
            let action = SiteRoute.standards.path
            let xlsx: String
            let annualMinimum = SiteRoute.annualMinimum.path
            let layout = SiteRoute.layout(.standards).path
        }

        struct Person: Encodable {
            let fullName: String
            let unitName: String
            let gaps: [GapReport.Gap]
            let link: String
        }

        struct Requirement: Encodable {
            let id: String
            let source: String
            let title: String
            let checked: String
            let notMet: String
            let link: String
        }
    }

    @Sendable func page(req: Request) async throws -> Response {
        let input = try ReportDayInput(query: req)
        let report = try await report(input, store: req.store)
        let query = input.queryItems
        // One requirement's people (?yeu_cau=ID), else everyone with a gap; at most 500 on the page (all in xlsx).
        let filter = req.queryText("yeu_cau")
        let chosen = filter.flatMap { id in report.requirements.first { $0.id == id } }
        let people = chosen.map { requirement in
            report.people.filter { $0.gaps.contains { $0.requirement == requirement.title } }
        } ?? report.people
        let content = Content(
            date: Day(iso: report.asOf)?.vietnamese ?? report.asOf,
            units: try await unitOptions(req, selected: report.unitCode),
            requirements: report.requirements.map {
                .init(id: $0.id, source: $0.source, title: $0.title, checked: Display.number($0.checked),
                      notMet: Display.number($0.notMet),
                      link: SiteRoute.standards.path(query: query + [("yeu_cau", $0.id)], fragment: "danh-sach"))
            },
            unitCounts: report.units, checked: Display.number(report.checked), withGaps: Display.number(report.withGaps),
            people: people.prefix(500).map {
                .init(fullName: $0.fullName, unitName: $0.unitName, gaps: $0.gaps, link: SiteRoute.person($0.code).path)
            },
            shown: people.count > 500 ? "500 / \(Display.number(people.count))" : Display.number(people.count),
            filter: chosen.map { "\($0.source): \($0.title)" },
            links: .init(xlsx: SiteRoute.standardsFile.path(query: query)))
        return try await req.page("standards", title: "Tiêu chuẩn đào tạo, bồi dưỡng", section: "tieu-chuan", content)
    }

    private func unitOptions(_ req: Request, selected: String?) async throws -> [Option] {
        Option.units(try await req.store.unitTree(countingPeople: false), selected: selected, blank: "Toàn bộ phạm vi", communes: false, narrowing: true)
    }

    @Sendable func json(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: try StandardsCheck.json(try await report(req))))
        response.headers.contentType = .json
        return response
    }

    @Sendable func xlsx(req: Request) async throws -> Response {
        let report = try await report(req)
        return .download(try StandardsCheck.workbook(report), format: .xlsx, fileName: StandardsCheck.workbookName(report))
    }

    struct MinimumContent: Encodable {
        struct Line: Encodable, Sendable {
            let code: String
            let fullName: String
            let completed: String
            let required: String
            let shortfall: String
            let reason: String
            let link: String
        }

        struct UnitGroup: Encodable {
            let name: String
            let lines: [Line]
        }

        let year: Int
        let units: [Option]
        let checked: String
        let short: String
        /// This page's people, by unit (a unit whose people run over two pages appears on both).
        let groups: [UnitGroup]
        let pager: Pager
        /// Where the picker asks: this page; and the standards by rank and post.
        let action = SiteRoute.annualMinimum.path
        let standards = SiteRoute.standards.path
    }

    /// People short of the minimum are listed a hundred a page: a province has thousands.
    static let minimumPageSize = 100

    @Sendable func annualMinimum(req: Request) async throws -> Response {
        let query = try MinimumQuery(req)
        let year = query.year, unitCode = query.unitCode
        let results = try await req.store.annualMinimum(year: year, unitCode: unitCode)
        let names = try await req.store.unitNames()
        let lines = AnnualMinimum.shortfalls(results).flatMap { group in
            group.people.map { (unitID: group.unitID, unit: names[group.unitID]?.name ?? "", line: MinimumContent.Line(
                code: $0.person.code, fullName: $0.person.fullName, completed: Display.number($0.completedHours),
                required: Display.number($0.requiredHours), shortfall: Display.number($0.shortfall), reason: $0.reason,
                link: SiteRoute.person($0.person.code).path)) }
        }
        let pageNumber = min(max(1, query.page), max(1, (lines.count + Self.minimumPageSize - 1) / Self.minimumPageSize))
        let shown = lines.dropFirst((pageNumber - 1) * Self.minimumPageSize).prefix(Self.minimumPageSize)
        // Grouped by unit (by id: two units may share a name), in the order of the shortfalls.
        var groups: [MinimumContent.UnitGroup] = []
        var lastUnit: Int?
        for entry in shown {
            if lastUnit == entry.unitID {
                groups[groups.count - 1] = .init(name: entry.unit, lines: groups[groups.count - 1].lines + [entry.line])
            } else {
                groups.append(.init(name: entry.unit, lines: [entry.line]))
            }
            lastUnit = entry.unitID
        }
        let page = HocBaStore.Page(rows: Array(shown.map(\.line)), total: lines.count, page: pageNumber,
                                   pageSize: Self.minimumPageSize)
        let content = MinimumContent(year: year, units: try await unitOptions(req, selected: unitCode),
                                     checked: Display.number(results.filter { $0.rule != nil }.count),
                                     short: Display.number(results.filter(\.isShort).count), groups: groups,
                                     pager: Display.pager(page, route: .annualMinimum, query: query.filterItems))
        return try await req.page("standards-minimum", title: "Bồi dưỡng tối thiểu hằng năm", section: "tieu-chuan", content)
    }
}
