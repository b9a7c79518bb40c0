/// "The state of a person on a date" (docs/workbook.md, QuaTrinh):
/// - a person's state on a date D is the history row whose period covers D;
/// - a person with history rows is out of service on a date that no row covers;
/// - a person with no history rows has their current (CanBo) state on every date.
///
/// Overlapping rows are invalid input and are refused when written (see `WorkHistoryRules.problems`); should two
/// rows still cover the same date, the one that started later wins, so the answer is always deterministic.

/// What a person is on a given date: where they work, in which category, rank, post and job position.
public struct PersonState: Hashable, Sendable {
    public let unitID: Int
    public let category: Category
    public let rankCode: String?
    public let post: String?
    /// The job position (vị trí việc làm) held, by its catalogue code: since Luật Cán bộ, công chức 2025 a công chức
    /// is managed by position, and the training standards check a position's holder against the position's rules.
    public let positionCode: String?

    public init(unitID: Int, category: Category, rankCode: String? = nil, post: String? = nil,
                positionCode: String? = nil) {
        self.unitID = unitID
        self.category = category
        self.rankCode = rankCode
        self.post = post
        self.positionCode = positionCode
    }
}

/// One row of a person's work history (QuaTrinh).
public struct WorkPeriod: Hashable, Sendable {
    public let state: PersonState
    public let period: Period

    public init(state: PersonState, from: Day, to: Day?) {
        self.state = state
        self.period = Period(from: from, to: to)
    }
}

public enum PersonStateRule {
    /// The person's state on `day`, or nil when they are out of service on that day.
    public static func state(on day: Day, history: [WorkPeriod], current: PersonState) -> PersonState? {
        guard !history.isEmpty else { return current }
        return history
            .filter { $0.period.contains(day) }
            .max { $0.period.from < $1.period.from }?
            .state
    }
}

/// A problem found in a set of history rows, in Vietnamese, naming the row by its start date.
public struct HistoryProblem: Hashable, Sendable {
    public let from: Day
    public let message: String
}

public enum WorkHistoryRules {
    /// Rows ending before they start, and rows whose periods overlap another row's.
    public static func problems(in history: [WorkPeriod]) -> [HistoryProblem] {
        var found: [HistoryProblem] = []
        for row in history {
            if let to = row.period.to, to < row.period.from {
                found.append(HistoryProblem(
                    from: row.period.from,
                    message: "Đến ngày \(to.vietnamese) trước Từ ngày \(row.period.from.vietnamese)."))
            }
        }
        let sorted = history.sorted { $0.period.from < $1.period.from }
        for (index, row) in sorted.enumerated() {
            for other in sorted[(index + 1)...] where row.period.overlaps(other.period) {
                found.append(HistoryProblem(
                    from: other.period.from,
                    message: "Giai đoạn từ \(other.period.from.vietnamese) chồng lấn giai đoạn từ "
                        + "\(row.period.from.vietnamese)."))
            }
        }
        return found
    }
}

/// One qualification obtained (VanBang): a level of a kind, granted on a date.
public struct ObtainedQualification: Hashable, Sendable {
    public let kind: QualificationKind
    public let level: String
    public let granted: Day

    public init(kind: QualificationKind, level: String, granted: Day) {
        self.kind = kind
        self.level = level
        self.granted = granted
    }
}

/// "The level of a qualification on a date" (docs/workbook.md, VanBang):
/// the highest level of that kind granted on or before D; a person with no rows of that kind has the level
/// declared in their CanBo record on every date. A person with rows of that kind, none granted by D, has no level.
public enum QualificationRule {
    public static func level(of kind: QualificationKind, on day: Day, obtained: [ObtainedQualification],
                             declared: String?) -> String? {
        let rows = obtained.filter { $0.kind == kind }
        guard !rows.isEmpty else { return declared }
        let levels = kind.levels
        return rows
            .filter { $0.granted <= day }
            .max { (levels.rank($0.level) ?? -1, $0.granted) < (levels.rank($1.level) ?? -1, $1.granted) }?
            .level
    }

    /// Whether `level` is at least `minimum` in the kind's order (unknown codes never qualify).
    public static func isAtLeast(_ level: String?, _ minimum: String, kind: QualificationKind) -> Bool {
        guard let level, let rank = kind.levels.rank(level), let floor = kind.levels.rank(minimum) else { return false }
        return rank >= floor
    }
}

