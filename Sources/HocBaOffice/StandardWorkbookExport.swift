import Foundation
import HocBaCore

/// The standard workbook (docs/workbook.md) as an xlsx file: one sheet per kind of record with the standard
/// headers (`*` on required columns), frozen and bold, then the rows. The empty template adds drop-down lists on
/// coded columns, fed from a "DanhMuc" sheet, and a "HuongDan" sheet of notes. Both import back with no mapping.
public enum StandardWorkbookExport {
    /// Data rows a template offers drop-downs on.
    static let templateRows = 2_000

    public static func workbook(_ sheets: [(sheet: WorkbookSheet, rows: [[SheetCell?]])], title: String) -> Workbook {
        Workbook(sheets: sheets.map { worksheet($0.sheet, rows: $0.rows) }, title: title)
    }

    /// The empty standard workbook with drop-downs and notes; `catalogues` are the province's own lists, `units`
    /// the units the account reaches (code and name), offered on every unit-code column.
    public static func template(catalogues: ImportCatalogues, units: [(code: String, name: String)] = []) -> Workbook {
        var lists = Worksheet(name: "DanhMuc")
        var listColumns: [String: (column: Int, count: Int)] = [:]
        var listRows: [[Cell]] = []
        for sheet in WorkbookSheet.allCases {
            for column in sheet.columns {
                guard let list = sheet.codeList(field: column.field, catalogues: catalogues),
                      listColumns[list.name] == nil else { continue }
                let index = listColumns.count
                listColumns[list.name] = (index, list.entries.count)
                let values = [list.title] + list.entries.map(\.label)
                for (row, value) in values.enumerated() {
                    while listRows.count <= row { listRows.append([]) }
                    while listRows[row].count < index { listRows[row].append(.empty) }
                    listRows[row].append(.text(value, row == 0 ? .header : .cell))
                }
            }
        }
        // Units last: their codes (what a cell must hold) with their names beside them.
        let unitColumn = listColumns.count
        if !units.isEmpty {
            for (row, values) in ([("Mã đơn vị", "Tên đơn vị")] + units.map { ($0.code, $0.name) }).enumerated() {
                while listRows.count <= row { listRows.append([]) }
                while listRows[row].count < unitColumn { listRows[row].append(.empty) }
                let style: CellStyle = row == 0 ? .header : .cell
                listRows[row] += [.text(values.0, style), .text(values.1, style)]
            }
        }
        lists.rows = listRows
        lists.columnWidths = Array(repeating: 30, count: listColumns.count) + (units.isEmpty ? [] : [16, 40])
        lists.frozenRows = 1

        var sheets = WorkbookSheet.allCases.map { sheet in
            var worksheet = worksheet(sheet, rows: [])
            for (index, column) in sheet.columns.enumerated() {
                guard let list = sheet.codeList(field: column.field, catalogues: catalogues),
                      let source = listColumns[list.name] else { continue }
                worksheet.dataValidations.append(ListValidation(
                    range: CellRange(firstRow: 1, firstColumn: index, lastRow: templateRows, lastColumn: index),
                    source: .range(sheet: "DanhMuc", CellRange(firstRow: 1, firstColumn: source.column,
                                                              lastRow: source.count, lastColumn: source.column)),
                    errorMessage: "Chọn một giá trị trong danh mục \(list.title)."))
            }
            for (index, column) in sheet.columns.enumerated()
            where !units.isEmpty && ["unit_code", "organising_unit_code", "parent_code", "merged_into_code"].contains(column.field) {
                worksheet.dataValidations.append(ListValidation(
                    range: CellRange(firstRow: 1, firstColumn: index, lastRow: templateRows, lastColumn: index),
                    source: .range(sheet: "DanhMuc", CellRange(firstRow: 1, firstColumn: unitColumn,
                                                              lastRow: units.count, lastColumn: unitColumn)),
                    errorMessage: "Mã đơn vị chưa có trong trang DanhMuc: đúng nếu tệp tạo đơn vị này ở trang DonVi.",
                    strict: false))
            }
            return worksheet
        }
        sheets.append(lists)
        sheets.append(notes())
        return Workbook(sheets: sheets, title: "Mẫu nhập dữ liệu đào tạo, bồi dưỡng")
    }

