import Foundation

/// The backup archive (docs/operations.md, "Backup and restore"): a gzip file of JSON lines, the same whichever
/// engine wrote it or reads it.
///
///     {"header":{"format":"hocba-backup","formatVersion":1,"migrations":[…],"createdAt":"…","engine":"sqlite"}}
///     {"table":{"name":"units","columns":[{"name":"id","kind":"integer"},…]}}
///     [1,"BK","Tỉnh Bắc Kạn",…]                                   one line per row, in key order
///     {"end":{"name":"units","rows":123,"sha256":"…"}}            the count and SHA-256 of the row lines
///     …                                                           every table, parents before children
///     {"manifest":{"tables":[{"name":"units","rows":123,"sha256":"…"},…]}}
///
/// The header comes first so that a restore refuses a newer schema before reading on; the manifest comes last, so
/// that an archive cut short has none. gzip's own CRC-32 covers the whole file.
public enum BackupFormat {
    public static let name = "hocba-backup"
    public static let version = 1
    /// Tables a restore does not load but rebuilds from the others (the kept counts, the search index, the unit
    /// tree's version), and the migrator's own table (the header lists the migrations instead).
    static let derivedTables: Set<String> = [
        "_fluent_migrations", "unit_ancestors", "summary_cells", "summary_cells_paused", "rate_dirty", "rate_spans",
        "rate_deltas", "unit_tree_version", "people_search", "people_search_data", "people_search_idx",
        "people_search_docsize", "people_search_config",
    ]
}

/// What a column holds, named the same on both engines. SQLite keeps a boolean as an integer and cannot tell
/// them apart, so the archive holds booleans as 0 and 1 (`archived`), and a restore turns them back into booleans
/// where the target's column is one.
public enum ColumnKind: String, Codable, Sendable {
    case integer, real, text, boolean

    var archived: ColumnKind { self == .boolean ? .integer : self }
}

public struct BackupColumn: Codable, Equatable, Sendable {
    public let name: String
    public let kind: ColumnKind
}

public struct BackupTable: Codable, Equatable, Sendable {
    public let name: String
    public let columns: [BackupColumn]

    /// The table as an archive describes it (`ColumnKind.archived`).
    var archived: BackupTable {
        BackupTable(name: name, columns: columns.map { BackupColumn(name: $0.name, kind: $0.kind.archived) })
    }
}

public struct BackupHeader: Codable, Sendable {
    public let format: String
    public let formatVersion: Int
    /// The schema: the names of the migrations the database had run, in order.
    public let migrations: [String]
    public let createdAt: String
    public let engine: String
}

/// A table's rows as the archive holds them: how many, and the SHA-256 of their lines (each with its newline).
public struct BackupTableSummary: Codable, Equatable, Sendable {
    public let name: String
    public let rows: Int
    public let sha256: String
}

public struct BackupManifest: Codable, Equatable, Sendable {
    public let tables: [BackupTableSummary]
}

/// One line of the archive that is not a row.
struct BackupMarker: Codable {
    var header: BackupHeader?
    var table: BackupTable?
    var end: BackupTableSummary?
    var manifest: BackupManifest?
}

/// A value of one cell, as a row line holds it.
enum BackupValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case boolean(Bool)
}

public enum BackupError: Error, CustomStringConvertible, Equatable {
    case cannotWrite(String)
    case cannotRead(String)
    case compression(Int32)
    case damaged(String)
    case notAnArchive
    case newerFormat(Int)
    case newerSchema(unknown: String)
    case differentSchema(String)
    case unsupportedColumn(table: String, column: String, type: String)
    case targetNotEmpty(String)
    case loadFailed(table: String, reason: String)
    case notHocbaDatabase
    case databaseNewer(String)
    case noDatabaseFile(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): "Không ghi được tệp \(path)."
        case .cannotRead(let path): "Không đọc được tệp \(path)."
        case .compression(let status): "Lỗi nén dữ liệu (zlib \(status))."
        case .damaged(let reason): "Bản sao lưu bị hỏng (\(reason)): không khôi phục, không ghi gì."
        case .notAnArchive: "Tệp này không phải bản sao lưu của hocba: không khôi phục, không ghi gì."
        case .newerFormat(let version):
            "Bản sao lưu theo định dạng \(version), mới hơn phiên bản hocba này (\(BackupFormat.version)): "
                + "nâng cấp hocba rồi khôi phục lại. Không ghi gì."
        case .newerSchema(let unknown):
            "Bản sao lưu được tạo bởi phiên bản hocba mới hơn (lược đồ có \(unknown) mà phiên bản này chưa có): "
                + "nâng cấp hocba rồi khôi phục lại. Không ghi gì."
        case .differentSchema(let reason): "Lược đồ của bản sao lưu không khớp (\(reason)). Không ghi gì."
        case .unsupportedColumn(let table, let column, let type):
            "Cột \(table).\(column) có kiểu \(type) mà bản sao lưu chưa hỗ trợ."
        case .notHocbaDatabase: "Đây không phải cơ sở dữ liệu của hocba (không có bảng _fluent_migrations)."
        case .databaseNewer(let unknown):
            "Cơ sở dữ liệu đã được phiên bản hocba mới hơn nâng cấp (có bước \(unknown)): sao lưu bằng phiên bản đó."
        case .noDatabaseFile(let path): "Không có tệp cơ sở dữ liệu \(path)."
        case .loadFailed(let table, let reason):
            "Không nạp được bảng \(table): \(reason). Không có gì được ghi."
        case .targetNotEmpty(let what): "Cơ sở dữ liệu đích đã có dữ liệu (\(what)): chỉ khôi phục vào cơ sở dữ liệu trống."
        }
    }
}

