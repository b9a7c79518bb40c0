/// Training standards (issue 6): what a person of a rank (ngạch) or post (chức vụ) must hold, and the yearly minimum
/// of bồi dưỡng, as effective-dated rule versions that administrators edit and the product stores as JSON.
///
/// Every rule is a *version*: it has a key (the rank code, or a name an administrator gives a post group or an
/// audience) and a period (`validFrom`, optional `validTo`). On a date, each key has at most one version in force:
/// the one whose period covers the date; should two versions of a key still overlap, the one that started later
/// wins, as with work history rows, so the answer is always deterministic. A new legal text is entered as a new
/// version from its effective date, closing the previous one the day before; past verdicts then stay as they were.

/// A rule version: a key and the period in which it is in force.
public protocol EffectiveDatedRule: Sendable {
    /// Versions of the same rule share a key.
    var key: String { get }
    var validFrom: Day { get }
    /// Last day in force; nil while in force.
    var validTo: Day? { get }
}

extension EffectiveDatedRule {
    public var period: Period { Period(from: validFrom, to: validTo) }
    public func isInForce(on day: Day) -> Bool { period.contains(day) }
}

public enum RuleVersions {
    /// The version of each key in force on `day`, ordered by key. On overlap the later start wins.
    public static func inForce<Rule: EffectiveDatedRule>(_ rules: [Rule], on day: Day) -> [Rule] {
        var chosen: [String: Rule] = [:]
        for rule in rules where rule.isInForce(on: day) {
            if let held = chosen[rule.key], held.validFrom >= rule.validFrom { continue }
            chosen[rule.key] = rule
        }
        return chosen.keys.sorted().compactMap { chosen[$0] }
    }

    /// The version of `key` in force on `day`, if any.
    public static func version<Rule: EffectiveDatedRule>(_ rules: [Rule], key: String, on day: Day) -> Rule? {
        inForce(rules.filter { $0.key == key }, on: day).first
    }
}

// MARK: - Requirements

/// A programme a person must have completed, recognised by the programme types of its classes (the class record has
/// no finer link to a programme), e.g. "BONHIEM" for bồi dưỡng trước khi bổ nhiệm.
public struct ProgrammeNeed: Hashable, Sendable, Codable {
    /// Codes of `CodeList.programmeTypes`; a completed class of any of them satisfies the need.
    public var programmeTypes: [String]
    /// What the programme is called in verdicts: "bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo cấp phòng".
    public var title: String
    /// The programme should be completed before appointment to the post; completing it later is reported as late.
    public var beforeAppointment: Bool
    /// Days after appointment in which completing still counts as on time (grace rules are unconfirmed: 0 by default).
    public var graceDays: Int

    public init(programmeTypes: [String], title: String, beforeAppointment: Bool = false, graceDays: Int = 0) {
        self.programmeTypes = programmeTypes
        self.title = title
        self.beforeAppointment = beforeAppointment
        self.graceDays = graceDays
    }
}

/// What a requirement asks for.
public enum StandardNeed: Hashable, Sendable {
    /// A qualification of this kind at this level or higher.
    case qualification(QualificationLevel)
    /// A completed class of a programme.
    case programme(ProgrammeNeed)

    /// Stable code, used to tally verdicts across rule versions: "QLNN:CVC", "CT:BONHIEM".
    public var code: String {
        switch self {
        case .qualification(let level): level.code
        case .programme(let need): "CT:" + need.programmeTypes.joined(separator: "+")
        }
    }
}

/// One requirement of a rule, with the text that justifies it.
public struct StandardRequirement: Hashable, Sendable, Codable {
    public var need: StandardNeed
    /// The legal basis ("TT 05/2017/TT-BNV"), or `TrainingStandards.provincialChoice` with an explanation.
    public var basis: String

    public init(_ need: StandardNeed, basis: String) {
        self.need = need
        self.basis = basis
    }

    /// Vietnamese name of what is required: "Chứng chỉ bồi dưỡng QLNN ngạch chuyên viên chính".
    public var title: String { StandardText.title(of: need) }

