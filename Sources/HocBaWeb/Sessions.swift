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
    let token: String

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

/// Reads the session cookie, finds its live session and account, and keeps them on the request. An unknown or
/// expired session is simply nobody: the access rules decide what nobody may see.
struct SessionMiddleware: AsyncMiddleware {
    let policy: SessionPolicy

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[request.cookieName(.session)]?.string, token.count == 64,
           let (_, account) = try await request.accounts.session(token: token, policy: policy,
                                                                 now: request.application.wallClock.now),
           let scope = try await request.accounts.scope(of: account) {
            request.storage[SignedInKey.self] = SignedIn(account: account, scope: scope, token: token)
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// Served over TLS: by a proxy that says so, or because the configuration says the site is https.
    var isSecure: Bool {
        application.storage[SecureCookiesKey.self] == true || headers.first(name: "X-Forwarded-Proto") == "https"
    }
}

struct SecureCookiesKey: StorageKey { typealias Value = Bool }
