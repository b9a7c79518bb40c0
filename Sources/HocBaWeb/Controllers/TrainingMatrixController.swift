import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaOffice

/// Ma trận kết quả đào tạo, bồi dưỡng theo đối tượng (DNICT-style): page, xlsx, and the layout editor.
struct TrainingMatrixController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let group = routes.grouped("bao-cao", "ma-tran")
        group.get(use: page)
        group.get("xlsx", use: download)
        LayoutEditor<MatrixLayout>(
            path: "/bao-cao/ma-tran", heading: "Bố cục ma trận kết quả đào tạo, bồi dưỡng",
            help: "Mỗi dòng và mỗi cột là một bộ lọc trên các lượt hoàn thành: capacities (tư cách), categories "
                + "(đối tượng), levels (cấp), only (\"female\" hoặc \"minority\"), grants (văn bằng lớp cấp, dạng "
                + "LLCT:TRUNG-CAP; \"\" là lớp không cấp văn bằng), programmeTypes (loại chương trình). Danh sách "
                + "rỗng là không lọc. Ô là số lượt thỏa cả dòng và cột.").register(on: group)
    }

    struct Content: Encodable {
        struct Group: Encodable {
            let title: String
            let span: Int
        }

        struct Row: Encodable {
            let label: String
            let bold: Bool
            let counts: [String]
        }

        let from: String
        let to: String
        let units: [Option]
        let title: String
        let groups: [Group]
        let columns: [String]
        let rows: [Row]
        let xlsxLink: String
    }

    /// `tu`, `den`, `don_vi`; without dates, the current calendar year.
    private func parameters(_ req: Request) throws -> SummaryParameters {
        let today = Day.today
        func day(_ name: String, _ fallback: Day) throws -> Day {
            guard let text = req.queryText(name) else { return fallback }
            guard let value = Day(parsing: text) else { throw ValidationFailure(field: name, "Ngày không hợp lệ: \"\(text)\".") }
            return value
        }
        let parameters = SummaryParameters(from: try day("tu", Day(today.year, 1, 1)), to: try day("den", Day(today.year, 12, 31)),
                                           unitCode: req.queryText("don_vi"))
        if !parameters.problems.isEmpty { throw ValidationFailure(parameters.problems) }
        return parameters
    }

    @Sendable func page(req: Request) async throws -> Response {
        let parameters = try parameters(req)
        let matrix = try await req.store.trainingMatrix(parameters)
        let units = try await req.store.unitTree()
        var query = "tu=\(parameters.from.iso)&den=\(parameters.to.iso)"
        if let unit = parameters.unitCode { query += "&don_vi=\(Display.percentEncode(unit))" }
        let content = Content(
            from: parameters.from.vietnamese, to: parameters.to.vietnamese,
            units: [Option(value: "", label: "Toàn tỉnh", selected: parameters.unitCode == nil)]
                + units.map { Option(value: $0.code, label: Display.indent($0.depth) + $0.name,
                                     selected: $0.code == parameters.unitCode) },
            title: matrix.layout.title,
            groups: matrix.layout.groups.map { .init(title: $0.title, span: $0.columns.count) },
            columns: matrix.layout.groups.flatMap(\.columns).map(\.label),
            rows: matrix.rows.map { .init(label: $0.label, bold: $0.bold, counts: $0.counts.map(Display.number)) },
            xlsxLink: "/bao-cao/ma-tran/xlsx?" + query)
        return try await req.page("training-matrix", title: matrix.layout.title, section: "bao-cao", content)
    }

    @Sendable func download(req: Request) async throws -> Response {
        let parameters = try parameters(req)
        let matrix = try await req.store.trainingMatrix(parameters)
        let scope = try await parameters.unitCode.asyncFlatMap { try await req.store.unit(code: $0)?.name } ?? "Toàn tỉnh"
        let data = try XLSXWriter.write(TrainingMatrixExport.workbook(
            matrix, period: "Từ ngày \(parameters.from.vietnamese) đến ngày \(parameters.to.vietnamese)", scope: scope))
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: SummaryExports.Format.xlsx.contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value:
            "attachment; filename=\"ma-tran-dao-tao-\(parameters.from.iso)-\(parameters.to.iso).xlsx\"")
        return response
    }
}
