import Foundation
import HocBaCore

/// An official statistical form (biểu mẫu) as a Word document: the NĐ 30 header of the provincial Department of
/// Home Affairs, the form's title and period, its one table on an A4 landscape page, and the signature block.
public enum FormDocument {
    public static func make(title: String, period: String, scope: String, table: DocumentTable, provinceName: String,
                            issuedOn: Day) -> OfficialDocument {
        OfficialDocument(
            issuer: ["UBND TỈNH \(provinceName.uppercased(with: Locale(identifier: "vi_VN")))", "SỞ NỘI VỤ"],
            number: nil, place: provinceName, date: issuedOn, title: title, subtitle: "\(period)\n\(scope)",
            blocks: [.table(table)], recipients: ["Lưu: VT."], signerTitle: "GIÁM ĐỐC", signerName: "",
            bodyFontSize: 13, landscape: true)
    }

    /// The two header rows of a form whose leading columns span both rows and whose other columns are grouped.
    static func groupedHeader(leading: [String], groups: [(title: String, columns: [String])]) -> [[TableCell]] {
        [leading.map { TableCell($0, rowSpan: 2) } + groups.map { TableCell($0.title, columnSpan: $0.columns.count) },
         groups.flatMap(\.columns).map { TableCell($0) }]
    }
}
