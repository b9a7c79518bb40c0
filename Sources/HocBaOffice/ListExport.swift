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
}

/// What a list page shows, as a workbook of one sheet or as CSV: the same columns, every row of the current filter.
public enum ListExport {
    public static func workbook(title: String, headers: [String], rows: [[ListValue]]) -> Workbook {
        var sheet = Worksheet(name: Worksheet.sanitisedName(title), columnWidths: widths(headers: headers, rows: rows))
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
    /// when they hold a comma, a quote or a line break (RFC 4180).
    public static func csv(headers: [String], rows: [[ListValue]]) -> Data {
        var out = "\u{FEFF}" + line(headers)
        for row in rows { out += line(row.map(\.csvText)) }
        return Data(out.utf8)
    }

    private static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
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
