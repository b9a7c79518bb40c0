import Foundation
import HocBaCore

/// A matrix-shaped form (the training matrix, Biểu 10-BTCTW) as a workbook and as a Word document: title rows, a
/// two-level header (group, column), one row per layout row.
public enum TrainingMatrixExport {
    public static func workbook(_ matrix: TrainingMatrix, period: String, scope: String,
                                sheetName: String = "Ma trận đào tạo") -> Workbook {
        let layout = matrix.layout
        let columns = layout.groups.flatMap(\.columns)
        let width = 1 + columns.count
        var sheet = Worksheet(name: sheetName, columnWidths: [36] + columns.map { _ in 12 }, landscape: true,
                              fitToWidth: true)
        sheet.appendMerged(.text(layout.title.uppercased(), .title), columns: width, height: 30)
        sheet.appendMerged(.text("\(period) · \(scope) · \(layout.unitNoteText)", .subtitle), columns: width)
        sheet.appendGroupedHeader(leading: [layout.rowHeadingText],
                                  groups: layout.groups.map { ($0.title, $0.columns.map(\.label)) })
        for row in matrix.rows {
            sheet.append([.text(row.label, row.bold ? .cell.bolded : .cell)]
                         + row.counts.map { .integer($0, row.bold ? .number.bolded : .number) })
        }
        return Workbook(sheets: [sheet], title: layout.title)
    }

    public static func document(_ matrix: TrainingMatrix, period: String, scope: String, provinceName: String,
                                issuedOn: Day) -> OfficialDocument {
        let layout = matrix.layout
        let columns = layout.groups.flatMap(\.columns).count
        let table = DocumentTable(
            headerRows: FormDocument.groupedHeader(leading: [layout.rowHeadingText],
                                                   groups: layout.groups.map { ($0.title, $0.columns.map(\.label)) }),
            rows: matrix.rows.map { [$0.label] + $0.counts.map(VietnameseNumber.grouped) },
            numericColumns: Set(1...max(1, columns)), columnWidths: [5] + Array(repeating: 1.2, count: columns),
            boldRows: Set(matrix.rows.indices.filter { matrix.rows[$0].bold }), unitNote: layout.unitNoteText,
            fontSize: 10)
        return FormDocument.make(title: layout.title, period: period, scope: scope, table: table,
                                 provinceName: provinceName, issuedOn: issuedOn)
    }
}
