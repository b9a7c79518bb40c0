/// The gap check for many people (a unit subtree chosen by the store): for each requirement, how many people it
/// applied to and who does not meet it. Ordering is fixed (ranks, then job positions, then posts, by key, then the
/// rule's own order; people in Vietnamese name order) so that the same records always give the same page and the
/// same export.

/// One requirement across people.
public struct RequirementTally: Hashable, Sendable {
    public let id: String
    public let source: RequirementSource
    public let title: String
    /// Position of the requirement in its rule (the lowest across versions).
    public let position: Int
    /// People the requirement applied to on the day.
    public let checked: Int
    public let notMet: [StandardsPerson]
    /// People who met it late (a programme due before appointment, completed after).
    public let metLate: [StandardsPerson]
}

/// People of one unit, for lists grouped by unit.
public struct UnitPeople: Hashable, Sendable {
    public let unitID: Int
    public let people: [StandardsPerson]
}

public struct GapSummary: Hashable, Sendable {
    public let day: Day
    /// People in service on the day.
    public let checked: Int
    public let outOfService: Int
    /// People with at least one requirement not met.
    public let withGaps: [StandardsPerson]
    public let tallies: [RequirementTally]
    /// Every person's result, in the order of `withGaps` (people in name order).
    public let results: [GapCheckResult]

    /// `withGaps` grouped by the unit each person is in on the day, units in ascending id.
    public var withGapsByUnit: [UnitPeople] { UnitPeople.grouped(withGaps) }
}

extension UnitPeople {
    static func grouped(_ people: [StandardsPerson]) -> [UnitPeople] {
        Dictionary(grouping: people.filter { $0.unitID != nil }, by: { $0.unitID ?? 0 })
            .sorted { $0.key < $1.key }
            .map { UnitPeople(unitID: $0.key, people: $0.value.sorted(by: StandardsPerson.ordered)) }
    }
}

extension GapCheck {
    /// Checks every record on `day` and tallies the verdicts.
    public static func summarise(_ records: [TrainingRecord], on day: Day, standards: TrainingStandards)
        -> GapSummary {
        summarise(records.map { check($0, on: day, standards: standards) }, on: day)
    }

    /// Tallies results already computed for `day`.
    public static func summarise(_ results: [GapCheckResult], on day: Day) -> GapSummary {
        let sorted = results.sorted { StandardsPerson.ordered($0.person, $1.person) }
        let inService = sorted.filter(\.inService)
        var byID: [String: [(RequirementVerdict, StandardsPerson)]] = [:]
        for result in inService {
            for verdict in result.verdicts { byID[verdict.id, default: []].append((verdict, result.person)) }
        }
        let tallies = byID.values.compactMap(tally).sorted(by: tallyOrder)
        return GapSummary(day: day, checked: inService.count, outOfService: sorted.count - inService.count,
                          withGaps: inService.filter { !$0.meetsAll }.map(\.person), tallies: tallies,
                          results: sorted)
    }

    private static func tally(_ entries: [(RequirementVerdict, StandardsPerson)]) -> RequirementTally? {
        guard let first = entries.first?.0 else { return nil }
        return RequirementTally(
            id: first.id, source: first.source, title: first.title,
            position: entries.map(\.0.position).min() ?? first.position, checked: entries.count,
            notMet: entries.filter { $0.0.status == .notMet }.map(\.1),
            metLate: entries.filter { $0.0.status == .metLate }.map(\.1))
    }

    private static func tallyOrder(_ left: RequirementTally, _ right: RequirementTally) -> Bool {
        (left.source.kind, left.source.key, left.position, left.id)
            < (right.source.kind, right.source.key, right.position, right.id)
    }
}
