import Foundation
import NIOConcurrencyHelpers
import HocBaCore

/// The time sessions, throttling and "today" read: the system's, or one a test moves by hand. Read at the edges
/// (pages, commands), never in the domain, which takes its days as parameters.
public final class WallClock: Sendable {
    private let offset = NIOLockedValueBox<TimeInterval>(0)
    /// Set by `stop()`: the instant the clock stands at (a test's time then passes only by `advance`).
    private let stopped = NIOLockedValueBox<Date?>(nil)

    public init() {}

    public var now: Date { (stopped.withLockedValue { $0 } ?? Date()).addingTimeInterval(offset.withLockedValue { $0 }) }

    /// Today in Việt Nam (UTC+7), whatever the server's time zone.
    public var today: Day { Day.inVietnam(at: now) }

    /// Moves the clock forward (tests of expiry and throttling).
    public func advance(by seconds: TimeInterval) { offset.withLockedValue { $0 += seconds } }

    /// Stops the clock where it is: a test counting seconds (a rate limit's `Retry-After`) is not thrown off by a
    /// slow machine.
    public func stop() { stopped.withLockedValue { $0 = $0 ?? Date() } }
}

extension Day {
    /// Today in Việt Nam by the system's clock: the date line of exported reports, the default of date boxes.
    public static var today: Day { inVietnam(at: Date()) }
}
