import Foundation
import Vapor
import Logging
import HocBaStore

/// One log line per request, and its count and latency in `/metrics` (docs/operations.md, "Logs").
///
/// The line names the route's pattern (`GET /can-bo/:code`), never the path or query a client sent: a path may
/// hold a code and a query a search for someone's name. It names the account by its user name, never by a token,
/// a cookie or a password. The request's id — the `X-Request-Id` a proxy sent, when it looks like one, else a new
/// one — is on every line the request logs and is sent back in the response's `X-Request-Id`.
struct RequestLogMiddleware: AsyncMiddleware {
    let metrics: ServerMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let id = Self.requestID(from: request.headers.first(name: .xRequestId))
        request.logger[metadataKey: "request-id"] = .string(id)
        let start = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            response.headers.replaceOrAdd(name: .xRequestId, value: id)
            finish(request, status: response.status, since: start)
            return response
        } catch {
            // Not turned into a page by ErrorPageMiddleware (inside this one): Vapor answers it.
            finish(request, status: (error as? any AbortError)?.status ?? .internalServerError, since: start)
            throw error
        }
    }

    private func finish(_ request: Request, status: HTTPResponseStatus, since start: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - start
        let route = Self.pattern(of: request)
        metrics.request(method: request.method.rawValue, route: route, status: status.code, duration: duration)
        let milliseconds = Double(duration.components.seconds) * 1_000
            + Double(duration.components.attoseconds) / 1e15
        request.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "route": .string(route),
            "status": .stringConvertible(status.code),
            "duration_ms": .string(String(format: "%.1f", milliseconds)),
            "account": .string(request.signedIn?.account.username ?? "-"),
        ])
    }

    /// `METHOD /segment/:parameter`, or "-" when no route matched (a scanner's guesses stay one label).
    static func pattern(of request: Request) -> String {
        guard let route = request.route else { return "-" }
        return "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    /// A proxy's id when it is 1–64 letters, digits, `-`, `_` or `.` (anything else could forge log lines or
    /// fill them), else a new one.
    static func requestID(from header: String?) -> String {
        if let header, (1...64).contains(header.count),
           header.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }) {
            return header
        }
        return UUID().uuidString.lowercased()
    }
}

/// Log lines as JSON objects, one per line, on standard output (`HOCBA_LOG_FORMAT=json`): time, level, message,
/// the logger's label and every metadata field, for a log collector to read without parsing text.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private static let output = LineOutput()

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        if let error = event.error, fields["error"] == nil { fields["error"] = String(describing: error) }
        fields["time"] = AuditLog.timestamp(Date())
        fields["level"] = event.level.rawValue
        fields["message"] = event.message.description
        fields["logger"] = label
        Self.output.write(Self.json(fields))
    }

    /// The fields as one JSON object with sorted keys, built by hand: a server writes one for every request.
    static func json(_ fields: [String: String]) -> String {
        "{" + fields.keys.sorted().map { JSONText.quoted($0) + ":" + JSONText.quoted(fields[$0]!) }
            .joined(separator: ",") + "}"
    }
}

/// Standard output, one whole line per write, whichever thread logs.
private final class LineOutput: @unchecked Sendable {
    private let lock = NSLock()

    func write(_ line: String) {
        lock.withLock {
            // A full disk or a closed pipe loses the line, never the server.
            try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
        }
    }
}