    // Flat JSON that administrators can read: {"qualification":"QLNN:CVC","basis":"…"} or
    // {"programme":{…},"basis":"…"}. A level code that does not exist is refused when decoding.
    private enum CodingKeys: String, CodingKey { case qualification, programme, basis }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        basis = try container.decode(String.self, forKey: .basis)
        if let code = try container.decodeIfPresent(String.self, forKey: .qualification) {
            guard let level = QualificationLevel(code: code) else {
                throw DecodingError.dataCorruptedError(forKey: .qualification, in: container,
                                                       debugDescription: "Trình độ không hợp lệ: \(code)")
            }
            need = .qualification(level)
        } else {
            need = .programme(try container.decode(ProgrammeNeed.self, forKey: .programme))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch need {
        case .qualification(let level): try container.encode(level.code, forKey: .qualification)
        case .programme(let need): try container.encode(need, forKey: .programme)
        }
        try container.encode(basis, forKey: .basis)
    }
}

/// The Vietnamese wording of requirements.
public enum StandardText {
    /// "Chứng chỉ bồi dưỡng QLNN ngạch chuyên viên chính", "Trình độ lý luận chính trị trung cấp trở lên",
    /// "Bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo cấp phòng".
    public static func title(of need: StandardNeed) -> String {
        switch need {
        case .qualification(let level): capitalised(phrase(level, orHigher: true))
        case .programme(let programme): capitalised(programme.title)
        }
    }

    /// The qualification in a sentence: "chứng chỉ bồi dưỡng QLNN ngạch chuyên viên chính", "trình độ lý luận chính
    /// trị trung cấp", with "trở lên" when asked and a higher level exists (not for QLNN, whose certificates are
    /// named by rank).
    public static func phrase(_ level: QualificationLevel, orHigher: Bool = false) -> String {
        let levels = level.kind.levels
        let name = (levels.label(level.level) ?? level.level).lowercased()
        let higherExists = levels.entries.contains { $0.rank > (levels.rank(level.level) ?? Int.max) }
        let suffix = orHigher && higherExists ? " trở lên" : ""
        switch level.kind {
        case .stateManagement: return "chứng chỉ bồi dưỡng QLNN ngạch " + name
        case .politicalTheory: return "trình độ lý luận chính trị " + name + suffix
        case .professional: return "trình độ chuyên môn " + name + suffix
        }
    }

    /// "Chưa có …" → "chưa có …", to go on after a colon.
    public static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    public static func capitalised(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}

// MARK: - Rules

/// Rank → required qualifications (tiêu chuẩn ngạch). Keyed by the rank code ("01.003").
public struct RankStandard: EffectiveDatedRule, Hashable, Codable {
    public var rankCode: String
    /// "Chuyên viên", for verdicts: the record holds the rank as a code only.
    public var rankName: String
    public var validFrom: Day
    public var validTo: Day?
    public var requirements: [StandardRequirement]

    public var key: String { rankCode }

    public init(rankCode: String, rankName: String, validFrom: Day, validTo: Day? = nil,
                requirements: [StandardRequirement]) {
        self.rankCode = rankCode
        self.rankName = rankName
        self.validFrom = validFrom
        self.validTo = validTo
        self.requirements = requirements
    }
}

/// Post → required LLCT level and pre-appointment programme, for a group of posts (chức vụ).
///
/// The record holds a post as free text ("Trưởng phòng Nội vụ", "Phó Giám đốc Sở Tài chính"), so a rule names posts
/// by how their text begins: "Trưởng phòng" covers "Trưởng phòng" and "Trưởng phòng Nội vụ", ignoring case and
/// diacritics, whole words only. When the posts of several rules match, the longest name wins.
public struct PostStandard: EffectiveDatedRule, Hashable, Codable {
    /// Identifies the group across versions: "CAP-PHONG".
    public var key: String
    /// "Lãnh đạo cấp phòng".
    public var title: String
    public var posts: [String]
    public var validFrom: Day
    public var validTo: Day?
    public var requirements: [StandardRequirement]

    public init(key: String, title: String, posts: [String], validFrom: Day, validTo: Day? = nil,
                requirements: [StandardRequirement]) {
        self.key = key
        self.title = title
        self.posts = posts
        self.validFrom = validFrom
        self.validTo = validTo
        self.requirements = requirements
    }

