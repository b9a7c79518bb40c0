/// Sending people to a class (issue 17, docs/nominations.md): a unit's officer proposes, the class's organiser (the
/// province, or the institution that runs the class) approves or refuses with a reason; approval enrols the person,
/// or puts them in the class's queue when it is full.

/// Where a nomination stands.
public enum NominationStatus: String, CaseIterable, Sendable, Codable {
    /// Proposed, waiting for the organiser.
    case proposed = "DE-XUAT"
    /// Approved and enrolled.
    case enrolled = "DA-DUYET"
    /// Approved, waiting for a place: enrolled in approval order as places free.
    case waiting = "CHO-CHO"
    case refused = "TU-CHOI"

    public var label: String {
        switch self {
        case .proposed: "Chờ duyệt"
        case .enrolled: "Đã duyệt, đã ghi danh"
        case .waiting: "Đã duyệt, chờ chỗ"
        case .refused: "Không duyệt"
        }
    }

    /// A nomination in one of these states holds the person's place in the class's process: the person cannot be
    /// proposed again until it is refused.
    public var isOpen: Bool { self != .refused }
}

extension CodeList {
    /// Fixed: the states are the product's.
    public static let nominationStatuses = CodeList(name: "trang-thai-de-cu", title: "Trạng thái đề cử",
                                                    entries: NominationStatus.allCases.map { CodeEntry($0.rawValue, $0.label) })
}

/// A class's terms for nominations: how many learners it takes and the last day to propose.
public struct NominationTerms: Sendable, Equatable {
    /// nil: no limit.
    public var capacity: Int?
    /// nil: proposals until the class starts.
    public var deadline: Day?

    public init(capacity: Int? = nil, deadline: Day? = nil) {
        self.capacity = capacity
        self.deadline = deadline
    }

    public static func read(_ fields: RawFields, classStart: Day) -> Result<NominationTerms, ValidationFailure> {
        var reader = FieldReader(fields)
        let capacity = reader.integer("capacity", "Số học viên tối đa", range: 1...100_000)
        let deadline = reader.day("deadline", "Hạn đề cử", required: false)
        if let deadline, deadline >= classStart {
            reader.fail("deadline", "Hạn đề cử (\(deadline.vietnamese)) phải trước ngày khai giảng \(classStart.vietnamese).")
        }
        return reader.result(NominationTerms(capacity: capacity, deadline: deadline))
    }

    /// Why proposals are closed on `day`, nil while open: after the deadline, or once the class has started.
    public func closedReason(on day: Day, classStart: Day) -> String? {
        if let deadline, day > deadline { return "Đã hết hạn đề cử (\(deadline.vietnamese))." }
        if day >= classStart { return "Lớp đã khai giảng ngày \(classStart.vietnamese): không nhận đề cử." }
        return nil
    }
}

extension StandardNeed {
    /// Whether completing `training` would meet the need: a class of one of the programme's types, or a class
    /// leading to a qualification of the same kind at the level asked or higher. This is how the nomination page
    /// finds "who needs this class" among the gap check's unmet requirements.
    public func isServed(by training: TrainingFacts) -> Bool {
        switch self {
        case .programme(let need):
            return need.programmeTypes.contains(training.programmeType)
        case .qualification(let level):
            guard let grants = training.grants.flatMap(QualificationLevel.init(code:)), grants.kind == level.kind,
                  let given = level.kind.levels.rank(grants.level), let asked = level.kind.levels.rank(level.level)
            else { return false }
            return given >= asked
        }
    }
}
