import Foundation
import HocBaCore
import HocBaStore

/// The application's whole configuration: one typed value, read from the environment and overridden by the CLI.
public struct AppConfig: Sendable, Equatable {
    public var database: DatabaseLocation
    public var hostname: String
    public var port: Int
    /// Folder holding `Resources/Views` and `Public`.
    public var resourcesRoot: String
    /// `production` or `development` (`HOCBA_ENV`).
    public var environment: String
    /// Where uploaded files wait between an import's preview and its write (`HOCBA_UPLOADS`).
    public var uploadsPath: String = NSTemporaryDirectory() + "hocba-uploads"
    /// bcrypt's cost for new passwords: 12 (about a quarter of a second) unless a test lowers it.
    public var passwordCost: Int = 12
    public var sessionPolicy = SessionPolicy()
    public var loginThrottle = LoginThrottle()
    /// The site is served over TLS (`HOCBA_TLS=1`, behind a proxy that terminates it): cookies are marked Secure.
    public var secureCookies = false
    /// How many API requests one token (or one address without a token) may make in a minute
    /// (`HOCBA_API_RATE_LIMIT`); beyond it the API answers 429 with `Retry-After`.
    public var apiRequestsPerMinute = 600
    /// The address users reach the site at (`HOCBA_PUBLIC_URL`, validated by `publicURL(_:)`), when it is not
    /// where `serve` listens (behind a proxy).
    public var publicURL: String?

    /// Where every absolute link the application builds starts (the RSS feed): `publicURL`, else
    /// `http://HOSTNAME:PORT`. Never the request's `Host` or `X-Forwarded-*` headers, which any client sets: a
    /// feed built from them would point its readers wherever a forged request said.
    public var publicBaseURL: String {
        if let publicURL { return publicURL }
        return "http://\(hostname.contains(":") ? "[\(hostname)]" : hostname):\(port)"
    }

    /// Production (`HOCBA_ENV=production`): no demo accounts are ever created.
    public var isProduction: Bool { environment == "production" }

    public init(database: DatabaseLocation = .sqlite(path: DatabaseLocation.defaultSQLitePath),
                hostname: String = "127.0.0.1", port: Int = 8080,
                resourcesRoot: String = FileManager.default.currentDirectoryPath,
                environment: String = "development") {
        self.database = database
        self.hostname = hostname
        self.port = port
        self.resourcesRoot = resourcesRoot
        self.environment = environment
    }

    /// Reads `DATABASE_URL`, `HOCBA_HOSTNAME`, `HOCBA_PORT`, `HOCBA_ROOT`, `HOCBA_ENV`, `HOCBA_UPLOADS`, `HOCBA_TLS`,
    /// `HOCBA_PUBLIC_URL`.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        var config = AppConfig()
        config.database = try DatabaseLocation(url: env["DATABASE_URL"])
        if let host = env["HOCBA_HOSTNAME"], !host.isEmpty { config.hostname = host }
        if let text = env["HOCBA_PORT"], !text.isEmpty {
            guard let port = Int(text), (1...65535).contains(port) else { throw ConfigError.invalidPort(text) }
            config.port = port
        }
        config.resourcesRoot = env["HOCBA_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? locateResources()
        if let environment = env["HOCBA_ENV"], !environment.isEmpty { config.environment = environment }
        if let uploads = env["HOCBA_UPLOADS"], !uploads.isEmpty { config.uploadsPath = uploads }
        if let text = env["HOCBA_API_RATE_LIMIT"], !text.isEmpty {
            guard let limit = Int(text), limit > 0 else { throw ConfigError.invalidRateLimit(text) }
            config.apiRequestsPerMinute = limit
        }
        config.secureCookies = ["1", "true", "yes"].contains(env["HOCBA_TLS"]?.lowercased() ?? "")
        if let url = env["HOCBA_PUBLIC_URL"], !url.isEmpty { config.publicURL = try publicURL(url) }
        return config
    }

    /// A public base URL: http or https, a host, an optional port, nothing else (a final `/` is dropped), so that
    /// appending a page's path gives a link of this site and nothing else.
    public static func publicURL(_ text: String) throws -> String {
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty,
              parts.user == nil, parts.password == nil, parts.query == nil, parts.fragment == nil,
              parts.path.isEmpty || parts.path == "/" else { throw ConfigError.invalidPublicURL(text) }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// The working directory when it holds the views (running from the checkout), else the folders above the
    /// executable (a built binary under .build/…/hocba run from elsewhere).
    static func locateResources() -> String {
        let fm = FileManager.default
        let cwd = fm.currentDirectoryPath
        if fm.fileExists(atPath: cwd + "/Resources/Views") { return cwd }
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? cwd).resolvingSymlinksInPath()
        for _ in 0..<6 {
            url.deleteLastPathComponent()
            if fm.fileExists(atPath: url.path + "/Resources/Views") { return url.path }
        }
        return cwd
    }
}

public enum ConfigError: Error, CustomStringConvertible {
    case invalidPort(String)
    case invalidRateLimit(String)
    case missingResources(String)
    case invalidPublicURL(String)

    public var description: String {
        switch self {
        case .invalidPort(let text): "Cổng không hợp lệ: \(text) (cần số từ 1 đến 65535)."
        case .invalidRateLimit(let text):
            "HOCBA_API_RATE_LIMIT không hợp lệ: \(text) (cần số yêu cầu mỗi phút, lớn hơn 0)."
        case .invalidPublicURL(let text):
            "Địa chỉ công khai HOCBA_PUBLIC_URL không hợp lệ: \(text) (cần dạng https://tên-máy hoặc "
                + "http://tên-máy:cổng, không có đường dẫn, dấu ?, dấu # hay tên đăng nhập)."
        case .missingResources(let path):
            "Không tìm thấy giao diện (Resources/Views) trong \(path): chạy từ thư mục mã nguồn hoặc đặt HOCBA_ROOT."
        }
    }
}