    private static func worksheet(_ sheet: WorkbookSheet, rows: [[SheetCell?]]) -> Worksheet {
        var worksheet = Worksheet(name: sheet.rawValue, columnWidths: columnWidths(sheet))
        worksheet.frozenRows = 1
        worksheet.append(header(sheet))
        for row in rows { worksheet.append(cells(row, of: sheet)) }
        return worksheet
    }

    /// A sheet's header row: the standard headers, `*` on required columns, bold.
    public static func header(_ sheet: WorkbookSheet) -> [Cell] {
        sheet.columns.map { .text($0.templateHeader, .header) }
    }

    /// Widths that show each header.
    public static func columnWidths(_ sheet: WorkbookSheet) -> [Double] {
        sheet.columns.map { max(12, min(40, Double($0.header.count) + 4)) }
    }

    /// A record's cells as the sheet shows them: codes as text, dates as dates, whole numbers right-aligned.
    public static func cells(_ row: [SheetCell?], of sheet: WorkbookSheet) -> [Cell] {
        zip(sheet.columns, row).map { column, value in cell(value, column.kind) }
    }

    private static func cell(_ value: SheetCell?, _ kind: ColumnKind) -> Cell {
        guard let value else { return .blank() }
        switch value {
        case .text(let text), .error(let text):
            let asCode = switch kind { case .text, .code, .digits: true; default: false }
            return .text(text, asCode ? .code : .cell)
        case .date(let day): return .day(day)
        case .bool(let flag): return .text(flag ? "Có" : "Không")
        case .number(let raw):
            if let whole = Int(raw) { return .integer(whole, kind == .money ? .number : CellStyle(horizontal: .right, border: true)) }
            return .text(raw)
        }
    }

    private static func notes() -> Worksheet {
        var sheet = Worksheet(name: "HuongDan", columnWidths: [110])
        let lines = [
            "HƯỚNG DẪN NHẬP DỮ LIỆU",
            "Mỗi trang là một loại hồ sơ; dòng 1 là tiêu đề cột, dữ liệu từ dòng 2. Cột có dấu * là bắt buộc.",
            "Các trang được nhập theo thứ tự: " + WorkbookSheet.allCases.map(\.rawValue).joined(separator: ", ") + "; "
                + "có thể chỉ gửi một số trang. Mã đã có trong phần mềm thì được cập nhật, mã mới thì được thêm.",
            "Vị trí việc làm (cột cuối trang CanBo và QuaTrinh): mã vị trí ở trang ViTriViecLam hoặc đã có trong phần mềm. "
                + "Tệp không có cột này thì vị trí đã ghi được giữ nguyên; có cột mà để trống là không giữ vị trí nào.",
            "Ngày: ô định dạng ngày, hoặc dd/mm/yyyy, hoặc yyyy-mm-dd. Số tiền: số nguyên đồng, có thể có dấu chấm phân cách.",
            "Cột có danh mục: chọn trong danh sách, hoặc gõ mã hay tên (không phân biệt hoa thường, có dấu hay không dấu).",
            "Quá trình công tác: các giai đoạn của một người không được chồng lấn; người học phải đang công tác vào ngày khai giảng lớp.",
            "Nếu có bất kỳ lỗi nào, không dữ liệu nào được ghi; danh sách lỗi nêu trang, dòng, cột và lý do.",
        ]
        for (index, line) in lines.enumerated() {
            sheet.append([.text(line, index == 0 ? .title : CellStyle(horizontal: .left, wrap: true))])
        }
        return sheet
    }
}
