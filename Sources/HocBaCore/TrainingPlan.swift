import Foundation

/// An annual or five-year plan of training: targets of lượt by audience (category) and programme type, and a budget
/// by funding source. Stored as JSON (edited by the province), compared with the records by `PlanProgress`.
public struct TrainingPlan: Codable, Sendable, Equatable {
    public struct Target: Codable, Sendable, Equatable {
        /// A `Category` code, or nil for every audience.
        public var category: String?
        /// A code of `CodeList.programmeTypes`.
        public var programmeType: String
        public var personTimes: Int

        public init(category: String?, programmeType: String, personTimes: Int) {
            self.category = category
            self.programmeType = programmeType
            self.personTimes = personTimes
        }
    }

    public struct BudgetLine: Codable, Sendable, Equatable {
        /// A code of `CodeList.fundingSources`.
        public var source: String
        /// Đồng.
        public var amount: Int

        public init(source: String, amount: Int) {
            self.source = source
            self.amount = amount
        }
    }

    public var name: String
    public var fromYear: Int
    public var toYear: Int
    public var targets: [Target]
    public var budget: [BudgetLine]
    /// Where the plan came from: "Đề xuất từ nhu cầu ngày 31/12/2020", a decision's number…
    public var note: String?

    public init(name: String, fromYear: Int, toYear: Int, targets: [Target], budget: [BudgetLine], note: String? = nil) {
        self.name = name
        self.fromYear = fromYear
        self.toYear = toYear
        self.targets = targets
        self.budget = budget
        self.note = note
    }

    /// "Năm 2021" or "Giai đoạn 2021–2025".
    public var period: String { fromYear == toYear ? "Năm \(fromYear)" : "Giai đoạn \(fromYear)–\(toYear)" }

    /// Every reason the plan cannot be saved, in Vietnamese.
    public func problems(programmeTypes: CodeList, sources: CodeList) -> [String] {
        var found: [String] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty { found.append("Kế hoạch cần có tên.") }
        if !(1990...2100).contains(fromYear) || toYear < fromYear || toYear - fromYear > 4 {
            found.append("Kỳ kế hoạch phải là một năm hoặc tối đa năm năm (fromYear ≤ toYear, từ 1990 đến 2100).")
        }
        for target in targets {
            if programmeTypes.entry(target.programmeType) == nil {
                found.append("Không có loại chương trình \"\(target.programmeType)\".")
            }
            if let category = target.category, Category(rawValue: category) == nil {
                found.append("Không có đối tượng \"\(category)\".")
            }
            if target.personTimes < 0 { found.append("Chỉ tiêu không được âm (\(target.programmeType)).") }
        }
        for line in budget {
            if sources.entry(line.source) == nil { found.append("Không có nguồn kinh phí \"\(line.source)\".") }
            if line.amount < 0 { found.append("Kinh phí không được âm (\(line.source)).") }
        }
        return found
    }

    /// The programme that closes a gap: the one its rule names, else the programme that grants the missing level.
    public static func programmeType(closing need: StandardNeed) -> String {
        switch need {
        case .programme(let programme): programme.programmeTypes.first ?? "KHAC"
        case .qualification(let level):
            switch level.kind {
            case .stateManagement: "NGACH"
            case .politicalTheory: "LLCT"
            case .professional: "CHUYENMON"
            }
        }
    }

    /// A plan proposed from the training needs on a date: one lượt per person and gap, by the person's category on
    /// that date and the programme that closes the gap; no budget (the province sets it).
    public static func proposed(from summary: GapSummary, fromYear: Int, toYear: Int) -> TrainingPlan {
        var counts: [String: [String: Int]] = [:]
        for result in summary.results where result.inService {
            let category = result.state?.category.rawValue ?? ""
            for gap in result.gaps {
                counts[category, default: [:]][programmeType(closing: gap.requirement.need), default: 0] += 1
            }
        }
        let categoryOrder = Category.allCases.map(\.rawValue)
        let typeOrder = CodeList.programmeTypes.codes
        let targets = counts.flatMap { category, types in
            types.map { Target(category: category, programmeType: $0.key, personTimes: $0.value) }
        }.sorted {
            (categoryOrder.firstIndex(of: $0.category ?? "") ?? 99, typeOrder.firstIndex(of: $0.programmeType) ?? 99)
                < (categoryOrder.firstIndex(of: $1.category ?? "") ?? 99, typeOrder.firstIndex(of: $1.programmeType) ?? 99)
        }
        let period = fromYear == toYear ? "năm \(fromYear)" : "giai đoạn \(fromYear)–\(toYear)"
        return TrainingPlan(name: "Kế hoạch đào tạo, bồi dưỡng \(period) (đề xuất)", fromYear: fromYear, toYear: toYear,
                            targets: targets, budget: [],
                            note: "Đề xuất từ nhu cầu (người chưa đạt tiêu chuẩn) ngày \(summary.day.vietnamese).")
    }
}

/// A plan against the records: completed lượt of each target's audience and programme in the plan's years, and
/// actual spending by source.
public struct PlanProgress: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public let label: String
        public let planned: Int
        public let actual: Int
        /// actual / planned, nil when nothing was planned.
        public var rate: Double? { planned > 0 ? Double(actual) / Double(planned) : nil }
    }

    public let targets: [Line]
    public let budget: [Line]

    /// `completed` holds completed lượt by (category code, programme type) in the plan's years; `spent` actual
    /// spending by source in those years.
    public static func compute(_ plan: TrainingPlan, completed: [String: [String: Int]], spent: [String: Int],
                               programmeTypes: CodeList, sources: CodeList) -> PlanProgress {
        let targets = plan.targets.map { target -> Line in
            let actual = target.category.map { completed[$0]?[target.programmeType] ?? 0 }
                ?? completed.values.reduce(0) { $0 + ($1[target.programmeType] ?? 0) }
            let audience = target.category.flatMap(Category.init(rawValue:))?.label ?? "Mọi đối tượng"
            let programme = programmeTypes.label(target.programmeType) ?? target.programmeType
            return Line(label: "\(audience) – \(programme)", planned: target.personTimes, actual: actual)
        }
        let budget = plan.budget.map {
            Line(label: sources.label($0.source) ?? $0.source, planned: $0.amount, actual: spent[$0.source] ?? 0)
        }
        return PlanProgress(targets: targets, budget: budget)
    }
}
