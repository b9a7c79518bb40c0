import Foundation
import HocBaCore

/// The commune staff quality snapshot as a workbook: title rows, a two-level header (group, column), one row per
/// layout row, counts with rates as percentages.
public enum CommuneQualityExport {
    public static func workbook(_ snapshot: QualitySnapshot, on day: Day, scope: String) -> Workbook {
        let columns = snapshot.layout.groups.flatMap(\.columns)
        let width = 2 + columns.count
        var sheet = Worksheet(name: "Chất lượng cấp xã", columnWidths: [26, 10] + columns.map { _ in 13 },
                              landscape: true, fitToWidth: true)
        sheet.appendMerged(.text(snapshot.layout.title.uppercased(), .title), columns: width, height: 30)
        sheet.appendMerged(.text("Tính đến ngày \(day.vietnamese) · \(scope)", .subtitle), columns: width)
        let groupRow = sheet.append([.text("Đối tượng", .header), .text("Số người", .header)]
            + snapshot.layout.groups.flatMap { group in
                [Cell.text(group.title, .header)] + group.columns.dropFirst().map { _ in Cell.blank(.header) }
            })
        let labelRow = sheet.append([.blank(.header), .blank(.header)] + columns.map { .text($0.label, .header) })
        sheet.merges.append(CellRange(firstRow: groupRow, firstColumn: 0, lastRow: labelRow, lastColumn: 0))
        sheet.merges.append(CellRange(firstRow: groupRow, firstColumn: 1, lastRow: labelRow, lastColumn: 1))
        var column = 2
        for group in snapshot.layout.groups {
            if group.columns.count > 1 {
                sheet.merges.append(CellRange(firstRow: groupRow, firstColumn: column, lastRow: groupRow,
                                              lastColumn: column + group.columns.count - 1))
            }
            column += group.columns.count
        }
        sheet.frozenRows = sheet.rows.count
        for line in snapshot.lines {
            sheet.append([.text(line.label), .integer(line.people)] + line.cells.map { cell in
                cell.rate.map { Cell.percent($0) } ?? .integer(cell.count)
            })
        }
        return Workbook(sheets: [sheet], title: snapshot.layout.title)
    }
}
