import ArgumentParser
import Foundation
import HocBaCore
import HocBaDemo
import HocBaStore
import HocBaApp

/// The database option every command shares.
struct DatabaseOptions: ParsableArguments {
    @ArgumentParser.Option(name: .customLong("database-url"),
            help: "postgres://NGƯỜI_DÙNG@MÁY:CỔNG/CSDL hoặc sqlite:ĐƯỜNG_DẪN (mặc định: $DATABASE_URL, rồi data/hocba.sqlite).")
    var databaseURL: String?

    func config() throws -> AppConfig {
        var config = try AppConfig.fromEnvironment()
        if let databaseURL { config.database = try DatabaseLocation(url: databaseURL) }
        return config
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Nạp tỉnh mẫu (Bắc Kạn 2016–2020, sinh tất định) vào cơ sở dữ liệu.")

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Flag(help: "Xóa toàn bộ dữ liệu hiện có rồi nạp lại.") var reset = false
    @ArgumentParser.Flag(help: "Nạp cả nước tổng hợp (34 tỉnh, thành phố và các bộ, ngành) thay cho tỉnh mẫu, để đo hiệu năng.")
    var nation = false
    @ArgumentParser.Option(help: "Số người của cả nước tổng hợp (mặc định 2 500 000).") var people = 2_500_000
    @ArgumentParser.Option(help: "Hạt giống sinh số liệu của cả nước tổng hợp (mặc định 2025).") var seed: UInt64 = 2025

    func validate() throws {
        if !nation, people != 2_500_000 || seed != 2025 {
            throw ValidationError("--people và --seed chỉ dùng cùng --nation.")
        }
        if people < 1_000 { throw ValidationError("--people phải từ 1 000 trở lên.") }
    }

    func run() async throws {
        if nation { return try await loadNation() }
        try await reportingErrors {
            let config = try database.config()
            try await withDatabase(config.database, reset: reset) { database in
                let started = ContinuousClock.now
                // Rated through last year: a nomination made today finds the two years the rules read.
                let demo = DemoProvince.generate(ratedThrough: Day.today.year - 1).batch
                do {
                    try await database.records.loadIntoEmptyDatabase(demo)
                    // The demo's job positions have rules from 1 July 2025 (the defaults have none).
                    try await database.records.saveLayout(TrainingStandards.self,
                                                          json: ReportLayout.encode(DemoProvince.standards))
                    // Postgraduate nominations, commitments and a repayment case of 2026 (docs/nominations.md).
                    try await DemoSending.load(into: database.records, today: Day.today)
                    // The registers of the last year's classes (docs/certificates.md).
                    try await DemoCertificates.issue(into: database.records)
                } catch is DatabaseNotEmpty {
                    throw CLIError("Cơ sở dữ liệu \(config.database) đã có dữ liệu: dùng --reset để xóa và nạp lại tỉnh mẫu.")
                }
                let seconds = (ContinuousClock.now - started).components
                func count(_ sheet: WorkbookSheet) -> String { VietnameseNumber.grouped(demo.rowCount(sheet)) }
                print("Đã nạp tỉnh mẫu vào \(config.database): \(count(.units)) đơn vị, \(count(.people)) người, "
                      + "\(count(.classes)) lớp, \(count(.enrolments)) lượt ghi danh, \(count(.funding)) khoản kinh phí "
                      + "(\(seconds.seconds),\(String(format: "%01d", seconds.attoseconds / 100_000_000_000_000_000)) giây).")
                if config.isProduction {
                    print("Chế độ vận hành (HOCBA_ENV=production): không tạo tài khoản mẫu; tạo tài khoản bằng hocba user add.")
                } else {
                    print("Tài khoản mẫu (mật khẩu chỉ hiện lần này; đổi bằng hocba user passwd TÊN):")
                    for (username, role, password) in try await administration(database, config).createDemoAccounts() {
                        print("  \(username.padding(toLength: 14, withPad: " ", startingAt: 0)) \(password)   \(role.label)")
                    }
                }
            }
        }
    }
}

extension Demo {
    /// The synthetic nation (`SyntheticNation`), loaded region by region in one transaction; no demo accounts (its
    /// units are not the demo province's).
    func loadNation() async throws {
        try await reportingErrors {
            let config = try database.config()
            let nation = SyntheticNation(people: people, seed: seed)
            try await withDatabase(config.database, reset: reset) { database in
                let started = ContinuousClock.now
                let totals = RowTotals()
                do {
                    try await database.records.loadIntoEmptyDatabase(parts: nation.regionCount, nation.region) { index, rows in
                        totals.add(rows)
                        let seconds = (ContinuousClock.now - started).components.seconds
                        print("  \(index + 1)/\(nation.regionCount): \(VietnameseNumber.grouped(totals[.people])) người, "
                              + "\(VietnameseNumber.grouped(totals[.enrolments])) lượt ghi danh (\(seconds) giây)")
                    }
                } catch is DatabaseNotEmpty {
                    throw CLIError("Cơ sở dữ liệu \(config.database) đã có dữ liệu: dùng --reset để xóa rồi nạp.")
                }
                let seconds = (ContinuousClock.now - started).components.seconds
                print("Đã nạp cả nước tổng hợp vào \(config.database): "
                      + [(WorkbookSheet.units, "đơn vị"), (.people, "người"), (.history, "dòng quá trình công tác"),
                         (.classes, "lớp"), (.enrolments, "lượt ghi danh"), (.instructors, "giảng viên"),
                         (.funding, "khoản kinh phí")]
                        .map { "\(VietnameseNumber.grouped(totals[$0.0])) \($0.1)" }.joined(separator: ", ")
                      + " trong \(seconds) giây. Tạo tài khoản bằng hocba user add.")
            }
        }
    }
}

/// Row counts summed over the parts of a load, as its progress reports them.
private final class RowTotals: @unchecked Sendable {
    private var counts: [WorkbookSheet: Int] = [:]
    private let lock = NSLock()

