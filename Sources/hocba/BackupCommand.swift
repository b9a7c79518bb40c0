import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

/// `hocba backup --output FILE`: every table in one compressed archive, while the server goes on serving.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Sao lưu toàn bộ cơ sở dữ liệu ra một tệp nén (dùng được cho cả SQLite và PostgreSQL).")

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(name: .shortAndLong, help: "Tệp sao lưu sẽ ghi (ví dụ hocba-2026-12-04.hocba.gz).")
    var output: String

    func run() async throws {
        try await reportingErrors {
            let config = try database.config()
            let url = URL(fileURLWithPath: output)
            let manifest = try await Backups.backup(config.database, to: url) { table in
                progressLine("  \(table.name): \(VietnameseNumber.grouped(table.rows)) dòng")
            }
            let rows = manifest.tables.reduce(0) { $0 + $1.rows }
            print("Đã sao lưu \(config.database) vào \(url.path): \(manifest.tables.count) bảng, "
                  + "\(VietnameseNumber.grouped(rows)) dòng.")
        }
    }
}

/// `hocba restore FILE --database-url URL`: an archive into an empty database of either engine.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống (SQLite: một tệp mới; PostgreSQL: CSDL trống).",
        discussion: """
            Bản sao lưu được kiểm tra toàn bộ (mã kiểm tra từng bảng, bảng kê, phiên bản lược đồ) trước khi ghi; \
            tệp hỏng hoặc do phiên bản hocba mới hơn tạo ra bị từ chối và không có gì được ghi.
            """)

    @ArgumentParser.Argument(help: "Tệp sao lưu do hocba backup tạo ra.") var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingErrors {
            let config = try database.config()
            let archive = try await Backups.restore(URL(fileURLWithPath: file), into: config.database) { table in
                progressLine("  \(table.name): \(VietnameseNumber.grouped(table.rows)) dòng")
            }
            print("Đã khôi phục \(file) (tạo lúc \(archive.header.createdAt) từ \(archive.header.engine)) vào "
                  + "\(config.database): \(archive.tables.count) bảng, \(VietnameseNumber.grouped(archive.rowCount)) dòng.")
        }
    }
}

/// A line of progress on standard error, at once (a script or a test watches it).
func progressLine(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
