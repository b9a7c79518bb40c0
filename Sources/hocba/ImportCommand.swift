import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaOffice
import HocBaApp

/// `hocba import FILE… [--dry-run]`: the standard workbook (.xlsx) or one CSV file per sheet, all or nothing.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Nhập hồ sơ từ sổ tính mẫu chuẩn (.xlsx) hoặc tệp CSV (tên tệp là tên trang, ví dụ CanBo.csv).",
        discussion: """
            Mọi trang được kiểm tra trước khi ghi; có bất kỳ lỗi nào thì không ghi gì và in danh sách lỗi \
            (trang, dòng, cột, lý do). Nhập lại cùng tệp không làm thay đổi dữ liệu.
            """)

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Argument(help: "Các tệp .xlsx hoặc .csv.") var files: [String]
    @ArgumentParser.Flag(name: .customLong("dry-run"), help: "Chỉ kiểm tra, không ghi.") var dryRun = false
    @ArgumentParser.Option(help: "Tên cách ghép cột đã lưu trên màn hình nhập (cho tệp không theo mẫu chuẩn).")
    var mapping: String?
    @ArgumentParser.Option(name: .customLong("code-prefix"),
                           help: "Thêm tiền tố này vào mọi mã trong tệp và mọi mã tệp tham chiếu (đơn vị, vị trí việc làm, cán bộ, lớp, cơ sở, giảng viên, chứng từ), để nhập hai tỉnh cũ trùng mã vào cùng cơ sở dữ liệu.")
    var codePrefix: String?

    func run() async throws {
        try await reportingErrors {
            let sources = try files.map { path in
                let url = URL(fileURLWithPath: path)
                guard FileManager.default.isReadableFile(atPath: url.path) else {
                    throw CLIError("Không đọc được tệp \(path).")
                }
                return WorkbookReading.Source(url: url)
            }
            let prefix = try codePrefix.map(Self.prefix)
            let config = try database.config()
            let progress = ProgressLine()
            try await withDatabase(config.database) { database in
                let store = database.records
                var chosen: ImportMapping?
                if let mapping {
                    chosen = try await store.savedMapping(named: mapping)
                    if chosen == nil { throw CLIError("Không có cách ghép cột tên \"\(mapping)\".") }
                }
                let run = RecordImport(sources: sources, mapping: chosen, codePrefix: prefix)
                let check = dryRun ? try await run.check(in: store) { progress.show($0) }
                                   : try await run.write(in: store) { progress.show($0) }.check
                progress.clear()
                print(Self.summary(check, written: !dryRun && check.isClean))
                guard check.isClean else {
                    throw CLIError("Không nhập dữ liệu vì có \(VietnameseNumber.grouped(check.problemCount)) lỗi; "
                                   + "cơ sở dữ liệu không thay đổi.")
                }
            }
        }
    }

    /// `--code-prefix` as typed, checked before any file is read.
    static func prefix(_ typed: String) throws -> CodePrefix {
        switch CodePrefix.read(typed) {
        case .success(let prefix): return prefix
        case .failure(let failure): throw CLIError("--code-prefix: " + failure.description)
        }
    }

    static func summary(_ check: ImportCheck, written: Bool) -> String {
        var lines: [String] = []
        for sheet in check.sheets {
            var line = "\(sheet.name) (\(sheet.sheet.title)): \(VietnameseNumber.grouped(sheet.rows)) dòng"
            if let existing = sheet.existing {
                line += " — \(VietnameseNumber.grouped(sheet.rows - existing)) mới, "
                    + "\(VietnameseNumber.grouped(existing)) đã có"
            }
            lines.append(line)
            lines.append("    cột: " + sheet.columns.joined(separator: ", "))
        }
        if check.sheets.isEmpty { lines.append("Không có trang nào của mẫu chuẩn.") }
        for warning in check.warnings { lines.append("Cảnh báo: \(warning)") }
        for problem in check.problems { lines.append("Lỗi: \(problem)") }
        if check.problemCount > check.problems.count {
            lines.append("… và \(VietnameseNumber.grouped(check.problemCount - check.problems.count)) lỗi khác.")
        }
        if check.isClean {
            lines.append(written ? "Đã nhập xong." : "Kiểm tra xong, không có lỗi; chưa ghi gì (--dry-run).")
        }
        return lines.joined(separator: "\n")
    }
}

/// One line of progress on a terminal's standard error, rewritten in place; silent when stderr is not a terminal
/// (scripts and CI logs get only the result).
final class ProgressLine: @unchecked Sendable {
    private let isTerminal = isatty(FileHandle.standardError.fileDescriptor) == 1
    private var lastWidth = 0
    private let lock = NSLock()

    func show(_ text: String) {
        guard isTerminal else { return }
        lock.withLock {
            let padding = String(repeating: " ", count: max(0, lastWidth - text.count))
            FileHandle.standardError.write(Data(("\r" + text + padding).utf8))
            lastWidth = text.count
        }
    }

    /// "[██████░░░░░░░░░░]  37%".
    static func bar(_ fraction: Double, width: Int = 20) -> String {
        let filled = Int((max(0, min(1, fraction)) * Double(width)).rounded())
        let percent = Int((max(0, min(1, fraction)) * 100).rounded())
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "] "
            + String(repeating: " ", count: percent < 10 ? 2 : (percent < 100 ? 1 : 0)) + "\(percent)%"
    }

    /// An import's step, as one line.
    func show(_ step: RecordImport.Step) {
        guard isTerminal else { return logPhase(step) }
        switch step {
        case .reading(let read):
            show(Self.bar(read.fraction) + " Đọc \(read.file) · \(read.sheet): \(VietnameseNumber.grouped(read.rows)) dòng")
        case .checking: show("Kiểm tra…")
        case .writing(let sheet): show("Ghi \(sheet.rawValue)…")
        }
    }

    /// Not on a terminal (a scheduled job's log, a script): one line as each phase begins, no bar.
    private func logPhase(_ step: RecordImport.Step) {
        let line: String
        switch step {
        case .reading: return
        case .checking: line = "Kiểm tra…"
        case .writing(let sheet): line = "Ghi \(sheet.rawValue)…"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func clear() {
        guard isTerminal, lastWidth > 0 else { return }
        lock.withLock {
            FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: lastWidth) + "\r").utf8))
            lastWidth = 0
        }
    }
}