    func add(_ rows: [WorkbookSheet: Int]) {
        lock.withLock { for (sheet, count) in rows { counts[sheet, default: 0] += count } }
    }

    subscript(sheet: WorkbookSheet) -> Int { lock.withLock { counts[sheet, default: 0] } }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tạo hoặc cập nhật lược đồ cơ sở dữ liệu.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingErrors {
            let config = try database.config()
            try await withDatabase(config.database) { _ in
                print("Lược đồ cơ sở dữ liệu \(config.database) đã cập nhật.")
            }
        }
    }
}

/// Opens and migrates the database (after emptying it when `reset`) and runs `work` with the audit trail
/// recording its writes as the command line's (`withWorkingDatabase`).
func withDatabase(_ location: DatabaseLocation, reset: Bool = false,
                  _ work: (WorkingDatabase) async throws -> Void) async throws {
    try await withWorkingDatabase(location, reset: reset, actor: .commandLine, work)
}

struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Every failure ends as one line on standard error and exit status 1: never a stack trace.
func reportingErrors(_ work: () async throws -> Void) async throws {
    do {
        try await work()
    } catch let error as ExitCode {
        throw error
    } catch {
        // What was printed (an import's list of problems) comes before the verdict, also when both streams go to
        // one file or pipe.
        fflush(nil) // every output stream: stdout is a C global Swift 6 will not touch
        FileHandle.standardError.write(Data(("hocba: " + oneLine(error) + "\n").utf8))
        throw ExitCode.failure
    }
}

func oneLine(_ error: any Error) -> String {
    let text: String
    switch error {
    case let error as CustomStringConvertible: text = error.description
    default: text = String(describing: error)
    }
    return text.split(whereSeparator: \.isNewline).joined(separator: " ")
}

/// A day given to a command (`--on`, `--as-of`): YYYY-MM-DD or dd/mm/yyyy within the years a record takes; today in
/// Việt Nam when not given.
enum CLIDay {
    static func parse(_ text: String?, option: String) throws -> Day {
        guard let text else { return Day.today }
        guard let day = Day(parsing: text), day.isEnterable else { throw CLIError("\(option) không phải ngày hợp lệ: \(text)") }
        return day
    }
}
