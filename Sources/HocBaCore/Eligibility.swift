/// Who may be sent to a training (issue 17, docs/nominations.md): the conditions a decree sets for sending a person
/// to long training — above all postgraduate study — kept as effective-dated rule versions in the standards table
/// (`TrainingStandards.eligibility`), and the verdict on one person for one class on one day, with reasons that name
/// the record that decides.
///
/// A condition the records cannot decide (whether the field of study suits the job position, whether the person
/// signed the commitment) is answered "to be confirmed by the approver" (`met == nil`): it never makes a person
/// ineligible by itself.

/// Which classes a rule is about: those of its programme types, or those leading to one of its qualifications.
public struct EligibilityScope: Hashable, Sendable, Codable {
    /// Codes of `CodeList.programmeTypes`.
    public var programmeTypes: [String]
    /// Qualifications a class leads to, as "KIND:LEVEL" (`QualificationLevel.code`): "CHUYEN-MON:THAC-SI".
    public var grants: [String]

    public init(programmeTypes: [String] = [], grants: [String] = []) {
        self.programmeTypes = programmeTypes
        self.grants = grants
    }

    public func covers(_ training: TrainingFacts) -> Bool {
        programmeTypes.contains(training.programmeType) || training.grants.map(grants.contains) == true
    }

    private enum CodingKeys: String, CodingKey { case programmeTypes, grants }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        programmeTypes = try container.decodeIfPresent([String].self, forKey: .programmeTypes) ?? []
        grants = try container.decodeIfPresent([String].self, forKey: .grants) ?? []
    }
}

/// One condition of a rule.
public enum EligibilityTest: Hashable, Sendable {
    /// At least `years` years in service by the nomination day, not counting the first `probationMonths` months of
    /// the first period of service (the record holds no probation: the rule says how long it was).
    case serviceYears(Int, probationMonths: Int)
    /// A rating of at least `atLeast` in each of the `years` years before the nomination's year.
    case ratings(years: Int, atLeast: AnnualRating)
    /// At most `maximum` years old on the nomination day, when first sent to a training the rule covers (a person
    /// the record shows sent before is not held to it).
    case maximumAge(Int)
    /// A commitment to serve at least `multiple` times the training's length after it; the approver sees the
    /// signed commitment, and the decision to send records it (`ServiceCommitment`).
    case commitment(multiple: Int)
    /// What only a person can judge ("Chuyên ngành đào tạo phù hợp với vị trí việc làm").
    case approverConfirms(String)
}

/// A condition with the text that sets it.
public struct EligibilityCondition: Hashable, Sendable, Codable {
    public var test: EligibilityTest
    /// The legal basis ("NĐ 171/2025/NĐ-CP"), or `TrainingStandards.provincialChoice` with an explanation.
    public var basis: String

    public init(_ test: EligibilityTest, basis: String) {
        self.test = test
        self.basis = basis
    }

    // Flat JSON an administrator can read and edit: {"serviceYears":3,"probationMonths":12,"basis":"…"},
    // {"ratings":2,"atLeast":"HTT",…}, {"maximumAge":45,…}, {"commitmentMultiple":3,…}, {"approverConfirms":"…",…}.
    private enum CodingKeys: String, CodingKey {
        case serviceYears, probationMonths, ratings, atLeast, maximumAge, commitmentMultiple, approverConfirms, basis
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        basis = try container.decode(String.self, forKey: .basis)
        if let years = try container.decodeIfPresent(Int.self, forKey: .serviceYears) {
            test = .serviceYears(years, probationMonths: try container.decodeIfPresent(Int.self, forKey: .probationMonths) ?? 0)
        } else if let years = try container.decodeIfPresent(Int.self, forKey: .ratings) {
            let code = try container.decode(String.self, forKey: .atLeast)
            guard let rating = AnnualRating(rawValue: code) else {
                throw DecodingError.dataCorruptedError(forKey: .atLeast, in: container,
                                                       debugDescription: "Xếp loại không hợp lệ: \(code)")
            }
            test = .ratings(years: years, atLeast: rating)
        } else if let age = try container.decodeIfPresent(Int.self, forKey: .maximumAge) {
            test = .maximumAge(age)
        } else if let multiple = try container.decodeIfPresent(Int.self, forKey: .commitmentMultiple) {
            test = .commitment(multiple: multiple)
        } else {
            test = .approverConfirms(try container.decode(String.self, forKey: .approverConfirms))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch test {
        case .serviceYears(let years, let probation):
            try container.encode(years, forKey: .serviceYears)
            try container.encode(probation, forKey: .probationMonths)
        case .ratings(let years, let rating):
            try container.encode(years, forKey: .ratings)
            try container.encode(rating.rawValue, forKey: .atLeast)
        case .maximumAge(let age): try container.encode(age, forKey: .maximumAge)
        case .commitment(let multiple): try container.encode(multiple, forKey: .commitmentMultiple)
        case .approverConfirms(let text): try container.encode(text, forKey: .approverConfirms)
        }
        try container.encode(basis, forKey: .basis)
    }

