import Vapor
import Crypto

/// Cross-site request forgery protection with tokens bound to the session: a state-changing request must carry,
/// in its `_csrf` field, the HMAC-SHA256 under a server key (`ServerKeys`, made once and kept in the database) of
/// the signed-in session's token — or, before signing in, of a random nonce kept in an HttpOnly cookie. A planted
/// cookie with a matching field is worth nothing: nobody can derive the token without the key, and signing in
/// changes it. (Before signing in, someone able to plant a nonce cookie could fetch its token from the sign-in page
/// first; with TLS the `__Host-` prefix keeps other hosts from planting cookies at all, and SameSite=Lax keeps other
/// sites from posting with them.)
///
/// It runs after `AccessMiddleware`, so an anonymous request reaches it only on a public route, and it reads a body
/// only for a route that exists, within a small limit for nobody signed in. A route that streams its body (the
/// upload) checks the token itself, as the first field of the form, before it keeps a byte (`StreamedForm`).
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"
    /// What an anonymous form (signing in) may send at the most.
    static let anonymousBodyLimit = 16 * 1024
    let signer: ServerSigner

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The API takes no cookies (`SessionMiddleware`): a forged call has nothing to ride on.
        if request.isAPI { return try await next.respond(to: request) }
        let existingNonce = (request.cookies[request.cookieName(.csrfNonce)]?.string).flatMap { $0.count == 64 ? $0 : nil }
        let nonce = existingNonce ?? Self.newToken()
        let expected = signer.sign(request.signedIn?.sessionToken.map { "session:" + $0 } ?? "visitor:" + nonce)
        request.storage[CSRFTokenKey.self] = expected
        if request.method != .GET && request.method != .HEAD, let route = request.route, !route.streamsBody {
            // A large form arrives streamed: collect it before reading the token (routes would only collect it
            // after the middleware), within the route's limit — a few KB for nobody signed in.
            let limit = request.signedIn == nil ? Self.anonymousBodyLimit
                : request.application.routes.defaultMaxBodySize.value
            if let data = request.body.data {
                guard data.readableBytes <= limit else { throw Abort(.payloadTooLarge) }
            } else {
                _ = try await request.body.collect(max: limit).get()
            }
            let submitted = try? request.content.get(String.self, at: Self.fieldName)
            guard let submitted, Self.matches(submitted, expected) else { throw Self.refusal }
        }
        let response = try await next.respond(to: request)
        if existingNonce == nil, request.signedIn == nil {
            response.cookies[request.cookieName(.csrfNonce)] = request.cookie(nonce)
        }
        return response
    }

    static let refusal = Abort(.forbidden, reason: "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                               + "Hãy tải lại trang và gửi lại.")

    static func newToken() -> String {
        [UInt8].random(count: 32).hexString
    }

    /// Compares in constant time, so that timing tells nothing of how much of a guess was right.
    static func matches(_ a: String, _ b: String) -> Bool {
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

/// A route whose handler reads its own body as a stream (and checks the form token itself).
struct StreamedBodyKey {
    static let key = "hocba.streamsBody"
}

extension Route {
    var streamsBody: Bool { userInfo[StreamedBodyKey.key] as? Bool ?? false }
}

/// The cookies hocba sets. With TLS on they take the `__Host-` prefix: the browser then accepts them only with
/// Secure, for the whole site and from this host, so that a sibling subdomain cannot plant one.
enum CookieName: String {
    case session = "hocba_session"
    case csrfNonce = "hocba_csrf"
    case flash = "hocba_flash"
}

extension Request {
    func cookieName(_ name: CookieName) -> String {
        application.storage[SecureCookiesKey.self] == true ? "__Host-" + name.rawValue : name.rawValue
    }

    /// An HttpOnly, SameSite=Lax cookie for the whole site, Secure over TLS; expired at once when `expired`.
    func cookie(_ value: String, expired: Bool = false) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: expired ? Date(timeIntervalSince1970: 0) : nil, path: "/",
                          isSecure: isSecure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// HMAC-SHA256 under the server key (`ServerKeys`), hexadecimal: what binds form tokens to sessions and signs flash
/// messages. Each use prefixes its own label ("session:", "visitor:", "flash:"), so no signature serves two uses.
struct ServerSigner: Sendable {
    let key: SymmetricKey

    func sign(_ text: String) -> String {
        Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key)).hexString
    }
}

struct ServerSignerKey: StorageKey { typealias Value = ServerSigner }
