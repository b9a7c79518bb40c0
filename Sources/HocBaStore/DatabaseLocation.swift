import Foundation
import Fluent
import FluentSQLiteDriver
import FluentPostgresDriver
import NIOCore
import Logging

/// Where the records live: an SQLite file (the embedded default) or a PostgreSQL database.
/// Parsed from `--database-url` / `DATABASE_URL`: `postgres://…`, `postgresql://…`, `sqlite:PATH`, `sqlite://PATH`.
public enum DatabaseLocation: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLitePath = "data/hocba.sqlite"

    public init(url text: String?) throws(DatabaseLocationError) {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            self = .sqlite(path: Self.defaultSQLitePath)
            return
        }
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            guard URL(string: text)?.host != nil else { throw .invalid(text) }
            self = .postgres(url: text)
        } else if lower.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw .invalid(text) }
            self = .sqlite(path: path)
        } else if lower.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw .invalid(text) }
            self = .sqlite(path: path)
        } else {
            throw .unsupported(text)
        }
    }

    /// The location without any password, for logs and messages.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var parts = URLComponents(string: url) else { return "postgres://…" }
            if parts.password != nil { parts.password = "***" }
            return parts.string ?? "postgres://…"
        }
    }

    /// Registers this location as the default database. Creates the SQLite file's folder when missing.
    /// The id the location is registered under.
    public var databaseID: DatabaseID {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .psql
        }
    }

    /// How many connections the pool `register` makes may open over `eventLoops` event loops.
    public func poolSize(eventLoops: Int) -> Int {
        switch self {
        case .sqlite: eventLoops
        case .postgres: eventLoops * Self.postgresConnectionsPerEventLoop
        }
    }

    public static let postgresConnectionsPerEventLoop = 4

    public func register(in databases: Databases, maxConnectionsPerEventLoop: Int = postgresConnectionsPerEventLoop) throws {
        switch self {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw DatabaseLocationError.cannotOpen(description, reason: "không tạo được thư mục \(folder)")
            }
            // Foreign keys are enforced on every connection (sqlite-kit's default).
            databases.use(.sqlite(SQLiteConfiguration(storage: .file(path: path)), maxConnectionsPerEventLoop: 1,
                                  sqlLogLevel: .debug),
                          as: .sqlite, isDefault: true)
        case .postgres(let url):
            do {
                let config = try SQLPostgresConfiguration(url: url)
                databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: maxConnectionsPerEventLoop,
                                        sqlLogLevel: .debug),
                              as: .psql, isDefault: true)
            } catch {
                throw DatabaseLocationError.invalid(url)
            }
        }
    }
}

public enum DatabaseLocationError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    case unsupported(String)
    case cannotOpen(String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let text):
            return "Địa chỉ cơ sở dữ liệu không hợp lệ: \(text)"
        case .unsupported(let text):
            return "Không hỗ trợ địa chỉ cơ sở dữ liệu \"\(text)\": dùng postgres://… hoặc sqlite:ĐƯỜNG_DẪN."
        case .cannotOpen(let location, let reason):
            return "Không mở được cơ sở dữ liệu \(location): \(reason)"
        }
    }
}

extension DatabaseLocationError {
    /// A driver error met while opening or migrating `location`, as a reason an officer can act on.
    /// The drivers hide details from `description`; `String(reflecting:)` has them, and only known causes are named.
    public static func opening(_ location: DatabaseLocation, _ error: any Error) -> DatabaseLocationError {
        let detail = String(reflecting: error)
        let reasons: [(String, String)] = [
            ("Connection refused", "máy chủ không nhận kết nối (chưa chạy, hoặc sai máy/cổng)"),
            ("password authentication failed", "sai tên đăng nhập hoặc mật khẩu"),
            ("does not exist", "không có cơ sở dữ liệu hoặc người dùng này trên máy chủ"),
            ("no pg_hba.conf entry", "máy chủ không cho phép kết nối từ máy này"),
            ("timed out", "hết thời gian chờ kết nối"),
            ("Name or service not known", "không tìm thấy máy chủ"),
            ("unable to open database", "không mở được tệp"),
            ("file is not a database", "tệp không phải cơ sở dữ liệu SQLite"),
            ("readonly database", "tệp chỉ đọc"),
            ("sslUnsupported", "máy chủ không hỗ trợ TLS: thêm ?tlsmode=disable"),
        ]
        let reason = reasons.first { detail.localizedCaseInsensitiveContains($0.0) }?.1
            ?? "lỗi của trình điều khiển cơ sở dữ liệu"
        return .cannotOpen(location.description, reason: reason)
    }
}
