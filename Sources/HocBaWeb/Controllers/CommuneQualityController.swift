import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaOffice

/// Chất lượng cán bộ, công chức cấp xã on a date: the table by the province's layout, its xlsx, and the layout editor.
struct CommuneQualityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.communeQuality, use: page)
        for format in SiteRoute.ReportFormat.allCases {
            routes.on(.communeQualityFile(format)) { req in try await download(req, format.export) }
        }
        LayoutEditor<QualityLayout>(
            page: .communeQuality, heading: "Bố cục biểu chất lượng cán bộ, công chức cấp xã",
            help: "Danh mục cột chính thức chưa được xác nhận nên bố cục là dữ liệu, tỉnh có thể điều chỉnh. "
                + "Mỗi dòng liệt kê mã đối tượng (CB, CC); mỗi cột nêu loại (CHUYEN-MON, LLCT, QLNN) và các mã "
                + "trình độ được đếm (mã rỗng \"\" là chưa có trình độ), hoặc atLeast để đếm từ một trình độ trở "
                + "lên, và rate để hiện tỷ lệ.").register(on: routes)
    }

    struct Content: Encodable {
        struct Group: Encodable {
            let title: String
            let span: Int
        }

        struct Line: Encodable {
            let label: String
            let people: String
            let cells: [String]
        }

        let date: String
        let units: [Option]
        /// The box "Gồm các đơn vị đã sáp nhập vào", ticked.
        let predecessors: Bool
        let title: String
        let groups: [Group]
        let columns: [String]
        let lines: [Line]
        let links: Links

        struct Links: Encodable {
            /// Where the picker asks: this page.
            let action = SiteRoute.communeQuality.path
            let xlsx: String
            let docx: String
            let layout = SiteRoute.layout(.communeQuality).path

            init(_ input: ReportDayInput) {
                xlsx = SiteRoute.communeQualityFile(.xlsx).path(query: input.queryItems)
                docx = SiteRoute.communeQualityFile(.docx).path(query: input.queryItems)
            }
        }
    }

    @Sendable func page(req: Request) async throws -> Response {
        let input = try ReportDayInput(query: req)
        let day = input.day
        let snapshot = try await req.store.communeQuality(on: day, unit: input.unit)
        let units = try await req.store.unitTree(countingPeople: false)
        let content = Content(
            date: day.vietnamese,
            units: Option.units(units, selected: input.unitCode, blank: "Toàn tỉnh", communes: false, narrowing: true),
            predecessors: input.unit.includesPredecessors,
            title: snapshot.layout.title,
            groups: snapshot.layout.groups.map { .init(title: $0.title, span: $0.columns.count) },
            columns: snapshot.layout.groups.flatMap(\.columns).map(\.label),
            lines: snapshot.lines.map { line in
                .init(label: line.label, people: Display.number(line.people), cells: line.cells.map { cell in
                    cell.rate.map { VietnameseNumber.percent($0) } ?? Display.number(cell.count)
                })
            },
            links: .init(input))
        return try await req.page("commune-quality", title: snapshot.layout.title, section: "bao-cao", content)
    }

    private func download(_ req: Request, _ format: SummaryExports.Format) async throws -> Response {
        let input = try ReportDayInput(query: req)
        let day = input.day
        let snapshot = try await req.store.communeQuality(on: day, unit: input.unit)
        let scope = try await req.store.reportScopeName(input.unit)
        let data = switch format {
        case .docx:
            try DocxWriter.write(CommuneQualityExport.document(snapshot, on: day, scope: scope,
                                                               provinceName: try await req.store.provinceName(),
                                                               issuedOn: Day.today))
        default:
            try XLSXWriter.write(CommuneQualityExport.workbook(snapshot, on: day, scope: scope))
        }
        return .download(data, format: format, fileName: "chat-luong-cap-xa-\(day.iso).\(format.rawValue)")
    }
}
