/// The gap check (issue 6 §2): on a date, does a person meet the standards of the rank (or the job position) and the
/// post they hold that day, and why. Pure: the verdicts depend only on the record, the rule table and the date, so
/// that the same question asked later about the same date gets the same answer.

/// Why a requirement applies to the person: their rank, their job position or their post on the day.
public struct RequirementSource: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Comparable {
        case rank = "NGACH"
        /// Stands in for the rank when the person holds a position with rules in force (issue 14).
        case position = "VTVL"
        case post = "CHUCVU"

        /// Rank or position first, then the post.
        private var order: Int {
            switch self {
            case .rank: 0
            case .position: 1
            case .post: 2
            }
        }

        public static func < (left: Kind, right: Kind) -> Bool { left.order < right.order }
    }

    public let kind: Kind
    /// The rank code, the position's code or the post group's key.
    public let key: String
    /// "Ngạch Chuyên viên (01.003)", "Vị trí việc làm Chuyên viên quản lý nhân sự (VT-NS)", "Chức vụ lãnh đạo cấp phòng".
    public let title: String

    /// "NGACH:01.003", "VTVL:VT-NS", "CHUCVU:CAP-PHONG".
    public var code: String { kind.rawValue + ":" + key }
}

public enum VerdictStatus: String, Hashable, Sendable, Codable {
    case met = "DAT"
    /// Met, but a programme due before appointment was completed after it (issue 6: leaders appointed without the
    /// prior training).
    case metLate = "DAT-MUON"
    case notMet = "CHUA-DAT"

    public var label: String {
        switch self {
        case .met: "Đạt"
        case .metLate: "Đạt (hoàn thành sau khi bổ nhiệm)"
        case .notMet: "Chưa đạt"
        }
    }
}

/// The record that satisfies a requirement.
public enum VerdictEvidence: Hashable, Sendable {
    case qualification(HeldQualification)
    case training(Attendance)
}

/// One requirement judged for one person on one day.
public struct RequirementVerdict: Hashable, Sendable {
    public let source: RequirementSource
    public let requirement: StandardRequirement
    /// Position of the requirement in its rule, to list verdicts in the order an administrator wrote them.
    public let position: Int
    public let status: VerdictStatus
    /// In Vietnamese: "Chưa có chứng chỉ bồi dưỡng QLNN ngạch chuyên viên chính".
    public let reason: String
    /// Nil when not met.
    public let evidence: VerdictEvidence?

    /// The same verdict, its reason opening with the rule that asks for it: "Vị trí việc làm Chuyên viên quản lý
    /// nhân sự (VT-NS) yêu cầu chứng chỉ bồi dưỡng QLNN ngạch chuyên viên chính: chưa có …". A position's holder
    /// is judged by the position, not by the rank the record shows, and the reason says so.
    func namingSource() -> RequirementVerdict {
        RequirementVerdict(source: source, requirement: requirement, position: position, status: status,
                           reason: source.title + " yêu cầu " + StandardText.lowercasedFirst(requirement.title) + ": "
                               + StandardText.lowercasedFirst(reason),
                           evidence: evidence)
    }

    /// Identifies the requirement across people and rule versions: "NGACH:01.002/QLNN:CVC".
    public var id: String { source.code + "/" + requirement.need.code }
    public var isMet: Bool { status != .notMet }
    public var title: String { requirement.title }
}

/// Everything the gap check found for a person on a day.
public struct GapCheckResult: Hashable, Sendable {
    public let person: StandardsPerson
    public let day: Day
    /// Nil when the person is out of service on the day: nothing is required of them.
    public let state: PersonState?
    /// The rank rule checked; nil when a position rule stands in for it (or the rank has none).
    public let rank: RankStandard?
    /// The rule of the job position held on the day, checked instead of the rank's; nil when none is in force.
    public let position: PositionStandard?
    public let post: PostStandard?
    /// The first day of the person's unbroken run in a post of the post rule's group; nil when unknown (no history).
    public let appointed: Day?
    public let verdicts: [RequirementVerdict]

