import Foundation
import HocBaCore

// The output shared by ``XLSXReader`` and ``CSVReader``: rows of typed values, the limits that keep a hostile file
// from exhausting memory or time, and the reasons a file cannot be read.

/// A value read from a spreadsheet cell or a CSV field.
///
/// (Not ``CellValue``, which is what ``XLSXWriter`` writes: a read value keeps numbers as the file stores them and
/// can be an error, a written one cannot.)
public enum SheetValue: Sendable, Equatable {
    /// Text: a shared or inline string, a formula's text result, or any CSV field. Never empty (an empty text
    /// reads as an empty cell). Digits typed into a text-formatted cell stay text ("00123").
    case text(String)
    /// A number as the file stores it, e.g. "24180000000", "0.8379" or "1.5E3", so no precision is lost on the
    /// way; parse it with `Decimal(string:)`, `Int(_:)` or `Double(_:)` as the column needs.
    case number(String)
    /// A number whose cell is formatted as a date or time. A date-time floors to its day; a serial Excel cannot
    /// show as a date (negative, past 9999-12-31, or the phantom 29/02/1900) stays a ``number(_:)``.
    case date(Day)
    case bool(Bool)
    /// A formula error such as "#N/A" or "#DIV/0!".
    case error(String)
}

/// One row of a sheet, or one record of a CSV file.
public struct SheetRow: Sendable, Equatable {
    /// 1-based: the row number in the sheet, or the line on which the CSV record starts (a quoted field may span
    /// lines).
    public let number: Int
    /// The values by 0-based column (A = 0); nil is an empty cell. Trailing empty cells are left out, so a row
    /// never ends with nil, and rows are only delivered when they hold at least one value.
    public let cells: [SheetValue?]

    public init(number: Int, cells: [SheetValue?]) {
        self.number = number
        self.cells = cells
    }

    /// The value in a column, or nil when the cell is empty or beyond the last value.
    public subscript(column: Int) -> SheetValue? {
        column >= 0 && column < cells.count ? cells[column] : nil
    }
}

/// Bounds on what a reader accepts. The defaults admit anything an office produces (a full 1.048.576-row sheet, a
/// 60 MB workbook) and refuse what only a hostile or broken file does.
public struct ReadLimits: Sendable {
    /// The size of the file itself (xlsx or CSV).
    public var maxFileBytes: Int
    /// The uncompressed size of any one part of an xlsx package.
    public var maxPartBytes: Int
    /// Uncompressed ÷ compressed size allowed for a part larger than ``ratioThreshold`` once uncompressed. Real
    /// sheets compress 5–30 times, a run of empty cells perhaps 100; zip bombs 1000 times.
    public var maxCompressionRatio: Int
    /// Parts smaller than this (uncompressed) are not checked for their compression ratio.
    public var ratioThreshold: Int
    /// Rows per sheet, counting the empty rows a sheet lists (CSV: records per file, blank lines included).
    public var maxRows: Int
    /// Columns per row: a cell at or beyond this 0-based column is refused.
    public var maxColumns: Int
    /// The cells a sheet may produce, counting the empty cells between values: a row with one value in column
    /// XFD costs 16.384. Bounds the work a sheet of scattered far-away cells can cause.
    public var maxCells: Int
    /// The text of all shared strings of a workbook (UTF-8 bytes, plus 16 per string for its bookkeeping); they
    /// are held in memory while sheets are read.
    public var maxSharedStringBytes: Int

    public init(maxFileBytes: Int = 60 << 20, maxPartBytes: Int = 500 << 20, maxCompressionRatio: Int = 200,
                ratioThreshold: Int = 1 << 20, maxRows: Int = 1_100_000, maxColumns: Int = 16_384,
                maxCells: Int = 100_000_000, maxSharedStringBytes: Int = 200 << 20) {
        self.maxFileBytes = maxFileBytes
        self.maxPartBytes = maxPartBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioThreshold = ratioThreshold
        self.maxRows = maxRows
        self.maxColumns = maxColumns
        self.maxCells = maxCells
        self.maxSharedStringBytes = maxSharedStringBytes
    }
}

