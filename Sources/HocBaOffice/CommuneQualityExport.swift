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
        sheet.appendGroupedHeader(leading: ["Đối tượng", "Số người"],
                                  groups: snapshot.layout.groups.map { ($0.title, $0.columns.map(\.label)) })
        for line in snapshot.lines {
            sheet.append([.text(line.label), .integer(line.people)] + line.cells.map { cell in
                cell.rate.map { Cell.percent($0) } ?? .integer(cell.count)
            })
        }
        return Workbook(sheets: [sheet], title: snapshot.layout.title)
    }

    public static func document(_ snapshot: QualitySnapshot, on day: Day, scope: String, provinceName: String,
                                issuedOn: Day) -> OfficialDocument {
        let columns = snapshot.layout.groups.flatMap(\.columns).count
        let table = DocumentTable(
            headerRows: FormDocument.groupedHeader(
                leading: ["Đối tượng", "Số người"],
                groups: snapshot.layout.groups.map { ($0.title, $0.columns.map(\.label)) }),
            rows: snapshot.lines.map { line in
                [line.label, VietnameseNumber.grouped(line.people)] + line.cells.map { cell in
                    cell.rate.map { VietnameseNumber.percent($0) } ?? VietnameseNumber.grouped(cell.count)
                }
            },
            numericColumns: Set(1...(1 + columns)), columnWidths: [4, 1.3] + Array(repeating: 1.2, count: columns),
            unitNote: "Đơn vị tính: người; tỷ lệ %", fontSize: 10)
        return FormDocument.make(title: snapshot.layout.title, period: "Tính đến ngày \(day.vietnamese)", scope: scope,
                                 table: table, provinceName: provinceName, issuedOn: issuedOn)
    }
}
