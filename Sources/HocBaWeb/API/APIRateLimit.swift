import Foundation
import Vapor
import NIOConcurrencyHelpers

/// A limit on API calls: each token (or, without one, each address) may make `perMinute` calls in any minute;
/// beyond it the API answers 429 with `Retry-After` (RFC 6585), and the call does nothing. The count is a token
/// bucket kept in the process (one server is one bucket; docs/api.md), refilled continuously.
final class APIRateLimiter: Sendable {
    let perMinute: Int
    private let buckets = NIOLockedValueBox([String: Bucket]())

    private struct Bucket {
        var tokens: Double
        var at: Date
    }

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// Takes one call from the bucket of `key`; nil when it may go ahead, else the seconds until it may.
    func take(_ key: String, now: Date) -> Int? {
        let capacity = Double(perMinute), rate = Double(perMinute) / 60
        return buckets.withLockedValue { buckets in
            if buckets.count > 10_000 { buckets = buckets.filter { now.timeIntervalSince($0.value.at) < 60 } }
            var bucket = buckets[key] ?? Bucket(tokens: capacity, at: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.at)) * rate)
            bucket.at = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
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
