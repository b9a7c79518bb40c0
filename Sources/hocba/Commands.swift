import ArgumentParser
import Foundation
import Vapor
import Fluent
import HocBaCore
import HocBaDemo
import HocBaStore
import HocBaWeb

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

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chạy máy chủ web (di chuyển lược đồ cơ sở dữ liệu trước khi chạy).")

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(help: "Địa chỉ lắng nghe.") var hostname: String?
    @ArgumentParser.Option(help: "Cổng lắng nghe.") var port: Int?

    func run() async throws {
        try await reportingErrors {
            var config = try database.config()
            if let hostname { config.hostname = hostname }
            if let port {
                guard (1...65535).contains(port) else { throw ConfigError.invalidPort(String(port)) }
                config.port = port
            }
            // Vapor's own serve command handles signals and graceful shutdown; it gets only what we pass it.
            let app = try await Application.make(Environment(
                name: config.environment,
                arguments: ["hocba", "serve", "--hostname", config.hostname, "--port", String(config.port)]))
            do {
                // Quiet while opening the database: a failure is reported once, below, in one line.
                app.logger.logLevel = .critical
                try await configure(app, config)
                app.logger.logLevel = .info
                app.logger.info("Học bạ CBCCVC phục vụ tại http://\(config.hostname):\(config.port) với \(config.database)")
                try await app.execute()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Nạp tỉnh mẫu (Bắc Kạn 2016–2020, sinh tất định) vào cơ sở dữ liệu.")

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Flag(help: "Xóa toàn bộ dữ liệu hiện có rồi nạp lại.") var reset = false

    func run() async throws {
        try await reportingErrors {
            let config = try database.config()
            try await withDatabase(config.database, reset: reset) { app in
                if !reset, try await OrgUnit.query(on: app.db).count() > 0 {
                    throw CLIError("Cơ sở dữ liệu \(config.database) đã có dữ liệu: dùng --reset để xóa và nạp lại tỉnh mẫu.")
                }
                let started = ContinuousClock.now
                let demo = DemoProvince.generate().batch
                try await RecordStore(app.db).loadIntoEmptyDatabase(demo)
                let seconds = (ContinuousClock.now - started).components
                func count(_ sheet: WorkbookSheet) -> String { VietnameseNumber.grouped(demo.rowCount(sheet)) }
                print("Đã nạp tỉnh mẫu vào \(config.database): \(count(.units)) đơn vị, \(count(.people)) người, "
                      + "\(count(.classes)) lớp, \(count(.enrolments)) lượt ghi danh, \(count(.funding)) khoản kinh phí "
                      + "(\(seconds.seconds),\(String(format: "%01d", seconds.attoseconds / 100_000_000_000_000_000)) giây).")
                if config.isProduction {
                    print("Chế độ vận hành (HOCBA_ENV=production): không tạo tài khoản mẫu; tạo tài khoản bằng hocba user add.")
                } else {
                    print("Tài khoản mẫu (mật khẩu chỉ hiện lần này; đổi bằng hocba user passwd TÊN):")
                    for (username, role, password) in try await DemoAccounts.create(on: app.db, cost: config.passwordCost) {
                        print("  \(username.padding(toLength: 14, withPad: " ", startingAt: 0)) \(password)   \(role.label)")
                    }
                }
            }
        }
    }
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

/// Opens and migrates the database (after emptying it when `reset`), runs `work` with the audit trail recording
/// its writes, and always shuts the application down.
func withDatabase(_ location: DatabaseLocation, reset: Bool = false,
                  _ work: (Application) async throws -> Void) async throws {
    let app = try await Application.make(Environment(name: "production", arguments: ["hocba"]))
    // The connection pool logs each failed attempt; the command reports failures itself, in one line.
    app.logger.logLevel = .critical
    do {
        try await HocBaSchema.open(location, databases: app.databases, migrations: app.migrations, logger: app.logger,
                                   on: app.eventLoopGroup.any(), reset: reset)
        // Writes from the command line are the trail's "dòng lệnh", under the system user's name.
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"]
        AuditActor(name: user.map { "dòng lệnh:\($0)" } ?? "dòng lệnh", origin: "dòng lệnh").stamp(&app.logger)
        try await work(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
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
