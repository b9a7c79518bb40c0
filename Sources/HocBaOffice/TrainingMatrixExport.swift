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
        let groupRow = sheet.append([.text("Đối tượng", .header)] + matrix.layout.groups.flatMap { group in
            [Cell.text(group.title, .header)] + group.columns.dropFirst().map { _ in Cell.blank(.header) }
        })
        let labelRow = sheet.append([.blank(.header)] + columns.map { .text($0.label, .header) })
        sheet.merges.append(CellRange(firstRow: groupRow, firstColumn: 0, lastRow: labelRow, lastColumn: 0))
        var column = 1
        for group in matrix.layout.groups {
            if group.columns.count > 1 {
                sheet.merges.append(CellRange(firstRow: groupRow, firstColumn: column, lastRow: groupRow,
                                              lastColumn: column + group.columns.count - 1))
            }
            column += group.columns.count
        }
        sheet.frozenRows = sheet.rows.count
        for row in matrix.rows {
            sheet.append([.text(row.label, row.bold ? .cell.bolded : .cell)]
                         + row.counts.map { .integer($0, row.bold ? .number.bolded : .number) })
        }
        return Workbook(sheets: [sheet], title: matrix.layout.title)
    }
}
