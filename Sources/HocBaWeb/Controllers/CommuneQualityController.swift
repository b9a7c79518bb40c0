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
        let title: String
        let groups: [Group]
        let columns: [String]
        let lines: [Line]
        let query: String
    }

    private func parameters(_ req: Request) throws -> (Day, String?) {
        guard let text = req.queryText("ngay") else { return (Day.today, req.queryText("don_vi")) }
        guard let day = Day(parsing: text) else {
            throw ValidationFailure(field: "ngay", "Ngày không hợp lệ: \"\(text)\".")
        }
        return (day, req.queryText("don_vi"))
    }

    @Sendable func page(req: Request) async throws -> Response {
        let (day, unitCode) = try parameters(req)
        let snapshot = try await req.store.communeQuality(on: day, unitCode: unitCode)
        let units = try await req.store.unitTree()
        let content = Content(
            date: day.vietnamese,
            units: Option.units(units, selected: unitCode, blank: "Toàn tỉnh", communes: false),
            title: snapshot.layout.title,
            groups: snapshot.layout.groups.map { .init(title: $0.title, span: $0.columns.count) },
            columns: snapshot.layout.groups.flatMap(\.columns).map(\.label),
            lines: snapshot.lines.map { line in
                .init(label: line.label, people: Display.number(line.people), cells: line.cells.map { cell in
                    cell.rate.map { VietnameseNumber.percent($0) } ?? Display.number(cell.count)
                })
            },
            query: "ngay=\(day.iso)" + (unitCode.map { "&don_vi=\(Display.percentEncode($0))" } ?? ""))
        return try await req.page("commune-quality", title: snapshot.layout.title, section: "bao-cao", content)
    }

    private func download(_ req: Request, _ format: SummaryExports.Format) async throws -> Response {
        let (day, unitCode) = try parameters(req)
        let snapshot = try await req.store.communeQuality(on: day, unitCode: unitCode)
        let scope = try await unitCode.asyncFlatMap { try await req.store.unit(code: $0)?.name } ?? "Toàn tỉnh"
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