    /// The condition in words, as a verdict's `rule`: "Thời gian công tác từ đủ 3 năm trở lên".
    public var title: String {
        switch test {
        case .serviceYears(let years, let probation):
            "Thời gian công tác từ đủ \(years) năm trở lên" + (probation > 0 ? " (không kể thời gian tập sự)" : "")
        case .ratings(let years, let rating):
            "\(years) năm liên tục liền kề trước năm được cử đi xếp loại từ \(StandardText.lowercasedFirst(rating.label)) trở lên"
        case .maximumAge(let age): "Không quá \(age) tuổi khi được cử đi lần đầu"
        case .commitment(let multiple): "Cam kết phục vụ ít nhất gấp \(multiple) lần thời gian đào tạo"
        case .approverConfirms(let text): text
        }
    }
}

/// A rule version: the conditions for sending a group of people to a kind of training.
public struct EligibilityRule: EffectiveDatedRule, Hashable, Codable {
    /// Identifies the rule across versions: "SAU-DAI-HOC-CC".
    public var key: String
    /// "Cử đi đào tạo sau đại học (cán bộ, công chức)".
    public var title: String
    /// Whom the rule is for, by their category on the nomination day.
    public var categories: [Category]
    public var appliesTo: EligibilityScope
    public var validFrom: Day
    public var validTo: Day?
    public var conditions: [EligibilityCondition]

    public init(key: String, title: String, categories: [Category], appliesTo: EligibilityScope, validFrom: Day,
                validTo: Day? = nil, conditions: [EligibilityCondition]) {
        self.key = key
        self.title = title
        self.categories = categories
        self.appliesTo = appliesTo
        self.validFrom = validFrom
        self.validTo = validTo
        self.conditions = conditions
    }

    /// The multiple of the training's length the person commits to serve, when the rule asks for a commitment.
    public var commitmentMultiple: Int? {
        conditions.lazy.compactMap { condition -> Int? in
            if case .commitment(let multiple) = condition.test { multiple } else { nil }
        }.first
    }
}

extension TrainingStandards {
    /// The rule for sending a person of `category` to `training` on `day`: the version in force whose categories
    /// and scope cover them (the first by key should several).
    public func eligibilityRule(for category: Category, training: TrainingFacts, on day: Day) -> EligibilityRule? {
        RuleVersions.inForce(eligibility, on: day).first {
            $0.categories.contains(category) && $0.appliesTo.covers(training)
        }
    }
}

// MARK: - Facts and verdicts

/// The class a person would be sent to, as the rules read it.
public struct TrainingFacts: Hashable, Sendable {
    public let code: String
    public let name: String
    public let programmeType: String
    /// "KIND:LEVEL" of the qualification the class leads to.
    public let grants: String?
    public let start: Day
    public let end: Day

    public init(code: String, name: String, programmeType: String, grants: String?, start: Day, end: Day) {
        self.code = code
        self.name = name
        self.programmeType = programmeType
        self.grants = grants
        self.start = start
        self.end = end
    }
}

/// What the record says about the person, as the rules read it.
public struct NomineeFacts: Sendable {
    public let code: String
    public let birthDate: Day?
    public let current: PersonState
    public let history: [WorkPeriod]
    public let ratings: [YearRating]
    /// The classes the person was enrolled in before (any result), to tell a first sending from a later one.
    public let earlierTrainings: [TrainingFacts]

    public init(code: String, birthDate: Day?, current: PersonState, history: [WorkPeriod], ratings: [YearRating],
                earlierTrainings: [TrainingFacts]) {
        self.code = code
        self.birthDate = birthDate
        self.current = current
        self.history = history
        self.ratings = ratings
        self.earlierTrainings = earlierTrainings
    }