    public var inService: Bool { state != nil }
    public var gaps: [RequirementVerdict] { verdicts.filter { !$0.isMet } }
    public var meetsAll: Bool { gaps.isEmpty }
}

/// Who a result is about, for lists: enough to show and group, in the unit they belong to on the day.
public struct StandardsPerson: Hashable, Sendable {
    public let personID: Int
    public let code: String
    public let fullName: String
    /// The unit on the day; nil when out of service.
    public let unitID: Int?
    /// Vietnamese name order, computed once: sorting a province compares keys n log n times.
    let sortKey: String

    public init(personID: Int, code: String, fullName: String, unitID: Int?) {
        self.personID = personID
        self.code = code
        self.fullName = fullName
        self.unitID = unitID
        self.sortKey = VietnameseText.nameSortKey(fullName)
    }

    /// Vietnamese name order, then code: the order every list of people uses.
    static func ordered(_ left: StandardsPerson, _ right: StandardsPerson) -> Bool {
        (left.sortKey, left.code) < (right.sortKey, right.code)
    }
}

public enum GapCheck {
    /// The verdict of every requirement of the post the person holds on `day`, and of the job position they hold
    /// that day when it has a rule in force, else of their rank.
    public static func check(_ record: TrainingRecord, on day: Day, standards: TrainingStandards) -> GapCheckResult {
        let state = record.state(on: day)
        let person = StandardsPerson(personID: record.personID, code: record.code, fullName: record.fullName,
                                     unitID: state?.unitID)
        guard let state else {
            return GapCheckResult(person: person, day: day, state: nil, rank: nil, position: nil, post: nil,
                                  appointed: nil, verdicts: [])
        }
        let position = standards.position(state.positionCode, on: day)
        let rank = position == nil ? standards.rank(state.rankCode, on: day) : nil
        let post = standards.post(state.post, on: day)
        let appointed = post.flatMap { appointment(record, on: day, postKey: $0.key, standards: standards) }
        var verdicts: [RequirementVerdict] = []
        if let position {
            let source = RequirementSource(kind: .position, key: position.positionCode, title: position.title)
            verdicts += judge(position.requirements, source: source, record: record, day: day, appointed: nil)
                .map { $0.namingSource() }
        }
        if let rank {
            let source = RequirementSource(kind: .rank, key: rank.rankCode,
                                           title: "Ngạch \(rank.rankName) (\(rank.rankCode))")
            verdicts += judge(rank.requirements, source: source, record: record, day: day, appointed: nil)
        }
        if let post {
            let source = RequirementSource(kind: .post, key: post.key, title: "Chức vụ: \(post.title)")
            verdicts += judge(post.requirements, source: source, record: record, day: day, appointed: appointed)
        }
        return GapCheckResult(person: person, day: day, state: state, rank: rank, position: position, post: post,
                              appointed: appointed, verdicts: verdicts)
    }

    private static func judge(_ requirements: [StandardRequirement], source: RequirementSource,
                              record: TrainingRecord, day: Day, appointed: Day?) -> [RequirementVerdict] {
        requirements.enumerated().map { position, requirement in
            let (status, reason, evidence): (VerdictStatus, String, VerdictEvidence?)
            switch requirement.need {
            case .qualification(let level):
                (status, reason, evidence) = judge(level, record: record, day: day)
            case .programme(let need):
                (status, reason, evidence) = judge(need, record: record, day: day, appointed: appointed)
            }
            return RequirementVerdict(source: source, requirement: requirement, position: position, status: status,
                                      reason: reason, evidence: evidence)
        }
    }

    /// Met by the earliest record that reaches the level: the date since which the person has met it.
    static func judge(_ required: QualificationLevel, record: TrainingRecord, day: Day)
        -> (VerdictStatus, String, VerdictEvidence?) {
        let kind = required.kind
        let sufficient = { (held: HeldQualification) in
            QualificationRule.isAtLeast(held.level.level, required.level, kind: kind)
        }
        let held = record.qualifications(of: kind, on: day)
        if let best = held.filter(sufficient).min(by: earlier) {
            return (.met, "Có " + StandardText.phrase(best.level) + " (" + best.vietnamese + ")",
                    .qualification(best))
        }
        var reason = "Chưa có " + StandardText.phrase(required, orHigher: true)
        if let highest = held.max(by: { rank($0) < rank($1) }) {
            reason += " (mới có " + StandardText.phrase(highest.level) + ")"
        }
        let later = record.qualifications.filter { $0.level.kind == kind && sufficient($0) }
            .compactMap(\.obtained).filter { $0 > day }.min()
        if let later { reason += "; đạt ngày \(later.vietnamese), sau ngày xét \(day.vietnamese)" }
        return (.notMet, reason, nil)
    }

