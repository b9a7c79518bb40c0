/// The annual minimum (issue 6 §3): the tiết of bồi dưỡng each person completed in a year against the rule for
/// their category, and who falls short, by unit.
///
/// A class counts in the year it ended (a class running from December to January counts once, in January's year),
/// when the person's result is `completed` and the class's programme type is one the rule counts. The person, their
/// category and their unit are taken on the reference day (31 December, or an earlier day for a year in progress),
/// and so is the rule version: a person who joins a covered category during the year is held to the full minimum,
/// which is the simplest reading while the legal text is unconfirmed.

public struct AnnualMinimumResult: Hashable, Sendable {
    public let person: StandardsPerson
    public let year: Int
    public let referenceDay: Day
    public let state: PersonState
    /// Nil when no rule covers the person's category: nothing is required.
    public let rule: AnnualMinimumStandard?
    /// Completed classes of counted programme types that ended in the year, by end date.
    public let counted: [Attendance]
    /// Of `counted`, the classes whose record has no `Số tiết`: they add nothing until it is filled in.
    public let withoutHours: [Attendance]
    public let completedHours: Int

    public var requiredHours: Int { rule?.minimumHours ?? 0 }
    public var shortfall: Int { rule == nil ? 0 : max(0, requiredHours - completedHours) }
    public var isShort: Bool { shortfall > 0 }

    /// "Đã hoàn thành 24/40 tiết, còn thiếu 16 tiết".
    public var reason: String {
        guard let rule else {
            return "Không có quy định số tiết tối thiểu cho đối tượng \(state.category.label.lowercased())"
        }
        var text = isShort
            ? "Đã hoàn thành \(completedHours)/\(rule.minimumHours) tiết, còn thiếu \(shortfall) tiết"
            : "Đủ số tiết tối thiểu: đã hoàn thành \(completedHours)/\(rule.minimumHours) tiết"
        if !withoutHours.isEmpty {
            text += " (\(withoutHours.count) lớp chưa ghi số tiết, chưa được tính: "
                + withoutHours.map(\.classCode).joined(separator: ", ") + ")"
        }
        return text
    }
}

/// The people of one unit who fall short, in name order.
public struct UnitShortfall: Hashable, Sendable {
    public let unitID: Int
    public let people: [AnnualMinimumResult]
}

public enum AnnualMinimum {
    /// The reference day of `year`: 31 December, or `asOf` when it falls earlier in that year.
    public static func referenceDay(year: Int, asOf: Day? = nil) -> Day? {
        guard let last = Day(year: year, month: 12, day: 31) else { return nil }
        guard let asOf, asOf.year == year, asOf < last else { return last }
        return asOf
    }

    /// The person's completed tiết in `year` against the rule; nil when they are out of service on the reference
    /// day (or the year is not a valid one).
    public static func check(_ record: TrainingRecord, year: Int, standards: TrainingStandards, asOf: Day? = nil)
        -> AnnualMinimumResult? {
        guard let day = referenceDay(year: year, asOf: asOf), let state = record.state(on: day) else { return nil }
        let rule = standards.annualMinimum(for: state.category, on: day)
        let counted = record.attendances
            .filter { attendance in
                attendance.isCompleted && attendance.end.year == year && attendance.end <= day
                    && (rule?.countedProgrammeTypes.contains(attendance.programmeType) ?? false)
            }
            .sorted { ($0.end, $0.classCode) < ($1.end, $1.classCode) }
        let hours = counted.compactMap(\.hours).filter { $0 > 0 }.reduce(0, +)
        return AnnualMinimumResult(
            person: StandardsPerson(personID: record.personID, code: record.code, fullName: record.fullName,
                                    unitID: state.unitID),
            year: year, referenceDay: day, state: state, rule: rule, counted: counted,
            withoutHours: counted.filter { $0.hours == nil }, completedHours: hours)
    }

    /// Every record checked for `year`, in name order (people out of service left out).
    public static func check(_ records: [TrainingRecord], year: Int, standards: TrainingStandards, asOf: Day? = nil)
        -> [AnnualMinimumResult] {
        records.compactMap { check($0, year: year, standards: standards, asOf: asOf) }
            .sorted { StandardsPerson.ordered($0.person, $1.person) }
    }

    /// Those short of the minimum, by unit (units in ascending id, people in name order).
    public static func shortfalls(_ results: [AnnualMinimumResult]) -> [UnitShortfall] {
        Dictionary(grouping: results.filter(\.isShort), by: \.state.unitID)
            .sorted { $0.key < $1.key }
            .map { UnitShortfall(unitID: $0.key,
                                 people: $0.value.sorted { StandardsPerson.ordered($0.person, $1.person) }) }
    }
}