    public func state(on day: Day) -> PersonState? {
        PersonStateRule.state(on: day, history: history, current: current)
    }
}

/// One condition's answer.
public struct ConditionVerdict: Hashable, Sendable, Codable {
    public let rule: String
    /// nil: the records cannot decide; the approver confirms.
    public let met: Bool?
    public let reason: String
    public let basis: String

    public init(rule: String, met: Bool?, reason: String, basis: String) {
        self.rule = rule
        self.met = met
        self.reason = reason
        self.basis = basis
    }

    private enum CodingKeys: String, CodingKey { case rule, met, reason, basis }

    /// `met` is written as null when undecided (not left out): a reader tests for three values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        if let met { try container.encode(met, forKey: .met) } else { try container.encodeNil(forKey: .met) }
        try container.encode(reason, forKey: .reason)
        try container.encode(basis, forKey: .basis)
    }
}

/// The verdict on sending one person to one class.
public struct EligibilityVerdict: Hashable, Sendable, Codable {
    /// No condition is known to fail (undecided ones wait for the approver).
    public let eligible: Bool
    public let rules: [ConditionVerdict]
    /// The rule version that applied ("SAU-DAI-HOC-CC từ 01/07/2025"), nil when no rule covers the class.
    public let appliedRule: String?

    public init(rules: [ConditionVerdict], appliedRule: String?) {
        self.rules = rules
        self.appliedRule = appliedRule
        eligible = !rules.contains { $0.met == false }
    }

    /// The conditions the approver still has to confirm.
    public var toConfirm: [ConditionVerdict] { rules.filter { $0.met == nil } }
}

public enum EligibilityCheck {
    /// The rule that every sending meets, whatever the class: the person works on the class's first day.
    public static let inServiceRule = "Đang công tác vào ngày khai giảng"

    /// The verdict on sending `person` to `training`, nominated on `day`, by the rules of `standards`.
    public static func verdict(_ person: NomineeFacts, _ training: TrainingFacts, on day: Day,
                               standards: TrainingStandards) -> EligibilityVerdict {
        var verdicts = [inService(person, training)]
        guard let category = (person.state(on: day) ?? person.state(on: training.start))?.category,
              let rule = standards.eligibilityRule(for: category, training: training, on: day) else {
            return EligibilityVerdict(rules: verdicts, appliedRule: nil)
        }
        for condition in rule.conditions {
            verdicts.append(check(condition, rule: rule, person, training, on: day))
        }
        return EligibilityVerdict(rules: verdicts, appliedRule: "\(rule.title) (hiệu lực từ \(rule.validFrom.vietnamese))")
    }

    static func inService(_ person: NomineeFacts, _ training: TrainingFacts) -> ConditionVerdict {
        let working = person.state(on: training.start) != nil
        return ConditionVerdict(
            rule: inServiceRule, met: working,
            reason: working ? "Đang công tác ngày \(training.start.vietnamese) theo quá trình công tác."
                : "Không công tác vào ngày \(training.start.vietnamese) theo quá trình công tác.",
            basis: "Quy tắc của hệ thống (docs/workbook.md, QuaTrinh)")
    }

    static func check(_ condition: EligibilityCondition, rule: EligibilityRule, _ person: NomineeFacts,
                      _ training: TrainingFacts, on day: Day) -> ConditionVerdict {
        let (met, reason): (Bool?, String)
        switch condition.test {
        case .serviceYears(let years, let probation): (met, reason) = service(person, years: years, probation: probation, on: day)
        case .ratings(let years, let least): (met, reason) = ratings(person, years: years, atLeast: least, on: day)
        case .maximumAge(let maximum): (met, reason) = age(person, maximum: maximum, rule: rule, training, on: day)
        case .commitment(let multiple):
            // The day after the last (none after 31/12/9999, which some files write for "no end").
            let months = training.start.wholeMonths(to: training.end.next ?? training.end)
            (met, reason) = (nil, "Người được cử ký cam kết phục vụ ít nhất \(multiple * max(months, 1)) tháng sau khi "
                             + "học xong (\(multiple) × \(months) tháng đào tạo); người duyệt xác nhận bản cam kết.")
        case .approverConfirms(let text):
            (met, reason) = (nil, "Hồ sơ không thể hiện được: người duyệt xác nhận \"\(StandardText.lowercasedFirst(text))\".")
        }
        return ConditionVerdict(rule: condition.title, met: met, reason: reason, basis: condition.basis)
    }

