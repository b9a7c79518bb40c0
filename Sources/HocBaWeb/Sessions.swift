import Foundation
import Vapor
import NIOConcurrencyHelpers
import HocBaCore
import HocBaStore
import HocBaApp

extension Application {
    public var wallClock: WallClock {
        if let clock = storage[WallClockKey.self] { return clock }
        let clock = WallClock()
        storage[WallClockKey.self] = clock
        return clock
    }
}

struct WallClockKey: StorageKey { typealias Value = WallClock }

/// The signed-in account of a request, and where it reaches.
struct SignedIn: Sendable {
    let account: UserAccount
    let scope: RecordScope
    let credential: Credential

    /// How the request proved who it is: a page's session cookie, or an API call's bearer token.
    enum Credential: Sendable {
        case session(token: String)
        case apiToken(id: Int, name: String)
    }

    /// The session's token, for a page's request (forms are signed with it); nil for an API call.
    var sessionToken: String? {
        if case .session(let token) = credential { token } else { nil }
    }

    var role: Role { account.role }
    func may(_ permission: Permission) -> Bool { permission == .publicPage || role.permissions.contains(permission) }
}

struct SignedInKey: StorageKey { typealias Value = SignedIn }

extension Request {
    var signedIn: SignedIn? { storage[SignedInKey.self] }

    /// The records this request may reach: the store, confined to the account's scope. Nobody signed in reaches
    /// nothing beyond public pages, which read no records through it.
    var store: RecordStore {
        RecordStore(db, scope: signedIn?.scope ?? .unitSubtree(unitID: -1, code: "", path: "/nobody/"))
    }

    /// The request's store on no request's lifetime, for work that goes on after the response (an import's
    /// write): opened with the request's logger, which names the writer for the audit trail.
    var detachedStore: RecordStore {
        RecordStore(application.databases.database(logger: logger, on: eventLoop)!, scope: store.scope)
    }

    var accounts: AccountStore { AccountStore(db) }
}

/// Finds who makes the request and keeps them on it: for a page, the live session of the session cookie; for the
/// API, the live token of `Authorization: Bearer` — and never a cookie, so that no other site can make an API call
/// with a person's session (the API has no CSRF tokens). An unknown or expired session or token is simply nobody:
/// the access rules decide what nobody may see.
struct SessionMiddleware: AsyncMiddleware {
    let policy: SessionPolicy

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let now = request.application.wallClock.now
        if request.isAPI {
            if let bearer = request.headers.bearerAuthorization?.token,
               let (token, account) = try await request.accounts.authenticate(
                   token: bearer, address: request.remoteAddress?.ipAddress ?? "?", now: now),
               let scope = try await request.accounts.scope(of: account) {
                request.storage[SignedInKey.self] = SignedIn(account: account, scope: scope,
                                                             credential: .apiToken(id: token.id!, name: token.name))
            }
        } else if let token = request.cookies[request.cookieName(.session)]?.string, token.count == 64,
                  let (_, account) = try await request.accounts.session(token: token, policy: policy, now: now),
                  let scope = try await request.accounts.scope(of: account) {
            request.storage[SignedInKey.self] = SignedIn(account: account, scope: scope,
                                                         credential: .session(token: token))
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// A call of the JSON API (`/api/…`): bearer tokens, Problem Details, no cookies, no forms.
    var isAPI: Bool { url.path == "/api" || url.path.hasPrefix("/api/") }
}

extension Request {
    /// Served over TLS: by a proxy that says so, or because the configuration says the site is https.
    var isSecure: Bool {
        application.storage[SecureCookiesKey.self] == true || headers.first(name: "X-Forwarded-Proto") == "https"
    }
}

struct SecureCookiesKey: StorageKey { typealias Value = Bool }
