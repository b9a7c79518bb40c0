import ArgumentParser
import Vapor
import HocBaApp
import HocBaWeb

/// `hocba serve`: the only command that needs the web layer.
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
            // Before any logger exists: every line of the server as JSON, or as text (docs/operations.md, "Logs").
            let json = config.jsonLogs
            LoggingSystem.bootstrap { label in
                json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardOutput(label: label)
            }
            // Vapor's own serve command turns SIGTERM and SIGINT into the end of `execute` below.
            let app = try await Application.make(Environment(
                name: config.environment,
                arguments: ["hocba", "serve", "--hostname", config.hostname, "--port", String(config.port)]))
            do {
                // Quiet while opening the database: a failure is reported once, below, in one line.
                app.logger.logLevel = .critical
                try await configure(app, config)
                app.logger.logLevel = .info
                app.logger.info("Học bạ CBCCVC phục vụ tại http://\(config.hostname):\(config.port) với \(config.database)")
                // Long reports and whole-country exports take this long at most; systemd's TimeoutStopSec is longer.
                app.http.server.configuration.shutdownTimeout = .seconds(50)
                try await app.execute()
                // The signal came: the listener closes and the requests in flight are answered before the database
                // pool goes. (Vapor's own shutdown closes the pool first, which fails them.)
                await app.server.shutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}