    /// The length of the longest of this rule's post names that `post` begins with, or nil when none matches.
    public func matchLength(_ post: String) -> Int? {
        let folded = VietnameseText.fold(post)
        return posts.map(VietnameseText.fold)
            .filter { !$0.isEmpty && (folded == $0 || folded.hasPrefix($0 + " ")) }
            .map(\.count).max()
    }
}

/// Job position → required qualifications and programmes (issue 14; Luật Cán bộ, công chức 2025 and NĐ 171/2025/NĐ-CP
/// tie a công chức's training to the position held). Keyed by the position's catalogue code. On a date, a person
/// holding a position that has a version in force is checked against it *instead of* their rank's rule: the rank
/// follows from the position, and the position's rule says what the rank's would and what the position adds.
public struct PositionStandard: EffectiveDatedRule, Hashable, Codable {
    public var positionCode: String
    /// "Chuyên viên quản lý nhân sự", for verdicts (a rule is readable without the catalogue).
    public var positionName: String
    public var validFrom: Day
    public var validTo: Day?
    public var requirements: [StandardRequirement]

    public var key: String { positionCode }

    public init(positionCode: String, positionName: String, validFrom: Day, validTo: Day? = nil,
                requirements: [StandardRequirement]) {
        self.positionCode = positionCode
        self.positionName = positionName
        self.validFrom = validFrom
        self.validTo = validTo
        self.requirements = requirements
    }

    /// "Vị trí việc làm Chuyên viên quản lý nhân sự (VT-NS)".
    public var title: String { "Vị trí việc làm \(positionName) (\(positionCode))" }
}

/// The yearly minimum of bồi dưỡng for an audience, and which programme types count towards it.
public struct AnnualMinimumStandard: EffectiveDatedRule, Hashable, Codable {
    public var key: String
    public var title: String
    public var categories: [Category]
    /// Tiết (45-minute periods) a year.
    public var minimumHours: Int
    /// Codes of `CodeList.programmeTypes` whose completed classes count.
    public var countedProgrammeTypes: [String]
    public var validFrom: Day
    public var validTo: Day?
    public var basis: String

    public init(key: String, title: String, categories: [Category], minimumHours: Int,
                countedProgrammeTypes: [String], validFrom: Day, validTo: Day? = nil, basis: String) {
        self.key = key
        self.title = title
        self.categories = categories
        self.minimumHours = minimumHours
        self.countedProgrammeTypes = countedProgrammeTypes
        self.validFrom = validFrom
        self.validTo = validTo
        self.basis = basis
    }
}

/// The whole rule table: what the product stores and administrators edit.
public struct TrainingStandards: Hashable, Sendable, Codable {
    public var ranks: [RankStandard]
    /// Job position rules (issue 14), beside the rank rules; none by default (positions are the province's codes).
    public var positions: [PositionStandard]
    public var posts: [PostStandard]
    public var annualMinimums: [AnnualMinimumStandard]
    /// Conditions for sending people to training (issue 17, `EligibilityRule`).
    public var eligibility: [EligibilityRule]
    /// How long the certificates of a programme type stay valid (issue 18); a type not listed does not expire.
    public var certificateValidity: [CertificateValidity]

    public init(ranks: [RankStandard] = [], positions: [PositionStandard] = [], posts: [PostStandard] = [],
                annualMinimums: [AnnualMinimumStandard] = [], eligibility: [EligibilityRule] = [],
                certificateValidity: [CertificateValidity] = []) {
        self.ranks = ranks
        self.positions = positions
        self.posts = posts
        self.annualMinimums = annualMinimums
        self.eligibility = eligibility
        self.certificateValidity = certificateValidity
    }

    private enum CodingKeys: String, CodingKey {
        case ranks, positions, posts, annualMinimums, eligibility, certificateValidity
    }

    /// Years a certificate of `programmeType` stays valid; nil when it does not expire.
    public func certificateValidity(programmeType: String) -> Int? {
        certificateValidity.first { $0.programmeType == programmeType }?.years
    }

    /// A table stored before position rules existed has no `positions`: it reads as none. One stored before
    /// eligibility rules existed has no `eligibility`: it reads as the seeded rules, which the province then
    /// confirms or edits (an empty list, once saved, stays empty).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ranks = try container.decode([RankStandard].self, forKey: .ranks)
        positions = try container.decodeIfPresent([PositionStandard].self, forKey: .positions) ?? []
        posts = try container.decode([PostStandard].self, forKey: .posts)
        annualMinimums = try container.decode([AnnualMinimumStandard].self, forKey: .annualMinimums)
        eligibility = try container.decodeIfPresent([EligibilityRule].self, forKey: .eligibility)
            ?? DefaultStandards.eligibility
        certificateValidity = try container.decodeIfPresent([CertificateValidity].self, forKey: .certificateValidity) ?? []
    }

