import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaOffice

/// A matrix-shaped official form over a period and unit subtree — the DNICT-style training matrix
/// (`/bao-cao/ma-tran`) and Biểu 10-BTCTW (`/bao-cao/bieu-10`): page, xlsx, docx, and the layout editor.
struct MatrixFormController<Form: MatrixForm>: RouteCollection {
    /// Which of the forms: its routes in the table.
    let report: SiteRoute.MatrixReport
    /// The start of downloaded file names, e.g. "ma-tran-dao-tao".
    let fileName: String
    /// The name of the xlsx sheet (at most 31 characters).
    let sheetName: String
    let editorHeading: String

    static var trainingMatrix: MatrixFormController<MatrixLayout> {
        .init(report: .trainingMatrix, fileName: "ma-tran-dao-tao", sheetName: "Ma trận đào tạo",
              editorHeading: "Bố cục ma trận kết quả đào tạo, bồi dưỡng")
    }

    static var form10: MatrixFormController<Form10Layout> {
        .init(report: .form10, fileName: "bieu-10-btctw", sheetName: "Biểu 10-BTCTW",
              editorHeading: "Bố cục Biểu 10-BTCTW")
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.matrix(report), use: page)
        for format in SiteRoute.ReportFormat.allCases {
            routes.on(.matrixFile(report, format)) { req in try await download(req, format.export) }
        }
        LayoutEditor<Form>(
            page: report.layout, heading: editorHeading,
            help: "Danh mục cột chính thức chưa được xác nhận nên bố cục là dữ liệu, tỉnh có thể điều chỉnh. "
                + "Mỗi dòng và mỗi cột là một bộ lọc trên các lượt hoàn thành: capacities (tư cách), categories "
                + "(đối tượng), levels (cấp của đơn vị người học), only (\"female\" hoặc \"minority\"), grants (văn "
                + "bằng lớp cấp, dạng LLCT:TRUNG-CAP; \"\" là lớp không cấp văn bằng), programmeTypes (loại chương "
                + "trình), forms (BOI-DUONG, DAO-TAO), locations (TRONG-NUOC, NUOC-NGOAI), organiserLevels (cấp của "
                + "đơn vị tổ chức lớp). Danh sách rỗng là không lọc. Ô là số lượt thỏa cả dòng và cột; cột có "
                + "\"measure\": \"lop\" đếm số lớp.")
            .register(on: routes)
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
        /// The box "Gồm các đơn vị đã sáp nhập vào", ticked.
        let predecessors: Bool
        let title: String
        let rowHeading: String
        let unitNote: String
        let groups: [Group]
        let columns: [String]
        let rows: [Row]
        let links: Links

        struct Links: Encodable {
            /// Where the picker asks: this page.
            let action: String
            let xlsx: String
            let docx: String
            let layout: String

            init(_ report: SiteRoute.MatrixReport, _ parameters: SummaryParameters) {
                action = SiteRoute.matrix(report).path
                xlsx = SiteRoute.matrixFile(report, .xlsx).path(query: parameters.periodItems)
                docx = SiteRoute.matrixFile(report, .docx).path(query: parameters.periodItems)
                layout = SiteRoute.layout(report.layout).path
            }
        }
    }

    /// `tu`, `den`, `don_vi`; without dates, the current calendar year.
    private func parameters(_ req: Request) throws -> SummaryParameters {
        try ReportPeriodInput(query: req).calendarYear(of: Day.today)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let parameters = try parameters(req)
        let matrix = try await req.store.matrixForm(Form.self, parameters)
        let units = try await req.store.unitTree(countingPeople: false)
        let layout = matrix.layout
        let content = Content(
            from: parameters.from.vietnamese, to: parameters.to.vietnamese,
            units: Option.units(units, selected: parameters.unitCode, blank: "Toàn tỉnh", narrowing: true),
            predecessors: parameters.unit.includesPredecessors, title: layout.title, rowHeading: layout.rowHeadingText, unitNote: layout.unitNoteText,
            groups: layout.groups.map { .init(title: $0.title, span: $0.columns.count) },
            columns: layout.groups.flatMap(\.columns).map(\.label),
            rows: matrix.rows.map { .init(label: $0.label, bold: $0.bold, counts: $0.counts.map(Display.number)) },
            links: .init(report, parameters))
        return try await req.page("training-matrix", title: layout.title, section: "bao-cao", content)
    }

    private func download(_ req: Request, _ format: SummaryExports.Format) async throws -> Response {
        let parameters = try parameters(req)
        let matrix = try await req.store.matrixForm(Form.self, parameters)
        let scope = try await req.store.reportScopeName(parameters.unit)
        let period = "Từ ngày \(parameters.from.vietnamese) đến ngày \(parameters.to.vietnamese)"
        let data = switch format {
        case .docx:
            try DocxWriter.write(TrainingMatrixExport.document(matrix, period: period, scope: scope,
                                                               provinceName: try await req.store.provinceName(),
                                                               issuedOn: Day.today))
        default:
            try XLSXWriter.write(TrainingMatrixExport.workbook(matrix, period: period, scope: scope, sheetName: sheetName))
        }
        return .download(data, format: format,
                         fileName: "\(fileName)-\(parameters.from.iso)-\(parameters.to.iso).\(format.rawValue)")
    }
}