/// Why a workbook or CSV file could not be read. The messages are Vietnamese, for the official who uploaded it.
///
/// Rows delivered before an error was thrown come from a file that turned out to be bad: discard them.
public enum OfficeReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a zip package, or a zip package that is not a workbook (a .docx, an archive of other files).
    case notAnOfficeFile
    /// An Excel 97–2003 (.xls) file or a password-protected workbook: both are OLE compound files, not zip.
    case legacyOrEncrypted
    /// A zip package that is cut short or corrupted.
    case damagedArchive
    /// The file is larger than ``ReadLimits/maxFileBytes``.
    case tooLarge(bytes: Int, limit: Int)
    /// A part that would inflate beyond ``ReadLimits/maxPartBytes`` or compresses suspiciously well.
    case zipBomb(part: String)
    /// A part declares a DTD or entities, which can expand without bound or read other files.
    case forbiddenDTD(part: String)
    /// A part is not well-formed XML (or not the XML a workbook holds).
    case malformedXML(part: String, detail: String)
    /// A part the workbook refers to is not in the package.
    case missingPart(String)
    /// More rows than ``ReadLimits/maxRows`` (sheet is empty for a CSV file).
    case tooManyRows(sheet: String, limit: Int)
    /// A value in a column beyond ``ReadLimits/maxColumns`` (row is the 1-based row or CSV line).
    case tooManyColumns(sheet: String, row: Int, limit: Int)
    /// More cells than ``ReadLimits/maxCells``.
    case tooManyCells(sheet: String, limit: Int)
    /// Shared strings beyond ``ReadLimits/maxSharedStringBytes``.
    case sharedStringsTooLarge(limit: Int)
    /// A CSV file that is not UTF-8 (line is where the first invalid byte sequence is).
    case invalidText(line: Int)
    /// A CSV quoted field opened on this line is never closed.
    case unclosedQuote(line: Int)
    /// The file could not be opened or read (the reason is Vietnamese).
    case unreadable(String)

    public var description: String {
        switch self {
        case .notAnOfficeFile:
            return "Tệp không phải sổ tính Excel (.xlsx). Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng"
                + " \"Sổ làm việc Excel (.xlsx)\"."
        case .legacyOrEncrypted:
            return "Tệp là sổ tính Excel 97-2003 (.xls) hoặc đã đặt mật khẩu. Hãy mở tệp bằng Excel, bỏ mật khẩu nếu"
                + " có, rồi lưu lại dưới dạng \"Sổ làm việc Excel (.xlsx)\"."
        case .damagedArchive:
            return "Tệp Excel bị hỏng hoặc không đầy đủ (có thể tải lên bị gián đoạn). Hãy tải lên lại tệp gốc."
        case let .tooLarge(bytes, limit):
            return "Tệp có dung lượng \(megabytes(bytes)), vượt giới hạn \(megabytes(limit))."
        case let .zipBomb(part):
            return "Tệp Excel có dấu hiệu bom nén (phần \(part) giải nén ra quá lớn so với kích thước nén),"
                + " không được xử lý vì lý do an toàn."
        case .forbiddenDTD:
            return "Tệp chứa khai báo DOCTYPE/thực thể XML, không được phép vì lý do an toàn."
        case let .malformedXML(part, detail):
            return "Tệp Excel bị lỗi cấu trúc ở phần \(part): \(detail)"
        case let .missingPart(path):
            return "Tệp Excel thiếu thành phần \(path)."
        case let .tooManyRows(sheet, limit):
            return "\(place(sheet)) có quá \(grouped(limit)) dòng."
        case let .tooManyColumns(sheet, row, limit):
            return "\(place(sheet)), dòng \(row): có dữ liệu vượt quá \(grouped(limit)) cột."
        case let .tooManyCells(sheet, limit):
            return "\(place(sheet)) có quá \(grouped(limit)) ô (kể cả ô trống xen giữa)."
        case let .sharedStringsTooLarge(limit):
            return "Phần văn bản của sổ tính vượt giới hạn \(megabytes(limit))."
        case let .invalidText(line):
            return "Tệp CSV không phải UTF-8 (lỗi mã hóa ở dòng \(line)). Hãy lưu lại bằng Excel với kiểu"
                + " \"CSV UTF-8 (Comma delimited)\"."
        case let .unclosedQuote(line):
            return "Tệp CSV có dấu ngoặc kép mở ở dòng \(line) nhưng không được đóng."
        case let .unreadable(reason):
            return "Không đọc được tệp: \(reason)"
        }
    }

    private func place(_ sheet: String) -> String { sheet.isEmpty ? "Tệp" : "Trang '\(sheet)'" }

    /// 1.048.576: Vietnamese thousands grouping.
    private func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(".") }
            out.append(digit)
        }
        return out
    }

    private func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10),\(tenths % 10) MB"
    }
}

/// Opening and reading an uploaded file, with the errors in Vietnamese (the system's own messages are English).
enum UploadFile {
    /// Opens a regular file after checking its size against ``ReadLimits/maxFileBytes``.
    static func open(_ url: URL, limits: ReadLimits) throws -> (handle: FileHandle, size: Int) {
        let name = url.lastPathComponent
        guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]) else {
            throw OfficeReadError.unreadable("không tìm thấy tệp \(name).")
        }
        guard values.isRegularFile == true, let size = values.fileSize else {
            throw OfficeReadError.unreadable("\(name) không phải là một tệp.")
        }
        guard size <= limits.maxFileBytes else {
            throw OfficeReadError.tooLarge(bytes: size, limit: limits.maxFileBytes)
        }
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw OfficeReadError.unreadable("không mở được tệp \(name) (không có quyền đọc?).")
        }
        return (handle, size)
    }

    /// Up to `count` bytes from the handle's position; empty at the end of the file.
    static func read(_ handle: FileHandle, upTo count: Int) throws -> Data {
        do {
            return try handle.read(upToCount: count) ?? Data()
        } catch {
            throw OfficeReadError.unreadable("lỗi khi đọc tệp.")
        }
    }
}