    /// The position rule in force on `day` for `positionCode`.
    public func position(_ positionCode: String?, on day: Day) -> PositionStandard? {
        guard let positionCode, !positionCode.isEmpty else { return nil }
        return RuleVersions.version(positions, key: positionCode, on: day)
    }

    /// The rank rule in force on `day` for `rankCode`.
    public func rank(_ rankCode: String?, on day: Day) -> RankStandard? {
        guard let rankCode, !rankCode.isEmpty else { return nil }
        return RuleVersions.version(ranks, key: rankCode, on: day)
    }

    /// The post rule in force on `day` whose post names match `post` best (longest name, then key).
    public func post(_ post: String?, on day: Day) -> PostStandard? {
        guard let post, !post.isEmpty else { return nil }
        return RuleVersions.inForce(posts, on: day)
            .compactMap { rule in rule.matchLength(post).map { (rule, $0) } }
            .max { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0.key > $1.0.key) }?
            .0
    }

    /// The annual-minimum rule in force on `day` for a category (the first by key when several cover it).
    public func annualMinimum(for category: Category, on day: Day) -> AnnualMinimumStandard? {
        RuleVersions.inForce(annualMinimums, on: day).first { $0.categories.contains(category) }
    }
}

// MARK: - Checking a table an administrator edited

/// A problem in a rule table, in Vietnamese, naming the rule and the version by its start date.
public struct StandardsProblem: Hashable, Sendable {
    public let rule: String
    public let validFrom: Day
    public let message: String
}

extension TrainingStandards {
    /// Versions ending before they start, versions of one key that overlap, and rules that can never be met or
    /// never apply. `programmeTypes`, when given, is the province's catalogue: codes outside it are reported.
    public func problems(programmeTypes: Set<String>? = nil) -> [StandardsProblem] {
        var found: [StandardsProblem] = []
        found += Self.periodProblems(ranks, name: { "Ngạch \($0.rankName) (\($0.rankCode))" })
        found += Self.periodProblems(positions, name: \.title)
        found += Self.periodProblems(posts, name: { "Chức vụ \($0.title)" })
        found += Self.periodProblems(annualMinimums, name: { "Tối thiểu hằng năm \($0.title)" })
        for rule in ranks {
            found += Self.requirementProblems(rule.requirements, rule: "Ngạch \(rule.rankName) (\(rule.rankCode))",
                                              from: rule.validFrom, programmeTypes: programmeTypes)
        }
        for rule in positions {
            if rule.requirements.isEmpty {
                found.append(.init(rule: rule.title, validFrom: rule.validFrom,
                                   message: "Chưa có yêu cầu nào (người giữ vị trí sẽ không bị xét theo ngạch)."))
            }
            found += Self.requirementProblems(rule.requirements, rule: rule.title, from: rule.validFrom,
                                              programmeTypes: programmeTypes)
        }
        for rule in posts {
            let name = "Chức vụ \(rule.title)"
            if rule.posts.allSatisfy({ VietnameseText.fold($0).isEmpty }) {
                found.append(.init(rule: name, validFrom: rule.validFrom, message: "Chưa có tên chức vụ nào."))
            }
            found += Self.requirementProblems(rule.requirements, rule: name, from: rule.validFrom,
                                              programmeTypes: programmeTypes)
        }
        for rule in annualMinimums {
            found += Self.minimumProblems(rule, programmeTypes: programmeTypes)
        }
        found += Self.periodProblems(eligibility, name: { "Điều kiện cử đi học \($0.title)" })
        for rule in eligibility {
            found += Self.eligibilityProblems(rule, programmeTypes: programmeTypes)
        }
        return found
    }

