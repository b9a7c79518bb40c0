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
    /// One line per request as JSON (`HOCBA_LOG_FORMAT=json`) rather than text.
    public var jsonLogs = false
    /// The addresses `/metrics` answers (`HOCBA_METRICS_ALLOW`, comma-separated addresses or IPv4 networks such as
    /// `10.0.0.0/24`): by default this machine only.
    public var metricsAllowed: [AddressRule] = [AddressRule("127.0.0.1")!, AddressRule("::1")!]

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
    /// `HOCBA_PUBLIC_URL`, `HOCBA_LOG_FORMAT`, `HOCBA_METRICS_ALLOW`.
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
        switch env["HOCBA_LOG_FORMAT"]?.lowercased() ?? "" {
        case "", "text": config.jsonLogs = false
        case "json": config.jsonLogs = true
        case let other: throw ConfigError.invalidLogFormat(other)
        }
        if let text = env["HOCBA_METRICS_ALLOW"], !text.isEmpty {
            config.metricsAllowed = try text.split(separator: ",").map { item in
                let trimmed = item.trimmingCharacters(in: .whitespaces)
                guard let rule = AddressRule(trimmed) else { throw ConfigError.invalidAddress(trimmed) }
                return rule
            }
        }
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
    case invalidLogFormat(String)
    case invalidAddress(String)

    public var description: String {
        switch self {
        case .invalidLogFormat(let text): "HOCBA_LOG_FORMAT không hợp lệ: \(text) (cần json hoặc text)."
        case .invalidAddress(let text):
            "HOCBA_METRICS_ALLOW có địa chỉ không hợp lệ: \(text) (cần địa chỉ IP, hoặc mạng IPv4 dạng 10.0.0.0/24)."
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

/// An address a request may come from: one IPv4 or IPv6 address, or an IPv4 network (`10.0.0.0/24`).
public struct AddressRule: Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Equatable, Sendable {
        case exact(String)
        case network(UInt32, prefix: Int)
    }

    private let kind: Kind

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let base = Self.ipv4(String(parts[0])), let prefix = Int(parts[1]), (0...32).contains(prefix) else {
                return nil
            }
            kind = .network(base, prefix: prefix)
        } else if Self.ipv4(text) != nil || (text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }) {
            kind = .exact(text.lowercased())
        } else {
            return nil
        }
    }

    public func allows(_ address: String) -> Bool {
        // An IPv4 client of a dual-stack listener shows as ::ffff:a.b.c.d.
        let lowered = address.lowercased()
        let address = lowered.hasPrefix("::ffff:") && Self.ipv4(String(lowered.dropFirst(7))) != nil
            ? String(lowered.dropFirst(7)) : lowered
        switch kind {
        case .exact(let allowed):
            return address == allowed
        case .network(let base, let prefix):
            guard let value = Self.ipv4(address) else { return false }
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix)
            return value & mask == base & mask
        }
    }

    public var description: String {
        switch kind {
        case .exact(let address): address
        case .network(let base, let prefix):
            [24, 16, 8, 0].map { String((base >> UInt32($0)) & 0xFF) }.joined(separator: ".") + "/\(prefix)"
        }
    }

    private static func ipv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard octet.count <= 3, let byte = UInt8(octet) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
