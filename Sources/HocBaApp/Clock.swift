import Foundation
import NIOConcurrencyHelpers
import HocBaCore

/// The time sessions, throttling and "today" read: the system's, or one a test moves by hand. Read at the edges
/// (pages, commands), never in the domain, which takes its days as parameters.
public final class WallClock: Sendable {
    private let offset = NIOLockedValueBox<TimeInterval>(0)

    public init() {}

    public var now: Date { Date().addingTimeInterval(offset.withLockedValue { $0 }) }

    /// Today in Việt Nam (UTC+7), whatever the server's time zone.
    public var today: Day { Day.inVietnam(at: now) }

    /// Moves the clock forward (tests of expiry and throttling).
    public func advance(by seconds: TimeInterval) { offset.withLockedValue { $0 += seconds } }
}

extension Day {
    /// Today in Việt Nam by the system's clock: the date line of exported reports, the default of date boxes.
    public static var today: Day { inVietnam(at: Date()) }
}
