import Foundation
import HocBaCore

/// The summary report as an Excel workbook and as an official report (NĐ 30/2020), from the same figures as the page,
/// the JSON and the narrative.
public enum SummaryReportExport {
    /// What the exports need besides the figures: names for codes, the narrative, and who issues the report.
    public struct Context: Sendable {
        public var scopeName: String?
        public var typeLabels: [String: String]
        public var sourceLabels: [String: String]
        public var narrative: [String]
        /// The province's name without "Tỉnh", e.g. "Bắc Kạn".
        public var provinceName: String
        public var issuedOn: Day

        public init(scopeName: String?, typeLabels: [String: String], sourceLabels: [String: String],
                    narrative: [String], provinceName: String, issuedOn: Day) {
            self.scopeName = scopeName
            self.typeLabels = typeLabels
            self.sourceLabels = sourceLabels
            self.narrative = narrative
            self.provinceName = provinceName
            self.issuedOn = issuedOn
        }
    }

    /// Rows of the main table: (indent, label, figure).
    static let figureRows: [(Int, SummaryFigure)] = [
        (0, .total), (1, .cbcc), (2, .cbccProvinceDistrict), (3, .cbccProvince), (3, .cbccDistrict),
        (2, .cbccCommune), (2, .cbccNonSpecialized), (1, .vienChuc), (2, .vienChucAdministrative),
        (2, .vienChucProfessional), (0, .hdnd), (1, .hdndProvince), (1, .hdndDistrict), (1, .hdndCommune),
        (1, .hdndEthnicMinority),
    ]

    static func periodText(_ report: SummaryReport) -> String {
        "Từ ngày \(report.from.vietnamese) đến ngày \(report.to.vietnamese)"
    }

    // MARK: xlsx

    public static func workbook(_ report: SummaryReport, _ context: Context) -> Workbook {
        let scope = context.scopeName ?? "Toàn tỉnh \(context.provinceName)"
        func titled(_ name: String, _ title: String, headers: [String], widths: [Double]) -> Worksheet {
            // Every column on the printed page's width (the officer prints the report from Excel).
            var sheet = Worksheet(name: name, columnWidths: widths, fitToWidth: true)
            sheet.appendMerged(.text(title, .title), columns: headers.count, height: 36)
            sheet.appendMerged(.text("\(periodText(report)) · \(scope)", .subtitle), columns: headers.count)
            sheet.append(headers.map { .text($0, .header) })
            sheet.frozenRows = sheet.rows.count
            return sheet
        }

        var figures = titled("Tổng hợp", "BÁO CÁO TỔNG HỢP KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG",
                             headers: ["STT", "Chỉ tiêu", "Số lượt"], widths: [6, 58, 14])
        for (index, row) in figureRows.enumerated() {
            let (indent, figure) = row
            let label = String(repeating: "    ", count: indent) + figure.title
            let style: CellStyle = indent == 0 ? .cell.bolded : .cell
            figures.append([.integer(index + 1, .number.aligned(.center)), .text(label, style),
                            .integer(figure.value(in: report), indent == 0 ? .number.bolded : .number)])
        }
        figures.append([])
        figures.append(["", "Trình độ chuyên môn từ trung cấp trở lên, tính đến " + report.asOf.vietnamese, "Tỷ lệ"]
            .map { .text($0, .header) })
        for (label, rate) in [("Cán bộ cấp xã", report.qualification.communeCadres),
                              ("Công chức cấp xã", report.qualification.communeCivilServants)] {
            figures.append([.blank(), .text("\(label): \(VietnameseNumber.grouped(rate.atLeastIntermediate))/"
                                            + "\(VietnameseNumber.grouped(rate.count)) người"), .percent(rate.rate)])
        }

        var byType = titled("Theo loại chương trình", "SỐ LƯỢT THEO LOẠI CHƯƠNG TRÌNH",
                            headers: ["Mã", "Loại chương trình", "Số lượt"], widths: [14, 58, 14])
        for item in report.byType {
            byType.append([.text(item.type, .code), .text(context.typeLabels[item.type] ?? item.type),
                           .integer(item.personTimes)])
        }
        var byYear = titled("Theo năm", "SỐ LƯỢT THEO NĂM KẾT THÚC LỚP", headers: ["Năm", "Số lượt"], widths: [12, 14])
        for item in report.byYear { byYear.append([.integer(item.year, .cell.aligned(.center)), .integer(item.personTimes)]) }

        var instructors = titled("Giảng viên", "ĐỘI NGŨ GIẢNG VIÊN",
                                 headers: ["Cơ sở đào tạo", "Tổng số", "Thạc sĩ", "Tiến sĩ", "Đã bồi dưỡng PP tích cực"],
                                 widths: [48, 12, 12, 12, 16])
        for school in report.instructors {
            instructors.append([.text(school.name), .integer(school.total), .integer(school.masters),
                                .integer(school.doctorate), .integer(school.activeMethodsTrained)])
        }
        var funding = titled("Kinh phí", "KINH PHÍ THỰC CHI THEO NGUỒN",
                             headers: ["Nguồn", "Số tiền (đồng)", "Năm có chi"], widths: [52, 20, 24])
        for line in report.funding.bySource {
            funding.append([.text(context.sourceLabels[line.source] ?? line.source), .integer(line.amount),
                            .text(line.years.map(String.init).joined(separator: ", "))])
        }
        funding.append([.text("Tổng cộng", .cell.bolded), .integer(report.funding.total, .number.bolded), .blank()])

        var narrative = Worksheet(name: "Thuyết minh", columnWidths: [110], fitToWidth: true)
        narrative.append([.text("THUYẾT MINH", .title)])
        for paragraph in context.narrative { narrative.append([.text(paragraph, CellStyle(horizontal: .left, wrap: true))]) }
        return Workbook(sheets: [figures, byType, byYear, instructors, funding, narrative],
                        title: "Báo cáo tổng hợp kết quả đào tạo, bồi dưỡng")
    }

