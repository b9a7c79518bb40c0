import Foundation
import Vapor

/// bcrypt on a thread pool, so that hashing (a quarter of a second at cost 12) never blocks an event loop; the
/// same for the pages and the command line.
public struct Passwords: Sendable {
    public let cost: Int

    public init(cost: Int) {
        self.cost = cost
    }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    /// Checks a password against a hash; with no hash (no such account) it checks against a fixed one anyway, so
    /// that a wrong name takes as long as a wrong password and names cannot be probed by timing.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? Self.decoy
        let matches = try await NIOThreadPool.singleton.runIfActive { try Bcrypt.verify(password, created: target) }
        return hash != nil && matches
    }

    private static let decoy = (try? Bcrypt.hash("hocba-decoy-password", cost: 12)) ?? ""
}
