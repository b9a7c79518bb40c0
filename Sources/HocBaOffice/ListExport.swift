import Foundation
import HocBaCore

/// A value in a downloaded list: kept typed so that Excel sorts and sums numbers and dates.
public enum ListValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case day(Day?)

    var csvText: String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .day(let day): day?.vietnamese ?? ""
        }
    }

    /// The CSV field: text neutralised against formula injection; numbers and dates as they are (a negative
    /// number is digits after a minus, never a formula, and must stay a number for Excel to sum it).
    var csvField: String {
        switch self {
        case .text(let text): ListExport.neutralised(text)
        case .integer, .day: csvText
        }
    }
}

/// What a list page shows, as a workbook of one sheet or as CSV: the same columns, every row of the current filter.
public enum ListExport {
    public static func workbook(title: String, headers: [String], rows: [[ListValue]]) -> Workbook {
        // Printed from Excel, a list fits the page's width, on a landscape page when it has many columns.
        var sheet = Worksheet(name: Worksheet.sanitisedName(title), columnWidths: widths(headers: headers, rows: rows),
                              landscape: headers.count > 6, fitToWidth: true)
        sheet.frozenRows = 1
        sheet.append(headers.map { .text($0, .header) })
        for row in rows {
            sheet.append(row.map { value in
                switch value {
                case .text(let text): .text(text, .code)
                case .integer(let number): .integer(number)
                case .day(let day): .day(day)
                }
            })
        }
        return Workbook(sheets: [sheet], title: title)
    }

    /// UTF-8 with a byte-order mark (so that Excel reads Vietnamese letters), comma-separated, CRLF, fields quoted
    /// when they hold a comma, a quote or a line break (RFC 4180). Text that a spreadsheet would take for a formula
    /// is neutralised (`neutralised(_:)`).
    public static func csv(headers: [String], rows: [[ListValue]]) -> Data {
        var out = "\u{FEFF}" + line(headers.map(neutralised))
        for row in rows { out += line(row.map(\.csvField)) }
        return Data(out.utf8)
    }

    /// Characters that make Excel, LibreOffice or Google Sheets read a CSV field as a formula (OWASP, "CSV
    /// injection"): a name like `=HYPERLINK("http://…"&A2)` typed into a form would otherwise run when an officer
    /// opens the download.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// Text starting with a formula character, prefixed with a single quote so that it stays text. Applied to
    /// text fields only: the writer knows which fields are numbers and dates, and those cannot hold a formula.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaStarts.contains(Character(first)) else { return text }
        return "'" + text
    }

    private static func line(_ fields: [String]) -> String {
        fields.map { field in
            // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
            guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
                return field
            }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }

    private static func widths(headers: [String], rows: [[ListValue]]) -> [Double] {
        headers.indices.map { column in
            let longest = ([headers[column]] + rows.prefix(200).map { column < $0.count ? $0[column].csvText : "" })
                .map(\.count).max() ?? 10
            return Double(min(50, max(10, longest + 2)))
        }
    }
}
