import Foundation

/// A calendar date with no time of day and no time zone: the unit of every date in training records
/// (birth dates, class periods, history periods, certificate dates).
///
/// Stored as ISO-8601 text (`YYYY-MM-DD`) so that it compares the same way as text on SQLite and PostgreSQL.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a day, or returns nil when the numbers are not a real calendar date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates a day from values the caller knows to be valid (literals in tests and generators).
    public init(_ year: Int, _ month: Int, _ day: Int) {
        guard let value = Day(year: year, month: month, day: day) else {
            preconditionFailure("Ngày không hợp lệ: \(year)-\(month)-\(day)")
        }
        self = value
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`, the storage and JSON form.
    public var iso: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// `dd/mm/yyyy`, the form Vietnamese officials read and write.
    public var vietnamese: String {
        pad(day, 2) + "/" + pad(month, 2) + "/" + pad(year, 4)
    }

    public var description: String { iso }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Parses `YYYY-MM-DD` only (the storage form).
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses what a person types or a spreadsheet holds: `yyyy-mm-dd`, `dd/mm/yyyy` or `d/m/yyyy`
    /// (also with `-` or `.` between day, month and year). Surrounding spaces are ignored.
    public init?(parsing raw: String) {
        let text = raw.trimmedOfWhitespace
        if let iso = Day(iso: text) { self = iso; return }
        let separators: Set<Character> = ["/", "-", "."]
        let parts = text.split(whereSeparator: { separators.contains($0) })
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count),
              (1...2).contains(parts[1].count),
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before), for arithmetic.
    public var ordinal: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(ordinal: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// The first and last days a record may hold (years 1 to 9999).
    public static let first = Day(1, 1, 1)
    public static let last = Day(9999, 12, 31)

    /// The years a date typed into a form, a command or an API call may name: wide enough for every birth date,
    /// class and plan, narrow enough that a report's arithmetic around it (whole months, the day after) stays inside
    /// the calendar. Stored records keep `first...last`.
    public static let enterableYears = 1900...2200

    /// Whether the day is within `enterableYears`.
    public var isEnterable: Bool { Self.enterableYears.contains(year) }

    /// The day after, nil after the last day (31/12/9999, which some files write for "no end").
    public var next: Day? { self == Day.last ? nil : adding(days: 1) }

    /// The day before, nil before the first day.
    public var previous: Day? { self == Day.first ? nil : adding(days: -1) }

    /// Codable as the ISO string.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "Ngày không hợp lệ: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// A closed period of days; `to == nil` means "until now" (open-ended).
public struct Period: Hashable, Sendable {
    public let from: Day
    public let to: Day?

    public init(from: Day, to: Day?) {
        self.from = from
        self.to = to
    }

    public func contains(_ day: Day) -> Bool {
        day >= from && (to.map { day <= $0 } ?? true)
    }

    public func overlaps(_ other: Period) -> Bool {
        let thisEndsBeforeOther = to.map { $0 < other.from } ?? false
        let otherEndsBeforeThis = other.to.map { $0 < from } ?? false
        return !thisEndsBeforeOther && !otherEndsBeforeThis
    }
}

/// A closed period of days cut where a table kept by calendar month can serve it: the whole months inside it, and
/// the days before and after them, which only a scan of the records themselves can count exactly.
public struct WholeMonthCut: Equatable, Sendable {
    /// The first and last whole month inside the period as `YYYY-MM` (they compare as text); nil when the period
    /// holds no whole month.
    public let months: ClosedRange<String>?
    /// The days of the period outside `months`, at most two runs (its start, its end), in order.
    public let edges: [ClosedRange<Day>]

    public init(from: Day, to: Day) {
        precondition(from <= to, "WholeMonthCut needs from <= to")
        let firstWhole = from.day == 1 ? from : Day(from.year, from.month, 1).addingMonth()
        let lastWhole = to.day == Day.daysIn(month: to.month, year: to.year) ? to : Day(to.year, to.month, 1).adding(days: -1)
        guard firstWhole <= lastWhole else {
            months = nil
            edges = [from...to]
            return
        }
        months = firstWhole.monthText...lastWhole.monthText
        var edges: [ClosedRange<Day>] = []
        if from < firstWhole { edges.append(from...firstWhole.adding(days: -1)) }
        if lastWhole < to { edges.append(lastWhole.adding(days: 1)...to) }
        self.edges = edges
    }
}

extension Day {
    /// `YYYY-MM`, the month as stored text keeps it (a prefix of `iso`).
    public var monthText: String { String(iso.prefix(7)) }

    /// The first day of the next month (self being a first day).
    fileprivate func addingMonth() -> Day {
        month == 12 ? Day(year + 1, 1, 1) : Day(year, month + 1, 1)
    }
}

// MARK: Months and years

extension Day {
    /// The same day `months` months later (earlier when negative), on the month's last day when that month is
    /// shorter: 31/01/2026 + 1 month = 28/02/2026.
    /// Clamped to the calendar's `first...last`, so that no stored date makes it trap.
    public func adding(months: Int) -> Day {
        let index = year * 12 + (month - 1) + months
        guard index >= 12 else { return Day.first }
        guard index < 10_000 * 12 else { return Day.last }
        let newYear = index / 12, newMonth = index % 12 + 1
        return Day(newYear, newMonth, min(day, Day.daysIn(month: newMonth, year: newYear)))
    }

    public func adding(years: Int) -> Day { adding(months: 12 * years) }

    /// Whole months from this day to `later` (0 when `later` is earlier): 15/01 → 14/03 is 1, → 15/03 is 2.
    public func wholeMonths(to later: Day) -> Int {
        guard later > self else { return 0 }
        var months = (later.year - year) * 12 + (later.month - month)
        if adding(months: months) > later { months -= 1 }
        return max(months, 0)
    }

    /// Whole years from this day to `later`: an age on a date is `birthDate.wholeYears(to: date)`.
    public func wholeYears(to later: Day) -> Int { wholeMonths(to: later) / 12 }
}

extension Day {
    /// The day in Việt Nam (UTC+7) at an instant. The domain takes its days as parameters; the edges read the
    /// clock (`Day.today`, HocBaApp) and pass it in.
    public static func inVietnam(at date: Date) -> Day {
        Day(ordinal: Int(((date.timeIntervalSince1970 + 7 * 3600) / 86_400).rounded(.down)))
    }
}
