import Vapor

/// Cross-site request forgery protection by double submission: every visitor gets a random token in an HttpOnly,
/// SameSite=Lax cookie, every form carries the same token in a hidden `_csrf` field, and a state-changing request
/// whose field does not match its cookie is refused with 403 before any handler runs.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "hocba_csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = (request.cookies[Self.cookieName]?.string).flatMap { $0.count == 64 ? $0 : nil }
        let token = existing ?? Self.newToken()
        request.storage[CSRFTokenKey.self] = token
        if request.method != .GET && request.method != .HEAD {
            // A large form arrives streamed: collect it before reading the token (routes would only collect it
            // after the middleware), within the same limit as every route.
            if request.body.data == nil {
                // Uploads of workbooks are larger than any form (the route itself allows the same size).
                let limit = request.url.path == ImportController.path ? ImportController.maxUpload
                    : request.application.routes.defaultMaxBodySize
                _ = try await request.body.collect(max: limit.value).get()
            }
            let submitted = try? request.content.get(String.self, at: Self.fieldName)
            guard let existing, let submitted, constantTimeEqual(existing, submitted) else {
                throw Abort(.forbidden, reason: "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                            + "Hãy tải lại trang và gửi lại.")
            }
        }
        let response = try await next.respond(to: request)
        // Signing in sets a fresh token of its own.
        if existing == nil, response.cookies[Self.cookieName] == nil {
            response.cookies[Self.cookieName] = Self.cookie(token, request: request)
        }
        return response
    }

    static func cookie(_ token: String, request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, path: "/", isSecure: request.isSecure, isHTTPOnly: true, sameSite: .lax)
    }

    static func newToken() -> String {
        [UInt8].random(count: 32).hexString
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

struct CSRFTokenKey: StorageKey {
    typealias Value = String
}

extension Request {
    /// The token forms must echo in `_csrf`.
    var csrfToken: String { storage[CSRFTokenKey.self] ?? "" }
}