    // MARK: docx

    public static func document(_ report: SummaryReport, _ context: Context) -> OfficialDocument {
        let n = VietnameseNumber.grouped
        let figureTable = DocumentTable(
            headerRows: [["STT", "Chỉ tiêu", "Số lượt"]],
            rows: figureRows.enumerated().map { index, row in
                ["\(index + 1)", String(repeating: "  ", count: row.0) + row.1.title, n(row.1.value(in: report))]
            },
            numericColumns: [2], columnWidths: [1, 7, 2], centeredColumns: [0],
            boldRows: Set(figureRows.enumerated().filter { $0.element.0 == 0 }.map(\.offset)),
            caption: "Biểu 1. Số lượt cán bộ, công chức, viên chức được đào tạo, bồi dưỡng",
            unitNote: "Đơn vị tính: lượt người")
        let rateTable = DocumentTable(
            headerRows: [["Đối tượng", "Số người", "Từ trung cấp trở lên", "Tỷ lệ"]],
            rows: [("Cán bộ cấp xã", report.qualification.communeCadres),
                   ("Công chức cấp xã", report.qualification.communeCivilServants)].map { label, rate in
                [label, n(rate.count), n(rate.atLeastIntermediate), VietnameseNumber.percent(rate.rate)]
            },
            numericColumns: [1, 2, 3], columnWidths: [4, 2, 3, 2],
            caption: "Biểu 2. Trình độ chuyên môn của cán bộ, công chức cấp xã tính đến \(report.asOf.vietnamese)")
        let typeTable = DocumentTable(
            headerRows: [["STT", "Loại chương trình", "Số lượt"]],
            rows: report.byType.enumerated().map { index, item in
                ["\(index + 1)", context.typeLabels[item.type] ?? item.type, n(item.personTimes)]
            },
            numericColumns: [2], columnWidths: [1, 7, 2], centeredColumns: [0],
            caption: "Biểu 3. Số lượt theo loại chương trình", unitNote: "Đơn vị tính: lượt người")
        let fundingTable = DocumentTable(
            headerRows: [["Nguồn kinh phí", "Số tiền (đồng)"]],
            rows: report.funding.bySource.map { [context.sourceLabels[$0.source] ?? $0.source, n($0.amount)] }
                + [["Tổng cộng", n(report.funding.total)]],
            numericColumns: [1], columnWidths: [6, 3], boldRows: [report.funding.bySource.count],
            caption: "Biểu 4. Kinh phí thực chi theo nguồn")
        let scope = context.scopeName.map { " của \($0)" } ?? ""
        return OfficialDocument(
            issuer: ["UBND TỈNH \(context.provinceName.uppercased())", "SỞ NỘI VỤ"], number: "      /BC-SNV",
            place: context.provinceName, date: context.issuedOn, title: "Báo cáo",
            subtitle: "Kết quả đào tạo, bồi dưỡng cán bộ, công chức, viên chức\(scope) "
                + SummaryNarrative.periodTitle(report),
            blocks: [.heading("I. KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG")] + context.narrative.map { .paragraph($0) }
                + [.heading("II. SỐ LIỆU CHI TIẾT"), .table(figureTable), .table(rateTable), .table(typeTable),
                   .table(fundingTable)],
            recipients: ["Bộ Nội vụ;", "UBND tỉnh;", "Lưu: VT."], signerTitle: "GIÁM ĐỐC", signerName: "")
    }
}
