import Foundation
import HocBaCore

/// An officer's file given back with its problems marked, as Excel users expect: every sheet of the file, its rows
/// as they were read, each cell a problem names filled red, and a last column "Lỗi" with the row's messages;
/// problems of a whole sheet (its header) or of a sheet the file lacks on a sheet "Lỗi khác". Corrected and uploaded
/// again it imports like any file (the fill means nothing, and the extra column is an unknown column, skipped).
public enum ProblemWorkbook {
    static let marked = CellStyle(horizontal: .left, border: true, fill: .solid("F8CBAD"), numberFormat: .text)
    static let plain = CellStyle(horizontal: .left, border: true, numberFormat: .text)
    static let messages = CellStyle(horizontal: .left, wrap: true, border: true, fill: .solid("FCE4D6"))

    /// A sheet past these would not import anyway (`SheetImporter`'s limits), and the workbook is built in memory.
    static let maxRows = 200_001
    static let maxColumns = 200

    public static func workbook(_ sources: [WorkbookReading.Source], problems: [ImportProblem], moreProblems: Int = 0,
                                limits: ReadLimits = .init()) throws -> Workbook {
        let bySheet = Dictionary(grouping: problems.filter { $0.row != nil }, by: \.sheet)
        var sheets: [Worksheet] = []
        var headerRows: [String: Int] = [:]
        for (name, rows) in try WorkbookReading.allRows(sources, maxRows: maxRows, maxColumns: maxColumns,
                                                        limits: limits) {
            guard let header = rows.first else { continue }
            sheets.append(sheet(name, header: header.cells, rows: Array(rows.dropFirst()), problems: bySheet[name] ?? []))
            headerRows[name] = header.number
        }
        // Problems of a whole sheet (its header: a missing or doubled column) or of a sheet the file does not have.
        var elsewhere = problems.filter { problem in
            guard let header = headerRows[problem.sheet], let row = problem.row else { return true }
            return row <= header
        }
        if moreProblems > 0 {
            elsewhere.append(ImportProblem(sheet: "", row: nil, column: nil,
                                           message: "… và \(moreProblems) lỗi khác chưa đánh dấu: sửa các lỗi trên rồi tải lên lại."))
        }
        if !elsewhere.isEmpty {
            var list = Worksheet(name: "Lỗi khác", columnWidths: [20, 8, 20, 80])
            list.rows = [["Trang", "Dòng", "Cột", "Lỗi"].map { Cell.text($0, .header) }]
                + elsewhere.map { [.text($0.sheet), .text($0.row.map(String.init) ?? ""), .text($0.column ?? ""),
                                   .text($0.message, messages)] }
            sheets.append(list)
        }
        return Workbook(sheets: sheets, title: "Tệp nhập có đánh dấu lỗi")
    }

    private static func sheet(_ name: String, header: [SheetCell?], rows: [(number: Int, cells: [SheetCell?])],
                              problems: [ImportProblem]) -> Worksheet {
        let headers = header.map { $0?.typedText ?? "" }
        // A problem names its column by the standard header; the file may spell it otherwise.
        func columnIndex(_ column: String?) -> Int? {
            guard let column else { return nil }
            let key = VietnameseText.matchKey(column.replacingOccurrences(of: "*", with: ""))
            return headers.firstIndex { VietnameseText.matchKey($0.replacingOccurrences(of: "*", with: "")) == key }
        }
        let byRow = Dictionary(grouping: problems, by: { $0.row ?? 0 })
        let width = headers.count
        var worksheet = Worksheet(name: Worksheet.sanitisedName(name),
                                  columnWidths: headers.map { max(12, min(40, Double($0.count) + 4)) } + [70])
        worksheet.frozenRows = 1
        worksheet.rows = [headers.map { Cell.text($0, .header) } + [.text("Lỗi", .header)]]
        for row in rows {
            let found = byRow[row.number] ?? []
            let bad = Set(found.compactMap { columnIndex($0.column) })
            var cells = (0..<width).map { index -> Cell in
                let value = index < row.cells.count ? row.cells[index]?.typedText ?? "" : ""
                return .text(value, bad.contains(index) ? marked : plain)
            }
            cells.append(found.isEmpty ? .blank() : .text(found.map(\.message).joined(separator: "\n"), messages))
            worksheet.rows.append(cells)
        }
        return worksheet
    }
}

extension SheetCell {
    /// The cell as the officer typed it (dates as dd/mm/yyyy, which import back as dates): previews and the marked
    /// file show it so.
    var typedText: String {
        switch self {
        case .text(let text), .number(let text), .error(let text): text
        case .date(let day): day.vietnamese
        case .bool(let flag): flag ? "Có" : "Không"
        }
    }
}
