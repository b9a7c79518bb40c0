import Foundation
import HocBaCore

/// A Vietnamese administrative document (báo cáo, công văn…) laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I.
/// Write it with ``DocxWriter/write(_:)``.
public struct OfficialDocument: Sendable {
    /// The issuing body, top line first: the parent body (written regular) and then the issuing body itself
    /// (written bold, with a short rule under it), e.g. `["UBND TỈNH BẮC KẠN", "SỞ NỘI VỤ"]`.
    /// A single line is the issuing body.
    public var issuer: [String]
    /// What follows "Số: ", e.g. `"125/BC-SNV"` or `"      /BC-SNV"` for a number filled in at signing;
    /// nil leaves the line out.
    public var number: String?
    /// Where it is issued, e.g. "Bắc Kạn".
    public var place: String
    public var date: Day
    /// The kind of document, e.g. "Báo cáo" (written in capitals, bold).
    public var title: String
    /// The summary of content (trích yếu), e.g. "Kết quả đào tạo, bồi dưỡng … giai đoạn 2016 - 2020" (bold).
    public var subtitle: String?
    public var blocks: [DocumentBlock]
    /// "Nơi nhận" lines, e.g. `["Bộ Nội vụ;", "UBND tỉnh;", "Lưu: VT, CCVC."]` (a leading "- " is added).
    public var recipients: [String]
    /// The signer's authority and title; a line break separates lines, e.g. `"KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"`.
    public var signerTitle: String
    public var signerName: String
    /// Body text size in points (13–14 per NĐ 30).
    public var bodyFontSize: Double
    /// A4 landscape, for forms too wide for a portrait page (same margins).
    public var landscape: Bool

    public init(issuer: [String], number: String?, place: String, date: Day, title: String, subtitle: String? = nil,
                blocks: [DocumentBlock], recipients: [String], signerTitle: String, signerName: String,
                bodyFontSize: Double = 14, landscape: Bool = false) {
        self.issuer = issuer
        self.number = number
        self.place = place
        self.date = date
        self.title = title
        self.subtitle = subtitle
        self.blocks = blocks
        self.recipients = recipients
        self.signerTitle = signerTitle
        self.signerName = signerName
        self.bodyFontSize = bodyFontSize
        self.landscape = landscape
    }

    /// "ngày 05 tháng 02 năm 2020", "ngày 12 tháng 10 năm 2020": days below 10 and the months 1 and 2 take a
    /// leading zero, as NĐ 30/2020/NĐ-CP prescribes.
    public static func dateText(_ day: Day) -> String {
        let dayText = day.day < 10 ? "0\(day.day)" : "\(day.day)"
        let monthText = day.month <= 2 ? "0\(day.month)" : "\(day.month)"
        return "ngày \(dayText) tháng \(monthText) năm \(day.year)"
    }

    /// "Bắc Kạn, ngày 12 tháng 10 năm 2020".
    public var placeAndDate: String { place + ", " + OfficialDocument.dateText(date) }
}

/// A piece of the body.
public enum DocumentBlock: Sendable, Hashable {
    /// A section heading ("I. KẾT QUẢ ĐẠT ĐƯỢC"): bold, Word style "Heading 1".
    case heading(String)
    /// A sub-heading ("1. Đào tạo, bồi dưỡng cán bộ, công chức"): bold, Word style "Heading 2".
    case subheading(String)
    /// Body text: justified, first line indented 1 cm, 6 pt before. A line break starts a new paragraph.
    case paragraph(String)
    case table(DocumentTable)
}

/// A header cell of a ``DocumentTable``. As in HTML, each header row lists only the cells that start in it; a cell
/// spanning rows below takes its place there.
public struct TableCell: Sendable, Hashable, ExpressibleByStringLiteral {
    public var text: String
    public var columnSpan: Int
    public var rowSpan: Int

    public init(_ text: String, columnSpan: Int = 1, rowSpan: Int = 1) {
        self.text = text
        self.columnSpan = max(1, columnSpan)
        self.rowSpan = max(1, rowSpan)
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }
}

/// A bordered table: bold grey header rows repeated on each page, then data rows of text.
public struct DocumentTable: Sendable, Hashable {
    public var headerRows: [[TableCell]]
    public var rows: [[String]]
    /// Columns (zero-based) whose data cells are right-aligned.
    public var numericColumns: Set<Int>
    /// Relative widths, one per column; empty means equal columns. The table fills the text width.
    public var columnWidths: [Double]
    /// Columns whose data cells are centred (e.g. "STT").
    public var centeredColumns: Set<Int>
    /// Data rows (zero-based) written in bold (e.g. "Tổng cộng").
    public var boldRows: Set<Int>
    /// A bold centred line above the table, e.g. "Biểu 1. Số lượt cán bộ, công chức được đào tạo, bồi dưỡng".
    public var caption: String?
    /// An italic right-aligned line above the table, e.g. "Đơn vị tính: lượt người".
    public var unitNote: String?
    /// Text size in the table, in points.
    public var fontSize: Double

    public init(headerRows: [[TableCell]], rows: [[String]], numericColumns: Set<Int> = [],
                columnWidths: [Double] = [], centeredColumns: Set<Int> = [], boldRows: Set<Int> = [],
                caption: String? = nil, unitNote: String? = nil, fontSize: Double = 12) {
        self.headerRows = headerRows
        self.rows = rows
        self.numericColumns = numericColumns
        self.columnWidths = columnWidths
        self.centeredColumns = centeredColumns
        self.boldRows = boldRows
        self.caption = caption
        self.unitNote = unitNote
        self.fontSize = fontSize
    }
}
