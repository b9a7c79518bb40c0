import Foundation
import HocBaCore

/// The training matrix as a workbook: title rows, a two-level header (group, column), one row per audience.
public enum TrainingMatrixExport {
    public static func workbook(_ matrix: TrainingMatrix, period: String, scope: String) -> Workbook {
        let columns = matrix.layout.groups.flatMap(\.columns)
        let width = 1 + columns.count
        var sheet = Worksheet(name: "Ma trận đào tạo", columnWidths: [36] + columns.map { _ in 12 }, landscape: true,
                              fitToWidth: true)
        sheet.appendMerged(.text(matrix.layout.title.uppercased(), .title), columns: width, height: 30)
        sheet.appendMerged(.text("\(period) · \(scope) · Đơn vị tính: lượt người", .subtitle), columns: width)
        sheet.appendGroupedHeader(leading: ["Đối tượng"],
                                  groups: matrix.layout.groups.map { ($0.title, $0.columns.map(\.label)) })
        for row in matrix.rows {
            sheet.append([.text(row.label, row.bold ? .cell.bolded : .cell)]
                         + row.counts.map { .integer($0, row.bold ? .number.bolded : .number) })
        }
        return Workbook(sheets: [sheet], title: matrix.layout.title)
    }
}
