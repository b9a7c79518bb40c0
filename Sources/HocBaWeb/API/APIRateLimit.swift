import Foundation
import Vapor
import NIOConcurrencyHelpers

/// A limit on API calls: each token (or, for a call without a valid token, each client address — behind a proxy,
/// the proxy's) may make `perMinute` calls in any 60 seconds; beyond it the API answers 429 with `Retry-After`
/// (RFC 6585), and the call does nothing. The count is a sliding log of the calls of the last minute, kept in the
/// process (one server, one count; docs/api.md).
final class APIRateLimiter: Sendable {
    let perMinute: Int
    private let calls = NIOLockedValueBox([String: [Date]]())

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// Counts one call of `key`; nil when it may go ahead, else the whole seconds until it may.
    func take(_ key: String, now: Date) -> Int? {
        calls.withLockedValue { calls in
            // Forget callers quiet for a minute, so that the log holds only the last minute's callers.
            if calls.count > 10_000 { calls = calls.filter { ($0.value.last.map { now.timeIntervalSince($0) } ?? 61) < 60 } }
            var log = (calls[key] ?? []).filter { now.timeIntervalSince($0) < 60 }
            defer { calls[key] = log }
            guard log.count < perMinute else {
                // The oldest call of the last minute leaves the window first.
                return max(1, Int((60 - now.timeIntervalSince(log[0])).rounded(.up)))
            }
            log.append(now)
            return nil
        }
    }
}

struct APIRateLimitMiddleware: AsyncMiddleware {
    let limiter: APIRateLimiter

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.isAPI else { return try await next.respond(to: request) }
        let key = request.apiTokenID.map { "token:\($0)" } ?? "address:\(request.remoteAddress?.ipAddress ?? "?")"
        if let wait = limiter.take(key, now: request.application.wallClock.now) {
            throw APIProblem(.tooManyRequests, "Quá \(limiter.perMinute) yêu cầu mỗi phút. Hãy thử lại sau \(wait) giây.",
                             headers: ["Retry-After": "\(wait)"])
        }
        return try await next.respond(to: request)
    }
}
