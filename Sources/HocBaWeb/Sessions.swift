import Foundation
import Vapor
import NIOConcurrencyHelpers
import HocBaCore
import HocBaStore

/// The time sessions and throttling read: the system's, or one a test moves by hand.
public final class WallClock: Sendable {
    private let offset = NIOLockedValueBox<TimeInterval>(0)

    public init() {}

    public var now: Date { Date().addingTimeInterval(offset.withLockedValue { $0 }) }

    /// Moves the clock forward (tests of expiry and throttling).
    public func advance(by seconds: TimeInterval) { offset.withLockedValue { $0 += seconds } }
}

struct WallClockKey: StorageKey { typealias Value = WallClock }

extension Application {
    public var wallClock: WallClock {
        if let clock = storage[WallClockKey.self] { return clock }
        let clock = WallClock()
        storage[WallClockKey.self] = clock
        return clock
    }
}

/// bcrypt on the application's thread pool, so that hashing (a quarter of a second at cost 12) never blocks an
/// event loop.
public struct Passwords: Sendable {
    public let cost: Int

    public init(cost: Int) {
        self.cost = cost
    }

    public func hash(_ password: String) throws -> String {
        try Bcrypt.hash(password, cost: cost)
    }

    func hash(_ password: String, on request: Request) async throws -> String {
        let cost = cost
        return try await request.application.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    /// Checks a password against a hash; with no hash (no such account) it checks against a fixed one anyway, so
    /// that a wrong name takes as long as a wrong password and names cannot be probed by timing.
    func verify(_ password: String, hash: String?, on request: Request) async throws -> Bool {
        let target = hash ?? Self.decoy
        let matches = try await request.application.threadPool.runIfActive { try Bcrypt.verify(password, created: target) }
        return hash != nil && matches
    }

    private static let decoy = (try? Bcrypt.hash("hocba-decoy-password", cost: 12)) ?? ""
}

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