// MARK: Row lines

extension BackupValue {
    /// The value as JSON. Reals use Swift's shortest round-trip form, so that both engines write the same text.
    func appendJSON(to line: inout String) throws {
        switch self {
        case .null: line += "null"
        case .integer(let value): line += String(value)
        case .boolean(let value): line += value ? "true" : "false"
        case .real(let value):
            guard value.isFinite else { throw BackupError.damaged("số thực không hữu hạn") }
            line += "\(value)"
        case .text(let value): line += JSONText.quoted(value)
        }
    }

    /// A row line's cells, each read as its column's kind (an integer cell of a real column is a real). Numbers
    /// are read by Swift's own parsers, which round exactly: Foundation's JSON reader does not on Linux, and a
    /// real must come back bit for bit.
    static func parseRow(_ line: String, columns: [BackupColumn]) throws -> [BackupValue] {
        var scanner = RowScanner(bytes: Array(line.utf8))
        let cells = try scanner.row()
        guard cells.count == columns.count else { throw BackupError.damaged("một dòng dữ liệu không đủ cột") }
        return try zip(cells, columns).map { cell, column in
            switch (cell, column.kind) {
            case (.null, _): return .null
            case (.text(let text), .text): return .text(text)
            case (.number(let text), .integer):
                if let value = Int64(text) { return .integer(value) }
            case (.number(let text), .real):
                if let value = Double(text), value.isFinite { return .real(value) }
            case (.boolean(let value), .boolean): return .boolean(value)
            default: break
            }
            throw BackupError.damaged("cột \(column.name) có giá trị sai kiểu")
        }
    }
}

/// A reader of one row line: a JSON array of nulls, booleans, numbers and strings, nothing nested.
private struct RowScanner {
    enum Cell {
        case null, boolean(Bool), number(String), text(String)
    }

    let bytes: [UInt8]
    var index = 0

    mutating func row() throws -> [Cell] {
        try expect(UInt8(ascii: "["))
        var cells: [Cell] = []
        if peek == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                cells.append(try cell())
                guard let next = peek else { throw damaged }
                index += 1
                if next == UInt8(ascii: "]") { break }
                guard next == UInt8(ascii: ",") else { throw damaged }
            }
        }
        guard index == bytes.count else { throw damaged }
        return cells
    }

    private var damaged: BackupError { .damaged("một dòng dữ liệu không đọc được") }
    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek == byte else { throw damaged }
        index += 1
    }

    private mutating func word(_ text: String) throws {
        for byte in text.utf8 { try expect(byte) }
    }

    private mutating func cell() throws -> Cell {
        switch peek {
        case UInt8(ascii: "n"): try word("null"); return .null
        case UInt8(ascii: "t"): try word("true"); return .boolean(true)
        case UInt8(ascii: "f"): try word("false"); return .boolean(false)
        case UInt8(ascii: "\""): return .text(try string())
        default:
            let start = index
            while let byte = peek, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || (byte >= 0x30 && byte <= 0x39) {
                index += 1
            }
            guard index > start else { throw damaged }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }
    }

    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        var output: [UInt8] = []
        while let byte = peek {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: output, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { throw damaged }
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                          let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(value) else { throw damaged }
                    index += 4
                    output.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: output.append(escaped) // \" \\ \/
                }
            default:
                output.append(byte)
            }
        }
        throw damaged
    }
}
