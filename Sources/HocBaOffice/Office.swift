/// HocBaOffice writes (and will read) the office files officials use: xlsx workbooks and docx reports.
///
/// - ``XLSXWriter`` turns a ``Workbook`` into the bytes of an `.xlsx` file (Office Open XML SpreadsheetML).
/// - ``DocxWriter`` turns an ``OfficialDocument`` into the bytes of a `.docx` file laid out as a Vietnamese
///   administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I).
/// - ``XLSXReader`` and ``CSVReader`` read the workbooks and CSV files officials upload, streaming ``SheetRow``s
///   within ``ReadLimits`` (zip bombs, DTDs and oversized files are refused with an ``OfficeReadError``).
///
/// Both are pure Swift (ZIPFoundation for the container), deterministic (the same input gives the same bytes), and
/// need no database, file system or network.
public enum HocBaOffice {}

/// Why a workbook or document could not be written. The messages are Vietnamese, for officials.
public enum OfficeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A workbook needs at least one sheet.
    case noSheets
    /// A cell lies beyond Excel's grid (1.048.576 rows × 16.384 columns). Indices are zero-based.
    case outsideGrid(sheet: String, row: Int, column: Int)
    /// A merge or validation range whose first row/column lies after its last, or outside the grid.
    case invalidRange(sheet: String, range: String)
    /// Two merged ranges share a cell (Excel reports such a file as damaged).
    case overlappingMerges(sheet: String, first: String, second: String)
    /// A decimal cell holds NaN or an infinity, which a spreadsheet cannot store.
    case nonFiniteNumber(sheet: String, cell: String)
    /// An inline drop-down list is longer than Excel's 255 characters, or one of its values contains a comma.
    /// Put the values on a sheet and use a range source instead.
    case invalidListValidation(sheet: String, range: String, reason: String)
    /// A table's header cells do not fit its column grid.
    case invalidTableHeader(reason: String)
    /// The zip container could not be written.
    case container(String)

    public var description: String {
        switch self {
        case .noSheets: return "Sổ tính không có trang tính nào."
        case let .outsideGrid(sheet, row, column):
            return "Ô (dòng \(row + 1), cột \(column + 1)) của trang '\(sheet)' nằm ngoài giới hạn của Excel."
        case let .invalidRange(sheet, range): return "Vùng ô '\(range)' của trang '\(sheet)' không hợp lệ."
        case let .overlappingMerges(sheet, first, second):
            return "Trang '\(sheet)': hai vùng gộp ô \(first) và \(second) chồng lên nhau."
        case let .nonFiniteNumber(sheet, cell): return "Trang '\(sheet)', ô \(cell): giá trị số không hữu hạn."
        case let .invalidListValidation(sheet, range, reason):
            return "Trang '\(sheet)', danh sách chọn ở \(range): \(reason)"
        case let .invalidTableHeader(reason): return "Tiêu đề bảng không hợp lệ: \(reason)"
        case let .container(reason): return "Không tạo được tệp nén: \(reason)"
        }
    }
}