/// A level of a kind of qualification, without a date: what a class leads to ("Cấp khi hoàn thành"), e.g. a
/// Trung cấp LLCT class grants LLCT TRUNG-CAP. Written "KIND:LEVEL" in forms and files: "LLCT:TRUNG-CAP".
public struct QualificationLevel: Hashable, Sendable, Codable {
    public let kind: QualificationKind
    public let level: String

    public init?(kind: QualificationKind, level: String) {
        guard kind.levels.entry(level) != nil else { return nil }
        self.kind = kind
        self.level = level
    }

    public init?(code: String) {
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = QualificationKind(rawValue: parts[0]) else { return nil }
        self.init(kind: kind, level: parts[1])
    }

    public var code: String { kind.rawValue + ":" + level }
    public var label: String { kind.label + ": " + (kind.levels.label(level) ?? level) }

    /// Every level of every kind, for pickers.
    public static var all: [QualificationLevel] {
        QualificationKind.allCases.flatMap { kind in
            kind.levels.entries.compactMap { QualificationLevel(kind: kind, level: $0.code) }
        }.filter { $0.level != "CHUA" }
    }
}

/// A stretch of days over which a person counts in a commune qualification rate (docs/reports.md, "Counts kept as
/// you write"): in a commune unit, as a cadre or a civil servant, qualified (CHUYEN-MON at least TRUNG-CAP) or not.
public struct RateSpan: Hashable, Sendable {
    public let unitID: Int
    public let category: Category
    public let qualified: Bool
    /// Nil: since always (a person without history counts by their CanBo state on every date).
    public let from: Day?
    /// Nil: still.
    public let to: Day?

    public init(unitID: Int, category: Category, qualified: Bool, from: Day?, to: Day?) {
        self.unitID = unitID
        self.category = category
        self.qualified = qualified
        self.from = from
        self.to = to
    }
}

/// `PersonStateRule` and `QualificationRule` over every date at once: the person's state and qualification change
/// only on a history row's first day, the day after its last, and a CHUYEN-MON diploma's date, so evaluating each
/// stretch between those days on its first day gives the whole timeline.
public enum CommuneRateSpans {
    public static let categories: Set<Category> = [.cadre, .civilServant]

    public static func spans(history: [WorkPeriod], current: PersonState, obtained: [ObtainedQualification],
                             declared: String?, isCommune: (Int) -> Bool) -> [RateSpan] {
        var changes = Set<Day>()
        for row in history {
            changes.insert(row.period.from)
            // A row ending on the last day a record may hold ends nothing.
            if let after = row.period.to?.next { changes.insert(after) }
        }
        for diploma in obtained where diploma.kind == .professional { changes.insert(diploma.granted) }
        let starts = changes.sorted()
        // Each stretch: (its first day or nil for "before every change", its last day or nil for "ever after").
        var stretches: [(from: Day?, to: Day?)] = []
        if let first = starts.first {
            if let before = first.previous { stretches.append((nil, before)) }
            for (index, start) in starts.enumerated() {
                stretches.append((start, index + 1 < starts.count ? starts[index + 1].adding(days: -1) : nil))
            }
        } else {
            stretches.append((nil, nil))
        }
        var spans: [RateSpan] = []
        for stretch in stretches {
            let day = stretch.from ?? stretch.to ?? Day(2000, 1, 1)
            guard let state = PersonStateRule.state(on: day, history: history, current: current),
                  categories.contains(state.category), isCommune(state.unitID) else { continue }
            let level = QualificationRule.level(of: .professional, on: day, obtained: obtained, declared: declared)
            let qualified = QualificationRule.isAtLeast(level, "TRUNG-CAP", kind: .professional)
            if let last = spans.last, last.unitID == state.unitID, last.category == state.category,
               last.qualified == qualified, let end = last.to, let from = stretch.from, end.adding(days: 1) == from {
                spans[spans.count - 1] = RateSpan(unitID: last.unitID, category: last.category, qualified: qualified,
                                                  from: last.from, to: stretch.to)
            } else {
                spans.append(RateSpan(unitID: state.unitID, category: state.category, qualified: qualified,
                                      from: stretch.from, to: stretch.to))
            }
        }
        return spans
    }
}
