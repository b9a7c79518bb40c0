/// What the standards read of a person: the same rows the store keeps (CanBo, QuaTrinh, VanBang, HocVien with its
/// LopHoc), so that the store fills these types column for column and the rules stay pure.

/// A VanBang row, with its id so that a verdict can point at it.
public struct RecordedQualification: Hashable, Sendable {
    public let id: Int
    public let qualification: ObtainedQualification

    public init(id: Int, qualification: ObtainedQualification) {
        self.id = id
        self.qualification = qualification
    }
}

/// One enrolment (HocVien) with the class (LopHoc) it belongs to.
public struct Attendance: Hashable, Sendable {
    public let enrolmentID: Int
    public let classCode: String
    public let className: String
    public let programmeType: String
    public let start: Day
    public let end: Day
    /// Tiết; nil when the class record has no `Số tiết`.
    public let hours: Int?
    /// Nil until the result is recorded.
    public let result: EnrolmentResult?
    /// The qualification the class leads to, if any.
    public let grants: QualificationLevel?
    public let certificateDate: Day?
    /// The day the class's certificate of the register stops being valid (issue 18); nil when it does not expire.
    public let expires: Day?

    public init(enrolmentID: Int, classCode: String, className: String, programmeType: String, start: Day, end: Day,
                hours: Int? = nil, result: EnrolmentResult?, grants: QualificationLevel? = nil,
                certificateDate: Day? = nil, expires: Day? = nil) {
        self.expires = expires
        self.enrolmentID = enrolmentID
        self.classCode = classCode
        self.className = className
        self.programmeType = programmeType
        self.start = start
        self.end = end
        self.hours = hours
        self.result = result
        self.grants = grants
        self.certificateDate = certificateDate
    }

    public var isCompleted: Bool { result == .completed }

    /// Completed, and its certificate not expired on `day`: an expired certificate stops counting from its expiry
    /// date (docs/certificates.md).
    public func holds(on day: Day) -> Bool { isCompleted && !hasExpired(on: day) }

    public func hasExpired(on day: Day) -> Bool { expires.map { $0 <= day } ?? false }

    /// When the class's qualification was obtained: the certificate date, else the class's last day.
    public var obtained: Day { certificateDate ?? end }

    /// "lớp QLNN-CV-2019 (Bồi dưỡng QLNN ngạch chuyên viên)".
    public var vietnamese: String {
        className.isEmpty || className == classCode ? "lớp \(classCode)" : "lớp \(classCode) (\(className))"
    }
}

/// A person's training record as the standards read it.
public struct TrainingRecord: Hashable, Sendable {
    public let personID: Int
    public let code: String
    public let fullName: String
    /// The CanBo state: the person's state on every date when they have no history rows.
    public let current: PersonState
    public let history: [WorkPeriod]
    /// The levels declared in the CanBo record (no date), by kind.
    public let declared: [QualificationKind: String]
    public let diplomas: [RecordedQualification]
    public let attendances: [Attendance]

    public init(personID: Int, code: String, fullName: String, current: PersonState, history: [WorkPeriod] = [],
                declared: [QualificationKind: String] = [:], diplomas: [RecordedQualification] = [],
                attendances: [Attendance] = []) {
        self.personID = personID
        self.code = code
        self.fullName = fullName
        self.current = current
        self.history = history
        self.declared = declared
        self.diplomas = diplomas
        self.attendances = attendances
    }

    /// The person's state on `day` (`PersonStateRule`); nil when out of service.
    public func state(on day: Day) -> PersonState? {
        PersonStateRule.state(on: day, history: history, current: current)
    }
}

/// Where a qualification on record comes from.
public enum QualificationSource: Hashable, Sendable {
    /// The level declared in the CanBo record, with no date.
    case declared
    /// A VanBang row.
    case diploma(id: Int)
    /// A completed class that grants the qualification.
    case completedClass(Attendance)
}

/// A qualification a person holds, with when and through which record they obtained it.
public struct HeldQualification: Hashable, Sendable {
    public let level: QualificationLevel
    /// Nil for a declared level: it holds on every date.
    public let obtained: Day?
    public let source: QualificationSource

    public init(level: QualificationLevel, obtained: Day?, source: QualificationSource) {
        self.level = level
        self.obtained = obtained
        self.source = source
    }

    /// The record, in Vietnamese: "văn bằng cấp ngày 15/06/2019", "lớp X, hoàn thành ngày …", "kê khai trong hồ sơ".
    public var vietnamese: String {
        switch source {
        case .declared: "kê khai trong hồ sơ, không rõ ngày cấp"
        case .diploma: "văn bằng, chứng chỉ cấp ngày " + (obtained?.vietnamese ?? "?")
        case .completedClass(let attendance):
            "hoàn thành \(attendance.vietnamese), cấp ngày " + (obtained?.vietnamese ?? attendance.end.vietnamese)
        }
    }
}

extension TrainingRecord {
    /// Every qualification on record: VanBang rows, completed classes that grant one, and declared levels.
    public var qualifications: [HeldQualification] {
        var held = diplomas.compactMap { row -> HeldQualification? in
            let obtained = row.qualification
            return QualificationLevel(kind: obtained.kind, level: obtained.level).map {
                HeldQualification(level: $0, obtained: obtained.granted, source: .diploma(id: row.id))
            }
        }
        held += attendances.filter(\.isCompleted).compactMap { attendance in
            attendance.grants.map {
                HeldQualification(level: $0, obtained: attendance.obtained, source: .completedClass(attendance))
            }
        }
        for kind in QualificationKind.allCases {
            guard let code = declared[kind], let level = QualificationLevel(kind: kind, level: code) else { continue }
            held.append(HeldQualification(level: level, obtained: nil, source: .declared))
        }
        return held
    }

    /// The qualifications of `kind` held on `day`, by the rule of docs/workbook.md (VanBang) extended to classes:
    /// dated records (VanBang rows and completed classes that grant the kind) count from the day they were
    /// obtained; the declared level counts on every date, but only for a person with no dated record of that kind,
    /// because the CanBo column is the current level, not a dated fact.
    public func qualifications(of kind: QualificationKind, on day: Day) -> [HeldQualification] {
        let ofKind = qualifications.filter { $0.level.kind == kind }
        let dated = ofKind.filter { $0.obtained != nil }
        guard !dated.isEmpty else { return ofKind }
        return dated.filter { held in
            if case .completedClass(let attendance) = held.source, attendance.hasExpired(on: day) { return false }
            return (held.obtained ?? day) <= day
        }
    }
}