    private static func periodProblems<Rule: EffectiveDatedRule>(_ rules: [Rule], name: (Rule) -> String)
        -> [StandardsProblem] {
        var found: [StandardsProblem] = []
        for rule in rules {
            if let to = rule.validTo, to < rule.validFrom {
                found.append(.init(rule: name(rule), validFrom: rule.validFrom,
                                   message: "Hiệu lực đến \(to.vietnamese) trước hiệu lực từ \(rule.validFrom.vietnamese)."))
            }
        }
        let sorted = rules.sorted { ($0.key, $0.validFrom) < ($1.key, $1.validFrom) }
        for (index, rule) in sorted.enumerated() {
            for other in sorted[(index + 1)...] where other.key == rule.key && rule.period.overlaps(other.period) {
                found.append(.init(rule: name(other), validFrom: other.validFrom,
                                   message: "Phiên bản từ \(other.validFrom.vietnamese) chồng lấn phiên bản từ "
                                       + "\(rule.validFrom.vietnamese)."))
            }
        }
        return found
    }

    private static func requirementProblems(_ requirements: [StandardRequirement], rule: String, from: Day,
                                            programmeTypes: Set<String>?) -> [StandardsProblem] {
        var found: [StandardsProblem] = []
        for requirement in requirements {
            guard case .programme(let need) = requirement.need else { continue }
            if need.programmeTypes.isEmpty {
                found.append(.init(rule: rule, validFrom: from,
                                   message: "Yêu cầu \"\(need.title)\" chưa có loại chương trình nào."))
            }
            if need.graceDays < 0 {
                found.append(.init(rule: rule, validFrom: from, message: "Số ngày gia hạn không được âm."))
            }
            found += unknownTypes(need.programmeTypes, known: programmeTypes, rule: rule, from: from)
        }
        return found
    }

    private static func minimumProblems(_ rule: AnnualMinimumStandard, programmeTypes: Set<String>?)
        -> [StandardsProblem] {
        let name = "Tối thiểu hằng năm \(rule.title)"
        var found: [StandardsProblem] = []
        if rule.minimumHours < 0 {
            found.append(.init(rule: name, validFrom: rule.validFrom, message: "Số tiết tối thiểu không được âm."))
        }
        if rule.categories.isEmpty {
            found.append(.init(rule: name, validFrom: rule.validFrom, message: "Chưa chọn đối tượng áp dụng."))
        }
        if rule.countedProgrammeTypes.isEmpty {
            found.append(.init(rule: name, validFrom: rule.validFrom, message: "Chưa chọn loại chương trình được tính."))
        }
        return found + unknownTypes(rule.countedProgrammeTypes, known: programmeTypes, rule: name, from: rule.validFrom)
    }

    private static func eligibilityProblems(_ rule: EligibilityRule, programmeTypes: Set<String>?)
        -> [StandardsProblem] {
        let name = "Điều kiện cử đi học \(rule.title)"
        var messages: [String] = []
        if rule.categories.isEmpty { messages.append("Chưa chọn đối tượng áp dụng.") }
        if rule.appliesTo.programmeTypes.isEmpty && rule.appliesTo.grants.isEmpty {
            messages.append("Chưa chọn loại chương trình hay văn bằng mà điều kiện áp dụng.")
        }
        for code in rule.appliesTo.grants where QualificationLevel(code: code) == nil {
            messages.append("Văn bằng \"\(code)\" không hợp lệ (dạng LOẠI:TRÌNH-ĐỘ, ví dụ CHUYEN-MON:THAC-SI).")
        }
        for condition in rule.conditions {
            let invalid = switch condition.test {
            case .serviceYears(let years, let probation): years < 0 || probation < 0
            case .ratings(let years, _), .maximumAge(let years), .commitment(let years): years < 1
            case .approverConfirms(let text): text.trimmedOfWhitespace.isEmpty
            }
            if invalid { messages.append("\"\(condition.title)\": số năm, tuổi, số lần phải là số dương; nội dung không được trống.") }
        }
        return messages.map { StandardsProblem(rule: name, validFrom: rule.validFrom, message: $0) }
            + unknownTypes(rule.appliesTo.programmeTypes, known: programmeTypes, rule: name, from: rule.validFrom)
    }

    private static func unknownTypes(_ codes: [String], known: Set<String>?, rule: String, from: Day)
        -> [StandardsProblem] {
        guard let known else { return [] }
        return codes.filter { !known.contains($0) }.map {
            StandardsProblem(rule: rule, validFrom: from, message: "Loại chương trình \"\($0)\" không có trong danh mục.")
        }
    }
}