    /// Met by the earliest completed class of the programme; late when that class ended after the appointment
    /// (plus the grace days).
    static func judge(_ need: ProgrammeNeed, record: TrainingRecord, day: Day, appointed: Day?)
        -> (VerdictStatus, String, VerdictEvidence?) {
        let completed = record.attendances
            .filter { $0.isCompleted && need.programmeTypes.contains($0.programmeType) }
            .sorted { ($0.end, $0.classCode) < ($1.end, $1.classCode) }
        let title = need.title
        guard let first = completed.first(where: { $0.end <= day && !$0.hasExpired(on: day) }) else {
            if let expired = completed.last(where: { $0.end <= day && $0.hasExpired(on: day) }), let expires = expired.expires {
                return (.notMet, "Chứng chỉ \(title) (\(expired.vietnamese)) đã hết hạn từ ngày \(expires.vietnamese)", nil)
            }
            var reason = "Chưa hoàn thành " + title
            if let appointed, need.beforeAppointment { reason += " (bổ nhiệm từ ngày \(appointed.vietnamese))" }
            if let later = completed.first(where: { $0.end > day }) {
                reason += "; hoàn thành ngày \(later.end.vietnamese), sau ngày xét \(day.vietnamese)"
            }
            return (.notMet, reason, nil)
        }
        if need.beforeAppointment, let appointed, first.end > appointed.adding(days: need.graceDays) {
            return (.metLate, "Hoàn thành \(title) ngày \(first.end.vietnamese), sau ngày bổ nhiệm "
                        + "\(appointed.vietnamese) (\(first.vietnamese))", .training(first))
        }
        return (.met, "Đã hoàn thành \(title) (\(first.vietnamese), kết thúc ngày \(first.end.vietnamese))",
                .training(first))
    }

    private static func earlier(_ left: HeldQualification, _ right: HeldQualification) -> Bool {
        // A declared level has no date and stands alone (see `qualifications(of:on:)`); a VanBang row before a class.
        let leftDay = left.obtained?.ordinal ?? Int.min, rightDay = right.obtained?.ordinal ?? Int.min
        if leftDay != rightDay { return leftDay < rightDay }
        if rank(left) != rank(right) { return rank(left) > rank(right) }
        return sourceOrder(left.source) < sourceOrder(right.source)
    }

    private static func rank(_ held: HeldQualification) -> Int { held.level.kind.levels.rank(held.level.level) ?? -1 }

    private static func sourceOrder(_ source: QualificationSource) -> String {
        switch source {
        case .declared: "0"
        case .diploma(let id): "1:" + String(id)
        case .completedClass(let attendance): "2:" + String(attendance.enrolmentID)
        }
    }

    /// The first day of the unbroken run of history rows, ending with the row in force on `day`, whose posts all
    /// fall under the post group `postKey`. Nil without history: the CanBo record has no appointment date.
    static func appointment(_ record: TrainingRecord, on day: Day, postKey: String,
                            standards: TrainingStandards) -> Day? {
        let rows = record.history.sorted { $0.period.from > $1.period.from }
        guard let currentIndex = rows.firstIndex(where: { $0.period.contains(day) }) else { return nil }
        var start = rows[currentIndex].period.from
        for row in rows[(currentIndex + 1)...] {
            let reachesStart = row.period.to.map { $0.adding(days: 1) >= start } ?? true
            guard reachesStart, standards.post(row.state.post, on: day)?.key == postKey else { break }
            start = min(start, row.period.from)
        }
        return start
    }
}
