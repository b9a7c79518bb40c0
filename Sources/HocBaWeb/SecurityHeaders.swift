import Vapor
import HocBaCore

/// Headers every response carries: no sniffing, no framing, no inline script, no referrer leaks; over TLS, HSTS;
/// and no caching of anything but static files and the public bulletin read by a visitor not signed in.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    /// The site is served over TLS (`AppConfig.secureCookies`, `HOCBA_TLS=1`).
    let tls: Bool

    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
    /// A year, and every subdomain: once a browser has seen the site over TLS it never tries plain HTTP (where a
    /// network attacker could strip TLS and read the session cookie's first request).
    static let strictTransportSecurity = "max-age=31536000; includeSubDomains"

    init(tls: Bool) {
        self.tls = tls
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        // Only over TLS: sent over plain HTTP the header is ignored, and a test server would lock browsers out.
        if tls { response.headers.replaceOrAdd(name: .strictTransportSecurity, value: Self.strictTransportSecurity) }
        if !Self.mayBeCached(request) { response.headers.replaceOrAdd(name: .cacheControl, value: "no-store") }
        return response
    }

    /// Pages and downloads carry personal data (and, signed in, the account's name and form token): a shared
    /// computer's browser cache or a proxy must not keep them. Only the files of `Public/` and the public bulletin
    /// as a visitor who is not signed in sees it are the same for everyone.
    static func mayBeCached(_ request: Request) -> Bool {
        if request.servedPublicFile { return true }
        guard request.signedIn == nil, let route = request.route?.siteRoute, route.permission == .publicPage else {
            return false
        }
        return route == .bulletin || route == .bulletinFeed || route == .bulletinItem(nil)
    }
}