    /// Days in service up to `day`, from the first period's start moved on by the probation.
    static func service(_ person: NomineeFacts, years: Int, probation: Int, on day: Day) -> (Bool?, String) {
        let periods = person.history.map(\.period).filter { $0.from <= day }.sorted { $0.from < $1.from }
        guard let first = periods.first else {
            return (nil, "Hồ sơ không có quá trình công tác: không tính được thời gian công tác; người duyệt xác nhận.")
        }
        let counted = first.from.adding(months: probation)
        let servedDays = coveredDays(periods, from: counted, to: day)
        let neededDays = counted.adding(years: years).ordinal - counted.ordinal
        let served = Day(ordinal: min(counted.ordinal + servedDays, Day.last.ordinal))
        let length = Self.length(months: counted.wholeMonths(to: served))
        let start = "giai đoạn đầu tiên từ \(first.from.vietnamese)" + (probation > 0 ? ", trừ \(probation) tháng tập sự" : "")
        if servedDays >= neededDays {
            return (true, "Đã công tác \(length) tính đến \(day.vietnamese) (\(start)).")
        }
        return (false, "Mới công tác \(length) tính đến \(day.vietnamese) (\(start)); cần đủ \(years) năm.")
    }

    /// Days from `from` to `to` (both included) that some period covers.
    static func coveredDays(_ periods: [Period], from: Day, to: Day) -> Int {
        var total = 0
        var reached = from.ordinal - 1  // the last day counted
        for period in periods {
            let start = max(period.from.ordinal, reached + 1)
            let end = min(period.to?.ordinal ?? to.ordinal, to.ordinal)
            if end >= start {
                total += end - start + 1
                reached = end
            }
        }
        return total
    }

    static func length(months: Int) -> String {
        switch (months / 12, months % 12) {
        case (0, let rest): "\(rest) tháng"
        case (let whole, 0): "\(whole) năm"
        case (let whole, let rest): "\(whole) năm \(rest) tháng"
        }
    }

    static func ratings(_ person: NomineeFacts, years: Int, atLeast least: AnnualRating, on day: Day) -> (Bool?, String) {
        let byYear = Dictionary(person.ratings.map { ($0.year, $0.rating) }, uniquingKeysWith: { a, _ in a })
        let wanted = (1...max(years, 1)).map { day.year - $0 }.sorted()
        var failures: [String] = []
        var found: [String] = []
        for year in wanted {
            guard let rating = byYear[year] else {
                failures.append("chưa có xếp loại năm \(year)")
                continue
            }
            found.append("năm \(year): \(StandardText.lowercasedFirst(rating.label))")
            if rating < least { failures.append("năm \(year) xếp loại \(StandardText.lowercasedFirst(rating.label))") }
        }
        if failures.isEmpty {
            return (true, StandardText.capitalised(found.joined(separator: "; ")) + ".")
        }
        return (false, StandardText.capitalised(failures.joined(separator: "; "))
                + " (cần \(StandardText.lowercasedFirst(least.label)) trở lên).")
    }

    static func age(_ person: NomineeFacts, maximum: Int, rule: EligibilityRule, _ training: TrainingFacts,
                    on day: Day) -> (Bool?, String) {
        if let earlier = person.earlierTrainings
            .filter({ $0.code != training.code && $0.start < training.start && rule.appliesTo.covers($0) })
            .min(by: { $0.start < $1.start }) {
            return (true, "Không phải lần đầu được cử đi: đã học lớp \(earlier.code) (\(earlier.name)) từ "
                    + "\(earlier.start.vietnamese); không xét tuổi.")
        }
        guard let birth = person.birthDate else {
            return (nil, "Hồ sơ chưa có ngày sinh: người duyệt xác nhận tuổi.")
        }
        let age = birth.wholeYears(to: day)
        if age <= maximum {
            return (true, "Sinh ngày \(birth.vietnamese): \(age) tuổi tại ngày \(day.vietnamese).")
        }
        return (false, "Sinh ngày \(birth.vietnamese): \(age) tuổi tại ngày \(day.vietnamese), quá \(maximum) tuổi.")
    }
}
